//! An app as stored: a name that is its subdomain, an optional custom domain, a preview.

use serde::Serialize;

use super::{AppId, WorkspaceId};

#[derive(Debug, Clone, Serialize)]
pub struct App {
    #[serde(skip)]
    pub id: AppId,
    pub name: String,
    pub custom_domain: Option<String>,
    pub preview: bool,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub workspace_id: WorkspaceId,
    /// The row's MAC (see `vault::integrity`).
    #[serde(skip)]
    pub row_mac: Option<Vec<u8>>,
}
