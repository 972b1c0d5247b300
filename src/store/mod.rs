//! The store: one SQLite file through rusqlite, the only module with SQL.
//!
//! [`Store::open`] opens an existing milepost file (refusing files that are not ours or come from
//! a newer milepost, and backing the file up before migrating an older one); [`Store::create`]
//! makes a new one. Reads go through [`Db`] from [`Store::read`]; writes happen only inside
//! [`Store::journaled_with`] (one `BEGIN IMMEDIATE` transaction plus a journal entry for undo) or
//! [`Store::bulk`] (import: one transaction, no journal).

mod file;
mod items;
pub mod journal;
mod load;
pub mod pages;
mod program;
mod reports;
pub mod schema;
mod tasks;

pub use journal::JournalEntry;
pub use reports::MoneyColumn;
pub use schema::{APPLICATION_ID, latest_version};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode;
        let code = match &e {
            rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
            _ => None,
        };
        match code {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Storage(format!(
                "the database is busy: another milepost has been writing to it for over {} s (a large import?); nothing was changed, try again when it is done",
                BUSY_WAIT.as_secs()
            )),
            Some(ErrorCode::ReadOnly) => {
                Error::Storage("the database is read-only here; nothing was changed".into())
            }
            Some(ErrorCode::DiskFull) => {
                Error::Storage("the disk is full; nothing was changed".into())
            }
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Storage(format!(
                "{DAMAGED} ({e}); run `milepost check` and restore the newest backup"
            )),
            _ => Error::Storage(format!("database: {e}")),
        }
    }
}

/// The page cache of a connection (negative: KiB), used only as pages are touched.
const CACHE_KIB: i64 = -131_072;
/// The page cache during a bulk import.
const BULK_CACHE_KIB: i64 = -393_216;

/// How a damaged-file error begins, wherever SQLite found the damage.
const DAMAGED: &str = "the database file is damaged";

/// A damaged file: what SQLite found, that milepost will not write to it, and the newest
/// backup beside it.
fn damaged(path: &Path, problem: &str) -> Error {
    let backup = match file::newest_backup(path) {
        Some(b) => format!(
            "; the newest backup is {} (copy it over the file to restore it)",
            b.display()
        ),
        None => "; no backup was found beside it".into(),
    };
    Error::Storage(format!(
        "{} is damaged ({}), so milepost will not write to it; reads and export still try{backup}",
        path.display(),
        crate::domain::text::clip(problem, 160)
    ))
}

/// How long a write waits for another process's write to finish. Readers never wait (WAL);
/// a writer waits out a whole bulk import of 100k tasks rather than fail.
pub const BUSY_WAIT: Duration = Duration::from_secs(60);

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

/// An open milepost database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    capture_ready: bool,
    access: file::Access,
    /// `quick_check` passed (or the file is new): writes may go ahead.
    verified: bool,
    /// Who the journal names as the author of this connection's changes.
    user: String,
}

/// A view of the database for queries and (inside a transaction) writes.
pub struct Db<'c> {
    conn: &'c Connection,
}

impl Db<'_> {
    /// Run a statement, prepared once per connection and kept: commands and imports run the
    /// same few statements thousands of times, and preparing them anew dominated the time.
    fn run(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.conn.prepare_cached(sql)?.execute(params)
    }

    /// Query one row with a kept statement (see [`Db::run`]).
    fn one<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.conn.prepare_cached(sql)?.query_row(params, f)
    }
}

/// The person changes are recorded for: `$MILEPOST_USER`, else the login name.
pub fn current_user() -> String {
    ["MILEPOST_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

impl Store {
    /// Open an existing milepost database. A missing file is an error, never created here.
    ///
    /// The header is read first, without SQLite, so that a file that is not ours is named for
    /// what it is (missing, empty, not SQLite, another application's) and left untouched. A file
    /// this user cannot write is opened read-only: reads and `export` work, writes are refused
    /// saying why.
    pub fn open(path: &Path) -> Result<Store> {
        let header = file::identify(path, APPLICATION_ID)?;
        // The header's version; once open, SQLite's (a migration still in the WAL is newer
        // than the header) decides.
        let mut version = header.user_version;
        if version > latest_version() {
            return Err(Error::Database(format!(
                "{} was written by a newer milepost (schema {version}, this one knows up to {}); it was left untouched",
                path.display(),
                latest_version()
            )));
        }
        let access = file::access(path);
        if let Some(why) = access.why_read_only()
            && version < latest_version()
        {
            return Err(Error::Storage(format!(
                "{} comes from an older milepost and must be upgraded, but {why}; copy it somewhere writable first",
                path.display()
            )));
        }
        if access == file::Access::Writable {
            // A run killed between naming a new file and removing its temporary name leaves
            // the temporary one behind.
            file::sweep_partials(path);
        }
        let conn = match access {
            file::Access::Writable => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
            _ => open_read_only(path),
        }
        .map_err(|e| Error::Storage(format!("cannot open {}: {e}", path.display())))?;
        configure(&conn, access == file::Access::Writable).map_err(|e| match e {
            Error::Storage(m) if m.starts_with(DAMAGED) => damaged(path, &m),
            other => other,
        })?;
        version = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or(version);
        if version > latest_version() {
            return Err(Error::Database(format!(
                "{} was written by a newer milepost (schema {version}, this one knows up to {}); it was left untouched",
                path.display(),
                latest_version()
            )));
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            capture_ready: false,
            access,
            verified: false,
            user: current_user(),
        };
        if version < latest_version() {
            store.ensure_writable()?;
            let backup = backup_path(path, &format!("schema{version}"));
            store.backup_to(&backup)?;
            store.migrate()?;
        }
        Ok(store)
    }

    /// Create a new, empty program file; refuses to touch an existing one. See
    /// [`Store::create_with`].
    pub fn create(path: &Path) -> Result<Store> {
        Store::create_with(path, |_| Ok(())).map(|(store, ())| store)
    }

    /// Create a new database at `path` and fill it with `fill`, so that `path` holds either
    /// nothing or the whole filled file: the file is built under a temporary name beside it
    /// (mode 0600, rollback journal, as nobody else can see it), flushed, then linked under
    /// its real name (never over an existing file) and opened again in WAL mode. On any
    /// error, or if the process dies, no file appears under `path`.
    pub fn create_with<T>(
        path: &Path,
        fill: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<(Store, T)> {
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
        file::sweep_partials(path);
        let tmp = file::temporary_beside(path);
        let built = (|| {
            file::create_private(&tmp)
                .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
            let conn = Connection::open(&tmp)
                .map_err(|e| Error::Storage(format!("cannot create {}: {e}", path.display())))?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            conn.busy_timeout(BUSY_WAIT)?;
            let _mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            // Nobody else can see the file, and it is flushed before it gets its name.
            conn.pragma_update(None, "synchronous", "OFF")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.set_prepared_statement_cache_capacity(128);
            conn.pragma_update(None, "cache_size", CACHE_KIB)?;
            conn.pragma_update(None, "temp_store", "MEMORY")?;
            let mut store = Store {
                conn,
                path: tmp.clone(),
                capture_ready: false,
                access: file::Access::Writable,
                verified: true,
                user: current_user(),
            };
            store.migrate()?;
            let value = fill(&mut store)?;
            let _mode: String = store
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            let Store { conn, .. } = store;
            conn.close().map_err(|(_, e)| Error::from(e))?;
            file::sync_file(&tmp)
                .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
            Ok(value)
        })();
        let value = match built {
            Ok(v) => v,
            Err(e) => {
                file::remove_with_side_files(&tmp);
                return Err(e);
            }
        };
        file::publish(&tmp, path)?;
        let mut store = Store::open(path)?;
        store.verified = true;
        Ok((store, value))
    }

    /// Who the journal names for this connection's changes (tests, and two people on one
    /// machine, set it; else [`current_user`]).
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
    }

    /// Refuse a write when the file cannot take one: read-only, or damaged. The first write of
    /// a connection runs SQLite's `quick_check`; a file that fails it is refused for writing,
    /// naming the newest backup beside it.
    fn ensure_writable(&mut self) -> Result<()> {
        if let Some(why) = self.access.why_read_only() {
            return Err(Error::Storage(format!(
                "{} is read-only ({why}): reads and export work, changes are refused",
                self.path.display()
            )));
        }
        if self.verified {
            return Ok(());
        }
        let problem: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .unwrap_or_else(|e| e.to_string());
        if problem != "ok" {
            return Err(damaged(&self.path, &problem));
        }
        self.verified = true;
        Ok(())
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

    /// Run `f` in a transaction that is always rolled back: what a command would do, checked
    /// against the data as it is (`--dry-run`), with nothing written.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let value = f(&Db { conn: &tx });
        tx.rollback()?;
        value
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
        self.ensure_writable()?;
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
        journal::record(&db, &summary, command, at, &self.user)?;
        tx.commit()?;
        Ok(())
    }

    /// Run `f` in one transaction without journaling (bulk import). The file stays in WAL
    /// mode, so readers in other processes go on reading the program as it was until the
    /// import commits.
    ///
    /// The page cache grows for the import: pages that spill from the cache mid-transaction go
    /// to the WAL, and a page spilled and changed again is written there again.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.ensure_writable()?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&Db { conn: &tx })?;
            tx.commit()?;
            Ok(value)
        })();
        self.conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        result
    }

    /// Undo this user's newest journal entry not yet undone; returns its summary, or `None`.
    /// Refuses, naming it, when a later change by someone else touched the same records.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.ensure_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let summary = journal::undo(&Db { conn: &tx }, &self.user)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Redo this user's oldest undone journal entry; returns its summary, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.ensure_writable()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let summary = journal::redo(&Db { conn: &tx }, &self.user)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Write a consistent copy of the database to `dest` (which must not exist): built under a
    /// temporary name (mode 0600), flushed, then given its name, so that `dest` is never a
    /// stub or a part.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::Conflict(format!(
                "{} already exists; choose another backup file",
                dest.display()
            )));
        }
        file::sweep_partials(dest);
        let tmp = file::temporary_beside(dest);
        let tmp_text = tmp
            .to_str()
            .ok_or_else(|| Error::invalid("file", dest.display(), "path is not valid UTF-8"))?
            .to_string();
        let made = (|| {
            file::create_private(&tmp)
                .map_err(|e| Error::io(format!("cannot create {}", dest.display()), e))?;
            self.conn.execute("VACUUM INTO ?1", [&tmp_text])?;
            file::sync_file(&tmp)
                .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))
        })();
        if let Err(e) = made {
            file::remove_with_side_files(&tmp);
            return Err(e);
        }
        file::publish(&tmp, dest)
    }

    /// Mark the file as the built-in demo, so that `demo` may rebuild it.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.ensure_writable()?;
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

/// Open a file this user cannot write: read-only, and if SQLite cannot make its shared-memory
/// file beside it (a read-only folder or filesystem), as an immutable file.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    if conn
        .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok()
    {
        return Ok(conn);
    }
    drop(conn);
    let uri = format!("file:{}?immutable=1", uri_path(path));
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// A path for an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn configure(conn: &Connection, writable: bool) -> Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    if writable {
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Up to 128 MiB of page cache (used only as pages are touched): large imports insert into
    // indexes at random places, and a small cache spills and re-reads pages all the time.
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

impl Db<'_> {
    /// Take the next number for an item prefix (`R`, `SP`, ...), advancing the counter.
    pub fn next_number(&self, prefix: &str) -> Result<i64> {
        let next: Option<i64> = self
            .one(
                "SELECT next FROM counter WHERE prefix = ?1",
                [prefix],
                |r| r.get(0),
            )
            .optional()?;
        let n = next.unwrap_or(1);
        self.run(
            "INSERT INTO counter(prefix, next) VALUES (?1, ?2)
             ON CONFLICT(prefix) DO UPDATE SET next = excluded.next",
            (prefix, n + 1),
        )?;
        Ok(n)
    }

    /// Set a counter so that the next number is above every existing one (after import).
    pub(crate) fn raise_counter(&self, prefix: &str, at_least: i64) -> Result<()> {
        self.run(
            "INSERT INTO counter(prefix, next) VALUES (?1, ?2)
             ON CONFLICT(prefix) DO UPDATE SET next = MAX(next, excluded.next)",
            (prefix, at_least),
        )?;
        Ok(())
    }

    /// True when the program holds nothing at all (no program row).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.one("SELECT COUNT(*) FROM program", [], |r| r.get(0))?;
        Ok(n == 0)
    }
}
