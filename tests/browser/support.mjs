// Shared helpers for the browser tests: build a site with the real binary, serve it the way
// GitHub Pages does, drive Debian's Chromium through playwright-core, run axe-core.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The tradeoff binary: $TRADEOFF_BIN, or the release build (built on first use). */
function binary() {
  if (process.env.TRADEOFF_BIN) return process.env.TRADEOFF_BIN;
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: repo, stdio: "inherit" });
  return join(repo, "target/release/tradeoff");
}

/** Builds the site at `root` (default: the repository's example) into a fresh temporary folder. */
export function buildSite({ root = repo, baseUrl } = {}) {
  const out = mkdtempSync(join(tmpdir(), "tradeoff-browser-"));
  const dir = join(out, "site");
  const args = ["build", "--root", root, "--output", dir];
  if (baseUrl) args.push("--base-url", baseUrl);
  execFileSync(binary(), args, { stdio: ["ignore", "ignore", "inherit"] });
  return { dir, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".csv": "text/csv", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain",
};

/** Serves `dir` under `basePath` like GitHub Pages: dir/ → index.html, 404.html for misses. */
export async function serve(dir, basePath = "/") {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    const send = (status, file) => {
      res.writeHead(status, { "content-type": types[extname(file)] || "application/octet-stream" });
      res.end(readFileSync(file));
    };
    const notFound = () => send(404, join(dir, "404.html"));
    if (!path.startsWith(basePath) || path.includes("..")) return notFound();
    path = path.slice(basePath.length);
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/") && path !== "") { res.writeHead(301, { location: url.pathname + "/" }); return res.end(); }
      file = join(file, "index.html");
    }
    if (!existsSync(file)) return notFound();
    send(200, file);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${basePath}`, close: () => new Promise((ok) => server.close(ok)) };
}

/**
 * A test file's site: built from `root` for `baseUrl` and served under `basePath` before the
 * file's tests, with a browser launched; all three gone after them. The returned object's
 * `site`, `server` and `browser` are set once the tests run.
 */
export function servedSite({ root = repo, baseUrl, basePath = "/" } = {}) {
  const served = {};
  before(async () => {
    served.site = buildSite({ root, baseUrl });
    served.server = await serve(served.site.dir, basePath);
    served.browser = await launch();
  });
  after(async () => {
    await served.browser?.close();
    await served.server?.close();
    served.site?.cleanup();
  });
  return served;
}

/** Debian's Chromium, headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Runs axe-core with its default rules; returns the violations. */
export async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  })));
}

/** The slugs of the visible matrix rows, in order. */
export function visibleSlugs(page) {
  return page.$$eval("table[data-matrix] tbody tr", (trs) => trs.filter((tr) => !tr.hidden).map((tr) => tr.dataset.slug));
}
