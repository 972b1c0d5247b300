//! Every command family through the real binary, checking printed keys and `--json` values.

mod common;
use common::Env;
use serde_json::json;

#[test]
fn workstreams_and_tasks() {
    let env = Env::new();
    env.small_program();
    let ws = env.json(&["ws", "list", "--json"]);
    assert_eq!(
        ws,
        json!([
            {"key": "PLT", "name": "Platform", "owner": "Dana Ortiz"},
            {"key": "APP", "name": "Mobile app", "owner": null}
        ])
    );
    env.ok(&["ws", "set", "APP", "--owner", "Sam Lee", "--name", "App"]);
    assert_eq!(
        env.json(&["ws", "list", "--json"])[1],
        json!({"key": "APP", "name": "App", "owner": "Sam Lee"})
    );

    assert_eq!(
        env.ok(&[
            "task",
            "add",
            "PLT",
            "Harden",
            "--duration",
            "3",
            "--after",
            "PLT-2:FF-1"
        ]),
        "PLT-4\n"
    );
    let tasks = env.json(&["task", "list", "--ws", "PLT", "--json"]);
    assert_eq!(tasks.as_array().unwrap().len(), 4);
    assert_eq!(tasks[0]["budget"], "12000.00");
    assert_eq!(tasks[2]["duration"], 0);
    assert_eq!(
        tasks[3]["after"],
        json!([{"key": "PLT-2", "type": "FF", "lag": -1}])
    );

    env.ok(&[
        "task",
        "set",
        "PLT-1",
        "--percent",
        "40",
        "--started",
        "2026-01-05",
        "--owner",
        "Alex",
    ]);
    let t = &env.json(&["task", "list", "--json"])[0];
    assert_eq!(
        (
            t["percent_complete"].clone(),
            t["actual_start"].clone(),
            t["owner"].clone()
        ),
        (json!(40), json!("2026-01-05"), json!("Alex"))
    );
    // 100 % without a finish date finishes the task on the as-of date.
    env.ok(&["task", "set", "PLT-1", "--percent", "100"]);
    assert_eq!(
        env.json(&["task", "list", "--json"])[0]["actual_finish"],
        "2026-11-18"
    );

    // A task others depend on needs --force; the links go with it.
    let r = env.run(&["task", "rm", "PLT-2"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("PLT-3"), "{}", r.stderr);
    env.ok(&["task", "rm", "PLT-2", "--force"]);
    let tasks = env.json(&["task", "list", "--json"]);
    assert!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["key"] != "PLT-2")
    );
    assert_eq!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "PLT-3")
            .unwrap()["after"],
        json!([])
    );
    env.ok(&["undo"]);
    let back = env.json(&["task", "list", "--json"]);
    assert_eq!(
        back.as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "PLT-3")
            .unwrap()["after"],
        json!([{"key": "PLT-2", "type": "FS", "lag": 0}])
    );

    // A workstream with tasks cannot be removed; an empty one can.
    assert_eq!(env.run(&["ws", "rm", "PLT"]).code, 2);
    env.ok(&["ws", "add", "TMP", "Temporary"]);
    env.ok(&["ws", "rm", "TMP"]);
}

#[test]
fn dependencies_and_baselines() {
    let env = Env::new();
    env.small_program();
    env.ok(&[
        "dep", "add", "PLT-1", "PLT-3", "--type", "SS", "--lag", "-2",
    ]);
    let t = env.json(&["task", "list", "--json"]);
    assert_eq!(
        t[2]["after"],
        json!([{"key": "PLT-2", "type": "FS", "lag": 0}, {"key": "PLT-1", "type": "SS", "lag": -2}])
    );
    env.ok(&["dep", "rm", "PLT-1", "PLT-3"]);
    assert_eq!(env.run(&["dep", "rm", "PLT-1", "PLT-3"]).code, 2);

    assert_eq!(env.ok(&["baseline", "set", "original"]), "original\n");
    assert_eq!(env.run(&["baseline", "set", "original"]).code, 2);
    let b = env.json(&["baseline", "list", "--json"]);
    assert_eq!(
        b,
        json!([{"name": "original", "taken": "2026-11-18", "tasks": 4}])
    );
    // As of 2026-11-18 nothing has started, so the plan starts the next working day.
    let doc: serde_json::Value = serde_json::from_str(&env.export()).unwrap();
    assert_eq!(
        doc["baselines"][0]["tasks"][0],
        json!({"key": "PLT-1", "start": "2026-11-19", "finish": "2026-12-02"})
    );
    assert_eq!(
        doc["baselines"][0]["tasks"][1],
        json!({"key": "PLT-2", "start": "2026-12-03", "finish": "2026-12-09"})
    );
    assert_eq!(
        doc["baselines"][0]["tasks"][2],
        json!({"key": "PLT-3", "start": "2026-12-09", "finish": "2026-12-09"})
    );
}

#[test]
fn raid_items() {
    let env = Env::new();
    env.small_program();
    assert_eq!(
        env.ok(&[
            "raid",
            "add",
            "issue",
            "SSO tenant missing",
            "--impact",
            "4",
            "--escalated",
            "--due",
            "2026-11-10"
        ]),
        "I-1\n"
    );
    assert_eq!(
        env.ok(&[
            "raid",
            "add",
            "dependency",
            "Firewall routes",
            "--provider",
            "Network team",
            "--task",
            "PLT-2"
        ]),
        "D-1\n"
    );
    assert_eq!(
        env.ok(&["raid", "add", "assumption", "Legacy frozen", "--due", "fri"]),
        "A-1\n"
    );
    let list = env.json(&["raid", "list", "--json"]);
    let risk = &list[0];
    assert_eq!(
        (
            risk["key"].clone(),
            risk["score"].clone(),
            risk["open"].clone()
        ),
        (json!("R-1"), json!(20), json!(true))
    );
    let issue = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "I-1")
        .unwrap();
    assert_eq!(
        (issue["escalated"].clone(), issue["overdue"].clone()),
        (json!(true), json!(true))
    );
    let assumption = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "A-1")
        .unwrap();
    assert_eq!(assumption["due"], "2026-11-20");
    env.ok(&[
        "raid",
        "set",
        "R-1",
        "--status",
        "mitigating",
        "--cost-impact",
        "50,000",
        "--response",
        "reduce",
    ]);
    env.ok(&["raid", "close", "I-1", "--note", "Tenant provisioned"]);
    let issue = env.json(&["raid", "list", "--kind", "issue", "--json"]);
    assert_eq!(
        (issue[0]["status"].clone(), issue[0]["closed"].clone()),
        (json!("resolved"), json!("2026-11-18"))
    );
    assert_eq!(issue[0]["description"], "Tenant provisioned");
    let open = env.json(&["raid", "list", "--open", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 3);
    assert_eq!(open[0]["cost_impact"], "50000.00");
    let r = env.run(&["raid", "close", "R-1", "--status", "open"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: status \"open\""),
        "{}",
        r.stderr
    );
}

#[test]
fn budget_spend_changes_decisions_notes() {
    let env = Env::new();
    env.small_program();
    env.ok(&["budget", "set", "APP", "Vendors", "2026-02", "1,234.5"]);
    assert_eq!(
        env.json(&["budget", "list", "--json"])[1],
        json!({"workstream": "APP", "category": "Vendors", "month": "2026-02", "amount": "1234.50"})
    );
    assert_eq!(
        env.ok(&[
            "spend",
            "add",
            "2026-02-03",
            "PLT",
            "Labor",
            "12,500.00",
            "--vendor",
            "Acme",
            "--ref",
            "INV-1"
        ]),
        "SP-1\n"
    );
    assert_eq!(
        env.ok(&[
            "spend",
            "add",
            "2026-02-10",
            "PLT",
            "Vendors",
            "-300",
            "--status",
            "paid"
        ]),
        "SP-2\n"
    );
    env.ok(&[
        "spend",
        "set",
        "SP-1",
        "--status",
        "committed",
        "--amount",
        "12000",
    ]);
    let spend = env.json(&["spend", "list", "--json"]);
    assert_eq!(
        spend,
        json!([
            {"key": "SP-1", "date": "2026-02-03", "workstream": "PLT", "category": "Labor", "amount": "12000.00", "vendor": "Acme", "reference": "INV-1", "status": "committed"},
            {"key": "SP-2", "date": "2026-02-10", "workstream": "PLT", "category": "Vendors", "amount": "-300.00", "vendor": null, "reference": null, "status": "paid"}
        ])
    );
    env.ok(&["spend", "rm", "SP-2"]);
    assert_eq!(
        env.json(&["spend", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        env.ok(&[
            "change",
            "add",
            "Add SSO",
            "--ws",
            "PLT",
            "--budget-delta",
            "10000",
            "--schedule-delta",
            "5"
        ]),
        "CR-1\n"
    );
    env.ok(&["change", "approve", "CR-1", "--date", "2026-11-20"]);
    assert_eq!(env.run(&["change", "reject", "CR-1"]).code, 2);
    let c = &env.json(&["change", "list", "--json"])[0];
    assert_eq!(
        (
            c["status"].clone(),
            c["decided"].clone(),
            c["budget_delta"].clone()
        ),
        (json!("approved"), json!("2026-11-20"), json!("10000.00"))
    );

    assert_eq!(
        env.ok(&[
            "decision",
            "add",
            "Use Postgres",
            "--decision",
            "Managed Postgres",
            "--by",
            "Board"
        ]),
        "DEC-1\n"
    );
    assert_eq!(
        env.json(&["decision", "list", "--json"])[0]["date"],
        "2026-11-18"
    );

    env.ok(&[
        "note",
        "PLT",
        "--rag",
        "amber",
        "--reason",
        "Vendor late",
        "--done",
        "Design review",
        "--next",
        "Build",
    ]);
    env.ok(&[
        "note",
        "--program",
        "--week",
        "2026-W53",
        "--summary",
        "Holiday week",
    ]);
    let r = env.run(&["note", "APP", "--rag", "red"]);
    assert_eq!(r.code, 2, "an override needs a reason");
    let doc: serde_json::Value = serde_json::from_str(&env.export()).unwrap();
    assert_eq!(
        doc["status_notes"],
        json!([
            {"week": "2026-W47", "workstream": "PLT", "rag": "amber", "reason": "Vendor late", "summary": null, "accomplishments": ["Design review"], "next_steps": ["Build"]},
            {"week": "2026-W53", "workstream": null, "rag": null, "reason": null, "summary": "Holiday week", "accomplishments": [], "next_steps": []}
        ])
    );
}

#[test]
fn history_undo_redo_survive_restarts() {
    let env = Env::new();
    env.small_program();
    let before = env.export();
    env.ok(&["task", "add", "PLT", "Extra"]);
    let after = env.export();
    assert_eq!(env.ok(&["undo"]), "undid: added task PLT-4 \"Extra\"\n");
    assert_eq!(env.export(), before);
    assert_eq!(env.ok(&["redo"]), "redid: added task PLT-4 \"Extra\"\n");
    assert_eq!(env.export(), after);
    env.ok(&["undo"]);
    env.ok(&["ws", "add", "OPS", "Operations"]);
    assert_eq!(
        env.ok(&["redo"]),
        "nothing to redo\n",
        "a new command drops the redo tail"
    );
    let h = env.json(&["history", "--limit", "2", "--json"]);
    assert_eq!(h[0]["summary"], "added workstream OPS \"Operations\"");
    assert_eq!(h.as_array().unwrap().len(), 2);
}

#[test]
fn database_files_are_guarded() {
    let env = Env::new();
    let r = env.run(&["task", "list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert!(!env.db.exists(), "a read must not create the file");

    std::fs::write(&env.db, b"not a database at all, just text").unwrap();
    let r = env.run(&["task", "list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a milepost database"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        b"not a database at all, just text"
    );

    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("CREATE TABLE other(x); PRAGMA user_version = 3;")
        .unwrap();
    drop(conn);
    let r = env.run(&["ws", "list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a milepost database"), "{}", r.stderr);

    let env = Env::new();
    env.small_program();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let r = env.run(&["ws", "list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("newer milepost"), "{}", r.stderr);

    let env = Env::new();
    env.small_program();
    assert_eq!(env.run(&["init", "Again"]).code, 2, "init never overwrites");
}

#[test]
fn demo_generate_import_export_backup_check() {
    let env = Env::new();
    let out = env.ok(&["demo", "--no-tui"]);
    assert!(out.contains("5 workstreams, 40 tasks"), "{out}");
    // Rebuilding the demo at the same --db is fine; a real program there is never overwritten.
    env.ok(&["demo", "--no-tui"]);
    let real = Env::new();
    real.small_program();
    assert_eq!(real.run(&["demo", "--no-tui"]).code, 2);

    let file = env.path("gen.json");
    env.ok(&[
        "generate",
        "--tasks",
        "300",
        "--seed",
        "4",
        "--out",
        file.to_str().unwrap(),
    ]);
    let again = env.ok(&["generate", "--tasks", "300", "--seed", "4"]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        again,
        "same seed, same bytes"
    );

    let target = Env::new();
    target.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        target.export(),
        again,
        "export after import gives the same bytes"
    );
    // A non-empty database needs --replace, which keeps a backup.
    let r = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    target.ok(&["import", "--replace", "--quiet", file.to_str().unwrap()]);
    let backups: Vec<_> = std::fs::read_dir(target.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert_eq!(backups.len(), 1);

    let copy = target.path("copy.db");
    target.ok(&["backup", copy.to_str().unwrap()]);
    assert!(copy.exists());
    assert_eq!(target.ok(&["check"]), "ok\n");
}

#[test]
fn shell_conventions() {
    let env = Env::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("milepost") && bash.contains("baseline"),
        "completions name the subcommands"
    );
    let man = env.ok(&["man"]);
    assert!(man.starts_with(".ie") || man.contains(".TH"), "roff output");
    // A closed pipe is not an error.
    env.small_program();
    for i in 0..200 {
        env.ok(&[
            "spend",
            "add",
            "2026-02-01",
            "PLT",
            "Labor",
            &format!("{i}"),
        ]);
    }
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} --db {} spend list | head -1",
            assert_cmd::cargo::cargo_bin("milepost").display(),
            env.db.display()
        ))
        .env("MILEPOST_TODAY", common::TODAY)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert!(
        String::from_utf8_lossy(&status.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn config_check_lists_every_problem_with_file_and_line() {
    let env = Env::new();
    let file = env.path("config.toml");
    let check = || {
        assert_cmd::Command::cargo_bin("milepost")
            .unwrap()
            .env("MILEPOST_CONFIG", &file)
            .args(["config", "check"])
            .output()
            .unwrap()
    };
    let out = check();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("no file; the built-in keys apply\n"));
    std::fs::write(
        &file,
        "mouse = false\n[keys.normal]\n\"ctrl-n\" = \"next_tab\"\n\"J\" = \"page_down\"\n",
    )
    .unwrap();
    let out = check();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("ok, 2 key bindings\n"));
    std::fs::write(
        &file,
        "[keys.normal]\n\"ctrl-n\" = \"next_tab\"\n\"zz\" = \"quit\"\n\"x\" = \"fly\"\n",
    )
    .unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let f = file.display();
    assert_eq!(
        stderr,
        format!(
            "error: {f}:3: \"zz\" is not a key (like q, G, ctrl-r, tab, pgdn)\nerror: {f}:4: unknown action \"fly\"\n"
        )
    );
}

#[test]
fn decisions_and_proposed_changes_can_be_corrected() {
    let env = Env::new();
    env.small_program();
    let dec = env.ok(&[
        "decision",
        "add",
        "Hosting",
        "--decision",
        "EU region",
        "--by",
        "Steering",
    ]);
    assert_eq!(dec.trim(), "DEC-1");
    env.ok(&[
        "decision",
        "set",
        "DEC-1",
        "--decision",
        "EU and UK",
        "--by",
        "",
        "--date",
        "2026-11-16",
    ]);
    let list = env.json(&["decision", "list", "--json"]);
    let d = &list[0];
    assert_eq!(d["decision"], "EU and UK");
    assert_eq!(d["date"], "2026-11-16");
    assert!(d["by"].is_null(), "\"\" clears who decided: {d}");

    let cr = env.ok(&[
        "change",
        "add",
        "Pen test",
        "--ws",
        "PLT",
        "--budget-delta",
        "8,000",
    ]);
    assert_eq!(cr.trim(), "CR-1");
    env.ok(&[
        "change",
        "set",
        "CR-1",
        "--budget-delta",
        "9500",
        "--schedule-delta",
        "3",
    ]);
    let c = &env.json(&["change", "list", "--json"])[0];
    assert_eq!(
        (c["budget_delta"].as_str(), c["schedule_delta"].as_i64()),
        (Some("9500.00"), Some(3))
    );
    // A delta without a workstream is refused, and nothing changes.
    let r = env.run(&["change", "set", "CR-1", "--ws", ""]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("budget_delta"), "{}", r.stderr);
    assert_eq!(
        env.json(&["change", "list", "--json"])[0]["workstream"],
        "PLT"
    );
    // Decided changes are history.
    env.ok(&["change", "approve", "CR-1"]);
    let r = env.run(&["change", "set", "CR-1", "--title", "Bigger pen test"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("CR-1 is approved"), "{}", r.stderr);
    // Undo takes a correction back.
    env.ok(&["decision", "set", "DEC-1", "--title", "Hosting region"]);
    env.ok(&["undo"]);
    assert_eq!(
        env.json(&["decision", "list", "--json"])[0]["title"],
        "Hosting"
    );
}

#[test]
fn the_program_header_and_calendar_can_be_changed() {
    let env = Env::new();
    env.small_program();
    let plan = ["schedule", "--as-of", "2026-01-01", "--json"];
    let before = env.json(&plan);
    env.ok(&[
        "program",
        "set",
        "--name",
        "Atlas 2",
        "--holiday",
        "2026-01-06",
        "--no-holiday",
        "2026-01-19",
    ]);
    let export = env.export();
    assert!(
        export.contains("\"Atlas 2\""),
        "{}",
        &export[..200.min(export.len())]
    );
    assert!(export.contains("2026-01-06") && !export.contains("2026-01-19"));
    // The calendar moved: the plan shifts by a working day.
    let after = env.json(&plan);
    assert_eq!(before["tasks"][0]["start"], "2026-01-05");
    assert_eq!(after["tasks"][0]["start"], "2026-01-05");
    assert_eq!(
        before["tasks"][0]["finish"], "2026-01-16",
        "10 days, the 19th off after"
    );
    assert_eq!(
        after["tasks"][0]["finish"], "2026-01-19",
        "10 days with the 6th off"
    );
    // Bad values name the field; nothing changes.
    let r = env.run(&["program", "set", "--currency", "dollars"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("currency"), "{}", r.stderr);
    let r = env.run(&["program", "set", "--no-holiday", "2026-03-03"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("2026-03-03"), "{}", r.stderr);
    assert_eq!(env.export(), export);
    env.ok(&["undo"]);
    assert!(env.export().contains("\"Atlas\""));
}

#[test]
fn a_link_type_and_lag_can_be_changed() {
    let env = Env::new();
    env.small_program();
    env.ok(&[
        "dep", "set", "PLT-1", "PLT-2", "--type", "SS", "--lag", "-2",
    ]);
    let task = env.json(&["task", "list", "--json"]);
    let plt2 = task
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "PLT-2")
        .unwrap();
    assert_eq!(plt2["after"][0]["type"], "SS");
    assert_eq!(plt2["after"][0]["lag"], -2);
    let r = env.run(&["dep", "set", "APP-1", "PLT-2", "--lag", "1"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("APP-1 -> PLT-2"), "{}", r.stderr);
    let r = env.run(&["dep", "set", "PLT-1", "PLT-2", "--type", "XX"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("type \"XX\""), "{}", r.stderr);
}

#[test]
fn dry_runs_check_everything_and_write_nothing() {
    let env = Env::new();
    env.small_program();
    let file = env.path("p.json");
    std::fs::write(&file, env.export()).unwrap();
    let fresh = Env::new();
    let out = fresh.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.starts_with("dry run, nothing written: would import \"Atlas\""),
        "{out}"
    );
    assert!(!fresh.db.exists(), "a dry run creates no file");
    let r = env.run(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 2, "a program is there: {}", r.stderr);
    assert!(
        env.ok(&["import", file.to_str().unwrap(), "--dry-run", "--replace"])
            .contains("would import")
    );

    let before = env.export();
    let csv = env.path("spend.csv");
    std::fs::write(
        &csv,
        "date,workstream,category,amount\n2026-02-02,PLT,Labor,100.00\n",
    )
    .unwrap();
    let out = env.ok(&["spend", "import", csv.to_str().unwrap(), "--dry-run"]);
    assert!(out.starts_with("dry run, nothing written: "), "{out}");
    assert_eq!(env.export(), before);
    std::fs::write(
        &csv,
        "date,workstream,category,amount\n2026-02-02,NOPE,Labor,100.00\n",
    )
    .unwrap();
    let r = env.run(&["spend", "import", csv.to_str().unwrap(), "--dry-run"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("NOPE"), "{}", r.stderr);
    assert_eq!(env.export(), before);
}
