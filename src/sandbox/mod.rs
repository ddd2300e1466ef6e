//! A local OAuth 2.0 / OpenID Connect authorization server for development: the sandbox.
//!
//! It runs on 127.0.0.1 only (tiny_http), answers like Google, Slack, Notion or a generic
//! provider (`--like`), and can be told to fail the way those do in production: short-lived
//! access tokens, revoked refresh tokens, an app in testing mode, partial grants, redirect
//! URI mismatches, an invalid client, a slow or failing token endpoint, refresh token
//! rotation with reuse detection. Failure modes are set by flags or at run time through
//! the admin endpoint. It is a development tool, not a test oracle: the product's tests use
//! the independent oidc-provider server, and the sandbox only for failures that one cannot
//! produce.

pub mod answer;
mod api;
mod server;
pub mod state;

pub use server::{Running, serve};
pub use state::{Failures, Like, SandboxInfo};

use serde_json::{Value, json};

use crate::error::{Error, Result};

/// The provider name a sandbox registers as.
pub fn provider_name(like: Like) -> String {
    match like {
        Like::Generic => "sandbox".into(),
        other => format!("sandbox-{}", other.as_str()),
    }
}

/// The scopes a sandbox connector asks for by default.
pub fn default_scopes(like: Like) -> Vec<String> {
    let s: &[&str] = match like {
        Like::Generic => &["openid", "email", "calendar.read"],
        Like::Google => &[
            "openid",
            "email",
            "https://www.googleapis.com/auth/calendar.events",
        ],
        Like::Slack => &["chat:write", "channels:read"],
        Like::Notion => &[],
    };
    s.iter().map(|x| x.to_string()).collect()
}

/// The provider definition of a running sandbox: the imitated provider's catalog entry
/// (quirks, scopes, testing mode, probe markers) with the sandbox's endpoints.
pub fn provider_definition(info: &SandboxInfo) -> Value {
    let catalog = crate::provider::Catalog::builtin();
    let base = match info.like {
        Like::Generic => None,
        like => catalog.get(like.as_str()),
    };
    let mut def = match base {
        Some(p) => serde_json::to_value(p).unwrap_or_else(|_| json!({})),
        None => json!({
            "scope_separator": " ",
            "token_auth": "client_secret_basic",
            "pkce": true,
            "scopes": [
                {"name": "openid", "description": "Sign the user in (ID token)"},
                {"name": "email", "description": "The user's email address"},
                {"name": "profile", "description": "The user's name"},
                {"name": "offline_access", "description": "Issue a refresh token"},
                {"name": "calendar.read", "description": "Read calendars (sandbox)"},
                {"name": "calendar.write", "description": "Write calendars (sandbox)"}
            ],
        }),
    };
    let i = &info.issuer;
    let fields = json!({
        "name": provider_name(info.like),
        "display_name": format!("Sandbox (like {})", info.like.as_str()),
        "authorization_url": format!("{i}/authorize"),
        "token_url": format!("{i}/token"),
        "revocation_url": format!("{i}/revoke"),
        "revocation": "rfc7009",
        "issuer": i,
        "console_url": format!("{i}/ (the sandbox needs no OAuth app)"),
        "loopback": {"host": "127.0.0.1", "port_must_match": false,
                     "steps": "The sandbox accepts every loopback redirect URI; nothing to register."},
        "sources": {"endpoints": "connectors sandbox (local)"},
        "api": {"base_url": format!("{i}/api"), "pagination": {"style": "cursor", "field": "/next_cursor", "param": "cursor"},
                "rate_limit": {"remaining": "X-RateLimit-Remaining", "reset": "X-RateLimit-Reset", "reset_kind": "epoch"},
                "me": {"method": "GET", "path": "/me"}},
        "notes": ["A local sandbox provider started by `connectors sandbox serve`; see README for its failure modes."],
    });
    if let (Value::Object(d), Value::Object(f)) = (&mut def, fields) {
        d.remove("origin");
        for (k, v) in f {
            d.insert(k, v);
        }
        if info.like == Like::Slack {
            // The sandbox supports PKCE even where the imitated provider does not.
            d.insert("pkce".into(), json!(false));
        }
    }
    def
}

/// Reads the file a running `sandbox serve` wrote.
pub fn read_info(path: &std::path::Path) -> Result<SandboxInfo> {
    let bytes = crate::vault::files::read_private(path, "sandbox file").map_err(|e| {
        if e.code == "key_file_unreadable" {
            Error::with(
                crate::error::code::NO_SANDBOX,
                format!("no running sandbox was found ({})", path.display()),
            )
            .hint("start one with `connectors sandbox serve` in another terminal")
        } else {
            e
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|_| {
        Error::with(
            crate::error::code::NO_SANDBOX,
            format!("{} is not a sandbox file", path.display()),
        )
        .hint("start the sandbox again")
    })
}

/// The default sandbox file: `sandbox.json` in the platform data directory.
pub fn default_info_path() -> std::path::PathBuf {
    directories::ProjectDirs::from("", "", "connectors")
        .map(|d| d.data_dir().join("sandbox.json"))
        .unwrap_or_else(|| "connectors-sandbox.json".into())
}

/// Changes a running sandbox's failure modes (or accepted redirect URIs) through its admin endpoint.
pub fn configure(info: &SandboxInfo, patch: &Value) -> Result<Value> {
    let resp = crate::oauth::http_agent()
        .post(&format!("{}/admin/config", info.issuer))
        .set("Authorization", &format!("Bearer {}", info.admin_token))
        .set("Content-Type", "application/json")
        .send_string(&patch.to_string());
    match resp {
        Ok(r) => r.into_json().map_err(|e| Error::with(crate::error::code::SANDBOX_ADMIN, format!("the sandbox answered something unreadable: {e}"))),
        Err(ureq::Error::Status(code, r)) => Err(Error::with(crate::error::code::SANDBOX_ADMIN, format!("the sandbox refused the change (HTTP {code}): {}", r.into_string().unwrap_or_default()))
            .hint("check the field names: access_ttl, revoke_refresh_tokens, testing_mode, test_users, grant_only, redirect_mismatch, invalid_client, token_delay_ms, token_500, rotation, revoke_token_only")),
        Err(ureq::Error::Transport(t)) => Err(Error::with(crate::error::code::NO_SANDBOX, format!("the sandbox at {} is not running ({})", info.issuer, t.kind())).hint("start it with `connectors sandbox serve`")),
    }
}
