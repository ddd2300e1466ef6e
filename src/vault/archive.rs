//! Encrypted team backups. `vault export` writes the whole vault (workspaces, provider
//! definitions, apps, connectors with their secrets, connections with their tokens, the
//! audit log) as one age file that only its recipients can open: a second admin's age key,
//! or the SSH public key they already have. `vault import` restores it into a new vault
//! (one with nothing in it yet, under its own key) or merges it into one, after a
//! plan-style preview that refuses conflicts unless told how to resolve them.
//!
//! The archive is JSON inside age: `{"format": "connectors-vault-archive", "version": 3,
//! ...}` (README, "Encrypted team backups"). Export serializes it into the encryption;
//! import reads it as a stream ([`stream`]), a row at a time, so neither holds the whole
//! plaintext. Rows are checked by their MACs on the way out, so a tampered vault is not
//! exported, and the snapshot is one read transaction, so writers are not held up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Vault;
use crate::error::{Error, Result};

mod check;
mod sign;
pub mod stream;
use crate::model::Action;
use crate::model::Mode;
use crate::store::{
    AppFields, ConnectionRecord, ConnectorFields, Dated, NewEntry, SecretColumn, WorkspaceId,
};
pub use sign::Signer;

pub const FORMAT: &str = "connectors-vault-archive";
/// Version 2 adds the exporter's signature (see [`sign`]); version 1 archives are unsigned.
/// Version 3 signs the document's digest, so that an archive is checked as it is read.
pub const VERSION: u32 = 3;

mod secret_text {
    use secrecy::{ExposeSecret, SecretString};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => s.serialize_some(x.expose_secret()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
    }
}

#[derive(Serialize, Deserialize)]
pub struct Archive {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub source_vault_id: String,
    pub workspaces: Vec<WorkspaceRecord>,
    pub providers: Vec<ProviderRecord>,
    pub apps: Vec<AppRecord>,
    pub connectors: Vec<ConnectorRecord>,
    pub connections: Vec<ConnectionEntry>,
    pub audit: Vec<crate::model::Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct WorkspaceRecord {
    pub name: String,
    pub platform_domain: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct ProviderRecord {
    pub name: String,
    pub definition: Value,
    /// When it was last stored; archives written before it was kept have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct AppRecord {
    pub workspace: String,
    pub name: String,
    pub custom_domain: Option<String>,
    pub preview: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct ConnectorRecord {
    pub workspace: String,
    pub name: String,
    pub provider: String,
    pub client_id: String,
    #[serde(with = "secret_text")]
    pub client_secret: Option<SecretString>,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    pub apps: Vec<String>,
    pub endpoint_params: BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct ConnectionEntry {
    pub workspace: String,
    pub connector: String,
    pub app: String,
    /// `""` for a shared connection.
    pub user: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub account: Option<String>,
    pub granted_scopes: Vec<String>,
    pub token_type: Option<String>,
    pub expires_at: Option<String>,
    #[serde(with = "secret_text")]
    pub access_token: Option<SecretString>,
    #[serde(with = "secret_text")]
    pub refresh_token: Option<SecretString>,
    #[serde(with = "secret_text")]
    pub id_token: Option<SecretString>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub refreshed_at: Option<String>,
}

/// Counts of what an archive holds.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct Counts {
    pub workspaces: usize,
    pub providers: usize,
    pub apps: usize,
    pub connectors: usize,
    pub connections: usize,
    pub audit_entries: usize,
}

impl Archive {
    pub fn counts(&self) -> Counts {
        Counts {
            workspaces: self.workspaces.len(),
            providers: self.providers.len(),
            apps: self.apps.len(),
            connectors: self.connectors.len(),
            connections: self.connections.len(),
            audit_entries: self.audit.len(),
        }
    }
}

/// Reads the whole vault into an archive, in one transaction (a consistent snapshot),
/// checking every row by its MAC on the way.
pub fn snapshot(vault: &Vault) -> Result<Archive> {
    vault.unlock()?;
    let source_vault_id = vault.meta().vault_id.clone();
    vault.store().snapshot(|db| {
        let mut archive = Archive {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: crate::time::now(),
            source_vault_id: source_vault_id.clone(),
            workspaces: Vec::new(),
            providers: Vec::new(),
            apps: Vec::new(),
            connectors: Vec::new(),
            connections: Vec::new(),
            audit: Vec::new(),
        };
        for p in db.provider_definitions()? {
            vault.check(&p)?;
            archive.providers.push(ProviderRecord {
                name: p.name.clone(),
                definition: serde_json::from_str(&p.definition)
                    .map_err(|_| crate::error::corrupt_vault())?,
                updated_at: Some(p.updated_at.clone()),
            });
        }
        for ws in db.workspaces()? {
            snapshot_workspace(vault, db, ws, &mut archive)?;
        }
        let mut audit = db.audit(None, None, None, u32::MAX)?;
        audit.reverse();
        archive.audit = audit;
        Ok(archive)
    })
}

/// Adds a workspace to `archive`, with its apps, connectors and connections.
fn snapshot_workspace(
    vault: &Vault,
    db: &dyn crate::store::Read,
    ws: crate::model::Workspace,
    archive: &mut Archive,
) -> Result<()> {
    vault.check(&ws)?;
    for a in db.apps(ws.id)? {
        vault.check(&a)?;
        archive.apps.push(AppRecord {
            workspace: ws.name.clone(),
            name: a.name,
            custom_domain: a.custom_domain,
            preview: a.preview,
            created_at: a.created_at,
            updated_at: a.updated_at,
        });
    }
    for c in db.connectors(ws.id)? {
        archive
            .connectors
            .push(ConnectorRecord::read(vault, &ws.name, c)?);
    }
    for c in db.connections(ws.id, Default::default())? {
        archive
            .connections
            .push(ConnectionEntry::read(vault, &ws.name, &c)?);
    }
    archive.workspaces.push(WorkspaceRecord {
        name: ws.name,
        platform_domain: ws.platform_domain,
        created_at: ws.created_at,
        updated_at: ws.updated_at,
    });
    Ok(())
}

impl ConnectorRecord {
    /// A connector of workspace `workspace` as archived: its client secret decrypted (and
    /// so checked), or the row checked by its MAC when it has none.
    fn read(vault: &Vault, workspace: &str, c: crate::model::Connector) -> Result<Self> {
        let client_secret = match c.secret_ciphertext {
            Some(_) => Some(crate::connector::secret(vault, &c)?),
            None => {
                vault.check(&c)?;
                None
            }
        };
        Ok(ConnectorRecord {
            workspace: workspace.to_string(),
            name: c.name,
            provider: c.provider,
            client_id: c.client_id,
            client_secret,
            scopes: c.scopes,
            mode: c.mode,
            redirect_uris: c.redirect_uris,
            apps: c.apps,
            endpoint_params: c.endpoint_params,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
    }
}

impl ConnectionEntry {
    /// A connection of workspace `workspace` as archived, checked by its MAC, with its
    /// tokens decrypted.
    fn read(vault: &Vault, workspace: &str, c: &crate::model::Connection) -> Result<Self> {
        vault.check(c)?;
        let [access_token, refresh_token, id_token] = crate::connection::stored_tokens(vault, c)?;
        Ok(ConnectionEntry {
            workspace: workspace.to_string(),
            connector: c.connector.clone(),
            app: c.app.clone(),
            user: c.user.clone().unwrap_or_default(),
            status: c.stored_status.clone(),
            status_reason: c.stored_reason.clone(),
            account: c.account.clone(),
            granted_scopes: c.granted_scopes.clone(),
            token_type: c.token_type.clone(),
            expires_at: c.expires_at.clone(),
            access_token,
            refresh_token,
            id_token,
            last_error: c.last_error.clone(),
            created_at: c.created_at.clone(),
            updated_at: c.updated_at.clone(),
            refreshed_at: c.refreshed_at.clone(),
        })
    }
}

/// Signs an archive with the exporting vault's `signer` and encrypts it to `recipients`
/// (age X25519 or SSH keys). The document is written into the encryption as it is
/// serialized (hashed on the way for the signature), never whole in memory as plaintext.
pub fn seal(
    archive: &Archive,
    recipients: &[Box<dyn age::Recipient + Send>],
    signer: &Signer,
) -> Result<Vec<u8>> {
    use sha2::Digest as _;
    let failed = |e: &dyn std::fmt::Display| {
        Error::with(
            crate::error::code::ARCHIVE_WRITE,
            format!("the archive could not be written: {e}"),
        )
    };
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))
        .map_err(|e| failed(&e))?;
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(&e))?;
    {
        let mut hashing = Hashing {
            // No buffer of our own: age's writer gathers its chunks.
            inner: &mut writer,
            hasher: sha2::Sha512::new(),
        };
        serde_json::to_writer(&mut hashing, archive).map_err(|e| failed(&e))?;
        let Hashing { inner, hasher } = hashing;
        let digest: [u8; 64] = hasher.finalize().into();
        inner.write_all(b"\n").map_err(|e| failed(&e))?;
        inner
            .write_all(&signer.trailer(&digest))
            .map_err(|e| failed(&e))?;
        inner.flush().map_err(|e| failed(&e))?;
    }
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}

/// A writer that hashes what passes through it.
struct Hashing<W: std::io::Write> {
    inner: W,
    hasher: sha2::Sha512,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest as _;
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An archive opened: its content, and the fingerprint of the vault key that signed it
/// (checked), if any.
#[cfg(test)]
pub struct Opened {
    pub archive: Archive,
    pub signed_by: Option<String>,
}

/// Decrypts an archive with `identities`, checks its signature when it has one, and
/// parses it whole into memory (`vault import` reads it as a stream instead).
#[cfg(test)]
pub fn open(ciphertext: &[u8], identities: &[Box<dyn age::Identity>]) -> Result<Opened> {
    let mut collected = Collect::default();
    let read = stream::read(ciphertext, identities, &mut collected)?;
    let head = read.head;
    let archive = Archive {
        format: FORMAT.into(),
        version: head.version,
        exported_at: head.exported_at,
        source_vault_id: head.source_vault_id,
        workspaces: collected.workspaces,
        providers: collected.providers,
        apps: collected.apps,
        connectors: collected.connectors,
        connections: collected.connections,
        audit: collected.audit,
    };
    check::fields(&archive)?;
    Ok(Opened {
        archive,
        signed_by: read.signed_by,
    })
}

/// Every row of an archive, kept.
#[cfg(test)]
#[derive(Default)]
struct Collect {
    workspaces: Vec<WorkspaceRecord>,
    providers: Vec<ProviderRecord>,
    apps: Vec<AppRecord>,
    connectors: Vec<ConnectorRecord>,
    connections: Vec<ConnectionEntry>,
    audit: Vec<crate::model::Entry>,
}

#[cfg(test)]
impl stream::Rows for Collect {
    fn head(&mut self, _: &stream::Head) -> Result<()> {
        Ok(())
    }
    fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
        self.workspaces.push(w.clone());
        Ok(())
    }
    fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        self.providers.push(p.clone());
        Ok(())
    }
    fn app(&mut self, a: &AppRecord) -> Result<()> {
        self.apps.push(a.clone());
        Ok(())
    }
    fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
        self.connectors.push(c.clone());
        Ok(())
    }
    fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
        self.connections.push(c.clone());
        Ok(())
    }
    fn audit(&mut self, e: &crate::model::Entry) -> Result<()> {
        self.audit.push(e.clone());
        Ok(())
    }
}

/// The archive format versions this connectors reads: 1 (unsigned) to [`VERSION`].
fn supported_version(v: u64) -> Result<u32> {
    match v {
        // Signed or not, any of them: whether it may be imported is `authenticate`'s.
        v if (1..=u64::from(VERSION)).contains(&v) => Ok(v as u32),
        0 => Err(Error::with(
            crate::error::code::ARCHIVE_UNSUPPORTED,
            format!("this archive has format version {v}, which no connectors wrote"),
        )
        .hint(
            "the archive was damaged or written by something else than `connectors vault export`",
        )),
        v => Err(Error::with(
            crate::error::code::ARCHIVE_TOO_NEW,
            format!("this archive has format version {v}; this connectors reads version {VERSION}"),
        )
        .hint("import it with the connectors version that exported it, or a newer one")),
    }
}

/// What age's refusal to decrypt means for the person importing.
fn decrypt_error(e: age::DecryptError) -> Error {
    match e {
        age::DecryptError::NoMatchingKeys => Error::with(
            crate::error::code::ARCHIVE_NOT_FOR_YOU,
            "none of the identities given opens this archive: it was encrypted to other recipients",
        )
        .hint("pass --identity with the private key whose public key the archive was exported to"),
        age::DecryptError::KeyDecryptionFailed => Error::with(
            crate::error::code::IDENTITY_LOCKED,
            "the identity is passphrase-protected and could not be unlocked",
        )
        .hint("run on a terminal to be asked for its passphrase, or use an unprotected copy"),
        _ => not_an_archive(),
    }
}

/// Who exported an archive, as far as the import can tell.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Exporter {
    /// The fingerprint of the vault key that signed it; `None` for an unsigned archive.
    pub signed_by: Option<String>,
    /// Why it is trusted: `this vault's key`, `an --identity key`, `--exporter`; or
    /// `not authenticated (--allow-unauthenticated)`.
    pub trusted: String,
}

/// Decides whether an archive signed by `signed_by` may be imported: its signer must be
/// one of `trusted` (fingerprints with why they are trusted); anything else, an unsigned
/// archive included, only with `allow_unauthenticated`.
pub fn authenticate(
    signed_by: Option<&str>,
    trusted: &[(String, &str)],
    allow_unauthenticated: bool,
) -> Result<Exporter> {
    if let Some(fp) = signed_by
        && let Some((_, why)) = trusted.iter().find(|(t, _)| t == fp)
    {
        return Ok(Exporter {
            signed_by: Some(fp.to_string()),
            trusted: (*why).to_string(),
        });
    }
    if allow_unauthenticated {
        return Ok(Exporter {
            signed_by: signed_by.map(str::to_string),
            trusted: "not authenticated (--allow-unauthenticated)".into(),
        });
    }
    Err(match signed_by {
        Some(fp) => Error::with(
            crate::error::code::ARCHIVE_UNAUTHENTICATED,
            format!("the archive is signed by vault key {fp}, which is not this vault's, not one of the --identity keys, and not named by --exporter; nothing was imported"),
        )
        .hint(format!("ask whoever exported it for the fingerprint `vault export` printed; if it is {fp}, run again with --exporter {fp}")),
        None => Error::with(
            crate::error::code::ARCHIVE_UNAUTHENTICATED,
            "the archive is not signed (format version 1, or made by something else than `connectors vault export`), so nothing shows who made it; nothing was imported",
        )
        .hint("anyone with your public key can make an archive: import it only if you know where it came from, with --allow-unauthenticated"),
    })
}

fn not_an_archive() -> Error {
    Error::with(
        crate::error::code::NOT_AN_ARCHIVE,
        "the file is not a connectors vault archive (or it is damaged)",
    )
    .hint("give the file written by `connectors vault export -o FILE`")
}

/// Parses one recipient: an age public key (`age1…`) or an SSH public key (`ssh-ed25519
/// …`, `ssh-rsa …`).
pub fn parse_recipient(text: &str) -> Result<Box<dyn age::Recipient + Send>> {
    use std::str::FromStr;
    let text = text.trim();
    if text.starts_with("age1") {
        if let Ok(r) = age::x25519::Recipient::from_str(text) {
            return Ok(Box::new(r));
        }
    } else if text.starts_with("ssh-") {
        match age::ssh::Recipient::from_str(text) {
            Ok(r) => return Ok(Box::new(r)),
            Err(age::ssh::ParseRecipientKeyError::Unsupported(kind)) => {
                return Err(Error::with(
                    crate::error::code::BAD_RECIPIENT,
                    format!("SSH keys of type {kind} cannot be age recipients"),
                )
                .hint("use an ssh-ed25519 or ssh-rsa key, or an age key (age1…)"));
            }
            Err(_) => {}
        }
    }
    let shown: String = crate::text::printable(text).chars().take(24).collect();
    Err(Error::with(crate::error::code::BAD_RECIPIENT,
        format!("'{shown}…' is not an age public key or an SSH public key"),
    )
    .hint("give an age public key (age1…), or an SSH public key line (ssh-ed25519 AAAA… or ssh-rsa AAAA…)"))
}

/// Parses a recipients file: one recipient a line; blank lines and `#` comments skipped.
pub fn parse_recipients_file(text: &str) -> Result<Vec<Box<dyn age::Recipient + Send>>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(parse_recipient)
        .collect()
}

/// Asks the person for an SSH key's passphrase (age's callbacks, on our [`Person`]).
///
/// [`Person`]: crate::ask::Person
#[derive(Clone)]
pub struct Prompt {
    pub interactive: bool,
    pub person: Option<crate::ask::PersonRef>,
}

impl age::Callbacks for Prompt {
    fn display_message(&self, message: &str) {
        if let Some(person) = &self.person {
            person.notice(&crate::text::printable(message));
        }
    }

    fn confirm(&self, _: &str, _: &str, _: Option<&str>) -> Option<bool> {
        None
    }

    fn request_public_string(&self, _: &str) -> Option<String> {
        None
    }

    fn request_passphrase(&self, description: &str) -> Option<age::secrecy::SecretString> {
        let person = self.person.as_ref().filter(|_| self.interactive)?;
        let p = person
            .passphrase(&crate::text::printable(description), false)
            .ok()?;
        Some(age::secrecy::SecretString::from(
            p.expose_secret().to_string(),
        ))
    }
}

/// Parses an identity file: age identities (`AGE-SECRET-KEY-1…` lines) or an SSH private
/// key (OpenSSH format; a passphrase-protected one is asked for on a terminal).
pub fn parse_identities(text: &str, prompt: Prompt) -> Result<Vec<Box<dyn age::Identity>>> {
    let bad = || {
        Error::with(crate::error::code::BAD_IDENTITY,
            "the identity file holds neither age identities (AGE-SECRET-KEY-1…) nor an SSH private key",
        )
        .hint("give the private key whose public key the archive was exported to")
    };
    if text.contains("-----BEGIN") {
        let identity = age::ssh::Identity::from_buffer(text.as_bytes(), None).map_err(|_| bad())?;
        let identity = match identity {
            age::ssh::Identity::Unsupported(_) => {
                return Err(Error::with(
                    crate::error::code::BAD_IDENTITY,
                    "this kind of SSH key cannot open age files",
                )
                .hint("use the ssh-ed25519 or ssh-rsa key the archive was exported to"));
            }
            // Unlocked once, here: the archive is read more than once (checked, planned,
            // imported), and its person is asked for the passphrase once.
            age::ssh::Identity::Encrypted(key) => {
                let locked = || {
                    Error::with(
                        crate::error::code::IDENTITY_LOCKED,
                        "the identity is passphrase-protected and could not be unlocked",
                    )
                    .hint("run on a terminal to be asked for its passphrase, or use an unprotected copy")
                };
                use age::Callbacks as _;
                let passphrase = prompt
                    .request_passphrase("Passphrase of the SSH key given with --identity")
                    .ok_or_else(locked)?;
                age::ssh::Identity::Unencrypted(key.decrypt(passphrase).map_err(|_| locked())?)
            }
            unlocked => unlocked,
        };
        return Ok(vec![Box::new(identity)]);
    }
    let file = age::IdentityFile::from_buffer(text.as_bytes()).map_err(|_| bad())?;
    let identities = file.into_identities().map_err(|_| bad())?;
    if identities.is_empty() {
        return Err(bad());
    }
    Ok(identities
        .into_iter()
        .map(|i| i as Box<dyn age::Identity>)
        .collect())
}

/// How `vault import` resolves an item that exists in the vault with other contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnConflict {
    /// Keep the vault's version.
    Keep,
    /// Take the archive's version.
    Replace,
}

/// What importing does to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Add,
    Unchanged,
    /// Differs, and no resolution was given: the import is refused.
    Conflict,
    /// Differs; the archive's version replaces the vault's.
    Replace,
    /// Differs; the vault's version is kept.
    Keep,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub kind: &'static str,
    pub workspace: Option<String>,
    pub name: String,
    pub step: Step,
    /// For a difference: the fields that differ (never their secret values).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<&'static str>,
    /// Why a conflict cannot be resolved by `--on-conflict replace`, or why an item is
    /// kept whatever was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The vault's grant version of a connection: a refresh between the preview and the
    /// import changes it, and the import is refused.
    #[serde(skip)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Plan {
    /// `restore` into a vault with nothing in it yet (the archive's audit log comes along),
    /// or `merge` into one in use.
    pub mode: &'static str,
    pub source_vault_id: String,
    pub exported_at: String,
    pub changes: Vec<Change>,
    /// Who signed the archive, for an import of an archive file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exporter: Option<Exporter>,
}

impl Plan {
    pub fn count(&self, step: Step) -> usize {
        self.changes.iter().filter(|c| c.step == step).count()
    }

    pub fn conflicts(&self) -> usize {
        self.count(Step::Conflict)
    }
}

/// Whether a row of the vault fails its MAC (it can then only be replaced, or kept).
fn tampered<T: crate::vault::integrity::Signed>(vault: &Vault, row: &T) -> Result<bool> {
    match vault.check(row) {
        Ok(()) => Ok(false),
        Err(e) if e.code == "vault_tampered" => Ok(true),
        Err(e) => Err(e),
    }
}

fn step(differs: &[&'static str], on_conflict: Option<OnConflict>) -> Step {
    match (differs.is_empty(), on_conflict) {
        (true, _) => Step::Unchanged,
        (false, None) => Step::Conflict,
        (false, Some(OnConflict::Keep)) => Step::Keep,
        (false, Some(OnConflict::Replace)) => Step::Replace,
    }
}

fn connection_name(c: &ConnectionEntry) -> String {
    if c.user.is_empty() {
        format!("{} / {} (shared)", c.connector, c.app)
    } else {
        format!("{} / {} / {}", c.connector, c.app, c.user)
    }
}

fn same_secret(a: &Option<SecretString>, b: &Option<SecretString>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.expose_secret() == b.expose_secret(),
        (None, None) => true,
        _ => false,
    }
}

/// Whether the vault holds nothing yet (as `vault init` left it): then an import is a
/// restore, and takes the archive's workspace settings and audit log as they are.
fn is_fresh(db: &dyn crate::store::Read) -> Result<bool> {
    let counts = db.counts()?;
    Ok(counts.apps == 0
        && counts.connectors == 0
        && counts.connections == 0
        && counts.workspaces <= 1
        && db.provider_definitions()?.is_empty())
}

/// Checks what an archive holds before anything of it is written, row by row: provider
/// definitions against the catalog, names, domains, modes, statuses, redirect URIs,
/// endpoint parameters. An archive can be made by anyone who knows a recipient's public
/// key.
struct Validator {
    /// The catalog with the vault's definitions and the archive's read so far.
    catalog: crate::provider::Catalog,
}

impl Validator {
    fn new(vault: &Vault) -> Result<Validator> {
        Ok(Validator {
            catalog: crate::provider::Catalog::load(Some(vault.db()), None)?,
        })
    }

    fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        let defines = self
            .catalog
            .apply(p.definition.clone(), "the archive")?
            .name
            .clone();
        if defines != p.name.to_ascii_lowercase() {
            return Err(Error::with(
                crate::error::code::ARCHIVE_INVALID,
                format!(
                    "the archive's provider '{}' holds the definition of '{defines}'",
                    crate::text::printable(&p.name)
                ),
            )
            .hint("the archive was not written by `connectors vault export`; do not import it"));
        }
        if let Some(at) = &p.updated_at
            && humantime::parse_rfc3339(at).is_err()
        {
            return Err(Error::with(
                crate::error::code::ARCHIVE_INVALID,
                format!(
                    "the archive's provider '{}' has a change time that is not a date: '{}'",
                    crate::text::printable(&p.name),
                    crate::text::printable(at)
                ),
            )
            .hint("the archive was not written by `connectors vault export`; do not import it"));
        }
        Ok(())
    }

    fn workspace(w: &WorkspaceRecord) -> Result<()> {
        crate::workspace::validate_name(&w.name)?;
        crate::app::validate_host(&w.platform_domain, "platform domain")
    }

    fn app(a: &AppRecord) -> Result<()> {
        crate::app::validate_name(&a.name)?;
        if let Some(d) = &a.custom_domain {
            crate::app::validate_host(d, "custom domain")?;
        }
        Ok(())
    }

    fn connector(&self, c: &ConnectorRecord) -> Result<()> {
        crate::connector::validate_name(&c.name)?;
        let provider = self.catalog.get(&c.provider).ok_or_else(|| {
            Error::with(crate::error::code::ARCHIVE_INVALID,
                format!("connector '{}' in the archive uses provider '{}', which neither this connectors nor the archive defines", c.name, c.provider),
            )
            .hint("import the provider's definition first (`connectors providers add FILE`)")
        })?;
        provider.resolved(&c.endpoint_params)?;
        crate::connector::normalize_redirect_uris(&c.redirect_uris)?;
        Ok(())
    }

    fn connection(c: &ConnectionEntry) -> Result<()> {
        if !["active", "expired", "needs_reconnect", "revoked"].contains(&c.status.as_str()) {
            return Err(Error::with(crate::error::code::ARCHIVE_INVALID,
                format!("connection {} in the archive has status '{}'", connection_name(c), c.status),
            )
            .hint("the archive was damaged or written by something else than `connectors vault export`"));
        }
        Ok(())
    }

    fn audit(e: &crate::model::Entry) -> Result<()> {
        if Action::parse(&e.action).is_none() {
            return Err(Error::with(
                crate::error::code::ARCHIVE_TOO_NEW,
                format!(
                    "the archive's audit log has action '{}', unknown to this connectors",
                    e.action
                ),
            )
            .hint("import it with the connectors version that exported it, or a newer one"));
        }
        Ok(())
    }
}

/// Where an archive's rows come from: one in memory (`vault copy`), or a file read as a
/// stream each time it is gone through ([`ArchiveFile`]).
pub trait Source {
    /// Hands every row to `rows`, in the archive's order; returns the head.
    fn rows(&self, rows: &mut dyn stream::Rows) -> Result<stream::Head>;
}

impl Source for Archive {
    fn rows(&self, rows: &mut dyn stream::Rows) -> Result<stream::Head> {
        let head = stream::Head {
            version: self.version,
            exported_at: self.exported_at.clone(),
            source_vault_id: self.source_vault_id.clone(),
        };
        rows.head(&head)?;
        self.workspaces.iter().try_for_each(|w| rows.workspace(w))?;
        self.providers.iter().try_for_each(|p| rows.provider(p))?;
        self.apps.iter().try_for_each(|a| rows.app(a))?;
        self.connectors.iter().try_for_each(|c| rows.connector(c))?;
        self.connections
            .iter()
            .try_for_each(|c| rows.connection(c))?;
        self.audit.iter().try_for_each(|e| rows.audit(e))?;
        Ok(head)
    }
}

/// An archive file, read as a stream every time its rows are gone through, so that an
/// import needs memory for one row (and a line of its plan per row), not for the file.
/// Opened once with [`ArchiveFile::open`], which checks every field and the signature;
/// each later reading must find the same document (its digest), or it is refused.
pub struct ArchiveFile<'a> {
    path: std::path::PathBuf,
    identities: &'a [Box<dyn age::Identity>],
    /// What the first reading found.
    pub read: stream::Finished,
    pub counts: Counts,
}

impl<'a> ArchiveFile<'a> {
    /// Reads the archive at `path` once through: decrypts it, checks every field of
    /// every row and its signature, and counts its rows.
    pub fn open(path: &std::path::Path, identities: &'a [Box<dyn age::Identity>]) -> Result<Self> {
        let mut counting = Counting::default();
        let read = stream::read(open_file(path)?, identities, &mut counting)?;
        Ok(ArchiveFile {
            path: path.to_path_buf(),
            identities,
            read,
            counts: counting.counts,
        })
    }
}

impl Source for ArchiveFile<'_> {
    fn rows(&self, rows: &mut dyn stream::Rows) -> Result<stream::Head> {
        let read = stream::read(open_file(&self.path)?, self.identities, rows)?;
        if read.digest != self.read.digest {
            return Err(Error::with(
                crate::error::code::ARCHIVE_CHANGED,
                format!(
                    "the archive {} changed while it was being imported; nothing was imported",
                    self.path.display()
                ),
            )
            .hint("make sure nothing writes the file, then run the import again"));
        }
        Ok(read.head)
    }
}

/// The archive file at `path`: a regular file within the archive size limit.
fn open_file(path: &std::path::Path) -> Result<std::fs::File> {
    let kind = crate::limits::archive();
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        Error::with(
            crate::error::code::INPUT_UNREADABLE,
            format!("cannot read the archive {name}: {e}"),
        )
        .hint("check the path and its permissions")
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::with(
            crate::error::code::INPUT_NOT_A_FILE,
            format!("the archive {name} is not a regular file (a device, a pipe or a directory), so it is not read"),
        )
        .hint("give the path of an ordinary file"));
    }
    if meta.len() > kind.limit {
        return Err(crate::limits::too_large(kind, &name));
    }
    Ok(file)
}

/// The first reading of an archive file: every field checked, the rows counted.
#[derive(Default)]
struct Counting {
    at: check::Position,
    counts: Counts,
}

impl stream::Rows for Counting {
    fn head(&mut self, head: &stream::Head) -> Result<()> {
        check::head(&head.exported_at, &head.source_vault_id)
    }
    fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
        self.counts.workspaces += 1;
        self.at.workspace(w)
    }
    fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        self.counts.providers += 1;
        self.at.provider(p)
    }
    fn app(&mut self, a: &AppRecord) -> Result<()> {
        self.counts.apps += 1;
        self.at.app(a)
    }
    fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
        self.counts.connectors += 1;
        self.at.connector(c)
    }
    fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
        self.counts.connections += 1;
        self.at.connection(c)
    }
    fn audit(&mut self, e: &crate::model::Entry) -> Result<()> {
        self.counts.audit_entries += 1;
        self.at.audit(e)
    }
}

/// What importing the archive of `source` would do, read inside the caller's transaction
/// or not; the archive is gone through once, row by row.
pub fn plan(vault: &Vault, source: &dyn Source, on_conflict: Option<OnConflict>) -> Result<Plan> {
    let db = vault.db();
    let fresh = is_fresh(db)?;
    let mut planner = Planner {
        validator: Validator::new(vault)?,
        planning: Planning {
            vault,
            db,
            on_conflict,
            workspaces: HashMap::new(),
            other_identity: HashSet::new(),
            stored_providers: None,
        },
        fresh,
        changes: Vec::new(),
    };
    let head = source.rows(&mut planner)?;
    Ok(Plan {
        mode: if fresh { "restore" } else { "merge" },
        source_vault_id: head.source_vault_id,
        exported_at: head.exported_at,
        changes: planner.changes,
        exporter: None,
    })
}

/// The plan's making, row by row: each row validated, then its change planned.
struct Planner<'a> {
    validator: Validator,
    planning: Planning<'a>,
    fresh: bool,
    changes: Vec<Change>,
}

impl stream::Rows for Planner<'_> {
    fn head(&mut self, _: &stream::Head) -> Result<()> {
        Ok(())
    }
    fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
        Validator::workspace(w)?;
        let change = self.planning.workspace(w, self.fresh)?;
        self.changes.push(change);
        Ok(())
    }
    fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        self.validator.provider(p)?;
        let change = self.planning.provider(p)?;
        self.changes.push(change);
        Ok(())
    }
    fn app(&mut self, a: &AppRecord) -> Result<()> {
        Validator::app(a)?;
        let change = self.planning.app(a)?;
        self.changes.push(change);
        Ok(())
    }
    fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
        self.validator.connector(c)?;
        let change = self.planning.connector(c)?;
        self.changes.push(change);
        Ok(())
    }
    fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
        Validator::connection(c)?;
        let change = self.planning.connection(c)?;
        self.changes.push(change);
        Ok(())
    }
    fn audit(&mut self, e: &crate::model::Entry) -> Result<()> {
        Validator::audit(e)
    }
}

/// A change without a note or a grant version.
fn change(
    kind: &'static str,
    workspace: Option<&str>,
    name: &str,
    (step, differs): (Step, Vec<&'static str>),
) -> Change {
    Change {
        kind,
        workspace: workspace.map(str::to_string),
        name: name.to_string(),
        step,
        differs,
        note: None,
        version: None,
    }
}

/// What `plan` has learned so far, item by item, in the archive's order.
struct Planning<'a> {
    vault: &'a Vault,
    db: &'a dyn crate::store::Read,
    on_conflict: Option<OnConflict>,
    /// The vault's workspace of each of the archive's, by lowercase name (None: added).
    workspaces: HashMap<String, Option<WorkspaceId>>,
    /// Connectors the vault keeps with another provider, client or mode than the
    /// archive's, by lowercase workspace and name: the archive's connections of those
    /// belong elsewhere and are kept out.
    other_identity: HashSet<(String, String)>,
    /// The vault's provider definitions by lowercase name (None for one that fails its
    /// MAC), read at the first of the archive's.
    stored_providers: Option<HashMap<String, Option<Value>>>,
}

impl Planning<'_> {
    /// The vault's workspace of that name, when the archive defines it and the vault has it.
    fn ws_id(&self, name: &str) -> Option<WorkspaceId> {
        self.workspaces.get(&name.to_lowercase()).copied().flatten()
    }

    /// A workspace: only its platform domain can differ. In a `fresh` vault it takes the
    /// archive's settings.
    fn workspace(&mut self, w: &WorkspaceRecord, fresh: bool) -> Result<Change> {
        let current = self.db.workspace(&w.name)?;
        let (step_, differs) = match &current {
            None => (Step::Add, vec![]),
            Some(c) => {
                let differs: Vec<&'static str> = if tampered(self.vault, c)? {
                    vec!["tampered"]
                } else if c.platform_domain != w.platform_domain {
                    vec!["platform_domain"]
                } else {
                    vec![]
                };
                // A new vault's default workspace takes the archive's settings.
                let resolution = if fresh {
                    Some(OnConflict::Replace)
                } else {
                    self.on_conflict
                };
                (step(&differs, resolution), differs)
            }
        };
        self.workspaces
            .insert(w.name.to_lowercase(), current.map(|c| c.id));
        Ok(change("workspace", None, &w.name, (step_, differs)))
    }

    /// A provider definition, against the vault's and the built-in ones.
    fn provider(&mut self, p: &ProviderRecord) -> Result<Change> {
        let on_conflict = self.on_conflict;
        if self.stored_providers.is_none() {
            let mut stored = HashMap::new();
            for d in self.db.provider_definitions()? {
                let definition = match tampered(self.vault, &d)? {
                    true => None,
                    false => Some(serde_json::from_str(&d.definition).unwrap_or(Value::Null)),
                };
                stored.insert(d.name.to_lowercase(), definition);
            }
            self.stored_providers = Some(stored);
        }
        let stored = self.stored_providers.as_ref().expect("read above");
        let planned = match stored.get(&p.name.to_lowercase()) {
            // A definition of a built-in provider changes where its connectors' secrets
            // go: that is a difference to accept, not a plain addition.
            None if crate::provider::Catalog::builtin().get(&p.name).is_some() => (
                step(&["overrides_built_in"], on_conflict),
                vec!["overrides_built_in"],
            ),
            None => (Step::Add, vec![]),
            Some(None) => (step(&["tampered"], on_conflict), vec!["tampered"]),
            Some(Some(d)) if *d == p.definition => (Step::Unchanged, vec![]),
            Some(Some(_)) => (step(&["definition"], on_conflict), vec!["definition"]),
        };
        Ok(change("provider", None, &p.name, planned))
    }

    /// An app: its custom domain and preview setting can differ.
    fn app(&self, a: &AppRecord) -> Result<Change> {
        let current = match self.ws_id(&a.workspace) {
            Some(id) => self.db.app(id, &a.name)?,
            None => None,
        };
        let planned = match current {
            None => (Step::Add, vec![]),
            Some(c) => {
                let mut differs = vec![];
                if tampered(self.vault, &c)? {
                    differs.push("tampered");
                } else {
                    if c.custom_domain != a.custom_domain {
                        differs.push("custom_domain");
                    }
                    if c.preview != a.preview {
                        differs.push("preview");
                    }
                }
                (step(&differs, self.on_conflict), differs)
            }
        };
        Ok(change("app", Some(&a.workspace), &a.name, planned))
    }

    /// A connector. One whose provider, client or mode differs and that is kept is noted
    /// in `other_identity`; replacing one that has connections is a conflict.
    fn connector(&mut self, c: &ConnectorRecord) -> Result<Change> {
        let current = match self.ws_id(&c.workspace) {
            Some(id) => self.db.connector(id, &c.name)?,
            None => None,
        };
        let mut note = None;
        let planned = match current {
            None => (Step::Add, vec![]),
            // What it holds cannot be trusted, its provider and client included: the
            // archive's version replaces all of it, or it is kept as it is.
            Some(cur) if tampered(self.vault, &cur)? => {
                (step(&["tampered"], self.on_conflict), vec!["tampered"])
            }
            Some(cur) => {
                let differs = self.connector_differs(&cur, c)?;
                let identity = differs
                    .iter()
                    .any(|f| ["provider", "client_id", "mode"].contains(f));
                let in_use: i64 = self
                    .db
                    .connection_counts(Some(cur.id), None)?
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
                let mut s = step(&differs, self.on_conflict);
                if identity && s == Step::Replace && in_use > 0 {
                    // Its grants belong to the provider and client it has now.
                    s = Step::Conflict;
                    note = Some(format!(
                        "it has {in_use} connection(s) of its current provider and client: replacing it would strand them; delete it first, or keep it"
                    ));
                }
                if identity && s != Step::Replace {
                    self.other_identity
                        .insert((c.workspace.to_lowercase(), c.name.to_lowercase()));
                }
                (s, differs)
            }
        };
        let mut change = change("connector", Some(&c.workspace), &c.name, planned);
        change.note = note;
        Ok(change)
    }

    /// The fields of the vault's connector `cur` that differ from the archive's `c`.
    fn connector_differs(
        &self,
        cur: &crate::model::Connector,
        c: &ConnectorRecord,
    ) -> Result<Vec<&'static str>> {
        let checks: [(&'static str, bool); 8] = [
            ("provider", cur.provider != c.provider),
            ("client_id", cur.client_id != c.client_id),
            ("scopes", cur.scopes != c.scopes),
            ("mode", cur.mode != c.mode),
            ("redirect_uris", cur.redirect_uris != c.redirect_uris),
            ("apps", cur.apps != c.apps),
            ("endpoint_params", cur.endpoint_params != c.endpoint_params),
            ("client_secret", {
                let stored = match cur.secret_ciphertext {
                    Some(_) => Some(crate::connector::secret(self.vault, cur)?),
                    None => None,
                };
                !same_secret(&stored, &c.client_secret)
            }),
        ];
        Ok(checks.iter().filter(|(_, d)| *d).map(|(f, _)| *f).collect())
    }

    /// A connection, with the vault's grant version of it; kept out when its connector
    /// is kept with another identity.
    fn connection(&self, c: &ConnectionEntry) -> Result<Change> {
        let current = match self.ws_id(&c.workspace) {
            Some(id) => match (
                self.db.connector(id, &c.connector)?,
                self.db.app(id, &c.app)?,
            ) {
                (Some(k), Some(a)) => self.db.connection(k.id, a.id, &c.user)?,
                _ => None,
            },
            None => None,
        };
        let version = current.as_ref().map(|cur| cur.grant_version);
        let mut note = None;
        let planned = match current {
            _ if self
                .other_identity
                .contains(&(c.workspace.to_lowercase(), c.connector.to_lowercase())) =>
            {
                note = Some("its connector is kept with another provider, client or mode, so this grant does not belong to it".to_string());
                (Step::Keep, vec!["connector"])
            }
            None => (Step::Add, vec![]),
            Some(cur) if tampered(self.vault, &cur)? => {
                (step(&["tampered"], self.on_conflict), vec!["tampered"])
            }
            Some(cur) => {
                let differs = self.connection_differs(&cur, c)?;
                (step(&differs, self.on_conflict), differs)
            }
        };
        let mut change = change(
            "connection",
            Some(&c.workspace),
            &connection_name(c),
            planned,
        );
        change.note = note;
        change.version = version;
        Ok(change)
    }

    /// The fields of the vault's connection `cur` that differ from the archive's `c`.
    fn connection_differs(
        &self,
        cur: &crate::model::Connection,
        c: &ConnectionEntry,
    ) -> Result<Vec<&'static str>> {
        let [access, refresh, id] = crate::connection::stored_tokens(self.vault, cur)?;
        let checks: [(&'static str, bool); 9] = [
            (
                "status",
                cur.stored_status != c.status || cur.stored_reason != c.status_reason,
            ),
            ("account", cur.account != c.account),
            ("granted_scopes", cur.granted_scopes != c.granted_scopes),
            ("token_type", cur.token_type != c.token_type),
            ("expires_at", cur.expires_at != c.expires_at),
            ("access_token", !same_secret(&access, &c.access_token)),
            ("refresh_token", !same_secret(&refresh, &c.refresh_token)),
            ("id_token", !same_secret(&id, &c.id_token)),
            ("last_error", cur.last_error != c.last_error),
        ];
        Ok(checks.iter().filter(|(_, d)| *d).map(|(f, _)| *f).collect())
    }
}

/// The error for an import with unresolved conflicts.
pub fn conflicts_error(plan: &Plan) -> Error {
    let first: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.step == Step::Conflict)
        .take(3)
        .map(|c| match &c.note {
            Some(n) => format!("{} '{}' ({}): {n}", c.kind, c.name, c.differs.join(", ")),
            None => format!("{} '{}' ({})", c.kind, c.name, c.differs.join(", ")),
        })
        .collect();
    Error::with(crate::error::code::IMPORT_CONFLICTS,
        format!(
            "{} item(s) of the archive differ from the vault's: {}{}; nothing was imported",
            plan.conflicts(),
            first.join("; "),
            if plan.conflicts() > 3 { "; …" } else { "" }
        ),
    )
    .hint("pass --on-conflict keep (the vault's version wins) or --on-conflict replace (the archive's wins)")
}

/// Where an imported archive came from, for the audit log.
pub enum Origin {
    /// A file written by `vault export`.
    Archive,
    /// `vault copy` from the vault at `from` (a path, or a URL without password), with
    /// what it held.
    Copy {
        from: String,
        engine: &'static str,
        counts: Counts,
    },
}

/// Imports the archive of `source` as `expected` said, in one transaction under the
/// locks of every connector and app it changes. Refuses when the vault changed since the
/// preview (the plan is made again inside the transaction, then the rows are written as
/// the archive is gone through once more).
pub fn import(
    vault: &Vault,
    source: &dyn Source,
    on_conflict: Option<OnConflict>,
    expected: &Plan,
    origin: &Origin,
) -> Result<Plan> {
    vault.unlock()?;
    vault.set_via(match origin {
        Origin::Archive => crate::model::Via::Import,
        Origin::Copy { .. } => crate::model::Via::Copy,
    });
    let _locks = lock_touched(vault, expected)?;
    vault.write(|tx| {
        let mut plan = plan(vault, source, on_conflict)?;
        plan.exporter = expected.exporter.clone();
        if plan != *expected {
            return Err(Error::with(
                crate::error::code::VAULT_CHANGED,
                "the vault changed since the import's preview; nothing was imported",
            )
            .hint("run the import again to see the new preview"));
        }
        if plan.conflicts() > 0 {
            return Err(conflicts_error(&plan));
        }
        let mut applying = Applying {
            importing: Importing {
                tx,
                source_vault_id: plan.source_vault_id.clone(),
                now: crate::time::now(),
                ws_ids: HashMap::new(),
            },
            steps: plan.changes.iter().map(|c| c.step),
            restore: plan.mode == "restore",
        };
        source.rows(&mut applying)?;
        if applying.steps.next().is_some() {
            return Err(archive_changed());
        }
        record_import(tx, vault, &plan, origin)?;
        Ok(plan)
    })
}

fn archive_changed() -> Error {
    Error::with(
        crate::error::code::ARCHIVE_CHANGED,
        "the archive changed while it was being imported; nothing was imported",
    )
    .hint("make sure nothing writes the file, then run the import again")
}

/// The import's writing, row by row, each with the step the plan gave it.
struct Applying<'a, 't, I: Iterator<Item = Step>> {
    importing: Importing<'a, 't>,
    steps: I,
    restore: bool,
}

impl<I: Iterator<Item = Step>> Applying<'_, '_, I> {
    /// The plan's step for the next row: the plan has one per row, in the archive's order.
    fn next_step(&mut self) -> Result<Step> {
        self.steps.next().ok_or_else(archive_changed)
    }
}

impl<I: Iterator<Item = Step>> stream::Rows for Applying<'_, '_, I> {
    fn head(&mut self, _: &stream::Head) -> Result<()> {
        Ok(())
    }
    fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
        let s = self.next_step()?;
        self.importing.workspace(w, s)
    }
    fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        let s = self.next_step()?;
        self.importing.provider(p, s)
    }
    fn app(&mut self, a: &AppRecord) -> Result<()> {
        let s = self.next_step()?;
        self.importing.app(a, s)
    }
    fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
        let s = self.next_step()?;
        self.importing.connector(c, s)
    }
    fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
        let s = self.next_step()?;
        self.importing.connection(c, s)
    }
    /// A restore takes the archive's audit log as it is.
    fn audit(&mut self, e: &crate::model::Entry) -> Result<()> {
        if self.restore {
            self.importing.audit_entry(e)?;
        }
        Ok(())
    }
}

/// Locks every connector and app of the vault that the plan names.
fn lock_touched(vault: &Vault, plan: &Plan) -> Result<Vec<crate::store::LockGuard>> {
    // Grants change only under their locks: every connector and app this import touches
    // is locked as a removal would lock it, so no refresh or connect runs under them.
    let (mut connectors, mut apps) = (Vec::new(), Vec::new());
    for ws in vault.db().workspaces()? {
        for c in &plan.changes {
            if !c
                .workspace
                .as_deref()
                .is_some_and(|w| w.eq_ignore_ascii_case(&ws.name))
            {
                continue;
            }
            match c.kind {
                "connector" => {
                    if let Some(k) = vault.db().connector(ws.id, &c.name)? {
                        connectors.push(k.id);
                    }
                }
                "app" => {
                    if let Some(x) = vault.db().app(ws.id, &c.name)? {
                        apps.push(x.id);
                    }
                }
                _ => {}
            }
        }
    }
    connectors.sort();
    connectors.dedup();
    apps.sort();
    apps.dedup();
    crate::connection::lock_removal(vault, &connectors, &apps)
}

/// The import's transaction, item by item, in the archive's order.
struct Importing<'a, 't> {
    tx: &'a super::Tx<'t>,
    source_vault_id: String,
    now: String,
    /// The vault's id of each of the archive's workspaces, by lowercase name.
    ws_ids: HashMap<String, WorkspaceId>,
}

impl Importing<'_, '_> {
    /// The id of workspace `name`: the archive's (imported above), else the vault's.
    fn ws_of(&self, name: &str) -> Result<WorkspaceId> {
        match self.ws_ids.get(&name.to_lowercase()) {
            Some(id) => Ok(*id),
            None => self
                .tx
                .read()
                .workspace(name)?
                .map(|w| w.id)
                .ok_or_else(|| {
                    Error::with(
                        crate::error::code::ARCHIVE_INVALID,
                        format!("the archive names workspace '{name}' without defining it"),
                    )
                }),
        }
    }

    fn workspace(&mut self, w: &WorkspaceRecord, s: Step) -> Result<()> {
        let tx = self.tx;
        let id = match (s, tx.read().workspace(&w.name)?) {
            (Step::Add, _) | (_, None) => {
                let id = tx.insert_workspace(&w.name, &w.platform_domain, &w.created_at)?;
                tx.set_times(Dated::Workspace(id), &w.created_at, &w.updated_at)?;
                id
            }
            (Step::Replace, Some(c)) => {
                // A restored row is the archive's, its times included.
                tx.restore_workspace(c.id, &w.platform_domain, &self.now)?;
                tx.set_times(Dated::Workspace(c.id), &w.created_at, &w.updated_at)?;
                c.id
            }
            (_, Some(c)) => c.id,
        };
        self.ws_ids.insert(w.name.to_lowercase(), id);
        Ok(())
    }

    fn provider(&self, p: &ProviderRecord, s: Step) -> Result<()> {
        if matches!(s, Step::Add | Step::Replace) {
            let at = p.updated_at.as_deref().unwrap_or(&self.now);
            self.tx
                .put_provider(&p.name.to_lowercase(), &p.definition.to_string(), at)?;
        }
        Ok(())
    }

    fn app(&self, a: &AppRecord, s: Step) -> Result<()> {
        let tx = self.tx;
        let ws = self.ws_of(&a.workspace)?;
        let fields = AppFields {
            name: &a.name,
            custom_domain: a.custom_domain.as_deref(),
            preview: a.preview,
        };
        match s {
            Step::Add => {
                let id = tx.insert_app(ws, &fields, &a.created_at)?;
                tx.set_times(Dated::App(id), &a.created_at, &a.updated_at)?;
            }
            Step::Replace => {
                // Planned as present: a row that is not is an archive changed under us.
                let id = tx.read().app(ws, &a.name)?.ok_or_else(archive_changed)?.id;
                tx.restore_app(id, &fields, &self.now)?;
                tx.set_times(Dated::App(id), &a.created_at, &a.updated_at)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn connector(&self, c: &ConnectorRecord, s: Step) -> Result<()> {
        let tx = self.tx;
        let ws = self.ws_of(&c.workspace)?;
        let fields = ConnectorFields {
            name: &c.name,
            provider: &c.provider,
            client_id: &c.client_id,
            scopes: &c.scopes,
            mode: c.mode,
            redirect_uris: &c.redirect_uris,
            apps: &c.apps,
            params: &c.endpoint_params,
        };
        let id = match s {
            Step::Add => {
                let id = tx.insert_connector(ws, &fields, &c.created_at)?;
                tx.set_times(Dated::Connector(id), &c.created_at, &c.updated_at)?;
                id
            }
            Step::Replace => {
                let current = tx
                    .read()
                    .connector(ws, &c.name)?
                    .ok_or_else(archive_changed)?;
                tx.restore_connector(current.id, &fields, &self.now)?;
                if current.scopes != c.scopes {
                    // As `edit` does: grants that do not cover the new scopes need
                    // their person again.
                    tx.mark_uncovered(current.id, &c.scopes, &self.now)?;
                }
                if c.client_secret.is_none() && current.secret_ciphertext.is_some() {
                    tx.clear_client_secret(current.id)?;
                }
                tx.set_times(Dated::Connector(current.id), &c.created_at, &c.updated_at)?;
                current.id
            }
            _ => return Ok(()),
        };
        if let Some(secret) = &c.client_secret {
            crate::connector::store_secret(tx, id, secret)?;
        }
        Ok(())
    }

    fn connection(&self, c: &ConnectionEntry, s: Step) -> Result<()> {
        if !matches!(s, Step::Add | Step::Replace) {
            return Ok(());
        }
        let tx = self.tx;
        let ws = self.ws_of(&c.workspace)?;
        let (Some(k), Some(a)) = (
            tx.read().connector(ws, &c.connector)?,
            tx.read().app(ws, &c.app)?,
        ) else {
            return Err(Error::with(
                crate::error::code::ARCHIVE_INVALID,
                format!(
                    "connection {} names a connector or app the archive does not hold",
                    connection_name(c)
                ),
            ));
        };
        let record = ConnectionRecord {
            status: &c.status,
            status_reason: c.status_reason.as_deref(),
            token_type: c.token_type.as_deref(),
            expires_at: c.expires_at.as_deref(),
            granted_scopes: &c.granted_scopes,
            account: c.account.as_deref(),
            last_error: c.last_error.as_deref(),
            created_at: &c.created_at,
            updated_at: &c.updated_at,
            refreshed_at: c.refreshed_at.as_deref(),
        };
        let id = match tx.read().connection(k.id, a.id, &c.user)? {
            Some(cur) => {
                if cur.access_ct.is_some() || cur.refresh_ct.is_some() {
                    // The grant it held is replaced, not revoked: say so where grants
                    // that are not kept are recorded.
                    tx.record(Some(&c.workspace),
                        Action::ConnectionDiscarded,
                        &c.connector,
                        serde_json::json!({"app": c.app, "user": cur.user,
                            "why": format!("replaced by a vault import of an archive of vault {}", self.source_vault_id),
                            "revoked": false, "revocation_error": null}),
                    )?;
                }
                tx.replace_connection_record(cur.id, &record)?;
                cur.id
            }
            None => tx.insert_connection_record(k.id, a.id, &c.user, &record)?,
        };
        for (column, value) in [
            (SecretColumn::ConnectionAccessToken, &c.access_token),
            (SecretColumn::ConnectionRefreshToken, &c.refresh_token),
            (SecretColumn::ConnectionIdToken, &c.id_token),
        ] {
            if let Some(v) = value {
                tx.put_sealed(column, id.0, v.expose_secret().as_bytes())?;
            }
        }
        Ok(())
    }

    /// One entry of the archive's audit log, as it is.
    fn audit_entry(&self, e: &crate::model::Entry) -> Result<()> {
        self.tx.raw().append_audit(&NewEntry {
            at: &e.at,
            actor: &e.actor,
            workspace: e.workspace.as_deref(),
            action: Action::parse(&e.action).ok_or_else(archive_changed)?,
            target: &e.target,
            details: &e.details,
            via: e.via.as_deref(),
        })
    }
}

/// Records the import (or the copy) in the audit log.
fn record_import(tx: &super::Tx<'_>, vault: &Vault, plan: &Plan, origin: &Origin) -> Result<()> {
    let vault_id = vault.meta().vault_id.clone();
    let (action, details) = match origin {
        Origin::Archive => (
            Action::VaultImport,
            serde_json::json!({
                "mode": plan.mode,
                "source_vault_id": plan.source_vault_id,
                "exported_at": plan.exported_at,
                "added": plan.count(Step::Add),
                "replaced": plan.count(Step::Replace),
                "kept": plan.count(Step::Keep),
                "unchanged": plan.count(Step::Unchanged),
            }),
        ),
        Origin::Copy {
            from,
            engine,
            counts,
        } => (
            Action::VaultCopy,
            serde_json::json!({
                "from": from,
                "from_engine": engine,
                "copied_at": plan.exported_at,
                "counts": counts,
            }),
        ),
    };
    tx.record(None, action, &vault_id, details)
}
