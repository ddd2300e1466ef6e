//! `connectors quickstart`: the whole product, end to end, in a fresh demo vault against
//! the local sandbox provider; nothing to register anywhere, nothing left running.
//!
//! Each step runs the real `connectors` command (this executable) and shows it, so the
//! demo is also a tour of the commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::Args;
use serde::Serialize;

use super::{Ctx, Outcome};
use crate::error::{Error, Result};
use crate::sandbox::{self, Failures, Like};
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct QuickstartArgs {
    /// Answer the sandbox's consent pages yourself in your browser
    #[arg(long)]
    pub interactive: bool,
    /// Where to create the demo vault (default: a new temporary directory)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// A command the demo ran, and how it ended.
#[derive(Serialize)]
struct Step {
    command: String,
    exit_code: Option<i32>,
}

struct Demo<'a> {
    exe: PathBuf,
    dir: &'a Path,
    ui: &'a crate::ui::Ui,
    steps: Vec<Step>,
    browser_for: Box<dyn Fn(&str) -> String + 'a>,
}

impl<'a> Demo<'a> {
    /// A demo in `dir`; its connects answer the sandbox's consent page through this
    /// executable, or, with --interactive, through the person's own $BROWSER.
    fn new(exe: PathBuf, dir: &'a Path, ui: &'a crate::ui::Ui, interactive: bool) -> Demo<'a> {
        let exe_for_browser = exe.clone();
        Demo {
            exe,
            dir,
            ui,
            steps: Vec::new(),
            browser_for: Box::new(move |user| {
                if interactive {
                    std::env::var("BROWSER").unwrap_or_default()
                } else {
                    format!("{} sandbox answer --user {user}", exe_for_browser.display())
                }
            }),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.exe);
        for (k, _) in std::env::vars() {
            if k.starts_with("CONNECTORS_") {
                cmd.env_remove(k);
            }
        }
        cmd.args(args)
            .env("CONNECTORS_VAULT", self.dir.join("vault.db"))
            .env("CONNECTORS_KEY_FILE", self.dir.join("vault.key"))
            .env("CONNECTORS_ACTOR", "quickstart")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs one step and shows it; `browser_user` sets $BROWSER to answer as that person.
    fn run(&mut self, args: &[&str], browser_user: Option<&str>) -> Result<()> {
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("\"{a}\"")
                } else {
                    a.to_string()
                }
            })
            .collect();
        let line = format!("$ connectors {}", shown.join(" "));
        let mut cmd = self.command(args);
        if let Some(u) = browser_user {
            cmd.env("BROWSER", (self.browser_for)(u));
        }
        if self.ui.is_json() {
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
        } else {
            self.ui.line(format!("\n{}", self.ui.bold(&line)));
        }
        let status = cmd.status().map_err(|e| {
            Error::with(
                crate::error::code::QUICKSTART,
                format!("cannot run {}: {e}", self.exe.display()),
            )
        })?;
        self.steps.push(Step {
            command: line.clone(),
            exit_code: status.code(),
        });
        if !status.success() {
            return Err(Error::with(
                crate::error::code::QUICKSTART,
                format!("the step `{line}` failed (exit {:?})", status.code()),
            )
            .hint(format!(
                "the demo vault is in {}; run the step again to see why",
                self.dir.display()
            )));
        }
        Ok(())
    }

    fn say(&self, text: &str) {
        self.ui.line(format!("\n== {text}"));
    }
}

pub fn run(args: QuickstartArgs, ctx: &mut Ctx) -> Outcome {
    let started = std::time::Instant::now();
    let exe = std::env::current_exe().map_err(|e| {
        Error::with(
            crate::error::code::QUICKSTART,
            format!("cannot find this executable: {e}"),
        )
    })?;
    let dir = demo_dir(args.dir)?;
    // The sandbox runs inside this process: it stops when the quickstart ends.
    let running = sandbox::serve(0, Like::Generic, Failures::default(), Vec::new())?;
    let info = write_sandbox_info(&dir, &running.info)?;
    let mut demo = Demo::new(exe, &dir, &ctx.ui, args.interactive);
    tour(&mut demo, &running.info.issuer, &info)?;
    drop(running);

    let elapsed = started.elapsed();
    ctx.ui.show(&DoneView {
        ok: true,
        dir: &dir,
        vault: dir.join("vault.db"),
        key_file: dir.join("vault.key"),
        seconds: elapsed.as_secs_f64(),
        steps: &demo.steps,
    })?;
    Ok(())
}

/// The directory of the demo vault (a new temporary one unless --dir), made private;
/// one that already holds a demo vault is refused.
fn demo_dir(dir: Option<PathBuf>) -> Result<PathBuf> {
    let dir = match dir {
        Some(d) => d,
        None => std::env::temp_dir().join(format!(
            "connectors-quickstart-{}",
            &crate::vault::random_id()[..8]
        )),
    };
    if dir.join("vault.db").exists() {
        return Err(Error::with(
            crate::error::code::QUICKSTART_EXISTS,
            format!("{} already holds a demo vault", dir.display()),
        )
        .hint("pass another --dir, or remove that one"));
    }
    crate::vault::files::ensure_private_dir(&dir)?;
    Ok(dir)
}

/// Writes the running sandbox's file (0600) into the demo directory; returns its path,
/// for `sandbox register --info-file`.
fn write_sandbox_info(dir: &Path, info: &sandbox::SandboxInfo) -> Result<String> {
    let info_file = dir.join("sandbox.json");
    crate::vault::files::write_private(
        &info_file,
        &serde_json::to_vec_pretty(info).unwrap_or_default(),
    )
    .map_err(|e| {
        Error::with(
            crate::error::code::QUICKSTART,
            format!("cannot write {}: {e}", info_file.display()),
        )
    })?;
    Ok(info_file.display().to_string())
}

/// The demo's nine steps, each a real command, from a fresh vault to doctor and a call
/// of the provider's API as Ada.
fn tour(demo: &mut Demo, issuer: &str, info: &str) -> Result<()> {
    let name = "Demo Calendar";
    demo.say(&format!(
        "1. A fresh vault in {}, its key in a new 0600 key file",
        demo.dir.display()
    ));
    demo.run(&["vault", "init", "--key", "key-file"], None)?;
    demo.say(&format!(
        "2. A local sandbox provider is running at {issuer} (like a real OAuth provider, on 127.0.0.1)"
    ));
    demo.run(&["app", "add", "demo"], None)?;
    demo.say("3. A per-user connector on the sandbox, for every app of the workspace");
    demo.run(
        &["sandbox", "register", "--info-file", info, "--name", name],
        None,
    )?;
    demo.say("4. Two people connect their own accounts through the real loopback flow (PKCE, state, 127.0.0.1 listener)");
    demo.run(
        &["connect", name, "--app", "demo", "--user", "ada"],
        Some("ada@example.test"),
    )?;
    demo.run(
        &["connect", name, "--app", "demo", "--user", "grace"],
        Some("grace@example.test"),
    )?;
    demo.run(&["connections"], None)?;
    demo.say("5. An app's back end asks for Ada's access token");
    demo.run(&["token", name, "--app", "demo", "--user", "ada"], None)?;
    demo.say("6. The admin changes the connector's scopes: both people must reconnect");
    demo.run(&["edit", name, "--add-scope", "calendar.write"], None)?;
    demo.run(&["connections"], None)?;
    demo.say("7. Ada reconnects; Grace disconnects (revoked at the provider, tokens deleted)");
    demo.run(
        &["connect", name, "--app", "demo", "--user", "ada"],
        Some("ada@example.test"),
    )?;
    demo.run(
        &["disconnect", name, "--app", "demo", "--user", "grace"],
        None,
    )?;
    demo.run(&["connections"], None)?;
    demo.say("8. doctor checks redirect URIs, credentials, scopes, testing mode and connections, with live probes");
    demo.run(&["doctor"], None)?;
    demo.say("9. The app's back end calls the provider's API as Ada (the token refreshed if needed, never shown)");
    demo.run(&["api", name, "--app", "demo", "--user", "ada"], None)
}

/// The finished demo: where its vault is, how long it took, and the commands it ran.
#[derive(Serialize)]
struct DoneView<'a> {
    ok: bool,
    dir: &'a Path,
    vault: PathBuf,
    key_file: PathBuf,
    seconds: f64,
    steps: &'a [Step],
}

impl View for DoneView<'_> {
    fn human(&self, ui: &Ui) {
        ui.line(format!(
            "\n== Done in {:.1}s. The demo vault is {} (key: {}); the sandbox has stopped.",
            self.seconds,
            self.vault.display(),
            self.key_file.display()
        ));
        ui.line(format!(
            "   Look around: CONNECTORS_VAULT={} CONNECTORS_KEY_FILE={} connectors audit",
            self.vault.display(),
            self.key_file.display()
        ));
        for line in [
            "\n== The same against a real provider (Google here):",
            "   connectors vault init",
            "   connectors app add crm",
            "   connectors redirect-uris --app crm --connector \"...\"   # the exact URIs to register",
            "   connectors providers show google                      # where: the developer console",
            "   connectors add google --name \"Google Calendar\" --client-id ID --client-secret-stdin --scope openid --scope email",
            "   connectors doctor                                     # checks it all, live",
            "   connectors connect \"Google Calendar\" --app crm --user 42 --port 8765",
        ] {
            ui.line(line);
        }
    }
}
