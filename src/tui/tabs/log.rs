//! The Log tab: decisions, change requests and the journal of every change. `a` records a
//! decision or proposes a change request; `e` corrects a decision or a proposed change; `x` on
//! a proposed change asks whether to approve or reject it.

use super::{Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{ChangeStatus, MAX_DURATION, Month};
use crate::error::{Error, Result};
use crate::ops::{Command, input};
use crate::store::pages::{LogKind, LogRow, SortKey};
use crate::tui::keymap::Item;
use crate::tui::overlays::form::{Form, Kind, Target, field};
use chrono::NaiveDate;

pub const COLUMNS: &[Column] = &[
    col("KEY", 7, 0).whole().sort(SortKey::Key),
    col("WHEN", 19, 2).whole().sort(SortKey::When),
    col("WHAT", 20, 0).grow().sort(SortKey::What),
    col("DETAIL", 24, 1).sort(SortKey::Detail),
];

pub const FILTER_WORDS: &[(&str, &str)] = &[("status:proposed", "by the detail column")];

/// Log rows: proposed changes need attention; decided changes and undone entries are muted.
pub fn rows(t: &mut TableData, rows: &[LogRow]) {
    for r in rows {
        let (detail, tone, row) = match r.kind {
            LogKind::Decision => (
                r.detail.clone(),
                Tone::Normal,
                RowRef::Decision(r.key.clone()),
            ),
            LogKind::Change => {
                let proposed = r.detail == "proposed";
                (
                    format!(
                        "{} {}",
                        r.detail,
                        r.delta.map(|m| m.grouped()).unwrap_or_default()
                    )
                    .trim_end()
                    .to_string(),
                    if proposed { Tone::Warn } else { Tone::Muted },
                    RowRef::Change {
                        key: r.key.clone(),
                        proposed,
                    },
                )
            }
            LogKind::Journal => (
                r.detail.clone(),
                if r.detail == "undone" {
                    Tone::Muted
                } else {
                    Tone::Normal
                },
                RowRef::Journal(r.key.trim_start_matches('#').parse().unwrap_or(0)),
            ),
        };
        t.push(
            vec![r.key.clone(), r.at.clone(), r.what.clone(), detail],
            tone,
            row,
        );
    }
}

pub fn add() -> Open {
    Open::Menu {
        title: "Add to the log".into(),
        items: vec![Item::Decision, Item::ChangeRequest],
    }
}

fn change_fields(
    title: &str,
    ws: &str,
    budget: &str,
    schedule: &str,
) -> Vec<crate::tui::overlays::form::Field> {
    vec![
        field("title", "title", Kind::Text, title, true),
        field("workstream", "workstream", Kind::Text, ws, false),
        field("budget_delta", "budget delta", Kind::Money, budget, false),
        field(
            "schedule_delta",
            "schedule delta",
            Kind::Number,
            schedule,
            false,
        ),
    ]
}

fn decision_fields(values: [&str; 5]) -> Vec<crate::tui::overlays::form::Field> {
    let [title, decision, rationale, by, date] = values;
    vec![
        field("title", "title", Kind::Text, title, true),
        field("decision", "decision", Kind::Text, decision, true),
        field("rationale", "rationale", Kind::Text, rationale, false),
        field("by", "by", Kind::Text, by, false),
        field("date", "date", Kind::Date, date, false),
    ]
}

pub fn pick(item: Item, here: &Here) -> Open {
    let today = here.today.to_string();
    let key = here.key();
    Open::Form(match item {
        Item::Decision => Form::new(
            "Record a decision",
            Target::AddDecision,
            false,
            decision_fields(["", "", "", "", &today]),
        ),
        Item::ChangeRequest => Form::new(
            "Propose a change request",
            Target::AddChange,
            false,
            change_fields("", "", "", ""),
        ),
        Item::Approve => Form::new(
            format!("Approve {key}"),
            Target::Approve(key),
            false,
            vec![
                field("date", "decided on", Kind::Date, &today, false),
                field("category", "budget category", Kind::Text, "", false),
                field("month", "budget month", Kind::Text, "", false),
            ],
        ),
        Item::Reject => Form::new(
            format!("Reject {key}"),
            Target::Reject(key),
            false,
            vec![field("date", "decided on", Kind::Date, &today, false)],
        ),
        _ => return Open::Nothing,
    })
}

pub fn edit(here: &Here) -> Open {
    match here.row {
        Some(RowRef::Decision(key)) => match here.db.decision(key) {
            Ok(d) => Open::Form(Form::new(
                format!("Edit {key}"),
                Target::EditDecision(key.clone()),
                true,
                decision_fields([
                    &d.title,
                    &d.decision,
                    d.rationale.as_deref().unwrap_or(""),
                    d.by.as_deref().unwrap_or(""),
                    &d.date.to_string(),
                ]),
            )),
            Err(e) => Open::Message(e.to_string()),
        },
        Some(RowRef::Change { key, .. }) => match here.db.change_request(key) {
            Ok(c) if c.status == ChangeStatus::Proposed => Open::Form(Form::new(
                format!("Edit {key}"),
                Target::EditChange(key.clone()),
                true,
                change_fields(
                    &c.title,
                    c.workstream.as_deref().unwrap_or(""),
                    &c.budget_delta.map(|m| m.to_string()).unwrap_or_default(),
                    &c.schedule_delta.map(|d| d.to_string()).unwrap_or_default(),
                ),
            )),
            Ok(c) => Open::Message(format!(
                "{key} is {}; a decided change request is kept as it was",
                c.status
            )),
            Err(e) => Open::Message(e.to_string()),
        },
        Some(_) => Open::Message(
            "the journal is kept as recorded; e edits decisions and proposed changes".into(),
        ),
        None => Open::Nothing,
    }
}

/// `x` on a proposed change request: approve or reject it.
pub fn done(here: &Here) -> Open {
    match here.row {
        Some(RowRef::Change {
            key,
            proposed: true,
        }) => Open::Menu {
            title: format!("Decide {key}"),
            items: vec![Item::Approve, Item::Reject],
        },
        Some(RowRef::Change { key, .. }) => Open::Message(format!("{key} is already decided")),
        _ => Open::Message("x on a proposed change request approves or rejects it".into()),
    }
}

pub fn build(form: &Form, today: NaiveDate) -> Result<Command> {
    let text = |id: &str| form.given(id).map(str::to_string);
    let date = || input::opt_date("date", form.given("date"), today);
    Ok(match &form.target {
        Target::AddDecision => Command::AddDecision {
            title: form.value("title").to_string(),
            decision: form.value("decision").to_string(),
            rationale: text("rationale"),
            by: text("by"),
            date: date()?,
        },
        Target::EditDecision(key) => Command::SetDecision {
            key: key.clone(),
            title: text("title"),
            decision: text("decision"),
            rationale: input::clear_text(form.given("rationale")),
            by: input::clear_text(form.given("by")),
            date: date()?,
        },
        Target::AddChange => Command::AddChange {
            title: form.value("title").to_string(),
            workstream: text("workstream"),
            budget_delta: input::opt_money("budget_delta", form.given("budget_delta"))?,
            schedule_delta: input::opt_int(
                "schedule_delta",
                form.given("schedule_delta"),
                -MAX_DURATION,
                MAX_DURATION,
            )?,
        },
        Target::EditChange(key) => Command::SetChange {
            key: key.clone(),
            title: text("title"),
            workstream: input::clear_text(form.given("workstream")),
            budget_delta: input::clear_money("budget_delta", form.given("budget_delta"))?,
            schedule_delta: input::clear_int(
                "schedule_delta",
                form.given("schedule_delta"),
                -MAX_DURATION,
                MAX_DURATION,
            )?,
        },
        Target::Approve(key) => Command::DecideChange {
            key: key.clone(),
            approve: true,
            date: date()?,
            category: text("category"),
            month: form
                .given("month")
                .map(|m| Month::parse("month", m))
                .transpose()?,
        },
        Target::Reject(key) => Command::DecideChange {
            key: key.clone(),
            approve: false,
            date: date()?,
            category: None,
            month: None,
        },
        other => return Err(Error::Conflict(format!("{other:?} is not a Log form"))),
    })
}
