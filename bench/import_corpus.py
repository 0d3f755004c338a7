#!/usr/bin/env python3
"""How `tradeoff import` does on real documents: tests/fixtures/import/real/.

    bench/import_corpus.py [--bin PATH] [--only NAME] [--verbose] [--keep DIR]

For each document listed in tests/fixtures/import/real/README.md (its table gives the number of
options a reader counts): `tradeoff init` a fresh site, `tradeoff import` the document into it,
`tradeoff build` it, then extract the document's statements (each line of text, list item and
table cell, without Markdown markup, link targets, "Good, because" labels and their
translations) and look for each, word for word, in the text of the built pages. Prints one row
per document: options real/found, statements kept/total, whether the import and the build
succeeded; then the totals. --verbose lists the statements that did not reach the pages.
Exits 1 when a document does not build. Needs Python 3.8+ and a tradeoff binary (default
target/release/tradeoff, else target/debug/tradeoff).
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.join(REPO, "tests", "fixtures", "import", "real")

# The MADR argument labels a pro or con loses when it becomes one, in the template's languages.
LABEL = re.compile(
    r"^(good|bad|neutral|ok|bon(ne)?s?|mauvaise?s?|neutres?|gut|schlecht|neutral|bueno|malo|"
    r"neutro|bom|ruim|positiv[eo]?|negativ[eo]?|pro|contra?)\s*(,|:)\s*"
    r"(because|car|parce que|weil|da|porque|pois)?\s*",
    re.IGNORECASE,
)
MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?")
INLINE_LINK = re.compile(r"\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
SHORTCUT = re.compile(r"\[([^\]^][^\]]*)\]")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>]+)>")
TAG = re.compile(r"<[^>]+>")
# Tags inside a line of text: dropped without a space, so that `<a>x</a>.` reads `x.`.
INLINE_TAG = re.compile(r"</?(a|em|strong|code|span|b|i|s|del|sup|sub|mark|kbd|abbr)\b[^>]*>", re.I)
DEFINITION = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s*\S")
FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")


def normalise(text):
    """Lowercase, emphasis and code marks dropped, spaces collapsed: how both sides compare."""
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).lower()


CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def inline_text(line):
    """The text a reader sees of one line of inline Markdown: code spans as they render, links
    and markup around them as elsewhere."""
    spans = []

    def hold(m):
        content = m.group(2)
        if content.startswith(" ") and content.endswith(" ") and content.strip():
            content = content[1:-1]
        spans.append(content)
        return f"\x00{len(spans) - 1}\x00"

    line = outside_code(CODE_SPAN.sub(hold, line))
    return re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], line).strip()


def outside_code(line):
    line = IMAGE.sub(" ", line)
    line = INLINE_LINK.sub(r"\1", line)
    line = REF_LINK.sub(r"\1", line)
    line = FOOTNOTE_REF.sub("", line)
    line = SHORTCUT.sub(r"\1", line)
    line = AUTOLINK.sub(r"\1", line)
    line = TAG.sub(" ", line)
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>])", r"\1", line)
    return html.unescape(line)


def split_cells(row):
    """A table row's cells: pipes not escaped and not inside code split it."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells, cell, code, i = [], "", 0, 0
    while i < len(row):
        c = row[i]
        if c == "\\" and i + 1 < len(row) and row[i + 1] == "|":
            cell += "|"
            i += 2
            continue
        if c == "`":
            run = len(row[i:]) - len(row[i:].lstrip("`"))
            code = 0 if code == run else (run if code == 0 else code)
            cell += row[i : i + run]
            i += run
            continue
        if c == "|" and code == 0:
            cells.append(cell)
            cell = ""
        else:
            cell += c
        i += 1
    cells.append(cell)
    return cells


def statements(markdown):
    """Each statement of a document with its line number."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    text = "\n".join(lines[start:])
    # Comments are not shown.
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    out = []
    fence = None
    for number, raw in enumerate(text.split("\n"), start=start + 1):
        stripped = raw.strip()
        opening = re.match(r"^\s*(`{3,}|~{3,})", raw)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            elif stripped:
                out.append((number, stripped))
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not stripped or re.match(r"^(#{1,6}\s|#{1,6}$)", stripped):
            continue
        if re.match(r"^([-*_]\s*){3,}$", stripped) or re.match(r"^=+$|^-+$", stripped):
            continue
        if DEFINITION.match(raw):
            continue
        if stripped.startswith("|"):
            if re.match(r"^\|?[\s:|-]+\|?$", stripped):
                continue
            for cell in split_cells(stripped):
                cell = inline_text(cell)
                if len(cell) > 1:
                    out.append((number, cell))
            continue
        line = FOOTNOTE_DEF.sub("", raw)
        line = MARKER.sub("", line)
        line = re.sub(r"^\s*(>\s*)+", "", line)
        line = inline_text(line)
        line = LABEL.sub("", line)
        if len(line) > 1 and re.search(r"\w", line):
            out.append((number, line))
    return out


def visible_text(public):
    """The text of every built page, tags dropped and entities decoded."""
    parts = []
    for folder, _, files in os.walk(public):
        for name in sorted(files):
            if name.endswith(".html"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    page = f.read()
                page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
                page = INLINE_TAG.sub("", page)
                parts.append(html.unescape(TAG.sub(" ", page)))
    return normalise(" ".join(parts))


def corpus():
    """(file, options a reader counts) from the README's table."""
    rows = []
    with open(os.path.join(CORPUS, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\|\s*`([^`]+\.md)`\s*\|\s*(\d+)\s*\|", line)
            if m:
                rows.append((m.group(1), int(m.group(2))))
    return rows


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def measure(binary, name, real, keep):
    work = tempfile.mkdtemp(prefix="tradeoff-import-")
    site = os.path.join(work, "site")
    try:
        init = run([binary, "init", site])
        if init.returncode != 0:
            raise SystemExit(f"init failed: {init.stderr}")
        document = os.path.join(CORPUS, name)
        imported = run([binary, "import", document, "--root", site])
        content = os.path.join(site, "content")
        found = len([f for f in os.listdir(content) if f.endswith(".md") and f != "_index.md"])
        if imported.returncode != 0:
            found = 0
        built = run([binary, "build", "--root", site])
        with open(document, encoding="utf-8") as f:
            source = statements(f.read())
        seen = visible_text(os.path.join(site, "public")) if built.returncode == 0 else ""
        missing = [(n, s) for n, s in source if normalise(s) not in seen]
        if keep:
            target = os.path.join(keep, name[:-3])
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(site, target)
        return {
            "name": name,
            "real": real,
            "found": found,
            "kept": len(source) - len(missing),
            "total": len(source),
            "imported": imported.returncode == 0,
            "builds": built.returncode == 0,
            "missing": missing,
            "import_err": imported.stderr.strip(),
            "build_err": built.stderr.strip(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", help="the tradeoff binary")
    parser.add_argument("--only", help="only documents whose name contains this")
    parser.add_argument("--verbose", action="store_true", help="list what did not arrive")
    parser.add_argument("--keep", help="copy each imported site into this folder")
    args = parser.parse_args()
    binary = args.bin
    if not binary:
        for candidate in ("release", "debug"):
            path = os.path.join(REPO, "target", candidate, "tradeoff")
            if os.path.exists(path):
                binary = path
                break
    if not binary:
        raise SystemExit("no tradeoff binary: run cargo build --release, or pass --bin")
    rows = [measure(binary, n, r, args.keep) for n, r in corpus() if not args.only or args.only in n]
    width = max(len(r["name"]) for r in rows)
    print(f"{'document':{width}}  options real/found  statements kept/total  import  builds")
    for r in rows:
        opts = f"{r['real']}/{r['found']}"
        stmts = f"{r['kept']}/{r['total']}"
        print(
            f"{r['name']:{width}}  {opts:>18}  {stmts:>21}  {'yes' if r['imported'] else 'NO':>6}"
            f"  {'yes' if r['builds'] else 'NO':>6}"
        )
        if args.verbose:
            if not r["imported"]:
                print("    import: " + r["import_err"].replace("\n", "\n    "))
            if not r["builds"]:
                print("    build: " + r["build_err"].replace("\n", "\n    "))
            for n, s in r["missing"]:
                print(f"    missing {r['name']}:{n}: {s}")
    right = sum(1 for r in rows if r["real"] == r["found"])
    builds = sum(1 for r in rows if r["builds"])
    kept = sum(r["kept"] for r in rows)
    total = sum(r["total"] for r in rows)
    print(
        f"\n{len(rows)} documents: options right in {right}, {builds} build, "
        f"{kept}/{total} statements ({100.0 * kept / max(total, 1):.1f}%) on the built pages"
    )
    return 0 if builds == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
