#!/usr/bin/env python3
"""Edit -> served latency of `tradeoff serve`.

For each site (the repository's example, and generated sites of 1,000 and 10,000 options by
default) this starts `tradeoff serve --port 0`, then 20 times: saves an option file the way
vim and VS Code do (write a temporary file, rename it over the option), and polls the option's
page until it shows the edit. It prints the median, fastest and slowest latency, and checks
after every edit (untimed) that the matrix page, the landing page, matrix.json and matrix.csv
show the edit too (the matrix page when the option is among the rows it holds), so the
figure is for the whole site updated, not one page.

Usage:
  cargo build --release
  python3 bench/serve_latency.py [--binary target/release/tradeoff] [--sizes example,1000,10000]
                                 [--edits 20]

Only talks to the server it starts, on 127.0.0.1. Stdlib only. Not a test: the figures depend
on the machine and what else it runs; compare figures measured in one run.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def make_site(size, root):
    """Writes a site into root (a generated one with bench/gen_corpus.py); returns the option
    file to edit."""
    content = os.path.join(root, "content")
    if size == "example":
        shutil.copy(os.path.join(REPO, "site.toml"), root)
        shutil.copytree(os.path.join(REPO, "content"), content)
        return os.path.join(content, "flask.md")
    subprocess.run(
        [sys.executable, os.path.join(REPO, "bench", "gen_corpus.py"), str(int(size)), root],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    names = sorted(n for n in os.listdir(content) if n.endswith(".md") and n != "_index.md")
    return os.path.join(content, names[len(names) // 2])


def start(binary, root):
    """Starts the server; returns the process and its address."""
    server = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line:
            break
        found = re.search(r"serving (http://[^ ]+)", line)
        if found:
            # Keep reading stderr so the server never blocks on a full pipe.
            import threading

            threading.Thread(target=server.stderr.read, daemon=True).start()
            return server, found.group(1)
    server.kill()
    raise SystemExit("the server did not start")


def get(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.read().decode("utf-8", "replace")


def save_like_an_editor(path, text):
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, "." + name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def measure(binary, size, edits):
    root = tempfile.mkdtemp(prefix="tradeoff-bench-")
    try:
        option = make_site(size, root)
        with open(option, encoding="utf-8") as f:
            original = f.read()
        slug = re.search(r'^slug = "([^"]+)"', original, re.M)
        slug = slug.group(1) if slug else os.path.basename(option)[:-3]
        server, address = start(binary, root)
        try:
            host_port = address.split("//", 1)[1].rstrip("/")
            host, port = host_port.rsplit(":", 1)
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            page = "/options/%s/" % slug
            # The matrix page holds the first 1,000 rows (the rest come from matrix.json), the
            # landing page the cards of the best-ranked 100.
            listings = ["/matrix.json", "/matrix.csv"]
            if 'data-slug="%s"' % slug in get(connection, "/matrix/"):
                listings.append("/matrix/")
            if 'href="/options/%s/"' % slug in get(connection, "/"):
                listings.append("/")
            latencies = []
            for i in range(edits):
                marker = "Edited for the benchmark, round %d of %d" % (i + 1, edits)
                text = re.sub(r'^best_for = .*$', 'best_for = "%s"' % marker, original, count=1, flags=re.M)
                started = time.perf_counter()
                save_like_an_editor(option, text)
                while marker not in get(connection, page):
                    if time.perf_counter() - started > 60:
                        raise SystemExit("edit %d never showed on %s" % (i + 1, page))
                    time.sleep(0.0002)
                latencies.append(time.perf_counter() - started)
                for other in listings:
                    if marker not in get(connection, other):
                        raise SystemExit("edit %d missing from %s" % (i + 1, other))
                time.sleep(0.1)
            connection.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        return latencies
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "tradeoff"))
    parser.add_argument("--sizes", default="example,1000,10000")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        raise SystemExit("build first: cargo build --release (or pass --binary)")
    print("%-8s %8s %8s %8s   (edit -> served, %d edits each)" % ("options", "median", "fastest", "slowest", args.edits))
    for size in args.sizes.split(","):
        latencies = measure(args.binary, size, args.edits)
        ms = lambda s: "%.1f ms" % (s * 1000)
        label = "6 (example)" if size == "example" else size
        print("%-8s %8s %8s %8s" % (label, ms(statistics.median(latencies)), ms(min(latencies)), ms(max(latencies))), flush=True)


if __name__ == "__main__":
    main()
