//! Turn parsed arguments into domain commands, with the domain's own parsers so that errors
//! name the field and the value in the same words everywhere.

use super::args::{self, Command as A, TaskFields};
use crate::domain::enums::parse_in_range;
use crate::domain::{
    IsoWeek, LinkType, MAX_DURATION, MAX_LAG, Money, Month, Rag, RaidKind, Response, SpendStatus,
    dates,
};
use crate::error::{Error, Result};
use crate::ops::{
    Clear, Command, Context, ListEdit, NoteList, RaidPatch, SpendPatch, TaskPatch, input,
};
use chrono::NaiveDate;

fn date(field: &str, s: &str, ctx: &Context) -> Result<NaiveDate> {
    input::date(field, s, ctx.today)
}

fn opt_date(field: &str, s: Option<String>, ctx: &Context) -> Result<Option<NaiveDate>> {
    input::opt_date(field, s.as_deref(), ctx.today)
}

fn clear_date(field: &str, s: Option<String>, ctx: &Context) -> Result<Clear<NaiveDate>> {
    input::clear_date(field, s.as_deref(), ctx.today)
}

fn clear_text(s: Option<String>) -> Clear<String> {
    input::clear_text(s.as_deref())
}

fn clear_money(field: &str, s: Option<String>) -> Result<Clear<Money>> {
    input::clear_money(field, s.as_deref())
}

fn clear_int(field: &str, s: Option<String>, low: i64, high: i64) -> Result<Clear<i64>> {
    input::clear_int(field, s.as_deref(), low, high)
}

fn clear_word<T>(
    field: &str,
    s: Option<String>,
    parse: fn(&str, &str) -> Result<T>,
) -> Result<Clear<T>> {
    input::clear_word(field, s.as_deref(), parse)
}

fn task_fields(f: TaskFields, ctx: &Context) -> Result<TaskPatch> {
    Ok(TaskPatch {
        owner: clear_text(f.owner),
        budget: clear_money("budget", f.budget)?,
        not_before: clear_date("not_before", f.not_before, ctx)?,
        deadline: clear_date("deadline", f.deadline, ctx)?,
        acceptance: clear_text(f.acceptance),
        parent: f.parent.map(|p| {
            let p = p.trim();
            (!p.is_empty() && !p.eq_ignore_ascii_case("none")).then(|| p.to_string())
        }),
        ..TaskPatch::default()
    })
}

fn raid_fields(f: args::RaidFields, ctx: &Context, adding: bool) -> Result<RaidPatch> {
    Ok(RaidPatch {
        owner: clear_text(f.owner),
        due: clear_date("due", f.due, ctx)?,
        description: clear_text(f.description),
        probability: clear_int("probability", f.probability, 1, 5)?,
        impact: clear_int("impact", f.impact, 1, 5)?,
        probability_pct: clear_int("probability_pct", f.probability_pct, 0, 100)?,
        cost_impact: clear_money("cost_impact", f.cost_impact)?,
        response: clear_word("response", f.response, Response::parse)?,
        mitigation: clear_text(f.mitigation),
        residual_probability: clear_int("residual_probability", f.residual_probability, 1, 5)?,
        residual_impact: clear_int("residual_impact", f.residual_impact, 1, 5)?,
        workstream: clear_text(f.ws),
        tasks: if f.tasks.is_empty() {
            None
        } else {
            Some(f.tasks)
        },
        escalated: if f.escalated {
            Some(true)
        } else if adding {
            Some(false)
        } else {
            None
        },
        provider: clear_text(f.provider),
        ..RaidPatch::default()
    })
}

/// A position in a note's list, from 1.
fn position(field: &str, text: &str) -> Result<usize> {
    Ok(parse_in_range(field, text, 1, 10_000)? as usize)
}

/// The list edits of `note`: replacements, then moves, then removals from the last position
/// down (so every position names an entry as the list stands before the removals).
fn note_edits(n: &args::NoteArgs) -> Result<Vec<ListEdit>> {
    let mut edits = vec![];
    for (list, values) in [
        (NoteList::Done, &n.edit_done),
        (NoteList::Next, &n.edit_next),
    ] {
        let field = list.field("edit");
        for v in values {
            let (at, text) = v.split_once('=').ok_or_else(|| {
                Error::invalid(&field, v, "expected N=TEXT, like 2=\"Design signed off\"")
            })?;
            edits.push(ListEdit::Replace {
                list,
                at: position(&field, at)?,
                text: text.to_string(),
            });
        }
    }
    for (list, values) in [
        (NoteList::Done, &n.move_done),
        (NoteList::Next, &n.move_next),
    ] {
        let field = list.field("move");
        for v in values {
            let (from, to) = v
                .split_once('=')
                .ok_or_else(|| Error::invalid(&field, v, "expected N=M, like 3=1"))?;
            edits.push(ListEdit::Move {
                list,
                from: position(&field, from)?,
                to: position(&field, to)?,
            });
        }
    }
    for (list, values) in [
        (NoteList::Done, &n.remove_done),
        (NoteList::Next, &n.remove_next),
    ] {
        let field = list.field("remove");
        let mut at: Vec<usize> = values
            .iter()
            .map(|v| position(&field, v))
            .collect::<Result<_>>()?;
        at.sort_unstable_by(|a, b| b.cmp(a));
        at.dedup();
        edits.extend(at.into_iter().map(|at| ListEdit::Remove { list, at }));
    }
    Ok(edits)
}

/// Build the domain command for a mutating CLI command.
pub fn to_command(cli: A, ctx: &Context) -> Result<Command> {
    use args::{
        BaselineCommand, BudgetCommand, ChangeCommand, DecisionCommand, DepCommand, RaidCommand,
        SettingsCommand, SpendCommand, TaskCommand, WsCommand,
    };
    Ok(match cli {
        A::Program(args::ProgramCommand::Set {
            name,
            currency,
            start,
            workdays,
            holidays,
            no_holidays,
        }) => Command::SetProgram {
            name,
            currency,
            start: opt_date("start", start, ctx)?,
            workdays,
            add_holidays: holidays
                .iter()
                .map(|h| dates::parse_date("holiday", h))
                .collect::<Result<_>>()?,
            remove_holidays: no_holidays
                .iter()
                .map(|h| dates::parse_date("no_holiday", h))
                .collect::<Result<_>>()?,
        },
        A::Ws(WsCommand::Add { key, name, owner }) => Command::AddWorkstream { key, name, owner },
        A::Ws(WsCommand::Set { key, name, owner }) => Command::SetWorkstream {
            key,
            name,
            owner: clear_text(owner),
        },
        A::Ws(WsCommand::Rm { key }) => Command::RemoveWorkstream { key },
        A::Task(TaskCommand::Add {
            ws,
            title,
            duration,
            milestone,
            after,
            fields,
        }) => {
            let duration = match (milestone, duration) {
                (true, _) => 0,
                (false, Some(d)) => parse_in_range("duration", &d, 0, MAX_DURATION)?,
                (false, None) => 1,
            };
            let after = after
                .iter()
                .map(|a| input::link_spec("after", a))
                .collect::<Result<Vec<_>>>()?;
            Command::AddTask {
                workstream: ws,
                title,
                duration,
                after,
                fields: task_fields(fields, ctx)?,
            }
        }
        A::Task(TaskCommand::Set {
            key,
            title,
            duration,
            percent,
            started,
            finished,
            after,
            fields,
        }) => {
            let mut patch = task_fields(fields, ctx)?;
            if !after.is_empty() {
                patch.after = Some(input::link_list("after", &after.join(","))?);
            }
            patch.title = title;
            patch.duration = duration
                .map(|d| parse_in_range("duration", &d, 0, MAX_DURATION))
                .transpose()?;
            patch.percent = percent
                .map(|p| parse_in_range("percent", &p, 0, 100))
                .transpose()?;
            patch.started = clear_date("started", started, ctx)?;
            patch.finished = clear_date("finished", finished, ctx)?;
            Command::SetTask { key, fields: patch }
        }
        A::Task(TaskCommand::Rm { key, force }) => Command::RemoveTask { key, force },
        A::Task(TaskCommand::Move { key, before, after }) => match (before, after) {
            (Some(beside), None) => Command::MoveTask {
                key,
                beside,
                after: false,
            },
            (None, Some(beside)) => Command::MoveTask {
                key,
                beside,
                after: true,
            },
            _ => {
                return Err(Error::invalid(
                    "before",
                    "",
                    "give one of --before KEY or --after KEY",
                ));
            }
        },
        A::Dep(DepCommand::Add {
            pred,
            succ,
            link_type,
            lag,
        }) => Command::AddDep {
            pred,
            succ,
            link_type: LinkType::parse("type", &link_type)?,
            lag: parse_in_range("lag", &lag, -MAX_LAG, MAX_LAG)?,
        },
        A::Dep(DepCommand::Set {
            pred,
            succ,
            link_type,
            lag,
        }) => Command::SetDep {
            pred,
            succ,
            link_type: link_type.map(|t| LinkType::parse("type", &t)).transpose()?,
            lag: lag
                .map(|l| parse_in_range("lag", &l, -MAX_LAG, MAX_LAG))
                .transpose()?,
        },
        A::Dep(DepCommand::Rm { pred, succ }) => Command::RemoveDep { pred, succ },
        A::Baseline(BaselineCommand::Set { name }) => Command::SetBaseline { name },
        A::Raid(RaidCommand::Add {
            kind,
            title,
            fields,
        }) => Command::AddRaid {
            kind: RaidKind::parse("kind", &kind)?,
            title,
            fields: raid_fields(fields, ctx, true)?,
        },
        A::Raid(RaidCommand::Set {
            key,
            title,
            status,
            deescalate,
            fields,
        }) => {
            let mut patch = raid_fields(fields, ctx, false)?;
            patch.title = title;
            patch.status = status;
            if deescalate {
                patch.escalated = Some(false);
            }
            Command::SetRaid { key, fields: patch }
        }
        A::Raid(RaidCommand::Close {
            key,
            status,
            note,
            date: d,
        }) => Command::CloseRaid {
            key,
            status,
            note,
            date: opt_date("date", d, ctx)?,
        },
        A::Raid(RaidCommand::Rm { key }) => Command::RemoveRaid { key },
        A::Budget(BudgetCommand::Set {
            ws,
            category,
            month,
            amount,
        }) => Command::SetBudget {
            workstream: ws,
            category,
            month: Month::parse("month", &month)?,
            amount: Money::parse_cli("amount", &amount)?,
        },
        A::Spend(SpendCommand::Add {
            date: d,
            ws,
            category,
            amount,
            vendor,
            reference,
            status,
        }) => Command::AddSpend {
            date: date("date", &d, ctx)?,
            workstream: ws,
            category,
            amount: Money::parse_cli("amount", &amount)?,
            fields: SpendPatch {
                vendor: clear_text(vendor),
                reference: clear_text(reference),
                status: status
                    .map(|s| SpendStatus::parse("status", &s))
                    .transpose()?,
                ..SpendPatch::default()
            },
        },
        A::Spend(SpendCommand::Set {
            key,
            date: d,
            ws,
            category,
            amount,
            vendor,
            reference,
            status,
        }) => Command::SetSpend {
            key,
            fields: SpendPatch {
                date: opt_date("date", d, ctx)?,
                workstream: ws,
                category,
                amount: amount.map(|a| Money::parse_cli("amount", &a)).transpose()?,
                vendor: clear_text(vendor),
                reference: clear_text(reference),
                status: status
                    .map(|s| SpendStatus::parse("status", &s))
                    .transpose()?,
            },
        },
        A::Spend(SpendCommand::Rm { key }) => Command::RemoveSpend { key },
        A::Change(ChangeCommand::Add {
            title,
            ws,
            budget_delta,
            schedule_delta,
        }) => Command::AddChange {
            title,
            workstream: ws,
            budget_delta: budget_delta
                .map(|b| Money::parse_cli("budget_delta", &b))
                .transpose()?,
            schedule_delta: schedule_delta
                .map(|s| parse_in_range("schedule_delta", &s, -MAX_DURATION, MAX_DURATION))
                .transpose()?,
        },
        A::Change(ChangeCommand::Approve {
            key,
            date: d,
            category,
            month,
        }) => Command::DecideChange {
            key,
            approve: true,
            date: opt_date("date", d, ctx)?,
            category,
            month: month.map(|m| Month::parse("month", &m)).transpose()?,
        },
        A::Change(ChangeCommand::Set {
            key,
            title,
            ws,
            budget_delta,
            schedule_delta,
        }) => Command::SetChange {
            key,
            title,
            workstream: clear_text(ws),
            budget_delta: clear_money("budget_delta", budget_delta)?,
            schedule_delta: clear_int(
                "schedule_delta",
                schedule_delta,
                -MAX_DURATION,
                MAX_DURATION,
            )?,
        },
        A::Decision(DecisionCommand::Set {
            key,
            title,
            decision,
            rationale,
            by,
            date: d,
        }) => Command::SetDecision {
            key,
            title,
            decision,
            rationale: clear_text(rationale),
            by: clear_text(by),
            date: opt_date("date", d, ctx)?,
        },
        A::Change(ChangeCommand::Reject { key, date: d }) => Command::DecideChange {
            key,
            approve: false,
            date: opt_date("date", d, ctx)?,
            category: None,
            month: None,
        },
        A::Decision(DecisionCommand::Add {
            title,
            decision,
            rationale,
            by,
            date: d,
        }) => Command::AddDecision {
            title,
            decision,
            rationale,
            by,
            date: opt_date("date", d, ctx)?,
        },
        A::Settings(SettingsCommand::Set { key, value }) => Command::SetSetting {
            key,
            value: Some(value),
        },
        A::Settings(SettingsCommand::Reset { key }) => Command::SetSetting { key, value: None },
        A::Note(n) => {
            let edits = note_edits(&n)?;
            Command::SetNote {
                workstream: if n.program { None } else { n.ws },
                week: n.week.map(|w| IsoWeek::parse("week", &w)).transpose()?,
                rag: clear_word("rag", n.rag, Rag::parse)?,
                reason: n.reason,
                summary: n.summary,
                done: n.done,
                next: n.next,
                edits,
            }
        }
        other => {
            return Err(Error::Conflict(format!(
                "{other:?} is not a change command"
            )));
        }
    })
}
