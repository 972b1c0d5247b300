//! The Friday jobs without a terminal: the Status tab as the week's workspace (drawn whole at
//! 120x40 and 80x24, weeks stepped, note entries removed, edited and moved in place), the
//! preview, the export (byte for byte what `status export` writes, replaced only after a yes),
//! the progress grid and the milestones-only view.

use crossterm::event::KeyCode;
use milepost::domain::IsoWeek;
use milepost::ops::{RagHistory, rag_history};
use milepost::tui::app::{App, Message, Mode};
use milepost::tui::keymap::Action;
use workbench::{draw, fixture, key, key_of, press, today, type_text};

mod workbench;

/// Select the Status row of scope `key` (its header row).
fn select_scope(app: &mut App, key: &str) {
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == key && r[1] == "note")
        .unwrap_or_else(|| panic!("scope {key}"));
    app.selected[3] = row;
}

/// The right-hand panel of the screen (past the scope list's border), lines joined with
/// spaces: wrapped text reads whole again.
fn panel_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| {
            l.split_once('│')
                .map(|(_, r)| r.trim_end_matches('"').trim())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The panel's lines drawn reversed (the selection, without colour) at 120x40.
fn selected_lines(app: &mut App) -> Vec<String> {
    use ratatui::style::Modifier;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| milepost::tui::view::draw(f, app, &milepost::tui::theme::Theme::new(false)))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    // (below the tab bar, whose current tab is reversed too)
    (2..40)
        .filter_map(|y| {
            let line: String = (25..120)
                .filter(|x| buffer[(*x, y)].modifier.contains(Modifier::REVERSED))
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            (!line.trim().is_empty()).then(|| line.trim().to_string())
        })
        .collect()
}

fn status_week(app: &App) -> IsoWeek {
    app.workspace()
        .expect("the workspace is on screen")
        .status
        .week
}

#[test]
fn the_workspace_shows_the_longest_reason_whole_at_120x40_and_80x24() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    let w = app.workspace().unwrap().clone();
    // The longest text the panels explain a RAG with: a reason or an override's reason.
    let mut texts: Vec<(String, String)> = w
        .status
        .workstreams
        .iter()
        .flat_map(|ws| {
            ws.reasons
                .iter()
                .map(|r| r.text.clone())
                .chain(ws.override_reason.clone())
                .map(|t| (ws.key.clone(), t))
        })
        .collect();
    texts.sort_by_key(|(_, t)| std::cmp::Reverse(t.chars().count()));
    let (scope, longest) = texts[0].clone();
    assert_eq!(
        (scope.as_str(), longest.as_str()),
        (
            "DATA",
            "Trial migration found quality gaps; second trial added"
        )
    );
    select_scope(&mut app, &scope);
    for (width, height) in [(120u16, 40u16), (80, 24)] {
        let screen = draw(&mut app, width, height);
        assert!(
            screen.contains(&longest),
            "{longest} on one line at {width}x{height}:\n{screen}"
        );
        // Every reason of the scope, in full.
        let panel = panel_text(&screen);
        let ws = w
            .status
            .workstreams
            .iter()
            .find(|x| x.key == scope)
            .unwrap();
        for r in &ws.reasons {
            assert!(panel.contains(&r.text), "{} at {width}x{height}", r.text);
        }
        assert!(panel.contains("RAG amber (computed red, overridden)"));
        insta::assert_snapshot!(format!("workspace_{width}x{height}"), screen);
    }
    // The program's reasons are all there too, PgDn away at 80x24.
    select_scope(&mut app, "PROGRAM");
    let mut seen = String::new();
    for _ in 0..4 {
        seen.push_str(&panel_text(&draw(&mut app, 80, 24)));
        app.apply(Action::PageDown);
    }
    for r in &w.status.overall.reasons {
        assert!(seen.contains(&r.text), "{}", r.text);
    }
}

#[test]
fn weeks_step_back_and_forward_but_not_past_this_week() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    let this = IsoWeek::of(today());
    assert_eq!(status_week(&app), this);
    press(&mut app, &[KeyCode::Char('[')]);
    let last = IsoWeek::of(today() - chrono::Days::new(7));
    assert_eq!(status_week(&app), last);
    // The trend of the week before, seven of its weeks known from this week's.
    let trend = app.workspace().unwrap().trend.clone().unwrap();
    assert_eq!(
        trend,
        rag_history(&app.store.read(), last, 8, today()).unwrap()
    );
    assert_eq!(trend.program.first().unwrap().week.to_string(), "2026-W39");
    let screen = draw(&mut app, 120, 40);
    assert!(
        screen.contains(&format!("week {last}, as of 2026-11-15")),
        "{screen}"
    );
    press(&mut app, &[KeyCode::Char(']'), KeyCode::Char(']')]);
    assert_eq!(status_week(&app), this);
    assert!(
        matches!(&app.message, Some(Message::Info(m)) if m.contains("has not started yet")),
        "{:?}",
        app.message
    );
}

#[test]
fn the_trend_computed_in_parts_is_the_trend_computed_whole() {
    let (_dir, app) = fixture();
    let db = app.store.read();
    let week = IsoWeek::of(today());
    let whole = rag_history(&db, week, 8, today()).unwrap();
    let older = IsoWeek::of(today() - chrono::Days::new(28));
    let older = rag_history(&db, older, 4, today()).unwrap();
    let newer = rag_history(&db, week, 4, today()).unwrap();
    assert_eq!(RagHistory::joined([&older, &newer]), whole);
    let weeks = whole.weeks();
    assert_eq!(weeks.len(), 8);
    assert!(weeks.iter().all(|w| w.workstreams.len() == 5));
    assert_eq!(RagHistory::joined(&weeks), whole);
    // Each week as its own status reports it (the history reads the baseline and the spend
    // once and adds each week's spend to the last).
    for w in &whole.program {
        let s = milepost::ops::weekly_status(&db, w.week, today(), None).unwrap();
        assert_eq!(
            (w.rag, w.computed_rag),
            (s.overall.rag, s.overall.computed_rag)
        );
        for ws in &s.workstreams {
            let h = whole.workstreams.iter().find(|h| h.key == ws.key).unwrap();
            let week = h.weeks.iter().find(|x| x.week == w.week).unwrap();
            assert_eq!((week.rag, week.computed_rag), (ws.rag, ws.computed_rag));
        }
    }
}

#[test]
fn entries_are_removed_edited_and_moved_in_place() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    let week = IsoWeek::of(today());
    let note = |app: &App| {
        app.store
            .read()
            .status_note(week, Some("DATA"))
            .unwrap()
            .unwrap()
    };
    let before = note(&app).accomplishments;
    assert_eq!(before, ["Data migration weekly goals met"]);
    // Add one, then move it up to the top with K.
    select_scope(&mut app, "DATA");
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('d')]);
    type_text(&mut app, "Second trial migration booked");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let added = note(&app).accomplishments;
    assert_eq!(added.last().unwrap(), "Second trial migration booked");
    let last = app
        .table()
        .rows
        .iter()
        .position(|r| r[1] == "Second trial migration booked")
        .unwrap();
    app.selected[3] = last;
    for _ in 0..added.len() {
        app.handle_key(key_of('K'));
    }
    assert_eq!(
        note(&app).accomplishments[0],
        "Second trial migration booked"
    );
    assert_eq!(
        app.selected_row().unwrap()[1],
        "Second trial migration booked",
        "the moved entry stays selected"
    );
    assert_eq!(
        selected_lines(&mut app),
        ["1. Second trial migration booked"],
        "and is the one highlighted"
    );
    app.handle_key(key_of('k'));
    assert_eq!(
        selected_lines(&mut app),
        ["DATA Data migration · Priya Nair"],
        "the scope's title when the scope is selected"
    );
    app.handle_key(key_of('j'));
    // Edit it in place: the field holds the text, End and a word append.
    app.handle_key(key_of('e'));
    app.handle_key(key(KeyCode::End));
    type_text(&mut app, " for 12/08");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(
        note(&app).accomplishments[0],
        "Second trial migration booked for 12/08"
    );
    // Remove the next one after a yes; undo brings it back.
    app.handle_key(key_of('j'));
    let gone = app.selected_row().unwrap()[1].clone();
    app.handle_key(key_of('d'));
    assert!(
        matches!(&app.mode, Mode::Confirm { question, .. } if question.contains(&gone)),
        "{:?}",
        app.mode
    );
    app.handle_key(key_of('y'));
    let after = note(&app).accomplishments;
    assert!(!after.contains(&gone), "{after:?}");
    assert_eq!(after.len(), before.len());
    app.apply(Action::Undo);
    assert!(note(&app).accomplishments.contains(&gone));
}

#[test]
fn the_preview_is_the_markdown_status_export_writes() {
    let (dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    app.handle_key(key_of('P'));
    let Mode::Output(out) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_milepost"))
        .env("MILEPOST_TODAY", today().to_string())
        .arg("--db")
        .arg(dir.path().join("demo.db"))
        .args(["status", "export", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(cli.status.success());
    let cli = String::from_utf8(cli.stdout).unwrap();
    assert_eq!(out.lines, cli.lines().collect::<Vec<_>>());
    insta::assert_snapshot!("preview_120x40", draw(&mut app, 120, 40));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn export_writes_both_files_and_replaces_them_only_after_a_yes() {
    let (dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    press(&mut app, &[KeyCode::Char('[')]);
    let week = status_week(&app);
    app.handle_key(key_of('E'));
    let (json, md) = app.export_paths(week);
    assert_eq!(json, dir.path().join(format!("demo-status-{week}.json")));
    assert!(
        matches!(&app.message, Some(Message::Info(m)) if m.contains(&*json.to_string_lossy()) && m.contains(&*md.to_string_lossy())),
        "{:?}",
        app.message
    );
    let cli = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_milepost"))
            .env("MILEPOST_TODAY", today().to_string())
            .arg("--db")
            .arg(dir.path().join("demo.db"))
            .args(["status", "export", "--week", &week.to_string()])
            .args(["--as-of", "2026-11-15", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        out.stdout
    };
    assert_eq!(std::fs::read(&json).unwrap(), cli("json"));
    assert_eq!(std::fs::read(&md).unwrap(), cli("markdown"));
    // Again: a question first; no keeps the files, yes replaces them.
    std::fs::write(&md, "kept").unwrap();
    app.handle_key(key_of('E'));
    assert!(
        matches!(&app.mode, Mode::Confirm { question, .. } if question.starts_with("Replace "))
    );
    app.handle_key(key_of('n'));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "kept");
    app.handle_key(key_of('E'));
    app.handle_key(key_of('y'));
    assert_eq!(std::fs::read(&md).unwrap(), cli("markdown"));
    // The export folder comes from the config when it is set.
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    app.export_dir = Some(out.clone());
    app.handle_key(key_of('E'));
    assert_eq!(
        std::fs::read(out.join(format!("demo-status-{week}.md"))).unwrap(),
        cli("markdown")
    );
}

#[test]
fn the_progress_grid_saves_a_row_a_command_and_moves_on() {
    let (_dir, mut app) = fixture();
    app.handle_key(key_of('p'));
    let Mode::Progress(grid) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let rows = grid.rows.clone().unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "APP-3", "APP-5", "PLT-8", "DATA-5", "APP-6", "APP-7", "CHG-5"
        ]
    );
    let task = |app: &App, key: &str| app.store.read().task(key).unwrap();
    // A percent on the first row: digits, Enter; the next row is selected.
    type_text(&mut app, "90");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(task(&app, "APP-3").percent_complete, 90);
    let Mode::Progress(grid) = &app.mode else {
        panic!()
    };
    assert_eq!(grid.current().unwrap().key, "APP-5");
    let app3 = &grid.rows.as_ref().unwrap()[0];
    assert_eq!(
        (app3.percent, app3.slip),
        (90, Some(5)),
        "forecast refreshed"
    );
    // Finished today on APP-5.
    press(&mut app, &[KeyCode::Char('f'), KeyCode::Enter]);
    let t = task(&app, "APP-5");
    assert_eq!((t.actual_finish, t.percent_complete), (Some(today()), 100));
    // Started yesterday on APP-7 (three rows down from PLT-8: APP-5 left the grid).
    press(&mut app, &[KeyCode::Char('j'); 3]);
    press(
        &mut app,
        &[KeyCode::Char('y'), KeyCode::Char('s'), KeyCode::Enter],
    );
    assert_eq!(
        task(&app, "APP-7").actual_start,
        Some(today().pred_opt().unwrap())
    );
    // Undo takes back one row at a time.
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
    app.apply(Action::Undo);
    assert_eq!(task(&app, "APP-7").actual_start, None);
    app.apply(Action::Undo);
    assert_eq!(task(&app, "APP-5").actual_finish, None);
}

#[test]
fn the_progress_grid_refuses_a_bad_date_and_keeps_the_row() {
    let (_dir, mut app) = fixture();
    app.handle_key(key_of('p'));
    press(&mut app, &[KeyCode::Char('s')]);
    type_text(&mut app, "2026-13-01");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        matches!(&app.message, Some(Message::Error(m)) if m.contains("2026-13-01")),
        "{:?}",
        app.message
    );
    assert!(matches!(&app.mode, Mode::Progress(g) if g.current().unwrap().key == "APP-3"));
    assert!(
        app.store
            .read()
            .task("APP-3")
            .unwrap()
            .actual_start
            .is_some()
    );
    insta::assert_snapshot!("progress_80x24", draw(&mut app, 80, 24));
}

#[test]
fn milestones_only_with_how_far_they_moved() {
    let (_dir, mut app) = fixture();
    app.handle_key(key_of('m'));
    let t = app.table();
    let head: Vec<&str> = t.columns.iter().map(|c| c.title).collect();
    assert!(head.contains(&"MOVED"), "{head:?}");
    let keys: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        keys,
        ["PLT-7", "OPS-5", "APP-6", "DATA-7", "CHG-7", "APP-9"]
    );
    let beta = t.rows.iter().find(|r| r[0] == "APP-6").unwrap();
    let moved = head.iter().position(|h| *h == "MOVED").unwrap();
    assert_eq!(beta[moved], "+5");
    app.handle_key(key_of('m'));
    assert_eq!(app.table().rows.len(), 40, "every task again");
}
