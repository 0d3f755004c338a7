//! `site.toml`: decoded and read against every rule of the schema. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradeoff::config::SiteConfig;
use tradeoff::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = SourceFile::from_bytes("site.toml".to_string(), data.to_vec()) {
        let _ = SiteConfig::parse(&source);
    }
});
