//! Interchange files: the program JSON, the demo program and the synthetic generator, spend
//! CSV, and the weekly status as JSON and Markdown.

pub mod demo;
pub mod generate;
pub mod ical;
pub mod mspdi;
pub mod program_json;
pub mod sheet;
pub mod spend_csv;
pub mod status_md;

use crate::engine::status::WeeklyStatus;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// What an import did beside the plain copy: (what, how many), in a stable order, and notes
/// that need words rather than a count (the columns a CSV import left out).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub counts: BTreeMap<&'static str, usize>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn add(&mut self, what: &'static str) {
        *self.counts.entry(what).or_insert(0) += 1;
    }

    /// One line per count, for the terminal.
    pub fn lines(&self) -> Vec<String> {
        self.counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(what, n)| format!("{n} {what}"))
            .chain(self.notes.iter().cloned())
            .collect()
    }
}

/// The weekly status as `status export` writes it: pretty JSON with a final newline.
pub fn status_json(status: &WeeklyStatus) -> Result<String> {
    let mut s = serde_json::to_string_pretty(status).map_err(|e| Error::Storage(e.to_string()))?;
    s.push('\n');
    Ok(crate::domain::text::json_safe(s))
}

/// Read a text file for import. A file that is not UTF-8 is bad input (exit 2), named with
/// the offset of the first bad byte; a file that cannot be read is an I/O failure.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            "file",
            path.display(),
            format!(
                "is not UTF-8 text (byte {} is not valid); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Write a file so that it is either the old one or the whole new one: into a temporary file
/// beside it, flushed to disk, then renamed over it, and the folder flushed.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}tmp",
        path.extension()
            .map(|e| format!("{}.", e.to_string_lossy()))
            .unwrap_or_default()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(format!("cannot write {}", tmp.display()), e));
    }
    std::fs::rename(&tmp, path)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    // The rename itself survives a crash once the folder is flushed too.
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
