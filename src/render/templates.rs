//! The Tera templates of a site: the built-in theme's, overridden file by file by the site's
//! own `templates/`; template errors become diagnostics with the template's line and column.

use std::collections::BTreeMap;

use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::diag::{Diagnostic, Kind};
use crate::source::SourceFile;

/// A site's parsed templates, ready to render pages.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// Template name → its source, for locating errors.
    sources: BTreeMap<String, SourceFile>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Escapes the five characters that matter in HTML text and attributes, and nothing else
/// (Tera's default also escapes `/`, which makes every URL unreadable in the page source).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut last = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&input.as_bytes()[last..i])?;
        out.write_all(entity)?;
        last = i + 1;
    }
    out.write_all(&input.as_bytes()[last..])
}

impl Templates {
    /// The site's own templates (those of its `templates/` folder), by name.
    pub fn own_sources(&self) -> impl Iterator<Item = &SourceFile> {
        self.sources.values().filter(|s| !s.is_theme_file())
    }

    /// Parses templates from their sources (name → file).
    pub fn from_sources(
        sources: BTreeMap<String, SourceFile>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = new_tera();
        let all = sources
            .iter()
            .map(|(name, s)| (name.as_str(), s.text.as_str()));
        if let Err(err) = tera.add_raw_templates(all) {
            // Tera stops at the first broken template; parse each alone to report them all.
            let mut diagnostics: Vec<Diagnostic> = sources
                .iter()
                .filter_map(|(name, source)| {
                    let mut alone = new_tera();
                    match alone.add_raw_template(name, &source.text) {
                        Err(e) if matches!(e.kind(), ErrorKind::SyntaxError(_)) => {
                            Some(to_diagnostics(&e, &sources))
                        }
                        _ => None,
                    }
                })
                .flatten()
                .collect();
            if diagnostics.is_empty() {
                diagnostics = to_diagnostics(&err, &sources);
            }
            return Err(diagnostics);
        }
        Ok(Templates { tera, sources })
    }

    /// Makes `asset(path="css/style.css")` return the file's URL from `urls` (static path →
    /// URL); a path missing from it is a template error.
    pub fn set_assets(&mut self, urls: BTreeMap<String, String>) {
        self.tera.register_function(
            "asset",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                let path = path.trim_start_matches('/');
                match urls.get(path) {
                    Some(url) => Ok(url.clone()),
                    None => Err(tera::Error::message(format!(
                        "asset(path=\"{path}\"): no such file in static/"
                    ))),
                }
            },
        );
    }

    /// Renders a template, appending to `out`.
    pub fn render_into(
        &self,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Vec<Diagnostic>> {
        self.tera
            .render_to(name, context, out)
            .map_err(|err| to_diagnostics(&err, &self.sources))
    }
}

fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    // `{{ pro | inline_markdown }}`: a statement's emphasis, code and links, safely.
    tera.register_filter(
        "inline_markdown",
        |text: std::borrow::Cow<'_, str>, _: Kwargs, _: &State| {
            tera::Value::safe_string(&crate::content::markdown::inline_html(&text))
        },
    );
    // Until set_assets runs (it always does before pages render), templates still parse.
    tera.register_function(
        "asset",
        |_: Kwargs, _: &State| -> tera::TeraResult<String> {
            Err(tera::Error::message("asset() is not available here"))
        },
    );
    tera
}

/// Turns a Tera error into diagnostics at the templates' lines and columns when Tera says
/// where: one for most errors, one per report when Tera gathers several (unknown filters,
/// tests, functions and components of all templates).
fn to_diagnostics(err: &tera::Error, sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    if let ErrorKind::Msg(text) = err.kind() {
        let reports = reports_in_text(text, sources);
        if !reports.is_empty() {
            return reports;
        }
    }
    vec![to_diagnostic(err, sources)]
}

/// Turns a Tera error into a diagnostic at the template's line and column when Tera says where.
fn to_diagnostic(err: &tera::Error, sources: &BTreeMap<String, SourceFile>) -> Diagnostic {
    let diagnostic = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let what = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut message = report.message().trim().to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            match sources.get(report.filename()) {
                Some(source) => source
                    .error_at(report.span().range.clone(), what)
                    .label(message),
                None => {
                    Diagnostic::error(format!("{what} in {}", report.filename())).label(message)
                }
            }
        }
        ErrorKind::TemplateNotFound(name) => {
            let theirs: Vec<&str> = crate::theme::templates().iter().map(|t| t.path).collect();
            Diagnostic::error(format!("template `{name}` not found")).help(format!(
                "templates/ holds the site's own templates; the built-in theme has {}",
                theirs.join(", ")
            ))
        }
        ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ));
            match sources.get(current.as_str()) {
                Some(s) => d.in_file(s.path.clone()),
                None => d,
            }
        }
        _ => {
            let mut message = err.to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            Diagnostic::error(format!("template error: {message}"))
        }
    };
    diagnostic.with_kind(Kind::Template)
}

/// Reads Tera's rendered reports (`error: msg` then `--> name:line:col`) back into diagnostics.
fn reports_in_text(text: &str, sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.trim_start().strip_prefix("error: ") {
            message = Some(m);
            continue;
        }
        let Some(place) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(line_no), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line_no), Ok(col)) = (line_no.parse::<usize>(), col.parse::<usize>()) else {
            continue;
        };
        let what = message.take().unwrap_or("template error").to_string();
        let Some(source) = sources.get(name) else {
            let d = Diagnostic::error(format!("template error in {name}"));
            diagnostics.push(d.with_kind(Kind::Template).label(what));
            continue;
        };
        let offset = offset_of(&source.text, line_no, col);
        let end = source.text[offset..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(source.text.len(), |i| offset + i)
            .max(offset + 1)
            .min(source.text.len());
        let d = source.error_at(offset..end, "template error");
        diagnostics.push(d.with_kind(Kind::Template).label(what));
    }
    diagnostics
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(files: &[(&str, &str)]) -> Result<Templates, Vec<Diagnostic>> {
        Templates::from_sources(
            files
                .iter()
                .map(|(n, t)| {
                    (
                        n.to_string(),
                        SourceFile::from_text(format!("templates/{n}"), *t),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn reports_every_broken_template_with_its_line() {
        let errors = templates(&[
            ("a.html", "ok\n{% if %}"),
            ("b.html", "{{ x }"),
            ("c.html", "fine"),
        ])
        .expect_err("two syntax errors");
        let places: Vec<_> = errors
            .iter()
            .map(|d| (d.path.clone(), d.location.map(|l| l.line)))
            .collect();
        assert_eq!(places.len(), 2, "{errors:#?}");
        assert!(
            places.contains(&(Some("templates/a.html".into()), Some(2))),
            "{places:?}"
        );
    }

    #[test]
    fn unknown_filters_point_at_the_filter() {
        let errors = templates(&[("p.html", "x\n{{ a | nope }}")]).expect_err("unknown filter");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].label.as_deref(), Some("Unknown filter `nope`"));
        let loc = errors[0].location.expect("located");
        assert_eq!((loc.line, loc.column), (2, 8));
    }

    #[test]
    fn every_unknown_filter_of_every_template_is_reported() {
        let errors = templates(&[
            ("a.html", "{{ a | nope }}"),
            ("b.html", "one\ntwo\n{{ b | never }}"),
        ])
        .expect_err("unknown filters");
        let places: Vec<_> = errors
            .iter()
            .map(|d| {
                (
                    d.path.clone().unwrap_or_default(),
                    d.location.map(|l| l.line),
                    d.label.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(places.len(), 2, "{errors:#?}");
        assert!(
            places.contains(&(
                "templates/a.html".into(),
                Some(1),
                "Unknown filter `nope`".into()
            )),
            "{places:?}"
        );
        assert!(
            places.contains(&(
                "templates/b.html".into(),
                Some(3),
                "Unknown filter `never`".into()
            )),
            "{places:?}"
        );
    }

    #[test]
    fn escapes_text_but_not_slashes() {
        let mut t =
            templates(&[("p.html", "<a href=\"{{ url }}\">{{ title }}</a>")]).expect("valid");
        t.set_assets(BTreeMap::new());
        let mut ctx = Context::new();
        ctx.insert("url", "/repo/a/");
        ctx.insert("title", "<script>alert('x')</script>");
        let mut out = Vec::new();
        t.render_into("p.html", &ctx, &mut out).expect("renders");
        let html = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            html,
            "<a href=\"/repo/a/\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>"
        );
    }

    #[test]
    fn render_errors_point_into_the_template() {
        let t = templates(&[("p.html", "line\n{{ missing.field }}")]).expect("valid");
        let mut out = Vec::new();
        let err = t
            .render_into("p.html", &Context::new(), &mut out)
            .expect_err("undefined");
        assert_eq!(err.len(), 1, "{err:#?}");
        assert_eq!(err[0].path.as_deref(), Some("templates/p.html"));
        assert_eq!(err[0].location.map(|l| l.line), Some(2));
    }
}
