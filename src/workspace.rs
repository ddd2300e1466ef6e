//! Workspaces: the unit of administration. Connectors belong to one and serve every app
//! in it; its platform domain (default `base44.app`) derives the apps' redirect URIs.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::vault::Vault;

pub const DEFAULT: &str = "default";
pub const DEFAULT_PLATFORM_DOMAIN: &str = "base44.app";
pub const ENV_WORKSPACE: &str = "CONNECTORS_WORKSPACE";

#[derive(Debug, Clone, Serialize)]
pub struct Workspace {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub platform_domain: String,
    pub created_at: String,
    pub updated_at: String,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Workspace> {
    Ok(Workspace {
        id: r.get(0)?,
        name: r.get(1)?,
        platform_domain: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

const COLUMNS: &str = "id, name, platform_domain, created_at, updated_at";

pub fn find(conn: &Connection, name: &str) -> Result<Workspace> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM workspaces WHERE name = ?1"), params![name], row)
        .optional()?
        .ok_or_else(|| {
            Error::usage("unknown_workspace", format!("there is no workspace named '{name}' in this vault"))
                .hint(format!("list them with `connectors workspace list`, or create it with `connectors workspace add {name}`"))
        })
}

pub fn list(conn: &Connection) -> Result<Vec<Workspace>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM workspaces ORDER BY name"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Validates a workspace name: 1 to 64 characters of letters, digits, `-`, `_` and `.`.
pub fn validate_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(
            "bad_workspace_name",
            format!("'{name}' is not a valid workspace name"),
        )
        .hint("use 1 to 64 letters, digits, '-', '_' or '.'"))
    }
}

pub fn add(vault: &Vault, name: &str, platform_domain: &str) -> Result<Workspace> {
    validate_name(name)?;
    crate::app::validate_host(platform_domain, "platform domain")?;
    vault.write(|tx| {
        let exists: Option<String> =
            tx.query_row("SELECT name FROM workspaces WHERE name = ?1", params![name], |r| r.get(0)).optional()?;
        if let Some(existing) = exists {
            return Err(Error::usage("workspace_exists", format!("a workspace named '{existing}' already exists"))
                .hint("names are compared without regard to case; choose another name"));
        }
        let now = crate::time::now();
        tx.execute(
            "INSERT INTO workspaces (name, platform_domain, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![name, platform_domain.to_ascii_lowercase(), now],
        )?;
        crate::audit::record(tx, Some(name), "workspace.add", "workspace", name, serde_json::json!({"platform_domain": platform_domain}))?;
        find(tx, name)
    })
}

/// Changes the platform domain; returns the old value.
pub fn set_platform_domain(vault: &Vault, name: &str, domain: &str) -> Result<(Workspace, String)> {
    crate::app::validate_host(domain, "platform domain")?;
    let domain = domain.to_ascii_lowercase();
    vault.write(|tx| {
        let ws = find(tx, name)?;
        if ws.platform_domain != domain {
            tx.execute(
                "UPDATE workspaces SET platform_domain = ?1, updated_at = ?2 WHERE id = ?3",
                params![domain, crate::time::now(), ws.id],
            )?;
            crate::audit::record(
                tx,
                Some(&ws.name),
                "workspace.edit",
                "workspace",
                &ws.name,
                serde_json::json!({"changed": {"platform_domain": {"from": ws.platform_domain, "to": domain}}}),
            )?;
        }
        Ok((find(tx, name)?, ws.platform_domain))
    })
}
