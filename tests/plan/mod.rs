//! Builders for the schedule tests: dates, the Monday-to-Friday calendar from Monday
//! 2026-01-05 (working-day index 0), and tasks with their links.
#![allow(dead_code)]

use chrono::NaiveDate;
use milepost::domain::{Calendar, Link, LinkType, Task, Workdays};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn cal() -> Calendar {
    Calendar::new(d("2026-01-05"), Workdays::default(), &[])
}

/// Task `key` (in the workstream its key starts with) of `duration` working days, after
/// `after` as (predecessor, type, lag).
pub fn task(key: &str, duration: i64, after: &[(&str, LinkType, i64)]) -> Task {
    Task {
        after: after
            .iter()
            .map(|(k, t, l)| Link {
                key: (*k).into(),
                link_type: *t,
                lag: *l,
            })
            .collect(),
        ..Task::new(key, key.split('-').next().unwrap_or(key), key, duration)
    }
}
