//! Reading HTML, the theme's output or what a user writes in Markdown: the URLs in its
//! attributes and CSS, and its ids. A scan for the few attributes that matter, not a parser:
//! it reads HTML as tradeoff and Markdown write it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// The attributes whose values are URLs (or hold them, as `style` and `srcset` do).
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "srcset",
    "action",
    "poster",
    "data",
    "xlink:href",
    "style",
];

/// Elements whose content is not markup to follow: comments, scripts, inert templates and
/// text areas (`<style>` is read as CSS).
const OPAQUE: [(&str, &str); 4] = [
    ("<!--", "-->"),
    ("<script", "</script"),
    ("<template", "</template"),
    ("<textarea", "</textarea"),
];

/// Where `html` holds no markup to follow (see [`OPAQUE`]), and where its `<style>` elements'
/// CSS is, in order.
fn opaque_and_style(html: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let bytes = html.as_bytes();
    let mut opaque = Vec::new();
    let mut styles = Vec::new();
    let mut from = 0;
    for open in memchr::memchr_iter(b'<', bytes) {
        // Most tags are none of these: one byte tells.
        if open < from || !matches!(bytes.get(open + 1), Some(b'!' | b's' | b'S' | b't' | b'T')) {
            continue;
        }
        let starts = |tag: &str| {
            bytes
                .get(open..open + tag.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(tag.as_bytes()))
        };
        let find_from = |start: usize, needle: &str| {
            let lower = needle.to_ascii_lowercase();
            memchr::memmem::find(&bytes[start..], lower.as_bytes())
                .or_else(|| {
                    memchr::memmem::find(&bytes[start..], needle.to_ascii_uppercase().as_bytes())
                })
                .map_or(html.len(), |i| start + i)
        };
        if let Some((tag, close)) = OPAQUE.iter().find(|(tag, _)| starts(tag)) {
            // An element's own attributes (`<script src>`) are followed; its content is not.
            let content = if *tag == "<!--" {
                open + 1
            } else {
                memchr::memchr(b'>', &bytes[open..]).map_or(html.len(), |i| open + i + 1)
            };
            let end = find_from(content, close);
            opaque.push(content..end);
            from = end.max(open + 1);
        } else if starts("<style") {
            let body = memchr::memchr(b'>', &bytes[open..]).map_or(html.len(), |i| open + i + 1);
            let close = find_from(body, "</style");
            opaque.push(body..close);
            styles.push(body..close);
            from = close.max(open + 1);
        }
    }
    (opaque, styles)
}

/// The URLs of `href`, `src`, `srcset`, `action`, `poster`, `data` and `xlink:href`
/// attributes, and of `url(…)` in `style` attributes and elements, in order: attribute names
/// in any case, values quoted or not; nothing in comments, scripts, templates or text areas,
/// nor in text that only looks like an attribute (`&lt;a href="x"&gt;`).
pub fn urls(html: &str) -> Vec<Range<usize>> {
    let bytes = html.as_bytes();
    let (opaque, styles) = opaque_and_style(html);
    let mut skip = opaque.iter().peekable();
    let mut urls = Vec::new();
    for at in memchr::memchr_iter(b'=', bytes) {
        while skip.peek().is_some_and(|r| r.end <= at) {
            skip.next();
        }
        if skip.peek().is_some_and(|r| r.contains(&at)) {
            continue;
        }
        let before = &bytes[..at];
        // The last letters of the attributes wanted: most `=` are ruled out by one byte.
        if !before
            .last()
            .is_some_and(|b| b"fctnrae".contains(&b.to_ascii_lowercase()))
        {
            continue;
        }
        let Some(name) = URL_ATTRIBUTES.iter().find(|name| {
            before.len() > name.len()
                && before[before.len() - name.len()..].eq_ignore_ascii_case(name.as_bytes())
                && before[before.len() - name.len() - 1].is_ascii_whitespace()
        }) else {
            continue;
        };
        // Inside a tag: the nearest `<` or `>` before it is a `<`.
        if memchr::memrchr2(b'<', b'>', before).is_some_and(|i| bytes[i] == b'>') {
            continue;
        }
        let (start, end) = match bytes.get(at + 1) {
            Some(&quote) if matches!(quote, b'"' | b'\'') => {
                let start = at + 2;
                let end = memchr::memchr(quote, &bytes[start..]).map_or(html.len(), |i| start + i);
                (start, end)
            }
            Some(_) => {
                let start = at + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .map_or(html.len(), |i| start + i);
                (start, end)
            }
            None => continue,
        };
        match *name {
            "style" => urls.extend(css_urls(html, start..end)),
            "srcset" => urls.extend(srcset_urls(html, start..end)),
            _ => urls.push(start..end),
        }
    }
    for style in styles {
        urls.extend(css_urls(html, style));
    }
    urls.sort_by_key(|r| r.start);
    urls
}

/// The URLs of a `srcset` value in `text[range]`: each candidate's URL runs to the next
/// space (a comma inside it, as in a `data:` URL, belongs to it), and a comma ends the
/// candidate's descriptors.
fn srcset_urls(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut urls = Vec::new();
    let mut at = range.start;
    while at < range.end {
        while at < range.end && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
            at += 1;
        }
        let start = at;
        while at < range.end && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut end = at;
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        if end > start {
            urls.push(start..end);
        }
        if end < at {
            continue;
        }
        while at < range.end && bytes[at] != b',' {
            at += 1;
        }
    }
    urls
}

/// The URLs of `url(…)` and `@import "…"` in `text[range]`.
pub fn css_urls(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let css = &text[range.clone()];
    let mut urls = Vec::new();
    for (at, _) in css.match_indices("url(") {
        let start = at + 4;
        let end = css[start..].find(')').map_or(css.len(), |i| start + i);
        let inner = &css[start..end];
        let trimmed = inner.trim_matches([' ', '"', '\'']);
        let trimmed = ["&quot;", "&#39;", "&#34;"]
            .iter()
            .find_map(|q| trimmed.strip_prefix(q)?.strip_suffix(q))
            .unwrap_or(trimmed);
        let lead = start + (trimmed.as_ptr() as usize - inner.as_ptr() as usize);
        urls.push(range.start + lead..range.start + lead + trimmed.len());
    }
    for (at, _) in css.match_indices("@import") {
        let rest = &css[at + 7..];
        let lead = rest.len() - rest.trim_start().len();
        let Some(quote) = rest[lead..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
        else {
            continue;
        };
        let start = at + 7 + lead + 1;
        let end = css[start..].find(quote).map_or(css.len(), |i| start + i);
        urls.push(range.start + start..range.start + end);
    }
    urls
}

/// The fragments a page answers to: the values of its `id` attributes (and of `name`, as
/// `<a name>` still works), entities decoded; `#top` always scrolls to the top.
#[derive(Debug, Clone, Default)]
pub struct Anchors<'a>(HashSet<Cow<'a, str>>);

impl<'a> Anchors<'a> {
    /// The anchors of the page `html`.
    pub fn of(html: &'a str) -> Self {
        let bytes = html.as_bytes();
        let mut ids = HashSet::new();
        for needle in ["id=\"", "name=\""] {
            for at in memchr::memmem::find_iter(bytes, needle) {
                if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
                    continue;
                }
                let start = at + needle.len();
                let end = memchr::memchr(b'"', &bytes[start..]).map_or(html.len(), |i| start + i);
                ids.insert(unescape_attribute(&html[start..end]));
            }
        }
        Anchors(ids)
    }

    /// Whether `#fragment` (decoded) leads somewhere on the page.
    pub fn has(&self, fragment: &str) -> bool {
        fragment.eq_ignore_ascii_case("top") || self.0.contains(fragment)
    }

    /// Every anchor, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|id| id.as_ref())
    }
}

/// An attribute value with the entities tradeoff and Markdown write undone.
fn unescape_attribute(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Whether the page `html` has the anchor `fragment` (one search, for a page's few links to
/// itself; [`Anchors`] collects them all).
pub fn has_anchor(html: &str, fragment: &str) -> bool {
    if fragment.eq_ignore_ascii_case("top") {
        return true;
    }
    if fragment.contains(['&', '"', '\'', '<', '>']) {
        return Anchors::of(html).has(fragment);
    }
    ["id=\"", "name=\""].iter().any(|attribute| {
        let needle = format!("{attribute}{fragment}\"");
        memchr::memmem::find_iter(html.as_bytes(), needle.as_bytes())
            .any(|at| at > 0 && html.as_bytes()[at - 1].is_ascii_whitespace())
    })
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
pub fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A URL's percent-encoding undone (invalid UTF-8 replaced).
pub fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `path` split into segments with `.` and `..` applied, starting from the folder `from`;
/// `None` when `..` climbs out of it.
pub fn normalized<'p>(from: &[&'p str], path: &'p str) -> Option<Vec<&'p str>> {
    let mut parts = from.to_vec();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_only_where_markup_is_followed() {
        let html = "<A HREF=\"a.html\">a</A> <a href=b.html>b</a> <object data=\"c.svg\"></object>\n\
            <pre><code>&lt;a href=\"not-1.html\"&gt;</code></pre> <!-- <a href=\"not-2.html\"> -->\n\
            <script src=\"d.js\">var s = \"<a href='not-3.html'>\";</script>\n\
            <template><a href=\"not-4.html\"></a></template><textarea><a href=\"not-5\"></textarea>\n\
            <div style=\"background:url(&quot;e.png&quot;)\"></div>\n\
            <img srcset=\"data:image/png;base64,AA== 1x, f.png 2x\"><use xlink:href=\"g.svg#i\"/>\n\
            <style>.x{background:url('h.png')}</style>";
        let found: Vec<&str> = urls(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(
            found,
            vec![
                "a.html",
                "b.html",
                "c.svg",
                "d.js",
                "e.png",
                "data:image/png;base64,AA==",
                "f.png",
                "g.svg#i",
                "h.png"
            ]
        );
    }

    #[test]
    fn finds_anchors_only_in_attributes() {
        let html = r#"<h2 id="pros">Pros</h2><p data-id="x">grid="y"</p><div class="a" id="cons"><a name="old"></a><h3 id="x&amp;y">"#;
        let anchors = Anchors::of(html);
        let mut names: Vec<_> = anchors.names().collect();
        names.sort();
        assert_eq!(names, vec!["cons", "old", "pros", "x&y"]);
        assert!(anchors.has("TOP"));
        assert!(!anchors.has("x"));
        for fragment in ["pros", "old", "x&y", "top"] {
            assert!(has_anchor(html, fragment), "{fragment}");
        }
        assert!(!has_anchor(html, "grid"));
    }
}
