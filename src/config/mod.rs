//! Configuration as code: a JSON file that describes a workspace (platform domain, custom
//! providers, apps, connectors with secret references), read with positions so that every
//! problem points at its line and column, validated offline, and planned and applied
//! against the vault.
//!
//! Secrets in the file are references (`{"env": "VAR"}`, `{"file": "path"}`,
//! `{"vault": true}`); an inline secret is refused unless explicitly allowed, and never
//! appears in a diagnostic.

pub mod diagnostics;
pub mod plan;
pub mod read;
pub mod schema;
pub mod validate;

use std::path::PathBuf;

use secrecy::SecretString;

use crate::connector::Mode;

pub const DEFAULT_FILE: &str = "connectors.json";

/// Where a value was in the file: its JSON pointer and byte offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    pub pointer: String,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub workspace: Option<Located<String>>,
    pub platform_domain: Option<Located<String>>,
    pub providers: Vec<Located<serde_json::Value>>,
    pub apps: Vec<AppSpec>,
    pub connectors: Vec<ConnectorSpec>,
}

#[derive(Debug, Clone)]
pub struct AppSpec {
    pub name: Located<String>,
    pub custom_domain: Option<Located<String>>,
    pub preview: bool,
    pub loc: Loc,
}

/// Where a connector's client secret comes from.
#[derive(Debug, Clone)]
pub enum SecretRef {
    Env(String),
    File(PathBuf),
    /// Keep the secret already in the vault.
    Vault,
    Inline(SecretString),
}

#[derive(Debug, Clone)]
pub struct ConnectorSpec {
    pub name: Located<String>,
    pub provider: Located<String>,
    pub client_id: Located<String>,
    pub client_secret: Option<Located<SecretRef>>,
    pub scopes: Vec<Located<String>>,
    pub scopes_loc: Loc,
    pub mode: Mode,
    pub redirect_uris: Vec<Located<String>>,
    pub redirect_uris_loc: Loc,
    pub apps: Vec<Located<String>>,
    /// Endpoint parameters (`tenant`, `login_host`), by name.
    pub endpoint_params: Vec<(String, Located<String>)>,
    pub loc: Loc,
}

/// The field names of each object, used by the reader (unknown fields, did-you-mean) and
/// by the JSON Schema: one list for both.
pub const TOP_FIELDS: &[&str] = &[
    "$schema",
    "workspace",
    "platform_domain",
    "providers",
    "apps",
    "connectors",
];
pub const APP_FIELDS: &[&str] = &["name", "custom_domain", "preview"];
pub const CONNECTOR_FIELDS: &[&str] = &[
    "name",
    "provider",
    "client_id",
    "client_secret",
    "scopes",
    "mode",
    "redirect_uris",
    "apps",
    "tenant",
    "login_host",
];
/// The connector fields that are endpoint parameters of its provider.
pub const PARAM_FIELDS: &[&str] = &["tenant", "login_host"];
pub const SECRET_FIELDS: &[&str] = &["env", "file", "vault"];
