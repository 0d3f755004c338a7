// How quickly the matrix page answers the reader at scale: builds generated sites (bench/gen_corpus.py)
// and, in headless Chromium, times each kind of interaction from the input event until the
// browser has laid out and painted the result (the next animation frame). Prints medians.
//
//   node bench/matrix_interactions.mjs [N ...]        (default: 1000)
//
// Uses the browser tests' packages: run `tests/browser/run.sh` once (or npm ci there) first.
// Needs Debian's Chromium at /usr/bin/chromium and a release build of tradeoff.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const { buildSite, serve, launch } = await import(join(here, "../tests/browser/support.mjs"));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const REPEATS = 7;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

for (const n of sizes.length ? sizes : [1000]) {
  const root = join(tmpdir(), "tradeoff-bench", `tradeoff-${n}`);
  if (!existsSync(join(root, "site.toml"))) {
    execFileSync("python3", [join(here, "gen_corpus.py"), String(n), root], { stdio: "inherit" });
  }
  const site = buildSite({ root });
  const server = await serve(site.dir, "/");
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const loadStart = Date.now();
  await page.goto(server.url + "matrix/");
  await page.waitForSelector("#matrix-status:not(:empty)");
  const loaded = Date.now() - loadStart;

  // Times one interaction inside the page: the action, then the next frame after layout.
  const time = (action) => page.evaluate(async (source) => {
    const act = new Function(source);
    const start = performance.now();
    act();
    document.body.getBoundingClientRect();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return performance.now() - start;
  }, action);

  const actions = {
    "sort by a score": `document.querySelector('button[data-sort="learning_curve"]').click();`,
    "sort by total": `document.querySelector('button[data-sort="total"]').click();`,
    "search (one keystroke)": `const s = document.querySelector('#matrix-search'); s.value = s.value ? '' : 'python'; s.dispatchEvent(new Event('input'));`,
    "facet on/off": `const b = document.querySelector('#matrix-filters input[type=checkbox]'); b.click();`,
    "weight change": `const r = document.querySelector('input[type=range][name=performance]'); r.value = r.value === '5' ? '1' : '5'; r.dispatchEvent(new Event('input'));`,
    "hide/show a column": `document.querySelector('#matrix-columns input[type=checkbox]').click();`,
    "compare 2 options": `const boxes = document.querySelectorAll('input[name=compare]'); boxes[0].click(); boxes[1].click();`,
  };
  console.log(`\n${n} options: matrix page loaded and enhanced in ${loaded} ms`);
  for (const [name, action] of Object.entries(actions)) {
    const times = [];
    for (let i = 0; i < REPEATS; i++) times.push(await time(action));
    console.log(`  ${name.padEnd(24)} median ${median(times).toFixed(1).padStart(7)} ms   max ${Math.max(...times).toFixed(1).padStart(7)} ms`);
  }
  await browser.close();
  await server.close();
  site.cleanup();
}
