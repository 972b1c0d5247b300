//! Read-side compositions: load what an engine needs from the store and run it.

use crate::domain::{
    Baseline, BudgetLine, ChangeRequest, Decision, IsoWeek, Program, Rag, RagThresholds, RaidItem,
    StatusNote, Task, Workstream,
};
use crate::engine::status::{self, StatusInput, WeeklyStatus};
use crate::error::Result;
use crate::store::Db;
use chrono::NaiveDate;
use serde::Serialize;

/// What every week's status reads that does not depend on the as-of date.
struct Loaded {
    program: Program,
    workstreams: Vec<Workstream>,
    tasks: Vec<Task>,
    raid: Vec<RaidItem>,
    lines: Vec<BudgetLine>,
    changes: Vec<ChangeRequest>,
    decisions: Vec<Decision>,
    notes: Vec<StatusNote>,
    thresholds: RagThresholds,
}

fn load(db: &Db) -> Result<Loaded> {
    Ok(Loaded {
        program: db.program()?,
        workstreams: db.workstreams()?,
        tasks: db.tasks(None)?,
        raid: db.raid_items(None)?,
        lines: db.budget_lines()?,
        changes: db.change_requests()?,
        decisions: db.decisions()?,
        notes: db.status_notes()?,
        thresholds: RagThresholds::from_settings(&db.settings()?),
    })
}

/// The status of `week` as of `as_of` (already checked) from what was loaded.
/// The status of `week` as of `as_of`; with `moves`, how far each milestone moved since the
/// end of the week before (a replay of the journal: the RAG history goes without).
fn status_of(
    db: &Db,
    data: &Loaded,
    week: IsoWeek,
    as_of: NaiveDate,
    moves: bool,
) -> Result<WeeklyStatus> {
    let baseline: Option<Baseline> = db.baseline_as_of(as_of)?;
    let spend = db.spend_totals(as_of)?;
    // The plan as it stood when the previous week ended, for how far milestones moved since.
    let last_sunday_end = (week.monday() - chrono::Days::new(1))
        .and_hms_opt(23, 59, 59)
        .unwrap_or_default();
    let then = if moves {
        db.as_it_stood(last_sunday_end, |db| Ok((db.program()?, db.tasks(None)?)))?
    } else {
        None
    };
    let last_week = match &then {
        Some((program, tasks)) => Some((program, tasks.as_slice())),
        None if moves => Some((&data.program, data.tasks.as_slice())),
        None => None,
    };
    let input = StatusInput {
        program: &data.program,
        workstreams: &data.workstreams,
        tasks: &data.tasks,
        baseline: baseline.as_ref(),
        raid: &data.raid,
        lines: &data.lines,
        spend: &spend,
        spent_this_week: db.actual_spend_between(week.monday(), as_of)?,
        changes: &data.changes,
        decisions: &data.decisions,
        notes: &data.notes,
        thresholds: data.thresholds,
        last_week,
    };
    status::weekly_status(&input, week, as_of)
}

/// Load what the status of `week` reads and compute it as of `as_of`, or by default as of the
/// week's Sunday or `today` while the week runs (SPEC §9). A week that has not started, or an
/// as-of date outside the week or after today, is refused.
pub fn weekly_status(
    db: &Db,
    week: IsoWeek,
    today: NaiveDate,
    as_of: Option<NaiveDate>,
) -> Result<WeeklyStatus> {
    let as_of = status::status_as_of(week, today, as_of)?;
    status_of(db, &load(db)?, week, as_of, true)
}

/// One week of a RAG history: the RAG shown (override or computed) and the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekRag {
    pub week: IsoWeek,
    pub rag: Rag,
    pub computed_rag: Rag,
}

/// A workstream's RAG week by week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkstreamHistory {
    pub key: String,
    pub weeks: Vec<WeekRag>,
}

/// The program's and each workstream's RAG over weeks, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RagHistory {
    pub program: Vec<WeekRag>,
    pub workstreams: Vec<WorkstreamHistory>,
}

impl RagHistory {
    /// The history cut into one history per week, oldest first.
    pub fn weeks(&self) -> Vec<RagHistory> {
        self.program
            .iter()
            .map(|p| RagHistory {
                program: vec![*p],
                workstreams: self
                    .workstreams
                    .iter()
                    .filter_map(|w| {
                        let week = w.weeks.iter().find(|x| x.week == p.week)?;
                        Some(WorkstreamHistory {
                            key: w.key.clone(),
                            weeks: vec![*week],
                        })
                    })
                    .collect(),
            })
            .collect()
    }

    /// Histories of consecutive weeks, oldest first, joined into one.
    pub fn joined<'a>(parts: impl IntoIterator<Item = &'a RagHistory>) -> RagHistory {
        let mut out = RagHistory {
            program: vec![],
            workstreams: vec![],
        };
        for part in parts {
            out.program.extend(part.program.iter().copied());
            for w in &part.workstreams {
                match out.workstreams.iter_mut().find(|h| h.key == w.key) {
                    Some(h) => h.weeks.extend(w.weeks.iter().copied()),
                    None => out.workstreams.push(w.clone()),
                }
            }
        }
        out
    }
}

/// The RAG of the `count` weeks ending with `last`, each as its status would report it (as of
/// its Sunday, or today for the running week); the data is loaded once.
pub fn rag_history(db: &Db, last: IsoWeek, count: usize, today: NaiveDate) -> Result<RagHistory> {
    let data = load(db)?;
    let first_monday = last.monday() - chrono::Days::new(7 * (count.max(1) as u64 - 1));
    let mut history = RagHistory {
        program: vec![],
        workstreams: vec![],
    };
    for i in 0..count.max(1) {
        let week = IsoWeek::of(first_monday + chrono::Days::new(7 * i as u64));
        let as_of = status::status_as_of(week, today, None)?;
        let s = status_of(db, &data, week, as_of, false)?;
        history.program.push(WeekRag {
            week,
            rag: s.overall.rag,
            computed_rag: s.overall.computed_rag,
        });
        for w in s.workstreams {
            let entry = WeekRag {
                week,
                rag: w.rag,
                computed_rag: w.computed_rag,
            };
            match history.workstreams.iter_mut().find(|h| h.key == w.key) {
                Some(h) => h.weeks.push(entry),
                None => history.workstreams.push(WorkstreamHistory {
                    key: w.key,
                    weeks: vec![entry],
                }),
            }
        }
    }
    Ok(history)
}
