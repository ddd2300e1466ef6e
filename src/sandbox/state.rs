//! The sandbox's state: its client, failure modes, codes, tokens and counters.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Like {
    Generic,
    Google,
    Slack,
    Notion,
}

impl Like {
    pub fn as_str(self) -> &'static str {
        match self {
            Like::Generic => "generic",
            Like::Google => "google",
            Like::Slack => "slack",
            Like::Notion => "notion",
        }
    }
}

/// The failure modes, each imitating a production behaviour (see README).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Failures {
    /// Access tokens expire after this many seconds.
    pub access_ttl: u64,
    /// Every refresh token is refused (invalid_grant), as after a user revoked access.
    pub revoke_refresh_tokens: bool,
    /// The app is in testing mode: only these users may consent (empty: mode off).
    pub test_users: Vec<String>,
    pub testing_mode: bool,
    /// Only these scopes are ever granted (empty: what the person chose).
    pub grant_only: Vec<String>,
    /// Every redirect URI is refused.
    pub redirect_mismatch: bool,
    /// The token endpoint refuses the client.
    pub invalid_client: bool,
    /// The token endpoint answers this long after it has done its work (issued, and
    /// rotated, tokens): a slow provider or network, as the client sees it.
    pub token_delay_ms: u64,
    /// The token endpoint answers HTTP 500.
    pub token_500: bool,
    /// Refresh tokens rotate, and reusing an old one revokes the whole grant.
    pub rotation: bool,
    /// Revocation revokes only the token presented, not its whole grant (RFC 7009 lets a
    /// server do either), so a client must revoke every live token itself.
    pub revoke_token_only: bool,
    /// The next this many API calls answer 401, whatever the token.
    #[serde(default)]
    pub api_401: u32,
    /// The next this many API calls answer 429 with `Retry-After: api_retry_after`.
    #[serde(default)]
    pub api_429: u32,
    #[serde(default = "one")]
    pub api_retry_after: u64,
    /// The next this many API calls answer 503.
    #[serde(default)]
    pub api_500: u32,
}

fn one() -> u64 {
    1
}

impl Default for Failures {
    fn default() -> Self {
        Failures {
            access_ttl: 3600,
            revoke_refresh_tokens: false,
            test_users: Vec::new(),
            testing_mode: false,
            grant_only: Vec::new(),
            redirect_mismatch: false,
            invalid_client: false,
            token_delay_ms: 0,
            token_500: false,
            rotation: true,
            revoke_token_only: false,
            api_401: 0,
            api_429: 0,
            api_retry_after: 1,
            api_500: 0,
        }
    }
}

/// What `sandbox register` and `quickstart` need to know about a running sandbox. Written
/// to a 0600 file by `sandbox serve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxInfo {
    pub issuer: String,
    pub port: u16,
    pub like: Like,
    pub client_id: String,
    pub client_secret: String,
    pub admin_token: String,
}

pub struct Pending {
    pub client_redirect: String,
    pub state: Option<String>,
    pub scopes: Vec<String>,
    pub challenge: Option<String>,
    pub nonce: Option<String>,
    pub offline: bool,
}

pub struct Code {
    pub user: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub challenge: Option<String>,
    pub nonce: Option<String>,
    pub offline: bool,
    pub issued: SystemTime,
}

#[derive(Clone)]
pub struct Grant {
    pub user: String,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

pub struct Token {
    pub grant: usize,
    pub refresh: bool,
    pub expires: Option<SystemTime>,
    /// A rotated-out refresh token: using it again is reuse.
    pub used: bool,
    /// Revoked by itself (with `revoke_token_only`).
    pub revoked: bool,
}

#[derive(Default, Serialize, Clone)]
pub struct Counters {
    pub authorizations: u64,
    pub codes_redeemed: u64,
    pub refreshes: u64,
    pub refresh_failures: u64,
    pub revocations: u64,
    pub reuse_detected: u64,
    pub api_calls: u64,
}

pub struct State {
    pub info: SandboxInfo,
    pub failures: Failures,
    pub redirect_uris: Vec<String>,
    pub pending: HashMap<String, Pending>,
    pub codes: HashMap<String, Code>,
    pub grants: Vec<Grant>,
    pub tokens: HashMap<String, Token>,
    pub counters: Counters,
}

impl State {
    pub fn new(info: SandboxInfo, failures: Failures, redirect_uris: Vec<String>) -> State {
        State {
            info,
            failures,
            redirect_uris,
            pending: HashMap::new(),
            codes: HashMap::new(),
            grants: Vec::new(),
            tokens: HashMap::new(),
            counters: Counters::default(),
        }
    }

    /// Loopback callbacks on any port (RFC 8252 §7.3) and the registered URIs are accepted.
    pub fn redirect_allowed(&self, uri: &str) -> bool {
        if self.failures.redirect_mismatch {
            return false;
        }
        if self.redirect_uris.iter().any(|r| r == uri) {
            return true;
        }
        url::Url::parse(uri).is_ok_and(|u| {
            u.scheme() == "http"
                && u.host_str() == Some("127.0.0.1")
                && u.path() == crate::redirect::CALLBACK_PATH
        })
    }

    pub fn issue(&mut self, grant: usize, refresh: bool) -> String {
        let prefix = match (self.info.like, refresh) {
            (Like::Google, false) => "ya29.sandbox-",
            (Like::Google, true) => "1//sandbox-",
            (Like::Slack, false) => "xoxp-sandbox-",
            (Like::Slack, true) => "xoxe-1-sandbox-",
            (Like::Notion, _) => "secret_sandbox",
            (Like::Generic, false) => "at-",
            (Like::Generic, true) => "rt-",
        };
        let token = format!("{prefix}{}", crate::vault::random_id());
        let expires = if refresh {
            None
        } else {
            Some(SystemTime::now() + Duration::from_secs(self.failures.access_ttl))
        };
        self.tokens.insert(
            token.clone(),
            Token {
                grant,
                refresh,
                expires,
                used: false,
                revoked: false,
            },
        );
        token
    }

    /// Revokes a grant and every token issued from it.
    pub fn revoke_grant(&mut self, grant: usize) {
        if let Some(g) = self.grants.get_mut(grant) {
            g.revoked = true;
        }
    }

    pub fn active(&self, token: &str) -> Option<(&Token, &Grant)> {
        let t = self.tokens.get(token)?;
        let g = self.grants.get(t.grant)?;
        if g.revoked || t.used || t.revoked || t.expires.is_some_and(|e| e <= SystemTime::now()) {
            return None;
        }
        Some((t, g))
    }

    /// The users whose grants still live at this provider: not revoked, and holding a
    /// refresh token that can still be redeemed. (An access token issued before a refresh
    /// lives on until it expires, as at every provider; it cannot renew the grant.)
    pub fn live_grants(&self) -> Vec<&str> {
        let mut live: Vec<usize> = self
            .tokens
            .keys()
            .filter_map(|t| {
                self.active(t)
                    .filter(|(tok, _)| tok.refresh)
                    .map(|(tok, _)| tok.grant)
            })
            .collect();
        live.sort();
        live.dedup();
        live.into_iter()
            .map(|g| self.grants[g].user.as_str())
            .collect()
    }
}
