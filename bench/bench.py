#!/usr/bin/env python3
"""Whole-process benchmarks for connectors, printed as medians (not a test).

Builds (once, cached under bench/.work) a vault with 1,000 connectors across 10 apps and
100,000 connection rows, then times:
- `list --json` and `show NAME --json` beside `sqlite3` reading the same rows (the floor
  of a process that opens the file and reads it);
- `token` of a connection whose token is valid, beside `gh auth token` reading a token
  from its own configuration and `age -d` of one small file (when gh and age exist);
- the time from the callback reaching the listener to the tokens being stored, minus the
  token endpoint's own time, over real connects against the test OpenID Connect server
  (tests/oidc, installed by `npm ci --prefix tests/oidc`);
- `validate` of a generated file with 10,000 connectors across 200 apps, and `plan` of
  the same workspace against a vault holding it (secrets as vault references, as
  `export` writes them, and as environment references, which decrypts each stored secret
  to compare fingerprints);
- `doctor --offline` on a workspace of 1,000 connectors x 10 apps, and live `doctor` of 50
  connectors against the test OpenID Connect server.
"""
import json
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
    run(["-q", "vault", "init", "--key", "key-file"])
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


def oidc_connects(n):
    """Real connects through oidc-provider; returns (token command, callback-to-stored ms list)."""
    server_js = os.path.join(ROOT, "tests", "oidc", "server.mjs")
    if not os.path.exists(os.path.join(ROOT, "tests", "oidc", "node_modules", "oidc-provider")):
        sys.exit("bench needs the test OpenID Connect server: run `npm ci --prefix tests/oidc` first")
    server = subprocess.Popen(["node", server_js], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        issuer = json.loads(server.stdout.readline())["issuer"]
        doctor_times = doctor_bench(issuer)
        # A fresh connector on each run (the vault is cached between runs).
        subprocess.run([BIN, "delete", "Bench IdP", "--yes"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run(["providers", "discover", "benchidp", "--issuer", issuer])
        subprocess.run([BIN, "add", "benchidp", "--name", "Bench IdP", "--client-id", "app-client", "--client-secret-env", "S",
                        "--scope", "openid", "--scope", "email"], env={**env(), "S": "app-client-secret"}, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        browser = f"python3 {os.path.join(ROOT, 'tests', 'oidc', 'browser.py')}"
        timings = []
        for i in range(n):
            out = subprocess.run([BIN, "--json", "connect", "Bench IdP", "--app", "app0", "--user", f"bench-{i}"],
                                 env={**env(), "BROWSER": browser, "TEST_USER": f"bench-{i}"}, check=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            timings.append(json.loads(out.stdout)["timings"]["callback_to_stored_ms"])
        token_cmd = [BIN, "token", "Bench IdP", "--app", "app0", "--user", "bench-0"]
        token_ms = median_ms(token_cmd)
    finally:
        server.stdin.close()
        server.kill()
        server.wait()
    return token_ms, timings, doctor_times


def peers():
    """`gh auth token` from its own config, and `age -d` of one small file."""
    out = {}
    tmp = os.path.join(WORK, "peers")
    os.makedirs(tmp, exist_ok=True)
    if shutil.which("gh"):
        ghdir = os.path.join(tmp, "gh")
        os.makedirs(ghdir, exist_ok=True)
        with open(os.path.join(ghdir, "hosts.yml"), "w") as f:
            f.write("github.com:\n    oauth_token: gho_benchmarkdummytoken0123456789\n    user: bench\n    git_protocol: https\n")
        out["gh auth token"] = median_ms(["gh", "auth", "token"], {"GH_CONFIG_DIR": ghdir})
    if shutil.which("age") and shutil.which("age-keygen"):
        key = os.path.join(tmp, "age.key")
        if not os.path.exists(key):
            subprocess.run(["age-keygen", "-o", key], check=True, stderr=subprocess.DEVNULL)
        small = os.path.join(tmp, "small.age")
        recipient = subprocess.run(["age-keygen", "-y", key], check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        subprocess.run(["age", "-r", recipient, "-o", small], input=b"a small secret", check=True)
        out["age -d (one small file)"] = median_ms(["age", "-d", "-i", key, small])
    return out


CONFIG_APPS = 200
CONFIG_CONNECTORS = 10_000
PROVIDERS = [("google", ["openid", "email"]), ("slack", ["chat:write"]), ("github", ["read:user"]),
             ("microsoft", ["openid", "offline_access"]), ("notion", [])]


def config_file(path, secret):
    apps = []
    for a in range(CONFIG_APPS):
        app = {"name": f"app{a:03d}", "preview": True}
        if a % 10 == 0:
            app["custom_domain"] = f"app{a:03d}.example.com"
        apps.append(app)
    connectors = []
    for i in range(CONFIG_CONNECTORS):
        a = i % CONFIG_APPS
        provider, scopes = PROVIDERS[i % len(PROVIDERS)]
        uris = [f"https://app{a:03d}.base44.app/api/external-auth/callback",
                f"https://preview--app{a:03d}.base44.app/api/external-auth/callback"]
        if a % 10 == 0:
            uris.append(f"https://app{a:03d}.example.com/api/external-auth/callback")
        connectors.append({"name": f"Connector {i:05d}", "provider": provider, "client_id": f"client-{i}",
                           "client_secret": secret, "scopes": scopes, "mode": "per-user",
                           "redirect_uris": uris, "apps": [f"app{a:03d}"]})
    with open(path, "w") as f:
        json.dump({"platform_domain": "base44.app", "apps": apps, "connectors": connectors}, f, indent=2)


def config_bench():
    env_file = os.path.join(WORK, "config-env.json")
    vault_file = os.path.join(WORK, "config-vault.json")
    cvault = os.path.join(WORK, "config", "vault.db")
    cenv = {"CONNECTORS_VAULT": cvault, "CONNECTORS_KEY_FILE": os.path.join(WORK, "config", "vault.key"), "BENCH_SECRET": "bench-secret"}
    if not os.path.exists(os.path.join(WORK, "config", "ready")):
        shutil.rmtree(os.path.join(WORK, "config"), ignore_errors=True)
        config_file(env_file, {"env": "BENCH_SECRET"})
        config_file(vault_file, {"vault": True})
        subprocess.run([BIN, "-q", "vault", "init", "--key", "key-file"], env={**env(), **cenv}, check=True, stdout=subprocess.DEVNULL)
        t = time.perf_counter()
        subprocess.run([BIN, "apply", env_file, "--yes"], env={**env(), **cenv}, check=True, stdout=subprocess.DEVNULL)
        print(f"applied {CONFIG_CONNECTORS} connectors in one transaction in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        open(os.path.join(WORK, "config", "ready"), "w").close()
    size = os.path.getsize(env_file) / 1e6
    return [
        (f"validate ({size:.1f} MB file)", median_ms([BIN, "validate", env_file], cenv)),
        ("plan, vault references", median_ms([BIN, "plan", vault_file], cenv)),
        ("plan, env references", median_ms([BIN, "plan", env_file], cenv)),
    ]


def doctor_bench(issuer):
    d = os.path.join(WORK, "doctor")
    denv = {"CONNECTORS_VAULT": os.path.join(d, "vault.db"), "CONNECTORS_KEY_FILE": os.path.join(d, "vault.key"), "S": "s"}
    if not os.path.exists(os.path.join(d, "ready")):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        apps = [{"name": f"app{a}"} for a in range(10)]
        uris = [u for a in range(10) for u in (f"https://app{a}.base44.app/api/external-auth/callback",
                                               f"https://preview--app{a}.base44.app/api/external-auth/callback")]
        connectors = [{"name": f"Connector {i:04d}", "provider": PROVIDERS[i % len(PROVIDERS)][0], "client_id": f"c{i}",
                       "client_secret": {"env": "S"}, "scopes": PROVIDERS[i % len(PROVIDERS)][1], "redirect_uris": uris}
                      for i in range(1000)]
        f = os.path.join(d, "workspace.json")
        with open(f, "w") as fh:
            json.dump({"apps": apps, "connectors": connectors}, fh)
        subprocess.run([BIN, "-q", "vault", "init", "--key", "key-file"], env={**env(), **denv}, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BIN, "apply", f, "--yes"], env={**env(), **denv}, check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(d, "ready"), "w").close()
    offline = median_ms([BIN, "doctor", "--offline"], denv)
    # Live: 50 connectors on the web client registered with app crm's URIs.
    lenv = {"CONNECTORS_VAULT": os.path.join(d, "live", "vault.db"), "CONNECTORS_KEY_FILE": os.path.join(d, "live", "vault.key"), "S": "web-client-secret"}
    shutil.rmtree(os.path.join(d, "live"), ignore_errors=True)
    os.makedirs(os.path.join(d, "live"))
    run_env = {**env(), **lenv}
    subprocess.run([BIN, "-q", "vault", "init", "--key", "key-file"], env=run_env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "providers", "discover", "testidp", "--issuer", issuer], env=run_env, check=True, stdout=subprocess.DEVNULL)
    live = {"providers": [], "apps": [{"name": "crm"}], "connectors": [
        {"name": f"Web {i:02d}", "provider": "testidp", "client_id": "web-client", "client_secret": {"env": "S"}, "scopes": ["openid"],
         "redirect_uris": ["https://crm.base44.app/api/external-auth/callback", "https://preview--crm.base44.app/api/external-auth/callback"]}
        for i in range(50)]}
    lf = os.path.join(d, "live", "workspace.json")
    with open(lf, "w") as fh:
        json.dump(live, fh)
    subprocess.run([BIN, "apply", lf, "--yes"], env=run_env, check=True, stdout=subprocess.DEVNULL)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        r = subprocess.run([BIN, "doctor"], env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
        if r.returncode != 0:
            sys.exit("live doctor found a problem in the benchmark workspace")
    return offline, statistics.median(times)


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
    config_rows = config_bench()
    token_ms, timings, (doctor_offline, doctor_live) = oidc_connects(int(os.environ.get("BENCH_CONNECTS", "20")))
    others = peers()
    print(f"vault: {CONNECTORS} connectors, {CONNECTIONS} connections; {RUNS} runs each; whole-process medians")
    print(f"{'command':<28}{'connectors':>12}{'sqlite3 floor':>15}{'ratio':>8}")
    for label, ours, floor in rows:
        print(f"{label:<28}{ours:>10.2f}ms{floor:>13.2f}ms{ours / floor:>7.2f}x")
    print()
    print(f"{'token (valid, 100k conns)':<28}{token_ms:>10.2f}ms")
    for label, ms in others.items():
        print(f"{label:<28}{ms:>10.2f}ms")
    if not others:
        print("(install gh and age to compare with `gh auth token` and `age -d`)")
    print()
    print(f"configuration: {CONFIG_CONNECTORS} connectors across {CONFIG_APPS} apps")
    for label, ms in config_rows:
        print(f"{label:<28}{ms:>10.2f}ms")
    print()
    print(f"{'doctor --offline (1000 x 10)':<28}{doctor_offline:>10.2f}ms")
    print(f"{'doctor live (50, 5 runs)':<28}{doctor_live:>10.2f}ms")
    print()
    print(f"callback reaching the listener -> tokens stored, minus the token endpoint's time, "
          f"over {len(timings)} real connects: median {statistics.median(timings):.2f}ms, max {max(timings):.2f}ms")


if __name__ == "__main__":
    main()
