// What a reader's first search query downloads: for each built site given, opens its landing
// page in headless Chromium, opens the search, types each query and waits for the results'
// excerpts, and prints the bytes of every file the query fetched (as served, and gzipped as
// GitHub Pages sends them), with the size of the whole index on disk.
//
//   node bench/search_query.mjs SITE_DIR... [--query WORDS]...
//
// Uses tests/browser's playwright-core and Debian's Chromium (tests/browser/run.sh installs
// them). Each query runs in a fresh browser context, so nothing is cached between them.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, launch } from "../tests/browser/support.mjs";

const args = process.argv.slice(2);
const sites = [];
const queries = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--query") queries.push(args[++i]);
  else sites.push(args[i]);
}
if (!sites.length) {
  console.error("usage: node bench/search_query.mjs SITE_DIR... [--query WORDS]...");
  process.exit(2);
}
if (!queries.length) queries.push("python", "framework validation", "zyzzyva");

function folderBytes(dir) {
  let total = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const s = statSync(path);
    if (s.isDirectory()) {
      const inner = folderBytes(path);
      total += inner.total;
      files += inner.files;
    } else {
      total += s.size;
      files += 1;
    }
  }
  return { total, files };
}

const kb = (n) => (n / 1024).toFixed(1) + " KB";
const browser = await launch();
for (const dir of sites) {
  const server = await serve(dir, "/");
  const index = folderBytes(join(dir, "search"));
  console.log(`${dir}: index ${kb(index.total)} in ${index.files} files`);
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForLoadState("load");
    const fetched = [];
    page.on("response", async (r) => {
      try {
        const body = await r.body();
        fetched.push({ url: r.url(), raw: body.length, gz: gzipSync(body).length });
      } catch {
        // A response without a body (a redirect) downloads nothing.
      }
    });
    await page.locator("[data-search-open]").click();
    await page.locator(".search-dialog input[type=search]").fill(query);
    await page.waitForFunction((q) => document.querySelector("[data-search-status]").textContent.includes("“" + q + "”"), query);
    // The excerpts come from the result pages; wait until every shown one is filled or failed.
    await page.waitForFunction(() => Array.from(document.querySelectorAll("[data-search-results] .search-title"))
      .every((t) => t.textContent !== "…"));
    await page.waitForTimeout(500);
    const status = await page.locator("[data-search-status]").textContent();
    const sum = (key, filter = () => true) => fetched.filter(filter).reduce((n, f) => n + f[key], 0);
    const isIndex = (f) => f.url.includes("/search/");
    console.log(`  "${query}": ${status} fetched ${fetched.length} files, ${kb(sum("raw"))} (${kb(sum("gz"))} gzipped); `
      + `index files ${kb(sum("raw", isIndex))} (${kb(sum("gz", isIndex))} gzipped), `
      + `pages for excerpts ${kb(sum("raw", (f) => !isIndex(f)))} (${kb(sum("gz", (f) => !isIndex(f)))} gzipped)`);
    await context.close();
  }
  await server.close();
}
await browser.close();
