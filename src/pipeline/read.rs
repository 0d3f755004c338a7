//! The first stages: discovering a site's input files and reading each once ([`Inputs`]),
//! and reading again only what a [`ChangeKind`] names. Every byte the pipeline works from
//! comes through here; everything after it is a function of these values.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Kind};
use crate::project::{
    CONFIG_FILE, CONTENT_DIR, Project, STATIC_DIR, TEMPLATES_DIR, is_editor_junk, is_passing_junk,
    markdown_stem,
};
use crate::project::{LANDING_FILE, RATINGS_DIR, ratings_stem};
use crate::source::{SourceFile, display_path, read_bytes};
use crate::theme;

/// What kind of input changed. Each kind is read again on its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// `site.toml`.
    Config,
    /// `content/` as a whole (the folder itself, or something in a subfolder): it is listed
    /// and read again.
    Content,
    /// `content/_index.md`: the landing text.
    Landing,
    /// `content/<name>`, an option file: created, changed, removed or renamed.
    Candidate(String),
    /// `content/ratings/` or a rater's file in it: the folder is listed and read again.
    Ratings,
    /// Anything in `templates/`.
    Templates,
    /// Anything in `static/`.
    Static,
}

impl ChangeKind {
    /// The kind of change at `relative` (a path under the site at `root`), or `None` for
    /// paths that are not inputs: the output folder, version control, editors' temporary
    /// files, other files beside the options.
    pub fn of(root: &Path, relative: &Path) -> Option<ChangeKind> {
        let parts: Vec<&str> = relative
            .components()
            .map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let (&top, rest) = parts.split_first()?;
        if rest.last().is_some_and(|name| is_editor_junk(name)) {
            return None;
        }
        match (top, rest) {
            (CONFIG_FILE, []) => Some(ChangeKind::Config),
            (CONTENT_DIR, [name]) if *name == LANDING_FILE => Some(ChangeKind::Landing),
            (CONTENT_DIR, [name]) if markdown_stem(name).is_some() => {
                Some(ChangeKind::Candidate((*name).to_string()))
            }
            (CONTENT_DIR, [RATINGS_DIR]) => Some(ChangeKind::Ratings),
            (CONTENT_DIR, [RATINGS_DIR, name]) if ratings_stem(name).is_some() => {
                Some(ChangeKind::Ratings)
            }
            // Other files beside the options are not content (vim's `4913` probe, notes);
            // a folder might hold some, and is listed again.
            (CONTENT_DIR, [_]) if !root.join(relative).is_dir() => None,
            (CONTENT_DIR, _) => Some(ChangeKind::Content),
            (TEMPLATES_DIR, _) => Some(ChangeKind::Templates),
            (STATIC_DIR, _) => Some(ChangeKind::Static),
            _ => None,
        }
    }
}

/// The static files by output path: the built-in theme's, overridden path by path by the
/// site's own `static/`.
pub type StaticFiles = crate::render::assets::Assets;

/// Every input of a site, read once: the files' texts (or why one could not be read), not
/// yet parsed.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// `site.toml`.
    pub config: Result<SourceFile, Diagnostic>,
    /// Notes about `content/` (files skipped), or why it could not be listed.
    pub content: Result<Vec<Diagnostic>, Diagnostic>,
    /// `content/_index.md`, when there is one.
    pub landing: Option<Result<SourceFile, Diagnostic>>,
    /// Every option file by its name in `content/`.
    pub options: BTreeMap<String, Result<Arc<SourceFile>, Diagnostic>>,
    /// Every rater's file by its name in `content/ratings/`, or why the folder could not be
    /// listed.
    pub ratings: Result<BTreeMap<String, Result<SourceFile, Diagnostic>>, Diagnostic>,
    /// Template name → its source: the built-in theme's, overridden by `templates/`.
    pub templates: BTreeMap<String, SourceFile>,
    /// The static files.
    pub statics: StaticFiles,
    /// Problems reading `templates/` and `static/`.
    pub theme_problems: Vec<Diagnostic>,
}

impl Inputs {
    /// Reads every input of the site at `project` (files in parallel).
    pub fn read(project: &Project) -> Inputs {
        let ((config, content), (templates, statics)) = rayon::join(
            || (read_config(project), read_content_folder(project)),
            || rayon::join(|| read_templates(project), || read_static_files(project)),
        );
        let ((templates, template_problems), (statics, static_problems)) = (templates, statics);
        let (content, landing, options) = content;
        Inputs {
            config,
            content,
            landing,
            options,
            ratings: read_ratings(project),
            templates,
            statics,
            theme_problems: template_problems
                .into_iter()
                .chain(static_problems)
                .collect(),
        }
    }

    /// Reads again what `changes` name, and nothing else.
    pub fn refresh(&mut self, project: &Project, changes: &BTreeSet<ChangeKind>) {
        let mut theme_changed = false;
        for change in changes {
            match change {
                ChangeKind::Config => self.config = read_config(project),
                ChangeKind::Content => {
                    let (content, landing, options) = read_content_folder(project);
                    self.content = content;
                    self.landing = landing;
                    self.options = options;
                    self.ratings = read_ratings(project);
                }
                ChangeKind::Ratings => self.ratings = read_ratings(project),
                ChangeKind::Landing => {
                    self.landing = project
                        .content_dir()
                        .join(LANDING_FILE)
                        .is_file()
                        .then(|| read_content(project, LANDING_FILE));
                }
                ChangeKind::Candidate(name) => {
                    if project.content_dir().join(name).is_file() {
                        let file = read_content(project, name).map(Arc::new);
                        self.options.insert(name.clone(), file);
                    } else {
                        self.options.remove(name);
                    }
                }
                ChangeKind::Templates | ChangeKind::Static => theme_changed = true,
            }
        }
        if theme_changed {
            let (templates, template_problems) = read_templates(project);
            let (statics, static_problems) = read_static_files(project);
            self.templates = templates;
            self.statics = statics;
            self.theme_problems = template_problems
                .into_iter()
                .chain(static_problems)
                .collect();
        }
    }
}

/// Reads `site.toml`, or says that the folder is not a site.
pub(super) fn read_config(project: &Project) -> Result<SourceFile, Diagnostic> {
    if !project.config_path().is_file() {
        return Err(Diagnostic::error(format!(
            "no {CONFIG_FILE} in {}",
            shown_folder(&project.root)
        ))
        .with_kind(Kind::MissingInput)
        .help(not_a_site_help(project)));
    }
    SourceFile::read(&project.root, Path::new(CONFIG_FILE))
}

/// Reads `content/<name>`.
fn read_content(project: &Project, name: &str) -> Result<SourceFile, Diagnostic> {
    SourceFile::read(&project.root, &Path::new(CONTENT_DIR).join(name))
}

/// What listing and reading `content/` gives: its notes (or why it could not be listed),
/// the landing text, and the option files.
type ContentFolder = (
    Result<Vec<Diagnostic>, Diagnostic>,
    Option<Result<SourceFile, Diagnostic>>,
    BTreeMap<String, Result<Arc<SourceFile>, Diagnostic>>,
);

/// Lists `content/` and reads its files: `*.md` files directly inside it; editor temporaries
/// are skipped, Markdown in subfolders gets a warning.
fn read_content_folder(project: &Project) -> ContentFolder {
    let dir = project.content_dir();
    if !dir.is_dir() {
        let missing = Diagnostic::error(format!(
            "no {CONTENT_DIR}/ folder in {}",
            project.root.display()
        ))
        .with_kind(Kind::MissingInput)
        .help(not_a_site_help(project));
        return (Err(missing), None, BTreeMap::new());
    }
    let mut notes = Vec::new();
    let mut names = Vec::new();
    let mut has_landing = false;
    let inside = Inside::new(project);
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| inside.admits(entry))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let shown = err.path().map_or_else(
                    || format!("{CONTENT_DIR}/"),
                    |path| display_path(project.relative(path)),
                );
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::unreadable(
                        &shown,
                        "a symbolic link that leads back to a folder it is in",
                    )
                } else {
                    match err.io_error() {
                        Some(io) => Diagnostic::read_failed(&shown, io),
                        None => Diagnostic::unreadable(&shown, &err),
                    }
                };
                notes.push(d.in_file(shown));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_editor_junk(&name) || markdown_stem(&name).is_none() {
            continue;
        }
        let shown = || display_path(project.relative(entry.path()));
        if !entry.file_type().is_file() {
            if entry.file_type().is_dir() {
                notes.push(
                    Diagnostic::warning("a folder with a Markdown file's name is not built")
                        .with_kind(Kind::NotBuilt)
                        .in_file(shown())
                        .help("options are files; rename the folder if it is not meant as one"),
                );
            }
            continue;
        }
        if entry.depth() > 1 {
            notes.push(
                Diagnostic::warning("an option in a subfolder is not built")
                    .with_kind(Kind::NotBuilt)
                    .in_file(shown())
                    .help(format!(
                        "options live directly in {CONTENT_DIR}/; move the file up to include it"
                    )),
            );
        } else if name == LANDING_FILE {
            has_landing = true;
        } else {
            names.push(name);
        }
    }
    let options = names
        .into_par_iter()
        .map(|name| {
            let file = read_content(project, &name).map(Arc::new);
            (name, file)
        })
        .collect();
    let landing = has_landing.then(|| read_content(project, LANDING_FILE));
    notes.extend(inside.refused());
    (Ok(notes), landing, options)
}

/// Reads `content/ratings/*.toml`, one file per rater; none when there is no such folder.
fn read_ratings(
    project: &Project,
) -> Result<BTreeMap<String, Result<SourceFile, Diagnostic>>, Diagnostic> {
    let dir = project.content_dir().join(RATINGS_DIR);
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let shown = format!("{CONTENT_DIR}/{RATINGS_DIR}/");
    let entries = std::fs::read_dir(&dir)
        .map_err(|err| Diagnostic::unlistable(&shown, err).in_file(shown.clone()))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !is_editor_junk(name) && ratings_stem(name).is_some())
        .collect();
    names.sort();
    for name in names {
        let path = Path::new(CONTENT_DIR).join(RATINGS_DIR).join(&name);
        files.insert(name, SourceFile::read(&project.root, &path));
    }
    Ok(files)
}

/// The built-in theme's templates and the site's `templates/` folder, which overrides them
/// file by file.
fn read_templates(project: &Project) -> (BTreeMap<String, SourceFile>, Vec<Diagnostic>) {
    let mut sources: BTreeMap<String, SourceFile> = theme::templates()
        .into_iter()
        .map(|file| {
            let text = String::from_utf8_lossy(file.contents).into_owned();
            (
                file.path.to_string(),
                SourceFile::from_theme(file.path, text),
            )
        })
        .collect();
    let mut problems = Vec::new();
    let dir = project.templates_dir();
    if !dir.is_dir() {
        return (sources, problems);
    }
    for entry in walkdir::WalkDir::new(&dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                problems.push(listing_failed(&format!("{TEMPLATES_DIR}/"), &err));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_editor_junk(&name) {
            continue;
        }
        let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        match SourceFile::read(&project.root, &Path::new(TEMPLATES_DIR).join(relative)) {
            Ok(source) => {
                sources.insert(display_path(relative), source);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.extend(unused_templates(&sources));
    (sources, problems)
}

/// A warning for each of the site's templates that overrides no built-in one and that no
/// template includes, extends or imports by name: most likely a misspelt override
/// (`templates/optoin.html`), which would otherwise be silently ignored.
fn unused_templates(sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    let theme = theme::templates();
    let built_in: Vec<&str> = theme.iter().map(|file| file.path).collect();
    sources
        .iter()
        .filter(|(name, source)| !source.is_theme_file() && !built_in.contains(&name.as_str()))
        .filter(|(name, _)| {
            let quoted = [format!("\"{name}\""), format!("'{name}'")];
            !sources
                .values()
                .any(|other| quoted.iter().any(|q| other.text.contains(q.as_str())))
        })
        .map(|(name, source)| {
            let d = Diagnostic::warning(format!(
                "{} replaces no built-in template, and no template uses it",
                source.path
            ))
            .with_kind(crate::diag::Kind::Template)
            .in_file(source.path.clone());
            match crate::diag::did_you_mean(name, built_in.iter().copied()) {
                Some(near) => d.help(format!(
                    "did you mean `{TEMPLATES_DIR}/{near}`? A template replaces the built-in one of the same name"
                )),
                None => d.help(format!(
                    "a template replaces the built-in one of the same name: {}",
                    built_in.join(", ")
                )),
            }
        })
        .collect()
}

/// The built-in static files plus the site's own, which win on the same path. Symbolic links
/// are followed as in `content/`: a linked file is published, and a linked folder when it is
/// inside the site's folder ([`Inside`]).
fn read_static_files(project: &Project) -> (StaticFiles, Vec<Diagnostic>) {
    let mut files: StaticFiles = theme::static_files()
        .into_iter()
        .map(|f| (f.path.to_string(), Bytes::from_static(f.contents)))
        .collect();
    let mut problems = Vec::new();
    let dir = project.static_dir();
    if !dir.is_dir() {
        return (files, problems);
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    let inside = Inside::new(project);
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| inside.admits(entry))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let name = entry.file_name().to_string_lossy();
                if is_editor_junk(&name) {
                    if !is_passing_junk(&name) {
                        problems.push(not_published(relative));
                    }
                    continue;
                }
                paths.push(relative.to_path_buf());
            }
            Ok(_) => {}
            Err(err) => problems.push(listing_failed(&format!("{STATIC_DIR}/"), &err)),
        }
    }
    let read: Vec<_> = paths
        .par_iter()
        .map(|relative| {
            read_bytes(&project.root, &Path::new(STATIC_DIR).join(relative))
                .map(|bytes| (display_path(relative), Bytes::from(bytes)))
        })
        .collect();
    for result in read {
        match result {
            Ok((path, bytes)) => {
                files.insert(path, bytes);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.extend(inside.refused());
    (files, problems)
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

/// Which symbolic links to folders a walk of the site's folders follows: those that lead to a
/// folder inside the site's root. One that leads out of it (to `/`, to a home folder) is not
/// followed, with a warning, so that a walk never strays over the whole file system. Links
/// to files are followed wherever they lead.
struct Inside<'p> {
    project: &'p Project,
    /// The site's root with every link resolved, when it can be.
    root: Option<PathBuf>,
    /// The links not followed, and where they lead.
    refused: std::cell::RefCell<Vec<(PathBuf, PathBuf)>>,
}

impl<'p> Inside<'p> {
    fn new(project: &'p Project) -> Self {
        Inside {
            project,
            root: std::fs::canonicalize(&project.root).ok(),
            refused: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Whether the walk takes `entry` (and, for a folder, what is in it).
    fn admits(&self, entry: &walkdir::DirEntry) -> bool {
        if !entry.path_is_symlink() || !entry.file_type().is_dir() {
            return true;
        }
        let (Some(root), Ok(target)) = (&self.root, std::fs::canonicalize(entry.path())) else {
            // The walk reports what cannot be resolved.
            return true;
        };
        if target.starts_with(root) {
            return true;
        }
        self.refused
            .borrow_mut()
            .push((entry.path().to_path_buf(), target));
        false
    }

    /// A warning for each link not followed.
    fn refused(self) -> Vec<Diagnostic> {
        self.refused
            .into_inner()
            .into_iter()
            .map(|(link, target)| {
                let shown = display_path(self.project.relative(&link));
                Diagnostic::warning(format!(
                    "{shown} is a symbolic link to a folder outside the site ({}), which is not followed",
                    target.display()
                ))
                .with_kind(Kind::NotBuilt)
                .in_file(shown)
                .help("link to a folder inside the site's folder, or copy the files in")
            })
            .collect()
    }
}

/// The warning for a static file whose name is taken for an editor's file.
fn not_published(relative: &Path) -> Diagnostic {
    let shown = format!("{STATIC_DIR}/{}", display_path(relative));
    Diagnostic::warning(format!("{shown} is not published: its name is taken for an editor's file"))
        .with_kind(Kind::NotBuilt)
        .in_file(shown)
        .help("static files whose names start with `.` or `#`, end in `~`, `.swp`, `.swx`, `.tmp` or `.bak`, or hold `.tmp.` are left out; rename it to publish it")
}

/// Listing the folder `shown` failed with `err`: of kind [`crate::diag::Kind::Exhausted`] when
/// the system ran out of open files.
fn listing_failed(shown: &str, err: &walkdir::Error) -> Diagnostic {
    match err.io_error() {
        Some(io) if crate::diag::is_exhaustion(io) => Diagnostic::read_failed(shown, io),
        _ => Diagnostic::unlistable(shown, err),
    }
}
