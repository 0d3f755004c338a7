//! The decision a record states (status, date, deciders, the chosen options and why), read
//! from its YAML front matter or its MADR 2 `* Status: …` lines in any template language,
//! for the `[decision]` table of `content/_index.md` (issue 16's shape). Also which
//! front-matter keys belong to the docs site the record was published with (`parent`,
//! `nav_order`…) and stay out of the text.

use std::fmt::Write as _;

use crate::content::draft::toml_string;
use crate::project::LANDING_FILE as LANDING;
use crate::source::SourceFile;

/// Front-matter keys of docs-site generators (Just the Docs, Docusaurus, Hugo, Jekyll): the
/// site's navigation, not the record's content.
const DOCS_SITE_KEYS: &[&str] = &[
    "parent",
    "grand_parent",
    "nav_order",
    "nav_exclude",
    "has_children",
    "has_toc",
    "layout",
    "permalink",
    "sidebar_position",
    "sidebar_label",
    "weight",
    "slug",
    "id",
    "toc",
    "search_exclude",
    "redirect_from",
    "aliases",
    "menu",
];

/// Whether a front-matter key is a docs site's setting rather than part of the record.
pub fn is_docs_site_key(key: &str) -> bool {
    DOCS_SITE_KEYS.contains(&key.trim().to_lowercase().as_str())
}

/// What the record says was decided, as far as it says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    /// `proposed`, `accepted`, `rejected`, `deprecated` or `superseded`, or the record's own
    /// word when it is none of those.
    pub status: Option<String>,
    /// The slugs of the chosen options.
    pub chosen: Vec<String>,
    /// When it was decided, as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who decided.
    pub deciders: Vec<String>,
    /// The reason given for the choice, on one line.
    pub why: Option<String>,
}

/// What each field is called in the records' languages.
const STATUS: &[&str] = &["status", "statut", "état", "situação", "estado", "stato"];
const DATE: &[&str] = &["date", "datum", "data", "fecha"];
const DECIDERS: &[&str] = &[
    "deciders",
    "decision-makers",
    "decision makers",
    "décideurs",
    "entscheider",
    "entscheidungsträger",
    "decisores",
    "responsables",
    "responsáveis",
];

/// The statuses of issue 16 and their words in the template languages.
const STATUSES: &[(&str, &[&str])] = &[
    (
        "proposed",
        &[
            "proposed",
            "proposé",
            "proposée",
            "vorgeschlagen",
            "propuesto",
            "propuesta",
            "proposto",
            "proposta",
            "draft",
        ],
    ),
    (
        "accepted",
        &[
            "accepted",
            "accepté",
            "acceptée",
            "akzeptiert",
            "angenommen",
            "aceptado",
            "aceptada",
            "aceito",
            "aceita",
            "decided",
            "décidé",
        ],
    ),
    (
        "rejected",
        &[
            "rejected",
            "rejeté",
            "rejetée",
            "abgelehnt",
            "rechazado",
            "rechazada",
            "rejeitado",
            "rejeitada",
        ],
    ),
    (
        "deprecated",
        &[
            "deprecated",
            "déprécié",
            "dépréciée",
            "obsolète",
            "veraltet",
            "obsoleto",
            "obsoleta",
            "deprecado",
            "depreciado",
        ],
    ),
    (
        "superseded",
        &[
            "superseded",
            "remplacé",
            "remplacée",
            "ersetzt",
            "reemplazado",
            "reemplazada",
            "substituído",
            "substituída",
        ],
    ),
];

fn named(key: &str, names: &[&str]) -> bool {
    let key = key.trim().trim_matches(['*', '_']).trim().to_lowercase();
    names.contains(&key.as_str())
}

fn plain(value: &str) -> String {
    value
        .trim()
        .trim_matches(['*', '_', '`', '"', '\''])
        .trim()
        .to_string()
}

/// A status word as issue 16 spells it, if it is one (`Accepté` → `accepted`; the first word
/// of `superseded by ADR-0005`).
fn status_of(value: &str) -> String {
    let lower = plain(value).to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    STATUSES
        .iter()
        .find(|(_, words)| words.contains(&first) || words.contains(&lower.as_str()))
        .map_or(lower.clone(), |(status, _)| (*status).to_string())
}

/// `2024-05-02`, `2024-5-2`, `02.05.2024`, `02/05/2024` or `02-05-2024` (day first) as a TOML
/// date.
fn date_of(value: &str) -> Option<String> {
    let value = plain(value);
    let parts: Vec<&str> = value.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// `Key: value` lines of a MADR 2 list (`* Status: accepted`), in any order.
pub fn list_entries(block: &str) -> Vec<(String, String)> {
    block
        .lines()
        .filter_map(|line| {
            let item = line
                .trim_start()
                .strip_prefix(['*', '-', '+'])?
                .trim_start();
            let (key, value) = item.split_once(':')?;
            let key = key.trim().trim_matches(['*', '_']).trim();
            (!key.is_empty() && key.split_whitespace().count() <= 2)
                .then(|| (key.to_string(), value.trim().to_string()))
        })
        .collect()
}

impl Decision {
    /// The decision from the record's entries (front matter first, then status lines).
    pub fn read(entries: &[(String, String)], chosen: Vec<String>, why: Option<String>) -> Self {
        let find = |names: &[&str]| {
            entries
                .iter()
                .find(|(k, v)| named(k, names) && !plain(v).is_empty())
                .map(|(_, v)| v.clone())
        };
        Decision {
            status: find(STATUS).map(|s| status_of(&s)),
            chosen,
            date: find(DATE).and_then(|d| date_of(&d)),
            deciders: find(DECIDERS)
                .map(|d| {
                    d.split([',', ';'])
                        .map(plain)
                        .filter(|d| !d.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            why,
        }
    }

    /// Whether the record said anything about the decision.
    pub fn is_empty(&self) -> bool {
        *self == Decision::default()
    }

    /// The `[decision]` table in TOML, as `content/_index.md`'s front matter holds it, when
    /// the landing page's own parser takes it (a status it knows, `accepted` with a chosen
    /// option, a superseded record with its successor's address…); without the date when
    /// only the date is refused (`2024-02-31`). `None` otherwise: the record's lines are in
    /// the text anyway.
    pub fn toml(&self) -> Option<String> {
        [self.table(true), self.table(false)]
            .into_iter()
            .flatten()
            .find(|table| {
                let front = format!("+++\n{table}+++\n");
                crate::content::Landing::parse(SourceFile::from_text(LANDING, front)).is_ok()
            })
    }

    /// The table, with its date when `dated`; `None` without a status.
    fn table(&self, dated: bool) -> Option<String> {
        let status = self.status.as_deref()?;
        let mut table = String::from("[decision]\n");
        let _ = writeln!(table, "status = {}", toml_string(status));
        if !self.chosen.is_empty() {
            let _ = writeln!(table, "chosen = {}", list(&self.chosen));
        }
        if let Some(date) = self.date.as_deref().filter(|_| dated) {
            let _ = writeln!(table, "date = {date}");
        }
        if !self.deciders.is_empty() {
            let _ = writeln!(table, "deciders = {}", list(&self.deciders));
        }
        if let Some(why) = &self.why {
            let _ = writeln!(table, "why = {}", toml_string(why));
        }
        Some(table)
    }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_date_and_deciders_in_the_template_languages() {
        let entries = vec![
            ("Situação".to_string(), "__Aceito__".to_string()),
            ("Decisores".to_string(), "Henrique Polsani, Ana".to_string()),
            ("Data".to_string(), "04-02-2022".to_string()),
        ];
        let d = Decision::read(&entries, vec!["uri".into()], Some("it is simple".into()));
        assert_eq!(d.status.as_deref(), Some("accepted"));
        assert_eq!(d.date.as_deref(), Some("2022-02-04"));
        assert_eq!(d.deciders, vec!["Henrique Polsani", "Ana"]);
        assert_eq!(
            d.toml().as_deref(),
            Some(
                "[decision]\nstatus = \"accepted\"\nchosen = [\"uri\"]\ndate = 2022-02-04\n\
                 deciders = [\"Henrique Polsani\", \"Ana\"]\nwhy = \"it is simple\"\n"
            )
        );
        // Accepted with nothing chosen, or a day that is not in the calendar: not as data.
        let unchosen = Decision::read(&entries, Vec::new(), None);
        assert_eq!(unchosen.toml(), None);
        let mut bad_day = Decision::read(&entries, vec!["uri".into()], None);
        bad_day.date = Some("2024-02-31".into());
        assert!(!bad_day.toml().expect("a table").contains("date"));
        let d = Decision::read(
            &[("status".into(), "superseded by ADR-0005".into())],
            Vec::new(),
            None,
        );
        assert_eq!(d.status.as_deref(), Some("superseded"));
        assert_eq!(d.toml(), None, "its successor stays in the text");
        assert_eq!(date_of("2024-5-2").as_deref(), Some("2024-05-02"));
        assert_eq!(date_of("{YYYY-MM-DD}"), None);
        assert!(is_docs_site_key("nav_order"));
        assert!(!is_docs_site_key("status"));
        assert_eq!(
            list_entries("* Status: accepted\n* Deciders: Ana, Bo\n* Date: 2018-03-22\n"),
            vec![
                ("Status".to_string(), "accepted".to_string()),
                ("Deciders".to_string(), "Ana, Bo".to_string()),
                ("Date".to_string(), "2018-03-22".to_string()),
            ]
        );
    }
}
