//! `connectors vault init | status | rekey | verify | export | import`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::{Ctx, Ended, Outcome};
use crate::error::{Error, Result};
use crate::ui::{Ui, View};
use crate::vault::{self, KeyStore, Vault};

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create a new vault and its key
    Init(InitArgs),
    /// Show the vault's path, id, schema, key source and counts, and check the key
    Status,
    /// Replace the vault's key, re-encrypting every secret in one transaction
    Rekey(RekeyArgs),
    /// Check the whole vault: the database, every row's integrity MAC, every secret
    /// (exit 0 when all pass, 1 when not)
    Verify,
    /// Write the whole vault, secrets and tokens included, as one age file that only the
    /// given recipients (age or SSH public keys) can open
    Export(ExportArgs),
    /// Restore an exported archive into a new vault, or merge it into this one after a
    /// preview
    Import(ImportArgs),
    /// Copy the whole vault to another engine (SQLite file to PostgreSQL database and
    /// back), with the same key; the source is left as it is
    Copy(CopyArgs),
    /// Sign the rows of a vault from before row signing, after showing them: nothing in
    /// such a vault is used until the admin has checked its rows and signed them
    SignRows(super::vault_sign::SignRowsArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Where the copy goes: a new file's path, or postgres://USER@HOST[:PORT]/DB naming a
    /// database that holds no vault (its password from PGPASSWORD or ~/.pgpass)
    #[arg(long, value_name = "PATH_OR_URL")]
    pub to: std::ffi::OsString,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…",
    /// "ssh-rsa AAAA…"); repeat for several
    #[arg(long, short = 'r', value_name = "KEY")]
    pub recipient: Vec<String>,
    /// A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an
    /// authorized_keys file
    #[arg(long, short = 'R', value_name = "FILE")]
    pub recipients_file: Vec<PathBuf>,
    /// The archive to write (created with mode 0600; never overwritten)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Resolution {
    /// The vault's version wins
    Keep,
    /// The archive's version wins
    Replace,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The archive written by `vault export`
    pub file: PathBuf,
    /// The private key that opens it: an age identity file or an SSH private key (a
    /// passphrase-protected one is asked for on a terminal)
    #[arg(long, short = 'i', value_name = "FILE")]
    pub identity: Vec<PathBuf>,
    /// How to resolve an item that exists in the vault with other contents [default:
    /// refuse the import]
    #[arg(long, value_enum)]
    pub on_conflict: Option<Resolution>,
    /// Show what the import would do, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import without asking (scripts)
    #[arg(long)]
    pub yes: bool,
    /// Trust an archive signed by this vault key (the fingerprint `vault export` printed
    /// where it was exported); archives signed by this vault's own key or by an
    /// `--identity` key need none
    #[arg(long, value_name = "FINGERPRINT")]
    pub exporter: Vec<String>,
    /// Import an archive that is unsigned, or signed by a key not trusted otherwise:
    /// anyone with your public key can make one
    #[arg(long)]
    pub allow_unauthenticated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyChoice {
    /// CONNECTORS_VAULT_KEY, then --key-file, then CONNECTORS_PASSPHRASE, then the OS keyring
    Auto,
    /// The OS keyring (Secret Service, Keychain, Credential Manager)
    Keyring,
    /// A new 0600 key file at --key-file (or an existing one)
    KeyFile,
    /// The key protected by a passphrase (age scrypt), kept in the vault
    Passphrase,
    /// The age identity in CONNECTORS_VAULT_KEY (for CI)
    Env,
}

impl KeyChoice {
    fn store(self) -> Option<KeyStore> {
        match self {
            KeyChoice::Auto => None,
            KeyChoice::Keyring => Some(KeyStore::Keyring),
            KeyChoice::KeyFile => Some(KeyStore::KeyFile),
            KeyChoice::Passphrase => Some(KeyStore::Passphrase),
            KeyChoice::Env => Some(KeyStore::Env),
        }
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to keep the vault's key
    #[arg(long, value_enum, default_value_t = KeyChoice::Auto)]
    pub key: KeyChoice,
    /// The default workspace's platform domain (apps live at APP.DOMAIN)
    #[arg(long, default_value = crate::workspace::DEFAULT_PLATFORM_DOMAIN, value_name = "DOMAIN")]
    pub platform_domain: String,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Where to keep the new key [default: where the current one is kept]
    #[arg(long, value_enum)]
    pub key: Option<KeyChoice>,
    /// With a key file: write the new key to this file instead of replacing the current one
    #[arg(long, value_name = "PATH")]
    pub new_key_file: Option<PathBuf>,
}

pub fn run(cmd: VaultCommand, ctx: &mut Ctx) -> Outcome {
    match cmd {
        VaultCommand::Init(a) => init(a, ctx),
        VaultCommand::Status => status(ctx),
        VaultCommand::Rekey(a) => rekey(a, ctx),
        VaultCommand::Verify => verify(ctx),
        VaultCommand::Export(a) => export(a, ctx),
        VaultCommand::Import(a) => import(a, ctx),
        VaultCommand::Copy(a) => copy(a, ctx),
        VaultCommand::SignRows(a) => super::vault_sign::run(a, ctx),
    }
}

fn default_key_file() -> PathBuf {
    directories::ProjectDirs::from("", "", "connectors")
        .map(|d| d.config_dir().join("vault.key"))
        .unwrap_or_else(|| PathBuf::from("connectors-vault.key"))
}

fn init(args: InitArgs, ctx: &mut Ctx) -> Outcome {
    let path = ctx.vault_location()?;
    crate::app::validate_host(&args.platform_domain, "platform domain")?;
    let mut opts = ctx.key_options();
    let choice = args.key.store();
    if choice == Some(KeyStore::KeyFile) && opts.key_file.is_none() {
        opts.key_file = Some(default_key_file());
    }
    let interactive = ctx.ui.interactive();
    let ask_new = move || ask_new_passphrase(interactive);
    let domain = args.platform_domain.to_ascii_lowercase();
    let report = match vault::init(&path, &opts, choice, &domain, &ask_new) {
        Err(e) if e.code == "no_key" && choice.is_none() && interactive => {
            // No keyring here: offer the other sources instead of failing.
            let choice = offer_other_key_stores(ctx, e, &mut opts)?;
            vault::init(&path, &opts, Some(choice), &domain, &ask_new)?
        }
        other => other?,
    };
    ctx.ui.show(&InitView { report: &report })?;
    if report.key_store != "keyring" {
        ctx.ui.note(
            "Keep a copy of the key somewhere safe: losing it loses every secret in the vault.",
        );
    }
    ctx.ui
        .note("Next: `connectors app add NAME`, then `connectors add PROVIDER`.");
    Ok(())
}

/// A new vault's passphrase: asked twice on a terminal, else an error that names the
/// variable scripts set.
fn ask_new_passphrase(interactive: bool) -> Result<secrecy::SecretString> {
    if interactive {
        return crate::ui::ask_passphrase("New vault passphrase", true);
    }
    Err(Error::with(
        crate::error::code::PASSPHRASE_REQUIRED,
        "a passphrase is needed, and there is no terminal to ask for it",
    )
    .hint(format!(
        "set {} for scripts, or run on a terminal",
        vault::keys::ENV_PASSPHRASE
    )))
}

/// Where the key goes when the OS has no keyring: the person picks a passphrase or a key
/// file (set in `opts`), or cancels with `no_key`, the error that brought us here.
fn offer_other_key_stores(
    ctx: &mut Ctx,
    no_key: Error,
    opts: &mut vault::KeyOptions,
) -> std::result::Result<KeyStore, Ended> {
    ctx.ui.note(format!(
        "{}.",
        no_key.message.trim_end_matches(". Nothing was written")
    ));
    let items = vec![
        "Protect the key with a passphrase (asked once per run)".to_string(),
        format!("Keep the key in a file ({})", default_key_file().display()),
        "Cancel".to_string(),
    ];
    match ctx
        .ui
        .select("Where should the vault key be kept?", &items, 0, "--key")?
    {
        0 => Ok(KeyStore::Passphrase),
        1 => {
            opts.key_file = Some(default_key_file());
            Ok(KeyStore::KeyFile)
        }
        _ => Err(Ended::from(no_key)),
    }
}

/// A new vault: where it is, its id, where its key is kept, its default workspace.
#[derive(Serialize)]
struct InitView<'a> {
    #[serde(flatten)]
    report: &'a vault::InitReport,
}

impl View for InitView<'_> {
    fn human(&self, ui: &Ui) {
        let r = self.report;
        ui.line(format!("Created the vault at {}", r.path));
        let w = 11;
        ui.field("vault id", w, &r.vault_id);
        let key = match r.key_store {
            "key-file" if r.key_file_created => {
                format!("key file {} (new, mode 0600)", r.key_detail)
            }
            "key-file" => format!("key file {}", r.key_detail),
            _ => r.key_detail.clone(),
        };
        ui.field("key", w, key);
        ui.field("public key", w, &r.public_key);
        ui.field(
            "workspace",
            w,
            format!("{} (platform domain {})", r.workspace, r.platform_domain),
        );
    }
}

fn status(ctx: &mut Ctx) -> Outcome {
    let vault = ctx.open_vault()?;
    let meta = vault.meta();
    let counts = vault.counts()?;
    let schema_version = vault.schema_version()?;
    let unlocked = vault.unlock();
    let mode = vault.location().file().and_then(file_mode);
    let mut warnings = Vec::new();
    if let Some(m) = mode.filter(|m| m & 0o077 != 0) {
        warnings.push(format!(
            "the vault file has mode {m:04o}; run `chmod 600 {}`",
            vault.location()
        ));
    }
    let key = match &unlocked {
        Ok(k) => KeyView {
            ok: true,
            source: k.detail.clone(),
            store: k.store.as_str(),
            error: None,
            problem: None,
        },
        Err(e) => KeyView {
            ok: false,
            source: vault.key_source_hint(),
            store: meta.key_store.as_str(),
            error: Some(e.to_json()["error"].clone()),
            problem: Some(e.message.clone()),
        },
    };
    let view = StatusView {
        path: vault.location().describe(),
        engine: vault.location().engine_name(),
        server: vault.engine(),
        vault_id: &meta.vault_id,
        created_at: &meta.created_at,
        schema_version,
        latest_schema_version: vault.latest_schema(),
        file_mode: mode.map(|m| format!("{m:04o}")),
        key,
        public_key: &meta.recipient,
        key_generation: meta.key_generation,
        counts: &counts,
        warnings,
    };
    ctx.ui.show(&view)?;
    for warning in view.warnings {
        ctx.ui.warn(warning);
    }
    match unlocked {
        Ok(_) => Ok(()),
        // The report is printed; the exit code still says the key is not usable.
        Err(e) if ctx.ui.is_json() => Err(Ended::Reported(e)),
        Err(e) => Err(Ended::from(e)),
    }
}

/// The vault at a glance: where it is, its schema, whether the key opens it, its counts.
#[derive(Serialize)]
struct StatusView<'a> {
    path: String,
    engine: &'static str,
    /// The engine's own name and version.
    server: String,
    vault_id: &'a str,
    created_at: &'a str,
    schema_version: i64,
    latest_schema_version: i64,
    file_mode: Option<String>,
    key: KeyView,
    public_key: &'a str,
    key_generation: i64,
    counts: &'a crate::store::Counts,
    warnings: Vec<String>,
}

/// Where the key comes from, and whether it opens this vault.
#[derive(Serialize)]
struct KeyView {
    ok: bool,
    source: String,
    store: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<serde_json::Value>,
    /// Why the key does not open the vault, as a person reads it.
    #[serde(skip)]
    problem: Option<String>,
}

impl View for StatusView<'_> {
    fn human(&self, ui: &Ui) {
        let w = 12;
        ui.field("vault", w, &self.path);
        ui.field("engine", w, &self.server);
        ui.field("vault id", w, self.vault_id);
        ui.field("created", w, self.created_at);
        ui.field(
            "schema",
            w,
            format!(
                "version {} (latest {})",
                self.schema_version, self.latest_schema_version
            ),
        );
        let key = &self.key;
        match &key.problem {
            None => {
                let source = if key.store == "key-file" {
                    format!("key file {}", key.source)
                } else {
                    key.source.clone()
                };
                ui.field("key", w, format!("{source} (checked: opens this vault)"))
            }
            Some(problem) => ui.field("key", w, format!("{} (NOT usable: {problem})", key.source)),
        }
        ui.field("public key", w, self.public_key);
        ui.field("key gen", w, self.key_generation.to_string());
        let counts = self.counts;
        ui.field("workspaces", w, counts.workspaces.to_string());
        ui.field("apps", w, counts.apps.to_string());
        ui.field("connectors", w, counts.connectors.to_string());
        let by_status = counts
            .connections_by_status
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        ui.field(
            "connections",
            w,
            if by_status.is_empty() {
                counts.connections.to_string()
            } else {
                format!("{} ({by_status})", counts.connections)
            },
        );
    }
}

fn file_mode(path: &std::path::Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn rekey(args: RekeyArgs, ctx: &mut Ctx) -> Outcome {
    let vault: Vault = ctx.open_vault()?;
    let target = args.key.and_then(KeyChoice::store);
    let env_pass = ctx.key_options().passphrase;
    let interactive = ctx.ui.interactive();
    let ask = move || -> Result<secrecy::SecretString> {
        if interactive {
            crate::ui::ask_passphrase("New vault passphrase", true)
        } else if let Some(p) = &env_pass {
            Ok(p.clone())
        } else {
            Err(Error::with(
                crate::error::code::PASSPHRASE_REQUIRED,
                "a new passphrase is needed, and there is no terminal to ask for it",
            )
            .hint(format!(
                "set {} for scripts, or run on a terminal",
                vault::keys::ENV_PASSPHRASE
            )))
        }
    };
    let report = vault::rekey(&vault, target, args.new_key_file, &ask, &|| Ok(()))?;
    ctx.ui.show(&RekeyView { report: &report })?;
    if ctx.key_options().env_key.is_some() {
        ctx.ui.note(format!(
            "{} still holds the old key: replace it with the key in {} before the next run.",
            vault::keys::ENV_KEY,
            report.key_detail
        ));
    }
    Ok(())
}

/// The vault under its new key.
#[derive(Serialize)]
struct RekeyView<'a> {
    #[serde(flatten)]
    report: &'a vault::RekeyReport,
}

impl View for RekeyView<'_> {
    fn human(&self, ui: &Ui) {
        let r = self.report;
        ui.line(format!(
            "Rekeyed the vault: {} secret(s) re-encrypted to the new key (generation {}).",
            r.secrets_reencrypted, r.key_generation
        ));
        ui.field("key", 10, &r.key_detail);
        ui.field("public key", 10, &r.public_key);
    }
}

fn verify(ctx: &mut Ctx) -> Outcome {
    let vault: Vault = ctx.open_vault_unchanged()?;
    let report = vault.verify()?;
    ctx.ui.show(&VerifyView {
        report: &report,
        vault: vault.location().describe(),
        is_file: vault.location().file().is_some(),
    })?;
    warn_verify_problems(ctx, &report);
    if report.ok {
        Ok(())
    } else {
        Err(Ended::shown_if(Error::with(crate::error::code::VERIFY_FAILED,
            "the vault failed verification (see above)",
        )
        .hint("restore the vault from a backup taken before the change, or remove the rows named above and set them up again"), ctx.ui.is_json()))
    }
}

/// Every problem `vault verify` found, one warning each (the JSON document lists them).
fn warn_verify_problems(ctx: &mut Ctx, report: &vault::VerifyReport) {
    for problem in &report.engine {
        ctx.ui
            .warn(format!("database: {}", crate::ui::printable(problem)));
    }
    match report.mark {
        "missing" => ctx.ui.warn(
            "the vault's integrity mark is missing: its integrity data was stripped outside connectors",
        ),
        "broken" => ctx.ui.warn(
            "the vault's integrity mark does not match its key: the vault was changed outside connectors",
        ),
        _ => {}
    }
    for p in &report.rows {
        let what = match p.problem {
            "missing_mac" => "has no integrity MAC",
            "dangling" => "points at a connector or app that is gone",
            _ => "does not match its integrity MAC",
        };
        ctx.ui
            .warn(format!("{} {what}", crate::ui::printable(&p.row)));
    }
    for s in &report.secrets {
        ctx.ui.warn(format!("{} [{}]", s.message, s.code));
    }
    if report.mark == "unsigned" {
        ctx.ui.warn(
            "this vault's rows have never been signed, as in a vault from before row signing: review and sign them with `connectors vault sign-rows`; if this vault was signed before, someone removed its integrity data: restore it from a backup",
        );
    }
}

/// What `vault verify` checked and how each part fared.
#[derive(Serialize)]
struct VerifyView<'a> {
    #[serde(flatten)]
    report: &'a vault::VerifyReport,
    /// The vault's file or database, as a person reads it.
    #[serde(skip)]
    vault: String,
    /// Whether the vault is a file (SQLite checks its own pages).
    #[serde(skip)]
    is_file: bool,
}

impl View for VerifyView<'_> {
    fn human(&self, ui: &Ui) {
        let report = self.report;
        let w = 10;
        let check = |ok: bool| if ok { "ok" } else { "FAILED" };
        ui.field("vault", w, &self.vault);
        ui.field(
            "database",
            w,
            match report.engine.len() {
                0 if self.is_file => "ok (integrity and foreign-key checks)".to_string(),
                0 => {
                    "ok (connection counters; the server keeps its own pages and keys)".to_string()
                }
                n => format!("FAILED ({n} problem(s))"),
            },
        );
        ui.field(
            "rows",
            w,
            format!(
                "{} ({} checked by their MAC{})",
                check(report.rows.is_empty() && report.mark == "intact"),
                report.rows_checked,
                match report.rows.len() {
                    0 => String::new(),
                    n => format!(", {n} changed outside connectors"),
                }
            ),
        );
        ui.field(
            "secrets",
            w,
            format!(
                "{} ({} decrypted where they live{})",
                check(report.secrets.is_empty()),
                report.secrets_checked,
                match report.secrets.len() {
                    0 => String::new(),
                    n => format!(", {n} failed"),
                }
            ),
        );
        if report.ok {
            ui.line("The vault passed every check.");
        }
    }
}

fn export(args: ExportArgs, ctx: &mut Ctx) -> Outcome {
    use crate::vault::archive;
    let mut recipients = Vec::new();
    for r in &args.recipient {
        recipients.push(archive::parse_recipient(r)?);
    }
    for path in &args.recipients_file {
        let text = crate::limits::read_text(path, crate::limits::RECIPIENTS)?;
        let parsed = archive::parse_recipients_file(&text)?;
        if parsed.is_empty() {
            return Err(Ended::from(
                Error::with(
                    crate::error::code::NO_RECIPIENTS,
                    format!("{} holds no recipient", path.display()),
                )
                .hint("one age public key or SSH public key a line"),
            ));
        }
        recipients.extend(parsed);
    }
    if recipients.is_empty() {
        return Err(Ended::from(Error::with(crate::error::code::NO_RECIPIENTS, "an archive needs at least one recipient")
            .hint("pass --recipient KEY (an age or SSH public key) or --recipients-file FILE: the people who may open it")));
    }
    if std::fs::symlink_metadata(&args.output).is_ok() {
        return Err(Ended::from(
            Error::with(
                crate::error::code::OUTPUT_EXISTS,
                format!(
                    "{} exists already; nothing was written",
                    args.output.display()
                ),
            )
            .hint("choose a new file name, or remove the old archive first"),
        ));
    }
    let vault: Vault = ctx.open_vault()?;
    let signer = vault.archive_signer()?;
    let snapshot = archive::snapshot(&vault)?;
    let sealed = archive::seal(&snapshot, &recipients, &signer)?;
    crate::vault::files::write_private(&args.output, &sealed).map_err(|e| {
        Error::with(
            crate::error::code::OUTPUT_UNWRITABLE,
            format!("{} could not be written: {e}", args.output.display()),
        )
        .hint("check the directory exists and is writable")
    })?;
    let counts = snapshot.counts();
    let vault_id = vault.meta().vault_id.clone();
    vault.write(|tx| {
        tx.record(None,
            crate::audit::Action::VaultExport,
            &vault_id,
            serde_json::json!({"recipients": recipients.len(), "counts": counts, "format_version": archive::VERSION,
                               "signed_by": signer.fingerprint()}),
        )
    })?;
    ctx.ui.show(&ExportView {
        archive: &args.output,
        bytes: sealed.len(),
        recipients: recipients.len(),
        format_version: archive::VERSION,
        counts: &counts,
        signed_by: signer.fingerprint(),
    })?;
    ctx.ui
        .note("It holds every secret and token: keep it as carefully as the vault's key.");
    Ok(())
}

/// An archive written: where, how big, for how many recipients, holding what.
#[derive(Serialize)]
struct ExportView<'a> {
    archive: &'a std::path::Path,
    bytes: usize,
    recipients: usize,
    format_version: u32,
    counts: &'a vault::archive::Counts,
    /// The fingerprint of this vault's signing key, for the importer's `--exporter`.
    signed_by: String,
}

impl View for ExportView<'_> {
    fn human(&self, ui: &Ui) {
        let counts = self.counts;
        ui.line(format!(
            "Wrote {} ({} bytes) for {} recipient(s): {} workspace(s), {} provider definition(s), {} app(s), {} connector(s), {} connection(s), {} audit entries.",
            self.archive.display(),
            self.bytes,
            self.recipients,
            counts.workspaces,
            counts.providers,
            counts.apps,
            counts.connectors,
            counts.connections,
            counts.audit_entries
        ));
        ui.line(format!(
            "Signed by this vault's key {}: tell whoever imports it, who passes `--exporter {}` to check that it comes from this vault.",
            self.signed_by, self.signed_by
        ));
    }
}

fn import(args: ImportArgs, ctx: &mut Ctx) -> Outcome {
    use crate::vault::archive::{self, OnConflict, Step};
    let (identities, identity_signers) = read_identities(&args.identity, ctx)?;
    // Read once through (every field and the signature checked) and then again for the
    // plan and the import, never whole in memory.
    let file = archive::ArchiveFile::open(&args.file, &identities)?;
    let on_conflict = args.on_conflict.map(|r| match r {
        Resolution::Keep => OnConflict::Keep,
        Resolution::Replace => OnConflict::Replace,
    });
    let vault: Vault = if args.dry_run {
        ctx.open_vault_unchanged()?
    } else {
        ctx.open_vault()?
    };
    vault.unlock()?;
    // Who made it, before anything of it is looked at: this vault's own key, a key the
    // admin holds (--identity), or a fingerprint the admin names (--exporter).
    let mut trusted = vec![(vault.archive_signer()?.fingerprint(), "this vault's key")];
    trusted.extend(
        identity_signers
            .into_iter()
            .map(|f| (f, "an --identity key")),
    );
    trusted.extend(
        args.exporter
            .iter()
            .map(|f| (f.trim().to_string(), "--exporter")),
    );
    let exporter = archive::authenticate(
        file.read.signed_by.as_deref(),
        &trusted,
        args.allow_unauthenticated,
    )?;
    let mut plan = archive::plan(&vault, &file, on_conflict)?;
    plan.exporter = Some(exporter);
    if args.dry_run || plan.conflicts() > 0 {
        let refused = (plan.conflicts() > 0).then(|| archive::conflicts_error(&plan));
        ctx.ui.show(&ImportPreview {
            imported: false,
            plan: &plan,
            error: refused.as_ref().map(|e| e.to_json()["error"].clone()),
        })?;
        return match refused {
            Some(e) => Err(Ended::shown_if(e, ctx.ui.is_json())),
            None => Ok(()),
        };
    }
    if !args.yes {
        confirm_import(ctx, &plan)?;
    }
    let mut done = archive::import(&vault, &file, on_conflict, &plan, &archive::Origin::Archive)?;
    done.exporter = plan.exporter.clone();
    let replaced_grants = done
        .changes
        .iter()
        .filter(|c| c.kind == "connection" && c.step == Step::Replace)
        .count();
    if replaced_grants > 0 {
        ctx.ui.warn(format!(
            "{replaced_grants} connection(s) now hold the archive's grant; the grants they held were not revoked and may still be live at their providers (`connectors audit` lists them as connection.discarded)"
        ));
    }
    let warnings = ctx.ui.take_warnings();
    ctx.ui.show(&Imported {
        imported: true,
        plan: &done,
        warnings,
        show_plan: args.yes,
    })?;
    Ok(())
}

type Identities = Vec<Box<dyn age::Identity>>;

/// The private keys that may open an archive, from the files given with --identity (a
/// passphrase-protected SSH key is asked for on a terminal).
/// Also returns the signing-key fingerprints of the age identities among them (a vault
/// key given to open its own backup vouches for it).
fn read_identities(files: &[PathBuf], ctx: &Ctx) -> Result<(Identities, Vec<String>)> {
    use crate::vault::archive;
    if files.is_empty() {
        return Err(Error::with(
            crate::error::code::NO_IDENTITY,
            "opening an archive needs the private key it was exported to",
        )
        .hint(
            "pass --identity FILE: an age identity file or an SSH private key (~/.ssh/id_ed25519)",
        ));
    }
    let prompt = archive::Prompt {
        interactive: ctx.ui.interactive(),
        person: Some(ctx.ui.person()),
    };
    let mut identities = Vec::new();
    let mut signers = Vec::new();
    for path in files {
        let bytes = crate::vault::files::read_private(path, "identity file")?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::with(
                crate::error::code::BAD_IDENTITY,
                format!("{} is not a text key file", path.display()),
            )
        })?;
        identities.extend(archive::parse_identities(text, prompt.clone())?);
        signers.extend(
            text.lines()
                .filter_map(|l| l.trim().parse::<age::x25519::Identity>().ok())
                .map(|i| archive::Signer::of(&i).fingerprint()),
        );
    }
    Ok((identities, signers))
}

/// Shows the plan and asks whether to import it; without a terminal, says to pass --yes.
fn confirm_import(ctx: &mut Ctx, plan: &vault::archive::Plan) -> Outcome {
    if !ctx.ui.interactive() {
        return Err(Ended::from(
            Error::with(
                crate::error::code::CONFIRMATION_REQUIRED,
                "importing into the vault needs confirmation",
            )
            .hint("review it with --dry-run, then pass --yes (scripts), or run on a terminal"),
        ));
    }
    render_import_plan(&ctx.ui, plan);
    if !ctx.ui.confirm("Import?", "--yes")? {
        return Err(Ended::from(
            Error::with(crate::error::code::CANCELLED, "nothing was imported")
                .hint("run it again and confirm, or pass --yes"),
        ));
    }
    Ok(())
}

/// What an import would change (every item that is not unchanged), and the counts.
fn render_import_plan(ui: &Ui, plan: &vault::archive::Plan) {
    use crate::vault::archive::Step;
    let rows: Vec<Vec<String>> = plan
        .changes
        .iter()
        .filter(|c| c.step != Step::Unchanged)
        .map(|c| {
            vec![
                format!("{:?}", c.step).to_lowercase(),
                c.kind.to_string(),
                crate::ui::printable(&c.name),
                c.differs.join(", "),
            ]
        })
        .collect();
    ui.table(&["STEP", "KIND", "NAME", "DIFFERS IN"], &rows);
    ui.line(format!(
        "{} of an archive of vault {} exported {}: {} to add, {} to replace, {} to keep, {} unchanged, {} conflict(s).",
        plan.mode,
        crate::ui::printable(&plan.source_vault_id),
        crate::ui::printable(&plan.exported_at),
        plan.count(Step::Add),
        plan.count(Step::Replace),
        plan.count(Step::Keep),
        plan.count(Step::Unchanged),
        plan.conflicts()
    ));
    if let Some(e) = &plan.exporter {
        ui.line(match &e.signed_by {
            Some(fp) => format!("Signed by vault key {fp}: {}.", e.trusted),
            None => format!("Not signed: {}.", e.trusted),
        });
    }
}

/// An import not made: asked for with --dry-run, or refused for conflicts (`error`).
#[derive(Serialize)]
struct ImportPreview<'a> {
    imported: bool,
    plan: &'a vault::archive::Plan,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<serde_json::Value>,
}

impl View for ImportPreview<'_> {
    fn human(&self, ui: &Ui) {
        render_import_plan(ui, self.plan);
    }
}

/// An import made, in one transaction.
#[derive(Serialize)]
struct Imported<'a> {
    imported: bool,
    plan: &'a vault::archive::Plan,
    warnings: Vec<String>,
    /// Whether the plan is shown (with --yes; else it was shown before the question).
    #[serde(skip)]
    show_plan: bool,
}

impl View for Imported<'_> {
    fn human(&self, ui: &Ui) {
        if self.show_plan {
            render_import_plan(ui, self.plan);
        }
        ui.line(format!(
            "Imported in one transaction ({}).",
            if self.plan.mode == "restore" {
                "restored, with the archive's audit log"
            } else {
                "merged"
            }
        ));
    }
}

fn copy(args: CopyArgs, ctx: &mut Ctx) -> Outcome {
    let to = crate::store::Location::parse(&args.to, true)?;
    let vault = ctx.open_vault()?;
    let report = vault::copy::copy(&vault, &to, ctx.key_options())?;
    ctx.ui.show(&CopyView { report: &report })?;
    if report.discarded_incomplete {
        ctx.ui
            .note("An interrupted earlier copy at the target was discarded first.");
    }
    ctx.ui.note(format!(
        "The copy has the same key: point every machine at it with --vault {} (or CONNECTORS_VAULT). The source was left as it was.",
        report.to
    ));
    Ok(())
}

/// The vault copied: from where to where, and what it holds.
#[derive(Serialize)]
struct CopyView<'a> {
    #[serde(flatten)]
    report: &'a vault::copy::CopyReport,
}

impl View for CopyView<'_> {
    fn human(&self, ui: &Ui) {
        let r = self.report;
        let c = &r.counts;
        ui.line(format!(
            "Copied the vault {} ({}) to {} ({}): {} workspace(s), {} app(s), {} connector(s), {} connection(s), {} audit entries.",
            r.from,
            r.from_engine,
            r.to,
            r.to_engine,
            c.workspaces,
            c.apps,
            c.connectors,
            c.connections,
            c.audit_entries
        ));
    }
}
