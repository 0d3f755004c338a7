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
    let manifest = read_manifest(dir)?;
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry =
            entry.map_err(|err| Diagnostic::unlistable(&format!("output folder {shown}"), err))?;
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

fn write_manifest(dir: &Path, manifest: &Manifest) -> io::Result<()> {
    let mut text = String::with_capacity(manifest.len() * 48);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (path, h) in manifest {
        text.push_str(&format!("{h:016x} {path}\n"));
    }
    fs::write(dir.join(MANIFEST), text)
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

/// Writes `output` into the checked folder: new and changed files are written, files of the
/// previous build that are gone are removed, unchanged files are left alone.
pub fn commit(output: &Output, target: Writable) -> Result<CommitStats, Diagnostic> {
    let Writable { dir, previous } = target;
    let dir = dir.as_path();
    let io_error = |what: &str, path: &Path, err: io::Error| {
        Diagnostic::file_system(what, &path.display().to_string(), err)
    };
    fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
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
            clear.push((path, want_folder));
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

    // Until the commit finishes, the manifest names both builds' files, so an interrupted
    // commit leaves a folder the next build still recognises as its own.
    let mut union = previous.clone();
    union.extend(next.iter().map(|(p, h)| (p.clone(), *h)));
    write_manifest(dir, &union).map_err(|e| io_error("write", &dir.join(MANIFEST), e))?;
    for (path, want_folder) in clear {
        let target = dir.join(&path);
        let cleared = if want_folder {
            fs::remove_file(&target)
        } else {
            fs::remove_dir_all(&target)
        };
        cleared.map_err(|e| io_error("remove", &target, e))?;
    }

    // Create every folder first, so that each write is a single open. One thread: folders
    // made in the same parent (options/<slug>/) wait for the parent's lock anyway, and
    // threads spinning on it cost system time (measured: a third more, no faster).
    for folder in &folders {
        let target = dir.join(folder);
        fs::create_dir_all(&target).map_err(|e| io_error("create", &target, e))?;
    }
    let results: Vec<Result<bool, Diagnostic>> = output
        .files
        .par_iter()
        .map(|(path, contents)| {
            let target = dir.join(path);
            let same = previous
                .get(path)
                .is_some_and(|h| Some(h) == next.get(path))
                && fs::metadata(&target).is_ok_and(|m| m.len() == contents.len() as u64);
            if same {
                return Ok(false);
            }
            fs::write(&target, contents).map_err(|e| io_error("write", &target, e))?;
            Ok(true)
        })
        .collect();
    let mut stats = CommitStats::default();
    for result in results {
        if result? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    for path in &obsolete {
        let target = dir.join(path);
        // Gone already, or made way for this build's folders and files: nothing to remove.
        if !fs::symlink_metadata(&target).is_ok_and(|meta| meta.is_file()) {
            continue;
        }
        match fs::remove_file(&target) {
            Ok(()) => stats.removed += 1,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(io_error("remove", &target, err)),
        }
        let mut parent = Path::new(path).parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
            emptied.insert(dir.join(p));
            parent = p.parent();
        }
    }
    // Deepest first; a folder that still holds something stays.
    for d in emptied.iter().rev() {
        let _ = fs::remove_dir(d);
    }
    write_manifest(dir, &next).map_err(|e| io_error("write", &dir.join(MANIFEST), e))?;
    Ok(stats)
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
        commit(&first, check_writable(&dir).expect("absent")).expect("first");
        let second = Output::of_texts(&[("docs/v1/index.html", "v1"), ("guide", "now a file")]);
        commit(&second, check_writable(&dir).expect("ours")).expect("the old files make way");
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
        let refused = check_writable(&dir).map(|w| commit(&third, w));
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
        commit(&files, check_writable(&dir).expect("absent")).expect("first");
        let manifest = fs::read(dir.join(MANIFEST)).expect("manifest");
        fs::remove_file(dir.join("robots.txt")).expect("remove");
        fs::create_dir(dir.join("robots.txt")).expect("a folder in the way");
        let changed = Output::of_texts(&[
            ("index.html", "b"),
            ("robots.txt", "r"),
            ("options/x/index.html", "y"),
        ]);
        let err =
            commit(&changed, check_writable(&dir).expect("only our files")).expect_err("blocked");
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
        )
        .expect("first");
        assert_eq!(first.written, 2);
        let second = commit(
            &Output::of_texts(&[("index.html", "a"), ("matrix/index.html", "m")]),
            check_writable(&dir).expect("our own folder"),
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
