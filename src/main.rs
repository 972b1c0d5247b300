//! The `milepost` binary: the CLI handles the command line; when it hands over, the workbench
//! takes the terminal. Neither knows the other: this is where they meet.

use milepost::cli::{self, Next};
use milepost::tui;

fn main() {
    let status = match cli::main() {
        Next::Exit(status) => status,
        Next::Workbench { store, ctx, mouse } => tui::main(store, ctx, mouse),
        Next::FirstRun { path, ctx, mouse } => tui::main_first_run(&path, ctx, mouse),
        Next::ConfigCheck => tui::check_config(),
    };
    std::process::exit(status);
}
