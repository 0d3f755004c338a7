//! A comparison document as a flat list of top-level Markdown blocks (headings, paragraphs,
//! lists with their items, tables with their cells, anything else), each with its byte span in
//! the file, from pulldown-cmark's offset iterator. The importers read blocks, never lines, and
//! copy the source of what they keep, so that every statement lands word for word.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::markdown;

/// One top-level block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Its bytes in the file.
    pub span: Range<usize>,
}

/// The kinds of block the importers tell apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// `#`…`######` or an underlined heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading's text without markup (`## **Pros**` → `Pros`).
        text: String,
    },
    /// A paragraph.
    Paragraph,
    /// A bulleted or numbered list.
    List {
        /// Each item's bytes, marker included.
        items: Vec<Range<usize>>,
    },
    /// A table.
    Table {
        /// The header row's cells.
        head: Vec<Range<usize>>,
        /// The body rows' cells.
        rows: Vec<Vec<Range<usize>>>,
    },
    /// Code, quotes, HTML, rules, footnotes: kept as they are.
    Other,
}

/// The top-level blocks of `text[range]`, spans relative to `text`.
pub fn blocks(text: &str, range: Range<usize>) -> Vec<Block> {
    let offset = range.start;
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut depth = 0usize;
    let mut in_head = false;
    let at = |r: Range<usize>| offset + r.start..offset + r.end;
    for (event, r) in Parser::new_ext(&text[range], markdown::options()).into_offset_iter() {
        let span = at(r);
        match event {
            Event::Start(tag) => {
                match (&mut current, depth) {
                    (_, 0) => {
                        let kind = match tag {
                            Tag::Heading { level, .. } => BlockKind::Heading {
                                level: level as u8,
                                text: String::new(),
                            },
                            Tag::Paragraph => BlockKind::Paragraph,
                            Tag::List(_) => BlockKind::List { items: Vec::new() },
                            Tag::Table(_) => BlockKind::Table {
                                head: Vec::new(),
                                rows: Vec::new(),
                            },
                            _ => BlockKind::Other,
                        };
                        current = Some(Block {
                            kind,
                            span: span.clone(),
                        });
                    }
                    (Some(block), _) => match (&tag, &mut block.kind) {
                        (Tag::Item, BlockKind::List { items }) if depth == 1 => {
                            items.push(span.clone());
                        }
                        (Tag::TableHead, BlockKind::Table { .. }) => in_head = true,
                        (Tag::TableRow, BlockKind::Table { rows, .. }) => rows.push(Vec::new()),
                        (Tag::TableCell, BlockKind::Table { head, rows }) => {
                            if in_head {
                                head.push(span.clone());
                            } else if let Some(row) = rows.last_mut() {
                                row.push(span.clone());
                            }
                        }
                        _ => {}
                    },
                    (None, _) => {}
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if tag == TagEnd::TableHead {
                    in_head = false;
                }
                if depth == 0 {
                    if let Some(mut block) = current.take() {
                        block.span.end = block.span.end.max(span.end);
                        out.push(block);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(Block {
                    kind: BlockKind::Heading { text, .. },
                    ..
                }) = &mut current
                {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(Block {
                    kind: BlockKind::Heading { text, .. },
                    ..
                }) = &mut current
                {
                    text.push(' ');
                }
            }
            _ if depth == 0 => out.push(Block {
                kind: BlockKind::Other,
                span,
            }),
            _ => {}
        }
    }
    for block in &mut out {
        if let BlockKind::Heading { text, .. } = &mut block.kind {
            *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    split_lazy_labels(text, out)
}

/// Whether a line starts with a bold label: `**Cons**` alone, or `**Cons:**` / `**Cons**:`
/// alone or before the text it labels (`**Cons:** Heavy, slow`).
fn is_label_line(line: &str) -> bool {
    let line = line.trim_end();
    ["**", "__"].iter().any(|mark| {
        let Some(rest) = line.strip_prefix(mark) else {
            return false;
        };
        let Some(close) = rest.find(mark) else {
            return false;
        };
        let (label, after) = (&rest[..close], &rest[close + mark.len()..]);
        !label.trim().is_empty()
            && (label.ends_with(':') || after.starts_with(':') || after.trim().is_empty())
    })
}

/// Markdown reads a label line right under a list item (`- Own agents` then `**Cons:**`) as
/// part of the item, and the next list's items as the same list's: such a label ends the
/// list, becomes a paragraph of its own, and the items after it a list of their own.
fn split_lazy_labels(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut queue: std::collections::VecDeque<Block> = blocks.into();
    while let Some(mut block) = queue.pop_front() {
        let BlockKind::List { items } = &mut block.kind else {
            out.push(block);
            continue;
        };
        let split = items.iter().enumerate().find_map(|(index, item)| {
            let mut at = item.start;
            text[item.clone()]
                .split_inclusive('\n')
                .enumerate()
                .find_map(|(n, line)| {
                    let start = at;
                    at += line.len();
                    (n > 0 && !line.starts_with([' ', '\t']) && is_label_line(line))
                        .then(|| (index, start, start + line.trim_end().len()))
                })
        });
        let Some((index, label_start, label_end)) = split else {
            out.push(block);
            continue;
        };
        let rest: Vec<Range<usize>> = items.drain(index + 1..).collect();
        let end = block.span.end;
        let kept_end = text[..label_start].trim_end().len();
        if let Some(last) = items.last_mut() {
            last.end = kept_end;
        }
        block.span.end = kept_end;
        out.push(block);
        out.push(Block {
            kind: BlockKind::Paragraph,
            span: label_start..label_end,
        });
        if let Some(first) = rest.first() {
            queue.push_front(Block {
                span: first.start..end,
                kind: BlockKind::List { items: rest },
            });
        }
    }
    out
}

/// A block's Markdown as written, with `\r\n` made `\n` and trailing blank space removed.
pub fn markdown_of(text: &str, span: &Range<usize>) -> String {
    text[span.clone()]
        .replace("\r\n", "\n")
        .trim_end()
        .to_string()
}

/// Text on one line: the lines of `raw` trimmed and joined by single spaces.
pub fn one_line(raw: &str) -> String {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A list item's statement: its text without the marker (`-`, `*`, `+`, `1.`, `1)`), on one line.
pub fn item_text(raw: &str) -> String {
    let trimmed = raw.trim_start();
    let rest = if let Some(rest) = trimmed.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        match trimmed[digits..].strip_prefix(['.', ')']) {
            Some(rest) if digits > 0 => rest,
            _ => trimmed,
        }
    };
    one_line(rest)
}

/// A table cell's text, trimmed of spaces and the pipes around it, with its escaped pipes
/// (`\|`, which a table needs even inside code) made plain ones for text outside a table.
pub fn cell_text(raw: &str) -> String {
    raw.trim().trim_matches('|').trim().replace("\\|", "|")
}

/// Text with Markdown emphasis markers and a trailing colon removed, lowercase, for comparing
/// labels: `**Pros:**` → `pros`.
pub fn label_of(raw: &str) -> String {
    let stripped: String = raw
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    one_line(&stripped)
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_top_level_blocks_with_spans() {
        let text = "# T\r\n\r\nIntro *x*.\r\n\r\n## **Pros**\r\n\r\n- a\r\n- b\r\n\r\n- c\r\n  more\r\n\r\n| A | B |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n---\r\n";
        let blocks = blocks(text, 0..text.len());
        let kinds: Vec<String> = blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text } => format!("h{level} {text}"),
                BlockKind::Paragraph => format!("p {}", markdown_of(text, &b.span)),
                BlockKind::List { items } => format!(
                    "list {:?}",
                    items
                        .iter()
                        .map(|i| item_text(&text[i.clone()]))
                        .collect::<Vec<_>>()
                ),
                BlockKind::Table { head, rows } => format!(
                    "table {:?} {:?}",
                    head.iter()
                        .map(|c| cell_text(&text[c.clone()]))
                        .collect::<Vec<_>>(),
                    rows.iter()
                        .map(|r| r
                            .iter()
                            .map(|c| cell_text(&text[c.clone()]))
                            .collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                ),
                BlockKind::Other => "other".to_string(),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "h1 T",
                "p Intro *x*.",
                "h2 Pros",
                "list [\"a\", \"b\", \"c more\"]",
                "table [\"A\", \"B\"] [[\"1\", \"2\"]]",
                "other",
            ]
        );
    }

    #[test]
    fn a_label_under_a_list_item_starts_a_new_section() {
        let text = "**Pros:**\n- Own agents\n**Cons:**\n- Paid\n- Slow\n";
        let kinds: Vec<(String, String)> = blocks(text, 0..text.len())
            .into_iter()
            .map(|b| {
                let kind = match b.kind {
                    BlockKind::List { items } => format!("list {}", items.len()),
                    other => format!("{other:?}"),
                };
                (kind, text[b.span].trim_end().to_string())
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("Paragraph".to_string(), "**Pros:**".to_string()),
                ("list 1".to_string(), "- Own agents".to_string()),
                ("Paragraph".to_string(), "**Cons:**".to_string()),
                ("list 2".to_string(), "- Paid\n- Slow".to_string()),
            ]
        );
        for label in [
            "__Cons__:",
            "**Cons**",
            "**Cons:** Heavy, slow",
            "**Cons**: slow",
        ] {
            assert!(is_label_line(label), "{label}");
        }
        assert!(!is_label_line("**not** a label:"));
        assert!(!is_label_line("**bold** words"));
    }

    #[test]
    fn labels_and_items() {
        assert_eq!(label_of("**Pros:**"), "pros");
        assert_eq!(label_of("#### **Cons**"), "#### cons");
        assert_eq!(item_text("12) twelve\n   and more"), "twelve and more");
        assert_eq!(item_text("* star"), "star");
        assert_eq!(cell_text(" | x | "), "x");
        assert_eq!(cell_text("| `a \\| b` |"), "`a | b`");
    }
}
