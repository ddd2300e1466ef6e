//! A connector as stored: one OAuth app registered at a provider, and its mode.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{ConnectorId, WorkspaceId};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Each person using an app connects their own account.
    PerUser,
    /// One account powers the feature for everyone in an app.
    Shared,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::PerUser => "per-user",
            Mode::Shared => "shared",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Mode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "per-user" | "peruser" | "per_user" => Ok(Mode::PerUser),
            "shared" => Ok(Mode::Shared),
            _ => Err(Error::with(crate::error::code::BAD_MODE, format!("'{s}' is not a connector mode"))
                .hint("use per-user (each person connects their own account) or shared (one account for everyone in an app)")),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Connector {
    #[serde(skip)]
    pub id: ConnectorId,
    pub name: String,
    pub provider: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    /// The apps that use it; empty means every app of the workspace.
    pub apps: Vec<String>,
    /// Its provider's endpoint parameters it sets (Microsoft's tenant, Salesforce's
    /// login host); the provider's defaults apply to the others.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub endpoint_params: std::collections::BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub secret_ciphertext: Option<Vec<u8>>,
    #[serde(skip)]
    pub secret_mac: Option<Vec<u8>>,
    #[serde(skip)]
    pub workspace_id: WorkspaceId,
    /// The row's MAC (see `vault::integrity`).
    #[serde(skip)]
    pub row_mac: Option<Vec<u8>>,
}

/// A connector with its connection counts, for listing (decrypts nothing).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub name: String,
    pub provider: String,
    pub mode: Mode,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub apps: Vec<String>,
    pub connections: i64,
    pub needs_reconnect: i64,
    pub created_at: String,
    pub updated_at: String,
}
