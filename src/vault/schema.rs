//! The vault's SQLite schema as numbered migrations. Migration N brings `user_version`
//! from N-1 to N; each runs in the same write transaction as the version bump, so a
//! vault is always at exactly one version. Never edit a released migration: add one.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Migration 1 is the first schema a vault was ever created with; later ones extend it.
pub const MIGRATIONS: &[&str] = &[
    // 1: workspaces, apps, connectors, connections, key metadata.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE workspaces (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        platform_domain TEXT NOT NULL DEFAULT 'base44.app',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE TABLE apps (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name          TEXT NOT NULL COLLATE NOCASE,
        custom_domain TEXT,
        preview       INTEGER NOT NULL DEFAULT 1,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (workspace_id, name)
    );
    -- client_secret is age ciphertext bound to (connectors, id, client_secret).
    -- scopes and redirect_uris hold one value per line, in the admin's order.
    CREATE TABLE connectors (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name          TEXT NOT NULL COLLATE NOCASE,
        provider      TEXT NOT NULL,
        client_id     TEXT NOT NULL,
        client_secret BLOB,
        scopes        TEXT NOT NULL DEFAULT '',
        mode          TEXT NOT NULL CHECK (mode IN ('per-user', 'shared')),
        redirect_uris TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (workspace_id, name)
    );
    -- One row per connector x app x app user; app_user is '' for a shared connection.
    -- access_token and refresh_token are age ciphertext bound to their row and column.
    CREATE TABLE connections (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        connector_id   INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
        app_id         INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        app_user       TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL
                       CHECK (status IN ('active', 'expired', 'needs_reconnect', 'revoked')),
        status_reason  TEXT,
        access_token   BLOB,
        refresh_token  BLOB,
        token_type     TEXT,
        expires_at     TEXT,
        granted_scopes TEXT NOT NULL DEFAULT '',
        account        TEXT,
        last_error     TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        refreshed_at   TEXT,
        UNIQUE (connector_id, app_id, app_user)
    );
    "#,
    // 2: the audit log, provider definitions kept in the vault, ID tokens and
    // refresh-token expiry on connections, and the index that lists an app's connections.
    r#"
    CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        workspace   TEXT,
        action      TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        target      TEXT NOT NULL,
        details     TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE providers (
        name       TEXT PRIMARY KEY COLLATE NOCASE,
        definition TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    ALTER TABLE connections ADD COLUMN id_token BLOB;
    ALTER TABLE connections ADD COLUMN refresh_expires_at TEXT;
        CREATE INDEX connections_by_app ON connections(app_id);
    "#,
    // 3: per-connector connection counters kept by triggers, so that listing 1,000
    // connectors over 100,000 connections reads 1,000 rows instead of counting.
    r#"
    ALTER TABLE connectors ADD COLUMN connections_total INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE connectors ADD COLUMN connections_needing_reconnect INTEGER NOT NULL DEFAULT 0;
    UPDATE connectors SET
        connections_total = (SELECT count(*) FROM connections WHERE connector_id = connectors.id),
        connections_needing_reconnect = (SELECT count(*) FROM connections
                                         WHERE connector_id = connectors.id AND status = 'needs_reconnect');
    CREATE TRIGGER connections_count_insert AFTER INSERT ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total + 1,
            connections_needing_reconnect = connections_needing_reconnect + (NEW.status = 'needs_reconnect')
        WHERE id = NEW.connector_id;
    END;
    CREATE TRIGGER connections_count_delete AFTER DELETE ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total - 1,
            connections_needing_reconnect = connections_needing_reconnect - (OLD.status = 'needs_reconnect')
        WHERE id = OLD.connector_id;
    END;
    CREATE TRIGGER connections_count_update AFTER UPDATE OF status, connector_id ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total - 1,
            connections_needing_reconnect = connections_needing_reconnect - (OLD.status = 'needs_reconnect')
        WHERE id = OLD.connector_id;
        UPDATE connectors SET
            connections_total = connections_total + 1,
            connections_needing_reconnect = connections_needing_reconnect + (NEW.status = 'needs_reconnect')
                WHERE id = NEW.connector_id;
    END;
    "#,
    // 4: the apps a connector is used by (one per line; empty means every app of the
    // workspace), so that large workspaces check and register only the redirect URIs
    // of the apps that use each connector.
    r#"
        ALTER TABLE connectors ADD COLUMN apps TEXT NOT NULL DEFAULT '';
    "#,
    // 5: a keyed MAC of each client secret (HMAC-SHA-256 under a key derived from the
    // vault's identity), so that `plan` can tell a changed secret from an unchanged one
    // without decrypting every stored secret. Without the vault key it reveals nothing.
    r#"
    ALTER TABLE connectors ADD COLUMN client_secret_mac BLOB;
    "#,
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The columns that hold age ciphertext, as (table, column). `vault rekey` re-encrypts
/// exactly these, and a test checks that no other column holds a secret.
pub const SECRET_COLUMNS: &[(&str, &str)] = &[
    ("connectors", "client_secret"),
    ("connections", "access_token"),
    ("connections", "refresh_token"),
    ("connections", "id_token"),
];

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema to `target` (normally [`LATEST`]) under a write lock.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(newer_schema(current));
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

pub fn newer_schema(version: i64) -> Error {
    Error::vault(
        "vault_too_new",
        format!(
            "this vault has schema version {version}, newer than this connectors understands ({LATEST})"
        ),
    )
    .hint("upgrade connectors to the version that last wrote this vault")
}
