//! The built-in fields of an option, the ones every site has whatever its criteria are (the
//! title, the slug, the subtitle, pros, cons…): one table, [`FIELDS`], that the front-matter
//! parser, `site.toml`'s reserved keys, the drafts of `new` and `import`, the views, the
//! exports and the matrix page's script all read; and [`Facts`], an option's values of them.
//! Adding a field is adding a line to the table (and, for a new [`FieldKind`], the code of
//! that kind in each reader). Uses nothing of the crate.

use std::collections::BTreeMap;

use serde::Serialize;

/// The key of the option's name.
pub const TITLE: &str = "title";
/// The key of the option's URL segment.
pub const SLUG: &str = "slug";
/// The key of the option's page URL in exports.
pub const URL: &str = "url";
/// The key of the qualifier shown with the name.
pub const SUBTITLE: &str = "subtitle";
/// The key of the option's sort position.
pub const ORDER: &str = "order";
/// The key of who or what the option suits best.
pub const BEST_FOR: &str = "best_for";
/// The key of the arguments for the option.
pub const PROS: &str = "pros";
/// The key of the arguments against the option.
pub const CONS: &str = "cons";
/// The key of the day the option was last reviewed.
pub const REVIEWED: &str = "reviewed";

/// One built-in field of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinField {
    /// The front-matter key (and the name templates and exports use).
    pub key: &'static str,
    /// What kind of value it takes.
    pub kind: FieldKind,
    /// Its name as readers see it (a column heading, a row of the compare view).
    pub label: &'static str,
    /// Whether every option must give it (only text kinds can be required).
    pub required: bool,
    /// What it is, in a few words: the end of "missing `title`: the option's name".
    pub help: &'static str,
    /// The placeholder of the commented-out line a draft has while the value is unknown;
    /// `None` when drafts leave the field out.
    pub stub: Option<&'static str>,
    /// Its column in `matrix.json` and `matrix.csv`, when the exports have it.
    pub export: Option<&'static str>,
    /// Whether the matrix table has a column for it.
    pub column: Column,
    /// Whether the matrix page's side-by-side view shows it.
    pub compare: bool,
    /// The other names a table column of an imported document may give it (`advantages`).
    pub import_names: &'static [&'static str],
}

/// The kinds of value a built-in field takes; each has its own code in every reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// The option's name: one line of text, never blank, shown wherever the option is.
    Name,
    /// The URL segment: lowercase letters and digits joined by hyphens; the file's name by
    /// default.
    Slug,
    /// The option's page, made by the build: never written in front matter.
    Url,
    /// One line of plain text.
    Text,
    /// One statement, which may use inline Markdown.
    Statement,
    /// A list of statements, none of them empty.
    Statements,
    /// A whole number.
    Integer,
    /// A calendar day, a TOML date (`2026-10-01`).
    Date,
}

impl FieldKind {
    /// Whether an option's front matter may set it.
    pub fn in_front_matter(self) -> bool {
        self != FieldKind::Url
    }

    /// Whether its values are kept in an option's [`Facts`] (the name, slug and URL have
    /// fields of their own).
    pub fn is_fact(self) -> bool {
        !matches!(self, FieldKind::Name | FieldKind::Slug | FieldKind::Url)
    }
}

/// How the matrix table shows a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// No column.
    None,
    /// A column that is always there (the option's name, heading each row).
    Fixed,
    /// A column readers may hide and sort by.
    Optional,
}

/// Every built-in field, in the order front matter, drafts and exports list them.
#[cfg(not(test))]
pub const FIELDS: &[BuiltinField] = BUILTIN;

/// Every built-in field, in the order front matter, drafts and exports list them; in the
/// library's own tests, with [`TEST_FIELD`] at the end, so that a reader that does not read
/// the table is caught.
#[cfg(test)]
pub const FIELDS: &[BuiltinField] = &[
    BUILTIN[0], BUILTIN[1], BUILTIN[2], BUILTIN[3], BUILTIN[4], BUILTIN[5], BUILTIN[6], BUILTIN[7],
    BUILTIN[8], TEST_FIELD,
];

/// A field that only the library's own tests have.
#[cfg(test)]
pub const TEST_FIELD: BuiltinField = BuiltinField {
    key: "test_note",
    kind: FieldKind::Statement,
    label: "Test note",
    required: false,
    help: "a field only tests have",
    stub: Some("a note only tests have"),
    export: Some("test_note"),
    column: Column::None,
    compare: true,
    import_names: &["testing_note"],
};

const BUILTIN: &[BuiltinField] = &[
    BuiltinField {
        key: SLUG,
        kind: FieldKind::Slug,
        label: "Slug",
        required: false,
        help: "the option's URL segment",
        stub: None,
        export: Some(SLUG),
        column: Column::None,
        compare: false,
        import_names: &[],
    },
    BuiltinField {
        key: TITLE,
        kind: FieldKind::Name,
        label: "Option",
        required: true,
        help: "the option's name",
        stub: None,
        export: Some(TITLE),
        column: Column::Fixed,
        compare: false,
        import_names: &[
            "option",
            "options",
            "name",
            "candidate",
            "alternative",
            "choice",
            "tool",
        ],
    },
    BuiltinField {
        key: SUBTITLE,
        kind: FieldKind::Text,
        label: "Subtitle",
        required: false,
        help: "a short qualifier shown with the title",
        stub: Some("a short qualifier shown beside the title"),
        export: Some(SUBTITLE),
        column: Column::None,
        compare: false,
        import_names: &[],
    },
    BuiltinField {
        key: URL,
        kind: FieldKind::Url,
        label: "URL",
        required: false,
        help: "the option's page",
        stub: None,
        export: Some(URL),
        column: Column::None,
        compare: false,
        import_names: &[],
    },
    BuiltinField {
        key: ORDER,
        kind: FieldKind::Integer,
        label: "Order",
        required: false,
        help: "the option's sort position",
        stub: Some("options sort by order, then by title"),
        export: None,
        column: Column::None,
        compare: false,
        import_names: &["rank"],
    },
    BuiltinField {
        key: BEST_FOR,
        kind: FieldKind::Statement,
        label: "Best for",
        required: false,
        help: "who or what the option suits best",
        stub: Some("who or what this option suits best, in one sentence"),
        export: Some(BEST_FOR),
        column: Column::Optional,
        compare: true,
        import_names: &["good_for", "ideal_for"],
    },
    BuiltinField {
        key: PROS,
        kind: FieldKind::Statements,
        label: "Pros",
        required: false,
        help: "the arguments for the option",
        stub: Some("an argument for, as one sentence"),
        export: Some(PROS),
        column: Column::None,
        compare: true,
        import_names: &["advantages", "strengths"],
    },
    BuiltinField {
        key: CONS,
        kind: FieldKind::Statements,
        label: "Cons",
        required: false,
        help: "the arguments against the option",
        stub: Some("an argument against, as one sentence"),
        export: Some(CONS),
        column: Column::None,
        compare: true,
        import_names: &["disadvantages", "drawbacks", "weaknesses"],
    },
    BuiltinField {
        key: REVIEWED,
        kind: FieldKind::Date,
        label: "Last reviewed",
        required: false,
        help: "the day the option was last reviewed",
        stub: Some("the day this option was last looked at"),
        export: Some(REVIEWED),
        column: Column::None,
        compare: false,
        import_names: &["last_reviewed", "reviewed_on"],
    },
];

/// The columns of `matrix.csv` before the built-in fields': an option's rank and total with
/// the default weights, how complete the total is, and the range its missing scores leave.
pub const RANKING_COLUMNS: [&str; 6] = [
    "rank",
    "total",
    "rated",
    "scored",
    "total_low",
    "total_high",
];

/// The columns `matrix.csv` has whatever the criteria, which criteria therefore cannot be
/// named: [`RANKING_COLUMNS`], then the built-in fields' ([`BuiltinField::export`]).
pub fn fixed_columns() -> impl Iterator<Item = &'static str> {
    RANKING_COLUMNS
        .into_iter()
        .chain(FIELDS.iter().filter_map(|f| f.export))
}

/// The built-in field with this key.
pub fn field(key: &str) -> Option<&'static BuiltinField> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The keys an option's front matter may use whatever the schema says, which criteria
/// therefore cannot use.
pub fn reserved_keys() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(|f| f.kind.in_front_matter())
        .map(|f| f.key)
}

/// The field an imported document's table column heading names (`title`, `Advantages`),
/// by its key or one of its other names; `heading` is already lowercase with `_` for spaces.
pub fn imported_column(heading: &str) -> Option<&'static BuiltinField> {
    FIELDS.iter().find(|f| {
        (f.kind == FieldKind::Name || f.kind.is_fact())
            && (f.key == heading || f.import_names.contains(&heading))
    })
}

/// An option's value of one built-in field of a [`FieldKind::is_fact`] kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// A line of text or a statement.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// Statements, at least one.
    Statements(Vec<String>),
    /// A calendar day.
    Date(jiff::civil::Date),
}

/// An option's values of the built-in fields other than its name, slug and URL, by key;
/// a field without a value (or with no statements) is absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    values: BTreeMap<&'static str, Fact>,
}

impl Facts {
    /// Sets the value of the field `key` (an empty list of statements removes it).
    ///
    /// # Panics
    /// When `key` is not a built-in field's: keys come from the table or its constants.
    pub fn set(&mut self, key: &str, fact: Fact) {
        let field = field(key).expect("facts are set by the keys of the table");
        match fact {
            Fact::Statements(items) if items.is_empty() => {
                self.values.remove(field.key);
            }
            fact => {
                self.values.insert(field.key, fact);
            }
        }
    }

    /// The value of the field `key`, if it has one.
    pub fn get(&self, key: &str) -> Option<&Fact> {
        self.values.get(key)
    }

    /// Whether no field has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The text (or statement) of the field `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(Fact::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The number of the field `key`.
    pub fn integer(&self, key: &str) -> Option<i64> {
        match self.values.get(key) {
            Some(Fact::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    /// The day of the field `key`.
    pub fn date(&self, key: &str) -> Option<jiff::civil::Date> {
        match self.values.get(key) {
            Some(Fact::Date(day)) => Some(*day),
            _ => None,
        }
    }

    /// The statements of the field `key` (none when it has no value).
    pub fn statements(&self, key: &str) -> &[String] {
        match self.values.get(key) {
            Some(Fact::Statements(items)) => items,
            _ => &[],
        }
    }

    /// Rewrites every text and statement with `f` (numbers stay as they are).
    pub fn rewrite_texts(&mut self, mut f: impl FnMut(&str) -> String) {
        for fact in self.values.values_mut() {
            match fact {
                Fact::Text(text) => *text = f(text),
                Fact::Statements(items) => {
                    for item in items {
                        *item = f(item);
                    }
                }
                Fact::Integer(_) | Fact::Date(_) => {}
            }
        }
    }

    /// Adds a statement to the list of the field `key`.
    pub fn push_statement(&mut self, key: &str, statement: String) {
        let mut items = self.statements(key).to_vec();
        items.push(statement);
        self.set(key, Fact::Statements(items));
    }
}

/// Serialises as a map of every field with a value kept in [`Facts`], in table order:
/// `null` for text and numbers without a value, `[]` for statements.
impl Serialize for Facts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let fields: Vec<&BuiltinField> = FIELDS.iter().filter(|f| f.kind.is_fact()).collect();
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for field in fields {
            match (field.kind, self.values.get(field.key)) {
                (_, Some(Fact::Text(text))) => map.serialize_entry(field.key, text)?,
                (_, Some(Fact::Integer(n))) => map.serialize_entry(field.key, n)?,
                (_, Some(Fact::Statements(items))) => map.serialize_entry(field.key, items)?,
                (_, Some(Fact::Date(day))) => map.serialize_entry(field.key, &day.to_string())?,
                (FieldKind::Statements, None) => {
                    map.serialize_entry(field.key, &[] as &[String])?
                }
                (_, None) => map.serialize_entry(field.key, &None::<String>)?,
            }
        }
        map.end()
    }
}

/// What the matrix page's script is told of the fields it shows: those with a column or a
/// row of the side-by-side view.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptField {
    /// The key: the cells' `data-key`, the field of the rows file.
    pub key: &'static str,
    /// The heading.
    pub label: &'static str,
    /// The kind.
    pub kind: FieldKind,
    /// Whether, and how, the matrix table has a column for it.
    pub column: Column,
    /// Whether the side-by-side view has a row for it.
    pub compare: bool,
}

/// The fields the matrix page's script shows, in table order.
pub fn script_fields() -> Vec<ScriptField> {
    FIELDS
        .iter()
        .filter(|f| f.column != Column::None || f.compare)
        .map(|f| ScriptField {
            key: f.key,
            label: f.label,
            kind: f.kind,
            column: f.column,
            compare: f.compare,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        assert_eq!(
            &FIELDS[..BUILTIN.len()],
            BUILTIN,
            "the tests' table is the users' table and one field more"
        );
        let mut keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len(), "every key once");
        for f in FIELDS {
            assert!(
                !f.required
                    || matches!(
                        f.kind,
                        FieldKind::Name | FieldKind::Text | FieldKind::Statement
                    ),
                "only text kinds can be required: {}",
                f.key
            );
            assert!(f.kind.in_front_matter() || f.stub.is_none(), "{}", f.key);
        }
        for key in [
            TITLE, SLUG, URL, SUBTITLE, ORDER, BEST_FOR, PROS, CONS, REVIEWED,
        ] {
            assert!(field(key).is_some(), "{key} is in the table");
        }
        assert_eq!(
            FIELDS.iter().filter(|f| f.kind == FieldKind::Name).count(),
            1,
            "one name"
        );
    }

    #[test]
    fn facts_keep_one_form_for_no_statements() {
        let mut facts = Facts::default();
        facts.set(PROS, Fact::Statements(Vec::new()));
        assert!(facts.is_empty());
        facts.push_statement(PROS, "Small".into());
        assert_eq!(facts.statements(PROS), ["Small".to_string()]);
        let json = serde_json::to_value(&facts).expect("serialises");
        assert_eq!(json["pros"], serde_json::json!(["Small"]));
        assert_eq!(json["cons"], serde_json::json!([]));
        assert_eq!(json["best_for"], serde_json::Value::Null);
        assert_eq!(json["test_note"], serde_json::Value::Null);
        assert!(json.get("title").is_none(), "the name is not a fact");
    }
}
