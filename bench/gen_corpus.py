#!/usr/bin/env python3
"""Writes a deterministic benchmark corpus: N made-up options, as a tradeoff site and, if asked,
as the equivalent Hugo site (same options, same Markdown bodies, one page per option plus one
matrix page listing every option with its fields).

    gen_corpus.py N OUT [--seed S] [--hugo HUGO_OUT]

OUT gets site.toml and content/<slug>.md; HUGO_OUT gets config.toml, layouts/ and
content/options/<slug>.md. Each body has 600-1,200 words: headings, paragraphs with emphasis
and links (one to another option's file), a bullet list, a fenced code block and a table.
Python 3 standard library only; the same N and seed always give the same bytes.
"""
import argparse
import os
import random

LANGUAGES = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "Kotlin", "Ruby", "PHP", "Elixir", "C#"]
CATEGORIES = ["microframework", "full-stack", "async API", "batteries-included", "minimalist", "enterprise", "real-time"]
TAGS = ["rest", "graphql", "websockets", "orm", "templating", "async", "typed", "middleware", "openapi",
        "auth", "caching", "testing", "plugins", "hot-reload", "grpc", "validation", "i18n", "serverless"]
SYLLABLES = ["ar", "bel", "cor", "dan", "el", "fin", "gor", "hal", "ir", "jun", "kel", "lor", "mar", "nim",
             "or", "pel", "quin", "ros", "sol", "tar", "ul", "ver", "wex", "yor", "zen"]
NOUNS = ["router", "handler", "middleware", "session", "request", "schema", "migration", "plugin",
         "template", "worker", "queue", "cache", "controller", "serializer", "validator"]
ADJECTIVES = ["fast", "small", "predictable", "typed", "well-tested", "flexible", "explicit", "modular",
              "lightweight", "mature", "ergonomic", "robust"]
PROS = ["Small core that is easy to read end to end", "Excellent documentation with worked examples",
        "First-class async support", "Strong typing catches mistakes before deployment",
        "Friendly and responsive community", "Low memory use under sustained load",
        "Predictable releases with long-term support", "Batteries included for common tasks",
        "Fast cold start on serverless platforms", "Clear error messages"]
CONS = ["Smaller ecosystem than the market leaders", "Async story still evolving",
        "Verbose configuration for simple projects", "Conventions can hide what actually happens",
        "Few built-in tools for background jobs", "Breaking changes between major versions",
        "Higher memory use than lighter alternatives", "Sparse documentation for advanced topics"]
BEST_FOR = ["small REST APIs", "multi-tenant SaaS backends", "internal tools", "high-throughput services",
            "teams new to backend work", "long-lived enterprise systems", "real-time dashboards"]


def name_of(rng, index):
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return f"{word.capitalize()} {index}"


def sentence(rng, name):
    templates = [
        "In practice the *{noun}* is where {name} shows its {adj} design.",
        "Most reports about {name} concern the {noun}, which is **{adj}** but not always obvious.",
        "A typical service built with {name} keeps the {noun} thin and pushes rules into plain modules.",
        "Benchmarks are a rough signal, but {name} handles a `{noun}` call with little overhead.",
        "The maintainers keep a [guide](https://example.org/{slug}/{noun}) on the {noun} with many recipes.",
        "Errors are {adj} and usually point at the faulty {noun}.",
        "Deployment is plain: build an image, expose one port, and let the {noun} scale out.",
    ]
    template = rng.choice(templates)
    return template.format(noun=rng.choice(NOUNS), adj=rng.choice(ADJECTIVES), name=name,
                           slug=name.lower().replace(" ", "-"))


def paragraph(rng, name, words):
    out, count = [], 0
    while count < words:
        s = sentence(rng, name)
        out.append(s)
        count += len(s.split())
    return " ".join(out), count


def body(rng, name, other_file, other_name):
    target = rng.randint(600, 1200)
    parts, words = [], 0
    sections = ["Overview", "Getting started", "Architecture", "Performance", "Ecosystem", "Operations", "Verdict"]
    for i, title in enumerate(sections):
        parts.append(f"## {title}\n")
        text, n = paragraph(rng, name, rng.randint(60, 110))
        parts.append(text + "\n")
        words += n + 2
        if i == 1:
            parts.append("```python\nfrom app import App\n\napp = App(\"%s\")\n\n@app.get(\"/items/{id}\")\n"
                         "def item(id: int):\n    return {\"id\": id}\n```\n" % name.lower())
        if i == 2:
            parts.append("### Moving parts\n")
            for noun in rng.sample(NOUNS, 4):
                parts.append(f"- the {noun}: {rng.choice(ADJECTIVES)} and replaceable")
            parts.append("")
        if i == 3:
            parts.append("| Workload | Requests/s | p99 (ms) |\n|---|---:|---:|")
            for load in ["JSON echo", "DB read", "Template"]:
                parts.append(f"| {load} | {rng.randint(2, 90) * 1000} | {rng.randint(2, 80)} |")
            parts.append("")
            parts.append(f"Compare with [{other_name}]({other_file}) for a different trade-off.\n")
        if words >= target and i >= 4:
            break
    while words < target:
        text, n = paragraph(rng, name, min(120, target - words + 10))
        parts.append(text + "\n")
        words += n
    return "\n".join(parts)


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


SITE_TOML = """title = "Backend frameworks"
description = "A generated benchmark corpus."
base_url = "https://example.org/"

[[criteria]]
key = "language"
kind = "text"
filterable = true

[[criteria]]
key = "category"
kind = "text"
filterable = true

[[criteria]]
key = "learning_curve"
label = "Ease of learning"
kind = "score"
weight = 2

[[criteria]]
key = "performance"
kind = "score"

[[criteria]]
key = "ops_cost"
label = "Operations cost"
kind = "score"
better = "lower"

[[criteria]]
key = "tags"
kind = "tags"
"""

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Backend frameworks"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT", "taxonomy", "term", "404"]
disableHugoGeneratorInject = true
[taxonomies]
[markup.highlight]
codeFences = false
[markup.goldmark.extensions]
typographer = false
"""

HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<p><a href="{{ "options/" | relURL }}">Matrix</a></p>
<h1>{{ .Title }}</h1>
<dl>
<dt>Language</dt><dd>{{ .Params.language }}</dd>
<dt>Category</dt><dd>{{ .Params.category }}</dd>
<dt>Ease of learning</dt><dd>{{ .Params.learning_curve.score }}/5 {{ .Params.learning_curve.why }}</dd>
<dt>Performance</dt><dd>{{ .Params.performance.score }}/5 {{ .Params.performance.why }}</dd>
<dt>Operations cost</dt><dd>{{ .Params.ops_cost.score }}/5 {{ .Params.ops_cost.why }}</dd>
<dt>Best for</dt><dd>{{ .Params.best_for }}</dd>
<dt>Tags</dt><dd>{{ delimit .Params.tags ", " }}</dd>
</dl>
<h2>Pros</h2><ul>{{ range .Params.pros }}<li>{{ . }}</li>{{ end }}</ul>
<h2>Cons</h2><ul>{{ range .Params.cons }}<li>{{ . }}</li>{{ end }}</ul>
<article>{{ .Content }}</article>
</body></html>
"""

HUGO_LIST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<table><thead><tr><th>Option</th><th>Language</th><th>Category</th><th>Ease of learning</th><th>Performance</th><th>Operations cost</th><th>Best for</th><th>Tags</th></tr></thead>
<tbody>
{{ range .Pages.ByTitle }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.language }}</td><td>{{ .Params.category }}</td><td>{{ .Params.learning_curve.score }} {{ .Params.learning_curve.why }}</td><td>{{ .Params.performance.score }} {{ .Params.performance.why }}</td><td>{{ .Params.ops_cost.score }} {{ .Params.ops_cost.why }}</td><td>{{ .Params.best_for }}</td><td>{{ delimit .Params.tags ", " }}</td></tr>
{{ end }}</tbody></table>
</body></html>
"""

HUGO_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1><p><a href="{{ "options/" | relURL }}">Matrix</a></p>
<ul>{{ range (where .Site.RegularPages "Section" "options").ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.best_for }}</li>{{ end }}</ul>
</body></html>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    names = [name_of(rng, i) for i in range(args.n)]
    slugs = [n.lower().replace(" ", "-") for n in names]
    write(os.path.join(args.out, "site.toml"), SITE_TOML)
    write(os.path.join(args.out, "content", "_index.md"), "A generated comparison of %d options.\n" % args.n)
    if args.hugo:
        write(os.path.join(args.hugo, "config.toml"), HUGO_CONFIG)
        write(os.path.join(args.hugo, "layouts", "_default", "single.html"), HUGO_SINGLE)
        write(os.path.join(args.hugo, "layouts", "_default", "list.html"), HUGO_LIST)
        write(os.path.join(args.hugo, "layouts", "index.html"), HUGO_INDEX)
        write(os.path.join(args.hugo, "content", "options", "_index.md"), "+++\ntitle = \"Matrix\"\n+++\n")
    total_words = 0
    for i, (name, slug) in enumerate(zip(names, slugs)):
        other = (i + 1) % args.n
        text = body(rng, name, slugs[other] + ".md", names[other])
        total_words += len(text.split())
        fields = [
            f"title = {toml_string(name)}",
            f"language = {toml_string(rng.choice(LANGUAGES))}",
            f"category = {toml_string(rng.choice(CATEGORIES))}",
            f"best_for = {toml_string(rng.choice(BEST_FOR))}",
            f"tags = {toml_list(rng.sample(TAGS, rng.randint(2, 5)))}",
            f"pros = {toml_list(rng.sample(PROS, rng.randint(3, 6)))}",
            f"cons = {toml_list(rng.sample(CONS, rng.randint(2, 5)))}",
        ]
        for key in ["learning_curve", "performance", "ops_cost"]:
            score = rng.randint(1, 5)
            why = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}, judged from the notes below."
            fields.append(f"{key} = {{ score = {score}, why = {toml_string(why)} }}")
        front = "+++\n" + "\n".join(fields) + "\n+++\n"
        write(os.path.join(args.out, "content", slug + ".md"), front + text)
        if args.hugo:
            write(os.path.join(args.hugo, "content", "options", slug + ".md"), front + text)
    print(f"wrote {args.n} options to {args.out}" + (f" and {args.hugo}" if args.hugo else "")
          + f"; body words: {total_words}, mean {total_words // max(1, args.n)}")


if __name__ == "__main__":
    main()
