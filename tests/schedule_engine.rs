//! The schedule engine on textbook networks with known answers, link types with lags,
//! constraints, milestones and the forecast rules (SPEC §2).
//!
//! Durations are working days on a Monday-to-Friday calendar starting Monday 2026-01-05, so
//! index arithmetic matches the textbooks' day counts.

mod plan;

use chrono::NaiveDate;
use milepost::domain::{Calendar, LinkType, Task, Workdays};
use milepost::engine::schedule::{Schedule, schedule};
use plan::{cal, d, task};
use proptest::prelude::*;

fn fs(keys: &[&'static str]) -> Vec<(&'static str, LinkType, i64)> {
    keys.iter().map(|k| (*k, LinkType::Fs, 0)).collect()
}

/// (ES, EF, LS, LF, total float, free float) per task, in input order, for networks with no
/// finished task (every late date and float is there).
fn table(s: &Schedule) -> Vec<(i64, i64, i64, i64, i64, i64)> {
    s.tasks
        .iter()
        .map(|p| {
            let late = "an unfinished task has late dates and floats";
            (
                p.start_index,
                p.finish_index,
                p.late_start.expect(late),
                p.late_finish.expect(late),
                p.total_float.expect(late),
                p.free_float.expect(late),
            )
        })
        .collect()
}

fn critical_keys(s: &Schedule, tasks: &[Task]) -> Vec<String> {
    s.critical_path
        .iter()
        .map(|&i| tasks[i].key.clone())
        .collect()
}

/// The activity-on-arrow exercise of the edugorilla "PERT and CPM: critical path, slacks and
/// floats" tutorial (trends.edugorilla.com, part 4 of 8): activities A-K on nodes 1-8 with
/// durations 2 7 8 3 6 10 4 6 2 5 6, converted to activity-on-node (a task follows the
/// activities that end at its start node). Total and free float differ for A, C, D, E, G, I.
#[test]
fn edugorilla_network_floats_and_critical_path() {
    let tasks = vec![
        task("N-1", 2, &[]),                   // A 1-2
        task("N-2", 7, &[]),                   // B 1-3
        task("N-3", 8, &[]),                   // C 1-4
        task("N-4", 3, &fs(&["N-1"])),         // D 2-5
        task("N-5", 6, &fs(&["N-2"])),         // E 3-5
        task("N-6", 10, &fs(&["N-2"])),        // F 3-6
        task("N-7", 4, &fs(&["N-2"])),         // G 3-7
        task("N-8", 6, &fs(&["N-3"])),         // H 4-6
        task("N-9", 2, &fs(&["N-4", "N-5"])),  // I 5-7
        task("N-10", 5, &fs(&["N-6", "N-8"])), // J 6-8
        task("N-11", 6, &fs(&["N-7", "N-9"])), // K 7-8
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(s.project_finish, 22);
    assert_eq!(
        table(&s),
        vec![
            (0, 2, 9, 11, 9, 0),    // A
            (0, 7, 0, 7, 0, 0),     // B
            (0, 8, 3, 11, 3, 0),    // C
            (2, 5, 11, 14, 9, 8),   // D
            (7, 13, 8, 14, 1, 0),   // E
            (7, 17, 7, 17, 0, 0),   // F
            (7, 11, 12, 16, 5, 4),  // G
            (8, 14, 11, 17, 3, 3),  // H
            (13, 15, 14, 16, 1, 0), // I
            (17, 22, 17, 22, 0, 0), // J
            (15, 21, 16, 22, 1, 1), // K
        ]
    );
    assert_eq!(critical_keys(&s, &tasks), ["N-2", "N-6", "N-10"]);
    assert_eq!(s.project_finish_date(&cal()), d("2026-02-03"));
}

/// The maintenance-job network of a studyx.ai CPM exercise (A 3; B 4 after A; C 5, D 3, E 7
/// after B; F 9 and G 8 after C; H 2 after F, G; I 4 after D, E, H; J 7 after I). The posted
/// answer gives G a late finish of 20; H cannot start before 21, so G's late finish is 21 and
/// its float 1, which is what the engine must say.
#[test]
fn maintenance_job_network() {
    let tasks = vec![
        task("M-1", 3, &[]),
        task("M-2", 4, &fs(&["M-1"])),
        task("M-3", 5, &fs(&["M-2"])),
        task("M-4", 3, &fs(&["M-2"])),
        task("M-5", 7, &fs(&["M-2"])),
        task("M-6", 9, &fs(&["M-3"])),
        task("M-7", 8, &fs(&["M-3"])),
        task("M-8", 2, &fs(&["M-6", "M-7"])),
        task("M-9", 4, &fs(&["M-4", "M-5", "M-8"])),
        task("M-10", 7, &fs(&["M-9"])),
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(s.project_finish, 34);
    let floats: Vec<(i64, i64)> = s
        .tasks
        .iter()
        .map(|p| (p.total_float.unwrap(), p.free_float.unwrap()))
        .collect();
    assert_eq!(
        floats,
        vec![
            (0, 0),
            (0, 0),
            (0, 0),
            (13, 13),
            (9, 9),
            (0, 0),
            (1, 1),
            (0, 0),
            (0, 0),
            (0, 0)
        ]
    );
    assert_eq!(s.tasks[6].late_finish, Some(21));
    assert_eq!(
        critical_keys(&s, &tasks),
        ["M-1", "M-2", "M-3", "M-6", "M-8", "M-9", "M-10"]
    );
}

/// Precedence diagramming with every link type and lags, worked by hand from the rules of
/// SPEC §2: A 5; B 3, SS+2 from A; C 4, FF+1 from A; D 2 after B and C; E 3, SF+6 from A.
#[test]
fn all_link_types_with_lags_forward_and_backward() {
    let tasks = vec![
        task("P-1", 5, &[]),
        task("P-2", 3, &[("P-1", LinkType::Ss, 2)]),
        task("P-3", 4, &[("P-1", LinkType::Ff, 1)]),
        task("P-4", 2, &fs(&["P-2", "P-3"])),
        task("P-5", 3, &[("P-1", LinkType::Sf, 6)]),
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(
        table(&s),
        vec![
            (0, 5, 0, 5, 0, 0),
            (2, 5, 3, 6, 1, 1),
            (2, 6, 2, 6, 0, 0),
            (6, 8, 6, 8, 0, 0),
            (3, 6, 5, 8, 2, 2),
        ]
    );
    assert_eq!(critical_keys(&s, &tasks), ["P-1", "P-3", "P-4"]);

    // Negative lags (leads): B may start 2 days before A finishes.
    let tasks = vec![
        task("L-1", 5, &[]),
        task("L-2", 4, &[("L-1", LinkType::Fs, -2)]),
    ];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(table(&s), vec![(0, 5, 0, 5, 0, 0), (3, 7, 3, 7, 0, 0)]);
    // A lead never moves a task before the program start.
    let tasks = vec![
        task("L-1", 1, &[]),
        task("L-2", 4, &[("L-1", LinkType::Ss, -3)]),
    ];
    assert_eq!(
        schedule(&tasks, &cal(), None).unwrap().tasks[1].start_index,
        0
    );
}

#[test]
fn deadlines_give_negative_float_and_not_before_holds_a_start() {
    let mut b = task("C-2", 5, &fs(&["C-1"]));
    b.deadline = Some(d("2026-01-14")); // index 7; B would finish on index 9 (2026-01-16)
    let tasks = vec![task("C-1", 5, &[]), b];
    let s = schedule(&tasks, &cal(), None).unwrap();
    assert_eq!(table(&s), vec![(0, 5, -2, 3, -2, 0), (5, 10, 3, 8, -2, 0)]);
    assert_eq!(critical_keys(&s, &tasks), ["C-1", "C-2"]);
    // A deadline on a weekend counts from the Friday before it.
    let mut b = task("C-2", 5, &fs(&["C-1"]));
    b.deadline = Some(d("2026-01-18")); // Sunday -> Friday 2026-01-16, index 9
    let s = schedule(&[task("C-1", 5, &[]), b], &cal(), None).unwrap();
    assert_eq!(s.tasks[1].total_float, Some(0));

    let mut late = task("C-3", 2, &[]);
    late.not_before = Some(d("2026-01-12"));
    let s = schedule(&[late], &cal(), None).unwrap();
    assert_eq!((s.tasks[0].start_index, s.tasks[0].finish_index), (5, 7));
}

#[test]
fn milestones_sit_at_an_instant_and_show_the_day_that_ends_there() {
    let mut m = task("K-2", 0, &fs(&["K-1"]));
    m.deadline = Some(d("2026-01-09"));
    let tasks = vec![task("K-1", 5, &[]), m, task("K-3", 3, &fs(&["K-2"]))];
    let s = schedule(&tasks, &cal(), None).unwrap();
    let m = &s.tasks[1];
    assert_eq!(
        (m.start_index, m.finish_index, m.total_float),
        (5, 5, Some(0))
    );
    assert_eq!(m.finish_date(&cal()), d("2026-01-09"));
    assert_eq!(m.start_date(&cal()), d("2026-01-09"));
    assert_eq!(s.tasks[2].start_date(&cal()), d("2026-01-12"));
    // A milestone at the very start shows day 0; its not-before applies to its shown date.
    let mut start = task("K-4", 0, &[]);
    assert_eq!(
        schedule(&[start.clone()], &cal(), None).unwrap().tasks[0].finish_date(&cal()),
        d("2026-01-05")
    );
    start.not_before = Some(d("2026-01-07"));
    let s = schedule(&[start], &cal(), None).unwrap();
    assert_eq!(s.tasks[0].finish_date(&cal()), d("2026-01-07"));
}

#[test]
fn forecast_half_done_and_late() {
    // 10 days, started on time, only 50 % done as of Friday 2026-01-16 (index 9): the remaining
    // 5 days run from Monday (index 10), so it finishes on index 14, five days late.
    let mut a = task("F-1", 10, &[]);
    a.actual_start = Some(d("2026-01-05"));
    a.percent_complete = 50;
    let tasks = vec![a, task("F-2", 2, &fs(&["F-1"]))];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-16"))).unwrap();
    assert_eq!((s.tasks[0].start_index, s.tasks[0].finish_index), (0, 15));
    assert_eq!(s.tasks[0].finish_date(&cal()), d("2026-01-23"));
    assert_eq!((s.tasks[1].start_index, s.tasks[1].finish_index), (15, 17));
    // 33 % of 10 days leaves ceil(6.7) = 7.
    let mut b = tasks[0].clone();
    b.percent_complete = 33;
    let s = schedule(&[b], &cal(), Some(d("2026-01-16"))).unwrap();
    assert_eq!(s.tasks[0].finish_index, 17);
}

#[test]
fn forecast_finished_early_and_before_the_program_start() {
    // A 5-day task finished in 3 days: fixed at its actual dates; its successor can start the
    // day after the as-of date at the earliest.
    let mut a = task("E-1", 5, &[]);
    a.actual_start = Some(d("2026-01-05"));
    a.actual_finish = Some(d("2026-01-07"));
    a.percent_complete = 100;
    let tasks = vec![a, task("E-2", 4, &fs(&["E-1"]))];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    assert_eq!((s.tasks[0].start_index, s.tasks[0].finish_index), (0, 3));
    assert_eq!((s.tasks[1].start_index, s.tasks[1].finish_index), (3, 7));
    let s = schedule(&tasks, &cal(), Some(d("2026-01-09"))).unwrap();
    assert_eq!(
        s.tasks[1].start_index, 5,
        "unstarted work waits for the as-of date"
    );
    // As of a date before the program start: the pure plan, actuals ignored.
    let s = schedule(&tasks, &cal(), Some(d("2025-12-31"))).unwrap();
    assert_eq!(table(&s)[0], (0, 5, 0, 5, 0, 0));
    assert_eq!(s.tasks[1].start_index, 5);
}

#[test]
fn cycles_are_refused_naming_the_cycle() {
    let tasks = vec![
        task("Y-1", 1, &fs(&["Y-3"])),
        task("Y-2", 1, &fs(&["Y-1"])),
        task("Y-3", 1, &fs(&["Y-2"])),
        task("Y-4", 1, &[]),
    ];
    let err = schedule(&tasks, &cal(), None).unwrap_err().to_string();
    let names = [
        "Y-1 -> Y-2 -> Y-3 -> Y-1",
        "Y-2 -> Y-3 -> Y-1 -> Y-2",
        "Y-3 -> Y-1 -> Y-2 -> Y-3",
    ];
    assert!(
        names
            .iter()
            .any(|n| err == format!("dependency cycle: {n}")),
        "{err}"
    );
}

proptest! {
    /// Working-day index <-> date round trips over ten years, with random working weekdays,
    /// holidays (some on weekends) and a start on any day of the week.
    #[test]
    fn calendar_round_trips_over_ten_years(
        start_offset in 0i64..3650,
        mask in 1u8..128,
        holiday_offsets in prop::collection::vec(0i64..3650, 0..40),
        probes in prop::collection::vec(-200i64..2600, 20),
    ) {
        let base = d("2020-01-01");
        let start = base + chrono::Duration::days(start_offset);
        let workdays = Workdays(std::array::from_fn(|i| mask & (1 << i) != 0));
        let holidays: Vec<NaiveDate> = holiday_offsets.iter().map(|o| start + chrono::Duration::days(*o)).collect();
        let cal = Calendar::new(start, workdays, &holidays);
        for i in probes {
            let date = cal.date_of(i);
            prop_assert!(cal.is_working_day(date));
            prop_assert_eq!(cal.index_of(date), i);
            // The day after a working day maps to the next index, working day or not (a day off
            // takes the index of the next working day).
            prop_assert_eq!(cal.index_of(date + chrono::Duration::days(1)), i + 1);
            prop_assert!(cal.date_of(i + 1) > date);
        }
    }
}

#[test]
fn an_earlier_as_of_date_sees_only_what_had_happened_by_then() {
    // Finished on 2026-01-09; as of 2026-01-07 it was under way (3 of its 5 days elapsed),
    // as of 2026-01-02 (before the program start) nothing had happened.
    let mut a = task("H-1", 5, &[]);
    a.actual_start = Some(d("2026-01-05"));
    a.actual_finish = Some(d("2026-01-09"));
    a.percent_complete = 100;
    let tasks = vec![a, task("H-2", 2, &fs(&["H-1"]))];
    let s = schedule(&tasks, &cal(), Some(d("2026-01-07"))).unwrap();
    // 60 % done as of Wednesday: 2 days remain from Thursday (index 3).
    assert_eq!((s.tasks[0].start_index, s.tasks[0].finish_index), (0, 5));
    let s = schedule(&tasks, &cal(), Some(d("2026-01-06"))).unwrap();
    assert_eq!(
        (s.tasks[0].start_index, s.tasks[0].finish_index),
        (0, 5),
        "40 % done: 3 days from Wednesday"
    );
    let mut late_start = tasks[1].clone();
    late_start.actual_start = Some(d("2026-01-14"));
    late_start.percent_complete = 50;
    let s = schedule(
        &[tasks[0].clone(), late_start],
        &cal(),
        Some(d("2026-01-12")),
    )
    .unwrap();
    assert_eq!(
        s.tasks[1].start_index, 6,
        "not started as of Monday 2026-01-12: starts the next day"
    );
}
