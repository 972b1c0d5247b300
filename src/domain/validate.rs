//! Whole-record validation, shared by the command layer (first problem) and import (all
//! problems, each with its JSON path). Each check names the field and the value.

use super::enums::{RaidKind, in_range};
use super::model::*;
use super::{MAX_DURATION, MAX_LAG, currency, keys, text};
use crate::error::Error;

/// Collects problems; `check` keeps the error of a failed validation.
#[derive(Default)]
struct Problems(Vec<Error>);

impl Problems {
    fn check<T>(&mut self, r: crate::error::Result<T>) {
        if let Err(e) = r {
            self.0.push(e);
        }
    }
    fn text(&mut self, field: &str, v: &str) {
        self.check(text::required(field, v));
    }
    fn opt_text(&mut self, field: &str, v: &Option<String>) {
        self.check(text::optional(field, v.as_deref()));
    }
    fn opt_range(&mut self, field: &str, v: Option<i64>, lo: i64, hi: i64) {
        if let Some(x) = v {
            self.check(in_range(field, x, lo, hi));
        }
    }
}

pub fn program(p: &Program) -> Vec<Error> {
    let mut e = Problems::default();
    e.text("name", &p.name);
    e.check(currency("currency", &p.currency));
    e.check(super::Workdays::parse(
        "workdays",
        &p.calendar.workdays.join(","),
    ));
    e.0
}

pub fn workstream(w: &Workstream) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::workstream_key("key", &w.key));
    e.text("name", &w.name);
    e.opt_text("owner", &w.owner);
    e.0
}

pub fn task(t: &Task) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::task_key("key", &t.key));
    e.text("title", &t.title);
    e.check(in_range("duration", t.duration, 0, MAX_DURATION));
    e.check(in_range("percent", t.percent_complete, 0, 100));
    e.opt_text("owner", &t.owner);
    e.opt_text("acceptance", &t.acceptance);
    if let Some(b) = t.budget
        && b.cents() < 0
    {
        e.0.push(Error::invalid("budget", b, "must not be negative"));
    }
    match (t.actual_start, t.actual_finish) {
        (None, Some(f)) => e.0.push(Error::invalid(
            "finished",
            f,
            "a task cannot finish before it has started (set --started too)",
        )),
        (Some(s), Some(f)) if f < s => e.0.push(Error::invalid(
            "finished",
            f,
            format!("is before the start {s}"),
        )),
        _ => {}
    }
    for l in &t.after {
        e.check(keys::task_key("after", &l.key));
        e.check(in_range("lag", l.lag, -MAX_LAG, MAX_LAG));
        if l.key == t.key {
            e.0.push(Error::Cycle(format!("{} -> {}", t.key, t.key)));
        }
    }
    e.0
}

pub fn raid(r: &RaidItem) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::item_key("key", &r.key, r.kind.prefix()));
    e.text("title", &r.title);
    e.check(text::optional_multi(
        "description",
        r.description.as_deref(),
    ));
    e.opt_text("owner", &r.owner);
    e.opt_text("mitigation", &r.mitigation);
    e.opt_text("provider", &r.provider);
    e.check(r.kind.parse_status("status", &r.status));
    e.opt_range("probability", r.probability, 1, 5);
    e.opt_range("impact", r.impact, 1, 5);
    e.opt_range("probability_pct", r.probability_pct, 0, 100);
    e.opt_range("residual_probability", r.residual_probability, 1, 5);
    e.opt_range("residual_impact", r.residual_impact, 1, 5);
    if let Some(c) = r.cost_impact
        && c.cents() < 0
    {
        e.0.push(Error::invalid("cost_impact", c, "must not be negative"));
    }
    // Fields that belong to one kind of item only.
    let kind_fields = [
        ("probability", r.probability.is_some(), RaidKind::Risk),
        (
            "probability_pct",
            r.probability_pct.is_some(),
            RaidKind::Risk,
        ),
        ("cost_impact", r.cost_impact.is_some(), RaidKind::Risk),
        ("response", r.response.is_some(), RaidKind::Risk),
        (
            "residual_probability",
            r.residual_probability.is_some(),
            RaidKind::Risk,
        ),
        (
            "residual_impact",
            r.residual_impact.is_some(),
            RaidKind::Risk,
        ),
        ("escalated", r.escalated, RaidKind::Issue),
        ("provider", r.provider.is_some(), RaidKind::Dependency),
    ];
    for (field, set, kind) in kind_fields {
        if set && r.kind != kind {
            e.0.push(Error::invalid(
                field,
                r.key.as_str(),
                format!("applies to {kind} items only"),
            ));
        }
    }
    if r.impact.is_some() && matches!(r.kind, RaidKind::Assumption | RaidKind::Dependency) {
        e.0.push(Error::invalid(
            "impact",
            r.key.as_str(),
            "applies to risks and issues only",
        ));
    }
    match (r.kind.is_closed_status(&r.status), r.closed) {
        (false, Some(c)) => e.0.push(Error::invalid(
            "closed",
            c,
            format!("status {} is not a closed status", r.status),
        )),
        (_, Some(c)) if c < r.raised => e.0.push(Error::invalid(
            "closed",
            c,
            format!("is before the raised date {}", r.raised),
        )),
        _ => {}
    }
    e.0
}

pub fn budget_line(b: &BudgetLine) -> Vec<Error> {
    let mut e = Problems::default();
    e.text("category", &b.category);
    e.0
}

pub fn spend(s: &SpendEntry) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::item_key("key", &s.key, "SP"));
    e.text("category", &s.category);
    e.opt_text("vendor", &s.vendor);
    e.opt_text("reference", &s.reference);
    e.0
}

pub fn change(c: &ChangeRequest) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::item_key("key", &c.key, "CR"));
    e.text("title", &c.title);
    e.opt_range(
        "schedule_delta",
        c.schedule_delta,
        -MAX_DURATION,
        MAX_DURATION,
    );
    match (c.status, c.decided) {
        (ChangeStatus::Proposed, Some(d)) => e.0.push(Error::invalid(
            "decided",
            d,
            "a proposed change has no decision date",
        )),
        (_, Some(d)) if d < c.raised => e.0.push(Error::invalid(
            "decided",
            d,
            format!("is before the raised date {}", c.raised),
        )),
        _ => {}
    }
    e.0
}

pub fn decision(d: &Decision) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(keys::item_key("key", &d.key, "DEC"));
    e.text("title", &d.title);
    e.check(text::multi_line("decision", &d.decision));
    if d.decision.trim().is_empty() {
        e.0.push(Error::invalid("decision", &d.decision, "must not be empty"));
    }
    e.check(text::optional_multi("rationale", d.rationale.as_deref()));
    e.opt_text("by", &d.by);
    e.0
}

pub fn status_note(n: &StatusNote) -> Vec<Error> {
    let mut e = Problems::default();
    e.check(text::optional_multi("reason", n.reason.as_deref()));
    e.check(text::optional_multi("summary", n.summary.as_deref()));
    for a in &n.accomplishments {
        e.text("done", a);
    }
    for a in &n.next_steps {
        e.text("next", a);
    }
    if n.rag.is_some() && n.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        e.0.push(Error::invalid(
            "reason",
            "",
            "a RAG override needs a reason (--reason TEXT)",
        ));
    }
    e.0
}

use super::enums::ChangeStatus;
