//! The Milestones tab: every task with its forecast against the baseline. `a` adds a task, a
//! milestone, a link, a workstream, a baseline or changes the program; `e` edits a task
//! (predecessors included); `x` finishes it on a date; `d` deletes it and its links.

use super::{Column, Here, Open, RowRef, TableData, Tone, col};
use crate::domain::{CalendarSpec, MAX_DURATION, MAX_LAG, Program, RagThresholds};
use crate::error::{Error, Result};
use crate::ops::{Command, TaskPatch, input};
use crate::store::pages::{SortKey, TaskRow};
use crate::tui::keymap::Item;
use crate::tui::overlays::form::{Form, Kind, Target, field};
use chrono::NaiveDate;

pub const COLUMNS: &[Column] = &[
    col("KEY", 8, 0).whole().sort(SortKey::Key),
    col("TITLE", 24, 0).grow().sort(SortKey::Title),
    col("WS", 5, 5).whole().sort(SortKey::Workstream),
    col("OWNER", 12, 4).sort(SortKey::Owner),
    col("START", 10, 3).whole().sort(SortKey::Start),
    col("FINISH", 10, 1).whole().sort(SortKey::Finish),
    col("%", 4, 1).figure().sort(SortKey::Percent),
    col("SLIP", 5, 2).figure().sort(SortKey::Slip),
    col("FLOAT", 5, 5).figure().sort(SortKey::Float),
    col("STATUS", 11, 2).whole().sort(SortKey::Status),
];

/// The milestones-only view (`m`): each milestone against its baseline and last week.
pub const MOVED: &[Column] = &[
    col("KEY", 8, 0).whole(),
    col("MILESTONE", 24, 0).grow(),
    col("WS", 5, 4).whole(),
    col("BASELINE", 10, 1).whole(),
    col("FORECAST", 10, 0).whole(),
    col("SLIP", 4, 0).figure(),
    col("MOVED", 5, 0).figure(),
    col("%", 4, 3).figure(),
];

/// Every milestone of this week's status: baseline, forecast, slip and how far it moved since
/// the end of last week; toned like tasks (done muted, slipping amber or red).
pub fn moved_rows(
    s: &crate::engine::status::WeeklyStatus,
    thresholds: &RagThresholds,
) -> TableData {
    let mut t = TableData::new(MOVED);
    let signed = |d: Option<i64>| d.map(|d| format!("{d:+}")).unwrap_or_default();
    for m in &s.schedule.milestones {
        let task = &m.task;
        let tone = if task.percent_complete == 100 {
            Tone::Muted
        } else if task.slip_days.is_some_and(|d| d > thresholds.slip_red) {
            Tone::Bad
        } else if task
            .slip_days
            .is_some_and(|d| d >= thresholds.slip_amber.max(1))
        {
            Tone::Warn
        } else {
            Tone::Normal
        };
        t.push(
            vec![
                task.key.clone(),
                format!("◆ {}", task.title),
                task.workstream.clone(),
                task.baseline_finish
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                task.forecast_finish.to_string(),
                signed(task.slip_days),
                signed(m.moved_days),
                task.percent_complete.to_string(),
            ],
            tone,
            RowRef::Task(task.key.clone()),
        );
    }
    t
}

pub const FILTER_WORDS: &[(&str, &str)] = &[
    ("owner:NAME", "the owner contains NAME"),
    ("ws:KEY", "the workstream"),
    (
        "status:open",
        "not finished (status:closed: finished; or late, done...)",
    ),
    ("kind:milestone", "milestones only (kind:task: the rest)"),
    ("crit", "critical tasks"),
    (
        "slip:>N",
        "slipping more than N working days (also >=, <, =)",
    ),
    ("overdue", "late: negative float"),
    ("due:<DATE", "forecast to finish before DATE"),
];

/// Milestones rows: done muted, late and slipping past the red line bad, slipping amber.
/// Until the forecast arrives its dates show as `…`.
///
/// With a WBS, titles indent by level and summaries stand out: bold, marked ▾ (or ▸ when
/// `collapsed` hides their subtasks), with their rolled-up percent.
pub fn rows(t: &mut TableData, rows: &[TaskRow], thresholds: &RagThresholds, collapsed: &[String]) {
    for task in rows {
        let f = task.forecast.as_ref();
        let late = f.is_some_and(|f| f.total_float.is_some_and(|tf| tf < 0));
        // A summary's percent and progress are its subtasks', rolled up.
        let percent = match f {
            Some(f) if task.summary => f.percent,
            _ => task.percent,
        };
        let started = task.started || (task.summary && percent > 0);
        let status = if percent == 100 {
            "done"
        } else if late {
            "late"
        } else if started {
            "in progress"
        } else {
            "not started"
        };
        let slip = f.and_then(|f| f.slip);
        let tone = if percent == 100 {
            Tone::Muted
        } else if late || slip.is_some_and(|s| s > thresholds.slip_red) {
            Tone::Bad
        } else if slip.is_some_and(|s| s >= thresholds.slip_amber.max(1)) {
            Tone::Warn
        } else {
            Tone::Normal
        };
        let indent = "  ".repeat(task.level.saturating_sub(1));
        let title = if task.summary {
            let mark = if collapsed.contains(&task.key) {
                '▸'
            } else {
                '▾'
            };
            format!("{indent}{mark} {}", task.title)
        } else if task.milestone {
            format!("{indent}◆ {}", task.title)
        } else {
            format!("{indent}{}", task.title)
        };
        let tone = if task.summary && tone == Tone::Normal {
            Tone::Summary
        } else {
            tone
        };
        let date = |d: Option<NaiveDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
        let critical = f.is_some_and(|f| f.critical) && percent < 100;
        t.push(
            vec![
                task.key.clone(),
                title,
                task.workstream.clone(),
                task.owner.clone().unwrap_or_default(),
                date(f.map(|f| f.start)),
                date(f.map(|f| f.finish)),
                percent.to_string(),
                slip.map(|s| format!("{s:+}")).unwrap_or_default(),
                f.and_then(|f| f.total_float)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                // The critical mark is text, so it shows without colour too.
                if critical {
                    format!("{status} *crit")
                } else {
                    status.to_string()
                },
            ],
            tone,
            RowRef::Task(task.key.clone()),
        );
    }
}

pub fn add(here: &Here) -> Open {
    let mut items = vec![Item::Task, Item::Milestone, Item::Link, Item::Workstream];
    if here.db.workstream(&here.workstream()).is_ok() {
        items.push(Item::ChangeWorkstream);
    }
    items.extend([
        Item::ChangeLink,
        Item::RemoveLink,
        Item::Baseline,
        Item::Program,
    ]);
    Open::Menu {
        title: "Add or change".into(),
        items,
    }
}

/// The summary a new task goes under: the selected summary itself, or the selected task's
/// summary (a sibling), or none.
fn parent_for_new(here: &Here) -> String {
    let Some(RowRef::Task(key)) = here.row else {
        return String::new();
    };
    if here.db.children(key).is_ok_and(|c| !c.is_empty()) {
        return key.clone();
    }
    here.db
        .task(key)
        .ok()
        .and_then(|t| t.parent)
        .unwrap_or_default()
}

fn task_fields(ws: &str, milestone: bool, parent: &str) -> Vec<crate::tui::overlays::form::Field> {
    let mut fields = vec![
        field("workstream", "workstream", Kind::Text, ws, true),
        field("title", "title", Kind::Text, "", true),
    ];
    if !milestone {
        fields.push(field("duration", "duration", Kind::Number, "5", true));
    }
    fields.extend([
        field("after", "after", Kind::List, "", false),
        field("owner", "owner", Kind::Text, "", false),
    ]);
    if !milestone {
        fields.push(field("budget", "budget", Kind::Money, "", false));
        fields.push(field("not_before", "not before", Kind::Date, "", false));
    }
    fields.push(field("deadline", "deadline", Kind::Date, "", false));
    fields.push(field("acceptance", "acceptance", Kind::Text, "", false));
    fields.push(field("parent", "under summary", Kind::Text, parent, false));
    fields
}

pub fn pick(item: Item, here: &Here) -> Open {
    let ws = here.workstream();
    let key = match here.row {
        Some(RowRef::Task(k)) => k.clone(),
        _ => String::new(),
    };
    let link = |title: &str, target: Target, type_and_lag: bool| {
        let mut fields = vec![
            field("predecessor", "predecessor", Kind::Text, "", true),
            field("successor", "successor", Kind::Text, &key, true),
        ];
        if type_and_lag {
            fields.push(field(
                "type",
                "type",
                Kind::Choice(&["FS", "SS", "FF", "SF"]),
                "",
                false,
            ));
            fields.push(field("lag", "lag", Kind::Number, "", false));
        }
        Form::new(title, target, false, fields)
    };
    let form = match item {
        Item::Task => {
            let mut f = Form::new(
                "Add a task",
                Target::AddTask,
                false,
                task_fields(&ws, false, &parent_for_new(here)),
            );
            f.focus_id(if ws.is_empty() { "workstream" } else { "title" });
            f
        }
        Item::Milestone => {
            let mut f = Form::new(
                "Add a milestone",
                Target::AddMilestone,
                false,
                task_fields(&ws, true, &parent_for_new(here)),
            );
            f.focus_id(if ws.is_empty() { "workstream" } else { "title" });
            f
        }
        Item::Link => {
            let mut f = Form::new(
                "Add a dependency link",
                Target::AddLink,
                false,
                vec![
                    field("predecessor", "predecessor", Kind::Text, &key, true),
                    field("successor", "successor", Kind::Text, "", true),
                    field(
                        "type",
                        "type",
                        Kind::Choice(&["FS", "SS", "FF", "SF"]),
                        "FS",
                        false,
                    ),
                    field("lag", "lag", Kind::Number, "0", false),
                ],
            );
            f.focus_id("successor");
            f
        }
        Item::ChangeLink => link("Change a dependency link", Target::ChangeLink, true),
        Item::RemoveLink => link("Remove a dependency link", Target::RemoveLink, false),
        Item::Workstream => Form::new(
            "Add a workstream",
            Target::AddWorkstream,
            false,
            vec![
                field("key", "key", Kind::Text, "", true),
                field("name", "name", Kind::Text, "", true),
                field("owner", "owner", Kind::Text, "", false),
            ],
        ),
        Item::ChangeWorkstream => match here.db.workstream(&ws) {
            Ok(w) => Form::new(
                format!("Change workstream {ws}"),
                Target::EditWorkstream(ws.clone()),
                true,
                vec![
                    field("name", "name", Kind::Text, &w.name, true),
                    field(
                        "owner",
                        "owner",
                        Kind::Text,
                        w.owner.as_deref().unwrap_or(""),
                        false,
                    ),
                ],
            ),
            Err(e) => return Open::Message(e.to_string()),
        },
        Item::Baseline => Form::new(
            "Take a baseline of every task's plan",
            Target::Baseline,
            false,
            vec![field("name", "name", Kind::Text, "", false)],
        ),
        Item::Program => match here.db.program() {
            Ok(p) => Form::new(
                "The program",
                Target::EditProgram,
                true,
                vec![
                    field("name", "name", Kind::Text, &p.name, true),
                    field("currency", "currency", Kind::Text, &p.currency, true),
                    field("start", "start", Kind::Date, &p.start.to_string(), true),
                    field(
                        "workdays",
                        "workdays",
                        Kind::Text,
                        &p.calendar.workdays.join(","),
                        true,
                    ),
                    field("holiday", "add a holiday", Kind::Date, "", false),
                    field("no_holiday", "remove a holiday", Kind::Date, "", false),
                ],
            ),
            Err(e) => return Open::Message(e.to_string()),
        },
        _ => return Open::Nothing,
    };
    Open::Form(form)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub fn edit(here: &Here) -> Open {
    let Some(RowRef::Task(key)) = here.row else {
        return Open::Nothing;
    };
    let t = match here.db.task(key) {
        Ok(t) => t,
        Err(e) => return Open::Message(e.to_string()),
    };
    let budget = t.budget.map(|m| m.to_string()).unwrap_or_default();
    Open::Form(Form::new(
        format!("Edit {key}"),
        Target::EditTask(key.clone()),
        true,
        vec![
            field("title", "title", Kind::Text, &t.title, true),
            field(
                "duration",
                "duration",
                Kind::Number,
                &t.duration.to_string(),
                true,
            ),
            field(
                "percent",
                "percent",
                Kind::Number,
                &t.percent_complete.to_string(),
                false,
            ),
            field(
                "started",
                "started",
                Kind::Date,
                &date(t.actual_start),
                false,
            ),
            field(
                "finished",
                "finished",
                Kind::Date,
                &date(t.actual_finish),
                false,
            ),
            field(
                "after",
                "after",
                Kind::List,
                &input::show_links(&t.after),
                false,
            ),
            field(
                "owner",
                "owner",
                Kind::Text,
                t.owner.as_deref().unwrap_or(""),
                false,
            ),
            field("budget", "budget", Kind::Money, &budget, false),
            field(
                "not_before",
                "not before",
                Kind::Date,
                &date(t.not_before),
                false,
            ),
            field("deadline", "deadline", Kind::Date, &date(t.deadline), false),
            field(
                "acceptance",
                "acceptance",
                Kind::Text,
                t.acceptance.as_deref().unwrap_or(""),
                false,
            ),
            field(
                "parent",
                "under summary",
                Kind::Text,
                t.parent.as_deref().unwrap_or(""),
                false,
            ),
        ],
    ))
}

pub fn delete(here: &Here) -> Open {
    let Some(RowRef::Task(key)) = here.row else {
        return Open::Nothing;
    };
    let title = here.cell(COLUMNS, "TITLE");
    Open::Confirm {
        question: format!("Delete task {key} \"{title}\" and its links?"),
        command: Box::new(Command::RemoveTask {
            key: key.clone(),
            force: true,
        }),
    }
}

/// `x`: finish the task on a date (today unless changed; `y` is yesterday).
pub fn done(here: &Here) -> Open {
    let Some(RowRef::Task(key)) = here.row else {
        return Open::Nothing;
    };
    Open::Form(Form::new(
        format!("Finish {key}"),
        Target::FinishTask(key.clone()),
        false,
        vec![field("finished", "finished on", Kind::Date, "today", true)],
    ))
}

/// The first-run form's program: name, currency and start date, Monday to Friday.
pub fn new_program(form: &Form, today: NaiveDate) -> Result<Program> {
    Ok(Program {
        name: form.value("name").to_string(),
        currency: form.value("currency").to_string(),
        start: input::date("start", form.value("start"), today)?,
        calendar: CalendarSpec::weekdays(vec![]),
    })
}

/// The first-run form.
pub fn new_program_form(today: NaiveDate) -> Form {
    Form::new(
        "New program",
        Target::NewProgram,
        false,
        vec![
            field("name", "name", Kind::Text, "", true),
            field("currency", "currency", Kind::Text, "USD", false),
            field("start", "start", Kind::Date, &today.to_string(), false),
        ],
    )
}

/// The optional fields of a task, as `task add` and `task set` take them.
fn task_patch(form: &Form, today: NaiveDate) -> Result<TaskPatch> {
    Ok(TaskPatch {
        owner: input::clear_text(form.given("owner")),
        budget: input::clear_money("budget", form.given("budget"))?,
        not_before: input::clear_date("not_before", form.given("not_before"), today)?,
        deadline: input::clear_date("deadline", form.given("deadline"), today)?,
        acceptance: input::clear_text(form.given("acceptance")),
        // Emptied: to the top of the workstream; a key: under that summary.
        parent: form.given("parent").map(|p| {
            let p = p.trim();
            (!p.is_empty() && !p.eq_ignore_ascii_case("none")).then(|| p.to_ascii_uppercase())
        }),
        ..TaskPatch::default()
    })
}

fn link_type(form: &Form) -> Result<Option<crate::domain::LinkType>> {
    form.given("type")
        .map(|t| crate::domain::LinkType::parse("type", t))
        .transpose()
}

fn lag(form: &Form) -> Result<Option<i64>> {
    input::opt_int("lag", form.given("lag"), -MAX_LAG, MAX_LAG)
}

/// A saved form of this tab as a command.
pub fn build(form: &Form, today: NaiveDate) -> Result<Command> {
    let text = |id: &str| form.value(id).to_string();
    Ok(match &form.target {
        Target::AddTask | Target::AddMilestone => {
            let duration = if form.target == Target::AddMilestone {
                0
            } else {
                input::opt_int("duration", form.given("duration"), 0, MAX_DURATION)?.unwrap_or(1)
            };
            Command::AddTask {
                workstream: text("workstream"),
                title: text("title"),
                duration,
                after: input::link_list("after", form.value("after"))?,
                fields: task_patch(form, today)?,
            }
        }
        Target::EditTask(key) => {
            let mut patch = task_patch(form, today)?;
            patch.title = form.given("title").map(str::to_string);
            patch.duration = input::opt_int("duration", form.given("duration"), 0, MAX_DURATION)?;
            patch.percent = input::opt_int("percent", form.given("percent"), 0, 100)?;
            patch.started = input::clear_date("started", form.given("started"), today)?;
            patch.finished = input::clear_date("finished", form.given("finished"), today)?;
            patch.after = form
                .given("after")
                .map(|a| input::link_list("after", a))
                .transpose()?;
            Command::SetTask {
                key: key.clone(),
                fields: patch,
            }
        }
        Target::FinishTask(key) => {
            let value = form.value("finished");
            let finished = if value.eq_ignore_ascii_case("y") {
                today.pred_opt().unwrap_or(today)
            } else {
                input::date("finished", value, today)?
            };
            Command::SetTask {
                key: key.clone(),
                fields: TaskPatch {
                    finished: Some(Some(finished)),
                    ..TaskPatch::default()
                },
            }
        }
        Target::AddLink => Command::AddDep {
            pred: text("predecessor"),
            succ: text("successor"),
            link_type: link_type(form)?.unwrap_or(crate::domain::LinkType::Fs),
            lag: lag(form)?.unwrap_or(0),
        },
        Target::ChangeLink => Command::SetDep {
            pred: text("predecessor"),
            succ: text("successor"),
            link_type: link_type(form)?,
            lag: lag(form)?,
        },
        Target::RemoveLink => Command::RemoveDep {
            pred: text("predecessor"),
            succ: text("successor"),
        },
        Target::AddWorkstream => Command::AddWorkstream {
            key: text("key"),
            name: text("name"),
            owner: form.given("owner").map(str::to_string),
        },
        Target::EditWorkstream(key) => Command::SetWorkstream {
            key: key.clone(),
            name: form.given("name").map(str::to_string),
            owner: input::clear_text(form.given("owner")),
        },
        Target::Baseline => Command::SetBaseline {
            name: form.given("name").map(str::to_string),
        },
        Target::EditProgram => Command::SetProgram {
            name: form.given("name").map(str::to_string),
            currency: form.given("currency").map(str::to_string),
            start: input::opt_date("start", form.given("start"), today)?,
            workdays: form.given("workdays").map(str::to_string),
            add_holidays: input::opt_date("holiday", form.given("holiday"), today)?
                .into_iter()
                .collect(),
            remove_holidays: input::opt_date("no_holiday", form.given("no_holiday"), today)?
                .into_iter()
                .collect(),
        },
        other => {
            return Err(Error::Conflict(format!(
                "{other:?} is not a Milestones form"
            )));
        }
    })
}
