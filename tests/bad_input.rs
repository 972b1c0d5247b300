//! Bad input: exit status 2, one error line naming the field and the value, nothing written.

mod common;
use common::Env;

/// Run a command that must be refused; check the error line and that the program is unchanged.
fn refused(env: &Env, args: &[&str], expected: &str) {
    let before = env.export();
    let r = env.run(args);
    assert_eq!(
        r.code, 2,
        "milepost {args:?} should exit 2; stderr: {}",
        r.stderr
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "one error line for {args:?}: {:?}",
        r.stderr
    );
    assert!(lines[0].starts_with("error: "), "{}", lines[0]);
    assert!(
        lines[0].contains(expected),
        "{args:?}: {:?} should mention {expected:?}",
        lines[0]
    );
    assert!(
        r.stdout.is_empty(),
        "nothing on stdout for {args:?}: {}",
        r.stdout
    );
    assert_eq!(env.export(), before, "{args:?} changed the program");
}

#[test]
fn each_bad_value_is_refused_naming_the_field() {
    let env = Env::new();
    env.small_program();
    refused(
        &env,
        &["spend", "add", "2026-02-30", "PLT", "Labor", "10"],
        "date \"2026-02-30\": not a calendar date",
    );
    refused(
        &env,
        &["note", "PLT", "--week", "2021-W53", "--summary", "x"],
        "week \"2021-W53\": 2021 has no ISO week 53",
    );
    refused(
        &env,
        &["spend", "add", "2026-02-03", "PLT", "Labor", "12.345"],
        "amount \"12.345\": more than 2 decimals",
    );
    refused(
        &env,
        &["spend", "add", "2026-02-03", "PLT", "Labor", "1e3"],
        "amount \"1e3\"",
    );
    refused(
        &env,
        &[
            "spend",
            "add",
            "2026-02-03",
            "PLT",
            "Labor",
            "99999999999999",
        ],
        "amount \"99999999999999\": too large",
    );
    refused(
        &env,
        &["raid", "add", "risk", "Too likely", "--probability", "6"],
        "probability \"6\": must be between 1 and 5",
    );
    refused(
        &env,
        &["task", "set", "PLT-1", "--percent", "101"],
        "percent \"101\": must be between 0 and 100",
    );
    refused(
        &env,
        &["task", "add", "NOPE", "Orphan"],
        "workstream \"NOPE\": not found",
    );
    refused(
        &env,
        &["task", "add", "PLT", "Late", "--after", "PLT-99"],
        "task \"PLT-99\": not found",
    );
    refused(
        &env,
        &["dep", "add", "PLT-3", "PLT-1"],
        "dependency cycle: PLT-3 -> PLT-1 -> PLT-2 -> PLT-3",
    );
    refused(
        &env,
        &["task", "add", "PLT", "bad\u{1b}[31mtitle"],
        "title \"bad\\u{1b}[31mtitle\": contains the character U+001B",
    );
    refused(&env, &["task", "add", "PLT", "evil\u{202E}txt"], "U+202E");
    refused(
        &env,
        &["task", "add", "PLT", "Long", "--duration", "10001"],
        "duration \"10001\": must be between 0 and 10000",
    );
    refused(
        &env,
        &["dep", "add", "PLT-1", "APP-1", "--lag", "20000"],
        "lag \"20000\"",
    );
    refused(
        &env,
        &["raid", "add", "rsk", "Typo"],
        "kind \"rsk\": must be one of risk, assumption, issue, dependency",
    );
    refused(
        &env,
        &["raid", "add", "issue", "Bad", "--probability", "3"],
        "probability",
    );
    refused(
        &env,
        &["budget", "set", "PLT", "Labor", "2026-13", "10"],
        "month \"2026-13\"",
    );
    refused(&env, &["ws", "add", "SP", "Reserved"], "key \"SP\"");
    refused(
        &env,
        &["ws", "add", "PLT", "Twice"],
        "workstream PLT already exists",
    );
    refused(
        &env,
        &[
            "task",
            "set",
            "PLT-1",
            "--finished",
            "2025-12-01",
            "--started",
            "2026-01-05",
        ],
        "finished",
    );
    refused(
        &env,
        &[
            "spend",
            "add",
            "2026-02-03",
            "PLT",
            "Labor",
            "10",
            "--status",
            "owed",
        ],
        "status \"owed\"",
    );
}

fn import_refused(env: &Env, json: &str, expected: &[&str]) {
    let file = env.path("bad.json");
    std::fs::write(&file, json).unwrap();
    let before = env.export();
    let r = env.run(&["import", "--replace", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "{:?} should mention {e:?}", r.stderr);
    }
    assert_eq!(env.export(), before, "a bad import changed the program");
    let fresh = Env::new();
    let r = fresh.run(&["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        !fresh.db.exists(),
        "a refused import leaves no database behind"
    );
}

#[test]
fn bad_import_files_list_every_error_with_its_path() {
    let env = Env::new();
    env.small_program();
    let good: serde_json::Value = serde_json::from_str(&env.export()).unwrap();

    let mut doc = good.clone();
    doc["tasks"][0]["colour"] = "red".into();
    doc["program"]["nmae"] = "typo".into();
    import_refused(
        &env,
        &doc.to_string(),
        &[
            "tasks[0].colour: unknown field",
            "program.nmae: unknown field",
        ],
    );

    let mut doc = good.clone();
    doc["tasks"][1]["key"] = "PLT-1".into();
    import_refused(
        &env,
        &doc.to_string(),
        &["tasks[1].key: duplicate key \"PLT-1\""],
    );

    let mut doc = good.clone();
    doc["budget"][0]["amount"] = serde_json::json!(50000.5);
    import_refused(
        &env,
        &doc.to_string(),
        &["budget[0].amount: money must be a string"],
    );

    let mut doc = good.clone();
    doc["tasks"][1]["after"][0]["key"] = "PLT-99".into();
    doc["raid"][0]["workstream"] = "NOPE".into();
    import_refused(
        &env,
        &doc.to_string(),
        &[
            "tasks[1].after[0].key: unknown task \"PLT-99\"",
            "raid[0].workstream: unknown workstream \"NOPE\"",
        ],
    );

    let mut doc = good.clone();
    doc["tasks"][0]["after"] = serde_json::json!([{"key": "PLT-3", "type": "FS", "lag": 0}]);
    import_refused(&env, &doc.to_string(), &["tasks: dependency cycle"]);

    let mut doc = good;
    doc["tasks"][0]["percent_complete"] = 150.into();
    doc["spend"] = serde_json::json!([{"key": "SP-1", "date": "2026-02-30", "workstream": "PLT", "category": "Labor", "amount": "1.234"}]);
    import_refused(
        &env,
        &doc.to_string(),
        &[
            "tasks[0]: percent \"150\"",
            "spend[0].date",
            "spend[0].amount",
        ],
    );

    import_refused(&env, "{ not json", &["not valid JSON"]);
}
