//! What the matrix page's script is given, all of it made at build time so that the script
//! only sorts, filters, weighs and compares: the data in the page (the criteria, the weight
//! sliders' range and step, where the rest is) and [`ROWS_FILE`], which holds every option's
//! statements as HTML (by [`inline_html`], as the pages show them) and the `<tr>` of every
//! option past the rows the page holds (by the site's `partials/matrix-row.html`). Uses the
//! renderer of [`super`], the views and the Markdown of statements.

use serde_json::Value as Json;

use crate::builtin::{self, FieldKind};
use crate::content::Candidate;
use crate::content::markdown::inline_html;
use crate::diag::Diagnostic;
use crate::report::escape;

use std::collections::BTreeMap;

use crate::ranking::{NEAR_TIE, WIN_SAMPLES};

use super::MATRIX_STATIC_ROWS;
use super::standings::{DefaultRanking, Robustness};
use super::urls::Urls;
use super::views::CriterionView;

/// The file the matrix page's script loads when it needs more than the page holds. Not a
/// page (its HTML is fragments), so not `.html`: the checks of pages leave it alone.
///
/// `{"options": [{"slug", "best_for", "pros", "cons", "row"?}, …]}`: every option in the
/// matrix's order (the default ranking's); the built-in fields the side-by-side view shows
/// ([`crate::builtin::BuiltinField`]'s `compare`: best for, pros, cons) as inline HTML (or
/// `null`); `row`, only for the options
/// past the first [`MATRIX_STATIC_ROWS`], the option's `<tr>` as the matrix page would hold it.
pub const ROWS_FILE: &str = "matrix/rows.json";

/// What the matrix page's script needs beyond the table, for its `matrix-data` element: the
/// built-in fields it shows (their keys, labels, columns), the criteria, the weight sliders'
/// scale, the URL of [`ROWS_FILE`], and each option's win share (only those above 0; the
/// shares do not depend on the weights, so the script shows the build's). Safe to place
/// inside a `<script type="application/json">` element.
pub fn page_data(
    criteria: &[CriterionView<'_>],
    urls: &Urls,
    ranking: &DefaultRanking,
    robustness: &Robustness,
) -> String {
    let win_share: BTreeMap<&str, f64> = robustness
        .win_shares
        .iter()
        .enumerate()
        .filter(|(_, share)| **share > 0.0)
        .map(|(entry, share)| (ranking.model.entries[entry].slug.as_str(), *share))
        .collect();
    let data = serde_json::json!({
        "fields": builtin::script_fields(),
        "criteria": criteria,
        "weights": ranking.scale,
        "rows_url": urls.file(ROWS_FILE),
        "win_share": win_share,
        "samples": WIN_SAMPLES,
        "near_tie": NEAR_TIE,
    });
    serde_json::to_string(&data)
        .expect("criteria serialise")
        .replace("</", "<\\/")
}

/// One option's statements in [`ROWS_FILE`], as HTML. Made once per option and
/// position-free (so that `serve` can keep it between edits, wherever the option moves);
/// [`join_rows_json`] puts the entries together with their rows ([`RowJson`]) in the
/// matrix's order.
#[derive(Debug, Clone)]
pub struct RowsEntry {
    /// `{"slug":…,"best_for":…,"pros":[…],"cons":[…]`: its object without the end.
    statements: Vec<u8>,
}

/// One option's matrix row in [`ROWS_FILE`]: `,"row":"<tr…>"`, or what went wrong rendering
/// the row. The row shows the option's rank, so it is made again when that changes.
#[derive(Debug, Clone)]
pub struct RowJson(Result<Vec<u8>, Vec<Diagnostic>>);

impl RowsEntry {
    /// The entry of `candidate`.
    pub fn new(candidate: &Candidate) -> Self {
        // Written field by field, in table order: the object stays open for the row.
        let mut statements = b"{\"slug\":".to_vec();
        serde_json::to_writer(&mut statements, &candidate.slug).expect("a string serialises");
        for field in builtin::FIELDS.iter().filter(|f| f.compare) {
            let facts = &candidate.facts;
            let html = match field.kind {
                FieldKind::Name => Json::from(escape(&candidate.title)),
                FieldKind::Slug => Json::from(candidate.slug.as_str()),
                FieldKind::Url => Json::Null,
                FieldKind::Text => facts.text(field.key).map(escape).into(),
                FieldKind::Statement => facts.text(field.key).map(inline_html).into(),
                FieldKind::Integer => facts.integer(field.key).into(),
                FieldKind::Date => facts.date(field.key).map(|d| d.to_string()).into(),
                FieldKind::Statements => {
                    let items = facts.statements(field.key);
                    items
                        .iter()
                        .map(|s| inline_html(s))
                        .collect::<Vec<_>>()
                        .into()
                }
            };
            statements.push(b',');
            serde_json::to_writer(&mut statements, field.key).expect("a string serialises");
            statements.push(b':');
            serde_json::to_writer(&mut statements, &html).expect("JSON serialises");
        }
        RowsEntry { statements }
    }
}

impl RowJson {
    /// The field of a row that [`super::SiteRenderer::matrix_row`] made.
    pub fn new(row: &Result<String, Vec<Diagnostic>>) -> Self {
        RowJson(row.as_ref().map_err(Vec::clone).map(|row| {
            let mut field = b",\"row\":".to_vec();
            serde_json::to_writer(&mut field, row).expect("a string serialises");
            field
        }))
    }
}

/// [`ROWS_FILE`] from every option's entry and row, in the matrix's order; the rows of the
/// first [`MATRIX_STATIC_ROWS`] are on the page and left out. Fails as the matrix page does
/// when the row template fails, with the first error (a broken partial fails every row the
/// same way).
pub fn join_rows_json(entries: &[(&RowsEntry, &RowJson)]) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let rows: Vec<&Vec<u8>> = entries
        .iter()
        .skip(MATRIX_STATIC_ROWS)
        .map(|(_, row)| row.0.as_ref())
        .collect::<Result<_, _>>()
        .map_err(Vec::clone)?;
    let size: usize = entries
        .iter()
        .map(|(e, _)| e.statements.len() + 2)
        .sum::<usize>()
        + rows.iter().map(|r| r.len()).sum::<usize>();
    let mut json = Vec::with_capacity(size + 16);
    json.extend_from_slice(b"{\"options\":[");
    for (index, (entry, _)) in entries.iter().enumerate() {
        if index > 0 {
            json.push(b',');
        }
        json.extend_from_slice(&entry.statements);
        if let Some(row) = index.checked_sub(MATRIX_STATIC_ROWS).map(|i| rows[i]) {
            json.extend_from_slice(row);
        }
        json.push(b'}');
    }
    json.extend_from_slice(b"]}\n");
    Ok(json)
}
