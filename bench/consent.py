#!/usr/bin/env python3
"""`connect-url` and `callback` medians, whole process, against the sandbox provider
(not a test): an empty vault, then the same vault with 100,000 pending and finished
authorizations in it. `callback` is reported without the provider's answer (its JSON's
`timings.token_endpoint_ms` taken off the whole process's time).

Usage: cargo build --release && python3 bench/consent.py
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "connectors")
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
ROWS = 100_000


def main():
    if not shutil.which("sqlite3"):
        sys.exit("bench needs the sqlite3 command (Debian: apt-get install sqlite3)")
    work = tempfile.mkdtemp(prefix="connectors-consent-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTORS_")}
    env["CONNECTORS_VAULT"] = os.path.join(work, "vault.db")
    env["CONNECTORS_KEY_FILE"] = os.path.join(work, "vault.key")

    def run(*args, out=subprocess.DEVNULL):
        return subprocess.run([BIN, *args], env=env, check=True, stdout=out, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL)

    run("vault", "init", "--key", "key-file")
    run("app", "add", "demo")
    info = os.path.join(work, "sandbox.json")
    sandbox = subprocess.Popen([BIN, "sandbox", "serve", "--port", "0", "--info-file", info], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not os.path.exists(info):
            time.sleep(0.05)
        run("sandbox", "register", "--info-file", info)
        print(f"{RUNS} runs each, whole-process medians (release build)")
        print(f"{'vault':<36}{'connect-url':>14}{'callback*':>14}")
        for label in ("empty", f"{ROWS:,} pending and finished"):
            if label != "empty":
                fill(env["CONNECTORS_VAULT"])
            start_ms, back_ms = measure(run, env)
            print(f"{label:<36}{start_ms:>12.2f}ms{back_ms:>12.2f}ms")
        print("* callback: the whole process minus the token endpoint's own time")
    finally:
        sandbox.kill()
        sandbox.wait()
        shutil.rmtree(work, ignore_errors=True)


def measure(run, env):
    starts, backs = [], []
    for i in range(RUNS):
        t = time.perf_counter()
        out = run("--json", "connect-url", "Sandbox", "--app", "demo", "--user", f"u{i}", out=subprocess.PIPE)
        starts.append((time.perf_counter() - t) * 1000)
        url = json.loads(out.stdout)["authorization_url"]
        answered = subprocess.run([BIN, "sandbox", "answer", "--print", "--user", f"u{i}@example.test", url],
                                  env=env, check=True, capture_output=True, text=True).stdout.strip()
        t = time.perf_counter()
        out = run("--json", "callback", "--app", "demo", answered, out=subprocess.PIPE)
        whole = (time.perf_counter() - t) * 1000
        backs.append(whole - json.loads(out.stdout)["timings"]["token_endpoint_ms"])
    return statistics.median(starts), statistics.median(backs)


def fill(db):
    """100,000 rows beside the real ones: half waiting (expiring in a day), half used."""
    sql = f"""
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS - 1})
    INSERT INTO pending_authorizations (connector_id, app_id, app_user, redirect_uri, state_hash, scopes,
                                        origin, created_at, expires_at, used_at)
    SELECT 1, 1, 'filler-' || i, 'https://demo.base44.app/api/external-auth/callback',
           printf('%064x', i), 'openid', 'connect-url', '2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z',
           CASE WHEN i % 2 = 0 THEN '2026-01-01T00:00:01Z' END
    FROM n;
    """
    subprocess.run(["sqlite3", db, sql], check=True)


if __name__ == "__main__":
    main()
