//! The work breakdown structure (SPEC §11): WBS order, levels, codes and which tasks are
//! summaries, derived from each task's parent and the order tasks come in.

use super::Task;
use std::collections::HashMap;

/// Tasks in WBS order: each summary before its subtasks, siblings (and the tops of the
/// workstreams) in the order given. A task whose parent is missing stays at the top.
pub fn in_wbs_order(tasks: Vec<Task>) -> Vec<Task> {
    if tasks.iter().all(|t| t.parent.is_none()) {
        return tasks;
    }
    let index: HashMap<&str, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![vec![]; tasks.len()];
    let mut roots = vec![];
    for (i, t) in tasks.iter().enumerate() {
        match t.parent.as_deref().and_then(|p| index.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(tasks.len());
    let mut seen = vec![false; tasks.len()];
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    // A parent cycle (never stored, but a file could hold one) leaves tasks unvisited.
    order.extend((0..tasks.len()).filter(|&i| !seen[i]));
    let mut slots: Vec<Option<Task>> = tasks.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The structure of tasks given in WBS order: each task's summary (by index) and which tasks
/// are summaries. Built once with one key lookup per task; the rest works on indices.
pub struct Tree {
    pub parent: Vec<Option<usize>>,
    pub summary: Vec<bool>,
}

impl Tree {
    pub fn of(tasks: &[Task]) -> Tree {
        let n = tasks.len();
        let mut parent = vec![None; n];
        let mut summary = vec![false; n];
        if tasks.iter().any(|t| t.parent.is_some()) {
            let index: HashMap<&str, usize> = tasks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.key.as_str(), i))
                .collect();
            for (i, t) in tasks.iter().enumerate() {
                if let Some(&p) = t.parent.as_deref().and_then(|p| index.get(p))
                    && p != i
                {
                    parent[i] = Some(p);
                    summary[p] = true;
                }
            }
        }
        Tree { parent, summary }
    }

    /// The WBS code of each task (`PLT 1.2.3`): the workstream, then the task's place among
    /// its siblings at each level. For tasks in WBS order (a parent before its subtasks).
    pub fn codes(&self, tasks: &[Task]) -> Vec<String> {
        let mut children = vec![0usize; tasks.len()];
        let mut roots: HashMap<&str, usize> = HashMap::new();
        let mut out: Vec<String> = Vec::with_capacity(tasks.len());
        for (i, t) in tasks.iter().enumerate() {
            let code = match self.parent[i].filter(|&p| p < i) {
                Some(p) => {
                    children[p] += 1;
                    format!("{}.{}", out[p], children[p])
                }
                None => {
                    let n = roots.entry(t.workstream.as_str()).or_insert(0);
                    *n += 1;
                    format!("{} {n}", t.workstream)
                }
            };
            out.push(code);
        }
        out
    }

    /// Each task's level: 1 at the top of its workstream (WBS order).
    pub fn levels(&self) -> Vec<usize> {
        let mut level = vec![1usize; self.parent.len()];
        for i in 0..level.len() {
            if let Some(p) = self.parent[i].filter(|&p| p < i) {
                level[i] = level[p] + 1;
            }
        }
        level
    }

    /// What a summary rolls up from its leaves (SPEC §11): percent complete weighted as
    /// earned value weights tasks (by budget when any leaf below has one, else by duration)
    /// and the sum of the leaves' budgets. Leaves get their own values.
    pub fn rollups(&self, tasks: &[Task]) -> Vec<(i64, Option<super::Money>)> {
        #[derive(Clone, Copy, Default)]
        struct Sums {
            by_budget: i128,
            budget: i128,
            by_duration: i128,
            duration: i128,
            any_budget: bool,
        }
        let mut sums = vec![Sums::default(); tasks.len()];
        // Children come after their parents: walk backwards, adding each into its parent.
        for i in (0..tasks.len()).rev() {
            let t = &tasks[i];
            if !self.summary[i] {
                let budget = t.budget.map_or(0, |b| i128::from(b.cents()));
                sums[i] = Sums {
                    by_budget: budget * i128::from(t.percent_complete),
                    budget,
                    by_duration: i128::from(t.duration) * i128::from(t.percent_complete),
                    duration: i128::from(t.duration),
                    any_budget: t.budget.is_some(),
                };
            }
            if let Some(p) = self.parent[i] {
                let s = sums[i];
                let q = &mut sums[p];
                q.by_budget += s.by_budget;
                q.budget += s.budget;
                q.by_duration += s.by_duration;
                q.duration += s.duration;
                q.any_budget |= s.any_budget;
            }
        }
        tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !self.summary[i] {
                    return (t.percent_complete, t.budget);
                }
                let s = &sums[i];
                let (num, den) = if s.any_budget {
                    (s.by_budget, s.budget)
                } else {
                    (s.by_duration, s.duration)
                };
                let percent = if den == 0 { 0 } else { (num / den) as i64 };
                let budget = s
                    .any_budget
                    .then(|| super::Money(i64::try_from(s.budget).unwrap_or(i64::MAX)));
                (percent, budget)
            })
            .collect()
    }
}

/// Which tasks have subtasks, in the order given.
pub fn summaries(tasks: &[Task]) -> Vec<bool> {
    Tree::of(tasks).summary
}

/// The WBS code of each task (`PLT 1.2.3`), for tasks in WBS order. Never stored: moving a
/// task renumbers.
pub fn codes(tasks: &[Task]) -> Vec<String> {
    Tree::of(tasks).codes(tasks)
}

/// Each task's level: 1 at the top of its workstream.
pub fn levels(tasks: &[Task]) -> Vec<usize> {
    Tree::of(tasks).levels()
}

/// See [`Tree::rollups`].
pub fn rollups(tasks: &[Task]) -> Vec<(i64, Option<super::Money>)> {
    Tree::of(tasks).rollups(tasks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: &str, parent: Option<&str>) -> Task {
        Task {
            parent: parent.map(str::to_string),
            ..Task::new(key, key.split('-').next().unwrap(), key, 1)
        }
    }

    #[test]
    fn order_codes_and_levels() {
        let tasks = vec![
            t("PLT-1", None),
            t("APP-1", None),
            t("PLT-3", Some("PLT-2")),
            t("PLT-2", Some("PLT-1")),
            t("PLT-4", Some("PLT-1")),
            t("APP-2", Some("APP-1")),
        ];
        let ordered = in_wbs_order(tasks);
        let keys: Vec<&str> = ordered.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["PLT-1", "PLT-2", "PLT-3", "PLT-4", "APP-1", "APP-2"]);
        assert_eq!(
            codes(&ordered),
            [
                "PLT 1",
                "PLT 1.1",
                "PLT 1.1.1",
                "PLT 1.2",
                "APP 1",
                "APP 1.1"
            ]
        );
        assert_eq!(levels(&ordered), [1, 2, 3, 2, 1, 2]);
        assert_eq!(summaries(&ordered), [true, true, false, false, true, false]);
    }

    #[test]
    fn rollups_weigh_by_budget_else_duration() {
        let mut tasks = vec![
            t("PLT-1", None),
            t("PLT-2", Some("PLT-1")),
            t("PLT-3", Some("PLT-1")),
            t("APP-1", None),
            t("APP-2", Some("APP-1")),
            t("APP-3", Some("APP-1")),
        ];
        // PLT: 3 days at 100 %, 1 day at 0 %: 75 % by duration.
        tasks[1].duration = 3;
        tasks[1].percent_complete = 100;
        tasks[2].duration = 1;
        // APP: budgets 1,000 at 50 % and 3,000 at 10 %: (500 + 300) / 4,000 = 20 %.
        tasks[4].budget = Some(crate::domain::Money(100_000));
        tasks[4].percent_complete = 50;
        tasks[5].budget = Some(crate::domain::Money(300_000));
        tasks[5].percent_complete = 10;
        let r = rollups(&tasks);
        assert_eq!(r[0], (75, None));
        assert_eq!(r[3], (20, Some(crate::domain::Money(400_000))));
        assert_eq!(r[4], (50, Some(crate::domain::Money(100_000))));
    }
}
