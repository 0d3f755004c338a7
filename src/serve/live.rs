//! What `serve` adds to the pages it serves, and only to those (never to `build`'s output):
//! the live-reload script, and the overlay that shows a failed build's diagnostics over the
//! page. Uses [`crate::report`] for the diagnostics' HTML.

use std::fmt::Write as _;

use crate::diag::{self, Diagnostic};
use crate::report;

/// The live-reload script's URL. Like [`EVENTS_URL`], it is outside any base path and never
/// one of the site's files.
pub const SCRIPT_URL: &str = "/__tradeoff/live.js";
/// The live-reload event stream's URL (server-sent events).
pub const EVENTS_URL: &str = "/__tradeoff/events";
/// The overlay element's id.
pub const OVERLAY_ID: &str = "tradeoff-overlay";

/// The live-reload script. It listens to [`EVENTS_URL`] for the page it is on: `reload`
/// when the page's output changed, `css` with stylesheet paths to swap in place, `errors`
/// with an overlay to show, `fixed` when the errors are gone.
pub const SCRIPT: &str = r#"// tradeoff serve: reloads this page when its output changes, swaps changed stylesheets in
// place, and shows a failed build's errors over the page until they are fixed.
(() => {
  "use strict";
  const me = document.currentScript;
  const version = (me && me.dataset.version) || "0";
  const query = "?page=" + encodeURIComponent(location.pathname) + "&version=" + version;
  const events = new EventSource("/__tradeoff/events" + query);
  const overlay = () => document.getElementById("tradeoff-overlay");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("errors", (event) => {
    const holder = document.createElement("div");
    holder.innerHTML = JSON.parse(event.data);
    const fresh = holder.firstElementChild;
    const old = overlay();
    if (old) old.replaceWith(fresh); else document.body.append(fresh);
  });
  events.addEventListener("fixed", () => {
    const old = overlay();
    if (old) old.remove();
  });
  events.addEventListener("css", (event) => {
    const paths = JSON.parse(event.data);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (!paths.includes(url.pathname)) continue;
      url.searchParams.set("tradeoff-live", Date.now());
      const next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", () => link.remove());
      link.after(next);
    }
  });
})();
"#;

const OVERLAY_STYLE: &str = "#tradeoff-overlay{position:fixed;inset:0;z-index:2147483647;\
overflow:auto;background:rgba(24,24,27,.97);color:#f4f4f5;font:15px/1.5 system-ui,sans-serif;\
padding:1.5rem;text-align:left}#tradeoff-overlay .tradeoff-box{max-width:60rem;margin:0 auto}\
#tradeoff-overlay h2{font-size:1.25rem;margin:0 0 .5rem;color:#fca5a5}\
#tradeoff-overlay pre{background:#09090b;color:#e4e4e7;padding:.75rem;overflow:auto;\
border-radius:4px;font:13px/1.4 ui-monospace,monospace}#tradeoff-overlay mark{background:#b91c1c;\
color:#fff}#tradeoff-overlay section{border-top:1px solid #3f3f46;padding-top:.75rem;\
margin-top:.75rem}#tradeoff-overlay button{font:inherit;float:right;background:#3f3f46;\
color:#f4f4f5;border:1px solid #71717a;border-radius:4px;padding:.25rem .75rem;cursor:pointer}";

/// The overlay for a failed build: every diagnostic with its file, line, column and excerpt.
pub fn overlay(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = diag::count(diagnostics);
    let mut html = String::new();
    let _ = write!(
        html,
        "<div id=\"{OVERLAY_ID}\" role=\"alertdialog\" aria-labelledby=\"tradeoff-overlay-title\">\
<style>{OVERLAY_STYLE}</style><div class=\"tradeoff-box\">\
<button type=\"button\" onclick=\"this.closest('#{OVERLAY_ID}').remove()\">Hide</button>\
<h2 id=\"tradeoff-overlay-title\">The site did not build: {}</h2>\
<p>Behind this is the last version that built. Fix the files and the page updates by itself.</p>",
        counted(errors, warnings)
    );
    html.push_str(&report::render_html(diagnostics));
    html.push_str("</div></div>");
    html
}

/// "1 error", "2 errors, 1 warning".
fn counted(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut text = plural(errors, "error");
    if warnings > 0 {
        text.push_str(", ");
        text.push_str(&plural(warnings, "warning"));
    }
    text
}

/// The tags `serve` adds to a page it serves at output `version`: the overlay when the
/// latest build failed, and the live-reload script.
pub fn tags(version: u64, overlay: Option<&str>) -> String {
    let mut tags = String::new();
    if let Some(overlay) = overlay {
        tags.push_str(overlay);
    }
    let _ = write!(
        tags,
        "<script src=\"{SCRIPT_URL}\" data-version=\"{version}\"></script>"
    );
    tags
}

/// `html` with `tags` inserted before its last `</body>` (or at its end, when there is none).
pub fn inject(html: &[u8], tags: &str) -> Vec<u8> {
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A page of its own for when there is no site to show: no build has succeeded yet.
pub fn error_page(version: u64, overlay: &str) -> Vec<u8> {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>tradeoff: the site did not build</title>\n</head>\n<body>\n\
<p>The site has not built yet.</p>\n</body>\n</html>\n";
    inject(page.as_bytes(), &tags(version, Some(overlay)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn injects_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>a</p>\n</BODY></html>\n";
        let out = inject(html, "<script></script>");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<html><body><p>a</p>\n<script></script></BODY></html>\n"
        );
        assert_eq!(inject(b"<p>x", "<s>"), b"<p>x<s>");
    }

    #[test]
    fn the_overlay_shows_file_line_and_excerpt_escaped() {
        let file = SourceFile::from_text("content/flask.md", "+++\ntitle = <oops>\n+++\n");
        let d = file.error_at(12..18, "invalid TOML").help("quote strings");
        let html = overlay(&[d]);
        assert!(html.contains("content/flask.md:2:9"), "{html}");
        assert!(html.contains("&lt;oops&gt;"), "{html}");
        assert!(html.contains("did not build: 1 error<"), "{html}");
        assert!(!html.contains("<oops>"));
    }
}
