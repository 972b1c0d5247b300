//! RAID items, budget lines, spend, change requests, decisions and status notes.

use super::Db;
use crate::domain::keys::split_key;
use crate::domain::{
    BudgetLine, ChangeRequest, ChangeStatus, Decision, IsoWeek, Money, Month, Rag, RaidItem,
    RaidKind, Response, SpendEntry, SpendStatus, StatusNote,
};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;

/// Turn a stored vocabulary word back into its enum, as a rusqlite conversion error if corrupt.
fn word<T>(parse: fn(&str, &str) -> Result<T>, text: String) -> rusqlite::Result<T> {
    parse("stored value", &text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_word<T>(
    parse: fn(&str, &str) -> Result<T>,
    text: Option<String>,
) -> rusqlite::Result<Option<T>> {
    text.map(|t| word(parse, t)).transpose()
}

fn number_of(key: &str) -> i64 {
    split_key(key).map(|(_, n)| n).unwrap_or(0)
}

pub(crate) const RAID_COLUMNS: &str =
    "r.id, r.key, r.kind, r.title, r.description, r.status, r.owner, r.raised,
    r.due, w.key, r.closed, r.probability, r.impact, r.probability_pct, r.cost_impact, r.response,
    r.mitigation, r.residual_probability, r.residual_impact, r.escalated, r.provider";

pub(super) fn raid_row(r: &Row) -> rusqlite::Result<(i64, RaidItem)> {
    Ok((
        r.get(0)?,
        RaidItem {
            key: r.get(1)?,
            kind: word(RaidKind::parse, r.get(2)?)?,
            title: r.get(3)?,
            description: r.get(4)?,
            status: r.get(5)?,
            owner: r.get(6)?,
            raised: r.get(7)?,
            due: r.get(8)?,
            workstream: r.get(9)?,
            closed: r.get(10)?,
            tasks: vec![],
            probability: r.get(11)?,
            impact: r.get(12)?,
            probability_pct: r.get(13)?,
            cost_impact: r.get::<_, Option<i64>>(14)?.map(Money),
            response: opt_word(Response::parse, r.get(15)?)?,
            mitigation: r.get(16)?,
            residual_probability: r.get(17)?,
            residual_impact: r.get(18)?,
            escalated: r.get(19)?,
            provider: r.get(20)?,
        },
    ))
}

pub(super) fn spend_row(r: &Row) -> rusqlite::Result<SpendEntry> {
    Ok(SpendEntry {
        key: r.get(0)?,
        date: r.get(1)?,
        workstream: r.get(2)?,
        category: r.get(3)?,
        amount: Money(r.get(4)?),
        vendor: r.get(5)?,
        reference: r.get(6)?,
        status: word(SpendStatus::parse, r.get(7)?)?,
    })
}

fn change_row(r: &Row) -> rusqlite::Result<ChangeRequest> {
    Ok(ChangeRequest {
        key: r.get(0)?,
        title: r.get(1)?,
        status: word(ChangeStatus::parse, r.get(2)?)?,
        raised: r.get(3)?,
        decided: r.get(4)?,
        workstream: r.get(5)?,
        budget_delta: r.get::<_, Option<i64>>(6)?.map(Money),
        schedule_delta: r.get(7)?,
    })
}

fn decision_row(r: &Row) -> rusqlite::Result<Decision> {
    Ok(Decision {
        key: r.get(0)?,
        date: r.get(1)?,
        title: r.get(2)?,
        decision: r.get(3)?,
        rationale: r.get(4)?,
        by: r.get(5)?,
    })
}

fn note_row(r: &Row) -> rusqlite::Result<StatusNote> {
    let list = |text: String| -> rusqlite::Result<Vec<String>> {
        serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    Ok(StatusNote {
        week: word(IsoWeek::parse, r.get(0)?)?,
        workstream: r.get(1)?,
        rag: opt_word(Rag::parse, r.get(2)?)?,
        reason: r.get(3)?,
        summary: r.get(4)?,
        accomplishments: list(r.get(5)?)?,
        next_steps: list(r.get(6)?)?,
    })
}

impl Db<'_> {
    /// Linked task keys of one RAID item, or of every item (keyed by item id), in link order.
    fn raid_task_links(&self, raid_id: Option<i64>) -> Result<HashMap<i64, Vec<String>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT x.raid_id, t.key FROM raid_task x JOIN task t ON t.id = x.task_id
             WHERE ?1 IS NULL OR x.raid_id = ?1 ORDER BY x.raid_id, x.id",
        )?;
        let mut map: HashMap<i64, Vec<String>> = HashMap::new();
        let rows = stmt.query_map([raid_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, key) = row?;
            map.entry(id).or_default().push(key);
        }
        Ok(map)
    }

    fn raid_tasks(&self, raid_id: i64) -> Result<Vec<String>> {
        Ok(self
            .raid_task_links(Some(raid_id))?
            .remove(&raid_id)
            .unwrap_or_default())
    }

    pub fn raid_item(&self, key: &str) -> Result<RaidItem> {
        let found = self.one(
                &format!(
                    "SELECT {RAID_COLUMNS} FROM raid r LEFT JOIN workstream w ON w.id = r.workstream_id
                     WHERE r.key = ?1"
                ),
                [key],
                raid_row,
            )
            .optional()?;
        let (id, mut item) = found.ok_or_else(|| Error::not_found("RAID item", key))?;
        item.tasks = self.raid_tasks(id)?;
        Ok(item)
    }

    /// RAID items in key order (kind, then number), optionally of one kind.
    pub fn raid_items(&self, kind: Option<RaidKind>) -> Result<Vec<RaidItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RAID_COLUMNS} FROM raid r LEFT JOIN workstream w ON w.id = r.workstream_id
             WHERE ?1 IS NULL OR r.kind = ?1 ORDER BY r.id"
        ))?;
        let rows = stmt
            .query_map([kind.map(|k| k.as_str())], raid_row)?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut links = self.raid_task_links(None)?;
        Ok(rows
            .into_iter()
            .map(|(id, mut item)| {
                item.tasks = links.remove(&id).unwrap_or_default();
                item
            })
            .collect())
    }

    /// Insert or update a RAID item by key, with its task links made to match `item.tasks`.
    pub fn save_raid(&self, item: &RaidItem) -> Result<()> {
        let ws_id = self.opt_workstream_id(item.workstream.as_deref())?;
        self.run(
            "INSERT INTO raid(key, kind, number, title, description, status, owner, raised, due,
                 workstream_id, closed, probability, impact, probability_pct, cost_impact, response,
                 mitigation, residual_probability, residual_impact, escalated, provider)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
             ON CONFLICT(key) DO UPDATE SET title = excluded.title, description = excluded.description,
                 status = excluded.status, owner = excluded.owner, raised = excluded.raised,
                 due = excluded.due, workstream_id = excluded.workstream_id, closed = excluded.closed,
                 probability = excluded.probability, impact = excluded.impact,
                 probability_pct = excluded.probability_pct, cost_impact = excluded.cost_impact,
                 response = excluded.response, mitigation = excluded.mitigation,
                 residual_probability = excluded.residual_probability,
                 residual_impact = excluded.residual_impact, escalated = excluded.escalated,
                 provider = excluded.provider",
            rusqlite::params![
                item.key,
                item.kind.as_str(),
                number_of(&item.key),
                item.title,
                item.description,
                item.status,
                item.owner,
                item.raised,
                item.due,
                ws_id,
                item.closed,
                item.probability,
                item.impact,
                item.probability_pct,
                item.cost_impact.map(Money::cents),
                item.response.map(|r| r.as_str()),
                item.mitigation,
                item.residual_probability,
                item.residual_impact,
                item.escalated,
                item.provider,
            ],
        )?;
        let id: i64 = self.one("SELECT id FROM raid WHERE key = ?1", [&item.key], |r| {
            r.get(0)
        })?;
        let existing = self.raid_tasks(id)?;
        for old in existing.iter().filter(|k| !item.tasks.contains(k)) {
            let task = self.task_id(old)?;
            self.run(
                "DELETE FROM raid_task WHERE raid_id = ?1 AND task_id = ?2",
                (id, task),
            )?;
        }
        for new in item.tasks.iter().filter(|k| !existing.contains(k)) {
            let task = self.task_id(new)?;
            self.run(
                "INSERT INTO raid_task(raid_id, task_id) VALUES (?1, ?2)",
                (id, task),
            )?;
        }
        Ok(())
    }

    pub fn delete_raid(&self, key: &str) -> Result<()> {
        let id: i64 = self
            .one("SELECT id FROM raid WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("RAID item", key))?;
        self.run("DELETE FROM raid_task WHERE raid_id = ?1", [id])?;
        self.run("DELETE FROM raid WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn budget_lines(&self) -> Result<Vec<BudgetLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.key, b.category, b.month, b.amount FROM budget_line b
             JOIN workstream w ON w.id = b.workstream_id ORDER BY b.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BudgetLine {
                workstream: r.get(0)?,
                category: r.get(1)?,
                month: word(Month::parse, r.get(2)?)?,
                amount: Money(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Set the planned amount of (workstream, category, month), replacing any previous amount.
    pub fn save_budget_line(&self, line: &BudgetLine) -> Result<()> {
        let ws_id = self.workstream_id(&line.workstream)?;
        self.run(
            "INSERT INTO budget_line(workstream_id, category, month, amount) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(workstream_id, category, month) DO UPDATE SET amount = excluded.amount",
            (ws_id, &line.category, line.month.to_string(), line.amount.cents()),
        )?;
        Ok(())
    }

    /// The current amount of (workstream, category, month), if a line exists.
    pub fn budget_line(&self, ws: &str, category: &str, month: Month) -> Result<Option<Money>> {
        let ws_id = self.workstream_id(ws)?;
        Ok(self.one(
                "SELECT amount FROM budget_line WHERE workstream_id = ?1 AND category = ?2 AND month = ?3",
                (ws_id, category, month.to_string()),
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(Money))
    }

    pub fn spend_entry(&self, key: &str) -> Result<SpendEntry> {
        self.one(
            "SELECT s.key, s.date, w.key, s.category, s.amount, s.vendor, s.reference, s.status
                 FROM spend s JOIN workstream w ON w.id = s.workstream_id WHERE s.key = ?1",
            [key],
            spend_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("spend entry", key))
    }

    pub fn spend_entries(&self) -> Result<Vec<SpendEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.key, s.date, w.key, s.category, s.amount, s.vendor, s.reference, s.status
             FROM spend s JOIN workstream w ON w.id = s.workstream_id ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], spend_row)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    pub fn save_spend(&self, s: &SpendEntry) -> Result<()> {
        let ws_id = self.workstream_id(&s.workstream)?;
        self.run(
            "INSERT INTO spend(key, number, date, workstream_id, category, amount, vendor, reference, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(key) DO UPDATE SET date = excluded.date, workstream_id = excluded.workstream_id,
                 category = excluded.category, amount = excluded.amount, vendor = excluded.vendor,
                 reference = excluded.reference, status = excluded.status",
            rusqlite::params![
                s.key,
                number_of(&s.key),
                s.date,
                ws_id,
                s.category,
                s.amount.cents(),
                s.vendor,
                s.reference,
                s.status.as_str(),
            ],
        )?;
        Ok(())
    }

    pub fn delete_spend(&self, key: &str) -> Result<()> {
        let n = self.run("DELETE FROM spend WHERE key = ?1", [key])?;
        if n == 0 {
            return Err(Error::not_found("spend entry", key));
        }
        Ok(())
    }

    pub fn change_request(&self, key: &str) -> Result<ChangeRequest> {
        self.one(
                "SELECT c.key, c.title, c.status, c.raised, c.decided, w.key, c.budget_delta, c.schedule_delta
                 FROM change_request c LEFT JOIN workstream w ON w.id = c.workstream_id WHERE c.key = ?1",
                [key],
                change_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("change request", key))
    }

    pub fn change_requests(&self) -> Result<Vec<ChangeRequest>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.key, c.title, c.status, c.raised, c.decided, w.key, c.budget_delta, c.schedule_delta
             FROM change_request c LEFT JOIN workstream w ON w.id = c.workstream_id ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], change_row)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    pub fn save_change_request(&self, c: &ChangeRequest) -> Result<()> {
        let ws_id = self.opt_workstream_id(c.workstream.as_deref())?;
        self.run(
            "INSERT INTO change_request(key, number, title, status, raised, decided, workstream_id,
                 budget_delta, schedule_delta) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(key) DO UPDATE SET title = excluded.title, status = excluded.status,
                 raised = excluded.raised, decided = excluded.decided,
                 workstream_id = excluded.workstream_id, budget_delta = excluded.budget_delta,
                 schedule_delta = excluded.schedule_delta",
            rusqlite::params![
                c.key,
                number_of(&c.key),
                c.title,
                c.status.as_str(),
                c.raised,
                c.decided,
                ws_id,
                c.budget_delta.map(Money::cents),
                c.schedule_delta,
            ],
        )?;
        Ok(())
    }

    pub fn decision(&self, key: &str) -> Result<Decision> {
        self.one(
            "SELECT key, date, title, decision, rationale, made_by FROM decision WHERE key = ?1",
            [key],
            decision_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("decision", key))
    }

    pub fn decisions(&self) -> Result<Vec<Decision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, date, title, decision, rationale, made_by FROM decision ORDER BY id",
        )?;
        let rows = stmt.query_map([], decision_row)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    pub fn save_decision(&self, d: &Decision) -> Result<()> {
        self.run(
            "INSERT INTO decision(key, number, date, title, decision, rationale, made_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(key) DO UPDATE SET date = excluded.date, title = excluded.title,
                 decision = excluded.decision, rationale = excluded.rationale, made_by = excluded.made_by",
            rusqlite::params![
                d.key,
                number_of(&d.key),
                d.date,
                d.title,
                d.decision,
                d.rationale,
                d.by
            ],
        )?;
        Ok(())
    }

    pub fn status_notes(&self) -> Result<Vec<StatusNote>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.week, w.key, n.rag, n.reason, n.summary, n.accomplishments, n.next_steps
             FROM status_note n LEFT JOIN workstream w ON w.id = n.workstream_id ORDER BY n.id",
        )?;
        let rows = stmt.query_map([], note_row)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The note of a week for a workstream (`None` = the program's own note).
    pub fn status_note(&self, week: IsoWeek, ws: Option<&str>) -> Result<Option<StatusNote>> {
        let ws_id = self.opt_workstream_id(ws)?;
        Ok(self
            .one(
                "SELECT n.week, w.key, n.rag, n.reason, n.summary, n.accomplishments, n.next_steps
                 FROM status_note n LEFT JOIN workstream w ON w.id = n.workstream_id
                 WHERE n.week = ?1 AND IFNULL(n.workstream_id, 0) = IFNULL(?2, 0)",
                (week.to_string(), ws_id),
                note_row,
            )
            .optional()?)
    }

    /// Insert or replace the note of (week, workstream).
    pub fn save_status_note(&self, n: &StatusNote) -> Result<()> {
        let ws_id = self.opt_workstream_id(n.workstream.as_deref())?;
        let list = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        self.run(
            "INSERT INTO status_note(week, workstream_id, rag, reason, summary, accomplishments, next_steps)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(week, IFNULL(workstream_id, 0)) DO UPDATE SET rag = excluded.rag,
                 reason = excluded.reason, summary = excluded.summary,
                 accomplishments = excluded.accomplishments, next_steps = excluded.next_steps",
            rusqlite::params![
                n.week.to_string(),
                ws_id,
                n.rag.map(|r| r.as_str()),
                n.reason,
                n.summary,
                list(&n.accomplishments),
                list(&n.next_steps),
            ],
        )?;
        Ok(())
    }
}

/// What makes two spend entries the same for re-import: (date, workstream, category, amount,
/// vendor, reference).
pub type SpendFingerprint = (
    chrono::NaiveDate,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
);

impl Db<'_> {
    /// Fingerprints of the spend dated between `from` and `to`, to skip re-imported rows.
    pub fn spend_fingerprints(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<std::collections::HashSet<SpendFingerprint>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.date, w.key, s.category, s.amount, s.vendor, s.reference
             FROM spend s JOIN workstream w ON w.id = s.workstream_id
             WHERE s.date BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map((from, to), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Reserve `count` consecutive numbers of an item prefix; returns the first.
    pub fn take_numbers(&self, prefix: &str, count: i64) -> Result<i64> {
        let first = self.next_number(prefix)?;
        if count > 1 {
            self.raise_counter(prefix, first + count)?;
        }
        Ok(first)
    }

    /// Insert new spend entries (keys already assigned) with one prepared statement, journaled
    /// as one compact bulk insert rather than row by row.
    pub fn insert_spend_bulk(&self, entries: &[SpendEntry]) -> Result<()> {
        let ws_ids: HashMap<String, i64> = {
            let mut stmt = self.conn.prepare_cached("SELECT key, id FROM workstream")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<std::result::Result<_, _>>()?
        };
        super::journal::without_row_capture(self, "spend", || {
            let columns = [
                "id",
                "key",
                "number",
                "date",
                "workstream_id",
                "category",
                "amount",
                "vendor",
                "reference",
                "status",
            ];
            let mut stmt = self.conn.prepare_cached(
                "INSERT INTO spend(key, number, date, workstream_id, category, amount, vendor, reference, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut json = String::with_capacity(entries.len() * 96 + 2);
            json.push('[');
            let (mut first, mut last) = (1, 0);
            for (i, e) in entries.iter().enumerate() {
                let ws = *ws_ids
                    .get(&e.workstream)
                    .ok_or_else(|| Error::not_found("workstream", &e.workstream))?;
                let number = number_of(&e.key);
                stmt.execute(rusqlite::params![
                    e.key,
                    number,
                    e.date,
                    ws,
                    e.category,
                    e.amount.cents(),
                    e.vendor,
                    e.reference,
                    e.status.as_str(),
                ])?;
                let id = self.conn.last_insert_rowid();
                if i == 0 {
                    first = id;
                } else {
                    json.push(',');
                }
                last = id;
                let row = (
                    id,
                    &e.key,
                    number,
                    e.date.format("%Y-%m-%d").to_string(),
                    ws,
                    &e.category,
                    e.amount.cents(),
                    &e.vendor,
                    &e.reference,
                    e.status.as_str(),
                );
                json.push_str(
                    &serde_json::to_string(&row).map_err(|e| Error::Storage(e.to_string()))?,
                );
            }
            json.push(']');
            Ok((
                (),
                columns.iter().map(|c| c.to_string()).collect(),
                first,
                last,
                json,
            ))
        })
    }
}
