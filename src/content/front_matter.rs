//! Splits a content file into its TOML front matter (between `+++` lines) and its Markdown
//! body, keeping byte offsets so that errors point at the right line of the file.

use std::ops::Range;

use crate::diag::{Diagnostic, Kind};
use crate::source::SourceFile;

/// Where the parts of a content file are, as byte ranges of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The opening `+++` line (without its line break).
    pub opening: Range<usize>,
    /// The TOML text between the delimiters.
    pub front_matter: Range<usize>,
    /// The Markdown after the closing `+++` line.
    pub body: Range<usize>,
}

/// Lines of `text` with their byte ranges, line breaks excluded (`\n` or `\r\n`).
fn lines_with_ranges(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let line = raw.trim_end_matches('\n').trim_end_matches('\r');
        let range = start..start + line.len();
        start += raw.len();
        (range, line)
    })
}

/// Splits a content file whose front matter is required.
pub fn split(source: &SourceFile) -> Result<Parts, Diagnostic> {
    match split_optional(source)? {
        Some(parts) => Ok(parts),
        None => {
            let first = lines_with_ranges(&source.text)
                .find(|(_, line)| !line.trim().is_empty())
                .map_or(0..0, |(range, _)| range);
            Err(source
                .error_at(first, "missing front matter")
                .with_kind(Kind::FrontMatter)
                .label("expected `+++` on the first line, opening the TOML front matter")
                .help("start the file with:\n+++\ntitle = \"Name of the option\"\n+++"))
        }
    }
}

/// Splits a file whose front matter is optional (the landing page); `None` when it has none.
pub fn split_optional(source: &SourceFile) -> Result<Option<Parts>, Diagnostic> {
    let text = source.text.as_str();
    let mut lines = lines_with_ranges(text).skip_while(|(_, line)| line.trim().is_empty());
    let Some((opening, first)) = lines.next() else {
        return Ok(None);
    };
    match first.trim_end() {
        "+++" => {}
        "---" => {
            return Err(source
                .error_at(opening, "YAML front matter is not supported").with_kind(Kind::FrontMatter)
                .label("front matter is TOML, between `+++` lines")
                .help("replace both `---` lines with `+++` and write the fields as TOML (key = \"value\")"));
        }
        _ => return Ok(None),
    }
    for (range, line) in lines {
        if line.trim_end() == "+++" {
            let body_start = text[range.end..]
                .find('\n')
                .map_or(text.len(), |i| range.end + i + 1);
            let front_start = text[opening.end..]
                .find('\n')
                .map_or(text.len(), |i| opening.end + i + 1);
            return Ok(Some(Parts {
                opening,
                front_matter: front_start..range.start,
                body: body_start..text.len(),
            }));
        }
    }
    Err(source
        .error_at(opening, "front matter is never closed")
        .with_kind(Kind::FrontMatter)
        .label("this `+++` has no closing `+++` line")
        .help("add a line with only `+++` after the last front-matter field"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_crlf_and_leading_blank_lines() {
        let file = SourceFile::from_text("a.md", "\r\n+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n");
        let parts = split(&file).expect("well formed");
        assert_eq!(&file.text[parts.front_matter.clone()], "title = \"A\"\r\n");
        assert_eq!(&file.text[parts.body.clone()], "Body\r\n");
        assert_eq!(file.location(parts.opening.start).line, 2);
    }

    #[test]
    fn reports_unclosed_and_missing() {
        let unclosed = SourceFile::from_text("a.md", "+++\ntitle = \"A\"\n");
        let err = split(&unclosed).expect_err("no closing line");
        assert_eq!(err.message, "front matter is never closed");
        let missing = SourceFile::from_text("b.md", "# Hello\n");
        let err = split(&missing).expect_err("no front matter");
        assert_eq!(err.message, "missing front matter");
        assert_eq!(split_optional(&missing), Ok(None));
    }

    #[test]
    fn empty_front_matter_and_body() {
        let file = SourceFile::from_text("a.md", "+++\n+++");
        let parts = split(&file).expect("well formed");
        assert!(parts.front_matter.is_empty());
        assert!(parts.body.is_empty());
    }
}
