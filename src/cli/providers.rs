//! `connectors providers list | show | add | remove`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use serde::Serialize;

use super::{Ctx, Outcome};
use crate::error::Result;
use crate::provider::{LoopbackHost, Provider, TokenAuth};
use crate::ui::{Ui, View};
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
fn optional_vault(ctx: &mut Ctx) -> Result<Option<Vault>> {
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
        ProvidersCommand::List => list(ctx),
        ProvidersCommand::Show(a) => show(a, ctx),
        ProvidersCommand::Add(a) => add(a, ctx),
        ProvidersCommand::Discover(a) => discover(a, ctx),
        ProvidersCommand::Remove(a) => remove(a, ctx),
    }
}

fn list(ctx: &mut Ctx) -> Outcome {
    let vault = optional_vault(ctx)?;
    let catalog = ctx.catalog(vault.as_ref())?;
    let view = ListView {
        providers: catalog.all().iter().map(ListRow::from).collect(),
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// Every provider the catalog knows, one row each.
#[derive(Serialize)]
struct ListView<'a> {
    providers: Vec<ListRow<'a>>,
}

#[derive(Serialize)]
struct ListRow<'a> {
    name: &'a str,
    display_name: &'a str,
    pkce: bool,
    token_auth: TokenAuth,
    loopback_host: LoopbackHost,
    checked: Option<&'a str>,
    revocation: bool,
    usable: bool,
    origin: &'a str,
}

impl<'a> From<&'a Provider> for ListRow<'a> {
    fn from(p: &'a Provider) -> ListRow<'a> {
        ListRow {
            name: &p.name,
            display_name: &p.display_name,
            pkce: p.pkce,
            token_auth: p.token_auth,
            loopback_host: p.loopback_host(),
            checked: p.checked.as_deref(),
            revocation: p.revocation_url.is_some(),
            usable: p.is_usable(),
            origin: &p.origin,
        }
    }
}

impl View for ListView<'_> {
    fn human(&self, ui: &Ui) {
        let rows: Vec<Vec<String>> = self
            .providers
            .iter()
            .map(|p| {
                vec![
                    p.name.to_string(),
                    p.display_name.to_string(),
                    yes_no(p.pkce),
                    match p.token_auth {
                        TokenAuth::ClientSecretBasic => "basic".into(),
                        TokenAuth::ClientSecretPost => "post".into(),
                    },
                    yes_no(p.revocation),
                    loopback_label(p.loopback_host).into(),
                    p.origin.to_string(),
                ]
            })
            .collect();
        ui.table(
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
    }
}

fn show(a: ShowArgs, ctx: &mut Ctx) -> Outcome {
    let vault = optional_vault(ctx)?;
    let catalog = ctx.catalog(vault.as_ref())?;
    ctx.ui.show(&ShowView(catalog.require(&a.name)?))?;
    Ok(())
}

/// One provider's definition: its JSON document is the definition itself.
#[derive(Serialize)]
#[serde(transparent)]
struct ShowView<'a>(&'a Provider);

/// The width of the labels of `providers show`.
const SHOW_WIDTH: usize = 22;

impl View for ShowView<'_> {
    fn human(&self, ui: &Ui) {
        let p = self.0;
        ui.line(ui.bold(&format!("{} ({})", p.display_name, p.name)));
        show_fields(ui, p);
        show_lists(ui, p);
    }
}

/// The labelled facts of `providers show`: endpoints, client authentication, loopback.
fn show_fields(ui: &Ui, p: &Provider) {
    let w = SHOW_WIDTH;
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    ui.field("authorization URL", w, or_none(&p.authorization_url));
    ui.field("token URL", w, or_none(&p.token_url));
    ui.field("revocation URL", w, or_none(&p.revocation_url));
    if let Some(i) = &p.issuer {
        ui.field("issuer", w, i);
    }
    ui.field("scope separator", w, format!("{:?}", p.scope_separator));
    ui.field("client auth", w, token_auth_name(p.token_auth));
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
    if let Some(api) = &p.api {
        let hosts = crate::api::allowed_hosts(api, &[]).join(", ");
        ui.field(
            "API",
            w,
            format!("{} (token sent to: {hosts})", api.base_url),
        );
        if let Some(me) = &api.me {
            ui.field("who am I", w, format!("{} {}", me.method, me.path));
        }
    }
    ui.field("developer console", w, or_none(&p.console_url));
    ui.field("from", w, &p.origin);
    if let Some(t) = &p.testing_mode {
        ui.field("testing mode", w, t);
    }
}

/// The lists of `providers show`: scopes, notes and the documentation behind the facts.
fn show_lists(ui: &Ui, p: &Provider) {
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
}

fn add(a: AddArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let values = crate::provider::read_file(&a.file)?;
    let names = crate::provider::store(&vault, values, &a.file.display().to_string())?;
    ctx.ui.show(&StoredView { stored: names })?;
    Ok(())
}

/// The provider definitions a file put in the vault.
#[derive(Serialize)]
struct StoredView {
    stored: Vec<String>,
}

impl View for StoredView {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Stored {} provider definition(s) in the vault: {}",
            self.stored.len(),
            self.stored.join(", ")
        ));
    }
}

fn discover(a: DiscoverArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let definition = crate::provider::discovery::discover(&a.name.to_ascii_lowercase(), &a.issuer)?;
    let names = crate::provider::store(&vault, vec![definition], &a.issuer)?;
    let catalog = ctx.catalog(Some(&vault))?;
    let view = DiscoveredView {
        provider: catalog.require(&names[0])?,
        issuer: &a.issuer,
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// A provider made from an issuer's discovery document: its JSON document is the
/// definition kept in the vault.
#[derive(Serialize)]
#[serde(transparent)]
struct DiscoveredView<'a> {
    provider: &'a Provider,
    #[serde(skip)]
    issuer: &'a str,
}

impl View for DiscoveredView<'_> {
    fn human(&self, ui: &Ui) {
        let p = self.provider;
        ui.line(format!(
            "Stored provider '{}' from {} (PKCE: {}, client auth: {}).",
            p.name,
            self.issuer,
            if p.pkce { "S256" } else { "no" },
            token_auth_name(p.token_auth)
        ));
    }
}

fn remove(a: RemoveArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    crate::provider::unstore(&vault, &a.name)?;
    ctx.ui.show(&RemovedView { removed: &a.name })?;
    Ok(())
}

/// The provider whose vault definition was removed.
#[derive(Serialize)]
struct RemovedView<'a> {
    removed: &'a str,
}

impl View for RemovedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Removed the vault's definition of provider '{}'.",
            self.removed
        ));
    }
}

/// How a client authenticates at the token endpoint, as its JSON spelling.
fn token_auth_name(auth: TokenAuth) -> String {
    serde_json::to_value(auth)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "yes".into() } else { "no".into() }
}

/// The loopback host form in a table cell.
fn loopback_label(h: LoopbackHost) -> &'static str {
    use LoopbackHost as L;
    match h {
        L::Ip => "127.0.0.1",
        L::Localhost => "localhost",
        L::Either => "either",
        L::Refused => "no",
        L::Unknown => "unknown",
    }
}
