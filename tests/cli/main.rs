//! Runs the real `tradeoff` binary on fixture sites copied into temporary folders and checks
//! what a user would see: the files written, the pages' content, every error message.

mod build;
mod completions;
mod decision;
mod errors;
mod example;
mod faults;
mod formats;
mod import;
mod init;
mod limits;
mod new;
mod raters;
mod reading;
mod reviews;
mod serve;
mod subpath;
mod support;
