//! Where a site's parts are on disk, found from `--root` (default: the current folder).

use std::path::{Path, PathBuf};

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
