//! The `milepost` binary: all the work happens in the library's `cli` module.

fn main() {
    std::process::exit(milepost::cli::main());
}
