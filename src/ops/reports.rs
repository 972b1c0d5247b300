//! Read-side compositions: load what an engine needs from the store and run it.

use crate::domain::{IsoWeek, RagThresholds};
use crate::engine::status::{self, StatusInput, WeeklyStatus};
use crate::error::Result;
use crate::store::Db;
use chrono::NaiveDate;

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
    let program = db.program()?;
    let workstreams = db.workstreams()?;
    let tasks = db.tasks(None)?;
    let baseline = db.baseline_as_of(as_of)?;
    let raid = db.raid_items(None)?;
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(as_of)?;
    let changes = db.change_requests()?;
    let decisions = db.decisions()?;
    let notes = db.status_notes()?;
    // The plan as it stood when the previous week ended, for how far milestones moved since.
    let last_sunday_end = (week.monday() - chrono::Days::new(1))
        .and_hms_opt(23, 59, 59)
        .unwrap_or_default();
    let then = db.as_it_stood(last_sunday_end, |db| Ok((db.program()?, db.tasks(None)?)))?;
    let last_week = match &then {
        Some((program, tasks)) => (program, tasks.as_slice()),
        None => (&program, tasks.as_slice()),
    };
    let input = StatusInput {
        program: &program,
        workstreams: &workstreams,
        tasks: &tasks,
        baseline: baseline.as_ref(),
        raid: &raid,
        lines: &lines,
        spend: &spend,
        spent_this_week: db.actual_spend_between(week.monday(), as_of)?,
        changes: &changes,
        decisions: &decisions,
        notes: &notes,
        thresholds: RagThresholds::from_settings(&db.settings()?),
        last_week,
    };
    status::weekly_status(&input, week, as_of)
}
