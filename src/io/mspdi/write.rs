//! MS Project XML (MSPDI) export (SPEC §12): the plan of a program as MS Project, ProjectLibre,
//! GanttProject and MPXJ read it. Each workstream is a top-level summary task (its key as the
//! WBS code, so that an import gives the key back), the WBS below it, tasks with their forecast
//! dates, durations on an 8-hour day, progress, constraints, deadlines, costs, links with lags,
//! baselines 0-10 and owners as resources. Elements come in the schema's order; UIDs are stable
//! (a workstream's place times 100,000 plus the task's number), so a re-export lines up with
//! the last one. RAID items, budget, spend and notes have no place in MSPDI and stay out.

use crate::domain::*;
use crate::engine::forecast::Forecast;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Minutes in an exported working day.
const DAY: i64 = 480;

/// XML text: the five predefined entities, and control characters (never valid in XML 1.0)
/// left out.
fn esc(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn el(out: &mut String, indent: usize, name: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "{}<{name}>{value}</{name}>", "  ".repeat(indent));
}

fn start_of(d: chrono::NaiveDate) -> String {
    format!("{d}T08:00:00")
}

fn finish_of(d: chrono::NaiveDate) -> String {
    format!("{d}T17:00:00")
}

fn duration(days: i64) -> String {
    format!("PT{}H0M0S", days * DAY / 60)
}

/// The baseline number each baseline gets: `Baseline` is 0, `Baseline N` is N, the others the
/// free numbers in the order they were taken; past 10 they stay out.
fn baseline_numbers(baselines: &[Baseline]) -> Vec<Option<i64>> {
    let mut used: Vec<i64> = vec![];
    let named = |b: &Baseline| -> Option<i64> {
        if b.name == "Baseline" {
            return Some(0);
        }
        b.name
            .strip_prefix("Baseline ")
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=10).contains(n))
    };
    let mut out: Vec<Option<i64>> = baselines.iter().map(named).collect();
    used.extend(out.iter().flatten());
    for slot in out.iter_mut().filter(|s| s.is_none()) {
        *slot = (0..=10).find(|n| !used.contains(n));
        used.extend(slot.iter());
    }
    out
}

/// The program `doc` (tasks in WBS order) with its `forecast` (same order) as MSPDI.
pub fn write(doc: &ProgramDoc, forecast: &Forecast) -> String {
    let mut out = String::with_capacity(2048 + doc.tasks.len() * 700);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str("<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    let p = &doc.program;
    el(&mut out, 1, "SaveVersion", 14);
    el(&mut out, 1, "Name", esc(&format!("{}.xml", p.name)));
    el(&mut out, 1, "Title", esc(&p.name));
    el(&mut out, 1, "ScheduleFromStart", 1);
    el(&mut out, 1, "StartDate", start_of(p.start));
    el(
        &mut out,
        1,
        "FinishDate",
        finish_of(forecast.project_finish),
    );
    el(&mut out, 1, "CurrencyCode", esc(&p.currency));
    el(&mut out, 1, "CalendarUID", 1);
    el(&mut out, 1, "DefaultStartTime", "08:00:00");
    el(&mut out, 1, "DefaultFinishTime", "17:00:00");
    el(&mut out, 1, "MinutesPerDay", DAY);
    el(
        &mut out,
        1,
        "MinutesPerWeek",
        DAY * p.calendar.workdays.len() as i64,
    );
    el(&mut out, 1, "DaysPerMonth", 20);
    el(&mut out, 1, "DurationFormat", 7);

    // The calendar: working weekdays 8-12 and 13-17, holidays as dated non-working days.
    out.push_str("  <Calendars>\n    <Calendar>\n");
    el(&mut out, 3, "UID", 1);
    el(&mut out, 3, "Name", "Standard");
    el(&mut out, 3, "IsBaseCalendar", 1);
    el(&mut out, 3, "BaseCalendarUID", -1);
    out.push_str("      <WeekDays>\n");
    let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    for (i, d) in days.iter().enumerate() {
        let working = p.calendar.workdays.iter().any(|w| w == d);
        out.push_str("        <WeekDay>\n");
        el(&mut out, 5, "DayType", i + 1);
        el(&mut out, 5, "DayWorking", u8::from(working));
        if working {
            out.push_str("          <WorkingTimes>\n");
            for (a, b) in [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")] {
                let _ = writeln!(
                    out,
                    "            <WorkingTime><FromTime>{a}</FromTime><ToTime>{b}</ToTime></WorkingTime>"
                );
            }
            out.push_str("          </WorkingTimes>\n");
        }
        out.push_str("        </WeekDay>\n");
    }
    for h in &p.calendar.holidays {
        let _ = writeln!(
            out,
            "        <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>{h}T00:00:00</FromDate><ToDate>{h}T23:59:00</ToDate></TimePeriod></WeekDay>"
        );
    }
    out.push_str("      </WeekDays>\n    </Calendar>\n  </Calendars>\n");

    // UIDs: a workstream's place times 100,000, plus the task's number.
    let ws_place: HashMap<&str, i64> = doc
        .workstreams
        .iter()
        .enumerate()
        .map(|(i, w)| (w.key.as_str(), (i as i64 + 1) * 100_000))
        .collect();
    let uid_of = |key: &str| -> i64 {
        let (ws, n) = keys::split_key(key).unwrap_or(("", 0));
        ws_place.get(ws).copied().unwrap_or(0) + n
    };
    let tree = wbs::Tree::of(&doc.tasks);
    let codes = tree.codes(&doc.tasks);
    let levels = tree.levels();
    let rollups = tree.rollups(&doc.tasks);
    let numbers = baseline_numbers(&doc.baselines);
    let mut baseline_of: HashMap<&str, Vec<(i64, &BaselineTask)>> = HashMap::new();
    for (b, n) in doc.baselines.iter().zip(&numbers) {
        if let Some(n) = n {
            for t in &b.tasks {
                baseline_of.entry(t.key.as_str()).or_default().push((*n, t));
            }
        }
    }
    let mut by_ws: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, t) in doc.tasks.iter().enumerate() {
        by_ws
            .entry(ws_place[t.workstream.as_str()])
            .or_default()
            .push(i);
    }

    out.push_str("  <Tasks>\n");
    let mut id = 0;
    let mut task = |out: &mut String, uid: i64, fields: &dyn Fn(&mut String)| {
        out.push_str("    <Task>\n");
        el(out, 3, "UID", uid);
        el(out, 3, "ID", id);
        id += 1;
        fields(out);
        out.push_str("    </Task>\n");
    };
    task(&mut out, 0, &|out| {
        el(out, 3, "Name", esc(&p.name));
        el(out, 3, "Type", 1);
        el(out, 3, "IsNull", 0);
        el(out, 3, "OutlineNumber", 0);
        el(out, 3, "OutlineLevel", 0);
        el(out, 3, "Start", start_of(forecast.project_start));
        el(out, 3, "Finish", finish_of(forecast.project_finish));
        el(out, 3, "Summary", 1);
    });
    for (w, ws) in doc.workstreams.iter().enumerate() {
        let place = (w as i64 + 1) * 100_000;
        let rows = by_ws.get(&place).cloned().unwrap_or_default();
        let span = rows
            .iter()
            .map(|&i| (forecast.tasks[i].start, forecast.tasks[i].finish))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        task(&mut out, place, &|out| {
            el(out, 3, "Name", esc(&ws.name));
            el(out, 3, "Type", 1);
            el(out, 3, "IsNull", 0);
            el(out, 3, "WBS", esc(&ws.key));
            el(out, 3, "OutlineNumber", w + 1);
            el(out, 3, "OutlineLevel", 1);
            if let Some((s, f)) = span {
                el(out, 3, "Start", start_of(s));
                el(out, 3, "Finish", finish_of(f));
            }
            el(out, 3, "Summary", u8::from(!rows.is_empty()));
        });
        for &i in &rows {
            let t = &doc.tasks[i];
            let f = &forecast.tasks[i];
            let summary = tree.summary[i];
            // `PLT 1.2` within the workstream becomes outline number `w.1.2`.
            let outline = format!(
                "{}.{}",
                w + 1,
                codes[i].split_once(' ').map_or("", |(_, c)| c)
            );
            task(&mut out, uid_of(&t.key), &|out| {
                el(out, 3, "Name", esc(&t.title));
                el(out, 3, "Type", if summary { 1 } else { 0 });
                el(out, 3, "IsNull", 0);
                el(out, 3, "WBS", &outline);
                el(out, 3, "OutlineNumber", &outline);
                el(out, 3, "OutlineLevel", levels[i] + 1);
                el(out, 3, "Start", start_of(f.start));
                el(out, 3, "Finish", finish_of(f.finish));
                el(
                    out,
                    3,
                    "Duration",
                    duration(if summary { f.duration } else { t.duration }),
                );
                el(out, 3, "DurationFormat", 7);
                el(out, 3, "Milestone", u8::from(t.duration == 0 && !summary));
                el(out, 3, "Summary", u8::from(summary));
                el(out, 3, "Critical", u8::from(f.critical));
                el(
                    out,
                    3,
                    "PercentComplete",
                    if summary {
                        rollups[i].0
                    } else {
                        t.percent_complete
                    },
                );
                if let Some(b) = rollups[i].1 {
                    el(out, 3, "Cost", b.cents());
                }
                if !summary {
                    if let Some(d) = t.actual_start {
                        el(out, 3, "ActualStart", start_of(d));
                    }
                    if let Some(d) = t.actual_finish {
                        el(out, 3, "ActualFinish", finish_of(d));
                    }
                }
                match t.not_before {
                    Some(d) => {
                        el(out, 3, "ConstraintType", 4);
                        el(out, 3, "ConstraintDate", start_of(d));
                    }
                    None => el(out, 3, "ConstraintType", 0),
                }
                if let Some(d) = t.deadline {
                    el(out, 3, "Deadline", finish_of(d));
                }
                for l in &t.after {
                    let kind = match l.link_type {
                        LinkType::Ff => 0,
                        LinkType::Fs => 1,
                        LinkType::Sf => 2,
                        LinkType::Ss => 3,
                    };
                    let _ = writeln!(
                        out,
                        "      <PredecessorLink><PredecessorUID>{}</PredecessorUID><Type>{kind}</Type><CrossProject>0</CrossProject><LinkLag>{}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>",
                        uid_of(&l.key),
                        l.lag * DAY * 10
                    );
                }
                let mut bases = baseline_of.get(t.key.as_str()).cloned().unwrap_or_default();
                bases.sort_by_key(|(n, _)| *n);
                for (n, b) in bases {
                    let _ = writeln!(
                        out,
                        "      <Baseline><Number>{n}</Number><Start>{}</Start><Finish>{}</Finish></Baseline>",
                        start_of(b.start),
                        finish_of(b.finish)
                    );
                }
            });
        }
    }
    out.push_str("  </Tasks>\n");

    // Owners as resources, each assigned to the tasks it owns.
    let mut owners: Vec<&str> = doc
        .tasks
        .iter()
        .filter_map(|t| t.owner.as_deref())
        .chain(doc.workstreams.iter().filter_map(|w| w.owner.as_deref()))
        .collect();
    owners.sort_unstable();
    owners.dedup();
    out.push_str("  <Resources>\n");
    for (i, o) in owners.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <Resource><UID>{}</UID><ID>{}</ID><Name>{}</Name><Type>1</Type></Resource>",
            i + 1,
            i + 1,
            esc(o)
        );
    }
    out.push_str("  </Resources>\n  <Assignments>\n");
    // A workstream's owner on its summary row, each leaf's on the leaf.
    let assigned = doc
        .workstreams
        .iter()
        .enumerate()
        .filter_map(|(w, ws)| Some(((w as i64 + 1) * 100_000, ws.owner.as_deref()?)))
        .chain(
            doc.tasks
                .iter()
                .enumerate()
                .filter(|(i, _)| !tree.summary[*i])
                .filter_map(|(_, t)| Some((uid_of(&t.key), t.owner.as_deref()?))),
        );
    for (uid, (task_uid, owner)) in assigned.enumerate() {
        let r = owners.binary_search(&owner).map_or(0, |r| r + 1);
        let _ = writeln!(
            out,
            "    <Assignment><UID>{}</UID><TaskUID>{task_uid}</TaskUID><ResourceUID>{r}</ResourceUID><Units>1</Units></Assignment>",
            uid + 1
        );
    }
    out.push_str("  </Assignments>\n</Project>\n");
    out
}
