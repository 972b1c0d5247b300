//! The program interchange JSON (SPEC §8): writing (`export`) and reading (`import`).
//!
//! The writer puts one record per line inside each list, so files diff well and stay compact at
//! a million spend lines.
//!
//! Reading has two paths with one authority. The fast path deserializes straight into the
//! model types (serde derive, unknown fields denied, money only as strings, strict dates) and
//! then runs the same record and reference checks as the slow path. Any problem at all sends the
//! file to the slow path ([`walk`]), which walks a JSON tree by hand and reports every problem
//! with its JSON path. The fast path only ever accepts what the slow path accepts; it exists
//! because a tree of a million spend objects costs gigabytes and seconds.

mod strict;
mod walk;

use crate::domain::keys;
use crate::domain::validate;
use crate::domain::*;
use crate::engine::schedule;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("program records always serialize")
}

fn write_list<T: Serialize>(out: &mut String, name: &str, items: &[T], last: bool) {
    let comma = if last { "" } else { "," };
    if items.is_empty() {
        let _ = writeln!(out, "  \"{name}\": []{comma}");
        return;
    }
    let _ = writeln!(out, "  \"{name}\": [");
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 < items.len() { "," } else { "" };
        let _ = writeln!(out, "    {}{sep}", line(item));
    }
    let _ = writeln!(out, "  ]{comma}");
}

/// Serialize a program document: stable field order, one record per line.
pub fn to_json(doc: &ProgramDoc) -> String {
    let mut out = String::with_capacity(256 + doc.spend.len() * 180 + doc.tasks.len() * 300);
    out.push_str("{\n");
    let _ = writeln!(out, "  \"format\": {},", line(&doc.format));
    let _ = writeln!(out, "  \"version\": {},", doc.version);
    let _ = writeln!(out, "  \"program\": {},", line(&doc.program));
    write_list(&mut out, "workstreams", &doc.workstreams, false);
    write_list(&mut out, "tasks", &doc.tasks, false);
    write_list(&mut out, "baselines", &doc.baselines, false);
    write_list(&mut out, "raid", &doc.raid, false);
    write_list(&mut out, "budget", &doc.budget, false);
    write_list(&mut out, "spend", &doc.spend, false);
    write_list(&mut out, "changes", &doc.changes, false);
    write_list(&mut out, "decisions", &doc.decisions, false);
    write_list(
        &mut out,
        "status_notes",
        &doc.status_notes,
        doc.settings.is_empty(),
    );
    if !doc.settings.is_empty() {
        let _ = writeln!(out, "  \"settings\": {}", line(&doc.settings));
    }
    out.push_str("}\n");
    crate::domain::text::json_safe(out)
}

/// Every problem found, each as `path: message`.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn at(&mut self, path: &str, message: impl std::fmt::Display) {
        self.0.push(format!("{path}: {message}"));
    }
}

/// Parse and fully validate a program file. On any problem, every problem is returned in
/// [`Error::Invalid`], each with its JSON path.
pub fn from_json(text: &str) -> Result<ProgramDoc> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(doc) = read_fast(text) {
        return Ok(doc);
    }
    read_thorough(text)
}

/// The fast path: `None` on any problem, for [`read_thorough`] to report.
fn read_fast(text: &str) -> Option<ProgramDoc> {
    let mut doc: ProgramDoc = serde_json::from_str(text).ok()?;
    if doc.format != PROGRAM_FORMAT || doc.version != PROGRAM_VERSION {
        return None;
    }
    let mut p = Problems::default();
    validate_doc(&mut p, &doc);
    if !p.0.is_empty() {
        return None;
    }
    normalize(&mut doc);
    Some(doc)
}

/// The slow path: every problem, each with its JSON path.
fn read_thorough(text: &str) -> Result<ProgramDoc> {
    let value: Value = strict::parse(text).map_err(|e| {
        Error::Invalid(vec![format!(
            "line {} column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )])
    })?;
    let mut p = Problems::default();
    let doc = walk::read_doc(&mut p, &value);
    if let Some(doc) = &doc {
        validate_doc(&mut p, doc);
    }
    match doc {
        Some(mut doc) if p.0.is_empty() => {
            normalize(&mut doc);
            Ok(doc)
        }
        _ => {
            if p.0.is_empty() {
                p.0.push("the file is not a milepost program".into());
            }
            Err(Error::Invalid(p.0))
        }
    }
}

/// The canonical form both paths return: trimmed titles, sorted unique holidays.
fn normalize(doc: &mut ProgramDoc) {
    doc.program.calendar.holidays.sort();
    doc.program.calendar.holidays.dedup();
    for t in &mut doc.tasks {
        t.title = t.title.trim().to_string();
    }
}

/// Each record's domain rules, then the references between records.
fn validate_doc(p: &mut Problems, doc: &ProgramDoc) {
    fn each<T>(p: &mut Problems, list: &str, items: &[T], check: fn(&T) -> Vec<Error>) {
        for (i, item) in items.iter().enumerate() {
            for e in check(item) {
                p.at(&format!("{list}[{i}]"), e);
            }
        }
    }
    for e in validate::program(&doc.program) {
        p.at("program", e);
    }
    each(p, "workstreams", &doc.workstreams, validate::workstream);
    each(p, "tasks", &doc.tasks, validate::task);
    each(p, "raid", &doc.raid, validate::raid);
    each(p, "budget", &doc.budget, validate::budget_line);
    each(p, "spend", &doc.spend, validate::spend);
    each(p, "changes", &doc.changes, validate::change);
    each(p, "decisions", &doc.decisions, validate::decision);
    each(p, "status_notes", &doc.status_notes, validate::status_note);
    for (key, value) in &doc.settings {
        if let Err(e) = settings::parse(key, value) {
            p.at(&format!("settings.{key}"), e);
        }
    }
    for (i, t) in doc.tasks.iter().enumerate() {
        if let Ok((ws, _)) = keys::task_key("key", &t.key)
            && ws != t.workstream
        {
            p.at(
                &format!("tasks[{i}].key"),
                format!(
                    "task {:?} is not numbered in its workstream {:?}",
                    t.key, t.workstream
                ),
            );
        }
    }
    check_references(p, doc);
    check_totals(p, doc);
}

/// The WBS (SPEC §11): a parent is listed before its subtasks and sits in the same workstream;
/// a milestone has no subtasks; a summary has no progress of its own; no link joins a summary
/// and its own subtask.
fn check_wbs(p: &mut Problems, doc: &ProgramDoc) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut parent_of: HashMap<&str, &str> = HashMap::new();
    let mut has_children: HashSet<&str> = HashSet::new();
    for (i, t) in doc.tasks.iter().enumerate() {
        if let Some(parent) = t.parent.as_deref() {
            match seen.get(parent) {
                None => p.at(
                    &format!("tasks[{i}].parent"),
                    format!("{parent:?} is not listed before this task (list summaries before their subtasks)"),
                ),
                Some(&j) => {
                    let q = &doc.tasks[j];
                    if q.workstream != t.workstream {
                        p.at(
                            &format!("tasks[{i}].parent"),
                            format!("{parent:?} is in workstream {:?}, not {:?}", q.workstream, t.workstream),
                        );
                    }
                    if q.duration == 0 {
                        p.at(
                            &format!("tasks[{i}].parent"),
                            format!("{parent:?} is a milestone, and a milestone has no subtasks"),
                        );
                    }
                    parent_of.insert(t.key.as_str(), parent);
                    has_children.insert(parent);
                }
            }
        }
        seen.insert(t.key.as_str(), i);
    }
    let is_ancestor = |a: &str, of: &str| {
        let mut at = of;
        while let Some(&up) = parent_of.get(at) {
            if up == a {
                return true;
            }
            at = up;
        }
        false
    };
    for (i, t) in doc.tasks.iter().enumerate() {
        if has_children.contains(t.key.as_str())
            && (t.percent_complete != 0 || t.actual_start.is_some() || t.actual_finish.is_some())
        {
            p.at(
                &format!("tasks[{i}]"),
                format!(
                    "{:?} is a summary task and has progress of its own; progress goes on its subtasks",
                    t.key
                ),
            );
        }
        for (j, l) in t.after.iter().enumerate() {
            if is_ancestor(&l.key, &t.key) || is_ancestor(&t.key, &l.key) {
                p.at(
                    &format!("tasks[{i}].after[{j}].key"),
                    format!(
                        "{:?} and {:?} are a summary and its own subtask, which cannot be linked",
                        l.key, t.key
                    ),
                );
            }
        }
    }
}

/// Each money list's total must stay below the limit of any one amount, as the commands keep
/// it (see `ops::apply::check_money_totals`), so that no report's sum can overflow.
fn check_totals(p: &mut Problems, doc: &ProgramDoc) {
    let limit = i128::from(Money::LIMIT_CENTS);
    let mut total = |list: &str, amounts: &mut dyn Iterator<Item = Option<Money>>| {
        let sum: i128 = amounts.flatten().map(|m| i128::from(m.0).abs()).sum();
        if sum >= limit {
            p.at(
                list,
                format!(
                    "the amounts add up to {}, and a total must stay below 10^13 like any amount",
                    sum / 100
                ),
            );
        }
    };
    total("spend", &mut doc.spend.iter().map(|s| Some(s.amount)));
    total("budget", &mut doc.budget.iter().map(|b| Some(b.amount)));
    total("tasks", &mut doc.tasks.iter().map(|t| t.budget));
    total("raid", &mut doc.raid.iter().map(|r| r.cost_impact));
    total("changes", &mut doc.changes.iter().map(|c| c.budget_delta));
}

/// Duplicate keys, references to things that do not exist, and dependency cycles.
fn check_references(p: &mut Problems, doc: &ProgramDoc) {
    fn unique<'a>(
        p: &mut Problems,
        list: &str,
        keys: impl Iterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for (i, k) in keys.enumerate() {
            if !seen.insert(k) {
                p.at(&format!("{list}[{i}].key"), format!("duplicate key {k:?}"));
            }
        }
        seen
    }
    let ws = unique(
        p,
        "workstreams",
        doc.workstreams.iter().map(|w| w.key.as_str()),
    );
    let tasks = unique(p, "tasks", doc.tasks.iter().map(|t| t.key.as_str()));
    unique(p, "raid", doc.raid.iter().map(|r| r.key.as_str()));
    unique(p, "spend", doc.spend.iter().map(|s| s.key.as_str()));
    unique(p, "changes", doc.changes.iter().map(|c| c.key.as_str()));
    unique(p, "decisions", doc.decisions.iter().map(|d| d.key.as_str()));
    let mut names = HashSet::new();
    for (i, b) in doc.baselines.iter().enumerate() {
        if let Err(e) = crate::domain::text::required("name", &b.name) {
            p.at(&format!("baselines[{i}]"), e);
        }
        if !names.insert(b.name.as_str()) {
            p.at(
                &format!("baselines[{i}].name"),
                format!("duplicate baseline {:?}", b.name),
            );
        }
    }
    let ws_ref = |p: &mut Problems, path: String, key: &str| {
        if !ws.contains(key) {
            p.at(&path, format!("unknown workstream {key:?}"));
        }
    };
    for (i, t) in doc.tasks.iter().enumerate() {
        ws_ref(p, format!("tasks[{i}].workstream"), &t.workstream);
        let mut preds = HashSet::new();
        for (j, l) in t.after.iter().enumerate() {
            if !tasks.contains(l.key.as_str()) {
                p.at(
                    &format!("tasks[{i}].after[{j}].key"),
                    format!("unknown task {:?}", l.key),
                );
            }
            if !preds.insert(l.key.as_str()) {
                p.at(
                    &format!("tasks[{i}].after[{j}].key"),
                    format!("{:?} is listed twice", l.key),
                );
            }
        }
    }
    check_wbs(p, doc);
    for (i, r) in doc.raid.iter().enumerate() {
        if let Some(w) = &r.workstream {
            ws_ref(p, format!("raid[{i}].workstream"), w);
        }
        for (j, t) in r.tasks.iter().enumerate() {
            if !tasks.contains(t.as_str()) {
                p.at(
                    &format!("raid[{i}].tasks[{j}]"),
                    format!("unknown task {t:?}"),
                );
            }
        }
    }
    for (i, b) in doc.budget.iter().enumerate() {
        ws_ref(p, format!("budget[{i}].workstream"), &b.workstream);
    }
    let mut lines = HashSet::new();
    for (i, b) in doc.budget.iter().enumerate() {
        if !lines.insert((b.workstream.as_str(), b.category.as_str(), b.month)) {
            p.at(
                &format!("budget[{i}]"),
                format!(
                    "duplicate budget line {} {} {}",
                    b.workstream, b.category, b.month
                ),
            );
        }
    }
    for (i, s) in doc.spend.iter().enumerate() {
        ws_ref(p, format!("spend[{i}].workstream"), &s.workstream);
    }
    for (i, c) in doc.changes.iter().enumerate() {
        if let Some(w) = &c.workstream {
            ws_ref(p, format!("changes[{i}].workstream"), w);
        }
    }
    let mut scopes = HashSet::new();
    for (i, n) in doc.status_notes.iter().enumerate() {
        if let Some(w) = &n.workstream {
            ws_ref(p, format!("status_notes[{i}].workstream"), w);
        }
        if !scopes.insert((n.week, n.workstream.as_deref())) {
            p.at(
                &format!("status_notes[{i}]"),
                format!(
                    "a second note for {} {}",
                    n.week,
                    n.workstream.as_deref().unwrap_or("(program)")
                ),
            );
        }
    }
    for (i, b) in doc.baselines.iter().enumerate() {
        let mut seen = HashSet::new();
        for (j, t) in b.tasks.iter().enumerate() {
            if !seen.insert(t.key.as_str()) {
                p.at(
                    &format!("baselines[{i}].tasks[{j}].key"),
                    format!("task {:?} is in this baseline twice", t.key),
                );
            }
            if !tasks.contains(t.key.as_str()) {
                p.at(
                    &format!("baselines[{i}].tasks[{j}].key"),
                    format!("unknown task {:?}", t.key),
                );
            }
        }
    }
    // Cycles, only when every link resolves (else the dangling ones were reported above).
    let index: HashMap<&str, usize> = doc
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut preds: Vec<Vec<usize>> = vec![];
    for t in &doc.tasks {
        let ps: Option<Vec<usize>> = t
            .after
            .iter()
            .map(|l| index.get(l.key.as_str()).copied())
            .collect();
        match ps {
            Some(ps) => preds.push(ps),
            None => return,
        }
    }
    let keys: Vec<&str> = doc.tasks.iter().map(|t| t.key.as_str()).collect();
    if let Err(e) = schedule::topological_order(&keys, &preds) {
        p.at("tasks", e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{demo, generate};

    /// Both readers must give the same program for every valid file.
    #[test]
    fn fast_and_thorough_readers_agree() {
        let docs = [
            demo::demo_program(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap(),
            generate::generate(700, 9).unwrap(),
        ];
        for doc in docs {
            let text = to_json(&doc);
            assert_eq!(read_fast(&text).as_ref(), Some(&doc));
            assert_eq!(read_thorough(&text).unwrap(), doc);
        }
    }

    /// Optional fields may be left out; both readers fill in the same defaults.
    #[test]
    fn minimal_file_reads_the_same_both_ways() {
        let text = r#"{"format": "milepost.program", "version": 1,
            "program": {"name": "Mini", "start": "2026-01-05"},
            "workstreams": [{"key": "PLT", "name": "Platform"}],
            "tasks": [{"key": "PLT-1", "workstream": "PLT", "title": " Design ", "duration": 3},
                      {"key": "PLT-2", "workstream": "PLT", "title": "Build", "duration": 2, "after": [{"key": "PLT-1"}]}],
            "raid": [{"key": "R-1", "kind": "risk", "title": "Slip", "raised": "2026-01-06"}],
            "spend": [{"key": "SP-1", "date": "2026-01-07", "workstream": "PLT", "category": "Labor", "amount": "10.00"}],
            "changes": [{"key": "CR-1", "title": "More", "raised": "2026-01-08"}]}"#;
        let fast = read_fast(text).expect("fast path accepts a minimal file");
        assert_eq!(read_thorough(text).unwrap(), fast);
        assert_eq!(fast.program.currency, "USD");
        assert_eq!(
            fast.program.calendar.workdays,
            ["mon", "tue", "wed", "thu", "fri"]
        );
        assert_eq!(fast.tasks[0].title, "Design");
        assert_eq!(fast.tasks[1].after[0].link_type, LinkType::Fs);
        assert_eq!(fast.raid[0].status, "open");
        assert_eq!(fast.spend[0].status, SpendStatus::Invoiced);
        assert_eq!(fast.changes[0].status, ChangeStatus::Proposed);
    }

    /// What the thorough reader refuses, the fast one must refuse too.
    #[test]
    fn fast_reader_is_never_laxer() {
        let good = to_json(&generate::generate(20, 1).unwrap());
        for (from, to) in [
            ("\"start\":\"2026-01-05\"", "\"start\":\"2026-1-5\""),
            ("\"amount\":\"", "\"amount\":\"1,"),
            ("\"duration\":", "\"duration\":1.5,\"x\":"),
            ("\"status\":\"invoiced\"", "\"status\":\"INVOICED \""),
            ("\"week\":\"2026-W27\"", "\"week\":\"2026-W27 \""),
        ] {
            assert!(good.contains(from), "{from}");
            let bad = good.replacen(from, to, 1);
            let thorough = read_thorough(&bad).is_ok();
            let fast = read_fast(&bad).is_some();
            assert!(
                !fast || thorough,
                "fast path accepted what the thorough one refuses: {to}"
            );
        }
    }
}
