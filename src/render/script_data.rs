//! What the matrix page's script is given, all of it made at build time so that the script
//! only sorts, filters, weighs and compares: the data in the page (the criteria, the weight
//! sliders' range and step, where the rest is) and [`ROWS_FILE`], which holds every option's
//! statements as HTML (by [`inline_html`], as the pages show them) and the `<tr>` of every
//! option past the rows the page holds (by the site's `partials/matrix-row.html`). Uses the
//! renderer of [`super`], the views and the Markdown of statements.

use serde::Serialize;

use serde_json::Value as Json;

use crate::builtin::{self, FieldKind};
use crate::content::Candidate;
use crate::content::markdown::inline_html;
use crate::diag::Diagnostic;
use crate::report::escape;

use super::MATRIX_STATIC_ROWS;
use super::urls::Urls;
use super::views::CriterionView;

/// The file the matrix page's script loads when it needs more than the page holds. Not a
/// page (its HTML is fragments), so not `.html`: the checks of pages leave it alone.
///
/// `{"options": [{"slug", "best_for", "pros", "cons", "row"?}, …]}`: every option in display
/// order; the built-in fields the side-by-side view shows ([`crate::builtin::BuiltinField`]'s
/// `compare`: best for, pros, cons) as inline HTML (or `null`); `row`, only for the options
/// past the first [`MATRIX_STATIC_ROWS`], the option's `<tr>` as the matrix page would hold it.
pub const ROWS_FILE: &str = "matrix/rows.json";

/// The most decimals a weight slider's step has: a default weight with more is set to the
/// nearest millionth.
const MAX_WEIGHT_DECIMALS: usize = 6;

/// What the matrix page's script needs beyond the table, for its `matrix-data` element: the
/// built-in fields it shows (their keys, labels, columns), the criteria, the weight sliders'
/// scale and the URL of [`ROWS_FILE`]. Safe to place inside a
/// `<script type="application/json">` element.
pub fn page_data(criteria: &[CriterionView<'_>], urls: &Urls) -> String {
    let weights: Vec<f64> = criteria.iter().filter_map(|c| c.weight).collect();
    let data = serde_json::json!({
        "fields": builtin::script_fields(),
        "criteria": criteria,
        "weights": WeightScale::new(&weights),
        "rows_url": urls.file(ROWS_FILE),
    });
    serde_json::to_string(&data)
        .expect("criteria serialise")
        .replace("</", "<\\/")
}

/// The range and step of every weight slider: wide and fine enough that each default weight
/// of `site.toml` (any number from 0 to 1000) can be set exactly, and the same for every
/// criterion, so that the sliders compare at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightScale {
    /// The top of the sliders (the bottom is 0): 5, or the largest default weight rounded up.
    pub max: f64,
    /// 1 when every default weight is whole; else 0.5, 0.1, 0.05, 0.01, … as the weight with
    /// the most decimals needs.
    pub step: f64,
    /// The decimals of `step`, for writing weights without binary fractions showing.
    pub decimals: usize,
}

impl WeightScale {
    /// The scale for these default weights (each 0 or more).
    pub fn new(weights: &[f64]) -> Self {
        let largest = weights.iter().copied().fold(0.0, f64::max);
        let decimals = weights.iter().map(|&w| decimals_of(w)).max().unwrap_or(0);
        // Five times the power of ten when every weight is a multiple of that (2.5 → 0.5).
        let halves = decimals > 0
            && weights
                .iter()
                .all(|&w| scaled(w, decimals).is_some_and(|n| n % 5 == 0));
        let step = format!("{}e-{decimals}", if halves { 5 } else { 1 })
            .parse()
            .expect("a number in e-notation parses");
        WeightScale {
            max: largest.ceil().max(5.0),
            step,
            decimals,
        }
    }
}

/// How many decimals `weight` has, as written in its shortest form (`2.5` has 1), up to
/// [`MAX_WEIGHT_DECIMALS`].
fn decimals_of(weight: f64) -> usize {
    // Display never uses an exponent, and gives the shortest digits that read back the same.
    let text = format!("{weight}");
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
        .min(MAX_WEIGHT_DECIMALS)
}

/// `weight` times ten to the `decimals`, when that is whole, from its decimal digits (not by
/// multiplying, which would round: 2.675 × 100 is 267.49999999999997).
fn scaled(weight: f64, decimals: usize) -> Option<u64> {
    let text = format!("{weight}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.len() > decimals {
        return None;
    }
    format!("{whole}{fraction:0<decimals$}").parse().ok()
}

/// One option's part of [`ROWS_FILE`]: its statements as HTML and its row as JSON. Made once
/// per option and position-free (so that `serve` can keep it between edits, whichever side
/// of the page's rows the option moves to); [`join_rows_json`] puts the entries together in
/// display order.
#[derive(Debug, Clone)]
pub struct RowsEntry {
    /// `{"slug":…,"best_for":…,"pros":[…],"cons":[…]`: its object without the end.
    statements: Vec<u8>,
    /// `,"row":"<tr…>"`, or what went wrong rendering the row.
    row: Result<Vec<u8>, Vec<Diagnostic>>,
}

impl RowsEntry {
    /// The entry of `candidate`, whose matrix row [`super::SiteRenderer::matrix_row`] made.
    pub fn new(candidate: &Candidate, row: &Result<String, Vec<Diagnostic>>) -> Self {
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
        let row = row.as_ref().map_err(Vec::clone).map(|row| {
            let mut field = b",\"row\":".to_vec();
            serde_json::to_writer(&mut field, row).expect("a string serialises");
            field
        });
        RowsEntry { statements, row }
    }
}

/// [`ROWS_FILE`] from every option's entry, in display order; the rows of the first
/// [`MATRIX_STATIC_ROWS`] are on the page and left out. Fails as the matrix page does when the
/// row template fails, with the first error (a broken partial fails every row the same way).
pub fn join_rows_json(entries: &[&RowsEntry]) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let rows: Vec<&Vec<u8>> = entries
        .iter()
        .skip(MATRIX_STATIC_ROWS)
        .map(|entry| entry.row.as_ref())
        .collect::<Result<_, _>>()
        .map_err(Vec::clone)?;
    let size: usize = entries
        .iter()
        .map(|e| e.statements.len() + 2)
        .sum::<usize>()
        + rows.iter().map(|r| r.len()).sum::<usize>();
    let mut json = Vec::with_capacity(size + 16);
    json.extend_from_slice(b"{\"options\":[");
    for (index, entry) in entries.iter().enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(weights: &[f64]) -> (f64, f64, usize) {
        let s = WeightScale::new(weights);
        (s.max, s.step, s.decimals)
    }

    #[test]
    fn whole_weights_up_to_five_keep_the_zero_to_five_sliders() {
        assert_eq!(scale(&[]), (5.0, 1.0, 0));
        assert_eq!(scale(&[1.0, 2.0, 0.0]), (5.0, 1.0, 0));
        assert_eq!(scale(&[5.0]), (5.0, 1.0, 0));
    }

    #[test]
    fn the_largest_weight_rounded_up_is_the_top() {
        assert_eq!(scale(&[10.0, 1.0]), (10.0, 1.0, 0));
        assert_eq!(scale(&[7.2]), (8.0, 0.1, 1));
        assert_eq!(scale(&[1000.0]), (1000.0, 1.0, 0));
    }

    #[test]
    fn the_step_sets_every_weight_exactly() {
        assert_eq!(scale(&[2.5, 10.0]), (10.0, 0.5, 1));
        assert_eq!(scale(&[2.5, 1.2]), (5.0, 0.1, 1));
        assert_eq!(scale(&[0.25, 3.0]), (5.0, 0.05, 2));
        assert_eq!(scale(&[0.01, 2.5]), (5.0, 0.01, 2));
        // Binary fractions do not leak in: 2.675 × 100 is not whole in floating point.
        assert_eq!(scale(&[2.675]), (5.0, 0.005, 3));
        assert_eq!(scale(&[2.671, 1.5]), (5.0, 0.001, 3));
        assert_eq!(scale(&[0.1 + 0.2]), (5.0, 1e-6, 6), "capped at a millionth");
        for weights in [
            &[2.5, 10.0][..],
            &[0.25, 3.0],
            &[2.675],
            &[2.671, 1.5],
            &[7.2, 0.5],
        ] {
            let s = WeightScale::new(weights);
            for w in weights {
                let steps = w / s.step;
                assert!(
                    (steps - steps.round()).abs() < 1e-9,
                    "{w} is a whole number of {} steps",
                    s.step
                );
            }
        }
    }

    #[test]
    fn serialises_for_the_script() {
        let json = serde_json::to_string(&WeightScale::new(&[2.5, 10.0])).expect("serialises");
        assert_eq!(json, r#"{"max":10.0,"step":0.5,"decimals":1}"#);
    }
}
