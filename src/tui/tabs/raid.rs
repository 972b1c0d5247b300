//! The RAID tab: risks, assumptions, issues and dependencies. `a` adds one of the four with
//! every field its kind has (SPEC §4); `e` edits it; `x` closes it, asking the closing status
//! (a risk: closed or occurred) and a note; `d` deletes it.

use super::{Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{RagThresholds, RaidItem, RaidKind, Response};
use crate::error::{Error, Result};
use crate::ops::{Command, RaidPatch, input};
use crate::store::pages::SortKey;
use crate::tui::keymap::Item;
use crate::tui::overlays::form::{Field, Form, Kind, Target, field};
use chrono::NaiveDate;

pub const COLUMNS: &[Column] = &[
    col("KEY", 6, 0).whole().sort(SortKey::Key),
    col("KIND", 10, 5).whole().sort(SortKey::Kind),
    col("TITLE", 24, 0).grow().sort(SortKey::Title),
    col("OWNER", 12, 3).sort(SortKey::Owner),
    col("STATUS", 11, 1).whole().sort(SortKey::Status),
    col("SCORE", 5, 1).figure().sort(SortKey::Score),
    col("DUE", 10, 2).whole().sort(SortKey::Due),
    col("WS", 5, 4).whole().sort(SortKey::Workstream),
];

pub const FILTER_WORDS: &[(&str, &str)] = &[
    ("owner:NAME", "the owner contains NAME"),
    ("ws:KEY", "the workstream"),
    ("kind:risk", "risks (assumption, issue, dependency)"),
    (
        "status:open",
        "open items, by each kind's closed states (status:closed: the rest)",
    ),
    ("score:>=N", "risks scoring at least N (also >, <, <=, =)"),
    ("escalated", "escalated issues"),
    ("overdue", "open and due before today"),
    ("due:<DATE", "due before DATE"),
];

/// RAID rows: closed muted; overdue, escalated or scoring at the red line bad; at the amber
/// line warn. Overdue and escalated carry text marks (`!`, `^esc`), so they show without colour.
pub fn rows(t: &mut TableData, rows: &[RaidItem], today: NaiveDate, thresholds: &RagThresholds) {
    for r in rows {
        let open = r.is_open();
        let overdue = r.is_overdue(today);
        let escalated = open && r.kind == RaidKind::Issue && r.escalated;
        let tone = if !open {
            Tone::Muted
        } else if overdue || escalated || r.score().is_some_and(|s| s >= thresholds.risk_red) {
            Tone::Bad
        } else if r.score().is_some_and(|s| s >= thresholds.risk_amber) {
            Tone::Warn
        } else {
            Tone::Normal
        };
        let due = match r.due {
            Some(d) if overdue => format!("{d} !"),
            Some(d) => d.to_string(),
            None => String::new(),
        };
        let status = if escalated {
            format!("{} ^esc", r.status)
        } else {
            r.status.clone()
        };
        t.push(
            vec![
                r.key.clone(),
                r.kind.to_string(),
                r.title.clone(),
                r.owner.clone().unwrap_or_default(),
                status,
                r.score().map(|s| s.to_string()).unwrap_or_default(),
                due,
                r.workstream.clone().unwrap_or_default(),
            ],
            tone,
            RowRef::Raid(r.key.clone(), r.kind),
        );
    }
}

pub fn add() -> Open {
    Open::Menu {
        title: "Add to the RAID log".into(),
        items: vec![Item::Risk, Item::Assumption, Item::Issue, Item::Dependency],
    }
}

fn number(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

const RESPONSES: &[&str] = &["avoid", "reduce", "transfer", "accept"];

/// The fields of an item of `kind`, with the values of `item` (empty when adding), in the
/// order an APM fills them: what it is, how bad, who and when, then the rest.
fn fields(kind: RaidKind, item: Option<&RaidItem>, workstream: &str) -> Vec<Field> {
    let text = |v: Option<&String>| v.cloned().unwrap_or_default();
    let mut out = vec![field(
        "title",
        "title",
        Kind::Text,
        item.map_or("", |i| &i.title),
        true,
    )];
    if let Some(i) = item {
        out.push(field(
            "status",
            "status",
            Kind::Choice(kind.statuses()),
            &i.status,
            true,
        ));
    }
    let due_label = match kind {
        RaidKind::Assumption => "validate by",
        RaidKind::Dependency => "need by",
        _ => "due",
    };
    match kind {
        RaidKind::Risk => out.extend([
            field(
                "probability",
                "probability",
                Kind::Number,
                &number(item.and_then(|i| i.probability)),
                false,
            ),
            field(
                "impact",
                "impact",
                Kind::Number,
                &number(item.and_then(|i| i.impact)),
                false,
            ),
        ]),
        RaidKind::Issue => out.extend([
            field(
                "impact",
                "severity",
                Kind::Number,
                &number(item.and_then(|i| i.impact)),
                false,
            ),
            field(
                "escalated",
                "escalated",
                Kind::YesNo,
                if item.is_some_and(|i| i.escalated) {
                    "yes"
                } else {
                    "no"
                },
                false,
            ),
        ]),
        RaidKind::Dependency => out.push(field(
            "provider",
            "provider",
            Kind::Text,
            &text(item.and_then(|i| i.provider.as_ref())),
            false,
        )),
        RaidKind::Assumption => {}
    }
    out.push(field(
        "owner",
        "owner",
        Kind::Text,
        &text(item.and_then(|i| i.owner.as_ref())),
        false,
    ));
    out.push(field(
        "due",
        due_label,
        Kind::Date,
        &item
            .and_then(|i| i.due)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        false,
    ));
    if kind == RaidKind::Risk {
        out.push(field(
            "mitigation",
            "mitigation",
            Kind::Text,
            &text(item.and_then(|i| i.mitigation.as_ref())),
            false,
        ));
    }
    out.push(field(
        "tasks",
        "linked tasks",
        Kind::List,
        &item.map(|i| i.tasks.join(", ")).unwrap_or_default(),
        false,
    ));
    out.push(field(
        "workstream",
        "workstream",
        Kind::Text,
        item.map_or(workstream, |i| i.workstream.as_deref().unwrap_or("")),
        false,
    ));
    out.push(field(
        "description",
        "description",
        Kind::Text,
        &text(item.and_then(|i| i.description.as_ref())),
        false,
    ));
    if kind == RaidKind::Risk {
        out.extend([
            field(
                "probability_pct",
                "probability %",
                Kind::Number,
                &number(item.and_then(|i| i.probability_pct)),
                false,
            ),
            field(
                "cost_impact",
                "cost impact",
                Kind::Money,
                &item
                    .and_then(|i| i.cost_impact)
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                false,
            ),
            field(
                "response",
                "response",
                Kind::Choice(RESPONSES),
                item.and_then(|i| i.response).map_or("", |r| r.as_str()),
                false,
            ),
            field(
                "residual_probability",
                "residual P",
                Kind::Number,
                &number(item.and_then(|i| i.residual_probability)),
                false,
            ),
            field(
                "residual_impact",
                "residual I",
                Kind::Number,
                &number(item.and_then(|i| i.residual_impact)),
                false,
            ),
        ]);
    }
    out
}

pub fn pick(item: Item, here: &Here) -> Open {
    let kind = match item {
        Item::Risk => RaidKind::Risk,
        Item::Assumption => RaidKind::Assumption,
        Item::Issue => RaidKind::Issue,
        Item::Dependency => RaidKind::Dependency,
        _ => return Open::Nothing,
    };
    Open::Form(Form::new(
        format!(
            "Add {} {kind}",
            if kind == RaidKind::Assumption || kind == RaidKind::Issue {
                "an"
            } else {
                "a"
            }
        ),
        Target::AddRaid(kind),
        false,
        fields(kind, None, &here.workstream()),
    ))
}

pub fn edit(here: &Here) -> Open {
    let Some(RowRef::Raid(key, kind)) = here.row else {
        return Open::Nothing;
    };
    match here.db.raid_item(key) {
        Ok(item) => Open::Form(Form::new(
            format!("Edit {key}"),
            Target::EditRaid(key.clone(), *kind),
            true,
            fields(*kind, Some(&item), ""),
        )),
        Err(e) => Open::Message(e.to_string()),
    }
}

pub fn delete(here: &Here) -> Open {
    let Some(RowRef::Raid(key, _)) = here.row else {
        return Open::Nothing;
    };
    Open::Confirm {
        question: format!("Delete {key} \"{}\"?", here.cell(COLUMNS, "TITLE")),
        command: Box::new(Command::RemoveRaid { key: key.clone() }),
    }
}

/// `x`: close the item, asking how (a risk closes or occurs) and for a note.
pub fn done(here: &Here) -> Open {
    let Some(RowRef::Raid(key, kind)) = here.row else {
        return Open::Nothing;
    };
    Open::Form(Form::new(
        format!("Close {key}"),
        Target::CloseRaid(key.clone(), *kind),
        false,
        vec![
            field(
                "status",
                "closed as",
                Kind::Choice(kind.closed_statuses()),
                kind.default_closed_status(),
                true,
            ),
            field("note", "note", Kind::Text, "", false),
            field("date", "on", Kind::Date, &here.today.to_string(), false),
        ],
    ))
}

/// The fields of an item as `raid add` and `raid set` take them.
fn patch(form: &Form, today: NaiveDate) -> Result<RaidPatch> {
    let escalated = match form.given("escalated") {
        Some(v) => Some(input::yes_no("escalated", v)?),
        // Adding: not escalated unless said (as `raid add` without `--escalated`).
        None if !form.editing => Some(false),
        None => None,
    };
    Ok(RaidPatch {
        owner: input::clear_text(form.given("owner")),
        due: input::clear_date("due", form.given("due"), today)?,
        description: input::clear_text(form.given("description")),
        probability: input::clear_int("probability", form.given("probability"), 1, 5)?,
        impact: input::clear_int("impact", form.given("impact"), 1, 5)?,
        probability_pct: input::clear_int(
            "probability_pct",
            form.given("probability_pct"),
            0,
            100,
        )?,
        cost_impact: input::clear_money("cost_impact", form.given("cost_impact"))?,
        response: input::clear_word("response", form.given("response"), Response::parse)?,
        mitigation: input::clear_text(form.given("mitigation")),
        residual_probability: input::clear_int(
            "residual_probability",
            form.given("residual_probability"),
            1,
            5,
        )?,
        residual_impact: input::clear_int("residual_impact", form.given("residual_impact"), 1, 5)?,
        workstream: input::clear_text(form.given("workstream")),
        tasks: form
            .given("tasks")
            .map(|t| input::task_keys("tasks", t))
            .transpose()?,
        escalated,
        provider: input::clear_text(form.given("provider")),
        ..RaidPatch::default()
    })
}

pub fn build(form: &Form, today: NaiveDate) -> Result<Command> {
    Ok(match &form.target {
        Target::AddRaid(kind) => Command::AddRaid {
            kind: *kind,
            title: form.value("title").to_string(),
            fields: patch(form, today)?,
        },
        Target::EditRaid(key, _) => {
            let mut fields = patch(form, today)?;
            fields.title = form.given("title").map(str::to_string);
            fields.status = form.given("status").map(str::to_string);
            Command::SetRaid {
                key: key.clone(),
                fields,
            }
        }
        Target::CloseRaid(key, _) => Command::CloseRaid {
            key: key.clone(),
            status: form.given("status").map(str::to_string),
            note: form.given("note").map(str::to_string),
            date: input::opt_date("date", form.given("date"), today)?,
        },
        other => return Err(Error::Conflict(format!("{other:?} is not a RAID form"))),
    })
}
