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

/// A cycle in the network of `links` (predecessor, successor) with the WBS of `parents`
/// (subtask, summary), named as `A -> B -> A`, or `None`. A link into a summary reaches each
/// of its leaves, and a link out of it leaves from each of them (SPEC §11), so a cycle can run
/// through the structure: `A -> S` where a leaf of `S` leads back to `A`.
pub fn cycle_with_wbs(links: &[(String, String)], parents: &[(String, String)]) -> Option<String> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<&str> = vec![];
    for (a, b) in links.iter().chain(parents) {
        for k in [a.as_str(), b.as_str()] {
            if !index.contains_key(k) {
                index.insert(k, keys.len());
                keys.push(k);
            }
        }
    }
    let n = keys.len();
    // Entry nodes of summaries follow the tasks.
    let mut entry: HashMap<usize, usize> = HashMap::new();
    for (_, summary) in parents {
        let s = index[summary.as_str()];
        if !entry.contains_key(&s) {
            entry.insert(s, n + entry.len());
        }
    }
    let into = |q: usize| entry.get(&q).copied().unwrap_or(q);
    let mut edges = Vec::with_capacity(links.len() + 2 * parents.len());
    for (p, q) in links {
        edges.push((index[p.as_str()], into(index[q.as_str()])));
    }
    for (c, s) in parents {
        let (c, s) = (index[c.as_str()], index[s.as_str()]);
        edges.push((into(s), into(c)));
        edges.push((c, s));
    }
    let mut names = keys.clone();
    let mut entries: Vec<(usize, usize)> = entry.iter().map(|(s, e)| (*e, *s)).collect();
    entries.sort();
    for (_, s) in entries {
        names.push(keys[s]);
    }
    match Graph::new(names.len(), edges).topological_order(&names) {
        Ok(_) => None,
        Err(Error::Cycle(c)) => Some(c),
        Err(e) => Some(e.to_string()),
    }
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

/// What an edge of the network is: a dependency link, or the WBS structure (from a summary's
/// entry down to a child's entry; from a child up to its summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Link(LinkType, i64),
    Down,
    Up,
}

/// No bound (far enough from `i64` limits that adding a lag or a span never overflows).
const NONE: i64 = i64::MIN / 4;
/// No limit, for the backward pass.
const FREE: i64 = i64::MAX / 4;

/// What a successor allows its predecessor in the backward pass, for each way a link binds.
/// `None` where it binds nothing (finished, or SS into a started task).
#[derive(Debug, Clone, Copy, Default)]
struct Bounds {
    /// Latest start through an FS link (a started task: its latest resume), early start.
    ls_fs: Option<i64>,
    es_fs: Option<i64>,
    /// Latest and early start through an SS link.
    ls_ss: Option<i64>,
    es_ss: Option<i64>,
    /// Latest and early finish (FF, SF).
    lf: Option<i64>,
    ef: Option<i64>,
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Bounds {
    fn merge(&mut self, o: &Bounds) {
        self.ls_fs = min_opt(self.ls_fs, o.ls_fs);
        self.es_fs = min_opt(self.es_fs, o.es_fs);
        self.ls_ss = min_opt(self.ls_ss, o.ls_ss);
        self.es_ss = min_opt(self.es_ss, o.es_ss);
        self.lf = min_opt(self.lf, o.lf);
        self.ef = min_opt(self.ef, o.ef);
    }

    /// Through a link of `kind` and `lag`: the limits on the predecessor's finish and start
    /// (late), and the early dates its free float is measured against.
    fn through(&self, kind: LinkType, lag: i64) -> Limits {
        let minus = |v: Option<i64>| v.map_or(FREE, |v| v - lag);
        match kind {
            LinkType::Fs => Limits {
                finish: minus(self.ls_fs),
                early_finish: minus(self.es_fs),
                ..Limits::default()
            },
            LinkType::Ss => Limits {
                start: minus(self.ls_ss),
                early_start: minus(self.es_ss),
                ..Limits::default()
            },
            LinkType::Ff => Limits {
                finish: minus(self.lf),
                early_finish: minus(self.ef),
                ..Limits::default()
            },
            LinkType::Sf => Limits {
                start: minus(self.lf),
                early_start: minus(self.ef),
                ..Limits::default()
            },
        }
    }
}

/// Limits on a task's (or, for a summary, on each of its leaves') late finish and late start,
/// and the early successor dates its free float is measured against.
#[derive(Debug, Clone, Copy)]
struct Limits {
    finish: i64,
    start: i64,
    early_finish: i64,
    early_start: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            finish: FREE,
            start: FREE,
            early_finish: FREE,
            early_start: FREE,
        }
    }
}

impl Limits {
    fn tighten(&mut self, o: &Limits) {
        self.finish = self.finish.min(o.finish);
        self.start = self.start.min(o.start);
        self.early_finish = self.early_finish.min(o.early_finish);
        self.early_start = self.early_start.min(o.early_start);
    }
}

/// Schedule `tasks` on `cal` as of `as_of` (SPEC §2). `None`, or an as-of date before the
/// program start, gives the pure plan; otherwise finished tasks sit at their actual dates,
/// started ones resume after the as-of date (and after what they wait on), and nothing else
/// starts before it.
///
/// With a WBS (SPEC §11) a task with children is a summary: it spans its leaves and rolls up
/// their late dates and floats. A link into a summary binds each of its leaves as if linked
/// from the predecessor; a link out of it binds the successor as if linked from each leaf. The
/// network stays linear: each summary becomes two nodes (an entry that passes its bounds
/// down, and the summary itself, which gathers its children), joined to its children by one
/// edge each way.
pub fn schedule(tasks: &[Task], cal: &Calendar, as_of: Option<NaiveDate>) -> Result<Schedule> {
    let n = tasks.len();
    // Most links point a few tasks back (the previous step of the same workstream), so look
    // there first: those tasks are still in cache, while a hash lookup of a random key costs
    // two cache misses. The full index is built only if some link or parent needs it.
    const NEARBY: usize = 16;
    let mut index: Option<HashMap<&str, usize>> = None;
    let mut find = |q: usize, key: &str| -> Result<usize> {
        if let Some(p) = (q.saturating_sub(NEARBY)..q)
            .rev()
            .find(|&p| tasks[p].key == key)
        {
            return Ok(p);
        }
        index
            .get_or_insert_with(|| {
                tasks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.key.as_str(), i))
                    .collect()
            })
            .get(key)
            .copied()
            .ok_or_else(|| Error::not_found("task", key))
    };
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for (c, t) in tasks.iter().enumerate() {
        if let Some(p) = &t.parent {
            parent[c] = Some(find(c, p)?);
        }
    }
    let mut summary = vec![false; n];
    for p in parent.iter().flatten() {
        summary[*p] = true;
    }
    // The entry node of each summary, after the tasks.
    let mut entry: Vec<Option<usize>> = vec![None; n];
    let mut nodes = n;
    for i in 0..n {
        if summary[i] {
            entry[i] = Some(nodes);
            nodes += 1;
        }
    }
    let link_count: usize = tasks.iter().map(|t| t.after.len()).sum();
    let mut links = Vec::with_capacity(link_count + 2 * n);
    let mut edges = Vec::with_capacity(link_count + 2 * n);
    for (q, t) in tasks.iter().enumerate() {
        for l in &t.after {
            let p = find(q, &l.key)?;
            links.push((p, entry[q].unwrap_or(q)));
            edges.push(Edge::Link(l.link_type, l.lag));
        }
    }
    for c in 0..n {
        if let Some(s) = parent[c] {
            links.push((entry[s].unwrap_or(s), entry[c].unwrap_or(c)));
            edges.push(Edge::Down);
            links.push((c, s));
            edges.push(Edge::Up);
        }
    }
    let graph = Graph::new(nodes, links);
    let mut keys: Vec<&str> = tasks.iter().map(|t| t.key.as_str()).collect();
    for i in 0..n {
        if summary[i] {
            keys.push(tasks[i].key.as_str());
        }
    }
    let order = graph.topological_order(&keys)?;

    // Actuals count only as of a date on or after the program start.
    let as_of = as_of.filter(|d| *d >= cal.origin());
    // Remaining work resumes on the first working day after the as-of date (index A).
    let resume_from = as_of.map(|d| cal.index_of(d + Days::new(1)));
    let mut start = vec![0i64; nodes];
    let mut finish = vec![0i64; nodes];
    // Where the remaining work begins: the start of a task not started, `rs` of a started one.
    let mut resume = vec![0i64; nodes];
    let mut state = vec![State::NotStarted; nodes];
    // On an entry node: the bounds links into the summary (and its ancestors) put on each of
    // its leaves: on the start through FS links, through SS links, and on the finish.
    let mut fs_bound = vec![NONE; nodes];
    let mut ss_bound = vec![NONE; nodes];
    let mut finish_bound = vec![NONE; nodes];
    for &x in &order {
        if x >= n {
            for &li in graph.links_into(x) {
                let p = graph.link(li).0;
                match edges[li] {
                    Edge::Down => {
                        fs_bound[x] = fs_bound[x].max(fs_bound[p]);
                        ss_bound[x] = ss_bound[x].max(ss_bound[p]);
                        finish_bound[x] = finish_bound[x].max(finish_bound[p]);
                    }
                    Edge::Link(LinkType::Fs, lag) => fs_bound[x] = fs_bound[x].max(finish[p] + lag),
                    Edge::Link(LinkType::Ss, lag) => ss_bound[x] = ss_bound[x].max(start[p] + lag),
                    Edge::Link(LinkType::Ff, lag) => {
                        finish_bound[x] = finish_bound[x].max(finish[p] + lag)
                    }
                    Edge::Link(LinkType::Sf, lag) => {
                        finish_bound[x] = finish_bound[x].max(start[p] + lag)
                    }
                    Edge::Up => {}
                }
            }
            continue;
        }
        if summary[x] {
            // The span of its children, which all come before it.
            let (mut s, mut f, mut r, mut done) = (i64::MAX, i64::MIN, i64::MAX, true);
            for &li in graph.links_into(x) {
                let c = graph.link(li).0;
                s = s.min(start[c]);
                f = f.max(finish[c]);
                r = r.min(resume[c]);
                done &= state[c] == State::Finished;
            }
            start[x] = s;
            finish[x] = f;
            resume[x] = r;
            if done {
                state[x] = State::Finished;
            }
            continue;
        }
        let t = &tasks[x];
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
                start[x] = if duration == 0 {
                    f_idx
                } else {
                    cal.index_of(s).min(f_idx)
                };
                finish[x] = f_idx;
                resume[x] = f_idx;
                state[x] = State::Finished;
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
                for &li in graph.links_into(x) {
                    let p = graph.link(li).0;
                    match edges[li] {
                        Edge::Link(LinkType::Fs, lag) => rs = rs.max(finish[p] + lag),
                        Edge::Link(LinkType::Ff, lag) => f_min = f_min.max(finish[p] + lag),
                        Edge::Link(LinkType::Sf, lag) => f_min = f_min.max(start[p] + lag),
                        Edge::Down => {
                            rs = rs.max(fs_bound[p]);
                            f_min = f_min.max(finish_bound[p]);
                        }
                        Edge::Link(LinkType::Ss, _) | Edge::Up => {}
                    }
                }
                start[x] = s_idx;
                resume[x] = rs;
                finish[x] = (rs + remaining).max(f_min);
                state[x] = State::Started { remaining };
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
        for &li in graph.links_into(x) {
            let p = graph.link(li).0;
            let bound = match edges[li] {
                Edge::Link(LinkType::Fs, lag) => finish[p] + lag,
                Edge::Link(LinkType::Ss, lag) => start[p] + lag,
                Edge::Link(LinkType::Ff, lag) => finish[p] + lag - duration,
                Edge::Link(LinkType::Sf, lag) => start[p] + lag - duration,
                Edge::Down => fs_bound[p].max(ss_bound[p]).max(finish_bound[p] - duration),
                Edge::Up => NONE,
            };
            es = es.max(bound);
        }
        start[x] = es;
        resume[x] = es;
        finish[x] = es + duration;
    }

    // Backward pass over unfinished tasks: links into finished tasks bind nothing, and no
    // late finish runs past the project finish (as in MS Project and P6).
    let project_finish = (0..n)
        .filter(|&i| !summary[i])
        .map(|i| finish[i])
        .max()
        .unwrap_or(0);
    let span = |i: usize| finish[i] - start[i];
    let mut late_finish: Vec<Option<i64>> = vec![None; nodes];
    let mut free_float: Vec<Option<i64>> = vec![None; nodes];
    // What each leaf and each entry node allows its predecessors.
    let mut bounds = vec![Bounds::default(); nodes];
    // On a summary: the limits its successors (and its ancestors' successors) put on each leaf.
    let mut limits = vec![Limits::default(); nodes];
    for &x in order.iter().rev() {
        if x >= n {
            // An entry allows what the least of its children allows.
            let mut b = Bounds::default();
            for &li in graph.links_out_of(x) {
                b.merge(&bounds[graph.link(li).1]);
            }
            bounds[x] = b;
            continue;
        }
        if state[x] == State::Finished && !summary[x] {
            continue;
        }
        let mut lim = Limits {
            finish: project_finish,
            ..Limits::default()
        };
        for &li in graph.links_out_of(x) {
            let y = graph.link(li).1;
            match edges[li] {
                Edge::Up => lim.tighten(&limits[y]),
                Edge::Link(kind, lag) => lim.tighten(&bounds[y].through(kind, lag)),
                Edge::Down => {}
            }
        }
        if summary[x] {
            // A deadline on a summary is a deadline for each of its leaves.
            if let Some(d) = tasks[x].deadline {
                lim.finish = lim.finish.min(cal.index_on_or_before(d) + 1);
            }
            limits[x] = lim;
            continue;
        }
        let mut lf = lim.finish.min(lim.start.saturating_add(span(x)));
        let ff = (lim.early_finish - finish[x]).min(lim.early_start.saturating_sub(start[x]));
        if let Some(d) = tasks[x].deadline {
            lf = lf.min(cal.index_on_or_before(d) + 1);
        }
        late_finish[x] = Some(lf);
        free_float[x] = Some(ff.min(project_finish - finish[x]));
        bounds[x] = match state[x] {
            // A started successor binds through its latest resume LR = LF - remaining.
            State::Started { remaining } => Bounds {
                ls_fs: Some(lf - remaining),
                es_fs: Some(resume[x]),
                ls_ss: None,
                es_ss: None,
                lf: Some(lf),
                ef: Some(finish[x]),
            },
            _ => Bounds {
                ls_fs: Some(lf - span(x)),
                es_fs: Some(start[x]),
                ls_ss: Some(lf - span(x)),
                es_ss: Some(start[x]),
                lf: Some(lf),
                ef: Some(finish[x]),
            },
        };
    }

    let mut planned: Vec<Planned> = (0..n)
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
                milestone: tasks[i].duration == 0 && !summary[i],
            }
        })
        .collect();
    // Summaries roll up from their children, which come before them in `order`.
    for &x in &order {
        if x >= n || !summary[x] {
            continue;
        }
        let (mut ls, mut lf, mut tf, mut ff, mut critical) = (None, None, None, None, false);
        for &li in graph.links_into(x) {
            let c = &planned[graph.link(li).0];
            ls = min_opt(ls, c.late_start);
            lf = lf.max(c.late_finish);
            tf = min_opt(tf, c.total_float);
            ff = min_opt(ff, c.free_float);
            critical |= c.critical;
        }
        let p = &mut planned[x];
        p.late_start = ls;
        p.late_finish = lf;
        p.total_float = tf;
        p.free_float = ff;
        p.critical = critical;
    }
    let mut critical_path: Vec<usize> = (0..n)
        .filter(|&i| planned[i].critical && !summary[i])
        .collect();
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
