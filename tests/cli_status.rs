//! The weekly status through the real binary: values, the shipped JSON Schema, determinism,
//! Markdown, ISO week edge cases and history.

mod common;
use common::Env;
use serde_json::{Value, json};

/// A program built through the CLI with known slips, risks, spend and notes (see each line).
fn program() -> Env {
    let env = Env::new();
    env.ok(&["init", "Atlas", "--start", "2026-11-02"]);
    env.ok(&["ws", "add", "PLT", "Platform", "--owner", "Dana Ortiz"]);
    env.ok(&["ws", "add", "APP", "Mobile app", "--owner", "Sam Lee"]);
    env.ok(&[
        "task",
        "add",
        "PLT",
        "Design",
        "--duration",
        "5",
        "--budget",
        "10000",
    ]);
    env.ok(&[
        "task",
        "add",
        "PLT",
        "Build",
        "--duration",
        "10",
        "--after",
        "PLT-1",
        "--budget",
        "20000",
    ]);
    env.ok(&[
        "task",
        "add",
        "PLT",
        "Ready",
        "--milestone",
        "--after",
        "PLT-2",
    ]);
    env.ok(&[
        "task",
        "add",
        "APP",
        "Screens",
        "--duration",
        "5",
        "--budget",
        "10000",
    ]);
    // The baseline is the pure plan: PLT-1 11-02..11-06, PLT-2 11-09..11-20, APP-1 11-02..11-06.
    let r = env.run_at("2026-11-01", &["baseline", "set", "original"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env.ok(&[
        "task",
        "set",
        "PLT-1",
        "--started",
        "2026-11-02",
        "--finished",
        "2026-11-10",
    ]);
    env.ok(&[
        "task",
        "set",
        "PLT-2",
        "--started",
        "2026-11-11",
        "--percent",
        "50",
    ]);
    env.ok(&[
        "task",
        "set",
        "APP-1",
        "--started",
        "2026-11-02",
        "--finished",
        "2026-11-17",
    ]);
    env.ok(&["budget", "set", "PLT", "Labor", "2026-11", "30000"]);
    env.ok(&["budget", "set", "APP", "Labor", "2026-11", "10000"]);
    env.ok(&[
        "spend",
        "add",
        "2026-11-06",
        "PLT",
        "Labor",
        "12000",
        "--status",
        "paid",
    ]);
    env.ok(&["spend", "add", "2026-11-18", "PLT", "Labor", "9000"]);
    env.ok(&[
        "spend",
        "add",
        "2026-11-19",
        "APP",
        "Labor",
        "11000",
        "--status",
        "accrued",
    ]);
    env.ok(&[
        "spend",
        "add",
        "2026-11-20",
        "PLT",
        "Vendors",
        "5000",
        "--status",
        "committed",
    ]);
    env.ok(&[
        "raid",
        "add",
        "risk",
        "Vendor slips",
        "--probability",
        "4",
        "--impact",
        "5",
        "--ws",
        "PLT",
        "--cost-impact",
        "50000",
    ]);
    env.ok(&[
        "raid",
        "add",
        "issue",
        "SSO tenant missing",
        "--impact",
        "3",
        "--ws",
        "APP",
        "--due",
        "2026-11-13",
    ]);
    env.ok(&[
        "raid",
        "add",
        "risk",
        "Minor",
        "--probability",
        "1",
        "--impact",
        "2",
        "--ws",
        "APP",
        "--cost-impact",
        "10000",
    ]);
    env.ok(&["raid", "close", "R-2", "--date", "2026-11-19"]);
    env.ok(&[
        "note",
        "PLT",
        "--week",
        "2026-W47",
        "--rag",
        "amber",
        "--reason",
        "Second source agreed",
        "--summary",
        "Build on track after the design slip",
        "--done",
        "Design signed off",
        "--next",
        "Finish build",
    ]);
    env.ok(&[
        "note",
        "--program",
        "--week",
        "2026-W47",
        "--summary",
        "Launch holds",
    ]);
    env.ok(&[
        "change",
        "add",
        "Add SSO",
        "--ws",
        "PLT",
        "--budget-delta",
        "5000",
    ]);
    env.ok(&[
        "decision",
        "add",
        "Use Postgres",
        "--decision",
        "Managed Postgres",
        "--date",
        "2026-11-09",
    ]);
    env.ok(&[
        "decision",
        "add",
        "Two trial migrations",
        "--decision",
        "Hold a second trial",
        "--date",
        "2026-11-17",
        "--by",
        "Priya Nair",
    ]);
    env
}

fn validate(status: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("../assets/weekly-status.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(status)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

fn task(
    key: &str,
    title: &str,
    ws: &str,
    baseline: &str,
    forecast: &str,
    slip: i64,
    pct: i64,
) -> Value {
    json!({"key": key, "title": title, "workstream": ws, "baseline_finish": baseline, "forecast_finish": forecast, "slip_days": slip, "percent_complete": pct})
}

#[test]
fn weekly_status_values_and_schema() {
    let env = program();
    let s = env.json(&["status", "export", "--week", "2026-W47"]);
    validate(&s);
    assert_eq!(s["format"], "milepost.weekly-status");
    assert_eq!(s["program"], json!({"name": "Atlas", "currency": "USD"}));
    assert_eq!(
        (s["week"].clone(), s["period"].clone(), s["as_of"].clone()),
        (
            json!("2026-W47"),
            json!({"start": "2026-11-16", "end": "2026-11-22"}),
            json!("2026-11-22")
        )
    );
    assert_eq!(s["baseline"], "original");
    assert_eq!(
        s["overall"],
        json!({"rag": "red", "computed_rag": "red", "override_reason": null,
               "reasons": ["PLT-2 slips 5 working days", "PLT-3 slips 5 working days", "CPI 0.9375 is below 0.95", "R-1 scores 20", "I-1 is overdue (due 2026-11-13)"],
               "summary": "Launch holds", "accomplishments": [], "next_steps": []})
    );
    assert_eq!(
        s["workstreams"][0],
        json!({"key": "PLT", "name": "Platform", "owner": "Dana Ortiz", "rag": "amber", "computed_rag": "red",
               "override_reason": "Second source agreed",
               "reasons": ["SPI 0.9091 is below 0.95", "PLT-2 slips 5 working days", "PLT-3 slips 5 working days", "R-1 scores 20"],
               "summary": "Build on track after the design slip", "accomplishments": ["Design signed off"], "next_steps": ["Finish build"],
               "percent_complete": 67, "forecast_finish": "2026-11-27", "slip_days": 5,
               "budget": {"bac": "30000.00", "pv": "22000.00", "ev": "20000.00", "ac": "21000.00", "cpi": 0.9524, "spi": 0.9091}})
    );
    assert_eq!(
        s["workstreams"][1],
        json!({"key": "APP", "name": "Mobile app", "owner": "Sam Lee", "rag": "red", "computed_rag": "red", "override_reason": null,
               "reasons": ["CPI 0.9091 is below 0.95", "actual cost 11,000.00 exceeds the budget 10,000.00", "I-1 is overdue (due 2026-11-13)"],
               "summary": null, "accomplishments": [], "next_steps": [],
               "percent_complete": 100, "forecast_finish": "2026-11-17", "slip_days": 7,
               "budget": {"bac": "10000.00", "pv": "7333.33", "ev": "10000.00", "ac": "11000.00", "cpi": 0.9091, "spi": 1.3636}})
    );
    assert_eq!(
        s["schedule"],
        json!({"baseline_finish": "2026-11-20", "forecast_finish": "2026-11-27", "slip_days": 5, "percent_complete": 75,
               "completed_this_week": [task("APP-1", "Screens", "APP", "2026-11-06", "2026-11-17", 7, 100)],
               "due_next_two_weeks": [task("PLT-2", "Build", "PLT", "2026-11-20", "2026-11-27", 5, 50), task("PLT-3", "Ready", "PLT", "2026-11-20", "2026-11-27", 5, 0)],
               "slipped": [task("APP-1", "Screens", "APP", "2026-11-06", "2026-11-17", 7, 100),
                           task("PLT-2", "Build", "PLT", "2026-11-20", "2026-11-27", 5, 50),
                           task("PLT-3", "Ready", "PLT", "2026-11-20", "2026-11-27", 5, 0),
                           task("PLT-1", "Design", "PLT", "2026-11-06", "2026-11-10", 2, 100)],
               "critical_path": ["PLT-2", "PLT-3"]})
    );
    let raid = &s["raid"];
    assert_eq!(
        raid["open"],
        json!({"risk": 1, "assumption": 0, "issue": 1, "dependency": 0})
    );
    let keys = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys(&raid["top_risks"]), ["R-1"]);
    assert_eq!(raid["top_risks"][0]["score"], 20);
    assert_eq!(keys(&raid["new_this_week"]), ["I-1", "R-1", "R-2"]);
    assert_eq!(keys(&raid["closed_this_week"]), ["R-2"]);
    assert_eq!(keys(&raid["overdue"]), ["I-1"]);
    assert_eq!(keys(&raid["escalated"]), Vec::<String>::new());
    assert_eq!(
        s["budget"],
        json!({"bac": "40000.00", "pv": "29333.33", "ev": "30000.00", "ac": "32000.00", "committed": "5000.00",
               "spent_this_week": "20000.00", "cv": "-2000.00", "sv": "666.67", "cpi": 0.9375, "spi": 1.0227,
               "eac": "42666.67", "etc": "10666.67", "vac": "-2666.67", "tcpi": 1.25, "contingency": "32500.00"})
    );
    assert_eq!(keys(&s["changes"]), ["CR-1"]);
    assert_eq!(keys(&s["decisions"]), ["DEC-2"]);
}

#[test]
fn exports_are_deterministic_and_written_atomically() {
    let env = program();
    for format in ["json", "markdown"] {
        let a = env.ok(&["status", "export", "--week", "2026-W47", "--format", format]);
        let b = env.ok(&["status", "export", "--week", "2026-W47", "--format", format]);
        assert_eq!(a, b, "{format}: same database and week, same bytes");
        let file = env.path(&format!("status.{format}"));
        let out = env.ok(&[
            "status",
            "export",
            "--week",
            "2026-W47",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        assert!(out.starts_with("wrote the 2026-W47 status to"), "{out}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), a);
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
    // The default week is the current one (2026-11-18 is in 2026-W47).
    assert_eq!(
        env.ok(&["status", "export"]),
        env.ok(&["status", "export", "--week", "2026-W47"])
    );
}

#[test]
fn markdown_snapshot() {
    let env = program();
    let md = env.ok(&[
        "status", "export", "--week", "2026-W47", "--format", "markdown",
    ]);
    insta::assert_snapshot!("weekly_status_markdown", md);
}

#[test]
fn iso_week_edge_cases() {
    let env = program();
    let s = env.json(&["status", "export", "--week", "2026-W53"]);
    assert_eq!(
        s["period"],
        json!({"start": "2026-12-28", "end": "2027-01-03"})
    );
    validate(&s);
    for bad in ["2025-W53", "2021-W53"] {
        let r = env.run(&["status", "export", "--week", bad]);
        assert_eq!(r.code, 2, "{bad}");
        assert!(
            r.stderr.starts_with(&format!("error: week \"{bad}\": ")),
            "{}",
            r.stderr
        );
    }
    // Before the program start: an export with empty lists, not an error.
    let s = env.json(&["status", "export", "--week", "2026-W40"]);
    validate(&s);
    assert_eq!(s["as_of"], "2026-10-04");
    assert_eq!(s["baseline"], Value::Null, "the baseline was taken later");
    for list in ["completed_this_week", "due_next_two_weeks", "slipped"] {
        assert_eq!(s["schedule"][list], json!([]), "{list}");
    }
    assert_eq!(
        s["raid"]["open"],
        json!({"risk": 0, "assumption": 0, "issue": 0, "dependency": 0})
    );
    assert_eq!(
        (s["changes"].clone(), s["decisions"].clone()),
        (json!([]), json!([]))
    );
    assert_eq!(s["budget"]["ac"], "0.00");
    let r = env.run(&["status", "export", "--format", "pdf"]);
    assert_eq!(r.code, 2);
}

#[test]
fn history_and_settings_change_the_verdict() {
    let env = program();
    let h = env.json(&["status", "history", "--weeks", "3", "--json"]);
    let weeks: Vec<&str> = h["program"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["week"].as_str().unwrap())
        .collect();
    assert_eq!(weeks, ["2026-W45", "2026-W46", "2026-W47"]);
    let plt = &h["workstreams"][0];
    assert_eq!(plt["key"], "PLT");
    assert_eq!(
        plt["weeks"][2],
        json!({"week": "2026-W47", "rag": "amber", "computed_rag": "red"})
    );
    // As of the end of W45, PLT-1 was 7 of its 9 actual days in (77 %, so 7,700 earned) against
    // 12,000 spent: CPI red; R-1 had not been raised yet.
    assert_eq!(plt["weeks"][0]["computed_rag"], "red");
    let w45 = env.json(&["status", "export", "--week", "2026-W45"]);
    let reasons = w45["workstreams"][0]["reasons"].as_array().unwrap();
    assert!(
        reasons.contains(&json!("CPI 0.6417 is below 0.85")),
        "{reasons:?}"
    );
    assert!(!reasons.contains(&json!("R-1 scores 20")), "{reasons:?}");
    let text = env.ok(&["status", "history", "--weeks", "3"]);
    assert!(text.contains("PLT      R    "), "{text}");
    assert!(text.contains("A*"), "{text}");
    // Raising the red line for risks to 25 takes R-1 (20) out of red.
    env.ok(&["settings", "set", "rag.risk_red", "25"]);
    let s = env.json(&["status", "export", "--week", "2026-W47"]);
    assert!(
        s["workstreams"][0]["reasons"]
            .as_array()
            .unwrap()
            .contains(&json!("R-1 scores 20"))
    );
    assert_eq!(s["workstreams"][0]["computed_rag"], "amber");
}
