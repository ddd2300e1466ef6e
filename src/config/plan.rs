//! `plan`, `apply` and `export`: the difference between a configuration file and the
//! vault, made in one transaction, and the vault written back as such a file.
//!
//! A secret appears in a plan only as "changed" with fingerprints, never its value.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, params};
use secrecy::SecretString;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Config, SecretRef};
use crate::connector::{self, Mode};
use crate::error::{Error, Result};
use crate::vault::Vault;

/// A connector's secret as the file wants it.
pub enum DesiredSecret {
    Keep,
    Set(SecretString),
}

pub struct DesiredConnector {
    pub name: String,
    pub provider: String,
    pub client_id: String,
    pub secret: DesiredSecret,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    pub apps: Vec<String>,
}

pub struct DesiredApp {
    pub name: String,
    pub custom_domain: Option<String>,
    pub preview: bool,
}

/// The workspace as a (valid) configuration file describes it, secrets resolved.
pub struct Desired {
    pub workspace: String,
    pub platform_domain: String,
    pub providers: Vec<Value>,
    pub apps: Vec<DesiredApp>,
    pub connectors: Vec<DesiredConnector>,
}

/// Resolves a validated configuration: reads secret references, normalises lists.
pub fn desired(config: &Config, workspace: &str, base_dir: &Path) -> Result<Desired> {
    let mut connectors = Vec::new();
    for c in &config.connectors {
        let name = c.name.value.trim().to_string();
        let secret = match c.client_secret.as_ref().map(|s| &s.value) {
            Some(SecretRef::Vault) | None => DesiredSecret::Keep,
            Some(SecretRef::Inline(s)) => DesiredSecret::Set(s.clone()),
            Some(SecretRef::Env(var)) => DesiredSecret::Set(SecretString::from(
                std::env::var(var)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| {
                        Error::usage(
                            "secret_unresolved",
                            format!(
                                "connector \"{name}\": the environment variable {var} is not set"
                            ),
                        )
                        .hint(format!(
                            "export {var}, or use {{\"vault\": true}} to keep the stored secret"
                        ))
                    })?
                    .trim_end_matches(['\n', '\r'])
                    .to_string(),
            )),
            Some(SecretRef::File(p)) => {
                let path = super::validate::secret_path(base_dir, p);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Error::usage("secret_unresolved", format!("connector \"{name}\": cannot read the secret file {} ({e})", path.display()))
                        .hint("check the path (relative paths start at the configuration file's directory)")
                })?;
                DesiredSecret::Set(SecretString::from(
                    text.trim_end_matches(['\n', '\r']).to_string(),
                ))
            }
        };
        connectors.push(DesiredConnector {
            name,
            provider: c.provider.value.to_ascii_lowercase(),
            client_id: c.client_id.value.trim().to_string(),
            secret,
            scopes: crate::scopes::normalize(c.scopes.iter().map(|s| s.value.as_str()))?,
            mode: c.mode,
            redirect_uris: connector::normalize_redirect_uris(
                &c.redirect_uris
                    .iter()
                    .map(|u| u.value.clone())
                    .collect::<Vec<_>>(),
            )?,
            apps: c
                .apps
                .iter()
                .map(|a| a.value.to_ascii_lowercase())
                .collect(),
        });
    }
    Ok(Desired {
        workspace: config
            .workspace
            .as_ref()
            .map(|w| w.value.clone())
            .unwrap_or_else(|| workspace.to_string()),
        platform_domain: config
            .platform_domain
            .as_ref()
            .map(|d| d.value.to_ascii_lowercase())
            .unwrap_or_else(|| crate::workspace::DEFAULT_PLATFORM_DOMAIN.into()),
        providers: config.providers.iter().map(|p| p.value.clone()).collect(),
        apps: config
            .apps
            .iter()
            .map(|a| DesiredApp {
                name: a.name.value.clone(),
                custom_domain: a
                    .custom_domain
                    .as_ref()
                    .map(|d| d.value.to_ascii_lowercase()),
                preview: a.preview,
            })
            .collect(),
        connectors,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldDiff {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub action: &'static str,
    pub kind: &'static str,
    pub name: String,
    pub fields: Vec<FieldDiff>,
    /// Connections this change sends to needs_reconnect (scope changes) or removes.
    #[serde(skip_serializing_if = "is_zero")]
    pub needs_reconnect: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub connections_removed: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Plan {
    pub workspace: String,
    pub changes: Vec<Change>,
    pub needs_reconnect: i64,
    pub connections_removed: i64,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

fn diff(fields: &mut Vec<FieldDiff>, field: &str, from: Value, to: Value) {
    if from != to {
        fields.push(FieldDiff {
            field: field.into(),
            from,
            to,
        });
    }
}

struct Current {
    platform_domain: Option<String>,
    apps: HashMap<String, crate::app::App>,
    connectors: HashMap<String, connector::Connector>,
    providers: HashMap<String, Value>,
}

fn current(db: &Connection, workspace: &str) -> Result<Current> {
    let mut providers = HashMap::new();
    let mut stmt = db.prepare("SELECT name, definition FROM providers")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (n, d) = row?;
        providers.insert(
            n.to_ascii_lowercase(),
            serde_json::from_str(&d).unwrap_or(Value::Null),
        );
    }
    let ws = match crate::workspace::find(db, workspace) {
        Ok(ws) => ws,
        Err(_) => {
            return Ok(Current {
                platform_domain: None,
                apps: HashMap::new(),
                connectors: HashMap::new(),
                providers,
            });
        }
    };
    let apps = crate::app::list(db, &ws)?
        .into_iter()
        .map(|a| (a.name.to_ascii_lowercase(), a))
        .collect();
    let mut connectors = HashMap::new();
    let mut stmt = db.prepare("SELECT name FROM connectors WHERE workspace_id = ?1")?;
    let names: Vec<String> = stmt
        .query_map(params![ws.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in names {
        let c = connector::find(db, &ws, &n)?;
        connectors.insert(n.to_ascii_lowercase(), c);
    }
    Ok(Current {
        platform_domain: Some(ws.platform_domain),
        apps,
        connectors,
        providers,
    })
}

/// Connections of a connector whose granted scopes do not cover `scopes`.
fn uncovered(db: &Connection, connector_id: i64, scopes: &[String]) -> Result<i64> {
    let mut stmt = db.prepare("SELECT granted_scopes FROM connections WHERE connector_id = ?1 AND status IN ('active', 'expired')")?;
    let mut n = 0;
    for g in stmt.query_map(params![connector_id], |r| r.get::<_, String>(0))? {
        let g = g?;
        let granted: Vec<&str> = g.lines().collect();
        if scopes.iter().any(|s| !granted.contains(&s.as_str())) {
            n += 1;
        }
    }
    Ok(n)
}

fn connection_count(db: &Connection, column: &str, id: i64) -> Result<i64> {
    Ok(db.query_row(
        &format!("SELECT count(*) FROM connections WHERE {column} = ?1"),
        params![id],
        |r| r.get(0),
    )?)
}

/// The changes `apply` would make. Decrypts stored secrets only to compare them with
/// secrets the file sets.
pub fn plan(vault: &Vault, d: &Desired) -> Result<Plan> {
    compute(vault, vault.conn(), d)
}

fn compute(vault: &Vault, db: &Connection, d: &Desired) -> Result<Plan> {
    let cur = current(db, &d.workspace)?;
    let mut changes = Vec::new();
    match &cur.platform_domain {
        None => changes.push(Change {
            action: "add",
            kind: "workspace",
            name: d.workspace.clone(),
            fields: vec![FieldDiff {
                field: "platform_domain".into(),
                from: Value::Null,
                to: json!(d.platform_domain),
            }],
            needs_reconnect: 0,
            connections_removed: 0,
        }),
        Some(pd) if *pd != d.platform_domain => changes.push(Change {
            action: "change",
            kind: "workspace",
            name: d.workspace.clone(),
            fields: vec![FieldDiff {
                field: "platform_domain".into(),
                from: json!(pd),
                to: json!(d.platform_domain),
            }],
            needs_reconnect: 0,
            connections_removed: 0,
        }),
        _ => {}
    }
    for p in &d.providers {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        match cur.providers.get(&name) {
            Some(existing) if existing == p => {}
            existing => changes.push(Change {
                action: if existing.is_some() { "change" } else { "add" },
                kind: "provider",
                name,
                fields: vec![FieldDiff {
                    field: "definition".into(),
                    from: existing.cloned().unwrap_or(Value::Null),
                    to: p.clone(),
                }],
                needs_reconnect: 0,
                connections_removed: 0,
            }),
        }
    }
    let wanted_apps: HashMap<String, &DesiredApp> = d
        .apps
        .iter()
        .map(|a| (a.name.to_ascii_lowercase(), a))
        .collect();
    for a in &d.apps {
        let have = cur.apps.get(&a.name.to_ascii_lowercase());
        let mut fields = Vec::new();
        diff(
            &mut fields,
            "custom_domain",
            have.map_or(Value::Null, |h| json!(h.custom_domain)),
            json!(a.custom_domain),
        );
        diff(
            &mut fields,
            "preview",
            have.map_or(Value::Null, |h| json!(h.preview)),
            json!(a.preview),
        );
        if have.is_none() || !fields.is_empty() {
            let (action, name) = match have {
                Some(h) => ("change", h.name.clone()),
                None => ("add", a.name.clone()),
            };
            changes.push(Change {
                action,
                kind: "app",
                name,
                fields,
                needs_reconnect: 0,
                connections_removed: 0,
            });
        }
    }

    let mut removed_apps: Vec<&crate::app::App> = cur
        .apps
        .iter()
        .filter(|(k, _)| !wanted_apps.contains_key(*k))
        .map(|(_, a)| a)
        .collect();
    removed_apps.sort_by(|a, b| a.name.cmp(&b.name));
    for a in removed_apps {
        let n = connection_count(db, "app_id", a.id)?;
        changes.push(Change {
            action: "remove",
            kind: "app",
            name: a.name.clone(),
            fields: vec![],
            needs_reconnect: 0,
            connections_removed: n,
        });
    }

    let wanted: HashMap<String, &DesiredConnector> = d
        .connectors
        .iter()
        .map(|c| (c.name.to_ascii_lowercase(), c))
        .collect();
    for c in &d.connectors {
        let have = cur.connectors.get(&c.name.to_ascii_lowercase());
        let from = |f: &dyn Fn(&connector::Connector) -> Value| have.map_or(Value::Null, f);
        let mut fields = Vec::new();
        diff(
            &mut fields,
            "provider",
            from(&|h| json!(h.provider)),
            json!(c.provider),
        );
        diff(
            &mut fields,
            "client_id",
            from(&|h| json!(h.client_id)),
            json!(c.client_id),
        );
        // Compared by keyed MAC; only a changed secret is decrypted (for its fingerprint).
        match (have, &c.secret) {
            (None, DesiredSecret::Keep) => {
                return Err(Error::usage("secret_unresolved", format!("connector \"{}\" is new, so {{\"vault\": true}} has no stored secret to keep", c.name))
                    .hint("give its secret as {\"env\": \"VAR\"} or {\"file\": \"path\"}"));
            }
            (None, DesiredSecret::Set(secret)) => {
                fields.push(FieldDiff {
                    field: "client_secret".into(),
                    from: Value::Null,
                    to: json!({"fingerprint": connector::fingerprint(secret)}),
                });
            }
            (Some(h), DesiredSecret::Set(secret)) if !connector::secret_is(vault, h, secret)? => {
                let stored = connector::secret(vault, h)?;
                fields.push(FieldDiff {
                    field: "client_secret".into(),
                    from: json!({"fingerprint": connector::fingerprint(&stored)}),
                    to: json!({"fingerprint": connector::fingerprint(secret)}),
                });
            }
            _ => {}
        }
        diff(
            &mut fields,
            "scopes",
            from(&|h| json!(h.scopes)),
            json!(c.scopes),
        );
        diff(
            &mut fields,
            "mode",
            from(&|h| json!(h.mode.as_str())),
            json!(c.mode.as_str()),
        );
        diff(
            &mut fields,
            "redirect_uris",
            from(&|h| json!(h.redirect_uris)),
            json!(c.redirect_uris),
        );
        diff(
            &mut fields,
            "apps",
            from(&|h| {
                json!(
                    h.apps
                        .iter()
                        .map(|a| a.to_ascii_lowercase())
                        .collect::<Vec<_>>()
                )
            }),
            json!(c.apps),
        );
        match have {
            None => changes.push(Change {
                action: "add",
                kind: "connector",
                name: c.name.clone(),
                fields,
                needs_reconnect: 0,
                connections_removed: 0,
            }),
            Some(h) if !fields.is_empty() => {
                let reconnect = if h.scopes != c.scopes {
                    uncovered(db, h.id, &c.scopes)?
                } else {
                    0
                };
                changes.push(Change {
                    action: "change",
                    kind: "connector",
                    name: h.name.clone(),
                    fields,
                    needs_reconnect: reconnect,
                    connections_removed: 0,
                });
            }
            Some(_) => {}
        }
    }
    let mut removed: Vec<&connector::Connector> = cur
        .connectors
        .iter()
        .filter(|(k, _)| !wanted.contains_key(*k))
        .map(|(_, c)| c)
        .collect();
    removed.sort_by(|a, b| a.name.cmp(&b.name));
    for c in removed {
        let n = connection_count(db, "connector_id", c.id)?;
        changes.push(Change {
            action: "remove",
            kind: "connector",
            name: c.name.clone(),
            fields: vec![],
            needs_reconnect: 0,
            connections_removed: n,
        });
    }
    let needs_reconnect = changes.iter().map(|c| c.needs_reconnect).sum();
    let connections_removed = changes.iter().map(|c| c.connections_removed).sum();
    Ok(Plan {
        workspace: d.workspace.clone(),
        changes,
        needs_reconnect,
        connections_removed,
    })
}

/// Makes exactly the changes of `confirmed` in one transaction. The plan is computed again
/// under the write lock; if the vault changed since `confirmed` was shown, nothing is done.
pub fn apply(
    vault: &Vault,
    d: &Desired,
    confirmed: &Plan,
    before_commit: &dyn Fn() -> Result<()>,
) -> Result<Plan> {
    vault.unlock()?;
    vault.write(|tx| {
        let now_plan = compute(vault, tx, d)?;
        if now_plan != *confirmed {
            return Err(Error::problem("vault_changed", "the vault changed after the plan was made; nothing was applied")
                .hint("run `connectors plan FILE` again and review it, then apply"));
        }
        if now_plan.is_empty() {
            return Ok(now_plan);
        }
        let now = crate::time::now();
        let ws_name = d.workspace.as_str();
        for ch in &now_plan.changes {
            if ch.kind == "workspace" {
                if ch.action == "add" {
                    crate::workspace::validate_name(ws_name)?;
                    tx.execute(
                        "INSERT INTO workspaces (name, platform_domain, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                        params![ws_name, d.platform_domain, now],
                    )?;
                } else {
                    tx.execute("UPDATE workspaces SET platform_domain = ?1, updated_at = ?2 WHERE name = ?3", params![d.platform_domain, now, ws_name])?;
                }
            }
        }
        let ws = crate::workspace::find(tx, ws_name)?;
        for p in &d.providers {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
            if now_plan.changes.iter().any(|c| c.kind == "provider" && c.name == name) {
                tx.execute("INSERT OR REPLACE INTO providers (name, definition, updated_at) VALUES (?1, ?2, ?3)", params![name, p.to_string(), now])?;
            }
        }
        for a in &d.apps {
            match now_plan.changes.iter().find(|c| c.kind == "app" && c.name.eq_ignore_ascii_case(&a.name)).map(|c| c.action) {
                Some("add") => {
                    tx.execute(
                        "INSERT INTO apps (workspace_id, name, custom_domain, preview, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![ws.id, a.name, a.custom_domain, a.preview, now],
                    )?;
                }
                Some("change") => {
                    tx.execute(
                        "UPDATE apps SET custom_domain = ?1, preview = ?2, updated_at = ?3 WHERE workspace_id = ?4 AND name = ?5",
                        params![a.custom_domain, a.preview, now, ws.id, a.name],
                    )?;
                }
                _ => {}
            }
        }
        for ch in now_plan.changes.iter().filter(|c| c.action == "remove") {
            let table = if ch.kind == "app" { "apps" } else { "connectors" };
            tx.execute(&format!("DELETE FROM {table} WHERE workspace_id = ?1 AND name = ?2"), params![ws.id, ch.name])?;
        }
        for c in &d.connectors {
            let Some(ch) = now_plan.changes.iter().find(|x| x.kind == "connector" && x.name.eq_ignore_ascii_case(&c.name)) else { continue };
            let id: i64 = if ch.action == "add" {
                tx.execute(
                    "INSERT INTO connectors (workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    params![ws.id, c.name, c.provider, c.client_id, c.scopes.join("\n"), c.mode.as_str(), c.redirect_uris.join("\n"), c.apps.join("\n"), now],
                )?;
                tx.last_insert_rowid()
            } else {
                let id: i64 = tx.query_row("SELECT id FROM connectors WHERE workspace_id = ?1 AND name = ?2", params![ws.id, ch.name], |r| r.get(0))?;
                tx.execute(
                    "UPDATE connectors SET provider = ?1, client_id = ?2, scopes = ?3, mode = ?4, redirect_uris = ?5, apps = ?6, updated_at = ?7 WHERE id = ?8",
                    params![c.provider, c.client_id, c.scopes.join("\n"), c.mode.as_str(), c.redirect_uris.join("\n"), c.apps.join("\n"), now, id],
                )?;
                if ch.fields.iter().any(|f| f.field == "scopes") {
                    connector::mark_uncovered_connections(tx, id, &c.scopes)?;
                }
                id
            };
            if let DesiredSecret::Set(secret) = &c.secret
                && ch.fields.iter().any(|f| f.field == "client_secret")
            {
                connector::store_secret(vault, tx, id, secret)?;
            }
        }
        for ch in &now_plan.changes {
            let fields: Vec<&str> = ch.fields.iter().map(|f| f.field.as_str()).collect();
            let details = json!({"fields": fields, "needs_reconnect": ch.needs_reconnect, "connections_removed": ch.connections_removed, "via": "apply"});
            crate::audit::record(tx, Some(ws_name), &format!("{}.{}", ch.kind, ch.action), ch.kind, &ch.name, details)?;
        }
        before_commit()?;
        Ok(now_plan)
    })
}

/// The workspace as a configuration file, secrets as `{"vault": true}`.
pub fn export(vault: &Vault, workspace: &str) -> Result<Value> {
    let db = vault.conn();
    let ws = crate::workspace::find(db, workspace)?;
    let mut providers = Vec::new();
    let mut stmt = db.prepare("SELECT definition FROM providers ORDER BY name")?;
    for d in stmt.query_map([], |r| r.get::<_, String>(0))? {
        providers.push(serde_json::from_str::<Value>(&d?).unwrap_or(Value::Null));
    }
    let apps: Vec<Value> = crate::app::list(db, &ws)?
        .into_iter()
        .map(|a| {
            let mut v = json!({"name": a.name, "preview": a.preview});
            if let Some(d) = a.custom_domain {
                v["custom_domain"] = json!(d);
            }
            v
        })
        .collect();
    let mut connectors = Vec::new();
    for s in connector::list(db, &ws, None)? {
        let mut v = json!({
            "name": s.name,
            "provider": s.provider,
            "client_id": s.client_id,
            "client_secret": {"vault": true},
            "scopes": s.scopes,
            "mode": s.mode.as_str(),
            "redirect_uris": s.redirect_uris,
        });
        if !s.apps.is_empty() {
            v["apps"] = json!(s.apps);
        }
        connectors.push(v);
    }
    let mut doc = json!({"workspace": ws.name, "platform_domain": ws.platform_domain});
    if !providers.is_empty() {
        doc["providers"] = json!(providers);
    }
    doc["apps"] = json!(apps);
    doc["connectors"] = json!(connectors);
    Ok(doc)
}
