//! `tradeoff serve`'s machinery: watching the site's files ([`watch`]), turning each change
//! into a run of the pipeline that remembers the last one ([`rebuild`]), and the
//! HTTP server with live reload and the error overlay ([`server`], [`live`]). The command that
//! drives them is [`crate::commands::serve`]; nothing here prints.

pub mod live;
pub mod rebuild;
pub mod server;
pub mod watch;
