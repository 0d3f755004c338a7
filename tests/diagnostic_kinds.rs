//! Every diagnostic a build reports has a kind of its own: a site broken in many ways at once
//! gives no diagnostic of the catch-all kind, and the kinds are the ones its problems are.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use tradeoff::config::BaseUrl;
use tradeoff::diag::{Kind, Origin, Severity};
use tradeoff::pipeline::{self, Address, Request};
use tradeoff::project::Project;
use tradeoff::render::assets::AssetLinks;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
    fs::write(path, text).expect("write the file");
}

#[test]
fn a_site_broken_every_way_reports_each_problem_with_its_kind() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://u.github.io/repo/\"\n\
         [[criteria]]\nkey = \"speed\"\nkind = \"score\"\n\
         [[criteria]]\nkey = \"runtime\"\nkind = \"text\"\nvalues = [\"Python\"]\n",
    );
    write(
        root,
        "content/a.md",
        "+++\ntitel = \"A\"\nslug = \"Bad Slug\"\nspeed = \"fast\"\nruntime = \"Pyhton\"\n+++\n\
         See [it](nope.md), [b](b.md#nowhere) and [up](../../x.md).\n",
    );
    write(
        root,
        "content/b.md",
        "+++\ntitle = \"B\"\nspeed = 3\n+++\n## Pros {#pros}\n\n```pyhton\nx = 1\n```\n",
    );
    write(
        root,
        "content/c.md",
        "+++\ntitle = \"C\"\nslug = \"f\"\n+++\n",
    );
    write(root, "content/d.md", "no front matter\n");
    write(root, "content/e.md", "+++\ntitle = \n+++\n");
    write(root, "content/f.md", "+++\ntitle = \"F\"\nspeed = 9\n+++\n");
    write(root, "content/g.md", "+++\ntitle = \"G\"\n");
    write(root, "content/sub/h.md", "+++\ntitle = \"H\"\n+++\n");
    write(root, "content/i.md", "---\ntitle: I\n---\n");
    write(root, "static/matrix/index.html", "<p>in the way</p>\n");
    write(
        root,
        "static/page.html",
        "<a href=\"/matrix/\">matrix</a>\n",
    );
    fs::write(root.join("content/j.md"), b"+++\ntitle = \"\xff\"\n+++\n").expect("write");

    let project = Project::new(Some(root.to_path_buf()), None);
    let base = BaseUrl::parse("https://u.github.io/repo/").expect("a base URL");
    let run = pipeline::run_once(
        &project,
        &Request {
            address: Address::Published(Some(&base)),
            asset_links: AssetLinks::Hashed,
            subpath: Severity::Error,
            pages: Origin::Rendered,
            today: pipeline::today(),
            stop: None,
        },
    );
    let untyped: Vec<&str> = run
        .diagnostics
        .iter()
        .filter(|d| d.kind() == Kind::Other)
        .map(|d| d.message.as_str())
        .collect();
    assert!(untyped.is_empty(), "without a kind: {untyped:#?}");
    let kinds: BTreeSet<&str> = run.diagnostics.iter().map(|d| d.kind().code()).collect();
    let messages: Vec<(&str, &str)> = run
        .diagnostics
        .iter()
        .map(|d| (d.kind().code(), d.message.as_str()))
        .collect();
    for expected in [
        "unknown-key",
        "missing-key",
        "invalid-value",
        "wrong-type",
        "unknown-value",
        "off-scale",
        "duplicate-slug",
        "front-matter",
        "toml-syntax",
        "not-built",
        "not-utf8",
        "broken-link",
        "broken-anchor",
        "taken-id",
        "static-collision",
        "base-path",
        "unknown-language",
    ] {
        assert!(kinds.contains(expected), "{expected} in {messages:#?}");
    }
}
