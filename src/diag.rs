//! Diagnostics as plain data: what went wrong, where (file, byte offset, line, column), the
//! offending source lines, and what was expected. Imports nothing from the crate; every other
//! module produces these, and only [`crate::report`] turns them into text.

use std::fmt;
use std::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails and nothing is written.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Where a file a diagnostic names comes from. The text that names it (`(built-in theme) `,
/// `(rendered) `, `public/`) is made here alone, by [`Diagnostic::shown_path`].
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// One of the site's own files; the path is relative to the site's root.
    #[default]
    Site,
    /// A file of the built-in theme, compiled into tradeoff (`templates/base.html`).
    Theme,
    /// A page tradeoff generated, as rendered in memory: it was not written anywhere.
    Rendered,
    /// A file written into the output folder, named as given (`public/`); the path is the
    /// file's inside it.
    Output(String),
}

/// A position in a file, as a person counts it: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// Byte offset from the start of the file's text.
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// The whole source lines a diagnostic points into, so it can be shown without the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Excerpt {
    /// Line number of the first line of `text`.
    pub first_line: usize,
    /// One or more complete lines of the file, without the final line break.
    pub text: String,
    /// The offending bytes, relative to the start of `text`.
    pub span: Range<usize>,
}

/// One problem found in the user's input, with everything needed to report it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to where it comes from (`origin`) and `/`-separated; `None` for
    /// problems of the invocation as a whole.
    pub path: Option<String>,
    /// Where `path` comes from.
    pub origin: Origin,
    /// Where in `path`; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// A short note shown at the offending text (what was expected there).
    pub label: Option<String>,
    /// What to do about it ("did you mean ...").
    pub help: Option<String>,
    /// The source lines around `location`.
    pub excerpt: Option<Excerpt>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with a message and no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: None,
            origin: Origin::Site,
            location: None,
            message: message.into(),
            label: None,
            help: None,
            excerpt: None,
        }
    }

    /// Names the site's file the problem is in, without a position.
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Names the file the problem is in, from `origin`.
    pub fn in_file_from(mut self, origin: Origin, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self.origin = origin;
        self
    }

    /// Sets the position and excerpt (see [`crate::source::SourceFile::locate`]).
    pub fn located(mut self, location: Location, excerpt: Excerpt) -> Self {
        self.location = Some(location);
        self.excerpt = Some(excerpt);
        self
    }

    /// Adds the note shown at the offending text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The file as named to people: `content/flask.md`, `(built-in theme)
    /// templates/base.html`, `(rendered) 404.html`, `public/404.html`.
    pub fn shown_path(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        Some(match &self.origin {
            Origin::Site => path.to_string(),
            Origin::Theme => format!("(built-in theme) {path}"),
            Origin::Rendered => format!("(rendered) {path}"),
            Origin::Output(folder) => format!("{folder}{path}"),
        })
    }

    /// True for errors, which fail a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are reported in: problems without a file first, then by file as
    /// shown and position, errors before warnings at the same place.
    fn sort_key(&self) -> (Option<String>, usize, Severity, String) {
        (
            self.shown_path(),
            self.location.map_or(0, |l| l.offset),
            self.severity,
            self.message.clone(),
        )
    }
}

/// Sorts diagnostics into report order and drops exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_cached_key(Diagnostic::sort_key);
    diagnostics.dedup();
}

/// Counts of errors and warnings, for summary lines.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// Suggests the candidate closest to a misspelled `word`, if one is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // A typo is a few edits (swapped, missing or extra letters) away, whatever the length;
    // similar-looking but different names are not suggested.
    let allowed = (lower.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let edits = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
            (edits <= allowed).then_some((edits, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["learning_curve", "maintainability", "runtime"];
        assert_eq!(did_you_mean("lerning_curve", keys), Some("learning_curve"));
        assert_eq!(did_you_mean("Runtime", keys), Some("runtime"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("fastapi.md", ["flask.md", "django.md"]), None);
        assert_eq!(
            did_you_mean("fastapy.md", ["flask.md", "fastapi.md"]),
            Some("fastapi.md")
        );
        assert_eq!(did_you_mean("MTI", ["MIT", "GPL"]), Some("MIT"));
    }

    #[test]
    fn sorts_by_file_then_position() {
        let at = |path: &str, offset| Diagnostic {
            path: Some(path.into()),
            location: Some(Location {
                offset,
                line: 1,
                column: 1,
            }),
            ..Diagnostic::error("x")
        };
        let mut list = vec![
            at("b.md", 1),
            at("a.md", 9),
            Diagnostic::error("y"),
            at("a.md", 2),
        ];
        sort_diagnostics(&mut list);
        let order: Vec<_> = list
            .iter()
            .map(|d| (d.path.clone(), d.location.map(|l| l.offset)))
            .collect();
        assert_eq!(
            order,
            vec![
                (None, None),
                (Some("a.md".into()), Some(2)),
                (Some("a.md".into()), Some(9)),
                (Some("b.md".into()), Some(1)),
            ]
        );
    }
}
