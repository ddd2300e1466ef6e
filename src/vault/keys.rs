//! Where the vault's age identity comes from, and where a new one is kept.
//!
//! Sources, first present wins: `CONNECTORS_VAULT_KEY`, a key file (`--key-file` /
//! `CONNECTORS_KEY_FILE`, refused when group or others can read it), the OS keyring, a
//! passphrase-protected identity kept in the vault (age scrypt). With none available we
//! say which exist and how to choose; we never fall back to plaintext. Nothing here logs
//! or formats a key.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;

use crate::error::{Error, Result};
use crate::vault::files;

pub const ENV_KEY: &str = "CONNECTORS_VAULT_KEY";
pub const ENV_KEY_FILE: &str = "CONNECTORS_KEY_FILE";
pub const ENV_PASSPHRASE: &str = "CONNECTORS_PASSPHRASE";
const KEYRING_SERVICE: &str = "connectors";

/// Where a vault's key is kept, as recorded in the vault (no secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStore {
    Env,
    KeyFile,
    Keyring,
    Passphrase,
}

impl KeyStore {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStore::Env => "env",
            KeyStore::KeyFile => "key-file",
            KeyStore::Keyring => "keyring",
            KeyStore::Passphrase => "passphrase",
        }
    }

    pub fn parse(s: &str) -> Option<KeyStore> {
        Some(match s {
            "env" => KeyStore::Env,
            "key-file" => KeyStore::KeyFile,
            "keyring" => KeyStore::Keyring,
            "passphrase" => KeyStore::Passphrase,
            _ => return None,
        })
    }
}

/// The key sources the user gave this process.
#[derive(Default)]
pub struct KeyOptions {
    pub env_key: Option<SecretString>,
    pub key_file: Option<PathBuf>,
    pub passphrase: Option<SecretString>,
    /// Whether a passphrase may be asked for on the terminal.
    pub interactive: bool,
    /// Who to ask for a passphrase (when `interactive`) and to tell what they should know.
    pub person: Option<crate::ask::PersonRef>,
    /// An identity this process already loaded and checked (for the workers of
    /// `refresh`, so that a passphrase is asked once). Used while it is the vault's key;
    /// after a rekey the other sources are tried.
    pub preloaded: Option<SecretString>,
}

impl KeyOptions {
    /// Reads the environment; `key_file` comes from `--key-file` or `CONNECTORS_KEY_FILE`
    /// (clap reads the latter).
    pub fn from_env(
        key_file: Option<PathBuf>,
        interactive: bool,
        person: Option<crate::ask::PersonRef>,
    ) -> KeyOptions {
        let non_empty = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(SecretString::from)
        };
        KeyOptions {
            env_key: non_empty(ENV_KEY),
            key_file,
            passphrase: non_empty(ENV_PASSPHRASE),
            interactive,
            person,
            preloaded: None,
        }
    }
}

impl KeyOptions {
    /// These options with an identity this process already loaded, never prompting.
    /// The key's signing record goes with it.
    pub fn with_loaded(self, key: &LoadedKey) -> KeyOptions {
        let text = if key.signs_rows {
            key_text(&key.identity).to_string()
        } else {
            key.identity.to_string().expose_secret().to_string()
        };
        KeyOptions {
            preloaded: Some(SecretString::from(text)),
            interactive: false,
            ..self
        }
    }
}

/// A loaded identity and a description of where it came from.
pub struct LoadedKey {
    pub identity: x25519::Identity,
    pub store: KeyStore,
    /// For people: "CONNECTORS_VAULT_KEY", a key file's path, "OS keyring", "passphrase".
    pub detail: String,
    /// Whether the key carries the [`SIGNS_ROWS`] record.
    pub signs_rows: bool,
    /// The key file it was read from, if any (where the record can be added).
    pub file: Option<PathBuf>,
}

impl LoadedKey {
    /// This key, saying whether it carries the [`SIGNS_ROWS`] record.
    pub fn signing(self, signs_rows: bool) -> LoadedKey {
        LoadedKey { signs_rows, ..self }
    }

    /// This key, read from the key file at `path`.
    pub fn kept_in(self, path: &Path) -> LoadedKey {
        LoadedKey {
            file: Some(path.to_path_buf()),
            ..self
        }
    }
}

/// Parses an age identity from text that may hold comments (the `age-keygen` format).
pub fn parse_identity(text: &str, what: &str) -> Result<x25519::Identity> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .ok_or_else(|| bad_key(what))?;
    x25519::Identity::from_str(line).map_err(|_| bad_key(what))
}

fn bad_key(what: &str) -> Error {
    Error::with(crate::error::code::BAD_KEY, format!("{what} does not hold a valid age identity"))
        .hint("it must contain one line starting with AGE-SECRET-KEY-1, as written by `connectors vault init --key key-file` or `age-keygen`")
}

pub fn read_key_file(path: &Path) -> Result<x25519::Identity> {
    read_key_file_record(path).map(|(identity, _)| identity)
}

/// A key file's identity, and whether it carries the [`SIGNS_ROWS`] record.
pub fn read_key_file_record(path: &Path) -> Result<(x25519::Identity, bool)> {
    let bytes = files::read_private(path, "key file")?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| bad_key(&format!("the key file {}", path.display())))?;
    let identity = parse_identity(text, &format!("the key file {}", path.display()))?;
    Ok((identity, signs_rows(text)))
}

/// The line a key carries once its vault's rows are signed: the record, kept with the key
/// where a vault writer cannot reach it, that a copy of the vault claiming to have no
/// signed rows (or to be older than row signing) was tampered with. Keys made by
/// `vault init` and `vault rekey` carry it from the start; `vault sign-rows` adds it to
/// an older key.
pub const SIGNS_ROWS: &str = "# connectors: this key's vault has signed rows";

/// Whether a key's text carries the [`SIGNS_ROWS`] record.
pub fn signs_rows(text: &str) -> bool {
    text.lines().any(|l| l.trim() == SIGNS_ROWS)
}

/// The key as kept in the keyring or under a passphrase: the record, then the identity.
pub fn key_text(identity: &x25519::Identity) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(format!(
        "{SIGNS_ROWS}\n{}\n",
        identity.to_string().expose_secret()
    ))
}

/// The text written into a new key file.
pub fn key_file_text(identity: &x25519::Identity) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(format!(
        "# connectors vault key: keep it private, and keep a copy (losing it loses the vault)\n# public key: {}\n{SIGNS_ROWS}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    ))
}

/// Adds the [`SIGNS_ROWS`] record to an existing key file, atomically (a new 0600 file
/// beside it, renamed over it), keeping what else the file says.
pub fn record_in_key_file(path: &Path) -> Result<()> {
    let bytes = files::read_private(path, "key file")?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| bad_key(&format!("the key file {}", path.display())))?;
    if signs_rows(text) {
        return Ok(());
    }
    let (comments, rest): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| l.trim_start().starts_with('#'));
    let mut updated = zeroize::Zeroizing::new(String::new());
    for line in comments.iter().chain([&SIGNS_ROWS]).chain(rest.iter()) {
        updated.push_str(line);
        updated.push('\n');
    }
    let mut temp = path.as_os_str().to_owned();
    temp.push(".record");
    let temp = PathBuf::from(temp);
    let failed = |e: std::io::Error| {
        Error::with(
            crate::error::code::KEY_FILE_WRITE,
            format!(
                "cannot record the signing in the key file {}: {e}",
                path.display()
            ),
        )
    };
    let _ = std::fs::remove_file(&temp);
    files::write_private(&temp, updated.as_bytes()).map_err(failed)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(e)
    })
}

pub fn write_key_file(path: &Path, identity: &x25519::Identity) -> Result<()> {
    if let Some(dir) = path.parent() {
        files::ensure_private_dir(dir)?;
    }
    files::write_private(path, key_file_text(identity).as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::with(
                crate::error::code::KEY_FILE_EXISTS,
                format!("{} already exists; it was left untouched", path.display()),
            )
            .hint("pass another path, or remove that file if you are sure it holds no key you need")
        } else {
            Error::with(
                crate::error::code::KEY_FILE_WRITE,
                format!("cannot write the key file {}: {e}", path.display()),
            )
        }
    })
}

/// The key file a rekey stages its new identity in, beside the current one.
pub fn staged_key_file(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".next");
    PathBuf::from(name)
}

// ---- OS keyring -------------------------------------------------------------------

fn keyring_account(vault_id: &str, staged: bool) -> String {
    if staged {
        format!("vault-{vault_id}.next")
    } else {
        format!("vault-{vault_id}")
    }
}

/// Why the keyring could not be used, for messages (never contains a secret).
fn keyring_reason(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoDefaultStore => {
            "no Secret Service, Keychain or Credential Manager is running".into()
        }
        keyring::Error::PlatformFailure(p) | keyring::Error::NoStorageAccess(p) => p.to_string(),
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "the keyring entry does not hold a connectors key".into()
        }
        other => format!("{other:?}")
            .split('(')
            .next()
            .unwrap_or("keyring error")
            .to_string(),
    }
}

/// How long a keyring call may take before the keyring counts as unavailable (a session
/// bus that accepts connections and never answers would otherwise hang the command):
/// `CONNECTORS_KEYRING_TIMEOUT` seconds, 10 by default (120 on a terminal).
fn keyring_timeout() -> std::time::Duration {
    use std::io::IsTerminal;
    // On a terminal the keyring may ask the person to unlock it or allow access: give them
    // time. Without one, nobody is going to answer.
    let default = if std::io::stdin().is_terminal() {
        120
    } else {
        10
    };
    let secs = std::env::var("CONNECTORS_KEYRING_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=600).contains(s))
        .unwrap_or(default);
    std::time::Duration::from_secs(secs)
}

/// Set once a keyring call went unanswered: the keyring is not asked again by this
/// process, so the stated limit bounds the whole wait, not each call (a write that timed
/// out is not followed by a clean-up that waits as long again).
static KEYRING_SILENT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn silent_error(limit: std::time::Duration) -> String {
    format!(
        "it did not answer within {} s (set CONNECTORS_KEYRING_TIMEOUT to wait longer)",
        limit.as_secs()
    )
}

/// Runs a keyring call on its own thread, giving up after [`keyring_timeout`].
fn bounded<T: Send + 'static>(
    call: impl FnOnce() -> std::result::Result<T, String> + Send + 'static,
) -> std::result::Result<T, String> {
    use std::sync::atomic::Ordering;
    let limit = keyring_timeout();
    if KEYRING_SILENT.load(Ordering::Relaxed) {
        return Err(silent_error(limit));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        KEYRING_SILENT.store(true, Ordering::Relaxed);
        Err(silent_error(limit))
    })
}

fn entry(vault_id: &str, staged: bool) -> std::result::Result<keyring::Entry, String> {
    keyring::Entry::new(KEYRING_SERVICE, &keyring_account(vault_id, staged))
        .map_err(|e| keyring_reason(&e))
}

/// Reads a key from the keyring: `Ok(None)` when the keyring works but holds no entry.
pub fn keyring_get(
    vault_id: &str,
    staged: bool,
) -> std::result::Result<Option<SecretString>, String> {
    let id = vault_id.to_string();
    bounded(move || {
        let entry = entry(&id, staged)?;
        match entry.get_password() {
            Ok(v) => Ok(Some(SecretString::from(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_reason(&e)),
        }
    })
}

/// Writes a key and reads it back: a store that accepts a write and loses it is refused.
pub fn keyring_set(
    vault_id: &str,
    staged: bool,
    identity: &x25519::Identity,
) -> std::result::Result<(), String> {
    let id = vault_id.to_string();
    let text = SecretString::from(key_text(identity).to_string());
    bounded(move || {
        let entry = entry(&id, staged)?;
        entry
            .set_password(text.expose_secret())
            .map_err(|e| keyring_reason(&e))?;
        match entry.get_password() {
            Ok(back) if back == text.expose_secret() => Ok(()),
            Ok(_) => Err("the keyring returned a different value than was stored".into()),
            Err(e) => Err(format!(
                "the key was written but could not be read back: {}",
                keyring_reason(&e)
            )),
        }
    })
}

pub fn keyring_delete(vault_id: &str, staged: bool) {
    let id = vault_id.to_string();
    let _ = bounded(move || {
        if let Ok(entry) = entry(&id, staged) {
            let _ = entry.delete_credential();
        }
        Ok(())
    });
}

// ---- passphrase -------------------------------------------------------------------

/// The identity encrypted to a passphrase (age scrypt), as kept in the vault's meta table.
pub fn wrap_with_passphrase(
    identity: &x25519::Identity,
    passphrase: &SecretString,
) -> Result<Vec<u8>> {
    let recipient = age::scrypt::Recipient::new(passphrase.clone());
    age::encrypt(&recipient, key_text(identity).as_bytes()).map_err(|e| {
        Error::with(
            crate::error::code::ENCRYPT_FAILED,
            format!("the key could not be protected with the passphrase: {e}"),
        )
    })
}

/// The identity under a passphrase, and whether it carries the [`SIGNS_ROWS`] record.
pub fn unwrap_with_passphrase(
    blob: &[u8],
    passphrase: &SecretString,
) -> Result<(x25519::Identity, bool)> {
    let identity = age::scrypt::Identity::new(passphrase.clone());
    let plain = zeroize::Zeroizing::new(age::decrypt(&identity, blob).map_err(|e| {
        match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::NoMatchingKeys
            | age::DecryptError::KeyDecryptionFailed => Error::with(
                crate::error::code::WRONG_PASSPHRASE,
                "the passphrase is wrong",
            )
            .hint(format!(
                "type it again; scripts pass it in {ENV_PASSPHRASE}"
            )),
            age::DecryptError::ExcessiveWork { .. } => Error::with(
                crate::error::code::PASSPHRASE_WORK,
                "the vault's passphrase protection needs more work than this machine allows",
            )
            .hint("open the vault on a faster machine and run `connectors vault rekey`"),
            _ => crate::error::corrupt_vault(),
        }
    })?);
    let text = std::str::from_utf8(&plain).map_err(|_| crate::error::corrupt_vault())?;
    let identity = parse_identity(text, "the passphrase-protected key")
        .map_err(|_| crate::error::corrupt_vault())?;
    Ok((identity, signs_rows(text)))
}

/// The message for "no key is available", naming every source and how to choose.
pub fn no_key_error(action: &str, keyring_problem: Option<&str>) -> Error {
    let keyring = match keyring_problem {
        Some(reason) => format!("the OS keyring is not reachable ({reason})"),
        None => "the OS keyring holds no key for it".to_string(),
    };
    Error::with(crate::error::code::NO_KEY,
        format!("{action}: {ENV_KEY} is not set, no key file was given, and {keyring}. Nothing was written"),
    )
    .hint(format!(
        "choose a key source: `--key key-file --key-file PATH` keeps the key in a new 0600 file; \
         `--key passphrase` protects it with a passphrase (asked once per run, or {ENV_PASSPHRASE} in scripts); \
         or set {ENV_KEY} to an age identity (for CI). The key is never stored in plaintext beside the vault"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_key_variables_are_withheld_from_children() {
        for v in [super::ENV_KEY, super::ENV_PASSPHRASE] {
            assert!(crate::hygiene::SECRET_VARIABLES.contains(&v), "{v}");
        }
    }
}
