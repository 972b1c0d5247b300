//! The WBS in the workbench (SPEC §11): the Milestones table indents subtasks under their
//! summaries, which stand out; `z`, `Left` and `Right` fold and unfold; the Gantt draws a
//! summary's bar; a new task goes under the selected summary.

mod workbench;

use crossterm::event::KeyCode;
use milepost::ops::{self, Command, Context, TaskPatch};
use milepost::store::Store;
use milepost::tui::app::{App, Mode};
use milepost::tui::keymap::Action;
use workbench::{draw, fill, key, key_of, press, today};

/// The demo with PLT-1 and PLT-2 under a new summary "Foundations".
fn wbs_fixture() -> (tempfile::TempDir, App, String) {
    let (dir, app) = workbench::fixture();
    drop(app);
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    let ctx = Context::on(today());
    let summary = ops::execute(
        &mut store,
        Command::AddTask {
            workstream: "PLT".into(),
            title: "Foundations".into(),
            duration: 1,
            after: vec![],
            fields: TaskPatch::default(),
        },
        &ctx,
    )
    .unwrap()
    .key
    .unwrap();
    for k in ["PLT-1", "PLT-2"] {
        ops::execute(
            &mut store,
            Command::SetTask {
                key: k.into(),
                fields: TaskPatch {
                    parent: Some(Some(summary.clone())),
                    ..TaskPatch::default()
                },
            },
            &ctx,
        )
        .unwrap();
    }
    let app = App::new(store, ctx).unwrap();
    (dir, app, summary)
}

fn select(app: &mut App, key: &str) {
    press(app, &[KeyCode::Char('g')]);
    for _ in 0..200 {
        if app.selected_row().is_some_and(|r| r[0] == key) {
            return;
        }
        press(app, &[KeyCode::Char('j')]);
    }
    panic!("{key} not found");
}

fn line_of<'a>(screen: &'a str, key: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(&format!("{key} ")))
}

#[test]
fn subtasks_indent_fold_and_unfold() {
    let (_dir, mut app, summary) = wbs_fixture();
    app.apply(Action::Tab(0));
    let screen = draw(&mut app, 160, 50);
    let s = line_of(&screen, &summary).unwrap_or_else(|| panic!("{screen}"));
    assert!(s.contains("▾ Foundations"), "{s}");
    let design = line_of(&screen, "PLT-1").unwrap();
    assert!(design.contains("  Architecture and design"), "{design}");
    // The summary comes before its subtasks.
    let at = |k: &str| screen.find(&format!("{k} ")).unwrap();
    assert!(
        at(&summary) < at("PLT-1") && at("PLT-1") < at("PLT-2"),
        "{screen}"
    );

    select(&mut app, &summary);
    app.handle_key(key_of('z'));
    let screen = draw(&mut app, 160, 50);
    assert!(
        line_of(&screen, &summary)
            .unwrap()
            .contains("▸ Foundations"),
        "{screen}"
    );
    assert!(line_of(&screen, "PLT-1").is_none(), "folded: {screen}");
    assert!(line_of(&screen, "PLT-2").is_none(), "folded: {screen}");
    assert_eq!(
        app.selected_row().unwrap()[0],
        summary,
        "the summary stays selected"
    );

    app.handle_key(key(KeyCode::Right));
    let screen = draw(&mut app, 160, 50);
    assert!(line_of(&screen, "PLT-2").is_some(), "unfolded: {screen}");

    // Left on a subtask goes to its summary; Left again folds it.
    select(&mut app, "PLT-2");
    app.handle_key(key(KeyCode::Left));
    draw(&mut app, 160, 50);
    assert_eq!(app.selected_row().unwrap()[0], summary);
    app.handle_key(key(KeyCode::Left));
    let screen = draw(&mut app, 160, 50);
    assert!(line_of(&screen, "PLT-1").is_none(), "{screen}");
}

#[test]
fn the_gantt_draws_a_summary_bar_and_new_tasks_go_under_the_summary() {
    let (_dir, mut app, summary) = wbs_fixture();
    app.apply(Action::Tab(0));
    select(&mut app, &summary);
    app.handle_key(key_of('c'));
    let screen = draw(&mut app, 200, 50);
    let line = line_of(&screen, &summary).unwrap();
    assert!(line.contains('┣') && line.contains('┫'), "{line}");

    // Adding with the summary selected puts the task under it.
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('t')]);
    assert!(matches!(app.mode, Mode::Form(_)));
    fill(&mut app, &["Threat model"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let tasks = app.store.read().tasks(Some("PLT")).unwrap();
    let added = tasks.iter().find(|t| t.title == "Threat model").unwrap();
    assert_eq!(added.parent.as_deref(), Some(summary.as_str()));
    // Editing the summary field of a subtask moves it to the top.
    select(&mut app, "PLT-1");
    app.handle_key(key_of('e'));
    let Mode::Form(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let at = form.fields.iter().position(|f| f.id == "parent").unwrap();
    for _ in 0..at {
        app.handle_key(key(KeyCode::Tab));
    }
    for _ in 0..summary.len() {
        app.handle_key(key(KeyCode::Backspace));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(app.store.read().task("PLT-1").unwrap().parent, None);
}
