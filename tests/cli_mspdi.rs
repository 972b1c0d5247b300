//! MS Project XML import (SPEC §12) on a small plan written for these tests
//! (`tests/fixtures/small-plan.xml`): workstreams from top-level summaries, the WBS below them,
//! durations in working days with the file's 7.5-hour day, link types and lags (also as a share
//! of the predecessor), the calendar, progress, constraints, deadline, cost, owner, baseline,
//! and the report of what was rounded, mapped or left out. The corpus of real files is checked
//! by `scripts/mspdi-corpus.sh`.

mod common;

use common::Env;

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/small-plan.xml",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_small_plan_maps_field_by_field() {
    let env = Env::new();
    let out = env.ok(&["import", &fixture()]);
    assert!(
        out.starts_with("imported \"Harbour upgrade\": 2 workstreams, 7 tasks"),
        "{out}"
    );
    for line in [
        "1 blank rows skipped",
        "1 durations rounded up to whole working days",
        "1 linked top-level summaries kept as summary tasks too (their links bind their subtasks)",
        "5 links",
        "1 percent lags as a share of the predecessor",
        "1 other constraints left out",
        "1 start-no-earlier-than constraints kept",
        "1 task calendars left out",
        "1 other calendars left out (task and resource calendars)",
        "1 further assignments left out (effort, work)",
        "1 baselines",
        "1 milestones",
        "2 summary tasks",
        "1 summary progress rolled up from subtasks instead",
    ] {
        assert!(
            out.contains(&format!("  {line}\n")),
            "missing {line:?} in\n{out}"
        );
    }
    let doc: serde_json::Value = serde_json::from_str(&env.export()).unwrap();
    assert_eq!(doc["program"]["currency"], "EUR");
    assert_eq!(doc["program"]["start"], "2026-03-02");
    assert_eq!(
        doc["program"]["calendar"]["holidays"],
        serde_json::json!(["2026-04-03", "2026-04-06", "2026-05-01"]),
        "weekend days of an exception are no holidays"
    );
    let ws: Vec<&str> = doc["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["key"].as_str().unwrap())
        .collect();
    assert_eq!(ws, ["QW", "HU"]);
    let task = |key: &str| common::task(&doc, key).clone();
    // Quay works is a phase that Sign-off waits for: a workstream, and a summary task at its
    // top that keeps the link.
    let phase = task("QW-1");
    assert_eq!(phase["title"], "Quay works");
    assert!(phase.get("parent").is_none(), "at the workstream's top");
    let survey = task("QW-2");
    assert_eq!(survey["title"], "Survey");
    assert_eq!(survey["duration"], 3, "22.5 hours of 7.5-hour days");
    assert_eq!(survey["percent_complete"], 100);
    assert_eq!(survey["actual_finish"], "2026-03-04");
    assert_eq!(survey["budget"], "12500.00");
    assert_eq!(survey["parent"], "QW-1");
    assert_eq!(
        task("QW-3")["deadline"],
        "2026-05-15",
        "a summary's deadline binds its leaves"
    );
    let piles = task("QW-4");
    assert_eq!(piles["parent"], "QW-3");
    assert_eq!(piles["duration"], 14, "100 hours is 13.3 days, rounded up");
    assert_eq!(piles["not_before"], "2026-03-09");
    assert_eq!(
        piles["owner"], "Piet de Vries",
        "the assignment with the most units"
    );
    assert_eq!(
        piles["after"],
        serde_json::json!([{"key": "QW-2", "type": "FS", "lag": 2}])
    );
    let cap = task("QW-5");
    assert_eq!(cap["deadline"], "2026-04-30");
    assert_eq!(
        cap["after"],
        serde_json::json!([{"key": "QW-4", "type": "SS", "lag": 7}]),
        "50 % of the 14-day predecessor"
    );
    let ready = task("QW-6");
    assert_eq!(ready["duration"], 0);
    assert_eq!(
        ready["after"],
        serde_json::json!([{"key": "QW-3", "type": "FS", "lag": 0}]),
        "a link out of a summary"
    );
    let sign_off = task("HU-1");
    assert_eq!(
        sign_off["after"],
        serde_json::json!([
            {"key": "QW-1", "type": "FS", "lag": 0},
            {"key": "QW-6", "type": "FF", "lag": 1}
        ]),
        "the link out of the phase is kept"
    );
    assert_eq!(doc["baselines"][0]["name"], "Baseline");
    assert_eq!(doc["baselines"][0]["tasks"][0]["key"], "QW-2");
    // The plan schedules: the milestone waits for both piling tasks.
    let s = env.json(&["schedule", "--json", "--as-of", "2026-03-01"]);
    let find = |key: &str| common::task(&s, key).clone();
    assert_eq!(find("QW-6")["finish"], find("QW-3")["finish"]);
    assert_eq!(find("QW-3")["summary"], true);
    // Sign-off waits for the whole phase, as in MS Project.
    assert!(find("HU-1")["start"].as_str() > find("QW-1")["finish"].as_str());
}

#[test]
fn dry_run_and_refusals() {
    let env = Env::new();
    let out = env.ok(&["import", &fixture(), "--dry-run"]);
    assert!(
        out.starts_with("dry run, nothing written: would import \"Harbour upgrade\""),
        "{out}"
    );
    assert!(out.contains("  5 links\n"), "{out}");
    assert!(!env.db.exists());
    let not_xml = env.path("plan.xml");
    std::fs::write(&not_xml, "{\"format\": \"milepost.program\"}").unwrap();
    let r = env.run(&["import", not_xml.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not XML"), "{}", r.stderr);
    std::fs::write(&not_xml, "<Calendar><Name>x</Name></Calendar>").unwrap();
    let r = env.run(&["import", not_xml.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("not an MS Project XML file (its root is <Calendar>"),
        "{}",
        r.stderr
    );
    assert!(!env.db.exists());
}
