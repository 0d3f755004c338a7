#!/usr/bin/env python3
"""Writes the rich benchmark corpus: the example site's own schema and theme at N options.

    gen_rich.py N OUT [--seed S] [--hugo HUGO_OUT]

OUT gets the example's site.toml (its theme is the built-in one, this repository's templates/
and static/), and content/ with the example's six options plus N - 6 clones of them: each clone keeps its
original's front matter (eleven criteria, every score with a reason, pros, cons, best for) with
its own title and order, and its body is the original's followed by a generated 600-1,200-word
body (headings, emphasis, links to other options, a list, a fenced code block, a table) from
gen_corpus.py. HUGO_OUT gets the same front matter and bodies as a Hugo site whose minimal
templates print the same fields (one page per option, one matrix page, one landing page).
Python 3 standard library only; the same N and seed always give the same bytes.
"""
import argparse
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402  (the generated bodies are shared with the plain corpus)

SCORES = ["ease_of_learning", "structure", "built_in_features", "validation", "realtime",
          "ops_burden", "mvp_fit", "maintainability"]

# The plain corpus's Hugo settings (highlighting, feeds and taxonomies off), under the example's title.
HUGO_CONFIG = gen_corpus.HUGO_CONFIG.replace('title = "Backend frameworks"',
                                             'title = "Choosing a backend for our REST API"')

SCORE_KEYS = "(slice " + " ".join(f'"{k}"' for k in SCORES) + ")"

HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<p><a href="{{ "options/" | relURL }}">Matrix</a></p>
<h1>{{ .Title }}</h1><p>{{ .Params.subtitle }}</p>
<p>Best for: {{ .Params.best_for }}</p>
<dl>
<dt>Runtime</dt><dd>{{ .Params.runtime }}</dd>
<dt>Language</dt><dd>{{ with .Params.language }}{{ delimit . ", " }}{{ end }}</dd>
<dt>Auth built in</dt><dd>{{ .Params.builtin_auth }}</dd>
{{ range $key := SCORE_KEYS }}{{ with index $.Params $key }}<dt>{{ $key }}</dt><dd>{{ .score }}/5 {{ .why }}</dd>{{ end }}{{ end }}
</dl>
<h2>Pros</h2><ul>{{ range .Params.pros }}<li>{{ . }}</li>{{ end }}</ul>
<h2>Cons</h2><ul>{{ range .Params.cons }}<li>{{ . }}</li>{{ end }}</ul>
<article>{{ .Content }}</article>
</body></html>
""".replace("SCORE_KEYS", SCORE_KEYS)

HUGO_LIST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<table><thead><tr><th>Option</th><th>Runtime</th><th>Language</th><th>Auth built in</th>{{ range $key := SCORE_KEYS }}<th>{{ $key }}</th>{{ end }}<th>Best for</th></tr></thead>
<tbody>
{{ range .Pages.ByWeight }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.runtime }}</td><td>{{ with .Params.language }}{{ delimit . ", " }}{{ end }}</td><td>{{ .Params.builtin_auth }}</td>{{ $page := . }}{{ range $key := SCORE_KEYS }}<td>{{ with index $page.Params $key }}{{ .score }} {{ .why }}{{ end }}</td>{{ end }}<td>{{ .Params.best_for }}</td></tr>
{{ end }}</tbody></table>
</body></html>
""".replace("SCORE_KEYS", SCORE_KEYS)

HUGO_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1><p><a href="{{ "options/" | relURL }}">Matrix</a></p>
{{ .Content }}
<ul>{{ range (where .Site.RegularPages "Section" "options").ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Params.best_for }}<ul>{{ range .Params.pros }}<li>{{ . }}</li>{{ end }}</ul></li>{{ end }}</ul>
</body></html>
"""


def split_front_matter(text):
    match = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n(.*)", text, re.S)
    if not match:
        sys.exit("an example option has no +++ front matter")
    return match.group(1), match.group(2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo")
    args = parser.parse_args()

    content = os.path.join(REPO, "content")
    originals = sorted(f for f in os.listdir(content) if f.endswith(".md") and f != "_index.md")
    examples = []
    for name in originals:
        with open(os.path.join(content, name), encoding="utf-8") as f:
            front, body = split_front_matter(f.read())
        title = re.search(r'^title = "(.*)"$', front, re.M).group(1)
        front = re.sub(r"^order = .*\n", "", front, flags=re.M)
        examples.append((name[:-3], title, front, body))

    os.makedirs(os.path.join(args.out, "content"), exist_ok=True)
    shutil.copy(os.path.join(REPO, "site.toml"), os.path.join(args.out, "site.toml"))
    with open(os.path.join(content, "_index.md"), encoding="utf-8") as f:
        index = f.read()
    gen_corpus.write(os.path.join(args.out, "content", "_index.md"), index)
    if args.hugo:
        gen_corpus.write(os.path.join(args.hugo, "config.toml"), HUGO_CONFIG)
        gen_corpus.write(os.path.join(args.hugo, "layouts", "_default", "single.html"), HUGO_SINGLE)
        gen_corpus.write(os.path.join(args.hugo, "layouts", "_default", "list.html"), HUGO_LIST)
        gen_corpus.write(os.path.join(args.hugo, "layouts", "index.html"), HUGO_INDEX)
        gen_corpus.write(os.path.join(args.hugo, "content", "_index.md"), index)
        gen_corpus.write(os.path.join(args.hugo, "content", "options", "_index.md"), "+++\ntitle = \"Matrix\"\n+++\n")

    rng = random.Random(args.seed)
    total = max(args.n, len(examples))
    files = []
    for i in range(total):
        slug, title, front, body = examples[i % len(examples)]
        if i >= len(examples):
            slug, title = f"{slug}-{i}", f"{title} {i}"
            front = re.sub(r'^title = ".*"$', f"title = {gen_corpus.toml_string(title)}", front, count=1, flags=re.M)
        files.append((slug, title, front, body))
    words = 0
    for i, (slug, title, front, body) in enumerate(files):
        if i >= len(examples):
            other_slug, other_title = files[(i + 1) % total][:2]
            body = body.rstrip("\n") + "\n\n" + gen_corpus.body(rng, title, other_slug + ".md", other_title)
        words += len(body.split())
        text = f"+++\n{front}\norder = {i + 1}\n+++\n{body}"
        gen_corpus.write(os.path.join(args.out, "content", slug + ".md"), text)
        if args.hugo:
            hugo_text = f"+++\n{front}\nweight = {i + 1}\n+++\n{body}"
            gen_corpus.write(os.path.join(args.hugo, "content", "options", slug + ".md"), hugo_text)
    print(f"wrote {total} options to {args.out}" + (f" and {args.hugo}" if args.hugo else "")
          + f"; body words: {words}, mean {words // total}")


if __name__ == "__main__":
    main()
