#!/usr/bin/env python3
"""Two builds of connectors side by side, interleaved run by run (not a test).

A change that must keep its speed is measured against the commit before it in the same
run, so that a noisy machine moves both sides alike:

    bash bench/ab.sh REV          # builds REV in a worktree, then compares it with HEAD

or, with both trees already built and benched once (each has bench/.work from
`python3 bench/bench.py`, so each binary has vaults of its own schema):

    python3 bench/ab.py OLD_ROOT NEW_ROOT

It prints, for each command, the whole-process median of each side and their ratio.
"""
import os
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("BENCH_RUNS", "40"))


def side(root):
    return (os.path.join(root, "target", "release", "connectors"), os.path.join(root, "bench", ".work"))


def env(work, sub=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTORS_")}
    d = os.path.join(work, sub) if sub else work
    e["CONNECTORS_VAULT"] = os.path.join(d, "vault.db")
    e["CONNECTORS_KEY_FILE"] = os.path.join(d, "vault.key")
    e["BENCH_SECRET"] = "bench-secret"
    e["S"] = "s"
    return e


# (name, arguments given the side's work directory, the vault under it, runs divisor)
CASES = [
    ("list --json", lambda w: ["--json", "list"], None, 1),
    ("show --json", lambda w: ["--json", "show", "Connector 0500"], None, 1),
    ("token (valid)", lambda w: ["token", "Bench IdP", "--app", "app0", "--user", "bench-0"], None, 1),
    ("validate 10k", lambda w: ["validate", os.path.join(w, "config-env.json")], "config", 4),
    ("plan 10k, vault refs", lambda w: ["plan", os.path.join(w, "config-vault.json")], "config", 4),
    ("plan 10k, env refs", lambda w: ["plan", os.path.join(w, "config-env.json")], "config", 4),
    ("doctor --offline", lambda w: ["doctor", "--offline"], "doctor", 1),
]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ab.py OLD_ROOT NEW_ROOT (each with target/release/connectors and bench/.work)")
    sides = {"old": side(sys.argv[1]), "new": side(sys.argv[2])}
    for name, (binary, work) in sides.items():
        if not os.path.exists(binary) or not os.path.exists(os.path.join(work, "ready")):
            sys.exit(f"{name}: build it and run bench/bench.py in its tree first ({binary}, {work})")
    print(f"interleaved A/B, whole-process medians in ms ({RUNS} runs each; the 10k cases fewer)")
    print(f"{'command':24} {'old':>9} {'new':>9} {'new/old':>8}")
    for name, args_of, sub, divisor in CASES:
        times = {"old": [], "new": []}
        runs = max(8, RUNS // divisor)
        for i in range(runs):
            # Alternate who goes first, so neither side always runs on a warmer cache.
            for s in (("old", "new") if i % 2 == 0 else ("new", "old")):
                binary, work = sides[s]
                started = time.perf_counter()
                r = subprocess.run([binary, *args_of(work)], env=env(work, sub),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[s].append((time.perf_counter() - started) * 1000)
                if r.returncode not in (0, 1):
                    sys.exit(f"{s}: `{name}` exited {r.returncode}")
        old, new = statistics.median(times["old"]), statistics.median(times["new"])
        print(f"{name:24} {old:9.2f} {new:9.2f} {new / old:8.3f}")


if __name__ == "__main__":
    main()
