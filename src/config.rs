//! `site.toml`: the site's settings and the criteria schema that every option's front matter
//! is checked against. Uses [`crate::fields`] for typed, located reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::builtin;
use crate::diag::{Diagnostic, Kind};
use crate::fields::{Located, TableReader, TomlDoc};
use crate::source::SourceFile;

/// The validated contents of `site.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The site's title, shown in every page's title and header.
    pub title: String,
    /// A sentence describing the decision, for the landing page and meta descriptions.
    pub description: Option<String>,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// The language of the content, as a BCP 47 tag (`en`, `de-CH`).
    pub language: String,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// How many days an option's review (its `reviewed` date) holds before `check` warns.
    pub review_every_days: Option<i64>,
    /// The matrix's columns, in display order.
    pub criteria: Vec<Criterion>,
}

/// Where a site is published: an optional origin and the path under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://user.github.io`, when the base URL is absolute.
    pub origin: Option<String>,
    /// The path every internal URL starts with; begins and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    /// The root of a domain, with no origin known.
    pub fn root() -> Self {
        BaseUrl {
            origin: None,
            path: "/".into(),
        }
    }

    /// Parses `https://host/path/` or `/path/`; the error says what was expected.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.starts_with('/') && !text.starts_with("//") {
            return Ok(BaseUrl {
                origin: None,
                path: normalise_path(text),
            });
        }
        let url = url::Url::parse(text).map_err(|err| {
            format!("expected an absolute URL such as https://user.github.io/repo/ or a path such as /repo/ ({err})")
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "expected an http or https URL, found a `{}:` URL",
                url.scheme()
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err("a base URL cannot have a query (?) or fragment (#)".into());
        }
        let origin = url.origin().ascii_serialization();
        Ok(BaseUrl {
            origin: Some(origin),
            path: normalise_path(url.path()),
        })
    }

    /// The full base URL, if an origin is known.
    pub fn absolute(&self) -> Option<String> {
        self.origin.as_ref().map(|o| format!("{o}{}", self.path))
    }
}

fn normalise_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// One column of the matrix: a fact or score every option can have.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// The front-matter key, `[a-z][a-z0-9_]*`.
    pub key: String,
    /// The column heading.
    pub label: String,
    /// What the criterion means and how to judge it.
    pub help: Option<String>,
    /// What kind of value it takes.
    pub kind: CriterionKind,
    /// Whether every option must give a value.
    pub required: bool,
    /// Whether the matrix offers a filter on it.
    pub filterable: bool,
}

/// The largest magnitude of a score scale's `min` and `max`: totals and charts stay exact.
const SCALE_LIMIT: f64 = 1e9;
/// The largest default weight.
const WEIGHT_LIMIT: f64 = 1000.0;

/// The kinds of values a criterion takes.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionKind {
    /// One line of text; optionally one of a fixed set of values.
    Text {
        /// The allowed values, when the schema restricts them.
        values: Option<Vec<String>>,
    },
    /// Several short labels; optionally from a fixed set.
    Tags {
        /// The allowed values, when the schema restricts them.
        values: Option<Vec<String>>,
    },
    /// A number on a scale, with a direction and a default weight.
    Score(Scale),
    /// Yes or no.
    Bool,
    /// A list of sentences.
    List,
}

impl CriterionKind {
    /// The name used in `site.toml` and in exports.
    pub fn name(&self) -> &'static str {
        match self {
            CriterionKind::Text { .. } => "text",
            CriterionKind::Tags { .. } => "tags",
            CriterionKind::Score(_) => "score",
            CriterionKind::Bool => "bool",
            CriterionKind::List => "list",
        }
    }
}

/// The scale of a score criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The lowest allowed score.
    pub min: f64,
    /// The highest allowed score.
    pub max: f64,
    /// Which end of the scale is better.
    pub better: Better,
    /// The default weight in the matrix's total, 0 or more.
    pub weight: f64,
}

/// Which end of a scale is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// More is better (ease of learning).
    Higher,
    /// Less is better (operations burden, cost).
    Lower,
}

const KINDS: &[&str] = &["text", "tags", "score", "bool", "list"];

impl SiteConfig {
    /// Parses and validates `site.toml`, collecting every problem.
    pub fn parse(source: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
        let (doc, mut diagnostics) = TomlDoc::parse(source, 0..source.text.len());
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let config = {
            let mut reader = doc.reader(&mut diagnostics);
            let config = read_config(&mut reader);
            reader.finish("site.toml");
            config
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            Ok(config)
        }
    }

    /// The criterion with this key.
    pub fn criterion(&self, key: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.key == key)
    }
}

fn read_config(reader: &mut TableReader<'_, '_>) -> SiteConfig {
    let title = reader
        .required_string("title", "the site's title")
        .map(|t| t.value)
        .unwrap_or_default();
    let description = reader.string("description").map(|d| d.value);
    let language = match reader.string("language") {
        Some(lang) if is_language_tag(&lang.value) => lang.value,
        Some(lang) => {
            let d = reader
                .doc()
                .source
                .error_at(lang.span, "`language` is not a language tag")
                .with_kind(Kind::InvalidValue)
                .label("expected a BCP 47 tag such as \"en\" or \"pt-BR\"");
            reader.diagnostics.push(d);
            "en".into()
        }
        None => "en".into(),
    };
    let base_url = match reader.string("base_url") {
        Some(Located { value, span }) => match BaseUrl::parse(&value) {
            Ok(url) => url,
            Err(expected) => {
                let d = reader
                    .doc()
                    .source
                    .error_at(span, "invalid `base_url`")
                    .with_kind(Kind::InvalidValue)
                    .label(expected);
                reader.diagnostics.push(d);
                BaseUrl::root()
            }
        },
        None => BaseUrl::root(),
    };
    let cname = reader.string("cname").and_then(|c| {
        let host = c.value.trim();
        let valid = !host.is_empty()
            && host.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
            });
        if valid {
            Some(host.to_ascii_lowercase())
        } else {
            let d = reader
                .doc()
                .source
                .error_at(c.span, "invalid `cname`")
                .with_kind(Kind::InvalidValue)
                .label(
                    "expected a bare domain such as \"decide.example.com\" (no https://, no path)",
                );
            reader.diagnostics.push(d);
            None
        }
    });

    let review_every_days = reader.field("review_every_days").and_then(|field| {
        let days = reader.expect_integer(&field)?;
        if (1..=100_000).contains(&days.value) {
            return Some(days.value);
        }
        let d = reader
            .doc()
            .source
            .error_at(
                days.span,
                "`review_every_days` must be a positive number of days",
            )
            .with_kind(Kind::InvalidValue)
            .label("expected a whole number of days from 1 to 100000, such as 365");
        reader.diagnostics.push(d);
        None
    });

    let mut criteria: Vec<Criterion> = Vec::new();
    let mut seen = BTreeMap::new();
    for (index, table) in reader.tables("criteria").into_iter().enumerate() {
        let mut entry = reader.sub_reader(table, format!("criteria[{index}]."));
        if let Some(criterion) = read_criterion(&mut entry, &mut seen) {
            criteria.push(criterion);
        }
        entry.finish("a criterion");
    }
    // A score's reasons have a column of their own in matrix.csv, `<key>_why`.
    for score in criteria
        .iter()
        .filter(|c| matches!(c.kind, CriterionKind::Score(_)))
    {
        let column = format!("{}_why", score.key);
        if let Some(span) = seen.get(&column) {
            let d = reader
                .doc()
                .source
                .error_at(
                    span.clone(),
                    format!(
                        "`{column}` is the column of `{}`'s reasons in matrix.csv",
                        score.key
                    ),
                )
                .with_kind(Kind::ReservedKey)
                .label("a criterion cannot use this key")
                .help(
                    "choose another key: every score criterion's `why` is exported as `<key>_why`",
                );
            reader.diagnostics.push(d);
        }
    }
    SiteConfig {
        title,
        description,
        base_url,
        language,
        cname,
        review_every_days,
        criteria,
    }
}

fn read_criterion(
    entry: &mut TableReader<'_, '_>,
    seen: &mut BTreeMap<String, std::ops::Range<usize>>,
) -> Option<Criterion> {
    let key = entry.required_string("key", "the front-matter key options use for this criterion");
    let label = entry.string("label");
    let help = entry.string("help").map(|h| h.value);
    let kind_name = entry.required_string("kind", "one of text, tags, score, bool, list");
    let required = entry.bool("required").is_some_and(|r| r.value);
    let filterable = entry.bool("filterable");
    let values = entry.strings("values");
    let min = entry.number("min");
    let max = entry.number("max");
    let better = entry.string("better");
    let weight = entry.number("weight");

    let key = key?;
    let source = entry.doc().source;
    let valid_key = key.value.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let problems_before = entry.diagnostics.len();
    if !valid_key {
        entry.diagnostics.push(
            source
                .error_at(
                    key.span.clone(),
                    format!("criterion key `{}` is not a plain name", key.value),
                )
                .with_kind(Kind::InvalidValue)
                .label("expected lowercase letters, digits and _, starting with a letter")
                .help(format!("for example `{}`", suggest_key(&key.value))),
        );
    } else if let Some((taken, help)) = taken_key(&key.value) {
        entry.diagnostics.push(
            source
                .error_at(key.span.clone(), taken)
                .with_kind(Kind::ReservedKey)
                .label("a criterion cannot use this key")
                .help(help),
        );
    } else if seen.insert(key.value.clone(), key.span.clone()).is_some() {
        entry.diagnostics.push(
            source
                .error_at(
                    key.span.clone(),
                    format!("criterion `{}` is declared twice", key.value),
                )
                .with_kind(Kind::Repeated)
                .label("each key may appear once"),
        );
    }
    // A bad key still lets the rest of the entry be checked, so that one run says it all.
    let key_ok = entry.diagnostics.len() == problems_before;
    let kind_name = kind_name?;
    let not_for = |field: &Option<Located<_>>, name: &str, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(f) = field {
            let d = Diagnostic::not_applicable(name, "score", &key.value, &kind_name.value);
            diagnostics.push(source.locate(d, f.span.clone()));
        }
    };
    let kind = match kind_name.value.as_str() {
        "score" => {
            let min_value = min.as_ref().map_or(1.0, |m| m.value);
            let max_value = max.as_ref().map_or(5.0, |m| m.value);
            if min_value.abs().max(max_value.abs()) > SCALE_LIMIT {
                let span = [&max, &min]
                    .into_iter()
                    .flatten()
                    .find(|m| m.value.abs() > SCALE_LIMIT)
                    .map_or(key.span.clone(), |m| m.span.clone());
                entry.diagnostics.push(
                    source
                        .error_at(span, "a score's scale is too wide")
                        .with_kind(Kind::InvalidValue)
                        .label(format!(
                            "expected `min` and `max` between -{SCALE_LIMIT} and {SCALE_LIMIT}"
                        )),
                );
            } else if min_value >= max_value {
                let span = max
                    .as_ref()
                    .or(min.as_ref())
                    .map_or(key.span.clone(), |m| m.span.clone());
                entry.diagnostics.push(
                    source
                        .error_at(span, "a score's `max` must be greater than its `min`")
                        .with_kind(Kind::InvalidValue)
                        .label(format!("the scale is {min_value} to {max_value}")),
                );
            }
            let better = match better {
                None => Better::Higher,
                Some(b) if b.value == "higher" => Better::Higher,
                Some(b) if b.value == "lower" => Better::Lower,
                Some(b) => {
                    entry.diagnostics.push(
                        source
                            .error_at(b.span, "invalid `better`")
                            .with_kind(Kind::UnknownValue)
                            .label("expected \"higher\" or \"lower\""),
                    );
                    Better::Higher
                }
            };
            let weight_value = match weight {
                Some(w) if w.value > WEIGHT_LIMIT => {
                    entry.diagnostics.push(
                        source
                            .error_at(w.span, "a weight this large drowns every other criterion")
                            .with_kind(Kind::InvalidValue)
                            .label(format!("expected at most {WEIGHT_LIMIT}")),
                    );
                    1.0
                }
                Some(w) if w.value < 0.0 => {
                    entry.diagnostics.push(
                        source
                            .error_at(w.span, "a weight cannot be negative")
                            .with_kind(Kind::InvalidValue)
                            .label("expected 0 or more"),
                    );
                    1.0
                }
                Some(w) => w.value,
                None => 1.0,
            };
            if let Some(v) = &values {
                if let Some(first) = v.first() {
                    entry.diagnostics.push(
                        source
                            .error_at(
                                first.span.clone(),
                                "`values` does not apply to score criteria",
                            )
                            .with_kind(Kind::NotApplicable)
                            .label("a score's scale is set by `min` and `max`"),
                    );
                }
            }
            CriterionKind::Score(Scale {
                min: min_value,
                max: max_value,
                better,
                weight: weight_value,
            })
        }
        other => {
            not_for(&min, "min", entry.diagnostics);
            not_for(&max, "max", entry.diagnostics);
            not_for(&weight, "weight", entry.diagnostics);
            if let Some(b) = &better {
                let d = Diagnostic::not_applicable("better", "score", &key.value, other);
                entry.diagnostics.push(source.locate(d, b.span.clone()));
            }
            if let Some(values) = &values {
                let mut listed = BTreeSet::new();
                for value in values {
                    if !listed.insert(value.value.as_str()) {
                        entry.diagnostics.push(
                            source
                                .error_at(
                                    value.span.clone(),
                                    format!("`{}` is listed twice in `values`", value.value),
                                )
                                .with_kind(Kind::Repeated)
                                .label("each value may appear once"),
                        );
                    }
                }
            }
            let first_value = values
                .as_ref()
                .and_then(|v| v.first())
                .map(|v| v.span.clone());
            let values = values.map(|v| v.into_iter().map(|s| s.value).collect());
            match other {
                "text" => CriterionKind::Text { values },
                "tags" => CriterionKind::Tags { values },
                "bool" | "list" => {
                    if values.is_some() {
                        let d = Diagnostic::not_applicable(
                            "values",
                            "text and tags",
                            &key.value,
                            other,
                        );
                        let span = first_value.unwrap_or_else(|| kind_name.span.clone());
                        entry.diagnostics.push(source.locate(d, span));
                    }
                    if other == "bool" {
                        CriterionKind::Bool
                    } else {
                        CriterionKind::List
                    }
                }
                _ => {
                    let mut d = source
                        .error_at(
                            kind_name.span.clone(),
                            format!("unknown criterion kind `{other}`"),
                        )
                        .with_kind(Kind::UnknownValue)
                        .label(format!("expected one of {}", KINDS.join(", ")));
                    if let Some(s) = crate::diag::did_you_mean(other, KINDS.iter().copied()) {
                        d = d.suggest(s);
                    }
                    entry.diagnostics.push(d);
                    return None;
                }
            }
        }
    };
    let filterable = filterable.map_or(
        matches!(kind, CriterionKind::Tags { .. } | CriterionKind::Bool)
            || matches!(&kind, CriterionKind::Text { values: Some(_) }),
        |f| f.value,
    );
    if !key_ok {
        return None;
    }
    let label = label.map_or_else(|| humanise(&key.value), |l| l.value);
    Some(Criterion {
        key: key.value,
        label,
        help,
        kind,
        required,
        filterable,
    })
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').enumerate().all(|(i, part)| {
            (1..=8).contains(&part.len())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
                && (i > 0 || part.chars().all(|c| c.is_ascii_alphabetic()))
        })
}

/// `ease_of_learning` → `Ease of learning`, the label when the schema gives none.
pub fn humanise(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// What a criterion keyed `key` would collide with, and the help listing the taken keys: a
/// built-in front-matter field, or one of matrix.csv's own columns.
fn taken_key(key: &str) -> Option<(String, String)> {
    let list = |keys: &mut dyn Iterator<Item = &str>| keys.collect::<Vec<_>>().join(", ");
    if builtin::reserved_keys().any(|k| k == key) {
        Some((
            format!("`{key}` is a built-in front-matter field"),
            format!("built-in fields: {}", list(&mut builtin::reserved_keys())),
        ))
    } else if builtin::fixed_columns().any(|k| k == key) {
        Some((
            format!("`{key}` is a column matrix.csv always has"),
            format!(
                "choose another key; matrix.csv's own columns: {}",
                list(&mut builtin::fixed_columns())
            ),
        ))
    } else {
        None
    }
}

fn suggest_key(text: &str) -> String {
    let mut key = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_').to_string();
    if key.starts_with(|c: char| c.is_ascii_lowercase()) {
        key
    } else {
        format!("c_{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(&SourceFile::from_text("site.toml", text))
    }

    #[test]
    fn reads_criteria_with_defaults() {
        let config = parse(
            "title = \"T\"\nbase_url = \"https://u.github.io/repo\"\n\
             [[criteria]]\nkey = \"ops\"\nkind = \"score\"\nbetter = \"lower\"\nweight = 2\n\
             [[criteria]]\nkey = \"runtime\"\nkind = \"text\"\nvalues = [\"Python\"]\n",
        )
        .expect("valid config");
        assert_eq!(config.base_url.path, "/repo/");
        assert_eq!(
            config.base_url.absolute().as_deref(),
            Some("https://u.github.io/repo/")
        );
        assert_eq!(config.criteria[0].label, "Ops");
        assert_eq!(
            config.criteria[0].kind,
            CriterionKind::Score(Scale {
                min: 1.0,
                max: 5.0,
                better: Better::Lower,
                weight: 2.0
            })
        );
        assert!(config.criteria[1].filterable);
    }

    #[test]
    fn reports_every_problem_with_a_place() {
        let errors = parse(
            "titel = \"T\"\n[[criteria]]\nkey = \"pros\"\nkind = \"score\"\n\
             [[criteria]]\nkey = \"x\"\nkind = \"scroe\"\n",
        )
        .expect_err("three problems");
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        let kinds: Vec<_> = errors.iter().map(|d| d.kind().code()).collect();
        assert_eq!(
            kinds,
            [
                "missing-key",
                "reserved-key",
                "unknown-value",
                "unknown-key"
            ],
            "{messages:?}"
        );
        assert!(messages.contains(&"unknown field `titel`"), "{messages:?}");
        assert!(
            messages.contains(&"missing `title`: the site's title"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`pros` is a built-in front-matter field"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"unknown criterion kind `scroe`"),
            "{messages:?}"
        );
    }

    #[test]
    fn every_built_in_field_of_the_front_matter_is_reserved() {
        let mut text = String::from("title = \"T\"\n");
        for field in crate::builtin::FIELDS {
            text.push_str(&format!(
                "[[criteria]]\nkey = \"{}\"\nkind = \"text\"\n",
                field.key
            ));
        }
        let errors = parse(&text).expect_err("reserved keys");
        let rejected: Vec<_> = errors
            .iter()
            .filter(|d| d.message.ends_with("is a built-in front-matter field"))
            .collect();
        assert_eq!(
            rejected.len(),
            crate::builtin::FIELDS.len() - 1,
            "all but `url`"
        );
        assert_eq!(
            rejected[0].help.as_deref(),
            Some(
                "built-in fields: slug, title, subtitle, order, best_for, pros, cons, reviewed, test_note"
            )
        );
        // `url` is no front-matter field, but a column of matrix.csv.
        assert!(
            errors
                .iter()
                .any(|d| d.message == "`url` is a column matrix.csv always has"),
            "{errors:?}"
        );
    }

    #[test]
    fn rejects_scales_and_weights_out_of_bounds_and_repeated_values() {
        let errors = parse(
            "title = \"T\"\n[[criteria]]\nkey = \"huge\"\nkind = \"score\"\nmin = -1e308\nmax = 1e308\nweight = 1e308\n\
             [[criteria]]\nkey = \"Bad Key!\"\nkind = \"color\"\n\
             [[criteria]]\nkey = \"tier\"\nkind = \"text\"\nvalues = [\"a\", \"b\", \"a\"]\n",
        )
        .expect_err("five problems");
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"a score's scale is too wide"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"a weight this large drowns every other criterion"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"criterion key `Bad Key!` is not a plain name"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"unknown criterion kind `color`"),
            "a bad key does not hide the rest: {messages:?}"
        );
        assert!(
            messages.contains(&"`a` is listed twice in `values`"),
            "{messages:?}"
        );
    }

    #[test]
    fn base_urls() {
        assert_eq!(BaseUrl::parse("/").map(|b| b.path), Ok("/".into()));
        assert_eq!(
            BaseUrl::parse("https://x.io").map(|b| b.path),
            Ok("/".into())
        );
        assert!(BaseUrl::parse("ftp://x.io/").is_err());
        assert!(BaseUrl::parse("repo").is_err());
    }
}
