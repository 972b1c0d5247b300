//! The weekly status as Markdown: a report a person can paste into an email or a wiki.
//! Deterministic like the JSON: the same status gives the same bytes.

use crate::domain::{Money, Rag};
use crate::engine::status::{RaidEntry, TaskEntry, WeeklyStatus};
use std::fmt::Write as _;

/// Rows of long lists shown before "and N more".
const LIMIT: usize = 20;

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
            "| {} | {} | {} | {} | {} | {} | {}% |",
            t.key,
            cell(&t.title),
            t.workstream,
            opt(t.baseline_finish),
            t.forecast_finish,
            slip(t.slip_days),
            t.percent_complete
        );
    }
    if tasks.len() > LIMIT {
        let _ = writeln!(out, "\n…and {} more.", tasks.len() - LIMIT);
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
    if items.len() > LIMIT {
        let _ = writeln!(out, "\n…and {} more.", items.len() - LIMIT);
    }
    out.push('\n');
}

fn bullets(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}\n");
    for a in items {
        let _ = writeln!(out, "- {}", cell(a));
    }
    out.push('\n');
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
    let _ = writeln!(out, "## Overall: {}\n", rag(s.overall.rag));
    if let Some(reason) = &s.overall.override_reason {
        let _ = writeln!(
            out,
            "Set by the program manager (computed: {}): {}\n",
            rag(s.overall.computed_rag),
            cell(reason)
        );
    }
    if let Some(summary) = &s.overall.summary {
        let _ = writeln!(out, "{}\n", summary.trim());
    }
    if s.overall.reasons.is_empty() {
        out.push_str("No rule is triggered.\n\n");
    } else {
        for r in &s.overall.reasons {
            let _ = writeln!(out, "- {r}");
        }
        out.push('\n');
    }
    bullets(&mut out, "Done this week:", &s.overall.accomplishments);
    bullets(&mut out, "Next:", &s.overall.next_steps);

    out.push_str("## Workstreams\n\n");
    out.push_str("| Workstream | Owner | RAG | Computed | Done | Forecast finish | Slip (days) | CPI | SPI |\n");
    out.push_str("|---|---|---|---|---:|---|---:|---:|---:|\n");
    for w in &s.workstreams {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {}% | {} | {} | {} | {} |",
            w.key,
            cell(&w.name),
            cell(w.owner.as_deref().unwrap_or("")),
            rag(w.rag),
            rag(w.computed_rag),
            w.percent_complete,
            opt(w.forecast_finish),
            slip(w.slip_days),
            ratio(w.budget.cpi),
            ratio(w.budget.spi)
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
            let _ = writeln!(out, "{}\n", summary.trim());
        }
        for r in &w.reasons {
            let _ = writeln!(out, "- {r}");
        }
        if !w.reasons.is_empty() {
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
    raid_table(&mut out, "Top risks", &r.top_risks);
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
    out
}
