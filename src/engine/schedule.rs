//! The schedule (SPEC §2): forward pass with forecast from actuals, backward pass, total and
//! free float, the critical flag and path, over the working-day calendar.
//!
//! Indices are half-open working-day indices: a task occupies `[start, finish)` with
//! `finish = start + span`. Everything is linear in tasks plus links: one topological order,
//! one pass forward, one pass back.

use super::graph::Graph;
use crate::domain::{BaselineTask, Calendar, LinkType, Progress, Task, progress_as_of};
use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// One task's schedule, in working-day indices, at the task's position in the input.
///
/// A finished task has no late dates and no float (`None`): nothing can move it any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Early (forecast) start and finish; a started task's start is its actual start.
    pub start_index: i64,
    pub finish_index: i64,
    /// Where the remaining work begins: the start of a task not started, the resume index of
    /// a started one (SPEC §2, retained logic).
    pub resume_index: i64,
    /// The latest start; for a started task the latest day its remaining work can resume.
    pub late_start: Option<i64>,
    pub late_finish: Option<i64>,
    /// Late finish - early finish; negative when a deadline cannot be met.
    pub total_float: Option<i64>,
    /// How far the task can slip without moving any successor (or the project finish).
    pub free_float: Option<i64>,
    /// Unfinished with total float <= 0.
    pub critical: bool,
    pub milestone: bool,
}

/// The shown date of the span `[start, finish)`: a task's last day is day(finish - 1); a
/// milestone at `start` shows day(start - 1), the working day that ends there, or day(0).
fn shown_finish(cal: &Calendar, start: i64, finish: i64, milestone: bool) -> NaiveDate {
    if milestone {
        cal.date_of((start - 1).max(0))
    } else {
        cal.date_of(finish - 1)
    }
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

    /// The shown (inclusive) finish date.
    pub fn finish_date(&self, cal: &Calendar) -> NaiveDate {
        shown_finish(cal, self.start_index, self.finish_index, self.milestone)
    }

    /// The shown late start (`None` for a finished task).
    pub fn late_start_date(&self, cal: &Calendar) -> Option<NaiveDate> {
        if self.milestone {
            self.late_finish_date(cal)
        } else {
            self.late_start.map(|ls| cal.date_of(ls))
        }
    }

    /// The shown late finish (`None` for a finished task).
    pub fn late_finish_date(&self, cal: &Calendar) -> Option<NaiveDate> {
        let (ls, lf) = (self.late_start?, self.late_finish?);
        Some(shown_finish(cal, ls, lf, self.milestone))
    }
}

/// A whole schedule: tasks in input order, the project finish index and the critical path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub tasks: Vec<Planned>,
    /// The largest early finish (exclusive index); 0 for an empty program.
    pub project_finish: i64,
    /// Indices of the critical tasks, by early start, then early finish, then input order.
    pub critical_path: Vec<usize>,
}

impl Schedule {
    /// The shown project finish date: the last working day of the latest task.
    pub fn project_finish_date(&self, cal: &Calendar) -> NaiveDate {
        cal.date_of((self.project_finish - 1).max(0))
    }
}

/// A plan's shown dates, as the task list of a baseline; `plan` is in the order of `tasks`.
pub fn baseline_tasks(tasks: &[Task], plan: &[Planned], cal: &Calendar) -> Vec<BaselineTask> {
    tasks
        .iter()
        .zip(plan)
        .map(|(t, p)| BaselineTask {
            key: t.key.clone(),
            start: p.start_date(cal),
            finish: p.finish_date(cal),
        })
        .collect()
}

/// Order tasks so that predecessors come first, or name a cycle. `preds[i]` lists the
/// predecessor indices of task `i`.
pub fn topological_order(keys: &[&str], preds: &[Vec<usize>]) -> Result<Vec<usize>> {
    let links = preds
        .iter()
        .enumerate()
        .flat_map(|(q, ps)| ps.iter().map(move |&p| (p, q)))
        .collect();
    Graph::new(keys.len(), links).topological_order(keys)
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

/// Where a task stands as of the schedule's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    NotStarted,
    /// Under way, with this many working days of work left.
    Started {
        remaining: i64,
    },
    Finished,
}

/// Schedule `tasks` on `cal` as of `as_of` (SPEC §2). `None`, or an as-of date before the
/// program start, gives the pure plan; otherwise finished tasks sit at their actual dates,
/// started ones resume after the as-of date (and after what they wait on), and nothing else
/// starts before it.
pub fn schedule(tasks: &[Task], cal: &Calendar, as_of: Option<NaiveDate>) -> Result<Schedule> {
    let n = tasks.len();
    let link_count = tasks.iter().map(|t| t.after.len()).sum();
    let mut links = Vec::with_capacity(link_count);
    let mut kinds = Vec::with_capacity(link_count);
    let mut lags = Vec::with_capacity(link_count);
    // Most links point a few tasks back (the previous step of the same workstream), so look
    // there first: those tasks are still in cache, while a hash lookup of a random key costs
    // two cache misses. The full index is built only if some link needs it.
    const NEARBY: usize = 16;
    let mut index: Option<HashMap<&str, usize>> = None;
    for (q, t) in tasks.iter().enumerate() {
        for l in &t.after {
            let key = l.key.as_str();
            let nearby = (q.saturating_sub(NEARBY)..q)
                .rev()
                .find(|&p| tasks[p].key == key);
            let p = match nearby {
                Some(p) => p,
                None => *index
                    .get_or_insert_with(|| {
                        tasks
                            .iter()
                            .enumerate()
                            .map(|(i, t)| (t.key.as_str(), i))
                            .collect()
                    })
                    .get(key)
                    .ok_or_else(|| Error::not_found("task", key))?,
            };
            links.push((p, q));
            kinds.push(l.link_type);
            lags.push(l.lag);
        }
    }
    let graph = Graph::new(n, links);
    let keys: Vec<&str> = tasks.iter().map(|t| t.key.as_str()).collect();
    let order = graph.topological_order(&keys)?;

    // Actuals count only as of a date on or after the program start.
    let as_of = as_of.filter(|d| *d >= cal.origin());
    // Remaining work resumes on the first working day after the as-of date (index A).
    let resume_from = as_of.map(|d| cal.index_of(d + Days::new(1)));
    let mut start = vec![0i64; n];
    let mut finish = vec![0i64; n];
    // Where the remaining work begins: the start of a task not started, `rs` of a started one.
    let mut resume = vec![0i64; n];
    let mut state = vec![State::NotStarted; n];
    for &q in &order {
        let t = &tasks[q];
        let duration = t.duration;
        let progress = match as_of {
            Some(d) => progress_as_of(t.percent_complete, t.actual_start, t.actual_finish, d),
            None => Progress::NotStarted,
        };
        match progress {
            Progress::Finished {
                start: s,
                finish: f,
            } => {
                // Finished: fixed at its actual dates; no link moves it.
                let f_idx = cal.index_on_or_before(f) + 1;
                start[q] = if duration == 0 {
                    f_idx
                } else {
                    cal.index_of(s).min(f_idx)
                };
                finish[q] = f_idx;
                resume[q] = f_idx;
                state[q] = State::Finished;
                continue;
            }
            // A milestone is finished by its actual finish; an actual start alone does not
            // start it.
            Progress::Started { start: s, percent } if duration > 0 => {
                // Retained logic: the remaining work resumes after the as-of date and after
                // its FS predecessors; FF and SF predecessors bound its finish; SS ones no
                // longer bind (it has started).
                let s_idx = cal.index_of(s);
                let remaining = (duration * (100 - percent) + 99) / 100;
                let mut rs = s_idx.max(resume_from.unwrap_or(s_idx));
                let mut f_min = i64::MIN;
                for &li in graph.links_into(q) {
                    let p = graph.link(li).0;
                    match kinds[li] {
                        LinkType::Fs => rs = rs.max(finish[p] + lags[li]),
                        LinkType::Ss => {}
                        LinkType::Ff => f_min = f_min.max(finish[p] + lags[li]),
                        LinkType::Sf => f_min = f_min.max(start[p] + lags[li]),
                    }
                }
                start[q] = s_idx;
                resume[q] = rs;
                finish[q] = (rs + remaining).max(f_min);
                state[q] = State::Started { remaining };
                continue;
            }
            Progress::Started { .. } | Progress::NotStarted => {}
        }
        let mut es: i64 = 0;
        if let Some(nb) = t.not_before {
            // A milestone's not-before applies to its shown date, day(s - 1).
            let i = cal.index_of(nb);
            es = es.max(if duration == 0 { i + 1 } else { i });
        }
        if let Some(a) = resume_from {
            es = es.max(a);
        }
        for &li in graph.links_into(q) {
            let p = graph.link(li).0;
            let bound = match kinds[li] {
                LinkType::Fs => finish[p] + lags[li],
                LinkType::Ss => start[p] + lags[li],
                LinkType::Ff => finish[p] + lags[li] - duration,
                LinkType::Sf => start[p] + lags[li] - duration,
            };
            es = es.max(bound);
        }
        start[q] = es;
        resume[q] = es;
        finish[q] = es + duration;
    }

    // Backward pass over unfinished tasks: links into finished tasks bind nothing, and no
    // late finish runs past the project finish (as in MS Project and P6).
    let project_finish = finish.iter().copied().max().unwrap_or(0);
    let span = |i: usize| finish[i] - start[i];
    let mut late_finish: Vec<Option<i64>> = vec![None; n];
    let mut free_float: Vec<Option<i64>> = vec![None; n];
    for &p in order.iter().rev() {
        if state[p] == State::Finished {
            continue;
        }
        let mut lf = project_finish;
        let mut ff = project_finish - finish[p];
        for &li in graph.links_out_of(p) {
            let q = graph.link(li).1;
            let Some(lf_q) = late_finish[q] else {
                continue; // finished
            };
            let lag = lags[li];
            let bound = match (kinds[li], state[q]) {
                // A started successor binds through its latest resume LR = LF - remaining.
                (LinkType::Fs, State::Started { remaining }) => {
                    Some((lf_q - remaining - lag, resume[q] - lag - finish[p]))
                }
                (LinkType::Ss, State::Started { .. }) => None,
                (LinkType::Fs, _) => Some((lf_q - span(q) - lag, start[q] - lag - finish[p])),
                (LinkType::Ss, _) => {
                    Some((lf_q - span(q) - lag + span(p), start[q] - lag - start[p]))
                }
                (LinkType::Ff, _) => Some((lf_q - lag, finish[q] - lag - finish[p])),
                (LinkType::Sf, _) => Some((lf_q - lag + span(p), finish[q] - lag - start[p])),
            };
            if let Some((limit, slack)) = bound {
                lf = lf.min(limit);
                ff = ff.min(slack);
            }
        }
        if let Some(d) = tasks[p].deadline {
            lf = lf.min(cal.index_on_or_before(d) + 1);
        }
        late_finish[p] = Some(lf);
        free_float[p] = Some(ff);
    }

    let planned: Vec<Planned> = (0..n)
        .map(|i| {
            let total_float = late_finish[i].map(|lf| lf - finish[i]);
            // A started task's late start is its latest resume.
            let late_start = late_finish[i].map(|lf| match state[i] {
                State::Started { remaining } => lf - remaining,
                _ => lf - span(i),
            });
            Planned {
                start_index: start[i],
                finish_index: finish[i],
                resume_index: resume[i],
                late_start,
                late_finish: late_finish[i],
                total_float,
                free_float: free_float[i],
                critical: total_float.is_some_and(|f| f <= 0),
                milestone: tasks[i].duration == 0,
            }
        })
        .collect();
    let mut critical_path: Vec<usize> = (0..n).filter(|i| planned[*i].critical).collect();
    critical_path.sort_by_key(|&i| (start[i], finish[i], i));
    Ok(Schedule {
        tasks: planned,
        project_finish,
        critical_path,
    })
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
            after: after
                .iter()
                .map(|(k, t, l)| Link {
                    key: (*k).into(),
                    link_type: *t,
                    lag: *l,
                })
                .collect(),
            ..Task::new(key, "PLT", key, duration)
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
        let plan = schedule(&tasks, &cal, None).unwrap().tasks;
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
        let plan = schedule(&[a.clone(), b.clone()], &cal, Some(d("2026-01-16")))
            .unwrap()
            .tasks;
        assert_eq!((plan[0].start_index, plan[0].finish_index), (0, 15));
        assert_eq!((plan[1].start_index, plan[1].finish_index), (15, 17));
        // Before the program start: the pure plan.
        let plan = schedule(&[a, b], &cal, Some(d("2025-12-01")))
            .unwrap()
            .tasks;
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
        let err = schedule(&tasks, &cal, None).unwrap_err().to_string();
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

    #[test]
    fn links_resolve_near_and_far_and_unknown_keys_are_named() {
        let cal = Calendar::new(d("2026-01-05"), Workdays::default(), &[]);
        let mut tasks: Vec<Task> = (1..=40)
            .map(|i| task(&format!("PLT-{i}"), 1, &[]))
            .collect();
        tasks[39].after.push(Link {
            key: "PLT-1".into(),
            link_type: LinkType::Fs,
            lag: 30,
        });
        tasks[20].after.push(Link {
            key: "PLT-20".into(),
            link_type: LinkType::Fs,
            lag: 0,
        });
        let s = schedule(&tasks, &cal, None).unwrap();
        assert_eq!(s.tasks[39].start_index, 31, "a link 39 tasks back");
        assert_eq!(s.tasks[20].start_index, 1, "a link to the previous task");
        tasks[5].after.push(Link {
            key: "PLT-99".into(),
            link_type: LinkType::Fs,
            lag: 0,
        });
        let err = schedule(&tasks, &cal, None).unwrap_err().to_string();
        assert_eq!(err, "task \"PLT-99\": not found");
    }
}
