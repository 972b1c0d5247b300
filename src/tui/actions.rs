//! What `a`, `e`, `d` and `x` open on each tab: the forms to add and edit every kind of record
//! (through the CLI's grammar, see `form`), the confirmation before a delete, and the choice of
//! what to add where a tab holds several kinds.

use super::app::{App, Choice, Message, Mode};
use super::data::{BudgetView, Tab};
use super::form::Form;
use chrono::NaiveDate;

/// The first words of a command line, for the message after a form: `raid add risk`.
fn form_title(line: &str) -> String {
    line.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl App {
    /// The key in the first column of the selected row.
    pub(super) fn selected_key(&self) -> Option<String> {
        self.selected_row().map(|r| r[0].clone())
    }

    /// The workstream of the selected row, where it has one.
    fn selected_workstream(&self) -> String {
        let column = self
            .table()
            .headers
            .iter()
            .position(|h| *h == "WS" || *h == "SCOPE");
        column
            .and_then(|c| self.selected_row().and_then(|r| r.get(c).cloned()))
            .filter(|w| w != "PROGRAM" && !w.starts_with("PROGRAM "))
            .unwrap_or_default()
    }

    fn choose(&mut self, title: &str, options: Vec<Choice>) {
        self.mode = Mode::Choose {
            title: title.to_string(),
            options,
        };
    }

    pub(super) fn open_add(&mut self) {
        let today = self.ctx.today.to_string();
        let ws = self.selected_workstream();
        let key = self.selected_key().unwrap_or_default();
        let choice = |key: char, label: &str, form: Form| Choice {
            key,
            label: label.to_string(),
            form,
        };
        match self.tab {
            Tab::Milestones => {
                let mut options = vec![
                    choice('t', "task", Form::add_task(&ws)),
                    choice('m', "milestone", Form::add_milestone(&ws)),
                    choice('l', "dependency link", Form::add_dependency(&key)),
                    choice('w', "workstream", Form::add_workstream()),
                ];
                if let Ok(w) = self.store.read().workstream(&ws) {
                    options.push(choice(
                        'W',
                        &format!("change workstream {ws}"),
                        Form::edit_workstream(&ws, [&w.name, w.owner.as_deref().unwrap_or("")]),
                    ));
                }
                options.push(choice(
                    'k',
                    "change a dependency link (type, lag)",
                    Form::change_dependency(&key),
                ));
                options.push(choice(
                    'L',
                    "remove a dependency link",
                    Form::remove_dependency(&key),
                ));
                options.push(choice('b', "baseline", Form::set_baseline()));
                if let Ok(p) = self.store.read().program() {
                    options.push(choice(
                        'p',
                        "change the program (name, start, calendar)",
                        Form::edit_program([
                            &p.name,
                            &p.currency,
                            &p.start.to_string(),
                            &p.calendar.workdays.join(","),
                        ]),
                    ));
                }
                self.choose("Add or change", options);
            }
            Tab::Raid => self.choose(
                "Add to the RAID log",
                vec![
                    choice('r', "risk", Form::add_raid("risk")),
                    choice('a', "assumption", Form::add_raid("assumption")),
                    choice('i', "issue", Form::add_raid("issue")),
                    choice('d', "dependency", Form::add_raid("dependency")),
                ],
            ),
            Tab::Budget => {
                let month = crate::domain::Month::of(self.ctx.today).to_string();
                self.choose(
                    "Add",
                    vec![
                        choice('s', "spend entry", Form::add_spend(&today, &ws)),
                        choice('b', "budget line", Form::set_budget(&ws, &month)),
                    ],
                )
            }
            Tab::Status => self.open_edit(),
            Tab::Log => self.choose(
                "Add to the log",
                vec![
                    choice('d', "decision", Form::add_decision(&today)),
                    choice('c', "change request", Form::add_change()),
                ],
            ),
        }
    }

    pub(super) fn open_edit(&mut self) {
        let Some(key) = self.selected_key() else {
            return;
        };
        let db = self.store.read();
        let form = match self.tab {
            Tab::Milestones => db.task(&key).ok().map(|t| {
                let budget = t.budget.map(|m| m.to_string()).unwrap_or_default();
                Form::edit_task(
                    &key,
                    [
                        &t.title,
                        &t.duration.to_string(),
                        &t.percent_complete.to_string(),
                        &date(t.actual_start),
                        &date(t.actual_finish),
                        t.owner.as_deref().unwrap_or(""),
                        &date(t.deadline),
                        &date(t.not_before),
                        &budget,
                    ],
                )
            }),
            Tab::Raid => db.raid_item(&key).ok().map(|r| {
                let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
                Form::edit_raid(
                    &key,
                    [
                        &r.title,
                        r.owner.as_deref().unwrap_or(""),
                        &r.status,
                        &date(r.due),
                        &number(r.probability),
                        &number(r.impact),
                        r.mitigation.as_deref().unwrap_or(""),
                        r.workstream.as_deref().unwrap_or(""),
                    ],
                )
            }),
            Tab::Budget if self.budget_view == BudgetView::Lines => {
                // The row is the line: workstream, category, month, amount.
                self.selected_row().map(|r| {
                    let mut form = Form::set_budget(&r[0], &r[2]);
                    form.fields[1].value = r[1].clone();
                    form.fields[3].value = r[3].clone();
                    form.focus = 3;
                    form
                })
            }
            Tab::Budget if self.budget_view == BudgetView::Spend => {
                db.spend_entry(&key).ok().map(|s| {
                    Form::edit_spend(
                        &key,
                        [
                            &s.date.to_string(),
                            &s.workstream,
                            &s.category,
                            &s.amount.to_string(),
                            s.vendor.as_deref().unwrap_or(""),
                            s.reference.as_deref().unwrap_or(""),
                            s.status.as_str(),
                        ],
                    )
                })
            }
            Tab::Budget => {
                // A row per workstream: plan a line for it.
                let month = crate::domain::Month::of(self.ctx.today).to_string();
                Some(Form::set_budget(&self.selected_workstream(), &month))
            }
            Tab::Status => {
                // The first column is PROGRAM <week> or a workstream key.
                let week = crate::domain::IsoWeek::of(self.ctx.today);
                let ws = (!key.starts_with("PROGRAM")).then_some(key.as_str());
                let note = db.status_note(week, ws).ok().flatten();
                let text = |v: Option<String>| v.unwrap_or_default();
                Some(Form::edit_note(
                    ws,
                    &week.to_string(),
                    [
                        &text(note.as_ref().and_then(|n| n.summary.clone())),
                        &text(note.as_ref().and_then(|n| n.rag.map(|r| r.to_string()))),
                        &text(note.as_ref().and_then(|n| n.reason.clone())),
                    ],
                ))
            }
            Tab::Log if key.starts_with("DEC-") => db.decision(&key).ok().map(|d| {
                Form::edit_decision(
                    &key,
                    [
                        &d.title,
                        &d.decision,
                        d.rationale.as_deref().unwrap_or(""),
                        d.by.as_deref().unwrap_or(""),
                        &d.date.to_string(),
                    ],
                )
            }),
            Tab::Log if key.starts_with("CR-") => match db.change_request(&key) {
                Ok(c) if c.status == crate::domain::ChangeStatus::Proposed => {
                    let money = |m: Option<crate::domain::Money>| {
                        m.map(|m| m.to_string()).unwrap_or_default()
                    };
                    Some(Form::edit_change(
                        &key,
                        [
                            &c.title,
                            c.workstream.as_deref().unwrap_or(""),
                            &money(c.budget_delta),
                            &c.schedule_delta.map(|d| d.to_string()).unwrap_or_default(),
                        ],
                    ))
                }
                Ok(c) => {
                    self.message = Some(Message::Info(format!(
                        "{key} is {}; a decided change request is kept as it was",
                        c.status
                    )));
                    return;
                }
                Err(_) => None,
            },
            Tab::Log => None,
        };
        match form {
            Some(f) => self.mode = Mode::Form(f),
            None => {
                self.message = Some(Message::Info(if self.tab == Tab::Log {
                    "the journal is kept as recorded; e edits decisions and proposed changes".into()
                } else {
                    format!("{key} is gone; nothing to edit")
                }))
            }
        }
    }

    /// The selected row's cells, then every other field of its record (a task, RAID item,
    /// spend entry, decision or change request), named as in the program JSON.
    pub(super) fn record_fields(&self, key: &str) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = match self.selected_row() {
            Some(row) => self
                .table()
                .headers
                .iter()
                .zip(row)
                .map(|(h, v)| (h.to_string(), v.clone()))
                .collect(),
            None => vec![],
        };
        let db = self.store.read();
        let record = match self.tab {
            Tab::Milestones => db.task(key).ok().and_then(|t| serde_json::to_value(t).ok()),
            Tab::Raid => db
                .raid_item(key)
                .ok()
                .and_then(|r| serde_json::to_value(r).ok()),
            Tab::Budget if self.budget_view == BudgetView::Spend => db
                .spend_entry(key)
                .ok()
                .and_then(|s| serde_json::to_value(s).ok()),
            Tab::Log if key.starts_with("DEC-") => db
                .decision(key)
                .ok()
                .and_then(|d| serde_json::to_value(d).ok()),
            Tab::Log if key.starts_with("CR-") => db
                .change_request(key)
                .ok()
                .and_then(|c| serde_json::to_value(c).ok()),
            _ => None,
        };
        let Some(serde_json::Value::Object(map)) = record else {
            return fields;
        };
        // Fields the table already shows, under their column names.
        let shown = |name: &str| {
            let column = match name {
                "workstream" => "WS",
                "percent_complete" => "%",
                "reference" => "REF",
                other => other,
            };
            fields.iter().any(|(h, _)| h.eq_ignore_ascii_case(column))
        };
        let mut more = vec![];
        for (name, value) in map {
            if shown(&name) {
                continue;
            }
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) if items.is_empty() => continue,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s.clone(),
                        // A dependency link: predecessor, type and lag.
                        serde_json::Value::Object(o) if o.contains_key("key") => format!(
                            "{} {}{:+}",
                            o["key"].as_str().unwrap_or(""),
                            o.get("type").and_then(|t| t.as_str()).unwrap_or(""),
                            o.get("lag").and_then(|l| l.as_i64()).unwrap_or(0)
                        ),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            more.push((name.replace('_', " "), text));
        }
        fields.extend(more);
        fields
    }

    pub(super) fn confirm_delete(&mut self) {
        let Some(key) = self.selected_key() else {
            return;
        };
        let title_column = if self.tab == Tab::Raid { 2 } else { 1 };
        let title = self
            .selected_row()
            .and_then(|r| r.get(title_column))
            .cloned()
            .unwrap_or_default();
        let (question, command) = match self.tab {
            Tab::Milestones => (
                format!("Delete task {key} \"{title}\" and its links?"),
                format!("task rm {key} --force"),
            ),
            Tab::Raid => (
                format!("Delete {key} \"{title}\"?"),
                format!("raid rm {key}"),
            ),
            Tab::Budget if self.budget_view == BudgetView::Spend => {
                let amount = self
                    .selected_row()
                    .and_then(|r| r.get(4))
                    .cloned()
                    .unwrap_or_default();
                (
                    format!("Delete spend {key} of {amount} dated {title}?"),
                    format!("spend rm {key}"),
                )
            }
            _ => {
                self.message = Some(Message::Info(
                    "delete works on tasks, RAID items and spend entries".into(),
                ));
                return;
            }
        };
        self.mode = Mode::Confirm { question, command };
    }

    pub(super) fn mark_done(&mut self) {
        let Some(key) = self.selected_key() else {
            return;
        };
        let today = self.ctx.today.to_string();
        match self.tab {
            Tab::Milestones => self.run_command(&format!("task set {key} --percent 100")),
            Tab::Raid => self.run_command(&format!("raid close {key}")),
            Tab::Log if key.starts_with("CR-") => {
                let proposed = self
                    .selected_row()
                    .is_some_and(|r| r[3].starts_with("proposed"));
                if proposed {
                    self.choose(
                        &format!("Decide {key}"),
                        vec![
                            Choice {
                                key: 'a',
                                label: "approve".into(),
                                form: Form::approve_change(&key, &today),
                            },
                            Choice {
                                key: 'r',
                                label: "reject".into(),
                                form: Form::reject_change(&key, &today),
                            },
                        ],
                    );
                } else {
                    self.message = Some(Message::Info(format!("{key} is already decided")));
                }
            }
            _ => {}
        }
    }

    pub(super) fn submit_form(&mut self) {
        let Mode::Form(form) = &mut self.mode else {
            return;
        };
        let line = match form.command_line() {
            Ok(line) => line,
            Err((field, error)) => {
                form.error = Some((Some(field), error));
                form.focus = field;
                return;
            }
        };
        match crate::cli::run_line(&mut self.store, &line, &self.ctx) {
            Ok(out) => {
                let done = out.lines().next().unwrap_or("done").to_string();
                self.mode = Mode::Normal;
                self.message = Some(Message::Info(format!("{} → {done}", form_title(&line))));
                self.reload();
            }
            Err(e) => {
                if let Mode::Form(form) = &mut self.mode {
                    let field = form.field_of_error(&e);
                    if let Some(f) = field {
                        form.focus = f;
                    }
                    form.error = Some((field, e));
                }
            }
        }
    }
}
