//! The WBS from the command line (SPEC §11): parents, sibling order and `task move`, WBS codes,
//! roll-ups in `task list --tree` and `schedule --json`, the refusals, removing a summary with
//! its subtasks and undoing it, and the program JSON round trip.

mod common;

use common::Env;

/// Atlas with a PLT workstream three levels deep:
/// PLT-1 Phase 1 (summary)
///   PLT-2 Design 5d
///   PLT-3 Build (summary), after PLT-2
///     PLT-4 Code 3d
///     PLT-5 Test 2d, after PLT-4
/// PLT-6 Launch (milestone), after PLT-1
fn wbs_program(env: &Env) {
    env.ok(&["init", "Atlas", "--start", "2026-01-05"]);
    env.ok(&["ws", "add", "PLT", "Platform"]);
    env.ok(&["ws", "add", "APP", "App"]);
    for args in [
        &["task", "add", "PLT", "Phase 1"][..],
        &[
            "task",
            "add",
            "PLT",
            "Design",
            "--duration",
            "5",
            "--parent",
            "PLT-1",
        ],
        &[
            "task", "add", "PLT", "Build", "--parent", "PLT-1", "--after", "PLT-2",
        ],
        &[
            "task",
            "add",
            "PLT",
            "Code",
            "--duration",
            "3",
            "--parent",
            "PLT-3",
            "--budget",
            "3000",
        ],
        &[
            "task",
            "add",
            "PLT",
            "Test",
            "--duration",
            "2",
            "--parent",
            "PLT-3",
            "--after",
            "PLT-4",
            "--budget",
            "1000",
        ],
        &[
            "task",
            "add",
            "PLT",
            "Launch",
            "--milestone",
            "--after",
            "PLT-1",
        ],
    ] {
        env.ok(args);
    }
}

#[test]
fn tree_codes_rollups_and_schedule() {
    let env = Env::new();
    wbs_program(&env);
    env.ok(&[
        "task",
        "set",
        "PLT-4",
        "--percent",
        "50",
        "--started",
        "2026-01-12",
    ]);
    let tree = env.ok(&["task", "list", "--tree"]);
    let lines: Vec<&str> = tree.lines().collect();
    assert!(lines[0].starts_with("KEY"), "{tree}");
    let row = |key: &str| {
        *lines
            .iter()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("{key} in {tree}"))
    };
    assert!(
        row("PLT-1").contains("PLT 1 ") && row("PLT-1").contains("▾ Phase 1"),
        "{tree}"
    );
    assert!(
        row("PLT-2").contains("PLT 1.1 ") && row("PLT-2").contains("  Design"),
        "{tree}"
    );
    assert!(
        row("PLT-3").contains("PLT 1.2 ") && row("PLT-3").contains("  ▾ Build"),
        "{tree}"
    );
    assert!(
        row("PLT-5").contains("PLT 1.2.2") && row("PLT-5").contains("    Test"),
        "{tree}"
    );
    assert!(row("PLT-6").contains("PLT 2 "), "{tree}");

    // As of the program start: Design [Jan 5, Jan 9], Code [Jan 12, 14], Test [Jan 15, 16].
    let s = env.json(&["schedule", "--json", "--as-of", "2026-01-02"]);
    let t = |key: &str| common::task(&s, key).clone();
    assert_eq!(t("PLT-1")["summary"], true);
    assert_eq!(t("PLT-1")["parent"], serde_json::Value::Null);
    assert_eq!(t("PLT-1")["wbs"], "PLT 1");
    assert_eq!(t("PLT-1")["start"], "2026-01-05");
    assert_eq!(t("PLT-1")["finish"], "2026-01-16");
    assert_eq!(
        t("PLT-1")["duration"],
        10,
        "a summary's span in working days"
    );
    assert_eq!(t("PLT-3")["start"], "2026-01-12");
    assert_eq!(t("PLT-3")["parent"], "PLT-1");
    assert_eq!(t("PLT-3")["wbs"], "PLT 1.2");
    assert_eq!(t("PLT-5")["wbs"], "PLT 1.2.2");
    assert_eq!(t("PLT-5")["summary"], false);
    // The milestone after the summary waits for every leaf of it.
    assert_eq!(t("PLT-6")["finish"], "2026-01-16");
    // Percent rolls up by budget below PLT-3 (3,000 at 50 %, 1,000 at 0 %: 37 %, rounded down).
    assert_eq!(t("PLT-3")["percent_complete"], 37);
    let path: Vec<&str> = s["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(path, ["PLT-2", "PLT-4", "PLT-5", "PLT-6"]);

    // A flat program's schedule carries no WBS fields.
    let flat = Env::new();
    flat.ok(&["init", "Flat"]);
    flat.ok(&["ws", "add", "PLT", "Platform"]);
    flat.ok(&["task", "add", "PLT", "One"]);
    let s = flat.json(&["schedule", "--json"]);
    assert!(s["tasks"][0].get("wbs").is_none(), "{s}");
}

#[test]
fn refusals() {
    let env = Env::new();
    wbs_program(&env);
    let refused = |args: &[&str], says: &str| {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    };
    refused(
        &["task", "set", "PLT-1", "--percent", "50"],
        "PLT-1 is a summary task",
    );
    refused(
        &["task", "set", "PLT-3", "--duration", "4"],
        "set it on them",
    );
    refused(
        &["task", "set", "PLT-3", "--started", "2026-01-05"],
        "summary task",
    );
    refused(
        &[
            "task",
            "add",
            "PLT",
            "Under a milestone",
            "--parent",
            "PLT-6",
        ],
        "a milestone has no subtasks",
    );
    refused(
        &["dep", "add", "PLT-1", "PLT-4"],
        "a summary task and its own subtask",
    );
    refused(
        &["dep", "add", "PLT-5", "PLT-1"],
        "a summary task and its own subtask",
    );
    refused(
        &["task", "set", "PLT-2", "--after", "PLT-1"],
        "a summary task and its own subtask",
    );
    refused(
        &["task", "set", "PLT-1", "--parent", "PLT-4"],
        "one of its subtasks",
    );
    refused(
        &["task", "set", "PLT-1", "--parent", "PLT-1"],
        "one of its subtasks",
    );
    refused(
        &["task", "add", "APP", "Elsewhere", "--parent", "PLT-1"],
        "share a workstream",
    );
    refused(
        &["task", "add", "PLT", "Nowhere", "--parent", "PLT-99"],
        "not found",
    );
    env.ok(&["task", "set", "PLT-2", "--percent", "20"]);
    refused(
        &["task", "add", "PLT", "Under progress", "--parent", "PLT-2"],
        "has progress of its own",
    );
    refused(
        &["task", "rm", "PLT-3"],
        "use --force to remove it with them",
    );
    // Moving PLT-6 (after PLT-1) under PLT-1 would link a summary and its subtask.
    refused(
        &["task", "set", "PLT-6", "--parent", "PLT-1"],
        "a summary task and its own subtask",
    );
    refused(
        &["task", "move", "PLT-6", "--after", "PLT-2"],
        "a summary task and its own subtask",
    );
    // PLT-6 follows PLT-1, so each leaf of PLT-1 comes before it: a link back is a cycle
    // through the summary.
    refused(&["dep", "add", "PLT-6", "PLT-2"], "dependency cycle");
    refused(
        &["task", "set", "PLT-4", "--after", "PLT-6"],
        "reaches each of its subtasks",
    );
    // Nothing refused changed anything: four tasks still have a parent.
    assert_eq!(
        env.ok(&["task", "list", "--json"])
            .matches("\"parent\": \"PLT-")
            .count(),
        4
    );
}

#[test]
fn move_remove_undo_and_round_trip() {
    let env = Env::new();
    wbs_program(&env);
    env.ok(&["task", "move", "PLT-3", "--before", "PLT-2"]);
    let codes = |env: &Env| -> Vec<(String, String)> {
        let s = env.json(&["schedule", "--json"]);
        s["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["key"].as_str().unwrap().to_string(),
                    t["wbs"].as_str().unwrap_or("(flat)").to_string(),
                )
            })
            .collect()
    };
    let moved = codes(&env);
    assert_eq!(
        moved,
        [
            ("PLT-1", "PLT 1"),
            ("PLT-3", "PLT 1.1"),
            ("PLT-4", "PLT 1.1.1"),
            ("PLT-5", "PLT 1.1.2"),
            ("PLT-2", "PLT 1.2"),
            ("PLT-6", "PLT 2"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    env.ok(&["undo"]);
    assert_eq!(codes(&env)[1], ("PLT-2".to_string(), "PLT 1.1".to_string()));
    env.ok(&["redo"]);
    assert_eq!(codes(&env), moved);
    // Out to the top, then back under PLT-1 with --parent: last among its new siblings.
    env.ok(&["task", "set", "PLT-2", "--parent", "none"]);
    env.ok(&["task", "set", "PLT-2", "--parent", "PLT-1"]);
    assert_eq!(codes(&env)[4], ("PLT-2".to_string(), "PLT 1.2".to_string()));

    // Export, import, export: the same bytes, parents first.
    let exported = env.export();
    assert!(exported.contains("\"parent\":\"PLT-1\""), "{exported}");
    let file = env.path("wbs.json");
    std::fs::write(&file, &exported).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.export(), exported);
    assert_eq!(codes(&other), codes(&env));

    // Removing a summary takes its subtasks; undo brings them all back.
    let out = env.ok(&["task", "rm", "PLT-1", "--force"]);
    assert!(
        out.contains("removed task PLT-1 and its 4 subtasks"),
        "{out}"
    );
    assert_eq!(codes(&env).len(), 1);
    env.ok(&["undo"]);
    assert_eq!(env.export(), exported);
}

#[test]
fn program_files_with_a_bad_wbs_are_refused_with_paths() {
    let env = Env::new();
    wbs_program(&env);
    let exported = env.export();
    let cases = [
        // A subtask listed before its summary.
        (
            exported.replacen("\"parent\":\"PLT-1\"", "\"parent\":\"PLT-3\"", 1),
            "tasks[1].parent: \"PLT-3\" is not listed before this task",
        ),
        (
            exported.replacen("\"parent\":\"PLT-1\"", "\"parent\":\"PLT-6\"", 1),
            "is not listed before this task",
        ),
        (
            exported.replacen(
                "\"after\":[{\"key\":\"PLT-4\"",
                "\"after\":[{\"key\":\"PLT-3\"",
                1,
            ),
            "are a summary and its own subtask",
        ),
    ];
    for (text, says) in cases {
        assert_ne!(text, exported);
        let file = env.path("bad.json");
        std::fs::write(&file, text).unwrap();
        let r = Env::new().run(&["import", file.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
    }
}
