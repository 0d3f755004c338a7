//! The commands: each orchestrates [`crate::pipeline`] (run → commit, or → serve) and
//! reports through [`crate::ui`]. No parsing, rendering or writing logic lives here.

pub mod build;
pub mod check;
pub mod completions;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use crate::config::BaseUrl;
use crate::diag::Diagnostic;

/// Why a command failed, which decides the exit code (see [`crate::cli`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The site's content or templates had problems (exit 1).
    Content,
    /// The machine would not do what was needed: the output folder cannot be written, a port
    /// is taken (exit 1).
    Environment,
    /// The command line itself was wrong (exit 2).
    Usage,
}

/// Turns `--base-url` into a base URL, or says why it cannot.
pub fn parse_base_url_flag(flag: Option<&str>) -> Result<Option<BaseUrl>, Diagnostic> {
    flag.map(|text| {
        BaseUrl::parse(text).map_err(|expected| {
            Diagnostic::invalid_argument("--base-url", text, None).label(expected)
        })
    })
    .transpose()
}

/// The failure a run's diagnostics amount to, if any: `Content` when one is an error.
pub fn failure_of(diagnostics: &[Diagnostic]) -> Result<(), Failure> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Failure::Content)
    } else {
        Ok(())
    }
}
