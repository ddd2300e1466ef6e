//! `connectors doctor`: every check, per connector, with evidence and fix; exit 1 when one fails.

use clap::Args;

use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::doctor::{self, Status};
use crate::error::Error;
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Only this connector
    pub connector: Option<String>,
    /// Only this app's redirect URIs
    #[arg(long)]
    pub app: Option<String>,
    /// No live probes: open no network connection at all
    #[arg(long)]
    pub offline: bool,
    /// Also call the provider's "who am I" endpoint as each live connection (at most 20
    /// a connector), proving its token works
    #[arg(long, conflicts_with = "offline")]
    pub connections: bool,
    /// How many connectors are probed at once
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
}

pub fn run(args: DoctorArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    let catalog = ctx.catalog(Some(&vault))?;
    let opts = doctor::Options {
        connector: args.connector.as_deref(),
        app: args.app.as_deref(),
        offline: args.offline,
        parallel: args.parallel as usize,
        connections: args.connections,
    };
    let bar = ctx.ui.progress(0, "Probing providers");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = doctor::run(&vault, &ws, &catalog, &opts, &progress)?;
    bar.finish_and_clear();
    ctx.ui.show(&DoctorView { report: &report })?;
    if !report.ok {
        return Err(Ended::shown_if(
            Error::with(
                crate::error::code::DOCTOR_FAILED,
                format!("{} check(s) failed", report.fail),
            )
            .hint("apply the fixes shown, then run `connectors doctor` again"),
            ctx.ui.is_json(),
        ));
    }
    Ok(())
}

/// The doctor's report: its JSON is the report itself; for a person, each connector's
/// checks with evidence and fix, then the totals.
#[derive(Serialize)]
#[serde(transparent)]
struct DoctorView<'a> {
    report: &'a doctor::Report,
}

impl View for DoctorView<'_> {
    fn human(&self, ui: &Ui) {
        let report = self.report;
        if report.connectors.is_empty() {
            ui.line(format!(
                "No connectors in workspace '{}' to check.",
                report.workspace
            ));
        }
        for c in &report.connectors {
            connector_checks(ui, c);
        }
        ui.line(format!(
            "{} check(s) passed, {} warning(s), {} failed{}.",
            report.pass,
            report.warn,
            report.fail,
            if report.offline {
                " (offline: no live probes)"
            } else {
                ""
            }
        ));
    }
}

/// One connector's checks, for a person: a tag and summary each, its evidence, and the
/// fix when it warns or fails.
fn connector_checks(ui: &Ui, c: &doctor::ConnectorReport) {
    ui.line(ui.bold(&format!("{} ({}, {})", c.name, c.provider, c.mode)));
    for k in &c.checks {
        let tag = match k.status {
            Status::Pass => "PASS",
            Status::Skip => "SKIP",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        };
        let code = k.code.map(|c| format!(" [{c}]")).unwrap_or_default();
        ui.line(format!("  {tag}  {:<18} {}{code}", k.check, k.summary));
        for e in &k.evidence {
            ui.line(format!("        - {e}"));
        }
        if k.status >= Status::Warn
            && let Some(f) = &k.fix
        {
            ui.line(format!("        fix: {f}"));
        }
    }
    ui.line("");
}
