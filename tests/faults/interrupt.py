#!/usr/bin/env python3
"""Interrupts `tradeoff build` at random points, many times, and checks after each that the
output folder holds exactly the previous build or the new one: never a mix, never an empty or
half-written page, never a working file left behind.

    interrupt.py [--bin target/release/tradeoff] [--options 2000] [--rounds 60] [--seed S]

Two versions of a generated site (bench/gen_corpus.py) alternate as the build's input: B has
another title (so every page changes), 20 options fewer and 20 others. Each round builds the
other version into the same folder and sends SIGINT or SIGTERM, either at a random moment of
the whole build or while its commit is under way (once its journal appears). A few rounds send
SIGKILL instead, which no program can hold: then the next build must put back the commit cut
short before it does anything else. Prints what happened; exits 1 on the first wrong folder.
Python 3 standard library only.
"""
import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOURNAL = ".tradeoff-commit"


def tree(folder):
    """Every file under `folder`: relative path → SHA-256 of its bytes."""
    files = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return files


def describe(found, expected):
    """The first few differences between two trees, for the failure message."""
    lines = []
    for path in sorted(set(found) | set(expected)):
        if found.get(path) != expected.get(path):
            state = "missing" if path not in found else "extra" if path not in expected else "differs"
            lines.append(f"  {path}: {state}")
    return "\n".join(lines[:10]) + (f"\n  … {len(lines) - 10} more" if len(lines) > 10 else "")


def make_versions(work, options):
    """Writes sites A and B, and a broken site whose build stops after checking the output."""
    a = os.path.join(work, "a")
    subprocess.run([sys.executable, os.path.join(REPO, "bench/gen_corpus.py"), str(options), a],
                   check=True, stdout=subprocess.DEVNULL)
    b = os.path.join(work, "b")
    shutil.copytree(a, b)
    with open(os.path.join(b, "site.toml"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(b, "site.toml"), "w", encoding="utf-8") as f:
        f.write(text.replace('title = "Backend frameworks"', 'title = "Backend frameworks, again"', 1))
    names = sorted(n for n in os.listdir(os.path.join(b, "content")) if n != "_index.md")
    for name in names[:20]:
        os.remove(os.path.join(b, "content", name))
    # Links to the removed options become plain text.
    removed = re.compile(r"\[([^\]]*)\]\((?:%s)(?:#[^)]*)?\)" % "|".join(re.escape(n) for n in names[:20]))
    for name in os.listdir(os.path.join(b, "content")):
        path = os.path.join(b, "content", name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        unlinked = removed.sub(r"\1", text)
        if unlinked != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(unlinked)
    for i, name in enumerate(names[-20:]):
        with open(os.path.join(b, "content", name), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(b, "content", f"zz-added-{i}.md"), "w", encoding="utf-8") as f:
            f.write(text.replace('title = "', f'title = "Added {i} ', 1))
    broken = os.path.join(work, "broken")
    os.makedirs(os.path.join(broken, "content"))
    with open(os.path.join(broken, "site.toml"), "w", encoding="utf-8") as f:
        f.write("title = \n")
    return {"A": a, "B": b}, broken


def build(binary, root, out, **kwargs):
    return subprocess.Popen([binary, "build", "--root", root, "--output", out],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.path.join(REPO, "target/release/tradeoff"))
    parser.add_argument("--options", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"interrupt.py: {args.rounds} rounds on {args.options} options, seed {args.seed}")
    work = tempfile.mkdtemp(prefix="tradeoff-interrupt-")
    try:
        versions, broken = make_versions(work, args.options)
        expected = {}
        for name, root in versions.items():
            out = os.path.join(work, f"expected-{name}")
            proc = build(args.bin, root, out)
            _, err = proc.communicate()
            if proc.returncode != 0:
                sys.exit(f"building {name} failed:\n{err.decode()}")
            expected[name] = tree(out)
        out = os.path.join(work, "public")
        shutil.copytree(os.path.join(work, "expected-A"), out)
        current = "A"
        started = time.monotonic()
        proc = build(args.bin, versions["B"], out)
        proc.communicate()
        whole = time.monotonic() - started
        current = "B"
        if tree(out) != expected["B"]:
            sys.exit("an uninterrupted build did not give the expected output")
        print(f"an uninterrupted rebuild takes {whole:.2f} s")
        outcomes = {}
        for round_ in range(args.rounds):
            target = "A" if current == "B" else "B"
            kill = round_ % 6 == 5
            sig = signal.SIGKILL if kill else rng.choice([signal.SIGINT, signal.SIGTERM])
            during_commit = rng.random() < 0.5
            proc = build(args.bin, versions[target], out)
            if during_commit:
                while proc.poll() is None and not os.path.exists(os.path.join(out, JOURNAL)):
                    time.sleep(0.0005)
                time.sleep(rng.uniform(0, 0.3))
            else:
                time.sleep(rng.uniform(0, whole * 1.2))
            if proc.poll() is None:
                proc.send_signal(sig)
            _, err = proc.communicate()
            err = err.decode(errors="replace")
            if "panicked" in err:
                sys.exit(f"round {round_}: the build panicked:\n{err}")
            if kill:
                # A commit cut short is put back by the next build, before anything else:
                # a build of a broken site gets that far and no further.
                fixer = build(args.bin, broken, out)
                _, fix_err = fixer.communicate()
                if b"cannot" in fix_err or b"damaged" in fix_err:
                    sys.exit(f"round {round_}: putting back failed:\n{fix_err.decode()}")
            found = tree(out)
            if found == expected[target]:
                state = target
            elif found == expected[current]:
                state = current
            else:
                print(f"round {round_}: {sig.name} left a mix (building {current} → {target}, "
                      f"exit {proc.returncode}); against {target}:\n{describe(found, expected[target])}"
                      f"\nagainst {current}:\n{describe(found, expected[current])}\n{err}")
                return 1
            key = (sig.name, "in commit" if during_commit else "anytime",
                   "new" if state == target else "old",
                   "finished" if proc.returncode == 0 else "stopped")
            outcomes[key] = outcomes.get(key, 0) + 1
            current = state
        for key in sorted(outcomes):
            print(f"  {outcomes[key]:3} × {' '.join(key)}")
        print(f"{args.rounds} rounds: the output was always the previous build or the new one")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
