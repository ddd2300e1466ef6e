#!/usr/bin/env bash
# Compares the release build of REV (default: HEAD~1) with the working tree's, interleaved
# (bench/ab.py). REV is built in a temporary git worktree that shares this tree's target
# directory for its dependencies; each side gets the benchmark vaults of bench/bench.py
# (built once and cached under its bench/.work). Needs `npm ci --prefix tests/oidc` first.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD~1}
old=$(mktemp -d "${TMPDIR:-/tmp}/connectors-ab.XXXXXX")
trap 'git worktree remove --force "$old/tree" >/dev/null 2>&1 || true; rm -rf "$old"' EXIT
git worktree add -q --detach "$old/tree" "$rev"
root=$PWD
# The new side first, kept aside: building the old side into the shared target directory
# replaces target/release/connectors, and cargo does not put a fresh binary back there.
# (Removed first: cargo links a fresh build's binary into place only when it is missing.)
rm -f target/release/connectors
cargo build --release --locked --quiet
cp target/release/connectors "$old/new-connectors"
rm -f target/release/connectors
(cd "$old/tree" && CARGO_TARGET_DIR="$root/target" cargo build --release --locked --quiet)
# The old side: its binary, its own benchmark scripts, the tests' node_modules from here.
mkdir -p "$old/root/target/release"
cp target/release/connectors "$old/root/target/release/connectors"
cp "$old/new-connectors" target/release/connectors
if cmp -s target/release/connectors "$old/root/target/release/connectors"; then
    echo "note: $rev and the working tree build the same binary" >&2
fi
cp -r "$old/tree/bench" "$old/tree/scripts" "$old/root/"
ln -s "$root/tests" "$old/root/tests"
python3 "$old/root/bench/bench.py" >/dev/null
python3 bench/bench.py >/dev/null
python3 bench/ab.py "$old/root" .
