//! Connections and their tokens: one per connector × app × app user (per-user mode), or
//! per connector × app (shared mode, stored with an empty user). Tokens are sealed to
//! their row and column like every secret.
//!
//! A grant changes only under its connection's lock (with its connector's and app's
//! locks held shared, so that removing either waits), in every path: a consent's save, a
//! refresh, a disconnect. A refresh re-reads under the lock, refreshes only if still
//! needed, and stores its result only if the connection still holds the grant version it
//! started from; otherwise it keeps the newer grant and revokes what it obtained. A
//! reconnect as another account revokes the grant it replaced. On `invalid_grant` the
//! connection is marked `needs_reconnect` only if its grant did not change meanwhile.
//! Nothing here prints or logs a token.

use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};

use crate::app::App;
use crate::audit::Action;
use crate::connector::{Connector, Mode};
use crate::error::{Error, Result};
use crate::expiry;
use crate::oauth::{self, Credentials, TokenSet};
use crate::provider::Provider;
use crate::store::{
    AppId, ConnectionFilter, ConnectorId, GrantFields, LockGuard, LockName, Read, SecretColumn,
    WorkspaceId,
};
use crate::vault::Vault;

pub use crate::model::connection::time_string;
pub use crate::model::{Connection, Status};

/// How long a grant change waits for another process's (a refresh on a slow provider).
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// Checks the `--user` given against the connector's mode and returns the stored user key.
pub fn user_key(connector: &Connector, user: Option<&str>) -> Result<String> {
    match (connector.mode, user) {
        (Mode::PerUser, Some(u)) => {
            let u = u.trim();
            if u.is_empty() || u.len() > 256 || u.chars().any(char::is_control) {
                return Err(Error::with(crate::error::code::BAD_USER, "the user ID is empty, too long, or contains control characters")
                    .hint("pass the app's own ID for the person, such as --user 42 or --user ada@example.com"));
            }
            Ok(u.to_string())
        }
        (Mode::PerUser, None) => Err(Error::with(crate::error::code::USER_REQUIRED,
            format!("connector '{}' is per-user: each person using an app connects their own account, so say whose connection this is", connector.name),
        )
        .hint("add --user USER_ID (the app's ID for that person); shared connectors, where one account serves everyone in an app, take no --user")),
        (Mode::Shared, None) => Ok(String::new()),
        (Mode::Shared, Some(_)) => Err(Error::with(crate::error::code::USER_NOT_ALLOWED,
            format!("connector '{}' is shared: one account powers the feature for everyone in an app, so there is no per-user connection", connector.name),
        )
        .hint("drop --user; per-user connectors are the ones where each person connects their own account")),
    }
}

pub fn find(
    db: &dyn Read,
    connector: &Connector,
    app: &App,
    user_key: &str,
) -> Result<Option<Connection>> {
    db.connection(connector.id, app.id, user_key)
}

/// Finds a connection or says how to make it.
pub fn require(
    db: &dyn Read,
    connector: &Connector,
    app: &App,
    user_key: &str,
) -> Result<Connection> {
    find(db, connector, app, user_key)?.ok_or_else(|| {
        let (who, user_flag) = if user_key.is_empty() {
            (format!("app '{}'", app.name), String::new())
        } else {
            (
                format!("user '{user_key}' of app '{}'", app.name),
                format!(" --user {user_key}"),
            )
        };
        Error::with(
            crate::error::code::NO_CONNECTION,
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

pub fn list(db: &dyn Read, ws: WorkspaceId, f: &Filter<'_>) -> Result<Vec<Connection>> {
    db.connections(
        ws,
        ConnectionFilter {
            connector: f.connector.map(|c| c.id),
            app: f.app.map(|a| a.id),
            user: f.user,
        },
    )
}

/// The locks a grant change holds: its connector's and app's shared, its own exclusive.
pub struct GrantLock {
    held: [LockGuard; 3],
}

impl GrantLock {
    /// Fails with `lock_lost` when the connection's own lock is gone (on PostgreSQL, the
    /// session that held it was ended): another process may be refreshing the same grant.
    pub fn check(&self, who: &str) -> Result<()> {
        self.held[2].check(who)
    }
}

/// Takes the locks of the connection (connector, app, user), waiting for another
/// process's grant change, or for the removal of its connector or app, to finish.
pub fn lock(
    vault: &Vault,
    connector: ConnectorId,
    app: AppId,
    user_key: &str,
) -> Result<GrantLock> {
    let c = vault.lock(&LockName::Connector(connector), false, LOCK_TIMEOUT)?;
    let a = vault.lock(&LockName::App(app), false, LOCK_TIMEOUT)?;
    let x = vault.lock(
        &LockName::Connection(connector, app, user_key),
        true,
        LOCK_TIMEOUT,
    )?;
    Ok(GrantLock { held: [c, a, x] })
}

/// Takes the locks that removing connectors and apps needs (each exclusive, connectors
/// first, each kind in id order, like every other taker), so that no grant of theirs is
/// being changed while they go.
pub fn lock_removal(
    vault: &Vault,
    connectors: &[ConnectorId],
    apps: &[AppId],
) -> Result<Vec<LockGuard>> {
    let mut names: Vec<LockName<'_>> = connectors.iter().map(|c| LockName::Connector(*c)).collect();
    names.extend(apps.iter().map(|a| LockName::App(*a)));
    names.sort();
    names.dedup();
    names
        .iter()
        .map(|n| vault.lock(n, true, LOCK_TIMEOUT))
        .collect()
}

/// The expiry to record for a token response, as RFC 3339.
fn expiry_of(tokens: &TokenSet, previous: Option<Duration>, refreshable: bool) -> Option<String> {
    expiry::lifetime(tokens.expires_in, previous, refreshable)
        .map(|l| time_string(expiry::expires_at(SystemTime::now(), l)))
}

/// What one consent produced.
pub struct Consent<'a> {
    pub tokens: &'a TokenSet,
    pub granted: &'a [String],
    pub account: Option<&'a str>,
    /// The checked claims of the consent's ID token, when there was one: who consented,
    /// by issuer and subject.
    pub id_claims: Option<&'a serde_json::Value>,
}

/// The result of saving a consent.
pub struct Saved {
    pub connection: Connection,
    /// The grant it replaced, when it was another account's: whether it was revoked at
    /// the provider (None when there was nothing to revoke or no endpoint to do it).
    pub replaced_revoked: Option<bool>,
}

/// A grant's place and the client credentials to revoke its tokens with. The client
/// secret is decrypted once, before any call to the provider, so that a rekey meanwhile
/// cannot keep what was obtained from being revoked.
pub struct GrantPlace<'a> {
    pub vault: &'a Vault,
    pub workspace: &'a str,
    pub provider: &'a Provider,
    pub connector: &'a Connector,
    pub creds: &'a Credentials<'a>,
    pub app: &'a str,
    pub user_key: &'a str,
}

/// Stores a fresh consent's tokens in one transaction (a new or reconnected connection),
/// under the connection's lock. If it cannot be stored, the new grant is revoked at the
/// provider so that nothing stays live without a record. A reconnect as another account
/// revokes the grant it replaced, when both accounts are known and no other connection of
/// the connector was made by the replaced account (a provider that keeps one grant per
/// account and client would revoke that one's grant too).
pub fn save_consent(place: &GrantPlace<'_>, app: &App, consent: &Consent<'_>) -> Result<Saved> {
    let GrantPlace {
        vault,
        connector,
        user_key,
        ..
    } = *place;
    let tokens = consent.tokens;
    let stored = lock(vault, connector.id, app.id, user_key)
        .and_then(|_guard| vault.write(|tx| store_consent(tx, place, app, consent)));
    let (connection, replaced) = match stored {
        Ok(v) => v,
        Err(e) => {
            let revoked = discard(
                place,
                Some(tokens.access_token.clone()),
                tokens.refresh_token.clone(),
                &e.message,
            );
            return Err(not_kept(e, revoked));
        }
    };
    let replaced_revoked = revoke_replaced(place, consent.account, replaced);
    Ok(Saved {
        connection,
        replaced_revoked,
    })
}

/// The tokens of a grant that a reconnect replaced, or why they could not be read.
type ReplacedTokens = std::result::Result<(Option<SecretString>, Option<SecretString>), String>;

/// The consent's transaction: seals and stores its tokens in the connection (created if
/// need be) and records it. Returns the connection, and the tokens of the grant it
/// replaced when that grant is to be revoked.
fn store_consent(
    tx: &crate::vault::Tx<'_>,
    place: &GrantPlace<'_>,
    app: &App,
    consent: &Consent<'_>,
) -> Result<(Connection, Option<ReplacedTokens>)> {
    let GrantPlace {
        vault,
        workspace,
        connector,
        user_key,
        ..
    } = *place;
    let Consent {
        tokens,
        granted,
        account,
        id_claims,
    } = *consent;
    let now = crate::time::now();
    let before = tx.read().connection(connector.id, app.id, user_key)?;
    // The grant being replaced, read before it is overwritten; a token that cannot
    // be read does not keep the new grant from being stored.
    let replaced = match &before {
        Some(b)
            if another_person(vault, b, account, id_claims)
                && !b.account.as_deref().is_some_and(|old| {
                    tx.read()
                        .account_in_use(connector.id, old, b.id)
                        .unwrap_or(true)
                }) =>
        {
            Some(revealed_tokens(vault, b).map_err(|e| e.message))
        }
        _ => None,
    };
    let id = tx.ensure_connection(connector.id, app.id, user_key, &now)?;
    let seal = |column, s: &SecretString| tx.seal(column, id.0, s.expose_secret().as_bytes());
    let access = seal(SecretColumn::ConnectionAccessToken, &tokens.access_token)?;
    let refresh = tokens
        .refresh_token
        .as_ref()
        .map(|t| seal(SecretColumn::ConnectionRefreshToken, t))
        .transpose()?;
    let id_token = tokens
        .id_token
        .as_ref()
        .map(|t| seal(SecretColumn::ConnectionIdToken, t))
        .transpose()?;
    let expires = expiry_of(tokens, None, tokens.refresh_token.is_some());
    tx.store_consent(
        id,
        &GrantFields {
            access_token: &access,
            refresh_token: refresh.as_deref(),
            id_token: id_token.as_deref(),
            token_type: tokens.token_type.as_deref(),
            expires_at: expires.as_deref(),
            granted_scopes: Some(granted),
            account,
            now: &now,
        },
    )?;
    let mut detail = serde_json::json!({"app": app.name, "user": user_key, "account": account, "granted_scopes": granted});
    if let Some(b) = &before {
        detail["replaced_account"] = serde_json::json!(b.account);
    }
    tx.record(
        Some(workspace),
        Action::ConnectionConnect,
        &connector.name,
        detail,
    )?;
    let c = tx
        .read()
        .connection_by_id(id)?
        .ok_or_else(crate::error::corrupt_vault)?;
    Ok((c, replaced))
}

/// Revokes the grant a reconnect as `account` replaced (or records that its tokens could
/// not be read); whether it was revoked, None when there was nothing to revoke.
fn revoke_replaced(
    place: &GrantPlace<'_>,
    account: Option<&str>,
    replaced: Option<ReplacedTokens>,
) -> Option<bool> {
    let why = format!(
        "replaced by a reconnect as {}",
        account.unwrap_or("another account")
    );
    match replaced {
        Some(Ok((access, refresh))) if access.is_some() || refresh.is_some() => {
            Some(discard(place, access, refresh, &why))
        }
        Some(Err(unreadable)) => {
            record_discard(
                place,
                &why,
                Err(format!("its tokens could not be read: {unreadable}")),
            );
            Some(false)
        }
        _ => None,
    }
}

/// Whether a reconnect was made by another person than the stored grant's: by their ID
/// tokens' issuer and subject when both have one (an account name may change, or be shown
/// differently), else by their account names when both are known. Unknown is not another.
fn another_person(
    vault: &Vault,
    stored: &Connection,
    account: Option<&str>,
    id_claims: Option<&serde_json::Value>,
) -> bool {
    let stored_id = reveal(
        vault,
        stored,
        SecretColumn::ConnectionIdToken,
        &stored.id_ct,
    )
    .ok()
    .flatten();
    match (stored_id, id_claims) {
        (Some(old), Some(new)) => !oauth::same_subject(&old, new),
        _ => matches!((stored.account.as_deref(), account), (Some(a), Some(b)) if a != b),
    }
}

/// A grant that was obtained but could not be stored: the error, saying what became of it.
fn not_kept(e: Error, revoked: bool) -> Error {
    let what = if revoked {
        "the tokens the provider just issued were revoked there, so nothing is left live"
    } else {
        "the tokens the provider just issued could not be revoked there (see `connectors audit`)"
    };
    let hint = e.hint.clone();
    let mut out = Error {
        message: format!("{}; {what}", e.message),
        ..e
    };
    out.hint = hint;
    out
}

/// The tokens a connection holds (access, refresh, ID), once its row is found intact.
pub fn stored_tokens(vault: &Vault, c: &Connection) -> Result<[Option<SecretString>; 3]> {
    let (access, refresh) = revealed_tokens(vault, c)?;
    let id = reveal(vault, c, SecretColumn::ConnectionIdToken, &c.id_ct)?;
    Ok([access, refresh, id])
}

/// The plaintext tokens of a stored connection that can be revoked (access, refresh).
fn revealed_tokens(
    vault: &Vault,
    c: &Connection,
) -> Result<(Option<SecretString>, Option<SecretString>)> {
    // Only these two: the ID token is not revoked, so it is not decrypted here.
    Ok((
        reveal(vault, c, SecretColumn::ConnectionAccessToken, &c.access_ct)?,
        reveal(
            vault,
            c,
            SecretColumn::ConnectionRefreshToken,
            &c.refresh_ct,
        )?,
    ))
}

/// Revokes tokens that are not (or no longer) kept, best effort, and audits it. Returns
/// whether the provider confirmed the revocation.
fn discard(
    place: &GrantPlace<'_>,
    access: Option<SecretString>,
    refresh: Option<SecretString>,
    why: &str,
) -> bool {
    let outcome = match place.provider.revocation_url {
        None => Err("the provider has no revocation endpoint".to_string()),
        Some(_) => oauth::revoke(
            place.provider,
            place.creds,
            access.as_ref(),
            refresh.as_ref(),
        )
        .map_err(|f| f.to_error("revoking").message),
    };
    record_discard(place, why, outcome)
}

/// Audits tokens that were not kept, and what became of them at the provider.
fn record_discard(
    place: &GrantPlace<'_>,
    why: &str,
    outcome: std::result::Result<(), String>,
) -> bool {
    let _ = place.vault.write(|tx| {
        tx.record(Some(place.workspace),
            Action::ConnectionDiscarded,
            &place.connector.name,
            serde_json::json!({"app": place.app, "user": place.user_key, "why": why, "revoked": outcome.is_ok(),
                               "revocation_error": outcome.as_ref().err()}),
        )
    });
    outcome.is_ok()
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
        if let Some(c) = tx.read().connection(connector.id, app.id, user_key)? {
            tx.set_last_error(c.id, &error.words(), &crate::time::now())?;
        }
        tx.record(Some(workspace),
            Action::ConnectionRefused,
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
    Error::with(
        crate::error::code::NEEDS_RECONNECT,
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
    column: SecretColumn,
    ct: &Option<Vec<u8>>,
) -> Result<Option<SecretString>> {
    if ct.is_none() {
        return Ok(None);
    }
    vault.token(&vault.verified(c)?, column)
}

fn current_token(vault: &Vault, c: Connection) -> Result<Token> {
    let token = reveal(vault, &c, SecretColumn::ConnectionAccessToken, &c.access_ct)?
        .ok_or_else(crate::error::corrupt_vault)?;
    Ok(Token {
        connection: c,
        access_token: token,
        refreshed: false,
    })
}

fn revoked_error(c: &Connection, connector: &Connector) -> Error {
    Error::with(
        crate::error::code::REVOKED,
        format!(
            "the connection of {} to '{}' was revoked",
            c.who(),
            connector.name
        ),
    )
    .hint(format!(
        "connect again with `connectors connect \"{}\" --app {}`",
        connector.name, c.app
    ))
}

/// Returns a valid access token, refreshing it first when it is expired or about to be
/// (or always, with `force`).
pub fn access_token(
    vault: &Vault,
    workspace: &str,
    provider: &Provider,
    connector: &Connector,
    c: Connection,
    force: bool,
) -> Result<Token> {
    match c.status {
        Status::NeedsReconnect => return Err(needs_reconnect_error(&c, connector)),
        Status::Revoked => return Err(revoked_error(&c, connector)),
        _ => {}
    }
    if !force && !c.is_stale() {
        return current_token(vault, c);
    }
    refresh(vault, workspace, provider, connector, c, force)
}

/// Whether a refresh's ID token is valid and names another person (issuer and subject)
/// than the stored one (OpenID Connect Core 12.2). No ID token, an invalid one (which is
/// then not stored), or no readable stored one: nothing proves another person.
fn refreshed_for_another_person(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    c: &Connection,
    tokens: &TokenSet,
) -> bool {
    let Some(fresh) = &tokens.id_token else {
        return false;
    };
    let Ok(claims) = oauth::id_token_claims(provider, &connector.client_id, fresh, None) else {
        return false;
    };
    match reveal(vault, c, SecretColumn::ConnectionIdToken, &c.id_ct) {
        Ok(Some(stored)) => !oauth::same_subject(&stored, &claims),
        _ => false,
    }
}

/// A refresh's ID token, kept only when it passes the checks of a received ID token.
fn checked_id_token<'t>(
    provider: &Provider,
    connector: &Connector,
    tokens: &'t TokenSet,
) -> Option<&'t SecretString> {
    tokens
        .id_token
        .as_ref()
        .filter(|t| oauth::id_token_claims(provider, &connector.client_id, t, None).is_ok())
}

fn removed_error(seen: &Connection) -> Error {
    Error::with(
        crate::error::code::NO_CONNECTION,
        format!("the connection of {} was removed while waiting", seen.who()),
    )
    .hint("connect again if it is still needed")
}

fn refresh(
    vault: &Vault,
    workspace: &str,
    provider: &Provider,
    connector: &Connector,
    seen: Connection,
    force: bool,
) -> Result<Token> {
    let guard = lock(vault, seen.connector_id, seen.app_id, seen.user_key())?;
    // A rekey in another process must be followed before the provider rotates anything.
    vault.check_key_generation()?;
    // Re-read under the lock: another process may have refreshed while we waited.
    let current = reread(vault, &seen, connector)?;
    let someone_else_changed = current.grant_version != seen.grant_version;
    if (someone_else_changed || !force) && !current.is_stale() {
        return current_token(vault, current);
    }
    let Some(refresh_token) = reveal(
        vault,
        &current,
        SecretColumn::ConnectionRefreshToken,
        &current.refresh_ct,
    )?
    else {
        let reason =
            "the access token expired and the provider issued no refresh token".to_string();
        mark_needs_reconnect(vault, workspace, &current, &reason)?;
        let mut c = current;
        c.status_reason = Some(reason);
        return Err(needs_reconnect_error(&c, connector));
    };
    let connector = &reread_connector(vault, connector, &seen)?;
    let secret = crate::connector::secret_for(vault, provider, connector)?;
    let creds = Credentials {
        client_id: &connector.client_id,
        client_secret: &secret,
    };
    let place = GrantPlace {
        vault,
        workspace,
        provider,
        connector,
        creds: &creds,
        app: &current.app,
        user_key: current.user_key(),
    };
    let per_user = connector.mode == Mode::PerUser;
    // Last thing before the refresh token is spent: the lock must still be ours, or a
    // second process may spend the same token and a rotating provider revoke the grant.
    let mut guard = guard;
    guard.check(&format!("the connection of {}", current.who()))?;
    begin_refresh(vault, &current)?;
    match oauth::refresh(provider, &creds, per_user, &refresh_token) {
        Ok(tokens)
            if refreshed_for_another_person(vault, provider, connector, &current, &tokens) =>
        {
            // A refreshed ID token for another person or issuer: nothing of it is kept.
            let why = "the refreshed ID token names another account or issuer than the stored one";
            discard(&place, Some(tokens.access_token), tokens.refresh_token, why);
            mark_needs_reconnect(vault, workspace, &current, why)?;
            Err(Error::with(crate::error::code::BAD_ID_TOKEN, format!("refreshing the token of {}: {why}", current.who()))
                .hint("the provider's token endpoint answered for someone else; the person must connect again"))
        }
        Ok(tokens) => {
            let stored =
                store_with_retry(vault, provider, connector, &current, &tokens, &mut guard);
            persist_or_discard(&place, &seen, &current, tokens, stored)
        }
        Err(failure) if failure.is_invalid_grant() => {
            refused_grant(vault, workspace, connector, &seen, current, &failure)
        }
        Err(failure) => {
            let err =
                failure.to_error(&format!("refreshing the token of {} failed", current.who()));
            vault.write(|tx| {
                tx.set_refresh_started(current.id, current.grant_version, None)?;
                tx.set_last_error(current.id, &err.message, &crate::time::now())
            })?;
            Err(err)
        }
    }
}

/// Notes in the vault, before the refresh token is spent, that a refresh starts: should
/// its result never be stored (the process dies, the disk is full, the database is gone
/// for good), the connection shows `refreshing` instead of claiming a grant whose refresh
/// token may be retired. When even this cannot be written, nothing is spent.
fn begin_refresh(vault: &Vault, current: &Connection) -> Result<()> {
    let now = crate::time::now();
    if vault.write(|tx| tx.set_refresh_started(current.id, current.grant_version, Some(&now)))? {
        return Ok(());
    }
    Err(Error::with(
        crate::error::code::CONNECTION_CHANGED,
        format!(
            "the connection of {} changed before it could be refreshed; nothing was sent",
            current.who()
        ),
    )
    .hint("run the command again"))
}

/// How long a refresh's result is offered again to a vault that could not be reached (a
/// PostgreSQL server restarting) before the result is given up.
const STORE_RETRY: Duration = Duration::from_secs(30);

/// [`store_refreshed`], and when the vault could not be reached, the same again on a new
/// connection under the lock taken again, until [`STORE_RETRY`] has passed: a server that
/// restarted while the provider answered is back long before. The grant version decides
/// as always: a process that refreshed meanwhile wins, and this result is discarded.
fn store_with_retry(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    current: &Connection,
    tokens: &TokenSet,
    guard: &mut GrantLock,
) -> Result<Option<Connection>> {
    let unreachable = |e: &Error| e.code == crate::error::code::VAULT_UNREACHABLE.name;
    let mut last = match store_refreshed(vault, provider, connector, current, tokens, guard) {
        Err(e) if unreachable(&e) => e,
        other => return other,
    };
    let deadline = std::time::Instant::now() + STORE_RETRY;
    let mut pause = Duration::from_millis(200);
    while std::time::Instant::now() < deadline {
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_secs(2));
        let attempt = vault.reconnect().and_then(|()| {
            *guard = lock(
                vault,
                current.connector_id,
                current.app_id,
                current.user_key(),
            )?;
            store_refreshed(vault, provider, connector, current, tokens, guard)
        });
        match attempt {
            Err(e) if unreachable(&e) => last = e,
            other => return other,
        }
    }
    Err(last)
}

/// The connection as it is now (under its lock), when it can still be refreshed.
fn reread(vault: &Vault, seen: &Connection, connector: &Connector) -> Result<Connection> {
    let current = vault
        .db()
        .connection(seen.connector_id, seen.app_id, seen.user_key())?
        .ok_or_else(|| removed_error(seen))?;
    match current.status {
        Status::NeedsReconnect => Err(needs_reconnect_error(&current, connector)),
        Status::Revoked => Err(revoked_error(&current, connector)),
        _ => Ok(current),
    }
}

/// The connector read again: its secret may have been re-encrypted by a rekey. The provider
/// was resolved from the connector as first read, which must agree with the re-read one
/// (checked by its MAC when the secret is revealed, under the key in force now) on what
/// decides where the secret goes.
fn reread_connector(vault: &Vault, connector: &Connector, seen: &Connection) -> Result<Connector> {
    let reread = vault
        .db()
        .connector_by_id(connector.id)?
        .ok_or_else(|| removed_error(seen))?;
    if (&reread.provider, &reread.endpoint_params, &reread.client_id)
        != (
            &connector.provider,
            &connector.endpoint_params,
            &connector.client_id,
        )
    {
        return Err(Error::with(crate::error::code::CONNECTOR_CHANGED,
            format!(
                "connector '{}' was changed by another process while this refresh waited (its provider, endpoint parameters or client ID); nothing was sent",
                connector.name
            ),
        )
        .hint("run the command again"));
    }
    Ok(reread)
}

/// Stores a refresh's tokens in one transaction if the connection still holds the grant
/// the refresh started from (a rotated refresh token replaces the old one there); returns
/// the connection as stored, or `None` when it had changed meanwhile.
fn store_refreshed(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    current: &Connection,
    tokens: &TokenSet,
    guard: &GrantLock,
) -> Result<Option<Connection>> {
    vault.write(|tx| {
        // Inside the transaction that stores the result: a lock lost while the provider
        // answered means another process may hold it now; nothing is stored.
        guard.check(&format!("the connection of {}", current.who()))?;
        let now = crate::time::now();
        let id = current.id;
        let seal = |column, s: &SecretString| tx.seal(column, id.0, s.expose_secret().as_bytes());
        let access = seal(SecretColumn::ConnectionAccessToken, &tokens.access_token)?;
        let rotated = tokens
            .refresh_token
            .as_ref()
            .map(|t| seal(SecretColumn::ConnectionRefreshToken, t))
            .transpose()?;
        let id_token = checked_id_token(provider, connector, tokens)
            .map(|t| seal(SecretColumn::ConnectionIdToken, t))
            .transpose()?;
        let expires = expiry_of(tokens, current.lifetime(), true);
        let kept = tx.store_refresh(
            id,
            current.grant_version,
            &GrantFields {
                access_token: &access,
                refresh_token: rotated.as_deref(),
                id_token: id_token.as_deref(),
                token_type: tokens.token_type.as_deref(),
                expires_at: expires.as_deref(),
                granted_scopes: tokens.scopes.as_deref(),
                account: None,
                now: &now,
            },
        )?;
        if kept {
            tx.read()
                .connection_by_id(id)?
                .ok_or_else(crate::error::corrupt_vault)
                .map(Some)
        } else {
            Ok(None)
        }
    })
}

/// What follows the attempt to store a refresh's tokens: the token when they were kept;
/// otherwise what the refresh obtained is revoked, and the newer state wins (or, when the
/// store failed and the provider rotated the refresh token, the person must reconnect).
fn persist_or_discard(
    place: &GrantPlace<'_>,
    seen: &Connection,
    current: &Connection,
    tokens: TokenSet,
    stored: Result<Option<Connection>>,
) -> Result<Token> {
    let (vault, connector) = (place.vault, place.connector);
    match stored {
        Ok(Some(updated)) => Ok(Token {
            connection: updated,
            access_token: tokens.access_token,
            refreshed: true,
        }),
        Ok(None) => {
            // The connection changed under us (reconnected, disconnected or removed): the
            // newer state wins, and what we obtained is revoked. Only what this refresh
            // obtained: the refresh token it used belongs to that newer state now (a
            // reconnect by the same account may share its grant).
            discard(
                place,
                Some(tokens.access_token),
                tokens.refresh_token,
                "a refresh finished after the connection had changed",
            );
            let now = vault
                .db()
                .connection(seen.connector_id, seen.app_id, seen.user_key())?
                .ok_or_else(|| removed_error(seen))?;
            match now.status {
                Status::NeedsReconnect => Err(needs_reconnect_error(&now, connector)),
                Status::Revoked => Err(revoked_error(&now, connector)),
                _ if now.is_stale() => Err(Error::with(
                    crate::error::code::CONNECTION_CHANGED,
                    format!(
                        "the connection of {} changed while it was being refreshed",
                        now.who()
                    ),
                )
                .hint("run the command again")),
                _ => current_token(vault, now),
            }
        }
        Err(e) => {
            // What the provider issued is revoked. If it rotated the refresh token, the
            // stored one is retired: the person must connect again.
            let why = format!("the refreshed tokens could not be stored: {}", e.message);
            let rotated = tokens.refresh_token.is_some();
            let revoked = discard(place, Some(tokens.access_token), tokens.refresh_token, &why);
            // The row must say what became of it: a rotated refresh token retired the
            // stored one (the person must connect again); otherwise the stored grant still
            // holds. When not even that can be written, the row shows `refreshing`.
            let told = if rotated {
                mark_needs_reconnect(vault, place.workspace, current, &why).is_ok()
            } else {
                vault
                    .write(|tx| tx.set_refresh_started(current.id, current.grant_version, None))
                    .is_ok()
            };
            let mut err = not_kept(e, revoked);
            if !told {
                err.message.push_str(&format!(
                    "; the vault could not be told either, so the connection shows `refreshing` until the next `token` or `refresh` of {} tells whether its grant survived",
                    current.who()
                ));
            }
            Err(err)
        }
    }
}

/// The provider refused the refresh token: the connection needs its person again, unless
/// another process stored a newer grant meanwhile (that one is fine).
fn refused_grant(
    vault: &Vault,
    workspace: &str,
    connector: &Connector,
    seen: &Connection,
    current: Connection,
    failure: &oauth::Failure,
) -> Result<Token> {
    let reason = match failure {
        oauth::Failure::Provider(p) => {
            format!("the provider refused the refresh token ({})", p.words())
        }
        oauth::Failure::Transport(t) => t.clone(),
    };
    let reason = match &current.refresh_started_at {
        Some(at) => format!(
            "{reason}; an earlier refresh, started at {at}, was interrupted before its result was stored, and may have spent that refresh token"
        ),
        None => reason,
    };
    if !mark_needs_reconnect(vault, workspace, &current, &reason)? {
        let again = vault
            .db()
            .connection(seen.connector_id, seen.app_id, seen.user_key())?
            .ok_or_else(|| removed_error(seen))?;
        if again.status != Status::NeedsReconnect && !again.is_stale() {
            return current_token(vault, again);
        }
        return Err(needs_reconnect_error(&again, connector));
    }
    let mut c = current;
    c.status = Status::NeedsReconnect;
    c.status_reason = Some(reason);
    Err(needs_reconnect_error(&c, connector))
}

/// Marks a connection `needs_reconnect` if it still holds the grant `c` was read with;
/// audited. Returns whether it was marked.
pub fn mark_needs_reconnect(
    vault: &Vault,
    workspace: &str,
    c: &Connection,
    reason: &str,
) -> Result<bool> {
    vault.write(|tx| {
        let marked =
            tx.mark_needs_reconnect(c.id, Some(c.grant_version), reason, &crate::time::now())?;
        if marked {
            tx.record(
                Some(workspace),
                Action::ConnectionNeedsReconnect,
                &c.connector,
                serde_json::json!({"app": c.app, "user": c.user_key(), "reason": reason}),
            )?;
        }
        Ok(marked)
    })
}

/// The result of a disconnect: the tokens are gone; revocation may have failed.
pub struct Disconnected {
    pub revoked: bool,
    pub revocation_error: Option<Error>,
}

/// Why the tokens of a connection whose row was changed outside connectors were not revoked.
fn not_sent(c: &Connection, provider: &Provider) -> Error {
    Error::with(crate::error::code::VAULT_TAMPERED,
        format!(
            "the tokens of {} were not revoked: its row was changed outside connectors, so they were not sent anywhere",
            c.who()
        ),
    )
    .hint(format!(
        "if the person's grant is still live at {}, they end it in their account settings{}; run `connectors vault verify` to check the rest of the vault",
        provider.display_name,
        provider.revoke_at.as_deref().map(|w| format!(" ({w})")).unwrap_or_default()
    ))
}

/// Under the connection's lock: revokes the tokens it holds now at the provider (when it
/// has a revocation endpoint), then deletes the connection and its tokens, even when
/// revocation failed.
pub fn disconnect(
    vault: &Vault,
    provider: &Provider,
    connector: &Connector,
    c: &Connection,
    workspace: &str,
) -> Result<Disconnected> {
    let _guard = lock(vault, c.connector_id, c.app_id, c.user_key())?;
    // A rekey meanwhile re-signed every row: follow it before checking this one, so that
    // it is not taken for tampering (and its tokens still get revoked).
    vault.check_key_generation()?;
    // Re-read under the lock: a refresh may have rotated the tokens while we waited.
    let Some(c) = vault
        .db()
        .connection(c.connector_id, c.app_id, c.user_key())?
    else {
        return Err(Error::with(
            crate::error::code::NO_CONNECTION,
            format!(
                "the connection of {} was removed by another process while this one waited for it",
                c.who()
            ),
        )
        .hint("`connectors audit` shows who removed it and whether its grant was revoked"));
    };
    // A row changed outside connectors is removed, but its tokens are sent nowhere.
    let tokens = match vault.check(&c) {
        Ok(()) => Some(revealed_tokens(vault, &c)?),
        Err(e) if e.code == "vault_tampered" => None,
        Err(e) => return Err(e),
    };
    let (revoked, revocation_error) = match tokens {
        None => (false, Some(not_sent(&c, provider))),
        Some(_) if provider.revocation_url.is_none() => (false, None),
        Some((access, refresh)) => {
            let secret = crate::connector::secret_for(vault, provider, connector)?;
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
        }
    };
    vault.write(|tx| {
        tx.delete_connection(c.id)?;
        tx.record(Some(workspace),
            Action::ConnectionDisconnect,
            &connector.name,
            serde_json::json!({"app": c.app, "user": c.user, "revoked": revoked, "revocation_error": revocation_error.as_ref().map(|e| e.code)}),
        )
    })?;
    Ok(Disconnected {
        revoked,
        revocation_error,
    })
}
