//! The weekly status as Markdown: a report a person can paste into an email or a wiki. It
//! opens with an executive summary that fits one screen (SPEC §9), then the details, where
//! long lists show their ten most important rows and "and N more". Deterministic like the
//! JSON: the same status gives the same bytes.

use crate::domain::{Money, Rag};
use crate::engine::rag::{self, Reason};
use crate::engine::status::{MilestoneEntry, RaidEntry, RiskEntry, TaskEntry, WeeklyStatus};
use std::fmt::Write as _;

/// Rows of long lists shown before "and N more".
const LIMIT: usize = 10;
/// Reasons, milestones and risks in the executive summary.
const SUMMARY_REASONS: usize = 3;
const SUMMARY_MILESTONES: usize = 5;
const SUMMARY_RISKS: usize = 3;

/// User text inside a table cell or a line: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn rag(r: Rag) -> &'static str {
    match r {
        Rag::Green => "🟢 Green",
        Rag::Amber => "🟠 Amber",
        Rag::Red => "🔴 Red",
    }
}

fn money(m: Money, currency: &str) -> String {
    format!("{currency} {}", m.grouped())
}

fn opt_money(m: Option<Money>, currency: &str) -> String {
    m.map_or_else(|| "n/a".to_string(), |m| money(m, currency))
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".to_string(), |r| format!("{r:.2}"))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn slip(s: Option<i64>) -> String {
    s.map(|s| format!("{s:+}")).unwrap_or_default()
}

fn more(out: &mut String, total: usize, shown: usize) {
    if total > shown {
        let _ = writeln!(out, "\nand {} more.", total - shown);
    }
}

/// Reasons as bullets, the most severe first, at most `limit`, then how many more.
fn reason_bullets(out: &mut String, reasons: &[Reason], limit: usize) {
    let (shown, rest) = rag::shortened(reasons, limit);
    for r in shown {
        let _ = writeln!(out, "- {}", cell(&r.text));
    }
    if rest > 0 {
        let _ = writeln!(out, "- and {rest} more");
    }
}

fn task_table(out: &mut String, title: &str, tasks: &[TaskEntry]) {
    let _ = writeln!(out, "### {title}\n");
    if tasks.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str(
        "| Task | Title | Workstream | Baseline finish | Forecast finish | Slip (days) | Done |\n",
    );
    out.push_str("|---|---|---|---|---|---:|---:|\n");
    for t in tasks.iter().take(LIMIT) {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} | {}% |",
            if t.milestone { "◆ " } else { "" },
            t.key,
            cell(&t.title),
            t.workstream,
            opt(t.baseline_finish),
            t.forecast_finish,
            slip(t.slip_days),
            t.percent_complete
        );
    }
    more(out, tasks.len(), LIMIT);
    out.push('\n');
}

/// Milestones with baseline, forecast, slip and how far they moved since last week.
fn milestone_table(out: &mut String, milestones: &[&MilestoneEntry], total: usize) {
    out.push_str("| Milestone | Baseline | Forecast | Slip (days) | Moved (days) |\n");
    out.push_str("|---|---|---|---:|---:|\n");
    for m in milestones {
        let t = &m.task;
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {} |",
            t.key,
            cell(&t.title),
            opt(t.baseline_finish),
            t.forecast_finish,
            slip(t.slip_days),
            slip(m.moved_days)
        );
    }
    more(out, total, milestones.len());
    out.push('\n');
}

/// Risks with their score, exposure and (with `details`) owner, due date and mitigation.
fn risk_table(out: &mut String, risks: &[RiskEntry], limit: usize, details: bool, cur: &str) {
    if risks.is_empty() {
        out.push_str("None open.\n\n");
        return;
    }
    if details {
        out.push_str(
            "| Risk | Title | Owner | P x I | Score | Exposure | Due | Mitigation | Tasks |\n",
        );
        out.push_str("|---|---|---|---|---:|---:|---|---|---|\n");
    } else {
        out.push_str("| Risk | Title | Owner | Score | Exposure |\n|---|---|---|---:|---:|\n");
    }
    for r in risks.iter().take(limit) {
        let exposure = r.exposure.map(|m| money(m, cur)).unwrap_or_default();
        let owner = cell(r.owner.as_deref().unwrap_or(""));
        if details {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} x {} | {} | {} | {} | {} | {} |",
                r.key,
                cell(&r.title),
                owner,
                opt(r.probability),
                opt(r.impact),
                opt(r.score),
                exposure,
                opt(r.due),
                cell(r.mitigation.as_deref().unwrap_or("")),
                r.tasks.join(", ")
            );
        } else {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.key,
                cell(&r.title),
                owner,
                opt(r.score),
                exposure
            );
        }
    }
    if details {
        more(out, risks.len(), limit.min(risks.len()));
    }
    out.push('\n');
}

fn raid_table(out: &mut String, title: &str, items: &[RaidEntry]) {
    let _ = writeln!(out, "### {title}\n");
    if items.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str("| Item | Title | Workstream | Owner | Status | Score | Due |\n");
    out.push_str("|---|---|---|---|---|---:|---|\n");
    for r in items.iter().take(LIMIT) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.key,
            cell(&r.title),
            opt(r.workstream.as_deref()),
            cell(r.owner.as_deref().unwrap_or("")),
            r.status,
            opt(r.score),
            opt(r.due)
        );
    }
    more(out, items.len(), LIMIT);
    out.push('\n');
}

fn bullets(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}\n");
    for a in items.iter().take(LIMIT) {
        let _ = writeln!(out, "- {}", cell(a));
    }
    if items.len() > LIMIT {
        let _ = writeln!(out, "- and {} more", items.len() - LIMIT);
    }
    out.push('\n');
}

/// The executive summary: the overall RAG and why, key milestones, one budget line and the
/// top risks. For the demo it fits a 40-line screen at 100 columns.
fn summary(out: &mut String, s: &WeeklyStatus) {
    let cur = s.program.currency.as_str();
    out.push_str("## Summary\n\n");
    let o = &s.overall;
    let _ = write!(out, "**Overall: {}**", rag(o.rag));
    match &o.override_reason {
        Some(reason) => {
            let _ = writeln!(
                out,
                " (computed {}; set by the program manager: {})\n",
                rag(o.computed_rag),
                cell(reason)
            );
        }
        None => out.push_str("\n\n"),
    }
    if let Some(summary) = &o.summary {
        let _ = writeln!(out, "{}\n", cell(summary.trim()));
    }
    if o.reasons.is_empty() {
        out.push_str("No rule is triggered.\n\n");
    } else {
        reason_bullets(out, &o.reasons, SUMMARY_REASONS);
        out.push('\n');
    }
    let workstreams: Vec<String> = s
        .workstreams
        .iter()
        .map(|w| format!("{} {}", w.key, rag(w.rag)))
        .collect();
    if !workstreams.is_empty() {
        let _ = writeln!(out, "Workstreams: {}.\n", workstreams.join(" · "));
    }
    // Key milestones: those still ahead, soonest first.
    let ahead: Vec<&MilestoneEntry> = s
        .schedule
        .milestones
        .iter()
        .filter(|m| m.task.percent_complete < 100)
        .collect();
    if !ahead.is_empty() {
        out.push_str("Key milestones:\n\n");
        let shown: Vec<&MilestoneEntry> = ahead.iter().copied().take(SUMMARY_MILESTONES).collect();
        milestone_table(out, &shown, ahead.len());
    }
    let b = &s.budget;
    let _ = writeln!(
        out,
        "Budget: BAC {} · EAC {} · CPI {} · SPI {}\n",
        money(b.bac, cur),
        opt_money(b.eac, cur),
        ratio(b.cpi),
        ratio(b.spi)
    );
    out.push_str("Top risks:\n\n");
    risk_table(out, &s.raid.top_risks, SUMMARY_RISKS, false, cur);
}

/// Render the weekly status as Markdown.
pub fn to_markdown(s: &WeeklyStatus) -> String {
    let cur = s.program.currency.as_str();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: weekly status {}\n",
        cell(&s.program.name),
        s.week
    );
    let _ = writeln!(
        out,
        "Week {} to {}, as of {}. Baseline: {}.\n",
        s.period.start,
        s.period.end,
        s.as_of,
        s.baseline.as_deref().map_or("none".to_string(), cell)
    );
    summary(&mut out, s);

    out.push_str("## Overall\n\n");
    let _ = writeln!(
        out,
        "RAG {} (computed {}).\n",
        rag(s.overall.rag),
        rag(s.overall.computed_rag)
    );
    if s.overall.reasons.is_empty() {
        out.push_str("No rule is triggered.\n\n");
    } else {
        reason_bullets(&mut out, &s.overall.reasons, LIMIT);
        out.push('\n');
    }
    bullets(&mut out, "Done this week:", &s.overall.accomplishments);
    bullets(&mut out, "Next:", &s.overall.next_steps);

    out.push_str("## Workstreams\n\n");
    out.push_str("| Workstream | Owner | RAG | Computed | Done | Forecast finish | Slip (days) | CPI | SPI | EAC |\n");
    out.push_str("|---|---|---|---|---:|---|---:|---:|---:|---:|\n");
    for w in &s.workstreams {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {}% | {} | {} | {} | {} | {} |",
            w.key,
            cell(&w.name),
            cell(w.owner.as_deref().unwrap_or("")),
            rag(w.rag),
            rag(w.computed_rag),
            w.percent_complete,
            opt(w.forecast_finish),
            slip(w.slip_days),
            ratio(w.budget.cpi),
            ratio(w.budget.spi),
            opt_money(w.budget.eac, cur)
        );
    }
    out.push('\n');
    for w in &s.workstreams {
        let _ = writeln!(out, "### {} {}: {}\n", w.key, cell(&w.name), rag(w.rag));
        if let Some(reason) = &w.override_reason {
            let _ = writeln!(
                out,
                "Set by the program manager (computed: {}): {}\n",
                rag(w.computed_rag),
                cell(reason)
            );
        }
        if let Some(summary) = &w.summary {
            let _ = writeln!(out, "{}\n", cell(summary.trim()));
        }
        if !w.reasons.is_empty() {
            reason_bullets(&mut out, &w.reasons, LIMIT);
            out.push('\n');
        }
        bullets(&mut out, "Done this week:", &w.accomplishments);
        bullets(&mut out, "Next:", &w.next_steps);
    }

    let sc = &s.schedule;
    out.push_str("## Schedule\n\n");
    out.push_str(
        "| Baseline finish | Forecast finish | Slip (days) | Done |\n|---|---|---:|---:|\n",
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {}% |\n",
        opt(sc.baseline_finish),
        opt(sc.forecast_finish),
        slip(sc.slip_days),
        sc.percent_complete
    );
    out.push_str("### Milestones\n\n");
    if sc.milestones.is_empty() {
        out.push_str("None.\n\n");
    } else {
        let shown: Vec<&MilestoneEntry> = sc.milestones.iter().take(LIMIT).collect();
        milestone_table(&mut out, &shown, sc.milestones.len());
    }
    task_table(&mut out, "Completed this week", &sc.completed_this_week);
    task_table(
        &mut out,
        "Due in the next two weeks",
        &sc.due_next_two_weeks,
    );
    task_table(&mut out, "Slipped against the baseline", &sc.slipped);
    let _ = writeln!(
        out,
        "Critical path: {}.\n",
        if sc.critical_path.is_empty() {
            "none".to_string()
        } else if sc.critical_path.len() > LIMIT {
            format!(
                "{} and {} more",
                sc.critical_path[..LIMIT].join(", "),
                sc.critical_path.len() - LIMIT
            )
        } else {
            sc.critical_path.join(", ")
        }
    );

    let r = &s.raid;
    out.push_str("## RAID\n\n");
    out.push_str("| Open risks | Open assumptions | Open issues | Open dependencies |\n|---:|---:|---:|---:|\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n",
        r.open.risk, r.open.assumption, r.open.issue, r.open.dependency
    );
    out.push_str("### Top risks\n\n");
    risk_table(&mut out, &r.top_risks, LIMIT, true, cur);
    raid_table(&mut out, "New this week", &r.new_this_week);
    raid_table(&mut out, "Closed this week", &r.closed_this_week);
    raid_table(&mut out, "Overdue", &r.overdue);
    raid_table(&mut out, "Escalated", &r.escalated);

    let b = &s.budget;
    out.push_str("## Budget\n\n| Figure | Value |\n|---|---:|\n");
    let rows: [(&str, String); 15] = [
        ("Budget at completion (BAC)", money(b.bac, cur)),
        ("Planned value (PV)", money(b.pv, cur)),
        ("Earned value (EV)", money(b.ev, cur)),
        ("Actual cost (AC)", money(b.ac, cur)),
        ("Committed (purchase orders)", money(b.committed, cur)),
        ("Spent this week", money(b.spent_this_week, cur)),
        ("Cost variance (CV)", money(b.cv, cur)),
        ("Schedule variance (SV)", money(b.sv, cur)),
        ("CPI", ratio(b.cpi)),
        ("SPI", ratio(b.spi)),
        ("Estimate at completion (EAC)", opt_money(b.eac, cur)),
        ("Estimate to complete (ETC)", opt_money(b.etc, cur)),
        ("Variance at completion (VAC)", opt_money(b.vac, cur)),
        ("TCPI", ratio(b.tcpi)),
        ("Risk contingency (EMV)", money(b.contingency, cur)),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "| {name} | {value} |");
    }
    out.push('\n');

    out.push_str("## Change requests\n\n");
    if s.changes.is_empty() {
        out.push_str("None raised or decided this week.\n\n");
    } else {
        out.push_str("| Change | Title | Status | Raised | Decided | Budget | Schedule (days) |\n|---|---|---|---|---|---:|---:|\n");
        for c in &s.changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                c.key,
                cell(&c.title),
                c.status,
                c.raised,
                opt(c.decided),
                c.budget_delta.map(|m| money(m, cur)).unwrap_or_default(),
                c.schedule_delta
                    .map(|d| format!("{d:+}"))
                    .unwrap_or_default()
            );
        }
        out.push('\n');
    }
    out.push_str("## Decisions\n\n");
    if s.decisions.is_empty() {
        out.push_str("None this week.\n");
    } else {
        for d in &s.decisions {
            let _ = writeln!(
                out,
                "- **{} {}** ({}{}): {}",
                d.key,
                cell(&d.title),
                d.date,
                d.by.as_deref()
                    .map(|b| format!(", {}", cell(b)))
                    .unwrap_or_default(),
                cell(&d.decision)
            );
        }
    }
    crate::domain::text::terminal_safe(&out).into_owned()
}
