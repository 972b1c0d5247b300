//! A tmux server of the test's own, to run the real binary in a real terminal: keys go in with
//! send-keys, the screen comes back with capture-pane.
#![allow(dead_code)]

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
