//! Program header, calendar and workstreams.

use super::Db;
use crate::domain::{CalendarSpec, Program, Workdays, Workstream};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

impl Db<'_> {
    /// The program header with its calendar; an error on a database without a program yet.
    pub fn program(&self) -> Result<Program> {
        let row: Option<(String, String, NaiveDate, String)> = self
            .one(
                "SELECT name, currency, start, workdays FROM program WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (name, currency, start, workdays) = row.ok_or_else(|| {
            Error::Database("this database has no program yet (run `milepost init NAME`)".into())
        })?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT date FROM holiday ORDER BY date")?;
        let holidays = stmt
            .query_map([], |r| r.get::<_, NaiveDate>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Program {
            name,
            currency,
            start,
            calendar: CalendarSpec {
                workdays: workdays.split(',').map(str::to_string).collect(),
                holidays,
            },
        })
    }

    /// Write the program header and calendar (insert or replace).
    pub fn save_program(&self, p: &Program) -> Result<()> {
        let workdays = Workdays::parse("workdays", &p.calendar.workdays.join(","))?;
        self.run(
            "INSERT INTO program(id, name, currency, start, workdays) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, currency = excluded.currency,
               start = excluded.start, workdays = excluded.workdays",
            (&p.name, &p.currency, p.start, workdays.names().join(",")),
        )?;
        let existing = self.program()?.calendar.holidays;
        for h in existing.iter().filter(|h| !p.calendar.holidays.contains(h)) {
            self.run("DELETE FROM holiday WHERE date = ?1", [h])?;
        }
        for h in p.calendar.holidays.iter().filter(|h| !existing.contains(h)) {
            self.run("INSERT INTO holiday(date) VALUES (?1)", [h])?;
        }
        Ok(())
    }

    pub(crate) fn workstream_id(&self, key: &str) -> Result<i64> {
        self.one("SELECT id FROM workstream WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::not_found("workstream", key))
    }

    /// `workstream_id` for an optional key.
    pub(crate) fn opt_workstream_id(&self, key: Option<&str>) -> Result<Option<i64>> {
        key.map(|k| self.workstream_id(k)).transpose()
    }

    pub fn workstream(&self, key: &str) -> Result<Workstream> {
        self.one(
            "SELECT key, name, owner FROM workstream WHERE key = ?1",
            [key],
            |r| {
                Ok(Workstream {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    owner: r.get(2)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("workstream", key))
    }

    pub fn workstreams(&self) -> Result<Vec<Workstream>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, name, owner FROM workstream ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Workstream {
                key: r.get(0)?,
                name: r.get(1)?,
                owner: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Insert or update a workstream by key.
    pub fn save_workstream(&self, ws: &Workstream) -> Result<()> {
        self.run(
            "INSERT INTO workstream(key, name, owner) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET name = excluded.name, owner = excluded.owner",
            (&ws.key, &ws.name, &ws.owner),
        )?;
        Ok(())
    }

    /// What still refers to a workstream, as a readable list (empty = safe to delete).
    pub fn workstream_references(&self, key: &str) -> Result<Vec<String>> {
        let id = self.workstream_id(key)?;
        let mut found = vec![];
        for (table, label) in [
            ("task", "tasks"),
            ("raid", "RAID items"),
            ("budget_line", "budget lines"),
            ("spend", "spend entries"),
            ("change_request", "change requests"),
            ("status_note", "status notes"),
        ] {
            let n: i64 = self.one(
                &format!("SELECT COUNT(*) FROM {table} WHERE workstream_id = ?1"),
                [id],
                |r| r.get(0),
            )?;
            if n > 0 {
                found.push(format!("{n} {label}"));
            }
        }
        Ok(found)
    }

    pub fn delete_workstream(&self, key: &str) -> Result<()> {
        let id = self.workstream_id(key)?;
        self.run("DELETE FROM workstream WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Take the next task number of a workstream (`PLT-n`), advancing its counter. The
    /// counter is not journaled: undoing an add never hands its number out again.
    pub fn take_task_number(&self, ws_key: &str) -> Result<i64> {
        let id = self.workstream_id(ws_key)?;
        let floor: i64 = self.one(
            "SELECT next_task FROM workstream WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let prefix = format!("task:{ws_key}");
        self.raise_counter(&prefix, floor)?;
        self.next_number(&prefix)
    }
}

impl Db<'_> {
    /// Settings that differ from their defaults, by key.
    pub fn settings(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM setting ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Set a setting (already checked), or back to its default with `None`.
    pub fn save_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.run(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, v),
            )?,
            None => self.run("DELETE FROM setting WHERE key = ?1", [key])?,
        };
        Ok(())
    }
}

impl Db<'_> {
    /// Keys a person types on the command line: workstreams, tasks, RAID items, change
    /// requests and decisions (for completion).
    pub fn item_keys(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key FROM workstream UNION ALL SELECT key FROM task UNION ALL SELECT key FROM raid
             UNION ALL SELECT key FROM change_request UNION ALL SELECT key FROM decision",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
