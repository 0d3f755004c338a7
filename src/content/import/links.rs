//! Links and images of an imported document, made to work where its text lands: reference-style
//! links (`[Git Flow]` with `[Git Flow]: https://…` elsewhere) become inline links, since each
//! piece of the document goes to its own file; a relative target is made absolute against
//! `--source-url`, or, when the file sits next to the document, copied into `static/` and
//! pointed at there, or else the link becomes its text, with a note for the plan. Raw HTML's
//! `src` and `href` get the same treatment. Footnote definitions travel with their references.
//! Pure: whether a file sits next to the document is asked of the caller.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use url::Url;

use crate::content::markdown;

/// Where copied files go, under `static/`.
pub const COPIED_DIR: &str = "imported";

/// What the importer knows about the document's surroundings.
pub struct Surroundings<'a> {
    /// The document's address (`--source-url`), against which relative targets are resolved.
    pub source_url: Option<&'a Url>,
    /// Whether a relative path (as written, without `#…` or `?…`) names a file next to the
    /// document.
    pub beside: &'a dyn Fn(&str) -> bool,
}

/// What became of the document's links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkReport {
    /// Files to copy: the path as written (relative to the document) → the path under
    /// `static/`.
    pub copies: BTreeMap<String, String>,
    /// Links that changed, each with its place in the document and what was done.
    pub notes: Vec<LinkNote>,
}

/// One link or image that does not stay as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkNote {
    /// Where it is in the document.
    pub offset: usize,
    /// What became of it.
    pub fate: Fate,
    /// The target as written.
    pub target: String,
}

/// What became of a relative link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Made absolute against `--source-url`.
    Absolute(String),
    /// The file was copied into `static/` at this path.
    Copied(String),
    /// Nothing to point at: the link is its text now (an image, its description).
    Text,
}

/// The document's link reference definitions and footnotes, and how to resolve targets.
pub struct Resolver<'a> {
    definitions: HashMap<String, (String, String)>,
    footnotes: BTreeMap<String, String>,
    surroundings: &'a Surroundings<'a>,
    document: &'a str,
    base: usize,
}

/// A reference label as CommonMark compares them: case-folded, spaces collapsed.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl<'a> Resolver<'a> {
    /// Reads the definitions of `document` (its whole Markdown, which starts at byte `base` of
    /// the file). `footnotes` are the footnote definitions' labels and Markdown, as the blocks
    /// found them.
    pub fn new(
        document: &'a str,
        base: usize,
        footnotes: BTreeMap<String, String>,
        surroundings: &'a Surroundings<'a>,
    ) -> Self {
        let parser = Parser::new_ext(document, markdown::options());
        let definitions = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| {
                (
                    label_key(label),
                    (
                        def.dest.to_string(),
                        def.title.as_deref().unwrap_or("").to_string(),
                    ),
                )
            })
            .collect();
        Resolver {
            definitions,
            footnotes,
            surroundings,
            document,
            base,
        }
    }

    /// The footnote labels `text` refers to, in order.
    pub fn footnote_refs(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for event in Parser::new_ext(text, markdown::options()) {
            if let Event::FootnoteReference(label) = event {
                let label = label.to_string();
                if self.footnotes.contains_key(&label) && !out.contains(&label) {
                    out.push(label);
                }
            }
        }
        out
    }

    /// `text` with the definitions of the footnotes it refers to but does not define appended.
    pub fn with_footnotes(&self, text: &str) -> String {
        let defined: BTreeSet<String> = Parser::new_ext(text, markdown::options())
            .filter_map(|e| match e {
                Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
                _ => None,
            })
            .collect();
        let mut out = text.to_string();
        for label in self.footnote_refs(text) {
            if defined.contains(&label) {
                continue;
            }
            if let Some(definition) = self.footnotes.get(&label) {
                out.push_str("\n\n");
                out.push_str(definition);
            }
        }
        out
    }

    /// `piece` (Markdown copied from the document) with its links made to work on the site.
    pub fn rewrite(&self, piece: &str, report: &mut LinkReport) -> String {
        let definitions = &self.definitions;
        let mut callback = |broken: BrokenLink<'_>| {
            definitions
                .get(&label_key(&broken.reference))
                .map(|(dest, title)| (CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        let parser =
            Parser::new_with_broken_link_callback(piece, markdown::options(), Some(&mut callback));
        let events: Vec<(Event<'_>, Range<usize>)> = parser.into_offset_iter().collect();
        let mut out = String::with_capacity(piece.len());
        let mut copied_to = 0;
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    let (link_type, dest, title, image) = match tag {
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            ..
                        } => (*link_type, dest_url.to_string(), title.to_string(), false),
                        Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            ..
                        } => (*link_type, dest_url.to_string(), title.to_string(), true),
                        _ => unreachable!("matched above"),
                    };
                    // The events inside, up to the matching end.
                    let mut depth = 0usize;
                    let mut inner: Option<Range<usize>> = None;
                    let mut j = i + 1;
                    while j < events.len() {
                        match &events[j].0 {
                            Event::End(TagEnd::Link | TagEnd::Image) if depth == 0 => break,
                            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => depth += 1,
                            Event::End(TagEnd::Link | TagEnd::Image) => depth -= 1,
                            _ => {}
                        }
                        let r = &events[j].1;
                        inner = Some(match inner {
                            None => r.clone(),
                            Some(s) => s.start.min(r.start)..s.end.max(r.end),
                        });
                        j += 1;
                    }
                    if range.start < copied_to {
                        i = j + 1;
                        continue;
                    }
                    let raw = &piece[range.clone()];
                    let inner_text = inner
                        .filter(|r| r.start >= range.start && r.end <= range.end)
                        .map(|r| self.rewrite(&piece[r], report))
                        .unwrap_or_default();
                    let replacement = if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        raw.to_string()
                    } else {
                        match self.resolve(&dest, raw, report) {
                            Some(target) => {
                                let title = if title.is_empty() {
                                    String::new()
                                } else {
                                    format!(" \"{}\"", title.replace('"', "\\\""))
                                };
                                format!(
                                    "{}[{inner_text}]({}{title})",
                                    if image { "!" } else { "" },
                                    destination(&target)
                                )
                            }
                            None => inner_text,
                        }
                    };
                    out.push_str(&piece[copied_to..range.start]);
                    out.push_str(&replacement);
                    copied_to = range.end;
                    i = j + 1;
                    continue;
                }
                Event::Html(html) | Event::InlineHtml(html) if range.start >= copied_to => {
                    let rewritten = self.rewrite_html(html, report);
                    if rewritten != **html {
                        out.push_str(&piece[copied_to..range.start]);
                        out.push_str(&rewritten);
                        copied_to = range.end;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out.push_str(&piece[copied_to..]);
        out
    }

    /// The target a link should have on the site; `None` when it can only be text.
    fn resolve(&self, dest: &str, raw: &str, report: &mut LinkReport) -> Option<String> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
            return Some(dest.to_string());
        }
        match Url::parse(dest) {
            Ok(_) => return Some(dest.to_string()),
            Err(url::ParseError::RelativeUrlWithoutBase) => {}
            Err(_) => return Some(dest.to_string()),
        }
        let offset = self.base + self.document.find(raw).unwrap_or(0);
        let fate = if let Some(joined) = self
            .surroundings
            .source_url
            .and_then(|base| base.join(dest).ok())
        {
            Fate::Absolute(joined.to_string())
        } else {
            let path = dest.split(['#', '?']).next().unwrap_or(dest);
            let fragment = &dest[path.len()..];
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned();
            if !decoded.is_empty()
                && !decoded.starts_with('/')
                && (self.surroundings.beside)(&decoded)
            {
                let to = copied_path(&decoded);
                report.copies.insert(decoded, to.clone());
                let target = format!("../static/{to}{fragment}");
                report.notes.push(LinkNote {
                    offset,
                    fate: Fate::Copied(to),
                    target: dest.to_string(),
                });
                return Some(target);
            }
            Fate::Text
        };
        let target = match &fate {
            Fate::Absolute(url) => Some(url.clone()),
            _ => None,
        };
        report.notes.push(LinkNote {
            offset,
            fate,
            target: dest.to_string(),
        });
        target
    }

    /// Raw HTML with its relative `src` and `href` resolved; an `<img>` whose file cannot be
    /// had is dropped, a `href` that cannot is removed.
    fn rewrite_html(&self, html: &str, report: &mut LinkReport) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>').map(|c| open + c + 1) else {
                break;
            };
            out.push_str(&rest[..open]);
            let tag = &rest[open..close];
            out.push_str(&self.rewrite_tag(tag, report));
            rest = &rest[close..];
        }
        out.push_str(rest);
        out
    }

    fn rewrite_tag(&self, tag: &str, report: &mut LinkReport) -> String {
        let lower = tag.to_ascii_lowercase();
        for attribute in ["src", "href"] {
            let Some((start, end, value)) = attribute_value(tag, &lower, attribute) else {
                continue;
            };
            return match self.resolve(value, tag, report) {
                Some(target) if target == value => tag.to_string(),
                Some(target) => format!(
                    "{}{}{}",
                    &tag[..start],
                    target.replace('"', "%22"),
                    &tag[end..]
                ),
                None if lower.starts_with("<img") => String::new(),
                None => {
                    // Drop ` href="…"` with the space before it.
                    let name_start = lower[..start].rfind(attribute).unwrap_or(start);
                    let cut = tag[..name_start].trim_end().len();
                    let after_quote = (end + 1).min(tag.len());
                    format!("{}{}", &tag[..cut], &tag[after_quote..])
                }
            };
        }
        tag.to_string()
    }
}

/// The byte range of a quoted attribute's value in `tag` (`lower` is it lowercased).
fn attribute_value<'t>(tag: &'t str, lower: &str, name: &str) -> Option<(usize, usize, &'t str)> {
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_at = lower.len() - after[1..].trim_start().len();
        let quote = tag[value_at..].chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let start = value_at + 1;
        let end = start + tag[start..].find(quote)?;
        return Some((start, end, &tag[start..end]));
    }
    None
}

/// Where a file beside the document goes under `static/`: its path without `./` and `..`.
fn copied_path(path: &str) -> String {
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    format!("{COPIED_DIR}/{}", parts.join("/"))
}

/// A link destination as Markdown writes it: in `<…>` when it has spaces or parentheses.
fn destination(target: &str) -> String {
    if target.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", target.replace('<', "%3C").replace('>', "%3E"))
    } else {
        target.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, source_url: Option<&str>, beside: &[&str]) -> (String, LinkReport) {
        let url = source_url.map(|u| Url::parse(u).expect("valid"));
        let files: Vec<String> = beside.iter().map(|s| s.to_string()).collect();
        let is_beside = move |p: &str| files.iter().any(|f| f == p);
        let surroundings = Surroundings {
            source_url: url.as_ref(),
            beside: &is_beside,
        };
        let resolver = Resolver::new(text, 0, BTreeMap::new(), &surroundings);
        let mut report = LinkReport::default();
        let first_block = text.split("\n\n").next().unwrap_or_default();
        (resolver.rewrite(first_block, &mut report), report)
    }

    #[test]
    fn reference_links_become_inline() {
        let (text, report) = resolve(
            "See [Git Flow] and [the docs][d], ![logo][l].\n\n[git flow]: https://x.io/gf\n[d]: https://x.io/d \"Docs\"\n[l]: https://x.io/l.png\n",
            None,
            &[],
        );
        assert_eq!(
            text,
            "See [Git Flow](https://x.io/gf) and [the docs](https://x.io/d \"Docs\"), ![logo](https://x.io/l.png)."
        );
        assert!(report.notes.is_empty());
    }

    #[test]
    fn relative_targets_are_copied_made_absolute_or_text() {
        let (text, report) = resolve(
            "![shot](img/a.png) and [next](0002-next.md#why) and <img src=\"./logo.png\" width=\"9\">",
            None,
            &["img/a.png"],
        );
        assert_eq!(text, "![shot](../static/imported/img/a.png) and next and ");
        assert_eq!(
            report.copies.get("img/a.png").map(String::as_str),
            Some("imported/img/a.png")
        );
        assert_eq!(report.notes.len(), 3);
        assert_eq!(report.notes[1].fate, Fate::Text);

        let (text, _) = resolve(
            "[next](0002-next.md) ![a](<my shot.png>)",
            Some("https://github.com/o/r/blob/main/docs/adr/0001.md"),
            &[],
        );
        assert_eq!(
            text,
            "[next](https://github.com/o/r/blob/main/docs/adr/0002-next.md) ![a](https://github.com/o/r/blob/main/docs/adr/my%20shot.png)"
        );
    }

    #[test]
    fn links_inside_links_and_absolute_ones_stay() {
        let (text, _) = resolve(
            "[![stars][s]][g] <https://a.io> [x](https://b.io) [top](#top)\n\n[s]: https://s.io/b.svg\n[g]: https://g.io\n",
            None,
            &[],
        );
        assert_eq!(
            text,
            "[![stars](https://s.io/b.svg)](https://g.io) <https://a.io> [x](https://b.io) [top](#top)"
        );
    }
}
