//! Earned value (SPEC §5): PV, EV, AC and everything derived from them, for the program and for
//! each workstream, as of a date.
//!
//! Every figure is computed exactly over rationals (arbitrary precision, so no overflow at any
//! program size) and rounded once at the end: money to the cent, half away from zero; ratios to
//! four decimals. A ratio whose denominator is zero is `None` (JSON `null`), never 0 or NaN.

pub use crate::domain::TaskProgress;
use crate::domain::{BudgetLine, Money, Month, SpendStatus, SpendTotal};
use chrono::{Datelike, NaiveDate};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use serde::Serialize;
use std::collections::HashMap;

/// An exact amount or ratio.
pub type Q = BigRational;

pub fn q(cents: i64) -> Q {
    Q::from_integer(BigInt::from(cents))
}

/// Round an exact amount to cents, half away from zero.
pub fn to_money(v: &Q) -> Money {
    Money(
        v.round()
            .to_integer()
            .to_i64()
            .unwrap_or(if v.is_negative() { i64::MIN } else { i64::MAX }),
    )
}

/// A value rounded for output: a ratio or a percentage, never money.
pub type Decimal = f64;

/// Round an exact value to `places` decimals for output.
pub fn decimal(v: &Q, places: u32) -> Decimal {
    let scale = 10i64.pow(places);
    let scaled = (v * q(scale)).round().to_integer().to_i64().unwrap_or(0);
    scaled as Decimal / scale as Decimal
}

/// Round an exact ratio to four decimals for output; `None` stays `None`.
pub fn to_ratio(v: Option<&Q>) -> Option<Decimal> {
    v.map(|r| decimal(r, 4))
}

/// A ratio as the reports and the workbench show it: two decimals, `-` when there is none.
pub fn ratio_text(r: Option<Decimal>) -> String {
    r.map(|x| format!("{x:.2}")).unwrap_or_else(|| "-".into())
}

/// An amount as the reports and the workbench show it: grouped, `-` when there is none.
pub fn money_text(m: Option<Money>) -> String {
    m.map(Money::grouped).unwrap_or_else(|| "-".into())
}

/// CV, SV, CPI, SPI, EAC, VAC and TCPI as a report or the Budget tab shows them, in that
/// order.
pub fn variance_cells(f: &Figures) -> [String; 7] {
    [
        f.cv.grouped(),
        f.sv.grouped(),
        ratio_text(f.cpi),
        ratio_text(f.spi),
        money_text(f.eac),
        money_text(f.vac),
        ratio_text(f.tcpi),
    ]
}

/// `a / b`, or `None` when `b` is zero.
pub fn ratio(a: &Q, b: &Q) -> Option<Q> {
    (!b.is_zero()).then(|| a / b)
}

/// Earned fraction of a set of tasks (SPEC §5): weighted by task budget when any task has one,
/// else by duration. `None` when there is nothing to weigh.
pub fn earned_fraction<'a>(
    tasks: impl Iterator<Item = &'a TaskProgress> + Clone,
    as_of: NaiveDate,
) -> Option<Q> {
    let by_budget = tasks
        .clone()
        .any(|t| t.budget.is_some_and(|b| b.cents() != 0));
    // i128 holds any sum here: |w| < 10^15 cents, x 100 percent, x 10^6 tasks < 10^23.
    let mut weighted: i128 = 0;
    let mut total: i128 = 0;
    for t in tasks {
        let w = i128::from(if by_budget {
            t.budget.map_or(0, Money::cents)
        } else {
            t.duration
        });
        weighted += w * i128::from(t.percent_as_of(as_of));
        total += w;
    }
    (total != 0).then(|| {
        Q::new(
            BigInt::from(weighted),
            BigInt::from(total) * BigInt::from(100),
        )
    })
}

/// Planned value of budget lines as of a date: whole months before the date's month, plus the
/// date's month pro rata by day of month.
pub fn planned_value<'a>(lines: impl Iterator<Item = &'a BudgetLine>, as_of: NaiveDate) -> Q {
    let this_month = Month::of(as_of);
    let days_in_month = (this_month.next().first_day() - this_month.first_day()).num_days();
    let mut full = BigInt::zero();
    let mut partial = BigInt::zero();
    for l in lines {
        if l.month < this_month {
            full += BigInt::from(l.amount.cents());
        } else if l.month == this_month {
            partial += BigInt::from(l.amount.cents());
        }
    }
    Q::from_integer(full)
        + Q::new(
            partial * BigInt::from(as_of.day()),
            BigInt::from(days_in_month),
        )
}

/// Whether a spend status counts as actual cost (accrued, invoiced, paid) rather than committed.
pub fn is_actual(status: SpendStatus) -> bool {
    !matches!(status, SpendStatus::Committed)
}

/// Every earned-value figure of one scope, rounded for output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub bac: Money,
    pub pv: Money,
    pub ev: Money,
    pub ac: Money,
    pub committed: Money,
    pub cv: Money,
    pub sv: Money,
    pub cpi: Option<Decimal>,
    pub spi: Option<Decimal>,
    pub eac: Option<Money>,
    pub eac_atypical: Money,
    pub eac_composite: Option<Money>,
    pub etc: Option<Money>,
    pub vac: Option<Money>,
    pub tcpi: Option<Decimal>,
}

/// The exact inputs of one scope.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub bac: Q,
    pub pv: Q,
    /// Earned fraction; `None` (no tasks to weigh) earns nothing.
    pub fraction: Option<Q>,
    pub ac: Q,
    pub committed: Q,
}

impl Inputs {
    /// Earned value, exactly.
    pub fn ev(&self) -> Q {
        self.fraction
            .as_ref()
            .map_or_else(Q::zero, |f| &self.bac * f)
    }

    /// CPI = EV / AC, exactly; `None` before any cost.
    pub fn cpi(&self) -> Option<Q> {
        ratio(&self.ev(), &self.ac)
    }

    /// SPI = EV / PV, exactly; `None` before anything is planned.
    pub fn spi(&self) -> Option<Q> {
        ratio(&self.ev(), &self.pv)
    }
}

/// Compute the figures of SPEC §5 from exact inputs, rounding each figure once.
pub fn figures(i: &Inputs) -> Figures {
    let ev = i.ev();
    let cpi = i.cpi();
    let spi = i.spi();
    // EAC = BAC / CPI = BAC x AC / EV.
    let eac = cpi.as_ref().and_then(|c| ratio(&i.bac, c));
    let remaining = &i.bac - &ev;
    let eac_atypical = &i.ac + &remaining;
    let eac_composite = match (&cpi, &spi) {
        (Some(c), Some(s)) => ratio(&remaining, &(c * s)).map(|x| &i.ac + x),
        _ => None,
    };
    let etc = eac.as_ref().map(|e| e - &i.ac);
    let vac = eac.as_ref().map(|e| &i.bac - e);
    let tcpi = ratio(&remaining, &(&i.bac - &i.ac));
    Figures {
        bac: to_money(&i.bac),
        pv: to_money(&i.pv),
        ev: to_money(&ev),
        ac: to_money(&i.ac),
        committed: to_money(&i.committed),
        cv: to_money(&(&ev - &i.ac)),
        sv: to_money(&(&ev - &i.pv)),
        cpi: to_ratio(cpi.as_ref()),
        spi: to_ratio(spi.as_ref()),
        eac: eac.as_ref().map(to_money),
        eac_atypical: to_money(&eac_atypical),
        eac_composite: eac_composite.as_ref().map(to_money),
        etc: etc.as_ref().map(to_money),
        vac: vac.as_ref().map(to_money),
        tcpi: to_ratio(tcpi.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn units(u: i64) -> Q {
        q(u * 100)
    }

    fn task(budget: i64, percent: i64) -> TaskProgress {
        TaskProgress {
            workstream: "FEN".into(),
            duration: 1,
            budget: Some(Money(budget * 100)),
            percent_complete: percent,
            actual_start: (percent > 0).then(|| d("2026-01-05")),
            actual_finish: (percent == 100).then(|| d("2026-01-06")),
        }
    }

    /// The fence exercise of Rita Mulcahy's PMP Exam Prep (p. 210; posted as "Earned Value
    /// Exercise" on studylib.net): four sides at $1,000 each, one a day; at the end of day 3
    /// sides 1-2 are done (spent $1,000 and $1,200), side 3 is half done (spent $600), side 4
    /// not started. The book rounds CPI to .893 and so gets EAC $4,479, ETC $1,679 and
    /// VAC -$479; exactly, EAC = 4,000 x 2,800 / 2,500 = $4,480.
    #[test]
    fn fence_exercise_exactly() {
        let sides = [
            task(1000, 100),
            task(1000, 100),
            task(1000, 50),
            task(1000, 0),
        ];
        let fraction = earned_fraction(sides.iter(), d("2026-01-07"));
        let f = figures(&Inputs {
            bac: units(4000),
            pv: units(3000),
            fraction,
            ac: units(2800),
            committed: q(0),
        });
        assert_eq!(
            (f.bac, f.pv, f.ev, f.ac),
            (
                Money(400_000),
                Money(300_000),
                Money(250_000),
                Money(280_000)
            )
        );
        assert_eq!((f.cv, f.sv), (Money(-30_000), Money(-50_000)));
        assert_eq!((f.cpi, f.spi), (Some(0.8929), Some(0.8333)));
        assert_eq!(f.eac, Some(Money(448_000)));
        assert_eq!(f.etc, Some(Money(168_000)));
        assert_eq!(f.vac, Some(Money(-48_000)));
        assert_eq!(f.eac_atypical, Money(430_000)); // 2,800 + (4,000 - 2,500)
        // Composite: 2,800 + 1,500 / (2,500/2,800 x 2,500/3,000) = 2,800 + 2,016 = 4,816.
        assert_eq!(f.eac_composite, Some(Money(481_600)));
        assert_eq!(f.tcpi, Some(1.25)); // 1,500 / 1,200
    }

    /// The bread project of the QuestPond earned-value tutorial (geocities.ws/
    /// projectmanagementquestpond): 400 breads at $0.02, planned 120 by hour 3, made 80 for $3.
    /// PV $2.40, EV $1.60, AC $3.00, BAC $8.00. The page's SPI of 0.6 and CPI of 0.53 are
    /// rounded down; exactly they are 2/3 and 8/15. Its TCPI is (8 - 1.6) / (8 - 3) = 1.28.
    #[test]
    fn bread_project_exactly() {
        let f = figures(&Inputs {
            bac: q(800),
            pv: q(240),
            fraction: Some(Q::new(80.into(), 400.into())),
            ac: q(300),
            committed: q(0),
        });
        assert_eq!((f.ev, f.sv, f.cv), (Money(160), Money(-80), Money(-140)));
        assert_eq!(
            (f.spi, f.cpi, f.tcpi),
            (Some(0.6667), Some(0.5333), Some(1.28))
        );
        assert_eq!(f.eac, Some(Money(1500))); // 8 / (8/15)
        // 3.00 + 6.40 / (8/15 x 2/3) = 3.00 + 6.40 x 45/16 = 3.00 + 18.00
        assert_eq!(f.eac_composite, Some(Money(2100)));
    }

    #[test]
    fn undefined_ratios_are_null_not_zero() {
        // Nothing spent yet, nothing planned yet, nothing earned.
        let f = figures(&Inputs {
            bac: units(1000),
            pv: q(0),
            fraction: Some(q(0)),
            ac: q(0),
            committed: q(0),
        });
        assert_eq!(
            (f.cpi, f.spi, f.eac, f.eac_composite, f.etc, f.vac),
            (None, None, None, None, None, None)
        );
        assert_eq!(f.tcpi, Some(1.0));
        // No budget at all and no tasks.
        let f = figures(&Inputs {
            bac: q(0),
            pv: q(0),
            fraction: None,
            ac: units(10),
            committed: q(0),
        });
        assert_eq!(f.cpi, Some(0.0), "EV 0 over AC 10 is a real 0");
        assert_eq!(f.eac, None, "BAC / CPI with CPI 0 is undefined");
        assert_eq!(f.tcpi, Some(0.0));
        // AC equal to BAC: TCPI undefined.
        let f = figures(&Inputs {
            bac: units(10),
            pv: units(10),
            fraction: Some(q(1)),
            ac: units(10),
            committed: q(0),
        });
        assert_eq!(f.tcpi, None);
    }

    #[test]
    fn credit_notes_reduce_actual_cost() {
        let f = figures(&Inputs {
            bac: units(1000),
            pv: units(500),
            fraction: Some(Q::new(1.into(), 2.into())),
            ac: units(600) + q(-10_000),
            committed: q(0),
        });
        assert_eq!(f.ac, Money(50_000));
        assert_eq!(f.cpi, Some(1.0));
    }

    #[test]
    fn planned_value_is_pro_rata_in_the_current_month() {
        let line = |m: &str, units: i64| BudgetLine {
            workstream: "PLT".into(),
            category: "Labor".into(),
            month: Month::parse("month", m).unwrap(),
            amount: Money(units * 100),
        };
        let lines = [
            line("2026-01", 3100),
            line("2026-02", 2800),
            line("2026-03", 1000),
        ];
        // 2026-02-10: all of January plus 10/28 of February.
        assert_eq!(
            to_money(&planned_value(lines.iter(), d("2026-02-10"))),
            Money(410_000)
        );
        // One cent over three days rounds half away from zero once, at the end.
        let odd = [
            line("2026-02", 0),
            BudgetLine {
                amount: Money(1),
                ..line("2026-02", 0)
            },
        ];
        assert_eq!(
            to_money(&planned_value(odd.iter(), d("2026-02-14"))),
            Money(1)
        ); // 0.5 -> 1
        assert_eq!(
            to_money(&planned_value(lines.iter(), d("2025-12-31"))),
            Money(0)
        );
        assert_eq!(
            to_money(&planned_value(lines.iter(), d("2026-12-31"))),
            Money(690_000)
        );
    }

    #[test]
    fn earned_fraction_weights_by_budget_else_duration() {
        let t = |budget: Option<i64>, duration, pct| TaskProgress {
            workstream: "PLT".into(),
            duration,
            budget: budget.map(Money),
            percent_complete: pct,
            actual_start: (pct > 0).then(|| d("2026-01-05")),
            actual_finish: (pct == 100).then(|| d("2026-01-09")),
        };
        let by_duration = [t(None, 10, 50), t(None, 30, 0)];
        assert_eq!(
            earned_fraction(by_duration.iter(), d("2026-02-01")),
            Some(Q::new(5.into(), 40.into()))
        );
        let by_budget = [t(Some(3000), 10, 100), t(None, 30, 50)];
        assert_eq!(
            earned_fraction(by_budget.iter(), d("2026-02-01")),
            Some(q(1))
        );
        assert_eq!(earned_fraction([].iter(), d("2026-02-01")), None);
        // As of before the task finished: the elapsed share of its actual span.
        assert_eq!(by_budget[0].percent_as_of(d("2026-01-06")), 40);
        assert_eq!(by_budget[0].percent_as_of(d("2026-01-04")), 0);
    }
}

/// Figures for one workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkstreamFigures {
    pub workstream: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Cumulative planned, earned and actual value at the end of a month (the burn chart). Earned
/// and actual are `None` for months that start after the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BurnPoint {
    pub month: Month,
    pub pv: Money,
    pub ev: Option<Money>,
    pub ac: Option<Money>,
}

/// `report evm`: the program's figures and each workstream's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvmReport {
    pub as_of: NaiveDate,
    pub currency: String,
    pub program: Figures,
    pub workstreams: Vec<WorkstreamFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<BurnPoint>>,
}

/// Everything the EVM report reads, already filtered to the as-of date where it matters.
#[derive(Default)]
pub struct Ledger<'a> {
    pub lines: Vec<&'a BudgetLine>,
    /// Spend summed by (workstream, category, month, status), dated on or before as-of.
    pub spend: Vec<&'a SpendTotal>,
    pub tasks: Vec<&'a TaskProgress>,
}

impl<'a> Ledger<'a> {
    pub fn new(
        lines: &'a [BudgetLine],
        spend: &'a [SpendTotal],
        tasks: &'a [TaskProgress],
    ) -> Ledger<'a> {
        Ledger {
            lines: lines.iter().collect(),
            spend: spend.iter().collect(),
            tasks: tasks.iter().collect(),
        }
    }

    /// The part of the ledger of each workstream, in one pass over each list.
    pub fn by_workstream(&self) -> HashMap<&'a str, Ledger<'a>> {
        let mut parts: HashMap<&str, Ledger> = HashMap::new();
        for l in &self.lines {
            parts
                .entry(l.workstream.as_str())
                .or_default()
                .lines
                .push(l);
        }
        for s in &self.spend {
            parts
                .entry(s.workstream.as_str())
                .or_default()
                .spend
                .push(s);
        }
        for t in &self.tasks {
            parts
                .entry(t.workstream.as_str())
                .or_default()
                .tasks
                .push(t);
        }
        parts
    }

    /// The exact inputs of this part of the ledger as of a date.
    pub fn inputs(&self, as_of: NaiveDate) -> Inputs {
        let bac: i128 = self
            .lines
            .iter()
            .map(|l| i128::from(l.amount.cents()))
            .sum();
        let (mut ac, mut committed) = (0i128, 0i128);
        for s in &self.spend {
            if is_actual(s.status) {
                ac += s.amount;
            } else {
                committed += s.amount;
            }
        }
        Inputs {
            bac: Q::from_integer(BigInt::from(bac)),
            pv: planned_value(self.lines.iter().copied(), as_of),
            fraction: earned_fraction(self.tasks.iter().copied(), as_of),
            ac: Q::from_integer(BigInt::from(ac)),
            committed: Q::from_integer(BigInt::from(committed)),
        }
    }

    /// The burn series from `first` (the program start's month) to the last budget month.
    pub fn burn_series(&self, first: Month, as_of: NaiveDate) -> Vec<BurnPoint> {
        let last = self.lines.iter().map(|l| l.month).max().unwrap_or(first);
        let mut points = vec![];
        let mut month = first;
        while month <= last {
            let month_end = month.next().first_day() - chrono::Days::new(1);
            let started = month.first_day() <= as_of;
            let inputs = self.inputs(month_end.min(as_of));
            let ac: i128 = self
                .spend
                .iter()
                .filter(|s| is_actual(s.status) && s.month <= month)
                .map(|s| s.amount)
                .sum();
            points.push(BurnPoint {
                month,
                pv: to_money(&planned_value(self.lines.iter().copied(), month_end)),
                ev: started
                    .then(|| to_money(&inputs.fraction.map_or_else(Q::zero, |f| &inputs.bac * f))),
                ac: started.then(|| to_money(&Q::from_integer(BigInt::from(ac)))),
            });
            month = month.next();
        }
        points
    }
}

/// Build `report evm` for the program and every workstream (or just `only`).
pub fn evm_report(
    ledger: &Ledger,
    workstreams: &[String],
    only: Option<&str>,
    as_of: NaiveDate,
    currency: &str,
    series_from: Option<Month>,
) -> EvmReport {
    let parts = ledger.by_workstream();
    let empty = Ledger::default();
    let part = |w: &str| parts.get(w).unwrap_or(&empty);
    EvmReport {
        as_of,
        currency: currency.to_string(),
        program: figures(&ledger.inputs(as_of)),
        workstreams: workstreams
            .iter()
            .filter(|w| only.is_none_or(|o| o == w.as_str()))
            .map(|w| WorkstreamFigures {
                workstream: w.to_string(),
                figures: figures(&part(w).inputs(as_of)),
            })
            .collect(),
        series: series_from.map(|first| match only {
            Some(w) => part(w).burn_series(first, as_of),
            None => ledger.burn_series(first, as_of),
        }),
    }
}
