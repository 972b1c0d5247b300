//! Import speed at program scale: `generate --tasks N` (default 100,000, about 1M spend lines)
//! parsed, validated and written into a fresh database, as `milepost import` does.
//!
//! Run with `cargo bench --bench import`; set `MILEPOST_BENCH_TASKS` for another size.
//! Prints the file size and the median of three runs for each phase.

use milepost::io::{generate, program_json};
use milepost::store::Store;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let tasks: usize = std::env::var("MILEPOST_BENCH_TASKS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let doc = generate::generate(tasks, 1).expect("generate");
    let text = program_json::to_json(&doc);
    println!(
        "generate --tasks {tasks}: {} bytes, {} tasks, {} links, {} spend lines, {} budget lines in {:.2?}",
        text.len(),
        doc.tasks.len(),
        doc.tasks.iter().map(|t| t.after.len()).sum::<usize>(),
        doc.spend.len(),
        doc.budget.len(),
        t.elapsed()
    );
    drop(doc);
    let (mut parse, mut write, mut total) = (vec![], vec![], vec![]);
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("temp dir");
        let start = Instant::now();
        let doc = program_json::from_json(&text).expect("valid program");
        let parsed = Instant::now();
        let mut store = Store::create(&dir.path().join("bench.db")).expect("create");
        store
            .bulk(|db| db.insert_doc(&doc, &mut |_| {}))
            .expect("insert");
        let done = Instant::now();
        parse.push(parsed - start);
        write.push(done - parsed);
        total.push(done - start);
    }
    println!(
        "import (median of 3): parse+validate {:.2?}, write {:.2?}, total {:.2?}",
        median(parse),
        median(write),
        median(total)
    );
}
