//! `connectors vault sign-rows`: the admin's say-so that the rows of a vault from before
//! row signing are theirs. Nothing signs such a vault on its own: a vault stripped of
//! its integrity data looks the same, so the rows are shown first and signed only when
//! the admin confirms (or passes `--yes` after a `--dry-run`).

use clap::Args;
use serde::Serialize;

use super::{Ctx, Outcome};
use crate::error::Error;
use crate::ui::{Ui, View};
use crate::vault::KeyRecord;

#[derive(Debug, Args)]
pub struct SignRowsArgs {
    /// Show the rows that would be signed, and sign nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Sign without asking (for scripts, after a --dry-run)
    #[arg(long)]
    pub yes: bool,
}

pub fn run(args: SignRowsArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let shown = std::cell::RefCell::new(Vec::new());
    let ui = &ctx.ui;
    let result = vault.sign_rows(|rows| {
        *shown.borrow_mut() = rows.to_vec();
        if args.dry_run {
            return Ok(false);
        }
        if !ui.is_json() {
            ui.line(format!(
                "These {} row(s) carry no integrity MAC; signing them makes connectors trust them as they are:",
                rows.len()
            ));
            for row in rows {
                ui.line(format!("  {}", crate::ui::printable(row)));
            }
        }
        if args.yes {
            return Ok(true);
        }
        if !ui.interactive() {
            return Err(Error::with(
                crate::error::code::CONFIRMATION_REQUIRED,
                "signing the vault's rows needs confirmation",
            )
            .hint("review them with --dry-run, then pass --yes (scripts), or run on a terminal"));
        }
        if ui.confirm("Are these rows yours, as they should be? Sign them", "--yes")? {
            Ok(true)
        } else {
            Err(Error::with(crate::error::code::CANCELLED, "nothing was signed")
                .hint("restore the vault from a backup if a row is not what you expect"))
        }
    })?;
    let view = SignRowsView {
        signed: result.is_some(),
        rows: shown.into_inner(),
        key_record: result.as_ref().map(|r| r.key_record.clone()),
        dry_run: args.dry_run,
    };
    ctx.ui.show(&view)?;
    if let Some(KeyRecord::Failed(reason)) = &view.key_record {
        ctx.ui.warn(format!(
            "the signing could not be recorded with the key ({reason}); a copy of this vault stripped of its MACs could then be signed again"
        ));
    }
    Ok(())
}

/// What `vault sign-rows` did, or (with `--dry-run`) would do.
#[derive(Serialize)]
struct SignRowsView {
    signed: bool,
    /// Each row as a person reads it ("connector 'x' of workspace 'y'").
    rows: Vec<String>,
    /// Whether the key now records the signing (after a signing).
    key_record: Option<KeyRecord>,
    #[serde(skip)]
    dry_run: bool,
}

impl View for SignRowsView {
    fn human(&self, ui: &Ui) {
        if self.dry_run {
            ui.line(format!("{} row(s) would be signed:", self.rows.len()));
            for row in &self.rows {
                ui.line(format!("  {}", crate::ui::printable(row)));
            }
            ui.line("Nothing was signed. Run it again without --dry-run to sign them.");
            return;
        }
        ui.line(format!(
            "Signed {} row(s); from now on a row changed outside connectors is refused.",
            self.rows.len()
        ));
        if self.key_record == Some(KeyRecord::Added) {
            ui.line("The key now records that this vault's rows are signed.");
        }
    }
}
