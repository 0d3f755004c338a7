//! `tradeoff completions <shell>`: the completion script of a shell, on standard output.

use std::io::Write;

use clap_complete::Shell;

use super::Failure;

/// Writes the completion script of `shell` for `command` (the whole command line) to stdout.
pub fn run(shell: Shell, command: &mut clap::Command) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, command, "tradeoff", &mut script);
    let mut out = std::io::stdout().lock();
    // A closed pipe (`tradeoff completions bash | head`) is the reader's choice, not a failure.
    let _ = out.write_all(&script).and_then(|()| out.flush());
    Ok(())
}
