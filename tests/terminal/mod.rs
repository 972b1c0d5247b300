//! A tmux server of the test's own, to run the real binary in a real terminal: keys go in with
//! send-keys, the screen comes back with capture-pane.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The binary under test.
pub fn milepost() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_milepost"))
}

/// The demo program in `dir`, dated around `today` (the clock's day when `None`).
pub fn demo(dir: &Path, today: Option<&str>) -> PathBuf {
    let db = dir.join("demo.db");
    let mut command = Command::new(milepost());
    command.arg("--db").arg(&db).args(["demo", "--no-tui"]);
    if let Some(today) = today {
        command.env("MILEPOST_TODAY", today);
    }
    let built = command.output().expect("run milepost demo");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    db
}

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of its own (`name` and this process id) with one `width` x `height`
    /// session running the shell `command`.
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("milepost-{name}-{}", std::process::id()),
        };
        let (w, h) = (width.to_string(), height.to_string());
        tmux.cmd(&[
            "new-session",
            "-d",
            "-x",
            &w,
            "-y",
            &h,
            "-s",
            "e2e",
            command,
        ]);
        tmux
    }

    pub fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Wait until the screen shows `text` (the app draws asynchronously).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Wait until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?} to go; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.cmd(&["send-keys", "-t", "e2e", k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}

/// Keys sent to the workbench, counted.
pub struct Keys<'a> {
    pub tmux: &'a Tmux,
    pub count: usize,
}

impl Keys<'_> {
    /// Named keys (`Enter`, `Tab`, `j`), one key each.
    pub fn press(&mut self, keys: &[&str]) -> &mut Self {
        for k in keys {
            self.tmux.cmd(&["send-keys", "-t", "e2e", k]);
            self.count += 1;
            std::thread::sleep(Duration::from_millis(40));
        }
        self
    }

    /// Text typed as it is: one key per character.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.tmux.cmd(&["send-keys", "-t", "e2e", "-l", text]);
        self.count += text.chars().count();
        std::thread::sleep(Duration::from_millis(60));
        self
    }

    /// Wait until the screen shows `marker`; returns the keys used since the last job.
    pub fn done(&mut self, job: &str, marker: &str, budget: usize) -> usize {
        self.tmux.wait_for(marker);
        let used = std::mem::take(&mut self.count);
        eprintln!("{job}: {used} keys (budget {budget})");
        assert!(
            used <= budget,
            "{job} took {used} keys, over its budget of {budget}"
        );
        used
    }
}

pub fn cli(db: &Path, today: &str, args: &[&str]) -> Value {
    let out = Command::new(milepost())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("MILEPOST_TODAY", today)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn find<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {list}"))
}
