//! Ledger and status speed on `generate --tasks 100000` (1,000,000 spend lines), end to end
//! through the release binary: `report budget --by month --json`, `report evm --json`,
//! `status export --format json`, and `spend import` of the 1M-line CSV into the program
//! without its spend (then again, all duplicates).
//!
//! Run with `cargo bench --bench ledger`. Prints medians.

use milepost::io::generate;
use milepost::store::Store;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn run(db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run milepost");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

fn main() {
    let doc = generate::generate(100_000, 1).expect("generate");
    let dir = tempfile::tempdir().expect("temp dir");
    let full = dir.path().join("full.db");
    let mut store = Store::create(&full).expect("create");
    store
        .bulk(|d| d.insert_doc(&doc, &mut |_| {}))
        .expect("import");
    drop(store);
    let commands: [&[&str]; 3] = [
        &[
            "report",
            "budget",
            "--by",
            "month",
            "--json",
            "--as-of",
            "2026-06-30",
        ],
        &["report", "evm", "--json", "--as-of", "2026-06-30"],
        &["status", "export", "--format", "json", "--week", "2026-W27"],
    ];
    for args in commands {
        let times: Vec<Duration> = (0..7).map(|_| run(&full, args)).collect();
        println!(
            "milepost {}: median {:.2?} of 7",
            args.join(" "),
            median(times)
        );
    }

    let mut csv = String::with_capacity(doc.spend.len() * 70);
    csv.push_str("date,workstream,category,amount,vendor,reference,status\n");
    for s in &doc.spend {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{}",
            s.date,
            s.workstream,
            s.category,
            s.amount,
            s.vendor.as_deref().unwrap_or(""),
            s.reference.as_deref().unwrap_or(""),
            s.status
        );
    }
    let csv_path = dir.path().join("finance.csv");
    std::fs::write(&csv_path, &csv).expect("write csv");
    let mut empty = doc.clone();
    empty.spend.clear();
    let mut times = vec![];
    for i in 0..3 {
        let db = dir.path().join(format!("nospend{i}.db"));
        let mut store = Store::create(&db).expect("create");
        store
            .bulk(|d| d.insert_doc(&empty, &mut |_| {}))
            .expect("import");
        drop(store);
        times.push(run(
            &db,
            &[
                "spend",
                "import",
                "--quiet",
                csv_path.to_str().expect("utf-8"),
            ],
        ));
        if i == 0 {
            let again = run(
                &db,
                &[
                    "spend",
                    "import",
                    "--quiet",
                    csv_path.to_str().expect("utf-8"),
                ],
            );
            println!("spend import of the same file again (all duplicates): {again:.2?}");
        }
    }
    println!(
        "spend import of {} lines ({} MB): median {:.2?} of 3",
        doc.spend.len(),
        csv.len() / 1_000_000,
        median(times)
    );
}
