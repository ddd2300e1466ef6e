//! Vault tests that need the library's insides: schema upgrades, and rekeys interrupted
//! before and after their commit.

use std::path::{Path, PathBuf};

use age::x25519;
use rusqlite::{Connection, params};
use secrecy::{ExposeSecret, SecretString};

use super::*;
use crate::connector::{self, Mode, NewConnector};
use crate::provider::Catalog;

fn key_opts(key_file: &Path) -> KeyOptions {
    KeyOptions {
        key_file: Some(key_file.to_path_buf()),
        ..KeyOptions::default()
    }
}

fn no_passphrase() -> Result<SecretString> {
    panic!("no passphrase expected")
}

/// A vault with one app and one connector whose secret is "s3cret"; returns its key file.
fn vault_with_secret(dir: &Path) -> (PathBuf, PathBuf) {
    let path = dir.join("v").join("vault.db");
    let key = dir.join("k").join("vault.key");
    init(
        &crate::store::Location::File(path.clone()),
        &key_opts(&key),
        Some(KeyStore::KeyFile),
        "base44.app",
        &no_passphrase,
    )
    .unwrap();
    let vault = Vault::open(&path, key_opts(&key)).unwrap();
    let ws = crate::workspace::find(vault.db(), "default").unwrap();
    crate::app::add(&vault, &ws, "crm", None, true).unwrap();
    connector::add(
        &vault,
        &ws,
        &Catalog::builtin(),
        NewConnector {
            name: "Calendar".into(),
            provider: "google".into(),
            client_id: "cid".into(),
            client_secret: SecretString::from("s3cret"),
            scopes: vec!["openid".into()],
            mode: Mode::PerUser,
            redirect_uris: vec![],
            apps: vec![],
            endpoint_params: Default::default(),
        },
    )
    .unwrap();
    (path, key)
}

fn secret_of(path: &Path, key: &Path) -> Result<String> {
    let vault = Vault::open(path, key_opts(key))?;
    let ws = crate::workspace::find(vault.db(), "default")?;
    let c = connector::find(vault.db(), &ws, "Calendar")?;
    Ok(connector::secret(&vault, &c)?.expose_secret().to_string())
}

fn snapshot(path: &Path) -> (Vec<u8>, String) {
    let conn = Connection::open(path).unwrap();
    let ct: Vec<u8> = conn
        .query_row("SELECT client_secret FROM connectors", [], |r| r.get(0))
        .unwrap();
    let recipient: Vec<u8> = conn
        .query_row("SELECT value FROM meta WHERE key = 'recipient'", [], |r| {
            r.get(0)
        })
        .unwrap();
    (ct, String::from_utf8(recipient).unwrap())
}

#[test]
fn upgrades_a_vault_created_with_the_first_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let identity = x25519::Identity::generate();
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::store::sqlite_schema::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(crate::store::sqlite_schema::version(&conn).unwrap(), 1);
        let tx = conn.transaction().unwrap();
        tx.execute("INSERT INTO meta (key, value) VALUES ('vault_id', 'v-old'), ('created_at', '2025-01-01T00:00:00Z')", []).unwrap();
        write_key_meta(&*tx, "v-old", &identity, KeyStore::Env, None, 1, None).unwrap();
        tx.execute(
            "INSERT INTO workspaces (name, created_at, updated_at) VALUES ('default', 't', 't')",
            [],
        )
        .unwrap();
        tx.execute("INSERT INTO apps (workspace_id, name, created_at, updated_at) VALUES (1, 'crm', 't', 't')", []).unwrap();
        tx.execute(
            "INSERT INTO connectors (workspace_id, name, provider, client_id, scopes, mode, created_at, updated_at)
             VALUES (1, 'Calendar', 'google', 'cid', 'openid', 'per-user', 't', 't')",
            [],
        )
        .unwrap();
        let sealed = envelope::seal(
            &identity.to_public(),
            Binding {
                vault_id: "v-old",
                table: "connectors",
                column: "client_secret",
                row: 1,
            },
            b"old-secret",
        )
        .unwrap();
        tx.execute("UPDATE connectors SET client_secret = ?1", params![sealed])
            .unwrap();
        tx.execute(
            "INSERT INTO connections (connector_id, app_id, app_user, status, granted_scopes, created_at, updated_at)
             VALUES (1, 1, 'alice', 'active', 'openid', 't', 't')",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let opts = KeyOptions {
        env_key: Some(identity.to_string()),
        ..KeyOptions::default()
    };
    let vault = Vault::open(&path, opts).unwrap();
    assert_eq!(
        vault.schema_version().unwrap(),
        crate::store::sqlite_schema::LATEST
    );
    let counts = vault.counts().unwrap();
    assert_eq!(
        (
            counts.apps,
            counts.connectors,
            counts.connections,
            counts.audit_entries
        ),
        (1, 1, 1, 0)
    );
    let ws = crate::workspace::find(vault.db(), "default").unwrap();
    let c = connector::find(vault.db(), &ws, "calendar").unwrap();
    // Its rows were never signed: nothing is trusted until the admin signs them, after
    // seeing them (workspace, app, connector, connection).
    assert_eq!(
        connector::secret(&vault, &c).unwrap_err().code,
        "rows_unsigned"
    );
    let signed = vault
        .sign_rows(|rows| {
            assert_eq!(rows.len(), 4, "{rows:?}");
            Ok(true)
        })
        .unwrap()
        .unwrap();
    assert_eq!(signed.rows, 4);
    // Read again: the row as read before carries no MAC.
    let c = connector::find(vault.db(), &ws, "calendar").unwrap();
    assert_eq!(
        connector::secret(&vault, &c).unwrap().expose_secret(),
        "old-secret"
    );
    // Migration 3 counted the existing connection.
    let listed = connector::list(vault.db(), &ws, None).unwrap();
    assert_eq!(listed[0].connections, 1);
    // The new columns exist and the migrated vault takes writes.
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE connections SET id_token = NULL, refresh_expires_at = NULL",
            [],
        )
        .unwrap();
    crate::app::add(&vault, &ws, "site", None, false).unwrap();
    // The signing is in the audit log.
    let audit = vault.db().audit(None, None, None, 10).unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["app.add", "vault.rows_signed"]);
    assert_eq!(audit[1].details["rows"], 4);
    assert!(vault.verify().unwrap().ok);
}

#[test]
fn a_vault_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    Connection::open(&path)
        .unwrap()
        .pragma_update(
            None,
            "user_version",
            crate::store::sqlite_schema::LATEST + 1,
        )
        .unwrap();
    let err = Vault::open(&path, key_opts(&key)).err().unwrap();
    assert_eq!(err.code, "vault_too_new");
}

#[test]
fn a_rekey_interrupted_before_commit_leaves_the_old_vault_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    let before = snapshot(&path);
    let key_before = std::fs::read(&key).unwrap();
    let vault = Vault::open(&path, key_opts(&key)).unwrap();
    let err = rekey(&vault, None, None, &no_passphrase, &|| {
        Err(crate::error::Error::with(
            crate::error::code::CANCELLED,
            "power cut",
        ))
    })
    .err()
    .unwrap();
    assert_eq!(err.code, "cancelled");
    drop(vault);
    assert_eq!(snapshot(&path), before);
    assert_eq!(std::fs::read(&key).unwrap(), key_before);
    assert!(
        !keys::staged_key_file(&key).exists(),
        "the staged key is cleaned up"
    );
    assert_eq!(secret_of(&path, &key).unwrap(), "s3cret");
}

#[test]
fn a_rekey_interrupted_after_commit_is_finished_on_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    let old_key = std::fs::read(&key).unwrap();
    let vault = Vault::open(&path, key_opts(&key)).unwrap();
    rekey(&vault, None, None, &no_passphrase, &|| Ok(())).unwrap();
    drop(vault);
    // Put the files back as they were between the commit and the rename.
    let staged = keys::staged_key_file(&key);
    std::fs::rename(&key, &staged).unwrap();
    files::write_private(&key, &old_key).unwrap();
    assert_eq!(secret_of(&path, &key).unwrap(), "s3cret");
    assert!(!staged.exists(), "the staged key replaced the old one");
    assert_ne!(std::fs::read(&key).unwrap(), old_key);
}

#[test]
fn a_rekey_into_a_new_key_file_interrupted_after_commit_is_finished_by_any_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    let moved = dir.path().join("elsewhere").join("new.key");
    let vault = Vault::open(&path, key_opts(&key)).unwrap();
    rekey(
        &vault,
        None,
        Some(moved.clone()),
        &no_passphrase,
        &|| Ok(()),
    )
    .unwrap();
    drop(vault);
    // As between the commit and the rename: the new key only staged beside its new path.
    let staged = keys::staged_key_file(&moved);
    std::fs::rename(&moved, &staged).unwrap();
    // The next command, given the retired key file from habit, still finishes the rekey
    // (and says that key is not the vault's); one without a key file then just works.
    assert_eq!(secret_of(&path, &key).unwrap_err().code, "wrong_key");
    assert!(
        moved.exists() && !staged.exists(),
        "the staged key was moved into place"
    );
    let vault = Vault::open(&path, KeyOptions::default()).unwrap();
    let ws = crate::workspace::find(vault.db(), "default").unwrap();
    let c = connector::find(vault.db(), &ws, "Calendar").unwrap();
    assert_eq!(
        connector::secret(&vault, &c).unwrap().expose_secret(),
        "s3cret"
    );
}

#[test]
fn a_process_that_opened_the_vault_before_a_rekey_seals_to_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    // This process loads the key, then another one rekeys the vault.
    let early = Vault::open(&path, key_opts(&key)).unwrap();
    early.unlock().unwrap();
    let other = Vault::open(&path, key_opts(&key)).unwrap();
    rekey(&other, None, None, &no_passphrase, &|| Ok(())).unwrap();
    drop(other);
    // Its next write follows the rekey: the key file now holds the new key.
    let ws = crate::workspace::find(early.db(), "default").unwrap();
    let changes = connector::Changes {
        client_secret: Some(SecretString::from("after-rekey")),
        ..connector::Changes::default()
    };
    connector::edit(&early, &ws, "Calendar", changes).unwrap();
    assert_eq!(early.meta().key_generation, 2);
    drop(early);
    assert_eq!(secret_of(&path, &key).unwrap(), "after-rekey");
}

#[test]
fn a_process_without_the_new_key_writes_nothing_after_a_rekey() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    // The old key held in memory only (as from CONNECTORS_VAULT_KEY).
    let identity = keys::read_key_file(&key).unwrap();
    let opts = KeyOptions {
        env_key: Some(SecretString::from(
            identity.to_string().expose_secret().to_string(),
        )),
        ..KeyOptions::default()
    };
    let early = Vault::open(&path, opts).unwrap();
    early.unlock().unwrap();
    let other = Vault::open(&path, key_opts(&key)).unwrap();
    rekey(&other, None, None, &no_passphrase, &|| Ok(())).unwrap();
    drop(other);
    let ws = crate::workspace::find(early.db(), "default").unwrap();
    let changes = connector::Changes {
        client_secret: Some(SecretString::from("never-stored")),
        ..connector::Changes::default()
    };
    let err = connector::edit(&early, &ws, "Calendar", changes).unwrap_err();
    assert_eq!(err.code, "key_rotated");
    drop(early);
    assert_eq!(secret_of(&path, &key).unwrap(), "s3cret");
}

#[test]
fn rekey_to_a_passphrase_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    let vault = Vault::open(&path, key_opts(&key)).unwrap();
    let pass = || Ok(SecretString::from("a long passphrase"));
    let report = rekey(&vault, Some(KeyStore::Passphrase), None, &pass, &|| Ok(())).unwrap();
    assert_eq!(report.key_store, "passphrase");
    drop(vault);
    let opts = || KeyOptions {
        passphrase: Some(SecretString::from("a long passphrase")),
        ..KeyOptions::default()
    };
    let vault = Vault::open(&path, opts()).unwrap();
    let ws = crate::workspace::find(vault.db(), "default").unwrap();
    let c = connector::find(vault.db(), &ws, "Calendar").unwrap();
    assert_eq!(
        connector::secret(&vault, &c).unwrap().expose_secret(),
        "s3cret"
    );
    // The old key file no longer opens it.
    drop(vault);
    assert_eq!(secret_of(&path, &key).unwrap_err().code, "wrong_key");
}

#[test]
fn connection_counters_follow_inserts_updates_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = vault_with_secret(dir.path());
    let _vault = Vault::open(&path, key_opts(&key)).unwrap();
    let c = Connection::open(&path).unwrap();
    c.execute_batch(
        "INSERT INTO connectors (workspace_id, name, provider, client_id, mode, created_at, updated_at)
             VALUES (1, 'Other', 'github', 'x', 'shared', 't', 't');
         INSERT INTO connections (connector_id, app_id, app_user, status, created_at, updated_at) VALUES
             (1, 1, 'a', 'active', 't', 't'), (1, 1, 'b', 'needs_reconnect', 't', 't'), (1, 1, 'c', 'active', 't', 't');
         UPDATE connections SET status = 'needs_reconnect' WHERE app_user = 'a';
         UPDATE connections SET connector_id = 2 WHERE app_user = 'c';
         DELETE FROM connections WHERE app_user = 'b';",
    )
    .unwrap();
    let mut stmt = c
        .prepare(
            "SELECT id, connections_total, connections_needing_reconnect,
                    (SELECT count(*) FROM connections WHERE connector_id = connectors.id),
                    (SELECT count(*) FROM connections WHERE connector_id = connectors.id AND status = 'needs_reconnect')
             FROM connectors ORDER BY id",
        )
        .unwrap();
    let rows: Vec<(i64, i64, i64, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rows, [(1, 1, 1, 1, 1), (2, 1, 0, 1, 0)]);
    // Deleting an app cascades to its connections, and the counters follow.
    c.execute("DELETE FROM apps", []).unwrap();
    let totals: (i64, i64) = c
        .query_row(
            "SELECT sum(connections_total), sum(connections_needing_reconnect) FROM connectors",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(totals, (0, 0));
}

/// The names of the `fn`s declared in the block that starts at `start` in `source`.
fn fns_in_block(source: &str, start: &str) -> Vec<String> {
    let from = source.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let mut depth = 0usize;
    let mut end = source.len();
    for (i, ch) in source[from..].char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = from + i;
                    break;
                }
            }
            _ => {}
        }
    }
    source[from..end]
        .split("fn ")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

#[test]
fn every_store_write_says_how_it_is_signed() {
    let store = include_str!("../store/mod.rs");
    let writes = fns_in_block(store, "pub trait Write: Read {");
    let listed: Vec<&str> = WRITES.iter().map(|(n, _)| *n).collect();
    for w in &writes {
        assert!(
            listed.contains(&w.as_str()),
            "store::Write::{w} has no line in vault::WRITES: give `Tx` a method named `{w}` that \
             checks and signs the rows it writes (Reach::Signed), or say why it writes nothing \
             signed (Reach::Unsigned) or is only for the vault's bookkeeping (Reach::VaultOnly)"
        );
    }
    for l in &listed {
        assert!(
            writes.iter().any(|w| w == l),
            "vault::WRITES lists {l}, which store::Write no longer has"
        );
    }
    // Every write that reaches outside has its own method on `Tx`, which has no `Deref`.
    let vault = include_str!("mod.rs");
    let tx = fns_in_block(vault, "impl Tx<'_> {");
    for (name, reach) in WRITES {
        if *reach != Reach::VaultOnly {
            assert!(
                tx.iter().any(|m| m == name),
                "store::Write::{name} is listed as reaching outside `vault`, but `Tx` has no method `{name}`"
            );
        }
    }
    assert!(
        !vault.contains(&["impl<'a> Deref", " for Tx"].concat()),
        "`Tx` must not deref to the store's writer: every write goes through a method that signs"
    );
}
