//! `connectors providers list | show | add | remove`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Ctx, Outcome};
use crate::error::Result;
use crate::vault::Vault;

#[derive(Debug, Subcommand)]
pub enum ProvidersCommand {
    /// List the providers: built-in, kept in the vault, and from --providers
    List,
    /// Show a provider's endpoints, scopes, quirks and documentation sources
    Show(ShowArgs),
    /// Keep provider definitions from a JSON file in the vault (adds or overrides)
    Add(AddArgs),
    /// Remove a provider definition kept in the vault
    Remove(RemoveArgs),
    /// Create a provider from an issuer's discovery document and keep it in the vault
    Discover(DiscoverArgs),
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// The name to give the provider
    pub name: String,
    /// The issuer URL (its /.well-known/openid-configuration or oauth-authorization-server is read)
    #[arg(long, value_name = "URL")]
    pub issuer: String,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The provider's name, such as google or slack
    pub name: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A JSON file: one provider object, an array of them, or {"providers": [...]}
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub name: String,
}

/// The vault, when there is one: provider commands work without a vault too.
fn optional_vault(ctx: &Ctx) -> Result<Option<Vault>> {
    match ctx.vault_location()? {
        crate::store::Location::File(path) if !path.exists() => Ok(None),
        // A database that holds no vault yet is like a missing file.
        crate::store::Location::Postgres(_) => match ctx.open_vault() {
            Err(e) if e.code == "no_vault" => Ok(None),
            other => other.map(Some),
        },
        _ => ctx.open_vault().map(Some),
    }
}

pub fn run(cmd: ProvidersCommand, ctx: &mut Ctx) -> Outcome {
    match cmd {
        ProvidersCommand::List => {
            let vault = optional_vault(ctx)?;
            let catalog = ctx.catalog(vault.as_ref())?;
            let list: Vec<_> = catalog
                .all()
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "name": p.name,
                        "display_name": p.display_name,
                        "pkce": p.pkce,
                        "token_auth": p.token_auth,
                        "loopback_host": p.loopback_host(),
                        "checked": p.checked,
                        "revocation": p.revocation_url.is_some(),
                        "usable": p.is_usable(),
                        "origin": p.origin,
                    })
                })
                .collect();
            ctx.ui.json(&serde_json::json!({ "providers": list }))?;
            let rows: Vec<Vec<String>> = catalog
                .all()
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.display_name.clone(),
                        yes_no(p.pkce),
                        match p.token_auth {
                            crate::provider::TokenAuth::ClientSecretBasic => "basic".into(),
                            crate::provider::TokenAuth::ClientSecretPost => "post".into(),
                        },
                        yes_no(p.revocation_url.is_some()),
                        loopback_label(p.loopback_host()).into(),
                        p.origin.clone(),
                    ]
                })
                .collect();
            ctx.ui.table(
                &[
                    "NAME",
                    "PROVIDER",
                    "PKCE",
                    "CLIENT AUTH",
                    "REVOKE",
                    "HTTP LOOPBACK",
                    "FROM",
                ],
                &rows,
            );
            Ok(())
        }
        ProvidersCommand::Show(a) => {
            let vault = optional_vault(ctx)?;
            let catalog = ctx.catalog(vault.as_ref())?;
            let p = catalog.require(&a.name)?;
            ctx.ui.json(p)?;
            let w = 22;
            let ui = &ctx.ui;
            ui.line(ui.bold(&format!("{} ({})", p.display_name, p.name)));
            let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
            ui.field("authorization URL", w, or_none(&p.authorization_url));
            ui.field("token URL", w, or_none(&p.token_url));
            ui.field("revocation URL", w, or_none(&p.revocation_url));
            if let Some(i) = &p.issuer {
                ui.field("issuer", w, i);
            }
            ui.field("scope separator", w, format!("{:?}", p.scope_separator));
            ui.field(
                "client auth",
                w,
                serde_json::to_value(p.token_auth)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            );
            ui.field("PKCE", w, if p.pkce { "S256" } else { "not supported" });
            let extra = p
                .extra_authorization_params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&");
            ui.field(
                "extra parameters",
                w,
                if extra.is_empty() {
                    "none".into()
                } else {
                    extra
                },
            );
            ui.field(
                "http loopback URIs",
                w,
                crate::provider::loopback_summary(p),
            );
            if let Some(steps) = p.loopback.as_ref().and_then(|l| l.steps.as_deref()) {
                ui.field("registering them", w, steps);
            }
            if let Some(day) = &p.checked {
                ui.field("facts checked", w, day);
            }
            ui.field("developer console", w, or_none(&p.console_url));
            ui.field("from", w, &p.origin);
            if let Some(t) = &p.testing_mode {
                ui.field("testing mode", w, t);
            }
            if !p.scopes.is_empty() {
                ui.line("");
                let rows: Vec<Vec<String>> = p
                    .scopes
                    .iter()
                    .map(|s| vec![s.name.clone(), s.description.clone()])
                    .collect();
                ui.table(&["SCOPE", "MEANING"], &rows);
            }
            if !p.notes.is_empty() {
                ui.line("");
                for n in &p.notes {
                    ui.line(format!("- {n}"));
                }
            }
            if !p.sources.is_empty() {
                ui.line("");
                ui.line("Sources:");
                for (fact, url) in &p.sources {
                    ui.line(format!("  {fact}: {url}"));
                }
            }
            Ok(())
        }
        ProvidersCommand::Add(a) => {
            let vault = ctx.open_vault()?;
            let values = crate::provider::read_file(&a.file)?;
            let names = crate::provider::store(&vault, values, &a.file.display().to_string())?;
            ctx.ui.json(&serde_json::json!({ "stored": names }))?;
            ctx.ui.line(format!(
                "Stored {} provider definition(s) in the vault: {}",
                names.len(),
                names.join(", ")
            ));
            Ok(())
        }
        ProvidersCommand::Discover(a) => {
            let vault = ctx.open_vault()?;
            let definition =
                crate::provider::discovery::discover(&a.name.to_ascii_lowercase(), &a.issuer)?;
            let names = crate::provider::store(&vault, vec![definition], &a.issuer)?;
            let catalog = ctx.catalog(Some(&vault))?;
            let p = catalog.require(&names[0])?;
            ctx.ui.json(p)?;
            ctx.ui.line(format!(
                "Stored provider '{}' from {} (PKCE: {}, client auth: {}).",
                p.name,
                a.issuer,
                if p.pkce { "S256" } else { "no" },
                serde_json::to_value(p.token_auth)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            ));
            Ok(())
        }
        ProvidersCommand::Remove(a) => {
            let vault = ctx.open_vault()?;
            crate::provider::unstore(&vault, &a.name)?;
            ctx.ui.json(&serde_json::json!({ "removed": a.name }))?;
            ctx.ui.line(format!(
                "Removed the vault's definition of provider '{}'.",
                a.name
            ));
            Ok(())
        }
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes".into() } else { "no".into() }
}

/// The loopback host form in a table cell.
fn loopback_label(h: crate::provider::LoopbackHost) -> &'static str {
    use crate::provider::LoopbackHost as L;
    match h {
        L::Ip => "127.0.0.1",
        L::Localhost => "localhost",
        L::Either => "either",
        L::Refused => "no",
        L::Unknown => "unknown",
    }
}
