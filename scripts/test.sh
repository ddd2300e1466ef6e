#!/usr/bin/env bash
# Runs every test of the project: unit tests, the CLI integration tests (among them the
# flow against a real OpenID Connect server, oidc-provider from npm, installed here from
# tests/oidc's package.json and lockfile, and the OS keyring through a real Secret Service,
# gnome-keyring on a private D-Bus session, installed here from Debian's packages), the
# generated files check and the property tests; one consent runs in Debian's headless
# Chromium, installed here when missing.
# Needs Rust, Node.js and Python on the machine, and root (or the packages) for the keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tests/oidc --no-audit --no-fund --silent
# Debian packages the tests use: gnome-keyring and dbus (a real Secret Service), and
# chromium (one consent in a real headless browser, driven by playwright-core).
missing=()
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    missing+=(gnome-keyring dbus dbus-daemon)
fi
if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "note: ${missing[*]} not installed and cannot be (not root): the tests that need them are skipped" >&2
        if [[ " ${missing[*]} " == *" gnome-keyring "* ]]; then export CONNECTORS_TEST_NO_KEYRING=1; fi
        if [[ " ${missing[*]} " == *" chromium "* ]]; then export CONNECTORS_TEST_NO_CHROMIUM=1; fi
    fi
fi
cargo test --locked --all-targets "$@"
