//! `milepost status export` and `milepost status history`.

use super::args::StatusCommand;
use super::output::{Out, Table};
use crate::domain::{IsoWeek, Rag, dates};
use crate::error::{Error, Result};
use crate::io::status_md;
use crate::ops::{self, Context};
use crate::store::Db;

fn letter(r: Rag, overridden: bool) -> String {
    let l = match r {
        Rag::Green => "G",
        Rag::Amber => "A",
        Rag::Red => "R",
    };
    if overridden {
        format!("{l}*")
    } else {
        l.to_string()
    }
}

pub fn run(db: &Db, command: &StatusCommand, ctx: &Context, out: &mut Out) -> Result<()> {
    match command {
        StatusCommand::Export {
            week,
            as_of,
            format,
            out: file,
        } => {
            let week = match week {
                Some(w) => IsoWeek::parse("week", w)?,
                None => IsoWeek::of(ctx.today),
            };
            let as_of = as_of
                .as_deref()
                .map(|d| dates::parse_date_relative("as_of", d, ctx.today))
                .transpose()?;
            let markdown = match format.trim().to_ascii_lowercase().as_str() {
                "json" => false,
                "markdown" | "md" => true,
                _ => return Err(Error::invalid("format", format, "must be json or markdown")),
            };
            let status = ops::weekly_status(db, week, ctx.today, as_of)?;
            let text = if markdown {
                status_md::to_markdown(&status)
            } else {
                crate::io::status_json(&status)?
            };
            match file {
                Some(f) => {
                    crate::io::write_atomic(f, &text)?;
                    out.line(format!("wrote the {week} status to {}", f.display()));
                }
                None => out.push(&text),
            }
        }
        StatusCommand::History { weeks, json } => {
            let last = IsoWeek::of(ctx.today);
            let count = (*weeks).clamp(1, 520);
            let history = ops::rag_history(db, last, count, ctx.today)?;
            let list: Vec<IsoWeek> = history.program.iter().map(|w| w.week).collect();
            if *json {
                out.json(&history);
                return Ok(());
            }
            let labels: Vec<String> = list.iter().map(|w| format!("W{:02}", w.week)).collect();
            let headers: Vec<&str> = std::iter::once("SCOPE")
                .chain(labels.iter().map(String::as_str))
                .collect();
            let mut t = Table::new(&headers);
            let row = |name: &str, weeks: &[ops::WeekRag]| -> Vec<String> {
                std::iter::once(name.to_string())
                    .chain(weeks.iter().map(|w| letter(w.rag, w.rag != w.computed_rag)))
                    .collect()
            };
            t.row(row("PROGRAM", &history.program));
            for h in &history.workstreams {
                t.row(row(&h.key, &h.weeks));
            }
            t.render(out);
            out.line(format!(
                "{} to {}; * = set by the program manager (differs from the computed RAG)",
                list[0], last
            ));
        }
    }
    Ok(())
}
