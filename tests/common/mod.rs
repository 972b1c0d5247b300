//! Helpers for running the real binary against a temporary database.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;
use tempfile::TempDir;

/// The as-of date every test runs at (a Wednesday).
pub const TODAY: &str = "2026-11-18";

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("program.db");
        Env { dir, db }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_at(TODAY, args)
    }

    /// Run as if today were `today`.
    pub fn run_at(&self, today: &str, args: &[&str]) -> Run {
        let out = Command::cargo_bin("milepost")
            .expect("binary")
            .env("MILEPOST_TODAY", today)
            .env("NO_COLOR", "1")
            .env_remove("MILEPOST_DB")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run milepost");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run and require success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "milepost {args:?} failed: {}", r.stderr);
        r.stdout
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    pub fn export(&self) -> String {
        self.ok(&["export"])
    }

    /// A small program: PLT with three linked tasks, APP with one, a risk and a budget line.
    pub fn small_program(&self) {
        self.ok(&[
            "init",
            "Atlas",
            "--start",
            "2026-01-05",
            "--holiday",
            "2026-01-19",
        ]);
        self.ok(&["ws", "add", "PLT", "Platform", "--owner", "Dana Ortiz"]);
        self.ok(&["ws", "add", "APP", "Mobile app"]);
        self.ok(&[
            "task",
            "add",
            "PLT",
            "Design",
            "--duration",
            "10",
            "--budget",
            "12,000",
        ]);
        self.ok(&[
            "task",
            "add",
            "PLT",
            "Build",
            "--duration",
            "5",
            "--after",
            "PLT-1",
        ]);
        self.ok(&[
            "task",
            "add",
            "PLT",
            "Ready",
            "--milestone",
            "--after",
            "PLT-2",
        ]);
        self.ok(&[
            "task",
            "add",
            "APP",
            "Screens",
            "--duration",
            "8",
            "--after",
            "PLT-1:SS+2",
        ]);
        self.ok(&[
            "raid",
            "add",
            "risk",
            "Vendor slips",
            "--probability",
            "4",
            "--impact",
            "5",
            "--ws",
            "PLT",
        ]);
        self.ok(&["budget", "set", "PLT", "Labor", "2026-01", "50000"]);
    }
}

/// The task `key` in a JSON document with a `tasks` list (program JSON, `schedule --json`).
pub fn task<'a>(doc: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    doc["tasks"]
        .as_array()
        .and_then(|tasks| tasks.iter().find(|t| t["key"] == key))
        .unwrap_or_else(|| panic!("no task {key} in {doc:#}"))
}
