//! The scan of a rendered page (a template's output) for its URLs, ids and styles' URLs.
//! Every range it gives must lie on character boundaries inside the page. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeoff::html;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    let _ = html::scan(page);
    for range in html::urls(page) {
        assert!(page.get(range.clone()).is_some(), "a URL's range {range:?}");
        let _ = html::decode(&page[range]);
    }
    for range in html::css_urls(page, 0..page.len()) {
        assert!(
            page.get(range.clone()).is_some(),
            "a style URL's range {range:?}"
        );
    }
    let anchors = html::Anchors::of(page);
    let _ = anchors.names().count();
});
