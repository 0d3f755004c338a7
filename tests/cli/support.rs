//! The `SiteTest` harness: a site copied into a temporary folder and the real `tradeoff`
//! binary run on it, with output normalised for snapshots.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary copy of a site.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    /// The site's root folder.
    pub root: PathBuf,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code.
    pub code: i32,
    /// Standard output, paths and timings redacted.
    pub stdout: String,
    /// Standard error, paths and timings redacted.
    pub stderr: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture folders are readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside the fixture"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create fixture folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

impl SiteTest {
    /// An empty folder.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).expect("create site folder");
        SiteTest { _dir: dir, root }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let test = Self::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), &test.root);
        test
    }

    /// A copy of the repository's example site (site.toml and content/, built-in theme).
    pub fn example() -> Self {
        let test = Self::empty();
        fs::copy(repo().join("site.toml"), test.root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo().join("content"), &test.root.join("content"));
        test
    }

    /// This repository's `site.toml` (its schema) with an empty `content/`.
    pub fn example_schema() -> Self {
        let test = Self::empty();
        fs::copy(repo().join("site.toml"), test.root.join("site.toml")).expect("copy site.toml");
        fs::create_dir_all(test.root.join("content")).expect("create content/");
        test
    }

    /// The path of a file of `tests/fixtures/`.
    pub fn fixture_path(path: &str) -> String {
        repo()
            .join("tests/fixtures")
            .join(path)
            .display()
            .to_string()
    }

    /// The text a reader sees on every built page, lowercase, tags dropped, entities decoded and
    /// spaces collapsed: for checking that statements reach the site.
    pub fn visible_text(&self) -> String {
        let tags = regex::Regex::new(r"<[^>]*>").expect("valid regex");
        let mut all = String::new();
        for (path, bytes) in self.tree("public") {
            if path.ends_with(".html") {
                let html = String::from_utf8(bytes).expect("pages are UTF-8");
                all.push_str(&unescape(&tags.replace_all(&html, " ")));
                all.push(' ');
            }
        }
        all.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// Writes a file of the site, creating folders.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).expect("create folder");
        }
        fs::write(target, contents).expect("write site file");
        self
    }

    /// Removes a file of the site.
    pub fn remove(&self, path: &str) -> &Self {
        fs::remove_file(self.root.join(path)).expect("remove site file");
        self
    }

    /// A file's text (panics if missing).
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root.join(path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    }

    /// Whether a path exists under the root.
    pub fn exists(&self, path: &str) -> bool {
        self.root.join(path).exists()
    }

    /// Runs `tradeoff <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_env(args, &[])
    }

    /// Runs `tradeoff <args>` in the site's folder with these environment variables set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env_remove("TRADEOFF_REPO")
            .envs(env.iter().copied())
            .output()
            .expect("the tradeoff binary runs");
        let root = self.root.display().to_string();
        let clean = |bytes: &[u8]| redact(&String::from_utf8_lossy(bytes), &root);
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
        }
    }

    /// Runs `tradeoff build` and insists it succeeds.
    pub fn build_ok(&self) -> Outcome {
        let out = self.run(&["build"]);
        assert_eq!(out.code, 0, "build failed:\n{}", out.stderr);
        out
    }

    /// Every file under `dir` (relative to the root) with its bytes, sorted.
    pub fn tree(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        let base = self.root.join(dir);
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&base)
            .into_iter()
            .map(|e| e.expect("readable"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&base)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, fs::read(e.path()).expect("readable"))
            })
            .collect();
        files.sort();
        files
    }
}

/// Replaces the temporary root with `[SITE]` and durations with `[TIME]`.
pub fn redact(text: &str, root: &str) -> String {
    let duration = regex::Regex::new(r"\b\d+(\.\d+)? (ms|s)\b").expect("valid regex");
    duration
        .replace_all(&text.replace(root, "[SITE]"), "[TIME]")
        .into_owned()
}

/// Text with HTML entities of the theme's escaping turned back into characters.
pub fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
