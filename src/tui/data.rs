//! What each tab shows, read from the store and the engines: a table of text cells with a
//! semantic tone per row. Building it is the only place the tabs touch data.

use crate::domain::{IsoWeek, Rag, text};
use crate::engine::{budget, evm, forecast};
use crate::error::Result;
use crate::store::Db;
use chrono::NaiveDate;

/// The tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Milestones,
    Raid,
    Budget,
    Status,
    Log,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Milestones,
        Tab::Raid,
        Tab::Budget,
        Tab::Status,
        Tab::Log,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Milestones => "Milestones",
            Tab::Raid => "RAID",
            Tab::Budget => "Budget",
            Tab::Status => "Status",
            Tab::Log => "Log",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// How a row should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    /// Done or closed.
    Muted,
    /// Needs attention: late, overdue, amber.
    Warn,
    /// Red, critical, negative float.
    Bad,
    Good,
}

/// A tab's table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    pub headers: Vec<&'static str>,
    /// Column widths in characters; the last column takes the rest.
    pub widths: Vec<u16>,
    pub rows: Vec<Vec<String>>,
    pub tones: Vec<Tone>,
}

impl TableData {
    fn new(headers: &[&'static str], widths: &[u16]) -> TableData {
        TableData {
            headers: headers.to_vec(),
            widths: widths.to_vec(),
            rows: vec![],
            tones: vec![],
        }
    }

    fn push(&mut self, cells: Vec<String>, tone: Tone) {
        self.rows
            .push(cells.into_iter().map(|c| text::for_display(&c)).collect());
        self.tones.push(tone);
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// How many spend entries the Budget tab's spend view lists (the newest).
pub const SPEND_SHOWN: usize = 2000;

/// Build the table of a tab as of `today`; `spend_view` switches the Budget tab from the
/// per-workstream plan to the newest spend entries.
pub fn load(db: &Db, tab: Tab, today: NaiveDate, spend_view: bool) -> Result<TableData> {
    match tab {
        Tab::Milestones => milestones(db, today),
        Tab::Raid => raid(db, today),
        Tab::Budget if spend_view => spend(db),
        Tab::Budget => budget_tab(db, today),
        Tab::Status => status(db, today),
        Tab::Log => log(db),
    }
}

fn milestones(db: &Db, today: NaiveDate) -> Result<TableData> {
    let tasks = db.tasks(None)?;
    let cal = crate::ops::calendar(db)?;
    let baseline = db.latest_baseline()?;
    let f = forecast::forecast(&tasks, &cal, today, baseline.as_ref())?;
    let mut t = TableData::new(
        &[
            "KEY", "TITLE", "WS", "OWNER", "START", "FINISH", "%", "SLIP", "STATUS",
        ],
        &[8, 30, 5, 14, 10, 10, 4, 5, 12],
    );
    for (task, row) in tasks.iter().zip(&f.tasks) {
        let status = if task.percent_complete == 100 {
            "done"
        } else if row.total_float < 0 {
            "late"
        } else if task.actual_start.is_some() {
            "in progress"
        } else {
            "not started"
        };
        let tone = match status {
            "done" => Tone::Muted,
            "late" => Tone::Bad,
            _ if row.slip_days.is_some_and(|s| s > 0) => Tone::Warn,
            _ => Tone::Normal,
        };
        let title = if task.is_milestone() {
            format!("◆ {}", task.title)
        } else {
            task.title.clone()
        };
        t.push(
            vec![
                task.key.clone(),
                title,
                task.workstream.clone(),
                opt(&task.owner),
                row.start.to_string(),
                row.finish.to_string(),
                task.percent_complete.to_string(),
                row.slip_days.map(|s| format!("{s:+}")).unwrap_or_default(),
                if row.critical && status != "done" {
                    format!("{status} *")
                } else {
                    status.to_string()
                },
            ],
            tone,
        );
    }
    Ok(t)
}

fn raid(db: &Db, today: NaiveDate) -> Result<TableData> {
    let mut t = TableData::new(
        &[
            "KEY", "KIND", "TITLE", "OWNER", "STATUS", "SCORE", "DUE", "WS",
        ],
        &[6, 10, 34, 14, 11, 5, 10, 5],
    );
    for r in db.raid_items(None)? {
        let tone = if !r.is_open() {
            Tone::Muted
        } else if r.is_overdue(today) || r.score().is_some_and(|s| s >= 20) || r.escalated {
            Tone::Bad
        } else if r.score().is_some_and(|s| s >= 10) {
            Tone::Warn
        } else {
            Tone::Normal
        };
        let due = match r.due {
            Some(d) if r.is_overdue(today) => format!("{d} !"),
            Some(d) => d.to_string(),
            None => String::new(),
        };
        t.push(
            vec![
                r.key.clone(),
                r.kind.to_string(),
                r.title.clone(),
                opt(&r.owner),
                r.status.clone(),
                opt(&r.score()),
                due,
                opt(&r.workstream),
            ],
            tone,
        );
    }
    Ok(t)
}

fn budget_tab(db: &Db, today: NaiveDate) -> Result<TableData> {
    let program = db.program()?;
    let workstreams: Vec<String> = db.workstreams()?.into_iter().map(|w| w.key).collect();
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(today)?;
    let tasks = db.task_progress()?;
    let report = budget::budget_report(
        &lines,
        &spend,
        &workstreams,
        budget::GroupBy::Workstream,
        today,
        &program.currency,
    );
    let ledger = evm::Ledger::new(&lines, &spend, &tasks);
    let e = evm::evm_report(&ledger, &workstreams, None, today, &program.currency, None);
    let mut t = TableData::new(
        &[
            "SCOPE",
            "PLANNED",
            "TO DATE",
            "ACTUAL",
            "COMMITTED",
            "VARIANCE",
            "CPI",
            "SPI",
            "EAC",
        ],
        &[8, 14, 14, 14, 12, 13, 5, 5, 14],
    );
    let ratio = |r: Option<f64>| r.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into());
    let tone = |cpi: Option<f64>| match cpi {
        Some(c) if c < 0.85 => Tone::Bad,
        Some(c) if c < 0.95 => Tone::Warn,
        _ => Tone::Normal,
    };
    for (row, f) in report.rows.iter().zip(&e.workstreams) {
        t.push(
            vec![
                row.group.clone(),
                row.planned.grouped(),
                row.planned_to_date.grouped(),
                row.actual.grouped(),
                row.committed.grouped(),
                row.variance.grouped(),
                ratio(f.figures.cpi),
                ratio(f.figures.spi),
                f.figures
                    .eac
                    .map(|m| m.grouped())
                    .unwrap_or_else(|| "-".into()),
            ],
            tone(f.figures.cpi),
        );
    }
    let p = &e.program;
    t.push(
        vec![
            "PROGRAM".into(),
            report.total.planned.grouped(),
            report.total.planned_to_date.grouped(),
            report.total.actual.grouped(),
            report.total.committed.grouped(),
            report.total.variance.grouped(),
            ratio(p.cpi),
            ratio(p.spi),
            p.eac.map(|m| m.grouped()).unwrap_or_else(|| "-".into()),
        ],
        tone(p.cpi),
    );
    Ok(t)
}

fn spend(db: &Db) -> Result<TableData> {
    let mut t = TableData::new(
        &[
            "KEY", "DATE", "WS", "CATEGORY", "AMOUNT", "VENDOR", "REF", "STATUS",
        ],
        &[10, 10, 5, 10, 14, 16, 14, 10],
    );
    for s in db.recent_spend(SPEND_SHOWN)? {
        let tone = match s.status {
            crate::domain::SpendStatus::Committed => Tone::Muted,
            _ if s.amount.cents() < 0 => Tone::Good,
            _ => Tone::Normal,
        };
        t.push(
            vec![
                s.key.clone(),
                s.date.to_string(),
                s.workstream.clone(),
                s.category.clone(),
                s.amount.grouped(),
                opt(&s.vendor),
                opt(&s.reference),
                s.status.to_string(),
            ],
            tone,
        );
    }
    Ok(t)
}

fn status(db: &Db, today: NaiveDate) -> Result<TableData> {
    let week = IsoWeek::of(today);
    let s = crate::ops::weekly_status(db, week)?;
    let mut t = TableData::new(
        &[
            "SCOPE",
            "RAG",
            "COMPUTED",
            "DONE",
            "FINISH",
            "SLIP",
            "WHY / NOTE",
        ],
        &[8, 6, 8, 5, 10, 5, 40],
    );
    let tone = |r: Rag| match r {
        Rag::Red => Tone::Bad,
        Rag::Amber => Tone::Warn,
        Rag::Green => Tone::Good,
    };
    let why = |reasons: &[String], note: &Option<String>| -> String {
        let mut parts: Vec<String> = vec![];
        if let Some(n) = note {
            parts.push(format!("note: {n}"));
        }
        parts.extend(reasons.iter().cloned());
        parts.join("; ")
    };
    t.push(
        vec![
            format!("PROGRAM {week}"),
            s.overall.rag.to_string(),
            s.overall.computed_rag.to_string(),
            format!("{}%", s.schedule.percent_complete),
            opt(&s.schedule.forecast_finish),
            s.schedule
                .slip_days
                .map(|d| format!("{d:+}"))
                .unwrap_or_default(),
            why(
                &s.overall.reasons,
                &s.overall
                    .override_reason
                    .clone()
                    .or(s.overall.summary.clone()),
            ),
        ],
        tone(s.overall.rag),
    );
    for w in &s.workstreams {
        t.push(
            vec![
                w.key.clone(),
                w.rag.to_string(),
                w.computed_rag.to_string(),
                format!("{}%", w.percent_complete),
                opt(&w.forecast_finish),
                w.slip_days.map(|d| format!("{d:+}")).unwrap_or_default(),
                why(&w.reasons, &w.override_reason.clone().or(w.summary.clone())),
            ],
            tone(w.rag),
        );
    }
    Ok(t)
}

fn log(db: &Db) -> Result<TableData> {
    let mut t = TableData::new(&["KEY", "WHEN", "WHAT", "DETAIL"], &[7, 19, 40, 30]);
    for d in db.decisions()?.into_iter().rev() {
        t.push(
            vec![
                d.key.clone(),
                d.date.to_string(),
                d.title.clone(),
                format!(
                    "{}{}",
                    d.decision,
                    d.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default()
                ),
            ],
            Tone::Normal,
        );
    }
    for c in db.change_requests()?.into_iter().rev() {
        let tone = if c.status == crate::domain::ChangeStatus::Proposed {
            Tone::Warn
        } else {
            Tone::Muted
        };
        t.push(
            vec![
                c.key.clone(),
                c.raised.to_string(),
                c.title.clone(),
                format!(
                    "{} {}",
                    c.status,
                    c.budget_delta.map(|m| m.grouped()).unwrap_or_default()
                ),
            ],
            tone,
        );
    }
    for h in db.history(200)? {
        let tone = if h.undone { Tone::Muted } else { Tone::Normal };
        t.push(
            vec![
                format!("#{}", h.id),
                h.at.clone(),
                h.summary.clone(),
                if h.undone {
                    "undone".into()
                } else {
                    String::new()
                },
            ],
            tone,
        );
    }
    Ok(t)
}
