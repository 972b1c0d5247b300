//! The whole program at once: read for export, written for import.

use super::Db;
use super::schema::{JOURNALED_TABLES, SPEND_INDEXES};
use crate::domain::keys::split_key;
use crate::domain::{Money, ProgramDoc, RaidKind};
use crate::error::{Error, Result};
use std::collections::HashMap;

impl Db<'_> {
    /// Read every part of the program, in stable order.
    pub fn load_doc(&self) -> Result<ProgramDoc> {
        let mut doc = ProgramDoc::new(self.program()?);
        doc.workstreams = self.workstreams()?;
        doc.tasks = self.tasks(None)?;
        doc.baselines = self.baselines()?;
        doc.raid = self.raid_items(None)?;
        doc.budget = self.budget_lines()?;
        doc.spend = self.spend_entries()?;
        doc.changes = self.change_requests()?;
        doc.decisions = self.decisions()?;
        doc.status_notes = self.status_notes()?;
        doc.settings = self.settings()?;
        Ok(doc)
    }

    /// Delete every row of every program table (import `--replace`), and the journal.
    pub fn clear_program(&self) -> Result<()> {
        for table in JOURNALED_TABLES.iter().rev() {
            self.run(&format!("DELETE FROM {table}"), [])?;
        }
        self.clear_journal()
    }

    /// Write a validated program document into an empty database with prepared statements;
    /// `progress` is called with the number of rows written so far.
    pub fn insert_doc(&self, doc: &ProgramDoc, progress: &mut dyn FnMut(u64)) -> Result<()> {
        if !self.is_empty()? {
            return Err(Error::Conflict(
                "the database already holds a program".into(),
            ));
        }
        // Secondary indexes are cheaper to build once, sorted, than to grow row by row.
        for (name, _) in SPEND_INDEXES {
            self.conn
                .execute_batch(&format!("DROP INDEX IF EXISTS {name};"))?;
        }
        let mut written: u64 = 0;
        let mut tick = |n: &mut u64| {
            *n += 1;
            if *n % 4096 == 0 {
                progress(*n);
            }
        };
        self.save_program(&doc.program)?;
        let mut ws_ids: HashMap<&str, i64> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO workstream(key, name, owner, next_task) VALUES (?1, ?2, ?3, 1)",
            )?;
            for ws in &doc.workstreams {
                stmt.execute((&ws.key, &ws.name, &ws.owner))?;
                ws_ids.insert(&ws.key, self.conn.last_insert_rowid());
            }
        }
        let ws = |key: &str| -> Result<i64> {
            ws_ids
                .get(key)
                .copied()
                .ok_or_else(|| Error::not_found("workstream", key))
        };
        let opt_ws =
            |key: &Option<String>| -> Result<Option<i64>> { key.as_deref().map(ws).transpose() };
        let mut task_ids: HashMap<&str, i64> = HashMap::with_capacity(doc.tasks.len());
        let mut next_task: HashMap<&str, i64> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO task(key, workstream_id, number, title, duration, owner, budget, percent,
                     actual_start, actual_finish, not_before, deadline, acceptance, parent_id,
                     position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for (i, t) in doc.tasks.iter().enumerate() {
                let number = split_key(&t.key).map(|(_, n)| n).unwrap_or(0);
                // Parents come first in the file (checked on reading it).
                let parent = t
                    .parent
                    .as_deref()
                    .map(|p| {
                        task_ids
                            .get(p)
                            .copied()
                            .ok_or_else(|| Error::not_found("task", p))
                    })
                    .transpose()?;
                stmt.execute(rusqlite::params![
                    t.key,
                    ws(&t.workstream)?,
                    number,
                    t.title,
                    t.duration,
                    t.owner,
                    t.budget.map(Money::cents),
                    t.percent_complete,
                    t.actual_start,
                    t.actual_finish,
                    t.not_before,
                    t.deadline,
                    t.acceptance,
                    parent,
                    (i as i64 + 1) * 1024,
                ])?;
                task_ids.insert(&t.key, self.conn.last_insert_rowid());
                let next = next_task.entry(&t.workstream).or_insert(1);
                *next = (*next).max(number + 1);
                tick(&mut written);
            }
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO dep(pred_id, succ_id, type, lag) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for t in &doc.tasks {
                let succ = task_ids[t.key.as_str()];
                for l in &t.after {
                    let pred = *task_ids
                        .get(l.key.as_str())
                        .ok_or_else(|| Error::not_found("task", &l.key))?;
                    stmt.execute((pred, succ, l.link_type.as_str(), l.lag))?;
                    tick(&mut written);
                }
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare_cached("UPDATE workstream SET next_task = ?1 WHERE key = ?2")?;
            for (key, next) in &next_task {
                stmt.execute((next, key))?;
            }
        }
        let task = |key: &str| -> Result<i64> {
            task_ids
                .get(key)
                .copied()
                .ok_or_else(|| Error::not_found("task", key))
        };
        {
            let mut head = self
                .conn
                .prepare_cached("INSERT INTO baseline(name, taken) VALUES (?1, ?2)")?;
            let mut row = self.conn.prepare_cached(
                "INSERT INTO baseline_task(baseline_id, task_id, start, finish) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for b in &doc.baselines {
                head.execute((&b.name, b.taken))?;
                let id = self.conn.last_insert_rowid();
                for t in &b.tasks {
                    row.execute((id, task(&t.key)?, t.start, t.finish))?;
                    tick(&mut written);
                }
            }
        }
        let mut max_number: HashMap<&str, i64> = HashMap::new();
        let mut note_number = |key: &str| {
            if let Some((prefix, n)) = split_key(key) {
                let prefix: &'static str = match prefix {
                    "R" => "R",
                    "A" => "A",
                    "I" => "I",
                    "D" => "D",
                    "SP" => "SP",
                    "CR" => "CR",
                    "DEC" => "DEC",
                    _ => return,
                };
                let m = max_number.entry(prefix).or_insert(0);
                *m = (*m).max(n);
            }
        };
        {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO raid(key, kind, number, title, description, status, owner, raised, due,
                     workstream_id, closed, probability, impact, probability_pct, cost_impact, response,
                     mitigation, residual_probability, residual_impact, escalated, provider)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?;
            let mut link = self
                .conn
                .prepare_cached("INSERT INTO raid_task(raid_id, task_id) VALUES (?1, ?2)")?;
            for r in &doc.raid {
                stmt.execute(rusqlite::params![
                    r.key,
                    r.kind.as_str(),
                    split_key(&r.key).map(|(_, n)| n).unwrap_or(0),
                    r.title,
                    r.description,
                    r.status,
                    r.owner,
                    r.raised,
                    r.due,
                    opt_ws(&r.workstream)?,
                    r.closed,
                    r.probability,
                    r.impact,
                    r.probability_pct,
                    r.cost_impact.map(Money::cents),
                    r.response.map(|x| x.as_str()),
                    r.mitigation,
                    r.residual_probability,
                    r.residual_impact,
                    r.escalated,
                    r.provider,
                ])?;
                let id = self.conn.last_insert_rowid();
                for t in &r.tasks {
                    link.execute((id, task(t)?))?;
                }
                note_number(&r.key);
                tick(&mut written);
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO budget_line(workstream_id, category, month, amount) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for b in &doc.budget {
                stmt.execute((
                    ws(&b.workstream)?,
                    &b.category,
                    b.month.to_string(),
                    b.amount.cents(),
                ))?;
                tick(&mut written);
            }
        }
        {
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO spend(key, number, date, workstream_id, category, amount, vendor, reference, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for s in &doc.spend {
                stmt.execute(rusqlite::params![
                    s.key,
                    split_key(&s.key).map(|(_, n)| n).unwrap_or(0),
                    s.date,
                    ws(&s.workstream)?,
                    s.category,
                    s.amount.cents(),
                    s.vendor,
                    s.reference,
                    s.status.as_str(),
                ])?;
                note_number(&s.key);
                tick(&mut written);
            }
        }
        for c in &doc.changes {
            self.save_change_request(c)?;
            note_number(&c.key);
        }
        for d in &doc.decisions {
            self.save_decision(d)?;
            note_number(&d.key);
        }
        for n in &doc.status_notes {
            self.save_status_note(n)?;
        }
        for (key, value) in &doc.settings {
            self.save_setting(key, Some(value))?;
        }
        for kind in RaidKind::ALL {
            max_number.entry(kind.prefix()).or_insert(0);
        }
        for (prefix, n) in max_number {
            self.raise_counter(prefix, n + 1)?;
        }
        for (name, definition) in SPEND_INDEXES {
            self.conn
                .execute_batch(&format!("CREATE INDEX {name} ON {definition};"))?;
        }
        progress(written);
        Ok(())
    }
}
