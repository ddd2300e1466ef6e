//! `connectors sandbox serve | register | configure | answer`: a local provider to develop
//! and test against, with failure injection.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use secrecy::SecretString;
use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::connector::{self, Changes, Connector, Mode, NewConnector};
use crate::error::Error;
use crate::sandbox::{self, Failures, Like};
use crate::ui::{Ui, View};

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped
    Serve(ServeArgs),
    /// Create (or update) a connector in the vault that points at the running sandbox
    Register(RegisterArgs),
    /// Change a running sandbox's failure modes, e.g. '{"token_500": true}'
    Configure(ConfigureArgs),
    /// Answer the sandbox's consent page like a person (use as $BROWSER)
    Answer(AnswerArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port (0: any free one)
    #[arg(long, default_value_t = 8808)]
    pub port: u16,
    /// Answer like this provider: token shapes, client authentication, quirks
    #[arg(long, value_enum, default_value_t = Like::Generic)]
    pub like: Like,
    /// Where to write the sandbox's address and credentials (0600)
    #[arg(long, value_name = "PATH")]
    pub info_file: Option<PathBuf>,
    /// Access tokens expire after this many seconds (1 to 31536000)
    #[arg(long, default_value_t = 3600, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub access_ttl: u64,
    /// Refuse every refresh token (invalid_grant), as after a user revoked access
    #[arg(long)]
    pub revoke_refresh_tokens: bool,
    /// The OAuth app is in testing mode: only --test-user accounts may consent
    #[arg(long)]
    pub testing_mode: bool,
    /// An account allowed while in testing mode (repeatable)
    #[arg(long, value_name = "EMAIL")]
    pub test_user: Vec<String>,
    /// Grant only these scopes, whatever is asked (repeatable)
    #[arg(long, value_name = "SCOPE")]
    pub grant_only: Vec<String>,
    /// Refuse every redirect URI (redirect_uri_mismatch)
    #[arg(long)]
    pub redirect_mismatch: bool,
    /// The token endpoint refuses the client (invalid_client)
    #[arg(long)]
    pub invalid_client: bool,
    /// The token endpoint answers this long after issuing (and rotating) tokens (at most 600000)
    #[arg(long, default_value_t = 0, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub token_delay_ms: u64,
    /// The token endpoint answers HTTP 500
    #[arg(long)]
    pub token_500: bool,
    /// Do not rotate refresh tokens (rotation with reuse detection is on by default)
    #[arg(long)]
    pub no_rotation: bool,
    /// Revocation revokes only the token presented, not its whole grant (RFC 7009 allows both)
    #[arg(long)]
    pub revoke_token_only: bool,
    /// A redirect URI the sandbox accepts besides loopback ones (repeatable)
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The connector's name
    #[arg(long, default_value = "Sandbox")]
    pub name: String,
    /// The running sandbox's file
    #[arg(long, value_name = "PATH")]
    pub info_file: Option<PathBuf>,
    /// Scopes (default: a typical set for the imitated provider)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    #[arg(long, value_parser = ["per-user", "shared"], default_value = "per-user")]
    pub mode: String,
}

#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// The failure modes to change, as JSON (fields: access_ttl, revoke_refresh_tokens,
    /// testing_mode, test_users, grant_only, redirect_mismatch, invalid_client,
    /// token_delay_ms, token_500, rotation, revoke_token_only)
    #[arg(value_name = "JSON")]
    pub modes: String,
    #[arg(long, value_name = "PATH")]
    pub info_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The account that signs in
    #[arg(long, default_value = "ada@example.test")]
    pub user: String,
    /// Deny instead of approving
    #[arg(long)]
    pub deny: bool,
    /// Leave this scope unticked (repeatable): a partial grant
    #[arg(long, value_name = "SCOPE")]
    pub withhold: Vec<String>,
    /// Print the URL the provider sends the browser to, instead of opening it (for --paste)
    #[arg(long)]
    pub print: bool,
    /// The authorization URL (as $BROWSER passes it)
    pub url: String,
}

pub fn run(cmd: SandboxCommand, ctx: &mut Ctx) -> Outcome {
    match cmd {
        SandboxCommand::Serve(a) => serve(a, ctx),
        SandboxCommand::Register(a) => register(a, ctx),
        SandboxCommand::Configure(a) => configure(a, ctx),
        SandboxCommand::Answer(a) => answer(a, ctx),
    }
}

fn configure(a: ConfigureArgs, ctx: &mut Ctx) -> Outcome {
    let info = sandbox::read_info(&a.info_file.unwrap_or_else(sandbox::default_info_path))?;
    let patch: serde_json::Value = serde_json::from_str(&a.modes).map_err(|e| {
        Error::with(
            crate::error::code::BAD_JSON,
            format!("the failure modes are not JSON: {e}"),
        )
        .hint("for example: '{\"access_ttl\": 30}'")
    })?;
    let state = sandbox::configure(&info, &patch)?;
    ctx.ui.show(&StateView(&state))?;
    Ok(())
}

/// The running sandbox's state as it answered a change: its own JSON, passed through.
#[derive(Serialize)]
#[serde(transparent)]
struct StateView<'a>(&'a serde_json::Value);

impl View for StateView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!("Sandbox failure modes now: {}", self.0["failures"]));
    }
}

fn answer(a: AnswerArgs, ctx: &mut Ctx) -> Outcome {
    let to = sandbox::answer::answer(
        &a.url,
        &sandbox::answer::Answer {
            user: &a.user,
            approve: !a.deny,
            withhold: &a.withhold,
            deliver: !a.print,
        },
    )?;
    let view = AnsweredView {
        answered: true,
        approved: !a.deny,
        redirected_to: a.print.then_some(to.as_str()),
    };
    ctx.ui.show(&view)?;
    Ok(())
}

/// How a consent page was answered; with --print, where the provider sends the browser.
#[derive(Serialize)]
struct AnsweredView<'a> {
    answered: bool,
    approved: bool,
    redirected_to: Option<&'a str>,
}

impl View for AnsweredView<'_> {
    fn human(&self, ui: &Ui) {
        if let Some(to) = self.redirected_to {
            ui.line(to);
        }
    }
}

fn serve(a: ServeArgs, ctx: &mut Ctx) -> Outcome {
    let failures = Failures {
        access_ttl: a.access_ttl,
        revoke_refresh_tokens: a.revoke_refresh_tokens,
        testing_mode: a.testing_mode,
        test_users: a.test_user,
        grant_only: a.grant_only,
        redirect_mismatch: a.redirect_mismatch,
        invalid_client: a.invalid_client,
        token_delay_ms: a.token_delay_ms,
        token_500: a.token_500,
        rotation: !a.no_rotation,
        revoke_token_only: a.revoke_token_only,
        ..Failures::default()
    };
    let running = sandbox::serve(a.port, a.like, failures, a.redirect_uri)?;
    let path = a.info_file.unwrap_or_else(sandbox::default_info_path);
    if let Some(dir) = path.parent() {
        crate::vault::files::ensure_private_dir(dir)?;
    }
    let _ = std::fs::remove_file(&path);
    let text = serde_json::to_vec_pretty(&running.info).unwrap_or_default();
    crate::vault::files::write_private(&path, &text).map_err(|e| {
        Error::with(
            crate::error::code::SANDBOX_FILE,
            format!("cannot write {}: {e}", path.display()),
        )
        .hint("pass another --info-file")
    })?;
    let info = &running.info;
    ctx.ui.show(&ServingView {
        issuer: &info.issuer,
        port: info.port,
        like: info.like,
        client_id: &info.client_id,
        info_file: &path,
    })?;
    ctx.ui.flush();
    running.wait();
    Ok(())
}

/// Where the sandbox listens, and the file that holds its secrets.
#[derive(Serialize)]
struct ServingView<'a> {
    issuer: &'a str,
    port: u16,
    like: Like,
    client_id: &'a str,
    info_file: &'a Path,
}

impl View for ServingView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "Sandbox provider (like {}) listening on {}",
            self.like.as_str(),
            self.issuer
        ));
        ui.field(
            "discovery",
            10,
            format!("{}/.well-known/openid-configuration", self.issuer),
        );
        ui.field("client id", 10, self.client_id);
        ui.field(
            "secrets",
            10,
            format!(
                "client secret and admin token in {} (0600)",
                self.info_file.display()
            ),
        );
        ui.line(
            "Register it in your vault with `connectors sandbox register`; stop it with Ctrl-C.",
        );
    }
}

fn register(a: RegisterArgs, ctx: &mut Ctx) -> Outcome {
    let info = sandbox::read_info(&a.info_file.unwrap_or_else(sandbox::default_info_path))?;
    let vault = ctx.open_vault()?;
    let ws = ctx.workspace(&vault)?;
    vault.unlock()?;
    let provider = sandbox::provider_name(info.like);
    crate::provider::store(
        &vault,
        vec![sandbox::provider_definition(&info)],
        &info.issuer,
    )?;
    let apps = crate::app::list(vault.db(), &ws)?;
    let uris: Vec<String> = apps
        .iter()
        .flat_map(|app| app.redirect_uris(&ws))
        .map(|u| u.uri)
        .collect();
    sandbox::configure(&info, &serde_json::json!({"redirect_uris": uris}))?;
    let scopes = if a.scopes.is_empty() {
        sandbox::default_scopes(info.like)
    } else {
        a.scopes
    };
    let mode: Mode = a.mode.parse()?;
    let secret = SecretString::from(info.client_secret.clone());
    let existing = connector::find(vault.db(), &ws, &a.name).ok();
    let (action, c) = match existing {
        Some(c) if c.provider == provider => {
            let changes = Changes {
                client_id: Some(info.client_id.clone()),
                client_secret: Some(secret),
                scopes: connector::ListEdit::replace(scopes),
                redirect_uris: connector::ListEdit::replace(uris),
                ..Changes::default()
            };
            (
                "Updated",
                connector::edit(&vault, &ws, &c.name, changes)?.connector,
            )
        }
        Some(c) => {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::CONNECTOR_EXISTS,
                    format!(
                        "connector '{}' exists and uses provider {}",
                        c.name, c.provider
                    ),
                )
                .hint("pass --name with another name"),
            ));
        }
        None => {
            let catalog = ctx.catalog(Some(&vault))?;
            let new = NewConnector {
                endpoint_params: Default::default(),
                name: a.name.clone(),
                provider,
                client_id: info.client_id.clone(),
                client_secret: secret,
                scopes,
                mode,
                redirect_uris: uris,
                apps: vec![],
            };
            ("Added", connector::add(&vault, &ws, &catalog, new)?)
        }
    };
    ctx.ui.show(&RegisteredView {
        connector: &c,
        sandbox: &info.issuer,
        action,
    })?;
    Ok(())
}

/// The connector that now points at the running sandbox.
#[derive(Serialize)]
struct RegisteredView<'a> {
    connector: &'a Connector,
    sandbox: &'a str,
    /// "Added" or "Updated".
    #[serde(skip)]
    action: &'static str,
}

impl View for RegisteredView<'_> {
    fn human(&self, ui: &Ui) {
        let c = self.connector;
        ui.line(format!(
            "{} connector '{}' on the sandbox at {} (provider {}).",
            self.action, c.name, self.sandbox, c.provider
        ));
        ui.line(format!(
            "Try: BROWSER=\"connectors sandbox answer --user ada@example.test\" connectors connect \"{}\" --app APP --user ada",
            c.name
        ));
    }
}
