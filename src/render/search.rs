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

use bytes::Bytes;

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

/// Words too common to tell options apart; [`INDEX_FILE`] lists them, and `search.js` drops
/// them from queries.
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
        // At most four bytes a character: a short run needs no count.
        if word.len() > MAX_WORD_CHARS && word.chars().nth(MAX_WORD_CHARS).is_some() {
            return;
        }
        let lower: std::borrow::Cow<'_, str> = if word.bytes().any(|b| !b.is_ascii_lowercase()) {
            word.to_lowercase().into()
        } else {
            word.into()
        };
        // Every stop word is five letters or fewer.
        if lower.len() > 5 || !STOP_WORDS.contains(&lower.as_ref()) {
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

/// One option's words, each with its weight (the sum of where it stands), sorted: the words
/// in one string, a line each (a few bytes a word, as 10,000 options keep theirs for `serve`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTerms {
    words: String,
    weights: Vec<u32>,
}

impl DocTerms {
    /// The words of `candidate` and of its rendered body's text.
    pub fn new(candidate: &Candidate, body_text: &str) -> DocTerms {
        let mut counts: HashMap<String, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut add = |text: &str, weight: u32| {
            words(text, |word| match counts.get_mut(word) {
                Some(count) => *count = count.saturating_add(weight),
                None => {
                    counts.insert(word.to_string(), weight);
                }
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
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_unstable();
        let mut words = String::with_capacity(terms.iter().map(|(w, _)| w.len() + 1).sum());
        let mut weights = Vec::with_capacity(terms.len());
        for (word, weight) in terms {
            words.push_str(&word);
            words.push('\n');
            weights.push(weight);
        }
        DocTerms { words, weights }
    }

    /// The words and their weights, sorted by word.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words.lines().zip(self.weights.iter().copied())
    }
}

/// What a search result shows of an option.
#[derive(Debug, Clone, Copy)]
pub struct DocEntry<'a> {
    /// Its slug, which names its page (`options/<slug>/`).
    pub slug: &'a str,
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

/// One option's postings: its number and the word's weight there.
type Posting = (u32, u32);

/// The words of one first letter, and the shards made of them.
#[derive(Default)]
struct Group {
    postings: HashMap<Box<str>, Vec<Posting>, foldhash::fast::FixedState>,
    shards: Vec<(String, Bytes)>,
}

/// The search index as it stands, brought up to date option by option: `build` makes it once
/// from nothing, `serve` keeps it between edits and changes only the words an edit changed
/// (and the shards of their first letters). The files are the same either way.
#[derive(Default)]
pub struct SearchIndex {
    /// The options' file names, in the order of their numbers.
    order: Vec<String>,
    /// Each option's words, by file name.
    docs: HashMap<String, DocTerms, foldhash::fast::FixedState>,
    /// The words by their first letter, in order.
    groups: std::collections::BTreeMap<String, Group>,
    /// The `search/docs/` files and the key of what they list.
    doc_files: Option<(u64, Vec<(String, Bytes)>)>,
}

impl SearchIndex {
    /// Brings the index up to date with `docs`, the site's options in its order: each one's
    /// file name, what a result shows of it, and its words when they were made again since
    /// the last update (`None`: as they were; every option has them on the first update).
    /// Returns the index's files.
    pub fn update(
        &mut self,
        docs: Vec<(&str, DocEntry<'_>, Option<DocTerms>)>,
    ) -> Vec<(String, Bytes)> {
        let mut stale: std::collections::BTreeSet<String> = Default::default();
        let same_order = self.order.len() == docs.len()
            && self.order.iter().zip(&docs).all(|(a, (b, ..))| a == b);
        let mut fresh = Vec::new();
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, (name, entry, terms)) in docs.into_iter().enumerate() {
            entries.push((name, entry));
            if let Some(terms) = terms {
                fresh.push((number(doc), name, terms));
            }
        }
        if same_order {
            for (doc, name, terms) in fresh {
                let old = self.docs.remove(name).unwrap_or_default();
                self.change(doc, &old, &terms, &mut stale);
                self.docs.insert(name.to_string(), terms);
            }
        } else {
            // Options were added, removed or moved: their numbers changed, so every posting.
            for (_, name, terms) in fresh {
                self.docs.insert(name.to_string(), terms);
            }
            let keep: std::collections::HashSet<&str> = entries.iter().map(|(n, _)| *n).collect();
            self.docs.retain(|name, _| keep.contains(name.as_str()));
            self.order = entries.iter().map(|(n, _)| n.to_string()).collect();
            self.groups.clear();
            for (doc, name) in self.order.iter().enumerate() {
                let terms = self.docs.get(name.as_str()).map(|t| t.terms());
                for (term, weight) in terms.into_iter().flatten() {
                    let first = prefix(term, 1);
                    let group = match self.groups.get_mut(first) {
                        Some(group) => group,
                        None => self.groups.entry(first.to_string()).or_default(),
                    };
                    match group.postings.get_mut(term) {
                        Some(postings) => postings.push((number(doc), weight)),
                        None => {
                            group
                                .postings
                                .insert(term.into(), vec![(number(doc), weight)]);
                        }
                    }
                }
            }
            stale.extend(self.groups.keys().cloned());
        }
        self.remake(&stale);
        self.files(&entries)
    }

    /// Replaces option `doc`'s words `old` by `new` (both sorted), noting the groups changed.
    fn change(
        &mut self,
        doc: u32,
        old: &DocTerms,
        new: &DocTerms,
        stale: &mut std::collections::BTreeSet<String>,
    ) {
        let (mut old, mut new) = (old.terms().peekable(), new.terms().peekable());
        loop {
            let (term, weight) = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(&(o, ow)), Some(&(n, nw))) if o == n => {
                    old.next();
                    new.next();
                    if ow == nw {
                        continue;
                    }
                    (n, Some(nw))
                }
                (Some(&(o, _)), Some(&(n, _))) if o < n => {
                    old.next();
                    (o, None)
                }
                (Some(&(o, _)), None) => {
                    old.next();
                    (o, None)
                }
                (_, Some(&(n, nw))) => {
                    new.next();
                    (n, Some(nw))
                }
            };
            let first = prefix(term, 1);
            if !stale.contains(first) {
                stale.insert(first.to_string());
            }
            let group = self.groups.entry(first.to_string()).or_default();
            let postings = group.postings.entry(term.into()).or_default();
            let at = postings.binary_search_by_key(&doc, |p| p.0);
            match (at, weight) {
                (Ok(at), Some(weight)) => postings[at].1 = weight,
                (Err(at), Some(weight)) => postings.insert(at, (doc, weight)),
                (Ok(at), None) => {
                    postings.remove(at);
                }
                (Err(_), None) => {}
            }
            if postings.is_empty() {
                group.postings.remove(term);
            }
        }
    }

    /// Makes again the shards of the `stale` groups (each first letter on its own thread),
    /// and forgets the groups left without words.
    fn remake(&mut self, stale: &std::collections::BTreeSet<String>) {
        use rayon::prelude::*;
        self.groups.retain(|_, group| !group.postings.is_empty());
        let mut groups: Vec<&mut Group> = self
            .groups
            .iter_mut()
            .filter(|(first, _)| stale.contains(first.as_str()))
            .map(|(_, group)| group)
            .collect();
        groups.par_iter_mut().for_each(|group| {
            let mut terms: Vec<(&str, &Vec<Posting>)> =
                group.postings.iter().map(|(t, p)| (&**t, p)).collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut shards = Vec::new();
            split(&terms, 1, &mut shards);
            group.shards = shards
                .into_iter()
                .map(|(prefix, json)| (prefix, Bytes::from(json)))
                .collect();
        });
    }

    /// The index's files: the list of shards, the options' names, the shards.
    fn files(&mut self, entries: &[(&str, DocEntry<'_>)]) -> Vec<(String, Bytes)> {
        let prefixes: Vec<&str> = self
            .groups
            .values()
            .flat_map(|g| g.shards.iter().map(|(prefix, _)| prefix.as_str()))
            .collect();
        let index = serde_json::json!({
            "version": 1,
            "documents": entries.len(),
            "per_file": DOCS_PER_FILE,
            "stop_words": STOP_WORDS,
            "max_word_chars": MAX_WORD_CHARS,
            "shards": prefixes,
        });
        let mut files = vec![(INDEX_FILE.to_string(), Bytes::from(index.to_string()))];
        let key = {
            use std::hash::{Hash, Hasher};
            let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
            for (_, e) in entries {
                (e.slug, e.title, e.subtitle).hash(&mut hasher);
            }
            hasher.finish()
        };
        if self.doc_files.as_ref().is_none_or(|(k, _)| *k != key) {
            let made = entries
                .chunks(DOCS_PER_FILE)
                .enumerate()
                .map(|(n, chunk)| {
                    let list: Vec<serde_json::Value> = chunk
                        .iter()
                        .map(|(_, e)| {
                            let path = crate::render::urls::option_dir(e.slug);
                            serde_json::json!([path, e.title, e.subtitle.unwrap_or_default()])
                        })
                        .collect();
                    let json = serde_json::Value::Array(list).to_string();
                    (format!("search/docs/{n}.json"), Bytes::from(json))
                })
                .collect();
            self.doc_files = Some((key, made));
        }
        if let Some((_, doc_files)) = &self.doc_files {
            files.extend(doc_files.iter().cloned());
        }
        for group in self.groups.values() {
            files.extend(
                group
                    .shards
                    .iter()
                    .map(|(prefix, json)| (shard_path(prefix), json.clone())),
            );
        }
        files
    }
}

/// An option's number in the index.
fn number(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The first `n` characters of `term` (all of it when shorter).
fn prefix(term: &str, n: usize) -> &str {
    term.char_indices()
        .nth(n)
        .map_or(term, |(at, _)| &term[..at])
}

/// Groups sorted `terms` by their first `depth` characters into shards, splitting a group
/// that would be too large by one more character.
fn split(terms: &[(&str, &Vec<Posting>)], depth: usize, shards: &mut Vec<(String, Vec<u8>)>) {
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
fn shard_json(terms: &[(&str, &Vec<Posting>)]) -> Vec<u8> {
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
            push_number(&mut json, doc - last);
            json.push(',');
            push_number(&mut json, *weight);
            last = *doc;
        }
        json.push(']');
    }
    json.push('}');
    json.into_bytes()
}

/// Appends `n` in decimal (the shards hold millions of numbers at 10,000 options).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
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

    /// An option's words from a text, all of weight 1 per occurrence.
    fn terms_of(text: &str) -> DocTerms {
        let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
        words(text, |w| *counts.entry(w.to_string()).or_default() += 1);
        DocTerms {
            words: counts.keys().map(|w| format!("{w}\n")).collect(),
            weights: counts.values().copied().collect(),
        }
    }

    fn entry(slug: &str) -> DocEntry<'_> {
        DocEntry {
            slug,
            title: slug,
            subtitle: None,
        }
    }

    fn fresh_index(docs: &[(&str, &str)]) -> Vec<(String, Bytes)> {
        SearchIndex::default().update(
            docs.iter()
                .map(|(name, text)| (*name, entry(name), Some(terms_of(text))))
                .collect(),
        )
    }

    #[test]
    fn an_index_updated_edit_by_edit_is_the_index_made_afresh() {
        let mut index = SearchIndex::default();
        let first = [
            ("a", "alpha beta"),
            ("b", "beta gamma gamma"),
            ("c", "delta"),
        ];
        let made = index.update(
            first
                .iter()
                .map(|(n, t)| (*n, entry(n), Some(terms_of(t))))
                .collect(),
        );
        assert_eq!(made, fresh_index(&first));
        // One option's words change: some go, some come, one weighs more.
        let edited = [
            ("a", "alpha beta"),
            ("b", "beta beta epsilon"),
            ("c", "delta"),
        ];
        let made = index.update(vec![
            ("a", entry("a"), None),
            ("b", entry("b"), Some(terms_of(edited[1].1))),
            ("c", entry("c"), None),
        ]);
        assert_eq!(made, fresh_index(&edited));
        assert!(
            !made.iter().any(|(p, _)| p == &shard_path("g")),
            "gamma is gone"
        );
        // One is removed: the others' numbers change.
        let removed = [("a", "alpha beta"), ("c", "delta")];
        let made = index.update(vec![("a", entry("a"), None), ("c", entry("c"), None)]);
        assert_eq!(made, fresh_index(&removed));
    }

    #[test]
    fn shards_split_when_large_and_keep_their_exact_words() {
        let postings: Vec<(u32, u32)> = (0..6000).map(|d| (d, 1)).collect();
        let q = vec![(0, 2)];
        let terms: Vec<(&str, &Vec<Posting>)> = vec![
            ("p", &postings),
            ("pa", &postings),
            ("pb", &postings),
            ("q", &q),
        ];
        let mut shards = Vec::new();
        split(&terms, 1, &mut shards);
        let names: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["p", "pa", "pb", "q"]);
        assert!(String::from_utf8_lossy(&shards[0].1).starts_with("{\"p\":[0,1,1,1,"));
        assert_eq!(shards[3].1, b"{\"q\":[0,2]}");
        assert_eq!(shard_path("pé"), "search/terms/70c3a9.json");
        let mut numbers = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut numbers, n);
            numbers.push(' ');
        }
        assert_eq!(numbers, "0 7 10 4294967295 ");
    }
}
