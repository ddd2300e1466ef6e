#!/usr/bin/env bash
# Runs inside `dbus-run-session`: a real Secret Service (gnome-keyring) on a private session
# bus, unlocked with a throw-away password, then the vault key life cycle through it.
# Usage: scenario.sh CONNECTORS_BINARY DIR
set -euo pipefail
bin="$1"
dir="$2"
# A keyring of its own: a fresh login keyring is created in this HOME with this password.
export HOME="$dir" XDG_DATA_HOME="$dir/data" CONNECTORS_VAULT="$dir/vault.db" CONNECTORS_ACTOR=keyring-test
printf 'throw-away-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
unset CONNECTORS_VAULT_KEY CONNECTORS_KEY_FILE CONNECTORS_PASSPHRASE
"$bin" --json vault init
"$bin" --json vault status
printf 'keyring-held-secret' | "$bin" --json add github --name gh --client-id x --client-secret-stdin
"$bin" --json vault rekey
"$bin" --json show gh --reveal-secret --yes
