//! Forward scheduling on the working-day calendar (SPEC §2): topological order with cycle
//! detection, the four link types with lags, `not_before`, and the forecast rules for finished,
//! started and unstarted tasks as of a date.
//!
//! Indices are half-open: a task occupies `[start, finish)` with `finish = start + span`.

use crate::domain::{BaselineTask, Calendar, LinkType, Task};
use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// One task's forward-pass result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub key: String,
    pub start_index: i64,
    pub finish_index: i64,
    pub milestone: bool,
}

impl Planned {
    /// The shown start date: day(s); a milestone shows its one date.
    pub fn start_date(&self, cal: &Calendar) -> NaiveDate {
        if self.milestone {
            self.finish_date(cal)
        } else {
            cal.date_of(self.start_index)
        }
    }

    /// The shown (inclusive) finish date: day(f - 1); a milestone at s shows day(s - 1), or
    /// day(0) at the very start.
    pub fn finish_date(&self, cal: &Calendar) -> NaiveDate {
        if self.milestone {
            cal.date_of((self.start_index - 1).max(0))
        } else {
            cal.date_of(self.finish_index - 1)
        }
    }
}

/// A plan's shown dates, as the task list of a baseline.
pub fn baseline_tasks(plan: &[Planned], cal: &Calendar) -> Vec<BaselineTask> {
    plan.iter()
        .map(|p| BaselineTask {
            key: p.key.clone(),
            start: p.start_date(cal),
            finish: p.finish_date(cal),
        })
        .collect()
}

/// Order task indices so that every predecessor comes before its successors, or name a cycle
/// (`A -> B -> A`). `preds[i]` lists the predecessor indices of task `i`.
pub fn topological_order(keys: &[&str], preds: &[Vec<usize>]) -> Result<Vec<usize>> {
    let n = keys.len();
    let mut succs: Vec<Vec<usize>> = vec![vec![]; n];
    let mut indegree = vec![0usize; n];
    for (q, ps) in preds.iter().enumerate() {
        for &p in ps {
            succs[p].push(q);
            indegree[q] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|i| indegree[*i] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let p = order[head];
        head += 1;
        for &q in &succs[p] {
            indegree[q] -= 1;
            if indegree[q] == 0 {
                order.push(q);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Walk predecessors among the tasks left over until one repeats: that loop is a cycle.
    let start = (0..n).find(|i| indegree[*i] > 0).unwrap_or(0);
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut path = vec![start];
    let mut at = start;
    loop {
        seen.insert(at, path.len() - 1);
        let next = preds[at]
            .iter()
            .copied()
            .find(|p| indegree[*p] > 0)
            .unwrap_or(at);
        if let Some(&pos) = seen.get(&next) {
            let mut cycle: Vec<&str> = path[pos..].iter().rev().map(|i| keys[*i]).collect();
            cycle.push(cycle[0]);
            return Err(Error::Cycle(cycle.join(" -> ")));
        }
        path.push(next);
        at = next;
    }
}

/// If adding the link `pred -> succ` would close a cycle, name it (`pred -> succ -> ... -> pred`).
pub fn cycle_through(links: &[(String, String)], pred: &str, succ: &str) -> Option<String> {
    if pred == succ {
        return Some(format!("{pred} -> {pred}"));
    }
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for (p, s) in links {
        out.entry(p.as_str()).or_default().push(s.as_str());
    }
    // Breadth-first from succ, remembering how each task was reached.
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([succ]);
    while let Some(at) = queue.pop_front() {
        if at == pred {
            let mut path = vec![pred];
            let mut cur = pred;
            while cur != succ {
                cur = came_from[cur];
                path.push(cur);
            }
            path.reverse();
            let mut cycle = vec![pred];
            cycle.extend(path);
            return Some(cycle.join(" -> "));
        }
        for &next in out.get(at).map(Vec::as_slice).unwrap_or(&[]) {
            if next != succ && !came_from.contains_key(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Forward pass with forecast as of `as_of`: early start and finish for every task, in input
/// order. An `as_of` before the program start (or `None`) gives the pure plan.
pub fn forward(tasks: &[Task], cal: &Calendar, as_of: Option<NaiveDate>) -> Result<Vec<Planned>> {
    let index: HashMap<&str, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut preds: Vec<Vec<usize>> = Vec::with_capacity(tasks.len());
    for t in tasks {
        let mut ps = Vec::with_capacity(t.after.len());
        for l in &t.after {
            let p = *index
                .get(l.key.as_str())
                .ok_or_else(|| Error::not_found("task", l.key.clone()))?;
            ps.push(p);
        }
        preds.push(ps);
    }
    let keys: Vec<&str> = tasks.iter().map(|t| t.key.as_str()).collect();
    let order = topological_order(&keys, &preds)?;
    let actuals_apply = as_of.is_some_and(|d| d >= cal.origin());
    // Remaining work resumes on the first working day after the as-of date.
    let resume = as_of
        .filter(|_| actuals_apply)
        .map(|d| cal.index_of(d + Days::new(1)));
    let mut start = vec![0i64; tasks.len()];
    let mut finish = vec![0i64; tasks.len()];
    for &q in &order {
        let t = &tasks[q];
        let duration = t.duration;
        if actuals_apply && let (Some(s), Some(f)) = (t.actual_start, t.actual_finish) {
            let f_idx = cal.index_on_or_before(f) + 1;
            let s_idx = if duration == 0 {
                f_idx
            } else {
                cal.index_of(s).min(f_idx)
            };
            start[q] = s_idx;
            finish[q] = f_idx;
            continue;
        }
        if actuals_apply && let Some(s) = t.actual_start {
            let s_idx = cal.index_of(s);
            let remaining = (duration * (100 - t.percent_complete) + 99) / 100;
            start[q] = s_idx;
            finish[q] = s_idx.max(resume.unwrap_or(s_idx)) + remaining;
            continue;
        }
        let mut es: i64 = 0;
        if let Some(nb) = t.not_before {
            let i = cal.index_of(nb);
            es = es.max(if duration == 0 { i + 1 } else { i });
        }
        if let Some(a) = resume {
            es = es.max(a);
        }
        for (l, &p) in t.after.iter().zip(&preds[q]) {
            let bound = match l.link_type {
                LinkType::Fs => finish[p] + l.lag,
                LinkType::Ss => start[p] + l.lag,
                LinkType::Ff => finish[p] + l.lag - duration,
                LinkType::Sf => start[p] + l.lag - duration,
            };
            es = es.max(bound);
        }
        start[q] = es;
        finish[q] = es + duration;
    }
    Ok(tasks
        .iter()
        .enumerate()
        .map(|(i, t)| Planned {
            key: t.key.clone(),
            start_index: start[i],
            finish_index: finish[i],
            milestone: t.duration == 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Link, Workdays};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn task(key: &str, duration: i64, after: &[(&str, LinkType, i64)]) -> Task {
        Task {
            key: key.into(),
            workstream: "PLT".into(),
            title: key.into(),
            duration,
            owner: None,
            budget: None,
            percent_complete: 0,
            actual_start: None,
            actual_finish: None,
            not_before: None,
            deadline: None,
            acceptance: None,
            after: after
                .iter()
                .map(|(k, t, l)| Link {
                    key: (*k).into(),
                    link_type: *t,
                    lag: *l,
                })
                .collect(),
        }
    }

    #[test]
    fn link_types_and_lags() {
        let cal = Calendar::new(d("2026-01-05"), Workdays::default(), &[]);
        let tasks = vec![
            task("PLT-1", 5, &[]),
            task("PLT-2", 3, &[("PLT-1", LinkType::Fs, 2)]),
            task("PLT-3", 4, &[("PLT-1", LinkType::Ss, 1)]),
            task("PLT-4", 2, &[("PLT-1", LinkType::Ff, -1)]),
            task("PLT-5", 0, &[("PLT-2", LinkType::Fs, 0)]),
            task("PLT-6", 3, &[("PLT-3", LinkType::Sf, 0)]),
        ];
        let plan = forward(&tasks, &cal, None).unwrap();
        let spans: Vec<(i64, i64)> = plan
            .iter()
            .map(|p| (p.start_index, p.finish_index))
            .collect();
        assert_eq!(
            spans,
            vec![(0, 5), (7, 10), (1, 5), (2, 4), (10, 10), (0, 3)]
        );
        assert_eq!(plan[1].start_date(&cal), d("2026-01-14"));
        assert_eq!(plan[1].finish_date(&cal), d("2026-01-16"));
        assert_eq!(plan[4].finish_date(&cal), d("2026-01-16")); // milestone at the end of PLT-2
    }

    #[test]
    fn forecast_uses_actuals() {
        let cal = Calendar::new(d("2026-01-05"), Workdays::default(), &[]);
        let mut a = task("PLT-1", 10, &[]);
        a.actual_start = Some(d("2026-01-05"));
        a.percent_complete = 50;
        let b = task("PLT-2", 2, &[("PLT-1", LinkType::Fs, 0)]);
        // As of Friday 2026-01-16 (index 9): 5 days remain from Monday index 10.
        let plan = forward(&[a.clone(), b.clone()], &cal, Some(d("2026-01-16"))).unwrap();
        assert_eq!((plan[0].start_index, plan[0].finish_index), (0, 15));
        assert_eq!((plan[1].start_index, plan[1].finish_index), (15, 17));
        // Before the program start: the pure plan.
        let plan = forward(&[a, b], &cal, Some(d("2025-12-01"))).unwrap();
        assert_eq!((plan[0].start_index, plan[0].finish_index), (0, 10));
    }

    #[test]
    fn cycles_are_named() {
        let tasks = vec![
            task("PLT-1", 1, &[("PLT-3", LinkType::Fs, 0)]),
            task("PLT-2", 1, &[("PLT-1", LinkType::Fs, 0)]),
            task("PLT-3", 1, &[("PLT-2", LinkType::Fs, 0)]),
        ];
        let cal = Calendar::new(d("2026-01-05"), Workdays::default(), &[]);
        let err = forward(&tasks, &cal, None).unwrap_err().to_string();
        assert!(err.starts_with("dependency cycle: "), "{err}");
        for k in ["PLT-1", "PLT-2", "PLT-3"] {
            assert!(err.contains(k), "{err}");
        }
        let links = vec![("PLT-2".to_string(), "PLT-5".to_string())];
        assert_eq!(
            cycle_through(&links, "PLT-5", "PLT-2").unwrap(),
            "PLT-5 -> PLT-2 -> PLT-5"
        );
        assert_eq!(cycle_through(&links, "PLT-2", "PLT-6"), None);
    }
}
