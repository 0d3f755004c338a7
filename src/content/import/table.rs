//! A comparison table: a row per option, a column per criterion. The option's name is the
//! column headed Option, Name, Title (and the like) or else the first; other columns are
//! matched to the built-in fields (subtitle, order, best for, pros, cons) and to criteria by
//! key or label. A cell that does not fit its criterion, and every column that matches
//! nothing, is kept in the option's body as `**Column:** cell`. The rest of the document is the
//! landing page's text.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser};

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
    // A reference link's text is its text, wherever the reference is defined.
    let mut any_reference =
        |_: pulldown_cmark::BrokenLink<'_>| Some((CowStr::from(""), CowStr::from("")));
    let parser = Parser::new_with_broken_link_callback(
        markdown_text,
        markdown::options(),
        Some(&mut any_reference),
    );
    for event in parser {
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
            Ok(Value::Score(Score::plain(number, why)))
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

/// The cells of what follows a row's last cell on its line (`| x | y |` after the header's
/// columns), as ranges in `rest`: pipes escaped or inside code do not split.
fn extra_cells(rest: &str) -> Vec<Range<usize>> {
    let mut bounds = Vec::new();
    let bytes = rest.as_bytes();
    let mut code = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => {
                let run = rest[i..].bytes().take_while(|&b| b == b'`').count();
                code = if code == run {
                    0
                } else if code == 0 {
                    run
                } else {
                    code
                };
                i += run - 1;
            }
            b'|' if code == 0 => bounds.push(i),
            _ => {}
        }
        i += 1;
    }
    bounds
        .windows(2)
        .map(|w| w[0] + 1..w[1])
        .chain(bounds.last().map(|&b| b + 1..rest.len()))
        .filter(|r| !rest[r.clone()].trim().is_empty())
        .collect()
}

/// Headers of a first column that names criteria, not options (a table whose options are its
/// columns), in the languages MADR was translated to.
const CRITERIA_HEADERS: &[&str] = &[
    "",
    "feature",
    "features",
    "criteria",
    "criterion",
    "aspect",
    "aspects",
    "dimension",
    "attribute",
    "property",
    "characteristic",
    "critère",
    "critères",
    "kriterium",
    "kriterien",
    "merkmal",
    "criterio",
    "criterios",
    "critério",
    "critérios",
    "característica",
];

/// A table of the document: its block's index, header cells and rows of cells.
type TableCells = (usize, Vec<Range<usize>>, Vec<Vec<Range<usize>>>);

/// Whether a table's options are its columns: its first header cell is empty or names
/// criteria, or its first column matches more criteria than its header row does.
fn options_are_columns(
    text: &str,
    head: &[Range<usize>],
    rows: &[Vec<Range<usize>>],
    config: &SiteConfig,
) -> bool {
    if head.len() < 2 {
        return false;
    }
    let first = plain(&cell_text(&text[head[0].clone()])).to_lowercase();
    if CRITERIA_HEADERS.contains(&first.as_str()) {
        return true;
    }
    let known = |cell: &Range<usize>| {
        matches!(
            column_of(&cell_text(&text[cell.clone()]), config),
            Column::Criterion(_) | Column::Builtin(_)
        )
    };
    let in_header = head[1..].iter().filter(|c| known(c)).count();
    let in_column = rows
        .iter()
        .filter_map(|r| r.first())
        .filter(|c| known(c))
        .count();
    in_column > in_header
}

/// The cells with rows and columns swapped: the first column becomes the header.
fn transpose(head: &[Range<usize>], rows: &[Vec<Range<usize>>]) -> TableCells {
    let column = |j: usize| -> Vec<Range<usize>> {
        std::iter::once(head[j].clone())
            .chain(
                rows.iter()
                    .map(|r| r.get(j).cloned().unwrap_or(head[j].end..head[j].end)),
            )
            .collect()
    };
    let new_head = column(0);
    let new_rows = (1..head.len()).map(column).collect();
    (0, new_head, new_rows)
}

/// A header row as compared across tables: each cell's text, lowercase.
fn signature(text: &str, head: &[Range<usize>]) -> Vec<String> {
    head.iter()
        .map(|c| plain(&cell_text(&text[c.clone()])).to_lowercase())
        .collect()
}

/// The document's tables with a header and rows, grouped: tables with the same header row are
/// one table (merged); each group is a block index list.
pub fn table_groups(source: &SourceFile, blocks: &[Block]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Table { head, rows } = &block.kind {
            if head.is_empty() || rows.is_empty() {
                continue;
            }
            let sig = signature(&source.text, head);
            match groups.iter_mut().find(|(s, _)| *s == sig) {
                Some((_, members)) => members.push(i),
                None => groups.push((sig, vec![i])),
            }
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// Reads the document's table (`choice`: which of [`table_groups`], from 0; the first by
/// default): tables with the same header row are merged, and a table whose options are its
/// columns is read by column. The other tables stay on the landing page, named in the plan.
pub fn import(
    source: &SourceFile,
    blocks: &[Block],
    config: &SiteConfig,
    meta: Vec<(String, String)>,
    choice: Option<usize>,
) -> Option<Imported> {
    let groups = table_groups(source, blocks);
    let members = groups.get(choice.unwrap_or(0))?.clone();
    let index = members[0];
    let BlockKind::Table { head, .. } = &blocks[index].kind else {
        return None;
    };
    let head = head.clone();
    let rows: Vec<Vec<Range<usize>>> = members
        .iter()
        .flat_map(|&m| match &blocks[m].kind {
            BlockKind::Table { rows, .. } => rows.clone(),
            _ => Vec::new(),
        })
        .collect();
    let by_column = options_are_columns(&source.text, &head, &rows, config);
    let (head, rows) = if by_column {
        let (_, head, rows) = transpose(&head, &rows);
        (head, rows)
    } else {
        (head, rows)
    };
    let head = &head;
    let rows = &rows;
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
                    FieldKind::Date => match cell.trim().parse::<jiff::civil::Date>() {
                        Ok(day) => draft.facts.set(field.key, Fact::Date(day)),
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
        if !by_column {
            // Cells past the header's last column, which Markdown drops.
            if let Some(last) = row.last() {
                // The cell's span may or may not take in its closing pipe.
                let from = if text[..last.end].ends_with('|') {
                    last.end - 1
                } else {
                    last.end
                };
                let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
                for (n, extra) in extra_cells(&text[from..line_end]).into_iter().enumerate() {
                    let span = from + extra.start..from + extra.end;
                    let cell = text[span.clone()].trim().to_string();
                    let column = head.len() + n + 1;
                    unmapped.push(Unmapped {
                        span,
                        option: Some(row_index),
                        what: format!(
                            "cell {} in column {column}, past the header's {} columns",
                            quote(&cell),
                            head.len()
                        ),
                    });
                    kept.push(format!("- **Column {column}:** {cell}"));
                }
            }
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
    let mut offered = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if members.contains(&i) {
            continue;
        }
        if let Some(k) = groups.iter().position(|g| g[0] == i) {
            let count = match &block.kind {
                BlockKind::Table { rows, .. } => rows.len(),
                _ => 0,
            };
            offered.push((
                block.span.start,
                format!(
                    "another table ({count} row{}), its first column headed {}: kept on the landing page; `--table {}` imports it instead",
                    if count == 1 { "" } else { "s" },
                    quote(&signature(text, match &block.kind {
                        BlockKind::Table { head, .. } => head,
                        _ => &[],
                    })
                    .first()
                    .cloned()
                    .unwrap_or_default()),
                    k + 1
                ),
            ));
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
    if by_column {
        landing.notes.push((
            blocks[index].span.start,
            "the table's options are its columns and its criteria its rows".to_string(),
        ));
    }
    if members.len() > 1 {
        landing.notes.push((
            blocks[members[1]].span.start,
            format!(
                "{} tables with the same header row: read as one",
                members.len()
            ),
        ));
    }
    landing.notes.extend(offered);
    Some(Imported {
        format: if by_column {
            Format::TableByColumn
        } else {
            Format::Table
        },
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
    fn cells_past_the_header() {
        let rest = " | extra `a|b` | more \\| still |";
        let cells: Vec<&str> = extra_cells(rest)
            .into_iter()
            .map(|r| rest[r].trim())
            .collect();
        assert_eq!(cells, vec!["extra `a|b`", "more \\| still"]);
        assert!(extra_cells(" |").is_empty());
        assert!(extra_cells("").is_empty());
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
