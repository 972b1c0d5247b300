//! The schedule with actuals (SPEC §2 as revised): finished tasks fixed and without float,
//! started tasks keeping retained logic, the backward pass over unfinished tasks only, and no
//! late finish past the project finish. Every expected value is worked by hand in the comment
//! above it.
//!
//! Calendar: Monday to Friday from Monday 2026-01-05 (index 0), so index i is day i of the
//! first week, i - 5 of the second, and so on. As of Wednesday 2026-01-07 (index 2) remaining
//! work resumes at A = 3; as of Friday 2026-01-09 (index 4), at A = 5.

mod plan;

use milepost::domain::{LinkType, Task};
use milepost::engine::schedule::{Planned, Schedule, schedule};
use plan::{cal, d, task};

fn started(mut t: Task, on: &str, percent: i64) -> Task {
    t.actual_start = Some(d(on));
    t.percent_complete = percent;
    t
}

fn finished(mut t: Task, from: &str, to: &str) -> Task {
    t.actual_start = Some(d(from));
    t.actual_finish = Some(d(to));
    t.percent_complete = 100;
    t
}

/// (ES, EF, resume, LS, LF, total float, free float, critical) of one task.
type Row = (
    i64,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    bool,
);

fn row(p: &Planned) -> Row {
    (
        p.start_index,
        p.finish_index,
        p.resume_index,
        p.late_start,
        p.late_finish,
        p.total_float,
        p.free_float,
        p.critical,
    )
}

fn rows(s: &Schedule) -> Vec<Row> {
    s.tasks.iter().map(row).collect()
}

fn path(s: &Schedule, tasks: &[Task]) -> Vec<String> {
    s.critical_path
        .iter()
        .map(|&i| tasks[i].key.clone())
        .collect()
}

#[test]
fn fs_successor_started_out_of_sequence_waits_for_its_predecessor() {
    // P (5 days) -> Q (3 days), FS. As of Wednesday (A = 3): P started Monday at 20 %, 4 days
    // left, resumes at 3 and finishes at 7. Q started Tuesday (index 1), before P finished, at
    // 10 %: ceil(2.7) = 3 days left, resuming at max(A 3, start 1, F_P 7) = 7, finishing at 10.
    // Backward: Q ends the project (LF 10, float 0, latest resume LR = 10 - 3 = 7). P binds
    // through LR_Q: LF_P = 7, float 0, its own latest resume 7 - 4 = 3. Free float of P
    // measures to Q's resume: 7 - 7 = 0. The old rule bound P to Q's actual start and gave
    // P a float of -5.
    let tasks = vec![
        started(task("P", 5, &[]), "2026-01-05", 20),
        started(task("Q", 3, &[("P", LinkType::Fs, 0)]), "2026-01-06", 10),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 7, 3, Some(3), Some(7), Some(0), Some(0), true),
            (1, 10, 7, Some(7), Some(10), Some(0), Some(0), true),
        ]
    );
    assert_eq!(s.project_finish, 10);
    assert_eq!(path(&s, &tasks), ["P", "Q"]);
    // Shown dates: Q resumes on day 7 (Wednesday 2026-01-14) and finishes on day 9 (Friday).
    assert_eq!(s.tasks[1].late_start_date(&cal()), Some(d("2026-01-14")));
    assert_eq!(s.tasks[1].finish_date(&cal()), d("2026-01-16"));
}

#[test]
fn ss_successor_started_early_no_longer_binds_either_way() {
    // P (10) -SS+2-> Q (4). As of Wednesday (A = 3): P started Monday at 20 %: 8 left, resumes
    // at 3, finishes at 11. Q started Tuesday (index 1, before P's start + 2) at 25 %: 3 left;
    // SS no longer binds a started task, so it resumes at A = 3 and finishes at 6.
    // Backward: Q has no successor: LF 11, float 5, LR 11 - 3 = 8. A started successor over SS
    // binds nothing, so P takes the project finish: LF 11, float 0, LR 11 - 8 = 3, free float
    // 11 - 11 = 0.
    let tasks = vec![
        started(task("P", 10, &[]), "2026-01-05", 20),
        started(task("Q", 4, &[("P", LinkType::Ss, 2)]), "2026-01-06", 25),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 11, 3, Some(3), Some(11), Some(0), Some(0), true),
            (1, 6, 3, Some(8), Some(11), Some(5), Some(5), false),
        ]
    );
    assert_eq!(path(&s, &tasks), ["P"]);
}

#[test]
fn ff_predecessor_bounds_a_started_task_finish() {
    // P (5) -FF+1-> Q (3). As of Wednesday (A = 3): P started Monday at 20 %: 4 left, finishes
    // at 7. Q started Monday at 50 %: ceil(1.5) = 2 left from 3 gives 5, but FF+1 holds its
    // finish to F_P + 1 = 8. Backward: Q LF 8, float 0, LR 8 - 2 = 6. P: FF binds LF_P <=
    // LF_Q - 1 = 7: float 0, LR 7 - 4 = 3; free float f_Q - 1 - f_P = 0.
    let tasks = vec![
        started(task("P", 5, &[]), "2026-01-05", 20),
        started(task("Q", 3, &[("P", LinkType::Ff, 1)]), "2026-01-05", 50),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 7, 3, Some(3), Some(7), Some(0), Some(0), true),
            (0, 8, 3, Some(6), Some(8), Some(0), Some(0), true),
        ]
    );
}

#[test]
fn sf_predecessor_bounds_a_started_task_finish() {
    // P (6) -SF+4-> Q (4). As of Wednesday (A = 3): P not started: ES 3, EF 9. Q started Monday
    // at 50 %: 2 left from 3 gives 5, but SF+4 holds its finish to S_P + 4 = 7. Project finish
    // 9. Backward: Q LF 9, float 2, LR 9 - 2 = 7, free float 9 - 7 = 2. P: SF binds LF_P <=
    // LF_Q - 4 + span_P = 9 - 4 + 6 = 11, capped at the project finish 9: float 0, LS 3;
    // free float min(f_Q - 4 - s_P = 0, 9 - 9 = 0) = 0.
    let tasks = vec![
        task("P", 6, &[]),
        started(task("Q", 4, &[("P", LinkType::Sf, 4)]), "2026-01-05", 50),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (3, 9, 3, Some(3), Some(9), Some(0), Some(0), true),
            (0, 7, 3, Some(7), Some(9), Some(2), Some(2), false),
        ]
    );
}

#[test]
fn started_task_after_a_finished_predecessor() {
    // P (3) finished Monday to Wednesday: [0, 3), no late dates, no float, not critical.
    // Q (5) -> after P, started Thursday (index 3) at 40 %: 3 left; as of Friday (A = 5) it
    // resumes at max(5, 3, F_P 3) = 5 and finishes at 8. R (2) after Q: ES 8, EF 10.
    // Backward: R LF 10, float 0. Q binds to R's LS 8: float 0, LR 8 - 3 = 5. P binds
    // nothing and has nothing bound to it.
    let tasks = vec![
        finished(task("P", 3, &[]), "2026-01-05", "2026-01-07"),
        started(task("Q", 5, &[("P", LinkType::Fs, 0)]), "2026-01-08", 40),
        task("R", 2, &[("Q", LinkType::Fs, 0)]),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 3, 3, None, None, None, None, false),
            (3, 8, 5, Some(5), Some(8), Some(0), Some(0), true),
            (8, 10, 8, Some(8), Some(10), Some(0), Some(0), true),
        ]
    );
    assert_eq!(path(&s, &tasks), ["Q", "R"]);
    assert_eq!(s.tasks[0].late_start_date(&cal()), None);
    assert_eq!(s.tasks[0].late_finish_date(&cal()), None);
}

#[test]
fn a_task_whose_successors_all_finished_takes_the_project_finish() {
    // Q (3) finished Monday to Wednesday although its predecessor P (2) has not started. As of
    // Friday (A = 5): P runs [5, 7). R (10) started Monday at 40 %: 6 left, [0, 11), ends the
    // project. P's only successor is finished, so it binds nothing: LF 11, float 4, free float
    // 11 - 7 = 4.
    let tasks = vec![
        task("P", 2, &[]),
        finished(
            task("Q", 3, &[("P", LinkType::Fs, 0)]),
            "2026-01-05",
            "2026-01-07",
        ),
        started(task("R", 10, &[]), "2026-01-05", 40),
    ];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (5, 7, 5, Some(9), Some(11), Some(4), Some(4), false),
            (0, 3, 3, None, None, None, None, false),
            (0, 11, 5, Some(5), Some(11), Some(0), Some(0), true),
        ]
    );
    assert_eq!(path(&s, &tasks), ["R"]);
}

#[test]
fn a_deadline_on_a_started_task_gives_negative_float() {
    // P (10) started Monday at 30 %: 7 left; as of Friday (A = 5) it finishes at 12. Its
    // deadline Friday 2026-01-16 (index 9) caps LF at 10: float -2, LR 10 - 7 = 3. Q (2) after
    // it: [12, 14), float 0; P's LF is min(LS_Q 12, deadline 10) = 10.
    let mut p = started(task("P", 10, &[]), "2026-01-05", 30);
    p.deadline = Some(d("2026-01-16"));
    let tasks = vec![p, task("Q", 2, &[("P", LinkType::Fs, 0)])];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 12, 5, Some(3), Some(10), Some(-2), Some(0), true),
            (12, 14, 12, Some(12), Some(14), Some(0), Some(0), true),
        ]
    );
}

#[test]
fn the_task_that_sets_the_finish_through_an_ss_link_is_critical() {
    // P (10) -SS+1-> Q (3): P [0, 10), Q [1, 4); the project finishes at 10. Q: LF 10, LS 7,
    // float 6. P: SS binds LF_P <= LS_Q - 1 + 10 = 16, capped at the project finish 10: float
    // 0, critical. Before the cap P had 6 days of float and the program no critical path.
    let tasks = vec![task("P", 10, &[]), task("Q", 3, &[("P", LinkType::Ss, 1)])];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(
        rows(&s),
        vec![
            (0, 10, 0, Some(0), Some(10), Some(0), Some(0), true),
            (1, 4, 1, Some(7), Some(10), Some(6), Some(6), false),
        ]
    );
    assert_eq!(path(&s, &tasks), ["P"]);
}

#[test]
fn a_milestone_with_only_an_actual_start_is_not_started() {
    // A milestone is finished by its actual finish only. M after P (3, not started); as of
    // Friday (A = 5) P runs [5, 8) and M sits at 8, shown on day 7 (Wednesday 2026-01-14).
    let mut m = task("M", 0, &[("P", LinkType::Fs, 0)]);
    m.actual_start = Some(d("2026-01-06"));
    let tasks = vec![task("P", 3, &[]), m];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!((s.tasks[1].start_index, s.tasks[1].finish_index), (8, 8));
    assert_eq!(s.tasks[1].finish_date(&cal()), d("2026-01-14"));
    assert_eq!(s.tasks[1].total_float, Some(0));
}
