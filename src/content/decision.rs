//! The decision on record: the `[decision]` table of `content/_index.md`'s front matter, read
//! and checked field by field into a [`Decision`]. Whether its chosen slugs name options is
//! the site's to check ([`crate::site`]), since only the whole site knows them.

use jiff::civil::Date;
use toml::de::DeValue;

use crate::diag::{Diagnostic, Kind, did_you_mean};
use crate::fields::{Located, TableReader, TableRef};

/// The front-matter key of the decision's table.
pub const DECISION: &str = "decision";

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Put forward, not decided yet.
    Proposed,
    /// Decided: the chosen options are the choice.
    Accepted,
    /// Turned down.
    Rejected,
    /// Once accepted, no longer to be followed.
    Deprecated,
    /// Replaced by another decision (`superseded_by`).
    Superseded,
}

impl Status {
    /// Every status, in the order messages list them.
    pub const ALL: [Status; 5] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
    ];

    /// The status as written in front matter and in `matrix.json`: `accepted`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }

    /// The status as a reader sees it: `Accepted`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Proposed => "Proposed",
            Status::Accepted => "Accepted",
            Status::Rejected => "Rejected",
            Status::Deprecated => "Deprecated",
            Status::Superseded => "Superseded",
        }
    }

    fn of(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The decision as `content/_index.md` records it. Spans are byte ranges of that file.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Where it stands.
    pub status: Status,
    /// The slugs of the chosen options, as written (checked against the options by the site).
    pub chosen: Vec<Located<String>>,
    /// When it was decided.
    pub date: Option<Date>,
    /// Who decided.
    pub deciders: Vec<String>,
    /// When to look at it again.
    pub review_by: Option<Located<Date>>,
    /// The reason for the choice, one statement.
    pub why: Option<String>,
    /// The decision that replaced this one (a URL), with [`Status::Superseded`].
    pub superseded_by: Option<String>,
}

impl Decision {
    /// Reads the `[decision]` table of a landing page's front matter, if it has one,
    /// reporting every problem in it. `None` when it is absent or its status is unusable.
    pub fn read(reader: &mut TableReader<'_, '_>) -> Option<Decision> {
        let field = reader.field(DECISION)?;
        let Some(table) = TableRef::of_value(field.value) else {
            let found = field.value.get_ref();
            reader.type_error(&field, "a table: [decision] with status = \"...\"", found);
            return None;
        };
        let mut inner = reader.sub_reader(table, format!("{DECISION}."));
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        let status_text = inner.required_string(
            "status",
            &format!("where the decision stands: {}", statuses.join(", ")),
        );
        let status = status_text.as_ref().and_then(|text| {
            let status = Status::of(&text.value);
            if status.is_none() {
                let d = inner
                    .doc()
                    .source
                    .error_at(
                        text.span.clone(),
                        format!("`{}` is not a status of a decision", text.value),
                    )
                    .with_kind(Kind::UnknownValue)
                    .label(format!("expected one of: {}", statuses.join(", ")));
                let d = match did_you_mean(&text.value, statuses.iter().copied()) {
                    Some(near) => d.suggest(near),
                    None => d.help("`proposed` until it is decided, then `accepted`"),
                };
                inner.diagnostics.push(d);
            }
            status
        });
        let chosen = read_chosen(&mut inner);
        let date = inner.date("date").map(|d| d.value);
        let deciders = nonblank(&mut inner, "deciders");
        let review_by = inner.date("review_by");
        let why = inner
            .string("why")
            .map(|w| w.value)
            .filter(|w| !w.trim().is_empty());
        let superseded_by = read_superseded_by(&mut inner, status, status_text.as_ref());
        let unchosen = (status == Some(Status::Accepted) && chosen.is_empty())
            .then_some(status_text.as_ref())
            .flatten();
        if let Some(text) = unchosen {
            let d = inner
                .doc()
                .source
                .error_at(text.span.clone(), "an accepted decision chooses something")
                .with_kind(Kind::MissingKey)
                .label("accepted, with no `chosen` options")
                .help("add `chosen = [\"<slug>\"]` with the chosen options' slugs");
            inner.diagnostics.push(d);
        }
        inner.finish("a decision");
        Some(Decision {
            status: status?,
            chosen,
            date,
            deciders,
            review_by,
            why,
            superseded_by,
        })
    }

    /// A warning when the decision's `review_by` date is before `today`; `source` is the
    /// landing file the decision is in.
    pub fn overdue(&self, source: &crate::source::SourceFile, today: Date) -> Option<Diagnostic> {
        let review_by = self.review_by.as_ref().filter(|r| r.value < today)?;
        Some(
            source
                .locate(
                    Diagnostic::warning("the decision is due for review").with_kind(Kind::Overdue),
                    review_by.span.clone(),
                )
                .label(format!("to be reviewed by {}", review_by.value))
                .help(
                    "look at the decision again, then set `review_by` to the next date \
                     (or change its `status`)",
                ),
        )
    }
}

/// The chosen slugs; each may appear once.
fn read_chosen(reader: &mut TableReader<'_, '_>) -> Vec<Located<String>> {
    let mut chosen: Vec<Located<String>> = Vec::new();
    for slug in reader.strings("chosen").unwrap_or_default() {
        if chosen.iter().any(|c| c.value == slug.value) {
            let d = reader
                .doc()
                .source
                .error_at(slug.span, format!("`{}` is chosen twice", slug.value))
                .with_kind(Kind::Repeated)
                .label("already in `chosen`")
                .help("name each chosen option once");
            reader.diagnostics.push(d);
        } else {
            chosen.push(slug);
        }
    }
    chosen
}

/// A list of names, none of them blank.
fn nonblank(reader: &mut TableReader<'_, '_>, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in reader.strings(key).unwrap_or_default() {
        if item.value.trim().is_empty() {
            let d = reader
                .doc()
                .source
                .error_at(item.span, format!("empty item in `{DECISION}.{key}`"))
                .with_kind(Kind::InvalidValue)
                .label("expected a name");
            reader.diagnostics.push(d);
        } else {
            out.push(item.value);
        }
    }
    out
}

/// `superseded_by`: an absolute web address, given exactly when the status is `superseded`.
fn read_superseded_by(
    reader: &mut TableReader<'_, '_>,
    status: Option<Status>,
    status_text: Option<&Located<String>>,
) -> Option<String> {
    let field = reader.field("superseded_by");
    let given = match &field {
        Some(field) if matches!(field.value.get_ref(), DeValue::String(_)) => {
            reader.expect_string(field)
        }
        Some(field) => {
            reader.type_error(field, "a URL in quotes", field.value.get_ref());
            return None;
        }
        None => None,
    };
    match (status, given) {
        (Some(Status::Superseded), None) if field.is_none() => {
            if let Some(text) = status_text {
                let d = reader
                    .doc()
                    .source
                    .error_at(text.span.clone(), "a superseded decision names its successor")
                    .with_kind(Kind::MissingKey)
                    .label("superseded, with no `superseded_by`")
                    .help("add `superseded_by = \"https://...\"`, the address of the decision that replaced it");
                reader.diagnostics.push(d);
            }
            None
        }
        (Some(status), Some(url)) if status != Status::Superseded => {
            let d = reader
                .doc()
                .source
                .error_at(
                    url.span,
                    format!(
                        "`superseded_by` does not apply to a decision that is {}",
                        status.name()
                    ),
                )
                .with_kind(Kind::NotApplicable)
                .label("only a superseded decision has a successor")
                .help("set `status = \"superseded\"`, or remove this line");
            reader.diagnostics.push(d);
            None
        }
        (_, Some(url)) => {
            let web = url::Url::parse(&url.value)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"));
            if web.is_none() {
                let d = reader
                    .doc()
                    .source
                    .error_at(url.span, format!("`{}` is not a web address", url.value))
                    .with_kind(Kind::InvalidValue)
                    .label("expected an address starting with https://");
                reader.diagnostics.push(d);
                return None;
            }
            Some(url.value)
        }
        (_, None) => None,
    }
}
