//! `connectors add | list | show | edit | delete`: the admin's connector commands.
//! Every prompt has a flag, so scripts never need a terminal.

use std::path::PathBuf;

use clap::Args;
use secrecy::ExposeSecret;
use serde::Serialize;

use super::secret_input::SecretArgs;
use super::{Ctx, Ended, Outcome};
use crate::connector::{self, Changes, EditReport, Mode, NewConnector};
use crate::error::{Error, Result};
use crate::provider::Provider;
use crate::ui::{Ui, View};
use crate::vault::Vault;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The provider, such as google, slack or notion (`connectors providers list`)
    pub provider: Option<String>,
    /// A short name people recognise, unique in the workspace ("Google Calendar scheduling")
    #[arg(long)]
    pub name: Option<String>,
    /// The OAuth client ID from the provider's developer console
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// A scope to request (repeat for each; never join several in one)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// A file with one scope per line
    #[arg(long, value_name = "PATH")]
    pub scopes_file: Option<PathBuf>,
    /// per-user: each person connects their own account; shared: one account for everyone in an app
    #[arg(long, value_parser = ["per-user", "shared"])]
    pub mode: Option<String>,
    /// A redirect URI registered at the provider (repeat for each)
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uris: Vec<String>,
    /// Only these apps use the connector (repeat for each; default: every app)
    #[arg(long = "used-by", value_name = "APP")]
    pub used_by: Vec<String>,
    /// Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers)
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com; default login.salesforce.com)
    #[arg(long, value_name = "HOST")]
    pub login_host: Option<String>,
}

/// The endpoint parameters given by flags.
fn endpoint_params(
    tenant: &Option<String>,
    login_host: &Option<String>,
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(t) = tenant {
        out.insert("tenant".to_string(), t.clone());
    }
    if let Some(h) = login_host {
        out.insert("login_host".to_string(), h.clone());
    }
    out
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only connectors of this provider
    #[arg(long)]
    pub provider: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The connector's name (case does not matter)
    pub name: String,
    /// Print the client secret itself (asks for confirmation on a terminal)
    #[arg(long)]
    pub reveal_secret: bool,
    /// With --reveal-secret: do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The connector's name (case does not matter)
    pub name: String,
    /// A new name
    #[arg(long = "name", value_name = "NEW_NAME")]
    pub new_name: Option<String>,
    /// A new client ID
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Replace the scopes with these (repeat for each)
    #[arg(long = "scope", value_name = "SCOPE", conflicts_with = "scopes_file")]
    pub scopes: Vec<String>,
    /// Replace the scopes with those in a file, one per line
    #[arg(long, value_name = "PATH")]
    pub scopes_file: Option<PathBuf>,
    /// Add a scope (repeatable)
    #[arg(long = "add-scope", value_name = "SCOPE")]
    pub add_scopes: Vec<String>,
    /// Remove a scope (repeatable)
    #[arg(long = "remove-scope", value_name = "SCOPE")]
    pub remove_scopes: Vec<String>,
    /// Change the mode (only while the connector has no connections)
    #[arg(long, value_parser = ["per-user", "shared"])]
    pub mode: Option<String>,
    /// Replace the registered redirect URIs with these (repeat for each)
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uris: Vec<String>,
    /// Add a registered redirect URI (repeatable)
    #[arg(long = "add-redirect-uri", value_name = "URI")]
    pub add_redirect_uris: Vec<String>,
    /// Remove a registered redirect URI (repeatable)
    #[arg(long = "remove-redirect-uri", value_name = "URI")]
    pub remove_redirect_uris: Vec<String>,
    /// Only these apps use the connector (replaces the list; repeat for each)
    #[arg(long = "used-by", value_name = "APP", conflicts_with = "used_by_all")]
    pub used_by: Vec<String>,
    /// Every app of the workspace uses the connector
    #[arg(long)]
    pub used_by_all: bool,
    /// Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers); '' goes back to the provider's default
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com); '' goes back to login.salesforce.com
    #[arg(long, value_name = "HOST")]
    pub login_host: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The connector's name (case does not matter)
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Revoke every connection at the provider before deleting
    #[arg(long)]
    pub revoke: bool,
}

fn read_scopes_file(path: &std::path::Path) -> Result<Vec<String>> {
    let text = crate::limits::read_text(path, crate::limits::SCOPES)?;
    Ok(text.lines().map(str::to_string).collect())
}

fn parse_mode(s: Option<&str>) -> Result<Option<Mode>> {
    s.map(str::parse).transpose()
}

/// Says why an answer was refused, so that the person can give another.
fn refused_answer(ctx: &Ctx, e: &crate::error::Error) {
    ctx.ui.tell(match &e.hint {
        Some(h) => format!("  {} ({h}); try again", e.message),
        None => format!("  {}; try again", e.message),
    });
}

/// Asks until the answer passes `check`: a refused one is explained and asked again,
/// nothing typed before it is lost.
fn ask_checked(
    ctx: &Ctx,
    prompt: &str,
    flag: &str,
    check: impl Fn(&str) -> Result<String>,
) -> Result<String> {
    loop {
        let answer = ctx.ui.input(prompt, None, flag)?;
        match check(&answer) {
            Ok(v) => return Ok(v),
            Err(e) => refused_answer(ctx, &e),
        }
    }
}

/// Lines until an empty one, each checked as it is typed (a refused line is asked
/// again). The `current` ones come first, each offered as it is: Enter keeps it, another
/// value replaces it, `-` removes it.
fn ask_lines(
    ctx: &Ctx,
    prompt: &str,
    flag: &str,
    current: &[String],
    check: impl Fn(&str) -> Result<String>,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for item in current {
        loop {
            let line = ctx.ui.input_prefilled(prompt, item, flag)?;
            let line = line.trim();
            if line == "-" {
                break;
            }
            match check(line) {
                Ok(v) => {
                    out.push(v);
                    break;
                }
                Err(e) => refused_answer(ctx, &e),
            }
        }
    }
    loop {
        let line = ctx.ui.input_optional(prompt, flag)?;
        if line.trim().is_empty() {
            return Ok(out);
        }
        match check(line.trim()) {
            Ok(v) => out.push(v),
            Err(e) => refused_answer(ctx, &e),
        }
    }
}

/// One scope, checked as `add` checks a list of them.
fn check_scope(line: &str) -> Result<String> {
    let mut v = crate::scopes::normalize([line])?;
    v.pop().ok_or_else(|| {
        crate::error::Error::with(crate::error::code::BAD_SCOPE, "the scope is empty")
            .hint("type one scope, or an empty line to end the list")
    })
}

/// One redirect URI, checked as `add` checks a list of them.
fn check_redirect_uri(line: &str) -> Result<String> {
    let mut v = connector::normalize_redirect_uris(&[line.to_string()])?;
    v.pop().ok_or_else(|| {
        crate::error::Error::with(
            crate::error::code::BAD_REDIRECT_URI,
            "the redirect URI is empty",
        )
    })
}

pub fn add(args: AddArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let catalog = ctx.catalog(Some(&vault))?;
    // Refuse a secret in argv before asking anything else.
    let given_secret = args.secret.read(&mut ctx.ui)?;
    vault.unlock()?;

    let provider = provider_or_ask(ctx, &catalog, args.provider)?;
    let name = match args.name {
        Some(n) => n,
        None => ask_checked(
            ctx,
            "Connector name",
            "--name NAME",
            connector::validate_name,
        )?,
    };
    let client_id = client_id_or_ask(ctx, &provider, args.client_id)?;
    let client_secret = match given_secret {
        Some(s) => s,
        None => args.secret.read_or_ask(&mut ctx.ui)?,
    };
    let scopes = scopes_or_ask(ctx, &provider, args.scopes, args.scopes_file.as_deref())?;
    let mode = mode_or_ask(ctx, args.mode.as_deref())?;
    let redirect_uris = redirect_uris_or_ask(ctx, &vault, &ws, args.redirect_uris)?;
    let params = endpoint_params_or_ask(ctx, &provider, &args.tenant, &args.login_host)?;
    let new = NewConnector {
        name,
        provider: provider.name.clone(),
        client_id,
        client_secret,
        scopes,
        mode,
        redirect_uris,
        apps: args.used_by,
        endpoint_params: params,
    };
    let created = connector::add(&vault, &ws, &catalog, new)?;
    warn_about_added(ctx, &vault, &ws, &provider, &created)?;
    let warnings = ctx.ui.take_warnings();
    ctx.ui.show(&AddedView {
        connector: &created,
        workspace: &ws.name,
        warnings,
        provider: &provider.display_name,
    })?;
    Ok(())
}

/// The provider named, or, when none is, the one the person picks among the usable ones.
fn provider_or_ask(
    ctx: &Ctx,
    catalog: &crate::provider::Catalog,
    given: Option<String>,
) -> Result<Provider> {
    let provider_name = match given {
        Some(p) => p,
        None => {
            let usable: Vec<&Provider> = catalog.all().iter().filter(|p| p.is_usable()).collect();
            let items: Vec<String> = usable
                .iter()
                .map(|p| format!("{} ({})", p.display_name, p.name))
                .collect();
            let i = ctx.ui.select(
                "Provider",
                &items,
                0,
                "PROVIDER (see `connectors providers list`)",
            )?;
            usable[i].name.clone()
        }
    };
    Ok(catalog.require(&provider_name)?.clone())
}

/// The client ID given, or asked for (saying where the provider's console is).
fn client_id_or_ask(ctx: &Ctx, provider: &Provider, given: Option<String>) -> Result<String> {
    if let Some(c) = given {
        return Ok(c);
    }
    if let Some(url) = &provider.console_url {
        ctx.ui.note(format!(
            "The client ID and secret are in {}'s developer console: {url}",
            provider.display_name
        ));
    }
    ask_checked(
        ctx,
        "Client ID",
        "--client-id ID",
        connector::validate_client_id,
    )
}

/// The scopes given and those of the scopes file; on a terminal, when there are none,
/// asked for one per line.
fn scopes_or_ask(
    ctx: &Ctx,
    provider: &Provider,
    mut scopes: Vec<String>,
    file: Option<&std::path::Path>,
) -> Result<Vec<String>> {
    if let Some(f) = file {
        scopes.extend(read_scopes_file(f)?);
    }
    if scopes.is_empty() && ctx.ui.interactive() && !provider.scopes.is_empty() {
        let examples: Vec<&str> = provider
            .scopes
            .iter()
            .take(4)
            .map(|s| s.name.as_str())
            .collect();
        ctx.ui.note(format!(
            "Scopes, one per line (for example {}); an empty line ends the list.",
            examples.join(", ")
        ));
        scopes = ask_lines(ctx, "Scope", "--scope SCOPE", &[], check_scope)?;
    }
    Ok(scopes)
}

/// The mode given; else picked on a terminal; else per-user.
fn mode_or_ask(ctx: &Ctx, given: Option<&str>) -> Result<Mode> {
    Ok(match parse_mode(given)? {
        Some(m) => m,
        None if ctx.ui.interactive() => {
            let items = vec![
                "per-user: each person connects their own account".to_string(),
                "shared: one account powers the feature for everyone in an app".to_string(),
            ];
            if ctx.ui.select("Mode", &items, 0, "--mode")? == 0 {
                Mode::PerUser
            } else {
                Mode::Shared
            }
        }
        None => Mode::PerUser,
    })
}

/// The registered redirect URIs given; on a terminal, when there are none, asked for
/// after showing those the workspace's apps need.
fn redirect_uris_or_ask(
    ctx: &Ctx,
    vault: &Vault,
    ws: &Workspace,
    given: Vec<String>,
) -> Result<Vec<String>> {
    if !given.is_empty() || !ctx.ui.interactive() {
        return Ok(given);
    }
    let needed = needed_uris(vault, ws)?;
    if !needed.is_empty() {
        ctx.ui
            .note("Your apps need these redirect URIs registered at the provider:");
        for (_, u) in &needed {
            ctx.ui.note(format!("  {u}"));
        }
    }
    ctx.ui
        .note("Type the redirect URIs you registered, one per line; an empty line ends the list.");
    ask_lines(
        ctx,
        "Redirect URI",
        "--redirect-uri URI",
        &[],
        check_redirect_uri,
    )
}

/// The endpoint parameters given by flags, and on a terminal the provider's others
/// (the tenant), asked for with their defaults.
fn endpoint_params_or_ask(
    ctx: &Ctx,
    provider: &Provider,
    tenant: &Option<String>,
    login_host: &Option<String>,
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut params = endpoint_params(tenant, login_host);
    for (name, spec) in &provider.endpoint_params {
        if !params.contains_key(name) && ctx.ui.interactive() {
            ctx.ui.note(&spec.description);
            let flag = format!("--{}", name.replace('_', "-"));
            let v = ctx.ui.input(name, Some(&spec.default), &flag)?;
            params.insert(name.clone(), v);
        }
    }
    Ok(params)
}

/// Warns about what the new connector lacks: a refresh scope, scopes the provider knows,
/// any scope at all, and redirect URIs its apps need but that are not registered.
fn warn_about_added(
    ctx: &mut Ctx,
    vault: &Vault,
    ws: &Workspace,
    provider: &Provider,
    created: &connector::Connector,
) -> Result<()> {
    if let Some(w) = crate::scopes::refresh_scope_warning(provider, &created.scopes) {
        ctx.ui.warn(w);
    }
    for w in crate::scopes::unknown_scope_warnings(provider, &created.scopes) {
        ctx.ui.warn(w);
    }
    if created.scopes.is_empty() && !provider.scopes.is_empty() {
        ctx.ui.warn(format!(
            "no scopes were given; add them with `connectors edit \"{}\" --add-scope SCOPE`",
            created.name
        ));
    }
    let apps = crate::app::list(vault.db(), ws)?;
    for (app, needed) in created.needed_redirects(ws, &apps) {
        let check = crate::redirect::check(&needed, &created.redirect_uris);
        if !check.registered {
            ctx.ui.warn(format!(
                "app '{app}': {} ({})",
                check.explain(),
                needed.kind.label()
            ));
        }
    }
    Ok(())
}

/// A connector just added, with the warnings about it.
#[derive(Serialize)]
struct AddedView<'a> {
    connector: &'a connector::Connector,
    workspace: &'a str,
    warnings: Vec<String>,
    /// The provider's display name.
    #[serde(skip)]
    provider: &'a str,
}

impl View for AddedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Added connector '{}' ({}, {}) to workspace '{}'; every app in it can use it now.",
            self.connector.name, self.provider, self.connector.mode, self.workspace
        ));
    }
}

/// The redirect URIs every app of the workspace needs, as (app, uri).
fn needed_uris(vault: &Vault, ws: &Workspace) -> Result<Vec<(String, String)>> {
    let apps = crate::app::list(vault.db(), ws)?;
    Ok(apps
        .iter()
        .flat_map(|a| {
            a.redirect_uris(ws)
                .into_iter()
                .map(|u| (a.name.clone(), u.uri))
        })
        .collect())
}

pub fn list(args: ListArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let list = connector::list(vault.db(), &ws, args.provider.as_deref())?;
    ctx.ui.show(&ListView {
        workspace: &ws.name,
        connectors: &list,
    })?;
    Ok(())
}

/// The workspace's connectors, with their connection counts.
#[derive(Serialize)]
struct ListView<'a> {
    workspace: &'a str,
    connectors: &'a [connector::Summary],
}

impl View for ListView<'_> {
    fn human(&self, ui: &Ui) {
        if self.connectors.is_empty() {
            ui.line(format!(
                "No connectors in workspace '{}'. Add one with `connectors add PROVIDER`.",
                self.workspace
            ));
            return;
        }
        let rows: Vec<Vec<String>> = self
            .connectors
            .iter()
            .map(|c| {
                let conns = if c.needs_reconnect > 0 {
                    format!("{} ({} need reconnect)", c.connections, c.needs_reconnect)
                } else {
                    c.connections.to_string()
                };
                vec![
                    c.name.clone(),
                    c.provider.clone(),
                    c.mode.to_string(),
                    c.scopes.len().to_string(),
                    conns,
                    c.updated_at.clone(),
                ]
            })
            .collect();
        ui.table(
            &[
                "NAME",
                "PROVIDER",
                "MODE",
                "SCOPES",
                "CONNECTIONS",
                "UPDATED",
            ],
            &rows,
        );
    }
}

pub fn show(args: ShowArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let c = connector::find(vault.db(), &ws, &args.name)?;
    let secret = connector::secret(&vault, &c)?;
    if args.reveal_secret && !args.yes {
        confirm_reveal(ctx, &c)?;
    }
    let counts = connector::connection_counts(vault.db(), &c)?;
    let apps = crate::app::list(vault.db(), &ws)?;
    let needed_redirect_uris = c
        .needed_redirects(&ws, &apps)
        .into_iter()
        .map(|(app, u)| {
            let check = crate::redirect::check(&u, &c.redirect_uris);
            NeededUri {
                app,
                kind: u.kind,
                uri: u.uri,
                explanation: check.explain(),
                registered: check.registered,
                closest: check.closest,
                reason: check.reason,
            }
        })
        .collect();
    ctx.ui.show(&ShowView {
        connector: &c,
        workspace: &ws.name,
        client_secret: SecretView {
            set: true,
            fingerprint: connector::fingerprint(&secret),
            value: args.reveal_secret.then(|| secret.expose_secret()),
        },
        connections: ConnectionsView {
            total: counts.iter().map(|(_, n)| n).sum(),
            by_status: &counts,
        },
        needed_redirect_uris,
    })?;
    Ok(())
}

/// Asks before printing a client secret on the screen; an error when there is no
/// terminal to ask on, or the person says no.
fn confirm_reveal(ctx: &Ctx, c: &connector::Connector) -> Result<()> {
    if !ctx.ui.interactive() {
        return Err(Error::with(
            crate::error::code::CONFIRMATION_REQUIRED,
            "revealing the client secret needs confirmation",
        )
        .hint("run on a terminal to confirm, or pass --yes"));
    }
    if !ctx.ui.confirm(
        &format!("Print the client secret of '{}' on the screen?", c.name),
        "--yes",
    )? {
        return Err(
            Error::with(crate::error::code::CANCELLED, "the secret was not shown")
                .hint("answer yes, or pass --yes"),
        );
    }
    Ok(())
}

/// One connector: its settings, its client secret (as a fingerprint unless revealed),
/// its connections, and the redirect URIs the apps using it need.
#[derive(Serialize)]
struct ShowView<'a> {
    connector: &'a connector::Connector,
    workspace: &'a str,
    client_secret: SecretView<'a>,
    connections: ConnectionsView<'a>,
    needed_redirect_uris: Vec<NeededUri>,
}

/// The client secret: always set; its value only when the person asked to reveal it.
#[derive(Serialize)]
struct SecretView<'a> {
    set: bool,
    fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

/// A connector's connections: how many, and how many of each status.
#[derive(Serialize)]
struct ConnectionsView<'a> {
    total: i64,
    #[serde(serialize_with = "status_map")]
    by_status: &'a [(String, i64)],
}

/// Counts by status as a JSON object: status to count.
fn status_map<S: serde::Serializer>(
    counts: &&[(String, i64)],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_map(counts.iter().map(|(status, n)| (status, n)))
}

/// A redirect URI an app using the connector needs, and whether it is registered.
#[derive(Serialize)]
struct NeededUri {
    app: String,
    kind: crate::redirect::UriKind,
    uri: String,
    registered: bool,
    closest: Option<String>,
    reason: Option<crate::redirect::Mismatch>,
    explanation: String,
}

impl View for ShowView<'_> {
    fn human(&self, ui: &Ui) {
        self.settings(ui);
        if !self.needed_redirect_uris.is_empty() {
            ui.line("");
            ui.line("Redirect URIs your apps need at the provider:");
            let rows: Vec<Vec<String>> = self
                .needed_redirect_uris
                .iter()
                .map(|r| {
                    vec![
                        r.app.clone(),
                        r.uri.clone(),
                        if r.registered {
                            "registered".into()
                        } else {
                            "NOT registered".into()
                        },
                    ]
                })
                .collect();
            ui.table(&["APP", "REDIRECT URI", "STATUS"], &rows);
        }
    }
}

impl ShowView<'_> {
    /// The connector's settings and counts, one labelled field each.
    fn settings(&self, ui: &Ui) {
        let c = self.connector;
        let w = 14;
        ui.field("connector", w, &c.name);
        ui.field("provider", w, &c.provider);
        ui.field("mode", w, c.mode.to_string());
        ui.field(
            "used by",
            w,
            if c.apps.is_empty() {
                "every app of the workspace".to_string()
            } else {
                c.apps.join(", ")
            },
        );
        for (name, value) in &c.endpoint_params {
            ui.field(&name.replace('_', " "), w, value);
        }
        ui.field("client id", w, &c.client_id);
        match self.client_secret.value {
            Some(value) => ui.field("client secret", w, value),
            None => ui.field(
                "client secret",
                w,
                format!("•••••••• ({})", self.client_secret.fingerprint),
            ),
        }
        // Further values of a field go on lines of their own, under the first.
        let more = format!("\n{:w$} ", "", w = w + 1);
        ui.field(
            "scopes",
            w,
            if c.scopes.is_empty() {
                "none".to_string()
            } else {
                c.scopes.join("\n").replace('\n', &more)
            },
        );
        ui.field(
            "registered",
            w,
            if c.redirect_uris.is_empty() {
                "none".to_string()
            } else {
                c.redirect_uris.join(&more)
            },
        );
        let by_status = self
            .connections
            .by_status
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        ui.field(
            "connections",
            w,
            if by_status.is_empty() {
                "0".into()
            } else {
                format!("{} ({by_status})", self.connections.total)
            },
        );
        ui.field("updated", w, &c.updated_at);
    }
}

pub fn edit(args: EditArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let catalog = ctx.catalog(Some(&vault))?;
    let current = connector::find(vault.db(), &ws, &args.name)?;
    let mut changes = changes_from_flags(&args, ctx)?;
    if changes.is_empty() {
        if !ctx.ui.interactive() {
            return Err(Ended::from(Error::with(crate::error::code::NOTHING_TO_CHANGE, format!("no change was given for connector '{}'", current.name))
                                .hint("pass --name, --client-id, --client-secret-stdin, --scope, --add-scope, --remove-scope, --mode, --redirect-uri, --used-by, --tenant or --login-host; or run on a terminal to edit interactively")));
        }
        if !interactive_edit(ctx, &current, &mut changes)? {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::CANCELLED,
                    "the edit was cancelled; nothing changed",
                )
                .hint("run `connectors edit` again"),
            ));
        }
    }

    let report = connector::edit(&vault, &ws, &current.name, changes)?;
    warn_about_edit(ctx, &catalog, &report);
    let warnings = ctx.ui.take_warnings();
    ctx.ui.show(&EditView {
        connector: &report.connector,
        changes: &report.changes,
        connections_needing_reconnect: report.needs_reconnect,
        warnings,
        workspace: &ws.name,
    })?;
    Ok(())
}

/// The changes the edit flags ask for.
fn changes_from_flags(args: &EditArgs, ctx: &mut Ctx) -> Result<Changes> {
    let mut changes = Changes {
        name: args.new_name.clone(),
        client_id: args.client_id.clone(),
        client_secret: args.secret.read(&mut ctx.ui)?,
        mode: parse_mode(args.mode.as_deref())?,
        ..Changes::default()
    };
    let scopes = if !args.scopes.is_empty() {
        Some(args.scopes.clone())
    } else if let Some(f) = &args.scopes_file {
        Some(read_scopes_file(f)?)
    } else {
        None
    };
    changes.scopes = connector::ListEdit {
        replace: scopes,
        add: args.add_scopes.clone(),
        remove: args.remove_scopes.clone(),
    };
    changes.redirect_uris = connector::ListEdit {
        replace: (!args.redirect_uris.is_empty()).then(|| args.redirect_uris.clone()),
        add: args.add_redirect_uris.clone(),
        remove: args.remove_redirect_uris.clone(),
    };
    changes.endpoint_params = endpoint_params(&args.tenant, &args.login_host);
    if args.used_by_all {
        changes.apps = Some(Vec::new());
    } else if !args.used_by.is_empty() {
        changes.apps = Some(args.used_by.clone());
    }
    Ok(changes)
}

/// Warns about what the edit left doubtful: values to remove that were not there, and,
/// when the scopes changed, a missing refresh scope or scopes the provider does not know.
fn warn_about_edit(ctx: &mut Ctx, catalog: &crate::provider::Catalog, report: &EditReport) {
    for w in &report.warnings {
        ctx.ui.warn(w.clone());
    }
    if let Some(p) = catalog.get(&report.connector.provider)
        && report.changes.iter().any(|c| c.field == "scopes")
    {
        if let Some(w) = crate::scopes::refresh_scope_warning(p, &report.connector.scopes) {
            ctx.ui.warn(w);
        }
        for w in crate::scopes::unknown_scope_warnings(p, &report.connector.scopes) {
            ctx.ui.warn(w);
        }
    }
}

/// A connector after an edit: what changed, and how many connections must reconnect.
#[derive(Serialize)]
struct EditView<'a> {
    connector: &'a connector::Connector,
    changes: &'a [connector::FieldChange],
    connections_needing_reconnect: i64,
    warnings: Vec<String>,
    #[serde(skip)]
    workspace: &'a str,
}

impl View for EditView<'_> {
    fn human(&self, ui: &Ui) {
        if self.changes.is_empty() {
            ui.line(format!(
                "Connector '{}': nothing changed.",
                self.connector.name
            ));
            return;
        }
        ui.line(format!(
            "Updated connector '{}' for every app in workspace '{}':",
            self.connector.name, self.workspace
        ));
        for c in self.changes {
            let show = crate::ui::human_value;
            ui.line(format!(
                "  {}: {} -> {}",
                c.field,
                show(&c.from),
                show(&c.to)
            ));
        }
        if self.connections_needing_reconnect > 0 {
            ui.line(format!(
                "{} connection(s) no longer cover the scopes and must reconnect; they are marked needs_reconnect.",
                self.connections_needing_reconnect
            ));
        }
    }
}

/// The interactive editor: pick fields to change, then an explicit save. Returns false
/// when the person cancels.
fn interactive_edit(
    ctx: &mut Ctx,
    current: &connector::Connector,
    changes: &mut Changes,
) -> Result<bool> {
    loop {
        let now = Editing::of(current, changes);
        match ctx.ui.select(
            &format!("Edit connector '{}'", current.name),
            &now.menu(changes.client_secret.is_some()),
            0,
            "the edit flags",
        )? {
            0 => changes.name = Some(ctx.ui.input("Name", Some(&now.name), "--name")?),
            1 => {
                changes.client_id = Some(ctx.ui.input(
                    "Client ID",
                    Some(&now.client_id),
                    "--client-id",
                )?)
            }
            2 => {
                changes.client_secret = Some(
                    ctx.ui
                        .password("New client secret", "--client-secret-stdin")?,
                )
            }
            3 => {
                ctx.ui.note("The scopes, one per line: Enter keeps one, `-` removes it; an empty line ends the list.");
                changes.scopes = connector::ListEdit::replace(ask_lines(
                    ctx,
                    "Scope",
                    "--scope",
                    &now.scopes,
                    check_scope,
                )?);
            }
            4 => {
                let modes = vec!["per-user".to_string(), "shared".to_string()];
                let i = ctx.ui.select(
                    "Mode",
                    &modes,
                    if now.mode == Mode::PerUser { 0 } else { 1 },
                    "--mode",
                )?;
                changes.mode = Some(if i == 0 { Mode::PerUser } else { Mode::Shared });
            }
            5 => {
                ctx.ui.note("The registered redirect URIs, one per line: Enter keeps one, `-` removes it; an empty line ends the list.");
                changes.redirect_uris = connector::ListEdit::replace(ask_lines(
                    ctx,
                    "Redirect URI",
                    "--redirect-uri",
                    &now.uris,
                    check_redirect_uri,
                )?);
            }
            6 => return Ok(true),
            // Cancelling with changes made asks first: they would be lost.
            _ if changes.is_empty() || ctx.ui.confirm("Discard the changes made?", "--yes")? => {
                return Ok(false);
            }
            _ => {}
        }
    }
}

/// The fields the interactive editor shows: the connector's, with the changes made so
/// far in place of them.
struct Editing {
    name: String,
    client_id: String,
    scopes: Vec<String>,
    mode: Mode,
    uris: Vec<String>,
}

impl Editing {
    fn of(current: &connector::Connector, changes: &Changes) -> Editing {
        Editing {
            name: changes.name.clone().unwrap_or_else(|| current.name.clone()),
            client_id: changes
                .client_id
                .clone()
                .unwrap_or_else(|| current.client_id.clone()),
            scopes: changes
                .scopes
                .replace
                .clone()
                .unwrap_or_else(|| current.scopes.clone()),
            mode: changes.mode.unwrap_or(current.mode),
            uris: changes
                .redirect_uris
                .replace
                .clone()
                .unwrap_or_else(|| current.redirect_uris.clone()),
        }
    }

    /// The editor's menu: one item per field (in the order the editor's choices number
    /// them), then Save and Cancel.
    fn menu(&self, new_secret: bool) -> Vec<String> {
        let list = |l: &[String]| {
            if l.is_empty() {
                "(none)".to_string()
            } else {
                l.join(", ")
            }
        };
        vec![
            format!("Name: {}", self.name),
            format!("Client ID: {}", self.client_id),
            format!(
                "Client secret: {}",
                if new_secret {
                    "(new, not saved yet)"
                } else {
                    "••••••••"
                }
            ),
            format!("Scopes: {}", list(&self.scopes)),
            format!("Mode: {}", self.mode),
            format!("Redirect URIs: {}", list(&self.uris)),
            "Save".to_string(),
            "Cancel".to_string(),
        ]
    }
}

pub fn delete(args: DeleteArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let c = connector::find(vault.db(), &ws, &args.name)?;
    let total: i64 = connector::connection_counts(vault.db(), &c)?
        .iter()
        .map(|(_, n)| n)
        .sum();
    if !args.yes {
        if !ctx.ui.interactive() {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::CONFIRMATION_REQUIRED,
                    format!("deleting connector '{}' needs confirmation", c.name),
                )
                .hint("pass --yes to delete it without prompts"),
            ));
        }
        let first = format!(
            "Delete connector '{}'? Every app in workspace '{}' loses it, and its {total} connection(s) are removed.",
            c.name, ws.name
        );
        if !ctx.ui.confirm(&first, "--yes")? {
            return Err(Ended::from(
                Error::with(crate::error::code::CANCELLED, "nothing was deleted")
                    .hint("run it again and confirm, or pass --yes"),
            ));
        }
        let typed = ctx
            .ui
            .input("Type the connector's name to confirm", None, "--yes")?;
        if !typed.trim().eq_ignore_ascii_case(&c.name) {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::CANCELLED,
                    "the name typed does not match; nothing was deleted",
                )
                .hint(format!("type '{}' exactly", c.name)),
            ));
        }
    }
    let failed_revocations = if args.revoke {
        super::connections::revoke_all(ctx, &vault, &ws, &c)?
    } else {
        0
    };
    let removed = connector::delete(&vault, &ws, &c.name)?;
    ctx.ui.show(&DeletedView {
        deleted: &c.name,
        connections_removed: removed,
        revoked: args.revoke,
        failed_revocations,
    })?;
    if failed_revocations > 0 {
        return Err(Ended::shown_if(Error::with(crate::error::code::REVOCATION_FAILED,
            format!("{failed_revocations} connection(s) could not be revoked at the provider; their tokens were deleted here anyway"),
        )
        .hint("the people concerned can remove the app's access in their account settings at the provider"), ctx.ui.is_json()));
    }
    Ok(())
}

/// A connector deleted: its connections removed, and whether revoking them at the
/// provider was asked for and how many of those failed.
#[derive(Serialize)]
struct DeletedView<'a> {
    deleted: &'a str,
    connections_removed: i64,
    revoked: bool,
    failed_revocations: usize,
}

impl View for DeletedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Deleted connector '{}' and {} connection(s).",
            self.deleted, self.connections_removed
        ));
    }
}
