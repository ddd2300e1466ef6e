//! Connections and their tokens: one per connector × app × app user (per-user mode), or
//! per connector × app (shared mode, stored with an empty user). Tokens are sealed to
//! their row and column like every secret.
//!
//! Refreshing follows the lessons of DESIGN.md: a per-connection cross-process lock, a
//! re-read under the lock, a refresh only if still needed, the rotated refresh token
//! committed in the same transaction, and on `invalid_grant` a re-read before marking
//! `needs_reconnect`. Nothing here prints or logs a token.

use std::time::{Duration, SystemTime};

use rusqlite::{Connection as Db, OptionalExtension, params};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::app::App;
use crate::connector::{Connector, Mode};
use crate::error::{Error, Result};
use crate::oauth::{self, Credentials, TokenSet};
use crate::provider::Provider;
use crate::troubleshoot;
use crate::vault::Vault;

pub const TABLE: &str = "connections";
/// A token this close to its expiry is refreshed before use.
pub const EXPIRY_SKEW: Duration = Duration::from_secs(60);
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    /// Stored as active, but the access token has expired (a refresh can renew it).
    Expired,
    NeedsReconnect,
    Revoked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Expired => "expired",
            Status::NeedsReconnect => "needs_reconnect",
            Status::Revoked => "revoked",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Connection {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub connector_id: i64,
    #[serde(skip)]
    pub app_id: i64,
    pub connector: String,
    pub app: String,
    /// The app user; `None` for a shared connection.
    pub user: Option<String>,
    pub status: Status,
    pub status_reason: Option<String>,
    pub account: Option<String>,
    pub granted_scopes: Vec<String>,
    pub token_type: Option<String>,
    pub expires_at: Option<String>,
    pub has_refresh_token: bool,
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub refreshed_at: Option<String>,
    #[serde(skip)]
    access_ct: Option<Vec<u8>>,
    #[serde(skip)]
    refresh_ct: Option<Vec<u8>>,
}

const SELECT: &str = "SELECT x.id, x.connector_id, x.app_id, c.name, a.name, x.app_user, x.status, x.status_reason, x.account,
        x.granted_scopes, x.token_type, x.expires_at, x.last_error, x.created_at, x.updated_at, x.refreshed_at,
        x.access_token, x.refresh_token
     FROM connections x JOIN connectors c ON c.id = x.connector_id JOIN apps a ON a.id = x.app_id";

fn parse_time(s: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339(s).ok()
}

pub fn time_string(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Connection> {
    let stored: String = r.get(6)?;
    let expires_at: Option<String> = r.get(11)?;
    let refresh_ct: Option<Vec<u8>> = r.get(17)?;
    let status = match stored.as_str() {
        "needs_reconnect" => Status::NeedsReconnect,
        "revoked" => Status::Revoked,
        _ => match expires_at.as_deref().and_then(parse_time) {
            Some(t) if t <= SystemTime::now() => Status::Expired,
            _ => Status::Active,
        },
    };
    let user: String = r.get(5)?;
    Ok(Connection {
        id: r.get(0)?,
        connector_id: r.get(1)?,
        app_id: r.get(2)?,
        connector: r.get(3)?,
        app: r.get(4)?,
        user: if user.is_empty() { None } else { Some(user) },
        status,
        status_reason: r.get(7)?,
        account: r.get(8)?,
        granted_scopes: r.get::<_, String>(9)?.lines().map(String::from).collect(),
        token_type: r.get(10)?,
        expires_at,
        has_refresh_token: refresh_ct.is_some(),
        last_error: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        refreshed_at: r.get(15)?,
        access_ct: r.get(16)?,
        refresh_ct,
    })
}

impl Connection {
    /// Whether the access token must be refreshed before use.
    pub fn is_stale(&self) -> bool {
        match self.expires_at.as_deref().and_then(parse_time) {
            Some(t) => t <= SystemTime::now() + EXPIRY_SKEW,
            None => false,
        }
    }

    /// The connector's scopes this connection was not granted.
    pub fn missing_scopes<'a>(&self, required: &'a [String]) -> Vec<&'a str> {
        required
            .iter()
            .filter(|s| !self.granted_scopes.contains(s))
            .map(String::as_str)
            .collect()
    }

    pub fn who(&self) -> String {
        match &self.user {
            Some(u) => format!("user '{u}' of app '{}'", self.app),
            None => format!("app '{}' (shared)", self.app),
        }
    }
}

/// Checks the `--user` given against the connector's mode and returns the stored user key.
pub fn user_key(connector: &Connector, user: Option<&str>) -> Result<String> {
    match (connector.mode, user) {
        (Mode::PerUser, Some(u)) => {
            let u = u.trim();
            if u.is_empty() || u.len() > 256 || u.chars().any(char::is_control) {
                return Err(Error::usage("bad_user", "the user ID is empty, too long, or contains control characters")
                    .hint("pass the app's own ID for the person, such as --user 42 or --user ada@example.com"));
            }
            Ok(u.to_string())
        }
        (Mode::PerUser, None) => Err(Error::usage(
            "user_required",
            format!("connector '{}' is per-user: each person using an app connects their own account, so say whose connection this is", connector.name),
        )
        .hint("add --user USER_ID (the app's ID for that person); shared connectors, where one account serves everyone in an app, take no --user")),
        (Mode::Shared, None) => Ok(String::new()),
        (Mode::Shared, Some(_)) => Err(Error::usage(
            "user_not_allowed",
            format!("connector '{}' is shared: one account powers the feature for everyone in an app, so there is no per-user connection", connector.name),
        )
        .hint("drop --user; per-user connectors are the ones where each person connects their own account")),
    }
}

pub fn find(
    db: &Db,
    connector: &Connector,
    app: &App,
    user_key: &str,
) -> Result<Option<Connection>> {
    Ok(db
        .query_row(
            &format!("{SELECT} WHERE x.connector_id = ?1 AND x.app_id = ?2 AND x.app_user = ?3"),
            params![connector.id, app.id, user_key],
            row,
        )
        .optional()?)
}

fn by_id(db: &Db, id: i64) -> Result<Option<Connection>> {
    Ok(db
        .query_row(&format!("{SELECT} WHERE x.id = ?1"), params![id], row)
        .optional()?)
}

/// Finds a connection or says how to make it.
pub fn require(db: &Db, connector: &Connector, app: &App, user_key: &str) -> Result<Connection> {
    find(db, connector, app, user_key)?.ok_or_else(|| {
        let (who, user_flag) = if user_key.is_empty() {
            (format!("app '{}'", app.name), String::new())
        } else {
            (
                format!("user '{user_key}' of app '{}'", app.name),
                format!(" --user {user_key}"),
            )
        };
        Error::usage(
            "no_connection",
            format!("connector '{}' has no connection for {who}", connector.name),
        )
        .hint(format!(
            "connect first: connectors connect \"{}\" --app {}{user_flag}",
            connector.name, app.name
        ))
    })
}

#[derive(Default)]
pub struct Filter<'a> {
    pub connector: Option<&'a Connector>,
    pub app: Option<&'a App>,
    pub user: Option<&'a str>,
}

pub fn list(db: &Db, workspace_id: i64, f: &Filter<'_>) -> Result<Vec<Connection>> {
    let mut stmt = db.prepare(&format!(
        "{SELECT} WHERE c.workspace_id = ?1 AND (?2 IS NULL OR x.connector_id = ?2) AND (?3 IS NULL OR x.app_id = ?3)
           AND (?4 IS NULL OR x.app_user = ?4)
         ORDER BY c.name COLLATE NOCASE, a.name, x.app_user"
    ))?;
    let rows = stmt.query_map(
        params![
            workspace_id,
            f.connector.map(|c| c.id),
            f.app.map(|a| a.id),
            f.user
        ],
        row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn expiry(tokens: &TokenSet) -> Option<String> {
    tokens
        .expires_in
        .map(|s| time_string(SystemTime::now() + Duration::from_secs(s)))
}

/// What one consent produced.
pub struct Consent<'a> {
    pub tokens: &'a TokenSet,
    pub granted: &'a [String],
    pub account: Option<&'a str>,
}

/// Stores a fresh consent's tokens in one transaction (a new or reconnected connection).
pub fn save_consent(
    vault: &Vault,
    workspace: &str,
    connector: &Connector,
    app: &App,
    user_key: &str,
    consent: &Consent<'_>,
) -> Result<Connection> {
    let Consent {
        tokens,
        granted,
        account,
    } = *consent;
    vault.write(|tx| {
        let now = crate::time::now();
        tx.execute(
            "INSERT INTO connections (connector_id, app_id, app_user, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'active', ?4, ?4)
             ON CONFLICT (connector_id, app_id, app_user) DO NOTHING",
            params![connector.id, app.id, user_key, now],
        )?;
        let id: i64 = tx.query_row(
            "SELECT id FROM connections WHERE connector_id = ?1 AND app_id = ?2 AND app_user = ?3",
            params![connector.id, app.id, user_key],
            |r| r.get(0),
        )?;
        let seal = |column: &str, s: &SecretString| vault.seal(TABLE, column, id, s.expose_secret().as_bytes());
        let access = seal("access_token", &tokens.access_token)?;
        let refresh = tokens.refresh_token.as_ref().map(|t| seal("refresh_token", t)).transpose()?;
        let id_token = tokens.id_token.as_ref().map(|t| seal("id_token", t)).transpose()?;
        tx.execute(
            "UPDATE connections SET status = 'active', status_reason = NULL, access_token = ?1, refresh_token = ?2, id_token = ?3,
                    token_type = ?4, expires_at = ?5, granted_scopes = ?6, account = ?7, last_error = NULL,
                    updated_at = ?8, refreshed_at = ?8
             WHERE id = ?9",
            params![access, refresh, id_token, tokens.token_type, expiry(tokens), granted.join("\n"), account, now, id],
        )?;
        crate::audit::record(
            tx,
            Some(workspace),
            "connection.connect",
            "connector",
            &connector.name,
            serde_json::json!({"app": app.name, "user": user_key, "account": account, "granted_scopes": granted}),
        )?;
        by_id(tx, id)?.ok_or_else(crate::error::corrupt_vault)
    })
}

/// Records a provider's refusal on a connection, when there is one, and in the audit log
/// (so that `doctor` can show who was refused and why).
pub fn record_failure(
    vault: &Vault,
    connector: &Connector,
    app: &App,
    user_key: &str,
    error: &oauth::ProviderError,
    workspace: &str,
) -> Result<()> {
    vault.write(|tx| {
        tx.execute(
            "UPDATE connections SET last_error = ?1, updated_at = ?2 WHERE connector_id = ?3 AND app_id = ?4 AND app_user = ?5",
            params![error.words(), crate::time::now(), connector.id, app.id, user_key],
        )?;
        crate::audit::record(
            tx,
            Some(workspace),
            "connection.refused",
            "connector",
            &connector.name,
            serde_json::json!({"app": app.name, "user": user_key, "error": error.error, "error_description": error.description,
                               "topic": error.topic().map(|t| t.code)}),
        )
    })
}

/// A usable access token and the connection it came from.
pub struct Token {
    pub connection: Connection,
    pub access_token: SecretString,
    pub refreshed: bool,
}

pub fn needs_reconnect_error(c: &Connection, connector: &Connector) -> Error {
    let user = c
        .user
        .as_deref()
        .map(|u| format!(" --user {u}"))
        .unwrap_or_default();
    Error::problem(
        troubleshoot::NEEDS_RECONNECT.code,
        format!(
            "the connection of {} to '{}' needs to be connected again: {}",
            c.who(),
            connector.name,
            c.status_reason
                .as_deref()
                .unwrap_or("no reason was recorded")
        ),
    )
    .hint(format!(
        "run `connectors connect \"{}\" --app {}{user}`",
        connector.name, c.app
    ))
}

fn reveal(
    vault: &Vault,
    c: &Connection,
    column: &str,
    ct: &Option<Vec<u8>>,
) -> Result<Option<SecretString>> {
    ct.as_deref()
        .map(|ct| vault.reveal(TABLE, column, c.id, ct))
        .transpose()
}

/// Returns a valid access token, refreshing it first when it is expired or about to be
/// (or always, with `force`).
pub fn access_token(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    c: Connection,
    force: bool,
) -> Result<Token> {
    match c.status {
        Status::NeedsReconnect => return Err(needs_reconnect_error(&c, connector)),
        Status::Revoked => {
            return Err(Error::problem(
                "revoked",
                format!(
                    "the connection of {} to '{}' was revoked",
                    c.who(),
                    connector.name
                ),
            )
            .hint(format!(
                "connect again with `connectors connect \"{}\" --app {}`",
                connector.name, c.app
            )));
        }
        _ => {}
    }
    if !force && !c.is_stale() {
        let token = reveal(vault, &c, "access_token", &c.access_ct)?
            .ok_or_else(crate::error::corrupt_vault)?;
        return Ok(Token {
            connection: c,
            access_token: token,
            refreshed: false,
        });
    }
    refresh(vault, provider, connector, c, force)
}

fn refresh(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    seen: Connection,
    force: bool,
) -> Result<Token> {
    let _guard = crate::lock::acquire(
        vault.path(),
        &format!("{}-connection-{}", vault.meta().vault_id, seen.id),
        LOCK_TIMEOUT,
    )?;
    // Re-read under the lock: another process may have refreshed while we waited.
    let current = by_id(vault.conn(), seen.id)?.ok_or_else(|| {
        Error::usage(
            "no_connection",
            format!("the connection of {} was removed while waiting", seen.who()),
        )
    })?;
    if current.status == Status::NeedsReconnect {
        return Err(needs_reconnect_error(&current, connector));
    }
    let someone_else_refreshed = current.refreshed_at != seen.refreshed_at;
    if (someone_else_refreshed || !force) && !current.is_stale() {
        let token = reveal(vault, &current, "access_token", &current.access_ct)?
            .ok_or_else(crate::error::corrupt_vault)?;
        return Ok(Token {
            connection: current,
            access_token: token,
            refreshed: false,
        });
    }
    let Some(refresh_token) = reveal(vault, &current, "refresh_token", &current.refresh_ct)? else {
        let reason =
            "the access token expired and the provider issued no refresh token".to_string();
        mark_needs_reconnect(vault, current.id, &reason)?;
        let mut c = current;
        c.status_reason = Some(reason);
        return Err(needs_reconnect_error(&c, connector));
    };
    let secret = crate::connector::secret(vault, connector)?;
    let creds = Credentials {
        client_id: &connector.client_id,
        client_secret: &secret,
    };
    let per_user = connector.mode == Mode::PerUser;
    match oauth::refresh(provider, &creds, per_user, &refresh_token) {
        Ok(tokens) => {
            let updated = vault.write(|tx| {
                let now = crate::time::now();
                let seal = |column: &str, s: &SecretString| vault.seal(TABLE, column, current.id, s.expose_secret().as_bytes());
                let access = seal("access_token", &tokens.access_token)?;
                // A rotated refresh token replaces the old one in the same transaction.
                let rotated = tokens.refresh_token.as_ref().map(|t| seal("refresh_token", t)).transpose()?;
                let id_token = tokens.id_token.as_ref().map(|t| seal("id_token", t)).transpose()?;
                let granted = tokens.scopes.as_ref().map(|s| s.join("\n"));
                tx.execute(
                    "UPDATE connections SET status = 'active', status_reason = NULL, access_token = ?1,
                            refresh_token = coalesce(?2, refresh_token), id_token = coalesce(?3, id_token),
                            token_type = coalesce(?4, token_type), expires_at = ?5,
                            granted_scopes = coalesce(?6, granted_scopes), last_error = NULL,
                            updated_at = ?7, refreshed_at = ?7
                     WHERE id = ?8",
                    params![access, rotated, id_token, tokens.token_type, expiry(&tokens), granted, now, current.id],
                )?;
                by_id(tx, current.id)?.ok_or_else(crate::error::corrupt_vault)
            })?;
            Ok(Token {
                connection: updated,
                access_token: tokens.access_token,
                refreshed: true,
            })
        }
        Err(failure) if failure.is_invalid_grant() => {
            // Re-read before marking: if the refresh token changed, another process
            // rotated it, and the connection is fine.
            let again = by_id(vault.conn(), current.id)?.ok_or_else(crate::error::corrupt_vault)?;
            if again.refresh_ct != current.refresh_ct && !again.is_stale() {
                let token = reveal(vault, &again, "access_token", &again.access_ct)?
                    .ok_or_else(crate::error::corrupt_vault)?;
                return Ok(Token {
                    connection: again,
                    access_token: token,
                    refreshed: false,
                });
            }
            let reason = match &failure {
                oauth::Failure::Provider(p) => {
                    format!("the provider refused the refresh token ({})", p.words())
                }
                oauth::Failure::Transport(t) => t.clone(),
            };
            mark_needs_reconnect(vault, current.id, &reason)?;
            let mut c = again;
            c.status = Status::NeedsReconnect;
            c.status_reason = Some(reason);
            Err(needs_reconnect_error(&c, connector))
        }
        Err(failure) => {
            let err =
                failure.to_error(&format!("refreshing the token of {} failed", current.who()));
            vault.write(|tx| {
                tx.execute(
                    "UPDATE connections SET last_error = ?1, updated_at = ?2 WHERE id = ?3",
                    params![err.message, crate::time::now(), current.id],
                )?;
                Ok(())
            })?;
            Err(err)
        }
    }
}

pub fn mark_needs_reconnect(vault: &Vault, id: i64, reason: &str) -> Result<()> {
    vault.write(|tx| {
        tx.execute(
            "UPDATE connections SET status = 'needs_reconnect', status_reason = ?1, last_error = ?1, updated_at = ?2 WHERE id = ?3",
            params![reason, crate::time::now(), id],
        )?;
        Ok(())
    })
}

/// The result of a disconnect: the tokens are gone; revocation may have failed.
pub struct Disconnected {
    pub revoked: bool,
    pub revocation_error: Option<Error>,
}

/// Revokes at the provider (when it has a revocation endpoint), then deletes the
/// connection and its tokens, even when revocation failed.
pub fn disconnect(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    c: &Connection,
    workspace: &str,
) -> Result<Disconnected> {
    let access = reveal(vault, c, "access_token", &c.access_ct)?;
    let refresh = reveal(vault, c, "refresh_token", &c.refresh_ct)?;
    let (revoked, revocation_error) = if provider.revocation_url.is_none() {
        (false, None)
    } else {
        let secret = crate::connector::secret(vault, connector)?;
        let creds = Credentials {
            client_id: &connector.client_id,
            client_secret: &secret,
        };
        match oauth::revoke(provider, &creds, access.as_ref(), refresh.as_ref()) {
            Ok(()) => (true, None),
            Err(f) => (
                false,
                Some(f.to_error(&format!(
                    "revoking the tokens of {} at {} failed",
                    c.who(),
                    provider.display_name
                ))),
            ),
        }
    };
    vault.write(|tx| {
        tx.execute("DELETE FROM connections WHERE id = ?1", params![c.id])?;
        crate::audit::record(
            tx,
            Some(workspace),
            "connection.disconnect",
            "connector",
            &connector.name,
            serde_json::json!({"app": c.app, "user": c.user, "revoked": revoked, "revocation_error": revocation_error.as_ref().map(|e| e.code)}),
        )
    })?;
    Ok(Disconnected {
        revoked,
        revocation_error,
    })
}
