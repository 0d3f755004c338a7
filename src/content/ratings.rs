//! Independent raters: `content/ratings/<rater>.toml`, one file per person, each holding that
//! person's scores (`[flask]` then `ease_of_learning = { score = 4, why = "..." }` or `= 4`),
//! read against the schema into [`RaterScores`]; and [`combine`], which gives each option's
//! score the median of its raters' (the option file's own score being its author's), with
//! every rater's score and reason kept.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use crate::config::{CriterionKind, SiteConfig};
use crate::diag::{Diagnostic, Kind, did_you_mean};
use crate::fields::{Located, TableRef, TomlDoc};
use crate::source::SourceFile;

use super::candidate::{Rating, Score, Value, read_score};

/// Each rater's scores of one option: the rater's name and their scores by criterion key.
pub type ScoresOf<'a> = (&'a str, &'a BTreeMap<String, Score>);

/// The rater an option file's own score stands for.
pub const AUTHOR: &str = "author";

/// One rater's file: their scores of each option they rated.
#[derive(Debug, Clone)]
pub struct RaterScores {
    /// The rater's name: the file's name without `.toml`.
    pub rater: String,
    /// The file, for placing problems found against the options.
    pub source: SourceFile,
    /// Each option they rated, by slug as written (checked against the options by the
    /// site), with their scores by criterion key.
    pub options: Vec<(Located<String>, BTreeMap<String, Score>)>,
}

impl RaterScores {
    /// Reads the rater's file `source` (named `name` in `content/ratings/`) against the
    /// schema, with every problem in it: tables that are not options' tables, criteria the
    /// schema does not have or that are not scores, scores off their scale.
    pub fn parse(
        source: &SourceFile,
        name: &str,
        config: &SiteConfig,
    ) -> (RaterScores, Vec<Diagnostic>) {
        let rater = crate::project::ratings_stem(name)
            .unwrap_or(name)
            .to_string();
        let mut scores = RaterScores {
            rater,
            source: source.clone(),
            options: Vec::new(),
        };
        let (doc, mut diagnostics) = TomlDoc::parse(source, 0..source.text.len());
        if !diagnostics.is_empty() {
            return (scores, diagnostics);
        }
        if scores.rater == AUTHOR {
            diagnostics.push(
                source
                    .error_at(0..0, format!("`{AUTHOR}` cannot be a rater's name"))
                    .with_kind(Kind::ReservedKey)
                    .label("the option files' own scores are their author's")
                    .help("name the file after the person, such as ratings/alice.toml"),
            );
            return (scores, diagnostics);
        }
        let mut reader = doc.reader(&mut diagnostics);
        let score_keys: Vec<&str> = config
            .criteria
            .iter()
            .filter(|c| matches!(c.kind, CriterionKind::Score(_)))
            .map(|c| c.key.as_str())
            .collect();
        for field in reader.entries() {
            let Some(table) = TableRef::of_value(field.value) else {
                let found = field.value.get_ref();
                reader.type_error(&field, "a table of one option's scores", found);
                continue;
            };
            let slug = Located {
                value: field.name.clone(),
                span: doc.offset + field.key_span.start..doc.offset + field.key_span.end,
            };
            let mut inner = reader.sub_reader(table, format!("{}.", field.name));
            let mut rated = BTreeMap::new();
            for criterion in &config.criteria {
                let Some(value) = inner.field(&criterion.key) else {
                    continue;
                };
                let CriterionKind::Score(scale) = &criterion.kind else {
                    let d = inner
                        .doc()
                        .error_at(
                            value.key_span.clone(),
                            format!("`{}` is not a score", criterion.key),
                        )
                        .with_kind(Kind::NotApplicable)
                        .label(format!(
                            "a {} criterion: its value is the option file's",
                            criterion.kind.name()
                        ))
                        .help(format!(
                            "raters give scores only: {}",
                            score_keys.join(", ")
                        ));
                    inner.diagnostics.push(d);
                    continue;
                };
                if let Some(score) = read_score(&mut inner, criterion, scale, &value) {
                    rated.insert(criterion.key.clone(), score);
                }
            }
            inner.finish("the scores of an option");
            scores.options.push((slug, rated));
        }
        (scores, diagnostics)
    }
}

/// The median of `values` (not empty): the middle one, or the mean of the middle two.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Gives each option the raters' scores: for every score criterion any rater rated it on,
/// the median of the raters' scores (the option file's own score counting as
/// [`AUTHOR`]'s), with every rater's score kept. `values` are the option's own values,
/// `by_rater` each rater's scores of this option. Returns a hash of what the raters gave,
/// 0 when none gave anything.
pub fn combine(values: &mut BTreeMap<String, Value>, by_rater: &[ScoresOf<'_>]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut any = false;
    let mut keys: Vec<&String> = by_rater.iter().flat_map(|(_, s)| s.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let mut ratings: BTreeMap<String, Rating> = BTreeMap::new();
        let own = match values.get(key) {
            Some(Value::Score(own)) => Some(own.clone()),
            _ => None,
        };
        if let Some(own) = &own {
            ratings.insert(
                AUTHOR.to_string(),
                Rating {
                    value: own.value,
                    why: own.why.clone(),
                },
            );
        }
        for (rater, scores) in by_rater {
            if let Some(score) = scores.get(key) {
                ratings.insert(
                    (*rater).to_string(),
                    Rating {
                        value: score.value,
                        why: score.why.clone(),
                    },
                );
                (rater, key, score.value.to_bits(), &score.why).hash(&mut hasher);
                any = true;
            }
        }
        let mut numbers: Vec<f64> = ratings.values().map(|r| r.value).collect();
        let value = median(&mut numbers);
        // A lone rater's reason is the score's; with several, each keeps their own.
        let why = match &own {
            Some(own) => own.why.clone(),
            None if ratings.len() == 1 => ratings.values().next().and_then(|r| r.why.clone()),
            None => None,
        };
        values.insert(
            key.clone(),
            Value::Score(Score {
                value,
                why,
                ratings,
            }),
        );
    }
    if any { hasher.finish().max(1) } else { 0 }
}

/// The error for an option that a ratings file names and no option has, with the nearest slug.
pub fn unknown_option(scores: &RaterScores, slug: &Located<String>, slugs: &[&str]) -> Diagnostic {
    let d = scores
        .source
        .error_at(
            slug.span.clone(),
            format!("no option has the slug `{}`", slug.value),
        )
        .with_kind(Kind::UnknownValue)
        .label(format!("{}'s scores of an unknown option", scores.rater));
    match did_you_mean(&slug.value, slugs.iter().copied()) {
        Some(near) => d.suggest(near),
        None if slugs.is_empty() => d.help("add the option's file to content/ first"),
        None => d.help(format!("the options' slugs: {}", slugs.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [4.0]), 4.0);
        assert_eq!(median(&mut [5.0, 2.0]), 3.5);
        assert_eq!(median(&mut [1.0, 5.0, 2.0]), 2.0);
        assert_eq!(median(&mut [5.0, 1.0, 4.0, 2.0, 3.0]), 3.0);
    }
}
