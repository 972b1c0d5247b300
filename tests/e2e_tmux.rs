//! The real binary in a real terminal: tmux runs the workbench, keys go in with send-keys, and
//! the screen comes back with capture-pane. Skipped (with a note) where tmux is not installed;
//! `.ci/run` installs it.

mod terminal;

use std::process::Command;
use terminal::{Tmux, milepost};

#[test]
fn demo_tabs_add_a_risk_through_the_form_quit_and_find_it() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = terminal::demo(dir.path(), Some("2026-11-22"));
    let command = format!(
        "MILEPOST_TODAY=2026-11-22 {} --db {}; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("e2e", 120, 40, &command);
    tmux.wait_for("Architecture and design");
    for (key, marker) in [
        ("2", "Payment provider certification"),
        ("3", "PROGRAM"),
        ("4", "last 8 weeks"),
        ("5", "Two trial migrations"),
        ("1", "UX research"),
    ] {
        tmux.keys(&[key]);
        tmux.wait_for(marker);
    }
    // Add a risk through the form: a, then r for risk; Tab moves between fields.
    tmux.keys(&["2", "a"]);
    tmux.wait_for("assumption");
    tmux.keys(&["r"]);
    tmux.wait_for("Add a risk");
    tmux.cmd(&["send-keys", "-t", "e2e", "-l", "Supplier insolvency"]);
    // Probability, impact, then past owner, due, mitigation and linked tasks to the workstream.
    tmux.keys(&[
        "Tab", "3", "Tab", "5", "Tab", "Tab", "Tab", "Tab", "Tab", "P", "L", "T", "Enter",
    ]);
    tmux.wait_for("added risk R-11");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("MILEPOST-EXITED");
    assert!(
        !screen.contains("Tab next tab"),
        "the alternate screen is gone after quitting:\n{screen}"
    );
    let list = Command::new(milepost())
        .arg("--db")
        .arg(&db)
        .args(["raid", "list", "--json"])
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let added = items
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "R-11")
        .expect("R-11 in the database");
    assert_eq!(
        (added["title"].as_str(), added["score"].as_i64()),
        (Some("Supplier insolvency"), Some(15))
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = terminal::demo(dir.path(), None);
    // After milepost ends, the pane prints the terminal's line discipline and echo settings.
    let command = format!(
        "{} --db {}; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon\\|-\\?echo'; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("term", 100, 30, &command);
    tmux.wait_for("Architecture and design");
    let pattern = format!("^{} --db {}", milepost().display(), db.display());
    let killed = Command::new("pkill")
        .args(["-TERM", "-f", &pattern])
        .status()
        .unwrap();
    assert!(killed.success(), "milepost was running");
    let screen = tmux.wait_for("MILEPOST-EXITED");
    let modes: Vec<&str> = screen
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with("icanon") || l.ends_with("echo"))
        .collect();
    assert_eq!(
        modes,
        ["icanon", "echo"],
        "canonical mode and echo are back on:\n{screen}"
    );
    assert!(
        !screen.contains("q quit"),
        "the alternate screen is gone:\n{screen}"
    );
}

#[test]
fn first_run_creates_the_program_from_a_form() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let command = format!(
        "MILEPOST_TODAY=2026-11-22 {} --db {}; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("first", 100, 30, &command);
    tmux.wait_for("New program");
    tmux.cmd(&["send-keys", "-t", "e2e", "-l", "Apollo"]);
    tmux.keys(&["Tab", "BSpace", "BSpace", "BSpace", "e", "u", "Enter"]);
    tmux.wait_for("currency \"eu\"");
    assert!(!db.exists(), "a refused form creates nothing");
    tmux.keys(&["BSpace", "BSpace"]);
    tmux.cmd(&["send-keys", "-t", "e2e", "-l", "EUR"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("milepost Apollo");
    tmux.keys(&["q"]);
    tmux.wait_for("MILEPOST-EXITED");
    let export = Command::new(milepost())
        .arg("--db")
        .arg(&db)
        .arg("export")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(doc["program"]["name"], "Apollo");
    assert_eq!(doc["program"]["currency"], "EUR");
    assert_eq!(doc["program"]["start"], "2026-11-22");
}
