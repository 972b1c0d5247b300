//! Reliability of the database file: kill -9 at any moment of a write, an import, a
//! migration, a backup or `init` leaves no corrupt file, no lost acknowledged write, no
//! half-applied command and no stub under a real name; a damaged file takes no write; files are
//! private (0600); a read-only file still reads and exports; readers and writers go on during a
//! bulk import. Reduced counts here; `MILEPOST_RELIABILITY=full` (or `scripts/reliability.sh`,
//! which also builds in release) runs the full ones.

mod chaos;

use chaos::{Rng, full};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-18";

fn milepost() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_milepost"));
    c.env("MILEPOST_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("MILEPOST_DB")
        .stdin(Stdio::null());
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(db: &Path, args: &[&str]) -> Out {
    let out = milepost().arg("--db").arg(db).args(args).output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert_eq!(out.code, 0, "milepost {args:?}: {}", out.stderr);
    out.stdout
}

fn spawn(db: &Path, args: &[&str]) -> Child {
    milepost()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kill `child` with SIGKILL after `delay` unless it ended first; its stdout when it ended
/// with status 0 (an acknowledged command), else `None`.
fn kill_after(mut child: Child, delay: Duration) -> Option<String> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            use std::io::Read;
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            return status.success().then_some(out);
        }
        if start.elapsed() >= delay {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// `PRAGMA quick_check` through SQLite itself, read-only; any failure to open is a problem.
fn quick_check(path: &Path) -> Result<(), String> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
    let line: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if line == "ok" { Ok(()) } else { Err(line) }
}

fn count(path: &Path, table: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A file under a real name must be a whole database: not empty, and passing quick_check.
fn whole(path: &Path) -> Result<(), String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len == 0 {
        return Err(format!("{} is an empty file", path.display()));
    }
    // Opened for writing, as any SQLite program opens it, so that a hot journal a kill left
    // behind is rolled back first (a read-only connection cannot, and says "readonly").
    let check = || -> Result<(), String> {
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        let line: String = conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if line == "ok" { Ok(()) } else { Err(line) }
    };
    check().map_err(|e| format!("{}: {e}", path.display()))
}

fn small_program(db: &Path) {
    ok(db, &["init", "Atlas", "--start", "2026-01-05"]);
    ok(db, &["ws", "add", "PLT", "Platform"]);
    ok(db, &["task", "add", "PLT", "Design", "--duration", "5"]);
    ok(db, &["raid", "add", "risk", "Vendor slips"]);
}

/// Make a schema-3 file (before the journal recorded users and before the WBS) with a small
/// program, for migration runs: milepost's own migrations up to version 3, then rows.
fn schema3_file(path: &Path) {
    let mut conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", milepost::store::APPLICATION_ID)
        .unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    milepost::store::schema::migrations()
        .to_version(&mut conn, 3)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO program(id, name, currency, start, workdays)
             VALUES (1, 'Old', 'USD', '2026-01-05', 'mon,tue,wed,thu,fri');
         INSERT INTO workstream(key, name, next_task) VALUES ('PLT', 'Platform', 2);
         INSERT INTO task(key, workstream_id, number, title, duration)
             VALUES ('PLT-1', 1, 1, 'Design', 5);",
    )
    .unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    corrupt: Vec<String>,
    lost: Vec<String>,
    partial: Vec<String>,
    stubs: Vec<String>,
}

#[test]
fn kill_nine_never_corrupts_loses_or_leaves_stubs() {
    let kills_per_kind = if full() { 200 } else { 40 };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut tally = Tally::default();

    // A program file for imports.
    let plan = d.join("plan.json");
    let generated = milepost()
        .args(["generate", "--tasks", "1500", "--out"])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(generated.status.success());

    // Writes: `task add --after` writes a task and its link in one command; acknowledged keys
    // must all be there, and no task may be there without its link.
    let db = d.join("writes.db");
    small_program(&db);
    let mut acked: Vec<String> = vec![];
    for i in 0..kills_per_kind {
        let child = spawn(
            &db,
            &["task", "add", "PLT", &format!("k{i}"), "--after", "PLT-1"],
        );
        if let Some(out) = kill_after(child, Duration::from_millis(rng.below(60))) {
            acked.push(out.trim().to_string());
        }
        tally.kills += 1;
        if let Err(e) = whole(&db) {
            tally.corrupt.push(e);
        }
    }
    let tasks = ok(&db, &["task", "list", "--json"]);
    let tasks: serde_json::Value = serde_json::from_str(&tasks).unwrap();
    let tasks = tasks.as_array().unwrap();
    let keys: HashSet<&str> = tasks.iter().map(|t| t["key"].as_str().unwrap()).collect();
    for k in &acked {
        if !keys.contains(k.as_str()) {
            tally.lost.push(k.clone());
        }
    }
    for t in tasks {
        let title = t["title"].as_str().unwrap();
        let linked = t["after"]
            .as_array()
            .is_some_and(|a| a.iter().any(|l| l["key"] == "PLT-1"));
        if title.starts_with('k') && !linked {
            tally.partial.push(format!("{} without its link", t["key"]));
        }
    }
    assert!(!acked.is_empty(), "some writes finished before their kill");

    // Imports into a new path: the path holds nothing or the whole program.
    for i in 0..kills_per_kind {
        let target = d.join(format!("new{i}.db"));
        let child = spawn(&target, &["import", plan.to_str().unwrap(), "--quiet"]);
        let acked = kill_after(child, Duration::from_millis(rng.below(900))).is_some();
        tally.kills += 1;
        if target.exists() {
            match whole(&target) {
                Err(e) => tally.stubs.push(e),
                Ok(()) if count(&target, "task") != 1500 => tally
                    .partial
                    .push(format!("{} holds part of the import", target.display())),
                Ok(()) => {}
            }
        } else if acked {
            tally
                .lost
                .push(format!("acknowledged import {} missing", target.display()));
        }
    }

    // Imports replacing a program: the old program or the new one, never a mix; a backup under
    // its real name is whole.
    let template = d.join("template.db");
    small_program(&template);
    for i in 0..kills_per_kind {
        let (case, target) = copy_into_case(&d.join(format!("replace{i}")), &template);
        let child = spawn(
            &target,
            &["import", plan.to_str().unwrap(), "--replace", "--quiet"],
        );
        let acked = kill_after(child, Duration::from_millis(rng.below(1200))).is_some();
        tally.kills += 1;
        match whole(&target) {
            Err(e) => tally.corrupt.push(e),
            Ok(()) => {
                let n = count(&target, "task");
                if n != 1 && n != 1500 {
                    tally
                        .partial
                        .push(format!("{} holds {n} tasks", target.display()));
                }
                if acked && n != 1500 {
                    tally
                        .lost
                        .push(format!("acknowledged import into {}", target.display()));
                }
            }
        }
        tally.stubs.extend(broken_backups(&case));
    }

    // Backups: the backup file is whole or absent.
    let db = d.join("backups.db");
    small_program(&db);
    for i in 0..kills_per_kind {
        let backup = d.join(format!("b{i}.bak"));
        let child = spawn(&db, &["backup", backup.to_str().unwrap()]);
        let acked = kill_after(child, Duration::from_millis(rng.below(40))).is_some();
        tally.kills += 1;
        if backup.exists() {
            if let Err(e) = whole(&backup) {
                tally.stubs.push(e);
            }
        } else if acked {
            tally
                .lost
                .push(format!("acknowledged backup {}", backup.display()));
        }
    }

    // Migrations (schema 3 to 4, with the backup before it): the file is whole at either
    // version with every task, and the backup is whole or absent.
    let v3 = d.join("v3.db");
    schema3_file(&v3);
    for i in 0..kills_per_kind {
        let (case, target) = copy_into_case(&d.join(format!("migrate{i}")), &v3);
        let child = spawn(&target, &["task", "list"]);
        kill_after(child, Duration::from_millis(rng.below(40)));
        tally.kills += 1;
        match whole(&target) {
            Err(e) => tally.corrupt.push(e),
            Ok(()) if count(&target, "task") != 1 => tally
                .lost
                .push(format!("{} lost its task", target.display())),
            Ok(()) => {}
        }
        tally.stubs.extend(broken_backups(&case));
        // And it still opens and migrates afterwards.
        let out = run(&target, &["ws", "list"]);
        if out.code != 0 {
            tally
                .corrupt
                .push(format!("{}: {}", target.display(), out.stderr));
        }
    }

    // init: the new file is whole, or absent.
    for i in 0..kills_per_kind {
        let target = d.join(format!("init{i}.db"));
        let child = spawn(&target, &["init", "Fresh"]);
        let acked = kill_after(child, Duration::from_millis(rng.below(30))).is_some();
        tally.kills += 1;
        if target.exists() {
            if let Err(e) = whole(&target) {
                tally.stubs.push(e);
            } else if run(&target, &["ws", "list"]).code != 0 {
                tally
                    .stubs
                    .push(format!("{} refuses commands", target.display()));
            }
        } else if acked {
            tally
                .lost
                .push(format!("acknowledged init {}", target.display()));
        }
    }

    // The next command at the same path (an init where there is no file yet) sweeps the
    // temporary files killed runs left, also those of a run killed just after naming its file.
    for i in 0..kills_per_kind {
        let target = d.join(format!("init{i}.db"));
        if target.exists() {
            ok(&target, &["ws", "list"]);
        } else {
            ok(&target, &["init", "Again"]);
        }
    }
    let left: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".init") && n.contains(".partial-"))
        .collect();
    assert!(
        left.is_empty(),
        "temporary files left after a new init: {left:?}"
    );

    eprintln!(
        "kill -9: {} kills, {} corrupt, {} lost, {} partial, {} stubs; {} writes acknowledged",
        tally.kills,
        tally.corrupt.len(),
        tally.lost.len(),
        tally.partial.len(),
        tally.stubs.len(),
        acked.len()
    );
    assert!(
        tally.corrupt.is_empty()
            && tally.lost.is_empty()
            && tally.partial.is_empty()
            && tally.stubs.is_empty(),
        "{tally:#?}"
    );
}

/// 200 damaged copies (one bit flipped each): no panic, and no write accepted into a copy
/// that fails SQLite's quick_check; such a write is refused naming the newest backup.
#[test]
fn damaged_files_take_no_writes() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.db");
    small_program(&template);
    for i in 0..30 {
        ok(
            &template,
            &["raid", "add", "risk", &format!("Risk number {i}")],
        );
    }
    ok(
        &template,
        &[
            "backup",
            dir.path().join("flip.db.manual.bak").to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&template).unwrap();
    let mut rng = Rng(0xdead_beef_0000_0042);
    let (mut damaged, mut accepted, mut panics) = (0, vec![], vec![]);
    for i in 0..200 {
        let path = dir.path().join("flip.db");
        let mut copy = bytes.clone();
        // Half the flips anywhere, half in a b-tree page header (the first bytes of a page,
        // after the file header on page 1), where damage breaks structure.
        let at = if i % 2 == 0 {
            rng.below(copy.len() as u64) as usize
        } else {
            let page = rng.below(copy.len() as u64 / 4096) as usize;
            let start = if page == 0 { 100 } else { page * 4096 };
            start + rng.below(12) as usize
        };
        copy[at] ^= 1 << rng.below(8);
        std::fs::write(&path, &copy).unwrap();
        let failing = quick_check(&path).is_err();
        let out = run(&path, &["raid", "add", "risk", &format!("After flip {i}")]);
        if out.code == 101 || out.stderr.contains("panicked") {
            panics.push(format!("flip {i} at byte {at}: {}", out.stderr));
        }
        if failing {
            damaged += 1;
            if out.code == 0 {
                accepted.push(format!("flip {i} at byte {at}"));
            } else if out.stderr.contains("damaged") && at >= 100 {
                assert!(
                    out.stderr.contains("flip.db.manual.bak"),
                    "the refusal names the newest backup: {}",
                    out.stderr
                );
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    eprintln!(
        "damaged files: 200 flips, {damaged} failing quick_check, {} writes accepted into them, {} panics",
        accepted.len(),
        panics.len()
    );
    assert!(damaged > 0, "some flips must damage the file");
    assert!(accepted.is_empty(), "{accepted:?}");
    assert!(panics.is_empty(), "{panics:?}");
}

/// Database, WAL, shared-memory, backup and migration-backup files are created 0600.
#[test]
fn files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    small_program(&db);
    assert_eq!(mode(&db), 0o600);
    // Hold a reader open so that the WAL files stay, then write.
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader
        .query_row("SELECT COUNT(*) FROM task", [], |r| r.get::<_, i64>(0))
        .unwrap();
    ok(&db, &["raid", "add", "risk", "While open"]);
    for suffix in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        assert!(p.exists(), "{} exists while a reader is open", p.display());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    drop(reader);
    let backup = dir.path().join("copy.bak");
    ok(&db, &["backup", backup.to_str().unwrap()]);
    assert_eq!(mode(&backup), 0o600);
    let v3 = dir.path().join("old.db");
    schema3_file(&v3);
    ok(&v3, &["ws", "list"]);
    let migration_backup = dir.path().join("old.db.schema3.bak");
    assert!(migration_backup.exists());
    assert_eq!(mode(&migration_backup), 0o600);
    let imported = dir.path().join("imported.db");
    let json = dir.path().join("p.json");
    ok(&db, &["export", "--out", json.to_str().unwrap()]);
    ok(&imported, &["import", json.to_str().unwrap()]);
    assert_eq!(mode(&imported), 0o600);
}

/// Run milepost as the unprivileged user `nobody` (root writes any file whatever its mode).
fn as_nobody(db: &Path, args: &[&str]) -> Option<Out> {
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let mut c = if root {
        if Command::new("setpriv").arg("--help").output().is_err() {
            return None;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_milepost"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_milepost"))
    };
    let out = c
        .env("MILEPOST_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    Some(Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// A file the user may not write: reads and export work, writes are refused saying
/// read-only, and the file is unchanged. Also on a read-only filesystem where one can be
/// mounted (root in a container); skipped, saying so, where it cannot.
#[test]
fn read_only_files_read_and_export_but_refuse_writes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = dir.path().join("p.db");
    small_program(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let Some(list) = as_nobody(&db, &["task", "list"]) else {
        eprintln!("skipped: no setpriv to run as another user");
        return;
    };
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("Design"));
    let export = as_nobody(&db, &["export"]).unwrap();
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert!(export.stdout.contains("\"Atlas\""));
    let write = as_nobody(&db, &["raid", "add", "risk", "Nope"]).unwrap();
    assert_ne!(write.code, 0);
    assert!(write.stderr.contains("read-only"), "{}", write.stderr);
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A read-only filesystem: a tmpfs remounted read-only, where the system allows it.
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped the read-only filesystem: cannot mount here");
        return;
    }
    let ro_db = mnt.join("p.db");
    std::fs::copy(&db, &ro_db).unwrap();
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    let result = std::panic::catch_unwind(|| {
        assert!(remounted);
        let list = run(&ro_db, &["task", "list"]);
        assert_eq!(list.code, 0, "{}", list.stderr);
        let export = run(&ro_db, &["export"]);
        assert_eq!(export.code, 0, "{}", export.stderr);
        let write = run(&ro_db, &["raid", "add", "risk", "Nope"]);
        assert_ne!(write.code, 0);
        assert!(
            write.stderr.contains("read-only filesystem"),
            "{}",
            write.stderr
        );
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// Readers and writers in other processes during a bulk `import --replace`: none fails (WAL
/// keeps readers reading the old program; writers wait for the import), and the import's time
/// is reported beside its time alone.
#[test]
fn readers_and_writers_go_on_during_a_bulk_import() {
    let tasks = if full() { "100000" } else { "3000" };
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    assert!(
        milepost()
            .args(["generate", "--tasks", tasks, "--out"])
            .arg(&plan)
            .status()
            .unwrap()
            .success()
    );
    let db = dir.path().join("p.db");
    small_program(&db);
    let import = |db: &Path| {
        let start = Instant::now();
        let out = run(
            db,
            &["import", plan.to_str().unwrap(), "--replace", "--quiet"],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        start.elapsed()
    };
    let alone = import(&db);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = |write: bool| {
        let db = db.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let (mut done, mut failures) = (0, vec![]);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let out = if write {
                    run(&db, &["raid", "add", "risk", &format!("During {done}")])
                } else {
                    run(&db, &["ws", "list"])
                };
                if out.code != 0 {
                    failures.push(out.stderr);
                }
                done += 1;
            }
            (done, failures)
        })
    };
    let readers = [worker(false), worker(false)];
    let writer = worker(true);
    std::thread::sleep(Duration::from_millis(200));
    let loaded = import(&db);
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    let mut failures = vec![];
    for h in readers.into_iter().chain([writer]) {
        let (done, f) = h.join().unwrap();
        total += done;
        failures.extend(f);
    }
    eprintln!(
        "bulk import of {tasks} tasks: {:.2} s alone, {:.2} s with 2 readers and a writer; {total} commands alongside, {} failed",
        alone.as_secs_f64(),
        loaded.as_secs_f64(),
        failures.len()
    );
    assert!(total > 3, "the others ran during the import");
    assert!(failures.is_empty(), "{failures:?}");
}

/// Each way a file can fail to be a milepost database gets its own message, and the file is
/// left as it was.
#[test]
fn each_failure_to_open_says_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    type Make = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "empty",
            Box::new(|p: &Path| std::fs::write(p, b"").unwrap()),
            "is empty (0 bytes)",
        ),
        (
            "folder",
            Box::new(|p: &Path| std::fs::create_dir(p).unwrap()),
            "is a folder",
        ),
        (
            "text",
            Box::new(|p: &Path| std::fs::write(p, b"just some text, not a database").unwrap()),
            "not an SQLite file, or its header is damaged",
        ),
        (
            "other application",
            Box::new(|p: &Path| {
                let conn = rusqlite::Connection::open(p).unwrap();
                conn.execute_batch("CREATE TABLE t(x); PRAGMA application_id = 42;")
                    .unwrap();
            }),
            "another application's SQLite file (application id 42)",
        ),
        (
            "damaged header",
            Box::new(|p: &Path| {
                small_program(p);
                let mut bytes = std::fs::read(p).unwrap();
                bytes[3] ^= 0x20;
                std::fs::write(p, bytes).unwrap();
            }),
            "not an SQLite file, or its header is damaged",
        ),
    ];
    for (what, make, says) in cases {
        let path = dir.path().join(what.replace(' ', "-"));
        make(&path);
        let before = std::fs::read(&path).ok();
        let out = run(&path, &["raid", "add", "risk", "x"]);
        assert_eq!(out.code, 2, "{what}: {}", out.stderr);
        assert!(out.stderr.contains(says), "{what}: {}", out.stderr);
        assert_eq!(std::fs::read(&path).ok(), before, "{what}: left untouched");
        let init = run(&path, &["init", "Again"]);
        assert_eq!(init.code, 2, "{what}: init never overwrites");
    }
}

/// A 1 MB title is refused with a short message; money totals are kept below the limit of
/// one amount, so reports never overflow.
#[test]
fn long_text_and_huge_totals_are_refused_in_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    small_program(&db);
    let title = "t".repeat(100_000);
    let out = run(&db, &["task", "add", "PLT", &title]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("is 100000 characters long; the most is 1000"),
        "{}",
        &out.stderr[..200.min(out.stderr.len())]
    );
    assert!(
        out.stderr.len() < 1000,
        "{} bytes of error",
        out.stderr.len()
    );
    // A program file with a 1 MB title: one short line, nothing imported.
    let json = ok(&db, &["export"]).replacen(
        "\"title\":\"Design\"",
        &format!("\"title\":\"{}\"", "t".repeat(1 << 20)),
        1,
    );
    let file = dir.path().join("long.json");
    std::fs::write(&file, json).unwrap();
    let out = run(
        &dir.path().join("long.db"),
        &["import", file.to_str().unwrap()],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is 1048576 characters long"),
        "{}",
        &out.stderr[..200.min(out.stderr.len())]
    );
    assert!(
        out.stderr.len() < 1000,
        "{} bytes of error",
        out.stderr.len()
    );
    assert!(!dir.path().join("long.db").exists());
    ok(
        &db,
        &[
            "spend",
            "add",
            "2026-01-12",
            "PLT",
            "Labor",
            "9999999999999.99",
        ],
    );
    let out = run(&db, &["spend", "add", "2026-01-13", "PLT", "Labor", "1.00"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("must stay below 10^13"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("amount \"10000000000000.99\""),
        "the exact total, to the cent: {}",
        out.stderr
    );
    let mut csv = String::from("date,workstream,category,amount,reference\n");
    for i in 0..10_000 {
        csv.push_str(&format!("2026-01-14,PLT,Labor,9999999999999.99,INV-{i}\n"));
    }
    let file = dir.path().join("huge.csv");
    std::fs::write(&file, csv).unwrap();
    let out = run(&db, &["spend", "import", file.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        ok(&db, &["spend", "list", "--json"])
            .matches("\"key\"")
            .count(),
        1
    );
    for report in [
        &["report", "budget"][..],
        &["report", "evm"],
        &["status", "export"],
    ] {
        ok(&db, report);
    }
}

/// A disk that fills up during an import: exit 1 (not the user's input), a one-line message,
/// and no file under the real name. Needs a small tmpfs (root in a container); skipped, saying
/// so, where it cannot be mounted.
#[test]
fn a_full_disk_during_import_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    assert!(
        milepost()
            .args(["generate", "--tasks", "3000", "--out"])
            .arg(&plan)
            .status()
            .unwrap()
            .success()
    );
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped the full disk: cannot mount here");
        return;
    }
    let target = mnt.join("p.db");
    let out = run(&target, &["import", plan.to_str().unwrap(), "--quiet"]);
    let leftovers: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let _ = Command::new("umount").arg(&mnt).status();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("disk is full") || out.stderr.contains("No space left"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A folder of its own for one case, with a copy of `from` in it as `p.db`.
fn copy_into_case(case: &Path, from: &Path) -> (PathBuf, PathBuf) {
    std::fs::create_dir(case).unwrap();
    let target = case.join("p.db");
    std::fs::copy(from, &target).unwrap();
    (case.to_path_buf(), target)
}

/// The backups (`.bak`) in `case` that are not whole databases.
fn broken_backups(case: &Path) -> Vec<String> {
    std::fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".bak"))
        .filter_map(|p| whole(&p).err())
        .collect()
}
