//! Code highlighting of fenced blocks at build time, with tree-sitter grammars (arborium):
//! the HTML carries CSS classes (`hl-keyword`, `hl-string`…) that the theme colours for
//! light and dark, never inline colours.

use std::sync::{Arc, OnceLock};

use arborium::{Config, GrammarStore, Highlighter, HtmlFormat};

/// The class every highlighted `<code>` element has, beside `language-…`.
pub const CODE_CLASS: &str = "hl";

/// Info strings that name no language: their blocks are plain text by intent, so they get no
/// warning (`text`, `console`…).
const PLAIN: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "console",
    "output",
    "log",
    "none",
    "nohighlight",
];

/// The language names and file extensions a fence may give, as the highlighter knows them
/// (`js` → `javascript`), for the grammars this build holds; listed in warnings.
const KNOWN: &[&str] = &[
    "bash",
    "c",
    "css",
    "diff",
    "dockerfile",
    "go",
    "graphql",
    "hcl",
    "html",
    "ini",
    "java",
    "javascript",
    "json",
    "lua",
    "make",
    "python",
    "rust",
    "scss",
    "sql",
    "toml",
    "typescript",
    "xml",
    "yaml",
];

/// Names fences use that neither the highlighter nor [`KNOWN`] spell that way, and the
/// grammar that reads them.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("zsh", "bash"),
    ("golang", "go"),
    ("py3", "python"),
    ("python3", "python"),
    ("node", "javascript"),
    ("terraform", "hcl"),
    ("svg", "xml"),
    ("postgres", "sql"),
    ("postgresql", "sql"),
    ("psql", "sql"),
    ("mysql", "sql"),
    ("sqlite", "sql"),
    // C++ read by the C grammar, JSX and TSX by JavaScript's and TypeScript's: most of
    // their tokens are the same, and their own grammars are the largest there are.
    ("c++", "c"),
    ("cpp", "c"),
    ("cc", "c"),
    ("hpp", "c"),
    ("jsx", "javascript"),
    ("tsx", "typescript"),
];

/// What became of a fenced block's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language<'a> {
    /// No language, or one that means plain text: the block is written as it is.
    Plain,
    /// A language this build highlights, by its grammar's name.
    Known(&'static str),
    /// A language no grammar here reads: the block is written as it is, with a warning.
    Unknown(&'a str),
}

/// The language a fence's info string names: its first word (`python title="x"`), in any
/// case; `{.python}` and `language-python` are read too.
pub fn language(info: &str) -> Language<'_> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or_default()
        .trim_matches(|c| c == '{' || c == '}' || c == '.');
    let word = word.strip_prefix("language-").unwrap_or(word);
    if word.is_empty() || PLAIN.iter().any(|p| p.eq_ignore_ascii_case(word)) {
        return Language::Plain;
    }
    let lower = word.to_ascii_lowercase();
    // Names and extensions alike (`py`, `sh`, `yml`), and the grammars' own names.
    let named = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map(|(_, name)| *name)
        .or_else(|| arborium::detect_language(&lower))
        .or_else(|| KNOWN.iter().copied().find(|k| *k == lower));
    match named.and_then(|name| KNOWN.iter().copied().find(|k| *k == name)) {
        Some(name) => Language::Known(name),
        None => Language::Unknown(word),
    }
}

/// The languages this build highlights, for a warning's help.
pub fn known_languages() -> &'static [&'static str] {
    KNOWN
}

/// `code` in `language` as HTML (escaped, its tokens in `<span class="hl-…">`), without the
/// `<pre><code>` around it; `None` when the grammar fails on it, and the block is then
/// written plain.
pub fn highlight(language: &'static str, code: &str) -> Option<String> {
    thread_local! {
        static HIGHLIGHTER: std::cell::RefCell<Highlighter> =
            std::cell::RefCell::new(Highlighter::with_store_and_config(store(), config()));
    }
    let mut html = HIGHLIGHTER
        .with(|h| h.borrow_mut().highlight(language, code))
        .ok()?;
    // The highlighter trims the block's last line break, which a plain block keeps.
    if code.ends_with('\n') {
        html.push('\n');
    }
    Some(html)
}

/// The grammars, compiled once for every thread that highlights.
fn store() -> Arc<GrammarStore> {
    static STORE: OnceLock<Arc<GrammarStore>> = OnceLock::new();
    STORE.get_or_init(|| Arc::new(GrammarStore::new())).clone()
}

fn config() -> Config {
    Config {
        // Code inside code (CSS and scripts in HTML, a regex in a string) one level deep.
        max_injection_depth: 1,
        html_format: HtmlFormat::ClassNamesWithPrefix(CODE_CLASS.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_language_as_fences_write_it() {
        assert_eq!(language("python"), Language::Known("python"));
        assert_eq!(language("py"), Language::Known("python"));
        assert_eq!(language("JS"), Language::Known("javascript"));
        assert_eq!(language("rust,ignore"), Language::Known("rust"));
        assert_eq!(language("{.yaml}"), Language::Known("yaml"));
        assert_eq!(language("sh title=\"setup\""), Language::Known("bash"));
        assert_eq!(language(""), Language::Plain);
        assert_eq!(language("text"), Language::Plain);
        assert_eq!(language("Console"), Language::Plain);
        assert_eq!(language("zsh"), Language::Known("bash"));
        assert_eq!(language("postgresql"), Language::Known("sql"));
        assert_eq!(language("brainfudge"), Language::Unknown("brainfudge"));
    }

    #[test]
    fn highlights_with_classes_and_escapes_the_code() {
        let html = highlight("python", "if a < b:\n    print(\"<x>\")\n").expect("python");
        assert!(
            html.contains("<span class=\"hl-keyword\">if</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;"), "{html}");
        assert!(!html.contains("<x>"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.ends_with('\n'));
    }

    #[test]
    fn every_known_language_has_its_grammar() {
        for name in KNOWN {
            assert!(highlight(name, "x\n").is_some(), "{name}");
        }
    }
}
