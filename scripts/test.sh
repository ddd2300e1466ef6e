#!/usr/bin/env bash
# Runs every test of the project: unit tests, the CLI integration tests (among them the
# flow against a real OpenID Connect server, oidc-provider from npm, installed here from
# tests/oidc's package.json and lockfile), the generated files check and property tests.
# Needs only Rust, Node.js and Python on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tests/oidc --no-audit --no-fund --silent
cargo test --locked --all-targets "$@"
