//! Paged listings for the workbench: one window of rows at a time, filtered and sorted in SQL,
//! with the count of every matching row. 100,000 tasks cost what the window costs, not what the
//! table costs.
//!
//! The task listing shows forecast dates, which only the scheduler knows; the caller computes
//! them and installs them with [`Db::install_forecast`] into a temporary table of this
//! connection, so that forecast columns filter and sort in SQL like the stored ones.

use super::Db;
use super::items::{raid_row, spend_row};
use crate::domain::{BudgetLine, Money, Month, RaidItem, SpendEntry};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::types::ToSql;

mod filter;
mod listings;

pub use filter::{Compare, FilterField, RowFilter, SortKey};
use listings::{budget_lines, log, raid, raid_closed, spend, tasks, tasks_in_wbs_order};

/// One window of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageQuery<'a> {
    pub filter: &'a RowFilter,
    /// The key to sort by, and whether ascending; `None` keeps the listing's natural order.
    pub sort: Option<(SortKey, bool)>,
    pub offset: usize,
    pub limit: usize,
    /// How many rows match, when the caller knows from an earlier page; `None` counts them.
    pub known_total: Option<usize>,
    pub today: NaiveDate,
}

/// The rows of a window, where it starts, and how many rows match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<T>,
}

/// A task as the Milestones tab lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub key: String,
    pub title: String,
    pub workstream: String,
    pub owner: Option<String>,
    pub percent: i64,
    pub milestone: bool,
    pub started: bool,
    /// `None` until a forecast is installed.
    pub forecast: Option<ForecastCells>,
    /// Its WBS level (1 at the top) and whether it is a summary, once a forecast is installed.
    pub level: usize,
    pub summary: bool,
}

/// A task's forecast, as installed by [`Db::install_forecast`].
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastCells {
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub slip: Option<i64>,
    /// `None` for a finished task.
    pub total_float: Option<i64>,
    pub critical: bool,
    /// Percent complete, rolled up for a summary.
    pub percent: i64,
}

/// One line of the Log tab: a decision, a change request or a journal entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub kind: LogKind,
    pub key: String,
    pub at: String,
    pub what: String,
    /// The decision (and who made it), the change's status, or `undone`.
    pub detail: String,
    /// A change request's budget delta.
    pub delta: Option<Money>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    Decision,
    Change,
    Journal,
}

/// The SQL one listing is made of.
pub(super) struct Listing {
    from: String,
    select: &'static str,
    /// Sort keys and the expressions each sorts by.
    columns: &'static [(SortKey, &'static [&'static str])],
    /// Where free words are looked for.
    text: &'static [&'static str],
    field: fn(FilterField) -> Option<&'static str>,
    due: Option<&'static str>,
    /// A condition; `?` in it takes the as-of date.
    overdue: Option<String>,
    /// What the filter words beyond text and fields mean here, where they mean anything.
    terms: Terms,
    /// The order without a sort, and the tie-break with one: expression and ascending.
    natural: &'static [(&'static str, bool)],
}

/// The SQL of the filter words a listing understands (`None`: the word does not apply).
#[derive(Default)]
pub(super) struct Terms {
    /// True for an open row (unfinished task, RAID item not in a closed state).
    pub open: Option<String>,
    pub critical: Option<&'static str>,
    /// The slip in working days, and a risk's score, for comparisons.
    pub slip: Option<&'static str>,
    pub score: Option<&'static str>,
    /// A row's WBS path, for hiding the subtasks of collapsed summaries.
    pub path: Option<&'static str>,
    pub escalated: Option<&'static str>,
}

/// `LIKE` pattern for a substring, with the pattern characters escaped (`ESCAPE '\'`).
fn contains(value: &str) -> String {
    let mut p = String::with_capacity(value.len() + 2);
    p.push('%');
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

impl Listing {
    /// The WHERE clause and its parameters.
    fn condition(&self, filter: &RowFilter, today: NaiveDate) -> (String, Vec<String>) {
        let mut parts: Vec<String> = vec![];
        let mut params: Vec<String> = vec![];
        // Any text column contains the word; SQLite stops at the first that does.
        let word = |w: &str, parts: &mut Vec<String>, params: &mut Vec<String>| {
            let any: Vec<String> = self
                .text
                .iter()
                .map(|e| format!("{e} LIKE ? ESCAPE '\\'"))
                .collect();
            parts.push(format!("({})", any.join(" OR ")));
            params.extend(std::iter::repeat_n(contains(w), self.text.len()));
        };
        for w in &filter.words {
            word(w, &mut parts, &mut params);
        }
        for (field, value) in &filter.fields {
            match (self.field)(*field) {
                Some(e) => {
                    parts.push(format!("coalesce({e}, '') LIKE ? ESCAPE '\\'"));
                    params.push(contains(value));
                }
                None => word(
                    &format!("{}:{value}", field.name()),
                    &mut parts,
                    &mut params,
                ),
            }
        }
        if let Some(limit) = &filter.due_before {
            match self.due {
                Some(e) => {
                    parts.push(format!("{e} < ?"));
                    params.push(limit.clone());
                }
                None => word(&format!("due:<{limit}"), &mut parts, &mut params),
            }
        }
        if filter.overdue {
            match &self.overdue {
                Some(e) => {
                    parts.push(e.clone());
                    if e.contains('?') {
                        params.push(today.to_string());
                    }
                }
                None => word("overdue", &mut parts, &mut params),
            }
        }
        if let (Some(want), Some(e)) = (filter.open, &self.terms.open) {
            parts.push(if want { e.clone() } else { format!("NOT {e}") });
        }
        if let (true, Some(e)) = (filter.critical, self.terms.critical) {
            parts.push(e.to_string());
        }
        if let (Some((c, n)), Some(e)) = (filter.slip, self.terms.slip) {
            parts.push(format!("{e} {} {n}", c.sql()));
        }
        if let (Some((c, n)), Some(e)) = (filter.score, self.terms.score) {
            parts.push(format!("{e} {} {n}", c.sql()));
        }
        // Subtasks of collapsed summaries: paths that extend a collapsed summary's path.
        if let (false, Some(e)) = (filter.collapsed.is_empty(), self.terms.path) {
            let marks = vec!["?"; filter.collapsed.len()].join(", ");
            parts.push(format!(
                "NOT EXISTS (SELECT 1 FROM task ct JOIN temp.page_forecast cf ON cf.task_id = ct.id
                 WHERE ct.key IN ({marks}) AND {e} > cf.path || '.' AND {e} < cf.path || '/')"
            ));
            params.extend(filter.collapsed.iter().cloned());
        }
        if let (true, Some(e)) = (filter.escalated, self.terms.escalated) {
            parts.push(e.to_string());
        }
        if parts.is_empty() {
            ("1".into(), params)
        } else {
            (parts.join(" AND "), params)
        }
    }

    /// The ORDER BY clause; `reverse` turns every term around (to read a window from the end).
    fn order(&self, sort: Option<(SortKey, bool)>, reverse: bool) -> String {
        let mut terms: Vec<String> = vec![];
        if let Some((exprs, up)) = sort.and_then(|(key, up)| {
            self.columns
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, exprs)| (*exprs, up))
        }) {
            // Blanks sort last either way.
            let dir = match up != reverse {
                true if reverse => "ASC NULLS FIRST",
                true => "ASC NULLS LAST",
                false if reverse => "DESC NULLS FIRST",
                false => "DESC NULLS LAST",
            };
            terms.extend(exprs.iter().map(|e| format!("{e} {dir}")));
        }
        for (e, up) in self.natural {
            terms.push(format!(
                "{e} {}",
                if *up != reverse { "ASC" } else { "DESC" }
            ));
        }
        terms.join(", ")
    }

    fn page<T>(
        &self,
        db: &Db,
        q: &PageQuery,
        row: impl Fn(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Page<T>> {
        let (condition, params) = self.condition(q.filter, q.today);
        fn bind<'p>(params: &'p [String], extra: &'p [i64]) -> Vec<&'p dyn ToSql> {
            let mut all: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
            all.extend(extra.iter().map(|x| x as &dyn ToSql));
            all
        }
        let total = match q.known_total {
            Some(n) => n,
            None => {
                let sql = format!("SELECT count(*) FROM {} WHERE {condition}", self.from);
                let n: i64 = db
                    .conn
                    .prepare_cached(&sql)?
                    .query_row(rusqlite::params_from_iter(bind(&params, &[])), |r| r.get(0))?;
                n as usize
            }
        };
        // SQLite steps over the rows before an OFFSET one by one, so a window in the second
        // half is read from the end, in reverse: the last rows cost what the first ones do.
        let offset = q.offset.min(total);
        let limit = q.limit.min(total - offset);
        let reverse = offset > total / 2;
        let skip = if reverse {
            total - offset - limit
        } else {
            offset
        };
        let sql = format!(
            "SELECT {} FROM {} WHERE {condition} ORDER BY {} LIMIT ? OFFSET ?",
            self.select,
            self.from,
            self.order(q.sort, reverse)
        );
        let mut stmt = db.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(
                rusqlite::params_from_iter(bind(&params, &[limit as i64, skip as i64])),
                row,
            )?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if reverse {
            rows.reverse();
        }
        Ok(Page {
            total,
            offset,
            rows,
        })
    }
}

/// A task's forecast for [`Db::install_forecast`], with its place in the WBS.
#[derive(Debug, Clone)]
pub struct ForecastRow<'a> {
    pub key: &'a str,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub slip: Option<i64>,
    /// `None` for a finished task.
    pub total_float: Option<i64>,
    pub critical: bool,
    /// Place in WBS order (the listing's natural order once a forecast is in).
    pub rank: usize,
    /// 1 at the top of a workstream.
    pub level: usize,
    pub summary: bool,
    /// The ranks from the top down to the task, `0000012.0000013`: a subtask's path extends
    /// its summary's, so a summary's subtree is a range of paths.
    pub path: String,
    /// The task's percent, rolled up for a summary.
    pub percent: i64,
}

const FORECAST_TABLE: &str = "CREATE TEMP TABLE IF NOT EXISTS page_forecast (
    task_id INTEGER PRIMARY KEY, start TEXT NOT NULL, finish TEXT NOT NULL, slip INTEGER,
    total_float INTEGER, critical INTEGER NOT NULL, rank INTEGER NOT NULL,
    level INTEGER NOT NULL, summary INTEGER NOT NULL, path TEXT NOT NULL, percent INTEGER NOT NULL)";

/// The listings [`Db::position`] can look in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingKind {
    Tasks,
    Raid,
    Spend,
    BudgetLines,
    Log,
}

impl ListingKind {
    /// The listing and its key expression; `tasks` is the task listing in use.
    fn listing(self, tasks: Listing) -> (Listing, &'static str) {
        match self {
            ListingKind::Tasks => (tasks, "t.key"),
            ListingKind::Raid => (raid(), "r.key"),
            ListingKind::Spend => (spend(), "s.key"),
            ListingKind::BudgetLines => (
                budget_lines(),
                "w.key || ' ' || b.category || ' ' || b.month",
            ),
            ListingKind::Log => (log(), "g.key"),
        }
    }
}

impl Db<'_> {
    /// Where a row stands in a listing under a filter and sort: its index, or `None` when the
    /// filter leaves it out. `key` is the row's key (`PLT-3`, `R-2`, `SP-9`, `CR-1`; a budget
    /// line is `WS CATEGORY YYYY-MM`). Reads only the keys, in order, up to the row.
    pub fn position(&self, kind: ListingKind, q: &PageQuery, key: &str) -> Result<Option<usize>> {
        let (listing, key_expr) = kind.listing(self.task_listing()?);
        if kind == ListingKind::Tasks {
            self.conn.execute_batch(FORECAST_TABLE)?;
        }
        let (condition, params) = listing.condition(q.filter, q.today);
        let sql = format!(
            "SELECT {key_expr} FROM {} WHERE {condition} ORDER BY {}",
            listing.from,
            listing.order(q.sort, false)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut i = 0;
        while let Some(row) = rows.next()? {
            let k: String = row.get(0)?;
            if k == key {
                return Ok(Some(i));
            }
            i += 1;
        }
        Ok(None)
    }

    /// Replace this connection's forecast (a temporary table only it sees) in one transaction.
    pub fn install_forecast<'a>(
        &self,
        rows: impl IntoIterator<Item = ForecastRow<'a>>,
    ) -> Result<()> {
        self.conn.execute_batch(FORECAST_TABLE)?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM temp.page_forecast", [])?;
        {
            let mut stmt = tx.prepare_cached(
                // Keyed by the task's rowid, the cheapest join for every row of a filter.
                "INSERT INTO temp.page_forecast (task_id, start, finish, slip, total_float, critical,
                     rank, level, summary, path, percent)
                 SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM task WHERE key = ?1",
            )?;
            for r in rows {
                stmt.execute(rusqlite::params![
                    r.key,
                    r.start,
                    r.finish,
                    r.slip,
                    r.total_float,
                    r.critical,
                    r.rank as i64,
                    r.level as i64,
                    r.summary,
                    r.path,
                    r.percent,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The task listing: in WBS order when the program has one.
    fn task_listing(&self) -> Result<Listing> {
        let wbs: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM task WHERE parent_id IS NOT NULL)",
            [],
            |r| r.get(0),
        )?;
        Ok(if wbs { tasks_in_wbs_order() } else { tasks() })
    }

    /// A window of tasks with their installed forecast (none installed: `forecast` is `None`).
    pub fn task_page(&self, q: &PageQuery) -> Result<Page<TaskRow>> {
        self.conn.execute_batch(FORECAST_TABLE)?;
        self.task_listing()?.page(self, q, |r| {
            let start: Option<NaiveDate> = r.get(7)?;
            let forecast = match start {
                Some(start) => Some(ForecastCells {
                    start,
                    finish: r.get(8)?,
                    slip: r.get(9)?,
                    total_float: r.get(10)?,
                    critical: r.get(11)?,
                    percent: r.get(14)?,
                }),
                None => None,
            };
            Ok(TaskRow {
                key: r.get(0)?,
                title: r.get(1)?,
                workstream: r.get(2)?,
                owner: r.get(3)?,
                percent: r.get(4)?,
                milestone: r.get(5)?,
                started: r.get(6)?,
                forecast,
                level: r.get::<_, Option<i64>>(12)?.unwrap_or(1) as usize,
                summary: r.get::<_, Option<bool>>(13)?.unwrap_or(false),
            })
        })
    }

    /// Open risks counted by probability and impact (index 0 is 1), for the heat map.
    pub fn risk_heat(&self) -> Result<[[u32; 5]; 5]> {
        let sql = format!(
            "SELECT r.probability, r.impact, count(*) FROM raid r
             WHERE r.kind = 'risk' AND r.probability IS NOT NULL AND r.impact IS NOT NULL
               AND NOT {} GROUP BY 1, 2",
            raid_closed()
        );
        let mut heat = [[0u32; 5]; 5];
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (p, i, n) = row?;
            if (1..=5).contains(&p) && (1..=5).contains(&i) {
                heat[p as usize - 1][i as usize - 1] = n as u32;
            }
        }
        Ok(heat)
    }

    /// A window of RAID items (without their task links).
    pub fn raid_page(&self, q: &PageQuery) -> Result<Page<RaidItem>> {
        raid().page(self, q, |r| raid_row(r).map(|(_, item)| item))
    }

    /// A window of spend entries, newest first unless sorted.
    pub fn spend_page(&self, q: &PageQuery) -> Result<Page<SpendEntry>> {
        spend().page(self, q, spend_row)
    }

    /// A window of budget lines, by workstream, category and month.
    pub fn budget_page(&self, q: &PageQuery) -> Result<Page<BudgetLine>> {
        budget_lines().page(self, q, |r| {
            let month: String = r.get(2)?;
            Ok(BudgetLine {
                workstream: r.get(0)?,
                category: r.get(1)?,
                month: Month::parse("month", &month).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                amount: Money(r.get(3)?),
            })
        })
    }

    /// A window of the log: decisions, then change requests, then the journal, newest first.
    pub fn log_page(&self, q: &PageQuery) -> Result<Page<LogRow>> {
        log().page(self, q, |r| {
            Ok(LogRow {
                kind: match r.get::<_, i64>(0)? {
                    0 => LogKind::Decision,
                    1 => LogKind::Change,
                    _ => LogKind::Journal,
                },
                key: r.get(1)?,
                at: r.get(2)?,
                what: r.get(3)?,
                detail: r.get(4)?,
                delta: r.get::<_, Option<i64>>(5)?.map(Money),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn unknown_fields_become_free_words() {
        let filter = RowFilter {
            fields: vec![(FilterField::Owner, "sam".into())],
            overdue: true,
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let (sql, params) = log().condition(&filter, today);
        assert_eq!(params.len(), 8, "each of 4 text columns, for 2 words");
        assert_eq!(params[0], "%owner:sam%");
        assert_eq!(params[7], "%overdue%");
        assert_eq!(sql.matches("LIKE").count(), 8);
        let (sql, params) = raid().condition(&filter, today);
        assert_eq!(params, vec!["%sam%", "2026-11-18"]);
        assert!(sql.contains("r.status IN ('closed', 'occurred')"), "{sql}");
    }
}
