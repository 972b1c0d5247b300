//! The workbench dies with its terminal: closing the tmux session, SIGHUP and SIGTERM each end
//! it within a second, with status 129 or 143 and the terminal restored, and it never keeps
//! spinning on a terminal that is gone. Three runs of each here; `MILEPOST_LIFETIME_RUNS=20
//! cargo test --test e2e_lifetime` for the full count.

mod terminal;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use terminal::{Tmux, milepost};

fn runs() -> usize {
    std::env::var("MILEPOST_LIFETIME_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// The process state letter from /proc (`Z` once it has exited but is not yet reaped), or
/// `None` when it is gone.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

fn pid_of(db: &Path) -> u32 {
    let start = Instant::now();
    loop {
        let out = Command::new("pgrep")
            .args([
                "-f",
                &format!("^{} --db {}$", milepost().display(), db.display()),
            ])
            .output()
            .unwrap();
        if let Some(pid) = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "milepost did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How long the process took to end after the signal (or the closed terminal).
fn wait_until_gone(pid: u32) -> Duration {
    let start = Instant::now();
    while matches!(state(pid), Some(s) if s != 'Z') {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "milepost {pid} still running 5 s later (state {:?})",
            state(pid)
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    start.elapsed()
}

#[derive(Clone, Copy, Debug)]
enum End {
    KillSession,
    Hangup,
    Terminate,
}

fn end_once(end: End, db: &Path, run: usize) -> Duration {
    // After milepost ends, the pane prints its exit status and the terminal's modes.
    let command = format!(
        "{} --db {}; echo STATUS=$?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon\\|-\\?echo'; echo MILEPOST-EXITED; sleep 30",
        milepost().display(),
        db.display()
    );
    let tmux = Tmux::start(&format!("life{run}"), 100, 30, &command);
    tmux.wait_for("Architecture and design");
    let pid = pid_of(db);
    match end {
        End::KillSession => {
            tmux.cmd(&["kill-session", "-t", "e2e"]);
        }
        End::Hangup | End::Terminate => {
            let signal = if matches!(end, End::Hangup) {
                "-HUP"
            } else {
                "-TERM"
            };
            let sent = Command::new("kill")
                .args([signal, &pid.to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
        }
    }
    let took = wait_until_gone(pid);
    if !matches!(end, End::KillSession) {
        let screen = tmux.wait_for("MILEPOST-EXITED");
        let status = if matches!(end, End::Hangup) { 129 } else { 143 };
        assert!(
            screen.contains(&format!("STATUS={status}")),
            "{end:?}: exit status {status}:\n{screen}"
        );
        let modes: Vec<&str> = screen
            .lines()
            .map(str::trim)
            .filter(|l| l.ends_with("icanon") || l.ends_with("echo"))
            .collect();
        assert_eq!(
            modes,
            ["icanon", "echo"],
            "{end:?}: terminal restored:\n{screen}"
        );
        assert!(
            !screen.contains("q quit"),
            "{end:?}: alternate screen left:\n{screen}"
        );
    }
    took
}

#[test]
fn the_workbench_ends_with_its_terminal() {
    if !Tmux::available() {
        eprintln!("tmux is not installed: skipping the terminal end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = terminal::demo(dir.path(), None);
    for end in [End::KillSession, End::Hangup, End::Terminate] {
        let mut slowest = Duration::ZERO;
        for run in 0..runs() {
            slowest = slowest.max(end_once(end, &db, run));
        }
        eprintln!("{end:?}: {} runs, slowest exit {slowest:?}", runs());
        assert!(
            slowest < Duration::from_secs(1),
            "{end:?}: took {slowest:?}"
        );
    }
}
