//! Read-side compositions: load what an engine needs from the store and run it.

use crate::domain::{IsoWeek, RagThresholds};
use crate::engine::status::{self, StatusInput, WeeklyStatus};
use crate::error::Result;
use crate::store::Db;

/// Load what the status of `week` reads and compute it.
pub fn weekly_status(db: &Db, week: IsoWeek) -> Result<WeeklyStatus> {
    let (monday, sunday) = (week.monday(), week.sunday());
    let program = db.program()?;
    let workstreams = db.workstreams()?;
    let tasks = db.tasks(None)?;
    let baseline = db.baseline_as_of(sunday)?;
    let raid = db.raid_items(None)?;
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(sunday)?;
    let changes = db.change_requests()?;
    let decisions = db.decisions()?;
    let notes = db.status_notes()?;
    let input = StatusInput {
        program: &program,
        workstreams: &workstreams,
        tasks: &tasks,
        baseline: baseline.as_ref(),
        raid: &raid,
        lines: &lines,
        spend: &spend,
        spent_this_week: db.actual_spend_between(monday, sunday)?,
        changes: &changes,
        decisions: &decisions,
        notes: &notes,
        thresholds: RagThresholds::from_settings(&db.settings()?),
    };
    status::weekly_status(&input, week)
}
