//! The modules' documented order holds: each module of the library uses only the modules
//! listed above it in `src/lib.rs`'s documentation, never one below it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules in the order `src/lib.rs` documents them (`//! - [`name`]: …`).
fn documented_order(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|line| line.strip_prefix("//! - [`"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_string()))
        .collect()
}

/// Every `.rs` file of a module: `src/name.rs` or everything under `src/name/`.
fn module_files(src: &Path, name: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{name}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(name)];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("a module folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The crate's top-level modules a file names (`crate::site::…`, `use crate::{site, …}`).
fn crate_modules_used(text: &str, modules: &[String]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|part| part.trim().split("::").next().unwrap_or("").trim())
                .collect(),
            None => vec![
                rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or(""),
            ],
        };
        used.extend(
            names
                .into_iter()
                .filter(|name| modules.iter().any(|m| m == name))
                .map(str::to_string),
        );
    }
    used
}

#[test]
fn no_module_uses_one_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let order = documented_order(&lib);
    assert!(order.len() > 10, "lib.rs documents the modules: {order:?}");
    let mut upward = Vec::new();
    for (position, module) in order.iter().enumerate() {
        for file in module_files(&src, module) {
            let text = fs::read_to_string(&file).expect("a source file");
            // Doc links and comments name modules without using them.
            let code: String = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for used in crate_modules_used(&code, &order) {
                let below = order.iter().position(|m| *m == used).expect("a module");
                if below > position {
                    upward.push(format!(
                        "{} uses {used}, which lib.rs lists below {module}",
                        file.strip_prefix(&src).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_nested_uses() {
    let modules: Vec<String> = ["diag", "site", "render"].map(String::from).to_vec();
    let used = crate_modules_used(
        "use crate::{diag::Diagnostic, site};\nlet x = crate::render::urls::home();",
        &modules,
    );
    assert_eq!(used, modules.iter().cloned().collect());
}
