//! What `Enter` shows for the selected row: every field of its record, money as amounts, for a
//! task its forecast (late dates, float, critical, baseline), predecessors, successors and
//! linked RAID items, then the change history with old and new values. Built on the pager's
//! connection, which has the forecast.

use super::overlays::details::DetailLine;
use super::tabs::RowRef;
use crate::domain::Money;
use crate::engine::forecast::TaskForecast;
use crate::error::Result;
use crate::store::Db;
use std::collections::HashMap;

fn field(name: &str, value: impl ToString) -> DetailLine {
    DetailLine::Field(name.to_string(), value.to_string())
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn money(m: Option<Money>, currency: &str) -> String {
    m.map(|m| format!("{currency} {}", m.grouped()))
        .unwrap_or_default()
}

/// The details of the record a row stands for.
pub fn of(
    db: &Db,
    row: &RowRef,
    cells: &[(String, String)],
    forecast: &HashMap<String, TaskForecast>,
) -> Result<Vec<DetailLine>> {
    let currency = db.program()?.currency;
    let mut lines = vec![];
    let key = row.key();
    match row {
        RowRef::Task(key) => {
            let t = db.task(key)?;
            lines.extend([
                field("key", &t.key),
                field("title", &t.title),
                field("workstream", &t.workstream),
                field(
                    "duration",
                    if t.duration == 0 {
                        "milestone".to_string()
                    } else {
                        format!("{} working days", t.duration)
                    },
                ),
                field("percent", format!("{}%", t.percent_complete)),
                field("started", opt(&t.actual_start)),
                field("finished", opt(&t.actual_finish)),
                field("owner", opt(&t.owner)),
                field("budget", money(t.budget, &currency)),
                field("not before", opt(&t.not_before)),
                field("deadline", opt(&t.deadline)),
                field("acceptance", opt(&t.acceptance)),
            ]);
            lines.push(DetailLine::Heading("Forecast".into()));
            match forecast.get(key) {
                Some(f) => {
                    let float = |v: Option<i64>| {
                        v.map_or("none (finished)".to_string(), |d| {
                            format!("{d} working days")
                        })
                    };
                    lines.extend([
                        field("start", f.start),
                        field("finish", f.finish),
                        field("late start", opt(&f.late_start)),
                        field("late finish", opt(&f.late_finish)),
                        field("total float", float(f.total_float)),
                        field("free float", float(f.free_float)),
                        field("critical", if f.critical { "yes" } else { "no" }),
                        field("baseline start", opt(&f.baseline_start)),
                        field("baseline finish", opt(&f.baseline_finish)),
                        field(
                            "slip",
                            f.slip_days
                                .map(|s| format!("{s:+} working days"))
                                .unwrap_or_default(),
                        ),
                    ]);
                }
                None => lines.push(DetailLine::Text("being computed…".into())),
            }
            lines.push(DetailLine::Heading("Predecessors".into()));
            if t.after.is_empty() {
                lines.push(DetailLine::Text("none".into()));
            }
            for l in &t.after {
                let title = db.task(&l.key).map(|p| p.title).unwrap_or_default();
                lines.push(field(
                    &l.key,
                    format!("{} {:+}  {title}", l.link_type, l.lag),
                ));
            }
            lines.push(DetailLine::Heading("Successors".into()));
            let successors = db.successors(key)?;
            if successors.is_empty() {
                lines.push(DetailLine::Text("none".into()));
            }
            for s in successors {
                let succ = db.task(&s)?;
                let link = succ.after.iter().find(|l| l.key == *key);
                lines.push(field(
                    &s,
                    format!(
                        "{} {:+}  {}",
                        link.map_or("FS".to_string(), |l| l.link_type.to_string()),
                        link.map_or(0, |l| l.lag),
                        succ.title
                    ),
                ));
            }
            lines.push(DetailLine::Heading("Linked RAID items".into()));
            let linked: Vec<_> = db
                .raid_items(None)?
                .into_iter()
                .filter(|r| r.tasks.iter().any(|k| k == key))
                .collect();
            if linked.is_empty() {
                lines.push(DetailLine::Text("none".into()));
            }
            for r in linked {
                lines.push(field(&r.key, format!("{} ({})", r.title, r.status)));
            }
        }
        RowRef::Raid(key, _) => {
            let r = db.raid_item(key)?;
            lines.extend([
                field("key", &r.key),
                field("kind", r.kind),
                field("title", &r.title),
                field("status", &r.status),
                field("owner", opt(&r.owner)),
                field("raised", r.raised),
                field("due", opt(&r.due)),
                field("closed", opt(&r.closed)),
                field("workstream", opt(&r.workstream)),
                field("linked tasks", r.tasks.join(", ")),
                field("description", opt(&r.description)),
            ]);
            match r.kind {
                crate::domain::RaidKind::Risk => lines.extend([
                    field("probability", opt(&r.probability)),
                    field("impact", opt(&r.impact)),
                    field("score", opt(&r.score())),
                    field(
                        "probability %",
                        r.probability_pct
                            .map(|p| format!("{p}%"))
                            .unwrap_or_default(),
                    ),
                    field("cost impact", money(r.cost_impact, &currency)),
                    field("response", opt(&r.response)),
                    field("mitigation", opt(&r.mitigation)),
                    field("residual P", opt(&r.residual_probability)),
                    field("residual I", opt(&r.residual_impact)),
                ]),
                crate::domain::RaidKind::Issue => lines.extend([
                    field("severity", opt(&r.impact)),
                    field("escalated", if r.escalated { "yes" } else { "no" }),
                ]),
                crate::domain::RaidKind::Dependency => {
                    lines.push(field("provider", opt(&r.provider)))
                }
                crate::domain::RaidKind::Assumption => {}
            }
        }
        RowRef::Spend(key) => {
            let s = db.spend_entry(key)?;
            lines.extend([
                field("key", &s.key),
                field("date", s.date),
                field("workstream", &s.workstream),
                field("category", &s.category),
                field("amount", money(Some(s.amount), &currency)),
                field("vendor", opt(&s.vendor)),
                field("reference", opt(&s.reference)),
                field("status", s.status),
            ]);
        }
        RowRef::Decision(key) => {
            let d = db.decision(key)?;
            lines.extend([
                field("key", &d.key),
                field("date", d.date),
                field("title", &d.title),
                field("decision", &d.decision),
                field("rationale", opt(&d.rationale)),
                field("by", opt(&d.by)),
            ]);
        }
        RowRef::Change { key, .. } => {
            let c = db.change_request(key)?;
            lines.extend([
                field("key", &c.key),
                field("title", &c.title),
                field("status", c.status),
                field("raised", c.raised),
                field("decided", opt(&c.decided)),
                field("workstream", opt(&c.workstream)),
                field("budget delta", money(c.budget_delta, &currency)),
                field(
                    "schedule delta",
                    c.schedule_delta
                        .map(|d| format!("{d:+} working days"))
                        .unwrap_or_default(),
                ),
            ]);
        }
        RowRef::Line { .. } | RowRef::Scope(_) | RowRef::Journal(_) | RowRef::NoteEntry { .. } => {
            lines.extend(cells.iter().map(|(n, v)| field(n, v)));
            return Ok(lines);
        }
    }
    let changes = db.changes_of(&key, 20)?;
    if !changes.is_empty() {
        lines.push(DetailLine::Heading("Changes, newest first".into()));
    }
    for c in changes {
        let undone = if c.entry.undone { " (undone)" } else { "" };
        lines.push(DetailLine::Text(format!(
            "{}  {}{undone}",
            c.entry.at, c.entry.summary
        )));
        for (name, old, new) in c.fields {
            let text = match (old.is_empty(), new.is_empty()) {
                (true, true) => String::new(),
                (true, false) => new,
                _ => format!("{old} → {new}"),
            };
            lines.push(field(&format!("  {name}"), text));
        }
    }
    Ok(lines)
}
