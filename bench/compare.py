#!/usr/bin/env python3
"""Clean-build benchmark of tradeoff against Hugo on the same generated corpus.

    bench/compare.py [N ...] [--runs R] [--passes P] [--dir DIR] [--no-hugo]

For each N (default 1000 10000): generates the corpus once with bench/gen_corpus.py (a tradeoff
site and the equivalent Hugo site), then, in P passes that alternate which tool goes first,
times R clean builds of each with hyperfine (into an output folder removed and synced before
each run, outside the timed part), and measures each tool's peak memory with GNU time.
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


def corpus(base, n):
    site, hugo = os.path.join(base, f"tradeoff-{n}"), os.path.join(base, f"hugo-{n}")
    if not os.path.exists(os.path.join(site, "site.toml")):
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(hugo, ignore_errors=True)
        run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(n), site, "--hugo", hugo])
    return site, hugo


def hyperfine(commands, out_dirs, runs, export):
    prepare = "rm -rf " + " ".join(out_dirs) + " && sync"
    run(["hyperfine", "--style", "basic", "--runs", str(runs), "--prepare", prepare,
         "--export-json", export] + commands, stdout=subprocess.DEVNULL)
    with open(export) as f:
        return json.load(f)["results"]


def peak_memory_mb(command, out_dir, runs):
    peaks = []
    for _ in range(runs):
        shutil.rmtree(out_dir, ignore_errors=True)
        run(["sync"])
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    shutil.rmtree(out_dir, ignore_errors=True)
    return statistics.median(peaks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "tradeoff-bench"))
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
    print(f"tradeoff: {binary}; hugo: {hugo_version or 'not run'}; {args.runs} runs x {args.passes} passes\n")

    rows = []
    for n in args.sizes:
        site, hugo_site = corpus(args.dir, n)
        out_t, out_h = os.path.join(args.dir, f"out-t-{n}"), os.path.join(args.dir, f"out-h-{n}")
        tools = {"tradeoff": ([binary, "build", "--root", site, "--output", out_t], out_t)}
        if not args.no_hugo:
            tools["hugo"] = (["hugo", "--quiet", "-s", hugo_site, "-d", out_h], out_h)
        samples = {name: {"wall": [], "user": [], "system": [], "mem": []} for name in tools}
        for p in range(args.passes):
            order = list(tools) if p % 2 == 0 else list(reversed(tools))
            export = os.path.join(args.dir, f"hyperfine-{n}-{p}.json")
            commands = [" ".join(tools[name][0]) for name in order]
            results = hyperfine(commands, [tools[name][1] for name in order], args.runs, export)
            for name, result in zip(order, results):
                samples[name]["wall"] += result["times"]
                samples[name]["user"].append(result["user"])
                samples[name]["system"].append(result["system"])
            for name in order:
                samples[name]["mem"].append(peak_memory_mb(tools[name][0], tools[name][1], 1))
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
