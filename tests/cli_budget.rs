//! Budget and earned-value reports, change approval into the budget, and spend import, through
//! the real binary on a program built through the CLI.

mod common;
use common::Env;
use serde_json::json;

/// The small program plus a February budget, progress and spend (one entry after the as-of
/// date, which the reports must leave out).
fn ledger() -> Env {
    let env = Env::new();
    env.small_program();
    env.ok(&["budget", "set", "PLT", "Labor", "2026-02", "28000"]);
    env.ok(&["budget", "set", "APP", "Vendors", "2026-02", "14000"]);
    env.ok(&[
        "task",
        "set",
        "PLT-1",
        "--started",
        "2026-01-05",
        "--percent",
        "50",
    ]);
    env.ok(&[
        "spend",
        "add",
        "2026-01-20",
        "PLT",
        "Labor",
        "30000",
        "--status",
        "paid",
    ]);
    env.ok(&[
        "spend",
        "add",
        "2026-02-10",
        "PLT",
        "Labor",
        "10000",
        "--status",
        "accrued",
    ]);
    env.ok(&["spend", "add", "2026-02-12", "APP", "Vendors", "5000"]);
    env.ok(&[
        "spend",
        "add",
        "2026-02-13",
        "APP",
        "Vendors",
        "9000",
        "--status",
        "committed",
    ]);
    env.ok(&[
        "spend",
        "add",
        "2026-03-01",
        "PLT",
        "Labor",
        "99999",
        "--status",
        "paid",
    ]);
    env
}

#[test]
fn budget_report_by_workstream_month_and_category() {
    let env = ledger();
    let r = env.json(&["report", "budget", "--as-of", "2026-02-14", "--json"]);
    assert_eq!(r["by"], "ws");
    assert_eq!(r["currency"], "USD");
    assert_eq!(
        r["rows"],
        json!([
            {"group": "PLT", "planned": "78000.00", "planned_to_date": "64000.00", "actual": "40000.00", "committed": "0.00",
             "variance": "24000.00", "variance_pct": 37.5, "used_pct": 51},
            {"group": "APP", "planned": "14000.00", "planned_to_date": "7000.00", "actual": "5000.00", "committed": "9000.00",
             "variance": "2000.00", "variance_pct": 28.57, "used_pct": 36}
        ])
    );
    assert_eq!(
        r["total"],
        json!({"group": "total", "planned": "92000.00", "planned_to_date": "71000.00", "actual": "45000.00", "committed": "9000.00",
               "variance": "26000.00", "variance_pct": 36.62, "used_pct": 49})
    );
    let m = env.json(&[
        "report",
        "budget",
        "--by",
        "month",
        "--as-of",
        "2026-02-14",
        "--json",
    ]);
    let months: Vec<(String, String, String)> = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap().into(),
                r["planned_to_date"].as_str().unwrap().into(),
                r["actual"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-01".into(), "50000.00".into(), "30000.00".into()),
            ("2026-02".into(), "21000.00".into(), "15000.00".into())
        ]
    );
    let c = env.json(&[
        "report",
        "budget",
        "--by",
        "category",
        "--as-of",
        "2026-02-14",
        "--json",
    ]);
    assert_eq!(c["rows"][1]["group"], "Vendors");
    assert_eq!(c["rows"][1]["committed"], "9000.00");
    let r = env.run(&["report", "budget", "--by", "vendor"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: by \"vendor\""), "{}", r.stderr);
}

#[test]
fn evm_report_every_figure() {
    let env = ledger();
    let r = env.json(&["report", "evm", "--as-of", "2026-02-14", "--json"]);
    assert_eq!(
        r["program"],
        json!({"bac": "92000.00", "pv": "71000.00", "ev": "46000.00", "ac": "45000.00", "committed": "9000.00",
               "cv": "1000.00", "sv": "-25000.00", "cpi": 1.0222, "spi": 0.6479, "eac": "90000.00",
               "eac_atypical": "91000.00", "eac_composite": "114456.52", "etc": "45000.00", "vac": "2000.00", "tcpi": 0.9787})
    );
    assert_eq!(
        r["workstreams"][0],
        json!({"workstream": "PLT", "bac": "78000.00", "pv": "64000.00", "ev": "39000.00", "ac": "40000.00", "committed": "0.00",
               "cv": "-1000.00", "sv": "-25000.00", "cpi": 0.975, "spi": 0.6094, "eac": "80000.00",
               "eac_atypical": "79000.00", "eac_composite": "105641.03", "etc": "40000.00", "vac": "-2000.00", "tcpi": 1.0263})
    );
    // APP has earned nothing yet: CPI is a real 0, so EAC, ETC and VAC are undefined.
    assert_eq!(
        r["workstreams"][1],
        json!({"workstream": "APP", "bac": "14000.00", "pv": "7000.00", "ev": "0.00", "ac": "5000.00", "committed": "9000.00",
               "cv": "-5000.00", "sv": "-7000.00", "cpi": 0.0, "spi": 0.0, "eac": null,
               "eac_atypical": "19000.00", "eac_composite": null, "etc": null, "vac": null, "tcpi": 1.5556})
    );
    let one = env.json(&[
        "report",
        "evm",
        "--as-of",
        "2026-02-14",
        "--ws",
        "APP",
        "--series",
        "--json",
    ]);
    assert_eq!(one["workstreams"].as_array().unwrap().len(), 1);
    let series = one["series"].as_array().unwrap();
    assert_eq!(
        series[0],
        json!({"month": "2026-01", "pv": "0.00", "ev": "0.00", "ac": "0.00"})
    );
    assert_eq!(
        series[1],
        json!({"month": "2026-02", "pv": "14000.00", "ev": "0.00", "ac": "5000.00"})
    );
    assert_eq!(env.run(&["report", "evm", "--ws", "NOPE"]).code, 2);
}

#[test]
fn approving_a_change_adds_its_budget_and_undo_takes_it_back() {
    let env = ledger();
    assert_eq!(
        env.run(&["change", "add", "No home", "--budget-delta", "10"])
            .code,
        2,
        "a delta needs a workstream"
    );
    env.ok(&[
        "change",
        "add",
        "Add SSO",
        "--ws",
        "PLT",
        "--budget-delta",
        "10,000",
    ]);
    env.ok(&[
        "change",
        "add",
        "More SSO",
        "--ws",
        "PLT",
        "--budget-delta",
        "2,500.50",
    ]);
    let before = env.export();
    env.ok(&["change", "approve", "CR-1", "--date", "2026-11-20"]);
    let out = env.ok(&["change", "approve", "CR-2", "--date", "2026-11-21"]);
    assert_eq!(
        out,
        "CR-2 approved; budget PLT Change 2026-11 raised to 12,500.50\n"
    );
    let lines = env.json(&["budget", "list", "--json"]);
    let change: Vec<&serde_json::Value> = lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["category"] == "Change")
        .collect();
    assert_eq!(
        change,
        vec![
            &json!({"workstream": "PLT", "category": "Change", "month": "2026-11", "amount": "12500.50"})
        ]
    );
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(
        env.export(),
        before,
        "undo takes the budget line back out with the approval"
    );
    env.ok(&[
        "change",
        "approve",
        "CR-1",
        "--category",
        "Licences",
        "--month",
        "2026-03",
    ]);
    let lines = env.json(&["budget", "list", "--json"]);
    assert!(
        lines
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["category"] == "Licences"
                && l["month"] == "2026-03"
                && l["amount"] == "10000.00")
    );
}

#[test]
fn spend_import_good_quoted_bom_crlf_and_duplicates() {
    let env = Env::new();
    env.small_program();
    let file = env.path("finance.csv");
    std::fs::write(
        &file,
        "\u{feff}date,workstream,category,amount,vendor,reference,status\r\n\
         2026-02-03,PLT,Labor,\"1,250.00\",\"Acme, Inc.\",INV-1,paid\r\n\
         2026-02-04,APP,Vendors,-300.00,,CN-1,\r\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(
        env.ok(&["spend", "import", path]),
        format!("imported {path}: 2 added, 0 duplicates skipped\n")
    );
    assert_eq!(
        env.json(&["spend", "list", "--json"]),
        json!([
            {"key": "SP-1", "date": "2026-02-03", "workstream": "PLT", "category": "Labor", "amount": "1250.00", "vendor": "Acme, Inc.", "reference": "INV-1", "status": "paid"},
            {"key": "SP-2", "date": "2026-02-04", "workstream": "APP", "category": "Vendors", "amount": "-300.00", "vendor": null, "reference": "CN-1", "status": "invoiced"}
        ])
    );
    let after_first = env.export();
    assert_eq!(
        env.ok(&["spend", "import", path]),
        format!("imported {path}: 0 added, 2 duplicates skipped\n")
    );
    assert_eq!(env.export(), after_first, "re-importing doubles nothing");
    // A file with one new row among old ones adds just that row, numbered after the others.
    let more = env.path("more.csv");
    std::fs::write(&more, "date,workstream,category,amount,reference\n2026-02-03,PLT,Labor,1250.00,INV-1\n2026-02-05,PLT,Travel,80,EXP-1\n").unwrap();
    let out = env.ok(&["spend", "import", more.to_str().unwrap()]);
    assert!(
        out.ends_with("2 added, 0 duplicates skipped\n"),
        "vendor differs, so INV-1 here is a new row: {out}"
    );
    // Undo takes the whole import back out; redo puts it back.
    env.ok(&["undo"]);
    assert_eq!(env.export(), after_first);
    env.ok(&["redo"]);
    assert_eq!(
        env.json(&["spend", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn a_bad_spend_file_is_refused_whole() {
    let env = Env::new();
    env.small_program();
    let before = env.export();
    let file = env.path("bad.csv");
    std::fs::write(
        &file,
        "date,workstream,category,amount\n2026-02-03,PLT,Labor,10\n2026-02-30,PLT,Labor,10\n2026-02-04,NOPE,Labor,10\n2026-02-05,APP,Labor,1e3\n",
    )
    .unwrap();
    let r = env.run(&["spend", "import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(
        lines[0].starts_with("error: line 3, column date: date \"2026-02-30\""),
        "{}",
        r.stderr
    );
    assert!(
        lines[1].starts_with("error: line 5, column amount: amount \"1e3\""),
        "{}",
        r.stderr
    );
    assert_eq!(env.export(), before);
    // Cells fine but a workstream unknown: refused too, naming the line.
    std::fs::write(
        &file,
        "date,workstream,category,amount\n2026-02-03,PLT,Labor,10\n2026-02-04,NOPE,Labor,10\n",
    )
    .unwrap();
    let r = env.run(&["spend", "import", file.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: line 3, column workstream: unknown workstream \"NOPE\"\n"
    );
    assert_eq!(env.export(), before);
}
