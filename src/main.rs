//! The `milepost` binary: the CLI handles the command line; when it hands over, the workbench
//! takes the terminal. Neither knows the other: this is where they meet.

use milepost::cli::{self, Next};
use milepost::tui;

fn main() {
    // A bug's message may quote user text: print it escaped, like every other output.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let message = milepost::domain::text::clip(&message, 400);
        eprintln!(
            "error: milepost hit a bug{at}: {}; nothing more was written. Please report it.",
            milepost::domain::text::terminal_safe(&message).replace('\n', " ")
        );
    }));
    let status = match cli::main() {
        Next::Exit(status) => status,
        Next::Workbench { store, ctx, mouse } => tui::main(store, ctx, mouse),
        Next::FirstRun { path, ctx, mouse } => tui::main_first_run(&path, ctx, mouse),
        Next::ConfigCheck => tui::check_config(),
    };
    std::process::exit(status);
}
