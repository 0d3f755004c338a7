//! `tradeoff check`: everything a build does except writing: schema, templates, internal
//! links and anchors, and URLs that ignore the base path (errors here, warnings in `build`).

use std::time::Instant;

use crate::config::BaseUrl;
use crate::diag::Severity;
use crate::pipeline::{self, Address, Request};
use crate::project::Project;
use crate::render::assets::AssetLinks;
use crate::ui::{self, Ui};

use super::{Failure, failure_of};

/// Checks the site at `project.root`; writes nothing.
pub fn run(project: &Project, base_url: Option<&BaseUrl>, ui: &Ui) -> Result<(), Failure> {
    let started = Instant::now();
    ui.progress("checking");
    let run = pipeline::run_once(
        project,
        &Request {
            address: Address::Published(base_url),
            asset_links: AssetLinks::Hashed,
            subpath: Severity::Error,
            // Nothing is written: problems in generated pages are shown as rendered.
            pages: crate::diag::Origin::Rendered,
            today: pipeline::today(),
            stop: None,
        },
    );
    ui.diagnostics(&run.diagnostics);
    failure_of(&run.diagnostics)?;
    let warnings = run.diagnostics.len();
    ui.summary(&format!(
        "checked {}, {}: no errors{} ({})",
        ui::plural(
            run.site.as_ref().map_or(0, |s| s.candidates.len()),
            "option",
            "options"
        ),
        ui::plural(run.output.page_count(), "page", "pages"),
        match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        },
        ui::format_duration(started.elapsed())
    ));
    Ok(())
}
