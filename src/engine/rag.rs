//! RAG (SPEC §6): schedule, cost and RAID dimensions for a workstream or the program, each with
//! reasons that name what triggered it, and the worst of the three.

use super::evm::{Q, q, to_money};
use super::forecast::TaskForecast;
use crate::domain::{Rag, RagThresholds, RaidItem, RaidKind};
use chrono::NaiveDate;
use num_traits::ToPrimitive;
use serde::Serialize;

/// One dimension's colour and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub rag: Rag,
    pub reasons: Vec<String>,
}

impl Assessment {
    fn green() -> Assessment {
        Assessment {
            rag: Rag::Green,
            reasons: vec![],
        }
    }

    /// Raise to `rag` (never lower) and note why.
    fn flag(&mut self, rag: Rag, reason: String) {
        self.rag = self.rag.max(rag);
        self.reasons.push(reason);
    }
}

/// Up to three names, then how many more.
fn some_of(items: &[String], rest: &str) -> Vec<String> {
    let mut out: Vec<String> = items.iter().take(3).cloned().collect();
    if items.len() > 3 {
        out.push(format!("and {} more {rest}", items.len() - 3));
    }
    out
}

/// A ratio for a reason: up to four decimals, no trailing zeros.
fn show(r: &Q) -> String {
    let scaled = (r * q(10_000)).round().to_integer().to_i64().unwrap_or(0);
    let s = format!("{}.{:04}", scaled / 10_000, (scaled % 10_000).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn threshold(t: i64) -> Q {
    Q::new(t.into(), 10_000.into())
}

/// Schedule: red when an unfinished task slips more than `slip_red` working days, has negative
/// float, or SPI is below `spi_red`; amber when one slips at least `slip_amber` days or SPI is
/// below `spi_amber`. Tasks already finished as of the date no longer count: their delay shows
/// in the successors it pushed.
pub fn schedule(tasks: &[&TaskForecast], spi: Option<&Q>, t: &RagThresholds) -> Assessment {
    let mut a = Assessment::green();
    let open: Vec<&&TaskForecast> = tasks.iter().filter(|x| x.percent_complete < 100).collect();
    let mut slipping: Vec<(&str, i64)> = open
        .iter()
        .filter_map(|x| {
            x.slip_days
                .filter(|s| *s >= t.slip_amber.max(1))
                .map(|s| (x.key.as_str(), s))
        })
        .collect();
    slipping.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    let red: Vec<String> = slipping
        .iter()
        .filter(|(_, s)| *s > t.slip_red)
        .map(|(k, s)| format!("{k} slips {s} working days"))
        .collect();
    for r in some_of(
        &red,
        &format!("tasks slip more than {} working days", t.slip_red),
    ) {
        a.flag(Rag::Red, r);
    }
    let mut late: Vec<(&str, i64)> = open
        .iter()
        .filter_map(|x| {
            x.total_float
                .filter(|f| *f < 0)
                .map(|f| (x.key.as_str(), f))
        })
        .collect();
    late.sort_by_key(|(_, f)| *f);
    let late: Vec<String> = late
        .iter()
        .map(|(k, f)| format!("{k} has negative float ({f} working days)"))
        .collect();
    for r in some_of(&late, "tasks have negative float") {
        a.flag(Rag::Red, r);
    }
    if let Some(spi) = spi {
        if *spi < threshold(t.spi_red) {
            a.flag(
                Rag::Red,
                format!("SPI {} is below {}", show(spi), show(&threshold(t.spi_red))),
            );
        } else if *spi < threshold(t.spi_amber) {
            a.flag(
                Rag::Amber,
                format!(
                    "SPI {} is below {}",
                    show(spi),
                    show(&threshold(t.spi_amber))
                ),
            );
        }
    }
    if red.is_empty() {
        let amber: Vec<String> = slipping
            .iter()
            .map(|(k, s)| {
                format!(
                    "{k} slips {s} working day{}",
                    if *s == 1 { "" } else { "s" }
                )
            })
            .collect();
        for r in some_of(&amber, "tasks slip") {
            a.flag(Rag::Amber, r);
        }
    }
    a
}

/// Cost: red when CPI is below `cpi_red` or actual cost exceeds the budget; amber when CPI is
/// below `cpi_amber`.
pub fn cost(cpi: Option<&Q>, ac: &Q, bac: &Q, t: &RagThresholds) -> Assessment {
    let mut a = Assessment::green();
    if let Some(cpi) = cpi {
        if *cpi < threshold(t.cpi_red) {
            a.flag(
                Rag::Red,
                format!("CPI {} is below {}", show(cpi), show(&threshold(t.cpi_red))),
            );
        } else if *cpi < threshold(t.cpi_amber) {
            a.flag(
                Rag::Amber,
                format!(
                    "CPI {} is below {}",
                    show(cpi),
                    show(&threshold(t.cpi_amber))
                ),
            );
        }
    }
    if ac > bac {
        a.flag(
            Rag::Red,
            format!(
                "actual cost {} exceeds the budget {}",
                to_money(ac).grouped(),
                to_money(bac).grouped()
            ),
        );
    }
    a
}

/// RAID: red when an open risk scores at least `risk_red` or an open issue is escalated; amber
/// when an open risk scores at least `risk_amber` or any item is overdue.
pub fn raid(items: &[&RaidItem], as_of: NaiveDate, t: &RagThresholds) -> Assessment {
    let mut a = Assessment::green();
    let open: Vec<&&RaidItem> = items.iter().filter(|r| r.open_as_of(as_of)).collect();
    let mut risks: Vec<(&str, i64)> = open
        .iter()
        .filter_map(|r| r.score().map(|s| (r.key.as_str(), s)))
        .collect();
    risks.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    let high: Vec<String> = risks
        .iter()
        .filter(|(_, s)| *s >= t.risk_red)
        .map(|(k, s)| format!("{k} scores {s}"))
        .collect();
    for r in some_of(&high, &format!("risks score {} or more", t.risk_red)) {
        a.flag(Rag::Red, r);
    }
    let escalated: Vec<String> = open
        .iter()
        .filter(|r| r.kind == RaidKind::Issue && r.escalated)
        .map(|r| format!("{} is escalated", r.key))
        .collect();
    for r in some_of(&escalated, "issues are escalated") {
        a.flag(Rag::Red, r);
    }
    let medium: Vec<String> = risks
        .iter()
        .filter(|(_, s)| *s >= t.risk_amber && *s < t.risk_red)
        .map(|(k, s)| format!("{k} scores {s}"))
        .collect();
    for r in some_of(&medium, &format!("risks score {} or more", t.risk_amber)) {
        a.flag(Rag::Amber, r);
    }
    let overdue: Vec<String> = open
        .iter()
        .filter(|r| r.overdue_as_of(as_of))
        .map(|r| {
            format!(
                "{} is overdue (due {})",
                r.key,
                r.due.map(|d| d.to_string()).unwrap_or_default()
            )
        })
        .collect();
    for r in some_of(&overdue, "items are overdue") {
        a.flag(Rag::Amber, r);
    }
    a
}

/// The worst of the dimensions, with the reasons of every dimension that is not green.
pub fn worst(dimensions: &[&Assessment]) -> Assessment {
    let mut out = Assessment::green();
    for d in dimensions {
        out.rag = out.rag.max(d.rag);
        out.reasons.extend(d.reasons.iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RaidKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn task(key: &str, slip: Option<i64>, float: i64, percent: i64) -> TaskForecast {
        TaskForecast {
            key: key.into(),
            title: key.into(),
            workstream: "PLT".into(),
            duration: 5,
            milestone: false,
            start: d("2026-01-05"),
            finish: d("2026-01-09"),
            late_start: Some(d("2026-01-05")),
            late_finish: Some(d("2026-01-09")),
            total_float: Some(float),
            free_float: Some(0),
            critical: float <= 0,
            percent_complete: percent,
            baseline_start: None,
            baseline_finish: None,
            slip_days: slip,
        }
    }

    fn ratio(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    #[test]
    fn schedule_slip_thresholds() {
        let t = RagThresholds::default();
        let at = |slip| schedule(&[&task("PLT-7", Some(slip), 3, 40)], None, &t);
        assert_eq!(at(0).rag, Rag::Green);
        assert_eq!(
            at(1),
            Assessment {
                rag: Rag::Amber,
                reasons: vec!["PLT-7 slips 1 working day".into()]
            }
        );
        assert_eq!(at(10).rag, Rag::Amber, "10 is not more than 10");
        assert_eq!(
            at(11),
            Assessment {
                rag: Rag::Red,
                reasons: vec!["PLT-7 slips 11 working days".into()]
            }
        );
        assert_eq!(at(-4).rag, Rag::Green, "early is fine");
        // Finished work no longer counts.
        assert_eq!(
            schedule(&[&task("PLT-7", Some(30), 3, 100)], None, &t).rag,
            Rag::Green
        );
        let neg = schedule(&[&task("PLT-2", Some(0), -2, 0)], None, &t);
        assert_eq!(
            neg.reasons,
            vec!["PLT-2 has negative float (-2 working days)".to_string()]
        );
        assert_eq!(neg.rag, Rag::Red);
        let many: Vec<TaskForecast> = (1..=5)
            .map(|i| task(&format!("PLT-{i}"), Some(10 + i), 1, 0))
            .collect();
        let refs: Vec<&TaskForecast> = many.iter().collect();
        let a = schedule(&refs, None, &t);
        assert_eq!(
            a.reasons,
            vec![
                "PLT-5 slips 15 working days",
                "PLT-4 slips 14 working days",
                "PLT-3 slips 13 working days",
                "and 2 more tasks slip more than 10 working days"
            ]
        );
    }

    #[test]
    fn schedule_spi_thresholds() {
        let t = RagThresholds::default();
        let at = |n, d| schedule(&[], Some(&ratio(n, d)), &t);
        assert_eq!(at(85, 100).rag, Rag::Amber, "0.85 is not below 0.85");
        assert_eq!(
            at(8499, 10_000).reasons,
            vec!["SPI 0.8499 is below 0.85".to_string()]
        );
        assert_eq!(at(8499, 10_000).rag, Rag::Red);
        assert_eq!(at(95, 100).rag, Rag::Green);
        assert_eq!(at(9499, 10_000).rag, Rag::Amber);
        assert_eq!(
            schedule(&[], None, &t).rag,
            Rag::Green,
            "no SPI yet: no verdict"
        );
    }

    #[test]
    fn cost_thresholds() {
        let t = RagThresholds::default();
        let bac = q(100_000);
        assert_eq!(
            cost(Some(&ratio(95, 100)), &q(10), &bac, &t).rag,
            Rag::Green
        );
        assert_eq!(
            cost(Some(&ratio(9499, 10_000)), &q(10), &bac, &t).rag,
            Rag::Amber
        );
        assert_eq!(
            cost(Some(&ratio(85, 100)), &q(10), &bac, &t).rag,
            Rag::Amber
        );
        assert_eq!(
            cost(Some(&ratio(8499, 10_000)), &q(10), &bac, &t).rag,
            Rag::Red
        );
        let over = cost(Some(&ratio(1, 1)), &q(100_001), &bac, &t);
        assert_eq!(
            over,
            Assessment {
                rag: Rag::Red,
                reasons: vec!["actual cost 1,000.01 exceeds the budget 1,000.00".into()]
            }
        );
        assert_eq!(
            cost(None, &q(100_000), &bac, &t).rag,
            Rag::Green,
            "AC equal to BAC is not over"
        );
        let strict = RagThresholds { cpi_red: 9000, ..t };
        assert_eq!(
            cost(Some(&ratio(89, 100)), &q(10), &bac, &strict).rag,
            Rag::Red
        );
    }

    fn item(key: &str, kind: RaidKind, p: Option<i64>, i: Option<i64>) -> RaidItem {
        RaidItem {
            key: key.into(),
            kind,
            title: key.into(),
            description: None,
            status: "open".into(),
            owner: None,
            raised: d("2026-01-05"),
            due: None,
            workstream: Some("PLT".into()),
            closed: None,
            tasks: vec![],
            probability: p,
            impact: i,
            probability_pct: None,
            cost_impact: None,
            response: None,
            mitigation: None,
            residual_probability: None,
            residual_impact: None,
            escalated: false,
            provider: None,
        }
    }

    #[test]
    fn raid_thresholds() {
        let t = RagThresholds::default();
        let as_of = d("2026-02-01");
        let at = |p, i| raid(&[&item("R-3", RaidKind::Risk, Some(p), Some(i))], as_of, &t);
        assert_eq!(at(3, 3).rag, Rag::Green); // 9
        assert_eq!(
            at(2, 5),
            Assessment {
                rag: Rag::Amber,
                reasons: vec!["R-3 scores 10".into()]
            }
        );
        assert_eq!(at(4, 4).rag, Rag::Amber); // 16
        assert_eq!(
            at(4, 5),
            Assessment {
                rag: Rag::Red,
                reasons: vec!["R-3 scores 20".into()]
            }
        );
        let mut issue = item("I-2", RaidKind::Issue, None, Some(4));
        issue.escalated = true;
        assert_eq!(
            raid(&[&issue], as_of, &t).reasons,
            vec!["I-2 is escalated".to_string()]
        );
        let mut late = item("A-1", RaidKind::Assumption, None, None);
        late.due = Some(d("2026-01-31"));
        assert_eq!(
            raid(&[&late], as_of, &t),
            Assessment {
                rag: Rag::Amber,
                reasons: vec!["A-1 is overdue (due 2026-01-31)".into()]
            }
        );
        assert_eq!(
            raid(&[&late], d("2026-01-31"), &t).rag,
            Rag::Green,
            "due today is not overdue"
        );
        // Closed items, or items raised after the date, do not count.
        let mut closed = item("R-4", RaidKind::Risk, Some(5), Some(5));
        closed.status = "closed".into();
        closed.closed = Some(d("2026-01-20"));
        assert_eq!(raid(&[&closed], as_of, &t).rag, Rag::Green);
        assert_eq!(
            raid(&[&closed], d("2026-01-19"), &t).rag,
            Rag::Red,
            "it was open then"
        );
        assert_eq!(
            raid(&[&closed], d("2026-01-04"), &t).rag,
            Rag::Green,
            "not raised yet"
        );
    }

    #[test]
    fn worst_of_three_keeps_every_reason() {
        let g = Assessment::green();
        let a = Assessment {
            rag: Rag::Amber,
            reasons: vec!["R-1 scores 12".into()],
        };
        let r = Assessment {
            rag: Rag::Red,
            reasons: vec!["CPI 0.8 is below 0.85".into()],
        };
        let w = worst(&[&a, &g, &r]);
        assert_eq!(w.rag, Rag::Red);
        assert_eq!(w.reasons, vec!["R-1 scores 12", "CPI 0.8 is below 0.85"]);
        assert_eq!(worst(&[&g, &g, &g]).rag, Rag::Green);
    }
}
