// The matrix page in a real browser: sorting, filtering, columns, weights, compare, the URL
// round trip, no-JavaScript and phone layouts, and axe-core on every page type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedSite, buildSite, serve, axe, visibleSlugs } from "./support.mjs";

const served = servedSite({ baseUrl: "/repo/", basePath: "/repo/" });
// The options by total with the default weights: the order the matrix opens in.
const ALL = ["fastapi", "django-drf", "nestjs", "flask", "serverless", "express"];

async function open(path = "matrix/", options = {}) {
  const context = await served.browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.server.url + path);
  page.jsErrors = errors;
  return page;
}

const sortButton = (page, key) => page.locator(`button[data-sort="${key}"]`);
const statusText = (page) => page.locator("#matrix-status").textContent();

test("without JavaScript the matrix is a complete static table and no controls show", async () => {
  const page = await open("matrix/", { javaScriptEnabled: false });
  assert.deepEqual(await visibleSlugs(page), ALL);
  assert.equal(await page.locator("#matrix-app").isVisible(), false);
  assert.equal(await page.locator("table[data-matrix] thead th").count(), 14, "option, total, best for and 11 criteria");
  assert.match(await page.locator("tr[data-slug=flask]").textContent(), /Minimal and easy to understand/);
  // Ranked, with totals that say how complete they are and what the missing scores leave open.
  assert.equal(await page.locator("tr[data-slug=django-drf] td[data-key=total]").textContent(), "#261.1 6 of 8 rated missing at worst 50.0, at best 68.2");
  assert.equal(await page.locator("tr[data-slug=flask] td[data-key=total]").textContent(), "#445.5 8 of 8 rated");
  assert.match(await page.locator("[data-robustness]").textContent(), /Leader\s*FastAPI, 69\.4 of 100/);
  assert.equal(await page.locator("svg.chart-ranking").count(), 1, "the ranking chart needs no script");
  await page.context().close();
});

test("sorting by a column, toggling direction, and shift-click for a second key", async () => {
  const page = await open();
  await sortButton(page, "ease_of_learning").click();
  assert.equal(await page.locator("thead th[data-key=ease_of_learning]").getAttribute("aria-sort"), "descending");
  assert.deepEqual((await visibleSlugs(page)).slice(0, 3), ["flask", "fastapi", "express"]);
  await sortButton(page, "ease_of_learning").click();
  assert.equal(await page.locator("thead th[data-key=ease_of_learning]").getAttribute("aria-sort"), "ascending");
  assert.deepEqual((await visibleSlugs(page)).slice(0, 2), ["django-drf", "nestjs"]);
  await sortButton(page, "title").click();
  await sortButton(page, "runtime").click({ modifiers: ["Shift"] });
  await page.waitForURL(/sort=title%2Cruntime|sort=title,runtime/);
  assert.equal(await page.locator("thead th[data-key=title]").getAttribute("aria-sort"), "ascending");
  assert.equal(await page.locator("thead th[data-key=runtime]").getAttribute("aria-sort"), null);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test("search, facets and score ranges filter rows and announce the count", async () => {
  const page = await open();
  await page.fill("#matrix-search", "node");
  assert.deepEqual(await visibleSlugs(page), ["nestjs", "express"]);
  assert.equal(await statusText(page), "Showing 2 of 6 options");
  assert.equal(await page.locator("#matrix-status").getAttribute("role"), "status");
  await page.fill("#matrix-search", "");
  await page.locator("#matrix-filters summary").click();
  await page.getByRole("checkbox", { name: /^Python/ }).first().check();
  assert.deepEqual(await visibleSlugs(page), ["fastapi", "django-drf", "flask"]);
  await page.getByLabel("Ease of learning: at least").fill("4");
  assert.deepEqual(await visibleSlugs(page), ["fastapi", "flask"]);
  await page.locator("#matrix-filters").getByRole("checkbox", { name: /^Yes/ }).check();
  assert.deepEqual(await visibleSlugs(page), [], "Auth built in = Yes and Python and ease ≥ 4: none");
  assert.equal(await statusText(page), "Showing 0 of 6 options");
  await page.getByRole("button", { name: "Reset all" }).click();
  assert.deepEqual(await visibleSlugs(page), ALL);
  await page.context().close();
});

test("columns can be hidden and shown again", async () => {
  const page = await open();
  await page.locator("#matrix-columns summary").click();
  await page.locator("#matrix-columns").getByLabel("Best for").uncheck();
  assert.equal(await page.locator("thead th[data-key=best_for]").isVisible(), false);
  assert.equal(await page.locator("tr[data-slug=flask] td[data-key=best_for]").isVisible(), false);
  await page.waitForURL(/hide=best_for/);
  await page.locator("#matrix-columns").getByLabel("Best for").check();
  assert.equal(await page.locator("thead th[data-key=best_for]").isVisible(), true);
  await page.context().close();
});

test("weights change the total and rank, lower-is-better criteria count the right way", async () => {
  const page = await open();
  const rank = (slug) => page.locator(`tr[data-slug=${slug}] .rank`).textContent();
  const total = (slug) => page.locator(`tr[data-slug=${slug}] .total-value`).textContent();
  assert.equal(await rank("fastapi"), "#1", "FastAPI leads with the default weights");
  await page.locator("#matrix-weights summary").click();
  for (const slider of await page.locator("#matrix-weights input[type=range]").all()) await slider.fill("0");
  await page.locator("input[type=range][name=ops_burden]").fill("5");
  assert.equal(await rank("serverless"), "#1", "lowest operations burden wins");
  assert.equal(await total("serverless"), "100.0");
  assert.equal(await total("flask"), "50.0");
  assert.equal((await visibleSlugs(page))[0], "serverless", "the table re-ranks as the weights change");
  await sortButton(page, "total").click();
  assert.equal((await visibleSlugs(page)).at(-1), "serverless", "a click on the ranked column turns it round");
  const why = page.locator("tr[data-slug=serverless] details.why-rank");
  await why.locator("summary").click();
  // The breakdown is written when the details element's (asynchronous) toggle event arrives.
  await why.locator(".breakdown li").first().waitFor();
  assert.match(await why.textContent(), /Operations burden \(lower is better\): 1 on 1–5 → \(5 − 1\) ÷ \(5 − 1\) = 1; × weight 5 = 5/);
  assert.match(await why.textContent(), /Ease of learning: weight 0, left out/);
  assert.match(await why.textContent(), /Total: 5 ÷ 5 \(the weights of the rated criteria\) = 1; × 100 = 100\.0 of 100, rank #1 of 6\./);
  await page.waitForURL(/w\.ops_burden=5/);
  await page.getByRole("button", { name: "Default weights" }).click();
  assert.equal(await rank("fastapi"), "#1");
  await page.context().close();
});

test("compare 2 to 4 options side by side with differences and the best marked", async () => {
  const page = await open();
  await page.locator("input[name=compare][value=flask]").check();
  assert.equal(await page.locator("#compare").isVisible(), false, "one option is not a comparison");
  await page.locator("input[name=compare][value=fastapi]").check();
  const compare = page.locator("#compare");
  await compare.waitFor({ state: "visible" });
  const heads = await compare.locator("thead th").allTextContents();
  assert.deepEqual(heads, ["FastAPI", "Flask"], "best first with the current weights");
  const ease = compare.locator("tbody tr", { hasText: "Ease of learning" });
  assert.match(await ease.getAttribute("class"), /differs/);
  assert.match(await ease.locator("td").nth(1).textContent(), /best/, "Flask is easier to learn");
  const runtime = compare.locator("tbody tr", { hasText: "Runtime" });
  assert.equal(await runtime.getAttribute("class"), null, "same runtime is not marked as differing");
  await compare.locator("tbody tr", { hasText: "Pros" }).locator("li").first().waitFor();
  assert.match(await compare.locator("tbody tr", { hasText: "Pros" }).textContent(), /Lots of tutorials and examples/);
  for (const slug of ["django-drf", "express"]) await page.locator(`input[name=compare][value=${slug}]`).check();
  assert.equal(await page.locator("input[name=compare][value=nestjs]").isDisabled(), true, "at most four");
  assert.equal(await compare.locator("thead th").count(), 4);
  await page.waitForURL(/cmp=flask&cmp=fastapi&cmp=django-drf&cmp=express/);
  await page.context().close();
});

test("the URL reproduces the whole state, and Back and Forward walk through it", async () => {
  const page = await open();
  await sortButton(page, "maintainability").click();
  await page.locator("#matrix-filters summary").click();
  await page.getByRole("checkbox", { name: /^Node\.js/ }).check();
  await page.locator("#matrix-weights summary").click();
  await page.locator("input[type=range][name=mvp_fit]").fill("5");
  await page.locator("input[name=compare][value=express]").check();
  await page.locator("input[name=compare][value=nestjs]").check();
  await page.waitForURL(/cmp=express&cmp=nestjs/);
  const url = page.url();
  assert.match(url, /f\.runtime=Node\.js/);
  const expected = { slugs: await visibleSlugs(page), express: await page.locator("tr[data-slug=express] .total-value").textContent() };

  const other = await open(url.slice(served.server.url.length));
  assert.deepEqual(await visibleSlugs(other), expected.slugs);
  assert.equal(await other.locator("tr[data-slug=express] .total-value").textContent(), expected.express);
  assert.equal(await other.locator("input[type=range][name=mvp_fit]").inputValue(), "5");
  assert.equal(await other.locator("#compare thead th").count(), 2);
  assert.equal(await other.locator("thead th[data-key=maintainability]").getAttribute("aria-sort"), "descending");
  await other.context().close();

  await page.goBack(); // un-tick nestjs
  await page.goBack(); // un-tick express
  assert.equal(await page.locator("#compare").isVisible(), false);
  await page.goBack(); // weight back to 2
  assert.equal(await page.locator("input[type=range][name=mvp_fit]").inputValue(), "2");
  await page.goBack(); // filter off
  assert.deepEqual(await visibleSlugs(page), ["django-drf", "nestjs", "fastapi", "flask", "express", "serverless"]);
  await page.goForward(); // filter on again
  assert.deepEqual(await visibleSlugs(page), ["nestjs", "express"]);
  assert.deepEqual(expected.slugs, ["nestjs", "express"]);
  await page.context().close();
});

test("keyboard alone: sort buttons and checkboxes are reachable and work", async () => {
  const page = await open();
  await sortButton(page, "title").focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("thead th[data-key=title]").getAttribute("aria-sort"), "ascending");
  await page.locator("input[name=compare][value=flask]").focus();
  await page.keyboard.press("Space");
  await page.waitForURL(/cmp=flask/);
  await page.context().close();
});

test("a 390 px phone has no page-level sideways scrolling", async () => {
  for (const path of ["", "matrix/", "options/django-drf/", "404.html"]) {
    const page = await open(path, { viewport: { width: 390, height: 844 }, isMobile: true });
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 390, `${path || "home"} is ${width} px wide`);
    await page.context().close();
  }
});

test("axe-core finds no violations on any page type, light and dark, with the matrix in use", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const path of ["", "matrix/", "options/flask/", "options/serverless/", "404.html"]) {
      const page = await open(path, { colorScheme });
      if (path === "matrix/") {
        for (const panel of ["#matrix-filters", "#matrix-weights", "#matrix-columns"]) await page.locator(panel + " summary").click();
        await page.locator("input[name=compare][value=flask]").check();
        await page.locator("input[name=compare][value=nestjs]").check();
        await page.locator("#compare tbody tr", { hasText: "Pros" }).locator("li").first().waitFor();
        await page.locator("tr[data-slug=flask] details.why-rank summary").click();
      }
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${colorScheme} ${path || "home"}: ${JSON.stringify(violations, null, 1)}`);
      assert.deepEqual(page.jsErrors, []);
      await page.context().close();
    }
  }
});

test("a long matrix shows its first 50 rows, sorted and filtered over all of them, and more on request", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-long-"));
  execFileSync("python3", [join(repo, "bench/gen_corpus.py"), "250", root], { stdio: "ignore" });
  const long = buildSite({ root });
  const longServer = await serve(long.dir, "/");
  try {
    const page = await served.browser.newPage();
    await page.goto(longServer.url + "matrix/");
    const shown = () => page.$$eval("table[data-matrix] tbody tr[data-slug]", (trs) => trs.filter((tr) => !tr.hidden).length);
    assert.equal(await shown(), 50);
    assert.equal(await statusText(page), "Showing the first 50 of 250 matching options (250 in all)");
    await sortButton(page, "performance").click();
    const scores = await page.$$eval("table[data-matrix] tbody tr:not([hidden]) td[data-key=performance]", (tds) => tds.map((td) => Number(td.dataset.value)));
    assert.equal(scores.length, 50);
    assert.ok(scores.every((s, i) => i === 0 || scores[i - 1] >= s), "shown rows are in order");
    assert.equal(scores[0], 5, "the best of all 250 come first");
    await page.getByRole("button", { name: "Show 50 more" }).click();
    assert.equal(await shown(), 100);
    await page.getByRole("button", { name: "Show all 250" }).click();
    assert.equal(await page.locator(".matrix-more").isVisible(), false);
    assert.equal(await statusText(page), "Showing all 250 options");
    // Past 150 rows on show the table holds those in view (and says how many there are), and
    // follows the scrolling down to the last one.
    const matrix = page.locator("table[data-matrix]");
    assert.equal(await matrix.getAttribute("aria-rowcount"), "251");
    const held = await shown();
    assert.ok(held >= 10 && held < 100, `${held} rows held`);
    assert.equal(await page.locator("tbody tr[data-slug]").first().getAttribute("aria-rowindex"), "2");
    await matrix.evaluate((t) => { const box = t.closest(".table-scroll"); box.scrollTop = box.scrollHeight; });
    const last = page.locator('table[data-matrix] tbody tr[aria-rowindex="251"]');
    await last.waitFor();
    assert.equal(await last.isVisible(), true);
    const tail = await page.$$eval("table[data-matrix] tbody tr[data-slug] td[data-key=performance]", (tds) => tds.map((td) => Number(td.dataset.value)));
    assert.ok(tail.every((s, i) => i === 0 || tail[i - 1] >= s), "the held rows are in order");
    assert.equal(tail.at(-1), Math.min(...scores, ...tail), "the last row has the lowest score");
    await page.close();
  } finally {
    await longServer.close();
    long.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

test("a matrix too long for one page lists its first 1000 rows and loads the rest from its rows file", async () => {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-huge-"));
  execFileSync("python3", [join(repo, "bench/gen_corpus.py"), "1100", root], { stdio: "ignore" });
  const huge = buildSite({ root });
  const hugeServer = await serve(huge.dir, "/");
  try {
    const noScript = await served.browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(hugeServer.url + "matrix/");
    assert.equal(await plain.locator("table[data-matrix] tbody tr").count(), 1000);
    assert.match(await plain.locator("#matrix-partial").textContent(), /first 1000 of the 1100 options/);
    await noScript.close();

    const page = await served.browser.newPage();
    await page.goto(hugeServer.url + "matrix/");
    await page.waitForFunction(() => /1100/.test(document.querySelector("#matrix-status")?.textContent || ""));
    // The last option by default rank is not in the page's HTML: it comes from the rows file.
    const lastSlug = await page.evaluate(async () => {
      const json = await (await fetch("/matrix.json")).json();
      const slug = json.ranking.order[json.ranking.order.length - 1];
      return json.options.find((o) => o.slug === slug);
    });
    assert.equal(await page.locator(`tr[data-slug="${lastSlug.slug}"]`).count(), 0);
    await page.fill("#matrix-search", lastSlug.title);
    const row = page.locator(`tr[data-slug="${lastSlug.slug}"]`);
    await row.waitFor();
    assert.equal(await row.isVisible(), true);
    assert.match(await row.locator("td[data-key=performance]").textContent(), /\/5/);
    await row.locator("input[name=compare]").check();
    await page.fill("#matrix-search", "");
    await page.locator("table[data-matrix] tbody tr:not([hidden]) input[name=compare]").first().check();
    await page.locator("#compare").waitFor({ state: "visible" });
    assert.match(await page.locator("#compare thead").textContent(), new RegExp(lastSlug.title));
    await page.getByRole("button", { name: "Show all 1100" }).click();
    assert.equal(await statusText(page), "Showing all 1100 options");
    assert.equal(await page.locator("table[data-matrix]").getAttribute("aria-rowcount"), "1101");
    // Scrolled to the end, the table holds the last option by rank, from the rows file.
    await page.locator("table[data-matrix]").evaluate((t) => { const box = t.closest(".table-scroll"); box.scrollTop = box.scrollHeight; });
    await page.locator('table[data-matrix] tbody tr[aria-rowindex="1101"]').waitFor();
    assert.equal(await page.locator('table[data-matrix] tbody tr[aria-rowindex="1101"]').getAttribute("data-slug"), lastSlug.slug);
    assert.deepEqual(page.jsErrors || [], []);
    await page.close();
  } finally {
    await hugeServer.close();
    huge.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

test("long unbroken values wrap on a phone instead of widening the page", async () => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-wide-"));
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  const config = join(root, "site.toml");
  writeFileSync(config, readFileSync(config, "utf8").replace('values = ["Public domain", "PostgreSQL", "GPL"]', ""));
  const option = join(root, "content/sqlite.md");
  writeFileSync(option, readFileSync(option, "utf8")
    .replace('license = "Public domain"', 'license = "https://example.org/a/very/long/license/url/without/any/spaces/at/all/LICENSE.txt"')
    .replace('title = "SQLite"', 'title = "SQLiteWithAnExtremelyLongNameThatDoesNotBreakAnywhereAtAll"'));
  const wide = buildSite({ root });
  const wideServer = await serve(wide.dir, "/");
  try {
    const context = await served.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    for (const path of ["", "options/sqlite/", "matrix/"]) {
      await page.goto(wideServer.url + path);
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(width <= 390, `${path || "home"} is ${width} px wide`);
    }
    await context.close();
  } finally {
    await wideServer.close();
    wide.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

// Statements as people write them, and as people break them: the option page and the matrix
// script (showing what the build rendered into its rows file) must show each one the same way.
// The last six are ones a hand-written renderer in the script once got wrong.
const STATEMENTS = [
  "**No** server, `one` file",
  "<img src=x onerror=alert(1)> stays text",
  "x \\*not em\\* **y**",
  "[ok](https://example.com/a_(b)) and [t](https://e.com \"title\")",
  "![img](https://e.com/x.png) **b**",
  "[**bold link**](https://e.com)",
  "&amp; **b** &copy;",
  "<https://auto.example.com> **b**",
  "[a](HTTPS://E.COM)",
  "[click](javascript:alert(1)) but **bold** and `code`",
  "[file](other.md) ~~gone~~ *em* _also em_ snake_case_name",
  "*a **b** c*",
  "***both***",
  "_foo_bar_",
  "~single~",
  "`  padded  ` code",
  "**bold `code**` end",
];

// The HTML of an option page's "Best for" statement, without its label.
const bestForOnPage = (page) => page.locator(".best-for").evaluate((p) => {
  const copy = p.cloneNode(true);
  copy.querySelector("strong").remove();
  return copy.innerHTML.trim();
});

test("inline Markdown in statements renders the same on pages and in the compare view, and stays inert", async () => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-inline-"));
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  const option = join(root, "content/sqlite.md");
  writeFileSync(option, readFileSync(option, "utf8")
    .replace('pros = ["No server"]', `pros = ${JSON.stringify(STATEMENTS)}\nbest_for = "*Embedded* use, see [docs](https://sqlite.org/)"`));
  const marked = buildSite({ root });
  const markedServer = await serve(marked.dir, "/");
  try {
    const context = await served.browser.newContext();
    const page = await context.newPage();
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(markedServer.url + "options/sqlite/");
    assert.equal(await page.locator(".pros li strong").first().textContent(), "No");
    assert.equal(await page.locator(".pros li code").first().textContent(), "one");
    assert.match(await page.locator(".pros li").nth(1).textContent(), /<img src=x onerror=alert\(1\)> stays text/);
    assert.equal(await page.locator(".best-for a[href='https://sqlite.org/']").count(), 1);
    await page.goto(markedServer.url + "matrix/");
    for (const slug of ["sqlite", "postgres"]) await page.locator(`input[name=compare][value=${slug}]`).check();
    const pros = page.locator("#compare tbody tr", { hasText: "Pros" });
    await pros.locator("li").first().waitFor();
    assert.equal(await pros.locator("li strong").first().textContent(), "No");
    assert.equal(await pros.locator("li code").first().textContent(), "one");
    assert.equal(await pros.locator("li img").count(), 0, "raw HTML never becomes elements");
    assert.equal(await page.locator("#compare tbody tr", { hasText: "Best for" }).locator("em").first().textContent(), "Embedded");
    const scripted = await pros.locator("td").first().locator("li").evaluateAll((items) => items.map((li) => li.innerHTML));
    const scriptedBestFor = await page.locator("#compare tbody tr", { hasText: "Best for" }).locator("td").first().innerHTML();
    await page.goto(markedServer.url + "options/sqlite/");
    const built = await page.locator(".pros li").evaluateAll((items) => items.map((li) => li.innerHTML));
    assert.equal(built.length, STATEMENTS.length);
    for (let i = 0; i < built.length; i++) assert.equal(scripted[i], built[i], `statement ${i}: ${STATEMENTS[i]}`);
    assert.equal(scriptedBestFor, await bestForOnPage(page));
    assert.deepEqual(dialogs, []);
    await context.close();
  } finally {
    await markedServer.close();
    marked.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

test("rows past the first 1000 are the site's own row template and show the build's HTML, as the compare view does", async () => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-rows-"));
  execFileSync("python3", [join(repo, "bench/gen_corpus.py"), "1000", root], { stdio: "ignore" });
  // The 1001st option by default rank (scored the worst, and last by title), full of tricky
  // statements.
  const tricky = (s) => JSON.stringify(s);
  writeFileSync(join(root, "content/zzz-tricky.md"), [
    "+++",
    'title = "Zzz tricky"',
    'language = "Rust"',
    `best_for = ${tricky(STATEMENTS[11])}`,
    `pros = ${JSON.stringify(STATEMENTS)}`,
    `cons = [${tricky(STATEMENTS[15])}]`,
    `learning_curve = { score = 1, why = ${tricky(STATEMENTS[16])} }`,
    `performance = { score = 1, why = ${tricky(STATEMENTS[13])} }`,
    "+++",
    "Notes.",
    "",
  ].join("\n"));
  // The site's own row template: the built-in one, marked.
  mkdirSync(join(root, "templates/partials"), { recursive: true });
  const builtIn = readFileSync(join(repo, "templates/partials/matrix-row.html"), "utf8");
  assert.match(builtIn, /^<tr data-slug=/);
  writeFileSync(join(root, "templates/partials/matrix-row.html"), builtIn.replace("<tr data-slug=", '<tr class="own-row" data-slug='));
  const rowsSite = buildSite({ root });
  const rowsServer = await serve(rowsSite.dir, "/");
  try {
    const context = await served.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(rowsServer.url + "options/zzz-tricky/");
    const onPage = {
      bestFor: await bestForOnPage(page),
      pros: await page.locator(".pros li").evaluateAll((items) => items.map((li) => li.innerHTML)),
      why: await page.locator("table.ratings tbody tr").evaluateAll((trs) => trs.map((tr) => tr.cells[2].innerHTML)),
    };
    assert.equal(onPage.pros.length, STATEMENTS.length);

    const html = await (await page.request.get(rowsServer.url + "matrix/")).text();
    assert.equal(html.match(/<tr class="own-row"/g).length, 1000, "the page's own rows use the site's template");
    await page.goto(rowsServer.url + "matrix/");
    await page.locator("table[data-matrix][data-ready]").waitFor();
    // The table holds the rows on show: the first 50, each the site's own.
    assert.equal(await page.locator("table[data-matrix] tbody tr").count(), 50);
    assert.equal(await page.locator("table[data-matrix] tbody tr.own-row").count(), 50);
    assert.equal(await page.locator("tr[data-slug=zzz-tricky]").count(), 0, "the 1001st row is not in the page");
    await page.waitForFunction(() => /1001/.test(document.querySelector("#matrix-status")?.textContent || ""));
    await page.fill("#matrix-search", "zzz tricky");
    const row = page.locator("tr[data-slug=zzz-tricky]");
    await row.waitFor();
    assert.equal(await row.getAttribute("class"), "own-row", "rendered by the site's row template");
    // Cell for cell what the build rendered (the script adds only its own cells).
    const [shown, rendered] = await page.evaluate(async () => {
      // The rows' HTML is in the chunks the page data lists.
      const data = JSON.parse(document.getElementById("matrix-data").textContent);
      const chunks = await Promise.all(data.chunks.map(async (url) => (await fetch(url)).json()));
      const template = document.createElement("template");
      template.innerHTML = "<table><tbody>" + chunks.flatMap((c) => c.options).find((o) => o.slug === "zzz-tricky").row + "</tbody></table>";
      const cells = (tr) => Array.from(tr.querySelectorAll("[data-key]"), (cell) => cell.outerHTML)
        .filter((html) => !/data-key="(select|total)"/.test(html));
      return [cells(document.querySelector("tr[data-slug=zzz-tricky]")), cells(template.content.querySelector("tr"))];
    });
    assert.ok(rendered.length > 5);
    assert.deepEqual(shown, rendered);
    // And its statements are the option page's.
    assert.equal(await row.locator("td[data-key=best_for]").innerHTML(), onPage.bestFor, STATEMENTS[11]);
    const whys = await row.locator("td[data-key] .why").evaluateAll((spans) => spans.map((s) => s.innerHTML));
    assert.deepEqual(whys, [onPage.why[2], onPage.why[3]], "the reasons of the two scores");

    // Side by side with a row of the page's own.
    await row.locator("input[name=compare]").check();
    await page.fill("#matrix-search", "");
    await page.locator("table[data-matrix] tbody tr:not([hidden]) input[name=compare]").first().check();
    const compare = page.locator("#compare");
    await compare.waitFor({ state: "visible" });
    const pros = compare.locator("tbody tr", { hasText: "Pros" }).locator('td[data-option="Zzz tricky"]').locator("li");
    assert.deepEqual(await pros.evaluateAll((items) => items.map((li) => li.innerHTML)), onPage.pros);
    assert.equal(await compare.locator("tbody tr", { hasText: "Best for" }).locator('td[data-option="Zzz tricky"]').innerHTML(), onPage.bestFor);
    const ease = compare.locator("tbody tr", { hasText: "Ease of learning" }).locator('td[data-option="Zzz tricky"]');
    assert.equal(await ease.locator(".why").innerHTML(), onPage.why[2]);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await rowsServer.close();
    rowsSite.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

test("weights with fractions and above 5: the sliders reach them and the URL keeps them", async () => {
  const { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { repo } = await import("./support.mjs");
  const root = mkdtempSync(join(tmpdir(), "tradeoff-weights-"));
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  const config = join(root, "site.toml");
  writeFileSync(config, readFileSync(config, "utf8").replace("weight = 2", "weight = 2.5")
    + '\n[[criteria]]\nkey = "speed"\nlabel = "Speed"\nkind = "score"\nweight = 10\n');
  for (const [file, speed] of [["sqlite.md", 2], ["postgres.md", 5]]) {
    const path = join(root, "content", file);
    writeFileSync(path, readFileSync(path, "utf8").replace("+++\n## Notes", `speed = ${speed}\n+++\n## Notes`));
  }
  const weighted = buildSite({ root });
  const weightedServer = await serve(weighted.dir, "/");
  try {
    const context = await served.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const slider = (key) => page.locator(`input[type=range][name=${key}]`);
    const sliders = async () => {
      const out = {};
      for (const key of ["learning_curve", "speed"]) {
        const s = slider(key);
        out[key] = [await s.getAttribute("max"), await s.getAttribute("step"), await s.inputValue(),
          await page.locator(`output[for="${await s.getAttribute("id")}"]`).textContent()];
      }
      return out;
    };
    const total = (slug) => page.locator(`tr[data-slug=${slug}] .total-value`).textContent();
    await page.goto(weightedServer.url + "matrix/");
    await page.locator("#matrix-weights summary").click();
    assert.deepEqual(await sliders(), { learning_curve: ["10", "0.5", "2.5", "2.5"], speed: ["10", "0.5", "10", "10"] },
      "max, step, value and output of each slider: the defaults exactly");
    assert.doesNotMatch(page.url(), /w\./, "default weights stay out of the URL");

    await slider("speed").fill("7.5");
    await slider("learning_curve").fill("0.5");
    await page.waitForURL(/w\.learning_curve=0\.5/);
    assert.match(page.url(), /w\.speed=7\.5/);
    const wrapped = await page.locator("#matrix-weights output").evaluateAll((outputs) => outputs
      .filter((o) => o.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(o).fontSize)).map((o) => o.textContent));
    assert.deepEqual(wrapped, [], "each value fits on one line beside its slider");
    const expected = { sqlite: await total("sqlite"), postgres: await total("postgres"), url: page.url() };
    // 0.5 × ease (5/5 → 1) + 7.5 × speed (2/5 → 0.25) out of 8: 100 × 2.375 / 8.
    assert.equal(expected.sqlite, "29.7");

    const other = await context.newPage();
    other.on("pageerror", (e) => errors.push(e.message));
    await other.goto(expected.url);
    assert.equal(await other.locator("input[type=range][name=speed]").inputValue(), "7.5");
    assert.equal(await other.locator("input[type=range][name=learning_curve]").inputValue(), "0.5");
    assert.equal(await other.locator("tr[data-slug=sqlite] .total-value").textContent(), expected.sqlite);
    assert.equal(await other.locator("tr[data-slug=postgres] .total-value").textContent(), expected.postgres);
    await other.close();

    // Out of range or not a number: clamped to the sliders, put on their step, or ignored.
    await page.goto(weightedServer.url + "matrix/?w.speed=1e9&w.learning_curve=2.74");
    await page.locator("#matrix-weights summary").click();
    assert.deepEqual((await sliders()).speed.slice(2), ["10", "10"]);
    assert.deepEqual((await sliders()).learning_curve.slice(2), ["2.5", "2.5"]);
    await page.goto(weightedServer.url + "matrix/?w.speed=fast&w.learning_curve=-3");
    await page.locator("#matrix-weights summary").click();
    assert.deepEqual((await sliders()).speed.slice(2), ["10", "10"], "not a number: the default");
    assert.deepEqual((await sliders()).learning_curve.slice(2), ["0", "0"]);
    await page.goto(weightedServer.url + "matrix/?w.speed=&w.learning_curve=Infinity");
    await page.locator("#matrix-weights summary").click();
    assert.deepEqual((await sliders()).speed.slice(2), ["10", "10"], "empty: the default");
    assert.deepEqual((await sliders()).learning_curve.slice(2), ["2.5", "2.5"], "infinite: the default");

    await page.getByRole("button", { name: "Default weights" }).click();
    assert.doesNotMatch(page.url(), /w\./);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await weightedServer.close();
    weighted.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
});

test("with JavaScript the table re-ranks live, shows each row's move, and the robustness panel and announcements follow", async () => {
  const page = await open();
  await page.locator("table[data-matrix][data-ready]").waitFor();
  // The script's numbers with the default weights are the build's.
  const built = await page.evaluate(async () => (await (await fetch("../matrix.json")).json()).ranking);
  assert.deepEqual(await visibleSlugs(page), built.order);
  for (const slug of built.order) {
    const o = built.options[slug];
    assert.equal(await page.locator(`tr[data-slug=${slug}] .total-value`).textContent(), (Math.round(o.total * 10) / 10).toFixed(1));
    assert.equal(await page.locator(`tr[data-slug=${slug}] .rank`).textContent(), "#" + o.rank);
  }
  const panel = page.locator("[data-robustness]");
  assert.match(await panel.locator("[data-field=weights]").textContent(), /default weights/);
  assert.equal(await panel.locator("tr[data-criterion=ease_of_learning] [data-field=below]").textContent(), "0.5: Django + Django REST Framework leads");

  await page.locator("#matrix-weights summary").click();
  await page.locator("input[type=range][name=mvp_fit]").fill("0");
  // Without "Fit for an MVP", Django leads: the rows move, and say how far.
  assert.deepEqual((await visibleSlugs(page)).slice(0, 2), ["django-drf", "fastapi"]);
  assert.equal(await page.locator("tr[data-slug=django-drf] .movement").textContent(), "▲1");
  assert.equal(await page.locator("tr[data-slug=fastapi] .movement").textContent(), "▼1");
  assert.match(await page.locator(".live-ranking li").first().textContent(), /^#1 Django \+ Django REST Framework 71\.4/);
  assert.match(await panel.locator("[data-field=weights]").textContent(), /With your weights: .*Fit for an MVP 0/);
  assert.match(await panel.locator("[data-field=leader]").textContent(), /^Django \+ Django REST Framework, 71\.4 of 100$/);
  assert.equal(await panel.locator("tr[data-criterion=mvp_fit] [data-field=weight]").textContent(), "0");
  assert.match(await panel.locator("tr[data-criterion=mvp_fit] [data-field=above]").textContent(), /: FastAPI leads$/);
  await page.waitForFunction(() => /^Ranking updated: Django \+ Django REST Framework is first with 71\.4\./.test(document.querySelector("#matrix-announcer").textContent));
  assert.match(await page.locator("#matrix-announcer").textContent(), /FastAPI down to #2/);
  assert.equal(await page.locator("#matrix-announcer").getAttribute("aria-live"), "polite");
  // Why this rank: the arithmetic, redone from the page's numbers.
  const why = page.locator("tr[data-slug=django-drf] details.why-rank");
  await why.locator("summary").click();
  await why.locator(".breakdown li").first().waitFor();
  assert.match(await why.textContent(), /Request validation: not rated, left out \(its weight 1 is not counted\)/);
  assert.match(await why.textContent(), /Operations burden \(lower is better\): 3 on 1–5 → \(5 − 3\) ÷ \(5 − 1\) = 0\.5; × weight 1 = 0\.5/);
  assert.match(await why.textContent(), /Total: 5 ÷ 7 \(the weights of the rated criteria\) = 0\.714; × 100 = 71\.4 of 100, rank #1 of 6\./);
  assert.match(await why.textContent(), /worst of their scales: 5 ÷ 9 × 100 = 55\.6; if the best: \(5 \+ 2\) ÷ 9 × 100 = 77\.8\./);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test("a score range leaves unrated options out unless 'include unrated' is ticked", async () => {
  const page = await open();
  await page.locator("#matrix-filters summary").click();
  await page.getByLabel("Request validation: at least").fill("1");
  assert.ok(!(await visibleSlugs(page)).includes("django-drf"), "Django is not rated on validation");
  await page.getByLabel(/Include unrated/).check();
  assert.ok((await visibleSlugs(page)).includes("django-drf"));
  await page.waitForURL(/unrated=1/);
  await page.context().close();
});

test("the comparison shows where the reader is, explains who leads and why, and never marks best against an unknown", async () => {
  const page = await open();
  const compare = page.locator("[data-compare]");
  await page.locator("input[name=compare][value=nestjs]").check();
  await page.locator("input[name=compare][value=django-drf]").check();
  await compare.waitFor({ state: "visible" });
  const box = await compare.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y < viewport.height && box.y + Math.min(box.height, 100) <= viewport.height, `in view: ${JSON.stringify(box)}`);
  assert.match(await page.locator("#matrix-announcer").textContent(), /comparison of 2 options is shown below the table/);
  assert.equal(await compare.locator("thead th").first().evaluate((th) => getComputedStyle(th).position), "sticky");
  assert.equal(await compare.locator("tbody th").first().evaluate((th) => getComputedStyle(th).position), "sticky");
  // Django is not rated on validation: no "best" in that row.
  assert.equal(await compare.locator("tbody tr", { hasText: "Request validation" }).locator(".best").count(), 0);
  // A leads B by X points, split into differences that add up to X.
  const pair = compare.locator(".pair").first();
  assert.equal(await pair.locator(".pair-head").textContent(), "Django + Django REST Framework leads NestJS by 1.1 points (61.1 to 60.0).");
  const parts = await pair.locator("li").allTextContents();
  const sum = parts.map((t) => Number(t.match(/: ([+−])(\d+\.\d)/).slice(1).join("").replace("−", "-"))).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1.1) <= 0.05 * parts.length, `${parts.join(" | ")} add up to ${sum}`);
  assert.match(parts.join("\n"), /Request validation: −\d+\.\d \(Django \+ Django REST Framework not rated \(left out\); NestJS 4: 1 × 0\.75 ÷ 10 × 100 = 7\.5\)/);
  assert.match(await compare.locator(".dominance").textContent(), /Django \+ Django REST Framework is at least as good as NestJS on every criterion both are rated on/);
  // Hide identical rows.
  assert.equal(await compare.locator("tbody tr", { hasText: "Auth built in" }).isVisible(), true);
  await compare.getByLabel("Hide identical rows").check();
  assert.equal(await compare.locator("tbody tr", { hasText: "Auth built in" }).isVisible(), false, "both have auth built in");
  assert.equal(await compare.locator("tbody tr").filter({ has: page.locator("th", { hasText: /^Runtime/ }) }).isVisible(), true);
  await page.waitForURL(/same=hide/);
  await page.context().close();

  // On a phone: cards, each value under the option's name, and no sideways scrolling.
  const phone = await open("matrix/?cmp=nestjs&cmp=django-drf", { viewport: { width: 390, height: 844 }, isMobile: true });
  const cell = phone.locator("[data-compare] tbody tr").filter({ has: phone.locator("th", { hasText: /^Runtime/ }) }).locator("td").first();
  await cell.waitFor();
  assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), "block");
  assert.match(await cell.evaluate((td) => getComputedStyle(td, "::before").content), /Django/);
  assert.ok(await phone.evaluate(() => document.scrollingElement.scrollWidth) <= 390);
  await phone.context().close();
});

test("printing shows the reader's weights, the live ranking and the comparison on A4 portrait", async () => {
  const page = await open("matrix/?w.mvp_fit=0&cmp=flask&cmp=django-drf");
  await page.locator("[data-compare] .pair").first().waitFor({ state: "attached" });
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await page.emulateMedia({ media: "print" });
  // A4 at 96 px per inch, less 12 mm margins: about 718 px.
  await page.setViewportSize({ width: 718, height: 1000 });
  assert.match(await page.locator("[data-robustness] [data-field=weights]").textContent(), /With your weights: .*Fit for an MVP 0/);
  assert.equal(await page.locator("[data-robustness]").isVisible(), true);
  assert.equal(await page.locator("[data-compare] .compare-table").isVisible(), true);
  assert.equal(await page.locator("#matrix-weights").isVisible(), false, "controls do not print");
  assert.deepEqual((await visibleSlugs(page)).slice(0, 2), ["django-drf", "fastapi"], "the live ranking prints");
  const wide = await page.evaluate(() => [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > 720).map((e) => e.tagName + "." + e.className));
  assert.deepEqual(wide, [], "nothing is wider than the page");
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10000);
  await page.context().close();
});

test("axe-core finds no violations with the comparison, the robustness panel and 'why' open, light and dark, 1280 and 390 px", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [1280, 390]) {
      const page = await open("matrix/?w.structure=3&cmp=flask&cmp=django-drf&cmp=nestjs", { colorScheme, viewport: { width, height: 900 }, isMobile: width < 500 });
      await page.locator("[data-compare] tbody tr", { hasText: "Pros" }).locator("li").first().waitFor();
      const why = page.locator("tr[data-slug=flask] details.why-rank");
      await why.evaluate((d) => { d.open = true; });
      await why.locator(".breakdown li").first().waitFor();
      const violations = await axe(page);
      assert.deepEqual(violations, [], `${colorScheme} ${width}: ${JSON.stringify(violations, null, 1)}`);
      assert.deepEqual(page.jsErrors, []);
      await page.context().close();
    }
  }
});
