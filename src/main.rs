//! The `threadscope` command: clap options to one resolved plan, then run.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
