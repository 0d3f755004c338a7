//! Subpath safety: finds root-absolute internal URLs in the built output (`href="/…"`,
//! `src="/…"`, `srcset`, CSS `url(/…)` and `@import "/…"`) that do not start with the base
//! path, and so leave a site published under `/repo/` for the domain's root. Each finding is
//! placed at the Markdown link or static file it comes from when there is one, else at the line
//! of the output file. Pure: reads the output and the site in memory.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::markdown;
use crate::diag::{Diagnostic, Origin, Severity};
#[cfg(test)]
use crate::html;
use crate::output::Output;
use crate::site::Site;
use crate::source::SourceFile;

use super::urls::{HOME_PAGE, option_page};

/// A URL in an output file that ignores the base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The output file, `/`-separated.
    pub file: String,
    /// The URL as written.
    pub url: String,
    /// Its bytes in the output file.
    pub span: Range<usize>,
}

/// Every root-absolute URL of `output` that does not start with `base_path` (which starts and
/// ends with `/`). Nothing can escape a site served at the root, so `/` finds nothing. (The
/// pipeline makes the same from each page's [`in_page`], remembered between runs.)
#[cfg(test)]
fn find(output: &Output, base_path: &str, only: Option<&[String]>) -> Vec<Finding> {
    if base_path == "/" {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for (file, bytes) in output.files_among(only) {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let urls = if file.ends_with(".html") {
            html::urls(text)
        } else if file.ends_with(".css") {
            html::css_urls(text, 0..text.len())
        } else {
            continue;
        };
        findings.extend(in_page(file, text, &urls, base_path));
    }
    findings
}

/// The URLs among `urls` (spans in the output file `file`, whose text is `text`) that ignore
/// `base_path`.
pub fn in_page(file: &str, text: &str, urls: &[Range<usize>], base_path: &str) -> Vec<Finding> {
    if base_path == "/" {
        return Vec::new();
    }
    urls.iter()
        .filter(|span| ignores_base(&text[(*span).clone()], base_path))
        .map(|span| Finding {
            file: file.to_string(),
            url: text[span.clone()].to_string(),
            span: span.clone(),
        })
        .collect()
}

fn ignores_base(url: &str, base_path: &str) -> bool {
    // `/repo` itself is fine: GitHub Pages sends it on to `/repo/`.
    let bare = base_path.trim_end_matches('/');
    let at_bare = url
        .strip_prefix(bare)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '#']));
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with(base_path) && !at_bare
}

/// The findings as diagnostics of `severity`. Generated pages come from `pages` (the output
/// folder, or rendered in memory). A finding from a Markdown link points at the link; from a site's own
/// static file, at the file; from one of `own_templates` (the site's own), at the template,
/// once for all the pages it is on; otherwise at the line of the output file.
pub fn check(
    site: &Site,
    output: &Output,
    own_templates: &[SourceFile],
    base_path: &str,
    pages: &Origin,
    severity: Severity,
    findings: &[Finding],
) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let generated = super::generated_pages(site);
    // Template findings repeat on every page the template makes: one diagnostic each.
    let mut in_templates: BTreeMap<(usize, usize, usize), Vec<&Finding>> = BTreeMap::new();
    let mut elsewhere = Vec::new();
    for finding in findings {
        match super::links::template_origin(own_templates, &finding.url) {
            Some(at) if markdown_link(site, finding).is_none() => {
                in_templates.entry(at).or_default().push(finding);
            }
            _ => elsewhere.push(finding),
        }
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for ((index, start, end), on) in &in_templates {
        let url = &on[0].url;
        let diagnostic = Diagnostic::ignores_base_path(severity, url, base_path);
        let pages = super::on_pages(on.iter().map(|f| f.file.as_str()));
        diagnostics.push(
            own_templates[*index]
                .locate(diagnostic, *start..*end)
                .label(format!(
                    "a root-absolute URL: {pages}, served under {base_path}, it leads out of the site"
                ))
                .help(format!(
                    "start internal URLs with {{{{ site.urls.home }}}} (here: `{{{{ site.urls.home }}}}{}`)",
                    url.trim_start_matches('/')
                )),
        );
    }
    diagnostics.extend(
        elsewhere
        .into_iter()
        .map(|finding| {
            let diagnostic = Diagnostic::ignores_base_path(severity, &finding.url, base_path);
            let relative = relative_to(&finding.file, &finding.url);
            if let Some((source, span)) = markdown_link(site, finding) {
                return source
                    .locate(diagnostic, span)
                    .label(format!(
                        "a root-absolute link: on {}, served under {base_path}, it leads out of the site",
                        finding.file
                    ))
                    .help(markdown_help(&finding.url, &relative));
            }
            let text = output
                .get(&finding.file)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let own_static = !generated.contains(&finding.file)
                && super::assets::static_origin(&finding.file, Some(text.as_bytes()))
                    == Origin::Site;
            let file = if own_static {
                SourceFile::from_text(format!("static/{}", finding.file), text)
            } else {
                SourceFile::from_origin(pages.clone(), finding.file.clone(), text)
            };
            let (label, help) = if own_static {
                (
                    "copied as is, so this URL leads out of the site".to_string(),
                    format!("write the URL relative to this file: `{relative}`"),
                )
            } else {
                (
                    format!("in the output; served under {base_path}, this leads out of the site"),
                    format!(
                        "in templates, start internal URLs with {{{{ site.urls.home }}}} (here: `{{{{ site.urls.home }}}}{}`)",
                        finding.url.trim_start_matches('/')
                    ),
                )
            };
            file.locate(diagnostic, finding.span.clone())
                .label(label)
                .help(help)
        }),
    );
    diagnostics
}

/// What to write instead of a root-absolute `url` in Markdown: a file from `static/` by its
/// path there, a page by its content file or by `relative` (the URL from the page).
fn markdown_help(url: &str, relative: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or("");
    if file.contains('.') && !file.ends_with(".html") {
        format!("a file from static/ is linked as `../static{path}`, which follows the base path")
    } else {
        format!(
            "link to a content file by its name (`other.md`), or write the path relative to the page: `{relative}`"
        )
    }
}

/// Where a finding on a page comes from, if it is a link or image of that page's Markdown.
fn markdown_link<'s>(site: &'s Site, finding: &Finding) -> Option<(&'s SourceFile, Range<usize>)> {
    let (source, body) = if finding.file == HOME_PAGE {
        (site.landing.source.as_ref()?, site.landing.body.clone())
    } else {
        let c = site
            .candidates
            .iter()
            .find(|c| option_page(&c.slug) == finding.file)?;
        (&*c.source, c.body.clone())
    };
    let text = &source.text[body.clone()];
    let link = Parser::new_ext(text, markdown::options())
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if *dest_url == *finding.url =>
            {
                Some(body.start + range.start..body.start + range.end)
            }
            _ => None,
        });
    // Raw HTML in the Markdown is copied as is: find the attribute value.
    let raw = || {
        ["\"", "'"].iter().find_map(|quote| {
            let at = text.find(&format!("{quote}{}{quote}", finding.url))? + 1;
            Some(body.start + at..body.start + at + finding.url.len())
        })
    };
    link.or_else(raw).map(|span| (source, span))
}

/// `/img/a.png` as seen from `options/flask/index.html`: `../../img/a.png`.
pub fn relative_to(file: &str, url: &str) -> String {
    let depth = file.matches('/').count();
    let target = url.trim_start_matches('/');
    if depth == 0 {
        if target.is_empty() {
            "./".to_string()
        } else {
            target.to_string()
        }
    } else {
        format!("{}{target}", "../".repeat(depth))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_that_ignore_the_base_path() {
        let out = Output::of_texts(&[
            (
                "options/a/index.html",
                "<a href=\"/repo/ok/\">ok</a> <a href=\"/repo\">bare base</a> <a href=\"/repository/\">other</a> <a href=\"/matrix/\">bad</a> <a href='//cdn.io/x'>cdn</a>\n\
                 <img src=\"/img/a.png\" srcset=\"/repo/a.png 1x, /b.png 2x\">\n\
                 <div style=\"background: url('/bg.png')\"></div><p>url(/in-text) data-href=\"/x\"</p>\n\
                 <style>@import \"/theme.css\";</style>",
            ),
            (
                "css/site.css",
                "a { background: url( \"/repo/fine.png\" ) } b { background: url(/font.woff) }",
            ),
            ("matrix.json", "{\"url\": \"/matrix/\"}"),
        ]);
        let found: Vec<(String, String)> = find(&out, "/repo/", None)
            .into_iter()
            .map(|f| (f.file, f.url))
            .collect();
        assert_eq!(
            found,
            vec![
                ("css/site.css".to_string(), "/font.woff".to_string()),
                (
                    "options/a/index.html".to_string(),
                    "/repository/".to_string()
                ),
                ("options/a/index.html".to_string(), "/matrix/".to_string()),
                ("options/a/index.html".to_string(), "/img/a.png".to_string()),
                ("options/a/index.html".to_string(), "/b.png".to_string()),
                ("options/a/index.html".to_string(), "/bg.png".to_string()),
                ("options/a/index.html".to_string(), "/theme.css".to_string()),
            ]
        );
        assert!(
            find(&out, "/", None).is_empty(),
            "at the root nothing escapes"
        );
    }

    #[test]
    fn relative_suggestions() {
        assert_eq!(
            relative_to("options/flask/index.html", "/img/a.png"),
            "../../img/a.png"
        );
        assert_eq!(relative_to("index.html", "/matrix/"), "matrix/");
        assert_eq!(
            relative_to("css/style.css", "/fonts/a.woff"),
            "../fonts/a.woff"
        );
    }
}
