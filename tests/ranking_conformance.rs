//! The page script's ranking model (`static/js/ranking.js`, run under Node) and the build's
//! (`tradeoff::ranking`) give the same totals, ranges, ranks, order, flips and win shares for
//! random models and a few hundred random weight vectors.
//!
//! Needs `node` on the PATH; without it the test says so and passes, unless
//! `TRADEOFF_REQUIRE_NODE` is set (as `.ci/run` does), when it fails.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use tradeoff::ranking::{Column, Entry, Model};

/// A small deterministic generator (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

/// A random model: 1–12 options, 1–6 criteria, scores on a 1–5 scale (merits in quarters) or
/// any merit, some unrated; default weights in halves from 0 to 5.
fn random_model(random: &mut Lcg) -> Model {
    let columns: Vec<Column> = (0..1 + random.below(6))
        .map(|j| Column {
            key: format!("k{j}"),
            weight: (random.next() * 10.0).round() / 2.0,
        })
        .collect();
    let quarters = random.next() < 0.7;
    let entries = (0..1 + random.below(12))
        .map(|given| Entry {
            slug: format!("o{given}"),
            given,
            merits: columns
                .iter()
                .map(|_| {
                    (random.next() > 0.2).then(|| {
                        let m = random.next();
                        if quarters { (m * 4.0).round() / 4.0 } else { m }
                    })
                })
                .collect(),
        })
        .collect();
    Model::from_entries(columns, entries, 5.0)
}

/// Random weights for `model`: whole, halves or any number in 0–5, sometimes 0.
fn random_weights(random: &mut Lcg, model: &Model) -> Vec<f64> {
    let kind = random.below(3);
    model
        .columns
        .iter()
        .map(|_| {
            if random.next() < 0.15 {
                return 0.0;
            }
            let w = random.next() * 5.0;
            match kind {
                0 => w.round(),
                1 => (w * 2.0).round() / 2.0,
                _ => w,
            }
        })
        .collect()
}

fn side(side: Option<(f64, usize)>) -> Value {
    side.map_or(Value::Null, |(x, p)| json!([x, p]))
}

/// What the Rust model says for `weights`, in the shape the script's answer takes.
fn rust_answer(model: &Model, weights: &[f64]) -> Value {
    let ranking = model.rank(weights);
    let standings: Vec<Value> = ranking
        .standings
        .iter()
        .map(|s| {
            json!({
                "total": s.total,
                "rated": s.rated,
                "scored": s.scored,
                "range": s.range.map(|(low, high)| [low, high]),
                "rank": s.rank,
            })
        })
        .collect();
    let flips: Vec<Value> = model
        .flips(weights, &ranking)
        .into_iter()
        .map(|f| json!({ "below": side(f.below), "above": side(f.above) }))
        .collect();
    json!({
        "order": ranking.order,
        "standings": standings,
        "leader": ranking.leader(),
        "margin": ranking.margin(),
        "near_ties": ranking.near_ties(),
        "flips": flips,
    })
}

/// The script's answers for every case, from one run of Node.
fn node_answers(cases: &Value) -> Option<Value> {
    let script = format!(
        r#"
const ranking = require({path});
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {{
  const cases = JSON.parse(input);
  const out = cases.map((c) => {{
    const m = ranking.model(c.columns, c.entries, c.max_weight);
    const answers = c.weights.map((w) => {{
      const r = ranking.rank(m, w);
      return {{
        order: r.order,
        standings: r.standings,
        leader: ranking.leader(r),
        margin: ranking.margin(r),
        near_ties: ranking.nearTies(r),
        flips: ranking.flips(m, w, r).map((f) => ({{ below: f.below, above: f.above }})),
      }};
    }});
    return {{ answers, win_shares: ranking.winShares(m) }};
  }});
  process.stdout.write(JSON.stringify(out));
}});
"#,
        path = serde_json::to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/js/ranking.js"))
            .expect("a path serialises")
    );
    let mut child = match Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            assert!(
                std::env::var_os("TRADEOFF_REQUIRE_NODE").is_none(),
                "node is needed for this test: {err}"
            );
            eprintln!("skipped: node is not on the PATH ({err})");
            return None;
        }
    };
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(cases.to_string().as_bytes())
        .expect("node reads the cases");
    let output = child.wait_with_output().expect("node runs");
    assert!(output.status.success(), "node failed");
    Some(serde_json::from_slice(&output.stdout).expect("node writes JSON"))
}

/// Whether two answers agree: numbers within a billionth, everything else equal.
fn agree(rust: &Value, js: &Value) -> bool {
    match (rust, js) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            (a - b).abs() <= 1e-9 * a.abs().max(1.0)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| agree(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| agree(v, w)))
        }
        _ => rust == js,
    }
}

#[test]
fn the_page_script_and_the_build_rank_alike() {
    let mut random = Lcg(2026);
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    let mut flips_found = 0;
    for _ in 0..40 {
        let model = random_model(&mut random);
        let weight_sets: Vec<Vec<f64>> = std::iter::once(model.default_weights())
            .chain((0..9).map(|_| random_weights(&mut random, &model)))
            .collect();
        let answers: Vec<Value> = weight_sets.iter().map(|w| rust_answer(&model, w)).collect();
        flips_found += answers
            .iter()
            .flat_map(|a| a["flips"].as_array().cloned().unwrap_or_default())
            .filter(|f| !f["below"].is_null() || !f["above"].is_null())
            .count();
        cases.push(json!({
            "columns": model.columns.iter().map(|c| json!({ "key": c.key, "weight": c.weight })).collect::<Vec<_>>(),
            "entries": model.entries.iter().map(|e| json!({ "slug": e.slug, "merits": e.merits })).collect::<Vec<_>>(),
            "max_weight": model.max_weight,
            "weights": weight_sets,
        }));
        expected.push(json!({ "answers": answers, "win_shares": model.win_shares() }));
    }
    assert!(flips_found > 100, "the cases exercise flips: {flips_found}");
    let cases = Value::Array(cases);
    let Some(js) = node_answers(&cases) else {
        return;
    };
    let js = js.as_array().expect("one answer per case");
    assert_eq!(js.len(), expected.len());
    for (i, (rust, js)) in expected.iter().zip(js).enumerate() {
        assert!(
            agree(rust, js),
            "case {i} differs:\ninput: {}\nrust: {rust}\nnode: {js}",
            cases[i]
        );
    }
}
