//! Apps of a workspace: a name that is the app's subdomain, an optional custom domain and
//! whether it has a preview. Their redirect URIs are derived in [`crate::redirect`].

use crate::audit::Action;
use crate::error::{Error, Result};
use crate::redirect::{self, RedirectUri};
use crate::store::{AppFields, Read};
use crate::vault::{Tx, Vault};
use crate::workspace::Workspace;

pub use crate::model::App;

impl App {
    pub fn redirect_uris(&self, ws: &Workspace) -> Vec<RedirectUri> {
        redirect::for_app(
            &ws.platform_domain,
            &self.name,
            self.custom_domain.as_deref(),
            self.preview,
        )
    }
}

/// An app name is its subdomain: a DNS label of lowercase letters, digits and hyphens.
pub fn validate_name(name: &str) -> Result<()> {
    let label_ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !label_ok {
        let hint = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            format!(
                "app names are subdomains and are lowercase: try '{}'",
                name.to_ascii_lowercase()
            )
        } else {
            "use 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen".into()
        };
        return Err(Error::with(
            crate::error::code::BAD_APP_NAME,
            format!("'{name}' is not a valid app name"),
        )
        .hint(hint));
    }
    if name.starts_with("preview--") {
        return Err(Error::with(
            crate::error::code::BAD_APP_NAME,
            format!("'{name}' starts with 'preview--', which is reserved for preview hosts"),
        )
        .hint("give the app's own name; its preview URI is derived from it"));
    }
    Ok(())
}

/// Checks a bare host name (a custom domain, a platform domain).
pub fn validate_host(host: &str, what: &str) -> Result<()> {
    let bad = |why: &str, hint: String| {
        Error::with(
            crate::error::code::BAD_DOMAIN,
            format!("the {what} '{host}' {why}"),
        )
        .hint(hint)
    };
    if host.contains("://") || host.contains('/') {
        let bare = host
            .split("://")
            .last()
            .unwrap_or(host)
            .split('/')
            .next()
            .unwrap_or(host);
        return Err(bad(
            "is not a bare host name",
            format!("give the host only, without scheme or path: {bare}"),
        ));
    }
    if host.contains(':') {
        return Err(bad(
            "has a port",
            "give the host only; apps are served on the default https port".into(),
        ));
    }
    let labels: Vec<&str> = host.split('.').collect();
    let valid = host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    if !valid {
        let hint = if !host.is_ascii() {
            "write an internationalised domain in its punycode (xn--) form".to_string()
        } else {
            "use a host name such as app.example.com".to_string()
        };
        return Err(bad("is not a valid host name", hint));
    }
    Ok(())
}

pub fn find(db: &dyn Read, ws: &Workspace, name: &str) -> Result<App> {
    db.app(ws.id, name)?.ok_or_else(|| {
        Error::with(
            crate::error::code::UNKNOWN_APP,
            format!("there is no app named '{name}' in workspace '{}'", ws.name),
        )
        .hint(format!(
            "list them with `connectors app list`, or add it with `connectors app add {name}`"
        ))
    })
}

pub fn list(db: &dyn Read, ws: &Workspace) -> Result<Vec<App>> {
    db.apps(ws.id)
}

pub fn connection_count(db: &dyn Read, app: &App) -> Result<i64> {
    Ok(db
        .connection_counts(None, Some(app.id))?
        .iter()
        .map(|(_, n)| n)
        .sum())
}

pub fn add(
    vault: &Vault,
    ws: &Workspace,
    name: &str,
    custom_domain: Option<&str>,
    preview: bool,
) -> Result<App> {
    vault.write_signed(|tx| add_in(tx, ws, name, custom_domain, preview))
}

/// Adds an app inside the caller's transaction (the one write path of `app add` and
/// `apply`).
pub fn add_in(
    tx: &Tx<'_>,
    ws: &Workspace,
    name: &str,
    custom_domain: Option<&str>,
    preview: bool,
) -> Result<App> {
    validate_name(name)?;
    let custom_domain = custom_domain.map(|d| d.to_ascii_lowercase());
    if let Some(d) = &custom_domain {
        validate_host(d, "custom domain")?;
    }
    if let Some(existing) = tx.read().app(ws.id, name)? {
        return Err(Error::with(
            crate::error::code::APP_EXISTS,
            format!(
                "an app named '{}' already exists in workspace '{}'",
                existing.name, ws.name
            ),
        )
        .hint(format!(
            "change it with `connectors app edit {}`",
            existing.name
        )));
    }
    let fields = AppFields {
        name,
        custom_domain: custom_domain.as_deref(),
        preview,
    };
    tx.insert_app(ws.id, &fields, &crate::time::now())?;
    tx.record(
        Some(&ws.name),
        Action::AppAdd,
        name,
        serde_json::json!({"custom_domain": custom_domain, "preview": preview}),
    )?;
    find(tx.read(), ws, name)
}

/// What `app edit` may change. `None` leaves a field as it is.
#[derive(Debug, Default, Clone)]
pub struct AppChanges {
    pub rename: Option<String>,
    /// `Some(None)` removes the custom domain.
    pub custom_domain: Option<Option<String>>,
    pub preview: Option<bool>,
}

/// One changed field: (field, from, to).
pub type FieldChange = (String, serde_json::Value, serde_json::Value);

/// Applies `changes`; returns the app after, and the changed fields.
pub fn edit(
    vault: &Vault,
    ws: &Workspace,
    name: &str,
    changes: AppChanges,
) -> Result<(App, Vec<FieldChange>)> {
    vault.write_signed(|tx| edit_in(tx, ws, name, changes.clone()))
}

/// Edits an app inside the caller's transaction: read, compare and write under the
/// write lock, so that no concurrent change is lost.
pub fn edit_in(
    tx: &Tx<'_>,
    ws: &Workspace,
    name: &str,
    changes: AppChanges,
) -> Result<(App, Vec<FieldChange>)> {
    if let Some(n) = &changes.rename {
        validate_name(n)?;
    }
    let custom_domain = changes
        .custom_domain
        .map(|d| d.map(|d| d.to_ascii_lowercase()));
    if let Some(Some(d)) = &custom_domain {
        validate_host(d, "custom domain")?;
    }
    let app = find(tx.read(), ws, name)?;
    let mut changed = Vec::new();
    let mut new_name = app.name.clone();
    if let Some(n) = changes.rename.filter(|n| *n != app.name) {
        if let Some(other) = tx.read().app(ws.id, &n)?
            && other.id != app.id
        {
            return Err(Error::with(
                crate::error::code::APP_EXISTS,
                format!("an app named '{}' already exists", other.name),
            )
            .hint("choose another name"));
        }
        changed.push((
            "name".to_string(),
            app.name.clone().into(),
            n.clone().into(),
        ));
        new_name = n;
    }
    let mut domain = app.custom_domain.clone();
    if let Some(d) = custom_domain.filter(|d| *d != app.custom_domain) {
        changed.push((
            "custom_domain".into(),
            serde_json::json!(app.custom_domain),
            serde_json::json!(d),
        ));
        domain = d;
    }
    let mut preview = app.preview;
    if let Some(p) = changes.preview.filter(|p| *p != app.preview) {
        changed.push(("preview".into(), app.preview.into(), p.into()));
        preview = p;
    }
    if !changed.is_empty() {
        let fields = AppFields {
            name: &new_name,
            custom_domain: domain.as_deref(),
            preview,
        };
        tx.update_app(app.id, &fields, &crate::time::now())?;
        let details: serde_json::Map<String, serde_json::Value> = changed
            .iter()
            .map(|(f, a, b)| (f.clone(), serde_json::json!({"from": a, "to": b})))
            .collect();
        tx.record(
            Some(&ws.name),
            Action::AppEdit,
            &app.name,
            serde_json::json!({"changed": details}),
        )?;
    }
    Ok((find(tx.read(), ws, &new_name)?, changed))
}

/// Removes an app and, with it, every connection made through it (each under its
/// connection's lock). Returns that count.
pub fn remove(vault: &Vault, ws: &Workspace, name: &str) -> Result<i64> {
    let app = find(vault.db(), ws, name)?;
    let _locks = crate::connection::lock_removal(vault, &[], &[app.id])?;
    vault.write(|tx| {
        if find(tx.read(), ws, name)?.id != app.id {
            return Err(crate::connector::changed_meanwhile("app", &app.name));
        }
        remove_in(tx, ws, name)
    })
}

/// Removes an app inside the caller's transaction. The caller holds the locks of its
/// connections.
pub fn remove_in(tx: &Tx<'_>, ws: &Workspace, name: &str) -> Result<i64> {
    let app = find(tx.read(), ws, name)?;
    let connections = connection_count(tx.read(), &app)?;
    tx.delete_app(app.id)?;
    tx.record(
        Some(&ws.name),
        Action::AppRemove,
        &app.name,
        serde_json::json!({"connections_removed": connections}),
    )?;
    Ok(connections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_are_subdomain_labels() {
        for ok in ["crm", "my-app", "a1", "x"] {
            assert!(validate_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "My-App",
            "-a",
            "a-",
            "a.b",
            "a_b",
            "preview--crm",
            &"a".repeat(64),
        ] {
            assert_eq!(
                validate_name(bad).unwrap_err().code,
                "bad_app_name",
                "{bad}"
            );
        }
        assert!(
            validate_name("CRM")
                .unwrap_err()
                .hint
                .unwrap()
                .contains("'crm'")
        );
    }

    #[test]
    fn hosts_are_bare() {
        assert!(validate_host("app.example.com", "custom domain").is_ok());
        assert!(validate_host("xn--bcher-kva.example", "custom domain").is_ok());
        let e = validate_host("https://app.example.com/", "custom domain").unwrap_err();
        assert!(e.hint.unwrap().contains("app.example.com"));
        for bad in ["localhost", "a..b", "a.b:443", "bücher.example", "-a.b"] {
            assert!(validate_host(bad, "custom domain").is_err(), "{bad}");
        }
    }
}
