//! Task commands with the WBS's rules (SPEC §11): adding under a summary, setting fields a
//! summary refuses, moving in the WBS, removing a subtree, and links checked against cycles.

use super::apply::{added, first, msg};
use super::patch::patch_task;
use super::wbs;
use super::{Context, LinkSpec, Outcome, TaskPatch};
use crate::domain::{self, Link, Task, text, validate};
use crate::engine::schedule;
use crate::error::{Error, Result};
use crate::store::Db;

pub(super) fn set_task(
    db: &Db,
    ctx: &Context,
    key: String,
    mut fields: TaskPatch,
) -> Result<Outcome> {
    let mut task = db.task(&key)?;
    let own = [
        fields.duration.map(|_| "duration"),
        fields.percent.map(|_| "percent"),
        fields.started.map(|_| "started"),
        fields.finished.map(|_| "finished"),
    ];
    for field in own {
        wbs::refuse_on_summary(db, &key, field)?;
    }
    if let Some(after) = fields.after.take() {
        task.after = checked_links(db, &key, after)?;
    }
    let parent = fields.parent.take();
    patch_task(&mut task, fields, ctx)?;
    let moved = parent.is_some();
    if let Some(parent) = parent {
        if let Some(p) = &parent {
            wbs::check_parent(db, &task, p)?;
        }
        task.parent = parent;
    }
    first(validate::task(&task))?;
    db.save_task(&task)?;
    if moved {
        wbs::check_links_after_move(db, &key)?;
    }
    Ok(msg(format!("updated task {key}")))
}

pub(super) fn move_task(db: &Db, key: String, beside: String, after: bool) -> Result<Outcome> {
    let task = db.task(&key)?;
    let other = db.task(&beside)?;
    if other.workstream != task.workstream {
        return Err(Error::invalid(
            if after { "after" } else { "before" },
            &beside,
            format!(
                "is in workstream {}, not {}",
                other.workstream, task.workstream
            ),
        ));
    }
    if let Some(p) = &other.parent {
        wbs::check_parent(db, &task, p)?;
    }
    if beside == key || wbs::ancestors(db, &beside)?.contains(&key) {
        return Err(Error::invalid(
            if after { "after" } else { "before" },
            &beside,
            format!("is {key} or one of its subtasks"),
        ));
    }
    db.place_task(&key, other.parent.as_deref(), Some((&beside, after)))?;
    wbs::check_links_after_move(db, &key)?;
    let place = if after { "after" } else { "before" };
    Ok(msg(format!("moved {key} {place} {beside}")))
}

pub(super) fn remove_task(db: &Db, key: String, force: bool) -> Result<Outcome> {
    db.task(&key)?;
    let subtree = wbs::subtree_deepest_first(db, &key)?;
    if subtree.len() > 1 && !force {
        return Err(Error::Conflict(format!(
            "task {key} is a summary of {} subtasks; use --force to remove it with them (undo brings them back)",
            subtree.len() - 1
        )));
    }
    for k in &subtree {
        let successors: Vec<String> = db
            .successors(k)?
            .into_iter()
            .filter(|s| !subtree.contains(s))
            .collect();
        if !successors.is_empty() && !force {
            return Err(Error::Conflict(format!(
                "task {k} has dependents ({}); use --force to remove it and its links",
                successors.join(", ")
            )));
        }
    }
    for k in &subtree {
        db.delete_task(k)?;
    }
    if subtree.len() > 1 {
        Ok(msg(format!(
            "removed task {key} and its {} subtasks",
            subtree.len() - 1
        )))
    } else {
        Ok(msg(format!("removed task {key}")))
    }
}

pub(super) fn checked_links(db: &Db, key: &str, after: Vec<LinkSpec>) -> Result<Vec<Link>> {
    let mut links: Vec<Link> = vec![];
    for spec in after {
        db.task(&spec.key)?;
        if db.task(key).is_ok() {
            wbs::check_link(db, &spec.key, key)?;
        }
        if links.iter().any(|l| l.key == spec.key) {
            return Err(Error::invalid("after", &spec.key, "is listed twice"));
        }
        links.push(Link {
            key: spec.key,
            link_type: spec.link_type,
            lag: spec.lag,
        });
    }
    // The task's current links go; the new ones must not close a cycle with the rest.
    let mut others: Vec<(String, String)> = db
        .all_links()?
        .into_iter()
        .filter(|(_, succ)| succ != key)
        .collect();
    for l in &links {
        if let Some(cycle) = schedule::cycle_through(&others, &l.key, key) {
            return Err(Error::Cycle(cycle));
        }
        others.push((l.key.clone(), key.to_string()));
    }
    Ok(links)
}

pub(super) fn add_task(
    db: &Db,
    ctx: &Context,
    workstream: String,
    title: String,
    duration: i64,
    after: Vec<LinkSpec>,
    fields: TaskPatch,
) -> Result<Outcome> {
    db.workstream(&workstream)?;
    domain::enums::in_range("duration", duration, 0, domain::MAX_DURATION)?;
    for link in &after {
        db.task(&link.key)?;
    }
    let number = db.take_task_number(&workstream)?;
    let key = format!("{workstream}-{number}");
    let mut task = Task::new(
        key.clone(),
        workstream,
        text::required("title", &title)?,
        duration,
    );
    for link in after {
        if task.after.iter().any(|l| l.key == link.key) {
            return Err(Error::invalid("after", &link.key, "is listed twice"));
        }
        task.after.push(Link {
            key: link.key,
            link_type: link.link_type,
            lag: link.lag,
        });
    }
    let mut fields = fields;
    if let Some(Some(parent)) = fields.parent.take() {
        wbs::check_parent(db, &task, &parent)?;
        for l in &task.after {
            if l.key == parent || wbs::ancestors(db, &parent)?.contains(&l.key) {
                return Err(Error::Conflict(format!(
                    "{} and {key} would be a summary task and its own subtask; a link between them is refused",
                    l.key
                )));
            }
        }
        task.parent = Some(parent);
    }
    patch_task(&mut task, fields, ctx)?;
    first(validate::task(&task))?;
    db.save_task(&task)?;
    let what = if task.is_milestone() {
        "milestone"
    } else {
        "task"
    };
    Ok(added(format!("added {what} {key} {:?}", task.title), key))
}
