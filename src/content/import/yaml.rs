//! The optional YAML front matter of an imported document (a MADR record's `status`, `date`,
//! `deciders`…), between `---` lines at its top: read with saphyr-parser's event parser into
//! key → text entries, nested values flattened to text. A syntax error is a diagnostic at its
//! line and column in the document.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScanError, Span};

use crate::diag::{Diagnostic, Kind};
use crate::source::SourceFile;

/// Front-matter entries in order, and the byte range of the Markdown after them.
pub type FrontMatter = (Vec<(String, String)>, Range<usize>);

/// Splits off and reads the front matter; a document without one is all Markdown.
pub fn front_matter(source: &SourceFile) -> Result<FrontMatter, Diagnostic> {
    let text = source.text.as_str();
    let mut lines = text.split_inclusive('\n');
    let whole = (Vec::new(), 0..text.len());
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Ok(whole),
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut at = yaml_start;
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            let yaml = yaml_start..at;
            let entries = read(source, yaml)?;
            return Ok((entries, at + line.len()..text.len()));
        }
        at += line.len();
    }
    // An opening `---` that is never closed is a thematic break, not front matter.
    Ok(whole)
}

/// A node of the front matter, as far as an import needs it.
enum Node {
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn into_text(self) -> String {
        match self {
            Node::Text(text) => text,
            Node::List(items) => items
                .into_iter()
                .map(Node::into_text)
                .collect::<Vec<_>>()
                .join(", "),
            Node::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| format!("{k}: {}", v.into_text()))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

fn read(source: &SourceFile, yaml: Range<usize>) -> Result<Vec<(String, String)>, Diagnostic> {
    let text = &source.text[yaml.clone()];
    let mut events = Vec::new();
    for event in Parser::new_from_str(text) {
        match event {
            Ok(event) => events.push(event),
            Err(err) => return Err(scan_error(source, &yaml, &err)),
        }
    }
    let mut iter = events.into_iter().filter(|(e, _)| {
        !matches!(
            e,
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd
        )
    });
    let Some((first, span)) = iter.next() else {
        return Ok(Vec::new());
    };
    match node(first, &mut iter) {
        Some(Node::Map(entries)) => Ok(entries
            .into_iter()
            .map(|(k, v)| (k, v.into_text()))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect()),
        Some(Node::Text(t)) if t.is_empty() => Ok(Vec::new()),
        _ => {
            let start = yaml.start + byte_offset(text, span.start.index());
            Err(source
                .error_at(
                    start..yaml.end,
                    "the front matter is not a list of `key: value` lines",
                )
                .with_kind(Kind::Import)
                .label("expected YAML such as `status: accepted`")
                .help(
                    "a decision record's front matter holds fields like status, date and deciders",
                ))
        }
    }
}

fn node<'a>(first: Event<'a>, rest: &mut impl Iterator<Item = (Event<'a>, Span)>) -> Option<Node> {
    match first {
        Event::Scalar(value, ..) => Some(Node::Text(value.trim().to_string())),
        Event::Alias(_) => Some(Node::Text(String::new())),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                match rest.next()? {
                    (Event::SequenceEnd, _) => break,
                    (event, _) => items.push(node(event, rest)?),
                }
            }
            Some(Node::List(items))
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let key = match rest.next()? {
                    (Event::MappingEnd, _) => break,
                    (event, _) => node(event, rest)?.into_text(),
                };
                let (event, _) = rest.next()?;
                entries.push((key, node(event, rest)?));
            }
            Some(Node::Map(entries))
        }
        _ => None,
    }
}

fn scan_error(source: &SourceFile, yaml: &Range<usize>, err: &ScanError) -> Diagnostic {
    let text = &source.text[yaml.clone()];
    let at = yaml.start + byte_offset(text, err.marker().index());
    let end = source.text[at..]
        .find('\n')
        .map_or(source.text.len(), |i| at + i)
        .max(at);
    source
        .error_at(at..end, "invalid YAML in the front matter")
        .with_kind(Kind::Import)
        .label(err.info().to_string())
        .help("the front matter between the `---` lines must be YAML, such as `status: accepted`")
}

/// The byte offset of the `chars`-th character of `text` (saphyr counts characters).
fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_flattens_lists() {
        let source = SourceFile::from_text(
            "adr.md",
            "---\nstatus: \"accepted\"\ndate: 2024-05-01\ndeciders: [Ana, Bo]\nconsulted:\n  - Cy\nempty:\n---\n# Title\n",
        );
        let (entries, body) = front_matter(&source).expect("valid");
        assert_eq!(
            entries,
            vec![
                ("status".to_string(), "accepted".to_string()),
                ("date".to_string(), "2024-05-01".to_string()),
                ("deciders".to_string(), "Ana, Bo".to_string()),
                ("consulted".to_string(), "Cy".to_string()),
            ]
        );
        assert_eq!(&source.text[body], "# Title\n");
    }

    #[test]
    fn a_syntax_error_has_its_line_and_column() {
        let source = SourceFile::from_text("adr.md", "---\nstatus: ok\ndate: [2024\n---\n");
        let err = front_matter(&source).expect_err("unclosed flow sequence");
        let at = err.location.expect("located");
        assert!(at.line >= 3, "{err:?}");
        assert_eq!(err.message, "invalid YAML in the front matter");
    }

    #[test]
    fn no_front_matter_or_an_unclosed_rule() {
        let source = SourceFile::from_text("a.md", "---\n# Not front matter\n");
        let (entries, body) = front_matter(&source).expect("fine");
        assert!(entries.is_empty());
        assert_eq!(body, 0..source.text.len());
    }
}
