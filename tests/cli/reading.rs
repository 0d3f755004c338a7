//! What helps a reader find and read: body headings that link to themselves, the table of
//! contents of a long option page, highlighted code.

use crate::support::SiteTest;

/// An option whose body has three headings (one nested) and fenced code.
const LONG_BODY: &str = r#"+++
title = "PostgreSQL"
license = "PostgreSQL"
pros = ["Mature"]
+++
## Setting it up

Install it, then connect:

```python
import psycopg
conn = psycopg.connect("dbname=test")  # one connection
```

### Tuning `work_mem`

Raise it for sorts.

## Running it <b>well</b>

```sql
SELECT count(*) FROM pg_stat_activity WHERE state = 'active';
```
"#;

/// The option page's `<article>`, the stylesheet hash redacted.
fn article(page: &str) -> &str {
    let start = page.find("<article").expect("the page has an article");
    let end = page.find("</article>").expect("the article ends") + "</article>".len();
    &page[start..end]
}

#[test]
fn an_option_page_with_headings_and_code() {
    let site = SiteTest::fixture("minimal");
    site.write("content/postgres.md", LONG_BODY);
    site.build_ok();
    let page = site.read("public/options/postgres/index.html");
    insta::assert_snapshot!("option_page_with_headings_and_code", article(&page));
}

#[test]
fn headings_link_to_themselves_and_long_pages_get_contents() {
    let site = SiteTest::fixture("minimal");
    site.write("content/postgres.md", LONG_BODY);
    site.build_ok();
    let long = site.read("public/options/postgres/index.html");
    assert!(
        long.contains(r##"<a class="heading-link" href="#setting-it-up" aria-label="Link to the section Setting it up">"##),
        "{long}"
    );
    assert!(
        long.contains(
            r##"<li class="toc-level-3"><a href="#tuning-work_mem">Tuning work_mem</a></li>"##
        ),
        "{long}"
    );
    assert!(
        long.contains(r##"<a href="#running-it-well">Running it well</a>"##),
        "the contents show a heading's text, not its markup: {long}"
    );
    // Two headings are not enough for contents, but each still links to itself.
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\n+++\n## One\n\nx\n\n## Two\n\ny\n",
    );
    site.build_ok();
    let short = site.read("public/options/sqlite/index.html");
    assert!(!short.contains(r#"class="toc""#), "{short}");
    assert_eq!(
        short.matches(r#"class="heading-link""#).count(),
        2,
        "{short}"
    );
    assert!(
        site.run(&["check"]).code == 0,
        "every self-link's anchor exists"
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_an_unknown_language_is_named_where_it_is() {
    let site = SiteTest::fixture("minimal");
    site.write("content/postgres.md", LONG_BODY);
    site.write(
        "content/sqlite.md",
        "+++\ntitle = \"SQLite\"\nlicense = \"Public domain\"\n+++\nPlain:\n\n```text\nif x < 1\n```\n\n\
         Unknown:\n\n```pyhton\nif x < 1:\n    pass\n```\n",
    );
    let checked = site.run(&["check"]);
    assert_eq!(checked.code, 0, "a warning only: {}", checked.stderr);
    assert!(
        checked.stderr.contains("content/sqlite.md:13:1"),
        "the fence's line: {}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("no highlighting for the language `pyhton`")
            && checked.stderr.contains("did you mean `python`?"),
        "{}",
        checked.stderr
    );
    assert_eq!(
        checked.stderr.matches("no highlighting").count(),
        1,
        "`text` means plain text and gets no warning: {}",
        checked.stderr
    );
    site.build_ok();
    let page = site.read("public/options/postgres/index.html");
    assert!(
        page.contains(r#"<code class="language-python hl"><span class="hl-keyword">import</span>"#),
        "{page}"
    );
    assert!(page.contains(r#"<code class="language-sql hl">"#), "{page}");
    assert!(!page.contains("style=\"color"), "no inline colours: {page}");
    let plain = site.read("public/options/sqlite/index.html");
    assert!(
        plain.contains("<code class=\"language-text\">if x &lt; 1\n</code>")
            && plain.contains("<code class=\"language-pyhton\">if x &lt; 1:\n"),
        "unknown and plain blocks are written as they are: {plain}"
    );
    let css_file = std::fs::read_dir(site.root.join("public/css"))
        .expect("the stylesheet's folder")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".css"))
        .expect("a stylesheet");
    let css = std::fs::read_to_string(css_file.path()).expect("the stylesheet");
    assert!(css.contains(".hl-keyword") && css.contains("prefers-color-scheme: dark"));
}
