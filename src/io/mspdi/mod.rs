//! MS Project XML (MSPDI) import (SPEC §12): the plan of a `.xml` file MS Project, ProjectLibre
//! or GanttProject wrote, as a milepost program, with a report that counts everything rounded,
//! mapped or left out. The XML is read with roxmltree (a small, well-kept, read-only DOM: the
//! files are a few MB at most, and a tree lets tasks, links and baselines refer to each other
//! by UID in any order).
//!
//! Mapping: level-1 summary tasks become workstreams (key from the name); one with links (a
//! phase that waits for another) also stays a summary task at the top of its workstream, so
//! that its links keep binding its subtasks. Level-1 leaves go into one workstream named after
//! the project; deeper tasks keep their outline as the WBS.
//! Durations in working time become working days with the file's minutes per day (rounded up);
//! link lags become whole working days (percent lags a share of the predecessor); the project
//! calendar gives the working weekdays and the non-working days: dated exceptions, recurring
//! ones expanded (`recur`), and the dated `DayType 0` entries, which is how MS Project writes
//! recurring exceptions out too (a day in both is one holiday).

pub mod recur;
mod write;

pub use write::write;

use crate::domain::*;
use crate::error::{Error, Result};
use chrono::{Datelike, Days, NaiveDate};
use roxmltree::{Document, Node};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use super::Report;

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(node: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim)
}

fn int(node: Node, name: &str) -> Option<i64> {
    text(node, name)
        .and_then(|t| t.parse::<f64>().ok())
        .map(|f| f as i64)
}

fn flag(node: Node, name: &str) -> bool {
    matches!(text(node, name), Some("1") | Some("true"))
}

fn date(node: Node, name: &str) -> Option<NaiveDate> {
    text(node, name).and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
}

/// A calendar `<Exception>` as the rule it states (a plain dated one is type 1, every day of
/// its period).
pub fn exception_rule(ex: Node) -> recur::Rule {
    let tp = child(ex, "TimePeriod");
    recur::Rule {
        kind: int(ex, "Type").unwrap_or(1),
        from: tp.and_then(|tp| date(tp, "FromDate")),
        to: tp.and_then(|tp| date(tp, "ToDate")),
        occurrences: int(ex, "Occurrences"),
        period: int(ex, "Period"),
        days_of_week: int(ex, "DaysOfWeek"),
        month_item: int(ex, "MonthItem"),
        month_position: int(ex, "MonthPosition"),
        month: int(ex, "Month"),
        month_day: int(ex, "MonthDay"),
    }
}

/// `PT40H0M0S` (also with a day part) as minutes.
fn minutes(duration: &str) -> Option<f64> {
    let rest = duration.trim().strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut total = 0.0;
    if let Some(d) = days.strip_suffix('D') {
        total += d.parse::<f64>().ok()? * 24.0 * 60.0;
    }
    let mut number = String::new();
    for c in time.chars() {
        match c {
            'H' => total += number.parse::<f64>().ok()? * 60.0,
            'M' => total += number.parse::<f64>().ok()?,
            'S' => total += number.parse::<f64>().ok()? / 60.0,
            _ => {
                number.push(c);
                continue;
            }
        }
        number.clear();
    }
    Some(total)
}

struct Row<'a> {
    node: Node<'a, 'a>,
    uid: i64,
    level: usize,
}

/// Read an MSPDI file into a program, with the report. Refuses, in one line, what is not an
/// MS Project XML file.
pub fn read(xml: &str, file_name: &str) -> Result<(ProgramDoc, Report)> {
    read_keyed(xml, file_name).map(|(doc, report, _)| (doc, report))
}

/// [`read`], with the milepost key each imported task got, by its UID in the file: for tools
/// that compare milepost's plan with the dates MS Project stored (`examples/mspdi_oracle.rs`).
pub fn read_keyed(
    xml: &str,
    file_name: &str,
) -> Result<(ProgramDoc, Report, BTreeMap<i64, String>)> {
    let bad = |why: String| Error::invalid("file", file_name, why);
    let doc = Document::parse(xml).map_err(|e| bad(format!("is not XML: {e}")))?;
    let project = doc.root_element();
    if project.tag_name().name() != "Project" {
        return Err(bad(format!(
            "is not an MS Project XML file (its root is <{}>, not <Project>)",
            project.tag_name().name()
        )));
    }
    let mut report = Report::default();
    let minutes_per_day = int(project, "MinutesPerDay")
        .filter(|m| *m > 0)
        .unwrap_or(480) as f64;
    let start = date(project, "StartDate").ok_or_else(|| bad("has no <StartDate>".into()))?;
    let name = text(project, "Title")
        .or_else(|| text(project, "Name"))
        .filter(|n| !n.is_empty())
        .unwrap_or(file_name)
        .to_string();
    let currency = text(project, "CurrencyCode")
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .unwrap_or("USD")
        .to_string();

    // The project calendar.
    let calendar_uid = int(project, "CalendarUID").unwrap_or(1);
    let calendars: Vec<Node> = child(project, "Calendars")
        .map(|c| {
            c.children()
                .filter(|n| n.has_tag_name("Calendar"))
                .collect()
        })
        .unwrap_or_default();
    let base = calendars
        .iter()
        .find(|c| int(**c, "UID") == Some(calendar_uid))
        .copied();
    report.counts.insert(
        "other calendars left out (task and resource calendars)",
        calendars.len().saturating_sub(1),
    );
    let mut workdays = vec!["mon", "tue", "wed", "thu", "fri"];
    let mut holidays: BTreeSet<NaiveDate> = BTreeSet::new();
    if let Some(cal) = base {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
        let mut days: Vec<&str> = vec![];
        let mut any_weekday = false;
        for wd in child(cal, "WeekDays").iter().flat_map(|w| w.children()) {
            if !wd.has_tag_name("WeekDay") {
                continue;
            }
            match int(wd, "DayType") {
                Some(t @ 1..=7) => {
                    any_weekday = true;
                    if flag(wd, "DayWorking") {
                        days.push(names[t as usize - 1]);
                    }
                }
                Some(0) if !flag(wd, "DayWorking") => {
                    for tp in wd.children().filter(|n| n.has_tag_name("TimePeriod")) {
                        if let (Some(a), Some(b)) = (date(tp, "FromDate"), date(tp, "ToDate")) {
                            let mut d = a;
                            while d <= b && (d - a).num_days() < 3660 {
                                holidays.insert(d);
                                d = d + Days::new(1);
                            }
                        }
                    }
                }
                Some(0) => report.add("working exceptions left out (extra working days)"),
                _ => {}
            }
        }
        if any_weekday {
            let order = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            workdays = order.into_iter().filter(|d| days.contains(d)).collect();
        }
        for ex in child(cal, "Exceptions").iter().flat_map(|e| e.children()) {
            if !ex.has_tag_name("Exception") {
                continue;
            }
            if flag(ex, "DayWorking") {
                report.add("working exceptions left out (extra working days)");
                continue;
            }
            let rule = exception_rule(ex);
            let daily = rule.kind == 1;
            match recur::days(&rule) {
                Some(days) => {
                    if !daily {
                        report.add("recurring exceptions expanded into their days");
                    }
                    holidays.extend(days);
                }
                None => report.add("exceptions that could not be read left out"),
            }
        }
    }
    if workdays.is_empty() {
        workdays = vec!["mon", "tue", "wed", "thu", "fri"];
        report.add("calendars with no working weekday (Monday to Friday used)");
    }
    // Holidays on non-working weekdays mean nothing; keep the program's span, a few years.
    let holidays: Vec<NaiveDate> = holidays
        .into_iter()
        .filter(|d| {
            let wd = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                [d.weekday().num_days_from_monday() as usize];
            workdays.contains(&wd) && *d >= start - Days::new(366)
        })
        .collect();
    report
        .counts
        .insert("non-working days in the calendar", holidays.len());

    // Tasks in row order; the project summary (UID 0, or OutlineLevel 0) and blank rows skipped.
    let mut rows: Vec<Row> = vec![];
    for t in child(project, "Tasks").iter().flat_map(|t| t.children()) {
        if !t.has_tag_name("Task") {
            continue;
        }
        if flag(t, "IsNull") {
            report.add("blank rows skipped");
            continue;
        }
        let uid = int(t, "UID").unwrap_or(-1);
        let level = int(t, "OutlineLevel").unwrap_or(1).max(0) as usize;
        if uid == 0 || level == 0 {
            continue;
        }
        rows.push(Row {
            node: t,
            uid,
            level,
        });
    }
    // Tasks other tasks wait for.
    let linked_uids: BTreeSet<i64> = rows
        .iter()
        .flat_map(|r| r.node.children())
        .filter(|n| n.has_tag_name("PredecessorLink"))
        .filter_map(|pl| int(pl, "PredecessorUID"))
        .collect();
    let has_children: Vec<bool> = (0..rows.len())
        .map(|i| rows.get(i + 1).is_some_and(|n| n.level > rows[i].level))
        .collect();

    let mut program = ProgramDoc::new(Program {
        name: text::single_line("name", &name).unwrap_or_else(|_| "Imported plan".into()),
        currency,
        start,
        calendar: CalendarSpec {
            workdays: workdays.iter().map(|d| d.to_string()).collect(),
            holidays,
        },
    });
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut project_ws: Option<String> = None;
    let mut ws_of_row: Vec<String> = vec![];
    let mut key_of_uid: HashMap<i64, String> = HashMap::new();
    let mut ws_of_uid: HashMap<i64, usize> = HashMap::new();
    let mut next_number: HashMap<String, i64> = HashMap::new();
    // The chain of open summaries: (level, key); a level-1 summary is a workstream.
    let mut chain: Vec<(usize, Option<String>, String)> = vec![];
    let mut task_rows: Vec<(usize, usize)> = vec![]; // (row index, task index)
    for (i, r) in rows.iter().enumerate() {
        while chain.last().is_some_and(|(l, _, _)| *l >= r.level) {
            chain.pop();
        }
        let title = text(r.node, "Name").unwrap_or("").to_string();
        let title = text::single_line("title", &title)
            .ok()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("Task {}", r.uid));
        if r.level == 1 && has_children[i] {
            // A WBS code that is a valid, free workstream key (milepost's own export writes
            // it) keeps the key; else one from the name.
            let key = text(r.node, "WBS")
                .and_then(|w| keys::workstream_key("key", w).ok())
                .filter(|k| !taken.contains(k))
                .unwrap_or_else(|| keys::key_from_name(&title, &taken));
            taken.insert(key.clone());
            ws_of_uid.insert(r.uid, program.workstreams.len());
            program.workstreams.push(Workstream {
                key: key.clone(),
                name: title.clone(),
                owner: None,
            });
            chain.push((1, None, key.clone()));
            // A linked phase keeps its links: it becomes a summary task at the top of its
            // workstream too, so that what its links bind stays bound (SPEC §11).
            let linked = linked_uids.contains(&r.uid)
                || r.node.children().any(|n| n.has_tag_name("PredecessorLink"));
            if !linked {
                ws_of_row.push(key);
                continue;
            }
            report.add("linked top-level summaries kept as summary tasks too (their links bind their subtasks)");
        }
        let ws = match chain.first() {
            Some((_, _, ws)) => ws.clone(),
            None => project_ws
                .get_or_insert_with(|| {
                    let key = keys::key_from_name(&name, &taken);
                    taken.insert(key.clone());
                    program.workstreams.push(Workstream {
                        key: key.clone(),
                        name: name.clone(),
                        owner: None,
                    });
                    key
                })
                .clone(),
        };
        ws_of_row.push(ws.clone());
        let n = next_number.entry(ws.clone()).or_insert(1);
        let key = format!("{ws}-{n}");
        *n += 1;
        key_of_uid.insert(r.uid, key.clone());
        let parent = chain.last().and_then(|(_, k, _)| k.clone());
        let summary = has_children[i];
        let node = r.node;
        let milestone = !summary
            && (flag(node, "Milestone") || text(node, "Duration").and_then(minutes) == Some(0.0));
        let duration = if summary {
            1
        } else if milestone {
            0
        } else {
            let m = text(node, "Duration")
                .and_then(minutes)
                .unwrap_or(minutes_per_day);
            let days = m / minutes_per_day;
            if days.fract().abs() > 1e-9 {
                report.add("durations rounded up to whole working days");
            }
            (days.ceil() as i64).clamp(1, MAX_DURATION)
        };
        let mut t = Task::new(key.clone(), ws.clone(), title, duration);
        t.parent = parent;
        if !summary {
            t.percent_complete = int(node, "PercentComplete").unwrap_or(0).clamp(0, 100);
            t.actual_start = date(node, "ActualStart");
            t.actual_finish = date(node, "ActualFinish");
            if t.percent_complete > 0 && t.actual_start.is_none() {
                t.actual_start = date(node, "Start");
            }
            if t.percent_complete == 100 && t.actual_finish.is_none() {
                t.actual_finish = date(node, "Finish");
            }
            if t.percent_complete < 100 && t.actual_finish.is_some() {
                t.actual_finish = None;
            }
            if let (Some(s), Some(f)) = (t.actual_start, t.actual_finish)
                && f < s
            {
                t.actual_start = Some(f);
            }
            let cost = int(node, "Cost").unwrap_or(0);
            if cost > 0 {
                t.budget = Some(Money(cost));
            }
        } else if int(node, "PercentComplete").unwrap_or(0) > 0 {
            report.add("summary progress rolled up from subtasks instead");
        }
        match int(node, "ConstraintType").unwrap_or(0) {
            0 => {}
            4 if !summary => {
                t.not_before = date(node, "ConstraintDate");
                report.add("start-no-earlier-than constraints kept");
            }
            _ => report.add("other constraints left out"),
        }
        // On a summary too: it binds each of its leaves.
        t.deadline = date(node, "Deadline");
        if flag(node, "Manual") {
            report.add("manually scheduled tasks scheduled automatically");
        }
        if int(node, "CalendarUID").is_some_and(|c| c >= 0) {
            report.add("task calendars left out");
        }
        if summary {
            chain.push((r.level, Some(key.clone()), ws.clone()));
            report.add("summary tasks");
        } else if milestone {
            report.add("milestones");
        }
        task_rows.push((i, program.tasks.len()));
        program.tasks.push(t);
    }

    // Links, now that every task has its key.
    let duration_of: HashMap<String, i64> = program
        .tasks
        .iter()
        .map(|t| (t.key.clone(), t.duration))
        .collect();
    let parent_of: HashMap<String, String> = program
        .tasks
        .iter()
        .filter_map(|t| t.parent.clone().map(|p| (t.key.clone(), p)))
        .collect();
    let is_ancestor = |a: &str, of: &str| {
        let mut at = of;
        while let Some(p) = parent_of.get(at) {
            if p == a {
                return true;
            }
            at = p;
        }
        false
    };
    let mut links: Vec<(usize, Link)> = vec![];
    for &(i, ti) in &task_rows {
        for pl in rows[i]
            .node
            .children()
            .filter(|n| n.has_tag_name("PredecessorLink"))
        {
            let Some(pred) = int(pl, "PredecessorUID").and_then(|u| key_of_uid.get(&u)) else {
                report.add("links to a top-level summary (a workstream) or the project left out");
                continue;
            };
            let link_type = match int(pl, "Type").unwrap_or(1) {
                0 => LinkType::Ff,
                2 => LinkType::Sf,
                3 => LinkType::Ss,
                _ => LinkType::Fs,
            };
            let raw = int(pl, "LinkLag").unwrap_or(0) as f64;
            let format = int(pl, "LagFormat").unwrap_or(7);
            let days = if matches!(format, 19 | 20) {
                report.add("percent lags as a share of the predecessor");
                raw / 10.0 / 100.0 * *duration_of.get(pred).unwrap_or(&0) as f64
            } else {
                raw / 10.0 / minutes_per_day
            };
            if days.fract().abs() > 1e-9 {
                report.add("lags rounded to whole working days");
            }
            let lag = (days.round() as i64).clamp(-MAX_LAG, MAX_LAG);
            links.push((
                ti,
                Link {
                    key: pred.clone(),
                    link_type,
                    lag,
                },
            ));
        }
    }
    for (ti, link) in links {
        let succ = program.tasks[ti].key.clone();
        if link.key == succ || is_ancestor(&link.key, &succ) || is_ancestor(&succ, &link.key) {
            report.add("links between a summary and its own subtask left out");
            continue;
        }
        if program.tasks[ti].after.iter().any(|l| l.key == link.key) {
            report.add("repeated links left out");
            continue;
        }
        report.add("links");
        program.tasks[ti].after.push(link);
    }

    // Baselines 0-10.
    let mut baselines: BTreeMap<i64, Vec<BaselineTask>> = BTreeMap::new();
    for &(i, ti) in &task_rows {
        for b in rows[i]
            .node
            .children()
            .filter(|n| n.has_tag_name("Baseline"))
        {
            if date(b, "Start").is_none() || date(b, "Finish").is_none() {
                report.add("baseline entries without dates left out (cost or work only)");
                continue;
            }
            if let (Some(n), Some(s), Some(f)) =
                (int(b, "Number"), date(b, "Start"), date(b, "Finish"))
                && (0..=10).contains(&n)
            {
                baselines.entry(n).or_default().push(BaselineTask {
                    key: program.tasks[ti].key.clone(),
                    start: s,
                    finish: f.max(s),
                });
            }
        }
    }
    for (n, tasks) in baselines {
        program.baselines.push(Baseline {
            name: if n == 0 {
                "Baseline".into()
            } else {
                format!("Baseline {n}")
            },
            taken: start,
            tasks,
        });
        report.add("baselines");
    }

    // Owners: each task's main resource (the assignment with the most units).
    let resources: HashMap<i64, String> = child(project, "Resources")
        .iter()
        .flat_map(|r| r.children())
        .filter(|r| r.has_tag_name("Resource"))
        .filter_map(|r| Some((int(r, "UID")?, text(r, "Name")?.to_string())))
        .collect();
    let mut main: HashMap<i64, (f64, i64)> = HashMap::new();
    for a in child(project, "Assignments")
        .iter()
        .flat_map(|a| a.children())
    {
        if !a.has_tag_name("Assignment") {
            continue;
        }
        let (Some(task), Some(res)) = (int(a, "TaskUID"), int(a, "ResourceUID")) else {
            continue;
        };
        if !resources.contains_key(&res) {
            continue;
        }
        let units: f64 = text(a, "Units").and_then(|u| u.parse().ok()).unwrap_or(1.0);
        match main.get(&task) {
            Some((u, _)) if *u >= units => {
                report.add("further assignments left out (effort, work)")
            }
            Some(_) => {
                report.add("further assignments left out (effort, work)");
                main.insert(task, (units, res));
            }
            None => {
                main.insert(task, (units, res));
            }
        }
    }
    let index: HashMap<String, usize> = program
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.clone(), i))
        .collect();
    for (task_uid, (_, res)) in main {
        if let Some(&w) = ws_of_uid.get(&task_uid) {
            program.workstreams[w].owner = text::single_line("owner", &resources[&res]).ok();
            report.add("workstream owners from the summary's resource");
            continue;
        }
        if let Some(i) = key_of_uid.get(&task_uid).and_then(|k| index.get(k)) {
            program.tasks[*i].owner = text::single_line("owner", &resources[&res]).ok();
            report.add("owners from the main assigned resource");
        }
    }
    report.counts.insert("tasks", program.tasks.len());
    report
        .counts
        .insert("workstreams", program.workstreams.len());
    Ok((program, report, key_of_uid.into_iter().collect()))
}
