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
    assert_statements_built(&site, &statements);
}

/// Asserts that the built site at `site` has six option pages that carry every statement,
/// and that matrix.json carries all but the examples line (which is body text).
pub fn assert_statements_built(site: &SiteTest, statements: &[String]) {
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

/// The `data-slug`s of the rows of the matrix page's table, top to bottom.
fn row_order(page: &str) -> Vec<String> {
    page.split("<tr data-slug=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_example_ranks_honestly_without_javascript_and_in_its_exports() {
    let site = SiteTest::example();
    site.build_ok();
    let expected = [
        "fastapi",
        "django-drf",
        "nestjs",
        "flask",
        "serverless",
        "express",
    ];

    // Django's missing "Request validation" is left out, not counted as the worst score:
    // it ranks above NestJS, which it equals or beats on every criterion both are rated on.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix.json")).expect("matrix.json is JSON");
    let ranking = &json["ranking"];
    assert_eq!(ranking["order"], serde_json::json!(expected));
    assert_eq!(ranking["max_weight"], 5.0);
    let django = &ranking["options"]["django-drf"];
    assert_eq!(django["rank"], 2);
    assert_eq!(
        (django["rated"].clone(), django["scored"].clone()),
        (6.into(), 8.into())
    );
    // (2×0.25 + 1 + 1 + 0.5 + 2×0.25 + 2×1) / 9 × 100, the missing weights 1 and 1 left out.
    assert_eq!(django["total"], 61.111111);
    assert_eq!(django["range"], serde_json::json!([50.0, 68.181818]));
    assert_eq!(ranking["options"]["nestjs"]["rank"], 3);
    assert_eq!(ranking["leader"], "fastapi");
    let flips = ranking["flips"]
        .as_array()
        .expect("one flip per score criterion");
    assert_eq!(flips.len(), 8);
    assert_eq!(flips[0]["criterion"], "ease_of_learning");
    assert_eq!(
        flips[0]["weight_below"], 0.5,
        "FastAPI leads Django by ease of learning"
    );
    assert_eq!(flips[0]["leader_below"], "django-drf");
    let shares: f64 = ranking["win_share"]
        .as_object()
        .expect("a share per option")
        .values()
        .filter_map(serde_json::Value::as_f64)
        .sum();
    assert!(
        (shares - 1.0).abs() < 1e-9,
        "every sample has a leader: {shares}"
    );

    // Without JavaScript the table opens ranked, with totals, completeness and ranges.
    let page = site.read("public/matrix/index.html");
    assert_eq!(row_order(&page), expected);
    assert!(page.contains(r#"<span class="rank">#2</span><span class="total-value">61.1</span> <span class="completeness">6 of 8 rated</span> <span class="total-range">missing at worst 50.0, at best 68.2</span>"#), "Django's total cell");
    assert!(page.contains(r#"<span class="total-value">45.5</span> <span class="completeness">8 of 8 rated</span></td>"#), "Flask is complete: no range");
    // The chart agrees with the table, rank by rank.
    let chart_start = page
        .find("<svg class=\"chart chart-ranking\"")
        .expect("a ranking chart");
    let chart = &page[chart_start..];
    let labels: Vec<&str> = chart
        .split("<text class=\"chart-label\" x=\"0\" y=\"")
        .skip(1)
        .map(|rest| {
            rest.split('>')
                .nth(1)
                .unwrap_or("")
                .trim_end_matches("</text")
        })
        .collect();
    assert_eq!(
        labels[..3],
        ["1. FastAPI", "2. Django + Django RE…", "3. NestJS"]
    );
    // The robustness panel, for the default weights.
    assert!(page.contains("data-robustness"));
    assert!(
        page.contains("<td data-field=\"below\">0.5: Django + Django REST Framework leads</td>")
    );

    // matrix.csv: the rank first, then the total, completeness and range.
    let csv = site.read("public/matrix.csv");
    assert!(
        csv.starts_with("rank,total,rated,scored,total_low,total_high,slug,title,"),
        "{csv}"
    );
    assert!(
        csv.contains("\n4,45.454545,8,8,45.454545,45.454545,flask,Flask,"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2,61.111111,6,8,50,68.181818,django-drf,"),
        "{csv}"
    );

    // A missing score draws no point on Django's radar.
    let django_page = site.read("public/options/django-drf/index.html");
    let radar = &django_page[django_page.find("chart-radar").expect("a radar")..];
    assert_eq!(
        radar.matches("class=\"chart-dot\"").count(),
        6,
        "six rated criteria"
    );
    assert_eq!(radar.matches(">not rated</text>").count(), 2);
}
