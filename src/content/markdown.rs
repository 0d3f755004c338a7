//! Markdown bodies to HTML with pulldown-cmark: GitHub-style extensions, an `id` on every
//! heading, and links to other content files (`fastapi.md#pros`) turned into page URLs and
//! checked. Anchors are checked later, once the target pages exist ([`AnchorLink`]).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::content::highlight::{self, Language};
use crate::diag::{Diagnostic, Kind, did_you_mean};
use crate::html::{Destination, answering_files, decode, destination, is_external, normalized};

/// What a path segment of a URL must escape: controls, spaces, and what would end or split it.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
use crate::source::SourceFile;

/// The Markdown extensions every body is parsed with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The characters that can start inline Markdown; text without any of them is plain.
const INLINE_MARKUP: &[char] = &['*', '_', '`', '[', '~', '\\', '<'];

/// One statement (a pro, a con, a score's why, a best-for line) as inline HTML: emphasis,
/// code, strikethrough and web links render; raw HTML shows as text. A link that is not to
/// the web or a mail address (those go in the body, where they are checked), or an image,
/// shows as written; text that would make anything more than a paragraph (a heading, a
/// list) shows exactly as written.
pub fn inline_html(text: &str) -> String {
    let plain = || crate::report::escape(text);
    if !text.contains(INLINE_MARKUP) {
        return plain();
    }
    let mut events = Vec::new();
    // While inside a link or image shown as written: how deep, to find its end.
    let mut literal_depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        if literal_depth > 0 {
            match event {
                Event::Start(_) => literal_depth += 1,
                Event::End(_) => literal_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) if !is_web_link(dest_url) => {
                events.push(Event::Text(CowStr::from(&text[range])));
                literal_depth = 1;
            }
            Event::Start(Tag::Image { .. }) => {
                events.push(Event::Text(CowStr::from(&text[range])));
                literal_depth = 1;
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            )
            | Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak => events.push(event),
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            _ => return plain(),
        }
    }
    let mut html = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Whether a statement's link may be followed: to the web or a mail address.
fn is_web_link(url: &str) -> bool {
    ["http://", "https://", "mailto:"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
    })
}

/// A page a content file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The page's URL, base path included.
    pub url: String,
    /// The page's output file (`options/flask/index.html`).
    pub page: String,
}

/// Content file names (`flask.md`, `_index.md`) and the pages they become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTargets {
    by_file: BTreeMap<String, Target>,
    /// The site's base path (`/` or `/repo/`), for links to files in `static/`.
    base_path: String,
}

impl Default for LinkTargets {
    fn default() -> Self {
        LinkTargets::new("/")
    }
}

impl LinkTargets {
    /// No targets yet, for a site under `base_path`.
    pub fn new(base_path: &str) -> Self {
        LinkTargets {
            by_file: BTreeMap::new(),
            base_path: base_path.to_string(),
        }
    }

    /// Records that `file_name` in `content/` becomes `target`.
    pub fn insert(&mut self, file_name: String, target: Target) {
        self.by_file.insert(file_name, target);
    }

    /// The page `file_name` becomes, if it is a content file.
    pub fn get(&self, file_name: &str) -> Option<&Target> {
        self.by_file.get(file_name)
    }

    /// Every content file and its page, by file name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Target)> {
        self.by_file
            .iter()
            .map(|(name, target)| (name.as_str(), target))
    }
}

/// A link with a `#fragment` into a page, to check once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// Where the link is in its source file.
    pub span: Range<usize>,
    /// The output file of the linked page.
    pub page: String,
    /// The fragment, without `#`, percent-decoded.
    pub anchor: String,
}

/// A relative link or image to a file of the built site that is not a content file
/// (`../static/logo.png`, `../../matrix/`), checked once every output file is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLink {
    /// Where the link is in its source file.
    pub span: Range<usize>,
    /// The path as written, without `?query` or `#fragment`.
    pub written: String,
    /// Output files any one of which the link may mean, most likely first
    /// (`img/a.png`; `matrix` or `matrix/index.html`).
    pub files: Vec<String>,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 to 6 (a body's level-1 headings become level 2: the page title is the only h1).
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Its headings, in order.
    pub headings: Vec<Heading>,
    /// Links with fragments, checked after rendering.
    pub anchor_links: Vec<AnchorLink>,
    /// Links to other files of the built site, checked after rendering.
    pub file_links: Vec<FileLink>,
    /// Links to content files that do not exist.
    pub diagnostics: Vec<Diagnostic>,
    /// The content files the body links to (`fastapi.md`), found or not, sorted, once each:
    /// the HTML changes only when one of their pages does.
    pub content_links: Vec<String>,
    /// The body's text as a reader sees it (no markup, URLs or HTML), blocks on lines of
    /// their own: what search indexes.
    pub text: String,
}

impl Rendered {
    /// The same without its HTML: what later checks need, at a fraction of the memory.
    pub fn without_html(self) -> Rendered {
        Rendered {
            html: String::new(),
            text: String::new(),
            ..self
        }
    }
}

/// Renders `source.text[body]`. `page` is the output file this body is part of (for `#x`
/// links), and `reserved_ids` the ids the page's template already uses, which headings avoid.
pub fn render(
    source: &SourceFile,
    body: Range<usize>,
    targets: &LinkTargets,
    page: &str,
    reserved_ids: &[&str],
) -> Rendered {
    let text = &source.text[body.clone()];
    let mut out = Rendered {
        html: String::with_capacity(text.len() * 3 / 2),
        ..Rendered::default()
    };
    // Every id taken, with the next suffix to try when another heading wants it.
    let mut used_ids: HashMap<String, usize> =
        reserved_ids.iter().map(|s| (s.to_string(), 1)).collect();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_start: Option<(usize, Range<usize>)> = None;
    // A fenced block in a language to highlight: where its events start, and its grammar.
    let mut code_block: Option<(usize, &'static str)> = None;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let span = body.start + range.start..body.start + range.end;
        match &event {
            Event::Text(text) | Event::Code(text) => out.text.push_str(text),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.text.ends_with(['\n', ' ']) =>
            {
                out.text.push('\n');
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) => {
                match highlight::language(info) {
                    Language::Known(grammar) => code_block = Some((events.len(), grammar)),
                    Language::Plain => {}
                    Language::Unknown(word) => {
                        let fence = fence_span(source, &span);
                        out.diagnostics.push(unknown_language(source, fence, word));
                    }
                }
                events.push(event);
            }
            Event::End(TagEnd::CodeBlock) if code_block.is_some() => {
                let (start, grammar) = code_block.take().expect("checked above");
                let code: String = events[start + 1..]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(text) => Some(text.as_ref()),
                        _ => None,
                    })
                    .collect();
                match highlight::highlight(grammar, &code) {
                    Some(html) => {
                        events.truncate(start);
                        events.push(Event::Html(CowStr::from(format!(
                            "<pre><code class=\"language-{grammar} {}\">{html}</code></pre>\n",
                            highlight::CODE_CLASS
                        ))));
                    }
                    None => events.push(event),
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                events.push(Event::Html(CowStr::Borrowed(HEADING_OPEN)));
                heading_start = Some((events.len(), span));
                events.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(demote(level))));
                if let Some((start, span)) = heading_start.take()
                    && let Some((given, unique)) =
                        name_heading(&mut events[start..], &mut used_ids, &mut out.headings)
                {
                    out.diagnostics.push(
                        source
                            .warning_at(span, format!("heading id `{given}` is already taken on this page")).with_kind(Kind::TakenId)
                            .label(format!("renamed to `{unique}`"))
                            .help("the page's template or an earlier heading uses this id; give the heading another `{#id}`"),
                    );
                }
                if let Some(heading) = out.headings.last() {
                    events.push(Event::Html(CowStr::from(self_link(heading))));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match link_type {
                    LinkType::Autolink | LinkType::Email => dest_url,
                    _ => resolve_link(source, span, dest_url, targets, page, &mut out),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = resolve_link(source, span, dest_url, targets, page, &mut out);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            // An HTML block is checked whole, as the browser reads it (a comment or `<pre>`
            // may span its lines); inline HTML a tag at a time.
            Event::Start(Tag::HtmlBlock) => {
                let block = source.text.get(span.clone()).unwrap_or_default();
                check_raw_html(source, span, block, targets, page, &mut out);
                events.push(event);
            }
            Event::InlineHtml(ref html) => {
                check_raw_html(source, span, html, targets, page, &mut out);
                events.push(event);
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.content_links.sort_unstable();
    out.content_links.dedup();
    out
}

/// The span of a fenced block's opening line (its info string is there).
fn fence_span(source: &SourceFile, block: &Range<usize>) -> Range<usize> {
    let text = source.text.get(block.clone()).unwrap_or_default();
    let line = text.find('\n').unwrap_or(text.len());
    block.start..block.start + line.max(1).min(text.len())
}

/// The warning for a fenced block in a language no grammar reads.
fn unknown_language(source: &SourceFile, fence: Range<usize>, word: &str) -> Diagnostic {
    let known = highlight::known_languages();
    let help = match did_you_mean(word, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? Or write `text` for plain text"),
        None => format!(
            "write `text` for plain text; highlighted languages: {}",
            known.join(", ")
        ),
    };
    source
        .warning_at(fence, format!("no highlighting for the language `{word}`"))
        .with_kind(Kind::UnknownLanguage)
        .label("this code block is shown as plain text")
        .help(help)
}

/// What opens a body heading: a wrapper that holds the heading and its self-link, so the link
/// stays out of the heading's own text (and accessible name) yet shows on hover and focus.
const HEADING_OPEN: &str = "<div class=\"heading\">";

/// The link a body heading has to itself, and the end of its wrapper: a `#` for the eye, its
/// accessible name saying where it goes.
fn self_link(heading: &Heading) -> String {
    let id = crate::report::escape(&heading.id);
    let label = match heading.text.trim() {
        "" => "Link to this section".to_string(),
        text => format!("Link to the section {}", crate::report::escape(text)),
    };
    format!(
        "<a class=\"heading-link\" href=\"#{id}\" aria-label=\"{label}\"><span aria-hidden=\"true\">#</span></a></div>\n"
    )
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    if level == HeadingLevel::H1 {
        HeadingLevel::H2
    } else {
        level
    }
}

/// Gives the heading whose events are `events` a unique id (its own `{#id}` if it has one).
/// Returns the id it was given and the one it got when its own was taken.
fn name_heading(
    events: &mut [Event<'_>],
    used: &mut HashMap<String, usize>,
    headings: &mut Vec<Heading>,
) -> Option<(String, String)> {
    let mut text = String::new();
    for event in events.iter().skip(1) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    let Some(Event::Start(Tag::Heading { level, id, .. })) = events.first_mut() else {
        return None;
    };
    let given = id.as_ref().map(|given| given.to_string());
    let base = match &given {
        Some(given) => given.clone(),
        None => {
            let slug = heading_slug(&text);
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        }
    };
    let mut unique = base.clone();
    if used.contains_key(&unique) {
        // Count on from the suffix this base reached last time, so that 20,000 headings of
        // one text take 20,000 steps, not 200 million.
        let mut n = used.get(&base).copied().unwrap_or(1);
        loop {
            unique = format!("{base}-{n}");
            n += 1;
            if !used.contains_key(&unique) {
                break;
            }
        }
        used.insert(base.clone(), n);
    }
    used.entry(unique.clone()).or_insert(1);
    *id = Some(CowStr::from(unique.clone()));
    headings.push(Heading {
        level: *level as u8,
        id: unique.clone(),
        text,
    });
    given
        .filter(|given| *given != unique)
        .map(|given| (given, unique))
}

/// A heading's text as an id: lowercase words joined by `-`, punctuation dropped.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Resolves `path` written in `content/` to a file name in `content/`, if it stays there.
fn content_file_name(path: &str) -> Option<String> {
    match normalized(&["content"], path)?.as_slice() {
        ["content", name] => Some(decode(name).into_owned()),
        _ => None,
    }
}

fn resolve_link<'a>(
    source: &SourceFile,
    span: Range<usize>,
    dest: CowStr<'a>,
    targets: &LinkTargets,
    page: &str,
    out: &mut Rendered,
) -> CowStr<'a> {
    if is_external(&dest) {
        return dest;
    }
    if dest.starts_with('/') {
        // A URL under the base path names an output file directly (one outside it is
        // reported by the subpath check).
        let (written, suffix) = dest.split_at(dest.find(['?', '#']).unwrap_or(dest.len()));
        check_site_path(source, span, written, suffix, targets, page, out);
        return dest;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest.as_ref(), None),
    };
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, format!("?{query}")),
        None => (path, String::new()),
    };
    if path.is_empty() {
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            out.anchor_links.push(AnchorLink {
                span,
                page: page.to_string(),
                anchor: decode(fragment).into_owned(),
            });
        }
        return dest;
    }
    if crate::project::markdown_stem(path).is_none() {
        return resolve_file_link(source, span, dest.as_ref(), path, targets, page, out)
            .map_or(dest, CowStr::from);
    }
    let name = content_file_name(path);
    if let Some(name) = &name {
        out.content_links.push(name.clone());
    }
    match name.as_deref().and_then(|name| targets.get(name)) {
        Some(target) => {
            let url = match fragment {
                Some(fragment) if !fragment.is_empty() => {
                    out.anchor_links.push(AnchorLink {
                        span,
                        page: target.page.clone(),
                        anchor: decode(fragment).into_owned(),
                    });
                    format!("{}{query}#{fragment}", target.url)
                }
                _ => format!("{}{query}", target.url),
            };
            CowStr::from(url)
        }
        None => {
            let name = path.rsplit('/').next().unwrap_or(path);
            let mut d = source
                .error_at(
                    span,
                    format!("broken link: `{path}` is not a file in content/"),
                )
                .with_kind(Kind::BrokenLink)
                .label("no file of this name in content/ (links to options name their file)");
            if let Some(s) = did_you_mean(name, targets.by_file.keys().map(String::as_str)) {
                d = d.suggest(s);
            }
            out.diagnostics.push(d);
            dest
        }
    }
}

/// A relative link to something other than a content file. Written from `content/` into
/// `static/` (`../static/logo.png`, as a Markdown preview on GitHub also reads it), it
/// becomes the URL the file is published at, returned; any other path is taken as a URL
/// relative to the page (`../../matrix/`) and left as written. Either way the file it
/// names is checked once the site is rendered.
fn resolve_file_link(
    source: &SourceFile,
    span: Range<usize>,
    dest: &str,
    path: &str,
    targets: &LinkTargets,
    page: &str,
    out: &mut Rendered,
) -> Option<String> {
    let suffix = &dest[path.len()..];
    let decoded = decode(path);
    match normalized(&["content"], &decoded) {
        Some(parts) if parts.len() > 1 && parts[0] == crate::project::STATIC_DIR => {
            let encoded: Vec<String> = parts[1..]
                .iter()
                .map(|part| utf8_percent_encode(part, PATH_SEGMENT).to_string())
                .collect();
            record_published(span, path, &parts[1..].join("/"), suffix, out);
            Some(format!(
                "{}{}{}{suffix}",
                targets.base_path,
                encoded.join("/"),
                if path.ends_with('/') { "/" } else { "" }
            ))
        }
        _ => {
            check_site_path(source, span, path, suffix, targets, page, out);
            None
        }
    }
}

/// Records a link whose path `path` (followed by `suffix`, `?query#fragment`) is a URL on the
/// output file `page`: checked once the site is built, or an error now when it climbs above
/// the site's root.
fn check_site_path(
    source: &SourceFile,
    span: Range<usize>,
    path: &str,
    suffix: &str,
    targets: &LinkTargets,
    page: &str,
    out: &mut Rendered,
) {
    match destination(path, page, &targets.base_path) {
        Destination::SamePage => {
            if let Some(fragment) = suffix
                .split_once('#')
                .map(|(_, f)| f)
                .filter(|f| !f.is_empty())
            {
                out.anchor_links.push(AnchorLink {
                    span,
                    page: page.to_string(),
                    anchor: decode(fragment).into_owned(),
                });
            }
        }
        Destination::Site(published) => {
            record_published(span, path, &published, suffix, out);
        }
        Destination::OutsideBase => {}
        Destination::AboveRoot => {
            let d = Diagnostic::link_leaves_site(path, &format!("from {page}"));
            out.diagnostics
                .push(source.locate(d, span).help(FILE_LINK_HELP));
        }
    }
}

/// Checks the links of raw HTML in Markdown (`<a href>`, `<img src>`, …), which is copied as
/// it is: each URL inside the site must name a file the build writes, from the page.
fn check_raw_html(
    source: &SourceFile,
    span: Range<usize>,
    html: &str,
    targets: &LinkTargets,
    page: &str,
    out: &mut Rendered,
) {
    // `html` is the source's own bytes (a whole HTML block, or one inline tag); should it not
    // be, findings point at all of it.
    let exact = source.text.get(span.clone()) == Some(html);
    for range in crate::html::urls(html) {
        let url = html[range.clone()].replace("&amp;", "&");
        if url.is_empty() || is_external(&url) {
            continue;
        }
        let at = if exact {
            span.start + range.start..span.start + range.end
        } else {
            span.clone()
        };
        let (path, suffix) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
        check_site_path(source, at, path, suffix, targets, page, out);
    }
}

/// Records a link to the output file `published` (`/`-separated, decoded), written as
/// `written` and followed by `suffix` (`?query#fragment`), to check once the site is built.
fn record_published(
    span: Range<usize>,
    written: &str,
    published: &str,
    suffix: &str,
    out: &mut Rendered,
) {
    let files = answering_files(published.trim_end_matches('/'), written.ends_with('/'));
    if let Some(fragment) = suffix
        .split_once('#')
        .map(|(_, f)| f)
        .filter(|f| !f.is_empty())
    {
        // The page it means: the file as written when that is a page, else its index.
        let page = files
            .iter()
            .find(|f| f.ends_with(".html"))
            .unwrap_or(&files[files.len() - 1]);
        out.anchor_links.push(AnchorLink {
            span: span.clone(),
            page: page.clone(),
            anchor: decode(fragment).into_owned(),
        });
    }
    out.file_links.push(FileLink {
        span,
        written: written.to_string(),
        files,
    });
}

/// How to link the files a site publishes, from a content file.
pub const FILE_LINK_HELP: &str = "files in static/ are published at the site's root: link one from \
     content/ as `../static/<its path in static/>`; link pages by their content file, like `flask.md`";

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::new("/repo/");
        t.insert(
            "fastapi.md".into(),
            Target {
                url: "/repo/options/fastapi/".into(),
                page: "options/fastapi/index.html".into(),
            },
        );
        t
    }

    fn md(text: &str) -> Rendered {
        let source = SourceFile::from_text("content/flask.md", text);
        render(
            &source,
            0..text.len(),
            &targets(),
            "options/flask/index.html",
            &["pros"],
        )
    }

    #[test]
    fn statements_render_inline_markdown_safely() {
        assert_eq!(inline_html("Fast & small"), "Fast &amp; small");
        assert_eq!(
            inline_html("**Tiny** core, `serde` built in, ~~slow~~"),
            "<strong>Tiny</strong> core, <code>serde</code> built in, <del>slow</del>"
        );
        assert_eq!(
            inline_html("See [docs](https://x.io/a?b=1&c=2)"),
            "See <a href=\"https://x.io/a?b=1&amp;c=2\">docs</a>"
        );
        assert_eq!(
            inline_html("<script>x</script> ok"),
            "&lt;script&gt;x&lt;/script&gt; ok"
        );
        assert_eq!(
            inline_html("[x](javascript:alert(1))"),
            "[x](javascript:alert(1))"
        );
        assert_eq!(inline_html("# not a heading"), "# not a heading");
        assert_eq!(inline_html("- not a list"), "- not a list");
        assert_eq!(
            inline_html("![img](a.png) **b**"),
            "![img](a.png) <strong>b</strong>"
        );
        assert_eq!(inline_html("Ratio 2:1"), "Ratio 2:1");
        assert_eq!(
            inline_html("[FastAPI](fastapi.md)"),
            "[FastAPI](fastapi.md)"
        );
    }

    #[test]
    fn rewrites_links_to_content_files() {
        let r = md("See [FastAPI](fastapi.md#cons) and [again](./fastapi.md?tab=1).\n");
        assert!(
            r.html.contains(r#"href="/repo/options/fastapi/#cons""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="/repo/options/fastapi/?tab=1""#),
            "the query is kept: {}",
            r.html
        );
        assert_eq!(r.anchor_links.len(), 1);
        assert_eq!(r.anchor_links[0].anchor, "cons");
        assert!(r.diagnostics.is_empty());
        assert_eq!(r.content_links, vec!["fastapi.md"]);
    }

    #[test]
    fn reports_missing_files_at_the_link() {
        let r = md("line one\n\nSee [it](fastapy.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        let loc = d.location.expect("located");
        assert_eq!((loc.line, loc.column), (3, 5));
        assert_eq!(d.help.as_deref(), Some("did you mean `fastapi.md`?"));
        assert_eq!(d.kind(), crate::diag::Kind::BrokenLink);
        assert_eq!(
            r.content_links,
            vec!["fastapy.md"],
            "missing files count too"
        );
    }

    #[test]
    fn many_headings_of_one_text_count_on_past_ids_already_taken() {
        let mut text = String::from("## Same {#same-2}\n\n");
        text.push_str(&"## Same\n\n".repeat(2_000));
        text.push_str("## Same 1\n\n");
        let r = md(&text);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(&ids[..5], ["same-2", "same", "same-1", "same-3", "same-4"]);
        assert_eq!(ids[2_000], "same-2000");
        assert_eq!(
            ids[2_001], "same-1-1",
            "a heading whose id is taken gets a suffix too"
        );
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn headings_get_unique_ids_and_h1_becomes_h2() {
        let r = md(
            "# Pros\n\n## Pros\n\n### Go `fast`, really! {#custom}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nx[^1]\n\n[^1]: note\n",
        );
        assert!(
            r.html.contains(r#"<h2 id="pros-1">Pros</h2>"#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"<h2 id="pros-2">Pros</h2>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h3 id="custom">"#), "{}", r.html);
        assert!(
            r.diagnostics.is_empty(),
            "ids made from text are renamed quietly"
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
        let r = md("## Mine {#pros}\n");
        assert!(r.html.contains(r#"<h2 id="pros-1">"#), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(!r.diagnostics[0].is_error());
        assert!(r.diagnostics[0].message.contains("`pros` is already taken"));
    }

    #[test]
    fn links_into_static_become_published_urls() {
        let r = md("![logo](../static/img/logo%20a.png \"Logo\") [m](../../matrix/#weights)\n");
        assert!(
            r.html.contains(r#"src="/repo/img/logo%20a.png""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="../../matrix/#weights""#),
            "{}",
            r.html
        );
        let files: Vec<_> = r.file_links.iter().map(|l| l.files.clone()).collect();
        assert_eq!(
            files,
            vec![
                vec![
                    "img/logo a.png".to_string(),
                    "img/logo a.png/index.html".to_string()
                ],
                vec!["matrix/index.html".to_string()],
            ]
        );
        assert_eq!(r.anchor_links[0].page, "matrix/index.html");
        assert_eq!(r.anchor_links[0].anchor, "weights");
    }

    #[test]
    fn raw_html_and_base_path_links_are_checked_too() {
        let r = md(
            "<a href=\"../../matrix/#ranking\">m</a> and <img src=\"logo.png\">\n\n\
             [abs](/repo/css/style.css?h=1) [out](/other/) <a href=\"https://x.io\">x</a>\n\n\
             <div>\n<a href=\"../../../up\">up</a>\n</div>\n",
        );
        let files: Vec<&str> = r.file_links.iter().map(|l| l.files[0].as_str()).collect();
        assert_eq!(
            files,
            vec![
                "matrix/index.html",
                "options/flask/logo.png",
                "css/style.css"
            ]
        );
        assert_eq!(r.anchor_links.len(), 1);
        assert_eq!(r.anchor_links[0].page, "matrix/index.html");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert!(d.message.contains("`../../../up` leaves the site"));
        let loc = d.location.expect("located");
        assert_eq!(
            (loc.line, loc.column),
            (6, 10),
            "at the URL in the raw HTML"
        );
    }

    #[test]
    fn encoded_slashes_in_static_links_neither_panic_nor_mislead() {
        let r = md("![x](../static%2Fa/../../static/b.png) ![y](../static%2Flogo%20a.png)\n");
        assert!(r.html.contains(r#"src="/repo/b.png""#), "{}", r.html);
        assert!(r.html.contains(r#"src="/repo/logo%20a.png""#), "{}", r.html);
        let files: Vec<&str> = r.file_links.iter().map(|l| l.files[0].as_str()).collect();
        assert_eq!(files, vec!["b.png", "logo a.png"]);
    }

    #[test]
    fn html_blocks_are_read_whole() {
        let r = md(
            "<!--\n<a href=\"old/\">old</a>\n-->\n\n<pre>\n&lt;a href=\"x\"&gt;\n</pre>\n\n<details>\nSet action=deny here.\n</details>\n",
        );
        assert!(r.file_links.is_empty(), "{:?}", r.file_links);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn links_that_climb_out_of_the_site_are_errors() {
        let r = md("[up](../../../secret.txt)\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("leaves the site"));
    }

    #[test]
    fn leaves_external_and_other_links_alone() {
        let r = md("[a](https://x.io/a.md) [b](/abs/) [c](img.png) <https://y.io>\n");
        assert!(r.diagnostics.is_empty());
        assert!(r.html.contains(r#"href="https://x.io/a.md""#));
        assert!(r.html.contains(r#"href="img.png""#));
    }
}
