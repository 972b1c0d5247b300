//! The journal: every journaled command's row changes, for undo and redo across restarts.
//!
//! Capture is generic: temporary triggers on every journaled table copy each inserted, updated
//! or deleted row (before and after images, as JSON objects) into a temporary table while a
//! command runs. [`record`] turns them into one journal entry in the same transaction. Undo
//! walks an entry's changes backwards restoring the before images; redo walks them forwards
//! restoring the after images. A new command after an undo drops the redo tail.

use super::Db;
use super::schema::JOURNALED_TABLES;
use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, types::Value as SqlValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One row change: the table, the row id, and the row before and after (absent = no row).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RowChange {
    table: String,
    id: i64,
    before: Option<Map<String, Value>>,
    after: Option<Map<String, Value>>,
}

/// A journal entry as `history` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct JournalEntry {
    pub id: i64,
    pub at: String,
    pub summary: String,
    pub undone: bool,
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(names)
}

/// Create the temporary capture table and triggers on this connection.
pub(crate) fn install_capture(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS pending_change (
            seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER NOT NULL,
            before TEXT, after TEXT);\n",
    );
    for table in JOURNALED_TABLES {
        let cols = columns(conn, table)?;
        let image = |row: &str| {
            let pairs: Vec<String> = cols.iter().map(|c| format!("'{c}', {row}.{c}")).collect();
            format!("json_object({})", pairs.join(", "))
        };
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_insert AFTER INSERT ON main.{table} BEGIN
               INSERT INTO pending_change(tbl, row_id, before, after) VALUES ('{table}', NEW.id, NULL, {new});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_update AFTER UPDATE ON main.{table} BEGIN
               INSERT INTO pending_change(tbl, row_id, before, after) VALUES ('{table}', NEW.id, {old}, {new});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_delete AFTER DELETE ON main.{table} BEGIN
               INSERT INTO pending_change(tbl, row_id, before, after) VALUES ('{table}', OLD.id, {old}, NULL);
             END;\n",
            new = image("NEW"),
            old = image("OLD"),
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

pub(crate) fn clear_pending(db: &Db) -> Result<()> {
    db.conn.execute("DELETE FROM temp.pending_change", [])?;
    Ok(())
}

fn parse_image(text: Option<String>) -> Result<Option<Map<String, Value>>> {
    match text {
        None => Ok(None),
        Some(t) => match serde_json::from_str::<Value>(&t) {
            Ok(Value::Object(m)) => Ok(Some(m)),
            _ => Err(Error::Database(
                "journal holds a malformed row image".into(),
            )),
        },
    }
}

/// Turn the captured changes into a journal entry; drops the redo tail. A command that changed
/// nothing leaves no entry.
pub(crate) fn record(db: &Db, summary: &str, command: &str) -> Result<()> {
    let mut stmt = db
        .conn
        .prepare("SELECT tbl, row_id, before, after FROM temp.pending_change ORDER BY seq")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut changes = vec![];
    for row in rows {
        let (table, id, before, after) = row?;
        changes.push(RowChange {
            table,
            id,
            before: parse_image(before)?,
            after: parse_image(after)?,
        });
    }
    clear_pending(db)?;
    if changes.is_empty() {
        return Ok(());
    }
    let changes_json =
        serde_json::to_string(&changes).map_err(|e| Error::Database(format!("journal: {e}")))?;
    db.conn
        .execute("DELETE FROM journal WHERE undone = 1", [])?;
    db.conn.execute(
        "INSERT INTO journal(at, summary, command, changes) VALUES (?1, ?2, ?3, ?4)",
        (
            chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
            summary,
            command,
            changes_json,
        ),
    )?;
    Ok(())
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// Make row `id` of `table` look like `target` (absent = deleted), given it is now `current`.
fn restore(
    db: &Db,
    table: &str,
    id: i64,
    current: Option<&Map<String, Value>>,
    target: Option<&Map<String, Value>>,
) -> Result<()> {
    if !JOURNALED_TABLES.contains(&table) {
        return Err(Error::Database(format!(
            "journal names unknown table {table:?}"
        )));
    }
    let known = columns(db.conn, table)?;
    let check_cols = |row: &Map<String, Value>| -> Result<Vec<String>> {
        let cols: Vec<String> = row.keys().cloned().collect();
        if cols.iter().any(|c| !known.contains(c)) {
            return Err(Error::Database(format!(
                "journal row for {table} has unknown columns"
            )));
        }
        Ok(cols)
    };
    match (current, target) {
        (Some(_), None) => {
            db.conn
                .execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        }
        (None, Some(row)) => {
            let cols = check_cols(row)?;
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let values: Vec<SqlValue> = cols.iter().map(|c| to_sql(&row[c])).collect();
            db.conn.execute(
                &format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    cols.join(", "),
                    marks.join(", ")
                ),
                rusqlite::params_from_iter(values),
            )?;
        }
        (Some(_), Some(row)) => {
            let cols = check_cols(row)?;
            let sets: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            let mut values: Vec<SqlValue> = cols.iter().map(|c| to_sql(&row[c])).collect();
            values.push(SqlValue::Integer(id));
            db.conn.execute(
                &format!(
                    "UPDATE {table} SET {} WHERE id = ?{}",
                    sets.join(", "),
                    cols.len() + 1
                ),
                rusqlite::params_from_iter(values),
            )?;
        }
        (None, None) => {}
    }
    Ok(())
}

fn load_changes(db: &Db, entry: i64) -> Result<Vec<RowChange>> {
    let text: String =
        db.conn
            .query_row("SELECT changes FROM journal WHERE id = ?1", [entry], |r| {
                r.get(0)
            })?;
    serde_json::from_str(&text).map_err(|e| Error::Database(format!("journal entry {entry}: {e}")))
}

pub(crate) fn undo(db: &Db) -> Result<Option<String>> {
    let newest: Option<(i64, String)> = db
        .conn
        .query_row(
            "SELECT id, summary FROM journal WHERE undone = 0 ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((entry, summary)) = newest else {
        return Ok(None);
    };
    for c in load_changes(db, entry)?.iter().rev() {
        restore(db, &c.table, c.id, c.after.as_ref(), c.before.as_ref())?;
    }
    db.conn
        .execute("UPDATE journal SET undone = 1 WHERE id = ?1", [entry])?;
    clear_pending_if_any(db)?;
    Ok(Some(summary))
}

pub(crate) fn redo(db: &Db) -> Result<Option<String>> {
    let oldest: Option<(i64, String)> = db
        .conn
        .query_row(
            "SELECT id, summary FROM journal WHERE undone = 1 ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((entry, summary)) = oldest else {
        return Ok(None);
    };
    for c in load_changes(db, entry)? {
        restore(db, &c.table, c.id, c.before.as_ref(), c.after.as_ref())?;
    }
    db.conn
        .execute("UPDATE journal SET undone = 0 WHERE id = ?1", [entry])?;
    clear_pending_if_any(db)?;
    Ok(Some(summary))
}

/// Undo and redo write through the same tables, so the capture triggers (if installed on this
/// connection) saw those writes; they are not a new command, so drop them.
fn clear_pending_if_any(db: &Db) -> Result<()> {
    let exists: bool = db.conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'pending_change')",
        [],
        |r| r.get(0),
    )?;
    if exists {
        clear_pending(db)?;
    }
    Ok(())
}

impl Db<'_> {
    /// The journal, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<JournalEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, summary, undone FROM journal ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(JournalEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                summary: r.get(2)?,
                undone: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Forget the journal (after an import replaces the program).
    pub(crate) fn clear_journal(&self) -> Result<()> {
        self.conn.execute("DELETE FROM journal", [])?;
        Ok(())
    }
}
