//! Forms in the workbench: every kind of record added and edited through the keys a person
//! presses, with the database checked afterwards; a validation error beside its field (by the
//! field's id); confirmations that hold the command; undo; and every form building exactly the
//! command the CLI line builds for the same input.

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use milepost::ops::Context;
use milepost::tui::app::{App, Message, Mode};
use milepost::tui::keymap::Action;
use milepost::tui::tabs::{Built, build};
use workbench::{draw, fill, fixture, key, key_of, press, today, type_text};

mod workbench;

/// Select the row whose first cell is `key` on the current tab.
fn select(app: &mut App, key: &str) {
    let i = app.tab.index();
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == key)
        .unwrap_or_else(|| panic!("{key} on {}", app.tab.title()));
    app.selected[i] = row + app.window().unwrap().offset;
}

fn form(app: &App) -> &milepost::tui::overlays::form::Form {
    match &app.mode {
        Mode::Form(f) => f,
        other => panic!("no form: {other:?}"),
    }
}

fn focused(app: &App) -> &'static str {
    let f = form(app);
    f.fields[f.focus].id
}

#[test]
fn a_risk_with_every_field_and_its_errors_beside_them() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.handle_key(key_of('a'));
    assert!(matches!(&app.mode, Mode::Menu { items, .. } if items.len() == 4));
    app.handle_key(key_of('r'));
    assert_eq!(form(&app).title, "Add a risk");
    let ids: Vec<&str> = form(&app).fields.iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "title",
            "probability",
            "impact",
            "owner",
            "due",
            "mitigation",
            "tasks",
            "workstream",
            "description",
            "probability_pct",
            "cost_impact",
            "response",
            "residual_probability",
            "residual_impact"
        ],
        "every field of SPEC §4 for a risk"
    );
    // Enter with no title: the form says so and writes nothing.
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(
        form(&app).error,
        Some((Some(0), "title is required".into()))
    );
    type_text(&mut app, "Supplier insolvency");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "6");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "5");
    app.handle_key(key(KeyCode::Enter));
    // The domain's own words, beside the probability field, found by its id.
    assert_eq!(focused(&app), "probability");
    assert_eq!(
        form(&app).error,
        Some((Some(1), "probability \"6\": must be between 1 and 5".into()))
    );
    assert!(
        app.store.read().raid_item("R-11").is_err(),
        "nothing written"
    );
    app.handle_key(key(KeyCode::Backspace));
    type_text(&mut app, "4");
    // Owner, due, mitigation, linked tasks (two), then a workstream that does not exist.
    fill(
        &mut app,
        &[
            "",
            "",
            "Dana Ortiz",
            "fri",
            "Second supplier on standby",
            "APP-5, plt-8",
            "XYZ",
        ],
    );
    assert_eq!(focused(&app), "workstream", "{:?}", form(&app).error);
    assert_eq!(
        form(&app).error.as_ref().unwrap().1,
        "workstream \"XYZ\": not found"
    );
    press(&mut app, &[KeyCode::Backspace; 3]);
    type_text(&mut app, "PLT");
    // Cost impact and a percent for the exposure.
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut app, "30");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "50,000");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let risk = app.store.read().raid_item("R-11").unwrap();
    assert_eq!(
        (
            risk.title.as_str(),
            risk.score(),
            risk.owner.as_deref(),
            risk.due,
            risk.mitigation.as_deref(),
            risk.tasks.clone(),
            risk.workstream.as_deref(),
            risk.probability_pct,
            risk.cost_impact.map(|m| m.cents()),
        ),
        (
            "Supplier insolvency",
            Some(20),
            Some("Dana Ortiz"),
            NaiveDate::from_ymd_opt(2026, 11, 27),
            Some("Second supplier on standby"),
            vec!["APP-5".to_string(), "PLT-8".to_string()],
            Some("PLT"),
            Some(30),
            Some(5_000_000),
        )
    );
    // The new risk is selected.
    assert_eq!(app.selected_row().unwrap()[0], "R-11");
    // Esc on a changed form asks before throwing the input away.
    app.handle_key(key_of('a'));
    app.handle_key(key_of('r'));
    type_text(&mut app, "Never saved");
    app.handle_key(key(KeyCode::Esc));
    assert!(form(&app).discarding);
    assert!(draw(&mut app, 120, 40).contains("Throw away what you typed?"));
    app.handle_key(key_of('n'));
    assert_eq!(form(&app).fields[0].input.value(), "Never saved", "kept");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key_of('y'));
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.store.read().raid_item("R-12").is_err());
    // An untouched form closes at once.
    app.handle_key(key_of('a'));
    app.handle_key(key_of('r'));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_percent_typed_over_a_prefilled_one_replaces_it_and_the_row_stays_selected() {
    let (_dir, mut app) = fixture();
    // Sorted by percent, the edited task moves; the selection goes with it.
    for _ in 0..7 {
        app.handle_key(key_of('s'));
    }
    assert_eq!(app.table().columns[6].title, "%");
    select(&mut app, "DATA-5");
    let before = app.selected_row().unwrap()[6].clone();
    assert!(before.parse::<i64>().unwrap() < 35, "{before}");
    app.handle_key(key_of('e'));
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(focused(&app), "percent");
    type_text(&mut app, "35");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    assert_eq!(
        app.store.read().task("DATA-5").unwrap().percent_complete,
        35,
        "35 replaces the prefilled percent, not appended to it"
    );
    assert_eq!(
        app.selected_row().unwrap()[0],
        "DATA-5",
        "the highlight follows the record after the re-sort"
    );
    assert_eq!(app.selected_row().unwrap()[6], "35");
    assert!(matches!(&app.message, Some(Message::Info(m)) if m == "updated task DATA-5"));
    // The message goes at the next key.
    app.handle_key(key_of('j'));
    assert_eq!(app.message, None);
}

#[test]
fn predecessors_show_and_change_in_one_field() {
    let (_dir, mut app) = fixture();
    select(&mut app, "APP-7");
    app.handle_key(key_of('e'));
    let f = form(&app);
    let after = f.index("after").unwrap();
    assert_eq!(f.fields[after].input.value(), "APP-6");
    app.apply(Action::Down);
    for _ in 0..4 {
        app.apply(Action::Down);
    }
    assert_eq!(focused(&app), "after");
    type_text(&mut app, "APP-6, PLT-8:SS+2");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let t = app.store.read().task("APP-7").unwrap();
    assert_eq!(
        milepost::ops::input::show_links(&t.after),
        "APP-6, PLT-8:SS+2"
    );
    // A cycle is refused beside the field.
    select(&mut app, "PLT-8");
    app.handle_key(key_of('e'));
    for _ in 0..5 {
        app.apply(Action::Down);
    }
    type_text(&mut app, "APP-7");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(focused(&app), "after");
    assert!(
        form(&app)
            .error
            .as_ref()
            .unwrap()
            .1
            .starts_with("dependency cycle: "),
        "{:?}",
        form(&app).error
    );
    // A new task with two predecessors.
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key_of('y'));
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('t')]);
    assert_eq!(focused(&app), "title", "the workstream comes from the row");
    fill(&mut app, &["Load test", "4", "PLT-5, APP-3:FF"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let t = app.store.read().task("PLT-10").unwrap();
    assert_eq!(t.duration, 4);
    assert_eq!(
        milepost::ops::input::show_links(&t.after),
        "PLT-5, APP-3:FF"
    );
    assert_eq!(app.selected_row().unwrap()[0], "PLT-10");
}

#[test]
fn x_asks_the_finish_date_or_how_a_risk_closed() {
    let (_dir, mut app) = fixture();
    select(&mut app, "PLT-8");
    app.handle_key(key_of('x'));
    assert_eq!(form(&app).title, "Finish PLT-8");
    assert_eq!(form(&app).fields[0].input.value(), "today");
    type_text(&mut app, "y");
    app.handle_key(key(KeyCode::Enter));
    let t = app.store.read().task("PLT-8").unwrap();
    assert_eq!(
        (t.percent_complete, t.actual_finish),
        (100, today().pred_opt())
    );
    // A date after today is not a fact.
    select(&mut app, "APP-3");
    app.handle_key(key_of('x'));
    type_text(&mut app, "+2d");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        form(&app)
            .error
            .as_ref()
            .is_some_and(|(f, e)| *f == Some(0) && e.contains("is after today")),
        "{:?}",
        form(&app).error
    );
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key_of('y'));

    app.apply(Action::Tab(1));
    select(&mut app, "R-1");
    app.handle_key(key_of('x'));
    assert_eq!(form(&app).fields[0].input.value(), "closed");
    type_text(&mut app, "occurred");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "Provider missed the date");
    app.handle_key(key(KeyCode::Enter));
    let r1 = app.store.read().raid_item("R-1").unwrap();
    assert_eq!((r1.status.as_str(), r1.closed), ("occurred", Some(today())));
    assert!(
        r1.description
            .unwrap()
            .ends_with("Provider missed the date")
    );
}

#[test]
fn an_issue_is_escalated_from_its_form() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    select(&mut app, "I-2");
    assert!(!app.store.read().raid_item("I-2").unwrap().escalated);
    app.handle_key(key_of('e'));
    let ids: Vec<&str> = form(&app).fields.iter().map(|f| f.id).collect();
    assert_eq!(&ids[..4], ["title", "status", "impact", "escalated"]);
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut app, "y");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.store.read().raid_item("I-2").unwrap().escalated);
    assert!(
        app.selected_row().unwrap()[4].ends_with("^esc"),
        "a text mark"
    );
}

#[test]
fn a_budget_line_shows_its_amount_and_the_message_what_it_was() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(2));
    app.apply(Action::ToggleView);
    let row = app.selected_row().unwrap().clone();
    app.handle_key(key_of('e'));
    assert_eq!(focused(&app), "amount");
    let was = milepost::domain::Money::parse_cli("amount", &row[3]).unwrap();
    assert_eq!(
        form(&app).fields[3].input.value(),
        was.to_string(),
        "the current amount"
    );
    type_text(&mut app, "45000");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(
        app.message,
        Some(Message::Info(format!(
            "budget {} {} {} set to 45,000.00 (was {})",
            row[0], row[1], row[2], row[3]
        )))
    );
    assert_eq!(app.selected_row().unwrap()[3], "45,000.00");
}

#[test]
fn this_weeks_note_from_the_status_tab() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(3));
    select(&mut app, "CHG");
    app.handle_key(key_of('e'));
    assert_eq!(form(&app).title, "CHG note, 2026-W47");
    assert!(
        form(&app).fields[0]
            .input
            .value()
            .starts_with("Change and training")
    );
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "red");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        form(&app)
            .error
            .as_ref()
            .is_some_and(|(f, e)| *f == Some(2) && e.contains("needs a reason")),
        "an override needs a reason: {:?}",
        form(&app).error
    );
    type_text(&mut app, "Trainers not booked");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "Training plan signed off");
    press(&mut app, &[KeyCode::Tab]);
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
    assert_eq!(app.selected_row().unwrap()[0], "CHG", "still selected");
    let w = app.window().unwrap().workspace.clone().unwrap();
    let chg = w
        .status
        .workstreams
        .iter()
        .find(|w| w.key == "CHG")
        .unwrap();
    use milepost::domain::Rag;
    assert_eq!((chg.rag, chg.computed_rag), (Rag::Red, Rag::Amber));
    assert_eq!(chg.override_reason.as_deref(), Some("Trainers not booked"));
}

#[test]
fn delete_asks_with_the_command_itself_and_undo_brings_it_back() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(1));
    app.apply(Action::Top);
    app.handle_key(key_of('d'));
    assert!(
        matches!(&app.mode, Mode::Confirm { question, then: milepost::tui::app::Then::Run(command) }
            if question == "Delete R-1 \"Payment provider certification slips\"?"
            && **command == milepost::ops::Command::RemoveRaid { key: "R-1".into() })
    );
    app.handle_key(key_of('n'));
    assert!(app.store.read().raid_item("R-1").is_ok(), "n keeps it");
    app.handle_key(key_of('d'));
    app.handle_key(key_of('y'));
    assert!(app.store.read().raid_item("R-1").is_err());
    app.apply(Action::Undo);
    assert!(
        app.store.read().raid_item("R-1").is_ok(),
        "undo brings it back"
    );
}

#[test]
fn log_rows_decide_and_edit() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(4));
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('c')]);
    fill(&mut app, &["Extra pen test", "PLT", "8,000"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let cr = app.selected_row().unwrap()[0].clone();
    assert!(cr.starts_with("CR-"), "the new change request is selected");
    press(&mut app, &[KeyCode::Char('x'), KeyCode::Char('a')]);
    fill(&mut app, &[]);
    let c = app.store.read().change_request(&cr).unwrap();
    assert_eq!(c.status.as_str(), "approved", "{:?}", app.message);
    app.handle_key(key_of('e'));
    assert_eq!(app.mode, Mode::Normal);
    assert!(matches!(&app.message, Some(Message::Info(m)) if m.contains("kept as it was")));
    // A change form's budget delta error lands on its field.
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('c')]);
    fill(&mut app, &["Bad delta", "", "12.345"]);
    assert_eq!(focused(&app), "budget_delta");
}

/// The same values typed into a form and written on the command line build the same command.
#[test]
fn every_form_builds_the_command_the_cli_line_builds() {
    use milepost::domain::RaidKind;
    use milepost::tui::overlays::form::{Form, Target};
    use milepost::tui::tabs::Here;
    let (_dir, app) = fixture();
    let ctx = Context::on(today());
    let here = Here {
        row: None,
        cells: None,
        columns: &[],
        db: app.store.read(),
        today: today(),
        view: Default::default(),
        week: milepost::domain::IsoWeek::of(today()),
        workspace: None,
    };
    let open = |item| match milepost::tui::tabs::pick(
        match item {
            milepost::tui::keymap::Item::Risk | milepost::tui::keymap::Item::Issue => {
                milepost::tui::tabs::Tab::Raid
            }
            milepost::tui::keymap::Item::Spend | milepost::tui::keymap::Item::BudgetLine => {
                milepost::tui::tabs::Tab::Budget
            }
            milepost::tui::keymap::Item::Decision | milepost::tui::keymap::Item::ChangeRequest => {
                milepost::tui::tabs::Tab::Log
            }
            _ => milepost::tui::tabs::Tab::Milestones,
        },
        item,
        &here,
    ) {
        milepost::tui::tabs::Open::Form(f) => f,
        other => panic!("{other:?}"),
    };
    let filled = |mut f: Form, values: &[(&str, &str)]| {
        for (id, v) in values {
            let i = f.index(id).unwrap_or_else(|| panic!("{id}"));
            f.fields[i].input.set(v);
        }
        f
    };
    use milepost::tui::keymap::Item as I;
    let cases: Vec<(Form, &str)> = vec![
        (
            filled(
                open(I::Task),
                &[
                    ("workstream", "PLT"),
                    ("title", "Load test"),
                    ("duration", "4"),
                    ("after", "PLT-5, APP-3:FF+1"),
                    ("owner", "Sam"),
                    ("budget", "1,200.50"),
                    ("not_before", "2026-12-07"),
                    ("deadline", "fri"),
                    ("acceptance", "p95 under 200 ms"),
                ],
            ),
            "task add PLT \"Load test\" --duration 4 --after PLT-5 --after APP-3:FF+1 --owner Sam --budget 1,200.50 --not-before 2026-12-07 --deadline fri --acceptance \"p95 under 200 ms\"",
        ),
        (
            filled(
                open(I::Milestone),
                &[
                    ("workstream", "APP"),
                    ("title", "Go live"),
                    ("after", "APP-8"),
                    ("deadline", "2027-03-31"),
                ],
            ),
            "task add APP \"Go live\" --milestone --after APP-8 --deadline 2027-03-31",
        ),
        (
            filled(
                open(I::Link),
                &[
                    ("predecessor", "PLT-1"),
                    ("successor", "APP-3"),
                    ("type", "SS"),
                    ("lag", "-2"),
                ],
            ),
            "dep add PLT-1 APP-3 --type SS --lag -2",
        ),
        (
            filled(
                open(I::Workstream),
                &[("key", "SEC"), ("name", "Security"), ("owner", "Lee Park")],
            ),
            "ws add SEC Security --owner \"Lee Park\"",
        ),
        (
            filled(
                open(I::Risk),
                &[
                    ("title", "Vendor slips"),
                    ("probability", "4"),
                    ("impact", "5"),
                    ("owner", "Sam"),
                    ("due", "2026-12-04"),
                    ("mitigation", "Second source"),
                    ("tasks", "APP-5, PLT-8"),
                    ("workstream", "APP"),
                    ("probability_pct", "30"),
                    ("cost_impact", "50000"),
                    ("response", "reduce"),
                    ("residual_probability", "2"),
                    ("residual_impact", "3"),
                ],
            ),
            "raid add risk \"Vendor slips\" --probability 4 --impact 5 --owner Sam --due 2026-12-04 --mitigation \"Second source\" --task APP-5 --task PLT-8 --ws APP --probability-pct 30 --cost-impact 50000 --response reduce --residual-probability 2 --residual-impact 3",
        ),
        (
            filled(
                open(I::Issue),
                &[
                    ("title", "Build server down"),
                    ("impact", "4"),
                    ("escalated", "yes"),
                    ("owner", "Sam"),
                ],
            ),
            "raid add issue \"Build server down\" --impact 4 --escalated --owner Sam",
        ),
        (
            filled(
                open(I::Spend),
                &[
                    ("workstream", "PLT"),
                    ("category", "Licences"),
                    ("amount", "1,250.00"),
                    ("vendor", "Acme"),
                    ("reference", "INV-9"),
                    ("date", "2026-11-20"),
                    ("status", "paid"),
                ],
            ),
            "spend add 2026-11-20 PLT Licences 1,250.00 --vendor Acme --ref INV-9 --status paid",
        ),
        (
            filled(
                open(I::BudgetLine),
                &[
                    ("workstream", "PLT"),
                    ("category", "Labor"),
                    ("month", "2026-12"),
                    ("amount", "45000"),
                ],
            ),
            "budget set PLT Labor 2026-12 45000",
        ),
        (
            filled(
                open(I::Decision),
                &[
                    ("title", "Hosting"),
                    ("decision", "EU only"),
                    ("rationale", "Residency"),
                    ("by", "Steering"),
                    ("date", "2026-11-20"),
                ],
            ),
            "decision add Hosting --decision \"EU only\" --rationale Residency --by Steering --date 2026-11-20",
        ),
        (
            filled(
                open(I::ChangeRequest),
                &[
                    ("title", "Pen test"),
                    ("workstream", "PLT"),
                    ("budget_delta", "8,000"),
                    ("schedule_delta", "3"),
                ],
            ),
            "change add \"Pen test\" --ws PLT --budget-delta 8,000 --schedule-delta 3",
        ),
    ];
    for (form, line) in cases {
        let built = match build(&form, today()).unwrap_or_else(|e| panic!("{line}: {e}")) {
            Built::Command(c) => *c,
            other => panic!("{other:?}"),
        };
        let cli = milepost::cli::command_of_line(line, &ctx).unwrap();
        assert_eq!(built, cli, "{line}");
    }
    // Edits send what changed: the task form with a new percent and predecessors.
    let edit = |tab, key: &str| {
        let row = match tab {
            milepost::tui::tabs::Tab::Raid => {
                milepost::tui::tabs::RowRef::Raid(key.into(), RaidKind::Issue)
            }
            _ => milepost::tui::tabs::RowRef::Task(key.into()),
        };
        let here = Here {
            row: Some(&row),
            cells: None,
            columns: &[],
            db: app.store.read(),
            today: today(),
            view: Default::default(),
            week: milepost::domain::IsoWeek::of(today()),
            workspace: None,
        };
        match milepost::tui::tabs::edit(tab, &here) {
            milepost::tui::tabs::Open::Form(f) => f,
            other => panic!("{other:?}"),
        }
    };
    let f = filled(
        edit(milepost::tui::tabs::Tab::Milestones, "DATA-5"),
        &[
            ("percent", "35"),
            ("after", "DATA-4, PLT-8:SS"),
            ("owner", ""),
            ("deadline", "2027-01-15"),
        ],
    );
    let Built::Command(c) = build(&f, today()).unwrap() else {
        panic!()
    };
    assert_eq!(
        *c,
        milepost::cli::command_of_line(
            "task set DATA-5 --percent 35 --after DATA-4,PLT-8:SS --owner \"\" --deadline 2027-01-15",
            &ctx
        )
        .unwrap()
    );
    // The rest: every other form, opened on a row as a person would, then filled.
    let on = |tab, row: milepost::tui::tabs::RowRef, action: &str, item: Option<I>| {
        let here = Here {
            row: Some(&row),
            cells: None,
            columns: &[],
            db: app.store.read(),
            today: today(),
            view: Default::default(),
            week: milepost::domain::IsoWeek::of(today()),
            workspace: None,
        };
        let open = match (action, item) {
            ("pick", Some(item)) => milepost::tui::tabs::pick(tab, item, &here),
            ("edit", _) => milepost::tui::tabs::edit(tab, &here),
            ("done", _) => milepost::tui::tabs::done(tab, &here),
            _ => unreachable!(),
        };
        match open {
            milepost::tui::tabs::Open::Form(f) => f,
            other => panic!("{other:?}"),
        }
    };
    use milepost::tui::tabs::{RowRef, Tab};
    let cases: Vec<(Form, &str)> = vec![
        (
            filled(
                on(Tab::Milestones, RowRef::Task("PLT-8".into()), "done", None),
                &[("finished", "yesterday")],
            ),
            "task set PLT-8 --finished yesterday",
        ),
        (
            filled(
                on(
                    Tab::Milestones,
                    RowRef::Task("PLT-2".into()),
                    "pick",
                    Some(I::ChangeLink),
                ),
                &[("predecessor", "PLT-1"), ("lag", "-2")],
            ),
            "dep set PLT-1 PLT-2 --lag -2",
        ),
        (
            filled(
                on(
                    Tab::Milestones,
                    RowRef::Task("PLT-2".into()),
                    "pick",
                    Some(I::RemoveLink),
                ),
                &[("predecessor", "PLT-1")],
            ),
            "dep rm PLT-1 PLT-2",
        ),
        (
            filled(
                on(
                    Tab::Milestones,
                    RowRef::Task("PLT-2".into()),
                    "pick",
                    Some(I::ChangeWorkstream),
                ),
                &[("owner", "Lee Park")],
            ),
            "ws set PLT --owner \"Lee Park\"",
        ),
        (
            filled(
                on(
                    Tab::Milestones,
                    RowRef::Task("PLT-2".into()),
                    "pick",
                    Some(I::Baseline),
                ),
                &[("name", "replan")],
            ),
            "baseline set replan",
        ),
        (
            filled(
                on(
                    Tab::Milestones,
                    RowRef::Task("PLT-2".into()),
                    "pick",
                    Some(I::Program),
                ),
                &[("name", "Atlas II"), ("holiday", "2026-12-24")],
            ),
            "program set --name \"Atlas II\" --holiday 2026-12-24",
        ),
        (
            filled(
                on(
                    Tab::Raid,
                    RowRef::Raid("A-1".into(), RaidKind::Assumption),
                    "pick",
                    Some(I::Assumption),
                ),
                &[
                    ("title", "Users have laptops"),
                    ("due", "2026-12-15"),
                    ("owner", "Mei"),
                ],
            ),
            "raid add assumption \"Users have laptops\" --due 2026-12-15 --owner Mei",
        ),
        (
            filled(
                on(
                    Tab::Raid,
                    RowRef::Raid("D-1".into(), RaidKind::Dependency),
                    "pick",
                    Some(I::Dependency),
                ),
                &[
                    ("title", "Firewall change"),
                    ("provider", "Network team"),
                    ("due", "2026-12-10"),
                ],
            ),
            "raid add dependency \"Firewall change\" --provider \"Network team\" --due 2026-12-10",
        ),
        (
            filled(
                on(
                    Tab::Raid,
                    RowRef::Raid("R-2".into(), RaidKind::Risk),
                    "done",
                    None,
                ),
                &[
                    ("status", "occurred"),
                    ("note", "It happened"),
                    ("date", "2026-11-20"),
                ],
            ),
            "raid close R-2 --status occurred --note \"It happened\" --date 2026-11-20",
        ),
        (
            filled(
                on(
                    Tab::Raid,
                    RowRef::Raid("R-2".into(), RaidKind::Risk),
                    "edit",
                    None,
                ),
                &[
                    ("impact", "5"),
                    ("mitigation", ""),
                    ("tasks", "DATA-4, DATA-5"),
                ],
            ),
            "raid set R-2 --impact 5 --mitigation \"\" --task DATA-4 --task DATA-5",
        ),
        (
            filled(
                on(Tab::Budget, RowRef::Spend("SP-1".into()), "edit", None),
                &[
                    ("amount", "99.50"),
                    ("status", "committed"),
                    ("reference", ""),
                ],
            ),
            "spend set SP-1 --amount 99.50 --status committed --ref \"\"",
        ),
        (
            filled(
                on(Tab::Log, RowRef::Decision("DEC-1".into()), "edit", None),
                &[("rationale", "Cheaper"), ("by", "")],
            ),
            "decision set DEC-1 --rationale Cheaper --by \"\"",
        ),
        (
            filled(
                on(
                    Tab::Log,
                    RowRef::Change {
                        key: "CR-3".into(),
                        proposed: true,
                    },
                    "pick",
                    Some(I::Approve),
                ),
                &[("category", "Vendors"), ("month", "2027-01")],
            ),
            "change approve CR-3 --date 2026-11-22 --category Vendors --month 2027-01",
        ),
        (
            on(
                Tab::Log,
                RowRef::Change {
                    key: "CR-3".into(),
                    proposed: true,
                },
                "pick",
                Some(I::Reject),
            ),
            "change reject CR-3 --date 2026-11-22",
        ),
    ];
    for (form, line) in cases {
        let built = match build(&form, today()).unwrap_or_else(|e| panic!("{line}: {e}")) {
            Built::Command(c) => *c,
            other => panic!("{other:?}"),
        };
        let cli = milepost::cli::command_of_line(line, &ctx).unwrap();
        assert_eq!(built, cli, "{line}");
    }
    // This week's note, on the Status tab.
    let note = filled(
        on(Tab::Status, RowRef::Scope(Some("CHG".into())), "edit", None),
        &[
            ("rag", "amber"),
            ("reason", "Trainers late"),
            ("done", "Plan signed off"),
        ],
    );
    let Built::Command(c) = build(&note, today()).unwrap() else {
        panic!()
    };
    assert_eq!(
        *c,
        milepost::cli::command_of_line(
            "note CHG --week 2026-W47 --rag amber --reason \"Trainers late\" --done \"Plan signed off\"",
            &ctx
        )
        .unwrap()
    );
    let f = filled(
        edit(milepost::tui::tabs::Tab::Raid, "I-2"),
        &[("escalated", "yes"), ("status", "open")],
    );
    assert!(matches!(f.target, Target::EditRaid(..)));
    let Built::Command(c) = build(&f, today()).unwrap() else {
        panic!()
    };
    assert_eq!(
        *c,
        milepost::cli::command_of_line("raid set I-2 --status open --escalated", &ctx).unwrap()
    );
}
