//! `connectors workspace list | show | add | edit`.

use clap::{Args, Subcommand};

use serde::Serialize;

use super::{Ctx, Outcome};
use crate::ui::{Ui, View};
use crate::workspace::Workspace;

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// List the workspaces in the vault
    List,
    /// Show the current workspace (--workspace)
    Show,
    /// Create a workspace
    Add(AddArgs),
    /// Change the current workspace's platform domain
    Edit(EditArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub name: String,
    /// Apps of this workspace live at APP.DOMAIN
    #[arg(long, default_value = crate::workspace::DEFAULT_PLATFORM_DOMAIN, value_name = "DOMAIN")]
    pub platform_domain: String,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The new platform domain (every app's derived redirect URIs change with it)
    #[arg(long, value_name = "DOMAIN")]
    pub platform_domain: String,
}

pub fn run(cmd: WorkspaceCommand, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    match cmd {
        WorkspaceCommand::List => {
            let list = crate::workspace::list(vault.db())?;
            ctx.ui.show(&ListView { workspaces: &list })?;
        }
        WorkspaceCommand::Show => {
            let ws = ctx.workspace(&vault)?;
            ctx.ui.show(&ShowView { workspace: &ws })?;
        }
        WorkspaceCommand::Add(a) => {
            let ws = crate::workspace::add(&vault, &a.name, &a.platform_domain)?;
            ctx.ui.show(&AddedView { workspace: &ws })?;
            ctx.ui.note(format!(
                "Use it with --workspace {} or CONNECTORS_WORKSPACE={}.",
                ws.name, ws.name
            ));
        }
        WorkspaceCommand::Edit(a) => {
            let (ws, old) = crate::workspace::set_platform_domain(
                &vault,
                &ctx.global.workspace,
                &a.platform_domain,
            )?;
            let view = EditView {
                changed: old != ws.platform_domain,
                workspace: &ws,
                previous_platform_domain: &old,
            };
            ctx.ui.show(&view)?;
            if view.changed {
                ctx.ui.note("Every app's live and preview redirect URIs changed: register the new ones at each provider (`connectors app show APP`).");
            }
        }
    }
    Ok(())
}

/// The workspaces in the vault.
#[derive(Serialize)]
struct ListView<'a> {
    workspaces: &'a [Workspace],
}

impl View for ListView<'_> {
    fn human(&self, ui: &Ui) {
        let rows: Vec<Vec<String>> = self
            .workspaces
            .iter()
            .map(|w| {
                vec![
                    w.name.clone(),
                    w.platform_domain.clone(),
                    w.created_at.clone(),
                ]
            })
            .collect();
        ui.table(&["NAME", "PLATFORM DOMAIN", "CREATED"], &rows);
    }
}

/// The current workspace: its JSON is the workspace itself.
#[derive(Serialize)]
#[serde(transparent)]
struct ShowView<'a> {
    workspace: &'a Workspace,
}

impl View for ShowView<'_> {
    fn human(&self, ui: &Ui) {
        ui.field("workspace", 16, &self.workspace.name);
        ui.field("platform domain", 16, &self.workspace.platform_domain);
        ui.field("created", 16, &self.workspace.created_at);
    }
}

/// A workspace just created: its JSON is the workspace itself.
#[derive(Serialize)]
#[serde(transparent)]
struct AddedView<'a> {
    workspace: &'a Workspace,
}

impl View for AddedView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Created workspace '{}' (platform domain {}).",
            self.workspace.name, self.workspace.platform_domain
        ));
    }
}

/// A workspace whose platform domain was set, and the domain it had before.
#[derive(Serialize)]
struct EditView<'a> {
    workspace: &'a Workspace,
    changed: bool,
    previous_platform_domain: &'a str,
}

impl View for EditView<'_> {
    fn human(&self, ui: &Ui) {
        let ws = self.workspace;
        if self.changed {
            ui.line(format!(
                "Workspace '{}': platform domain {} -> {}.",
                ws.name, self.previous_platform_domain, ws.platform_domain
            ));
        } else {
            ui.line(format!(
                "Workspace '{}' already uses {}; nothing changed.",
                ws.name, ws.platform_domain
            ));
        }
    }
}
