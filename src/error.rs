//! Typed errors inside, one clear line at the edge.
//!
//! Every error names what went wrong in the user's words: the field, the value and the reason.
//! [`Error::exit_code`] maps them to the CLI's exit status: 2 for bad input (validation, unknown
//! key, cycle, conflict with existing data), 1 for everything else (storage, I/O). No storage
//! library's type appears here: the store maps its own errors.

use std::fmt;

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the user gave is not acceptable for a field.
    #[error("{field} {}: {reason}", quoted(value))]
    Validation {
        field: String,
        value: String,
        reason: String,
    },
    /// A key that names nothing in the program.
    #[error("{what} {}: not found", quoted(key))]
    NotFound { what: &'static str, key: String },
    /// The request is well formed but clashes with the data (a duplicate, a dependent item).
    #[error("{0}")]
    Conflict(String),
    /// A dependency that would close a cycle; the message names the cycle.
    #[error("dependency cycle: {0}")]
    Cycle(String),
    /// A program file (import) with one or more errors, each with its JSON path.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// A save from a form whose record someone else changed since the form opened; nothing
    /// was written. `changes` lists (field, value when the form opened, value now).
    #[error("{record} was changed elsewhere since you opened it ({}); nothing was saved", stale_list(.changes))]
    Stale {
        record: String,
        changes: Vec<(String, String, String)>,
    },
    /// The database file is missing, not ours, or from a newer milepost.
    #[error("{0}")]
    Database(String),
    /// The storage failed underneath (SQLite, a damaged journal): not the user's input. The
    /// store turns its library's errors into this, so nothing above it sees them.
    #[error("{0}")]
    Storage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// The most error lines printed for one failure (an import can find thousands).
pub const MAX_ERROR_LINES: usize = 50;
/// The longest error line printed, in characters; a longer one is cut with a count.
pub const MAX_ERROR_LINE: usize = 400;

fn stale_list(changes: &[(String, String, String)]) -> String {
    changes
        .iter()
        .map(|(field, was, now)| format!("{field} {was} → {now}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Quote a user value for an error line, escaping control characters so that the line stays
/// one line and the terminal never receives raw escapes.
fn quoted(value: &str) -> String {
    format!("{value:?}")
}

impl Error {
    /// Shorthand for a validation error.
    pub fn invalid(
        field: impl Into<String>,
        value: impl fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::Validation {
            field: field.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            key: key.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// Exit status for the CLI: 2 for bad input, 1 for other failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Validation { .. }
            | Error::NotFound { .. }
            | Error::Conflict(_)
            | Error::Cycle(_)
            | Error::Invalid(_)
            | Error::Stale { .. }
            | Error::Database(_) => 2,
            Error::Storage(_) | Error::Io { .. } => 1,
        }
    }

    /// Print the error on stderr as `error: ...` lines and give the exit status. At most
    /// [`MAX_ERROR_LINES`] lines of at most [`MAX_ERROR_LINE`] characters each, then a count of
    /// the rest; characters that could drive a terminal are shown escaped.
    pub fn report(&self) -> i32 {
        use std::io::Write;
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        for line in self.report_lines() {
            let _ = writeln!(err, "error: {line}");
        }
        self.exit_code()
    }

    /// The lines [`Error::report`] prints, without the `error: ` prefix.
    pub fn report_lines(&self) -> Vec<String> {
        let lines = self.lines();
        let total = lines.len();
        let mut out: Vec<String> = lines
            .iter()
            .take(MAX_ERROR_LINES)
            .map(|l| {
                let l = crate::domain::text::clip(l, MAX_ERROR_LINE);
                crate::domain::text::terminal_safe(&l).replace('\n', "\\n")
            })
            .collect();
        if total > MAX_ERROR_LINES {
            out.push(format!(
                "... and {} more errors (fix these first)",
                total - MAX_ERROR_LINES
            ));
        }
        out
    }

    /// Error lines for the user, each to be printed after `error: `.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid(errors) => errors.clone(),
            other => vec![other.to_string()],
        }
    }
}
