//! `connectors connect | connections | token | refresh | disconnect`: the per-user (or
//! shared) connections of a connector and their tokens.

use std::time::Duration;

use clap::Args;
use secrecy::ExposeSecret;

use super::{Ctx, Ended, Outcome};
use crate::connection::{self, Connection, Filter, Status};
use crate::connector::{self, Connector};
use crate::error::{Error, Result};
use crate::flow;
use crate::provider::Provider;
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

struct Loaded {
    vault: Vault,
    ws: Workspace,
    connector: Connector,
    provider: Provider,
}

impl Loaded {
    /// Loads the key and checks every row that led here by name (the workspace, the
    /// connector, the vault's definition of its provider, the app), before any secret is
    /// used: a name swapped outside connectors would lead to another grant.
    fn checked(&self, app: Option<&crate::app::App>) -> Result<()> {
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

fn load(ctx: &Ctx, name: &str) -> Result<Loaded> {
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
    if !l.connector.serves(&app.name) {
        return Err(Ended::from(Error::with(crate::error::code::CONNECTOR_NOT_FOR_APP,
            format!("connector '{}' is used only by {}, not by app '{}'", l.connector.name, l.connector.apps.join(", "), app.name),
        )
        .hint(format!("add the app with `connectors edit \"{}\" --used-by {} ...` (listing every app that uses it)", l.connector.name, app.name))));
    }
    connection::user_key(&l.connector, args.user.as_deref())?;
    l.checked(Some(&app))?;
    let paste = if args.paste {
        Some(
            args.redirect_uri
                .clone()
                .unwrap_or_else(|| app.redirect_uris(&l.ws)[0].uri.clone()),
        )
    } else {
        None
    };
    let opts = flow::Options {
        port: args.port,
        timeout: Duration::from_secs(args.timeout),
        no_browser: args.no_browser,
        paste,
    };
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
    if !report.missing_scopes.is_empty() {
        ctx.ui.warn(format!(
            "{} ({}): not granted: {}. {}",
            crate::troubleshoot::MISSING_SCOPE.title,
            crate::troubleshoot::MISSING_SCOPE.code,
            report.missing_scopes.join(", "),
            crate::troubleshoot::MISSING_SCOPE.fix
        ));
    }
    let warnings = ctx.ui.take_warnings();
    ctx.ui.json(
        &serde_json::json!({"connection": report.connection, "redirect_uri": report.redirect_uri,
        "missing_scopes": report.missing_scopes, "timings": report.timings, "warnings": warnings}),
    )?;
    let c = &report.connection;
    ctx.ui.line(format!(
        "Connected {} to '{}'{}.",
        c.who(),
        l.connector.name,
        c.account
            .as_deref()
            .map(|a| format!(" as {a}"))
            .unwrap_or_default()
    ));
    let w = 8;
    ctx.ui.field(
        "scopes",
        w,
        if c.granted_scopes.is_empty() {
            "(none)".into()
        } else {
            c.granted_scopes.join(" ")
        },
    );
    ctx.ui.field(
        "expires",
        w,
        c.expires_at
            .as_deref()
            .unwrap_or("never (per the provider)"),
    );
    ctx.ui.field(
        "refresh",
        w,
        if c.has_refresh_token {
            "yes"
        } else {
            "no refresh token: reconnect when it expires"
        },
    );
    if ctx.ui.verbose() {
        ctx.ui.note(format!(
            "callback to stored: {:.1} ms (token endpoint: {:.1} ms)",
            report.timings.callback_to_stored_ms, report.timings.token_endpoint_ms
        ));
    }
    Ok(())
}

fn status_text(c: &Connection) -> String {
    c.status.as_str().to_string()
}

pub fn connections(args: ConnectionsArgs, ctx: &mut Ctx) -> Outcome {
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
    // Required scopes per connector, for granted-versus-required.
    let mut required: std::collections::HashMap<crate::store::ConnectorId, Vec<String>> =
        std::collections::HashMap::new();
    for c in &list {
        if let std::collections::hash_map::Entry::Vacant(slot) = required.entry(c.connector_id) {
            slot.insert(connector::find(vault.db(), &ws, &c.connector)?.scopes);
        }
    }
    let docs: Vec<_> = list
        .iter()
        .map(|c| {
            let missing = c.missing_scopes(&required[&c.connector_id]);
            serde_json::json!({"connection": c, "required_scopes": required[&c.connector_id], "missing_scopes": missing})
        })
        .collect();
    ctx.ui
        .json(&serde_json::json!({"workspace": ws.name, "connections": docs}))?;
    if list.is_empty() {
        ctx.ui.line("No connections match.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            let req = &required[&c.connector_id];
            let missing = c.missing_scopes(req);
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
        })
        .collect();
    ctx.ui.table(
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
    Ok(())
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
    if ctx.ui.is_json() {
        ctx.ui.json(&serde_json::json!({
            "token": token.access_token.expose_secret(),
            "token_type": c.token_type,
            "expires_at": c.expires_at,
            "scopes": c.granted_scopes,
            "account": c.account,
            "refreshed": token.refreshed,
        }))?;
    } else {
        // The token alone, for `$(connectors token ...)`.
        ctx.ui.line(token.access_token.expose_secret());
    }
    Ok(())
}

pub fn refresh(args: RefreshArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = args
        .app
        .as_deref()
        .map(|n| crate::app::find(l.vault.db(), &l.ws, n))
        .transpose()?;
    let targets: Vec<Connection> = if let Some(user) = &args.user {
        let key = connection::user_key(&l.connector, Some(user))?;
        let list = connection::list(
            l.vault.db(),
            l.ws.id,
            &Filter {
                connector: Some(&l.connector),
                app: app.as_ref(),
                user: Some(&key),
            },
        )?;
        if list.is_empty() {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::NO_CONNECTION,
                    format!("user '{user}' has no connection to '{}'", l.connector.name),
                )
                .hint(format!(
                    "connect first: connectors connect \"{}\" --app APP --user {user}",
                    l.connector.name
                )),
            ));
        }
        list
    } else {
        connection::list(
            l.vault.db(),
            l.ws.id,
            &Filter {
                connector: Some(&l.connector),
                app: app.as_ref(),
                user: None,
            },
        )?
        .into_iter()
        .filter(|c| {
            c.has_refresh_token && c.status != Status::NeedsReconnect && c.status != Status::Revoked
        })
        .collect()
    };
    // The key is loaded once (a passphrase is asked once), then handed to each worker.
    // What decides where the secrets go is checked once, before any worker starts.
    l.checked(app.as_ref())?;
    let key = l.vault.unlock()?;
    let bar = ctx.ui.progress(targets.len() as u64, "Refreshing");
    let vault_path = l.vault.location().clone();
    let key_opts = || ctx.key_options().with_loaded(&key);
    let queue = std::sync::Mutex::new(targets.into_iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(Vec::new());
    let workers = args.parallel as usize;
    std::thread::scope(|s| {
        for _ in 0..workers {
            let opts = key_opts();
            let (queue, results, bar, provider, connector, vault_path, workspace) = (
                &queue,
                &results,
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
                        results
                            .lock()
                            .expect("results lock")
                            .push((usize::MAX, None, Err(e)));
                        return;
                    }
                };
                loop {
                    let Some((i, c)) = queue.lock().expect("queue lock").pop() else {
                        break;
                    };
                    let who = (c.app.clone(), c.user.clone());
                    let outcome =
                        connection::access_token(&vault, workspace, provider, connector, c, true)
                            .map(|t| t.connection);
                    results
                        .lock()
                        .expect("results lock")
                        .push((i, Some(who), outcome));
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    let mut results = results.into_inner().expect("results");
    if let Some(pos) = results.iter().position(|r| r.1.is_none()) {
        return Err(Ended::from(
            results.swap_remove(pos).2.expect_err("an open error"),
        ));
    }
    results.sort_by_key(|r| r.0);
    let mut ok = 0;
    let mut rows = Vec::new();
    let mut docs = Vec::new();
    for (_, who, outcome) in &results {
        let (app, user) = who.clone().expect("checked above");
        match outcome {
            Ok(c) => {
                ok += 1;
                rows.push(vec![
                    app.clone(),
                    user.clone().unwrap_or_else(|| "(shared)".into()),
                    "refreshed".into(),
                    c.expires_at.clone().unwrap_or_default(),
                ]);
                docs.push(serde_json::json!({"app": app, "user": user, "ok": true, "expires_at": c.expires_at}));
            }
            Err(e) => {
                rows.push(vec![
                    app.clone(),
                    user.clone().unwrap_or_else(|| "(shared)".into()),
                    e.code.to_string(),
                    e.message.clone(),
                ]);
                docs.push(serde_json::json!({"app": app, "user": user, "ok": false, "error": e.to_json()["error"]}));
            }
        }
    }
    let failed = results.len() - ok;
    ctx.ui.json(&serde_json::json!({"connector": l.connector.name, "refreshed": ok, "failed": failed, "results": docs}))?;
    ctx.ui.table(&["APP", "USER", "RESULT", "DETAIL"], &rows);
    ctx.ui.line(format!("{ok} refreshed, {failed} failed."));
    let tampered = results
        .iter()
        .filter(|r| matches!(&r.2, Err(e) if e.code == "vault_tampered"))
        .count();
    if tampered > 0 {
        return Err(Ended::shown_if(Error::with(crate::error::code::VAULT_TAMPERED,
            format!("{tampered} of {} connections were changed outside connectors, and were neither refreshed nor sent anywhere", results.len()),
        )
        .hint("run `connectors vault verify` to list them; restore the vault from a backup, or disconnect them and let their people connect again"), ctx.ui.is_json()));
    }
    if failed > 0 {
        return Err(Ended::shown_if(Error::with(crate::error::code::REFRESH_FAILED, format!("{failed} of {} refreshes failed", results.len()))
            .hint("connections marked needs_reconnect need their person to connect again (`connectors connections`)"), ctx.ui.is_json()));
    }
    Ok(())
}

pub fn disconnect(args: DisconnectArgs, ctx: &mut Ctx) -> Outcome {
    let l = load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    let key = connection::user_key(&l.connector, args.user.as_deref())?;
    let c = connection::require(l.vault.db(), &l.connector, &app, &key)?;
    l.checked(Some(&app))?;
    let out = connection::disconnect(&l.vault, &l.provider, &l.connector, &c, &l.ws.name)?;
    let still_live = !out.revoked && out.revocation_error.is_none();
    ctx.ui.json(&serde_json::json!({"disconnected": {"connector": l.connector.name, "app": c.app, "user": c.user},
        "revoked": out.revoked, "grant_still_live_at_provider": still_live,
        "revocation_error": out.revocation_error.as_ref().map(|e| e.to_json()["error"].clone())}))?;
    ctx.ui.line(format!(
        "Disconnected {} from '{}'; its tokens were deleted.",
        c.who(),
        l.connector.name
    ));
    match (out.revoked, out.revocation_error) {
        (true, _) => {
            ctx.ui.line(format!(
                "The grant was revoked at {}.",
                l.provider.display_name
            ));
            Ok(())
        }
        (false, None) => {
            // Said on stdout, not as a note: the grant outlives the disconnect.
            ctx.ui.line(format!(
                "The grant is still live at {p}: {p} has no revocation endpoint, so connectors cannot end it. \
                 The person ends it by removing the app's access in their {p} account settings{where_}.",
                p = l.provider.display_name,
                where_ = l
                    .provider
                    .revoke_at
                    .as_deref()
                    .map(|w| format!(" ({w})"))
                    .unwrap_or_default()
            ));
            Ok(())
        }
        (false, Some(e)) => Err(Ended::shown_if(e, ctx.ui.is_json())),
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
