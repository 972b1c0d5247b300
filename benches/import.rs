//! Import speed at program scale: `generate --tasks N` (default 100,000, about 1M spend lines)
//! parsed, validated and written into a fresh database, as `milepost import` does.
//!
//! Run with `cargo bench --bench import`; set `MILEPOST_BENCH_TASKS` for another size.
//! Prints the file size and the median of three runs for each phase. Then MS Project XML:
//! a generated program of 10,000 tasks with a 4-level WBS (`MILEPOST_BENCH_MSP_TASKS`),
//! exported, then read, checked and written as `import PLAN.xml` does. Then a spreadsheet:
//! the same program as a task sheet (CSV with ID, Workstream, Outline Level, Predecessors),
//! read and added as one journaled change, as `import --format csv-tasks` does.

use milepost::io::{generate, mspdi, program_json};
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
    msp();
    sheet();
}

fn sheet() {
    let tasks: usize = std::env::var("MILEPOST_BENCH_MSP_TASKS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let doc = generate::generate_with_depth(tasks, 1, 4).expect("generate");
    let id: std::collections::HashMap<&str, usize> = doc
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i + 1))
        .collect();
    let parent: std::collections::HashMap<&str, Option<&str>> = doc
        .tasks
        .iter()
        .map(|t| (t.key.as_str(), t.parent.as_deref()))
        .collect();
    let mut csv = String::from("ID,Workstream,Task Name,Duration,Predecessors,Outline Level\n");
    let mut links = 0;
    for (i, t) in doc.tasks.iter().enumerate() {
        let mut level = 1;
        let mut at = t.parent.as_deref();
        while let Some(p) = at {
            level += 1;
            at = parent[p];
        }
        let preds: Vec<String> = t
            .after
            .iter()
            .map(|l| format!("{}{}{:+}d", id[l.key.as_str()], l.link_type.as_str(), l.lag))
            .collect();
        links += preds.len();
        csv.push_str(&format!(
            "{},{},\"{}\",{} days,\"{}\",{level}\n",
            i + 1,
            t.workstream,
            t.title,
            t.duration,
            preds.join(",")
        ));
    }
    let ctx =
        milepost::ops::Context::on(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut total = vec![];
    for i in 0..3 {
        let mut store = Store::create(&dir.path().join(format!("csv{i}.db"))).expect("create");
        store
            .bulk(|db| db.save_program(&doc.program))
            .expect("program");
        let start = Instant::now();
        let sheet = milepost::io::sheet::tasks::parse(csv.as_bytes(), &[], false, &mut |_| {})
            .expect("read");
        assert!(
            sheet.problems.is_empty(),
            "{:?}",
            &sheet.problems[..3.min(sheet.problems.len())]
        );
        let command = milepost::ops::Command::ImportTasks {
            file: "bench.csv".into(),
            plan: "bench".into(),
            workstream: None,
            rows: sheet.rows,
            read: milepost::ops::SheetRead {
                columns: sheet.columns,
                ..Default::default()
            },
        };
        milepost::ops::execute(&mut store, command, &ctx).expect("import");
        total.push(start.elapsed());
    }
    println!(
        "CSV task sheet of generate --tasks {tasks} --depth 4 ({} rows, {links} links, {} bytes) (median of 3): read, check and add {:.2?}",
        doc.tasks.len(),
        csv.len(),
        median(total)
    );
}

fn msp() {
    let tasks: usize = std::env::var("MILEPOST_BENCH_MSP_TASKS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = generate::generate_with_depth(tasks, 1, 4).expect("generate");
    let mut store = Store::create(&dir.path().join("source.db")).expect("create");
    store
        .bulk(|db| db.insert_doc(&doc, &mut |_| {}))
        .expect("insert");
    let db = store.read();
    let doc = db.load_doc().expect("load");
    let cal = milepost::ops::calendar(&db).expect("calendar");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let forecast =
        milepost::engine::forecast::forecast(&doc.tasks, &cal, today, None).expect("forecast");
    let xml = mspdi::write(&doc, &forecast);
    let (mut read, mut total) = (vec![], vec![]);
    for i in 0..3 {
        let start = Instant::now();
        let (plan, _report) = mspdi::read(&xml, "bench").expect("read");
        let plan = program_json::from_json(&program_json::to_json(&plan)).expect("valid");
        let parsed = Instant::now();
        let mut store = Store::create(&dir.path().join(format!("msp{i}.db"))).expect("create");
        store
            .bulk(|db| db.insert_doc(&plan, &mut |_| {}))
            .expect("insert");
        read.push(parsed - start);
        total.push(start.elapsed());
    }
    println!(
        "MSPDI import of generate --tasks {tasks} --depth 4 ({} tasks, {} bytes) (median of 3): read+check {:.2?}, total {:.2?}",
        doc.tasks.len(),
        xml.len(),
        median(read),
        median(total)
    );
}
