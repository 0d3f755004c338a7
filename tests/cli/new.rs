//! `tradeoff new`: an option file with every criterion stubbed; a build right after either
//! succeeds or names exactly what is left to fill in; existing files are never replaced.

use crate::support::SiteTest;

#[test]
fn stubs_every_criterion_and_the_site_still_builds() {
    let site = SiteTest::example();
    let out = site.run(&["new", "Ruby on Rails"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("new_stderr", out.stderr);
    let text = site.read("content/ruby-on-rails.md");
    insta::assert_snapshot!("new_rails_file", text);
    let built = site.build_ok();
    assert!(
        built.stderr.starts_with("built 7 options"),
        "{}",
        built.stderr
    );
    assert!(site.exists("public/options/ruby-on-rails/index.html"));
}

#[test]
fn a_build_right_after_names_each_required_criterion_at_its_stub() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["new", "MySQL"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "created content/mysql.md: fill in its 4 criteria; required: license, then run `tradeoff build`\n"
    );
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    insta::assert_snapshot!(build.stderr);
}

#[test]
fn refuses_to_overwrite_an_existing_option() {
    let site = SiteTest::example();
    let before = site.read("content/flask.md");
    let out = site.run(&["new", "Flask"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert_eq!(site.read("content/flask.md"), before);
}

#[test]
fn a_name_without_letters_is_a_usage_error() {
    let site = SiteTest::example();
    let out = site.run(&["new", "???"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn needs_a_site() {
    let site = SiteTest::empty();
    let out = site.run(&["new", "Flask"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert!(!site.exists("content"));
}
