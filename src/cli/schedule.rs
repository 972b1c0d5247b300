//! `milepost schedule`: the forecast against the latest baseline, as a table or JSON.

use super::output::{Out, Table, opt};
use crate::domain::dates;
use crate::engine::forecast;
use crate::error::Result;
use crate::ops::Context;
use crate::store::Store;

pub fn run(
    store: &Store,
    as_of: Option<&str>,
    critical: bool,
    json: bool,
    ctx: &Context,
    out: &mut Out,
) -> Result<()> {
    let as_of = match as_of {
        Some(s) => dates::parse_date_relative("as_of", s, ctx.today)?,
        None => ctx.today,
    };
    let db = store.read();
    let tasks = db.tasks(None)?;
    let cal = crate::ops::calendar(&db)?;
    let baseline = db.latest_baseline()?;
    let mut report = forecast::forecast(&tasks, &cal, as_of, baseline.as_ref())?;
    if critical {
        report.tasks.retain(|t| t.critical);
    }
    if json {
        out.json(&report);
        return Ok(());
    }
    let mut table = Table::new(&[
        "KEY", "TITLE", "START", "FINISH", "FLOAT", "FREE", "CRIT", "BASELINE", "SLIP",
    ])
    .right(&["FLOAT", "FREE", "SLIP"]);
    for t in &report.tasks {
        table.row(vec![
            t.key.clone(),
            if t.milestone {
                format!("◆ {}", t.title)
            } else {
                t.title.clone()
            },
            t.start.to_string(),
            t.finish.to_string(),
            opt(&t.total_float),
            opt(&t.free_float),
            if t.critical {
                "*".into()
            } else {
                String::new()
            },
            opt(&t.baseline_finish),
            t.slip_days.map(|s| format!("{s:+}")).unwrap_or_default(),
        ]);
    }
    table.render(out);
    out.line(format!(
        "as of {}: project finish {}; baseline {}; critical path: {}",
        report.as_of,
        report.project_finish,
        baseline.as_ref().map_or("none", |b| b.name.as_str()),
        if report.critical_path.is_empty() {
            "(none)".to_string()
        } else {
            report.critical_path.join(", ")
        }
    ));
    Ok(())
}
