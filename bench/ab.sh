#!/usr/bin/env bash
# Compares the release build of REV (default: HEAD~1) with the working tree's, interleaved
# (bench/ab.py). REV is built in a temporary git worktree, into target/ab-old; each side builds its
# own benchmark vaults afresh (bench/bench.py, in a copy of its tree). Needs `npm ci --prefix tests/oidc` first.
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
# The new side the same way, so that both measure vaults built afresh by their own binary
# (the vaults cached under bench/.work have grown with every earlier run).
mkdir -p "$old/new/target/release"
cp target/release/connectors "$old/new/target/release/connectors"
cp -r bench scripts "$old/new/"
rm -rf "$old/new/bench/.work"
ln -s "$root/tests" "$old/new/tests"
python3 "$old/root/bench/bench.py" >/dev/null
python3 "$old/new/bench/bench.py" >/dev/null
python3 bench/ab.py "$old/root" "$old/new"
