//! Rendering a checked [`Site`] into an in-memory [`Output`]: Markdown bodies, Tera pages
//! (landing, matrix, one per option, 404), exports, static files; then the check of every
//! `#anchor` that content links to, and the search for URLs that ignore the base path
//! ([`subpath`]). Pure: reads nothing but the static files it is given.

pub mod assets;
pub mod charts;
pub mod exports;
pub mod subpath;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use tera::Context;

use crate::content::markdown::{self, AnchorLink, LinkTargets, Rendered, Target};
use crate::diag::{Diagnostic, did_you_mean};
use crate::output::Output;
use crate::site::{LANDING_FILE, Site};
use crate::source::SourceFile;

use self::assets::Assets;
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

/// Renders the whole site. Returns the output when there were no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    assets: &Assets,
    urls: &Urls,
) -> (Option<Output>, Vec<Diagnostic>) {
    let mut templates = templates.clone();
    templates.set_assets(&urls.base_path, assets::hashes(assets));
    let mut diagnostics = Vec::new();
    let targets = link_targets(site, urls);

    let landing_body = site.landing.source.as_ref().map(|source| {
        markdown::render(
            source,
            site.landing.body.clone(),
            &targets,
            HOME_PAGE,
            HOME_PAGE_IDS,
        )
    });

    let site_view = SiteView::new(&site.config, urls, site.candidates.len());
    let criteria: Vec<CriterionView<'_>> = site
        .config
        .criteria
        .iter()
        .map(CriterionView::new)
        .collect();
    let page_renderer = PageRenderer {
        templates: &templates,
        site: &site_view,
    };

    // Each option's Markdown is rendered right before its page, and the body's HTML is
    // dropped once the page holds it: at 10,000 options that halves the memory used.
    let option_pages: Vec<(Result<(String, Vec<u8>), Diagnostic>, Rendered)> = site
        .candidates
        .par_iter()
        .enumerate()
        .map(|(i, candidate)| {
            let page_path = option_page(&candidate.slug);
            let mut body = markdown::render(
                &candidate.source,
                candidate.body.clone(),
                &targets,
                &page_path,
                OPTION_PAGE_IDS,
            );
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
            ctx.insert("previous", &i.checked_sub(1).and_then(neighbour));
            ctx.insert("next", &neighbour(i + 1));
            ctx.insert("criteria", &criteria);
            ctx.insert(
                "chart",
                &charts::score_chart(candidate, &site.config.criteria, "score-chart"),
            );
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
            let html = page_renderer
                .render("option.html", page, ctx)
                .map(|html| (page_path, html));
            body.html = String::new();
            (html, body)
        })
        .collect();

    let mut output = Output::new();
    let mut bodies = Vec::with_capacity(option_pages.len());
    for (result, body) in option_pages {
        match result {
            Ok((path, html)) => output.insert(path, html),
            Err(d) => diagnostics.push(d),
        }
        bodies.push(body);
    }

    let empty = Rendered::default();
    let landing = landing_body.as_ref().unwrap_or(&empty);
    let landing_view = BodyView {
        html: &landing.html,
        headings: &landing.headings,
    };
    let ranking =
        charts::ranking_chart(&site.candidates, &site.config.criteria, RANKING_CHART_LIMIT);
    let matrix_data = matrix_script_data(&criteria, urls);
    // The three fixed pages render in parallel; the landing page's cards need no cells.
    let fixed_pages: Vec<(&str, Result<Vec<u8>, Diagnostic>)> =
        [HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE]
            .into_par_iter()
            .map(|path| {
                let mut ctx = Context::new();
                ctx.insert("criteria", &criteria);
                let description = &site.config.description;
                let (template, page) = match path {
                    HOME_PAGE => {
                        let cards: Vec<CandidateView<'_>> = site
                            .candidates
                            .iter()
                            .map(|c| CandidateView::card(c, urls))
                            .collect();
                        ctx.insert("candidates", &cards);
                        ctx.insert("body", &landing_view);
                        let title = site
                            .landing
                            .title
                            .clone()
                            .unwrap_or_else(|| site.config.title.clone());
                        (
                            "index.html",
                            fixed_page("index", title, urls.home(), urls, description),
                        )
                    }
                    MATRIX_PAGE => {
                        let rows: Vec<CandidateView<'_>> = site
                            .candidates
                            .iter()
                            .map(|c| CandidateView::new(c, &site.config.criteria, urls))
                            .collect();
                        ctx.insert("candidates", &rows);
                        ctx.insert("ranking_chart", &ranking);
                        ctx.insert("matrix_data", &matrix_data);
                        let title = "Comparison matrix".to_string();
                        (
                            "matrix.html",
                            fixed_page("matrix", title, urls.matrix(), urls, description),
                        )
                    }
                    _ => {
                        let url = urls.file(NOT_FOUND_PAGE);
                        let mut page = fixed_page("404", "Page not found".into(), url, urls, &None);
                        page.canonical = None;
                        ("404.html", page)
                    }
                };
                (path, page_renderer.render(template, page, ctx))
            })
            .collect();
    for (path, result) in fixed_pages {
        match result {
            Ok(html) => output.insert(path, html),
            Err(d) => diagnostics.push(d),
        }
    }

    output.insert(
        "matrix.json",
        exports::matrix_json(&site.config, &site.candidates, urls),
    );
    output.insert(
        "matrix.csv",
        exports::matrix_csv(&site.config, &site.candidates, urls),
    );
    let mut page_urls = vec![urls.home(), urls.matrix()];
    page_urls.extend(site.candidates.iter().map(|c| urls.option(&c.slug)));
    if let Some(sitemap) = exports::sitemap(urls, &page_urls) {
        output.insert("sitemap.xml", sitemap);
    }
    output.insert("robots.txt", exports::robots(urls));
    output.insert(NOJEKYLL, Vec::new());
    if let Some(cname) = &site.config.cname {
        output.insert("CNAME", format!("{cname}\n"));
    }
    for (path, bytes) in assets {
        if output.contains(path) {
            diagnostics.push(
                Diagnostic::error(format!("static/{path} has the same path as a page tradeoff generates"))
                    .in_file(format!("static/{path}"))
                    .help("rename or move the file; to change the page itself, override its template in templates/"),
            );
        } else {
            output.insert(path.clone(), bytes.clone());
        }
    }

    let all_bodies = bodies
        .iter()
        .zip(site.candidates.iter().map(|c| &c.source))
        .chain(landing_body.iter().zip(site.landing.source.iter()));
    for (body, source) in all_bodies {
        diagnostics.extend(body.diagnostics.iter().cloned());
        diagnostics.extend(check_anchors(&body.anchor_links, source, &output));
    }

    if diagnostics.iter().any(Diagnostic::is_error) {
        (None, diagnostics)
    } else {
        (Some(output), diagnostics)
    }
}

/// How many options the matrix page's ranking chart shows at most.
const RANKING_CHART_LIMIT: usize = 20;

/// What the matrix page's script needs beyond the table: the criteria's schema and where
/// `matrix.json` is. Safe to place inside a `<script type="application/json">` element.
fn matrix_script_data(criteria: &[CriterionView<'_>], urls: &Urls) -> String {
    let data = serde_json::json!({ "criteria": criteria, "json_url": urls.file("matrix.json") });
    serde_json::to_string(&data)
        .expect("criteria serialise")
        .replace("</", "<\\/")
}

/// The page facts of a landing, matrix or not-found page.
fn fixed_page(
    kind: &'static str,
    title: String,
    url: String,
    urls: &Urls,
    description: &Option<String>,
) -> PageView {
    PageView {
        kind,
        title,
        canonical: urls.absolute(&url),
        url,
        description: description.clone(),
    }
}

/// Content file names and the pages they become.
fn link_targets(site: &Site, urls: &Urls) -> LinkTargets {
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

/// Renders a page template with the shared context.
struct PageRenderer<'a> {
    templates: &'a Templates,
    site: &'a SiteView<'a>,
}

impl PageRenderer<'_> {
    fn render(
        &self,
        template: &str,
        page: PageView,
        mut ctx: Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert("site", self.site);
        ctx.insert("page", &page);
        let mut html = Vec::with_capacity(16 * 1024);
        self.templates.render_into(template, &ctx, &mut html)?;
        // The whole site stays in memory until it is committed: hold no spare capacity.
        html.shrink_to_fit();
        Ok(html)
    }
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
