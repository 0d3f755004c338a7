//! The `tradeoff` binary: parse the command line and hand over to [`tradeoff::cli`].

fn main() -> std::process::ExitCode {
    tradeoff::cli::run()
}

/// mimalloc: markedly faster than the system allocator for the many small, short-lived
/// allocations of parsing and rendering on several threads, and it returns memory sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
