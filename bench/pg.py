#!/usr/bin/env python3
"""Both engines side by side, as whole-process medians (not a test).

Starts a throwaway PostgreSQL (scripts/pg.sh, on 127.0.0.1) unless BENCH_PG names one
(a URL without a database, such as postgres://connectors@127.0.0.1:5432/). It builds the
PostgreSQL twin of bench/bench.py's SQLite vault (1,000 connectors by `add`, then
100,000 connection rows by direct insert, as bench.py does with sqlite3), gives each vault
one real connection through the test OpenID Connect server, then times on each engine:
- `token` of that connection (its token is valid), beside `psql` and `sqlite3` fetching
  the same row (the floor of a process that connects and reads it);
- `list --json` of the 1,000 connectors;
- `apply` of the 10,000-connector configuration file into an empty vault;
and `vault copy` of the 10,000-connector vault from SQLite into PostgreSQL (once).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

ROOT, WORK, BIN = bench.ROOT, bench.WORK, bench.BIN
RUNS = bench.RUNS
APPLY_RUNS = int(os.environ.get("BENCH_APPLY_RUNS", "3"))


def start_pg():
    if os.environ.get("BENCH_PG"):
        return os.environ["BENCH_PG"], None
    d = os.path.join(WORK, "pg-server")
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "stop", d], check=False)
    out = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "start", d], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    url = next(l.split("=", 1)[1] for l in out.splitlines() if l.startswith("export CONNECTORS_TEST_PG="))
    return url, d


def psql_bin():
    bins = sorted(d for d in os.listdir("/usr/lib/postgresql")) if os.path.isdir("/usr/lib/postgresql") else []
    return os.path.join("/usr/lib/postgresql", bins[-1], "bin", "psql") if bins else "psql"


def psql(url, sql):
    subprocess.run([psql_bin(), "-X", "-q", url, "-c", sql], check=True, stdout=subprocess.DEVNULL)


def build_pg(url, db):
    """The PostgreSQL twin of the SQLite bench vault, made anew in database `db`."""
    vault = url + db
    key = os.path.join(WORK, "pg-vault.key")
    e = {**bench.env(), "CONNECTORS_VAULT": vault, "CONNECTORS_KEY_FILE": key, "BENCH_SECRET": "bench-secret"}
    psql(url + "postgres", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(url + "postgres", f"CREATE DATABASE {db}")
    if os.path.exists(key):
        os.remove(key)
    subprocess.run([BIN, "-q", "vault", "init", "--key", "key-file"], env=e, check=True, stdout=subprocess.DEVNULL)
    # The same content as bench.py's SQLite vault, made the same way.
    for a in range(10):
        subprocess.run([BIN, "-q", "app", "add", f"app{a}"], env=e, check=True, stdout=subprocess.DEVNULL)
    for i in range(bench.CONNECTORS):
        subprocess.run(
            [BIN, "add", "google", "--name", f"Connector {i:04d}", "--client-id", f"client-{i}.apps.example",
             "--client-secret-env", "BENCH_SECRET", "--scope", "openid", "--scope", "email",
             "--redirect-uri", "https://app0.base44.app/api/external-auth/callback"],
            env=e, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )
    psql(vault, f"""
    INSERT INTO connections (connector_id, app_id, app_user, status, granted_scopes, account, created_at, updated_at)
    SELECT c.id, a.id, 'user-' || i,
           CASE WHEN i % 50 = 0 THEN 'needs_reconnect' ELSE 'active' END,
           'openid' || chr(10) || 'email', 'user' || i || '@example.com',
           '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    FROM generate_series(0, {bench.CONNECTIONS - 1}) i
    JOIN connectors c ON c.name = 'Connector ' || lpad((i % {bench.CONNECTORS})::text, 4, '0')
    JOIN apps a ON a.name = 'app' || ((i / {bench.CONNECTORS}) % 10);""")
    # As after any bulk load (the trigger updated each counter row 100 times).
    psql(vault, "VACUUM ANALYZE")
    return {"CONNECTORS_VAULT": vault, "CONNECTORS_KEY_FILE": key}


def connect_one(extra):
    """One real consent in a bench vault, so that `token` has a valid token."""
    server_js = os.path.join(ROOT, "tests", "oidc", "server.mjs")
    server = subprocess.Popen(["node", server_js], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        issuer = json.loads(server.stdout.readline())["issuer"]
        e = {**bench.env(), **extra}
        subprocess.run([BIN, "delete", "Bench PG", "--yes"], env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([BIN, "providers", "discover", "benchpg", "--issuer", issuer], env=e, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BIN, "add", "benchpg", "--name", "Bench PG", "--client-id", "app-client", "--client-secret-env", "S",
                        "--scope", "openid", "--scope", "email"], env={**e, "S": "app-client-secret"}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        browser = f"python3 {os.path.join(ROOT, 'tests', 'oidc', 'browser.py')}"
        subprocess.run([BIN, "connect", "Bench PG", "--app", "app0", "--user", "pg-0"],
                       env={**e, "BROWSER": browser, "TEST_USER": "pg-0"}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    finally:
        server.stdin.close()
        server.kill()
        server.wait()


def apply_ms(vault_for_run):
    """Median of `apply` of the 10,000-connector file into a fresh vault per run."""
    env_file = os.path.join(WORK, "config-env.json")
    times = []
    for i in range(APPLY_RUNS):
        vault, key = vault_for_run(i)
        e = {**bench.env(), "CONNECTORS_VAULT": vault, "CONNECTORS_KEY_FILE": key, "BENCH_SECRET": "bench-secret"}
        subprocess.run([BIN, "-q", "vault", "init", "--key", "key-file"], env=e, check=True, stdout=subprocess.DEVNULL)
        t = time.perf_counter()
        subprocess.run([BIN, "apply", env_file, "--yes"], env=e, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    bench.build()
    bench.config_bench()  # writes the configuration files
    url, server_dir = start_pg()
    try:
        pg_env = build_pg(url, "bench")
        sqlite_env = {"CONNECTORS_VAULT": bench.env()["CONNECTORS_VAULT"]}
        connect_one(sqlite_env)
        connect_one(pg_env)
        # vault copy of the signed 10,000-connector vault of bench.py's configuration runs.
        psql(url + "postgres", "DROP DATABASE IF EXISTS copied WITH (FORCE)")
        psql(url + "postgres", "CREATE DATABASE copied")
        cdir = os.path.join(WORK, "config")
        t = time.perf_counter()
        subprocess.run([BIN, "vault", "copy", "--to", url + "copied"],
                       env={**bench.env(), "CONNECTORS_VAULT": os.path.join(cdir, "vault.db"),
                            "CONNECTORS_KEY_FILE": os.path.join(cdir, "vault.key")},
                       check=True, stdout=subprocess.DEVNULL)
        copy_s = time.perf_counter() - t
        sqlite_vault, pg_vault = sqlite_env["CONNECTORS_VAULT"], pg_env["CONNECTORS_VAULT"]
        token_cmd = ["token", "Bench PG", "--app", "app0", "--user", "pg-0"]
        row_sql = ("SELECT x.access_token FROM connections x JOIN connectors c ON c.id = x.connector_id "
                   "JOIN apps a ON a.id = x.app_id WHERE c.workspace_id = 1 AND c.name = 'Bench PG' "
                   "AND a.name = 'app0' AND x.app_user = 'pg-0'")
        results = {}
        for engine, extra in (("sqlite", sqlite_env), ("postgres", pg_env)):
            results[engine] = {
                "token": bench.median_ms([BIN, *token_cmd], extra),
                "list": bench.median_ms([BIN, "--json", "list"], extra),
            }
        results["sqlite"]["floor"] = bench.median_ms(["sqlite3", sqlite_vault, row_sql + ";"])
        results["postgres"]["floor"] = bench.median_ms([psql_bin(), "-X", "-A", "-t", pg_vault, "-c", row_sql])
        applied = os.path.join(WORK, "pg-apply")
        shutil.rmtree(applied, ignore_errors=True)
        os.makedirs(applied)

        def sqlite_run(i):
            return os.path.join(applied, f"v{i}", "vault.db"), os.path.join(applied, f"v{i}.key")

        def pg_run(i):
            psql(url + "postgres", f"DROP DATABASE IF EXISTS apply{i} WITH (FORCE)")
            psql(url + "postgres", f"CREATE DATABASE apply{i}")
            return url + f"apply{i}", os.path.join(applied, f"pg{i}.key")

        results["sqlite"]["apply"] = apply_ms(sqlite_run)
        results["postgres"]["apply"] = apply_ms(pg_run)
    finally:
        if server_dir:
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg.sh"), "stop", server_dir], check=False)
    print(f"both engines: {bench.CONNECTORS} connectors, {bench.CONNECTIONS} connections; {RUNS} runs each "
          f"(apply: {APPLY_RUNS}); whole-process medians; PostgreSQL over loopback TCP")
    print(f"vault copy SQLite -> PostgreSQL of the {bench.CONFIG_CONNECTORS}-connector vault: {copy_s:.2f}s")
    print(f"{'command':<34}{'SQLite':>12}{'PostgreSQL':>14}")
    s, p = results["sqlite"], results["postgres"]
    print(f"{'token (valid)':<34}{s['token']:>10.2f}ms{p['token']:>12.2f}ms")
    print(f"{'  floor: sqlite3 / psql, same row':<34}{s['floor']:>10.2f}ms{p['floor']:>12.2f}ms")
    print(f"{'  ratio to the floor':<34}{s['token'] / s['floor']:>11.2f}x{p['token'] / p['floor']:>13.2f}x")
    print(f"{'list --json':<34}{s['list']:>10.2f}ms{p['list']:>12.2f}ms")
    print(f"{'apply, 10,000 connectors':<34}{s['apply']:>10.0f}ms{p['apply']:>12.0f}ms")


if __name__ == "__main__":
    main()
