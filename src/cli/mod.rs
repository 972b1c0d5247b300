//! The command line: clap definitions ([`args`]), dispatch ([`run`]) and printing.

pub mod args;
mod import;
pub(crate) mod lists;
mod output;
mod parse;
mod report;
mod schedule;
mod status;

use crate::domain::{CalendarSpec, Program, Workdays, dates, text};
use crate::error::{Error, Result};
use crate::io::{demo, generate, program_json};
use crate::ops::{self, Context};
use crate::store::Store;
use args::{Cli, Command};
use clap::CommandFactory;
use output::Out;
use std::path::PathBuf;

/// The clock: `MILEPOST_TODAY` (YYYY-MM-DD) when set stops it on that day, for reproducible
/// runs and what-if views; else the local date and time.
pub fn clock() -> Result<Context> {
    match std::env::var("MILEPOST_TODAY") {
        Ok(s) if !s.is_empty() => Ok(Context::on(dates::parse_date("MILEPOST_TODAY", &s)?)),
        _ => {
            let now = chrono::Local::now().naive_local();
            Ok(Context {
                today: now.date(),
                now,
            })
        }
    }
}

fn data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "milepost")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Database("no home directory to keep the database in; use --db PATH".into())
        })
}

fn default_db(cli_db: &Option<PathBuf>) -> Result<PathBuf> {
    match cli_db {
        Some(p) => Ok(p.clone()),
        None => Ok(data_dir()?.join("milepost.db")),
    }
}

/// What the binary does once the command line is handled: exit, or hand over to the
/// workbench (which `main` owns; the CLI knows nothing of terminals beyond asking whether
/// stdout is one).
pub enum Next {
    /// Exit with this status.
    Exit(i32),
    /// Open the workbench on this store.
    Workbench {
        store: Store,
        ctx: Context,
        mouse: bool,
    },
    /// No database at `path` yet, on a terminal: ask for the program first, then open it.
    FirstRun {
        path: PathBuf,
        ctx: Context,
        mouse: bool,
    },
    /// `config check`: the workbench's config file, checked by the workbench's parser.
    ConfigCheck,
}

/// Run the CLI; returns the exit status, or what to open next.
pub fn main() -> Next {
    let cli = match <Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e) => return Next::Exit(clap_error(&e)),
    };
    let mut out = Out::default();
    let result = run(cli, &mut out);
    let flushed = out.flush();
    Next::Exit(match result {
        Ok(Some(next)) => return next,
        Ok(None) => match flushed {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: writing output: {e}");
                1
            }
        },
        Err(e) => e.report(),
    })
}

/// Print clap's message (usage errors, `--help`, `--version`) with the value the user typed
/// shown escaped, never raw; gives clap's exit status (2 for usage errors).
fn clap_error(e: &clap::Error) -> i32 {
    use std::io::Write;
    let text = e.render().to_string();
    let text = text::terminal_safe(&text);
    let _ = if e.use_stderr() {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    };
    e.exit_code()
}

/// Completions for the last word of a command line: subcommands, then `--flags` of the
/// command so far, then `keys` (task and item keys the caller knows). Sorted, no duplicates.
pub fn complete(line: &str, keys: &[String]) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(char::is_whitespace) || line.is_empty() {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let done = if partial.is_empty() {
        &words[..]
    } else {
        &words[..words.len() - 1]
    };
    let mut command = Cli::command();
    for w in done {
        match command.find_subcommand(w) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
    }
    let mut out: Vec<String> = if partial.starts_with('-') {
        command
            .get_arguments()
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .filter(|f| f.starts_with(partial))
            .collect()
    } else if command.has_subcommands() {
        command
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .filter(|n| n.starts_with(partial) && n != "help")
            .collect()
    } else {
        keys.iter()
            .filter(|k| k.starts_with(partial) && !partial.is_empty())
            .cloned()
            .collect()
    };
    out.sort();
    out.dedup();
    out
}

/// Quote a word for [`split_words`]: plain when it needs nothing, else in double quotes.
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && !word
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
    {
        word.to_string()
    } else {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Split a command line into words: whitespace separates, single or double quotes group,
/// a backslash escapes the next character.
pub fn split_words(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut words = vec![];
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                word.push(chars.next().unwrap_or('\\'));
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unclosed quote".into());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Parse a command line (without `milepost`) with the CLI's grammar; the error is one line.
fn parse_line(line: &str) -> std::result::Result<Cli, String> {
    let words = split_words(line.trim().trim_start_matches("milepost "))?;
    <Cli as clap::Parser>::try_parse_from(std::iter::once("milepost".to_string()).chain(words))
        .map_err(|e| {
            text::for_display(
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid command")
                    .trim_start_matches("error: "),
            )
        })
}

/// The domain command a CLI line that changes the program stands for (`task set PLT-1
/// --percent 35`): what the workbench's forms must build for the same input.
pub fn command_of_line(line: &str, ctx: &Context) -> std::result::Result<ops::Command, String> {
    let cli = parse_line(line)?;
    let command = cli.command.ok_or("no command")?;
    parse::to_command(command, ctx).map_err(|e| e.to_string())
}

/// Run one line of the workbench's `:` command line on an open store, with the CLI's grammar.
/// Returns what the command printed, or its error as one line.
pub fn run_line(
    store: &mut Store,
    line: &str,
    ctx: &Context,
) -> std::result::Result<String, String> {
    let cli = parse_line(line)?;
    match cli.command {
        None => Err(
            "type a command, like: raid add risk \"Vendor slips\" --probability 4 --impact 5"
                .into(),
        ),
        Some(
            Command::Init { .. }
            | Command::Config(_)
            | Command::Demo { .. }
            | Command::Import { .. }
            | Command::Generate { .. }
            | Command::Completions { .. }
            | Command::Man,
        ) => Err("that command works on files; run it from the shell".into()),
        Some(Command::Spend(args::SpendCommand::Import { file, .. })) => Err(format!(
            "spend import reads a whole file with a progress bar; run it from the shell: milepost --db {} spend import {}",
            store.path().display(),
            file.display()
        )),
        Some(command) => {
            let mut out = Out::plain();
            run_on_store(store, command, ctx, &mut out).map_err(|e| e.lines().join("; "))?;
            Ok(out.text)
        }
    }
}

/// Open the workbench when stdout is a terminal; otherwise say how to see the program.
fn open_workbench(store: Store, ctx: Context, mouse: bool, out: &mut Out) -> Result<Option<Next>> {
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        Ok(Some(Next::Workbench { store, ctx, mouse }))
    } else {
        out.line(format!(
            "milepost: not a terminal, so no workbench; see `milepost --db {} task list` and `milepost --help`",
            store.path().display()
        ));
        Ok(None)
    }
}

/// Dispatch one parsed command line; `Some` hands over to the workbench.
pub fn run(cli: Cli, out: &mut Out) -> Result<Option<Next>> {
    let ctx = clock()?;
    let today = ctx.today;
    let Some(command) = cli.command else {
        let path = default_db(&cli.db)?;
        if !path.exists() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            // First run: offer to create the program instead of failing.
            return Ok(Some(Next::FirstRun {
                path,
                ctx,
                mouse: !cli.no_mouse,
            }));
        }
        let store = Store::open(&path)?;
        return open_workbench(store, ctx, !cli.no_mouse, out);
    };
    match command {
        Command::Generate {
            tasks,
            seed,
            depth,
            out: file,
        } => {
            let doc = generate::generate_with_depth(tasks, seed, usize::from(depth))?;
            let json = program_json::to_json(&doc);
            match file {
                Some(f) => crate::io::write_atomic(&f, &json)?,
                None => out.push(&json),
            }
            Ok(None)
        }
        Command::Config(args::ConfigCommand::Check) => Ok(Some(Next::ConfigCheck)),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "milepost", &mut buf);
            out.push(&String::from_utf8_lossy(&buf));
            Ok(None)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| Error::io("rendering the man page", e))?;
            out.push(&String::from_utf8_lossy(&buf));
            Ok(None)
        }
        Command::Init {
            name,
            currency,
            start,
            workdays,
            holidays,
        } => {
            let path = default_db(&cli.db)?;
            let start = match start {
                Some(s) => ops::input::date("start", &s, today)?,
                None => today,
            };
            let workdays = Workdays::parse("workdays", &workdays)?;
            let holidays = holidays
                .iter()
                .map(|h| dates::parse_date("holiday", h))
                .collect::<Result<Vec<_>>>()?;
            let program = Program {
                name,
                currency,
                start,
                calendar: CalendarSpec {
                    workdays: workdays.names().iter().map(|s| s.to_string()).collect(),
                    holidays,
                },
            };
            let program = ops::create_program(&path, program)?.read().program()?;
            out.line(format!(
                "created program {:?} in {}",
                program.name,
                path.display()
            ));
            Ok(None)
        }
        Command::Demo { no_tui } => {
            let path = match &cli.db {
                Some(p) => p.clone(),
                None => data_dir()?.join("demo.db"),
            };
            if path.exists() {
                let is_demo = cli.db.is_none()
                    || Store::open(&path)
                        .and_then(|s| s.meta("origin"))
                        .ok()
                        .flatten()
                        .as_deref()
                        == Some("demo");
                if !is_demo {
                    return Err(Error::Conflict(format!(
                        "{} already holds a program that is not the demo; demo never overwrites it",
                        path.display()
                    )));
                }
                crate::store::remove_files(&path)?;
            }
            let doc = demo::demo_program(today)?;
            let (store, ()) = Store::create_with(&path, |store| {
                store.bulk(|db| db.insert_doc(&doc, &mut |_| {}))?;
                store.set_meta("origin", "demo")
            })?;
            out.line(format!(
                "demo program {:?} in {}",
                doc.program.name,
                path.display()
            ));
            out.line(format!(
                "{} workstreams, {} tasks, {} RAID items, {} budget lines, {} spend entries, {} change requests, {} decisions",
                doc.workstreams.len(),
                doc.tasks.len(),
                doc.raid.len(),
                doc.budget.len(),
                doc.spend.len(),
                doc.changes.len(),
                doc.decisions.len()
            ));
            if no_tui {
                out.line(format!("try: milepost --db {} task list", path.display()));
                return Ok(None);
            }
            open_workbench(store, ctx, !cli.no_mouse, out)
        }
        Command::Import {
            file,
            replace,
            quiet,
            dry_run,
            format,
            ws,
            maps,
            day_first,
        } => {
            let path = default_db(&cli.db)?;
            let how = import::How {
                replace,
                quiet,
                dry_run,
            };
            match format.as_deref() {
                Some(f @ ("csv-tasks" | "csv-raid")) => import::sheet(
                    &path,
                    &file,
                    f == "csv-raid",
                    &import::SheetOptions {
                        ws,
                        maps,
                        day_first,
                    },
                    how,
                    &ctx,
                    out,
                ),
                f => {
                    if ws.is_some() || !maps.is_empty() || day_first {
                        return Err(Error::invalid(
                            "format",
                            f.unwrap_or("json"),
                            "--ws, --map and --day-first are for CSV imports (--format csv-tasks or csv-raid)",
                        ));
                    }
                    import::program(&path, &file, f, how, out)
                }
            }
            .map(|()| None)
        }
        other => {
            let path = default_db(&cli.db)?;
            let mut store = Store::open(&path)?;
            run_on_store(&mut store, other, &ctx, out)?;
            Ok(None)
        }
    }
}

fn run_on_store(store: &mut Store, command: Command, ctx: &Context, out: &mut Out) -> Result<()> {
    if lists::try_list(store, &command, ctx, out)? {
        return Ok(());
    }
    match command {
        Command::Schedule {
            as_of,
            critical,
            json,
        } => schedule::run(store, as_of.as_deref(), critical, json, ctx, out),
        Command::Report(report) => report::run(store, &report, ctx, out),
        Command::Status(command) => status::run(&store.read(), &command, ctx, out),
        Command::Spend(args::SpendCommand::Import {
            file,
            quiet,
            dry_run,
        }) => import::spend(store, &file, quiet, dry_run, ctx, out),
        Command::Export { out: file, format } if format == "ical" || format == "msp" => {
            let db = store.read();
            let tasks = db.tasks(None)?;
            let cal = ops::calendar(&db)?;
            let baseline = db.latest_baseline()?;
            let forecast =
                crate::engine::forecast::forecast(&tasks, &cal, ctx.today, baseline.as_ref())?;
            let text = if format == "ical" {
                crate::io::ical::calendar(&db.program()?.name, &tasks, &forecast)
            } else {
                crate::io::mspdi::write(&db.load_doc()?, &forecast)
            };
            match (file, format.as_str()) {
                (Some(f), _) => crate::io::write_atomic(&f, &text)?,
                (None, "ical") => out.push_file(&text),
                (None, _) => out.push(&text),
            }
            Ok(())
        }
        Command::Export { out: file, .. } => {
            let json = program_json::to_json(&store.read().load_doc()?);
            match file {
                Some(f) => crate::io::write_atomic(&f, &json)?,
                None => out.push(&json),
            }
            Ok(())
        }
        Command::Undo => {
            match ops::undo(store)? {
                Some(s) => out.line(format!("undid: {s}")),
                None => out.line("nothing to undo"),
            }
            Ok(())
        }
        Command::Redo => {
            match ops::redo(store)? {
                Some(s) => out.line(format!("redid: {s}")),
                None => out.line("nothing to redo"),
            }
            Ok(())
        }
        Command::Backup { file } => {
            store.backup_to(&file)?;
            out.line(format!("backed up to {}", file.display()));
            Ok(())
        }
        Command::Check => {
            let problems = store.check()?;
            if problems.is_empty() {
                out.line("ok");
                Ok(())
            } else {
                Err(Error::Database(problems.join("; ")))
            }
        }
        other => {
            let command = parse::to_command(other, ctx)?;
            let outcome = ops::execute(store, command, ctx)?;
            match outcome.key {
                Some(key) => out.line(key),
                None => out.line(outcome.message),
            }
            Ok(())
        }
    }
}
