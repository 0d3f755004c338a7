//! The machine-readable files: `matrix.json`, `matrix.csv`, `sitemap.xml`.

use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use crate::builtin::{self, FieldKind};
use crate::config::{CriterionKind, SiteConfig};
use crate::content::candidate::format_number;
use crate::content::decision::Decision;
use crate::content::{Candidate, Value};
use crate::ranking::Standing;

use super::urls::Urls;
use super::views::CriterionView;

#[derive(Serialize)]
struct MatrixJson<'a, R: Serialize> {
    site: SiteJson<'a>,
    /// The decision on record, or `null`.
    decision: Option<DecisionJson<'a>>,
    criteria: Vec<CriterionView<'a>>,
    /// The default ranking and its robustness (before `options`, which is joined in last).
    ranking: &'a R,
    options: Vec<Map<String, Json>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    url: String,
}

/// The decision on record as `matrix.json` gives it: dates as `YYYY-MM-DD` text.
#[derive(Serialize)]
struct DecisionJson<'a> {
    status: &'static str,
    chosen: Vec<&'a str>,
    date: Option<String>,
    deciders: &'a [String],
    review_by: Option<String>,
    why: Option<&'a str>,
    superseded_by: Option<&'a str>,
}

impl<'a> DecisionJson<'a> {
    fn new(decision: &'a Decision) -> Self {
        DecisionJson {
            status: decision.status.name(),
            chosen: decision.chosen.iter().map(|c| c.value.as_str()).collect(),
            date: decision.date.map(|d| d.to_string()),
            deciders: &decision.deciders,
            review_by: decision.review_by.as_ref().map(|d| d.value.to_string()),
            why: decision.why.as_deref(),
            superseded_by: decision.superseded_by.as_deref(),
        }
    }
}

fn value_json(value: Option<&Value>) -> Json {
    match value {
        None => Json::Null,
        Some(Value::Text(t)) => json!(t),
        Some(Value::Tags(items) | Value::List(items)) => json!(items),
        Some(Value::Bool(b)) => json!(b),
        // One rater (or none but the option file) keeps the plain shape.
        Some(Value::Score(s)) if s.ratings.len() < 2 => json!({ "score": s.value, "why": s.why }),
        Some(Value::Score(s)) => {
            let ratings: Map<String, Json> = s
                .ratings
                .iter()
                .map(|(rater, r)| (rater.clone(), json!({ "score": r.value, "why": r.why })))
                .collect();
            json!({ "score": s.value, "why": s.why, "ratings": ratings, "spread": s.spread() })
        }
    }
}

fn url_of(urls: &Urls, path: &str) -> String {
    urls.absolute(path).unwrap_or_else(|| path.to_string())
}

/// One option's object in `matrix.json`, indented as it stands in the file's `options` list.
pub fn option_json(config: &SiteConfig, c: &Candidate, urls: &Urls) -> Vec<u8> {
    let pretty =
        serde_json::to_vec_pretty(&option_map(config, c, urls)).expect(JSON_ALWAYS_SERIALISES);
    // The object sits two levels deep (the document, then `options`); JSON text has no raw
    // line breaks inside strings, so indenting every line is exact.
    let mut indented = Vec::with_capacity(pretty.len() + pretty.len() / 8);
    indented.extend_from_slice(OPTION_INDENT);
    for &byte in &pretty {
        indented.push(byte);
        if byte == b'\n' {
            indented.extend_from_slice(OPTION_INDENT);
        }
    }
    indented
}

fn option_map(config: &SiteConfig, c: &Candidate, urls: &Urls) -> Map<String, Json> {
    let mut o = Map::new();
    for field in builtin::FIELDS {
        let Some(column) = field.export else { continue };
        let value = match field.kind {
            FieldKind::Slug => json!(c.slug),
            FieldKind::Name => json!(c.title),
            FieldKind::Url => json!(url_of(urls, &urls.option(&c.slug))),
            FieldKind::Text | FieldKind::Statement => json!(c.facts.text(field.key)),
            FieldKind::Integer => json!(c.facts.integer(field.key)),
            FieldKind::Date => json!(c.facts.date(field.key).map(|d| d.to_string())),
            FieldKind::Statements => json!(c.facts.statements(field.key)),
        };
        o.insert(column.into(), value);
    }
    let values: Map<String, Json> = config
        .criteria
        .iter()
        .map(|k| (k.key.clone(), value_json(c.values.get(&k.key))))
        .collect();
    o.insert("values".into(), Json::Object(values));
    o
}

const JSON_ALWAYS_SERIALISES: &str = "JSON of strings and numbers always serialises";
const OPTION_INDENT: &[u8] = b"    ";

fn matrix_doc<'a, R: Serialize>(
    config: &'a SiteConfig,
    decision: Option<&'a Decision>,
    urls: &Urls,
    ranking: &'a R,
    options: Vec<Map<String, Json>>,
) -> MatrixJson<'a, R> {
    MatrixJson {
        site: SiteJson {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            url: url_of(urls, &urls.home()),
        },
        decision: decision.map(DecisionJson::new),
        criteria: config.criteria.iter().map(CriterionView::new).collect(),
        ranking,
        options,
    }
}

/// `matrix.json` from the decision on record, its `ranking` and its options' objects
/// ([`option_json`]), in display order.
pub fn join_matrix_json<'a>(
    config: &SiteConfig,
    decision: Option<&Decision>,
    urls: &Urls,
    ranking: &impl Serialize,
    options: impl Iterator<Item = &'a [u8]>,
) -> Vec<u8> {
    let doc = matrix_doc(config, decision, urls, ranking, Vec::new());
    let mut out = serde_json::to_vec_pretty(&doc).expect(JSON_ALWAYS_SERIALISES);
    let (options, sizes) = {
        let options: Vec<&[u8]> = options.collect();
        let sizes: usize = options.iter().map(|o| o.len() + 2).sum();
        (options, sizes)
    };
    out.reserve(sizes + 16);
    if !options.is_empty() {
        // The document ends with the empty list `[]` and the closing `}`: put the options in.
        let empty_end = b"[]\n}";
        debug_assert!(out.ends_with(empty_end));
        out.truncate(out.len() - empty_end.len());
        out.extend_from_slice(b"[\n");
        for (i, option) in options.into_iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b",\n");
            }
            out.extend_from_slice(option);
        }
        out.extend_from_slice(b"\n  ]\n}");
    }
    out.push(b'\n');
    out
}

const CSV_WRITE: &str = "writing CSV into memory cannot fail";

/// The first line of `matrix.csv`: the column names. The first, `rank`, is joined in before
/// each option's row ([`csv_row`]) in the listing, where the ranks are known.
pub fn csv_header(config: &SiteConfig) -> Vec<u8> {
    let mut header: Vec<String> = builtin::fixed_columns().map(str::to_string).collect();
    for criterion in &config.criteria {
        header.push(criterion.key.clone());
        if matches!(criterion.kind, CriterionKind::Score(_)) {
            header.push(format!("{}_why", criterion.key));
        }
    }
    csv_record(&header)
}

/// One option's row of `matrix.csv` after its rank: its total, completeness and range with
/// the default weights (from `standing`, whose rank it leaves out), then its values.
pub fn csv_row(config: &SiteConfig, c: &Candidate, urls: &Urls, standing: &Standing) -> Vec<u8> {
    let number =
        |x: Option<f64>| x.map_or_else(String::new, |x| format_number((x * 1e6).round() / 1e6));
    let mut row: Vec<String> = vec![
        number(standing.total),
        standing.rated.to_string(),
        standing.scored.to_string(),
        number(standing.range.map(|r| r.0)),
        number(standing.range.map(|r| r.1)),
    ];
    row.extend(
        builtin::FIELDS
            .iter()
            .filter(|f| f.export.is_some())
            .map(|field| match field.kind {
                FieldKind::Slug => c.slug.clone(),
                FieldKind::Name => spreadsheet_safe(c.title.clone()),
                FieldKind::Url => url_of(urls, &urls.option(&c.slug)),
                FieldKind::Text | FieldKind::Statement => {
                    spreadsheet_safe(c.facts.text(field.key).unwrap_or_default().to_string())
                }
                FieldKind::Integer => c
                    .facts
                    .integer(field.key)
                    .map_or(String::new(), |n| n.to_string()),
                FieldKind::Date => c
                    .facts
                    .date(field.key)
                    .map_or(String::new(), |d| d.to_string()),
                FieldKind::Statements => spreadsheet_safe(c.facts.statements(field.key).join(
                    "
",
                )),
            }),
    );
    for criterion in &config.criteria {
        let value = c.values.get(&criterion.key);
        let (cell, why) = match value {
            None => (String::new(), None),
            Some(Value::Text(t)) => (spreadsheet_safe(t.clone()), None),
            Some(Value::Tags(items) | Value::List(items)) => {
                (spreadsheet_safe(items.join("\n")), None)
            }
            Some(Value::Bool(b)) => ((if *b { "yes" } else { "no" }).to_string(), None),
            Some(Value::Score(s)) => (
                format_number(s.value),
                Some(spreadsheet_safe(s.why.clone().unwrap_or_default())),
            ),
        };
        row.push(cell);
        if matches!(criterion.kind, CriterionKind::Score(_)) {
            row.push(why.unwrap_or_default());
        }
    }
    csv_record(&row)
}

/// Text that a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+1`, `@cmd`) gets a
/// leading `'`, which spreadsheets read as "text follows" and hide.
fn spreadsheet_safe(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{text}")
    } else {
        text
    }
}

/// One CSV record with its line ending; records written one by one join into a valid file.
fn csv_record(fields: &[String]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields).expect(CSV_WRITE);
    writer.into_inner().expect(CSV_WRITE)
}

/// One page's line of `sitemap.xml` (empty when the origin is unknown).
pub fn sitemap_entry(urls: &Urls, page: &str) -> String {
    match urls.absolute(page) {
        Some(absolute) => format!(
            "  <url><loc>{}</loc></url>\n",
            crate::report::escape(&absolute)
        ),
        None => String::new(),
    }
}

/// `sitemap.xml` from its pages' lines ([`sitemap_entry`]), when the origin is known.
pub fn join_sitemap<'a>(urls: &Urls, entries: impl Iterator<Item = &'a str>) -> Option<Vec<u8>> {
    urls.origin.as_ref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        xml.push_str(entry);
    }
    xml.push_str("</urlset>\n");
    Some(xml.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn config() -> SiteConfig {
        let source = SourceFile::from_text(
            "site.toml",
            "title = \"T\"\n[[criteria]]\nkey = \"speed\"\nkind = \"score\"\n",
        );
        SiteConfig::parse(&source).expect("valid config")
    }

    fn candidate(config: &SiteConfig, name: &str, text: &str) -> std::sync::Arc<Candidate> {
        let source = SourceFile::from_text(format!("content/{name}"), text);
        std::sync::Arc::new(Candidate::parse(source, name, config).expect("valid option"))
    }

    #[test]
    fn csv_text_never_reads_as_a_spreadsheet_formula() {
        let config = config();
        let urls = Urls::new("/", None);
        let c = candidate(
            &config,
            "a.md",
            "+++\ntitle = \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"\nspeed = 3\npros = [\"-5% cost\"]\n+++\n",
        );
        let standing = crate::ranking::Standing {
            total: Some(50.0),
            rated: 1,
            scored: 1,
            range: Some((50.0, 50.0)),
            rank: None,
        };
        let row = String::from_utf8(csv_row(&config, &c, &urls, &standing)).expect("utf-8");
        assert!(row.contains("\"'=HYPERLINK("), "{row}");
        assert!(row.contains(",'-5% cost,"), "{row}");
        assert!(row.contains(",3,"), "numbers stay numbers: {row}");
    }

    #[test]
    fn json_joined_from_options_is_the_whole_document_pretty_printed() {
        let config = config();
        let urls = Urls::new("/repo/", None);
        let candidates = [
            candidate(
                &config,
                "a.md",
                "+++\ntitle = \"A\"\nspeed = 3\npros = [\"x\"]\n+++\n",
            ),
            candidate(&config, "b.md", "+++\ntitle = \"B\"\n+++\n"),
        ];
        for options in [&candidates[..0], &candidates[..]] {
            let entries: Vec<Vec<u8>> = options
                .iter()
                .map(|c| option_json(&config, c, &urls))
                .collect();
            let ranking = json!({ "order": ["a"], "flips": [] });
            let joined = join_matrix_json(
                &config,
                None,
                &urls,
                &ranking,
                entries.iter().map(Vec::as_slice),
            );
            let maps = options
                .iter()
                .map(|c| option_map(&config, c, &urls))
                .collect();
            let mut whole =
                serde_json::to_vec_pretty(&matrix_doc(&config, None, &urls, &ranking, maps))
                    .expect("serialises");
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&joined),
                String::from_utf8_lossy(&whole)
            );
        }
    }

    /// A value of `field` as front matter, and how it reads back as text.
    fn sample(field: &builtin::BuiltinField) -> Option<(String, String)> {
        let key = field.key;
        match field.kind {
            FieldKind::Url => None,
            FieldKind::Slug => Some((format!("{key} = \"sample-slug\""), "sample-slug".into())),
            FieldKind::Integer => Some((format!("{key} = 7"), "7".into())),
            FieldKind::Date => Some((format!("{key} = 2026-10-01"), "2026-10-01".into())),
            FieldKind::Statements => Some((
                format!("{key} = [\"a {key} item\"]"),
                format!("a {key} item"),
            )),
            FieldKind::Name | FieldKind::Text | FieldKind::Statement => {
                Some((format!("{key} = \"the {key}\""), format!("the {key}")))
            }
        }
    }

    /// The library's tests have a field more than the table users get
    /// ([`builtin::TEST_FIELD`]): every reader of the table must show it, or the reader has
    /// its own list again.
    #[test]
    fn every_built_in_field_reaches_the_parser_draft_views_exports_and_script() {
        assert!(builtin::FIELDS.contains(&builtin::TEST_FIELD));
        let config = config();
        let urls = Urls::new("/", Some("https://x.io"));
        let samples: Vec<_> = builtin::FIELDS.iter().filter_map(sample).collect();
        let front: Vec<&str> = samples.iter().map(|(line, _)| line.as_str()).collect();
        let c = candidate(
            &config,
            "a.md",
            &format!("+++\n{}\n+++\n", front.join("\n")),
        );

        // The exports: every exported field is a column with the option's value.
        let (site, _) = crate::site::Site::assemble(
            std::sync::Arc::new(config.clone()),
            Default::default(),
            vec![c.clone()],
            Default::default(),
            &[],
            &mut Default::default(),
        );
        let ranking = crate::render::standings::DefaultRanking::new(&site);
        let robustness = ranking.robustness();
        let header = String::from_utf8(csv_header(&config)).expect("utf-8");
        let row =
            String::from_utf8(csv_row(&config, &c, &urls, ranking.standing(0))).expect("utf-8");
        let json = option_map(&config, &c, &urls);
        let columns: Vec<&str> = header.trim_end().split(',').collect();
        // The rank, the first column, is joined in by the listing.
        let cells: Vec<&str> = std::iter::once("1")
            .chain(row.trim_end().split(','))
            .collect();
        for field in builtin::FIELDS {
            let Some(column) = field.export else { continue };
            let at = columns.iter().position(|c| *c == column);
            let at = at.unwrap_or_else(|| panic!("{column} in {header}"));
            let expected = match sample(field) {
                Some((_, value)) => value,
                None => "https://x.io/options/sample-slug/".into(),
            };
            assert_eq!(cells[at], expected, "{column} in {row}");
            let in_json = &json[column];
            assert!(
                in_json == &json!(expected)
                    || in_json == &json!([expected])
                    || in_json == &json!(7),
                "{column}: {in_json}"
            );
        }

        // The views: templates see every fact by its key.
        let view = crate::render::views::CandidateView::new(&c, &config.criteria, &urls);
        let view = serde_json::to_value(&view).expect("serialises");
        assert_eq!(view["test_note"], json!("the test_note"));
        assert_eq!(view["pros"], json!(["a pros item"]));
        assert_eq!(view["order"], json!(7));

        // The script: the fields it shows by key and label, their statements as HTML.
        let data = super::super::script_data::page_data(&[], &urls, &ranking, &robustness);
        let data: Json = serde_json::from_str(&data).expect("JSON");
        let shown: Vec<(&str, &str)> = data["fields"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|f| {
                (
                    f["key"].as_str().unwrap_or(""),
                    f["label"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert!(shown.contains(&("test_note", "Test note")), "{shown:?}");
        assert!(shown.contains(&("best_for", "Best for")), "{shown:?}");
        let entry = super::super::script_data::RowsEntry::new(&c);
        let row = super::super::script_data::RowJson::new(&Ok(String::new()));
        let files = super::super::script_data::rows_files(&[(&entry, &row)]).expect("rows");
        assert_eq!(files[1].0, "matrix/rows/0.json");
        let rows: Json = serde_json::from_slice(&files[1].1).expect("JSON");
        assert_eq!(rows["options"][0]["test_note"], json!("the test_note"));
        assert_eq!(rows["options"][0]["cons"], json!(["a cons item"]));

        // The draft `new` writes stubs every field that has a stub.
        let draft = crate::content::draft::Draft::titled("X").to_text(&config);
        for field in builtin::FIELDS.iter().filter(|f| f.stub.is_some()) {
            let stubbed = format!("# {} = ", field.key);
            let list = format!("{} = [", field.key);
            assert!(
                draft.contains(&stubbed) || draft.contains(&list),
                "{}: {draft}",
                field.key
            );
        }
        assert!(draft.contains("# test_note = \"a note only tests have\""));
    }
}
