#!/usr/bin/env python3
"""`connectors mcp` medians over stdio (not a test): the server's start until its answer
to `initialize`, and a read tool (`list_connectors`, `show_connector`, `list_connections`)
once the session is open, with 1,000 connectors in the vault. Plain JSON-RPC lines, so the
figures are the server's and not a client library's: each is the time from the request
written to the whole answer read (the client's own JSON parsing is shown apart).

Usage: cargo build --release && python3 bench/mcp.py
"""
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "connectors")
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
CONNECTORS = 1_000
INIT = {"protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "bench", "version": "0"}}


def main():
    work = tempfile.mkdtemp(prefix="connectors-mcp-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTORS_")}
    env["CONNECTORS_VAULT"] = os.path.join(work, "vault.db")
    env["CONNECTORS_KEY_FILE"] = os.path.join(work, "vault.key")
    env["S"] = "bench-client-secret"
    try:
        run(env, "vault", "init", "--key", "key-file")
        config = {"apps": [{"name": "demo"}],
                  "connectors": [{"name": f"C{i:04d}", "provider": "google", "client_id": f"id-{i}",
                                  "client_secret": {"env": "S"}, "scopes": ["openid"], "apps": ["demo"]}
                                 for i in range(CONNECTORS)]}
        path = os.path.join(work, "workspace.json")
        with open(path, "w") as f:
            json.dump(config, f)
        run(env, "apply", path, "--yes")
        print(f"{RUNS} runs each, medians (release build, {CONNECTORS:,} connectors)")
        starts = []
        for _ in range(RUNS):
            t = time.perf_counter()
            server = Server(env)
            server.call("initialize", INIT)
            starts.append((time.perf_counter() - t) * 1000)
            server.close()
        print(f"{'start to initialize answered':<40}{statistics.median(starts):>10.2f} ms")
        server = Server(env)
        server.call("initialize", INIT)
        server.notify("notifications/initialized")
        for tool, args in [("list_connectors", {}), ("show_connector", {"connector": "C0500"}),
                           ("list_connections", {})]:
            times, parse, size = [], [], 0
            for _ in range(RUNS):
                t = time.perf_counter()
                line = server.send("tools/call", {"name": tool, "arguments": args})
                times.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                r = server.answer(line)
                parse.append((time.perf_counter() - t) * 1000)
                size = len(line)
                if r.get("isError"):
                    raise SystemExit(f"{tool} failed: {r}")
            print(f"{tool:<40}{statistics.median(times):>10.2f} ms"
                  f"   ({size / 1024:,.0f} KiB answer; the client's parsing {statistics.median(parse):.2f} ms more)")
        server.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(env, *args):
    subprocess.run([BIN, *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


class Server:
    def __init__(self, env):
        self.p = subprocess.Popen([BIN, "mcp"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.id = 0

    def notify(self, method):
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}) + "\n")
        self.p.stdin.flush()

    def send(self, method, params):
        """Sends a request; returns its answer's line, unparsed (the server sends nothing
        else unasked here)."""
        self.id += 1
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.id, "method": method,
                                       "params": params}) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise SystemExit(f"the server ended during {method}")
        return line

    def answer(self, line):
        msg = json.loads(line)
        if msg.get("id") != self.id:
            raise SystemExit(f"an answer to another request: {line[:200]}")
        if "error" in msg:
            raise SystemExit(f"request {self.id}: {msg['error']}")
        return msg["result"]

    def call(self, method, params):
        return self.answer(self.send(method, params))

    def close(self):
        self.p.stdin.close()
        self.p.wait()


if __name__ == "__main__":
    main()
