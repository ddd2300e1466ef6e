//! Every query of the PostgreSQL engine: the rows it decodes and the [`Read`] and
//! [`Write`] primitives, written once per engine; policy lives above, in `store`.

use super::*;
use crate::store::rows::{self, APP, CONNECTION, CONNECTOR, PENDING, PROVIDER, WORKSPACE};

impl Read for Pg {
    fn schema_version(&self) -> Result<i64> {
        Ok(get::<i32>(&self.one("SELECT version FROM connectors_schema", &[])?, 0)? as i64)
    }

    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.first("SELECT value FROM meta WHERE key = $1", &[&key], |r| {
            get(r, 0)
        })
    }

    fn meta_all(&self) -> Result<Vec<(String, Vec<u8>)>> {
        if let Some(meta) = self.opened_meta.borrow_mut().take() {
            return Ok(meta);
        }
        self.map("SELECT key, value FROM meta", &[], |r| {
            Ok((get(r, 0)?, get(r, 1)?))
        })
    }

    fn counts(&self) -> Result<Counts> {
        self.flush_audit()?;
        let r = self.one(
            "SELECT (SELECT count(*) FROM workspaces), (SELECT count(*) FROM apps),
                    (SELECT count(*) FROM connectors), (SELECT count(*) FROM connections),
                    (SELECT count(*) FROM audit)",
            &[],
        )?;
        Ok(Counts {
            workspaces: get(&r, 0)?,
            apps: get(&r, 1)?,
            connectors: get(&r, 2)?,
            connections: get(&r, 3)?,
            connections_by_status: self.map(
                "SELECT status, count(*) FROM connections GROUP BY status ORDER BY status",
                &[],
                |r| Ok((get(r, 0)?, get(r, 1)?)),
            )?,
            audit_entries: get(&r, 4)?,
        })
    }

    fn workspace(&self, name: &str) -> Result<Option<Workspace>> {
        self.first(
            &format!("SELECT {WORKSPACE} FROM workspaces WHERE lower(name) = lower($1)"),
            &[&name],
            rows::workspace,
        )
    }

    fn workspaces(&self) -> Result<Vec<Workspace>> {
        self.map(
            &format!("SELECT {WORKSPACE} FROM workspaces ORDER BY lower(name)"),
            &[],
            rows::workspace,
        )
    }

    fn workspace_by_id(&self, id: WorkspaceId) -> Result<Option<Workspace>> {
        self.first(
            &format!("SELECT {WORKSPACE} FROM workspaces WHERE id = $1"),
            &[&id.0],
            rows::workspace,
        )
    }

    fn app_by_id(&self, id: AppId) -> Result<Option<App>> {
        self.first(
            &format!("SELECT {APP} FROM apps WHERE id = $1"),
            &[&id.0],
            rows::app,
        )
    }

    fn app(&self, ws: WorkspaceId, name: &str) -> Result<Option<App>> {
        self.first(
            &format!("SELECT {APP} FROM apps WHERE workspace_id = $1 AND lower(name) = lower($2)"),
            &[&ws.0, &name],
            rows::app,
        )
    }

    fn apps(&self, ws: WorkspaceId) -> Result<Vec<App>> {
        self.map(
            &format!("SELECT {APP} FROM apps WHERE workspace_id = $1 ORDER BY lower(name)"),
            &[&ws.0],
            rows::app,
        )
    }

    fn connector(&self, ws: WorkspaceId, name: &str) -> Result<Option<Connector>> {
        self.first(
            &format!(
                "SELECT {CONNECTOR} FROM connectors WHERE workspace_id = $1 AND lower(name) = lower($2)"
            ),
            &[&ws.0, &name.trim()],
            rows::connector,
        )
    }

    fn connector_by_id(&self, id: ConnectorId) -> Result<Option<Connector>> {
        self.first(
            &format!("SELECT {CONNECTOR} FROM connectors WHERE id = $1"),
            &[&id.0],
            rows::connector,
        )
    }

    fn connectors(&self, ws: WorkspaceId) -> Result<Vec<Connector>> {
        self.map(
            &format!(
                "SELECT {CONNECTOR} FROM connectors WHERE workspace_id = $1 ORDER BY lower(name)"
            ),
            &[&ws.0],
            rows::connector,
        )
    }

    fn connector_summaries(&self, ws: WorkspaceId, provider: Option<&str>) -> Result<Vec<Summary>> {
        self.map(
            "SELECT c.name, c.provider, c.mode, c.client_id, c.scopes, c.redirect_uris, c.created_at, c.updated_at,
                    coalesce(k.total, 0), coalesce(k.needing_reconnect, 0), c.apps
             FROM connectors c LEFT JOIN connector_counts k ON k.connector_id = c.id
             WHERE c.workspace_id = $1 AND ($2::text IS NULL OR lower(c.provider) = lower($2::text))
             ORDER BY lower(c.name)",
            &[&ws.0, &provider],
            |r| {
                Ok(Summary {
                    name: get(r, 0)?,
                    provider: get(r, 1)?,
                    mode: mode(get(r, 2)?),
                    client_id: get(r, 3)?,
                    scopes: lines(get(r, 4)?),
                    redirect_uris: lines(get(r, 5)?),
                    created_at: get(r, 6)?,
                    updated_at: get(r, 7)?,
                    connections: get(r, 8)?,
                    needs_reconnect: get(r, 9)?,
                    apps: lines(get(r, 10)?),
                })
            },
        )
    }

    fn connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
    ) -> Result<Option<Connection>> {
        self.first(
            &format!(
                "{CONNECTION} WHERE x.connector_id = $1 AND x.app_id = $2 AND x.app_user = $3"
            ),
            &[&connector.0, &app.0, &user],
            rows::connection,
        )
    }

    fn pending_by_state(&self, state_hash: &str) -> Result<Option<PendingAuthorization>> {
        self.first(
            &format!("{PENDING} WHERE p.state_hash = $1"),
            &[&state_hash],
            rows::pending,
        )
    }

    fn pending_by_id(&self, id: PendingId) -> Result<Option<PendingAuthorization>> {
        self.first(
            &format!("{PENDING} WHERE p.id = $1"),
            &[&id.0],
            rows::pending,
        )
    }

    fn pending_waiting(
        &self,
        ws: WorkspaceId,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
        now: &str,
    ) -> Result<Vec<PendingAuthorization>> {
        self.map(
            &format!(
                "{PENDING} WHERE c.workspace_id = $1 AND ($2::bigint IS NULL OR p.connector_id = $2::bigint)
                   AND ($3::bigint IS NULL OR p.app_id = $3::bigint) AND p.used_at IS NULL AND p.expires_at > $4
                 ORDER BY p.id"
            ),
            &[&ws.0, &connector.map(|c| c.0), &app.map(|a| a.0), &now],
            rows::pending,
        )
    }

    fn connection_by_id(&self, id: ConnectionId) -> Result<Option<Connection>> {
        self.first(
            &format!("{CONNECTION} WHERE x.id = $1"),
            &[&id.0],
            rows::connection,
        )
    }

    fn connectors_by_ids(&self, ids: &[ConnectorId]) -> Result<Vec<Connector>> {
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        self.map(
            &format!("SELECT {CONNECTOR} FROM connectors WHERE id = ANY($1)"),
            &[&ids],
            rows::connector,
        )
    }

    fn connections_by_ids(&self, ids: &[ConnectionId]) -> Result<Vec<Connection>> {
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        self.map(
            &format!("{CONNECTION} WHERE x.id = ANY($1)"),
            &[&ids],
            rows::connection,
        )
    }

    fn connections(&self, ws: WorkspaceId, f: ConnectionFilter<'_>) -> Result<Vec<Connection>> {
        self.map(
            &format!(
                "{CONNECTION} WHERE c.workspace_id = $1 AND ($2::bigint IS NULL OR x.connector_id = $2::bigint)
                   AND ($3::bigint IS NULL OR x.app_id = $3::bigint) AND ($4::text IS NULL OR x.app_user = $4::text)
                 ORDER BY lower(c.name), lower(a.name), x.app_user"
            ),
            &[
                &ws.0,
                &f.connector.map(|c| c.0),
                &f.app.map(|a| a.0),
                &f.user,
            ],
            rows::connection,
        )
    }

    fn connection_counts(
        &self,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
    ) -> Result<Vec<(String, i64)>> {
        let (column, id) = match (connector, app) {
            (Some(c), _) => ("connector_id", c.0),
            (None, Some(a)) => ("app_id", a.0),
            (None, None) => return Ok(Vec::new()),
        };
        self.map(
            &format!(
                "SELECT status, count(*) FROM connections WHERE {column} = $1
                 GROUP BY status ORDER BY status"
            ),
            &[&id],
            |r| Ok((get(r, 0)?, get(r, 1)?)),
        )
    }

    fn account_in_use(
        &self,
        connector: ConnectorId,
        account: &str,
        except: ConnectionId,
    ) -> Result<bool> {
        get(
            &self.one(
                "SELECT EXISTS (SELECT 1 FROM connections WHERE connector_id = $1 AND account = $2 AND id != $3)",
                &[&connector.0, &account, &except.0],
            )?,
            0,
        )
    }

    fn granted_scopes(&self, connector: ConnectorId) -> Result<Vec<(ConnectionId, Vec<String>)>> {
        self.map(
            "SELECT id, granted_scopes FROM connections WHERE connector_id = $1 AND status IN ('active', 'expired') ORDER BY id",
            &[&connector.0],
            |r| Ok((ConnectionId(get(r, 0)?), lines(get(r, 1)?))),
        )
    }

    fn status_counts(&self, ws: WorkspaceId, now: &str) -> Result<Vec<StatusCount>> {
        self.map(
            "SELECT x.connector_id,
                    CASE WHEN x.status = 'active' AND x.refresh_started_at IS NOT NULL THEN 'refreshing'
                         WHEN x.status = 'active' AND x.expires_at IS NOT NULL AND x.expires_at <= $2 THEN 'expired' ELSE x.status END,
                    count(*),
                    sum((x.refresh_token IS NULL AND x.expires_at IS NOT NULL AND x.expires_at <= $2)::int)::bigint
             FROM connections x JOIN connectors c ON c.id = x.connector_id WHERE c.workspace_id = $1 GROUP BY 1, 2",
            &[&ws.0, &now],
            |r| {
                Ok(StatusCount {
                    connector: ConnectorId(get(r, 0)?),
                    status: get(r, 1)?,
                    count: get(r, 2)?,
                    expired_without_refresh: get::<Option<i64>>(r, 3)?.unwrap_or(0),
                })
            },
        )
    }

    fn connection_health(&self, ws: WorkspaceId) -> Result<Vec<ConnectionHealth>> {
        self.map(
            "SELECT x.connector_id, a.name, x.app_user, x.granted_scopes, x.last_error, x.status FROM connections x
             JOIN connectors c ON c.id = x.connector_id JOIN apps a ON a.id = x.app_id
             WHERE c.workspace_id = $1 AND x.status != 'revoked' AND (x.last_error IS NOT NULL OR x.status IN ('active', 'expired'))",
            &[&ws.0],
            |r| {
                Ok(ConnectionHealth {
                    connector: ConnectorId(get(r, 0)?),
                    app: get(r, 1)?,
                    user: get(r, 2)?,
                    granted_scopes: lines(get(r, 3)?),
                    last_error: get(r, 4)?,
                    status: get(r, 5)?,
                })
            },
        )
    }

    fn provider_definitions(&self) -> Result<Vec<StoredProvider>> {
        self.map(
            &format!("SELECT {PROVIDER} FROM providers ORDER BY lower(name)"),
            &[],
            rows::provider,
        )
    }

    fn provider_definition(&self, name: &str) -> Result<Option<StoredProvider>> {
        self.first(
            &format!("SELECT {PROVIDER} FROM providers WHERE lower(name) = lower($1)"),
            &[&name],
            rows::provider,
        )
    }

    fn signed_rows(&self) -> Result<Vec<SignedRow>> {
        let ids = |sql: &str| -> Result<Vec<i64>> { self.map(sql, &[], |r| get(r, 0)) };
        let mut rows: Vec<SignedRow> = ids("SELECT id FROM workspaces ORDER BY id")?
            .into_iter()
            .map(|i| SignedRow::Workspace(WorkspaceId(i)))
            .collect();
        rows.extend(
            ids("SELECT id FROM apps ORDER BY id")?
                .into_iter()
                .map(|i| SignedRow::App(AppId(i))),
        );
        rows.extend(self.map(
            "SELECT name FROM providers ORDER BY lower(name)",
            &[],
            |r| Ok(SignedRow::Provider(get(r, 0)?)),
        )?);
        rows.extend(
            ids("SELECT id FROM connectors ORDER BY id")?
                .into_iter()
                .map(|i| SignedRow::Connector(ConnectorId(i))),
        );
        rows.extend(
            ids("SELECT id FROM connections ORDER BY id")?
                .into_iter()
                .map(|i| SignedRow::Connection(ConnectionId(i))),
        );
        rows.extend(
            ids("SELECT id FROM pending_authorizations ORDER BY id")?
                .into_iter()
                .map(|i| SignedRow::Pending(PendingId(i))),
        );
        Ok(rows)
    }

    fn any_row_mac(&self) -> Result<bool> {
        get(
            &self.one(
                "SELECT EXISTS (SELECT 1 FROM workspaces WHERE row_mac IS NOT NULL)
                     OR EXISTS (SELECT 1 FROM apps WHERE row_mac IS NOT NULL)
                     OR EXISTS (SELECT 1 FROM providers WHERE row_mac IS NOT NULL)
                     OR EXISTS (SELECT 1 FROM connectors WHERE row_mac IS NOT NULL)
                     OR EXISTS (SELECT 1 FROM connections WHERE row_mac IS NOT NULL)
                     OR EXISTS (SELECT 1 FROM pending_authorizations WHERE row_mac IS NOT NULL)",
                &[],
            )?,
            0,
        )
    }

    /// The server keeps its own pages and constraints consistent; what it cannot know is
    /// whether the counters the trigger keeps still agree with the connections.
    fn integrity_check(&self) -> Result<Vec<String>> {
        self.map(
            "SELECT c.name, coalesce(t.total, -1), coalesce(k.n, 0), coalesce(t.needing_reconnect, -1), coalesce(k.r, 0)
             FROM connectors c LEFT JOIN connector_counts t ON t.connector_id = c.id LEFT JOIN (
                 SELECT connector_id, count(*) AS n, count(*) FILTER (WHERE status = 'needs_reconnect') AS r
                 FROM connections GROUP BY connector_id) k ON k.connector_id = c.id
             WHERE t.connector_id IS NULL OR t.total <> coalesce(k.n, 0) OR t.needing_reconnect <> coalesce(k.r, 0)
             ORDER BY c.id",
            &[],
            |r| {
                Ok(format!(
                    "connector '{}' counts {} connection(s) ({} needing a reconnect) but has {} ({})",
                    get::<String>(r, 0)?,
                    get::<i64>(r, 1)?,
                    get::<i64>(r, 3)?,
                    get::<i64>(r, 2)?,
                    get::<i64>(r, 4)?
                ))
            },
        )
    }

    fn audit(
        &self,
        workspace: Option<&str>,
        target: Option<&str>,
        action: Option<Action>,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        self.flush_audit()?;
        self.map(
            "SELECT id, at, actor, workspace, action, target_kind, target, details, via FROM audit
             WHERE ($1::text IS NULL OR lower(workspace) = lower($1::text) OR (workspace IS NULL AND $3::text IS NULL))
               AND ($2::text IS NULL OR lower(target) = lower($2::text))
               AND ($3::text IS NULL OR action = $3::text)
             ORDER BY id DESC LIMIT $4",
            &[
                &workspace,
                &target,
                &action.map(Action::as_str),
                &(limit as i64),
            ],
            |r| {
                let details: String = named(r, "details")?;
                Ok(Entry {
                    id: named(r, "id")?,
                    at: named(r, "at")?,
                    actor: named(r, "actor")?,
                    workspace: named(r, "workspace")?,
                    action: named(r, "action")?,
                    target_kind: named(r, "target_kind")?,
                    target: named(r, "target")?,
                    details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
                    via: named(r, "via")?,
                })
            },
        )
    }

    fn sealed_values(&self, column: SecretColumn) -> Result<Vec<(i64, Vec<u8>)>> {
        // Table and column names come from the closed SecretColumn set, never from input.
        let (t, c) = (column.table(), column.column());
        self.map(
            &format!("SELECT id, {c} FROM {t} WHERE {c} IS NOT NULL ORDER BY id"),
            &[],
            |r| Ok((get(r, 0)?, get(r, 1)?)),
        )
    }
}

impl Write for Pg {
    fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        self.exec(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    fn delete_meta(&self, key: &str) -> Result<()> {
        self.exec("DELETE FROM meta WHERE key = $1", &[&key])?;
        Ok(())
    }

    fn insert_workspace(&self, name: &str, domain: &str, now: &str) -> Result<WorkspaceId> {
        Ok(WorkspaceId(get(
            &self.one(
                "INSERT INTO workspaces (name, platform_domain, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
                &[&name, &domain, &now],
            )?,
            0,
        )?))
    }

    fn set_platform_domain(&self, ws: WorkspaceId, domain: &str, now: &str) -> Result<()> {
        self.exec(
            "UPDATE workspaces SET platform_domain = $1, updated_at = $2 WHERE id = $3",
            &[&domain, &now, &ws.0],
        )?;
        Ok(())
    }

    fn insert_app(&self, ws: WorkspaceId, app: &AppFields<'_>, now: &str) -> Result<AppId> {
        Ok(AppId(get(
            &self.one(
                "INSERT INTO apps (workspace_id, name, custom_domain, preview, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                &[&ws.0, &app.name, &app.custom_domain, &app.preview, &now],
            )?,
            0,
        )?))
    }

    fn update_app(&self, id: AppId, app: &AppFields<'_>, now: &str) -> Result<()> {
        self.exec(
            "UPDATE apps SET name = $1, custom_domain = $2, preview = $3, updated_at = $4 WHERE id = $5",
            &[&app.name, &app.custom_domain, &app.preview, &now, &id.0],
        )?;
        Ok(())
    }

    fn delete_app(&self, id: AppId) -> Result<()> {
        self.exec("DELETE FROM apps WHERE id = $1", &[&id.0])?;
        Ok(())
    }

    fn insert_connector(
        &self,
        ws: WorkspaceId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<ConnectorId> {
        Ok(ConnectorId(get(
            &self.one(
                "INSERT INTO connectors (workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps, created_at, updated_at, endpoint_params)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
                &[
                    &ws.0,
                    &c.name,
                    &c.provider,
                    &c.client_id,
                    &join(c.scopes),
                    &c.mode.as_str(),
                    &join(c.redirect_uris),
                    &join(c.apps),
                    &now,
                    &params_text(c.params),
                ],
            )?,
            0,
        )?))
    }

    fn reserve_connector_ids(&self, n: usize) -> Result<Vec<ConnectorId>> {
        self.map(
            "SELECT nextval(pg_get_serial_sequence('connectors', 'id')) FROM generate_series(1, $1::bigint)",
            &[&(n as i64)],
            |r| Ok(ConnectorId(get(r, 0)?)),
        )
    }

    /// One statement per 2,000 connectors, over arrays of their columns.
    fn insert_connectors(&self, ws: WorkspaceId, rows: &[NewRow<'_>], now: &str) -> Result<()> {
        for chunk in rows.chunks(2000) {
            let ids: Vec<i64> = chunk.iter().map(|r| r.id.0).collect();
            let text = |f: &dyn Fn(&NewRow<'_>) -> String| -> Vec<String> {
                chunk.iter().map(f).collect()
            };
            let names = text(&|r| r.fields.name.to_string());
            let providers = text(&|r| r.fields.provider.to_string());
            let clients = text(&|r| r.fields.client_id.to_string());
            let scopes = text(&|r| join(r.fields.scopes));
            let modes = text(&|r| r.fields.mode.as_str().to_string());
            let uris = text(&|r| join(r.fields.redirect_uris));
            let apps = text(&|r| join(r.fields.apps));
            let params = text(&|r| params_text(r.fields.params));
            let secrets: Vec<&[u8]> = chunk.iter().map(|r| r.secret).collect();
            let macs: Vec<&[u8]> = chunk.iter().map(|r| r.secret_mac).collect();
            self.exec(
                "INSERT INTO connectors (id, workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps,
                        created_at, updated_at, endpoint_params, client_secret, client_secret_mac)
                 SELECT id, $1, name, provider, client_id, scopes, mode, redirect_uris, apps, $2, $2, params, secret, mac
                 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                             $10::text[], $11::text[], $12::bytea[], $13::bytea[])
                      AS r(id, name, provider, client_id, scopes, mode, redirect_uris, apps, params, secret, mac)",
                &[
                    &ws.0, &now, &ids, &names, &providers, &clients, &scopes, &modes, &uris, &apps,
                    &params, &secrets, &macs,
                ],
            )?;
        }
        Ok(())
    }

    fn update_connector(&self, id: ConnectorId, c: &ConnectorFields<'_>, now: &str) -> Result<()> {
        self.exec(
            "UPDATE connectors SET name = $1, provider = $2, client_id = $3, scopes = $4, mode = $5, redirect_uris = $6,
                    apps = $7, updated_at = $8, endpoint_params = $10
             WHERE id = $9",
            &[
                &c.name,
                &c.provider,
                &c.client_id,
                &join(c.scopes),
                &c.mode.as_str(),
                &join(c.redirect_uris),
                &join(c.apps),
                &now,
                &id.0,
                &params_text(c.params),
            ],
        )?;
        Ok(())
    }

    fn set_client_secret(&self, id: ConnectorId, sealed: &[u8], mac: &[u8]) -> Result<()> {
        self.exec(
            "UPDATE connectors SET client_secret = $1, client_secret_mac = $2 WHERE id = $3",
            &[&sealed, &mac, &id.0],
        )?;
        Ok(())
    }

    fn clear_client_secret(&self, id: ConnectorId) -> Result<()> {
        self.exec(
            "UPDATE connectors SET client_secret = NULL, client_secret_mac = NULL WHERE id = $1",
            &[&id.0],
        )?;
        Ok(())
    }

    fn delete_connector(&self, id: ConnectorId) -> Result<()> {
        self.exec("DELETE FROM connectors WHERE id = $1", &[&id.0])?;
        Ok(())
    }

    fn ensure_connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        now: &str,
    ) -> Result<ConnectionId> {
        self.exec(
            "INSERT INTO connections (connector_id, app_id, app_user, status, created_at, updated_at)
             VALUES ($1, $2, $3, 'active', $4, $4)
             ON CONFLICT (connector_id, app_id, app_user) DO NOTHING",
            &[&connector.0, &app.0, &user, &now],
        )?;
        Ok(ConnectionId(get(
            &self.one(
                "SELECT id FROM connections WHERE connector_id = $1 AND app_id = $2 AND app_user = $3",
                &[&connector.0, &app.0, &user],
            )?,
            0,
        )?))
    }

    fn put_consent(&self, id: ConnectionId, g: &GrantFields<'_>) -> Result<()> {
        self.exec(
            "UPDATE connections SET status = 'active', status_reason = NULL, access_token = $1, refresh_token = $2, id_token = $3,
                    token_type = $4, expires_at = $5, granted_scopes = $6, account = $7, last_error = NULL,
                    updated_at = $8, refreshed_at = $8, grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = $9",
            &[
                &g.access_token,
                &g.refresh_token,
                &g.id_token,
                &g.token_type,
                &g.expires_at,
                &join(g.granted_scopes.unwrap_or_default()),
                &g.account,
                &g.now,
                &id.0,
            ],
        )?;
        Ok(())
    }

    fn put_refresh(
        &self,
        id: ConnectionId,
        expected: i64,
        g: &GrantFields<'_>,
        status: StoredStatus,
        reason: Option<&str>,
    ) -> Result<bool> {
        let n = self.exec(
            "UPDATE connections SET status = $1, status_reason = $2, access_token = $3,
                    refresh_token = coalesce($4::bytea, refresh_token), id_token = coalesce($5::bytea, id_token),
                    token_type = coalesce($6::text, token_type), expires_at = $7,
                    granted_scopes = coalesce($8::text, granted_scopes), last_error = NULL,
                    updated_at = $9, refreshed_at = $9, grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = $10 AND grant_version = $11",
            &[
                &status.as_str(),
                &reason,
                &g.access_token,
                &g.refresh_token,
                &g.id_token,
                &g.token_type,
                &g.expires_at,
                &g.granted_scopes.map(join),
                &g.now,
                &id.0,
                &expected,
            ],
        )?;
        Ok(n == 1)
    }

    fn set_status(
        &self,
        id: ConnectionId,
        expected: Option<i64>,
        status: StoredStatus,
        reason: Option<&str>,
        last_error: Option<&str>,
        now: &str,
    ) -> Result<bool> {
        let n = self.exec(
            "UPDATE connections SET status = $1, status_reason = $2,
                    last_error = coalesce($3::text, last_error), updated_at = $4, refresh_started_at = NULL
             WHERE id = $5 AND ($6::bigint IS NULL OR grant_version = $6::bigint)",
            &[
                &status.as_str(),
                &reason,
                &last_error,
                &now,
                &id.0,
                &expected,
            ],
        )?;
        Ok(n == 1)
    }

    fn set_refresh_started(
        &self,
        id: ConnectionId,
        expected: i64,
        at: Option<&str>,
    ) -> Result<bool> {
        let n = self.exec(
            "UPDATE connections SET refresh_started_at = $1 WHERE id = $2 AND grant_version = $3",
            &[&at, &id.0, &expected],
        )?;
        Ok(n == 1)
    }

    fn put_last_error(&self, id: ConnectionId, error: &str, now: &str) -> Result<()> {
        self.exec(
            "UPDATE connections SET last_error = $1, updated_at = $2 WHERE id = $3",
            &[&error, &now, &id.0],
        )?;
        Ok(())
    }

    fn insert_connection_record(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        r: &ConnectionRecord<'_>,
    ) -> Result<ConnectionId> {
        Ok(ConnectionId(get(
            &self.one(
                "INSERT INTO connections (connector_id, app_id, app_user, status, status_reason, token_type, expires_at,
                        granted_scopes, account, last_error, created_at, updated_at, refreshed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                &[
                    &connector.0,
                    &app.0,
                    &user,
                    &r.status,
                    &r.status_reason,
                    &r.token_type,
                    &r.expires_at,
                    &join(r.granted_scopes),
                    &r.account,
                    &r.last_error,
                    &r.created_at,
                    &r.updated_at,
                    &r.refreshed_at,
                ],
            )?,
            0,
        )?))
    }

    fn replace_connection_record(&self, id: ConnectionId, r: &ConnectionRecord<'_>) -> Result<()> {
        self.exec(
            "UPDATE connections SET status = $1, status_reason = $2, token_type = $3, expires_at = $4,
                    granted_scopes = $5, account = $6, last_error = $7, created_at = $8, updated_at = $9,
                    refreshed_at = $10, access_token = NULL, refresh_token = NULL, id_token = NULL,
                    grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = $11",
            &[
                &r.status,
                &r.status_reason,
                &r.token_type,
                &r.expires_at,
                &join(r.granted_scopes),
                &r.account,
                &r.last_error,
                &r.created_at,
                &r.updated_at,
                &r.refreshed_at,
                &id.0,
            ],
        )?;
        Ok(())
    }

    fn set_times(&self, row: Dated, created_at: &str, updated_at: &str) -> Result<()> {
        let (table, id) = match row {
            Dated::Workspace(id) => ("workspaces", id.0),
            Dated::App(id) => ("apps", id.0),
            Dated::Connector(id) => ("connectors", id.0),
        };
        self.exec(
            &format!("UPDATE {table} SET created_at = $1, updated_at = $2 WHERE id = $3"),
            &[&created_at, &updated_at, &id],
        )?;
        Ok(())
    }

    fn delete_connection(&self, id: ConnectionId) -> Result<()> {
        self.exec("DELETE FROM connections WHERE id = $1", &[&id.0])?;
        Ok(())
    }

    fn put_provider(&self, name: &str, definition: &str, now: &str) -> Result<()> {
        self.exec(
            "INSERT INTO providers (name, definition, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT ((lower(name))) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
            &[&name, &definition, &now],
        )?;
        Ok(())
    }

    fn delete_provider(&self, name: &str) -> Result<bool> {
        Ok(self.exec(
            "DELETE FROM providers WHERE lower(name) = lower($1)",
            &[&name],
        )? > 0)
    }

    /// Kept until the transaction commits (see [`Pg::flush_audit`]), or until a batch of
    /// them is gathered: a restore appends a whole audit log, which memory need not hold.
    fn append_audit(&self, e: &NewEntry<'_>) -> Result<()> {
        const BATCH: usize = 256;
        const BATCH_BYTES: usize = 256 * 1024;
        let full = {
            let pending = self.audit.borrow();
            pending.len() >= BATCH
                || pending
                    .iter()
                    .flatten()
                    .flatten()
                    .map(String::len)
                    .sum::<usize>()
                    >= BATCH_BYTES
        };
        if full {
            self.flush_audit()?;
        }
        self.audit.borrow_mut().push([
            Some(e.at.to_string()),
            Some(e.actor.to_string()),
            e.workspace.map(str::to_string),
            Some(e.action.as_str().to_string()),
            Some(e.action.target_kind().to_string()),
            Some(e.target.to_string()),
            Some(e.details.to_string()),
            e.via.map(str::to_string),
        ]);
        Ok(())
    }

    fn set_row_mac(&self, row: &SignedRow, mac: &[u8]) -> Result<()> {
        match row {
            SignedRow::Workspace(id) => self.exec(
                "UPDATE workspaces SET row_mac = $1 WHERE id = $2",
                &[&mac, &id.0],
            )?,
            SignedRow::App(id) => {
                self.exec("UPDATE apps SET row_mac = $1 WHERE id = $2", &[&mac, &id.0])?
            }
            SignedRow::Provider(name) => self.exec(
                "UPDATE providers SET row_mac = $1 WHERE lower(name) = lower($2)",
                &[&mac, name],
            )?,
            SignedRow::Connector(id) => self.exec(
                "UPDATE connectors SET row_mac = $1 WHERE id = $2",
                &[&mac, &id.0],
            )?,
            SignedRow::Connection(id) => self.exec(
                "UPDATE connections SET row_mac = $1 WHERE id = $2",
                &[&mac, &id.0],
            )?,
            SignedRow::Pending(id) => self.exec(
                "UPDATE pending_authorizations SET row_mac = $1 WHERE id = $2",
                &[&mac, &id.0],
            )?,
        };
        Ok(())
    }

    /// One statement per table, over arrays of ids and MACs.
    fn set_row_macs(&self, macs: &[(SignedRow, Vec<u8>)]) -> Result<()> {
        let mut by_table: HashMap<&'static str, (Vec<i64>, Vec<&[u8]>)> = HashMap::new();
        let (mut names, mut name_macs): (Vec<String>, Vec<&[u8]>) = (Vec::new(), Vec::new());
        for (row, mac) in macs {
            let (table, id) = match row {
                SignedRow::Workspace(id) => ("workspaces", id.0),
                SignedRow::App(id) => ("apps", id.0),
                SignedRow::Connector(id) => ("connectors", id.0),
                SignedRow::Connection(id) => ("connections", id.0),
                SignedRow::Pending(id) => ("pending_authorizations", id.0),
                SignedRow::Provider(name) => {
                    names.push(name.clone());
                    name_macs.push(mac);
                    continue;
                }
            };
            let e = by_table.entry(table).or_default();
            e.0.push(id);
            e.1.push(mac);
        }
        for (table, (ids, macs)) in by_table {
            // Table names come from the closed set above, never from input.
            self.exec(
                &format!(
                    "UPDATE {table} SET row_mac = v.mac FROM unnest($1::bigint[], $2::bytea[]) AS v(id, mac) WHERE {table}.id = v.id"
                ),
                &[&ids, &macs],
            )?;
        }
        if !names.is_empty() {
            self.exec(
                "UPDATE providers SET row_mac = v.mac FROM unnest($1::text[], $2::bytea[]) AS v(name, mac) WHERE lower(providers.name) = lower(v.name)",
                &[&names, &name_macs],
            )?;
        }
        Ok(())
    }

    fn insert_pending(&self, p: &NewPending<'_>) -> Result<PendingId> {
        Ok(PendingId(get(
            &self.one(
                "INSERT INTO pending_authorizations (connector_id, app_id, app_user, redirect_uri, state_hash, scopes,
                        origin, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                &[
                    &p.connector.0,
                    &p.app.0,
                    &p.user,
                    &p.redirect_uri,
                    &p.state_hash,
                    &join(p.scopes),
                    &p.origin,
                    &p.created_at,
                    &p.expires_at,
                ],
            )?,
            0,
        )?))
    }

    fn use_pending(&self, id: PendingId, now: &str) -> Result<bool> {
        let n = self.exec(
            "UPDATE pending_authorizations SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
            &[&now, &id.0],
        )?;
        Ok(n == 1)
    }

    fn sweep_pending(&self, before: &str) -> Result<u64> {
        self.exec(
            "DELETE FROM pending_authorizations WHERE expires_at < $1",
            &[&before],
        )
    }

    fn set_sealed_value(&self, column: SecretColumn, row: i64, sealed: &[u8]) -> Result<()> {
        let (t, c) = (column.table(), column.column());
        self.exec(
            &format!("UPDATE {t} SET {c} = $1 WHERE id = $2"),
            &[&sealed, &row],
        )?;
        Ok(())
    }
}
