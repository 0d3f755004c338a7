// tradeoff's ranking model for the matrix page: a line-for-line port of src/ranking.rs (read
// its documentation for the formulas). Totals, ranges, ranks, flips and win shares computed
// here equal the build's for the same weights; a test runs both on random weights.
//
// In the page it is window.tradeoffRanking; under Node, require() returns it.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.tradeoffRanking = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const NEAR_TIE = 1.0;
  const WIN_SAMPLES = 1000;

  // How good a score is on its scale: 0 (worst end) to 1 (best end), direction included.
  function merit(criterion, value) {
    const position = Math.min(1, Math.max(0, (value - criterion.min) / (criterion.max - criterion.min)));
    return criterion.better === "lower" ? 1 - position : position;
  }

  // Math.round rounds halves up, as the build's round_half_up does.
  const roundHalfUp = Math.round;

  // A total (or any number of points) as the matrix shows it, to one decimal.
  function shown(points) {
    const tenths = roundHalfUp(points * 10);
    const sign = tenths < 0 ? "-" : "";
    const abs = Math.abs(tenths);
    return sign + Math.floor(abs / 10) + "." + (abs % 10);
  }

  // By the total as shown, then to a billionth of a point: > 0 when x ranks above y.
  function compareTotals(x, y) {
    const sx = roundHalfUp(x * 10), sy = roundHalfUp(y * 10);
    if (sx !== sy) return sx > sy ? 1 : -1;
    const ex = roundHalfUp(x * 1e9), ey = roundHalfUp(y * 1e9);
    if (ex !== ey) return ex > ey ? 1 : -1;
    return 0;
  }

  // columns: [{key, weight}]; entries: [{slug, merits: [number|null]}] in the order that
  // breaks ties (the build's default ranking, which the page's rows follow).
  function model(columns, entries, maxWeight) {
    return { columns, entries, maxWeight };
  }

  function standing(entry, weights) {
    let sum = 0, ratedWeight = 0, missingWeight = 0, allWeight = 0, rated = 0, scored = 0;
    for (let j = 0; j < weights.length; j++) {
      const w = weights[j];
      if (w <= 0) continue;
      scored += 1;
      allWeight += w;
      const m = entry.merits[j];
      if (m !== null) {
        rated += 1;
        sum += w * m;
        ratedWeight += w;
      } else {
        missingWeight += w;
      }
    }
    const total = rated > 0 ? 100 * sum / ratedWeight : null;
    let range;
    if (scored === 0) range = null;
    else if (total !== null && rated === scored) range = [total, total];
    else range = [100 * sum / allWeight, 100 * (sum + missingWeight) / allWeight];
    return { total, rated, scored, range, rank: null };
  }

  // Every entry's standing under weights and the order, best first (unranked last).
  function rank(m, weights) {
    const standings = m.entries.map((e) => standing(e, weights));
    const order = standings.map((_, i) => i);
    order.sort((i, j) => {
      const x = standings[i].total, y = standings[j].total;
      if (x !== null && y !== null) return compareTotals(y, x) || i - j;
      if (x !== null) return -1;
      if (y !== null) return 1;
      return i - j;
    });
    let previous = null, previousRank = 0;
    for (let place = 0; place < order.length; place++) {
      const s = standings[order[place]];
      if (s.total === null) break;
      const shownTenths = roundHalfUp(s.total * 10);
      const r = previous === shownTenths ? previousRank : place + 1;
      previous = shownTenths;
      previousRank = r;
      s.rank = r;
    }
    return { order, standings };
  }

  function leader(ranking) {
    const first = ranking.order[0];
    return first !== undefined && ranking.standings[first].total !== null ? first : null;
  }

  function margin(ranking) {
    if (ranking.order.length < 2) return null;
    const first = ranking.standings[ranking.order[0]].total;
    const second = ranking.standings[ranking.order[1]].total;
    return first === null || second === null ? null : first - second;
  }

  function nearTies(ranking) {
    const top = leader(ranking);
    if (top === null) return [];
    const topTotal = ranking.standings[top].total;
    const ties = [];
    for (let k = 1; k < ranking.order.length; k++) {
      const t = ranking.standings[ranking.order[k]].total;
      if (t === null || !(topTotal - t < NEAR_TIE)) break;
      ties.push(ranking.order[k]);
    }
    return ties;
  }

  // ---- flips --------------------------------------------------------------------------

  function lines(m, weights, c) {
    return m.entries.map((entry) => {
      let a = 0, b = 0;
      for (let j = 0; j < weights.length; j++) {
        const w = weights[j];
        if (j === c || w <= 0) continue;
        const mj = entry.merits[j];
        if (mj !== null) {
          a += w * mj;
          b += w;
        }
      }
      const mc = entry.merits[c];
      return mc !== null ? { a, m: mc, b, r: 1 } : { a, m: 0, b, r: 0 };
    });
  }

  const exists = (l) => l.b > 0 || l.r > 0;
  function valueAt(l, x) {
    const d = l.b + l.r * x;
    const value = d > 0 ? (l.a + l.m * x) / d : l.m;
    return roundHalfUp(value * 1e11);
  }
  function slope(l, x) {
    const d = l.b + l.r * x;
    return d > 0 ? (l.m * l.b - l.a * l.r) / (d * d) : 0;
  }

  function signChanges(qa, qb, qc) {
    if (qa === 0) {
      if (qb === 0) return [];
      return [[-qc / qb, qb > 0]];
    }
    const disc = qb * qb - 4 * qa * qc;
    if (disc === 0 && qa > 0) {
      const x = -qb / (2 * qa);
      return [[x, false], [x, true]];
    }
    if (disc <= 0) return [];
    const root = Math.sqrt(disc);
    const q = -0.5 * (qb + (qb < 0 ? -root : root));
    const x1 = q / qa, x2 = qc / q;
    const lo = x1 < x2 ? x1 : x2, hi = x1 < x2 ? x2 : x1;
    return [[lo, qa < 0], [hi, qa > 0]];
  }

  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);

  function flip(m, weights, c, lead) {
    const ls = lines(m, weights, c);
    const x0 = weights[c];
    const max = m.maxWeight;
    const eps = 1e-9 * Math.max(max, 1);
    const l = ls[lead];
    let above = null, below = null;
    const aheadAbove = (x, p, q) => (cmp(valueAt(ls[p], x), valueAt(ls[q], x))
      || cmp(slope(ls[p], x), slope(ls[q], x)) || cmp(q, p)) > 0;
    const aheadBelow = (x, p, q) => (cmp(valueAt(ls[p], x), valueAt(ls[q], x))
      || cmp(slope(ls[q], x), slope(ls[p], x)) || cmp(q, p)) > 0;
    for (let p = 0; p < ls.length; p++) {
      const line = ls[p];
      if (p === lead || !exists(line)) continue;
      const qa = line.m * l.r - l.m * line.r;
      const qb = line.a * l.r + line.m * l.b - l.a * line.r - l.m * line.b;
      const qc = line.a * l.b - l.a * line.b;
      for (const [root, rises] of signChanges(qa, qb, qc)) {
        if (rises && root >= x0 - eps && root <= max + eps) {
          const x = Math.min(max, Math.max(x0, root));
          if (above === null || x < above[0] || (x === above[0] && aheadAbove(x, p, above[1]))) above = [x, p];
        }
        if (!rises && root <= x0 + eps && root > eps) {
          const x = Math.min(root, x0);
          if (below === null || x > below[0] || (x === below[0] && aheadBelow(x, p, below[1]))) below = [x, p];
        }
      }
    }
    if (below === null && x0 > 0 && l.b === 0) {
      let best = null;
      for (let p = 0; p < ls.length; p++) {
        if (ls[p].b > 0) {
          const t = valueAt(ls[p], 0);
          if (best === null || t > best[0]) best = [t, p];
        }
      }
      if (best !== null) below = [0, best[1]];
    }
    return { column: c, below, above };
  }

  // Where the lead changes for each column as its weight alone moves: [{column, below:
  // [weight, entry] | null, above}].
  function flips(m, weights, ranking) {
    const lead = leader(ranking);
    return m.columns.map((_, c) => (lead === null ? { column: c, below: null, above: null } : flip(m, weights, c, lead)));
  }

  // ---- win shares -----------------------------------------------------------------------

  function halton(n, base) {
    let fraction = 1, result = 0;
    while (n > 0) {
      fraction /= base;
      result += fraction * (n % base);
      n = Math.floor(n / base);
    }
    return result;
  }

  function primes(count) {
    const found = [];
    for (let n = 2; found.length < count; n++) {
      let prime = true;
      for (const p of found) {
        if (p * p > n) break;
        if (n % p === 0) { prime = false; break; }
      }
      if (prime) found.push(n);
    }
    return found;
  }

  // Each entry's share (0–1) of the WIN_SAMPLES sampled weight vectors it leads.
  function winShares(m) {
    const k = m.columns.length, n = m.entries.length;
    const counts = new Array(n).fill(0);
    if (k === 0 || n === 0) return counts;
    const bases = primes(k);
    const merits = new Float64Array(n * k), rated = new Float64Array(n * k);
    m.entries.forEach((e, o) => e.merits.forEach((v, j) => {
      merits[o * k + j] = v === null ? 0 : v;
      rated[o * k + j] = v === null ? 0 : 1;
    }));
    for (let i = 1; i <= WIN_SAMPLES; i++) {
      const weights = bases.map((base) => m.maxWeight * halton(i, base));
      let best = null, bestTotal = 0;
      for (let o = 0; o < n; o++) {
        let sum = 0, weight = 0;
        for (let j = 0; j < k; j++) {
          sum += weights[j] * merits[o * k + j];
          weight += weights[j] * rated[o * k + j];
        }
        if (weight > 0) {
          const total = 100 * sum / weight;
          if (best === null || compareTotals(total, bestTotal) > 0) { best = o; bestTotal = total; }
        }
      }
      if (best !== null) counts[best] += 1;
    }
    return counts.map((count) => count / WIN_SAMPLES);
  }

  return { NEAR_TIE, WIN_SAMPLES, merit, shown, model, rank, leader, margin, nearTies, flips, winShares, halton };
});
