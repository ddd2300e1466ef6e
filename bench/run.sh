#!/usr/bin/env bash
# Builds the release binary and prints the benchmark medians (see bench/bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
python3 bench/bench.py "$@"
