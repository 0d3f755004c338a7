//! tradeoff turns a folder of Markdown files, one per option, into a static site that helps a
//! team choose: a page per option, a comparison matrix, and machine-readable exports.
//!
//! The modules are listed in their dependency order: each may use the ones above it, never
//! the ones below.
//!
//! - [`diag`]: diagnostics as plain data (file, line, column, excerpt, message, help).
//! - [`source`]: reading input files once (UTF-8 check, BOM), offsets to line and column.
//! - [`report`]: diagnostics to terminal text, plain text and HTML.
//! - [`project`]: where a site's folders are.
//! - [`scaffold`]: new files for `init`, `new` and `import`, never written over existing ones.
//! - [`html`]: the URLs and ids in a piece of HTML.
//! - [`fields`]: typed reads from spanned TOML tables, with "did you mean" for unknown keys.
//! - [`builtin`]: the table of an option's built-in fields (title, slug, pros…) that every
//!   reader of them follows.
//! - [`config`]: `site.toml`: site settings and the criteria schema.
//! - [`content`]: front matter, the [`content::Candidate`] model, Markdown, drafts of new
//!   option files.
//! - [`site`]: the validated whole: discovery, ordering, cross-file checks.
//! - [`ranking`]: the ranking model: totals, ranges, ranks, flips and win shares, by hand-checkable
//!   formulas.
//! - [`theme`]: the built-in theme compiled into the binary.
//! - [`starter`]: the starter site `init` writes, compiled into the binary.
//! - [`output`]: the built site in memory (path → bytes) and its one-step commit to disk.
//! - [`render`]: templates, view structs, the matrix and its exports, SVG charts.
//! - [`pipeline`]: the one chain every command runs: read → parse → assemble → render →
//!   check, remembering its pieces between runs for `serve`.
//! - [`ui`]: progress and the summary line on stderr.
//! - [`serve`]: watching files, incremental rebuilds, the HTTP server with live reload.
//! - [`commands`]: build, check and friends: orchestration only.
//! - [`cli`]: the command line and the mapping to exit codes.

pub mod diag;
pub mod source;

pub mod project;
pub mod report;
pub mod scaffold;

pub mod fields;
pub mod html;

pub mod builtin;

pub mod config;
pub mod content;
pub mod ranking;
pub mod site;

pub mod starter;
pub mod theme;

pub mod output;
pub mod render;

pub mod pipeline;

pub mod ui;

pub mod serve;

pub mod commands;

pub mod cli;
