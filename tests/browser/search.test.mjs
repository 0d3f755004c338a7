// Site search in a real browser, on the example site built for and served under a GitHub
// Pages subpath (/repo/): the header's button (or "/") opens it, a word lists the options
// that hold it with the text around it, Escape closes it, axe finds nothing with results open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedSite, axe } from "./support.mjs";

const served = servedSite({ baseUrl: "/repo/", basePath: "/repo/" });

async function open(path) {
  const context = await served.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => { if (r.status() >= 400) failed.push(r.url()); });
  await page.goto(served.server.url + path);
  page.jsErrors = errors;
  page.failed = failed;
  return page;
}

async function query(page, text) {
  await page.locator(".search-dialog input[type=search]").fill(text);
  await page.waitForFunction((t) => {
    const s = document.querySelector("[data-search-status]").textContent;
    return s.includes("“" + t + "”");
  }, text);
}

test("a word only one option's body holds lists that option, with the text around it", async () => {
  const page = await open("options/flask/");
  await page.locator("[data-search-open]").click();
  assert.equal(await page.locator(".search-dialog").isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.type), "search", "focus is in the field");
  await query(page, "netlify");
  assert.equal(await page.locator("[data-search-status]").textContent(), "1 option matches “netlify”.");
  const result = page.locator("[data-search-results] li");
  assert.equal(await result.count(), 1);
  await page.waitForFunction(() => document.querySelector(".search-excerpt mark"));
  assert.equal(await result.locator(".search-title").textContent(), "Serverless Functions Only");
  assert.equal(await result.locator("a").getAttribute("href"), "/repo/options/serverless/", "under the subpath");
  assert.match(await result.locator(".search-excerpt").textContent(), /Netlify/);
  assert.equal((await result.locator(".search-excerpt mark").first().textContent()).toLowerCase(), "netlify");
  await result.locator("a").click();
  await page.waitForURL(/\/repo\/options\/serverless\/$/);
  assert.deepEqual(page.jsErrors, []);
  assert.deepEqual(page.failed, [], "every index file it fetched exists");
  await page.context().close();
});

test("several words find the options that hold all of them, a word's beginning is enough", async () => {
  const page = await open("");
  await page.keyboard.press("/");
  assert.equal(await page.locator(".search-dialog").isVisible(), true, "/ opens the search");
  await query(page, "typescript reliab");
  assert.equal(await page.locator("[data-search-status]").textContent(), "1 option matches “typescript reliab”.",
    "only NestJS's pros say both");
  await page.waitForFunction(() => document.querySelector("[data-search-results] .search-title")?.textContent !== "…");
  assert.equal(await page.locator("[data-search-results] .search-title").textContent(), "NestJS");
  await query(page, "djang");
  await page.waitForFunction(() => document.querySelector("[data-search-results] .search-title")?.textContent !== "…");
  assert.equal(await page.locator("[data-search-results] .search-title").first().textContent(), "Django + Django REST Framework",
    "the option named so ranks first");
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test("no results say so, and Escape closes the search and gives focus back", async () => {
  const page = await open("matrix/");
  await page.locator("[data-search-open]").click();
  await query(page, "zyzzyva");
  assert.equal(await page.locator("[data-search-status]").textContent(), "No option matches “zyzzyva”.");
  assert.equal(await page.locator("[data-search-results] li").count(), 0);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".search-dialog").isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-search-open")), true);
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();
});

test("the keyboard moves from the field through the results", async () => {
  const page = await open("");
  await page.locator("[data-search-open]").click();
  await query(page, "python");
  assert.ok(await page.locator("[data-search-results] li").count() >= 2);
  await page.keyboard.press("ArrowDown");
  const first = await page.evaluate(() => document.activeElement.closest("li") === document.querySelector("[data-search-results] li"));
  assert.equal(first, true);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => Array.from(document.querySelectorAll("[data-search-results] a")).indexOf(document.activeElement)), 1);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.type), "search");
  await page.context().close();
});

test("axe finds no violations with results open, in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await served.browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(served.server.url + "options/fastapi/");
    await page.locator("[data-search-open]").click();
    await page.locator(".search-dialog input[type=search]").fill("python");
    await page.waitForFunction(() => document.querySelector(".search-excerpt mark"));
    assert.deepEqual(await axe(page), [], colorScheme);
    await context.close();
  }
});

test("without JavaScript there is no dead search button", async () => {
  const context = await served.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(served.server.url);
  assert.equal(await page.locator("[data-search-open]").isVisible(), false);
  await context.close();
});
