//! CSV import of tasks and RAID items (SPEC §12) on sheets written for these tests, in the
//! shapes MS Project, Smartsheet and a risk register spreadsheet export: header matching,
//! `--map`, every bad cell by line and column, all or nothing, `--dry-run`, and undo of a
//! whole import.

mod common;

use common::{Env, task};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn doc(env: &Env) -> Value {
    serde_json::from_str(&env.export()).unwrap()
}

fn links(t: &Value) -> Vec<String> {
    t["after"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    let lag = l["lag"].as_i64().unwrap_or(0);
                    format!("{}:{}{lag:+}", l["key"], l["type"]).replace('"', "")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_ms_project_export_starts_a_program_with_its_outline() {
    let env = Env::new();
    let file = fixture("msproject-tasks.csv");
    // Its progress is recorded up to 13 January 2027: before then, those dates are no facts.
    let r = env.run(&["import", &file, "--format", "csv-tasks"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: line 3, column Start: start 2027-01-04 is after today ({}), and 100% complete says it is an actual date\n\
             error: line 3, column Finish: finish 2027-01-08 is after today ({0}), and 100% complete says it is an actual date\n\
             error: line 4, column Start: start 2027-01-11 is after today ({0}), and 40% complete says it is an actual date\n",
            common::TODAY
        )
    );
    assert!(!env.db.exists(), "a refused plan starts no program");
    let r = env.run_at("2027-01-13", &["import", &file, "--format", "csv-tasks"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "started program \"msproject-tasks\" in {}, from 2027-01-04 (Monday to Friday; `milepost program set` changes it)",
            env.db.display()
        )
    );
    assert_eq!(
        lines[1],
        format!("imported {file}: 7 tasks and 6 links into APPS (new), HP (new), MT (new)")
    );
    assert_eq!(
        &lines[2..],
        [
            "  2 level-1 summary rows read as workstreams",
            "  1 linked level-1 summary rows kept as summary tasks too",
            "  2 milestones",
            "  1 start dates kept as start-no-earlier-than (tasks without predecessors)",
            "  2 start dates of linked tasks left to their links",
            "  1 summary rows' cost rolled up from subtasks instead",
            "  1 summary rows' duration and progress rolled up from subtasks instead",
            "  1 summary tasks",
            "  2 durations rounded up to whole working days",
            "  1 further resources left out (the first is the owner)",
            "  columns left out (no field; --map HEADER=field to read one): Notes",
        ]
    );
    let d = doc(&env);
    let ws: Vec<(&str, &str)> = d["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["key"].as_str().unwrap(), w["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ws,
        [
            ("HP", "Harbour platform"),
            ("APPS", "Apps"),
            ("MT", "msproject-tasks")
        ]
    );
    // Launch waits for the Harbour platform phase: a workstream, and a summary task at its top
    // that keeps the link.
    let phase = task(&d, "HP-1");
    assert_eq!(
        (
            &phase["title"],
            &phase["budget"],
            &phase["percent_complete"]
        ),
        (
            &Value::from("Harbour platform"),
            &Value::Null,
            &Value::from(0)
        )
    );
    let design = task(&d, "HP-2");
    assert_eq!(
        (
            &design["title"],
            &design["duration"],
            &design["percent_complete"],
            &design["actual_start"],
            &design["actual_finish"],
            &design["owner"],
            &design["budget"],
        ),
        (
            &Value::from("Design"),
            &Value::from(5),
            &Value::from(100),
            &Value::from("2027-01-04"),
            &Value::from("2027-01-08"),
            &Value::from("Alice Ng"),
            &Value::from("4000.00"),
        )
    );
    let build = task(&d, "HP-3");
    assert_eq!(build["owner"], "Bob Li");
    assert_eq!(build["percent_complete"], 40);
    assert_eq!(build["actual_start"], "2027-01-11");
    assert_eq!(build["actual_finish"], Value::Null);
    assert_eq!(build["parent"], "HP-1");
    assert_eq!(links(build), ["HP-2:FS+0"]);
    assert_eq!(task(&d, "HP-4")["duration"], 0);
    assert_eq!(links(task(&d, "HP-4")), ["HP-3:FS+1"]);
    // 1.5 weeks is 7.5 working days, rounded up; the start of a linked task is left to links.
    let screens = task(&d, "APPS-1");
    assert_eq!(screens["duration"], 8);
    assert_eq!(screens["not_before"], Value::Null);
    assert_eq!(links(screens), ["HP-4:FS+0", "HP-2:SS+2"]);
    // Four hours is half a day, rounded up; an unlinked task keeps its start as a constraint.
    let review = task(&d, "APPS-2");
    assert_eq!(
        (&review["duration"], &review["not_before"]),
        (&Value::from(1), &Value::from("2027-01-18"))
    );
    // A lag of 50% of the 8-day predecessor, and the phase.
    assert_eq!(links(task(&d, "MT-1")), ["APPS-1:SS+4", "HP-1:FS+0"]);

    // One change in the history, and undo takes the whole file back.
    let history = env.ok(&["history"]);
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(history.contains(&format!("imported {file}: 7 tasks")));
    env.ok(&["undo"]);
    let d = doc(&env);
    assert_eq!(d["tasks"].as_array().unwrap().len(), 0);
    assert_eq!(d["workstreams"].as_array().unwrap().len(), 0);
    assert_eq!(d["program"]["name"], "msproject-tasks");
}

#[test]
fn a_smartsheet_export_adds_to_the_program_by_workstream_name() {
    let env = Env::new();
    env.small_program();
    let before = doc(&env);
    let file = fixture("smartsheet-tasks.csv");
    let out = env.ok(&["import", &file, "--format", "csv-tasks", "--day-first"]);
    assert!(
        out.starts_with(&format!(
            "imported {file}: 4 tasks and 5 links into APP, PLT\n"
        )),
        "{out}"
    );
    let d = doc(&env);
    assert_eq!(d["workstreams"], before["workstreams"]);
    let review = task(&d, "PLT-4");
    assert_eq!(review["title"], "Security review");
    assert_eq!(review["owner"], "Priya");
    assert_eq!(links(review), ["PLT-3:FS+0"]);
    let pen = task(&d, "PLT-5");
    assert_eq!(links(pen), ["PLT-4:FS+1"]);
    assert_eq!(pen["deadline"], "2027-01-29");
    assert_eq!(links(task(&d, "APP-2")), ["PLT-2:SS+2"]);
    let live = task(&d, "APP-3");
    assert_eq!(
        (&live["title"], &live["duration"]),
        (&Value::from("Go live"), &Value::from(0))
    );
    assert_eq!(links(live), ["PLT-5:FS+0", "APP-2:FS+0"]);

    // Read month first, 15/01/2027 is no date: the error says so, and names the flag.
    let env = Env::new();
    env.small_program();
    let before = env.export();
    let r = env.run(&["import", &file, "--format", "csv-tasks"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: line 3, column End Date: finish \"15/01/2027\": not a calendar date read month first; pass --day-first for day/month/year\n\
         error: line 3, column Deadline: deadline \"29/01/2027\": not a calendar date read month first; pass --day-first for day/month/year\n"
    );
    assert_eq!(env.export(), before);
}

#[test]
fn every_bad_cell_is_listed_and_nothing_is_added() {
    let env = Env::new();
    env.small_program();
    let before = env.export();
    let sheet = env.path("bad.csv");
    std::fs::write(
        &sheet,
        "Task Name,Duration,Predecessors,Outline Level,Workstream,% Complete,Start\n\
         Alpha,3d,,1,PLT,,\n\
         Beta,x,1,3,PLT,,\n\
         Gamma,2,9;PLT-99,2,APP,150,\n\
         Delta,2,,1,,,31/12/2026\n\
         ,,,,,,\n\
         Eps,2 edays,1XX,1,PLT,,\n",
    )
    .unwrap();
    let r = env.run(&["import", sheet.to_str().unwrap(), "--format", "csv-tasks"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            "error: line 3, column Outline Level: level \"3\": follows a row at level 1; a row is at most one level below the row above",
            "error: line 3, column Duration: duration \"x\": expected working days, like 5, 5d, 5 days, 2w or 16h",
            "error: line 4, column % Complete: percent \"150\": expected a percent from 0 to 100",
            "error: line 4, column Workstream: APP, but its summary on line 2 is in PLT; a summary and its subtasks share a workstream",
            "error: line 4, column Predecessors: \"9\" is neither the ID of a row nor a task's key",
            "error: line 4, column Predecessors: \"PLT-99\" is neither the ID of a row nor a task's key",
            "error: line 5, column Start: start \"31/12/2026\": not a calendar date read month first; pass --day-first for day/month/year",
            "error: line 5, column Workstream: empty; name the row's workstream, or give --ws",
            "error: line 7, column Duration: duration \"2 edays\": is elapsed time; give working days (like 5d)",
            "error: line 7, column Predecessors: \"1XX\" is neither the ID of a row nor a task's key",
        ]
    );
    assert_eq!(env.export(), before, "a bad file adds nothing");
    assert_eq!(env.ok(&["history"]).lines().count(), 9);

    // --map reads a column under another name, or leaves one out.
    std::fs::write(&sheet, "Activity,Length,Stream,Comment\nWire up,3,PLT,x\n").unwrap();
    let r = env.run(&["import", sheet.to_str().unwrap(), "--format", "csv-tasks"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: line 1: no column for the title (Task Name, Name, Title, Task; or --map HEADER=title)\n"
    );
    let out = env.ok(&[
        "import",
        sheet.to_str().unwrap(),
        "--format",
        "csv-tasks",
        "--map",
        "activity=title",
        "--map",
        "Length=duration",
        "--map",
        "Comment=-",
    ]);
    assert!(out.contains("1 task and 0 links into PLT"), "{out}");
    assert!(!out.contains("columns left out"), "{out}");
    assert_eq!(task(&doc(&env), "PLT-4")["duration"], 3);
    let r = env.run(&[
        "import",
        sheet.to_str().unwrap(),
        "--format",
        "csv-tasks",
        "--map",
        "Activity=colour",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: --map: unknown field \"colour\" (fields: id, title, workstream,"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_risk_register_adds_its_items_once() {
    let env = Env::new();
    env.small_program();
    let file = fixture("risk-register.csv");
    let out = env.ok(&["import", &file, "--format", "csv-raid"]);
    assert_eq!(
        out,
        format!(
            "imported {file}: 2 risks, 1 assumption, 1 issue, 1 dependency\n\
             \x20 1 items already in the log (same kind and title) skipped\n\
             \x20 1 items without a type taken as risks\n\
             \x20 6 register IDs not kept (milepost numbers the items: R-1, I-1, ...)\n\
             \x20 columns left out (no field; --map HEADER=field to read one): Proximity\n"
        )
    );
    let d = doc(&env);
    let raid = d["raid"].as_array().unwrap();
    let item = |key: &str| raid.iter().find(|r| r["key"] == key).unwrap().clone();
    let late = item("R-2");
    assert_eq!(late["title"], "Hardware arrives late");
    assert_eq!(late["description"], "Late hardware,\nmaybe");
    assert_eq!(
        (&late["probability"], &late["impact"]),
        (&Value::from(4), &Value::from(5))
    );
    assert_eq!(late["cost_impact"], "25000.00");
    assert_eq!(late["workstream"], "PLT");
    assert_eq!(late["due"], "2027-02-15");
    assert_eq!(late["mitigation"], "Second source");
    let lab = item("I-1");
    assert_eq!(
        (&lab["status"], &lab["impact"], &lab["workstream"]),
        (
            &Value::from("in_progress"),
            &Value::from(4),
            &Value::from("APP")
        )
    );
    assert_eq!(item("A-1")["status"], "validated");
    assert_eq!(item("A-1")["closed"], common::TODAY);
    assert_eq!(item("D-1")["kind"], "dependency");
    let person = item("R-3");
    assert_eq!(
        (
            &person["probability"],
            &person["probability_pct"],
            &person["status"]
        ),
        (&Value::from(2), &Value::from(30), &Value::from("closed"))
    );

    // Again: nothing new, and nothing written.
    let out = env.ok(&["import", &file, "--format", "csv-raid"]);
    assert!(
        out.starts_with(&format!(
            "imported {file}: nothing new\n  6 items already in the log"
        )),
        "{out}"
    );
    assert_eq!(doc(&env)["raid"].as_array().unwrap().len(), 6);

    // A bad register: every cell, reading's and the program's checks in line order.
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        "Type,Title,Probability,Impact,Status,Due,Workstream\n\
         Risk,Fine,2,2,open,2027-01-01,\n\
         Bug,Crash,1,1,open,,\n\
         Risk,,9,2,open,someday,\n\
         Assumption,Another,,2,in progress,,NOPE\n",
    )
    .unwrap();
    let before = env.export();
    let r = env.run(&["import", bad.to_str().unwrap(), "--format", "csv-raid"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "error: line 3, column Type: kind \"Bug\": expected risk, assumption, issue or dependency",
            "error: line 4, column Title: title \"\": must not be empty",
            "error: line 4, column Probability: probability \"9\": expected 1-5 or very low, low, medium, high, very high",
            "error: line 4, column Due: due \"someday\": not a date (expected 2026-12-01, 12/1/2026, 1-Dec-2026 or Dec 1, 2026)",
            "error: line 5, column Status: status \"in progress\": an assumption status must be one of open, validated, invalid",
            "error: line 5, column Workstream: no workstream \"NOPE\" (by key or name)",
        ]
    );
    assert_eq!(env.export(), before);

    // Linked tasks by key, each unknown one named once; a closed date on an open item is
    // counted as left out.
    std::fs::write(
        &bad,
        "Type,Title,Status,Closed,Tasks\nIssue,Lab booked,Open,1/5/2026,\"plt-1, PLT-99\"\n",
    )
    .unwrap();
    let r = env.run(&["import", bad.to_str().unwrap(), "--format", "csv-raid"]);
    assert_eq!(
        r.stderr, "error: line 2, column Tasks: no task \"PLT-99\"\n",
        "{}",
        r.stderr
    );
    std::fs::write(
        &bad,
        "Type,Title,Status,Closed,Tasks\nIssue,Lab booked,Open,1/5/2026,plt-1\n",
    )
    .unwrap();
    let out = env.ok(&["import", bad.to_str().unwrap(), "--format", "csv-raid"]);
    assert!(
        out.contains("\n  1 closed dates of items whose status is open left out\n"),
        "{out}"
    );
    let d = doc(&env);
    let lab = d["raid"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Lab booked")
        .unwrap();
    assert_eq!(
        (&lab["status"], &lab["closed"], &lab["tasks"]),
        (
            &Value::from("open"),
            &Value::Null,
            &serde_json::json!(["PLT-1"])
        )
    );
}

#[test]
fn dry_runs_and_refusals_write_nothing() {
    let env = Env::new();
    let plan = fixture("msproject-tasks.csv");
    let r = env.run_at(
        "2027-01-13",
        &["import", &plan, "--format", "csv-tasks", "--dry-run"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    assert!(
        out.starts_with("dry run, nothing written: started program \"msproject-tasks\""),
        "{out}"
    );
    assert!(
        out.contains("\ndry run, nothing written: imported "),
        "{out}"
    );
    assert!(!env.db.exists(), "a dry run creates no file");
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("milepost-dry-run-{}-", std::process::id()))
        })
        .collect();
    assert!(leftovers.is_empty());

    // A register needs a program to go into.
    let r = env.run(&[
        "import",
        &fixture("risk-register.csv"),
        "--format",
        "csv-raid",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "holds no program to add a register to; create one with `milepost init NAME`"
        ),
        "{}",
        r.stderr
    );
    assert!(!env.db.exists());

    env.small_program();
    let before = env.export();
    let out = env.ok(&[
        "import",
        &fixture("risk-register.csv"),
        "--format",
        "csv-raid",
        "--dry-run",
    ]);
    assert!(
        out.starts_with("dry run, nothing written: imported "),
        "{out}"
    );
    for args in [
        vec!["import", &plan],
        vec!["import", &plan, "--format", "csv-tasks", "--replace"],
        vec!["import", &plan, "--ws", "PLT"],
        vec!["import", &plan, "--format", "csv-tasks", "--ws", "NOPE"],
        vec!["import", &plan, "--format", "csv-tasks", "--map", "nothing"],
    ] {
        let r = env.run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
    }
    assert_eq!(env.export(), before);
    assert_eq!(env.ok(&["history"]).lines().count(), 9);
}
