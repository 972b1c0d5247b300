//! Forms in the workbench: every kind of record added and edited through the keys a person
//! presses, with the database checked afterwards; validation shown beside its field; delete
//! with confirm; undo.

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use milepost::tui::app::{Message, Mode};
use milepost::tui::keymap::Action;
use workbench::{draw, fill, fixture, key, key_of, press, today, type_text};

mod workbench;

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
    // The entry added last.
    let key_of_new = app.store.read().spend_entries().unwrap().pop().unwrap();
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
    // Change a link's lag, then remove it: PLT-1 -> PLT-2 in the demo.
    app.selected[0] = 1;
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('k')]);
    type_text(&mut app, "PLT-1");
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    fill(&mut app, &["-2"]);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.mode);
    let link = app.store.read().task("PLT-2").unwrap().after;
    assert!(
        link.iter().any(|l| l.key == "PLT-1" && l.lag == -2),
        "{link:?}"
    );
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

#[test]
fn a_task_form_takes_relative_dates_and_refuses_the_future() {
    let (_dir, mut app) = fixture();
    let row = app
        .table()
        .rows
        .iter()
        .position(|r| r[0] == "CHG-6")
        .unwrap();
    app.selected[0] = row;
    // Started yesterday: today is 2026-11-22.
    app.handle_key(key(KeyCode::Char('e')));
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut app, "+1d");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        matches!(&app.mode, Mode::Form(f) if f.error.as_ref().is_some_and(|(_, e)| e.contains("is after today (2026-11-22)"))),
        "{:?}",
        app.mode
    );
    assert_eq!(app.store.read().task("CHG-6").unwrap().actual_start, None);
    press(&mut app, &[KeyCode::Backspace; 3]);
    type_text(&mut app, "yesterday");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(
        app.store.read().task("CHG-6").unwrap().actual_start,
        Some(today() - chrono::Days::new(1))
    );
    // -1w counts back a week, a value that starts with '-' and is not a flag.
    app.handle_key(key(KeyCode::Char('e')));
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    press(&mut app, &[KeyCode::Backspace; 10]);
    type_text(&mut app, "-1w");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(
        app.store.read().task("CHG-6").unwrap().actual_start,
        Some(today() - chrono::Days::new(7))
    );
}
