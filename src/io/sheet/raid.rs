//! A RAID register kept in a spreadsheet as CSV (`import --format csv-raid`): one item per
//! row. The kind comes from a `Type` column (`Risk`, `Issues`, `A`, ...); a register without
//! one is a risk register. Probability and impact are 1-5 or the words registers use (`Low`,
//! `Medium`, `High`, ...); a probability written as a percent keeps the percent and takes
//! its score from it. Statuses are milepost's for the kind, or `Open`, `New`, `Closed`,
//! `Done`, `In Progress`.

use super::{Field, Problems, Report, Sheet, records};
use crate::domain::{RaidKind, Response, text};
use crate::error::{Error, Result};
use crate::ops::{RaidPatch, RaidRow};

const ID: usize = 0;
const TITLE: usize = 1;
const KIND: usize = 2;
const DESCRIPTION: usize = 3;
const PROBABILITY: usize = 4;
const PROBABILITY_PCT: usize = 5;
const IMPACT: usize = 6;
const OWNER: usize = 7;
const STATUS: usize = 8;
const DUE: usize = 9;
const RAISED: usize = 10;
const CLOSED: usize = 11;
const MITIGATION: usize = 12;
const RESPONSE: usize = 13;
const WORKSTREAM: usize = 14;
const COST_IMPACT: usize = 15;
const PROVIDER: usize = 16;
const ESCALATED: usize = 17;
const TASKS: usize = 18;

/// The fields of a RAID register and the headers that fill them.
pub const FIELDS: &[Field] = &[
    Field {
        name: "id",
        headers: &[
            "id",
            "key",
            "ref",
            "reference",
            "#",
            "risk id",
            "issue id",
            "raid id",
        ],
    },
    Field {
        name: "title",
        headers: &[
            "title",
            "risk",
            "name",
            "summary",
            "issue",
            "assumption",
            "dependency",
            "risk title",
            "item",
        ],
    },
    Field {
        name: "kind",
        headers: &["type", "kind", "category", "raid type", "log"],
    },
    Field {
        name: "description",
        headers: &["description", "details", "detail"],
    },
    Field {
        name: "probability",
        headers: &["probability", "likelihood", "prob"],
    },
    Field {
        name: "probability_pct",
        headers: &["probability %", "probability pct", "likelihood %"],
    },
    Field {
        name: "impact",
        headers: &["impact", "severity"],
    },
    Field {
        name: "owner",
        headers: &[
            "owner",
            "assigned to",
            "assignee",
            "responsible",
            "action owner",
            "risk owner",
        ],
    },
    Field {
        name: "status",
        headers: &["status", "state"],
    },
    Field {
        name: "due",
        headers: &[
            "due",
            "due date",
            "target date",
            "need by",
            "validate by",
            "review date",
        ],
    },
    Field {
        name: "raised",
        headers: &[
            "raised",
            "date raised",
            "created",
            "opened",
            "date identified",
            "identified",
        ],
    },
    Field {
        name: "closed",
        headers: &["closed", "date closed", "closed date", "closed on"],
    },
    Field {
        name: "mitigation",
        headers: &[
            "mitigation",
            "mitigation plan",
            "response plan",
            "action",
            "actions",
        ],
    },
    Field {
        name: "response",
        headers: &["response", "strategy", "response strategy"],
    },
    Field {
        name: "workstream",
        headers: &["workstream", "work stream", "ws", "stream"],
    },
    Field {
        name: "cost_impact",
        headers: &["cost impact", "cost", "financial impact"],
    },
    Field {
        name: "provider",
        headers: &["provider", "supplier"],
    },
    Field {
        name: "escalated",
        headers: &["escalated"],
    },
    Field {
        name: "tasks",
        headers: &["tasks", "linked tasks"],
    },
];

/// Read every row of a RAID register; all bad cells are returned together.
pub fn parse(
    input: &[u8],
    maps: &[(String, String)],
    day_first: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<Sheet<RaidRow>> {
    let mut report = Report::default();
    let mut problems = Problems::default();
    let mut rows: Vec<RaidRow> = vec![];
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
            let kind = match cell(KIND) {
                "" => {
                    report.add("items without a type taken as risks");
                    Some(RaidKind::Risk)
                }
                k => kind(k).map_err(|e| bad(KIND, e)).ok(),
            };
            let title = match text::required("title", cell(TITLE)) {
                Ok(t) => Some(t),
                Err(e) => {
                    bad(TITLE, e);
                    None
                }
            };
            let mut fields = RaidPatch::default();
            let mut optional = |f: usize, name: &str| -> Option<Option<String>> {
                match cell(f) {
                    "" => None,
                    v => text::optional(name, Some(v))
                        .map_err(|e| bad(f, e))
                        .ok()
                        .map(|v| v.map(|s| s.to_string())),
                }
            };
            fields.owner = optional(OWNER, "owner");
            fields.mitigation = optional(MITIGATION, "mitigation");
            fields.provider = optional(PROVIDER, "provider");
            fields.workstream = optional(WORKSTREAM, "workstream");
            let mut bad = |f: usize, e: Error| problems.cell(line, row.header(f), e);
            if !cell(DESCRIPTION).is_empty() {
                fields.description = text::optional_multi("description", Some(cell(DESCRIPTION)))
                    .map_err(|e| bad(DESCRIPTION, e))
                    .ok()
                    .map(|d| d.map(|s| s.to_string()));
            }
            if !cell(PROBABILITY).is_empty() {
                let p = cell(PROBABILITY);
                if p.ends_with('%') {
                    match super::percent("probability", p) {
                        Ok(pct) => {
                            fields.probability_pct = Some(Some(pct));
                            fields.probability = Some(Some(band_of_percent(pct)));
                        }
                        Err(e) => bad(PROBABILITY, e),
                    }
                } else {
                    fields.probability = scale("probability", p, PROBABILITY_WORDS)
                        .map_err(|e| bad(PROBABILITY, e))
                        .ok()
                        .map(Some);
                }
            }
            if !cell(PROBABILITY_PCT).is_empty() {
                fields.probability_pct = super::percent("probability_pct", cell(PROBABILITY_PCT))
                    .map_err(|e| bad(PROBABILITY_PCT, e))
                    .ok()
                    .map(Some);
            }
            if !cell(IMPACT).is_empty() {
                fields.impact = scale("impact", cell(IMPACT), IMPACT_WORDS)
                    .map_err(|e| bad(IMPACT, e))
                    .ok()
                    .map(Some);
            }
            let mut date = |f: usize, name: &str| {
                row.date(f, name, day_first)
                    .map_err(|e| problems.cell(line, row.header(f), e))
                    .ok()
                    .flatten()
            };
            fields.due = date(DUE, "due").map(Some);
            fields.raised = date(RAISED, "raised");
            let closed = date(CLOSED, "closed");
            let mut bad = |f: usize, e: Error| problems.cell(line, row.header(f), e);
            if let (Some(kind), s) = (kind, cell(STATUS))
                && !s.is_empty()
            {
                fields.status = status(kind, s).map_err(|e| bad(STATUS, e)).ok();
            }
            if !cell(RESPONSE).is_empty() {
                let r = cell(RESPONSE).to_ascii_lowercase();
                let r = if r == "mitigate" {
                    "reduce"
                } else {
                    r.as_str()
                };
                fields.response = Response::parse("response", r)
                    .map_err(|e| bad(RESPONSE, e))
                    .ok()
                    .map(Some);
            }
            if !cell(COST_IMPACT).is_empty() {
                fields.cost_impact = super::money("cost_impact", cell(COST_IMPACT))
                    .map_err(|e| bad(COST_IMPACT, e))
                    .ok()
                    .map(Some);
            }
            if !cell(ESCALATED).is_empty() {
                fields.escalated = super::yes_no("escalated", cell(ESCALATED))
                    .map_err(|e| bad(ESCALATED, e))
                    .ok();
            }
            if !cell(TASKS).is_empty() {
                fields.tasks = Some(
                    cell(TASKS)
                        .split([',', ';', ' '])
                        .filter(|t| !t.is_empty())
                        .map(|t| t.to_ascii_uppercase())
                        .collect(),
                );
            }
            if !cell(ID).is_empty() {
                report.add("register IDs not kept (milepost numbers the items: R-1, I-1, ...)");
            }
            if let (Some(kind), Some(title)) = (kind, title) {
                rows.push(RaidRow {
                    line,
                    kind,
                    title,
                    closed,
                    fields,
                });
            }
        },
    )?;
    Ok(Sheet {
        columns: columns.names(FIELDS),
        rows,
        report,
        problems: problems.into_list(),
    })
}

/// A kind as registers write it: `Risk`, `risks`, `R`, `Issue`, `Assumptions`, `Dependency`.
fn kind(text: &str) -> Result<RaidKind> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches('s');
    match t {
        "r" | "risk" => Ok(RaidKind::Risk),
        "a" | "assumption" => Ok(RaidKind::Assumption),
        "i" | "issue" => Ok(RaidKind::Issue),
        "d" | "dependency" | "dependencie" | "dependenc" => Ok(RaidKind::Dependency),
        _ => Err(Error::invalid(
            "kind",
            text,
            "expected risk, assumption, issue or dependency",
        )),
    }
}

const PROBABILITY_WORDS: &[(&str, i64)] = &[
    ("very low", 1),
    ("rare", 1),
    ("vl", 1),
    ("low", 2),
    ("unlikely", 2),
    ("l", 2),
    ("medium", 3),
    ("med", 3),
    ("moderate", 3),
    ("possible", 3),
    ("m", 3),
    ("high", 4),
    ("likely", 4),
    ("h", 4),
    ("very high", 5),
    ("almost certain", 5),
    ("certain", 5),
    ("vh", 5),
];

const IMPACT_WORDS: &[(&str, i64)] = &[
    ("very low", 1),
    ("negligible", 1),
    ("vl", 1),
    ("low", 2),
    ("minor", 2),
    ("l", 2),
    ("medium", 3),
    ("med", 3),
    ("moderate", 3),
    ("m", 3),
    ("high", 4),
    ("major", 4),
    ("h", 4),
    ("very high", 5),
    ("severe", 5),
    ("critical", 5),
    ("vh", 5),
];

/// 1-5, or a word of the register's scale (`Low`, `Very High`, ...), or `4 - High`.
fn scale(field: &str, text: &str, words: &[(&str, i64)]) -> Result<i64> {
    let t = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(n) = t.parse::<i64>()
        && (1..=5).contains(&n)
    {
        return Ok(n);
    }
    // `4 High` (a number with its word) reads as the number.
    if let Some((n, _)) = t.split_once(' ')
        && let Ok(n) = n.parse::<i64>()
        && (1..=5).contains(&n)
    {
        return Ok(n);
    }
    words
        .iter()
        .find(|(w, _)| *w == t)
        .map(|(_, n)| *n)
        .ok_or_else(|| {
            Error::invalid(
                field,
                text,
                "expected 1-5 or very low, low, medium, high, very high",
            )
        })
}

/// The 1-5 band of a probability percent: nearest of the midpoints 5/20/40/65/90.
fn band_of_percent(pct: i64) -> i64 {
    match pct {
        ..=12 => 1,
        13..=30 => 2,
        31..=52 => 3,
        53..=77 => 4,
        _ => 5,
    }
}

/// A status of `kind`, or the plain words registers use for open and closed.
fn status(kind: RaidKind, text: &str) -> Result<String> {
    let t = text.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    if kind.statuses().contains(&t.as_str()) {
        return Ok(t);
    }
    let word = match t.as_str() {
        "new" | "active" | "raised" | "identified" | "proposed" | "not_started" | "to_do"
        | "todo" => Some("open"),
        "closed" | "done" | "complete" | "completed" | "resolved" | "fixed" | "retired" => {
            Some(kind.default_closed_status())
        }
        "in_progress" | "ongoing" | "wip" | "mitigating" | "working" => match kind {
            RaidKind::Risk => Some("mitigating"),
            RaidKind::Issue => Some("in_progress"),
            _ => None,
        },
        _ => None,
    };
    match word {
        Some(w) => Ok(w.to_string()),
        None => kind.parse_status("status", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_registers() {
        assert_eq!(kind("Risks").unwrap(), RaidKind::Risk);
        assert_eq!(kind("D").unwrap(), RaidKind::Dependency);
        assert_eq!(kind("Dependencies").unwrap(), RaidKind::Dependency);
        assert!(kind("Bug").is_err());
        assert_eq!(scale("impact", "Very High", IMPACT_WORDS).unwrap(), 5);
        assert_eq!(scale("impact", "4 - High", IMPACT_WORDS).unwrap(), 4);
        assert_eq!(scale("probability", " med ", PROBABILITY_WORDS).unwrap(), 3);
        assert!(scale("impact", "6", IMPACT_WORDS).is_err());
        assert_eq!(band_of_percent(40), 3);
        assert_eq!(band_of_percent(90), 5);
        assert_eq!(
            status(RaidKind::Issue, "In Progress").unwrap(),
            "in_progress"
        );
        assert_eq!(status(RaidKind::Dependency, "Done").unwrap(), "delivered");
        assert_eq!(status(RaidKind::Risk, "New").unwrap(), "open");
        assert!(status(RaidKind::Assumption, "in progress").is_err());
    }
}
