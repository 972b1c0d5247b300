//! Schedule speed: the full schedule (forward, backward, floats, forecast) of generated
//! programs of 1k, 10k and 100k tasks (about two links per task), and `milepost schedule --json`
//! end to end on the 100k program, flat and with a 4-level WBS (target: under 1.5 s).
//!
//! Run with `cargo bench --bench schedule`. Prints medians.

use chrono::NaiveDate;
use milepost::domain::{Calendar, Workdays};
use milepost::engine::schedule::schedule;
use milepost::io::generate;
use milepost::store::Store;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let mut big = None;
    for n in [1_000usize, 10_000, 100_000] {
        let doc = generate::generate(n, 1).expect("generate");
        let holidays = &doc.program.calendar.holidays;
        let cal = Calendar::new(doc.program.start, Workdays::default(), holidays);
        let links: usize = doc.tasks.iter().map(|t| t.after.len()).sum();
        let runs = if n < 100_000 { 51 } else { 21 };
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                let s = schedule(&doc.tasks, &cal, Some(as_of)).expect("schedule");
                std::hint::black_box(&s);
                t.elapsed()
            })
            .collect();
        println!(
            "schedule {n} tasks, {links} links: median {:.2?} of {runs}",
            median(times)
        );
        if n == 100_000 {
            big = Some(doc);
        }
    }
    let doc = big.expect("the 100k program");
    end_to_end(&doc, "100k tasks");
    // The same size with a 4-level WBS: summaries become entry and gather nodes.
    let deep = generate::generate_with_depth(100_000, 1, 4).expect("generate");
    let label = format!("100k tasks with a 4-level WBS ({} tasks)", deep.tasks.len());
    end_to_end(&deep, &label);
}

/// `milepost schedule --json` on `doc` in a fresh file, end to end: median of 5 runs.
fn end_to_end(doc: &milepost::domain::ProgramDoc, label: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let mut store = Store::create(&db).expect("create");
    store
        .bulk(|d| d.insert_doc(doc, &mut |_| {}))
        .expect("import");
    drop(store);
    let times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_milepost"))
                .args([
                    "--db",
                    db.to_str().expect("utf-8 path"),
                    "schedule",
                    "--json",
                    "--as-of",
                    "2026-06-30",
                ])
                .output()
                .expect("run milepost");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::hint::black_box(out.stdout.len());
            t.elapsed()
        })
        .collect();
    println!(
        "milepost schedule --json on {label}, end to end: median {:.2?} of 5",
        median(times)
    );
}
