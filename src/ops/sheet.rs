//! Imports from spreadsheets (SPEC §12): task rows and RAID rows that `io::sheet` read from
//! CSV, added to the program as one journaled command, so that `undo` takes a whole file back.
//! Every problem is listed by line and column; a file with any problem adds nothing.

use super::apply::{calendar, msg};
use super::patch::patch_raid;
use super::{Context, Outcome, RaidPatch, wbs};
use crate::domain::{
    Link, LinkType, MAX_LAG, Money, RaidItem, RaidKind, Task, Workstream, keys, text, validate,
};
use crate::error::{Error, Result};
use crate::store::Db;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One row of a task sheet, each cell checked, with the line it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskRow {
    pub line: u64,
    /// What `Predecessors` cells call this row: its ID cell, else its number among the rows.
    pub id: String,
    pub title: String,
    pub workstream: Option<String>,
    /// Outline level, 1 at the top.
    pub level: usize,
    /// Working days, rounded up to whole ones; `None` when the row gives none.
    pub duration: Option<i64>,
    pub milestone: bool,
    pub start: Option<NaiveDate>,
    pub finish: Option<NaiveDate>,
    pub percent: Option<i64>,
    pub owner: Option<String>,
    pub budget: Option<Money>,
    pub deadline: Option<NaiveDate>,
    pub preds: Vec<PredRef>,
}

/// A predecessor as a sheet writes it: a row's ID or a task key, a type and a lag.
#[derive(Debug, Clone, PartialEq)]
pub struct PredRef {
    pub target: String,
    pub link_type: LinkType,
    pub lag: SheetLag,
}

/// A lag in working days (maybe a part day) or as a share of the predecessor's duration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SheetLag {
    Days(f64),
    Percent(f64),
}

/// One row of a RAID register, each cell checked, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct RaidRow {
    pub line: u64,
    pub kind: RaidKind,
    pub title: String,
    pub closed: Option<NaiveDate>,
    pub fields: RaidPatch,
}

/// What a sheet import did beside the plain copy, counted.
#[derive(Default)]
struct Counts(BTreeMap<&'static str, usize>);

impl Counts {
    fn add(&mut self, what: &'static str) {
        *self.0.entry(what).or_insert(0) += 1;
    }

    /// The outcome's message: the summary, then one line per count and note.
    fn message(&self, summary: String, notes: &[String]) -> String {
        let mut lines = vec![summary];
        lines.extend(self.0.iter().map(|(what, n)| format!("  {n} {what}")));
        lines.extend(notes.iter().map(|n| format!("  {n}")));
        lines.join("\n")
    }
}

/// The program's workstreams by lower-case key and name, with those the import adds.
struct Streams {
    by_word: HashMap<String, String>,
    taken: BTreeSet<String>,
    added: Vec<String>,
}

impl Streams {
    fn load(db: &Db) -> Result<Streams> {
        let mut s = Streams {
            by_word: HashMap::new(),
            taken: BTreeSet::new(),
            added: vec![],
        };
        for w in db.workstreams()? {
            s.know(&w);
        }
        Ok(s)
    }

    fn know(&mut self, w: &Workstream) {
        self.by_word.insert(w.key.to_lowercase(), w.key.clone());
        self.by_word
            .entry(w.name.to_lowercase())
            .or_insert_with(|| w.key.clone());
        self.taken.insert(w.key.clone());
    }

    /// The workstream `name` names (its key or its name, in any case).
    fn find(&self, name: &str) -> Option<String> {
        self.by_word.get(&name.trim().to_lowercase()).cloned()
    }

    /// The workstream `name` names, added (with a key from the name) when there is none.
    fn resolve(&mut self, db: &Db, name: &str) -> Result<String> {
        if let Some(k) = self.find(name) {
            return Ok(k);
        }
        let key = match keys::workstream_key("workstream", name) {
            Ok(k) if !self.taken.contains(&k) => k,
            _ => keys::key_from_name(name, &self.taken),
        };
        let ws = Workstream {
            key: key.clone(),
            name: text::required("workstream", name)?,
            owner: None,
        };
        db.save_workstream(&ws)?;
        self.know(&ws);
        self.added.push(key.clone());
        Ok(key)
    }
}

/// What reading a sheet found beside its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetRead {
    /// Field to header as the file writes it, for messages.
    pub columns: BTreeMap<String, String>,
    /// What reading left out or rounded, for the report.
    pub notes: Vec<String>,
    /// The bad cells reading found; the import checks the rest and then refuses.
    pub problems: Vec<String>,
}

impl SheetRead {
    /// The header a field was read from, for messages.
    fn header<'a>(&'a self, field: &'a str) -> &'a str {
        self.columns.get(field).map_or(field, String::as_str)
    }
}

/// Refuse with every problem, in line order (reading's and the program's checks together).
fn refuse(mut problems: Vec<String>) -> Error {
    let line = |p: &String| -> u64 {
        p.strip_prefix("line ")
            .and_then(|r| r.split([',', ':']).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(u64::MAX)
    };
    problems.sort_by_key(line);
    Error::Invalid(problems)
}

/// Add the rows of a task sheet to the program (`import --format csv-tasks`).
///
/// With a workstream column or `--ws`, every row is a task and the outline gives its summary.
/// Without either, the sheet is a plan like an MS Project one: level-1 summary rows become
/// workstreams (matched to the program's by key or name, else added) and level-1 tasks go into
/// a workstream named after the plan.
pub(super) fn import_tasks(
    db: &Db,
    today: NaiveDate,
    file: &str,
    plan: &str,
    workstream: Option<&str>,
    rows: &[TaskRow],
    sheet: &SheetRead,
) -> Result<Outcome> {
    let cal = calendar(db)?;
    let mut counts = Counts::default();
    let mut problems: Vec<String> = sheet.problems.to_vec();
    let mut streams = Streams::load(db)?;
    let flag = match workstream {
        Some(w) => Some(streams.find(w).ok_or_else(|| {
            Error::invalid(
                "ws",
                w,
                "no such workstream (add it with `ws add`, or leave --ws out)",
            )
        })?),
        None => None,
    };
    let explicit = flag.is_some() || rows.iter().any(|r| r.workstream.is_some());
    let has_children: Vec<bool> = (0..rows.len())
        .map(|i| rows.get(i + 1).is_some_and(|n| n.level > rows[i].level))
        .collect();

    // The rows other rows wait for.
    let referenced: HashSet<&str> = rows
        .iter()
        .flat_map(|r| r.preds.iter().map(|p| p.target.as_str()))
        .collect();
    // Each row placed in the WBS and given its key; a level-1 summary row may be a workstream.
    let mut tasks: Vec<Option<Task>> = Vec::with_capacity(rows.len());
    let mut key_of_id: HashMap<&str, Option<String>> = HashMap::new();
    let mut chain: Vec<(usize, Option<String>, String, u64)> = vec![];
    let mut plan_ws: Option<String> = None;
    for (i, r) in rows.iter().enumerate() {
        while chain.last().is_some_and(|(l, ..)| *l >= r.level) {
            chain.pop();
        }
        if !explicit && r.level == 1 && has_children[i] {
            let ws = streams.resolve(db, &r.title)?;
            counts.add("level-1 summary rows read as workstreams");
            chain.push((1, None, ws, r.line));
            // A linked phase stays a summary task at the top of its workstream too, so that
            // its links keep binding its subtasks (as an MS Project import does).
            if r.preds.is_empty() && !referenced.contains(r.id.as_str()) {
                key_of_id.insert(&r.id, None);
                tasks.push(None);
                continue;
            }
            counts.add("linked level-1 summary rows kept as summary tasks too");
        }
        let parent = chain.last().and_then(|(_, k, ..)| k.clone());
        let ws = match (&r.workstream, chain.last()) {
            (Some(w), above) => {
                let ws = streams.resolve(db, w)?;
                if let Some((_, Some(_), pws, line)) = above
                    && *pws != ws
                {
                    problems.push(format!(
                        "line {}, column {}: {ws}, but its summary on line {line} is in {pws}; a summary and its subtasks share a workstream",
                        r.line,
                        sheet.header("workstream")
                    ));
                }
                ws
            }
            (None, Some((.., pws, _))) => pws.clone(),
            (None, None) if explicit => match &flag {
                Some(f) => f.clone(),
                None => {
                    problems.push(format!(
                        "line {}, column {}: empty; name the row's workstream, or give --ws",
                        r.line,
                        sheet.header("workstream")
                    ));
                    key_of_id.insert(&r.id, None);
                    tasks.push(None);
                    continue;
                }
            },
            (None, None) => match &plan_ws {
                Some(w) => w.clone(),
                None => {
                    let w = streams.resolve(db, plan)?;
                    plan_ws = Some(w.clone());
                    w
                }
            },
        };
        let key = format!("{ws}-{}", db.take_task_number(&ws)?);
        let summary = has_children[i];
        let duration = if summary {
            1
        } else if r.milestone {
            if r.duration.is_some_and(|d| d > 0) {
                counts.add("milestones marked in the Milestone column given no duration");
            }
            0
        } else {
            match (r.duration, r.start, r.finish) {
                (Some(d), ..) => d,
                (None, Some(s), Some(f)) => {
                    counts.add("durations counted from start to finish");
                    (cal.index_on_or_before(f) - cal.index_of(s) + 1).max(1)
                }
                _ => {
                    counts.add("tasks without a duration given 1 day");
                    1
                }
            }
        };
        let mut task = Task::new(key.clone(), ws.clone(), r.title.clone(), duration);
        task.parent = parent;
        task.owner = r.owner.clone();
        task.deadline = r.deadline;
        if summary {
            if r.duration.is_some_and(|d| d > 0) || r.percent.is_some_and(|p| p > 0) {
                counts.add("summary rows' duration and progress rolled up from subtasks instead");
            }
            if r.budget.is_some() {
                counts.add("summary rows' cost rolled up from subtasks instead");
            }
            counts.add("summary tasks");
        } else {
            task.budget = r.budget;
            task.percent_complete = r.percent.unwrap_or(0);
            if task.percent_complete > 0 {
                task.actual_start = r.start;
                if r.start.is_none() {
                    counts.add("started tasks without a start date");
                }
                if task.percent_complete == 100 {
                    task.actual_finish = r.finish.or_else(|| {
                        r.start
                            .map(|s| cal.add_working_days(s, (duration - 1).max(0)))
                    });
                }
                // Actual dates are facts (SPEC §2): none after today.
                for (field, date) in [("start", task.actual_start), ("finish", task.actual_finish)]
                {
                    if let Some(d) = date.filter(|d| *d > today) {
                        problems.push(format!(
                            "line {}, column {}: {field} {d} is after today ({today}), and {}% complete says it is an actual date",
                            r.line,
                            sheet.header(field),
                            task.percent_complete
                        ));
                    }
                }
            } else if let Some(s) = r.start {
                if r.preds.is_empty() {
                    task.not_before = Some(s);
                    counts.add(
                        "start dates kept as start-no-earlier-than (tasks without predecessors)",
                    );
                } else {
                    counts.add("start dates of linked tasks left to their links");
                }
            }
            if duration == 0 {
                counts.add("milestones");
            }
        }
        for e in validate::task(&task) {
            problems.push(format!("line {}: {e}", r.line));
        }
        if problems.is_empty() {
            db.save_task(&task)?;
        }
        if summary {
            chain.push((r.level, Some(key.clone()), ws, r.line));
        }
        key_of_id.insert(&r.id, Some(key));
        tasks.push(Some(task));
    }

    // Links, now that every row has its key.
    let duration_of: HashMap<&str, i64> = tasks
        .iter()
        .flatten()
        .map(|t| (t.key.as_str(), t.duration))
        .collect();
    let pred_column = sheet.header("predecessors");
    let mut links = 0usize;
    let mut linked: Vec<(u64, Task)> = vec![];
    for (r, task) in rows.iter().zip(&tasks) {
        let Some(task) = task else { continue };
        let mut after: Vec<Link> = vec![];
        for p in &r.preds {
            let target = match key_of_id.get(p.target.as_str()) {
                Some(Some(k)) => k.clone(),
                Some(None) => {
                    counts.add("links to a level-1 summary (a workstream) left out");
                    continue;
                }
                None => {
                    let k = p.target.to_ascii_uppercase();
                    if keys::task_key("after", &k).is_ok() && db.task(&k).is_ok() {
                        k
                    } else {
                        problems.push(format!(
                            "line {}, column {pred_column}: {:?} is neither the ID of a row nor a task's key",
                            r.line, p.target
                        ));
                        continue;
                    }
                }
            };
            if target == task.key {
                problems.push(format!(
                    "line {}, column {pred_column}: {:?} is the row itself",
                    r.line, p.target
                ));
                continue;
            }
            let days = match p.lag {
                SheetLag::Days(d) => d,
                SheetLag::Percent(pct) => {
                    let d = match duration_of.get(target.as_str()) {
                        Some(d) => *d,
                        None => db.task(&target)?.duration,
                    };
                    pct / 100.0 * d as f64
                }
            };
            if days.fract().abs() > 1e-9 {
                counts.add("lags rounded to whole working days");
            }
            if after.iter().any(|l| l.key == target) {
                counts.add("repeated links left out");
                continue;
            }
            after.push(Link {
                key: target,
                link_type: p.link_type,
                lag: (days.round() as i64).clamp(-MAX_LAG, MAX_LAG),
            });
        }
        if !after.is_empty() {
            links += after.len();
            let mut task = task.clone();
            task.after = after;
            linked.push((r.line, task));
        }
    }
    if problems.is_empty() {
        for (line, task) in &linked {
            for l in &task.after {
                if let Err(e) = wbs::check_link(db, &l.key, &task.key) {
                    problems.push(format!("line {line}, column {pred_column}: {e}"));
                }
            }
            if problems.is_empty() {
                db.save_task(task)?;
            }
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    wbs::refuse_cycles(db)?;

    let added_tasks = tasks.iter().flatten().count();
    let mut into: Vec<String> = tasks
        .iter()
        .flatten()
        .map(|t| t.workstream.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|w| {
            if streams.added.contains(&w) {
                format!("{w} (new)")
            } else {
                w
            }
        })
        .collect();
    if into.is_empty() {
        into.push("no workstream".into());
    }
    let summary = format!(
        "imported {file}: {added_tasks} task{} and {links} link{} into {}",
        if added_tasks == 1 { "" } else { "s" },
        if links == 1 { "" } else { "s" },
        into.join(", ")
    );
    Ok(msg(counts.message(summary, &sheet.notes)))
}

/// Add the rows of a RAID register to the program (`import --format csv-raid`). An item of
/// the same kind and title as one already in the log is skipped, so that a register imported
/// again adds only its new rows.
pub(super) fn import_raid(
    db: &Db,
    ctx: &Context,
    file: &str,
    rows: &[RaidRow],
    sheet: &SheetRead,
) -> Result<Outcome> {
    let mut counts = Counts::default();
    let mut problems: Vec<String> = sheet.problems.to_vec();
    let streams = Streams::load(db)?;
    let known: HashSet<(RaidKind, String)> = db
        .raid_items(None)?
        .into_iter()
        .map(|r| (r.kind, r.title.to_lowercase()))
        .collect();
    let mut by_kind: BTreeMap<RaidKind, usize> = BTreeMap::new();
    for r in rows {
        if known.contains(&(r.kind, r.title.to_lowercase())) {
            counts.add("items already in the log (same kind and title) skipped");
            continue;
        }
        let mut fields = r.fields.clone();
        if let Some(Some(w)) = &fields.workstream {
            match streams.find(w) {
                Some(k) => fields.workstream = Some(Some(k)),
                None => {
                    problems.push(format!(
                        "line {}, column {}: no workstream {w:?} (by key or name)",
                        r.line,
                        sheet.header("workstream")
                    ));
                    continue;
                }
            }
        }
        let missing: Vec<&String> = fields
            .tasks
            .iter()
            .flatten()
            .filter(|t| db.task(t).is_err())
            .collect();
        if !missing.is_empty() {
            for t in missing {
                problems.push(format!(
                    "line {}, column {}: no task {t:?}",
                    r.line,
                    sheet.header("tasks")
                ));
            }
            continue;
        }
        match (&fields.status, r.closed) {
            (None, Some(_)) => {
                fields.status = Some(r.kind.default_closed_status().to_string());
            }
            (Some(s), Some(_)) if !r.kind.is_closed_status(s) => {
                counts.add("closed dates of items whose status is open left out");
            }
            _ => {}
        }
        let number = db.next_number(r.kind.prefix())?;
        let key = format!("{}-{number}", r.kind.prefix());
        let mut item = RaidItem::new(key.clone(), r.kind, r.title.clone(), ctx.today);
        item.closed = r.closed;
        if let Err(e) = patch_raid(db, &mut item, fields, ctx) {
            problems.push(format!("line {}: {e}", r.line));
            continue;
        }
        for e in validate::raid(&item) {
            problems.push(format!("line {}: {e}", r.line));
        }
        if problems.is_empty() {
            db.save_raid(&item)?;
            *by_kind.entry(r.kind).or_insert(0) += 1;
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let total: usize = by_kind.values().sum();
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| match (k, n) {
            (_, 1) => format!("1 {k}"),
            (RaidKind::Dependency, n) => format!("{n} dependencies"),
            (k, n) => format!("{n} {k}s"),
        })
        .collect();
    let summary = if total == 0 {
        format!("imported {file}: nothing new")
    } else {
        format!("imported {file}: {}", kinds.join(", "))
    };
    Ok(msg(counts.message(summary, &sheet.notes)))
}
