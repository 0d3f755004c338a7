//! Rendering a checked [`Site`] into an in-memory [`Output`]: Markdown bodies, Tera pages
//! (landing, matrix, one per option, 404), exports, static files; then the check of every
//! `#anchor` that content links to, and the search for URLs that ignore the base path
//! ([`subpath`]). Pure: reads nothing but the static files it is given.

pub mod assets;
pub mod charts;
pub mod exports;
pub mod links;
pub mod script_data;
pub mod search;
pub mod standings;
pub mod subpath;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashSet};

use tera::Context;

use crate::content::Candidate;
use crate::content::markdown::{self, AnchorLink, FileLink, LinkTargets, Rendered, Target};
use crate::diag::{Diagnostic, Kind, did_you_mean, suggestion_text};
use crate::output::Output;
use crate::project::LANDING_FILE;
use crate::site::Site;
use crate::source::SourceFile;

use self::templates::{Stop, Templates};
use self::urls::{HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE, Urls, option_page};
use self::views::{BodyView, CandidateView, CriterionView, NeighbourView, PageView, SiteView};

/// Ids the built-in option page uses itself; body headings get other ids.
pub const OPTION_PAGE_IDS: &[&str] = &[
    "main",
    "top",
    "best-for",
    "contents",
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

/// How many options the matrix page's ranking chart shows at most.
const RANKING_CHART_LIMIT: usize = 20;

/// The most rows the matrix page's HTML holds. A larger matrix would make a page of many
/// megabytes that takes a browser seconds to lay out; beyond this the page's script loads
/// what it sorts and filters the remaining rows by from [`script_data::ROWS_FILE`] and each
/// row, rendered by the same template, from its [`script_data::chunk_path`] file when it is
/// shown; the page says so to readers without JavaScript.
pub const MATRIX_STATIC_ROWS: usize = 1000;

/// The most cards the landing page holds: a larger site's landing page shows its best-ranked
/// options under the default weights (the first in display order when nothing is scored) and
/// points to the matrix for the rest, so that what a reader opens first stays light.
pub const LANDING_CARDS: usize = 100;

/// The template that renders one row of the matrix table.
pub const MATRIX_ROW_TEMPLATE: &str = "partials/matrix-row.html";
/// The template that renders one option's card on the landing page.
pub const CARD_TEMPLATE: &str = "partials/card.html";

/// Everything the pages of one build share: the site, the templates with this build's asset
/// hashes, URLs, and the views every page uses. Each page can be rendered on its own, so a
/// change re-renders only what it touches.
pub struct SiteRenderer<'a> {
    site: &'a Site,
    /// `None` when the templates did not parse: every page then fails without a reason of
    /// its own (the templates' errors are reported once).
    templates: Option<&'a Templates>,
    urls: &'a Urls,
    targets: &'a LinkTargets,
    site_view: SiteView<'a>,
    criteria: Vec<CriterionView<'a>>,
    score_charts: charts::ScoreCharts<'a>,
    /// Asked when the render's result is no longer wanted.
    stop: Option<&'a Stop>,
}

impl<'a> SiteRenderer<'a> {
    /// Prepares the shared parts of a build: `templates` from [`page_templates`] (or `None`
    /// when they did not parse), `targets` from [`link_targets`] for this site; renders stop
    /// when `stop` is asked.
    pub fn new(
        site: &'a Site,
        templates: Option<&'a Templates>,
        urls: &'a Urls,
        targets: &'a LinkTargets,
        stop: Option<&'a Stop>,
    ) -> Self {
        SiteRenderer {
            site,
            templates,
            urls,
            targets,
            site_view: SiteView::new(&site.config, urls),
            criteria: site
                .config
                .criteria
                .iter()
                .map(CriterionView::new)
                .collect(),
            score_charts: charts::ScoreCharts::new(&site.config.criteria),
            stop,
        }
    }

    /// Renders `template` with `ctx` into a buffer sized for a page or a part.
    fn render_template(
        &self,
        template: &str,
        ctx: &Context,
        capacity: usize,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let templates = self.templates.ok_or_else(Vec::new)?;
        let mut html = Vec::with_capacity(capacity);
        templates.render_into(template, ctx, &mut html, self.stop)?;
        Ok(html)
    }

    /// Renders a page template with `site` and `page` added to its context.
    /// `parts` is the size of what the context holds already rendered (cards, rows).
    fn render(
        &self,
        template: &str,
        page: PageView,
        mut ctx: Context,
        parts: usize,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        ctx.insert("site", &self.site_view);
        ctx.insert("page", &page);
        let mut html = self.render_template(template, &ctx, parts + 16 * 1024)?;
        // The whole site stays in memory until it is committed: hold no spare capacity.
        html.shrink_to_fit();
        Ok(html)
    }

    /// The Markdown body of the option at `index`, rendered.
    pub fn option_body(&self, index: usize) -> Rendered {
        render_body(&self.site.candidates[index], self.targets)
    }

    /// The page of the option at `index`, whose rendered body is `body`. Besides the option,
    /// it shows its neighbours' titles and URLs.
    pub fn option_page_html(
        &self,
        index: usize,
        body: &Rendered,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let site = self.site;
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
        ctx.insert(
            "chart",
            &self
                .score_charts
                .chart(candidate, &site.config.criteria, "score-chart"),
        );
        let page = PageView {
            kind: "option",
            title: candidate.title.clone(),
            canonical: urls.absolute(&view.url),
            url: view.url,
            description: candidate
                .facts
                .text(crate::builtin::BEST_FOR)
                .map(|b| format!("Best for: {b}")),
        };
        self.render("option.html", page, ctx, body.html.len())
    }

    /// The landing page's Markdown, rendered.
    pub fn landing_body(&self) -> Rendered {
        render_landing(self.site, self.targets).unwrap_or_default()
    }

    fn partial(
        &self,
        template: &str,
        index: usize,
        standing: Option<&views::StandingView>,
    ) -> Result<String, Vec<Diagnostic>> {
        let with_cells = standing.is_some();
        let site = self.site;
        let criteria: &[crate::config::Criterion] = if with_cells {
            &site.config.criteria
        } else {
            &[]
        };
        let candidate = &site.candidates[index];
        let mut ctx = Context::new();
        ctx.insert(
            "candidate",
            &CandidateView::new(candidate, criteria, self.urls),
        );
        ctx.insert("criteria", &self.criteria);
        ctx.insert("site", &self.site_view);
        if let Some(standing) = standing {
            ctx.insert("standing", standing);
        }
        let html = self.render_template(template, &ctx, 2048)?;
        Ok(String::from_utf8(html).expect("templates render UTF-8"))
    }

    /// The matrix row of the option at `index` (`partials/matrix-row.html`), which stands
    /// as `standing` with the default weights.
    pub fn matrix_row(
        &self,
        index: usize,
        standing: &views::StandingView,
    ) -> Result<String, Vec<Diagnostic>> {
        self.partial(MATRIX_ROW_TEMPLATE, index, Some(standing))
    }

    /// The landing page's card of the option at `index` (`partials/card.html`).
    pub fn card(&self, index: usize) -> Result<String, Vec<Diagnostic>> {
        self.partial(CARD_TEMPLATE, index, None)
    }

    /// The landing page, with the cards of the options it shows (see [`LANDING_CARDS`])
    /// joined: `shown` of them, ranked by the default weights when `ranked`.
    pub fn home_page_with(
        &self,
        cards: &str,
        shown: usize,
        ranked: bool,
        landing: &Rendered,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut ctx = Context::new();
        ctx.insert("cards", &cards);
        ctx.insert("cards_shown", &shown);
        ctx.insert("cards_ranked", &ranked);
        ctx.insert("option_count", &self.site.candidates.len());
        ctx.insert("criteria", &self.criteria);
        ctx.insert(
            "body",
            &BodyView {
                html: &landing.html,
                headings: &landing.headings,
            },
        );
        ctx.insert(
            "decision",
            &self
                .site
                .landing
                .decision
                .as_ref()
                .map(|d| views::DecisionView::new(d, &self.site.candidates, self.urls)),
        );
        let config = &self.site.config;
        let title = self
            .site
            .landing
            .title
            .clone()
            .unwrap_or_else(|| config.title.clone());
        let page = self.fixed_page("index", title, self.urls.home());
        self.render("index.html", page, ctx, cards.len() + landing.html.len())
    }

    /// The matrix page, with the rows of the first [`MATRIX_STATIC_ROWS`] options joined in
    /// the default ranking's order, which `ranking` holds with its `robustness`.
    pub fn matrix_page_with(
        &self,
        rows: &str,
        ranking: &standings::DefaultRanking,
        robustness: &standings::Robustness,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut ctx = Context::new();
        ctx.insert("rows", &rows);
        ctx.insert("option_count", &self.site.candidates.len());
        ctx.insert(
            "static_rows",
            &MATRIX_STATIC_ROWS.min(self.site.candidates.len()),
        );
        ctx.insert("criteria", &self.criteria);
        ctx.insert("rows_url", &self.urls.file(script_data::ROWS_FILE));
        let site = self.site;
        ctx.insert(
            "ranking_chart",
            &charts::ranking_chart(site, ranking, RANKING_CHART_LIMIT),
        );
        ctx.insert(
            "robustness",
            &ranking.robustness_view(site, self.urls, robustness),
        );
        ctx.insert(
            "matrix_data",
            &script_data::page_data(&self.criteria, self.urls, ranking, robustness),
        );
        let page = self.fixed_page("matrix", "Comparison matrix".into(), self.urls.matrix());
        self.render("matrix.html", page, ctx, rows.len())
    }

    /// The page GitHub Pages serves for a missing path.
    /// `robots.txt`, from its template (`templates/robots.txt` overrides the built-in one),
    /// with `sitemap_url`, the sitemap's full URL when the site has one.
    pub fn robots(&self) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_view);
        ctx.insert(
            "sitemap_url",
            &self.urls.absolute(&self.urls.file("sitemap.xml")),
        );
        self.render_template(ROBOTS_FILE, &ctx, 256)
    }

    /// The 404 page.
    pub fn not_found_page(&self) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut page = self.fixed_page(
            "404",
            "Page not found".into(),
            self.urls.file(NOT_FOUND_PAGE),
        );
        page.canonical = None;
        page.description = None;
        self.render("404.html", page, Context::new(), 0)
    }

    fn fixed_page(&self, kind: &'static str, title: String, url: String) -> PageView {
        PageView {
            kind,
            title,
            canonical: self.urls.absolute(&url),
            url,
            description: self.site.config.description.clone(),
        }
    }
}

/// The site's templates with `asset()` answering from `asset_urls` (static path → URL, see
/// [`assets::urls`]), ready to render pages.
pub fn page_templates(templates: &Templates, asset_urls: BTreeMap<String, String>) -> Templates {
    let mut templates = templates.clone();
    templates.set_assets(asset_urls);
    templates
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

/// One option's entries in the exports, made once per option and joined by [`data_files`].
#[derive(Debug, Clone)]
pub struct ExportEntries {
    /// Its object in `matrix.json`.
    pub json: Vec<u8>,
    /// Its row of `matrix.csv`.
    pub csv: Vec<u8>,
    /// Its line of `sitemap.xml` (empty when there is no sitemap).
    pub sitemap: String,
}

impl ExportEntries {
    /// The entries of `candidate`, which stands as `standing` with the default weights (its
    /// rank is left out: the listing joins it in).
    pub fn new(
        site: &Site,
        candidate: &Candidate,
        urls: &Urls,
        standing: &crate::ranking::Standing,
    ) -> Self {
        ExportEntries {
            json: exports::option_json(&site.config, candidate, urls),
            csv: exports::csv_row(&site.config, candidate, urls, standing),
            sitemap: exports::sitemap_entry(urls, &urls.option(&candidate.slug)),
        }
    }
}

/// `matrix.json`, `matrix.csv` and, when the origin is known, `sitemap.xml`, joined from
/// every option's [`ExportEntries`] in display order, with the default `ranking` and its
/// `robustness`.
pub fn data_files(
    site: &Site,
    urls: &Urls,
    entries: &[&ExportEntries],
    ranking: &standings::DefaultRanking,
    robustness: &standings::Robustness,
) -> Vec<(String, Vec<u8>)> {
    let ((json, csv), sitemap) = rayon::join(
        || {
            rayon::join(
                || {
                    let options = entries.iter().map(|e| e.json.as_slice());
                    let ranking = ranking.json(site, robustness);
                    let decision = site.landing.decision.as_ref();
                    exports::join_matrix_json(&site.config, decision, urls, &ranking, options)
                },
                || {
                    let mut csv = exports::csv_header(&site.config);
                    csv.reserve(entries.iter().map(|e| e.csv.len() + 6).sum());
                    for (index, entry) in entries.iter().enumerate() {
                        if let Some(rank) = ranking.standing(index).rank {
                            csv.extend_from_slice(rank.to_string().as_bytes());
                        }
                        csv.push(b',');
                        csv.extend_from_slice(&entry.csv);
                    }
                    csv
                },
            )
        },
        || {
            let fixed = [urls.home(), urls.matrix()].map(|url| exports::sitemap_entry(urls, &url));
            let pages = fixed.iter().map(String::as_str);
            exports::join_sitemap(
                urls,
                pages.chain(entries.iter().map(|e| e.sitemap.as_str())),
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

/// `robots.txt`, and the name of its template.
pub const ROBOTS_FILE: &str = "robots.txt";

/// The files that depend only on the settings: `.nojekyll`, and `CNAME` when configured.
pub fn fixed_files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(NOJEKYLL.to_string(), Vec::new())];
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".to_string(), format!("{cname}\n").into_bytes()));
    }
    files
}

/// The error for a static file on the path of a generated file or folder.
pub fn static_collision(path: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "static/{path} is in the way of a page or file tradeoff generates"
    ))
    .with_kind(Kind::StaticCollision)
    .in_file(format!("static/{path}"))
    .help(if crate::theme::templates().iter().any(|t| t.path == path) {
        format!("to change it, put its template in templates/{path} instead (see the README)")
    } else {
        "rename or move the file; to change the page itself, override its template in templates/"
            .to_string()
    })
}

/// A rendered body's own diagnostics (broken links) and those of its `#anchor` links,
/// checked against the pages in `output`.
pub fn body_diagnostics(body: &Rendered, source: &SourceFile, output: &Output) -> Vec<Diagnostic> {
    let mut diagnostics = body.diagnostics.clone();
    diagnostics.extend(check_anchors(&body.anchor_links, source, output));
    diagnostics.extend(check_files(&body.file_links, source, output));
    diagnostics
}

/// Checks that each link to a file of the site names one the build writes.
fn check_files(links: &[FileLink], source: &SourceFile, output: &Output) -> Vec<Diagnostic> {
    links
        .iter()
        .filter(|link| !link.files.iter().any(|f| output.contains(f)))
        .map(|link| {
            let d = Diagnostic::link_not_built(&link.written, &link.files[0], None);
            let d = source.locate(d, link.span.clone());
            match same_name_file(&link.files[0], output) {
                Some(found) => d.help(format!(
                    "{} (static/{found} is published at {found})",
                    suggestion_text(&format!("../static/{found}"))
                )),
                None => d.help(markdown::FILE_LINK_HELP),
            }
        })
        .collect()
}

/// A file the site publishes (a page excepted) with the same name as `path`'s last part.
fn same_name_file<'o>(path: &str, output: &'o Output) -> Option<&'o str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() || name.eq_ignore_ascii_case("index.html") {
        return None;
    }
    output.paths().find(|p| {
        p.rsplit('/')
            .next()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// The pages tradeoff renders (the other HTML files are copied from `static/`).
pub fn generated_pages(site: &Site) -> HashSet<String> {
    [HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE]
        .into_iter()
        .map(String::from)
        .chain(site.candidates.iter().map(|c| option_page(&c.slug)))
        .collect()
}

/// Where a problem repeated on output files shows: `on 404.html`, or `on 3 pages,
/// index.html among them` (each file counted once).
pub fn on_pages<'a>(files: impl IntoIterator<Item = &'a str>) -> String {
    let mut files = files.into_iter();
    let Some(first) = files.next() else {
        return String::new();
    };
    let mut distinct: HashSet<&str> = files.collect();
    distinct.insert(first);
    match distinct.len() {
        1 => format!("on {first}"),
        n => format!("on {n} pages, {first} among them"),
    }
}

/// Content file names and the pages they become.
pub fn link_targets(site: &Site, urls: &Urls) -> LinkTargets {
    let mut targets = LinkTargets::new(&urls.base_path);
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

/// Checks each link's `#anchor` against the ids of the page it points to.
fn check_anchors(links: &[AnchorLink], source: &SourceFile, output: &Output) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // Each linked page's ids, read once (and its text checked once): one page may be linked
    // 20,000 times.
    let mut cache: BTreeMap<&str, Option<crate::html::Anchors<'_>>> = BTreeMap::new();
    for link in links {
        // A page that is not there, or stands in for one that failed, is not checked.
        let Some(ids) = cache.entry(link.page.as_str()).or_insert_with(|| {
            output
                .get(&link.page)
                .filter(|b| !b.is_empty())
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(crate::html::Anchors::of)
        }) else {
            continue;
        };
        if ids.has(&link.anchor) {
            continue;
        }
        let d = Diagnostic::missing_anchor(&link.anchor, &link.page, None);
        let mut d = source.locate(d, link.span.clone());
        let mut known: Vec<&str> = ids.names().collect();
        known.sort_unstable();
        if let Some(s) = did_you_mean(&link.anchor, known.iter().copied()) {
            d = d.suggest(&format!("#{s}"));
        }
        diagnostics.push(d);
    }
    diagnostics
}
