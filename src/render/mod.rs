//! Rendering a checked [`Site`] into an in-memory [`Output`]: Markdown bodies, Tera pages
//! (landing, matrix, one per option, 404), exports, static files; then the check of every
//! `#anchor` that content links to. Pure: reads nothing but the static files it is given.

pub mod assets;
pub mod exports;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use tera::Context;

use crate::content::Candidate;
use crate::content::markdown::{self, AnchorLink, LinkTargets, Rendered, Target};
use crate::diag::{Diagnostic, did_you_mean};
use crate::output::Output;
use crate::site::{LANDING_FILE, Site};
use crate::source::SourceFile;

use self::assets::{AssetLinks, Assets};
use self::templates::Templates;
use self::urls::{HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE, Urls, option_page};
use self::views::{BodyView, CandidateView, CriterionView, NeighbourView, PageView, SiteView};

/// Ids the built-in option page uses itself; body headings get other ids.
pub const OPTION_PAGE_IDS: &[&str] = &[
    "main",
    "top",
    "best-for",
    "scores",
    "facts",
    "pros",
    "cons",
    "notes",
    "other-options",
];
/// Ids the built-in landing page uses itself.
pub const HOME_PAGE_IDS: &[&str] = &["main", "top", "intro", "options"];

/// Files every build writes besides pages and static files.
const NOJEKYLL: &str = ".nojekyll";

/// Renders the whole site, its pages linking static files as `links` says. Returns the
/// output when there were no errors, and every diagnostic (errors and warnings) either way.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    assets: &Assets,
    urls: &Urls,
    links: AssetLinks,
) -> (Option<Output>, Vec<Diagnostic>) {
    let templates = page_templates(templates, assets, urls, links);
    let mut diagnostics = Vec::new();
    let targets = link_targets(site, urls);
    let bodies: Vec<Rendered> = site
        .candidates
        .par_iter()
        .map(|c| render_body(c, &targets))
        .collect();
    let landing_body = render_landing(site, &targets);
    let pages = Pages::new(site, &templates, urls);

    let option_pages: Vec<Result<(String, Vec<u8>), Diagnostic>> = (0..site.candidates.len())
        .into_par_iter()
        .map(|i| {
            pages
                .option_page(site, i, &bodies[i])
                .map(|html| (option_page(&site.candidates[i].slug), html))
        })
        .collect();
    let mut output = Output::new();
    for result in option_pages {
        match result {
            Ok((path, html)) => output.insert(path, html),
            Err(d) => diagnostics.push(d),
        }
    }
    let parts: Vec<Result<CandidateParts, Diagnostic>> = (0..site.candidates.len())
        .into_par_iter()
        .map(|i| pages.candidate_parts(site, i))
        .collect();
    let mut good_parts = Vec::with_capacity(parts.len());
    for result in &parts {
        match result {
            Ok(part) => good_parts.push(part),
            Err(d) => diagnostics.push(d.clone()),
        }
    }
    for (path, result) in pages.listing_pages(site, landing_body.as_ref(), &good_parts) {
        match result {
            Ok(html) => output.insert(path, html),
            Err(d) => diagnostics.push(d),
        }
    }
    for (path, bytes) in data_files(site, urls, &good_parts) {
        output.insert(path, bytes);
    }
    for (path, bytes) in fixed_files(site, urls) {
        output.insert(path, bytes);
    }
    diagnostics.extend(add_static_files(&mut output, assets));

    let all_bodies = bodies
        .iter()
        .zip(site.candidates.iter().map(|c| &c.source))
        .chain(landing_body.iter().zip(site.landing.source.iter()));
    for (body, source) in all_bodies {
        diagnostics.extend(body_diagnostics(body, source, &output));
    }

    if diagnostics.iter().any(Diagnostic::is_error) {
        (None, diagnostics)
    } else {
        (Some(output), diagnostics)
    }
}

/// The site's templates with `asset()` answering from `assets`, ready to render pages.
pub fn page_templates(
    templates: &Templates,
    assets: &Assets,
    urls: &Urls,
    links: AssetLinks,
) -> Templates {
    let mut templates = templates.clone();
    templates.set_assets(assets::urls(assets, &urls.base_path, links));
    templates
}

/// Content file names and the pages they become.
pub fn link_targets(site: &Site, urls: &Urls) -> LinkTargets {
    let mut targets = LinkTargets::default();
    targets.insert(
        LANDING_FILE.to_string(),
        Target {
            url: urls.home(),
            page: HOME_PAGE.to_string(),
        },
    );
    for c in &site.candidates {
        targets.insert(
            c.file_name.clone(),
            Target {
                url: urls.option(&c.slug),
                page: option_page(&c.slug),
            },
        );
    }
    targets
}

/// An option's Markdown body as HTML, its links resolved through `targets`.
pub fn render_body(candidate: &Candidate, targets: &LinkTargets) -> Rendered {
    markdown::render(
        &candidate.source,
        candidate.body.clone(),
        targets,
        &option_page(&candidate.slug),
        OPTION_PAGE_IDS,
    )
}

/// The landing text as HTML, when there is a `content/_index.md`.
pub fn render_landing(site: &Site, targets: &LinkTargets) -> Option<Rendered> {
    site.landing.source.as_ref().map(|source| {
        markdown::render(
            source,
            site.landing.body.clone(),
            targets,
            HOME_PAGE,
            HOME_PAGE_IDS,
        )
    })
}

/// The template of one option's row in the matrix (`matrix_rows` of the listing pages).
pub const MATRIX_ROW_TEMPLATE: &str = "matrix-row.html";
/// The template of one option's card on the landing page (`option_cards`).
pub const OPTION_CARD_TEMPLATE: &str = "option-card.html";

/// The pieces of the listing pages and exports that show one option, made once per option
/// and shared by every page that lists it (and kept by `serve` until the option changes).
#[derive(Debug, Clone)]
pub struct CandidateParts {
    /// The option as templates see it: an item of the listing pages' `candidates`.
    pub view: tera::Value,
    /// Its row of the matrix, from `matrix-row.html`: HTML, marked safe.
    pub matrix_row: tera::Value,
    /// Its card on the landing page, from `option-card.html`: HTML, marked safe.
    pub card: tera::Value,
    /// Its object in `matrix.json`.
    pub json: Vec<u8>,
    /// Its row of `matrix.csv`.
    pub csv: Vec<u8>,
    /// Its line of `sitemap.xml` (empty when there is no sitemap).
    pub sitemap: String,
}

/// What every page of a site shares: the templates, the URLs, the views of the site and of
/// its criteria. Cheap to make; the pages themselves are rendered one by one.
pub struct Pages<'a> {
    templates: &'a Templates,
    urls: &'a Urls,
    site: SiteView<'a>,
    criteria: Vec<CriterionView<'a>>,
}

impl<'a> Pages<'a> {
    /// The shared parts of `site`'s pages; `templates` come from [`page_templates`].
    pub fn new(site: &'a Site, templates: &'a Templates, urls: &'a Urls) -> Self {
        Pages {
            templates,
            urls,
            site: SiteView::new(&site.config, urls, site.candidates.len()),
            criteria: site
                .config
                .criteria
                .iter()
                .map(CriterionView::new)
                .collect(),
        }
    }

    /// The page of the option at `index` in display order, whose body is `body`. Besides
    /// the option itself, it shows its neighbours' titles and URLs.
    pub fn option_page(
        &self,
        site: &Site,
        index: usize,
        body: &Rendered,
    ) -> Result<Vec<u8>, Diagnostic> {
        let urls = self.urls;
        let candidate = &site.candidates[index];
        let view = CandidateView::new(candidate, &site.config.criteria, urls);
        let neighbour = |j: usize| {
            site.candidates.get(j).map(|c| NeighbourView {
                title: &c.title,
                url: urls.option(&c.slug),
            })
        };
        let mut ctx = Context::new();
        ctx.insert("candidate", &view);
        ctx.insert(
            "body",
            &BodyView {
                html: &body.html,
                headings: &body.headings,
            },
        );
        ctx.insert("previous", &index.checked_sub(1).and_then(neighbour));
        ctx.insert("next", &neighbour(index + 1));
        ctx.insert("criteria", &self.criteria);
        let page = PageView {
            kind: "option",
            title: candidate.title.clone(),
            url: view.url.clone(),
            canonical: urls.absolute(&view.url),
            description: candidate
                .best_for
                .as_ref()
                .map(|b| format!("Best for: {b}")),
        };
        self.render("option.html", page, ctx)
    }

    /// The pieces of the listing pages and exports that show the option at `index`.
    pub fn candidate_parts(&self, site: &Site, index: usize) -> Result<CandidateParts, Diagnostic> {
        let candidate = &site.candidates[index];
        let view = tera::Value::from_serializable(&CandidateView::new(
            candidate,
            &site.config.criteria,
            self.urls,
        ));
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("criteria", &self.criteria);
        ctx.insert_value("candidate", view.clone());
        let partial = |template: &str| -> Result<tera::Value, Diagnostic> {
            let mut html = Vec::with_capacity(1024);
            self.templates.render_into(template, &ctx, &mut html)?;
            let html = String::from_utf8(html)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Ok(tera::Value::from(html).mark_safe())
        };
        let matrix_row = partial(MATRIX_ROW_TEMPLATE)?;
        let card = partial(OPTION_CARD_TEMPLATE)?;
        Ok(CandidateParts {
            view,
            matrix_row,
            card,
            json: exports::option_json(&site.config, candidate, self.urls),
            csv: exports::csv_row(&site.config, candidate, self.urls),
            sitemap: exports::sitemap_entry(self.urls, &self.urls.option(&candidate.slug)),
        })
    }

    /// The pages that show every option: the landing page, the matrix and the 404 page
    /// (output path and result of each). `landing` is the landing text's rendered body and
    /// `parts` the options' [`CandidateParts`] in display order.
    pub fn listing_pages(
        &self,
        site: &Site,
        landing: Option<&Rendered>,
        parts: &[&CandidateParts],
    ) -> Vec<(&'static str, Result<Vec<u8>, Diagnostic>)> {
        let urls = self.urls;
        let list = |part: fn(&CandidateParts) -> &tera::Value| {
            tera::Value::from(parts.iter().map(|p| part(p).clone()).collect::<Vec<_>>())
        };
        let size_of = |part: fn(&CandidateParts) -> &tera::Value| -> usize {
            parts
                .iter()
                .map(|p| part(p).as_str().map_or(0, str::len))
                .sum()
        };
        let rows_size = size_of(|p| &p.matrix_row);
        let cards_size = size_of(|p| &p.card);
        let candidates = list(|p| &p.view);
        let matrix_rows = list(|p| &p.matrix_row);
        let option_cards = list(|p| &p.card);
        let empty = Rendered::default();
        let landing = landing.unwrap_or(&empty);
        let fixed_pages = [
            (
                HOME_PAGE,
                "index.html",
                "index",
                site.landing
                    .title
                    .clone()
                    .unwrap_or_else(|| site.config.title.clone()),
                urls.home(),
            ),
            (
                MATRIX_PAGE,
                "matrix.html",
                "matrix",
                "Comparison matrix".to_string(),
                urls.matrix(),
            ),
            (
                NOT_FOUND_PAGE,
                "404.html",
                "404",
                "Page not found".to_string(),
                urls.file(NOT_FOUND_PAGE),
            ),
        ];
        fixed_pages
            .into_par_iter()
            .map(|(path, template, kind, title, url)| {
                let mut ctx = Context::new();
                ctx.insert_value("candidates", candidates.clone());
                ctx.insert_value("matrix_rows", matrix_rows.clone());
                ctx.insert_value("option_cards", option_cards.clone());
                ctx.insert("criteria", &self.criteria);
                ctx.insert(
                    "body",
                    &BodyView {
                        html: &landing.html,
                        headings: &landing.headings,
                    },
                );
                let canonical = if kind == "404" {
                    None
                } else {
                    urls.absolute(&url)
                };
                let page = PageView {
                    kind,
                    title,
                    url,
                    canonical,
                    description: site.config.description.clone(),
                };
                let size = match kind {
                    "matrix" => rows_size,
                    "index" => cards_size,
                    _ => 0,
                };
                (
                    path,
                    self.render_sized(template, page, ctx, size + 64 * 1024),
                )
            })
            .collect()
    }

    fn render(&self, template: &str, page: PageView, ctx: Context) -> Result<Vec<u8>, Diagnostic> {
        self.render_sized(template, page, ctx, 16 * 1024)
    }

    /// Renders a page into a buffer of about the size it will have.
    fn render_sized(
        &self,
        template: &str,
        page: PageView,
        mut ctx: Context,
        size: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert("site", &self.site);
        ctx.insert("page", &page);
        let mut html = Vec::with_capacity(size);
        self.templates.render_into(template, &ctx, &mut html)?;
        Ok(html)
    }
}

/// The exports made from every option: `matrix.json`, `matrix.csv` and, when the origin is
/// known, `sitemap.xml`. `parts` are the options' [`CandidateParts`] in display order.
pub fn data_files(site: &Site, urls: &Urls, parts: &[&CandidateParts]) -> Vec<(String, Vec<u8>)> {
    let ((json, csv), sitemap) = rayon::join(
        || {
            rayon::join(
                || {
                    let options = parts.iter().map(|p| p.json.as_slice());
                    exports::join_matrix_json(&site.config, urls, options)
                },
                || {
                    let mut csv = exports::csv_header(&site.config);
                    csv.reserve(parts.iter().map(|p| p.csv.len()).sum());
                    for part in parts {
                        csv.extend_from_slice(&part.csv);
                    }
                    csv
                },
            )
        },
        || {
            let fixed = [urls.home(), urls.matrix()].map(|url| exports::sitemap_entry(urls, &url));
            let entries = fixed.iter().map(String::as_str);
            exports::join_sitemap(
                urls,
                entries.chain(parts.iter().map(|p| p.sitemap.as_str())),
            )
        },
    );
    let mut files = vec![
        ("matrix.json".to_string(), json),
        ("matrix.csv".to_string(), csv),
    ];
    if let Some(sitemap) = sitemap {
        files.push(("sitemap.xml".to_string(), sitemap));
    }
    files
}

/// The files that depend only on the settings: `robots.txt`, `.nojekyll`, and `CNAME` when
/// configured.
pub fn fixed_files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("robots.txt".to_string(), exports::robots(urls)),
        (NOJEKYLL.to_string(), Vec::new()),
    ];
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".to_string(), format!("{cname}\n").into_bytes()));
    }
    files
}

/// Adds the static files to `output`, which already holds every generated file; a static
/// file on a generated file's path is an error and is left out.
pub fn add_static_files(output: &mut Output, assets: &Assets) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path, bytes) in assets {
        if output.contains(path) {
            diagnostics.push(static_collision(path));
        } else {
            output.insert(path.clone(), bytes.clone());
        }
    }
    diagnostics
}

/// The error for a static file on the path of a generated file.
pub fn static_collision(path: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "static/{path} has the same path as a page tradeoff generates"
    ))
    .in_file(format!("static/{path}"))
    .help("rename or move the file; to change the page itself, override its template in templates/")
}

/// A rendered body's own diagnostics (broken links) and those of its `#anchor` links,
/// checked against the pages in `output`.
pub fn body_diagnostics(body: &Rendered, source: &SourceFile, output: &Output) -> Vec<Diagnostic> {
    let mut diagnostics = body.diagnostics.clone();
    diagnostics.extend(check_anchors(&body.anchor_links, source, output));
    diagnostics
}

/// The values of every `id="..."` attribute in an HTML page.
pub fn ids_in(html: &str) -> HashSet<&str> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(at) = rest.find("id=\"") {
        let preceded_by_space = at > 0 && rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + 4..];
        let end = after.find('"').unwrap_or(after.len());
        if preceded_by_space {
            ids.insert(&after[..end]);
        }
        rest = &after[end..];
    }
    ids
}

/// Checks each link's `#anchor` against the ids of the page it points to.
fn check_anchors(links: &[AnchorLink], source: &SourceFile, output: &Output) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut cache: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for link in links {
        let Some(html) = output
            .get(&link.page)
            .and_then(|b| std::str::from_utf8(b).ok())
        else {
            continue;
        };
        let ids = cache
            .entry(link.page.as_str())
            .or_insert_with(|| ids_in(html));
        if ids.contains(link.anchor.as_str()) {
            continue;
        }
        let mut d = source
            .error_at(
                link.span.clone(),
                format!("broken link: no `#{}` on {}", link.anchor, link.page),
            )
            .label("this anchor does not exist on the linked page");
        let mut known: Vec<&str> = ids.iter().copied().collect();
        known.sort_unstable();
        if let Some(s) = did_you_mean(&link.anchor, known.iter().copied()) {
            d = d.help(format!("did you mean `#{s}`?"));
        }
        diagnostics.push(d);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_only_in_attributes() {
        let ids = ids_in(
            r#"<h2 id="pros">Pros</h2><p data-id="x">grid="y"</p><div class="a" id="cons">"#,
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, vec!["cons", "pros"]);
    }
}
