//! `tradeoff new "<Name>"`: `content/<slug>.md` with the title and every criterion of the
//! schema stubbed under its help text; never replaces an existing file.

use crate::builtin::{self, FieldKind};
use crate::content::candidate::slugify;
use crate::content::draft::Draft;
use crate::diag::Diagnostic;
use crate::project::{CONTENT_DIR, Project};
use crate::scaffold::{self, FilePlan};
use crate::ui::Ui;

use super::Failure;

/// Creates the option file for `name` in the site at `project.root`.
pub fn run(project: &Project, name: &str, ui: &Ui) -> Result<(), Failure> {
    let title = name.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        ui.diagnostics(&[Diagnostic::no_slug("a file name from", name)
            .help("give the option's name, for example: tradeoff new \"PostgreSQL\"")]);
        return Err(Failure::Usage);
    }
    let config = crate::pipeline::read_config(project).map_err(|diagnostics| {
        ui.diagnostics(&diagnostics);
        Failure::Content
    })?;
    let path = format!("{CONTENT_DIR}/{slug}.md");
    let mut plan = FilePlan::new(&project.root);
    plan.add(path.as_str(), Draft::titled(title).to_text(&config));
    if let Some(refusal) = plan.refusal(None) {
        ui.diagnostics(&[refusal.help(format!(
            "edit the existing file, or choose another name (the file name comes from it: `{slug}`)"
        ))]);
        return Err(Failure::Content);
    }
    plan.write(false).map_err(|d| {
        ui.diagnostics(&[d]);
        Failure::Content
    })?;
    let required: Vec<&str> = config
        .criteria
        .iter()
        .filter(|c| c.required)
        .map(|c| c.key.as_str())
        .collect();
    let todo = match (config.criteria.len(), required.len()) {
        (0, _) => format!("add its {}", statement_fields()),
        (n, 0) => format!("fill in what you know of its {n} criteria (all optional)"),
        (n, _) => format!(
            "fill in its {n} criteria; required: {}",
            required.join(", ")
        ),
    };
    ui.summary(&format!(
        "created {}: {todo}, then run `tradeoff build`",
        scaffold::shown(&project.root, &path)
    ));
    Ok(())
}

/// The keys of the built-in fields that hold statements, as a list in words: `best_for,
/// pros and cons`.
fn statement_fields() -> String {
    let keys: Vec<&str> = builtin::FIELDS
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Statement | FieldKind::Statements))
        .map(|f| f.key)
        .collect();
    match keys.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "notes".to_string(),
    }
}
