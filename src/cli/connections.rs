//! `connectors connect | connections | token | refresh | disconnect`: the per-user (or
//! shared) connections of a connector and their tokens.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;

use clap::Args;
use secrecy::ExposeSecret;
use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::connection::{self, Connection, Filter, Status};
use crate::connector::{self, Connector};
use crate::error::{Error, Result};
use crate::flow;
use crate::provider::Provider;
use crate::store::ConnectorId;
use crate::ui::{Ui, View};
use crate::vault::Vault;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The connector's name
    pub connector: String,
    /// The app the connection is for
    #[arg(long)]
    pub app: String,
    /// The app's ID for the person connecting (per-user connectors only)
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
    /// Listen on this port (default: an ephemeral one); register
    /// http://127.0.0.1:PORT/api/external-auth/callback at the provider
    #[arg(long)]
    pub port: Option<u16>,
    /// Give up waiting for the browser after this many seconds (1 to 86400)
    #[arg(long, default_value_t = 300, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Print the URL to open instead of opening a browser
    #[arg(long)]
    pub no_browser: bool,
    /// For providers that refuse loopback redirects: paste the URL you land on. Uses the
    /// app's live redirect URI unless --redirect-uri says otherwise
    #[arg(long)]
    pub paste: bool,
    /// With --paste: the registered redirect URI to send the browser to
    #[arg(long, value_name = "URI", requires = "paste")]
    pub redirect_uri: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    /// Only this connector's connections
    pub connector: Option<String>,
    /// Only this app's connections
    #[arg(long)]
    pub app: Option<String>,
    /// Only this app user's connections
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
    /// List the consents waiting for their callback instead (`connect-url`, a `connect`
    /// under way): who, where, until when; never their state
    #[arg(long, conflicts_with = "user")]
    pub pending: bool,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The connector's name
    pub connector: String,
    #[arg(long)]
    pub app: String,
    /// The app user (per-user connectors)
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// The connector's name
    pub connector: String,
    /// Only connections of this app
    #[arg(long)]
    pub app: Option<String>,
    /// Refresh this user's connection
    #[arg(
        long,
        value_name = "USER_ID",
        conflicts_with = "all",
        required_unless_present = "all"
    )]
    pub user: Option<String>,
    /// Refresh every connection of the connector (that has a refresh token)
    #[arg(long)]
    pub all: bool,
    /// How many refreshes run at once
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub parallel: u16,
}

#[derive(Debug, Args)]
pub struct DisconnectArgs {
    /// The connector's name
    pub connector: String,
    #[arg(long)]
    pub app: String,
    /// The app user (per-user connectors)
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
}

pub(super) struct Loaded {
    pub(super) vault: Vault,
    pub(super) ws: Workspace,
    pub(super) connector: Connector,
    pub(super) provider: Provider,
}

impl Loaded {
    /// Loads the key and checks every row that led here by name (the workspace, the
    /// connector, the vault's definition of its provider, the app), before any secret is
    /// used: a name swapped outside connectors would lead to another grant.
    pub(super) fn checked(&self, app: Option<&crate::app::App>) -> Result<()> {
        self.vault.unlock()?;
        self.vault.check(&self.ws)?;
        self.vault.check(&self.connector)?;
        self.vault.check_provider(&self.provider.stored)?;
        match app {
            Some(a) => self.vault.check(a),
            None => Ok(()),
        }
    }
}

pub(super) fn load(ctx: &mut Ctx, name: &str) -> Result<Loaded> {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let connector = connector::find(vault.db(), &ws, name)?;
    let catalog = ctx.catalog(Some(&vault))?;
    let provider = connector.provider_from(&catalog)?;
    Ok(Loaded {
        vault,
        ws,
        connector,
        provider,
    })
}

pub fn connect(args: ConnectArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    refuse_unless_serves(&l.connector, &app)?;
    connection::user_key(&l.connector, args.user.as_deref())?;
    l.checked(Some(&app))?;
    let opts = flow_options(&args, &l.ws, &app);
    let report = flow::connect(
        &l.vault,
        &l.ws.name,
        &l.provider,
        &l.connector,
        &app,
        args.user.as_deref(),
        &opts,
        &mut ctx.ui,
    )?;
    show_connected(ctx, &l.connector.name, &report)
}

/// Shows a consent that was stored: the connection, and what was not granted.
pub(super) fn show_connected(ctx: &mut Ctx, connector: &str, report: &flow::Report) -> Outcome {
    if !report.missing_scopes.is_empty() {
        ctx.ui.warn(format!(
            "{} ({}): not granted: {}. {}",
            crate::troubleshoot::MISSING_SCOPE.title,
            crate::troubleshoot::MISSING_SCOPE.code,
            report.missing_scopes.join(", "),
            crate::troubleshoot::MISSING_SCOPE.fix
        ));
    }
    let view = ConnectedView {
        connection: &report.connection,
        redirect_uri: &report.redirect_uri,
        missing_scopes: &report.missing_scopes,
        timings: &report.timings,
        warnings: ctx.ui.take_warnings(),
        connector,
    };
    ctx.ui.show(&view)?;
    if ctx.ui.verbose() {
        ctx.ui.note(format!(
            "callback to stored: {:.1} ms (token endpoint: {:.1} ms)",
            report.timings.callback_to_stored_ms, report.timings.token_endpoint_ms
        ));
    }
    Ok(())
}

/// Refuses to connect an app that the connector is not used by.
pub(super) fn refuse_unless_serves(connector: &Connector, app: &crate::app::App) -> Result<()> {
    if connector.serves(&app.name) {
        return Ok(());
    }
    Err(Error::with(crate::error::code::CONNECTOR_NOT_FOR_APP,
        format!("connector '{}' is used only by {}, not by app '{}'", connector.name, connector.apps.join(", "), app.name),
    )
    .hint(format!("add the app with `connectors edit \"{}\" --used-by {} ...` (listing every app that uses it)", connector.name, app.name)))
}

/// How the flow runs: the listener, the wait, the browser, and with --paste the
/// redirect URI the browser is sent to (the app's live one unless --redirect-uri says).
fn flow_options(args: &ConnectArgs, ws: &Workspace, app: &crate::app::App) -> flow::Options {
    let paste = if args.paste {
        Some(
            args.redirect_uri
                .clone()
                .unwrap_or_else(|| app.redirect_uris(ws)[0].uri.clone()),
        )
    } else {
        None
    };
    flow::Options {
        port: args.port,
        timeout: Duration::from_secs(args.timeout),
        no_browser: args.no_browser,
        paste,
    }
}

/// The connection a consent just made, and what it did not grant.
#[derive(Serialize)]
struct ConnectedView<'a> {
    connection: &'a Connection,
    redirect_uri: &'a str,
    missing_scopes: &'a [String],
    timings: &'a flow::Timings,
    warnings: Vec<String>,
    #[serde(skip)]
    connector: &'a str,
}

impl View for ConnectedView<'_> {
    fn human(&self, ui: &Ui) {
        let c = self.connection;
        ui.line(format!(
            "Connected {} to '{}'{}.",
            c.who(),
            self.connector,
            c.account
                .as_deref()
                .map(|a| format!(" as {a}"))
                .unwrap_or_default()
        ));
        let w = 8;
        ui.field(
            "scopes",
            w,
            if c.granted_scopes.is_empty() {
                "(none)".into()
            } else {
                c.granted_scopes.join(" ")
            },
        );
        ui.field(
            "expires",
            w,
            c.expires_at
                .as_deref()
                .unwrap_or("never (per the provider)"),
        );
        ui.field(
            "refresh",
            w,
            if c.has_refresh_token {
                "yes"
            } else {
                "no refresh token: reconnect when it expires"
            },
        );
    }
}

fn status_text(c: &Connection) -> String {
    c.status.as_str().to_string()
}

pub fn connections(args: ConnectionsArgs, ctx: &mut Ctx) -> Outcome {
    if args.pending {
        return super::consent::waiting(ctx, args.connector.as_deref(), args.app.as_deref());
    }
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let connector = args
        .connector
        .as_deref()
        .map(|n| connector::find(vault.db(), &ws, n))
        .transpose()?;
    let app = args
        .app
        .as_deref()
        .map(|n| crate::app::find(vault.db(), &ws, n))
        .transpose()?;
    let list = connection::list(
        vault.db(),
        ws.id,
        &Filter {
            connector: connector.as_ref(),
            app: app.as_ref(),
            user: args.user.as_deref(),
        },
    )?;
    let required = required_scopes(&vault, &ws, &list)?;
    let view = ConnectionsView {
        workspace: &ws.name,
        connections: list
            .iter()
            .map(|c| {
                let required = &required[&c.connector_id];
                ConnectionRow {
                    connection: c,
                    required_scopes: required,
                    missing_scopes: c.missing_scopes(required),
                }
            })
            .collect(),
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// The scopes each listed connection's connector requires, for granted-versus-required.
fn required_scopes(
    vault: &Vault,
    ws: &Workspace,
    list: &[Connection],
) -> Result<HashMap<ConnectorId, Vec<String>>> {
    let mut required = HashMap::new();
    for c in list {
        if let Entry::Vacant(slot) = required.entry(c.connector_id) {
            slot.insert(connector::find(vault.db(), ws, &c.connector)?.scopes);
        }
    }
    Ok(required)
}

/// The workspace's connections that match, each with the scopes it lacks.
#[derive(Serialize)]
struct ConnectionsView<'a> {
    workspace: &'a str,
    connections: Vec<ConnectionRow<'a>>,
}

#[derive(Serialize)]
struct ConnectionRow<'a> {
    connection: &'a Connection,
    required_scopes: &'a [String],
    missing_scopes: Vec<&'a str>,
}

impl View for ConnectionsView<'_> {
    fn human(&self, ui: &Ui) {
        if self.connections.is_empty() {
            ui.line("No connections match.");
            return;
        }
        let rows: Vec<Vec<String>> = self.connections.iter().map(ConnectionRow::cells).collect();
        ui.table(
            &[
                "CONNECTOR",
                "APP",
                "USER",
                "STATUS",
                "ACCOUNT",
                "SCOPES",
                "EXPIRES",
                "LAST ERROR",
            ],
            &rows,
        );
    }
}

impl ConnectionRow<'_> {
    /// The row's cells in the table of `connections`.
    fn cells(&self) -> Vec<String> {
        let (c, req, missing) = (self.connection, self.required_scopes, &self.missing_scopes);
        let scopes = if missing.is_empty() {
            format!("{}/{}", req.len(), req.len())
        } else {
            format!(
                "{}/{} (missing {})",
                req.len() - missing.len(),
                req.len(),
                missing.join(", ")
            )
        };
        vec![
            c.connector.clone(),
            c.app.clone(),
            c.user.clone().unwrap_or_else(|| "(shared)".into()),
            status_text(c),
            c.account.clone().unwrap_or_else(|| "-".into()),
            scopes,
            c.expires_at.clone().unwrap_or_else(|| "-".into()),
            c.status_reason
                .clone()
                .or_else(|| c.last_error.clone())
                .unwrap_or_default(),
        ]
    }
}

pub fn token(args: TokenArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    let key = connection::user_key(&l.connector, args.user.as_deref())?;
    let c = connection::require(l.vault.db(), &l.connector, &app, &key)?;
    l.checked(Some(&app))?;
    let token =
        connection::access_token(&l.vault, &l.ws.name, &l.provider, &l.connector, c, false)?;
    let c = &token.connection;
    ctx.ui.show(&TokenView {
        token: token.access_token.expose_secret(),
        token_type: c.token_type.as_deref(),
        expires_at: c.expires_at.as_deref(),
        scopes: &c.granted_scopes,
        account: c.account.as_deref(),
        refreshed: token.refreshed,
    })?;
    Ok(())
}

/// A valid access token, and what it is good for.
#[derive(Serialize)]
struct TokenView<'a> {
    token: &'a str,
    token_type: Option<&'a str>,
    expires_at: Option<&'a str>,
    scopes: &'a [String],
    account: Option<&'a str>,
    refreshed: bool,
}

impl View for TokenView<'_> {
    fn human(&self, ui: &Ui) {
        // The token alone, for `$(connectors token ...)`.
        ui.line(self.token);
    }
}

pub fn refresh(args: RefreshArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = args
        .app
        .as_deref()
        .map(|n| crate::app::find(l.vault.db(), &l.ws, n))
        .transpose()?;
    let targets = refresh_targets(&l, app.as_ref(), args.user.as_deref())?;
    // The key is loaded once (a passphrase is asked once), then handed to each worker.
    // What decides where the secrets go is checked once, before any worker starts.
    l.checked(app.as_ref())?;
    let results = refresh_in_parallel(ctx, &l, targets, args.parallel as usize)?;
    let view = RefreshView::new(&l.connector.name, &results);
    ctx.ui.show(&view)?;
    let failed = view.failed;
    let tampered = results
        .iter()
        .filter(|r| matches!(&r.outcome, Err(e) if e.code == "vault_tampered"))
        .count();
    if tampered > 0 {
        return Err(Ended::shown_if(Error::with(crate::error::code::VAULT_TAMPERED,
            format!("{tampered} of {} connections were changed outside connectors, and were neither refreshed nor sent anywhere", results.len()),
        )
        .hint("run `connectors vault verify` to list them; restore the vault from a backup, or disconnect them and let their people connect again"), ctx.ui.is_json()));
    }
    // A vault that failed (unreachable, full, a lost lock) is the vault's exit code, 3:
    // the refreshes did not fail at their provider.
    if let Some(e) = results
        .iter()
        .find_map(|r| r.outcome.as_ref().err().filter(|e| e.exit_code() == 3))
    {
        let mut err = e.clone();
        err.message = format!(
            "{failed} of {} refreshes failed, the first for the vault: {}",
            results.len(),
            e.message
        );
        return Err(Ended::shown_if(err, ctx.ui.is_json()));
    }
    if failed > 0 {
        return Err(Ended::shown_if(Error::with(crate::error::code::REFRESH_FAILED, format!("{failed} of {} refreshes failed", results.len()))
            .hint("connections marked needs_reconnect need their person to connect again (`connectors connections`)"), ctx.ui.is_json()));
    }
    Ok(())
}

/// The connections to refresh: the user's (who must have one), or with --all every
/// connection of the connector that a refresh could renew.
fn refresh_targets(
    l: &Loaded,
    app: Option<&crate::app::App>,
    user: Option<&str>,
) -> Result<Vec<Connection>> {
    if let Some(user) = user {
        let key = connection::user_key(&l.connector, Some(user))?;
        let list = connection::list(
            l.vault.db(),
            l.ws.id,
            &Filter {
                connector: Some(&l.connector),
                app,
                user: Some(&key),
            },
        )?;
        if list.is_empty() {
            return Err(Error::with(
                crate::error::code::NO_CONNECTION,
                format!("user '{user}' has no connection to '{}'", l.connector.name),
            )
            .hint(format!(
                "connect first: connectors connect \"{}\" --app APP --user {user}",
                l.connector.name
            )));
        }
        return Ok(list);
    }
    Ok(connection::list(
        l.vault.db(),
        l.ws.id,
        &Filter {
            connector: Some(&l.connector),
            app,
            user: None,
        },
    )?
    .into_iter()
    .filter(|c| {
        c.has_refresh_token && c.status != Status::NeedsReconnect && c.status != Status::Revoked
    })
    .collect())
}

/// One connection's refresh: whose connection it is, and how it went.
struct Refreshed {
    /// Where the connection was among the targets.
    index: usize,
    app: String,
    user: Option<String>,
    outcome: Result<Connection>,
}

/// Refreshes the targets on `workers` threads, each with its own vault connection;
/// returns the outcomes in the targets' order, or the error of a worker that could not
/// open the vault.
fn refresh_in_parallel(
    ctx: &Ctx,
    l: &Loaded,
    targets: Vec<Connection>,
    workers: usize,
) -> Result<Vec<Refreshed>> {
    let key = l.vault.unlock()?;
    let bar = ctx.ui.progress(targets.len() as u64, "Refreshing");
    let vault_path = l.vault.location().clone();
    let key_opts = || ctx.key_options().with_loaded(&key);
    let queue = std::sync::Mutex::new(targets.into_iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(Vec::new());
    let open_errors = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            let opts = key_opts();
            let (queue, results, open_errors, bar, provider, connector, vault_path, workspace) = (
                &queue,
                &results,
                &open_errors,
                &bar,
                &l.provider,
                &l.connector,
                &vault_path,
                l.ws.name.as_str(),
            );
            s.spawn(move || {
                // Each worker has its own vault connection (a connection is not shared across threads).
                let vault = match Vault::open(vault_path, opts) {
                    Ok(v) => v,
                    Err(e) => {
                        open_errors.lock().expect("open errors lock").push(e);
                        return;
                    }
                };
                loop {
                    let Some((index, c)) = queue.lock().expect("queue lock").pop() else {
                        break;
                    };
                    let (app, user) = (c.app.clone(), c.user.clone());
                    let outcome =
                        connection::access_token(&vault, workspace, provider, connector, c, true)
                            .map(|t| t.connection);
                    results.lock().expect("results lock").push(Refreshed {
                        index,
                        app,
                        user,
                        outcome,
                    });
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    if let Some(e) = open_errors
        .into_inner()
        .expect("open errors")
        .into_iter()
        .next()
    {
        return Err(e);
    }
    let mut results = results.into_inner().expect("results");
    results.sort_by_key(|r| r.index);
    Ok(results)
}

/// How each refresh of a connector went.
#[derive(Serialize)]
struct RefreshView<'a> {
    connector: &'a str,
    refreshed: usize,
    failed: usize,
    results: Vec<RefreshRow<'a>>,
}

#[derive(Serialize)]
struct RefreshRow<'a> {
    app: &'a str,
    user: Option<&'a str>,
    ok: bool,
    #[serde(flatten)]
    outcome: RefreshOutcome<'a>,
}

/// A refreshed connection's new expiry, or why it was not refreshed.
#[derive(Serialize)]
#[serde(untagged)]
enum RefreshOutcome<'a> {
    Refreshed { expires_at: Option<&'a str> },
    Failed { error: ErrorView<'a> },
}

impl<'a> RefreshView<'a> {
    fn new(connector: &'a str, results: &'a [Refreshed]) -> RefreshView<'a> {
        let results: Vec<RefreshRow<'a>> = results
            .iter()
            .map(|r| RefreshRow {
                app: &r.app,
                user: r.user.as_deref(),
                ok: r.outcome.is_ok(),
                outcome: match &r.outcome {
                    Ok(c) => RefreshOutcome::Refreshed {
                        expires_at: c.expires_at.as_deref(),
                    },
                    Err(e) => RefreshOutcome::Failed {
                        error: ErrorView::from(e),
                    },
                },
            })
            .collect();
        let refreshed = results.iter().filter(|r| r.ok).count();
        RefreshView {
            connector,
            refreshed,
            failed: results.len() - refreshed,
            results,
        }
    }
}

impl View for RefreshView<'_> {
    fn human(&self, ui: &Ui) {
        let rows: Vec<Vec<String>> = self
            .results
            .iter()
            .map(|r| {
                let (result, detail) = match &r.outcome {
                    RefreshOutcome::Refreshed { expires_at } => {
                        ("refreshed".to_string(), expires_at.unwrap_or_default())
                    }
                    RefreshOutcome::Failed { error } => (error.code.to_string(), error.message),
                };
                vec![
                    r.app.to_string(),
                    r.user.unwrap_or("(shared)").to_string(),
                    result,
                    detail.to_string(),
                ]
            })
            .collect();
        ui.table(&["APP", "USER", "RESULT", "DETAIL"], &rows);
        ui.line(format!(
            "{} refreshed, {} failed.",
            self.refreshed, self.failed
        ));
    }
}

/// An error as the `error` object of a JSON document (what `Error::to_json` holds).
#[derive(Serialize)]
struct ErrorView<'a> {
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> From<&'a Error> for ErrorView<'a> {
    fn from(e: &'a Error) -> ErrorView<'a> {
        ErrorView {
            code: e.code,
            message: &e.message,
            hint: e.hint.as_deref(),
        }
    }
}

pub fn disconnect(args: DisconnectArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    let key = connection::user_key(&l.connector, args.user.as_deref())?;
    let c = connection::require(l.vault.db(), &l.connector, &app, &key)?;
    l.checked(Some(&app))?;
    let out = connection::disconnect(&l.vault, &l.provider, &l.connector, &c, &l.ws.name)?;
    ctx.ui.show(&DisconnectedView {
        disconnected: Disconnected {
            connector: &l.connector.name,
            app: &c.app,
            user: c.user.as_deref(),
        },
        revoked: out.revoked,
        grant_still_live_at_provider: !out.revoked && out.revocation_error.is_none(),
        revocation_error: out.revocation_error.as_ref().map(ErrorView::from),
        who: c.who(),
        provider: &l.provider,
    })?;
    match out.revocation_error {
        Some(e) if !out.revoked => Err(Ended::shown_if(e, ctx.ui.is_json())),
        _ => Ok(()),
    }
}

/// A connection whose tokens were deleted, and whether its grant ended at the provider.
#[derive(Serialize)]
struct DisconnectedView<'a> {
    disconnected: Disconnected<'a>,
    revoked: bool,
    grant_still_live_at_provider: bool,
    revocation_error: Option<ErrorView<'a>>,
    /// The connection, as a person reads it.
    #[serde(skip)]
    who: String,
    #[serde(skip)]
    provider: &'a Provider,
}

#[derive(Serialize)]
struct Disconnected<'a> {
    connector: &'a str,
    app: &'a str,
    user: Option<&'a str>,
}

impl View for DisconnectedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Disconnected {} from '{}'; its tokens were deleted.",
            self.who, self.disconnected.connector
        ));
        let p = self.provider;
        if self.revoked {
            ui.line(format!("The grant was revoked at {}.", p.display_name));
        } else if self.grant_still_live_at_provider {
            // Said on stdout, not as a note: the grant outlives the disconnect.
            ui.line(format!(
                "The grant is still live at {p}: {p} has no revocation endpoint, so connectors cannot end it. \
                 The person ends it by removing the app's access in their {p} account settings{where_}.",
                p = p.display_name,
                where_ = p
                    .revoke_at
                    .as_deref()
                    .map(|w| format!(" ({w})"))
                    .unwrap_or_default()
            ));
        }
    }
}

/// For `delete --revoke`: revokes and removes every connection of a connector. Returns
/// how many revocations failed.
pub fn revoke_all(
    ctx: &mut Ctx,
    vault: &Vault,
    ws: &Workspace,
    connector: &Connector,
) -> Result<usize> {
    let catalog = ctx.catalog(Some(vault))?;
    let provider = connector.provider_from(&catalog)?;
    vault.unlock()?;
    vault.check(ws)?;
    vault.check(connector)?;
    let list = connection::list(
        vault.db(),
        ws.id,
        &Filter {
            connector: Some(connector),
            app: None,
            user: None,
        },
    )?;
    let bar = ctx.ui.progress(list.len() as u64, "Revoking");
    let mut failed = 0;
    for c in &list {
        let out = connection::disconnect(vault, &provider, connector, c, &ws.name)?;
        if let Some(e) = out.revocation_error {
            failed += 1;
            ctx.ui.warn(e.message);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(failed)
}
