//! The workbench without a terminal: actions fed to the app on a temporary database, the
//! database checked afterwards, and the screen drawn on a `TestBackend` (snapshots at 80x24 and
//! 120x40 on a fixed fixture, and random sizes and text that must never panic).

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use milepost::io::demo;
use milepost::ops::Context;
use milepost::store::Store;
use milepost::tui::app::{App, Message, Mode};
use milepost::tui::keymap::Action;
use milepost::tui::theme::Theme;
use milepost::tui::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The demo program as of a fixed date, in a temporary file.
fn fixture() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("demo.db")).unwrap();
    let doc = demo::demo_program(today()).unwrap();
    store.bulk(|db| db.insert_doc(&doc, &mut |_| {})).unwrap();
    let app = App::new(store, Context { today: today() }).unwrap();
    (dir, app)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

fn draw(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    // TestBackend cannot print a zero-width buffer (it chunks rows by width); drawing it is the test.
    if width == 0 {
        return String::new();
    }
    terminal.backend().to_string()
}

#[test]
fn tabs_moves_and_help() {
    let (_dir, mut app) = fixture();
    assert_eq!(app.table().rows.len(), 40, "Milestones lists every task");
    app.handle_key(key(KeyCode::Char('2')));
    assert_eq!(app.tab.title(), "RAID");
    assert_eq!(app.table().rows[0][0], "R-1");
    app.handle_key(key(KeyCode::Char('j')));
    app.handle_key(key(KeyCode::Char('j')));
    assert_eq!(app.selected[1], 2);
    app.handle_key(key(KeyCode::Char('G')));
    assert_eq!(app.selected[1], 24);
    app.handle_key(key(KeyCode::Char('j')));
    assert_eq!(app.selected[1], 24, "stops at the last row");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(app.tab.title(), "Budget");
    app.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.tab.title(), "RAID");
    assert_eq!(app.selected[1], 24, "each tab keeps its selection");
    app.handle_key(key(KeyCode::Char('?')));
    type_text(&mut app, "undo");
    assert_eq!(
        app.mode,
        Mode::Help {
            filter: "undo".into(),
            scroll: 0
        }
    );
    assert_eq!(app.keymap.help("undo"), vec![("u".to_string(), "undo")]);
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    app.handle_key(key(KeyCode::Char('q')));
    assert!(app.quit);
}

#[test]
fn add_a_risk_through_the_command_line_then_undo_and_redo() {
    let (_dir, mut app) = fixture();
    app.handle_key(key(KeyCode::Char('2')));
    app.handle_key(key(KeyCode::Char(':')));
    type_text(
        &mut app,
        "raid add risk \"Supplier insolvency\" --probability 3 --impact 5 --ws PLT",
    );
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        matches!(&app.message, Some(Message::Info(m)) if m.ends_with("→ R-11")),
        "{:?}",
        app.message
    );
    let risk = app.store.read().raid_item("R-11").unwrap();
    assert_eq!(
        (
            risk.title.as_str(),
            risk.score(),
            risk.workstream.as_deref()
        ),
        ("Supplier insolvency", Some(15), Some("PLT"))
    );
    assert!(
        app.table().rows.iter().any(|r| r[0] == "R-11"),
        "the table reloads after a change"
    );

    app.apply(Action::Undo);
    assert_eq!(
        app.message,
        Some(Message::Info(
            "undid: added risk R-11 \"Supplier insolvency\"".into()
        ))
    );
    assert!(app.store.read().raid_item("R-11").is_err());
    assert!(!app.table().rows.iter().any(|r| r[0] == "R-11"));
    app.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert!(app.store.read().raid_item("R-11").is_ok());

    // History: Up recalls the last line; a bad command shows its error and writes nothing.
    app.handle_key(key(KeyCode::Char(':')));
    app.handle_key(key(KeyCode::Up));
    assert!(matches!(&app.mode, Mode::Command { input, .. } if input.starts_with("raid add risk")));
    app.handle_key(key(KeyCode::Esc));
    app.run_command("task set PLT-1 --percent 101");
    assert_eq!(
        app.message,
        Some(Message::Error(
            "percent \"101\": must be between 0 and 100".into()
        ))
    );
    app.run_command("demo");
    assert!(matches!(&app.message, Some(Message::Error(m)) if m.contains("run it from the shell")));
}

#[test]
fn add_a_risk_through_the_form_with_inline_validation() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.handle_key(key(KeyCode::Char('a')));
    assert!(matches!(&app.mode, Mode::Choose { options, .. } if options.len() == 4));
    app.handle_key(key(KeyCode::Char('r')));
    assert!(matches!(&app.mode, Mode::Form(f) if f.title == "Add a risk"));
    // Enter with no title: the form says so and writes nothing.
    app.handle_key(key(KeyCode::Enter));
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.error == Some((Some(0), "title is required".into())))
    );
    type_text(&mut app, "Supplier insolvency");
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "6");
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "5");
    app.handle_key(key(KeyCode::Enter));
    // The domain's own words, beside the probability field.
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.focus == 3 && f.error == Some((Some(3), "probability \"6\": must be between 1 and 5".into()))),
        "{:?}",
        app.mode
    );
    assert!(
        app.store.read().raid_item("R-11").is_err(),
        "nothing written"
    );
    app.handle_key(key(KeyCode::Backspace));
    type_text(&mut app, "4");
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "PLT");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal);
    let risk = app.store.read().raid_item("R-11").unwrap();
    assert_eq!(
        (
            risk.title.as_str(),
            risk.score(),
            risk.workstream.as_deref()
        ),
        ("Supplier insolvency", Some(20), Some("PLT"))
    );
    // Esc cancels with nothing written.
    app.handle_key(key(KeyCode::Char('a')));
    app.handle_key(key(KeyCode::Char('r')));
    type_text(&mut app, "Never saved");
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.store.read().raid_item("R-12").is_err());
}

#[test]
fn edit_a_task_delete_with_confirm_close_and_undo() {
    let (_dir, mut app) = fixture();
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == "PLT-8")
        .unwrap();
    app.selected[0] = row;
    app.handle_key(key(KeyCode::Char('e')));
    assert!(matches!(&app.mode, Mode::Form(f) if f.title == "Edit PLT-8"));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Tab));
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Backspace));
    }
    type_text(&mut app, "80");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(app.store.read().task("PLT-8").unwrap().percent_complete, 80);

    app.apply(Action::Tab(1));
    app.apply(Action::Top);
    app.handle_key(key(KeyCode::Char('d')));
    assert_eq!(
        app.mode,
        Mode::Confirm {
            question: "Delete R-1 \"Payment provider certification slips\"?".into(),
            command: "raid rm R-1".into()
        }
    );
    app.handle_key(key(KeyCode::Char('n')));
    assert!(app.store.read().raid_item("R-1").is_ok(), "n keeps it");
    app.handle_key(key(KeyCode::Char('d')));
    app.handle_key(key(KeyCode::Char('y')));
    assert!(app.store.read().raid_item("R-1").is_err());
    app.apply(Action::Undo);
    assert!(
        app.store.read().raid_item("R-1").is_ok(),
        "undo brings it back"
    );

    app.handle_key(key(KeyCode::Char('x')));
    let r1 = app.store.read().raid_item("R-1").unwrap();
    assert_eq!((r1.status.as_str(), r1.closed), ("closed", Some(today())));
}

#[test]
fn tables_load_in_the_background_without_blocking_the_screen() {
    let (_dir, app) = fixture();
    let mut app = App::new_empty(app.store, app.ctx).unwrap();
    app.load_in_background();
    assert!(draw(&mut app, 80, 24).contains("Loading…") || !app.loading());
    let wait = |app: &mut App, done: fn(&App) -> bool| {
        let start = std::time::Instant::now();
        while !done(app) {
            assert!(start.elapsed().as_secs() < 10, "the loader answers");
            app.poll_loaded();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    wait(&mut app, |a| !a.loading());
    assert_eq!(app.total(), 40);
    assert_eq!(app.table().rows.len(), 40);
    // The forecast follows the first rows; then the dates are filled in.
    wait(&mut app, |a| {
        !a.forecasting() && a.table().rows[0][4] != "…"
    });
    assert_eq!(app.table().rows[0][4], "2026-05-18");
    assert!(!draw(&mut app, 120, 40).contains("computing the forecast"));
    app.apply(Action::Tab(3));
    assert!(app.loading(), "another tab loads on demand");
    wait(&mut app, |a| !a.loading());
    assert_eq!(app.table().rows[0][0], "PROGRAM 2026-W47");
}

#[test]
fn filter_and_sort() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "owner:sam");
    assert_eq!(app.mode, Mode::Filter);
    let keys: Vec<String> = app.table().rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(keys, ["R-1", "R-4", "R-10", "I-3", "A-2", "D-1"]);
    app.handle_key(key(KeyCode::Enter));
    let screen = draw(&mut app, 120, 40);
    assert!(
        screen.contains("2 RAID [/owner:sam]"),
        "the active filter shows in the tab title"
    );
    assert!(
        screen.contains("as of 2026-11-22  6 rows"),
        "and how many rows it keeps"
    );
    app.apply(Action::Down);
    assert_eq!(app.selected_row().unwrap()[0], "R-4");
    // Sort by the next column each press: KEY, then KIND, ... SCORE is the sixth.
    for _ in 0..6 {
        app.handle_key(key(KeyCode::Char('s')));
    }
    let scores: Vec<String> = app.table().rows.iter().map(|r| r[5].clone()).collect();
    assert_eq!(scores, ["3", "10", "20", "", "", ""], "no score sorts last");
    app.handle_key(key(KeyCode::Char('S')));
    let first = &app.table().rows[0];
    assert_eq!(first[0], "R-1", "descending: the highest score first");
    assert!(draw(&mut app, 120, 40).contains("SCORE▼"));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.total(), 25, "Esc clears the filter");
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "overdue");
    assert!(app.table().rows.iter().all(|r| r[6].ends_with('!')));
    assert!(app.total() > 0);
    assert_eq!(app.total(), app.table().rows.len());
    type_text(&mut app, " nothing-matches-this");
    assert!(draw(&mut app, 120, 40).contains("No rows match the filter"));
}

#[test]
fn command_line_tab_completion() {
    let (_dir, mut app) = fixture();
    let input = |app: &App| match &app.mode {
        Mode::Command { input, .. } => input.clone(),
        other => panic!("{other:?}"),
    };
    app.handle_key(key(KeyCode::Char(':')));
    type_text(&mut app, "rai");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(input(&app), "raid ");
    type_text(&mut app, "c");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(input(&app), "raid close ");
    type_text(&mut app, "R-1");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(input(&app), "raid close R-1", "R-1 and R-10 share R-1");
    assert_eq!(app.message, Some(Message::Info("R-1  R-10".into())));
    type_text(&mut app, " --st");
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(input(&app), "raid close R-1 --status ");
    assert_eq!(
        milepost::cli::complete("task ", &[]),
        ["add", "list", "rm", "set"]
    );
    assert_eq!(milepost::cli::complete("report evm --s", &[]), ["--series"]);
}

#[test]
fn mouse_clicks_tabs_and_rows_and_scrolls() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let (_dir, mut app) = fixture();
    draw(&mut app, 120, 40);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let (from, _) = app.hit.tabs[1];
    assert!(app.handle_mouse(click(from + 2, app.hit.tabs_row)));
    assert_eq!(app.tab.title(), "RAID");
    draw(&mut app, 120, 40);
    assert!(app.handle_mouse(click(10, app.hit.first_row_y + 4)));
    assert_eq!(app.selected_row().unwrap()[0], "R-5");
    let scroll = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    assert!(app.handle_mouse(scroll));
    assert_eq!(app.selected_row().unwrap()[0], "R-8");
    assert!(!app.handle_mouse(click(10, 39)), "below the rows: nothing");
}

#[test]
fn details_show_the_item_change_history() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.run_command("raid add risk \"Supplier insolvency\" --probability 3 --impact 5");
    app.run_command("raid set R-11 --owner Sam");
    app.run_command("raid set R-1 --owner Dana");
    app.apply(Action::Bottom);
    assert_eq!(app.selected_row().unwrap()[0], "R-11");
    app.apply(Action::Details);
    let Mode::Details { fields, history } = &app.mode else {
        panic!("{:?}", app.mode)
    };
    // Every field of the record, not only the table's columns.
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("KEY"), Some("R-11"));
    assert_eq!(field("probability"), Some("3"));
    assert_eq!(field("impact"), Some("5"));
    assert_eq!(field("raised"), Some("2026-11-22"));
    assert_eq!(field("owner"), None, "shown once, as OWNER");
    assert_eq!(field("OWNER"), Some("Sam"));
    let summaries: Vec<&str> = history
        .iter()
        .map(|h| h.split_once("  ").unwrap().1)
        .collect();
    assert_eq!(
        summaries,
        ["updated R-11", "added risk R-11 \"Supplier insolvency\""]
    );
    assert!(draw(&mut app, 120, 40).contains("Changes, newest first:"));
    app.handle_key(key(KeyCode::Esc));
    app.apply(Action::Top);
    app.apply(Action::Details);
    let Mode::Details { history, .. } = &app.mode else {
        panic!()
    };
    assert_eq!(history.len(), 1, "R-1 is not R-11: {history:?}");
}

#[test]
fn edit_this_weeks_note_from_the_status_tab() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    let row = app.table().rows.iter().position(|r| r[0] == "CHG").unwrap();
    app.selected[3] = row;
    app.handle_key(key(KeyCode::Char('e')));
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.title == "CHG note, 2026-W47" && f.fields[0].value.starts_with("Change and training"))
    );
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "red");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.error.as_ref().is_some_and(|(field, e)| *field == Some(2) && e.contains("needs a reason"))),
        "an override needs a reason: {:?}",
        app.mode
    );
    type_text(&mut app, "Trainers not booked");
    // And an accomplishment and a next step, added to the note's lists.
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "Training plan signed off");
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "Book trainers");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let week = milepost::domain::IsoWeek::of(today());
    let note = app
        .store
        .read()
        .status_note(week, Some("CHG"))
        .unwrap()
        .unwrap();
    assert_eq!(
        note.accomplishments.last().unwrap(),
        "Training plan signed off"
    );
    assert_eq!(note.next_steps.last().unwrap(), "Book trainers");
    let chg = app
        .table()
        .rows
        .iter()
        .find(|r| r[0] == "CHG")
        .unwrap()
        .clone();
    assert_eq!((chg[1].as_str(), chg[2].as_str()), ("red", "amber"));
    assert!(chg[6].starts_with("note: Trainers not booked"), "{chg:?}");
}

#[test]
fn budget_tab_switches_to_budget_lines_and_spend_entries() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(2));
    assert_eq!(app.table().headers[0], "SCOPE");
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(app.table().headers, ["WS", "CATEGORY", "MONTH", "AMOUNT"]);
    let lines = app.store.read().budget_lines().unwrap();
    assert_eq!(app.total(), lines.len());
    // e on a line opens `budget set` with its values; the amount is focused.
    app.handle_key(key(KeyCode::Char('e')));
    let Mode::Form(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let row = app.selected_row().unwrap();
    let values: Vec<&str> = form.fields.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(values, [&row[0], &row[1], &row[2], &row[3]]);
    assert_eq!(form.focus, 3);
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(
        app.table().headers,
        [
            "KEY", "DATE", "WS", "CATEGORY", "AMOUNT", "VENDOR", "REF", "STATUS"
        ]
    );
    let dates: Vec<&String> = app.table().rows.iter().map(|r| &r[1]).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(
        app.table().rows.len(),
        app.store.read().spend_entries().unwrap().len().min(2000)
    );
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(app.table().headers[0], "SCOPE");
    app.apply(Action::Tab(1));
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(
        app.table().headers[0],
        "KEY",
        "v does nothing outside the Budget tab"
    );
    assert_eq!(app.budget_view, milepost::tui::data::BudgetView::Plan);
}

#[test]
fn another_process_changing_the_database_shows_up_on_the_tick() {
    let (dir, mut app) = fixture();
    assert!(!app.tick(), "nothing changed");
    let mut other = Store::open(&dir.path().join("demo.db")).unwrap();
    milepost::ops::execute(
        &mut other,
        milepost::ops::Command::AddWorkstream {
            key: "NEW".into(),
            name: "New".into(),
            owner: None,
        },
        &Context { today: today() },
    )
    .unwrap();
    app.handle_key(key(KeyCode::Char('4')));
    assert!(app.tick(), "data_version moved");
    assert!(app.table().rows.iter().any(|r| r[0] == "NEW"));
}

#[test]
fn snapshots_of_every_tab_help_and_details() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let (_dir, mut app) = fixture();
        for (i, name) in ["milestones", "raid", "budget", "status", "log"]
            .iter()
            .enumerate()
        {
            app.apply(Action::Tab(i));
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&mut app, w, h));
        }
        app.apply(Action::Tab(1));
        app.apply(Action::Help);
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&mut app, w, h));
        app.apply(Action::Back);
        app.apply(Action::Details);
        insta::assert_snapshot!(format!("details_{w}x{h}"), draw(&mut app, w, h));
        app.apply(Action::Back);
        app.apply(Action::Add);
        insta::assert_snapshot!(format!("choose_{w}x{h}"), draw(&mut app, w, h));
        type_text(&mut app, "r");
        type_text(&mut app, "Supplier insolvency");
        insta::assert_snapshot!(format!("form_{w}x{h}"), draw(&mut app, w, h));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any size from 0x0 to 200x60, with titles in any script (control and bidi characters
    /// included, as if they had reached the database), never panics.
    #[test]
    fn any_size_and_any_text_draws(width in 0u16..200, height in 0u16..60, charts in any::<bool>(), title in "\\PC{0,40}", odd in prop::sample::select(vec!["\u{1b}[31m", "\u{202e}", "\u{0301}", "設計", "🚀👩‍💻", "\t", "\u{200f}"])) {
        let (_dir, mut app) = fixture();
        let raw = format!("{title}{odd}{title}");
        if charts {
            app.apply(Action::Chart);
        }
        // Straight into the table, bypassing validation, to test drawing alone.
        app.apply(Action::Tab(1));
        for tab in 0..5 {
            app.apply(Action::Tab(tab));
            if let Some(w) = app.windows[tab].as_mut() {
                for row in w.table.rows.iter_mut().take(3) {
                    row[0] = milepost::domain::text::for_display(&raw);
                }
            }
            app.apply(Action::Down);
            let screen = draw(&mut app, width, height);
            let has_escape = screen.contains('\u{1b}');
            prop_assert!(!has_escape, "raw ESC reached the screen");
        }
        app.apply(Action::Help);
        draw(&mut app, width, height);
        app.apply(Action::Back);
        app.apply(Action::Details);
        draw(&mut app, width, height);
    }
}

/// Generated programs are too big to hold: rows come a window at a time, and the filter and
/// sort run in SQL. Every figure is checked against the generated document itself.
#[test]
fn large_listings_are_paged_filtered_and_sorted_in_sql() {
    use milepost::tui::app::WINDOW;
    let doc = milepost::io::generate::generate(3000, 7).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("big.db")).unwrap();
    store.bulk(|d| d.insert_doc(&doc, &mut |_| {})).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let mut app = App::new(store, Context { today }).unwrap();

    assert_eq!(app.total(), doc.tasks.len());
    assert_eq!(app.table().rows.len(), WINDOW, "one window, not the table");
    app.apply(Action::Bottom);
    assert_eq!(
        app.selected_row().unwrap()[0],
        doc.tasks.last().unwrap().key
    );
    let window = app.window().unwrap();
    assert!(window.offset > 0 && window.offset + window.table.rows.len() == doc.tasks.len());

    // Filtering by owner counts in SQL what the document says.
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "owner:dana");
    let expected = doc
        .tasks
        .iter()
        .filter(|t| {
            t.owner
                .as_deref()
                .is_some_and(|o| o.to_lowercase().contains("dana"))
        })
        .count();
    assert!(expected > 0);
    assert_eq!(app.total(), expected);
    assert_eq!(app.selected[0], 0, "a new filter starts at the top");
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.total(), doc.tasks.len());

    // Sorting by SLIP, descending, puts the largest forecast slip first.
    let f = {
        let db = app.store.read();
        let tasks = db.tasks(None).unwrap();
        let cal = milepost::ops::calendar(&db).unwrap();
        let baseline = db.latest_baseline().unwrap();
        milepost::engine::forecast::forecast(&tasks, &cal, today, baseline.as_ref()).unwrap()
    };
    let most = f.tasks.iter().filter_map(|t| t.slip_days).max().unwrap();
    {
        // Windows in the second half are read from the end in reverse: the same rows.
        use milepost::store::pages::{PageQuery, RowFilter};
        let db = app.store.read();
        db.install_forecast(milepost::tui::pager::forecast_rows(&f))
            .unwrap();
        let filter = RowFilter::default();
        for sort in [
            None,
            Some(("SLIP", false)),
            Some(("SLIP", true)),
            Some(("TITLE", true)),
        ] {
            let q = |offset, limit| PageQuery {
                filter: &filter,
                sort,
                offset,
                limit,
                known_total: None,
                today,
            };
            let all = db.task_page(&q(0, 5000)).unwrap();
            assert_eq!(all.total, 3000);
            for (offset, limit) in [(2900, 100), (2950, 400), (1490, 40), (1510, 40)] {
                let page = db.task_page(&q(offset, limit)).unwrap();
                let end = (offset + limit).min(3000);
                assert_eq!(page.rows, all.rows[offset..end], "{sort:?} at {offset}");
            }
        }
    }
    for _ in 0..8 {
        app.handle_key(key(KeyCode::Char('s')));
    }
    assert_eq!(app.table().headers[7], "SLIP");
    app.handle_key(key(KeyCode::Char('S')));
    assert_eq!(app.table().rows[0][7], format!("{most:+}"));
    let slips: Vec<i64> = app
        .table()
        .rows
        .iter()
        .filter_map(|r| r[7].parse().ok())
        .collect();
    assert!(slips.windows(2).all(|w| w[0] >= w[1]), "descending");

    // RAID: overdue is open and due before the as-of date.
    app.apply(Action::Tab(1));
    assert_eq!(app.total(), doc.raid.len());
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "overdue");
    let overdue = doc.raid.iter().filter(|r| r.is_overdue(today)).count();
    assert!(overdue > 0);
    assert_eq!(app.total(), overdue);
    app.handle_key(key(KeyCode::Esc));

    // Spend: newest first, all of it reachable.
    app.apply(Action::Tab(2));
    app.apply(Action::ToggleView);
    assert_eq!(app.total(), doc.budget.len(), "every budget line");
    app.apply(Action::ToggleView);
    assert_eq!(app.total(), doc.spend.len());
    let newest = doc.spend.iter().map(|s| s.date).max().unwrap();
    assert_eq!(app.table().rows[0][1], newest.to_string());
    app.apply(Action::Bottom);
    let oldest = doc.spend.iter().map(|s| s.date).min().unwrap();
    assert_eq!(app.selected_row().unwrap()[1], oldest.to_string());
}

/// Press keys in order; text goes in character by character.
fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(key(*k));
    }
}

/// Fill the focused field and the next ones (Tab between), then Enter.
fn fill(app: &mut App, values: &[&str]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            app.handle_key(key(KeyCode::Tab));
        }
        type_text(app, v);
    }
    app.handle_key(key(KeyCode::Enter));
}

#[test]
fn forms_add_and_edit_every_kind_of_record() {
    let (_dir, mut app) = fixture();
    let ch = KeyCode::Char;
    // Milestones: a workstream, a milestone in it, a link to it, a baseline.
    press(&mut app, &[ch('a'), ch('w')]);
    fill(&mut app, &["SEC", "Security", "Lee Park"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let sec = app.store.read().workstream("SEC").unwrap();
    assert_eq!(
        (sec.name.as_str(), sec.owner.as_deref()),
        ("Security", Some("Lee Park"))
    );
    press(&mut app, &[ch('a'), ch('m')]);
    // The workstream comes from the selected row (PLT-1); replace it.
    app.handle_key(key(KeyCode::BackTab));
    press(
        &mut app,
        &[KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace],
    );
    fill(&mut app, &["SEC", "Go live", "PLT-5", "2027-03-31"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let m = app.store.read().task("SEC-1").unwrap();
    assert!(m.is_milestone());
    assert_eq!(m.deadline, NaiveDate::from_ymd_opt(2027, 3, 31));
    assert_eq!(m.after[0].key, "PLT-5");
    press(&mut app, &[ch('a'), ch('l')]);
    type_text(&mut app, "SEC-1");
    // The type and lag come prefilled (FS, 0): replace them.
    press(
        &mut app,
        &[KeyCode::Tab, KeyCode::Backspace, KeyCode::Backspace],
    );
    type_text(&mut app, "SS");
    press(&mut app, &[KeyCode::Tab, KeyCode::Backspace]);
    fill(&mut app, &["2"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let m = app.store.read().task("SEC-1").unwrap();
    assert!(
        m.after.iter().any(|l| l.key == "PLT-1" && l.lag == 2),
        "{:?}",
        m.after
    );
    let before = app.store.read().baselines().unwrap().len();
    press(&mut app, &[ch('a'), ch('b')]);
    fill(&mut app, &["after SEC"]);
    assert_eq!(app.store.read().baselines().unwrap().len(), before + 1);
    // Edit a task's deadline; an emptied date clears it.
    app.apply(Action::Top);
    press(&mut app, &[ch('e')]);
    for _ in 0..6 {
        app.handle_key(key(KeyCode::Tab));
    }
    fill(&mut app, &["2026-07-31"]);
    let t = app.store.read().task("PLT-1").unwrap();
    assert_eq!(t.deadline, NaiveDate::from_ymd_opt(2026, 7, 31));

    // RAID: an issue, with its severity.
    app.apply(Action::Tab(1));
    press(&mut app, &[ch('a'), ch('i')]);
    fill(&mut app, &["Build server down", "Sam Lee", "fri", "4"]);
    let issue = app.store.read().raid_item("I-6").unwrap();
    assert_eq!(
        (issue.impact, issue.due),
        (Some(4), NaiveDate::from_ymd_opt(2026, 11, 27))
    );

    // Budget: record spend, edit it, plan a line, delete the spend with confirm.
    app.apply(Action::Tab(2));
    press(&mut app, &[ch('a'), ch('s')]);
    fill(&mut app, &["Licences", "1,250.00", "Acme"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let key_of_new = app.store.read().recent_spend(1).unwrap().pop().unwrap();
    assert_eq!(
        (
            key_of_new.amount.cents(),
            key_of_new.vendor.as_deref(),
            key_of_new.date
        ),
        (125_000, Some("Acme"), today())
    );
    press(&mut app, &[ch('a'), ch('b')]);
    type_text(&mut app, "Licences");
    app.handle_key(key(KeyCode::Tab));
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.fields[2].value == "2026-11"),
        "this month"
    );
    press(&mut app, &[KeyCode::Backspace; 2]);
    fill(&mut app, &["12", "5,000"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    assert_eq!(
        app.store
            .read()
            .budget_line(
                "PLT",
                "Licences",
                milepost::domain::Month::parse("month", "2026-12").unwrap()
            )
            .unwrap()
            .map(|m| m.cents()),
        Some(500_000)
    );
    app.apply(Action::ToggleView);
    app.apply(Action::ToggleView);
    let first = app.selected_row().unwrap()[0].clone();
    assert_eq!(first, key_of_new.key, "the newest spend is first");
    press(&mut app, &[ch('e')]);
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Tab));
    }
    for _ in 0..8 {
        app.handle_key(key(KeyCode::Backspace));
    }
    fill(&mut app, &["1300"]);
    assert_eq!(
        app.store.read().spend_entry(&first).unwrap().amount.cents(),
        130_000
    );
    press(&mut app, &[ch('d')]);
    assert!(
        matches!(&app.mode, Mode::Confirm { question, .. } if question.contains(&first) && question.contains("1,300.00"))
    );
    press(&mut app, &[ch('y')]);
    assert!(app.store.read().spend_entry(&first).is_err());

    // Log: a decision and a change request, then approve it with x.
    app.apply(Action::Tab(4));
    press(&mut app, &[ch('a'), ch('d')]);
    fill(
        &mut app,
        &["Hosting region", "EU only", "Data residency", "Steering"],
    );
    let d = app.store.read().decisions().unwrap();
    assert_eq!(d.last().unwrap().decision, "EU only");
    press(&mut app, &[ch('a'), ch('c')]);
    fill(&mut app, &["Extra pen test", "PLT", "8,000"]);
    let key = app
        .table()
        .rows
        .iter()
        .position(|r| r[2] == "Extra pen test")
        .unwrap();
    app.selected[4] = key;
    let cr = app.selected_row().unwrap()[0].clone();
    press(&mut app, &[ch('x'), ch('a')]);
    fill(&mut app, &[]);
    assert_eq!(
        app.store
            .read()
            .change_request(&cr)
            .unwrap()
            .status
            .as_str(),
        "approved",
        "{:?}",
        app.message
    );
}

#[test]
fn charts_gantt_heat_map_and_burn() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Chart);
    let screen = draw(&mut app, 120, 40);
    insta::assert_snapshot!("chart_gantt_120x40", screen);
    assert!(
        screen.contains('█') && screen.contains('┊'),
        "bars and today"
    );
    // Milestones draw as diamonds.
    assert_eq!(
        screen.contains('◆'),
        app.table()
            .rows
            .iter()
            .take(35)
            .any(|r| r[1].starts_with('◆'))
    );

    app.apply(Action::Tab(1));
    let screen = draw(&mut app, 120, 40);
    insta::assert_snapshot!("chart_heat_120x40", screen);
    // The heat map counts the open scored risks, each in its cell.
    let items = app.store.read().raid_items(None).unwrap();
    let scored: Vec<_> = items
        .iter()
        .filter(|r| r.is_open() && r.score().is_some())
        .collect();
    assert!(screen.contains(&format!(" {} open risks scored", scored.len())));
    let Some(milepost::tui::pager::Chart::Heat(h)) = app.window().unwrap().chart.clone() else {
        panic!("the RAID window brings the heat map");
    };
    for r in &scored {
        let (p, i) = (r.probability.unwrap() as usize, r.impact.unwrap() as usize);
        assert!(h[p - 1][i - 1] >= 1, "{} in P{p} I{i}", r.key);
    }
    assert_eq!(h.iter().flatten().sum::<u32>() as usize, scored.len());

    app.apply(Action::Tab(2));
    let screen = draw(&mut app, 120, 40);
    insta::assert_snapshot!("chart_burn_120x40", screen);
    assert!(screen.contains("PV planned") && screen.contains("AC actual"));
    // Small screens leave the chart out rather than squeeze the table.
    assert!(!draw(&mut app, 80, 11).contains("burn"));
    app.apply(Action::Chart);
    assert!(app.window().unwrap().chart.is_none(), "off again");
}

#[test]
fn help_scrolls_when_it_does_not_fit() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Help);
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("more, type to filter"), "{screen}");
    assert!(!screen.contains("help: close"), "the last line is below");
    let lines = app.keymap.help("").len();
    assert!(lines > 40, "browsing and every typing context: {lines}");
    for _ in 0..lines / 10 + 1 {
        app.handle_key(key(KeyCode::PageDown));
    }
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("help: close"),
        "the last binding is reachable"
    );
    assert!(screen.contains("↑ for more"));
    // Typing filters from the top again.
    type_text(&mut app, "quit");
    assert!(matches!(app.mode, Mode::Help { scroll: 0, .. }));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("q  quit") && !screen.contains("more"),
        "{screen}"
    );
}

#[test]
fn log_rows_edit_decisions_and_proposed_changes() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(4));
    app.selected[4] = app
        .table()
        .rows
        .iter()
        .position(|r| r[0].starts_with("DEC-"))
        .unwrap();
    let dec = app.selected_row().unwrap()[0].clone();
    app.handle_key(key_of('e'));
    assert!(matches!(&app.mode, Mode::Form(f) if f.command == format!("decision set {dec}")));
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, " (confirmed)");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let d = app.store.read().decision(&dec).unwrap();
    assert!(d.decision.ends_with(" (confirmed)"), "{}", d.decision);
    // A decided change request is kept as it was.
    let decided = app
        .table()
        .rows
        .iter()
        .position(|r| r[0].starts_with("CR-") && !r[3].starts_with("proposed"))
        .unwrap();
    app.selected[4] = decided;
    app.handle_key(key_of('e'));
    assert_eq!(app.mode, Mode::Normal);
    assert!(matches!(&app.message, Some(Message::Info(m)) if m.contains("kept as it was")));
}

fn key_of(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

#[test]
fn the_program_and_links_through_the_add_menu() {
    let (_dir, mut app) = fixture();
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('p')]);
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.title == "The program" && f.fields[0].value == "Atlas customer platform")
    );
    type_text(&mut app, " II");
    for _ in 0..4 {
        app.handle_key(key(KeyCode::Tab));
    }
    fill(&mut app, &["2026-12-24"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let p = app.store.read().program().unwrap();
    assert_eq!(p.name, "Atlas customer platform II");
    assert!(
        p.calendar
            .holidays
            .contains(&NaiveDate::from_ymd_opt(2026, 12, 24).unwrap())
    );
    assert!(
        draw(&mut app, 120, 40).contains("Atlas customer platform II"),
        "title bar"
    );
    // Remove a link: PLT-1 -> PLT-2 in the demo.
    assert!(
        app.store
            .read()
            .task("PLT-2")
            .unwrap()
            .after
            .iter()
            .any(|l| l.key == "PLT-1")
    );
    app.selected[0] = 1;
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('L')]);
    fill(&mut app, &["PLT-1"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    assert!(
        !app.store
            .read()
            .task("PLT-2")
            .unwrap()
            .after
            .iter()
            .any(|l| l.key == "PLT-1")
    );
}
