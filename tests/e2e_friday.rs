//! The APM's Friday in the real workbench, in tmux, with fixed key scripts on the demo (Friday
//! 2026-11-27). Every key is counted, typed text included, and each job fails above its
//! budget: three progress updates in the grid (a percent, started yesterday, finished today)
//! in 20; a workstream's note rewritten with an amber override and its reason, one
//! accomplishment removed and one added, in 40 plus the text typed; the status exported in 2
//! (plus one key to confirm replacing). The database is checked through the CLI, and the
//! exported files against `status export` byte for byte.

mod terminal;

use std::path::Path;
use std::process::Command;
use terminal::{Keys, Tmux, cli, find, milepost};

const TODAY: &str = "2026-11-27";
const WEEK: &str = "2026-W48";

fn export(db: &Path, format: &str) -> Vec<u8> {
    let out = Command::new(milepost())
        .arg("--db")
        .arg(db)
        .args(["status", "export", "--week", WEEK, "--as-of", TODAY])
        .args(["--format", format])
        .env("MILEPOST_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

#[test]
fn an_apms_friday_on_the_demo_within_its_key_budgets() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = terminal::demo(dir.path(), Some(TODAY));
    let command = format!(
        "MILEPOST_TODAY={TODAY} {} --db {}; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("friday", 120, 40, &command);
    tmux.wait_for("Architecture and design");
    let mut keys = Keys {
        tmux: &tmux,
        count: 0,
    };

    // Progress: p opens the grid on APP-3. 90 percent; Enter moves on to APP-5, finished
    // today; APP-5 leaves the grid, PLT-8 is selected, three rows down APP-7 started
    // yesterday.
    keys.press(&["p"]);
    tmux.wait_for("Weekly progress, as of 2026-11-27: 7 tasks");
    keys.text("90").press(&["Enter"]);
    tmux.wait_for("updated task APP-3");
    keys.press(&["f", "Enter"]);
    tmux.wait_for("updated task APP-5");
    keys.press(&["j", "j", "j", "y", "s", "Enter"]);
    tmux.wait_for("updated task APP-7");
    keys.press(&["Escape"]);
    let progress = keys.done("three progress updates", "Enter details", 20);

    // The note of PLT: the Status tab, down to PLT's accomplishment, remove it (d, y): PLT
    // stays selected; e: the summary typed over, an amber override with its reason, an
    // accomplishment.
    let summary = "Hardening on track; load tests pass at 2x peak.";
    let reason = "Cost overrun is covered by the change request CR-2.";
    let done = "Load tests passed at twice the expected peak";
    keys.press(&["4"]);
    tmux.wait_for("last 8 weeks");
    keys.press(&["j", "j", "j"]);
    tmux.wait_for("▸ PLT");
    keys.press(&["d"]);
    tmux.wait_for("Remove accomplishment 1 \"Platform weekly goals met\"");
    keys.press(&["y"]);
    tmux.wait_for("saved the 2026-W48 note for PLT");
    tmux.wait_gone("Platform weekly goals met");
    keys.press(&["e"]);
    tmux.wait_for("PLT note, 2026-W48");
    keys.text(summary)
        .press(&["Tab"])
        .text("amber")
        .press(&["Tab"])
        .text(reason)
        .press(&["Tab"])
        .text(done)
        .press(&["Enter"]);
    let typed = summary.len() + "amber".len() + reason.len() + done.len();
    let note = keys.done(
        "the note",
        "RAG amber (computed red, overridden)",
        40 + typed,
    );

    // Export: E writes both files; E again asks before replacing them.
    keys.press(&["E"]);
    let exported = keys.done(
        "export",
        &format!("wrote the {WEEK} status to {}", dir.path().display()),
        2,
    );
    keys.press(&["E"]);
    tmux.wait_for("Replace ");
    keys.press(&["y"]);
    let replaced = keys.done("export again", "wrote the", 3);
    eprintln!(
        "progress {progress}, note {note} ({typed} typed), export {exported}, again {replaced}"
    );
    keys.press(&["q"]);
    tmux.wait_for("MILEPOST-EXITED");

    let tasks = cli(&db, TODAY, &["task", "list", "--json"]);
    assert_eq!(find(&tasks, "APP-3")["percent_complete"], 90);
    assert_eq!(find(&tasks, "APP-5")["actual_finish"], TODAY);
    assert_eq!(find(&tasks, "APP-5")["percent_complete"], 100);
    assert_eq!(find(&tasks, "APP-7")["actual_start"], "2026-11-26");
    let status = cli(
        &db,
        TODAY,
        &["status", "export", "--week", WEEK, "--as-of", TODAY],
    );
    let plt = find(&status["workstreams"], "PLT");
    assert_eq!(plt["rag"], "amber");
    assert_eq!(plt["computed_rag"], "red");
    assert_eq!(plt["override_reason"], reason);
    assert_eq!(plt["summary"], summary);
    assert_eq!(plt["accomplishments"], serde_json::json!([done]));
    // One journaled change a row of the grid and one for each change of the note: undo
    // takes them back one at a time.
    let history = cli(&db, TODAY, &["history", "--json"]);
    let changes: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        [
            "saved the 2026-W48 note for PLT",
            "saved the 2026-W48 note for PLT",
            "updated task APP-7",
            "updated task APP-5",
            "updated task APP-3"
        ]
    );
    for (file, format) in [("json", "json"), ("md", "markdown")] {
        let path = dir.path().join(format!("demo-status-{WEEK}.{file}"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            export(&db, format),
            "{} is what status export writes",
            path.display()
        );
    }
}
