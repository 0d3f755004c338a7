//! The site's search index, made at build time from what each option's page shows (its
//! name, statements, values, reasons and body) and read by the built-in `js/search.js`.
//!
//! The index is split so that a query fetches little whatever the site's size:
//! [`INDEX_FILE`] lists the shards; each shard (`search/terms/<hex of its prefix>.json`)
//! holds the words that start with its prefix, each with the options it is in and how much
//! it weighs there; `search/docs/<n>.json` holds the names and paths of options
//! `n * DOCS_PER_FILE ..`. A shard that would be larger than 48 KB is split by
//! one more letter, its words of exactly its prefix staying in it. Words are runs of letters
//! and digits, lowercased; a few very common English words are left out.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::builtin::{self, Fact, FieldKind};
use crate::content::{Candidate, Value};

/// The file that lists the shards and the number of options.
pub const INDEX_FILE: &str = "search/index.json";

/// How many options each `search/docs/<n>.json` file names.
pub const DOCS_PER_FILE: usize = 100;

/// A shard's size (its JSON, uncompressed) past which it is split by one more letter.
const SHARD_BYTES: usize = 48 * 1024;

/// Longer runs of letters are not words a reader types (hashes, identifiers, encodings).
const MAX_WORD_CHARS: usize = 40;

/// How much a word counts by where it stands on the page.
const TITLE_WEIGHT: u32 = 16;
const SUMMARY_WEIGHT: u32 = 6;
const STATEMENT_WEIGHT: u32 = 3;
const VALUE_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;

/// Words too common to tell options apart; `search.js` drops the same ones from queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "its", "of", "on", "or", "s", "so", "t", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "were", "will", "with",
];

/// Calls `f` with each word of `text`, lowercased, in order (stop words and overlong runs
/// left out).
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut start = None;
    let mut emit = |word: &str| {
        if word.chars().nth(MAX_WORD_CHARS).is_some() {
            return;
        }
        let lower = word.to_lowercase();
        if !STOP_WORDS.contains(&lower.as_str()) {
            f(&lower);
        }
    };
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            emit(&text[from..at]);
        }
    }
    if let Some(from) = start {
        emit(&text[from..]);
    }
}

/// One option's words, each with its weight (the sum of where it stands), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTerms(Vec<(Box<str>, u32)>);

impl DocTerms {
    /// The words of `candidate` and of its rendered body's text.
    pub fn new(candidate: &Candidate, body_text: &str) -> DocTerms {
        let mut counts: HashMap<String, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut add = |text: &str, weight: u32| {
            words(text, |word| {
                let count = counts.entry(word.to_string()).or_default();
                *count = count.saturating_add(weight);
            })
        };
        add(&candidate.title, TITLE_WEIGHT);
        for field in builtin::FIELDS {
            let weight = match field.key {
                builtin::SUBTITLE | builtin::BEST_FOR => SUMMARY_WEIGHT,
                _ => STATEMENT_WEIGHT,
            };
            match (field.kind, candidate.facts.get(field.key)) {
                (FieldKind::Url | FieldKind::Slug | FieldKind::Name, _) => {}
                (_, Some(Fact::Text(text))) => add(text, weight),
                (_, Some(Fact::Statements(items))) => items.iter().for_each(|s| add(s, weight)),
                _ => {}
            }
        }
        for value in candidate.values.values() {
            match value {
                Value::Text(text) => add(text, VALUE_WEIGHT),
                Value::Tags(items) | Value::List(items) => {
                    items.iter().for_each(|s| add(s, VALUE_WEIGHT))
                }
                Value::Score(score) => {
                    if let Some(why) = &score.why {
                        add(why, VALUE_WEIGHT);
                    }
                }
                Value::Bool(_) => {}
            }
        }
        add(body_text, BODY_WEIGHT);
        let mut terms: Vec<(Box<str>, u32)> = counts
            .into_iter()
            .map(|(word, weight)| (word.into_boxed_str(), weight))
            .collect();
        terms.sort_unstable();
        DocTerms(terms)
    }

    /// The words and their weights, sorted by word.
    pub fn terms(&self) -> &[(Box<str>, u32)] {
        &self.0
    }
}

/// What a search result shows of an option.
#[derive(Debug, Clone, Copy)]
pub struct DocEntry<'a> {
    /// Its page's path from the site's root (`options/flask/`).
    pub path: &'a str,
    /// Its name.
    pub title: &'a str,
    /// Its subtitle, if it has one.
    pub subtitle: Option<&'a str>,
}

/// The shard file of the words starting with `prefix`.
pub fn shard_path(prefix: &str) -> String {
    let mut path = String::from("search/terms/");
    for byte in prefix.bytes() {
        let _ = write!(path, "{byte:02x}");
    }
    path.push_str(".json");
    path
}

/// The index's files for `docs`, in the order the site lists them (a result's number is its
/// place there).
pub fn index_files(docs: &[(&DocTerms, DocEntry<'_>)]) -> Vec<(String, Vec<u8>)> {
    // Each word's postings: the options it is in, ascending, each with its weight there.
    let mut postings: HashMap<&str, Vec<(u32, u32)>, foldhash::fast::FixedState> =
        HashMap::default();
    for (doc, (terms, _)) in docs.iter().enumerate() {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        for (term, weight) in terms.terms() {
            postings.entry(term).or_default().push((doc, *weight));
        }
    }
    let mut terms: Vec<(&str, Vec<(u32, u32)>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut shards: Vec<(String, Vec<u8>)> = Vec::new();
    split(&terms, 1, &mut shards);

    let mut files = Vec::with_capacity(shards.len() + docs.len() / DOCS_PER_FILE + 2);
    let prefixes: Vec<&str> = shards.iter().map(|(prefix, _)| prefix.as_str()).collect();
    let index = serde_json::json!({
        "version": 1,
        "documents": docs.len(),
        "per_file": DOCS_PER_FILE,
        "shards": prefixes,
    });
    files.push((INDEX_FILE.to_string(), index.to_string().into_bytes()));
    for (n, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let entries: Vec<serde_json::Value> = chunk
            .iter()
            .map(|(_, e)| serde_json::json!([e.path, e.title, e.subtitle.unwrap_or_default()]))
            .collect();
        let json = serde_json::Value::Array(entries).to_string().into_bytes();
        files.push((format!("search/docs/{n}.json"), json));
    }
    for (prefix, json) in shards {
        files.push((shard_path(&prefix), json));
    }
    files
}

/// The first `n` characters of `term` (all of it when shorter).
fn prefix(term: &str, n: usize) -> &str {
    term.char_indices()
        .nth(n)
        .map_or(term, |(at, _)| &term[..at])
}

/// Groups sorted `terms` by their first `depth` characters into shards, splitting a group
/// that would be too large by one more character.
fn split(terms: &[(&str, Vec<(u32, u32)>)], depth: usize, shards: &mut Vec<(String, Vec<u8>)>) {
    let mut start = 0;
    while start < terms.len() {
        let head = prefix(terms[start].0, depth);
        let end = start
            + terms[start..]
                .iter()
                .take_while(|(term, _)| prefix(term, depth) == head)
                .count();
        let group = &terms[start..end];
        let json = shard_json(group);
        // Words no longer than the prefix stay; the rest, when too many, go one level down.
        let exact = group
            .iter()
            .take_while(|(term, _)| term.chars().nth(depth).is_none())
            .count();
        if json.len() > SHARD_BYTES && exact < group.len() {
            shards.push((head.to_string(), shard_json(&group[..exact])));
            split(&group[exact..], depth + 1, shards);
        } else {
            shards.push((head.to_string(), json));
        }
        start = end;
    }
}

/// A shard's JSON: `{"word": [option, weight, option, weight…]}`, each option number the
/// difference from the one before it.
fn shard_json(terms: &[(&str, Vec<(u32, u32)>)]) -> Vec<u8> {
    let size: usize = terms.iter().map(|(t, p)| t.len() + 6 + p.len() * 6).sum();
    let mut json = String::with_capacity(size + 2);
    json.push('{');
    for (n, (term, postings)) in terms.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::Value::from(*term).to_string());
        json.push_str(":[");
        let mut last = 0;
        for (i, (doc, weight)) in postings.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{},{weight}", doc - last);
            last = *doc;
        }
        json.push(']');
    }
    json.push('}');
    json.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_lowercased_runs_of_letters_and_digits_without_stop_words() {
        assert_eq!(
            all_words("The ÉCOLE's Node.js v18 — and ΟΔΟΣ"),
            ["école", "node", "js", "v18", "οδος"]
        );
        assert_eq!(all_words(&"x".repeat(41)), Vec::<String>::new());
    }

    #[test]
    fn shards_split_when_large_and_keep_their_exact_words() {
        let postings: Vec<(u32, u32)> = (0..6000).map(|d| (d, 1)).collect();
        let terms: Vec<(&str, Vec<(u32, u32)>)> = vec![
            ("p", postings.clone()),
            ("pa", postings.clone()),
            ("pb", postings.clone()),
            ("q", vec![(0, 2)]),
        ];
        let mut shards = Vec::new();
        split(&terms, 1, &mut shards);
        let names: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["p", "pa", "pb", "q"]);
        assert!(String::from_utf8_lossy(&shards[0].1).starts_with("{\"p\":[0,1,1,1,"));
        assert_eq!(shards[3].1, b"{\"q\":[0,2]}");
        assert_eq!(shard_path("pé"), "search/terms/70c3a9.json");
    }
}
