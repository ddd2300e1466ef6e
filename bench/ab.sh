#!/usr/bin/env bash
# Compares the release build of REV (default: HEAD~1) with the working tree's, interleaved
# (bench/ab.py). REV is built in a temporary git worktree, into target/ab-old; each side gets the benchmark vaults of bench/bench.py
# (built once and cached under its bench/.work). Needs `npm ci --prefix tests/oidc` first.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD~1}
old=$(mktemp -d "${TMPDIR:-/tmp}/connectors-ab.XXXXXX")
trap 'git worktree remove --force "$old/tree" >/dev/null 2>&1 || true; rm -rf "$old"' EXIT
git worktree add -q --detach "$old/tree" "$rev"
root=$PWD
# The old side builds in a target directory of its own (target/ab-old, kept between runs
# for its dependencies): two checkouts of one package sharing a target directory overwrite
# each other's binary while cargo's fingerprints still call the other one fresh.
cargo build --release --locked --quiet
(cd "$old/tree" && CARGO_TARGET_DIR="$root/target/ab-old" cargo build --release --locked --quiet)
# The old side: its binary, its own benchmark scripts, the tests' node_modules from here.
mkdir -p "$old/root/target/release"
cp target/ab-old/release/connectors "$old/root/target/release/connectors"
if cmp -s target/release/connectors "$old/root/target/release/connectors"; then
    echo "note: $rev and the working tree build the same binary" >&2
fi
cp -r "$old/tree/bench" "$old/tree/scripts" "$old/root/"
ln -s "$root/tests" "$old/root/tests"
python3 "$old/root/bench/bench.py" >/dev/null
python3 bench/bench.py >/dev/null
python3 bench/ab.py "$old/root" .
