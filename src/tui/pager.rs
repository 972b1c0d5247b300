//! Windows of rows for the tabs. The workbench never holds a whole listing: it asks for the
//! window around the selection, and the pager answers with those rows, built into cells by
//! the tab, and the count of every row the filter keeps. Milestones, RAID, spend, budget lines
//! and the Log are paged, filtered and sorted in SQL; the Budget plan and Status (a row per
//! workstream) are computed whole, once per change, and filtered in memory.
//!
//! The pager owns its own connection. In the workbench it lives on a thread of its own, so a
//! slow query never holds up a key press; tests and benchmarks use it in place.

use super::details;
use super::filter;
use super::overlays::details::DetailLine;
use super::tabs::status::Workspace;
use super::tabs::{self, BudgetView, RowRef, Tab, TableData};
use crate::domain::{IsoWeek, RagThresholds};
use crate::engine::forecast::{self, TaskForecast};
use crate::error::{Error, Result};
use crate::ops::RagHistory;
use crate::store::Store;
use crate::store::pages::{ForecastRow, ListingKind, PageQuery};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

/// What a tab is asked to show, apart from where the window starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What the Budget tab lists (the plan for the other tabs).
    pub budget_view: BudgetView,
    /// The filter as typed after `/`.
    pub filter: String,
    /// Column (an index into the tab's columns) and ascending.
    pub sort: Option<(usize, bool)>,
    /// Bring the tab's chart data (RAID heat map, Budget burn) with the window.
    pub chart: bool,
    /// The Status tab's week (`None`: this week).
    pub week: Option<IsoWeek>,
    /// The Milestones tab shows only milestones, with how far they moved since last week.
    pub milestones: bool,
    /// Summary tasks whose subtasks the Milestones tab hides.
    pub collapsed: Vec<String>,
}

/// What a tab's chart draws, beside or below its table. (The Milestones Gantt draws the
/// START and FINISH of the rows on screen, so it needs nothing more.)
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Open risks by probability (row, 1-5) and impact (column, 1-5).
    Heat([[u32; 5]; 5]),
    /// Cumulative planned value, earned value and actual cost by month.
    Burn(Vec<crate::engine::evm::BurnPoint>),
}

/// A request for one window of a tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub tab: Tab,
    /// The workbench's data generation; bumped on every change.
    pub generation: u64,
    pub query: Query,
    pub offset: usize,
    pub limit: usize,
    /// Find this record's row (after a change) and center the window on it.
    pub locate: Option<String>,
}

/// Rows `offset..offset + table.rows.len()` of the `total` rows a query keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub tab: Tab,
    pub generation: u64,
    pub query: Query,
    pub offset: usize,
    pub total: usize,
    pub table: TableData,
    /// Milestones only: the forecast columns are not computed yet (shown as `…`).
    pub forecast_pending: bool,
    /// The tab's chart data, when the query asked for it.
    pub chart: Option<Chart>,
    /// Where the record asked for with `locate` is, if the filter keeps it.
    pub located: Option<usize>,
    /// The Status tab's week: its status, and its RAG trend once computed.
    pub workspace: Option<Arc<Workspace>>,
}

impl Window {
    /// Row `index` of the listing, if this window holds it.
    pub fn row(&self, index: usize) -> Option<&Vec<String>> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.table.rows.get(i))
    }

    /// What row `index` stands for, if this window holds it.
    pub fn row_ref(&self, index: usize) -> Option<&RowRef> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.table.refs.get(i))
    }

    /// Whether rows `from..to` (clipped to the total) are all here.
    pub fn covers(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.total);
        from >= self.offset && to <= self.offset + self.table.rows.len() || self.total == 0
    }
}

/// A forecast's rows as the Milestones pages store them, with each task's place in the WBS
/// (the forecast lists tasks in WBS order, summaries before their subtasks).
pub fn forecast_rows(f: &forecast::Forecast) -> Vec<ForecastRow<'_>> {
    let mut at: std::collections::HashMap<&str, (usize, String)> = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(f.tasks.len());
    for (rank, t) in f.tasks.iter().enumerate() {
        let place = t.wbs.as_ref();
        let parent = place
            .and_then(|w| w.parent.as_deref())
            .and_then(|p| at.get(p));
        let (level, path) = match parent {
            Some((level, path)) => (level + 1, format!("{path}.{rank:07}")),
            None => (1, format!("{rank:07}")),
        };
        if place.is_some_and(|w| w.summary) {
            at.insert(&t.key, (level, path.clone()));
        }
        rows.push(ForecastRow {
            key: &t.key,
            start: t.start,
            finish: t.finish,
            slip: t.slip_days,
            total_float: t.total_float,
            critical: t.critical,
            rank,
            level,
            summary: place.is_some_and(|w| w.summary),
            path,
            percent: t.percent_complete,
        });
    }
    rows
}

/// A small tab computed whole: which tab, generation and week, its rows and its workspace.
struct Small {
    tab: Tab,
    generation: u64,
    week: Option<IsoWeek>,
    table: TableData,
    workspace: Option<Arc<Workspace>>,
}

/// Answers window requests from its own connection.
pub struct Pager {
    store: Store,
    today: NaiveDate,
    /// The generation the installed forecast was computed for, and the forecast by key (for
    /// a task's details).
    forecast: Option<u64>,
    forecast_by_key: HashMap<String, TaskForecast>,
    /// The whole table of a small tab (Budget plan, Status), for one generation and week.
    small: Vec<Small>,
    /// The last count per tab: generation, query and total, so scrolling does not count again.
    counts: Vec<(Tab, u64, Query, usize)>,
    /// The program's RAG thresholds, for the rows' tones, per generation.
    thresholds: Option<(u64, RagThresholds)>,
    /// The RAG of single weeks for one generation: stepping a week computes one new week of
    /// the trend, not all eight.
    week_rags: (u64, HashMap<IsoWeek, RagHistory>),
}

impl Pager {
    pub fn open(path: &Path, today: NaiveDate) -> Result<Pager> {
        Ok(Pager {
            store: Store::open(path)?,
            today,
            forecast: None,
            forecast_by_key: HashMap::new(),
            small: vec![],
            counts: vec![],
            thresholds: None,
            week_rags: (0, HashMap::new()),
        })
    }

    /// Whether the Milestones forecast is older than `generation`.
    pub fn forecast_stale(&self, generation: u64) -> bool {
        self.forecast != Some(generation)
    }

    /// Schedule every task as of today against the latest baseline and install the result for
    /// the Milestones pages. About a second at 100,000 tasks, most of it loading the links.
    pub fn refresh_forecast(&mut self, generation: u64) -> Result<()> {
        let db = self.store.read();
        let tasks = db.tasks(None)?;
        let cal = crate::ops::calendar(&db)?;
        let baseline = db.latest_baseline()?;
        let f = forecast::forecast(&tasks, &cal, self.today, baseline.as_ref())?;
        db.install_forecast(forecast_rows(&f))?;
        self.forecast_by_key = f.tasks.into_iter().map(|t| (t.key.clone(), t)).collect();
        self.forecast = Some(generation);
        Ok(())
    }

    fn thresholds(&mut self, generation: u64) -> Result<RagThresholds> {
        match self.thresholds {
            Some((g, t)) if g == generation => Ok(t),
            _ => {
                let t = RagThresholds::from_settings(&self.store.read().settings()?);
                self.thresholds = Some((generation, t));
                Ok(t)
            }
        }
    }

    /// The rows of the weekly progress grid, with the forecast of `generation`.
    pub fn grid(&mut self, generation: u64) -> Result<Vec<super::overlays::progress::GridRow>> {
        if self.forecast_stale(generation) {
            self.refresh_forecast(generation)?;
        }
        let tasks = self.store.read().tasks(None)?;
        Ok(super::overlays::progress::rows(
            &tasks,
            &self.forecast_by_key,
            self.today,
        ))
    }

    /// The details of a row's record.
    pub fn details(&mut self, row: &RowRef, cells: &[(String, String)]) -> Result<Vec<DetailLine>> {
        details::of(&self.store.read(), row, cells, &self.forecast_by_key)
    }

    /// The window a request asks for.
    pub fn fetch(&mut self, req: &Request) -> Result<Window> {
        let tab = req.tab;
        let view = req.query.budget_view;
        let columns = tabs::columns(tab, view);
        let thresholds = self.thresholds(req.generation)?;
        let mut table = TableData::new(columns);
        let paged = match tab {
            Tab::Milestones => !req.query.milestones,
            Tab::Raid | Tab::Log => true,
            Tab::Budget => view != BudgetView::Plan,
            Tab::Status => false,
        };
        let mut offset = req.offset;
        if !paged {
            let small = self.small_table(tab, req.generation, req.query.week, &thresholds)?;
            let workspace = small.workspace.clone();
            let full = &small.table;
            // (the milestones-only view has columns of its own)
            table.columns = full.columns;
            let order = filter::order(full, &req.query.filter, req.query.sort);
            let located = req
                .locate
                .as_ref()
                .and_then(|key| order.iter().position(|&i| full.refs[i].key() == *key));
            if let Some(at) = located {
                offset = at.saturating_sub(req.limit / 2);
            }
            let end = (offset + req.limit).min(order.len());
            for &i in order.get(offset..end).unwrap_or(&[]) {
                table.rows.push(full.rows[i].clone());
                table.tones.push(full.tones[i]);
                table.refs.push(full.refs[i].clone());
            }
            let chart = match (tab, req.query.chart) {
                (Tab::Budget, true) => Some(Chart::Burn(tabs::budget::burn_series(
                    &self.store.read(),
                    self.today,
                )?)),
                _ => None,
            };
            return Ok(Window {
                tab,
                generation: req.generation,
                query: req.query.clone(),
                offset,
                total: order.len(),
                table,
                forecast_pending: false,
                chart,
                located,
                workspace,
            });
        }
        let mut row_filter = filter::parse(&req.query.filter, tab, view)
            .map_err(|e| Error::invalid("filter", &req.query.filter, e))?;
        if tab == Tab::Milestones {
            row_filter.collapsed = req.query.collapsed.clone();
        }
        let known = self
            .counts
            .iter()
            .find(|(t, g, q, _)| *t == tab && *g == req.generation && *q == req.query)
            .map(|c| c.3);
        let mut q = PageQuery {
            filter: &row_filter,
            sort: req
                .query
                .sort
                .and_then(|(c, up)| columns.get(c).and_then(|col| col.sort).map(|k| (k, up))),
            offset,
            limit: req.limit,
            known_total: known,
            today: self.today,
        };
        let db = self.store.read();
        let listing = match tab {
            Tab::Milestones => ListingKind::Tasks,
            Tab::Raid => ListingKind::Raid,
            Tab::Budget if view == BudgetView::Lines => ListingKind::BudgetLines,
            Tab::Budget => ListingKind::Spend,
            _ => ListingKind::Log,
        };
        let located = match &req.locate {
            Some(key) => db.position(listing, &q, key)?,
            None => None,
        };
        if let Some(at) = located {
            offset = at.saturating_sub(req.limit / 2);
            q.offset = offset;
        }
        let chart = match (tab, req.query.chart) {
            (Tab::Raid, true) => Some(Chart::Heat(db.risk_heat()?)),
            _ => None,
        };
        let total = match listing {
            ListingKind::Tasks => {
                let page = db.task_page(&q)?;
                tabs::milestones::rows(&mut table, &page.rows, &thresholds, &req.query.collapsed);
                page.total
            }
            ListingKind::Raid => {
                let page = db.raid_page(&q)?;
                tabs::raid::rows(&mut table, &page.rows, self.today, &thresholds);
                page.total
            }
            ListingKind::BudgetLines => {
                let page = db.budget_page(&q)?;
                tabs::budget::line_rows(&mut table, &page.rows);
                page.total
            }
            ListingKind::Spend => {
                let page = db.spend_page(&q)?;
                tabs::budget::spend_rows(&mut table, &page.rows);
                page.total
            }
            ListingKind::Log => {
                let page = db.log_page(&q)?;
                tabs::log::rows(&mut table, &page.rows);
                page.total
            }
        };
        self.counts.retain(|c| c.0 != tab);
        self.counts
            .push((tab, req.generation, req.query.clone(), total));
        Ok(Window {
            tab,
            generation: req.generation,
            query: req.query.clone(),
            offset,
            total,
            table,
            forecast_pending: tab == Tab::Milestones && self.forecast_stale(req.generation),
            chart,
            located,
            workspace: None,
        })
    }

    fn small_table(
        &mut self,
        tab: Tab,
        generation: u64,
        week: Option<IsoWeek>,
        thresholds: &RagThresholds,
    ) -> Result<&Small> {
        let fresh = self
            .small
            .iter()
            .position(|s| s.tab == tab && s.generation == generation && s.week == week);
        let i = match fresh {
            Some(i) => i,
            None => {
                let db = self.store.read();
                let (table, workspace) = match tab {
                    Tab::Status => {
                        let week = week.unwrap_or_else(|| IsoWeek::of(self.today));
                        let w = tabs::status::workspace(&db, self.today, week)?;
                        (tabs::status::table(&w), Some(Arc::new(w)))
                    }
                    Tab::Milestones => {
                        let w = tabs::status::workspace(&db, self.today, IsoWeek::of(self.today))?;
                        (tabs::milestones::moved_rows(&w.status, thresholds), None)
                    }
                    _ => (tabs::budget::plan(&db, self.today, thresholds)?, None),
                };
                self.small.retain(|s| s.tab != tab);
                self.small.push(Small {
                    tab,
                    generation,
                    week,
                    table,
                    workspace,
                });
                self.small.len() - 1
            }
        };
        Ok(&self.small[i])
    }

    /// The RAG trend of the Status week asked for, added to its workspace (computed once per
    /// generation and week: eight weekly statuses).
    pub fn trend(
        &mut self,
        generation: u64,
        week: Option<IsoWeek>,
    ) -> Result<Option<Arc<Workspace>>> {
        let Some(i) = self
            .small
            .iter()
            .position(|s| s.tab == Tab::Status && s.generation == generation && s.week == week)
        else {
            return Ok(None);
        };
        let Some(current) = self.small[i].workspace.clone() else {
            return Ok(None);
        };
        if current.trend.is_some() {
            return Ok(Some(current));
        }
        let trend = self.trend_of(generation, current.status.week)?;
        let filled = Arc::new(Workspace {
            status: current.status.clone(),
            trend: Some(trend),
        });
        self.small[i].workspace = Some(filled.clone());
        Ok(Some(filled))
    }
}

impl Pager {
    /// The RAG of the eight weeks ending with `last`: the weeks not yet known for this
    /// generation computed in one pass (the data loaded once), the rest from before.
    fn trend_of(&mut self, generation: u64, last: IsoWeek) -> Result<RagHistory> {
        if self.week_rags.0 != generation {
            self.week_rags = (generation, HashMap::new());
        }
        let weeks: Vec<IsoWeek> = (0..tabs::status::TREND_WEEKS)
            .rev()
            .map(|back| IsoWeek::of(last.monday() - chrono::Days::new(7 * back as u64)))
            .collect();
        let known = &self.week_rags.1;
        if let Some(first) = weeks.iter().position(|w| !known.contains_key(w)) {
            let end = weeks
                .iter()
                .rposition(|w| !known.contains_key(w))
                .unwrap_or(first);
            let computed =
                tabs::status::trend(&self.store.read(), self.today, weeks[end], end - first + 1)?;
            for one in computed.weeks() {
                self.week_rags.1.insert(one.program[0].week, one);
            }
        }
        Ok(RagHistory::joined(
            weeks.iter().filter_map(|w| self.week_rags.1.get(w)),
        ))
    }
}

/// What the loader thread is asked to do.
pub(super) enum Job {
    Window(Request),
    /// The details of a row (its cells for rows that are not records), with a request id.
    Details(u64, RowRef, Vec<(String, String)>),
    /// The progress grid's rows for a generation.
    Grid(u64),
}

/// What the loader thread sends back.
pub(super) enum Reply {
    Window(Tab, u64, Query, Box<Result<Window, String>>),
    /// The Milestones forecast of this generation is installed.
    Forecast(u64, Result<(), String>),
    Details(u64, Result<Vec<DetailLine>, String>),
    /// The Status workspace of a generation and week, now with its RAG trend.
    Trend(u64, Option<IsoWeek>, Arc<Workspace>),
    Grid(u64, Result<Vec<super::overlays::progress::GridRow>, String>),
}

/// Fetches windows on a thread with its own connection, so the screen never waits for a query.
/// Requests that queue up while it works are merged: only the newest per tab is answered.
pub(super) struct Loader {
    pub(super) requests: mpsc::Sender<Job>,
    pub(super) results: mpsc::Receiver<Reply>,
}

impl Loader {
    pub(super) fn start(path: PathBuf, today: NaiveDate, wake: super::event::Waker) -> Loader {
        let (requests, inbox) = mpsc::channel::<Job>();
        let (outbox, results) = mpsc::channel();
        std::thread::spawn(move || {
            let mut pager = Pager::open(&path, today).map_err(|e| e.to_string());
            while let Ok(first) = inbox.recv() {
                let mut batch: Vec<Request> = vec![];
                let mut details = vec![];
                let mut grid = None;
                for job in std::iter::once(first).chain(inbox.try_iter()) {
                    match job {
                        Job::Window(req) => {
                            batch.retain(|r| r.tab != req.tab);
                            batch.push(req);
                        }
                        Job::Details(id, row, cells) => details.push((id, row, cells)),
                        Job::Grid(generation) => grid = Some(generation),
                    }
                }
                let mut forecast = None;
                let mut trend = None;
                for req in batch {
                    if req.tab == Tab::Status {
                        trend = Some((req.generation, req.query.week));
                    }
                    let window = match &mut pager {
                        Ok(p) => {
                            if req.tab == Tab::Milestones && p.forecast_stale(req.generation) {
                                forecast = Some(req.generation);
                            }
                            p.fetch(&req).map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e.clone()),
                    };
                    let reply = Reply::Window(req.tab, req.generation, req.query, Box::new(window));
                    if outbox.send(reply).is_err() {
                        return;
                    }
                    wake();
                }
                if let Some(generation) = grid {
                    let rows = match &mut pager {
                        Ok(p) => p.grid(generation).map_err(|e| e.to_string()),
                        Err(e) => Err(e.clone()),
                    };
                    if outbox.send(Reply::Grid(generation, rows)).is_err() {
                        return;
                    }
                    wake();
                }
                for (id, row, cells) in details {
                    let lines = match &mut pager {
                        Ok(p) => p.details(&row, &cells).map_err(|e| e.to_string()),
                        Err(e) => Err(e.clone()),
                    };
                    if outbox.send(Reply::Details(id, lines)).is_err() {
                        return;
                    }
                    wake();
                }
                // The trend (eight weeks of status) waits until the panel is on screen.
                if let (Some((generation, week)), Ok(p)) = (trend, &mut pager)
                    && let Ok(Some(w)) = p.trend(generation, week)
                {
                    if outbox.send(Reply::Trend(generation, week, w)).is_err() {
                        return;
                    }
                    wake();
                }
                // The forecast waits until the first rows are on screen.
                if let (Some(generation), Ok(p)) = (forecast, &mut pager) {
                    let done = p.refresh_forecast(generation).map_err(|e| e.to_string());
                    if outbox.send(Reply::Forecast(generation, done)).is_err() {
                        return;
                    }
                    wake();
                }
            }
        });
        Loader { requests, results }
    }
}
