//! The schedule with a work breakdown structure (SPEC §11): summaries span their leaves and
//! roll up late dates and floats; links into and out of summaries at two depths bind the
//! leaves as MS Project does. Every figure below is worked by hand.
//!
//! Working days on a Monday-to-Friday calendar from Monday 2026-01-05: index 0 is that Monday,
//! and a task occupies `[start, finish)`.

mod plan;

use milepost::domain::{LinkType, Task};
use milepost::engine::schedule::{Schedule, schedule};
use plan::{cal, d};

fn task(key: &str, parent: Option<&str>, duration: i64, after: &[(&str, LinkType, i64)]) -> Task {
    Task {
        parent: parent.map(str::to_string),
        ..plan::task(key, duration, after)
    }
}

/// (ES, EF, LS, LF, total float, free float, critical) per task, in input order.
fn table(s: &Schedule) -> Vec<(i64, i64, i64, i64, i64, i64, bool)> {
    s.tasks
        .iter()
        .map(|p| {
            (
                p.start_index,
                p.finish_index,
                p.late_start.unwrap(),
                p.late_finish.unwrap(),
                p.total_float.unwrap(),
                p.free_float.unwrap(),
                p.critical,
            )
        })
        .collect()
}

/// A -> S (FS) into a summary whose leaves sit at depths 2 and 3; S -> B (FS) out of it.
///
/// A [0,5). S's leaves start no earlier than 5: S1 [5,8), T1 [5,7), T2 after T1 [7,11).
/// B waits for every leaf of S: [11,13). Backward: B's LS 11 limits every leaf of S, so T2's LF
/// is 11 (float 0), T1's is T2's LS 7 (float 0), S1's is 11 (float 3); A's LF is the least LS
/// of S's leaves, T1's 5 (float 0).
#[test]
fn links_into_and_out_of_a_summary_bind_every_leaf() {
    let tasks = vec![
        task("PLT-1", None, 5, &[]),                                    // A
        task("PLT-2", None, 0, &[("PLT-1", LinkType::Fs, 0)]),          // S
        task("PLT-3", Some("PLT-2"), 3, &[]),                           // S1
        task("PLT-4", Some("PLT-2"), 0, &[]),                           // T
        task("PLT-5", Some("PLT-4"), 2, &[]),                           // T1
        task("PLT-6", Some("PLT-4"), 4, &[("PLT-5", LinkType::Fs, 0)]), // T2
        task("PLT-7", None, 2, &[("PLT-2", LinkType::Fs, 0)]),          // B
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(
        table(&s),
        vec![
            (0, 5, 0, 5, 0, 0, true),     // A
            (5, 11, 5, 11, 0, 0, true),   // S: spans its leaves, rolls up
            (5, 8, 8, 11, 3, 3, false),   // S1
            (5, 11, 5, 11, 0, 0, true),   // T
            (5, 7, 5, 7, 0, 0, true),     // T1
            (7, 11, 7, 11, 0, 0, true),   // T2
            (11, 13, 11, 13, 0, 0, true), // B
        ]
    );
    assert_eq!(s.project_finish, 13);
    let path: Vec<&str> = s
        .critical_path
        .iter()
        .map(|&i| tasks[i].key.as_str())
        .collect();
    assert_eq!(path, ["PLT-1", "PLT-5", "PLT-6", "PLT-7"], "leaves only");
    assert!(!s.tasks[1].milestone, "a summary is never a milestone");
}

/// X -> T with SS+2 into a summary at depth 2; T -> Y with FF+1 out of it.
///
/// X [0,4). T's leaves start no earlier than X's start + 2: T1 [2,4), T2 [2,5); S1 [0,3).
/// Y finishes no earlier than T's finish (5) + 1: [4,6). Backward: Y's LF 6 less the lag puts
/// T's leaves' finish at 5 at the latest: T1 float 1, T2 float 0. S1 is limited only by the
/// project finish: float 3. X's start is limited by the least LS of T's leaves (T2's 2) less
/// the lag: LS 0, float 0.
#[test]
fn ss_into_and_ff_out_of_a_nested_summary() {
    let tasks = vec![
        task("PLT-1", None, 4, &[]),                                    // X
        task("PLT-2", None, 0, &[]),                                    // S
        task("PLT-3", Some("PLT-2"), 3, &[]),                           // S1
        task("PLT-4", Some("PLT-2"), 0, &[("PLT-1", LinkType::Ss, 2)]), // T
        task("PLT-5", Some("PLT-4"), 2, &[]),                           // T1
        task("PLT-6", Some("PLT-4"), 3, &[]),                           // T2
        task("PLT-7", None, 2, &[("PLT-4", LinkType::Ff, 1)]),          // Y
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(
        table(&s),
        vec![
            (0, 4, 0, 4, 0, 0, true),  // X
            (0, 5, 2, 6, 0, 0, true),  // S: LS min(3, 2), LF max(6, 5), float min(3, 1, 0)
            (0, 3, 3, 6, 3, 3, false), // S1
            (2, 5, 2, 5, 0, 0, true),  // T
            (2, 4, 3, 5, 1, 1, false), // T1
            (2, 5, 2, 5, 0, 0, true),  // T2
            (4, 6, 4, 6, 0, 0, true),  // Y
        ]
    );
}

/// A finished leaf keeps its actual dates inside its summary; the summary spans actual and
/// forecast dates, and its float comes from the unfinished leaves only.
#[test]
fn a_summary_spans_finished_and_forecast_leaves() {
    let mut done = task("PLT-2", Some("PLT-1"), 3, &[]);
    done.actual_start = Some(d("2026-01-05"));
    done.actual_finish = Some(d("2026-01-07"));
    done.percent_complete = 100;
    let tasks = vec![
        task("PLT-1", None, 0, &[]),
        done,
        task("PLT-3", Some("PLT-1"), 4, &[("PLT-2", LinkType::Fs, 0)]),
    ];
    // As of Friday 2026-01-09 (index 4): PLT-3 starts Monday (index 5).
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!((s.tasks[1].start_index, s.tasks[1].finish_index), (0, 3));
    assert_eq!(s.tasks[1].total_float, None, "finished");
    assert_eq!((s.tasks[2].start_index, s.tasks[2].finish_index), (5, 9));
    assert_eq!((s.tasks[0].start_index, s.tasks[0].finish_index), (0, 9));
    assert_eq!(s.tasks[0].total_float, Some(0));
    assert_eq!(s.tasks[0].late_finish, Some(9));
}

/// A link between a summary and its own descendant closes a cycle through the structure.
#[test]
fn a_link_between_a_summary_and_its_descendant_is_a_cycle() {
    let tasks = vec![
        task("PLT-1", None, 0, &[]),
        task("PLT-2", Some("PLT-1"), 2, &[("PLT-1", LinkType::Fs, 0)]),
    ];
    let err = schedule(&tasks, &cal(), None).unwrap_err().to_string();
    assert!(err.starts_with("dependency cycle"), "{err}");
    let tasks = vec![
        task("PLT-1", None, 0, &[("PLT-2", LinkType::Fs, 0)]),
        task("PLT-2", Some("PLT-1"), 2, &[]),
    ];
    assert!(schedule(&tasks, &cal(), None).is_err());
}

/// A flat plan and the same plan under one summary give the leaves the same dates and floats:
/// the structure alone moves nothing.
#[test]
fn a_summary_over_a_flat_plan_moves_nothing() {
    let flat = vec![
        task("PLT-2", None, 3, &[]),
        task("PLT-3", None, 2, &[("PLT-2", LinkType::Fs, 1)]),
        task("PLT-4", None, 4, &[("PLT-2", LinkType::Ss, 0)]),
    ];
    let mut nested = vec![task("PLT-1", None, 0, &[])];
    nested.extend(flat.iter().cloned().map(|mut t| {
        t.parent = Some("PLT-1".into());
        t
    }));
    let a = schedule(&flat, &cal(), None).unwrap();
    let b = schedule(&nested, &cal(), None).unwrap();
    assert_eq!(table(&a), table(&b)[1..].to_vec());
    assert_eq!(b.tasks[0].start_index, 0);
    assert_eq!(b.tasks[0].finish_index, a.project_finish);
}

/// A deadline on a summary binds each of its leaves, at any depth, as a deadline of their own
/// would: S (deadline Friday 2026-01-09, index 4, so LF <= 5) over S1 [0,3) and T over
/// T1 [0,2) and T2 after T1 [2,6). T2 cannot meet it: LF 5, float -1, and T1 before it
/// LF 1, float -1. S1 has LF 5, float 2. Without the deadline the project finish (6) binds.
#[test]
fn a_deadline_on_a_summary_binds_its_leaves() {
    let mut s = task("PLT-1", None, 0, &[]);
    s.deadline = Some(d("2026-01-09"));
    let tasks = vec![
        s,
        task("PLT-2", Some("PLT-1"), 3, &[]),
        task("PLT-3", Some("PLT-1"), 0, &[]),
        task("PLT-4", Some("PLT-3"), 2, &[]),
        task("PLT-5", Some("PLT-3"), 4, &[("PLT-4", LinkType::Fs, 0)]),
    ];
    let plan = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(
        table(&plan),
        vec![
            (0, 6, -1, 5, -1, 0, true), // S
            (0, 3, 2, 5, 2, 3, false),  // S1
            (0, 6, -1, 5, -1, 0, true), // T
            (0, 2, -1, 1, -1, 0, true), // T1
            (2, 6, 1, 5, -1, 0, true),  // T2
        ]
    );
    let mut free = tasks.clone();
    free[0].deadline = None;
    let plan = schedule(&free, &cal(), None).unwrap();
    assert_eq!(plan.tasks[4].late_finish, Some(6));
    assert_eq!(plan.tasks[1].total_float, Some(3));
}
