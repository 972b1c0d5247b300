//! Workbench speed on `generate --tasks 100000`, headless on a 120x40 `TestBackend`: time to
//! the first frame and to the first frame with data, then key press to frame (handle the key and
//! draw) while scrolling and switching tabs, as medians and 99th percentiles.
//!
//! Run with `cargo bench --bench tui`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use milepost::io::generate;
use milepost::ops::Context;
use milepost::store::Store;
use milepost::tui::app::App;
use milepost::tui::theme::Theme;
use milepost::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let doc = generate::generate(100_000, 1).expect("generate");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let mut store = Store::create(&path).expect("create");
    store
        .bulk(|d| d.insert_doc(&doc, &mut |_| {}))
        .expect("import");
    drop(store);
    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let ctx = Context {
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"),
    };

    let start = Instant::now();
    let store = Store::open(&path).expect("open");
    let mut app = App::new_empty(store, ctx).expect("app");
    app.load_in_background();
    terminal
        .draw(|f| view::draw(f, &mut app, &theme))
        .expect("draw");
    let first_frame = start.elapsed();
    while !app.poll_loaded() {
        std::thread::sleep(Duration::from_millis(1));
    }
    terminal
        .draw(|f| view::draw(f, &mut app, &theme))
        .expect("draw");
    let first_data = start.elapsed();
    println!(
        "open to first frame: {first_frame:.1?}; to the first frame with the 100,000 tasks: {first_data:.0?}"
    );

    let mut step = |app: &mut App, code: KeyCode| -> Duration {
        let t = Instant::now();
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        app.poll_loaded();
        terminal.draw(|f| view::draw(f, app, &theme)).expect("draw");
        t.elapsed()
    };
    let scrolling: Vec<Duration> = (0..2000)
        .map(|i| {
            step(
                &mut app,
                if i % 10 == 9 {
                    KeyCode::PageDown
                } else {
                    KeyCode::Char('j')
                },
            )
        })
        .collect();
    println!(
        "scrolling (j and PgDn), 2000 keys: median {:.2?}, p99 {:.2?}",
        percentile(scrolling.clone(), 0.5),
        percentile(scrolling, 0.99)
    );
    // Visit every tab once so that each has loaded, then time switching between them.
    for tab in ['2', '3', '4', '5', '1'] {
        step(&mut app, KeyCode::Char(tab));
        while app.loading() {
            app.poll_loaded();
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let switching: Vec<Duration> = (0..500).map(|_| step(&mut app, KeyCode::Tab)).collect();
    println!(
        "switching tabs, 500 keys: median {:.2?}, p99 {:.2?}",
        percentile(switching.clone(), 0.5),
        percentile(switching, 0.99)
    );
}
