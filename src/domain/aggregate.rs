//! Aggregates that reports compute over: a task's progress and spend totals.

use super::dates::Month;
use super::enums::SpendStatus;
use super::money::Money;
use chrono::NaiveDate;

/// What earned value needs of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskProgress {
    pub workstream: String,
    pub duration: i64,
    pub budget: Option<Money>,
    pub percent_complete: i64,
    pub actual_start: Option<NaiveDate>,
    pub actual_finish: Option<NaiveDate>,
}

impl TaskProgress {
    /// Percent complete as of `as_of` (see [`percent_as_of`]).
    pub fn percent_as_of(&self, as_of: NaiveDate) -> i64 {
        percent_as_of(
            self.percent_complete,
            self.actual_start,
            self.actual_finish,
            as_of,
        )
    }
}

/// What was known of a task's progress at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    Started { start: NaiveDate, percent: i64 },
    Finished { start: NaiveDate, finish: NaiveDate },
}

/// A task's progress as of `as_of`, from its actual dates: finished if it finished by then;
/// started if it started by then, with the elapsed share of its actual span when it finished
/// later, else the recorded percent; otherwise not started. Past weeks' status and history
/// read the data this way.
pub fn progress_as_of(
    percent: i64,
    actual_start: Option<NaiveDate>,
    actual_finish: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Progress {
    match (actual_start, actual_finish) {
        (s, Some(f)) if f <= as_of => Progress::Finished {
            start: s.unwrap_or(f).min(f),
            finish: f,
        },
        (Some(s), Some(f)) if s <= as_of => {
            let elapsed = (as_of - s).num_days() + 1;
            let span = (f - s).num_days() + 1;
            Progress::Started {
                start: s,
                percent: (elapsed * 100 / span.max(1)).clamp(0, 99),
            }
        }
        (Some(s), None) if s <= as_of => Progress::Started { start: s, percent },
        _ => Progress::NotStarted,
    }
}

/// Percent complete as of `as_of`: 100 when finished by then, the started percent, 0 when not
/// started; a percent recorded without a start date counts as it is.
pub fn percent_as_of(
    percent: i64,
    actual_start: Option<NaiveDate>,
    actual_finish: Option<NaiveDate>,
    as_of: NaiveDate,
) -> i64 {
    match progress_as_of(percent, actual_start, actual_finish, as_of) {
        Progress::Finished { .. } => 100,
        Progress::Started { percent, .. } => percent,
        Progress::NotStarted if actual_start.is_none() && actual_finish.is_none() => percent,
        Progress::NotStarted => 0,
    }
}

/// Spend summed by workstream, category, month and status, up to a date.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendTotal {
    pub workstream: String,
    pub category: String,
    pub month: Month,
    pub status: SpendStatus,
    pub amount: i128,
}
