//! `tradeoff serve`'s machinery: watching the site's files ([`watch`]) and turning each change
//! into the smallest rebuild ([`rebuild`], keeping what it rendered in [`cache`]). Nothing here
//! prints.

pub mod cache;
pub mod rebuild;
pub mod watch;
