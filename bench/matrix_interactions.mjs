// How quickly the matrix page answers the reader at scale: builds generated sites (bench/gen_corpus.py)
// and, in headless Chromium, measures when the page is ready (`data-ready` on the table, from the
// start of navigation), how much it fetched (and that gzipped) before the first interaction, and
// times each kind of interaction from the input event until the table has what it shows (rows
// whose HTML is still being fetched keep it aria-busy) and the browser has laid out and painted
// it (the next animation frame). Prints medians and maxima; each size runs at full speed and
// with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate, as a mid-range phone).
//
//   node bench/matrix_interactions.mjs [N | SITE_DIR ...]        (default: 1000)
//
// A number makes (once) a corpus of that many options in the temporary folder; a folder is a
// site made by gen_corpus.py (e.g. `python3 bench/gen_corpus.py 10000 /tmp/s10k`). Either is
// built into a new temporary folder with $TRADEOFF_BIN (or the release build).
// BENCH_SLOWDOWNS="1 4" (the default) chooses the CPU slowdowns; BENCH_REPEATS (default 8; rounded up to an even number)
// how often each interaction is timed ("show all" and what follows it: once per run of the
// list, which is run BENCH_SHOW_ALL_RUNS times, default 3).
//
// Uses the browser tests' packages: run `tests/browser/run.sh` once (or npm ci there) first.
// Needs Debian's Chromium at /usr/bin/chromium.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const { buildSite, serve, launch } = await import(join(here, "../tests/browser/support.mjs"));
const targets = process.argv.slice(2);
// Rounded up to an even number: each interaction toggles something (a facet, a column, the
// search text), and an even count leaves the page as it began for the next one.
const REPEATS = 2 * Math.ceil(Number(process.env.BENCH_REPEATS || 8) / 2);
const SHOW_ALL_RUNS = Number(process.env.BENCH_SHOW_ALL_RUNS || 3);

// Each interaction as the reader makes it; those after "show all" run on the whole table.
const actions = {
  "sort by a score": `document.querySelector('button[data-sort="learning_curve"]').click();`,
  "sort by total": `document.querySelector('button[data-sort="total"]').click();`,
  "sort by name (any rows)": `document.querySelector('button[data-sort="title"]').click();`,
  "search (one keystroke)": `const s = document.querySelector('#matrix-search'); s.value = s.value ? '' : 'python'; s.dispatchEvent(new Event('input'));`,
  "facet on/off": `const b = document.querySelector('#matrix-filters input[type=checkbox]'); b.click();`,
  "weight change": `const r = document.querySelector('input[type=range][name=performance]'); r.value = r.value === '5' ? '1' : '5'; r.dispatchEvent(new Event('input'));`,
  "hide/show a column": `document.querySelector('#matrix-columns input[type=checkbox]').click();`,
  "compare 2 options": `const boxes = document.querySelectorAll('input[name=compare]'); boxes[0].click(); boxes[1].click();`,
};
const afterShowAll = {
  "show all": `const all = document.querySelector('[data-action=all]'); if (all && !all.closest('[hidden]')) all.click();`,
  "scroll the whole table": `const box = document.querySelector('table[data-matrix]').closest('.table-scroll'); box.scrollTop = box.scrollTop > 0 ? 0 : box.scrollHeight / 2; box.dispatchEvent(new Event('scroll'));`,
  "weight change after show all": `const r = document.querySelector('input[type=range][name=learning_curve]'); r.value = r.value === '5' ? '1' : '5'; r.dispatchEvent(new Event('input'));`,
  "sort by a score after show all": `document.querySelector('button[data-sort="performance"]').click();`,
  "search after show all": `const s = document.querySelector('#matrix-search'); s.value = s.value ? '' : 'rust'; s.dispatchEvent(new Event('input'));`,
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const line = (name, times) => console.log(`  ${name.padEnd(32)} median ${median(times).toFixed(1).padStart(7)} ms   max ${Math.max(...times).toFixed(1).padStart(7)} ms   (${times.length} runs)`);

for (const target of targets.length ? targets : ["1000"]) {
  let root = target;
  if (/^\d+$/.test(target)) {
    root = join(tmpdir(), "tradeoff-bench", `tradeoff-${target}`);
    if (!existsSync(join(root, "site.toml"))) {
      execFileSync("python3", [join(here, "gen_corpus.py"), target, root], { stdio: "inherit" });
    }
  }
  const site = buildSite({ root });
  const server = await serve(site.dir, "/");
  const browser = await launch();
  const slowdowns = (process.env.BENCH_SLOWDOWNS || "1 4").split(/\s+/).map(Number).filter(Boolean);
  for (const slowdown of slowdowns) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
    const opened = async () => {
      const fetched = [];
      const listen = (response) => fetched.push(response);
      page.on("response", listen);
      await page.goto(server.url + "matrix/");
      await page.waitForSelector("table[data-matrix][data-ready]", { timeout: 120000 });
      page.off("response", listen);
      const ready = await page.evaluate(() => performance.getEntriesByName("matrix-ready")[0].startTime);
      let bytes = 0, gzipped = 0;
      for (const response of fetched) {
        const body = await response.body().catch(() => Buffer.alloc(0));
        bytes += body.length;
        gzipped += gzipSync(body).length;
      }
      return { ready, files: fetched.length, bytes, gzipped, options: await page.locator("#matrix-status").textContent() };
    };
    const first = await opened();
    const readies = [first.ready];
    for (let i = 1; i < 5; i++) readies.push((await opened()).ready);
    console.log(`\n${target}, CPU ${slowdown}× slower: ${first.options}`);
    line("ready (data-ready)", readies);
    console.log(`  fetched before the first interaction: ${first.files} files, ${(first.bytes / 1e6).toFixed(2)} MB (${(first.gzipped / 1e6).toFixed(2)} MB gzipped)`);

    // Times one interaction inside the page: the action, until the table is no longer busy
    // (fetching rows it shows), then the next frame after layout.
    const time = (action) => page.evaluate(async (source) => {
      const table = document.querySelector("table[data-matrix]");
      const start = performance.now();
      new Function(source)();
      if (table.hasAttribute("aria-busy")) {
        await new Promise((resolve) => {
          const watch = new MutationObserver(() => { if (!table.hasAttribute("aria-busy")) { watch.disconnect(); resolve(); } });
          watch.observe(table, { attributes: true, attributeFilter: ["aria-busy"] });
        });
      }
      document.body.getBoundingClientRect();
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - start;
    }, action);
    let during = 0;
    const count = (response) => response.body().then((b) => { during += gzipSync(b).length; }, () => {});
    page.on("response", count);
    for (const [name, action] of Object.entries(actions)) {
      const times = [];
      for (let i = 0; i < REPEATS; i++) times.push(await time(action));
      line(name, times);
    }
    page.off("response", count);
    console.log(`  fetched during these interactions: ${(during / 1e6).toFixed(2)} MB gzipped`);
    const after = Object.fromEntries(Object.keys(afterShowAll).map((name) => [name, []]));
    for (let run = 0; run < SHOW_ALL_RUNS; run++) {
      await opened();
      for (const [name, action] of Object.entries(afterShowAll)) after[name].push(await time(action));
      for (const [name, action] of Object.entries(afterShowAll).slice(1)) after[name].push(await time(action));
    }
    for (const [name, times] of Object.entries(after)) line(name, times);
    await page.close();
  }
  await browser.close();
  await server.close();
  site.cleanup();
}
