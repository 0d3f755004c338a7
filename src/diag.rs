//! Diagnostics as plain data: what kind of problem ([`Kind`]), where (file, byte offset,
//! line, column), the offending source lines, and what was expected. The text of every
//! message that more than one module reports is made here, by one constructor per kind
//! ([`Diagnostic::unknown_key`], [`Diagnostic::wrong_type`], [`Diagnostic::link_not_built`]…).
//! Imports nothing from the crate; every other module produces these, and only
//! [`crate::report`] turns them into text.

use std::fmt;
use std::ops::Range;

/// Whether `err` says that the system ran out of something (open files, memory) rather
/// than that the file is at fault: trying again later may succeed.
pub fn is_exhaustion(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        let exhausted = [Errno::MFILE, Errno::NFILE, Errno::NOMEM, Errno::NOBUFS];
        if err
            .raw_os_error()
            .is_some_and(|code| exhausted.iter().any(|e| e.raw_os_error() == code))
        {
            return true;
        }
    }
    err.kind() == std::io::ErrorKind::OutOfMemory
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails and nothing is written.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What kind of problem a diagnostic is, whatever its words: for machines (a stable code
/// each, [`Kind::code`]) and for tests. Human output does not show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A file or folder that cannot be read or listed.
    Unreadable,
    /// A file or folder that could not be read for want of the system's resources (too many
    /// open files, no memory): reading it again later may work.
    Exhausted,
    /// A file that is not UTF-8 text.
    NotUtf8,
    /// The site lacks `site.toml` or `content/`.
    MissingInput,
    /// A file in `content/` that is not built (a subfolder's option, a folder named `*.md`), or
    /// one in `static/` that is not published (a name taken for an editor's file).
    NotBuilt,
    /// TOML that does not parse.
    TomlSyntax,
    /// An option file's front matter is missing, unclosed or YAML.
    FrontMatter,
    /// A key the schema does not know.
    UnknownKey,
    /// A value of the wrong type (a number where a string belongs).
    WrongType,
    /// A required key or value that is absent or blank.
    MissingKey,
    /// A value of the right type that is not acceptable (a bad slug, URL, weight…).
    InvalidValue,
    /// A value outside a fixed set of allowed values.
    UnknownValue,
    /// A score outside its criterion's scale.
    OffScale,
    /// A criterion that uses a built-in field's key.
    ReservedKey,
    /// Something that may appear once appears twice (a criterion, a value).
    Repeated,
    /// A criterion setting that does not apply to the criterion's kind.
    NotApplicable,
    /// Two options with the same slug.
    DuplicateSlug,
    /// A name from which no URL or file name can be made.
    NoSlug,
    /// A link to a file or page that the built site does not have, or outside the site.
    BrokenLink,
    /// A link to an `#anchor` that the linked page does not have.
    BrokenAnchor,
    /// A heading id that the page already uses.
    TakenId,
    /// A URL that ignores the site's base path.
    BasePath,
    /// A static file on the path of a generated file.
    StaticCollision,
    /// A template that does not parse or render.
    Template,
    /// An output folder that cannot or must not be written into.
    OutputFolder,
    /// A file-system operation that failed (create, write, remove).
    FileSystem,
    /// Files that `init`, `new` or `import` would replace.
    WouldOverwrite,
    /// A command-line argument that cannot be used.
    InvalidArgument,
    /// The development server cannot start, serve or watch.
    Server,
    /// A document that `import` cannot read as options.
    Import,
    /// A date to look at something again that has passed (a decision's `review_by`, an
    /// option's review).
    Overdue,
    /// A fenced code block in a language no grammar of this build reads (written plain).
    UnknownLanguage,
    /// A problem of its own kind, reported in one place only.
    Other,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 33] = [
        Kind::Unreadable,
        Kind::Exhausted,
        Kind::NotUtf8,
        Kind::MissingInput,
        Kind::NotBuilt,
        Kind::TomlSyntax,
        Kind::FrontMatter,
        Kind::UnknownKey,
        Kind::WrongType,
        Kind::MissingKey,
        Kind::InvalidValue,
        Kind::UnknownValue,
        Kind::OffScale,
        Kind::ReservedKey,
        Kind::Repeated,
        Kind::NotApplicable,
        Kind::DuplicateSlug,
        Kind::NoSlug,
        Kind::BrokenLink,
        Kind::BrokenAnchor,
        Kind::TakenId,
        Kind::BasePath,
        Kind::StaticCollision,
        Kind::Template,
        Kind::OutputFolder,
        Kind::FileSystem,
        Kind::WouldOverwrite,
        Kind::InvalidArgument,
        Kind::Server,
        Kind::Import,
        Kind::Overdue,
        Kind::UnknownLanguage,
        Kind::Other,
    ];

    /// The kind's stable short code, such as `unknown-key` (what it serialises as).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Unreadable => "unreadable",
            Kind::Exhausted => "exhausted",
            Kind::NotUtf8 => "not-utf8",
            Kind::MissingInput => "missing-input",
            Kind::NotBuilt => "not-built",
            Kind::TomlSyntax => "toml-syntax",
            Kind::FrontMatter => "front-matter",
            Kind::UnknownKey => "unknown-key",
            Kind::WrongType => "wrong-type",
            Kind::MissingKey => "missing-key",
            Kind::InvalidValue => "invalid-value",
            Kind::UnknownValue => "unknown-value",
            Kind::OffScale => "off-scale",
            Kind::ReservedKey => "reserved-key",
            Kind::Repeated => "repeated",
            Kind::NotApplicable => "not-applicable",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::NoSlug => "no-slug",
            Kind::BrokenLink => "broken-link",
            Kind::BrokenAnchor => "broken-anchor",
            Kind::TakenId => "taken-id",
            Kind::BasePath => "base-path",
            Kind::StaticCollision => "static-collision",
            Kind::Template => "template",
            Kind::OutputFolder => "output-folder",
            Kind::FileSystem => "file-system",
            Kind::WouldOverwrite => "would-overwrite",
            Kind::InvalidArgument => "invalid-argument",
            Kind::Server => "server",
            Kind::Import => "import",
            Kind::Overdue => "overdue",
            Kind::UnknownLanguage => "unknown-language",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a file a diagnostic names comes from. The text that names it (`(built-in theme) `,
/// `(rendered) `, `public/`) is made here alone, by [`Diagnostic::shown_path`].
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// One of the site's own files; the path is relative to the site's root.
    #[default]
    Site,
    /// A file of the built-in theme, compiled into tradeoff (`templates/base.html`).
    Theme,
    /// A page tradeoff generated, as rendered in memory: it was not written anywhere.
    Rendered,
    /// A file written into the output folder, named as given (`public/`); the path is the
    /// file's inside it.
    Output(String),
}

/// A position in a file, as a person counts it: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// Byte offset from the start of the file's text.
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// The whole source lines a diagnostic points into, so it can be shown without the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Excerpt {
    /// Line number of the first line of `text`.
    pub first_line: usize,
    /// One or more complete lines of the file, without the final line break.
    pub text: String,
    /// The offending bytes, relative to the start of `text`.
    pub span: Range<usize>,
}

/// One problem found in the user's input, with everything needed to report it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem: [`Kind::Other`] until a constructor or [`Diagnostic::with_kind`]
    /// says.
    kind: Kind,
    /// The file, relative to where it comes from (`origin`) and `/`-separated; `None` for
    /// problems of the invocation as a whole.
    pub path: Option<String>,
    /// Where `path` comes from.
    pub origin: Origin,
    /// Where in `path`; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
    /// A short note shown at the offending text (what was expected there).
    pub label: Option<String>,
    /// What to do about it ("did you mean ...").
    pub help: Option<String>,
    /// The source lines around `location`.
    pub excerpt: Option<Excerpt>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with a message and no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// A diagnostic of either severity with a message and no location yet.
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            kind: Kind::Other,
            path: None,
            origin: Origin::Site,
            location: None,
            message: message.into(),
            label: None,
            help: None,
            excerpt: None,
        }
    }

    /// Says what kind of problem this is.
    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Names the site's file the problem is in, without a position.
    pub fn in_file(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Names the file the problem is in, from `origin`.
    pub fn in_file_from(mut self, origin: Origin, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self.origin = origin;
        self
    }

    /// Sets the position and excerpt (see [`crate::source::SourceFile::locate`]).
    pub fn located(mut self, location: Location, excerpt: Excerpt) -> Self {
        self.location = Some(location);
        self.excerpt = Some(excerpt);
        self
    }

    /// Adds the note shown at the offending text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `suggestion`?" as the advice.
    pub fn suggest(self, suggestion: &str) -> Self {
        self.help(suggestion_text(suggestion))
    }

    /// The file as named to people: `content/flask.md`, `(built-in theme)
    /// templates/base.html`, `(rendered) 404.html`, `public/404.html`.
    pub fn shown_path(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        Some(match &self.origin {
            Origin::Site => path.to_string(),
            Origin::Theme => format!("(built-in theme) {path}"),
            Origin::Rendered => format!("(rendered) {path}"),
            Origin::Output(folder) => format!("{folder}{path}"),
        })
    }

    /// True for errors, which fail a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are reported in: problems without a file first, then by file as
    /// shown and position, errors before warnings at the same place.
    fn sort_key(&self) -> (Option<String>, usize, Severity, String) {
        (
            self.shown_path(),
            self.location.map_or(0, |l| l.offset),
            self.severity,
            self.message.clone(),
        )
    }
}

/// "did you mean `suggestion`?": the advice for a near miss.
pub fn suggestion_text(suggestion: &str) -> String {
    format!("did you mean `{suggestion}`?")
}

/// The diagnostics whose words more than one place reports: each made here alone. They have
/// no location yet (see [`crate::source::SourceFile::locate`]).
impl Diagnostic {
    /// `key` (shown after `prefix`, such as `criteria[0].`) is not a key of `owner` ("an
    /// option's front matter"); the help names the closest of `known`, or all of them.
    pub fn unknown_key(prefix: &str, key: &str, owner: &str, known: &[&str]) -> Self {
        let d = Diagnostic::error(format!("unknown field `{prefix}{key}`"))
            .with_kind(Kind::UnknownKey)
            .label(format!("not a field of {owner}"));
        match did_you_mean(key, known.iter().copied()) {
            Some(suggestion) => d.suggest(suggestion),
            None => d.help(format!("known fields: {}", known.join(", "))),
        }
    }

    /// The value of `name` is `found` ("an integer") where `expected` ("a string") belongs.
    pub fn wrong_type(name: &str, expected: &str, found: &str) -> Self {
        Diagnostic::error(format!("`{name}` must be {expected}"))
            .with_kind(Kind::WrongType)
            .label(format!("expected {expected}, found {found}"))
    }

    /// `setting` is set for the criterion `key` of kind `kind`, but applies only to criteria
    /// of the kinds `applies_to` ("score", "text and tags").
    pub fn not_applicable(setting: &str, applies_to: &str, key: &str, kind: &str) -> Self {
        Diagnostic::error(format!("`{setting}` applies only to {applies_to} criteria"))
            .with_kind(Kind::NotApplicable)
            .label(format!("`{key}` is a {kind} criterion"))
    }

    /// A link (`written` as in the source) to `target`, a file the built site does not have;
    /// `on` says where the link is ("on 3 pages"), when not in the source itself.
    pub fn link_not_built(written: &str, target: &str, on: Option<&str>) -> Self {
        Diagnostic::error(format!(
            "broken link: `{written}` is not a file of the built site"
        ))
        .with_kind(Kind::BrokenLink)
        .label(match on {
            Some(on) => format!("{on}, this points at {target}"),
            None => format!("this points at {target}"),
        })
    }

    /// A link (`written` as in the source) that climbs above the site's root; `on` says
    /// where the link is ("from options/a/"; "on 3 pages,").
    pub fn link_leaves_site(written: &str, on: &str) -> Self {
        Diagnostic::error(format!("broken link: `{written}` leaves the site"))
            .with_kind(Kind::BrokenLink)
            .label(format!("{on} this climbs above the site's root"))
    }

    /// A link to `#anchor` of `page`, which has no such id; `on` says where the link is
    /// ("on 3 pages"), when not in the source itself.
    pub fn missing_anchor(anchor: &str, page: &str, on: Option<&str>) -> Self {
        let label = "this anchor does not exist on the linked page";
        Diagnostic::error(format!("broken link: no `#{anchor}` on {page}"))
            .with_kind(Kind::BrokenAnchor)
            .label(match on {
                Some(on) => format!("{on}, {label}"),
                None => label.to_string(),
            })
    }

    /// `url` is root-absolute, so under the base path `base_path` it leads out of the site.
    pub fn ignores_base_path(severity: Severity, url: &str, base_path: &str) -> Self {
        Diagnostic::new(
            severity,
            format!("`{url}` ignores the base path {base_path}"),
        )
        .with_kind(Kind::BasePath)
    }

    /// No slug can be made from `name`, which has no letters or digits; `made` says what
    /// was wanted of it ("a URL from the file name", "a file name from").
    pub fn no_slug(made: &str, name: &str) -> Self {
        Diagnostic::error(format!("cannot make {made} `{name}`"))
            .with_kind(Kind::NoSlug)
            .label("the name has no letters or digits")
    }

    /// Reading `shown` (a file as named to people) failed with `err`.
    pub fn unreadable(shown: &str, err: impl fmt::Display) -> Self {
        Diagnostic::error(format!("cannot read {shown}: {err}")).with_kind(Kind::Unreadable)
    }

    /// Reading or listing `shown` failed with `err`: [`Diagnostic::unreadable`], or of kind
    /// [`Kind::Exhausted`] when the system ran out of open files or memory.
    pub fn read_failed(shown: &str, err: &std::io::Error) -> Self {
        if is_exhaustion(err) {
            Diagnostic::error(format!("cannot read {shown}: {err}"))
                .with_kind(Kind::Exhausted)
                .help("the system ran out of open files or memory (see `ulimit -n`); `serve` reads it again by itself")
        } else {
            Diagnostic::unreadable(shown, err)
        }
    }

    /// Listing the folder `shown` failed with `err`.
    pub fn unlistable(shown: &str, err: impl fmt::Display) -> Self {
        Diagnostic::error(format!("cannot list {shown}: {err}")).with_kind(Kind::Unreadable)
    }

    /// The file-system operation `verb` ("write", "create", "remove") on `shown` failed
    /// with `err`.
    pub fn file_system(verb: &str, shown: &str, err: impl fmt::Display) -> Self {
        Diagnostic::error(format!("cannot {verb} {shown}: {err}")).with_kind(Kind::FileSystem)
    }

    /// The output folder `shown` is not written into, because `why`.
    pub fn refused_output(shown: &str, why: &str) -> Self {
        Diagnostic::error(format!("refusing to write into {shown}: {why}"))
            .with_kind(Kind::OutputFolder)
    }

    /// The command-line `flag` (`--root`) cannot take `value`; `why`, when given, says what
    /// it is instead ("it is a file").
    pub fn invalid_argument(flag: &str, value: &str, why: Option<&str>) -> Self {
        let message = match why {
            Some(why) => format!("invalid {flag} `{value}`: {why}"),
            None => format!("invalid {flag} `{value}`"),
        };
        Diagnostic::error(message).with_kind(Kind::InvalidArgument)
    }
}

/// Sorts diagnostics into report order and drops exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_cached_key(Diagnostic::sort_key);
    diagnostics.dedup();
}

/// Counts of errors and warnings, for summary lines.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// Suggests the candidate closest to a misspelled `word`, if one is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // A typo is a few edits (swapped, missing or extra letters) away, whatever the length;
    // similar-looking but different names are not suggested.
    let allowed = (lower.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let edits = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
            (edits <= allowed).then_some((edits, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn running_out_of_open_files_is_its_own_kind_and_the_rest_unreadable() {
        let at_limit = Diagnostic::read_failed(
            "content/a.md",
            &std::io::Error::from_raw_os_error(rustix::io::Errno::MFILE.raw_os_error()),
        );
        assert_eq!(at_limit.kind(), Kind::Exhausted);
        assert!(
            at_limit
                .help
                .as_deref()
                .is_some_and(|h| h.contains("ulimit -n"))
        );
        let denied = Diagnostic::read_failed(
            "content/a.md",
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(denied.kind(), Kind::Unreadable);
    }

    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["learning_curve", "maintainability", "runtime"];
        assert_eq!(did_you_mean("lerning_curve", keys), Some("learning_curve"));
        assert_eq!(did_you_mean("Runtime", keys), Some("runtime"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("fastapi.md", ["flask.md", "django.md"]), None);
        assert_eq!(
            did_you_mean("fastapy.md", ["flask.md", "fastapi.md"]),
            Some("fastapi.md")
        );
        assert_eq!(did_you_mean("MTI", ["MIT", "GPL"]), Some("MIT"));
    }

    #[test]
    fn every_kind_has_its_own_short_code_which_is_what_it_serialises_as() {
        let mut codes: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        for kind in Kind::ALL {
            let code = kind.code();
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code}"
            );
            assert_eq!(
                serde_json::to_value(kind).expect("serialises"),
                serde_json::json!(code)
            );
            assert_eq!(kind.to_string(), code);
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Kind::ALL.len(), "codes are unique");
        assert_eq!(Diagnostic::error("x").kind(), Kind::Other);
        let d = Diagnostic::error("x").with_kind(Kind::BrokenLink);
        assert_eq!(d.kind(), Kind::BrokenLink);
        assert_eq!(
            serde_json::to_value(&d).expect("serialises")["kind"],
            serde_json::json!("broken-link")
        );
    }

    #[test]
    fn each_kind_s_words_come_from_its_constructor() {
        let d = Diagnostic::unknown_key("criteria[0].", "kynd", "a criterion", &["key", "kind"]);
        assert_eq!(
            (
                d.kind(),
                d.message.as_str(),
                d.label.as_deref(),
                d.help.as_deref()
            ),
            (
                Kind::UnknownKey,
                "unknown field `criteria[0].kynd`",
                Some("not a field of a criterion"),
                Some("did you mean `kind`?")
            )
        );
        let d = Diagnostic::unknown_key("", "colour", "site.toml", &["title", "language"]);
        assert_eq!(d.help.as_deref(), Some("known fields: title, language"));
        let d = Diagnostic::wrong_type("title", "a string", "an integer");
        assert_eq!(
            (d.kind(), d.message.as_str(), d.label.as_deref()),
            (
                Kind::WrongType,
                "`title` must be a string",
                Some("expected a string, found an integer")
            )
        );
        let on_page = Diagnostic::missing_anchor("cons", "options/a/", None);
        let on_pages = Diagnostic::missing_anchor("cons", "options/a/", Some("on 2 pages"));
        assert_eq!(on_page.message, "broken link: no `#cons` on options/a/");
        assert_eq!(on_page.message, on_pages.message);
        assert_eq!(
            on_pages.label.as_deref(),
            Some("on 2 pages, this anchor does not exist on the linked page")
        );
        assert_eq!(on_page.kind(), Kind::BrokenAnchor);
        let d = Diagnostic::link_not_built("../x/", "x/index.html", Some("on 2 pages"));
        assert_eq!(
            (d.kind(), d.message.as_str(), d.label.as_deref()),
            (
                Kind::BrokenLink,
                "broken link: `../x/` is not a file of the built site",
                Some("on 2 pages, this points at x/index.html")
            )
        );
        let d = Diagnostic::invalid_argument("--root", "site", Some("it does not exist"));
        assert_eq!(d.message, "invalid --root `site`: it does not exist");
        assert_eq!(
            Diagnostic::invalid_argument("--repo", "x", None).message,
            "invalid --repo `x`"
        );
        let d = Diagnostic::ignores_base_path(Severity::Warning, "/a/", "/repo/");
        assert_eq!((d.severity, d.kind()), (Severity::Warning, Kind::BasePath));
    }

    #[test]
    fn sorts_by_file_then_position() {
        let at = |path: &str, offset| Diagnostic {
            path: Some(path.into()),
            location: Some(Location {
                offset,
                line: 1,
                column: 1,
            }),
            ..Diagnostic::error("x")
        };
        let mut list = vec![
            at("b.md", 1),
            at("a.md", 9),
            Diagnostic::error("y"),
            at("a.md", 2),
        ];
        sort_diagnostics(&mut list);
        let order: Vec<_> = list
            .iter()
            .map(|d| (d.path.clone(), d.location.map(|l| l.offset)))
            .collect();
        assert_eq!(
            order,
            vec![
                (None, None),
                (Some("a.md".into()), Some(2)),
                (Some("a.md".into()), Some(9)),
                (Some("b.md".into()), Some(1)),
            ]
        );
    }
}
