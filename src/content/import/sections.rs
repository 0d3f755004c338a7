//! The seed's format: a section per option under a heading such as `## Option 1: Flask
//! (Python)`, with a "**Best for:**" line, a Pros list and a Cons list. Written by people, so
//! read loosely: any heading level, bold headings (`#### **Cons**`), bold lines standing in for
//! headings (`**Pros:**`), blank lines inside lists, numbered or unnumbered options, missing
//! parts. Everything else in an option's section goes to its body, word for word.

use crate::builtin::{self, Fact};
use crate::content::draft::Draft;
use crate::source::SourceFile;

use super::blocks::{Block, BlockKind, item_text, label_of, markdown_of, one_line};
use super::title_and_subtitle;
use super::{Format, Imported, ImportedOption, LandingText, Unmapped, numbered, quote};

/// The parts of an option's section that map to fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Pros,
    Cons,
    BestFor,
}

/// The part a heading or a lone bold line names: `Pros`, `Drawbacks:`, `Best for`.
fn part_named(label: &str) -> Option<Part> {
    let label = label.trim_start_matches('#').trim();
    match label {
        "pros" | "pro" | "advantages" | "benefits" | "strengths" | "upsides" | "good" => {
            Some(Part::Pros)
        }
        "cons" | "con" | "disadvantages" | "drawbacks" | "weaknesses" | "downsides" | "bad"
        | "limitations" => Some(Part::Cons),
        "best for" | "good for" | "ideal for" | "use it for" | "when to use it" => {
            Some(Part::BestFor)
        }
        _ => None,
    }
}

/// The text after a `**Best for:**` label (bold or not, colon inside or outside the bold).
pub fn best_for(raw: &str) -> Option<String> {
    let text = raw.trim_start();
    let open = text.len() - text.trim_start_matches(['*', '_']).len();
    let marks = &text[..open];
    let rest = &text[open..];
    let label = ["best for", "good for", "ideal for"]
        .into_iter()
        .find(|l| {
            rest.get(..l.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(l))
        })?;
    let mut rest = &rest[label.len()..];
    let mut colon = false;
    if let Some(r) = rest.strip_prefix(':') {
        colon = true;
        rest = r;
    }
    rest = rest.strip_prefix(marks)?;
    if let Some(r) = rest.strip_prefix(':') {
        colon = true;
        rest = r;
    }
    let statement = one_line(rest);
    (colon && !statement.is_empty()).then_some(statement)
}

/// A paragraph that opens with a bold pros or cons label and goes on with its statement:
/// `**Cons:** Heavy, slow` or `**Cons**: Heavy, slow`.
fn labelled_statement(raw: &str) -> Option<(Part, String)> {
    let text = raw.trim_start();
    ["**", "__"].iter().find_map(|mark| {
        let rest = text.strip_prefix(mark)?;
        let close = rest.find(mark)?;
        let (label, after) = (&rest[..close], &rest[close + mark.len()..]);
        let (label, after) = match (label.strip_suffix(':'), after.strip_prefix(':')) {
            (Some(label), _) => (label, after),
            (None, Some(after)) => (label, after),
            (None, None) => return None,
        };
        let part = part_named(&label.trim().to_lowercase())
            .filter(|part| matches!(part, Part::Pros | Part::Cons))?;
        let statement = one_line(after);
        (!statement.is_empty()).then_some((part, statement))
    })
}

/// What one block is, for this format.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// A heading that names a part.
    PartHeading(Part),
    /// A paragraph that is only a part's name (`**Pros**`).
    PartLine(Part),
    /// A "Best for:" paragraph, with its statement.
    BestFor(String),
    /// A pros or cons label with its one statement after it (`**Cons:** Heavy, slow`).
    PartStatement(Part, String),
    /// Any other heading: an option, a subsection or landing text.
    Heading { level: u8, text: String },
    /// Anything else.
    Content,
}

fn role(source: &SourceFile, block: &Block) -> Role {
    let raw = &source.text[block.span.clone()];
    match &block.kind {
        BlockKind::Heading { level, text } => match part_named(&label_of(text)) {
            Some(part) => Role::PartHeading(part),
            None => Role::Heading {
                level: *level,
                text: text.clone(),
            },
        },
        BlockKind::Paragraph => {
            if let Some(statement) = best_for(raw) {
                Role::BestFor(statement)
            } else if let Some((part, statement)) = labelled_statement(raw) {
                Role::PartStatement(part, statement)
            } else if let Some(part) = part_named(&label_of(raw)).filter(|_| raw.trim().len() < 40)
            {
                Role::PartLine(part)
            } else {
                Role::Content
            }
        }
        _ => Role::Content,
    }
}

struct Current {
    option: ImportedOption,
    level: u8,
    part: Option<Part>,
    body: Vec<String>,
}

/// Reads options as sections. `Some((imported, true))` when some option has a "Best for", pros
/// or cons; `Some((imported, false))` when options were only found by their numbered headings.
pub fn import(
    source: &SourceFile,
    blocks: &[Block],
    meta: Vec<(String, String)>,
) -> Option<(Imported, bool)> {
    let roles: Vec<Role> = blocks.iter().map(|b| role(source, b)).collect();
    // A heading is an option's when it is numbered, or when a part follows it before any
    // other heading.
    let is_option = |i: usize| -> bool {
        let Role::Heading { text, .. } = &roles[i] else {
            return false;
        };
        numbered(text).is_some()
            || roles[i + 1..]
                .iter()
                .take_while(|r| !matches!(r, Role::Heading { .. }))
                .any(|r| !matches!(r, Role::Content))
    };

    let mut options: Vec<ImportedOption> = Vec::new();
    let mut unmapped = Vec::new();
    let mut landing = LandingText {
        meta,
        ..LandingText::default()
    };
    let mut current: Option<Current> = None;
    let finish = |current: Option<Current>, options: &mut Vec<ImportedOption>| {
        if let Some(mut c) = current {
            c.option.draft.body = c.body.join("\n\n");
            options.push(c.option);
        }
    };

    for (i, (block, role)) in blocks.iter().zip(&roles).enumerate() {
        let markdown = markdown_of(&source.text, &block.span);
        match role {
            Role::Heading { level, text } => {
                let numbered_heading = numbered(text);
                let inside = current.as_ref().is_some_and(|c| *level > c.level);
                if numbered_heading.is_some() || (!inside && is_option(i)) {
                    finish(current.take(), &mut options);
                    let (order, name) = numbered_heading
                        .unwrap_or_else(|| (options.len() as i64 + 1, text.clone()));
                    let (title, subtitle) = title_and_subtitle(&name);
                    current = Some(Current {
                        option: ImportedOption {
                            draft: {
                                let mut draft = Draft::named(title, subtitle);
                                draft.facts.set(builtin::ORDER, Fact::Integer(order));
                                draft
                            },
                            span: block.span.clone(),
                        },
                        level: *level,
                        part: None,
                        body: Vec::new(),
                    });
                } else if let Some(c) = current.as_mut().filter(|_| inside) {
                    c.part = None;
                    c.body.push(markdown);
                    unmapped.push(Unmapped {
                        span: block.span.clone(),
                        option: Some(options.len()),
                        what: format!("heading {}", quote(text)),
                    });
                } else {
                    finish(current.take(), &mut options);
                    if *level == 1 && landing.title.is_none() && landing.blocks.is_empty() {
                        landing.title = Some(text.clone());
                    } else {
                        landing.blocks.push(markdown);
                    }
                }
            }
            Role::PartHeading(part) | Role::PartLine(part) => match current.as_mut() {
                Some(c) => c.part = Some(*part),
                None => {
                    landing.blocks.push(markdown);
                }
            },
            Role::PartStatement(part, statement) => match current.as_mut() {
                Some(c) => {
                    let key = if *part == Part::Pros {
                        builtin::PROS
                    } else {
                        builtin::CONS
                    };
                    c.option.draft.facts.push_statement(key, statement.clone());
                    c.part = Some(*part);
                }
                None => landing.blocks.push(markdown),
            },
            Role::BestFor(statement) => match current.as_mut() {
                Some(c) if c.option.draft.facts.text(builtin::BEST_FOR).is_none() => {
                    let best_for = Fact::Text(statement.clone());
                    c.option.draft.facts.set(builtin::BEST_FOR, best_for);
                    c.part = None;
                }
                Some(c) => {
                    c.body.push(markdown);
                    unmapped.push(Unmapped {
                        span: block.span.clone(),
                        option: Some(options.len()),
                        what: format!("a second \"Best for\" {}", quote(statement)),
                    });
                }
                None => landing.blocks.push(markdown),
            },
            Role::Content => {
                let Some(c) = current.as_mut() else {
                    landing.blocks.push(markdown);
                    continue;
                };
                match (&block.kind, c.part) {
                    (BlockKind::List { items }, Some(part @ (Part::Pros | Part::Cons))) => {
                        let key = if part == Part::Pros {
                            builtin::PROS
                        } else {
                            builtin::CONS
                        };
                        for item in items {
                            let statement = item_text(&source.text[item.clone()]);
                            if !statement.is_empty() {
                                c.option.draft.facts.push_statement(key, statement);
                            }
                        }
                    }
                    (BlockKind::Paragraph, Some(Part::BestFor))
                        if c.option.draft.facts.text(builtin::BEST_FOR).is_none() =>
                    {
                        let best_for = Fact::Text(one_line(&source.text[block.span.clone()]));
                        c.option.draft.facts.set(builtin::BEST_FOR, best_for);
                        c.part = None;
                    }
                    (kind, part) => {
                        let what = match kind {
                            BlockKind::Paragraph => "paragraph",
                            BlockKind::List { .. } => "list",
                            BlockKind::Table { .. } => "table",
                            _ => "block",
                        };
                        let place = match part {
                            Some(Part::Pros) => " among the pros",
                            Some(Part::Cons) => " among the cons",
                            _ => "",
                        };
                        unmapped.push(Unmapped {
                            span: block.span.clone(),
                            option: Some(options.len()),
                            what: format!("{what}{place} {}", quote(&markdown)),
                        });
                        c.body.push(markdown);
                    }
                }
            }
        }
    }
    finish(current, &mut options);
    if options.is_empty() {
        return None;
    }
    let structured = options.iter().any(|o| {
        let facts = &o.draft.facts;
        facts.text(builtin::BEST_FOR).is_some()
            || !facts.statements(builtin::PROS).is_empty()
            || !facts.statements(builtin::CONS).is_empty()
    });
    Some((
        Imported {
            format: Format::Sections,
            options,
            landing,
            chosen: None,
            unmapped,
            links: Default::default(),
        },
        structured,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_for_lines_in_every_spelling() {
        for raw in [
            "**Best for:** small APIs",
            "**Best for**: small APIs",
            "Best for: small APIs",
            "*best for:* small APIs",
            "__Best for:__\nsmall APIs",
        ] {
            assert_eq!(best_for(raw).as_deref(), Some("small APIs"), "{raw}");
        }
        assert_eq!(
            best_for("**Best for:** *tiny* apps").as_deref(),
            Some("*tiny* apps")
        );
        assert_eq!(best_for("Best for most teams, this is fine."), None);
        assert_eq!(best_for("**Best for:**"), None);
    }

    #[test]
    fn parts_by_name() {
        assert_eq!(part_named(&label_of("**Pros**")), Some(Part::Pros));
        assert_eq!(part_named(&label_of("Drawbacks:")), Some(Part::Cons));
        assert_eq!(part_named(&label_of("Pros and cons")), None);
    }

    #[test]
    fn a_label_with_its_statement() {
        assert_eq!(
            labelled_statement("**Cons:** Heavy, slow"),
            Some((Part::Cons, "Heavy, slow".to_string()))
        );
        assert_eq!(
            labelled_statement("__Pros__: fast"),
            Some((Part::Pros, "fast".to_string()))
        );
        assert_eq!(labelled_statement("**Cons:**"), None);
        assert_eq!(labelled_statement("**Note:** read this"), None);
        assert_eq!(labelled_statement("**Cons** are many"), None);
    }
}
