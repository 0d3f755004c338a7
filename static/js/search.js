// tradeoff's site search: reads the index the build writes under search/ (see
// src/render/search.rs), a shard per word prefix, and shows the options that hold every word
// typed, best first, each with the text around the first word found on its page.
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  if (!root || !window.fetch || !window.HTMLDialogElement) return;
  var base = root.getAttribute("data-search-root") || "/";
  var opener = root.querySelector("[data-search-open]");
  var dialog = root.querySelector("dialog");
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var more = root.querySelector("[data-search-more]");
  var closer = root.querySelector("[data-search-close]");
  if (!opener || !dialog || !input || !status || !list || !more || !closer) return;
  root.hidden = false;

  // The same words as the index: runs of letters and digits, lowercased, without the
  // common words and the overlong runs the index leaves out (it lists them).
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var PAGE = 10;
  // A word shorter than its shards' prefixes matches words it begins only in this many.
  var MAX_PREFIX_SHARDS = 8;

  function queryWords(text, index) {
    var seen = {};
    var out = [];
    (text.match(WORD) || []).forEach(function (w) {
      w = w.toLowerCase();
      if (Array.from(w).length > index.max_word_chars || index.stop_words.indexOf(w) >= 0 || seen[w]) return;
      seen[w] = true;
      out.push(w);
    });
    return out;
  }

  var cache = {};
  function getJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  // The shards that can hold words beginning with `word`: the one of its longest prefix, and
  // those whose prefixes begin with it.
  function shardsFor(word, shards) {
    var holder = null;
    var deeper = [];
    shards.forEach(function (p) {
      if (word.startsWith(p) && (holder === null || p.length > holder.length)) holder = p;
      else if (p.length > word.length && p.startsWith(word)) deeper.push(p);
    });
    var out = holder === null ? [] : [holder];
    var partial = deeper.length > MAX_PREFIX_SHARDS;
    if (!partial) out = out.concat(deeper);
    return { shards: out, partial: partial };
  }

  // Each option's score for `word`: the best of the words that begin with it, a weight times
  // how rare the word is, a whole word counting more than a beginning.
  function scoresFor(word, shardData, documents, wholeOnly) {
    var scores = new Map();
    shardData.forEach(function (shard) {
      Object.keys(shard).forEach(function (term) {
        if (wholeOnly ? term !== word : !term.startsWith(word)) return;
        var postings = shard[term];
        var idf = Math.log(1 + documents / (postings.length / 2));
        var factor = term === word ? 1 : 0.6;
        var doc = 0;
        for (var i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var s = postings[i + 1] * idf * factor;
          if (!(scores.get(doc) >= s)) scores.set(doc, s);
        }
      });
    });
    return scores;
  }

  var generation = 0;
  var results = [];
  var shown = 0;
  var current = [];

  function search(text) {
    var run = ++generation;
    if (!text.trim()) {
      current = [];
      results = [];
      render(run, text);
      return;
    }
    getJson("search/index.json").then(function (index) {
      if (run !== generation) return;
      var words = queryWords(text, index);
      current = words;
      if (!words.length) {
        results = [];
        render(run, text);
        return;
      }
      // Words so short that too many words begin with them match only as whole words.
      var short = [];
      return Promise.all(words.map(function (word) {
        var found = shardsFor(word, index.shards);
        if (found.partial) short.push(word);
        return Promise.all(found.shards.map(function (p) {
          return getJson("search/terms/" + hex(p) + ".json");
        })).then(function (data) { return scoresFor(word, data, index.documents, found.partial); });
      })).then(function (perWord) {
        if (run !== generation) return;
        var total = perWord[0];
        perWord.slice(1).forEach(function (scores) {
          var next = new Map();
          total.forEach(function (s, doc) {
            if (scores.has(doc)) next.set(doc, s + scores.get(doc));
          });
          total = next;
        });
        results = Array.from(total.entries()).sort(function (a, b) {
          return b[1] - a[1] || a[0] - b[0];
        }).map(function (e) { return { doc: e[0] }; });
        results.perFile = index.per_file;
        results.short = short;
        render(run, text);
      });
    }).catch(function () {
      if (run !== generation) return;
      results = [];
      status.textContent = "Search is unavailable: its index could not be loaded.";
      list.replaceChildren();
      more.hidden = true;
    });
  }

  function render(run, text) {
    list.replaceChildren();
    shown = 0;
    if (!current.length) {
      status.textContent = text.trim() ? "Type a word that is not as common as “" + text.trim() + "”." : "";
      more.hidden = true;
      return;
    }
    var quoted = "“" + text.trim() + "”";
    status.textContent = results.length === 0
      ? "No option matches " + quoted + "."
      : results.length + (results.length === 1 ? " option matches " : " options match ") + quoted + ".";
    if (results.short && results.short.length) {
      status.textContent += " Too many words begin with " + results.short.map(function (w) {
        return "“" + w + "”";
      }).join(" and ") + " to look for them all: type more letters, or this is the whole word only.";
    }
    showMore(run);
  }

  function showMore(run) {
    var page = results.slice(shown, shown + PAGE);
    shown += page.length;
    more.hidden = shown >= results.length;
    var words = current;
    page.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = "…";
      link.appendChild(title);
      var subtitle = document.createElement("span");
      subtitle.className = "search-subtitle";
      link.appendChild(subtitle);
      var excerpt = document.createElement("p");
      excerpt.className = "search-excerpt";
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
      var per = results.perFile;
      getJson("search/docs/" + Math.floor(result.doc / per) + ".json").then(function (docs) {
        if (run !== generation) return;
        var entry = docs[result.doc % per];
        link.href = base + entry[0];
        title.textContent = entry[1];
        subtitle.textContent = entry[2] ? " " + entry[2] : "";
        return excerptOf(base + entry[0], words).then(function (parts) {
          if (run !== generation || !parts) return;
          excerpt.replaceChildren.apply(excerpt, parts);
        });
      });
    });
  }

  // The text of an option's page around the first place one of `words` begins a word, the
  // words marked.
  var pages = {};
  function excerptOf(url, words) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var main = doc.querySelector("main") || doc.body;
        main.querySelectorAll("script, style, nav, svg, h1, .breadcrumb, .heading-link").forEach(function (n) { n.remove(); });
        return (main.textContent || "").replace(/\s+/g, " ").trim();
      }).catch(function () { return ""; });
    }
    return pages[url].then(function (text) {
      if (!text) return null;
      var lower = text.toLowerCase();
      var at = -1;
      var found = "";
      words.forEach(function (w) {
        var re = new RegExp("(^|[^\\p{Alphabetic}\\p{N}])" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "u");
        var m = re.exec(lower);
        if (m) {
          var start = m.index + m[1].length;
          if (at < 0 || start < at) { at = start; found = w; }
        }
      });
      if (at < 0) return null;
      var from = Math.max(0, at - 60);
      var to = Math.min(text.length, at + found.length + 100);
      var slice = (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
      return mark(slice, words);
    });
  }

  function mark(text, words) {
    var pattern = new RegExp("(^|[^\\p{Alphabetic}\\p{N}])(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "giu");
    var parts = [];
    var last = 0;
    var m;
    while ((m = pattern.exec(text))) {
      var start = m.index + m[1].length;
      parts.push(document.createTextNode(text.slice(last, start)));
      var strong = document.createElement("mark");
      strong.textContent = text.substr(start, m[2].length);
      parts.push(strong);
      last = start + m[2].length;
      pattern.lastIndex = last;
    }
    parts.push(document.createTextNode(text.slice(last)));
    return parts;
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 60);
  });
  input.addEventListener("keydown", function (e) {
    // A search field's own Escape only clears it; here it closes the search, as anywhere
    // else in the dialog.
    if (e.key === "Escape") {
      e.preventDefault();
      dialog.close();
    } else if (e.key === "ArrowDown") {
      var first = list.querySelector("a");
      if (first) { e.preventDefault(); first.focus(); }
    } else if (e.key === "Enter") {
      e.preventDefault();
      var top = list.querySelector("a[href]");
      if (top) top.click();
    }
  });
  list.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.from(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    e.preventDefault();
    if (e.key === "ArrowUp" && at === 0) input.focus();
    else if (links[at + (e.key === "ArrowDown" ? 1 : -1)]) links[at + (e.key === "ArrowDown" ? 1 : -1)].focus();
  });
  more.addEventListener("click", function () {
    var next = list.children.length;
    showMore(generation);
    var link = list.children[next] && list.children[next].querySelector("a");
    if (link) link.focus();
  });

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
  }
  opener.addEventListener("click", open);
  closer.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { opener.focus(); });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", function (e) {
    if (e.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.key === "/") {
      e.preventDefault();
      open();
    }
  });
})();
