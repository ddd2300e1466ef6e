//! `connectors app add | list | show | edit | remove`.

use clap::{Args, Subcommand};

use super::{Ctx, Ended, Outcome};
use crate::app::AppChanges;
use crate::error::Error;

#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)
    Add(AddArgs),
    /// List the workspace's apps
    List,
    /// Show an app and the redirect URIs it needs registered
    Show(NameArg),
    /// Rename an app, set or clear its custom domain, turn its preview on or off
    Edit(EditArgs),
    /// Remove an app and every connection made through it
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The app's name: a lowercase DNS label
    pub name: String,
    /// A custom domain the app is also served on (host only)
    #[arg(long, value_name = "DOMAIN")]
    pub custom_domain: Option<String>,
    /// The app has no preview deployment
    #[arg(long)]
    pub no_preview: bool,
}

#[derive(Debug, Args)]
pub struct NameArg {
    pub name: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub name: String,
    /// A new name
    #[arg(long, value_name = "NEW_NAME")]
    pub rename: Option<String>,
    /// Set the custom domain
    #[arg(long, value_name = "DOMAIN", conflicts_with = "no_custom_domain")]
    pub custom_domain: Option<String>,
    /// Remove the custom domain
    #[arg(long)]
    pub no_custom_domain: bool,
    /// The app has a preview deployment
    #[arg(long, conflicts_with = "no_preview")]
    pub preview: bool,
    /// The app has no preview deployment
    #[arg(long)]
    pub no_preview: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub name: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(cmd: AppCommand, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    match cmd {
        AppCommand::Add(a) => {
            let app = crate::app::add(
                &vault,
                &ws,
                &a.name,
                a.custom_domain.as_deref(),
                !a.no_preview,
            )?;
            let uris = app.redirect_uris(&ws);
            ctx.ui
                .json(&serde_json::json!({"app": app, "redirect_uris": uris}))?;
            ctx.ui.line(format!(
                "Added app '{}'. Register these redirect URIs at each provider:",
                app.name
            ));
            print_uris(ctx, &uris);
        }
        AppCommand::List => {
            let apps = crate::app::list(vault.db(), &ws)?;
            let docs: Vec<_> = apps
                .iter()
                .map(|a| serde_json::json!({"app": a, "redirect_uris": a.redirect_uris(&ws)}))
                .collect();
            ctx.ui
                .json(&serde_json::json!({"workspace": ws.name, "apps": docs}))?;
            if apps.is_empty() {
                ctx.ui.line(format!(
                    "No apps in workspace '{}'. Add one with `connectors app add NAME`.",
                    ws.name
                ));
            }
            let rows: Vec<Vec<String>> = apps
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        format!("{}.{}", a.name, ws.platform_domain),
                        a.custom_domain.clone().unwrap_or_else(|| "-".into()),
                        if a.preview { "yes".into() } else { "no".into() },
                    ]
                })
                .collect();
            ctx.ui
                .table(&["NAME", "LIVE DOMAIN", "CUSTOM DOMAIN", "PREVIEW"], &rows);
        }
        AppCommand::Show(a) => {
            let app = crate::app::find(vault.db(), &ws, &a.name)?;
            let uris = app.redirect_uris(&ws);
            let connections = crate::app::connection_count(vault.db(), &app)?;
            ctx.ui.json(
                &serde_json::json!({"app": app, "redirect_uris": uris, "connections": connections}),
            )?;
            let w = 14;
            ctx.ui.field("app", w, &app.name);
            ctx.ui.field(
                "live",
                w,
                format!("https://{}.{}", app.name, ws.platform_domain),
            );
            ctx.ui.field(
                "custom domain",
                w,
                app.custom_domain.as_deref().unwrap_or("none"),
            );
            ctx.ui.field(
                "preview",
                w,
                if app.preview {
                    format!("https://preview--{}.{}", app.name, ws.platform_domain)
                } else {
                    "none".into()
                },
            );
            ctx.ui.field("connections", w, connections.to_string());
            ctx.ui.line("");
            ctx.ui.line("Redirect URIs to register at each provider:");
            print_uris(ctx, &uris);
        }
        AppCommand::Edit(a) => {
            let changes = AppChanges {
                rename: a.rename,
                custom_domain: if a.no_custom_domain {
                    Some(None)
                } else {
                    a.custom_domain.map(Some)
                },
                preview: if a.preview {
                    Some(true)
                } else if a.no_preview {
                    Some(false)
                } else {
                    None
                },
            };
            let (app, changed) = crate::app::edit(&vault, &ws, &a.name, changes)?;
            let uris = app.redirect_uris(&ws);
            let list: Vec<_> = changed
                .iter()
                .map(|(f, from, to)| serde_json::json!({"field": f, "from": from, "to": to}))
                .collect();
            ctx.ui
                .json(&serde_json::json!({"app": app, "changes": list, "redirect_uris": uris}))?;
            if changed.is_empty() {
                ctx.ui.line(format!("App '{}': nothing changed.", app.name));
            } else {
                ctx.ui.line(format!("Updated app '{}':", app.name));
                for (f, from, to) in &changed {
                    ctx.ui.line(format!("  {f}: {from} -> {to}"));
                }
                ctx.ui.line("Redirect URIs it needs now:");
                print_uris(ctx, &uris);
            }
        }
        AppCommand::Remove(a) => {
            let app = crate::app::find(vault.db(), &ws, &a.name)?;
            let count = crate::app::connection_count(vault.db(), &app)?;
            if !a.yes {
                if !ctx.ui.interactive() {
                    return Err(Ended::from(
                        Error::with(
                            crate::error::code::CONFIRMATION_REQUIRED,
                            format!("removing app '{}' needs confirmation", app.name),
                        )
                        .hint("pass --yes to remove it without a prompt"),
                    ));
                }
                if !ctx.ui.confirm(
                    &format!("Remove app '{}' and its {count} connection(s)?", app.name),
                    "--yes",
                )? {
                    return Err(Ended::from(
                        Error::with(crate::error::code::CANCELLED, "nothing was removed")
                            .hint("run it again and answer yes, or pass --yes"),
                    ));
                }
            }
            let removed = crate::app::remove(&vault, &ws, &app.name)?;
            ctx.ui
                .json(&serde_json::json!({"removed": app.name, "connections_removed": removed}))?;
            ctx.ui.line(format!(
                "Removed app '{}' and {removed} connection(s).",
                app.name
            ));
        }
    }
    Ok(())
}

fn print_uris(ctx: &Ctx, uris: &[crate::redirect::RedirectUri]) {
    let rows: Vec<Vec<String>> = uris
        .iter()
        .map(|u| vec![format!("  {}", u.kind.label()), u.uri.clone()])
        .collect();
    let width = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
    for r in rows {
        ctx.ui.line(format!("{:<width$}  {}", r[0], r[1]));
    }
}
