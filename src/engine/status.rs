//! The weekly status (SPEC §9, version 2): everything leadership reads for one ISO week,
//! computed as of the Sunday that ends it, or as of today while the week runs. Pure: the
//! caller loads the data; the same data, week and as-of date give the same value (no
//! wall-clock time inside).

use super::evm::{self, Ledger, Q, to_money};
use super::forecast::{self, TaskForecast};
use super::rag::{self, Assessment, Reason};
use super::schedule;
use crate::domain::keys::split_key;
use crate::domain::*;
use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use serde::Serialize;
use std::collections::HashMap;

pub const STATUS_FORMAT: &str = "milepost.weekly-status";
pub const STATUS_VERSION: u32 = 2;

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
    /// Accrued, invoiced and paid spend dated from the week's Monday to the as-of date.
    pub spent_this_week: Money,
    pub changes: &'a [ChangeRequest],
    pub decisions: &'a [Decision],
    pub notes: &'a [StatusNote],
    pub thresholds: RagThresholds,
    /// The plan (program and tasks) as it stood at the end of the previous week, for how far
    /// each milestone moved since then.
    /// `None`: the milestones' moves are not wanted (the RAG history), and not computed.
    pub last_week: Option<(&'a Program, &'a [Task])>,
}

/// The as-of date of a week's status (SPEC §9): the Sunday that ends it, or today while the
/// week is still running; a requested date must fall inside the week and must have happened.
/// A week that has not started yet has no status.
pub fn status_as_of(
    week: IsoWeek,
    today: NaiveDate,
    requested: Option<NaiveDate>,
) -> Result<NaiveDate> {
    let (monday, sunday) = (week.monday(), week.sunday());
    if monday > today {
        return Err(Error::invalid(
            "week",
            week,
            format!("has not started yet (it starts on {monday}; today is {today})"),
        ));
    }
    match requested {
        None => Ok(sunday.min(today)),
        Some(d) if d < monday || d > sunday => Err(Error::invalid(
            "as_of",
            d,
            format!("is outside the week {week} ({monday} to {sunday})"),
        )),
        Some(d) if d > today => Err(Error::invalid(
            "as_of",
            d,
            format!("is after today ({today}): a status reports what has happened"),
        )),
        Some(d) => Ok(d),
    }
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
    /// Every reason of the computed RAG.
    pub reasons: Vec<Reason>,
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
    pub reasons: Vec<Reason>,
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
    pub eac: Option<Money>,
    pub vac: Option<Money>,
}

/// A task as the status lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskEntry {
    pub key: String,
    pub title: String,
    pub workstream: String,
    pub milestone: bool,
    pub baseline_finish: Option<NaiveDate>,
    pub forecast_finish: NaiveDate,
    pub slip_days: Option<i64>,
    pub percent_complete: i64,
}

/// A milestone with how far its forecast moved since the end of the previous week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneEntry {
    #[serde(flatten)]
    pub task: TaskEntry,
    /// This forecast minus the forecast as it stood at the end of the previous week (the plan
    /// of then, as of that Sunday), in working days, positive = later; `None` for a milestone
    /// that did not exist then.
    pub moved_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleStatus {
    pub baseline_finish: Option<NaiveDate>,
    pub forecast_finish: Option<NaiveDate>,
    pub slip_days: Option<i64>,
    pub percent_complete: i64,
    /// Every milestone, by forecast date, then task order.
    pub milestones: Vec<MilestoneEntry>,
    /// Finished within the week up to the as-of date, by finish date then task order.
    pub completed_this_week: Vec<TaskEntry>,
    /// Unfinished, forecast to finish in the two weeks after the as-of date, by forecast finish.
    pub due_next_two_weeks: Vec<TaskEntry>,
    /// Unfinished tasks forecast after their baseline finish, and tasks that finished late this
    /// week: the largest slip first, then by key.
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

/// A top risk, with what leadership needs to weigh it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEntry {
    pub key: String,
    pub title: String,
    pub workstream: Option<String>,
    pub owner: Option<String>,
    pub status: String,
    pub due: Option<NaiveDate>,
    pub probability: Option<i64>,
    pub impact: Option<i64>,
    pub score: Option<i64>,
    /// Expected monetary value: probability percent x cost impact; `None` without a cost impact.
    pub exposure: Option<Money>,
    pub mitigation: Option<String>,
    /// Linked task keys.
    pub tasks: Vec<String>,
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
    pub top_risks: Vec<RiskEntry>,
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

/// Exposure of a risk in hundredths of a cent (exact): probability percent (or the band
/// midpoint of its probability) x cost impact; `None` without both.
fn exposure_hundredths(r: &RaidItem) -> Option<i128> {
    let pct = r.probability_pct.or_else(|| {
        r.probability
            .map(|p| [5, 20, 40, 65, 90][(p.clamp(1, 5) - 1) as usize])
    })?;
    Some(i128::from(pct) * i128::from(r.cost_impact?.cents()))
}

/// Contingency (SPEC §4): the exposure of the risks open as of a date, summed exactly and
/// rounded once.
pub fn contingency<'a>(items: impl Iterator<Item = &'a RaidItem>, as_of: NaiveDate) -> Money {
    let sum: i128 = items
        .filter(|r| r.kind == RaidKind::Risk && r.open_as_of(as_of))
        .filter_map(exposure_hundredths)
        .sum();
    hundredths_to_money(sum)
}

fn hundredths_to_money(h: i128) -> Money {
    to_money(&Q::new(BigInt::from(h), BigInt::from(100)))
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

fn risk_entry(r: &RaidItem) -> RiskEntry {
    RiskEntry {
        key: r.key.clone(),
        title: r.title.clone(),
        workstream: r.workstream.clone(),
        owner: r.owner.clone(),
        status: r.status.clone(),
        due: r.due,
        probability: r.probability,
        impact: r.impact,
        score: r.score(),
        exposure: exposure_hundredths(r).map(hundredths_to_money),
        mitigation: r.mitigation.clone(),
        tasks: r.tasks.clone(),
    }
}

fn task_entry(f: &TaskForecast) -> TaskEntry {
    TaskEntry {
        key: f.key.clone(),
        title: f.title.clone(),
        workstream: f.workstream.clone(),
        milestone: f.milestone,
        baseline_finish: f.baseline_finish,
        forecast_finish: f.finish,
        slip_days: f.slip_days,
        percent_complete: f.percent_complete,
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
        eac: f.eac,
        vac: f.vac,
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

/// The program's working-day calendar.
fn calendar(program: &Program) -> Result<Calendar> {
    let workdays = Workdays::parse("workdays", &program.calendar.workdays.join(","))?;
    Ok(Calendar::new(
        program.start,
        workdays,
        &program.calendar.holidays,
    ))
}

/// Compute the weekly status of `week` as of `as_of` (see [`status_as_of`]).
pub fn weekly_status(input: &StatusInput, week: IsoWeek, as_of: NaiveDate) -> Result<WeeklyStatus> {
    let (monday, sunday) = (week.monday(), week.sunday());
    // What happened this week: from Monday up to the as-of date.
    let this_week = |d: NaiveDate| d >= monday && d <= as_of;
    let cal = calendar(input.program)?;
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
    // The forecast's percent is the recorded one; the status reads it as of its date.
    let forecast::Forecast {
        tasks: mut rows,
        critical_path,
        ..
    } = fc;
    for (r, p) in rows.iter_mut().zip(&progress) {
        r.percent_complete = p.percent_as_of(as_of);
    }
    // Summary tasks (SPEC §11) roll up from their leaves: the status reads the leaves only,
    // so nothing is counted twice.
    let summary = crate::domain::wbs::summaries(input.tasks);
    let (rows, progress): (Vec<TaskForecast>, Vec<TaskProgress>) = if summary.contains(&true) {
        rows.into_iter()
            .zip(progress)
            .zip(&summary)
            .filter(|(_, s)| !**s)
            .map(|(pair, _)| pair)
            .unzip()
    } else {
        (rows, progress)
    };
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

    let moved = match input.last_week {
        Some((then_program, then_tasks)) => moved_days(
            &cal,
            &rows,
            &calendar(then_program)?,
            then_tasks,
            monday - Days::new(1),
        )?,
        None => vec![None; rows.len()],
    };
    let schedule = schedule_status(
        input.tasks,
        &cal,
        &rows,
        &moved,
        critical_path,
        monday,
        as_of,
    )?;
    let schedule = ScheduleStatus {
        percent_complete: percent(program_inputs.fraction.as_ref()),
        ..schedule
    };
    let raid = raid_status(input.raid, as_of, &this_week);

    let f = evm::figures(&program_inputs);
    let contingency = contingency(input.raid.iter(), as_of);
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
        contingency,
    };

    let mut changes: Vec<ChangeRequest> = input
        .changes
        .iter()
        .filter(|c| this_week(c.raised) || c.decided.is_some_and(this_week))
        .cloned()
        .collect();
    changes.sort_by_key(|c| key_order(&c.key));
    let mut decisions: Vec<Decision> = input
        .decisions
        .iter()
        .filter(|d| this_week(d.date))
        .cloned()
        .collect();
    decisions.sort_by_key(|d| key_order(&d.key));

    Ok(WeeklyStatus {
        format: STATUS_FORMAT,
        version: STATUS_VERSION,
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

/// How far each milestone of `rows` moved since `then`: its forecast now minus its forecast in
/// the plan of then (`then_tasks` on `then_cal`) as of that day, in working days of the
/// calendar now. `None` for tasks that are not milestones or did not exist then.
fn moved_days(
    cal: &Calendar,
    rows: &[TaskForecast],
    then_cal: &Calendar,
    then_tasks: &[Task],
    then: NaiveDate,
) -> Result<Vec<Option<i64>>> {
    let before = schedule::schedule(then_tasks, then_cal, Some(then))?;
    let finish_then: HashMap<&str, NaiveDate> = then_tasks
        .iter()
        .zip(&before.tasks)
        .filter(|(t, _)| t.duration == 0)
        .map(|(t, p)| (t.key.as_str(), p.finish_date(then_cal)))
        .collect();
    Ok(rows
        .iter()
        .map(|r| {
            finish_then
                .get(r.key.as_str())
                .filter(|_| r.milestone)
                .map(|f| cal.working_days_between(*f, r.finish))
        })
        .collect())
}

/// The schedule section; `rows` is the forecast as of `as_of` with percents as of that date,
/// `moved` how far each milestone moved since last week. The program's percent complete is
/// left at 0 for the caller, which has the ledger.
fn schedule_status(
    tasks: &[Task],
    cal: &Calendar,
    rows: &[TaskForecast],
    moved: &[Option<i64>],
    critical_path: Vec<String>,
    monday: NaiveDate,
    as_of: NaiveDate,
) -> Result<ScheduleStatus> {
    let this_week = |d: NaiveDate| d >= monday && d <= as_of;
    let mut milestones: Vec<(NaiveDate, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.milestone)
        .map(|(i, r)| (r.finish, i))
        .collect();
    milestones.sort();

    let mut completed: Vec<(NaiveDate, usize)> = tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.actual_finish.filter(|f| this_week(*f)).map(|f| (f, i)))
        .collect();
    completed.sort();
    let horizon = as_of + Days::new(14);
    let mut due: Vec<(NaiveDate, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.percent_complete < 100 && r.finish > as_of && r.finish <= horizon)
        .map(|(i, r)| (r.finish, i))
        .collect();
    due.sort();
    // Slip counts for unfinished work; a task that finished late this week is news too.
    let mut slipped: Vec<(i64, (String, i64), usize)> = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| r.percent_complete < 100 || tasks[*i].actual_finish.is_some_and(this_week))
        .filter_map(|(i, r)| {
            r.slip_days
                .filter(|s| *s > 0)
                .map(|s| (-s, key_order(&r.key), i))
        })
        .collect();
    slipped.sort();
    let all: Vec<&TaskForecast> = rows.iter().collect();
    let (baseline_finish, forecast_finish, slip_days) = finish_and_slip(cal, &all);
    Ok(ScheduleStatus {
        baseline_finish,
        forecast_finish,
        slip_days,
        percent_complete: 0,
        milestones: milestones
            .iter()
            .map(|(_, i)| MilestoneEntry {
                task: task_entry(&rows[*i]),
                moved_days: moved[*i],
            })
            .collect(),
        completed_this_week: completed
            .iter()
            .map(|(_, i)| task_entry(&rows[*i]))
            .collect(),
        due_next_two_weeks: due.iter().map(|(_, i)| task_entry(&rows[*i])).collect(),
        slipped: slipped
            .iter()
            .map(|(_, _, i)| task_entry(&rows[*i]))
            .collect(),
        critical_path,
    })
}

/// The RAID section as of `as_of`; `this_week` tells whether a date falls in the week so far.
fn raid_status(
    raid: &[RaidItem],
    as_of: NaiveDate,
    this_week: &dyn Fn(NaiveDate) -> bool,
) -> RaidStatus {
    let mut items: Vec<&RaidItem> = raid.iter().collect();
    items.sort_by_key(|r| key_order(&r.key));
    let open: Vec<&&RaidItem> = items.iter().filter(|r| r.open_as_of(as_of)).collect();
    let count = |k: RaidKind| open.iter().filter(|r| r.kind == k).count();
    let mut top: Vec<&&&RaidItem> = open
        .iter()
        .filter(|r| r.kind == RaidKind::Risk && r.score().is_some())
        .collect();
    top.sort_by_key(|r| (std::cmp::Reverse(r.score()), key_order(&r.key)));
    let mut overdue: Vec<&&&RaidItem> = open.iter().filter(|r| r.overdue_as_of(as_of)).collect();
    overdue.sort_by_key(|r| (r.due, key_order(&r.key)));
    RaidStatus {
        open: OpenCounts {
            risk: count(RaidKind::Risk),
            assumption: count(RaidKind::Assumption),
            issue: count(RaidKind::Issue),
            dependency: count(RaidKind::Dependency),
        },
        top_risks: top.iter().take(5).map(|r| risk_entry(r)).collect(),
        new_this_week: items
            .iter()
            .filter(|r| this_week(r.raised))
            .map(|r| raid_entry(r))
            .collect(),
        closed_this_week: items
            .iter()
            .filter(|r| r.closed.is_some_and(this_week))
            .map(|r| raid_entry(r))
            .collect(),
        overdue: overdue.iter().map(|r| raid_entry(r)).collect(),
        escalated: open
            .iter()
            .filter(|r| r.kind == RaidKind::Issue && r.escalated)
            .map(|r| raid_entry(r))
            .collect(),
    }
}
