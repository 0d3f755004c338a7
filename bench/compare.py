#!/usr/bin/env python3
"""Clean-build benchmark of tradeoff against Hugo on the same generated corpus.

    bench/compare.py [N ...] [--corpus plain|rich] [--runs R] [--passes P] [--dir DIR] [--no-hugo]

For each N (default 1000 10000): generates the corpus once (a tradeoff site and the equivalent
Hugo site; `plain` is bench/gen_corpus.py's three-criterion corpus, `rich` is bench/gen_rich.py's
clones of the example site with its eleven criteria and theme), then, in P passes that alternate which tool goes first,
times R clean builds of each with hyperfine, and measures each tool's peak memory with GNU time.
Every build writes into a folder that does not exist yet; all of them are removed only at the
end, because on ext4 removing thousands of folders just before a build slows the build's own
file creation by seconds (inodes freed moments ago are skipped while the allocator searches).
Prints wall time (median), user and system time (mean), peak memory (median) and the
tradeoff/Hugo ratios. Needs `hugo` and `hyperfine` (Debian packages of those names) and a
release build of tradeoff (`cargo build --release`). Figures only mean something as ratios
measured in one run on one machine.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


GENERATORS = {"plain": "gen_corpus.py", "rich": "gen_rich.py"}


def corpus(base, kind, n):
    site, hugo = os.path.join(base, f"tradeoff-{kind}-{n}"), os.path.join(base, f"hugo-{kind}-{n}")
    if not (os.path.exists(os.path.join(site, "site.toml")) and os.path.exists(os.path.join(hugo, "config.toml"))):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(hugo, ignore_errors=True)
        run([sys.executable, os.path.join(HERE, GENERATORS[kind]), str(n), site, "--hugo", hugo])
    return site, hugo


def hyperfine(commands, runs, first_run, export):
    """Times each command `runs` times; `{run}` in a command becomes a fresh number each time."""
    run_ids = ",".join(str(first_run + i) for i in range(runs))
    run(["hyperfine", "--style", "basic", "--runs", "1", "--parameter-list", "run", run_ids,
         "--export-json", export] + commands, stdout=subprocess.DEVNULL)
    with open(export) as f:
        results = json.load(f)["results"]
    merged = []
    for index in range(len(commands)):
        program = commands[index].split()[0]
        mine = [r for r in results if r["command"].split()[0] == program]
        merged.append({
            "times": [t for r in mine for t in r["times"]],
            "user": statistics.mean(r["user"] for r in mine),
            "system": statistics.mean(r["system"] for r in mine),
        })
    return merged


def peak_memory_mb(command):
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "tradeoff-bench"))
    parser.add_argument("--corpus", choices=sorted(GENERATORS), default="plain",
                        help="plain: gen_corpus.py's three score criteria; rich: the example's schema and theme (gen_rich.py)")
    parser.add_argument("--no-hugo", action="store_true", help="time tradeoff alone (for sizes Hugo cannot hold)")
    args = parser.parse_args()

    binary = os.path.join(REPO, "target", "release", "tradeoff")
    if not os.path.exists(binary):
        sys.exit("build tradeoff first: cargo build --release")
    for tool in ["hyperfine"] + ([] if args.no_hugo else ["hugo"]):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y {tool}")
    os.makedirs(args.dir, exist_ok=True)
    hugo_version = "" if args.no_hugo else subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    print(f"tradeoff: {binary}; hugo: {hugo_version or 'not run'}; corpus: {args.corpus}; "
          f"{args.runs} runs x {args.passes} passes\n")

    rows = []
    for n in args.sizes:
        site, hugo_site = corpus(args.dir, args.corpus, n)
        outputs = os.path.join(args.dir, f"outputs-{n}")
        shutil.rmtree(outputs, ignore_errors=True)
        os.makedirs(outputs)
        tools = {"tradeoff": [binary, "build", "--root", site, "--output", os.path.join(outputs, "t{run}")]}
        if not args.no_hugo:
            tools["hugo"] = ["hugo", "--quiet", "-s", hugo_site, "-d", os.path.join(outputs, "h{run}")]
        samples = {name: {"wall": [], "user": [], "system": [], "mem": []} for name in tools}
        for p in range(args.passes):
            order = list(tools) if p % 2 == 0 else list(reversed(tools))
            export = os.path.join(args.dir, f"hyperfine-{n}-{p}.json")
            commands = [" ".join(tools[name]) for name in order]
            results = hyperfine(commands, args.runs, p * args.runs, export)
            for name, result in zip(order, results):
                samples[name]["wall"] += result["times"]
                samples[name]["user"].append(result["user"])
                samples[name]["system"].append(result["system"])
            for name in order:
                command = [part.replace("{run}", f"m{p}") for part in tools[name]]
                samples[name]["mem"].append(peak_memory_mb(command))
        shutil.rmtree(outputs, ignore_errors=True)
        for name, s in samples.items():
            rows.append((n, name, statistics.median(s["wall"]), statistics.mean(s["user"]),
                         statistics.mean(s["system"]), statistics.median(s["mem"])))

    print(f"{'options':>8} {'tool':>9} {'wall s':>8} {'user s':>8} {'sys s':>7} {'peak MB':>8}  ratios (tradeoff/hugo)")
    for n, name, wall, user, system, mem in rows:
        ratio = ""
        if name == "tradeoff":
            other = [r for r in rows if r[0] == n and r[1] == "hugo"]
            if other:
                ratio = f"  wall {wall / other[0][2]:.2f}, memory {mem / other[0][5]:.2f}"
        print(f"{n:>8} {name:>9} {wall:>8.2f} {user:>8.2f} {system:>7.2f} {mem:>8.0f}{ratio}")


if __name__ == "__main__":
    main()
