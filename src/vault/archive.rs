//! Encrypted team backups. `vault export` writes the whole vault (workspaces, provider
//! definitions, apps, connectors with their secrets, connections with their tokens, the
//! audit log) as one age file that only its recipients can open: a second admin's age key,
//! or the SSH public key they already have. `vault import` restores it into a new vault
//! (one with nothing in it yet, under its own key) or merges it into one, after a
//! plan-style preview that refuses conflicts unless told how to resolve them.
//!
//! The archive is JSON inside age: `{"format": "connectors-vault-archive", "version": 1,
//! ...}` (README, "Encrypted team backups"). The whole plaintext document is held in
//! zeroized buffers (serde's own growing buffers and parsed strings are not). Rows are
//! checked by their MACs on the way out, so a tampered vault is not exported, and the
//! snapshot is one read transaction, so writers are not held up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read as _, Write as _};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use super::Vault;
use crate::error::{Error, Result};

mod check;
mod sign;
use crate::model::Action;
use crate::model::Mode;
use crate::store::{
    AppFields, ConnectionRecord, ConnectorFields, Dated, NewEntry, SecretColumn, WorkspaceId,
};
pub use sign::Signer;

pub const FORMAT: &str = "connectors-vault-archive";
/// Version 2 adds the exporter's signature (see [`sign`]); version 1 archives are unsigned.
pub const VERSION: u32 = 2;

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

#[derive(Serialize, Deserialize)]
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

#[derive(Serialize, Deserialize)]
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
/// (age X25519 or SSH keys).
pub fn seal(
    archive: &Archive,
    recipients: &[Box<dyn age::Recipient + Send>],
    signer: &Signer,
) -> Result<Vec<u8>> {
    let document = Zeroizing::new(serde_json::to_vec(archive).map_err(|e| {
        Error::with(
            crate::error::code::ARCHIVE_WRITE,
            format!("the archive could not be written: {e}"),
        )
    })?);
    let plaintext = signer.signed(&document);
    let failed = |e: &dyn std::fmt::Display| {
        Error::with(
            crate::error::code::ARCHIVE_WRITE,
            format!("the archive could not be encrypted: {e}"),
        )
    };
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r.as_ref() as _))
        .map_err(|e| failed(&e))?;
    let mut out = Vec::with_capacity(plaintext.len() + 1024);
    let mut writer = encryptor.wrap_output(&mut out).map_err(|e| failed(&e))?;
    writer.write_all(&plaintext).map_err(|e| failed(&e))?;
    writer.finish().map_err(|e| failed(&e))?;
    Ok(out)
}

/// An archive opened: its content, and the fingerprint of the vault key that signed it
/// (checked), if any.
pub struct Opened {
    pub archive: Archive,
    pub signed_by: Option<String>,
}

/// Decrypts an archive with `identities`, checks its signature when it has one, and
/// parses it.
pub fn open(ciphertext: &[u8], identities: &[Box<dyn age::Identity>]) -> Result<Opened> {
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| not_an_archive())?;
    let mut reader = decryptor
        .decrypt(identities.iter().map(|i| i.as_ref() as _))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Error::with(crate::error::code::ARCHIVE_NOT_FOR_YOU,
                "none of the identities given opens this archive: it was encrypted to other recipients",
            )
            .hint("pass --identity with the private key whose public key the archive was exported to"),
            age::DecryptError::KeyDecryptionFailed => Error::with(crate::error::code::IDENTITY_LOCKED,
                "the identity is passphrase-protected and could not be unlocked",
            )
            .hint("run on a terminal to be asked for its passphrase, or use an unprotected copy"),
            _ => not_an_archive(),
        })?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut plaintext)
        .map_err(|_| not_an_archive())?;
    let (document, signed_by) = sign::verify(&plaintext)?;
    // The format and version first, without building the whole document as values.
    #[derive(Deserialize)]
    struct Head {
        format: String,
        version: Option<u64>,
    }
    let head: Head = serde_json::from_slice(document).map_err(|_| not_an_archive())?;
    if head.format != FORMAT {
        return Err(not_an_archive());
    }
    match head.version {
        // Signed or not, either version: whether it may be imported is `authenticate`'s.
        Some(v) if (1..=u64::from(VERSION)).contains(&v) => {}
        Some(v) if v <= u64::from(VERSION) => {
            return Err(Error::with(crate::error::code::ARCHIVE_UNSUPPORTED,
                format!("this archive has format version {v}, which no connectors wrote"),
            )
            .hint("the archive was damaged or written by something else than `connectors vault export`"));
        }
        Some(v) => {
            return Err(Error::with(
                crate::error::code::ARCHIVE_TOO_NEW,
                format!(
                    "this archive has format version {v}; this connectors reads version {VERSION}"
                ),
            )
            .hint("import it with the connectors version that exported it, or a newer one"));
        }
        None => return Err(not_an_archive()),
    }
    let archive: Archive = serde_json::from_slice(document).map_err(|e| {
        Error::with(
            crate::error::code::ARCHIVE_INVALID,
            format!("the archive does not match format version {VERSION}: {e}"),
        )
        .hint("it was damaged or written by something else than `connectors vault export`")
    })?;
    check::fields(&archive)?;
    Ok(Opened { archive, signed_by })
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
        if let age::ssh::Identity::Unsupported(_) = identity {
            return Err(Error::with(
                crate::error::code::BAD_IDENTITY,
                "this kind of SSH key cannot open age files",
            )
            .hint("use the ssh-ed25519 or ssh-rsa key the archive was exported to"));
        }
        return Ok(vec![Box::new(identity.with_callbacks(prompt))]);
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

/// Checks what an archive holds before anything of it is written: provider definitions
/// against the catalog, names, domains, modes, statuses, redirect URIs, endpoint
/// parameters. An archive can be made by anyone who knows a recipient's public key.
fn validate(vault: &Vault, archive: &Archive) -> Result<()> {
    let mut catalog = crate::provider::Catalog::load(Some(vault.db()), None)?;
    for p in &archive.providers {
        let defines = catalog
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
    }
    for w in &archive.workspaces {
        crate::workspace::validate_name(&w.name)?;
        crate::app::validate_host(&w.platform_domain, "platform domain")?;
    }
    for a in &archive.apps {
        crate::app::validate_name(&a.name)?;
        if let Some(d) = &a.custom_domain {
            crate::app::validate_host(d, "custom domain")?;
        }
    }
    for c in &archive.connectors {
        crate::connector::validate_name(&c.name)?;
        let provider = catalog.get(&c.provider).ok_or_else(|| {
            Error::with(crate::error::code::ARCHIVE_INVALID,
                format!("connector '{}' in the archive uses provider '{}', which neither this connectors nor the archive defines", c.name, c.provider),
            )
            .hint("import the provider's definition first (`connectors providers add FILE`)")
        })?;
        provider.resolved(&c.endpoint_params)?;
        crate::connector::normalize_redirect_uris(&c.redirect_uris)?;
    }
    for c in &archive.connections {
        if !["active", "expired", "needs_reconnect", "revoked"].contains(&c.status.as_str()) {
            return Err(Error::with(crate::error::code::ARCHIVE_INVALID,
                format!("connection {} in the archive has status '{}'", connection_name(c), c.status),
            )
            .hint("the archive was damaged or written by something else than `connectors vault export`"));
        }
    }
    for e in &archive.audit {
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
    }
    Ok(())
}

/// What importing `archive` would do, read inside the caller's transaction or not.
pub fn plan(vault: &Vault, archive: &Archive, on_conflict: Option<OnConflict>) -> Result<Plan> {
    validate(vault, archive)?;
    let db = vault.db();
    let fresh = is_fresh(db)?;
    let mut planning = Planning {
        vault,
        db,
        on_conflict,
        workspaces: HashMap::new(),
        other_identity: HashSet::new(),
    };
    let mut changes = Vec::new();
    for w in &archive.workspaces {
        changes.push(planning.workspace(w, fresh)?);
    }
    changes.extend(planning.providers(&archive.providers)?);
    for a in &archive.apps {
        changes.push(planning.app(a)?);
    }
    for c in &archive.connectors {
        changes.push(planning.connector(c)?);
    }
    for c in &archive.connections {
        changes.push(planning.connection(c)?);
    }
    Ok(Plan {
        mode: if fresh { "restore" } else { "merge" },
        source_vault_id: archive.source_vault_id.clone(),
        exported_at: archive.exported_at.clone(),
        changes,
        exporter: None,
    })
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

    /// The provider definitions, against the vault's and the built-in ones.
    fn providers(&self, providers: &[ProviderRecord]) -> Result<Vec<Change>> {
        let on_conflict = self.on_conflict;
        // The vault's definitions by name: None for one that fails its MAC.
        let mut stored: HashMap<String, Option<Value>> = HashMap::new();
        for p in self.db.provider_definitions()? {
            let definition = match tampered(self.vault, &p)? {
                true => None,
                false => Some(serde_json::from_str(&p.definition).unwrap_or(Value::Null)),
            };
            stored.insert(p.name.to_lowercase(), definition);
        }
        let builtin = crate::provider::Catalog::builtin();
        let mut changes = Vec::new();
        for p in providers {
            let planned = match stored.get(&p.name.to_lowercase()) {
                // A definition of a built-in provider changes where its connectors' secrets
                // go: that is a difference to accept, not a plain addition.
                None if builtin.get(&p.name).is_some() => (
                    step(&["overrides_built_in"], on_conflict),
                    vec!["overrides_built_in"],
                ),
                None => (Step::Add, vec![]),
                Some(None) => (step(&["tampered"], on_conflict), vec!["tampered"]),
                Some(Some(d)) if *d == p.definition => (Step::Unchanged, vec![]),
                Some(Some(_)) => (step(&["definition"], on_conflict), vec!["definition"]),
            };
            changes.push(change("provider", None, &p.name, planned));
        }
        Ok(changes)
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
    /// `vault copy` from the vault at `from` (a path, or a URL without password).
    Copy { from: String, engine: &'static str },
}

/// Imports `archive` as `expected` said, in one transaction under the locks of every
/// connector and app it changes. Refuses when the vault changed since the preview.
pub fn import(
    vault: &Vault,
    archive: &Archive,
    on_conflict: Option<OnConflict>,
    expected: &Plan,
    origin: &Origin,
) -> Result<Plan> {
    vault.unlock()?;
    vault.set_via(match origin {
        Origin::Archive => crate::model::Via::Import,
        Origin::Copy { .. } => crate::model::Via::Copy,
    });
    let _locks = lock_touched(vault, archive)?;
    vault.write(|tx| {
        let mut plan = plan(vault, archive, on_conflict)?;
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
        let mut steps = plan.changes.iter().map(|c| c.step);
        let mut importing = Importing {
            tx,
            archive,
            now: crate::time::now(),
            ws_ids: HashMap::new(),
        };
        for w in &archive.workspaces {
            importing.workspace(w, next_step(&mut steps))?;
        }
        for p in &archive.providers {
            importing.provider(p, next_step(&mut steps))?;
        }
        for a in &archive.apps {
            importing.app(a, next_step(&mut steps))?;
        }
        for c in &archive.connectors {
            importing.connector(c, next_step(&mut steps))?;
        }
        for c in &archive.connections {
            importing.connection(c, next_step(&mut steps))?;
        }
        if plan.mode == "restore" {
            importing.audit_log()?;
        }
        record_import(tx, vault, archive, &plan, origin)?;
        Ok(plan)
    })
}

/// The plan's step for the next item: the plan has one per item, in the archive's order.
fn next_step(steps: &mut impl Iterator<Item = Step>) -> Step {
    steps.next().expect("one step per item")
}

/// Locks every connector and app of the vault that the archive names.
fn lock_touched(vault: &Vault, archive: &Archive) -> Result<Vec<crate::store::LockGuard>> {
    // Grants change only under their locks: every connector and app this import touches
    // is locked as a removal would lock it, so no refresh or connect runs under them.
    let (mut connectors, mut apps) = (Vec::new(), Vec::new());
    for ws in vault.db().workspaces()? {
        for c in &archive.connectors {
            if c.workspace.eq_ignore_ascii_case(&ws.name)
                && let Some(k) = vault.db().connector(ws.id, &c.name)?
            {
                connectors.push(k.id);
            }
        }
        for a in &archive.apps {
            if a.workspace.eq_ignore_ascii_case(&ws.name)
                && let Some(x) = vault.db().app(ws.id, &a.name)?
            {
                apps.push(x.id);
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
    archive: &'a Archive,
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
                let id = tx.read().app(ws, &a.name)?.expect("planned as present").id;
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
                    .expect("planned as present");
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
                            "why": format!("replaced by a vault import of an archive of vault {}", self.archive.source_vault_id),
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

    /// A restore takes the archive's audit log as it is.
    fn audit_log(&self) -> Result<()> {
        for e in &self.archive.audit {
            self.tx.raw().append_audit(&NewEntry {
                at: &e.at,
                actor: &e.actor,
                workspace: e.workspace.as_deref(),
                action: Action::parse(&e.action).expect("validated"),
                target: &e.target,
                details: &e.details,
                via: e.via.as_deref(),
            })?;
        }
        Ok(())
    }
}

/// Records the import (or the copy) in the audit log.
fn record_import(
    tx: &super::Tx<'_>,
    vault: &Vault,
    archive: &Archive,
    plan: &Plan,
    origin: &Origin,
) -> Result<()> {
    let vault_id = vault.meta().vault_id.clone();
    let (action, details) = match origin {
        Origin::Archive => (
            Action::VaultImport,
            serde_json::json!({
                "mode": plan.mode,
                "source_vault_id": archive.source_vault_id,
                "exported_at": archive.exported_at,
                "added": plan.count(Step::Add),
                "replaced": plan.count(Step::Replace),
                "kept": plan.count(Step::Keep),
                "unchanged": plan.count(Step::Unchanged),
            }),
        ),
        Origin::Copy { from, engine } => (
            Action::VaultCopy,
            serde_json::json!({
                "from": from,
                "from_engine": engine,
                "copied_at": archive.exported_at,
                "counts": archive.counts(),
            }),
        ),
    };
    tx.record(None, action, &vault_id, details)
}
