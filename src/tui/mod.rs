//! The workbench: a full-screen terminal UI over the same store and commands as the CLI.
//!
//! The flow: a key press becomes an [`keymap::Action`] through the live keymap; the [`app::App`]
//! applies it (moving, switching tabs, undo/redo through `ops`, or a `:` command line parsed by
//! the CLI's own clap definitions); the screen is redrawn only when something changed. Another
//! process changing the database shows up within a second (`PRAGMA data_version` on a slow
//! tick). The terminal is restored on quit, on Ctrl-C, on a panic, on SIGTERM and SIGHUP, and
//! while suspended with Ctrl-Z (then set up and redrawn again after `fg`).

pub mod app;
pub mod config;
mod details;
pub mod event;
pub mod filter;
pub mod keymap;
pub mod overlays;
pub mod pager;
pub mod tabs;
pub mod theme;
mod update;
pub mod view;
pub mod widgets;

use crate::error::{Error, Result};
use crate::ops::Context;
use crate::store::Store;
use crossterm::event::{Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
use event::{Event, Events};

/// Restores the terminal when dropped, whatever way the loop ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        ratatui::restore();
    }
}

/// Raw mode and the alternate screen, plus mouse reports when wanted.
fn start_terminal(mouse: bool) -> Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init().map_err(|e| Error::io("starting the terminal", e))?;
    if mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)
            .map_err(|e| Error::io("starting the terminal", e))?;
    }
    Ok(terminal)
}

/// First run, no database yet: a form for the new program's name, currency and start date.
/// Enter creates the database (the CLI's `init`, same checks) and returns it; Esc leaves with
/// nothing created.
pub fn first_run(path: &std::path::Path, ctx: Context) -> Result<Option<Store>> {
    let theme = theme::Theme::from_env();
    let events = Events::get().map_err(|e| Error::io("handling signals", e))?;
    let mut terminal = ratatui::try_init().map_err(|e| Error::io("starting the terminal", e))?;
    let restore = Restore;
    let keymap = config::load(config::default_path().as_deref()).keymap;
    let mut form = tabs::milestones::new_program_form(ctx.today);
    loop {
        terminal
            .draw(|frame| {
                let area = frame.area();
                frame.render_widget(
                    ratatui::widgets::Paragraph::new(format!(
                        " milepost: no program yet at {}. Name it to start.",
                        path.display()
                    )),
                    area,
                );
                let context = if form.discarding {
                    keymap::KeyContext::Confirm
                } else {
                    keymap::KeyContext::Form
                };
                let hints: Vec<String> = keymap
                    .hints(context, |_| true)
                    .into_iter()
                    .map(|(k, d)| format!("{k} {d}"))
                    .collect();
                if area.height > 1 {
                    frame.render_widget(
                        ratatui::widgets::Paragraph::new(format!(" {}", hints.join("  "))),
                        ratatui::layout::Rect {
                            y: area.bottom() - 1,
                            height: 1,
                            ..area
                        },
                    );
                }
                overlays::form::draw(frame, &form, &theme, area);
                view::neutralise(frame.buffer_mut());
            })
            .map_err(|e| Error::io("drawing", e))?;
        let key = match events.next() {
            Event::Term(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => key,
            // Nothing is created yet, so there is nothing to close: restore and go.
            Event::Signal(signal) => {
                drop(restore);
                std::process::exit(128 + signal);
            }
            Event::TerminalGone => {
                drop(restore);
                std::process::exit(HANGUP_STATUS);
            }
            _ => continue,
        };
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Ok(None);
        }
        let context = if form.discarding {
            keymap::KeyContext::Confirm
        } else {
            keymap::KeyContext::Form
        };
        match keymap.action_in(context, &key) {
            Some(keymap::Action::Yes) if form.discarding => return Ok(None),
            Some(keymap::Action::No) if form.discarding => form.discarding = false,
            Some(keymap::Action::Back) if form.changed() => form.discarding = true,
            Some(keymap::Action::Back) => return Ok(None),
            Some(keymap::Action::Down) => form.next(),
            Some(keymap::Action::Up) => form.previous(),
            Some(keymap::Action::Submit) => match form.missing() {
                Some((i, e)) => {
                    form.focus_on(i);
                    form.error = Some((Some(i), e));
                }
                None => {
                    let made = tabs::milestones::new_program(&form, ctx.today)
                        .and_then(|p| crate::ops::create_program(path, p));
                    match made {
                        Ok(store) => return Ok(Some(store)),
                        Err(e) => form.show_error(&e),
                    }
                }
            },
            Some(_) => {}
            None if !form.discarding => {
                let i = form.focus;
                if form.fields[i].input.handle(&key) {
                    form.error = None;
                }
            }
            None => {}
        }
    }
}

/// Ctrl-Z: give the terminal back, stop like any job, and take it again after `fg`.
fn suspend(terminal: &mut ratatui::DefaultTerminal, mouse: bool) -> Result<()> {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)
        .map_err(|e| Error::io("suspending", e))?;
    // Continued: raw mode and the alternate screen again, and a full redraw.
    *terminal = start_terminal(mouse)?;
    terminal
        .clear()
        .map_err(|e| Error::io("resuming the terminal", e))?;
    Ok(())
}

/// Print an error as the CLI does (`error: ...` lines) and give its exit status.
fn fail(e: &Error) -> i32 {
    e.report()
}

/// The binary's way in: the workbench on an open store until it ends; the exit status.
pub fn main(store: Store, ctx: Context, mouse: bool) -> i32 {
    match run(store, ctx, mouse) {
        Ok(ended) => ended.unwrap_or(0),
        Err(e) => fail(&e),
    }
}

/// The binary's way in on a first run: the new-program form, then the workbench.
pub fn main_first_run(path: &std::path::Path, ctx: Context, mouse: bool) -> i32 {
    match first_run(path, ctx) {
        Ok(Some(store)) => main(store, ctx, mouse),
        Ok(None) => 0,
        Err(e) => fail(&e),
    }
}

/// `milepost config check`: every problem of the config file, as `file:line: problem`.
pub fn check_config() -> i32 {
    let Some(path) = config::default_path() else {
        return fail(&Error::Database(
            "no config directory; set MILEPOST_CONFIG".into(),
        ));
    };
    let config = config::load(Some(&path));
    if !config.problems.is_empty() {
        return fail(&Error::Invalid(config.problems));
    }
    if path.exists() {
        let line = format!("{}: ok, {} key bindings", path.display(), config.bindings);
        println!("{}", crate::domain::text::terminal_safe(&line));
    } else {
        let line = format!("{}: no file; the built-in keys apply", path.display());
        println!("{}", crate::domain::text::terminal_safe(&line));
    }
    0
}

/// The exit status when the terminal goes away without a signal: as if hung up (128 + SIGHUP).
const HANGUP_STATUS: i32 = 128 + 1;

/// Open the workbench on a store until the user quits; `mouse` turns on clicks and scrolling.
/// Returns the exit status the process should end with when a signal (128 + its number) or a
/// lost terminal ended the workbench, after the terminal is restored and the store closed.
pub fn run(store: Store, ctx: Context, mouse: bool) -> Result<Option<i32>> {
    let mut app = app::App::new_empty(store, ctx)?;
    let config = config::load(config::default_path().as_deref());
    app.keymap = config.keymap;
    app.export_dir = config.export_dir;
    let mouse = mouse && config.mouse;
    if let Some(first) = config.problems.first() {
        app.message = Some(app::Message::Error(format!(
            "config: {first} (milepost config check lists all)"
        )));
    }
    let events = Events::get().map_err(|e| Error::io("handling signals", e))?;
    app.load_in_background_waking(events.waker());
    let theme = theme::Theme::from_env();
    let mut terminal = start_terminal(mouse)?;
    let _restore = Restore;
    let mut dirty = true;
    let mut ended = None;
    while !app.quit {
        if dirty {
            terminal
                .draw(|frame| {
                    view::draw(frame, &mut app, &theme);
                    view::neutralise(frame.buffer_mut());
                })
                .map_err(|e| Error::io("drawing", e))?;
            dirty = false;
        }
        match events.next() {
            Event::Term(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => {
                if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    suspend(&mut terminal, mouse)?;
                    dirty = true;
                } else {
                    dirty = app.handle_key(key);
                }
            }
            Event::Term(TermEvent::Mouse(m)) => dirty = app.handle_mouse(m),
            Event::Term(TermEvent::Resize(..)) => dirty = true,
            Event::Term(_) => {}
            Event::Loaded => dirty |= app.poll_loaded(),
            Event::Tick => dirty |= app.tick(),
            Event::Signal(signal) => {
                ended = Some(128 + signal);
                break;
            }
            Event::TerminalGone => {
                ended = Some(HANGUP_STATUS);
                break;
            }
        }
    }
    Ok(ended)
}
