//! The commands: each orchestrates the pipeline (load → render → commit, or → serve) and
//! reports through [`crate::ui`]. No parsing, rendering or writing logic lives here.

pub mod build;
pub mod check;
pub mod completions;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use crate::config::BaseUrl;
use crate::diag::{Diagnostic, sort_diagnostics};
use crate::output::Output;
use crate::project::Project;
use crate::render::{self, assets, templates::Templates, urls::Urls};
use crate::site::{Site, Sources};

use crate::ui::Ui;
use rayon::prelude::*;

/// Why a command failed, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The site's content, templates or output folder had problems (exit 1).
    Content,
    /// The command line itself was wrong (exit 2).
    Usage,
}

/// A site built in memory, with the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    /// The checked site.
    pub site: Site,
    /// Every output file.
    pub output: Output,
    /// Warnings (there are no errors in a successful build).
    pub warnings: Vec<Diagnostic>,
    /// The site's own templates, to place what is wrong in their output.
    pub own_templates: Vec<crate::source::SourceFile>,
}

impl Built {
    /// Root-absolute URLs of the output that ignore the base path it was built for, as
    /// diagnostics of `severity` (see [`render::subpath`]).
    pub fn subpath_problems(
        &self,
        base_url: Option<&BaseUrl>,
        project: &Project,
        severity: crate::diag::Severity,
    ) -> Vec<Diagnostic> {
        let base = base_url.unwrap_or(&self.site.config.base_url);
        let output_dir = format!("{}/", crate::source::display_path(&project.output));
        render::subpath::check(
            &self.site,
            &self.output,
            &self.own_templates,
            &base.path,
            &output_dir,
            severity,
        )
    }
}

/// Turns `--base-url` into a base URL, or says why it cannot.
pub fn parse_base_url_flag(flag: Option<&str>) -> Result<Option<BaseUrl>, Diagnostic> {
    flag.map(|text| {
        BaseUrl::parse(text).map_err(|expected| {
            Diagnostic::error(format!("invalid --base-url `{text}`")).label(expected)
        })
    })
    .transpose()
}

fn render_with(
    site: &Site,
    templates: &Templates,
    static_files: &assets::Assets,
    base_url: Option<&BaseUrl>,
) -> (Option<Output>, Vec<Diagnostic>) {
    let base = base_url.unwrap_or(&site.config.base_url);
    let urls = Urls::new(&base.path, base.origin.as_deref());
    render::render_site(
        site,
        templates,
        static_files,
        &urls,
        assets::AssetLinks::Hashed,
    )
}

/// The problems that files with errors would otherwise hide: the sound part of the site
/// rendered as far as it goes, with links to the files left out taken on trust. Without
/// usable templates or static files, only the Markdown bodies' own links are checked.
fn hidden_problems(
    sources: &Sources,
    templates: Option<&Templates>,
    static_files: Option<&assets::Assets>,
    base_url: Option<&BaseUrl>,
) -> Vec<Diagnostic> {
    let Some(site) = sources.assemble_partial() else {
        return Vec::new();
    };
    if let (Some(templates), Some(static_files)) = (templates, static_files) {
        return render_with(&site, templates, static_files, base_url).1;
    }
    let base = base_url.unwrap_or(&site.config.base_url);
    let urls = Urls::new(&base.path, base.origin.as_deref());
    let targets = render::link_targets(&site, &urls);
    let landing = render::render_landing(&site, &targets);
    site.candidates
        .par_iter()
        .flat_map_iter(|c| render::render_body(c, &targets).diagnostics)
        .chain(landing.into_iter().flat_map(|l| l.diagnostics).par_bridge())
        .collect()
}

/// Loads, checks and renders the whole site in memory. Every problem of every input comes
/// back at once, sorted.
pub fn build_in_memory(
    project: &Project,
    base_url: Option<&BaseUrl>,
    ui: &Ui,
) -> Result<Built, Vec<Diagnostic>> {
    ui.progress("reading content");
    let (sources, (templates, static_files)) = rayon::join(
        || Sources::read(project),
        || (Templates::load(project), assets::load(project)),
    );
    let (site, mut diagnostics) = sources.assemble();
    let templates = templates.map_err(|d| diagnostics.extend(d)).ok();
    let static_files = static_files.map_err(|d| diagnostics.extend(d)).ok();
    let (Some(site), Some(templates), Some(static_files)) = (site, &templates, &static_files)
    else {
        diagnostics.extend(hidden_problems(
            &sources,
            templates.as_ref(),
            static_files.as_ref(),
            base_url,
        ));
        sort_diagnostics(&mut diagnostics);
        return Err(diagnostics);
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        sort_diagnostics(&mut diagnostics);
        return Err(diagnostics);
    }
    ui.progress(&format!("rendering {} options", site.candidates.len()));
    let (output, rendered) = render_with(&site, templates, static_files, base_url);
    diagnostics.extend(rendered);
    sort_diagnostics(&mut diagnostics);
    match output {
        Some(output) => Ok(Built {
            site,
            output,
            warnings: diagnostics,
            own_templates: templates.own_sources().cloned().collect(),
        }),
        None => Err(diagnostics),
    }
}
