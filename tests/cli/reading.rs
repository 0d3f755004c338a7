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
