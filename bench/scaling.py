#!/usr/bin/env python3
"""How `validate` scales: for each pathological dimension of a configuration file, the
median time and output size at 10k, 20k, 40k and 80k, and the time ratio per doubling
(linear time gives about 2.0). Run by bench/run.sh after the other benchmarks, or alone:
`python3 bench/scaling.py` (with target/release/connectors built).

Dimensions: unknown scopes in one connector; connectors that all have the same name;
apps; app x connector pairs where every redirect URI is missing (n apps, n connectors,
n*n pairs); long unknown fields in one connector; connectors naming distinct unknown apps.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "connectors")
SIZES = [10_000, 20_000, 40_000, 80_000]
RUNS = int(os.environ.get("SCALING_RUNS", "3"))


def connector(i, **extra):
    c = {"name": f"C{i}", "provider": "google", "client_id": f"id-{i}",
         "client_secret": {"env": "S"}, "scopes": ["openid"], "redirect_uris": []}
    c.update(extra)
    return c


def unknown_scopes(n):
    return {"apps": [], "connectors": [connector(0, scopes=[f"https://example.test/auth/scope-{i}" for i in range(n)])]}


def duplicate_connectors(n):
    return {"apps": [], "connectors": [dict(connector(i), name="Same") for i in range(n)]}


def apps(n):
    return {"apps": [{"name": f"app{i}"} for i in range(n)], "connectors": []}


def missing_redirects(pairs):
    n = int(round(pairs ** 0.5))
    return {"apps": [{"name": f"app{i}"} for i in range(n)],
            "connectors": [connector(i) for i in range(n)]}


def unknown_fields(n):
    c = connector(0)
    for i in range(n):
        c[f"unknown_field_{i:06d}_" + "x" * 80] = i
    return {"apps": [], "connectors": [c]}


def unknown_apps(n):
    return {"apps": [{"name": "crm"}],
            "connectors": [connector(i, apps=[f"nosuchapp{i}"]) for i in range(n)]}


DIMENSIONS = [
    ("unknown scopes", unknown_scopes),
    ("duplicate connectors", duplicate_connectors),
    ("apps", apps),
    ("app x connector pairs, URIs missing", missing_redirects),
    ("long unknown fields", unknown_fields),
    ("connectors naming unknown apps", unknown_apps),
]


def measure(path, fmt):
    times, size, code = [], 0, None
    for _ in range(RUNS):
        t = time.perf_counter()
        p = subprocess.run([BIN, "validate", path, "--format", fmt], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env={**os.environ, "S": "x", "NO_COLOR": "1"})
        times.append((time.perf_counter() - t) * 1000)
        size, code = len(p.stdout) + len(p.stderr), p.returncode
    return statistics.median(times), size, code


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    fmt = os.environ.get("SCALING_FORMAT", "human")
    print(f"validate --format {fmt}: median of {RUNS} runs; output bytes; time ratio per doubling")
    print(f"{'dimension':<38}" + "".join(f"{s:>16,}" for s in SIZES) + "   ratios")
    with tempfile.TemporaryDirectory() as d:
        for label, make in DIMENSIONS:
            cells, ms = [], []
            for n in SIZES:
                path = os.path.join(d, "c.json")
                with open(path, "w") as f:
                    json.dump(make(n), f, indent=1)
                t, size, code = measure(path, fmt)
                ms.append(t)
                cells.append(f"{t:>8.0f}ms {size // 1024:>4}K")
            ratios = " ".join(f"{b / a:.2f}" for a, b in zip(ms, ms[1:]))
            print(f"{label:<38}" + "".join(f"{c:>16}" for c in cells) + f"   {ratios}")


if __name__ == "__main__":
    main()
