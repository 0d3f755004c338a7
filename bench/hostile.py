#!/usr/bin/env python3
"""Times `tradeoff check` on hostile input that once took quadratic time, at two sizes each, so
that the figures show whether the time grows with the input (linear) or faster.

    hostile.py [--bin target/release/tradeoff] [--scale 1.0]

Each case is one option file added to tests/fixtures/minimal:
  keys      N unknown front-matter keys (N = 20,000 and 100,000)
  headings  N identical headings in the body (N = 5,000 and 20,000)
  anchors   N broken `#anchor` links on one line (N = 5,000 and 20,000)
Prints the seconds and peak memory of each run and the ratio of the two times beside the ratio
of the sizes. Python 3 standard library only; Linux (reads the child's peak memory).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAD = '+++\ntitle = "Hostile"\nlicense = "GPL"\n'
CASES = {
    "keys": (lambda n: HEAD + "".join(f"unknown_key_{i} = 1\n" for i in range(n)) + "+++\nBody.\n",
             [20_000, 100_000]),
    "headings": (lambda n: HEAD + "+++\n" + "## Same\n\n" * n, [5_000, 20_000]),
    "anchors": (lambda n: HEAD + "+++\n" + "[a](#missing) " * n + "\n", [5_000, 20_000]),
}


def run(binary, site):
    """Seconds, peak memory (MB) and the last line of stderr of one `tradeoff check`."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([binary, "check", "--root", site], stdout=subprocess.DEVNULL,
                                stderr=err)
        _, _, usage = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - started
        proc.returncode = 0
        err.seek(0)
        last = err.read().decode(errors="replace").strip().splitlines()[-1:]
    return elapsed, usage.ru_maxrss / 1024, last[0] if last else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.path.join(REPO, "target/release/tradeoff"))
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="tradeoff-hostile-")
    try:
        for name, (make, sizes) in CASES.items():
            times = []
            for n in (int(s * args.scale) for s in sizes):
                site = os.path.join(work, f"{name}-{n}")
                shutil.copytree(os.path.join(REPO, "tests/fixtures/minimal"), site)
                with open(os.path.join(site, "content", "hostile.md"), "w", encoding="utf-8") as f:
                    f.write(make(n))
                elapsed, mb, last = run(args.bin, site)
                times.append((n, elapsed))
                print(f"{name:9} {n:>8,}: {elapsed:7.2f} s  peak {mb:7.0f} MB  ({last})")
            (n1, t1), (n2, t2) = times
            print(f"{name:9} {n2 / n1:.0f}× the input took {t2 / max(t1, 1e-3):.1f}× the time")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
