//! Runs the real `tradeoff` binary on fixture sites copied into temporary folders and checks
//! what a user would see: the files written, the pages' content, every error message.

mod build;
mod errors;
mod example;
mod serve;
mod support;
