//! The text of the option files tradeoff writes itself (`new`, `import`): TOML front matter
//! with the fields that are known, every other field and criterion stubbed as a commented-out
//! line under its help text, then the Markdown body. Pure; uses [`crate::config`] and the
//! option model of [`super::candidate`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::builtin::{self, Fact, Facts, FieldKind};
use crate::config::{Better, Criterion, CriterionKind, SiteConfig};

use super::candidate::{Value, example, format_number};

/// An option file to be written: what is known of one option.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The option's name.
    pub title: String,
    /// Its values of the other built-in fields; every one without a value is stubbed.
    pub facts: Facts,
    /// Values of criteria, by key; every criterion of the schema without one is stubbed.
    pub values: BTreeMap<String, Value>,
    /// The Markdown after the front matter (without a final line break, or empty).
    pub body: String,
}

/// The last front-matter line of a draft without a body: where notes go.
const BODY_HINT: &str = "# Notes in Markdown go below the closing +++ and show under the ratings; \
                         link other options by their file, like [Other](other.md).";

impl Draft {
    /// A draft with only a title, for `tradeoff new`.
    pub fn titled(title: impl Into<String>) -> Self {
        Draft {
            title: title.into(),
            ..Draft::default()
        }
    }

    /// A draft with a title and, when known, a subtitle, for `import`.
    pub fn named(title: String, subtitle: Option<String>) -> Self {
        let mut draft = Draft::titled(title);
        if let Some(subtitle) = subtitle {
            draft.facts.set(builtin::SUBTITLE, Fact::Text(subtitle));
        }
        draft
    }

    /// The file's whole text, checked against `config`'s criteria.
    pub fn to_text(&self, config: &SiteConfig) -> String {
        let mut out = String::from("+++\n");
        let mut in_lists = false;
        for field in builtin::FIELDS {
            let key = field.key;
            match field.kind {
                FieldKind::Name => {
                    let _ = writeln!(out, "{key} = {}", toml_string(&self.title));
                }
                FieldKind::Slug | FieldKind::Url => {}
                FieldKind::Text | FieldKind::Statement => {
                    match (self.facts.text(key), field.stub) {
                        (Some(text), _) => {
                            let _ = writeln!(out, "{key} = {}", toml_string(text));
                        }
                        (None, Some(stub)) => {
                            let _ = writeln!(out, "# {key} = {}", toml_string(stub));
                        }
                        (None, None) => {}
                    }
                }
                FieldKind::Integer => match (self.facts.integer(key), field.stub) {
                    (Some(n), _) => {
                        let _ = writeln!(out, "{key} = {n}");
                    }
                    (None, Some(stub)) => {
                        let _ = writeln!(out, "# {key} = 1    # {stub}");
                    }
                    (None, None) => {}
                },
                FieldKind::Date => match (self.facts.date(key), field.stub) {
                    (Some(day), _) => {
                        let _ = writeln!(out, "{key} = {day}");
                    }
                    (None, Some(stub)) => {
                        let _ = writeln!(out, "# {key} = 2026-01-31    # {stub}");
                    }
                    (None, None) => {}
                },
                FieldKind::Statements => {
                    let items = self.facts.statements(key);
                    if items.is_empty() && field.stub.is_none() {
                        continue;
                    }
                    // The lists follow the one-line fields after a blank line.
                    if !in_lists {
                        out.push('\n');
                        in_lists = true;
                    }
                    write_statements(&mut out, key, items, field.stub.unwrap_or_default());
                }
            }
        }
        for criterion in &config.criteria {
            out.push('\n');
            write_criterion(&mut out, criterion, self.values.get(&criterion.key));
        }
        if self.body.trim().is_empty() {
            out.push('\n');
            out.push_str(BODY_HINT);
            out.push('\n');
            out.push_str("+++\n");
        } else {
            out.push_str("+++\n");
            out.push_str(self.body.trim_end());
            out.push('\n');
        }
        out
    }
}

fn write_statements(out: &mut String, key: &str, items: &[String], hint: &str) {
    let _ = writeln!(out, "{key} = [");
    if items.is_empty() && !hint.is_empty() {
        let _ = writeln!(out, "  # \"{hint}\",");
    }
    for item in items {
        let _ = writeln!(out, "  {},", toml_string(item));
    }
    out.push_str("]\n");
}

fn write_criterion(out: &mut String, criterion: &Criterion, value: Option<&Value>) {
    let _ = writeln!(out, "# {}: {}", criterion.label, describe(criterion));
    if let Some(help) = &criterion.help {
        for line in help.lines() {
            let _ = writeln!(out, "# {}", line.trim_end());
        }
    }
    match value {
        Some(value) => {
            let _ = writeln!(out, "{} = {}", criterion.key, toml_value(value));
        }
        None => {
            let _ = writeln!(out, "# {} = {}", criterion.key, example(&criterion.kind));
        }
    }
}

/// What a criterion takes, in words: `score from 1 to 5, higher is better, weight 2; required`.
pub fn describe(criterion: &Criterion) -> String {
    let mut text = match &criterion.kind {
        CriterionKind::Text { values: Some(v) } => format!("text, one of: {}", v.join(", ")),
        CriterionKind::Text { values: None } => "text".to_string(),
        CriterionKind::Tags { values: Some(v) } => format!("tags from: {}", v.join(", ")),
        CriterionKind::Tags { values: None } => "tags".to_string(),
        CriterionKind::Score(scale) => format!(
            "score from {} to {}, {} is better, weight {}",
            format_number(scale.min),
            format_number(scale.max),
            match scale.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
            },
            format_number(scale.weight)
        ),
        CriterionKind::Bool => "true or false".to_string(),
        CriterionKind::List => "a list of sentences".to_string(),
    };
    if criterion.required {
        text.push_str("; required");
    }
    text
}

/// A value as TOML source.
pub fn toml_value(value: &Value) -> String {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    match value {
        Value::Text(text) => toml_string(text),
        Value::Tags(tags) => list(tags),
        Value::List(items) => list(items),
        Value::Bool(b) => b.to_string(),
        Value::Score(score) => match &score.why {
            Some(why) => format!(
                "{{ score = {}, why = {} }}",
                format_number(score.value),
                toml_string(why)
            ),
            None => format_number(score.value),
        },
    }
}

/// `text` as a TOML basic string, with quotes, backslashes and control characters escaped.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Candidate, Score};
    use crate::source::SourceFile;

    fn config() -> SiteConfig {
        SiteConfig::parse(&SourceFile::from_text(
            "site.toml",
            "title = \"T\"\n\
             [[criteria]]\nkey = \"runtime\"\nkind = \"text\"\nvalues = [\"Python\", \"Node.js\"]\n\
             help = \"The runtime.\\nSecond line.\"\n\
             [[criteria]]\nkey = \"ops\"\nlabel = \"Operations\"\nkind = \"score\"\nbetter = \"lower\"\n\
             [[criteria]]\nkey = \"hosted\"\nkind = \"bool\"\nrequired = true\n\
             [[criteria]]\nkey = \"drivers\"\nkind = \"tags\"\n",
        ))
        .expect("valid schema")
    }

    #[test]
    fn strings_round_trip_through_toml() {
        for text in [
            "plain",
            "“quotes” and \"quotes\"",
            "back\\slash",
            "tab\tnew\nline\u{7}",
        ] {
            let doc = format!("v = {}", toml_string(text));
            let table: toml::Table = toml::from_str(&doc).expect("valid TOML");
            assert_eq!(table["v"].as_str(), Some(text), "{doc}");
        }
    }

    #[test]
    fn a_new_draft_stubs_everything_and_parses_once_required_values_are_in() {
        let text = Draft::titled("Flask \"micro\"").to_text(&config());
        // The snapshot is what users get: without the field only the library's tests have.
        let test_stub = "# test_note = \"a note only tests have\"\n";
        assert!(text.contains(test_stub), "{text}");
        insta::assert_snapshot!(text.replace(test_stub, ""));
        // The stub of the required criterion is what is missing; uncommented, it parses.
        let filled = text.replace("# hosted = true", "hosted = true");
        let candidate = Candidate::parse(
            SourceFile::from_text("content/flask.md", filled),
            "flask.md",
            &config(),
        )
        .expect("a filled-in stub is a valid option");
        assert_eq!(candidate.title, "Flask \"micro\"");
        assert!(candidate.values.contains_key("hosted"));
        assert_eq!(
            candidate.values.len(),
            1,
            "optional stubs stay commented out"
        );
    }

    #[test]
    fn known_values_are_written_and_read_back_unchanged() {
        let mut values = BTreeMap::new();
        values.insert("runtime".to_string(), Value::Text("Python".into()));
        values.insert(
            "ops".to_string(),
            Value::Score(Score::plain(2.0, Some("Runs \"anywhere\".".into()))),
        );
        values.insert("hosted".to_string(), Value::Bool(false));
        values.insert(
            "drivers".to_string(),
            Value::Tags(vec!["a".into(), "b".into()]),
        );
        let mut facts = Facts::default();
        facts.set(builtin::SUBTITLE, Fact::Text("Python".into()));
        facts.set(builtin::ORDER, Fact::Integer(2));
        facts.set(builtin::BEST_FOR, Fact::Text("small APIs; fast".into()));
        facts.set(
            builtin::PROS,
            Fact::Statements(vec!["Minimal".into(), "Lots of “examples”".into()]),
        );
        facts.set(builtin::TEST_FIELD.key, Fact::Text("*tested*".into()));
        let draft = Draft {
            title: "Flask".into(),
            facts,
            values: values.clone(),
            body: "Examples: one, two.\n".into(),
        };
        let candidate = Candidate::parse(
            SourceFile::from_text("content/flask.md", draft.to_text(&config())),
            "flask.md",
            &config(),
        )
        .expect("valid option");
        assert_eq!(
            candidate.facts, draft.facts,
            "every built-in field reads back"
        );
        assert_eq!(candidate.facts.text("test_note"), Some("*tested*"));
        assert_eq!(candidate.values, values);
        assert_eq!(
            &candidate.source.text[candidate.body.clone()],
            "Examples: one, two.\n"
        );
    }
}
