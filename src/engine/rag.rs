//! RAG (SPEC §6): schedule, cost and RAID dimensions for a workstream or the program, each with
//! the reasons that triggered it, and the worst of the three.
//!
//! A reason is data (SPEC §9): which rule, at which level, what code, about which item, the
//! value and the threshold, and a sentence for people. Every reason is kept; only renderings
//! for people shorten the list.

use super::evm::{Q, q, to_money};
use super::forecast::TaskForecast;
use crate::domain::{Rag, RagThresholds, RaidItem, RaidKind};
use chrono::NaiveDate;
use num_traits::ToPrimitive;
use serde::Serialize;

/// The dimension a reason belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Schedule,
    Cost,
    Raid,
}

/// What triggered a reason, for dashboards that act on it without parsing the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Slip,
    NegativeFloat,
    Spi,
    Cpi,
    OverBudget,
    RiskScore,
    Escalated,
    Overdue,
}

/// Why a dimension is amber or red.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub rule: Rule,
    /// Amber or red (never green).
    pub level: Rag,
    pub code: Code,
    /// The key the reason is about (`PLT-3`, `R-2`), or `None` for a figure of the whole scope.
    pub item: Option<String>,
    /// The value and the threshold it crossed, as the text shows them.
    pub value: String,
    pub threshold: String,
    pub text: String,
}

/// One dimension's colour and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub rag: Rag,
    pub reasons: Vec<Reason>,
}

impl Assessment {
    fn green() -> Assessment {
        Assessment {
            rag: Rag::Green,
            reasons: vec![],
        }
    }

    /// Raise to the reason's level (never lower) and keep the reason.
    fn flag(&mut self, reason: Reason) {
        self.rag = self.rag.max(reason.level);
        self.reasons.push(reason);
    }
}

/// Build a reason; `value` and `threshold` are the strings the text shows.
fn reason(
    rule: Rule,
    level: Rag,
    code: Code,
    item: Option<&str>,
    value: String,
    threshold: String,
    text: String,
) -> Reason {
    Reason {
        rule,
        level,
        code,
        item: item.map(str::to_string),
        value,
        threshold,
        text,
    }
}

/// The reasons for people: the most severe first (red before amber, else in the engine's
/// order), at most `limit`, then how many more there are.
pub fn shortened(reasons: &[Reason], limit: usize) -> (Vec<&Reason>, usize) {
    let mut sorted: Vec<&Reason> = reasons.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.level));
    let rest = sorted.len().saturating_sub(limit);
    sorted.truncate(limit);
    (sorted, rest)
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

fn days(n: i64) -> &'static str {
    if n.abs() == 1 { "day" } else { "days" }
}

/// An index below a threshold (SPI, CPI): red under `red`, amber under `amber`.
fn index_reason(
    rule: Rule,
    code: Code,
    name: &str,
    value: &Q,
    red: i64,
    amber: i64,
) -> Option<Reason> {
    let level = if *value < threshold(red) {
        Rag::Red
    } else if *value < threshold(amber) {
        Rag::Amber
    } else {
        return None;
    };
    let limit = show(&threshold(if level == Rag::Red { red } else { amber }));
    let shown = show(value);
    Some(reason(
        rule,
        level,
        code,
        None,
        shown.clone(),
        limit.clone(),
        format!("{name} {shown} is below {limit}"),
    ))
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
    // Largest slip first; the sort is stable, so ties keep the task order.
    slipping.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    for (key, s) in slipping.iter().filter(|(_, s)| *s > t.slip_red) {
        a.flag(reason(
            Rule::Schedule,
            Rag::Red,
            Code::Slip,
            Some(key),
            s.to_string(),
            t.slip_red.to_string(),
            format!(
                "{key} slips {s} working {} (red above {})",
                days(*s),
                t.slip_red
            ),
        ));
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
    for (key, f) in late {
        a.flag(reason(
            Rule::Schedule,
            Rag::Red,
            Code::NegativeFloat,
            Some(key),
            f.to_string(),
            "0".into(),
            format!(
                "{key} has negative float ({f} working {}, below 0)",
                days(f)
            ),
        ));
    }
    if let Some(r) =
        spi.and_then(|v| index_reason(Rule::Schedule, Code::Spi, "SPI", v, t.spi_red, t.spi_amber))
    {
        a.flag(r);
    }
    let amber_from = t.slip_amber.max(1);
    for (key, s) in slipping.iter().filter(|(_, s)| *s <= t.slip_red) {
        a.flag(reason(
            Rule::Schedule,
            Rag::Amber,
            Code::Slip,
            Some(key),
            s.to_string(),
            amber_from.to_string(),
            format!(
                "{key} slips {s} working {} (amber at {amber_from} or more)",
                days(*s)
            ),
        ));
    }
    a
}

/// Cost: red when CPI is below `cpi_red` or actual cost exceeds the budget; amber when CPI is
/// below `cpi_amber`.
pub fn cost(cpi: Option<&Q>, ac: &Q, bac: &Q, t: &RagThresholds) -> Assessment {
    let mut a = Assessment::green();
    if let Some(r) =
        cpi.and_then(|v| index_reason(Rule::Cost, Code::Cpi, "CPI", v, t.cpi_red, t.cpi_amber))
    {
        a.flag(r);
    }
    if ac > bac {
        let (ac, bac) = (to_money(ac).grouped(), to_money(bac).grouped());
        a.flag(reason(
            Rule::Cost,
            Rag::Red,
            Code::OverBudget,
            None,
            ac.clone(),
            bac.clone(),
            format!("actual cost {ac} exceeds the budget {bac}"),
        ));
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
    for (key, s) in risks.iter().filter(|(_, s)| *s >= t.risk_red) {
        a.flag(reason(
            Rule::Raid,
            Rag::Red,
            Code::RiskScore,
            Some(key),
            s.to_string(),
            t.risk_red.to_string(),
            format!("{key} scores {s} (red at {} or more)", t.risk_red),
        ));
    }
    for r in open
        .iter()
        .filter(|r| r.kind == RaidKind::Issue && r.escalated)
    {
        a.flag(reason(
            Rule::Raid,
            Rag::Red,
            Code::Escalated,
            Some(&r.key),
            "escalated".into(),
            "escalated".into(),
            format!("{} is escalated", r.key),
        ));
    }
    for (key, s) in risks
        .iter()
        .filter(|(_, s)| *s >= t.risk_amber && *s < t.risk_red)
    {
        a.flag(reason(
            Rule::Raid,
            Rag::Amber,
            Code::RiskScore,
            Some(key),
            s.to_string(),
            t.risk_amber.to_string(),
            format!("{key} scores {s} (amber at {} or more)", t.risk_amber),
        ));
    }
    for r in open.iter().filter(|r| r.overdue_as_of(as_of)) {
        let due = r.due.map(|d| d.to_string()).unwrap_or_default();
        a.flag(reason(
            Rule::Raid,
            Rag::Amber,
            Code::Overdue,
            Some(&r.key),
            due.clone(),
            as_of.to_string(),
            format!("{} is overdue (due {due}, before {as_of})", r.key),
        ));
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
            wbs: None,
        }
    }

    fn ratio(n: i64, d: i64) -> Q {
        Q::new(n.into(), d.into())
    }

    fn texts(a: &Assessment) -> Vec<&str> {
        a.reasons.iter().map(|r| r.text.as_str()).collect()
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
                reasons: vec![Reason {
                    rule: Rule::Schedule,
                    level: Rag::Amber,
                    code: Code::Slip,
                    item: Some("PLT-7".into()),
                    value: "1".into(),
                    threshold: "1".into(),
                    text: "PLT-7 slips 1 working day (amber at 1 or more)".into(),
                }]
            }
        );
        assert_eq!(at(10).rag, Rag::Amber, "10 is not more than 10");
        let red = at(11);
        assert_eq!(red.rag, Rag::Red);
        assert_eq!(
            (
                red.reasons[0].level,
                red.reasons[0].value.as_str(),
                red.reasons[0].threshold.as_str()
            ),
            (Rag::Red, "11", "10")
        );
        assert_eq!(texts(&red), ["PLT-7 slips 11 working days (red above 10)"]);
        assert_eq!(at(-4).rag, Rag::Green, "early is fine");
        // Finished work no longer counts.
        assert_eq!(
            schedule(&[&task("PLT-7", Some(30), 3, 100)], None, &t).rag,
            Rag::Green
        );
        let neg = schedule(&[&task("PLT-2", Some(0), -2, 0)], None, &t);
        assert_eq!(
            texts(&neg),
            ["PLT-2 has negative float (-2 working days, below 0)"]
        );
        assert_eq!(neg.reasons[0].code, Code::NegativeFloat);
        assert_eq!(neg.rag, Rag::Red);
        // Every reason is kept, largest slip first; red ones before amber ones.
        let mut many: Vec<TaskForecast> = (1..=5)
            .map(|i| task(&format!("PLT-{i}"), Some(10 + i), 1, 0))
            .collect();
        many.push(task("PLT-9", Some(2), 1, 0));
        let refs: Vec<&TaskForecast> = many.iter().collect();
        let a = schedule(&refs, None, &t);
        let keys: Vec<&str> = a
            .reasons
            .iter()
            .map(|r| r.item.as_deref().unwrap())
            .collect();
        assert_eq!(keys, ["PLT-5", "PLT-4", "PLT-3", "PLT-2", "PLT-1", "PLT-9"]);
        assert_eq!(a.reasons[5].level, Rag::Amber);
        let (shown, rest) = shortened(&a.reasons, 3);
        assert_eq!((shown.len(), rest), (3, 3));
    }

    #[test]
    fn schedule_spi_thresholds() {
        let t = RagThresholds::default();
        let at = |n, d| schedule(&[], Some(&ratio(n, d)), &t);
        assert_eq!(at(85, 100).rag, Rag::Amber, "0.85 is not below 0.85");
        let red = at(8499, 10_000);
        assert_eq!(texts(&red), ["SPI 0.8499 is below 0.85"]);
        assert_eq!(
            (
                red.reasons[0].code,
                red.reasons[0].item.clone(),
                red.reasons[0].value.as_str(),
                red.reasons[0].threshold.as_str()
            ),
            (Code::Spi, None, "0.8499", "0.85")
        );
        assert_eq!(red.rag, Rag::Red);
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
        assert_eq!(over.rag, Rag::Red);
        assert_eq!(
            over.reasons,
            vec![Reason {
                rule: Rule::Cost,
                level: Rag::Red,
                code: Code::OverBudget,
                item: None,
                value: "1,000.01".into(),
                threshold: "1,000.00".into(),
                text: "actual cost 1,000.01 exceeds the budget 1,000.00".into(),
            }]
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
            status: "open".into(),
            workstream: Some("PLT".into()),
            probability: p,
            impact: i,
            ..RaidItem::new(key.into(), kind, key.into(), d("2026-01-05"))
        }
    }

    #[test]
    fn raid_thresholds() {
        let t = RagThresholds::default();
        let as_of = d("2026-02-01");
        let at = |p, i| raid(&[&item("R-3", RaidKind::Risk, Some(p), Some(i))], as_of, &t);
        assert_eq!(at(3, 3).rag, Rag::Green); // 9
        let amber = at(2, 5);
        assert_eq!(amber.rag, Rag::Amber);
        assert_eq!(texts(&amber), ["R-3 scores 10 (amber at 10 or more)"]);
        assert_eq!(
            (
                amber.reasons[0].code,
                amber.reasons[0].value.as_str(),
                amber.reasons[0].threshold.as_str()
            ),
            (Code::RiskScore, "10", "10")
        );
        assert_eq!(at(4, 4).rag, Rag::Amber); // 16
        let red = at(4, 5);
        assert_eq!(red.rag, Rag::Red);
        assert_eq!(texts(&red), ["R-3 scores 20 (red at 20 or more)"]);
        let mut issue = item("I-2", RaidKind::Issue, None, Some(4));
        issue.escalated = true;
        let escalated = raid(&[&issue], as_of, &t);
        assert_eq!(texts(&escalated), ["I-2 is escalated"]);
        assert_eq!(escalated.reasons[0].code, Code::Escalated);
        let mut late = item("A-1", RaidKind::Assumption, None, None);
        late.due = Some(d("2026-01-31"));
        let overdue = raid(&[&late], as_of, &t);
        assert_eq!(overdue.rag, Rag::Amber);
        assert_eq!(
            overdue.reasons,
            vec![Reason {
                rule: Rule::Raid,
                level: Rag::Amber,
                code: Code::Overdue,
                item: Some("A-1".into()),
                value: "2026-01-31".into(),
                threshold: "2026-02-01".into(),
                text: "A-1 is overdue (due 2026-01-31, before 2026-02-01)".into(),
            }]
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
        let t = RagThresholds::default();
        let g = Assessment::green();
        let a = raid(
            &[&item("R-1", RaidKind::Risk, Some(3), Some(4))],
            d("2026-02-01"),
            &t,
        );
        let r = cost(Some(&ratio(8, 10)), &q(10), &q(100), &t);
        let w = worst(&[&a, &g, &r]);
        assert_eq!(w.rag, Rag::Red);
        assert_eq!(
            texts(&w),
            [
                "R-1 scores 12 (amber at 10 or more)",
                "CPI 0.8 is below 0.85"
            ]
        );
        assert_eq!(worst(&[&g, &g, &g]).rag, Rag::Green);
        // For people: red first, then at most the limit and how many more.
        let (shown, rest) = shortened(&w.reasons, 1);
        assert_eq!((shown[0].text.as_str(), rest), ("CPI 0.8 is below 0.85", 1));
    }
}
