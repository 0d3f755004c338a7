//! Successful builds: output layout, determinism, safety of the output folder, subpaths.

use crate::support::{SiteTest, unescape};

#[test]
fn builds_every_page_and_export_with_a_summary_line() {
    let site = SiteTest::fixture("minimal");
    let out = site.build_ok();
    assert_eq!(
        out.stderr,
        "built 2 options, 5 pages (30 files) in [TIME] → public\n"
    );
    assert_eq!(out.stdout, "", "diagnostics and summaries go to stderr");
    for path in [
        "public/index.html",
        "public/matrix/index.html",
        "public/options/postgres/index.html",
        "public/options/sqlite/index.html",
        "public/404.html",
        "public/matrix.json",
        "public/matrix.csv",
        "public/matrix/rows.json",
        "public/matrix/rows/0.json",
        "public/sitemap.xml",
        "public/robots.txt",
        "public/.nojekyll",
        "public/css/style.css",
        "public/js/search.js",
        "public/search/index.json",
        "public/search/docs/0.json",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    assert!(!site.exists("public/CNAME"), "no CNAME unless configured");
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/options/sqlite/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::example();
    site.run(&["build", "--output", "one"]);
    site.run(&["build", "--output", "two"]);
    let one = site.tree("one");
    assert!(one.len() > 10);
    assert_eq!(one, site.tree("two"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    let before = site.tree("public");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = 3\n+++\n",
    );
    site.write(
        "content/new.md",
        "+++\ntitle = \"New\"\nlicense = \"GPL\"\n+++\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        site.tree("public"),
        before,
        "the old site must stay as it was"
    );
}

#[test]
fn refuses_an_output_folder_with_foreign_files_and_keeps_them() {
    let site = SiteTest::fixture("minimal");
    site.write("public/holiday.jpg", "not ours");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr, @r"
    error: refusing to write into public: it holds files tradeoff did not write, such as public/holiday.jpg
      |
    help: tradeoff replaces its output folder's contents; choose an empty or new folder with --output, or empty this one yourself

    failed: 1 error
    ");
    assert_eq!(site.read("public/holiday.jpg"), "not ours");
    assert!(!site.exists("public/index.html"));
}

#[test]
fn refuses_to_build_into_the_site_itself() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["build", "--output", "."]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("refusing to write into ."),
        "{}",
        out.stderr
    );
    assert!(!site.exists("index.html"));
}

#[test]
fn removes_pages_of_deleted_options_on_rebuild() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"PostgreSQL\"\n+++\n",
    );
    site.remove("content/sqlite.md");
    site.build_ok();
    assert!(
        !site.exists("public/options/sqlite"),
        "stale page folder removed"
    );
    assert!(site.exists("public/options/postgres/index.html"));
}

#[test]
fn a_subpath_base_url_prefixes_every_internal_link() {
    let site = SiteTest::example();
    let out = site.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (path, bytes) in site.tree("public") {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf-8");
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let url = &html[i + attr.len()..];
                let url = &url[..url.find('"').expect("closed attribute")];
                if url.starts_with('/') {
                    assert!(
                        url.starts_with("/repo/"),
                        "{path}: {url} ignores the base path"
                    );
                }
            }
        }
    }
    let flask = site.read("public/options/flask/index.html");
    assert!(
        flask.contains(
            r#"<link rel="canonical" href="https://user.github.io/repo/options/flask/">"#
        )
    );
    assert!(
        flask.contains(r#"href="/repo/options/fastapi/#pros""#),
        "content links follow the base path"
    );
}

#[test]
fn writes_cname_when_configured() {
    let site = SiteTest::fixture("minimal");
    let config = site
        .read("site.toml")
        .replace("base_url", "cname = \"Decide.Example.org\"\nbase_url");
    site.write("site.toml", config);
    site.build_ok();
    assert_eq!(site.read("public/CNAME"), "decide.example.org\n");
}

#[test]
fn text_from_front_matter_is_escaped() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/evil.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\nlicense = \"GPL\"\nbest_for = \"a & b <i>\"\n+++\nBody\n",
    );
    site.build_ok();
    let page = site.read("public/options/evil/index.html");
    assert!(!page.contains("<script>alert"), "raw script tag in output");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("a &amp; b &lt;i&gt;"));
    let matrix = site.read("public/matrix/index.html");
    assert!(!matrix.contains("<script>alert"));
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_work() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/crlf.md",
        "\u{FEFF}+++\r\ntitle = \"Windows\"\r\nlicense = \"GPL\"\r\npros = [\"Saved in Notepad\"]\r\n+++\r\n## Heading\r\n\r\nText.\r\n",
    );
    site.build_ok();
    let page = site.read("public/options/crlf/index.html");
    assert!(page.contains("<h1>Windows</h1>"), "{page}");
    assert!(page.contains("<li>Saved in Notepad</li>"));
    assert!(page.contains(r#"<h2 id="heading">Heading</h2>"#));
}

#[test]
fn builds_without_any_templates_or_static_folder_of_its_own() {
    let site = SiteTest::fixture("minimal");
    assert!(!site.exists("templates") && !site.exists("static"));
    site.build_ok();
    assert!(
        site.read("public/index.html")
            .contains("<h1>Pick a database</h1>")
    );
}

#[test]
fn a_template_in_the_site_overrides_the_built_in_one() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost? {{ site.title }}</h1>{% endblock main %}",
    );
    site.build_ok();
    assert!(
        site.read("public/404.html")
            .contains("<h1>Lost? Pick a database</h1>")
    );
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "checked 2 options, 5 pages: no errors ([TIME])\n"
    );
    assert!(!site.exists("public"));
}

#[test]
fn usage_errors_exit_with_2() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["build", "--frobnicate"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unexpected argument '--frobnicate'"),
        "{}",
        out.stderr
    );
    let out = site.run(&["check", "--root", "/nonexistent/site"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("invalid --root `/nonexistent/site`: it does not exist"),
        "{}",
        out.stderr
    );
    let out = site.run(&["build", "--base-url", "ftp://x"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr, @r"
    error: invalid --base-url `ftp://x`
      |
      = note: expected an http or https URL, found a `ftp:` URL

    failed: 1 error
    ");
}

#[test]
fn root_flag_builds_another_folder() {
    let site = SiteTest::fixture("minimal");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["build", "--root"])
        .arg(&site.root)
        .current_dir(elsewhere.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        site.exists("public/index.html"),
        "output goes into the site's folder by default"
    );
}

#[test]
fn markdown_extensions_render() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\n+++\n\
         | a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^n]\n\n- [x] done\n\n[^n]: A footnote.\n",
    );
    site.build_ok();
    let page = unescape(&site.read("public/options/sqlite/index.html"));
    assert!(page.contains("<table>"), "tables");
    assert!(page.contains("<del>old</del>"), "strikethrough");
    assert!(page.contains("type=\"checkbox\""), "task lists");
    assert!(page.contains("A footnote."), "footnotes");
}

#[cfg(unix)]
#[test]
fn an_option_file_may_be_a_symbolic_link() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "shared/mysql.md",
        "+++\ntitle = \"MySQL\"\nlicense = \"GPL\"\n+++\nKept in another folder.\n",
    );
    std::os::unix::fs::symlink(
        site.root.join("shared/mysql.md"),
        site.root.join("content/mysql.md"),
    )
    .expect("symlink");
    // Static files and folders may be links too.
    site.write(
        "shared/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("shared/fonts/a.woff2", "font");
    std::fs::create_dir_all(site.root.join("static")).expect("static folder");
    std::os::unix::fs::symlink(
        site.root.join("shared/logo.svg"),
        site.root.join("static/logo.svg"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(
        site.root.join("shared/fonts"),
        site.root.join("static/fonts"),
    )
    .expect("symlink");
    site.build_ok();
    assert!(
        site.read("public/options/mysql/index.html")
            .contains("Kept in another folder.")
    );
    assert!(site.read("public/logo.svg").starts_with("<svg"));
    assert_eq!(site.read("public/fonts/a.woff2"), "font");
}

#[test]
fn refuses_an_output_folder_inside_the_site_s_inputs() {
    let site = SiteTest::fixture("minimal");
    for output in ["templates", "static/sub", "content/out"] {
        let out = site.run(&["build", "--output", output]);
        assert_eq!(out.code, 1, "{output}: {}", out.stderr);
        assert!(
            out.stderr.contains("which the build reads"),
            "{output}: {}",
            out.stderr
        );
        assert!(!site.exists(output), "{output} must not be created");
    }
}

#[test]
fn images_and_files_in_static_are_linked_under_the_base_path() {
    let site = SiteTest::fixture("minimal");
    site.write("static/img/er diagram.png", b"\x89PNG fake".as_slice());
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"GPL\"\n+++\n## Notes\n\n\
         ![Schema](../static/img/er%20diagram.png) and the [matrix](../../matrix/#ranking).\n",
    );
    site.write(
        "content/_index.md",
        "Start at the [matrix](matrix/) or see ![the schema](img/er%20diagram.png).\n",
    );
    let out = site.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/options/sqlite/index.html");
    assert!(
        page.contains(r#"<img src="/repo/img/er%20diagram.png" alt="Schema""#),
        "{page}"
    );
    assert!(page.contains(r#"href="../../matrix/#ranking""#), "{page}");
    assert!(site.exists("public/img/er diagram.png"));
}

#[test]
fn option_files_may_end_in_upper_case_md_or_markdown() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "content/Redis.MD",
        "+++\ntitle = \"Redis\"\nlicense = \"GPL\"\n+++\nLike [SQLite](sqlite.md), see [notes](Notes.markdown).\n",
    );
    site.write(
        "content/Notes.markdown",
        "+++\ntitle = \"Notes\"\nlicense = \"GPL\"\n+++\nBack to [Redis](Redis.MD).\n",
    );
    site.build_ok();
    let redis = site.read("public/options/redis/index.html");
    assert!(redis.contains(r#"href="/options/notes/""#), "{redis}");
    let notes = site.read("public/options/notes/index.html");
    assert!(notes.contains(r#"href="/options/redis/""#), "{notes}");
}

#[test]
fn the_matrix_script_gets_statements_as_html_and_the_rows_past_the_page_s_from_the_site_s_partial()
{
    let site = SiteTest::fixture("minimal");
    // 1,000 options that rank first (as high as SQLite, and first in display order) push
    // PostgreSQL and SQLite past the page's 1,000 rows.
    for i in 0..1000 {
        site.write(
            &format!("content/extra-{i:04}.md"),
            format!(
                "+++\ntitle = \"Extra {i:04}\"\nlicense = \"GPL\"\nlearning_curve = 5\nbest_for = \"*small* sites\"\npros = [\"`fast`, ***both***\"]\n+++\n"
            ),
        );
    }
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/matrix-row.html"),
    )
    .expect("the built-in row template");
    assert!(built_in.starts_with("<tr data-slug="), "{built_in}");
    site.write(
        "templates/partials/matrix-row.html",
        built_in.replacen("<tr data-slug=", "<tr class=\"own-row\" data-slug=", 1),
    );
    site.build_ok();

    let page = site.read("public/matrix/index.html");
    assert_eq!(page.matches("<tr class=\"own-row\"").count(), 1000);
    assert!(
        page.contains(r#""rows_url":"/matrix/rows.json""#),
        "the page says where the rows file is"
    );
    assert!(
        page.contains(r#""chunks":["/matrix/rows/0.json","#)
            && page.contains(r#""/matrix/rows/10.json"]"#),
        "the page says where the rows' chunks are"
    );
    // The chunks, in order: 100 options each, the last the 2 left.
    let options: Vec<serde_json::Value> = (0..=10)
        .flat_map(|n| {
            let chunk: serde_json::Value =
                serde_json::from_str(&site.read(&format!("public/matrix/rows/{n}.json")))
                    .expect("a chunk is JSON");
            chunk["options"]
                .as_array()
                .expect("a list of options")
                .clone()
        })
        .collect();
    // The rows file: the page's rows by slug, the others as read from their rendered rows.
    let file: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix/rows.json")).expect("the rows file is JSON");
    assert_eq!(file["page"].as_array().map(Vec::len), Some(1000));
    assert_eq!(file["page"][0], "extra-0000");
    let rest = file["rows"].as_array().expect("the rows past the page's");
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0]["slug"], "sqlite");
    assert_eq!(rest[0]["href"], "/options/sqlite/");
    assert_eq!(
        rest[0]["cells"][0],
        serde_json::json!({"k": "title", "t": "SQLite", "a": "SQLite"}),
        "the name cell's text and its link's"
    );
    assert!(
        rest[0]["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .any(|c| c["k"] == "best_for" && c["m"] == true),
        "SQLite gives no best_for: its cell is marked missing"
    );
    let slugs: Vec<&str> = options
        .iter()
        .map(|o| o["slug"].as_str().expect("every option has a slug"))
        .collect();
    assert_eq!(slugs.len(), 1002);
    assert_eq!(
        slugs[..2],
        ["extra-0000", "extra-0001"],
        "the matrix's order: by total, ties in display order"
    );
    assert_eq!(slugs[1000..], ["sqlite", "postgres"]);
    assert_eq!(options[0]["best_for"], "<em>small</em> sites");
    assert_eq!(
        options[0]["pros"],
        serde_json::json!(["<code>fast</code>, <em><strong>both</strong></em>"])
    );
    assert_eq!(options[1000]["best_for"], serde_json::Value::Null);
    assert_eq!(options[1001]["cons"], serde_json::json!(["Vacuum tuning"]));
    assert!(
        options[..1000].iter().all(|o| o.get("row").is_none()),
        "the page holds these rows"
    );
    let sqlite_row = options[1000]["row"]
        .as_str()
        .expect("a row past the page's");
    assert!(
        sqlite_row.starts_with("<tr class=\"own-row\" data-slug=\"sqlite\" data-rank=\"1\">"),
        "rendered by the site's partial: {sqlite_row}"
    );

    // The same option among the page's rows: its <tr> there is the one in the rows file.
    site.write(
        "content/sqlite.md",
        site.read("content/sqlite.md")
            .replacen("+++\n", "+++\norder = 1\n", 1),
    );
    site.build_ok();
    let page = site.read("public/matrix/index.html");
    let start = page
        .find("<tr class=\"own-row\" data-slug=\"sqlite\"")
        .expect("SQLite is on the page now");
    let end = start + page[start..].find("</tr>").expect("the row ends") + "</tr>".len();
    assert_eq!(&page[start..end], sqlite_row.trim_end());
}

#[test]
fn a_large_site_s_landing_page_shows_its_best_ranked_hundred_and_points_to_the_matrix() {
    let site = SiteTest::fixture("minimal");
    // 150 options in display order, the later ones rated higher: the landing page's 100
    // cards are the best-ranked, not the first in the folder.
    for i in 0..150 {
        let score = 1 + i / 30;
        site.write(
            &format!("content/extra-{i:03}.md"),
            format!(
                "+++\ntitle = \"Extra {i:03}\"\nlicense = \"GPL\"\nlearning_curve = {score}\n+++\n"
            ),
        );
    }
    site.build_ok();
    let home = site.read("public/index.html");
    assert_eq!(home.matches("<li class=\"card\">").count(), 100, "{home}");
    assert!(
        home.contains("The 100 best-ranked of the 152 options under the default weights: <a href=\"/matrix/\">the matrix</a> ranks, filters and compares all of them."),
        "{home}"
    );
    assert!(home.contains("Compare all 152 options in the matrix"));
    // Rated 5: extra-120 … extra-149 come first, and no option rated 1 is among the cards.
    let first = home
        .find("/options/extra-120/")
        .expect("a top option's card");
    let later = home.find("/options/extra-090/").expect("a card rated 4");
    assert!(first < later, "best first");
    assert!(!home.contains("/options/extra-000/"), "{home}");

    // 100 options or fewer: every card, in display order, and no such sentence.
    let small = SiteTest::fixture("minimal");
    small.build_ok();
    let home = small.read("public/index.html");
    assert_eq!(home.matches("<li class=\"card\">").count(), 2);
    assert!(!home.contains("best-ranked"), "{home}");
}

#[test]
fn robots_txt_comes_from_its_template_which_a_site_overrides() {
    let site = SiteTest::fixture("minimal");
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\n{% if sitemap_url %}Sitemap: {{ sitemap_url }}\n{% endif %}",
    );
    site.build_ok();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn a_static_robots_txt_is_refused_with_help_that_names_its_template() {
    let site = SiteTest::fixture("minimal");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!(out.stderr, @r"
    error: static/robots.txt is in the way of a page or file tradeoff generates
      |
      = note: in static/robots.txt
    help: to change it, put its template in templates/robots.txt instead (see the README)

    failed: 1 error
    ");
}

#[test]
fn static_files_named_like_editors_files_are_left_out_with_a_warning_each() {
    let site = SiteTest::fixture("minimal");
    for name in [
        ".htaccess",
        "old.bak",
        "app.tmp.js",
        "#menu.css",
        "kept.css",
    ] {
        site.write(&format!("static/{name}"), "x");
    }
    // An editor's swap file, there while the file is open, is left out without a word.
    site.write("static/.kept.css.swp", "x");
    let out = site.build_ok();
    let warned: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warned,
        [
            "warning: static/#menu.css is not published: its name is taken for an editor's file",
            "warning: static/.htaccess is not published: its name is taken for an editor's file",
            "warning: static/app.tmp.js is not published: its name is taken for an editor's file",
            "warning: static/old.bak is not published: its name is taken for an editor's file",
        ],
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("rename it to publish it"),
        "{}",
        out.stderr
    );
    assert!(site.exists("public/kept.css"));
    for name in [
        ".htaccess",
        "old.bak",
        "app.tmp.js",
        "#menu.css",
        ".kept.css.swp",
    ] {
        assert!(
            !site.exists(&format!("public/{name}")),
            "{name} is left out"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_to_folders_outside_the_site_are_not_followed_and_said_so() {
    let site = SiteTest::fixture("minimal");
    std::os::unix::fs::symlink("/", site.root.join("content/everything")).expect("symlink");
    std::fs::create_dir_all(site.root.join("static")).expect("static folder");
    std::os::unix::fs::symlink("/", site.root.join("static/everything")).expect("symlink");
    let started = std::time::Instant::now();
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the file system is not walked ({:?})",
        started.elapsed()
    );
    for link in ["content/everything", "static/everything"] {
        assert!(
            out.stderr.contains(&format!(
                "warning: {link} is a symbolic link to a folder outside the site (/), which is not followed\n"
            )),
            "{}",
            out.stderr
        );
    }
}
