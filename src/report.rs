//! Turns diagnostics into what people read: coloured terminal text, plain text (tests and
//! pipes), and an HTML overlay for `serve`. Uses only [`crate::diag`].

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diag::{Diagnostic, Severity};

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours, for a terminal.
    Styled,
    /// No escape codes, for files, pipes and snapshots.
    Plain,
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
            group = group.element(
                Snippet::source(excerpt.text.as_str())
                    .line_start(excerpt.first_line)
                    .path(path)
                    .fold(false)
                    .annotation(annotation),
            );
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
    for d in diagnostics {
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
