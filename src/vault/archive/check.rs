//! Every field of an archive checked before anything of it is shown or used. An archive
//! can be made by anyone who has a recipient's public key, so its text is outside input:
//! a date must be a date, a vault id a vault id, and no field may carry a control
//! character (an escape sequence in `exported_at` could otherwise rewrite the preview a
//! person reads before importing).

#[cfg(test)]
use super::Archive;
use super::{AppRecord, ConnectionEntry, ConnectorRecord, ProviderRecord, WorkspaceRecord};
use crate::error::{Error, Result};

/// Checks every field; the first that is wrong is named in the error.
#[cfg(test)]
pub fn fields(a: &Archive) -> Result<()> {
    head(&a.exported_at, &a.source_vault_id)?;
    let mut at = Position::default();
    a.workspaces.iter().try_for_each(|w| at.workspace(w))?;
    a.providers.iter().try_for_each(|p| at.provider(p))?;
    a.apps.iter().try_for_each(|x| at.app(x))?;
    a.connectors.iter().try_for_each(|c| at.connector(c))?;
    a.connections.iter().try_for_each(|c| at.connection(c))?;
    a.audit.iter().try_for_each(|e| at.audit(e))
}

/// The head's fields: when it was exported, and from which vault.
pub fn head(exported_at: &str, source_vault_id: &str) -> Result<()> {
    date("exported_at", exported_at)?;
    vault_id(source_vault_id)
}

/// Where a reading of an archive is, for naming a field (`connections[12].expires_at`):
/// the rows of each section are checked one at a time, as they are read.
#[derive(Default)]
pub struct Position {
    workspaces: usize,
    providers: usize,
    apps: usize,
    connectors: usize,
    connections: usize,
    audit: usize,
}

/// The next index in a section, and the function naming its fields.
fn next(count: &mut usize, section: &'static str) -> impl Fn(&str) -> String {
    let i = *count;
    *count += 1;
    move |f: &str| format!("{section}[{i}].{f}")
}

impl Position {
    pub fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
        let at = next(&mut self.workspaces, "workspaces");
        line(&at("name"), &w.name)?;
        line(&at("platform_domain"), &w.platform_domain)?;
        date(&at("created_at"), &w.created_at)?;
        date(&at("updated_at"), &w.updated_at)
    }

    pub fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
        let at = next(&mut self.providers, "providers");
        line(&at("name"), &p.name)?;
        optional_date(&at("updated_at"), p.updated_at.as_deref())
    }

    pub fn app(&mut self, app: &AppRecord) -> Result<()> {
        let at = next(&mut self.apps, "apps");
        line(&at("workspace"), &app.workspace)?;
        line(&at("name"), &app.name)?;
        optional_line(&at("custom_domain"), app.custom_domain.as_deref())?;
        date(&at("created_at"), &app.created_at)?;
        date(&at("updated_at"), &app.updated_at)
    }

    pub fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
        let at = next(&mut self.connectors, "connectors");
        line(&at("workspace"), &c.workspace)?;
        line(&at("name"), &c.name)?;
        line(&at("provider"), &c.provider)?;
        line(&at("client_id"), &c.client_id)?;
        lines(&at("scopes"), &c.scopes)?;
        lines(&at("redirect_uris"), &c.redirect_uris)?;
        lines(&at("apps"), &c.apps)?;
        for (k, v) in &c.endpoint_params {
            line(&at("endpoint_params"), k)?;
            line(&at(&format!("endpoint_params.{k}")), v)?;
        }
        date(&at("created_at"), &c.created_at)?;
        date(&at("updated_at"), &c.updated_at)
    }

    pub fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
        let at = next(&mut self.connections, "connections");
        line(&at("workspace"), &c.workspace)?;
        line(&at("connector"), &c.connector)?;
        line(&at("app"), &c.app)?;
        line(&at("user"), &c.user)?;
        status(&at("status"), &c.status)?;
        optional_prose(&at("status_reason"), c.status_reason.as_deref())?;
        optional_line(&at("account"), c.account.as_deref())?;
        lines(&at("granted_scopes"), &c.granted_scopes)?;
        optional_line(&at("token_type"), c.token_type.as_deref())?;
        optional_date(&at("expires_at"), c.expires_at.as_deref())?;
        optional_prose(&at("last_error"), c.last_error.as_deref())?;
        date(&at("created_at"), &c.created_at)?;
        date(&at("updated_at"), &c.updated_at)?;
        optional_date(&at("refreshed_at"), c.refreshed_at.as_deref())
    }

    pub fn audit(&mut self, e: &crate::model::Entry) -> Result<()> {
        let at = next(&mut self.audit, "audit");
        date(&at("at"), &e.at)?;
        line(&at("actor"), &e.actor)?;
        optional_line(&at("workspace"), e.workspace.as_deref())?;
        line(&at("action"), &e.action)?;
        line(&at("target_kind"), &e.target_kind)?;
        prose(&at("target"), &e.target)?;
        optional_line(&at("via"), e.via.as_deref())
    }
}

fn invalid(field: &str, why: &str) -> Error {
    Error::with(
        crate::error::code::ARCHIVE_INVALID,
        format!("the archive's {field} {why}; nothing was imported"),
    )
    .hint("the archive was damaged or made by something else than `connectors vault export`: do not import it")
}

/// Text of one line: no control character at all.
fn line(field: &str, text: &str) -> Result<()> {
    if text.chars().any(char::is_control) {
        return Err(invalid(field, "holds a control character"));
    }
    Ok(())
}

/// Free text (a reason, a provider's error words): line breaks and tabs, no other control
/// character (an escape sequence starts with one).
fn prose(field: &str, text: &str) -> Result<()> {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(invalid(field, "holds a control character"));
    }
    Ok(())
}

fn lines(field: &str, items: &[String]) -> Result<()> {
    items.iter().try_for_each(|t| line(field, t))
}

fn optional_line(field: &str, text: Option<&str>) -> Result<()> {
    text.map_or(Ok(()), |t| line(field, t))
}

fn optional_prose(field: &str, text: Option<&str>) -> Result<()> {
    text.map_or(Ok(()), |t| prose(field, t))
}

/// An RFC 3339 date, as the vault stores them.
fn date(field: &str, text: &str) -> Result<()> {
    if humantime::parse_rfc3339(text).is_err() {
        return Err(invalid(
            field,
            &format!(
                "is not an RFC 3339 date ({:?})",
                crate::text::printable(&text.chars().take(40).collect::<String>())
            ),
        ));
    }
    Ok(())
}

fn optional_date(field: &str, text: Option<&str>) -> Result<()> {
    text.map_or(Ok(()), |t| date(field, t))
}

/// A vault id: 32 lowercase hex digits, as `vault init` makes them.
fn vault_id(text: &str) -> Result<()> {
    let ok = text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !ok {
        return Err(invalid("source_vault_id", "is not a vault id"));
    }
    Ok(())
}

/// A connection status this connectors stores.
fn status(field: &str, text: &str) -> Result<()> {
    if crate::model::StoredStatus::parse(text).as_str() != text {
        return Err(invalid(field, "is not a connection status"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive() -> Archive {
        Archive {
            format: super::super::FORMAT.into(),
            version: super::super::VERSION,
            exported_at: "2026-12-07T03:00:00Z".into(),
            source_vault_id: "0123456789abcdef0123456789abcdef".into(),
            workspaces: Vec::new(),
            providers: Vec::new(),
            apps: Vec::new(),
            connectors: Vec::new(),
            connections: Vec::new(),
            audit: Vec::new(),
        }
    }

    #[test]
    fn an_escape_sequence_in_the_preview_fields_is_refused() {
        assert!(fields(&archive()).is_ok());
        let mut a = archive();
        a.exported_at = "2026-12-07T03:00:00Z\x1b[1A\x1b[2K".into();
        let e = fields(&a).unwrap_err();
        assert_eq!(e.code, "archive_invalid");
        assert!(e.message.contains("exported_at"), "{}", e.message);
        assert!(!e.message.contains('\x1b'), "{}", e.message);
        let mut a = archive();
        a.source_vault_id = "x\x1b]0;owned\x07".into();
        assert!(fields(&a).unwrap_err().message.contains("source_vault_id"));
    }

    #[test]
    fn dates_and_text_are_checked_field_by_field() {
        let mut a = archive();
        a.workspaces.push(super::super::WorkspaceRecord {
            name: "default".into(),
            platform_domain: "base44.app".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "never".into(),
        });
        let e = fields(&a).unwrap_err();
        assert!(
            e.message
                .contains("workspaces[0].updated_at is not an RFC 3339 date"),
            "{}",
            e.message
        );
        a.workspaces[0].updated_at = "2026-01-01T00:00:00Z".into();
        a.workspaces[0].name = "de\rfault".into();
        assert!(
            fields(&a)
                .unwrap_err()
                .message
                .contains("workspaces[0].name")
        );
    }
}
