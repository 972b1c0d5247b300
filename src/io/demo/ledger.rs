//! The demo's money: budget lines phased from the baseline plan, and spend that follows the
//! work as it really went (slips included), with a cost overrun that differs by workstream.

use crate::domain::*;
use crate::engine::schedule::Planned;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

/// Spend as a percentage of the planned rate, per workstream: DATA runs hot, OPS under.
const OVERRUN_PCT: [(&str, i64); 5] = [
    ("PLT", 108),
    ("APP", 104),
    ("DATA", 115),
    ("OPS", 97),
    ("CHG", 100),
];
const VENDORS: [(&str, &str); 5] = [
    ("PLT", "CloudCo"),
    ("APP", "Pixel Studio"),
    ("DATA", "MigrateIt"),
    ("OPS", "WatchTower"),
    ("CHG", "LearnWell"),
];

/// A task's cost split into categories, in cents: (labor, vendors, hardware).
fn split(ws: &str, cents: i64) -> [(&'static str, i64); 3] {
    let hardware_share = if matches!(ws, "PLT" | "OPS") { 5 } else { 0 };
    let vendors = cents * 20 / 100;
    let hardware = cents * hardware_share / 100;
    [
        ("Labor", cents - vendors - hardware),
        ("Vendors", vendors),
        ("Hardware", hardware),
    ]
}

/// Cost per working day of each task, keyed by working-day index: (task index, cents).
fn daily_costs(tasks: &[Task], spans: &[(i64, i64)]) -> BTreeMap<i64, Vec<(usize, i64)>> {
    let mut days: BTreeMap<i64, Vec<(usize, i64)>> = BTreeMap::new();
    for (i, (t, &(start, len))) in tasks.iter().zip(spans).enumerate() {
        let (Some(budget), true) = (t.budget, t.duration > 0) else {
            continue;
        };
        let per_day = budget.cents() / t.duration;
        for (k, idx) in (start..start + len).enumerate() {
            // The planned duration carries the budget; extra (slipped) days cost the same rate.
            let extra = if k == 0 {
                budget.cents() - per_day * t.duration
            } else {
                0
            };
            days.entry(idx).or_default().push((i, per_day + extra));
        }
    }
    days
}

/// Budget lines for twelve months from the program start: task budgets phased by the
/// baseline plan and split by category, plus a flat travel allowance.
pub fn budget_lines(
    tasks: &[Task],
    plan: &[Planned],
    cal: &Calendar,
    start: NaiveDate,
) -> Vec<BudgetLine> {
    let spans: Vec<(i64, i64)> = tasks
        .iter()
        .zip(plan)
        .map(|(t, p)| (p.start_index, t.duration))
        .collect();
    let mut sums: BTreeMap<(usize, Month, &'static str), i64> = BTreeMap::new();
    let ws_pos = |ws: &str| OVERRUN_PCT.iter().position(|(w, _)| *w == ws).unwrap_or(0);
    for (idx, costs) in daily_costs(tasks, &spans) {
        let month = Month::of(cal.date_of(idx));
        for (i, cents) in costs {
            let ws = tasks[i].workstream.as_str();
            for (category, part) in split(ws, cents) {
                *sums.entry((ws_pos(ws), month, category)).or_default() += part;
            }
        }
    }
    let mut month = Month::of(start);
    for _ in 0..12 {
        for (pos, (_, _)) in OVERRUN_PCT.iter().enumerate() {
            *sums.entry((pos, month, "Travel")).or_default() += (5 - pos as i64) * 40_000;
        }
        month = month.next();
    }
    sums.into_iter()
        .filter(|(_, cents)| *cents != 0)
        .map(|((pos, month, category), cents)| BudgetLine {
            workstream: OVERRUN_PCT[pos].0.to_string(),
            category: category.to_string(),
            month,
            amount: Money(cents),
        })
        .collect()
}

fn status_by_age(date: NaiveDate, today: NaiveDate) -> SpendStatus {
    match (today - date).num_days() {
        d if d > 35 => SpendStatus::Paid,
        d if d > 14 => SpendStatus::Invoiced,
        _ => SpendStatus::Accrued,
    }
}

/// Spend up to `today`: weekly timesheet accruals for labor, monthly vendor invoices and
/// hardware, monthly travel, all from the work as it really ran (`real`, with the stretched
/// durations in `actual`).
pub fn spend(
    tasks: &[Task],
    actual: &[Task],
    real: &[Planned],
    cal: &Calendar,
    start: NaiveDate,
    today: NaiveDate,
) -> Vec<SpendEntry> {
    let spans: Vec<(i64, i64)> = actual
        .iter()
        .zip(real)
        .map(|(t, p)| (p.start_index, t.duration))
        .collect();
    let mut costed: Vec<Task> = actual.to_vec();
    for (c, t) in costed.iter_mut().zip(tasks) {
        c.duration = t.duration; // the budget's rate is per planned day
    }
    let last = cal.index_on_or_before(today);
    // (workstream, week Monday or month, category) -> cents
    let mut weekly: BTreeMap<(NaiveDate, usize), i64> = BTreeMap::new();
    let mut monthly: BTreeMap<(Month, usize, &'static str), i64> = BTreeMap::new();
    for (idx, costs) in daily_costs(&costed, &spans) {
        if idx > last {
            break;
        }
        let date = cal.date_of(idx);
        let monday = date - Days::new(u64::from(date.weekday().num_days_from_monday()));
        for (i, cents) in costs {
            let ws = tasks[i].workstream.as_str();
            let pos = OVERRUN_PCT.iter().position(|(w, _)| *w == ws).unwrap_or(0);
            let cents = cents * OVERRUN_PCT[pos].1 / 100;
            for (category, part) in split(ws, cents) {
                if category == "Labor" {
                    *weekly.entry((monday, pos)).or_default() += part;
                } else {
                    *monthly.entry((Month::of(date), pos, category)).or_default() += part;
                }
            }
        }
    }
    let mut out = vec![];
    let mut push = |date: NaiveDate,
                    pos: usize,
                    category: &str,
                    cents: i64,
                    vendor: Option<&str>,
                    reference: String| {
        if cents == 0 || date > today {
            return;
        }
        out.push(SpendEntry {
            key: format!("SP-{}", out.len() + 1),
            date,
            workstream: OVERRUN_PCT[pos].0.to_string(),
            category: category.to_string(),
            amount: Money(cents),
            vendor: vendor.map(str::to_string),
            reference: Some(reference),
            status: status_by_age(date, today),
        });
    };
    let mut month = Month::of(start);
    while month <= Month::of(today) {
        for pos in 0..OVERRUN_PCT.len() {
            // Vendor invoices and hardware arrive on the 5th of the following month; travel
            // is expensed at month end.
            let invoice_day = month.next().first_day() + Days::new(4);
            let invoice_day = if invoice_day > today {
                today
            } else {
                invoice_day
            };
            for category in ["Vendors", "Hardware"] {
                let cents = monthly.get(&(month, pos, category)).copied().unwrap_or(0);
                let vendor = if category == "Hardware" {
                    "RackWorks"
                } else {
                    VENDORS[pos].1
                };
                push(
                    invoice_day,
                    pos,
                    category,
                    cents,
                    Some(vendor),
                    format!("INV-{}-{}-{month}", OVERRUN_PCT[pos].0, &category[..1]),
                );
            }
            let month_end = month.next().first_day() - Days::new(1);
            push(
                month_end,
                pos,
                "Travel",
                (5 - pos as i64) * 31_000,
                None,
                format!("EXP-{month}"),
            );
        }
        month = month.next();
    }
    for ((monday, pos), cents) in weekly {
        let friday = monday + Days::new(4);
        push(
            friday.min(today),
            pos,
            "Labor",
            cents,
            None,
            format!("TS-{}", IsoWeek::of(monday)),
        );
    }
    out.sort_by(|a, b| {
        (a.date, &a.workstream, &a.category).cmp(&(b.date, &b.workstream, &b.category))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.key = format!("SP-{}", i + 1);
    }
    out
}
