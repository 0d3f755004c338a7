//! `tradeoff build`: run the pipeline, then commit to the output folder only if nothing failed.
//! URLs that ignore the base path are warnings. SIGINT and SIGTERM wait while the commit runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::config::BaseUrl;
use crate::diag::{Origin, Severity};
use crate::output;
use crate::pipeline::{self, Address, Request};
use crate::project::Project;
use crate::render::assets::AssetLinks;
use crate::ui::{self, Ui};

use super::{Failure, failure_of};

/// Builds the site at `project.root` into `project.output`.
pub fn run(project: &Project, base_url: Option<&BaseUrl>, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    // Refuse a foreign output folder before spending time on the build.
    let writable = project
        .check_output_place()
        .and_then(|()| output::check_writable(&project.output))
        .map_err(|d| {
            ui.diagnostics(&[d]);
            Failure::Environment
        })?;
    let output_dir = format!("{}/", crate::source::display_path(&project.output));
    ui.progress("building");
    let run = pipeline::run_once(
        project,
        &Request {
            address: Address::Published(base_url),
            asset_links: AssetLinks::Hashed,
            // A URL that ignores the base path breaks only once published: a warning here,
            // an error in `check`.
            subpath: Severity::Warning,
            pages: Origin::Output(output_dir),
            today: pipeline::today(),
            stop: None,
        },
    );
    ui.diagnostics(&run.diagnostics);
    failure_of(&run.diagnostics)?;
    ui.progress(&format!("writing {} files", run.output.len()));
    let signals = Signals::catch();
    signals.held.store(0, Ordering::SeqCst);
    signals.at_once.store(false, Ordering::SeqCst);
    let committed = output::commit(&run.output, writable, &|| {
        signals.held.load(Ordering::SeqCst) != 0
    });
    signals.at_once.store(true, Ordering::SeqCst);
    let result = match committed {
        Ok(_) => {
            ui.summary(&ui::build_summary(
                run.site.as_ref().map_or(0, |s| s.candidates.len()),
                run.output.page_count(),
                run.output.len(),
                started.elapsed(),
                &project.output,
            ));
            Ok(())
        }
        Err(d) => {
            // A commit fails for the file system's reasons (space, permissions, a stop).
            let d = match d.kind() {
                crate::diag::Kind::Other => d.with_kind(crate::diag::Kind::FileSystem),
                _ => d,
            };
            ui.diagnostics(&[d]);
            Err(Failure::Environment)
        }
    };
    signals.deliver();
    result
}

/// SIGINT and SIGTERM during a build. Outside the commit they stop the process at once, as
/// they always do (nothing is being written then); while the commit runs they are held, the
/// commit finishes or is undone, and then the process stops as the signal asked.
struct Signals {
    /// Whether a signal stops the process at once.
    at_once: Arc<AtomicBool>,
    /// The signal that came while held, or 0.
    held: Arc<AtomicUsize>,
}

impl Signals {
    fn catch() -> Self {
        let signals = Signals {
            at_once: Arc::new(AtomicBool::new(true)),
            held: Arc::new(AtomicUsize::new(0)),
        };
        for signal in [SIGINT, SIGTERM] {
            // These fail only for signals that cannot be caught, which these two are not;
            // the order matters: the default action, when it applies, comes first.
            let _ = signal_hook::flag::register_conditional_default(
                signal,
                Arc::clone(&signals.at_once),
            );
            let _ = signal_hook::flag::register_usize(
                signal,
                Arc::clone(&signals.held),
                signal as usize,
            );
        }
        signals
    }

    /// Stops the process as a signal that came while held asked (exit status 130, 143).
    fn deliver(&self) {
        let held = self.held.load(Ordering::SeqCst);
        if let Ok(signal) = i32::try_from(held)
            && signal != 0
        {
            let _ = signal_hook::low_level::emulate_default_handler(signal);
        }
    }
}
