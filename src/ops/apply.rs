//! One function per command: read the current record, change it, validate it, save it.

use super::patch::{apply_clear, apply_set, clean_opt, patch_raid, patch_spend};
use super::tasks::{self, add_task};
use super::wbs;
use super::{Command, Context, ListEdit, NoteList, Outcome};
use crate::domain::{
    self, Baseline, BudgetLine, Calendar, ChangeRequest, ChangeStatus, Decision, IsoWeek, Link,
    Money, Month, RaidItem, SpendEntry, SpendStatus, StatusNote, Workdays, Workstream, keys, text,
    validate,
};
use crate::engine::schedule;
use crate::error::{Error, Result};
use crate::store::Db;

pub(super) fn first(problems: Vec<Error>) -> Result<()> {
    match problems.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub(super) fn msg(message: String) -> Outcome {
    Outcome { message, key: None }
}

pub(super) fn added(message: String, key: String) -> Outcome {
    Outcome {
        message,
        key: Some(key),
    }
}

pub(super) fn apply(db: &Db, command: &Command, ctx: &Context) -> Result<Outcome> {
    match command {
        Command::ImportSpend { file, rows } => return import_spend(db, file, rows),
        Command::ImportTasks {
            file,
            plan,
            workstream,
            rows,
            read,
        } => {
            return super::sheet::import_tasks(
                db,
                ctx.today,
                file,
                plan,
                workstream.as_deref(),
                rows,
                read,
            );
        }
        Command::ImportRaid { file, rows, read } => {
            return super::sheet::import_raid(db, ctx, file, rows, read);
        }
        _ => {}
    }
    // Commands that add links or change the structure: with a WBS, a cycle can run through
    // a summary, which the per-link check below cannot see.
    let rewires = match command {
        Command::AddDep { .. } | Command::SetDep { .. } | Command::MoveTask { .. } => true,
        Command::AddTask { after, fields, .. } => !after.is_empty() || fields.parent.is_some(),
        Command::SetTask { fields, .. } => fields.after.is_some() || fields.parent.is_some(),
        _ => false,
    };
    if rewires {
        let outcome = apply_one(db, command, ctx)?;
        wbs::refuse_cycles(db)?;
        return Ok(outcome);
    }
    apply_one(db, command, ctx)
}

fn apply_one(db: &Db, command: &Command, ctx: &Context) -> Result<Outcome> {
    if let Command::Guarded { record, was, then } = command {
        let now = super::record_image(db, record)?;
        let changes = super::image_changes(was, &now);
        if !changes.is_empty() {
            return Err(Error::Stale {
                record: record.name(),
                changes,
            });
        }
        return apply(db, then, ctx);
    }
    match command.clone() {
        Command::AddWorkstream { key, name, owner } => {
            let key = keys::workstream_key("key", &key)?;
            if db.workstream(&key).is_ok() {
                return Err(Error::Conflict(format!("workstream {key} already exists")));
            }
            let ws = Workstream {
                key: key.clone(),
                name: text::required("name", &name)?,
                owner: text::optional("owner", owner.as_deref())?,
            };
            first(validate::workstream(&ws))?;
            db.save_workstream(&ws)?;
            Ok(added(format!("added workstream {key} {:?}", ws.name), key))
        }
        Command::SetWorkstream { key, name, owner } => {
            let mut ws = db.workstream(&key)?;
            if let Some(n) = name {
                ws.name = text::required("name", &n)?;
            }
            apply_clear(&mut ws.owner, clean_opt("owner", owner)?);
            first(validate::workstream(&ws))?;
            db.save_workstream(&ws)?;
            Ok(msg(format!("updated workstream {key}")))
        }
        Command::RemoveWorkstream { key } => {
            let refs = db.workstream_references(&key)?;
            if !refs.is_empty() {
                return Err(Error::Conflict(format!(
                    "workstream {key} still has {}; move or remove them first",
                    refs.join(", ")
                )));
            }
            db.delete_workstream(&key)?;
            Ok(msg(format!("removed workstream {key}")))
        }
        Command::AddTask {
            workstream,
            title,
            duration,
            after,
            fields,
        } => add_task(db, ctx, workstream, title, duration, after, fields),
        Command::SetTask { key, fields } => tasks::set_task(db, ctx, key, fields),
        Command::MoveTask { key, beside, after } => tasks::move_task(db, key, beside, after),
        Command::RemoveTask { key, force } => tasks::remove_task(db, key, force),
        Command::AddDep {
            pred,
            succ,
            link_type,
            lag,
        } => {
            db.task(&pred)?;
            let mut task = db.task(&succ)?;
            wbs::check_link(db, &pred, &succ)?;
            if task.after.iter().any(|l| l.key == pred) {
                return Err(Error::Conflict(format!("{pred} -> {succ} already exists")));
            }
            if let Some(cycle) = schedule::cycle_through(&db.all_links()?, &pred, &succ) {
                return Err(Error::Cycle(cycle));
            }
            task.after.push(Link {
                key: pred.clone(),
                link_type,
                lag,
            });
            first(validate::task(&task))?;
            db.save_task(&task)?;
            Ok(msg(format!("linked {pred} -> {succ} ({link_type}{lag:+})")))
        }
        Command::SetDep {
            pred,
            succ,
            link_type,
            lag,
        } => {
            let mut task = db.task(&succ)?;
            let Some(link) = task.after.iter_mut().find(|l| l.key == pred) else {
                return Err(Error::not_found("dependency", format!("{pred} -> {succ}")));
            };
            apply_set(&mut link.link_type, link_type);
            apply_set(&mut link.lag, lag);
            let (t, l) = (link.link_type, link.lag);
            first(validate::task(&task))?;
            db.save_task(&task)?;
            Ok(msg(format!("linked {pred} -> {succ} ({t}{l:+})")))
        }
        Command::RemoveDep { pred, succ } => {
            let mut task = db.task(&succ)?;
            let before = task.after.len();
            task.after.retain(|l| l.key != pred);
            if task.after.len() == before {
                return Err(Error::not_found("dependency", format!("{pred} -> {succ}")));
            }
            db.save_task(&task)?;
            Ok(msg(format!("unlinked {pred} -> {succ}")))
        }
        Command::SetBaseline { name } => set_baseline(db, ctx, name),
        Command::AddRaid {
            kind,
            title,
            fields,
        } => {
            let number = db.next_number(kind.prefix())?;
            let key = format!("{}-{number}", kind.prefix());
            let mut item = RaidItem::new(
                key.clone(),
                kind,
                text::required("title", &title)?,
                ctx.today,
            );
            patch_raid(db, &mut item, fields, ctx)?;
            first(validate::raid(&item))?;
            db.save_raid(&item)?;
            Ok(added(format!("added {kind} {key} {:?}", item.title), key))
        }
        Command::SetRaid { key, fields } => {
            let mut item = db.raid_item(&key)?;
            patch_raid(db, &mut item, fields, ctx)?;
            first(validate::raid(&item))?;
            db.save_raid(&item)?;
            Ok(msg(format!("updated {key}")))
        }
        Command::CloseRaid {
            key,
            status,
            note,
            date,
        } => {
            let mut item = db.raid_item(&key)?;
            let status = match status {
                Some(s) => item.kind.parse_status("status", &s)?,
                None => item.kind.default_closed_status().to_string(),
            };
            if !item.kind.is_closed_status(&status) {
                return Err(Error::invalid(
                    "status",
                    &status,
                    format!(
                        "is not a closed status for a {} (use one of {})",
                        item.kind,
                        item.kind.closed_statuses().join(", ")
                    ),
                ));
            }
            item.status = status.clone();
            item.closed = Some(date.unwrap_or(ctx.today));
            if let Some(n) = text::optional_multi("note", note.as_deref())? {
                item.description = Some(match item.description.take() {
                    Some(d) => format!("{d}\n{n}"),
                    None => n,
                });
            }
            first(validate::raid(&item))?;
            db.save_raid(&item)?;
            Ok(msg(format!("closed {key} as {status}")))
        }
        Command::RemoveRaid { key } => {
            db.delete_raid(&key)?;
            Ok(msg(format!("removed {key}")))
        }
        Command::SetBudget {
            workstream,
            category,
            month,
            amount,
        } => {
            db.workstream(&workstream)?;
            let line = BudgetLine {
                workstream: workstream.clone(),
                category: text::required("category", &category)?,
                month,
                amount,
            };
            first(validate::budget_line(&line))?;
            let was = db.budget_line(&workstream, &line.category, month)?;
            db.save_budget_line(&line)?;
            Ok(msg(format!(
                "budget {workstream} {} {month} set to {} ({})",
                line.category,
                amount.grouped(),
                match was {
                    Some(w) => format!("was {}", w.grouped()),
                    None => "a new line".to_string(),
                }
            )))
        }
        Command::AddSpend {
            date,
            workstream,
            category,
            amount,
            fields,
        } => {
            db.workstream(&workstream)?;
            let number = db.next_number("SP")?;
            let key = format!("SP-{number}");
            let mut entry = SpendEntry {
                key: key.clone(),
                date,
                workstream,
                category: text::required("category", &category)?,
                amount,
                vendor: None,
                reference: None,
                status: SpendStatus::Invoiced,
            };
            patch_spend(db, &mut entry, fields)?;
            first(validate::spend(&entry))?;
            db.save_spend(&entry)?;
            Ok(added(
                format!("added spend {key} {}", amount.grouped()),
                key,
            ))
        }
        Command::SetSpend { key, fields } => {
            let mut entry = db.spend_entry(&key)?;
            patch_spend(db, &mut entry, fields)?;
            first(validate::spend(&entry))?;
            db.save_spend(&entry)?;
            Ok(msg(format!("updated {key}")))
        }
        Command::ImportSpend { .. } | Command::ImportTasks { .. } | Command::ImportRaid { .. } => {
            unreachable!("handled above without cloning the rows")
        }
        Command::Guarded { .. } => unreachable!("handled above"),
        Command::SetSetting { key, value } => match value {
            Some(v) => {
                let v = domain::settings::parse(&key, &v)?;
                db.save_setting(&key, Some(&v))?;
                Ok(msg(format!("{key} = {v}")))
            }
            None => {
                domain::settings::check_key(&key)?;
                db.save_setting(&key, None)?;
                Ok(msg(format!("{key} reset to its default")))
            }
        },
        Command::RemoveSpend { key } => {
            db.delete_spend(&key)?;
            Ok(msg(format!("removed {key}")))
        }
        Command::AddChange {
            title,
            workstream,
            budget_delta,
            schedule_delta,
        } => {
            if let Some(ws) = &workstream {
                db.workstream(ws)?;
            }
            delta_needs_workstream(budget_delta, workstream.as_deref())?;
            let number = db.next_number("CR")?;
            let key = format!("CR-{number}");
            let change = ChangeRequest {
                key: key.clone(),
                title: text::required("title", &title)?,
                status: ChangeStatus::Proposed,
                raised: ctx.today,
                decided: None,
                workstream,
                budget_delta,
                schedule_delta,
            };
            first(validate::change(&change))?;
            db.save_change_request(&change)?;
            Ok(added(
                format!("added change request {key} {:?}", change.title),
                key,
            ))
        }
        Command::DecideChange {
            key,
            approve,
            date,
            category,
            month,
        } => {
            let mut change = proposed_change(db, &key, "decided")?;
            change.status = if approve {
                ChangeStatus::Approved
            } else {
                ChangeStatus::Rejected
            };
            let decided = date.unwrap_or(ctx.today);
            change.decided = Some(decided);
            first(validate::change(&change))?;
            db.save_change_request(&change)?;
            let delta = change.budget_delta.filter(|d| approve && d.cents() != 0);
            let Some(delta) = delta else {
                return Ok(msg(format!("{key} {}", change.status)));
            };
            // SPEC §5: an approved budget delta becomes (part of) a budget line.
            let workstream = change.workstream.clone().ok_or_else(|| {
                Error::invalid(
                    "workstream",
                    &key,
                    "a change with a budget delta needs a workstream to approve it",
                )
            })?;
            let category = text::required("category", category.as_deref().unwrap_or("Change"))?;
            let month = month.unwrap_or_else(|| Month::of(decided));
            let current = db
                .budget_line(&workstream, &category, month)?
                .unwrap_or_default();
            let amount = Money::checked("amount", current.cents().saturating_add(delta.cents()))?;
            db.save_budget_line(&BudgetLine {
                workstream: workstream.clone(),
                category: category.clone(),
                month,
                amount,
            })?;
            Ok(msg(format!(
                "{key} approved; budget {workstream} {category} {month} {} to {}",
                if delta.cents() > 0 {
                    "raised"
                } else {
                    "lowered"
                },
                amount.grouped()
            )))
        }
        Command::AddDecision {
            title,
            decision,
            rationale,
            by,
            date,
        } => {
            let number = db.next_number("DEC")?;
            let key = format!("DEC-{number}");
            let d = Decision {
                key: key.clone(),
                date: date.unwrap_or(ctx.today),
                title: text::required("title", &title)?,
                decision: text::multi_line("decision", &decision)?,
                rationale: text::optional_multi("rationale", rationale.as_deref())?,
                by: text::optional("by", by.as_deref())?,
            };
            first(validate::decision(&d))?;
            db.save_decision(&d)?;
            Ok(added(format!("added decision {key} {:?}", d.title), key))
        }
        Command::SetProgram {
            name,
            currency,
            start,
            workdays,
            add_holidays,
            remove_holidays,
        } => {
            let mut p = db.program()?;
            if let Some(n) = name {
                p.name = text::required("name", &n)?;
            }
            if let Some(c) = currency {
                p.currency = domain::currency("currency", &c)?;
            }
            apply_set(&mut p.start, start);
            if let Some(w) = workdays {
                let w = domain::Workdays::parse("workdays", &w)?;
                p.calendar.workdays = w.names().iter().map(|s| s.to_string()).collect();
            }
            for h in &remove_holidays {
                if !p.calendar.holidays.contains(h) {
                    return Err(Error::not_found("holiday", h.to_string()));
                }
            }
            p.calendar.holidays.retain(|h| !remove_holidays.contains(h));
            p.calendar.holidays.extend(add_holidays);
            p.calendar.holidays.sort();
            p.calendar.holidays.dedup();
            first(validate::program(&p))?;
            db.save_program(&p)?;
            Ok(msg(format!("updated the program {:?}", p.name)))
        }
        Command::SetChange {
            key,
            title,
            workstream,
            budget_delta,
            schedule_delta,
        } => {
            let mut c = proposed_change(db, &key, "changed")?;
            if let Some(t) = title {
                c.title = text::required("title", &t)?;
            }
            apply_clear(&mut c.workstream, workstream);
            if let Some(ws) = &c.workstream {
                db.workstream(ws)?;
            }
            apply_clear(&mut c.budget_delta, budget_delta);
            apply_clear(&mut c.schedule_delta, schedule_delta);
            delta_needs_workstream(c.budget_delta, c.workstream.as_deref())?;
            db.save_change_request(&c)?;
            Ok(msg(format!("updated {key}")))
        }
        Command::SetDecision {
            key,
            title,
            decision,
            rationale,
            by,
            date,
        } => {
            let mut d = db.decision(&key)?;
            if let Some(t) = title {
                d.title = text::required("title", &t)?;
            }
            if let Some(text) = decision {
                d.decision = text::multi_line("decision", &text)?;
            }
            if let Some(r) = rationale {
                d.rationale = text::optional_multi("rationale", r.as_deref())?;
            }
            if let Some(b) = by {
                d.by = text::optional("by", b.as_deref())?;
            }
            apply_set(&mut d.date, date);
            first(validate::decision(&d))?;
            db.save_decision(&d)?;
            Ok(msg(format!("updated {key}")))
        }
        Command::SetNote {
            workstream,
            week,
            rag,
            reason,
            summary,
            done,
            next,
            edits,
        } => {
            if let Some(ws) = &workstream {
                db.workstream(ws)?;
            }
            let week = week.unwrap_or_else(|| IsoWeek::of(ctx.today));
            let mut note = db
                .status_note(week, workstream.as_deref())?
                .unwrap_or(StatusNote {
                    week,
                    workstream: workstream.clone(),
                    rag: None,
                    reason: None,
                    summary: None,
                    accomplishments: vec![],
                    next_steps: vec![],
                });
            apply_clear(&mut note.rag, rag);
            if note.rag.is_none() {
                note.reason = None;
            }
            if let Some(r) = reason {
                note.reason = text::optional_multi("reason", Some(&r))?;
            }
            if let Some(s) = summary {
                note.summary = text::optional_multi("summary", Some(&s))?;
            }
            for edit in edits {
                edit_list(&mut note, edit)?;
            }
            for d in done {
                note.accomplishments.push(text::required("done", &d)?);
            }
            for n in next {
                note.next_steps.push(text::required("next", &n)?);
            }
            first(validate::status_note(&note))?;
            db.save_status_note(&note)?;
            let scope = workstream.unwrap_or_else(|| "program".into());
            Ok(msg(format!("saved the {week} note for {scope}")))
        }
    }
}

fn import_spend(db: &Db, file: &str, rows: &[super::SpendRow]) -> Result<Outcome> {
    let known: std::collections::HashSet<String> =
        db.workstreams()?.into_iter().map(|w| w.key).collect();
    let errors: Vec<String> = rows
        .iter()
        .filter(|r| !known.contains(&r.workstream))
        .map(|r| {
            format!(
                "line {}, column workstream: unknown workstream {:?}",
                r.line, r.workstream
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (Some(from), Some(to)) = (
        rows.iter().map(|r| r.date).min(),
        rows.iter().map(|r| r.date).max(),
    ) else {
        return Ok(msg(format!("{file}: no spend rows")));
    };
    let existing = db.spend_fingerprints(from, to)?;
    let new: Vec<&super::SpendRow> = rows
        .iter()
        .filter(|r| {
            let fingerprint = (
                r.date,
                r.workstream.clone(),
                r.category.clone(),
                r.amount.cents(),
                r.vendor.clone(),
                r.reference.clone(),
            );
            !existing.contains(&fingerprint)
        })
        .collect();
    let skipped = rows.len() - new.len();
    if !new.is_empty() {
        let first = db.take_numbers("SP", new.len() as i64)?;
        let entries: Vec<SpendEntry> = new
            .iter()
            .enumerate()
            .map(|(i, r)| SpendEntry {
                key: format!("SP-{}", first + i as i64),
                date: r.date,
                workstream: r.workstream.clone(),
                category: r.category.clone(),
                amount: r.amount,
                vendor: r.vendor.clone(),
                reference: r.reference.clone(),
                status: r.status,
            })
            .collect();
        db.insert_spend_bulk(&entries)?;
    }
    Ok(msg(format!(
        "imported {file}: {} added, {skipped} duplicate{} skipped",
        new.len(),
        if skipped == 1 { "" } else { "s" }
    )))
}

/// Apply one change to an entry of a note's list; a position outside the list is refused,
/// naming the flag and the length.
fn edit_list(note: &mut StatusNote, edit: ListEdit) -> Result<()> {
    let (list, verb) = match &edit {
        ListEdit::Replace { list, .. } => (*list, "edit"),
        ListEdit::Move { list, .. } => (*list, "move"),
        ListEdit::Remove { list, .. } => (*list, "remove"),
    };
    let items = match list {
        NoteList::Done => &mut note.accomplishments,
        NoteList::Next => &mut note.next_steps,
    };
    let field = list.field(verb);
    let len = items.len();
    let index = |at: usize| -> Result<usize> {
        if at >= 1 && at <= len {
            Ok(at - 1)
        } else if len == 0 {
            Err(Error::invalid(&field, at, "the list is empty"))
        } else {
            Err(Error::invalid(
                &field,
                at,
                format!("must be between 1 and {len}"),
            ))
        }
    };
    match edit {
        ListEdit::Replace { at, text: t, .. } => {
            let i = index(at)?;
            items[i] = text::required(&field, &t)?;
        }
        ListEdit::Move { from, to, .. } => {
            let (from, to) = (index(from)?, index(to)?);
            let item = items.remove(from);
            items.insert(to, item);
        }
        ListEdit::Remove { at, .. } => {
            let i = index(at)?;
            items.remove(i);
        }
    }
    Ok(())
}

/// New predecessor links for task `key`: each predecessor exists, none is listed twice, and
/// none closes a cycle through the links the task keeps.
/// The program calendar as the scheduler needs it.
pub fn calendar(db: &Db) -> Result<Calendar> {
    let p = db.program()?;
    let workdays = Workdays::parse("workdays", &p.calendar.workdays.join(","))?;
    Ok(Calendar::new(p.start, workdays, &p.calendar.holidays))
}

fn set_baseline(db: &Db, ctx: &Context, name: Option<String>) -> Result<Outcome> {
    let existing = db.baselines()?;
    let name = match name {
        Some(n) => text::required("name", &n)?,
        None => {
            // Default names: baseline-1, baseline-2, ... (the first free one).
            let mut n = existing.len() + 1;
            while existing.iter().any(|b| b.name == format!("baseline-{n}")) {
                n += 1;
            }
            format!("baseline-{n}")
        }
    };
    let tasks = db.tasks(None)?;
    let cal = calendar(db)?;
    let plan = schedule::schedule(&tasks, &cal, Some(ctx.today))?.tasks;
    let baseline = Baseline {
        name: name.clone(),
        taken: ctx.today,
        tasks: schedule::baseline_tasks(&tasks, &plan, &cal),
    };
    db.insert_baseline(&baseline)?;
    Ok(added(
        format!("baseline {name:?} set on {} tasks", baseline.tasks.len()),
        name,
    ))
}

/// A change request that is still proposed; deciding or changing a decided one is refused.
fn proposed_change(db: &Db, key: &str, verb: &str) -> Result<ChangeRequest> {
    let change = db.change_request(key)?;
    if change.status != ChangeStatus::Proposed {
        return Err(Error::Conflict(format!(
            "{key} is {}; only a proposed change request can be {verb}",
            change.status
        )));
    }
    Ok(change)
}

/// An approved budget delta goes to a workstream's budget, so a delta needs one.
fn delta_needs_workstream(delta: Option<Money>, workstream: Option<&str>) -> Result<()> {
    match (delta, workstream) {
        (Some(delta), None) => Err(Error::invalid(
            "budget_delta",
            delta,
            "needs --ws: an approved delta goes to that workstream's budget",
        )),
        _ => Ok(()),
    }
}

/// Totals stay below the limit of any one amount (10^13 in major units), so that no sum a
/// report or the status makes can overflow: a command that would take a money column's total
/// over it is refused, and writes nothing.
pub(super) fn check_money_totals(db: &Db, command: &Command) -> Result<()> {
    use crate::store::MoneyColumn as M;
    let (column, field, what) = match command {
        Command::Guarded { then, .. } => return check_money_totals(db, then),
        Command::AddSpend { .. } | Command::SetSpend { .. } | Command::ImportSpend { .. } => {
            (M::Spend, "amount", "spend")
        }
        Command::SetBudget { .. } => (M::Budget, "amount", "budget"),
        Command::AddTask { .. } | Command::SetTask { .. } | Command::ImportTasks { .. } => {
            (M::TaskBudget, "budget", "task budgets")
        }
        Command::AddRaid { .. } | Command::SetRaid { .. } | Command::ImportRaid { .. } => {
            (M::CostImpact, "cost_impact", "cost impacts")
        }
        Command::AddChange { .. } | Command::SetChange { .. } => {
            (M::BudgetDelta, "budget_delta", "budget deltas")
        }
        _ => return Ok(()),
    };
    let total = db.money_magnitude(column)?;
    if total >= i128::from(domain::Money::LIMIT_CENTS) {
        return Err(Error::invalid(
            field,
            format!("{}.{:02}", total / 100, total % 100),
            format!(
                "the program's {what} would add up to this, and a total must stay below 10^13 like any amount; nothing was written"
            ),
        ));
    }
    Ok(())
}
