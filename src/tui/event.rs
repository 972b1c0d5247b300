//! One channel of everything the workbench waits for: terminal input, tables loaded in the
//! background, a slow tick, signals, and the terminal going away. The loop blocks on it, so
//! an idle workbench uses no CPU.
//!
//! Why the extra threads: crossterm's reader never returns once its terminal is gone (on end
//! of file it reads 0 bytes forever, crossterm-rs/crossterm#793), so a loop that only reads
//! input can neither notice a closed terminal nor a SIGHUP. Here signals arrive on their own
//! thread, and a watcher blocks in `poll(2)` on the terminal until it hangs up.

use crossterm::event::Event as TermEvent;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// What the workbench loop wakes up for.
#[derive(Debug)]
pub enum Event {
    /// A key, a mouse report or a resize.
    Term(TermEvent),
    /// The background loader has something for the app.
    Loaded,
    /// Once a second: look whether another process changed the database.
    Tick,
    /// SIGTERM or SIGHUP: end, restoring the terminal, with status 128 + the signal.
    Signal(i32),
    /// The terminal hung up or input failed (end of file, EIO): end as on SIGHUP.
    TerminalGone,
}

/// Something a background thread calls to wake the loop.
pub type Waker = Box<dyn Fn() + Send>;

/// The receiving end, and the threads that feed it. There is one per process: the first-run
/// form and then the workbench read the same input, and a second reader would steal keys.
pub struct Events {
    tx: Sender<Event>,
    rx: Mutex<Receiver<Event>>,
}

static EVENTS: OnceLock<Events> = OnceLock::new();

impl Events {
    /// The process's events, starting the signal thread, the hang-up watcher, the tick and the
    /// input reader the first time.
    pub fn get() -> std::io::Result<&'static Events> {
        if let Some(events) = EVENTS.get() {
            return Ok(events);
        }
        let events = Events::start()?;
        Ok(EVENTS.get_or_init(|| events))
    }

    fn start() -> std::io::Result<Events> {
        let (tx, rx) = mpsc::channel();
        let events = Events {
            tx,
            rx: Mutex::new(rx),
        };
        events.start_signals()?;
        events.start_hangup_watch();
        let tick = events.tx.clone();
        std::thread::spawn(move || {
            while tick.send(Event::Tick).is_ok() {
                std::thread::sleep(Duration::from_secs(1));
            }
        });
        events.start_input();
        Ok(events)
    }

    fn start_signals(&self) -> std::io::Result<()> {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = tx.send(Event::Signal(signal));
                // The loop restores the terminal and exits; should it be stuck (a terminal
                // that blocks writes), do not outlive the signal by more than a moment.
                std::thread::sleep(Duration::from_millis(800));
                let _ = crossterm::terminal::disable_raw_mode();
                std::process::exit(128 + signal);
            }
        });
        Ok(())
    }

    /// Block in `poll(2)` on the terminal until it reports a hang-up or an error.
    fn start_hangup_watch(&self) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            if watch_for_hangup() {
                let _ = tx.send(Event::TerminalGone);
            }
        });
    }

    fn start_input(&self) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            loop {
                let event = match crossterm::event::read() {
                    Ok(e) => Event::Term(e),
                    Err(_) => Event::TerminalGone,
                };
                let gone = matches!(event, Event::TerminalGone);
                if tx.send(event).is_err() || gone {
                    return;
                }
            }
        });
    }

    /// A waker for a background thread: it sends [`Event::Loaded`].
    pub fn waker(&self) -> Waker {
        let tx = self.tx.clone();
        Box::new(move || {
            let _ = tx.send(Event::Loaded);
        })
    }

    /// Wait for the next event.
    pub fn next(&self) -> Event {
        // The channel holds a sender of its own, so it never closes.
        match self.rx.lock() {
            Ok(rx) => rx.recv().unwrap_or(Event::TerminalGone),
            Err(_) => Event::TerminalGone,
        }
    }
}

/// Wait until the controlling terminal hangs up; `false` when it cannot be watched.
fn watch_for_hangup() -> bool {
    use std::os::fd::AsRawFd;
    // crossterm reads standard input when it is a terminal, else /dev/tty: watch the same.
    let tty;
    let fd = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        std::io::stdin().as_raw_fd()
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => {
                tty = f;
                tty.as_raw_fd()
            }
            Err(_) => return false,
        }
    };
    loop {
        let mut pfd = libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, for the length given; the fd stays open while we poll.
        // With no events asked for, poll returns only on a hang-up or an error.
        let ready = unsafe { libc::poll(&mut pfd, 1, -1) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return false;
        }
        if pfd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
            return true;
        }
        if pfd.revents & libc::POLLNVAL != 0 {
            return false;
        }
    }
}
