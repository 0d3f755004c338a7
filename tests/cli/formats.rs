//! `--format json` and `--format github`: the diagnostics CI and editors read, on stdout, with
//! the human summary line still on stderr.

use crate::support::SiteTest;

/// The `minimal` fixture with a misspelt field, a value of the wrong type and broken links in
/// a file whose name holds the characters GitHub's properties escape (`%`, `,`, `:`).
fn broken_site() -> SiteTest {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlisence = \"GPL\"\nlicense = 3\n+++\n",
    );
    site.write(
        "content/100%,a:b.md",
        "+++\ntitle = \"Odd\"\nlicense = \"GPL\"\n\"100%\" = 1\n+++\nSee [x](#nowhere).\n",
    );
    site
}

#[test]
fn check_prints_every_diagnostic_as_one_json_array() {
    let site = broken_site();
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr, "failed: 3 errors\n",
        "only the count, for people"
    );
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    assert_eq!(parsed.as_array().map(Vec::len), Some(3));
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn check_prints_github_annotations_with_their_escapes() {
    let site = broken_site();
    let out = site.run(&["check", "--format", "github"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "failed: 3 errors\n");
    insta::assert_snapshot!(out.stdout, @r"
    ::error file=content/100%25%2Ca%3Ab.md,line=4,col=1,endLine=4,endColumn=7,title=unknown-key::unknown field `100%25`%0Anot a field of an option's front matter%0Ahelp: known fields: slug, title, subtitle, order, best_for, pros, cons, reviewed, license, learning_curve, hosted, drivers
    ::error file=content/sqlite.md,line=3,col=1,endLine=3,endColumn=8,title=unknown-key::unknown field `lisence`%0Anot a field of an option's front matter%0Ahelp: known fields: slug, title, subtitle, order, best_for, pros, cons, reviewed, license, learning_curve, hosted, drivers
    ::error file=content/sqlite.md,line=4,col=11,endLine=4,endColumn=12,title=wrong-type::`license` must be a string%0Aexpected a string, found an integer
    ");
}

#[test]
fn files_are_named_from_where_tradeoff_runs() {
    let site = broken_site();
    let parent = site.root.parent().expect("temporary folder");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["check", "--root", "site", "--format", "github"])
        .current_dir(parent)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error file=site/content/sqlite.md,line=3,col=1,"),
        "{stdout}"
    );
}

#[test]
fn a_clean_site_gives_an_empty_array_and_the_summary() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "[]\n");
    assert!(
        out.stderr.starts_with("checked 2 options"),
        "{}",
        out.stderr
    );
    let out = site.run(&["build", "--format", "github"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(site.exists("public/index.html"));
}

#[test]
fn build_prints_its_errors_in_the_format_asked_for_too() {
    let site = broken_site();
    let out = site.run(&["build", "--format", "json"]);
    assert_eq!(out.code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout).expect("stdout is JSON");
    let messages: Vec<&str> = parsed
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"unknown field `lisence`"),
        "{messages:?}"
    );
    assert!(!site.exists("public"), "a failed build writes nothing");
}
