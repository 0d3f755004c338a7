//! Static files' URLs: a short content hash of each for cache-busting URLs, and where an
//! output file that is not a page came from.

use std::collections::BTreeMap;

use bytes::Bytes;

use crate::diag::Origin;

use crate::theme;

/// Static files by output path.
pub type Assets = BTreeMap<String, Bytes>;

/// Where an output file that is not a page came from: the site's `static/`, or the built-in
/// theme's when `contents` are the theme's file of that path.
pub fn static_origin(path: &str, contents: Option<&[u8]>) -> Origin {
    let theirs = theme::static_files()
        .into_iter()
        .any(|f| f.path == path && Some(f.contents) == contents);
    if theirs { Origin::Theme } else { Origin::Site }
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
