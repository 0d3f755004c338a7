//! `tradeoff check`: everything a build does except writing: schema, templates, internal
//! links and anchors, and URLs that ignore the base path (errors here, warnings in `build`).

use std::time::Instant;

use crate::config::BaseUrl;
use crate::diag::Severity;
use crate::project::Project;
use crate::ui::{self, Ui};

use super::{Failure, OutputChecks, build_in_memory};

/// Checks the site at `project.root`; writes nothing.
pub fn run(project: &Project, base_url: Option<&BaseUrl>, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    let checks = OutputChecks {
        base_url,
        subpath: Severity::Error,
        // Nothing is written: problems in generated pages are shown as rendered.
        output_dir: crate::render::RENDERED,
    };
    match build_in_memory(project, checks, ui) {
        Ok(built) => {
            ui.diagnostics(&built.warnings);
            ui.summary(&format!(
                "checked {}, {}: no errors{} ({})",
                ui::plural(built.site.candidates.len(), "option", "options"),
                ui::plural(built.output.page_count(), "page", "pages"),
                match built.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                },
                ui::format_duration(started.elapsed())
            ));
            Ok(())
        }
        Err(diagnostics) => {
            ui.diagnostics(&diagnostics);
            Err(Failure::Content)
        }
    }
}
