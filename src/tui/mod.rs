//! The workbench: a full-screen terminal UI over the same store and commands as the CLI.
//!
//! The flow: a key press becomes an [`keymap::Action`] through the live keymap; the [`app::App`]
//! applies it (moving, switching tabs, undo/redo through `ops`, or a `:` command line parsed by
//! the CLI's own clap definitions); the screen is redrawn only when something changed. Another
//! process changing the database shows up within a second (`PRAGMA data_version` on a slow
//! tick). The terminal is restored on quit, on Ctrl-C, on a panic, on SIGTERM and SIGHUP, and
//! while suspended with Ctrl-Z (then set up and redrawn again after `fg`).

mod actions;
pub mod app;
pub mod chart;
pub mod config;
pub mod data;
pub mod filter;
pub mod form;
pub mod keymap;
pub mod pager;
pub mod theme;
pub mod view;

use crate::error::{Error, Result};
use crate::ops::Context;
use crate::store::Store;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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
    let mut terminal = ratatui::try_init().map_err(|e| Error::io("starting the terminal", e))?;
    let _restore = Restore;
    let mut form = form::Form::new_program(&ctx.today.to_string());
    loop {
        terminal
            .draw(|frame| {
                let area = frame.area();
                frame.render_widget(
                    ratatui::widgets::Paragraph::new(format!(
                        " milepost: no program yet at {}. Name it to start (Esc leaves).",
                        path.display()
                    )),
                    area,
                );
                view::draw_form(frame, &form, &theme, area);
            })
            .map_err(|e| Error::io("drawing", e))?;
        let Event::Key(key) = event::read().map_err(|e| Error::io("reading the terminal", e))?
        else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        match key.code {
            KeyCode::Esc => return Ok(None),
            KeyCode::Tab | KeyCode::Down => form.next(),
            KeyCode::BackTab | KeyCode::Up => form.previous(),
            KeyCode::Backspace => {
                form.fields[form.focus].value.pop();
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => return Ok(None),
            KeyCode::Char(c) => form.fields[form.focus].value.push(c),
            KeyCode::Enter => match form.command_line() {
                Err((field, e)) => form.error = Some((Some(field), e)),
                Ok(line) => match crate::cli::init_from_line(path, &line) {
                    Ok(store) => return Ok(Some(store)),
                    Err(e) => form.error = Some((form.field_of_error(&e), e)),
                },
            },
            _ => {}
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

/// Open the workbench on a store until the user quits; `mouse` turns on clicks and scrolling.
pub fn run(store: Store, ctx: Context, mouse: bool) -> Result<()> {
    let mut app = app::App::new_empty(store, ctx)?;
    let config = config::load(config::default_path().as_deref());
    app.keymap = config.keymap;
    let mouse = mouse && config.mouse;
    if let Some(first) = config.problems.first() {
        app.message = Some(app::Message::Error(format!(
            "config: {first} (milepost config check lists all)"
        )));
    }
    app.load_in_background();
    let theme = theme::Theme::from_env();
    // SIGTERM and SIGHUP end the loop, so the guard below restores the terminal.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| Error::io("handling signals", e))?;
    }
    let mut terminal = start_terminal(mouse)?;
    let _restore = Restore;
    let mut dirty = true;
    // Poll often enough to show loaded tables and notice a signal quickly; look at the
    // database once a second.
    let mut idle = 0u32;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal
                .draw(|frame| view::draw(frame, &mut app, &theme))
                .map_err(|e| Error::io("drawing", e))?;
            dirty = false;
        }
        if app.poll_loaded() {
            dirty = true;
            continue;
        }
        if event::poll(Duration::from_millis(50))
            .map_err(|e| Error::io("reading the terminal", e))?
        {
            idle = 0;
            match event::read().map_err(|e| Error::io("reading the terminal", e))? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    if key.code == KeyCode::Char('z')
                        && key.modifiers.contains(KeyModifiers::CONTROL)
                    {
                        suspend(&mut terminal, mouse)?;
                        dirty = true;
                    } else {
                        dirty = app.handle_key(key);
                    }
                }
                Event::Mouse(m) => dirty = app.handle_mouse(m),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        } else {
            idle += 1;
            if idle % 20 == 0 {
                dirty |= app.tick();
            }
        }
    }
    Ok(())
}
