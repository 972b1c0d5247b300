//! Helpers for the workbench tests: the demo fixture, keys and a drawn screen.
#![allow(dead_code)]

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use milepost::io::demo;
use milepost::ops::Context;
use milepost::store::Store;
use milepost::tui::app::App;
use milepost::tui::theme::Theme;
use milepost::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The demo program as of a fixed date, in a temporary file.
pub fn fixture() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("demo.db")).unwrap();
    let doc = demo::demo_program(today()).unwrap();
    store.bulk(|db| db.insert_doc(&doc, &mut |_| {})).unwrap();
    let app = App::new(store, Context::on(today())).unwrap();
    (dir, app)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

pub fn draw(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| view::draw(f, app, &Theme::new(false)))
        .unwrap();
    // TestBackend cannot print a zero-width buffer (it chunks rows by width); drawing it is the test.
    if width == 0 {
        return String::new();
    }
    terminal.backend().to_string()
}

/// Press keys in order; text goes in character by character.
pub fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(key(*k));
    }
}

/// Fill the focused field and the next ones (Tab between), then Enter.
pub fn fill(app: &mut App, values: &[&str]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            app.handle_key(key(KeyCode::Tab));
        }
        type_text(app, v);
    }
    app.handle_key(key(KeyCode::Enter));
}

/// A plain character key.
pub fn key_of(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}
