// The decision on record and the raters in a real browser: the landing banner and the
// "Chosen" marks with JavaScript off, and the matrix as one rater sees it (?rater=alice),
// using tests/fixtures/raters (three raters who disagree, one decision).
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { servedSite, buildSite, serve, axe, visibleSlugs, repo } from "./support.mjs";

const served = servedSite({ root: join(repo, "tests/fixtures/raters"), baseUrl: "/repo/", basePath: "/repo/" });

async function open(path, options = {}) {
  const context = await served.browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.server.url + path);
  page.jsErrors = errors;
  return page;
}

const text = async (locator) => (await locator.textContent()).replace(/\s+/g, " ").trim();

test("without JavaScript the landing page shows the decision and the chosen option is marked everywhere", async () => {
  const home = await open("", { javaScriptEnabled: false });
  const banner = home.locator("#decision");
  assert.equal(await banner.isVisible(), true);
  assert.equal((await banner.innerText()).replace(/\s+/g, " ").trim(),
    "The decision Status: Accepted Chosen: PostgreSQL One dependable server for everything, which the team already runs. "
    + "Date: 2026-11-30 Deciders: Data team, Ana Review by: 2999-06-01");
  assert.equal(await home.locator(".card-chosen h3 a").textContent(), "PostgreSQL");
  assert.equal(await home.locator(".card .chosen-mark").count(), 1);
  assert.equal(await home.locator(".review-overdue").isVisible(), false);
  await home.context().close();

  const option = await open("options/postgres/", { javaScriptEnabled: false });
  assert.equal(await text(option.locator(".chosen-note")), "Chosen See the decision");
  assert.equal(await option.locator(".chosen-note a").getAttribute("href"), "/repo/#decision");
  assert.equal(await text(option.locator(".reviewed")), "Last reviewed 2026-10-01");
  await option.context().close();

  const matrix = await open("matrix/", { javaScriptEnabled: false });
  assert.deepEqual(await matrix.$$eval("tr[data-chosen]", (trs) => trs.map((tr) => tr.dataset.slug)), ["postgres"]);
  assert.equal(await matrix.locator("tr[data-slug=postgres] th .chosen-mark").textContent(), "Chosen");
  await matrix.context().close();
});

test("the option page lists each rater with their score and reason, and flags the disagreement", async () => {
  const page = await open("options/postgres/", { javaScriptEnabled: false });
  const row = page.locator("table.ratings tbody tr", { hasText: "Ease of learning" });
  assert.match(await text(row), /3\.5\/5 median of 4 raters raters disagree by 3/);
  assert.deepEqual(await row.locator(".rater-list li").evaluateAll((lis) => lis.map((li) => li.textContent.replace(/\s+/g, " ").trim())), [
    "alice 2/5 The planner and vacuum take a while to learn.",
    "author 3/5 SQL is familiar; tuning takes time.",
    "bob 5/5 Everyone on the team knows SQL already.",
    "carol 4/5",
  ]);
  await page.context().close();
  const withScript = await open("options/postgres/");
  assert.deepEqual(await axe(withScript), []);
  await withScript.context().close();
});

test("?rater=alice shows and ranks Alice's scores, stays in the URL, and the picker switches raters", async () => {
  const median = await open("matrix/");
  await median.locator("table[data-matrix][data-ready]").waitFor();
  assert.deepEqual(await visibleSlugs(median), ["sqlite", "postgres", "mongodb"]);
  assert.match(await text(median.locator("tr[data-slug=postgres] td[data-key=learning_curve]")), /^3\.5\/5 median of 4 raters raters disagree by 3/);
  await median.context().close();

  const page = await open("matrix/?rater=alice");
  await page.locator("table[data-matrix][data-ready]").waitFor();
  assert.deepEqual(page.jsErrors, []);
  assert.equal(await page.locator("#matrix-rater").inputValue(), "alice");
  assert.equal(await text(page.locator("tr[data-slug=postgres] td[data-key=learning_curve]")), "2/5 alice’s score");
  assert.equal(await text(page.locator("tr[data-slug=postgres] td[data-key=operations]")), "— not rated by alice");
  // Alice's totals: MongoDB (4, 2, 4) 75.0, SQLite (5, –, 1) 66.7, PostgreSQL (2, –, 5) 50.0.
  assert.deepEqual(await visibleSlugs(page), ["mongodb", "sqlite", "postgres"]);
  assert.equal(await page.locator("tr[data-slug=mongodb] .total-value").textContent(), "75.0");
  assert.equal(await page.locator("tr[data-slug=postgres] .total-value").textContent(), "50.0");
  // Other state joins the rater in the URL.
  await page.locator('button[data-sort="title"]').click();
  await page.waitForURL(/rater=alice/);
  assert.match(page.url(), /sort=title/);
  // Another rater through the picker: the page loads again with their scores.
  await page.locator("#matrix-rater").selectOption("bob");
  await page.waitForURL(/rater=bob/);
  await page.locator("table[data-matrix][data-ready]").waitFor();
  assert.equal(await text(page.locator("tr[data-slug=postgres] td[data-key=learning_curve]")), "5/5 bob’s score");
  assert.match(page.url(), /sort=title/);
  // Back to everyone's median.
  await page.locator("#matrix-rater").selectOption("");
  await page.waitForURL((url) => !url.search.includes("rater="));
  await page.locator("table[data-matrix][data-ready]").waitFor();
  assert.match(await text(page.locator("tr[data-slug=postgres] td[data-key=learning_curve]")), /^3\.5\/5 median/);
  assert.deepEqual(await axe(page), []);
  await page.context().close();
});

test("the side-by-side view flags the scores the raters disagree on", async () => {
  const page = await open("matrix/?cmp=postgres&cmp=sqlite");
  const compare = page.locator("#compare");
  await compare.waitFor({ state: "visible" });
  const row = compare.locator("tbody tr", { hasText: "Ease of learning" });
  assert.deepEqual(await row.locator("td .disputed").allTextContents(), ["raters disagree by 3"]);
  assert.match(await text(row), /3\.5\/5 median of 4 raters raters disagree by 3/);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test("an unknown rater in the URL leaves the median", async () => {
  const page = await open("matrix/?rater=nobody");
  await page.locator("table[data-matrix][data-ready]").waitFor();
  assert.equal(await page.locator("#matrix-rater").inputValue(), "");
  assert.deepEqual(await visibleSlugs(page), ["sqlite", "postgres", "mongodb"]);
  await page.context().close();
});

test("a review date that has passed is marked overdue by the reader's clock, not in the built page", async () => {
  const copy = mkdtempSync(join(tmpdir(), "tradeoff-overdue-"));
  cpSync(join(repo, "tests/fixtures/raters"), copy, { recursive: true });
  const landing = join(copy, "content/_index.md");
  writeFileSync(landing, readFileSync(landing, "utf8").replace("review_by = 2999-06-01", "review_by = 2001-06-01"));
  const built = buildSite({ root: copy });
  const local = await serve(built.dir);
  try {
    assert.match(readFileSync(join(built.dir, "index.html"), "utf8"), /<span class="review-overdue" hidden> \(overdue\)<\/span>/);
    const context = await served.browser.newContext();
    const page = await context.newPage();
    await page.goto(local.url);
    assert.equal(await page.locator(".review-overdue").isVisible(), true);
    assert.match(await page.locator("#decision").innerText(), /Review by: 2001-06-01 \(overdue\)/);
    await context.close();
  } finally {
    await local.close();
    built.cleanup();
    rmSync(copy, { recursive: true, force: true });
  }
});
