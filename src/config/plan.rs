//! `plan`, `apply` and `export`: the difference between a configuration file and the
//! vault, made in one transaction, and the vault written back as such a file.
//!
//! A secret appears in a plan only as "changed" with fingerprints, never its value.

use std::collections::HashMap;
use std::path::Path;

use secrecy::SecretString;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Config, ConnectorSpec, SecretRef};
use crate::connector::{self, Mode};
use crate::error::{Error, Result};
use crate::store::{AppId, ConnectorId, Read};
use crate::vault::{Tx, Vault};
use crate::workspace::Workspace;

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
    pub endpoint_params: std::collections::BTreeMap<String, String>,
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
        connectors.push(desired_connector(c, base_dir)?);
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

/// One connector of the file: its secret resolved, its names and lists normalised.
fn desired_connector(c: &ConnectorSpec, base_dir: &Path) -> Result<DesiredConnector> {
    let name = c.name.value.trim().to_string();
    let secret = resolve_secret(&name, c.client_secret.as_ref().map(|s| &s.value), base_dir)?;
    Ok(DesiredConnector {
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
        endpoint_params: c
            .endpoint_params
            .iter()
            .map(|(k, v)| {
                let kind = if k == "tenant" {
                    crate::provider::ParamKind::Tenant
                } else {
                    crate::provider::ParamKind::Host
                };
                crate::provider::validate_param(k, kind, &v.value).map(|v| (k.clone(), v))
            })
            .collect::<Result<_>>()?,
        name,
    })
}

/// The secret a connector's `client_secret` reference names: the stored one kept, or
/// one given inline, in an environment variable or in a file (trailing line breaks
/// dropped). `name` is the connector's, for the messages.
fn resolve_secret(
    name: &str,
    secret: Option<&SecretRef>,
    base_dir: &Path,
) -> Result<DesiredSecret> {
    Ok(match secret {
        Some(SecretRef::Vault) | None => DesiredSecret::Keep,
        Some(SecretRef::Inline(s)) => DesiredSecret::Set(s.clone()),
        Some(SecretRef::Env(var)) => DesiredSecret::Set(SecretString::from({
            crate::hygiene::secret_variable(var);
            std::env::var(var)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    Error::with(
                        crate::error::code::SECRET_UNRESOLVED,
                        format!("connector \"{name}\": the environment variable {var} is not set"),
                    )
                    .hint(format!(
                        "export {var}, or use {{\"vault\": true}} to keep the stored secret"
                    ))
                })?
                .trim_end_matches(['\n', '\r'])
                .to_string()
        })),
        Some(SecretRef::File(p)) => {
            let path = super::validate::secret_path(base_dir, p);
            let text = crate::limits::read_text(&path, crate::limits::SECRET).map_err(|e| {
                Error::with(
                    crate::error::code::SECRET_UNRESOLVED,
                    format!("connector \"{name}\": {}", e.message),
                )
                .hint("check the path (relative paths start at the configuration file's directory)")
            })?;
            DesiredSecret::Set(SecretString::from(
                text.trim_end_matches(['\n', '\r']).to_string(),
            ))
        }
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

fn current(db: &dyn Read, workspace: &str) -> Result<Current> {
    let mut providers = HashMap::new();
    for p in db.provider_definitions()? {
        providers.insert(
            p.name.to_ascii_lowercase(),
            serde_json::from_str(&p.definition).unwrap_or(Value::Null),
        );
    }
    let Some(ws) = db.workspace(workspace)? else {
        return Ok(Current {
            platform_domain: None,
            apps: HashMap::new(),
            connectors: HashMap::new(),
            providers,
        });
    };
    let apps = crate::app::list(db, &ws)?
        .into_iter()
        .map(|a| (a.name.to_ascii_lowercase(), a))
        .collect();
    let connectors = db
        .connectors(ws.id)?
        .into_iter()
        .map(|c| (c.name.to_ascii_lowercase(), c))
        .collect();
    Ok(Current {
        platform_domain: Some(ws.platform_domain),
        apps,
        connectors,
        providers,
    })
}

/// Connections of a connector whose granted scopes do not cover `scopes`.
fn uncovered(db: &dyn Read, connector: ConnectorId, scopes: &[String]) -> Result<i64> {
    Ok(db
        .granted_scopes(connector)?
        .iter()
        .filter(|(_, granted)| scopes.iter().any(|s| !granted.contains(s)))
        .count() as i64)
}

fn connection_count(
    db: &dyn Read,
    connector: Option<ConnectorId>,
    app: Option<AppId>,
) -> Result<i64> {
    Ok(db
        .connection_counts(connector, app)?
        .iter()
        .map(|(_, n)| n)
        .sum())
}

/// The changes `apply` would make. Decrypts stored secrets only to compare them with
/// secrets the file sets.
pub fn plan(vault: &Vault, d: &Desired) -> Result<Plan> {
    compute(vault, vault.db(), d)
}

fn compute(vault: &Vault, db: &dyn Read, d: &Desired) -> Result<Plan> {
    let cur = current(db, &d.workspace)?;
    let mut changes = Vec::new();
    changes.extend(workspace_change(&cur, d));
    provider_changes(&cur, d, &mut changes);
    app_changes(db, &cur, d, &mut changes)?;
    connector_changes(vault, db, &cur, d, &mut changes)?;
    let needs_reconnect = changes.iter().map(|c| c.needs_reconnect).sum();
    let connections_removed = changes.iter().map(|c| c.connections_removed).sum();
    Ok(Plan {
        workspace: d.workspace.clone(),
        changes,
        needs_reconnect,
        connections_removed,
    })
}

/// The workspace's own change: added, or its platform domain changed.
fn workspace_change(cur: &Current, d: &Desired) -> Option<Change> {
    match &cur.platform_domain {
        None => Some(Change {
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
        Some(pd) if *pd != d.platform_domain => Some(Change {
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
        _ => None,
    }
}

/// Provider definitions the file adds or changes.
fn provider_changes(cur: &Current, d: &Desired, changes: &mut Vec<Change>) {
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
}

/// Apps the file adds or changes, then those it no longer has.
fn app_changes(db: &dyn Read, cur: &Current, d: &Desired, changes: &mut Vec<Change>) -> Result<()> {
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
        let n = connection_count(db, None, Some(a.id))?;
        changes.push(Change {
            action: "remove",
            kind: "app",
            name: a.name.clone(),
            fields: vec![],
            needs_reconnect: 0,
            connections_removed: n,
        });
    }
    Ok(())
}

/// Connectors the file adds or changes, then those it no longer has.
fn connector_changes(
    vault: &Vault,
    db: &dyn Read,
    cur: &Current,
    d: &Desired,
    changes: &mut Vec<Change>,
) -> Result<()> {
    let wanted: HashMap<String, &DesiredConnector> = d
        .connectors
        .iter()
        .map(|c| (c.name.to_ascii_lowercase(), c))
        .collect();
    for c in &d.connectors {
        let have = cur.connectors.get(&c.name.to_ascii_lowercase());
        let fields = connector_fields(vault, db, have, c)?;
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
        let n = connection_count(db, Some(c.id), None)?;
        changes.push(Change {
            action: "remove",
            kind: "connector",
            name: c.name.clone(),
            fields: vec![],
            needs_reconnect: 0,
            connections_removed: n,
        });
    }
    Ok(())
}

/// What differs between a connector as stored (`have`) and as the file wants it; a new
/// connector has every field. Refuses what `apply` would refuse: a new connector whose
/// secret is to be kept from the vault, and a mode change under live connections.
fn connector_fields(
    vault: &Vault,
    db: &dyn Read,
    have: Option<&connector::Connector>,
    c: &DesiredConnector,
) -> Result<Vec<FieldDiff>> {
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
    fields.extend(secret_field(vault, have, c)?);
    diff(
        &mut fields,
        "scopes",
        from(&|h| json!(h.scopes)),
        json!(c.scopes),
    );
    refuse_stranding_mode_change(db, have, c)?;
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
    // Shown only where a connector has some (Microsoft's tenant, Salesforce's host).
    if !c.endpoint_params.is_empty() || have.is_some_and(|h| !h.endpoint_params.is_empty()) {
        diff(
            &mut fields,
            "endpoint_params",
            from(&|h| json!(h.endpoint_params)),
            json!(c.endpoint_params),
        );
    }
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
    Ok(fields)
}

/// The `client_secret` difference, as fingerprints. Compared by keyed MAC; only a changed
/// secret is decrypted (for its fingerprint). A new connector must set its secret.
fn secret_field(
    vault: &Vault,
    have: Option<&connector::Connector>,
    c: &DesiredConnector,
) -> Result<Option<FieldDiff>> {
    match (have, &c.secret) {
        (None, DesiredSecret::Keep) => Err(Error::with(
            crate::error::code::SECRET_UNRESOLVED,
            format!(
                "connector \"{}\" is new, so {{\"vault\": true}} has no stored secret to keep",
                c.name
            ),
        )
        .hint("give its secret as {\"env\": \"VAR\"} or {\"file\": \"path\"}")),
        (None, DesiredSecret::Set(secret)) => Ok(Some(FieldDiff {
            field: "client_secret".into(),
            from: Value::Null,
            to: json!({"fingerprint": connector::fingerprint(secret)}),
        })),
        (Some(h), DesiredSecret::Set(secret)) if !connector::secret_is(vault, h, secret)? => {
            let stored = connector::secret(vault, h)?;
            Ok(Some(FieldDiff {
                field: "client_secret".into(),
                from: json!({"fingerprint": connector::fingerprint(&stored)}),
                to: json!({"fingerprint": connector::fingerprint(secret)}),
            }))
        }
        _ => Ok(None),
    }
}

/// Refuses a mode change of a connector that has connections: the same refusal as
/// `edit --mode`, found when planning, not when applying.
fn refuse_stranding_mode_change(
    db: &dyn Read,
    have: Option<&connector::Connector>,
    c: &DesiredConnector,
) -> Result<()> {
    if let Some(h) = have.filter(|h| h.mode != c.mode) {
        let n = connection_count(db, Some(h.id), None)?;
        if n > 0 {
            return Err(Error::with(crate::error::code::MODE_IN_USE,
                format!("connector '{}' has {n} connection(s) made in {} mode; changing the mode would strand them", h.name, h.mode),
            )
            .hint("disconnect those connections first, or add a new connector with the other mode"));
        }
    }
    Ok(())
}

/// Makes exactly the changes of `confirmed` in one transaction, through the same write
/// functions (and so the same checks and audit records) as the commands. The plan is
/// computed again under the write lock; if the vault changed since `confirmed` was shown,
/// nothing is done. Connectors and apps it removes are locked first, so that no grant
/// of theirs is being changed while they go.
pub fn apply(
    vault: &Vault,
    d: &Desired,
    confirmed: &Plan,
    before_commit: &dyn Fn() -> Result<()>,
) -> Result<Plan> {
    vault.unlock()?;
    vault.set_via(crate::audit::Via::Apply);
    let _locks = lock_removals(vault, d, confirmed)?;
    vault.write(|tx| {
        let now_plan = replan_unchanged(vault, tx, d, confirmed)?;
        if now_plan.is_empty() {
            return Ok(now_plan);
        }
        let planned = Planned::index(&now_plan);
        let ws = apply_workspace(tx, d, &planned)?;
        apply_providers(tx, d, &planned)?;
        apply_apps(tx, &ws, d, &planned)?;
        apply_removals(tx, &ws, &now_plan)?;
        apply_connectors(vault, tx, &ws, d, &planned)?;
        before_commit()?;
        Ok(now_plan)
    })
}

/// Locks the connectors and apps `confirmed` removes (those that still exist).
fn lock_removals(
    vault: &Vault,
    d: &Desired,
    confirmed: &Plan,
) -> Result<Vec<crate::store::LockGuard>> {
    let db = vault.db();
    let (mut connectors, mut apps) = (Vec::new(), Vec::new());
    if let Some(ws) = db.workspace(&d.workspace)? {
        for ch in confirmed.changes.iter().filter(|c| c.action == "remove") {
            match ch.kind {
                "app" => apps.extend(db.app(ws.id, &ch.name)?.map(|a| a.id)),
                "connector" => connectors.extend(db.connector(ws.id, &ch.name)?.map(|c| c.id)),
                _ => {}
            }
        }
    }
    crate::connection::lock_removal(vault, &connectors, &apps)
}

/// The plan computed again under the write lock; refused unless it is `confirmed`.
fn replan_unchanged(vault: &Vault, tx: &Tx<'_>, d: &Desired, confirmed: &Plan) -> Result<Plan> {
    let now_plan = compute(vault, tx.read(), d)?;
    if now_plan != *confirmed {
        return Err(Error::with(
            crate::error::code::VAULT_CHANGED,
            "the vault changed after the plan was made; nothing was applied",
        )
        .hint("run `connectors plan FILE` again and review it, then apply"));
    }
    Ok(now_plan)
}

/// A plan's changes by kind and name (case-insensitively): looked up once per item of
/// the file, an index, not a search of every change. The first change of a name wins.
struct Planned<'a>(HashMap<(&'static str, String), &'a Change>);

impl<'a> Planned<'a> {
    fn index(plan: &'a Plan) -> Planned<'a> {
        let mut index = HashMap::with_capacity(plan.changes.len());
        for c in &plan.changes {
            index
                .entry((c.kind, c.name.to_ascii_lowercase()))
                .or_insert(c);
        }
        Planned(index)
    }

    fn get(&self, kind: &'static str, name: &str) -> Option<&'a Change> {
        self.0.get(&(kind, name.to_ascii_lowercase())).copied()
    }
}

/// Adds the workspace or changes its platform domain, as planned; returns it as stored.
fn apply_workspace(tx: &Tx<'_>, d: &Desired, planned: &Planned<'_>) -> Result<Workspace> {
    let ws_name = d.workspace.as_str();
    match planned.get("workspace", ws_name).map(|c| c.action) {
        Some("add") => {
            crate::workspace::add_in(tx, ws_name, &d.platform_domain)?;
        }
        Some(_) => {
            crate::workspace::set_platform_domain_in(tx, ws_name, &d.platform_domain)?;
        }
        None => {}
    }
    crate::workspace::find(tx.read(), ws_name)
}

/// Writes the provider definitions the plan adds or changes, in the file's order.
fn apply_providers(tx: &Tx<'_>, d: &Desired, planned: &Planned<'_>) -> Result<()> {
    for p in &d.providers {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        if planned.get("provider", name).is_some() {
            crate::provider::put_in(tx, name, p, "apply")?;
        }
    }
    Ok(())
}

/// Adds or changes the apps the plan names, in the file's order.
fn apply_apps(tx: &Tx<'_>, ws: &Workspace, d: &Desired, planned: &Planned<'_>) -> Result<()> {
    for a in &d.apps {
        match planned.get("app", &a.name).map(|c| c.action) {
            Some("add") => {
                crate::app::add_in(tx, ws, &a.name, a.custom_domain.as_deref(), a.preview)?;
            }
            Some("change") => {
                let changes = crate::app::AppChanges {
                    rename: None,
                    custom_domain: Some(a.custom_domain.clone()),
                    preview: Some(a.preview),
                };
                crate::app::edit_in(tx, ws, &a.name, changes)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Removes the apps and connectors the file no longer has, in the plan's order.
fn apply_removals(tx: &Tx<'_>, ws: &Workspace, plan: &Plan) -> Result<()> {
    for ch in plan.changes.iter().filter(|c| c.action == "remove") {
        match ch.kind {
            "app" => {
                crate::app::remove_in(tx, ws, &ch.name)?;
            }
            "connector" => {
                connector::delete_in(tx, ws, &ch.name)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds or edits the connectors the plan names, in the file's order.
fn apply_connectors(
    vault: &Vault,
    tx: &Tx<'_>,
    ws: &Workspace,
    d: &Desired,
    planned: &Planned<'_>,
) -> Result<()> {
    let catalog = crate::provider::Catalog::load(Some(tx.read()), None)?;
    let apps = connector::AppIndex::load(tx.read(), ws)?;
    // A run of new connectors is written together (a few statements for thousands);
    // an edit between them writes the run before it, so the audit log keeps the
    // file's order.
    let mut run: Vec<connector::Prepared> = Vec::new();
    for c in &d.connectors {
        let Some(ch) = planned.get("connector", &c.name) else {
            continue;
        };
        let secret = secret_to_write(c, ch);
        if ch.action == "add" {
            let new = new_connector(c, secret)?;
            run.push(connector::prepare(tx.read(), ws, &catalog, &apps, new)?);
        } else {
            connector::insert_prepared(tx, ws, std::mem::take(&mut run))?;
            connector::edit_in(tx, vault, ws, &c.name, connector_edit(c, secret))?;
        }
    }
    connector::insert_prepared(tx, ws, run)
}

/// The secret to write for a connector: the file's, only where the plan changes it.
fn secret_to_write(c: &DesiredConnector, ch: &Change) -> Option<SecretString> {
    match &c.secret {
        DesiredSecret::Set(s) if ch.fields.iter().any(|f| f.field == "client_secret") => {
            Some(s.clone())
        }
        _ => None,
    }
}

/// A connector the plan adds, as `connector add` would take it; it needs its secret.
fn new_connector(
    c: &DesiredConnector,
    secret: Option<SecretString>,
) -> Result<connector::NewConnector> {
    Ok(connector::NewConnector {
        name: c.name.clone(),
        provider: c.provider.clone(),
        client_id: c.client_id.clone(),
        client_secret: secret.ok_or_else(|| {
            Error::with(
                crate::error::code::SECRET_UNRESOLVED,
                format!(
                    "connector \"{}\" is new and needs its client secret",
                    c.name
                ),
            )
        })?,
        scopes: c.scopes.clone(),
        mode: c.mode,
        redirect_uris: c.redirect_uris.clone(),
        apps: c.apps.clone(),
        endpoint_params: c.endpoint_params.clone(),
    })
}

/// A connector the plan changes, as an edit that sets every field to the file's.
fn connector_edit(c: &DesiredConnector, secret: Option<SecretString>) -> connector::Changes {
    connector::Changes {
        name: None,
        provider: Some(c.provider.clone()),
        client_id: Some(c.client_id.clone()),
        client_secret: secret,
        scopes: connector::ListEdit::replace(c.scopes.clone()),
        mode: Some(c.mode),
        redirect_uris: connector::ListEdit::replace(c.redirect_uris.clone()),
        apps: Some(c.apps.clone()),
        endpoint_params: c.endpoint_params.clone(),
        replace_endpoint_params: true,
    }
}

/// The workspace as a configuration file, secrets as `{"vault": true}`. Every row is
/// checked by its MAC first (which needs the key): a row changed outside connectors is
/// refused, never written into a file that `apply` would then sign.
pub fn export(vault: &Vault, workspace: &str) -> Result<Value> {
    let db = vault.db();
    let ws = crate::workspace::find(db, workspace)?;
    vault.check(&ws)?;
    let stored = db.provider_definitions()?;
    for p in &stored {
        vault.check(p)?;
    }
    let providers: Vec<Value> = stored
        .into_iter()
        .map(|p| serde_json::from_str::<Value>(&p.definition).unwrap_or(Value::Null))
        .collect();
    let apps = crate::app::list(db, &ws)?;
    for a in &apps {
        vault.check(a)?;
    }
    let apps: Vec<Value> = apps
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
    for s in db.connectors(ws.id)? {
        vault.check(&s)?;
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
        for (k, value) in &s.endpoint_params {
            v[k.as_str()] = json!(value);
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

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn set(secret: DesiredSecret) -> String {
        match secret {
            DesiredSecret::Set(s) => s.expose_secret().to_string(),
            DesiredSecret::Keep => panic!("expected a secret to set"),
        }
    }

    #[test]
    fn a_secret_file_is_read_relative_to_the_file_without_its_final_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.txt"), "  s3cret \r\n\n").unwrap();
        let r = SecretRef::File("s.txt".into());
        let secret = resolve_secret("gh", Some(&r), dir.path()).unwrap();
        // Only line breaks go: spaces are part of a secret.
        assert_eq!(set(secret), "  s3cret ");
    }

    #[test]
    fn an_unreadable_secret_names_its_connector() {
        let dir = tempfile::tempdir().unwrap();
        let r = SecretRef::File("missing.txt".into());
        let Err(e) = resolve_secret("gh", Some(&r), dir.path()) else {
            panic!("a missing file resolved");
        };
        assert_eq!(e.code, crate::error::code::SECRET_UNRESOLVED.name);
        assert!(e.message.starts_with("connector \"gh\": "), "{}", e.message);

        let r = SecretRef::Env("CONNECTORS_PLAN_TEST_NEVER_SET".into());
        let Err(e) = resolve_secret("gh", Some(&r), dir.path()) else {
            panic!("an unset variable resolved");
        };
        assert_eq!(e.code, crate::error::code::SECRET_UNRESOLVED.name);
        assert_eq!(
            e.message,
            "connector \"gh\": the environment variable CONNECTORS_PLAN_TEST_NEVER_SET is not set"
        );
    }

    #[test]
    fn a_vault_reference_or_none_keeps_the_stored_secret() {
        let base = Path::new(".");
        for r in [None, Some(&SecretRef::Vault)] {
            assert!(matches!(
                resolve_secret("gh", r, base),
                Ok(DesiredSecret::Keep)
            ));
        }
        let inline = SecretRef::Inline(SecretString::from("x\n"));
        assert_eq!(
            set(resolve_secret("gh", Some(&inline), base).unwrap()),
            "x\n"
        );
    }

    fn change(action: &'static str, kind: &'static str, name: &str, fields: &[&str]) -> Change {
        Change {
            action,
            kind,
            name: name.into(),
            fields: fields
                .iter()
                .map(|f| FieldDiff {
                    field: (*f).into(),
                    from: Value::Null,
                    to: Value::Null,
                })
                .collect(),
            needs_reconnect: 0,
            connections_removed: 0,
        }
    }

    #[test]
    fn planned_changes_are_found_by_kind_and_name_in_any_case() {
        let plan = Plan {
            workspace: "w".into(),
            changes: vec![
                change("change", "app", "Web", &[]),
                change("add", "connector", "Web", &[]),
                change("remove", "app", "web", &[]),
            ],
            needs_reconnect: 0,
            connections_removed: 0,
        };
        let planned = Planned::index(&plan);
        assert_eq!(planned.get("app", "WEB").map(|c| c.action), Some("change"));
        assert_eq!(
            planned.get("connector", "web").map(|c| c.action),
            Some("add")
        );
        assert!(planned.get("provider", "web").is_none());
    }

    #[test]
    fn a_secret_is_written_only_where_the_plan_changes_it() {
        let c = DesiredConnector {
            name: "gh".into(),
            provider: "github".into(),
            client_id: "id".into(),
            secret: DesiredSecret::Set(SecretString::from("s")),
            scopes: vec![],
            mode: Mode::PerUser,
            redirect_uris: vec![],
            apps: vec![],
            endpoint_params: Default::default(),
        };
        let unchanged = change("change", "connector", "gh", &["scopes"]);
        assert!(secret_to_write(&c, &unchanged).is_none());
        let changed = change("change", "connector", "gh", &["client_secret"]);
        assert_eq!(
            secret_to_write(&c, &changed).map(|s| s.expose_secret().to_string()),
            Some("s".into())
        );
    }
}
