//! The storage layer: every query the program makes, behind two traits. [`Read`] names
//! every question the rest of the program may ask of storage, [`Write`] every change;
//! both speak in typed rows and id newtypes, never in SQL, driver types or transactions.
//! An engine ([`sqlite`], the embedded default, or [`postgres`], for a team) implements
//! them; nothing above this module knows which engine runs or sees its driver. A
//! [`Location`] (a path or a `postgres://` URL) picks the engine.
//!
//! Writes happen only inside [`Store::write`], one transaction that takes the write lock
//! first, so a read-modify-write inside it cannot lose a concurrent change. Secrets reach
//! this layer already sealed: it stores ciphertext and never sees a plaintext secret.

#[cfg(test)]
mod contract;
pub mod location;
mod postgres;
mod rows;
mod sqlite;

use std::fmt;
use std::time::Duration;

pub use location::Location;
pub use postgres::{COPY_LOCK as PG_COPY_LOCK, WRITE_LOCK as PG_WRITE_LOCK};
pub use sqlite::COPY_TAG;

/// The SQLite engine's schema steps, for the vault's upgrade tests.
#[cfg(test)]
pub(crate) mod sqlite_schema {
    pub(crate) use super::sqlite::{LATEST, migrate_to, version};
}

use serde::Serialize;

use crate::error::Result;
use crate::model::{
    Action, App, Connection, Connector, Entry, Mode, PendingAuthorization, Summary, Workspace,
};
pub use crate::model::{AppId, ConnectionId, ConnectorId, PendingId, StoredStatus, WorkspaceId};

/// The table and column of every sealed value. `vault rekey` re-encrypts exactly these,
/// and a test checks that no other column holds a secret.
pub const SECRET_COLUMNS: &[SecretColumn] = &[
    SecretColumn::ConnectorClientSecret,
    SecretColumn::ConnectionAccessToken,
    SecretColumn::ConnectionRefreshToken,
    SecretColumn::ConnectionIdToken,
    SecretColumn::PendingSecrets,
];

/// A column that holds sealed values; its table and column names are the envelope's binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretColumn {
    ConnectorClientSecret,
    ConnectionAccessToken,
    ConnectionRefreshToken,
    ConnectionIdToken,
    /// A pending authorization's PKCE verifier and nonce.
    PendingSecrets,
}

impl SecretColumn {
    pub fn table(self) -> &'static str {
        match self {
            SecretColumn::ConnectorClientSecret => "connectors",
            SecretColumn::PendingSecrets => "pending_authorizations",
            _ => "connections",
        }
    }

    pub fn column(self) -> &'static str {
        match self {
            SecretColumn::ConnectorClientSecret => "client_secret",
            SecretColumn::ConnectionAccessToken => "access_token",
            SecretColumn::ConnectionRefreshToken => "refresh_token",
            SecretColumn::ConnectionIdToken => "id_token",
            SecretColumn::PendingSecrets => "secrets",
        }
    }
}

/// A row that carries a MAC (see `crate::vault::integrity`): whatever decides where a
/// secret goes or what a token is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignedRow {
    /// A workspace: its name and platform domain decide which apps and connectors a
    /// command finds, and the redirect URIs.
    Workspace(WorkspaceId),
    /// An app: its name decides which connection a command finds.
    App(AppId),
    /// A provider definition kept in the vault, by its stored name.
    Provider(String),
    Connector(ConnectorId),
    Connection(ConnectionId),
    /// A pending authorization: its app, user and redirect URI decide where a grant goes.
    Pending(PendingId),
}

impl SignedRow {
    /// The row's key in its table: an id, or a provider's name.
    pub fn key(&self) -> String {
        match self {
            SignedRow::Workspace(id) => id.to_string(),
            SignedRow::App(id) => id.to_string(),
            SignedRow::Provider(name) => name.clone(),
            SignedRow::Connector(id) => id.to_string(),
            SignedRow::Connection(id) => id.to_string(),
            SignedRow::Pending(id) => id.to_string(),
        }
    }
}

impl fmt::Display for SignedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignedRow::Workspace(id) => write!(f, "workspace row {id}"),
            SignedRow::App(id) => write!(f, "app row {id}"),
            SignedRow::Provider(name) => write!(f, "provider '{name}'"),
            SignedRow::Connector(id) => write!(f, "connector row {id}"),
            SignedRow::Connection(id) => write!(f, "connection row {id}"),
            SignedRow::Pending(id) => write!(f, "pending authorization row {id}"),
        }
    }
}

/// A provider definition kept in the vault.
#[derive(Debug, Clone)]
pub struct StoredProvider {
    pub name: String,
    /// The definition as JSON text.
    pub definition: String,
    /// When it was last stored (a copy or a restore keeps it).
    pub updated_at: String,
    pub row_mac: Option<Vec<u8>>,
}

/// The fields of a connector that `add`, `edit` and `apply` write (everything but the
/// secret, which is sealed to the row once it has an id).
#[derive(Debug, Clone)]
pub struct ConnectorFields<'a> {
    pub name: &'a str,
    pub provider: &'a str,
    pub client_id: &'a str,
    pub scopes: &'a [String],
    pub mode: Mode,
    pub redirect_uris: &'a [String],
    pub apps: &'a [String],
    /// Endpoint parameters (Microsoft's tenant, Salesforce's login host).
    pub params: &'a std::collections::BTreeMap<String, String>,
}

/// A new connector with the id reserved for it and its secret sealed to that row.
#[derive(Debug, Clone)]
pub struct NewRow<'a> {
    pub id: ConnectorId,
    pub fields: ConnectorFields<'a>,
    pub secret: &'a [u8],
    pub secret_mac: &'a [u8],
}

/// The fields of an app.
#[derive(Debug, Clone)]
pub struct AppFields<'a> {
    pub name: &'a str,
    pub custom_domain: Option<&'a str>,
    pub preview: bool,
}

/// A grant as stored: sealed tokens and what the provider said about them.
#[derive(Debug, Clone)]
pub struct GrantFields<'a> {
    pub access_token: &'a [u8],
    /// For a refresh, `None` keeps the stored refresh token (the provider did not rotate it).
    pub refresh_token: Option<&'a [u8]>,
    /// For a refresh, `None` keeps the stored ID token.
    pub id_token: Option<&'a [u8]>,
    pub token_type: Option<&'a str>,
    pub expires_at: Option<&'a str>,
    /// For a refresh, `None` keeps the stored list.
    pub granted_scopes: Option<&'a [String]>,
    /// Ignored by a refresh: the account is that of the consent.
    pub account: Option<&'a str>,
    pub now: &'a str,
}

/// A connection as a backup archive holds it: every column but its id, its connector, app
/// and user, and its sealed tokens (sealed to the row once it has an id).
#[derive(Debug, Clone)]
pub struct ConnectionRecord<'a> {
    /// As stored: `active`, `expired`, `needs_reconnect` or `revoked`.
    pub status: &'a str,
    pub status_reason: Option<&'a str>,
    pub token_type: Option<&'a str>,
    pub expires_at: Option<&'a str>,
    pub granted_scopes: &'a [String],
    pub account: Option<&'a str>,
    pub last_error: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub refreshed_at: Option<&'a str>,
}

/// A row with creation and change times that a restore keeps as they were.
#[derive(Debug, Clone, Copy)]
pub enum Dated {
    Workspace(WorkspaceId),
    App(AppId),
    Connector(ConnectorId),
}

/// Which connections to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnectionFilter<'a> {
    pub connector: Option<ConnectorId>,
    pub app: Option<AppId>,
    pub user: Option<&'a str>,
}

/// Connection counts of one connector and status, for `doctor`.
#[derive(Debug, Clone)]
pub struct StatusCount {
    pub connector: ConnectorId,
    /// `expired` for an active connection past its expiry.
    pub status: String,
    pub count: i64,
    /// Of those, expired without a refresh token.
    pub expired_without_refresh: i64,
}

/// A connection that `doctor` looks at more closely.
#[derive(Debug, Clone)]
pub struct ConnectionHealth {
    pub connector: ConnectorId,
    pub app: String,
    pub user: String,
    pub granted_scopes: Vec<String>,
    pub last_error: Option<String>,
    pub status: String,
}

/// Counts for `vault status`.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub workspaces: i64,
    pub apps: i64,
    pub connectors: i64,
    pub connections: i64,
    pub connections_by_status: Vec<(String, i64)>,
    pub audit_entries: i64,
}

/// An audit record to append.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub workspace: Option<&'a str>,
    pub action: Action,
    pub target: &'a str,
    pub details: &'a serde_json::Value,
    /// Which way the change came in: `cli`, `apply`, `import`, `copy`, `mcp`.
    pub via: Option<&'a str>,
}

/// Text from outside (a provider's words, an account, a scope) as every engine can keep
/// it: PostgreSQL's `text` cannot hold NUL, so NUL becomes U+FFFD on both engines, and
/// the same text reads back from either.
pub fn storable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\0') {
        std::borrow::Cow::Owned(text.replace('\0', "\u{fffd}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Runs `f` with a restored connection's text made [`storable`] (an older SQLite vault may
/// hold NUL where PostgreSQL cannot).
pub fn storable_record<T>(
    record: &ConnectionRecord<'_>,
    f: impl FnOnce(&ConnectionRecord<'_>) -> Result<T>,
) -> Result<T> {
    let own = |t: Option<&str>| t.map(|t| storable(t).into_owned());
    let reason = own(record.status_reason);
    let token_type = own(record.token_type);
    let account = own(record.account);
    let last_error = own(record.last_error);
    let scopes: Vec<String> = record
        .granted_scopes
        .iter()
        .map(|s| storable(s).into_owned())
        .collect();
    f(&ConnectionRecord {
        status_reason: reason.as_deref(),
        token_type: token_type.as_deref(),
        account: account.as_deref(),
        last_error: last_error.as_deref(),
        granted_scopes: &scopes,
        ..record.clone()
    })
}

/// Runs `f` with `grant`'s provider-given text made [`storable`] (copied only when needed).
fn storable_grant<T>(
    grant: &GrantFields<'_>,
    f: impl FnOnce(&GrantFields<'_>) -> Result<T>,
) -> Result<T> {
    let has_nul = |t: Option<&str>| t.is_some_and(|t| t.contains('\0'));
    let scopes_nul = grant
        .granted_scopes
        .is_some_and(|s| s.iter().any(|s| s.contains('\0')));
    if !scopes_nul
        && !has_nul(grant.account)
        && !has_nul(grant.token_type)
        && !has_nul(grant.expires_at)
    {
        return f(grant);
    }
    let scopes: Option<Vec<String>> = grant
        .granted_scopes
        .map(|s| s.iter().map(|s| storable(s).into_owned()).collect());
    let account = grant.account.map(|a| storable(a).into_owned());
    let token_type = grant.token_type.map(|t| storable(t).into_owned());
    let expires_at = grant.expires_at.map(|t| storable(t).into_owned());
    f(&GrantFields {
        granted_scopes: scopes.as_deref(),
        account: account.as_deref(),
        token_type: token_type.as_deref(),
        expires_at: expires_at.as_deref(),
        ..grant.clone()
    })
}

/// Every question the program asks of storage.
pub trait Read {
    /// The schema version the store is at.
    fn schema_version(&self) -> Result<i64>;
    /// A value of the `meta` table (vault id, key facts), as bytes.
    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>>;
    /// Every value of the `meta` table.
    fn meta_all(&self) -> Result<Vec<(String, Vec<u8>)>>;
    fn counts(&self) -> Result<Counts>;

    /// A workspace by name (without regard to case).
    fn workspace(&self, name: &str) -> Result<Option<Workspace>>;
    fn workspaces(&self) -> Result<Vec<Workspace>>;
    fn workspace_by_id(&self, id: WorkspaceId) -> Result<Option<Workspace>>;
    fn app_by_id(&self, id: AppId) -> Result<Option<App>>;

    /// An app by name (without regard to case).
    fn app(&self, ws: WorkspaceId, name: &str) -> Result<Option<App>>;
    /// A workspace's apps, by name.
    fn apps(&self, ws: WorkspaceId) -> Result<Vec<App>>;

    /// A connector by name (without regard to case).
    fn connector(&self, ws: WorkspaceId, name: &str) -> Result<Option<Connector>>;
    /// A connector by id (to re-read one, whatever it is called now).
    fn connector_by_id(&self, id: ConnectorId) -> Result<Option<Connector>>;
    /// A workspace's connectors, by name without regard to case.
    fn connectors(&self, ws: WorkspaceId) -> Result<Vec<Connector>>;
    /// A workspace's connectors with their connection counts, optionally of one provider.
    fn connector_summaries(&self, ws: WorkspaceId, provider: Option<&str>) -> Result<Vec<Summary>>;

    /// A connection by connector, app and user key (`""` for a shared connection).
    fn connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
    ) -> Result<Option<Connection>>;
    fn connection_by_id(&self, id: ConnectionId) -> Result<Option<Connection>>;
    /// The connectors of these ids that exist, in no particular order.
    fn connectors_by_ids(&self, ids: &[ConnectorId]) -> Result<Vec<Connector>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.connector_by_id(*id)?);
        }
        Ok(out)
    }
    /// The connections of these ids that exist (with their connector and app), in no
    /// particular order.
    fn connections_by_ids(&self, ids: &[ConnectionId]) -> Result<Vec<Connection>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.connection_by_id(*id)?);
        }
        Ok(out)
    }
    /// A workspace's connections, ordered by connector, app and user.
    fn connections(&self, ws: WorkspaceId, filter: ConnectionFilter<'_>)
    -> Result<Vec<Connection>>;
    /// Connection counts by status: of one connector when given, else of one app.
    fn connection_counts(
        &self,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
    ) -> Result<Vec<(String, i64)>>;
    /// Whether a connection of the connector other than `except` was made by `account`.
    fn account_in_use(
        &self,
        connector: ConnectorId,
        account: &str,
        except: ConnectionId,
    ) -> Result<bool>;
    /// Granted scopes of the active (or expired) connections of a connector.
    fn granted_scopes(&self, connector: ConnectorId) -> Result<Vec<(ConnectionId, Vec<String>)>>;
    /// Counts per connector and status across a workspace, as of `now`.
    fn status_counts(&self, ws: WorkspaceId, now: &str) -> Result<Vec<StatusCount>>;
    /// Connections worth a closer look by `doctor`: live ones and those with an error.
    fn connection_health(&self, ws: WorkspaceId) -> Result<Vec<ConnectionHealth>>;

    /// Provider definitions kept in the vault, by name.
    fn provider_definitions(&self) -> Result<Vec<StoredProvider>>;
    /// One provider definition kept in the vault, by name (without regard to case).
    fn provider_definition(&self, name: &str) -> Result<Option<StoredProvider>>;
    /// Every row that carries a MAC, for `vault verify` and for signing an older vault.
    fn signed_rows(&self) -> Result<Vec<SignedRow>>;
    /// Whether any row carries a MAC.
    fn any_row_mac(&self) -> Result<bool>;
    /// The engine's own consistency check: empty when it finds nothing wrong.
    fn integrity_check(&self) -> Result<Vec<String>>;

    /// The newest `limit` audit entries, optionally of one workspace (and the vault-wide
    /// ones), one target, or one action.
    fn audit(
        &self,
        workspace: Option<&str>,
        target: Option<&str>,
        action: Option<Action>,
        limit: u32,
    ) -> Result<Vec<Entry>>;

    /// Every sealed value of a column, as (row id, ciphertext).
    fn sealed_values(&self, column: SecretColumn) -> Result<Vec<(i64, Vec<u8>)>>;

    /// The pending authorization whose state has this SHA-256 (hex).
    fn pending_by_state(&self, state_hash: &str) -> Result<Option<PendingAuthorization>>;
    fn pending_by_id(&self, id: PendingId) -> Result<Option<PendingAuthorization>>;
    /// A workspace's pending authorizations that no callback used and that have not
    /// expired by `now`, optionally of one connector or app, oldest first.
    fn pending_waiting(
        &self,
        ws: WorkspaceId,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
        now: &str,
    ) -> Result<Vec<PendingAuthorization>>;
}

/// A pending authorization to insert (its sealed secrets are set once it has an id).
#[derive(Debug, Clone)]
pub struct NewPending<'a> {
    pub connector: ConnectorId,
    pub app: AppId,
    pub user: &'a str,
    pub redirect_uri: &'a str,
    pub state_hash: &'a str,
    pub scopes: &'a [String],
    pub origin: &'a str,
    pub created_at: &'a str,
    pub expires_at: &'a str,
}

/// Every change the program makes to storage. Only available inside [`Store::write`].
pub trait Write: Read {
    fn set_meta(&self, key: &str, value: &[u8]) -> Result<()>;
    fn delete_meta(&self, key: &str) -> Result<()>;

    fn insert_workspace(&self, name: &str, platform_domain: &str, now: &str)
    -> Result<WorkspaceId>;
    fn set_platform_domain(&self, ws: WorkspaceId, domain: &str, now: &str) -> Result<()>;

    fn insert_app(&self, ws: WorkspaceId, app: &AppFields<'_>, now: &str) -> Result<AppId>;
    fn update_app(&self, id: AppId, app: &AppFields<'_>, now: &str) -> Result<()>;
    /// Deletes an app and every connection made through it.
    fn delete_app(&self, id: AppId) -> Result<()>;

    fn insert_connector(
        &self,
        ws: WorkspaceId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<ConnectorId>;
    fn update_connector(&self, id: ConnectorId, c: &ConnectorFields<'_>, now: &str) -> Result<()>;
    /// Ids for `n` new connectors, never given before (inside the write transaction).
    fn reserve_connector_ids(&self, n: usize) -> Result<Vec<ConnectorId>>;
    /// Inserts connectors with their reserved ids and sealed secrets.
    fn insert_connectors(&self, ws: WorkspaceId, rows: &[NewRow<'_>], now: &str) -> Result<()>;
    /// Stores a sealed client secret and its keyed MAC.
    fn set_client_secret(&self, id: ConnectorId, sealed: &[u8], mac: &[u8]) -> Result<()>;
    /// Removes a connector's client secret and its MAC.
    fn clear_client_secret(&self, id: ConnectorId) -> Result<()>;
    /// Deletes a connector and every connection it has.
    fn delete_connector(&self, id: ConnectorId) -> Result<()>;

    /// The connection of (connector, app, user), created empty when there is none.
    fn ensure_connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        now: &str,
    ) -> Result<ConnectionId>;
    /// Replaces a connection's grant with a fresh consent's; the grant version moves on.
    fn store_consent(&self, id: ConnectionId, grant: &GrantFields<'_>) -> Result<()> {
        storable_grant(grant, |g| self.put_consent(id, g))
    }
    /// Writes a consent's grant as given (see [`Write::store_consent`]).
    fn put_consent(&self, id: ConnectionId, grant: &GrantFields<'_>) -> Result<()>;
    /// Stores a refresh's result only if the connection still holds grant version
    /// `expected`; the version moves on, and a `needs_reconnect` status set meanwhile (a
    /// scope change) stays, with its reason. Returns whether it was stored.
    fn store_refresh(
        &self,
        id: ConnectionId,
        expected: i64,
        grant: &GrantFields<'_>,
    ) -> Result<bool> {
        let Some(current) = self.connection_by_id(id)? else {
            return Ok(false);
        };
        let (status, reason) = match StoredStatus::parse(&current.stored_status) {
            StoredStatus::NeedsReconnect => (
                StoredStatus::NeedsReconnect,
                current.stored_reason.as_deref(),
            ),
            _ => (StoredStatus::Active, None),
        };
        storable_grant(grant, |g| self.put_refresh(id, expected, g, status, reason))
    }
    /// Marks a connection `needs_reconnect` if it still holds grant version `expected`
    /// (any version when `None`). Returns whether it was marked.
    fn mark_needs_reconnect(
        &self,
        id: ConnectionId,
        expected: Option<i64>,
        reason: &str,
        now: &str,
    ) -> Result<bool> {
        let reason = storable(reason);
        self.set_status(
            id,
            expected,
            StoredStatus::NeedsReconnect,
            Some(&reason),
            Some(&reason),
            now,
        )
    }
    /// Marks `needs_reconnect` every active connection of a connector whose granted
    /// scopes do not cover `scopes`; returns which.
    fn mark_uncovered(
        &self,
        connector: ConnectorId,
        scopes: &[String],
        now: &str,
    ) -> Result<Vec<ConnectionId>> {
        let mut marked = Vec::new();
        for (id, granted) in self.granted_scopes(connector)? {
            let missing: Vec<&str> = scopes
                .iter()
                .filter(|s| !granted.contains(s))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let reason = format!(
                    "the connector now asks for scopes not granted: {}",
                    missing.join(", ")
                );
                self.set_status(
                    id,
                    None,
                    StoredStatus::NeedsReconnect,
                    Some(&reason),
                    None,
                    now,
                )?;
                marked.push(id);
            }
        }
        Ok(marked)
    }
    /// Writes a refresh's tokens with the status and reason given, only if the connection
    /// still holds grant version `expected`; the version moves on. (The policy is
    /// [`Write::store_refresh`]'s.)
    fn put_refresh(
        &self,
        id: ConnectionId,
        expected: i64,
        grant: &GrantFields<'_>,
        status: StoredStatus,
        reason: Option<&str>,
    ) -> Result<bool>;
    /// Sets a connection's stored status and reason if it still holds grant version
    /// `expected` (any version when `None`); `last_error` replaces the note for people when
    /// given. Returns whether it was set.
    fn set_status(
        &self,
        id: ConnectionId,
        expected: Option<i64>,
        status: StoredStatus,
        reason: Option<&str>,
        last_error: Option<&str>,
        now: &str,
    ) -> Result<bool>;
    /// Sets (`Some(time)`) or clears (`None`) the note that a refresh of the connection
    /// was started and its result is not stored yet, if it still holds grant version
    /// `expected`. Returns whether it was set.
    fn set_refresh_started(
        &self,
        id: ConnectionId,
        expected: i64,
        at: Option<&str>,
    ) -> Result<bool>;
    /// Notes a provider's words on a connection (kept as both engines can keep them).
    fn set_last_error(&self, id: ConnectionId, error: &str, now: &str) -> Result<()> {
        self.put_last_error(id, &storable(error), now)
    }
    fn put_last_error(&self, id: ConnectionId, error: &str, now: &str) -> Result<()>;
    /// Inserts a connection as an archive holds it, without tokens.
    fn insert_connection_record(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        record: &ConnectionRecord<'_>,
    ) -> Result<ConnectionId>;
    /// Replaces everything a connection holds by an archive's record, tokens cleared (to
    /// be sealed to the row next); the grant version moves on.
    fn replace_connection_record(
        &self,
        id: ConnectionId,
        record: &ConnectionRecord<'_>,
    ) -> Result<()>;
    /// Sets a row's creation and change times (a restore keeps them).
    fn set_times(&self, row: Dated, created_at: &str, updated_at: &str) -> Result<()>;
    fn delete_connection(&self, id: ConnectionId) -> Result<()>;

    /// Stores (or replaces) a provider definition.
    fn put_provider(&self, name: &str, definition: &str, now: &str) -> Result<()>;
    /// Returns whether there was one.
    fn delete_provider(&self, name: &str) -> Result<bool>;

    fn append_audit(&self, entry: &NewEntry<'_>) -> Result<()>;

    /// Stores the MAC of a row.
    fn set_row_mac(&self, row: &SignedRow, mac: &[u8]) -> Result<()>;
    /// Stores the MACs of many rows.
    fn set_row_macs(&self, macs: &[(SignedRow, Vec<u8>)]) -> Result<()> {
        for (row, mac) in macs {
            self.set_row_mac(row, mac)?;
        }
        Ok(())
    }

    /// Replaces one sealed value (rekey).
    fn set_sealed_value(&self, column: SecretColumn, row: i64, sealed: &[u8]) -> Result<()>;

    fn insert_pending(&self, p: &NewPending<'_>) -> Result<PendingId>;
    /// Marks a pending authorization used at `now` if no callback used it before; returns
    /// whether this call did (a pending authorization is used at most once).
    fn use_pending(&self, id: PendingId, now: &str) -> Result<bool>;
    /// Removes the pending authorizations that expired before `before`; returns how many.
    fn sweep_pending(&self, before: &str) -> Result<u64>;
}

/// A held cross-process lock; released on drop, or when the process dies.
pub struct LockGuard {
    held: Box<dyn Held>,
}

/// What holds a lock: an open lock file (held until it is closed), or a PostgreSQL session
/// (lost when the server ends it).
pub trait Held {
    /// Whether the lock is held still: asked of the server for a PostgreSQL lock.
    fn still_held(&self) -> bool;
}

impl Held for std::fs::File {
    fn still_held(&self) -> bool {
        true
    }
}

impl LockGuard {
    pub fn new(held: impl Held + 'static) -> LockGuard {
        LockGuard {
            held: Box::new(held),
        }
    }

    /// Fails with `lock_lost` when the lock is no longer held (the database connection
    /// that held it was closed): what it guards must not go on.
    pub fn check(&self, what: &str) -> crate::error::Result<()> {
        if self.held.still_held() {
            return Ok(());
        }
        Err(crate::error::Error::with(
            crate::error::code::LOCK_LOST,
            format!(
                "the lock of {what} was lost (the database connection that held it was closed), so another process may be changing it; this one stopped"
            ),
        )
        .hint("run the command again"))
    }
}

/// What a cross-process lock guards. Every change to a grant takes its connector's and
/// its app's locks shared, then its connection's lock exclusive (always in that order);
/// removing a connector or an app takes that one lock exclusive, so it waits for every
/// grant change under it, and none starts while it runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum LockName<'a> {
    Connector(ConnectorId),
    App(AppId),
    /// A connection by its identity (which exists before its row does).
    Connection(ConnectorId, AppId, &'a str),
    /// `vault rekey`: one at a time, so that no rekey touches another's staged key.
    Rekey,
}

impl LockName<'_> {
    /// A file-name-safe name; the user key enters only as a hash.
    pub fn key(&self) -> String {
        match self {
            LockName::Rekey => "rekey".into(),
            LockName::Connector(c) => format!("connector-{c}"),
            LockName::App(a) => format!("app-{a}"),
            LockName::Connection(c, a, user) => {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(user.as_bytes());
                let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
                format!("connection-{c}-{a}-{hex}")
            }
        }
    }

    /// For messages.
    pub fn describe(&self) -> String {
        match self {
            LockName::Rekey => "the vault's rekey".into(),
            LockName::Connector(_) => "a connector".into(),
            LockName::App(_) => "an app".into(),
            LockName::Connection(..) => "a connection".into(),
        }
    }
}

/// The error of a lock that another process held for longer than `timeout`.
pub fn lock_timeout(what: &str, timeout: Duration) -> crate::error::Error {
    crate::error::Error::with(
        crate::error::code::LOCK_TIMEOUT,
        format!(
            "another connectors process held the lock of {what} for over {}s",
            timeout.as_secs()
        ),
    )
    .hint("wait for it to finish (a refresh waiting on a slow provider), then try again")
}

/// Another `vault copy` into the same place is under way.
pub fn copy_in_progress(location: &Location) -> crate::error::Error {
    crate::error::Error::with(
        crate::error::code::COPY_IN_PROGRESS,
        format!("another `connectors vault copy` into {location} is under way"),
    )
    .hint(
        "wait for it to finish, then look at the target with `connectors vault status --vault ...`",
    )
}

/// A store that was to be discarded as an interrupted copy finished meanwhile.
pub fn not_incomplete(location: &Location) -> crate::error::Error {
    crate::error::Error::with(crate::error::code::VAULT_EXISTS,
        format!(
            "the vault at {location} was finished by another process meanwhile; it was left untouched"
        ),
    )
    .hint("name an empty database or a new file with --to")
}

/// A vault whose schema is newer than this program knows (either engine).
/// What opening a store does with an older schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upgrade {
    /// Migrates it (every command that may write).
    Migrate,
    /// Refuses it with `vault_outdated` (`vault verify`, `import --dry-run`: they change
    /// nothing, not even the schema).
    Refuse,
}

fn older_schema(version: i64, latest: i64) -> crate::error::Error {
    crate::error::Error::with(crate::error::code::VAULT_OUTDATED,
        format!(
            "this vault has schema version {version}, older than this connectors' ({latest}), and this command changes nothing, not even the schema"
        ),
    )
    .hint("run any command that may write, such as `connectors vault status`, to upgrade it first")
}

fn newer_schema(version: i64, latest: i64) -> crate::error::Error {
    crate::error::Error::with(crate::error::code::VAULT_TOO_NEW,
        format!(
            "this vault has schema version {version}, newer than this connectors understands ({latest})"
        ),
    )
    .hint("upgrade connectors to the version that last wrote this vault")
}

enum Engine {
    Sqlite(sqlite::Sqlite),
    Postgres(Box<postgres::Postgres>),
}

/// An open store.
pub struct Store {
    engine: Engine,
    location: Location,
}

impl Store {
    /// Opens an existing store at `location`, migrating its schema when it is older.
    pub fn open(location: &Location) -> Result<Store> {
        Store::open_with(location, Upgrade::Migrate)
    }

    /// Opens an existing store at `location`; an older schema is migrated or, for a
    /// command that must change nothing, refused.
    pub fn open_with(location: &Location, upgrade: Upgrade) -> Result<Store> {
        let engine = match location {
            Location::File(path) => Engine::Sqlite(sqlite::Sqlite::open(path, upgrade)?),
            Location::Postgres(target) => {
                Engine::Postgres(Box::new(postgres::Postgres::open(target, upgrade)?))
            }
        };
        Ok(Store {
            engine,
            location: location.clone(),
        })
    }

    /// Creates a store at `location`, its schema and what `fill` writes in one
    /// transaction; refused when one is there already.
    pub fn create(
        location: &Location,
        tag: &str,
        fill: impl FnOnce(&dyn Write) -> Result<()>,
    ) -> Result<()> {
        match location {
            Location::File(path) => sqlite::create(path, tag, fill),
            Location::Postgres(target) => postgres::create(target, fill),
        }
    }

    /// Takes the lock a `vault copy` into `location` holds for its whole run (see
    /// [`sqlite::copy_lock`], [`postgres::copy_lock`]); refused at once when it is held.
    pub fn copy_lock(location: &Location) -> Result<LockGuard> {
        match location {
            Location::File(path) => sqlite::copy_lock(path),
            Location::Postgres(target) => postgres::copy_lock(target),
        }
    }

    /// Removes the vault at `location` whole: the file (with its WAL and shared-memory
    /// files), or every table of the vault's schema. Only for an interrupted copy, which
    /// the caller has checked it is.
    pub fn discard(location: &Location, mark: &str) -> Result<()> {
        match location {
            Location::File(path) => {
                // Looked at again just before: only a store that still has the mark goes.
                let marked = Store::open(location)?.read().meta(mark)?.is_some();
                if !marked {
                    return Err(not_incomplete(location));
                }
                sqlite::discard(path)
            }
            Location::Postgres(target) => postgres::discard(target, mark),
        }
    }

    /// Why the store is open for reading only (a SQLite vault on a full disk), which
    /// every write answers; `None` normally.
    pub fn reading_only(&self) -> Option<&crate::error::Error> {
        match &self.engine {
            Engine::Sqlite(e) => e.reading_only(),
            Engine::Postgres(_) => None,
        }
    }

    /// Reads outside any write transaction.
    pub fn read(&self) -> &dyn Read {
        match &self.engine {
            Engine::Sqlite(e) => e.read(),
            Engine::Postgres(e) => e.read(),
        }
    }

    /// Runs `f` over one consistent snapshot of the store, without blocking writers.
    pub fn snapshot<T>(&self, f: impl FnOnce(&dyn Read) -> Result<T>) -> Result<T> {
        match &self.engine {
            Engine::Sqlite(e) => e.snapshot(f),
            Engine::Postgres(e) => e.snapshot(f),
        }
    }

    /// Runs `f` in one write transaction that takes the write lock first, and commits
    /// only when `f` succeeds. `f` may run more than once (PostgreSQL runs a transaction
    /// again after a serialization failure): it must not change anything outside it.
    pub fn write<T>(&self, f: impl FnMut(&dyn Write) -> Result<T>) -> Result<T> {
        match &self.engine {
            Engine::Sqlite(e) => e.write(f),
            Engine::Postgres(e) => e.write(f),
        }
    }

    /// Opens the connection again after it was lost (see [`postgres::Postgres::reconnect`]).
    pub fn reconnect(&self) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(_) => Ok(()),
            Engine::Postgres(e) => e.reconnect(),
        }
    }

    /// Where the store is, for messages.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The engine's name and version, for `vault status`.
    pub fn engine(&self) -> String {
        match &self.engine {
            Engine::Sqlite(e) => e.describe(),
            Engine::Postgres(e) => e.describe(),
        }
    }

    /// The newest schema version this program knows for the store's engine.
    pub fn latest_schema(&self) -> i64 {
        match &self.engine {
            Engine::Sqlite(_) => sqlite::LATEST,
            Engine::Postgres(_) => postgres::LATEST,
        }
    }

    /// Takes a lock shared by every process that opens this vault (however its location
    /// is spelled, on whichever host), waiting up to `timeout`.
    pub fn lock(
        &self,
        vault_id: &str,
        name: &LockName<'_>,
        exclusive: bool,
        timeout: Duration,
    ) -> Result<LockGuard> {
        match &self.engine {
            Engine::Sqlite(e) => e.lock(vault_id, name, exclusive, timeout),
            Engine::Postgres(e) => e.lock(vault_id, name, exclusive, timeout),
        }
    }
}
