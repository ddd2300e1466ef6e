#!/usr/bin/env python3
"""Whole-process benchmarks for connectors, printed as medians (not a test).

Builds (once, cached under bench/.work) a vault with 1,000 connectors across 10 apps and
100,000 connection rows, then times `list --json` and `show NAME --json` beside `sqlite3`
reading the same rows: the floor of a process that opens the file and reads it.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", ".work")
BIN = os.path.join(ROOT, "target", "release", "connectors")
CONNECTORS = 1000
CONNECTIONS = 100_000
RUNS = int(os.environ.get("BENCH_RUNS", "50"))


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTORS_")}
    e["CONNECTORS_VAULT"] = os.path.join(WORK, "vault.db")
    e["CONNECTORS_KEY_FILE"] = os.path.join(WORK, "vault.key")
    return e


def run(args, **kw):
    return subprocess.run([BIN, *args], env=env(), check=True, stdout=subprocess.DEVNULL, **kw)


def build():
    marker = os.path.join(WORK, "ready")
    if os.path.exists(marker):
        return
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    run(["vault", "init", "--key", "key-file"])
    for a in range(10):
        run(["app", "add", f"app{a}"])
    t = time.perf_counter()
    for i in range(CONNECTORS):
        subprocess.run(
            [BIN, "add", "google", "--name", f"Connector {i:04d}", "--client-id", f"client-{i}.apps.example",
             "--client-secret-env", "BENCH_SECRET", "--scope", "openid", "--scope", "email",
             "--redirect-uri", "https://app0.base44.app/api/external-auth/callback"],
            env={**env(), "BENCH_SECRET": f"secret-{i}"}, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )
    print(f"built {CONNECTORS} connectors in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    # Connections by direct insert: 100 per connector, spread over the 10 apps.
    sql = f"""
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {CONNECTIONS - 1})
    INSERT INTO connections (connector_id, app_id, app_user, status, granted_scopes, account, created_at, updated_at)
    SELECT 1 + (i % {CONNECTORS}), 1 + ((i / {CONNECTORS}) % 10), 'user-' || i,
           CASE WHEN i % 50 = 0 THEN 'needs_reconnect' ELSE 'active' END,
           'openid' || char(10) || 'email', 'user' || i || '@example.com',
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    FROM n;
    """
    subprocess.run(["sqlite3", os.path.join(WORK, "vault.db"), sql], check=True)
    open(marker, "w").close()


def median_ms(cmd, extra_env=None):
    e = {**env(), **(extra_env or {})}
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(cmd, env=e, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    if not shutil.which("sqlite3"):
        sys.exit("bench needs the sqlite3 command (Debian: apt-get install sqlite3)")
    build()
    db = os.path.join(WORK, "vault.db")
    name = "Connector 0500"
    list_sql = (
        "SELECT name, provider, mode, client_id, scopes, redirect_uris, created_at, updated_at, "
        "connections_total, connections_needing_reconnect FROM connectors WHERE workspace_id = 1 "
        "ORDER BY name COLLATE NOCASE;"
    )
    show_sql = (
        f"SELECT * FROM connectors WHERE workspace_id = 1 AND name = '{name}'; "
        f"SELECT status, count(*) FROM connections WHERE connector_id = (SELECT id FROM connectors WHERE name = '{name}') GROUP BY status; "
        "SELECT * FROM apps WHERE workspace_id = 1;"
    )
    rows = [
        ("list --json", median_ms([BIN, "--json", "list"]), median_ms(["sqlite3", "-json", db, list_sql])),
        (f"show '{name}' --json", median_ms([BIN, "--json", "show", name]), median_ms(["sqlite3", "-json", db, show_sql])),
    ]
    print(f"vault: {CONNECTORS} connectors, {CONNECTIONS} connections; {RUNS} runs each; whole-process medians")
    print(f"{'command':<28}{'connectors':>12}{'sqlite3 floor':>15}{'ratio':>8}")
    for label, ours, floor in rows:
        print(f"{label:<28}{ours:>10.2f}ms{floor:>13.2f}ms{ours / floor:>7.2f}x")


if __name__ == "__main__":
    main()
