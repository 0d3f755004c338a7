//! An option file and the landing page's: decoded, front matter split off and read, with the
//! example's schema and without one (as when site.toml is broken). Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;
use tradeoff::config::SiteConfig;
use tradeoff::content::candidate::{Candidate, Landing};
use tradeoff::content::front_matter;
use tradeoff::source::SourceFile;

const SCHEMA: &str = include_str!("../../site.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("content/fuzz.md".to_string(), data.to_vec()) else {
        return;
    };
    let _ = front_matter::split(&source);
    let _ = front_matter::split_optional(&source);
    let config = SiteConfig::parse(&SourceFile::from_text("site.toml", SCHEMA)).ok();
    let source = Arc::new(source);
    let _ = Candidate::read(Arc::clone(&source), "fuzz.md", config.as_ref());
    let _ = Candidate::read(Arc::clone(&source), "fuzz.md", None);
    let _ = Landing::parse((*source).clone());
});
