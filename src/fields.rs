//! Typed reads from a TOML document with spans (`site.toml`, front matter). Every read that
//! finds the wrong type, and every key nobody asked for, becomes a diagnostic pointing at the
//! exact text, with "did you mean" for misspelt keys. Uses [`crate::diag`] and
//! [`crate::source`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Kind};
use crate::source::SourceFile;

/// A parsed TOML document inside a source file (all of `site.toml`, or a front matter block).
pub struct TomlDoc<'s> {
    /// The file the TOML text is part of.
    pub source: &'s SourceFile,
    /// Byte offset of the TOML text in the file; TOML spans are relative to it.
    pub offset: usize,
    /// The root table.
    root: Spanned<DeTable<'s>>,
}

/// A table of a document and the span of its text (relative to the TOML text).
#[derive(Clone, Copy)]
pub struct TableRef<'d, 's> {
    /// The keys and values.
    pub table: &'d DeTable<'s>,
    span: (usize, usize),
}

impl<'d, 's> TableRef<'d, 's> {
    /// The table held by a value, if the value is a table.
    pub fn of_value(value: &'d Spanned<DeValue<'s>>) -> Option<Self> {
        match value.get_ref() {
            DeValue::Table(table) => {
                let span = value.span();
                Some(TableRef {
                    table,
                    span: (span.start, span.end),
                })
            }
            _ => None,
        }
    }
}

impl<'s> TomlDoc<'s> {
    /// Parses `source.text[range]` as TOML. Syntax errors become diagnostics at their place
    /// in the file; the tree recovered around them is still returned.
    pub fn parse(source: &'s SourceFile, range: Range<usize>) -> (Self, Vec<Diagnostic>) {
        let (root, errors) = DeTable::parse_recoverable(&source.text[range.clone()]);
        let offset = range.start;
        let diagnostics = errors
            .into_iter()
            .map(|err| {
                let span = err.span().unwrap_or(0..0);
                let span = offset + span.start..offset + span.end;
                let message = err.message().trim().trim_end_matches('.').to_string();
                source
                    .error_at(span, "invalid TOML")
                    .with_kind(Kind::TomlSyntax)
                    .label(first_line(&message).to_string())
                    .help(toml_help(&message))
            })
            .collect();
        (
            TomlDoc {
                source,
                offset,
                root,
            },
            diagnostics,
        )
    }

    /// An error at a span of the TOML text.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message), span)
    }

    /// Places a diagnostic at a span of the TOML text.
    pub fn locate(&self, diagnostic: Diagnostic, span: Range<usize>) -> Diagnostic {
        self.source
            .locate(diagnostic, self.offset + span.start..self.offset + span.end)
    }

    /// A reader over the root table.
    pub fn reader<'d>(&'d self, diagnostics: &'d mut Vec<Diagnostic>) -> TableReader<'d, 's> {
        let span = self.root.span();
        let root = TableRef {
            table: self.root.get_ref(),
            span: (span.start, span.end),
        };
        TableReader::new(self, root, String::new(), diagnostics)
    }
}

/// What to do about a TOML syntax error, by what the parser says.
fn toml_help(message: &str) -> &'static str {
    let says = |words: &str| message.contains(words);
    if says("duplicate key") {
        "each key may appear once; keep one of them"
    } else if says("unclosed array") {
        "a list opens with [ and closes with ], its items separated by commas"
    } else if says("unclosed inline table") {
        "an inline table opens with { and closes with } on the same line"
    } else if says("basic string") && says("visible characters") {
        "text cannot hold control characters; write them as escapes such as \\t or \\u0001"
    } else if says("string") {
        "a string opens and closes with \" on one line; use \"\"\" for text over several lines"
    } else if says("invalid boolean")
        || says("invalid integer")
        || says("invalid float")
        || says("expected value")
    {
        "text values need double quotes: title = \"Flask\""
    } else if says("expected newline") {
        "one key = value per line"
    } else if says("recursion") || says("nest") {
        "this value nests too deeply"
    } else {
        "see https://toml.io for the syntax"
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// A value read from TOML with the byte span of its text in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where its text is, as a byte range of the whole file.
    pub span: Range<usize>,
}

/// Reads the keys of one table, recording which were asked for, so that [`TableReader::finish`]
/// can report the rest as unknown.
pub struct TableReader<'d, 's> {
    doc: &'d TomlDoc<'s>,
    table: TableRef<'d, 's>,
    /// `a.b.` for nested tables, so messages name keys as the author wrote them.
    prefix: String,
    asked: Vec<String>,
    /// Where to point when a required key is missing; the table's first line by default.
    missing_anchor: Option<Range<usize>>,
    /// Where problems are collected.
    pub diagnostics: &'d mut Vec<Diagnostic>,
}

/// A key and its value, as found in a table.
pub struct Field<'d, 's> {
    /// The key as written, with its dotted prefix for nested tables.
    pub name: String,
    /// The key's span in the TOML text.
    pub key_span: Range<usize>,
    /// The value with its span in the TOML text.
    pub value: &'d Spanned<DeValue<'s>>,
}

impl<'d, 's> TableReader<'d, 's> {
    fn new(
        doc: &'d TomlDoc<'s>,
        table: TableRef<'d, 's>,
        prefix: String,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        TableReader {
            doc,
            table,
            prefix,
            asked: Vec::new(),
            missing_anchor: None,
            diagnostics,
        }
    }

    /// The span of the whole table in the file.
    pub fn span(&self) -> Range<usize> {
        let (start, end) = self.table.span;
        self.doc.offset + start..self.doc.offset + end
    }

    /// Points "missing key" errors at `span` (a file's byte range), such as the `+++` line that
    /// opens a front matter block.
    pub fn point_missing_at(&mut self, span: Range<usize>) {
        self.missing_anchor = Some(span);
    }

    /// The document this table belongs to.
    pub fn doc(&self) -> &'d TomlDoc<'s> {
        self.doc
    }

    /// Looks a key up and marks it as known.
    pub fn field(&mut self, key: &str) -> Option<Field<'d, 's>> {
        self.asked.push(key.to_string());
        self.table.table.get_key_value(key).map(|(k, v)| Field {
            name: format!("{}{key}", self.prefix),
            key_span: k.span(),
            value: v,
        })
    }

    /// Every key of the table with its value, in the order the table keeps them; each is
    /// marked as known.
    pub fn entries(&mut self) -> Vec<Field<'d, 's>> {
        let fields: Vec<Field<'d, 's>> = self
            .table
            .table
            .iter()
            .map(|(k, v)| Field {
                name: format!("{}{}", self.prefix, k.get_ref()),
                key_span: k.span(),
                value: v,
            })
            .collect();
        self.asked.extend(
            self.table
                .table
                .iter()
                .map(|(k, _)| k.get_ref().to_string()),
        );
        fields
    }

    /// Reports a problem of `kind` with a field's value.
    pub fn value_error(
        &mut self,
        field: &Field<'_, '_>,
        kind: Kind,
        message: impl Into<String>,
        label: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::error(message).with_kind(kind).label(label);
        self.report(field, diagnostic);
    }

    /// Reports a diagnostic about a field's value, placed at the value.
    fn report(&mut self, field: &Field<'_, '_>, diagnostic: Diagnostic) {
        let diagnostic = self.doc.locate(diagnostic, field.value.span());
        self.diagnostics.push(diagnostic);
    }

    /// An optional string.
    pub fn string(&mut self, key: &str) -> Option<Located<String>> {
        let field = self.field(key)?;
        self.expect_string(&field)
    }

    /// A string that must be present and not blank; `what` says what it is for the message.
    pub fn required_string(&mut self, key: &str, what: &str) -> Option<Located<String>> {
        let found = self.string(key);
        match &found {
            None if !self.has(key) => {
                let message = format!("missing `{}{key}`: {what}", self.prefix);
                let span = self.header_span();
                self.diagnostics.push(
                    self.doc
                        .source
                        .error_at(span, message)
                        .with_kind(Kind::MissingKey)
                        .label(format!("add `{key} = \"...\"` here")),
                );
                None
            }
            Some(s) if s.value.trim().is_empty() => {
                let span = s.span.clone();
                self.diagnostics.push(
                    self.doc
                        .source
                        .error_at(span, format!("`{}{key}` is empty", self.prefix))
                        .with_kind(Kind::MissingKey)
                        .label(format!("expected {what}")),
                );
                None
            }
            _ => found,
        }
    }

    fn has(&self, key: &str) -> bool {
        self.table.table.contains_key(key)
    }

    /// Where to point when something is missing from this table: its first line.
    fn header_span(&self) -> Range<usize> {
        if let Some(anchor) = &self.missing_anchor {
            return anchor.clone();
        }
        let span = self.span();
        let text = &self.doc.source.text[span.clone()];
        let end = text.find('\n').map_or(span.end, |i| span.start + i);
        span.start..end.max(span.start)
    }

    /// An optional boolean.
    pub fn bool(&mut self, key: &str) -> Option<Located<bool>> {
        let field = self.field(key)?;
        self.expect_bool(&field)
    }

    /// An optional integer.
    pub fn integer(&mut self, key: &str) -> Option<Located<i64>> {
        let field = self.field(key)?;
        self.expect_integer(&field)
    }

    /// An optional number, integer or float.
    pub fn number(&mut self, key: &str) -> Option<Located<f64>> {
        let field = self.field(key)?;
        self.expect_number(&field)
    }

    /// An optional calendar date (`2026-11-30`, a TOML local date).
    pub fn date(&mut self, key: &str) -> Option<Located<jiff::civil::Date>> {
        let field = self.field(key)?;
        self.expect_date(&field)
    }

    /// An optional array of strings.
    pub fn strings(&mut self, key: &str) -> Option<Vec<Located<String>>> {
        let field = self.field(key)?;
        self.expect_strings(&field)
    }

    /// An optional array of tables (`[[criteria]]`), each with its own reader.
    pub fn tables(&mut self, key: &str) -> Vec<TableRef<'d, 's>> {
        let Some(field) = self.field(key) else {
            return Vec::new();
        };
        match field.value.get_ref() {
            DeValue::Array(items) => {
                let mut tables = Vec::new();
                for item in items.iter() {
                    match TableRef::of_value(item) {
                        Some(table) => tables.push(table),
                        None => {
                            let other = item.get_ref();
                            let d = self
                                .doc
                                .error_at(
                                    item.span(),
                                    format!("each entry of `{}` must be a table", field.name),
                                )
                                .with_kind(Kind::WrongType)
                                .label(format!("expected a table, found {}", describe(other)));
                            self.diagnostics.push(d);
                        }
                    }
                }
                tables
            }
            other => {
                let message = format!("`{}` must be an array of tables", field.name);
                let label = format!("expected [[{key}]] sections, found {}", describe(other));
                self.value_error(&field, Kind::WrongType, message, label);
                Vec::new()
            }
        }
    }

    /// A reader for another table of the same document (a nested table, an entry of an array
    /// of tables), sharing this reader's diagnostics; `prefix` is prepended to its key names.
    pub fn sub_reader<'r>(
        &'r mut self,
        table: TableRef<'d, 's>,
        prefix: String,
    ) -> TableReader<'r, 's>
    where
        'd: 'r,
    {
        TableReader::new(self.doc, table, prefix, self.diagnostics)
    }

    /// Converts a field's value to a string, or reports the mismatch.
    pub fn expect_string(&mut self, field: &Field<'_, '_>) -> Option<Located<String>> {
        match field.value.get_ref() {
            DeValue::String(s) => Some(self.located(field.value, s.to_string())),
            other => {
                self.type_error(field, "a string", other);
                None
            }
        }
    }

    /// Converts a field's value to a boolean, or reports the mismatch.
    pub fn expect_bool(&mut self, field: &Field<'_, '_>) -> Option<Located<bool>> {
        match field.value.get_ref() {
            DeValue::Boolean(b) => Some(self.located(field.value, *b)),
            other => {
                self.type_error(field, "true or false", other);
                None
            }
        }
    }

    /// Converts a field's value to an integer, or reports the mismatch.
    pub fn expect_integer(&mut self, field: &Field<'_, '_>) -> Option<Located<i64>> {
        match field.value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(self.located(field.value, n)),
                Err(_) => {
                    let message = format!("`{}` is too large", field.name);
                    self.value_error(
                        field,
                        Kind::InvalidValue,
                        message,
                        "expected a 64-bit integer",
                    );
                    None
                }
            },
            other => {
                self.type_error(field, "an integer", other);
                None
            }
        }
    }

    /// Converts a field's value to a number, or reports the mismatch.
    pub fn expect_number(&mut self, field: &Field<'_, '_>) -> Option<Located<f64>> {
        match number_of(field.value.get_ref()) {
            Some(n) if n.is_finite() => Some(self.located(field.value, n)),
            Some(_) => {
                let message = format!("`{}` must be a finite number", field.name);
                let label = "expected a number such as 3 or 4.5";
                self.value_error(field, Kind::InvalidValue, message, label);
                None
            }
            None => {
                self.type_error(field, "a number", field.value.get_ref());
                None
            }
        }
    }

    /// Converts a field's value to a calendar date, or reports the mismatch: a date with a
    /// time of day, or one that no calendar has (`2026-02-30`), is an error too.
    pub fn expect_date(&mut self, field: &Field<'_, '_>) -> Option<Located<jiff::civil::Date>> {
        let DeValue::Datetime(datetime) = field.value.get_ref() else {
            self.type_error(field, "a date such as 2026-11-30", field.value.get_ref());
            return None;
        };
        let day = match (datetime.date, datetime.time) {
            (Some(day), None) => day,
            _ => {
                let message = format!("`{}` must be a date alone", field.name);
                let label = format!("expected a date such as 2026-11-30, found `{datetime}`");
                self.value_error(field, Kind::WrongType, message, label);
                return None;
            }
        };
        let found = i16::try_from(day.year)
            .ok()
            .and_then(|year| jiff::civil::Date::new(year, day.month as i8, day.day as i8).ok());
        match found {
            Some(date) => Some(self.located(field.value, date)),
            None => {
                let message = format!("`{}` is not a day of the calendar", field.name);
                let label = format!("{datetime} does not exist");
                self.value_error(field, Kind::InvalidValue, message, label);
                None
            }
        }
    }

    /// Converts a field's value to an array of strings, reporting each element of another type.
    /// A single string is accepted as a list of one.
    pub fn expect_strings(&mut self, field: &Field<'_, '_>) -> Option<Vec<Located<String>>> {
        match field.value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(self.located(item, s.to_string())),
                        other => {
                            let d = self
                                .doc
                                .error_at(
                                    item.span(),
                                    format!("every item of `{}` must be a string", field.name),
                                )
                                .with_kind(Kind::WrongType)
                                .label(format!(
                                    "expected a string in quotes, found {}",
                                    describe(other)
                                ));
                            self.diagnostics.push(d);
                        }
                    }
                }
                Some(out)
            }
            DeValue::String(s) => Some(vec![self.located(field.value, s.to_string())]),
            other => {
                self.type_error(field, "a list of strings", other);
                None
            }
        }
    }

    /// Reports that a field holds the wrong type of value.
    pub fn type_error(&mut self, field: &Field<'_, '_>, expected: &str, found: &DeValue<'_>) {
        let diagnostic = Diagnostic::wrong_type(&field.name, expected, describe(found));
        self.report(field, diagnostic);
    }

    fn located<T>(&self, value: &Spanned<DeValue<'_>>, inner: T) -> Located<T> {
        let span = value.span();
        Located {
            value: inner,
            span: self.doc.offset + span.start..self.doc.offset + span.end,
        }
    }

    /// Reports every key of the table that no read asked for, suggesting the closest known key.
    /// `what` names the thing whose keys these are ("front matter", "a criterion").
    pub fn finish(self, what: &str) {
        let known: Vec<&str> = self.asked.iter().map(String::as_str).collect();
        for (key, _) in self.table.table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let diagnostic = Diagnostic::unknown_key(&self.prefix, name, what, &known);
            self.diagnostics
                .push(self.doc.locate(diagnostic, key.span()));
        }
    }
}

/// The number in a value, if it is an integer or a float.
pub fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

/// How a value's type is named in messages: "an integer", "a table".
pub fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
