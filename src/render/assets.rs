//! Static files: the built-in theme's, overridden path by path by the site's `static/`, and a
//! short content hash of each for cache-busting URLs.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::project::{Project, STATIC_DIR, is_editor_junk};
use crate::theme;

/// Static files by output path.
pub type Assets = BTreeMap<String, Vec<u8>>;

/// The built-in static files plus the site's own, which win on the same path.
pub fn load(project: &Project) -> Result<Assets, Vec<Diagnostic>> {
    let mut assets: Assets = theme::static_files()
        .into_iter()
        .map(|f| (f.path.to_string(), f.contents.to_vec()))
        .collect();
    let dir = project.static_dir();
    if !dir.is_dir() {
        return Ok(assets);
    }
    let mut diagnostics = Vec::new();
    let mut paths = Vec::new();
    // Symbolic links are followed, as in content/: a linked file or folder is published.
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if is_editor_junk(&entry.file_name().to_string_lossy()) {
                    continue;
                }
                let relative = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                paths.push(relative);
            }
            Ok(_) => {}
            Err(err) => diagnostics.push(Diagnostic::error(format!(
                "cannot list {STATIC_DIR}/: {err}"
            ))),
        }
    }
    let read: Vec<_> = paths
        .par_iter()
        .map(|relative| {
            crate::source::read_bytes(&project.root, &Path::new(STATIC_DIR).join(relative))
                .map(|bytes| (crate::source::display_path(relative), bytes))
        })
        .collect();
    for result in read {
        match result {
            Ok((path, bytes)) => {
                assets.insert(path, bytes);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(assets)
    } else {
        Err(diagnostics)
    }
}

/// Where an output file that is not a page came from, as messages name it: `static/` for the
/// site's own, or the built-in theme's when `contents` are the theme's file of that path.
pub fn static_folder(path: &str, contents: Option<&[u8]>) -> &'static str {
    let theirs = theme::static_files()
        .into_iter()
        .any(|f| f.path == path && Some(f.contents) == contents);
    if theirs {
        "(built-in theme) static/"
    } else {
        "static/"
    }
}

/// A short hash of each file's contents, for `?h=` in asset URLs.
pub fn hashes(assets: &Assets) -> BTreeMap<String, String> {
    assets
        .iter()
        .map(|(path, bytes)| {
            (
                path.clone(),
                format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32),
            )
        })
        .collect()
}

/// How pages link static files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetLinks {
    /// With `?h=` and a hash of the contents, so that browsers never mix a new page with an
    /// old stylesheet: what `build` writes.
    Hashed,
    /// The bare path: `serve` uses it, so that editing a static file changes that file alone
    /// (it sends no-cache headers instead).
    Plain,
}

/// The URL of every static file, as `asset(path=...)` returns it.
pub fn urls(assets: &Assets, base_path: &str, links: AssetLinks) -> BTreeMap<String, String> {
    match links {
        AssetLinks::Hashed => hashes(assets)
            .into_iter()
            .map(|(path, hash)| {
                let url = format!("{base_path}{path}?h={hash}");
                (path, url)
            })
            .collect(),
        AssetLinks::Plain => assets
            .keys()
            .map(|path| (path.clone(), format!("{base_path}{path}")))
            .collect(),
    }
}
