//! `milepost report budget` and `milepost report evm`.

use super::args::ReportCommand;
use super::output::{Out, Table};
use crate::domain::{Month, dates};
use crate::engine::budget::{self, GroupBy};
use crate::engine::evm::{self, Figures, Ledger, money_text as money};
use crate::error::Result;
use crate::ops::Context;
use crate::store::Store;

pub fn run(store: &Store, command: &ReportCommand, ctx: &Context, out: &mut Out) -> Result<()> {
    let db = store.read();
    let as_of_text = match command {
        ReportCommand::Budget { as_of, .. } | ReportCommand::Evm { as_of, .. } => as_of.as_deref(),
    };
    let as_of = match as_of_text {
        Some(s) => dates::parse_date_relative("as_of", s, ctx.today)?,
        None => ctx.today,
    };
    let program = db.program()?;
    let workstreams: Vec<String> = db.workstreams()?.into_iter().map(|w| w.key).collect();
    let lines = db.budget_lines()?;
    let spend = db.spend_totals(as_of)?;
    match command {
        ReportCommand::Budget { by, json, .. } => {
            let by = GroupBy::parse("by", by)?;
            let report =
                budget::budget_report(&lines, &spend, &workstreams, by, as_of, &program.currency);
            if *json {
                out.json(&report);
                return Ok(());
            }
            let mut t = Table::new(&[
                "GROUP",
                "PLANNED",
                "TO DATE",
                "ACTUAL",
                "COMMITTED",
                "VARIANCE",
                "VAR %",
                "USED %",
            ])
            .right(&[
                "PLANNED",
                "TO DATE",
                "ACTUAL",
                "COMMITTED",
                "VARIANCE",
                "VAR %",
                "USED %",
            ]);
            for r in report.rows.iter().chain(std::iter::once(&report.total)) {
                t.row(vec![
                    if r.group == "total" {
                        "TOTAL".into()
                    } else {
                        r.group.clone()
                    },
                    r.planned.grouped(),
                    r.planned_to_date.grouped(),
                    r.actual.grouped(),
                    r.committed.grouped(),
                    r.variance.grouped(),
                    r.variance_pct
                        .map(|p| format!("{p:.1}"))
                        .unwrap_or_else(|| "-".into()),
                    r.used_pct
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "-".into()),
                ]);
            }
            t.render(out);
            out.line(format!("as of {as_of}, {}", program.currency));
        }
        ReportCommand::Evm {
            ws, series, json, ..
        } => {
            if let Some(w) = ws {
                db.workstream(w)?;
            }
            let tasks = db.task_progress()?;
            let ledger = Ledger::new(&lines, &spend, &tasks);
            let first = series.then(|| Month::of(program.start));
            let report = evm::evm_report(
                &ledger,
                &workstreams,
                ws.as_deref(),
                as_of,
                &program.currency,
                first,
            );
            if *json {
                out.json(&report);
                return Ok(());
            }
            let mut t = Table::new(&[
                "SCOPE", "BAC", "PV", "EV", "AC", "CV", "SV", "CPI", "SPI", "EAC", "VAC", "TCPI",
            ])
            .right(&[
                "BAC", "PV", "EV", "AC", "CV", "SV", "CPI", "SPI", "EAC", "VAC", "TCPI",
            ]);
            let mut add = |name: &str, f: &Figures| {
                let mut cells = vec![
                    name.to_string(),
                    f.bac.grouped(),
                    f.pv.grouped(),
                    f.ev.grouped(),
                    f.ac.grouped(),
                ];
                cells.extend(evm::variance_cells(f));
                t.row(cells);
            };
            if ws.is_none() {
                add("PROGRAM", &report.program);
            }
            for w in &report.workstreams {
                add(&w.workstream, &w.figures);
            }
            t.render(out);
            if let Some(points) = &report.series {
                let mut t = Table::new(&["MONTH", "PV", "EV", "AC"]).right(&["PV", "EV", "AC"]);
                for p in points {
                    t.row(vec![
                        p.month.to_string(),
                        p.pv.grouped(),
                        money(p.ev),
                        money(p.ac),
                    ]);
                }
                t.render(out);
            }
            out.line(format!("as of {as_of}, {}", program.currency));
        }
    }
    Ok(())
}
