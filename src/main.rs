//! The `tradeoff` binary: parse the command line and hand over to [`tradeoff::cli`].

fn main() -> std::process::ExitCode {
    tradeoff::cli::run()
}
