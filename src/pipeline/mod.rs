//! The one pipeline every command runs: discover and read ([`read`]) → parse → assemble →
//! render → check, each stage a function of the values before it. `build` and `check` run it
//! with an empty [`Memo`]; `serve` keeps its [`Memo`] between edits, so that each piece is made
//! again only when what it was made from changes (a hash of those inputs, and for pieces that
//! read other pages, those pages' bytes). Committing to disk is [`crate::output`]'s.
//!
//! Parsing is total: a broken file still gives what could be read of it plus its
//! diagnostics, so there is one site and one render; whoever commits refuses to when any
//! diagnostic is an error.

pub mod read;

mod memo;

use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::{BaseUrl, SiteConfig};
use crate::content::markdown::Rendered;
use crate::content::ratings::RaterScores;
use crate::content::{Candidate, Landing};
use crate::diag::{Diagnostic, Origin, Severity, sort_diagnostics};
use crate::output::Output;
use crate::project::Project;
use crate::render::assets::{self, AssetLinks};
use crate::render::standings::{DefaultRanking, Robustness};
pub use crate::render::templates::Stop;
use crate::render::templates::Templates;
use crate::render::urls::{HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE, Urls, option_page};
use crate::render::{
    self, ExportEntries, LANDING_CARDS, MATRIX_STATIC_ROWS, SiteRenderer, links, script_data,
    subpath,
};
use crate::site::Site;
use crate::source::SourceFile;

pub use self::memo::Memo;
use self::memo::{
    BodyCheck, FramedParts, LinkedBody, OptionPage, PageCheck, Parts, RankedRow, Remembered,
    same_bytes,
};
pub use self::read::{ChangeKind, Inputs};

/// Where the built site will be served from, which decides its URLs.
#[derive(Debug, Clone, Copy)]
pub enum Address<'a> {
    /// The site's `base_url`, or the one given on the command line.
    Published(Option<&'a BaseUrl>),
    /// `serve`'s: under `base_path` on `origin` (`http://127.0.0.1:1111`), which stands in
    /// for the site's own origin when it has one.
    Local {
        /// `/` or `/repo/`.
        base_path: &'a str,
        /// The server's origin.
        origin: &'a str,
    },
}

/// What a run is asked for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Where the site is served from.
    pub address: Address<'a>,
    /// How pages link static files.
    pub asset_links: AssetLinks,
    /// How URLs that ignore the base path count: a warning in `build` and `serve`, an error
    /// in `check`.
    pub subpath: Severity,
    /// Where generated pages are, for messages: the output folder when they are written
    /// there, or rendered in memory.
    pub pages: Origin,
    /// The day review dates are compared with (the built pages never depend on it).
    pub today: jiff::civil::Date,
    /// Asked by `serve` when a newer change or Ctrl-C makes this run's result unwanted:
    /// renders then stop, and [`Stop::obeyed`] says the run's pages are not to be used.
    pub stop: Option<&'a Stop>,
}

/// How much a run made again, for the line `serve` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Option pages (and their Markdown bodies) rendered.
    pub option_pages: usize,
    /// Whether the listing pages and the exports were made again.
    pub listings: bool,
}

/// What one run of the pipeline came to.
#[derive(Debug)]
pub struct Run {
    /// The site as assembled; `None` when `site.toml` could not be read or parsed.
    pub site: Option<Site>,
    /// Every output file (pages that failed to render stand in empty).
    pub output: Output,
    /// Every problem of every input and of the output, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// How much was made again.
    pub work: Work,
}

impl Run {
    /// Whether the output may be committed or served: no diagnostic is an error.
    pub fn succeeded(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Today's date in UTC: what review dates are compared with.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Reads the site at `project` and runs the pipeline on it with nothing remembered.
pub fn run_once(project: &Project, request: &Request<'_>) -> Run {
    run(request, &Inputs::read(project), &mut Memo::default())
}

/// Reads and parses `site.toml` alone (for `new` and `import`, which need the schema only).
pub fn read_config(project: &Project) -> Result<SiteConfig, Vec<Diagnostic>> {
    let source = read::read_config(project).map_err(|d| vec![d])?;
    SiteConfig::parse(&source).map_err(|mut diagnostics| {
        sort_diagnostics(&mut diagnostics);
        diagnostics
    })
}

/// Runs the pipeline on `inputs`, reusing what `memo` remembers of earlier runs and
/// remembering this one's pieces in it.
pub fn run(request: &Request<'_>, inputs: &Inputs, memo: &mut Memo) -> Run {
    let mut diagnostics = Vec::new();
    let parsed = parse(inputs, memo, &mut diagnostics);
    let Some(config) = parsed.config else {
        sort_diagnostics(&mut diagnostics);
        return Run {
            site: None,
            output: Output::new(),
            diagnostics,
            work: Work::default(),
        };
    };
    let (site, assembly) = Site::assemble(
        config,
        parsed.landing,
        parsed.candidates,
        parsed.broken,
        &parsed.ratings,
        &mut memo.display_order,
    );
    diagnostics.extend(assembly);
    diagnostics.extend(crate::site::review_warnings(&site, request.today));
    let urls = urls_for(&request.address, &site.config);
    let (output, rendered, work) = render_site(
        &site,
        parsed.config_key,
        &inputs.statics,
        &urls,
        request.asset_links,
        request.stop,
        memo,
    );
    diagnostics.extend(rendered);
    let own_templates: Vec<SourceFile> = inputs
        .templates
        .values()
        .filter(|source| !source.is_theme_file())
        .cloned()
        .collect();
    diagnostics.extend(check_output(
        &site,
        &output,
        &own_templates,
        &urls.base_path,
        request,
        memo,
    ));
    sort_diagnostics(&mut diagnostics);
    Run {
        site: Some(site),
        output,
        diagnostics,
        work,
    }
}

/// The URLs of a site served from `address`.
fn urls_for(address: &Address<'_>, config: &SiteConfig) -> Urls {
    match address {
        Address::Published(given) => {
            let base = given.unwrap_or(&config.base_url);
            Urls::new(&base.path, base.origin.as_deref())
        }
        Address::Local { base_path, origin } => {
            Urls::new(base_path, config.base_url.origin.as_ref().map(|_| *origin))
        }
    }
}

/// The key of a piece made from two hashed inputs: `value` hashed with `seed`.
fn mix(seed: u64, value: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(&value.to_le_bytes(), seed)
}

/// A hash of `parts`, as the key of a remembered piece.
fn key_of(parts: impl Hash) -> u64 {
    let mut hasher = KeyHasher(Vec::with_capacity(256));
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Gathers what a key is made of and hashes it in one go at the end (XXH3's streaming state
/// costs more than the short keys most pieces have).
struct KeyHasher(Vec<u8>);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

// ---- parse --------------------------------------------------------------------------------

/// The inputs parsed, file by file (the templates stay in the [`Memo`]).
struct Parsed {
    /// `None` when `site.toml` is missing or broken: options cannot be checked nor the site
    /// rendered without it.
    config: Option<Arc<SiteConfig>>,
    /// A hash of `site.toml`'s text.
    config_key: u64,
    landing: Landing,
    candidates: Vec<Arc<Candidate>>,
    /// The option files with errors.
    broken: BTreeSet<String>,
    /// The raters' files, read against the schema.
    ratings: Vec<RaterScores>,
}

/// Parses every input (options in parallel), each file only when it or what it is checked
/// against changed since `memo` saw it.
fn parse(inputs: &Inputs, memo: &mut Memo, diagnostics: &mut Vec<Diagnostic>) -> Parsed {
    let config = match &inputs.config {
        Ok(source) => {
            let key = source.hash;
            let parsed = memo
                .config
                .get_or(key, || SiteConfig::parse(source).map(Arc::new));
            if let Err(d) = parsed {
                diagnostics.extend(d.iter().cloned());
            }
            parsed.as_ref().ok().cloned().map(|c| (key, c))
        }
        Err(d) => {
            diagnostics.push(d.clone());
            None
        }
    };
    match &inputs.content {
        Ok(notes) => diagnostics.extend(notes.iter().cloned()),
        Err(d) => diagnostics.push(d.clone()),
    }
    let landing = match &inputs.landing {
        None => Landing::default(),
        Some(Err(d)) => {
            diagnostics.push(d.clone());
            Landing::default()
        }
        Some(Ok(source)) => {
            let parsed = memo
                .landing
                .get_or(source.hash, || Landing::parse(source.clone()));
            match parsed {
                Ok(landing) => landing.clone(),
                Err(d) => {
                    diagnostics.extend(d.iter().cloned());
                    Landing::default()
                }
            }
        }
    };

    // Options: each checked against the schema, or for its syntax alone without one.
    let config_key = config.as_ref().map_or(0, |(key, _)| *key);
    let schema = config.as_ref().map(|(_, c)| &**c);
    let keys: Vec<(&String, u64)> = inputs
        .options
        .iter()
        .filter_map(|(name, file)| Some((name, mix(config_key, file.as_ref().ok()?.hash))))
        .collect();
    let stale: Vec<(&String, u64)> = keys
        .par_iter()
        .filter(|(name, key)| memo.options.value_at(name, *key).is_none())
        .copied()
        .collect();
    let fresh: Vec<_> = stale
        .par_iter()
        .map(|(name, key)| {
            let source = Arc::clone(
                inputs.options[*name]
                    .as_ref()
                    .expect("only readable files have keys"),
            );
            let (candidate, found) = Candidate::read(source, name, schema);
            ((*name).clone(), *key, (candidate.map(Arc::new), found))
        })
        .collect();
    memo.options.renew(
        fresh,
        inputs
            .options
            .iter()
            .filter(|(_, file)| file.is_ok())
            .map(|(n, _)| n.as_str()),
    );
    let mut candidates = Vec::with_capacity(inputs.options.len());
    let mut broken = BTreeSet::new();
    for (name, file) in &inputs.options {
        match file {
            Err(d) => {
                // Unreadable, it is still an option: links to it hold until it is fixed.
                diagnostics.push(d.clone());
                candidates.extend(Candidate::unreadable(name).map(Arc::new));
                broken.insert(name.clone());
            }
            Ok(_) => {
                let (candidate, found) = &memo.options.get(name).expect("parsed above").value;
                diagnostics.extend(found.iter().cloned());
                candidates.extend(candidate.iter().cloned());
                if found.iter().any(Diagnostic::is_error) {
                    broken.insert(name.clone());
                }
            }
        }
    }

    // The raters' files: small, read again each run against the schema.
    let mut ratings = Vec::new();
    match &inputs.ratings {
        Err(d) => diagnostics.push(d.clone()),
        Ok(files) => {
            for (name, file) in files {
                match (file, schema) {
                    (Err(d), _) => diagnostics.push(d.clone()),
                    (Ok(source), Some(config)) => {
                        let (scores, found) = RaterScores::parse(source, name, config);
                        diagnostics.extend(found);
                        ratings.push(scores);
                    }
                    (Ok(_), None) => {}
                }
            }
        }
    }

    diagnostics.extend(inputs.theme_problems.iter().cloned());
    let templates_key = key_of(
        inputs
            .templates
            .iter()
            .map(|(name, s)| (name, &s.path, s.is_theme_file(), s.hash))
            .collect::<Vec<_>>(),
    );
    let templates = memo.templates.get_or(templates_key, || {
        Templates::from_sources(inputs.templates.clone())
    });
    if let Err(d) = templates {
        diagnostics.extend(d.iter().cloned());
    }
    Parsed {
        config: config.map(|(_, c)| c),
        config_key,
        landing,
        candidates,
        broken,
        ratings,
    }
}

// ---- render -------------------------------------------------------------------------------

/// Renders every page, export and static file of `site`, each piece only when `memo` does
/// not hold it for the same inputs. Pages whose template failed stand in empty, so that
/// links to them hold; the failures are among the diagnostics.
fn render_site(
    site: &Site,
    config_key: u64,
    statics: &read::StaticFiles,
    urls: &Urls,
    asset_links: AssetLinks,
    stop: Option<&Stop>,
    memo: &mut Memo,
) -> (Output, Vec<Diagnostic>, Work) {
    let Memo {
        templates,
        page_templates,
        link_targets,
        pages,
        parts: remembered_parts,
        rows: remembered_rows,
        ranking: remembered_ranking,
        landing_body,
        listing,
        search,
        body_checks,
        ..
    } = memo;
    let mut diagnostics = Vec::new();
    let mut work = Work::default();
    // What every page depends on besides its own content: the settings, the templates, the
    // static files' URLs and the site's URLs.
    let asset_urls = assets::urls(statics, &urls.base_path, asset_links);
    let templates_key = key_of((
        templates.get().map(|t| t.key),
        asset_urls.iter().collect::<Vec<_>>(),
    ));
    let page_templates = match templates.get() {
        Some(Remembered { value: Ok(t), .. }) => Some(page_templates.get_or(templates_key, || {
            render::page_templates(t, asset_urls.clone())
        })),
        _ => None,
    };
    let globals = key_of((templates_key, config_key, &urls.base_path, &urls.origin));
    let targets_key = key_of((
        &urls.base_path,
        site.candidates
            .iter()
            .map(|c| (&c.file_name, &c.slug))
            .collect::<Vec<_>>(),
    ));
    let targets = link_targets.get_or(targets_key, || render::link_targets(site, urls));
    let renderer = SiteRenderer::new(site, page_templates, urls, targets, stop);

    // Option pages, each with its Markdown body: again when the option, the globals, its
    // neighbours' names or the pages its links point to changed.
    let candidates = &site.candidates;
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| candidates.get(j))
            .map(|c| (c.title.as_str(), c.slug.as_str()))
    };
    let page_keys: Vec<u64> = (0..candidates.len())
        .into_par_iter()
        .map(|i| {
            key_of((
                globals,
                candidates[i].source_hash(),
                // A stand-in's page waits for the fix, which may be in another file (the
                // other option of a duplicate slug).
                site.stand_ins.contains(&candidates[i].file_name),
                neighbour(i.checked_sub(1)),
                neighbour(Some(i + 1)),
            ))
        })
        .collect();
    let stale: Vec<usize> = (0..candidates.len())
        .into_par_iter()
        .filter(|&i| {
            !pages
                .value_at(&candidates[i].file_name, page_keys[i])
                .is_some_and(|page| page.body.holds(targets, targets_key))
        })
        .collect();
    work.option_pages = stale.len();
    let fresh: Vec<(String, u64, OptionPage)> = stale
        .par_iter()
        .map(|&i| {
            let body = renderer.option_body(i);
            let html = if site.stand_ins.contains(&candidates[i].file_name) {
                // Its errors are reported; its page waits for the fix.
                Err(Vec::new())
            } else {
                renderer.option_page_html(i, &body).map(Bytes::from)
            };
            let page = OptionPage {
                path: option_page(&candidates[i].slug),
                html,
                terms: Some(render::search::DocTerms::new(&candidates[i], &body.text)),
                body: LinkedBody::new(body.without_html(), targets, targets_key),
            };
            (candidates[i].file_name.clone(), page_keys[i], page)
        })
        .collect();
    pages.renew(fresh, candidates.iter().map(|c| c.file_name.as_str()));

    // The generated files, gathered first and put in order once (far cheaper than inserting
    // ten thousand paths one by one).
    let mut generated: Vec<(String, Bytes)> = Vec::with_capacity(candidates.len() + 16);
    for candidate in candidates {
        let page = &pages
            .get(&candidate.file_name)
            .expect("rendered above")
            .value;
        if let Err(d) = &page.html {
            diagnostics.extend(d.iter().cloned());
        }
        let html = page.html.clone().unwrap_or_default();
        generated.push((page.path.clone(), html));
    }

    // The ranking with the default weights, which orders the matrix's rows: again when an
    // option's front matter, the order or the settings changed (its robustness is made with
    // the listings, when they are made).
    let ranking_key = key_of((
        config_key,
        candidates
            .iter()
            .map(|c| (c.facts_hash, &c.slug))
            .collect::<Vec<_>>(),
    ));
    let ranked = remembered_ranking.get_or(ranking_key, || memo::Ranked {
        ranking: DefaultRanking::new(site),
        robustness: Default::default(),
    });
    let ranking = &ranked.ranking;

    // Each option's card, statements and export entries: again when its front matter or
    // the globals changed. None depends on the option's place, which another edit may move
    // (its total and range depend only on its own scores and the settings).
    let rows = MATRIX_STATIC_ROWS.min(candidates.len());
    let part_keys: Vec<u64> = candidates
        .par_iter()
        .map(|c| mix(globals, c.facts_hash))
        .collect();
    let names: Vec<&str> = candidates.iter().map(|c| c.file_name.as_str()).collect();
    remembered_parts.refresh(&names, &part_keys, |i| Parts {
        card: renderer.card(i),
        script: script_data::RowsEntry::new(&candidates[i]),
        exports: ExportEntries::new(site, &candidates[i], urls, ranking.standing(i)),
        card_found: Default::default(),
    });

    // Each option's matrix row, which shows its rank: again when its parts' key or its rank
    // changed.
    let row_keys: Vec<u64> = (0..candidates.len())
        .into_par_iter()
        .map(|i| mix(part_keys[i], key_of(ranking.standing(i).rank)))
        .collect();
    remembered_rows.refresh(&names, &row_keys, |i| {
        let html = renderer.matrix_row(i, &ranking.standing_view(i));
        RankedRow {
            json: script_data::RowJson::new(&html),
            html,
            found: Default::default(),
        }
    });

    // The landing text, then the listing pages and the exports: again when an option's
    // front matter, the order, the landing text or the globals changed.
    let landing_key = key_of((globals, site.landing.source.as_ref().map(|s| s.hash)));
    let landing_holds = landing_body
        .get()
        .is_some_and(|body| body.key == landing_key && body.value.holds(targets, targets_key));
    if !landing_holds {
        landing_body.set(
            landing_key,
            LinkedBody::new(renderer.landing_body(), targets, targets_key),
        );
    }
    let landing = &landing_body.get().expect("made above").value;
    let listing_key = key_of((
        globals,
        &part_keys,
        &row_keys,
        landing_key,
        &landing.body.html,
    ));
    let parts: Vec<&Parts> = candidates
        .iter()
        .map(|c| {
            &remembered_parts
                .get(&c.file_name)
                .expect("made above")
                .value
        })
        .collect();
    let ranked_rows: Vec<&RankedRow> = ranking
        .display_order()
        .into_iter()
        .map(|i| {
            &remembered_rows
                .get(&candidates[i].file_name)
                .expect("made above")
                .value
        })
        .collect();
    if listing.get().is_none_or(|l| l.key != listing_key) {
        work.listings = true;
        let listed = Listed {
            parts: &parts,
            ranked_rows: &ranked_rows,
            ranking,
            robustness: ranked.robustness.get_or_init(|| ranking.robustness()),
        };
        let made = render_listings(&renderer, site, urls, &listed, &landing.body, rows);
        listing.set(listing_key, made);
    }
    let listing = &listing.get().expect("made above").value;
    for (path, file) in &listing.files {
        match file {
            Ok(bytes) => generated.push((path.clone(), bytes.clone())),
            Err(d) => {
                diagnostics.extend(d.iter().cloned());
                generated.push((path.clone(), Bytes::new()));
            }
        }
    }
    // The search index, with the words of the pages made again in this run.
    let docs = candidates
        .iter()
        .map(|c| {
            let terms = pages
                .get_mut(&c.file_name)
                .and_then(|page| page.value.terms.take());
            let entry = render::search::DocEntry {
                slug: &c.slug,
                title: &c.title,
                subtitle: c.facts.text(crate::builtin::SUBTITLE),
            };
            (c.file_name.as_str(), entry, terms)
        })
        .collect();
    let search_files = search.update(docs);
    generated.extend(search_files);
    for (path, bytes) in render::fixed_files(site) {
        generated.push((path, Bytes::from(bytes)));
    }
    // Options that share a slug share a page (an empty stand-in, with its error reported).
    let mut output: Output = generated.into_iter().collect();

    // Static files give way to generated files of the same path.
    for (path, bytes) in statics {
        if output.clashes(path) {
            diagnostics.push(render::static_collision(path));
        } else {
            output.insert(path.clone(), bytes.clone());
        }
    }

    // Content links' files and #anchors, checked against the pages they point into: again
    // when the body, the content files' pages (a link to a missing file may now resolve) or
    // one of the pages linked into changed.
    let mut bodies: Vec<(&str, u64, &Rendered, &SourceFile)> = candidates
        .iter()
        .zip(&page_keys)
        .map(|(c, key)| {
            let page = &pages.get(&c.file_name).expect("rendered above").value;
            let key = mix(targets_key, *key);
            (c.file_name.as_str(), key, &page.body.body, &*c.source)
        })
        .collect();
    if let Some(source) = &site.landing.source {
        bodies.push((
            crate::project::LANDING_FILE,
            mix(targets_key, landing_key),
            &landing.body,
            source,
        ));
    }
    let files = memo::index(&output);
    let stale: Vec<usize> = (0..bodies.len())
        .into_par_iter()
        .filter(|&i| {
            !body_checks
                .value_at(bodies[i].0, bodies[i].1)
                .is_some_and(|check| check.holds(&files))
        })
        .collect();
    let fresh: Vec<(String, u64, BodyCheck)> = stale
        .par_iter()
        .map(|&i| {
            let (name, key, body, source) = bodies[i];
            (name.to_string(), key, BodyCheck::new(body, source, &output))
        })
        .collect();
    body_checks.renew(fresh, bodies.iter().map(|b| b.0));
    for (name, ..) in &bodies {
        let check = &body_checks.get(name).expect("checked above").value;
        diagnostics.extend(check.diagnostics.iter().cloned());
    }
    drop(files);
    (output, diagnostics, work)
}

/// What the listings are made of: every option's parts in display order, the matrix rows
/// in the default ranking's order, and that ranking.
struct Listed<'a> {
    parts: &'a [&'a Parts],
    ranked_rows: &'a [&'a RankedRow],
    ranking: &'a DefaultRanking,
    robustness: &'a Robustness,
}

/// The landing page, the matrix page, the 404 page and the exports, from every option's
/// parts and rows.
fn render_listings(
    renderer: &SiteRenderer<'_>,
    site: &Site,
    urls: &Urls,
    listed: &Listed<'_>,
    landing: &Rendered,
    rows: usize,
) -> memo::Listing {
    let Listed {
        parts,
        ranked_rows,
        ranking,
        robustness,
    } = listed;
    let ((home, matrix), ((not_found, script_rows), data_files)) = rayon::join(
        || {
            rayon::join(
                || {
                    // A large site's landing page holds its best-ranked options' cards.
                    let order: Vec<usize> = if parts.len() > LANDING_CARDS {
                        ranking
                            .display_order()
                            .into_iter()
                            .take(LANDING_CARDS)
                            .collect()
                    } else {
                        (0..parts.len()).collect()
                    };
                    let (shown, ranked) = (
                        order.len(),
                        order.len() < parts.len() && !ranking.model.columns.is_empty(),
                    );
                    let cards = order.iter().map(|&i| parts[i].card.as_deref());
                    framed_page(cards, FramedParts::Cards, order.clone(), |cards| {
                        renderer.home_page_with(cards, shown, ranked, landing)
                    })
                },
                || {
                    let html = ranked_rows[..rows].iter().map(|r| r.html.as_deref());
                    let mut order = ranking.display_order();
                    order.truncate(rows);
                    framed_page(html, FramedParts::Rows, order, |rows| {
                        renderer.matrix_page_with(rows, ranking, robustness)
                    })
                },
            )
        },
        || {
            let entries: Vec<&ExportEntries> = parts.iter().map(|p| &p.exports).collect();
            let script: Vec<(&script_data::RowsEntry, &script_data::RowJson)> = ranking
                .display_order()
                .into_iter()
                .zip(ranked_rows.iter())
                .map(|(i, row)| (&parts[i].script, &row.json))
                .collect();
            (
                (renderer.not_found_page(), script_data::rows_files(&script)),
                render::data_files(site, urls, &entries, ranking, robustness),
            )
        },
    );
    let ((home, home_frame), (matrix, matrix_frame)) = (home, matrix);
    let frames = [(HOME_PAGE, home_frame), (MATRIX_PAGE, matrix_frame)]
        .into_iter()
        .filter_map(|(path, frame)| Some((path.to_string(), frame?)))
        .collect();
    let mut files: Vec<(String, Result<Bytes, Vec<Diagnostic>>)> = [
        (HOME_PAGE, home),
        (MATRIX_PAGE, matrix),
        (NOT_FOUND_PAGE, not_found),
        (render::ROBOTS_FILE, renderer.robots()),
    ]
    .into_iter()
    .map(|(path, html)| (path.to_string(), html.map(Bytes::from)))
    .collect();
    match script_rows {
        Ok(rows) => files.extend(rows.into_iter().map(|(path, b)| (path, Ok(Bytes::from(b))))),
        Err(d) => files.push((script_data::ROWS_FILE.to_string(), Err(d))),
    }
    files.extend(
        data_files
            .into_iter()
            .map(|(path, bytes)| (path, Ok(Bytes::from(bytes)))),
    );
    memo::Listing { files, frames }
}

/// Two placeholders of different lengths for the parts of a listing page: a template that
/// writes its parts as they are (`{{ cards | safe }}`) gives the same page around either.
const PLACEHOLDERS: [&str; 2] = [
    " <!--tradeoff:parts--> ",
    " <!--tradeoff:the parts of this page--> ",
];

/// A listing page made of `pieces` (the parts of `kind` of the options at `order`, in the
/// page's order): rendered by `render`
/// around a placeholder, and the parts spliced in where it is, when the template writes its
/// parts as they are, so that the page's check can read the frame and each part on its own
/// (parts are read once, not on every edit of another option). Otherwise rendered with the
/// parts joined, as it would be in any case.
fn framed_page<'p>(
    pieces: impl Iterator<Item = Result<&'p str, &'p Vec<Diagnostic>>>,
    kind: FramedParts,
    order: Vec<usize>,
    render: impl Fn(&str) -> Result<Vec<u8>, Vec<Diagnostic>>,
) -> (Result<Vec<u8>, Vec<Diagnostic>>, Option<memo::Frame>) {
    let pieces: Result<Vec<&str>, &Vec<Diagnostic>> = pieces.collect();
    let pieces = match pieces {
        Ok(pieces) => pieces,
        // A broken partial fails every option the same way: its first failure is enough.
        Err(d) => return (Err(d.clone()), None),
    };
    let length: usize = pieces.iter().map(|p| p.len()).sum();
    let spliced = (length > 0)
        .then(|| splice(&pieces, length, &render))
        .flatten();
    if let Some((page, scan, at)) = spliced {
        let frame = memo::Frame {
            scan,
            at,
            placeholder: PLACEHOLDERS[0].len(),
            tail: page.len() - at - length,
            parts: kind,
            order,
        };
        return (Ok(page), Some(frame));
    }
    let mut joined = String::with_capacity(length);
    for piece in &pieces {
        joined.push_str(piece);
    }
    (render(&joined), None)
}

/// The page `render` makes around `pieces` (of `length` bytes in all), by splicing them into
/// its frame; `None` when the template does more with its parts than write them as they are,
/// or the placeholder is not where a scan reads on as markup after it.
fn splice(
    pieces: &[&str],
    length: usize,
    render: &impl Fn(&str) -> Result<Vec<u8>, Vec<Diagnostic>>,
) -> Option<(Vec<u8>, memo::FragmentScan, usize)> {
    let [first, second] = PLACEHOLDERS.map(|placeholder| {
        let frame = render(placeholder).ok()?;
        let mut found = memchr::memmem::find_iter(&frame, placeholder.as_bytes());
        match (found.next(), found.next()) {
            (Some(at), None) => Some((frame, at)),
            _ => None,
        }
    });
    let ((frame, at), (other, other_at)) = (first?, second?);
    let after = at + PLACEHOLDERS[0].len();
    if frame[..at] != other[..other_at]
        || frame[after..] != other[other_at + PLACEHOLDERS[1].len()..]
    {
        return None;
    }
    let scan = memo::FragmentScan::of(std::str::from_utf8(&frame).ok()?);
    // The placeholder's comment starts after its leading space.
    if !scan.is_whole() || !scan.has_comment_at(at + 1) {
        return None;
    }
    let mut page = Vec::with_capacity(frame.len() - PLACEHOLDERS[0].len() + length);
    page.extend_from_slice(&frame[..at]);
    for piece in pieces {
        page.extend_from_slice(piece.as_bytes());
    }
    page.extend_from_slice(&frame[after..]);
    Some((page, scan, at))
}

// ---- check --------------------------------------------------------------------------------

/// Checks the output as a browser and a host would read it: every internal link the pages
/// and stylesheets make names a file of the output (and an id of it), and every
/// root-absolute URL starts with the base path. Each file is checked again when its bytes
/// changed or the output's files came or went.
fn check_output(
    site: &Site,
    output: &Output,
    own_templates: &[SourceFile],
    base_path: &str,
    request: &Request<'_>,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    let paths_key = key_of((base_path, output.paths().collect::<Vec<_>>()));
    let checked: Vec<(&str, &Bytes)> = output
        .iter_shared()
        .filter(|(path, _)| links::is_checked(path))
        .collect();
    let Memo {
        parts,
        rows,
        listing,
        page_checks,
        page_ids,
        ..
    } = memo;
    // The listing pages spliced from their frames and the options' parts.
    let frames: &[(String, memo::Frame)] = listing.get().map_or(&[], |l| &l.value.frames);
    let pieces = |frame: &memo::Frame| {
        memo::pieces(
            frame,
            |i| site.candidates.get(i).map(|c| c.file_name.as_str()),
            parts,
            rows,
        )
    };
    let stale: Vec<usize> = (0..checked.len())
        .into_par_iter()
        .filter(|&i| {
            let (path, bytes) = checked[i];
            !page_checks
                .value_at(path, paths_key)
                .is_some_and(|check| same_bytes(&check.bytes, bytes))
        })
        .collect();
    let files: HashSet<&str, memo::FastHash> = if stale.is_empty() {
        HashSet::default()
    } else {
        output.paths().collect()
    };
    let fresh: Vec<(String, u64, PageCheck)> = stale
        .par_iter()
        .map(|&i| {
            let (path, bytes) = checked[i];
            let check = match frames.iter().find(|(framed, _)| framed == path) {
                Some((_, frame)) => {
                    let pieces = pieces(frame);
                    PageCheck::framed(path, bytes, frame, pieces, &files, paths_key, base_path)
                }
                None => PageCheck::new(path, bytes, &files, base_path),
            };
            (path.to_string(), paths_key, check)
        })
        .collect();
    page_checks.renew(fresh, checked.iter().map(|(path, _)| *path));

    // The ids of the pages that links point into (few: most links have no fragment), each
    // read again only when its bytes changed. Pages that stand in empty are not checked.
    let index = memo::index(output);
    let linked: BTreeSet<&str> = checked
        .iter()
        .flat_map(|(path, _)| {
            let check = &page_checks.get(path).expect("checked above").value;
            check.links.into_pages.iter().map(|a| a.page.as_str())
        })
        .filter(|page| index.get(page).is_some_and(|bytes| !bytes.is_empty()))
        .collect();
    let fresh: Vec<(String, u64, memo::PageIds)> = linked
        .par_iter()
        .filter(|page| {
            !page_ids
                .get(page)
                .is_some_and(|ids| same_bytes(&ids.value.bytes, index[*page]))
        })
        .map(|page| {
            let check = page_checks.get(page).map(|c| &c.value);
            (page.to_string(), 0, memo::PageIds::of(index[*page], check))
        })
        .collect();
    page_ids.renew(fresh, linked.iter().copied());

    let mut broken = Vec::new();
    let mut findings = Vec::new();
    let ids_of = |page: &str| page_ids.get(page).map(|ids| &*ids.value.ids);
    for (path, _) in &checked {
        let check = &page_checks.get(path).expect("checked above").value;
        broken.extend(check.links.broken.iter().cloned());
        broken.extend(links::unanchored(&check.links.into_pages, ids_of));
        findings.extend(check.subpath.iter().cloned());
    }
    broken.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    // A broken link fails the build: the page is never written, so it is shown as rendered.
    let mut diagnostics = links::check(
        site,
        output,
        own_templates,
        base_path,
        &Origin::Rendered,
        &broken,
    );
    diagnostics.extend(subpath::check(
        site,
        output,
        own_templates,
        base_path,
        &request.pages,
        request.subpath,
        &findings,
    ));
    diagnostics
}

/// The output files that differ between `before` and `after`: new or changed (with their
/// contents) or gone (`None`), sorted by path. Both are walked once, side by side.
pub fn changed_files(before: &Output, after: &Output) -> Vec<(String, Option<Bytes>)> {
    let mut changes = Vec::new();
    let mut old = before.iter_shared().peekable();
    for (path, bytes) in after.iter_shared() {
        while let Some((gone, _)) = old.next_if(|(p, _)| *p < path) {
            changes.push((gone.to_string(), None));
        }
        let same = old
            .next_if(|(p, _)| *p == path)
            .is_some_and(|(_, was)| same_bytes(was, bytes));
        if !same {
            changes.push((path.to_string(), Some(bytes.clone())));
        }
    }
    changes.extend(old.map(|(gone, _)| (gone.to_string(), None)));
    changes
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// A site with options whose cards and rows hold every kind of link a check looks at.
    fn site_with(templates: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let target = dir.path().join(path);
            fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
            fs::write(target, text).expect("write");
        };
        write(
            "site.toml",
            "title = \"Pick\"\nbase_url = \"https://example.org/repo/\"\n\n[[criteria]]\nkey = \"speed\"\nkind = \"score\"\n",
        );
        write("content/_index.md", "+++\n+++\nSee [Beta](beta.md#pros).\n");
        for name in ["alpha", "beta", "gamma"] {
            write(
                &format!("content/{name}.md"),
                &format!("+++\ntitle = \"{name}\"\nspeed = 3\npros = [\"p\"]\n+++\nText.\n"),
            );
        }
        for (path, text) in templates {
            write(&format!("templates/{path}"), text);
        }
        let project = Project::new(Some(dir.path().to_path_buf()), None);
        (dir, project)
    }

    fn request() -> Request<'static> {
        Request {
            address: Address::Published(None),
            asset_links: AssetLinks::Hashed,
            subpath: Severity::Warning,
            pages: Origin::Rendered,
            today: today(),
            stop: None,
        }
    }

    /// Each spliced listing page checked from its pieces, and read whole, as the pipeline
    /// left them after a run.
    fn framed_and_whole(project: &Project) -> Vec<(String, PageCheck, PageCheck)> {
        let inputs = Inputs::read(project);
        let mut memo = Memo::default();
        let run = run(&request(), &inputs, &mut memo);
        let site = run.site.as_ref().expect("the site assembles");
        let files: HashSet<&str, memo::FastHash> = run.output.paths().collect();
        let listing = &memo.listing.get().expect("listed").value;
        listing
            .frames
            .iter()
            .map(|(path, frame)| {
                let name = |i: usize| site.candidates.get(i).map(|c| c.file_name.as_str());
                let parts = memo::pieces(frame, name, &memo.parts, &memo.rows);
                assert!(parts.is_some(), "{path}: every piece is there");
                let bytes = run.output.get_shared(path).expect("written");
                let framed = PageCheck::framed(path, &bytes, frame, parts, &files, 1, "/repo/");
                let whole = PageCheck::new(path, &bytes, &files, "/repo/");
                (path.clone(), framed, whole)
            })
            .collect()
    }

    fn ids(check: &PageCheck) -> Vec<String> {
        let mut ids: Vec<String> = match &check.ids {
            Some(ids) => ids.names().map(str::to_string).collect(),
            None => Vec::new(),
        };
        ids.sort();
        ids
    }

    #[test]
    fn a_spliced_listing_page_checks_as_the_whole_page_reads() {
        let card = "<li id=\"card-{{ candidate.slug }}\"><a href=\"{{ candidate.url }}\">{{ candidate.title }}</a> <a href=\"missing.html\">gone</a> <a href=\"#nowhere\">here</a> <a href=\"#card-alpha\">first</a> <a href=\"/elsewhere/\">out</a> <a href=\"{{ site.urls.matrix }}#nope\">matrix</a></li>\n";
        let row = "<tr data-slug=\"{{ candidate.slug }}\"><th scope=\"row\" id=\"row-{{ candidate.slug }}\"><a href=\"{{ candidate.url }}#pros\">{{ candidate.title }}</a><a href=\"../nothing/\">x</a><img src=\"/img.png\" alt=\"\"></th></tr>\n";
        let (_dir, project) = site_with(&[
            ("partials/card.html", card),
            ("partials/matrix-row.html", row),
        ]);
        let checks = framed_and_whole(&project);
        let paths: Vec<&str> = checks.iter().map(|(p, ..)| p.as_str()).collect();
        assert_eq!(
            paths,
            [HOME_PAGE, MATRIX_PAGE],
            "both listing pages are spliced"
        );
        for (path, framed, whole) in &checks {
            assert!(
                !whole.links.broken.is_empty(),
                "{path}: the test has broken links"
            );
            assert_eq!(framed.links, whole.links, "{path}: links");
            assert_eq!(framed.subpath, whole.subpath, "{path}: base path findings");
            let whole_ids: Vec<String> = {
                let text = std::str::from_utf8(&whole.bytes).expect("utf-8");
                let mut ids: Vec<String> = crate::html::Anchors::of(text)
                    .names()
                    .map(str::to_string)
                    .collect();
                ids.sort();
                ids
            };
            assert_eq!(ids(framed), whole_ids, "{path}: ids");
        }
    }

    #[test]
    fn a_part_that_is_not_whole_makes_its_page_read_whole() {
        // An unclosed comment hides the rest of the page from a reader of the whole page.
        let card = "<li><a href=\"{{ candidate.url }}\">{{ candidate.title }}</a><!-- <a href=\"missing.html\">\n";
        let (_dir, project) = site_with(&[("partials/card.html", card)]);
        let checks = framed_and_whole(&project);
        let (_, framed, whole) = &checks[0];
        assert_eq!(framed.links, whole.links);
        assert!(framed.ids.is_none(), "read whole, as a page");
    }

    #[test]
    fn a_template_that_reads_its_parts_gets_them_all() {
        let index = "{% extends \"base.html\" %}{% block main %}<p>{{ cards | length }} bytes</p><ul>{{ cards | safe }}</ul>{% endblock main %}\n";
        let (_dir, project) = site_with(&[("index.html", index)]);
        let run = run_once(&project, &request());
        let page = std::str::from_utf8(run.output.get(HOME_PAGE).expect("written"))
            .expect("utf-8")
            .to_string();
        let start = page.find("bytes</p><ul>").expect("the list") + "bytes</p><ul>".len();
        let end = page.rfind("</ul>").expect("its end");
        let cards = &page[start..end];
        assert!(
            cards.contains("alpha") && cards.contains("gamma"),
            "{cards}"
        );
        assert!(
            page.contains(&format!("<p>{} bytes</p>", cards.len())),
            "the template sees the cards themselves: {page}"
        );
        assert!(!page.contains("tradeoff:"), "no placeholder is left");
    }
}
