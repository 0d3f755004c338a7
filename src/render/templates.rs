//! The Tera templates of a site: the built-in theme's, overridden file by file by the site's
//! own `templates/`; template errors become diagnostics with the template's line and column.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

    /// Renders a template, appending to `out`, within [`MAX_RENDER_STEPS`] and
    /// [`MAX_RENDER_BYTES`], and until `stop` is asked.
    pub fn render_into(
        &self,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
        stop: Option<&Stop>,
    ) -> Result<(), Vec<Diagnostic>> {
        METER.with(|meter| *meter.borrow_mut() = Some(Meter::new(stop.cloned())));
        let result = self.tera.render_to(name, context, Metered(out));
        let halt = METER
            .with(|meter| meter.borrow_mut().take())
            .and_then(|meter| meter.halt);
        let Err(err) = result else {
            return Ok(());
        };
        // A bound met in `range()` has the call's place; one met in writing has none.
        let located = matches!(err.kind(), ErrorKind::RenderingError(_));
        match halt {
            Some(halt) if !located => Err(vec![self.halt_diagnostic(name, halt)]),
            Some(halt) => Err(to_diagnostics(&err, &self.sources)
                .into_iter()
                .map(|d| d.help(halt.help()))
                .collect()),
            None => Err(to_diagnostics(&err, &self.sources)),
        }
    }

    /// The error of a render that met a bound while writing.
    fn halt_diagnostic(&self, name: &str, halt: Halt) -> Diagnostic {
        let d = Diagnostic::error(format!("rendering stopped: {}", halt.reason()))
            .with_kind(Kind::Template)
            .help(halt.help());
        match self.sources.get(name) {
            Some(source) => d.in_file_from(source.origin.clone(), source.path.clone()),
            None => d.in_file(format!("templates/{name}")),
        }
    }
}

/// The most steps (pieces of text written, numbers made by `range()`) one template may take
/// to render: a page of a thousand options takes well under a million; a loop that runs
/// away stops here with an error instead of hanging `build` or `serve`.
pub const MAX_RENDER_STEPS: u64 = 10_000_000;
/// The most bytes one template may write.
pub const MAX_RENDER_BYTES: usize = 512 * 1024 * 1024;
/// The most numbers one `range()` may make, as Tera's own `range()` allows.
const MAX_RANGE_LEN: i64 = 100_000;

/// A request to stop rendering, shared between whoever asks (`serve`, when a newer change
/// comes or Ctrl-C) and the renders, which look at it at every step and stop with an error.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<StopState>);

#[derive(Debug, Default)]
struct StopState {
    asked: AtomicBool,
    obeyed: AtomicBool,
}

impl Stop {
    /// Asks every render that looks at this to stop.
    pub fn ask(&self) {
        self.0.asked.store(true, Ordering::SeqCst);
    }

    /// Withdraws the request, for the next run.
    pub fn reset(&self) {
        self.0.asked.store(false, Ordering::SeqCst);
        self.0.obeyed.store(false, Ordering::SeqCst);
    }

    /// Whether a render stopped because it was asked to: its output is not a page.
    pub fn obeyed(&self) -> bool {
        self.0.obeyed.load(Ordering::SeqCst)
    }

    /// Whether a render should stop now, noting that one did.
    fn stops(&self) -> bool {
        let asked = self.0.asked.load(Ordering::Relaxed);
        if asked {
            self.0.obeyed.store(true, Ordering::SeqCst);
        }
        asked
    }
}

/// Why a render stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Halt {
    Steps,
    Bytes,
    Stopped,
}

impl Halt {
    fn reason(self) -> String {
        match self {
            Halt::Steps => format!(
                "it took more than {} steps (pieces written, numbers made by range())",
                group_digits(MAX_RENDER_STEPS)
            ),
            Halt::Bytes => format!(
                "it wrote more than {} MiB",
                MAX_RENDER_BYTES / (1024 * 1024)
            ),
            Halt::Stopped => "a newer change or Ctrl-C stopped it".to_string(),
        }
    }

    fn help(self) -> &'static str {
        match self {
            Halt::Stopped => "nothing to fix: the next build renders it again",
            Halt::Steps | Halt::Bytes => {
                "look for a loop that runs too long (nested `for` loops over range(), a loop over a long list inside another) in this template or one it includes or extends"
            }
        }
    }
}

/// 50000000 → "50,000,000".
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the render running on this thread has used of its bounds.
struct Meter {
    steps: u64,
    bytes: usize,
    stop: Option<Stop>,
    halt: Option<Halt>,
}

impl Meter {
    fn new(stop: Option<Stop>) -> Meter {
        Meter {
            steps: 0,
            bytes: 0,
            stop,
            halt: None,
        }
    }

    /// Counts `steps` and `bytes`, or says why the render must stop.
    fn charge(&mut self, steps: u64, bytes: usize) -> Result<(), Halt> {
        if let Some(halt) = self.halt {
            return Err(halt);
        }
        self.steps = self.steps.saturating_add(steps);
        self.bytes = self.bytes.saturating_add(bytes);
        let halt = if self.stop.as_ref().is_some_and(Stop::stops) {
            Some(Halt::Stopped)
        } else if self.steps > MAX_RENDER_STEPS {
            Some(Halt::Steps)
        } else if self.bytes > MAX_RENDER_BYTES {
            Some(Halt::Bytes)
        } else {
            None
        };
        self.halt = halt;
        halt.map_or(Ok(()), Err)
    }
}

thread_local! {
    /// The meter of the render running on this thread ([`Templates::render_into`] sets it),
    /// which `range()` also charges.
    static METER: RefCell<Option<Meter>> = const { RefCell::new(None) };
}

/// Charges the render running on this thread, if any.
fn charge(steps: u64, bytes: usize) -> Result<(), Halt> {
    METER.with(|meter| match meter.borrow_mut().as_mut() {
        Some(meter) => meter.charge(steps, bytes),
        None => Ok(()),
    })
}

/// The page being rendered, counting each write.
struct Metered<'a>(&'a mut Vec<u8>);

impl Write for Metered<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        charge(1, buf.len()).map_err(|halt| std::io::Error::other(halt.reason()))?;
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(end=…, start=0, step_by=1)`, counted against the render's bounds: a loop
/// over a loop over `range()` writes nothing it could be stopped at otherwise.
fn metered_range(kwargs: Kwargs, _: &State) -> tera::TeraResult<Vec<i64>> {
    let start = kwargs.get::<i64>("start")?.unwrap_or(0);
    let end = kwargs.must_get::<i64>("end")?;
    let step = kwargs.get::<i64>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("range(): `step_by` must not be 0"));
    }
    let span = i128::from(end) - i128::from(start);
    let step_wide = i128::from(step);
    let len = if (span > 0 && step > 0) || (span < 0 && step < 0) {
        (span.abs() + step_wide.abs() - 1) / step_wide.abs()
    } else {
        0
    };
    if len > i128::from(MAX_RANGE_LEN) {
        return Err(tera::Error::message(format!(
            "range() would make {len} numbers, more than the {MAX_RANGE_LEN} it may"
        )));
    }
    let len = i64::try_from(len).expect("at most MAX_RANGE_LEN");
    if let Err(halt) = charge(len.unsigned_abs(), 0) {
        return Err(tera::Error::message(format!(
            "rendering stopped: {}",
            halt.reason()
        )));
    }
    Ok((0..len).map(|i| start + i * step).collect())
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
    tera.register_function("range", metered_range);
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
        t.render_into("p.html", &ctx, &mut out, None)
            .expect("renders");
        let html = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            html,
            "<a href=\"/repo/a/\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>"
        );
    }

    #[test]
    fn a_render_asked_to_stop_stops_and_says_so() {
        let mut t = templates(&[("p.html", "{% for a in range(end=10) %}{{ a }}{% endfor %}")])
            .expect("valid");
        t.set_assets(BTreeMap::new());
        let stop = Stop::default();
        let mut out = Vec::new();
        t.render_into("p.html", &Context::new(), &mut out, Some(&stop))
            .expect("renders while not asked");
        assert_eq!(out, b"0123456789");
        assert!(!stop.obeyed());
        stop.ask();
        let err = t
            .render_into("p.html", &Context::new(), &mut out, Some(&stop))
            .expect_err("stops");
        assert!(stop.obeyed());
        assert!(
            err[0]
                .label
                .as_deref()
                .is_some_and(|l| l.contains("a newer change or Ctrl-C stopped it")),
            "{err:#?}"
        );
        stop.reset();
        assert!(!stop.obeyed());
    }

    #[test]
    fn range_counts_as_tera_s_does() {
        let mut t = templates(&[(
            "p.html",
            "{{ range(end=3) | join(sep=\",\") }}|{{ range(start=5, end=1, step_by=-2) | join(sep=\",\") }}|{{ range(start=2, end=2) | length }}",
        )])
        .expect("valid");
        t.set_assets(BTreeMap::new());
        let mut out = Vec::new();
        t.render_into("p.html", &Context::new(), &mut out, None)
            .expect("renders");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "0,1,2|5,3|0");
    }

    #[test]
    fn render_errors_point_into_the_template() {
        let t = templates(&[("p.html", "line\n{{ missing.field }}")]).expect("valid");
        let mut out = Vec::new();
        let err = t
            .render_into("p.html", &Context::new(), &mut out, None)
            .expect_err("undefined");
        assert_eq!(err.len(), 1, "{err:#?}");
        assert_eq!(err[0].path.as_deref(), Some("templates/p.html"));
        assert_eq!(err[0].location.map(|l| l.line), Some(2));
    }
}
