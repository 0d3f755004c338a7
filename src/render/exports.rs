//! The machine-readable files: `matrix.json`, `matrix.csv`, `sitemap.xml`, `robots.txt`.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use crate::config::{CriterionKind, SiteConfig};
use crate::content::{Candidate, Value};

use super::urls::Urls;
use super::views::CriterionView;

#[derive(Serialize)]
struct MatrixJson<'a> {
    site: SiteJson<'a>,
    criteria: Vec<CriterionView<'a>>,
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

/// `matrix.json`: the criteria with their schema, and every option with all its values.
pub fn matrix_json(config: &SiteConfig, candidates: &[Arc<Candidate>], urls: &Urls) -> Vec<u8> {
    let options = candidates
        .iter()
        .map(|c| {
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
        })
        .collect();
    let doc = MatrixJson {
        site: SiteJson {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            url: url_of(urls, &urls.home()),
        },
        criteria: config.criteria.iter().map(CriterionView::new).collect(),
        options,
    };
    let mut out =
        serde_json::to_vec_pretty(&doc).expect("JSON of strings and numbers always serialises");
    out.push(b'\n');
    out
}

/// `matrix.csv`: a row per option; scores have a `<key>_why` column beside them; lists put
/// one item per line inside their cell.
pub fn matrix_csv(config: &SiteConfig, candidates: &[Arc<Candidate>], urls: &Urls) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "slug", "title", "subtitle", "url", "best_for", "pros", "cons",
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
    let write_error = "writing CSV into memory cannot fail";
    writer.write_record(&header).expect(write_error);
    for c in candidates {
        let mut row: Vec<String> = vec![
            c.slug.clone(),
            c.title.clone(),
            c.subtitle.clone().unwrap_or_default(),
            url_of(urls, &urls.option(&c.slug)),
            c.best_for.clone().unwrap_or_default(),
            c.pros.join("\n"),
            c.cons.join("\n"),
        ];
        for criterion in &config.criteria {
            let value = c.values.get(&criterion.key);
            let (cell, why) = match value {
                None => (String::new(), None),
                Some(Value::Text(t)) => (t.clone(), None),
                Some(Value::Tags(items) | Value::List(items)) => (items.join("\n"), None),
                Some(Value::Bool(b)) => ((if *b { "yes" } else { "no" }).to_string(), None),
                Some(Value::Score(s)) => (
                    crate::content::candidate::format_number(s.value),
                    Some(s.why.clone().unwrap_or_default()),
                ),
            };
            row.push(cell);
            if matches!(criterion.kind, CriterionKind::Score(_)) {
                row.push(why.unwrap_or_default());
            }
        }
        writer.write_record(&row).expect(write_error);
    }
    writer.into_inner().expect(write_error)
}

/// `sitemap.xml`, when the site's origin is known (a sitemap needs absolute URLs).
pub fn sitemap(urls: &Urls, pages: &[String]) -> Option<Vec<u8>> {
    urls.origin.as_ref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        if let Some(absolute) = urls.absolute(page) {
            xml.push_str("  <url><loc>");
            xml.push_str(&crate::report::escape(&absolute));
            xml.push_str("</loc></url>\n");
        }
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
