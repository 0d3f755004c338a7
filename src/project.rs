//! Where a site's parts are on disk, found from `--root` (default: the current folder).

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;

/// The folders and files of one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The site's root folder, holding `site.toml`.
    pub root: PathBuf,
    /// Where the built site goes.
    pub output: PathBuf,
}

/// The settings file's name, relative to the root.
pub const CONFIG_FILE: &str = "site.toml";
/// The content folder's name, relative to the root.
pub const CONTENT_DIR: &str = "content";
/// The templates folder's name, relative to the root.
pub const TEMPLATES_DIR: &str = "templates";
/// The static files folder's name, relative to the root.
pub const STATIC_DIR: &str = "static";
/// What to do about an output folder in the site's way.
const OUTPUT_HELP: &str = "choose an output folder beside content/, such as the default public/";

impl Project {
    /// A project at `root` (default `.`), writing to `output` (default `root/public`).
    pub fn new(root: Option<PathBuf>, output: Option<PathBuf>) -> Self {
        let root = root.unwrap_or_else(|| PathBuf::from("."));
        let output = output.unwrap_or_else(|| {
            if root == Path::new(".") {
                PathBuf::from("public")
            } else {
                root.join("public")
            }
        });
        Project { root, output }
    }

    /// Refuses an output folder that is, holds, or lies inside the site's own inputs (the root,
    /// `content/`, `templates/`, `static/`): writing there would feed the output back into
    /// the next build. Paths are compared as absolute, symlinks resolved where they exist.
    pub fn check_output_place(&self) -> Result<(), Diagnostic> {
        let output = resolved(&self.output);
        let root = resolved(&self.root);
        let shown = self.output.display().to_string();
        if output == root || root.starts_with(&output) {
            return Err(
                Diagnostic::refused_output(&shown, "it holds the site itself").help(OUTPUT_HELP),
            );
        }
        for input in [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR] {
            if output.starts_with(root.join(input)) {
                let why = format!("it is inside the site's {input}/ folder, which the build reads");
                return Err(Diagnostic::refused_output(&shown, &why).help(OUTPUT_HELP));
            }
        }
        Ok(())
    }

    /// `site.toml`.
    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    /// `content/`.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(CONTENT_DIR)
    }

    /// `templates/`.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(TEMPLATES_DIR)
    }

    /// `static/`.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join(STATIC_DIR)
    }

    /// A path under the root, as shown in messages (`content/flask.md`).
    pub fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// `path` made absolute and normalised: `.` and `..` resolved, then the longest existing
/// ancestor canonicalised (so symbolic links are followed) and the rest appended.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// The landing page's file name in `content/`.
pub const LANDING_FILE: &str = "_index.md";

/// The folder inside `content/` with one file of scores per rater: `ratings/<rater>.toml`.
pub const RATINGS_DIR: &str = "ratings";

/// The rater a ratings file's name gives (`alice.toml` → `alice`); `None` for other files.
pub fn ratings_stem(name: &str) -> Option<&str> {
    name.strip_suffix(".toml")
        .filter(|stem| !stem.is_empty() && !stem.starts_with('.'))
}

/// The file-name endings of Markdown content files, compared without regard to case.
const MARKDOWN_EXTENSIONS: &[&str] = &[".md", ".markdown"];

/// A Markdown file's name without its extension (`Flask.MD` → `Flask`), or `None` when the
/// name does not end in `.md` or `.markdown` (in any case).
pub fn markdown_stem(name: &str) -> Option<&str> {
    MARKDOWN_EXTENSIONS.iter().find_map(|ext| {
        let cut = name.len().checked_sub(ext.len())?;
        (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(ext) && cut > 0)
            .then(|| &name[..cut])
    })
}

/// Whether a file name is an editor's temporary, backup or lock file, which is never content.
pub fn is_editor_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains(".tmp.")
        || name.starts_with("~$")
}

/// Whether an [`is_editor_junk`] name is surely a file that an editor or the system keeps
/// only for a while or for itself (a swap file, an autosave, a lock, a backup ending in `~`,
/// `.DS_Store`), so that skipping it is not worth a warning, unlike `.htaccess` or `old.bak`.
pub fn is_passing_junk(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name.starts_with("~$")
        || name.starts_with(".tradeoff-")
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passing_editor_files_are_told_from_files_worth_a_warning() {
        for name in [
            ".style.css.swp",
            "style.css~",
            "#notes.md#",
            ".#notes.md",
            ".DS_Store",
        ] {
            assert!(is_editor_junk(name) && is_passing_junk(name), "{name}");
        }
        for name in [".htaccess", "old.bak", "app.tmp.js", "#menu.css", "x.tmp"] {
            assert!(is_editor_junk(name) && !is_passing_junk(name), "{name}");
        }
    }

    #[test]
    fn markdown_names_in_any_case() {
        assert_eq!(markdown_stem("flask.md"), Some("flask"));
        assert_eq!(markdown_stem("SHOUT.MD"), Some("SHOUT"));
        assert_eq!(markdown_stem("notes.markdown"), Some("notes"));
        assert_eq!(markdown_stem("notes.txt"), None);
        assert_eq!(markdown_stem(".md"), None);
    }

    #[test]
    fn refuses_outputs_among_the_inputs() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        let place = |output: &str| {
            Project::new(Some(root.clone()), Some(root.join(output))).check_output_place()
        };
        assert!(place("public").is_ok());
        assert!(place("../elsewhere").is_ok());
        for bad in [
            ".",
            "templates",
            "templates/x",
            "static",
            "static/sub/deeper",
            "content",
            "public/../content",
            "..",
        ] {
            assert!(place(bad).is_err(), "{bad} must be refused");
        }
    }
}
