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
use crate::diag::{Diagnostic, Severity, sort_diagnostics};
use crate::output::Output;
use crate::project::Project;
use crate::render::{self, assets, templates::Templates, urls::Urls};
use crate::site::{Site, Sources};
use crate::source::SourceFile;
use crate::ui::Ui;

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

/// Where and how to report what is wrong in the output itself.
#[derive(Debug, Clone, Copy)]
pub struct OutputChecks<'a> {
    /// The base URL given on the command line, if any (else the site's).
    pub base_url: Option<&'a BaseUrl>,
    /// How URLs that ignore the base path count: a warning in `build`, an error in `check`.
    pub subpath: Severity,
    /// The output folder as named in warnings about pages that are written (`public/`).
    pub output_dir: &'a str,
}

/// Renders `site`, then checks the output: URLs that ignore the base path, and the links the
/// templates make (a page that failed to render stands in empty, so links to it hold).
fn render_and_check(
    site: &Site,
    templates: &Templates,
    static_files: &assets::Assets,
    checks: OutputChecks<'_>,
) -> (Output, Vec<Diagnostic>) {
    let base = checks.base_url.unwrap_or(&site.config.base_url);
    let urls = Urls::new(&base.path, base.origin.as_deref());
    let (output, mut diagnostics) = render::render_site(
        site,
        templates,
        static_files,
        &urls,
        assets::AssetLinks::Hashed,
    );
    let own_templates: Vec<SourceFile> = templates.own_sources().cloned().collect();
    let (subpath, links) = rayon::join(
        || {
            render::subpath::check(
                site,
                &output,
                &own_templates,
                &base.path,
                checks.output_dir,
                checks.subpath,
                None,
            )
        },
        || {
            // A broken link fails the build: the page is never written, so it is shown as
            // rendered.
            render::links::check(
                site,
                &output,
                &own_templates,
                &base.path,
                render::RENDERED,
                None,
            )
        },
    );
    diagnostics.extend(subpath);
    diagnostics.extend(links);
    (output, diagnostics)
}

/// The problems that files with errors would otherwise hide: the sound part of the site
/// rendered and checked as far as it goes, with links to the files left out taken on trust.
/// Without usable templates or static files, only the Markdown bodies' own links are checked.
fn hidden_problems(
    project: &Project,
    sources: &Sources,
    templates: Option<&Templates>,
    static_files: Option<&assets::Assets>,
    checks: OutputChecks<'_>,
) -> Vec<Diagnostic> {
    let Some(site) = sources.assemble_partial(project) else {
        return Vec::new();
    };
    let (output, mut diagnostics) = match (templates, static_files) {
        (Some(templates), Some(static_files)) => {
            let (output, diagnostics) = render_and_check(&site, templates, static_files, checks);
            (Some(output), diagnostics)
        }
        _ => (None, Vec::new()),
    };
    let base = checks.base_url.unwrap_or(&site.config.base_url);
    let urls = Urls::new(&base.path, base.origin.as_deref());
    diagnostics.extend(render::unrendered_body_diagnostics(
        &site,
        &urls,
        output.as_ref(),
    ));
    diagnostics
}

/// Loads, checks and renders the whole site in memory. Every problem of every input comes
/// back at once, sorted.
pub fn build_in_memory(
    project: &Project,
    checks: OutputChecks<'_>,
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
            project,
            &sources,
            templates.as_ref(),
            static_files.as_ref(),
            checks,
        ));
        sort_diagnostics(&mut diagnostics);
        return Err(diagnostics);
    };
    ui.progress(&format!("rendering {} options", site.candidates.len()));
    let (output, rendered) = render_and_check(&site, templates, static_files, checks);
    diagnostics.extend(rendered);
    sort_diagnostics(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Built {
        site,
        output,
        warnings: diagnostics,
    })
}
