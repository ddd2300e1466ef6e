#!/usr/bin/env bash
# Runs every test of the project: unit tests, the CLI integration tests, the generated
# files check and the property tests. Works on a fresh machine with only Rust present.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets "$@"
