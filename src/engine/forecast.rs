//! The schedule against the baseline: for every task its forecast and late dates, floats,
//! critical flag, baseline dates and slip in working days (SPEC §2, §7). Pure: the CLI, the
//! TUI and the weekly status all read this.

use super::schedule::{self, Schedule};
use crate::domain::{Baseline, Calendar, Task};
use crate::error::Result;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// One task as `schedule --json` shows it; dates are the shown dates of SPEC §2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskForecast {
    pub key: String,
    pub title: String,
    pub workstream: String,
    pub duration: i64,
    pub milestone: bool,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    /// Late dates and floats are `None` (JSON `null`) for a finished task.
    pub late_start: Option<NaiveDate>,
    pub late_finish: Option<NaiveDate>,
    pub total_float: Option<i64>,
    pub free_float: Option<i64>,
    pub critical: bool,
    pub percent_complete: i64,
    pub baseline_start: Option<NaiveDate>,
    pub baseline_finish: Option<NaiveDate>,
    /// Forecast finish - baseline finish in working days (positive = late); `None` without a
    /// baseline entry for the task.
    pub slip_days: Option<i64>,
}

/// The whole forecast (`schedule --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub as_of: NaiveDate,
    pub project_start: NaiveDate,
    pub project_finish: NaiveDate,
    /// Keys of the critical tasks in order of early start.
    pub critical_path: Vec<String>,
    pub tasks: Vec<TaskForecast>,
}

/// Schedule `tasks` as of `as_of` and compare with `baseline` (usually the latest one).
pub fn forecast(
    tasks: &[Task],
    cal: &Calendar,
    as_of: NaiveDate,
    baseline: Option<&Baseline>,
) -> Result<Forecast> {
    let scheduled = schedule::schedule(tasks, cal, Some(as_of))?;
    let project_finish = if tasks.is_empty() {
        cal.origin()
    } else {
        scheduled.project_finish_date(cal)
    };
    let Schedule {
        tasks: planned,
        critical_path,
        ..
    } = scheduled;
    let base: HashMap<&str, (NaiveDate, NaiveDate)> = baseline
        .map(|b| {
            b.tasks
                .iter()
                .map(|t| (t.key.as_str(), (t.start, t.finish)))
                .collect()
        })
        .unwrap_or_default();
    let rows = tasks
        .iter()
        .zip(&planned)
        .map(|(t, p)| {
            let finish = p.finish_date(cal);
            let baseline = base.get(t.key.as_str()).copied();
            TaskForecast {
                key: t.key.clone(),
                title: t.title.clone(),
                workstream: t.workstream.clone(),
                duration: t.duration,
                milestone: p.milestone,
                start: p.start_date(cal),
                finish,
                late_start: p.late_start_date(cal),
                late_finish: p.late_finish_date(cal),
                total_float: p.total_float,
                free_float: p.free_float,
                critical: p.critical,
                percent_complete: t.percent_complete,
                baseline_start: baseline.map(|b| b.0),
                baseline_finish: baseline.map(|b| b.1),
                slip_days: baseline.map(|(_, bf)| cal.working_days_between(bf, finish)),
            }
        })
        .collect();
    Ok(Forecast {
        as_of,
        project_start: cal.origin(),
        project_finish,
        critical_path: critical_path
            .iter()
            .map(|&i| tasks[i].key.clone())
            .collect(),
        tasks: rows,
    })
}
