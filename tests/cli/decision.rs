//! The decision on record: `[decision]` in `content/_index.md`, checked field by field, shown
//! on the landing page, on the chosen option's page, card and matrix row (in the HTML itself,
//! so without JavaScript too) and in `matrix.json`; its `review_by` warned about once passed.

use crate::support::SiteTest;

fn landing(site: &SiteTest, decision: &str) {
    site.write(
        "content/_index.md",
        format!("+++\ntitle = \"Pick one\"\n\n[decision]\n{decision}+++\nWhy we compare.\n"),
    );
}

fn check_fails(site: &SiteTest) -> String {
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "expected errors:\n{}", out.stderr);
    out.stderr
}

#[test]
fn an_accepted_decision_is_shown_on_the_landing_page_and_marks_the_chosen_option() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"accepted\"\nchosen = [\"postgres\"]\ndate = 2026-11-30\n\
         deciders = [\"Data team\", \"Ana\"]\nreview_by = 2999-06-01\n\
         why = \"One *dependable* server for everything.\"\n",
    );
    let out = site.build_ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);

    let home = site.read("public/index.html");
    let start = home.find("<section class=\"decision").expect("a banner");
    let end = start + home[start..].find("</section>").expect("closed") + "</section>".len();
    insta::assert_snapshot!(&home[start..end]);

    // The chosen option's page, card and row say so in their HTML; the other's do not.
    let page = site.read("public/options/postgres/index.html");
    assert!(
        page.contains(
            "<span class=\"chosen-mark\">Chosen</span> <a href=\"/#decision\">See the decision</a>"
        ),
        "{page}"
    );
    let other = site.read("public/options/sqlite/index.html");
    assert!(!other.contains("chosen-mark"));
    let card = |slug: &str| {
        let at = home
            .find(&format!("href=\"/options/{slug}/\">"))
            .expect("a card");
        home[at..at + home[at..].find("</h3>").expect("its heading")].to_string()
    };
    assert!(card("postgres").ends_with("<span class=\"chosen-mark\">Chosen</span>"));
    assert!(!card("sqlite").contains("Chosen"));
    let matrix = site.read("public/matrix/index.html");
    let row = |slug: &str| {
        let at = matrix
            .find(&format!("<tr data-slug=\"{slug}\""))
            .expect("a row");
        matrix[at..at + matrix[at..].find("</th>").expect("its heading")].to_string()
    };
    assert!(
        row("postgres").starts_with("<tr data-slug=\"postgres\" data-chosen class=\"row-chosen\"")
    );
    assert!(row("postgres").contains("<span class=\"chosen-mark\">Chosen</span>"));
    assert!(!row("sqlite").contains("Chosen"));

    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix.json")).expect("JSON");
    assert_eq!(
        json["decision"],
        serde_json::json!({
            "status": "accepted",
            "chosen": ["postgres"],
            "date": "2026-11-30",
            "deciders": ["Data team", "Ana"],
            "review_by": "2999-06-01",
            "why": "One *dependable* server for everything.",
            "superseded_by": null
        })
    );
}

#[test]
fn a_site_without_a_decision_has_no_banner_and_null_in_matrix_json() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    assert!(!site.read("public/index.html").contains("class=\"decision"));
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix.json")).expect("JSON");
    assert_eq!(json["decision"], serde_json::Value::Null);
}

#[test]
fn a_proposed_decision_says_nothing_is_chosen_yet() {
    let site = SiteTest::fixture("minimal");
    landing(&site, "status = \"proposed\"\n");
    site.build_ok();
    let home = site.read("public/index.html");
    assert!(home.contains("Status: <strong class=\"decision-status\">Proposed</strong>"));
    assert!(home.contains("<p class=\"decision-chosen\">Nothing is chosen yet.</p>"));
    assert!(
        !site
            .read("public/matrix/index.html")
            .contains("chosen-mark")
    );
}

#[test]
fn a_superseded_decision_links_its_successor() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"superseded\"\nchosen = [\"sqlite\"]\nsuperseded_by = \"https://example.org/adr/7\"\n",
    );
    site.build_ok();
    let home = site.read("public/index.html");
    assert!(home.contains(
        "<p>Superseded by <a href=\"https://example.org/adr/7\">https://example.org/adr/7</a>.</p>"
    ));
}

#[test]
fn an_unknown_status_lists_the_allowed_ones() {
    let site = SiteTest::fixture("minimal");
    landing(&site, "status = \"acepted\"\n");
    insta::assert_snapshot!(check_fails(&site));
    landing(&site, "status = \"maybe\"\n");
    insta::assert_snapshot!("unknown_status_far_from_any", check_fails(&site));
}

#[test]
fn a_chosen_slug_that_no_option_has_gets_did_you_mean() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"accepted\"\nchosen = [\"postgress\", \"mongo\"]\n",
    );
    insta::assert_snapshot!(check_fails(&site));
    landing(
        &site,
        "status = \"accepted\"\nchosen = [\"sqlite\", \"sqlite\"]\n",
    );
    insta::assert_snapshot!("chosen_twice", check_fails(&site));
}

#[test]
fn wrong_types_point_at_the_values() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = 3\nchosen = \"sqlite\"\ndate = \"2026-11-30\"\ndeciders = [\"Ana\", 2]\n\
         review_by = [2027]\nwhy = true\nowner = \"Ana\"\n",
    );
    insta::assert_snapshot!(check_fails(&site));
    // A day no calendar has is caught by the TOML parser itself.
    landing(&site, "status = \"proposed\"\nreview_by = 2027-02-30\n");
    insta::assert_snapshot!("no_such_day", check_fails(&site));
}

#[test]
fn dates_with_a_time_and_a_decision_that_is_not_a_table() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"proposed\"\ndate = 2026-11-30T10:00:00Z\n",
    );
    insta::assert_snapshot!(check_fails(&site));
    site.write(
        "content/_index.md",
        "+++\ndecision = \"accepted\"\n+++\nText.\n",
    );
    insta::assert_snapshot!("decision_not_a_table", check_fails(&site));
}

#[test]
fn status_and_its_companions_must_agree() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"accepted\"\nsuperseded_by = \"https://example.org/adr/7\"\n",
    );
    insta::assert_snapshot!(check_fails(&site));
    landing(&site, "status = \"superseded\"\n");
    insta::assert_snapshot!("superseded_without_successor", check_fails(&site));
    landing(
        &site,
        "status = \"superseded\"\nsuperseded_by = \"adr/7.md\"\n",
    );
    insta::assert_snapshot!("successor_not_a_web_address", check_fails(&site));
    landing(&site, "chosen = [\"sqlite\"]\n");
    insta::assert_snapshot!("status_missing", check_fails(&site));
}

#[test]
fn a_passed_review_date_is_a_warning_naming_its_line_and_the_build_still_succeeds() {
    let site = SiteTest::fixture("minimal");
    landing(
        &site,
        "status = \"accepted\"\nchosen = [\"sqlite\"]\nreview_by = 2001-06-01\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    insta::assert_snapshot!(check.stderr);
    let build = site.build_ok();
    assert!(
        build
            .stderr
            .contains("warning: the decision is due for review")
    );
    // The page states the date; whether it is overdue is the reader's clock's business.
    let home = site.read("public/index.html");
    assert!(home.contains("<time datetime=\"2001-06-01\">2001-06-01</time>"));
    assert!(home.contains("<span class=\"review-overdue\" hidden> (overdue)</span>"));
}
