//! The consent flow: authorization request, loopback listener (or a pasted URL), code
//! exchange, and the connection stored in one transaction.
//!
//! It never prints a token or a secret; the authorization URL holds neither.

pub mod browser;
pub mod callback;
pub mod listener;
pub mod pending;

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::app::App;
use crate::connection::{self, Connection};
use crate::connector::{self, Connector, Mode};
use crate::error::{Error, Result};
use crate::oauth;
use crate::provider::Provider;
use crate::redirect;
use crate::troubleshoot;
use crate::ui::Ui;
use crate::vault::Vault;
use callback::Outcome;

pub struct Options {
    pub port: Option<u16>,
    pub timeout: Duration,
    pub no_browser: bool,
    /// Paste the URL landed on instead of listening; the redirect URI to use.
    pub paste: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub connection: Connection,
    pub redirect_uri: String,
    pub missing_scopes: Vec<String>,
    pub timings: Timings,
}

/// Where the time went after the callback arrived, in milliseconds.
#[derive(Debug, Serialize, Default)]
pub struct Timings {
    pub callback_to_stored_ms: f64,
    pub token_endpoint_ms: f64,
}

pub fn expected_issuer(provider: &Provider) -> Option<callback::IssuerRule<'_>> {
    provider
        .issuer
        .as_deref()
        .filter(|i| !i.contains('{'))
        .map(|expected| callback::IssuerRule {
            expected,
            required: provider.authorization_response_iss,
        })
}

/// The host of the local testing redirect URI for a connector.
pub fn loopback_host(provider: &Provider, connector: &Connector) -> &'static str {
    for uri in &connector.redirect_uris {
        if let Ok(u) = url::Url::parse(uri)
            && u.scheme() == "http"
        {
            match u.host_str() {
                Some("localhost") => return "localhost",
                Some("127.0.0.1") => return "127.0.0.1",
                _ => {}
            }
        }
    }
    provider.loopback_host_name()
}

/// The port of a loopback redirect URI the connector registered, when the provider does
/// not say that any port matches it.
pub fn registered_loopback_port(provider: &Provider, connector: &Connector) -> Option<u16> {
    let any_port = provider.loopback.as_ref().and_then(|l| l.port_must_match) == Some(false);
    if any_port {
        return None;
    }
    connector.redirect_uris.iter().find_map(|uri| {
        let u = url::Url::parse(uri).ok()?;
        let loopback = matches!(u.host_str(), Some("127.0.0.1" | "localhost"));
        (u.scheme() == "http" && loopback)
            .then(|| u.port())
            .flatten()
    })
}

#[allow(clippy::too_many_arguments)]
pub fn connect(
    vault: &Vault,
    workspace: &str,
    provider: &Provider,
    connector: &Connector,
    app: &App,
    user: Option<&str>,
    opts: &Options,
    ui: &mut Ui,
) -> Result<Report> {
    let user_key = connection::user_key(connector, user)?;
    // The secret is checked before anyone is sent to the provider: a connector whose
    // secret cannot be used fails now, not after the person consented.
    connector::secret_for(vault, provider, connector)?;

    // The loopback host: the one of a loopback URI the connector has registered (what
    // its admin set up at the provider), else the form the provider accepts.
    let host = loopback_host(provider, connector);
    // Without --port, the port of the loopback URI the connector registered, unless the
    // provider says any port matches: a provider that compares redirect URIs exactly
    // (most do; a discovered one is presumed to) refuses any other.
    let port = opts
        .port
        .or_else(|| registered_loopback_port(provider, connector));
    let listener = match &opts.paste {
        Some(_) => None,
        None => Some(listener::Listener::bind(port, host == "localhost")?),
    };
    let redirect_uri = match (&listener, &opts.paste) {
        (Some(l), _) => redirect::loopback(host, l.port),
        (None, Some(uri)) => redirect::validate_registered(uri)?,
        (None, None) => unreachable!("either a listener or a pasted redirect URI"),
    };
    if listener.is_some() && provider.loopback_host() == crate::provider::LoopbackHost::Refused {
        ui.warn(format!(
            "{} does not accept http loopback redirect URIs; if it refuses, run again with --paste",
            provider.display_name
        ));
    }
    if ui.verbose()
        && !connector.redirect_uris.iter().any(|u| u == &redirect_uri)
        && listener.is_some()
    {
        ui.note(format!(
            "{redirect_uri} is not among the connector's registered redirect URIs; register it at {} if the provider refuses it (use --port to keep the port stable)",
            provider.display_name
        ));
    }
    let subject = pending::Subject {
        vault,
        workspace,
        provider,
        connector,
        app,
        user_key: &user_key,
    };
    // The same pending authorization as `connect-url`'s, kept while the person consents.
    let origin = match listener {
        Some(_) => pending::Origin::Loopback,
        None => pending::Origin::Paste,
    };
    let ttl = (opts.timeout + Duration::from_secs(60)).min(pending::MAX_TTL);
    let started = pending::start(&subject, &redirect_uri, ttl, origin)?;
    ui.note(format!("Redirect URI in use: {redirect_uri}"));

    let outcome = match &listener {
        Some(l) => await_loopback(l, &started, provider, opts, &redirect_uri, ui)?,
        None => await_paste(&started, provider, &redirect_uri, ui)?,
    };
    drop(listener); // frees the port before the exchange
    let callback_at = Instant::now();
    let row = vault
        .db()
        .pending_by_id(started.id)?
        .ok_or_else(crate::error::corrupt_vault)?;
    pending::complete(&subject, &row, outcome, callback_at)
}

/// The provider refused a consent: its words recorded on the connection and in the
/// audit log, and the error that ends the flow (with the testing-mode fix where it fits).
fn refused(s: &pending::Subject<'_>, view: callback::ProviderErrorView) -> Error {
    let err = view.into_provider_error();
    if let Err(e) =
        connection::record_failure(s.vault, s.connector, s.app, s.user_key, &err, s.workspace)
    {
        return e;
    }
    let mut e = err.to_error("the provider refused the connection");
    if err.topic() == Some(troubleshoot::APP_IN_TESTING_MODE)
        && let Some(t) = &s.provider.testing_mode
    {
        e = e.hint(format!("{} {t}", troubleshoot::APP_IN_TESTING_MODE.fix));
    }
    e
}

/// Waits for the provider to send the browser to the loopback listener, with the URL
/// shown whenever the browser could not be opened.
fn await_loopback(
    l: &listener::Listener,
    request: &pending::Started,
    provider: &Provider,
    opts: &Options,
    redirect_uri: &str,
    ui: &mut Ui,
) -> Result<Outcome> {
    let deadline = Instant::now() + opts.timeout;
    let show_url = |ui: &Ui, why: &str| {
        ui.tell(why);
        ui.tell(format!("  {}", request.authorization_url));
    };
    let mut launched = None;
    if opts.no_browser {
        show_url(ui, "Open this URL in a browser to connect:");
    } else {
        match browser::open(&request.authorization_url) {
            Ok(l) => {
                ui.note(format!(
                    "Started the browser ({}) on the provider's consent page.",
                    l.program
                ));
                if ui.verbose() {
                    show_url(ui, "If it did not open, open this URL yourself:");
                }
                launched = Some(l);
            }
            Err(_) => show_url(ui, "No browser could be opened. Open this URL yourself:"),
        }
    }
    let spinner = ui.spinner(&format!(
        "Waiting for the provider to redirect to 127.0.0.1:{} …",
        l.port
    ));
    // Waited in short spans, so that a browser command that fails (xdg-open without a
    // desktop) is noticed and the URL shown while there is time to use it.
    let waited = loop {
        let span = deadline.min(Instant::now() + Duration::from_millis(250));
        match l.wait(&request.state, expected_issuer(provider), span) {
            Ok(None) if Instant::now() < deadline => {
                if let Some(b) = launched.as_ref().filter(|b| b.failed()) {
                    if !ui.verbose() {
                        show_url(
                            ui,
                            &format!(
                                "The browser command ({}) failed. Open this URL yourself:",
                                b.program
                            ),
                        );
                    }
                    launched = None;
                }
            }
            other => break other,
        }
    };
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    waited?.ok_or_else(|| timed_out(l, opts, redirect_uri))
}

/// The timeout's error, with the likely cause from what the listener saw.
fn timed_out(l: &listener::Listener, opts: &Options, redirect_uri: &str) -> Error {
    let why = if l.refused.get() > 0 {
        format!(
            "{} request(s) reached the redirect URI but did not belong to this sign-in (a state that does not match: an older tab, or another `connect`); finish the consent in the page this command opened, or run it again",
            l.refused.get()
        )
    } else {
        format!(
            "nothing reached {redirect_uri}: either the consent was not finished, or the provider sent the browser elsewhere. If its page showed an error, that is the cause; the most common ({}) is a redirect URI it does not accept: register {redirect_uri} exactly (or pass --port with a registered one), or raise --timeout",
            troubleshoot::REDIRECT_URI_MISMATCH.code
        )
    };
    Error::with(
        crate::error::code::TIMEOUT,
        format!(
            "no answer reached the redirect URI within {}s; the listener was closed",
            opts.timeout.as_secs()
        ),
    )
    .hint(why)
}

/// Asks the person for the address the provider sent them to (`--paste`).
fn await_paste(
    request: &pending::Started,
    provider: &Provider,
    redirect_uri: &str,
    ui: &mut Ui,
) -> Result<Outcome> {
    ui.tell("Open this URL, approve, then paste the address of the page you land on:");
    ui.tell(format!("  {}", request.authorization_url));
    let pasted = ui.line_from_person(
        "URL you landed on",
        "a terminal, or the URL on standard input",
    )?;
    callback::parse_pasted(
        &pasted,
        redirect_uri,
        &request.state,
        expected_issuer(provider),
    )
    .map_err(|r| {
        let why = match r {
            callback::Rejected::NotFound => "is not the redirect URI of this flow".to_string(),
            callback::Rejected::BadState => {
                "carries a state that does not belong to this flow".to_string()
            }
            callback::Rejected::NoCode => "carries no authorization code".to_string(),
            callback::Rejected::WrongIssuer { got, .. } => {
                format!("names another issuer ({got})")
            }
        };
        Error::with(
            crate::error::code::BAD_PASTE,
            format!("the pasted URL {why}"),
        )
        .hint("paste the full address of the page the provider sent you to, then try again")
    })
}

/// What a code exchange needs of its consent.
pub(crate) struct Exchange<'a> {
    pub code: &'a str,
    pub verifier: Option<oauth2::PkceCodeVerifier>,
    pub nonce: Option<&'a str>,
    pub redirect_uri: &'a str,
}

/// Exchanges the code, checks the ID token, and stores the grant under the connection's
/// lock; the report says who connected and what is missing.
fn exchange_and_store(
    place: &connection::GrantPlace<'_>,
    app: &App,
    request: Exchange<'_>,
    callback_at: Instant,
) -> Result<Report> {
    let (code, redirect_uri) = (request.code, request.redirect_uri);
    let (vault, workspace, provider, connector) = (
        place.vault,
        place.workspace,
        place.provider,
        place.connector,
    );
    let per_user = connector.mode == Mode::PerUser;
    let exchange_started = Instant::now();
    let tokens = oauth::exchange_code(
        provider,
        place.creds,
        per_user,
        code,
        request.verifier,
        redirect_uri,
    );
    let token_endpoint = exchange_started.elapsed();
    let tokens = tokens.map_err(|f| {
        if let oauth::Failure::Provider(p) = &f {
            let _ = connection::record_failure(vault, connector, app, place.user_key, p, workspace);
        }
        f.to_error("exchanging the authorization code failed")
    })?;

    // With `openid` asked for, the token response must hold an ID token (OpenID Connect
    // Core 3.1.3.3): an answer without one is not the provider's sign-in, and the account
    // it would be stored under could not be checked.
    if request.nonce.is_some() && tokens.id_token.is_none() {
        return Err(Error::with(
            crate::error::code::BAD_ID_TOKEN,
            format!(
                "{} returned no ID token although `openid` was requested (OpenID Connect Core 3.1.3.3 requires one); nothing was stored",
                provider.display_name
            ),
        )
        .hint("check that the connector's client is an OpenID Connect client at the provider, or remove the `openid` scope (`connectors edit NAME --remove-scope openid`)"));
    }
    let mut account = tokens.account.clone();
    let mut id_claims = None;
    if let Some(id_token) = &tokens.id_token {
        let claims =
            oauth::id_token_claims(provider, &connector.client_id, id_token, request.nonce)?;
        account = oauth::account_of(provider, &claims).or(account);
        id_claims = Some(claims);
    }
    let granted = tokens
        .scopes
        .clone()
        .unwrap_or_else(|| connector.scopes.clone());
    let consent = connection::Consent {
        tokens: &tokens,
        granted: &granted,
        account: account.as_deref(),
        id_claims: id_claims.as_ref(),
    };
    let saved = connection::save_consent(place, app, &consent)?;
    let stored = saved.connection;
    let total = callback_at.elapsed();
    let missing: Vec<String> = stored
        .missing_scopes(&connector.scopes)
        .into_iter()
        .map(String::from)
        .collect();
    Ok(Report {
        connection: stored,
        redirect_uri: redirect_uri.to_string(),
        missing_scopes: missing,
        timings: Timings {
            callback_to_stored_ms: (total.saturating_sub(token_endpoint)).as_secs_f64() * 1000.0,
            token_endpoint_ms: token_endpoint.as_secs_f64() * 1000.0,
        },
    })
}
