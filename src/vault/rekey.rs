//! `vault rekey`: a new identity, every secret re-encrypted to it in one transaction.
//!
//! The order makes every interruption safe. The new key is staged first beside the old
//! one (a `.next` key file, a second keyring entry, or inside the same transaction for a
//! passphrase), then one transaction re-encrypts everything and records the new public
//! key, then the staged key replaces the old. Killed before the commit: the old vault and
//! key are untouched. Killed after it: opening the vault finds the staged key and finishes.

use std::path::PathBuf;

use age::x25519;
use secrecy::SecretString;

use super::keys::{self, KeyStore, LoadedKey};
use super::{Binding, Meta, Tx, Vault, envelope, write_key_meta};
use crate::error::{Error, Result};
use crate::store::{SECRET_COLUMNS, SecretColumn};

#[derive(Debug, Clone, serde::Serialize)]
pub struct RekeyReport {
    pub vault_id: String,
    pub key_store: &'static str,
    pub key_detail: String,
    pub public_key: String,
    pub key_generation: i64,
    pub secrets_reencrypted: u64,
}

enum Staged {
    File { staged: PathBuf, target: PathBuf },
    Keyring,
    Passphrase(Vec<u8>),
}

/// Rekeys `vault` into `target` (default: where its key is kept now). `new_passphrase`
/// is asked only for a passphrase store. `before_commit` runs inside the transaction,
/// just before it commits (tests use it to interrupt a rekey).
pub fn rekey(
    vault: &Vault,
    target: Option<KeyStore>,
    new_key_file: Option<PathBuf>,
    new_passphrase: &dyn Fn() -> Result<SecretString>,
    before_commit: &dyn Fn() -> Result<()>,
) -> Result<RekeyReport> {
    // One rekey at a time: a second one must not touch the first's staged key. Once it
    // holds the lock, this one looks again at the vault's key (another may have just
    // finished), then loads it.
    let vault_id = vault.meta().vault_id.clone();
    let _one_at_a_time = vault.store().lock(
        &vault_id,
        &crate::store::LockName::Rekey,
        true,
        std::time::Duration::from_secs(60),
    )?;
    vault.check_key_generation()?;
    let old = vault.unlock()?;
    let meta = vault.meta();
    let target = target.unwrap_or(match old.store {
        // A key from the environment cannot be replaced by us: write the new one to a file.
        KeyStore::Env => KeyStore::KeyFile,
        s => s,
    });
    let new = x25519::Identity::generate();
    let (staged, detail) = stage(target, &old, &meta, new_key_file, new_passphrase, &new)?;

    let generation = meta.key_generation + 1;
    drop(meta);
    let rekeying = Rekeying {
        vault_id: &vault_id,
        old: &old.identity,
        new: &new,
        target,
        staged: &staged,
        generation,
    };
    let result = vault.write(|tx| reencrypt(vault, tx, &rekeying, before_commit));

    match result {
        Ok(count) => {
            staged.promote(&vault_id, &new)?;
            Ok(RekeyReport {
                vault_id: vault_id.clone(),
                key_store: target.as_str(),
                key_detail: detail,
                public_key: new.to_public().to_string(),
                key_generation: generation,
                secrets_reencrypted: count,
            })
        }
        Err(e) => {
            staged.discard(&vault_id);
            Err(e)
        }
    }
}

/// Stages `new` beside the old key in `target`; returns it with the key's place for
/// people ("OS keyring", a key file's path, ...).
fn stage(
    target: KeyStore,
    old: &LoadedKey,
    meta: &Meta,
    new_key_file: Option<PathBuf>,
    new_passphrase: &dyn Fn() -> Result<SecretString>,
    new: &x25519::Identity,
) -> Result<(Staged, String)> {
    match target {
        KeyStore::Env => {
            Err(Error::with(crate::error::code::REKEY_ENV, "a new key cannot be put into an environment variable by connectors")
                .hint("use `--key key-file --new-key-file PATH`, then copy that file's key into CONNECTORS_VAULT_KEY"))
        }
        KeyStore::KeyFile => stage_key_file(old, meta, new_key_file, new),
        KeyStore::Keyring => {
            keys::keyring_set(&meta.vault_id, true, new).map_err(|reason| {
                Error::with(crate::error::code::KEYRING_UNAVAILABLE, format!("the OS keyring is not reachable ({reason}); nothing was changed"))
                    .hint("start or unlock your keyring, or rekey into `--key key-file --new-key-file PATH`")
            })?;
            Ok((Staged::Keyring, "OS keyring".to_string()))
        }
        KeyStore::Passphrase => {
            let passphrase = new_passphrase()?;
            Ok((
                Staged::Passphrase(keys::wrap_with_passphrase(new, &passphrase)?),
                "passphrase".to_string(),
            ))
        }
    }
}

/// Writes `new` to the `.next` file beside its target: `new_key_file`, or the current
/// key file when the key is kept in one.
fn stage_key_file(
    old: &LoadedKey,
    meta: &Meta,
    new_key_file: Option<PathBuf>,
    new: &x25519::Identity,
) -> Result<(Staged, String)> {
    let current = match (old.store, &meta.key_store_detail) {
        (KeyStore::KeyFile, _) if new_key_file.is_none() => Some(PathBuf::from(&old.detail)),
        _ => None,
    };
    let target_path = new_key_file.or(current).ok_or_else(|| {
        Error::with(
            crate::error::code::NO_KEY_FILE,
            "the new key needs a file to go to",
        )
        .hint("pass --new-key-file PATH (created with mode 0600)")
    })?;
    let target_path = std::path::absolute(&target_path).unwrap_or(target_path);
    let staged = keys::staged_key_file(&target_path);
    if staged.exists() {
        // Left by a rekey that never committed: the vault does not use that key.
        if keys::read_key_file(&staged)
            .map(|k| k.to_public().to_string() != meta.recipient)
            .unwrap_or(false)
        {
            let _ = std::fs::remove_file(&staged);
        }
    }
    keys::write_key_file(&staged, new)?;
    let shown = target_path.display().to_string();
    Ok((
        Staged::File {
            staged,
            target: target_path,
        },
        shown,
    ))
}

/// What the rekey transaction needs: both keys, where the new one is staged, and the
/// generation it becomes.
struct Rekeying<'a> {
    vault_id: &'a str,
    old: &'a x25519::Identity,
    new: &'a x25519::Identity,
    target: KeyStore,
    staged: &'a Staged,
    generation: i64,
}

/// The rekey transaction: re-encrypts every secret to the new key, records it, and signs
/// every row under it. Returns how many secrets were re-encrypted.
fn reencrypt(
    vault: &Vault,
    tx: &Tx<'_>,
    r: &Rekeying<'_>,
    before_commit: &dyn Fn() -> Result<()>,
) -> Result<u64> {
    // The transaction saw the current key generation: if another rekey won the race,
    // the key this one loaded is no longer the vault's, and nothing is re-encrypted.
    if tx.vault_generation() != r.generation - 1 {
        return Err(Error::with(
            crate::error::code::REKEY_RACED,
            "another process rekeyed the vault while this rekey was starting; nothing was changed",
        )
        .hint("check `connectors vault status`, then rekey again if you still want to"));
    }
    // A rekey signs every row under the new key: it must not sign what someone else
    // wrote, so every row must pass under the old key first.
    let (_, problems) = vault.row_problems(tx.raw())?;
    if let Some(p) = problems.first() {
        return Err(super::integrity::tampered(
            &p.row,
            match p.problem {
                "missing_mac" => super::integrity::Seal::Missing,
                _ => super::integrity::Seal::Broken,
            },
        ));
    }
    let count = reseal_secrets(tx, r)?;
    let (store_detail, blob) = match r.staged {
        Staged::File { target, .. } => (Some(target.display().to_string()), None),
        Staged::Keyring => (None, None),
        Staged::Passphrase(b) => (None, Some(b.as_slice())),
    };
    write_key_meta(
        tx.raw(),
        r.vault_id,
        r.new,
        r.target,
        store_detail.as_deref(),
        r.generation,
        blob,
    )?;
    tx.resign_all(&super::integrity::row_key(r.new, r.vault_id))?;
    tx.record(
        None,
        crate::model::Action::VaultRekey,
        r.vault_id,
        serde_json::json!({"key_store": r.target.as_str(), "public_key": r.new.to_public().to_string(), "key_generation": r.generation, "secrets": count}),
    )?;
    before_commit()?;
    Ok(count)
}

/// Opens every sealed value with the old key and seals it again to the new one.
fn reseal_secrets(tx: &Tx<'_>, r: &Rekeying<'_>) -> Result<u64> {
    let recipient = r.new.to_public();
    let new_mac_key = super::mac_key(r.new, r.vault_id);
    let mut count = 0u64;
    for column in SECRET_COLUMNS {
        for (id, ciphertext) in tx.read().sealed_values(*column)? {
            let binding = Binding {
                vault_id: r.vault_id,
                table: column.table(),
                column: column.column(),
                row: id,
            };
            let plain = envelope::open(r.old, binding, &ciphertext)?;
            let sealed = envelope::seal(&recipient, binding, &plain)?;
            if *column == SecretColumn::ConnectorClientSecret {
                // The secret MACs are keyed by the identity: recompute them too.
                tx.set_client_secret(
                    crate::store::ConnectorId(id),
                    &sealed,
                    &super::mac(&new_mac_key, &plain),
                )?;
            } else {
                tx.raw().set_sealed_value(*column, id, &sealed)?;
            }
            count += 1;
        }
    }
    Ok(count)
}

impl Staged {
    /// After the commit: the staged key replaces the old one.
    fn promote(&self, vault_id: &str, new: &x25519::Identity) -> Result<()> {
        match self {
            Staged::File { staged, target } => {
                // A process that opened the vault meanwhile may have moved it already.
                let moved = || {
                    keys::read_key_file(target)
                        .is_ok_and(|k| k.to_public().to_string() == new.to_public().to_string())
                };
                std::fs::rename(staged, target)
                    .or_else(|e| if moved() { Ok(()) } else { Err(e) })
                    .map_err(|e| {
                        Error::with(
                            crate::error::code::KEY_FILE_WRITE,
                            format!(
                                "the vault was rekeyed, but {} could not be moved to {}: {e}",
                                staged.display(),
                                target.display()
                            ),
                        )
                        .hint(format!(
                            "move it by hand: mv {} {}",
                            staged.display(),
                            target.display()
                        ))
                    })?;
            }
            Staged::Keyring => {
                keys::keyring_set(vault_id, false, new).map_err(|reason| {
                    Error::with(crate::error::code::KEYRING_UNAVAILABLE, format!("the vault was rekeyed, but the keyring entry could not be replaced ({reason})"))
                        .hint("run any connectors command once the keyring is reachable: it finishes the rekey")
                })?;
                keys::keyring_delete(vault_id, true);
            }
            Staged::Passphrase(_) => {}
        }
        Ok(())
    }

    /// After a failed transaction: the staged key is thrown away; the old one stays.
    fn discard(self, vault_id: &str) {
        match self {
            Staged::File { staged, .. } => {
                let _ = std::fs::remove_file(staged);
            }
            Staged::Keyring => keys::keyring_delete(vault_id, true),
            Staged::Passphrase(_) => {}
        }
    }
}
