//! Reading HTML, the theme's output or what a user writes in Markdown: the URLs in its
//! attributes and CSS, and its ids. A scan for the few attributes that matter, not a parser:
//! it reads HTML as tradeoff and Markdown write it.

use std::collections::HashSet;
use std::ops::Range;

/// The URLs of `href`, `src`, `action`, `poster` and `srcset` attributes, and of `url(…)` in
/// `style` attributes and elements.
pub fn urls(html: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    for name in ["href", "src", "action", "poster", "srcset", "style"] {
        for (at, _) in html.match_indices(name) {
            let before = html[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &html[at + name.len()..];
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
                continue;
            };
            let start = at + name.len() + 2;
            let end = html[start..].find(quote).map_or(html.len(), |i| start + i);
            match name {
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
    }
    let mut search = 0;
    while let Some(open) = html[search..].find("<style").map(|i| search + i) {
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
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("id=\"") {
        let preceded_by_space = at > 0 && rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + 4..];
        let end = after.find('"').unwrap_or(after.len());
        if preceded_by_space {
            ids.insert(&after[..end]);
        }
        rest = &after[end..];
    }
    ids
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
