//! Workbench speed on `generate --tasks 100000`, headless on a 120x40 `TestBackend`.
//!
//! - Opening: time to the first frame, to the first frame with rows, and until the Milestones
//!   forecast is filled in (the workbench as a person runs it, fetching on a background thread).
//! - The Status tab: time until the week's panel and trend are filled, on opening and
//!   stepping back a week.
//! - Key press to frame (handle the key, draw) while scrolling, switching tabs, typing a
//!   filter and working the progress grid, as medians and 99th percentiles. These run with the pager in place, so every
//!   time includes the SQL fetch of any window the key needs: the frame shows the real rows.
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

/// `n` scrolling keys: j, and PgDn every tenth.
fn scroll_keys(n: usize) -> impl Iterator<Item = KeyCode> {
    (0..n).map(|i| {
        if i % 10 == 9 {
            KeyCode::PageDown
        } else {
            KeyCode::Char('j')
        }
    })
}

fn report(what: &str, times: Vec<Duration>) {
    println!(
        "{what}, {} keys: median {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        percentile(times.clone(), 0.5),
        percentile(times.clone(), 0.99),
        percentile(times, 1.0)
    );
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
    let ctx = Context::on(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"));

    // Opening, as the workbench does it: the loader thread fetches.
    let start = Instant::now();
    let store = Store::open(&path).expect("open");
    let mut app = App::new_empty(store, ctx).expect("app");
    app.load_in_background();
    terminal
        .draw(|f| view::draw(f, &mut app, &theme))
        .expect("draw");
    let first_frame = start.elapsed();
    while app.loading() {
        app.poll_loaded();
        std::thread::sleep(Duration::from_micros(200));
    }
    terminal
        .draw(|f| view::draw(f, &mut app, &theme))
        .expect("draw");
    let first_rows = start.elapsed();
    while app.forecasting() || app.table().rows[0][4] == "…" {
        app.poll_loaded();
        std::thread::sleep(Duration::from_millis(1));
    }
    let forecast = start.elapsed();
    println!(
        "open to first frame: {first_frame:.1?}; first frame with rows of the 100,000 tasks: \
         {first_rows:.1?}; with their forecast: {forecast:.0?}"
    );
    // Typing a filter in the workbench: the key's frame comes at once (the filter line), the
    // filtered rows when the loader answers.
    let mut frames = vec![];
    let mut rows = vec![];
    for _ in 0..3 {
        for (n, c) in "/owner:dana late".chars().enumerate() {
            let t = Instant::now();
            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            app.poll_loaded();
            terminal
                .draw(|f| view::draw(f, &mut app, &theme))
                .expect("draw");
            frames.push(t.elapsed());
            if n == 0 {
                continue;
            }
            let typed: String = "owner:dana late".chars().take(n).collect();
            while app.window().is_none_or(|w| w.query.filter != typed) {
                app.poll_loaded();
                std::thread::sleep(Duration::from_micros(100));
            }
            terminal
                .draw(|f| view::draw(f, &mut app, &theme))
                .expect("draw");
            rows.push(t.elapsed());
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    }
    report("workbench: typing a filter, key to frame", frames);
    report("workbench: typing a filter, key to the filtered rows", rows);
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));

    // The Status tab: from the key until the panel is filled (the week's status computed on
    // the loader thread), and until the eight-week trend beside it is; then a week back.
    let until_filled = |app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode| {
        let t = Instant::now();
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let week = app.week();
        let mut panel = None;
        loop {
            app.poll_loaded();
            match app.workspace().filter(|w| w.status.week == week) {
                Some(w) if panel.is_none() => {
                    let trend = w.trend.is_some();
                    terminal.draw(|f| view::draw(f, app, &theme)).expect("draw");
                    panel = Some(t.elapsed());
                    if trend {
                        break;
                    }
                }
                Some(w) if w.trend.is_some() => break,
                _ => std::thread::sleep(Duration::from_micros(200)),
            }
        }
        terminal.draw(|f| view::draw(f, app, &theme)).expect("draw");
        (panel.unwrap_or_default(), t.elapsed())
    };
    let (panel, trend) = until_filled(&mut app, &mut terminal, KeyCode::Char('4'));
    println!("Status tab: open until the panel is drawn {panel:.2?}, with the trend {trend:.2?}");
    let steps: Vec<(Duration, Duration)> = (0..4)
        .map(|_| until_filled(&mut app, &mut terminal, KeyCode::Char('[')))
        .collect();
    println!(
        "Status tab: a week back (4 steps): panel median {:.2?}, with the trend median {:.2?}",
        percentile(steps.iter().map(|s| s.0).collect(), 0.5),
        percentile(steps.iter().map(|s| s.1).collect(), 0.5)
    );
    drop(app);

    // Key to frame, fetching in place.
    let store = Store::open(&path).expect("open");
    let mut app = App::new(store, ctx).expect("app");
    let mut step = |app: &mut App, code: KeyCode| -> Duration {
        let t = Instant::now();
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        terminal.draw(|f| view::draw(f, app, &theme)).expect("draw");
        t.elapsed()
    };
    step(&mut app, KeyCode::Char('j'));
    let scrolling: Vec<Duration> = scroll_keys(3000).map(|k| step(&mut app, k)).collect();
    report("scrolling Milestones (j, and PgDn every tenth)", scrolling);
    let jumps: Vec<Duration> = (0..200)
        .map(|i| {
            step(
                &mut app,
                if i % 2 == 0 {
                    KeyCode::Char('G')
                } else {
                    KeyCode::Char('g')
                },
            )
        })
        .collect();
    report("jumping to the last task and back (G, g)", jumps);
    // Visit every tab once so that each has its window, then time switching between them.
    for tab in ['2', '3', '4', '5', '1'] {
        step(&mut app, KeyCode::Char(tab));
    }
    let switching: Vec<Duration> = (0..500).map(|_| step(&mut app, KeyCode::Tab)).collect();
    report("switching tabs", switching);
    // The Status workspace: 400 workstreams, the program's panel with thousands of reasons.
    step(&mut app, KeyCode::Char('4'));
    let status: Vec<Duration> = (0..600)
        .map(|i| {
            step(
                &mut app,
                match i % 6 {
                    0..=2 => KeyCode::Char('j'),
                    3 => KeyCode::PageDown,
                    _ => KeyCode::Char('k'),
                },
            )
        })
        .collect();
    report("moving in the Status workspace (j, k, PgDn)", status);
    // Typing filters on Milestones: each key runs the count and the window in SQL.
    step(&mut app, KeyCode::Char('1'));
    let mut filtering = vec![];
    for _ in 0..5 {
        step(&mut app, KeyCode::Char('/'));
        for c in "owner:dana late".chars() {
            filtering.push(step(&mut app, KeyCode::Char(c)));
        }
        for _ in 0..5 {
            filtering.push(step(&mut app, KeyCode::Backspace));
        }
        filtering.push(step(&mut app, KeyCode::Esc));
    }
    report("typing a filter on Milestones (owner:dana late)", filtering);
    // The spend view pages through 1,000,000 entries.
    step(&mut app, KeyCode::Char('3'));
    step(&mut app, KeyCode::Char('v'));
    step(&mut app, KeyCode::Char('v'));
    let spend: Vec<Duration> = scroll_keys(1000).map(|k| step(&mut app, k)).collect();
    report("scrolling 1,000,000 spend entries", spend);

    // The progress grid: opening it computes its rows in place; then key to frame while
    // moving, typing a percent and marking dates; a save runs the command and refreshes the
    // rows (forecast included).
    step(&mut app, KeyCode::Char('1'));
    let opened = step(&mut app, KeyCode::Char('p'));
    let shown = match &app.mode {
        milepost::tui::app::Mode::Progress(g) => g.rows.as_ref().map_or(0, Vec::len),
        _ => 0,
    };
    let mut grid = vec![];
    for i in 0..300 {
        let keys: &[KeyCode] = match i % 3 {
            0 => &[KeyCode::Char('j')],
            1 => &[KeyCode::Char('4'), KeyCode::Char('2'), KeyCode::Esc],
            _ => &[
                KeyCode::Char('y'),
                KeyCode::Char('s'),
                KeyCode::Char('k'),
                KeyCode::Esc,
            ],
        };
        for k in keys {
            grid.push(step(&mut app, *k));
        }
    }
    let saves: Vec<Duration> = (0..5)
        .map(|_| {
            step(&mut app, KeyCode::Char('5'));
            step(&mut app, KeyCode::Enter)
        })
        .collect();
    println!("progress grid: open with {shown} tasks {opened:.0?}");
    report("progress grid: key to frame (j, k, digits, y s, Esc)", grid);
    report(
        "progress grid: save a row until its refreshed forecast is drawn",
        saves,
    );
}
