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

impl Stored {
    /// Removes a key stored for a vault that then failed to be created.
    fn undo(self) {
        match self {
            Stored::File(f) => {
                let _ = std::fs::remove_file(f);
            }
            Stored::Keyring(id) => keys::keyring_delete(&id, false),
            Stored::Nothing => {}
        }
    }
}

/// The new vault's key, with where it went and how it is shown.
struct NewKey {
    identity: x25519::Identity,
    /// For people: the key's place ("OS keyring", a key file's path, ...).
    detail: String,
    /// A key file's path, recorded in the vault.
    store_detail: Option<String>,
    stored: Stored,
    passphrase_blob: Option<Vec<u8>>,
    key_file_created: bool,
}

impl NewKey {
    /// A key shown as `detail`, with nothing stored or recorded beside it yet.
    fn new(identity: x25519::Identity, detail: String) -> NewKey {
        NewKey {
            identity,
            detail,
            store_detail: None,
            stored: Stored::Nothing,
            passphrase_blob: None,
            key_file_created: false,
        }
    }
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

    let key = match store {
        KeyStore::Env => key_from_env(opts)?,
        KeyStore::KeyFile => key_from_file(opts)?,
        KeyStore::Keyring => key_into_keyring(&vault_id, choice.is_none())?,
        KeyStore::Passphrase => key_under_passphrase(opts, ask_new_passphrase)?,
    };

    let result = create_store(
        location,
        &vault_id,
        &key.identity,
        store,
        key.store_detail.as_deref(),
        key.passphrase_blob.as_deref(),
        platform_domain,
    );
    if let Err(e) = result {
        key.stored.undo();
        return Err(e);
    }
    Ok(InitReport {
        path: location.describe(),
        engine: location.engine_name(),
        vault_id,
        key_store: store.as_str(),
        key_detail: key.detail,
        public_key: key.identity.to_public().to_string(),
        key_file_created: key.key_file_created,
        workspace: crate::model::workspace::DEFAULT.to_string(),
        platform_domain: platform_domain.to_string(),
    })
}

/// `--key env`: the identity held by the environment variable.
fn key_from_env(opts: &KeyOptions) -> Result<NewKey> {
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
    Ok(NewKey::new(
        keys::parse_identity(text.expose_secret(), keys::ENV_KEY)?,
        keys::ENV_KEY.to_string(),
    ))
}

/// `--key key-file`: the identity in an existing key file, or a new one written to it.
fn key_from_file(opts: &KeyOptions) -> Result<NewKey> {
    let file = opts.key_file.clone().ok_or_else(|| {
        Error::with(
            crate::error::code::NO_KEY_FILE,
            "--key key-file needs a path",
        )
        .hint("pass --key-file PATH (a new file is created with mode 0600)")
    })?;
    let file = absolute(&file);
    let shown = file.display().to_string();
    if file.exists() {
        let mut key = NewKey::new(keys::read_key_file(&file)?, shown.clone());
        key.store_detail = Some(shown);
        return Ok(key);
    }
    let identity = x25519::Identity::generate();
    keys::write_key_file(&file, &identity)?;
    Ok(NewKey {
        identity,
        detail: shown.clone(),
        store_detail: Some(shown),
        stored: Stored::File(file),
        passphrase_blob: None,
        key_file_created: true,
    })
}

/// `--key keyring` (or no choice and no other key given): a new identity in the OS
/// keyring. `defaulted` says the keyring was not asked for, which changes the error.
fn key_into_keyring(vault_id: &str, defaulted: bool) -> Result<NewKey> {
    let identity = x25519::Identity::generate();
    if let Err(reason) = keys::keyring_set(vault_id, false, &identity) {
        keys::keyring_delete(vault_id, false);
        return Err(if defaulted {
            keys::no_key_error("no vault was created", Some(&reason))
        } else {
            Error::with(crate::error::code::KEYRING_UNAVAILABLE, format!("the OS keyring is not reachable ({reason}); no vault was created"))
                .hint("start or unlock your keyring, or choose `--key key-file --key-file PATH` or `--key passphrase`")
        });
    }
    let mut key = NewKey::new(identity, "OS keyring".to_string());
    key.stored = Stored::Keyring(vault_id.to_string());
    Ok(key)
}

/// `--key passphrase`: a new identity, wrapped with a passphrase given or asked for.
fn key_under_passphrase(
    opts: &KeyOptions,
    ask_new_passphrase: AskNewPassphrase<'_>,
) -> Result<NewKey> {
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
    let blob = keys::wrap_with_passphrase(&identity, &passphrase)?;
    let mut key = NewKey::new(identity, "passphrase".to_string());
    key.passphrase_blob = Some(blob);
    Ok(key)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_made_for_a_vault_that_failed_is_removed_but_one_given_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys").join("vault.key");
        let opts = KeyOptions {
            key_file: Some(file.clone()),
            ..KeyOptions::default()
        };
        let made = key_from_file(&opts).unwrap();
        assert!(made.key_file_created);
        assert_eq!(made.store_detail.as_deref(), Some(made.detail.as_str()));
        assert!(matches!(&made.stored, Stored::File(f) if *f == file));
        // A second vault given the same file uses the key in it, and owns nothing.
        let given = key_from_file(&opts).unwrap();
        assert!(!given.key_file_created);
        assert!(matches!(given.stored, Stored::Nothing));
        assert_eq!(
            given.identity.to_public().to_string(),
            made.identity.to_public().to_string()
        );
        given.stored.undo();
        assert!(file.exists());
        made.stored.undo();
        assert!(!file.exists());
    }
}
