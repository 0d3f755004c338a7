//! `tradeoff import`: each format (the seed's sections, MADR records, tables) on fixtures,
//! messy ones included; every statement reaches the built site; the plan and every error are
//! snapshotted; nothing is overwritten without --force.

use crate::example::seed_statements;
use crate::support::{Outcome, SiteTest};

fn import(site: &SiteTest, fixture: &str, extra: &[&str]) -> Outcome {
    let path = SiteTest::fixture_path(fixture);
    let mut args = vec!["import", path.as_str()];
    args.extend_from_slice(extra);
    let mut out = site.run(&args);
    let dir = SiteTest::fixture_path("");
    out.stdout = out.stdout.replace(&dir, "[FIXTURES]/");
    out.stderr = out.stderr.replace(&dir, "[FIXTURES]/");
    out
}

/// The statements of a Markdown document as a reader would find them on the built site:
/// list items and lines of text, without markup, link targets or "Good, because" and `+`
/// labels.
fn statements(markdown: &str) -> Vec<String> {
    let link = regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex");
    let marker = regex::Regex::new(r"^([-*+]|\d+[.)])\s+").expect("valid regex");
    let label = regex::Regex::new(r"(?i)^((good|bad), because |`[+-]` )").expect("valid regex");
    let mut out = Vec::new();
    for line in markdown.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('|') || line == "---" {
            continue;
        }
        let text = marker.replace(line, "");
        let text = link.replace_all(&text, "$1");
        let text = label.replace(&text, "");
        let text: String = text.chars().filter(|c| !matches!(c, '*' | '_')).collect();
        let words = text.split_whitespace().count();
        if text.ends_with(':') && words <= 2 {
            continue; // a label standing in for a heading: `**Pros:**`
        }
        out.push(text.to_lowercase());
    }
    out
}

fn assert_every_statement_is_on_the_site(site: &SiteTest, markdown: &str) {
    let text = site.visible_text();
    let missing: Vec<String> = statements(markdown)
        .into_iter()
        .filter(|s| !text.contains(s.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "statements missing from the site: {missing:#?}"
    );
}

#[test]
fn the_seed_imports_into_an_empty_site_that_builds_with_all_51_statements() {
    let site = SiteTest::example_schema();
    let out = import(&site, "seed.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("seed_plan", out.stdout);
    assert_eq!(
        out.stderr,
        "imported 6 options into content/; `tradeoff check` finds no errors; next: `tradeoff build`\n"
    );
    let flask = site.read("content/flask.md");
    assert!(
        flask.contains("title = \"Flask\"\nsubtitle = \"Python\"\norder = 1\n"),
        "{flask}"
    );
    let built = site.build_ok();
    assert!(
        built.stderr.starts_with("built 6 options"),
        "{}",
        built.stderr
    );

    let statements = seed_statements();
    assert_eq!(statements.len(), 51);
    crate::example::assert_statements_built(&site, &statements);
    let example = site.read("content/serverless-functions-only.md");
    assert!(
        example
            .ends_with("+++\nExamples: Cloudflare Workers, Vercel Functions, Netlify Functions.\n"),
        "{example}"
    );
}

#[test]
fn crlf_line_endings_import_the_same() {
    let lf = SiteTest::example_schema();
    assert_eq!(import(&lf, "seed.md", &[]).code, 0);
    let crlf = SiteTest::example_schema();
    let seed = std::fs::read_to_string(SiteTest::fixture_path("seed.md")).expect("seed");
    crlf.write("seed-crlf.md", seed.replace('\n', "\r\n"));
    let out = crlf.run(&["import", "seed-crlf.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(crlf.tree("content"), lf.tree("content"));
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let site = SiteTest::example_schema();
    let out = import(&site, "seed.md", &["--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "dry run: nothing written\n");
    assert!(
        out.stdout.contains("  create  content/flask.md"),
        "{}",
        out.stdout
    );
    assert!(site.tree("content").is_empty());
}

#[test]
fn never_overwrites_without_force() {
    let site = SiteTest::example();
    let before = site.tree("content");
    let dry = import(&site, "seed.md", &["--dry-run"]);
    assert_eq!(dry.code, 0);
    assert!(
        dry.stdout.contains("  exists  content/flask.md"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        dry.stderr,
        "dry run: nothing written; 4 files exist: the import would stop unless --force\n"
    );
    let out = import(&site, "seed.md", &[]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert_eq!(site.tree("content"), before, "nothing was written");

    let forced = import(&site, "seed.md", &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced.stdout.contains("  replace content/flask.md"),
        "{}",
        forced.stdout
    );
    assert!(
        !site
            .read("content/flask.md")
            .contains("\nease_of_learning = {")
    );
}

#[test]
fn messy_sections_numbered_bold_and_missing_parts() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/sections-messy.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("sections_messy_plan", out.stdout);
    insta::assert_snapshot!("sections_messy_slack", site.read("content/slack.md"));
    insta::assert_snapshot!("sections_messy_landing", site.read("content/_index.md"));
    let matrix = site.read("content/matrix.md");
    assert!(matrix.contains("order = 3\n"), "{matrix}");
    assert!(
        matrix.contains("cons = [\n  \"Clients differ in quality\",\n]"),
        "{matrix}"
    );
    site.build_ok();
    let text = std::fs::read_to_string(SiteTest::fixture_path("import/sections-messy.md"))
        .expect("fixture");
    assert_every_statement_is_on_the_site(&site, &text);
}

#[test]
fn a_madr_record_keeps_status_choice_and_every_argument() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/madr.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("madr_plan", out.stdout);
    insta::assert_snapshot!("madr_landing", site.read("content/_index.md"));
    insta::assert_snapshot!("madr_postgresql", site.read("content/postgresql.md"));
    let mongo = site.read("content/mongodb.md");
    assert!(mongo.starts_with("+++\ntitle = \"MongoDB\"\n"), "{mongo}");
    assert!(mongo.contains("\norder = 3\n"), "{mongo}");
    assert!(mongo.ends_with("+++\na document store\n"), "{mongo}");
    site.build_ok();
    let text = std::fs::read_to_string(SiteTest::fixture_path("import/madr.md")).expect("fixture");
    assert_every_statement_is_on_the_site(&site, &text);
    let index = site.read("public/index.html");
    assert!(
        index.contains("href=\"/options/postgresql/\">PostgreSQL</a>"),
        "{index}"
    );
    // The record's status, date, deciders and choice are the site's decision.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/matrix.json")).expect("JSON");
    assert_eq!(json["decision"]["status"], "accepted");
    assert_eq!(
        json["decision"]["chosen"],
        serde_json::json!(["postgresql"])
    );
    assert_eq!(json["decision"]["date"], "2024-05-02");
    assert_eq!(
        json["decision"]["deciders"],
        serde_json::json!(["Ana", "Bo"])
    );
    assert!(
        site.read("public/options/postgresql/index.html")
            .contains("<span class=\"chosen-mark\">Chosen</span>")
    );
}

#[test]
fn a_madr_record_with_crlf_and_no_front_matter() {
    let site = SiteTest::example_schema();
    let text = std::fs::read_to_string(SiteTest::fixture_path("import/madr.md")).expect("fixture");
    let body = text
        .split_once("---\n# ")
        .map(|(_, b)| format!("# {b}"))
        .expect("front matter");
    site.write("adr-0001.md", body.replace('\n', "\r\n"));
    let out = site.run(&["import", "adr-0001.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let landing = site.read("content/_index.md");
    assert!(!landing.contains("Status:"), "{landing}");
    assert!(
        landing.contains("**Chosen option:** [PostgreSQL](postgresql.md)"),
        "{landing}"
    );
    assert!(!landing.contains('\r'), "line endings are normalised");
    site.build_ok();
    assert_every_statement_is_on_the_site(&site, &body);
}

#[test]
fn a_table_maps_columns_to_criteria_and_keeps_the_rest() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/table.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("table_plan", out.stdout);
    insta::assert_snapshot!("table_flask", site.read("content/flask.md"));
    let django = site.read("content/django.md");
    assert!(django.contains("\nruntime = \"Python\"\n"), "{django}");
    assert!(django.contains("\nbuiltin_auth = true\n"), "{django}");
    assert!(django.contains("\nease_of_learning = 3\n"), "{django}");
    let express = site.read("content/express.md");
    assert!(
        express.contains("- **Ease of learning:** easy"),
        "{express}"
    );
    assert!(express.contains("- **Price:** free"), "{express}");
    site.build_ok();
    let text = site.visible_text();
    for statement in [
        "tiny core, many tutorials",
        "lots of tutorials",
        "you wire up the pieces yourself",
        "batteries included",
        "heavyweight for an mvp",
        "huge ecosystem",
        "prices are for the open-source editions.",
    ] {
        assert!(text.contains(statement), "{statement} missing");
    }
}

#[test]
fn needs_a_required_criterion_filled_in_after_import() {
    let site = SiteTest::fixture("minimal");
    site.remove("content/sqlite.md");
    site.remove("content/postgres.md");
    let out = import(&site, "import/madr.md", &[]);
    assert!(
        out.stdout.contains(
            "to fill in by hand (stubbed in each file): license, learning_curve, hosted, drivers"
        ),
        "{}",
        out.stdout
    );
    // The files are written, and import says at once that the site does not build yet.
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(site.exists("content/postgresql.md"));
    assert_eq!(
        out.stderr
            .matches("error: missing required criterion `license`")
            .count(),
        3,
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "imported 3 options into content/, but the site does not build: 3 errors above; fix them, then `tradeoff build`\n"
        ),
        "{}",
        out.stderr
    );
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert_eq!(
        build
            .stderr
            .matches("error: missing required criterion `license`")
            .count(),
        3,
        "{}",
        build.stderr
    );
}

#[test]
fn a_document_without_options() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/nothing.md", &[]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert!(site.tree("content").is_empty());
}

#[test]
fn a_document_that_is_not_utf8() {
    let site = SiteTest::example_schema();
    site.write("latin1.md", b"## Option 1: Caf\xE9\n\n- Good coffee\n");
    let out = site.run(&["import", "latin1.md"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn broken_yaml_front_matter() {
    let site = SiteTest::example_schema();
    site.write(
        "adr.md",
        "---\nstatus: accepted\ndeciders: [Ana, Bo\n---\n# T\n\n## Considered Options\n\n* A\n",
    );
    let out = site.run(&["import", "adr.md"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn a_missing_document_is_a_usage_error() {
    let site = SiteTest::example_schema();
    let out = site.run(&["import", "nowhere.md"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn needs_a_site() {
    let site = SiteTest::empty();
    let out = import(&site, "seed.md", &[]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
    assert!(!site.exists("content"));
}

#[test]
fn importing_into_a_new_site_replaces_only_the_untouched_samples() {
    let site = SiteTest::empty();
    assert_eq!(site.run(&["init"]).code, 0);
    let out = import(&site, "import/madr.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  remove  content/example.md "),
        "{}",
        out.stdout
    );
    assert!(!site.exists("content/example.md"), "the sample made way");
    assert!(
        !site
            .read("content/_index.md")
            .contains("What are we deciding"),
        "the record's context replaced the placeholder landing text"
    );
    site.build_ok();

    // A sample someone edited is theirs: it stays, and so does an edited landing text.
    let site = SiteTest::empty();
    assert_eq!(site.run(&["init"]).code, 0);
    let edited = site.read("content/example.md").replace("Example", "Ours");
    site.write("content/example.md", &edited);
    let out = import(&site, "seed.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("remove"), "{}", out.stdout);
    assert_eq!(site.read("content/example.md"), edited);
    assert!(
        out.stderr
            .contains("content/_index.md still holds the starter's placeholder text"),
        "{}",
        out.stderr
    );
}

#[test]
fn never_writes_over_the_document_being_imported() {
    let site = SiteTest::example_schema();
    let seed = std::fs::read_to_string(SiteTest::fixture_path("seed.md")).expect("seed");
    site.write("content/flask.md", &seed);
    let out = site.run(&["import", "content/flask.md", "--force"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the import would write over it as content/flask.md"),
        "{}",
        out.stderr
    );
    assert_eq!(site.read("content/flask.md"), seed);
}

#[test]
fn a_table_row_without_a_name_is_listed() {
    let site = SiteTest::example_schema();
    site.write(
        "compare.md",
        "| Framework | Runtime |\n|---|---|\n| Flask | Python |\n|  | Node.js |\n",
    );
    let out = site.run(&["import", "compare.md", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "compare.md:4:2  a row without a name: titled \"Option 2\" until you name it"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn labels_glued_to_a_list_or_followed_by_their_statement() {
    let site = SiteTest::example_schema();
    site.write(
        "glued.md",
        "## Option 1: Buildkite (hybrid)\n\n**Pros:**\n- Own agents\n**Cons**\n- Paid\n\n\
         ## Option 2: Jenkins\n\n**Pros:**\n- Free\n**Cons:** Heavy, slow\n",
    );
    let out = site.run(&["import", "glued.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let buildkite = site.read("content/buildkite.md");
    assert!(
        buildkite.contains("pros = [\n  \"Own agents\",\n]"),
        "{buildkite}"
    );
    assert!(
        buildkite.contains("cons = [\n  \"Paid\",\n]"),
        "{buildkite}"
    );
    let jenkins = site.read("content/jenkins.md");
    assert!(
        jenkins.contains("cons = [\n  \"Heavy, slow\",\n]"),
        "{jenkins}"
    );
    assert!(!out.stdout.contains("not mapped"), "{}", out.stdout);
}

#[test]
fn relative_images_beside_the_document_are_copied_and_the_rest_become_text() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/real/madr-0008-add-status-field.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().any(|l| l
            .starts_with("  create  static/imported/0008-example-badge.png  ")
            && l.ends_with("  copied from 0008-example-badge.png, next to the document")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "[FIXTURES]/import/real/madr-0008-add-status-field.md:100:5  `0013-use-yaml-front-matter-for-meta-data.md` warning: no such file next to the document, so it is plain text now"
        ),
        "{}",
        out.stdout
    );
    let copied = std::fs::read(SiteTest::fixture_path("import/real/0008-example-badge.png"))
        .expect("the fixture's image");
    assert!(
        site.tree("static")
            .iter()
            .any(|(path, bytes)| path == "imported/0008-example-badge.png" && *bytes == copied)
    );
    site.build_ok();
    assert!(site.exists("public/imported/0008-example-badge.png"));
    let badge = site.read("content/use-badge.md");
    assert!(
        badge.contains("](../static/imported/0008-example-badge.png)"),
        "{badge}"
    );
}

#[test]
fn with_source_url_relative_links_point_at_the_original() {
    let site = SiteTest::example_schema();
    let out = import(
        &site,
        "import/real/jabref-0040-display-front-cover-in-preview-tab.md",
        &[
            "--source-url",
            "https://github.com/JabRef/jabref/blob/main/docs/decisions/0040-display-front-cover-in-preview-tab.md",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("`assets/0040-placement-in-sidepane.png` made absolute: https://github.com/JabRef/jabref/blob/main/docs/decisions/assets/0040-placement-in-sidepane.png"),
        "{}",
        out.stdout
    );
    site.build_ok();
    assert!(!site.exists("static/imported"));

    let bad = import(
        &site,
        "import/real/madr-0008-add-status-field.md",
        &["--source-url", "docs/x.md"],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("--source-url docs/x.md is not an http(s) address"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_french_madr_record_maps_bon_and_mauvais_to_pros_and_cons() {
    let site = SiteTest::example_schema();
    let out = import(
        &site,
        "import/real/cqen-2021-09-15-Infrastructure_infonuagique.md",
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(": 3 options (a MADR decision record)\n"),
        "{}",
        out.stdout
    );
    let sea = site.read("content/les-services-sont-hébergés-directement-dans-sea.md");
    assert!(
        sea.contains("pros = [\n  \"isole les services d’infrastructures de l’environnement d’expérimentations;\",\n"),
        "{sea}"
    );
    assert!(
        sea.contains("cons = [\n  \"crée une dépendance à l’environnement AWS."),
        "{sea}"
    );
    site.build_ok();
}

#[test]
fn a_record_worded_its_own_way_keeps_each_option_once() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/madr-wording.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("madr_wording_plan", out.stdout);
    // "Option 1: Fuse.js" and "### Fuse.js" are one option, and the chosen one.
    let fuse = site.read("content/fuse-js.md");
    assert!(
        fuse.contains("**Chosen option.** See [the decision](_index.md)."),
        "{fuse}"
    );
    // A deeper heading that names a listed option is an option of its own.
    let lunr = site.read("content/lunr-js.md");
    assert!(!lunr.contains("it is small"), "{lunr}");
    assert!(
        lunr.contains("* Good, because it builds an index\n  * the index can be built ahead of time\n  * and shipped as JSON"),
        "{lunr}"
    );
    let pagefind = site.read("content/pagefind.md");
    assert!(
        pagefind.contains("pros = [\n  \"it indexes the built site\",\n]\ncons = [\n  \"it needs a build step\",\n]"),
        "{pagefind}"
    );
    // `#### Pros` / `#### Cons` say which side a list is on; a section number is no title.
    let algolia = site.read("content/algolia.md");
    assert!(
        algolia.starts_with("+++\ntitle = \"Algolia\"\n")
            && algolia.contains("\norder = 5\n")
            && algolia
                .contains("pros = [\n  \"hosted for us\",\n]\ncons = [\n  \"costs money\",\n]"),
        "{algolia}"
    );
    insta::assert_snapshot!("madr_wording_landing", site.read("content/_index.md"));
    site.build_ok();
    let text = site.visible_text();
    assert!(!text.contains("nav order"), "{text}");
    assert_every_statement_is_on_the_site(
        &site,
        std::fs::read_to_string(SiteTest::fixture_path("import/madr-wording.md"))
            .expect("fixture")
            .split("---\n")
            .nth(2)
            .expect("after the front matter"),
    );
}

#[test]
fn a_table_whose_options_are_its_columns_is_read_by_column() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/real/npm-comparison-README.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("[FIXTURES]/import/real/npm-comparison-README.md: 3 options (a table with a column per option)\n  [FIXTURES]/import/real/npm-comparison-README.md:34:1  the table's options are its columns and its criteria its rows\n  [FIXTURES]/import/real/npm-comparison-README.md:89:1  another table (3 rows), its first column headed \"package name\": kept on the landing page; `--table 2` imports it instead\n"),
        "{}",
        out.stdout
    );
    let vue = site.read("content/vue.md");
    assert!(vue.contains("title = \"vue\""), "{vue}");
    assert!(
        vue.contains(
            "- **weekly download:** ![weekly download](https://flat.badgen.net/npm/dw/vue)"
        ),
        "{vue}"
    );
    site.build_ok();
}

#[test]
fn tables_sharing_a_header_are_merged_and_another_table_is_offered() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/real/messaging-product-comparison.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(": 15 options (a table with a row per option)\n  [FIXTURES]/import/real/messaging-product-comparison.md:23:1  2 tables with the same header row: read as one\n"),
        "{}",
        out.stdout
    );
    assert!(site.exists("content/ibm-websphere-esb.md"));

    let other = SiteTest::example_schema();
    let first = import(
        &other,
        "import/real/masad-0006-select-message-queue-technology.md",
        &["--dry-run"],
    );
    assert!(
        first.stdout.contains("  create  content/amazon-msk.md"),
        "{}",
        first.stdout
    );
    let second = import(
        &other,
        "import/real/masad-0006-select-message-queue-technology.md",
        &["--table", "2"],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stdout.contains("  create  content/aws-kinesis.md"),
        "{}",
        second.stdout
    );
    assert!(!other.exists("content/amazon-msk.md"));
    other.build_ok();

    let none = import(
        &other,
        "import/real/masad-0006-select-message-queue-technology.md",
        &["--table", "3"],
    );
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(
        none.stderr.contains("error: --table 3: [FIXTURES]/import/real/masad-0006-select-message-queue-technology.md has 2 tables with a header and rows"),
        "{}",
        none.stderr
    );
}

#[test]
fn cells_past_the_header_and_pipes_in_code_are_kept() {
    let site = SiteTest::example_schema();
    let out = import(&site, "import/table-cells.md", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  [FIXTURES]/import/table-cells.md:6:48  cell \"fast\" in column 4, past the header's 3 columns (in nom.md)\n  [FIXTURES]/import/table-cells.md:6:55  cell \"zero-copy\" in column 5, past the header's 3 columns (in nom.md)\n"),
        "{}",
        out.stdout
    );
    site.build_ok();
    let text = site.visible_text();
    assert!(text.contains("grammar in a a | b file"), "{text}");
    assert!(text.contains("column 5: zero-copy"), "{text}");
    assert!(text.contains("the pipe | is escaped"), "{text}");
}

#[test]
fn a_slug_the_site_already_has_is_refused_before_anything_is_written() {
    let site = SiteTest::fixture("minimal");
    site.remove("content/sqlite.md");
    let postgres = site.read("content/postgres.md");
    site.write(
        "content/postgres.md",
        postgres.replacen("+++\n", "+++\nslug = \"postgresql\"\n", 1),
    );
    let before = site.tree("content");
    let out = import(&site, "import/madr.md", &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!("slug_clash", out.stderr);
    assert_eq!(site.tree("content"), before);
    // --force replaces files, not other options' slugs.
    let forced = import(&site, "import/madr.md", &["--force"]);
    assert_eq!(forced.code, 1, "{}", forced.stderr);
    assert_eq!(site.tree("content"), before);
}

#[test]
fn control_characters_are_shown_escaped_in_the_plan() {
    let site = SiteTest::example_schema();
    site.write(
        "doc.md",
        "# Pick\n\n## Option 1: Red\u{1b}[2J\n\n**Best for:** teams\u{7}\n\n## Option 2: Blue\u{202e}eulb\n\n**Best for:** others\n",
    );
    let out = site.run(&["import", "doc.md", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(!out.stdout.contains('\u{202e}'), "{:?}", out.stdout);
    assert!(
        out.stdout
            .contains("  create  content/red-2j.md     Red\\u{1b}[2J: best for\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Blue\\u{202e}eulb"), "{}", out.stdout);
}
