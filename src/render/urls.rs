//! Every internal URL of a built site, from one base path, so that the same build works at a
//! domain root (`/`) and under a GitHub Pages project path (`/repo/`).

/// Builds internal URLs and output paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// The base path: starts and ends with `/`.
    pub base_path: String,
    /// `https://host`, when known, for canonical links and the sitemap.
    pub origin: Option<String>,
}

impl Urls {
    /// URLs under `base_path` (which must start and end with `/`).
    pub fn new(base_path: &str, origin: Option<&str>) -> Self {
        Urls {
            base_path: base_path.to_string(),
            origin: origin.map(str::to_string),
        }
    }

    /// The landing page.
    pub fn home(&self) -> String {
        self.base_path.clone()
    }

    /// The matrix page.
    pub fn matrix(&self) -> String {
        format!("{}matrix/", self.base_path)
    }

    /// An option's page.
    pub fn option(&self, slug: &str) -> String {
        format!("{}{}", self.base_path, option_dir(slug))
    }

    /// Any file of the output, by its output path (`matrix.json`).
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The absolute form of an internal URL, if the origin is known.
    pub fn absolute(&self, url: &str) -> Option<String> {
        self.origin.as_ref().map(|o| format!("{o}{url}"))
    }
}

/// The folder of an option's page, from the site's root (`options/flask/`).
pub fn option_dir(slug: &str) -> String {
    format!("options/{slug}/")
}

/// The output file of an option's page.
pub fn option_page(slug: &str) -> String {
    format!("options/{slug}/index.html")
}

/// The output file of the landing page.
pub const HOME_PAGE: &str = "index.html";
/// The output file of the matrix page.
pub const MATRIX_PAGE: &str = "matrix/index.html";
/// The output file of the not-found page.
pub const NOT_FOUND_PAGE: &str = "404.html";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_the_base_path() {
        let urls = Urls::new("/repo/", Some("https://u.github.io"));
        assert_eq!(urls.option("flask"), "/repo/options/flask/");
        assert_eq!(urls.matrix(), "/repo/matrix/");
        assert_eq!(
            urls.absolute(&urls.home()).as_deref(),
            Some("https://u.github.io/repo/")
        );
    }
}
