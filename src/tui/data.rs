//! What each tab shows: its columns, and rows of text cells with a semantic tone, built from
//! the store's pages (Milestones, RAID, spend, Log) or from the engines (the Budget plan and
//! Status, a row per workstream).

use crate::domain::{IsoWeek, Rag, RaidItem, SpendEntry, text};
use crate::engine::rag::Reason;
use crate::engine::{budget, evm};
use crate::error::Result;
use crate::store::Db;
use crate::store::pages::{self, LogKind, LogRow};
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

/// What the Budget tab lists; `v` goes round them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetView {
    /// Plan, actual, committed and earned value per workstream.
    #[default]
    Plan,
    /// Every budget line: workstream, category, month, amount.
    Lines,
    /// Every spend entry, newest first.
    Spend,
}

impl BudgetView {
    pub fn next(self) -> BudgetView {
        match self {
            BudgetView::Plan => BudgetView::Lines,
            BudgetView::Lines => BudgetView::Spend,
            BudgetView::Spend => BudgetView::Plan,
        }
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
    pub fn new(headers: &[&'static str], widths: &[u16]) -> TableData {
        TableData {
            headers: headers.to_vec(),
            widths: widths.to_vec(),
            rows: vec![],
            tones: vec![],
        }
    }

    pub fn push(&mut self, cells: Vec<String>, tone: Tone) {
        self.rows
            .push(cells.into_iter().map(|c| text::for_display(&c)).collect());
        self.tones.push(tone);
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A tab's columns: headers and widths in characters (the last column takes the rest).
pub fn columns(tab: Tab, view: BudgetView) -> (&'static [&'static str], &'static [u16]) {
    match tab {
        Tab::Milestones => (
            &[
                "KEY", "TITLE", "WS", "OWNER", "START", "FINISH", "%", "SLIP", "STATUS",
            ],
            &[8, 30, 5, 14, 10, 10, 4, 5, 12],
        ),
        Tab::Raid => (
            &[
                "KEY", "KIND", "TITLE", "OWNER", "STATUS", "SCORE", "DUE", "WS",
            ],
            &[6, 10, 34, 14, 11, 5, 10, 5],
        ),
        Tab::Budget if view == BudgetView::Lines => {
            (&["WS", "CATEGORY", "MONTH", "AMOUNT"], &[8, 20, 8, 16])
        }
        Tab::Budget if view == BudgetView::Spend => (
            &[
                "KEY", "DATE", "WS", "CATEGORY", "AMOUNT", "VENDOR", "REF", "STATUS",
            ],
            &[10, 10, 5, 10, 14, 16, 14, 10],
        ),
        Tab::Budget => (
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
        ),
        Tab::Status => (
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
        ),
        Tab::Log => (&["KEY", "WHEN", "WHAT", "DETAIL"], &[7, 19, 40, 30]),
    }
}

/// An empty table with a tab's columns.
pub fn empty(tab: Tab, view: BudgetView) -> TableData {
    let (headers, widths) = columns(tab, view);
    TableData::new(headers, widths)
}

/// Milestones rows. Without an installed forecast the dates show as `…` (computing).
pub fn task_rows(t: &mut TableData, rows: &[pages::TaskRow]) {
    for task in rows {
        let f = task.forecast.as_ref();
        let status = if task.percent == 100 {
            "done"
        } else if f.is_some_and(|f| f.total_float.is_some_and(|tf| tf < 0)) {
            "late"
        } else if task.started {
            "in progress"
        } else {
            "not started"
        };
        let slip = f.and_then(|f| f.slip);
        let tone = match status {
            "done" => Tone::Muted,
            "late" => Tone::Bad,
            _ if slip.is_some_and(|s| s > 0) => Tone::Warn,
            _ => Tone::Normal,
        };
        let title = if task.milestone {
            format!("◆ {}", task.title)
        } else {
            task.title.clone()
        };
        let date = |d: Option<NaiveDate>| d.map_or_else(|| "…".to_string(), |d| d.to_string());
        t.push(
            vec![
                task.key.clone(),
                title,
                task.workstream.clone(),
                opt(&task.owner),
                date(f.map(|f| f.start)),
                date(f.map(|f| f.finish)),
                task.percent.to_string(),
                slip.map(|s| format!("{s:+}")).unwrap_or_default(),
                if f.is_some_and(|f| f.critical) && status != "done" {
                    format!("{status} *")
                } else {
                    status.to_string()
                },
            ],
            tone,
        );
    }
}

/// RAID rows: overdue due dates marked `!`, closed items muted.
pub fn raid_rows(t: &mut TableData, rows: &[RaidItem], today: NaiveDate) {
    for r in rows {
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
}

/// Spend rows: commitments muted, credit notes good.
pub fn spend_rows(t: &mut TableData, rows: &[SpendEntry]) {
    for s in rows {
        let tone = match s.status {
            crate::domain::SpendStatus::Committed => Tone::Muted,
            _ if s.amount.cents() < 0 => Tone::Good,
            _ => Tone::Normal,
        };
        t.push(crate::cli::lists::spend_cells(s), tone);
    }
}

/// Budget lines.
pub fn budget_rows(t: &mut TableData, rows: &[crate::domain::BudgetLine]) {
    for b in rows {
        t.push(
            vec![
                b.workstream.clone(),
                b.category.clone(),
                b.month.to_string(),
                b.amount.grouped(),
            ],
            if b.amount.cents() == 0 {
                Tone::Muted
            } else {
                Tone::Normal
            },
        );
    }
}

/// Log rows: proposed changes need attention; decided changes and undone entries are muted.
pub fn log_rows(t: &mut TableData, rows: &[LogRow]) {
    for r in rows {
        let (detail, tone) = match r.kind {
            LogKind::Decision => (r.detail.clone(), Tone::Normal),
            LogKind::Change => (
                format!(
                    "{} {}",
                    r.detail,
                    r.delta.map(|m| m.grouped()).unwrap_or_default()
                )
                .trim_end()
                .to_string(),
                if r.detail == "proposed" {
                    Tone::Warn
                } else {
                    Tone::Muted
                },
            ),
            LogKind::Journal if r.detail == "undone" => (r.detail.clone(), Tone::Muted),
            LogKind::Journal => (r.detail.clone(), Tone::Normal),
        };
        t.push(
            vec![r.key.clone(), r.at.clone(), r.what.clone(), detail],
            tone,
        );
    }
}

/// The program's burn: cumulative PV, EV and AC by month from the start's month.
pub fn burn_series(db: &Db, today: NaiveDate) -> Result<Vec<evm::BurnPoint>> {
    let program = db.program()?;
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(today)?;
    let tasks = db.task_progress()?;
    let ledger = evm::Ledger::new(&lines, &spend, &tasks);
    Ok(ledger.burn_series(crate::domain::Month::of(program.start), today))
}

/// The Budget tab's plan: a row per workstream and one for the program.
pub fn budget_table(db: &Db, today: NaiveDate) -> Result<TableData> {
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
    let mut t = empty(Tab::Budget, BudgetView::Plan);
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

/// The Status tab: this week's RAG per workstream, with the reasons and the notes.
pub fn status_table(db: &Db, today: NaiveDate) -> Result<TableData> {
    let week = IsoWeek::of(today);
    let s = crate::ops::weekly_status(db, week, today, None)?;
    let mut t = empty(Tab::Status, BudgetView::Plan);
    let tone = |r: Rag| match r {
        Rag::Red => Tone::Bad,
        Rag::Amber => Tone::Warn,
        Rag::Green => Tone::Good,
    };
    let why = |reasons: &[Reason], note: &Option<String>| -> String {
        let mut parts: Vec<String> = vec![];
        if let Some(n) = note {
            parts.push(format!("note: {n}"));
        }
        parts.extend(reasons.iter().map(|r| r.text.clone()));
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
