//! The database as a file: telling apart what can be wrong with one before SQLite touches it,
//! and making new files (databases, backups) so that a file under its real name is always whole.
//!
//! A new file is written under a temporary name beside the real one (`.NAME.partial-PID`),
//! created with mode 0600, flushed to disk, and only then linked under its real name (never over
//! an existing file). A process killed at any point leaves at most a temporary file, never a stub
//! under the real name.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The first 16 bytes of every SQLite database.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the header of an existing file says, read without SQLite.
pub(crate) struct Header {
    pub application_id: i32,
    pub user_version: i64,
}

/// How milepost may use an existing database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Writable,
    /// Read-only: the file's permissions do not let this user write it.
    File,
    /// Read-only: the file sits on a read-only filesystem.
    Filesystem,
    /// Read-only: the folder holding the file is (SQLite needs to create files beside it).
    Folder,
}

impl Access {
    /// Why writes are refused, for the message; `None` when they are not.
    pub fn why_read_only(self) -> Option<&'static str> {
        match self {
            Access::Writable => None,
            Access::File => Some("the file is read-only"),
            Access::Filesystem => Some("it is on a read-only filesystem"),
            Access::Folder => Some("its folder is read-only"),
        }
    }
}

/// Read the header of an existing file and say plainly what it is when it is not a milepost
/// database: missing, a folder, empty, not SQLite, or another application's SQLite file.
pub(crate) fn identify(path: &Path, application_id: i32) -> Result<Header> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Database(format!(
                "database {shown} does not exist (create one with `milepost init NAME`, `milepost demo` or `milepost import FILE`)"
            )));
        }
        Err(e) => return Err(Error::io(format!("cannot read {shown}"), e)),
    };
    if meta.is_dir() {
        return Err(Error::Database(format!(
            "{shown} is a folder, not a milepost database"
        )));
    }
    if meta.len() == 0 {
        return Err(Error::Database(format!(
            "{shown} is empty (0 bytes), not a milepost database; it was left untouched (remove it, or restore a backup over it)"
        )));
    }
    let mut header = [0u8; 100];
    let read = File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut header))
        .map_err(|e| Error::io(format!("cannot read {shown}"), e))?;
    if read < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(Error::Database(format!(
            "{shown} is not a milepost database (not an SQLite file, or its header is damaged); it was left untouched"
        )));
    }
    let be32 = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let found = Header {
        application_id: be32(68),
        user_version: i64::from(be32(60)),
    };
    if found.application_id != application_id {
        return Err(Error::Database(format!(
            "{shown} is not a milepost database: it is another application's SQLite file (application id {}); it was left untouched",
            found.application_id
        )));
    }
    Ok(found)
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether this process may write the file and the folder SQLite keeps its WAL files in.
pub(crate) fn access(path: &Path) -> Access {
    const EROFS: i32 = 30;
    match OpenOptions::new().read(true).write(true).open(path) {
        Ok(_) => {}
        Err(e) if e.raw_os_error() == Some(EROFS) => return Access::Filesystem,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Access::File;
        }
        Err(e) if e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
            return Access::Filesystem;
        }
        Err(_) => return Access::File,
    }
    // SQLite creates `-wal` and `-shm` beside the file; when they exist already, the folder
    // need not be writable.
    let wal = sibling(path, "-wal");
    let shm = sibling(path, "-shm");
    if wal.exists() && shm.exists() {
        return Access::Writable;
    }
    // A probe file of this process and this call (two connections of one process, as the
    // workbench opens, may ask at the same moment).
    let probe = temporary_beside(&folder(path).join(".milepost-probe"));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Access::Writable
        }
        Err(e) if e.raw_os_error() == Some(EROFS) => Access::Filesystem,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Access::Writable,
        Err(_) => Access::Folder,
    }
}

/// `PATH` + `suffix`, as SQLite names its side files.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A fresh temporary name beside `path`, for a file that becomes `path` when it is whole.
pub(crate) fn temporary_beside(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "milepost.db".into());
    folder(path).join(format!(
        ".{name}.partial-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Remove temporary files a killed milepost left beside `path` (`.NAME.partial-PID-N` whose
/// process is gone). Only where `/proc` tells which processes run; elsewhere they stay.
pub(crate) fn sweep_partials(path: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let prefix = format!(".{name}.partial-");
    let Ok(entries) = std::fs::read_dir(folder(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split(['-', '.']).next().unwrap_or("");
        if !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Create an empty file readable and writable by its owner only (0600).
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Flush a whole file to disk.
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    OpenOptions::new().read(true).open(path)?.sync_all()
}

/// Give the finished temporary file `tmp` its real name `dest`, never replacing a file that
/// appeared there meanwhile, and flush the folder so that the name survives a crash.
pub(crate) fn publish(tmp: &Path, dest: &Path) -> Result<()> {
    let taken = || {
        Error::Conflict(format!(
            "{} already exists; milepost will not overwrite it",
            dest.display()
        ))
    };
    match std::fs::hard_link(tmp, dest) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_with_side_files(tmp);
            return Err(taken());
        }
        // A filesystem without hard links: check, then rename.
        Err(_) => {
            if dest.exists() {
                remove_with_side_files(tmp);
                return Err(taken());
            }
            std::fs::rename(tmp, dest)
                .map_err(|e| Error::io(format!("cannot create {}", dest.display()), e))?;
        }
    }
    if let Ok(dir) = File::open(folder(dest)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Remove a temporary file and any journal files SQLite left beside it.
pub(crate) fn remove_with_side_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

/// The newest backup of `path` in its folder (`NAME.*.bak`), by modification time.
pub(crate) fn newest_backup(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().to_string();
    let entries = std::fs::read_dir(folder(path)).ok()?;
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(&format!("{name}.")) && n.ends_with(".bak")
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.len() > 0))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
}
