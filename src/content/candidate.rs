//! One compared option, a [`Candidate`], read from its content file and checked against the
//! criteria schema; and the landing page's text, [`Landing`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use toml::de::DeValue;

use crate::builtin::{self, Fact, Facts, FieldKind};
use crate::config::{Criterion, CriterionKind, Scale, SiteConfig};
use crate::diag::{Diagnostic, Kind, did_you_mean};
use crate::fields::{Field, Located, TableReader, TableRef, TomlDoc};
use crate::source::SourceFile;

use super::decision::Decision;
use super::front_matter;

/// One option being compared, validated against the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The URL segment: `options/<slug>/`.
    pub slug: String,
    /// The span of the text the slug came from (the `slug` value or the file's first line).
    pub slug_span: Range<usize>,
    /// The file's name inside `content/`, which Markdown links use (`flask.md`).
    pub file_name: String,
    /// The option's name.
    pub title: String,
    /// Its values of the other built-in fields ([`crate::builtin::FIELDS`]): the subtitle,
    /// the sort position (options without one follow, by title), best for, pros, cons…
    pub facts: Facts,
    /// A value per criterion key; criteria without a value are absent.
    pub values: BTreeMap<String, Value>,
    /// The whole file, kept for the Markdown body and for locating link errors; shared with
    /// the pipeline's inputs, not copied.
    pub source: Arc<SourceFile>,
    /// The Markdown body's byte range in `source.text`.
    pub body: Range<usize>,
    /// A hash of what the listings (cards, matrix rows, exports) show of it: its file name
    /// and front matter, not its body, and what other files record of it.
    pub facts_hash: u64,
    /// The day it was last reviewed (also among its facts), with where the date is written.
    pub reviewed: Option<Located<jiff::civil::Date>>,
    /// Whether the decision on record chose it (`chosen` in `content/_index.md`).
    pub chosen: bool,
    /// A hash of what other files record of it (the decision's choice, the raters' scores),
    /// mixed into [`Candidate::facts_hash`] and [`Candidate::source_hash`]; 0 when none do.
    pub record_hash: u64,
}

/// An option's value for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A line of text.
    Text(String),
    /// Short labels.
    Tags(Vec<String>),
    /// A score with its rationale.
    Score(Score),
    /// Yes or no.
    Bool(bool),
    /// Sentences.
    List(Vec<String>),
}

/// A number on a criterion's scale and the one-line reason for it; with raters
/// (`content/ratings/`), the median of their scores and each one's.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The score itself, within the criterion's scale: with raters, the median of theirs.
    pub value: f64,
    /// Why this score: shown wherever the score is. With raters, the option file's own
    /// reason (its author's).
    pub why: Option<String>,
    /// Every rater's score by rater, when raters rated it; the option file's own score counts
    /// as the rater [`super::ratings::AUTHOR`]. Empty for a score the option file alone gives.
    pub ratings: BTreeMap<String, Rating>,
}

/// One rater's score of one option on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The score, within the criterion's scale.
    pub value: f64,
    /// The rater's reason.
    pub why: Option<String>,
}

impl Score {
    /// A score with its reason and no raters.
    pub fn plain(value: f64, why: Option<String>) -> Score {
        Score {
            value,
            why,
            ratings: BTreeMap::new(),
        }
    }

    /// The highest rater's score less the lowest (0 without raters).
    pub fn spread(&self) -> f64 {
        let values = self.ratings.values().map(|r| r.value);
        let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
        let min = values.fold(f64::INFINITY, f64::min);
        if self.ratings.is_empty() {
            0.0
        } else {
            max - min
        }
    }

    /// Whether the raters disagree: their spread is more than a third of the scale.
    pub fn disputed(&self, scale: &Scale) -> bool {
        self.spread() > (scale.max - scale.min) / 3.0
    }
}

/// The landing page's own text, from `content/_index.md`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Landing {
    /// A heading for the landing page, when it should differ from the site title.
    pub title: Option<String>,
    /// The decision on record, from the front matter's `[decision]` table.
    pub decision: Option<Decision>,
    /// The file, when there is one.
    pub source: Option<SourceFile>,
    /// The Markdown body's range in `source`.
    pub body: Range<usize>,
}

/// The slug an option file has when its front matter sets none: `Django REST.md` →
/// `django-rest`.
pub fn slug_of_file(file_name: &str) -> String {
    slugify(crate::project::markdown_stem(file_name).unwrap_or(file_name))
}

/// Turns a name into a URL slug: `Django REST` → `django-rest`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-');
    // A slug is a file and folder name: keep it short enough for every file system and a
    // readable URL, ending at a word where one is near.
    if let Some((cut, _)) = slug.char_indices().nth(SLUG_MAX_CHARS) {
        let head = &slug[..cut];
        slug = match head.rfind('-') {
            Some(dash) if dash >= cut / 2 => &head[..dash],
            _ => head,
        };
    }
    slug.to_string()
}

/// The most characters of a slug made from a name.
const SLUG_MAX_CHARS: usize = 80;

/// Whether `slug` is one [`slugify`] could make: lowercase letters (of any script) and
/// digits, joined by single hyphens.
fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '-')
}

/// The most bytes of a file or folder name most file systems allow.
const NAME_MAX_BYTES: usize = 255;

/// Why a slug cannot name the page's folder (`options/<slug>/`) on every system the site may
/// be built or checked out on, if it cannot: too long, or a name Windows reserves.
fn unusable_slug(slug: &str) -> Option<String> {
    if slug.len() > NAME_MAX_BYTES {
        return Some(format!(
            "it is {} bytes long, and file systems allow {NAME_MAX_BYTES}",
            slug.len()
        ));
    }
    // Windows refuses these names, with or without an extension (`con`, `com1.txt`).
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let stem = slug.split('.').next().unwrap_or(slug);
    let numbered = ["com", "lpt"].iter().any(|p| {
        stem.strip_prefix(p)
            .is_some_and(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_digit() && c != '0'))
    });
    (RESERVED.contains(&stem) || numbered).then(|| {
        "Windows reserves this name, so the site could not be checked out there".to_string()
    })
}

impl Candidate {
    /// Reads an option's file against the schema, collecting every problem in it; an
    /// option with any error is refused (see [`Candidate::read`] for the total reading).
    pub fn parse(
        source: SourceFile,
        file_name: &str,
        config: &SiteConfig,
    ) -> Result<Candidate, Vec<Diagnostic>> {
        match Candidate::read(Arc::new(source), file_name, Some(config)) {
            (Some(candidate), diagnostics) if !diagnostics.iter().any(Diagnostic::is_error) => {
                Ok(candidate)
            }
            (_, diagnostics) => Err(diagnostics),
        }
    }

    /// Reads an option's file as far as it goes: the option with what could be read, and
    /// every problem of the file. Without a schema (`site.toml` is broken) only the syntax
    /// is checked. With front-matter errors the option is a stand-in named after its file
    /// (its declared `slug` kept when readable), so that its page and the links to it still
    /// exist while the error is reported. `None` only when no URL can be made for it.
    pub fn read(
        source: Arc<SourceFile>,
        file_name: &str,
        config: Option<&SiteConfig>,
    ) -> (Option<Candidate>, Vec<Diagnostic>) {
        let parts = match front_matter::split(&source) {
            Ok(parts) => parts,
            Err(d) => {
                let slug = slug_of_file(file_name);
                let candidate = (!slug.is_empty())
                    .then(|| Candidate::stand_in(source, file_name, slug, 0..0, 0..0));
                return (candidate, vec![d]);
            }
        };
        let (doc, mut diagnostics) = TomlDoc::parse(&source, parts.front_matter.clone());
        let fields = match config {
            // What a parser recovers around a syntax error is guesswork; checking it against
            // the schema would add confusing follow-on errors.
            Some(config) if diagnostics.is_empty() => {
                let mut reader = doc.reader(&mut diagnostics);
                reader.point_missing_at(parts.opening.clone());
                let fields = read_fields(&mut reader, config, &parts);
                reader.finish("an option's front matter");
                Some(fields)
            }
            _ => None,
        };
        let declared_slug = match &fields {
            Some(fields) => fields.slug.clone(),
            None => {
                let mut ignored = Vec::new();
                doc.reader(&mut ignored)
                    .string(builtin::SLUG)
                    .filter(|slug| is_valid_slug(&slug.value))
            }
        };
        let (slug, slug_span) = match declared_slug {
            Some(slug) => (slug.value, slug.span),
            None => (slug_of_file(file_name), parts.opening.clone()),
        };
        if slug.is_empty() {
            diagnostics.push(
                source
                    .locate(
                        Diagnostic::no_slug("a URL from the file name", file_name),
                        parts.opening,
                    )
                    .help("rename the file, or set `slug = \"some-name\"` in the front matter"),
            );
            return (None, diagnostics);
        }
        if let Some(problem) = unusable_slug(&slug) {
            let (what, label) = if slug_span != parts.opening {
                ("slug", "set here")
            } else {
                ("file name", "the slug comes from the file name")
            };
            diagnostics.push(
                source
                    .error_at(
                        slug_span.clone(),
                        format!("`{slug}` cannot be a page's folder: {problem}"),
                    )
                    .with_kind(crate::diag::Kind::InvalidValue)
                    .label(label)
                    .help(format!("choose another {what}")),
            );
        }
        let candidate = match fields {
            Some(fields) => Candidate {
                slug,
                slug_span,
                file_name: file_name.to_string(),
                // A missing title is an error already; the page still needs a name.
                title: if fields.title.is_empty() {
                    file_title(file_name)
                } else {
                    fields.title
                },
                facts: fields.facts,
                values: fields.values,
                facts_hash: facts_hash(&source, file_name, parts.body.start),
                reviewed: fields.reviewed,
                chosen: false,
                record_hash: 0,
                body: parts.body,
                source,
            },
            None => Candidate::stand_in(source, file_name, slug, slug_span, parts.body),
        };
        (Some(candidate), diagnostics)
    }

    /// An option file that cannot be read at all (not UTF-8, say): a stand-in named after its
    /// file, so that links to it hold while its error is reported.
    pub fn unreadable(file_name: &str) -> Option<Candidate> {
        let slug = slug_of_file(file_name);
        let source = Arc::new(SourceFile::from_text(format!("content/{file_name}"), ""));
        (!slug.is_empty()).then(|| Candidate::stand_in(source, file_name, slug, 0..0, 0..0))
    }

    /// An option whose front matter cannot be read: named after its file, with no facts,
    /// its body kept (so that its links are checked).
    fn stand_in(
        source: Arc<SourceFile>,
        file_name: &str,
        slug: String,
        slug_span: Range<usize>,
        body: Range<usize>,
    ) -> Candidate {
        Candidate {
            slug,
            slug_span,
            file_name: file_name.to_string(),
            title: file_title(file_name),
            facts: Facts::default(),
            values: BTreeMap::new(),
            facts_hash: facts_hash(&source, file_name, body.start),
            reviewed: None,
            chosen: false,
            record_hash: 0,
            source,
            body,
        }
    }

    /// A hash of the whole option: its file name, its file's text and what other files
    /// record of it.
    pub fn source_hash(&self) -> u64 {
        self.source.hash ^ xxhash_rust::xxh3::xxh3_64(self.file_name.as_bytes()) ^ self.record_hash
    }

    /// Marks the option as chosen by the decision on record.
    pub fn mark_chosen(&mut self) {
        self.chosen = true;
        self.note_record(0x63686f73656e);
    }

    /// Adds `hash`, of something another file records of the option, to the hashes its
    /// pages and listings are keyed by.
    pub fn note_record(&mut self, hash: u64) {
        self.record_hash =
            xxhash_rust::xxh3::xxh3_64_with_seed(&hash.to_le_bytes(), self.record_hash);
        self.facts_hash =
            xxhash_rust::xxh3::xxh3_64_with_seed(&hash.to_le_bytes(), self.facts_hash);
    }
}

/// A hash of what the listings show of the option in `file_name` whose file is `source`
/// and whose body starts at `body_start`: its file name and front matter.
fn facts_hash(source: &SourceFile, file_name: &str, body_start: usize) -> u64 {
    let front = &source.text[..body_start.min(source.text.len())];
    xxhash_rust::xxh3::xxh3_64_with_seed(
        front.as_bytes(),
        xxhash_rust::xxh3::xxh3_64(file_name.as_bytes()),
    )
}

/// The name an option goes by when its front matter gives none: its file's name.
fn file_title(file_name: &str) -> String {
    crate::project::markdown_stem(file_name)
        .unwrap_or(file_name)
        .to_string()
}

struct Fields {
    reviewed: Option<Located<jiff::civil::Date>>,
    title: String,
    slug: Option<Located<String>>,
    facts: Facts,
    values: BTreeMap<String, Value>,
}

fn read_fields(
    reader: &mut TableReader<'_, '_>,
    config: &SiteConfig,
    parts: &front_matter::Parts,
) -> Fields {
    let mut title = String::new();
    let mut slug = None;
    let mut facts = Facts::default();
    let mut reviewed = None;
    for field in builtin::FIELDS {
        let key = field.key;
        let text = |reader: &mut TableReader<'_, '_>| {
            if field.required {
                reader.required_string(key, field.help)
            } else {
                reader.string(key)
            }
        };
        match field.kind {
            FieldKind::Url => {}
            FieldKind::Name => title = text(reader).map(|t| t.value).unwrap_or_default(),
            FieldKind::Slug => slug = read_slug(reader, key),
            FieldKind::Text | FieldKind::Statement => {
                if let Some(t) = text(reader) {
                    facts.set(key, Fact::Text(t.value));
                }
            }
            FieldKind::Integer => {
                if let Some(n) = reader.integer(key) {
                    facts.set(key, Fact::Integer(n.value));
                }
            }
            FieldKind::Statements => facts.set(key, Fact::Statements(statements(reader, key))),
            FieldKind::Date => {
                if let Some(day) = reader.date(key) {
                    facts.set(key, Fact::Date(day.value));
                    if key == builtin::REVIEWED {
                        reviewed = Some(day);
                    }
                }
            }
        }
    }

    let mut values = BTreeMap::new();
    for criterion in &config.criteria {
        match reader.field(&criterion.key) {
            Some(field) => {
                if let Some(value) = read_value(reader, criterion, &field) {
                    values.insert(criterion.key.clone(), value);
                }
            }
            None if criterion.required => {
                let source = reader.doc().source;
                // A stub written by `tradeoff new` is a commented-out line: point at it.
                let (span, label) = match commented_out(source, &parts.front_matter, &criterion.key)
                {
                    Some(line) => (line, "commented out: remove the `#` and fill in a value"),
                    None => (
                        parts.opening.clone(),
                        "the front matter that opens here has no value for it",
                    ),
                };
                let d = source
                    .error_at(
                        span,
                        format!(
                            "missing required criterion `{}` ({})",
                            criterion.key, criterion.label
                        ),
                    )
                    .with_kind(Kind::MissingKey)
                    .label(label)
                    .help(format!(
                        "add `{} = {}`{}",
                        criterion.key,
                        example(&criterion.kind),
                        help_suffix(criterion)
                    ));
                reader.diagnostics.push(d);
            }
            None => {}
        }
    }
    Fields {
        reviewed,
        title,
        slug,
        facts,
        values,
    }
}

/// The declared slug, when it is one [`slugify`] could make; else an error.
fn read_slug(reader: &mut TableReader<'_, '_>, key: &str) -> Option<Located<String>> {
    reader.string(key).filter(|slug| {
        let valid = is_valid_slug(&slug.value);
        if !valid {
            let d = reader
                .doc()
                .source
                .error_at(
                    slug.span.clone(),
                    format!("`{}` is not a valid slug", slug.value),
                )
                .with_kind(Kind::InvalidValue)
                .label("expected lowercase letters and digits, joined by single hyphens")
                .help(match slugify(&slug.value) {
                    example if example.is_empty() => {
                        "a slug needs letters or digits, like `my-option`".to_string()
                    }
                    example => format!("for example `{example}`"),
                });
            reader.diagnostics.push(d);
        }
        valid
    })
}

/// The span of a commented-out assignment of `key` (`# key = ...`) in the front matter.
fn commented_out(
    source: &SourceFile,
    front_matter: &Range<usize>,
    key: &str,
) -> Option<Range<usize>> {
    let text = &source.text[front_matter.clone()];
    let mut start = front_matter.start;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end();
        let indent = line.len() - line.trim_start().len();
        let assigns_key = line
            .trim_start()
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix(key))
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if assigns_key {
            return Some(start + indent..start + line.len());
        }
        start += raw.len();
    }
    None
}

fn help_suffix(criterion: &Criterion) -> String {
    criterion
        .help
        .as_ref()
        .map_or(String::new(), |h| format!(" ({h})"))
}

/// An example value of a kind, for help text and stubs.
pub fn example(kind: &CriterionKind) -> String {
    match kind {
        CriterionKind::Text { values: Some(v) } if !v.is_empty() => format!("\"{}\"", v[0]),
        CriterionKind::Text { .. } => "\"...\"".into(),
        CriterionKind::Tags { values: Some(v) } if !v.is_empty() => format!("[\"{}\"]", v[0]),
        CriterionKind::Tags { .. } | CriterionKind::List => "[\"...\"]".into(),
        CriterionKind::Score(scale) => {
            format!("{{ score = {}, why = \"...\" }}", format_number(scale.max))
        }
        CriterionKind::Bool => "true".into(),
    }
}

/// A number as people write it: `4`, `3.5`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn statements(reader: &mut TableReader<'_, '_>, key: &str) -> Vec<String> {
    let items = reader.strings(key).unwrap_or_default();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.value.trim().is_empty() {
            let d = reader
                .doc()
                .source
                .error_at(item.span, format!("empty item in `{key}`"))
                .with_kind(Kind::InvalidValue)
                .label("expected a sentence");
            reader.diagnostics.push(d);
        } else {
            out.push(item.value);
        }
    }
    out
}

fn read_value<'d, 's>(
    reader: &mut TableReader<'d, 's>,
    criterion: &Criterion,
    field: &Field<'d, 's>,
) -> Option<Value> {
    match &criterion.kind {
        CriterionKind::Text { values } => {
            let text = reader.expect_string(field)?;
            check_allowed(reader, criterion, values.as_deref(), &text);
            Some(Value::Text(text.value))
        }
        CriterionKind::Tags { values } => {
            let tags = reader.expect_strings(field)?;
            for tag in &tags {
                check_allowed(reader, criterion, values.as_deref(), tag);
            }
            Some(Value::Tags(tags.into_iter().map(|t| t.value).collect()))
        }
        CriterionKind::List => {
            let items = reader.expect_strings(field)?;
            Some(Value::List(items.into_iter().map(|t| t.value).collect()))
        }
        CriterionKind::Bool => reader.expect_bool(field).map(|b| Value::Bool(b.value)),
        CriterionKind::Score(scale) => {
            read_score(reader, criterion, scale, field).map(Value::Score)
        }
    }
}

fn check_allowed(
    reader: &mut TableReader<'_, '_>,
    criterion: &Criterion,
    allowed: Option<&[String]>,
    value: &Located<String>,
) {
    let Some(allowed) = allowed else { return };
    if allowed.iter().any(|a| a == &value.value) {
        return;
    }
    let mut d = reader
        .doc()
        .source
        .error_at(
            value.span.clone(),
            format!(
                "`{}` is not one of the values of `{}`",
                value.value, criterion.key
            ),
        )
        .with_kind(Kind::UnknownValue)
        .label(format!("expected one of: {}", allowed.join(", ")));
    if let Some(s) = did_you_mean(&value.value, allowed.iter().map(String::as_str)) {
        d = d.suggest(s);
    } else {
        d = d.help(format!(
            "add it to the `values` of `{}` in site.toml if it belongs there",
            criterion.key
        ));
    }
    reader.diagnostics.push(d);
}

/// A score of `criterion` from `field` (`4` or `{ score = 4, why = "..." }`), checked
/// against its scale.
pub(crate) fn read_score<'d, 's>(
    reader: &mut TableReader<'d, 's>,
    criterion: &Criterion,
    scale: &Scale,
    field: &Field<'d, 's>,
) -> Option<Score> {
    let (number, why) = match field.value.get_ref() {
        DeValue::Table(_) => {
            let table = TableRef::of_value(field.value).expect("matched a table");
            let mut inner = reader.sub_reader(table, format!("{}.", field.name));
            let number = match inner.field("score") {
                Some(score_field) => inner.expect_number(&score_field),
                None => {
                    let span = inner.span();
                    let d = inner
                        .doc()
                        .source
                        .error_at(span, format!("`{}` has no `score`", field.name))
                        .with_kind(Kind::MissingKey)
                        .label(format!(
                            "expected {{ score = <{} to {}>, why = \"...\" }}",
                            format_number(scale.min),
                            format_number(scale.max)
                        ));
                    inner.diagnostics.push(d);
                    None
                }
            };
            let why = inner.string("why");
            inner.finish("a score");
            (number, why)
        }
        DeValue::Integer(_) | DeValue::Float(_) => (reader.expect_number(field), None),
        other => {
            reader.type_error(
                field,
                &format!(
                    "a score from {} to {}, or {{ score = ..., why = \"...\" }}",
                    format_number(scale.min),
                    format_number(scale.max)
                ),
                other,
            );
            return None;
        }
    };
    let number = number?;
    if number.value < scale.min || number.value > scale.max {
        let d = reader
            .doc()
            .source
            .error_at(
                number.span,
                format!(
                    "score {} for `{}` is off its scale",
                    format_number(number.value),
                    criterion.key
                ),
            )
            .with_kind(Kind::OffScale)
            .label(format!(
                "expected a number from {} to {}",
                format_number(scale.min),
                format_number(scale.max)
            ));
        reader.diagnostics.push(d);
        return None;
    }
    let why = why.map(|w| w.value).filter(|w| !w.trim().is_empty());
    Some(Score::plain(number.value, why))
}

impl Landing {
    /// Reads `content/_index.md`: optional front matter with a `title`, then Markdown.
    pub fn parse(source: SourceFile) -> Result<Landing, Vec<Diagnostic>> {
        let parts = front_matter::split_optional(&source).map_err(|d| vec![d])?;
        let Some(parts) = parts else {
            let body = 0..source.text.len();
            return Ok(Landing {
                title: None,
                decision: None,
                source: Some(source),
                body,
            });
        };
        let (title, decision, diagnostics) = {
            let (doc, mut diagnostics) = TomlDoc::parse(&source, parts.front_matter.clone());
            if !diagnostics.is_empty() {
                return Err(diagnostics);
            }
            let (title, decision) = {
                let mut reader = doc.reader(&mut diagnostics);
                let title = reader.string("title").map(|t| t.value);
                let decision = Decision::read(&mut reader);
                reader.finish("the landing page's front matter");
                (title, decision)
            };
            (title, decision, diagnostics)
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok(Landing {
            title,
            decision,
            body: parts.body,
            source: Some(source),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig::parse(&SourceFile::from_text(
            "site.toml",
            "title = \"T\"\n\
             [[criteria]]\nkey = \"learning_curve\"\nkind = \"score\"\n\
             [[criteria]]\nkey = \"runtime\"\nkind = \"text\"\nrequired = true\nvalues = [\"Python\", \"Node.js\"]\n\
             [[criteria]]\nkey = \"hosted\"\nkind = \"bool\"\n",
        ))
        .expect("valid schema")
    }

    fn parse(text: &str) -> Result<Candidate, Vec<Diagnostic>> {
        Candidate::parse(
            SourceFile::from_text("content/flask.md", text),
            "flask.md",
            &config(),
        )
    }

    #[test]
    fn reads_values_of_every_form() {
        let c = parse(
            "+++\ntitle = \"Flask\"\nruntime = \"Python\"\npros = [\"Small\"]\n\
             learning_curve = { score = 5, why = \"Minimal\" }\nhosted = false\n+++\n# Body\n",
        )
        .expect("valid");
        assert_eq!(c.slug, "flask");
        assert_eq!(
            c.values["learning_curve"],
            Value::Score(Score::plain(5.0, Some("Minimal".into())))
        );
        assert_eq!(c.values["hosted"], Value::Bool(false));
        assert_eq!(&c.source.text[c.body.clone()], "# Body\n");
    }

    #[test]
    fn collects_every_error_with_lines_counted_from_the_top() {
        let errors = parse(
            "+++\ntitle = 3\nruntime = \"Pyhton\"\nlerning_curve = 4\nhosted = \"yes\"\n+++\n",
        )
        .expect_err("four problems");
        let found: Vec<_> = errors
            .iter()
            .map(|d| {
                (
                    d.location.map(|l| l.line),
                    d.message.clone(),
                    d.help.clone(),
                )
            })
            .collect();
        let mut kinds: Vec<_> = errors.iter().map(|d| d.kind().code()).collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            ["unknown-key", "unknown-value", "wrong-type", "wrong-type"]
        );
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found.contains(&(Some(2), "`title` must be a string".into(), None)),
            "{found:#?}"
        );
        assert!(found.contains(&(
            Some(3),
            "`Pyhton` is not one of the values of `runtime`".into(),
            Some("did you mean `Python`?".into())
        )));
        assert!(found.contains(&(
            Some(4),
            "unknown field `lerning_curve`".into(),
            Some("did you mean `learning_curve`?".into())
        )));
        assert!(found.contains(&(Some(5), "`hosted` must be true or false".into(), None)));
    }

    #[test]
    fn off_scale_and_missing_required() {
        let mut errors =
            parse("+++\ntitle = \"F\"\nlearning_curve = 7\n+++\n").expect_err("two problems");
        crate::diag::sort_diagnostics(&mut errors);
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "missing required criterion `runtime` (Runtime)",
                "score 7 for `learning_curve` is off its scale"
            ]
        );
    }

    #[test]
    fn every_built_in_field_is_read_and_known() {
        let mut errors = parse(
            "+++\ntitle = \"F\"\nruntime = \"Python\"\ntest_note = \"*noted*\"\nsubtitel = \"x\"\nzzz = 1\n+++\n",
        )
        .expect_err("two unknown fields");
        crate::diag::sort_diagnostics(&mut errors);
        let helps: Vec<_> = errors.iter().map(|d| d.help.as_deref()).collect();
        assert_eq!(
            helps,
            [
                Some("did you mean `subtitle`?"),
                Some(
                    "known fields: slug, title, subtitle, order, best_for, pros, cons, reviewed, test_note, \
                     learning_curve, runtime, hosted"
                )
            ]
        );
        let c = parse("+++\ntitle = \"F\"\nruntime = \"Python\"\ntest_note = \"*noted*\"\n+++\n")
            .expect("the tests' own field is known");
        assert_eq!(c.facts.text("test_note"), Some("*noted*"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Django REST_framework"), "django-rest-framework");
        assert_eq!(slugify("--"), "");
        let long = slugify(&"Very long name ".repeat(30));
        assert_eq!(long, format!("{}very", "very-long-name-".repeat(5)));
        assert_eq!(slugify(&"x".repeat(200)).len(), 80);
        for name in [
            "Café Zürich",
            "Ünïcödé 2",
            "Django + DRF",
            "日本語 ドキュメント",
        ] {
            assert!(is_valid_slug(&slugify(name)), "{name} → {}", slugify(name));
        }
        assert!(is_valid_slug("ünïcödé2"));
        for bad in ["🚀", "", "-a", "a-", "a--b", "Caps"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
