#!/usr/bin/env bash
# Runs every test of the project: unit tests, the CLI integration tests (among them the
# flow against a real OpenID Connect server, oidc-provider from npm, installed here from
# tests/oidc's package.json and lockfile, and the OS keyring through a real Secret Service,
# gnome-keyring on a private D-Bus session, installed here from Debian's packages), the
# generated files check and the property tests.
# Needs Rust, Node.js and Python on the machine, and root (or the packages) for the keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tests/oidc --no-audit --no-fund --silent
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnome-keyring dbus dbus-daemon >/dev/null
    else
        echo "note: gnome-keyring and dbus are not installed and cannot be (not root): the keyring test is skipped" >&2
        export CONNECTORS_TEST_NO_KEYRING=1
    fi
fi
cargo test --locked --all-targets "$@"
