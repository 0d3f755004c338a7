//! What tradeoff tells the person at the terminal, on stderr: progress of long steps (only on
//! a terminal), diagnostics, and the one summary line that ends every build.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use crate::diag::{self, Diagnostic};
use crate::report::{self, Format, Style};

/// The terminal's capabilities, decided once, and how diagnostics are printed.
#[derive(Debug)]
pub struct Ui {
    style: Style,
    progress: bool,
    format: Format,
    /// The site's folder as given (`""` for the current one): machine-readable formats name
    /// files from where tradeoff runs.
    root: String,
    /// Every diagnostic of the run, for `--format json`, printed as one array by
    /// [`Ui::finish`].
    gathered: Mutex<Vec<Diagnostic>>,
}

impl Ui {
    /// Colour and progress when stderr is a terminal and `NO_COLOR` is unset.
    pub fn detect() -> Self {
        let terminal = std::io::stderr().is_terminal();
        let colour = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ui {
            style: if colour { Style::Styled } else { Style::Plain },
            progress: terminal,
            format: Format::Human,
            root: String::new(),
            gathered: Mutex::new(Vec::new()),
        }
    }

    /// Prints diagnostics in `format`, naming site files from `root` (the site's folder as
    /// given on the command line, if it was).
    pub fn with_format(mut self, format: Format, root: Option<&Path>) -> Self {
        self.format = format;
        self.root = root.map_or_else(String::new, crate::source::display_path);
        self
    }

    /// Plain output, no progress: for tests.
    pub fn plain() -> Self {
        Ui {
            style: Style::Plain,
            progress: false,
            format: Format::Human,
            root: String::new(),
            gathered: Mutex::new(Vec::new()),
        }
    }

    /// Shows what is happening now, replacing the previous progress line.
    pub fn progress(&self, step: &str) {
        if self.progress {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{step}…");
            let _ = err.flush();
        }
    }

    /// Clears the progress line.
    pub fn clear_progress(&self) {
        if self.progress {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }

    /// Prints diagnostics, sorted, with their excerpts, then a count line if any are errors.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        self.clear_progress();
        if diagnostics.is_empty() {
            return;
        }
        let (errors, warnings) = diag::count(diagnostics);
        match self.format {
            Format::Human => {
                let (shown, notes) = report::capped(diagnostics);
                let shown: Vec<Diagnostic> = shown.into_iter().cloned().collect();
                let text = report::render_text(&shown, self.style);
                let mut err = anstream::stderr().lock();
                let _ = err.write_all(text.as_bytes());
                for note in notes {
                    let _ = writeln!(err, "{note}");
                }
            }
            Format::Github => {
                let (shown, notes) = report::capped(diagnostics);
                let shown: Vec<Diagnostic> = shown.into_iter().cloned().collect();
                let text = report::render_github(&shown, &self.root);
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                for note in notes {
                    let _ = writeln!(out, "::notice::{}", note.trim_start_matches("note: "));
                }
            }
            Format::Json => {
                if let Ok(mut gathered) = self.gathered.lock() {
                    gathered.extend(diagnostics.iter().cloned());
                }
            }
        }
        if errors > 0 {
            let _ = writeln!(anstream::stderr(), "{}", failure_line(errors, warnings));
        }
    }

    /// Ends the run's output: for `--format json`, the array of every diagnostic (`[]` when
    /// there were none) on stdout.
    pub fn finish(&self) {
        if self.format == Format::Json
            && let Ok(gathered) = self.gathered.lock()
        {
            let text = report::render_json(&gathered, &self.root);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }

    /// Prints the one-line summary of a successful build.
    pub fn summary(&self, line: &str) {
        self.clear_progress();
        let _ = writeln!(anstream::stderr(), "{line}");
    }
}

/// `1 option`, `2 options`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "failed: 2 errors, 1 warning".
pub fn failure_line(errors: usize, warnings: usize) -> String {
    let mut line = format!("failed: {}", plural(errors, "error", "errors"));
    if warnings > 0 {
        line.push_str(&format!(", {}", plural(warnings, "warning", "warnings")));
    }
    line
}

/// "built 6 options, 10 pages in 12 ms → public/".
pub fn build_summary(
    options: usize,
    pages: usize,
    files: usize,
    elapsed: Duration,
    output: &Path,
) -> String {
    format!(
        "built {}, {} ({}) in {} → {}",
        plural(options, "option", "options"),
        plural(pages, "page", "pages"),
        plural(files, "file", "files"),
        format_duration(elapsed),
        output.display()
    )
}

/// Milliseconds under 10 s, seconds with one decimal above.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10_000.0 {
        format!("{} ms", ms.round() as u64)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
