//! `connect-url` and `callback`: a consent for someone using an app, started by the app's
//! back end and finished when that person's browser lands on the app's redirect URI; and
//! `connections --pending`, what is waiting. The flow itself is `flow::pending`'s.

use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::connection;
use crate::connector;
use crate::error::{Error, Result};
use crate::flow::{self, pending};
use crate::model::PendingAuthorization;
use crate::redirect::UriKind;
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct ConnectUrlArgs {
    /// The connector's name
    pub connector: String,
    /// The app the person uses
    #[arg(long)]
    pub app: String,
    /// The app's ID for the person (per-user connectors only)
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
    /// Where the provider sends the browser back: the app's `live`, `custom` or `preview`
    /// redirect URI, or a URI registered on the connector
    #[arg(long, default_value = "live", value_name = "live|custom|preview|URI")]
    pub redirect: String,
    /// How long the consent may take, in seconds (60 to 3600)
    #[arg(long, default_value_t = 600, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(60..=3600))]
    pub expires_in: u64,
}

#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// The app whose redirect URI the browser reached
    #[arg(long)]
    pub app: String,
    /// The full URL the provider sent the browser to, or its query string
    #[arg(value_name = "URL_OR_QUERY")]
    pub callback: String,
}

/// The kinds `--redirect` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Named {
    Live,
    Custom,
    Preview,
}

/// The redirect URI `--redirect` chooses: one of the app's derived URIs, or an explicit
/// one that must be registered on the connector.
fn chosen_redirect(
    choice: &str,
    derived: &[crate::redirect::RedirectUri],
    connector: &connector::Connector,
) -> Result<String> {
    if let Ok(kind) = Named::from_str(choice, true) {
        let want = match kind {
            Named::Live => UriKind::Live,
            Named::Custom => UriKind::CustomDomain,
            Named::Preview => UriKind::Preview,
        };
        return derived
            .iter()
            .find(|u| u.kind == want)
            .map(|u| u.uri.clone())
            .ok_or_else(|| {
                Error::with(
                    crate::error::code::BAD_REDIRECT_URI,
                    format!("the app has no {choice} redirect URI"),
                )
                .hint("give the app a custom domain or a preview first (`connectors app edit`), or choose --redirect live")
            });
    }
    let uri = crate::redirect::validate_registered(choice)?;
    if !connector.redirect_uris.iter().any(|u| u == &uri) {
        return Err(Error::with(
            crate::error::code::BAD_REDIRECT_URI,
            format!(
                "{uri} is not one of connector '{}''s registered redirect URIs; nothing was started",
                connector.name
            ),
        )
        .hint(format!(
            "register it at the provider and on the connector (`connectors edit \"{}\" --redirect-uri {uri}`), or use --redirect live|custom|preview",
            connector.name
        )));
    }
    Ok(uri)
}

pub fn connect_url(args: ConnectUrlArgs, ctx: &mut Ctx) -> Outcome {
    let l = super::connections::load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    super::connections::refuse_unless_serves(&l.connector, &app)?;
    let user_key = connection::user_key(&l.connector, args.user.as_deref())?;
    l.checked(Some(&app))?;
    let redirect_uri = chosen_redirect(&args.redirect, &app.redirect_uris(&l.ws), &l.connector)?;
    let subject = pending::Subject {
        vault: &l.vault,
        workspace: &l.ws.name,
        provider: &l.provider,
        connector: &l.connector,
        app: &app,
        user_key: &user_key,
    };
    let started = pending::start(
        &subject,
        &redirect_uri,
        Duration::from_secs(args.expires_in),
        pending::Origin::ConnectUrl,
    )?;
    ctx.ui.show(&StartedView {
        authorization_url: &started.authorization_url,
        state: &started.state,
        redirect_uri: &started.redirect_uri,
        expires_at: &started.expires_at,
    })?;
    Ok(())
}

/// A consent started: where to send the person.
#[derive(Serialize)]
struct StartedView<'a> {
    authorization_url: &'a str,
    state: &'a str,
    redirect_uri: &'a str,
    expires_at: &'a str,
}

impl View for StartedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(self.authorization_url);
        ui.note(format!(
            "Send the person to that URL before {}; the provider brings them back to {}, whose handler runs `connectors callback --app APP URL`.",
            self.expires_at, self.redirect_uri
        ));
    }
}

pub fn callback(args: CallbackArgs, ctx: &mut Ctx) -> Outcome {
    let callback_at = Instant::now();
    // Read before anything is opened: a malformed callback changes nothing.
    let arrived = pending::arrived(&args.callback)?;
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let app = crate::app::find(vault.db(), &ws, &args.app)?;
    vault.unlock()?;
    vault.check(&ws)?;
    vault.check(&app)?;
    let found = pending::locate(&vault, &ws.name, &app, &arrived)?;
    let connector = vault
        .db()
        .connector_by_id(found.connector_id)?
        .ok_or_else(|| {
            Error::with(
                crate::error::code::UNKNOWN_CONNECTOR,
                "the connector this consent was started for was deleted; nothing was done",
            )
        })?;
    vault.check(&connector)?;
    let catalog = ctx.catalog(Some(&vault))?;
    let provider = connector.provider_from(&catalog)?;
    vault.check_provider(&provider.stored)?;
    let outcome = flow::callback::parse_query(
        &arrived.query,
        &arrived.state,
        flow::expected_issuer(&provider),
    )
    .map_err(|r| rejected(&r))?;
    let subject = pending::Subject {
        vault: &vault,
        workspace: &ws.name,
        provider: &provider,
        connector: &connector,
        app: &app,
        user_key: found.user_key(),
    };
    let report = pending::complete(&subject, &found, outcome, callback_at)?;
    super::connections::show_connected(ctx, &connector.name, &report)
}

/// Why a callback's query cannot finish its consent.
fn rejected(r: &flow::callback::Rejected) -> Ended {
    use flow::callback::Rejected;
    let (code, why) = match r {
        Rejected::WrongIssuer { got, expected } => (
            crate::error::code::ISSUER_MISMATCH,
            format!(
                "names issuer {got}, not {expected} (RFC 9207: a mix-up attack, or another provider)"
            ),
        ),
        Rejected::NoCode => (
            crate::error::code::BAD_CALLBACK,
            "carries neither a `code` nor an `error`".to_string(),
        ),
        _ => (
            crate::error::code::BAD_CALLBACK,
            "is malformed (a parameter given twice)".to_string(),
        ),
    };
    Ended::from(
        Error::with(code, format!("the callback {why}; nothing was done"))
            .hint("give the URL exactly as the provider sent the browser to it"),
    )
}

/// `connections --pending`: the consents waiting for their callback (never a state or
/// a verifier).
pub fn waiting(ctx: &mut Ctx, connector: Option<&str>, app: Option<&str>) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let connector = connector
        .map(|n| connector::find(vault.db(), &ws, n))
        .transpose()?;
    let app = app
        .map(|n| crate::app::find(vault.db(), &ws, n))
        .transpose()?;
    let list = vault.db().pending_waiting(
        ws.id,
        connector.as_ref().map(|c| c.id),
        app.as_ref().map(|a| a.id),
        &crate::time::now(),
    )?;
    ctx.ui.show(&WaitingView {
        workspace: &ws.name,
        pending: &list,
    })?;
    Ok(())
}

#[derive(Serialize)]
struct WaitingView<'a> {
    workspace: &'a str,
    pending: &'a [PendingAuthorization],
}

impl View for WaitingView<'_> {
    fn human(&self, ui: &Ui) {
        if self.pending.is_empty() {
            ui.line(format!(
                "No consent is waiting for its callback in workspace '{}'.",
                crate::ui::printable(self.workspace)
            ));
            return;
        }
        let rows: Vec<Vec<String>> = self
            .pending
            .iter()
            .map(|p| {
                vec![
                    crate::ui::printable(&p.connector),
                    crate::ui::printable(&p.app),
                    crate::ui::printable(p.user.as_deref().unwrap_or("(shared)")),
                    p.origin.clone(),
                    p.expires_at.clone(),
                    crate::ui::printable(&p.redirect_uri),
                ]
            })
            .collect();
        ui.table(
            &[
                "CONNECTOR",
                "APP",
                "USER",
                "STARTED BY",
                "EXPIRES",
                "REDIRECT URI",
            ],
            &rows,
        );
    }
}
