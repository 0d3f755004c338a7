//! Options' content files: splitting front matter from Markdown, checking front matter
//! against the schema into a [`Candidate`], rendering Markdown with checked links, the text of
//! the option files tradeoff writes itself ([`draft`]), and splitting comparison documents
//! into such files ([`import`]); the decision on record ([`decision`]); raters' scores ([`ratings`]).
//! Uses [`crate::config`], [`crate::fields`], [`crate::source`] and [`crate::diag`].

pub mod candidate;
pub mod decision;
pub mod draft;
pub mod front_matter;
pub mod highlight;
pub mod import;
pub mod markdown;
pub mod ratings;

pub use candidate::{Candidate, Landing, Score, Value};
