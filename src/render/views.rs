//! What templates see: small borrowed structs made from the model for rendering, with every
//! display string and URL worked out, so templates stay simple and cheap to render.

use serde::Serialize;

use crate::builtin::Facts;
use crate::config::{Better, Criterion, CriterionKind, SiteConfig};
use crate::content::candidate::format_number;
use crate::content::markdown::Heading;
use crate::content::{Candidate, Value};

use super::urls::Urls;

/// The site as templates see it (`site`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView<'a> {
    /// The site title.
    pub title: &'a str,
    /// The site description, if any.
    pub description: Option<&'a str>,
    /// The content language tag.
    pub language: &'a str,
    /// The base path every internal URL starts with.
    pub base_path: &'a str,
    /// The absolute base URL, when the origin is known.
    pub base_url: Option<String>,
    /// URLs of the fixed pages and exports.
    pub urls: SiteUrls,
}

/// URLs of the fixed pages and files.
#[derive(Debug, Clone, Serialize)]
pub struct SiteUrls {
    /// The landing page.
    pub home: String,
    /// The matrix page.
    pub matrix: String,
    /// `matrix.json`.
    pub json: String,
    /// `matrix.csv`.
    pub csv: String,
}

impl<'a> SiteView<'a> {
    /// The view of a site's settings.
    pub fn new(config: &'a SiteConfig, urls: &'a Urls) -> Self {
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_path: &urls.base_path,
            base_url: urls.absolute(&urls.home()),
            urls: SiteUrls {
                home: urls.home(),
                matrix: urls.matrix(),
                json: urls.file("matrix.json"),
                csv: urls.file("matrix.csv"),
            },
        }
    }
}

/// One page's own facts (`page`).
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// What kind of page: `index`, `matrix`, `option` or `404`.
    pub kind: &'static str,
    /// The page's title, without the site title.
    pub title: String,
    /// The page's URL (path), base path included.
    pub url: String,
    /// The absolute URL, when the origin is known.
    pub canonical: Option<String>,
    /// A one-sentence summary for meta tags.
    pub description: Option<String>,
}

/// A criterion as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionView<'a> {
    /// The front-matter key.
    pub key: &'a str,
    /// The column heading.
    pub label: &'a str,
    /// The help text.
    pub help: Option<&'a str>,
    /// `text`, `tags`, `score`, `bool` or `list`.
    pub kind: &'static str,
    /// Whether every option must have a value.
    pub required: bool,
    /// Whether the matrix filters on it.
    pub filterable: bool,
    /// For scores: the lowest score.
    pub min: Option<f64>,
    /// For scores: the highest score.
    pub max: Option<f64>,
    /// For scores: which end is better.
    pub better: Option<Better>,
    /// For scores: the default weight.
    pub weight: Option<f64>,
    /// For scores: "1–5, higher is better".
    pub scale: Option<String>,
    /// For text and tags: the allowed values, if restricted.
    pub values: Option<&'a [String]>,
}

impl<'a> CriterionView<'a> {
    /// The view of one criterion.
    pub fn new(criterion: &'a Criterion) -> Self {
        let (min, max, better, weight, scale, values) = match &criterion.kind {
            CriterionKind::Score(s) => (
                Some(s.min),
                Some(s.max),
                Some(s.better),
                Some(s.weight),
                Some(format!(
                    "{}–{}, {} is better",
                    format_number(s.min),
                    format_number(s.max),
                    if s.better == Better::Higher {
                        "higher"
                    } else {
                        "lower"
                    }
                )),
                None,
            ),
            CriterionKind::Text { values } | CriterionKind::Tags { values } => {
                (None, None, None, None, None, values.as_deref())
            }
            CriterionKind::Bool | CriterionKind::List => (None, None, None, None, None, None),
        };
        CriterionView {
            key: &criterion.key,
            label: &criterion.label,
            help: criterion.help.as_deref(),
            kind: criterion.kind.name(),
            required: criterion.required,
            filterable: criterion.filterable,
            min,
            max,
            better,
            weight,
            scale,
            values,
        }
    }
}

/// One option's value for one criterion, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct CellView<'a> {
    /// The criterion key.
    pub key: &'a str,
    /// The criterion label.
    pub label: &'a str,
    /// The criterion kind.
    pub kind: &'static str,
    /// Whether the option gives a value.
    pub present: bool,
    /// The value as one line of text ("4", "Yes", "Python, TypeScript").
    pub text: String,
    /// For tags and lists: the items.
    pub items: Vec<&'a str>,
    /// For scores: the number.
    pub score: Option<f64>,
    /// For scores: the scale's top, as text ("5").
    pub max: Option<String>,
    /// For scores: how good the score is on its scale, 0–100 (100 is the best end, whichever
    /// direction the criterion runs).
    pub percent: Option<u32>,
    /// For scores: the rationale.
    pub why: Option<&'a str>,
    /// For yes/no: the answer.
    pub yes: Option<bool>,
    /// The value for scripts (`data-value`): the number, the text, `yes`/`no`, or a JSON array
    /// of tags or list items; empty when absent.
    pub value: String,
    /// For scores with raters: each rater's score and reason, by rater name.
    pub ratings: Vec<RatingView<'a>>,
    /// For scores with raters: the highest score less the lowest, as text ("3").
    pub spread: Option<String>,
    /// For scores with raters: whether they disagree by more than a third of the scale.
    pub disputed: bool,
    /// For scores with raters, for scripts (`data-ratings`): a JSON object of rater → score;
    /// empty without raters.
    pub ratings_json: String,
}

/// One rater's score of a cell, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView<'a> {
    /// The rater's name (`author` for the option file's own score).
    pub rater: &'a str,
    /// The score as text ("4").
    pub text: String,
    /// The rater's reason.
    pub why: Option<&'a str>,
}

impl<'a> CellView<'a> {
    /// The view of `value` (absent when `None`) for `criterion`.
    pub fn new(criterion: &'a Criterion, value: Option<&'a Value>) -> Self {
        let mut cell = CellView {
            key: &criterion.key,
            label: &criterion.label,
            kind: criterion.kind.name(),
            present: value.is_some(),
            text: String::new(),
            items: Vec::new(),
            score: None,
            max: None,
            percent: None,
            why: None,
            yes: None,
            value: String::new(),
            ratings: Vec::new(),
            spread: None,
            disputed: false,
            ratings_json: String::new(),
        };
        match value {
            None => {}
            Some(Value::Text(t)) => {
                cell.text = t.clone();
                cell.value = t.clone();
            }
            Some(Value::Tags(items) | Value::List(items)) => {
                cell.items = items.iter().map(String::as_str).collect();
                cell.text = items.join(", ");
                cell.value = serde_json::to_string(items).expect("a list of strings serialises");
            }
            Some(Value::Bool(b)) => {
                cell.yes = Some(*b);
                cell.text = if *b { "Yes" } else { "No" }.into();
                cell.value = if *b { "yes" } else { "no" }.into();
            }
            Some(Value::Score(score)) => {
                cell.score = Some(score.value);
                cell.text = format_number(score.value);
                cell.value = cell.text.clone();
                cell.why = score.why.as_deref();
                if let CriterionKind::Score(scale) = &criterion.kind {
                    cell.max = Some(format_number(scale.max));
                    cell.percent =
                        Some((super::charts::merit(scale, score.value) * 100.0).round() as u32);
                    cell.disputed = score.disputed(scale);
                }
                if !score.ratings.is_empty() {
                    cell.spread = Some(format_number(score.spread()));
                    cell.ratings = score
                        .ratings
                        .iter()
                        .map(|(rater, rating)| RatingView {
                            rater,
                            text: format_number(rating.value),
                            why: rating.why.as_deref(),
                        })
                        .collect();
                    let numbers: serde_json::Map<String, serde_json::Value> = score
                        .ratings
                        .iter()
                        .map(|(rater, rating)| (rater.clone(), serde_json::json!(rating.value)))
                        .collect();
                    cell.ratings_json = serde_json::Value::Object(numbers).to_string();
                }
            }
        }
        cell
    }
}

/// An option as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView<'a> {
    /// The URL slug.
    pub slug: &'a str,
    /// The name.
    pub title: &'a str,
    /// The page URL.
    pub url: String,
    /// Every other built-in field by its key (`subtitle`, `best_for`, `pros`…), `null` or
    /// `[]` when the option gives none.
    #[serde(flatten)]
    pub facts: &'a Facts,
    /// One cell per criterion, in schema order.
    pub cells: Vec<CellView<'a>>,
    /// Whether the decision on record chose it.
    pub chosen: bool,
}

impl<'a> CandidateView<'a> {
    /// The view of one option.
    pub fn new(candidate: &'a Candidate, criteria: &'a [Criterion], urls: &Urls) -> Self {
        CandidateView {
            slug: &candidate.slug,
            title: &candidate.title,
            url: urls.option(&candidate.slug),
            facts: &candidate.facts,
            cells: criteria
                .iter()
                .map(|c| CellView::new(c, candidate.values.get(&c.key)))
                .collect(),
            chosen: candidate.chosen,
        }
    }
}

/// A link to a neighbouring option.
#[derive(Debug, Clone, Serialize)]
pub struct NeighbourView<'a> {
    /// Its name.
    pub title: &'a str,
    /// Its page.
    pub url: String,
}

/// The body of a page rendered from Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct BodyView<'a> {
    /// The HTML.
    pub html: &'a str,
    /// Its headings.
    pub headings: &'a [Heading],
}

/// Where an option stands with the default weights, as the matrix row shows it (`standing`
/// in `partials/matrix-row.html`): its rank, total, completeness and range.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct StandingView {
    /// Whether the site has score criteria in play (else the row shows no total).
    pub ranked: bool,
    /// Its rank, shared by totals that show equal; `None` when it has no total.
    pub rank: Option<usize>,
    /// Its total out of 100, to one decimal ("65.6"); `None` when it is rated on no
    /// criterion in play.
    pub total: Option<String>,
    /// How many criteria in play it is rated on.
    pub rated: usize,
    /// How many criteria are in play.
    pub scored: usize,
    /// Whether some score is missing.
    pub partial: bool,
    /// Its total with every missing score at the worst of its scale.
    pub low: Option<String>,
    /// Its total with every missing score at the best of its scale.
    pub high: Option<String>,
}

impl StandingView {
    /// The view of `standing`.
    pub fn new(standing: &crate::ranking::Standing) -> Self {
        use crate::ranking::shown;
        StandingView {
            ranked: standing.scored > 0,
            rank: standing.rank,
            total: standing.total.map(shown),
            rated: standing.rated,
            scored: standing.scored,
            partial: standing.rated < standing.scored,
            low: standing.range.map(|(low, _)| shown(low)),
            high: standing.range.map(|(_, high)| shown(high)),
        }
    }
}

/// The decision on record as the landing page's banner shows it (`decision` in
/// `index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView<'a> {
    /// `proposed`, `accepted`, `rejected`, `deprecated` or `superseded`.
    pub status: &'static str,
    /// `Proposed`, `Accepted`…
    pub status_label: &'static str,
    /// The chosen options, by name and page, in the order the decision gives them.
    pub chosen: Vec<NeighbourView<'a>>,
    /// When it was decided (`2026-11-30`).
    pub date: Option<String>,
    /// Who decided.
    pub deciders: &'a [String],
    /// When to look at it again (`2027-06-01`).
    pub review_by: Option<String>,
    /// The reason, one statement.
    pub why: Option<&'a str>,
    /// The decision that replaced it.
    pub superseded_by: Option<&'a str>,
}

impl<'a> DecisionView<'a> {
    /// The view of `decision`, naming its chosen options from `candidates` (a slug no
    /// option has is an error reported by the site, and left out here).
    pub fn new(
        decision: &'a crate::content::decision::Decision,
        candidates: &'a [std::sync::Arc<Candidate>],
        urls: &Urls,
    ) -> Self {
        DecisionView {
            status: decision.status.name(),
            status_label: decision.status.label(),
            chosen: decision
                .chosen
                .iter()
                .filter_map(|slug| candidates.iter().find(|c| c.slug == slug.value))
                .map(|c| NeighbourView {
                    title: &c.title,
                    url: urls.option(&c.slug),
                })
                .collect(),
            date: decision.date.map(|d| d.to_string()),
            deciders: &decision.deciders,
            review_by: decision.review_by.as_ref().map(|d| d.value.to_string()),
            why: decision.why.as_deref(),
            superseded_by: decision.superseded_by.as_deref(),
        }
    }
}
