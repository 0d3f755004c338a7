//! `tradeoff serve`, run for real on a free port: pages and files served from memory, edits
//! served and announced to open pages, broken edits shown in the page while the last good site
//! stays up, paths that leave the site refused, base paths, a clean stop.

use crate::support::{Server, SiteTest, served_version, unescape, wait_until};

const SQLITE: &str = "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\nlearning_curve = 5\npros = [\"No server\"]\nbest_for = \"BEST_FOR\"\n+++\n## Notes\n\nOne file. Compare with [PostgreSQL](postgres.md).\n";

fn sqlite(best_for: &str) -> String {
    SQLITE.replace("BEST_FOR", best_for)
}

/// An option template of the site's own, which the tests below replace.
const OWN_OPTION_TEMPLATE: &str = "{% extends \"base.html\" %}{% block main %}<h1>{{ candidate.title }}</h1><section id=\"notes\">{{ body.html | safe }}</section>{% endblock main %}\n";

fn serve_minimal(args: &[&str]) -> (SiteTest, Server) {
    let site = SiteTest::fixture("minimal");
    let server = site.serve(args);
    (site, server)
}

#[test]
fn serves_pages_and_files_with_their_types_and_the_404_page() {
    let (_site, server) = serve_minimal(&[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("<h1>Pick a database</h1>"),
        "{}",
        home.body
    );
    assert!(home.body.contains("src=\"/__tradeoff/live.js\""));

    for (path, kind) in [
        ("/options/sqlite/", "text/html; charset=utf-8"),
        ("/matrix.json", "application/json"),
        ("/matrix.csv", "text/csv; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/__tradeoff/live.js", "text/javascript; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
    }
    assert!(
        !server.get("/matrix.json").body.contains("__tradeoff"),
        "only HTML pages get the script"
    );

    let missing = server.get("/options/mongodb/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);

    let folder = server.get("/matrix");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/matrix/"));

    // Sitemaps and canonical links point at the server, not at the published site.
    assert!(
        server
            .get("/sitemap.xml")
            .body
            .contains(&format!("<loc>{}options/sqlite/</loc>", server.url))
    );
}

#[test]
fn an_edit_is_served_and_reloads_only_the_pages_it_changed() {
    let (site, server) = serve_minimal(&[]);
    let page = server.get("/options/sqlite/");
    let version = served_version(&page.body);
    let sqlite_events = server.events("/options/sqlite/", &version);
    let postgres_events = server.events("/options/postgres/", &version);
    let matrix_events = server.events("/matrix/", &version);

    site.save_by_rename(
        "content/sqlite.md",
        &sqlite("Apps that keep their data in one file"),
    );

    let page = server.get_until("/options/sqlite/", "the edit", |r| {
        r.body.contains("Apps that keep their data in one file")
    });
    assert_eq!(page.status, 200);
    assert!(
        sqlite_events.wait_for("event: reload"),
        "no reload event: {}",
        sqlite_events.text()
    );
    assert!(
        matrix_events.wait_for("event: reload"),
        "the matrix shows best_for"
    );
    for aggregate in ["/", "/matrix/", "/matrix.json", "/matrix.csv"] {
        assert!(
            server
                .get(aggregate)
                .body
                .contains("Apps that keep their data in one file"),
            "{aggregate} was not updated with the page"
        );
    }
    // The other option's page did not change, so it was not told to reload.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        !postgres_events.text().contains("event: reload"),
        "{}",
        postgres_events.text()
    );
    assert!(
        server.stderr().contains("content/sqlite.md: "),
        "the terminal names the change:\n{}",
        server.stderr()
    );
}

#[test]
fn a_broken_edit_shows_its_errors_in_the_page_until_fixed() {
    let (site, server) = serve_minimal(&[]);
    let version = served_version(&server.get("/options/postgres/").body);
    let events = server.events("/options/postgres/", &version);

    site.save_by_rename(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\nlearning_curve = 9\n+++\n",
    );
    let broken = server.get_until("/options/postgres/", "the error overlay", |r| {
        r.body.contains("id=\"tradeoff-overlay\"")
    });
    let text = unescape(&broken.body);
    assert!(
        text.contains("content/sqlite.md:4:18: error:"),
        "the overlay names the file, line and column:\n{text}"
    );
    assert!(
        text.contains("learning_curve = <mark>9</mark>"),
        "and shows the line, the value marked:\n{text}"
    );
    assert!(
        broken.body.contains("<h1>PostgreSQL"),
        "the last good page is still served under the overlay"
    );
    assert!(events.wait_for("event: errors"), "{}", events.text());
    assert!(
        server.stderr().contains("content/sqlite.md:4:18"),
        "the terminal shows the error too:\n{}",
        server.stderr()
    );

    // The server keeps answering.
    assert_eq!(server.get("/matrix.json").status, 200);
    assert_eq!(server.get("/options/sqlite/").status, 200);

    site.save_by_rename("content/sqlite.md", &sqlite("Fixed again"));
    let fixed = server.get_until("/options/sqlite/", "the fix", |r| {
        r.body.contains("Fixed again")
    });
    assert!(
        !fixed.body.contains("tradeoff-overlay"),
        "the overlay is gone"
    );
    assert!(
        !server
            .get("/options/postgres/")
            .body
            .contains("tradeoff-overlay")
    );
    assert!(events.wait_for("event: fixed"), "{}", events.text());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !server.stderr().contains("fixed: content/sqlite.md")
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        server.stderr().contains("fixed: content/sqlite.md"),
        "the terminal says the errors are gone:\n{}",
        server.stderr()
    );
}

#[test]
fn a_broken_file_does_not_hide_a_broken_link_elsewhere() {
    let (site, server) = serve_minimal(&[]);
    site.write(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\n+++\nSee [SQLite](sqlite.md#notes) and [MySQL](mysql.md), [by URL](../sqlite/#notes).\n",
    );
    site.save_by_rename(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\nlearning_curve = 9\n+++\n",
    );
    let broken = server.get_until("/options/postgres/", "both errors", |r| {
        let text = unescape(&r.body);
        text.contains("content/sqlite.md:4:18: error:")
            && text.contains("content/postgres.md:5:35: error:")
    });
    let text = unescape(&broken.body);
    assert!(
        !text.contains("no `#notes`") && !text.contains("`../sqlite/`"),
        "links into the broken file are taken on trust:\n{text}"
    );
    site.save_by_rename("content/sqlite.md", &sqlite("Whole again"));
    site.save_by_rename(
        "content/postgres.md",
        "+++\ntitle = \"PostgreSQL\"\nlicense = \"GPL\"\n+++\nSee [SQLite](sqlite.md#notes).\n",
    );
    let fixed = server.get_until("/options/sqlite/", "the fix", |r| {
        r.body.contains("Whole again") && !r.body.contains("tradeoff-overlay")
    });
    assert_eq!(fixed.status, 200);
    assert!(server.get("/").body.contains("PostgreSQL"));
}

#[test]
fn a_site_that_does_not_build_yet_is_served_once_fixed() {
    let site = SiteTest::fixture("minimal");
    site.write("content/sqlite.md", "+++\ntitle = \"SQLite\"\n");
    let server = site.serve(&[]);
    let first = server.get("/");
    assert_eq!(first.status, 503);
    assert!(
        unescape(&first.body).contains("content/sqlite.md:1:1: error:"),
        "{}",
        first.body
    );
    let events = server.events("/", &served_version(&first.body));
    assert!(events.wait_for("event: errors"));

    site.save_by_rename("content/sqlite.md", &sqlite("Now it builds"));
    server.get_until("/options/sqlite/", "the site", |r| {
        r.status == 200 && r.body.contains("Now it builds")
    });
    assert!(events.wait_for("event: reload"), "{}", events.text());
}

#[test]
fn options_added_and_removed_appear_in_and_vanish_from_the_listings() {
    let (site, server) = serve_minimal(&[]);
    site.write(
        "content/mysql.md",
        "+++\ntitle = \"MySQL\"\nlicense = \"GPL\"\n+++\nA server.\n",
    );
    server.get_until("/options/mysql/", "the new option", |r| r.status == 200);
    for listing in ["/", "/matrix/"] {
        assert!(
            server.get(listing).body.contains("/options/mysql/"),
            "{listing} lists the new option"
        );
    }
    assert!(
        server
            .get("/matrix.json")
            .body
            .contains("\"slug\": \"mysql\"")
    );

    site.remove("content/mysql.md");
    server.get_until("/options/mysql/", "the option gone", |r| r.status == 404);
    for listing in ["/", "/matrix/", "/matrix.json", "/sitemap.xml"] {
        assert!(
            !server.get(listing).body.contains("mysql"),
            "{listing} still lists the removed option"
        );
    }
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_without_a_reload() {
    let (site, server) = serve_minimal(&[]);
    let version = served_version(&server.get("/").body);
    let events = server.events("/", &version);
    site.write("static/css/style.css", "body { color: rebeccapurple }\n");
    server.get_until("/css/style.css", "the new stylesheet", |r| {
        r.body.contains("rebeccapurple")
    });
    assert!(
        events.wait_for("event: css\ndata: [\"/css/style.css\"]"),
        "{}",
        events.text()
    );
    assert!(
        !events.text().contains("event: reload"),
        "{}",
        events.text()
    );
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let (_site, server) = serve_minimal(&[]);
    for path in [
        "/../site.toml",
        "/options/../../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/options/..%2f..%2fsite.toml",
        "/..%5csite.toml",
        "/options\\..\\..\\site.toml",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/etc/passwd",
    ] {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: {} {}",
            response.status,
            response.body
        );
        assert!(
            !response.body.contains("criteria"),
            "{path} served site.toml"
        );
    }
    assert_eq!(server.get("/").status, 200, "still serving");
}

#[test]
fn a_base_path_serves_the_site_under_it_and_nothing_at_the_root() {
    let (_site, server) = serve_minimal(&["--base-path", "/repo/"]);
    assert!(server.url.ends_with("/repo/"), "{}", server.url);
    let home = server.get("/repo/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("href=\"/repo/matrix/\""),
        "{}",
        home.body
    );
    assert!(home.body.contains("href=\"/repo/css/style.css\""));
    assert_eq!(server.get("/repo/options/sqlite/").status, 200);
    assert_eq!(server.get("/repo/matrix.json").status, 200);
    assert_eq!(server.get("/").status, 404);
    assert_eq!(server.get("/options/sqlite/").status, 404);
    let bare = server.get("/repo");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/repo/"));
    let missing = server.get("/repo/nothing/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
}

#[test]
fn edits_are_checked_for_broken_links_and_base_path_mistakes() {
    let (site, server) = serve_minimal(&["--base-path", "/repo/"]);
    site.save_by_rename(
        "content/sqlite.md",
        &SQLITE.replace("One file.", "One file, see [the matrix](/matrix/)."),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !server
        .stderr()
        .contains("`/matrix/` ignores the base path /repo/")
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        server
            .stderr()
            .contains("`/matrix/` ignores the base path /repo/"),
        "the terminal warns as `build` does:\n{}",
        server.stderr()
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<a href=\"{{ site.urls.home }}gone/\">Gone</a>\n{% endblock main %}\n",
    );
    let broken = server.get_until("/repo/", "the overlay", |r| {
        r.body.contains("id=\"tradeoff-overlay\"")
    });
    assert!(
        unescape(&broken.body)
            .contains("broken link: `/repo/gone/` is not a file of the built site"),
        "{}",
        unescape(&broken.body)
    );
}

#[test]
fn removing_a_static_file_that_a_template_links_to_is_caught() {
    let site = SiteTest::fixture("minimal");
    site.write("static/terms.txt", "Terms.\n");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<a href=\"{{ site.urls.home }}terms.txt\">Terms</a>\n{% endblock main %}\n",
    );
    let server = site.serve(&[]);
    assert_eq!(server.get("/terms.txt").status, 200);
    site.remove("static/terms.txt");
    let broken = server.get_until("/", "the overlay", |r| {
        r.body.contains("id=\"tradeoff-overlay\"")
    });
    assert!(
        unescape(&broken.body)
            .contains("broken link: `/terms.txt` is not a file of the built site"),
        "the unchanged 404 page is checked again:\n{}",
        unescape(&broken.body)
    );
}

#[test]
fn build_output_has_no_reload_script() {
    let site = SiteTest::fixture("minimal");
    site.build_ok();
    for (path, bytes) in site.tree("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__tradeoff"), "{path} has serve's script");
        assert!(!text.contains("tradeoff-overlay"), "{path} has the overlay");
    }
}

#[test]
fn ctrl_c_stops_cleanly_and_leaves_nothing_behind() {
    let (site, server) = serve_minimal(&[]);
    let before = site.tree(".");
    let version = served_version(&server.get("/").body);
    let _events = server.events("/", &version);
    let (code, stderr) = server.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.trim_end().ends_with("stopped"), "{stderr}");
    assert_eq!(site.tree("."), before, "serve writes nothing");
    assert!(!site.exists("public"));
}

#[test]
fn a_taken_port_is_a_usage_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("an address").port().to_string();
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["serve", "--port", &port]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let stderr = out.stderr.replace(&port, "PORT");
    insta::assert_snapshot!(stderr, @r"
    error: cannot serve on 127.0.0.1:PORT: the port is taken
      |
    help: another program (perhaps another `tradeoff serve`) listens there: stop it, choose another --port, or pass --port 0 for any free port

    failed: 1 error
    ");
}

#[test]
fn a_bad_base_path_is_a_usage_error() {
    let site = SiteTest::fixture("minimal");
    let out = site.run(&["serve", "--port", "0", "--base-path", "/my repo/"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: invalid --base-path `/my repo/`"),
        "{}",
        out.stderr
    );
}

#[test]
fn events_arrive_for_a_page_opened_before_a_change_it_missed() {
    let (site, server) = serve_minimal(&[]);
    let version = served_version(&server.get("/options/sqlite/").body);
    site.save_by_rename(
        "content/sqlite.md",
        &sqlite("Changed before the stream opened"),
    );
    server.get_until("/options/sqlite/", "the edit", |r| {
        r.body.contains("Changed before the stream opened")
    });
    // The page was served before the change; its stream learns it is stale at once.
    let events = server.events("/options/sqlite/", &version);
    assert!(events.wait_for("event: reload"), "{}", events.text());
    assert!(wait_until(|| server.stderr().contains("files changed")));
}

#[test]
fn polling_sees_edits_too() {
    let (site, server) = serve_minimal(&["--poll"]);
    site.save_by_rename("content/sqlite.md", &sqlite("Seen by polling"));
    server.get_until("/matrix/", "the edit", |r| {
        r.body.contains("Seen by polling")
    });
}

#[test]
fn a_rater_s_file_added_edited_and_removed_updates_the_scores_served() {
    let (site, server) = serve_minimal(&[]);
    site.write(
        "content/ratings/alice.toml",
        "[postgres]\nlearning_curve = { score = 1, why = \"Vacuum.\" }\n",
    );
    let page = server.get_until("/options/postgres/", "alice's score", |r| {
        r.body.contains("<span class=\"rater\">alice</span>")
    });
    assert!(page.body.contains("<span class=\"why\">Vacuum.</span>"));
    assert!(server.get("/matrix.json").body.contains("\"alice\""));
    site.write(
        "content/ratings/alice.toml",
        "[postgres]\nlearning_curve = 5\n",
    );
    server.get_until("/matrix/", "the new median", |r| {
        r.body
            .contains("data-ratings=\"{&quot;alice&quot;:5.0,&quot;author&quot;:3.0}\"")
    });
    site.remove("content/ratings/alice.toml");
    let page = server.get_until("/options/postgres/", "no raters", |r| {
        !r.body.contains("rater-list")
    });
    assert!(
        !server.get("/matrix.json").body.contains("\"alice\""),
        "{}",
        page.body.len()
    );
}

#[test]
fn a_runaway_template_shows_its_error_and_its_fix_is_served() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/option.html", OWN_OPTION_TEMPLATE);
    let server = site.serve(&[]);
    site.save_by_rename("templates/option.html", crate::limits::RUNAWAY_TEMPLATE);
    let broken = server.get_until("/options/sqlite/", "the bound's error", |r| {
        r.body.contains("id=\"tradeoff-overlay\"")
    });
    let text = unescape(&broken.body);
    assert!(
        text.contains("templates/option.html:2:45: error:")
            && text.contains("it took more than 10,000,000 steps"),
        "{text}"
    );
    site.save_by_rename(
        "templates/option.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Bounded {{ candidate.title }}</h1><section id=\"notes\">{{ body.html | safe }}</section>{% endblock main %}\n",
    );
    server.get_until("/options/sqlite/", "the fixed template", |r| {
        r.body.contains("Bounded SQLite") && !r.body.contains("tradeoff-overlay")
    });
}

#[test]
fn ctrl_c_stops_within_a_second_while_a_runaway_template_renders() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/option.html", OWN_OPTION_TEMPLATE);
    let server = site.serve(&[]);
    // Loops of 10^10 steps, each of them written: stopped only by the bound or by Ctrl-C.
    site.save_by_rename(
        "templates/option.html",
        "{% extends \"base.html\" %}{% block main %}{% set r = range(end=100000) %}{% for a in r %}{% for b in r %}.{% endfor %}{% endfor %}{% endblock main %}\n",
    );
    std::thread::sleep(std::time::Duration::from_millis(150));
    let asked = std::time::Instant::now();
    let (code, stderr) = server.interrupt();
    let took = asked.elapsed();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        took < std::time::Duration::from_secs(1),
        "took {took:?}:\n{stderr}"
    );
    assert!(stderr.trim_end().ends_with("stopped"), "{stderr}");
}

#[test]
fn a_new_change_stops_a_running_rebuild_and_is_served() {
    let site = SiteTest::fixture("minimal");
    site.write("templates/option.html", OWN_OPTION_TEMPLATE);
    let server = site.serve(&[]);
    site.save_by_rename("templates/option.html", crate::limits::RUNAWAY_TEMPLATE);
    std::thread::sleep(std::time::Duration::from_millis(150));
    site.save_by_rename(
        "templates/option.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Superseding {{ candidate.title }}</h1><section id=\"notes\">{{ body.html | safe }}</section>{% endblock main %}\n",
    );
    server.get_until("/options/sqlite/", "the second change", |r| {
        r.body.contains("Superseding SQLite")
    });
    assert!(
        !server.stderr().contains("steps"),
        "the runaway rebuild was stopped before it met its bound:\n{}",
        server.stderr()
    );
}

/// Makes `path` (a folder of files, relative to a temporary folder outside the site) and
/// moves it to `to` in the site, as `mv elsewhere/templates templates` does.
fn move_in(site: &SiteTest, files: &[(&str, &str)], to: &str) -> tempfile::TempDir {
    let elsewhere = tempfile::tempdir_in(site.root.parent().expect("a parent"))
        .expect("a folder outside the site");
    let folder = elsewhere.path().join("moved");
    for (path, text) in files {
        let file = folder.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    }
    let target = site.root.join(to);
    std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
    std::fs::rename(&folder, &target).expect("move the folder in");
    elsewhere
}

#[test]
fn a_templates_folder_moved_into_the_site_is_noticed() {
    let (site, server) = serve_minimal(&[]);
    let _elsewhere = move_in(
        &site,
        &[(
            "option.html",
            "{% extends \"base.html\" %}{% block main %}<h1>Moved in {{ candidate.title }}</h1><section id=\"notes\">{{ body.html | safe }}</section>{% endblock main %}\n",
        )],
        "templates",
    );
    server.get_until("/options/sqlite/", "the moved-in template", |r| {
        r.body.contains("Moved in SQLite")
    });
}

#[test]
fn a_content_folder_moved_into_the_site_is_served() {
    let site = SiteTest::fixture("minimal");
    let options: Vec<(String, String)> = ["postgres.md", "sqlite.md"]
        .iter()
        .map(|name| (name.to_string(), site.read(&format!("content/{name}"))))
        .collect();
    std::fs::remove_dir_all(site.root.join("content")).expect("remove content/");
    let server = site.serve(&[]);
    assert_eq!(server.get("/").status, 503, "no content yet");
    let files: Vec<(&str, &str)> = options
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let _elsewhere = move_in(&site, &files, "content");
    server.get_until("/options/sqlite/", "the moved-in options", |r| {
        r.status == 200 && r.body.contains("SQLite")
    });
    // And edits inside the moved-in folder are seen.
    site.save_by_rename("content/sqlite.md", &sqlite("Edited after the move"));
    server.get_until("/matrix/", "an edit inside it", |r| {
        r.body.contains("Edited after the move")
    });
}

#[test]
fn a_folder_moved_into_static_is_served_and_watched() {
    let site = SiteTest::fixture("minimal");
    site.write("static/site.css", "p { color: red }\n");
    let server = site.serve(&[]);
    let _elsewhere = move_in(
        &site,
        &[("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")],
        "static/img",
    );
    server.get_until("/img/logo.svg", "the moved-in file", |r| r.status == 200);
    site.save_by_rename(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"edited\"/>",
    );
    server.get_until("/img/logo.svg", "an edit inside it", |r| {
        r.body.contains("edited")
    });
}

/// Opens up to `count` connections to `server` that send nothing, stopping at the first
/// that cannot connect at once (the server accepts no more for now).
fn idle_connections(server: &Server, count: usize) -> Vec<std::net::TcpStream> {
    let address: std::net::SocketAddr = server.address.parse().expect("an address");
    (0..count)
        .map_while(|_| {
            std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_secs(5)).ok()
        })
        .collect()
}

/// Whether the server closes `stream` within `within`.
fn closed_by_server(stream: &mut std::net::TcpStream, within: std::time::Duration) -> bool {
    use std::io::{ErrorKind, Read};
    stream
        .set_read_timeout(Some(within))
        .expect("a read timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        Ok(0) => true,
        // It answered (a timeout's status, say): closed if the answer ends.
        Ok(_) => {
            let mut rest = Vec::new();
            stream.read_to_end(&mut rest).is_ok()
        }
    }
}

#[test]
fn a_thousand_idle_connections_neither_block_requests_nor_stay_open() {
    let (_site, server) = serve_minimal(&[]);
    let mut idle = idle_connections(&server, 1000);
    assert_eq!(idle.len(), 1000, "every connection is accepted");
    let started = std::time::Instant::now();
    assert_eq!(server.get("/").status, 200);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "a request beside them is answered at once ({:?})",
        started.elapsed()
    );
    // None of them sent a request: each is closed once the header-read time is up.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    for stream in &mut idle {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        assert!(
            closed_by_server(stream, left.max(std::time::Duration::from_millis(10))),
            "an idle connection stayed open"
        );
    }
}

#[test]
fn at_a_low_limit_of_open_files_edits_are_served_while_idle_connections_wait() {
    let site = SiteTest::fixture("minimal");
    let server = site.serve_with_open_files(256, &[]);
    // More connections than it may open files: the 128 it may keep open at that limit are
    // served, the rest wait to be accepted, and reading an edited file still has room.
    let idle = idle_connections(&server, 250);
    assert_eq!(
        idle.len(),
        250,
        "the ones beyond the cap wait to be accepted"
    );
    site.save_by_rename("content/sqlite.md", &sqlite("Read at the limit"));
    server.get_until("/matrix/", "the edit", |r| {
        r.body.contains("Read at the limit")
    });
    assert!(
        !server.stderr().contains("Too many open files"),
        "{}",
        server.stderr()
    );
    drop(idle);
    site.save_by_rename("content/sqlite.md", &sqlite("And after them"));
    server.get_until("/matrix/", "the next edit", |r| {
        r.body.contains("And after them")
    });
}

/// Sets the soft limit of open files of the running process `pid`, returning the one before.
#[cfg(target_os = "linux")]
fn set_open_files_limit(pid: u32, soft: u64) -> u64 {
    use rustix::process::{Pid, Resource, Rlimit, prlimit};
    // The limits as the kernel shows them: "Max open files  1024  1048576  files".
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("its limits");
    let numbers: Vec<u64> = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("a line for open files")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (current, maximum) = (numbers[0], numbers[1]);
    let pid = Pid::from_raw(i32::try_from(pid).expect("a pid")).expect("not 0");
    let limit = Rlimit {
        current: Some(soft),
        maximum: Some(maximum),
    };
    prlimit(Some(pid), Resource::Nofile, limit).expect("set the limit");
    current
}

#[cfg(target_os = "linux")]
#[test]
fn an_edit_read_while_no_file_can_be_opened_is_read_again_and_served() {
    let (site, server) = serve_minimal(&[]);
    assert!(server.get("/options/sqlite/").body.contains("SQLite"));
    // No new file descriptor at all (0, 1 and 2 are taken): the edit's read fails with
    // "Too many open files".
    let before = set_open_files_limit(server.pid(), 3);
    site.save_by_rename(
        "content/sqlite.md",
        &sqlite("Read again after the shortage"),
    );
    let failed = wait_until(|| server.stderr().contains("Too many open files"));
    assert!(failed, "the read fails: {}", server.stderr());
    assert!(
        server.stderr().contains("`serve` reads it again by itself"),
        "{}",
        server.stderr()
    );
    // Files can be opened again: the retry reads the edit, with no other change to the file.
    set_open_files_limit(server.pid(), before);
    let page = server.get_until("/options/sqlite/", "the edit read again", |r| {
        r.body.contains("Read again after the shortage")
    });
    assert_eq!(page.status, 200);
    assert!(server.stderr().contains("fixed: "), "{}", server.stderr());
}
