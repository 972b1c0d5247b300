//! Read-side compositions: load what an engine needs from the store and run it.

use crate::domain::SpendTotal;
use crate::domain::{
    Baseline, BudgetLine, ChangeRequest, Decision, IsoWeek, Program, Rag, RagThresholds, RaidItem,
    StatusNote, Task, Workstream,
};
use crate::engine::status::{self, StatusInput, WeeklyStatus};
use crate::error::Result;
use crate::store::Db;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

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

/// What a week's status reads that depends on its as-of date: the baseline in force and the
/// spend to date.
struct Dated {
    baseline_id: Option<i64>,
    baseline: Option<Baseline>,
    as_of: NaiveDate,
    spend: Vec<SpendTotal>,
}

impl Dated {
    fn read(db: &Db, as_of: NaiveDate) -> Result<Dated> {
        let baseline_id = db.baseline_id_as_of(as_of)?;
        Ok(Dated {
            baseline_id,
            baseline: match baseline_id {
                Some(id) => db.baseline_by_id(id)?,
                None => None,
            },
            as_of,
            spend: db.spend_totals(as_of)?,
        })
    }

    /// Move on to a later `as_of`: the baseline is read again only when another one is in
    /// force, and only the spend dated in between is summed.
    fn advance(&mut self, db: &Db, as_of: NaiveDate) -> Result<()> {
        if as_of == self.as_of {
            return Ok(());
        }
        if as_of < self.as_of {
            *self = Dated::read(db, as_of)?;
            return Ok(());
        }
        let id = db.baseline_id_as_of(as_of)?;
        if id != self.baseline_id {
            self.baseline_id = id;
            self.baseline = match id {
                Some(id) => db.baseline_by_id(id)?,
                None => None,
            };
        }
        let more = db.spend_totals_between(self.as_of, as_of)?;
        if !more.is_empty() {
            let mut at: HashMap<(String, String, String, &'static str), usize> = self
                .spend
                .iter()
                .enumerate()
                .map(|(i, t)| (spend_key(t), i))
                .collect();
            for t in more {
                match at.get(&spend_key(&t)) {
                    Some(&i) => self.spend[i].amount += t.amount,
                    None => {
                        at.insert(spend_key(&t), self.spend.len());
                        self.spend.push(t);
                    }
                }
            }
        }
        self.as_of = as_of;
        Ok(())
    }
}

fn spend_key(t: &SpendTotal) -> (String, String, String, &'static str) {
    (
        t.workstream.clone(),
        t.category.clone(),
        t.month.to_string(),
        t.status.as_str(),
    )
}

/// The status of `week` as of `as_of` (already checked) from what was loaded; with `moves`,
/// how far each milestone moved since the end of the week before (a replay of the journal:
/// the RAG history goes without).
fn status_of(
    db: &Db,
    data: &Loaded,
    dated: &Dated,
    week: IsoWeek,
    moves: bool,
) -> Result<WeeklyStatus> {
    let as_of = dated.as_of;
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
        baseline: dated.baseline.as_ref(),
        raid: &data.raid,
        lines: &data.lines,
        spend: &dated.spend,
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
    status_of(db, &load(db)?, &Dated::read(db, as_of)?, week, true)
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
    let first = status::status_as_of(IsoWeek::of(first_monday), today, None)?;
    let mut dated = Dated::read(db, first)?;
    for i in 0..count.max(1) {
        let week = IsoWeek::of(first_monday + chrono::Days::new(7 * i as u64));
        dated.advance(db, status::status_as_of(week, today, None)?)?;
        let s = status_of(db, &data, &dated, week, false)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use chrono::Days;

    #[test]
    fn spend_advanced_week_by_week_is_the_spend_read_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut store = Store::create(&dir.path().join("demo.db")).unwrap();
        let doc = crate::io::demo::demo_program(today).unwrap();
        store.bulk(|db| db.insert_doc(&doc, &mut |_| {})).unwrap();
        let db = store.read();
        let sums = |d: &Dated| {
            let mut v: Vec<_> = d.spend.iter().map(|t| (spend_key(t), t.amount)).collect();
            v.sort();
            v
        };
        let start = today - Days::new(70);
        let mut dated = Dated::read(&db, start).unwrap();
        let first = sums(&dated);
        for week in 1..=10 {
            let as_of = start + Days::new(7 * week);
            dated.advance(&db, as_of).unwrap();
            let fresh = Dated::read(&db, as_of).unwrap();
            assert_eq!(sums(&dated), sums(&fresh), "{as_of}");
            assert_eq!(dated.baseline, fresh.baseline, "{as_of}");
        }
        assert_ne!(sums(&dated), first, "ten weeks of the demo add spend");
        // Back in time, it reads again.
        dated.advance(&db, start).unwrap();
        assert_eq!(sums(&dated), first);
    }
}
