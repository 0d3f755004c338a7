//! What the pipeline remembers between runs: each piece with the key of the inputs it was
//! made from (a hash), and for pieces that read other parts of the site (the pages a body
//! links to, the pages a link points into) what those parts were. A piece is reused only
//! while both hold; a run drops the pieces of files that are gone.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;

use crate::config::SiteConfig;
use crate::content::markdown::{LinkTargets, Rendered, Target};
use crate::content::{Candidate, Landing};
use crate::diag::Diagnostic;
use crate::output::Output;
use crate::render::templates::Templates;
use crate::render::{self, ExportEntries, links, script_data, subpath};
use crate::source::SourceFile;

/// One remembered piece and the key of the inputs it was made from.
pub(super) struct Remembered<V> {
    pub(super) key: u64,
    pub(super) value: V,
}

/// One remembered piece, or none yet.
pub(super) struct Slot<V>(Option<Remembered<V>>);

impl<V> Default for Slot<V> {
    fn default() -> Self {
        Slot(None)
    }
}

impl<V> Slot<V> {
    /// The piece for `key`, made by `make` unless it is remembered.
    pub(super) fn get_or(&mut self, key: u64, make: impl FnOnce() -> V) -> &V {
        if self.0.as_ref().is_none_or(|r| r.key != key) {
            self.0 = Some(Remembered { key, value: make() });
        }
        &self.0.as_ref().expect("set above").value
    }

    /// The piece, whatever it was made from.
    pub(super) fn get(&self) -> Option<&Remembered<V>> {
        self.0.as_ref()
    }

    /// Remembers `value` as made from `key`.
    pub(super) fn set(&mut self, key: u64, value: V) -> &V {
        &self.0.insert(Remembered { key, value }).value
    }
}

/// The output's files by path, for the many lookups of one run.
pub(super) type OutputIndex<'o> = HashMap<&'o str, &'o Bytes, FastHash>;

/// Indexes `output` by path.
pub(super) fn index(output: &Output) -> OutputIndex<'_> {
    output.iter_shared().collect()
}

/// The hasher of the memo's tables: fast on short names, and nothing here is adversarial
/// (the names are the site's own files).
pub(super) type FastHash = xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// Remembered pieces by name (an option's file name, an output path).
pub(super) struct Table<V>(HashMap<String, Remembered<V>, FastHash>);

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table(HashMap::default())
    }
}

impl<V> Table<V> {
    /// The piece named `name`, whatever it was made from.
    pub(super) fn get(&self, name: &str) -> Option<&Remembered<V>> {
        self.0.get(name)
    }

    /// The piece named `name` if it was made from `key`.
    pub(super) fn value_at(&self, name: &str, key: u64) -> Option<&V> {
        self.0.get(name).filter(|r| r.key == key).map(|r| &r.value)
    }

    /// Adds the pieces made in this run and forgets those whose names are not among `names`.
    pub(super) fn renew<'n>(
        &mut self,
        fresh: Vec<(String, u64, V)>,
        names: impl Iterator<Item = &'n str>,
    ) {
        for (name, key, value) in fresh {
            self.0.insert(name, Remembered { key, value });
        }
        // Every current name has an entry (made now or before): only when there are more
        // entries than names are some of them for files that are gone.
        let names: Vec<&str> = names.collect();
        if names.len() < self.0.len() {
            let names: HashSet<&str, FastHash> = names.into_iter().collect();
            self.0.retain(|name, _| names.contains(name.as_str()));
        }
    }
}

/// Everything one run of the pipeline leaves for the next. Empty for `build` and `check`.
#[derive(Default)]
pub struct Memo {
    pub(super) config: Slot<Result<Arc<SiteConfig>, Vec<Diagnostic>>>,
    pub(super) landing: Slot<Result<Landing, Vec<Diagnostic>>>,
    pub(super) options: Table<ParsedOption>,
    pub(super) templates: Slot<Result<Templates, Vec<Diagnostic>>>,
    /// The templates with `asset()` answering for this run's static files.
    pub(super) page_templates: Slot<Templates>,
    /// Content file names and the pages they become.
    pub(super) link_targets: Slot<LinkTargets>,
    pub(super) pages: Table<OptionPage>,
    pub(super) parts: Table<Parts>,
    pub(super) rows: Table<RankedRow>,
    pub(super) landing_body: Slot<LinkedBody>,
    pub(super) listing: Slot<Listing>,
    pub(super) body_checks: Table<BodyCheck>,
    pub(super) page_checks: Table<PageCheck>,
    pub(super) page_ids: Table<PageIds>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("options", &self.options.0.len())
            .field("pages", &self.pages.0.len())
            .finish_non_exhaustive()
    }
}

/// The listing pages and exports by output path: each file, or why its template failed.
pub(super) type Listing = Vec<(String, Result<Bytes, Vec<Diagnostic>>)>;

/// An option file parsed: the option (none when no URL can be made for it) and its problems.
pub(super) type ParsedOption = (Option<Arc<Candidate>>, Vec<Diagnostic>);

/// Whether two shared buffers hold the same bytes (the same buffer, most often).
pub(super) fn same_bytes(a: &Bytes, b: &Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// A rendered Markdown body and the pages its content links resolved to when it was
/// rendered: it holds while every one of them still resolves the same.
pub(super) struct LinkedBody {
    pub(super) body: Rendered,
    targets: Vec<(String, Option<Target>)>,
    /// The key of the link targets it was last seen to hold for.
    targets_key: std::sync::atomic::AtomicU64,
}

impl LinkedBody {
    /// `body`, rendered with `targets` (whose key is `targets_key`).
    pub(super) fn new(body: Rendered, targets: &LinkTargets, targets_key: u64) -> Self {
        let resolved = body
            .content_links
            .iter()
            .map(|file| (file.clone(), targets.get(file).cloned()))
            .collect();
        LinkedBody {
            body,
            targets: resolved,
            targets_key: targets_key.into(),
        }
    }

    /// Whether the body's links resolve as they did: at once when the targets are the same
    /// as when it last held, else link by link (never for a body with a broken link, whose
    /// suggestion may have changed).
    pub(super) fn holds(&self, targets: &LinkTargets, targets_key: u64) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        if self.targets_key.load(Relaxed) == targets_key {
            return true;
        }
        // A broken content link's "did you mean" reads every content file's name.
        if !self.body.diagnostics.is_empty() {
            return false;
        }
        let holds = self
            .targets
            .iter()
            .all(|(file, target)| targets.get(file) == target.as_ref());
        if holds {
            self.targets_key.store(targets_key, Relaxed);
        }
        holds
    }
}

/// An option's page, and its body's links (the HTML dropped) for the checks.
pub(super) struct OptionPage {
    /// The page, or why its template failed (no reason when the templates did not parse).
    pub(super) html: Result<Bytes, Vec<Diagnostic>>,
    /// The body, without its HTML.
    pub(super) body: LinkedBody,
}

/// What the listing pages and exports show of one option.
#[derive(Clone)]
pub(super) struct Parts {
    pub(super) card: Result<String, Vec<Diagnostic>>,
    pub(super) exports: ExportEntries,
    /// Its statements in the script's rows file.
    pub(super) script: script_data::RowsEntry,
}

/// One option's matrix row, which shows its rank: on the matrix page for the first options,
/// in the script's rows file for the others.
#[derive(Clone)]
pub(super) struct RankedRow {
    pub(super) html: Result<String, Vec<Diagnostic>>,
    /// The same row as a field of the script's rows file.
    pub(super) json: script_data::RowJson,
}

/// A body's links to files and `#anchors`, checked against the pages they point into, as
/// those pages were.
pub(super) struct BodyCheck {
    pages: Vec<(String, Option<Bytes>)>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl BodyCheck {
    pub(super) fn new(body: &Rendered, source: &SourceFile, output: &Output) -> Self {
        let linked_files = body.file_links.iter().flat_map(|l| l.files.iter().cloned());
        let mut pages: Vec<String> = body
            .anchor_links
            .iter()
            .map(|l| l.page.clone())
            .chain(linked_files)
            .collect();
        pages.sort_unstable();
        pages.dedup();
        BodyCheck {
            pages: pages
                .into_iter()
                .map(|page| {
                    let bytes = output.get_shared(&page);
                    (page, bytes)
                })
                .collect(),
            diagnostics: render::body_diagnostics(body, source, output),
        }
    }

    /// Whether every page it looked at is as it was in `files` (the output, by path).
    pub(super) fn holds(&self, files: &OutputIndex<'_>) -> bool {
        self.pages
            .iter()
            .all(|(page, bytes)| match (bytes, files.get(page.as_str())) {
                (None, None) => true,
                (Some(a), Some(b)) => same_bytes(a, b),
                _ => false,
            })
    }
}

/// One output page or stylesheet scanned: its links as judged against the output's files,
/// and its URLs that ignore the base path.
pub(super) struct PageCheck {
    pub(super) bytes: Bytes,
    pub(super) links: links::PageLinks,
    pub(super) subpath: Vec<subpath::Finding>,
}

impl PageCheck {
    pub(super) fn new(
        path: &str,
        bytes: &Bytes,
        files: &HashSet<&str, FastHash>,
        base_path: &str,
    ) -> Self {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let scan = links::scan_page(path, text);
        PageCheck {
            bytes: bytes.clone(),
            links: links::page_links(path, text, &scan.urls, &scan.ids, files, base_path),
            subpath: subpath::in_page(path, text, &scan.urls, base_path),
        }
    }
}

/// The ids of a page that other pages' links point into.
pub(super) struct PageIds {
    pub(super) bytes: Bytes,
    pub(super) ids: crate::html::Anchors<'static>,
}

impl PageIds {
    pub(super) fn new(bytes: &Bytes) -> Self {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        PageIds {
            bytes: bytes.clone(),
            ids: crate::html::Anchors::of(text).into_owned(),
        }
    }
}
