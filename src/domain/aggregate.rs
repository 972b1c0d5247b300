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
    /// Percent complete as of `as_of`: 100 when it finished by then, 0 when it had not started,
    /// the elapsed share of its actual span when it finished later, else the recorded percent.
    pub fn percent_as_of(&self, as_of: NaiveDate) -> i64 {
        let started = self
            .actual_start
            .map_or(self.percent_complete > 0, |s| s <= as_of);
        match (self.actual_start, self.actual_finish) {
            (_, Some(f)) if f <= as_of => 100,
            _ if !started => 0,
            (Some(s), Some(f)) => {
                let elapsed = (as_of - s).num_days() + 1;
                let span = (f - s).num_days() + 1;
                (elapsed * 100 / span.max(1)).clamp(0, 99)
            }
            _ => self.percent_complete,
        }
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
