//! `milepost generate`: a synthetic program of any size for benchmarks and scale tests.
//!
//! Workstreams of 250 tasks, about two links per task of all four types, a baseline, actual
//! dates and progress on the first third of each workstream, one RAID item per ten tasks, budget
//! lines for every workstream, category and month, and ten spend lines per task. The same seed
//! gives the same bytes.

use crate::domain::*;
use crate::engine::schedule;
use crate::error::Result;
use chrono::{Days, NaiveDate};

/// A small, fast, seedable generator (SplitMix64); good enough for synthetic data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next_u64() % ((high - low + 1) as u64)) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

pub const CATEGORIES: [&str; 4] = ["Labor", "Vendors", "Hardware", "Travel"];
const TASKS_PER_WORKSTREAM: usize = 250;
const OWNERS: [&str; 8] = [
    "Dana Ortiz",
    "Sam Lee",
    "Priya Nair",
    "Jonas Berg",
    "Mei Chen",
    "Alex Kim",
    "Ruth Adeyemi",
    "Tom Walsh",
];

/// Build a synthetic program of `tasks` tasks from `seed`.
pub fn generate(tasks: usize, seed: u64) -> Result<ProgramDoc> {
    generate_with_depth(tasks, seed, 1)
}

/// Subtasks under one summary task in a generated WBS.
const FAN_OUT: usize = 5;

/// As [`generate`], with a WBS `depth` levels deep (SPEC §11): above the `tasks` tasks of each
/// workstream, summary tasks of five subtasks each (numbered after the workstream's tasks),
/// up to `depth` levels. Depth 1 is the flat program, byte for byte.
pub fn generate_with_depth(tasks: usize, seed: u64, depth: usize) -> Result<ProgramDoc> {
    let mut doc = generate_flat(tasks, seed)?;
    if depth > 1 {
        add_wbs(&mut doc, depth);
    }
    Ok(doc)
}

/// Summaries above each workstream's tasks, `depth` levels in all, in WBS order. Summaries
/// have no links or progress, so the leaves' schedule (and the baseline) stays as it was.
fn add_wbs(doc: &mut ProgramDoc, depth: usize) {
    let tasks = std::mem::take(&mut doc.tasks);
    let mut by_ws: Vec<(String, Vec<Task>)> = vec![];
    for t in tasks {
        match by_ws.last_mut() {
            Some((ws, list)) if *ws == t.workstream => list.push(t),
            _ => by_ws.push((t.workstream.clone(), vec![t])),
        }
    }
    for (ws, leaves) in by_ws {
        let mut next = leaves.len() + 1;
        // children[i]: what the i-th node of the current level holds; start with the leaves.
        let mut level: Vec<(Task, Vec<usize>)> = vec![];
        let mut all: Vec<(Task, Vec<usize>)> = leaves.into_iter().map(|t| (t, vec![])).collect();
        let mut current: Vec<usize> = (0..all.len()).collect();
        for up in 1..depth {
            level.clear();
            for (g, group) in current.chunks(FAN_OUT).enumerate() {
                let key = format!("{ws}-{next}");
                next += 1;
                let title = format!("Phase {} (level {})", g + 1, depth - up);
                level.push((Task::new(key, ws.clone(), title, 1), group.to_vec()));
            }
            let first = all.len();
            all.append(&mut level);
            current = (first..all.len()).collect();
        }
        // Parents from the groups, then WBS order from the top level down.
        for i in 0..all.len() {
            let (parent_key, children) = (all[i].0.key.clone(), all[i].1.clone());
            for c in children {
                all[c].0.parent = Some(parent_key.clone());
            }
        }
        let mut order = vec![];
        let mut stack: Vec<usize> = current.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(all[i].1.iter().rev());
        }
        let mut slots: Vec<Option<Task>> = all.into_iter().map(|(t, _)| Some(t)).collect();
        doc.tasks
            .extend(order.into_iter().filter_map(|i| slots[i].take()));
    }
}

fn generate_flat(tasks: usize, seed: u64) -> Result<ProgramDoc> {
    let mut rng = Rng::new(seed);
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("valid date");
    let holidays = vec![
        NaiveDate::from_ymd_opt(2026, 1, 19).expect("valid date"),
        NaiveDate::from_ymd_opt(2026, 5, 25).expect("valid date"),
        NaiveDate::from_ymd_opt(2026, 7, 3).expect("valid date"),
        NaiveDate::from_ymd_opt(2026, 9, 7).expect("valid date"),
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date"),
        NaiveDate::from_ymd_opt(2026, 12, 25).expect("valid date"),
    ];
    let mut doc = ProgramDoc::new(Program {
        name: format!("Synthetic program ({tasks} tasks, seed {seed})"),
        currency: "USD".into(),
        start,
        calendar: CalendarSpec::weekdays(holidays.clone()),
    });
    let ws_count = tasks.div_ceil(TASKS_PER_WORKSTREAM).max(1);
    for w in 1..=ws_count {
        doc.workstreams.push(Workstream {
            key: format!("W{w}"),
            name: format!("Workstream {w}"),
            owner: Some(rng.pick(&OWNERS).to_string()),
        });
    }
    let types = [
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Fs,
        LinkType::Ss,
        LinkType::Ff,
        LinkType::Sf,
    ];
    for i in 0..tasks {
        let w = i / TASKS_PER_WORKSTREAM;
        let local = i % TASKS_PER_WORKSTREAM;
        let ws = &doc.workstreams[w].key;
        let milestone = local > 0 && rng.chance(8);
        let mut after = vec![];
        if local > 0 {
            after.push(Link {
                key: format!("{ws}-{local}"),
                link_type: *rng.pick(&types),
                lag: rng.range(-1, 2),
            });
            if local > 2 {
                let back = rng.range(2, (local as i64).min(12));
                let key = format!("{ws}-{}", local as i64 + 1 - back);
                if !after.iter().any(|l| l.key == key) {
                    after.push(Link {
                        key,
                        link_type: *rng.pick(&types),
                        lag: rng.range(0, 3),
                    });
                }
            }
        }
        if w > 0 && local > 0 && rng.chance(5) {
            let other = &doc.workstreams[w - 1].key;
            let n = rng.range(1, TASKS_PER_WORKSTREAM as i64);
            after.push(Link {
                key: format!("{other}-{n}"),
                link_type: LinkType::Fs,
                lag: 0,
            });
        }
        // Drawn in this order so that a seed keeps giving the same program.
        let duration = if milestone { 0 } else { rng.range(1, 15) };
        let owner = Some(rng.pick(&OWNERS).to_string());
        let budget = if milestone {
            None
        } else {
            Some(Money(rng.range(50, 5000) * 10_000))
        };
        let title = format!("Task {} of {}", local + 1, doc.workstreams[w].name);
        doc.tasks.push(Task {
            owner,
            budget,
            after,
            ..Task::new(format!("{ws}-{}", local + 1), ws.clone(), title, duration)
        });
    }
    let cal = Calendar::new(start, Workdays::default(), &holidays);
    let plan = schedule::schedule(&doc.tasks, &cal, None)?.tasks;
    doc.baselines.push(Baseline {
        name: "original".into(),
        taken: start - Days::new(3),
        tasks: schedule::baseline_tasks(&doc.tasks, &plan, &cal),
    });
    // Progress on the first third of each workstream: the earlier two thirds of that finished,
    // the rest under way.
    for (i, (task, p)) in doc.tasks.iter_mut().zip(&plan).enumerate() {
        let local = i % TASKS_PER_WORKSTREAM;
        if local < TASKS_PER_WORKSTREAM / 3 {
            let planned_start = p.start_date(&cal).min(as_of);
            if local < TASKS_PER_WORKSTREAM * 2 / 9 {
                let slip = rng.range(0, 3);
                let finish = cal
                    .date_of(cal.index_of(p.finish_date(&cal)) + slip)
                    .min(as_of)
                    .max(planned_start);
                task.actual_start = Some(planned_start);
                task.actual_finish = Some(finish);
                task.percent_complete = 100;
            } else {
                task.actual_start = Some(planned_start);
                task.percent_complete = if task.duration == 0 {
                    0
                } else {
                    rng.range(10, 90)
                };
                if task.duration == 0 {
                    task.actual_start = None;
                }
            }
        }
    }
    let kinds = RaidKind::ALL;
    for r in 0..tasks / 10 {
        let kind = kinds[r % 4];
        let n = r / 4 + 1;
        let ws = &doc.workstreams[rng.range(0, ws_count as i64 - 1) as usize].key;
        let raised = start + Days::new(rng.range(0, 170) as u64);
        let open = rng.chance(70);
        let statuses = kind.statuses();
        let status = if open {
            statuses[rng.range(
                0,
                (statuses.len() - kind.closed_statuses().len()) as i64 - 1,
            ) as usize]
        } else {
            kind.closed_statuses()[0]
        };
        let task_key = doc.tasks[rng.range(0, tasks as i64 - 1) as usize]
            .key
            .clone();
        doc.raid.push(RaidItem {
            key: format!("{}-{n}", kind.prefix()),
            kind,
            title: format!("Synthetic {kind} {n}"),
            description: None,
            status: status.to_string(),
            owner: Some(rng.pick(&OWNERS).to_string()),
            raised,
            due: Some(raised + Days::new(rng.range(7, 90) as u64)),
            workstream: Some(ws.clone()),
            closed: if open {
                None
            } else {
                Some(raised + Days::new(rng.range(1, 30) as u64))
            },
            tasks: vec![task_key],
            probability: (kind == RaidKind::Risk).then(|| rng.range(1, 5)),
            impact: matches!(kind, RaidKind::Risk | RaidKind::Issue).then(|| rng.range(1, 5)),
            probability_pct: None,
            cost_impact: (kind == RaidKind::Risk).then(|| Money(rng.range(1, 100) * 100_000)),
            response: (kind == RaidKind::Risk).then(|| *rng.pick(Response::ALL)),
            mitigation: (kind == RaidKind::Risk).then(|| "Monitor weekly".to_string()),
            residual_probability: None,
            residual_impact: None,
            escalated: kind == RaidKind::Issue && rng.chance(10),
            provider: (kind == RaidKind::Dependency).then(|| "Partner team".to_string()),
        });
    }
    let first_month = Month::of(start);
    for ws in &doc.workstreams {
        for category in CATEGORIES {
            let mut month = first_month;
            for _ in 0..12 {
                doc.budget.push(BudgetLine {
                    workstream: ws.key.clone(),
                    category: category.to_string(),
                    month,
                    amount: Money(rng.range(10, 500) * 100_000),
                });
                month = month.next();
            }
        }
    }
    let statuses = [
        SpendStatus::Committed,
        SpendStatus::Accrued,
        SpendStatus::Invoiced,
        SpendStatus::Invoiced,
        SpendStatus::Paid,
        SpendStatus::Paid,
    ];
    for s in 0..tasks * 10 {
        let ws = &doc.workstreams[(s / 10) / TASKS_PER_WORKSTREAM].key;
        doc.spend.push(SpendEntry {
            key: format!("SP-{}", s + 1),
            date: start + Days::new(rng.range(0, 364) as u64),
            workstream: ws.clone(),
            category: rng.pick(&CATEGORIES).to_string(),
            amount: Money(rng.range(10_000, 2_000_000)),
            vendor: Some(format!("Vendor {}", rng.range(1, 200))),
            reference: Some(format!("INV-{:07}", s + 1)),
            status: *rng.pick(&statuses),
        });
    }
    for c in 0..(tasks / 200).max(1) {
        let raised = start + Days::new(rng.range(0, 150) as u64);
        let status = *rng.pick(ChangeStatus::ALL);
        doc.changes.push(ChangeRequest {
            key: format!("CR-{}", c + 1),
            title: format!("Synthetic change {}", c + 1),
            status,
            raised,
            decided: (status != ChangeStatus::Proposed).then(|| raised + Days::new(7)),
            workstream: Some(doc.workstreams[c % ws_count].key.clone()),
            budget_delta: Some(Money(rng.range(-50, 200) * 100_000)),
            schedule_delta: Some(rng.range(0, 10)),
        });
    }
    for d in 0..(tasks / 200).max(1) {
        doc.decisions.push(Decision {
            key: format!("DEC-{}", d + 1),
            date: start + Days::new(rng.range(0, 150) as u64),
            title: format!("Synthetic decision {}", d + 1),
            decision: "Proceed as planned".into(),
            rationale: Some("Synthetic data".into()),
            by: Some("Steering committee".into()),
        });
    }
    let week = IsoWeek::of(as_of);
    for ws in &doc.workstreams {
        doc.status_notes.push(StatusNote {
            week,
            workstream: Some(ws.key.clone()),
            rag: None,
            reason: None,
            summary: Some("On track".into()),
            accomplishments: vec!["Closed the sprint".into()],
            next_steps: vec!["Start the next sprint".into()],
        });
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_program_and_sizes() {
        let a = generate(600, 7).unwrap();
        let b = generate(600, 7).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.tasks.len(), 600);
        assert_eq!(a.workstreams.len(), 3);
        assert_eq!(a.spend.len(), 6000);
        assert_eq!(a.raid.len(), 60);
        assert_eq!(a.budget.len(), 3 * 4 * 12);
        let links: usize = a.tasks.iter().map(|t| t.after.len()).sum();
        assert!((1000..=1300).contains(&links), "{links} links");
        for t in [LinkType::Fs, LinkType::Ss, LinkType::Ff, LinkType::Sf] {
            assert!(
                a.tasks
                    .iter()
                    .flat_map(|t| &t.after)
                    .any(|l| l.link_type == t)
            );
        }
        assert_ne!(generate(600, 8).unwrap(), a);
    }
}
