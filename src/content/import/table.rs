//! A comparison table: a row per option, a column per criterion. The option's name is the
//! column headed Option, Name, Title (and the like) or else the first; other columns are
//! matched to the built-in fields (subtitle, order, best for, pros, cons) and to criteria by
//! key or label. A cell that does not fit its criterion, and every column that matches
//! nothing, is kept in the option's body as `**Column:** cell`. The rest of the document is the
//! landing page's text.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser};

use crate::builtin::{self, BuiltinField, Fact, FieldKind};
use crate::config::{Criterion, CriterionKind, SiteConfig};
use crate::content::candidate::{Score, Value, format_number};
use crate::content::draft::Draft;
use crate::content::markdown;
use crate::source::SourceFile;

use super::blocks::{Block, BlockKind, cell_text, markdown_of};
use super::{Format, Imported, ImportedOption, LandingText, Unmapped, quote, title_and_subtitle};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Title,
    /// A built-in field other than the name.
    Builtin(&'static BuiltinField),
    Criterion(usize),
    Unknown,
}

/// A header as a key: lowercase words joined by `_` (`Ease of learning` → `ease_of_learning`).
fn normalise(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_end_matches('_').to_string()
}

/// The text of inline Markdown without its markup (`**[Flask](https://…)**` → `Flask`).
pub fn plain(markdown_text: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown_text, markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

fn column_of(header: &str, config: &SiteConfig) -> Column {
    let key = normalise(&plain(header));
    match builtin::imported_column(&key) {
        Some(field) if field.kind == FieldKind::Name => return Column::Title,
        Some(field) => return Column::Builtin(field),
        None => {}
    }
    config
        .criteria
        .iter()
        .position(|c| c.key == key || normalise(&c.label) == key)
        .map_or(Column::Unknown, Column::Criterion)
}

/// Cells that mean "no value".
fn is_blank(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "–" | "—" | "?")
}

/// Splits a cell holding several statements at `<br>` tags.
fn statements(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = cell;
    while let Some(at) = rest.to_ascii_lowercase().find("<br") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        items.push(rest[..at].trim().to_string());
        rest = &rest[end..];
    }
    items.push(rest.trim().to_string());
    items.retain(|s| !s.is_empty());
    items
}

/// The value of `cell` for `criterion`, or why it does not fit.
fn value(cell: &str, criterion: &Criterion) -> Result<Value, String> {
    let allowed = |v: &Option<Vec<String>>, text: &str| -> Result<String, String> {
        match v {
            None => Ok(text.to_string()),
            Some(values) => values
                .iter()
                .find(|a| a.eq_ignore_ascii_case(text))
                .cloned()
                .ok_or_else(|| format!("not one of {}", values.join(", "))),
        }
    };
    match &criterion.kind {
        CriterionKind::Text { values } => allowed(values, cell).map(Value::Text),
        CriterionKind::Tags { values } => cell
            .split([',', ';'])
            .flat_map(statements)
            .map(|tag| allowed(values, tag.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Tags),
        CriterionKind::List => Ok(Value::List(statements(cell))),
        CriterionKind::Bool => match cell.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "✓" | "✔" | "✔️" | "✅" => Ok(Value::Bool(true)),
            "no" | "n" | "false" | "✗" | "✘" | "❌" => Ok(Value::Bool(false)),
            _ => Err("not yes or no".to_string()),
        },
        CriterionKind::Score(scale) => {
            let range = format!(
                "not a score from {} to {}",
                format_number(scale.min),
                format_number(scale.max)
            );
            let (number, why) = score(cell).ok_or_else(|| range.clone())?;
            if number < scale.min || number > scale.max {
                return Err(range);
            }
            Ok(Value::Score(Score { value: number, why }))
        }
    }
}

/// `4`, `4/5`, `3.5 (why)`, `4 — why`, `★★★☆☆` → the number and the reason.
fn score(cell: &str) -> Option<(f64, Option<String>)> {
    let cell = cell.trim();
    if !cell.is_empty() && cell.chars().all(|c| matches!(c, '★' | '☆' | ' ')) {
        return Some((cell.chars().filter(|&c| c == '★').count() as f64, None));
    }
    let end = cell
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(cell.len());
    let number: f64 = cell[..end].trim_end_matches('.').parse().ok()?;
    let mut rest = cell[end..].trim_start();
    if let Some(after) = rest.strip_prefix('/') {
        let out_of = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ' '))
            .unwrap_or(after.len());
        rest = after[out_of..].trim_start();
    }
    let why = rest
        .trim_start_matches(['-', '–', '—', ':', ',', ';'])
        .trim();
    let why = match why.strip_prefix('(') {
        Some(inner) if inner.ends_with(')') => inner[..inner.len() - 1].trim(),
        _ => why,
    };
    Some((number, (!why.is_empty()).then(|| why.to_string())))
}

/// Reads the first table with a header and at least one row.
pub fn import(
    source: &SourceFile,
    blocks: &[Block],
    config: &SiteConfig,
    meta: Vec<(String, String)>,
) -> Option<Imported> {
    let (index, head, rows) = blocks.iter().enumerate().find_map(|(i, b)| match &b.kind {
        BlockKind::Table { head, rows } if !head.is_empty() && !rows.is_empty() => {
            Some((i, head, rows))
        }
        _ => None,
    })?;
    let text = &source.text;
    let headers: Vec<String> = head.iter().map(|c| cell_text(&text[c.clone()])).collect();
    let mut columns: Vec<Column> = headers.iter().map(|h| column_of(h, config)).collect();
    if !columns.contains(&Column::Title) {
        columns[0] = Column::Title;
    }
    let mut unmapped = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        if *column == Column::Unknown {
            unmapped.push(Unmapped {
                span: head[i].clone(),
                option: None,
                what: format!(
                    "column {}: no criterion has this key or label",
                    quote(&headers[i])
                ),
            });
        }
    }

    let mut options = Vec::new();
    for (row_index, row) in rows.iter().enumerate() {
        let mut draft = Draft::default();
        draft
            .facts
            .set(builtin::ORDER, Fact::Integer(row_index as i64 + 1));
        let mut values = BTreeMap::new();
        let mut kept = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let Some(span) = row.get(i) else { continue };
            let cell = cell_text(&text[span.clone()]);
            if is_blank(&cell) {
                continue;
            }
            let keep = |kept: &mut Vec<String>| {
                kept.push(format!("- **{}:** {cell}", headers[i]));
            };
            match column {
                Column::Title => {
                    let name = plain(&cell);
                    let (title, subtitle) = title_and_subtitle(&name);
                    draft.title = title;
                    if let Some(subtitle) =
                        subtitle.filter(|_| draft.facts.get(builtin::SUBTITLE).is_none())
                    {
                        draft.facts.set(builtin::SUBTITLE, Fact::Text(subtitle));
                    }
                    if name != cell {
                        // The name had links or markup: keep them in the body.
                        keep(&mut kept);
                    }
                }
                Column::Builtin(field) => match field.kind {
                    FieldKind::Integer => match cell.parse::<i64>() {
                        Ok(n) => draft.facts.set(field.key, Fact::Integer(n)),
                        Err(_) => keep(&mut kept),
                    },
                    FieldKind::Statements => {
                        for statement in statements(&cell) {
                            draft.facts.push_statement(field.key, statement);
                        }
                    }
                    FieldKind::Text | FieldKind::Statement => {
                        draft.facts.set(field.key, Fact::Text(cell.clone()));
                    }
                    FieldKind::Name | FieldKind::Slug | FieldKind::Url => keep(&mut kept),
                },
                Column::Criterion(c) => {
                    let criterion = &config.criteria[*c];
                    match value(&cell, criterion) {
                        Ok(v) => {
                            values.insert(criterion.key.clone(), v);
                        }
                        Err(why) => {
                            unmapped.push(Unmapped {
                                span: span.clone(),
                                option: Some(row_index),
                                what: format!("{} for `{}`: {why}", quote(&cell), criterion.key),
                            });
                            keep(&mut kept);
                        }
                    }
                }
                Column::Unknown => keep(&mut kept),
            }
        }
        if draft.title.is_empty() {
            draft.title = format!("Option {}", row_index + 1);
            let row_start = row.first().map_or(blocks[index].span.start, |c| c.start);
            unmapped.push(Unmapped {
                span: row_start..row_start,
                option: Some(row_index),
                what: format!(
                    "a row without a name: titled \"{}\" until you name it",
                    draft.title
                ),
            });
        }
        draft.values = values;
        draft.body = kept.join("\n");
        let start = row.first().map_or(blocks[index].span.start, |c| c.start);
        options.push(ImportedOption {
            draft,
            span: start..start,
        });
    }

    let mut landing = LandingText {
        meta,
        ..LandingText::default()
    };
    for (i, block) in blocks.iter().enumerate() {
        if i == index {
            continue;
        }
        match &block.kind {
            BlockKind::Heading {
                level: 1,
                text: title,
            } if landing.title.is_none() && landing.blocks.is_empty() => {
                landing.title = Some(title.clone());
            }
            _ => landing.blocks.push(markdown_of(text, &block.span)),
        }
    }
    Some(Imported {
        format: Format::Table,
        options,
        landing,
        chosen: None,
        unmapped,
        links: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_in_the_ways_people_write_them() {
        assert_eq!(score("4"), Some((4.0, None)));
        assert_eq!(score("4/5"), Some((4.0, None)));
        assert_eq!(
            score("3.5 / 5 (tuning takes time)"),
            Some((3.5, Some("tuning takes time".into())))
        );
        assert_eq!(
            score("2 — few built-ins"),
            Some((2.0, Some("few built-ins".into())))
        );
        assert_eq!(score("★★★☆☆"), Some((3.0, None)));
        assert_eq!(score("high"), None);
    }

    #[test]
    fn cells_and_headers() {
        assert_eq!(normalise("Ease of learning"), "ease_of_learning");
        assert_eq!(
            plain("**[Flask](https://x.io)** (Python)"),
            "Flask (Python)"
        );
        assert_eq!(statements("a<br>b <BR/> c"), vec!["a", "b", "c"]);
    }
}
