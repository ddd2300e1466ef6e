//! Rows decoded once, by column name, for both engines: the column lists every query of a
//! signed row selects, the decoders from those columns to the model's types, and how a
//! list or a map is kept in one text column. An engine only says how to read one column
//! of its driver's row ([`Columns`]); a column added or moved in a query can no longer
//! shift what the others decode.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::model::{
    App, AppId, Connection, ConnectionId, Connector, ConnectorId, Mode, PendingAuthorization,
    PendingId, Status, Workspace, WorkspaceId,
};

use super::StoredProvider;

/// One row as a driver hands it over, read by column name. A column that is missing or
/// of another type is a damaged vault (`vault_corrupt`).
pub(super) trait Columns {
    fn text(&self, column: &str) -> Result<String>;
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn int(&self, column: &str) -> Result<i64>;
    fn flag(&self, column: &str) -> Result<bool>;
    fn opt_bytes(&self, column: &str) -> Result<Option<Vec<u8>>>;
}

pub(super) const WORKSPACE: &str = "id, name, platform_domain, created_at, updated_at, row_mac";

pub(super) fn workspace(r: &impl Columns) -> Result<Workspace> {
    Ok(Workspace {
        id: WorkspaceId(r.int("id")?),
        name: r.text("name")?,
        platform_domain: r.text("platform_domain")?,
        created_at: r.text("created_at")?,
        updated_at: r.text("updated_at")?,
        row_mac: r.opt_bytes("row_mac")?,
    })
}

pub(super) const APP: &str =
    "id, name, custom_domain, preview, created_at, updated_at, workspace_id, row_mac";

pub(super) fn app(r: &impl Columns) -> Result<App> {
    Ok(App {
        id: AppId(r.int("id")?),
        name: r.text("name")?,
        custom_domain: r.opt_text("custom_domain")?,
        preview: r.flag("preview")?,
        created_at: r.text("created_at")?,
        updated_at: r.text("updated_at")?,
        workspace_id: WorkspaceId(r.int("workspace_id")?),
        row_mac: r.opt_bytes("row_mac")?,
    })
}

pub(super) const CONNECTOR: &str = "id, name, provider, client_id, scopes, mode, redirect_uris, created_at, updated_at, client_secret, apps, client_secret_mac, endpoint_params, workspace_id, row_mac";

pub(super) fn connector(r: &impl Columns) -> Result<Connector> {
    Ok(Connector {
        id: ConnectorId(r.int("id")?),
        name: r.text("name")?,
        provider: r.text("provider")?,
        client_id: r.text("client_id")?,
        scopes: lines(&r.text("scopes")?),
        mode: mode(&r.text("mode")?),
        redirect_uris: lines(&r.text("redirect_uris")?),
        created_at: r.text("created_at")?,
        updated_at: r.text("updated_at")?,
        secret_ciphertext: r.opt_bytes("client_secret")?,
        apps: lines(&r.text("apps")?),
        secret_mac: r.opt_bytes("client_secret_mac")?,
        endpoint_params: params(&r.text("endpoint_params")?),
        workspace_id: WorkspaceId(r.int("workspace_id")?),
        row_mac: r.opt_bytes("row_mac")?,
    })
}

/// A connection with its connector's and app's names (both engines append their own
/// `WHERE` and `ORDER BY`).
pub(super) const CONNECTION: &str = "SELECT x.id, x.connector_id, x.app_id, c.name AS connector_name, a.name AS app_name, x.app_user, x.status, x.status_reason, x.account,
        x.granted_scopes, x.token_type, x.expires_at, x.last_error, x.created_at, x.updated_at, x.refreshed_at,
        x.access_token, x.refresh_token, x.grant_version, x.id_token, x.row_mac, x.refresh_started_at
     FROM connections x JOIN connectors c ON c.id = x.connector_id JOIN apps a ON a.id = x.app_id";

pub(super) fn connection(r: &impl Columns) -> Result<Connection> {
    let stored = r.text("status")?;
    let expires_at = r.opt_text("expires_at")?;
    let user = r.text("app_user")?;
    let refresh_ct = r.opt_bytes("refresh_token")?;
    let refresh_started_at = r.opt_text("refresh_started_at")?;
    let status = Status::from_stored(&stored, expires_at.as_deref(), refresh_started_at.is_some());
    let stored_reason = r.opt_text("status_reason")?;
    let mut status_reason = stored_reason.clone();
    if let (Status::Refreshing, None, Some(at)) = (status, &status_reason, &refresh_started_at) {
        status_reason = Some(crate::model::connection::refreshing_reason(at));
    }
    Ok(Connection {
        id: ConnectionId(r.int("id")?),
        connector_id: ConnectorId(r.int("connector_id")?),
        app_id: AppId(r.int("app_id")?),
        connector: r.text("connector_name")?,
        app: r.text("app_name")?,
        user: if user.is_empty() { None } else { Some(user) },
        status,
        stored_status: stored,
        status_reason,
        account: r.opt_text("account")?,
        granted_scopes: lines(&r.text("granted_scopes")?),
        token_type: r.opt_text("token_type")?,
        expires_at,
        has_refresh_token: refresh_ct.is_some(),
        last_error: r.opt_text("last_error")?,
        created_at: r.text("created_at")?,
        updated_at: r.text("updated_at")?,
        refreshed_at: r.opt_text("refreshed_at")?,
        access_ct: r.opt_bytes("access_token")?,
        refresh_ct,
        grant_version: r.int("grant_version")?,
        id_ct: r.opt_bytes("id_token")?,
        row_mac: r.opt_bytes("row_mac")?,
        refresh_started_at,
        stored_reason,
    })
}

pub(super) const PENDING: &str = "SELECT p.id, p.connector_id, p.app_id, c.name AS connector_name, a.name AS app_name, p.app_user, p.redirect_uri, p.state_hash,
        p.scopes, p.origin, p.secrets, p.created_at, p.expires_at, p.used_at, p.row_mac
     FROM pending_authorizations p JOIN connectors c ON c.id = p.connector_id JOIN apps a ON a.id = p.app_id";

pub(super) fn pending(r: &impl Columns) -> Result<PendingAuthorization> {
    let user = r.text("app_user")?;
    Ok(PendingAuthorization {
        id: PendingId(r.int("id")?),
        connector_id: ConnectorId(r.int("connector_id")?),
        app_id: AppId(r.int("app_id")?),
        connector: r.text("connector_name")?,
        app: r.text("app_name")?,
        user: if user.is_empty() { None } else { Some(user) },
        redirect_uri: r.text("redirect_uri")?,
        scopes: lines(&r.text("scopes")?),
        origin: r.text("origin")?,
        created_at: r.text("created_at")?,
        expires_at: r.text("expires_at")?,
        used_at: r.opt_text("used_at")?,
        state_hash: r.text("state_hash")?,
        secrets_ct: r.opt_bytes("secrets")?,
        row_mac: r.opt_bytes("row_mac")?,
    })
}

pub(super) const PROVIDER: &str = "name, definition, updated_at, row_mac";

pub(super) fn provider(r: &impl Columns) -> Result<StoredProvider> {
    Ok(StoredProvider {
        name: r.text("name")?,
        definition: r.text("definition")?,
        updated_at: r.text("updated_at")?,
        row_mac: r.opt_bytes("row_mac")?,
    })
}

/// A list as one text column: one value per line (values never hold a line break).
pub(super) fn join(list: &[String]) -> String {
    list.join("\n")
}

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn mode(text: &str) -> Mode {
    if text == "shared" {
        Mode::Shared
    } else {
        Mode::PerUser
    }
}

/// Endpoint parameters as a JSON object of strings.
pub(super) fn params(text: &str) -> BTreeMap<String, String> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(super) fn params_text(p: &BTreeMap<String, String>) -> String {
    serde_json::to_string(p).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_maps_round_trip_through_their_text() {
        let list = vec!["openid".to_string(), "https://x/y z".to_string()];
        assert_eq!(lines(&join(&list)), list);
        assert!(lines("").is_empty());
        let p: BTreeMap<String, String> = [("tenant".to_string(), "t".to_string())].into();
        assert_eq!(params(&params_text(&p)), p);
        assert!(params("not json").is_empty());
        assert_eq!(mode("shared"), Mode::Shared);
        assert_eq!(mode("per-user"), Mode::PerUser);
    }
}
