//! Field changes for `set` commands (and the optional fields of `add` commands).

use crate::domain::{Money, Response, SpendStatus};
use chrono::NaiveDate;
use serde::Serialize;

/// A change to an optional field: `None` keeps it, `Some(None)` clears it, `Some(Some(v))` sets it.
pub type Clear<T> = Option<Option<T>>;

#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub duration: Option<i64>,
    pub percent: Option<i64>,
    pub started: Clear<NaiveDate>,
    pub finished: Clear<NaiveDate>,
    pub owner: Clear<String>,
    pub budget: Clear<Money>,
    pub not_before: Clear<NaiveDate>,
    pub deadline: Clear<NaiveDate>,
    pub acceptance: Clear<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RaidPatch {
    pub title: Option<String>,
    pub description: Clear<String>,
    pub owner: Clear<String>,
    pub status: Option<String>,
    pub raised: Option<NaiveDate>,
    pub due: Clear<NaiveDate>,
    pub workstream: Clear<String>,
    /// Replaces the linked tasks when given.
    pub tasks: Option<Vec<String>>,
    pub probability: Clear<i64>,
    pub impact: Clear<i64>,
    pub probability_pct: Clear<i64>,
    pub cost_impact: Clear<Money>,
    pub response: Clear<Response>,
    pub mitigation: Clear<String>,
    pub residual_probability: Clear<i64>,
    pub residual_impact: Clear<i64>,
    pub escalated: Option<bool>,
    pub provider: Clear<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SpendPatch {
    pub date: Option<NaiveDate>,
    pub workstream: Option<String>,
    pub category: Option<String>,
    pub amount: Option<Money>,
    pub vendor: Clear<String>,
    pub reference: Clear<String>,
    pub status: Option<SpendStatus>,
}

/// Apply a `Clear` change to a field.
pub fn apply_clear<T>(field: &mut Option<T>, change: Clear<T>) {
    if let Some(v) = change {
        *field = v;
    }
}

/// Apply a plain change to a field.
pub fn apply_set<T>(field: &mut T, change: Option<T>) {
    if let Some(v) = change {
        *field = v;
    }
}
