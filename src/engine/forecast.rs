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
    /// With a WBS: the task's place in it (absent for a flat program).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub wbs: Option<WbsPlace>,
}

/// Where a task sits in the WBS (SPEC §11): its summary task, its code and whether it is a
/// summary itself (whose duration, percent and dates roll up from its leaves).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WbsPlace {
    pub parent: Option<String>,
    pub wbs: String,
    pub summary: bool,
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
    let has_wbs = tasks.iter().any(|t| t.parent.is_some());
    let (codes, summary, rollups) = if has_wbs {
        let tree = crate::domain::wbs::Tree::of(tasks);
        let (codes, rollups) = (tree.codes(tasks), tree.rollups(tasks));
        (codes, tree.summary, rollups)
    } else {
        (vec![], vec![], vec![])
    };
    let rows = tasks
        .iter()
        .zip(&planned)
        .enumerate()
        .map(|(i, (t, p))| {
            let finish = p.finish_date(cal);
            let baseline = base.get(t.key.as_str()).copied();
            let is_summary = has_wbs && summary[i];
            let (duration, percent_complete) = if is_summary {
                (p.finish_index - p.start_index, rollups[i].0)
            } else {
                (t.duration, t.percent_complete)
            };
            TaskForecast {
                key: t.key.clone(),
                title: t.title.clone(),
                workstream: t.workstream.clone(),
                duration,
                milestone: p.milestone,
                start: p.start_date(cal),
                finish,
                late_start: p.late_start_date(cal),
                late_finish: p.late_finish_date(cal),
                total_float: p.total_float,
                free_float: p.free_float,
                critical: p.critical,
                percent_complete,
                baseline_start: baseline.map(|b| b.0),
                baseline_finish: baseline.map(|b| b.1),
                slip_days: baseline.map(|(_, bf)| cal.working_days_between(bf, finish)),
                wbs: has_wbs.then(|| WbsPlace {
                    parent: t.parent.clone(),
                    wbs: codes[i].clone(),
                    summary: is_summary,
                }),
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
