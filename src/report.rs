//! Turns diagnostics into what people read: coloured terminal text, plain text (tests and
//! pipes), and an HTML overlay for `serve`. Uses only [`crate::diag`].

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin as Place, Renderer, Snippet};

use crate::diag::{Diagnostic, Origin, Severity};

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours, for a terminal.
    Styled,
    /// No escape codes, for files, pipes and snapshots.
    Plain,
}

/// The most diagnostics printed for one file, and for a whole run; the rest are counted.
pub const MAX_PER_FILE: usize = 50;
/// See [`MAX_PER_FILE`].
pub const MAX_PER_RUN: usize = 200;

/// The diagnostics to print (in the order given, which is report order): at most
/// [`MAX_PER_FILE`] of each file and [`MAX_PER_RUN`] in all, and a line for each file (and
/// one for the run) that counts the ones left out.
pub fn capped(diagnostics: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<String>) {
    let mut shown = Vec::new();
    let mut left_out: Vec<(Option<String>, usize)> = Vec::new();
    let mut over_run = 0;
    let mut current: (Option<String>, usize) = (None, 0);
    for d in diagnostics {
        let file = d.shown_path();
        if file != current.0 {
            current = (file.clone(), 0);
        }
        current.1 += 1;
        if current.1 > MAX_PER_FILE {
            match left_out.last_mut() {
                Some((f, n)) if *f == file => *n += 1,
                _ => left_out.push((file, 1)),
            }
        } else if shown.len() >= MAX_PER_RUN {
            over_run += 1;
        } else {
            shown.push(d);
        }
    }
    let mut notes: Vec<String> = left_out
        .into_iter()
        .map(|(file, n)| {
            let place = file.map_or_else(String::new, |f| format!(" in {f}"));
            format!("note: {n} more problems{place} are not shown (at most {MAX_PER_FILE} a file)")
        })
        .collect();
    if over_run > 0 {
        notes.push(format!(
            "note: {over_run} more problems are not shown (at most {MAX_PER_RUN} a run)"
        ));
    }
    (shown, notes)
}

/// Renders diagnostics one after another, each with its source excerpt, then a count line.
pub fn render_text(diagnostics: &[Diagnostic], style: Style) -> String {
    let renderer = match style {
        Style::Styled => Renderer::styled(),
        Style::Plain => Renderer::plain(),
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_one(diagnostic, &renderer));
        out.push_str("\n\n");
    }
    out
}

fn render_one(diagnostic: &Diagnostic, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(diagnostic.message.as_str()));
    match (diagnostic.shown_path(), &diagnostic.excerpt) {
        (Some(path), Some(excerpt)) => {
            let mut annotation = AnnotationKind::Primary.span(excerpt.span.clone());
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            let snippet = Snippet::source(excerpt.text.as_str())
                .line_start(excerpt.first_line)
                .fold(false)
                .annotation(annotation);
            // An excerpt cut from a very long line starts inside it: the column the renderer
            // would count is not the file's, so the place is given as it is.
            let counted = excerpt.text.get(..excerpt.span.start).map(|before| {
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                before[line_start..].chars().count() + 1
            });
            group = match diagnostic.location {
                Some(location) if counted != Some(location.column) => group
                    .element(
                        Place::path(path)
                            .line(location.line)
                            .char_column(location.column),
                    )
                    .element(snippet),
                _ => group.element(snippet.path(path)),
            };
        }
        (Some(path), None) => {
            group = group.element(Level::NOTE.message(format!("in {path}")));
            if let Some(label) = &diagnostic.label {
                group = group.element(Level::NOTE.message(label.as_str()));
            }
        }
        (None, _) => {
            if let Some(label) = &diagnostic.label {
                group = group.element(Level::NOTE.message(label.as_str()));
            }
        }
    }
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(help) = &diagnostic.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report)
}

/// One line per diagnostic, `path:line:column: severity: message`, the form editors and CI
/// annotations understand.
pub fn render_short(diagnostic: &Diagnostic) -> String {
    let mut line = String::new();
    if let Some(path) = diagnostic.shown_path() {
        line.push_str(&path);
        if let Some(loc) = diagnostic.location {
            let _ = write!(line, ":{}:{}", loc.line, loc.column);
        }
        line.push_str(": ");
    }
    let _ = write!(line, "{}: {}", diagnostic.severity, diagnostic.message);
    line
}

/// The diagnostics as an HTML fragment (escaped, self-contained), for the `serve` overlay.
pub fn render_html(diagnostics: &[Diagnostic]) -> String {
    let mut html = String::new();
    let (shown, notes) = capped(diagnostics);
    for note in notes {
        let _ = write!(html, "<p>{}</p>", escape(&note));
    }
    for d in shown {
        let _ = write!(
            html,
            "<section class=\"tradeoff-diagnostic tradeoff-{}\"><p><strong>{}</strong>",
            d.severity,
            escape(&render_short(d))
        );
        html.push_str("</p>");
        if let Some(excerpt) = &d.excerpt {
            let before = &excerpt.text[..excerpt.span.start];
            let marked = &excerpt.text[excerpt.span.clone()];
            let after = &excerpt.text[excerpt.span.end..];
            let _ = write!(
                html,
                "<pre data-first-line=\"{}\"><code>{}<mark>{}</mark>{}</code></pre>",
                excerpt.first_line,
                escape(before),
                escape(if marked.is_empty() { " " } else { marked }),
                escape(after)
            );
        }
        if let Some(label) = &d.label {
            let _ = write!(html, "<p>{}</p>", escape(label));
        }
        if let Some(help) = &d.help {
            let _ = write!(html, "<p>help: {}</p>", escape(help));
        }
        html.push_str("</section>");
    }
    html
}

/// How diagnostics are printed: for people, or for the tools CI and editors run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Text with source excerpts, on stderr.
    #[default]
    Human,
    /// One JSON array of every diagnostic of the run, on stdout.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`), on stdout, which
    /// a workflow shows as annotations on the files and lines.
    Github,
}

/// A position as a person counts it, in the machine-readable formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
struct Position {
    line: usize,
    column: usize,
}

/// A diagnostic as `--format json` prints it.
#[derive(Debug, serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    /// The kind of problem, a stable code (`unknown-key`, `broken-link`; see
    /// [`crate::diag::Kind::code`]).
    kind: &'static str,
    /// The file as a path from the folder tradeoff ran in; `null` for a problem of the run as
    /// a whole, or of a file that is not on disk (see `origin`).
    file: Option<String>,
    /// Where `file` comes from: `site`, `theme` (built into tradeoff), `rendered` (a page made
    /// in memory) or `output` (a file written into the output folder).
    origin: &'static str,
    /// The file as tradeoff names it to people (`(built-in theme) templates/base.html`).
    shown_file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    /// Just after the offending text.
    end: Option<Position>,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
}

/// The position just after a diagnostic's offending text, from its excerpt.
fn end_of(diagnostic: &Diagnostic) -> Option<Position> {
    let excerpt = diagnostic.excerpt.as_ref()?;
    let before_end = excerpt.text.get(..excerpt.span.end)?;
    let last_line = before_end.rsplit('\n').next().unwrap_or(before_end);
    Some(Position {
        line: excerpt.first_line + before_end.matches('\n').count(),
        column: last_line.chars().count() + 1,
    })
}

/// A diagnostic's file as a path from where tradeoff runs: the site's root (as given, `""`
/// for the current folder) joined to a site file's path; an output file as shown. `None` for
/// files that are not on disk (the built-in theme, pages made in memory).
fn file_on_disk(diagnostic: &Diagnostic, root: &str) -> Option<String> {
    let path = diagnostic.path.as_deref()?;
    match &diagnostic.origin {
        Origin::Site if root.is_empty() => Some(path.to_string()),
        Origin::Site => Some(format!("{}/{path}", root.trim_end_matches('/'))),
        Origin::Output(_) => diagnostic.shown_path(),
        Origin::Theme | Origin::Rendered => None,
    }
}

/// Every diagnostic as one JSON array (see [`Format::Json`]); site files are named from `root`.
pub fn render_json(diagnostics: &[Diagnostic], root: &str) -> String {
    let entries: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            kind: d.kind().code(),
            file: file_on_disk(d, root),
            origin: match d.origin {
                Origin::Site => "site",
                Origin::Theme => "theme",
                Origin::Rendered => "rendered",
                Origin::Output(_) => "output",
            },
            shown_file: d.shown_path(),
            line: d.location.map(|l| l.line),
            column: d.location.map(|l| l.column),
            end: end_of(d),
            message: &d.message,
            label: d.label.as_deref(),
            help: d.help.as_deref(),
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".to_string());
    json.push('\n');
    json
}

/// Escapes a workflow command's message as GitHub's toolkit does (`escapeData`).
fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value as GitHub's toolkit does
/// (`escapeProperty`): the message's escapes, and `:` and `,`.
fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Every diagnostic as a GitHub Actions workflow command, one a line (see [`Format::Github`]);
/// site files are named from `root`.
pub fn render_github(diagnostics: &[Diagnostic], root: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        let file = file_on_disk(d, root);
        if let Some(file) = &file {
            properties.push(format!("file={}", escape_github_property(file)));
            if let Some(location) = d.location {
                properties.push(format!("line={}", location.line));
                properties.push(format!("col={}", location.column));
                if let Some(end) = end_of(d) {
                    properties.push(format!("endLine={}", end.line));
                    properties.push(format!("endColumn={}", end.column));
                }
            }
        }
        // The kind of problem titles the annotation.
        properties.push(format!("title={}", escape_github_property(d.kind().code())));
        let mut message = d.message.clone();
        if file.is_none()
            && let Some(shown) = d.shown_path()
        {
            message = match d.location {
                Some(l) => format!("{shown}:{}:{}: {message}", l.line, l.column),
                None => format!("{shown}: {message}"),
            };
        }
        if let Some(label) = &d.label {
            let _ = write!(message, "\n{label}");
        }
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{command}{}{}::{}",
            if properties.is_empty() { "" } else { " " },
            properties.join(","),
            escape_github_data(&message)
        );
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn a_very_long_line_is_shown_around_the_span_at_its_true_column() {
        let line = "[a](#x) ".repeat(1_000);
        let file = SourceFile::from_text("content/x.md", format!("+++\n+++\n{line}\n"));
        let at = 8 + 8 * 700;
        let d = file.error_at(at..at + 7, "broken link");
        let excerpt = d.excerpt.as_ref().expect("an excerpt");
        assert!(excerpt.text.len() < 500, "{} bytes", excerpt.text.len());
        assert_eq!(&excerpt.text[excerpt.span.clone()], "[a](#x)");
        let text = render_text(&[d], Style::Plain);
        assert!(text.contains(" --> content/x.md:3:5601\n"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
    }

    #[test]
    fn at_most_so_many_problems_are_shown_a_file_and_a_run() {
        let file = SourceFile::from_text("content/a.md", "x\n".repeat(300));
        let mut all: Vec<Diagnostic> = (0..120)
            .map(|i| file.error_at(i * 2..i * 2 + 1, "bad"))
            .collect();
        for n in 0..10 {
            let other = SourceFile::from_text(format!("content/b{n}.md"), "x\n".repeat(30));
            all.extend((0..30).map(|i| other.error_at(i * 2..i * 2 + 1, "bad")));
        }
        let (shown, notes) = capped(&all);
        assert_eq!(shown.len(), MAX_PER_RUN);
        assert_eq!(
            notes,
            [
                "note: 70 more problems in content/a.md are not shown (at most 50 a file)",
                "note: 150 more problems are not shown (at most 200 a run)"
            ]
        );
    }

    #[test]
    fn github_escapes_as_its_toolkit_does() {
        assert_eq!(
            escape_github_data("100% a:b, c\r\nd"),
            "100%25 a:b, c%0D%0Ad"
        );
        assert_eq!(
            escape_github_property("100% a:b, c\r\nd"),
            "100%25 a%3Ab%2C c%0D%0Ad"
        );
    }

    #[test]
    fn the_end_of_a_span_over_lines_is_just_after_it() {
        let file = SourceFile::from_text("content/x.md", "+++\ntitle = \"é\nx\"\n+++\n");
        let d = file.error_at(12..18, "unterminated string");
        assert_eq!(d.location.map(|l| (l.line, l.column)), Some((2, 9)));
        assert_eq!(end_of(&d), Some(Position { line: 3, column: 3 }));
        let github = render_github(&[d], "site");
        assert_eq!(
            github,
            "::error file=site/content/x.md,line=2,col=9,endLine=3,endColumn=3,title=other::unterminated string\n"
        );
    }

    #[test]
    fn plain_text_names_file_line_and_column() {
        let file = SourceFile::from_text(
            "content/flask.md",
            "+++\ntitle = \"Flask\"\nlerning = 4\n+++\n",
        );
        let start = file.text.find("lerning").expect("present");
        let diagnostic = file
            .error_at(start..start + 7, "unknown field `lerning`")
            .label("not in the schema")
            .help("did you mean `learning`?");
        let text = render_text(&[diagnostic], Style::Plain);
        assert!(text.contains("content/flask.md:3:1"), "{text}");
        assert!(text.contains("lerning = 4"), "{text}");
        assert!(text.contains("did you mean `learning`?"), "{text}");
        let with_kind = diagnostic_of_kind(&file, start);
        let text_with_kind = render_text(std::slice::from_ref(&with_kind), Style::Plain);
        assert_eq!(text_with_kind, text, "the kind is not shown");
        assert!(!render_html(&[with_kind]).contains("unknown-key"));
    }

    fn diagnostic_of_kind(file: &SourceFile, start: usize) -> crate::diag::Diagnostic {
        file.error_at(start..start + 7, "unknown field `lerning`")
            .with_kind(crate::diag::Kind::UnknownKey)
            .label("not in the schema")
            .help("did you mean `learning`?")
    }

    #[test]
    fn html_is_escaped() {
        let file = SourceFile::from_text("a.md", "<script>");
        let html = render_html(&[file.error_at(0..8, "bad <b>")]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
