//! The weekly status (SPEC §9): everything leadership reads for one ISO week, computed as of the
//! Sunday that ends it. Pure: the caller loads the data; the same data and week give the same
//! value (no wall-clock time inside).

use super::evm::{self, Ledger, Q, to_money};
use super::forecast::{self, TaskForecast};
use super::rag::{self, Assessment};
use crate::domain::keys::split_key;
use crate::domain::*;
use crate::error::Result;
use chrono::{Days, NaiveDate};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use serde::Serialize;
use std::collections::HashMap;

pub const STATUS_FORMAT: &str = "milepost.weekly-status";

/// Everything the weekly status reads.
pub struct StatusInput<'a> {
    pub program: &'a Program,
    pub workstreams: &'a [Workstream],
    pub tasks: &'a [Task],
    pub baseline: Option<&'a Baseline>,
    pub raid: &'a [RaidItem],
    pub lines: &'a [BudgetLine],
    /// Spend summed by (workstream, category, month, status), dated on or before the as-of date.
    pub spend: &'a [SpendTotal],
    /// Accrued, invoiced and paid spend dated within the week.
    pub spent_this_week: Money,
    pub changes: &'a [ChangeRequest],
    pub decisions: &'a [Decision],
    pub notes: &'a [StatusNote],
    pub thresholds: RagThresholds,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyStatus {
    pub format: &'static str,
    pub version: u32,
    pub program: ProgramRef,
    pub week: IsoWeek,
    pub period: Period,
    pub as_of: NaiveDate,
    pub baseline: Option<String>,
    pub overall: Overall,
    pub workstreams: Vec<WorkstreamStatus>,
    pub schedule: ScheduleStatus,
    pub raid: RaidStatus,
    pub budget: BudgetStatus,
    pub changes: Vec<ChangeRequest>,
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramRef {
    pub name: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    /// The override of the program's note when there is one, else the computed RAG.
    pub rag: Rag,
    pub computed_rag: Rag,
    pub override_reason: Option<String>,
    pub reasons: Vec<String>,
    /// The program's own note of the week.
    pub summary: Option<String>,
    pub accomplishments: Vec<String>,
    pub next_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkstreamStatus {
    pub key: String,
    pub name: String,
    pub owner: Option<String>,
    pub rag: Rag,
    pub computed_rag: Rag,
    pub override_reason: Option<String>,
    pub reasons: Vec<String>,
    pub summary: Option<String>,
    pub accomplishments: Vec<String>,
    pub next_steps: Vec<String>,
    pub percent_complete: i64,
    pub forecast_finish: Option<NaiveDate>,
    pub slip_days: Option<i64>,
    pub budget: WorkstreamBudget,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkstreamBudget {
    pub bac: Money,
    pub pv: Money,
    pub ev: Money,
    pub ac: Money,
    pub cpi: Option<evm::Decimal>,
    pub spi: Option<evm::Decimal>,
}

/// A task as the status lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskEntry {
    pub key: String,
    pub title: String,
    pub workstream: String,
    pub baseline_finish: Option<NaiveDate>,
    pub forecast_finish: NaiveDate,
    pub slip_days: Option<i64>,
    pub percent_complete: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleStatus {
    pub baseline_finish: Option<NaiveDate>,
    pub forecast_finish: Option<NaiveDate>,
    pub slip_days: Option<i64>,
    pub percent_complete: i64,
    /// Finished within the week, by finish date then task order.
    pub completed_this_week: Vec<TaskEntry>,
    /// Unfinished, forecast to finish in the two weeks after the week, by forecast finish.
    pub due_next_two_weeks: Vec<TaskEntry>,
    /// Forecast finish later than baseline finish, most slipped first.
    pub slipped: Vec<TaskEntry>,
    pub critical_path: Vec<String>,
}

/// A RAID item as the status lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaidEntry {
    pub key: String,
    pub kind: RaidKind,
    pub title: String,
    pub workstream: Option<String>,
    pub owner: Option<String>,
    pub status: String,
    pub score: Option<i64>,
    pub due: Option<NaiveDate>,
    pub raised: NaiveDate,
    pub closed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenCounts {
    pub risk: usize,
    pub assumption: usize,
    pub issue: usize,
    pub dependency: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaidStatus {
    pub open: OpenCounts,
    /// The five highest-scoring open risks, by score then key.
    pub top_risks: Vec<RaidEntry>,
    pub new_this_week: Vec<RaidEntry>,
    pub closed_this_week: Vec<RaidEntry>,
    /// Open and due before the as-of date, by due date then key.
    pub overdue: Vec<RaidEntry>,
    pub escalated: Vec<RaidEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetStatus {
    pub bac: Money,
    pub pv: Money,
    pub ev: Money,
    pub ac: Money,
    pub committed: Money,
    pub spent_this_week: Money,
    pub cv: Money,
    pub sv: Money,
    pub cpi: Option<evm::Decimal>,
    pub spi: Option<evm::Decimal>,
    pub eac: Option<Money>,
    pub etc: Option<Money>,
    pub vac: Option<Money>,
    pub tcpi: Option<evm::Decimal>,
    /// Expected monetary value of the open risks (SPEC §4).
    pub contingency: Money,
}

/// Sort key for item keys: prefix, then number (R-2 before R-10).
fn key_order(key: &str) -> (String, i64) {
    split_key(key).map_or((key.to_string(), 0), |(p, n)| (p.to_string(), n))
}

/// Percent of a fraction, rounded half up to a whole percent.
fn percent(fraction: Option<&Q>) -> i64 {
    fraction.map_or(0, |f| {
        (f * evm::q(100) + Q::new(1.into(), 2.into()))
            .floor()
            .to_integer()
            .to_i64()
            .unwrap_or(0)
    })
}

/// Exposure of a risk in cents (exact): probability percent (or the band midpoint of its
/// probability) x cost impact.
fn exposure_hundredths(r: &RaidItem) -> i128 {
    let pct = r.probability_pct.or_else(|| {
        r.probability
            .map(|p| [5, 20, 40, 65, 90][(p.clamp(1, 5) - 1) as usize])
    });
    match (pct, r.cost_impact) {
        (Some(p), Some(c)) => i128::from(p) * i128::from(c.cents()),
        _ => 0,
    }
}

fn raid_entry(r: &RaidItem) -> RaidEntry {
    RaidEntry {
        key: r.key.clone(),
        kind: r.kind,
        title: r.title.clone(),
        workstream: r.workstream.clone(),
        owner: r.owner.clone(),
        status: r.status.clone(),
        score: r.score(),
        due: r.due,
        raised: r.raised,
        closed: r.closed,
    }
}

fn task_entry(f: &TaskForecast, percent_as_of: i64) -> TaskEntry {
    TaskEntry {
        key: f.key.clone(),
        title: f.title.clone(),
        workstream: f.workstream.clone(),
        baseline_finish: f.baseline_finish,
        forecast_finish: f.finish,
        slip_days: f.slip_days,
        percent_complete: percent_as_of,
    }
}

fn workstream_budget(i: &evm::Inputs) -> WorkstreamBudget {
    let f = evm::figures(i);
    WorkstreamBudget {
        bac: f.bac,
        pv: f.pv,
        ev: f.ev,
        ac: f.ac,
        cpi: f.cpi,
        spi: f.spi,
    }
}

fn assess(
    forecasts: &[&TaskForecast],
    inputs: &evm::Inputs,
    raid: &[&RaidItem],
    as_of: NaiveDate,
    t: &RagThresholds,
) -> Assessment {
    let s = rag::schedule(forecasts, inputs.spi().as_ref(), t);
    let c = rag::cost(inputs.cpi().as_ref(), &inputs.ac, &inputs.bac, t);
    let r = rag::raid(raid, as_of, t);
    rag::worst(&[&s, &c, &r])
}

/// Forecast and baseline finish of a set of tasks, and the slip between them.
fn finish_and_slip(
    cal: &Calendar,
    forecasts: &[&TaskForecast],
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<i64>) {
    let forecast = forecasts.iter().map(|f| f.finish).max();
    let baseline = forecasts.iter().filter_map(|f| f.baseline_finish).max();
    let slip = match (forecast, baseline) {
        (Some(f), Some(b)) => Some(cal.working_days_between(b, f)),
        _ => None,
    };
    (baseline, forecast, slip)
}

/// Compute the weekly status of `week`, as of the Sunday that ends it.
pub fn weekly_status(input: &StatusInput, week: IsoWeek) -> Result<WeeklyStatus> {
    let (monday, sunday) = (week.monday(), week.sunday());
    let as_of = sunday;
    let in_week = |d: NaiveDate| d >= monday && d <= sunday;
    let workdays = Workdays::parse("workdays", &input.program.calendar.workdays.join(","))?;
    let cal = Calendar::new(
        input.program.start,
        workdays,
        &input.program.calendar.holidays,
    );
    let fc = forecast::forecast(input.tasks, &cal, as_of, input.baseline)?;
    let t = &input.thresholds;

    let progress: Vec<TaskProgress> = input
        .tasks
        .iter()
        .map(|t| TaskProgress {
            workstream: t.workstream.clone(),
            duration: t.duration,
            budget: t.budget,
            percent_complete: t.percent_complete,
            actual_start: t.actual_start,
            actual_finish: t.actual_finish,
        })
        .collect();
    let pct_as_of: Vec<i64> = progress.iter().map(|p| p.percent_as_of(as_of)).collect();
    // The forecast's percent is the recorded one; the status reads it as of the week's end.
    let forecast::Forecast {
        tasks: mut rows,
        critical_path,
        ..
    } = fc;
    for (r, p) in rows.iter_mut().zip(&pct_as_of) {
        r.percent_complete = *p;
    }
    let ledger = Ledger::new(input.lines, input.spend, &progress);
    let parts = ledger.by_workstream();
    let empty = Ledger::default();
    let program_inputs = ledger.inputs(as_of);
    let all_rows: Vec<&TaskForecast> = rows.iter().collect();
    let all_raid: Vec<&RaidItem> = input.raid.iter().collect();
    let note_of = |ws: Option<&str>| {
        input
            .notes
            .iter()
            .find(|n| n.week == week && n.workstream.as_deref() == ws)
    };

    let mut tasks_of: HashMap<&str, Vec<&TaskForecast>> = HashMap::new();
    for r in &rows {
        tasks_of.entry(r.workstream.as_str()).or_default().push(r);
    }
    let mut raid_of: HashMap<&str, Vec<&RaidItem>> = HashMap::new();
    for r in input.raid {
        if let Some(ws) = &r.workstream {
            raid_of.entry(ws.as_str()).or_default().push(r);
        }
    }
    let mut workstreams = vec![];
    for ws in input.workstreams {
        let tasks = tasks_of.remove(ws.key.as_str()).unwrap_or_default();
        let raid = raid_of.remove(ws.key.as_str()).unwrap_or_default();
        let inputs = parts.get(ws.key.as_str()).unwrap_or(&empty).inputs(as_of);
        let computed = assess(&tasks, &inputs, &raid, as_of, t);
        let note = note_of(Some(&ws.key));
        let (_, forecast_finish, slip_days) = finish_and_slip(&cal, &tasks);
        workstreams.push(WorkstreamStatus {
            key: ws.key.clone(),
            name: ws.name.clone(),
            owner: ws.owner.clone(),
            rag: note.and_then(|n| n.rag).unwrap_or(computed.rag),
            computed_rag: computed.rag,
            override_reason: note.and_then(|n| n.rag.and(n.reason.clone())),
            reasons: computed.reasons,
            summary: note.and_then(|n| n.summary.clone()),
            accomplishments: note.map(|n| n.accomplishments.clone()).unwrap_or_default(),
            next_steps: note.map(|n| n.next_steps.clone()).unwrap_or_default(),
            percent_complete: percent(inputs.fraction.as_ref()),
            forecast_finish,
            slip_days,
            budget: workstream_budget(&inputs),
        });
    }

    let computed = assess(&all_rows, &program_inputs, &all_raid, as_of, t);
    let program_note = note_of(None);
    let overall = Overall {
        rag: program_note.and_then(|n| n.rag).unwrap_or(computed.rag),
        computed_rag: computed.rag,
        override_reason: program_note.and_then(|n| n.rag.and(n.reason.clone())),
        reasons: computed.reasons,
        summary: program_note.and_then(|n| n.summary.clone()),
        accomplishments: program_note
            .map(|n| n.accomplishments.clone())
            .unwrap_or_default(),
        next_steps: program_note
            .map(|n| n.next_steps.clone())
            .unwrap_or_default(),
    };

    let mut completed: Vec<(NaiveDate, usize)> = input
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.actual_finish.filter(|f| in_week(*f)).map(|f| (f, i)))
        .collect();
    completed.sort();
    let horizon = sunday + Days::new(14);
    let mut due: Vec<(NaiveDate, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.percent_complete < 100 && r.finish > sunday && r.finish <= horizon)
        .map(|(i, r)| (r.finish, i))
        .collect();
    due.sort();
    let mut slipped: Vec<(i64, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.slip_days.filter(|s| *s > 0).map(|s| (-s, i)))
        .collect();
    slipped.sort();
    let (baseline_finish, forecast_finish, slip_days) = finish_and_slip(&cal, &all_rows);
    let schedule = ScheduleStatus {
        baseline_finish,
        forecast_finish,
        slip_days,
        percent_complete: percent(program_inputs.fraction.as_ref()),
        completed_this_week: completed
            .iter()
            .map(|(_, i)| task_entry(&rows[*i], pct_as_of[*i]))
            .collect(),
        due_next_two_weeks: due
            .iter()
            .map(|(_, i)| task_entry(&rows[*i], pct_as_of[*i]))
            .collect(),
        slipped: slipped
            .iter()
            .map(|(_, i)| task_entry(&rows[*i], pct_as_of[*i]))
            .collect(),
        critical_path,
    };

    let mut items: Vec<&RaidItem> = input.raid.iter().collect();
    items.sort_by_key(|r| key_order(&r.key));
    let open: Vec<&&RaidItem> = items.iter().filter(|r| r.open_as_of(as_of)).collect();
    let count = |k: RaidKind| open.iter().filter(|r| r.kind == k).count();
    let mut top: Vec<&&&RaidItem> = open.iter().filter(|r| r.score().is_some()).collect();
    top.sort_by_key(|r| (std::cmp::Reverse(r.score()), key_order(&r.key)));
    let mut overdue: Vec<&&&RaidItem> = open.iter().filter(|r| r.overdue_as_of(as_of)).collect();
    overdue.sort_by_key(|r| (r.due, key_order(&r.key)));
    let raid = RaidStatus {
        open: OpenCounts {
            risk: count(RaidKind::Risk),
            assumption: count(RaidKind::Assumption),
            issue: count(RaidKind::Issue),
            dependency: count(RaidKind::Dependency),
        },
        top_risks: top.iter().take(5).map(|r| raid_entry(r)).collect(),
        new_this_week: items
            .iter()
            .filter(|r| in_week(r.raised))
            .map(|r| raid_entry(r))
            .collect(),
        closed_this_week: items
            .iter()
            .filter(|r| r.closed.is_some_and(in_week))
            .map(|r| raid_entry(r))
            .collect(),
        overdue: overdue.iter().map(|r| raid_entry(r)).collect(),
        escalated: open
            .iter()
            .filter(|r| r.kind == RaidKind::Issue && r.escalated)
            .map(|r| raid_entry(r))
            .collect(),
    };

    let f = evm::figures(&program_inputs);
    let contingency: i128 = open
        .iter()
        .filter(|r| r.kind == RaidKind::Risk)
        .map(|r| exposure_hundredths(r))
        .sum();
    let budget = BudgetStatus {
        bac: f.bac,
        pv: f.pv,
        ev: f.ev,
        ac: f.ac,
        committed: f.committed,
        spent_this_week: input.spent_this_week,
        cv: f.cv,
        sv: f.sv,
        cpi: f.cpi,
        spi: f.spi,
        eac: f.eac,
        etc: f.etc,
        vac: f.vac,
        tcpi: f.tcpi,
        contingency: to_money(&Q::new(BigInt::from(contingency), BigInt::from(100))),
    };

    let mut changes: Vec<ChangeRequest> = input
        .changes
        .iter()
        .filter(|c| in_week(c.raised) || c.decided.is_some_and(in_week))
        .cloned()
        .collect();
    changes.sort_by_key(|c| key_order(&c.key));
    let mut decisions: Vec<Decision> = input
        .decisions
        .iter()
        .filter(|d| in_week(d.date))
        .cloned()
        .collect();
    decisions.sort_by_key(|d| key_order(&d.key));

    Ok(WeeklyStatus {
        format: STATUS_FORMAT,
        version: 1,
        program: ProgramRef {
            name: input.program.name.clone(),
            currency: input.program.currency.clone(),
        },
        week,
        period: Period {
            start: monday,
            end: sunday,
        },
        as_of,
        baseline: input.baseline.map(|b| b.name.clone()),
        overall,
        workstreams,
        schedule,
        raid,
        budget,
        changes,
        decisions,
    })
}
