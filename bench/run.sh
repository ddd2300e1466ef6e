#!/usr/bin/env bash
# Builds the release binary and prints the benchmark medians (see bench/bench.py), then
# how `validate` scales with each dimension of a configuration file (bench/scaling.py), then
# both engines side by side on a throwaway PostgreSQL (bench/pg.py), then `connect-url` and
# `callback` beside 100,000 pending authorizations (bench/consent.py), then `connectors mcp`
# over stdio with 1,000 connectors (bench/mcp.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
python3 bench/bench.py "$@"
echo
python3 bench/scaling.py
echo
python3 bench/pg.py
echo
python3 bench/consent.py
echo
python3 bench/mcp.py
