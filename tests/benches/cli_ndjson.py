#!/usr/bin/env python3
"""`ctct --output ndjson contacts list` against a raw GET loop over the same pages.

Starts the release `ctct-sandbox` seeded with N contacts (default 10000), then runs,
interleaved, RUNS times each (default 3):

* the baseline: one keep-alive HTTP connection fetching every page of `/contacts`,
  following the `rel="next"` links found by a string search, decoding nothing;
* `ctct --output ndjson contacts list > /dev/null` under `/usr/bin/time -v`.

It prints the median wall time of each, their ratio, and the median peak RSS of `ctct`.
Further arguments name other `ctct` binaries (a copy of an earlier build, say) to run in the
same interleaved loop in place of the release build, so two builds are compared against
one baseline measured in the same run.

    cargo build --release -p ctct-cli -p ctct-sandbox
    python3 tests/benches/cli_ndjson.py [N] [RUNS] [CTCT_BINARY ...]
"""

import http.client
import os
import re
import statistics
import subprocess
import sys
import time
import base64

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SANDBOX = os.path.join(TARGET, "release", "ctct-sandbox")
CTCT = os.path.join(TARGET, "release", "ctct")
USER, KEY, PASS = "joesflowers", "sandbox-key", "sandbox-password"
NEXT = re.compile(r'<link[^>]*rel="next"[^>]*>')
HREF = re.compile(r'href="([^"]*)"')


def raw_loop(base):
    """Fetches every page; returns (seconds, entries)."""
    url = re.match(r"http://([^/]+)(.*)", base)
    host, prefix = url.group(1), url.group(2)
    auth = base64.b64encode(f"{KEY}%{USER}:{PASS}".encode()).decode()
    headers = {"Authorization": f"Basic {auth}", "Accept": "application/atom+xml"}
    started = time.monotonic()
    conn = http.client.HTTPConnection(host)
    path = f"{prefix}/ws/customers/{USER}/contacts"
    entries = 0
    while path:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read().decode()
        if resp.status != 200:
            sys.exit(f"GET {path}: {resp.status}")
        entries += body.count("<entry")
        link = NEXT.search(body)
        if not link:
            break
        href = HREF.search(link.group(0)).group(1).replace("&amp;", "&")
        path = href if href.startswith("/") else re.sub(r"^http://[^/]+", "", href)
    conn.close()
    return time.monotonic() - started, entries


def ctct_run(base, ctct=CTCT):
    """Runs the CLI; returns (seconds, peak RSS in KiB, rows)."""
    env = dict(os.environ, CTCT_BASE_URL=base, CTCT_USERNAME=USER, CTCT_API_KEY=KEY,
               CTCT_PASSWORD=PASS, CTCT_CONFIG="/nonexistent/ctct-bench/config.toml")
    started = time.monotonic()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", ctct, "--output", "ndjson", "contacts", "list"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    elapsed = time.monotonic() - started
    rss = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return elapsed, rss, proc.stdout.count(b"\n")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    binaries = sys.argv[3:] or [CTCT]
    sandbox = subprocess.Popen(
        [SANDBOX, "--addr", "127.0.0.1:0", "--seed-contacts", str(n)],
        stdout=subprocess.PIPE, text=True)
    try:
        line = sandbox.stdout.readline()
        base = line.strip().removeprefix("listening on ")
        # Warm-up: one of each.
        raw_loop(base)
        for ctct in binaries:
            ctct_run(base, ctct)
        raws = []
        clis = {ctct: [] for ctct in binaries}
        rsss = {ctct: [] for ctct in binaries}
        for i in range(runs):
            r, entries = raw_loop(base)
            if entries != n:
                sys.exit(f"run {i}: {entries} entries, expected {n}")
            raws.append(r)
            line = f"run {i}: raw GETs {r:.3f} s"
            for ctct in binaries:
                c, rss, rows = ctct_run(base, ctct)
                if rows != n:
                    sys.exit(f"run {i}: {ctct}: {rows} rows, expected {n}")
                clis[ctct].append(c)
                rsss[ctct].append(rss)
                line += f" | {label(ctct, binaries)} {c:.3f} s, peak RSS {rss / 1024:.1f} MiB"
            print(line)
        r = statistics.median(raws)
        for ctct in binaries:
            c, rss = statistics.median(clis[ctct]), statistics.median(rsss[ctct])
            print(f"{n} contacts, medians of {runs}: raw GETs {r:.3f} s, "
                  f"{label(ctct, binaries)} {c:.3f} s, ctct / raw = {c / r:.2f}x, "
                  f"ctct peak RSS {rss / 1024:.1f} MiB")
    finally:
        sandbox.terminate()
        sandbox.wait()


def label(ctct, binaries):
    """How a binary is named in the output: `ctct ndjson`, or its path when several run."""
    return "ctct ndjson" if len(binaries) == 1 else ctct


if __name__ == "__main__":
    main()
