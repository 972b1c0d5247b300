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

/// The texts of a list of reasons.
fn texts(reasons: &Value) -> Vec<String> {
    reasons
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect()
}

/// Export a week's status as of `today`.
fn export_at(env: &Env, today: &str, args: &[&str]) -> Value {
    let mut all = vec!["status", "export"];
    all.extend(args);
    let r = env.run_at(today, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    validate(&v);
    v
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
    json!({"key": key, "title": title, "workstream": ws, "milestone": key == "PLT-3", "baseline_finish": baseline, "forecast_finish": forecast, "slip_days": slip, "percent_complete": pct})
}

#[test]
fn weekly_status_values_and_schema() {
    let env = program();
    // On the Monday after: the week is over, so the status is as of its Sunday.
    let s = export_at(&env, "2026-11-23", &["--week", "2026-W47"]);
    assert_eq!(
        (s["format"].clone(), s["version"].clone()),
        (json!("milepost.weekly-status"), json!(2))
    );
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
    let mut overall = s["overall"].clone();
    let reasons = overall["reasons"].take();
    assert_eq!(
        overall,
        json!({"rag": "red", "computed_rag": "red", "override_reason": null, "reasons": null,
               "summary": "Launch holds", "accomplishments": [], "next_steps": []})
    );
    assert_eq!(
        texts(&reasons),
        [
            "PLT-2 slips 5 working days (amber at 1 or more)",
            "PLT-3 slips 5 working days (amber at 1 or more)",
            "CPI 0.9375 is below 0.95",
            "R-1 scores 20 (red at 20 or more)",
            "I-1 is overdue (due 2026-11-13, before 2026-11-22)"
        ]
    );
    assert_eq!(
        reasons[0],
        json!({"rule": "schedule", "level": "amber", "code": "slip", "item": "PLT-2", "value": "5", "threshold": "1",
               "text": "PLT-2 slips 5 working days (amber at 1 or more)"})
    );
    assert_eq!(
        reasons[2],
        json!({"rule": "cost", "level": "amber", "code": "cpi", "item": null, "value": "0.9375", "threshold": "0.95",
               "text": "CPI 0.9375 is below 0.95"})
    );
    assert_eq!(
        reasons[4],
        json!({"rule": "raid", "level": "amber", "code": "overdue", "item": "I-1", "value": "2026-11-13", "threshold": "2026-11-22",
               "text": "I-1 is overdue (due 2026-11-13, before 2026-11-22)"})
    );
    let mut plt = s["workstreams"][0].clone();
    let reasons = plt["reasons"].take();
    assert_eq!(
        plt,
        json!({"key": "PLT", "name": "Platform", "owner": "Dana Ortiz", "rag": "amber", "computed_rag": "red",
               "override_reason": "Second source agreed", "reasons": null,
               "summary": "Build on track after the design slip", "accomplishments": ["Design signed off"], "next_steps": ["Finish build"],
               "percent_complete": 67, "forecast_finish": "2026-11-27", "slip_days": 5,
               "budget": {"bac": "30000.00", "pv": "22000.00", "ev": "20000.00", "ac": "21000.00", "cpi": 0.9524, "spi": 0.9091,
                          "eac": "31500.00", "vac": "-1500.00"}})
    );
    assert_eq!(
        texts(&reasons),
        [
            "SPI 0.9091 is below 0.95",
            "PLT-2 slips 5 working days (amber at 1 or more)",
            "PLT-3 slips 5 working days (amber at 1 or more)",
            "R-1 scores 20 (red at 20 or more)"
        ]
    );
    let mut app = s["workstreams"][1].clone();
    let reasons = app["reasons"].take();
    assert_eq!(
        app,
        json!({"key": "APP", "name": "Mobile app", "owner": "Sam Lee", "rag": "red", "computed_rag": "red", "override_reason": null,
               "reasons": null, "summary": null, "accomplishments": [], "next_steps": [],
               "percent_complete": 100, "forecast_finish": "2026-11-17", "slip_days": 7,
               "budget": {"bac": "10000.00", "pv": "7333.33", "ev": "10000.00", "ac": "11000.00", "cpi": 0.9091, "spi": 1.3636,
                          "eac": "11000.00", "vac": "-1000.00"}})
    );
    assert_eq!(
        texts(&reasons),
        [
            "CPI 0.9091 is below 0.95",
            "actual cost 11,000.00 exceeds the budget 10,000.00",
            "I-1 is overdue (due 2026-11-13, before 2026-11-22)"
        ]
    );
    assert_eq!(
        s["schedule"],
        json!({"baseline_finish": "2026-11-20", "forecast_finish": "2026-11-27", "slip_days": 5, "percent_complete": 75,
               "milestones": [{"key": "PLT-3", "title": "Ready", "workstream": "PLT", "milestone": true, "baseline_finish": "2026-11-20",
                               "forecast_finish": "2026-11-27", "slip_days": 5, "percent_complete": 0, "moved_days": null}],
               "completed_this_week": [task("APP-1", "Screens", "APP", "2026-11-06", "2026-11-17", 7, 100)],
               "due_next_two_weeks": [task("PLT-2", "Build", "PLT", "2026-11-20", "2026-11-27", 5, 50), task("PLT-3", "Ready", "PLT", "2026-11-20", "2026-11-27", 5, 0)],
               // PLT-1 finished late, but last week: its delay shows in what it pushed. APP-1
               // finished late this week, so it is news.
               "slipped": [task("APP-1", "Screens", "APP", "2026-11-06", "2026-11-17", 7, 100),
                           task("PLT-2", "Build", "PLT", "2026-11-20", "2026-11-27", 5, 50),
                           task("PLT-3", "Ready", "PLT", "2026-11-20", "2026-11-27", 5, 0)],
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
    assert_eq!(
        raid["top_risks"],
        json!([{"key": "R-1", "title": "Vendor slips", "workstream": "PLT", "owner": null, "status": "open", "due": null,
                "probability": 4, "impact": 5, "score": 20, "exposure": "32500.00", "mitigation": null, "tasks": []}])
    );
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
    // A week that has not started has no status yet.
    let r = env.run(&["status", "export", "--week", "2026-W53"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: week \"2026-W53\": has not started yet (it starts on 2026-12-28; today is 2026-11-18)\n"
    );
    let s = export_at(&env, "2027-01-04", &["--week", "2026-W53"]);
    assert_eq!(
        s["period"],
        json!({"start": "2026-12-28", "end": "2027-01-03"})
    );
    assert_eq!(s["as_of"], "2027-01-03");
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
    let reasons = texts(&w45["workstreams"][0]["reasons"]);
    assert!(
        reasons.contains(&"CPI 0.6417 is below 0.85".to_string()),
        "{reasons:?}"
    );
    assert!(
        !reasons.iter().any(|r| r.starts_with("R-1 scores")),
        "{reasons:?}"
    );
    let text = env.ok(&["status", "history", "--weeks", "3"]);
    assert!(text.contains("PLT      R    "), "{text}");
    assert!(text.contains("A*"), "{text}");
    // Raising the red line for risks to 25 takes R-1 (20) out of red.
    env.ok(&["settings", "set", "rag.risk_red", "25"]);
    let s = env.json(&["status", "export", "--week", "2026-W47"]);
    assert!(
        texts(&s["workstreams"][0]["reasons"])
            .contains(&"R-1 scores 20 (amber at 10 or more)".to_string())
    );
    assert_eq!(s["workstreams"][0]["computed_rag"], "amber");
}

/// A program whose plan was made last week (2026-W48) and that starts in two weeks: task A (5
/// days) then the milestone M; no budget, so no SPI or CPI verdict yet.
fn planned_last_week() -> Env {
    let env = Env::new();
    let last_week = "2026-11-25";
    for args in [
        vec!["init", "Beacon", "--start", "2026-12-14"],
        vec!["ws", "add", "PLT", "Platform"],
        vec!["task", "add", "PLT", "A", "--duration", "5"],
        vec!["task", "add", "PLT", "M", "--milestone", "--after", "PLT-1"],
        vec!["baseline", "set", "original"],
    ] {
        let r = env.run_at(last_week, &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    env
}

#[test]
fn on_a_tuesday_the_status_reports_what_has_happened() {
    // Today is Tuesday 2026-12-01 (2026-W49).
    let tuesday = "2026-12-01";
    let env = Env::new();
    for args in [
        vec!["init", "Atlas", "--start", "2026-11-30"],
        vec!["ws", "add", "PLT", "Platform"],
        vec!["task", "add", "PLT", "Design", "--duration", "5"],
        vec![
            "task",
            "add",
            "PLT",
            "Ready",
            "--milestone",
            "--after",
            "PLT-1",
        ],
        vec!["baseline", "set", "original"],
        vec![
            "raid",
            "add",
            "issue",
            "Tenant missing",
            "--ws",
            "PLT",
            "--due",
            "fri",
        ],
    ] {
        let r = env.run_at(tuesday, &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    let s = export_at(&env, tuesday, &[]);
    assert_eq!(s["week"], "2026-W49");
    assert_eq!(s["as_of"], tuesday, "today, not the Sunday ahead");
    assert_eq!(
        s["period"],
        json!({"start": "2026-11-30", "end": "2026-12-06"})
    );
    // A plan baselined today is green; an issue due Friday is not overdue.
    assert_eq!(s["overall"]["computed_rag"], "green");
    assert_eq!(s["overall"]["reasons"], json!([]));
    assert_eq!(s["workstreams"][0]["computed_rag"], "green");
    assert_eq!(s["raid"]["overdue"], json!([]));
    assert_eq!(s["schedule"]["slipped"], json!([]));
    assert_eq!(s["schedule"]["milestones"][0]["slip_days"], 0);
    // A day inside the week that has happened can be asked for.
    let monday = export_at(&env, tuesday, &["--as-of", "2026-11-30"]);
    assert_eq!(monday["as_of"], "2026-11-30");
    let yesterday = export_at(&env, tuesday, &["--as-of", "-1d"]);
    assert_eq!(yesterday["as_of"], "2026-11-30");
    // Refused: a day outside the week, a day that has not happened, a week not started.
    for (args, message) in [
        (
            vec!["--as-of", "2026-11-29"],
            "error: as_of \"2026-11-29\": is outside the week 2026-W49 (2026-11-30 to 2026-12-06)\n",
        ),
        (
            vec!["--as-of", "2026-12-04"],
            "error: as_of \"2026-12-04\": is after today (2026-12-01): a status reports what has happened\n",
        ),
        (
            vec!["--week", "2026-W50"],
            "error: week \"2026-W50\": has not started yet (it starts on 2026-12-07; today is 2026-12-01)\n",
        ),
    ] {
        let mut all = vec!["status", "export"];
        all.extend(&args);
        let r = env.run_at(tuesday, &all);
        assert_eq!((r.code, r.stderr.as_str()), (2, message), "{args:?}");
    }
}

#[test]
fn moved_days_compare_with_the_plan_as_it_stood_last_week() {
    let env = planned_last_week();
    let tuesday = "2026-12-01";
    let before = export_at(&env, tuesday, &[]);
    let m = &before["schedule"]["milestones"][0];
    assert_eq!(
        (
            m["key"].clone(),
            m["forecast_finish"].clone(),
            m["moved_days"].clone()
        ),
        (json!("PLT-2"), json!("2026-12-18"), json!(0))
    );
    // This week A grows from 5 to 8 days: M moves 3 working days (Friday to Wednesday).
    let r = env.run_at(tuesday, &["task", "set", "PLT-1", "--duration", "8"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = export_at(&env, tuesday, &[]);
    let m = &after["schedule"]["milestones"][0];
    assert_eq!(
        (
            m["forecast_finish"].clone(),
            m["slip_days"].clone(),
            m["moved_days"].clone()
        ),
        (json!("2026-12-23"), json!(3), json!(3))
    );
    // A milestone added this week did not exist last week.
    let r = env.run_at(
        tuesday,
        &["task", "add", "PLT", "N", "--milestone", "--after", "PLT-2"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let added = export_at(&env, tuesday, &[]);
    assert_eq!(added["schedule"]["milestones"][1]["key"], "PLT-3");
    assert_eq!(
        added["schedule"]["milestones"][1]["moved_days"],
        Value::Null
    );
    // Undoing the change brings M back where it was.
    env.run_at(tuesday, &["undo"]);
    env.run_at(tuesday, &["undo"]);
    let undone = export_at(&env, tuesday, &[]);
    assert_eq!(undone["schedule"]["milestones"][0]["moved_days"], 0);
}

/// Screen lines a text takes at `columns` (wide emoji take two cells).
fn screen_lines(text: &str, columns: usize) -> usize {
    text.lines()
        .map(|l| {
            let width: usize = l
                .chars()
                .map(|c| if (c as u32) >= 0x1F000 { 2 } else { 1 })
                .sum();
            width.div_ceil(columns).max(1)
        })
        .sum()
}

#[test]
fn the_demo_summary_fits_a_screen() {
    let env = Env::new();
    let today = "2026-12-01";
    assert_eq!(env.run_at(today, &["demo", "--no-tui"]).code, 0);
    let md = env
        .run_at(today, &["status", "export", "--format", "markdown"])
        .stdout;
    let end = md.find("\n## Overall").expect("details follow the summary");
    let summary = &md[..end];
    let lines = screen_lines(summary, 100);
    assert!(lines <= 40, "{lines} lines at 100 columns:\n{summary}");
    for part in [
        "**Overall: 🔴 Red**",
        "Key milestones:",
        "Budget: BAC USD ",
        "Top risks:",
        "| APP-6 Beta release | 2026-12-14 | 2026-12-16 | +2 |",
    ] {
        assert!(summary.contains(part), "{part} missing:\n{summary}");
    }
    insta::assert_snapshot!("demo_status_summary", summary);
    // The details cut long lists to ten rows.
    let slipped = md
        .split("### Slipped against the baseline")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .nth(1)
        .unwrap();
    assert_eq!(slipped.lines().count(), 2 + 10, "{slipped}");
    assert!(md.contains("\nand 7 more.\n"), "{md}");
}

#[test]
fn note_lists_are_edited_moved_and_removed_by_position() {
    let env = Env::new();
    env.small_program();
    let note = |env: &Env| -> Value {
        let s = env.json(&["status", "export"]);
        s["workstreams"][0].clone()
    };
    env.ok(&[
        "note", "PLT", "--done", "Design", "--done", "Build", "--done", "Test", "--next", "Ship",
    ]);
    env.ok(&[
        "note",
        "PLT",
        "--move-done",
        "3=1",
        "--edit-done",
        "2=Design signed off",
    ]);
    assert_eq!(
        note(&env)["accomplishments"],
        json!(["Test", "Design", "Design signed off"]),
        "edits first (Build becomes Design signed off), then moves (Test to the top)"
    );
    env.ok(&[
        "note",
        "PLT",
        "--remove-done",
        "1",
        "--remove-done",
        "3",
        "--done",
        "Deploy",
    ]);
    assert_eq!(
        note(&env)["accomplishments"],
        json!(["Design", "Deploy"]),
        "removals count positions before the additions"
    );
    let before = env.export();
    for (args, message) in [
        (
            vec!["note", "PLT", "--remove-next", "2"],
            "error: remove_next \"2\": must be between 1 and 1\n",
        ),
        (
            vec!["note", "PLT", "--edit-done", "two=x"],
            "error: edit_done \"two\": not a whole number\n",
        ),
        (
            vec!["note", "PLT", "--move-next", "1"],
            "error: move_next \"1\": expected N=M, like 3=1\n",
        ),
        (
            vec!["note", "APP", "--remove-done", "1"],
            "error: remove_done \"1\": the list is empty\n",
        ),
    ] {
        let r = env.run(&args);
        assert_eq!((r.code, r.stderr.as_str()), (2, message), "{args:?}");
    }
    assert_eq!(env.export(), before, "nothing written");
    env.ok(&["undo"]);
    assert_eq!(
        note(&env)["accomplishments"],
        json!(["Test", "Design", "Design signed off"]),
        "undo brings the list back"
    );
}
