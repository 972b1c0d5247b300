//! The workbench: a full-screen terminal UI over the same store and commands as the CLI.
//!
//! The flow: a key press becomes an [`keymap::Action`] through the live keymap; the [`app::App`]
//! applies it (moving, switching tabs, undo/redo through `ops`, or a `:` command line parsed by
//! the CLI's own clap definitions); the screen is redrawn only when something changed. Another
//! process changing the database shows up within a second (`PRAGMA data_version` on a slow
//! tick). The terminal is restored on quit, on Ctrl-C and on a panic.

pub mod app;
pub mod data;
pub mod form;
pub mod keymap;
pub mod theme;
pub mod view;

use crate::error::{Error, Result};
use crate::ops::Context;
use crate::store::Store;
use crossterm::event::{self, Event, KeyEventKind};
use std::time::Duration;

/// Restores the terminal when dropped, whatever way the loop ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Open the workbench on a store until the user quits.
pub fn run(store: Store, ctx: Context) -> Result<()> {
    let mut app = app::App::new(store, ctx)?;
    let theme = theme::Theme::from_env();
    let mut terminal = ratatui::try_init().map_err(|e| Error::io("starting the terminal", e))?;
    let _restore = Restore;
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal
                .draw(|frame| view::draw(frame, &mut app, &theme))
                .map_err(|e| Error::io("drawing", e))?;
            dirty = false;
        }
        if event::poll(Duration::from_secs(1)).map_err(|e| Error::io("reading the terminal", e))? {
            match event::read().map_err(|e| Error::io("reading the terminal", e))? {
                Event::Key(key) if key.kind == KeyEventKind::Press => dirty = app.handle_key(key),
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        } else {
            dirty = app.tick();
        }
    }
    Ok(())
}
