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

/// How the journal writes its timestamps (local time); they sort as text.
pub const JOURNAL_TIME: &str = "%Y-%m-%dT%H:%M:%S";

/// One row change: the table, the row id, and the row before and after (absent = no row).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RowChange {
    table: String,
    id: i64,
    before: Option<Map<String, Value>>,
    after: Option<Map<String, Value>>,
}

/// Rows inserted in bulk (a spend import): kept compactly as one JSON array per row, so that a
/// million-line import journals in seconds. Undo deletes the id range; redo inserts the rows.
#[derive(Debug, Serialize, Deserialize)]
struct BulkInsert {
    table: String,
    columns: Vec<String>,
    first_id: i64,
    last_id: i64,
    rows: Box<serde_json::value::RawValue>,
}

/// A journal entry's changes: row images, then bulk inserts. Stored as a bare array of row
/// images when there is no bulk insert.
#[derive(Debug, Deserialize)]
struct WithBulk {
    rows: Vec<RowChange>,
    bulk: Vec<BulkInsert>,
}

/// One entry of an item's history with the fields it changed: (field, old, new).
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub entry: JournalEntry,
    pub fields: Vec<(String, String, String)>,
}

/// A stored column value as a person reads it: money columns from cents to an amount, flags
/// as yes or no, nothing as blank.
fn shown_value(column: &str, v: &Value) -> String {
    const MONEY: &[&str] = &["budget", "amount", "cost_impact", "budget_delta"];
    const FLAGS: &[&str] = &["escalated", "undone"];
    match v {
        Value::Null => String::new(),
        Value::Number(n) if MONEY.contains(&column) => n
            .as_i64()
            .map(|c| crate::domain::Money(c).grouped())
            .unwrap_or_else(|| n.to_string()),
        Value::Number(n) if FLAGS.contains(&column) => {
            if n.as_i64() == Some(0) { "no" } else { "yes" }.to_string()
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A journal entry as `history` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JournalEntry {
    pub id: i64,
    pub at: String,
    pub summary: String,
    pub undone: bool,
    /// Who made the change (empty for entries from before milepost recorded it).
    pub user: String,
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
            before TEXT, after TEXT);
         CREATE TEMP TABLE IF NOT EXISTS pending_bulk (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL);\n",
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
    db.conn.execute("DELETE FROM temp.pending_bulk", [])?;
    Ok(())
}

/// Whether this connection records changes (inside a journaled command).
pub(crate) fn capturing(db: &Db) -> Result<bool> {
    Ok(db.conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'pending_bulk')",
        [],
        |r| r.get(0),
    )?)
}

/// Run `insert` with the row capture of `table` switched off, then journal the inserted rows as
/// one bulk entry: `columns` names the values of each row in `rows_json` (a JSON array of
/// arrays, the id first), which hold ids `first_id..=last_id`.
pub(crate) fn without_row_capture<T>(
    db: &Db,
    table: &str,
    insert: impl FnOnce() -> Result<(T, Vec<String>, i64, i64, String)>,
) -> Result<T> {
    let capture = capturing(db)?;
    if capture {
        db.conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS temp.capture_{table}_insert"
        ))?;
    }
    let (value, columns, first_id, last_id, rows_json) = insert()?;
    if capture {
        install_capture(db.conn)?;
        if first_id <= last_id {
            let rows = serde_json::value::RawValue::from_string(rows_json)
                .map_err(|e| Error::Storage(format!("journal: {e}")))?;
            let bulk = BulkInsert {
                table: table.to_string(),
                columns,
                first_id,
                last_id,
                rows,
            };
            let text = serde_json::to_string(&bulk)
                .map_err(|e| Error::Storage(format!("journal: {e}")))?;
            db.conn
                .execute("INSERT INTO temp.pending_bulk(entry) VALUES (?1)", [text])?;
        }
    }
    Ok(value)
}

fn parse_image(text: Option<String>) -> Result<Option<Map<String, Value>>> {
    match text {
        None => Ok(None),
        Some(t) => match serde_json::from_str::<Value>(&t) {
            Ok(Value::Object(m)) => Ok(Some(m)),
            _ => Err(Error::Storage("journal holds a malformed row image".into())),
        },
    }
}

/// Turn the captured changes into a journal entry; drops the redo tail. A command that changed
/// nothing leaves no entry.
pub(crate) fn record(
    db: &Db,
    summary: &str,
    command: &str,
    at: chrono::NaiveDateTime,
    user: &str,
) -> Result<()> {
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
    let mut stmt = db
        .conn
        .prepare("SELECT entry FROM temp.pending_bulk ORDER BY seq")?;
    let bulk: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    clear_pending(db)?;
    if changes.is_empty() && bulk.is_empty() {
        return Ok(());
    }
    let rows_json =
        serde_json::to_string(&changes).map_err(|e| Error::Storage(format!("journal: {e}")))?;
    let changes_json = if bulk.is_empty() {
        rows_json
    } else {
        format!("{{\"rows\":{rows_json},\"bulk\":[{}]}}", bulk.join(","))
    };
    // A new command ends this user's redo; other people's undone entries stay theirs.
    db.conn.execute(
        "DELETE FROM journal WHERE undone = 1 AND user IN (?1, '')",
        [user],
    )?;
    db.conn.execute(
        "INSERT INTO journal(at, summary, command, changes, user) VALUES (?1, ?2, ?3, ?4, ?5)",
        (
            at.format(JOURNAL_TIME).to_string(),
            summary,
            command,
            changes_json,
            user,
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
        return Err(Error::Storage(format!(
            "journal names unknown table {table:?}"
        )));
    }
    let known = columns(db.conn, table)?;
    let check_cols = |row: &Map<String, Value>| -> Result<Vec<String>> {
        let cols: Vec<String> = row.keys().cloned().collect();
        if cols.iter().any(|c| !known.contains(c)) {
            return Err(Error::Storage(format!(
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

fn load_changes(db: &Db, entry: i64) -> Result<(Vec<RowChange>, Vec<BulkInsert>)> {
    let text: String =
        db.conn
            .query_row("SELECT changes FROM journal WHERE id = ?1", [entry], |r| {
                r.get(0)
            })?;
    let bad = |e: serde_json::Error| Error::Storage(format!("journal entry {entry}: {e}"));
    if text.trim_start().starts_with('[') {
        Ok((serde_json::from_str(&text).map_err(bad)?, vec![]))
    } else {
        let stored: WithBulk = serde_json::from_str(&text).map_err(bad)?;
        Ok((stored.rows, stored.bulk))
    }
}

fn check_table(table: &str) -> Result<()> {
    if JOURNALED_TABLES.contains(&table) {
        Ok(())
    } else {
        Err(Error::Storage(format!(
            "journal names unknown table {table:?}"
        )))
    }
}

fn undo_bulk(db: &Db, b: &BulkInsert) -> Result<()> {
    check_table(&b.table)?;
    let deleted = db.conn.execute(
        &format!("DELETE FROM {} WHERE id BETWEEN ?1 AND ?2", b.table),
        [b.first_id, b.last_id],
    )?;
    if deleted as i64 != b.last_id - b.first_id + 1 {
        return Err(Error::Storage(format!(
            "cannot undo: {} rows {}..{} changed since they were added",
            b.table, b.first_id, b.last_id
        )));
    }
    Ok(())
}

fn redo_bulk(db: &Db, b: &BulkInsert) -> Result<()> {
    check_table(&b.table)?;
    let known = columns(db.conn, &b.table)?;
    if b.columns.iter().any(|c| !known.contains(c)) {
        return Err(Error::Storage(format!(
            "journal row for {} has unknown columns",
            b.table
        )));
    }
    let rows: Vec<Vec<Value>> =
        serde_json::from_str(b.rows.get()).map_err(|e| Error::Storage(format!("journal: {e}")))?;
    let marks: Vec<String> = (1..=b.columns.len()).map(|i| format!("?{i}")).collect();
    let mut stmt = db.conn.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        b.table,
        b.columns.join(", "),
        marks.join(", ")
    ))?;
    for row in rows {
        stmt.execute(rusqlite::params_from_iter(row.iter().map(to_sql)))?;
    }
    Ok(())
}

/// The rows a journal entry touched: (table, id) of each row image, and the id ranges of its
/// bulk inserts.
struct Touched {
    rows: std::collections::HashSet<(String, i64)>,
    ranges: Vec<(String, i64, i64)>,
}

impl Touched {
    fn of(rows: &[RowChange], bulk: &[BulkInsert]) -> Touched {
        Touched {
            rows: rows
                .iter()
                .filter(|c| c.table != "counter")
                .map(|c| (c.table.clone(), c.id))
                .collect(),
            ranges: bulk
                .iter()
                .map(|b| (b.table.clone(), b.first_id, b.last_id))
                .collect(),
        }
    }

    fn contains(&self, table: &str, id: i64) -> bool {
        self.rows.contains(&(table.to_string(), id))
            || self
                .ranges
                .iter()
                .any(|(t, a, b)| t == table && (*a..=*b).contains(&id))
    }

    fn meets(&self, other: &Touched) -> bool {
        other.rows.iter().any(|(t, id)| self.contains(t, *id))
            || other.ranges.iter().any(|(t, a, b)| {
                self.rows
                    .iter()
                    .any(|(u, id)| u == t && (*a..=*b).contains(id))
                    || self
                        .ranges
                        .iter()
                        .any(|(u, c, d)| u == t && a <= d && c <= b)
            })
    }
}

/// Refuse to undo or redo `entry` when a later change by someone else, still in effect,
/// touched the same rows: winding it back would silently undo part of their work too.
fn refuse_if_others_touched(
    db: &Db,
    entry: i64,
    summary: &str,
    user: &str,
    mine: &Touched,
    doing: &str,
) -> Result<()> {
    let mut stmt = db.conn.prepare(
        "SELECT id, at, summary, user FROM journal
         WHERE id > ?1 AND undone = 0 AND user NOT IN (?2, '') ORDER BY id",
    )?;
    let later: Vec<(i64, String, String, String)> = stmt
        .query_map((entry, user), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<std::result::Result<_, _>>()?;
    for (id, at, theirs, who) in later {
        let (rows, bulk) = load_changes(db, id)?;
        if mine.meets(&Touched::of(&rows, &bulk)) {
            return Err(Error::Conflict(format!(
                "cannot {doing} {summary:?}: {who} changed the same records after it ({at}: {theirs:?}); nothing was changed"
            )));
        }
    }
    Ok(())
}

/// A constraint that fails while winding back (a later change depends on a row) is a
/// conflict with that change, not a storage failure.
fn winding(e: Error, doing: &str, summary: &str) -> Error {
    match e {
        Error::Storage(m) if m.contains("constraint failed") => Error::Conflict(format!(
            "cannot {doing} {summary:?}: later changes depend on it ({m}); nothing was changed"
        )),
        other => other,
    }
}

/// A journal entry to wind back or forth: its id, summary, row changes and bulk inserts.
type Picked = (i64, String, Vec<RowChange>, Vec<BulkInsert>);

/// This user's entry to undo (the newest not undone) or to redo (the oldest undone), its
/// changes, after checking that nobody else changed the same records since.
fn pick(db: &Db, user: &str, doing: &str) -> Result<Option<Picked>> {
    let sql = if doing == "undo" {
        "SELECT id, summary FROM journal WHERE undone = 0 AND user IN (?1, '')
         ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT id, summary FROM journal WHERE undone = 1 AND user IN (?1, '')
         ORDER BY id LIMIT 1"
    };
    let found: Option<(i64, String)> = db
        .conn
        .query_row(sql, [user], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((entry, summary)) = found else {
        return Ok(None);
    };
    let (rows, bulk) = load_changes(db, entry)?;
    let touched = Touched::of(&rows, &bulk);
    refuse_if_others_touched(db, entry, &summary, user, &touched, doing)?;
    Ok(Some((entry, summary, rows, bulk)))
}

pub(crate) fn undo(db: &Db, user: &str) -> Result<Option<String>> {
    let Some((entry, summary, rows, bulk)) = pick(db, user, "undo")? else {
        return Ok(None);
    };
    (|| {
        for b in bulk.iter().rev() {
            undo_bulk(db, b)?;
        }
        for c in rows.iter().rev().filter(|c| c.table != "counter") {
            restore(db, &c.table, c.id, c.after.as_ref(), c.before.as_ref())?;
        }
        Ok(())
    })()
    .map_err(|e| winding(e, "undo", &summary))?;
    db.conn
        .execute("UPDATE journal SET undone = 1 WHERE id = ?1", [entry])?;
    clear_pending_if_any(db)?;
    Ok(Some(summary))
}

pub(crate) fn redo(db: &Db, user: &str) -> Result<Option<String>> {
    let Some((entry, summary, rows, bulk)) = pick(db, user, "redo")? else {
        return Ok(None);
    };
    (|| {
        for c in rows.iter().filter(|c| c.table != "counter") {
            restore(db, &c.table, c.id, c.before.as_ref(), c.after.as_ref())?;
        }
        for b in &bulk {
            redo_bulk(db, b)?;
        }
        Ok(())
    })()
    .map_err(|e| winding(e, "redo", &summary))?;
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

/// A journal row as selected by `history` and `history_of`: id, at, summary, undone, user.
fn entry_row(r: &rusqlite::Row) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        summary: r.get(2)?,
        undone: r.get(3)?,
        user: r.get(4)?,
    })
}

/// The tables [`Db::as_it_stood`] winds back: enough to schedule the plan as it was.
const PLAN_TABLES: &[&str] = &["program", "holiday", "workstream", "task", "dep"];

impl Db<'_> {
    /// Read the plan (program, calendar, workstreams, tasks and links) as it stood at `at`,
    /// journal time: inside a savepoint, every later change to those tables is undone, newest
    /// first, `read` runs, and everything is rolled back. Nothing is written. `None` when
    /// nothing was journaled since (the plan then is the plan now). Changes that were never
    /// journaled (a bulk `import`) cannot be wound back.
    pub fn as_it_stood<T>(
        &self,
        at: chrono::NaiveDateTime,
        read: impl FnOnce(&Db) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM journal WHERE at > ?1 AND undone = 0 ORDER BY id DESC")?;
        let later: Vec<i64> = stmt
            .query_map([at.format(JOURNAL_TIME).to_string()], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        if later.is_empty() {
            return Ok(None);
        }
        self.conn.execute_batch("SAVEPOINT as_it_stood")?;
        let result = (|| {
            // Rows of other tables (RAID links, baselines) may still point at tasks added
            // later; the savepoint is rolled back, so their foreign keys are never checked.
            self.conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            for entry in later {
                let (rows, bulk) = load_changes(self, entry)?;
                for b in bulk
                    .iter()
                    .rev()
                    .filter(|b| PLAN_TABLES.contains(&b.table.as_str()))
                {
                    undo_bulk(self, b)?;
                }
                for c in rows
                    .iter()
                    .rev()
                    .filter(|c| PLAN_TABLES.contains(&c.table.as_str()))
                {
                    restore(self, &c.table, c.id, c.after.as_ref(), c.before.as_ref())?;
                }
            }
            read(self)
        })();
        self.conn
            .execute_batch("ROLLBACK TO as_it_stood; RELEASE as_it_stood")?;
        result.map(Some)
    }

    /// An item's change history, newest first: each journal entry that names `key` with the
    /// fields it changed on the item's own row, old and new (money as amounts, not cents).
    pub fn changes_of(&self, key: &str, limit: usize) -> Result<Vec<Changes>> {
        let mut out = vec![];
        for entry in self.history_of(key, limit)? {
            let (rows, _) = load_changes(self, entry.id)?;
            let own = |image: &Option<Map<String, Value>>| {
                image
                    .as_ref()
                    .is_some_and(|m| m.get("key").and_then(Value::as_str) == Some(key))
            };
            let mut fields = vec![];
            let mut links = false;
            for c in &rows {
                if !(own(&c.before) || own(&c.after)) {
                    links |= matches!(c.table.as_str(), "dep" | "raid_task");
                    continue;
                }
                match (&c.before, &c.after) {
                    (None, Some(_)) => fields.push(("added".into(), String::new(), String::new())),
                    (Some(_), None) => {
                        fields.push(("deleted".into(), String::new(), String::new()))
                    }
                    (Some(before), Some(after)) => {
                        for (column, new) in after {
                            let old = before.get(column).unwrap_or(&Value::Null);
                            if old != new && !matches!(column.as_str(), "id" | "number") {
                                fields.push((
                                    column.replace('_', " "),
                                    shown_value(column, old),
                                    shown_value(column, new),
                                ));
                            }
                        }
                    }
                    (None, None) => {}
                }
            }
            if links {
                fields.push(("links".into(), String::new(), "changed".into()));
            }
            out.push(Changes { entry, fields });
        }
        Ok(out)
    }

    /// The journal, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, summary, undone, user FROM journal ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], entry_row)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Journal entries that name `key` (`updated task PLT-1`, `closed R-3 as closed`), newest
    /// first: an item's change history. `R-1` does not match `R-10`.
    pub fn history_of(&self, key: &str, limit: usize) -> Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, summary, undone, user FROM journal WHERE instr(summary, ?1) > 0 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([key], entry_row)?;
        let names_key = |summary: &str| {
            summary.match_indices(key).any(|(i, _)| {
                let before = summary[..i].chars().next_back();
                let after = summary[i + key.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            })
        };
        let mut out = vec![];
        for row in rows {
            let entry = row?;
            if names_key(&entry.summary) {
                out.push(entry);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Forget the journal (after an import replaces the program).
    pub(crate) fn clear_journal(&self) -> Result<()> {
        self.conn.execute("DELETE FROM journal", [])?;
        Ok(())
    }
}
