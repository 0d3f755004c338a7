//! The text of the option files tradeoff writes itself (`new`, `import`): TOML front matter
//! with the fields that are known, every other field and criterion stubbed as a commented-out
//! line under its help text, then the Markdown body. Pure; uses [`crate::config`] and the
//! option model of [`super::candidate`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::config::{Better, Criterion, CriterionKind, SiteConfig};

use super::candidate::{Value, example, format_number};

/// An option file to be written: what is known of one option.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The option's name.
    pub title: String,
    /// A short qualifier shown with the title.
    pub subtitle: Option<String>,
    /// Sort position.
    pub order: Option<i64>,
    /// Who or what the option suits best.
    pub best_for: Option<String>,
    /// Arguments for, one sentence each.
    pub pros: Vec<String>,
    /// Arguments against, one sentence each.
    pub cons: Vec<String>,
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

    /// The file's whole text, checked against `config`'s criteria.
    pub fn to_text(&self, config: &SiteConfig) -> String {
        let mut out = String::from("+++\n");
        let _ = writeln!(out, "title = {}", toml_string(&self.title));
        match &self.subtitle {
            Some(subtitle) => {
                let _ = writeln!(out, "subtitle = {}", toml_string(subtitle));
            }
            None => out.push_str("# subtitle = \"a short qualifier shown beside the title\"\n"),
        }
        match self.order {
            Some(order) => {
                let _ = writeln!(out, "order = {order}");
            }
            None => out.push_str("# order = 1    # options sort by order, then by title\n"),
        }
        match &self.best_for {
            Some(best_for) => {
                let _ = writeln!(out, "best_for = {}", toml_string(best_for));
            }
            None => out
                .push_str("# best_for = \"who or what this option suits best, in one sentence\"\n"),
        }
        out.push('\n');
        write_statements(
            &mut out,
            "pros",
            &self.pros,
            "an argument for, as one sentence",
        );
        write_statements(
            &mut out,
            "cons",
            &self.cons,
            "an argument against, as one sentence",
        );
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
    if items.is_empty() {
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
        insta::assert_snapshot!(text);
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
            Value::Score(Score {
                value: 2.0,
                why: Some("Runs \"anywhere\".".into()),
            }),
        );
        values.insert("hosted".to_string(), Value::Bool(false));
        values.insert(
            "drivers".to_string(),
            Value::Tags(vec!["a".into(), "b".into()]),
        );
        let draft = Draft {
            title: "Flask".into(),
            subtitle: Some("Python".into()),
            order: Some(2),
            best_for: Some("small APIs; fast".into()),
            pros: vec!["Minimal".into(), "Lots of “examples”".into()],
            cons: vec![],
            values: values.clone(),
            body: "Examples: one, two.\n".into(),
        };
        let candidate = Candidate::parse(
            SourceFile::from_text("content/flask.md", draft.to_text(&config())),
            "flask.md",
            &config(),
        )
        .expect("valid option");
        assert_eq!(candidate.subtitle.as_deref(), Some("Python"));
        assert_eq!(candidate.order, Some(2));
        assert_eq!(candidate.pros, draft.pros);
        assert!(candidate.cons.is_empty());
        assert_eq!(candidate.values, values);
        assert_eq!(
            &candidate.source.text[candidate.body.clone()],
            "Examples: one, two.\n"
        );
    }
}
