//! Tasks, their dependency links and baselines.

use super::Db;
use crate::domain::keys::split_key;
use crate::domain::{Baseline, BaselineTask, Link, LinkType, Money, Task};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;

const TASK_COLUMNS: &str = "t.id, t.key, w.key, t.title, t.duration, t.owner, t.budget, t.percent,
    t.actual_start, t.actual_finish, t.not_before, t.deadline, t.acceptance";

/// Sibling order: a task's position, or where its id puts it when it has none.
const TASK_ORDER: &str = "COALESCE(t.position, t.id * 1024), t.id";

fn task_row(r: &Row) -> rusqlite::Result<(i64, Task)> {
    Ok((
        r.get(0)?,
        Task {
            key: r.get(1)?,
            workstream: r.get(2)?,
            title: r.get(3)?,
            duration: r.get(4)?,
            owner: r.get(5)?,
            budget: r.get::<_, Option<i64>>(6)?.map(Money),
            percent_complete: r.get(7)?,
            actual_start: r.get(8)?,
            actual_finish: r.get(9)?,
            not_before: r.get(10)?,
            deadline: r.get(11)?,
            acceptance: r.get(12)?,
            after: vec![],
            parent: None,
        },
    ))
}

fn link_type(text: &str) -> rusqlite::Result<LinkType> {
    LinkType::parse("type", text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Db<'_> {
    pub(crate) fn task_id(&self, key: &str) -> Result<i64> {
        self.one("SELECT id FROM task WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("task", key))
    }

    /// Predecessor links of the given task ids, keyed by successor id, in link order.
    fn links_of(&self, only: Option<i64>) -> Result<HashMap<i64, Vec<Link>>> {
        // In the order the links were made: the whole table in rowid order (no sort, no hop
        // through the succ_id index), or one task's links through that index.
        let sql = match only {
            None => {
                "SELECT d.succ_id, p.key, d.type, d.lag FROM dep d JOIN task p ON p.id = d.pred_id
                 WHERE ?1 IS NULL ORDER BY d.id"
            }
            Some(_) => {
                "SELECT d.succ_id, p.key, d.type, d.lag FROM dep d JOIN task p ON p.id = d.pred_id
                 WHERE d.succ_id = ?1 ORDER BY d.id"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut map: HashMap<i64, Vec<Link>> = HashMap::new();
        let rows = stmt.query_map([only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Link {
                    key: r.get(1)?,
                    link_type: link_type(&r.get::<_, String>(2)?)?,
                    lag: r.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (succ, link) = row?;
            map.entry(succ).or_default().push(link);
        }
        Ok(map)
    }

    pub fn task(&self, key: &str) -> Result<Task> {
        let found = self
            .one(
                &format!(
                    "SELECT {TASK_COLUMNS}, (SELECT pt.key FROM task pt WHERE pt.id = t.parent_id)
                     FROM task t JOIN workstream w ON w.id = t.workstream_id WHERE t.key = ?1"
                ),
                [key],
                |r| {
                    let (id, mut task) = task_row(r)?;
                    task.parent = r.get(13)?;
                    Ok((id, task))
                },
            )
            .optional()?;
        let (id, mut task) = found.ok_or_else(|| Error::not_found("task", key))?;
        task.after = self.links_of(Some(id))?.remove(&id).unwrap_or_default();
        Ok(task)
    }

    /// Tasks in WBS order (each summary before its subtasks, siblings in their order; a flat
    /// program in the order its tasks were added), optionally of one workstream.
    pub fn tasks(&self, workstream: Option<&str>) -> Result<Vec<Task>> {
        let ws_id = self.opt_workstream_id(workstream)?;
        // The summary's id and the sibling order come as numbers and are resolved here: at
        // 100k tasks a subquery per row and SQLite's sort cost a quarter of `schedule`.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLUMNS}, t.parent_id, COALESCE(t.position, t.id * 1024)
             FROM task t JOIN workstream w ON w.id = t.workstream_id
             WHERE ?1 IS NULL OR t.workstream_id = ?1"
        ))?;
        let rows = stmt.query_map([ws_id], |r| {
            let (id, task) = task_row(r)?;
            Ok((r.get::<_, i64>(14)?, id, r.get::<_, Option<i64>>(13)?, task))
        })?;
        let mut found = rows.collect::<std::result::Result<Vec<_>, _>>()?;
        found.sort_unstable_by_key(|(order, id, ..)| (*order, *id));
        let key_of: HashMap<i64, String> = found
            .iter()
            .map(|(_, id, _, t)| (*id, t.key.clone()))
            .collect();
        // All tasks at hand: the links' predecessors by id; else by key, as they may lie in
        // other workstreams.
        let mut links = match workstream {
            None => self.links_by_id(&key_of)?,
            Some(_) => self.links_of(None)?,
        };
        let mut tasks = Vec::with_capacity(found.len());
        for (_, id, parent, mut task) in found {
            task.after = links.remove(&id).unwrap_or_default();
            task.parent = match parent {
                Some(p) => match key_of.get(&p) {
                    Some(k) => Some(k.clone()),
                    None => Some(self.task_key(p)?),
                },
                None => None,
            };
            tasks.push(task);
        }
        Ok(crate::domain::wbs::in_wbs_order(tasks))
    }

    /// Every link, keyed by successor id, in link order, with the predecessors' keys taken
    /// from `key_of` (every task's).
    fn links_by_id(&self, key_of: &HashMap<i64, String>) -> Result<HashMap<i64, Vec<Link>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT succ_id, pred_id, type, lag FROM dep ORDER BY id")?;
        let mut map: HashMap<i64, Vec<Link>> = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let pred: i64 = r.get(1)?;
            let key = match key_of.get(&pred) {
                Some(k) => k.clone(),
                None => self.task_key(pred)?,
            };
            map.entry(r.get(0)?).or_default().push(Link {
                key,
                link_type: link_type(&r.get::<_, String>(2)?)?,
                lag: r.get(3)?,
            });
        }
        Ok(map)
    }

    /// The key of the task with this id.
    fn task_key(&self, id: i64) -> Result<String> {
        self.one("SELECT key FROM task WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("task", id.to_string()))
    }

    /// The keys of a task's subtasks, in their order.
    pub fn children(&self, key: &str) -> Result<Vec<String>> {
        let id = self.task_id(key)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT t.key FROM task t WHERE t.parent_id = ?1 ORDER BY {TASK_ORDER}"
        ))?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Put `key` among the subtasks of `parent` (`None`: the top of its workstream), just
    /// before or after `beside`, or last when `beside` is `None`. The siblings are numbered
    /// again when there is no room between two positions.
    pub fn place_task(
        &self,
        key: &str,
        parent: Option<&str>,
        beside: Option<(&str, bool)>,
    ) -> Result<()> {
        let id = self.task_id(key)?;
        let parent_id = parent.map(|p| self.task_id(p)).transpose()?;
        let ws: i64 = self.one("SELECT workstream_id FROM task WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
        // The siblings in order, without the task itself. At the top, the workstream's roots.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT t.id, COALESCE(t.position, t.id * 1024) FROM task t
             WHERE t.parent_id IS ?1 AND t.workstream_id = ?2 AND t.id <> ?3 ORDER BY {TASK_ORDER}"
        ))?;
        let siblings: Vec<(i64, i64)> = stmt
            .query_map((parent_id, ws, id), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let at = match beside {
            None => siblings.len(),
            Some((other, after)) => {
                let other = self.task_id(other)?;
                let i = siblings
                    .iter()
                    .position(|(s, _)| *s == other)
                    .ok_or_else(|| Error::not_found("task", key))?;
                if after { i + 1 } else { i }
            }
        };
        let below = if at == 0 {
            None
        } else {
            Some(siblings[at - 1].1)
        };
        let above = siblings.get(at).map(|s| s.1);
        let position = match (below, above) {
            (None, None) => id * 1024,
            // Last: at the top of a workstream, where its id puts it among every workstream's
            // tasks (a flat program keeps the order tasks were added in).
            (Some(b), None) if parent_id.is_none() => (b + 1024).max(id * 1024),
            (Some(b), None) => b + 1024,
            (None, Some(a)) => a - 1024,
            (Some(b), Some(a)) if a - b > 1 => b + (a - b) / 2,
            (Some(_), Some(_)) => {
                // No room: number the siblings again, 1024 apart, from the first one's place.
                let base = siblings[0].1;
                let mut order: Vec<i64> = siblings.iter().map(|s| s.0).collect();
                order.insert(at, id);
                for (i, sid) in order.iter().enumerate() {
                    self.run(
                        "UPDATE task SET position = ?1 WHERE id = ?2",
                        (base + 1024 * i as i64, sid),
                    )?;
                }
                self.run(
                    "UPDATE task SET parent_id = ?1 WHERE id = ?2",
                    (parent_id, id),
                )?;
                return Ok(());
            }
        };
        self.run(
            "UPDATE task SET parent_id = ?1, position = ?2 WHERE id = ?3",
            (parent_id, position, id),
        )?;
        Ok(())
    }

    /// Insert or update a task by key, with its predecessor links made to match `task.after`.
    pub fn save_task(&self, task: &Task) -> Result<()> {
        let ws_id = self.workstream_id(&task.workstream)?;
        let number = split_key(&task.key).map(|(_, n)| n).unwrap_or(0);
        let parent_id = task
            .parent
            .as_deref()
            .map(|p| self.task_id(p))
            .transpose()?;
        let existed = self.task_id(&task.key).ok();
        self.run(
            "INSERT INTO task(key, workstream_id, number, title, duration, owner, budget, percent,
                 actual_start, actual_finish, not_before, deadline, acceptance, parent_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT(key) DO UPDATE SET title = excluded.title, duration = excluded.duration,
                 owner = excluded.owner, budget = excluded.budget, percent = excluded.percent,
                 actual_start = excluded.actual_start, actual_finish = excluded.actual_finish,
                 not_before = excluded.not_before, deadline = excluded.deadline,
                 acceptance = excluded.acceptance",
            rusqlite::params![
                task.key,
                ws_id,
                number,
                task.title,
                task.duration,
                task.owner,
                task.budget.map(Money::cents),
                task.percent_complete,
                task.actual_start,
                task.actual_finish,
                task.not_before,
                task.deadline,
                task.acceptance,
                parent_id,
            ],
        )?;
        let id = self.task_id(&task.key)?;
        match existed {
            // New: last among its siblings.
            None => self.place_task(&task.key, task.parent.as_deref(), None)?,
            // Moved under another summary: last among its new siblings.
            Some(_) => {
                let now: Option<i64> =
                    self.one("SELECT parent_id FROM task WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
                if now != parent_id {
                    self.place_task(&task.key, task.parent.as_deref(), None)?;
                }
            }
        }
        let existing = self.links_of(Some(id))?.remove(&id).unwrap_or_default();
        for old in &existing {
            if !task.after.iter().any(|l| l.key == old.key) {
                let pred = self.task_id(&old.key)?;
                self.run(
                    "DELETE FROM dep WHERE pred_id = ?1 AND succ_id = ?2",
                    (pred, id),
                )?;
            }
        }
        for link in &task.after {
            let pred = self.task_id(&link.key)?;
            match existing.iter().find(|l| l.key == link.key) {
                Some(old) if old == link => {}
                Some(_) => {
                    self.run(
                        "UPDATE dep SET type = ?1, lag = ?2 WHERE pred_id = ?3 AND succ_id = ?4",
                        (link.link_type.as_str(), link.lag, pred, id),
                    )?;
                }
                None => {
                    self.run(
                        "INSERT INTO dep(pred_id, succ_id, type, lag) VALUES (?1, ?2, ?3, ?4)",
                        (pred, id, link.link_type.as_str(), link.lag),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Keys of the tasks that list `key` as a predecessor.
    pub fn successors(&self, key: &str) -> Result<Vec<String>> {
        let id = self.task_id(key)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.key FROM dep d JOIN task s ON s.id = d.succ_id WHERE d.pred_id = ?1 ORDER BY s.id",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Delete a task with every link, baseline entry and RAID link that refers to it.
    pub fn delete_task(&self, key: &str) -> Result<()> {
        let id = self.task_id(key)?;
        self.run("DELETE FROM dep WHERE pred_id = ?1 OR succ_id = ?1", [id])?;
        self.run("DELETE FROM baseline_task WHERE task_id = ?1", [id])?;
        self.run("DELETE FROM raid_task WHERE task_id = ?1", [id])?;
        self.run("DELETE FROM task WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Every (subtask key, summary key) pair of the WBS; empty for a flat program.
    pub fn parents(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT c.key, p.key FROM task c JOIN task p ON p.id = c.parent_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Every link as (predecessor key, successor key), for cycle checks.
    pub fn all_links(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.key, s.key FROM dep d JOIN task p ON p.id = d.pred_id JOIN task s ON s.id = d.succ_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Every baseline, oldest first, with its task dates.
    pub fn baselines(&self) -> Result<Vec<Baseline>> {
        self.baselines_where("1")
    }

    /// The newest baseline, the default reference for slip.
    pub fn latest_baseline(&self) -> Result<Option<Baseline>> {
        Ok(self
            .baselines_where("id = (SELECT MAX(id) FROM baseline)")?
            .pop())
    }

    /// The newest baseline taken on or before `date` (the reference for a past week).
    pub fn baseline_as_of(&self, date: NaiveDate) -> Result<Option<Baseline>> {
        match self.baseline_id_as_of(date)? {
            Some(id) => self.baseline_by_id(id),
            None => Ok(None),
        }
    }

    /// The id of [`Db::baseline_as_of`], without reading its tasks.
    pub fn baseline_id_as_of(&self, date: NaiveDate) -> Result<Option<i64>> {
        Ok(self.one(
            "SELECT MAX(id) FROM baseline WHERE taken <= ?1",
            [date],
            |r| r.get(0),
        )?)
    }

    /// The baseline with this id, tasks and all.
    pub fn baseline_by_id(&self, id: i64) -> Result<Option<Baseline>> {
        Ok(self.baselines_where(&format!("id = {id}"))?.pop())
    }

    fn baselines_where(&self, condition: &str) -> Result<Vec<Baseline>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, name, taken FROM baseline WHERE {condition} ORDER BY id"
        ))?;
        let heads = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, NaiveDate>(2)?,
                ))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.key, b.start, b.finish FROM baseline_task b JOIN task t ON t.id = b.task_id
             WHERE b.baseline_id = ?1 ORDER BY t.id",
        )?;
        let mut out = vec![];
        for (id, name, taken) in heads {
            let tasks = stmt
                .query_map([id], |r| {
                    Ok(BaselineTask {
                        key: r.get(0)?,
                        start: r.get(1)?,
                        finish: r.get(2)?,
                    })
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            out.push(Baseline { name, taken, tasks });
        }
        Ok(out)
    }

    /// Store a new baseline; an existing name is a conflict.
    pub fn insert_baseline(&self, baseline: &Baseline) -> Result<()> {
        let exists: bool = self.one(
            "SELECT EXISTS (SELECT 1 FROM baseline WHERE name = ?1)",
            [&baseline.name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(Error::Conflict(format!(
                "baseline {:?} already exists; choose another name",
                baseline.name
            )));
        }
        self.run(
            "INSERT INTO baseline(name, taken) VALUES (?1, ?2)",
            (&baseline.name, baseline.taken),
        )?;
        let id = self.conn.last_insert_rowid();
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO baseline_task(baseline_id, task_id, start, finish)
             SELECT ?1, id, ?3, ?4 FROM task WHERE key = ?2",
        )?;
        for t in &baseline.tasks {
            stmt.execute((id, &t.key, t.start, t.finish))?;
        }
        Ok(())
    }
}
