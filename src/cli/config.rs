//! `connectors validate | plan | apply | export | schema`: configuration as code.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::config::diagnostics::{Report, Severity};
use crate::config::plan::{self, Plan};
use crate::config::read::{self, Collector};
use crate::config::validate::{self, Options};
use crate::config::{Config, DEFAULT_FILE};
use crate::error::{Error, Result};
use crate::ui::{Ui, View};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text with the offending line shown
    Human,
    /// One JSON document
    Json,
    /// GitHub Actions annotations (::error file=…,line=…,col=…::)
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The configuration file
    #[arg(default_value = DEFAULT_FILE)]
    pub file: PathBuf,
    /// Output format (--json means --format json)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// Accept client secrets written in the file (as warnings)
    #[arg(long)]
    pub allow_inline_secrets: bool,
    /// Check that every secret reference resolves (environment variables set, files readable)
    #[arg(long)]
    pub resolve_secrets: bool,
    /// Print at most N findings (0: all) [default: 200, or 1000 for json and sarif]; the
    /// counts and the exit code cover every finding
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The configuration file
    #[arg(default_value = DEFAULT_FILE)]
    pub file: PathBuf,
    /// Accept client secrets written in the file
    #[arg(long)]
    pub allow_inline_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The configuration file
    #[arg(default_value = DEFAULT_FILE)]
    pub file: PathBuf,
    /// Apply without asking (for CI)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Accept client secrets written in the file
    #[arg(long)]
    pub allow_inline_secrets: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output (refuses to overwrite)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = crate::limits::read(path, crate::limits::config()).map_err(|e| {
        if e.code == "input_unreadable" {
            Error::with(crate::error::code::CONFIG_UNREADABLE, e.message)
                .hint("pass the configuration file's path, or create one with `connectors export -o connectors.json`")
        } else {
            e
        }
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::with(
            crate::error::code::CONFIG_UNREADABLE,
            format!("{} is not UTF-8 text", path.display()),
        )
        .hint("save the file as UTF-8")
    })
}

struct Checked {
    config: Option<Config>,
    text: String,
    diagnostics: Vec<crate::config::diagnostics::Diagnostic>,
}

/// Reads and validates a file; `vault` adds the vault's provider definitions (plan, apply).
fn check(
    ctx: &Ctx,
    file: &Path,
    allow_inline: bool,
    resolve: bool,
    vault: Option<&crate::vault::Vault>,
) -> Result<Checked> {
    let text = read_text(file)?;
    let mut c = Collector::new(&text);
    let config = read::read(&text, &mut c);
    if let Some(cfg) = &config {
        let opts = Options {
            allow_inline_secrets: allow_inline,
            resolve_secrets: resolve,
            base_dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            providers_file: ctx.global.providers.clone(),
            vault: vault.map(crate::vault::Vault::db),
        };
        validate::validate(cfg, &mut c, &opts);
    }
    let diagnostics = c.diagnostics;
    // Excerpts are cut from a copy without the inline secrets' values.
    let text = read::redacted(&text, &c.secret_spans);
    Ok(Checked {
        config,
        diagnostics,
        text,
    })
}

pub fn validate(args: ValidateArgs, ctx: &mut Ctx) -> Outcome {
    let checked = check(
        ctx,
        &args.file,
        args.allow_inline_secrets,
        args.resolve_secrets,
        None,
    )?;
    let lines = crate::config::diagnostics::Lines::new(&checked.text);
    let name = args.file.display().to_string();
    let format = if ctx.ui.is_json() {
        Format::Json
    } else {
        args.format
    };
    let limit = match args.max_findings {
        Some(0) => None,
        Some(n) => Some(n),
        None => Some(crate::config::diagnostics::default_limit(matches!(
            format,
            Format::Json | Format::Sarif
        ))),
    };
    let report = Report {
        file: &name,
        diagnostics: &checked.diagnostics,
        lines: &lines,
        limit,
    };
    let out = match format {
        Format::Human => report.human(),
        Format::Json => serde_json::to_string_pretty(&report.json()).unwrap_or_default() + "\n",
        Format::Github => report.github(),
        Format::Sarif => serde_json::to_string_pretty(&report.sarif()).unwrap_or_default() + "\n",
    };
    ctx.ui.document(&out);
    let failing = report.errors() > 0 || (args.strict && report.warnings() > 0);
    if failing {
        // The report printed above is the output, in every format.
        return Err(Ended::Reported(
            Error::with(
                crate::error::code::INVALID_CONFIG,
                format!(
                    "{name} has {} error(s) and {} warning(s)",
                    report.errors(),
                    report.warnings()
                ),
            )
            .hint("fix them as shown"),
        ));
    }
    Ok(())
}

/// Validates, then resolves the file into the desired state; prints the diagnostics and
/// fails when the file has errors.
fn desired(
    ctx: &mut Ctx,
    vault: &crate::vault::Vault,
    file: &Path,
    allow_inline: bool,
) -> std::result::Result<plan::Desired, Ended> {
    let checked = check(ctx, file, allow_inline, true, Some(vault))?;
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    for w in checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        ctx.ui.warn(format!(
            "{}:{}:{}: [{}] {}",
            file.display(),
            w.line,
            w.column,
            w.code,
            w.message
        ));
    }
    if !errors.is_empty() || checked.config.is_none() {
        let lines = crate::config::diagnostics::Lines::new(&checked.text);
        let name = file.display().to_string();
        let report = Report {
            file: &name,
            diagnostics: &errors,
            lines: &lines,
            limit: Some(crate::config::diagnostics::default_limit(false)),
        };
        let cap = crate::config::diagnostics::default_limit(true).min(errors.len());
        ctx.ui.show(&InvalidConfig {
            error: Error::with(
                crate::error::code::INVALID_CONFIG,
                format!("{name} has {} error(s)", errors.len()),
            )
            .hint(format!(
                "fix them, then run again (`connectors validate {name}` lists them all)"
            ))
            .to_json()["error"]
                .clone(),
            diagnostics: &errors[..cap],
            omitted: errors.len() - cap,
            report: &report,
        })?;
        return Err(Ended::shown_if(
            Error::with(
                crate::error::code::INVALID_CONFIG,
                format!(
                    "{name} has {} error(s); nothing was planned or applied",
                    errors.len()
                ),
            )
            .hint(format!("run `connectors validate {name}` for the details")),
            ctx.ui.is_json(),
        ));
    }
    let config = checked.config.expect("checked above");
    Ok(plan::desired(
        &config,
        &ctx.global.workspace,
        file.parent().unwrap_or(Path::new("")),
    )?)
}

/// A configuration file with errors, so nothing was planned: its errors (in JSON, the
/// first ones, with how many were left out; for a person, the report on stderr).
#[derive(Serialize)]
struct InvalidConfig<'a> {
    error: serde_json::Value,
    diagnostics: &'a [crate::config::diagnostics::Diagnostic],
    omitted: usize,
    #[serde(skip)]
    report: &'a Report<'a>,
}

impl View for InvalidConfig<'_> {
    fn human(&self, ui: &Ui) {
        ui.problems(&self.report.human());
    }
}

/// A plan as a person reads it: each change with its fields, then the counts.
fn render_plan(ui: &Ui, p: &Plan) {
    if p.is_empty() {
        ui.line(format!(
            "No changes: the vault's workspace '{}' matches the file.",
            p.workspace
        ));
        return;
    }
    ui.line(format!("Plan for workspace '{}':", p.workspace));
    let show = crate::ui::human_value;
    for ch in &p.changes {
        let sign = match ch.action {
            "add" => "+",
            "remove" => "-",
            _ => "~",
        };
        let mut head = format!("  {sign} {} {}", ch.kind, ch.name);
        if ch.connections_removed > 0 {
            head.push_str(&format!(
                " (removes {} connection(s))",
                ch.connections_removed
            ));
        }
        ui.line(head);
        for f in &ch.fields {
            let note = if f.field == "client_secret" {
                " (fingerprints)"
            } else {
                ""
            };
            if ch.action == "add" {
                ui.line(format!("      {}: {}{note}", f.field, show(&f.to)));
            } else if let (Some(from), Some(to)) = (f.from.as_array(), f.to.as_array()) {
                // Lists: what is added and removed, item by item.
                let mut parts: Vec<String> = to
                    .iter()
                    .filter(|i| !from.contains(i))
                    .map(|i| format!("+ {}", show(i)))
                    .collect();
                parts.extend(
                    from.iter()
                        .filter(|i| !to.contains(i))
                        .map(|i| format!("- {}", show(i))),
                );
                if parts.is_empty() {
                    parts.push(format!("reordered: {}", show(&f.to)));
                }
                ui.line(format!("      {}: {}", f.field, parts.join(", ")));
            } else {
                ui.line(format!(
                    "      {}: {} -> {}{note}",
                    f.field,
                    show(&f.from),
                    show(&f.to)
                ));
            }
        }
        if ch.needs_reconnect > 0 {
            ui.line(format!(
                "      {} connection(s) will need to reconnect (scopes no longer covered)",
                ch.needs_reconnect
            ));
        }
    }
    let count = |a: &str| p.changes.iter().filter(|c| c.action == a).count();
    ui.line(format!(
        "{} to add, {} to change, {} to remove; {} connection(s) to reconnect, {} removed.",
        count("add"),
        count("change"),
        count("remove"),
        p.needs_reconnect,
        p.connections_removed
    ));
}

pub fn plan_cmd(args: PlanArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let d = desired(ctx, &vault, &args.file, args.allow_inline_secrets)?;
    let p = plan::plan(&vault, &d)?;
    ctx.ui.show(&PlanView { plan: &p })?;
    Ok(())
}

/// What `apply` would change.
#[derive(Serialize)]
struct PlanView<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
}

impl View for PlanView<'_> {
    fn human(&self, ui: &Ui) {
        render_plan(ui, self.plan);
    }
}

pub fn apply(args: ApplyArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let d = desired(ctx, &vault, &args.file, args.allow_inline_secrets)?;
    let p = plan::plan(&vault, &d)?;
    if p.is_empty() {
        ctx.ui.show(&Applied {
            applied: false,
            plan: &p,
            show_plan: true,
        })?;
        return Ok(());
    }
    if !args.yes {
        if !ctx.ui.interactive() {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::CONFIRMATION_REQUIRED,
                    "applying changes to the vault needs confirmation",
                )
                .hint("review `connectors plan FILE`, then pass --yes (CI), or run on a terminal"),
            ));
        }
        render_plan(&ctx.ui, &p);
        if !ctx.ui.confirm("Apply these changes?", "--yes")? {
            return Err(Ended::from(
                Error::with(crate::error::code::CANCELLED, "nothing was applied")
                    .hint("run it again and confirm, or pass --yes"),
            ));
        }
    }
    let applied = plan::apply(&vault, &d, &p, &|| Ok(()))?;
    ctx.ui.show(&Applied {
        applied: true,
        plan: &applied,
        show_plan: args.yes,
    })?;
    Ok(())
}

/// The plan `apply` carried out, or found empty (`applied` false: nothing to do).
#[derive(Serialize)]
struct Applied<'a> {
    applied: bool,
    plan: &'a Plan,
    /// Whether the plan is shown (unless it was shown before the question).
    #[serde(skip)]
    show_plan: bool,
}

impl View for Applied<'_> {
    fn human(&self, ui: &Ui) {
        if self.show_plan {
            render_plan(ui, self.plan);
        }
        if self.applied {
            ui.line(format!(
                "Applied {} change(s) to workspace '{}' in one transaction.",
                self.plan.changes.len(),
                self.plan.workspace
            ));
        }
    }
}

pub fn export(args: ExportArgs, ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let doc = plan::export(&vault, &ctx.global.workspace)?;
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    match &args.output {
        Some(path) => {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| {
                    Error::with(
                        crate::error::code::EXPORT_FAILED,
                        format!("cannot create {}: {e}", path.display()),
                    )
                    .hint("choose a new file name; export never overwrites")
                })?;
            f.write_all(text.as_bytes()).map_err(|e| {
                Error::with(
                    crate::error::code::EXPORT_FAILED,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            ctx.ui.show(&Written { written: path })?;
        }
        None => ctx.ui.document(&text),
    }
    Ok(())
}

/// The configuration file `export -o` wrote.
#[derive(Serialize)]
struct Written<'a> {
    written: &'a Path,
}

impl View for Written<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Wrote {} (secrets as {{\"vault\": true}} references).",
            self.written.display()
        ));
    }
}

pub fn schema(ctx: &mut Ctx) -> Outcome {
    let text =
        serde_json::to_string_pretty(&crate::config::schema::schema()).unwrap_or_default() + "\n";
    ctx.ui.document(&text);
    Ok(())
}
