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
