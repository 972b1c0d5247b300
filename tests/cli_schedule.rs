//! `milepost schedule` on a small program built through the CLI.

mod common;
use common::Env;
use serde_json::json;

#[test]
fn schedule_json_pure_plan() {
    let env = Env::new();
    env.small_program();
    // As of a date before the program start: the pure plan. 2026-01-19 is a holiday.
    let s = env.json(&["schedule", "--as-of", "2026-01-02", "--json"]);
    assert_eq!(s["as_of"], "2026-01-02");
    assert_eq!(s["project_start"], "2026-01-05");
    assert_eq!(s["project_finish"], "2026-01-26");
    assert_eq!(s["critical_path"], json!(["PLT-1", "PLT-2", "PLT-3"]));
    assert_eq!(
        s["tasks"][0],
        json!({"key": "PLT-1", "title": "Design", "workstream": "PLT", "duration": 10, "milestone": false,
               "start": "2026-01-05", "finish": "2026-01-16", "late_start": "2026-01-05", "late_finish": "2026-01-16",
               "total_float": 0, "free_float": 0, "critical": true, "percent_complete": 0,
               "baseline_start": null, "baseline_finish": null, "slip_days": null})
    );
    let build = &s["tasks"][1];
    assert_eq!(
        (build["start"].clone(), build["finish"].clone()),
        (json!("2026-01-20"), json!("2026-01-26"))
    );
    let ready = &s["tasks"][2];
    assert_eq!(
        (
            ready["milestone"].clone(),
            ready["start"].clone(),
            ready["finish"].clone()
        ),
        (json!(true), json!("2026-01-26"), json!("2026-01-26"))
    );
    let screens = &s["tasks"][3];
    assert_eq!(
        (
            screens["start"].clone(),
            screens["finish"].clone(),
            screens["late_start"].clone(),
            screens["late_finish"].clone()
        ),
        (
            json!("2026-01-07"),
            json!("2026-01-16"),
            json!("2026-01-14"),
            json!("2026-01-26")
        )
    );
    assert_eq!(
        (
            screens["total_float"].clone(),
            screens["free_float"].clone(),
            screens["critical"].clone()
        ),
        (json!(5), json!(5), json!(false))
    );

    let critical = env.json(&["schedule", "--as-of", "2026-01-02", "--critical", "--json"]);
    assert_eq!(critical["tasks"].as_array().unwrap().len(), 3);
}

#[test]
fn schedule_slip_against_the_latest_baseline() {
    let env = Env::new();
    env.small_program();
    env.ok(&["baseline", "set", "first"]);
    env.ok(&["task", "set", "PLT-2", "--duration", "7"]);
    env.ok(&["baseline", "set", "second"]);
    // Against "second" (the latest), lengthening PLT-1 by 3 days slips it and what follows.
    env.ok(&["task", "set", "PLT-1", "--duration", "13"]);
    let s = env.json(&["schedule", "--json"]);
    assert_eq!(s["as_of"], common::TODAY);
    let slips: Vec<(String, serde_json::Value)> = s["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_string(),
                t["slip_days"].clone(),
            )
        })
        .collect();
    assert_eq!(
        slips,
        vec![
            ("PLT-1".into(), json!(3)),
            ("PLT-2".into(), json!(3)),
            ("PLT-3".into(), json!(3)),
            ("APP-1".into(), json!(0))
        ]
    );
    // Work not started as of Wednesday 2026-11-18 starts the next day.
    assert_eq!(s["tasks"][0]["baseline_finish"], "2026-12-02");
    assert_eq!(s["tasks"][0]["finish"], "2026-12-07");

    let text = env.ok(&["schedule"]);
    assert!(
        text.contains("critical path: PLT-1, PLT-2, PLT-3"),
        "{text}"
    );
    assert!(text.contains("baseline second"), "{text}");
    let r = env.run(&["schedule", "--as-of", "2026-02-30"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("as_of \"2026-02-30\""), "{}", r.stderr);
}

/// Tasks with negative float, and finished tasks that still carry a float, in a schedule.
fn float_problems(s: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let tasks = s["tasks"].as_array().unwrap();
    let key = |t: &serde_json::Value| t["key"].as_str().unwrap().to_string();
    let negative = tasks
        .iter()
        .filter(|t| t["total_float"].as_i64().is_some_and(|f| f < 0))
        .map(key)
        .collect();
    let finished_with_float = tasks
        .iter()
        .filter(|t| t["percent_complete"] == 100)
        .filter(|t| {
            ["late_start", "late_finish", "total_float", "free_float"]
                .iter()
                .any(|f| !t[f].is_null())
                || t["critical"] == true
        })
        .map(key)
        .collect();
    (negative, finished_with_float)
}

#[test]
fn work_started_out_of_sequence_on_the_demo_adds_no_negative_float() {
    // CHG-5 waits on APP-6 (the beta release, not yet reached) but is recorded as started
    // yesterday. Its remaining work still waits for APP-6; nothing upstream goes negative, and
    // finished tasks (PLT-1, done in July) keep no float at all.
    let env = Env::new();
    let today = "2026-12-01";
    assert_eq!(env.run_at(today, &["demo", "--no-tui"]).code, 0);
    let json = |env: &Env| -> serde_json::Value {
        serde_json::from_str(&env.run_at(today, &["schedule", "--json"]).stdout).unwrap()
    };
    let before = json(&env);
    let (negative_before, finished_before) = float_problems(&before);
    assert_eq!(finished_before, Vec::<String>::new());

    let r = env.run_at(
        today,
        &[
            "task",
            "set",
            "CHG-5",
            "--started",
            "-1d",
            "--percent",
            "10",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = json(&env);
    let (negative_after, finished_after) = float_problems(&after);
    assert_eq!(finished_after, Vec::<String>::new());
    assert_eq!(negative_after, negative_before, "no new negative float");
    let task = |s: &serde_json::Value, k: &str| {
        s["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == k)
            .unwrap()
            .clone()
    };
    let plt1 = task(&after, "PLT-1");
    assert_eq!(plt1["total_float"], serde_json::Value::Null);
    assert_eq!(plt1["critical"], false);
    let chg5 = task(&after, "CHG-5");
    assert_eq!(chg5["start"], "2026-11-30");
    // The remaining work resumes after the beta release, so it finishes after it.
    let beta = task(&after, "APP-6");
    assert!(
        chg5["late_start"].as_str().unwrap() > beta["finish"].as_str().unwrap(),
        "{chg5} {beta}"
    );
    assert!(chg5["total_float"].as_i64().unwrap() >= 0);
    assert!(
        !after["critical_path"]
            .as_array()
            .unwrap()
            .contains(&json!("PLT-1"))
    );
    // The table leaves a finished task's float blank rather than printing 0.
    let text = env.run_at(today, &["schedule"]).stdout;
    let line = text.lines().find(|l| l.starts_with("PLT-1 ")).unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 2..],
        ["2026-07-10", "+0"],
        "no FLOAT, FREE or CRIT cells: {line}"
    );
}

#[test]
fn actual_dates_after_today_are_refused_and_relative_dates_count_back() {
    let env = Env::new();
    env.small_program();
    let before = env.export();
    // Today is Wednesday 2026-11-18.
    for (flag, value) in [("--started", "2026-11-19"), ("--finished", "+1d")] {
        let mut args = vec!["task", "set", "PLT-1", "--started", "2026-11-02"];
        if flag == "--started" {
            args = vec!["task", "set", "PLT-1"];
        }
        args.extend([flag, value]);
        let r = env.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let field = flag.trim_start_matches("--");
        assert!(
            r.stderr.starts_with(&format!(
                "error: {field} \"2026-11-19\": is after today (2026-11-18)"
            )),
            "{}",
            r.stderr
        );
        assert_eq!(r.stderr.lines().count(), 1);
        assert_eq!(env.export(), before, "nothing written");
    }
    // A finish before the start is refused too.
    let r = env.run(&[
        "task",
        "set",
        "PLT-1",
        "--started",
        "-1d",
        "--finished",
        "-2w",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("finished \"2026-11-04\": is before the start 2026-11-17"),
        "{}",
        r.stderr
    );
    assert_eq!(env.export(), before);

    // A leading `-` is a value, not a flag: -2w, -1d and yesterday all count back from today.
    env.ok(&[
        "task",
        "set",
        "PLT-1",
        "--started",
        "-2w",
        "--percent",
        "40",
    ]);
    env.ok(&["task", "set", "APP-1", "--started", "yesterday"]);
    env.ok(&["task", "set", "PLT-2", "--started", "-1d"]);
    env.ok(&["task", "set", "PLT-2", "--finished", "today"]);
    let tasks = env.json(&["task", "list", "--json"]);
    let dates: Vec<(String, serde_json::Value, serde_json::Value)> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_string(),
                t["actual_start"].clone(),
                t["actual_finish"].clone(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        vec![
            ("PLT-1".into(), json!("2026-11-04"), json!(null)),
            ("PLT-2".into(), json!("2026-11-17"), json!("2026-11-18")),
            ("PLT-3".into(), json!(null), json!(null)),
            ("APP-1".into(), json!("2026-11-17"), json!(null)),
        ]
    );
    let r = env.run(&["task", "set", "PLT-3", "--started", "someday"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("yesterday"), "{}", r.stderr);
}
