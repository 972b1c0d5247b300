//! Field changes for `set` commands (and the optional fields of `add` commands), and how
//! each is checked and applied to its record.

use super::Context;
use crate::domain::{
    self, Money, RaidItem, RaidKind, Response, SpendEntry, SpendStatus, Task, text,
};
use crate::error::{Error, Result};
use crate::store::Db;
use chrono::NaiveDate;
use serde::Serialize;

/// A change to an optional field: `None` keeps it, `Some(None)` clears it, `Some(Some(v))` sets it.
pub type Clear<T> = Option<Option<T>>;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// Replaces the predecessor links when given (an empty list removes them all).
    pub after: Option<Vec<super::LinkSpec>>,
    /// Puts the task under this summary task (`Some(None)`: at the top of its workstream).
    pub parent: Clear<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// Trim a text change and check it; an empty optional text clears the field.
pub(super) fn clean_opt(field: &str, change: Clear<String>) -> Result<Clear<String>> {
    match change {
        Some(Some(v)) => Ok(Some(text::optional(field, Some(&v))?)),
        other => Ok(other),
    }
}

fn clean_multi(field: &str, change: Clear<String>) -> Result<Clear<String>> {
    match change {
        Some(Some(v)) => Ok(Some(text::optional_multi(field, Some(&v))?)),
        other => Ok(other),
    }
}

/// Apply a task patch: each field checked as the CLI would.
pub(super) fn patch_task(task: &mut Task, p: TaskPatch, ctx: &Context) -> Result<()> {
    if let Some(t) = p.title {
        task.title = text::required("title", &t)?;
    }
    if let Some(d) = p.duration {
        task.duration = domain::enums::in_range("duration", d, 0, domain::MAX_DURATION)?;
    }
    apply_clear(&mut task.owner, clean_opt("owner", p.owner)?);
    apply_clear(&mut task.acceptance, clean_opt("acceptance", p.acceptance)?);
    apply_clear(&mut task.budget, p.budget);
    apply_clear(&mut task.not_before, p.not_before);
    apply_clear(&mut task.deadline, p.deadline);
    // SPEC §2: actual dates are facts; one after today has not happened.
    for (field, given) in [("started", p.started), ("finished", p.finished)] {
        if let Some(Some(date)) = given
            && date > ctx.today
        {
            return Err(Error::invalid(
                field,
                date,
                format!(
                    "is after today ({}): an actual date must have happened",
                    ctx.today
                ),
            ));
        }
    }
    apply_clear(&mut task.actual_start, p.started);
    let finished_given = p.finished.is_some();
    apply_clear(&mut task.actual_finish, p.finished);
    if let Some(pct) = p.percent {
        task.percent_complete = domain::enums::in_range("percent", pct, 0, 100)?;
        // SPEC §2: 100 % without a finish date finishes the task on the as-of date.
        if pct == 100 && task.actual_finish.is_none() {
            task.actual_finish = Some(ctx.today);
        }
        if pct < 100 && !finished_given {
            task.actual_finish = None;
        }
        if pct > 0 && task.actual_start.is_none() {
            task.actual_start = Some(task.actual_finish.unwrap_or(ctx.today).min(ctx.today));
        }
    }
    if finished_given && task.actual_finish.is_some() {
        task.percent_complete = 100;
        if task.actual_start.is_none() {
            task.actual_start = task.actual_finish;
        }
    }
    Ok(())
}

/// Apply a RAID patch; a workstream or linked task must exist.
pub(super) fn patch_raid(db: &Db, item: &mut RaidItem, p: RaidPatch, ctx: &Context) -> Result<()> {
    if let Some(t) = p.title {
        item.title = text::required("title", &t)?;
    }
    apply_clear(
        &mut item.description,
        clean_multi("description", p.description)?,
    );
    apply_clear(&mut item.owner, clean_opt("owner", p.owner)?);
    apply_clear(&mut item.mitigation, clean_opt("mitigation", p.mitigation)?);
    apply_clear(&mut item.provider, clean_opt("provider", p.provider)?);
    if let Some(s) = p.status {
        let status = item.kind.parse_status("status", &s)?;
        let closing = item.kind.is_closed_status(&status);
        if closing && item.closed.is_none() {
            item.closed = Some(ctx.today);
        }
        if !closing {
            item.closed = None;
        }
        item.status = status;
    }
    apply_set(&mut item.raised, p.raised);
    apply_clear(&mut item.due, p.due);
    if let Some(Some(ws)) = &p.workstream {
        db.workstream(ws)?;
    }
    apply_clear(&mut item.workstream, p.workstream);
    if let Some(tasks) = p.tasks {
        let mut unique: Vec<String> = vec![];
        for t in tasks {
            db.task(&t)?;
            if !unique.contains(&t) {
                unique.push(t);
            }
        }
        item.tasks = unique;
    }
    apply_clear(&mut item.probability, p.probability);
    apply_clear(&mut item.impact, p.impact);
    apply_clear(&mut item.probability_pct, p.probability_pct);
    apply_clear(&mut item.cost_impact, p.cost_impact);
    apply_clear(&mut item.response, p.response);
    apply_clear(&mut item.residual_probability, p.residual_probability);
    apply_clear(&mut item.residual_impact, p.residual_impact);
    apply_set(&mut item.escalated, p.escalated);
    if item.kind == RaidKind::Risk && (item.probability.is_none() || item.impact.is_none()) {
        // A risk is scored from the start; 3 x 3 is the neutral middle of the matrix.
        item.probability.get_or_insert(3);
        item.impact.get_or_insert(3);
    }
    Ok(())
}

/// Apply a spend patch; the workstream must exist.
pub(super) fn patch_spend(db: &Db, entry: &mut SpendEntry, p: SpendPatch) -> Result<()> {
    apply_set(&mut entry.date, p.date);
    if let Some(ws) = p.workstream {
        db.workstream(&ws)?;
        entry.workstream = ws;
    }
    if let Some(c) = p.category {
        entry.category = text::required("category", &c)?;
    }
    apply_set(&mut entry.amount, p.amount);
    apply_clear(&mut entry.vendor, clean_opt("vendor", p.vendor)?);
    apply_clear(&mut entry.reference, clean_opt("reference", p.reference)?);
    apply_set(&mut entry.status, p.status);
    Ok(())
}
