//! `tradeoff import`: a document read in each format (sections, MADR, table) and through the
//! format's detection, planned and described. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeoff::config::SiteConfig;
use tradeoff::content::import::{self, blocks, madr, sections, table, yaml};
use tradeoff::source::SourceFile;

const SCHEMA: &str = include_str!("../../site.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("doc.md".to_string(), data.to_vec()) else {
        return;
    };
    let Ok(config) = SiteConfig::parse(&SourceFile::from_text("site.toml", SCHEMA)) else {
        return;
    };
    let Ok((meta, body)) = yaml::front_matter(&source) else {
        return;
    };
    let blocks = blocks::blocks(&source.text, body);
    let _ = madr::import(&source, &blocks, meta.clone());
    let _ = sections::import(&source, &blocks, meta.clone());
    let _ = table::import(&source, &blocks, &config, meta.clone(), None);
    let _ = table::import(&source, &blocks, &config, meta, Some(1));
    // Links are resolved as for a document with one file beside it and no address.
    let beside = |path: &str| path == "diagram.png";
    let surroundings = import::links::Surroundings {
        source_url: None,
        beside: &beside,
    };
    if let Ok(imported) = import::parse(&source, &config, &surroundings, None) {
        let plan = import::plan(&imported, &config);
        let _ = import::render_plan(&plan, &source, |_| "new", &[]);
    }
});
