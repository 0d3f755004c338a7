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

/// The index of the rows the matrix page's script does not find in the page, which it loads
/// at the start when the page holds only the first [`MATRIX_STATIC_ROWS`]. Not a page (its
/// HTML is fragments), so not `.html`: the checks of pages leave it alone.
///
/// `{"page": [slug, …], "rows": [row, …]}`: the slugs of the rows the page holds, in its
/// order, then every other option in the matrix's order (the default ranking's), each as
/// [`crate::html::table_row`] reads its rendered `<tr>` (its slug, link, and each keyed cell's
/// text, `data-value`, whether it is missing and its link text): what the script sorts,
/// filters and searches by. The rows' HTML is in the [`chunk_path`] files, fetched when a row
/// is shown.
pub const ROWS_FILE: &str = "matrix/rows.json";

/// How many options each [`chunk_path`] file holds.
pub const CHUNK_ROWS: usize = 100;

/// The file that holds the options `CHUNK_ROWS × n` to `CHUNK_ROWS × (n + 1) − 1` of the
/// matrix's order: `{"options": [{"slug", "best_for", "pros", "cons", "row"?}, …]}`, the
/// built-in fields the side-by-side view shows ([`crate::builtin::BuiltinField`]'s
/// `compare`) as inline HTML (or `null`) and `row`, only for options past the first
/// [`MATRIX_STATIC_ROWS`], the option's `<tr>` as the matrix page would hold it.
pub fn chunk_path(n: usize) -> String {
    format!("matrix/rows/{n}.json")
}

/// What the matrix page's script needs beyond the table, for its `matrix-data` element: the
/// built-in fields it shows (their keys, labels, columns), the criteria, the weight sliders'
/// scale, the URLs of [`ROWS_FILE`] and of the [`chunk_path`] files, and each option's win share (only those above 0; the
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
        "chunk_rows": CHUNK_ROWS,
        "chunks": (0..ranking.model.entries.len().div_ceil(CHUNK_ROWS))
            .map(|n| urls.file(&chunk_path(n)))
            .collect::<Vec<_>>(),
        "win_share": win_share,
        "samples": WIN_SAMPLES,
        "near_tie": NEAR_TIE,
    });
    serde_json::to_string(&data)
        .expect("criteria serialise")
        .replace("</", "<\\/")
}

/// One option's statements in its [`chunk_path`] file, as HTML. Made once per option and
/// position-free (so that `serve` can keep it between edits, wherever the option moves);
/// [`rows_files`] puts the entries together with their rows ([`RowJson`]) in the
/// matrix's order.
#[derive(Debug, Clone)]
pub struct RowsEntry {
    /// `{"slug":…,"best_for":…,"pros":[…],"cons":[…]`: its object without the end.
    statements: Vec<u8>,
    /// The slug as a JSON string, for [`ROWS_FILE`]'s list of the page's rows.
    slug: Vec<u8>,
}

/// One option's matrix row for the script: `,"row":"<tr…>"` for its [`chunk_path`] file and
/// the row as [`crate::html::table_row`] reads it, as JSON, for [`ROWS_FILE`]; or what went
/// wrong rendering the row. The row shows the option's rank, so it is made again when that
/// changes.
#[derive(Debug, Clone)]
pub struct RowJson(Result<RowFields, Vec<Diagnostic>>);

/// The two JSON pieces of a [`RowJson`].
#[derive(Debug, Clone)]
struct RowFields {
    html: Vec<u8>,
    read: Vec<u8>,
}

impl RowsEntry {
    /// The entry of `candidate`.
    pub fn new(candidate: &Candidate) -> Self {
        // Written field by field, in table order: the object stays open for the row.
        let slug = serde_json::to_vec(&candidate.slug).expect("a string serialises");
        let mut statements = b"{\"slug\":".to_vec();
        statements.extend_from_slice(&slug);
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
        RowsEntry { statements, slug }
    }
}

impl RowJson {
    /// The fields of a row that [`super::SiteRenderer::matrix_row`] made.
    pub fn new(row: &Result<String, Vec<Diagnostic>>) -> Self {
        RowJson(row.as_ref().map_err(Vec::clone).map(|row| {
            let mut html = b",\"row\":".to_vec();
            serde_json::to_writer(&mut html, row).expect("a string serialises");
            let read = serde_json::to_vec(&crate::html::table_row(row)).expect("a row serialises");
            RowFields { html, read }
        }))
    }
}

/// [`ROWS_FILE`] and the [`chunk_path`] files from every option's entry and row, in the
/// matrix's order; the rows of the first [`MATRIX_STATIC_ROWS`] are on the page and left out.
/// Fails as the matrix page does when the row template fails, with the first error (a broken
/// partial fails every row the same way).
pub fn rows_files(
    entries: &[(&RowsEntry, &RowJson)],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let rows: Vec<&RowFields> = entries
        .iter()
        .skip(MATRIX_STATIC_ROWS)
        .map(|(_, row)| row.0.as_ref())
        .collect::<Result<_, _>>()
        .map_err(Vec::clone)?;
    let mut index = b"{\"page\":[".to_vec();
    for (n, (entry, _)) in entries.iter().take(MATRIX_STATIC_ROWS).enumerate() {
        if n > 0 {
            index.push(b',');
        }
        index.extend_from_slice(&entry.slug);
    }
    index.extend_from_slice(b"],\"rows\":[");
    let size: usize = rows.iter().map(|r| r.read.len() + 1).sum();
    index.reserve(size + 4);
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            index.push(b',');
        }
        index.extend_from_slice(&row.read);
    }
    index.extend_from_slice(b"]}\n");
    let mut files = vec![(ROWS_FILE.to_string(), index)];
    for (n, chunk) in entries.chunks(CHUNK_ROWS).enumerate() {
        let mut json = b"{\"options\":[".to_vec();
        for (k, (entry, _)) in chunk.iter().enumerate() {
            if k > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&entry.statements);
            if let Some(row) = (n * CHUNK_ROWS + k).checked_sub(MATRIX_STATIC_ROWS) {
                json.extend_from_slice(&rows[row].html);
            }
            json.push(b'}');
        }
        json.extend_from_slice(b"]}\n");
        files.push((chunk_path(n), json));
    }
    Ok(files)
}
