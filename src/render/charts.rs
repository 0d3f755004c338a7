//! Charts drawn at build time as inline SVG, so they need no JavaScript: an option's scores as a
//! radar (or bars, with fewer than three score criteria), and the matrix's default ranking.
//! Each chart carries a text alternative (`<title>` and `<desc>`). Also the weighted total,
//! which the matrix script computes the same way with the reader's own weights.

use std::fmt::Write as _;

use crate::config::{Better, Criterion, CriterionKind, Scale};
use crate::content::candidate::format_number;
use crate::content::{Candidate, Value};
use crate::ranking::{Standing, shown};
use crate::report::escape;
use crate::site::Site;

use super::standings::DefaultRanking;

/// Appends `value` with one decimal (`12.3`): SVG coordinates, formatted without the cost of
/// float formatting, which dominated drawing 10,000 charts.
fn push_coord(out: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(out, "{}.{}", tenths / 10, tenths % 10);
}

/// `x,y` pairs separated by spaces, for a polygon's `points`.
fn points(coords: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::with_capacity(128);
    for (i, (x, y)) in coords.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_coord(&mut out, x);
        out.push(',');
        push_coord(&mut out, y);
    }
    out
}

pub use crate::ranking::merit;

/// The score criteria with their scales.
fn scored(criteria: &[Criterion]) -> impl Iterator<Item = (&Criterion, &Scale)> {
    criteria.iter().filter_map(|c| match &c.kind {
        CriterionKind::Score(scale) => Some((c, scale)),
        _ => None,
    })
}

fn score_of(candidate: &Candidate, key: &str) -> Option<f64> {
    match candidate.values.get(key) {
        Some(Value::Score(s)) => Some(s.value),
        _ => None,
    }
}

/// Splits a label into at most two lines of about `width` characters.
fn wrap(label: &str, width: usize) -> Vec<String> {
    if label.chars().count() <= width {
        return vec![label.to_string()];
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let mut first = String::new();
    let mut rest = Vec::new();
    for word in words {
        if rest.is_empty()
            && (first.is_empty() || first.chars().count() + 1 + word.chars().count() <= width)
        {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(word);
        } else {
            rest.push(word);
        }
    }
    if rest.is_empty() {
        vec![first]
    } else {
        vec![first, rest.join(" ")]
    }
}

fn describe_scores(candidate: &Candidate, criteria: &[Criterion]) -> String {
    let parts: Vec<String> = scored(criteria)
        .map(|(c, scale)| match score_of(candidate, &c.key) {
            Some(v) => format!(
                "{} {} of {}{}",
                c.label,
                format_number(v),
                format_number(scale.max),
                if scale.better == Better::Lower {
                    " (lower is better)"
                } else {
                    ""
                }
            ),
            None => format!("{} not rated", c.label),
        })
        .collect();
    format!("{}: {}.", candidate.title, parts.join("; "))
}

/// Radar geometry: the drawing's size, its centre and the radius of the best score.
const RADAR: (f64, f64, f64, f64, f64) = (600.0, 400.0, 300.0, 200.0, 125.0);

/// Draws the score chart of each option. The radar's grid and labels depend only on the
/// criteria, so they are drawn once per build and shared by every option's chart.
pub struct ScoreCharts<'c> {
    axes: Vec<(&'c Criterion, &'c Scale)>,
    grid: String,
}

impl<'c> ScoreCharts<'c> {
    /// Prepares the charts for a schema.
    pub fn new(criteria: &'c [Criterion]) -> Self {
        let axes: Vec<(&Criterion, &Scale)> = scored(criteria).collect();
        let grid = if axes.len() >= 3 {
            radar_grid(&axes)
        } else {
            String::new()
        };
        ScoreCharts { axes, grid }
    }

    /// An option's scores as a radar chart (three or more score criteria) or bars; `None`
    /// without score criteria. `id` makes the chart's element ids unique on its page.
    pub fn chart(&self, candidate: &Candidate, criteria: &[Criterion], id: &str) -> Option<String> {
        if self.axes.is_empty() {
            return None;
        }
        let title = format!("{}: scores on each criterion", candidate.title);
        let desc = format!(
            "{} Each axis runs from the worst score at the centre to the best at the edge.",
            describe_scores(candidate, criteria)
        );
        if self.axes.len() < 3 {
            return Some(bar_chart(candidate, &self.axes, id, &title, &desc));
        }
        let (width, height, _, _, radius) = RADAR;
        let mut svg = String::with_capacity(self.grid.len() + 1024);
        let _ = write!(
            svg,
            "<svg class=\"chart chart-radar\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
            escape(&title),
            escape(&desc)
        );
        svg.push_str(&self.grid);
        let n = self.axes.len();
        let positions: Vec<(Option<f64>, (f64, f64))> = self
            .axes
            .iter()
            .enumerate()
            .map(|(i, (c, scale))| {
                let value = score_of(candidate, &c.key);
                (
                    value,
                    radar_point(i, n, radius * value.map_or(0.0, |v| merit(scale, v))),
                )
            })
            .collect();
        // A missing score has no point (it is unknown, not the worst): the area joins the
        // rated axes only, and a missing axis says so.
        svg.push_str("<polygon class=\"chart-area\" points=\"");
        svg.push_str(&points(
            positions
                .iter()
                .filter(|(v, _)| v.is_some())
                .map(|(_, p)| *p),
        ));
        svg.push_str("\"/>");
        for (i, (value, (x, y))) in positions.into_iter().enumerate() {
            if value.is_none() {
                let (lx, ly) = radar_point(i, n, radius * 0.5);
                let _ = write!(
                    svg,
                    "<text class=\"chart-missing\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">not rated</text>"
                );
                continue;
            }
            svg.push_str("<circle class=\"chart-dot\" cx=\"");
            push_coord(&mut svg, x);
            svg.push_str("\" cy=\"");
            push_coord(&mut svg, y);
            svg.push_str("\" r=\"4\"/>");
        }
        svg.push_str("</svg>");
        Some(svg)
    }
}

/// Where axis `i` of `n` is at distance `r` from the radar's centre.
fn radar_point(i: usize, n: usize, r: f64) -> (f64, f64) {
    let (_, _, cx, cy, _) = RADAR;
    let angle = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / n as f64;
    (cx + r * angle.cos(), cy + r * angle.sin())
}

/// The radar's rings, axes and axis labels.
fn radar_grid(axes: &[(&Criterion, &Scale)]) -> String {
    let (_, _, cx, cy, radius) = RADAR;
    let n = axes.len();
    let mut svg = String::with_capacity(4096);
    for ring in 1..=4 {
        let r = radius * f64::from(ring) / 4.0;
        svg.push_str("<polygon class=\"chart-grid\" points=\"");
        svg.push_str(&points((0..n).map(|i| radar_point(i, n, r))));
        svg.push_str("\"/>");
    }
    for (i, (criterion, _)) in axes.iter().enumerate() {
        let (x, y) = radar_point(i, n, radius);
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/>"
        );
        let (lx, ly) = radar_point(i, n, radius + 18.0);
        let anchor = if (lx - cx).abs() < 1.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let lines = wrap(&criterion.label, 16);
        let first_dy = if ly < cy - 1.0 {
            -(lines.len() as f64 - 1.0) * 16.0
        } else {
            0.0
        };
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">",
            ly + first_dy + 4.0
        );
        for (j, line) in lines.iter().enumerate() {
            let dy = if j == 0 { 0.0 } else { 16.0 };
            let _ = write!(
                svg,
                "<tspan x=\"{lx:.1}\" dy=\"{dy}\">{}</tspan>",
                escape(line)
            );
        }
        svg.push_str("</text>");
    }
    svg
}

fn bar_chart(
    candidate: &Candidate,
    axes: &[(&Criterion, &Scale)],
    id: &str,
    title: &str,
    desc: &str,
) -> String {
    let row = 34.0;
    let height = row * axes.len() as f64 + 10.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart chart-bars\" viewBox=\"0 0 640 {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    for (i, (c, scale)) in axes.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let value = score_of(candidate, &c.key);
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"0\" y=\"{:.1}\">{}</text>\
             <rect class=\"chart-track\" x=\"220\" y=\"{:.1}\" width=\"300\" height=\"14\" rx=\"7\"/>",
            y + 17.0,
            escape(&c.label),
            y + 6.0,
        );
        // A missing score draws no bar: unknown is not the worst.
        if let Some(v) = value {
            let _ = write!(
                svg,
                "<rect class=\"chart-bar\" x=\"220\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"7\"/>",
                y + 6.0,
                (300.0 * merit(scale, v)).max(14.0),
            );
        }
        let _ = write!(
            svg,
            "<text class=\"chart-value\" x=\"532\" y=\"{:.1}\">{}</text>",
            y + 17.0,
            value.map_or("not rated".to_string(), |v| format!(
                "{}/{}",
                format_number(v),
                format_number(scale.max)
            ))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The options in the default ranking's order (the matrix's), best first, at most `limit`
/// of them: each bar its total, with the range its missing scores leave open drawn behind
/// it; `None` when no criterion is in play.
pub fn ranking_chart(site: &Site, ranking: &DefaultRanking, limit: usize) -> Option<String> {
    if !ranking.in_play() {
        return None;
    }
    let ranked: Vec<(&Candidate, &Standing)> = ranking
        .ranking
        .order
        .iter()
        .map(|&entry| {
            let e = &ranking.model.entries[entry];
            (
                &*site.candidates[e.given],
                &ranking.ranking.standings[entry],
            )
        })
        .filter(|(_, s)| s.total.is_some())
        .collect();
    if ranked.is_empty() {
        return None;
    }
    let total = ranked.len();
    let unrated = ranking.ranking.order.len() - total;
    let ranked = &ranked[..total.min(limit)];
    let row = 30.0;
    let height = row * ranked.len() as f64 + 10.0;
    let title = if total > ranked.len() {
        format!(
            "The top {} of {total} options by total with the default weights",
            ranked.len()
        )
    } else {
        "Options by total with the default weights".to_string()
    };
    let mut desc = ranked
        .iter()
        .map(|(c, s)| {
            let mut text = format!(
                "#{} {}: {} of 100",
                s.rank.unwrap_or(0),
                c.title,
                s.total.map_or_else(String::new, shown)
            );
            if let (true, Some((low, high))) = (s.rated < s.scored, s.range) {
                let _ = write!(
                    text,
                    " ({} of {} rated; {} to {} with the missing scores)",
                    s.rated,
                    s.scored,
                    shown(low),
                    shown(high)
                );
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ");
    if unrated > 0 {
        let _ = write!(
            desc,
            "; {unrated} option{} rated on no weighted criterion, so without a total",
            if unrated == 1 { " is" } else { "s are" }
        );
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart chart-ranking\" viewBox=\"0 0 570 {height}\" role=\"img\" aria-labelledby=\"ranking-title ranking-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"ranking-title\">{}</title><desc id=\"ranking-desc\">{}.</desc>",
        escape(&title),
        escape(&desc)
    );
    let bar = |points: f64| 270.0 * points / 100.0;
    for (i, (candidate, standing)) in ranked.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let name = format!("{}. {}", standing.rank.unwrap_or(0), candidate.title);
        // The label column is 200 units wide: about 20 characters at the chart's font size.
        let label: String = if name.chars().count() > 22 {
            name.chars().take(21).chain(std::iter::once('…')).collect()
        } else {
            name
        };
        let t = standing.total.unwrap_or(0.0);
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"0\" y=\"{:.1}\">{}</text>\
             <rect class=\"chart-track\" x=\"200\" y=\"{:.1}\" width=\"270\" height=\"14\" rx=\"7\"/>",
            y + 16.0,
            escape(&label),
            y + 5.0,
        );
        if let (true, Some((low, high))) = (standing.rated < standing.scored, standing.range) {
            let _ = write!(
                svg,
                "<rect class=\"chart-range\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"7\"/>",
                200.0 + bar(low),
                y + 5.0,
                (bar(high) - bar(low)).max(2.0),
            );
        }
        let _ = write!(
            svg,
            "<rect class=\"chart-bar\" x=\"200\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"7\"/>\
             <text class=\"chart-value\" x=\"478\" y=\"{:.1}\">{}{}</text>",
            y + 5.0,
            bar(t).max(14.0),
            y + 16.0,
            shown(t),
            if standing.rated < standing.scored {
                format!(" ({}/{})", standing.rated, standing.scored)
            } else {
                String::new()
            }
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(better: Better, weight: f64) -> Scale {
        Scale {
            min: 1.0,
            max: 5.0,
            better,
            weight,
        }
    }

    #[test]
    fn merit_follows_the_better_direction() {
        assert_eq!(merit(&scale(Better::Higher, 1.0), 5.0), 1.0);
        assert_eq!(merit(&scale(Better::Lower, 1.0), 5.0), 0.0);
        assert_eq!(merit(&scale(Better::Lower, 1.0), 2.0), 0.75);
    }

    #[test]
    fn wraps_long_labels_in_two_lines() {
        assert_eq!(
            wrap("Long-term maintainability", 18),
            vec!["Long-term", "maintainability"]
        );
        assert_eq!(wrap("Runtime", 18), vec!["Runtime"]);
    }
}
