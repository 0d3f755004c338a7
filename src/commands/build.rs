//! `tradeoff build`: run the pipeline, then commit to the output folder only if nothing failed.
//! URLs that ignore the base path are warnings.

use std::time::Instant;

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
        },
    );
    ui.diagnostics(&run.diagnostics);
    failure_of(&run.diagnostics)?;
    ui.progress(&format!("writing {} files", run.output.len()));
    output::commit(&run.output, writable).map_err(|d| {
        ui.diagnostics(&[d]);
        Failure::Environment
    })?;
    ui.summary(&ui::build_summary(
        run.site.as_ref().map_or(0, |s| s.candidates.len()),
        run.output.page_count(),
        run.output.len(),
        started.elapsed(),
        &project.output,
    ));
    Ok(())
}
