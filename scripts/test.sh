#!/usr/bin/env bash
# Runs every test of the project: unit tests, the CLI integration tests (among them the
# flow against a real OpenID Connect server, oidc-provider from npm, installed here from
# tests/oidc's package.json and lockfile, an MCP client (PyPI `mcp`, pinned in
# tests/mcp/requirements.txt, in a virtual environment), and the OS keyring through a real Secret Service,
# gnome-keyring on a private D-Bus session, installed here from Debian's packages), the
# generated files check and the property tests; one consent runs in Debian's headless
# Chromium, installed here when missing, and backups are exported to an SSH key made by
# ssh-keygen (Debian's openssh-client, installed here when missing). The CLI tests then run a
# second time on PostgreSQL (Debian's postgresql, installed here when missing), on a
# throwaway server in a temporary directory (scripts/pg.sh), stopped at the end even when
# tests fail. Arguments go to both `cargo test` runs (before any `--`).
# Needs Rust, Node.js and Python on the machine, and root (or the packages) for the keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix tests/oidc --no-audit --no-fund --silent
# Debian packages the tests use: gnome-keyring and dbus (a real Secret Service), and
# chromium (one consent in a real headless browser, driven by playwright-core).
can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
updated=""
install() {
    [ -n "$updated" ] || { apt-get update -qq >/dev/null; updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    if ! { can_install && install gnome-keyring dbus dbus-daemon; }; then
        echo "note: gnome-keyring and dbus are not installed and cannot be: the keyring test is skipped" >&2
        export CONNECTORS_TEST_NO_KEYRING=1
    fi
fi
# ssh-keygen makes the SSH key a backup is exported to (tests/cli/backup.rs).
if ! command -v ssh-keygen >/dev/null; then
    can_install && install openssh-client || { echo "error: ssh-keygen is missing and openssh-client cannot be installed" >&2; exit 1; }
fi
# Installed on its own, so that a system without Debian's chromium still runs the rest.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    if ! { can_install && install chromium; }; then
        echo "note: chromium is not installed and cannot be: the real-browser test is skipped" >&2
        export CONNECTORS_TEST_NO_CHROMIUM=1
    fi
fi
# The MCP client of the tests: PyPI `mcp`, pinned, in a virtual environment of its own
# (Debian's Python needs its python3-venv package for that, installed here when missing).
if [ ! -x tests/mcp/.venv/bin/python ]; then
    rm -rf tests/mcp/.venv
    python3 -m venv tests/mcp/.venv 2>/dev/null || {
        rm -rf tests/mcp/.venv
        can_install && install python3-venv && python3 -m venv tests/mcp/.venv
    } || { echo "error: cannot make a Python virtual environment (install python3-venv)" >&2; exit 1; }
fi
tests/mcp/.venv/bin/pip install --quiet --disable-pip-version-check -r tests/mcp/requirements.txt
export CONNECTORS_TEST_MCP_PYTHON="$PWD/tests/mcp/.venv/bin/python"
# A throwaway PostgreSQL, listening on 127.0.0.1 and a socket in its own directory only.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/connectors-pg.XXXXXX")
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
eval "$(bash scripts/pg.sh start "$pgdir")"
# Pass 1: every target, the CLI tests on SQLite (the tests only PostgreSQL has wait for pass 2).
cargo test --locked --all-targets "$@" -- --skip pg_only::
# Pass 2: the CLI tests again, every vault in a database of its own on PostgreSQL.
echo "== the CLI tests on PostgreSQL =="
CONNECTORS_TEST_ENGINE=postgres cargo test --locked --test cli "$@"
