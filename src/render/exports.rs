//! The machine-readable files: `matrix.json`, `matrix.csv`, `sitemap.xml`, `robots.txt`.

use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use crate::config::{CriterionKind, SiteConfig};
use crate::content::candidate::format_number;
use crate::content::{Candidate, Value};
use crate::ranking::Standing;

use super::urls::Urls;
use super::views::CriterionView;

#[derive(Serialize)]
struct MatrixJson<'a> {
    site: SiteJson<'a>,
    criteria: Vec<CriterionView<'a>>,
    /// The default ranking and its robustness (before `options`, which is joined in last).
    ranking: &'a Json,
    options: Vec<Map<String, Json>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    url: String,
}

fn value_json(value: Option<&Value>) -> Json {
    match value {
        None => Json::Null,
        Some(Value::Text(t)) => json!(t),
        Some(Value::Tags(items) | Value::List(items)) => json!(items),
        Some(Value::Bool(b)) => json!(b),
        Some(Value::Score(s)) => json!({ "score": s.value, "why": s.why }),
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
    o.insert("slug".into(), json!(c.slug));
    o.insert("title".into(), json!(c.title));
    o.insert("subtitle".into(), json!(c.subtitle));
    o.insert("url".into(), json!(url_of(urls, &urls.option(&c.slug))));
    o.insert("best_for".into(), json!(c.best_for));
    o.insert("pros".into(), json!(c.pros));
    o.insert("cons".into(), json!(c.cons));
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

fn matrix_doc<'a>(
    config: &'a SiteConfig,
    urls: &Urls,
    ranking: &'a Json,
    options: Vec<Map<String, Json>>,
) -> MatrixJson<'a> {
    MatrixJson {
        site: SiteJson {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            url: url_of(urls, &urls.home()),
        },
        criteria: config.criteria.iter().map(CriterionView::new).collect(),
        ranking,
        options,
    }
}

/// `matrix.json` from its `ranking` and its options' objects ([`option_json`]), in display
/// order.
pub fn join_matrix_json<'a>(
    config: &SiteConfig,
    urls: &Urls,
    ranking: &Json,
    options: impl Iterator<Item = &'a [u8]>,
) -> Vec<u8> {
    let doc = matrix_doc(config, urls, ranking, Vec::new());
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
    let mut header: Vec<String> = [
        "rank",
        "total",
        "rated",
        "scored",
        "total_low",
        "total_high",
        "slug",
        "title",
        "subtitle",
        "url",
        "best_for",
        "pros",
        "cons",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
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
        c.slug.clone(),
        spreadsheet_safe(c.title.clone()),
        spreadsheet_safe(c.subtitle.clone().unwrap_or_default()),
        url_of(urls, &urls.option(&c.slug)),
        spreadsheet_safe(c.best_for.clone().unwrap_or_default()),
        spreadsheet_safe(c.pros.join("\n")),
        spreadsheet_safe(c.cons.join("\n")),
    ];
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

/// `robots.txt`: everything may be crawled; points at the sitemap when there is one.
pub fn robots(urls: &Urls) -> Vec<u8> {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(sitemap) = urls.absolute(&urls.file("sitemap.xml")) {
        text.push_str(&format!("\nSitemap: {sitemap}\n"));
    }
    text.into_bytes()
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
            let joined =
                join_matrix_json(&config, &urls, &ranking, entries.iter().map(Vec::as_slice));
            let maps = options
                .iter()
                .map(|c| option_map(&config, c, &urls))
                .collect();
            let mut whole = serde_json::to_vec_pretty(&matrix_doc(&config, &urls, &ranking, maps))
                .expect("serialises");
            whole.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&joined),
                String::from_utf8_lossy(&whole)
            );
        }
    }
}
