//! The assembled site: `site.toml`'s settings, the landing text and every option, put in
//! display order and checked as one whole (duplicate slugs). The files themselves are read
//! and parsed by [`crate::pipeline`].

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::{Candidate, Landing};
use crate::diag::{Diagnostic, Kind};

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
    /// `broken` names the option files that have errors of their own.
    pub fn assemble(
        config: Arc<SiteConfig>,
        landing: Landing,
        mut candidates: Vec<Arc<Candidate>>,
        mut broken: BTreeSet<String>,
    ) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut first_by_slug: HashMap<&str, &Candidate> = HashMap::with_capacity(candidates.len());
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
        sort_candidates(&mut candidates);
        let site = Site {
            config,
            landing,
            candidates,
            stand_ins: broken,
        };
        (site, diagnostics)
    }
}

/// The display order: by `order`, then title (ignoring case), then slug. Stable.
pub fn sort_candidates(candidates: &mut [Arc<Candidate>]) {
    candidates.sort_by_cached_key(|c| {
        (
            c.facts.integer(crate::builtin::ORDER).unwrap_or(i64::MAX),
            c.title.to_lowercase(),
            c.slug.clone(),
        )
    });
}
