//! The built site in memory (output path → bytes), and its commit to disk in one step: only
//! after a build succeeded, only into a folder that is absent, empty or written earlier by
//! tradeoff (a manifest lists what it wrote), and never touching anything else.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use bytes::Bytes;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Kind};

/// The file in the output folder that lists what tradeoff wrote there.
pub const MANIFEST: &str = ".tradeoff-manifest";
const MANIFEST_HEADER: &str =
    "# tradeoff manifest v1: the files tradeoff wrote in this folder (hash path). Do not edit.";

/// A built site: every output file's `/`-separated path and contents. Contents are shared
/// buffers, so copies of an output (and files handed to `serve`'s server) cost no copying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Bytes>,
}

impl<P: Into<String>, C: Into<Bytes>> FromIterator<(P, C)> for Output {
    /// The files, the last of each path kept (as inserting them one by one would), put in
    /// order at once.
    fn from_iter<I: IntoIterator<Item = (P, C)>>(files: I) -> Self {
        Output {
            files: files
                .into_iter()
                .map(|(path, contents)| (path.into(), contents.into()))
                .collect(),
        }
    }
}

impl Output {
    /// An output of text files, for tests.
    #[cfg(test)]
    pub fn of_texts(files: &[(&'static str, &'static str)]) -> Output {
        files.iter().map(|(p, c)| (*p, c.as_bytes())).collect()
    }

    /// An empty output.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Bytes>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Removes a file, returning its contents.
    pub fn remove(&mut self, path: &str) -> Option<Bytes> {
        self.files.remove(path)
    }

    /// A file's contents.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// Whether a file at `path` could not be added: the path is taken, a file holds one of its
    /// folders (`options` for `options/x/index.html`), or it is a folder of other files.
    pub fn clashes(&self, path: &str) -> bool {
        if self.files.contains_key(path) {
            return true;
        }
        let folder = format!("{path}/");
        let holds_files = self
            .files
            .range(folder.clone()..)
            .next()
            .is_some_and(|(key, _)| key.starts_with(&folder));
        holds_files
            || path
                .match_indices('/')
                .any(|(at, _)| self.files.contains_key(&path[..at]))
    }

    /// The files at `only`'s paths (those that exist), or every file; in path order when all.
    #[cfg(test)]
    pub fn files_among(&self, only: Option<&[String]>) -> Vec<(&str, &[u8])> {
        match only {
            Some(only) => only
                .iter()
                .filter_map(|path| {
                    let (key, bytes) = self.files.get_key_value(path.as_str())?;
                    Some((key.as_str(), &bytes[..]))
                })
                .collect(),
            None => self.iter().collect(),
        }
    }

    /// A file's contents as a shared buffer (a cheap copy).
    pub fn get_shared(&self, path: &str) -> Option<Bytes> {
        self.files.get(path).cloned()
    }

    /// Whether a file exists.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every file, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, c)| (p.as_str(), &c[..]))
    }

    /// Every file with its contents as a shared buffer, sorted by path.
    pub fn iter_shared(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.files.iter().map(|(p, c)| (p.as_str(), c))
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many HTML pages.
    pub fn page_count(&self) -> usize {
        self.files.keys().filter(|p| p.ends_with(".html")).count()
    }

    /// The total size in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }
}

/// What a commit did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitStats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files left as they were because their contents did not change.
    pub unchanged: usize,
    /// Files of the previous build that this build no longer has, removed.
    pub removed: usize,
}

/// A previous build's manifest: path → content hash.
type Manifest = BTreeMap<String, u64>;

/// Proof that an output folder was checked: absent, empty, or holding only files tradeoff
/// wrote (listed in the manifest read here), so that [`commit`] may write into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writable {
    dir: PathBuf,
    previous: Manifest,
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Whether a manifest path is a plain relative path that stays inside the folder.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Checks that tradeoff may write into `dir`, reading the previous build's manifest.
pub fn check_writable(dir: &Path) -> Result<Writable, Diagnostic> {
    Ok(Writable {
        dir: dir.to_path_buf(),
        previous: read_checked(dir)?,
    })
}

fn read_checked(dir: &Path) -> Result<Manifest, Diagnostic> {
    let shown = dir.display();
    // The folder itself may be a symbolic link to a folder; what is inside is checked as is.
    match fs::metadata(dir) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Manifest::new()),
        Err(err) => {
            return Err(
                Diagnostic::error(format!("cannot use output folder {shown}: {err}"))
                    .with_kind(Kind::OutputFolder),
            );
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(Diagnostic::error(format!(
                "output path {shown} exists and is not a folder"
            ))
            .with_kind(Kind::OutputFolder)
            .help("choose another folder with --output"));
        }
        Ok(_) => {}
    }
    // A commit that was cut short (the process killed, the machine stopped) is put back first.
    recover(dir)?;
    let manifest = read_manifest(dir)?;
    let mut foreign = Vec::new();
    // What an interrupted commit left beside the files (new files not yet in place, replaced
    // ones not yet removed): removed once the folder is known to be ours.
    let mut leftovers = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry =
            entry.map_err(|err| Diagnostic::unlistable(&format!("output folder {shown}"), err))?;
        if is_working_name(entry.file_name()) {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            leftovers.push((entry.path().to_path_buf(), entry.file_type().is_dir()));
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let relative =
            crate::source::display_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        let ours = relative == MANIFEST
            || (manifest.contains_key(&relative) && entry.file_type().is_file());
        if !ours {
            foreign.push(relative);
        }
    }
    if let Some(first) = foreign.first() {
        let more = match foreign.len() {
            1 => String::new(),
            n => format!(" and {} other file{}", n - 1, if n == 2 { "" } else { "s" }),
        };
        return Err(Diagnostic::refused_output(
            &shown.to_string(),
            &format!(
                "it holds files tradeoff did not write, such as {}{more}",
                dir.join(first).display()
            ),
        )
        .help("tradeoff replaces its output folder's contents; choose an empty or new folder with --output, or empty this one yourself"));
    }
    for (path, is_dir) in leftovers {
        let removed = if is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        match removed {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(Diagnostic::error(format!(
                    "cannot remove {}, left by an interrupted build: {err}",
                    path.display()
                )));
            }
        }
    }
    Ok(manifest)
}

fn read_manifest(dir: &Path) -> Result<Manifest, Diagnostic> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Manifest::new()),
        Err(err) => {
            return Err(Diagnostic::unreadable(&path.display().to_string(), err));
        }
    };
    let mut manifest = Manifest::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let parsed = line
            .split_once(' ')
            .and_then(|(h, p)| u64::from_str_radix(h, 16).ok().map(|h| (h, p)))
            .filter(|(_, p)| is_safe_relative(p));
        match parsed {
            Some((h, p)) => {
                manifest.insert(p.to_string(), h);
            }
            None => {
                return Err(Diagnostic::error(format!("{} is damaged", path.display()))
                    .with_kind(Kind::OutputFolder)
                    .label(format!("unreadable line: {line}"))
                    .help("delete the output folder and build again"));
            }
        }
    }
    Ok(manifest)
}

fn manifest_text(manifest: &Manifest) -> String {
    let mut text = String::with_capacity(manifest.len() * 48);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (path, h) in manifest {
        text.push_str(&format!("{h:016x} {path}\n"));
    }
    text
}

/// The names a commit gives its own files beside the output's: a new file is written as
/// `.tradeoff-new.<name>` and renamed into place; a replaced file stays reachable as
/// `.tradeoff-old.<name>` until the commit is done. No output file's name starts with
/// `.tradeoff-`, so these are tradeoff's own.
const NEW: &str = ".tradeoff-new.";
const OLD: &str = ".tradeoff-old.";
/// The journal of a commit under way (what it changes), so that a commit cut short can be
/// put back by the next build.
const JOURNAL: &str = ".tradeoff-commit";

/// Whether a file name is one of a commit's working names (never an output file's).
fn is_working_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(NEW) || n.starts_with(OLD) || n == JOURNAL)
}

/// `path` (`/`-separated, relative) with `prefix` before its file name.
fn beside(path: &str, prefix: &str) -> String {
    match path.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/{prefix}{name}"),
        None => format!("{prefix}{path}"),
    }
}

/// One change of a commit, as its journal records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A file of the previous output (or an obsolete folder of them) moved to its
    /// `.tradeoff-old.` name to make way for a folder or a file of this build.
    Aside,
    /// A folder this commit created.
    Folder,
    /// A file that existed and gets new contents; the old stays as `.tradeoff-old.<name>`.
    Replace,
    /// A file that did not exist.
    Add,
}

impl Step {
    const ALL: [(Step, &'static str); 4] = [
        (Step::Aside, "aside"),
        (Step::Folder, "folder"),
        (Step::Replace, "replace"),
        (Step::Add, "add"),
    ];

    fn word(self) -> &'static str {
        Step::ALL
            .iter()
            .find(|(step, _)| *step == self)
            .map_or("", |(_, word)| word)
    }
}

/// A commit's changes, in the order they are made.
type Journal = Vec<(Step, String)>;

fn journal_text(journal: &Journal) -> String {
    let mut text = String::from("# tradeoff commit journal: a build is writing this folder\n");
    for (step, path) in journal {
        text.push_str(step.word());
        text.push(' ');
        text.push_str(path);
        text.push('\n');
    }
    text
}

fn parse_journal(text: &str) -> Option<Journal> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let (word, path) = line.split_once(' ')?;
            let (step, _) = Step::ALL.iter().find(|(_, w)| *w == word)?;
            is_safe_relative(path).then(|| (*step, path.to_string()))
        })
        .collect()
}

/// Flushes what was written to the file system that holds `dir` to the disk: one call for
/// every file on Linux; elsewhere each file is flushed as it is written.
fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        rustix::fs::syncfs(fs::File::open(dir)?)?;
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
    }
    Ok(())
}

/// Writes `contents` to `path` under a temporary name beside it and renames it into place.
fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("not a file name"))?;
    let temp = path.with_file_name(format!("{NEW}{name}"));
    write_new(&temp, contents)?;
    fs::rename(&temp, path)
}

/// Writes a new file (never through an existing one's hard links: a leftover is removed first).
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    let mut file = fs::File::create_new(path)?;
    io::Write::write_all(&mut file, contents)?;
    #[cfg(not(target_os = "linux"))]
    file.sync_all()?;
    Ok(())
}

/// Puts back a commit that was cut short, if its journal is there.
fn recover(dir: &Path) -> Result<(), Diagnostic> {
    let path = dir.join(JOURNAL);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(Diagnostic::error(format!(
                "cannot read {}: {err}",
                path.display()
            )));
        }
    };
    let journal = parse_journal(&text).ok_or_else(|| {
        Diagnostic::error(format!("{} is damaged", path.display()))
            .help("delete the output folder and build again")
    })?;
    roll_back(dir, &journal).map_err(|err| {
        Diagnostic::error(format!(
            "cannot put back the output of an interrupted build in {}: {err}",
            dir.display()
        ))
    })
}

/// Undoes what a commit did of its journal's changes, whichever of them were made: the
/// previous output comes back as it was, and the journal goes.
fn roll_back(dir: &Path, journal: &Journal) -> io::Result<()> {
    let mut first_error = None;
    let mut note = |result: io::Result<()>| {
        if let Err(err) = result
            && err.kind() != io::ErrorKind::NotFound
        {
            first_error.get_or_insert(err);
        }
    };
    for (step, path) in journal {
        let target = dir.join(path);
        match step {
            Step::Replace => {
                note(fs::remove_file(dir.join(beside(path, NEW))));
                let old = dir.join(beside(path, OLD));
                if fs::symlink_metadata(&old).is_ok() {
                    note(fs::rename(&old, &target));
                    // Renaming a file onto another of its names changes nothing.
                    if fs::symlink_metadata(&old).is_ok() {
                        note(fs::remove_file(&old));
                    }
                }
            }
            Step::Add => {
                note(fs::remove_file(dir.join(beside(path, NEW))));
                if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
                    note(fs::remove_file(&target));
                }
            }
            Step::Aside | Step::Folder => {}
        }
    }
    // The folders it made, deepest first (they hold nothing of the previous output), then the
    // files and folders it moved aside, back where they were.
    for (_, path) in journal.iter().rev().filter(|(s, _)| *s == Step::Folder) {
        note(fs::remove_dir(dir.join(path)));
    }
    for (_, path) in journal.iter().filter(|(s, _)| *s == Step::Aside) {
        let old = dir.join(beside(path, OLD));
        if fs::symlink_metadata(&old).is_ok() {
            note(fs::rename(&old, dir.join(path)));
        }
    }
    if let Some(err) = first_error {
        return Err(err);
    }
    sync_folder(dir)?;
    fs::remove_file(dir.join(JOURNAL))
}

/// What the file system holding `dir` has free, and what a commit will use of it.
#[derive(Debug, Clone, Copy, Default)]
struct Space {
    bytes: u64,
    files: u64,
}

/// The space that writing files of these sizes takes, counted in whole blocks.
fn space_for(sizes: impl Iterator<Item = u64>, folders: usize, block: u64) -> Space {
    let block = block.max(1);
    let mut space = Space {
        bytes: folders as u64 * block,
        files: folders as u64,
    };
    for size in sizes {
        space.bytes += size.div_ceil(block).max(1) * block;
        space.files += 1;
    }
    space
}

/// The free space (bytes and files an unprivileged user may use) and block size of the file
/// system that holds `dir` (or would hold it: its nearest existing folder), if it says.
fn free_space(dir: &Path) -> Option<(Space, u64)> {
    let existing = dir.ancestors().find(|p| p.is_dir())?;
    #[cfg(unix)]
    {
        let stat = rustix::fs::statvfs(existing).ok()?;
        let block = stat.f_frsize.max(1);
        let free = Space {
            bytes: stat.f_bavail.saturating_mul(block),
            // File systems without a limit of files (btrfs) say 0 of 0.
            files: if stat.f_files == 0 {
                u64::MAX
            } else {
                stat.f_favail
            },
        };
        Some((free, block))
    }
    #[cfg(not(unix))]
    {
        let _ = existing;
        None
    }
}

/// Shows a size in bytes the way `df -h` would, roughly.
fn show_bytes(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

/// Whether the folder `folder` (inside the output folder `dir`) holds files and nothing but
/// files of the previous build that the new one drops.
fn only_obsolete_files(folder: &Path, dir: &Path, obsolete: &BTreeSet<&str>) -> bool {
    let mut any = false;
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let Ok(entry) = entry else {
            return false;
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let relative =
            crate::source::display_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if !entry.file_type().is_file() || !obsolete.contains(relative.as_str()) {
            return false;
        }
        any = true;
    }
    any
}

/// Why a commit stopped before its changes were all made.
enum Halt {
    /// A signal asked the build to stop.
    Stopped,
    /// The file system refused something.
    Failed(Box<Diagnostic>),
}

/// Writes `output` into the checked folder, so that the folder holds either the previous
/// output or this one, whatever happens: new and changed files are written under temporary
/// names beside their place and renamed into it (so a file is never seen half written, and
/// another hard link to an old file keeps the old contents), unchanged files are not touched,
/// and files of the previous build that are gone are moved aside with the rest and removed
/// once the commit is done.
///
/// Before anything changes, the free space is checked against what will be written and a
/// journal of the changes is written; if a step fails or `stop()` turns true while files are
/// being written, every change is undone and the previous output is left as it was. A commit
/// cut short harder (the process killed) is undone by the next [`check_writable`].
pub fn commit(
    output: &Output,
    target: Writable,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<CommitStats, Diagnostic> {
    let Writable { dir, previous } = target;
    let dir = dir.as_path();
    let io_error = |what: &str, path: &Path, err: io::Error| {
        Diagnostic::file_system(what, &path.display().to_string(), err)
    };
    let next: Manifest = output
        .files
        .par_iter()
        .map(|(p, c)| (p.clone(), hash(c)))
        .collect();
    // Files of the previous build that this one drops: they may stand where this build puts
    // a folder (`docs` becoming `docs/v1/index.html`) or be inside where it puts a file.
    let obsolete: BTreeSet<&str> = previous
        .keys()
        .filter(|p| !next.contains_key(*p))
        .map(String::as_str)
        .collect();
    let folders: BTreeSet<&Path> = output
        .files
        .keys()
        .flat_map(|p| Path::new(p).ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    // Anything else in the way (a folder where a file goes, a file where a folder goes, put
    // there by someone else) stops the commit before it changes anything.
    let conflicts: Vec<(PathBuf, bool)> = output
        .files
        .par_iter()
        .map(|(path, _)| (Path::new(path.as_str()), false))
        .chain(folders.par_iter().map(|folder| (*folder, true)))
        .filter(|(path, want_folder)| {
            fs::symlink_metadata(dir.join(path)).is_ok_and(|meta| {
                if *want_folder {
                    !meta.is_dir()
                } else {
                    !meta.is_file()
                }
            })
        })
        .map(|(path, want_folder)| (path.to_path_buf(), want_folder))
        .collect();
    let mut clear = Vec::new();
    let mut blocked = Vec::new();
    for (path, want_folder) in conflicts {
        let relative = crate::source::display_path(&path);
        let ours = if want_folder {
            obsolete.contains(relative.as_str())
        } else {
            only_obsolete_files(&dir.join(&path), dir, &obsolete)
        };
        if ours {
            clear.push(relative);
        } else {
            blocked.push((path, want_folder));
        }
    }
    if let Some((path, want_folder)) = blocked.into_iter().min() {
        let target = dir.join(&path);
        let (found, wanted) = if want_folder {
            ("is not a folder", "a folder of the site")
        } else {
            ("is not a file", "a file of the site")
        };
        return Err(
            Diagnostic::error(format!("cannot write {}: it {found}", target.display()))
                .with_kind(Kind::OutputFolder)
                .label(format!(
                    "the build puts {wanted} there; nothing was written"
                ))
                .help("remove it, or choose another folder with --output"),
        );
    }
    clear.sort();

    // The files whose bytes change: new, changed, or not as the manifest says on disk.
    let changed: Vec<(&str, &[u8], Step)> = output
        .files
        .par_iter()
        .filter_map(|(path, contents)| {
            let on_disk = fs::symlink_metadata(dir.join(path))
                .ok()
                .filter(|meta| meta.is_file());
            let same = previous
                .get(path)
                .is_some_and(|h| Some(h) == next.get(path))
                && on_disk
                    .as_ref()
                    .is_some_and(|m| m.len() == contents.len() as u64);
            let step = if on_disk.is_some() {
                Step::Replace
            } else {
                Step::Add
            };
            (!same).then_some((path.as_str(), &contents[..], step))
        })
        .collect();
    let mut stats = CommitStats {
        written: changed.len(),
        unchanged: output.len() - changed.len(),
        removed: 0,
    };
    if changed.is_empty() && obsolete.is_empty() && dir.join(MANIFEST).is_file() {
        return Ok(stats);
    }

    let next_text = manifest_text(&next);
    let manifest_step = if dir.join(MANIFEST).is_file() {
        Step::Replace
    } else {
        Step::Add
    };
    let writes: Vec<(&str, &[u8], Step)> = changed
        .into_iter()
        .chain([(MANIFEST, next_text.as_bytes(), manifest_step)])
        .collect();
    let new_folders: Vec<String> = folders
        .iter()
        .filter(|folder| !fs::symlink_metadata(dir.join(folder)).is_ok_and(|m| m.is_dir()))
        .map(|folder| crate::source::display_path(folder))
        .collect();
    // The files this build drops are moved aside too (and removed once the commit is done), so
    // that a commit cut short can bring them back; those in a folder moved aside go with it.
    let dropped: Vec<&str> = obsolete
        .iter()
        .filter(|path| fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.is_file()))
        .copied()
        .collect();
    stats.removed = dropped.len();
    let mut asides = clear.clone();
    asides.extend(
        dropped
            .iter()
            .filter(|path| {
                !clear
                    .iter()
                    .any(|c| c == *path || path.starts_with(&format!("{c}/")))
            })
            .map(|path| path.to_string()),
    );
    let mut journal: Journal = asides.iter().map(|p| (Step::Aside, p.clone())).collect();
    journal.extend(new_folders.iter().map(|p| (Step::Folder, p.clone())));
    journal.extend(writes.iter().map(|(p, _, step)| (*step, p.to_string())));
    let journal_text = journal_text(&journal);

    // Enough room for every new file beside the old ones (which stay until the end)?
    if let Some((free, block)) = free_space(dir) {
        let sizes = writes
            .iter()
            .map(|(_, c, _)| c.len() as u64)
            .chain([journal_text.len() as u64]);
        let needed = space_for(sizes, new_folders.len() + 1, block);
        if needed.bytes > free.bytes || needed.files > free.files {
            let what = if needed.bytes > free.bytes {
                format!(
                    "{} are free on its disk, and the build writes {} in {}",
                    show_bytes(free.bytes),
                    show_bytes(needed.bytes),
                    if writes.len() == 1 {
                        "1 file".to_string()
                    } else {
                        format!("{} files", writes.len())
                    }
                )
            } else {
                format!(
                    "its disk has room for {} more files, and the build writes {}",
                    free.files,
                    writes.len()
                )
            };
            return Err(
                Diagnostic::error(format!("not enough space to write {}", dir.display()))
                    .label(format!("{what}; nothing was written"))
                    .help("free some space, or choose another folder with --output"),
            );
        }
    }

    fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    write_atomically(&dir.join(JOURNAL), journal_text.as_bytes())
        .and_then(|()| sync_folder(dir))
        .map_err(|e| io_error("write", &dir.join(JOURNAL), e))?;
    match apply(dir, &asides, &new_folders, &writes, stop) {
        Ok(()) => {}
        Err(halt) => {
            let undone = roll_back(dir, &journal);
            let mut diagnostic = match halt {
                Halt::Stopped => Diagnostic::error(format!(
                    "interrupted: {} was left as it was before this build",
                    dir.display()
                )),
                Halt::Failed(diagnostic) => (*diagnostic).label(format!(
                    "{} was left as it was before this build",
                    dir.display()
                )),
            };
            if let Err(err) = undone {
                diagnostic = diagnostic.help(format!(
                    "putting back the previous output failed too ({err}); the next build tries again"
                ));
            }
            return Err(diagnostic);
        }
    }
    // Every new file is in place: the commit is done once the journal is gone.
    sync_folder(dir)
        .and_then(|()| fs::remove_file(dir.join(JOURNAL)))
        .map_err(|e| io_error("finish writing", dir, e))?;

    // Then the previous output's files that this build replaced or dropped go.
    writes
        .par_iter()
        .filter(|(_, _, step)| *step == Step::Replace)
        .for_each(|(path, _, _)| {
            let _ = fs::remove_file(dir.join(beside(path, OLD)));
        });
    for path in &asides {
        let old = dir.join(beside(path, OLD));
        let _ = fs::remove_file(&old).or_else(|_| fs::remove_dir_all(&old));
    }
    // The folders the dropped files leave empty, deepest first; one that still holds
    // something stays.
    let emptied: BTreeSet<&Path> = dropped
        .iter()
        .flat_map(|p| Path::new(p).ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for folder in emptied.iter().rev() {
        let _ = fs::remove_dir(dir.join(folder));
    }
    Ok(stats)
}

/// Makes a commit's changes, in its journal's order: moves aside what must make way, creates
/// the folders, writes every new file under its temporary name and flushes them to disk, then
/// renames each into place (keeping the file it replaces as `.tradeoff-old.<name>`).
fn apply(
    dir: &Path,
    asides: &[String],
    new_folders: &[String],
    writes: &[(&str, &[u8], Step)],
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(), Halt> {
    let failed = |what: &str, path: &Path, err: io::Error| {
        Halt::Failed(Box::new(Diagnostic::error(format!(
            "cannot {what} {}: {err}",
            path.display()
        ))))
    };
    for path in asides {
        let old = dir.join(beside(path, OLD));
        fs::rename(dir.join(path), &old).map_err(|e| failed("move aside", &dir.join(path), e))?;
    }
    // One thread: folders made in the same parent (options/<slug>/) wait for the parent's lock
    // anyway, and threads spinning on it cost system time (measured: a third more, no faster).
    for folder in new_folders {
        let target = dir.join(folder);
        fs::create_dir(&target).map_err(|e| failed("create", &target, e))?;
    }
    writes.par_iter().try_for_each(|(path, contents, _)| {
        if stop() {
            return Err(Halt::Stopped);
        }
        let temp = dir.join(beside(path, NEW));
        write_new(&temp, contents).map_err(|e| failed("write", &dir.join(path), e))
    })?;
    sync_folder(dir).map_err(|e| failed("write", dir, e))?;
    if stop() {
        return Err(Halt::Stopped);
    }
    // From here on only renames: quick, and finished even when a signal comes.
    writes.par_iter().try_for_each(|(path, _, step)| {
        let target = dir.join(path);
        if *step == Step::Replace {
            let old = dir.join(beside(path, OLD));
            match fs::remove_file(&old) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(failed("replace", &target, err)),
            }
            // A second name for the old file keeps it for a roll back; where the file system
            // has no hard links, the old file is moved aside instead.
            if fs::hard_link(&target, &old).is_err() {
                fs::rename(&target, &old).map_err(|e| failed("replace", &target, e))?;
            }
        }
        fs::rename(dir.join(beside(path, NEW)), &target).map_err(|e| failed("write", &target, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_with_files_and_their_folders() {
        let out = Output::of_texts(&[("options/x/index.html", "x"), ("robots.txt", "r")]);
        assert!(out.clashes("robots.txt"));
        assert!(out.clashes("options"), "a file where a folder is");
        assert!(out.clashes("options/x"));
        assert!(out.clashes("robots.txt/a.png"), "a file inside a file");
        assert!(!out.clashes("options/y/index.html"));
        assert!(!out.clashes("option"));
    }

    #[test]
    fn the_previous_build_s_own_files_make_way_for_folders_and_back() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = Output::of_texts(&[("docs", "a file"), ("guide/index.html", "g")]);
        commit(&first, check_writable(&dir).expect("absent"), &|| false).expect("first");
        let second = Output::of_texts(&[("docs/v1/index.html", "v1"), ("guide", "now a file")]);
        commit(&second, check_writable(&dir).expect("ours"), &|| false)
            .expect("the old files make way");
        assert_eq!(
            fs::read_to_string(dir.join("docs/v1/index.html")).expect("v1"),
            "v1"
        );
        assert_eq!(
            fs::read_to_string(dir.join("guide")).expect("file"),
            "now a file"
        );
        // Someone else's file where a deeper folder goes stops it, with nothing changed.
        fs::create_dir_all(dir.join("api")).expect("folder");
        fs::remove_dir(dir.join("api")).expect("gone");
        fs::write(dir.join("notes"), "mine").expect("foreign");
        let manifest = fs::read(dir.join(MANIFEST)).expect("manifest");
        let third = Output::of_texts(&[("notes/v1/index.html", "n")]);
        let refused = check_writable(&dir).map(|w| commit(&third, w, &|| false));
        assert!(
            matches!(refused, Err(_) | Ok(Err(_))),
            "a foreign file is never written over"
        );
        assert_eq!(fs::read(dir.join(MANIFEST)).expect("manifest"), manifest);
        assert_eq!(fs::read_to_string(dir.join("notes")).expect("kept"), "mine");
    }

    #[test]
    fn something_in_the_way_stops_the_commit_before_any_change() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let files = Output::of_texts(&[
            ("index.html", "a"),
            ("robots.txt", "r"),
            ("options/x/index.html", "x"),
        ]);
        commit(&files, check_writable(&dir).expect("absent"), &|| false).expect("first");
        let manifest = fs::read(dir.join(MANIFEST)).expect("manifest");
        fs::remove_file(dir.join("robots.txt")).expect("remove");
        fs::create_dir(dir.join("robots.txt")).expect("a folder in the way");
        let changed = Output::of_texts(&[
            ("index.html", "b"),
            ("robots.txt", "r"),
            ("options/x/index.html", "y"),
        ]);
        let err = commit(
            &changed,
            check_writable(&dir).expect("only our files"),
            &|| false,
        )
        .expect_err("blocked");
        assert!(
            err.message.contains("robots.txt: it is not a file"),
            "{}",
            err.message
        );
        assert_eq!(
            fs::read_to_string(dir.join("index.html")).expect("kept"),
            "a"
        );
        assert_eq!(fs::read(dir.join(MANIFEST)).expect("manifest"), manifest);
    }

    #[test]
    fn writes_replaces_and_removes_only_its_own_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = commit(
            &Output::of_texts(&[("index.html", "a"), ("options/x/index.html", "x")]),
            check_writable(&dir).expect("absent folder"),
            &|| false,
        )
        .expect("first");
        assert_eq!(first.written, 2);
        let second = commit(
            &Output::of_texts(&[("index.html", "a"), ("matrix/index.html", "m")]),
            check_writable(&dir).expect("our own folder"),
            &|| false,
        )
        .expect("second");
        assert_eq!(
            second,
            CommitStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!dir.join("options").exists(), "emptied folders are removed");
        assert_eq!(
            fs::read_to_string(dir.join("matrix/index.html")).expect("written"),
            "m"
        );
    }

    /// Every file under `dir` (working names and the manifest included) with its text.
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.expect("readable"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(dir).expect("inside").to_owned();
                let text = fs::read_to_string(e.path()).expect("text");
                (crate::source::display_path(&relative), text)
            })
            .collect()
    }

    #[test]
    fn a_commit_stopped_while_writing_leaves_the_previous_output_as_it_was() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = Output::of_texts(&[("index.html", "a"), ("old/index.html", "o")]);
        commit(&first, check_writable(&dir).expect("absent"), &|| false).expect("first");
        let before = tree(&dir);
        let second = Output::of_texts(&[("index.html", "b"), ("new/index.html", "n")]);
        let err =
            commit(&second, check_writable(&dir).expect("ours"), &|| true).expect_err("stopped");
        assert!(err.message.starts_with("interrupted: "), "{}", err.message);
        assert_eq!(
            tree(&dir),
            before,
            "no file changed, none added or left behind"
        );
        assert!(!dir.join("new").exists(), "the folder made for it is gone");
    }

    #[test]
    fn a_commit_cut_short_is_put_back_by_the_next_build() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = Output::of_texts(&[("index.html", "a"), ("docs", "a file")]);
        commit(&first, check_writable(&dir).expect("absent"), &|| false).expect("first");
        let before = tree(&dir);
        // What a commit of {index.html: "b", docs/v1/index.html} leaves when killed halfway
        // through its renames: the journal, index.html replaced (the old kept aside), the file
        // `docs` moved aside for a folder, and the new page still under its temporary name.
        fs::write(
            dir.join(JOURNAL),
            "aside docs\nfolder docs\nfolder docs/v1\nreplace index.html\nadd docs/v1/index.html\nreplace .tradeoff-manifest\n",
        )
        .expect("journal");
        fs::hard_link(dir.join("index.html"), dir.join(".tradeoff-old.index.html")).expect("link");
        fs::write(dir.join(".tradeoff-new.index.html"), "b").expect("temp");
        fs::rename(dir.join(".tradeoff-new.index.html"), dir.join("index.html")).expect("swap");
        fs::rename(dir.join("docs"), dir.join(".tradeoff-old.docs")).expect("aside");
        fs::create_dir_all(dir.join("docs/v1")).expect("folders");
        fs::write(dir.join("docs/v1/.tradeoff-new.index.html"), "v1").expect("temp");
        check_writable(&dir).expect("put back");
        assert_eq!(tree(&dir), before);
    }

    #[test]
    fn working_files_left_after_a_finished_commit_are_removed_not_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = Output::of_texts(&[("index.html", "a"), ("x/index.html", "x")]);
        commit(&first, check_writable(&dir).expect("absent"), &|| false).expect("first");
        let before = tree(&dir);
        fs::write(dir.join(".tradeoff-old.index.html"), "older").expect("leftover");
        fs::write(dir.join("x/.tradeoff-new.index.html"), "newer").expect("leftover");
        check_writable(&dir).expect("the leftovers are tradeoff's own");
        assert_eq!(tree(&dir), before);
    }

    #[test]
    fn a_hard_link_to_an_output_file_keeps_the_old_contents() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        let first = Output::of_texts(&[("index.html", "a"), ("gone.html", "g")]);
        commit(&first, check_writable(&dir).expect("absent"), &|| false).expect("first");
        for name in ["index.html", "gone.html", MANIFEST] {
            fs::hard_link(dir.join(name), tmp.path().join(name)).expect("backup");
        }
        let manifest = fs::read_to_string(dir.join(MANIFEST)).expect("manifest");
        let second = Output::of_texts(&[("index.html", "b")]);
        commit(&second, check_writable(&dir).expect("ours"), &|| false).expect("second");
        assert_eq!(
            fs::read_to_string(dir.join("index.html")).expect("new"),
            "b"
        );
        let backup = |name: &str| fs::read_to_string(tmp.path().join(name)).expect("backup");
        assert_eq!(backup("index.html"), "a");
        assert_eq!(backup("gone.html"), "g");
        assert_eq!(backup(MANIFEST), manifest);
    }

    #[test]
    fn space_is_counted_in_whole_blocks() {
        let space = space_for([0, 1, 4096, 4097].into_iter(), 2, 4096);
        assert_eq!(space.bytes, (2 + 1 + 1 + 1 + 2) * 4096);
        assert_eq!(space.files, 6);
    }

    #[test]
    fn refuses_a_folder_with_foreign_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
        let err = check_writable(tmp.path()).expect_err("foreign file");
        assert!(err.message.contains("notes.txt"), "{}", err.message);
        assert_eq!(
            fs::read_to_string(tmp.path().join("notes.txt")).expect("kept"),
            "mine"
        );
        assert!(!tmp.path().join("index.html").exists());
    }

    #[test]
    fn a_tampered_manifest_cannot_reach_outside() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("public");
        fs::create_dir(&dir).expect("mkdir");
        fs::write(tmp.path().join("precious"), "keep").expect("write");
        fs::write(
            dir.join(MANIFEST),
            format!("{MANIFEST_HEADER}\n0000000000000000 ../precious\n"),
        )
        .expect("write");
        let err = check_writable(&dir).expect_err("damaged manifest");
        assert!(err.message.contains("damaged"), "{}", err.message);
        assert!(tmp.path().join("precious").exists());
    }
}
