//! `import` and `spend import`: program files (milepost JSON, MS Project XML) into a new or
//! empty database, spreadsheets (CSV) of tasks, RAID items and spend into the program.

use super::output::Out;
use crate::domain::{CalendarSpec, Program, text};
use crate::error::{Error, Result};
use crate::io::{program_json, sheet};
use crate::ops::{self, Context};
use crate::store::{self, Store};
use std::path::Path;

/// How an import runs.
#[derive(Clone, Copy)]
pub(super) struct How {
    pub replace: bool,
    pub quiet: bool,
    pub dry_run: bool,
}

/// What a CSV import of tasks or RAID items reads beyond the file.
pub(super) struct SheetOptions {
    pub ws: Option<String>,
    pub maps: Vec<String>,
    pub day_first: bool,
}

/// A progress bar on stderr for a large file on a terminal; `None` when piped, quiet or small.
fn progress_bar(rows: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    let show = !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()) && rows > 20_000;
    show.then(|| {
        let bar = indicatif::ProgressBar::new(rows);
        bar.set_style(
            indicatif::ProgressStyle::with_template("importing {bar:40} {pos}/{len} rows ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

pub(super) fn spend(
    store: &mut Store,
    file: &Path,
    quiet: bool,
    dry_run: bool,
    ctx: &Context,
    out: &mut Out,
) -> Result<()> {
    let bytes =
        std::fs::read(file).map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    let bar = progress_bar(lines, quiet);
    let rows = crate::io::spend_csv::parse(&bytes, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    });
    if let Some(b) = &bar {
        b.set_message("writing");
    }
    let result = rows.and_then(|rows| {
        let command = ops::Command::ImportSpend {
            file: file.display().to_string(),
            rows,
        };
        if dry_run {
            ops::rehearse(store, command, ctx)
        } else {
            ops::execute(store, command, ctx)
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let message = result?.message;
    if dry_run {
        out.line(format!("dry run, nothing written: {message}"));
    } else {
        out.line(message);
    }
    Ok(())
}

pub(super) fn program(
    path: &Path,
    file: &Path,
    format: Option<&str>,
    how: How,
    out: &mut Out,
) -> Result<()> {
    let How {
        replace,
        quiet,
        dry_run,
    } = how;
    let text = crate::io::read_text(file)?;
    if format.is_none()
        && file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return Err(Error::invalid(
            "file",
            file.display(),
            "is a CSV file, of tasks or of RAID items: give --format csv-tasks or --format csv-raid",
        ));
    }
    let msp = match format {
        Some(f) => f == "msp",
        None => file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml")),
    };
    let (doc, report) = if msp {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let (doc, report) = crate::io::mspdi::read(&text, &name)?;
        // Through the program file's own checks, so that an MS Project plan meets every rule
        // a milepost file does.
        (
            program_json::from_json(&program_json::to_json(&doc))?,
            Some(report),
        )
    } else {
        (program_json::from_json(&text)?, None)
    };
    let print_report = |out: &mut Out| {
        if let Some(r) = &report {
            for line in r.lines() {
                out.line(format!("  {line}"));
            }
        }
    };
    if dry_run {
        // The whole file is checked; say whether it could go in, and write nothing.
        if path.exists() && !Store::open(path)?.read().is_empty()? && !replace {
            return Err(Error::Conflict(format!(
                "{} already holds a program; use --replace to replace it (a backup is kept)",
                path.display()
            )));
        }
        out.line(format!(
            "dry run, nothing written: would import {}",
            contents(&doc)
        ));
        print_report(out);
        return Ok(());
    }
    let rows = (doc.tasks.len() + doc.spend.len() + doc.raid.len() + doc.budget.len()) as u64;
    let bar = progress_bar(rows, quiet);
    let mut progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    let result = if path.exists() {
        let mut store = Store::open(path)?;
        if !store.read().is_empty()? {
            if !replace {
                return Err(Error::Conflict(format!(
                    "{} already holds a program; use --replace to replace it (a backup is kept)",
                    path.display()
                )));
            }
            let backup = store::backup_path(path, "before-import");
            store.backup_to(&backup)?;
            if !quiet {
                let line = format!("backed up the old program to {}", backup.display());
                eprintln!("{}", text::terminal_safe(&line));
            }
        }
        store.bulk(|db| {
            if replace {
                db.clear_program()?;
            }
            db.insert_doc(&doc, &mut progress)
        })
    } else {
        // A new file appears whole or not at all.
        Store::create_with(path, |store| {
            store.bulk(|db| db.insert_doc(&doc, &mut progress))
        })
        .map(|_| ())
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result?;
    out.line(format!("imported {}", contents(&doc)));
    print_report(out);
    Ok(())
}

/// What a program file holds, as `import` reports it.
fn contents(doc: &crate::domain::ProgramDoc) -> String {
    format!(
        "{:?}: {} workstreams, {} tasks, {} RAID items, {} spend entries",
        doc.program.name,
        doc.workstreams.len(),
        doc.tasks.len(),
        doc.raid.len(),
        doc.spend.len()
    )
}

/// `import --format csv-tasks|csv-raid`: a spreadsheet's tasks or RAID items added to the
/// program as one change. A plan imported where there is no program starts one, named after
/// the file and starting on its earliest date.
pub(super) fn sheet(
    path: &Path,
    file: &Path,
    raid: bool,
    options: &SheetOptions,
    how: How,
    ctx: &Context,
    out: &mut Out,
) -> Result<()> {
    let format = if raid { "csv-raid" } else { "csv-tasks" };
    if how.replace {
        return Err(Error::invalid(
            "format",
            format,
            "adds to the program (and undo takes it back); --replace is for json and msp imports",
        ));
    }
    if raid && options.ws.is_some() {
        return Err(Error::invalid(
            "ws",
            options.ws.as_deref().unwrap_or_default(),
            "is for csv-tasks; a register names each item's workstream in its own column",
        ));
    }
    let maps = sheet::parse_maps(&options.maps)?;
    let bytes = crate::io::read_text(file)?.into_bytes();
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    let bar = progress_bar(lines, how.quiet);
    let mut progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    let name = file.display().to_string();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "Imported plan".into());
    let parsed = if raid {
        sheet::raid::parse(&bytes, &maps, options.day_first, &mut progress).map(|s| {
            (
                ops::Command::ImportRaid {
                    file: name.clone(),
                    rows: s.rows,
                    read: ops::SheetRead {
                        columns: s.columns,
                        notes: s.report.lines(),
                        problems: s.problems,
                    },
                },
                None,
            )
        })
    } else {
        sheet::tasks::parse(&bytes, &maps, options.day_first, &mut progress).map(|s| {
            let first = s
                .rows
                .iter()
                .filter_map(|r| r.start)
                .min()
                .or_else(|| s.rows.iter().filter_map(|r| r.finish).min());
            (
                ops::Command::ImportTasks {
                    file: name.clone(),
                    plan: stem.clone(),
                    workstream: options.ws.clone(),
                    rows: s.rows,
                    read: ops::SheetRead {
                        columns: s.columns,
                        notes: s.report.lines(),
                        problems: s.problems,
                    },
                },
                Some(first),
            )
        })
    };
    if let Some(b) = &bar {
        b.set_message("writing");
    }
    let result = parsed.and_then(|(command, first)| {
        let has_program = path.exists() && !Store::open(path)?.read().is_empty()?;
        if has_program {
            let mut store = Store::open(path)?;
            let outcome = if how.dry_run {
                ops::rehearse(&mut store, command, ctx)?
            } else {
                ops::execute(&mut store, command, ctx)?
            };
            return Ok((outcome.message, None));
        }
        let Some(first) = first else {
            return Err(Error::Conflict(format!(
                "{} holds no program to add a register to; create one with `milepost init NAME` (or import a plan) first",
                path.display()
            )));
        };
        if path.exists() {
            return Err(Error::Conflict(format!(
                "{} holds no program; create one with `milepost init NAME` first",
                path.display()
            )));
        }
        let program = Program {
            name: text::single_line("name", &stem)
                .ok()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "Imported plan".into()),
            currency: "USD".into(),
            start: first.unwrap_or(ctx.today),
            calendar: CalendarSpec::default(),
        };
        let started = format!(
            "started program {:?} in {}, from {} (Monday to Friday; `milepost program set` changes it)",
            program.name,
            path.display(),
            program.start
        );
        let outcome = if how.dry_run {
            // Into a scratch file that goes away, so that the rehearsal meets every check.
            let scratch = std::env::temp_dir().join(format!(
                "milepost-dry-run-{}-{}.db",
                std::process::id(),
                ctx.now.and_utc().timestamp_nanos_opt().unwrap_or_default()
            ));
            let result = Store::create_with(&scratch, |store| {
                store.bulk(|db| db.save_program(&program))?;
                ops::rehearse(store, command, ctx)
            });
            for suffix in ["", "-wal", "-shm"] {
                let mut p = scratch.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
            result?.1
        } else {
            Store::create_with(path, |store| {
                store.bulk(|db| db.save_program(&program))?;
                ops::execute(store, command, ctx)
            })?
            .1
        };
        Ok((outcome.message, Some(started)))
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let (message, started) = result?;
    let prefix = if how.dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    if let Some(s) = started {
        out.line(format!("{prefix}{s}"));
    }
    for (i, line) in message.lines().enumerate() {
        if i == 0 {
            out.line(format!("{prefix}{line}"));
        } else {
            out.line(line);
        }
    }
    Ok(())
}
