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

/// Where `needle` (ASCII) next starts in `bytes` from `start`, in any case; the end if nowhere.
fn find_any_case(bytes: &[u8], start: usize, needle: &str) -> usize {
    let first = needle.as_bytes()[0];
    let mut from = start;
    while let Some(at) = memchr::memchr(first, &bytes[from..]).map(|i| from + i) {
        if bytes
            .get(at..at + needle.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(needle.as_bytes()))
        {
            return at;
        }
        from = at + 1;
    }
    bytes.len()
}

/// What a scan of an HTML page or fragment finds.
#[derive(Debug, Clone, Default)]
pub struct Scan<'a> {
    /// The URLs of `href`, `src`, `srcset`, `action`, `poster`, `data` and `xlink:href`
    /// attributes and of `url(…)` in `style` attributes and elements, by their bytes, in order.
    pub urls: Vec<Range<usize>>,
    /// Its anchors: the values of `id` and `name` attributes.
    pub anchors: Anchors<'a>,
    /// Where each comment read as markup starts (not one inside a script, a template, a
    /// text area or an attribute value).
    pub comments: Vec<usize>,
    /// Whether every tag, comment and opaque element it opens also closes in it, so that
    /// text after it would be read as markup again: a fragment that is not whole changes how
    /// the page it is part of reads on, and cannot be scanned on its own.
    pub whole: bool,
}

/// Reads the start tags of `html` as a browser would: attribute names in any case, values
/// quoted or not; nothing in comments, scripts, templates or text areas, nor in text that only
/// looks like markup (`&lt;a href="x"&gt;`, `data="x"` inside another attribute's value).
pub fn scan(html: &str) -> Scan<'_> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let space = |b: u8| b.is_ascii_whitespace();
    let mut found = Scan {
        whole: true,
        ..Scan::default()
    };
    let mut styles = Vec::new();
    let mut pos = 0;
    while let Some(open) = memchr::memchr(b'<', &bytes[pos..]).map(|i| pos + i) {
        pos = open + 1;
        let starts = |tag: &str| {
            bytes
                .get(open..open + tag.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(tag.as_bytes()))
        };
        if starts("<!--") {
            found.comments.push(open);
            pos = find_any_case(bytes, open + 4, "-->");
            found.whole &= pos < len;
            continue;
        }
        if !bytes.get(open + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag's attributes.
        let mut at = open + 1;
        while at < len && !(space(bytes[at]) || bytes[at] == b'>' || bytes[at] == b'/') {
            at += 1;
        }
        loop {
            while at < len && (space(bytes[at]) || bytes[at] == b'/') {
                at += 1;
            }
            if at >= len || bytes[at] == b'>' {
                break;
            }
            let name_start = at;
            while at < len && !(space(bytes[at]) || matches!(bytes[at], b'=' | b'>' | b'/')) {
                at += 1;
            }
            let name = &html[name_start..at];
            while at < len && space(bytes[at]) {
                at += 1;
            }
            if at >= len || bytes[at] != b'=' {
                continue;
            }
            at += 1;
            while at < len && space(bytes[at]) {
                at += 1;
            }
            let value = match bytes.get(at) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let start = at + 1;
                    let end = memchr::memchr(quote, &bytes[start..]).map_or(len, |i| start + i);
                    at = (end + 1).min(len);
                    start..end
                }
                Some(_) => {
                    let start = at;
                    while at < len && !(space(bytes[at]) || bytes[at] == b'>') {
                        at += 1;
                    }
                    start..at
                }
                None => break,
            };
            if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
                found.anchors.0.insert(unescape_attribute(&html[value]));
            } else if let Some(kind) = URL_ATTRIBUTES.iter().find(|n| n.eq_ignore_ascii_case(name))
            {
                match *kind {
                    "style" => found.urls.extend(css_urls(html, value)),
                    "srcset" => found.urls.extend(srcset_urls(html, value)),
                    _ => found.urls.push(value),
                }
            }
        }
        found.whole &= at < len;
        let content = (at + 1).min(len);
        pos = pos.max(content);
        // An element's own attributes (`<script src>`) are followed; its content is not.
        if let Some((_, close)) = OPAQUE[1..].iter().find(|(tag, _)| starts(tag)) {
            pos = find_any_case(bytes, content, close);
            found.whole &= pos < len;
        } else if starts("<style") {
            let close = find_any_case(bytes, content, "</style");
            found.whole &= close < len;
            styles.push(content..close);
            pos = close;
        }
    }
    for style in styles {
        found.urls.extend(css_urls(html, style));
    }
    found.urls.sort_by_key(|r| r.start);
    found
}

/// The URLs of a page or fragment (see [`scan`]).
pub fn urls(html: &str) -> Vec<Range<usize>> {
    scan(html).urls
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
    // Comments hold no URLs, however much they look like them.
    let mut comments = Vec::new();
    let mut from = 0;
    while let Some(open) = css[from..].find("/*").map(|i| from + i) {
        let close = css[open + 2..]
            .find("*/")
            .map_or(css.len(), |i| open + 2 + i + 2);
        comments.push(open..close);
        from = close;
    }
    let commented = |at: usize| comments.iter().any(|c| c.contains(&at));
    let mut urls = Vec::new();
    for (at, _) in css.match_indices("url(").filter(|(at, _)| !commented(*at)) {
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
    for (at, _) in css
        .match_indices("@import")
        .filter(|(at, _)| !commented(*at))
    {
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
    /// The anchors of the page `html` (see [`scan`]).
    pub fn of(html: &'a str) -> Self {
        scan(html).anchors
    }

    /// Whether `#fragment` (decoded) leads somewhere on the page.
    pub fn has(&self, fragment: &str) -> bool {
        fragment.eq_ignore_ascii_case("top") || self.0.contains(fragment)
    }

    /// The same anchors, owning their text.
    pub fn into_owned(self) -> Anchors<'static> {
        Anchors(
            self.0
                .into_iter()
                .map(|id| Cow::Owned(id.into_owned()))
                .collect(),
        )
    }

    /// The anchors of a page whose pieces were scanned on their own: `ids` are theirs.
    pub fn from_ids<'i>(ids: impl IntoIterator<Item = &'i str>) -> Anchors<'static> {
        Anchors(
            ids.into_iter()
                .map(|id| Cow::Owned(id.to_string()))
                .collect(),
        )
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

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(url: &str) -> bool {
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
pub fn decode(text: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy()
}

/// Whether a URL leads away from the site: it has a scheme (`https:`, `mailto:`, `data:`) or
/// names a host (`//cdn.example.org/x`).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//") || has_scheme(url)
}

/// Where the path of a URL (its `?query` and `#fragment` cut off) written on the output file
/// `page` leads, in a site served under `base_path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The page itself (the URL is only a query or a fragment).
    SamePage,
    /// A path in the output (`/`-separated, decoded, `.` and `..` applied; empty for the
    /// root), without saying whether a file is there.
    Site(String),
    /// A root-absolute URL that ignores the base path (the subpath check's to report).
    OutsideBase,
    /// A relative URL that climbs above the site's root.
    AboveRoot,
}

/// The output files that can answer a URL for the site path `published` (see
/// [`Destination::Site`]), most likely first: the file itself, then the index of the folder
/// of that name; only the index when the URL ends in `/` (`as_folder`) or names the root.
pub fn answering_files(published: &str, as_folder: bool) -> Vec<String> {
    let index = if published.is_empty() {
        "index.html".to_string()
    } else {
        format!("{published}/index.html")
    };
    if as_folder || published.is_empty() {
        vec![index]
    } else {
        vec![published.to_string(), index]
    }
}

/// Resolves a URL's path (see [`Destination`]); external URLs are the caller's to leave out.
pub fn destination(path: &str, page: &str, base_path: &str) -> Destination {
    if path.is_empty() {
        return Destination::SamePage;
    }
    let (folder, relative) = if let Some(inside) = path.strip_prefix(base_path) {
        (Vec::new(), inside)
    } else if path.starts_with('/') {
        return Destination::OutsideBase;
    } else {
        let mut folder: Vec<&str> = page.split('/').collect();
        folder.pop();
        (folder, path)
    };
    let decoded = decode(relative);
    match normalized(&folder, &decoded) {
        Some(parts) => Destination::Site(parts.join("/")),
        None => Destination::AboveRoot,
    }
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

/// A table row as the matrix page's script reads one from the page: its `data-slug`, the
/// `href` of the first link in a header cell, and each cell (`<th>` or `<td>`) that has a
/// `data-key`, in order. Read from a row the row template rendered, so that the script can
/// sort, filter and search rows it has not got as HTML yet the way it would the page's own.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TableRow {
    /// The row's `data-slug`.
    pub slug: Option<String>,
    /// The `href` of the first link inside a `<th>`, as written (entities decoded).
    pub href: Option<String>,
    /// The cells with a `data-key`, in the row's order.
    pub cells: Vec<TableCell>,
}

/// One keyed cell of a [`TableRow`]. Serialised with short names (`k`, `t`, `v`, `m`, `a`),
/// the absent ones left out: the rows file holds thousands.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TableCell {
    /// Its `data-key`.
    #[serde(rename = "k")]
    pub key: String,
    /// Its text as the DOM's `textContent` gives it (entities decoded, tags and comments
    /// left out, white space as written).
    #[serde(rename = "t")]
    pub text: String,
    /// Its `data-value`, if it has one.
    #[serde(rename = "v", skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Whether an element inside it has the class `missing` (no value given).
    #[serde(rename = "m", skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// The text of the first link inside it, if any.
    #[serde(rename = "a", skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Reads one rendered `<tr>` (see [`TableRow`]) with a WHATWG tokenizer. Cells of a table
/// nested in a cell belong to that cell; a cell ends at its end tag, the next cell or the end
/// of the row, as a browser ends it.
pub fn table_row(html: &str) -> TableRow {
    use html5gum::{DefaultEmitter, Token, Tokenizer};

    let mut emitter = DefaultEmitter::default();
    // The text of <script>, <style>, <textarea> is text, as textContent counts it.
    emitter.naively_switch_states(true);
    let mut row = TableRow::default();
    // The cell being read (None for a cell without data-key), whether it is a header cell,
    // the tables opened inside it, and the link text being read.
    let mut cell: Option<Option<TableCell>> = None;
    let mut header = false;
    let mut nested = 0usize;
    let mut link: Option<String> = None;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let finish =
        |cell: &mut Option<Option<TableCell>>, link: &mut Option<String>, row: &mut TableRow| {
            if let Some(Some(mut done)) = cell.take() {
                if done.link.is_none() {
                    done.link = link.take();
                }
                row.cells.push(done);
            }
            *link = None;
        };
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let attribute = |name: &str| {
                    tag.attributes
                        .get(name.as_bytes())
                        .map(|value| text(&value.value))
                };
                match &tag.name[..] {
                    b"table" if cell.is_some() => nested += 1,
                    b"tr" if nested == 0 => {
                        finish(&mut cell, &mut link, &mut row);
                        if row.slug.is_none() {
                            row.slug = attribute("data-slug");
                        }
                    }
                    b"td" | b"th" if nested == 0 => {
                        finish(&mut cell, &mut link, &mut row);
                        header = &tag.name[..] == b"th";
                        cell = Some(attribute("data-key").map(|key| TableCell {
                            key,
                            value: attribute("data-value"),
                            ..TableCell::default()
                        }));
                    }
                    name => {
                        let Some(open) = cell.as_mut() else { continue };
                        if name == b"a" {
                            if header && row.href.is_none() {
                                row.href = attribute("href");
                            }
                            let first = open.as_ref().is_some_and(|c| c.link.is_none());
                            if first && link.is_none() {
                                link = Some(String::new());
                            }
                        }
                        if let Some(open) = open.as_mut() {
                            let class = attribute("class").unwrap_or_default();
                            open.missing |= class.split_ascii_whitespace().any(|c| c == "missing");
                        }
                    }
                }
            }
            Token::EndTag(tag) => match &tag.name[..] {
                b"table" if nested > 0 => nested -= 1,
                b"td" | b"th" | b"tr" if nested == 0 => finish(&mut cell, &mut link, &mut row),
                b"a" => {
                    if let (Some(Some(open)), Some(done)) = (cell.as_mut(), link.take()) {
                        open.link = Some(done);
                    }
                }
                _ => {}
            },
            Token::String(string) => {
                if let Some(Some(open)) = cell.as_mut() {
                    let string = text(&string.value);
                    if let Some(link) = link.as_mut() {
                        link.push_str(&string);
                    }
                    open.text.push_str(&string);
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    finish(&mut cell, &mut link, &mut row);
    row
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
            <style>.x{background:url('h.png')} /* url(not-6.png) */</style>\n\
            <p data-value=\"Big data=yes\">Set action=deny here.</p><a id='faq' href=\"#faq\">";
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
                "h.png",
                "#faq"
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
            assert!(anchors.has(fragment), "{fragment}");
        }
        assert!(!anchors.has("grid"));
        let upper = Anchors::of("<A ID='Faq'></A><a id=plain>");
        assert!(upper.has("Faq") && upper.has("plain"));
    }

    #[test]
    fn reads_a_table_row_as_the_dom_would() {
        let html = "<tr data-slug=\"flask\" data-rank=\"4\">\n<th scope=\"row\" data-key=\"title\"><a href=\"/repo/options/flask/\">Flask &amp; co</a><span class=\"subtitle\">micro</span></th>\n<td data-key=\"total\" data-value=\"45.5\"><span class=\"rank\">#4</span></td>\n<td data-key=\"best_for\"><span class=\"missing\">\u{2014}<span class=\"visually-hidden\"> not given</span></span></td>\n<td>no key <b>here</b></td>\n<td data-key=\"tags\" data-value=\"[&quot;a&quot;,&quot;b&quot;]\"><!-- a comment --><ul class=\"tags\"><li>a</li><li>b&#x27;s</li></ul>\n<td data-key=\"nested\"><table><tr><td>inner</td></tr></table> after</td></tr>";
        let row = table_row(html);
        assert_eq!(row.slug.as_deref(), Some("flask"));
        assert_eq!(row.href.as_deref(), Some("/repo/options/flask/"));
        type Shown<'a> = (&'a str, &'a str, Option<&'a str>, bool, Option<&'a str>);
        let cells: Vec<Shown> = row
            .cells
            .iter()
            .map(|c| {
                (
                    c.key.as_str(),
                    c.text.as_str(),
                    c.value.as_deref(),
                    c.missing,
                    c.link.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                ("title", "Flask & comicro", None, false, Some("Flask & co")),
                ("total", "#4", Some("45.5"), false, None),
                ("best_for", "\u{2014} not given", None, true, None),
                ("tags", "ab's\n", Some("[\"a\",\"b\"]"), false, None),
                ("nested", "inner after", None, false, None),
            ]
        );
        let json = serde_json::to_string(&row.cells[2]).expect("serialises");
        assert_eq!(
            json,
            "{\"k\":\"best_for\",\"t\":\"\u{2014} not given\",\"m\":true}"
        );
    }
}
