//! Reliability of edits by more than one person: a form never saves over a change made
//! elsewhere without saying so, undo takes back only your own changes, and no key is handed
//! out twice. Reduced counts here; `MILEPOST_RELIABILITY=full` (or `scripts/reliability.sh`)
//! runs the full ones.

mod chaos;
mod workbench;

use chaos::full;

use crossterm::event::KeyCode;
use milepost::ops::{self, Command, Context};
use milepost::store::Store;
use milepost::tui::app::{App, Mode};
use milepost::tui::keymap::Action;
use std::collections::HashSet;
use workbench::{fixture, key, press, today, type_text};

fn form_error(app: &App) -> String {
    match &app.mode {
        Mode::Form(f) => f.error.clone().map(|(_, e)| e).unwrap_or_default(),
        other => panic!("expected the form to stay open, got {other:?}"),
    }
}

/// 100 stale edits of tasks: another connection (the CLI) changes the record after the form
/// opened. Each save is refused with both values shown, the other change is kept; a second
/// Enter then saves knowingly. Half the runs change the same field, half another field.
#[test]
fn stale_edits_are_reported_never_silently_overwritten() {
    let (dir, mut app) = fixture();
    let mut cli = Store::open(&dir.path().join("demo.db")).unwrap();
    cli.set_user("someone-else");
    let ctx = Context::on(today());
    app.apply(Action::Tab(0));
    let mut reported = 0;
    let mut overwritten = 0;
    for run in 0..100 {
        let task_key = app.selected_row().unwrap()[0].clone();
        assert!(task_key.contains('-'), "a task row: {task_key}");
        app.handle_key(workbench::key_of('e'));
        assert!(matches!(app.mode, Mode::Form(_)), "{:?}", app.mode);
        let same_field = run % 2 == 0;
        let theirs = format!("Theirs {run}");
        let mut fields = ops::TaskPatch::default();
        if same_field {
            fields.title = Some(theirs.clone());
        } else {
            fields.owner = Some(Some(theirs.clone()));
        }
        ops::execute(
            &mut cli,
            Command::SetTask {
                key: task_key.clone(),
                fields,
            },
            &ctx,
        )
        .unwrap();
        // The title field has focus with its value selected: typing replaces it.
        let mine = format!("Mine {run}");
        type_text(&mut app, &mine);
        app.handle_key(key(KeyCode::Enter));
        let now = cli.read().task(&task_key).unwrap();
        let error = form_error(&app);
        if error.contains("changed elsewhere") {
            reported += 1;
        }
        if same_field {
            assert!(
                error.contains(&format!("title is now {theirs:?}, yours {mine:?}")),
                "{error}"
            );
            if now.title != theirs {
                overwritten += 1;
            }
        } else {
            assert!(
                error.contains(&format!("owner is now {theirs:?}")),
                "{error}"
            );
            if now.owner.as_deref() != Some(theirs.as_str()) {
                overwritten += 1;
            }
        }
        // Saving again, having seen it, puts this title over theirs; the other field stays.
        app.handle_key(key(KeyCode::Enter));
        assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
        let now = cli.read().task(&task_key).unwrap();
        assert_eq!(now.title, mine);
        if !same_field {
            assert_eq!(now.owner.as_deref(), Some(theirs.as_str()));
        }
        press(&mut app, &[KeyCode::Char('j')]);
    }
    assert_eq!((reported, overwritten), (100, 0));
}

/// A form opened on a record nobody else touches saves at once (no false conflicts).
#[test]
fn an_untouched_record_saves_first_time() {
    let (_dir, mut app) = fixture();
    app.apply(Action::Tab(0));
    let task_key = app.selected_row().unwrap()[0].clone();
    app.handle_key(workbench::key_of('e'));
    type_text(&mut app, "Renamed");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(app.store.read().task(&task_key).unwrap().title, "Renamed");
}

/// Two people add risks and undo some of their own, interleaved, each on their own
/// connection: no key is ever given out twice, and each undo takes back the undoer's own newest
/// change, never the other's.
#[test]
fn two_users_undo_only_their_own_and_keys_are_never_reused() {
    let adds = if full() { 2000 } else { 300 };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.db");
    ops::create_program(
        &path,
        milepost::domain::Program {
            name: "Two".into(),
            currency: "USD".into(),
            start: today(),
            calendar: milepost::domain::CalendarSpec {
                workdays: vec![
                    "mon".into(),
                    "tue".into(),
                    "wed".into(),
                    "thu".into(),
                    "fri".into(),
                ],
                holidays: vec![],
            },
        },
    )
    .unwrap();
    let worker = |user: &'static str| {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&path).unwrap();
            store.set_user(user);
            let ctx = Context::on(today());
            let mut acknowledged = vec![];
            let mut undone = vec![];
            let mut mine: Vec<String> = vec![];
            for i in 0..adds {
                let outcome = ops::execute(
                    &mut store,
                    Command::AddRaid {
                        kind: milepost::domain::RaidKind::Risk,
                        title: format!("{user} {i}"),
                        fields: Default::default(),
                    },
                    &ctx,
                )
                .unwrap();
                let key = outcome.key.unwrap();
                acknowledged.push(key.clone());
                mine.push(key);
                if i % 3 == 2 {
                    // My newest change is the add just made: undo must name it.
                    let summary = ops::undo(&mut store).unwrap().unwrap();
                    let last = mine.pop().unwrap();
                    assert!(
                        summary.contains(&format!("{last} ")),
                        "{user} undid {summary:?}, expected their own {last}"
                    );
                    undone.push(last);
                }
            }
            (acknowledged, undone)
        })
    };
    // Racing threads first, then a strict interleaving: Ann adds, Bob adds, Ann undoes while
    // Bob's add is the newest change in the file.
    let a = worker("ann");
    let b = worker("bob");
    let (mut acked_a, mut undone_a) = a.join().unwrap();
    let (mut acked_b, mut undone_b) = b.join().unwrap();
    let mut ann = Store::open(&path).unwrap();
    ann.set_user("ann");
    let mut bob = Store::open(&path).unwrap();
    bob.set_user("bob");
    let ctx = Context::on(today());
    let add = |store: &mut Store, title: String| {
        ops::execute(
            store,
            Command::AddRaid {
                kind: milepost::domain::RaidKind::Risk,
                title,
                fields: Default::default(),
            },
            &ctx,
        )
        .unwrap()
        .key
        .unwrap()
    };
    for i in 0..adds / 2 {
        let ka = add(&mut ann, format!("ann again {i}"));
        let kb = add(&mut bob, format!("bob again {i}"));
        acked_a.push(ka.clone());
        acked_b.push(kb.clone());
        if i % 3 == 2 {
            let summary = ops::undo(&mut ann).unwrap().unwrap();
            assert!(
                summary.contains(&format!("{ka} ")),
                "ann undid {summary:?}, not {ka}"
            );
            undone_a.push(ka);
            let summary = ops::undo(&mut bob).unwrap().unwrap();
            assert!(
                summary.contains(&format!("{kb} ")),
                "bob undid {summary:?}, not {kb}"
            );
            undone_b.push(kb);
        }
    }
    let mut seen = HashSet::new();
    for k in acked_a.iter().chain(&acked_b) {
        assert!(seen.insert(k.clone()), "key {k} was handed out twice");
    }
    assert_eq!(seen.len(), 2 * adds + 2 * (adds / 2));
    let store = Store::open(&path).unwrap();
    let items: HashSet<String> = store
        .read()
        .raid_items(None)
        .unwrap()
        .into_iter()
        .map(|r| r.key)
        .collect();
    let undone: HashSet<&String> = undone_a.iter().chain(&undone_b).collect();
    for k in acked_a.iter().chain(&acked_b) {
        assert_eq!(
            items.contains(k),
            !undone.contains(k),
            "{k}: present only if its owner did not undo it"
        );
    }
}

/// Undo refuses, naming the other person's change, when that later change touched the same
/// record; it then changes nothing.
#[test]
fn undo_refuses_over_someone_elses_later_change_to_the_same_record() {
    let (dir, _app) = fixture();
    let path = dir.path().join("demo.db");
    let ctx = Context::on(today());
    let mut ann = Store::open(&path).unwrap();
    ann.set_user("ann");
    let mut bob = Store::open(&path).unwrap();
    bob.set_user("bob");
    let set = |store: &mut Store, percent: i64| {
        ops::execute(
            store,
            Command::SetTask {
                key: "PLT-3".into(),
                fields: ops::TaskPatch {
                    percent: Some(percent),
                    ..Default::default()
                },
            },
            &ctx,
        )
        .unwrap();
    };
    set(&mut ann, 40);
    set(&mut bob, 60);
    let err = ops::undo(&mut ann).unwrap_err().to_string();
    assert!(err.contains("bob changed the same records"), "{err}");
    assert_eq!(ann.read().task("PLT-3").unwrap().percent_complete, 60);
    // Bob undoes his, then Ann's undo goes through.
    assert!(ops::undo(&mut bob).unwrap().unwrap().contains("PLT-3"));
    assert!(ops::undo(&mut ann).unwrap().unwrap().contains("PLT-3"));
    let history = ann.read().history(5).unwrap();
    assert_eq!(history[0].user, "bob");
    assert_eq!(history[1].user, "ann");
}
