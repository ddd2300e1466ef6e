//! `connectors workspace list | show | add | edit`.

use clap::{Args, Subcommand};

use super::{Ctx, Outcome};

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
            ctx.ui.json(&serde_json::json!({ "workspaces": list }))?;
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|w| {
                    vec![
                        w.name.clone(),
                        w.platform_domain.clone(),
                        w.created_at.clone(),
                    ]
                })
                .collect();
            ctx.ui.table(&["NAME", "PLATFORM DOMAIN", "CREATED"], &rows);
        }
        WorkspaceCommand::Show => {
            let ws = ctx.workspace(&vault)?;
            ctx.ui.json(&ws)?;
            ctx.ui.field("workspace", 16, &ws.name);
            ctx.ui.field("platform domain", 16, &ws.platform_domain);
            ctx.ui.field("created", 16, &ws.created_at);
        }
        WorkspaceCommand::Add(a) => {
            let ws = crate::workspace::add(&vault, &a.name, &a.platform_domain)?;
            ctx.ui.json(&ws)?;
            ctx.ui.line(format!(
                "Created workspace '{}' (platform domain {}).",
                ws.name, ws.platform_domain
            ));
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
            ctx.ui.json(&serde_json::json!({"workspace": ws, "changed": old != ws.platform_domain, "previous_platform_domain": old}))?;
            if old == ws.platform_domain {
                ctx.ui.line(format!(
                    "Workspace '{}' already uses {}; nothing changed.",
                    ws.name, ws.platform_domain
                ));
            } else {
                ctx.ui.line(format!(
                    "Workspace '{}': platform domain {} -> {}.",
                    ws.name, old, ws.platform_domain
                ));
                ctx.ui.note("Every app's live and preview redirect URIs changed: register the new ones at each provider (`connectors app show APP`).");
            }
        }
    }
    Ok(())
}
