//! Plans and registers kept in spreadsheets (SPEC §12): CSV files that Excel, Smartsheet,
//! MS Project or Jira wrote, read into tasks (`import --format csv-tasks`) or RAID items
//! (`--format csv-raid`).
//!
//! Headers are matched to fields case-insensitively, with the names those tools use
//! (`Task Name`, `% Complete`, `Resource Names`, ...); `--map HEADER=field` says which field a
//! column fills (or `HEADER=-` to leave it out). Columns that match no field are left out and
//! named in the report. Every bad cell is reported as `line N, column NAME: ...`, all of them
//! together, and a file with any bad cell adds nothing.

pub mod raid;
pub mod tasks;

use super::Report;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};

/// The rows a sheet gave, the header each field was read from, what reading left out, and
/// every bad cell. Rows with bad cells are kept where they can be, so that checks against
/// the program (workstreams, links) report their cells in the same list.
pub struct Sheet<R> {
    pub rows: Vec<R>,
    pub columns: std::collections::BTreeMap<String, String>,
    pub report: Report,
    pub problems: Vec<String>,
}

/// At most this many problems are listed; a file this wrong is not worth reading further.
const MAX_PROBLEMS: usize = 1000;

/// Line numbers from byte offsets, counted incrementally as records are read in order (the csv
/// crate's own line count is off after CRLF line ends).
pub(crate) struct Lines<'a> {
    input: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Lines<'a> {
        Lines {
            input,
            offset: 0,
            line: 1,
        }
    }

    pub(crate) fn at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(self.input.len());
        // A record that follows a CR may be positioned on its LF: start after line ends.
        while byte < self.input.len() && matches!(self.input[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > self.offset {
            self.line += self.input[self.offset..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = byte;
        }
        self.line
    }
}

/// A field a column can fill: its name (as `--map` takes it) and the headers that fill it
/// without a map, lower case.
pub struct Field {
    pub name: &'static str,
    pub headers: &'static [&'static str],
}

/// A header as it is compared: trimmed, without a byte-order mark, lower case, inner runs of
/// white space as one space.
fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Parse `--map` arguments `HEADER=field`.
pub fn parse_maps(maps: &[String]) -> Result<Vec<(String, String)>> {
    maps.iter()
        .map(|m| match m.rsplit_once('=') {
            Some((h, f)) if !h.trim().is_empty() && !f.trim().is_empty() => {
                Ok((normalise(h), f.trim().to_ascii_lowercase()))
            }
            _ => Err(Error::invalid(
                "map",
                m,
                "expected HEADER=field (or HEADER=- to leave a column out)",
            )),
        })
        .collect()
}

/// The file's columns matched to fields.
pub struct Columns {
    /// Per field (in the order of the field list): the column that fills it.
    position: Vec<Option<usize>>,
    /// Per field: the header as the file writes it, for error messages.
    header: Vec<String>,
}

impl Columns {
    /// Match the header row to `fields`, with the user's maps first. Unknown columns go into
    /// the report; a field filled by two columns, a map to an unknown field or a missing
    /// header are errors.
    pub fn match_headers(
        headers: &csv::StringRecord,
        fields: &[Field],
        maps: &[(String, String)],
        report: &mut Report,
    ) -> Result<Columns> {
        let names: Vec<String> = headers.iter().map(normalise).collect();
        let mut errors = vec![];
        for (h, f) in maps {
            if !names.contains(h) {
                errors.push(format!(
                    "--map: the file has no column {h:?} (its columns: {})",
                    names.join(", ")
                ));
            }
            if !matches!(f.as_str(), "-" | "skip") && !fields.iter().any(|x| x.name == f) {
                errors.push(format!(
                    "--map: unknown field {f:?} (fields: {}, or - to leave the column out)",
                    fields.iter().map(|x| x.name).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        let mut columns = Columns {
            position: vec![None; fields.len()],
            header: fields.iter().map(|f| f.name.to_string()).collect(),
        };
        let mut left_out = vec![];
        for (i, name) in names.iter().enumerate() {
            let written = headers
                .get(i)
                .unwrap_or("")
                .trim()
                .trim_start_matches('\u{feff}');
            let field = match maps.iter().find(|(h, _)| h == name) {
                Some((_, f)) if matches!(f.as_str(), "-" | "skip") => continue,
                Some((_, f)) => fields.iter().position(|x| x.name == f),
                None => fields
                    .iter()
                    .position(|x| x.headers.contains(&name.as_str())),
            };
            match field {
                Some(f) if columns.position[f].is_some() => errors.push(format!(
                    "line 1, column {written}: fills {} as column {} does; use --map {written:?}=- or --map to choose",
                    fields[f].name, columns.header[f]
                )),
                Some(f) => {
                    columns.position[f] = Some(i);
                    columns.header[f] = written.to_string();
                }
                None if name.is_empty() => {}
                None => left_out.push(written.to_string()),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        if !left_out.is_empty() {
            report.notes.push(format!(
                "columns left out (no field; --map HEADER=field to read one): {}",
                left_out.join(", ")
            ));
        }
        Ok(columns)
    }

    /// Whether a column fills field `f`.
    pub fn has(&self, f: usize) -> bool {
        self.position[f].is_some()
    }

    /// The cell of field `f` in `record`, trimmed; empty when no column fills it.
    pub fn cell<'r>(&self, record: &'r csv::StringRecord, f: usize) -> &'r str {
        self.position[f]
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .trim()
    }

    /// Field name to the header that fills it, as the file writes it.
    pub fn names(&self, fields: &[Field]) -> std::collections::BTreeMap<String, String> {
        fields
            .iter()
            .zip(&self.header)
            .map(|(f, h)| (f.name.to_string(), h.clone()))
            .collect()
    }

    /// The header of field `f` as the file writes it.
    pub fn header(&self, f: usize) -> &str {
        &self.header[f]
    }
}

/// Every problem with a file, by line and column.
#[derive(Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn cell(&mut self, line: u64, column: &str, e: Error) {
        if self.0.len() <= MAX_PROBLEMS {
            self.0.push(format!("line {line}, column {column}: {e}"));
        }
    }

    pub fn line(&mut self, line: u64, what: impl std::fmt::Display) {
        if self.0.len() <= MAX_PROBLEMS {
            self.0.push(format!("line {line}: {what}"));
        }
    }

    pub fn full(&self) -> bool {
        self.0.len() > MAX_PROBLEMS
    }

    /// The problems, the last saying so when there were too many to read on.
    pub fn into_list(mut self) -> Vec<String> {
        if self.full() {
            self.0.truncate(MAX_PROBLEMS);
            self.0.push("too many errors; stopped reading".into());
        }
        self.0
    }
}

/// One row of a sheet: its line in the file, its number among the data rows (as a
/// spreadsheet numbers them, blank rows included), and its cells by field.
pub struct Row<'r> {
    pub line: u64,
    pub number: u64,
    columns: &'r Columns,
    record: &'r csv::StringRecord,
}

impl Row<'_> {
    /// The cell of field `f`, trimmed; empty when no column fills it.
    pub fn cell(&self, f: usize) -> &str {
        self.columns.cell(self.record, f)
    }

    /// The header of field `f` as the file writes it.
    pub fn header(&self, f: usize) -> &str {
        self.columns.header(f)
    }

    /// Whether a column fills field `f`.
    pub fn has(&self, f: usize) -> bool {
        self.columns.has(f)
    }

    /// The date in the cell of field `f` (named `name` in errors); `None` when empty.
    pub fn date(&self, f: usize, name: &str, day_first: bool) -> Result<Option<NaiveDate>> {
        let c = self.cell(f);
        if c.is_empty() {
            return Ok(None);
        }
        date(name, c, day_first)
            .and_then(|d| plausible(name, c, d))
            .map(Some)
    }
}

/// Read the records of a CSV file after its header row and hand each row that is not blank
/// to `each`, with its line; every malformed record is a problem. The field `required` must
/// have a column. `progress` hears the count of records read now and then.
#[allow(clippy::too_many_arguments)]
pub fn records(
    input: &[u8],
    fields: &[Field],
    required: usize,
    maps: &[(String, String)],
    report: &mut Report,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(Row<'_>, &mut Problems, &mut Report),
) -> Result<Columns> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| Error::Invalid(vec![format!("line 1: {e}")]))?
        .clone();
    let columns = Columns::match_headers(&headers, fields, maps, report)?;
    if !columns.has(required) {
        let field = &fields[required];
        let names: Vec<String> = field.headers.iter().map(|h| title_case(h)).collect();
        return Err(Error::Invalid(vec![format!(
            "line 1: no column for the {} ({}; or --map HEADER={})",
            field.name,
            names.join(", "),
            field.name
        )]));
    }
    each_record(
        &mut reader,
        input,
        problems,
        progress,
        |number, line, record, problems| {
            if record.iter().all(|c| c.trim().is_empty()) {
                report.add("blank rows skipped");
                return;
            }
            if record
                .iter()
                .skip(headers.len())
                .any(|c| !c.trim().is_empty())
            {
                report.add("rows with more cells than the header row (the extra cells left out)");
            }
            let row = Row {
                line,
                number,
                columns: &columns,
                record,
            };
            each(row, problems, report);
        },
    );
    Ok(columns)
}

/// Hand each data record after the header row to `each` with its number (from 1) and its
/// line; a malformed record is a problem of its line. Stops when `problems` is full.
/// `progress` hears the count of records read now and then.
pub(crate) fn each_record(
    reader: &mut csv::Reader<&[u8]>,
    input: &[u8],
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(u64, u64, &csv::StringRecord, &mut Problems),
) {
    let mut lines = Lines::new(input);
    let mut record = csv::StringRecord::new();
    let mut count = 0u64;
    while !problems.full() {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte()));
                problems.line(line, e);
                continue;
            }
        }
        count += 1;
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        each(count, line, &record, problems);
        if count % 4096 == 0 {
            progress(count);
        }
    }
    progress(count);
}

/// `task name` as `Task Name`, for messages.
fn title_case(header: &str) -> String {
    header
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A date as spreadsheets write it: `2026-12-01` (with a time after it or not), `12/1/2026`
/// and `12/1/26` (month first, or day first with `day_first`), `Tue 12/1/26` (MS Project),
/// `1-Dec-2026`, `1 Dec 2026`, `Dec 1, 2026`, `01/Dec/26` (Jira).
pub fn date(field: &str, text: &str, day_first: bool) -> Result<NaiveDate> {
    let bad = |why: &str| Error::invalid(field, text, why);
    let mut s = text.trim();
    // A weekday in front (MS Project) says nothing the date does not.
    if let Some((head, rest)) = s.split_once(' ')
        && head.len() <= 4
        && head.chars().all(|c| c.is_ascii_alphabetic())
        && weekday(head)
    {
        s = rest.trim();
    }
    // A time after the date (`2026-12-01T08:00:00`, `12/1/2026 8:00 AM`) is dropped.
    let iso_time = s.char_indices().find(|(i, c)| {
        *c == 'T'
            && *i == 10
            && s.as_bytes()[..10]
                .iter()
                .all(|b| b.is_ascii_digit() || *b == b'-')
    });
    let s = match (iso_time, s.split_once(' ')) {
        (Some((i, _)), _) => &s[..i],
        (None, Some((d, time))) if d.contains('/') && time.contains(':') => d,
        _ => s,
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return Err(bad(
            "not a date (expected 2026-12-01, 12/1/2026, 1-Dec-2026 or Dec 1, 2026)",
        ));
    }
    let number = |p: &str| p.parse::<u32>().ok();
    let year = |p: &str| -> Option<i32> {
        let y: i32 = p.parse().ok()?;
        match p.len() {
            2 => Some(2000 + y),
            4 => Some(y),
            _ => None,
        }
    };
    let (y, m, d) = match (month(parts[0]), month(parts[1])) {
        // Dec 1, 2026
        (Some(m), _) => (year(parts[2]), Some(m), number(parts[1])),
        // 1-Dec-2026, 01/Dec/26
        (_, Some(m)) => (year(parts[2]), Some(m), number(parts[0])),
        _ if parts[0].len() == 4 => (year(parts[0]), number(parts[1]), number(parts[2])),
        _ if day_first => (year(parts[2]), number(parts[1]), number(parts[0])),
        _ => (year(parts[2]), number(parts[0]), number(parts[1])),
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad(
            "not a date (expected 2026-12-01, 12/1/2026, 1-Dec-2026 or Dec 1, 2026)",
        ));
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        if !day_first && m > 12 && d <= 12 {
            bad("not a calendar date read month first; pass --day-first for day/month/year")
        } else {
            bad("not a calendar date")
        }
    })
}

fn weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| w.starts_with(d))
        && !w.is_empty()
}

fn month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = names.iter().position(|n| w.starts_with(n))? as u32 + 1;
    // `sept` and the full names, nothing else.
    let full = chrono::Month::try_from(m as u8)
        .ok()?
        .name()
        .to_ascii_lowercase();
    (full.starts_with(&w) || w == "sept").then_some(m)
}

/// Yes or no as spreadsheets write it: yes/no, y/n, true/false, 1/0, x.
pub fn yes_no(field: &str, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        _ => Err(Error::invalid(field, text, "expected yes or no")),
    }
}

/// A percent 0-100, with or without the `%`; decimals are rounded.
pub fn percent(field: &str, text: &str) -> Result<i64> {
    let s = text.trim();
    let number = s.strip_suffix('%').unwrap_or(s).trim();
    match number.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v.round() as i64),
        _ => Err(Error::invalid(
            field,
            text,
            "expected a percent from 0 to 100",
        )),
    }
}

/// An amount as spreadsheets write it: thousands separators, a currency sign in front.
pub fn money(field: &str, text: &str) -> Result<crate::domain::Money> {
    let s = text.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let body = s.trim_start_matches(['$', '€', '£', '¥']).trim();
    let m = crate::domain::Money::parse_cli(field, body)
        .map_err(|_| Error::invalid(field, text, "not an amount (like 12,500.00)"))?;
    Ok(if negative {
        crate::domain::Money(-m.cents())
    } else {
        m
    })
}

/// A date within the years 1900-2200: a two-digit year or a typo beyond that is refused.
pub fn plausible(field: &str, text: &str, d: NaiveDate) -> Result<NaiveDate> {
    if (1900..=2200).contains(&d.year()) {
        Ok(d)
    } else {
        Err(Error::invalid(
            field,
            text,
            "is outside the years 1900-2200",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_as_spreadsheets_write_them() {
        for (text, want) in [
            ("2026-12-01", "2026-12-01"),
            ("2026-12-01T08:00:00", "2026-12-01"),
            ("12/1/2026", "2026-12-01"),
            ("12/01/26", "2026-12-01"),
            ("Tue 12/1/26", "2026-12-01"),
            ("12/1/2026 8:00 AM", "2026-12-01"),
            ("1-Dec-2026", "2026-12-01"),
            ("01/Dec/26", "2026-12-01"),
            ("1 December 2026", "2026-12-01"),
            ("Dec 1, 2026", "2026-12-01"),
            ("Sept 3, 2026", "2026-09-03"),
        ] {
            assert_eq!(date("start", text, false).unwrap(), d(want), "{text}");
        }
        assert_eq!(date("start", "3/12/2026", true).unwrap(), d("2026-12-03"));
        assert_eq!(date("start", "3.12.2026", true).unwrap(), d("2026-12-03"));
        let e = date("start", "25/12/2026", false).unwrap_err().to_string();
        assert!(e.contains("--day-first"), "{e}");
        let e = date("start", "soon", false).unwrap_err().to_string();
        assert!(e.starts_with("start \"soon\": not a date"), "{e}");
        assert!(date("start", "2/30/2026", false).is_err());
        assert!(date("start", "Decimal 1, 2026", false).is_err());
    }

    #[test]
    fn cells() {
        assert_eq!(percent("percent", "45%").unwrap(), 45);
        assert_eq!(percent("percent", " 12.6 ").unwrap(), 13);
        assert!(percent("percent", "101").is_err());
        assert_eq!(money("cost", "$12,500.50").unwrap().cents(), 1_250_050);
        assert_eq!(money("cost", "-€3").unwrap().cents(), -300);
        assert!(money("cost", "12 apples").is_err());
        assert!(yes_no("milestone", "Yes").unwrap());
        assert!(!yes_no("milestone", "").unwrap());
        assert!(yes_no("milestone", "maybe").is_err());
    }

    #[test]
    fn headers_match_by_name_and_by_map() {
        let fields = [
            Field {
                name: "title",
                headers: &["task name", "name"],
            },
            Field {
                name: "owner",
                headers: &["owner"],
            },
        ];
        let headers = csv::StringRecord::from(vec!["\u{feff}Task  Name", "Who", "Notes"]);
        let mut report = Report::default();
        let maps = parse_maps(&["who=owner".into()]).unwrap();
        let c = Columns::match_headers(&headers, &fields, &maps, &mut report).unwrap();
        assert_eq!((c.header(0), c.header(1)), ("Task  Name", "Who"));
        assert_eq!(
            report.notes,
            ["columns left out (no field; --map HEADER=field to read one): Notes"]
        );
        let headers = csv::StringRecord::from(vec!["Name", "Task Name"]);
        let Err(Error::Invalid(e)) = Columns::match_headers(&headers, &fields, &[], &mut report)
        else {
            panic!()
        };
        assert_eq!(
            e,
            [
                "line 1, column Task Name: fills title as column Name does; use --map \"Task Name\"=- or --map to choose"
            ]
        );
        let maps = parse_maps(&["nope=title".into(), "name=colour".into()]).unwrap();
        let Err(Error::Invalid(e)) = Columns::match_headers(&headers, &fields, &maps, &mut report)
        else {
            panic!()
        };
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("no column \"nope\""), "{e:?}");
        assert!(e[1].contains("unknown field \"colour\""), "{e:?}");
        assert!(parse_maps(&["=title".into()]).is_err());
    }
}
