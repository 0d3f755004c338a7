//! The example site: the seed document's six options. Every statement of the seed reaches the
//! built site word for word; the exports and a rendered page are snapshotted.

use crate::support::{SiteTest, unescape};

/// The statements of the seed: every bullet, every "Best for" and the examples line.
pub fn seed_statements() -> Vec<String> {
    let seed = include_str!("../fixtures/seed.md");
    let mut statements = Vec::new();
    for line in seed.lines() {
        let line = line.trim();
        if let Some(bullet) = line.strip_prefix("- ") {
            statements.push(bullet.trim().to_string());
        } else if let Some(best) = line.strip_prefix("**Best for:**") {
            statements.push(best.trim().to_string());
        } else if line.starts_with("Examples:") {
            statements.push(line.to_string());
        }
    }
    statements
}

#[test]
fn every_statement_of_the_seed_reaches_the_built_site() {
    let statements = seed_statements();
    assert_eq!(
        statements.len(),
        51,
        "the seed has 51 statements: {statements:#?}"
    );
    let site = SiteTest::example();
    site.build_ok();
    let pages: Vec<String> = site
        .tree("public/options")
        .into_iter()
        .map(|(_, bytes)| unescape(&String::from_utf8(bytes).expect("utf-8")))
        .collect();
    assert_eq!(pages.len(), 6, "one page per option of the seed");
    let missing: Vec<&String> = statements
        .iter()
        .filter(|s| !pages.iter().any(|p| p.contains(s.as_str())))
        .collect();
    assert!(
        missing.is_empty(),
        "statements missing from the option pages: {missing:#?}"
    );
    let matrix = unescape(&site.read("public/matrix.json"));
    for statement in statements.iter().filter(|s| !s.starts_with("Examples:")) {
        assert!(
            matrix.contains(statement.as_str()),
            "{statement} missing from matrix.json"
        );
    }
}

#[test]
fn the_example_matches_its_snapshots() {
    let site = SiteTest::example();
    site.build_ok();
    insta::assert_snapshot!("example_matrix_json", site.read("public/matrix.json"));
    insta::assert_snapshot!("example_matrix_csv", site.read("public/matrix.csv"));
    // The stylesheet's content hash changes with every edit of the theme's CSS.
    let hash = regex::Regex::new(r"\?h=[0-9a-f]{8}").expect("valid regex");
    let page = site.read("public/options/flask/index.html");
    insta::assert_snapshot!("example_flask_page", hash.replace_all(&page, "?h=[HASH]"));
}

#[test]
fn the_landing_page_links_every_option_and_the_matrix() {
    let site = SiteTest::example();
    site.build_ok();
    let index = site.read("public/index.html");
    for slug in [
        "flask",
        "fastapi",
        "django-drf",
        "express",
        "nestjs",
        "serverless",
    ] {
        assert!(
            index.contains(&format!("href=\"/options/{slug}/\"")),
            "{slug} card missing"
        );
    }
    assert!(index.contains("href=\"/matrix/\""));
    let matrix = site.read("public/matrix/index.html");
    assert_eq!(matrix.matches("<tr data-slug=").count(), 6);
    assert!(matrix.contains("<caption id=\"matrix-caption\">"));
    assert!(matrix.contains("<th scope=\"row\""));
}
