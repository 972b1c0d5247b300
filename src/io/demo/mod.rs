//! The built-in demo: "Atlas", a customer-platform launch with five workstreams, dated around
//! today so that progress, slips, overdue items and this week's notes all have something to show.

mod data;
mod ledger;

use crate::domain::*;
use crate::engine::schedule;
use crate::error::Result;
use chrono::{Datelike, Days, NaiveDate};
use data::{OTHER_ITEMS, RISKS, TASKS, WORKSTREAMS};

fn parse_link(spec: &str) -> Link {
    let (key, rest) = spec.split_once(':').unwrap_or((spec, "FS"));
    let split = rest.find(['+', '-']).unwrap_or(rest.len());
    let (kind, lag) = rest.split_at(split);
    Link {
        key: key.to_string(),
        link_type: LinkType::parse("type", kind).unwrap_or(LinkType::Fs),
        lag: lag.parse().unwrap_or(0),
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The demo program as of `today`: the program started 26 weeks earlier.
pub fn demo_program(today: NaiveDate) -> Result<ProgramDoc> {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let start = monday - Days::new(7 * 26);
    let year = start.year();
    let holidays: Vec<NaiveDate> = [
        ymd(year, 12, 25),
        ymd(year + 1, 1, 1),
        ymd(year + 1, 12, 25),
    ]
    .into_iter()
    .chain((start.year()..=start.year() + 1).map(|y| ymd(y, 5, 1)))
    .collect();
    let mut doc = ProgramDoc::new(Program {
        name: "Atlas customer platform".into(),
        currency: "USD".into(),
        start,
        calendar: CalendarSpec::weekdays({
            let mut h = holidays.clone();
            h.sort();
            h
        }),
    });
    for (key, name, owner) in WORKSTREAMS {
        doc.workstreams.push(Workstream {
            key: key.into(),
            name: name.into(),
            owner: Some(owner.into()),
        });
    }
    let mut numbers: std::collections::HashMap<&str, i64> = Default::default();
    for (ws, title, duration, after, owner, budget) in TASKS {
        let n = numbers.entry(ws).or_insert(0);
        *n += 1;
        doc.tasks.push(Task {
            owner: Some(owner.into()),
            // Task budgets follow effort: the table's amount per day of the table's duration.
            budget: (budget > 0).then_some(Money(budget * 100 * 3)),
            after: after.iter().map(|s| parse_link(s)).collect(),
            // The table's durations are scaled so that the program runs about a year, matching
            // its twelve-month budget.
            ..Task::new(format!("{ws}-{n}"), ws, title, duration * 3)
        });
    }
    let launch = doc
        .tasks
        .iter_mut()
        .find(|t| t.title == "Launch")
        .expect("demo has a launch");
    launch.deadline = Some(start + Days::new(7 * 50));
    launch.acceptance = Some("App live in both stores, data migrated, support staffed".into());
    let cal = Calendar::new(start, Workdays::default(), &doc.program.calendar.holidays);
    let plan = schedule::schedule(&doc.tasks, &cal, None)?.tasks;
    doc.baselines.push(Baseline {
        name: "original".into(),
        taken: start - Days::new(3),
        tasks: schedule::baseline_tasks(&doc.tasks, &plan, &cal),
    });
    // Progress follows what "really" happened: a few tasks took longer than planned, which
    // pushes their successors. Work that finished before today is done; work spanning today is
    // under way.
    let slips: [(&str, i64); 4] = [("PLT-3", 4), ("DATA-3", 7), ("APP-3", 3), ("OPS-2", 2)];
    let mut actual = doc.tasks.clone();
    for t in &mut actual {
        t.duration += slips
            .iter()
            .find(|(k, _)| *k == t.key)
            .map_or(0, |(_, d)| *d);
    }
    let real = schedule::schedule(&actual, &cal, None)?.tasks;
    for ((task, p), stretched) in doc.tasks.iter_mut().zip(&real).zip(&actual) {
        let s = p.start_date(&cal);
        let f = p.finish_date(&cal);
        if f < today {
            task.actual_start = Some(s);
            task.actual_finish = Some(f);
            task.percent_complete = 100;
        } else if s <= today && task.duration > 0 {
            task.actual_start = Some(s);
            let elapsed = cal.index_of(today) - cal.index_of(s);
            task.percent_complete = (elapsed * 100 / stretched.duration.max(1)).clamp(5, 95);
        }
    }
    let days = |n: i64| -> NaiveDate {
        if n >= 0 {
            today + Days::new(n as u64)
        } else {
            today - Days::new((-n) as u64)
        }
    };
    for (i, (title, ws, p, imp, cost, response, mitigation)) in RISKS.iter().enumerate() {
        let closed = i == 9;
        doc.raid.push(RaidItem {
            key: format!("R-{}", i + 1),
            kind: RaidKind::Risk,
            title: title.to_string(),
            description: None,
            status: if closed {
                "closed".into()
            } else if i % 3 == 0 {
                "mitigating".into()
            } else {
                "open".into()
            },
            owner: doc
                .workstreams
                .iter()
                .find(|w| w.key == *ws)
                .and_then(|w| w.owner.clone()),
            raised: days(-100 + i as i64 * 7),
            due: Some(days(-10 + i as i64 * 6)),
            workstream: Some(ws.to_string()),
            closed: closed.then(|| days(-3)),
            tasks: match *ws {
                "APP" => vec!["APP-5".into()],
                "DATA" => vec!["DATA-4".into()],
                _ => vec![],
            },
            probability: Some(*p),
            impact: Some(*imp),
            probability_pct: None,
            cost_impact: Some(Money(cost * 100)),
            response: Response::parse("response", response).ok(),
            mitigation: Some(mitigation.to_string()),
            residual_probability: None,
            residual_impact: None,
            escalated: false,
            provider: None,
        });
    }
    let mut counts: std::collections::HashMap<&str, i64> = Default::default();
    for (i, (kind, title, ws, status, impact, escalated)) in OTHER_ITEMS.iter().enumerate() {
        let n = counts.entry(kind.prefix()).or_insert(0);
        *n += 1;
        let closed = kind.is_closed_status(status);
        doc.raid.push(RaidItem {
            key: format!("{}-{n}", kind.prefix()),
            kind: *kind,
            title: title.to_string(),
            description: None,
            status: status.to_string(),
            owner: doc
                .workstreams
                .iter()
                .find(|w| w.key == *ws)
                .and_then(|w| w.owner.clone()),
            raised: days(-90 + i as i64 * 5),
            due: Some(days(-8 + i as i64 * 4)),
            workstream: Some(ws.to_string()),
            closed: closed.then(|| days(-2 - i as i64 % 4)),
            tasks: vec![],
            probability: None,
            impact: (*impact > 0).then_some(*impact),
            probability_pct: None,
            cost_impact: None,
            response: None,
            mitigation: None,
            residual_probability: None,
            residual_impact: None,
            escalated: *escalated,
            provider: (*kind == RaidKind::Dependency).then(|| "External team".to_string()),
        });
    }
    doc.budget = ledger::budget_lines(&doc.tasks, &plan, &cal, start);
    doc.spend = ledger::spend(&doc.tasks, &actual, &real, &cal, start, today);
    let mut sp = doc.spend.len();
    sp += 1;
    doc.spend.push(SpendEntry {
        key: format!("SP-{sp}"),
        date: days(-20),
        workstream: "PLT".into(),
        category: "Hardware".into(),
        amount: Money(4_200_000),
        vendor: Some("RackWorks".into()),
        reference: Some("PO-7781".into()),
        status: SpendStatus::Committed,
    });
    sp += 1;
    doc.spend.push(SpendEntry {
        key: format!("SP-{sp}"),
        date: days(-12),
        workstream: "DATA".into(),
        category: "Vendors".into(),
        amount: Money(-250_000),
        vendor: Some("MigrateIt".into()),
        reference: Some("CN-0042 credit note".into()),
        status: SpendStatus::Invoiced,
    });
    doc.changes = vec![
        ChangeRequest {
            key: "CR-1".into(),
            title: "Add Apple Pay".into(),
            status: ChangeStatus::Approved,
            raised: days(-60),
            decided: Some(days(-53)),
            workstream: Some("APP".into()),
            budget_delta: Some(Money(1_500_000)),
            schedule_delta: Some(5),
        },
        ChangeRequest {
            key: "CR-2".into(),
            title: "Migrate 5 years of history instead of 3".into(),
            status: ChangeStatus::Proposed,
            raised: days(-6),
            decided: None,
            workstream: Some("DATA".into()),
            budget_delta: Some(Money(2_800_000)),
            schedule_delta: Some(8),
        },
        ChangeRequest {
            key: "CR-3".into(),
            title: "Drop tablet layout from v1".into(),
            status: ChangeStatus::Rejected,
            raised: days(-40),
            decided: Some(days(-33)),
            workstream: Some("APP".into()),
            budget_delta: Some(Money(-900_000)),
            schedule_delta: Some(-3),
        },
    ];
    doc.decisions = vec![
        Decision {
            key: "DEC-1".into(),
            date: days(-110),
            title: "Use managed Postgres".into(),
            decision: "Run the platform database on the cloud provider's managed Postgres.".into(),
            rationale: Some("Less operational load; the team knows Postgres.".into()),
            by: Some("Architecture board".into()),
        },
        Decision {
            key: "DEC-2".into(),
            date: days(-53),
            title: "Approve Apple Pay (CR-1)".into(),
            decision: "Add Apple Pay to the launch scope.".into(),
            rationale: Some("Half of pilot users asked for it.".into()),
            by: Some("Steering committee".into()),
        },
        Decision {
            key: "DEC-3".into(),
            date: days(-4),
            title: "Two trial migrations before cutover".into(),
            decision: "Hold a second trial migration before sign-off.".into(),
            rationale: Some("Trial 1 found data quality gaps.".into()),
            by: Some("Priya Nair".into()),
        },
    ];
    let this_week = IsoWeek::of(today);
    let last_week = IsoWeek::of(today - Days::new(7));
    for (week, offset) in [(last_week, 0), (this_week, 1)] {
        for (ws, name, _) in WORKSTREAMS {
            let (rag, reason) = match (ws, offset) {
                ("DATA", 1) => (
                    Some(Rag::Amber),
                    Some("Trial migration found quality gaps; second trial added".to_string()),
                ),
                _ => (None, None),
            };
            doc.status_notes.push(StatusNote {
                week,
                workstream: Some(ws.into()),
                rag,
                reason,
                summary: Some(format!("{name}: work progressing against plan.")),
                accomplishments: vec![format!("{name} weekly goals met")],
                next_steps: vec![format!("{name} next milestone prep")],
            });
        }
    }
    doc.status_notes.push(StatusNote {
        week: this_week,
        workstream: None,
        rag: None,
        reason: None,
        summary: Some("Launch date holds; data migration is the main watch item.".into()),
        accomplishments: vec![],
        next_steps: vec!["Decide on CR-2 at Thursday's steering committee".into()],
    });
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_a_valid_program_of_the_promised_shape() {
        let doc = demo_program(ymd(2026, 11, 22)).unwrap();
        let text = crate::io::program_json::to_json(&doc);
        let back = crate::io::program_json::from_json(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(doc.workstreams.len(), 5);
        assert_eq!(doc.tasks.len(), 40);
        assert!((20..=30).contains(&doc.raid.len()));
        for kind in RaidKind::ALL {
            assert!(doc.raid.iter().any(|r| r.kind == *kind));
        }
        assert!(doc.tasks.iter().any(|t| t.percent_complete == 100));
        assert!(
            doc.tasks
                .iter()
                .any(|t| (1..100).contains(&t.percent_complete))
        );
        assert!(doc.spend.iter().any(|s| s.status == SpendStatus::Accrued));
        assert!(doc.spend.iter().any(|s| s.status == SpendStatus::Invoiced));
        assert_eq!(
            doc.budget
                .iter()
                .map(|b| b.month)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            12
        );
        assert_eq!(
            doc.status_notes
                .iter()
                .map(|n| n.week)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            2
        );
    }
}
