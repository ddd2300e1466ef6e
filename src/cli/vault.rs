//! `connectors vault init | status | rekey | verify`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::Ctx;
use crate::error::{Error, Result};
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

pub fn run(cmd: VaultCommand, ctx: &mut Ctx) -> Result<()> {
    match cmd {
        VaultCommand::Init(a) => init(a, ctx),
        VaultCommand::Status => status(ctx),
        VaultCommand::Rekey(a) => rekey(a, ctx),
        VaultCommand::Verify => verify(ctx),
    }
}

fn default_key_file() -> PathBuf {
    directories::ProjectDirs::from("", "", "connectors")
        .map(|d| d.config_dir().join("vault.key"))
        .unwrap_or_else(|| PathBuf::from("connectors-vault.key"))
}

fn init(args: InitArgs, ctx: &mut Ctx) -> Result<()> {
    let path = ctx.vault_path()?;
    crate::app::validate_host(&args.platform_domain, "platform domain")?;
    let mut opts = ctx.key_options();
    let mut choice = args.key.store();
    if choice == Some(KeyStore::KeyFile) && opts.key_file.is_none() {
        opts.key_file = Some(default_key_file());
    }
    let interactive = ctx.ui.interactive();
    let ask = || crate::ui::ask_passphrase("New vault passphrase", true);
    let ask_new: &dyn Fn() -> Result<secrecy::SecretString> = if interactive {
        &ask
    } else {
        &|| {
            Err(Error::usage(
                "passphrase_required",
                "a passphrase is needed, and there is no terminal to ask for it",
            )
            .hint(format!(
                "set {} for scripts, or run on a terminal",
                vault::keys::ENV_PASSPHRASE
            )))
        }
    };
    let report = match vault::init(
        &path,
        &opts,
        choice,
        &args.platform_domain.to_ascii_lowercase(),
        ask_new,
    ) {
        Err(e) if e.code == "no_key" && choice.is_none() && interactive => {
            // No keyring here: offer the other sources instead of failing.
            ctx.ui.note(format!(
                "{}.",
                e.message.trim_end_matches(". Nothing was written")
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
                0 => choice = Some(KeyStore::Passphrase),
                1 => {
                    choice = Some(KeyStore::KeyFile);
                    opts.key_file = Some(default_key_file());
                }
                _ => return Err(e),
            }
            vault::init(
                &path,
                &opts,
                choice,
                &args.platform_domain.to_ascii_lowercase(),
                ask_new,
            )?
        }
        other => other?,
    };
    ctx.ui.json(&report)?;
    ctx.ui
        .line(format!("Created the vault at {}", report.path.display()));
    let w = 11;
    ctx.ui.field("vault id", w, &report.vault_id);
    let key = match report.key_store {
        "key-file" if report.key_file_created => {
            format!("key file {} (new, mode 0600)", report.key_detail)
        }
        "key-file" => format!("key file {}", report.key_detail),
        _ => report.key_detail.clone(),
    };
    ctx.ui.field("key", w, key);
    ctx.ui.field("public key", w, &report.public_key);
    ctx.ui.field(
        "workspace",
        w,
        format!(
            "{} (platform domain {})",
            report.workspace, report.platform_domain
        ),
    );
    if report.key_store != "keyring" {
        ctx.ui.note(
            "Keep a copy of the key somewhere safe: losing it loses every secret in the vault.",
        );
    }
    ctx.ui
        .note("Next: `connectors app add NAME`, then `connectors add PROVIDER`.");
    Ok(())
}

fn status(ctx: &mut Ctx) -> Result<()> {
    let vault = ctx.open_vault()?;
    let meta = vault.meta().clone();
    let counts = vault.counts()?;
    let schema_version = vault.schema_version()?;
    let key = vault.unlock().map(|k| (k.store.as_str(), k.detail.clone()));
    let mode = file_mode(vault.path());
    let mut warnings = Vec::new();
    if let Some(m) = mode.filter(|m| m & 0o077 != 0) {
        warnings.push(format!(
            "the vault file has mode {m:04o}; run `chmod 600 {}`",
            vault.path().display()
        ));
    }
    let key_json = match &key {
        Ok((store, detail)) => serde_json::json!({"ok": true, "source": detail, "store": store}),
        Err(e) => {
            serde_json::json!({"ok": false, "source": vault.key_source_hint(), "store": meta.key_store.as_str(), "error": e.to_json()["error"]})
        }
    };
    ctx.ui.json(&serde_json::json!({
        "path": vault.path(),
        "vault_id": meta.vault_id,
        "created_at": meta.created_at,
        "schema_version": schema_version,
        "latest_schema_version": crate::store::sqlite::LATEST,
        "file_mode": mode.map(|m| format!("{m:04o}")),
        "key": key_json,
        "public_key": meta.recipient,
        "key_generation": meta.key_generation,
        "counts": counts,
        "warnings": warnings,
    }))?;
    let w = 12;
    ctx.ui.field("vault", w, vault.path().display().to_string());
    ctx.ui.field("vault id", w, &meta.vault_id);
    ctx.ui.field("created", w, &meta.created_at);
    ctx.ui.field(
        "schema",
        w,
        format!(
            "version {schema_version} (latest {})",
            crate::store::sqlite::LATEST
        ),
    );
    match &key {
        Ok((store, detail)) => {
            let source = if *store == "key-file" {
                format!("key file {detail}")
            } else {
                detail.clone()
            };
            ctx.ui
                .field("key", w, format!("{source} (checked: opens this vault)"))
        }
        Err(e) => ctx.ui.field(
            "key",
            w,
            format!("{} (NOT usable: {})", vault.key_source_hint(), e.message),
        ),
    }
    ctx.ui.field("public key", w, &meta.recipient);
    ctx.ui.field("key gen", w, meta.key_generation.to_string());
    ctx.ui.field("workspaces", w, counts.workspaces.to_string());
    ctx.ui.field("apps", w, counts.apps.to_string());
    ctx.ui.field("connectors", w, counts.connectors.to_string());
    let by_status = counts
        .connections_by_status
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    ctx.ui.field(
        "connections",
        w,
        if by_status.is_empty() {
            counts.connections.to_string()
        } else {
            format!("{} ({by_status})", counts.connections)
        },
    );
    for warning in warnings {
        ctx.ui.warn(warning);
    }
    match key {
        Ok(_) => Ok(()),
        // The report is printed; the exit code still says the key is not usable.
        Err(e) if ctx.ui.is_json() => Err(e.reported()),
        Err(e) => Err(e),
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

fn rekey(args: RekeyArgs, ctx: &mut Ctx) -> Result<()> {
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
            Err(Error::usage(
                "passphrase_required",
                "a new passphrase is needed, and there is no terminal to ask for it",
            )
            .hint(format!(
                "set {} for scripts, or run on a terminal",
                vault::keys::ENV_PASSPHRASE
            )))
        }
    };
    let report = vault::rekey(&vault, target, args.new_key_file, &ask, &|| Ok(()))?;
    ctx.ui.json(&report)?;
    ctx.ui.line(format!(
        "Rekeyed the vault: {} secret(s) re-encrypted to the new key (generation {}).",
        report.secrets_reencrypted, report.key_generation
    ));
    ctx.ui.field("key", 10, &report.key_detail);
    ctx.ui.field("public key", 10, &report.public_key);
    if ctx.key_options().env_key.is_some() {
        ctx.ui.note(format!(
            "{} still holds the old key: replace it with the key in {} before the next run.",
            vault::keys::ENV_KEY,
            report.key_detail
        ));
    }
    Ok(())
}

fn verify(ctx: &mut Ctx) -> Result<()> {
    let vault: Vault = ctx.open_vault()?;
    let report = vault.verify()?;
    ctx.ui.json(&report)?;
    let w = 10;
    let check = |ok: bool| if ok { "ok" } else { "FAILED" };
    ctx.ui.field("vault", w, vault.path().display().to_string());
    ctx.ui.field(
        "database",
        w,
        match report.engine.len() {
            0 => "ok (integrity and foreign-key checks)".to_string(),
            n => format!("FAILED ({n} problem(s))"),
        },
    );
    ctx.ui.field(
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
    ctx.ui.field(
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
    for problem in &report.engine {
        ctx.ui
            .warn(format!("database: {}", crate::ui::printable(problem)));
    }
    if report.mark != "intact" {
        ctx.ui.warn(
            "the vault's integrity mark does not match its key: the vault was changed outside connectors",
        );
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
    if let Some(n) = report.rows_signed_now {
        ctx.ui.warn(format!(
            "this vault's rows had never been signed, so {n} row(s) were signed now: expected once, on the first run after upgrading connectors; if this vault had been used with row MACs before, someone removed them: restore it from a backup"
        ));
    }
    if report.ok {
        ctx.ui.line("The vault passed every check.");
        Ok(())
    } else {
        Err(Error::problem(
            "verify_failed",
            "the vault failed verification (see above)",
        )
        .hint("restore the vault from a backup taken before the change, or remove the rows named above and set them up again")
        .reported_if(ctx.ui.is_json()))
    }
}
