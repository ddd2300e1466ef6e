#!/usr/bin/env bash
# The main job: a tour of connectors in a fresh, throw-away vault. Builds the binary,
# creates a vault whose key is a 0600 key file, adds an app and a connector (the secret
# read from an environment variable, never from argv), edits it, and shows the audit log.
# Nothing outside the temporary directory it prints is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin="$PWD/target/release/connectors"
demo="$(mktemp -d "${TMPDIR:-/tmp}/connectors-tour.XXXXXX")"
export CONNECTORS_VAULT="$demo/vault.db"
export CONNECTORS_KEY_FILE="$demo/vault.key"
unset CONNECTORS_VAULT_KEY CONNECTORS_WORKSPACE CONNECTORS_PROVIDERS || true

run() {
    printf '\n\033[1m$ connectors %s\033[0m\n' "$*"
    "$bin" "$@"
}

run vault init --key key-file
run providers show google
run app add crm --custom-domain crm.example.com
export DEMO_CLIENT_SECRET="demo-secret-$(date +%s)"
run add google --name "Google Calendar scheduling" \
    --client-id 1234-demo.apps.googleusercontent.com \
    --client-secret-env DEMO_CLIENT_SECRET \
    --scope openid --scope email \
    --scope https://www.googleapis.com/auth/calendar.events \
    --redirect-uri https://crm.base44.app/api/external-auth/callback
run list
run show "google calendar scheduling"
run edit "Google Calendar scheduling" \
    --add-redirect-uri https://preview--crm.base44.app/api/external-auth/callback \
    --add-redirect-uri https://crm.example.com/api/external-auth/callback
run --json list
run vault status
run audit
printf '\nThe tour vault is in %s (key: %s). Remove the directory when done.\n' "$demo" "$CONNECTORS_KEY_FILE"
