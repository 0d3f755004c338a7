//! The ranking model: every number the matrix shows about how options rank, worked out from
//! the score criteria of [`crate::config`] and the options' scores of [`crate::content`], as
//! plain arithmetic a reader can redo by hand. The page script (`static/js/ranking.js`) is a
//! line-for-line port of it; a test checks that both give the same numbers.
//!
//! # The numbers
//!
//! Only score criteria count. For a criterion with scale `min`–`max`, a score `v` has the
//! **merit** `(v − min) / (max − min)`, or `(max − v) / (max − min)` where lower is better:
//! 0 at the worst end of the scale, 1 at the best.
//!
//! With weights `w` (one per score criterion, each 0 or more), the criteria **in play** are
//! those with a weight above 0; `scored` is how many there are, `rated` how many of them an
//! option has a score for. Its **total**, out of 100, counts only the criteria it is rated
//! on, their weights renormalised:
//!
//! ```text
//! total = 100 × Σ(w × merit over rated criteria) / Σ(w over rated criteria)
//! ```
//!
//! An option rated on no criterion in play has no total (it is unrated, not at the bottom).
//! Its **range** is what the total would be if every missing score were the worst of its
//! scale (merit 0) or the best (merit 1), with the same weights:
//!
//! ```text
//! low  = 100 × Σ(w × merit, rated) / Σ(w, in play)
//! high = 100 × (Σ(w × merit, rated) + Σ(w, missing)) / Σ(w, in play)
//! ```
//!
//! (both equal to the total when nothing is missing; 0 and 100 when nothing is rated).
//!
//! **Ranks** go by the total as shown, to one decimal (`round(10 × total)`): totals that show
//! equal share a rank, and the next rank counts everyone above (1, 2, 2, 4). Within a rank,
//! and for ties in anything below, the higher total to a billionth of a point comes first, then
//! the option that comes first in the model's order: the ranking with the default weights (itself tied by
//! the site's display order). Options without a total come last, unranked.
//!
//! The **leader** is the first of the ranking (the highest exact total); its **margin** is
//! its total minus the next option's. Options within [`NEAR_TIE`] points of the leader are
//! **near ties**.
//!
//! A **flip** of a criterion: as its weight `x` moves from the current value, the others
//! fixed, each option's total is `(a + m·x) / (b + r·x)` (`a`, `b` its weighted merits and
//! weights over its other rated criteria in play, `m` its merit and `r` = 1 when it is rated
//! on this criterion; else `m` = `r` = 0). Option `p` is ahead of the leader `L` where
//! `Q(x) = (a_p + m_p·x)(b_L + r_L·x) − (a_L + m_L·x)(b_p + r_p·x)` is above 0, a quadratic
//! whose roots are solved exactly. `weight_above` is the smallest root at or above the
//! current weight (up to the slider maximum) where `Q` turns positive; `leader_above` the
//! option ahead just past it. `weight_below` and `leader_below` likewise below (down to 0;
//! at 0 an option rated on nothing else in play has no total). `None` where no option takes
//! the lead within the sliders' range.
//!
//! The **win share** of an option is the share of [`WIN_SAMPLES`] weight vectors for which
//! it leads. Sample `i` (1 to [`WIN_SAMPLES`]) gives the `j`-th score criterion the weight
//! `max_weight × halton(i, p_j)`, `p_j` the `j`-th prime (2, 3, 5, 7, …) and
//! `halton(i, p)` the radical inverse of `i` in base `p` (the digits of `i` in base `p`
//! mirrored behind the point: `halton(6, 2)` = 0.011 in binary = 0.375). It depends on the
//! scores and the sliders' range only, not on the current weights.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Better, CriterionKind, Scale, SiteConfig};
use crate::content::{Candidate, Value};

/// How many points behind the leader an option counts as a near tie.
pub const NEAR_TIE: f64 = 1.0;

/// How many weight vectors the win share samples.
pub const WIN_SAMPLES: u32 = 1000;

/// How many of the entries kept as contenders for the lead each other entry is compared
/// against (see [`Model::contenders`]).
const CONTENDERS_COMPARED: usize = 256;

/// The most decimals a weight slider's step has: a default weight with more is set to the
/// nearest millionth.
const MAX_WEIGHT_DECIMALS: usize = 6;

/// How good a score is on its scale: 0 (worst end) to 1 (best end), direction included.
pub fn merit(scale: &Scale, value: f64) -> f64 {
    let position = ((value - scale.min) / (scale.max - scale.min)).clamp(0.0, 1.0);
    match scale.better {
        Better::Higher => position,
        Better::Lower => 1.0 - position,
    }
}

/// The range and step of every weight slider: wide and fine enough that each default weight
/// of `site.toml` (any number from 0 to 1000) can be set exactly, and the same for every
/// criterion, so that the sliders compare at a glance. Its range is the weight space that
/// flips and win shares explore.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightScale {
    /// The top of the sliders (the bottom is 0): 5, or the largest default weight rounded up.
    pub max: f64,
    /// 1 when every default weight is whole; else 0.5, 0.1, 0.05, 0.01, … as the weight with
    /// the most decimals needs.
    pub step: f64,
    /// The decimals of `step`, for writing weights without binary fractions showing.
    pub decimals: usize,
}

impl WeightScale {
    /// The scale for these default weights (each 0 or more).
    pub fn new(weights: &[f64]) -> Self {
        let largest = weights.iter().copied().fold(0.0, f64::max);
        let decimals = weights.iter().map(|&w| decimals_of(w)).max().unwrap_or(0);
        // Five times the power of ten when every weight is a multiple of that (2.5 → 0.5).
        let halves = decimals > 0
            && weights
                .iter()
                .all(|&w| scaled(w, decimals).is_some_and(|n| n % 5 == 0));
        let step = format!("{}e-{decimals}", if halves { 5 } else { 1 })
            .parse()
            .expect("a number in e-notation parses");
        WeightScale {
            max: largest.ceil().max(5.0),
            step,
            decimals,
        }
    }
}

/// How many decimals `weight` has, as written in its shortest form (`2.5` has 1), up to
/// [`MAX_WEIGHT_DECIMALS`].
fn decimals_of(weight: f64) -> usize {
    // Display never uses an exponent, and gives the shortest digits that read back the same.
    let text = format!("{weight}");
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
        .min(MAX_WEIGHT_DECIMALS)
}

/// `weight` times ten to the `decimals`, when that is whole, from its decimal digits (not by
/// multiplying, which would round: 2.675 × 100 is 267.49999999999997).
fn scaled(weight: f64, decimals: usize) -> Option<u64> {
    let text = format!("{weight}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.len() > decimals {
        return None;
    }
    format!("{whole}{fraction:0<decimals$}").parse().ok()
}

/// One score criterion as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The criterion's key.
    pub key: String,
    /// Its default weight.
    pub weight: f64,
}

/// One option as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its slug.
    pub slug: String,
    /// Its place in the order the model was given (the site's display order).
    pub given: usize,
    /// Its merit per column, `None` where it is not rated.
    pub merits: Vec<Option<f64>>,
}

/// The score criteria and every option's merits, the options in the order that breaks ties:
/// the ranking with the default weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The score criteria, in schema order.
    pub columns: Vec<Column>,
    /// The options, best first with the default weights.
    pub entries: Vec<Entry>,
    /// The top of the weight sliders (the bottom is 0).
    pub max_weight: f64,
}

/// Where one option stands under some weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// The total, 0–100; `None` when it is rated on no criterion in play.
    pub total: Option<f64>,
    /// How many criteria in play it is rated on.
    pub rated: usize,
    /// How many criteria are in play (weight above 0).
    pub scored: usize,
    /// Its total with every missing score at worst and at best; `None` when no criterion is
    /// in play.
    pub range: Option<(f64, f64)>,
    /// Its rank, 1 for the best; shared by totals that show equal. `None` without a total.
    pub rank: Option<usize>,
}

/// Every option's standing under some weights, and their order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// The entries' indices, best first; the unranked last, in the model's order.
    pub order: Vec<usize>,
    /// Each entry's standing, by entry index.
    pub standings: Vec<Standing>,
}

impl Ranking {
    /// The first of the order, when it has a total.
    pub fn leader(&self) -> Option<usize> {
        self.order
            .first()
            .copied()
            .filter(|&i| self.standings[i].total.is_some())
    }

    /// The leader's total minus the next option's; `None` with fewer than two totals.
    pub fn margin(&self) -> Option<f64> {
        let first = self.standings[*self.order.first()?].total?;
        let second = self.standings[*self.order.get(1)?].total?;
        Some(first - second)
    }

    /// The options other than the leader within [`NEAR_TIE`] points of it, in rank order.
    pub fn near_ties(&self) -> Vec<usize> {
        let Some(top) = self.leader().and_then(|i| self.standings[i].total) else {
            return Vec::new();
        };
        self.order
            .iter()
            .skip(1)
            .copied()
            .take_while(|&i| self.standings[i].total.is_some_and(|t| top - t < NEAR_TIE))
            .collect()
    }
}

/// Where the lead changes as one criterion's weight moves, the others fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    /// The criterion's column index.
    pub column: usize,
    /// The nearest weight below the current one (down to 0) at which another option leads,
    /// and that option's entry index.
    pub below: Option<(f64, usize)>,
    /// The nearest weight above the current one (up to the maximum) at which another option
    /// leads, and that option's entry index.
    pub above: Option<(f64, usize)>,
}

/// One option's total as a function of one weight `x`: `(a + m·x) / (b + r·x)`, in merit
/// units (0–1).
#[derive(Debug, Clone, Copy)]
struct Line {
    a: f64,
    m: f64,
    b: f64,
    r: f64,
}

impl Line {
    /// Whether it has a value anywhere above 0.
    fn exists(&self) -> bool {
        self.b > 0.0 || self.r > 0.0
    }

    /// Its value at `x`, or where it has none (at 0, rated on this criterion alone) the
    /// value it takes just above: `m`. Rounded to a billionth of a point, as ranks compare.
    fn value_at(&self, x: f64) -> f64 {
        let d = self.b + self.r * x;
        let value = if d > 0.0 {
            (self.a + self.m * x) / d
        } else {
            self.m
        };
        round_half_up(value * 1e11)
    }

    /// How fast it rises at `x` (its derivative); 0 where it has no value (it is constant
    /// just above).
    fn slope(&self, x: f64) -> f64 {
        let d = self.b + self.r * x;
        if d > 0.0 {
            (self.m * self.b - self.a * self.r) / (d * d)
        } else {
            0.0
        }
    }
}

/// The roots of `Q(x) = qa·x² + qb·x + qc` where it changes sign, each with whether `Q` rises
/// there (is above 0 just past it). A double root where `Q` is below 0 on both sides is no
/// change; one where it is above 0 counts both ways.
fn sign_changes(qa: f64, qb: f64, qc: f64) -> Vec<(f64, bool)> {
    if qa == 0.0 {
        if qb == 0.0 {
            return Vec::new();
        }
        return vec![(-qc / qb, qb > 0.0)];
    }
    let disc = qb * qb - 4.0 * qa * qc;
    if disc == 0.0 && qa > 0.0 {
        // A double root with Q above 0 on both sides: whoever is behind only there leads just
        // past it either way (it matters at the ends of the range and at exact ties).
        let x = -qb / (2.0 * qa);
        return vec![(x, false), (x, true)];
    }
    if disc <= 0.0 {
        return Vec::new();
    }
    let root = disc.sqrt();
    let q = -0.5 * (qb + if qb < 0.0 { -root } else { root });
    let (x1, x2) = (q / qa, qc / q);
    let (lo, hi) = if x1 < x2 { (x1, x2) } else { (x2, x1) };
    vec![(lo, qa < 0.0), (hi, qa > 0.0)]
}

/// How two totals compare in a ranking: by the total as shown (to one decimal), then by the
/// total to a billionth of a point, so that totals equal but for floating-point rounding
/// (75 reached as 0.1625 × 0.75 / 0.1625) count as equal.
fn compare_totals(x: f64, y: f64) -> std::cmp::Ordering {
    let shown = |t: f64| round_half_up(t * 10.0);
    let exact = |t: f64| round_half_up(t * 1e9);
    shown(x)
        .total_cmp(&shown(y))
        .then(exact(x).total_cmp(&exact(y)))
}

/// `x` rounded to the nearest whole number, halves up (towards +∞), as JavaScript's
/// `Math.round` does.
pub fn round_half_up(x: f64) -> f64 {
    let r = x.round();
    if r - x == -0.5 { r + 1.0 } else { r }
}

/// A total (or any number of points) as the matrix shows it, to one decimal: `round(10 ×
/// total) / 10` written out (62.25 shows as 62.3, like the page script's).
pub fn shown(points: f64) -> String {
    let tenths = round_half_up(points * 10.0);
    // Totals are 0–100: the tenths fit an integer exactly.
    let tenths = tenths as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", (tenths / 10).abs(), (tenths % 10).abs())
}

/// The `n`-th term of the radical-inverse sequence in base `base` (a Halton coordinate).
pub fn halton(mut n: u32, base: u32) -> f64 {
    let mut fraction = 1.0;
    let mut result = 0.0;
    while n > 0 {
        fraction /= f64::from(base);
        result += fraction * f64::from(n % base);
        n /= base;
    }
    result
}

/// The first `count` prime numbers.
pub fn primes(count: usize) -> Vec<u32> {
    let mut found: Vec<u32> = Vec::with_capacity(count);
    let mut n = 2;
    while found.len() < count {
        if found
            .iter()
            .take_while(|&&p| p * p <= n)
            .all(|&p| n % p != 0)
        {
            found.push(n);
        }
        n += 1;
    }
    found
}

impl Model {
    /// The model of `candidates` (in display order) under the score criteria of `config`,
    /// with sliders up to `max_weight`; its entries are put in the default ranking's order.
    pub fn new(config: &SiteConfig, candidates: &[Arc<Candidate>], max_weight: f64) -> Self {
        let scales: Vec<(&str, &Scale)> = config
            .criteria
            .iter()
            .filter_map(|c| match &c.kind {
                CriterionKind::Score(scale) => Some((c.key.as_str(), scale)),
                _ => None,
            })
            .collect();
        let columns = scales
            .iter()
            .map(|(key, scale)| Column {
                key: key.to_string(),
                weight: scale.weight,
            })
            .collect();
        let entries = candidates
            .iter()
            .enumerate()
            .map(|(given, candidate)| Entry {
                slug: candidate.slug.clone(),
                given,
                merits: scales
                    .iter()
                    .map(|(key, scale)| match candidate.values.get(*key) {
                        Some(Value::Score(score)) => Some(merit(scale, score.value)),
                        _ => None,
                    })
                    .collect(),
            })
            .collect();
        Model::from_entries(columns, entries, max_weight)
    }

    /// The model of `entries` (in display order), put in the default ranking's order.
    pub fn from_entries(columns: Vec<Column>, entries: Vec<Entry>, max_weight: f64) -> Self {
        let mut model = Model {
            columns,
            entries,
            max_weight,
        };
        let order = model.rank(&model.default_weights()).order;
        let mut entries = std::mem::take(&mut model.entries);
        let mut slots: Vec<Option<Entry>> = entries.drain(..).map(Some).collect();
        model.entries = order
            .into_iter()
            .map(|i| slots[i].take().expect("the order names each entry once"))
            .collect();
        model
    }

    /// The default weights, one per column.
    pub fn default_weights(&self) -> Vec<f64> {
        self.columns.iter().map(|c| c.weight).collect()
    }

    /// The standing of `entry` under `weights` (its rank left out).
    fn standing(&self, entry: &Entry, weights: &[f64]) -> Standing {
        let (mut sum, mut rated_weight, mut missing_weight, mut all_weight) = (0.0, 0.0, 0.0, 0.0);
        let (mut rated, mut scored) = (0, 0);
        for (merit, &w) in entry.merits.iter().zip(weights) {
            if w <= 0.0 {
                continue;
            }
            scored += 1;
            all_weight += w;
            match merit {
                Some(m) => {
                    rated += 1;
                    sum += w * m;
                    rated_weight += w;
                }
                None => missing_weight += w,
            }
        }
        let total = (rated > 0).then(|| 100.0 * sum / rated_weight);
        let range = match total {
            _ if scored == 0 => None,
            Some(t) if rated == scored => Some((t, t)),
            _ => Some((
                100.0 * sum / all_weight,
                100.0 * (sum + missing_weight) / all_weight,
            )),
        };
        Standing {
            total,
            rated,
            scored,
            range,
            rank: None,
        }
    }

    /// Every option's standing under `weights` (one per column) and the ranking.
    pub fn rank(&self, weights: &[f64]) -> Ranking {
        let mut standings: Vec<Standing> = self
            .entries
            .iter()
            .map(|e| self.standing(e, weights))
            .collect();
        let mut order: Vec<usize> = (0..standings.len()).collect();
        order.sort_by(|&i, &j| match (standings[i].total, standings[j].total) {
            (Some(x), Some(y)) => compare_totals(y, x).then(i.cmp(&j)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => i.cmp(&j),
        });
        let mut previous: Option<(f64, usize)> = None;
        for (place, &i) in order.iter().enumerate() {
            let Some(total) = standings[i].total else {
                break;
            };
            let shown = round_half_up(total * 10.0);
            let rank = match previous {
                Some((p, rank)) if p == shown => rank,
                _ => place + 1,
            };
            previous = Some((shown, rank));
            standings[i].rank = Some(rank);
        }
        Ranking { order, standings }
    }

    /// Each option's total as a function of column `c`'s weight, the others as in `weights`.
    fn lines(&self, weights: &[f64], c: usize) -> Vec<Line> {
        self.entries
            .iter()
            .map(|entry| {
                let (mut a, mut b) = (0.0, 0.0);
                for (j, (merit, &w)) in entry.merits.iter().zip(weights).enumerate() {
                    if j == c || w <= 0.0 {
                        continue;
                    }
                    if let Some(m) = merit {
                        a += w * m;
                        b += w;
                    }
                }
                match entry.merits[c] {
                    Some(m) => Line { a, m, b, r: 1.0 },
                    None => Line {
                        a,
                        m: 0.0,
                        b,
                        r: 0.0,
                    },
                }
            })
            .collect()
    }

    /// Where the lead changes for each column as its weight alone moves from `weights`; every
    /// flip is `None` when no option has a total under `weights`.
    pub fn flips(&self, weights: &[f64], ranking: &Ranking) -> Vec<Flip> {
        (0..self.columns.len())
            .map(|c| match ranking.leader() {
                Some(leader) => self.flip(weights, c, leader),
                None => Flip {
                    column: c,
                    below: None,
                    above: None,
                },
            })
            .collect()
    }

    /// The flip of column `c` for the leader `leader` under `weights`.
    fn flip(&self, weights: &[f64], c: usize, leader: usize) -> Flip {
        let lines = self.lines(weights, c);
        let x0 = weights[c];
        let max = self.max_weight;
        let eps = 1e-9 * max.max(1.0);
        let l = lines[leader];
        // The best (weight, option) so far in each direction. Options that take the lead at
        // the same weight are told apart by their value just past it, then how fast they
        // move away, then the model's order.
        let mut above: Option<(f64, usize)> = None;
        let mut below: Option<(f64, usize)> = None;
        let ahead_above = |x: f64, p: usize, q: usize| {
            let (a, b) = (&lines[p], &lines[q]);
            a.value_at(x)
                .total_cmp(&b.value_at(x))
                .then(a.slope(x).total_cmp(&b.slope(x)))
                .then(q.cmp(&p))
                .is_gt()
        };
        let ahead_below = |x: f64, p: usize, q: usize| {
            let (a, b) = (&lines[p], &lines[q]);
            a.value_at(x)
                .total_cmp(&b.value_at(x))
                .then(b.slope(x).total_cmp(&a.slope(x)))
                .then(q.cmp(&p))
                .is_gt()
        };
        for (p, line) in lines.iter().enumerate() {
            if p == leader || !line.exists() {
                continue;
            }
            let qa = line.m * l.r - l.m * line.r;
            let qb = line.a * l.r + line.m * l.b - l.a * line.r - l.m * line.b;
            let qc = line.a * l.b - l.a * line.b;
            for (x, rises) in sign_changes(qa, qb, qc) {
                if rises && x >= x0 - eps && x <= max + eps {
                    let x = x.clamp(x0, max);
                    if above.is_none_or(|(bx, bp)| x < bx || (x == bx && ahead_above(x, p, bp))) {
                        above = Some((x, p));
                    }
                }
                if !rises && x <= x0 + eps && x > eps {
                    let x = x.min(x0);
                    if below.is_none_or(|(bx, bp)| x > bx || (x == bx && ahead_below(x, p, bp))) {
                        below = Some((x, p));
                    }
                }
            }
        }
        if below.is_none() && x0 > 0.0 && l.b == 0.0 {
            // Rated on nothing else in play, the leader has no total at weight 0.
            let mut best: Option<(f64, usize)> = None;
            for (p, line) in lines.iter().enumerate() {
                if line.b > 0.0 {
                    let t = line.value_at(0.0);
                    if best.is_none_or(|(bt, _)| t > bt) {
                        best = Some((t, p));
                    }
                }
            }
            below = best.map(|(_, p)| (0.0, p));
        }
        Flip {
            column: c,
            below,
            above,
        }
    }

    /// Each entry's share (0–1) of the [`WIN_SAMPLES`] sampled weight vectors it leads.
    pub fn win_shares(&self) -> Vec<f64> {
        self.win_shares_among(&self.contenders())
    }

    /// The entries that can lead under some weights above 0, in order: every entry but those
    /// an earlier one matches or beats whatever the weights (the same merits or better on
    /// the same criteria, or a worst merit above its best), which never lead, as a tie goes
    /// to the earlier entry. Many options of a large site share their scores: this leaves the
    /// few that can win. Only the first 256 kept (`CONTENDERS_COMPARED`) are compared against,
    /// so that the work stays linear; an entry nothing kept beats stays.
    pub fn contenders(&self) -> Vec<usize> {
        let mut kept: Vec<usize> = Vec::new();
        let mut seen: HashSet<Vec<Option<u64>>> = HashSet::new();
        let lowest = |e: &Entry| e.merits.iter().flatten().copied().reduce(f64::min);
        let highest = |e: &Entry| e.merits.iter().flatten().copied().reduce(f64::max);
        for (o, entry) in self.entries.iter().enumerate() {
            // Merits exactly as an earlier entry's: that one leads wherever this one would.
            if !seen.insert(entry.merits.iter().map(|m| m.map(f64::to_bits)).collect()) {
                continue;
            }
            let beaten = kept.iter().take(CONTENDERS_COMPARED).any(|&p| {
                let earlier = &self.entries[p];
                let same_criteria_no_worse =
                    earlier
                        .merits
                        .iter()
                        .zip(&entry.merits)
                        .all(|(a, b)| match (a, b) {
                            (Some(a), Some(b)) => a >= b,
                            (None, None) => true,
                            _ => false,
                        });
                // A weighted mean lies between its lowest and highest merit; the margin covers
                // floating-point rounding.
                let worst_above_best = matches!(
                    (lowest(earlier), highest(entry)),
                    (Some(low), Some(high)) if low > high + 1e-9
                );
                same_criteria_no_worse || worst_above_best
            });
            if !beaten {
                kept.push(o);
            }
        }
        kept
    }

    /// Each entry's share of the sampled weight vectors it leads, when only `contenders`
    /// (see [`Model::contenders`]) can lead.
    fn win_shares_among(&self, contenders: &[usize]) -> Vec<f64> {
        let k = self.columns.len();
        let n = self.entries.len();
        if k == 0 || n == 0 {
            return vec![0.0; n];
        }
        let bases = primes(k);
        // Flat, contender-major: merit (0 where missing) and whether rated (0 or 1).
        let mut merits = Vec::with_capacity(contenders.len() * k);
        let mut rated = Vec::with_capacity(contenders.len() * k);
        for &o in contenders {
            for merit in &self.entries[o].merits {
                merits.push(merit.unwrap_or(0.0));
                rated.push(if merit.is_some() { 1.0 } else { 0.0 });
            }
        }
        let winners: Vec<Option<usize>> = (1..=WIN_SAMPLES)
            .into_par_iter()
            .map(|i| {
                let weights: Vec<f64> = bases
                    .iter()
                    .map(|&base| self.max_weight * halton(i, base))
                    .collect();
                let mut best: Option<(f64, usize)> = None;
                for (c, &o) in contenders.iter().enumerate() {
                    let (mut sum, mut weight) = (0.0, 0.0);
                    for j in 0..k {
                        sum += weights[j] * merits[c * k + j];
                        weight += weights[j] * rated[c * k + j];
                    }
                    if weight > 0.0 {
                        let total = 100.0 * sum / weight;
                        if best.is_none_or(|(b, _)| compare_totals(total, b).is_gt()) {
                            best = Some((total, o));
                        }
                    }
                }
                best.map(|(_, o)| o)
            })
            .collect();
        let mut counts = vec![0u32; n];
        for o in winners.into_iter().flatten() {
            counts[o] += 1;
        }
        counts
            .into_iter()
            .map(|count| f64::from(count) / f64::from(WIN_SAMPLES))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of options given as merits per column (`None` unrated), default weights
    /// `weights`, sliders to 5; slugs `a`, `b`, `c`, … in the given order.
    fn model(weights: &[f64], options: &[&[Option<f64>]]) -> Model {
        let columns = weights
            .iter()
            .enumerate()
            .map(|(i, &weight)| Column {
                key: format!("k{i}"),
                weight,
            })
            .collect();
        let entries = options
            .iter()
            .enumerate()
            .map(|(given, merits)| Entry {
                slug: char::from(b'a' + given as u8).to_string(),
                given,
                merits: merits.to_vec(),
            })
            .collect();
        Model::from_entries(columns, entries, 5.0)
    }

    fn slugs(model: &Model, order: &[usize]) -> Vec<String> {
        order
            .iter()
            .map(|&i| model.entries[i].slug.clone())
            .collect()
    }

    fn standing_of<'r>(model: &Model, ranking: &'r Ranking, slug: &str) -> &'r Standing {
        let i = model
            .entries
            .iter()
            .position(|e| e.slug == slug)
            .expect("a known slug");
        &ranking.standings[i]
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_missing_score_is_left_out_and_the_weights_renormalised() {
        // Weights 2 and 1; `a` is rated 0.75 and 0.5, `b` only 0.75 on the first.
        let m = model(
            &[2.0, 1.0],
            &[&[Some(0.75), Some(0.5)], &[Some(0.75), None]],
        );
        let r = m.rank(&m.default_weights());
        let a = standing_of(&m, &r, "a");
        // (2 × 0.75 + 1 × 0.5) / 3 = 2 / 3.
        assert!(close(a.total.expect("rated"), 200.0 / 3.0));
        assert_eq!((a.rated, a.scored), (2, 2));
        let b = standing_of(&m, &r, "b");
        // (2 × 0.75) / 2: the missing score does not pull it down.
        assert!(close(b.total.expect("rated"), 75.0));
        assert_eq!((b.rated, b.scored), (1, 2));
        // Missing at worst: 1.5 / 3 = 50; at best: (1.5 + 1) / 3 = 83.3.
        let (low, high) = b.range.expect("criteria in play");
        assert!(close(low, 50.0) && close(high, 250.0 / 3.0));
        assert_eq!(
            a.range,
            Some((a.total.unwrap_or(0.0), a.total.unwrap_or(0.0)))
        );
        assert_eq!(slugs(&m, &r.order), ["b", "a"]);
    }

    #[test]
    fn totals_show_to_one_decimal_rounding_halves_up() {
        assert_eq!(shown(62.25), "62.3");
        assert_eq!(shown(200.0 / 3.0), "66.7");
        assert_eq!(shown(100.0), "100.0");
        assert_eq!(shown(0.04), "0.0");
        assert_eq!(shown(-0.25), "-0.2");
    }

    #[test]
    fn lower_is_better_turns_the_scale_round() {
        let lower = Scale {
            min: 1.0,
            max: 5.0,
            better: Better::Lower,
            weight: 1.0,
        };
        assert_eq!(merit(&lower, 2.0), 0.75);
        assert_eq!(merit(&lower, 5.0), 0.0);
        let higher = Scale {
            better: Better::Higher,
            ..lower
        };
        assert_eq!(merit(&higher, 2.0), 0.25);
    }

    #[test]
    fn totals_that_show_equal_share_a_rank_and_the_next_rank_counts_them() {
        // 70.04 and 69.96 both show 70.0; 60 comes third.
        let m = model(
            &[1.0],
            &[&[Some(0.6)], &[Some(0.6996)], &[Some(0.7004)], &[None]],
        );
        let r = m.rank(&m.default_weights());
        assert_eq!(slugs(&m, &r.order), ["c", "b", "a", "d"]);
        let ranks: Vec<Option<usize>> = r.order.iter().map(|&i| r.standings[i].rank).collect();
        assert_eq!(ranks, [Some(1), Some(1), Some(3), None]);
        assert_eq!(r.leader().map(|i| m.entries[i].slug.as_str()), Some("c"));
        assert!(close(r.margin().unwrap_or(0.0), 0.08));
        assert_eq!(slugs(&m, &r.near_ties()), ["b"]);
    }

    #[test]
    fn exact_ties_keep_the_given_order() {
        let m = model(
            &[1.0, 1.0],
            &[&[Some(0.5), Some(0.5)], &[Some(1.0), Some(0.0)]],
        );
        let r = m.rank(&m.default_weights());
        assert_eq!(slugs(&m, &r.order), ["a", "b"]);
        assert_eq!(r.standings[0].rank, r.standings[1].rank);
    }

    #[test]
    fn an_option_rated_on_nothing_in_play_is_unranked_not_last_of_the_ranked() {
        let m = model(&[1.0, 0.0], &[&[None, Some(1.0)], &[Some(0.0), None]]);
        let r = m.rank(&m.default_weights());
        let a = standing_of(&m, &r, "a");
        assert_eq!((a.total, a.rank, a.rated, a.scored), (None, None, 0, 1));
        assert_eq!(a.range, Some((0.0, 100.0)));
        let b = standing_of(&m, &r, "b");
        assert_eq!((b.total, b.rank), (Some(0.0), Some(1)));
        assert_eq!(slugs(&m, &r.order), ["b", "a"]);
    }

    #[test]
    fn all_zero_weights_give_no_totals_no_leader_and_no_flips() {
        let m = model(&[1.0, 1.0], &[&[Some(0.5), Some(0.5)], &[Some(1.0), None]]);
        let weights = [0.0, 0.0];
        let r = m.rank(&weights);
        assert!(
            r.standings
                .iter()
                .all(|s| s.total.is_none() && s.range.is_none() && s.rank.is_none())
        );
        assert_eq!(r.leader(), None);
        assert_eq!(r.margin(), None);
        let flips = m.flips(&weights, &r);
        assert!(flips.iter().all(|f| f.below.is_none() && f.above.is_none()));
    }

    #[test]
    fn one_option_leads_everywhere() {
        let m = model(&[1.0, 2.0], &[&[Some(0.2), Some(0.9)]]);
        let weights = m.default_weights();
        let r = m.rank(&weights);
        assert_eq!(r.leader(), Some(0));
        assert_eq!(r.margin(), None);
        assert!(
            m.flips(&weights, &r)
                .iter()
                .all(|f| f.below.is_none() && f.above.is_none())
        );
        assert_eq!(m.win_shares(), [1.0]);
    }

    #[test]
    fn no_options_and_no_criteria_are_fine() {
        let m = model(&[1.0], &[]);
        let r = m.rank(&[1.0]);
        assert!(r.order.is_empty() && r.leader().is_none());
        assert!(m.win_shares().is_empty());
        let m = model(&[], &[&[]]);
        let r = m.rank(&[]);
        assert_eq!(r.standings[0].total, None);
        assert_eq!(m.win_shares(), [0.0]);
        assert!(m.flips(&[], &r).is_empty());
    }

    #[test]
    fn flips_are_found_exactly_where_the_totals_cross() {
        // Weights x (criterion 0) and 1. a: merits 1 and 0; b: 0 and 1 → a leads iff x > 1.
        let m = model(
            &[2.0, 1.0],
            &[&[Some(1.0), Some(0.0)], &[Some(0.0), Some(1.0)]],
        );
        let weights = m.default_weights();
        let r = m.rank(&weights);
        assert_eq!(r.leader().map(|i| m.entries[i].slug.as_str()), Some("a"));
        let flips = m.flips(&weights, &r);
        let (x, who) = flips[0].below.expect("b leads below weight 1");
        assert!(close(x, 1.0), "{x}");
        assert_eq!(m.entries[who].slug, "b");
        assert_eq!(flips[0].above, None);
        // Criterion 1 at weight y (criterion 0 at 2): a leads iff y < 2.
        let (y, who) = flips[1].above.expect("b leads above weight 2");
        assert!(close(y, 2.0), "{y}");
        assert_eq!(m.entries[who].slug, "b");
        assert_eq!(flips[1].below, None);
    }

    #[test]
    fn a_flip_between_two_rated_options_solves_the_quadratic() {
        // a: merits 0.9, 0.2, 0.5; b: 0.4, 0.8, unrated. All weights 1: a = 1.6 / 3, b =
        // 1.2 / 2 = 0.6, so b leads.
        let m = model(
            &[1.0, 1.0, 1.0],
            &[
                &[Some(0.9), Some(0.2), Some(0.5)],
                &[Some(0.4), Some(0.8), None],
            ],
        );
        let weights = [1.0, 1.0, 1.0];
        let r = m.rank(&weights);
        assert_eq!(r.leader().map(|i| m.entries[i].slug.as_str()), Some("b"));
        let flips = m.flips(&weights, &r);
        // Criterion 0 at weight x: a = (0.9x + 0.7) / (x + 2), b = (0.4x + 0.8) / (x + 1);
        // equal where 0.5x² = 0.9, so x = √1.8, above which a leads.
        let (x, who) = flips[0].above.expect("a leads above");
        assert!(close(x, 1.8f64.sqrt()), "{x}");
        assert_eq!(m.entries[who].slug, "a");
        assert_eq!(flips[0].below, None);
        for (w, leader) in [(x - 1e-6, "b"), (x + 1e-6, "a")] {
            let r = m.rank(&[w, 1.0, 1.0]);
            assert_eq!(
                r.leader().map(|i| m.entries[i].slug.as_str()),
                Some(leader),
                "at {w}"
            );
        }
        // Criterion 1 at weight y: a = (1.4 + 0.2y) / (2 + y), b = (0.4 + 0.8y) / (1 + y);
        // equal where 0.6y² + 0.4y − 0.6 = 0, below which a leads.
        let (y, who) = flips[1].below.expect("a leads below");
        assert!(close(y, (-0.4 + 1.6f64.sqrt()) / 1.2), "{y}");
        assert_eq!(m.entries[who].slug, "a");
        assert_eq!(flips[1].above, None);
        // Criterion 2: a = (1.1 + 0.5z) / (2 + z) stays under b's 0.6 for every weight.
        assert_eq!((flips[2].below, flips[2].above), (None, None));
    }

    #[test]
    fn an_option_rated_only_on_the_varied_criterion_loses_its_total_at_zero() {
        // a is rated on criterion 0 only, b on criterion 1 only: at weight 0 for criterion 0,
        // a has no total and b leads.
        let m = model(&[1.0, 1.0], &[&[Some(0.9), None], &[None, Some(0.5)]]);
        let weights = m.default_weights();
        let r = m.rank(&weights);
        let flips = m.flips(&weights, &r);
        assert_eq!(
            flips[0].below.map(|(x, p)| (x, m.entries[p].slug.clone())),
            Some((0.0, "b".into()))
        );
        assert_eq!(flips[0].above, None);
    }

    /// A small deterministic generator of test models (a linear congruential generator).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn flips_agree_with_the_leader_on_a_fine_scan_of_each_weight() {
        let mut random = Lcg(7);
        for _ in 0..300 {
            let options: Vec<Vec<Option<f64>>> = (0..6)
                .map(|_| {
                    (0..4)
                        .map(|_| (random.next() > 0.2).then(|| (random.next() * 4.0).round() / 4.0))
                        .collect()
                })
                .collect();
            let rows: Vec<&[Option<f64>]> = options.iter().map(Vec::as_slice).collect();
            let weights: Vec<f64> = (0..4).map(|_| (random.next() * 5.0).round()).collect();
            let m = model(&weights, &rows);
            let r = m.rank(&weights);
            let Some(leader) = r.leader() else { continue };
            for flip in m.flips(&weights, &r) {
                let c = flip.column;
                let leader_at = |x: f64| {
                    let mut w = weights.clone();
                    w[c] = x;
                    m.rank(&w).leader()
                };
                // Between the flips the leader stays; just past each, the named option leads.
                let low = flip.below.map_or(0.0, |(x, _)| x);
                let high = flip.above.map_or(m.max_weight, |(x, _)| x);
                for step in 1..200 {
                    let x = low + (high - low) * f64::from(step) / 200.0;
                    assert_eq!(
                        leader_at(x),
                        Some(leader),
                        "{options:?} {weights:?} column {c} at {x}"
                    );
                }
                if let Some((x, p)) = flip.above {
                    assert_eq!(
                        leader_at(x + 1e-7),
                        Some(p),
                        "{options:?} {weights:?} above {c}"
                    );
                }
                if let Some((x, p)) = flip.below {
                    let probe = if x == 0.0 { 0.0 } else { x - 1e-7 };
                    assert_eq!(
                        leader_at(probe),
                        Some(p),
                        "{options:?} {weights:?} below {c}"
                    );
                }
            }
        }
    }

    #[test]
    fn leaving_out_entries_that_never_lead_changes_no_win_share() {
        let mut random = Lcg(11);
        let mut left_out = 0;
        for _ in 0..200 {
            let options: Vec<Vec<Option<f64>>> = (0..12)
                .map(|_| {
                    (0..3)
                        .map(|_| {
                            (random.next() > 0.15).then(|| (random.next() * 2.0).round() / 2.0)
                        })
                        .collect()
                })
                .collect();
            let rows: Vec<&[Option<f64>]> = options.iter().map(Vec::as_slice).collect();
            let m = model(&[1.0, 2.0, 3.0], &rows);
            let everyone: Vec<usize> = (0..m.entries.len()).collect();
            let contenders = m.contenders();
            left_out += everyone.len() - contenders.len();
            assert_eq!(m.win_shares(), m.win_shares_among(&everyone), "{options:?}");
        }
        assert!(left_out > 1000, "the test leaves entries out: {left_out}");
    }

    #[test]
    fn win_shares_follow_the_halton_samples_and_add_up() {
        assert_eq!(halton(6, 2), 0.375);
        assert_eq!(halton(1, 3), 1.0 / 3.0);
        assert_eq!(primes(5), [2, 3, 5, 7, 11]);
        // a wins when weight 0 beats weight 1 (merits 1/0 vs 0/1): half the square.
        let m = model(
            &[1.0, 1.0],
            &[
                &[Some(1.0), Some(0.0)],
                &[Some(0.0), Some(1.0)],
                &[None, None],
            ],
        );
        let shares = m.win_shares();
        let a = shares[m.entries.iter().position(|e| e.slug == "a").unwrap_or(0)];
        assert!((a - 0.5).abs() < 0.02, "{a}");
        assert!(close(shares.iter().sum::<f64>(), 1.0));
        let unrated = m.entries.iter().position(|e| e.slug == "c").unwrap_or(0);
        assert_eq!(shares[unrated], 0.0);
        // Counted, not estimated: the same every time.
        assert_eq!(shares, m.win_shares());
    }

    #[test]
    fn the_entries_are_kept_in_the_default_ranking_order() {
        let m = model(&[1.0], &[&[Some(0.1)], &[Some(0.9)], &[None], &[Some(0.5)]]);
        let order: Vec<&str> = m.entries.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(order, ["b", "d", "a", "c"]);
        assert_eq!(m.entries[0].given, 1);
        let r = m.rank(&m.default_weights());
        assert_eq!(r.order, [0, 1, 2, 3]);
    }

    fn scale(weights: &[f64]) -> (f64, f64, usize) {
        let s = WeightScale::new(weights);
        (s.max, s.step, s.decimals)
    }

    #[test]
    fn whole_weights_up_to_five_keep_the_zero_to_five_sliders() {
        assert_eq!(scale(&[]), (5.0, 1.0, 0));
        assert_eq!(scale(&[1.0, 2.0, 0.0]), (5.0, 1.0, 0));
        assert_eq!(scale(&[5.0]), (5.0, 1.0, 0));
    }

    #[test]
    fn the_largest_weight_rounded_up_is_the_top() {
        assert_eq!(scale(&[10.0, 1.0]), (10.0, 1.0, 0));
        assert_eq!(scale(&[7.2]), (8.0, 0.1, 1));
        assert_eq!(scale(&[1000.0]), (1000.0, 1.0, 0));
    }

    #[test]
    fn the_step_sets_every_weight_exactly() {
        assert_eq!(scale(&[2.5, 10.0]), (10.0, 0.5, 1));
        assert_eq!(scale(&[2.5, 1.2]), (5.0, 0.1, 1));
        assert_eq!(scale(&[0.25, 3.0]), (5.0, 0.05, 2));
        assert_eq!(scale(&[0.01, 2.5]), (5.0, 0.01, 2));
        // Binary fractions do not leak in: 2.675 × 100 is not whole in floating point.
        assert_eq!(scale(&[2.675]), (5.0, 0.005, 3));
        assert_eq!(scale(&[2.671, 1.5]), (5.0, 0.001, 3));
        assert_eq!(scale(&[0.1 + 0.2]), (5.0, 1e-6, 6), "capped at a millionth");
        for weights in [
            &[2.5, 10.0][..],
            &[0.25, 3.0],
            &[2.675],
            &[2.671, 1.5],
            &[7.2, 0.5],
        ] {
            let s = WeightScale::new(weights);
            for w in weights {
                let steps = w / s.step;
                assert!(
                    (steps - steps.round()).abs() < 1e-9,
                    "{w} is a whole number of {} steps",
                    s.step
                );
            }
        }
    }

    #[test]
    fn serialises_for_the_script() {
        let json = serde_json::to_string(&WeightScale::new(&[2.5, 10.0])).expect("serialises");
        assert_eq!(json, r#"{"max":10.0,"step":0.5,"decimals":1}"#);
    }
}
