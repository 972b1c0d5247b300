//! A plan kept in a spreadsheet as CSV (`import --format csv-tasks`): one task per row, the
//! outline from `Outline Level` (or the depth of a `WBS` number like `1.2.3`), links in
//! `Predecessors` as MS Project and Smartsheet write them (`3FS+2d`, `5SS-1 day`, `4+50%`)
//! or as milepost keys (`PLT-3`, `PLT-3:SS+2`).
//!
//! Durations are working days: `5`, `5d`, `5 days`, `2 wks` (5 days a week), `16 hrs` (8
//! hours a day), `1 mon` (20 days); a trailing `?` (MS Project's estimate) is ignored, and a
//! part day is rounded up to a whole one and counted in the report.

use super::{Field, Problems, Report, Sheet, records};
use crate::domain::{LinkType, text};
use crate::error::{Error, Result};
use crate::ops::{PredRef, SheetLag, TaskRow};
use std::collections::HashMap;

pub const ID: usize = 0;
pub const TITLE: usize = 1;
pub const WORKSTREAM: usize = 2;
pub const LEVEL: usize = 3;
pub const WBS: usize = 4;
pub const DURATION: usize = 5;
pub const START: usize = 6;
pub const FINISH: usize = 7;
pub const PREDECESSORS: usize = 8;
pub const PERCENT: usize = 9;
pub const OWNER: usize = 10;
pub const BUDGET: usize = 11;
pub const DEADLINE: usize = 12;
pub const MILESTONE: usize = 13;

/// The fields of a task sheet and the headers that fill them.
pub const FIELDS: &[Field] = &[
    Field {
        name: "id",
        headers: &["id", "task id", "row", "row id", "#"],
    },
    Field {
        name: "title",
        headers: &["task name", "name", "title", "task"],
    },
    Field {
        name: "workstream",
        headers: &["workstream", "work stream", "ws", "stream"],
    },
    Field {
        name: "level",
        headers: &["outline level", "level", "indent", "indent level"],
    },
    Field {
        name: "wbs",
        headers: &["wbs", "outline number", "wbs code"],
    },
    Field {
        name: "duration",
        headers: &["duration", "days", "duration (days)"],
    },
    Field {
        name: "start",
        headers: &["start", "start date", "planned start"],
    },
    Field {
        name: "finish",
        headers: &[
            "finish",
            "finish date",
            "end",
            "end date",
            "due",
            "due date",
            "planned finish",
        ],
    },
    Field {
        name: "predecessors",
        headers: &["predecessors", "predecessor", "depends on", "dependencies"],
    },
    Field {
        name: "percent",
        headers: &[
            "% complete",
            "percent complete",
            "% done",
            "progress",
            "percent",
            "complete",
        ],
    },
    Field {
        name: "owner",
        headers: &[
            "resource names",
            "owner",
            "assigned to",
            "assignee",
            "resource",
            "resources",
        ],
    },
    Field {
        name: "budget",
        headers: &["cost", "budget"],
    },
    Field {
        name: "deadline",
        headers: &["deadline"],
    },
    Field {
        name: "milestone",
        headers: &["milestone"],
    },
];

/// Read every row of a task sheet; all bad cells are returned together.
pub fn parse(
    input: &[u8],
    maps: &[(String, String)],
    day_first: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<Sheet<TaskRow>> {
    let mut report = Report::default();
    let mut problems = Problems::default();
    let mut rows: Vec<TaskRow> = vec![];
    let mut previous_level = 0usize;
    let mut ids: HashMap<String, u64> = HashMap::new();
    let columns = records(
        input,
        FIELDS,
        TITLE,
        maps,
        &mut report,
        &mut problems,
        progress,
        |row, problems, report| {
            let line = row.line;
            let cell = |f: usize| row.cell(f);
            let mut bad = |f: usize, e: Error| problems.cell(line, row.header(f), e);
            let level = if row.has(LEVEL) && !cell(LEVEL).is_empty() {
                match cell(LEVEL).parse::<usize>() {
                    Ok(0) => {
                        report.add("project summary rows (outline level 0) skipped");
                        return;
                    }
                    Ok(n) if n <= 100 => n,
                    _ => {
                        bad(
                            LEVEL,
                            Error::invalid("level", cell(LEVEL), "expected a level from 1 up"),
                        );
                        1
                    }
                }
            } else if !cell(WBS).is_empty() {
                let code = cell(WBS).rsplit(' ').next().unwrap_or("");
                if code == "0" {
                    report.add("project summary rows (outline level 0) skipped");
                    return;
                }
                code.split('.').filter(|p| !p.is_empty()).count().max(1)
            } else {
                1
            };
            if level > previous_level + 1 {
                bad(
                    if row.has(LEVEL) { LEVEL } else { WBS },
                    Error::invalid(
                        "level",
                        level,
                        format!(
                            "follows a row at level {previous_level}; a row is at most one level below the row above"
                        ),
                    ),
                );
            }
            previous_level = level.min(previous_level + 1);
            let title = match text::single_line("title", cell(TITLE)) {
                Ok(t) if !t.is_empty() => t,
                Ok(_) => {
                    bad(
                        TITLE,
                        Error::invalid("title", "", "must not be empty (a row with other cells)"),
                    );
                    String::new()
                }
                Err(e) => {
                    bad(TITLE, e);
                    String::new()
                }
            };
            let id = match cell(ID) {
                "" => row.number.to_string(),
                id => id.to_string(),
            };
            if let Some(first) = ids.insert(id.clone(), line) {
                bad(
                    ID,
                    Error::invalid("id", &id, format!("is also the ID on line {first}")),
                );
            }
            let mut duration = None;
            if !cell(DURATION).is_empty() {
                match days(cell(DURATION)) {
                    Ok(d) => {
                        if d.fract() > 1e-9 {
                            report.add("durations rounded up to whole working days");
                        }
                        duration = Some((d.ceil() as i64).min(crate::domain::MAX_DURATION));
                    }
                    Err(e) => bad(DURATION, e),
                }
            }
            let mut date = |f: usize, name: &str| {
                row.date(f, name, day_first)
                    .map_err(|e| bad(f, e))
                    .ok()
                    .flatten()
            };
            let start = date(START, "start");
            let finish = date(FINISH, "finish");
            let deadline = date(DEADLINE, "deadline");
            let mut bad = |f: usize, e: Error| problems.cell(line, row.header(f), e);
            if let (Some(s), Some(f)) = (start, finish)
                && f < s
            {
                bad(
                    FINISH,
                    Error::invalid("finish", cell(FINISH), format!("is before the start {s}")),
                );
            }
            let percent = match cell(PERCENT) {
                "" => None,
                p => super::percent("percent", p)
                    .map_err(|e| bad(PERCENT, e))
                    .ok(),
            };
            let owner = match owners(cell(OWNER)) {
                (None, _) => None,
                (Some(first), more) => {
                    for _ in 0..more {
                        report.add("further resources left out (the first is the owner)");
                    }
                    text::single_line("owner", &first)
                        .map_err(|e| bad(OWNER, e))
                        .ok()
                }
            };
            let budget = match cell(BUDGET) {
                "" => None,
                b => super::money("budget", b)
                    .and_then(|m| {
                        if m.cents() < 0 {
                            Err(Error::invalid("budget", b, "must not be negative"))
                        } else {
                            Ok(m)
                        }
                    })
                    .map_err(|e| bad(BUDGET, e))
                    .ok()
                    // MS Project writes $0.00 for a task without a cost.
                    .filter(|m| m.cents() != 0),
            };
            let milestone = super::yes_no("milestone", cell(MILESTONE))
                .map_err(|e| bad(MILESTONE, e))
                .unwrap_or(false);
            let workstream = match cell(WORKSTREAM) {
                "" => None,
                w => text::single_line("workstream", w)
                    .map_err(|e| bad(WORKSTREAM, e))
                    .ok(),
            };
            let mut preds = vec![];
            for item in cell(PREDECESSORS)
                .split([',', ';'])
                .filter(|p| !p.trim().is_empty())
            {
                match predecessor(item) {
                    Ok(p) => preds.push(p),
                    Err(e) => bad(PREDECESSORS, e),
                }
            }
            rows.push(TaskRow {
                line,
                id,
                title,
                workstream,
                level,
                duration,
                milestone,
                start,
                finish,
                percent,
                owner,
                budget,
                deadline,
                preds,
            });
        },
    )?;
    Ok(Sheet {
        columns: columns.names(FIELDS),
        rows,
        report,
        problems: problems.into_list(),
    })
}

/// A duration in working days: `5`, `5d`, `5 days`, `2 wks`, `16 hrs`, `1 mon`, `0.5 days?`.
pub fn days(text: &str) -> Result<f64> {
    let bad = |why: &str| Error::invalid("duration", text, why);
    let s: String = text
        .trim()
        .trim_end_matches('?')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| bad("expected working days, like 5, 5d, 5 days, 2w or 16h"))?;
    let per_unit = unit_days(unit).ok_or_else(|| {
        if unit.starts_with('e') {
            bad("is elapsed time; give working days (like 5d)")
        } else {
            bad("expected working days, like 5, 5d, 5 days, 2w or 16h")
        }
    })?;
    let d = n * per_unit;
    if !d.is_finite() || d > crate::domain::MAX_DURATION as f64 {
        return Err(bad(&format!(
            "is more than {} working days",
            crate::domain::MAX_DURATION
        )));
    }
    Ok(d)
}

/// Working days in one unit of a duration or lag; `None` for a unit that is not one.
fn unit_days(unit: &str) -> Option<f64> {
    match unit {
        "" | "d" | "dy" | "dys" | "day" | "days" => Some(1.0),
        "w" | "wk" | "wks" | "week" | "weeks" => Some(5.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(1.0 / 8.0),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(1.0 / 480.0),
        "mo" | "mon" | "mons" | "month" | "months" => Some(20.0),
        _ => None,
    }
}

/// One predecessor: `3`, `3FS`, `3SS+2d`, `3FS-1 day`, `4+50%`, `PLT-3`, `PLT-3:SS+2`.
pub fn predecessor(item: &str) -> Result<PredRef> {
    let s: String = item.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || {
        Error::invalid(
            "predecessor",
            item.trim(),
            "expected an ID or key with an optional type and lag (like 3FS+2d or PLT-3)",
        )
    };
    let (target, rest) = match s.split_once(':') {
        Some((t, r)) => (t, r),
        None => split_target(&s).ok_or_else(bad)?,
    };
    let (link_type, lag) = link_rest(rest).ok_or_else(bad)?;
    if target.is_empty() {
        return Err(bad());
    }
    Ok(PredRef {
        target: target.to_string(),
        link_type,
        lag,
    })
}

/// Split a predecessor without a `:` into its target and the rest. A task key (`PLT-3`) is
/// taken whole when what follows it reads as a type and lag; otherwise the target is the run
/// of letters, digits, `_` and `.` at the start, less a link type at its end (`3FS`).
fn split_target(s: &str) -> Option<(&str, &str)> {
    let word = |from: usize| {
        s[from..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map_or(s.len(), |i| from + i)
    };
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let head = word(0);
        if s[head..].starts_with('-') {
            let digits = s[head + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(s.len(), |i| head + 1 + i);
            if digits > head + 1 && link_rest(&s[digits..]).is_some() {
                return Some(s.split_at(digits));
            }
        }
    }
    let end = word(0);
    let upper = s[..end].to_ascii_uppercase();
    let typed = end > 2 && ["FS", "SS", "FF", "SF"].iter().any(|t| upper.ends_with(t));
    let end = if typed { end - 2 } else { end };
    (end > 0).then(|| s.split_at(end))
}

/// What follows the target: an optional type, then an optional signed lag.
fn link_rest(rest: &str) -> Option<(LinkType, SheetLag)> {
    let upper = rest.to_ascii_uppercase();
    let (link_type, lag) = match upper.get(..2) {
        Some("FS") => (LinkType::Fs, &rest[2..]),
        Some("SS") => (LinkType::Ss, &rest[2..]),
        Some("FF") => (LinkType::Ff, &rest[2..]),
        Some("SF") => (LinkType::Sf, &rest[2..]),
        _ => (LinkType::Fs, rest),
    };
    if lag.is_empty() {
        return Some((link_type, SheetLag::Days(0.0)));
    }
    let (sign, body) = match lag.as_bytes()[0] {
        b'+' => (1.0, &lag[1..]),
        b'-' => (-1.0, &lag[1..]),
        _ => return None,
    };
    let body = body.to_ascii_lowercase();
    if let Some(p) = body.strip_suffix('%') {
        let v: f64 = p.parse().ok()?;
        return v
            .is_finite()
            .then_some((link_type, SheetLag::Percent(sign * v)));
    }
    let split = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let v: f64 = body[..split].parse().ok()?;
    let d = sign * v * unit_days(&body[split..])?;
    (d.is_finite() && d.abs() <= crate::domain::MAX_LAG as f64)
        .then_some((link_type, SheetLag::Days(d)))
}

/// The first resource of `Alice[50%],Bob` (MS Project's list) and how many more there are.
fn owners(cell: &str) -> (Option<String>, usize) {
    // MS Project separates with commas, Smartsheet with commas too; a semicolon list also.
    let names: Vec<String> = cell
        .split([',', ';'])
        .map(|n| match n.find('[') {
            Some(i) => n[..i].trim().to_string(),
            None => n.trim().to_string(),
        })
        .filter(|n| !n.is_empty())
        .collect();
    let more = names.len().saturating_sub(1);
    (names.into_iter().next(), more)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for (text, want) in [
            ("5", 5.0),
            ("5d", 5.0),
            ("5 days", 5.0),
            ("1 day?", 1.0),
            ("2 wks", 10.0),
            ("16 hrs", 2.0),
            ("1 mon", 20.0),
            ("0 days", 0.0),
            ("0.5d", 0.5),
        ] {
            assert_eq!(days(text).unwrap(), want, "{text}");
        }
        let e = days("3 edays").unwrap_err().to_string();
        assert_eq!(
            e,
            "duration \"3 edays\": is elapsed time; give working days (like 5d)"
        );
        assert!(days("soon").is_err());
        assert!(days("-3").is_err());
        assert!(days("99999").is_err());
    }

    #[test]
    fn predecessors() {
        let p = |s: &str| {
            let p = predecessor(s).unwrap();
            (p.target, p.link_type, p.lag)
        };
        assert_eq!(p("3"), ("3".into(), LinkType::Fs, SheetLag::Days(0.0)));
        assert_eq!(p("3SS+2d"), ("3".into(), LinkType::Ss, SheetLag::Days(2.0)));
        assert_eq!(
            p(" 12FF - 1 day"),
            ("12".into(), LinkType::Ff, SheetLag::Days(-1.0))
        );
        assert_eq!(p("3-1d"), ("3".into(), LinkType::Fs, SheetLag::Days(-1.0)));
        assert_eq!(
            p("4+50%"),
            ("4".into(), LinkType::Fs, SheetLag::Percent(50.0))
        );
        assert_eq!(
            p("7SF+1 wk"),
            ("7".into(), LinkType::Sf, SheetLag::Days(5.0))
        );
        assert_eq!(
            p("PLT-3"),
            ("PLT-3".into(), LinkType::Fs, SheetLag::Days(0.0))
        );
        assert_eq!(
            p("PLT-3SS+2"),
            ("PLT-3".into(), LinkType::Ss, SheetLag::Days(2.0))
        );
        assert_eq!(
            p("PLT-3:ss+2"),
            ("PLT-3".into(), LinkType::Ss, SheetLag::Days(2.0))
        );
        assert_eq!(
            p("T1-2d"),
            ("T1".into(), LinkType::Fs, SheetLag::Days(-2.0))
        );
        assert_eq!(
            p("T1FS+4h"),
            ("T1".into(), LinkType::Fs, SheetLag::Days(0.5))
        );
        for bad in ["3FS+2 fortnights", "+2d", "3FS+1e9w", "3FS*2", "PLT-"] {
            assert!(predecessor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rows_read_with_their_lines_and_what_was_left_out() {
        let text = "Name,Duration,WBS\r\nA,1,1\r\n\r\nB,2,1.1,surplus\r\n,,\r\nC,3d,1.2\r\n";
        let sheet = parse(text.as_bytes(), &[], false, &mut |_| {}).unwrap();
        assert_eq!(sheet.problems, Vec::<String>::new());
        let rows: Vec<(u64, &str, usize, Option<i64>)> = sheet
            .rows
            .iter()
            .map(|r| (r.line, r.id.as_str(), r.level, r.duration))
            .collect();
        assert_eq!(
            rows,
            [
                (2, "1", 1, Some(1)),
                (4, "2", 2, Some(2)),
                (6, "4", 2, Some(3))
            ],
            "IDs count every data row, blank ones too, as a spreadsheet numbers them"
        );
        assert_eq!(
            sheet.report.lines(),
            [
                "1 blank rows skipped",
                "1 rows with more cells than the header row (the extra cells left out)",
            ]
        );
    }

    #[test]
    fn owners_keep_the_first_resource() {
        assert_eq!(owners("Alice[50%],Bob"), (Some("Alice".into()), 1));
        assert_eq!(owners(" Carol "), (Some("Carol".into()), 0));
        assert_eq!(owners(""), (None, 0));
    }
}
