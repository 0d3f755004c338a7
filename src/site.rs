//! The validated site: `site.toml`, the landing text and every option, read and checked as
//! one whole (duplicate slugs, ordering). Reading is parallel; the result does not depend on
//! the order files are read in.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::{Candidate, Landing};
use crate::diag::Diagnostic;
use crate::project::{CONFIG_FILE, CONTENT_DIR, Project, is_editor_junk};
use crate::source::SourceFile;

/// The landing page's file name in `content/`.
pub const LANDING_FILE: &str = "_index.md";

/// Everything a build renders, checked.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.toml`.
    pub config: SiteConfig,
    /// `content/_index.md`, or empty.
    pub landing: Landing,
    /// The options in display order.
    pub candidates: Vec<Candidate>,
}

/// The files of `content/`, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentFiles {
    /// Option files' names, sorted.
    pub options: Vec<String>,
    /// Whether `_index.md` exists.
    pub has_landing: bool,
    /// Notes about files that were skipped.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists `content/`: `*.md` files directly inside it; editor temporaries are skipped, Markdown in
/// subfolders gets a warning.
pub fn discover(project: &Project) -> Result<ContentFiles, Diagnostic> {
    let dir = project.content_dir();
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "no {CONTENT_DIR}/ folder in {}",
            project.root.display()
        ))
        .help("run `tradeoff init` to start a site, or pass --root with the site's folder"));
    }
    let mut files = ContentFiles::default();
    for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                files.diagnostics.push(Diagnostic::error(format!(
                    "cannot list {CONTENT_DIR}/: {err}"
                )));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_editor_junk(&name) || !entry.file_type().is_file() || !name.ends_with(".md") {
            continue;
        }
        if entry.depth() > 1 {
            let shown = crate::source::display_path(project.relative(entry.path()));
            files.diagnostics.push(
                Diagnostic::warning(format!("{shown} is not built"))
                    .in_file(shown)
                    .help(format!(
                        "options live directly in {CONTENT_DIR}/; move the file up to include it"
                    )),
            );
        } else if name == LANDING_FILE {
            files.has_landing = true;
        } else {
            files.options.push(name);
        }
    }
    Ok(files)
}

/// Reads `content/<name>`.
pub fn read_content(project: &Project, name: &str) -> Result<SourceFile, Diagnostic> {
    SourceFile::read(&project.root, &Path::new(CONTENT_DIR).join(name))
}

/// Reads and checks `site.toml`.
pub fn load_config(project: &Project) -> Result<SiteConfig, Vec<Diagnostic>> {
    if !project.config_path().is_file() {
        return Err(vec![
            Diagnostic::error(format!(
                "no {CONFIG_FILE} in {}",
                shown_folder(&project.root)
            ))
            .help("run `tradeoff init` to start a site, or pass --root with the site's folder"),
        ]);
    }
    let source = SourceFile::read(&project.root, Path::new(CONFIG_FILE)).map_err(|d| vec![d])?;
    SiteConfig::parse(&source)
}

/// Reads and checks the landing text, if there is one.
pub fn load_landing(project: &Project, files: &ContentFiles) -> Result<Landing, Vec<Diagnostic>> {
    if !files.has_landing {
        return Ok(Landing::default());
    }
    let source = read_content(project, LANDING_FILE).map_err(|d| vec![d])?;
    Landing::parse(source)
}

/// Reads and checks one option file.
pub fn load_candidate(
    project: &Project,
    name: &str,
    config: &SiteConfig,
) -> Result<Candidate, Vec<Diagnostic>> {
    let source = read_content(project, name).map_err(|d| vec![d])?;
    Candidate::parse(source, name, config)
}

impl Site {
    /// Reads and checks the whole site. All problems of all files come back together.
    pub fn load(project: &Project) -> (Option<Site>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let config = load_config(project).map_err(|d| diagnostics.extend(d)).ok();
        let files = match discover(project) {
            Ok(files) => files,
            Err(d) => {
                diagnostics.push(d);
                return (None, diagnostics);
            }
        };
        diagnostics.extend(files.diagnostics.iter().cloned());
        let landing = load_landing(project, &files)
            .map_err(|d| diagnostics.extend(d))
            .ok();
        let Some(config) = config else {
            // Without a schema the options cannot be checked; still report unreadable files
            // and broken front matter, so one run shows as much as it can.
            let syntax: Vec<Diagnostic> = files
                .options
                .par_iter()
                .flat_map_iter(|name| syntax_problems(project, name))
                .collect();
            diagnostics.extend(syntax);
            return (None, diagnostics);
        };
        let results: Vec<Result<Candidate, Vec<Diagnostic>>> = files
            .options
            .par_iter()
            .map(|name| load_candidate(project, name, &config))
            .collect();
        let mut candidates = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(candidate) => candidates.push(candidate),
                Err(d) => diagnostics.extend(d),
            }
        }
        match (landing, diagnostics.iter().any(Diagnostic::is_error)) {
            (Some(landing), false) => match Site::assemble(config, landing, candidates) {
                Ok(site) => (Some(site), diagnostics),
                Err(d) => {
                    diagnostics.extend(d);
                    (None, diagnostics)
                }
            },
            (_, _) => {
                // Still look for duplicate slugs among the options that did parse.
                if let Err(d) = Site::assemble(config, Landing::default(), candidates) {
                    diagnostics.extend(d);
                }
                (None, diagnostics)
            }
        }
    }

    /// Puts checked parts together: orders the options and rejects duplicate slugs.
    pub fn assemble(
        config: SiteConfig,
        landing: Landing,
        mut candidates: Vec<Candidate>,
    ) -> Result<Site, Vec<Diagnostic>> {
        sort_candidates(&mut candidates);
        let mut first_by_slug: BTreeMap<&str, &Candidate> = BTreeMap::new();
        let mut diagnostics = Vec::new();
        let mut by_file: Vec<&Candidate> = candidates.iter().collect();
        by_file.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        for candidate in by_file {
            if let Some(first) = first_by_slug.insert(&candidate.slug, candidate) {
                first_by_slug.insert(&first.slug, first);
                diagnostics.push(
                    candidate
                        .source
                        .error_at(candidate.slug_span.clone(), format!("duplicate slug `{}`", candidate.slug))
                        .label(format!("{} already uses it", first.source.path))
                        .help("every option needs its own URL: rename one file, or set `slug = \"...\"` in its front matter"),
                );
            }
        }
        if diagnostics.is_empty() {
            Ok(Site {
                config,
                landing,
                candidates,
            })
        } else {
            Err(diagnostics)
        }
    }
}

/// A folder as named in messages: absolute, so "." never hides where tradeoff looked.
fn shown_folder(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The display order: by `order`, then title, then slug.
pub fn sort_candidates(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), a.title.to_lowercase(), &a.slug).cmp(&(
            b.order.unwrap_or(i64::MAX),
            b.title.to_lowercase(),
            &b.slug,
        ))
    });
}

fn syntax_problems(project: &Project, name: &str) -> Vec<Diagnostic> {
    let source = match read_content(project, name) {
        Ok(source) => source,
        Err(d) => return vec![d],
    };
    match crate::content::front_matter::split(&source) {
        Ok(parts) => crate::fields::TomlDoc::parse(&source, parts.front_matter).1,
        Err(d) => vec![d],
    }
}
