//! A pending authorization: a consent started (`connect-url`, or the loopback `connect`)
//! and not finished yet. It holds what the callback must check (the app, the user, the
//! redirect URI the request was sent with, its expiry) and what the code exchange needs
//! (the PKCE verifier and the OpenID Connect nonce, sealed). The `state` itself is never
//! stored: only its SHA-256, by which the callback finds the row.

use serde::Serialize;

use super::{AppId, ConnectorId, PendingId};

#[derive(Debug, Clone, Serialize)]
pub struct PendingAuthorization {
    #[serde(skip)]
    pub id: PendingId,
    #[serde(skip)]
    pub connector_id: ConnectorId,
    #[serde(skip)]
    pub app_id: AppId,
    pub connector: String,
    pub app: String,
    /// The app user; `None` for a shared connector's authorization.
    pub user: Option<String>,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    /// What started it: `connect-url`, `loopback` or `paste`.
    pub origin: String,
    pub created_at: String,
    pub expires_at: String,
    /// When a callback took it (it is used at most once).
    pub used_at: Option<String>,
    /// SHA-256 of the state, hex.
    #[serde(skip)]
    pub(crate) state_hash: String,
    /// The sealed verifier and nonce.
    #[serde(skip)]
    pub(crate) secrets_ct: Option<Vec<u8>>,
    #[serde(skip)]
    pub(crate) row_mac: Option<Vec<u8>>,
}

impl PendingAuthorization {
    /// The app user as stored (`""` for a shared authorization).
    pub fn user_key(&self) -> &str {
        self.user.as_deref().unwrap_or("")
    }

    /// Whether it expired by `now` (RFC 3339 strings of one format compare as times).
    pub fn expired(&self, now: &str) -> bool {
        self.expires_at.as_str() <= now
    }
}
