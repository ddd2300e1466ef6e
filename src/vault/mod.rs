//! The vault: one SQLite file (WAL, foreign keys, busy timeout, numbered migrations) that
//! holds workspaces, apps, connectors, connections and the audit log. Secret fields are
//! age ciphertext bound to their row (see [`envelope`]); everything else is plain columns,
//! so listing never decrypts and never needs the key.
//!
//! Opening never creates a file; `vault init` does, with mode 0600 in a 0700 directory.
//! Every write runs in a `BEGIN IMMEDIATE` transaction so concurrent writers wait for the
//! lock instead of failing with `SQLITE_BUSY`.

pub mod envelope;
pub mod files;
mod init;
pub mod keys;
mod rekey;
pub mod schema;

use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::x25519;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use secrecy::SecretString;
use zeroize::Zeroizing;

pub use envelope::Binding;
pub use init::{InitReport, init};
pub use keys::{KeyOptions, KeyStore, LoadedKey};
pub use rekey::{RekeyReport, rekey};

use crate::error::{Error, Result, corrupt_vault};

pub const ENV_VAULT: &str = "CONNECTORS_VAULT";
const BUSY_TIMEOUT_MS: u64 = 10_000;

/// The non-secret facts in the `meta` table.
#[derive(Debug, Clone)]
pub struct Meta {
    pub vault_id: String,
    pub created_at: String,
    pub recipient: String,
    pub key_store: KeyStore,
    /// A key file's path, when the key is kept in one.
    pub key_store_detail: Option<String>,
    pub key_generation: i64,
    key_check: Vec<u8>,
    passphrase_identity: Option<Vec<u8>>,
}

pub struct Vault {
    conn: Connection,
    path: PathBuf,
    meta: Meta,
    key_opts: KeyOptions,
    key: OnceCell<LoadedKey>,
    mac_key: OnceCell<[u8; 32]>,
}

/// The key of the secret MACs: HMAC-SHA-256 of the vault id under the identity's bytes.
pub fn mac_key(identity: &x25519::Identity, vault_id: &str) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    use secrecy::ExposeSecret;
    let id = identity.to_string();
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(id.expose_secret().as_bytes())
        .expect("HMAC takes any key length");
    m.update(b"connectors/secret-mac/v1\0");
    m.update(vault_id.as_bytes());
    m.finalize().into_bytes().into()
}

/// A secret's MAC under `key` (see [`mac_key`]).
pub fn mac(key: &[u8; 32], secret: &[u8]) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(secret);
    m.finalize().into_bytes().to_vec()
}

/// The default vault path: `connectors/vault.db` in the platform data directory.
pub fn default_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "connectors")
        .map(|d| d.data_dir().join("vault.db"))
        .ok_or_else(|| {
            Error::usage(
                "no_data_dir",
                "no home directory was found to keep the vault in",
            )
            .hint(format!("pass --vault PATH or set {ENV_VAULT}"))
        })
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

impl Vault {
    /// Opens an existing vault, migrating its schema when it is older. Does not load the key.
    pub fn open(path: &Path, key_opts: KeyOptions) -> Result<Vault> {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Error::vault("no_vault", format!("there is no vault at {}", path.display()))
                .hint("create one with `connectors vault init`, or point at yours with --vault PATH (or CONNECTORS_VAULT)"));
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        let version = schema::version(&conn)?;
        if version == 0 {
            return Err(corrupt_vault());
        }
        if version > schema::LATEST {
            return Err(schema::newer_schema(version));
        }
        if version < schema::LATEST {
            schema::migrate_to(&mut conn, schema::LATEST)?;
        }
        let meta = load_meta(&conn)?;
        Ok(Vault {
            conn,
            path: path.to_path_buf(),
            meta,
            key_opts,
            key: OnceCell::new(),
            mac_key: OnceCell::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in a write transaction that takes the write lock first (`BEGIN
    /// IMMEDIATE`), and commits only when `f` succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn binding<'a>(&'a self, table: &'a str, column: &'a str, row: i64) -> Binding<'a> {
        Binding {
            vault_id: &self.meta.vault_id,
            table,
            column,
            row,
        }
    }

    /// Encrypts a secret for `table.column` of `row`. Needs only the public key.
    pub fn seal(&self, table: &str, column: &str, row: i64, secret: &[u8]) -> Result<Vec<u8>> {
        let recipient =
            x25519::Recipient::from_str(&self.meta.recipient).map_err(|_| corrupt_vault())?;
        envelope::seal(&recipient, self.binding(table, column, row), secret)
    }

    /// Decrypts the secret of `table.column` of `row`, checking where it was sealed.
    pub fn reveal(
        &self,
        table: &str,
        column: &str,
        row: i64,
        ciphertext: &[u8],
    ) -> Result<SecretString> {
        let key = self.unlock()?;
        let bytes = envelope::open(&key.identity, self.binding(table, column, row), ciphertext)?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
            Error::vault(
                "secret_corrupt",
                format!("the secret in {table}.{column} of row {row} is not text"),
            )
        })?;
        Ok(SecretString::from(text))
    }

    /// The keyed MAC of a secret, to compare secrets without decrypting stored ones.
    pub fn secret_mac(&self, secret: &[u8]) -> Result<Vec<u8>> {
        let key = match self.mac_key.get() {
            Some(k) => *k,
            None => {
                let k = mac_key(&self.unlock()?.identity, &self.meta.vault_id);
                *self.mac_key.get_or_init(|| k)
            }
        };
        Ok(mac(&key, secret))
    }

    /// Loads and checks the key (once per process). Commands that read or write secrets
    /// call this before changing anything, so a wrong key changes nothing.
    pub fn unlock(&self) -> Result<&LoadedKey> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let key = self.load_key()?;
        Ok(self.key.get_or_init(|| key))
    }

    /// Where the key would come from, without loading it (for `vault status`).
    pub fn key_source_hint(&self) -> String {
        if self.key_opts.env_key.is_some() {
            keys::ENV_KEY.to_string()
        } else if let Some(p) = &self.key_opts.key_file {
            format!("key file {}", p.display())
        } else {
            match (self.meta.key_store, &self.meta.key_store_detail) {
                (KeyStore::KeyFile, Some(p)) => format!("key file {p}"),
                (KeyStore::Keyring, _) => "OS keyring".into(),
                (KeyStore::Passphrase, _) => "passphrase".into(),
                (KeyStore::Env, _) => keys::ENV_KEY.to_string(),
                (KeyStore::KeyFile, None) => "key file".into(),
            }
        }
    }

    fn load_key(&self) -> Result<LoadedKey> {
        let opts = &self.key_opts;
        if let Some(text) = &opts.env_key {
            use secrecy::ExposeSecret;
            let identity = keys::parse_identity(text.expose_secret(), keys::ENV_KEY)?;
            return self.checked(identity, KeyStore::Env, keys::ENV_KEY.to_string());
        }
        let recorded_file = match (self.meta.key_store, &self.meta.key_store_detail) {
            (KeyStore::KeyFile, Some(p)) => Some(PathBuf::from(p)),
            _ => None,
        };
        if let Some(path) = opts.key_file.clone().or(recorded_file) {
            let identity = keys::read_key_file(&path)?;
            if !self.matches(&identity) {
                // A rekey that committed but did not get to rename its staged key file.
                let staged = keys::staged_key_file(&path);
                if staged.exists() {
                    let next = keys::read_key_file(&staged)?;
                    if self.matches(&next) {
                        std::fs::rename(&staged, &path).map_err(|e| {
                            Error::vault(
                                "key_file_write",
                                format!("cannot finish the interrupted rekey: {e}"),
                            )
                        })?;
                        return self.checked(next, KeyStore::KeyFile, path.display().to_string());
                    }
                }
            }
            return self.checked(identity, KeyStore::KeyFile, path.display().to_string());
        }
        match self.meta.key_store {
            KeyStore::Keyring => self.load_from_keyring(),
            KeyStore::Passphrase => {
                let blob = self
                    .meta
                    .passphrase_identity
                    .as_deref()
                    .ok_or_else(corrupt_vault)?;
                let passphrase = match &opts.passphrase {
                    Some(p) => p.clone(),
                    None if opts.interactive => {
                        crate::ui::ask_passphrase("Vault passphrase", false)?
                    }
                    None => {
                        return Err(Error::vault(
                            "passphrase_required",
                            "this vault's key is protected by a passphrase, and there is no terminal to ask for it",
                        )
                        .hint(format!("set {} for scripts, or run the command on a terminal", keys::ENV_PASSPHRASE)));
                    }
                };
                let identity = keys::unwrap_with_passphrase(blob, &passphrase)?;
                self.checked(identity, KeyStore::Passphrase, "passphrase".into())
            }
            KeyStore::Env => Err(Error::vault(
                "no_key",
                format!(
                    "this vault's key is expected in {}, which is not set",
                    keys::ENV_KEY
                ),
            )
            .hint(format!(
                "set {} to the vault's age identity, or pass --key-file PATH",
                keys::ENV_KEY
            ))),
            KeyStore::KeyFile => Err(Error::vault(
                "no_key",
                "this vault's key is kept in a key file, and none was given",
            )
            .hint(format!(
                "pass --key-file PATH or set {}",
                keys::ENV_KEY_FILE
            ))),
        }
    }

    fn load_from_keyring(&self) -> Result<LoadedKey> {
        let id = &self.meta.vault_id;
        let unreachable = |reason: String| {
            Error::vault("keyring_unavailable", format!("this vault's key is in the OS keyring, which is not reachable ({reason})"))
                .hint(format!("unlock or start your keyring (Secret Service, Keychain, Credential Manager), or use a copy of the key: set {} or pass --key-file PATH", keys::ENV_KEY))
        };
        let text = keys::keyring_get(id, false).map_err(unreachable)?;
        let mut current = match &text {
            Some(t) => {
                use secrecy::ExposeSecret;
                Some(keys::parse_identity(
                    t.expose_secret(),
                    "the keyring entry",
                )?)
            }
            None => None,
        };
        if let Some(identity) = current.take_if(|i| self.matches(i)) {
            return self.checked(identity, KeyStore::Keyring, "OS keyring".into());
        }
        // A rekey that committed but did not get to replace the keyring entry.
        if let Ok(Some(staged)) = keys::keyring_get(id, true) {
            use secrecy::ExposeSecret;
            let next = keys::parse_identity(staged.expose_secret(), "the keyring entry")?;
            if self.matches(&next) {
                keys::keyring_set(id, false, &next).map_err(unreachable)?;
                keys::keyring_delete(id, true);
                return self.checked(next, KeyStore::Keyring, "OS keyring".into());
            }
        }
        match current {
            Some(identity) => self.checked(identity, KeyStore::Keyring, "OS keyring".into()),
            None => Err(Error::vault("no_key", format!("the OS keyring holds no key for vault {id}"))
                .hint(format!("the keyring entry was removed; set {} or pass --key-file PATH with a copy of the key", keys::ENV_KEY))),
        }
    }

    fn matches(&self, identity: &x25519::Identity) -> bool {
        identity.to_public().to_string() == self.meta.recipient
    }

    /// Accepts an identity only if it is this vault's (public key and key-check record).
    fn checked(
        &self,
        identity: x25519::Identity,
        store: KeyStore,
        detail: String,
    ) -> Result<LoadedKey> {
        if !self.matches(&identity) {
            return Err(Error::vault(
                "wrong_key",
                format!("the key from {detail} is not this vault's key (the vault at {} expects public key {})", self.path.display(), self.meta.recipient),
            )
            .hint("check that --vault and the key belong together; nothing was changed"));
        }
        let binding = self.binding("meta", "key_check", 0);
        match envelope::open(&identity, binding, &self.meta.key_check) {
            Ok(v) if v.as_slice() == KEY_CHECK => Ok(LoadedKey {
                identity,
                store,
                detail,
            }),
            Ok(_) => Err(corrupt_vault()),
            Err(e) if e.code == "wrong_key" => Err(Error::vault(
                "wrong_key",
                format!("the key from {detail} does not open this vault's key-check record"),
            )
            .hint("check that --vault and the key belong together; nothing was changed")),
            Err(_) => Err(corrupt_vault()),
        }
    }

    /// Counts for `vault status`.
    pub fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let mut by_status = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT status, count(*) FROM connections GROUP BY status ORDER BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            by_status.push(row?);
        }
        Ok(Counts {
            workspaces: one("SELECT count(*) FROM workspaces")?,
            apps: one("SELECT count(*) FROM apps")?,
            connectors: one("SELECT count(*) FROM connectors")?,
            connections: one("SELECT count(*) FROM connections")?,
            connections_by_status: by_status,
            audit_entries: one("SELECT count(*) FROM audit")?,
        })
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Counts {
    pub workspaces: i64,
    pub apps: i64,
    pub connectors: i64,
    pub connections: i64,
    pub connections_by_status: Vec<(String, i64)>,
    pub audit_entries: i64,
}

const KEY_CHECK: &[u8] = b"connectors key check";

fn load_meta(conn: &Connection) -> Result<Meta> {
    let get = |key: &str| -> Result<Option<Vec<u8>>> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                // Text or blob: both are the value's bytes.
                Ok(r.get_ref(0)?.as_bytes()?.to_vec())
            })
            .optional()?)
    };
    let text = |key: &str| -> Result<String> {
        let bytes = get(key)?.ok_or_else(corrupt_vault)?;
        String::from_utf8(bytes).map_err(|_| corrupt_vault())
    };
    let key_store = KeyStore::parse(&text("key_store")?).ok_or_else(corrupt_vault)?;
    Ok(Meta {
        vault_id: text("vault_id")?,
        created_at: text("created_at")?,
        recipient: text("recipient")?,
        key_store,
        key_store_detail: get("key_store_detail")?.and_then(|b| String::from_utf8(b).ok()),
        key_generation: text("key_generation")?
            .parse()
            .map_err(|_| corrupt_vault())?,
        key_check: get("key_check")?.ok_or_else(corrupt_vault)?,
        passphrase_identity: get("passphrase_identity")?,
    })
}

/// Writes the key facts into `meta` (at init and rekey), inside the caller's transaction.
fn write_key_meta(
    tx: &Transaction<'_>,
    vault_id: &str,
    identity: &x25519::Identity,
    store: KeyStore,
    store_detail: Option<&str>,
    generation: i64,
    passphrase_identity: Option<&[u8]>,
) -> Result<()> {
    let set = |key: &str, value: &[u8]| -> Result<()> {
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    };
    let recipient = identity.to_public();
    let check = envelope::seal(
        &recipient,
        Binding {
            vault_id,
            table: "meta",
            column: "key_check",
            row: 0,
        },
        KEY_CHECK,
    )?;
    set("recipient", recipient.to_string().as_bytes())?;
    set("key_check", &check)?;
    set("key_store", store.as_str().as_bytes())?;
    set("key_generation", generation.to_string().as_bytes())?;
    match store_detail {
        Some(d) => set("key_store_detail", d.as_bytes())?,
        None => {
            tx.execute("DELETE FROM meta WHERE key = 'key_store_detail'", [])?;
        }
    }
    match passphrase_identity {
        Some(blob) => set("passphrase_identity", blob)?,
        None => {
            tx.execute("DELETE FROM meta WHERE key = 'passphrase_identity'", [])?;
        }
    }
    Ok(())
}

/// Decrypted secret bytes, zeroized on drop.
pub type SecretBytes = Zeroizing<Vec<u8>>;

/// A random identifier: 16 bytes as 32 hex digits.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
