//! The built-in theme, compiled into the binary from this repository's `templates/` and
//! `static/`, so that a site without its own templates still builds anywhere.

use include_dir::{Dir, DirEntry, include_dir};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// A file of the built-in theme: its `/`-separated path inside `templates/` or `static/`.
#[derive(Debug, Clone, Copy)]
pub struct ThemeFile {
    /// The path relative to the theme folder.
    pub path: &'static str,
    /// The file's bytes.
    pub contents: &'static [u8],
}

fn files(dir: &'static Dir<'static>) -> Vec<ThemeFile> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(sub) => stack.push(sub),
                DirEntry::File(file) => {
                    if let Some(path) = file.path().to_str() {
                        out.push(ThemeFile {
                            path,
                            contents: file.contents(),
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|f| f.path);
    out
}

/// The built-in templates, sorted by path.
pub fn templates() -> Vec<ThemeFile> {
    files(&TEMPLATES)
}

/// The built-in static files, sorted by path.
pub fn static_files() -> Vec<ThemeFile> {
    files(&STATIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_has_every_page_template_and_a_stylesheet() {
        let names: Vec<_> = templates().iter().map(|f| f.path).collect();
        for page in [
            "base.html",
            "index.html",
            "matrix.html",
            "option.html",
            "404.html",
        ] {
            assert!(names.contains(&page), "{page} missing from {names:?}");
        }
        assert!(static_files().iter().any(|f| f.path == "css/style.css"));
    }
}
