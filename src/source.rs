//! Reading site files: the one place input files are read. Checks UTF-8, drops a byte-order
//! mark, and maps byte offsets to the line and column a person sees. Uses only [`crate::diag`].

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Excerpt, Kind, Location, Origin};

/// The most lines an excerpt shows; longer spans are cut to their start.
const MAX_EXCERPT_LINES: usize = 4;
/// An excerpt longer than this (one very long line) is cut to [`EXCERPT_CONTEXT`] bytes
/// either side of its span.
const MAX_EXCERPT_BYTES: usize = 2_000;
/// See [`MAX_EXCERPT_BYTES`].
const EXCERPT_CONTEXT: usize = 200;

/// One input file's text, with the path it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path shown to users: relative to where it comes from, `/`-separated.
    pub path: String,
    /// Where it comes from: the site (most), the built-in theme, or the output.
    pub origin: Origin,
    /// A hash of `text`, made once, for telling whether the file changed.
    pub hash: u64,
    /// The file's text, without a leading byte-order mark; line endings as in the file.
    pub text: String,
    /// Where each line starts, made when first asked for a line number.
    lines: LineIndex,
}

/// The byte offset of each line's start, so that a line number costs a binary search rather
/// than a count from the top (a file with 100,000 problems asks 100,000 times). Made from the
/// text alone, so it takes no part in comparisons.
#[derive(Debug, Clone, Default)]
struct LineIndex(OnceLock<Vec<usize>>);

impl PartialEq for LineIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LineIndex {}

impl SourceFile {
    /// Wraps text that did not come from disk (tests, built-in files).
    pub fn from_text(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        SourceFile {
            path: path.into(),
            origin: Origin::Site,
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            text,
            lines: LineIndex::default(),
        }
    }

    /// Text from `origin` (an output file, a theme file), named `path` there.
    pub fn from_origin(origin: Origin, path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            origin,
            ..SourceFile::from_text(path, text)
        }
    }

    /// A file of the built-in theme's `templates/`, named as such in messages.
    pub fn from_theme(template: &str, text: impl Into<String>) -> Self {
        SourceFile::from_origin(Origin::Theme, format!("templates/{template}"), text)
    }

    /// Whether this is a file of the built-in theme rather than of the site.
    pub fn is_theme_file(&self) -> bool {
        self.origin == Origin::Theme
    }

    /// Reads `root/relative`; a file that cannot be read or is not UTF-8 becomes a diagnostic
    /// naming the first bad byte's line and column.
    pub fn read(root: &Path, relative: &Path) -> Result<Self, Diagnostic> {
        let shown = display_path(relative);
        let bytes = std::fs::read(root.join(relative))
            .map_err(|err| Diagnostic::read_failed(&shown, &err).in_file(shown.clone()))?;
        Self::from_bytes(shown, bytes)
    }

    /// Reads a file named on the command line, shown in messages as it was given.
    pub fn read_given(path: &Path) -> Result<Self, Diagnostic> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|err| Diagnostic::unreadable(&shown, err).in_file(shown.clone()))?;
        Self::from_bytes(shown, bytes)
    }

    /// Decodes file contents read elsewhere, with the same checks as [`SourceFile::read`].
    pub fn from_bytes(path: String, mut bytes: Vec<u8>) -> Result<Self, Diagnostic> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            // NUL is never text: CommonMark replaces it with U+FFFD, and so does every reader
            // here (one character for one, so lines and columns stay as in the file).
            Ok(text) if text.contains('\0') => {
                Ok(SourceFile::from_text(path, text.replace('\0', "\u{FFFD}")))
            }
            Ok(text) => Ok(SourceFile::from_text(path, text)),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                    return Err(Diagnostic::error("file is UTF-16, not UTF-8")
                        .with_kind(Kind::NotUtf8)
                        .in_file(path)
                        .label("it starts with a UTF-16 byte order mark")
                        .help(SAVE_AS_UTF8));
                }
                let bad = bytes[valid];
                // Show the line as far as it can be read, with the bad byte replaced.
                let lossy = SourceFile::from_text(path.clone(), String::from_utf8_lossy(&bytes));
                let offset = String::from_utf8_lossy(&bytes[..valid]).len();
                Err(lossy
                    .error_at(
                        offset..offset + '\u{FFFD}'.len_utf8(),
                        "file is not valid UTF-8",
                    )
                    .with_kind(Kind::NotUtf8)
                    .label(format!(
                        "byte 0x{bad:02X} cannot start or continue a UTF-8 character"
                    ))
                    .help(SAVE_AS_UTF8))
            }
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn location(&self, offset: usize) -> Location {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        // The last line starting at or before the offset.
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let line_start = starts[line - 1];
        Location {
            offset,
            line,
            column: self.text[line_start..offset].chars().count() + 1,
        }
    }

    /// The complete lines around `span`, at most four of them.
    pub fn excerpt(&self, span: Range<usize>) -> Excerpt {
        let len = self.text.len();
        let start = floor_char_boundary(&self.text, span.start.min(len));
        let end = floor_char_boundary(&self.text, span.end.clamp(start, len));
        let starts = self.line_starts();
        // 1-based lines of the span's start and end; the line break ending line `n` is at
        // `starts[n] - 1`.
        let line = starts.partition_point(|&s| s <= start).max(1);
        let end_line = starts.partition_point(|&s| s <= end).max(line);
        let line_end = |n: usize| starts.get(n).map_or(len, |&s| s - 1);
        let mut first = starts[line - 1];
        let mut last = line_end(end_line.min(line + MAX_EXCERPT_LINES - 1)).max(start);
        // A very long line is cut to a window around the span: 20,000 problems on one line
        // of 300 kB must not copy it 20,000 times. (The report names the true column.)
        if last - first > MAX_EXCERPT_BYTES {
            first =
                floor_char_boundary(&self.text, start.saturating_sub(EXCERPT_CONTEXT).max(first));
            let cut_end = end.max(start + 1).saturating_add(EXCERPT_CONTEXT).min(last);
            last = floor_char_boundary(&self.text, cut_end).max(end);
        }
        let text = self.text[first..last].trim_end_matches('\r').to_string();
        let span_end = (end - first).min(text.len()).max(start - first);
        Excerpt {
            first_line: line,
            span: start - first..span_end,
            text,
        }
    }

    /// The byte offset where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.lines.0.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// An error at `span` of this file.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message), span)
    }

    /// A warning at `span` of this file.
    pub fn warning_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(message), span)
    }

    /// Places an existing diagnostic at `span` of this file.
    pub fn locate(&self, diagnostic: Diagnostic, span: Range<usize>) -> Diagnostic {
        diagnostic
            .in_file_from(self.origin.clone(), self.path.clone())
            .located(self.location(span.start), self.excerpt(span))
    }
}

/// What to do with a file that is not UTF-8.
const SAVE_AS_UTF8: &str =
    "save the file as UTF-8 (most editors offer it under \"Save with encoding\")";

/// Reads a file that is used as bytes (static files); the error names the file.
pub fn read_bytes(root: &Path, relative: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(root.join(relative)).map_err(|err| {
        let shown = display_path(relative);
        Diagnostic::read_failed(&shown, &err).in_file(shown)
    })
}

/// A relative path as users see it in messages: `/`-separated on every platform.
pub fn display_path(path: &Path) -> String {
    let mut shown = String::new();
    for component in path.components() {
        if component == std::path::Component::RootDir {
            shown.push('/');
            continue;
        }
        if !shown.is_empty() && !shown.ends_with('/') {
            shown.push('/');
        }
        shown.push_str(&component.as_os_str().to_string_lossy());
    }
    shown
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_shown_with_one_slash_between_parts() {
        use std::path::Path;
        assert_eq!(super::display_path(Path::new("/tmp/site")), "/tmp/site");
        assert_eq!(
            super::display_path(Path::new("site/content/a.md")),
            "site/content/a.md"
        );
        assert_eq!(super::display_path(Path::new("./site")), "./site");
    }

    use super::*;

    #[test]
    fn counts_lines_and_columns_in_characters() {
        let file = SourceFile::from_text("a.md", "one\r\ntwo “x” y\nthree");
        let y = file.text.find('y').expect("y is in the text");
        let loc = file.location(y);
        assert_eq!((loc.line, loc.column), (2, 9));
        let excerpt = file.excerpt(y..y + 1);
        assert_eq!(excerpt.first_line, 2);
        assert_eq!(excerpt.text, "two “x” y");
        assert_eq!(&excerpt.text[excerpt.span.clone()], "y");
    }

    #[test]
    fn rejects_invalid_utf8_with_its_position() {
        let err = SourceFile::from_bytes("bad.md".into(), b"ok\nab\xFFcd\n".to_vec())
            .expect_err("0xFF is never valid UTF-8");
        let loc = err.location.expect("the error has a position");
        assert_eq!((loc.line, loc.column), (2, 3));
        assert!(
            err.label.as_deref().unwrap_or("").contains("0xFF"),
            "{err:?}"
        );
    }

    #[test]
    fn names_utf16_for_what_it_is() {
        let err = SourceFile::from_bytes("wide.md".into(), b"\xFF\xFE+\0+\0+\0".to_vec())
            .expect_err("UTF-16 is not UTF-8");
        assert_eq!(err.message, "file is UTF-16, not UTF-8");
    }

    #[test]
    fn drops_a_byte_order_mark() {
        let file = SourceFile::from_bytes("a.md".into(), b"\xEF\xBB\xBF+++".to_vec())
            .expect("valid UTF-8");
        assert_eq!(file.text, "+++");
    }
}
