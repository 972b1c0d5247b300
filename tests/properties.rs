//! Property tests on the library: export/import round trips and undo/redo of random commands.

use milepost::domain::*;
use milepost::io::{generate, program_json};
use milepost::ops::{
    self, Command, Context, LinkSpec, ListEdit, NoteList, RaidPatch, SpendPatch, TaskPatch,
};
use milepost::store::Store;
use proptest::prelude::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 10).unwrap()
}

fn export(store: &Store) -> String {
    program_json::to_json(&store.read().load_doc().unwrap())
}

fn import_fresh(doc: &ProgramDoc) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("p.db")).unwrap();
    store.bulk(|db| db.insert_doc(doc, &mut |_| {})).unwrap();
    (dir, store)
}

/// Printable text without control or bidi characters, from several scripts.
fn title() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 éüßçøΩЖ設計計画✓🚀\u{301}\"'\\\\,.;:-]{1,24}".prop_map(|s| {
        let t = s.trim().to_string();
        if t.is_empty() { "x".into() } else { t }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Generated programs with random text and amounts survive export -> import -> export.
    #[test]
    fn export_import_round_trip(tasks in 1usize..40, seed in any::<u64>(), depth in 1usize..5, titles in prop::collection::vec(title(), 8), cents in prop::collection::vec(-99_999_999_999i64..99_999_999_999, 8)) {
        // Up to four WBS levels deep.
        let mut doc = generate::generate_with_depth(tasks, seed, depth).unwrap();
        for (i, t) in doc.tasks.iter_mut().enumerate() {
            t.title = titles[i % titles.len()].clone();
            t.owner = if i % 3 == 0 { None } else { Some(titles[(i + 1) % titles.len()].clone()) };
        }
        for (i, s) in doc.spend.iter_mut().enumerate() {
            s.amount = Money(cents[i % cents.len()]);
            s.vendor = Some(titles[i % titles.len()].clone());
        }
        if let Some(r) = doc.raid.first_mut() {
            r.description = Some(format!("{}\n{}", titles[0], titles[1]));
        }
        let text = program_json::to_json(&doc);
        let parsed = program_json::from_json(&text).unwrap();
        prop_assert_eq!(&parsed, &doc);
        let (_dir, store) = import_fresh(&parsed);
        prop_assert_eq!(&store.read().load_doc().unwrap(), &doc);
        prop_assert_eq!(export(&store), text);
    }

    /// MS Project XML export, then import, gives back the program for the fields both hold:
    /// calendar, workstreams, and each task's title, duration, progress, budget, owner, parent
    /// and links, and the baseline dates (keys matched by position in WBS order).
    #[test]
    fn mspdi_export_import_round_trip(tasks in 1usize..40, seed in any::<u64>(), depth in 1usize..5, titles in prop::collection::vec(title(), 8)) {
        let mut doc = generate::generate_with_depth(tasks, seed, depth).unwrap();
        for (i, t) in doc.tasks.iter_mut().enumerate() {
            t.title = titles[i % titles.len()].clone();
        }
        let (_dir, store) = import_fresh(&doc);
        let db = store.read();
        let doc = db.load_doc().unwrap();
        let cal = ops::calendar(&db).unwrap();
        let forecast = milepost::engine::forecast::forecast(&doc.tasks, &cal, today(), db.latest_baseline().unwrap().as_ref()).unwrap();
        let xml = milepost::io::mspdi::write(&doc, &forecast);
        let (back, _report) = milepost::io::mspdi::read(&xml, "round-trip").unwrap();
        let back = program_json::from_json(&program_json::to_json(&back)).unwrap();
        prop_assert_eq!(&back.program.name, &doc.program.name);
        prop_assert_eq!(&back.program.currency, &doc.program.currency);
        prop_assert_eq!(back.program.start, doc.program.start);
        prop_assert_eq!(&back.program.calendar, &doc.program.calendar);
        prop_assert_eq!(&back.workstreams, &doc.workstreams);
        prop_assert_eq!(back.tasks.len(), doc.tasks.len());
        let key: std::collections::HashMap<&str, &str> = doc.tasks.iter().zip(&back.tasks).map(|(a, b)| (a.key.as_str(), b.key.as_str())).collect();
        let summary = milepost::domain::wbs::summaries(&doc.tasks);
        for ((a, b), s) in doc.tasks.iter().zip(&back.tasks).zip(&summary) {
            prop_assert_eq!(&b.title, &a.title);
            prop_assert_eq!(&b.workstream, &a.workstream);
            prop_assert_eq!(b.parent.as_deref(), a.parent.as_deref().map(|p| key[p]));
            prop_assert_eq!(&b.owner, &a.owner);
            prop_assert_eq!(b.not_before, a.not_before);
            prop_assert_eq!(b.deadline, a.deadline);
            if !s {
                prop_assert_eq!(b.duration, a.duration);
                prop_assert_eq!(b.percent_complete, a.percent_complete);
                prop_assert_eq!(b.actual_start, a.actual_start);
                prop_assert_eq!(b.actual_finish, a.actual_finish);
                prop_assert_eq!(b.budget, a.budget);
            }
            let links = |t: &Task, map: bool| -> Vec<(String, LinkType, i64)> {
                t.after.iter().map(|l| (if map { key[l.key.as_str()].to_string() } else { l.key.clone() }, l.link_type, l.lag)).collect()
            };
            prop_assert_eq!(links(b, false), links(a, true));
        }
        prop_assert_eq!(back.baselines.len(), doc.baselines.len());
        for (a, b) in doc.baselines.iter().zip(&back.baselines) {
            let dates = |bl: &Baseline, map: bool| -> Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> {
                let mut v: Vec<_> = bl.tasks.iter().map(|t| (if map { key[t.key.as_str()].to_string() } else { t.key.clone() }, t.start, t.finish)).collect();
                v.sort();
                v
            };
            prop_assert_eq!(dates(b, false), dates(a, true));
        }
    }

    /// Apply random commands, undo them all (back to the first export), redo them all (the last).
    #[test]
    fn undo_all_then_redo_all(commands in prop::collection::vec(command(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut store = Store::create(&path).unwrap();
        // Three WBS levels: W1-1..W1-12 under W1-13..W1-15, under W1-16.
        let doc = generate::generate_with_depth(12, 3, 3).unwrap();
        store.bulk(|db| db.insert_doc(&doc, &mut |_| {})).unwrap();
        let ctx = Context::on(today());
        let first = export(&store);
        let mut applied = 0;
        let mut moved = 0;
        for c in commands {
            let wbs = matches!(&c, Command::MoveTask { .. })
                || matches!(&c, Command::SetTask { fields, .. } if fields.parent.is_some());
            if ops::execute(&mut store, c, &ctx).is_ok() {
                applied += 1;
                moved += usize::from(wbs);
                // No command leaves a plan the schedule refuses (a summary linked to its own
                // subtask would be a cycle through the structure).
                let db = store.read();
                let cal = ops::calendar(&db).unwrap();
                prop_assert!(milepost::engine::schedule::schedule(&db.tasks(None).unwrap(), &cal, Some(today())).is_ok());
            }
        }
        let _ = moved;
        let last = export(&store);
        // Undo survives a restart: reopen the file half way.
        drop(store);
        let mut store = Store::open(&path).unwrap();
        for _ in 0..applied {
            prop_assert!(ops::undo(&mut store).unwrap().is_some());
        }
        prop_assert!(ops::undo(&mut store).unwrap().is_none());
        prop_assert_eq!(export(&store), first);
        for _ in 0..applied {
            prop_assert!(ops::redo(&mut store).unwrap().is_some());
        }
        prop_assert!(ops::redo(&mut store).unwrap().is_none());
        prop_assert_eq!(export(&store), last);
    }
}

/// Random commands against the 12-task generated program with a 3-level WBS (workstream W1,
/// tasks W1-1..W1-12, summaries W1-13..W1-16), moves and new parents among them.
fn command() -> impl Strategy<Value = Command> {
    let task = (1i64..20).prop_map(|n| format!("W1-{n}"));
    let date = (0i64..200).prop_map(|d| today() - chrono::Duration::days(d));
    prop_oneof![
        (title(), 0i64..20, prop::option::of(task.clone())).prop_map(|(t, d, after)| {
            Command::AddTask {
                workstream: "W1".into(),
                title: t,
                duration: d,
                after: after
                    .into_iter()
                    .map(|key| LinkSpec {
                        key,
                        link_type: LinkType::Ss,
                        lag: 1,
                    })
                    .collect(),
                fields: TaskPatch::default(),
            }
        }),
        (task.clone(), 0i64..=100, prop::option::of(title())).prop_map(|(key, p, owner)| {
            Command::SetTask {
                key,
                fields: TaskPatch {
                    percent: Some(p),
                    owner: Some(owner),
                    ..TaskPatch::default()
                },
            }
        }),
        (task.clone(), any::<bool>()).prop_map(|(key, force)| Command::RemoveTask { key, force }),
        (task.clone(), task.clone(), any::<bool>())
            .prop_map(|(key, beside, after)| Command::MoveTask { key, beside, after }),
        (task.clone(), prop::option::of(task.clone())).prop_map(|(key, parent)| {
            Command::SetTask {
                key,
                fields: TaskPatch {
                    parent: Some(parent),
                    ..TaskPatch::default()
                },
            }
        }),
        (title(), task.clone()).prop_map(|(t, parent)| Command::AddTask {
            workstream: "W1".into(),
            title: t,
            duration: 2,
            after: vec![],
            fields: TaskPatch {
                parent: Some(Some(parent)),
                ..TaskPatch::default()
            },
        }),
        (task.clone(), task.clone(), -3i64..4).prop_map(|(pred, succ, lag)| Command::AddDep {
            pred,
            succ,
            link_type: LinkType::Fs,
            lag
        }),
        (task.clone(), task.clone()).prop_map(|(pred, succ)| Command::RemoveDep { pred, succ }),
        (task.clone(), task.clone(), -3i64..4).prop_map(|(pred, succ, lag)| Command::SetDep {
            pred,
            succ,
            link_type: Some(LinkType::Ff),
            lag: Some(lag),
        }),
        (title(), 1i64..=5, 1i64..=5).prop_map(|(t, p, i)| Command::AddRaid {
            kind: RaidKind::Risk,
            title: t,
            fields: RaidPatch {
                probability: Some(Some(p)),
                impact: Some(Some(i)),
                tasks: Some(vec!["W1-1".into()]),
                ..RaidPatch::default()
            },
        }),
        (1i64..4).prop_map(|n| Command::CloseRaid {
            key: format!("R-{n}"),
            status: None,
            note: Some("done".into()),
            date: None
        }),
        (date.clone(), -100_000i64..10_000_000).prop_map(|(d, c)| Command::AddSpend {
            date: d,
            workstream: "W1".into(),
            category: "Labor".into(),
            amount: Money(c),
            fields: SpendPatch::default(),
        }),
        (1i64..40).prop_map(|n| Command::RemoveSpend {
            key: format!("SP-{n}")
        }),
        (0i64..1_000_000).prop_map(|c| Command::SetBudget {
            workstream: "W1".into(),
            category: "Labor".into(),
            month: Month::of(today()),
            amount: Money(c)
        }),
        title().prop_map(|t| Command::AddChange {
            title: t,
            workstream: Some("W1".into()),
            budget_delta: Some(Money(1000)),
            schedule_delta: None
        }),
        title().prop_map(|t| Command::AddDecision {
            title: t,
            decision: "yes".into(),
            rationale: None,
            by: None,
            date: None
        }),
        (title(), prop::option::of(Just(Rag::Red))).prop_map(|(s, rag)| Command::SetNote {
            workstream: Some("W1".into()),
            week: None,
            rag: Some(rag),
            reason: Some("reason".into()),
            summary: Some(s),
            done: vec!["shipped".into()],
            next: vec![],
            edits: vec![],
        }),
        (1usize..3, 1usize..3).prop_map(|(a, b)| Command::SetNote {
            workstream: Some("W1".into()),
            week: None,
            rag: None,
            reason: None,
            summary: None,
            done: vec![],
            next: vec!["next".into()],
            edits: vec![
                ListEdit::Move {
                    list: NoteList::Done,
                    from: a,
                    to: b
                },
                ListEdit::Remove {
                    list: NoteList::Done,
                    at: b
                },
            ],
        }),
        Just(Command::SetBaseline { name: None }),
        (title(), prop::option::of(-5000i64..5000)).prop_map(|(t, delta)| Command::SetChange {
            key: "CR-1".into(),
            title: Some(t),
            workstream: None,
            budget_delta: Some(delta.map(Money)),
            schedule_delta: Some(Some(2)),
        }),
        (title(), prop::option::of(title())).prop_map(|(t, by)| Command::SetDecision {
            key: "DEC-1".into(),
            title: Some(t),
            decision: None,
            rationale: Some(Some("because".into())),
            by: Some(by),
            date: None,
        }),
        (prop::option::of(title()), date.clone(), any::<bool>()).prop_map(|(name, day, add)| {
            Command::SetProgram {
                name,
                currency: None,
                start: None,
                workdays: Some("mon,tue,wed,thu".into()),
                add_holidays: if add { vec![day] } else { vec![] },
                remove_holidays: if add { vec![] } else { vec![day] },
            }
        }),
        prop::collection::vec((date.clone(), 1i64..1_000_000), 1..6).prop_map(|rows| {
            Command::ImportSpend {
                file: "finance.csv".into(),
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (date, cents))| ops::SpendRow {
                        line: i as u64 + 2,
                        date,
                        workstream: "W1".into(),
                        category: "Vendors".into(),
                        amount: Money(cents),
                        vendor: Some("Acme".into()),
                        reference: Some(format!("INV-{cents}")),
                        status: SpendStatus::Invoiced,
                    })
                    .collect(),
            }
        }),
        (task.clone(), any::<bool>()).prop_map(|(key, approve)| Command::DecideChange {
            key: key.replace("W1-", "CR-"),
            approve,
            date: None,
            category: None,
            month: None
        }),
        title().prop_map(|t| Command::AddWorkstream {
            key: "NEW".into(),
            name: t,
            owner: None
        }),
        Just(Command::RemoveWorkstream { key: "NEW".into() }),
    ]
}

#[test]
fn generated_2000_tasks_round_trip_byte_for_byte() {
    let doc = generate::generate(2000, 42).unwrap();
    let text = program_json::to_json(&doc);
    let (_dir, store) = import_fresh(&program_json::from_json(&text).unwrap());
    assert_eq!(export(&store), text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// For random ledgers, the report totals (summed in SQL, then exactly) equal an independent
    /// sum in i128, to the cent.
    #[test]
    fn report_totals_equal_an_independent_sum(
        spend in prop::collection::vec((0i64..400, -99_999_999_999i64..99_999_999_999, 0usize..4, 0usize..3), 0..60),
        lines in prop::collection::vec((0u32..12, 0i64..99_999_999_999, 0usize..3), 0..30),
        as_of_offset in 0i64..400,
    ) {
        use milepost::engine::{budget, evm};
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let mut doc = generate::generate(3, 1).unwrap();
        doc.spend.clear();
        doc.budget.clear();
        doc.changes.clear();
        let categories = ["Labor", "Vendors", "Travel"];
        let statuses = [SpendStatus::Committed, SpendStatus::Accrued, SpendStatus::Invoiced, SpendStatus::Paid];
        for (i, (day, cents, status, cat)) in spend.iter().enumerate() {
            doc.spend.push(SpendEntry {
                key: format!("SP-{}", i + 1),
                date: start + chrono::Duration::days(*day),
                workstream: "W1".into(),
                category: categories[*cat].into(),
                amount: Money(*cents),
                vendor: None,
                reference: Some(format!("R{i}")),
                status: statuses[*status],
            });
        }
        let mut seen = std::collections::HashSet::new();
        for (m, cents, cat) in &lines {
            if seen.insert((*m, *cat)) {
                doc.budget.push(BudgetLine {
                    workstream: "W1".into(),
                    category: categories[*cat].into(),
                    month: Month { year: 2026, month: m + 1 },
                    amount: Money(*cents),
                });
            }
        }
        let (_dir, store) = import_fresh(&doc);
        let as_of = start + chrono::Duration::days(as_of_offset);
        let db = store.read();
        let totals = db.spend_totals(as_of).unwrap();
        let report = budget::budget_report(&doc.budget, &totals, &["W1".to_string()], budget::GroupBy::Month, as_of, "USD");
        let actual: i128 = doc.spend.iter().filter(|s| s.date <= as_of && s.status != SpendStatus::Committed).map(|s| i128::from(s.amount.cents())).sum();
        let committed: i128 = doc.spend.iter().filter(|s| s.date <= as_of && s.status == SpendStatus::Committed).map(|s| i128::from(s.amount.cents())).sum();
        let planned: i128 = doc.budget.iter().map(|b| i128::from(b.amount.cents())).sum();
        prop_assert_eq!(i128::from(report.total.actual.cents()), actual);
        prop_assert_eq!(i128::from(report.total.committed.cents()), committed);
        prop_assert_eq!(i128::from(report.total.planned.cents()), planned);
        let row_actual: i128 = report.rows.iter().map(|r| i128::from(r.actual.cents())).sum();
        prop_assert_eq!(row_actual, actual);
        let tasks = db.task_progress().unwrap();
        let ledger = evm::Ledger::new(&doc.budget, &totals, &tasks);
        let e = evm::evm_report(&ledger, &["W1".to_string()], None, as_of, "USD", None);
        prop_assert_eq!(i128::from(e.program.ac.cents()), actual);
        prop_assert_eq!(i128::from(e.program.bac.cents()), planned);
        prop_assert_eq!(e.workstreams[0].figures.ac, e.program.ac);
    }
}
