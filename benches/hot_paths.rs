//! Criterion benchmarks of the build's hottest paths, on a rich site made like
//! `bench/gen_rich.py` makes one: the example's schema and options, cloned to 300 options, each
//! with a generated body of about 900 words (headings, a list, code, a table, links).
//!
//! `cargo bench --bench hot_paths` prints the figures; nothing here asserts a time.

// criterion_group! and criterion_main! write functions without doc comments.
#![allow(missing_docs)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use tradeoff::diag::{Origin, Severity};
use tradeoff::pipeline::{self, Address, Request};
use tradeoff::project::Project;
use tradeoff::render::assets::AssetLinks;
use tradeoff::render::standings::DefaultRanking;

/// Options in the benchmark site.
const OPTIONS: usize = 300;

/// A body of about 900 words that mentions `other` (another option's file).
fn generated_body(seed: usize, other: &str) -> String {
    let words = [
        "router",
        "handler",
        "schema",
        "typed",
        "session",
        "worker",
        "queue",
        "cache",
        "fast",
        "explicit",
        "modular",
        "request",
        "template",
        "robust",
        "plugin",
        "migration",
    ];
    let mut body = String::new();
    for (section, title) in ["Overview", "Getting started", "Architecture", "Performance"]
        .iter()
        .enumerate()
    {
        let _ = writeln!(body, "\n## {title}\n");
        for sentence in 0..14 {
            let mut line = String::new();
            for word in 0..16 {
                let w = words[(seed * 7 + section * 13 + sentence * 5 + word * 3) % words.len()];
                line.push_str(if word == 0 { "The" } else { w });
                line.push(' ');
            }
            let _ = write!(
                body,
                "{}*{}*. ",
                line.trim_end(),
                words[sentence % words.len()]
            );
        }
        body.push('\n');
    }
    let _ = write!(
        body,
        "\n```python\napp = App(\"bench\")\n```\n\n- the router: small\n- the queue: robust\n\n\
         | Workload | Requests/s |\n|---|---:|\n| JSON echo | {} |\n\nCompare with [the next one]({other}).\n",
        1000 + seed
    );
    body
}

/// The benchmark site in a temporary folder: the example's `site.toml` and landing text, and
/// its six options cloned to [`OPTIONS`].
fn rich_site() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content")).expect("create the content folder");
    fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    let content = repo.join("content");
    fs::copy(content.join("_index.md"), root.join("content/_index.md")).expect("copy _index.md");
    let mut originals: Vec<(String, String)> = fs::read_dir(&content)
        .expect("the example's content")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            (name.ends_with(".md") && name != "_index.md")
                .then(|| (name, fs::read_to_string(&path).expect("an example option")))
        })
        .collect();
    originals.sort();
    for i in 0..OPTIONS {
        let (name, text) = &originals[i % originals.len()];
        let stem = name.trim_end_matches(".md");
        let (file, text) = if i < originals.len() {
            (name.clone(), text.clone())
        } else {
            let cloned = text.replacen("\ntitle = \"", &format!("\ntitle = \"{i} "), 1);
            let other = &originals[(i + 1) % originals.len()].0;
            (
                format!("{stem}-{i}.md"),
                format!("{}{}", cloned.trim_end(), generated_body(i, other)),
            )
        };
        fs::write(root.join("content").join(file), text).expect("write an option");
    }
    (dir, root)
}

fn request() -> Request<'static> {
    Request {
        address: Address::Published(None),
        asset_links: AssetLinks::Hashed,
        subpath: Severity::Error,
        pages: Origin::Rendered,
        today: pipeline::today(),
        stop: None,
    }
}

fn hot_paths(c: &mut Criterion) {
    let (_dir, root) = rich_site();
    let project = Project::new(Some(root), None);
    let run = pipeline::run_once(&project, &request());
    assert!(run.succeeded(), "{:?}", run.diagnostics);

    let mut group = c.benchmark_group("rich site, 300 options");
    group.sample_size(10);
    group.bench_function("read, render and check everything (check)", |b| {
        b.iter(|| pipeline::run_once(&project, &request()))
    });
    group.finish();

    let page = run
        .output
        .iter()
        .find(|(path, _)| path.starts_with("options/") && path.ends_with("/index.html"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("an option page");
    c.bench_function("scan one option page's links and ids", |b| {
        b.iter(|| tradeoff::html::scan(std::hint::black_box(&page)).urls.len())
    });

    let site = run.site.as_ref().expect("the site");
    c.bench_function("rank 300 options with the default weights", |b| {
        b.iter(|| DefaultRanking::new(site))
    });
    let ranking = DefaultRanking::new(site);
    c.bench_function(
        "robustness of the default ranking (flips, win shares)",
        |b| b.iter(|| ranking.robustness()),
    );
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
