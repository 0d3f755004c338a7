//! Bad input: every case gets file:line:column, the offending text and what was expected,
//! all errors of a run at once, exit code 1. The full error text is snapshotted.

use crate::support::{Outcome, SiteTest};

fn fails(site: &SiteTest) -> Outcome {
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "expected a failed build:\n{}", out.stderr);
    assert!(!site.exists("public"), "a failed build writes nothing");
    out
}

fn option_file(site: &SiteTest, text: &str) -> Outcome {
    site.write("content/sqlite.md", text);
    fails(site)
}

#[test]
fn malformed_toml() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(&site, "+++\ntitle = \"SQLite\nlicense = \"MIT\"\n+++\n");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn missing_front_matter() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(&site, "# SQLite\n\nNo front matter here.\n");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn unclosed_front_matter() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(
        &site,
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\n\nBody text\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn yaml_front_matter() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(&site, "---\ntitle: SQLite\n---\n");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn wrong_types() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(
        &site,
        "+++\ntitle = 42\nlicense = \"GPL\"\nhosted = \"yes\"\npros = \"just one\"\ncons = [\"fine\", 3]\ndrivers = { rust = true }\n+++\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn score_off_its_scale_and_malformed_scores() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\nlearning_curve = { score = 4, why = \"ok\", because = \"typo\" }\n+++\n",
    );
    let out = option_file(
        &site,
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\nlearning_curve = 7\n+++\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn unknown_field_suggests_the_closest() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(
        &site,
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domian\"\nlerning_curve = 4\ncolour = \"blue\"\n+++\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn missing_required_values() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(&site, "+++\npros = [\"\"]\n+++\n");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn duplicate_slug() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/SQLite.md",
        "+++\ntitle = \"SQLite again\"\nlicense = \"GPL\"\n+++\n",
    );
    site.write(
        "content/lite.md",
        "+++\ntitle = \"Lite\"\nslug = \"postgres\"\nlicense = \"GPL\"\n+++\n",
    );
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn broken_links_and_anchors() {
    let site = SiteTest::fixture("minimal");
    let out = option_file(
        &site,
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\n+++\n## Notes\n\nSee [pg](postgress.md), [pros](postgres.md#prose), \
         [here](#nots) and [home](_index.md#nowhere).\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn template_errors_point_into_the_template() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    site.write("templates/option.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ candidate.nmae }}\n{% endblock main %}\n");
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}ok{% endblock main %}",
    );
    let out = fails(&site);
    insta::assert_snapshot!("template_render_error", out.stderr);
}

#[test]
fn file_that_is_not_utf8() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        b"+++\ntitle = \"Caf\xE9\"\nlicense = \"GPL\"\n+++\n".as_slice(),
    );
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn broken_site_toml_still_reports_broken_options() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "site.toml",
        "titel = \"x\"\nbase_url = \"user.github.io\"\n[[criteria]]\nkey = \"Learning Curve\"\nkind = \"scroe\"\n\
         [[criteria]]\nkey = \"pros\"\nkind = \"list\"\n[[criteria]]\nkey = \"cost\"\nkind = \"score\"\nmin = 5\nmax = 1\nbetter = \"more\"\n",
    );
    site.write("content/sqlite.md", "+++\ntitle = \"SQLite\n+++\n");
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn missing_site_toml() {
    let site = SiteTest::fixture("minimal");
    site.remove("site.toml");
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn static_file_colliding_with_a_page() {
    let site = SiteTest::fixture("minimal");
    site.write("static/matrix.json", "{}");
    // A file where the build needs a folder, too; `check` finds both.
    site.write("static/options", "not a folder");
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert_eq!(check.stderr, out.stderr);
}

#[test]
fn all_errors_of_all_files_at_once_sorted() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/b.md",
        "+++\ntitle = \"B\"\nlicense = \"GPL\"\nhosted = 1\n+++\n",
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\nlicense = \"MTI\"\n+++\n[x](nope.md)\n",
    );
    site.write("content/c.md", "no front matter\n");
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stderr, out.stderr,
        "check reports exactly what build reports"
    );
}

#[test]
fn warnings_do_not_fail_the_build() {
    let site = SiteTest::fixture("minimal");
    site.write("content/drafts/idea.md", "+++\ntitle = \"Idea\"\n+++\n");
    site.write("content/.sqlite.md.swp", "editor junk");
    site.write("content/sqlite.md~", "backup");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn links_to_files_the_site_does_not_publish() {
    let site = SiteTest::fixture("minimal");
    site.write("static/logo.png", b"png".as_slice());
    let out = option_file(
        &site,
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\n+++\nSee ![logo](logo.png), [config](../site.toml), \
         [img](../static/img/missing.svg) and [secret](../../../../etc/passwd).\n\n\
         <p>Raw: <a href=\"../../nowhere/\">nowhere</a>, <a href=\"../postgres/#nope\">pg</a>, \
         [absolute](/logo.png), [gone](/gone.html).</p>\n",
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn one_broken_file_does_not_hide_the_others_problems() {
    let site = SiteTest::fixture("minimal");
    // A front-matter error in one file, a broken link in another (to the broken file, which
    // is trusted, and to a missing one), and a template that fails on one page only.
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\nlearning_curve = 9\n+++\n## Notes\n\nUnlike [Oracle](oracle.md).\n",
    );
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\n+++\nSee [SQLite](sqlite.md#notes) and [MySQL](mysql.md).\n",
    );
    site.write(
        "templates/option.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ candidate.nmae }}\n{% endblock main %}\n",
    );
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
    // With a template that does not load, the Markdown links are still checked.
    site.write("templates/option.html", "{% if %}\n");
    let out = fails(&site);
    assert!(
        out.stderr.contains("content/sqlite.md:4:18"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("templates/option.html:1"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("`mysql.md` is not a file"),
        "{}",
        out.stderr
    );
}

#[test]
fn broken_links_made_by_templates_and_static_pages() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p><a href=\"{{ site.urls.home }}abuot/\">About</a>\n\
         <a href=\"{{ site.urls.matrix }}#no-such-id\">Matrix</a></p>\n{% endblock main %}\n",
    );
    site.write(
        "templates/partials/card.html",
        "<li><a href=\"../elsewhere/\">{{ candidate.title }}</a></li>\n",
    );
    site.write(
        "static/about/index.html",
        "<p><a href=\"../help/\">Help</a></p>\n",
    );
    let out = fails(&site);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn check_reports_base_path_mistakes_with_the_other_errors() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\nlearning_curve = 9\n+++\n",
    );
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\n+++\nSee [the matrix](/matrix/).\n",
    );
    let out = site.run(&["check", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("content/sqlite.md:4:18"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`/matrix/` ignores the base path /repo/"),
        "{}",
        out.stderr
    );
}

#[test]
fn links_by_url_to_pages_that_failed_are_not_reported_too() {
    let site = SiteTest::fixture("minimal");
    // sqlite.md has an error of its own (and a slug of its own); postgres links to its page
    // by URL, two ways.
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nslug = \"lite\"\nlicense = \"GPL\"\nlearning_curve = 9\n+++\n## Notes\n",
    );
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\n+++\nSee [it](../lite/#notes), [again](/options/lite/) \
         and [home](../../).\n",
    );
    // The landing page's template fails; links to it hold.
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope.x }}{% endblock main %}",
    );
    // A broken link in content does not hide one in a static page.
    site.write("static/about.html", "<p><a href=\"zz.html\">gone</a></p>\n");
    let out = fails(&site);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(errors.len(), 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/sqlite.md:5:18"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("templates/index.html"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("static/about.html:1:13"),
        "{}",
        out.stderr
    );
}
