//! The workbench without a terminal: actions fed to the app on a temporary database, the
//! database checked afterwards, and the screen drawn on a `TestBackend` (snapshots at 80x24 and
//! 120x40 on a fixed fixture, and random sizes and text that must never panic).

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use milepost::ops::Context;
use milepost::store::Store;
use milepost::tui::app::{App, Message, Mode};
use milepost::tui::keymap::{Action, KeyContext};
use milepost::tui::overlays::details::DetailLine;
use proptest::prelude::*;
use workbench::{draw, fixture, key, today, type_text};

mod workbench;

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
    assert!(matches!(&app.mode, Mode::Help(h) if h.filter.value() == "undo" && h.scroll == 0));
    assert_eq!(
        app.keymap.help("undo"),
        vec![
            (KeyContext::Normal, "u".to_string(), "undo"),
            (KeyContext::Grid, "Esc".to_string(), "undo/leave")
        ]
    );
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
    assert!(matches!(&app.mode, Mode::Command(c) if c.input.value().starts_with("raid add risk")));
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
    assert_eq!(app.table().rows[0][0], "PROGRAM");
    assert!(draw(&mut app, 120, 40).contains("week 2026-W47, as of 2026-11-22"));
}

#[test]
fn filter_and_sort() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "owner:sam");
    assert!(matches!(app.mode, Mode::Filter(_)));
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
    // status:open keeps every open state (a mitigating risk is open), by each kind's rules.
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "status:open");
    let items = app.store.read().raid_items(None).unwrap();
    let open: Vec<&str> = items
        .iter()
        .filter(|r| r.is_open())
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(app.total(), open.len());
    assert!(app.table().rows.iter().any(|r| r[4] == "mitigating"));
    type_text(&mut app, " score:>=12");
    let keys: Vec<String> = app.table().rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(keys, ["R-1", "R-2", "R-7"]);
    app.handle_key(key(KeyCode::Esc));
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
        Mode::Command(c) => c.input.value().to_string(),
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
        ["add", "list", "move", "rm", "set"]
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
    // Risks come first, in number order: R-11 follows R-10.
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == "R-11")
        .unwrap();
    assert_eq!(app.table().rows[row - 1][0], "R-10");
    app.selected[1] = row;
    app.apply(Action::Details);
    let Mode::Details(details) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let lines = details.lines.clone().expect("fetched in place");
    // Every field of the record, not only the table's columns.
    let field = |name: &str| {
        lines.iter().find_map(|l| match l {
            DetailLine::Field(n, v) if n == name => Some(v.clone()),
            _ => None,
        })
    };
    assert_eq!(field("key").as_deref(), Some("R-11"));
    assert_eq!(field("probability").as_deref(), Some("3"));
    assert_eq!(field("impact").as_deref(), Some("5"));
    assert_eq!(field("score").as_deref(), Some("15"));
    assert_eq!(field("raised").as_deref(), Some("2026-11-22"));
    assert_eq!(field("owner").as_deref(), Some("Sam"));
    // The history, newest first, with what changed: old -> new.
    let history: Vec<&str> = lines
        .iter()
        .filter_map(|l| match l {
            DetailLine::Text(t) if t.starts_with("2026-") => Some(t.split_once("  ").unwrap().1),
            _ => None,
        })
        .collect();
    assert_eq!(
        history,
        ["updated R-11", "added risk R-11 \"Supplier insolvency\""]
    );
    assert_eq!(
        field("  owner").as_deref(),
        Some("Sam"),
        "from nothing to Sam"
    );
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("Changes, newest first"), "{screen}");
    app.handle_key(key(KeyCode::Esc));
    app.apply(Action::Top);
    app.run_command("raid set R-1 --probability 5");
    app.apply(Action::Top);
    app.apply(Action::Details);
    let Mode::Details(details) = &app.mode else {
        panic!()
    };
    let lines = details.lines.clone().unwrap();
    let texts: Vec<&DetailLine> = lines
        .iter()
        .filter(|l| matches!(l, DetailLine::Text(t) if t.starts_with("2026-")))
        .collect();
    assert_eq!(texts.len(), 2, "R-1 is not R-11: {lines:?}");
    assert!(lines.contains(&DetailLine::Field("  probability".into(), "4 → 5".into())));
}

/// A task's details: its forecast, float, baseline and links.
#[test]
fn task_details_show_float_baseline_and_links() {
    let (_dir, mut app) = fixture();
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == "APP-5")
        .unwrap();
    app.selected[0] = row;
    app.apply(Action::Details);
    let Mode::Details(details) = &app.mode else {
        panic!()
    };
    let lines = details.lines.clone().unwrap();
    let field = |name: &str| {
        lines.iter().find_map(|l| match l {
            DetailLine::Field(n, v) if n == name => Some(v.clone()),
            _ => None,
        })
    };
    for name in [
        "total float",
        "free float",
        "critical",
        "baseline finish",
        "late finish",
        "slip",
    ] {
        assert!(
            field(name).is_some_and(|v| !v.is_empty()),
            "{name}: {lines:?}"
        );
    }
    assert!(
        field("budget").unwrap().starts_with("USD "),
        "money as an amount"
    );
    assert!(lines.contains(&DetailLine::Heading("Predecessors".into())));
    assert!(lines.contains(&DetailLine::Heading("Successors".into())));
    assert!(
        field("APP-6").is_some(),
        "the beta release follows the payments integration: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, DetailLine::Field(k, _) if k.starts_with("R-"))),
        "linked RAID items: {lines:?}"
    );
}

#[test]
fn budget_tab_switches_to_budget_lines_and_spend_entries() {
    let (_dir, mut app) = fixture();
    let titles = |app: &App| -> Vec<&str> { app.table().columns.iter().map(|c| c.title).collect() };
    app.apply(Action::Tab(2));
    assert_eq!(titles(&app)[0], "SCOPE");
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(titles(&app), ["WS", "CATEGORY", "MONTH", "AMOUNT"]);
    let lines = app.store.read().budget_lines().unwrap();
    assert_eq!(app.total(), lines.len());
    // e on a line opens `budget set` with its values; the amount is focused.
    app.handle_key(key(KeyCode::Char('e')));
    let Mode::Form(form) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    let row = app.selected_row().unwrap();
    let values: Vec<String> = form
        .fields
        .iter()
        .map(|f| f.input.value().to_string())
        .collect();
    assert_eq!(values[..3], row[..3]);
    assert_eq!(
        milepost::domain::Money::parse_cli("amount", &values[3])
            .unwrap()
            .grouped(),
        row[3],
        "the current amount, to change"
    );
    assert_eq!(form.focus, 3);
    assert!(form.fields[3].input.selected(), "typing replaces it");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(
        titles(&app),
        [
            "KEY", "DATE", "WS", "CATEGORY", "AMOUNT", "VENDOR", "REF", "STATUS"
        ]
    );
    let dates: Vec<&String> = app.table().rows.iter().map(|r| &r[1]).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(
        app.table().rows.len(),
        app.store
            .read()
            .spend_entries()
            .unwrap()
            .len()
            .min(milepost::tui::app::WINDOW)
    );
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(titles(&app)[0], "SCOPE");
    app.apply(Action::Tab(1));
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(
        titles(&app)[0],
        "KEY",
        "v does nothing outside the Budget tab"
    );
    assert_eq!(app.budget_view, milepost::tui::tabs::BudgetView::Plan);
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
        &Context::on(today()),
    )
    .unwrap();
    app.handle_key(key(KeyCode::Char('4')));
    assert!(app.tick(), "data_version moved");
    assert!(app.table().rows.iter().any(|r| r[0] == "NEW"));
}

#[test]
fn snapshots_of_every_tab_help_and_details() {
    for (w, h) in [(80u16, 24u16), (120, 40), (200, 50)] {
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
        insta::assert_snapshot!(format!("menu_{w}x{h}"), draw(&mut app, w, h));
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
                // (the row keeps its record; only the shown text is odd)
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
    let mut app = App::new(store, Context::on(today)).unwrap();

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
        use milepost::store::pages::SortKey;
        for sort in [
            None,
            Some((SortKey::Slip, false)),
            Some((SortKey::Slip, true)),
            Some((SortKey::Title, true)),
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
    assert_eq!(app.table().columns[7].title, "SLIP");
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
    assert!(!screen.contains("output:"), "the last lines are below");
    let lines = milepost::tui::overlays::help::lines(&app.keymap, "").len();
    assert!(lines > 60, "every context: {lines}");
    for _ in 0..lines / 10 + 1 {
        app.handle_key(key(KeyCode::PageDown));
    }
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("output:") && screen.contains("close"),
        "the last context is reachable: {screen}"
    );
    assert!(screen.contains("↑ for more"));
    // Typing filters from the top again.
    type_text(&mut app, "quit");
    assert!(matches!(&app.mode, Mode::Help(h) if h.scroll == 0));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("q  quit") && !screen.contains("more"),
        "{screen}"
    );
}

/// The README's key table is the built-in keymap's. `MILEPOST_UPDATE_README=1` rewrites it.
#[test]
fn the_readme_lists_the_built_in_keys() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
    let a = readme.find(start).expect("a keys:start marker") + start.len();
    let b = readme.find(end).expect("a keys:end marker");
    let table = milepost::tui::keymap::markdown_table();
    if std::env::var_os("MILEPOST_UPDATE_README").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &readme[..a], &readme[b..])).unwrap();
        return;
    }
    assert_eq!(
        readme[a..b],
        table,
        "README keys differ from the keymap; MILEPOST_UPDATE_README=1 cargo test --test tui the_readme"
    );
    assert!(table.contains("| normal | u | undo |"), "{table}");
    assert!(table.contains("| form | Enter | save |"), "{table}");
}
