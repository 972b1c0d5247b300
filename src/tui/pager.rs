//! Windows of rows for the tabs. The workbench never holds a whole listing: it asks for the
//! window around the selection, and the pager answers with those rows, built into cells, and
//! the count of every row the filter keeps. Milestones, RAID, spend and the Log are paged,
//! filtered and sorted in SQL; the Budget plan and Status (a row per workstream) are computed
//! whole, once per change, and filtered in memory.
//!
//! The pager owns its own connection. In the workbench it lives on a thread of its own, so a
//! slow query never holds up a key press; tests and benchmarks use it in place.

use super::data::{self, BudgetView, Tab, TableData};
use super::filter;
use crate::engine::forecast;
use crate::error::Result;
use crate::store::Store;
use crate::store::pages::{ForecastRow, PageQuery};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// What a tab is asked to show, apart from where the window starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What the Budget tab lists (the plan for the other tabs).
    pub budget_view: BudgetView,
    /// The filter as typed after `/`.
    pub filter: String,
    /// Column index and ascending.
    pub sort: Option<(usize, bool)>,
    /// Bring the tab's chart data (RAID heat map, Budget burn) with the window.
    pub chart: bool,
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
}

impl Window {
    /// Row `index` of the listing, if this window holds it.
    pub fn row(&self, index: usize) -> Option<&Vec<String>> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.table.rows.get(i))
    }

    /// Whether rows `from..to` (clipped to the total) are all here.
    pub fn covers(&self, from: usize, to: usize) -> bool {
        let to = to.min(self.total);
        from >= self.offset && to <= self.offset + self.table.rows.len() || self.total == 0
    }
}

/// A forecast's rows as the Milestones pages store them.
pub fn forecast_rows(f: &forecast::Forecast) -> impl Iterator<Item = ForecastRow<'_>> {
    f.tasks.iter().map(|t| ForecastRow {
        key: &t.key,
        start: t.start,
        finish: t.finish,
        slip: t.slip_days,
        total_float: t.total_float,
        critical: t.critical,
    })
}

/// Answers window requests from its own connection.
pub struct Pager {
    store: Store,
    today: NaiveDate,
    /// The generation the installed forecast was computed for.
    forecast: Option<u64>,
    /// The whole table of a small tab (Budget plan, Status), for one generation.
    small: Vec<(Tab, u64, TableData)>,
    /// The last count per tab: generation, query and total, so scrolling does not count again.
    counts: Vec<(Tab, u64, Query, usize)>,
}

impl Pager {
    pub fn open(path: &Path, today: NaiveDate) -> Result<Pager> {
        Ok(Pager {
            store: Store::open(path)?,
            today,
            forecast: None,
            small: vec![],
            counts: vec![],
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
        self.forecast = Some(generation);
        Ok(())
    }

    /// The window a request asks for.
    pub fn fetch(&mut self, req: &Request) -> Result<Window> {
        let tab = req.tab;
        let view = req.query.budget_view;
        let (headers, _) = data::columns(tab, view);
        let mut table = data::empty(tab, view);
        let paged = match tab {
            Tab::Milestones | Tab::Raid | Tab::Log => true,
            Tab::Budget => view != BudgetView::Plan,
            Tab::Status => false,
        };
        if !paged {
            let full = self.small_table(tab, req.generation)?;
            let order = filter::order(full, &req.query.filter, req.query.sort);
            let end = (req.offset + req.limit).min(order.len());
            for &i in order.get(req.offset..end).unwrap_or(&[]) {
                table.rows.push(full.rows[i].clone());
                table.tones.push(full.tones[i]);
            }
            let chart = match (tab, req.query.chart) {
                (Tab::Budget, true) => Some(Chart::Burn(data::burn_series(
                    &self.store.read(),
                    self.today,
                )?)),
                _ => None,
            };
            return Ok(Window {
                tab,
                generation: req.generation,
                query: req.query.clone(),
                offset: req.offset,
                total: order.len(),
                table,
                forecast_pending: false,
                chart,
            });
        }
        let row_filter = filter::parse(&req.query.filter);
        let known = self
            .counts
            .iter()
            .find(|(t, g, q, _)| *t == tab && *g == req.generation && *q == req.query)
            .map(|c| c.3);
        let q = PageQuery {
            filter: &row_filter,
            sort: req
                .query
                .sort
                .and_then(|(c, up)| headers.get(c).map(|h| (*h, up))),
            offset: req.offset,
            limit: req.limit,
            known_total: known,
            today: self.today,
        };
        let db = self.store.read();
        let chart = match (tab, req.query.chart) {
            (Tab::Raid, true) => Some(Chart::Heat(db.risk_heat()?)),
            _ => None,
        };
        let total = match tab {
            Tab::Milestones => {
                let page = db.task_page(&q)?;
                data::task_rows(&mut table, &page.rows);
                page.total
            }
            Tab::Raid => {
                let page = db.raid_page(&q)?;
                data::raid_rows(&mut table, &page.rows, self.today);
                page.total
            }
            Tab::Budget if view == BudgetView::Lines => {
                let page = db.budget_page(&q)?;
                data::budget_rows(&mut table, &page.rows);
                page.total
            }
            Tab::Budget => {
                let page = db.spend_page(&q)?;
                data::spend_rows(&mut table, &page.rows);
                page.total
            }
            _ => {
                let page = db.log_page(&q)?;
                data::log_rows(&mut table, &page.rows);
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
            offset: req.offset,
            total,
            table,
            forecast_pending: tab == Tab::Milestones && self.forecast_stale(req.generation),
            chart,
        })
    }

    fn small_table(&mut self, tab: Tab, generation: u64) -> Result<&TableData> {
        let fresh = self
            .small
            .iter()
            .position(|(t, g, _)| *t == tab && *g == generation);
        let i = match fresh {
            Some(i) => i,
            None => {
                let db = self.store.read();
                let table = match tab {
                    Tab::Status => data::status_table(&db, self.today)?,
                    _ => data::budget_table(&db, self.today)?,
                };
                self.small.retain(|(t, _, _)| *t != tab);
                self.small.push((tab, generation, table));
                self.small.len() - 1
            }
        };
        Ok(&self.small[i].2)
    }
}

/// What the loader thread sends back.
pub(super) enum Reply {
    Window(Tab, u64, Query, Box<Result<Window, String>>),
    /// The Milestones forecast of this generation is installed.
    Forecast(u64, Result<(), String>),
}

/// Fetches windows on a thread with its own connection, so the screen never waits for a query.
/// Requests that queue up while it works are merged: only the newest per tab is answered.
pub(super) struct Loader {
    pub(super) requests: mpsc::Sender<Request>,
    pub(super) results: mpsc::Receiver<Reply>,
}

impl Loader {
    pub(super) fn start(path: PathBuf, today: NaiveDate, wake: super::event::Waker) -> Loader {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, results) = mpsc::channel();
        std::thread::spawn(move || {
            let mut pager = Pager::open(&path, today).map_err(|e| e.to_string());
            while let Ok(first) = inbox.recv() {
                let mut batch: Vec<Request> = vec![];
                for req in std::iter::once(first).chain(inbox.try_iter()) {
                    batch.retain(|r| r.tab != req.tab);
                    batch.push(req);
                }
                let mut forecast = None;
                for req in batch {
                    let window = match &mut pager {
                        Ok(p) => {
                            if req.tab == Tab::Milestones && p.forecast_stale(req.generation) {
                                forecast = Some(req.generation);
                            }
                            p.fetch(&req).map_err(|e| e.to_string())
                        }
                        Err(e) => Err(e.clone()),
                    };
                    if outbox
                        .send(Reply::Window(
                            req.tab,
                            req.generation,
                            req.query,
                            Box::new(window),
                        ))
                        .is_err()
                    {
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
