//! `tradeoff import`: one long comparison document split into an option file per option (and
//! the landing text), in one of three formats, detected from the document: the seed's sections
//! ([`sections`]), MADR decision records ([`madr`]), or a table ([`table`]). Pure: takes the
//! document's text and the schema, returns a [`Plan`] of files; the command writes them.
//! Every statement of the input is either mapped to a field or kept, word for word, in a body,
//! and what was not mapped to the schema is listed.

pub mod blocks;
pub mod decision;
pub mod links;
pub mod madr;
pub mod sections;
pub mod table;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use crate::builtin;
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Kind};
use crate::project::CONTENT_DIR;
use crate::project::LANDING_FILE;
use crate::project::STATIC_DIR;
use crate::source::SourceFile;

use super::candidate::slugify;
use super::draft::{Draft, toml_string};

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A section per option (`## Option 1: Name (Qualifier)`), with "Best for", Pros and Cons.
    Sections,
    /// A MADR decision record: Considered Options, Pros and Cons of the Options.
    Madr,
    /// A table with a row per option and a column per criterion.
    Table,
    /// A table with a column per option and a row per criterion.
    TableByColumn,
}

impl Format {
    /// How the plan names the format.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Sections => "a section per option with Best for, Pros and Cons",
            Format::Madr => "a MADR decision record",
            Format::Table => "a table with a row per option",
            Format::TableByColumn => "a table with a column per option",
        }
    }
}

/// What was read from a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The format it was read as.
    pub format: Format,
    /// The options, in the document's order.
    pub options: Vec<ImportedOption>,
    /// Everything that belongs to no option, for `content/_index.md`.
    pub landing: LandingText,
    /// The option a decision record chose, by index into `options`.
    pub chosen: Option<usize>,
    /// Statements kept in a body because no field of the schema takes them.
    pub unmapped: Vec<Unmapped>,
    /// What became of the document's links and images.
    pub links: links::LinkReport,
}

/// One option read from a document.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedOption {
    /// Its fields and body.
    pub draft: Draft,
    /// Where it starts in the document (its heading or row).
    pub span: Range<usize>,
}

/// The landing page's part of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LandingText {
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// Front-matter entries (a decision record's status, date, deciders), in order.
    pub meta: Vec<(String, String)>,
    /// The Markdown blocks that belong to no option, as written.
    pub blocks: Vec<String>,
    /// The reason a decision record gives for its choice.
    pub why: Option<String>,
    /// What the import leaves out on purpose, with its place in the document.
    pub left_out: Vec<(usize, String)>,
    /// How the document was read where it could be read more than one way, with the place.
    pub notes: Vec<(usize, String)>,
}

/// A statement that no field of the schema takes, and where it went instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// Where it is in the document.
    pub span: Range<usize>,
    /// The option whose body keeps it (index into `options`); `None` for every option or the
    /// landing page.
    pub option: Option<usize>,
    /// What it is and why it was not mapped.
    pub what: String,
}

/// Reads a comparison document: its format is detected (or `table`, the index of one of its
/// tables from 0, is read); `config` maps table columns to criteria; links are made to work
/// where the text lands, given the document's `surroundings`.
pub fn parse(
    source: &SourceFile,
    config: &SiteConfig,
    surroundings: &links::Surroundings<'_>,
    table: Option<usize>,
) -> Result<Imported, Diagnostic> {
    let (meta, body) = yaml::front_matter(source)?;
    let blocks = blocks::blocks(&source.text, body.clone());
    let mut imported = match table {
        None => detect(source, config, &blocks, meta, body.clone())?,
        Some(n) => table::import(source, &blocks, config, meta, Some(n)).ok_or_else(|| {
            let count = table::table_groups(source, &blocks).len();
            Diagnostic::error(format!(
                "--table {}: {} has {count} table{} with a header and rows",
                n + 1,
                source.path,
                if count == 1 { "" } else { "s" }
            ))
            .with_kind(Kind::InvalidArgument)
            .help("tables with the same header row count as one; the plan names each table")
        })?,
    };
    // A docs site's navigation keys are not the record's text; a YAML title is the title when
    // the document has no heading for it.
    let (docs_site, meta): (Vec<_>, Vec<_>) = std::mem::take(&mut imported.landing.meta)
        .into_iter()
        .partition(|(key, _)| decision::is_docs_site_key(key));
    imported.landing.meta = meta;
    for (key, value) in docs_site {
        let at = source.text[..body.start]
            .find(&format!("\n{key}:"))
            .map_or(0, |i| i + 1);
        imported.landing.left_out.push((
            at,
            format!(
                "front matter `{key}: {}`: a setting of the docs site the record was published on",
                quote(&value).trim_matches('"')
            ),
        ));
    }
    if imported.landing.title.is_none() {
        if let Some(i) = imported
            .landing
            .meta
            .iter()
            .position(|(k, v)| k.eq_ignore_ascii_case("title") && !v.trim().is_empty())
        {
            imported.landing.title = Some(imported.landing.meta.remove(i).1);
        }
    }
    let footnotes: BTreeMap<String, String> = blocks
        .iter()
        .filter(|b| b.kind == blocks::BlockKind::Other)
        .filter_map(|b| {
            let markdown = blocks::markdown_of(&source.text, &b.span);
            let label = markdown.strip_prefix("[^")?.split_once("]:")?.0.to_string();
            Some((label, markdown))
        })
        .collect();
    let resolver = links::Resolver::new(
        &source.text[body.clone()],
        body.start,
        footnotes,
        surroundings,
    );
    let mut report = links::LinkReport::default();
    for option in &mut imported.options {
        option.draft.body = nest_headings(&option.draft.body);
        let body = resolver.with_footnotes(&option.draft.body);
        option.draft.body = resolver.rewrite(&body, &mut report);
        option
            .draft
            .facts
            .rewrite_texts(|text| resolver.rewrite(text, &mut report));
    }
    for block in &mut imported.landing.blocks {
        *block = resolver.rewrite(&resolver.with_footnotes(block), &mut report);
    }
    report.notes.sort_by_key(|n| n.offset);
    report.notes.dedup();
    imported.links = report;
    Ok(imported)
}

/// An option's body with its headings moved to start at `###`, as the option page puts the
/// body under a level-2 heading (relative levels kept; a body with an underlined heading is
/// left as it is).
fn nest_headings(body: &str) -> String {
    let found = blocks::blocks(body, 0..body.len());
    let headings: Vec<(u8, Range<usize>)> = found
        .iter()
        .filter_map(|b| match &b.kind {
            blocks::BlockKind::Heading { level, .. } => Some((*level, b.span.clone())),
            _ => None,
        })
        .collect();
    let Some(top) = headings.iter().map(|(l, _)| *l).min() else {
        return body.to_string();
    };
    if top == 3
        || headings
            .iter()
            .any(|(_, r)| !body[r.clone()].starts_with('#'))
    {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len() + 8);
    let mut at = 0;
    for (level, range) in headings {
        let hashes = body[range.start..].len() - body[range.start..].trim_start_matches('#').len();
        let new = (i32::from(level) - i32::from(top) + 3).clamp(1, 6) as usize;
        out.push_str(&body[at..range.start]);
        out.push_str(&"#".repeat(new));
        at = range.start + hashes;
    }
    out.push_str(&body[at..]);
    out
}

fn detect(
    source: &SourceFile,
    config: &SiteConfig,
    blocks: &[blocks::Block],
    meta: Vec<(String, String)>,
    body: Range<usize>,
) -> Result<Imported, Diagnostic> {
    let blocks = blocks.to_vec();
    if madr::looks_like(&blocks) {
        if let Some(imported) = madr::import(source, &blocks, meta.clone()) {
            return Ok(imported);
        }
    }
    let by_sections = sections::import(source, &blocks, meta.clone());
    if let Some((imported, true)) = by_sections {
        return Ok(imported);
    }
    if let Some(imported) = table::import(source, &blocks, config, meta, None) {
        return Ok(imported);
    }
    if let Some((imported, _)) = by_sections {
        return Ok(imported);
    }
    let first = blocks
        .first()
        .map_or(body.start..body.start, |b| b.span.start..b.span.start);
    Err(source
        .error_at(first, "no options recognised").with_kind(Kind::Import)
        .label("expected options as sections, a decision record or a table")
        .help(
            "import reads one of:\n\
             - a section per option: `## Option 1: Name (Qualifier)` with **Best for:**, a Pros list and a Cons list\n\
             - a MADR decision record: `## Considered Options` and `## Pros and Cons of the Options` with a `###` per option\n\
             - a Markdown table with a row per option and a column per criterion",
        ))
}

/// The files an import writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The format the document was read as.
    pub format: Format,
    /// Files to write, option files first, in the document's order.
    pub files: Vec<PlannedFile>,
    /// Each unmapped statement with the file that keeps it.
    pub unmapped: Vec<(Unmapped, String)>,
    /// Criteria no imported option has a value for.
    pub unfilled: Vec<String>,
    /// Files next to the document to copy: the path as written → the path under the root.
    pub copies: Vec<(String, String)>,
    /// Links and images that do not stay as written.
    pub links: Vec<links::LinkNote>,
    /// What is left out on purpose: its place in the document and what it is.
    pub left_out: Vec<(usize, String)>,
    /// How the document was read where it could be read more than one way.
    pub notes: Vec<(usize, String)>,
}

/// One file of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// The path relative to the site root.
    pub path: String,
    /// The file's text.
    pub contents: String,
    /// One line about what it holds.
    pub summary: String,
}

/// Turns what was read into files: `content/<slug>.md` per option (slugs made unique) and
/// `content/_index.md` when the document has text outside its options.
pub fn plan(imported: &Imported, config: &SiteConfig) -> Plan {
    let mut used = BTreeSet::new();
    let file_names: Vec<String> = imported
        .options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let base = Some(slugify(&option.draft.title))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("option-{}", i + 1));
            let mut slug = base.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            format!("{slug}.md")
        })
        .collect();

    let mut files = Vec::new();
    for (i, option) in imported.options.iter().enumerate() {
        let mut draft = option.draft.clone();
        if imported.chosen == Some(i) {
            let note = format!("**Chosen option.** See [the decision]({LANDING_FILE}).");
            draft.body = if draft.body.is_empty() {
                note
            } else {
                format!("{note}\n\n{}", draft.body)
            };
        }
        files.push(PlannedFile {
            path: format!("{CONTENT_DIR}/{}", file_names[i]),
            contents: draft.to_text(config),
            summary: summarise(&option.draft),
        });
    }
    if let Some(landing) = landing_text(imported, &file_names) {
        files.push(landing);
    }
    let unmapped = imported
        .unmapped
        .iter()
        .map(|u| {
            let file = match u.option {
                Some(i) => file_names.get(i).cloned().unwrap_or_default(),
                None => "each option".to_string(),
            };
            (u.clone(), file)
        })
        .collect();
    let unfilled = config
        .criteria
        .iter()
        .filter(|c| {
            !imported
                .options
                .iter()
                .any(|o| o.draft.values.contains_key(&c.key))
        })
        .map(|c| c.key.clone())
        .collect();
    let copies = imported
        .links
        .copies
        .iter()
        .map(|(from, to)| (from.clone(), format!("{STATIC_DIR}/{to}")))
        .collect();
    Plan {
        format: imported.format,
        files,
        unmapped,
        unfilled,
        copies,
        links: imported.links.notes.clone(),
        left_out: imported.landing.left_out.clone(),
        notes: imported.landing.notes.clone(),
    }
}

fn summarise(draft: &Draft) -> String {
    let mut parts = Vec::new();
    let facts = &draft.facts;
    if facts.text(builtin::BEST_FOR).is_some() {
        parts.push("best for".to_string());
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for (key, one, many) in [
        (builtin::PROS, "pro", "pros"),
        (builtin::CONS, "con", "cons"),
    ] {
        let n = facts.statements(key).len();
        if n > 0 {
            parts.push(count(n, one, many));
        }
    }
    if !draft.values.is_empty() {
        parts.push(count(draft.values.len(), "criterion", "criteria"));
    }
    if !draft.body.trim().is_empty() {
        parts.push("notes".to_string());
    }
    let name = match facts.text(builtin::SUBTITLE) {
        Some(subtitle) => format!("{} ({subtitle})", draft.title),
        None => draft.title.clone(),
    };
    if parts.is_empty() {
        name
    } else {
        format!("{name}: {}", parts.join(", "))
    }
}

fn landing_text(imported: &Imported, file_names: &[String]) -> Option<PlannedFile> {
    let landing = &imported.landing;
    let mut blocks = Vec::new();
    if !landing.meta.is_empty() {
        let line: Vec<String> = landing
            .meta
            .iter()
            .map(|(key, value)| format!("**{}:** {value}", crate::config::humanise(key)))
            .collect();
        blocks.push(line.join(" · "));
    }
    if let Some(i) = imported.chosen {
        blocks.push(format!(
            "**Chosen option:** [{}]({})",
            imported.options[i].draft.title.replace(['[', ']'], ""),
            file_names[i]
        ));
    }
    blocks.extend(landing.blocks.iter().cloned());
    let decision = (imported.format == Format::Madr).then(|| {
        let mut entries = landing.meta.clone();
        for block in &landing.blocks {
            entries.extend(decision::list_entries(block));
        }
        let chosen = imported
            .chosen
            .map(|i| file_names[i].trim_end_matches(".md").to_string())
            .into_iter()
            .collect();
        decision::Decision::read(&entries, chosen, landing.why.clone())
    });
    let decision = decision.and_then(|d| d.toml());
    if blocks.is_empty() && landing.title.is_none() && decision.is_none() {
        return None;
    }
    let mut text = String::new();
    if landing.title.is_some() || decision.is_some() {
        text.push_str("+++\n");
        if let Some(title) = &landing.title {
            let _ = writeln!(text, "title = {}", toml_string(title));
        }
        if let Some(decision) = &decision {
            text.push_str(decision);
        }
        text.push_str("+++\n");
    }
    text.push_str(&blocks.join("\n\n"));
    text.push('\n');
    let mut parts = Vec::new();
    if landing.title.is_some() {
        parts.push("title".to_string());
    }
    if !landing.meta.is_empty() || imported.chosen.is_some() {
        parts.push("status".to_string());
    }
    if decision.is_some() {
        parts.push("the decision record".to_string());
    }
    if !landing.blocks.is_empty() {
        parts.push(format!(
            "{} block{} of text",
            landing.blocks.len(),
            if landing.blocks.len() == 1 { "" } else { "s" }
        ));
    }
    Some(PlannedFile {
        path: format!("{CONTENT_DIR}/{LANDING_FILE}"),
        contents: text,
        summary: format!("the landing page: {}", parts.join(", ")),
    })
}

/// The plan as a person reads it: each file with what it holds, whether it exists, what was not
/// mapped (with its place in the document), and the criteria left to fill in.
pub fn render_plan(
    plan: &Plan,
    document: &SourceFile,
    action: impl Fn(&str) -> &'static str,
    removed: &[&str],
) -> String {
    let options = plan
        .files
        .iter()
        .filter(|f| !f.path.ends_with(LANDING_FILE))
        .count();
    let mut out = format!(
        "{}: {options} option{} ({})\n",
        document.path,
        if options == 1 { "" } else { "s" },
        plan.format.describe()
    );
    let width = plan
        .files
        .iter()
        .map(|f| f.path.len())
        .chain(plan.copies.iter().map(|(_, to)| to.len()))
        .chain(removed.iter().map(|p| p.len()))
        .max()
        .unwrap_or(0);
    for (offset, note) in &plan.notes {
        let at = document.location(*offset);
        let _ = writeln!(out, "  {}:{}:{}  {note}", document.path, at.line, at.column);
    }
    for file in &plan.files {
        let _ = writeln!(
            out,
            "  {:7} {:width$}  {}",
            action(&file.path),
            file.path,
            file.summary,
            width = width
        );
    }
    for (from, to) in &plan.copies {
        let _ = writeln!(
            out,
            "  {:7} {to:width$}  copied from {from}, next to the document",
            action(to),
            width = width
        );
    }
    for path in removed {
        let _ = writeln!(
            out,
            "  remove  {path:width$}  the starter's sample option, unchanged since `tradeoff init`"
        );
    }
    if !plan.unmapped.is_empty() {
        out.push_str("\nnot mapped to the schema, kept word for word:\n");
        for (unmapped, file) in &plan.unmapped {
            let at = document.location(unmapped.span.start);
            let _ = writeln!(
                out,
                "  {}:{}:{}  {} (in {file})",
                document.path, at.line, at.column, unmapped.what
            );
        }
    }
    if !plan.left_out.is_empty() {
        out.push_str("\nleft out:\n");
        for (offset, what) in &plan.left_out {
            let at = document.location(*offset);
            let _ = writeln!(out, "  {}:{}:{}  {what}", document.path, at.line, at.column);
        }
    }
    if !plan.links.is_empty() {
        out.push_str("\nlinks and images that do not stay as written:\n");
        for note in &plan.links {
            let at = document.location(note.offset);
            let what = match &note.fate {
                links::Fate::Absolute(url) => format!("made absolute: {url}"),
                links::Fate::Copied(to) => format!("copied to {STATIC_DIR}/{to}"),
                links::Fate::Text => "warning: no such file next to the document, so it is plain text now (pass --source-url with the document's address to link it there)".to_string(),
            };
            let _ = writeln!(
                out,
                "  {}:{}:{}  `{}` {what}",
                document.path, at.line, at.column, note.target
            );
        }
    }
    if !plan.unfilled.is_empty() {
        let _ = writeln!(
            out,
            "\nto fill in by hand (stubbed in each file): {}",
            plan.unfilled.join(", ")
        );
    }
    neutralise(&out)
}

/// Text safe to print on a terminal: control characters (other than line breaks) and the
/// characters that reorder text on screen are shown as `\u{…}` escapes.
pub fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let reorders = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n') || reorders {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A short quotation of a statement for the plan: its first words, on one line.
pub fn quote(text: &str) -> String {
    let line = blocks::one_line(text);
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("\"{}…\"", head.trim_end())
    } else {
        format!("\"{head}\"")
    }
}

/// A heading's text without a section number before it: `5.1 Playwright` → `Playwright`.
fn without_section_number(text: &str) -> &str {
    let number = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    let head = &text[..number];
    let rest = text[number..].trim_start();
    let dotted = head.trim_end_matches('.').contains('.')
        && head.starts_with(|c: char| c.is_ascii_digit())
        && !head.contains("..");
    if dotted
        && number < text.len()
        && text[number..].starts_with(char::is_whitespace)
        && !rest.is_empty()
    {
        rest
    } else {
        text
    }
}

/// `Flask (Python)` → (`Flask`, `Python`): a trailing parenthesis is the subtitle; a section
/// number before the name (`5.1 Playwright`) goes.
pub fn title_and_subtitle(text: &str) -> (String, Option<String>) {
    let text = without_section_number(text.trim());
    if let Some(inner_end) = text.strip_suffix(')').map(str::len) {
        let mut depth = 0usize;
        for (i, c) in text[..inner_end].char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' if depth == 0 => {
                    let title = text[..i].trim();
                    let subtitle = text[i + 1..inner_end].trim();
                    if title.is_empty() || subtitle.is_empty() {
                        break;
                    }
                    return (title.to_string(), Some(subtitle.to_string()));
                }
                '(' => depth -= 1,
                _ => {}
            }
        }
    }
    (text.to_string(), None)
}

/// A heading's numbering: `Option 2: Name`, `Option B - Name`, `2. Name`, `2) Name` → the
/// number (letters count from 1) and the rest.
pub fn numbered(text: &str) -> Option<(i64, String)> {
    let text = text.trim();
    let (rest, word) = match (text.get(..6), text.get(6..)) {
        (Some(head), Some(tail))
            if head.eq_ignore_ascii_case("option") && tail.starts_with(char::is_whitespace) =>
        {
            (tail.trim_start(), true)
        }
        _ => (text, false),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // A section number (`5.1 Name`) is no option's number: see `without_section_number`.
    if rest[digits..].starts_with('.')
        && rest[digits + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let (number, after) = if digits > 0 {
        (rest[..digits].parse::<i64>().ok()?, &rest[digits..])
    } else if word {
        let letter = rest.chars().next().filter(char::is_ascii_alphabetic)?;
        let after = &rest[1..];
        if after.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        (
            i64::from(letter.to_ascii_uppercase() as u8 - b'A') + 1,
            after,
        )
    } else {
        return None;
    };
    let separated = after.trim_start();
    let rest = separated.trim_start_matches([':', '.', ')', '-', '–', '—']);
    let had_separator = rest.len() < separated.len();
    if !word && !had_separator {
        // `2024 plans` is not a numbered option; `2. Plans` and `Option 2 Plans` are.
        return None;
    }
    if !word && !after.starts_with(['.', ')', ':']) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((number, text.to_string()));
    }
    Some((number, rest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_headings_start_at_level_three() {
        assert_eq!(
            nest_headings("Intro\n\n#### Examples\n\ntext\n\n##### More\n"),
            "Intro\n\n### Examples\n\ntext\n\n#### More\n"
        );
        assert_eq!(nest_headings("## A\n\n### B"), "### A\n\n#### B");
        assert_eq!(nest_headings("plain"), "plain");
        assert_eq!(nest_headings("A\n===\n\n#### B"), "A\n===\n\n#### B");
    }

    #[test]
    fn titles_numbers_and_subtitles() {
        assert_eq!(
            numbered("Option 1: Flask (Python)"),
            Some((1, "Flask (Python)".into()))
        );
        assert_eq!(numbered("option B — Django"), Some((2, "Django".into())));
        assert_eq!(numbered("3. Express"), Some((3, "Express".into())));
        assert_eq!(numbered("Option 4"), Some((4, "Option 4".into())));
        assert_eq!(numbered("2024 plans"), None);
        assert_eq!(numbered("5.1 Playwright"), None);
        assert_eq!(
            title_and_subtitle("5.1 Playwright"),
            ("Playwright".into(), None)
        );
        assert_eq!(
            title_and_subtitle("2.3.4. Deep (x)"),
            ("Deep".into(), Some("x".into()))
        );
        assert_eq!(title_and_subtitle("3.5"), ("3.5".into(), None));
        assert_eq!(numbered("Optional extras"), None);
        assert_eq!(numbered("Options"), None);
        assert_eq!(
            title_and_subtitle("NestJS (Node.js, TypeScript)"),
            ("NestJS".into(), Some("Node.js, TypeScript".into()))
        );
        assert_eq!(
            title_and_subtitle("Serverless (no (always-on) server)"),
            ("Serverless".into(), Some("no (always-on) server".into()))
        );
        assert_eq!(title_and_subtitle("(Python)"), ("(Python)".into(), None));
        assert_eq!(quote("a\nb"), "\"a b\"");
        assert_eq!(
            neutralise("a\u{1b}[31mred\u{7}\tb\u{202e}c\nd"),
            "a\\u{1b}[31mred\\u{7}\\u{9}b\\u{202e}c\nd"
        );
    }
}
