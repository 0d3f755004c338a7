//! `tradeoff serve`: build in memory, serve over HTTP, and on every change of the site's
//! files rebuild what the change reaches and reload the open pages whose output changed.
//! Writes nothing to disk; Ctrl-C stops it.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Kind};
use crate::pipeline::ChangeKind;
use crate::pipeline::Work;
use crate::project::Project;
use crate::serve::live;
use crate::serve::rebuild::{LiveSite, Outcome};
use crate::serve::server::Server;
use crate::serve::watch::{self, Watcher};
use crate::ui::{self, Ui};

use super::Failure;

/// How to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 takes any free one.
    pub port: u16,
    /// The path the site is served under (`/repo/`), as GitHub Pages serves a project site.
    pub base_path: Option<String>,
    /// Look at the files periodically instead of asking the system for changes.
    pub poll: bool,
}

/// What the loop of [`run`] waits for.
enum Message {
    /// Paths under the root that changed.
    Changed(Vec<PathBuf>),
    /// The watcher failed.
    WatchFailed(String),
    /// Ctrl-C.
    Stop,
    /// The rebuilding thread finished an update.
    Rebuilt(Update, Outcome),
}

/// One update for the rebuilding thread: the paths that changed and their kinds, and when
/// the first of them was seen.
struct Update {
    paths: Vec<PathBuf>,
    kinds: BTreeSet<ChangeKind>,
    started: Instant,
}

/// Serves the site at `project.root` until Ctrl-C.
pub fn run(project: &Project, options: &Options, ui: &Ui) -> Result<(), Failure> {
    let base_path = match parse_base_path(options.base_path.as_deref()) {
        Ok(base_path) => base_path,
        Err(d) => {
            ui.diagnostics(&[d]);
            return Err(Failure::Usage);
        }
    };
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = match TcpListener::bind(wanted).and_then(|l| l.local_addr().map(|a| (l, a))) {
        Ok(bound) => bound,
        Err(err) => {
            ui.diagnostics(&[bind_error(wanted, &err)]);
            return Err(Failure::Usage);
        }
    };
    let (listener, address) = listener;
    let origin = format!("http://{}", shown_address(address));

    let (sender, messages) = mpsc::channel();
    let watch_sender = sender.clone();
    let mut watcher = match Watcher::start(project, options.poll, move |report| {
        let _ = watch_sender.send(match report {
            Ok(paths) => Message::Changed(paths),
            Err(err) => Message::WatchFailed(err),
        });
    }) {
        Ok(watcher) => watcher,
        Err(err) => {
            let help = if options.poll {
                "check that the folder exists and can be read"
            } else {
                "try --poll, which looks at the files instead of asking the system for changes"
            };
            ui.diagnostics(&[Diagnostic::error(err).with_kind(Kind::Server).help(help)]);
            return Err(Failure::Content);
        }
    };

    let started = Instant::now();
    ui.progress("building");
    let (mut site, outcome) = LiveSite::new(project.clone(), base_path.clone(), origin.clone());
    let overlay = match &outcome {
        Outcome::Built { warnings, .. } => {
            ui.diagnostics(warnings);
            ui.summary(&format!(
                "built {} pages ({} files) in {}",
                site.output().page_count(),
                site.output().len(),
                ui::format_duration(started.elapsed())
            ));
            None
        }
        Outcome::Failed { diagnostics } => {
            ui.diagnostics(diagnostics);
            ui.summary(
                "the site does not build yet: the browser shows the errors until they are fixed",
            );
            Some(live::overlay(diagnostics))
        }
        Outcome::Stopped => unreachable!("nothing asks the first build to stop"),
    };
    let first_build_failed = overlay.is_some();
    let stop_sender = sender.clone();
    let sender_for_updates = sender;
    let server = match Server::start(
        listener,
        base_path.clone(),
        site.output().clone(),
        overlay,
        move || {
            let _ = stop_sender.send(Message::Stop);
        },
    ) {
        Ok(server) => server,
        Err(err) => {
            let d = Diagnostic::error(format!("cannot start the server: {err}"));
            ui.diagnostics(&[d.with_kind(Kind::Server)]);
            return Err(Failure::Content);
        }
    };
    ui.summary(&format!("serving {origin}{base_path} (Ctrl-C to stop)"));

    // Updates run on a thread of their own, so that this loop always hears Ctrl-C and new
    // changes: a change that comes during an update stops it, and the next update reads
    // both changes at once.
    let stop = site.stop();
    let (jobs, worker_jobs) = mpsc::channel::<Update>();
    let worker_sender = sender_for_updates;
    let worker = std::thread::Builder::new()
        .name("tradeoff-rebuild".into())
        .spawn(move || {
            while let Ok(update) = worker_jobs.recv() {
                let outcome = site.update(&update.kinds);
                if worker_sender
                    .send(Message::Rebuilt(update, outcome))
                    .is_err()
                {
                    break;
                }
            }
        });
    if let Err(err) = worker {
        server.stop();
        let d = Diagnostic::error(format!("cannot start rebuilding: {err}"));
        ui.diagnostics(&[d.with_kind(Kind::Server)]);
        return Err(Failure::Content);
    }

    // Whether the last update failed: the next good one is reported even if it changes
    // nothing, so that the terminal says the errors are gone.
    let mut failing = first_build_failed;
    // The changes not yet given to the rebuilding thread, and whether it is busy.
    let mut pending: Option<Update> = None;
    let mut busy = false;
    // An update to do again later, and when.
    let mut retry: Option<(Instant, Update)> = None;
    'serve: loop {
        let message = match &retry {
            Some((at, _)) => {
                match messages.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(message) => Some(message),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match messages.recv() {
                Ok(message) => Some(message),
                Err(_) => break,
            },
        };
        if retry.as_ref().is_some_and(|(at, _)| *at <= Instant::now())
            && let Some((_, update)) = retry.take()
        {
            match &mut pending {
                Some(waiting) => waiting.merge(update),
                None => pending = Some(update),
            }
        }
        let mut next = message;
        // Whatever else arrived meanwhile goes into the same update.
        while let Some(message) = next.take().or_else(|| messages.try_recv().ok()) {
            match message {
                Message::Stop => break 'serve,
                Message::WatchFailed(err) => ui.diagnostics(&[watch_warning(err)]),
                Message::Changed(paths) => {
                    let (kinds, folder_changed) = watch::classify(&project.root, &paths);
                    if folder_changed {
                        watcher.watch_folders();
                    }
                    if kinds.is_empty() {
                        continue;
                    }
                    let update = pending.get_or_insert_with(|| Update {
                        paths: Vec::new(),
                        kinds: BTreeSet::new(),
                        started: Instant::now(),
                    });
                    update.paths.extend(paths);
                    update.kinds.extend(kinds);
                    if busy {
                        stop.ask();
                    }
                }
                Message::Rebuilt(update, outcome) => {
                    busy = false;
                    let report = Report {
                        root: &project.root,
                        server: &server,
                        ui,
                    };
                    match report.outcome(update, outcome, &mut failing) {
                        Next::Done => {}
                        Next::Now(update) => match &mut pending {
                            Some(waiting) => waiting.merge(update),
                            None => pending = Some(update),
                        },
                        Next::Later(update) => match &mut retry {
                            Some((_, waiting)) => waiting.merge(update),
                            None => retry = Some((Instant::now() + READ_RETRY, update)),
                        },
                    }
                }
            }
        }
        if !busy && let Some(update) = pending.take() {
            stop.reset();
            if jobs.send(update).is_err() {
                break;
            }
            busy = true;
        }
    }
    // A runaway update stops at its next step; one that does not look (a loop that writes
    // nothing) ends with the process.
    stop.ask();
    drop(jobs);
    drop(watcher);
    server.stop();
    ui.summary("stopped");
    Ok(())
}

/// How long to wait before reading again files that could not be read for want of open
/// files (the connections holding them may have closed by then).
const READ_RETRY: Duration = Duration::from_millis(500);

/// What follows a finished update.
enum Next {
    /// Nothing.
    Done,
    /// The same update again, with whatever changed since.
    Now(Update),
    /// The same update again after [`READ_RETRY`].
    Later(Update),
}

impl Update {
    /// Adds `other`'s paths and kinds to this one's.
    fn merge(&mut self, other: Update) {
        self.paths.extend(other.paths);
        self.kinds.extend(other.kinds);
        self.started = self.started.min(other.started);
    }
}

/// Reports finished updates: on the terminal, and to the server.
struct Report<'a> {
    root: &'a Path,
    server: &'a Server,
    ui: &'a Ui,
}

impl Report<'_> {
    /// Publishes and prints what `update` came to; gives the update back when it is to be
    /// done again: at once when it was stopped, after [`READ_RETRY`] when a file could not
    /// be read for want of open files.
    fn outcome(&self, update: Update, outcome: Outcome, failing: &mut bool) -> Next {
        let ui = self.ui;
        match outcome {
            Outcome::Built {
                changes,
                warnings,
                work,
            } => {
                let changed = changes.len();
                self.server.publish_site(changes);
                let elapsed = update.started.elapsed();
                ui.diagnostics(&warnings);
                // A save that changed nothing (editors save twice) is not worth a line.
                if *failing {
                    let line = update_line(self.root, &update.paths, changed, work, elapsed);
                    ui.summary(&format!("fixed: {line}"));
                } else if changed > 0 || work != Work::default() {
                    ui.summary(&update_line(
                        self.root,
                        &update.paths,
                        changed,
                        work,
                        elapsed,
                    ));
                }
                *failing = false;
                Next::Done
            }
            Outcome::Failed { diagnostics } => {
                *failing = true;
                self.server.publish_failure(live::overlay(&diagnostics));
                ui.diagnostics(&diagnostics);
                ui.summary("still serving the last good build; the browser shows the errors until they are fixed");
                if diagnostics.iter().any(|d| d.kind() == Kind::Exhausted) {
                    Next::Later(update)
                } else {
                    Next::Done
                }
            }
            Outcome::Stopped => Next::Now(update),
        }
    }
}

/// `--base-path`: `/`, or `/` and path segments of URL-safe characters and `/`.
fn parse_base_path(flag: Option<&str>) -> Result<String, Diagnostic> {
    let Some(text) = flag else {
        return Ok("/".to_string());
    };
    let trimmed = text.trim().trim_matches('/');
    let safe = trimmed.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    });
    if trimmed.is_empty() {
        Ok("/".to_string())
    } else if safe {
        Ok(format!("/{trimmed}/"))
    } else {
        Err(Diagnostic::invalid_argument("--base-path", text, None)
            .label("expected a path such as /repo/: letters, digits, `-`, `_`, `.` and `~` between slashes")
            .help("use the repository's name, as in https://user.github.io/repo/"))
    }
}

fn bind_error(address: SocketAddr, err: &std::io::Error) -> Diagnostic {
    if err.kind() == std::io::ErrorKind::AddrInUse {
        Diagnostic::error(format!(
            "cannot serve on {address}: the port is taken"
        ))
        .with_kind(Kind::Server)
        .help("another program (perhaps another `tradeoff serve`) listens there: stop it, choose another --port, or pass --port 0 for any free port")
    } else {
        Diagnostic::error(format!("cannot serve on {address}: {err}"))
            .with_kind(Kind::Server)
            .help("check --bind and --port: the address must belong to this machine, and ports below 1024 may need privileges")
    }
}

fn watch_warning(err: String) -> Diagnostic {
    Diagnostic::warning(format!("watching for changes: {err}"))
        .with_kind(Kind::Server)
        .help("if edits stop showing, restart with --poll")
}

/// The address as a person opens it: an unspecified address (`0.0.0.0`) as `localhost`.
fn shown_address(address: SocketAddr) -> String {
    if address.ip().is_unspecified() {
        format!("localhost:{}", address.port())
    } else {
        address.to_string()
    }
}

/// "content/flask.md: 6 files changed (1 option page, listings) in 4 ms".
fn update_line(
    root: &Path,
    paths: &[PathBuf],
    changed: usize,
    work: Work,
    elapsed: std::time::Duration,
) -> String {
    let mut inputs: Vec<String> = paths
        .iter()
        .filter(|p| ChangeKind::of(root, p).is_some())
        .map(|p| crate::source::display_path(Path::new(p)))
        .collect();
    inputs.sort();
    inputs.dedup();
    let shown = match inputs.len() {
        0 => "changes".to_string(),
        1..=3 => inputs.join(", "),
        n => format!("{} and {} more", inputs[..2].join(", "), n - 2),
    };
    let files = match changed {
        0 => "no file changed".to_string(),
        1 => "1 file changed".to_string(),
        n => format!("{n} files changed"),
    };
    let mut rendered = Vec::new();
    match work.option_pages {
        0 => {}
        1 => rendered.push("1 option page".to_string()),
        n => rendered.push(format!("{n} option pages")),
    }
    if work.listings {
        rendered.push("listings".to_string());
    }
    let rendered = if rendered.is_empty() {
        String::new()
    } else {
        format!(" (rendered {})", rendered.join(", "))
    };
    format!(
        "{shown}: {files}{rendered} in {}",
        ui::format_duration(elapsed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised_or_refused() {
        assert_eq!(parse_base_path(None).as_deref().ok(), Some("/"));
        assert_eq!(
            parse_base_path(Some("/repo/")).as_deref().ok(),
            Some("/repo/")
        );
        assert_eq!(
            parse_base_path(Some("repo")).as_deref().ok(),
            Some("/repo/")
        );
        assert_eq!(
            parse_base_path(Some("/a/b.c")).as_deref().ok(),
            Some("/a/b.c/")
        );
        assert_eq!(parse_base_path(Some("/")).as_deref().ok(), Some("/"));
        for bad in [
            "/a//b/",
            "/../x/",
            "/a b/",
            "/café/",
            "/a?b/",
            "https://x.io/repo/",
        ] {
            let err = parse_base_path(Some(bad)).expect_err(bad);
            assert_eq!(err.message, format!("invalid --base-path `{bad}`"));
        }
    }
}
