//! `export --format ical` (SPEC §12): an all-day event per milestone on its forecast date and
//! per task deadline, with stable UIDs, CRLF line ends, lines folded at 75 octets and escaped
//! text. `scripts/interchange-check.sh` also reads it with an independent parser.

mod common;

use common::Env;

/// Unfold the content lines of an iCalendar text (RFC 5545 §3.1).
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn milestones_and_deadlines_as_all_day_events() {
    let env = Env::new();
    env.ok(&["demo", "--no-tui"]);
    env.ok(&[
        "task",
        "set",
        "PLT-3",
        "--title",
        "Build; test, and ship \\ now",
        "--deadline",
        "2026-12-18",
    ]);
    let ics = env.ok(&["export", "--format", "ical"]);
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{} octets: {l}", l.len());
        assert!(!l.contains('\n'), "bare LF in {l:?}");
    }
    let lines = unfold(&ics);
    // Every milestone of the schedule, on its forecast finish.
    let schedule = env.json(&["schedule", "--json"]);
    let milestones: Vec<&serde_json::Value> = schedule["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["milestone"] == true)
        .collect();
    assert!(milestones.len() > 3);
    for m in &milestones {
        let key = m["key"].as_str().unwrap();
        let uid = lines
            .iter()
            .position(|l| *l == format!("UID:milestone-{key}@atlascustomerplatform.milepost"))
            .unwrap_or_else(|| panic!("no event for {key}"));
        let day = m["finish"].as_str().unwrap().replace('-', "");
        assert_eq!(lines[uid + 2], format!("DTSTART;VALUE=DATE:{day}"));
        assert!(lines[uid + 5].starts_with(&format!("DESCRIPTION:{key} ")));
    }
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    let deadlines = lines
        .iter()
        .filter(|l| l.starts_with("UID:deadline-"))
        .count();
    assert_eq!(events, milestones.len() + deadlines);
    // The deadline, with its title escaped.
    let at = lines
        .iter()
        .position(|l| l.starts_with("UID:deadline-PLT-3@"))
        .unwrap();
    assert_eq!(lines[at + 2], "DTSTART;VALUE=DATE:20261218");
    assert_eq!(lines[at + 3], "DTEND;VALUE=DATE:20261219");
    assert_eq!(
        lines[at + 4],
        "SUMMARY:Deadline: PLT-3 Build\\; test\\, and ship \\\\ now"
    );
    // The same program gives the same calendar: UIDs are stable.
    assert_eq!(env.ok(&["export", "--format", "ical"]), ics);
    let file = env.path("atlas.ics");
    env.ok(&[
        "export",
        "--format",
        "ical",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), ics);
}
