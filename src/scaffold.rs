//! New files that `init`, `new` and `import` add to a site: planned as a whole, checked against
//! what is already on disk before anything is written, and never written over an existing file
//! unless the command was told to. Uses only [`crate::diag`].

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Kind, Severity};

/// One file to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// The path relative to the site root, `/`-separated.
    pub path: String,
    /// The file's bytes.
    pub contents: Vec<u8>,
    /// Whether something already exists at that path (checked when the file was added).
    pub exists: bool,
    /// Whether what exists is a sample the starter site wrote and nobody changed since,
    /// which the file may replace without being told to.
    pub replaces_sample: bool,
}

/// Files to create under one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    root: PathBuf,
    files: Vec<NewFile>,
}

impl FilePlan {
    /// An empty plan for files under `root`.
    pub fn new(root: &Path) -> Self {
        FilePlan {
            root: root.to_path_buf(),
            files: Vec::new(),
        }
    }

    /// Adds a file (`path` relative to the root, `/`-separated), noting whether it exists.
    pub fn add(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        let path = path.into();
        let exists = fs::symlink_metadata(self.root.join(&path)).is_ok();
        self.files.push(NewFile {
            path,
            contents: contents.into(),
            exists,
            replaces_sample: false,
        });
    }

    /// Lets each planned file replace an existing file that `is_sample` says (given the root
    /// and the path) is an unchanged sample: such a file no longer counts as existing.
    pub fn replace_samples(&mut self, is_sample: impl Fn(&Path, &str) -> bool) {
        for file in &mut self.files {
            if file.exists && is_sample(&self.root, &file.path) {
                file.exists = false;
                file.replaces_sample = true;
            }
        }
    }

    /// Removes a file the plan replaces by nothing (an unchanged sample); a failure is a
    /// warning, as everything else was written.
    pub fn remove(&self, path: &str) -> Option<Diagnostic> {
        fs::remove_file(self.root.join(path)).err().map(|err| {
            let mut warning = Diagnostic::file_system("remove", &shown(&self.root, path), err);
            warning.severity = Severity::Warning;
            warning.help("delete the file by hand")
        })
    }

    /// The planned files, in the order they were added.
    pub fn files(&self) -> &[NewFile] {
        &self.files
    }

    /// The paths of planned files that already exist.
    pub fn existing(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|f| f.exists)
            .map(|f| f.path.as_str())
            .collect()
    }

    /// The error for a plan that would overwrite files, naming every one of them; `force_flag`
    /// is the option that allows it, if the command has one.
    pub fn refusal(&self, force_flag: Option<&str>) -> Option<Diagnostic> {
        let existing = self.existing();
        if existing.is_empty() {
            return None;
        }
        let (what, them) = if existing.len() == 1 {
            ("a file that exists".to_string(), "it")
        } else {
            (format!("{} files that exist", existing.len()), "them")
        };
        let listed: Vec<String> = existing
            .iter()
            .map(|p| format!("  {}", shown(&self.root, p)))
            .collect();
        let help = match force_flag {
            Some(flag) => {
                format!("move or rename {them} first, or pass {flag} to replace {them}")
            }
            None => format!("move or rename {them} first"),
        };
        Some(
            Diagnostic::error(format!("refusing to overwrite {what}"))
                .with_kind(Kind::WouldOverwrite)
                .label(format!(
                    "nothing was written; it would replace:\n{}",
                    listed.join("\n")
                ))
                .help(help),
        )
    }

    /// Writes every file, creating folders. Without `overwrite`, a file that appeared since it
    /// was planned is left alone and reported; with it, existing files are replaced.
    pub fn write(&self, overwrite: bool) -> Result<(), Diagnostic> {
        for file in &self.files {
            let target = self.root.join(&file.path);
            let shown = shown(&self.root, &file.path);
            let failed = |err: io::Error| {
                Diagnostic::file_system("write", &shown, err).in_file(shown.clone())
            };
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(failed)?;
            }
            let mut options = fs::OpenOptions::new();
            options.write(true);
            if overwrite || file.replaces_sample {
                options.create(true).truncate(true);
            } else {
                options.create_new(true);
            }
            let mut handle = options.open(&target).map_err(failed)?;
            handle
                .write_all(&file.contents)
                .and_then(|()| handle.flush())
                .map_err(failed)?;
        }
        Ok(())
    }
}

/// A planned path as shown in messages: under the root when the root is not the current folder.
pub fn shown(root: &Path, path: &str) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        path.to_string()
    } else {
        format!(
            "{}/{path}",
            root.display().to_string().trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_and_names_every_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.md"), "old").expect("write");
        let mut plan = FilePlan::new(dir.path());
        plan.add("a.md", "new");
        plan.add("sub/b.md", "new");
        assert_eq!(plan.existing(), vec!["a.md"]);
        let refusal = plan.refusal(Some("--force")).expect("a.md exists");
        assert_eq!(refusal.message, "refusing to overwrite a file that exists");
        assert!(
            refusal.label.as_deref().unwrap_or("").ends_with("/a.md"),
            "{refusal:?}"
        );
        let err = plan.write(false).expect_err("a.md is never replaced");
        assert!(err.message.contains("a.md"), "{err:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.md")).ok().as_deref(),
            Some("old")
        );
        plan.write(true).expect("forced");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.md")).ok().as_deref(),
            Some("new")
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("sub/b.md"))
                .ok()
                .as_deref(),
            Some("new")
        );
    }
}
