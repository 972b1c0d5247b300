//! Printing: aligned tables (bold headers on a colour terminal unless NO_COLOR), JSON, and
//! quiet exit on a closed pipe.

use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Output collected by a command, written at the end in one go.
#[derive(Default)]
pub struct Out {
    pub text: String,
    /// No colour codes, whatever the terminal (the workbench's `:` line shows the text).
    pub plain: bool,
}

impl Out {
    /// Output for the workbench: plain text.
    pub fn plain() -> Out {
        Out {
            text: String::new(),
            plain: true,
        }
    }

    /// One line of text; characters that could drive the terminal are shown escaped.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.push(s.as_ref());
        self.text.push('\n');
    }

    /// Text as it is (a file's contents, JSON), with the same escaping as [`Out::line`].
    pub fn push(&mut self, s: &str) {
        self.text.push_str(&crate::domain::text::terminal_safe(s));
    }

    /// A file format with its own line ends (iCalendar's CRLF), already escaped where it
    /// holds user text: as it is into a pipe or a file; on a terminal, CRLF shows as a newline.
    pub fn push_file(&mut self, s: &str) {
        if std::io::stdout().is_terminal() {
            self.push(&s.replace("\r\n", "\n"));
        } else {
            self.text.push_str(s);
        }
    }

    pub fn json<T: Serialize>(&mut self, value: &T) {
        let s = serde_json::to_string_pretty(value).expect("output values always serialize");
        // JSON escapes C0 controls itself, and json_safe the rest: nothing left to escape.
        let s = crate::domain::text::json_safe(s);
        if self.text.is_empty() {
            // The usual case, and at 100k tasks 70 MB not to copy.
            self.text = s;
        } else {
            self.text.push_str(&s);
        }
        self.text.push('\n');
    }

    /// Write to stdout; a closed pipe (`milepost task list | head -1`) is not an error.
    pub fn flush(self) -> std::io::Result<()> {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match lock
            .write_all(self.text.as_bytes())
            .and_then(|_| lock.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// A simple aligned table; numeric columns can be right-aligned.
pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            right: vec![false; headers.len()],
            rows: vec![],
        }
    }

    /// Right-align the named columns (amounts, counts).
    pub fn right(mut self, columns: &[&str]) -> Table {
        for (i, h) in self.headers.iter().enumerate() {
            if columns.contains(&h.as_str()) {
                self.right[i] = true;
            }
        }
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|c| crate::domain::text::for_display(&c))
                .collect(),
        );
    }

    pub fn render(&self, out: &mut Out) {
        if self.rows.is_empty() {
            out.line("(none)");
            return;
        }
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(width(c));
            }
        }
        let fmt_row = |cells: Vec<&str>| -> String {
            let mut line = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i] - width(c);
                if i > 0 {
                    line.push_str("  ");
                }
                if self.right[i] {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    if i + 1 < cells.len() {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            line
        };
        let header = fmt_row(self.headers.iter().map(String::as_str).collect());
        if use_color() && !out.plain {
            // The only escape milepost writes itself: the cells were made safe in `row`.
            let header = crate::domain::text::terminal_safe(&header);
            out.text.push_str(&format!("\x1b[1m{header}\x1b[0m\n"));
        } else {
            out.line(header);
        }
        for row in &self.rows {
            out.line(fmt_row(row.iter().map(String::as_str).collect()));
        }
    }
}

/// An optional value for a table cell.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}
