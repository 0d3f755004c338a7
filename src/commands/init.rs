//! `tradeoff init [DIR]`: a new site that builds at once (the starter site of
//! [`crate::starter`]); refuses to replace any file that exists.

use std::path::Path;

use crate::diag::{Diagnostic, Kind};
use crate::scaffold::{self, FilePlan};
use crate::source::SourceFile;
use crate::starter::{self, GITIGNORE, UNKNOWN_GIT, WORKFLOW};
use crate::ui::Ui;

use super::Failure;

/// Writes the starter site into `dir` (created if needed); the workflow installs tradeoff from
/// `git`, or from this build's repository when it is `None`.
pub fn run(dir: &Path, git: Option<&str>, ui: &Ui) -> Result<(), Failure> {
    if let Some(url) = git {
        if let Err(expected) = starter::check_git_url(url) {
            let d = Diagnostic::invalid_argument("--repo", url, None);
            ui.diagnostics(&[d.label(expected)]);
            return Err(Failure::Usage);
        }
    }
    if dir.exists() && !dir.is_dir() {
        ui.diagnostics(&[Diagnostic::error(format!(
            "cannot start a site in {}: it is a file, not a folder",
            dir.display()
        ))
        .with_kind(Kind::InvalidArgument)
        .help("name a new or existing folder: tradeoff init my-decision")]);
        return Err(Failure::Usage);
    }
    let git: Option<&str> = git.or(starter::default_git());
    let folder_name = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let title = starter::title_from_folder(&folder_name);

    let mut plan = FilePlan::new(dir);
    let mut notes = Vec::new();
    for file in starter::files(&title, git) {
        // A repository's own .gitignore is kept: only the output folder needs to be in it.
        if file.path == GITIGNORE && dir.join(GITIGNORE).exists() {
            let ignored = std::fs::read_to_string(dir.join(GITIGNORE))
                .is_ok_and(|text| text.lines().any(|l| l.trim().trim_matches('/') == "public"));
            if !ignored {
                notes.push(format!(
                    "kept the existing {}: add the line `/public/` to it",
                    scaffold::shown(dir, GITIGNORE)
                ));
            }
            continue;
        }
        plan.add(file.path, file.contents);
    }
    if let Some(refusal) = plan.refusal(None) {
        ui.diagnostics(&[refusal]);
        return Err(Failure::Content);
    }
    plan.write(false).map_err(|d| {
        ui.diagnostics(&[d]);
        Failure::Content
    })?;

    if git.is_none() {
        let workflow = plan.files().iter().find(|f| f.path == WORKFLOW).map(|f| {
            SourceFile::from_text(
                scaffold::shown(dir, WORKFLOW),
                String::from_utf8_lossy(&f.contents).into_owned(),
            )
        });
        if let Some(source) = workflow {
            let at = source.text.find(UNKNOWN_GIT).unwrap_or(0);
            ui.diagnostics(&[source
                .warning_at(at..at + UNKNOWN_GIT.len(), "the workflow does not know where to install tradeoff from")
                .label("replace this with the URL of tradeoff's git repository")
                .help("edit it there; `tradeoff init --repo <URL>` (or TRADEOFF_REPO=<URL>) fills it in for new sites")]);
        }
    }
    let mut listed: Vec<String> = plan
        .files()
        .iter()
        .map(|f| format!("  {}", f.path))
        .collect();
    let root = scaffold::shown(dir, "");
    let root = root.trim_end_matches('/');
    let build = if root.is_empty() {
        "tradeoff build".to_string()
    } else {
        format!("tradeoff build --root {root}")
    };
    listed.extend(notes);
    ui.summary(&format!(
        "created a site{}:\n{}\nnext: `{build}`; to publish, push to GitHub and set Settings → Pages → Source to \"GitHub Actions\"",
        if root.is_empty() { String::new() } else { format!(" in {root}") },
        listed.join("\n")
    ));
    Ok(())
}
