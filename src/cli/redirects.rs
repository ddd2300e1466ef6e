//! `connectors redirect-uris`: the exact redirect URIs to register at a provider for an
//! app, and, with a connector, where they go and which are missing and why.

use clap::Args;

use serde::Serialize;

use super::{Ctx, Outcome};
use crate::redirect::{self, RedirectUri, UriKind};
use crate::ui::{Ui, View};

/// The loopback port suggested for local testing (pass the same --port to `connect`).
pub const DEFAULT_LOOPBACK_PORT: u16 = 8765;

#[derive(Debug, Args)]
pub struct RedirectUrisArgs {
    /// The app
    #[arg(long)]
    pub app: String,
    /// Also say where to register them at this connector's provider, and check them
    #[arg(long, value_name = "NAME")]
    pub connector: Option<String>,
    /// The loopback port for local testing
    #[arg(long, default_value_t = DEFAULT_LOOPBACK_PORT)]
    pub port: u16,
}

pub fn run(args: RedirectUrisArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let app = crate::app::find(vault.db(), &ws, &args.app)?;
    let connector = args
        .connector
        .as_deref()
        .map(|n| crate::connector::find(vault.db(), &ws, n))
        .transpose()?;
    let provider = match &connector {
        Some(c) => Some(ctx.catalog(Some(&vault))?.require(&c.provider)?.clone()),
        None => None,
    };
    // The local testing URI in the host form the provider accepts.
    let host = match (&provider, &connector) {
        (Some(p), Some(c)) => crate::flow::loopback_host(p, c),
        _ => "127.0.0.1",
    };
    let mut uris = app.redirect_uris(&ws);
    uris.push(RedirectUri {
        kind: UriKind::Loopback,
        uri: redirect::loopback(host, args.port),
    });
    let view = RedirectUrisView {
        app: &app.name,
        workspace: &ws.name,
        redirect_uris: uris
            .iter()
            .map(|u| UriView {
                kind: u.kind,
                label: u.kind.label(),
                uri: &u.uri,
                check: connector
                    .as_ref()
                    .map(|c| CheckView::from(redirect::check(u, &c.redirect_uris))),
            })
            .collect(),
        connector: connector.as_ref().map(|c| c.name.as_str()),
        provider: provider.as_ref().map(|p| ProviderView {
            name: &p.name,
            display_name: &p.display_name,
            console_url: p.console_url.as_deref(),
            loopback_host: p.loopback_host(),
            loopback: p.loopback.as_ref(),
            summary: crate::provider::loopback_summary(p),
        }),
        port: args.port,
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// The redirect URIs of one app, and, with a connector, how each stands at its provider.
#[derive(Serialize)]
struct RedirectUrisView<'a> {
    app: &'a str,
    workspace: &'a str,
    redirect_uris: Vec<UriView<'a>>,
    connector: Option<&'a str>,
    provider: Option<ProviderView<'a>>,
    #[serde(skip)]
    port: u16,
}

#[derive(Serialize)]
struct UriView<'a> {
    kind: UriKind,
    label: &'static str,
    uri: &'a str,
    #[serde(flatten)]
    check: Option<CheckView>,
}

/// Whether a URI is registered at the connector, and if not, the closest one and why.
#[derive(Serialize)]
struct CheckView {
    registered: bool,
    closest: Option<String>,
    reason: Option<redirect::Mismatch>,
    explanation: String,
}

impl From<redirect::Check> for CheckView {
    fn from(c: redirect::Check) -> CheckView {
        CheckView {
            explanation: c.explain(),
            registered: c.registered,
            closest: c.closest,
            reason: c.reason,
        }
    }
}

#[derive(Serialize)]
struct ProviderView<'a> {
    name: &'a str,
    display_name: &'a str,
    console_url: Option<&'a str>,
    loopback_host: crate::provider::LoopbackHost,
    loopback: Option<&'a crate::provider::Loopback>,
    #[serde(skip)]
    summary: String,
}

impl View for RedirectUrisView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Redirect URIs of app '{}' (register them exactly, character for character):",
            self.app
        ));
        let width = self
            .redirect_uris
            .iter()
            .map(|u| u.label.len())
            .max()
            .unwrap_or(0);
        for u in &self.redirect_uris {
            let status = match &u.check {
                Some(c) if c.registered => "  registered".to_string(),
                Some(c) => format!(
                    "  NOT registered: {}",
                    c.reason.map(|r| r.explain()).unwrap_or_default()
                ),
                None => String::new(),
            };
            ui.line(format!("  {:<width$}  {}{status}", u.label, u.uri));
            if let Some(closest) = u
                .check
                .as_ref()
                .filter(|c| !c.registered)
                .and_then(|c| c.closest.as_ref())
            {
                ui.line(format!("  {:<width$}    closest registered: {closest}", ""));
            }
        }
        ui.line(format!(
            "The local testing URI is used by `connectors connect ... --port {}`.",
            self.port
        ));
        if let Some(p) = &self.provider {
            ui.line("");
            match p.console_url {
                Some(url) => ui.line(format!("Register them for {} at {url}", p.display_name)),
                None => ui.line(format!(
                    "Register them in {}'s developer console.",
                    p.display_name
                )),
            }
            ui.line(&p.summary);
            if let Some(steps) = p.loopback.and_then(|l| l.steps.as_deref()) {
                ui.line(format!("How: {steps}"));
            }
        }
    }
}
