//! The work breakdown structure's rules for commands (SPEC §11): where a task may go, what a
//! summary task refuses, and which links cannot join a summary and its own subtask.

use crate::domain::Task;
use crate::error::{Error, Result};
use crate::store::Db;

/// The keys above `key`, nearest first.
pub(super) fn ancestors(db: &Db, key: &str) -> Result<Vec<String>> {
    let mut out = vec![];
    let mut at = db.task(key)?.parent;
    while let Some(p) = at {
        if out.contains(&p) {
            break;
        }
        at = db.task(&p)?.parent;
        out.push(p);
    }
    Ok(out)
}

/// Refuse `parent` as the summary of `task`: it must exist in the same workstream, not be the
/// task or one of its subtasks, not be a milestone, and have no progress of its own.
pub(super) fn check_parent(db: &Db, task: &Task, parent: &str) -> Result<()> {
    let p = db.task(parent)?;
    if p.workstream != task.workstream {
        return Err(Error::invalid(
            "parent",
            parent,
            format!(
                "is in workstream {}, and {} is in {}; a summary and its subtasks share a workstream",
                p.workstream, task.key, task.workstream
            ),
        ));
    }
    if p.key == task.key || ancestors(db, parent)?.contains(&task.key) {
        return Err(Error::invalid(
            "parent",
            parent,
            format!("is {} or one of its subtasks", task.key),
        ));
    }
    let has_children = !db.children(parent)?.is_empty();
    if p.duration == 0 && !has_children {
        return Err(Error::invalid(
            "parent",
            parent,
            "is a milestone, and a milestone has no subtasks",
        ));
    }
    if !has_children
        && (p.percent_complete != 0 || p.actual_start.is_some() || p.actual_finish.is_some())
    {
        return Err(Error::invalid(
            "parent",
            parent,
            "has progress of its own; a summary rolls up from its subtasks (clear its percent and dates first)",
        ));
    }
    Ok(())
}

/// Refuse a link between a summary and one of its own subtasks (at any depth).
pub(super) fn check_link(db: &Db, pred: &str, succ: &str) -> Result<()> {
    if ancestors(db, succ)?.iter().any(|a| a == pred)
        || ancestors(db, pred)?.iter().any(|a| a == succ)
    {
        return Err(Error::Conflict(format!(
            "{pred} and {succ} are a summary task and its own subtask; a link between them is refused"
        )));
    }
    Ok(())
}

/// After a task moved in the WBS: none of its links, nor its subtasks', may now join a
/// summary and its own subtask.
pub(super) fn check_links_after_move(db: &Db, key: &str) -> Result<()> {
    let mut stack = vec![key.to_string()];
    while let Some(k) = stack.pop() {
        let t = db.task(&k)?;
        for l in &t.after {
            check_link(db, &l.key, &k)?;
        }
        for s in db.successors(&k)? {
            check_link(db, &k, &s)?;
        }
        stack.extend(db.children(&k)?);
    }
    Ok(())
}

/// A summary task takes no duration, progress or actual dates of its own.
pub(super) fn refuse_on_summary(db: &Db, key: &str, field: Option<&str>) -> Result<()> {
    if let Some(field) = field
        && !db.children(key)?.is_empty()
    {
        return Err(Error::Conflict(format!(
            "{key} is a summary task: its {field} rolls up from its subtasks; set it on them"
        )));
    }
    Ok(())
}

/// A task and every task below it, deepest first (the order to delete them in).
pub(super) fn subtree_deepest_first(db: &Db, key: &str) -> Result<Vec<String>> {
    let mut order = vec![];
    let mut stack = vec![key.to_string()];
    while let Some(k) = stack.pop() {
        stack.extend(db.children(&k)?);
        order.push(k);
    }
    order.reverse();
    Ok(order)
}

/// With a WBS, a link or a move can close a cycle through the structure (a link into a summary
/// reaches each of its leaves): after such a command, check the whole network, and refuse,
/// naming the cycle. A flat program has nothing to check here.
pub(super) fn refuse_cycles(db: &Db) -> Result<()> {
    let parents = db.parents()?;
    if parents.is_empty() {
        return Ok(());
    }
    match crate::engine::schedule::cycle_with_wbs(&db.all_links()?, &parents) {
        Some(cycle) => Err(Error::Cycle(format!(
            "{cycle} (a link into a summary task reaches each of its subtasks)"
        ))),
        None => Ok(()),
    }
}
