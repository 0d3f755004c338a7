//! The assembled site: `site.toml`'s settings, the landing text and every option, put in
//! display order and checked as one whole (duplicate slugs). The files themselves are read
//! and parsed by [`crate::pipeline`].

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::builtin::ORDER;
use crate::config::SiteConfig;
use crate::content::ratings::{self, RaterScores};
use crate::content::{Candidate, Landing};
use crate::diag::{Diagnostic, Kind, did_you_mean};

/// Everything a build renders.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.toml`.
    pub config: Arc<SiteConfig>,
    /// `content/_index.md`, or empty.
    pub landing: Landing,
    /// The options in display order. Options that share a slug are all here (the duplicate
    /// is an error).
    pub candidates: Vec<Arc<Candidate>>,
    /// The file names of options whose page stands in empty: those with errors of their own
    /// and those that share a slug. Links to such a page hold, and its anchors are taken on
    /// trust, until the files are fixed (the errors are reported).
    pub stand_ins: BTreeSet<String>,
}

impl Site {
    /// Puts parsed parts together: orders the options and reports duplicate slugs. The
    /// options come in file-name order (the first of a slug is the first by file name);
    /// `broken` names the option files that have errors of their own. `last` is the order
    /// of an earlier assembly, reused when the options sort the same (and made again when not).
    pub fn assemble(
        config: Arc<SiteConfig>,
        landing: Landing,
        mut candidates: Vec<Arc<Candidate>>,
        mut broken: BTreeSet<String>,
        ratings: &[RaterScores],
        last: &mut DisplayOrder,
    ) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut first_by_slug: HashMap<&str, &Candidate, foldhash::fast::FixedState> =
            HashMap::with_capacity_and_hasher(candidates.len(), Default::default());
        for candidate in &candidates {
            let Some(first) = first_by_slug.insert(&candidate.slug, candidate) else {
                continue;
            };
            first_by_slug.insert(&first.slug, first);
            broken.insert(first.file_name.clone());
            broken.insert(candidate.file_name.clone());
            diagnostics.push(
                candidate
                    .source
                    .error_at(candidate.slug_span.clone(), format!("duplicate slug `{}`", candidate.slug)).with_kind(Kind::DuplicateSlug)
                    .label(format!("{} already uses it", first.source.path))
                    .help("every option needs its own URL: rename one file, or set `slug = \"...\"` in its front matter"),
            );
        }
        drop(first_by_slug);
        diagnostics.extend(mark_chosen(&landing, &mut candidates));
        diagnostics.extend(apply_ratings(ratings, &mut candidates));
        last.sort(&mut candidates);
        let site = Site {
            config,
            landing,
            candidates,
            stand_ins: broken,
        };
        (site, diagnostics)
    }
}

/// Gives every option its raters' scores (the median, each rater's kept), and reports each
/// option a ratings file names that no option has.
fn apply_ratings(ratings: &[RaterScores], candidates: &mut [Arc<Candidate>]) -> Vec<Diagnostic> {
    if ratings.is_empty() {
        return Vec::new();
    }
    let mut diagnostics = Vec::new();
    let mut by_slug: HashMap<&str, Vec<ratings::ScoresOf<'_>>> = HashMap::new();
    let slugs: Vec<&str> = candidates.iter().map(|c| c.slug.as_str()).collect();
    for rater in ratings {
        for (slug, scores) in &rater.options {
            if slugs.contains(&slug.value.as_str()) {
                by_slug
                    .entry(slug.value.as_str())
                    .or_default()
                    .push((rater.rater.as_str(), scores));
            } else {
                diagnostics.push(ratings::unknown_option(rater, slug, &slugs));
            }
        }
    }
    for candidate in candidates.iter_mut() {
        let Some(given) = by_slug.get(candidate.slug.as_str()) else {
            continue;
        };
        let mut values = candidate.values.clone();
        let hash = ratings::combine(&mut values, given);
        if hash != 0 {
            let candidate = Arc::make_mut(candidate);
            candidate.values = values;
            candidate.note_record(hash);
        }
    }
    diagnostics
}

/// Marks the options the decision on record chose, and reports each chosen slug that no
/// option has, with the nearest one.
fn mark_chosen(landing: &Landing, candidates: &mut [Arc<Candidate>]) -> Vec<Diagnostic> {
    let (Some(decision), Some(source)) = (&landing.decision, &landing.source) else {
        return Vec::new();
    };
    let mut diagnostics = Vec::new();
    for slug in &decision.chosen {
        let mut found = false;
        for candidate in candidates.iter_mut().filter(|c| c.slug == slug.value) {
            Arc::make_mut(candidate).mark_chosen();
            found = true;
        }
        if found {
            continue;
        }
        let slugs: Vec<&str> = candidates.iter().map(|c| c.slug.as_str()).collect();
        let d = source
            .error_at(
                slug.span.clone(),
                format!("no option has the slug `{}`", slug.value),
            )
            .with_kind(Kind::UnknownValue)
            .label("chosen here");
        diagnostics.push(match did_you_mean(&slug.value, slugs.iter().copied()) {
            Some(near) => d.suggest(near),
            None if slugs.is_empty() => d.help("add the option's file to content/ first"),
            None => d.help(format!("the options' slugs: {}", slugs.join(", "))),
        });
    }
    diagnostics
}

/// The warnings of dates to look at something again that are before `today`: the
/// decision's `review_by`, and each option whose `reviewed` date is more than
/// `review_every_days` (of `site.toml`) ago.
pub fn review_warnings(site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if let (Some(decision), Some(source)) = (&site.landing.decision, &site.landing.source) {
        warnings.extend(decision.overdue(source, today));
    }
    let Some(days) = site.config.review_every_days else {
        return warnings;
    };
    for candidate in &site.candidates {
        let Some(reviewed) = &candidate.reviewed else {
            continue;
        };
        let due = reviewed.value.checked_add(jiff::Span::new().days(days));
        // A date past the calendar's end never lapses.
        let Some(due) = due.ok().filter(|due| *due < today) else {
            continue;
        };
        warnings.push(
            candidate
                .source
                .locate(
                    Diagnostic::warning(format!(
                        "the review of `{}` has lapsed",
                        candidate.slug
                    ))
                    .with_kind(Kind::Overdue),
                    reviewed.span.clone(),
                )
                .label(format!(
                    "reviewed {}; a review holds {days} days (review_every_days in site.toml), so it was due by {due}",
                    reviewed.value
                ))
                .help("look at the option again, then set `reviewed` to the day you did"),
        );
    }
    warnings
}

/// The display order of options: by `order`, then title (ignoring case), then slug, then file
/// name (options that share a slug keep the order of their files). As last made, with what
/// it was made from, so that options whose sort keys did not change are not sorted again.
#[derive(Debug, Default)]
pub struct DisplayOrder {
    /// A hash of every option's sort key, in the order they came.
    key: u64,
    /// Where each option went: the index, among those that came, of the first, the second…
    order: Vec<usize>,
}

impl DisplayOrder {
    /// Puts `candidates` in display order.
    pub fn sort(&mut self, candidates: &mut Vec<Arc<Candidate>>) {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for c in candidates.iter() {
            (c.facts.integer(ORDER), &c.title, &c.slug, &c.file_name).hash(&mut hasher);
        }
        let key = hasher.finish();
        if key != self.key || self.order.len() != candidates.len() {
            let mut order: Vec<usize> = (0..candidates.len()).collect();
            let sort_keys: Vec<(i64, String)> = candidates
                .iter()
                .map(|c| {
                    (
                        c.facts.integer(ORDER).unwrap_or(i64::MAX),
                        c.title.to_lowercase(),
                    )
                })
                .collect();
            order.sort_by(|&a, &b| {
                let (x, y) = (&candidates[a], &candidates[b]);
                sort_keys[a]
                    .cmp(&sort_keys[b])
                    .then_with(|| x.slug.cmp(&y.slug))
                    .then_with(|| x.file_name.cmp(&y.file_name))
            });
            *self = DisplayOrder { key, order };
        }
        let mut came: Vec<Option<Arc<Candidate>>> = candidates.drain(..).map(Some).collect();
        candidates.extend(self.order.iter().filter_map(|&i| came[i].take()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn option(file_name: &str, front: &str) -> Arc<Candidate> {
        let text = format!("+++\n{front}\n+++\n");
        let source = Arc::new(SourceFile::from_text(format!("content/{file_name}"), text));
        let config = SiteConfig::parse(&SourceFile::from_text("site.toml", "title = \"T\"\n"))
            .expect("a config");
        let (candidate, problems) = Candidate::read(source, file_name, Some(&config));
        assert!(problems.is_empty(), "{problems:?}");
        Arc::new(candidate.expect("an option"))
    }

    fn names(candidates: &[Arc<Candidate>]) -> Vec<&str> {
        candidates.iter().map(|c| c.file_name.as_str()).collect()
    }

    #[test]
    fn the_display_order_follows_order_then_title_then_slug_then_file() {
        let mut last = DisplayOrder::default();
        let mut candidates = vec![
            option("a.md", "title = \"zeta\""),
            option("b.md", "title = \"Alpha\""),
            option("c.md", "title = \"alpha\"\nslug = \"a-2\""),
            option("d.md", "title = \"Last\"\norder = 1"),
            option("e.md", "title = \"Alpha\"\nslug = \"b\""),
        ];
        last.sort(&mut candidates);
        assert_eq!(names(&candidates), ["d.md", "c.md", "b.md", "e.md", "a.md"]);

        // The same options in file order again: the order is kept without sorting.
        candidates.sort_by(|x, y| x.file_name.cmp(&y.file_name));
        last.sort(&mut candidates);
        assert_eq!(names(&candidates), ["d.md", "c.md", "b.md", "e.md", "a.md"]);

        // A title that moves its option: sorted again.
        candidates.sort_by(|x, y| x.file_name.cmp(&y.file_name));
        candidates[0] = option("a.md", "title = \"Aardvark\"");
        last.sort(&mut candidates);
        assert_eq!(names(&candidates), ["d.md", "a.md", "c.md", "b.md", "e.md"]);

        // Options that share a slug keep the order of their files.
        let mut twins = vec![
            option("x.md", "title = \"Same\"\nslug = \"s\""),
            option("y.md", "title = \"Same\"\nslug = \"s\""),
        ];
        last.sort(&mut twins);
        assert_eq!(names(&twins), ["x.md", "y.md"]);
    }
}
