//! The ranking with the default weights as the build shows it: the order of the matrix's
//! rows, the robustness panel's view and `matrix.json`'s `ranking`, all from one
//! [`crate::ranking::Model`] of the site. Uses the views and URLs of [`super`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ranking::{Flip, Model, NEAR_TIE, Ranking, WIN_SAMPLES, WeightScale, shown};
use crate::site::Site;

use super::urls::Urls;
use super::views::StandingView;

/// The site's ranking model and its ranking with the default weights.
#[derive(Debug, Clone)]
pub struct DefaultRanking {
    /// The model, its entries in the default ranking's order.
    pub model: Model,
    /// The ranking with the default weights.
    pub ranking: Ranking,
    /// The weight sliders' scale.
    pub scale: WeightScale,
    /// For each option in display order, its entry in the model.
    entry_of: Vec<usize>,
}

/// How the default ranking holds up: its flips and every option's win share.
#[derive(Debug, Clone)]
pub struct Robustness {
    /// One per score criterion.
    pub flips: Vec<Flip>,
    /// By entry index.
    pub win_shares: Vec<f64>,
}

impl DefaultRanking {
    /// The ranking of `site`'s options with `site.toml`'s weights.
    pub fn new(site: &Site) -> Self {
        let weights: Vec<f64> = site
            .config
            .criteria
            .iter()
            .filter_map(|c| match &c.kind {
                crate::config::CriterionKind::Score(scale) => Some(scale.weight),
                _ => None,
            })
            .collect();
        let scale = WeightScale::new(&weights);
        let model = Model::new(&site.config, &site.candidates, scale.max);
        let ranking = model.rank(&model.default_weights());
        let mut entry_of = vec![0; model.entries.len()];
        for (entry, e) in model.entries.iter().enumerate() {
            entry_of[e.given] = entry;
        }
        DefaultRanking {
            model,
            ranking,
            scale,
            entry_of,
        }
    }

    /// The options' display indices, best first (the matrix's row order).
    pub fn display_order(&self) -> Vec<usize> {
        self.ranking
            .order
            .iter()
            .map(|&entry| self.model.entries[entry].given)
            .collect()
    }

    /// The standing of the option at display index `index`.
    pub fn standing(&self, index: usize) -> &crate::ranking::Standing {
        &self.ranking.standings[self.entry_of[index]]
    }

    /// The standing of the option at display index `index`, as its row shows it.
    pub fn standing_view(&self, index: usize) -> StandingView {
        StandingView::new(self.standing(index))
    }

    /// Whether any criterion is in play (a score criterion with a weight above 0).
    pub fn in_play(&self) -> bool {
        self.model.columns.iter().any(|c| c.weight > 0.0)
    }

    /// The flips and win shares of the default weights (the costly part, made only for the
    /// listing pages and exports).
    pub fn robustness(&self) -> Robustness {
        Robustness {
            flips: self
                .model
                .flips(&self.model.default_weights(), &self.ranking),
            win_shares: self.model.win_shares(),
        }
    }
}

/// One option named in the robustness panel.
#[derive(Debug, Clone, Serialize)]
pub struct NamedView<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// Its name.
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// Its total, or its share, as shown.
    pub figure: String,
}

/// One criterion's flips, as the panel shows them.
#[derive(Debug, Clone, Serialize)]
pub struct FlipView<'a> {
    /// The criterion's key.
    pub key: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its current (default) weight.
    pub weight: String,
    /// The nearest weight below at which another option leads, and who.
    pub below: Option<FlipSide<'a>>,
    /// The nearest weight above at which another option leads, and who.
    pub above: Option<FlipSide<'a>>,
}

/// A weight at which another option takes the lead.
#[derive(Debug, Clone, Serialize)]
pub struct FlipSide<'a> {
    /// The weight, as the panel writes it.
    pub weight: String,
    /// Who leads past it.
    pub leader: NamedView<'a>,
}

/// The robustness panel with the default weights (`robustness` in `matrix.html`).
#[derive(Debug, Clone, Serialize)]
pub struct RobustnessView<'a> {
    /// The leader, with its total.
    pub leader: Option<NamedView<'a>>,
    /// The next option, with its total.
    pub runner_up: Option<NamedView<'a>>,
    /// The leader's margin over the next option, in points.
    pub margin: Option<String>,
    /// Options within [`NEAR_TIE`] points of the leader, with their totals.
    pub near_ties: Vec<NamedView<'a>>,
    /// How close a near tie is, in points ("1.0").
    pub near_tie: String,
    /// One row per score criterion.
    pub flips: Vec<FlipView<'a>>,
    /// Every option that wins somewhere, by share (percent) of the weight space, largest first.
    pub win_shares: Vec<NamedView<'a>>,
    /// How many weight vectors the share samples.
    pub samples: u32,
    /// The top of the sliders.
    pub max_weight: String,
}

/// A weight as the panel writes it: to at most three decimals, without trailing zeros.
fn weight_text(weight: f64) -> String {
    let text = format!("{weight:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

impl DefaultRanking {
    fn named<'a>(
        &self,
        site: &'a Site,
        urls: &Urls,
        entry: usize,
        figure: String,
    ) -> NamedView<'a> {
        let candidate = &site.candidates[self.model.entries[entry].given];
        NamedView {
            slug: &candidate.slug,
            title: &candidate.title,
            url: urls.option(&candidate.slug),
            figure,
        }
    }

    fn total_of(&self, entry: usize) -> String {
        self.ranking.standings[entry]
            .total
            .map_or_else(String::new, shown)
    }

    /// The robustness panel's view; `None` when no criterion is in play.
    pub fn robustness_view<'a>(
        &self,
        site: &'a Site,
        urls: &Urls,
        robustness: &Robustness,
    ) -> Option<RobustnessView<'a>> {
        if !self.in_play() {
            return None;
        }
        let named = |entry: usize| self.named(site, urls, entry, self.total_of(entry));
        let leader = self.ranking.leader();
        let runner_up = self
            .ranking
            .order
            .get(1)
            .copied()
            .filter(|&e| self.ranking.standings[e].total.is_some() && leader.is_some());
        let criteria: Vec<&crate::config::Criterion> = site
            .config
            .criteria
            .iter()
            .filter(|c| matches!(c.kind, crate::config::CriterionKind::Score(_)))
            .collect();
        let flips = robustness
            .flips
            .iter()
            .map(|flip| {
                let criterion = criteria[flip.column];
                let side = |side: Option<(f64, usize)>| {
                    side.map(|(x, p)| FlipSide {
                        weight: weight_text(x),
                        leader: named(p),
                    })
                };
                FlipView {
                    key: &criterion.key,
                    label: &criterion.label,
                    weight: weight_text(self.model.columns[flip.column].weight),
                    below: side(flip.below),
                    above: side(flip.above),
                }
            })
            .collect();
        let mut shares: Vec<(usize, f64)> = robustness
            .win_shares
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, share)| *share > 0.0)
            .collect();
        shares.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Some(RobustnessView {
            leader: leader.map(named),
            runner_up: runner_up.map(named),
            margin: self.ranking.margin().map(shown),
            near_ties: self.ranking.near_ties().into_iter().map(named).collect(),
            near_tie: shown(NEAR_TIE),
            flips,
            win_shares: shares
                .into_iter()
                .map(|(e, share)| self.named(site, urls, e, shown(100.0 * share)))
                .collect(),
            samples: WIN_SAMPLES,
            max_weight: weight_text(self.scale.max),
        })
    }

    /// `matrix.json`'s `ranking`: see the README's description of the format.
    pub fn json<'a>(&'a self, site: &'a Site, robustness: &Robustness) -> RankingJson<'a> {
        let slug = |entry: usize| {
            site.candidates[self.model.entries[entry].given]
                .slug
                .as_str()
        };
        let exact = |x: f64| (x * 1e6).round() / 1e6;
        let options: BTreeMap<&str, OptionRankingJson> = (0..self.model.entries.len())
            .map(|entry| {
                let s = &self.ranking.standings[entry];
                let json = OptionRankingJson {
                    range: s.range.map(|(low, high)| [exact(low), exact(high)]),
                    rank: s.rank,
                    rated: s.rated,
                    scored: s.scored,
                    total: s.total.map(exact),
                };
                (slug(entry), json)
            })
            .collect();
        let flips = robustness
            .flips
            .iter()
            .map(|flip| FlipJson {
                criterion: &self.model.columns[flip.column].key,
                leader_above: flip.above.map(|(_, p)| slug(p)),
                leader_below: flip.below.map(|(_, p)| slug(p)),
                weight: self.model.columns[flip.column].weight,
                weight_above: flip.above.map(|(x, _)| exact(x)),
                weight_below: flip.below.map(|(x, _)| exact(x)),
            })
            .collect();
        let win_share = robustness
            .win_shares
            .iter()
            .enumerate()
            .map(|(entry, &share)| (slug(entry), share))
            .collect();
        RankingJson {
            flips,
            leader: self.ranking.leader().map(slug),
            margin: self.ranking.margin().map(exact),
            max_weight: self.scale.max,
            near_ties: self.ranking.near_ties().into_iter().map(slug).collect(),
            options,
            order: self.ranking.order.iter().map(|&e| slug(e)).collect(),
            win_share,
        }
    }
}

/// `matrix.json`'s `ranking` (its keys in alphabetical order, as the format has them).
#[derive(Debug, Serialize)]
pub struct RankingJson<'a> {
    flips: Vec<FlipJson<'a>>,
    leader: Option<&'a str>,
    margin: Option<f64>,
    max_weight: f64,
    near_ties: Vec<&'a str>,
    options: BTreeMap<&'a str, OptionRankingJson>,
    order: Vec<&'a str>,
    win_share: BTreeMap<&'a str, f64>,
}

/// One option's entry in [`RankingJson`]'s `options`.
#[derive(Debug, Serialize)]
struct OptionRankingJson {
    range: Option<[f64; 2]>,
    rank: Option<usize>,
    rated: usize,
    scored: usize,
    total: Option<f64>,
}

/// One score criterion's entry in [`RankingJson`]'s `flips`.
#[derive(Debug, Serialize)]
struct FlipJson<'a> {
    criterion: &'a str,
    leader_above: Option<&'a str>,
    leader_below: Option<&'a str>,
    weight: f64,
    weight_above: Option<f64>,
    weight_below: Option<f64>,
}
