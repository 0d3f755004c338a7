//! The starter site that `tradeoff init` writes, compiled into the binary from this
//! repository's `starter/` folder: settings with a small schema, a landing page, one sample
//! option, a `.gitignore` and a GitHub Pages workflow. Fills in the site's title and where the
//! workflow installs tradeoff from. Uses [`crate::content::draft`] to quote the title.

use std::path::Path;

use crate::content::draft::toml_string;

/// A file of the starter site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    /// The path relative to the new site's root, `/`-separated.
    pub path: &'static str,
    /// The file's text, placeholders filled in.
    pub contents: String,
}

/// The workflow's path in a site.
pub const WORKFLOW: &str = ".github/workflows/pages.yml";

/// The `.gitignore` of a site.
pub const GITIGNORE: &str = ".gitignore";

/// The sample option's path in a new site.
pub const SAMPLE_OPTION: &str = "content/example.md";

/// The placeholder of the repository URL left in the workflow when no URL is known.
pub const UNKNOWN_GIT: &str = "https://github.com/OWNER/tradeoff";

const TITLE_SLOT: &str = "\"@TITLE@\"";
const GIT_SLOT: &str = "\"@TRADEOFF_GIT@\"";

const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("../starter/site.toml")),
    (
        "content/_index.md",
        include_str!("../starter/content/_index.md"),
    ),
    (SAMPLE_OPTION, include_str!("../starter/content/example.md")),
    (
        "content/ratings/your-name.toml",
        include_str!("../starter/content/ratings/your-name.toml"),
    ),
    (GITIGNORE, include_str!("../starter/.gitignore")),
    (
        WORKFLOW,
        include_str!("../starter/.github/workflows/pages.yml"),
    ),
];

/// Whether the file at `path` in the site at `root` is a content file of the starter site
/// exactly as `init` wrote it: a sample meant to be replaced, whose loss loses nobody's work.
pub fn is_untouched_sample(root: &Path, path: &str) -> bool {
    let Some((_, text)) = FILES
        .iter()
        .find(|(starter, _)| *starter == path && path.starts_with("content/"))
    else {
        return false;
    };
    std::fs::read(root.join(path)).is_ok_and(|bytes| bytes == text.as_bytes())
}

/// Where tradeoff comes from, as this binary was built: the `repository` of its Cargo.toml.
pub fn default_git() -> Option<&'static str> {
    Some(env!("CARGO_PKG_REPOSITORY")).filter(|url| !url.trim().is_empty())
}

/// Checks a git URL for the workflow: an `https://` URL with a host.
pub fn check_git_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|err| {
        format!("expected a URL such as https://github.com/user/tradeoff ({err})")
    })?;
    // The workflow runs what it fetches: only https:// is both authenticated and public
    // (http:// and git:// can be tampered with on the way, ssh:// needs a key in CI).
    if parsed.scheme() != "https" {
        return Err(format!(
            "expected an https:// URL of a public repository, found a `{}:` URL",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("the URL names no host".into());
    }
    Ok(())
}

/// The starter site's files for a site called `title`, whose workflow installs tradeoff from
/// `git` (or [`UNKNOWN_GIT`], for the user to edit).
pub fn files(title: &str, git: Option<&str>) -> Vec<StarterFile> {
    // A YAML double-quoted scalar escapes like a JSON string.
    let git = serde_json::Value::String(git.unwrap_or(UNKNOWN_GIT).to_string()).to_string();
    FILES
        .iter()
        .map(|(path, template)| StarterFile {
            path,
            contents: template
                .replace(TITLE_SLOT, &toml_string(title))
                .replace(GIT_SLOT, &git),
        })
        .collect()
}

/// A site title from its folder's name: `pick-a-database` → `Pick a database`.
pub fn title_from_folder(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let spaced = words.join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Our decision".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::source::SourceFile;

    #[test]
    fn fills_in_the_title_and_the_repository() {
        let files = files(
            "Pick a \"database\"",
            Some("https://example.org/t/tradeoff"),
        );
        let config = files
            .iter()
            .find(|f| f.path == "site.toml")
            .expect("site.toml");
        let parsed = SiteConfig::parse(&SourceFile::from_text("site.toml", &*config.contents))
            .expect("the starter's site.toml is valid");
        assert_eq!(parsed.title, "Pick a \"database\"");
        let workflow = files.iter().find(|f| f.path == WORKFLOW).expect("workflow");
        assert!(
            workflow
                .contents
                .contains("TRADEOFF_GIT: \"https://example.org/t/tradeoff\""),
            "{}",
            workflow.contents
        );
        for file in &files {
            assert!(!file.contents.contains("@TITLE@"), "{}", file.path);
            assert!(!file.contents.contains("@TRADEOFF_GIT@"), "{}", file.path);
        }
    }

    #[test]
    fn the_workflow_is_yaml_and_publishes_with_the_pages_base_url() {
        let text = &files("T", None)
            .into_iter()
            .find(|f| f.path == WORKFLOW)
            .expect("workflow")
            .contents;
        for event in saphyr_parser::Parser::new_from_str(text) {
            if let Err(err) = event {
                panic!("the workflow is not valid YAML: {err}");
            }
        }
        for needed in [
            "actions/configure-pages@",
            "steps.pages.outputs.base_url",
            "--base-url \"$BASE_URL\"",
            "cargo install --locked --git \"$TRADEOFF_GIT\"",
            "releases/latest/download",
            "sha256sum --check",
            "tradeoff check --format github",
            "pull_request:",
            "persist-credentials: false",
            "github.event.repository.default_branch",
            "actions/upload-pages-artifact@",
            "actions/deploy-pages@",
            UNKNOWN_GIT,
        ] {
            assert!(text.contains(needed), "the workflow lacks {needed}");
        }
    }

    #[test]
    fn urls_and_titles() {
        assert!(check_git_url("https://github.com/u/tradeoff").is_ok());
        assert!(check_git_url("github.com/u/tradeoff").is_err());
        assert!(check_git_url("file:///tmp/x").is_err());
        assert_eq!(title_from_folder("pick-a-database"), "Pick a database");
        assert_eq!(title_from_folder("--"), "Our decision");
    }
}
