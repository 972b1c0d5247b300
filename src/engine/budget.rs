//! The budget report (SPEC §5): planned, planned to date, actual, committed and variance per
//! workstream, category or month, and in total.

use super::evm::{Decimal, Q, decimal, is_actual, planned_value, q, to_money};
use crate::domain::{BudgetLine, Money, Month, SpendTotal};
use chrono::NaiveDate;
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use serde::Serialize;
use std::collections::BTreeMap;

/// How to group the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Workstream,
    Category,
    Month,
}

impl GroupBy {
    pub fn parse(field: &str, text: &str) -> crate::error::Result<GroupBy> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ws" | "workstream" => Ok(GroupBy::Workstream),
            "category" => Ok(GroupBy::Category),
            "month" => Ok(GroupBy::Month),
            _ => Err(crate::error::Error::invalid(
                field,
                text,
                "must be one of ws, category, month",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Workstream => "ws",
            GroupBy::Category => "category",
            GroupBy::Month => "month",
        }
    }
}

/// One row of the report (or the total).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetRow {
    pub group: String,
    pub planned: Money,
    pub planned_to_date: Money,
    pub actual: Money,
    pub committed: Money,
    /// Planned to date - actual: positive is under plan.
    pub variance: Money,
    /// Variance as a percent of planned to date, two decimals; `None` when nothing is planned
    /// to date.
    pub variance_pct: Option<Decimal>,
    /// Actual as a percent of planned, rounded half up to a whole percent; `None` when nothing
    /// is planned.
    pub used_pct: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetReport {
    pub as_of: NaiveDate,
    pub by: &'static str,
    pub currency: String,
    pub rows: Vec<BudgetRow>,
    pub total: BudgetRow,
}

/// The exact sums of one group.
#[derive(Default)]
struct Sums<'a> {
    lines: Vec<&'a BudgetLine>,
    actual: i128,
    committed: i128,
}

fn row(group: String, s: &Sums, as_of: NaiveDate) -> BudgetRow {
    let planned: i128 = s.lines.iter().map(|l| i128::from(l.amount.cents())).sum();
    let pv = planned_value(s.lines.iter().copied(), as_of);
    let actual = Q::from_integer(BigInt::from(s.actual));
    let variance = &pv - &actual;
    let variance_pct = (!pv.is_zero()).then(|| decimal(&(&variance * q(100) / &pv), 2));
    let used_pct = (planned != 0).then(|| {
        let pct = &actual * q(100) / Q::from_integer(BigInt::from(planned));
        // Half up: floor(x + 1/2).
        (pct + Q::new(1.into(), 2.into()))
            .floor()
            .to_integer()
            .to_i64()
            .unwrap_or(0)
    });
    BudgetRow {
        group,
        planned: to_money(&Q::from_integer(BigInt::from(planned))),
        planned_to_date: to_money(&pv),
        actual: to_money(&actual),
        committed: to_money(&Q::from_integer(BigInt::from(s.committed))),
        variance: to_money(&variance),
        variance_pct,
        used_pct,
    }
}

/// Build the report. `workstreams` gives the order of workstream groups; categories sort by
/// name and months by date.
pub fn budget_report(
    lines: &[BudgetLine],
    spend: &[SpendTotal],
    workstreams: &[String],
    by: GroupBy,
    as_of: NaiveDate,
    currency: &str,
) -> BudgetReport {
    // Sort key: workstream position, or the group text (categories, YYYY-MM months).
    let key_of = |ws: &str, category: &str, month: Month| -> (usize, String) {
        match by {
            GroupBy::Workstream => (
                workstreams
                    .iter()
                    .position(|w| w == ws)
                    .unwrap_or(usize::MAX),
                ws.to_string(),
            ),
            GroupBy::Category => (0, category.to_string()),
            GroupBy::Month => (0, month.to_string()),
        }
    };
    let mut groups: BTreeMap<(usize, String), Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for l in lines {
        groups
            .entry(key_of(&l.workstream, &l.category, l.month))
            .or_default()
            .lines
            .push(l);
        total.lines.push(l);
    }
    for s in spend.iter().filter(|s| s.month <= Month::of(as_of)) {
        let g = groups
            .entry(key_of(&s.workstream, &s.category, s.month))
            .or_default();
        if is_actual(s.status) {
            g.actual += s.amount;
            total.actual += s.amount;
        } else {
            g.committed += s.amount;
            total.committed += s.amount;
        }
    }
    BudgetReport {
        as_of,
        by: by.as_str(),
        currency: currency.to_string(),
        rows: groups
            .into_iter()
            .map(|((_, name), s)| row(name, &s, as_of))
            .collect(),
        total: row("total".into(), &total, as_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SpendStatus;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn line(ws: &str, cat: &str, m: &str, units: i64) -> BudgetLine {
        BudgetLine {
            workstream: ws.into(),
            category: cat.into(),
            month: Month::parse("m", m).unwrap(),
            amount: Money(units * 100),
        }
    }

    fn spent(ws: &str, cat: &str, m: &str, status: SpendStatus, cents: i128) -> SpendTotal {
        SpendTotal {
            workstream: ws.into(),
            category: cat.into(),
            month: Month::parse("m", m).unwrap(),
            status,
            amount: cents,
        }
    }

    #[test]
    fn groups_and_totals() {
        let lines = [
            line("PLT", "Labor", "2026-01", 3000),
            line("PLT", "Labor", "2026-02", 2800),
            line("APP", "Vendors", "2026-02", 1400),
        ];
        let spend = [
            spent("PLT", "Labor", "2026-01", SpendStatus::Paid, 310_000),
            spent("APP", "Vendors", "2026-02", SpendStatus::Invoiced, 50_000),
            spent("APP", "Vendors", "2026-02", SpendStatus::Committed, 90_000),
            spent("PLT", "Labor", "2026-02", SpendStatus::Accrued, -2_000), // credit note
        ];
        let order = vec!["PLT".to_string(), "APP".to_string()];
        let r = budget_report(
            &lines,
            &spend,
            &order,
            GroupBy::Workstream,
            d("2026-02-14"),
            "USD",
        );
        assert_eq!(
            r.rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ["PLT", "APP"]
        );
        let plt = &r.rows[0];
        // PV: 3,000 + 2,800 x 14/28 = 4,400; actual 3,100 - 20 = 3,080.
        assert_eq!(
            (plt.planned, plt.planned_to_date, plt.actual, plt.committed),
            (Money(580_000), Money(440_000), Money(308_000), Money(0))
        );
        assert_eq!(
            (plt.variance, plt.variance_pct, plt.used_pct),
            (Money(132_000), Some(30.0), Some(53))
        );
        let app = &r.rows[1];
        assert_eq!(
            (app.planned_to_date, app.actual, app.committed, app.used_pct),
            (Money(70_000), Money(50_000), Money(90_000), Some(36))
        );
        assert_eq!(
            (r.total.planned, r.total.actual, r.total.committed),
            (Money(720_000), Money(358_000), Money(90_000))
        );
        assert_eq!(r.total.group, "total");

        let by_month = budget_report(
            &lines,
            &spend,
            &order,
            GroupBy::Month,
            d("2026-02-14"),
            "USD",
        );
        assert_eq!(
            by_month
                .rows
                .iter()
                .map(|r| (r.group.as_str(), r.planned_to_date))
                .collect::<Vec<_>>(),
            [("2026-01", Money(300_000)), ("2026-02", Money(210_000))]
        );
        let by_cat = budget_report(
            &lines,
            &spend,
            &order,
            GroupBy::Category,
            d("2026-02-14"),
            "USD",
        );
        assert_eq!(
            by_cat
                .rows
                .iter()
                .map(|r| r.group.as_str())
                .collect::<Vec<_>>(),
            ["Labor", "Vendors"]
        );
    }

    #[test]
    fn empty_denominators_give_null() {
        let spend = [spent("PLT", "Travel", "2026-01", SpendStatus::Paid, 1000)];
        let r = budget_report(
            &[],
            &spend,
            &["PLT".into()],
            GroupBy::Category,
            d("2026-02-01"),
            "USD",
        );
        assert_eq!((r.rows[0].variance_pct, r.rows[0].used_pct), (None, None));
        assert_eq!(r.rows[0].variance, Money(-1000));
    }

    #[test]
    fn used_percent_rounds_half_up() {
        let lines = [line("PLT", "Labor", "2026-01", 200)];
        let spend = [spent("PLT", "Labor", "2026-01", SpendStatus::Paid, 101)]; // 0.505 %
        let r = budget_report(
            &lines,
            &spend,
            &["PLT".into()],
            GroupBy::Workstream,
            d("2026-01-31"),
            "USD",
        );
        assert_eq!(r.rows[0].used_pct, Some(1));
        let spend = [spent("PLT", "Labor", "2026-01", SpendStatus::Paid, 99)]; // 0.495 %
        let r = budget_report(
            &lines,
            &spend,
            &["PLT".into()],
            GroupBy::Workstream,
            d("2026-01-31"),
            "USD",
        );
        assert_eq!(r.rows[0].used_pct, Some(0));
    }
}
