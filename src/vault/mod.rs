//! The vault: the store (see [`crate::store`]) with its key. Secret fields are age
//! ciphertext bound to their row (see [`envelope`]); everything else is plain columns,
//! so listing never decrypts and never needs the key. The key never enters the store.
//!
//! Sealing happens only inside [`Vault::write`], whose transaction first checks the key
//! generation recorded in the store: after a `vault rekey` in another process, this one
//! seals to the new public key (loading the new key where it holds one), or fails with
//! `key_rotated`; it never seals to a retired key.

pub mod archive;
pub mod copy;
pub mod envelope;
mod init;
pub mod integrity;
pub mod keys;
mod rekey;
mod verify;

use std::cell::{Cell, Ref, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::str::FromStr;

use age::x25519;
use secrecy::SecretString;
use zeroize::Zeroizing;

pub use crate::files;
pub use crate::store::location::ENV_VAULT;
pub use envelope::Binding;
pub use init::{InitReport, init};
pub use keys::{KeyOptions, KeyStore, LoadedKey};
pub use rekey::{RekeyReport, rekey};
pub use verify::{RowProblem, SecretProblem, VerifyReport};

use crate::error::{Error, Result, corrupt_vault};
use crate::store::{
    AppFields, AppId, ConnectionId, ConnectionRecord, ConnectorFields, ConnectorId, Dated,
    GrantFields, Location, Read, SecretColumn, SignedRow, Store, WorkspaceId, Write,
};
pub use integrity::Verified;
use integrity::{Row, RowKey, Seal, Signed};

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
    /// Set while the vault is a `vault copy` under way: what it is a copy of.
    copy_incomplete: Option<Vec<u8>>,
    /// The mark that says the rows are signed, as read with the rest.
    row_mark: Option<Vec<u8>>,
}

/// What `vault sign-rows` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignedRows {
    pub rows: usize,
    pub key_record: KeyRecord,
}

/// Whether the key now records that its vault's rows are signed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
pub enum KeyRecord {
    /// The key carried the record already.
    Kept,
    /// The record was added to the key file or keyring entry.
    Added,
    /// The record could not be kept with the key (why, and what to do).
    Failed(String),
}

pub struct Vault {
    store: Store,
    meta: RefCell<Meta>,
    key_opts: KeyOptions,
    key: RefCell<Option<Rc<LoadedKey>>>,
    mac_key: RefCell<Option<Zeroizing<[u8; 32]>>>,
    row_key: RefCell<Option<RowKey>>,
    /// Whether a write transaction is open (signing an older vault then joins it).
    in_write: Cell<bool>,
    /// Whether the mark has passed its check in this process.
    mark_checked: Cell<bool>,
    /// Which way this process's changes come in, for the audit log.
    via: Cell<crate::model::Via>,
}

/// A write transaction of the vault: the store's writes, and sealing to the public key
/// that the transaction itself read.
pub struct Tx<'a> {
    db: &'a dyn Write,
    vault: &'a Vault,
    recipient: x25519::Recipient,
    /// The signed rows this transaction changed: signed again before it commits.
    touched: RefCell<Touched>,
    /// Set by a rekey, which signs every row under the new key itself.
    resigned: Cell<bool>,
}

/// The signed rows a transaction changed, in the order it first changed them; a set
/// beside the list, so that an `apply` of 10,000 connectors does not search a list of
/// 10,000 rows on each change.
#[derive(Default)]
struct Touched {
    rows: Vec<SignedRow>,
    seen: std::collections::HashSet<SignedRow>,
}

impl Touched {
    fn add(&mut self, row: SignedRow) {
        if self.seen.insert(row.clone()) {
            self.rows.push(row);
        }
    }

    fn has(&self, row: &SignedRow) -> bool {
        self.seen.contains(row)
    }
}

impl Tx<'_> {
    /// What the transaction reads: its own writes included.
    pub fn read(&self) -> &dyn Read {
        self.db
    }

    /// The store's raw writes, for the vault's own modules only (rekey, restore, signing):
    /// nothing outside `vault` can change a row without going through a method of `Tx`
    /// that signs it (see [`WRITES`]).
    pub(in crate::vault) fn raw(&self) -> &dyn Write {
        self.db
    }

    /// Appends an audit entry in this transaction, so that it lands with the change.
    pub fn record(
        &self,
        workspace: Option<&str>,
        action: crate::model::Action,
        target: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        crate::audit::record(
            self.db,
            self.vault.via.get(),
            workspace,
            action,
            target,
            details,
        )
    }

    // The writes of rows that carry no MAC, or of rows that go away: nothing to sign.

    /// Ids for `n` new connectors (signed when they are inserted).
    pub fn reserve_connector_ids(&self, n: usize) -> Result<Vec<ConnectorId>> {
        self.db.reserve_connector_ids(n)
    }

    /// Deletes an app and every connection made through it.
    pub fn delete_app(&self, id: AppId) -> Result<()> {
        self.db.delete_app(id)
    }

    /// Deletes a connector and every connection it has.
    pub fn delete_connector(&self, id: ConnectorId) -> Result<()> {
        self.db.delete_connector(id)
    }

    pub fn delete_connection(&self, id: ConnectionId) -> Result<()> {
        self.db.delete_connection(id)
    }

    /// Returns whether there was one.
    pub fn delete_provider(&self, name: &str) -> Result<bool> {
        self.db.delete_provider(name)
    }

    /// `last_error` is a note for people, outside the connection's MAC.
    pub fn set_last_error(&self, id: ConnectionId, error: &str, now: &str) -> Result<()> {
        self.db.set_last_error(id, error, now)
    }

    /// Encrypts a secret for `column` of `row`, to the key of this transaction.
    pub fn seal(&self, column: SecretColumn, row: i64, secret: &[u8]) -> Result<Vec<u8>> {
        let meta = self.vault.meta.borrow();
        envelope::seal(
            &self.recipient,
            Binding {
                vault_id: &meta.vault_id,
                table: column.table(),
                column: column.column(),
                row,
            },
            secret,
        )
    }

    /// The keyed MAC of a secret (needs the key).
    pub fn secret_mac(&self, secret: &[u8]) -> Result<Vec<u8>> {
        self.vault.secret_mac(secret)
    }

    /// The key generation this transaction seals under.
    pub fn vault_generation(&self) -> i64 {
        self.vault.meta.borrow().key_generation
    }

    /// Signs every row, and the mark, under `key` (a rekey's new key); the transaction
    /// then signs nothing more under the old one.
    pub(crate) fn resign_all(&self, key: &RowKey) -> Result<usize> {
        let rows = self.db.signed_rows()?;
        sign_rows(self.db, key, &rows)?;
        let vault_id = self.vault.meta.borrow().vault_id.clone();
        self.db
            .set_meta(integrity::MARK, &integrity::sign_mark(key, &vault_id))?;
        self.resigned.set(true);
        Ok(rows.len())
    }

    fn touch(&self, row: SignedRow) {
        self.touched.borrow_mut().add(row);
    }

    /// A row about to change must be intact: a change never signs what someone else wrote.
    /// A workspace or app row about to change must be intact.
    fn intact(&self, row: SignedRow) -> Result<()> {
        if self.touched.borrow().has(&row) {
            return Ok(());
        }
        match row {
            SignedRow::Workspace(id) => match self.db.workspace_by_id(id)? {
                Some(w) => self.vault.check(&w),
                None => Ok(()),
            },
            SignedRow::App(id) => match self.db.app_by_id(id)? {
                Some(a) => self.vault.check(&a),
                None => Ok(()),
            },
            SignedRow::Connector(id) => self.intact_connector(id),
            SignedRow::Connection(id) => self.intact_connection(id),
            SignedRow::Pending(id) => match self.db.pending_by_id(id)? {
                Some(p) => self.vault.check(&p),
                None => Ok(()),
            },
            SignedRow::Provider(_) => Ok(()),
        }
    }

    /// Stores a pending authorization with its sealed verifier and nonce (`secrets`, sealed
    /// to its row), signed before the transaction commits.
    pub fn insert_pending(
        &self,
        pending: &crate::store::NewPending<'_>,
        secrets: &[u8],
    ) -> Result<crate::model::PendingId> {
        let id = self.db.insert_pending(pending)?;
        let sealed = self.seal(SecretColumn::PendingSecrets, id.0, secrets)?;
        self.db
            .set_sealed_value(SecretColumn::PendingSecrets, id.0, &sealed)?;
        self.touch(SignedRow::Pending(id));
        Ok(id)
    }

    /// Takes a pending authorization for one callback: whether this transaction did (it is
    /// used at most once). The row must be intact.
    pub fn use_pending(&self, id: crate::model::PendingId, now: &str) -> Result<bool> {
        self.intact(SignedRow::Pending(id))?;
        let used = self.db.use_pending(id, now)?;
        self.touch(SignedRow::Pending(id));
        Ok(used)
    }

    /// Removes the pending authorizations that expired before `before`.
    pub fn sweep_pending(&self, before: &str) -> Result<u64> {
        self.db.sweep_pending(before)
    }

    /// (A row this transaction wrote already is its own, and is signed before commit.)
    fn intact_connector(&self, id: ConnectorId) -> Result<()> {
        if self.touched.borrow().has(&SignedRow::Connector(id)) {
            return Ok(());
        }
        match self.db.connector_by_id(id)? {
            Some(c) => self.vault.check(&c),
            None => Ok(()),
        }
    }

    fn intact_connection(&self, id: ConnectionId) -> Result<()> {
        if self.touched.borrow().has(&SignedRow::Connection(id)) {
            return Ok(());
        }
        match self.db.connection_by_id(id)? {
            Some(c) => self.vault.check(&c),
            None => Ok(()),
        }
    }

    // The writes of signed rows: each records its row, so that the row is signed again
    // before the transaction commits (these shadow the store's methods of the same name).

    pub fn insert_connector(
        &self,
        ws: WorkspaceId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<ConnectorId> {
        let id = self.db.insert_connector(ws, c, now)?;
        self.touch(SignedRow::Connector(id));
        Ok(id)
    }

    pub fn insert_connectors(
        &self,
        ws: WorkspaceId,
        rows: &[crate::store::NewRow<'_>],
        now: &str,
    ) -> Result<()> {
        self.db.insert_connectors(ws, rows, now)?;
        for r in rows {
            self.touch(SignedRow::Connector(r.id));
        }
        Ok(())
    }

    pub fn update_connector(
        &self,
        id: ConnectorId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<()> {
        self.intact_connector(id)?;
        self.db.update_connector(id, c, now)?;
        self.touch(SignedRow::Connector(id));
        Ok(())
    }

    pub fn clear_client_secret(&self, id: ConnectorId) -> Result<()> {
        self.intact_connector(id)?;
        self.db.clear_client_secret(id)?;
        self.touch(SignedRow::Connector(id));
        Ok(())
    }

    pub fn set_client_secret(&self, id: ConnectorId, sealed: &[u8], mac: &[u8]) -> Result<()> {
        self.intact_connector(id)?;
        self.db.set_client_secret(id, sealed, mac)?;
        self.touch(SignedRow::Connector(id));
        Ok(())
    }

    /// The row it finds or makes is signed by the consent stored into it next
    /// ([`Tx::store_consent`]), not here: finding a row vouches for nothing in it.
    pub fn ensure_connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        now: &str,
    ) -> Result<ConnectionId> {
        self.db.ensure_connection(connector, app, user, now)
    }

    /// A fresh consent replaces everything a connection holds, so an existing row need
    /// not be intact: connecting again is how a damaged connection is repaired.
    pub fn store_consent(&self, id: ConnectionId, grant: &GrantFields<'_>) -> Result<()> {
        self.db.store_consent(id, grant)?;
        self.touch(SignedRow::Connection(id));
        Ok(())
    }

    pub fn store_refresh(
        &self,
        id: ConnectionId,
        expected: i64,
        grant: &GrantFields<'_>,
    ) -> Result<bool> {
        self.intact_connection(id)?;
        let stored = self.db.store_refresh(id, expected, grant)?;
        self.touch(SignedRow::Connection(id));
        Ok(stored)
    }

    /// Notes that a refresh of the connection starts now, before its refresh token is
    /// spent (`Some(time)`), or that it ended without storing a result (`None`). Not part
    /// of the row's MAC: it decides nothing about where a secret goes.
    pub fn set_refresh_started(
        &self,
        id: ConnectionId,
        expected: i64,
        at: Option<&str>,
    ) -> Result<bool> {
        self.db.set_refresh_started(id, expected, at)
    }

    pub fn mark_needs_reconnect(
        &self,
        id: ConnectionId,
        expected: Option<i64>,
        reason: &str,
        now: &str,
    ) -> Result<bool> {
        self.intact_connection(id)?;
        let marked = self.db.mark_needs_reconnect(id, expected, reason, now)?;
        self.touch(SignedRow::Connection(id));
        Ok(marked)
    }

    pub fn insert_workspace(
        &self,
        name: &str,
        platform_domain: &str,
        now: &str,
    ) -> Result<WorkspaceId> {
        let id = self.db.insert_workspace(name, platform_domain, now)?;
        self.touch(SignedRow::Workspace(id));
        Ok(id)
    }

    pub fn set_platform_domain(&self, ws: WorkspaceId, domain: &str, now: &str) -> Result<()> {
        self.intact(SignedRow::Workspace(ws))?;
        self.db.set_platform_domain(ws, domain, now)?;
        self.touch(SignedRow::Workspace(ws));
        Ok(())
    }

    pub fn insert_app(&self, ws: WorkspaceId, app: &AppFields<'_>, now: &str) -> Result<AppId> {
        let id = self.db.insert_app(ws, app, now)?;
        self.touch(SignedRow::App(id));
        Ok(id)
    }

    pub fn update_app(&self, id: AppId, app: &AppFields<'_>, now: &str) -> Result<()> {
        self.intact(SignedRow::App(id))?;
        self.db.update_app(id, app, now)?;
        self.touch(SignedRow::App(id));
        Ok(())
    }

    // A restore from an archive the admin chose rewrites every signed column of a row, so
    // the row need not be intact first: this is how a vault changed outside connectors is
    // repaired from a backup. (The connector's secret is set or cleared in the same
    // transaction.)

    pub(in crate::vault) fn restore_workspace(
        &self,
        id: WorkspaceId,
        domain: &str,
        now: &str,
    ) -> Result<()> {
        self.db.set_platform_domain(id, domain, now)?;
        self.touch(SignedRow::Workspace(id));
        Ok(())
    }

    pub(in crate::vault) fn restore_app(
        &self,
        id: AppId,
        app: &AppFields<'_>,
        now: &str,
    ) -> Result<()> {
        self.db.update_app(id, app, now)?;
        self.touch(SignedRow::App(id));
        Ok(())
    }

    pub(in crate::vault) fn restore_connector(
        &self,
        id: ConnectorId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<()> {
        self.db.update_connector(id, c, now)?;
        self.touch(SignedRow::Connector(id));
        Ok(())
    }

    /// Sets a row's times (a restore); the row is signed again if it is a signed one.
    pub(in crate::vault) fn set_times(
        &self,
        row: Dated,
        created_at: &str,
        updated_at: &str,
    ) -> Result<()> {
        self.db.set_times(row, created_at, updated_at)?;
        self.touch(match row {
            Dated::Workspace(id) => SignedRow::Workspace(id),
            Dated::App(id) => SignedRow::App(id),
            Dated::Connector(id) => SignedRow::Connector(id),
        });
        Ok(())
    }

    /// Returns how many connections now need a reconnect.
    pub fn mark_uncovered(
        &self,
        connector: ConnectorId,
        scopes: &[String],
        now: &str,
    ) -> Result<i64> {
        for (id, _) in self.db.granted_scopes(connector)? {
            self.intact_connection(id)?;
        }
        let marked = self.db.mark_uncovered(connector, scopes, now)?;
        let count = marked.len() as i64;
        for id in marked {
            self.touch(SignedRow::Connection(id));
        }
        Ok(count)
    }

    /// A restored connection (its tokens are sealed to it next, in the same transaction).
    pub(in crate::vault) fn insert_connection_record(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        record: &ConnectionRecord<'_>,
    ) -> Result<ConnectionId> {
        let id = crate::store::storable_record(record, |r| {
            self.db.insert_connection_record(connector, app, user, r)
        })?;
        self.touch(SignedRow::Connection(id));
        Ok(id)
    }

    /// Replaces everything a connection holds, like a fresh consent: the existing row need
    /// not be intact.
    pub(in crate::vault) fn replace_connection_record(
        &self,
        id: ConnectionId,
        record: &ConnectionRecord<'_>,
    ) -> Result<()> {
        crate::store::storable_record(record, |r| self.db.replace_connection_record(id, r))?;
        self.touch(SignedRow::Connection(id));
        Ok(())
    }

    /// Seals a secret into a column of a row this transaction wrote.
    pub fn put_sealed(&self, column: SecretColumn, row: i64, secret: &[u8]) -> Result<()> {
        let signed = match column {
            SecretColumn::ConnectorClientSecret => SignedRow::Connector(ConnectorId(row)),
            _ => SignedRow::Connection(ConnectionId(row)),
        };
        if !self.touched.borrow().has(&signed) {
            // Sealing into a row nobody vouched for would sign whatever else it holds.
            return Err(Error::internal(format!(
                "a secret was to be sealed into {signed}, which this change did not write; nothing was written"
            )));
        }
        let sealed = self.seal(column, row, secret)?;
        self.db.set_sealed_value(column, row, &sealed)
    }

    /// A definition is replaced whole, so the stored one need not be intact.
    pub fn put_provider(&self, name: &str, definition: &str, now: &str) -> Result<()> {
        self.db.put_provider(name, definition, now)?;
        self.touch(SignedRow::Provider(name.to_string()));
        Ok(())
    }
}

/// How a write of the store reaches the outside of `vault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum Reach {
    /// Through a method of [`Tx`] of the same name that checks the row first where it
    /// must, and signs it again before the transaction commits.
    Signed,
    /// Through a method of [`Tx`] of the same name: it writes no signed column (a delete,
    /// an id, a note for people, the audit log).
    Unsigned,
    /// Not at all: only the vault's own bookkeeping (meta, MACs, sealed values, a restore
    /// from a backup) uses it, or a policy method of the store that one of `Tx`'s signing
    /// methods calls.
    VaultOnly,
}

/// Every write of [`crate::store::Write`] and how it reaches code outside `vault`. A test
/// reads the trait and fails on a write missing here, so a new write cannot skip signing
/// by being forgotten: its author must give `Tx` a method that signs, or say why none is
/// needed.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const WRITES: &[(&str, Reach)] = &[
    ("set_meta", Reach::VaultOnly),
    ("delete_meta", Reach::VaultOnly),
    ("insert_workspace", Reach::Signed),
    ("set_platform_domain", Reach::Signed),
    ("insert_app", Reach::Signed),
    ("update_app", Reach::Signed),
    ("delete_app", Reach::Unsigned),
    ("insert_connector", Reach::Signed),
    ("update_connector", Reach::Signed),
    ("reserve_connector_ids", Reach::Unsigned),
    ("insert_connectors", Reach::Signed),
    ("set_client_secret", Reach::Signed),
    ("clear_client_secret", Reach::Signed),
    ("delete_connector", Reach::Unsigned),
    ("ensure_connection", Reach::Signed),
    ("store_consent", Reach::Signed),
    ("store_refresh", Reach::Signed),
    ("mark_needs_reconnect", Reach::Signed),
    ("mark_uncovered", Reach::Signed),
    ("put_refresh", Reach::VaultOnly),
    ("set_status", Reach::VaultOnly),
    ("set_last_error", Reach::Unsigned),
    ("set_refresh_started", Reach::Unsigned),
    ("put_last_error", Reach::VaultOnly),
    ("put_consent", Reach::VaultOnly),
    ("insert_connection_record", Reach::VaultOnly),
    ("replace_connection_record", Reach::VaultOnly),
    ("set_times", Reach::VaultOnly),
    ("delete_connection", Reach::Unsigned),
    ("put_provider", Reach::Signed),
    ("delete_provider", Reach::Unsigned),
    ("append_audit", Reach::VaultOnly),
    ("set_row_mac", Reach::VaultOnly),
    ("set_row_macs", Reach::VaultOnly),
    ("set_sealed_value", Reach::VaultOnly),
    ("insert_pending", Reach::Signed),
    ("use_pending", Reach::Signed),
    ("sweep_pending", Reach::Unsigned),
];

/// The key of the secret MACs: HMAC-SHA-256 of the vault id under the identity's bytes.
pub fn mac_key(identity: &x25519::Identity, vault_id: &str) -> Zeroizing<[u8; 32]> {
    use hmac::{KeyInit, Mac};
    use secrecy::ExposeSecret;
    let id = identity.to_string();
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(id.expose_secret().as_bytes())
        .expect("HMAC takes any key length");
    m.update(b"connectors/secret-mac/v1\0");
    m.update(vault_id.as_bytes());
    Zeroizing::new(m.finalize().into_bytes().into())
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
            Error::with(
                crate::error::code::NO_DATA_DIR,
                "no home directory was found to keep the vault in",
            )
            .hint(format!("pass --vault PATH or set {ENV_VAULT}"))
        })
}

impl Vault {
    /// Opens an existing vault, migrating its schema when it is older. Does not load the key.
    pub fn open(location: impl Into<Location>, key_opts: KeyOptions) -> Result<Vault> {
        Vault::open_with(location, key_opts, crate::store::Upgrade::Migrate)
    }

    /// Opens an existing vault; with [`Upgrade::Refuse`](crate::store::Upgrade), one
    /// whose schema is older is refused rather than migrated (for commands that change
    /// nothing).
    pub fn open_with(
        location: impl Into<Location>,
        key_opts: KeyOptions,
        upgrade: crate::store::Upgrade,
    ) -> Result<Vault> {
        let location = location.into();
        let vault = Vault::open_incomplete(&location, key_opts, upgrade)?;
        let incomplete = vault.meta().copy_incomplete.clone();
        if let Some(from) = incomplete {
            return Err(Error::with(
                crate::error::code::VAULT_INCOMPLETE,
                format!(
                    "the vault at {location} is an interrupted copy of {}; nothing in it is used",
                    crate::text::printable(&String::from_utf8_lossy(&from))
                ),
            )
            .hint("run `connectors vault copy --to` with this location again: it starts over"));
        }
        Ok(vault)
    }

    /// Opens a vault even while it is a copy under way (for `vault copy` itself).
    fn open_incomplete(
        location: &Location,
        key_opts: KeyOptions,
        upgrade: crate::store::Upgrade,
    ) -> Result<Vault> {
        let store = Store::open_with(location, upgrade)?;
        let meta = load_meta(store.read())?;
        Ok(Vault {
            store,
            meta: RefCell::new(meta),
            key_opts,
            key: RefCell::new(None),
            mac_key: RefCell::new(None),
            row_key: RefCell::new(None),
            in_write: Cell::new(false),
            mark_checked: Cell::new(false),
            via: Cell::new(crate::model::Via::Cli),
        })
    }

    /// Says which way the changes that follow come in (recorded with their audit entries).
    pub fn set_via(&self, via: crate::model::Via) {
        self.via.set(via);
    }

    /// Where the vault is: its file, or its PostgreSQL database.
    pub fn location(&self) -> &Location {
        self.store.location()
    }

    pub fn meta(&self) -> Ref<'_, Meta> {
        self.meta.borrow()
    }

    /// Reads outside any write transaction.
    pub fn db(&self) -> &dyn Read {
        self.store.read()
    }

    /// Why the vault is open for reading only (a SQLite vault on a full disk): every
    /// write is refused with it. `None` normally.
    pub fn reading_only(&self) -> Option<&Error> {
        self.store().reading_only()
    }

    /// The store itself, raw writer included: for the vault's own modules only.
    pub(in crate::vault) fn store(&self) -> &Store {
        &self.store
    }

    /// Opens the connection to the store again after it was lost (a PostgreSQL server
    /// that restarted); nothing for a SQLite file.
    pub fn reconnect(&self) -> Result<()> {
        self.store.reconnect()
    }

    /// Takes a cross-process lock of this vault (see [`crate::store::LockName`]).
    pub fn lock(
        &self,
        name: &crate::store::LockName<'_>,
        exclusive: bool,
        timeout: std::time::Duration,
    ) -> Result<crate::store::LockGuard> {
        let id = self.meta.borrow().vault_id.clone();
        self.store.lock(&id, name, exclusive, timeout)
    }

    /// The key this vault signs the archives it exports with (derived from its key).
    pub fn archive_signer(&self) -> Result<archive::Signer> {
        Ok(archive::Signer::of(&self.unlock()?.identity))
    }

    /// The engine's name and version, for `vault status`.
    pub fn engine(&self) -> String {
        self.store.engine()
    }

    /// The newest schema version this program knows for the vault's engine.
    pub fn latest_schema(&self) -> i64 {
        self.store.latest_schema()
    }

    /// Runs `f` in a write transaction that takes the write lock first, checks the key
    /// generation, and commits only when `f` succeeds.
    ///
    /// Before it commits, the signed rows it changed are signed again (which needs the
    /// key), and so is every row of a vault whose rows were never signed.
    ///
    /// `f` may run more than once (a PostgreSQL serialization failure runs the
    /// transaction again), so it changes nothing but the store.
    pub fn write<T>(&self, mut f: impl FnMut(&Tx<'_>) -> Result<T>) -> Result<T> {
        struct Open<'a>(&'a Cell<bool>);
        impl Drop for Open<'_> {
            fn drop(&mut self) {
                self.0.set(false);
            }
        }
        self.store.write(|db| {
            self.in_write.set(true);
            let _open = Open(&self.in_write);
            self.follow_rekey(db)?;
            let recipient = x25519::Recipient::from_str(&self.meta.borrow().recipient)
                .map_err(|_| corrupt_vault())?;
            let tx = Tx {
                db,
                vault: self,
                recipient,
                touched: RefCell::new(Touched::default()),
                resigned: Cell::new(false),
            };
            let out = f(&tx)?;
            let touched = tx.touched.into_inner().rows;
            if tx.resigned.get() {
                return Ok(out);
            }
            if !touched.is_empty() || self.key.borrow().is_some() {
                self.sign(db, &touched)?;
            }
            Ok(out)
        })
    }

    /// [`Vault::write`] for a change to signed rows (apps, workspaces, connectors, provider
    /// definitions): the key is loaded first, before the write lock is taken, so that a
    /// passphrase prompt never holds it and a missing key changes nothing.
    pub fn write_signed<T>(&self, f: impl FnMut(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.unlock()?;
        self.write(f)
    }

    /// Signs `rows` inside a write transaction. Never signs a vault whose rows were never
    /// signed: that takes the admin's say-so (`vault sign-rows`, [`Vault::sign_rows`]).
    fn sign(&self, db: &dyn Write, rows: &[SignedRow]) -> Result<()> {
        let key = self.row_key()?;
        let vault_id = self.meta.borrow().vault_id.clone();
        let mark = db.meta(integrity::MARK)?;
        match integrity::check_mark(&key, &vault_id, mark.as_deref()) {
            Seal::Intact => sign_rows(db, &key, rows),
            seal => Err(self.mark_problem(db, seal)?),
        }
    }

    /// The error for a mark that is not intact: a vault whose rows were never signed (the
    /// migration's note, no MAC anywhere, and a key that has no record of signing them) is
    /// `rows_unsigned`; anything else is tampering.
    fn mark_problem(&self, db: &dyn Read, seal: Seal) -> Result<Error> {
        let key_signed = self.load()?.signs_rows;
        if seal == Seal::Missing && key_signed {
            return Ok(Error::with(
                crate::error::code::VAULT_TAMPERED,
                "the vault says its rows were never signed, but its key records that they were: its integrity data was removed outside connectors; nothing in it was used or sent anywhere",
            )
            .hint("restore the vault from a backup taken before the change; `connectors vault verify` lists the rows that no longer pass"));
        }
        if seal == Seal::Missing && db.meta(integrity::PENDING)?.is_some() && !db.any_row_mac()? {
            return Ok(integrity::unsigned_error());
        }
        Ok(integrity::mark_error(seal))
    }

    /// Signs every row of a vault whose rows were never signed, after `review` has seen
    /// them and said yes; writes the mark and the audit entry, and records the signing
    /// with the key (a key file or keyring entry gains [`keys::SIGNS_ROWS`]) so that a copy
    /// of this vault stripped of its MACs is refused from now on. Refused on a vault that
    /// is signed already, or whose key records that it was.
    pub fn sign_rows(
        &self,
        review: impl Fn(&[String]) -> Result<bool>,
    ) -> Result<Option<SignedRows>> {
        let loaded = self.load()?;
        let key = self.row_key()?;
        let vault_id = self.meta.borrow().vault_id.clone();
        let described = |db: &dyn Read| -> Result<Vec<String>> {
            let rows = db.signed_rows()?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                if let Some(r) = Row::read(db, row)? {
                    out.push(r.describe());
                }
            }
            Ok(out)
        };
        let check = |db: &dyn Read| -> Result<()> {
            let mark = db.meta(integrity::MARK)?;
            match integrity::check_mark(&key, &vault_id, mark.as_deref()) {
                Seal::Intact => Err(Error::with(
                    crate::error::code::ROWS_UNSIGNED,
                    "this vault's rows are signed already; there is nothing to sign",
                )
                .hint("`connectors vault verify` checks them")),
                seal => match self.mark_problem(db, seal)? {
                    e if e.code == crate::error::code::ROWS_UNSIGNED.name => Ok(()),
                    e => Err(e),
                },
            }
        };
        check(self.db())?;
        let shown = described(self.db())?;
        if !review(&shown)? {
            return Ok(None);
        }
        let signed = self.store.write(|db| {
            check(db)?;
            // What is signed is what was shown: a row changed since is not signed blind.
            if described(db)? != shown {
                return Err(Error::with(
                    crate::error::code::VAULT_CHANGED,
                    "the vault changed while its rows were shown; nothing was signed",
                )
                .hint("run `connectors vault sign-rows` again and review the rows anew"));
            }
            let all = db.signed_rows()?;
            sign_rows(db, &key, &all)?;
            db.set_meta(integrity::MARK, &integrity::sign_mark(&key, &vault_id))?;
            db.delete_meta(integrity::PENDING)?;
            crate::audit::record(
                db,
                self.via.get(),
                None,
                crate::model::Action::VaultRowsSigned,
                &vault_id,
                serde_json::json!({"rows": all.len()}),
            )?;
            Ok(all.len())
        })?;
        let record = self.record_signing(&loaded);
        Ok(Some(SignedRows {
            rows: signed,
            key_record: record,
        }))
    }

    /// Adds the signing record to the key where it is kept: a key file, the keyring
    /// entry. A passphrase-protected key or one from the environment cannot be changed
    /// here; the result says so.
    fn record_signing(&self, loaded: &LoadedKey) -> KeyRecord {
        if loaded.signs_rows {
            return KeyRecord::Kept;
        }
        match (loaded.store, &loaded.file) {
            (KeyStore::KeyFile, Some(path)) => match keys::record_in_key_file(path) {
                Ok(()) => KeyRecord::Added,
                Err(e) => KeyRecord::Failed(e.message),
            },
            (KeyStore::Keyring, _) => {
                let id = self.meta.borrow().vault_id.clone();
                match keys::keyring_set(&id, false, &loaded.identity) {
                    Ok(()) => KeyRecord::Added,
                    Err(reason) => KeyRecord::Failed(reason),
                }
            }
            (KeyStore::Env, _) => KeyRecord::Failed(format!(
                "the key came from {}; add the line `{}` to its value",
                keys::ENV_KEY,
                keys::SIGNS_ROWS
            )),
            _ => KeyRecord::Failed(
                "a passphrase-protected key is recorded anew by `connectors vault rekey`".into(),
            ),
        }
    }

    /// The key of the row MACs (loads the vault key, without the mark's check: a row that
    /// lacks its MAC fails on its own).
    fn row_key(&self) -> Result<RowKey> {
        if let Some(k) = self.row_key.borrow().as_ref() {
            return Ok(k.clone());
        }
        let k = integrity::row_key(&self.load()?.identity, &self.meta.borrow().vault_id);
        *self.row_key.borrow_mut() = Some(k.clone());
        Ok(k)
    }

    /// Whether `row`'s MAC holds as it was read (no error for one that does not).
    fn check_quiet<T: Signed>(&self, row: &T) -> Result<bool> {
        self.unlock()?;
        Ok(integrity::check(&self.row_key()?, row) == Seal::Intact)
    }

    /// Checks a signed row before what it leads to is trusted with a secret: a workspace
    /// or app (which a name led to), a connector (its secret and settings), a connection
    /// (its tokens), a stored provider definition (its endpoints).
    pub fn check<T: Signed>(&self, row: &T) -> Result<()> {
        self.verified(row).map(|_| ())
    }

    /// Checks a signed row (see [`Vault::check`]) and vouches for it: what a secret may be
    /// revealed from.
    pub fn verified<'a, T: Signed>(&self, row: &'a T) -> Result<Verified<'a, T>> {
        // The mark first.
        self.unlock()?;
        let key = self.row_key()?;
        match integrity::check(&key, row) {
            Seal::Intact => Ok(Verified::vouch(row)),
            seal => Err(integrity::tampered(&row.describe(), seal)),
        }
    }

    /// Checks the vault's definitions that took part in `provider` before a secret goes to
    /// its endpoints: each passes its MAC as read (like the workspace, connector and app
    /// rows read with it: a change by another process after that read is not seen), or
    /// else (a rekey meanwhile signed it again: no false alarm) as stored now, which must
    /// hold the very text that was merged.
    pub fn check_provider(&self, stored: &[crate::store::StoredProvider]) -> Result<()> {
        for merged in stored {
            // The row as read, when its MAC holds under the key in force now; otherwise
            // (a rekey or signing since it was read) the row as stored now.
            if self.check_quiet(merged)? {
                continue;
            }
            let now = self.db().provider_definition(&merged.name)?;
            match now {
                Some(now) if now.definition == merged.definition => self.check(&now)?,
                _ => {
                    return Err(Error::with(crate::error::code::PROVIDER_CHANGED,
                        format!(
                            "the vault's definition of provider '{}' was changed or removed by another process while this command ran; nothing was sent",
                            merged.name
                        ),
                    )
                    .hint("run the command again"));
                }
            }
        }
        Ok(())
    }

    /// Checks, before a step that cannot be undone (a refresh at the provider), that the
    /// key this process holds is still the vault's, loading the new one after a rekey.
    pub fn check_key_generation(&self) -> Result<()> {
        self.follow_rekey(self.db())
    }

    /// After a rekey by another process: take the new public key and key-check record,
    /// and replace the loaded key by the new one from its source (a key file renamed into
    /// place, the keyring's new entry), or fail with `key_rotated`. Never prompts.
    fn follow_rekey(&self, db: &dyn Read) -> Result<()> {
        let generation = meta_text(db, "key_generation")?
            .parse::<i64>()
            .map_err(|_| corrupt_vault())?;
        let before = self.meta.borrow().key_generation;
        if generation == before {
            return Ok(());
        }
        *self.meta.borrow_mut() = load_meta(db)?;
        *self.mac_key.borrow_mut() = None;
        *self.row_key.borrow_mut() = None;
        let held = self.key.borrow().clone();
        if let Some(k) = held
            && !self.matches(&k.identity)
        {
            *self.key.borrow_mut() = None;
            match self.load_key(false) {
                Ok(k) => *self.key.borrow_mut() = Some(Rc::new(k)),
                Err(e) => {
                    return Err(Error::with(crate::error::code::KEY_ROTATED,
                        format!(
                            "the vault was rekeyed by another process while this command ran (key generation {before} to {generation}), and its new key is not available here ({}); nothing was written",
                            e.message
                        ),
                    )
                    .hint("run the command again with the vault's new key"));
                }
            }
        }
        Ok(())
    }

    /// Decrypts a verified connector's client secret (`None` when it has none).
    pub fn client_secret(
        &self,
        connector: &Verified<'_, crate::model::Connector>,
    ) -> Result<Option<SecretString>> {
        let Some(ct) = connector.secret_ciphertext.as_deref() else {
            return Ok(None);
        };
        self.reveal(SecretColumn::ConnectorClientSecret, connector.id.0, ct)
            .map(Some)
    }

    /// Decrypts one of a verified connection's tokens (`None` when it has none).
    /// The sealed verifier and nonce of a pending authorization whose MAC held.
    pub fn pending_secrets(
        &self,
        pending: &Verified<'_, crate::model::PendingAuthorization>,
    ) -> Result<Option<SecretString>> {
        let Some(ct) = pending.secrets_ct.as_deref() else {
            return Ok(None);
        };
        self.reveal(SecretColumn::PendingSecrets, pending.id.0, ct)
            .map(Some)
    }

    pub fn token(
        &self,
        connection: &Verified<'_, crate::model::Connection>,
        column: SecretColumn,
    ) -> Result<Option<SecretString>> {
        let ct = match column {
            SecretColumn::ConnectionAccessToken => &connection.access_ct,
            SecretColumn::ConnectionRefreshToken => &connection.refresh_ct,
            SecretColumn::ConnectionIdToken => &connection.id_ct,
            SecretColumn::ConnectorClientSecret | SecretColumn::PendingSecrets => {
                return Err(Error::internal(
                    "another table's secret was asked of a connection",
                ));
            }
        };
        let Some(ct) = ct.as_deref() else {
            return Ok(None);
        };
        self.reveal(column, connection.id.0, ct).map(Some)
    }

    /// Decrypts the secret of `column` of `row`, checking where it was sealed. Only the
    /// vault reveals a row's secret without a verified row (`vault verify`, `rekey`).
    pub(in crate::vault) fn reveal(
        &self,
        column: SecretColumn,
        row: i64,
        ciphertext: &[u8],
    ) -> Result<SecretString> {
        let key = self.load()?;
        let bytes = {
            let meta = self.meta.borrow();
            let binding = Binding {
                vault_id: &meta.vault_id,
                table: column.table(),
                column: column.column(),
                row,
            };
            // The key opened the key-check record, so a ciphertext it cannot open was not
            // sealed for this vault: misplaced (or damaged), never "wrong key".
            envelope::open(&key.identity, binding, ciphertext).map_err(|e| {
                if e.code == "wrong_key" {
                    Error::with(crate::error::code::SECRET_MISPLACED,
                        format!(
                            "the secret in {}.{} of row {row} was not sealed for this vault (it comes from another vault, or was written outside connectors)",
                            column.table(),
                            column.column()
                        ),
                    )
                    .hint("restore the vault from a backup, or set this secret again (for a connector: `connectors edit NAME --client-secret-stdin`)")
                } else {
                    e
                }
            })?
        };
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
            Error::with(
                crate::error::code::SECRET_CORRUPT,
                format!(
                    "the secret in {}.{} of row {row} is not text",
                    column.table(),
                    column.column()
                ),
            )
        })?;
        Ok(SecretString::from(text))
    }

    /// The keyed MAC of a secret, to compare secrets without decrypting stored ones.
    pub fn secret_mac(&self, secret: &[u8]) -> Result<Vec<u8>> {
        let cached = self.mac_key.borrow().clone();
        let key = match cached {
            Some(k) => k,
            None => {
                let k = mac_key(&self.unlock()?.identity, &self.meta.borrow().vault_id);
                *self.mac_key.borrow_mut() = Some(k.clone());
                k
            }
        };
        Ok(mac(&key, secret))
    }

    /// Loads and checks the key (once per process, and again after a rekey). Commands
    /// that read or write secrets call this before changing anything, so a wrong key
    /// changes nothing.
    ///
    /// It also checks, once, the mark that says the vault's rows are signed (until it
    /// passes, every call checks it again and fails), and signs the rows of a vault that
    /// the migration to row MACs has just brought up.
    pub fn unlock(&self) -> Result<Rc<LoadedKey>> {
        let key = self.load()?;
        if !self.mark_checked.get() && !self.in_write.get() {
            self.check_mark()?;
            self.mark_checked.set(true);
        }
        Ok(key)
    }

    /// Loads and checks the key, once.
    fn load(&self) -> Result<Rc<LoadedKey>> {
        if let Some(key) = self.key.borrow().as_ref() {
            return Ok(key.clone());
        }
        let key = Rc::new(self.load_key(self.key_opts.interactive)?);
        crate::hygiene::protect_key_holder();
        *self.key.borrow_mut() = Some(key.clone());
        Ok(key)
    }

    /// With the key loaded, outside a write: checks the mark that says the rows are
    /// signed (see [`Vault::mark_problem`]). Never writes, except to add the signing record
    /// to a key that lacks it (a key made before keys carried it) once the mark holds.
    fn check_mark(&self) -> Result<()> {
        let key = self.row_key()?;
        let (vault_id, read) = {
            let meta = self.meta.borrow();
            (meta.vault_id.clone(), meta.row_mark.clone())
        };
        // The mark read with the vault's other facts, when it is this key's; otherwise it
        // is read again (one whose mark went since).
        let mut seal = integrity::check_mark(&key, &vault_id, read.as_deref());
        if seal != Seal::Intact {
            let mark = self.db().meta(integrity::MARK)?;
            seal = integrity::check_mark(&key, &vault_id, mark.as_deref());
        }
        if seal != Seal::Intact {
            return Err(self.mark_problem(self.db(), seal)?);
        }
        let loaded = self.load()?;
        if !loaded.signs_rows && matches!(loaded.store, KeyStore::KeyFile | KeyStore::Keyring) {
            // Best effort: the record only strengthens what the mark already says.
            let _ = self.record_signing(&loaded);
        }
        Ok(())
    }

    /// Where the key would come from, without loading it (for `vault status`).
    pub fn key_source_hint(&self) -> String {
        if self.key_opts.env_key.is_some() {
            keys::ENV_KEY.to_string()
        } else if let Some(p) = &self.key_opts.key_file {
            format!("key file {}", p.display())
        } else {
            let meta = self.meta.borrow();
            match (meta.key_store, &meta.key_store_detail) {
                (KeyStore::KeyFile, Some(p)) => format!("key file {p}"),
                (KeyStore::Keyring, _) => "OS keyring".into(),
                (KeyStore::Passphrase, _) => "passphrase".into(),
                (KeyStore::Env, _) => keys::ENV_KEY.to_string(),
                (KeyStore::KeyFile, None) => "key file".into(),
            }
        }
    }

    /// Loads the key from the first source present and checks it. A rekey that committed
    /// but did not get to move its new key into place (a staged `.next` key file, a
    /// staged keyring entry) is finished here, whatever source this command was given.
    fn load_key(&self, may_prompt: bool) -> Result<LoadedKey> {
        let opts = &self.key_opts;
        let (key_store, recorded_file, passphrase_blob) = {
            let meta = self.meta.borrow();
            let recorded = match (meta.key_store, &meta.key_store_detail) {
                (KeyStore::KeyFile, Some(p)) => Some(PathBuf::from(p)),
                _ => None,
            };
            (meta.key_store, recorded, meta.passphrase_identity.clone())
        };
        // The sources the person gave first; what the vault records (a key file's path)
        // only after them.
        if let Some(text) = &opts.preloaded {
            use secrecy::ExposeSecret;
            let identity = keys::parse_identity(text.expose_secret(), "the loaded key")?;
            if self.matches(&identity) {
                let signs = keys::signs_rows(text.expose_secret());
                return self
                    .checked(identity, key_store, "the key this command loaded".into())
                    .map(|k| k.signing(signs));
            }
        }
        if let Some(text) = &opts.env_key {
            use secrecy::ExposeSecret;
            let identity = keys::parse_identity(text.expose_secret(), keys::ENV_KEY)?;
            let signs = keys::signs_rows(text.expose_secret());
            return self
                .checked(identity, KeyStore::Env, keys::ENV_KEY.to_string())
                .map(|k| k.signing(signs));
        }
        // A rekey that committed but did not get to move its new key file into place is
        // finished whatever key file this command was given (the file is opened without
        // blocking and must be a regular file: nothing planted there can hold us up).
        if let Some(path) = &recorded_file {
            self.finish_staged_file(path)?;
        }
        if let Some(given) = &opts.key_file {
            self.finish_staged_file(given)?;
            let (identity, signs) = keys::read_key_file_record(given)?;
            return self
                .checked(identity, KeyStore::KeyFile, given.display().to_string())
                .map(|k| k.signing(signs).kept_in(given));
        }
        if let Some(path) = &recorded_file {
            let (identity, signs) = keys::read_key_file_record(path)?;
            return self
                .checked(identity, KeyStore::KeyFile, path.display().to_string())
                .map(|k| k.signing(signs).kept_in(path));
        }
        match key_store {
            KeyStore::Keyring => self.load_from_keyring(),
            KeyStore::Passphrase => {
                self.load_under_passphrase(passphrase_blob.ok_or_else(corrupt_vault)?, may_prompt)
            }
            KeyStore::Env => Err(Error::with(
                crate::error::code::NO_KEY,
                format!(
                    "this vault's key is expected in {}, which is not set",
                    keys::ENV_KEY
                ),
            )
            .hint(format!(
                "set {} to the vault's age identity, or pass --key-file PATH",
                keys::ENV_KEY
            ))),
            KeyStore::KeyFile => Err(Error::with(
                crate::error::code::NO_KEY,
                "this vault's key is kept in a key file, and none was given",
            )
            .hint(format!(
                "pass --key-file PATH or set {}",
                keys::ENV_KEY_FILE
            ))),
        }
    }

    /// The key under the vault's passphrase: from `CONNECTORS_PASSPHRASE`, else asked for.
    fn load_under_passphrase(&self, blob: Vec<u8>, may_prompt: bool) -> Result<LoadedKey> {
        let opts = &self.key_opts;
        let passphrase = match (&opts.passphrase, &opts.person) {
            (Some(p), _) => p.clone(),
            (None, Some(person)) if may_prompt => person.passphrase("Vault passphrase", false)?,
            (None, _) => {
                return Err(Error::with(crate::error::code::PASSPHRASE_REQUIRED,
                    "this vault's key is protected by a passphrase, and there is no terminal to ask for it",
                )
                .hint(format!("set {} for scripts, or run the command on a terminal", keys::ENV_PASSPHRASE)));
            }
        };
        let (identity, signs) = keys::unwrap_with_passphrase(&blob, &passphrase)?;
        self.checked(identity, KeyStore::Passphrase, "passphrase".into())
            .map(|k| k.signing(signs))
    }

    /// Moves a staged `.next` key file into place when it holds this vault's key: the
    /// last step of a rekey that was interrupted after its commit.
    fn finish_staged_file(&self, path: &Path) -> Result<()> {
        let staged = keys::staged_key_file(path);
        if !staged.exists() {
            return Ok(());
        }
        let Ok(next) = keys::read_key_file(&staged) else {
            return Ok(());
        };
        if !self.matches(&next) {
            self.discard_spare_key(&staged);
            return Ok(());
        }
        if let Err(e) = std::fs::rename(&staged, path) {
            // Another process may have finished it first.
            let done = keys::read_key_file(path).is_ok_and(|k| self.matches(&k));
            if !done {
                return Err(Error::with(
                    crate::error::code::KEY_FILE_WRITE,
                    format!(
                        "cannot finish the interrupted rekey: moving {} to {} failed: {e}",
                        staged.display(),
                        path.display()
                    ),
                )
                .hint(format!(
                    "move it by hand: mv {} {}",
                    staged.display(),
                    path.display()
                )));
            }
        }
        Ok(())
    }

    /// Removes a staged key that the vault does not use: a private key left by a rekey
    /// killed before its commit, which nothing would ever read. Only while no rekey runs
    /// (its lock taken without waiting), and said to the person.
    fn discard_spare_key(&self, staged: &Path) {
        let Ok(_no_rekey) = self.lock(
            &crate::store::LockName::Rekey,
            true,
            std::time::Duration::ZERO,
        ) else {
            return;
        };
        let spare = keys::read_key_file(staged).is_ok_and(|k| !self.matches(&k));
        if spare
            && std::fs::remove_file(staged).is_ok()
            && let Some(person) = &self.key_opts.person
        {
            person.notice(&format!(
                "removed {}, a spare private key that an interrupted `vault rekey` left behind (the vault never used it)",
                staged.display()
            ));
        }
    }

    fn load_from_keyring(&self) -> Result<LoadedKey> {
        let id = &self.meta.borrow().vault_id.clone();
        let unreachable = |reason: String| {
            Error::with(crate::error::code::KEYRING_UNAVAILABLE, format!("this vault's key is in the OS keyring, which is not reachable ({reason})"))
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
        let signs = text.as_ref().is_some_and(|t| {
            use secrecy::ExposeSecret;
            keys::signs_rows(t.expose_secret())
        });
        if let Some(identity) = current.take_if(|i| self.matches(i)) {
            return self
                .checked(identity, KeyStore::Keyring, "OS keyring".into())
                .map(|k| k.signing(signs));
        }
        // A rekey that committed but did not get to replace the keyring entry.
        if let Ok(Some(staged)) = keys::keyring_get(id, true) {
            use secrecy::ExposeSecret;
            let next = keys::parse_identity(staged.expose_secret(), "the keyring entry")?;
            if self.matches(&next) {
                keys::keyring_set(id, false, &next).map_err(unreachable)?;
                keys::keyring_delete(id, true);
                // The entry now holds the key with its record (a rekey signs every row).
                return self
                    .checked(next, KeyStore::Keyring, "OS keyring".into())
                    .map(|k| k.signing(true));
            }
        }
        match current {
            Some(identity) => self
                .checked(identity, KeyStore::Keyring, "OS keyring".into())
                .map(|k| k.signing(signs)),
            None => Err(Error::with(crate::error::code::NO_KEY, format!("the OS keyring holds no key for vault {id}"))
                .hint(format!("the keyring entry was removed; set {} or pass --key-file PATH with a copy of the key", keys::ENV_KEY))),
        }
    }

    fn matches(&self, identity: &x25519::Identity) -> bool {
        identity.to_public().to_string() == self.meta.borrow().recipient
    }

    /// Accepts an identity only if it is this vault's (public key and key-check record).
    fn checked(
        &self,
        identity: x25519::Identity,
        store: KeyStore,
        detail: String,
    ) -> Result<LoadedKey> {
        if !self.matches(&identity) {
            return Err(Error::with(crate::error::code::WRONG_KEY,
                format!("the key from {detail} is not this vault's key (the vault at {} expects public key {})", self.location(), self.meta.borrow().recipient),
            )
            .hint("check that --vault and the key belong together; nothing was changed"));
        }
        let meta = self.meta.borrow();
        let binding = Binding {
            vault_id: &meta.vault_id,
            table: "meta",
            column: "key_check",
            row: 0,
        };
        match envelope::open(&identity, binding, &meta.key_check) {
            Ok(v) if v.as_slice() == KEY_CHECK => Ok(LoadedKey {
                identity,
                store,
                detail,
                signs_rows: false,
                file: None,
            }),
            Ok(_) => Err(corrupt_vault()),
            Err(e) if e.code == "wrong_key" => Err(Error::with(
                crate::error::code::WRONG_KEY,
                format!("the key from {detail} does not open this vault's key-check record"),
            )
            .hint("check that --vault and the key belong together; nothing was changed")),
            Err(_) => Err(corrupt_vault()),
        }
    }

    /// Counts for `vault status`.
    pub fn counts(&self) -> Result<crate::store::Counts> {
        self.db().counts()
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.db().schema_version()
    }
}

const KEY_CHECK: &[u8] = b"connectors key check";

/// Signs `rows` as they are now in `db` (a row deleted meanwhile needs nothing):
/// connectors and connections read and their MACs written in batches, so that a
/// transaction of 10,000 rows makes a few round trips to a server, not 20,000.
pub(crate) fn sign_rows(db: &dyn Write, key: &RowKey, rows: &[SignedRow]) -> Result<()> {
    const BATCH: usize = 2000;
    let (mut connectors, mut connections, mut macs) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        match row {
            SignedRow::Connector(id) => connectors.push(*id),
            SignedRow::Connection(id) => connections.push(*id),
            other => {
                if let Some(r) = Row::read(db, other)? {
                    macs.push((other.clone(), r.sign(key)));
                }
            }
        }
    }
    for chunk in connectors.chunks(BATCH) {
        for c in db.connectors_by_ids(chunk)? {
            macs.push((SignedRow::Connector(c.id), integrity::sign(key, &c)));
        }
    }
    for chunk in connections.chunks(BATCH) {
        for c in db.connections_by_ids(chunk)? {
            macs.push((SignedRow::Connection(c.id), integrity::sign(key, &c)));
        }
    }
    for chunk in macs.chunks(BATCH) {
        db.set_row_macs(chunk)?;
    }
    Ok(())
}

/// Signs one row as it is now in `db` (a row deleted meanwhile needs nothing).
pub(crate) fn sign_row(db: &dyn Write, key: &RowKey, row: &SignedRow) -> Result<()> {
    match Row::read(db, row)? {
        Some(r) => db.set_row_mac(row, &r.sign(key)),
        None => Ok(()),
    }
}

fn meta_text(db: &dyn Read, key: &str) -> Result<String> {
    let bytes = db.meta(key)?.ok_or_else(corrupt_vault)?;
    String::from_utf8(bytes).map_err(|_| corrupt_vault())
}

/// The key facts, in one read of the `meta` table (one round trip on PostgreSQL).
fn load_meta(db: &dyn Read) -> Result<Meta> {
    let mut all: std::collections::HashMap<String, Vec<u8>> = db.meta_all()?.into_iter().collect();
    let mut text = |key: &str| -> Result<String> {
        String::from_utf8(all.remove(key).ok_or_else(corrupt_vault)?).map_err(|_| corrupt_vault())
    };
    let key_store = KeyStore::parse(&text("key_store")?).ok_or_else(corrupt_vault)?;
    let vault_id = text("vault_id")?;
    let created_at = text("created_at")?;
    let recipient = text("recipient")?;
    let key_generation = text("key_generation")?
        .parse()
        .map_err(|_| corrupt_vault())?;
    Ok(Meta {
        vault_id,
        created_at,
        recipient,
        key_store,
        key_store_detail: all
            .remove("key_store_detail")
            .and_then(|b| String::from_utf8(b).ok()),
        key_generation,
        key_check: all.remove("key_check").ok_or_else(corrupt_vault)?,
        passphrase_identity: all.remove("passphrase_identity"),
        copy_incomplete: all.remove(copy::INCOMPLETE),
        row_mark: all.remove(integrity::MARK),
    })
}

/// Writes the key facts into `meta` (at init and rekey), inside the caller's transaction.
fn write_key_meta(
    tx: &dyn Write,
    vault_id: &str,
    identity: &x25519::Identity,
    store: KeyStore,
    store_detail: Option<&str>,
    generation: i64,
    passphrase_identity: Option<&[u8]>,
) -> Result<()> {
    let set = |key: &str, value: &[u8]| tx.set_meta(key, value);
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
        None => tx.delete_meta("key_store_detail")?,
    }
    match passphrase_identity {
        Some(blob) => set("passphrase_identity", blob)?,
        None => tx.delete_meta("passphrase_identity")?,
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
