//! Workspaces: the unit of administration. Connectors belong to one and serve every app
//! in it; its platform domain (default `base44.app`) derives the apps' redirect URIs.

use crate::audit::Action;
use crate::error::{Error, Result};
use crate::store::Read;
use crate::vault::{Tx, Vault};

pub use crate::model::Workspace;

pub use crate::model::workspace::{DEFAULT, DEFAULT_PLATFORM_DOMAIN};
pub const ENV_WORKSPACE: &str = "CONNECTORS_WORKSPACE";

pub fn find(db: &dyn Read, name: &str) -> Result<Workspace> {
    db.workspace(name)?.ok_or_else(|| {
        Error::with(crate::error::code::UNKNOWN_WORKSPACE, format!("there is no workspace named '{name}' in this vault"))
            .hint(format!("list them with `connectors workspace list`, or create it with `connectors workspace add {name}`"))
    })
}

pub fn list(db: &dyn Read) -> Result<Vec<Workspace>> {
    db.workspaces()
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
        Err(Error::with(
            crate::error::code::BAD_WORKSPACE_NAME,
            format!("'{name}' is not a valid workspace name"),
        )
        .hint("use 1 to 64 letters, digits, '-', '_' or '.'"))
    }
}

pub fn add(vault: &Vault, name: &str, platform_domain: &str) -> Result<Workspace> {
    vault.write_signed(|tx| add_in(tx, name, platform_domain))
}

/// Adds a workspace inside the caller's transaction (the one write path of `workspace
/// add` and `apply`).
pub fn add_in(tx: &Tx<'_>, name: &str, platform_domain: &str) -> Result<Workspace> {
    validate_name(name)?;
    crate::app::validate_host(platform_domain, "platform domain")?;
    if let Some(existing) = tx.read().workspace(name)? {
        return Err(Error::with(
            crate::error::code::WORKSPACE_EXISTS,
            format!("a workspace named '{}' already exists", existing.name),
        )
        .hint("names are compared without regard to case; choose another name"));
    }
    let domain = platform_domain.to_ascii_lowercase();
    tx.insert_workspace(name, &domain, &crate::time::now())?;
    tx.record(
        Some(name),
        Action::WorkspaceAdd,
        name,
        serde_json::json!({"platform_domain": domain}),
    )?;
    find(tx.read(), name)
}

/// Changes the platform domain; returns the workspace after and the old value.
pub fn set_platform_domain(vault: &Vault, name: &str, domain: &str) -> Result<(Workspace, String)> {
    vault.write_signed(|tx| set_platform_domain_in(tx, name, domain))
}

pub fn set_platform_domain_in(
    tx: &Tx<'_>,
    name: &str,
    domain: &str,
) -> Result<(Workspace, String)> {
    crate::app::validate_host(domain, "platform domain")?;
    let domain = domain.to_ascii_lowercase();
    let ws = find(tx.read(), name)?;
    if ws.platform_domain != domain {
        tx.set_platform_domain(ws.id, &domain, &crate::time::now())?;
        tx.record(Some(&ws.name),
            Action::WorkspaceEdit,
            &ws.name,
            serde_json::json!({"changed": {"platform_domain": {"from": ws.platform_domain, "to": domain}}}),
        )?;
    }
    Ok((find(tx.read(), name)?, ws.platform_domain))
}
