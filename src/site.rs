//! The validated site: `site.toml`, the landing text and every option, read and checked as
//! one whole (duplicate slugs, ordering). Reading is parallel; the result does not depend on
//! the order files are read in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

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
    /// The options in display order, shared with the [`Sources`] they came from.
    pub candidates: Vec<Arc<Candidate>>,
    /// Option files left out because they have errors of their own (only in a
    /// [`Sources::assemble_partial`] site): links to them are taken on trust.
    pub left_out: Vec<LeftOut>,
}

/// An option file left out of a partial site.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// Its name in `content/`.
    pub file_name: String,
    /// The slug its page would have: its front matter's `slug` when that much can be read,
    /// else the one its file name gives.
    pub slug: String,
    /// The file and the bytes of its Markdown body, when the front matter can be told apart.
    pub body: Option<(SourceFile, Range<usize>)>,
}

impl LeftOut {
    /// An option file whose front matter has errors, read again for what it still says.
    fn read(project: &Project, name: &str) -> LeftOut {
        let source = read_content(project, name).ok();
        let parts = source
            .as_ref()
            .and_then(|s| crate::content::front_matter::split(s).ok());
        let declared = source
            .as_ref()
            .zip(parts.as_ref())
            .and_then(|(source, parts)| {
                let (doc, _) = crate::fields::TomlDoc::parse(source, parts.front_matter.clone());
                let mut ignored = Vec::new();
                let slug = doc.reader(&mut ignored).string("slug")?.value;
                Some(slug).filter(|slug| !slug.is_empty())
            });
        LeftOut {
            file_name: name.to_string(),
            slug: declared.unwrap_or_else(|| crate::content::candidate::slug_of_file(name)),
            body: source.zip(parts.map(|p| p.body)),
        }
    }
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
        .help(not_a_site_help(project)));
    }
    let mut files = ContentFiles::default();
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let shown = err.path().map_or_else(
                    || format!("{CONTENT_DIR}/"),
                    |path| crate::source::display_path(project.relative(path)),
                );
                let why = if err.loop_ancestor().is_some() {
                    "a symbolic link that leads back to a folder it is in".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string)
                };
                files
                    .diagnostics
                    .push(Diagnostic::error(format!("cannot read {shown}: {why}")).in_file(shown));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_editor_junk(&name) || crate::project::markdown_stem(&name).is_none() {
            continue;
        }
        let shown = || crate::source::display_path(project.relative(entry.path()));
        if !entry.file_type().is_file() {
            if entry.file_type().is_dir() {
                files.diagnostics.push(
                    Diagnostic::warning("a folder with a Markdown file's name is not built")
                        .in_file(shown())
                        .help("options are files; rename the folder if it is not meant as one"),
                );
            }
            continue;
        }
        if entry.depth() > 1 {
            files.diagnostics.push(
                Diagnostic::warning("an option in a subfolder is not built")
                    .in_file(shown())
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
            .help(not_a_site_help(project)),
        ]);
    }
    let source = SourceFile::read(&project.root, Path::new(CONFIG_FILE)).map_err(|d| vec![d])?;
    SiteConfig::parse(&source).map_err(|mut diagnostics| {
        crate::diag::sort_diagnostics(&mut diagnostics);
        diagnostics
    })
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

/// A site's inputs read and checked file by file, not yet put together. Each file's result
/// is kept apart, so that one file can be read again alone (`serve` does, on every edit) and
/// the whole assembled again cheaply: options are shared, not copied.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `site.toml`.
    pub config: Result<SiteConfig, Vec<Diagnostic>>,
    /// The notes of listing `content/` (skipped files), or why it could not be listed.
    pub listing: Result<Vec<Diagnostic>, Diagnostic>,
    /// `content/_index.md`; the default when there is none.
    pub landing: Result<Landing, Vec<Diagnostic>>,
    /// Every option file by name: the checked option or its problems. Without a valid
    /// `site.toml` options cannot be checked, and hold only their syntax problems.
    pub options: BTreeMap<String, Result<Arc<Candidate>, Vec<Diagnostic>>>,
}

impl Sources {
    /// Reads every input of the site (options in parallel).
    pub fn read(project: &Project) -> Sources {
        let config = load_config(project);
        let files = match discover(project) {
            Ok(files) => files,
            Err(d) => {
                return Sources {
                    config,
                    listing: Err(d),
                    landing: Ok(Landing::default()),
                    options: BTreeMap::new(),
                };
            }
        };
        let landing = load_landing(project, &files);
        let options = files
            .options
            .par_iter()
            .map(|name| {
                (
                    name.clone(),
                    read_option(project, name, config.as_ref().ok()),
                )
            })
            .collect();
        Sources {
            config,
            listing: Ok(files.diagnostics),
            landing,
            options,
        }
    }

    /// Reads `site.toml` again, and with it every option, which is checked against it.
    pub fn reread_config(&mut self, project: &Project) {
        self.config = load_config(project);
        let config = self.config.as_ref().ok();
        self.options
            .par_iter_mut()
            .for_each(|(name, option)| *option = read_option(project, name, config));
    }

    /// Reads `content/_index.md` again (or notes that it is gone).
    pub fn reread_landing(&mut self, project: &Project) {
        let exists = project.content_dir().join(LANDING_FILE).is_file();
        self.landing = load_landing(
            project,
            &ContentFiles {
                has_landing: exists,
                ..ContentFiles::default()
            },
        );
    }

    /// Reads the option file `content/<name>` again, or forgets it when it is gone. An option
    /// that reads the same as before stays the same shared value.
    pub fn reread_option(&mut self, project: &Project, name: &str) {
        if !project.content_dir().join(name).is_file() {
            self.options.remove(name);
            return;
        }
        let option = read_option(project, name, self.config.as_ref().ok());
        if let (Ok(new), Some(Ok(old))) = (&option, self.options.get(name)) {
            if new == old {
                return;
            }
        }
        self.options.insert(name.to_string(), option);
    }

    /// Puts the inputs together into a checked site. Every problem of every file comes back,
    /// in the order files were read (not yet sorted).
    pub fn assemble(&self) -> (Option<Site>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        if let Err(d) = &self.config {
            diagnostics.extend(d.iter().cloned());
        }
        let notes = match &self.listing {
            Ok(notes) => notes,
            Err(d) => {
                diagnostics.push(d.clone());
                return (None, diagnostics);
            }
        };
        diagnostics.extend(notes.iter().cloned());
        if let Err(d) = &self.landing {
            diagnostics.extend(d.iter().cloned());
        }
        let mut candidates = Vec::with_capacity(self.options.len());
        for option in self.options.values() {
            match option {
                Ok(candidate) => candidates.push(Arc::clone(candidate)),
                Err(d) => diagnostics.extend(d.iter().cloned()),
            }
        }
        let Ok(config) = &self.config else {
            return (None, diagnostics);
        };
        match (&self.landing, diagnostics.iter().any(Diagnostic::is_error)) {
            (Ok(landing), false) => {
                match Site::assemble(config.clone(), landing.clone(), candidates) {
                    Ok(site) => (Some(site), diagnostics),
                    Err(d) => {
                        diagnostics.extend(d);
                        (None, diagnostics)
                    }
                }
            }
            (_, _) => {
                // Still look for duplicate slugs among the options that did parse.
                if let Err(d) = Site::assemble(config.clone(), Landing::default(), candidates) {
                    diagnostics.extend(d);
                }
                (None, diagnostics)
            }
        }
    }
}

impl Sources {
    /// As much of the site as is sound, for finding the problems that the failed files hide
    /// (broken links, template errors on other pages): the options that read well (the
    /// first by file name of each slug), and no landing text if it has errors. `None`
    /// without a valid `site.toml` or a readable `content/`.
    pub fn assemble_partial(&self, project: &Project) -> Option<Site> {
        let config = self.config.as_ref().ok()?;
        self.listing.as_ref().ok()?;
        let mut left_out = Vec::new();
        let mut slugs = std::collections::HashSet::new();
        let mut candidates = Vec::with_capacity(self.options.len());
        for (name, option) in &self.options {
            match option {
                Ok(candidate) if slugs.insert(candidate.slug.as_str()) => {
                    candidates.push(Arc::clone(candidate));
                }
                Ok(candidate) => left_out.push(LeftOut {
                    file_name: name.clone(),
                    slug: candidate.slug.clone(),
                    body: Some((candidate.source.clone(), candidate.body.clone())),
                }),
                Err(_) => left_out.push(LeftOut::read(project, name)),
            }
        }
        sort_candidates(&mut candidates);
        Some(Site {
            config: config.clone(),
            landing: self.landing.clone().unwrap_or_default(),
            candidates,
            left_out,
        })
    }
}

/// Reads an option file: checked against `config`, or only for syntax without one.
fn read_option(
    project: &Project,
    name: &str,
    config: Option<&SiteConfig>,
) -> Result<Arc<Candidate>, Vec<Diagnostic>> {
    match config {
        Some(config) => load_candidate(project, name, config).map(Arc::new),
        // Without a schema the options cannot be checked; still report unreadable files and
        // broken front matter, so one run shows as much as it can.
        None => Err(syntax_problems(project, name)),
    }
}

impl Site {
    /// Reads and checks the whole site. All problems of all files come back together.
    pub fn load(project: &Project) -> (Option<Site>, Vec<Diagnostic>) {
        Sources::read(project).assemble()
    }

    /// Puts checked parts together: orders the options and rejects duplicate slugs.
    pub fn assemble(
        config: SiteConfig,
        landing: Landing,
        mut candidates: Vec<Arc<Candidate>>,
    ) -> Result<Site, Vec<Diagnostic>> {
        sort_candidates(&mut candidates);
        let mut first_by_slug: BTreeMap<&str, &Candidate> = BTreeMap::new();
        let mut diagnostics = Vec::new();
        let mut by_file: Vec<&Candidate> = candidates.iter().map(|c| &**c).collect();
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
                left_out: Vec::new(),
            })
        } else {
            Err(diagnostics)
        }
    }
}

/// What to do in a folder that is not a site: the site may be a folder up (`--root
/// site/content`), or there is none yet.
fn not_a_site_help(project: &Project) -> String {
    let absolute = std::path::absolute(&project.root).unwrap_or_else(|_| project.root.clone());
    match absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(CONFIG_FILE).is_file())
    {
        Some(site) => format!(
            "{} is inside the site at {}: pass --root {} (or run tradeoff from there)",
            project.root.display(),
            site.display(),
            site.display()
        ),
        None => {
            "run `tradeoff init` to start a site, or pass --root with the site's folder".to_string()
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

/// The display order: by `order`, then title (ignoring case), then slug. Stable.
pub fn sort_candidates(candidates: &mut [Arc<Candidate>]) {
    candidates.sort_by_cached_key(|c| {
        (
            c.order.unwrap_or(i64::MAX),
            c.title.to_lowercase(),
            c.slug.clone(),
        )
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
