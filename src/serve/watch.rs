//! Watching a site's inputs for `serve`: notify with notify-debouncer-full on the folders
//! (so that saves by rename, as vim, VS Code and JetBrains editors make them, are seen), or
//! polling; and sorting changed paths into the few [`ChangeKind`]s the rebuild knows. Uses
//! only [`crate::project`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdMap, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::pipeline::ChangeKind;
use crate::project::{CONFIG_FILE, CONTENT_DIR, Project, STATIC_DIR, TEMPLATES_DIR};

/// How long a path must be quiet before its change is reported. Editors' saves (a temporary
/// file, renames, a backup removed) take well under this; a change seen early costs one more
/// rebuild, never a wrong one, because rebuilds read the files as they are then.
pub const QUIET_TIME: Duration = Duration::from_millis(5);
/// How often `--poll` looks at every file. It reads them all each time: modification times
/// are compared in whole seconds, and an edit within the same second would go unseen.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders watched recursively.
const WATCHED_FOLDERS: [&str; 3] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR];

/// What the watcher reports: paths under the site's root that changed, or why watching
/// failed.
pub type WatchReport = Result<Vec<PathBuf>, String>;

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, FileIdMap>),
}

/// Watches a site's `site.toml`, `content/`, `templates/` and `static/`. Stops when dropped.
pub struct Watcher {
    backend: Backend,
    root: PathBuf,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").field("root", &self.root).finish()
    }
}

impl Watcher {
    /// Starts watching `project`, calling `report` (on the watcher's own thread) with each
    /// batch of changed paths, relative to the root. `poll` looks at the files every
    /// [`POLL_INTERVAL`] instead of asking the operating system.
    pub fn start(
        project: &Project,
        poll: bool,
        mut report: impl FnMut(WatchReport) + Send + 'static,
    ) -> Result<Watcher, String> {
        let root = std::fs::canonicalize(&project.root)
            .map_err(|err| format!("cannot watch {}: {err}", project.root.display()))?;
        let prefix = root.clone();
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                let mut paths = Vec::new();
                for event in &events {
                    if event.need_rescan() {
                        // The system dropped events: take everything as changed.
                        paths.push(PathBuf::from(CONFIG_FILE));
                    }
                    if is_read_only(&event.kind) {
                        continue;
                    }
                    // A folder's own modification means its entries changed, and those are
                    // reported one by one; but a folder moved in or out (a rename, which
                    // reports nothing of its entries) changes everything in it.
                    if is_folder_touch(&event.kind) && event.paths.iter().all(|p| p.is_dir()) {
                        continue;
                    }
                    paths.extend(
                        event
                            .paths
                            .iter()
                            .filter_map(|p| p.strip_prefix(&prefix).ok())
                            .map(Path::to_path_buf),
                    );
                }
                if !paths.is_empty() {
                    report(Ok(paths));
                }
            }
            Err(errors) => {
                let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                report(Err(text.join("; ")));
            }
        };
        let tick = None; // a quarter of QUIET_TIME
        let backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            new_debouncer_opt(QUIET_TIME, tick, handler, FileIdMap::new(), config)
                .map(Backend::Poll)
        } else {
            new_debouncer(QUIET_TIME, tick, handler).map(Backend::Native)
        }
        .map_err(|err| format!("cannot watch {}: {err}", root.display()))?;
        let mut watcher = Watcher { backend, root };
        watcher.watch(&watcher.root.clone(), RecursiveMode::NonRecursive)?;
        watcher.watch_folders();
        Ok(watcher)
    }

    /// Watches `content/`, `templates/` and `static/` where they exist; call it again after a
    /// folder appeared or was replaced.
    pub fn watch_folders(&mut self) {
        for folder in WATCHED_FOLDERS {
            let path = self.root.join(folder);
            if path.is_dir() {
                // A folder that vanishes between the check and the call is watched again
                // when it comes back, since the root's watch reports it.
                let _ = self.watch(&path, RecursiveMode::Recursive);
            }
        }
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), String> {
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
        .map_err(|err| format!("cannot watch {}: {err}", path.display()))
    }
}

/// Whether an event changes a folder's contents or metadata without moving it.
fn is_folder_touch(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Modify(m) if !matches!(m, ModifyKind::Name(_)))
}

/// Whether an event only reports that a file was opened, read or closed unchanged, as
/// tradeoff's own reads do.
fn is_read_only(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        EventKind::Access(_) => true,
        _ => false,
    }
}

/// The kinds of change among `paths` (relative to `root`), and whether one of the watched
/// folders itself changed, so that it needs watching again.
pub fn classify(root: &Path, paths: &[PathBuf]) -> (BTreeSet<ChangeKind>, bool) {
    let mut kinds = BTreeSet::new();
    let mut folder_changed = false;
    for path in paths {
        if let Some(kind) = ChangeKind::of(root, path) {
            kinds.insert(kind);
        }
        if path.components().count() == 1 && WATCHED_FOLDERS.iter().any(|f| path == Path::new(f)) {
            folder_changed = true;
        }
    }
    (kinds, folder_changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        ChangeKind::of(Path::new("/nonexistent-site"), Path::new(path))
    }

    #[test]
    fn sorts_paths_into_kinds() {
        assert_eq!(kind("site.toml"), Some(ChangeKind::Config));
        assert_eq!(
            kind("content/flask.md"),
            Some(ChangeKind::Candidate("flask.md".into()))
        );
        assert_eq!(kind("content/_index.md"), Some(ChangeKind::Landing));
        assert_eq!(kind("content"), Some(ChangeKind::Content));
        assert_eq!(kind("content/drafts/x.md"), Some(ChangeKind::Content));
        assert_eq!(
            kind("content/ratings/alice.toml"),
            Some(ChangeKind::Ratings)
        );
        assert_eq!(kind("content/ratings"), Some(ChangeKind::Ratings));
        assert_eq!(kind("content/ratings/.alice.toml.swp"), None);
        let site = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(site.path().join("content/drafts")).expect("mkdir");
        assert_eq!(
            ChangeKind::of(site.path(), Path::new("content/drafts")),
            Some(ChangeKind::Content)
        );
        assert_eq!(kind("templates/option.html"), Some(ChangeKind::Templates));
        assert_eq!(kind("templates"), Some(ChangeKind::Templates));
        assert_eq!(kind("static/css/style.css"), Some(ChangeKind::Static));
    }

    #[test]
    fn ignores_editor_files_output_and_other_files() {
        for path in [
            "content/.flask.md.swp",
            "content/flask.md~",
            "content/#flask.md#",
            "content/notes.txt",
            "content/4913",
            "templates/.option.html.swx",
            "static/css/style.css.tmp.1234",
            "public/index.html",
            ".git/index",
            "README.md",
            "site.toml~",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn notices_watched_folders_themselves() {
        let root = Path::new("/nonexistent-site");
        let (kinds, folder) = classify(root, &[PathBuf::from("templates")]);
        assert!(folder);
        assert!(kinds.contains(&ChangeKind::Templates));
        let (_, folder) = classify(root, &[PathBuf::from("templates/base.html")]);
        assert!(!folder);
    }
}
