//! Independent raters: `content/ratings/<rater>.toml`, combined by median with every rater's
//! score, reason and the spread kept, in `matrix.json`, the matrix cells and the option pages;
//! the errors of a ratings file at its line and column.

use serde_json::{Value, json};

use crate::support::SiteTest;

/// The minimal fixture (PostgreSQL rated 3 on `learning_curve` with a reason, SQLite 5),
/// with these raters' files.
fn rated(raters: &[(&str, &str)]) -> SiteTest {
    let site = SiteTest::fixture("minimal");
    for (rater, text) in raters {
        site.write(&format!("content/ratings/{rater}.toml"), text);
    }
    site
}

fn matrix_json(site: &SiteTest) -> Value {
    serde_json::from_str(&site.read("public/matrix.json")).expect("JSON")
}

fn learning_curve(site: &SiteTest, slug: &str) -> Value {
    let json = matrix_json(site);
    let option = json["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|o| o["slug"] == slug)
        .expect("the option")
        .clone();
    option["values"]["learning_curve"].clone()
}

#[test]
fn one_rater_on_an_option_without_its_own_score_keeps_the_plain_shape() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/postgres.md",
        site.read("content/postgres.md").replace(
            "learning_curve = { score = 3, why = \"SQL is familiar; tuning takes time.\" }\n",
            "",
        ),
    );
    site.write(
        "content/ratings/alice.toml",
        "[postgres]\nlearning_curve = { score = 2, why = \"Tuning is hard.\" }\n",
    );
    site.build_ok();
    assert_eq!(
        learning_curve(&site, "postgres"),
        json!({ "score": 2.0, "why": "Tuning is hard." })
    );
    let page = site.read("public/options/postgres/index.html");
    assert!(page.contains("<li><span class=\"rater\">alice</span> <span class=\"score\"><span class=\"score-value\">2</span><span class=\"score-max\">/5</span></span> <span class=\"why\">Tuning is hard.</span></li>"), "{page}");
    assert!(!page.contains("median of"));
}

#[test]
fn two_raters_the_author_and_one_more_give_the_mean_of_the_two_and_their_spread() {
    let site = rated(&[("bob", "[postgres]\nlearning_curve = 4\n")]);
    site.build_ok();
    assert_eq!(
        learning_curve(&site, "postgres"),
        json!({
            "score": 3.5,
            "why": "SQL is familiar; tuning takes time.",
            "ratings": {
                "author": { "score": 3.0, "why": "SQL is familiar; tuning takes time." },
                "bob": { "score": 4.0, "why": null }
            },
            "spread": 1.0
        })
    );
    // A spread of 1 on a 1–5 scale is within a third of it: no flag.
    let matrix = site.read("public/matrix/index.html");
    let at = matrix.find("<tr data-slug=\"postgres\"").expect("a row");
    let row = &matrix[at..at + matrix[at..].find("</tr>").expect("its end")];
    assert!(row.contains("<td data-key=\"learning_curve\" data-value=\"3.5\" data-ratings=\"{&quot;author&quot;:3.0,&quot;bob&quot;:4.0}\"><span class=\"score\"><span class=\"score-value\">3.5</span><span class=\"score-max\">/5</span></span> <span class=\"rated-by\">median of 2 raters</span> <span class=\"why\">"), "{row}");
    assert!(!row.contains("disagree"));
    // The ranking uses the median.
    let json = matrix_json(&site);
    assert_eq!(json["ranking"]["options"]["postgres"]["total"], json!(62.5));
}

#[test]
fn five_raters_give_the_middle_score_and_a_disagreement_beyond_a_third_of_the_scale_is_flagged() {
    let site = rated(&[
        (
            "alice",
            "[postgres]\nlearning_curve = { score = 1, why = \"Vacuum.\" }\n",
        ),
        ("bob", "[postgres]\nlearning_curve = 5\n"),
        ("carol", "[postgres]\nlearning_curve = 4\n"),
        ("dan", "[postgres]\nlearning_curve = 2.5\n"),
    ]);
    site.build_ok();
    let score = learning_curve(&site, "postgres");
    assert_eq!(score["score"], json!(3.0), "the median of 1, 2.5, 3, 4, 5");
    assert_eq!(score["spread"], json!(4.0));
    assert_eq!(
        score["ratings"]
            .as_object()
            .expect("raters")
            .keys()
            .collect::<Vec<_>>(),
        ["alice", "author", "bob", "carol", "dan"]
    );
    assert_eq!(
        score["ratings"]["alice"],
        json!({ "score": 1.0, "why": "Vacuum." })
    );
    let page = site.read("public/options/postgres/index.html");
    assert!(page.contains("<span class=\"score-value\">3</span><span class=\"score-max\">/5</span></span> <span class=\"rated-by\">median of 5 raters</span> <span class=\"disputed\">raters disagree by 4</span>"), "{page}");
    assert!(
        site.read("public/matrix/index.html")
            .contains("<span class=\"disputed\">raters disagree by 4</span>")
    );
}

#[test]
fn a_rater_missing_some_scores_counts_only_where_they_rated() {
    let site = rated(&[
        ("alice", "[postgres]\nlearning_curve = 1\n\n[sqlite]\n"),
        ("bob", "[postgres]\nlearning_curve = 2\n"),
    ]);
    site.build_ok();
    assert_eq!(learning_curve(&site, "postgres")["score"], json!(2.0));
    // Nobody rated SQLite but its file: its score stays as it was.
    assert_eq!(
        learning_curve(&site, "sqlite"),
        json!({ "score": 5.0, "why": null })
    );
    let json = matrix_json(&site);
    let postgres = json["options"][0]["values"].clone();
    assert_eq!(
        postgres["hosted"],
        json!(true),
        "other values are the option file's"
    );
}

#[test]
fn errors_in_a_ratings_file_point_at_the_text() {
    let site = rated(&[(
        "alice",
        "[postgress]\nlearning_curve = 4\n\n[sqlite]\nlerning_curve = 3\nlicense = \"MIT\"\n\n\
         [postgres]\nlearning_curve = { score = 9, why = \"Too easy.\" }\nhosted = 2\n",
    )]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn a_ratings_file_that_is_not_tables_of_scores_or_is_named_author() {
    let site = rated(&[("bob", "postgres = 4\n[sqlite]\nlearning_curve = \"high\"\n")]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    let site = rated(&[("author", "[postgres]\nlearning_curve = 4\n")]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("named_author", out.stderr);
    let site = rated(&[("carol", "[postgres\nlearning_curve = 4\n")]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("broken_toml", out.stderr);
}
