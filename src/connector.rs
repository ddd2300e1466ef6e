//! Connectors: OAuth apps an admin registered at a provider, shared by every app of a
//! workspace. Names are unique per workspace without regard to case; several connectors
//! of one provider may coexist.
//!
//! The client secret is only ever stored sealed (see [`crate::vault::envelope`]) and
//! shown as a fingerprint; nothing here puts a secret in an error, a log or the audit log.

use std::fmt;
use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension, params};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::provider::Catalog;
use crate::vault::Vault;
use crate::workspace::Workspace;

pub const TABLE: &str = "connectors";
pub const SECRET_COLUMN: &str = "client_secret";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
            _ => Err(Error::usage("bad_mode", format!("'{s}' is not a connector mode"))
                .hint("use per-user (each person connects their own account) or shared (one account for everyone in an app)")),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Connector {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub provider: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    /// The apps that use it; empty means every app of the workspace.
    pub apps: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub secret_ciphertext: Option<Vec<u8>>,
    #[serde(skip)]
    pub secret_mac: Option<Vec<u8>>,
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

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

const COLUMNS: &str = "id, name, provider, client_id, scopes, mode, redirect_uris, created_at, updated_at, client_secret, apps, client_secret_mac";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Connector> {
    let mode: String = r.get(5)?;
    Ok(Connector {
        id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        client_id: r.get(3)?,
        scopes: lines(&r.get::<_, String>(4)?),
        mode: if mode == "shared" {
            Mode::Shared
        } else {
            Mode::PerUser
        },
        redirect_uris: lines(&r.get::<_, String>(6)?),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        secret_ciphertext: r.get(9)?,
        apps: lines(&r.get::<_, String>(10)?),
        secret_mac: r.get(11)?,
    })
}

/// A connector name: trimmed, 1 to 100 characters, no control characters.
pub fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(
            Error::usage("bad_connector_name", "the connector name is empty")
                .hint("give a short name people recognise, such as \"Google Calendar scheduling\""),
        );
    }
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Error::usage(
            "bad_connector_name",
            "the connector name is longer than 100 characters or contains control characters",
        )
        .hint("give a short name on one line"));
    }
    Ok(name.to_string())
}

pub fn validate_client_id(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::usage("bad_client_id", "the client ID is empty")
            .hint("copy it from the provider's developer console (`connectors providers show PROVIDER` says where)"));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::usage("bad_client_id", "the client ID contains whitespace")
            .hint("copy it again from the provider's developer console, without spaces or line breaks"));
    }
    Ok(id.to_string())
}

pub fn validate_secret(secret: &SecretString) -> Result<()> {
    let s = secret.expose_secret();
    if s.is_empty() {
        return Err(Error::usage("empty_secret", "the client secret is empty")
            .hint("copy it from the provider's developer console"));
    }
    if s.chars().any(|c| c.is_control()) {
        return Err(Error::usage(
            "bad_secret",
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

pub fn find(conn: &Connection, ws: &Workspace, name: &str) -> Result<Connector> {
    let name = name.trim();
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM connectors WHERE workspace_id = ?1 AND name = ?2"),
        params![ws.id, name],
        row,
    )
    .optional()?
    .ok_or_else(|| {
        let mut e = Error::usage(
            "unknown_connector",
            format!(
                "there is no connector named '{name}' in workspace '{}'",
                ws.name
            ),
        );
        let names = names(conn, ws).unwrap_or_default();
        e = e.hint(
            match crate::scopes::closest(name, names.iter().map(String::as_str)) {
                Some(n) => format!("did you mean '{n}'? `connectors list` shows them all"),
                None => "`connectors list` shows the connectors of this workspace".into(),
            },
        );
        e
    })
}

fn names(conn: &Connection, ws: &Workspace) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM connectors WHERE workspace_id = ?1")?;
    let rows = stmt.query_map(params![ws.id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

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

/// Every connector of a workspace with its connection counts. Decrypts nothing.
pub fn list(conn: &Connection, ws: &Workspace, provider: Option<&str>) -> Result<Vec<Summary>> {
    let mut stmt = conn.prepare(
        "SELECT name, provider, mode, client_id, scopes, redirect_uris, created_at, updated_at,
                connections_total, connections_needing_reconnect, apps
         FROM connectors
         WHERE workspace_id = ?1 AND (?2 IS NULL OR provider = ?2 COLLATE NOCASE)
         ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![ws.id, provider], |r| {
        let mode: String = r.get(2)?;
        Ok(Summary {
            name: r.get(0)?,
            provider: r.get(1)?,
            mode: if mode == "shared" {
                Mode::Shared
            } else {
                Mode::PerUser
            },
            client_id: r.get(3)?,
            scopes: lines(&r.get::<_, String>(4)?),
            redirect_uris: lines(&r.get::<_, String>(5)?),
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
            connections: r.get(8)?,
            needs_reconnect: r.get(9)?,
            apps: lines(&r.get::<_, String>(10)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Connection counts of one connector by status.
pub fn connection_counts(conn: &Connection, connector: &Connector) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare("SELECT status, count(*) FROM connections WHERE connector_id = ?1 GROUP BY status ORDER BY status")?;
    let rows = stmt.query_map(params![connector.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Decrypts a connector's client secret.
pub fn secret(vault: &Vault, connector: &Connector) -> Result<SecretString> {
    let ct = connector.secret_ciphertext.as_deref().ok_or_else(|| {
        Error::vault(
            "no_secret",
            format!("connector '{}' has no client secret stored", connector.name),
        )
        .hint(format!(
            "set it with `connectors edit \"{}\" --client-secret-stdin`",
            connector.name
        ))
    })?;
    vault.reveal(TABLE, SECRET_COLUMN, connector.id, ct)
}

pub struct NewConnector {
    pub name: String,
    pub provider: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub scopes: Vec<String>,
    pub mode: Mode,
    pub redirect_uris: Vec<String>,
    pub apps: Vec<String>,
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
fn check_apps(db: &Connection, ws: &Workspace, apps: &[String]) -> Result<Vec<String>> {
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
    Error::usage("connector_exists", format!("a connector named '{existing}' already exists in workspace '{}'", ws.name))
        .hint("names are compared without regard to case; choose another name, or change that one with `connectors edit`")
}

/// Stores a connector's client secret: sealed to its row, with its keyed MAC.
pub fn store_secret(vault: &Vault, tx: &Connection, id: i64, secret: &SecretString) -> Result<()> {
    let bytes = secret.expose_secret().as_bytes();
    let sealed = vault.seal(TABLE, SECRET_COLUMN, id, bytes)?;
    let mac = vault.secret_mac(bytes)?;
    tx.execute(
        "UPDATE connectors SET client_secret = ?1, client_secret_mac = ?2 WHERE id = ?3",
        params![sealed, mac, id],
    )?;
    Ok(())
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
    let name = validate_name(&new.name)?;
    let client_id = validate_client_id(&new.client_id)?;
    validate_secret(&new.client_secret)?;
    let provider = catalog.require(&new.provider)?;
    if !provider.is_usable() {
        return Err(Error::usage("provider_incomplete", format!("provider '{}' has no endpoints to use", provider.name))
            .hint("define your provider (name, authorization_url, token_url) in a JSON file and load it with `connectors providers add FILE` or --providers FILE"));
    }
    let scopes = crate::scopes::normalize(&new.scopes)?;
    let redirect_uris = normalize_redirect_uris(&new.redirect_uris)?;
    vault.unlock()?;
    vault.write(|tx| {
        let apps = check_apps(tx, ws, &new.apps)?;
        if let Some(existing) = tx
            .query_row("SELECT name FROM connectors WHERE workspace_id = ?1 AND name = ?2", params![ws.id, name], |r| r.get::<_, String>(0))
            .optional()?
        {
            return Err(duplicate(&existing, ws));
        }
        let now = crate::time::now();
        tx.execute(
            "INSERT INTO connectors (workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![ws.id, name, provider.name, client_id, scopes.join("\n"), new.mode.as_str(), redirect_uris.join("\n"), apps.join("\n"), now],
        )?;
        let id = tx.last_insert_rowid();
        store_secret(vault, tx, id, &new.client_secret)?;
        crate::audit::record(
            tx,
            Some(&ws.name),
            "connector.add",
            "connector",
            &name,
            serde_json::json!({
                "provider": provider.name,
                "client_id": client_id,
                "client_secret": {"set": true},
                "scopes": scopes,
                "mode": new.mode.as_str(),
                                "redirect_uris": redirect_uris,
                "apps": apps,
            }),
        )?;
        find(tx, ws, &name)
    })
}

/// What `edit` may change; `None` leaves a field as it is. Scope and redirect lists are
/// the complete new lists.
#[derive(Default)]
pub struct Changes {
    pub name: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub scopes: Option<Vec<String>>,
    pub mode: Option<Mode>,
    pub redirect_uris: Option<Vec<String>>,
    /// The apps that use it; `Some(vec![])` means every app.
    pub apps: Option<Vec<String>>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.client_id.is_none()
            && self.client_secret.is_none()
            && self.scopes.is_none()
            && self.mode.is_none()
            && self.redirect_uris.is_none()
            && self.apps.is_none()
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
}

/// Applies `changes` in one transaction and says what changed. A scope change sends every
/// connection whose granted scopes no longer cover the new ones to `needs_reconnect`.
pub fn edit(vault: &Vault, ws: &Workspace, name: &str, changes: Changes) -> Result<EditReport> {
    let new_name = changes.name.as_deref().map(validate_name).transpose()?;
    let client_id = changes
        .client_id
        .as_deref()
        .map(validate_client_id)
        .transpose()?;
    if let Some(s) = &changes.client_secret {
        validate_secret(s)?;
    }
    let scopes = changes
        .scopes
        .as_ref()
        .map(crate::scopes::normalize)
        .transpose()?;
    let redirect_uris = changes
        .redirect_uris
        .as_deref()
        .map(normalize_redirect_uris)
        .transpose()?;
    if changes.client_secret.is_some() {
        vault.unlock()?;
    }
    vault.write(|tx| {
        let before = find(tx, ws, name)?;
        let mut report = Vec::new();
        let mut after = before.clone();
        if let Some(n) = new_name.filter(|n| *n != before.name) {
            if let Some(existing) = tx
                .query_row(
                    "SELECT name FROM connectors WHERE workspace_id = ?1 AND name = ?2 AND id != ?3",
                    params![ws.id, n, before.id],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
            {
                return Err(duplicate(&existing, ws));
            }
            report.push(FieldChange { field: "name", from: before.name.clone().into(), to: n.clone().into() });
            after.name = n;
        }
        if let Some(id) = client_id.filter(|id| *id != before.client_id) {
            report.push(FieldChange { field: "client_id", from: before.client_id.clone().into(), to: id.clone().into() });
            after.client_id = id;
        }
        if let Some(s) = scopes.filter(|s| *s != before.scopes) {
            report.push(FieldChange { field: "scopes", from: before.scopes.clone().into(), to: s.clone().into() });
            after.scopes = s;
        }
        if let Some(m) = changes.mode.filter(|m| *m != before.mode) {
            let count: i64 = tx.query_row("SELECT count(*) FROM connections WHERE connector_id = ?1", params![before.id], |r| r.get(0))?;
            if count > 0 {
                return Err(Error::usage(
                    "mode_in_use",
                    format!("connector '{}' has {count} connection(s) made in {} mode; changing the mode would strand them", before.name, before.mode),
                )
                .hint("disconnect those connections first, or add a new connector with the other mode"));
            }
            report.push(FieldChange { field: "mode", from: before.mode.as_str().into(), to: m.as_str().into() });
            after.mode = m;
        }
                if let Some(apps) = changes.apps.as_deref().map(|a| check_apps(tx, ws, a)).transpose()?.filter(|a| *a != before.apps) {
            report.push(FieldChange { field: "apps", from: before.apps.clone().into(), to: apps.clone().into() });
            after.apps = apps;
        }
        if let Some(r) = redirect_uris.filter(|r| *r != before.redirect_uris) {
            report.push(FieldChange { field: "redirect_uris", from: before.redirect_uris.clone().into(), to: r.clone().into() });
            after.redirect_uris = r;
        }
        let mut sealed: Option<&SecretString> = None;
        if let Some(secret) = &changes.client_secret {
            let unchanged = match &before.secret_ciphertext {
                Some(_) => secret_is(vault, &before, secret)?,
                None => false,
            };
            if !unchanged {
                report.push(FieldChange { field: "client_secret", from: "(hidden)".into(), to: "(changed)".into() });
                sealed = Some(secret);
            }
        }
        let mut needs_reconnect = 0;
        if !report.is_empty() {
            let now = crate::time::now();
            tx.execute(
                "UPDATE connectors SET name = ?1, client_id = ?2, scopes = ?3, mode = ?4, redirect_uris = ?5, updated_at = ?6, apps = ?8
                 WHERE id = ?7",
                params![
                    after.name,
                    after.client_id,
                    after.scopes.join("\n"),
                    after.mode.as_str(),
                    after.redirect_uris.join("\n"),
                    now,
                    before.id,
                    after.apps.join("\n")
                ],
            )?;
            if let Some(secret) = sealed {
                store_secret(vault, tx, before.id, secret)?;
            }
            if after.scopes != before.scopes {
                needs_reconnect = mark_uncovered_connections(tx, before.id, &after.scopes)?;
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
            crate::audit::record(
                tx,
                Some(&ws.name),
                "connector.edit",
                "connector",
                &before.name,
                serde_json::json!({"changed": details, "connections_needing_reconnect": needs_reconnect}),
            )?;
        }
        Ok(EditReport { connector: find(tx, ws, &after.name)?, changes: report, needs_reconnect })
    })
}

/// Marks `needs_reconnect` every connection of the connector whose granted scopes do not
/// cover `scopes`; returns how many changed.
pub fn mark_uncovered_connections(
    tx: &Connection,
    connector_id: i64,
    scopes: &[String],
) -> Result<i64> {
    let mut stmt = tx.prepare("SELECT id, granted_scopes FROM connections WHERE connector_id = ?1 AND status IN ('active', 'expired')")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map(params![connector_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare(
        "UPDATE connections SET status = 'needs_reconnect', status_reason = ?1, updated_at = ?2 WHERE id = ?3",
    )?;
    let now = crate::time::now();
    let mut count = 0;
    for (id, granted) in rows {
        let granted: Vec<&str> = granted.lines().collect();
        let missing: Vec<&str> = scopes
            .iter()
            .map(String::as_str)
            .filter(|s| !granted.contains(s))
            .collect();
        if !missing.is_empty() {
            update.execute(params![
                format!(
                    "the connector now asks for scopes not granted: {}",
                    missing.join(", ")
                ),
                now,
                id
            ])?;
            count += 1;
        }
    }
    Ok(count)
}

/// Deletes a connector and its connections. Returns how many connections went with it.
pub fn delete(vault: &Vault, ws: &Workspace, name: &str) -> Result<i64> {
    vault.write(|tx| {
        let c = find(tx, ws, name)?;
        let connections: i64 = tx.query_row(
            "SELECT count(*) FROM connections WHERE connector_id = ?1",
            params![c.id],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM connectors WHERE id = ?1", params![c.id])?;
        crate::audit::record(
            tx,
            Some(&ws.name),
            "connector.delete",
            "connector",
            &c.name,
            serde_json::json!({"provider": c.provider, "connections_removed": connections}),
        )?;
        Ok(connections)
    })
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
