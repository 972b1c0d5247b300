//! MS Project as an oracle for milepost's schedule: for an MS Project XML file that MS Project
//! scheduled on whole days, import it with milepost, take the pure plan (`schedule --json
//! --as-of` the day before the start), and compare each leaf task's early and late start and
//! finish and its total float with the `EarlyStart`, `EarlyFinish`, `LateStart`,
//! `LateFinish` and `TotalSlack` the file stores. Every disagreement is printed with what
//! explains it: something the import left out or rounded, on the task itself, upstream of it
//! (early dates) or downstream of it (late dates and float).
//!
//! Usage: `cargo run --example mspdi_oracle -- MILEPOST_BINARY FILE.xml...`
//! (`scripts/mspdi-corpus.sh` runs it over the corpus folder). Prints a Markdown table, then
//! the disagreements. Exits 1 when a disagreement has no explanation.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use milepost::domain::{Calendar, Workdays};
use roxmltree::{Document, Node};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

fn child<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn text<'a>(n: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(n, name).and_then(|c| c.text()).map(str::trim)
}

fn int(n: Node, name: &str) -> Option<i64> {
    text(n, name)
        .and_then(|t| t.parse::<f64>().ok())
        .map(|f| f as i64)
}

fn stamp(n: Node, name: &str) -> Option<NaiveDateTime> {
    text(n, name).and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok())
}

/// `PT40H0M0S` as minutes.
fn minutes(d: &str) -> Option<f64> {
    let rest = d.strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, rest) = rest.split_once('M')?;
    let s = rest.strip_suffix('S')?;
    Some(h.parse::<f64>().ok()? * 60.0 + m.parse::<f64>().ok()? + s.parse::<f64>().ok()? / 60.0)
}

/// One task of the file, as the oracle needs it.
struct Row {
    uid: i64,
    name: String,
    level: i64,
    leaf: bool,
    milestone: bool,
    early: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    late: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    slack: i64,
    preds: Vec<i64>,
    /// What the import left out or rounded on this task itself.
    causes: Vec<String>,
}

/// The five values compared, as milepost shows them.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    start: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    late_start: Option<NaiveDate>,
    late_finish: Option<NaiveDate>,
    float: Option<f64>,
}

const FIELDS: [&str; 5] = [
    "early start",
    "early finish",
    "late start",
    "late finish",
    "total float",
];

struct Clock {
    cal: Calendar,
    day_start: NaiveTime,
    day_end: NaiveTime,
}

impl Clock {
    /// A moment of the file as a boundary between working days (index i: the start of working
    /// day i); `None` for a moment inside a working day.
    fn boundary(&self, t: NaiveDateTime) -> Option<i64> {
        let d = t.date();
        let i = self.cal.index_of(d);
        if !self.cal.is_working_day(d) || t.time() <= self.day_start {
            Some(i)
        } else if t.time() >= self.day_end {
            Some(i + 1)
        } else {
            None
        }
    }

    /// The dates milepost would show for a span between two boundaries (SPEC §2).
    fn shown(&self, s: i64, f: i64, milestone: bool) -> (NaiveDate, NaiveDate) {
        if milestone {
            let d = self.cal.date_of((s - 1).max(0));
            (d, d)
        } else {
            (self.cal.date_of(s), self.cal.date_of(f - 1))
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((bin, files)) = args.split_first() else {
        eprintln!("usage: mspdi_oracle MILEPOST_BINARY FILE.xml...");
        std::process::exit(2);
    };
    println!(
        "| file | leaves compared | all five agree | early start | early finish | late start | late finish | total float | disagreements explained |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut notes: Vec<String> = vec![];
    for file in files {
        match compare(bin, Path::new(file), &mut notes) {
            Ok(line) => println!("{line}"),
            Err(e) => {
                let name = Path::new(file)
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy();
                println!("| {name} | not compared: {e} ||||||||");
            }
        }
    }
    let mut unexplained = notes.iter().filter(|n| n.contains("UNEXPLAINED")).count();
    // The calendar: recurring exceptions as milepost expands them, against the days MS Project
    // wrote out itself (dated `DayType 0` entries), for files that hold both forms.
    let mut calendar_lines = vec![];
    for file in files {
        if let Some(line) = recurring(Path::new(file)) {
            if line.contains("differ") {
                unexplained += 1;
            }
            calendar_lines.push(line);
        }
    }
    if !calendar_lines.is_empty() {
        println!();
        println!(
            "| file | recurring exceptions | days expanded | of them in MS Project's dated days |"
        );
        println!("|---|---|---|---|");
        for l in calendar_lines {
            println!("{l}");
        }
    }
    if !notes.is_empty() {
        println!();
        for n in &notes {
            println!("{n}");
        }
    }
    if unexplained > 0 {
        std::process::exit(1);
    }
}

fn compare(bin: &str, path: &Path, notes: &mut Vec<String>) -> Result<String, String> {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let xml = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let (doc, _, keys) = milepost::io::mspdi::read_keyed(&xml, &stem).map_err(|e| e.to_string())?;
    let tree = Document::parse(&xml).map_err(|e| e.to_string())?;
    let project = tree.root_element();
    let mpd = int(project, "MinutesPerDay")
        .filter(|m| *m > 0)
        .unwrap_or(480) as f64;
    let time = |name: &str, default: &str| {
        NaiveTime::parse_from_str(text(project, name).unwrap_or(default), "%H:%M:%S")
            .unwrap_or_default()
    };
    let workdays = Workdays::parse("workdays", &doc.program.calendar.workdays.join(","))
        .map_err(|e| e.to_string())?;
    let clock = Clock {
        cal: Calendar::new(doc.program.start, workdays, &doc.program.calendar.holidays),
        day_start: time("DefaultStartTime", "08:00:00"),
        day_end: time("DefaultFinishTime", "17:00:00"),
    };
    if text(project, "ScheduleFromStart") == Some("0") {
        return Err("scheduled from the finish date".into());
    }

    // The file's tasks in row order, with the causes on each.
    // A calendar that changes nothing of the project calendar: derived from it, with no
    // weekdays or exceptions of its own (MS Project gives every resource one).
    let base_calendar = int(project, "CalendarUID").unwrap_or(1);
    let plain: BTreeSet<i64> = child(project, "Calendars")
        .iter()
        .flat_map(|c| c.children())
        .filter(|c| c.has_tag_name("Calendar"))
        .filter(|c| {
            let own =
                |name: &str| child(*c, name).is_some_and(|n| n.children().any(|x| x.is_element()));
            int(*c, "BaseCalendarUID") == Some(base_calendar)
                && !own("WeekDays")
                && !own("Exceptions")
        })
        .filter_map(|c| int(c, "UID"))
        .chain([base_calendar])
        .collect();
    let resource_calendar: HashMap<i64, i64> = child(project, "Resources")
        .iter()
        .flat_map(|r| r.children())
        .filter(|r| r.has_tag_name("Resource"))
        .filter_map(|r| Some((int(r, "UID")?, int(r, "CalendarUID")?)))
        .collect();
    let mut assigned: HashMap<i64, Vec<i64>> = HashMap::new();
    for a in child(project, "Assignments")
        .iter()
        .flat_map(|a| a.children())
        .filter(|a| a.has_tag_name("Assignment"))
    {
        if let (Some(t), Some(r)) = (int(a, "TaskUID"), int(a, "ResourceUID")) {
            assigned.entry(t).or_default().push(r);
        }
    }
    let nodes: Vec<Node> = child(project, "Tasks")
        .iter()
        .flat_map(|t| t.children())
        .filter(|t| t.has_tag_name("Task") && text(*t, "IsNull") != Some("1"))
        .filter(|t| int(*t, "UID").unwrap_or(0) != 0 && int(*t, "OutlineLevel").unwrap_or(1) > 0)
        .collect();
    let mut rows: Vec<Row> = vec![];
    for (i, t) in nodes.iter().enumerate() {
        let t = *t;
        let uid = int(t, "UID").unwrap_or(-1);
        let level = int(t, "OutlineLevel").unwrap_or(1);
        let leaf = nodes
            .get(i + 1)
            .is_none_or(|n| int(*n, "OutlineLevel").unwrap_or(1) <= level);
        let duration = text(t, "Duration").and_then(minutes).unwrap_or(0.0);
        let mut causes = vec![];
        if text(t, "Manual") == Some("1") {
            causes.push("manually scheduled in MS Project".to_string());
        }
        match int(t, "ConstraintType").unwrap_or(0) {
            0 | 4 => {}
            c => causes.push(format!("constraint type {c} left out")),
        }
        if int(t, "CalendarUID").is_some_and(|c| c >= 0 && !plain.contains(&c)) {
            causes.push("task calendar left out".into());
        }
        if assigned.get(&uid).is_some_and(|rs| {
            rs.iter().any(|r| {
                resource_calendar
                    .get(r)
                    .is_some_and(|c| *c >= 0 && !plain.contains(c))
            })
        }) && text(t, "Type") != Some("1")
        {
            causes.push("resource calendar left out".into());
        }
        if leaf && (duration / mpd).fract().abs() > 1e-9 {
            causes.push("duration rounded up to whole days".into());
        }
        if let Some(d) = stamp(t, "Deadline").filter(|d| d.date() < doc.program.start) {
            causes.push(format!(
                "a deadline {} before the project start (milepost holds the task to it)",
                d.date()
            ));
        }
        if int(t, "PercentComplete").unwrap_or(0) > 0 || text(t, "ActualStart").is_some() {
            causes.push("progress in the file (milepost compares the plan)".into());
        }
        let mut preds = vec![];
        for pl in t.children().filter(|n| n.has_tag_name("PredecessorLink")) {
            let p = int(pl, "PredecessorUID").unwrap_or(-1);
            if !keys.contains_key(&p) {
                causes.push(format!(
                    "link from UID {p} left out (a top-level summary, now a workstream)"
                ));
            }
            let lag = int(pl, "LinkLag").unwrap_or(0) as f64 / 10.0 / mpd;
            if lag.fract().abs() > 1e-9 && !matches!(int(pl, "LagFormat"), Some(19 | 20)) {
                causes.push("lag rounded to whole days".into());
            }
            if matches!(int(pl, "LagFormat"), Some(5 | 6 | 8 | 10 | 12 | 20)) {
                causes.push("elapsed lag read as working days".into());
            }
            preds.push(p);
        }
        if matches!(int(t, "DurationFormat"), Some(4 | 6 | 8 | 10 | 12)) {
            causes.push("elapsed duration read as working days".into());
        }
        // Last, the file's own values must agree with each other: a file written by a tool
        // that did not recalculate the schedule does not.
        let at = |name: &str| stamp(t, name).and_then(|x| clock.boundary(x));
        let own_calendar = causes.iter().any(|c| c.contains("calendar"));
        if let (false, Some(es), Some(ef), Some(ls)) = (
            own_calendar,
            at("EarlyStart"),
            at("EarlyFinish"),
            at("LateStart"),
        ) {
            let days = duration / mpd;
            if leaf && days.fract().abs() < 1e-9 && duration > 0.0 && (ef - es) as f64 != days {
                causes.push(format!(
                    "the file disagrees with itself: Duration {days} days, but its early dates span {}",
                    ef - es
                ));
            }
            let slack = int(t, "TotalSlack").unwrap_or(0) as f64 / 10.0 / mpd;
            if leaf && slack != (ls - es) as f64 {
                causes.push(format!(
                    "the file disagrees with itself: TotalSlack {slack} days, but LateStart - EarlyStart is {} (not recalculated)",
                    ls - es
                ));
            }
        }
        rows.push(Row {
            uid,
            name: text(t, "Name").unwrap_or("").to_string(),
            level,
            leaf,
            milestone: text(t, "Milestone") == Some("1") || duration == 0.0,
            early: (stamp(t, "EarlyStart"), stamp(t, "EarlyFinish")),
            late: (stamp(t, "LateStart"), stamp(t, "LateFinish")),
            slack: int(t, "TotalSlack").unwrap_or(0),
            preds,
            causes,
        });
    }
    let leaves: Vec<&Row> = rows
        .iter()
        .filter(|r| r.leaf && keys.contains_key(&r.uid))
        .collect();
    if leaves.is_empty()
        || leaves
            .iter()
            .any(|r| r.early.0.is_none() || r.late.0.is_none())
    {
        return Ok(format!(
            "| {name} | not compared: the file stores no early and late dates ||||||||"
        ));
    }
    let part_day = leaves
        .iter()
        .filter(|r| {
            [r.early.0, r.early.1, r.late.0, r.late.1]
                .iter()
                .any(|t| t.is_none_or(|t| clock.boundary(t).is_none()))
        })
        .count();
    if part_day > 0 {
        return Ok(format!(
            "| {name} | not compared: MS Project scheduled {part_day} of {} leaves on part days ||||||||",
            leaves.len()
        ));
    }

    // milepost's pure plan.
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("oracle.db");
    let run = |args: &[&str]| -> Result<String, String> {
        let out = Command::new(bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("MILEPOST_TODAY", "2026-11-22")
            .output()
            .map_err(|e| format!("{bin}: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(String::from_utf8_lossy(&out.stdout).to_string())
    };
    run(&[
        "import",
        &path.to_string_lossy(),
        "--format",
        "msp",
        "--quiet",
    ])?;
    let as_of = doc.program.start - Days::new(1);
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "schedule",
        "--json",
        "--as-of",
        &as_of.to_string(),
    ])?)
    .map_err(|e| e.to_string())?;
    let date = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    let mine: HashMap<String, Plan> = json["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (
                t["key"].as_str().unwrap_or("").to_string(),
                Plan {
                    start: date(&t["start"]),
                    finish: date(&t["finish"]),
                    late_start: date(&t["late_start"]),
                    late_finish: date(&t["late_finish"]),
                    float: t["total_float"].as_f64(),
                },
            )
        })
        .collect();

    // The links each way, with a summary's links reaching its leaves (SPEC §11).
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.uid, i)).collect();
    let mut parent: Vec<Option<usize>> = vec![None; rows.len()];
    let mut chain: Vec<usize> = vec![];
    for (i, r) in rows.iter().enumerate() {
        while chain.last().is_some_and(|c| rows[*c].level >= r.level) {
            chain.pop();
        }
        parent[i] = chain.last().copied();
        chain.push(i);
    }
    let mut upstream: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); rows.len()];
    let mut downstream: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); rows.len()];
    for (i, r) in rows.iter().enumerate() {
        for p in &r.preds {
            if let Some(&j) = index.get(p) {
                upstream[i].insert(j);
                downstream[j].insert(i);
            }
        }
        if let Some(p) = parent[i] {
            // A leaf waits for what its summary waits for, and what follows the summary
            // waits for the leaf.
            upstream[i].insert(p);
            downstream[i].insert(p);
        }
    }
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            // A summary's links bind its leaves; what the leaves wait for, the summary does.
            upstream[*p].insert(i);
            downstream[*p].insert(i);
        }
    }
    let reach = |from: usize, edges: &Vec<BTreeSet<usize>>| -> Vec<usize> {
        let mut seen = BTreeSet::from([from]);
        let mut todo = vec![from];
        let mut order = vec![];
        while let Some(i) = todo.pop() {
            for &j in &edges[i] {
                if seen.insert(j) {
                    order.push(j);
                    todo.push(j);
                }
            }
        }
        order
    };
    let first_cause = |from: usize, edges: &Vec<BTreeSet<usize>>, side: &str| -> Option<String> {
        reach(from, edges).into_iter().find_map(|j| {
            rows[j].causes.first().map(|c| {
                format!(
                    "{side} UID {} ({}): {c}",
                    rows[j].uid,
                    rows[j].name.chars().take(40).collect::<String>()
                )
            })
        })
    };
    let project_finish_differs = {
        let ms = stamp(project, "FinishDate").and_then(|t| clock.boundary(t));
        let mine = date(&json["project_finish"]).map(|d| clock.cal.index_of(d) + 1);
        match (ms, mine) {
            (Some(a), Some(b)) if a != b => Some((a, b)),
            _ => None,
        }
    };

    let mut agree = [0usize; 5];
    let mut all = 0;
    let mut explained = 0;
    let mut disagreements = 0;
    for r in &leaves {
        let key = &keys[&r.uid];
        let Some(m) = mine.get(key) else { continue };
        let b = |t: Option<NaiveDateTime>| t.and_then(|t| clock.boundary(t)).unwrap_or(0);
        let (es, ef) = clock.shown(b(r.early.0), b(r.early.1), r.milestone);
        let (ls, lf) = clock.shown(b(r.late.0), b(r.late.1), r.milestone);
        let theirs = Plan {
            start: Some(es),
            finish: Some(ef),
            late_start: Some(ls),
            late_finish: Some(lf),
            float: Some(r.slack as f64 / 10.0 / mpd),
        };
        let pairs = [
            (
                theirs.start.map(|d| d.to_string()),
                m.start.map(|d| d.to_string()),
            ),
            (
                theirs.finish.map(|d| d.to_string()),
                m.finish.map(|d| d.to_string()),
            ),
            (
                theirs.late_start.map(|d| d.to_string()),
                m.late_start.map(|d| d.to_string()),
            ),
            (
                theirs.late_finish.map(|d| d.to_string()),
                m.late_finish.map(|d| d.to_string()),
            ),
            (
                theirs.float.map(|f| f.to_string()),
                m.float.map(|f| f.to_string()),
            ),
        ];
        let mut wrong = vec![];
        for (f, (a, b)) in pairs.iter().enumerate() {
            if a == b {
                agree[f] += 1;
            } else {
                wrong.push(format!(
                    "{} MS Project {} milepost {}",
                    FIELDS[f],
                    a.as_deref().unwrap_or("-"),
                    b.as_deref().unwrap_or("-")
                ));
            }
        }
        if wrong.is_empty() {
            all += 1;
            continue;
        }
        disagreements += 1;
        let i = index[&r.uid];
        let early_wrong = pairs[0].0 != pairs[0].1 || pairs[1].0 != pairs[1].1;
        let cause = (!r.causes.is_empty())
            .then(|| format!("itself: {}", r.causes.join("; ")))
            .or_else(|| {
                early_wrong
                    .then(|| first_cause(i, &upstream, "upstream"))
                    .flatten()
            })
            .or_else(|| (!early_wrong).then(|| first_cause(i, &downstream, "downstream")).flatten())
            .or_else(|| {
                (!early_wrong)
                    .then_some(project_finish_differs)
                    .flatten()
                    .map(|(a, b)| {
                        let why = rows
                            .iter()
                            .find_map(|x| x.causes.first().map(|c| format!("UID {}: {c}", x.uid)))
                            .unwrap_or_else(|| "nothing left out".into());
                        format!(
                            "the project finish differs (MS Project {}, milepost {}; first thing left out: {why})",
                            clock.cal.date_of(a - 1),
                            clock.cal.date_of(b - 1)
                        )
                    })
            });
        if cause.is_some() {
            explained += 1;
        }
        notes.push(format!(
            "- {name} UID {} `{key}` {:?}: {} — {}",
            r.uid,
            r.name.chars().take(40).collect::<String>(),
            wrong.join("; "),
            cause.unwrap_or_else(|| "UNEXPLAINED".into())
        ));
    }
    let n = leaves.len();
    Ok(format!(
        "| {name} | {n} | {all} | {} | {} | {} | {} | {} | {explained} of {disagreements} |",
        agree[0], agree[1], agree[2], agree[3], agree[4]
    ))
}

/// A table row comparing the expansion of a file's recurring exceptions with the dated days
/// MS Project wrote for them; `None` when the file does not hold both forms.
fn recurring(path: &Path) -> Option<String> {
    let xml = std::fs::read_to_string(path).ok()?;
    let tree = Document::parse(&xml).ok()?;
    let project = tree.root_element();
    let uid = int(project, "CalendarUID").unwrap_or(1);
    let cal = child(project, "Calendars")?
        .children()
        .find(|c| c.has_tag_name("Calendar") && int(*c, "UID") == Some(uid))?;
    let day = |n: Node, name: &str| {
        text(n, name).and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
    };
    let mut dated: BTreeSet<NaiveDate> = BTreeSet::new();
    for wd in child(cal, "WeekDays")?
        .children()
        .filter(|w| w.has_tag_name("WeekDay"))
    {
        if int(wd, "DayType") == Some(0) && text(wd, "DayWorking") != Some("1") {
            for tp in wd.children().filter(|n| n.has_tag_name("TimePeriod")) {
                if let (Some(mut d), Some(b)) = (day(tp, "FromDate"), day(tp, "ToDate")) {
                    while d <= b {
                        dated.insert(d);
                        d = d + Days::new(1);
                    }
                }
            }
        }
    }
    let (mut rules, mut expanded, mut found) = (0, 0, 0);
    for ex in child(cal, "Exceptions")?
        .children()
        .filter(|e| e.has_tag_name("Exception"))
    {
        if int(ex, "Type").unwrap_or(1) == 1 || text(ex, "DayWorking") == Some("1") {
            continue;
        }
        let rule = milepost::io::mspdi::exception_rule(ex);
        rules += 1;
        let days = milepost::io::mspdi::recur::days(&rule).unwrap_or_default();
        expanded += days.len();
        found += days.iter().filter(|d| dated.contains(d)).count();
    }
    if rules == 0 || dated.is_empty() {
        return None;
    }
    let name = path.file_name()?.to_string_lossy().to_string();
    let verdict = if found == expanded { "all" } else { "differ:" };
    Some(format!(
        "| {name} | {rules} | {expanded} | {verdict} {found} |"
    ))
}
