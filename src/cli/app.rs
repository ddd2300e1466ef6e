//! `connectors app add | list | show | edit | remove`.

use clap::{Args, Subcommand};

use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::app::{App, AppChanges};
use crate::error::Error;
use crate::redirect::RedirectUri;
use crate::ui::{Ui, View};
use crate::vault::Vault;
use crate::workspace::Workspace;

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
        AppCommand::Add(a) => add(a, ctx, &vault, &ws),
        AppCommand::List => list(ctx, &vault, &ws),
        AppCommand::Show(a) => show(a, ctx, &vault, &ws),
        AppCommand::Edit(a) => edit(a, ctx, &vault, &ws),
        AppCommand::Remove(a) => remove(a, ctx, &vault, &ws),
    }
}

/// `app add`: the app and the redirect URIs to register for it.
fn add(a: AddArgs, ctx: &mut Ctx, vault: &Vault, ws: &Workspace) -> Outcome {
    let app = crate::app::add(
        vault,
        ws,
        &a.name,
        a.custom_domain.as_deref(),
        !a.no_preview,
    )?;
    let uris = app.redirect_uris(ws);
    ctx.ui.show(&AddedView {
        app: &app,
        redirect_uris: &uris,
    })?;
    Ok(())
}

/// `app list`: the workspace's apps and their redirect URIs.
fn list(ctx: &mut Ctx, vault: &Vault, ws: &Workspace) -> Outcome {
    let apps = crate::app::list(vault.db(), ws)?;
    let view = ListView {
        workspace: &ws.name,
        apps: apps
            .iter()
            .map(|a| ListedApp {
                app: a,
                redirect_uris: a.redirect_uris(ws),
            })
            .collect(),
        platform_domain: &ws.platform_domain,
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// `app show`: one app, its connections, and the redirect URIs it needs.
fn show(a: NameArg, ctx: &mut Ctx, vault: &Vault, ws: &Workspace) -> Outcome {
    let app = crate::app::find(vault.db(), ws, &a.name)?;
    let uris = app.redirect_uris(ws);
    let connections = crate::app::connection_count(vault.db(), &app)?;
    ctx.ui.show(&ShowView {
        app: &app,
        redirect_uris: &uris,
        connections,
        platform_domain: &ws.platform_domain,
    })?;
    Ok(())
}

/// `app edit`: the changes asked for by the flags, applied.
fn edit(a: EditArgs, ctx: &mut Ctx, vault: &Vault, ws: &Workspace) -> Outcome {
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
    let (app, changed) = crate::app::edit(vault, ws, &a.name, changes)?;
    let uris = app.redirect_uris(ws);
    ctx.ui.show(&EditView {
        app: &app,
        changes: changed
            .iter()
            .map(|(field, from, to)| ChangeView { field, from, to })
            .collect(),
        redirect_uris: &uris,
    })?;
    Ok(())
}

/// `app remove`: confirmed unless --yes, then the app and its connections go.
fn remove(a: RemoveArgs, ctx: &mut Ctx, vault: &Vault, ws: &Workspace) -> Outcome {
    let app = crate::app::find(vault.db(), ws, &a.name)?;
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
    let removed = crate::app::remove(vault, ws, &app.name)?;
    ctx.ui.show(&RemovedView {
        removed: &app.name,
        connections_removed: removed,
    })?;
    Ok(())
}

/// An app just added, and the redirect URIs to register for it.
#[derive(Serialize)]
struct AddedView<'a> {
    app: &'a App,
    redirect_uris: &'a [RedirectUri],
}

impl View for AddedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Added app '{}'. Register these redirect URIs at each provider:",
            self.app.name
        ));
        print_uris(ui, self.redirect_uris);
    }
}

/// The workspace's apps.
#[derive(Serialize)]
struct ListView<'a> {
    workspace: &'a str,
    apps: Vec<ListedApp<'a>>,
    #[serde(skip)]
    platform_domain: &'a str,
}

/// One app of the list, with its redirect URIs.
#[derive(Serialize)]
struct ListedApp<'a> {
    app: &'a App,
    redirect_uris: Vec<RedirectUri>,
}

impl View for ListView<'_> {
    fn human(&self, ui: &Ui) {
        if self.apps.is_empty() {
            ui.line(format!(
                "No apps in workspace '{}'. Add one with `connectors app add NAME`.",
                self.workspace
            ));
        }
        let rows: Vec<Vec<String>> = self
            .apps
            .iter()
            .map(|ListedApp { app: a, .. }| {
                vec![
                    a.name.clone(),
                    format!("{}.{}", a.name, self.platform_domain),
                    a.custom_domain.clone().unwrap_or_else(|| "-".into()),
                    if a.preview { "yes".into() } else { "no".into() },
                ]
            })
            .collect();
        ui.table(&["NAME", "LIVE DOMAIN", "CUSTOM DOMAIN", "PREVIEW"], &rows);
    }
}

/// One app, how many connections were made through it, and its redirect URIs.
#[derive(Serialize)]
struct ShowView<'a> {
    app: &'a App,
    redirect_uris: &'a [RedirectUri],
    connections: i64,
    #[serde(skip)]
    platform_domain: &'a str,
}

impl View for ShowView<'_> {
    fn human(&self, ui: &Ui) {
        let (app, domain) = (self.app, self.platform_domain);
        let w = 14;
        ui.field("app", w, &app.name);
        ui.field("live", w, format!("https://{}.{domain}", app.name));
        ui.field(
            "custom domain",
            w,
            app.custom_domain.as_deref().unwrap_or("none"),
        );
        ui.field(
            "preview",
            w,
            if app.preview {
                format!("https://preview--{}.{domain}", app.name)
            } else {
                "none".into()
            },
        );
        ui.field("connections", w, self.connections.to_string());
        ui.line("");
        ui.line("Redirect URIs to register at each provider:");
        print_uris(ui, self.redirect_uris);
    }
}

/// An app after an edit: the fields that changed and the redirect URIs it needs now.
#[derive(Serialize)]
struct EditView<'a> {
    app: &'a App,
    changes: Vec<ChangeView<'a>>,
    redirect_uris: &'a [RedirectUri],
}

/// One changed field, with its values before and after.
#[derive(Serialize)]
struct ChangeView<'a> {
    field: &'a str,
    from: &'a serde_json::Value,
    to: &'a serde_json::Value,
}

impl View for EditView<'_> {
    fn human(&self, ui: &Ui) {
        if self.changes.is_empty() {
            ui.line(format!("App '{}': nothing changed.", self.app.name));
            return;
        }
        ui.line(format!("Updated app '{}':", self.app.name));
        for c in &self.changes {
            ui.line(format!("  {}: {} -> {}", c.field, c.from, c.to));
        }
        ui.line("Redirect URIs it needs now:");
        print_uris(ui, self.redirect_uris);
    }
}

/// An app removed, with the connections made through it.
#[derive(Serialize)]
struct RemovedView<'a> {
    removed: &'a str,
    connections_removed: i64,
}

impl View for RemovedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Removed app '{}' and {} connection(s).",
            self.removed, self.connections_removed
        ));
    }
}

/// The redirect URIs, one a line: the kind's label, aligned, then the URI.
fn print_uris(ui: &Ui, uris: &[RedirectUri]) {
    let rows: Vec<Vec<String>> = uris
        .iter()
        .map(|u| vec![format!("  {}", u.kind.label()), u.uri.clone()])
        .collect();
    let width = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
    for r in rows {
        ui.line(format!("{:<width$}  {}", r[0], r[1]));
    }
}
