// How quickly the matrix page answers the reader at scale: builds generated sites (bench/gen_corpus.py)
// and, in headless Chromium, measures when the page is ready (`data-ready` on the table, from the
// start of navigation), how much it fetched (and that gzipped) before the first interaction, and
// times each kind of interaction from the input event until the browser has laid out and painted
// the result (the next animation frame). Prints medians; each size runs at full speed and with
// the CPU slowed 4× (as a mid-range phone).
//
//   node bench/matrix_interactions.mjs [N ...]        (default: 1000)
//
// BENCH_SLOWDOWNS="1 4" (the default) chooses the CPU slowdowns; BENCH_SHOW_ALL_UP_TO (default
// 1000) the largest size at which "show all" is timed (laying out every row of a larger table
// takes the browser many seconds).
//
// Uses the browser tests' packages: run `tests/browser/run.sh` once (or npm ci there) first.
// Needs Debian's Chromium at /usr/bin/chromium and a build of tradeoff ($TRADEOFF_BIN, or the
// release build).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const { buildSite, serve, launch } = await import(join(here, "../tests/browser/support.mjs"));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const REPEATS = 8;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const actions = {
  "sort by a score": `document.querySelector('button[data-sort="learning_curve"]').click();`,
  "sort by total": `document.querySelector('button[data-sort="total"]').click();`,
  "search (one keystroke)": `const s = document.querySelector('#matrix-search'); s.value = s.value ? '' : 'python'; s.dispatchEvent(new Event('input'));`,
  "facet on/off": `const b = document.querySelector('#matrix-filters input[type=checkbox]'); b.click();`,
  "weight change": `const r = document.querySelector('input[type=range][name=performance]'); r.value = r.value === '5' ? '1' : '5'; r.dispatchEvent(new Event('input'));`,
  "hide/show a column": `document.querySelector('#matrix-columns input[type=checkbox]').click();`,
  "compare 2 options": `const boxes = document.querySelectorAll('input[name=compare]'); boxes[0].click(); boxes[1].click();`,
  "show all": `const all = document.querySelector('[data-action=all]'); if (all && !all.closest('[hidden]')) all.click();`,
  "weight change after show all": `const r = document.querySelector('input[type=range][name=learning_curve]'); r.value = r.value === '5' ? '1' : '5'; r.dispatchEvent(new Event('input'));`,
};

for (const n of sizes.length ? sizes : [1000]) {
  const root = join(tmpdir(), "tradeoff-bench", `tradeoff-${n}`);
  if (!existsSync(join(root, "site.toml"))) {
    execFileSync("python3", [join(here, "gen_corpus.py"), String(n), root], { stdio: "inherit" });
  }
  const site = buildSite({ root });
  const server = await serve(site.dir, "/");
  const browser = await launch();
  const slowdowns = (process.env.BENCH_SLOWDOWNS || "1 4").split(/\s+/).map(Number).filter(Boolean);
  const showAllUpTo = Number(process.env.BENCH_SHOW_ALL_UP_TO || 1000);
  for (const slowdown of slowdowns) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
    const fetched = [];
    page.on("response", (response) => fetched.push(response));
    await page.goto(server.url + "matrix/");
    await page.waitForSelector("table[data-matrix][data-ready]", { timeout: 120000 });
    const ready = await page.evaluate(() => performance.getEntriesByName("matrix-ready")[0].startTime);
    let bytes = 0, gzipped = 0;
    for (const response of fetched) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      bytes += body.length;
      gzipped += gzipSync(body).length;
    }
    console.log(`\n${n} options, CPU ${slowdown}× slower: ready (data-ready) ${ready.toFixed(0)} ms after navigation; fetched ${fetched.length} files, ${(bytes / 1e6).toFixed(2)} MB (${(gzipped / 1e6).toFixed(2)} MB gzipped) before the first interaction`);

    // Times one interaction inside the page: the action, then the next frame after layout.
    const time = (action) => page.evaluate(async (source) => {
      const act = new Function(source);
      const start = performance.now();
      act();
      document.body.getBoundingClientRect();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - start;
    }, action);
    for (const [name, action] of Object.entries(actions)) {
      if (name.includes("show all") && n > showAllUpTo) continue;
      const times = [];
      for (let i = 0; i < (name === "show all" ? 1 : REPEATS); i++) times.push(await time(action));
      console.log(`  ${name.padEnd(30)} median ${median(times).toFixed(1).padStart(7)} ms   max ${Math.max(...times).toFixed(1).padStart(7)} ms`);
    }
    await page.close();
  }
  await browser.close();
  await server.close();
  site.cleanup();
}
