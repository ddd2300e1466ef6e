//! `connectors audit`: the log of admin changes, newest first.

use clap::Args;

use serde::Serialize;

use super::{Ctx, Outcome};
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries about this connector, app, workspace or provider
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// How many entries to show
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Entries of every workspace, not just the current one
    #[arg(long)]
    pub all_workspaces: bool,
}

pub fn run(args: AuditArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = if args.all_workspaces {
        None
    } else {
        Some(ctx.workspace(&vault)?.name)
    };
    let entries = crate::audit::list(
        vault.db(),
        ws.as_deref(),
        args.target.as_deref(),
        args.limit,
    )?;
    ctx.ui.show(&AuditView { entries: &entries })?;
    Ok(())
}

/// Audit entries, newest first.
#[derive(Serialize)]
struct AuditView<'a> {
    entries: &'a [crate::audit::Entry],
}

impl View for AuditView<'_> {
    fn human(&self, ui: &Ui) {
        if self.entries.is_empty() {
            ui.line("No audit entries.");
            return;
        }
        let rows: Vec<Vec<String>> = self
            .entries
            .iter()
            .map(|e| {
                vec![
                    e.at.clone(),
                    e.actor.clone(),
                    e.action.clone(),
                    e.target.clone(),
                    summarize(&e.details),
                ]
            })
            .collect();
        ui.table(&["WHEN", "WHO", "ACTION", "TARGET", "DETAILS"], &rows);
    }
}

/// One line for a person: the changed fields, or the recorded values.
fn summarize(details: &serde_json::Value) -> String {
    if let Some(changed) = details.get("changed").and_then(|c| c.as_object()) {
        let fields: Vec<&str> = changed.keys().map(String::as_str).collect();
        let mut s = format!("changed {}", fields.join(", "));
        if let Some(n) = details
            .get("connections_needing_reconnect")
            .and_then(|n| n.as_i64())
            .filter(|n| *n > 0)
        {
            s.push_str(&format!("; {n} connection(s) need reconnect"));
        }
        return s;
    }
    match details.as_object() {
        Some(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}={s}"),
                serde_json::Value::Array(a) => format!("{k}={}", a.len()),
                other => format!("{k}={other}"),
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}
