//! What the workbench draws, read back off the screen: every money cell of the Budget tab at
//! 80x24, 120x40 and 200x50 is the exact amount or its column is not there at all; tones
//! follow the program's RAG thresholds; without colour, late, critical, overdue and escalated
//! still show as text marks.

use milepost::tui::app::App;
use milepost::tui::keymap::Action;
use milepost::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use serde_json::Value;
use std::process::Command;
use workbench::{fixture, today};

mod workbench;

fn buffer(app: &mut App, w: u16, h: u16, color: bool) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| milepost::tui::view::draw(f, app, &Theme::new(color)))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn lines(b: &Buffer) -> Vec<String> {
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The cell of each column in a rendered line: columns are found by their header's words; a
/// right-aligned figure ends where its header ends.
fn cells(header: &str, line: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let chars: Vec<char> = line.chars().collect();
    let mut x = 0;
    let h: Vec<char> = header.chars().collect();
    while x < h.len() {
        if h[x] == ' ' {
            x += 1;
            continue;
        }
        let start = x;
        while x < h.len() && h[x] != ' ' {
            x += 1;
        }
        let title: String = h[start..x].iter().collect();
        // The figure: from the header's end back to the blank before it.
        let end = x.min(chars.len());
        let mut from = end;
        while from > 0 && chars[from - 1] != ' ' {
            from -= 1;
        }
        out.push((title, chars[from..end].iter().collect()));
    }
    out
}

fn grouped(json: &Value) -> String {
    let text = json.as_str().unwrap_or("-");
    match milepost::domain::Money::parse_strict("m", text) {
        Ok(m) => m.grouped(),
        Err(_) => "-".into(),
    }
}

#[test]
fn every_money_cell_of_the_budget_tab_is_exact_or_absent() {
    let (dir, _) = fixture();
    let db = dir.path().join("demo.db");
    let today = workbench::today().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .arg("--db")
        .arg(&db)
        .args(["report", "evm", "--json"])
        .env("MILEPOST_TODAY", &today)
        .output()
        .unwrap();
    let evm: Value = serde_json::from_slice(&out.stdout).unwrap();
    let budget: Value = serde_json::from_slice(
        &Command::new(env!("CARGO_BIN_EXE_milepost"))
            .arg("--db")
            .arg(&db)
            .args(["report", "budget", "--json"])
            .env("MILEPOST_TODAY", &today)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // The figures each money column must show, by scope, from the CLI's reports.
    let expected = |scope: &str, column: &str| -> Option<String> {
        let figures = if scope == "PROGRAM" {
            evm["program"].clone()
        } else {
            evm["workstreams"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["workstream"] == scope)?
                .clone()
        };
        let row = if scope == "PROGRAM" {
            budget["total"].clone()
        } else {
            budget["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["group"] == scope)?
                .clone()
        };
        Some(match column {
            "BAC" => grouped(&figures["bac"]),
            "PV" => grouped(&figures["pv"]),
            "EV" => grouped(&figures["ev"]),
            "AC" => grouped(&figures["ac"]),
            "COMMITTED" => grouped(&row["committed"]),
            "CV" => grouped(&figures["cv"]),
            "SV" => grouped(&figures["sv"]),
            "EAC" => grouped(&figures["eac"]),
            "VAC" => grouped(&figures["vac"]),
            _ => return None,
        })
    };
    for (w, h) in [(80u16, 24u16), (120, 40), (200, 50)] {
        let (_dir, mut app) = fixture();
        app.apply(Action::Tab(2));
        let screen = lines(&buffer(&mut app, w, h, false));
        let header = &screen[2];
        assert!(header.starts_with("SCOPE"), "{header}");
        let mut checked = 0;
        for line in &screen[3..] {
            let scope = line.split_whitespace().next().unwrap_or("");
            if !["PLT", "APP", "DATA", "OPS", "CHG", "PROGRAM"].contains(&scope) {
                continue;
            }
            for (column, cell) in cells(header, line) {
                if let Some(want) = expected(scope, &column) {
                    assert_eq!(cell, want, "{column} of {scope} at {w}x{h}:\n{line}");
                    checked += 1;
                }
            }
        }
        // At least BAC and AC for six scopes, more as the screen widens.
        assert!(checked >= 12, "{checked} cells at {w}x{h}");
        // Budget lines and spend entries: the amount is whole.
        for view in 0..2 {
            app.apply(Action::ToggleView);
            let screen = lines(&buffer(&mut app, w, h, false));
            let header = screen[2].clone();
            let rows: Vec<Vec<String>> = app.table().rows.clone();
            let amount = app
                .table()
                .columns
                .iter()
                .position(|c| c.title == "AMOUNT")
                .unwrap();
            let shown_rows = app.hit.rows_shown;
            assert!(shown_rows > 5, "{shown_rows} rows at {w}x{h}");
            for (line, row) in screen[3..3 + shown_rows].iter().zip(&rows) {
                let shown = cells(&header, line);
                let cell = shown.iter().find(|(c, _)| c == "AMOUNT").map(|(_, v)| v);
                assert_eq!(cell, Some(&row[amount]), "view {view} at {w}x{h}:\n{line}");
            }
        }
    }
}

/// The foreground colour of the first cell of the row whose key is `key`.
fn row_fg(b: &Buffer, key: &str) -> Option<Color> {
    (0..b.area.height).find_map(|y| {
        let text: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
        text.starts_with(&format!("{key} ")).then(|| b[(0, y)].fg)
    })
}

#[test]
fn tones_follow_the_programs_thresholds() {
    let (_dir, mut app) = fixture();
    // APP-5 slips 2 working days in the demo: amber at the default (1 or more).
    let slip: i64 = app
        .table()
        .rows
        .iter()
        .find(|r| r[0] == "APP-5")
        .map(|r| r[7].parse().unwrap())
        .unwrap();
    assert!((1..=10).contains(&slip), "{slip}");
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "APP-5"), Some(Color::Yellow));
    // Raising the amber line above its slip takes the tone away.
    app.run_command(&format!("settings set rag.slip_amber {}", slip + 1));
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "APP-5"), Some(Color::Reset));
    // Lowering the red line below it makes it red.
    app.run_command(&format!("settings set rag.slip_red {}", slip - 1));
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "APP-5"), Some(Color::Red));
    // RAID: R-7 scores 12, amber at the default 10; red once the red line is 12.
    app.apply(Action::Tab(1));
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "R-7"), Some(Color::Yellow));
    app.run_command("settings set rag.risk_red 12");
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "R-7"), Some(Color::Red));
    // Budget: a workstream under the CPI amber line is amber; lowering the line clears it.
    app.apply(Action::Tab(2));
    let cpi = |app: &App, scope: &str| -> f64 {
        let t = app.table();
        let c = t.columns.iter().position(|c| c.title == "CPI").unwrap();
        t.rows.iter().find(|r| r[0] == scope).unwrap()[c]
            .parse()
            .unwrap()
    };
    assert!(cpi(&app, "PLT") < 0.95);
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "PLT"), Some(Color::Yellow));
    app.run_command("settings set rag.cpi_amber 0.9");
    let b = buffer(&mut app, 120, 40, true);
    assert_eq!(row_fg(&b, "PLT"), Some(Color::Reset));
    // Every row's tone is the weekly status's own cost verdict for that workstream.
    app.run_command("settings set rag.cpi_red 0.9");
    let b = buffer(&mut app, 120, 40, true);
    let week = milepost::domain::IsoWeek::of(today());
    let status = milepost::ops::weekly_status(&app.store.read(), week, today(), None).unwrap();
    let mut levels = vec![];
    for ws in &status.workstreams {
        let cost = ws
            .reasons
            .iter()
            .filter(|r| r.rule == milepost::engine::rag::Rule::Cost)
            .map(|r| r.level)
            .max();
        let colour = match cost {
            Some(milepost::domain::Rag::Red) => Color::Red,
            Some(_) => Color::Yellow,
            None => Color::Reset,
        };
        assert_eq!(row_fg(&b, &ws.key), Some(colour), "{}: {cost:?}", ws.key);
        levels.push(colour);
    }
    assert!(levels.contains(&Color::Red), "{levels:?}");
}

#[test]
fn without_colour_the_marks_are_text() {
    let (_dir, mut app) = fixture();
    let b = buffer(&mut app, 120, 40, false);
    let text = lines(&b).join("\n");
    assert!(text.contains("*crit"), "critical tasks:\n{text}");
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            let cell = &b[(x, y)];
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "no colour at {x},{y}: {cell:?}"
            );
        }
    }
    app.apply(Action::Tab(1));
    let text = lines(&buffer(&mut app, 120, 40, false)).join("\n");
    let today = workbench::today();
    let overdue = app
        .store
        .read()
        .raid_items(None)
        .unwrap()
        .into_iter()
        .filter(|r| r.is_overdue(today))
        .count();
    assert!(overdue > 0);
    assert_eq!(text.matches(" ! ").count(), overdue, "{text}");
    assert!(text.contains("open ^esc"), "the escalated issue:\n{text}");
}
