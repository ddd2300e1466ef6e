//! The command line: clap definitions (the one source of help, man pages and
//! completions), the context every command gets, and the dispatch. Each command lives in
//! its own file, parses, calls the domain modules, and renders through [`Ui`].

mod api;
mod app;
mod audit;
mod config;
mod connections;
mod connector;
mod consent;
pub mod docs;
mod doctor;
pub mod mcp;
mod providers;
mod quickstart;
mod redirects;
mod sandbox;
mod secret_input;
mod vault;
mod vault_sign;
mod workspace;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::provider::Catalog;
use crate::store::Location;
use crate::ui::Ui;
use crate::vault::{KeyOptions, Vault};
use crate::workspace::Workspace;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the operation ran and found a problem (validation or a check failed, a provider refused)
  2  usage or input error (a wrong flag, an unknown name, a value that is not valid)
  3  vault or key problem (no vault, wrong or missing key, damaged file)
  70 internal error (a bug: please report it)";

/// Register OAuth connectors once per workspace, so that every app in it can let each
/// of its users connect their own account at Google, Slack, Notion, GitHub and others.
///
/// Connectors, apps and connections live in an encrypted vault (one SQLite file; every
/// secret is age ciphertext). Start with `connectors vault init`, then `connectors app add`
/// and `connectors add`.
#[derive(Debug, Parser)]
#[command(name = "connectors", version, after_long_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB
    /// [default: connectors/vault.db in the platform data directory]
    #[arg(
        long,
        global = true,
        env = "CONNECTORS_VAULT",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub vault: Option<PathBuf>,
    /// The workspace to act on
    #[arg(
        long,
        global = true,
        env = "CONNECTORS_WORKSPACE",
        hide_env_values = true,
        default_value = "default",
        value_name = "NAME"
    )]
    pub workspace: String,
    /// A file holding the vault's key (an age identity); refused when group or others can read it
    #[arg(
        long,
        global = true,
        env = "CONNECTORS_KEY_FILE",
        hide_env_values = true,
        value_name = "PATH"
    )]
    pub key_file: Option<PathBuf>,
    /// A JSON file of provider definitions that add to or override the built-in catalog
    #[arg(
        long,
        global = true,
        env = "CONNECTORS_PROVIDERS",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub providers: Option<PathBuf>,
    /// Print one JSON document on stdout (errors as {"error": {...}})
    #[arg(long, global = true)]
    pub json: bool,
    /// Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Say more about what is happening
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the vault, check it, or change its key
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    /// The provider catalog: endpoints, scopes and quirks of each OAuth provider
    #[command(subcommand)]
    Providers(providers::ProvidersCommand),
    /// Workspaces and their platform domain
    #[command(subcommand)]
    Workspace(workspace::WorkspaceCommand),
    /// Apps of the workspace and the redirect URIs they need
    #[command(subcommand)]
    App(app::AppCommand),
    /// Add a connector: an OAuth app you registered at a provider
    Add(connector::AddArgs),
    /// List the workspace's connectors
    List(connector::ListArgs),
    /// Show one connector (the client secret masked)
    #[command(visible_alias = "view")]
    Show(connector::ShowArgs),
    /// Change a connector's name, credentials, scopes, mode or redirect URIs
    Edit(connector::EditArgs),
    /// Delete a connector and its connections
    Delete(connector::DeleteArgs),
    /// The exact redirect URIs an app needs registered at a provider
    RedirectUris(redirects::RedirectUrisArgs),
    /// Connect an account through a connector (browser consent, loopback redirect)
    Connect(connections::ConnectArgs),
    /// Start a consent for someone using an app: print the URL to send them to; their
    /// browser comes back to the app's redirect URI, whose handler runs `callback`
    ConnectUrl(consent::ConnectUrlArgs),
    /// Finish a consent started by `connect-url`: the URL the provider sent the browser to
    Callback(consent::CallbackArgs),
    /// List connections with status, granted versus required scopes, expiry and last error
    Connections(connections::ConnectionsArgs),
    /// Print a valid access token (refreshing it first when needed)
    Token(connections::TokenArgs),
    /// Call a provider's API as a connected person (like `gh api`): the token refreshed,
    /// sent only to the provider's API hosts, never shown
    Api(api::ApiArgs),
    /// Refresh the tokens of one user's connection or of all of a connector's connections
    Refresh(connections::RefreshArgs),
    /// Revoke a connection at the provider and delete its tokens
    Disconnect(connections::DisconnectArgs),
    /// Serve the workspace's connectors to an AI assistant over MCP (stdio); no secret
    /// reaches the client
    Mcp(mcp::McpArgs),
    /// Check a workspace configuration file offline: every problem, with its line and fix
    Validate(config::ValidateArgs),
    /// Show what `apply` would change in the vault
    Plan(config::PlanArgs),
    /// Make the vault match a configuration file, in one transaction
    Apply(config::ApplyArgs),
    /// Write the workspace as a configuration file (secrets as vault references)
    Export(config::ExportArgs),
    /// Print the configuration file's JSON Schema
    Schema,
    /// Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections
    Doctor(doctor::DoctorArgs),
    /// The whole product end to end, in a demo vault against the local sandbox
    Quickstart(quickstart::QuickstartArgs),
    /// A local provider for development, with failure injection
    #[command(subcommand)]
    Sandbox(sandbox::SandboxCommand),
    /// Show the audit log of admin changes
    Audit(audit::AuditArgs),
    /// Print a shell completion script
    Completions(docs::CompletionsArgs),
    /// Regenerate completions/ and man/ from these definitions
    #[command(hide = true)]
    GenerateDocs(docs::GenerateDocsArgs),
}

/// What every command gets: the global options and the terminal.
pub struct Ctx {
    pub global: Global,
    pub ui: Ui,
    /// Which way the command's changes came in, for the audit log.
    pub via: crate::model::Via,
}

impl Ctx {
    /// The vault's file or database: `--vault`, `CONNECTORS_VAULT`, or the default file.
    pub fn vault_location(&self) -> Result<Location> {
        match &self.global.vault {
            Some(p) if !p.as_os_str().is_empty() => {
                // A password in a URL is refused only where `ps` shows it: on the command line.
                let text = p.to_string_lossy();
                let from_argv = std::env::args_os()
                    .skip(1)
                    .any(|a| a.to_string_lossy().contains(text.as_ref()));
                let location = Location::parse(p.as_os_str(), from_argv)?;
                if let Location::Postgres(target) = &location {
                    for w in &target.warnings {
                        self.ui.person().notice(&format!("warning: {w}"));
                    }
                }
                Ok(location)
            }
            _ => Ok(Location::File(crate::vault::default_path()?)),
        }
    }

    pub fn key_options(&self) -> KeyOptions {
        KeyOptions::from_env(
            self.global.key_file.clone(),
            self.ui.interactive(),
            Some(self.ui.person()),
        )
    }

    pub fn open_vault(&mut self) -> Result<Vault> {
        let vault = Vault::open(self.vault_location()?, self.key_options())?;
        vault.set_via(self.via);
        self.warn_reading_only(&vault);
        Ok(vault)
    }

    /// The vault for a command that changes nothing: an older schema is refused, not
    /// migrated.
    pub fn open_vault_unchanged(&mut self) -> Result<Vault> {
        let vault = Vault::open_with(
            self.vault_location()?,
            self.key_options(),
            crate::store::Upgrade::Refuse,
        )?;
        self.warn_reading_only(&vault);
        Ok(vault)
    }

    /// Says so when the vault could be opened for reading only (its disk is full).
    fn warn_reading_only(&mut self, vault: &Vault) {
        if vault.reading_only().is_some() {
            self.ui.warn(
                "the disk that holds the vault is full: it was opened to read only, and a change would be refused",
            );
        }
    }

    pub fn workspace(&self, vault: &Vault) -> Result<Workspace> {
        crate::workspace::find(vault.db(), &self.global.workspace)
    }

    /// The catalog with the vault's definitions (when a vault is given) and `--providers`.
    pub fn catalog(&self, vault: Option<&Vault>) -> Result<Catalog> {
        Catalog::load(vault.map(Vault::db), self.global.providers.as_deref())
    }
}

fn run(cli: Cli, ctx: &mut Ctx) -> Outcome {
    match cli.command {
        Command::Vault(c) => vault::run(c, ctx),
        Command::Providers(c) => providers::run(c, ctx),
        Command::Workspace(c) => workspace::run(c, ctx),
        Command::App(c) => app::run(c, ctx),
        Command::Add(a) => connector::add(a, ctx),
        Command::List(a) => connector::list(a, ctx),
        Command::Show(a) => connector::show(a, ctx),
        Command::Edit(a) => connector::edit(a, ctx),
        Command::Delete(a) => connector::delete(a, ctx),
        Command::RedirectUris(a) => redirects::run(a, ctx),
        Command::Connect(a) => connections::connect(a, ctx),
        Command::ConnectUrl(a) => consent::connect_url(a, ctx),
        Command::Callback(a) => consent::callback(a, ctx),
        Command::Connections(a) => connections::connections(a, ctx),
        Command::Token(a) => connections::token(a, ctx),
        Command::Api(a) => api::run(a, ctx),
        Command::Refresh(a) => connections::refresh(a, ctx),
        Command::Disconnect(a) => connections::disconnect(a, ctx),
        Command::Mcp(a) => mcp::run(a, ctx),
        Command::Validate(a) => config::validate(a, ctx),
        Command::Plan(a) => config::plan_cmd(a, ctx),
        Command::Apply(a) => config::apply(a, ctx),
        Command::Export(a) => config::export(a, ctx),
        Command::Schema => config::schema(ctx),
        Command::Doctor(a) => doctor::run(a, ctx),
        Command::Quickstart(a) => quickstart::run(a, ctx),
        Command::Sandbox(c) => sandbox::run(c, ctx),
        Command::Audit(a) => audit::run(a, ctx),
        Command::Completions(a) => docs::completions(a, ctx),
        Command::GenerateDocs(a) => docs::generate(a, ctx),
    }
}

/// How a command ends: `Ok` when it did what was asked, else how it failed.
pub type Outcome = std::result::Result<(), Ended>;

/// How a command failed.
#[derive(Debug)]
pub enum Ended {
    /// With an error still to be shown (`error:` and `hint:` on stderr, or the JSON error
    /// document).
    Failed(Error),
    /// With an error its own output already showed (a report, or a JSON document that
    /// carries it): only its exit code is left.
    Reported(Error),
}

impl Ended {
    /// Reported when the command's JSON document carries the error, else still to show.
    pub fn shown_if(e: Error, in_json: bool) -> Ended {
        if in_json {
            Ended::Reported(e)
        } else {
            Ended::Failed(e)
        }
    }
}

impl From<Error> for Ended {
    fn from(e: Error) -> Ended {
        Ended::Failed(e)
    }
}

/// The whole program: parse, run, print the error, return the exit code.
pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        eprintln!("internal error: {msg}");
        eprintln!(
            "hint: this is a bug in connectors; nothing was committed to the vault. Please report it."
        );
        std::process::exit(70);
    }));

    execute(std::env::args_os().collect(), crate::model::Via::Cli, |f| {
        Ui::new(f.json, f.quiet, f.verbose, f.no_input)
    })
}

/// Runs `connectors` with `args` (the program's name first) in this process, its output
/// written into `buffers`, its changes audited as coming `via` (the MCP server's tools).
/// Returns the exit code.
pub fn run_in_process(
    args: &[String],
    via: crate::model::Via,
    buffers: std::sync::Arc<std::sync::Mutex<crate::ui::Captured>>,
) -> i32 {
    execute(
        args.iter().map(std::ffi::OsString::from).collect(),
        via,
        |f| Ui::into_buffers(f.json, f.quiet, f.verbose, buffers),
    )
}

/// Runs `connectors` with `args` (the program's name first) in this process, everything it
/// prints captured: what a test renders without a child process. Returns the exit code,
/// stdout and stderr.
pub fn run_captured(args: &[&str]) -> (i32, String, String) {
    let buffers = std::cell::RefCell::new(None);
    let code = execute(
        args.iter().map(std::ffi::OsString::from).collect(),
        crate::model::Via::Cli,
        |f| {
            let (ui, captured) = Ui::captured(f.json, f.quiet, f.verbose);
            *buffers.borrow_mut() = Some(captured);
            ui
        },
    );
    // `execute` makes its Ui on every path, a parse error's included.
    let captured = buffers.into_inner().unwrap_or_default();
    let captured = captured.lock().unwrap_or_else(|e| e.into_inner());
    (
        code,
        String::from_utf8_lossy(&captured.stdout).into_owned(),
        String::from_utf8_lossy(&captured.stderr).into_owned(),
    )
}

/// The flags a Ui is made from.
struct UiFlags {
    json: bool,
    quiet: bool,
    verbose: bool,
    no_input: bool,
}

/// Parses `args`, builds the Ui with `make_ui`, runs the command, shows how it ended.
fn execute(
    args: Vec<std::ffi::OsString>,
    via: crate::model::Via,
    make_ui: impl FnOnce(UiFlags) -> Ui,
) -> i32 {
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // A parse error has no parsed flags: `--json` anywhere still asks for JSON.
            let json = args.iter().any(|a| a == "--json");
            let ui = make_ui(UiFlags {
                json,
                quiet: false,
                verbose: false,
                no_input: true,
            });
            return parse_error(e, &ui);
        }
    };
    let g = &cli.global;
    let ui = make_ui(UiFlags {
        json: g.json,
        quiet: g.quiet,
        verbose: g.verbose,
        no_input: g.no_input,
    });
    let mut ctx = Ctx {
        global: cli.global.clone(),
        ui,
        via,
    };
    match run(cli, &mut ctx) {
        Ok(()) => 0,
        Err(Ended::Failed(e)) => {
            ctx.ui.error(&e);
            e.exit_code()
        }
        // The command's own output said why: only the exit code is left to give.
        Err(Ended::Reported(e)) => e.exit_code(),
    }
}

fn parse_error(e: clap::Error, ui: &Ui) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Where clap itself would print it (help for a missing subcommand: stderr).
            ui.clap_message(&e, !e.use_stderr());
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            }
        }
        _ => {
            if ui.is_json() {
                let text = e.to_string();
                let message = text
                    .lines()
                    .next()
                    .unwrap_or("invalid arguments")
                    .trim_start_matches("error: ")
                    .to_string();
                let err = Error::with(crate::error::code::USAGE, message)
                    .hint("run with --help to see the usage");
                ui.error(&err);
            } else {
                ui.clap_message(&e, false);
            }
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn a_command_renders_in_process_through_a_captured_ui() {
        // A document, as the binary prints it.
        let (code, out, err) = run_captured(&["connectors", "schema"]);
        assert_eq!(code, 0, "{err}");
        let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(schema, crate::config::schema::schema());
        // An error, as a person and as a script see it.
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none").join("vault.db");
        let missing = missing.to_str().unwrap();
        let (code, out, err) = run_captured(&["connectors", "--vault", missing, "list"]);
        assert_eq!(code, 3);
        assert!(out.is_empty(), "{out}");
        assert!(err.starts_with("error: there is no vault at "), "{err}");
        assert!(err.contains("\nhint: "), "{err}");
        let (code, out, _) = run_captured(&["connectors", "--json", "--vault", missing, "list"]);
        assert_eq!(code, 3);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["error"]["code"], "no_vault");
        // The parser's own messages too.
        let (code, out, _) = run_captured(&["connectors", "--json", "list", "--nope"]);
        assert_eq!(code, 2);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["error"]["code"], "usage");
        let (code, out, _) = run_captured(&["connectors", "--version"]);
        assert_eq!(code, 0);
        assert!(out.starts_with("connectors "), "{out}");
        // Help for a missing subcommand goes where clap puts it: stderr, exit 2.
        let (code, out, err) = run_captured(&["connectors", "vault"]);
        assert_eq!(code, 2);
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("Usage:"), "{err}");
    }

    #[test]
    fn clap_definitions_are_consistent() {
        // Catches conflicting argument ids (a subcommand's `json` against the global
        // --json) and other definition bugs that would otherwise panic at run time.
        Cli::command().debug_assert();
    }
}
