//! An APM's week in the real workbench, in tmux, with fixed key scripts: every key is counted
//! (typed text included) and each job fails above its budget; the database is checked
//! afterwards through the CLI.
//!
//! On the demo (Tuesday 2026-12-01): log a risk with probability, impact, owner, due date,
//! mitigation and a linked task (120 keys); escalate an issue (8); record an invoice (45);
//! correct a task's percent from 13 to 35 (10, once the task is found). Then a program built
//! from nothing: two workstreams, six tasks (one with two predecessors), a baseline, two
//! risks, four budget lines and a spend entry (650).

mod terminal;

use serde_json::Value;
use std::process::Command;
use std::time::Instant;
use terminal::{Keys, Tmux, cli, find, milepost};

#[test]
fn an_apms_week_on_the_demo_within_its_key_budgets() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let today = "2026-12-01";
    let dir = tempfile::tempdir().unwrap();
    let db = terminal::demo(dir.path(), Some(today));
    let command = format!(
        "MILEPOST_TODAY={today} {} --db {}; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("week", 120, 40, &command);
    tmux.wait_for("Architecture and design");
    let mut keys = Keys {
        tmux: &tmux,
        count: 0,
    };

    // A risk: RAID tab, a, r; title, probability, impact, owner, due, mitigation, a task.
    keys.press(&["2", "a", "r"])
        .text("Key supplier exits the market")
        .press(&["Tab"])
        .text("4")
        .press(&["Tab"])
        .text("5")
        .press(&["Tab"])
        .text("Dana Ortiz")
        .press(&["Tab"])
        .text("2026-12-11")
        .press(&["Tab"])
        .text("Qualify a second supplier")
        .press(&["Tab"])
        .text("APP-5")
        .press(&["Enter"]);
    keys.done("risk", "added risk R-11", 120);

    // Escalate I-2: the new risk is selected, the issues follow it.
    keys.press(&["j", "j", "e", "Tab", "Tab", "Tab"])
        .text("y")
        .press(&["Enter"]);
    keys.done("escalate", "updated I-2", 8);

    // An invoice: Budget tab, a, s; the workstream comes from the selected row (PLT).
    keys.press(&["3", "a", "s"])
        .text("Vendors")
        .press(&["Tab"])
        .text("12,500")
        .press(&["Tab"])
        .text("Acme Ltd")
        .press(&["Tab"])
        .text("INV-2041")
        .press(&["Enter"]);
    keys.done("invoice", "added spend", 45);

    // A task's percent from 13 to 35: find it, then edit it.
    keys.press(&["1", "/"]).text("DATA-5").press(&["Enter"]);
    let found = keys.done("find the task", "[/DATA-5]", 10);
    keys.press(&["e", "Tab", "Tab"])
        .text("35")
        .press(&["Enter"]);
    let corrected = keys.done("percent correction", "updated task DATA-5", 10);
    eprintln!(
        "percent correction with finding the task: {} keys",
        found + corrected
    );

    keys.press(&["Escape", "q"]);
    tmux.wait_for("MILEPOST-EXITED");

    let raid = cli(&db, today, &["raid", "list", "--json"]);
    let risk = find(&raid, "R-11");
    assert_eq!(
        (
            &risk["title"],
            &risk["probability"],
            &risk["impact"],
            &risk["owner"],
            &risk["due"],
            &risk["mitigation"],
            &risk["tasks"],
        ),
        (
            &Value::from("Key supplier exits the market"),
            &Value::from(4),
            &Value::from(5),
            &Value::from("Dana Ortiz"),
            &Value::from("2026-12-11"),
            &Value::from("Qualify a second supplier"),
            &serde_json::json!(["APP-5"]),
        )
    );
    assert_eq!(find(&raid, "I-2")["escalated"], true);
    let spend = cli(&db, today, &["spend", "list", "--json"]);
    let invoice = spend
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["reference"] == "INV-2041")
        .expect("the invoice");
    assert_eq!(
        (
            &invoice["date"],
            &invoice["workstream"],
            &invoice["category"],
            &invoice["amount"],
            &invoice["vendor"],
            &invoice["status"]
        ),
        (
            &Value::from(today),
            &Value::from("PLT"),
            &Value::from("Vendors"),
            &Value::from("12500.00"),
            &Value::from("Acme Ltd"),
            &Value::from("invoiced")
        )
    );
    let tasks = cli(&db, today, &["task", "list", "--json"]);
    assert_eq!(find(&tasks, "DATA-5")["percent_complete"], 35);
}

#[test]
fn a_new_program_from_nothing_within_its_key_budget() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let today = "2026-12-01";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("harbor.db");
    let command = format!(
        "MILEPOST_TODAY={today} {} --db {}; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start("new", 120, 40, &command);
    tmux.wait_for("New program");
    let mut keys = Keys {
        tmux: &tmux,
        count: 0,
    };
    let start = Instant::now();
    // The program: name, the currency and start date as offered (today).
    keys.text("Harbor upgrade").press(&["Enter"]);
    tmux.wait_for("No tasks yet");
    // Two workstreams.
    keys.press(&["a", "w"])
        .text("NET")
        .press(&["Tab"])
        .text("Network")
        .press(&["Tab"])
        .text("Ana Ruiz")
        .press(&["Enter"]);
    tmux.wait_for("added workstream NET");
    keys.press(&["a", "w"])
        .text("APP")
        .press(&["Tab"])
        .text("Applications")
        .press(&["Enter"]);
    tmux.wait_for("added workstream APP");
    // Six tasks. The workstream comes from the selected row; where it changes, Shift-Tab
    // goes back to it (the form opens on the title) and typing replaces it.
    let task = |keys: &mut Keys, ws: Option<&str>, title: &str, days: &str, after: &str| {
        keys.press(&["a", "t"]);
        match ws {
            // No row yet: the form opens on the (empty) workstream.
            Some("NET") => {
                keys.text("NET").press(&["Tab"]);
            }
            Some(ws) => {
                keys.press(&["BTab"]).text(ws).press(&["Tab"]);
            }
            None => {}
        }
        keys.text(title).press(&["Tab"]).text(days);
        if !after.is_empty() {
            keys.press(&["Tab"]).text(after);
        }
        keys.press(&["Enter"]);
    };
    task(&mut keys, Some("NET"), "Site survey", "5", "");
    tmux.wait_for("added task NET-1");
    task(&mut keys, None, "Order switches", "10", "NET-1");
    tmux.wait_for("added task NET-2");
    task(&mut keys, None, "Install switches", "8", "NET-2");
    tmux.wait_for("added task NET-3");
    task(&mut keys, Some("APP"), "App inventory", "4", "");
    tmux.wait_for("added task APP-1");
    task(&mut keys, None, "Compatibility tests", "6", "APP-1, NET-3");
    tmux.wait_for("added task APP-2");
    task(&mut keys, None, "Cutover", "2", "APP-2");
    tmux.wait_for("added task APP-3");
    // A baseline.
    keys.press(&["a", "b", "Enter"]);
    tmux.wait_for("baseline \"baseline-1\" set on 6 tasks");
    // Two risks.
    keys.press(&["2", "a", "r"])
        .text("Switch delivery slips")
        .press(&["Tab"])
        .text("3")
        .press(&["Tab"])
        .text("4")
        .press(&["Tab"])
        .text("Ana Ruiz")
        .press(&["Enter"]);
    tmux.wait_for("added risk R-1");
    keys.press(&["a", "r"])
        .text("Legacy apps fail tests")
        .press(&["Tab"])
        .text("2")
        .press(&["Tab"])
        .text("5")
        .press(&["Enter"]);
    tmux.wait_for("added risk R-2");
    // Four budget lines on the Budget tab's plan.
    keys.press(&["3"]);
    for (ws, category, month, amount) in [
        ("NET", "Hardware", "2026-12", "40000"),
        ("NET", "Labor", "2027-01", "25000"),
        ("APP", "Labor", "2026-12", "18000"),
        ("APP", "Labor", "2027-01", "12000"),
    ] {
        keys.press(&["a", "b", "BTab"])
            .text(ws)
            .press(&["Tab"])
            .text(category)
            .press(&["Tab"])
            .text(month)
            .press(&["Tab"])
            .text(amount)
            .press(&["Enter"]);
        tmux.wait_for(&format!("{ws} {category} {month} set to"));
    }
    // A spend entry.
    keys.press(&["a", "s", "BTab"])
        .text("NET")
        .press(&["Tab"])
        .text("Hardware")
        .press(&["Tab"])
        .text("9,800")
        .press(&["Tab"])
        .text("Netgear")
        .press(&["Enter"]);
    let used = keys.done("new program", "added spend SP-1", 650);
    eprintln!("new program built in {:.0?}", start.elapsed());
    assert!(used > 100, "a real count: {used}");
    keys.press(&["q"]);
    tmux.wait_for("MILEPOST-EXITED");

    let export: Value = {
        let out = Command::new(milepost())
            .arg("--db")
            .arg(&db)
            .arg("export")
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(export["program"]["name"], "Harbor upgrade");
    assert_eq!(export["program"]["start"], today);
    let keys_of = |list: &str| -> Vec<String> {
        export[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["key"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(keys_of("workstreams"), ["NET", "APP"]);
    assert_eq!(
        keys_of("tasks"),
        ["NET-1", "NET-2", "NET-3", "APP-1", "APP-2", "APP-3"]
    );
    let app2 = &export["tasks"][4];
    assert_eq!(app2["duration"], 6);
    let preds: Vec<&str> = app2["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    assert_eq!(preds, ["APP-1", "NET-3"], "two predecessors");
    assert_eq!(export["baselines"].as_array().unwrap().len(), 1);
    assert_eq!(export["baselines"][0]["tasks"].as_array().unwrap().len(), 6);
    assert_eq!(keys_of("raid"), ["R-1", "R-2"]);
    assert_eq!(export["raid"][0]["probability"], 3);
    assert_eq!(export["raid"][1]["impact"], 5);
    let budget = export["budget"].as_array().unwrap();
    assert_eq!(budget.len(), 4);
    assert!(budget.iter().any(|b| b["workstream"] == "NET"
        && b["category"] == "Hardware"
        && b["month"] == "2026-12"
        && b["amount"] == "40000.00"));
    assert_eq!(export["spend"][0]["amount"], "9800.00");
    assert_eq!(export["spend"][0]["vendor"], "Netgear");
}
