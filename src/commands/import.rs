//! `tradeoff import <file.md>`: splits a comparison document into `content/<slug>.md` files
//! (and `content/_index.md`), printing the plan on stdout; `--dry-run` stops there, and no
//! existing file is replaced without `--force`.

use std::io::Write;
use std::path::Path;

use crate::content::import;
use crate::diag::{Diagnostic, Kind};
use crate::project::{CONTENT_DIR, Project};
use crate::scaffold::{self, FilePlan};
use crate::source::SourceFile;
use crate::starter;
use crate::ui::Ui;

use super::Failure;

/// What `import` was asked to do besides reading `file`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Print the plan, write nothing.
    pub dry_run: bool,
    /// Replace files that exist.
    pub force: bool,
    /// The document's address, against which relative links are made absolute.
    pub source_url: Option<String>,
    /// Which of the document's tables to read as the options (from 0), if not the first.
    pub table: Option<usize>,
}

/// Imports `file` into the site at `project.root`.
pub fn run(project: &Project, file: &Path, options: ImportOptions, ui: &Ui) -> Result<(), Failure> {
    if !file.is_file() {
        let what = if file.exists() {
            "is not a file"
        } else {
            "does not exist"
        };
        ui.diagnostics(&[Diagnostic::error(format!(
            "{} {what}",
            file.display()
        ))
        .with_kind(Kind::InvalidArgument)
        .help("name the Markdown document to split into options, e.g. tradeoff import decision.md")]);
        return Err(Failure::Usage);
    }
    let document = SourceFile::read_given(file).map_err(|d| {
        ui.diagnostics(&[d]);
        Failure::Content
    })?;
    let config = crate::pipeline::read_config(project).map_err(|diagnostics| {
        ui.diagnostics(&diagnostics);
        Failure::Content
    })?;
    let source_url = match options.source_url.as_deref().map(url::Url::parse) {
        None => None,
        Some(Ok(url)) if matches!(url.scheme(), "http" | "https") => Some(url),
        Some(_) => {
            ui.diagnostics(&[Diagnostic::error(format!(
                "--source-url {} is not an http(s) address",
                options.source_url.as_deref().unwrap_or_default()
            ))
            .with_kind(Kind::InvalidArgument)
            .help("give the document's address, e.g. --source-url https://github.com/owner/repo/blob/main/docs/adr/0001-x.md")]);
            return Err(Failure::Usage);
        }
    };
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let beside = |path: &str| folder.join(path).is_file();
    let surroundings = import::links::Surroundings {
        source_url: source_url.as_ref(),
        beside: &beside,
    };
    let imported =
        import::parse(&document, &config, &surroundings, options.table).map_err(|d| {
            let usage = d.kind() == Kind::InvalidArgument;
            ui.diagnostics(&[d]);
            if usage {
                Failure::Usage
            } else {
                Failure::Content
            }
        })?;
    let plan = import::plan(&imported, &config);
    let mut files = FilePlan::new(&project.root);
    for file in &plan.files {
        files.add(file.path.as_str(), file.contents.as_str());
    }
    for (from, to) in &plan.copies {
        let bytes = std::fs::read(folder.join(from)).map_err(|err| {
            ui.diagnostics(&[Diagnostic::file_system(
                "read",
                &folder.join(from).display().to_string(),
                err,
            )]);
            Failure::Content
        })?;
        files.add(to.as_str(), bytes);
    }
    // The document itself may sit in content/ under a name the import would write.
    let document_path = std::fs::canonicalize(file).ok();
    if let Some(clash) = files.files().iter().find(|f| {
        f.exists && std::fs::canonicalize(project.root.join(&f.path)).ok() == document_path
    }) {
        ui.diagnostics(&[Diagnostic::error(format!(
            "refusing to import {}: the import would write over it as {}",
            file.display(),
            scaffold::shown(&project.root, &clash.path)
        ))
        .with_kind(Kind::WouldOverwrite)
        .help(
            "move the document out of content/ first (it is not an option file), then import it",
        )]);
        return Err(Failure::Content);
    }
    // An imported option may not take a slug an option of the site already has.
    let clashes = slug_clashes(project, &plan);
    if !clashes.is_empty() {
        let listed: Vec<String> = clashes
            .iter()
            .map(|(planned, existing, slug)| {
                format!(
                    "  {} would be `{slug}`, the slug of {}",
                    scaffold::shown(&project.root, planned),
                    scaffold::shown(&project.root, existing)
                )
            })
            .collect();
        ui.diagnostics(&[Diagnostic::error(format!(
            "refusing to import {}: {} of its options would have the slug of an option the site has",
            file.display(),
            clashes.len()
        ))
        .with_kind(Kind::WouldOverwrite)
        .label(format!("nothing was written:\n{}", listed.join("\n")))
        .help("rename or remove the site's option, or rename the option's heading in the document, then import again")]);
        return Err(Failure::Content);
    }
    // What `init` wrote as samples, unchanged, makes way for the imported options.
    files.replace_samples(starter::is_untouched_sample);
    let sample = starter::SAMPLE_OPTION;
    let remove_sample = !files.files().iter().any(|f| f.path == sample)
        && starter::is_untouched_sample(&project.root, sample);
    let removed: Vec<&str> = if remove_sample {
        vec![sample]
    } else {
        Vec::new()
    };
    let existing = files.existing();
    let text = import::render_plan(
        &plan,
        &document,
        |path| match files.files().iter().find(|f| f.path == path) {
            Some(f) if f.replaces_sample || (f.exists && options.force) => "replace",
            Some(f) if f.exists => "exists",
            _ => "create",
        },
        &removed,
    );
    {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }
    let options_count = imported.options.len();
    if options.dry_run {
        let note = match (existing.len(), options.force) {
            (0, _) => String::new(),
            (n, true) => format!("; {n} existing file{} would be replaced", plural(n)),
            (n, false) => format!(
                "; {n} file{} exist{}: the import would stop unless --force",
                plural(n),
                if n == 1 { "s" } else { "" }
            ),
        };
        ui.summary(&format!("dry run: nothing written{note}"));
        return Ok(());
    }
    if !options.force {
        if let Some(refusal) = files.refusal(Some("--force")) {
            ui.diagnostics(&[refusal]);
            return Err(Failure::Content);
        }
    }
    files.write(options.force).map_err(|d| {
        ui.diagnostics(&[d]);
        Failure::Content
    })?;
    for path in removed {
        if let Some(warning) = files.remove(path) {
            ui.diagnostics(&[warning]);
        }
    }
    let landing = format!("{CONTENT_DIR}/{}", crate::project::LANDING_FILE);
    if starter::is_untouched_sample(&project.root, &landing) {
        ui.diagnostics(&[Diagnostic::warning(format!(
            "{} still holds the starter's placeholder text",
            scaffold::shown(&project.root, &landing)
        ))
        .help("say there what is being decided, and why; it opens the landing page")]);
    }
    let root = scaffold::shown(&project.root, "");
    let root_flag = root.trim_end_matches('/');
    let flag = if root_flag.is_empty() {
        String::new()
    } else {
        format!(" --root {root_flag}")
    };
    // Whether the site builds now, as `check` would say.
    let checked = crate::pipeline::run_once(
        project,
        &crate::pipeline::Request {
            address: crate::pipeline::Address::Published(None),
            asset_links: crate::render::assets::AssetLinks::Hashed,
            subpath: crate::diag::Severity::Error,
            pages: crate::diag::Origin::Rendered,
            today: crate::pipeline::today(),
            stop: None,
        },
    );
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        ui.diagnostics(&errors);
        ui.summary(&format!(
            "imported {options_count} option{} into {root}{CONTENT_DIR}/, but the site does not build: {} error{} above; fix them, then `tradeoff build{flag}`",
            plural(options_count),
            errors.len(),
            plural(errors.len()),
        ));
        return Err(Failure::Content);
    }
    ui.summary(&format!(
        "imported {options_count} option{} into {root}{CONTENT_DIR}/; `tradeoff check` finds no errors; next: `tradeoff build{flag}`",
        plural(options_count),
    ));
    Ok(())
}

/// The planned option files whose slug an existing option of the site (another file) has:
/// (planned path, existing path, slug). The same file (which the import refuses to replace
/// without `--force`) and an unchanged sample do not count.
fn slug_clashes(project: &Project, plan: &import::Plan) -> Vec<(String, String, String)> {
    let content = project.root.join(CONTENT_DIR);
    let Ok(entries) = std::fs::read_dir(&content) else {
        return Vec::new();
    };
    let mut existing: Vec<(String, String)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name == crate::project::LANDING_FILE {
            continue;
        }
        let path = format!("{CONTENT_DIR}/{name}");
        if starter::is_untouched_sample(&project.root, &path) {
            continue;
        }
        let slug = std::fs::read_to_string(entry.path())
            .ok()
            .and_then(|text| front_matter_slug(&text))
            .unwrap_or_else(|| crate::content::candidate::slug_of_file(&name));
        existing.push((path, slug));
    }
    let mut clashes = Vec::new();
    for file in &plan.files {
        let Some(name) = file.path.strip_prefix(&format!("{CONTENT_DIR}/")) else {
            continue;
        };
        if name == crate::project::LANDING_FILE {
            continue;
        }
        let slug = crate::content::candidate::slug_of_file(name);
        for (path, other) in &existing {
            let same_file = path.eq_ignore_ascii_case(&file.path);
            if *other == slug && !same_file {
                clashes.push((file.path.clone(), path.clone(), slug.clone()));
            }
        }
    }
    clashes
}

/// The `slug` an option's TOML front matter sets, if it sets one.
fn front_matter_slug(text: &str) -> Option<String> {
    let source = SourceFile::from_text("option.md", text);
    let parts = crate::content::front_matter::split_optional(&source).ok()??;
    let table: toml::Table = toml::from_str(&text[parts.front_matter]).ok()?;
    table.get("slug")?.as_str().map(str::to_string)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
