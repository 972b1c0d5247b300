//! The built-in demo: "Atlas", a customer-platform launch with five workstreams, dated around
//! today so that progress, slips, overdue items and this week's notes all have something to show.

use crate::domain::*;
use crate::engine::schedule;
use crate::error::Result;
use chrono::{Datelike, Days, NaiveDate};

/// (workstream, title, duration, predecessors as "KEY" or "KEY:SS+2", owner, budget in units)
type TaskRow = (
    &'static str,
    &'static str,
    i64,
    &'static [&'static str],
    &'static str,
    i64,
);

const WORKSTREAMS: [(&str, &str, &str); 5] = [
    ("PLT", "Platform", "Dana Ortiz"),
    ("APP", "Mobile app", "Sam Lee"),
    ("DATA", "Data migration", "Priya Nair"),
    ("OPS", "Operations readiness", "Jonas Berg"),
    ("CHG", "Change and training", "Mei Chen"),
];

const TASKS: [TaskRow; 40] = [
    (
        "PLT",
        "Architecture and design",
        10,
        &[],
        "Dana Ortiz",
        40_000,
    ),
    (
        "PLT",
        "Provision cloud environments",
        8,
        &["PLT-1"],
        "Alex Kim",
        30_000,
    ),
    (
        "PLT",
        "Identity and SSO",
        12,
        &["PLT-2"],
        "Alex Kim",
        45_000,
    ),
    (
        "PLT",
        "Core APIs",
        20,
        &["PLT-1", "PLT-2:SS+3"],
        "Dana Ortiz",
        90_000,
    ),
    (
        "PLT",
        "Performance test",
        8,
        &["PLT-4"],
        "Tom Walsh",
        25_000,
    ),
    (
        "PLT",
        "Security review",
        5,
        &["PLT-3", "PLT-4:FF"],
        "Ruth Adeyemi",
        20_000,
    ),
    (
        "PLT",
        "Platform ready",
        0,
        &["PLT-5", "PLT-6"],
        "Dana Ortiz",
        0,
    ),
    (
        "PLT",
        "Hardening and fixes",
        10,
        &["PLT-7"],
        "Alex Kim",
        35_000,
    ),
    ("APP", "UX research", 10, &[], "Sam Lee", 20_000),
    ("APP", "Design system", 10, &["APP-1"], "Sam Lee", 25_000),
    (
        "APP",
        "Onboarding flow",
        15,
        &["APP-2", "PLT-3"],
        "Mei Chen",
        40_000,
    ),
    (
        "APP",
        "Account screens",
        15,
        &["APP-2", "PLT-4:SS+5"],
        "Mei Chen",
        40_000,
    ),
    (
        "APP",
        "Payments integration",
        12,
        &["APP-4", "PLT-4"],
        "Tom Walsh",
        50_000,
    ),
    ("APP", "Beta release", 0, &["APP-3", "APP-5"], "Sam Lee", 0),
    (
        "APP",
        "Beta feedback fixes",
        10,
        &["APP-6"],
        "Mei Chen",
        30_000,
    ),
    (
        "APP",
        "App store submission",
        5,
        &["APP-7", "PLT-8"],
        "Sam Lee",
        5_000,
    ),
    (
        "DATA",
        "Source system analysis",
        10,
        &[],
        "Priya Nair",
        30_000,
    ),
    (
        "DATA",
        "Mapping rules",
        10,
        &["DATA-1"],
        "Priya Nair",
        25_000,
    ),
    (
        "DATA",
        "Migration tooling",
        15,
        &["DATA-2", "PLT-2"],
        "Jonas Berg",
        45_000,
    ),
    (
        "DATA",
        "Trial migration 1",
        5,
        &["DATA-3"],
        "Jonas Berg",
        15_000,
    ),
    (
        "DATA",
        "Data quality fixes",
        10,
        &["DATA-4"],
        "Priya Nair",
        20_000,
    ),
    (
        "DATA",
        "Trial migration 2",
        5,
        &["DATA-5"],
        "Jonas Berg",
        15_000,
    ),
    (
        "DATA",
        "Migration sign-off",
        0,
        &["DATA-6"],
        "Priya Nair",
        0,
    ),
    (
        "DATA",
        "Production cutover",
        3,
        &["DATA-7", "PLT-8", "OPS-5"],
        "Jonas Berg",
        20_000,
    ),
    (
        "OPS",
        "Support model design",
        10,
        &["PLT-1"],
        "Ruth Adeyemi",
        15_000,
    ),
    (
        "OPS",
        "Monitoring and alerting",
        10,
        &["PLT-2"],
        "Tom Walsh",
        25_000,
    ),
    ("OPS", "Runbooks", 8, &["OPS-1"], "Ruth Adeyemi", 10_000),
    (
        "OPS",
        "Service desk training",
        5,
        &["OPS-3"],
        "Ruth Adeyemi",
        8_000,
    ),
    (
        "OPS",
        "Operational acceptance",
        0,
        &["OPS-2", "OPS-4", "PLT-7"],
        "Ruth Adeyemi",
        0,
    ),
    ("OPS", "Hypercare", 15, &["DATA-8"], "Tom Walsh", 30_000),
    ("CHG", "Stakeholder map", 5, &[], "Mei Chen", 5_000),
    (
        "CHG",
        "Communications plan",
        5,
        &["CHG-1"],
        "Mei Chen",
        5_000,
    ),
    (
        "CHG",
        "Training needs analysis",
        8,
        &["CHG-1"],
        "Mei Chen",
        10_000,
    ),
    (
        "CHG",
        "Training material",
        15,
        &["CHG-3", "APP-2"],
        "Mei Chen",
        30_000,
    ),
    (
        "CHG",
        "Train the trainers",
        5,
        &["CHG-4", "APP-6"],
        "Mei Chen",
        12_000,
    ),
    (
        "CHG",
        "End-user training",
        10,
        &["CHG-5"],
        "Mei Chen",
        25_000,
    ),
    (
        "CHG",
        "Go-live readiness review",
        0,
        &["CHG-6", "OPS-5", "DATA-7"],
        "Dana Ortiz",
        0,
    ),
    (
        "CHG",
        "Launch communications",
        3,
        &["CHG-7:FS-1"],
        "Mei Chen",
        5_000,
    ),
    (
        "APP",
        "Launch",
        0,
        &["APP-8", "CHG-7", "DATA-8"],
        "Dana Ortiz",
        0,
    ),
    (
        "PLT",
        "Decommission legacy",
        10,
        &["APP-9:FS+10"],
        "Alex Kim",
        20_000,
    ),
];

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

/// The demo program as of `today`: the program started nine weeks earlier.
pub fn demo_program(today: NaiveDate) -> Result<ProgramDoc> {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let start = monday - Days::new(7 * 9);
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
        calendar: CalendarSpec {
            workdays: Workdays::default()
                .names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            holidays: {
                let mut h = holidays.clone();
                h.sort();
                h
            },
        },
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
            key: format!("{ws}-{n}"),
            workstream: ws.into(),
            title: title.into(),
            duration,
            owner: Some(owner.into()),
            budget: (budget > 0).then_some(Money(budget * 100)),
            percent_complete: 0,
            actual_start: None,
            actual_finish: None,
            not_before: None,
            deadline: None,
            acceptance: None,
            after: after.iter().map(|s| parse_link(s)).collect(),
        });
    }
    let launch = doc
        .tasks
        .iter_mut()
        .find(|t| t.title == "Launch")
        .expect("demo has a launch");
    launch.deadline = Some(start + Days::new(7 * 20));
    launch.acceptance = Some("App live in both stores, data migrated, support staffed".into());
    let cal = Calendar::new(start, Workdays::default(), &doc.program.calendar.holidays);
    let plan = schedule::forward(&doc.tasks, &cal, None)?;
    doc.baselines.push(Baseline {
        name: "original".into(),
        taken: start - Days::new(3),
        tasks: schedule::baseline_tasks(&plan, &cal),
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
    let real = schedule::forward(&actual, &cal, None)?;
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
    let risks: [(&str, &str, i64, i64, i64, &str, &str); 10] = [
        (
            "Payment provider certification slips",
            "APP",
            4,
            5,
            60_000,
            "reduce",
            "Weekly call with provider; fallback to card-only launch",
        ),
        (
            "Legacy data quality worse than sampled",
            "DATA",
            4,
            4,
            80_000,
            "reduce",
            "Extra cleansing sprint; data owners sign off per domain",
        ),
        (
            "Key platform engineer leaves",
            "PLT",
            2,
            4,
            40_000,
            "reduce",
            "Pair on SSO work; document decisions",
        ),
        (
            "App store review rejects the release",
            "APP",
            2,
            5,
            15_000,
            "reduce",
            "Pre-review against store guidelines",
        ),
        (
            "Cloud costs exceed forecast",
            "PLT",
            3,
            3,
            50_000,
            "accept",
            "Monthly cost review",
        ),
        (
            "Trainers unavailable in launch month",
            "CHG",
            3,
            2,
            10_000,
            "transfer",
            "Book external trainers as backup",
        ),
        (
            "Performance below target at peak",
            "PLT",
            3,
            4,
            30_000,
            "reduce",
            "Load test early; scale-out plan",
        ),
        (
            "Regulator asks for a privacy review",
            "DATA",
            2,
            5,
            25_000,
            "avoid",
            "Privacy impact assessment in month 2",
        ),
        (
            "Service desk staffing gap",
            "OPS",
            3,
            3,
            20_000,
            "reduce",
            "Temporary contractors for hypercare",
        ),
        (
            "Vendor API rate limits",
            "APP",
            1,
            3,
            5_000,
            "accept",
            "Cache aggressively",
        ),
    ];
    let days = |n: i64| -> NaiveDate {
        if n >= 0 {
            today + Days::new(n as u64)
        } else {
            today - Days::new((-n) as u64)
        }
    };
    for (i, (title, ws, p, imp, cost, response, mitigation)) in risks.iter().enumerate() {
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
    let others: [(RaidKind, &str, &str, &str, i64, bool); 15] = [
        (
            RaidKind::Issue,
            "SSO test tenant not provisioned",
            "PLT",
            "open",
            4,
            true,
        ),
        (
            RaidKind::Issue,
            "Migration tooling licence delayed",
            "DATA",
            "in_progress",
            3,
            false,
        ),
        (
            RaidKind::Issue,
            "Design system colours fail contrast",
            "APP",
            "resolved",
            2,
            false,
        ),
        (
            RaidKind::Issue,
            "Monitoring vendor contract unsigned",
            "OPS",
            "open",
            3,
            false,
        ),
        (
            RaidKind::Issue,
            "Training rooms double-booked",
            "CHG",
            "open",
            2,
            false,
        ),
        (
            RaidKind::Assumption,
            "Legacy system frozen from cutover minus 2 weeks",
            "DATA",
            "open",
            0,
            false,
        ),
        (
            RaidKind::Assumption,
            "Store review takes at most 5 days",
            "APP",
            "validated",
            0,
            false,
        ),
        (
            RaidKind::Assumption,
            "Service desk headcount approved",
            "OPS",
            "open",
            0,
            false,
        ),
        (
            RaidKind::Assumption,
            "Users have company phones",
            "CHG",
            "invalid",
            0,
            false,
        ),
        (
            RaidKind::Assumption,
            "Existing SSO provider stays",
            "PLT",
            "open",
            0,
            false,
        ),
        (
            RaidKind::Dependency,
            "Payment provider sandbox access",
            "APP",
            "delivered",
            0,
            false,
        ),
        (
            RaidKind::Dependency,
            "Network team opens firewall routes",
            "PLT",
            "at_risk",
            0,
            false,
        ),
        (
            RaidKind::Dependency,
            "Finance approves hypercare budget",
            "OPS",
            "open",
            0,
            false,
        ),
        (
            RaidKind::Dependency,
            "HR provides user list for training",
            "CHG",
            "open",
            0,
            false,
        ),
        (
            RaidKind::Dependency,
            "Legacy vendor extract files",
            "DATA",
            "open",
            0,
            false,
        ),
    ];
    let mut counts: std::collections::HashMap<&str, i64> = Default::default();
    for (i, (kind, title, ws, status, impact, escalated)) in others.iter().enumerate() {
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
    let categories = [
        ("Labor", 60_000),
        ("Vendors", 25_000),
        ("Hardware", 8_000),
        ("Travel", 2_000),
    ];
    let scale = [("PLT", 5), ("APP", 4), ("DATA", 3), ("OPS", 2), ("CHG", 1)];
    let mut month = Month::of(start);
    for m in 0..12 {
        for (ws, s) in scale {
            for (category, base) in categories {
                if category == "Hardware" && !matches!(ws, "PLT" | "OPS") {
                    continue;
                }
                let ramp = if m < 2 {
                    6
                } else if m > 9 {
                    7
                } else {
                    10
                };
                doc.budget.push(BudgetLine {
                    workstream: ws.into(),
                    category: category.into(),
                    month,
                    amount: Money(base * s * ramp / 10 * 100 / 5),
                });
            }
        }
        month = month.next();
    }
    let vendors = [
        ("PLT", "Vendors", "CloudCo"),
        ("APP", "Vendors", "Pixel Studio"),
        ("DATA", "Vendors", "MigrateIt"),
        ("OPS", "Vendors", "WatchTower"),
        ("CHG", "Vendors", "LearnWell"),
    ];
    let mut sp = 0;
    let mut week_start = start;
    while week_start <= today {
        for (i, (ws, s)) in scale.iter().enumerate() {
            sp += 1;
            let status = if week_start + Days::new(35) < today {
                "paid"
            } else if week_start + Days::new(14) < today {
                "invoiced"
            } else {
                "accrued"
            };
            doc.spend.push(SpendEntry {
                key: format!("SP-{sp}"),
                date: week_start + Days::new(4),
                workstream: ws.to_string(),
                category: "Labor".into(),
                amount: Money((s * 2_900 + i as i64 * 37) * 100),
                vendor: None,
                reference: Some(format!("TS-{}", IsoWeek::of(week_start))),
                status: SpendStatus::parse("status", status).unwrap_or(SpendStatus::Accrued),
            });
            if (week_start - start).num_days() % 28 == 0 {
                sp += 1;
                let (_, category, vendor) = vendors[i];
                doc.spend.push(SpendEntry {
                    key: format!("SP-{sp}"),
                    date: week_start + Days::new(2),
                    workstream: ws.to_string(),
                    category: category.into(),
                    amount: Money(s * 4_150 * 100),
                    vendor: Some(vendor.into()),
                    reference: Some(format!("INV-{:04}", 1000 + sp)),
                    status: SpendStatus::parse("status", status).unwrap_or(SpendStatus::Invoiced),
                });
            }
        }
        week_start = week_start + Days::new(7);
    }
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
