//! What `serve` keeps of its renders: each option's Markdown body, page and listing pieces,
//! the listing pages and exports, and the whole output, each with the inputs it was made
//! from. A render redoes only the pieces whose inputs changed and updates the output in
//! place, so an edit costs what it changes (plus one pass of pointer comparisons over the
//! options, and the listing pages, which show every option). Uses [`crate::render`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::markdown::{LinkTargets, Rendered};
use crate::content::{Candidate, Landing};
use crate::diag::Diagnostic;
use crate::output::Output;
use crate::render::script_data::{self, ROWS_FILE};
use crate::render::templates::Templates;
use crate::render::urls::{HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE, Urls, option_page};
use crate::render::{self, ExportEntries, MATRIX_STATIC_ROWS, SiteRenderer};
use crate::site::{LANDING_FILE, Site};

/// Everything one render reads.
pub struct Inputs<'a> {
    /// The assembled site.
    pub site: &'a Site,
    /// The site's templates, as loaded.
    pub templates: &'a Templates,
    /// Changes whenever the templates are loaded again.
    pub templates_version: u64,
    /// The static files, each a shared buffer.
    pub assets: &'a BTreeMap<String, Bytes>,
    /// Changes whenever the static files are read again.
    pub assets_version: u64,
    /// The URLs of the served site.
    pub urls: &'a Urls,
}

/// How much a render did, for the line `serve` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Option pages rendered.
    pub option_pages: usize,
    /// Markdown bodies rendered.
    pub bodies: usize,
    /// Whether the listing pages and the exports were made again.
    pub listings: bool,
}

/// What one render came to.
#[derive(Debug, Default)]
pub struct Pass {
    /// Every problem rendering found (errors mean the output must not be served).
    pub diagnostics: Vec<Diagnostic>,
    /// How much was rendered.
    pub work: Work,
    /// The output paths this render wrote or removed.
    pub touched: BTreeSet<String>,
}

/// What every page depends on besides its own option: when any of it changes, every page
/// and piece is made again (Markdown bodies are kept unless their links' targets moved).
#[derive(Debug, Clone, PartialEq)]
struct Globals {
    urls: Urls,
    config: SiteConfig,
    templates_version: u64,
    asset_urls: BTreeMap<String, String>,
}

/// The pieces of one option, in display order.
struct Entry {
    candidate: Arc<Candidate>,
    body: Option<Body>,
    page: Option<Page>,
    parts: Option<Parts>,
    anchors: Option<Anchors>,
    /// Where its page is in the output, while it is there.
    path: Option<String>,
}

/// What the listing pages and exports show of one option.
struct Parts {
    card: Result<String, Diagnostic>,
    /// Its matrix row (on the matrix page, or in its rows file past the page's rows).
    row: Result<String, Diagnostic>,
    exports: ExportEntries,
    /// Its part of the matrix page's rows file.
    script: script_data::RowsEntry,
}

struct Body {
    html: Rendered,
    version: u64,
}

/// An option page and what it shows besides the globals: its body and its neighbours'
/// titles and URLs.
struct Page {
    body_version: u64,
    previous: Option<Arc<Candidate>>,
    next: Option<Arc<Candidate>>,
    html: Result<Bytes, Diagnostic>,
}

struct LandingEntry {
    landing: Landing,
    body: Option<Rendered>,
    version: u64,
    anchors: Option<Anchors>,
}

/// The listing pages and exports, made from the options in this order.
struct Listing {
    candidates: Vec<Arc<Candidate>>,
    landing_version: u64,
    files: Vec<(String, Result<Bytes, Vec<Diagnostic>>)>,
}

/// The result of checking a body's `#anchor` links against the pages they point into, as
/// those pages were.
struct Anchors {
    body_version: u64,
    pages: Vec<(String, Option<Bytes>)>,
    diagnostics: Vec<Diagnostic>,
}

/// The static files as added to the output.
struct Statics {
    version: u64,
    added: Vec<(String, Bytes)>,
    diagnostics: Vec<Diagnostic>,
}

/// The pieces rendered so far. An entry stays valid as long as its inputs are unchanged,
/// whether or not the render it was made in succeeded.
#[derive(Default)]
pub struct RenderCache {
    globals: Option<Globals>,
    /// The templates with `asset()` answering, made for `globals`.
    templates: Option<Templates>,
    targets: LinkTargets,
    entries: Vec<Entry>,
    landing: Option<LandingEntry>,
    listing: Option<Listing>,
    /// The listing, export and fixed files last added to `output`.
    generated: BTreeSet<String>,
    statics: Option<Statics>,
    /// Everything the last render made, but the files whose rendering failed.
    output: Output,
    next_version: u64,
}

fn same_bytes(a: &Bytes, b: &Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

fn same_neighbour(cached: &Option<Arc<Candidate>>, now: Option<&Arc<Candidate>>) -> bool {
    match (cached, now) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || (a.title == b.title && a.slug == b.slug),
        _ => false,
    }
}

/// A number no earlier piece was given.
fn next_version(counter: &mut u64) -> u64 {
    *counter += 1;
    *counter
}

/// Whether anchors checked earlier still hold: same body, same pages linked into.
fn anchors_hold(anchors: Option<&Anchors>, body_version: u64, output: &Output) -> bool {
    anchors.is_some_and(|a| {
        a.body_version == body_version
            && a.pages
                .iter()
                .all(|(page, bytes)| match (bytes, output.get_shared(page)) {
                    (None, None) => true,
                    (Some(a), Some(b)) => same_bytes(a, &b),
                    _ => false,
                })
    })
}

fn check_anchors(
    body: &Rendered,
    version: u64,
    source: &crate::source::SourceFile,
    output: &Output,
) -> Anchors {
    let linked_files = body.file_links.iter().flat_map(|l| l.files.iter().cloned());
    let mut pages: Vec<String> = body
        .anchor_links
        .iter()
        .map(|l| l.page.clone())
        .chain(linked_files)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    Anchors {
        body_version: version,
        pages: pages
            .into_iter()
            .map(|page| {
                let bytes = output.get_shared(&page);
                (page, bytes)
            })
            .collect(),
        diagnostics: render::body_diagnostics(body, source, output),
    }
}

impl Entry {
    fn new(candidate: &Arc<Candidate>) -> Entry {
        Entry {
            candidate: Arc::clone(candidate),
            body: None,
            page: None,
            parts: None,
            anchors: None,
            path: None,
        }
    }
}

impl RenderCache {
    /// The output of the last render: complete when it had no errors.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// Renders the site, reusing every piece whose inputs are unchanged.
    pub fn render(&mut self, inputs: &Inputs<'_>) -> Pass {
        let site = inputs.site;
        let urls = inputs.urls;
        let mut pass = Pass::default();
        let mut statics_stale = self
            .statics
            .as_ref()
            .is_none_or(|s| s.version != inputs.assets_version);

        // Globals: when they change, every page and listing piece goes.
        let globals = Globals {
            urls: urls.clone(),
            config: site.config.clone(),
            templates_version: inputs.templates_version,
            asset_urls: inputs
                .assets
                .keys()
                .map(|path| (path.clone(), urls.file(path)))
                .collect(),
        };
        if self.globals.as_ref() != Some(&globals) {
            let same_templates = self.globals.as_ref().is_some_and(|g| {
                g.templates_version == globals.templates_version
                    && g.asset_urls == globals.asset_urls
            });
            if !same_templates || self.templates.is_none() {
                let mut templates = inputs.templates.clone();
                templates.set_assets(globals.asset_urls.clone());
                self.templates = Some(templates);
            }
            if self.globals.as_ref().is_none_or(|g| g.urls != globals.urls) {
                self.targets = LinkTargets::default();
            }
            for entry in &mut self.entries {
                entry.page = None;
                entry.parts = None;
            }
            self.listing = None;
            self.globals = Some(globals);
        }

        // Line the entries up with the options; options that went take their page along.
        let aligned =
            self.entries.len() == site.candidates.len()
                && self.entries.iter().zip(&site.candidates).all(|(e, c)| {
                    Arc::ptr_eq(&e.candidate, c) || e.candidate.file_name == c.file_name
                });
        if !aligned {
            let mut old: BTreeMap<String, Entry> = self
                .entries
                .drain(..)
                .map(|e| (e.candidate.file_name.clone(), e))
                .collect();
            self.entries = site
                .candidates
                .iter()
                .map(|c| old.remove(&c.file_name).unwrap_or_else(|| Entry::new(c)))
                .collect();
            for gone in old.into_values() {
                if let Some(path) = gone.path {
                    self.output.remove(&path);
                    pass.touched.insert(path);
                }
            }
            statics_stale = true;
        }

        // Link targets, and the content files whose page moved.
        let targets_stale = !aligned
            || self.targets.get(LANDING_FILE).is_none()
            || self
                .entries
                .iter()
                .zip(&site.candidates)
                .any(|(e, c)| !Arc::ptr_eq(&e.candidate, c) && e.candidate.slug != c.slug);
        let moved = if targets_stale {
            self.update_targets(site, urls)
        } else {
            BTreeSet::new()
        };

        // Markdown bodies: again when the option changed or a page it links to moved.
        for (entry, c) in self.entries.iter_mut().zip(&site.candidates) {
            if !Arc::ptr_eq(&entry.candidate, c) {
                entry.candidate = Arc::clone(c);
                entry.body = None;
                entry.parts = None;
            } else if entry.body.as_ref().is_some_and(|b| {
                !b.html.diagnostics.is_empty()
                    || b.html.content_links.iter().any(|f| moved.contains(f))
            }) {
                entry.body = None;
            }
        }
        let stale: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].body.is_none())
            .collect();
        let targets = &self.targets;
        let fresh: Vec<Rendered> = stale
            .par_iter()
            .map(|&i| render::render_body(&site.candidates[i], targets))
            .collect();
        pass.work.bodies = fresh.len();
        for (i, html) in stale.into_iter().zip(fresh) {
            let version = next_version(&mut self.next_version);
            self.entries[i].body = Some(Body { html, version });
        }
        let landing_holds = self.landing.as_ref().is_some_and(|entry| {
            entry.landing == site.landing
                && entry.body.as_ref().is_none_or(|body| {
                    body.diagnostics.is_empty()
                        && !body.content_links.iter().any(|f| moved.contains(f))
                })
        });
        if !landing_holds {
            let version = next_version(&mut self.next_version);
            self.landing = Some(LandingEntry {
                landing: site.landing.clone(),
                body: render::render_landing(site, &self.targets),
                version,
                anchors: None,
            });
        }

        let templates = self
            .templates
            .as_ref()
            .expect("templates are made with the globals");
        let pages = SiteRenderer::prepared(
            site,
            Cow::Borrowed(templates),
            urls,
            Cow::Borrowed(&self.targets),
        );

        // Option pages: again when the body or the neighbours' names changed.
        let body_version = |e: &Entry| e.body.as_ref().map_or(0, |b| b.version);
        let stale: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let entry = &self.entries[i];
                !entry.page.as_ref().is_some_and(|page| {
                    page.body_version == body_version(entry)
                        && same_neighbour(
                            &page.previous,
                            i.checked_sub(1).and_then(|j| site.candidates.get(j)),
                        )
                        && same_neighbour(&page.next, site.candidates.get(i + 1))
                })
            })
            .collect();
        let entries = &self.entries;
        let fresh: Vec<Result<Vec<u8>, Diagnostic>> = stale
            .par_iter()
            .map(|&i| {
                let empty = Rendered::default();
                let body = entries[i].body.as_ref().map_or(&empty, |b| &b.html);
                pages.option_page_html(i, body)
            })
            .collect();
        pass.work.option_pages = fresh.len();
        // Take the old pages out first: two options may have swapped slugs.
        let mut old_paths = Vec::with_capacity(stale.len());
        for &i in &stale {
            let old = self.entries[i].path.take();
            if let Some(path) = &old {
                self.output.remove(path);
                pass.touched.insert(path.clone());
            }
            old_paths.push(old);
        }
        for ((i, html), old) in stale.into_iter().zip(fresh).zip(old_paths) {
            let html = html.map(Bytes::from);
            let entry = &mut self.entries[i];
            let path = option_page(&entry.candidate.slug);
            if let Ok(bytes) = &html {
                self.output.insert(path.clone(), bytes.clone());
                pass.touched.insert(path.clone());
                entry.path = Some(path);
            }
            if entry.path != old {
                statics_stale = true;
            }
            entry.page = Some(Page {
                body_version: entry.body.as_ref().map_or(0, |b| b.version),
                previous: i
                    .checked_sub(1)
                    .and_then(|j| site.candidates.get(j))
                    .cloned(),
                next: site.candidates.get(i + 1).cloned(),
                html,
            });
        }

        // Each option's card, export entries, matrix row and rows-file entry: again when the
        // option changed.
        let rows = MATRIX_STATIC_ROWS.min(self.entries.len());
        let stale: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].parts.is_none())
            .collect();
        let fresh: Vec<Parts> = stale
            .par_iter()
            .map(|&i| {
                let row = pages.matrix_row(i);
                Parts {
                    card: pages.card(i),
                    script: script_data::RowsEntry::new(&site.candidates[i], Some(&row)),
                    row,
                    exports: ExportEntries::new(site, &site.candidates[i], urls),
                }
            })
            .collect();
        for (i, parts) in stale.into_iter().zip(fresh) {
            self.entries[i].parts = Some(parts);
        }

        // Listing pages and exports: again when an option, the order or the landing text
        // changed.
        let landing = self.landing.as_ref().expect("made above when missing");
        let listing_holds = self.listing.as_ref().is_some_and(|listing| {
            listing.landing_version == landing.version
                && listing.candidates.len() == site.candidates.len()
                && listing
                    .candidates
                    .iter()
                    .zip(&site.candidates)
                    .all(|(a, b)| Arc::ptr_eq(a, b))
        });
        if !listing_holds {
            pass.work.listings = true;
            let parts: Vec<&Parts> = self
                .entries
                .iter()
                .map(|e| e.parts.as_ref().expect("made above for every option"))
                .collect();
            let empty = Rendered::default();
            let landing_body = landing.body.as_ref().unwrap_or(&empty);
            let ((home, matrix), (not_found, data_files)) = rayon::join(
                || {
                    rayon::join(
                        || {
                            let cards = render::join_parts(parts.iter().map(|p| p.card.as_ref()));
                            pages.home_page_with(&cards?, landing_body)
                        },
                        || {
                            let rows = parts[..rows].iter().map(|p| p.row.as_ref());
                            pages.matrix_page_with(&render::join_parts(rows)?)
                        },
                    )
                },
                || {
                    let entries: Vec<&ExportEntries> = parts.iter().map(|p| &p.exports).collect();
                    (
                        pages.not_found_page(),
                        render::data_files(site, urls, &entries),
                    )
                },
            );
            let mut files: Vec<(String, Result<Bytes, Vec<Diagnostic>>)> = [
                (HOME_PAGE, home),
                (MATRIX_PAGE, matrix),
                (NOT_FOUND_PAGE, not_found),
                (
                    ROWS_FILE,
                    script_data::join_rows_json(
                        &parts.iter().map(|p| &p.script).collect::<Vec<_>>(),
                    ),
                ),
            ]
            .into_iter()
            .map(|(path, html)| (path.to_string(), html.map(Bytes::from)))
            .collect();
            files.extend(
                data_files
                    .into_iter()
                    .map(|(path, bytes)| (path, Ok(Bytes::from(bytes)))),
            );
            for (path, file) in &files {
                if let Ok(bytes) = file {
                    self.output.insert(path.clone(), bytes.clone());
                    pass.touched.insert(path.clone());
                }
            }
            self.listing = Some(Listing {
                candidates: site.candidates.clone(),
                landing_version: landing.version,
                files,
            });
        }
        let listing = self.listing.as_ref().expect("made above when missing");

        // The files that depend on the settings alone.
        let fixed = render::fixed_files(site, urls);
        for (path, bytes) in &fixed {
            if self.output.get(path) != Some(bytes.as_slice()) {
                self.output.insert(path.clone(), bytes.clone());
                pass.touched.insert(path.clone());
            }
        }
        let generated: BTreeSet<String> = listing
            .files
            .iter()
            .filter(|(_, file)| file.is_ok())
            .map(|(path, _)| path)
            .chain(fixed.iter().map(|(path, _)| path))
            .cloned()
            .collect();
        if generated != self.generated {
            for path in self.generated.difference(&generated) {
                self.output.remove(path);
                pass.touched.insert(path.clone());
            }
            self.generated = generated;
            statics_stale = true;
        }

        // Static files, which give way to generated files of the same path.
        if statics_stale {
            if let Some(old) = self.statics.take() {
                for (path, bytes) in old.added {
                    // Only where it is still there: a page may have taken its place.
                    if self
                        .output
                        .get_shared(&path)
                        .is_some_and(|b| same_bytes(&b, &bytes))
                    {
                        self.output.remove(&path);
                        pass.touched.insert(path);
                    }
                }
            }
            let mut statics = Statics {
                version: inputs.assets_version,
                added: Vec::new(),
                diagnostics: Vec::new(),
            };
            for (path, bytes) in inputs.assets {
                if self.output.clashes(path) {
                    statics.diagnostics.push(render::static_collision(path));
                } else {
                    self.output.insert(path.clone(), bytes.clone());
                    pass.touched.insert(path.clone());
                    statics.added.push((path.clone(), bytes.clone()));
                }
            }
            self.statics = Some(statics);
        }

        // Links' #anchors: checked again when the body or a page it points into changed.
        let output = &self.output;
        let stale: Vec<usize> = (0..self.entries.len())
            .filter(|&i| {
                let entry = &self.entries[i];
                !anchors_hold(entry.anchors.as_ref(), body_version(entry), output)
            })
            .collect();
        for i in stale {
            let entry = &mut self.entries[i];
            if let Some(body) = &entry.body {
                entry.anchors = Some(check_anchors(
                    &body.html,
                    body.version,
                    &entry.candidate.source,
                    output,
                ));
            }
        }
        if let Some(landing) = self.landing.as_mut() {
            if !anchors_hold(landing.anchors.as_ref(), landing.version, output) {
                landing.anchors = match (&landing.body, &site.landing.source) {
                    (Some(body), Some(source)) => {
                        Some(check_anchors(body, landing.version, source, output))
                    }
                    _ => None,
                };
            }
        }

        // Every problem, from the pieces as they are now.
        let diagnostics = &mut pass.diagnostics;
        for entry in &self.entries {
            if let Some(Err(d)) = entry.page.as_ref().map(|p| &p.html) {
                diagnostics.push(d.clone());
            }
            if let Some(anchors) = &entry.anchors {
                diagnostics.extend(anchors.diagnostics.iter().cloned());
            }
        }
        for (_, file) in &listing.files {
            if let Err(d) = file {
                diagnostics.extend(d.iter().cloned());
            }
        }
        if let Some(statics) = &self.statics {
            diagnostics.extend(statics.diagnostics.iter().cloned());
        }
        if let Some(anchors) = self.landing.as_ref().and_then(|l| l.anchors.as_ref()) {
            diagnostics.extend(anchors.diagnostics.iter().cloned());
        }
        pass
    }

    /// Makes the link targets again; returns the content files whose page moved (or
    /// appeared, or went), whose links must be rendered again.
    fn update_targets(&mut self, site: &Site, urls: &Urls) -> BTreeSet<String> {
        let targets = render::link_targets(site, urls);
        let mut moved: BTreeSet<String> = targets
            .iter()
            .filter(|(name, target)| self.targets.get(name) != Some(*target))
            .map(|(name, _)| name.to_string())
            .collect();
        moved.extend(
            self.targets
                .iter()
                .filter(|(name, _)| targets.get(name).is_none())
                .map(|(name, _)| name.to_string()),
        );
        self.targets = targets;
        moved
    }
}
