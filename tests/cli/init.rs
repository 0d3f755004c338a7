//! `tradeoff init`: a site that builds at once, at the root and under a GitHub Pages subpath,
//! with a workflow that installs tradeoff; nothing that exists is ever replaced.

use crate::support::SiteTest;

const FILES: &[&str] = &[
    "site.toml",
    "content/_index.md",
    "content/example.md",
    ".gitignore",
    ".github/workflows/pages.yml",
];

#[test]
fn a_new_site_builds_at_once_at_the_root_and_under_a_subpath() {
    let site = SiteTest::empty();
    let out = site.run(&[
        "init",
        "pick-a-database",
        "--repo",
        "https://github.com/example/tradeoff",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr);
    for file in FILES {
        assert!(site.exists(&format!("pick-a-database/{file}")), "{file}");
    }
    assert!(
        site.read("pick-a-database/site.toml")
            .contains("title = \"Pick a database\"")
    );
    let workflow = site.read("pick-a-database/.github/workflows/pages.yml");
    assert!(
        workflow.contains("TRADEOFF_GIT: \"https://github.com/example/tradeoff\""),
        "{workflow}"
    );
    assert_eq!(
        site.read("pick-a-database/.gitignore").lines().last(),
        Some("/public/")
    );

    let build = site.run(&["build", "--root", "pick-a-database"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.starts_with("built 1 option, 4 pages"),
        "{}",
        build.stderr
    );
    let check = site.run(&[
        "check",
        "--root",
        "pick-a-database",
        "--base-url",
        "https://example.github.io/pick-a-database/",
    ]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("no errors"), "{}", check.stderr);
}

#[test]
fn init_in_the_current_folder_and_from_the_environment() {
    let site = SiteTest::empty();
    site.write("README.md", "A repository that already has files.\n");
    let out = site.run_with_env(&["init"], &[("TRADEOFF_REPO", "https://example.org/t.git")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("created a site:\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("next: `tradeoff build`"),
        "{}",
        out.stderr
    );
    assert!(
        site.read(".github/workflows/pages.yml")
            .contains("TRADEOFF_GIT: \"https://example.org/t.git\"")
    );
    assert_eq!(
        site.read("README.md"),
        "A repository that already has files.\n"
    );
    site.build_ok();
}

#[test]
fn without_a_known_repository_the_workflow_is_marked_for_editing() {
    let site = SiteTest::empty();
    let out = site.run(&["init", "--root", "decision"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let workflow = site.read("decision/.github/workflows/pages.yml");
    let built_with = env!("CARGO_PKG_REPOSITORY");
    if built_with.is_empty() {
        insta::assert_snapshot!(out.stderr);
        assert!(workflow.contains("TRADEOFF_GIT: \"https://github.com/OWNER/tradeoff\""));
    } else {
        assert!(workflow.contains(built_with), "{workflow}");
    }
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let site = SiteTest::empty();
    site.write("site.toml", "title = \"Mine\"\n");
    site.write("content/example.md", "mine\n");
    let out = site.run(&["init", "--repo", "https://github.com/example/tradeoff"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert_eq!(site.read("site.toml"), "title = \"Mine\"\n");
    assert_eq!(site.read("content/example.md"), "mine\n");
    assert!(
        !site.exists("content/_index.md"),
        "nothing is written when anything would be replaced"
    );
    assert!(!site.exists(".github"));
    assert!(!site.exists(".gitignore"));
}

#[test]
fn keeps_a_repository_s_own_gitignore() {
    let site = SiteTest::empty();
    site.write(".gitignore", "target/\n");
    let out = site.run(&["init", "--repo", "https://github.com/example/tradeoff"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(site.read(".gitignore"), "target/\n");
    assert!(
        out.stderr
            .contains("\nkept the existing .gitignore: add the line `/public/` to it\n"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("  .gitignore\n"), "{}", out.stderr);
    site.write(".gitignore", "target/\n/public\n");
    site.remove("site.toml");
    site.remove("content/_index.md");
    site.remove("content/example.md");
    site.remove("content/ratings/your-name.toml");
    site.remove(".github/workflows/pages.yml");
    let again = site.run(&["init", "--repo", "https://github.com/example/tradeoff"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stderr.contains(".gitignore"), "{}", again.stderr);
}

#[test]
fn an_invalid_repository_url_is_a_usage_error() {
    let site = SiteTest::empty();
    let out = site.run(&["init", "--repo", "github.com/example/tradeoff"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
    assert!(!site.exists("site.toml"));
}

#[test]
fn this_repository_publishes_its_example_site_the_same_way() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml");
    let workflow = std::fs::read_to_string(path).expect("the repository has a Pages workflow");
    for event in saphyr_parser::Parser::new_from_str(&workflow) {
        if let Err(err) = event {
            panic!("the workflow is not valid YAML: {err}");
        }
    }
    for needed in [
        "actions/configure-pages@",
        "BASE_URL: ${{ steps.pages.outputs.base_url }}",
        "cargo run --release --locked -- check --base-url \"$BASE_URL\"",
        "cargo run --release --locked -- build --base-url \"$BASE_URL\"",
        "actions/upload-pages-artifact@",
        "path: public",
        "actions/deploy-pages@",
        "pages: write",
        "id-token: write",
    ] {
        assert!(workflow.contains(needed), "the workflow lacks {needed}");
    }
}
