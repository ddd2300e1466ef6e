//! A workspace as stored: the unit of administration.

use serde::Serialize;

use super::WorkspaceId;

/// The workspace every vault starts with, and the one commands use without `--workspace`.
pub const DEFAULT: &str = "default";
/// Where apps live unless the workspace says otherwise: `https://APP.base44.app`.
pub const DEFAULT_PLATFORM_DOMAIN: &str = "base44.app";

#[derive(Debug, Clone, Serialize)]
pub struct Workspace {
    #[serde(skip)]
    pub id: WorkspaceId,
    pub name: String,
    pub platform_domain: String,
    pub created_at: String,
    pub updated_at: String,
    /// The row's MAC (see `vault::integrity`).
    #[serde(skip)]
    pub row_mac: Option<Vec<u8>>,
}
