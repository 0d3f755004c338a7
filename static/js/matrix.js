// tradeoff matrix: sort, filter, weigh and compare the options of the static table.
// The table works without this script; the script only adds to it. The whole state lives in
// the URL's query string, so a link reproduces what its sender saw, and Back/Forward work.
//
// Hooks for tests and users' own scripts: table[data-matrix], tr[data-slug], cells with
// data-key (and data-value), weight sliders input[type=range][name=<key>], compare
// checkboxes input[name=compare][value=<slug>].
(function () {
  "use strict";

  const table = document.querySelector("table[data-matrix]");
  const dataElement = document.getElementById("matrix-data");
  const app = document.getElementById("matrix-app");
  if (!table || !dataElement || !app) return;

  const data = JSON.parse(dataElement.textContent);
  // The built-in fields the script shows (the name, best for, pros…): their keys, labels,
  // whether the table has a column for them and whether the side-by-side view shows them.
  const fields = data.fields;
  const nameKey = fields.find((f) => f.kind === "name").key;
  const columnFields = fields.filter((f) => f.column !== "none");
  const criteria = data.criteria;
  const byKey = new Map(criteria.map((c) => [c.key, c]));
  const scores = criteria.filter((c) => c.kind === "score");
  const facetCriteria = criteria.filter((c) => c.filterable && ["text", "tags", "bool"].includes(c.kind));
  const tbody = table.tBodies[0];
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
  const MAX_COMPARE = 4;

  // ---- the rows -------------------------------------------------------------------------
  // Rows come from the table; a long matrix's page holds only its first rows
  // (table[data-partial]) and the script reads the others from the rows file (data.rows_url):
  // each row as the build read its rendered <tr> (its cells' text and data-value), which is
  // all that sorting, filtering and searching need. A row's HTML, as the build rendered it,
  // comes with its chunk (data.chunks, data.chunk_rows options each, in the build's order),
  // fetched when the row is first shown; the chunks hold every option's statements as HTML
  // too, for the compare view.

  // The text and facts of a row's keyed cells, for sorting and searching; `cells` maps each
  // key to {text, value (undefined when none), missing, link (the text of its first link)}.
  function rowOf(slug, href, cells, tr, position) {
    const values = new Map();
    for (const c of criteria) {
      const cell = cells.get(c.key);
      values.set(c.key, cell && cell.value !== undefined ? parseValue(c, cell.value) : null);
    }
    const titleCell = cells.get(nameKey);
    const title = titleCell ? (titleCell.link ?? titleCell.text).trim() : slug;
    // The text of each built-in field's column, for sorting (null when not given).
    const texts = new Map();
    for (const f of columnFields) {
      const cell = cells.get(f.key);
      texts.set(f.key, f.key === nameKey ? title : cell && !cell.missing ? cell.text.trim() : null);
    }
    return {
      tr, cells: tr ? cellsOf(tr) : null, facts: cells, values, texts, title, slug, href, position,
      html: null,
      // The row's own text (not the total, which the script rewrites), made when first needed.
      get search() {
        if (this.searchText === undefined) {
          this.searchText = Array.from(this.facts, ([key, cell]) => (key === "total" ? "" : cell.text)).join(" ").toLowerCase().replace(/\s+/g, " ");
        }
        return this.searchText;
      },
      total: null,
      visible: true,
    };
  }

  // The keyed cells of a <tr>.
  function cellsOf(tr) {
    const cells = new Map();
    for (const cell of tr.cells) {
      if (cell.dataset.key) cells.set(cell.dataset.key, cell);
    }
    return cells;
  }

  // A row of the page's table; its cells' text is read when first needed.
  function rowFromTable(tr, position) {
    const facts = new Map();
    for (const [key, cell] of cellsOf(tr)) {
      facts.set(key, {
        get text() { return cell.textContent; },
        value: "value" in cell.dataset ? cell.dataset.value : undefined,
        get missing() { return Boolean(cell.querySelector(".missing")); },
        get link() { const a = cell.querySelector("a"); return a ? a.textContent : undefined; },
      });
    }
    return rowOf(tr.dataset.slug, (tr.querySelector("th a") || {}).href || "", facts, tr, position);
  }

  // A row of the rows file (as the build read it: {slug, href, cells: [{k, t, v, m, a}]}).
  function rowFromFile(read, position) {
    const facts = new Map(read.cells.map((c) => [c.k, { text: c.t, value: c.v === null ? undefined : c.v, missing: Boolean(c.m), link: c.a }]));
    const href = read.href ? new URL(read.href, document.baseURI).href : "";
    return rowOf(read.slug, href, facts, null, position);
  }

  // The <tr> elements of rendered rows (HTML from the build), parsed without being shown.
  function parseRows(html) {
    const template = document.createElement("template");
    template.innerHTML = "<table><tbody>" + html + "</tbody></table>";
    // Adopted, so that links resolve against the page as the table's own do.
    const parsed = document.adoptNode(template.content.querySelector("tbody"));
    return Array.from(parsed.rows);
  }

  function parseValue(criterion, raw) {
    switch (criterion.kind) {
      case "score": return Number(raw);
      case "bool": return raw === "yes";
      case "tags":
      case "list":
        try { return JSON.parse(raw); } catch (_) { return [raw]; }
      default: return raw;
    }
  }

  function facetValues(criterion, value) {
    if (value === null || value === undefined) return [];
    if (criterion.kind === "bool") return [value ? "Yes" : "No"];
    if (Array.isArray(value)) return value;
    return [String(value)];
  }

  // ---- start ---------------------------------------------------------------------------

  const getJson = (url) => fetch(url).then((response) => (response.ok ? response.json() : Promise.reject(new Error(url + ": " + response.status))));

  const tableRows = Array.from(tbody.rows, (tr, i) => rowFromTable(tr, i));
  if (table.dataset.partial) {
    app.hidden = false;
    const loading = document.createElement("p");
    loading.className = "matrix-status";
    loading.setAttribute("role", "status");
    loading.textContent = "Loading all options…";
    app.append(loading);
    getJson(data.rows_url)
      .then((file) => {
        // The page's rows in the build's order (those the file does not list, from another
        // build, first), then the others.
        const fromTable = new Map(tableRows.map((row) => [row.slug, row]));
        const listed = new Set(file.page);
        const rows = tableRows.filter((row) => !listed.has(row.slug));
        for (const row of rows) row.position = null;
        file.page.forEach((slug, i) => {
          const row = fromTable.get(slug);
          if (row) { row.position = i; rows.push(row); }
        });
        file.rows.forEach((read, i) => { if (!fromTable.has(read.slug)) rows.push(rowFromFile(read, file.page.length + i)); });
        rows.forEach((row, i) => { row.index = i; });
        app.replaceChildren();
        main(rows);
      })
      .catch(() => {
        app.replaceChildren();
        tableRows.forEach((row, i) => { row.index = i; });
        main(tableRows);
      });
  } else {
    tableRows.forEach((row, i) => { row.index = i; });
    main(tableRows);
  }

  function main(rows) {
  // ---- state and the URL ---------------------------------------------------------------

  // Every weight slider runs from 0 to weightScale.max in steps of weightScale.step (worked
  // out by the build, so that each default weight of site.toml can be set exactly).
  const weightScale = data.weights;

  // ---- one rater's view (?rater=<name>) ----------------------------------------------------
  // A score that raters gave is their median, and its cell holds each rater's score
  // (data-ratings, with "author" for the option file's own). ?rater=alice shows, filters
  // and ranks Alice's scores instead; a score she did not give is unrated. The rater is part
  // of the URL's state; choosing another loads the page again with it.
  const ratersOf = (cell) => (cell && cell.dataset.ratings ? JSON.parse(cell.dataset.ratings) : null);
  const raters = new Set();
  // Rows past the page's that were not shown yet have no cells: they keep the median until
  // their HTML arrives.
  const cellOf = (row, key) => (row.cells ? row.cells.get(key) : null);
  for (const row of rows) for (const c of scores) for (const name of Object.keys(ratersOf(cellOf(row, c.key)) || {})) raters.add(name);
  const raterNames = Array.from(raters).sort(collator.compare);
  const askedRater = new URLSearchParams(location.search).get("rater");
  const viewAs = askedRater !== null && raters.has(askedRater) ? askedRater : null;
  if (viewAs) {
    for (const row of rows) {
      for (const c of scores) {
        const cell = cellOf(row, c.key);
        if (!cell) continue;
        const given = ratersOf(cell);
        const own = row.values.get(c.key);
        const v = given ? (viewAs in given ? given[viewAs] : null) : (viewAs === "author" ? own : null);
        row.values.set(c.key, v);
        if (v === null) {
          delete cell.dataset.value;
          cell.replaceChildren(el("span", { class: "missing", title: "Not rated by " + viewAs }, "—", el("span", { class: "visually-hidden", text: " not rated by " + viewAs })));
        } else {
          cell.dataset.value = String(v);
          cell.replaceChildren(el("span", { class: "score" }, el("span", { class: "score-value", text: String(v) }), el("span", { class: "score-max", text: "/" + c.max })),
            " ", el("span", { class: "rated-by", text: viewAs + "’s score" }));
        }
      }
    }
  }

  // The ranking model (js/ranking.js, the build's own arithmetic): the rows in the page's
  // order, which is the build's ranking with the default weights and breaks ties.
  const R = window.tradeoffRanking;
  const model = R.model(
    scores.map((c) => ({ key: c.key, weight: c.weight ?? 1 })),
    rows.map((row) => ({ slug: row.slug, merits: scores.map((c) => { const v = row.values.get(c.key); return v === null ? null : R.merit(c, v); }) })),
    weightScale.max);
  let ranking = null;
  // A weight from the URL on the sliders' scale (clamped to it, to its nearest step), or
  // null (the default stays) when it is not a number.
  function weightFromUrl(raw) {
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n)) return null;
    const steps = Math.round(clamp(n, 0, weightScale.max) / weightScale.step);
    return Number((steps * weightScale.step).toFixed(weightScale.decimals));
  }

  const defaults = () => ({
    q: "",
    unrated: false,
    hideSame: false,
    facets: new Map(),
    ranges: new Map(),
    hidden: new Set(),
    weights: new Map(scores.map((c) => [c.key, c.weight ?? 1])),
    sort: [],
    compare: [],
  });
  let state = defaults();

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const next = defaults();
    next.q = params.get("q") || "";
    next.unrated = params.get("unrated") === "1";
    next.hideSame = params.get("same") === "hide";
    for (const [name, value] of params) {
      const [kind, key] = splitParam(name);
      if (kind === "f" && byKey.has(key)) {
        if (!next.facets.has(key)) next.facets.set(key, new Set());
        next.facets.get(key).add(value);
      } else if ((kind === "min" || kind === "max") && byKey.has(key) && value !== "" && !Number.isNaN(Number(value))) {
        const range = next.ranges.get(key) || {};
        range[kind] = Number(value);
        next.ranges.set(key, range);
      } else if (kind === "w" && next.weights.has(key) && weightFromUrl(value) !== null) {
        next.weights.set(key, weightFromUrl(value));
      }
    }
    for (const key of params.getAll("hide")) next.hidden.add(key);
    const sort = params.get("sort");
    if (sort) {
      next.sort = sort.split(",").filter(Boolean).map((part) => part.startsWith("-")
        ? { key: part.slice(1), dir: "desc" }
        : { key: part, dir: "asc" }).filter((s) => isSortable(s.key));
    }
    const known = new Set(rows.map((r) => r.slug));
    next.compare = params.getAll("cmp").filter((slug) => known.has(slug)).slice(0, MAX_COMPARE);
    return next;
  }

  function splitParam(name) {
    const dot = name.indexOf(".");
    return dot < 0 ? [name, ""] : [name.slice(0, dot), name.slice(dot + 1)];
  }

  function writeUrl(mode) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.unrated) params.set("unrated", "1");
    if (state.hideSame) params.set("same", "hide");
    if (state.sort.length) params.set("sort", state.sort.map((s) => (s.dir === "desc" ? "-" : "") + s.key).join(","));
    for (const [key, values] of state.facets) for (const v of values) params.append("f." + key, v);
    for (const [key, range] of state.ranges) {
      if (range.min !== undefined) params.set("min." + key, range.min);
      if (range.max !== undefined) params.set("max." + key, range.max);
    }
    for (const c of scores) {
      const w = state.weights.get(c.key);
      if (w !== (c.weight ?? 1)) params.set("w." + c.key, w);
    }
    for (const key of state.hidden) params.append("hide", key);
    for (const slug of state.compare) params.append("cmp", slug);
    if (viewAs) params.set("rater", viewAs);
    const query = params.toString();
    const url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (mode === "push") history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  const clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));

  // ---- building the controls -----------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  let uid = 0;
  const id = (prefix) => prefix + "-" + (++uid);

  const searchInput = el("input", { type: "search", id: "matrix-search", name: "q", autocomplete: "off", placeholder: "Name, language, any text…" });
  const status = el("p", { class: "matrix-status", id: "matrix-status", role: "status", "aria-live": "polite" });
  const resetButton = el("button", { type: "button", class: "secondary", text: "Reset all" });

  const unratedBox = el("input", { type: "checkbox", id: "matrix-unrated", name: "unrated" });
  // The top of the ranking with the reader's weights, beside the sliders (the build's chart
  // below the table shows the default weights).
  const liveRanking = el("ol", { class: "live-ranking", "aria-labelledby": "live-ranking-title" });
  const LIVE_TOP = 5;
  // What changed, said politely to screen readers: the new leader, rank moves, the selection.
  const announcer = el("p", { class: "visually-hidden", id: "matrix-announcer", "aria-live": "polite" });
  let announceTimer = null;
  function announce(text, wait) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { announcer.textContent = text; }, wait || 0);
  }
  const facetInputs = new Map();   // key -> [checkbox]
  const rangeInputs = new Map();   // key -> {min, max}
  const weightInputs = new Map();  // key -> {input, output}
  const columnInputs = new Map();  // key -> checkbox

  const toolbar = el("div", { class: "matrix-toolbar" },
    el("div", { class: "field" }, el("label", { for: "matrix-search", text: "Search options" }), searchInput),
    status,
    resetButton);

  const filterPanel = el("details", { class: "panel", id: "matrix-filters" }, el("summary", { text: "Filters" }));
  for (const c of facetCriteria) {
    const counts = new Map();
    for (const row of rows) for (const v of facetValues(c, row.values.get(c.key))) counts.set(v, (counts.get(v) || 0) + 1);
    if (!counts.size) continue;
    const order = c.values ? c.values.filter((v) => counts.has(v)).concat([...counts.keys()].filter((v) => !c.values.includes(v))) : [...counts.keys()].sort(collator.compare);
    if (c.kind === "bool") order.sort((a) => (a === "Yes" ? -1 : 1));
    const boxes = [];
    const fieldset = el("fieldset", { class: "facet" }, el("legend", { text: c.label }));
    for (const value of order) {
      const boxId = id("facet");
      const box = el("input", { type: "checkbox", id: boxId, name: "f." + c.key, value });
      boxes.push(box);
      fieldset.append(el("div", { class: "check" }, box, el("label", { for: boxId }, value + " ", el("span", { class: "count", text: "(" + counts.get(value) + ")" }))));
    }
    facetInputs.set(c.key, boxes);
    filterPanel.append(fieldset);
  }
  if (scores.length) {
    const fieldset = el("fieldset", { class: "ranges" }, el("legend", { text: "Score ranges" }));
    for (const c of scores) {
      const minId = id("min"), maxId = id("max");
      const min = el("input", { type: "number", id: minId, name: "min." + c.key, min: c.min, max: c.max, step: "any", inputmode: "decimal", placeholder: String(c.min) });
      const max = el("input", { type: "number", id: maxId, name: "max." + c.key, min: c.min, max: c.max, step: "any", inputmode: "decimal", placeholder: String(c.max) });
      rangeInputs.set(c.key, { min, max });
      fieldset.append(el("div", { class: "range-row", role: "group", "aria-label": c.label },
        el("span", { class: "range-label", "aria-hidden": "true", text: c.label }),
        el("label", { for: minId, class: "visually-hidden", text: c.label + ": at least" }), min,
        el("span", { "aria-hidden": "true", text: "to" }),
        el("label", { for: maxId, class: "visually-hidden", text: c.label + ": at most" }), max));
    }
    fieldset.append(el("div", { class: "check" }, unratedBox, el("label", { for: "matrix-unrated", text: "Include unrated: keep options with no score for a criterion whose range is set" })));
    filterPanel.append(fieldset);
  }

  // Room beside each slider for its longest value ("10.5").
  const weightDigits = String(weightScale.max).length + (weightScale.decimals ? weightScale.decimals + 1 : 0);
  const weightPanel = el("details", { class: "panel", id: "matrix-weights", style: "--weight-digits: " + weightDigits }, el("summary", { text: "Weights" }));
  if (scores.length) {
    weightPanel.append(el("p", { class: "hint", text: "How much each score counts in the total (0 ignores it). Criteria where lower is better are turned around, so a good score always adds." }));
    for (const c of scores) {
      const inputId = id("weight");
      const input = el("input", { type: "range", id: inputId, name: c.key, min: 0, max: weightScale.max, step: weightScale.step, value: c.weight ?? 1 });
      const output = el("output", { for: inputId, text: String(c.weight ?? 1) });
      weightInputs.set(c.key, { input, output });
      weightPanel.append(el("div", { class: "weight-row" },
        el("label", { for: inputId }, c.label, c.better === "lower" ? el("span", { class: "scale-note", text: "lower is better" }) : null),
        input, output));
    }
    weightPanel.append(el("button", { type: "button", class: "secondary", "data-action": "reset-weights", text: "Default weights" }));
    weightPanel.append(el("p", { class: "live-ranking-title", id: "live-ranking-title", text: "Ranking with these weights" }), liveRanking);
  }

  const columnPanel = el("details", { class: "panel", id: "matrix-columns" }, el("summary", { text: "Columns" }));
  const columnSet = el("fieldset", { class: "columns" }, el("legend", { class: "visually-hidden", text: "Columns to show" }));
  for (const [key, label] of columnFields.filter((f) => f.column === "optional").map((f) => [f.key, f.label]).concat(criteria.map((c) => [c.key, c.label]))) {
    const boxId = id("col");
    const box = el("input", { type: "checkbox", id: boxId, name: "column", value: key, checked: true });
    columnInputs.set(key, box);
    columnSet.append(el("div", { class: "check" }, box, el("label", { for: boxId, text: label })));
  }
  columnPanel.append(columnSet);

  const compareBar = el("div", { class: "compare-bar" },
    el("p", { id: "compare-hint", text: "" }),
    el("button", { type: "button", class: "secondary", "data-action": "clear-compare", text: "Clear selection" }));
  // The comparison docks at the bottom of the window, so that it shows where the reader is.
  const compareSection = el("section", { class: "compare", id: "compare", "aria-labelledby": "compare-title", "data-compare": "", hidden: true });

  const moreButton = el("button", { type: "button", class: "secondary", "data-action": "more" });
  const allButton = el("button", { type: "button", class: "secondary", "data-action": "all" });
  const moreBar = el("div", { class: "matrix-more", hidden: true }, moreButton, allButton);
  table.closest(".table-scroll").after(moreBar);
  moreBar.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    limit = action.dataset.action === "all" ? rows.length : limit + PAGE;
    render();
  });

  const panels = el("div", { class: "matrix-panels" }, filterPanel, weightPanel, columnPanel);
  app.append(toolbar, panels, compareBar, announcer);
  if (raterNames.length) {
    const select = el("select", { id: "matrix-rater", name: "rater" },
      el("option", { value: "", text: "Everyone (the median)" }),
      ...raterNames.map((name) => el("option", { value: name, text: name === "author" ? "author (the option files)" : name })));
    select.value = viewAs || "";
    select.addEventListener("change", () => {
      const params = new URLSearchParams(location.search);
      if (select.value) params.set("rater", select.value); else params.delete("rater");
      const query = params.toString();
      location.assign(location.pathname + (query ? "?" + query : "") + location.hash);
    });
    app.prepend(el("p", { class: "rater-view" }, el("label", { for: "matrix-rater", text: "Scores as rated by " }), select));
  }
  moreBar.after(compareSection);
  app.hidden = false;

  const columnStyle = el("style", {});
  document.head.append(columnStyle);

  // ---- extra table columns: compare checkbox and weighted total ----------------------

  const headRow = table.tHead.rows[0];
  const selectHead = el("th", { scope: "col", class: "col-select", "data-key": "select" }, el("span", { class: "visually-hidden", text: "Compare" }), el("span", { "aria-hidden": "true", text: "⇆" }));
  // The build's total column (rank, total, completeness and range with the default weights)
  // shows the reader's weights from here on.
  let totalHead = scores.length ? headRow.querySelector("th[data-key=total]") : null;
  if (scores.length && !totalHead) {
    totalHead = el("th", { scope: "col", class: "col-total", "data-key": "total" }, "Total", el("span", { class: "scale-note" }));
    headRow.cells[0].after(totalHead);
  }
  if (totalHead) {
    const note = totalHead.querySelector(".scale-note") || totalHead.appendChild(el("span", { class: "scale-note" }));
    note.textContent = "rank, 0–100, your weights";
  }
  headRow.cells[0].after(selectHead);
  // The part of a total cell with this class, made when the build's cell has none.
  function part(cell, className, before) {
    let node = cell.querySelector("." + className);
    if (!node) {
      node = el("span", { class: className });
      if (before && before.parentNode === cell) cell.insertBefore(node, before); else cell.append(node);
    }
    return node;
  }
  // Adds the compare checkbox, the movement and the "why" to a row's <tr>.
  function decorate(row) {
    const box = el("input", { type: "checkbox", name: "compare", value: row.slug, "aria-label": "Compare " + row.title });
    row.compareBox = box;
    const selectCell = el("td", { class: "col-select", "data-key": "select" }, box);
    row.tr.cells[0].after(selectCell);
    if (totalHead) {
      let totalCell = row.cells.get("total");
      if (!totalCell) {
        totalCell = el("td", { class: "col-total", "data-key": "total" });
        selectCell.after(totalCell);
        row.cells.set("total", totalCell);
      }
      row.rankValue = part(totalCell, "rank", totalCell.firstChild);
      row.totalValue = part(totalCell, "total-value");
      row.movement = el("span", { class: "movement" });
      row.totalValue.after(row.movement);
      row.completeness = part(totalCell, "completeness");
      row.range = part(totalCell, "total-range");
      row.breakdown = el("div", { class: "breakdown" });
      const details = el("details", { class: "why-rank" }, el("summary", {}, el("span", { class: "visually-hidden", text: "Why this rank" }), el("span", { "aria-hidden": "true", text: "Why?" })), row.breakdown);
      details.addEventListener("toggle", () => { if (details.open) fillBreakdown(row); });
      row.whyRank = details;
      totalCell.append(details);
    }
    built.push(row);
  }

  // The rows the script has decorated (given their checkbox and "why"): each when first
  // shown. The table holds only the rows on show (the others wait outside the page), so that
  // laying out and styling the table costs what is shown, not what exists; rows of a partial
  // page that the rows file does not list (it is from another build) thus go at the start.
  const built = [];
  function ensureRow(row) {
    if (!row.compareBox) decorate(row);
    return row;
  }

  // Sort buttons in every sortable header.
  const sortButtons = new Map();
  for (const th of headRow.cells) {
    const key = th.dataset.key;
    if (!isSortable(key)) continue;
    const button = el("button", { type: "button", class: "sort-button", "data-sort": key });
    button.append(...Array.from(th.childNodes));
    button.append(el("span", { class: "sort-icon", "aria-hidden": "true" }));
    th.append(button);
    sortButtons.set(key, { th, button });
  }

  function isSortable(key) {
    return key === "total" || columnFields.some((f) => f.key === key) || byKey.has(key);
  }

  // ---- computing -------------------------------------------------------------------------

  const merit = R.merit;
  const weightsNow = () => scores.map((c) => state.weights.get(c.key));

  // The ranking under the current weights, over every option (filters do not change ranks).
  function computeRanking() {
    ranking = R.rank(model, weightsNow());
    ranking.place = new Array(rows.length);
    ranking.order.forEach((i, place) => { ranking.place[i] = place; });
    for (const row of rows) {
      const s = ranking.standings[row.index];
      row.standing = s;
      row.total = s.total;
      row.rank = s.rank;
    }
  }

  // A number for the arithmetic: at most three decimals, no trailing zeros.
  const num = (n) => String(Number(n.toFixed(3)));

  // The arithmetic of a row's total, step by step, so that a reader can redo it.
  function fillBreakdown(row) {
    const s = row.standing;
    const list = el("ul", {});
    let sum = 0, ratedWeight = 0, missingWeight = 0;
    for (const c of scores) {
      const w = state.weights.get(c.key);
      const v = row.values.get(c.key);
      const direction = c.better === "lower" ? "lower is better" : "higher is better";
      let text;
      if (!w) text = c.label + ": weight 0, left out";
      else if (v === null) { text = c.label + ": not rated, left out (its weight " + num(w) + " is not counted)"; missingWeight += w; }
      else {
        const m = merit(c, v);
        const fraction = c.better === "lower"
          ? "(" + num(c.max) + " − " + num(v) + ") ÷ (" + num(c.max) + " − " + num(c.min) + ")"
          : "(" + num(v) + " − " + num(c.min) + ") ÷ (" + num(c.max) + " − " + num(c.min) + ")";
        text = c.label + " (" + direction + "): " + num(v) + " on " + num(c.min) + "–" + num(c.max) + " → " + fraction + " = " + num(m) + "; × weight " + num(w) + " = " + num(w * m);
        sum += w * m;
        ratedWeight += w;
      }
      list.append(el("li", { text }));
    }
    const lines = [list];
    if (s.total === null) {
      lines.push(el("p", { text: s.scored ? "Rated on no weighted criterion: no total, and no rank." : "Every weight is 0: no totals." }));
    } else {
      lines.push(el("p", { text: "Total: " + num(sum) + " ÷ " + num(ratedWeight) + " (the weights of the rated criteria) = " + num(sum / ratedWeight) + "; × 100 = " + R.shown(s.total) + " of 100, rank #" + s.rank + " of " + rows.length + "." }));
      if (s.rated < s.scored) {
        const all = ratedWeight + missingWeight;
        lines.push(el("p", { text: "If the missing scores were the worst of their scales: " + num(sum) + " ÷ " + num(all) + " × 100 = " + R.shown(s.range[0]) + "; if the best: (" + num(sum) + " + " + num(missingWeight) + ") ÷ " + num(all) + " × 100 = " + R.shown(s.range[1]) + "." }));
      }
    }
    row.breakdown.replaceChildren(...lines);
  }


  function matches(row) {
    if (state.q) {
      for (const word of state.q.toLowerCase().split(/\s+/)) if (word && !row.search.includes(word)) return false;
    }
    for (const [key, wanted] of state.facets) {
      if (!wanted.size) continue;
      const c = byKey.get(key);
      const have = facetValues(c, row.values.get(key));
      if (!have.some((v) => wanted.has(v))) return false;
    }
    for (const [key, range] of state.ranges) {
      const v = row.values.get(key);
      if (range.min === undefined && range.max === undefined) continue;
      if (v === null) { if (state.unrated) continue; return false; }
      if (range.min !== undefined && v < range.min) return false;
      if (range.max !== undefined && v > range.max) return false;
    }
    return true;
  }

  function sortValue(row, key) {
    if (row.texts.has(key)) return row.texts.get(key);
    const v = row.values.get(key);
    if (v === null) return null;
    if (Array.isArray(v)) return v.join(", ");
    if (typeof v === "boolean") return v ? 1 : 0;
    return v;
  }

  // Each column's sort key for every row (by row.index), made when first sorted by: the
  // numbers themselves, or for text each value's place in the collator's order (equal texts
  // share it); NaN where a row has none. Comparing two numbers is far cheaper than comparing
  // two strings by the collator thousands of times on each sort.
  const sortKeys = new Map();
  function sortKey(key) {
    if (sortKeys.has(key)) return sortKeys.get(key);
    const raw = rows.map((row) => sortValue(row, key));
    const keys = new Float64Array(rows.length).fill(NaN);
    if (raw.every((v) => v === null || typeof v === "number")) {
      raw.forEach((v, i) => { if (v !== null) keys[i] = v; });
    } else {
      const distinct = Array.from(new Set(raw.filter((v) => v !== null).map(String))).sort(collator.compare);
      const place = new Map();
      distinct.forEach((text, i) => place.set(text, i > 0 && collator.compare(distinct[i - 1], text) === 0 ? place.get(distinct[i - 1]) : i));
      raw.forEach((v, i) => { if (v !== null) keys[i] = place.get(String(v)); });
    }
    sortKeys.set(key, keys);
    return keys;
  }

  // The sort in effect: the reader's, or with score criteria the ranking.
  const effectiveSort = () => (state.sort.length ? state.sort : scores.length ? [{ key: "total", dir: "desc" }] : []);

  // Every row in the order of the reader's sort, ties by the ranking (or the page's order);
  // made again only when the sort or the weights change, not on each filter or keystroke.
  let sorted = null, sortedKey = null;
  function sortedRows() {
    const key = JSON.stringify(state.sort) + "|" + weightsKey;
    if (key === sortedKey) return sorted;
    const specs = state.sort.map(({ key: k, dir }) => ({ total: k === "total", keys: k === "total" ? null : sortKey(k), sign: dir === "desc" ? -1 : 1 }));
    const place = ranking.place;
    const tie = scores.length ? (a, b) => place[a.index] - place[b.index] : (a, b) => a.index - b.index;
    sorted = rows.slice().sort((a, b) => {
      for (const { total, keys, sign } of specs) {
        if (total) {
          // By the ranking (ties as it breaks them); options without a total last.
          if ((a.total === null) !== (b.total === null)) return a.total === null ? 1 : -1;
          const order = place[a.index] - place[b.index];
          if (order) return -sign * order;
          continue;
        }
        const x = keys[a.index], y = keys[b.index];
        if (x === y || (x !== x && y !== y)) continue;
        if (x !== x) return 1; // missing values last, whatever the direction
        if (y !== y) return -1;
        return sign * (x - y);
      }
      return tie(a, b);
    });
    sortedKey = key;
    return sorted;
  }

  // ---- rendering -----------------------------------------------------------------------

  // A long table shows its first rows and offers more: laying out thousands of rows on every
  // sort or filter would make each change take seconds. Without JavaScript every row shows.
  const PAGE = 50;
  let limit = PAGE;
  const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };

  // Past VIRTUAL rows on show, the table holds only those in and near the visible part of
  // its scrolling box, with a spacer row for the others above and below, each as tall as the
  // rows it stands for would be (their average height when the table last held every row on
  // show); it follows the scrolling. aria-rowcount and aria-rowindex tell assistive
  // technology where the rows held are in the whole.
  const VIRTUAL = 150;
  const OVERSCAN = 10;
  const scroller = table.closest(".table-scroll") || table.parentElement;
  let rowHeight = 0;
  let renderQueued = false;
  let onShow = [];      // the rows on show, in order (all of them, held or not)
  let held = [];        // the rows the table holds now, in order
  const spacer = (position) => {
    const tr = el("tr", { class: "matrix-spacer", "aria-hidden": "true", "data-spacer": position });
    tr.append(el("td", {}));
    return tr;
  };
  const spacerTop = spacer("top"), spacerBottom = spacer("bottom");

  // Each row's rank before the last change of weights, to show how it moved.
  let weightsKey = null, ranksBefore = null, ranksNow = null;

  function render() {
    const key = weightsNow().join(",");
    const reweighed = key !== weightsKey, first = weightsKey === null;
    if (reweighed) {
      computeRanking();
      ranksBefore = first ? null : ranksNow;
      ranksNow = rows.map((row) => row.rank);
      weightsKey = key;
    }
    const ordered = sortedRows();
    const matching = [];
    for (const row of ordered) {
      row.visible = matches(row);
      if (row.visible && available(row)) matching.push(row);
    }
    onShow = matching.length > limit ? matching.slice(0, limit) : matching;
    for (const row of rows) row.shown = false;
    for (const row of onShow) row.shown = true;
    fillTable();
    // After the table, which reads its layout before it writes.
    if (reweighed) {
      renderRobustness(first);
      renderLiveRanking();
      if (!first) announceRanking();
    }
    const sort = effectiveSort();
    for (const [key, { th, button }] of sortButtons) {
      const position = sort.findIndex((s) => s.key === key);
      if (position === 0) th.setAttribute("aria-sort", sort[0].dir === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      button.dataset.sortOrder = position < 0 ? "" : sort[position].dir;
      button.dataset.sortPosition = position < 0 ? "" : String(position + 1);
    }
    // Rewritten only when it changes: a new style sheet restyles the whole table.
    setText(columnStyle, Array.from(state.hidden, (key) => `table[data-matrix] [data-key="${CSS.escape(key)}"]{display:none}`).join("\n"));
    const shown = onShow.length, total = rows.length;
    let message = matching.length === total ? `Showing all ${total} options` : `Showing ${matching.length} of ${total} options`;
    if (shown < matching.length) message = `Showing the first ${shown} of ${matching.length} matching options (${total} in all)`;
    setText(status, message);
    moreBar.hidden = shown >= matching.length;
    setText(moreButton, `Show ${Math.min(PAGE, matching.length - shown)} more`);
    setText(allButton, `Show all ${matching.length}`);
    renderCompare();
    syncControls();
  }

  // Puts in the table the rows on show, or (past VIRTUAL of them) those in view; when some
  // have not got their HTML yet, keeps what it holds, marked busy, until their chunks are in.
  function fillTable() {
    const virtual = onShow.length > VIRTUAL;
    let from = 0, to = onShow.length;
    if (virtual) {
      if (!rowHeight) {
        const real = Array.from(tbody.rows).filter((tr) => !tr.dataset.spacer);
        rowHeight = real.length ? Math.max(24, real.reduce((sum, tr) => sum + tr.offsetHeight, 0) / real.length) : 60;
      }
      const top = scroller.scrollTop - (spacerTop.isConnected ? spacerTop.offsetTop : tbody.offsetTop);
      const inView = Math.ceil(scroller.clientHeight / rowHeight) + 1;
      from = clamp(Math.floor(top / rowHeight) - OVERSCAN, 0, Math.max(0, onShow.length - inView - 2 * OVERSCAN));
      to = Math.min(onShow.length, from + inView + 2 * OVERSCAN);
    } else {
      rowHeight = 0;
    }
    const want = onShow.slice(from, to);
    const waiting = fetchFor(want, false);
    if (waiting) {
      table.setAttribute("aria-busy", "true");
      if (!renderQueued) {
        renderQueued = true;
        waiting.then(() => { renderQueued = false; render(); });
      }
      return;
    }
    parseWaiting(want);
    const next = want.filter((row) => row.tr);
    for (const row of next) ensureRow(row);
    if (next.length !== held.length || next.some((row, i) => row !== held[i]) || virtual !== spacerTop.isConnected) {
      const fragment = document.createDocumentFragment();
      if (virtual) fragment.append(spacerTop);
      for (const row of next) fragment.append(row.tr);
      if (virtual) fragment.append(spacerBottom);
      tbody.replaceChildren(fragment);
    }
    held = next;
    if (virtual) {
      spacerTop.style.height = from * rowHeight + "px";
      spacerBottom.style.height = (onShow.length - to) * rowHeight + "px";
      spacerTop.firstChild.colSpan = spacerBottom.firstChild.colSpan = headRow.cells.length;
      table.setAttribute("aria-rowcount", String(onShow.length + 1));
      headRow.setAttribute("aria-rowindex", "1");
      next.forEach((row, i) => row.tr.setAttribute("aria-rowindex", String(from + i + 2)));
    } else if (table.hasAttribute("aria-rowcount")) {
      table.removeAttribute("aria-rowcount");
      headRow.removeAttribute("aria-rowindex");
      for (const row of next) row.tr.removeAttribute("aria-rowindex");
    }
    table.removeAttribute("aria-busy");
    for (const row of next) updateRow(row);
  }

  // A held row's total, rank, movement and selection, as they are now.
  function updateRow(row) {
    if (row.totalValue) {
      const s = row.standing;
      setText(row.rankValue, s.rank ? "#" + s.rank : "");
      setText(row.totalValue, s.total === null ? "unrated" : R.shown(s.total));
      setText(row.completeness, s.scored ? s.rated + " of " + s.scored + " rated" : "");
      setText(row.range, s.range && s.rated < s.scored ? "missing at worst " + R.shown(s.range[0]) + ", at best " + R.shown(s.range[1]) : "");
      const before = ranksBefore ? ranksBefore[row.index] : null;
      const moved = before && s.rank ? before - s.rank : 0;
      setText(row.movement, moved ? (moved > 0 ? "▲" : "▼") + Math.abs(moved) : "");
      const title = moved ? (moved > 0 ? "up " : "down ") + Math.abs(moved) + " since the weights changed" : "";
      if (row.movement.title !== title) row.movement.title = title;
      const className = "movement" + (moved > 0 ? " up" : moved < 0 ? " down" : "");
      if (row.movement.className !== className) row.movement.className = className;
      if (row.whyRank.open) fillBreakdown(row);
    }
    const selected = state.compare.includes(row.slug);
    if (row.compareBox.checked !== selected) row.compareBox.checked = selected;
  }

  // Scrolling a long table moves the rows it holds, once a frame.
  let scrollQueued = false;
  scroller.addEventListener("scroll", () => {
    if (scrollQueued || onShow.length <= VIRTUAL) return;
    scrollQueued = true;
    requestAnimationFrame(() => { scrollQueued = false; fillTable(); });
  }, { passive: true });

  function syncControls() {
    if (searchInput.value !== state.q) searchInput.value = state.q;
    unratedBox.checked = state.unrated;
    for (const [key, boxes] of facetInputs) {
      const wanted = state.facets.get(key) || new Set();
      for (const box of boxes) box.checked = wanted.has(box.value);
    }
    for (const [key, { min, max }] of rangeInputs) {
      const range = state.ranges.get(key) || {};
      const minText = range.min === undefined ? "" : String(range.min);
      const maxText = range.max === undefined ? "" : String(range.max);
      if (document.activeElement !== min && min.value !== minText) min.value = minText;
      if (document.activeElement !== max && max.value !== maxText) max.value = maxText;
    }
    for (const [key, { input, output }] of weightInputs) {
      const w = String(state.weights.get(key));
      if (input.value !== w) input.value = w;
      output.textContent = w;
    }
    for (const [key, box] of columnInputs) box.checked = !state.hidden.has(key);
    if (state.facets.size || state.ranges.size) filterPanel.open = true;
  }

  // ---- the ranking beside the sliders, the robustness panel, announcements ---------------

  const entryRow = (i) => rows[i];
  const link = (row) => el("a", { href: row.href, text: row.title });

  function renderLiveRanking() {
    if (!scores.length) return;
    const items = [];
    for (const i of ranking.order.slice(0, LIVE_TOP)) {
      const s = ranking.standings[i];
      if (s.total === null) break;
      items.push(el("li", {}, "#" + s.rank + " " + entryRow(i).title + " " + R.shown(s.total) + (s.rated < s.scored ? " (" + s.rated + " of " + s.scored + " rated)" : "")));
    }
    if (!items.length) items.push(el("li", { text: "No option has a total with these weights." }));
    liveRanking.replaceChildren(...items);
  }

  // The build's panel shows the default weights; from here on it follows the reader's.
  const robustness = document.querySelector("[data-robustness]");
  function renderRobustness(first) {
    if (!robustness || !scores.length) return;
    const field = (name, scope) => (scope || robustness).querySelector(`[data-field="${name}"]`);
    const isDefault = scores.every((c) => state.weights.get(c.key) === (c.weight ?? 1));
    // The build wrote the panel for the default weights: nothing to do at the start.
    if (first && isDefault) return;
    const set = (node, ...children) => { if (node) node.replaceChildren(...children); };
    set(field("weights"), isDefault ? "With the default weights." : "With your weights: " + scores.map((c) => c.label + " " + state.weights.get(c.key)).join(", ") + ".");
    const lead = R.leader(ranking);
    set(field("leader"), ...(lead === null ? ["None: no option has a total."] : [link(entryRow(lead)), ", " + R.shown(ranking.standings[lead].total) + " of 100"]));
    const margin = R.margin(ranking);
    set(field("margin"), margin === null ? "No other option to compare with." : R.shown(margin) + " points ahead of " + entryRow(ranking.order[1]).title);
    const ties = R.nearTies(ranking);
    const tie = R.shown(data.near_tie);
    if (ties.length) {
      set(field("near-ties"), el("strong", { class: "near-tie", text: "Within " + tie + " point" + (tie === "1.0" ? "" : "s") + " of the leader:" }), " " + ties.map((i) => entryRow(i).title + " (" + R.shown(ranking.standings[i].total) + ")").join(", ") + ". The order among these could turn on one score.");
    } else {
      set(field("near-ties"), "None within " + tie + " point of the leader.");
    }
    const flips = R.flips(model, weightsNow(), ranking);
    const weightText = (x) => String(Number(x.toFixed(3)));
    scores.forEach((c, j) => {
      const tr = robustness.querySelector(`tr[data-criterion="${CSS.escape(c.key)}"]`);
      if (!tr) return;
      const side = (flip) => (flip ? weightText(flip[0]) + ": " + entryRow(flip[1]).title + " leads" : "no change");
      set(field("weight", tr), weightText(state.weights.get(c.key)));
      set(field("below", tr), side(flips[j].below));
      set(field("above", tr), side(flips[j].above));
    });
  }

  // After a change of weights, once the reader pauses: the leader and the largest moves.
  function announceRanking() {
    const lead = R.leader(ranking);
    if (lead === null) { announce("No option has a total with these weights.", 600); return; }
    const moves = ranksBefore ? rows.filter((r) => r.rank && ranksBefore[r.index] && ranksBefore[r.index] !== r.rank)
      .sort((a, b) => Math.abs(ranksBefore[b.index] - b.rank) - Math.abs(ranksBefore[a.index] - a.rank)).slice(0, 3) : [];
    const moved = moves.map((r) => r.title + (ranksBefore[r.index] > r.rank ? " up" : " down") + " to #" + r.rank).join("; ");
    announce("Ranking updated: " + entryRow(lead).title + " is first with " + R.shown(ranking.standings[lead].total) + "." + (moved ? " " + moved + "." : ""), 600);
  }

  // ---- compare -------------------------------------------------------------------------

  // ---- chunks: the rows' HTML and the statements ----------------------------------------

  // Each option's statements (best for, pros, cons) as the build rendered them, by slug, as
  // their chunks arrive.
  const statements = new Map();
  const bySlug = new Map(rows.map((row) => [row.slug, row]));
  const chunkLoads = new Map();
  const chunksDone = new Set();
  const chunkOf = (row) => (row.position === null || row.position === undefined ? null : Math.floor(row.position / data.chunk_rows));
  function loadChunk(n) {
    if (!chunkLoads.has(n)) {
      chunkLoads.set(n, getJson(data.chunks[n])
        .then((file) => {
          for (const option of file.options) {
            statements.set(option.slug, option);
            const row = bySlug.get(option.slug);
            if (row && !row.tr && option.row) row.html = option.row;
          }
        })
        .catch(() => {})
        .then(() => { chunksDone.add(n); }));
    }
    return chunkLoads.get(n);
  }
  // Loads the chunks that rows lack (their HTML, or with `withStatements` their statements):
  // a promise of them, or null when nothing is missing.
  function fetchFor(list, withStatements) {
    const wanted = new Set();
    for (const row of list) {
      const n = chunkOf(row);
      if (n === null || chunksDone.has(n) || n >= data.chunks.length) continue;
      if ((!row.tr && !row.html) || (withStatements && !statements.has(row.slug))) wanted.add(n);
    }
    return wanted.size ? Promise.all(Array.from(wanted, loadChunk)) : null;
  }
  // Whether a row can be shown, now or once its chunk is in: not when that came without it.
  const available = (row) => Boolean(row.tr || row.html) || (chunkOf(row) !== null && !chunksDone.has(chunkOf(row)) && chunkOf(row) < data.chunks.length);
  // Gives the rows that have their HTML their <tr>, parsed in one go.
  function parseWaiting(list) {
    const waiting = list.filter((row) => !row.tr && row.html);
    if (!waiting.length) return;
    const parsed = new Map(parseRows(waiting.map((row) => row.html).join("")).map((tr) => [tr.dataset.slug, tr]));
    for (const row of waiting) {
      row.html = null;
      row.tr = parsed.get(row.slug) || null;
      if (row.tr) row.cells = cellsOf(row.tr);
    }
  }

  // Whether option a is at least as good as b on every score criterion both are rated on,
  // and better on one.
  function dominates(a, b) {
    let better = false, shared = 0;
    for (const c of scores) {
      const x = a.values.get(c.key), y = b.values.get(c.key);
      if (x === null || y === null) continue;
      shared += 1;
      const mx = merit(c, x), my = merit(c, y);
      if (mx < my) return false;
      if (mx > my) better = true;
    }
    return shared > 0 && better;
  }

  // "A leads B by X points", split into each criterion's weighted difference: a total is
  // 100 × Σ(weight × merit) ÷ Σ(weights of its rated criteria), so criterion c adds
  // 100 × weight × merit ÷ (A's rated weights) to A and the like to B; the differences add up
  // to X exactly (shown rounded).
  function explainPair(a, b) {
    const box = el("div", { class: "pair" });
    const sa = a.standing, sb = b.standing;
    if (sa.total === null || sb.total === null) {
      const none = [a, b].filter((r) => r.total === null).map((r) => r.title).join(" and ");
      box.append(el("p", { text: none + (sa.total === null && sb.total === null ? " have" : " has") + " no total: not rated on any weighted criterion." }));
      return box;
    }
    const weights = new Map(scores.map((c) => [c.key, state.weights.get(c.key)]));
    const ratedWeight = (r) => scores.reduce((sum, c) => sum + (weights.get(c.key) > 0 && r.values.get(c.key) !== null ? weights.get(c.key) : 0), 0);
    const wa = ratedWeight(a), wb = ratedWeight(b);
    const gap = sa.total - sb.total;
    const head = R.shown(gap) === "0.0"
      ? a.title + " and " + b.title + " are level (" + R.shown(sa.total) + ")."
      : a.title + " leads " + b.title + " by " + R.shown(gap) + " points (" + R.shown(sa.total) + " to " + R.shown(sb.total) + ").";
    box.append(el("p", { class: "pair-head", text: head }));
    const parts = [];
    for (const c of scores) {
      const w = weights.get(c.key);
      if (!(w > 0)) continue;
      const x = a.values.get(c.key), y = b.values.get(c.key);
      if (x === null && y === null) continue;
      const ca = x === null ? 0 : 100 * w * merit(c, x) / wa;
      const cb = y === null ? 0 : 100 * w * merit(c, y) / wb;
      const side = (r, v, share, total) => v === null ? r.title + " not rated (left out)" : r.title + " " + num(v) + ": " + num(w) + " × " + num(merit(c, v)) + " ÷ " + num(total) + " × 100 = " + R.shown(share);
      parts.push({ diff: ca - cb, text: c.label + ": " + (ca - cb >= 0 ? "+" : "−") + R.shown(Math.abs(ca - cb)) + " (" + side(a, x, ca, wa) + "; " + side(b, y, cb, wb) + ")" });
    }
    parts.sort((p, q) => Math.abs(q.diff) - Math.abs(p.diff));
    box.append(el("ul", {}, ...parts.map((p) => el("li", { text: p.text }))));
    box.append(el("p", { class: "hint", text: "Each total divides by the weights of its own rated criteria (" + a.title + ": " + num(wa) + ", " + b.title + ": " + num(wb) + "); the differences add up to " + R.shown(gap) + "." }));
    return box;
  }

  let compareKey = "";
  function renderCompare() {
    const n = state.compare.length;
    const hint = document.getElementById("compare-hint");
    hint.textContent = n === 0 ? "Tick 2 to 4 options in the ⇆ column to compare them side by side."
      : n === 1 ? "1 option selected: tick at least one more to compare."
      : `${n} options selected${n === MAX_COMPARE ? " (the most a comparison shows)" : ""}: the comparison is below the table.`;
    compareBar.querySelector("[data-action=clear-compare]").hidden = n === 0;
    for (const row of built) {
      const disabled = n >= MAX_COMPARE && !state.compare.includes(row.slug);
      if (row.compareBox.disabled !== disabled) row.compareBox.disabled = disabled;
    }
    if (n < 2) { compareSection.hidden = true; compareSection.replaceChildren(); compareKey = ""; keepClearOfDock(); return; }
    // Best first: the order of the ranking with the current weights.
    const chosen = state.compare.map((slug) => bySlug.get(slug))
      .sort((a, b) => (scores.length ? ranking.place[a.index] - ranking.place[b.index] : 0));
    const waiting = fetchFor(chosen, true);
    if (waiting) waiting.then(renderCompare);
    parseWaiting(chosen);
    const loading = (r) => !chunksDone.has(chunkOf(r)) && chunkOf(r) !== null;
    // Made again only when what it shows changed (not on every keystroke of a search).
    const key = [state.compare.join(","), weightsKey, state.hideSame, chosen.map((r) => statements.has(r.slug) + "" + Boolean(r.cells) + loading(r)).join()].join("|");
    if (key === compareKey) return;
    compareKey = key;
    const wasOpen = compareSection.querySelector("details") ? compareSection.querySelector("details").open : true;
    const head = el("tr", {}, el("td", {}));
    for (const row of chosen) head.append(el("th", { scope: "col" }, el("a", { href: row.href, text: row.title })));
    const body = el("tbody", {});
    const addRow = (label, cells, differs) => {
      const tr = el("tr", { class: differs ? "differs" : null }, el("th", { scope: "row" }, label, differs ? el("span", { class: "visually-hidden", text: " (differs)" }) : null));
      cells.forEach((cell, i) => { cell.dataset.option = chosen[i].title; tr.append(cell); });
      body.append(tr);
    };
    if (scores.length) {
      const s = chosen.map((r) => r.standing);
      // "best" only when it is sure: every total known and the best one's worst case above
      // every other's best case.
      const top = s.reduce((best, x, i) => (x.total !== null && (best < 0 || x.total > s[best].total) ? i : best), -1);
      const sure = top >= 0 && s.every((x, i) => i === top || (x.total !== null && x.range && s[top].range && s[top].range[0] > x.range[1]));
      addRow("Total (your weights)", chosen.map((r, i) => el("td", {},
        r.total === null ? "unrated" : R.shown(r.total) + (r.rank ? " (#" + r.rank + ")" : ""),
        s[i].rated < s[i].scored ? el("span", { class: "completeness", text: s[i].rated + " of " + s[i].scored + " rated, " + R.shown(s[i].range[0]) + " to " + R.shown(s[i].range[1]) }) : null,
        sure && i === top ? bestBadge() : null)), new Set(s.map((x) => x.total)).size > 1);
    }
    for (const c of criteria) {
      const values = chosen.map((r) => r.values.get(c.key));
      const texts = values.map((v) => JSON.stringify(v));
      // Never "best" against an unknown: only when every option is rated.
      let bestMerit = null;
      if (c.kind === "score" && values.every((v) => v !== null)) bestMerit = Math.max(...values.map((v) => merit(c, v)));
      const cells = chosen.map((r, i) => {
        const source = r.cells ? r.cells.get(c.key) : null;
        const td = el("td", {});
        if (source) td.innerHTML = source.innerHTML;
        const v = values[i];
        if (bestMerit !== null && merit(c, v) === bestMerit && new Set(texts).size > 1) td.append(bestBadge());
        return td;
      });
      addRow(c.label, cells, new Set(texts).size > 1);
    }
    // The statements are HTML the build rendered (and escaped) from their Markdown.
    const html = (tag, attrs, markup) => { const node = el(tag, attrs); node.innerHTML = markup; return node; };
    for (const { key: field, label } of fields.filter((f) => f.compare)) {
      const values = chosen.map((r) => (statements.has(r.slug) ? statements.get(r.slug)[field] : null));
      const cells = chosen.map((r, i) => {
        if (!statements.has(r.slug) && loading(r)) return el("td", { text: "Loading…" });
        const value = values[i];
        if (Array.isArray(value)) {
          if (!value.length) return el("td", { text: "—" });
          return el("td", {}, el("ul", { class: field }, ...value.map((item) => html("li", {}, item))));
        }
        return value ? html("td", {}, value) : el("td", { text: "—" });
      });
      addRow(label, cells, new Set(values.map((v) => JSON.stringify(v))).size > 1);
    }
    const compareTable = el("table", { class: "compare-table" + (state.hideSame ? " hide-same" : "") },
      el("caption", { text: "Side by side: " + chosen.map((r) => r.title).join(", ") + ", best first with your weights. Rows where the options differ are marked; “best” marks the best score in a row when every option is rated on it." }),
      el("thead", {}, head), body);
    const sameBox = el("input", { type: "checkbox", id: "compare-hide-same", name: "same", checked: state.hideSame });
    sameBox.addEventListener("change", () => change(() => { state.hideSame = sameBox.checked; }));
    const notes = el("div", { class: "compare-notes" });
    if (scores.length) {
      notes.append(el("h3", { text: "Why one leads another" }));
      for (const other of chosen.slice(1)) notes.append(explainPair(chosen[0], other));
      const dominance = [];
      for (const a of chosen) for (const b of chosen) {
        if (a !== b && dominates(a, b)) {
          const note = a.title + " is at least as good as " + b.title + " on every criterion both are rated on, and better on some";
          dominance.push(ranking.place[a.index] > ranking.place[b.index] ? note + " — yet ranks below it, through the criteria only one of them is rated on." : note + ".");
        }
      }
      if (dominance.length) notes.append(el("ul", { class: "dominance" }, ...dominance.map((t) => el("li", { text: t }))));
    }
    const details = el("details", { class: "compare-dock", open: wasOpen },
      el("summary", {}, el("h2", { id: "compare-title", text: "Side by side: " + chosen.map((r) => r.title).join(", ") })),
      el("div", { class: "check" }, sameBox, el("label", { for: "compare-hide-same", text: "Hide identical rows" })),
      el("div", { class: "table-scroll compare-scroll", role: "region", "aria-label": "Side-by-side table", tabindex: "0" }, compareTable),
      notes);
    compareSection.replaceChildren(details);
    compareSection.hidden = false;
    keepClearOfDock();
    details.addEventListener("toggle", keepClearOfDock);
  }

  // Scrolling to a focused control keeps it above the docked comparison.
  function keepClearOfDock() {
    document.documentElement.style.scrollPaddingBottom = compareSection.hidden ? "" : compareSection.offsetHeight + "px";
  }

  const bestBadge = () => el("span", { class: "best", text: "best" });

  // ---- events --------------------------------------------------------------------------

  // Each discrete change (a click, a tick) is one history entry. A run of edits of the same
  // control (typing in the search box, dragging a slider) is one entry too: its first edit
  // pushes, the rest replace.
  let editing = null;

  function change(mutate, control) {
    mutate();
    render();
    if (control && control === editing) {
      writeUrl("replace");
    } else {
      writeUrl("push");
      editing = control || null;
    }
  }

  searchInput.addEventListener("input", () => change(() => { state.q = searchInput.value.trim(); }, searchInput));
  unratedBox.addEventListener("change", () => change(() => { state.unrated = unratedBox.checked; }));

  for (const [key, boxes] of facetInputs) {
    for (const box of boxes) {
      box.addEventListener("change", () => change(() => {
        const set = state.facets.get(key) || new Set();
        if (box.checked) set.add(box.value); else set.delete(box.value);
        if (set.size) state.facets.set(key, set); else state.facets.delete(key);
      }));
    }
  }

  for (const [key, inputs] of rangeInputs) {
    const update = (control) => change(() => {
      const range = {};
      if (inputs.min.value !== "" && !Number.isNaN(inputs.min.valueAsNumber)) range.min = inputs.min.valueAsNumber;
      if (inputs.max.value !== "" && !Number.isNaN(inputs.max.valueAsNumber)) range.max = inputs.max.valueAsNumber;
      if (range.min === undefined && range.max === undefined) state.ranges.delete(key); else state.ranges.set(key, range);
    }, control);
    inputs.min.addEventListener("input", () => update(inputs.min));
    inputs.max.addEventListener("input", () => update(inputs.max));
  }

  for (const [key, { input }] of weightInputs) {
    input.addEventListener("input", () => change(() => state.weights.set(key, Number(input.value)), input));
  }
  weightPanel.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=reset-weights]")) change(() => { state.weights = defaults().weights; });
  });

  for (const [key, box] of columnInputs) {
    box.addEventListener("change", () => change(() => { if (box.checked) state.hidden.delete(key); else state.hidden.add(key); }));
  }

  for (const [key, { button }] of sortButtons) {
    button.addEventListener("click", (event) => change(() => {
      if (!state.sort.length) state.sort = effectiveSort().map((s) => ({ ...s }));
      const position = state.sort.findIndex((s) => s.key === key);
      const firstDir = key === "total" || (byKey.get(key) || {}).kind === "score" || (byKey.get(key) || {}).kind === "bool" ? "desc" : "asc";
      if (event.shiftKey) {
        if (position < 0) state.sort.push({ key, dir: firstDir });
        else state.sort[position].dir = state.sort[position].dir === "asc" ? "desc" : "asc";
      } else if (position === 0 && state.sort.length === 1) {
        state.sort[0].dir = state.sort[0].dir === "asc" ? "desc" : "asc";
      } else {
        state.sort = [{ key, dir: firstDir }];
      }
    }));
  }

  tbody.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.name !== "compare") return;
    change(() => {
      if (box.checked && !state.compare.includes(box.value) && state.compare.length < MAX_COMPARE) state.compare.push(box.value);
      if (!box.checked) state.compare = state.compare.filter((s) => s !== box.value);
    });
    const row = rows.find((r) => r.slug === box.value);
    const n = state.compare.length;
    announce((row ? row.title : box.value) + (box.checked ? " selected" : " no longer selected") + " for comparison; " + n + " selected."
      + (n >= 2 ? " The comparison of " + n + " options is shown below the table." : ""));
  });

  compareBar.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=clear-compare]")) change(() => { state.compare = []; });
  });

  resetButton.addEventListener("click", () => change(() => { state = defaults(); }));

  window.addEventListener("popstate", () => {
    // Another rater's view is another page load (the ranking model is made from the scores).
    if (new URLSearchParams(location.search).get("rater") !== askedRater) { location.reload(); return; }
    editing = null;
    state = readUrl();
    render();
  });

  // Printing: the comparison opens, and each shown cell carries its criterion's label for the
  // printed cards (taken off again afterwards, so the rows stay the build's HTML).
  const labels = new Map(criteria.map((c) => [c.key, c.label])
    .concat(columnFields.filter((f) => f.key !== nameKey).map((f) => [f.key, f.label]), [["total", "Total"]]));
  window.addEventListener("beforeprint", () => {
    const dock = compareSection.querySelector("details");
    if (dock) dock.open = true;
    // A long table prints every row on show that it has the HTML of, not the ones in view.
    if (onShow.length > VIRTUAL) {
      parseWaiting(onShow);
      const all = onShow.filter((row) => row.tr);
      for (const row of all) updateRow(ensureRow(row));
      tbody.replaceChildren(...all.map((row) => row.tr));
      held = all;
    }
    for (const row of held) for (const [key, cell] of row.cells) if (labels.has(key)) cell.dataset.label = labels.get(key);
  });
  window.addEventListener("afterprint", () => {
    for (const row of built) for (const cell of row.cells.values()) delete cell.dataset.label;
    if (onShow.length > VIRTUAL) fillTable();
  });

  state = readUrl();
  render();
  table.setAttribute("data-ready", "");
  if (window.performance && performance.mark) performance.mark("matrix-ready");
  }
})();
