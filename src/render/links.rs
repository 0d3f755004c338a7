//! The internal links of the built pages: every `href` and `src` (and CSS `url()`) of an HTML
//! page that stays inside the site must name a file the build writes, and its `#fragment` an
//! id of that page. Markdown links are checked where they are written (see
//! [`crate::content::markdown`]); this finds the rest, those the templates make. URLs that
//! leave the base path are [`super::subpath`]'s to report. Pure: reads the output in memory.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use crate::diag::{Diagnostic, Origin, did_you_mean, suggestion_text};
use crate::html;
use crate::output::Output;
use crate::site::Site;
use crate::source::SourceFile;

use super::urls::{HOME_PAGE, MATRIX_PAGE, NOT_FOUND_PAGE, Urls, option_page};

/// What is wrong with a link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// No output file answers the URL; `target` is the file it would be.
    Missing {
        /// The output file the URL names.
        target: String,
    },
    /// The page exists but has no element with this id.
    NoAnchor {
        /// The linked page's output file.
        page: String,
        /// The fragment, decoded.
        anchor: String,
    },
    /// A relative URL that climbs above the site's root.
    LeavesSite,
}

/// A broken link in an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The output file it is in.
    pub file: String,
    /// The URL as written in the attribute.
    pub url: String,
    /// Its bytes in the output file.
    pub span: Range<usize>,
    /// What is wrong.
    pub problem: Problem,
}

/// A link whose `#fragment` into another page is checked once that page's ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// The URL as written, and where.
    pub link: BrokenLink,
    /// The page it points into.
    pub page: String,
    /// The fragment, decoded.
    pub anchor: String,
}

/// What one page or stylesheet says about its links by itself: the links that are broken
/// whatever the other pages hold, and those whose `#fragment` into another page is still to
/// be checked against that page's ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Broken links (a page's links to its own ids included).
    pub broken: Vec<BrokenLink>,
    /// Links into other pages' ids.
    pub into_pages: Vec<AnchorCheck>,
}

/// Every broken internal link of the HTML files in `output`, a site under `base_path`; of
/// the pages in `only` when given. (The pipeline makes the same from each page's pieces,
/// remembered between runs.)
#[cfg(test)]
fn find(output: &Output, base_path: &str, only: Option<&[String]>) -> Vec<BrokenLink> {
    let files: HashSet<&str> = output.paths().collect();
    let pages: Vec<(&str, PageLinks)> = output
        .files_among(only)
        .into_iter()
        .filter(|(path, _)| is_checked(path))
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let scan = scan_page(path, text);
            Some((
                path,
                page_links(path, text, &scan.urls, &scan.ids, &files, base_path),
            ))
        })
        .collect();
    let linked: HashSet<&str> = pages
        .iter()
        .flat_map(|(_, links)| links.into_pages.iter().map(|a| a.page.as_str()))
        .collect();
    let ids: HashMap<&str, html::Anchors<'_>> = linked
        .iter()
        .filter_map(|path| {
            let text = std::str::from_utf8(output.get(path)?).ok()?;
            // Pages that stand in for ones that failed to render are empty: not checked.
            (!text.is_empty()).then(|| (*path, html::Anchors::of(text)))
        })
        .collect();
    let mut broken: Vec<BrokenLink> = Vec::new();
    for (_, links) in &pages {
        broken.extend(links.broken.iter().cloned());
        broken.extend(unanchored(&links.into_pages, |page| ids.get(page)));
    }
    broken.sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
    broken
}

/// The links among `checks` whose fragment is no id of the page they point into, as
/// `ids_of` knows it. Pages it does not know, and pages that stand in empty for ones that
/// failed to render, are not checked.
pub fn unanchored<'i>(
    checks: &[AnchorCheck],
    ids_of: impl Fn(&str) -> Option<&'i html::Anchors<'i>>,
) -> Vec<BrokenLink> {
    checks
        .iter()
        .filter(|a| ids_of(&a.page).is_some_and(|ids| !ids.has(&a.anchor)))
        .map(|a| BrokenLink {
            problem: Problem::NoAnchor {
                page: a.page.clone(),
                anchor: a.anchor.clone(),
            },
            ..a.link.clone()
        })
        .collect()
}

/// Whether the links of an output file are checked: pages and stylesheets.
pub fn is_checked(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".css")
}

/// One scan of an output page or stylesheet: its URLs and its ids.
#[derive(Debug, Clone, Default)]
pub struct PageScan<'t> {
    /// The URLs' bytes, in order.
    pub urls: Vec<Range<usize>>,
    /// Its ids (none for a stylesheet).
    pub ids: html::Anchors<'t>,
}

/// Scans the output file `file` (a page or a stylesheet) whose text is `text`.
pub fn scan_page<'t>(file: &str, text: &'t str) -> PageScan<'t> {
    if file.ends_with(".css") {
        PageScan {
            urls: html::css_urls(text, 0..text.len()),
            ids: html::Anchors::default(),
        }
    } else {
        let scan = html::scan(text);
        PageScan {
            urls: scan.urls,
            ids: scan.anchors,
        }
    }
}

/// The links of one page or stylesheet, `urls` found in its `text` (see [`scan_page`]),
/// checked against the output's `files`; `own_ids` are the page's own anchors.
pub fn page_links<S: std::hash::BuildHasher>(
    file: &str,
    text: &str,
    urls: &[Range<usize>],
    own_ids: &html::Anchors<'_>,
    files: &HashSet<&str, S>,
    base_path: &str,
) -> PageLinks {
    let has_base = has_base(file, text);
    let (mut found, own) = judge(file, text, urls, has_base, files, base_path);
    found.broken.extend(unanchored(&own, |_| Some(own_ids)));
    found.broken.sort_by_key(|link| link.span.start);
    found
}

/// Whether the page `file` has a `<base>` element, which resolves its relative URLs
/// elsewhere: only those under the base path are checked there.
pub fn has_base(file: &str, text: &str) -> bool {
    !file.ends_with(".css") && memchr::memmem::find(text.as_bytes(), b"<base ").is_some()
}

/// The links `urls` of `text`, a page or stylesheet or a piece of the page `file` (spans
/// relative to the piece), checked against the output's `files` (`has_base` as the whole
/// page reads): what is broken whatever the page holds, and apart, as [`AnchorCheck`]s into
/// `file` itself, the links to the page's own ids, which only the whole page can answer.
pub fn judge<S: std::hash::BuildHasher>(
    file: &str,
    text: &str,
    urls: &[Range<usize>],
    has_base: bool,
    files: &HashSet<&str, S>,
    base_path: &str,
) -> (PageLinks, Vec<AnchorCheck>) {
    let mut found = PageLinks::default();
    let mut own = Vec::new();
    for span in urls {
        let written = &text[span.clone()];
        if written.is_empty() || html::is_external(written) {
            continue;
        }
        let url: Cow<'_, str> = if written.contains("&amp;") {
            Cow::Owned(written.replace("&amp;", "&"))
        } else {
            Cow::Borrowed(written)
        };
        let (path, suffix) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
        let fragment = suffix
            .split_once('#')
            .map(|(_, f)| html::decode(f))
            .filter(|f| !f.is_empty());
        let link = |problem| BrokenLink {
            file: file.to_string(),
            url: written.to_string(),
            span: span.clone(),
            problem,
        };
        if has_base && !path.starts_with('/') && !path.is_empty() {
            continue;
        }
        let target = match html::destination(path, file, base_path) {
            html::Destination::SamePage => file,
            html::Destination::OutsideBase => continue,
            html::Destination::AboveRoot => {
                found.broken.push(link(Problem::LeavesSite));
                continue;
            }
            html::Destination::Site(published) => {
                let answering = html::answering_files(&published, path.ends_with('/'));
                match answering.iter().find_map(|f| files.get(f.as_str())) {
                    Some(target) => *target,
                    None => {
                        // Named as written (`img/a.png`), or as the page a folder URL means.
                        found.broken.push(link(Problem::Missing {
                            target: answering.into_iter().next().unwrap_or_default(),
                        }));
                        continue;
                    }
                }
            }
        };
        let Some(anchor) = fragment.filter(|_| target.ends_with(".html")) else {
            continue;
        };
        let check = AnchorCheck {
            link: link(Problem::LeavesSite),
            page: target.to_string(),
            anchor: anchor.into_owned(),
        };
        if target == file {
            own.push(check);
        } else {
            found.into_pages.push(check);
        }
    }
    (found, own)
}

/// The broken links of `output` that no Markdown link accounts for, as errors: each placed
/// in the site's own template that writes it (once for all its pages), in the static file
/// it is in, or else at its line in the output file (which comes from `pages`: the output
/// folder, or rendered in memory).
pub fn check(
    site: &Site,
    output: &Output,
    own_templates: &[SourceFile],
    base_path: &str,
    pages: &Origin,
    broken: &[BrokenLink],
) -> Vec<Diagnostic> {
    if broken.is_empty() {
        return Vec::new();
    }
    let markdown = MarkdownUrls::new(site, base_path);
    let generated = super::generated_pages(site);
    // One error per place to fix: a template's line, however many pages it makes; a URL the
    // templates compute, however many pages have it; a line of a static file.
    let mut grouped: BTreeMap<Place, Vec<&BrokenLink>> = BTreeMap::new();
    for link in broken {
        if markdown.wrote(&link.file, &link.url) {
            continue;
        }
        let place = if generated.contains(link.file.as_str()) {
            match template_origin(own_templates, &link.url) {
                Some((index, start, end)) => Place::Template { index, start, end },
                None => Place::Computed {
                    url: link.url.clone(),
                    problem: link.problem.clone(),
                },
            }
        } else {
            Place::Static {
                file: link.file.clone(),
                start: link.span.start,
            }
        };
        grouped.entry(place).or_default().push(link);
    }
    grouped
        .into_iter()
        .map(|(place, on)| {
            let first = on[0];
            let on_pages = super::on_pages(on.iter().map(|l| l.file.as_str()));
            let mut help = Vec::new();
            let diagnostic = match &first.problem {
                Problem::Missing { target } => {
                    let name = target.trim_end_matches("/index.html");
                    let folders = output.paths().filter_map(|p| p.strip_suffix("/index.html"));
                    if let Some(near) = did_you_mean(name, folders) {
                        help.push(suggestion_text(&format!("{near}/")));
                    }
                    Diagnostic::link_not_built(&first.url, target, Some(&on_pages))
                }
                Problem::NoAnchor { page, anchor } => {
                    Diagnostic::missing_anchor(anchor, page, Some(&on_pages))
                }
                Problem::LeavesSite => {
                    Diagnostic::link_leaves_site(&first.url, &format!("{on_pages},"))
                }
            };
            let (source, span) = match place {
                Place::Template { index, start, end } => {
                    (own_templates[index].clone(), start..end)
                }
                Place::Computed { .. } | Place::Static { .. } => {
                    let computed = matches!(place, Place::Computed { .. });
                    if computed {
                        // Shown as rendered: say which templates made it.
                        let template = page_template(&first.file);
                        let yours: Vec<&str> = own_templates
                            .iter()
                            .map(|t| t.path.trim_start_matches("templates/"))
                            .collect();
                        help.push(if yours.is_empty() {
                            format!("the built-in {template} makes this page")
                        } else {
                            format!(
                                "this page comes from {template} and the templates it uses (yours: {}); look for where the URL is put together",
                                yours.join(", ")
                            )
                        });
                    }
                    let text = output.get(&first.file).unwrap_or_default();
                    let file = if computed {
                        SourceFile::from_origin(
                            pages.clone(),
                            first.file.clone(),
                            String::from_utf8_lossy(text),
                        )
                    } else {
                        static_file(&first.file, text)
                    };
                    (file, first.span.clone())
                }
            };
            let diagnostic = source.locate(diagnostic, span);
            if help.is_empty() {
                diagnostic
            } else {
                diagnostic.help(help.join("; "))
            }
        })
        .collect()
}

/// The output file `file`, copied from `static/` (the site's or the built-in theme's), with
/// its text `bytes`.
pub fn static_file(file: &str, bytes: &[u8]) -> SourceFile {
    SourceFile::from_origin(
        super::assets::static_origin(file, Some(bytes)),
        format!("static/{file}"),
        String::from_utf8_lossy(bytes),
    )
}

/// Where a broken link is to be fixed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// Written as it is in one of the site's own templates.
    Template {
        index: usize,
        start: usize,
        end: usize,
    },
    /// Put together by templates (`{{ site.urls.home }}x/`): the same on every page.
    Computed { url: String, problem: Problem },
    /// In a file copied from `static/`.
    Static { file: String, start: usize },
}

/// The template that renders the generated page `file`.
fn page_template(file: &str) -> &'static str {
    match file {
        HOME_PAGE => "index.html",
        MATRIX_PAGE => "matrix.html",
        NOT_FOUND_PAGE => "404.html",
        _ => "option.html",
    }
}

/// Where `url` is written in one of `templates`, as an attribute value or a CSS `url()`:
/// the template's index and the URL's bytes in it.
pub fn template_origin(templates: &[SourceFile], url: &str) -> Option<(usize, usize, usize)> {
    templates.iter().enumerate().find_map(|(index, source)| {
        ["\"", "'", "("].iter().find_map(|open| {
            let close = if *open == "(" { ")" } else { open };
            let needle = format!("{open}{url}{close}");
            source.text.find(&needle).map(|at| {
                let start = at + open.len();
                (index, start, start + url.len())
            })
        })
    })
}

/// The URLs that pages' Markdown bodies put in their HTML, found by rendering a page's body
/// again when a broken link on it needs to be told apart from the template's.
struct MarkdownUrls<'s> {
    site: &'s Site,
    targets: crate::content::markdown::LinkTargets,
    /// Each page's Markdown URLs, found once: a page with 20,000 broken links asks 20,000 times.
    rendered: std::cell::RefCell<HashMap<String, HashSet<String>>>,
}

impl<'s> MarkdownUrls<'s> {
    fn new(site: &'s Site, base_path: &str) -> Self {
        MarkdownUrls {
            site,
            targets: super::link_targets(site, &Urls::new(base_path, None)),
            rendered: Default::default(),
        }
    }

    /// Whether the Markdown of page `file` writes `url` (as it appears in the HTML).
    fn wrote(&self, file: &str, url: &str) -> bool {
        let mut rendered = self.rendered.borrow_mut();
        let urls = rendered.entry(file.to_string()).or_insert_with(|| {
            let html = if file == HOME_PAGE {
                super::render_landing(self.site, &self.targets)
                    .map(|r| r.html)
                    .unwrap_or_default()
            } else {
                self.site
                    .candidates
                    .iter()
                    .find(|c| option_page(&c.slug) == file)
                    .map(|c| super::render_body(c, &self.targets).html)
                    .unwrap_or_default()
            };
            html::urls(&html)
                .into_iter()
                .map(|range| html[range].to_string())
                .collect()
        });
        urls.contains(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_files_and_anchors_only() {
        let out = Output::of_texts(&[
            (
                "index.html",
                "<a href=\"#main\">skip</a><main id=\"main\"><a href=\"/repo/matrix/#ranking\">m</a> \
                 <a href=\"matrix/?sort=x#nope\">n</a> <a href=\"/repo/about/\">a</a> \
                 <a href=\"/elsewhere/\">e</a> <a href=\"https://x.io/\">x</a> \
                 <link href=\"/repo/css/style.css?h=12\"> <a href=\"../up\">u</a></main>",
            ),
            (
                "matrix/index.html",
                "<h2 id=\"ranking\">R</h2><a href=\"#top\">up</a> <a name=\"old\"></a><a href=\"#old\">o</a>",
            ),
            (
                "css/site.css",
                "a{background:url(../img/gone.png)} b{background:url(\"../matrix/\")}",
            ),
            (
                "elsewhere.html",
                "<base href=\"/repo/matrix/\"><a href=\"ranking-page.html\">relative to the base</a>",
            ),
            ("css/style.css", "body{}"),
        ]);
        let found: Vec<(String, Problem)> = find(&out, "/repo/", None)
            .into_iter()
            .map(|b| (b.url, b.problem))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "../img/gone.png".to_string(),
                    Problem::Missing {
                        target: "img/gone.png".into()
                    }
                ),
                (
                    "matrix/?sort=x#nope".to_string(),
                    Problem::NoAnchor {
                        page: "matrix/index.html".into(),
                        anchor: "nope".into()
                    }
                ),
                (
                    "/repo/about/".to_string(),
                    Problem::Missing {
                        target: "about/index.html".into()
                    }
                ),
                ("../up".to_string(), Problem::LeavesSite),
            ]
        );
    }
}
