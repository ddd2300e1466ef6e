//! `connectors redirect-uris`: the exact redirect URIs to register at a provider for an
//! app, and, with a connector, where they go and which are missing and why.

use clap::Args;

use super::{Ctx, Outcome};
use crate::redirect::{self, RedirectUri, UriKind};

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
    let checks: Vec<Option<redirect::Check>> = uris
        .iter()
        .map(|u| {
            connector
                .as_ref()
                .map(|c| redirect::check(u, &c.redirect_uris))
        })
        .collect();
    let docs: Vec<_> = uris
        .iter()
        .zip(&checks)
        .map(|(u, c)| match c {
            Some(c) => serde_json::json!({"kind": u.kind, "label": u.kind.label(), "uri": u.uri, "registered": c.registered,
                "closest": c.closest, "reason": c.reason, "explanation": c.explain()}),
            None => serde_json::json!({"kind": u.kind, "label": u.kind.label(), "uri": u.uri}),
        })
        .collect();
    ctx.ui.json(&serde_json::json!({
        "app": app.name,
        "workspace": ws.name,
        "redirect_uris": docs,
        "connector": connector.as_ref().map(|c| &c.name),
        "provider": provider.as_ref().map(|p| serde_json::json!({"name": p.name, "display_name": p.display_name,
            "console_url": p.console_url, "loopback_host": p.loopback_host(), "loopback": p.loopback})),
    }))?;
    ctx.ui.line(format!(
        "Redirect URIs of app '{}' (register them exactly, character for character):",
        app.name
    ));
    let width = uris.iter().map(|u| u.kind.label().len()).max().unwrap_or(0);
    for (u, c) in uris.iter().zip(&checks) {
        let status = match c {
            Some(c) if c.registered => "  registered".to_string(),
            Some(c) => format!(
                "  NOT registered: {}",
                c.reason.map(|r| r.explain()).unwrap_or_default()
            ),
            None => String::new(),
        };
        ctx.ui
            .line(format!("  {:<width$}  {}{status}", u.kind.label(), u.uri));
        if let Some(closest) = c
            .as_ref()
            .filter(|c| !c.registered)
            .and_then(|c| c.closest.as_ref())
        {
            ctx.ui
                .line(format!("  {:<width$}    closest registered: {closest}", ""));
        }
    }
    ctx.ui.line(format!(
        "The local testing URI is used by `connectors connect ... --port {}`.",
        args.port
    ));
    if let Some(p) = &provider {
        ctx.ui.line("");
        match &p.console_url {
            Some(url) => ctx
                .ui
                .line(format!("Register them for {} at {url}", p.display_name)),
            None => ctx.ui.line(format!(
                "Register them in {}'s developer console.",
                p.display_name
            )),
        }
        ctx.ui.line(crate::provider::loopback_summary(p));
        if let Some(steps) = p.loopback.as_ref().and_then(|l| l.steps.as_deref()) {
            ctx.ui.line(format!("How: {steps}"));
        }
    }
    Ok(())
}
