//! Reviews of options: `reviewed = <date>` in an option's front matter, shown on its page as
//! "last reviewed"; `review_every_days` in `site.toml`, past which `check` and `build` warn
//! (and still succeed).

use crate::support::SiteTest;

fn reviewed_site(days: &str, sqlite_reviewed: &str) -> SiteTest {
    let site = SiteTest::fixture("minimal");
    let config = site.read("site.toml").replacen(
        "base_url = \"https://example.org/\"\n",
        &format!("base_url = \"https://example.org/\"\n{days}"),
        1,
    );
    site.write("site.toml", config);
    let sqlite = site.read("content/sqlite.md").replacen(
        "learning_curve = 5\n",
        &format!("learning_curve = 5\n{sqlite_reviewed}"),
        1,
    );
    site.write("content/sqlite.md", sqlite);
    site
}

#[test]
fn a_lapsed_review_is_a_warning_at_the_date_and_the_build_succeeds() {
    let site = reviewed_site("review_every_days = 365\n", "reviewed = 2001-03-01\n");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    insta::assert_snapshot!(check.stderr);
    site.build_ok();
    let page = site.read("public/options/sqlite/index.html");
    assert!(
        page.contains("<p class=\"reviewed\">Last reviewed <time datetime=\"2001-03-01\">2001-03-01</time></p>"),
        "{page}"
    );
    // An option without a date shows none.
    assert!(
        !site
            .read("public/options/postgres/index.html")
            .contains("Last reviewed")
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix.json")).expect("JSON");
    let reviewed: Vec<&serde_json::Value> = json["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| &o["reviewed"])
        .collect();
    assert_eq!(
        reviewed,
        [&serde_json::json!(null), &serde_json::json!("2001-03-01")]
    );
    let csv = site.read("public/matrix.csv");
    let header: Vec<&str> = csv.lines().next().expect("a header").split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "reviewed")
        .expect("a reviewed column");
    let sqlite = csv
        .lines()
        .find(|l| l.contains(",sqlite,"))
        .expect("sqlite's row");
    assert_eq!(sqlite.split(',').nth(column), Some("2001-03-01"), "{csv}");
}

#[test]
fn a_review_within_its_time_and_a_site_without_a_review_period_warn_of_nothing() {
    let site = reviewed_site("review_every_days = 365\n", "reviewed = 2999-01-01\n");
    let out = site.build_ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let site = reviewed_site("", "reviewed = 2001-03-01\n");
    let out = site.build_ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    assert!(
        site.read("public/options/sqlite/index.html")
            .contains("Last reviewed")
    );
}

#[test]
fn a_reviewed_date_and_a_review_period_of_the_wrong_kind_are_errors() {
    let site = reviewed_site("review_every_days = 30\n", "reviewed = \"last week\"\n");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    let site = reviewed_site("review_every_days = 0\n", "");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("review_period_zero", out.stderr);
    let site = reviewed_site("review_every_days = \"a year\"\n", "");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("review_period_not_a_number", out.stderr);
}
