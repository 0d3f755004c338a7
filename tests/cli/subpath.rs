//! Subpath safety: a root-absolute URL that ignores the base path is a warning in `build` and
//! an error in `check`, placed at the Markdown link, static file or output line it comes from.

use crate::support::SiteTest;

const SUBPATH: &str = "https://user.github.io/repo/";

#[test]
fn the_example_site_is_clean_under_a_subpath() {
    let site = SiteTest::example();
    let build = site.run(&["build", "--base-url", SUBPATH]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.starts_with("built 6 options"),
        "{}",
        build.stderr
    );
    assert_eq!(
        build.stderr.lines().count(),
        1,
        "no warnings:\n{}",
        build.stderr
    );
    let check = site.run(&["check", "--base-url", SUBPATH]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

fn site_with_root_absolute_urls() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\n+++\nSee [the matrix](/matrix/) and\n![a diagram](/img/diagram.png).\n\n<p>Raw: <a href=\"/options/postgres/\">PostgreSQL</a></p>\n",
    );
    site.write("static/img/diagram.png", "not really a png");
    site.write(
        "static/about/index.html",
        "<!DOCTYPE html><title>About</title><p>Us.</p>\n",
    );
    site.write(
        "static/css/extra.css",
        "/* extra */\nbody {\n  background: url(\"/img/diagram.png\");\n}\n",
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>Lost</h1>\n<p><a href=\"/\">Home</a></p>\n{% endblock main %}\n",
    );
    site.write(
        "templates/option.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ candidate.title }}</h1>\n<a href=\"/about/\">About</a>\n<div id=\"notes\">{{ body.html | safe }}</div>\n{% endblock main %}\n",
    );
    site
}

#[test]
fn build_warns_and_still_writes() {
    let site = site_with_root_absolute_urls();
    let out = site.run(&["build", "--base-url", SUBPATH]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr);
    assert!(site.exists("public/options/sqlite/index.html"));
}

#[test]
fn check_fails_naming_each_place() {
    let site = site_with_root_absolute_urls();
    let out = site.run(&["check", "--base-url", SUBPATH]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert!(!site.exists("public"));
}

#[test]
fn at_the_domain_root_nothing_escapes() {
    let site = site_with_root_absolute_urls();
    let out = site.run(&["check", "--base-url", "https://decide.example.org/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}
