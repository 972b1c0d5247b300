//! Hostile input, per target (command-line words, program JSON, spend CSV, task and RAID
//! sheets, config file): no panic, exit status 2 on every refusal, no partial write, and no
//! control (other than a newline), DEL, C1 or bidirectional-formatting character in any output
//! stream. 1,000 cases
//! per target here; 10,000 with `MILEPOST_RELIABILITY=full` (or `scripts/reliability.sh`).

mod chaos;
mod workbench;

use chaos::Rng;

use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Stdio};

const TODAY: &str = "2026-11-18";

fn cases() -> usize {
    if chaos::full() { 10_000 } else { 1_000 }
}

/// Text meant to break things: terminal escapes, bidi overrides, C1, DEL, long and odd values.
const HOSTILE: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J\u{1b}[31mred",
    "abc\u{202e}fed",
    "x\u{2066}y\u{2069}",
    "c1\u{9b}31m",
    "del\u{7f}",
    "tab\there",
    "cr\rreturn",
    "bell\u{7}",
    "line\nbreak",
    "",
    " ",
    "-",
    "--",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "12.345",
    "-0.01",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    "today",
    "+99999d",
    "2026-W53",
    "2026-W99",
    "PLT-0",
    "PLT-1",
    "R-999999",
    "ZZZ",
    "plt",
    "Label with \"quotes\" and 'apostrophes'",
    "emoji 🚀 and accents é",
    "%s%n%x",
    "../../etc/passwd",
    "NULL",
    "{\"a\":1}",
];

fn hostile(rng: &mut Rng) -> String {
    match rng.index(12) {
        0 => "x".repeat(1 + rng.index(3000)),
        1 => format!("{}{}", rng.pick(HOSTILE), rng.pick(HOSTILE)),
        _ => rng.pick(HOSTILE).to_string(),
    }
}

/// A character that must never reach an output stream raw.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Every row of every table, hashed: unchanged means nothing was written.
fn fingerprint(db: &Path) -> u64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in tables {
        t.hash(&mut hasher);
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                format!("{:?}", row.get_ref(i).unwrap()).hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

#[derive(Default, Debug)]
struct Findings {
    cases: usize,
    refused: usize,
    panics: Vec<String>,
    wrong_status: Vec<String>,
    partial: Vec<String>,
    unsafe_output: Vec<String>,
}

impl Findings {
    /// Import `file` into the new database `target`, judge the run, and require that a
    /// refused import leaves no file behind; `target` is removed after.
    fn import_into_new(&mut self, target: &Path, file: &Path, what: &str, case: usize) {
        let out = milepost(target)
            .args(["import", "--quiet"])
            .arg(file)
            .output()
            .unwrap();
        self.judge(&format!("{what} (case {case})"), &out, None);
        if !out.status.success() && target.exists() {
            self.partial.push(format!(
                "case {case}: a refused import left {}",
                target.display()
            ));
        }
        let _ = std::fs::remove_file(target);
    }

    /// Judge one run: `db` (when given) must be unchanged unless the run succeeded.
    fn judge(&mut self, what: &str, out: &std::process::Output, before: Option<(u64, &Path)>) {
        self.cases += 1;
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = || what.chars().take(200).collect::<String>();
        if code == 101 || stderr.contains("panicked") {
            self.panics.push(format!("{}: {stderr}", what()));
        }
        if code != 0 {
            self.refused += 1;
            if code != 2 {
                self.wrong_status
                    .push(format!("{} exited {code}: {}", what(), stderr.trim()));
            }
            if let Some((print, db)) = before
                && fingerprint(db) != print
            {
                self.partial.push(what());
            }
        }
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            match std::str::from_utf8(bytes) {
                Err(_) => self
                    .unsafe_output
                    .push(format!("{}: {stream} is not UTF-8", what())),
                Ok(text) => {
                    if let Some(c) = text.chars().find(|c| is_unsafe(*c)) {
                        self.unsafe_output.push(format!(
                            "{}: U+{:04X} on {stream}",
                            what(),
                            c as u32
                        ));
                    }
                }
            }
        }
    }

    fn assert_clean(&self, target: &str) {
        eprintln!(
            "{target}: {} cases, {} refused, {} panics, {} with another status than 2, {} partial writes, {} with unsafe output",
            self.cases,
            self.refused,
            self.panics.len(),
            self.wrong_status.len(),
            self.partial.len(),
            self.unsafe_output.len()
        );
        let first = |v: &Vec<String>| v.iter().take(5).cloned().collect::<Vec<_>>();
        assert!(self.panics.is_empty(), "{:#?}", first(&self.panics));
        assert!(
            self.wrong_status.is_empty(),
            "{:#?}",
            first(&self.wrong_status)
        );
        assert!(self.partial.is_empty(), "{:#?}", first(&self.partial));
        assert!(
            self.unsafe_output.is_empty(),
            "{:#?}",
            first(&self.unsafe_output)
        );
    }
}

fn milepost(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_milepost"));
    c.env("MILEPOST_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("MILEPOST_CONFIG", db.with_extension("toml"))
        .env_remove("MILEPOST_DB")
        .arg("--db")
        .arg(db)
        .stdin(Stdio::null());
    c
}

fn ok(db: &Path, args: &[&str]) {
    let out = milepost(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A program with a bit of everything, for commands to work on.
fn program(db: &Path) {
    ok(db, &["init", "Atlas", "--start", "2026-01-05"]);
    ok(db, &["ws", "add", "PLT", "Platform", "--owner", "Dana"]);
    ok(
        db,
        &[
            "task",
            "add",
            "PLT",
            "Design",
            "--duration",
            "5",
            "--budget",
            "1000",
        ],
    );
    ok(
        db,
        &[
            "task",
            "add",
            "PLT",
            "Build",
            "--duration",
            "8",
            "--after",
            "PLT-1",
        ],
    );
    ok(
        db,
        &[
            "raid",
            "add",
            "risk",
            "Vendor slips",
            "--probability",
            "3",
            "--impact",
            "4",
        ],
    );
    ok(db, &["budget", "set", "PLT", "Labor", "2026-01", "5000"]);
    ok(db, &["spend", "add", "2026-01-10", "PLT", "Labor", "1200"]);
    ok(
        db,
        &["note", "PLT", "--rag", "amber", "--reason", "Late vendor"],
    );
    ok(db, &["baseline", "set", "original"]);
}

/// Command lines: a valid command's words with hostile values in its slots, now and then a
/// word that is not UTF-8 or an extra word.
#[test]
fn hostile_command_lines() {
    const TEMPLATES: &[&[&str]] = &[
        &["task", "add", "PLT", "$", "--duration", "$"],
        &["task", "add", "$", "$", "--after", "$"],
        &["task", "set", "PLT-1", "--title", "$", "--percent", "$"],
        &["task", "set", "$", "--started", "$"],
        &["task", "rm", "$"],
        &["task", "list", "--ws", "$"],
        &["dep", "add", "$", "$", "--lag", "$"],
        &["ws", "add", "$", "$", "--owner", "$"],
        &[
            "raid",
            "add",
            "risk",
            "$",
            "--owner",
            "$",
            "--probability",
            "$",
        ],
        &["raid", "add", "$", "$", "--due", "$", "--cost-impact", "$"],
        &["raid", "set", "R-1", "--mitigation", "$"],
        &["raid", "close", "$", "--note", "$"],
        &["budget", "set", "PLT", "$", "$", "$"],
        &["spend", "add", "$", "PLT", "Labor", "$", "--vendor", "$"],
        &["change", "add", "$", "--budget-delta", "$"],
        &["decision", "add", "$", "--decision", "$"],
        &["note", "PLT", "--rag", "$", "--reason", "$", "--done", "$"],
        &["note", "--program", "--week", "$", "--summary", "$"],
        &["report", "budget", "--by", "$", "--as-of", "$"],
        &["report", "evm", "--ws", "$"],
        &["status", "export", "--week", "$", "--format", "$"],
        &["schedule", "--as-of", "$"],
        &["baseline", "set", "$"],
        &["history", "--limit", "$"],
        &["settings", "set", "$", "$"],
        &["$"],
        &["$", "$"],
        &["task", "$"],
        &["undo"],
        &["redo"],
        &["task", "list"],
        &["raid", "list", "--json"],
        &["schedule", "--json"],
        &["status", "export", "--format", "markdown"],
    ];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    program(&db);
    let mut rng = Rng(0x0a11_0ce5_0000_0007);
    let mut findings = Findings::default();
    for _ in 0..cases() {
        let template = rng.pick(TEMPLATES);
        let mut args: Vec<OsString> = template
            .iter()
            .map(|w| {
                if *w == "$" {
                    if rng.index(20) == 0 {
                        OsString::from_vec(vec![b'a', 0xff, 0xfe, b'z'])
                    } else {
                        OsString::from(hostile(&mut rng))
                    }
                } else {
                    OsString::from(*w)
                }
            })
            .collect();
        if rng.index(10) == 0 {
            args.push(OsString::from(hostile(&mut rng)));
        }
        let before = fingerprint(&db);
        let out = milepost(&db).args(&args).output().unwrap();
        findings.judge(&format!("{args:?}"), &out, Some((before, &db)));
    }
    findings.assert_clean("command lines");
}

/// Mutations of a valid program file: hostile strings, renamed and repeated keys, flipped
/// bytes, cut files, bytes that are not UTF-8, values of the wrong type.
fn mutate_json(base: &str, rng: &mut Rng) -> Vec<u8> {
    // The export writes one compact record per line: `{"key":"PLT-1","duration":5,...}`.
    let quotes: Vec<usize> = base.match_indices("\":").map(|(i, _)| i).collect();
    let mut text = base.to_string();
    match rng.index(8) {
        // A string value replaced by hostile text (escaped as JSON, so it parses).
        0 | 1 => {
            let starts: Vec<usize> = base.match_indices("\":\"").map(|(i, _)| i + 2).collect();
            let at = *rng.pick(&starts);
            let end = at + 1 + base[at + 1..].find('"').unwrap_or(0);
            let value = serde_json::to_string(&hostile(rng)).unwrap();
            text.replace_range(at..=end, &value);
        }
        // A field renamed to an escape sequence.
        2 => {
            let at = *rng.pick(&quotes);
            let start = base[..at].rfind('"').unwrap_or(0);
            text.replace_range(start..=at, "\"\u{1b}]0;owned\u{7}\"");
        }
        // A field given twice.
        3 => {
            let at = *rng.pick(&quotes);
            let start = base[..at].rfind('"').unwrap_or(0);
            let name = &base[start..=at];
            text.insert_str(start, &format!("{name}:\"again\","));
        }
        // A number made huge, negative or fractional.
        4 => {
            let digits: Vec<usize> = base
                .match_indices("\":")
                .map(|(i, _)| i + 2)
                .filter(|i| base.as_bytes()[*i].is_ascii_digit())
                .collect();
            if let Some(at) = digits.get(rng.index(digits.len().max(1))) {
                let end = at + base[*at..].find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                let v = rng.pick(&[
                    "99999999999999999999999",
                    "-5",
                    "1.5",
                    "1e300",
                    "null",
                    "[]",
                ]);
                text.replace_range(*at..end, v);
            }
        }
        // Cut short.
        5 => text.truncate(rng.index(text.len())),
        _ => {}
    }
    let mut bytes = text.into_bytes();
    match rng.index(6) {
        0 => {
            let at = rng.index(bytes.len());
            bytes[at] ^= 1 << rng.index(8);
        }
        1 => {
            let at = rng.index(bytes.len());
            bytes.insert(at, 0xff);
        }
        _ => {}
    }
    bytes
}

#[test]
fn hostile_program_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    program(&db);
    let base = String::from_utf8(milepost(&db).arg("export").output().unwrap().stdout).unwrap();
    let mut rng = Rng(0x0a11_0ce5_0000_0011);
    let mut findings = Findings::default();
    let file = dir.path().join("in.json");
    for i in 0..cases() {
        std::fs::write(&file, mutate_json(&base, &mut rng)).unwrap();
        if i % 4 == 0 {
            // Replacing an existing program: a refusal leaves it as it was.
            let before = fingerprint(&db);
            let out = milepost(&db)
                .args(["import", "--replace", "--quiet"])
                .arg(&file)
                .output()
                .unwrap();
            findings.judge(
                &format!("import --replace (case {i})"),
                &out,
                Some((before, &db)),
            );
            if out.status.success() {
                // Put the original program back for the next cases.
                std::fs::write(&file, &base).unwrap();
                ok(
                    &db,
                    &["import", "--replace", "--quiet", file.to_str().unwrap()],
                );
            }
        } else {
            findings.import_into_new(&dir.path().join(format!("new{i}.db")), &file, "import", i);
        }
    }
    findings.assert_clean("program files");
}

/// A repeated key is refused, naming it, on both reading paths.
#[test]
fn a_repeated_json_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    program(&db);
    let base = String::from_utf8(milepost(&db).arg("export").output().unwrap().stdout).unwrap();
    for (from, to) in [
        (
            "\"name\":\"Atlas\"",
            "\"name\":\"Atlas\",\"name\":\"Other\"",
        ),
        (
            "\"title\":\"Design\"",
            "\"title\":\"Design\",\"title\":\"Again\"",
        ),
    ] {
        assert!(base.contains(from));
        let file = dir.path().join("dup.json");
        std::fs::write(&file, base.replacen(from, to, 1)).unwrap();
        let out = milepost(&dir.path().join("dup.db"))
            .arg("import")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("duplicate"), "{stderr}");
    }
}

fn mutate_csv(rng: &mut Rng) -> Vec<u8> {
    let mut header = vec![
        "date",
        "workstream",
        "category",
        "amount",
        "vendor",
        "reference",
        "status",
    ];
    if rng.index(8) == 0 {
        let i = rng.index(header.len());
        header.remove(i);
    }
    if rng.index(12) == 0 {
        header.push("date");
    }
    let mut text = header.join(",") + "\n";
    for r in 0..1 + rng.index(6) {
        let mut cells = vec![
            "2026-01-12".to_string(),
            "PLT".into(),
            "Labor".into(),
            "250.00".into(),
            "Acme".into(),
            format!("INV-{r}"),
            "invoiced".into(),
        ];
        cells.truncate(header.len());
        if rng.index(2) == 0 {
            let i = rng.index(cells.len());
            let h = hostile(rng);
            cells[i] = if rng.index(2) == 0 {
                format!("\"{}\"", h.replace('"', "\"\""))
            } else {
                h
            };
        }
        if rng.index(15) == 0 {
            cells.push("extra".into());
        }
        text.push_str(&cells.join(","));
        text.push_str(if rng.index(5) == 0 { "\r\n" } else { "\n" });
    }
    let mut bytes = text.into_bytes();
    if !damage(rng, &mut bytes) && rng.index(70) == 0 {
        bytes.extend(b"2026-01-12,PLT,Labor,1.00,");
        bytes.extend(std::iter::repeat_n(b'v', 2_000_000));
        bytes.push(b'\n');
    }
    bytes
}

/// Now and then a flipped bit, a byte-order mark or a cut; whether it did any.
fn damage(rng: &mut Rng, bytes: &mut Vec<u8>) -> bool {
    match rng.index(10) {
        0 => {
            let at = rng.index(bytes.len());
            bytes[at] ^= 1 << rng.index(8);
        }
        1 => bytes.splice(0..0, [0xef, 0xbb, 0xbf]).for_each(drop),
        2 => bytes.truncate(rng.index(bytes.len())),
        _ => return false,
    }
    true
}

#[test]
fn hostile_spend_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    program(&db);
    let mut rng = Rng(0x0a11_0ce5_0000_0023);
    let mut findings = Findings::default();
    let file = dir.path().join("in.csv");
    for i in 0..cases() {
        std::fs::write(&file, mutate_csv(&mut rng)).unwrap();
        let before = fingerprint(&db);
        let out = milepost(&db)
            .args(["spend", "import", "--quiet"])
            .arg(&file)
            .output()
            .unwrap();
        findings.judge(
            &format!("spend import (case {i})"),
            &out,
            Some((before, &db)),
        );
        assert!(
            out.stderr.len() < 64 * 1024,
            "case {i}: {} bytes of errors",
            out.stderr.len()
        );
    }
    findings.assert_clean("spend files");
}

/// A task sheet or a RAID register in the shapes spreadsheets export, with hostile cells,
/// odd headers and broken bytes.
fn mutate_sheet(rng: &mut Rng, raid: bool) -> Vec<u8> {
    let (mut header, row): (Vec<&str>, Vec<&str>) = if raid {
        (
            vec![
                "ID",
                "Type",
                "Title",
                "Likelihood",
                "Impact",
                "Owner",
                "Status",
                "Due",
                "Mitigation",
                "Workstream",
                "Cost Impact",
            ],
            vec![
                "R1", "Risk", "Slip", "High", "3", "Ann", "Open", "2/1/2027", "Plan B", "PLT",
                "$1,000",
            ],
        )
    } else {
        (
            vec![
                "ID",
                "Task Name",
                "Duration",
                "Start",
                "Finish",
                "Predecessors",
                "% Complete",
                "Resource Names",
                "Outline Level",
                "Workstream",
                "Cost",
            ],
            vec![
                "1",
                "Build",
                "5 days",
                "Mon 1/4/27",
                "1/8/2027",
                "PLT-1FS+1d",
                "20%",
                "Bob[50%]",
                "1",
                "PLT",
                "$10.00",
            ],
        )
    };
    if rng.index(8) == 0 {
        let i = rng.index(header.len());
        header.remove(i);
    }
    if rng.index(12) == 0 {
        header.push("Title");
    }
    let mut text = header.join(",") + "\n";
    for r in 0..1 + rng.index(6) {
        let mut cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        cells[0] = (r + 1).to_string();
        cells.truncate(header.len());
        for _ in 0..rng.index(3) {
            let i = rng.index(cells.len());
            let h = match rng.index(4) {
                0 => rng
                    .pick(&[
                        "2",
                        "0",
                        "9",
                        "-1",
                        "1.5 wks",
                        "3FS+50%",
                        "7SS-2d",
                        "x",
                        "12/31/2026",
                    ])
                    .to_string(),
                _ => hostile(rng),
            };
            cells[i] = if rng.index(2) == 0 {
                format!("\"{}\"", h.replace('"', "\"\""))
            } else {
                h
            };
        }
        if rng.index(15) == 0 {
            cells.push("extra".into());
        }
        text.push_str(&cells.join(","));
        text.push_str(if rng.index(5) == 0 { "\r\n" } else { "\n" });
    }
    let mut bytes = text.into_bytes();
    damage(rng, &mut bytes);
    bytes
}

#[test]
fn hostile_task_and_raid_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    program(&db);
    let mut rng = Rng(0x0a11_0ce5_0000_0029);
    let mut findings = Findings::default();
    let file = dir.path().join("in.csv");
    for i in 0..cases() {
        let raid = i % 2 == 1;
        std::fs::write(&file, mutate_sheet(&mut rng, raid)).unwrap();
        let before = fingerprint(&db);
        let format = if raid { "csv-raid" } else { "csv-tasks" };
        let out = milepost(&db)
            .args(["import", "--quiet", "--format", format])
            .arg(&file)
            .output()
            .unwrap();
        findings.judge(
            &format!("import --format {format} (case {i})"),
            &out,
            Some((before, &db)),
        );
        // Keep the program small: what went in comes out again.
        if out.status.success() {
            ok(&db, &["undo"]);
        }
    }
    findings.assert_clean("sheet files");
}

#[test]
fn hostile_config_files() {
    const LINES: &[&str] = &[
        "mouse = true",
        "mouse = \"$\"",
        "export_dir = \"$\"",
        "[keys.normal]",
        "[keys.$]",
        "\"ctrl-n\" = \"next_tab\"",
        "\"$\" = \"next_tab\"",
        "\"x\" = \"$\"",
        "$ = 1",
        "[[",
    ];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let config = db.with_extension("toml");
    let mut rng = Rng(0x0a11_0ce5_0000_0031);
    let mut findings = Findings::default();
    for i in 0..cases() {
        let mut text = String::new();
        for _ in 0..1 + rng.index(6) {
            let line = rng.pick(LINES);
            let value = hostile(&mut rng).replace('\\', "\\\\").replace('"', "\\\"");
            text.push_str(&line.replace('$', &value));
            text.push('\n');
        }
        let mut bytes = text.into_bytes();
        if rng.index(10) == 0 {
            let at = rng.index(bytes.len());
            bytes[at] ^= 1 << rng.index(8);
        }
        std::fs::write(&config, bytes).unwrap();
        let out = milepost(&db).args(["config", "check"]).output().unwrap();
        findings.judge(&format!("config check (case {i})"), &out, None);
    }
    findings.assert_clean("config files");
}

/// Every screen of the workbench, on text that got into the file past validation (a
/// hand-edited or foreign file): no cell holds a control or bidi character.
#[test]
fn screens_never_show_raw_control_text() {
    use milepost::tui::app::App;
    use milepost::tui::keymap::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let (dir, app) = workbench::fixture();
    drop(app);
    let path = dir.path().join("demo.db");
    let nasty = "\u{1b}]0;pwned\u{7}A\u{202e}B\u{9b}C\u{7f}D\tE";
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE task SET title = ?1, owner = ?1",
        "UPDATE raid SET title = ?1, mitigation = ?1",
        "UPDATE workstream SET name = ?1",
        "UPDATE spend SET vendor = ?1",
        "UPDATE program SET name = ?1",
        "UPDATE status_note SET reason = ?1, summary = ?1",
    ] {
        conn.execute(sql, [nasty]).unwrap();
    }
    drop(conn);
    let store = milepost::store::Store::open(&path).unwrap();
    let mut app = App::new(store, milepost::ops::Context::on(workbench::today())).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let theme = milepost::tui::theme::Theme::new(false);
    let mut screens = 0;
    let mut check = |app: &mut App, what: &str| {
        terminal
            .draw(|f| {
                milepost::tui::view::draw(f, app, &theme);
                milepost::tui::view::neutralise(f.buffer_mut());
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content.iter() {
            assert!(
                !cell.symbol().chars().any(is_unsafe),
                "{what}: a cell shows {:?}",
                cell.symbol()
            );
        }
        screens += 1;
    };
    for tab in 0..6 {
        app.apply(Action::Tab(tab));
        check(&mut app, &format!("tab {tab}"));
        app.handle_key(workbench::key(crossterm::event::KeyCode::Enter));
        check(&mut app, &format!("tab {tab}, details"));
        app.handle_key(workbench::key(crossterm::event::KeyCode::Esc));
        app.handle_key(workbench::key_of('e'));
        check(&mut app, &format!("tab {tab}, edit"));
        app.handle_key(workbench::key(crossterm::event::KeyCode::Esc));
        app.handle_key(workbench::key_of('y'));
    }
    assert_eq!(screens, 18);
}

/// Mutations of an MS Project XML plan: hostile names, odd numbers and durations, flipped and
/// cut bytes, bytes that are not UTF-8.
fn mutate_xml(base: &str, rng: &mut Rng) -> Vec<u8> {
    let mut text = base.to_string();
    for _ in 0..1 + rng.index(3) {
        let tags = [
            "Name",
            "Duration",
            "OutlineLevel",
            "LinkLag",
            "PredecessorUID",
            "Type",
            "Cost",
            "PercentComplete",
            "StartDate",
            "ConstraintDate",
            "DayType",
            "UID",
            "Number",
            "MinutesPerDay",
            "WBS",
        ];
        let tag = rng.pick(&tags);
        let open = format!("<{tag}>");
        let starts: Vec<usize> = text
            .match_indices(&open)
            .map(|(i, _)| i + open.len())
            .collect();
        if starts.is_empty() {
            continue;
        }
        let at = *rng.pick(&starts);
        let end = at + text[at..].find('<').unwrap_or(0);
        let value = match rng.index(4) {
            0 => hostile(rng).replace('&', "&amp;").replace('<', "&lt;"),
            1 => rng
                .pick(&[
                    "-1",
                    "0",
                    "99999999999999999999",
                    "1e308",
                    "PT-5H0M0S",
                    "P99999DT0H0M0S",
                    "NaN",
                    "",
                    "2026-02-30T08:00:00",
                ])
                .to_string(),
            2 => "&#27;]0;x&#7;".into(),
            _ => rng.index(1_000_000).to_string(),
        };
        text.replace_range(at..end, &value);
    }
    let mut bytes = text.into_bytes();
    match rng.index(6) {
        0 => {
            let at = rng.index(bytes.len());
            bytes[at] ^= 1 << rng.index(8);
        }
        1 => bytes.truncate(rng.index(bytes.len())),
        2 => {
            let at = rng.index(bytes.len());
            bytes.insert(at, 0xff);
        }
        _ => {}
    }
    bytes
}

#[test]
fn hostile_ms_project_files() {
    let base = std::fs::read_to_string(format!(
        "{}/tests/fixtures/small-plan.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x0a11_0ce5_0000_0047);
    let mut findings = Findings::default();
    let file = dir.path().join("plan.xml");
    for i in 0..cases() {
        std::fs::write(&file, mutate_xml(&base, &mut rng)).unwrap();
        let target = dir.path().join(format!("new{i}.db"));
        findings.import_into_new(&target, &file, "import PLAN.xml", i);
    }
    findings.assert_clean("MS Project files");
}
