//! MADR decision records (Markdown Architectural Decision Records, versions 2 to 4): optional
//! YAML front matter (status, date, deciders), `## Considered Options`, `## Decision Outcome`
//! with "Chosen option: …", and `## Pros and Cons of the Options` with a section per option
//! holding "Good, because …", "Neutral, because …" and "Bad, because …" bullets and free text.
//! Good and bad arguments become pros and cons; everything outside the options' sections is the
//! landing page's text; the status and the chosen option are kept there.

use crate::builtin::{self, Fact};
use crate::content::draft::Draft;
use crate::source::SourceFile;

use super::blocks::{Block, BlockKind, item_text, label_of, markdown_of, one_line};
use super::title_and_subtitle;
use super::{Format, Imported, ImportedOption, LandingText, Unmapped, numbered, quote};

/// How the section of the options' pros and cons begins, in MADR's versions and the languages
/// its templates were translated to (a heading label starts with one of these).
const PROS_AND_CONS: &[&str] = &[
    "pros and cons of the options",
    "pros and cons of the remaining options",
    "pros and cons of other options",
    "pros and cons of the other options",
    "pro and cons of the options",
    "pros and cons of the alternatives",
    "pros and cons of the considered options",
    "avantages et inconvénients",
    "vor- und nachteile",
    "pros y contras",
    "ventajas y desventajas",
    "prós e contras",
    "prós e contra",
];

/// The headings of the list of options: the whole label is one of these.
const CONSIDERED: &[&str] = &[
    "considered options",
    "considered alternatives",
    "options considered",
    "options considérées",
    "options envisagées",
    "betrachtete optionen",
    "berücksichtigte optionen",
    "opciones consideradas",
    "alternativas consideradas",
    "opções consideradas",
];

/// `## Options` alone names the list only in a record that also has a decision heading.
const BARE_OPTIONS: &[&str] = &["options", "optionen", "opciones", "opções", "alternatives"];

/// The headings of the decision.
const OUTCOME: &[&str] = &[
    "decision outcome",
    "decision",
    "résultat de la décision",
    "décision",
    "ergebnis der entscheidung",
    "entscheidungsergebnis",
    "entscheidung",
    "resultado de la decisión",
    "decisión",
    "resultado da decisão",
    "decisão",
];

fn is_pros_and_cons(label: &str) -> bool {
    PROS_AND_CONS.iter().any(|p| label.starts_with(p))
}

fn is_considered(label: &str, has_outcome: bool) -> bool {
    CONSIDERED.contains(&label) || (has_outcome && BARE_OPTIONS.contains(&label))
}

fn has_outcome(blocks: &[Block]) -> bool {
    blocks
        .iter()
        .any(|b| heading(b).is_some_and(|(_, t)| OUTCOME.contains(&label_of(t).as_str())))
}

/// Whether the document has the headings of a decision record.
pub fn looks_like(blocks: &[Block]) -> bool {
    let outcome = has_outcome(blocks);
    blocks.iter().any(|b| match &b.kind {
        BlockKind::Heading { text, .. } => {
            let label = label_of(text);
            is_pros_and_cons(&label) || is_considered(&label, outcome)
        }
        _ => false,
    })
}

/// An argument of an option: good, neutral or bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Argument {
    /// "Good, because …": a pro.
    Good,
    /// "Neutral, because …": no field takes it.
    Neutral,
    /// "Bad, because …": a con.
    Bad,
}

/// The words that open an argument, by kind, in the template languages (longest first where
/// one starts another).
const ARGUMENT_WORDS: &[(&str, Argument)] = &[
    ("good", Argument::Good),
    ("bonnes", Argument::Good),
    ("bonne", Argument::Good),
    ("bons", Argument::Good),
    ("bon", Argument::Good),
    ("gut", Argument::Good),
    ("buena", Argument::Good),
    ("bueno", Argument::Good),
    ("boa", Argument::Good),
    ("bom", Argument::Good),
    ("positivo", Argument::Good),
    ("positiva", Argument::Good),
    ("positive", Argument::Good),
    ("positif", Argument::Good),
    ("neutral", Argument::Neutral),
    ("neutre", Argument::Neutral),
    ("neutro", Argument::Neutral),
    ("neutra", Argument::Neutral),
    ("ok", Argument::Neutral),
    ("bad", Argument::Bad),
    ("mauvaises", Argument::Bad),
    ("mauvaise", Argument::Bad),
    ("mauvais", Argument::Bad),
    ("schlecht", Argument::Bad),
    ("mala", Argument::Bad),
    ("malo", Argument::Bad),
    ("ruim", Argument::Bad),
    ("negativo", Argument::Bad),
    ("negativa", Argument::Bad),
    ("négative", Argument::Bad),
    ("négatif", Argument::Bad),
    ("negative", Argument::Bad),
];

/// The words after the comma: "because" in the template languages.
const BECAUSE: &[&str] = &[
    "because",
    "parce que",
    "parce qu'",
    "car",
    "weil",
    "da",
    "porque",
    "pois",
    "ya que",
    "since",
];

/// `text` without a case-insensitive `prefix`, if it starts with it.
fn strip_word<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for expected in prefix.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    let rest = chars.next().map_or(text.len(), |(i, _)| i);
    Some(&text[rest..])
}

/// Reads `Good, because it is fast` as ([`Argument::Good`], `it is fast`); also `Good: …`,
/// `**Good**, because …`, the translations (`Bon, car …`, `Gut, weil …`, `Bueno, porque …`,
/// `Bom, porque …`), `OK, because …` (neutral) and the `` `+` `` / `` `-` `` markers.
pub fn argument(item: &str) -> Option<(Argument, String)> {
    for (marker, kind) in [
        ("`+`", Argument::Good),
        ("`-`", Argument::Bad),
        ("`o`", Argument::Neutral),
    ] {
        if let Some(rest) = item.strip_prefix(marker) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some((kind, rest.to_string()));
            }
        }
    }
    let text = item.trim_start_matches(['*', '_']);
    for (word, kind) in ARGUMENT_WORDS {
        let Some(rest) = strip_word(text, word) else {
            continue;
        };
        let rest = rest.trim_start_matches(['*', '_']);
        let Some(rest) = rest.trim_start().strip_prefix([',', ':']) else {
            continue;
        };
        let rest = rest.trim_start_matches(['*', '_']).trim_start();
        let rest = BECAUSE
            .iter()
            .find_map(|b| {
                strip_word(rest, b).filter(|after| {
                    b.ends_with('\'') || after.is_empty() || after.starts_with(char::is_whitespace)
                })
            })
            .map_or(rest, str::trim_start);
        if !rest.is_empty() {
            return Some((*kind, rest.to_string()));
        }
    }
    None
}

/// Words that say nothing about which option is meant, in the template languages.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "with",
    "and",
    "for",
    "in",
    "on",
    "option",
    "alternative",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d",
    "et",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "und",
    "el",
    "los",
    "las",
    "una",
    "y",
    "o",
    "os",
    "as",
    "um",
    "uma",
    "do",
    "da",
    "e",
];

/// The words of an option's name for matching: link targets, numbering, markup and
/// punctuation dropped, lowercase, filler words left out.
fn words(text: &str) -> Vec<String> {
    let plain = super::table::plain(text);
    let name = numbered(&plain).map_or(plain.clone(), |(_, rest)| rest);
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

/// How surely two wordings name the same option, from 0 to 1: the share of the shorter one's
/// words the other has (a word also matches one that starts with it, for `Postgres` and
/// `PostgreSQL`), with the words run together as a last resort (`Preview panel`,
/// `PreviewPanel`).
pub fn likeness(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let (ja, jb) = (wa.concat(), wb.concat());
    if ja == jb {
        return 1.0;
    }
    let matches = |x: &String, y: &String| {
        x == y
            || (x.len().min(y.len()) >= 4
                && (x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
    };
    let shared = wa
        .iter()
        .filter(|x| wb.iter().any(|y| matches(x, y)))
        .count();
    let (short, long) = if wa.len() <= wb.len() {
        (wa.len(), wb.len())
    } else {
        (wb.len(), wa.len())
    };
    let contained = shared as f64 / short as f64;
    let dice = 2.0 * shared as f64 / (short + long) as f64;
    let joined = if ja.contains(&jb) || jb.contains(&ja) {
        0.9
    } else {
        0.0
    };
    (0.7 * contained + 0.3 * dice).max(joined)
}

/// The least [`likeness`] at which two wordings are taken for the same option.
const SAME_OPTION: f64 = 0.5;

/// Pairs each of `names` with at most one of `titles` and each title with at most one name,
/// best matches first: `result[i]` is the title `names[i]` names.
fn pair(names: &[String], titles: &[String]) -> Vec<Option<usize>> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        for (j, title) in titles.iter().enumerate() {
            let score = likeness(name, title);
            if score >= SAME_OPTION {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut result = vec![None; names.len()];
    let mut taken = vec![false; titles.len()];
    for (_, i, j) in candidates {
        if result[i].is_none() && !taken[j] {
            result[i] = Some(j);
            taken[j] = true;
        }
    }
    result
}

/// The label before the chosen option's name, in the template languages.
const CHOSEN: &[&str] = &[
    "chosen option",
    "chosen alternative",
    "option choisie",
    "gewählte option",
    "opción elegida",
    "opción escogida",
    "opção escolhida",
];

/// The name in `Chosen option: "PostgreSQL", because …` (or a translation of the label).
pub fn chosen_name(raw: &str) -> Option<String> {
    let text = raw.trim_start_matches(['*', '_']);
    let rest = CHOSEN.iter().find_map(|label| strip_word(text, label))?;
    let rest = rest
        .trim_start_matches(['*', '_'])
        .trim_start()
        .strip_prefix(':')?
        .trim_start_matches(['*', '_'])
        .trim_start();
    let name = if let Some(quoted) = rest.strip_prefix(['"', '“', '„', '«', '\'', '`']) {
        let end = quoted
            .find(['"', '”', '“', '»', '\'', '`'])
            .unwrap_or(quoted.len());
        &quoted[..end]
    } else {
        let end = rest.find([',', '\n']).unwrap_or(rest.len());
        &rest[..end]
    };
    let name = name.trim().trim_matches(['*', '_']).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Whether a list item has more than its own paragraph: points (or paragraphs) under it.
fn nested(raw: &str) -> bool {
    raw.trim_end().lines().skip(1).any(|line| {
        let t = line.trim_start();
        t.starts_with(['-', '*', '+'])
            || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ")
    })
}

/// The reason after the chosen option's name: `…", because it is boring.` → `it is boring.`
fn chosen_reason(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = BECAUSE
        .iter()
        .filter_map(|b| {
            let needle = format!(" {b} ");
            lower.find(&needle).map(|i| i + needle.len())
        })
        .min()?;
    let reason = one_line(&text[at..]);
    (!reason.is_empty()).then_some(reason)
}

/// The side a label names: `pros`, `Vorteile`, `cons`, `Inconvénients`… (not `Pros/cons`).
fn side_named(label: &str) -> Option<Argument> {
    let label = label.trim_start_matches('#').trim();
    match label {
        "pros" | "pro" | "advantages" | "benefits" | "strengths" | "upsides" | "avantages"
        | "points forts" | "vorteile" | "ventajas" | "vantagens" | "prós" | "positive"
        | "positives" => Some(Argument::Good),
        "cons" | "con" | "disadvantages" | "drawbacks" | "weaknesses" | "downsides"
        | "limitations" | "inconvénients" | "points faibles" | "nachteile" | "desventajas"
        | "inconvenientes" | "contras" | "negative" | "négatives" | "negatives" => {
            Some(Argument::Bad)
        }
        _ => None,
    }
}

/// A block's heading level and text, if it is a heading.
fn heading(block: &Block) -> Option<(u8, &str)> {
    match &block.kind {
        BlockKind::Heading { level, text } => Some((*level, text.as_str())),
        _ => None,
    }
}

/// Reads a decision record; `None` when it has no option at all.
pub fn import(
    source: &SourceFile,
    blocks: &[Block],
    meta: Vec<(String, String)>,
) -> Option<Imported> {
    // The names listed under "Considered Options", as written.
    let outcome = has_outcome(blocks);
    let considered = blocks
        .iter()
        .position(|b| heading(b).is_some_and(|(_, t)| is_considered(&label_of(t), outcome)));
    let listed: Vec<std::ops::Range<usize>> = considered
        .map(|start| {
            blocks[start + 1..]
                .iter()
                .take_while(|b| heading(b).is_none())
                .filter_map(|b| match &b.kind {
                    BlockKind::List { items } => Some(items.clone()),
                    _ => None,
                })
                .flatten()
                .collect()
        })
        .unwrap_or_default();
    let listed_names: Vec<String> = listed
        .iter()
        .map(|item| item_text(&source.text[item.clone()]))
        .collect();
    let is_listed = |text: &str| {
        listed_names
            .iter()
            .any(|n| likeness(n, text) >= SAME_OPTION)
    };
    // Whether the blocks after heading `i`, up to the next heading, hold arguments.
    let argues = |i: usize| {
        blocks[i + 1..]
            .iter()
            .take_while(|b| heading(b).is_none())
            .any(|b| match &b.kind {
                BlockKind::List { items } => items
                    .iter()
                    .any(|item| argument(&item_text(&source.text[item.clone()])).is_some()),
                _ => false,
            })
    };

    // The options' sections: the headings one level below "Pros and Cons of the Options", a
    // deeper heading that names a listed option, and after the section, headings at any level
    // that name a listed option or hold arguments (a record whose later options slipped a
    // level up).
    let section = blocks
        .iter()
        .position(|b| heading(b).is_some_and(|(_, t)| is_pros_and_cons(&label_of(t))));
    let mut option_heads = std::collections::BTreeSet::new();
    let mut section_heads = std::collections::BTreeSet::new();
    let (section_start, section_end) = match section {
        Some(start) => {
            let level = heading(&blocks[start]).map_or(2, |(l, _)| l);
            let mut end = blocks[start + 1..]
                .iter()
                .position(|b| heading(b).is_some_and(|(l, _)| l <= level))
                .map_or(blocks.len(), |i| start + 1 + i);
            let option_level = blocks[start + 1..end]
                .iter()
                .filter_map(|b| heading(b).map(|(l, _)| l))
                .min();
            let mut current: Option<String> = None;
            for (i, block) in blocks.iter().enumerate().take(end).skip(start + 1) {
                if let Some((l, text)) = heading(block) {
                    let deeper_listed = Some(l) > option_level
                        && is_listed(text)
                        && current
                            .as_deref()
                            .is_none_or(|c| likeness(c, text) < SAME_OPTION);
                    if Some(l) == option_level || deeper_listed {
                        option_heads.insert(i);
                        current = Some(text.to_string());
                    }
                }
            }
            while let Some((l, text)) = blocks.get(end).and_then(heading) {
                if is_pros_and_cons(&label_of(text)) {
                    // "Pros and Cons of the remaining options": the section goes on.
                    section_heads.insert(end);
                    end += 1;
                    continue;
                }
                if !(is_listed(text) || argues(end)) || is_considered(&label_of(text), outcome) {
                    break;
                }
                option_heads.insert(end);
                end = blocks[end + 1..]
                    .iter()
                    .position(|b| heading(b).is_some_and(|(m, _)| m <= l))
                    .map_or(blocks.len(), |i| end + 1 + i);
            }
            (start, end)
        }
        None => (blocks.len(), blocks.len()),
    };

    let mut options: Vec<ImportedOption> = Vec::new();
    let mut unmapped = Vec::new();
    let mut landing = LandingText {
        meta,
        ..LandingText::default()
    };
    let mut bodies: Vec<Vec<String>> = Vec::new();
    let mut parts: Vec<Option<Argument>> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let markdown = markdown_of(&source.text, &block.span);
        if i == section_start || section_heads.contains(&i) {
            // The options' sections become option pages; their heading has nothing left.
            continue;
        }
        let in_section = i > section_start && i < section_end;
        if let Some((level, text)) = heading(block) {
            if option_heads.contains(&i) {
                let name = numbered(text).map_or_else(|| text.to_string(), |(_, rest)| rest);
                let (title, subtitle) = title_and_subtitle(&name);
                options.push(ImportedOption {
                    draft: Draft::named(title, subtitle),
                    span: block.span.clone(),
                });
                bodies.push(Vec::new());
                continue;
            }
            if !in_section && level == 1 && landing.title.is_none() {
                landing.title = Some(text.to_string());
                continue;
            }
        }
        let (Some(option), true) = (options.len().checked_sub(1), in_section) else {
            landing.blocks.push(markdown);
            continue;
        };
        let draft = &mut options[option].draft;
        let body = &mut bodies[option];
        // `#### Pros` or `**Cons:**` in an option: the list after it says which side it is on.
        let label = match &block.kind {
            BlockKind::Heading { text, .. } => Some(label_of(text)),
            BlockKind::Paragraph if markdown.len() < 40 => Some(label_of(&markdown)),
            _ => None,
        };
        if let Some(side) = label.as_deref().and_then(side_named) {
            if parts.len() <= option {
                parts.resize(option + 1, None);
            }
            parts[option] = Some(side);
            continue;
        }
        if matches!(block.kind, BlockKind::Heading { .. }) && parts.len() > option {
            parts[option] = None;
        }
        let side = parts.get(option).copied().flatten();
        match &block.kind {
            BlockKind::List { items } => {
                let mut kept = Vec::new();
                for item in items {
                    let raw = &source.text[item.clone()];
                    if nested(raw) {
                        // Points under an argument stay as written, in the body.
                        unmapped.push(Unmapped {
                            span: item.clone(),
                            option: Some(option),
                            what: format!(
                                "list item with points under it {}",
                                quote(&item_text(raw))
                            ),
                        });
                        kept.push(markdown_of(&source.text, item));
                        continue;
                    }
                    match argument(&item_text(raw)) {
                        Some((Argument::Good, text)) => {
                            draft.facts.push_statement(builtin::PROS, text)
                        }
                        Some((Argument::Bad, text)) => {
                            draft.facts.push_statement(builtin::CONS, text)
                        }
                        Some((Argument::Neutral, text)) => {
                            unmapped.push(Unmapped {
                                span: item.clone(),
                                option: Some(option),
                                what: format!("neutral argument {}", quote(&text)),
                            });
                            kept.push(markdown_of(&source.text, item));
                        }
                        None if side.is_some() => {
                            let key = if side == Some(Argument::Good) {
                                builtin::PROS
                            } else {
                                builtin::CONS
                            };
                            draft.facts.push_statement(key, item_text(raw));
                        }
                        None => {
                            unmapped.push(Unmapped {
                                span: item.clone(),
                                option: Some(option),
                                what: format!("list item {}", quote(&item_text(raw))),
                            });
                            kept.push(markdown_of(&source.text, item));
                        }
                    }
                }
                if !kept.is_empty() {
                    body.push(kept.join("\n"));
                }
            }
            kind => {
                let what = match kind {
                    BlockKind::Paragraph => format!("paragraph {}", quote(&markdown)),
                    BlockKind::Heading { text, .. } => format!("heading {}", quote(text)),
                    BlockKind::Table { .. } => format!("table {}", quote(&markdown)),
                    _ => format!("block {}", quote(&markdown)),
                };
                unmapped.push(Unmapped {
                    span: block.span.clone(),
                    option: Some(option),
                    what,
                });
                body.push(markdown);
            }
        }
    }
    for (option, body) in options.iter_mut().zip(bodies) {
        option.draft.body = body.join("\n\n");
    }

    // Options listed under "Considered Options", matched to their sections by meaning; one
    // without a section is an option of its own.
    if considered.is_some() {
        let titles: Vec<String> = options.iter().map(|o| o.draft.title.clone()).collect();
        let pairs = pair(&listed_names, &titles);
        let mut order = Vec::new();
        for ((item, text), found) in listed.iter().zip(&listed_names).zip(pairs) {
            match found {
                Some(i) => order.push(i),
                None => {
                    // `MongoDB – a document store`: the name, then a description, as written.
                    let (name, description) = [" – ", " — ", " - ", ": ", ". "]
                        .into_iter()
                        .find_map(|sep| text.split_once(sep))
                        .map_or((text.as_str(), ""), |(n, d)| (n, d));
                    let name = super::table::plain(name);
                    let name = numbered(&name).map_or(name.clone(), |(_, rest)| rest);
                    let (title, subtitle) = title_and_subtitle(&name);
                    let body = description.trim().to_string();
                    options.push(ImportedOption {
                        draft: Draft {
                            body,
                            ..Draft::named(title, subtitle)
                        },
                        span: item.clone(),
                    });
                    order.push(options.len() - 1);
                }
            }
        }
        let mut position = 0;
        for i in order {
            let facts = &mut options[i].draft.facts;
            if facts.integer(builtin::ORDER).is_none() {
                position += 1;
                facts.set(builtin::ORDER, Fact::Integer(position));
            }
        }
    }
    let mut next = options
        .iter()
        .filter_map(|o| o.draft.facts.integer(builtin::ORDER))
        .max()
        .unwrap_or(0);
    for option in &mut options {
        if option.draft.facts.integer(builtin::ORDER).is_none() {
            next += 1;
            option.draft.facts.set(builtin::ORDER, Fact::Integer(next));
        }
    }
    if options.is_empty() {
        return None;
    }

    let chosen = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::List { .. }))
        .flat_map(|b| match &b.kind {
            BlockKind::List { items } => items
                .iter()
                .map(|i| item_text(&source.text[i.clone()]))
                .collect(),
            _ => vec![source.text[b.span.clone()].to_string()],
        })
        .find_map(|text| {
            chosen_name(&text).inspect(|_| {
                landing.why = chosen_reason(&text);
            })
        })
        .and_then(|name| {
            let titles: Vec<String> = options.iter().map(|o| o.draft.title.clone()).collect();
            pair(&[name], &titles)[0]
        });

    Some(Imported {
        format: Format::Madr,
        options,
        landing,
        chosen,
        unmapped,
        links: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        assert_eq!(
            argument("Good, because it is fast"),
            Some((Argument::Good, "it is fast".into()))
        );
        assert_eq!(
            argument("**Bad**, because it is slow"),
            Some((Argument::Bad, "it is slow".into()))
        );
        assert_eq!(
            argument("neutral: no opinion"),
            Some((Argument::Neutral, "no opinion".into()))
        );
        assert_eq!(argument("Goodness gracious"), None);
        assert_eq!(
            argument("Bon, isole les services"),
            Some((Argument::Good, "isole les services".into()))
        );
        assert_eq!(
            argument("Mauvaise, car lente"),
            Some((Argument::Bad, "lente".into()))
        );
        assert_eq!(
            argument("Gut, weil es schnell ist"),
            Some((Argument::Good, "es schnell ist".into()))
        );
        assert_eq!(
            argument("Schlecht, weil es langsam ist"),
            Some((Argument::Bad, "es langsam ist".into()))
        );
        assert_eq!(
            argument("Neutral, weil egal"),
            Some((Argument::Neutral, "egal".into()))
        );
        assert_eq!(
            argument("Bueno, porque es simple"),
            Some((Argument::Good, "es simple".into()))
        );
        assert_eq!(
            argument("Malo, porque es caro"),
            Some((Argument::Bad, "es caro".into()))
        );
        assert_eq!(
            argument("Ruim, pois precisa de cache"),
            Some((Argument::Bad, "precisa de cache".into()))
        );
        assert_eq!(
            argument("Bom, porque é simples"),
            Some((Argument::Good, "é simples".into()))
        );
        assert_eq!(
            argument("OK, because it is fine"),
            Some((Argument::Neutral, "it is fine".into()))
        );
        assert_eq!(argument("`+` fast"), Some((Argument::Good, "fast".into())));
        assert_eq!(argument("`-` slow"), Some((Argument::Bad, "slow".into())));
        assert_eq!(
            argument("Good, carefully tuned"),
            Some((Argument::Good, "carefully tuned".into()))
        );
        assert_eq!(argument("Bonjour, tout le monde"), None);
        assert_eq!(argument("Okay then"), None);
        assert_eq!(argument("Good, because"), None);
    }

    #[test]
    fn chosen_option_names() {
        assert_eq!(
            chosen_name("Chosen option: \"PostgreSQL\", because it is boring.").as_deref(),
            Some("PostgreSQL")
        );
        assert_eq!(
            chosen_name("**Chosen option:** “SQLite”, because").as_deref(),
            Some("SQLite")
        );
        assert_eq!(
            chosen_name("Chosen option: MySQL, because").as_deref(),
            Some("MySQL")
        );
        assert_eq!(chosen_name("We chose nothing"), None);
        assert_eq!(
            chosen_name("Option choisie : Terraform par HashiCorp").as_deref(),
            Some("Terraform par HashiCorp")
        );
        assert_eq!(
            chosen_name("Gewählte Option: „Vue Flow“, weil").as_deref(),
            Some("Vue Flow")
        );
        assert_eq!(
            chosen_name("Opção escolhida: \"Versionamento na URI\", porque").as_deref(),
            Some("Versionamento na URI")
        );
        assert_eq!(
            chosen_name("Opción elegida: \"Docker Swarm\", porque").as_deref(),
            Some("Docker Swarm")
        );
    }
}
