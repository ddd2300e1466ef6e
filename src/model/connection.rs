//! A connection as stored: one person's (or one app's) grant at a connector, its status
//! and what the provider said about it; its tokens stay sealed.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::{AppId, ConnectionId, ConnectorId};
use crate::expiry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    /// Stored as active, but the access token has expired (a refresh can renew it).
    Expired,
    NeedsReconnect,
    Revoked,
    /// Stored as active, with a refresh started and its result not stored yet: a refresh
    /// is under way, or one was interrupted (its process died, or the vault could not be
    /// written) and the refresh token it spent may be retired. The next refresh tells.
    Refreshing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Expired => "expired",
            Status::NeedsReconnect => "needs_reconnect",
            Status::Revoked => "revoked",
            Status::Refreshing => "refreshing",
        }
    }

    /// The status of a stored row, as of now.
    pub fn from_stored(stored: &str, expires_at: Option<&str>, refreshing: bool) -> Status {
        match StoredStatus::parse(stored) {
            StoredStatus::NeedsReconnect => Status::NeedsReconnect,
            StoredStatus::Revoked => Status::Revoked,
            StoredStatus::Active if refreshing => Status::Refreshing,
            StoredStatus::Active => match expires_at.and_then(parse_time) {
                Some(t) if t <= SystemTime::now() => Status::Expired,
                _ => Status::Active,
            },
        }
    }
}

/// A connection's status as stored (an active connection past its expiry is shown as
/// expired, but stored as active).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredStatus {
    Active,
    NeedsReconnect,
    Revoked,
}

impl StoredStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StoredStatus::Active => "active",
            StoredStatus::NeedsReconnect => "needs_reconnect",
            StoredStatus::Revoked => "revoked",
        }
    }

    /// A stored value; anything unknown is taken as active, as the status shown is.
    pub fn parse(text: &str) -> StoredStatus {
        match text {
            "needs_reconnect" => StoredStatus::NeedsReconnect,
            "revoked" => StoredStatus::Revoked,
            _ => StoredStatus::Active,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Connection {
    #[serde(skip)]
    pub id: ConnectionId,
    #[serde(skip)]
    pub connector_id: ConnectorId,
    #[serde(skip)]
    pub app_id: AppId,
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
    pub(crate) access_ct: Option<Vec<u8>>,
    #[serde(skip)]
    pub(crate) refresh_ct: Option<Vec<u8>>,
    /// Moves on with every consent and refresh: the grant a change started from.
    #[serde(skip)]
    pub(crate) grant_version: i64,
    #[serde(skip)]
    pub(crate) id_ct: Option<Vec<u8>>,
    /// The status as stored (`status` shows an active connection past its expiry as expired).
    #[serde(skip)]
    pub(crate) stored_status: String,
    /// The row's MAC (see `vault::integrity`).
    #[serde(skip)]
    pub(crate) row_mac: Option<Vec<u8>>,
    /// The reason as stored (`status_reason` explains a `refreshing` connection).
    #[serde(skip)]
    pub(crate) stored_reason: Option<String>,
    /// When a refresh whose result is not stored yet was started.
    #[serde(skip)]
    pub(crate) refresh_started_at: Option<String>,
}

/// Why a connection is `refreshing`, for people.
pub fn refreshing_reason(started: &str) -> String {
    format!(
        "a refresh started at {started} has not stored its result: if no connectors process is refreshing it now, that refresh was interrupted and the refresh token it spent may be retired; the next `token` or `refresh` tells whether the grant survived"
    )
}

pub(crate) fn parse_time(s: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339(s).ok()
}

pub fn time_string(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

impl Connection {
    /// The lifetime the access token was issued with (from its refresh to its expiry).
    pub(crate) fn lifetime(&self) -> Option<Duration> {
        let from = parse_time(self.refreshed_at.as_deref()?)?;
        let to = parse_time(self.expires_at.as_deref()?)?;
        to.duration_since(from).ok()
    }

    /// Whether the access token must be refreshed before use (see [`expiry`]).
    pub fn is_stale(&self) -> bool {
        match self.expires_at.as_deref().and_then(parse_time) {
            Some(t) => expiry::is_stale(SystemTime::now(), t, self.lifetime()),
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

    pub(crate) fn user_key(&self) -> &str {
        self.user.as_deref().unwrap_or("")
    }
}
