//! Aggregates for the reports: spend summed in SQL, task progress without links.

use super::Db;
use crate::domain::{Money, Month, SpendStatus, SpendTotal, TaskProgress};
use crate::error::Result;
use chrono::NaiveDate;

impl Db<'_> {
    /// Spend dated on or before `as_of`, summed in SQL by (workstream, category, month, status).
    pub fn spend_totals(&self, as_of: NaiveDate) -> Result<Vec<SpendTotal>> {
        self.spend_totals_where(
            // Grouped in the order of the spend_rollup index, so SQLite sums in one scan of it.
            "SELECT w.key, t.category, t.month, t.status, t.amount FROM (
                 SELECT s.workstream_id, s.category, substr(s.date, 1, 7) AS month, s.status,
                        SUM(s.amount) AS amount
                 FROM spend s WHERE s.date <= ?1
                 GROUP BY s.workstream_id, s.category, substr(s.date, 1, 7), s.status
             ) t JOIN workstream w ON w.id = t.workstream_id",
            [as_of],
        )
    }

    /// Spend dated after `after` and on or before `upto`, summed like [`Db::spend_totals`]
    /// (a date range: SQLite reads it through the spend_date index, a week of rows for a week).
    pub fn spend_totals_between(
        &self,
        after: NaiveDate,
        upto: NaiveDate,
    ) -> Result<Vec<SpendTotal>> {
        self.spend_totals_where(
            "SELECT w.key, s.category, substr(s.date, 1, 7), s.status, SUM(s.amount)
             FROM spend s JOIN workstream w ON w.id = s.workstream_id
             WHERE s.date > ?1 AND s.date <= ?2
             GROUP BY w.key, s.category, substr(s.date, 1, 7), s.status",
            [after, upto],
        )
    }

    fn spend_totals_where(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<SpendTotal>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            let month: String = r.get(2)?;
            let status: String = r.get(3)?;
            let conv = |e: crate::error::Error| {
                rusqlite::Error::FromSqlConversionFailure(
                    2,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            };
            Ok(SpendTotal {
                workstream: r.get(0)?,
                category: r.get(1)?,
                month: Month::parse("month", &month).map_err(conv)?,
                status: SpendStatus::parse("status", &status).map_err(conv)?,
                amount: i128::from(r.get::<_, i64>(4)?),
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// What earned value needs of every leaf task, in task order. Summary tasks (SPEC §11)
    /// roll up from their leaves and carry no weight of their own.
    pub fn task_progress(&self) -> Result<Vec<TaskProgress>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.key, t.duration, t.budget, t.percent, t.actual_start, t.actual_finish
             FROM task t JOIN workstream w ON w.id = t.workstream_id
             WHERE NOT EXISTS (SELECT 1 FROM task c WHERE c.parent_id = t.id) ORDER BY t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TaskProgress {
                workstream: r.get(0)?,
                duration: r.get(1)?,
                budget: r.get::<_, Option<i64>>(2)?.map(Money),
                percent_complete: r.get(3)?,
                actual_start: r.get(4)?,
                actual_finish: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }
}

impl Db<'_> {
    /// Accrued, invoiced and paid spend dated from `from` to `to`, inclusive.
    pub fn actual_spend_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Money> {
        let cents: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(amount), 0) FROM spend
             WHERE date BETWEEN ?1 AND ?2 AND status <> 'committed'",
            (from, to),
            |r| r.get(0),
        )?;
        Ok(Money(cents))
    }
}

/// A money column whose total the program keeps within bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyColumn {
    Spend,
    Budget,
    TaskBudget,
    CostImpact,
    BudgetDelta,
}

impl Db<'_> {
    /// The sum of the magnitudes of a money column over the program, in cents, exactly: summed
    /// in SQL as high and low 32-bit halves (neither sum can overflow), joined in `i128`, so it
    /// never fails whatever is stored.
    pub fn money_magnitude(&self, column: MoneyColumn) -> Result<i128> {
        let (table, col) = match column {
            MoneyColumn::Spend => ("spend", "amount"),
            MoneyColumn::Budget => ("budget_line", "amount"),
            MoneyColumn::TaskBudget => ("task", "budget"),
            MoneyColumn::CostImpact => ("raid", "cost_impact"),
            MoneyColumn::BudgetDelta => ("change_request", "budget_delta"),
        };
        let sql = format!(
            "SELECT COALESCE(SUM(ABS({col}) >> 32), 0), COALESCE(SUM(ABS({col}) & 4294967295), 0)
             FROM {table}"
        );
        let (high, low): (i64, i64) = self
            .conn
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((i128::from(high) << 32) + i128::from(low))
    }
}
