//! What the pipeline remembers between runs: each piece with the key of the inputs it was
//! made from (a hash), and for pieces that read other parts of the site (the pages a body
//! links to, the pages a link points into) what those parts were. A piece is reused only
//! while both hold; a run drops the pieces of files that are gone.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

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

    /// Forgets the piece.
    pub(super) fn forget(&mut self) {
        self.0 = None;
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
pub(super) type FastHash = foldhash::fast::FixedState;

/// Remembered pieces by name (an option's file name, an output path), and the names of those
/// made in the last run.
pub(super) struct Table<V> {
    pieces: HashMap<String, Remembered<V>, FastHash>,
    /// The names of the pieces the last [`Table::renew`] made.
    made_last: Vec<String>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            pieces: HashMap::default(),
            made_last: Vec::new(),
        }
    }
}

impl<V> Table<V> {
    /// The piece named `name`, whatever it was made from.
    pub(super) fn get(&self, name: &str) -> Option<&Remembered<V>> {
        self.pieces.get(name)
    }

    /// The piece named `name`, to change.
    pub(super) fn get_mut(&mut self, name: &str) -> Option<&mut Remembered<V>> {
        self.pieces.get_mut(name)
    }

    /// The piece named `name` if it was made from `key`.
    pub(super) fn value_at(&self, name: &str, key: u64) -> Option<&V> {
        self.pieces
            .get(name)
            .filter(|r| r.key == key)
            .map(|r| &r.value)
    }

    /// Makes again (in parallel, by `make`) the piece of each of `names` that is not
    /// remembered for its key in `keys` (same order), and forgets the pieces of names no
    /// longer among them. Returns how many were made.
    pub(super) fn refresh(
        &mut self,
        names: &[&str],
        keys: &[u64],
        make: impl Fn(usize) -> V + Sync,
    ) -> usize
    where
        V: Send + Sync,
    {
        use rayon::prelude::*;
        let stale: Vec<usize> = (0..names.len())
            .into_par_iter()
            .filter(|&i| self.value_at(names[i], keys[i]).is_none())
            .collect();
        let fresh: Vec<(String, u64, V)> = stale
            .par_iter()
            .map(|&i| (names[i].to_string(), keys[i], make(i)))
            .collect();
        self.renew(fresh, names.iter().copied());
        stale.len()
    }

    /// Adds the pieces made in this run and forgets those whose names are not among `names`.
    pub(super) fn renew<'n>(
        &mut self,
        fresh: Vec<(String, u64, V)>,
        names: impl Iterator<Item = &'n str>,
    ) {
        self.made_last.clear();
        for (name, key, value) in fresh {
            self.made_last.push(name.clone());
            self.pieces.insert(name, Remembered { key, value });
        }
        // Every current name has an entry (made now or before): only when there are more
        // entries than names are some of them for files that are gone.
        let names: Vec<&str> = names.collect();
        if names.len() < self.pieces.len() {
            let names: HashSet<&str, FastHash> = names.into_iter().collect();
            self.pieces.retain(|name, _| names.contains(name.as_str()));
        }
    }

    /// Forgets the pieces made in the last run (a run that was stopped midway, whose pieces
    /// may be renders that stopped), keeping those of the runs before.
    pub(super) fn forget_last(&mut self) {
        for name in std::mem::take(&mut self.made_last) {
            self.pieces.remove(&name);
        }
    }
}

/// Everything one run of the pipeline leaves for the next. Empty for `build` and `check`.
#[derive(Default)]
pub struct Memo {
    pub(super) config: Slot<Result<Arc<SiteConfig>, Vec<Diagnostic>>>,
    pub(super) landing: Slot<Result<Landing, Vec<Diagnostic>>>,
    pub(super) options: Table<ParsedOption>,
    /// The options' display order.
    pub(super) display_order: crate::site::DisplayOrder,
    pub(super) templates: Slot<Result<Templates, Vec<Diagnostic>>>,
    /// The templates with `asset()` answering for this run's static files.
    pub(super) page_templates: Slot<Templates>,
    /// Content file names and the pages they become.
    pub(super) link_targets: Slot<LinkTargets>,
    pub(super) pages: Table<OptionPage>,
    pub(super) parts: Table<Parts>,
    pub(super) rows: Table<RankedRow>,
    /// The ranking with the default weights, and its robustness once the listings needed it.
    pub(super) ranking: Slot<Ranked>,
    pub(super) landing_body: Slot<LinkedBody>,
    pub(super) listing: Slot<Listing>,
    /// The search index, updated with the words of the pages made again.
    pub(super) search: render::search::SearchIndex,
    pub(super) body_checks: Table<BodyCheck>,
    pub(super) page_checks: Table<PageCheck>,
    pub(super) page_ids: Table<PageIds>,
}

impl Memo {
    /// Forgets what the last run rendered, for a run that was stopped midway: its renders
    /// after the stop are failures that are not the templates' (and the checks of them), while
    /// everything made by earlier runs still holds, so that the next run renders again only
    /// what the stopped one was rendering.
    pub fn forget_last_renders(&mut self) {
        self.pages.forget_last();
        self.parts.forget_last();
        self.rows.forget_last();
        self.body_checks.forget_last();
        self.page_checks.forget_last();
        self.page_ids.forget_last();
        self.listing.forget();
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("options", &self.options.pieces.len())
            .field("pages", &self.pages.pieces.len())
            .finish_non_exhaustive()
    }
}

/// The listing pages and exports by output path: each file, or why its template failed; and
/// the frames of the listing pages made by splicing parts into them.
#[derive(Default)]
pub(super) struct Listing {
    pub(super) files: Vec<(String, Result<Bytes, Vec<Diagnostic>>)>,
    pub(super) frames: Vec<(String, Frame)>,
}

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
    /// Where it goes in the output (its slug is part of its key).
    pub(super) path: String,
    /// The page, or why its template failed (no reason when the templates did not parse).
    pub(super) html: Result<Bytes, Vec<Diagnostic>>,
    /// The body, without its HTML.
    pub(super) body: LinkedBody,
    /// Its words for the search index, until the index takes them.
    pub(super) terms: Option<render::search::DocTerms>,
}

/// What the listing pages and exports show of one option.
pub(super) struct Parts {
    pub(super) card: Result<String, Vec<Diagnostic>>,
    pub(super) exports: ExportEntries,
    /// Its statements in the script's rows file.
    pub(super) script: script_data::RowsEntry,
    /// What the checks found in its card, once the landing page is checked.
    pub(super) card_found: Found,
}

/// The pieces of a listing page made as `frame`, from the remembered `parts` and `rows` of
/// the options `name` names by index; `None` when one is missing or failed.
pub(super) fn pieces<'m>(
    frame: &Frame,
    name: impl Fn(usize) -> Option<&'m str>,
    parts: &'m Table<Parts>,
    rows: &'m Table<RankedRow>,
) -> Option<Vec<(&'m str, &'m Found)>> {
    frame
        .order
        .iter()
        .map(|&i| {
            let name = name(i)?;
            match frame.parts {
                FramedParts::Cards => {
                    let part = &parts.get(name)?.value;
                    Some((part.card.as_deref().ok()?, &part.card_found))
                }
                FramedParts::Rows => {
                    let row = &rows.get(name)?.value;
                    Some((row.html.as_deref().ok()?, &row.found))
                }
            }
        })
        .collect()
}

/// What the checks find in one part of a listing page, each made when first needed: its
/// scan, and its links judged against the output's files (spans relative to the part),
/// with the key of those files.
#[derive(Default)]
pub(super) struct Found {
    scan: OnceLock<FragmentScan>,
    links: std::sync::Mutex<Option<(u64, Judged)>>,
}

/// A part's links judged: those broken whatever the page holds, and those into the page's
/// own ids (see [`links::judge`]).
type Judged = (links::PageLinks, Vec<links::AnchorCheck>);

impl Found {
    fn scan(&self, html: &str) -> &FragmentScan {
        self.scan.get_or_init(|| FragmentScan::of(html))
    }

    /// The part's links judged against `files` (whose key is `files_key`) as a part of
    /// `page`, moved by `offset` to their place in it.
    #[allow(clippy::too_many_arguments)]
    fn links<S: std::hash::BuildHasher>(
        &self,
        html: &str,
        page: &str,
        offset: usize,
        has_base: bool,
        files: &HashSet<&str, S>,
        files_key: u64,
        base_path: &str,
    ) -> Judged {
        let key = mix_key(files_key, has_base);
        let mut remembered = self
            .links
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let judged = match &*remembered {
            Some((k, judged)) if *k == key => judged,
            _ => {
                let urls = &self.scan(html).urls;
                let judged = links::judge(page, html, urls, has_base, files, base_path);
                &remembered.insert((key, judged)).1
            }
        };
        let moved = |link: &links::BrokenLink| links::BrokenLink {
            span: link.span.start + offset..link.span.end + offset,
            ..link.clone()
        };
        let moved_check = |check: &links::AnchorCheck| links::AnchorCheck {
            link: moved(&check.link),
            ..check.clone()
        };
        (
            links::PageLinks {
                broken: judged.0.broken.iter().map(moved).collect(),
                into_pages: judged.0.into_pages.iter().map(moved_check).collect(),
            },
            judged.1.iter().map(moved_check).collect(),
        )
    }
}

/// The key of files judged with or without a `<base>` element.
fn mix_key(files_key: u64, has_base: bool) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(&[u8::from(has_base)], files_key)
}

/// What one HTML fragment holds for the checks (a card, a matrix row, the frame of a listing
/// page), read once when it is first needed: a listing page that is its frame with the
/// options' parts spliced in is then checked without reading all of it again.
pub(super) struct FragmentScan {
    urls: Vec<Range<usize>>,
    ids: Vec<String>,
    comments: Vec<usize>,
    whole: bool,
}

impl FragmentScan {
    pub(super) fn of(html: &str) -> Self {
        let scan = crate::html::scan(html);
        FragmentScan {
            urls: scan.urls,
            ids: scan.anchors.names().map(str::to_string).collect(),
            comments: scan.comments,
            whole: scan.whole,
        }
    }

    /// Whether the fragment holds a comment, read as markup, at `at`.
    pub(super) fn has_comment_at(&self, at: usize) -> bool {
        self.comments.binary_search(&at).is_ok()
    }

    /// Whether text after the fragment is read as markup again (see [`crate::html::Scan`]).
    pub(super) fn is_whole(&self) -> bool {
        self.whole
    }
}

/// Which parts a listing page is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FramedParts {
    /// Every option's card (the landing page).
    Cards,
    /// The first options' matrix rows (the matrix page).
    Rows,
}

/// A listing page made as its frame (the page rendered with a placeholder for its parts)
/// with the parts spliced in where the placeholder was.
pub(super) struct Frame {
    pub(super) scan: FragmentScan,
    /// Where the placeholder was in the frame.
    pub(super) at: usize,
    /// The placeholder's length.
    pub(super) placeholder: usize,
    /// The length of the frame's text after the placeholder.
    pub(super) tail: usize,
    pub(super) parts: FramedParts,
    /// Whose parts, in the page's order (indices of the site's options).
    pub(super) order: Vec<usize>,
}

/// The ranking with the default weights, and how it holds up (made when first needed).
pub(super) struct Ranked {
    pub(super) ranking: crate::render::standings::DefaultRanking,
    pub(super) robustness: OnceLock<crate::render::standings::Robustness>,
}

/// One option's matrix row, which shows its rank: on the matrix page for the first options,
/// in the script's rows file for the others.
pub(super) struct RankedRow {
    pub(super) html: Result<String, Vec<Diagnostic>>,
    /// The same row as a field of the script's rows file.
    pub(super) json: script_data::RowJson,
    /// What the checks found in it, once the matrix page is checked (rows past the page's
    /// are never).
    pub(super) found: Found,
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
    /// The page's ids, kept for a page read in pieces (a spliced listing page), so that the
    /// links into it are checked without reading it again.
    pub(super) ids: Option<Arc<crate::html::Anchors<'static>>>,
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
            ids: None,
        }
    }

    /// The check of a listing page that is `frame` with `pieces` spliced in (`None` when one
    /// is missing), from the scans
    /// of its pieces and each part's links as judged before against the same `files` (whose
    /// key is `files_key`): the same as [`PageCheck::new`] finds, without reading the page
    /// whole. Read whole when a piece would change how the text after it reads.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn framed(
        path: &str,
        bytes: &Bytes,
        frame: &Frame,
        pieces: Option<Vec<(&str, &Found)>>,
        files: &HashSet<&str, FastHash>,
        files_key: u64,
        base_path: &str,
    ) -> Self {
        use rayon::prelude::*;
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let Some(pieces) = pieces.filter(|p| {
            let length: usize = p.iter().map(|(html, _)| html.len()).sum();
            bytes.len() == frame.at + length + frame.tail
                && p.par_iter().all(|(html, found)| found.scan(html).whole)
        }) else {
            return PageCheck::new(path, bytes, files, base_path);
        };
        let has_base = links::has_base(path, text);
        let mut offsets = Vec::with_capacity(pieces.len());
        let mut offset = frame.at;
        for (html, _) in &pieces {
            offsets.push(offset);
            offset += html.len();
        }
        // The frame's URLs, at their place in the page: its text after the placeholder moved
        // by the parts' length less the placeholder's.
        let frame_urls = &frame.scan.urls;
        let split = frame_urls.partition_point(|url| url.start < frame.at);
        let moved = |at: usize| at + offset - frame.at - frame.placeholder;
        let before = &frame_urls[..split];
        let after: Vec<Range<usize>> = frame_urls[split..]
            .iter()
            .map(|url| moved(url.start)..moved(url.end))
            .collect();
        let (mut found, mut own) = links::judge(path, text, before, has_base, files, base_path);
        let judged: Vec<Judged> = pieces
            .par_iter()
            .zip(&offsets)
            .map(|((html, piece), &at)| {
                piece.links(html, path, at, has_base, files, files_key, base_path)
            })
            .collect();
        for (links, own_links) in judged {
            found.broken.extend(links.broken);
            found.into_pages.extend(links.into_pages);
            own.extend(own_links);
        }
        let (tail, tail_own) = links::judge(path, text, &after, has_base, files, base_path);
        found.broken.extend(tail.broken);
        found.into_pages.extend(tail.into_pages);
        own.extend(tail_own);
        let ids = crate::html::Anchors::from_ids(
            frame
                .scan
                .ids
                .iter()
                .chain(
                    pieces
                        .iter()
                        .flat_map(|(html, found)| found.scan(html).ids.iter()),
                )
                .map(String::as_str),
        );
        found.broken.extend(links::unanchored(&own, |_| Some(&ids)));
        found.broken.sort_by_key(|link| link.span.start);
        let mut urls = before.to_vec();
        for ((html, piece), at) in pieces.iter().zip(&offsets) {
            let scan = piece.scan(html);
            urls.extend(scan.urls.iter().map(|url| url.start + at..url.end + at));
        }
        urls.extend(after);
        PageCheck {
            bytes: bytes.clone(),
            links: found,
            subpath: subpath::in_page(path, text, &urls, base_path),
            ids: Some(Arc::new(ids)),
        }
    }
}

/// The ids of a page that other pages' links point into.
pub(super) struct PageIds {
    pub(super) bytes: Bytes,
    pub(super) ids: Arc<crate::html::Anchors<'static>>,
}

impl PageIds {
    /// The ids of a page as its check found them, or read from it.
    pub(super) fn of(bytes: &Bytes, check: Option<&PageCheck>) -> Self {
        match check.and_then(|c| c.ids.as_ref()) {
            Some(ids) => PageIds {
                bytes: bytes.clone(),
                ids: Arc::clone(ids),
            },
            None => PageIds::new(bytes),
        }
    }

    pub(super) fn new(bytes: &Bytes) -> Self {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        PageIds {
            bytes: bytes.clone(),
            ids: Arc::new(crate::html::Anchors::of(text).into_owned()),
        }
    }
}
