//! `vault init`: choose where the key is kept, create the vault (a file, or the schema in a
//! PostgreSQL database), and record the key's public half and key-check record. A vault
//! appears only when it is complete (a file is built beside its name and hard-linked into
//! place; a database gets its schema and first rows in one transaction), and a key stored
//! for a vault that then failed to be created is removed again.

use std::path::{Path, PathBuf};

use crate::store::{Location, Store};

use age::x25519;
use secrecy::{ExposeSecret, SecretString};

use super::keys::{self, KeyOptions, KeyStore};
use super::{random_id, write_key_meta};
use crate::error::{Error, Result};

#[derive(Debug, Clone, serde::Serialize)]
pub struct InitReport {
    /// The vault's file, or its database's URL (without a password).
    pub path: String,
    /// `sqlite` or `postgres`.
    pub engine: &'static str,
    pub vault_id: String,
    pub key_store: &'static str,
    pub key_detail: String,
    pub public_key: String,
    /// True when a new key file was written.
    pub key_file_created: bool,
    pub workspace: String,
    pub platform_domain: String,
}

/// How a new passphrase is obtained (asked twice on a terminal, or from the environment).
pub type AskNewPassphrase<'a> = &'a dyn Fn() -> Result<SecretString>;

/// Where the key went, so a failed creation can undo it.
enum Stored {
    Nothing,
    File(PathBuf),
    Keyring(String),
}

pub fn init(
    location: &Location,
    opts: &KeyOptions,
    choice: Option<KeyStore>,
    platform_domain: &str,
    ask_new_passphrase: AskNewPassphrase<'_>,
) -> Result<InitReport> {
    if let Some(path) = location.file()
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(Error::with(
            crate::error::code::VAULT_EXISTS,
            format!(
                "a vault already exists at {}; it was left untouched",
                path.display()
            ),
        )
        .hint("use it as it is, or pass --vault NEW_PATH to create another"));
    }
    let vault_id = random_id();
    let store = match choice {
        Some(s) => s,
        None if opts.env_key.is_some() => KeyStore::Env,
        None if opts.key_file.is_some() => KeyStore::KeyFile,
        None if opts.passphrase.is_some() => KeyStore::Passphrase,
        None => KeyStore::Keyring,
    };

    let mut stored = Stored::Nothing;
    let mut passphrase_blob = None;
    let mut key_file_created = false;
    let (identity, detail, store_detail) = match store {
        KeyStore::Env => {
            let text = opts.env_key.as_ref().ok_or_else(|| {
                Error::with(
                    crate::error::code::NO_KEY,
                    format!("--key env needs {} to hold an age identity", keys::ENV_KEY),
                )
                .hint(format!(
                    "set {} (for example from `age-keygen`), or choose another --key",
                    keys::ENV_KEY
                ))
            })?;
            (
                keys::parse_identity(text.expose_secret(), keys::ENV_KEY)?,
                keys::ENV_KEY.to_string(),
                None,
            )
        }
        KeyStore::KeyFile => {
            let file = opts.key_file.clone().ok_or_else(|| {
                Error::with(
                    crate::error::code::NO_KEY_FILE,
                    "--key key-file needs a path",
                )
                .hint("pass --key-file PATH (a new file is created with mode 0600)")
            })?;
            let file = absolute(&file);
            let identity = if file.exists() {
                keys::read_key_file(&file)?
            } else {
                let identity = x25519::Identity::generate();
                keys::write_key_file(&file, &identity)?;
                stored = Stored::File(file.clone());
                key_file_created = true;
                identity
            };
            let shown = file.display().to_string();
            (identity, shown.clone(), Some(shown))
        }
        KeyStore::Keyring => {
            let identity = x25519::Identity::generate();
            if let Err(reason) = keys::keyring_set(&vault_id, false, &identity) {
                keys::keyring_delete(&vault_id, false);
                return Err(if choice.is_none() {
                    keys::no_key_error("no vault was created", Some(&reason))
                } else {
                    Error::with(crate::error::code::KEYRING_UNAVAILABLE, format!("the OS keyring is not reachable ({reason}); no vault was created"))
                        .hint("start or unlock your keyring, or choose `--key key-file --key-file PATH` or `--key passphrase`")
                });
            }
            stored = Stored::Keyring(vault_id.clone());
            (identity, "OS keyring".to_string(), None)
        }
        KeyStore::Passphrase => {
            let passphrase = match &opts.passphrase {
                Some(p) => p.clone(),
                None => ask_new_passphrase()?,
            };
            if passphrase.expose_secret().is_empty() {
                return Err(Error::with(
                    crate::error::code::EMPTY_PASSPHRASE,
                    "the passphrase is empty",
                )
                .hint("choose a passphrase of several words"));
            }
            let identity = x25519::Identity::generate();
            passphrase_blob = Some(keys::wrap_with_passphrase(&identity, &passphrase)?);
            (identity, "passphrase".to_string(), None)
        }
    };

    let result = create_store(
        location,
        &vault_id,
        &identity,
        store,
        store_detail.as_deref(),
        passphrase_blob.as_deref(),
        platform_domain,
    );
    if let Err(e) = result {
        match stored {
            Stored::File(f) => {
                let _ = std::fs::remove_file(f);
            }
            Stored::Keyring(id) => keys::keyring_delete(&id, false),
            Stored::Nothing => {}
        }
        return Err(e);
    }
    Ok(InitReport {
        path: location.describe(),
        engine: location.engine_name(),
        vault_id,
        key_store: store.as_str(),
        key_detail: detail,
        public_key: identity.to_public().to_string(),
        key_file_created,
        workspace: crate::model::workspace::DEFAULT.to_string(),
        platform_domain: platform_domain.to_string(),
    })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn create_store(
    location: &Location,
    vault_id: &str,
    identity: &x25519::Identity,
    store: KeyStore,
    store_detail: Option<&str>,
    passphrase_blob: Option<&[u8]>,
    platform_domain: &str,
) -> Result<()> {
    Store::create(location, &vault_id[..8], |db| {
        let now = crate::time::now();
        db.set_meta("vault_id", vault_id.as_bytes())?;
        db.set_meta("created_at", now.as_bytes())?;
        write_key_meta(
            db,
            vault_id,
            identity,
            store,
            store_detail,
            1,
            passphrase_blob,
        )?;
        // A new vault's rows are signed from the start (see `integrity`).
        let row_key = super::integrity::row_key(identity, vault_id);
        db.set_meta(
            super::integrity::MARK,
            &super::integrity::sign_mark(&row_key, vault_id),
        )?;
        db.delete_meta(super::integrity::PENDING)?;
        let ws = db.insert_workspace(crate::model::workspace::DEFAULT, platform_domain, &now)?;
        super::sign_row(db, &row_key, &crate::store::SignedRow::Workspace(ws))?;
        crate::audit::record(
            db,
            crate::model::Via::Cli,
            None,
            crate::model::Action::VaultInit,
            vault_id,
            serde_json::json!({"key_store": store.as_str(), "public_key": identity.to_public().to_string()}),
        )
    })
}
