//! Connectors: OAuth apps an admin registered at a provider, shared by every app of a
//! workspace. Names are unique per workspace without regard to case; several connectors
//! of one provider may coexist.
//!
//! The client secret is only ever stored sealed (see [`crate::vault::envelope`]) and
//! shown as a fingerprint; nothing here puts a secret in an error, a log or the audit log.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::Action;
use crate::error::{Error, Result};
use crate::provider::Catalog;
use crate::store::{ConnectorFields, ConnectorId, NewRow, Read, SecretColumn};
use crate::vault::{Tx, Vault};
use crate::workspace::Workspace;

pub use crate::model::{Connector, Mode, Summary};

impl Connector {
    /// The fields the store writes.
    fn fields(&self) -> ConnectorFields<'_> {
        ConnectorFields {
            name: &self.name,
            provider: &self.provider,
            client_id: &self.client_id,
            scopes: &self.scopes,
            mode: self.mode,
            redirect_uris: &self.redirect_uris,
            apps: &self.apps,
            params: &self.endpoint_params,
        }
    }

    /// Its provider with this connector's endpoint parameters in the URLs.
    pub fn provider_from(&self, catalog: &Catalog) -> Result<crate::provider::Provider> {
        catalog
            .require(&self.provider)?
            .resolved(&self.endpoint_params)
    }
}

/// Checks endpoint parameters against the provider's; returns them as stored.
pub fn check_params(
    provider: &crate::provider::Provider,
    params: &std::collections::BTreeMap<String, String>,
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut out = std::collections::BTreeMap::new();
    for (name, value) in params {
        let Some(spec) = provider.endpoint_params.get(name) else {
            return Err(provider.unknown_param(name));
        };
        out.insert(
            name.clone(),
            crate::provider::validate_param(name, spec.kind, value)?,
        );
    }
    Ok(out)
}

impl Connector {
    /// Whether `app` may use this connector.
    pub fn serves(&self, app: &str) -> bool {
        self.apps.is_empty() || self.apps.iter().any(|a| a.eq_ignore_ascii_case(app))
    }

    /// The redirect URIs the apps using this connector need registered, as (app, URI).
    pub fn needed_redirects(
        &self,
        ws: &Workspace,
        apps: &[crate::app::App],
    ) -> Vec<(String, crate::redirect::RedirectUri)> {
        apps.iter()
            .filter(|a| self.serves(&a.name))
            .flat_map(|a| a.redirect_uris(ws).into_iter().map(|u| (a.name.clone(), u)))
            .collect()
    }
}

/// A connector name: trimmed, 1 to 100 characters, no control characters.
pub fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::with(
            crate::error::code::BAD_CONNECTOR_NAME,
            "the connector name is empty",
        )
        .hint("give a short name people recognise, such as \"Google Calendar scheduling\""));
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Error::with(
            crate::error::code::BAD_CONNECTOR_NAME,
            "the connector name is longer than 100 characters or contains control characters",
        )
        .hint("give a short name on one line"));
    }
    Ok(name.to_string())
}

pub fn validate_client_id(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::with(crate::error::code::BAD_CLIENT_ID, "the client ID is empty")
            .hint("copy it from the provider's developer console (`connectors providers show PROVIDER` says where)"));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::with(
            crate::error::code::BAD_CLIENT_ID,
            "the client ID contains whitespace",
        )
        .hint(
            "copy it again from the provider's developer console, without spaces or line breaks",
        ));
    }
    Ok(id.to_string())
}

pub fn validate_secret(secret: &SecretString) -> Result<()> {
    let s = secret.expose_secret();
    if s.is_empty() {
        return Err(Error::with(
            crate::error::code::EMPTY_SECRET,
            "the client secret is empty",
        )
        .hint("copy it from the provider's developer console"));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(Error::with(
            crate::error::code::BAD_SECRET,
            "the client secret contains a line break or control character",
        )
        .hint(
            "give the secret alone; a file or stdin may end with one newline, which is removed",
        ));
    }
    Ok(())
}

/// A short fingerprint of a secret: the first 16 hex digits of its SHA-256. Compare with
/// `printf %s "$SECRET" | sha256sum | cut -c1-16`.
pub fn fingerprint(secret: &SecretString) -> String {
    let digest = Sha256::digest(secret.expose_secret().as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

pub fn find(db: &dyn Read, ws: &Workspace, name: &str) -> Result<Connector> {
    let name = name.trim();
    db.connector(ws.id, name)?.ok_or_else(|| {
        let names: Vec<String> = db
            .connector_summaries(ws.id, None)
            .map(|l| l.into_iter().map(|s| s.name).collect())
            .unwrap_or_default();
        Error::with(
            crate::error::code::UNKNOWN_CONNECTOR,
            format!(
                "there is no connector named '{name}' in workspace '{}'",
                ws.name
            ),
        )
        .hint(
            match crate::scopes::closest(name, names.iter().map(String::as_str)) {
                Some(n) => format!("did you mean '{n}'? `connectors list` shows them all"),
                None => "`connectors list` shows the connectors of this workspace".into(),
            },
        )
    })
}

/// Every connector of a workspace with its connection counts. Decrypts nothing.
pub fn list(db: &dyn Read, ws: &Workspace, provider: Option<&str>) -> Result<Vec<Summary>> {
    db.connector_summaries(ws.id, provider)
}

/// Connection counts of one connector by status.
pub fn connection_counts(db: &dyn Read, connector: &Connector) -> Result<Vec<(String, i64)>> {
    db.connection_counts(Some(connector.id), None)
}

/// Decrypts a connector's client secret to send it to `provider`'s endpoints: the
/// connector's row and the vault's definition of the provider (if any) must be intact.
pub fn secret_for(
    vault: &Vault,
    provider: &crate::provider::Provider,
    connector: &Connector,
) -> Result<SecretString> {
    vault.check_provider(&provider.stored)?;
    secret(vault, connector)
}

/// Decrypts a connector's client secret, once its row is found intact.
pub fn secret(vault: &Vault, connector: &Connector) -> Result<SecretString> {
    let verified = vault.verified(connector)?;
    vault.client_secret(&verified)?.ok_or_else(|| {
        Error::with(
            crate::error::code::NO_SECRET,
            format!("connector '{}' has no client secret stored", connector.name),
        )
        .hint(format!(
            "set it with `connectors edit \"{}\" --client-secret-stdin`",
            connector.name
        ))
    })
}

#[derive(Clone)]
pub struct NewConnector {
    pub name: String,
    pub provider: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    pub apps: Vec<String>,
    /// Endpoint parameters (Microsoft's tenant, Salesforce's login host).
    pub endpoint_params: std::collections::BTreeMap<String, String>,
}

/// Checks registered redirect URIs and drops repeats, keeping order.
pub fn normalize_redirect_uris(list: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for uri in list {
        let uri = crate::redirect::validate_registered(uri)?;
        if !out.contains(&uri) {
            out.push(uri);
        }
    }
    Ok(out)
}

/// Checks that every app named exists in the workspace; returns their stored names.
fn check_apps(db: &dyn Read, ws: &Workspace, apps: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for a in apps {
        let app = crate::app::find(db, ws, a.trim())?;
        if !out.contains(&app.name) {
            out.push(app.name);
        }
    }
    Ok(out)
}

fn duplicate(existing: &str, ws: &Workspace) -> Error {
    Error::with(crate::error::code::CONNECTOR_EXISTS, format!("a connector named '{existing}' already exists in workspace '{}'", ws.name))
        .hint("names are compared without regard to case; choose another name, or change that one with `connectors edit`")
}

/// Stores a connector's client secret: sealed to its row, with its keyed MAC.
pub fn store_secret(tx: &Tx<'_>, id: ConnectorId, secret: &SecretString) -> Result<()> {
    let bytes = secret.expose_secret().as_bytes();
    let sealed = tx.seal(SecretColumn::ConnectorClientSecret, id.0, bytes)?;
    let mac = tx.secret_mac(bytes)?;
    tx.set_client_secret(id, &sealed, &mac)
}

/// Whether `candidate` is the connector's stored secret: by MAC when there is one (no
/// decryption), else by decrypting.
pub fn secret_is(vault: &Vault, connector: &Connector, candidate: &SecretString) -> Result<bool> {
    match &connector.secret_mac {
        Some(m) => Ok(*m == vault.secret_mac(candidate.expose_secret().as_bytes())?),
        None => Ok(secret(vault, connector)?.expose_secret() == candidate.expose_secret()),
    }
}

/// Checks and stores a new connector, with its secret sealed to its row, in one transaction.
pub fn add(
    vault: &Vault,
    ws: &Workspace,
    catalog: &Catalog,
    new: NewConnector,
) -> Result<Connector> {
    vault.write_signed(|tx| add_in(tx, ws, catalog, new.clone()))
}

/// Adds a connector inside the caller's transaction (the one write path of `add` and
/// `apply`).
pub fn add_in(
    tx: &Tx<'_>,
    ws: &Workspace,
    catalog: &Catalog,
    new: NewConnector,
) -> Result<Connector> {
    if let Some(existing) = tx.read().connector(ws.id, new.name.trim())? {
        return Err(duplicate(&existing.name, ws));
    }
    let apps = AppIndex::load(tx.read(), ws)?;
    let ready = prepare(tx.read(), ws, catalog, &apps, new)?;
    let name = ready.name.clone();
    insert_prepared(tx, ws, vec![ready])?;
    find(tx.read(), ws, &name)
}

/// The apps of a workspace by name without regard to case, read once for a transaction
/// that adds many connectors.
pub struct AppIndex(std::collections::HashMap<String, String>);

impl AppIndex {
    pub fn load(db: &dyn Read, ws: &Workspace) -> Result<AppIndex> {
        Ok(AppIndex(
            db.apps(ws.id)?
                .into_iter()
                .map(|a| (a.name.to_ascii_lowercase(), a.name))
                .collect(),
        ))
    }
}

/// A new connector checked and ready to be written.
pub struct Prepared {
    name: String,
    provider: String,
    client_id: String,
    client_secret: SecretString,
    scopes: Vec<String>,
    mode: Mode,
    redirect_uris: Vec<String>,
    apps: Vec<String>,
    endpoint_params: std::collections::BTreeMap<String, String>,
}

/// Checks a new connector against the catalog and the workspace's apps, writing nothing.
pub fn prepare(
    db: &dyn Read,
    ws: &Workspace,
    catalog: &Catalog,
    apps: &AppIndex,
    new: NewConnector,
) -> Result<Prepared> {
    let name = validate_name(&new.name)?;
    let client_id = validate_client_id(&new.client_id)?;
    validate_secret(&new.client_secret)?;
    let provider = catalog.require(&new.provider)?;
    if !provider.is_usable() {
        return Err(Error::with(crate::error::code::PROVIDER_INCOMPLETE, format!("provider '{}' has no endpoints to use", provider.name))
            .hint("define your provider (name, authorization_url, token_url) in a JSON file and load it with `connectors providers add FILE` or --providers FILE"));
    }
    let scopes = crate::scopes::normalize(&new.scopes)?;
    let redirect_uris = normalize_redirect_uris(&new.redirect_uris)?;
    let endpoint_params = check_params(provider, &new.endpoint_params)?;
    let mut app_names: Vec<String> = Vec::new();
    for a in &new.apps {
        let app = match apps.0.get(&a.trim().to_ascii_lowercase()) {
            Some(n) => n.clone(),
            // Not there: the lookup's own error, with its suggestions.
            None => crate::app::find(db, ws, a.trim())?.name,
        };
        if !app_names.contains(&app) {
            app_names.push(app);
        }
    }
    Ok(Prepared {
        name,
        provider: provider.name.clone(),
        client_id,
        client_secret: new.client_secret,
        scopes,
        mode: new.mode,
        redirect_uris,
        apps: app_names,
        endpoint_params,
    })
}

/// Writes prepared connectors that the caller knows are not there (`add` checked, and
/// `apply`'s plan, made in the same transaction, says so; the unique index refuses a
/// duplicate regardless): ids reserved first, so that each secret is sealed to its row
/// and written with it, in as few statements as the engine allows.
pub fn insert_prepared(tx: &Tx<'_>, ws: &Workspace, list: Vec<Prepared>) -> Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    let ids = tx.reserve_connector_ids(list.len())?;
    let now = crate::time::now();
    let mut sealed = Vec::with_capacity(list.len());
    for (p, id) in list.iter().zip(&ids) {
        let bytes = p.client_secret.expose_secret().as_bytes();
        sealed.push((
            tx.seal(SecretColumn::ConnectorClientSecret, id.0, bytes)?,
            tx.secret_mac(bytes)?,
        ));
    }
    let rows: Vec<NewRow<'_>> = list
        .iter()
        .zip(&ids)
        .zip(&sealed)
        .map(|((p, id), (secret, mac))| NewRow {
            id: *id,
            fields: ConnectorFields {
                name: &p.name,
                provider: &p.provider,
                client_id: &p.client_id,
                scopes: &p.scopes,
                mode: p.mode,
                redirect_uris: &p.redirect_uris,
                apps: &p.apps,
                params: &p.endpoint_params,
            },
            secret,
            secret_mac: mac,
        })
        .collect();
    tx.insert_connectors(ws.id, &rows, &now)?;
    for p in &list {
        tx.record(Some(&ws.name), Action::ConnectorAdd, &p.name, {
            let mut d = serde_json::json!({
                "provider": p.provider,
                "client_id": p.client_id,
                "client_secret": {"set": true},
                "scopes": p.scopes,
                "mode": p.mode.as_str(),
                "redirect_uris": p.redirect_uris,
                "apps": p.apps,
            });
            if !p.endpoint_params.is_empty() {
                d["endpoint_params"] = serde_json::json!(p.endpoint_params);
            }
            d
        })?;
    }
    Ok(())
}

/// A list after `--X` (replace), `--add-X` and `--remove-X`, applied to the stored list
/// inside the write transaction, so that concurrent additions are never lost.
#[derive(Debug, Default, Clone)]
pub struct ListEdit {
    pub replace: Option<Vec<String>>,
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

impl ListEdit {
    pub fn replace(list: Vec<String>) -> ListEdit {
        ListEdit {
            replace: Some(list),
            ..ListEdit::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.replace.is_none() && self.add.is_empty() && self.remove.is_empty()
    }

    /// The new list, and a warning for each value to remove that was not there.
    fn apply(&self, current: &[String], what: &str, absent: &str) -> (Vec<String>, Vec<String>) {
        let mut list = self.replace.clone().unwrap_or_else(|| current.to_vec());
        list.extend(self.add.iter().cloned());
        let mut warnings = Vec::new();
        for r in &self.remove {
            let before = list.len();
            list.retain(|s| s.trim() != r.trim());
            if list.len() == before {
                warnings.push(format!("{what} '{r}' {absent}; nothing to remove"));
            }
        }
        (list, warnings)
    }
}

/// What `edit` may change; `None` (or an empty list edit) leaves a field as it is.
#[derive(Default, Clone)]
pub struct Changes {
    pub name: Option<String>,
    pub provider: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub scopes: ListEdit,
    pub mode: Option<Mode>,
    pub redirect_uris: ListEdit,
    /// The apps that use it; `Some(vec![])` means every app.
    pub apps: Option<Vec<String>>,
    /// Endpoint parameters to set (merged into the stored ones).
    pub endpoint_params: std::collections::BTreeMap<String, String>,
    /// Whether `endpoint_params` replaces the stored ones entirely (`apply`).
    pub replace_endpoint_params: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.provider.is_none()
            && self.client_id.is_none()
            && self.client_secret.is_none()
            && self.scopes.is_empty()
            && self.mode.is_none()
            && self.redirect_uris.is_empty()
            && self.apps.is_none()
            && self.endpoint_params.is_empty()
            && !self.replace_endpoint_params
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditReport {
    pub connector: Connector,
    pub changes: Vec<FieldChange>,
    /// Connections whose granted scopes no longer cover the connector's scopes.
    pub needs_reconnect: i64,
    /// Values asked to be removed that were not in their list.
    pub warnings: Vec<String>,
}

/// Applies `changes` in one transaction and says what changed. A scope change sends every
/// connection whose granted scopes no longer cover the new ones to `needs_reconnect`.
pub fn edit(vault: &Vault, ws: &Workspace, name: &str, changes: Changes) -> Result<EditReport> {
    vault.write_signed(|tx| edit_in(tx, vault, ws, name, changes.clone()))
}

/// Edits a connector inside the caller's transaction (the one write path of `edit` and
/// `apply`): the stored connector is read, changed and written under the write lock.
pub fn edit_in(
    tx: &Tx<'_>,
    vault: &Vault,
    ws: &Workspace,
    name: &str,
    changes: Changes,
) -> Result<EditReport> {
    let new_name = changes.name.as_deref().map(validate_name).transpose()?;
    let client_id = changes
        .client_id
        .as_deref()
        .map(validate_client_id)
        .transpose()?;
    if let Some(s) = &changes.client_secret {
        validate_secret(s)?;
    }
    let before = find(tx.read(), ws, name)?;
    let (scopes, redirect_uris, warnings) = edited_lists(&before, &changes)?;
    let mut edit = Edit {
        after: before.clone(),
        before: &before,
        report: Vec::new(),
    };
    if let Some(n) = new_name.filter(|n| *n != before.name) {
        if let Some(existing) = tx.read().connector(ws.id, &n)?
            && existing.id != before.id
        {
            return Err(duplicate(&existing.name, ws));
        }
        edit.change("name", before.name.clone().into(), n.clone().into());
        edit.after.name = n;
    }
    if let Some(p) = changes
        .provider
        .clone()
        .filter(|p| !p.eq_ignore_ascii_case(&before.provider))
    {
        edit.change("provider", before.provider.clone().into(), p.clone().into());
        edit.after.provider = p;
    }
    if let Some(id) = client_id.filter(|id| *id != before.client_id) {
        edit.change(
            "client_id",
            before.client_id.clone().into(),
            id.clone().into(),
        );
        edit.after.client_id = id;
    }
    if let Some(s) = scopes.filter(|s| *s != before.scopes) {
        edit.change("scopes", before.scopes.clone().into(), s.clone().into());
        edit.after.scopes = s;
    }
    if let Some(m) = changes.mode.filter(|m| *m != before.mode) {
        edit_mode(tx, &mut edit, m)?;
    }
    if let Some(apps) = changes
        .apps
        .as_deref()
        .map(|a| check_apps(tx.read(), ws, a))
        .transpose()?
        .filter(|a| *a != before.apps)
    {
        edit.change("apps", before.apps.clone().into(), apps.clone().into());
        edit.after.apps = apps;
    }
    if !changes.endpoint_params.is_empty() || changes.replace_endpoint_params {
        edit_endpoint_params(tx, &mut edit, &changes)?;
    }
    if let Some(r) = redirect_uris.filter(|r| *r != before.redirect_uris) {
        edit.change(
            "redirect_uris",
            before.redirect_uris.clone().into(),
            r.clone().into(),
        );
        edit.after.redirect_uris = r;
    }
    let sealed = edit_secret(vault, &mut edit, changes.client_secret.as_ref())?;
    let needs_reconnect = persist_edit(tx, ws, &edit, sealed)?;
    Ok(EditReport {
        connector: find(tx.read(), ws, &edit.after.name)?,
        changes: edit.report,
        needs_reconnect,
        warnings,
    })
}

/// A connector being edited: the row as it was, as it will be, and what changed.
struct Edit<'b> {
    before: &'b Connector,
    after: Connector,
    report: Vec<FieldChange>,
}

impl Edit<'_> {
    fn change(&mut self, field: &'static str, from: serde_json::Value, to: serde_json::Value) {
        self.report.push(FieldChange { field, from, to });
    }
}

/// The scope and redirect URI lists after their edits (replaced, or with items added and
/// removed), each normalized; and warnings for removals of items that were not there.
#[allow(clippy::type_complexity)]
fn edited_lists(
    before: &Connector,
    changes: &Changes,
) -> Result<(Option<Vec<String>>, Option<Vec<String>>, Vec<String>)> {
    let mut warnings = Vec::new();
    let scopes = if changes.scopes.is_empty() {
        None
    } else {
        let (list, w) = changes
            .scopes
            .apply(&before.scopes, "scope", "was not in the list");
        warnings.extend(w);
        Some(crate::scopes::normalize(&list)?)
    };
    let redirect_uris = if changes.redirect_uris.is_empty() {
        None
    } else {
        let (list, w) = changes.redirect_uris.apply(
            &before.redirect_uris,
            "redirect URI",
            "was not registered",
        );
        warnings.extend(w);
        Some(normalize_redirect_uris(&list)?)
    };
    Ok((scopes, redirect_uris, warnings))
}

/// A new client secret, when it differs from the stored one (compared by keyed MAC):
/// what is to be sealed.
fn edit_secret<'s>(
    vault: &Vault,
    edit: &mut Edit<'_>,
    secret: Option<&'s SecretString>,
) -> Result<Option<&'s SecretString>> {
    let Some(secret) = secret else {
        return Ok(None);
    };
    let unchanged = match &edit.before.secret_ciphertext {
        Some(_) => secret_is(vault, edit.before, secret)?,
        None => false,
    };
    if unchanged {
        return Ok(None);
    }
    edit.change("client_secret", "(hidden)".into(), "(changed)".into());
    Ok(Some(secret))
}

/// A mode change, refused while connections made in the old mode exist.
fn edit_mode(tx: &Tx<'_>, edit: &mut Edit<'_>, m: Mode) -> Result<()> {
    let before = edit.before;
    let count: i64 = connection_counts(tx.read(), before)?
        .iter()
        .map(|(_, n)| n)
        .sum();
    if count > 0 {
        return Err(Error::with(crate::error::code::MODE_IN_USE,
            format!("connector '{}' has {count} connection(s) made in {} mode; changing the mode would strand them", before.name, before.mode),
        )
        .hint("disconnect those connections first, or add a new connector with the other mode"));
    }
    edit.change("mode", before.mode.as_str().into(), m.as_str().into());
    edit.after.mode = m;
    Ok(())
}

/// Endpoint parameters set, cleared (an empty value: the provider's default applies
/// again) or replaced (`apply`), each checked against the provider's.
fn edit_endpoint_params(tx: &Tx<'_>, edit: &mut Edit<'_>, changes: &Changes) -> Result<()> {
    let before = edit.before;
    let catalog = Catalog::load(Some(tx.read()), None)?;
    let provider = catalog.require(&edit.after.provider)?;
    let mut params = if changes.replace_endpoint_params {
        std::collections::BTreeMap::new()
    } else {
        before.endpoint_params.clone()
    };
    // An empty value clears a parameter: the provider's default applies again.
    let (cleared, set): (std::collections::BTreeMap<_, _>, _) = changes
        .endpoint_params
        .clone()
        .into_iter()
        .partition(|(_, v)| v.trim().is_empty());
    for name in cleared.keys() {
        if !provider.endpoint_params.contains_key(name) {
            return Err(provider.unknown_param(name));
        }
        params.remove(name);
    }
    params.extend(check_params(provider, &set)?);
    if params != before.endpoint_params {
        edit.change(
            "endpoint_params",
            serde_json::json!(before.endpoint_params),
            serde_json::json!(params),
        );
        edit.after.endpoint_params = params;
    }
    Ok(())
}

/// Writes an edit that changed something, with its audit entry; returns how many
/// connections no longer cover the connector's scopes.
fn persist_edit(
    tx: &Tx<'_>,
    ws: &Workspace,
    edit: &Edit<'_>,
    sealed: Option<&SecretString>,
) -> Result<i64> {
    let (before, after, report) = (edit.before, &edit.after, &edit.report);
    let mut needs_reconnect = 0;
    if !report.is_empty() {
        let now = crate::time::now();
        tx.update_connector(before.id, &after.fields(), &now)?;
        if let Some(secret) = sealed {
            store_secret(tx, before.id, secret)?;
        }
        if after.scopes != before.scopes {
            needs_reconnect = tx.mark_uncovered(before.id, &after.scopes, &now)?;
        }
        let details: serde_json::Map<String, serde_json::Value> = report
            .iter()
            .map(|c| {
                let v = if c.field == "client_secret" {
                    serde_json::json!({"changed": true})
                } else {
                    serde_json::json!({"from": c.from, "to": c.to})
                };
                (c.field.to_string(), v)
            })
            .collect();
        tx.record(Some(&ws.name),
            Action::ConnectorEdit,
            &before.name,
            serde_json::json!({"changed": details, "connections_needing_reconnect": needs_reconnect}),
        )?;
    }
    Ok(needs_reconnect)
}

/// Deletes a connector and its connections (each under its connection's lock). Returns
/// how many connections went with it.
pub fn delete(vault: &Vault, ws: &Workspace, name: &str) -> Result<i64> {
    let c = find(vault.db(), ws, name)?;
    let _locks = crate::connection::lock_removal(vault, &[c.id], &[])?;
    vault.write(|tx| {
        // The connector locked must be the one deleted (not renamed or replaced meanwhile).
        if find(tx.read(), ws, name)?.id != c.id {
            return Err(changed_meanwhile("connector", &c.name));
        }
        delete_in(tx, ws, name)
    })
}

/// A connector or app that another process renamed or replaced while this one waited.
pub fn changed_meanwhile(kind: &str, name: &str) -> Error {
    Error::with(crate::error::code::CHANGED_MEANWHILE,
        format!("{kind} '{name}' was renamed or replaced by another process while this one waited; nothing was removed"),
    )
    .hint("check `connectors audit`, then run the command again")
}

/// Deletes a connector inside the caller's transaction. The caller holds the locks of
/// its connections.
pub fn delete_in(tx: &Tx<'_>, ws: &Workspace, name: &str) -> Result<i64> {
    let c = find(tx.read(), ws, name)?;
    let connections: i64 = connection_counts(tx.read(), &c)?
        .iter()
        .map(|(_, n)| n)
        .sum();
    tx.delete_connector(c.id)?;
    tx.record(
        Some(&ws.name),
        Action::ConnectorDelete,
        &c.name,
        serde_json::json!({"provider": c.provider, "connections_removed": connections}),
    )?;
    Ok(connections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_and_explain() {
        assert_eq!("per-user".parse::<Mode>().unwrap(), Mode::PerUser);
        assert_eq!("Shared".parse::<Mode>().unwrap(), Mode::Shared);
        let e = "team".parse::<Mode>().unwrap_err();
        assert!(e.hint.unwrap().contains("per-user"));
    }

    #[test]
    fn fingerprint_matches_sha256sum() {
        // printf %s 'abc' | sha256sum → ba7816bf8f01cfea...
        assert_eq!(
            fingerprint(&SecretString::from("abc")),
            "sha256:ba7816bf8f01cfea"
        );
    }

    #[test]
    fn names_and_ids_are_checked() {
        assert_eq!(
            validate_name("  Google Calendar  ").unwrap(),
            "Google Calendar"
        );
        assert!(validate_name("   ").is_err());
        assert!(validate_name("a\nb").is_err());
        assert!(validate_client_id("abc def").is_err());
        assert!(validate_secret(&SecretString::from("")).is_err());
        assert!(validate_secret(&SecretString::from("a\nb")).is_err());
    }
}
