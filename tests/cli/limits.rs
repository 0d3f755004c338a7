//! Input at the edges: the cap on printed problems, slugs no file system or Windows accepts,
//! NUL characters, a site of one option, an `init --repo` that is not https.

use crate::support::SiteTest;

#[test]
fn at_most_fifty_problems_of_a_file_are_printed_and_the_rest_counted() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/links.md",
        format!(
            "+++\ntitle = \"Links\"\nlicense = \"GPL\"\n+++\n{}\n",
            "[a](#nowhere) ".repeat(60)
        ),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.matches("error: broken link").count(), 50);
    assert!(
        out.stderr.ends_with(
            "note: 10 more problems in content/links.md are not shown (at most 50 a file)\nfailed: 60 errors\n"
        ),
        "{}",
        out.stderr
    );
    let json = site.run(&["check", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(all.as_array().map(Vec::len), Some(60), "JSON has them all");
}

#[test]
fn check_refuses_a_slug_too_long_for_a_folder_name_where_it_is_set() {
    let site = SiteTest::fixture("minimal");
    let slug = "a".repeat(300);
    site.write(
        "content/long.md",
        format!("+++\ntitle = \"Long\"\nslug = \"{slug}\"\nlicense = \"GPL\"\n+++\n"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let shown = out.stderr.replace(&slug, "a…a");
    assert!(
        shown.starts_with(
            "error: `a…a` cannot be a page's folder: it is 300 bytes long, and file systems allow 255\n --> content/long.md:3:8\n"
        ),
        "{shown}"
    );
    assert!(shown.contains("help: choose another slug"), "{shown}");
}

#[test]
fn names_windows_reserves_are_refused_as_slugs() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/con.md",
        "+++\ntitle = \"Con\"\nlicense = \"GPL\"\n+++\n",
    );
    site.write(
        "content/printer.md",
        "+++\ntitle = \"Printer\"\nslug = \"lpt1\"\nlicense = \"GPL\"\n+++\n",
    );
    site.write(
        "content/com10.md",
        "+++\ntitle = \"Fine\"\nlicense = \"GPL\"\n+++\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr, @r#"
    error: `con` cannot be a page's folder: Windows reserves this name, so the site could not be checked out there
     --> content/con.md:1:1
      |
    1 | +++
      | ^^^ the slug comes from the file name
      |
    help: choose another file name

    error: `lpt1` cannot be a page's folder: Windows reserves this name, so the site could not be checked out there
     --> content/printer.md:3:8
      |
    3 | slug = "lpt1"
      |        ^^^^^^ set here
      |
    help: choose another slug

    failed: 2 errors
    "#);
}

#[test]
fn nul_characters_reach_pages_as_the_replacement_character() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\n+++\nBefore\0after.\n",
    );
    site.build_ok();
    let page = site.read("public/options/sqlite/index.html");
    assert!(page.contains("Before\u{FFFD}after."), "{page}");
    assert!(!page.contains('\0'));
}

#[test]
fn a_site_of_one_option_does_not_offer_to_compare_all_1_options() {
    let site = SiteTest::fixture("minimal");
    site.remove("content/sqlite.md");
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"PostgreSQL\"\n+++\nThe only one.\n",
    );
    site.build_ok();
    let landing = site.read("public/index.html");
    assert!(
        landing.contains("See the one option in the matrix"),
        "{landing}"
    );
    assert!(!landing.contains("Compare all 1 options"));
}

#[test]
fn init_refuses_a_repository_that_is_not_https() {
    let site = SiteTest::empty();
    for url in [
        "http://github.com/example/tradeoff",
        "git://github.com/example/tradeoff",
    ] {
        let out = site.run(&["init", "--repo", url]);
        assert_eq!(out.code, 2, "{url}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("expected an https:// URL of a public repository"),
            "{}",
            out.stderr
        );
        assert!(!site.exists("site.toml"), "nothing written");
    }
}

#[test]
fn a_misspelt_template_override_is_pointed_out() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/optoin.html", "{% extends \"base.html\" %}\n");
    site.write("templates/partials/mine.html", "<p>mine</p>\n");
    // A partial of the site's own that one of its templates includes is no misspelling.
    let card = format!(
        "{}{{% include \"partials/mine.html\" %}}\n",
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/card.html")
        )
        .expect("the theme's card")
    );
    site.write("templates/partials/card.html", card);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr, @r"
    warning: templates/optoin.html replaces no built-in template, and no template uses it
      |
      = note: in templates/optoin.html
    help: did you mean `templates/option.html`? A template replaces the built-in one of the same name

    checked 2 options, 5 pages: no errors, 1 warning ([TIME])
    ");
}

/// A template whose loops would run 10^10 times.
pub(crate) const RUNAWAY_TEMPLATE: &str = "{% extends \"base.html\" %}{% block main %}\n{% for a in range(end=100000) %}{% for b in range(end=100000) %}{{ b }}{% endfor %}{% endfor %}\n{% endblock main %}\n";

#[test]
fn a_template_that_loops_ten_billion_times_stops_with_an_error_at_its_loop() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    let before = site.tree("public");
    site.write("templates/option.html", RUNAWAY_TEMPLATE);
    let started = std::time::Instant::now();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "stopped in {:?}",
        started.elapsed()
    );
    assert!(
        out.stderr
            .starts_with("error: template error\n --> templates/option.html:2:45\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("rendering stopped: it took more than 10,000,000 steps"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("help: look for a loop that runs too long"),
        "{}",
        out.stderr
    );
    assert_eq!(site.tree("public"), before, "the last build stays");
}

#[test]
fn a_template_that_writes_without_end_stops_with_an_error_naming_it() {
    let site = SiteTest::fixture("minimal");
    // A loop over a list made once writes at every step: the bound is met in writing.
    site.write(
        "templates/option.html",
        "{% extends \"base.html\" %}{% block main %}{% set r = range(end=100000) %}{% for a in r %}{% for b in r %}.{% endfor %}{% endfor %}{% endblock main %}\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(
            "error: rendering stopped: it took more than 10,000,000 steps (pieces written, numbers made by range())\n  |\n  = note: in templates/option.html\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_criterion_cannot_take_the_name_of_a_column_matrix_csv_has() {
    let site = SiteTest::fixture("minimal");
    let toml = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{toml}\n[[criteria]]\nkey = \"url\"\nkind = \"text\"\n\n[[criteria]]\nkey = \"learning_curve_why\"\nkind = \"text\"\n"
        ),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr, @r#"
    error: `url` is a column matrix.csv always has
      --> site.toml:28:7
       |
    28 | key = "url"
       |       ^^^^^ a criterion cannot use this key
       |
    help: choose another key; matrix.csv's own columns: rank, total, rated, scored, total_low, total_high, slug, title, subtitle, url, best_for, pros, cons, reviewed

    error: `learning_curve_why` is the column of `learning_curve`'s reasons in matrix.csv
      --> site.toml:32:7
       |
    32 | key = "learning_curve_why"
       |       ^^^^^^^^^^^^^^^^^^^^ a criterion cannot use this key
       |
    help: choose another key: every score criterion's `why` is exported as `<key>_why`

    failed: 2 errors
    "#);
}
