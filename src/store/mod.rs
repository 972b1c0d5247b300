//! The store: one SQLite file through rusqlite, the only module with SQL.
//!
//! [`Store::open`] opens an existing milepost file (refusing files that are not ours or come from
//! a newer milepost, and backing the file up before migrating an older one); [`Store::create`]
//! makes a new one. Reads go through [`Db`] from [`Store::read`]; writes happen only inside
//! [`Store::journaled_with`] (one `BEGIN IMMEDIATE` transaction plus a journal entry for undo) or
//! [`Store::bulk`] (import: one transaction, no journal).

mod items;
pub mod journal;
mod load;
pub mod pages;
mod program;
mod reports;
pub mod schema;
mod tasks;

pub use journal::JournalEntry;
pub use schema::{APPLICATION_ID, latest_version};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open milepost database.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Storage(format!("database: {e}"))
    }
}

/// Remove a database file and its WAL and shared-memory files, where they exist.
pub fn remove_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p)
                .map_err(|e| Error::io(format!("cannot remove {}", p.display()), e))?;
        }
    }
    Ok(())
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    capture_ready: bool,
}

/// A view of the database for queries and (inside a transaction) writes.
pub struct Db<'c> {
    conn: &'c Connection,
}

impl Store {
    /// Open an existing milepost database. A missing file is an error, never created here.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Database(format!(
                "database {} does not exist (create one with `milepost init NAME`, `milepost demo` or `milepost import FILE`)",
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::Storage(format!("cannot open {}: {e}", path.display())))?;
        // Identify the file before changing anything in it.
        let not_ours = || {
            Error::Database(format!(
                "{} is not a milepost database; it was left untouched",
                path.display()
            ))
        };
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| not_ours())?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| not_ours())?;
        if app_id != APPLICATION_ID {
            return Err(not_ours());
        }
        if version > latest_version() {
            return Err(Error::Database(format!(
                "{} was written by a newer milepost (schema {version}, this one knows up to {}); it was left untouched",
                path.display(),
                latest_version()
            )));
        }
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            capture_ready: false,
        };
        if version < latest_version() {
            let backup = backup_path(path, &format!("schema{version}"));
            store.backup_to(&backup)?;
            store.migrate()?;
        }
        Ok(store)
    }

    /// Create a new database file; refuses to touch an existing one.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(Error::Conflict(format!(
                "{} already exists; milepost will not overwrite it",
                path.display()
            )));
        }
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        }
        let conn = Connection::open(path)
            .map_err(|e| Error::Storage(format!("cannot create {}: {e}", path.display())))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            capture_ready: false,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        schema::migrations()
            .to_latest(&mut self.conn)
            .map_err(|e| Error::Storage(format!("migrating {}: {e}", self.path.display())))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queries on the committed state.
    pub fn read(&self) -> Db<'_> {
        Db { conn: &self.conn }
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction and record its row changes as one journal
    /// entry (for undo). On any error nothing is written.
    /// `f` returns the one-line summary that `history` shows for the entry.
    pub fn journaled_with(
        &mut self,
        command: &str,
        at: chrono::NaiveDateTime,
        f: impl FnOnce(&Db) -> Result<String>,
    ) -> Result<()> {
        if !self.capture_ready {
            journal::install_capture(&self.conn)?;
            self.capture_ready = true;
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let db = Db { conn: &tx };
        journal::clear_pending(&db)?;
        let summary = f(&db)?;
        journal::record(&db, &summary, command, at)?;
        tx.commit()?;
        Ok(())
    }

    /// Run `f` in one transaction without journaling (bulk import).
    ///
    /// A bulk write into a WAL database would write every page twice (log, then checkpoint), so
    /// when no other connection is open the file switches to a rollback journal for the
    /// duration, which barely journals the pages of an empty database, then back to WAL.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let switched = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&Db { conn: &tx })?;
            tx.commit()?;
            Ok(value)
        })();
        if switched {
            let _mode: String = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        result
    }

    /// Undo the newest journal entry not yet undone; returns its summary, or `None`.
    pub fn undo(&mut self) -> Result<Option<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let summary = journal::undo(&Db { conn: &tx })?;
        tx.commit()?;
        Ok(summary)
    }

    /// Redo the oldest undone journal entry; returns its summary, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let summary = journal::redo(&Db { conn: &tx })?;
        tx.commit()?;
        Ok(summary)
    }

    /// Write a consistent copy of the database to `dest` (which must not exist).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::Conflict(format!(
                "{} already exists; choose another backup file",
                dest.display()
            )));
        }
        let dest_text = dest
            .to_str()
            .ok_or_else(|| Error::invalid("file", dest.display(), "path is not valid UTF-8"))?;
        self.conn.execute("VACUUM INTO ?1", [dest_text])?;
        Ok(())
    }

    /// Mark the file as the built-in demo, so that `demo` may rebuild it.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// SQLite's `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`; returns the problems found.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = vec![];
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "table {} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }
}

/// A free file name beside `path` for a backup: `NAME.TAG.bak`, numbered if taken.
pub fn backup_path(path: &Path, tag: &str) -> PathBuf {
    let base = path.to_string_lossy().to_string();
    let mut candidate = PathBuf::from(format!("{base}.{tag}.bak"));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{base}.{tag}.{n}.bak"));
    }
    candidate
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Up to 128 MiB of page cache (used only as pages are touched): large imports insert into
    // indexes at random places, and a small cache spills and re-reads pages all the time.
    conn.pragma_update(None, "cache_size", -131_072)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

impl Db<'_> {
    /// Take the next number for an item prefix (`R`, `SP`, ...), advancing the counter.
    pub fn next_number(&self, prefix: &str) -> Result<i64> {
        let next: Option<i64> = self
            .conn
            .query_row(
                "SELECT next FROM counter WHERE prefix = ?1",
                [prefix],
                |r| r.get(0),
            )
            .optional()?;
        let n = next.unwrap_or(1);
        self.conn.execute(
            "INSERT INTO counter(prefix, next) VALUES (?1, ?2)
             ON CONFLICT(prefix) DO UPDATE SET next = excluded.next",
            (prefix, n + 1),
        )?;
        Ok(n)
    }

    /// Set a counter so that the next number is above every existing one (after import).
    pub(crate) fn raise_counter(&self, prefix: &str, at_least: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO counter(prefix, next) VALUES (?1, ?2)
             ON CONFLICT(prefix) DO UPDATE SET next = MAX(next, excluded.next)",
            (prefix, at_least),
        )?;
        Ok(())
    }

    /// True when the program holds nothing at all (no program row).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM program", [], |r| r.get(0))?;
        Ok(n == 0)
    }
}
