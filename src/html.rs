//! Reading HTML, the theme's output or what a user writes in Markdown: the URLs in its
//! attributes and CSS, and its ids. A scan for the few attributes that matter, not a parser:
//! it reads HTML as tradeoff and Markdown write it.

use std::collections::HashSet;
use std::ops::Range;

/// The attributes whose values are URLs (or hold them, as `style` and `srcset` do).
const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "srcset", "action", "poster", "style"];

/// The URLs of `href`, `src`, `action`, `poster` and `srcset` attributes, and of `url(…)` in
/// `style` attributes and elements, in order. One pass over the text, from `=` to `=`.
pub fn urls(html: &str) -> Vec<Range<usize>> {
    let bytes = html.as_bytes();
    let mut urls = Vec::new();
    for at in memchr::memchr_iter(b'=', bytes) {
        let before = &bytes[..at];
        let Some(name) = URL_ATTRIBUTES.iter().find(|name| {
            before.ends_with(name.as_bytes())
                && before
                    .len()
                    .checked_sub(name.len() + 1)
                    .is_some_and(|i| before[i].is_ascii_whitespace())
        }) else {
            continue;
        };
        let Some(&quote) = bytes.get(at + 1).filter(|q| matches!(q, b'"' | b'\'')) else {
            continue;
        };
        let start = at + 2;
        let end = memchr::memchr(quote, &bytes[start..]).map_or(html.len(), |i| start + i);
        match *name {
            "style" => urls.extend(css_urls(html, start..end)),
            "srcset" => {
                let mut offset = start;
                for candidate in html[start..end].split(',') {
                    let lead = candidate.len() - candidate.trim_start().len();
                    let url_len = candidate.split_whitespace().next().map_or(0, str::len);
                    urls.push(offset + lead..offset + lead + url_len);
                    offset += candidate.len() + 1;
                }
            }
            _ => urls.push(start..end),
        }
    }
    let style = memchr::memmem::Finder::new("<style");
    let mut search = 0;
    while let Some(open) = style.find(&bytes[search..]).map(|i| search + i) {
        let body = html[open..].find('>').map_or(html.len(), |i| open + i + 1);
        let close = html[body..]
            .find("</style")
            .map_or(html.len(), |i| body + i);
        urls.extend(css_urls(html, body..close));
        search = close;
    }
    urls.sort_by_key(|r| r.start);
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
        let lead = inner.len() - inner.trim_start_matches([' ', '"', '\'']).len();
        let trail = inner.len() - inner.trim_end_matches([' ', '"', '\'']).len();
        urls.push(range.start + start + lead..range.start + end - trail);
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

/// The values of every `id="..."` attribute in an HTML page.
pub fn ids(html: &str) -> HashSet<&str> {
    let bytes = html.as_bytes();
    let mut ids = HashSet::new();
    for at in memchr::memmem::find_iter(bytes, "id=\"") {
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let start = at + 4;
        let end = memchr::memchr(b'"', &bytes[start..]).map_or(html.len(), |i| start + i);
        ids.insert(&html[start..end]);
    }
    ids
}

/// Whether an element of `html` has the id `id` (one search, for a page's few links to
/// itself; [`ids`] collects them all).
pub fn has_id(html: &str, id: &str) -> bool {
    let needle = format!("id=\"{id}\"");
    memchr::memmem::find_iter(html.as_bytes(), needle.as_bytes())
        .any(|at| at > 0 && html.as_bytes()[at - 1].is_ascii_whitespace())
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
    fn finds_ids_only_in_attributes() {
        let ids =
            ids(r#"<h2 id="pros">Pros</h2><p data-id="x">grid="y"</p><div class="a" id="cons">"#);
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, vec!["cons", "pros"]);
    }
}
