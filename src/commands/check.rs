//! `tradeoff check`: everything a build does except writing: schema, templates, internal
//! links and anchors, and URLs that ignore the base path (errors here, warnings in `build`).

use std::time::Instant;

use crate::config::BaseUrl;
use crate::diag::{Severity, sort_diagnostics};
use crate::project::Project;
use crate::ui::{self, Ui};

use super::{Failure, build_in_memory};

/// Checks the site at `project.root`; writes nothing.
pub fn run(project: &Project, base_url: Option<&BaseUrl>, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    match build_in_memory(project, base_url, ui) {
        Ok(built) => {
            let subpath = built.subpath_problems(base_url, project, Severity::Error);
            if !subpath.is_empty() {
                let mut all = built.warnings;
                all.extend(subpath);
                sort_diagnostics(&mut all);
                ui.diagnostics(&all);
                return Err(Failure::Content);
            }
            ui.diagnostics(&built.warnings);
            ui.summary(&format!(
                "checked {} options, {} pages: no errors{} ({})",
                built.site.candidates.len(),
                built.output.page_count(),
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
