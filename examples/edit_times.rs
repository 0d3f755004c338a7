//! How long `serve`'s rebuild takes for one edit, in process (no file watcher, no HTTP):
//! reads the site at ROOT, builds it, then ROUNDS times edits the middle option's front matter
//! (`best_for`, which reaches the listings and exports) and its body, timing each
//! `LiveSite::update`, and prints the median, fastest and slowest. Restores the file after.
//!
//! ```text
//! python3 bench/gen_corpus.py 1000 /tmp/s1k
//! cargo run --release --example edit_times -- /tmp/s1k 15
//! ```
//!
//! `ONLY=front` or `ONLY=body` runs one kind of edit; `ONE_THREAD=1` runs everything on the
//! calling thread, so that `valgrind --tool=callgrind --toggle-collect='edit_times::measured_update'`
//! counts the instructions of the updates alone (a figure that does not move with the load
//! of the machine). Not a test: compare figures measured in one run.

use std::collections::BTreeSet;
use std::time::Instant;

use tradeoff::pipeline::ChangeKind;
use tradeoff::project::Project;
use tradeoff::serve::rebuild::{LiveSite, Outcome};

#[inline(never)]
fn measured_update(site: &mut LiveSite, name: &str) -> Outcome {
    site.update(&BTreeSet::from([ChangeKind::Candidate(name.to_string())]))
}

fn main() {
    if std::env::var_os("ONE_THREAD").is_some() {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global()
            .expect("the only thread pool");
    }
    let only = std::env::var("ONLY").ok();
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: edit_times ROOT [ROUNDS]");
    let rounds: usize = args
        .next()
        .map_or(10, |s| s.parse().expect("ROUNDS, a number"));
    let project = Project::new(Some(root.clone().into()), None);
    let started = Instant::now();
    let (mut site, _) = LiveSite::new(project, "/".into(), "http://127.0.0.1:1111".into());
    println!(
        "first build: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let content = std::path::Path::new(&root).join("content");
    let mut names: Vec<String> = std::fs::read_dir(&content)
        .expect("a content folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .collect();
    names.sort();
    let name = names[names.len() / 2].clone();
    let path = content.join(&name);
    let original = std::fs::read_to_string(&path).expect("the option file");
    for kind in ["front", "body"] {
        if only.as_deref().is_some_and(|o| o != kind) {
            continue;
        }
        let mut times = Vec::new();
        for i in 0..rounds {
            let text = if kind == "front" {
                original.replacen("best_for = \"", &format!("best_for = \"Edited {i} "), 1)
            } else {
                format!("{original}\nEdited {i}.\n")
            };
            std::fs::write(&path, text).expect("write the option");
            let started = Instant::now();
            let outcome = measured_update(&mut site, &name);
            times.push(started.elapsed().as_secs_f64() * 1e3);
            if let Outcome::Failed { diagnostics } = outcome {
                panic!("the edit failed: {diagnostics:#?}");
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{kind} edit: median {:.1} ms, fastest {:.1}, slowest {:.1} ({rounds} edits of {name})",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
    std::fs::write(&path, original).expect("restore the option");
}
