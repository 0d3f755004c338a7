//! `tradeoff build`: build in memory, then commit to the output folder only if nothing failed.
//! URLs that ignore the base path are warnings.

use std::time::Instant;

use crate::config::BaseUrl;
use crate::diag::Severity;
use crate::output;
use crate::project::Project;
use crate::ui::{self, Ui};

use super::{Failure, OutputChecks, build_in_memory};

/// Builds the site at `project.root` into `project.output`.
pub fn run(project: &Project, base_url: Option<&BaseUrl>, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    // Refuse a foreign output folder before spending time on the build.
    let writable = match project
        .check_output_place()
        .and_then(|()| output::check_writable(&project.output))
    {
        Ok(writable) => writable,
        Err(d) => {
            ui.diagnostics(&[d]);
            return Err(Failure::Content);
        }
    };
    let output_dir = format!("{}/", crate::source::display_path(&project.output));
    let checks = OutputChecks {
        base_url,
        // A URL that ignores the base path breaks only once published: a warning here, an
        // error in `check`.
        subpath: Severity::Warning,
        output_dir: &output_dir,
    };
    let built = match build_in_memory(project, checks, ui) {
        Ok(built) => built,
        Err(diagnostics) => {
            ui.diagnostics(&diagnostics);
            return Err(Failure::Content);
        }
    };
    ui.diagnostics(&built.warnings);
    ui.progress(&format!("writing {} files", built.output.len()));
    if let Err(d) = output::commit(&built.output, writable) {
        ui.diagnostics(&[d]);
        return Err(Failure::Content);
    }
    ui.summary(&ui::build_summary(
        built.site.candidates.len(),
        built.output.page_count(),
        built.output.len(),
        started.elapsed(),
        &project.output,
    ));
    Ok(())
}
