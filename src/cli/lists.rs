//! Read commands: `... list`, `history`; each as a table or `--json`.

use super::args::*;
use super::output::{Out, Table, opt};
use crate::domain::{Money, RaidItem, RaidKind};
use crate::engine::schedule;
use crate::error::Result;
use crate::ops::Context;
use crate::store::Store;
use serde::Serialize;

/// A RAID item with its derived figures, as `raid list --json` shows it.
#[derive(Serialize)]
struct RaidRow<'a> {
    #[serde(flatten)]
    item: &'a RaidItem,
    score: Option<i64>,
    open: bool,
    overdue: bool,
}

/// Print a list if `command` is a read command; returns whether it was.
pub fn try_list(
    store: &Store,
    command: &super::args::Command,
    ctx: &Context,
    out: &mut Out,
) -> Result<bool> {
    use super::args::Command as C;
    let db = store.read();
    match command {
        C::Ws(WsCommand::List { json }) => {
            let list = db.workstreams()?;
            if *json {
                out.json(&list);
            } else {
                let mut t = Table::new(&["KEY", "NAME", "OWNER"]);
                for w in &list {
                    t.row(vec![w.key.clone(), w.name.clone(), opt(&w.owner)]);
                }
                t.render(out);
            }
        }
        C::Task(TaskCommand::List { ws, tree, json }) => {
            let tasks = db.tasks(ws.as_deref())?;
            if *json {
                out.json(&tasks);
            } else {
                // Forecast dates need every task (links cross workstreams).
                let all = if ws.is_some() {
                    db.tasks(None)?
                } else {
                    tasks.clone()
                };
                let cal = crate::ops::calendar(&db)?;
                let plan = schedule::schedule(&all, &cal, Some(ctx.today))?.tasks;
                let by_key: std::collections::HashMap<&str, usize> = all
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.key.as_str(), i))
                    .collect();
                let wbs = crate::domain::wbs::Tree::of(&all);
                let (codes, levels, rollups) = (wbs.codes(&all), wbs.levels(), wbs.rollups(&all));
                let summary = wbs.summary;
                let headers: &[&str] = if *tree {
                    &[
                        "KEY", "WBS", "TITLE", "DAYS", "%", "START", "FINISH", "OWNER", "AFTER",
                    ]
                } else {
                    &[
                        "KEY", "TITLE", "DAYS", "%", "START", "FINISH", "OWNER", "AFTER",
                    ]
                };
                let mut t = Table::new(headers).right(&["DAYS", "%"]);
                for task in &tasks {
                    let i = by_key[task.key.as_str()];
                    let p = &plan[i];
                    let after: Vec<String> = task
                        .after
                        .iter()
                        .map(|l| {
                            let mut s = l.key.clone();
                            if l.link_type != crate::domain::LinkType::Fs {
                                s.push(':');
                                s.push_str(l.link_type.as_str());
                            }
                            if l.lag != 0 {
                                s.push_str(&format!("{:+}", l.lag));
                            }
                            s
                        })
                        .collect();
                    // A summary shows its span and rolled-up percent, marked ▾.
                    let (title, days, percent) = if summary[i] {
                        (
                            format!("▾ {}", task.title),
                            p.finish_index - p.start_index,
                            rollups[i].0,
                        )
                    } else if task.is_milestone() {
                        (
                            format!("◆ {}", task.title),
                            task.duration,
                            task.percent_complete,
                        )
                    } else {
                        (task.title.clone(), task.duration, task.percent_complete)
                    };
                    let mut row = vec![task.key.clone()];
                    if *tree {
                        row.push(codes[i].clone());
                        row.push(format!("{}{title}", "  ".repeat(levels[i] - 1)));
                    } else {
                        row.push(title);
                    }
                    row.extend([
                        days.to_string(),
                        percent.to_string(),
                        p.start_date(&cal).to_string(),
                        p.finish_date(&cal).to_string(),
                        opt(&task.owner),
                        after.join(" "),
                    ]);
                    t.row(row);
                }
                t.render(out);
            }
        }
        C::Baseline(BaselineCommand::List { json }) => {
            let list = db.baselines()?;
            if *json {
                #[derive(Serialize)]
                struct Row<'a> {
                    name: &'a str,
                    taken: chrono::NaiveDate,
                    tasks: usize,
                }
                let rows: Vec<Row> = list
                    .iter()
                    .map(|b| Row {
                        name: &b.name,
                        taken: b.taken,
                        tasks: b.tasks.len(),
                    })
                    .collect();
                out.json(&rows);
            } else {
                let mut t = Table::new(&["NAME", "TAKEN", "TASKS"]).right(&["TASKS"]);
                for b in &list {
                    t.row(vec![
                        b.name.clone(),
                        b.taken.to_string(),
                        b.tasks.len().to_string(),
                    ]);
                }
                t.render(out);
            }
        }
        C::Raid(RaidCommand::List { kind, open, json }) => {
            let kind = kind
                .as_deref()
                .map(|k| RaidKind::parse("kind", k))
                .transpose()?;
            let items: Vec<RaidItem> = db
                .raid_items(kind)?
                .into_iter()
                .filter(|r| !*open || r.is_open())
                .collect();
            if *json {
                let rows: Vec<RaidRow> = items
                    .iter()
                    .map(|item| RaidRow {
                        item,
                        score: item.score(),
                        open: item.is_open(),
                        overdue: item.is_overdue(ctx.today),
                    })
                    .collect();
                out.json(&rows);
            } else {
                let mut t = Table::new(&[
                    "KEY", "KIND", "TITLE", "STATUS", "OWNER", "SCORE", "DUE", "WS",
                ])
                .right(&["SCORE"]);
                for r in &items {
                    let due = match r.due {
                        Some(d) if r.is_overdue(ctx.today) => format!("{d} overdue"),
                        Some(d) => d.to_string(),
                        None => String::new(),
                    };
                    t.row(vec![
                        r.key.clone(),
                        r.kind.to_string(),
                        r.title.clone(),
                        r.status.clone(),
                        opt(&r.owner),
                        opt(&r.score()),
                        due,
                        opt(&r.workstream),
                    ]);
                }
                t.render(out);
            }
        }
        C::Budget(BudgetCommand::List { json }) => {
            let lines = db.budget_lines()?;
            if *json {
                out.json(&lines);
            } else {
                let mut t = Table::new(&["WS", "CATEGORY", "MONTH", "AMOUNT"]).right(&["AMOUNT"]);
                let mut total: i128 = 0;
                for b in &lines {
                    total += i128::from(b.amount.cents());
                    t.row(vec![
                        b.workstream.clone(),
                        b.category.clone(),
                        b.month.to_string(),
                        b.amount.grouped(),
                    ]);
                }
                if !lines.is_empty() {
                    let total = Money(i64::try_from(total).unwrap_or(i64::MAX));
                    t.row(vec![
                        "TOTAL".into(),
                        String::new(),
                        String::new(),
                        total.grouped(),
                    ]);
                }
                t.render(out);
            }
        }
        C::Spend(SpendCommand::List { json }) => {
            let list = db.spend_entries()?;
            if *json {
                out.json(&list);
            } else {
                let mut t = Table::new(&[
                    "KEY", "DATE", "WS", "CATEGORY", "AMOUNT", "VENDOR", "REF", "STATUS",
                ])
                .right(&["AMOUNT"]);
                for s in &list {
                    t.row(s.cells());
                }
                t.render(out);
            }
        }
        C::Change(ChangeCommand::List { json }) => {
            let list = db.change_requests()?;
            if *json {
                out.json(&list);
            } else {
                let mut t = Table::new(&[
                    "KEY", "TITLE", "STATUS", "RAISED", "DECIDED", "WS", "BUDGET", "DAYS",
                ])
                .right(&["BUDGET", "DAYS"]);
                for c in &list {
                    t.row(vec![
                        c.key.clone(),
                        c.title.clone(),
                        c.status.to_string(),
                        c.raised.to_string(),
                        opt(&c.decided),
                        opt(&c.workstream),
                        c.budget_delta.map(Money::grouped).unwrap_or_default(),
                        opt(&c.schedule_delta),
                    ]);
                }
                t.render(out);
            }
        }
        C::Decision(DecisionCommand::List { json }) => {
            let list = db.decisions()?;
            if *json {
                out.json(&list);
            } else {
                let mut t = Table::new(&["KEY", "DATE", "TITLE", "BY"]);
                for d in &list {
                    t.row(vec![
                        d.key.clone(),
                        d.date.to_string(),
                        d.title.clone(),
                        opt(&d.by),
                    ]);
                }
                t.render(out);
            }
        }
        C::Settings(SettingsCommand::List { json }) => {
            let list = crate::domain::settings::list(&db.settings()?);
            if *json {
                out.json(&list);
            } else {
                let mut t = Table::new(&["SETTING", "VALUE", "DEFAULT", "MEANING"]);
                for s in &list {
                    t.row(vec![
                        s.key.into(),
                        s.value.clone(),
                        s.default.into(),
                        s.description.into(),
                    ]);
                }
                t.render(out);
            }
        }
        C::History { limit, json } => {
            let entries = db.history(*limit)?;
            if *json {
                out.json(&entries);
            } else {
                let mut t = Table::new(&["#", "AT", "BY", "CHANGE"]).right(&["#"]);
                for e in &entries {
                    let summary = if e.undone {
                        format!("{} (undone)", e.summary)
                    } else {
                        e.summary.clone()
                    };
                    t.row(vec![
                        e.id.to_string(),
                        e.at.clone(),
                        e.user.clone(),
                        summary,
                    ]);
                }
                t.render(out);
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}
