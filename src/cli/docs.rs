//! Shell completions and man pages, generated from the clap definitions: the one source.
//! `connectors generate-docs` rewrites `completions/` and `man/`; a test fails when the
//! committed files differ from what [`render`] produces.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use serde::Serialize;

use super::{Cli, Ctx, Ended, Outcome};
use crate::error::Error;
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct GenerateDocsArgs {
    /// The repository root to write completions/ and man/ under
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Only check that the files are up to date (exit 1 when they are not)
    #[arg(long)]
    pub check: bool,
}

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "connectors.bash"),
    (Shell::Zsh, "_connectors"),
    (Shell::Fish, "connectors.fish"),
    (Shell::Elvish, "connectors.elv"),
    (Shell::PowerShell, "_connectors.ps1"),
];

fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "connectors", &mut out);
    out
}

/// Every generated file as (path relative to the repository root, contents).
pub fn render() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = SHELLS
        .iter()
        .map(|(shell, name)| (Path::new("completions").join(name), completion(*shell)))
        .collect();
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    fn man_pages(cmd: &clap::Command, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            man_pages(sub, out);
        }
        let man = clap_mangen::Man::new(cmd.clone());
        let mut buf = Vec::new();
        man.render(&mut buf)
            .expect("rendering into memory cannot fail");
        out.push((Path::new("man").join(man.get_filename()), buf));
    }
    man_pages(&cmd, &mut files);
    files.sort();
    files
}

pub fn completions(args: CompletionsArgs, ctx: &mut Ctx) -> Outcome {
    let script = completion(args.shell);
    ctx.ui.show(&Completion {
        shell: args.shell.to_string(),
        script: String::from_utf8_lossy(&script),
    })?;
    Ok(())
}

/// A shell's completion script: printed as it is, or in a JSON document.
#[derive(Serialize)]
struct Completion<'a> {
    shell: String,
    script: std::borrow::Cow<'a, str>,
}

impl View for Completion<'_> {
    fn human(&self, ui: &Ui) {
        ui.document(&self.script);
    }
}

pub fn generate(args: GenerateDocsArgs, ctx: &mut Ctx) -> Outcome {
    let mut stale = Vec::new();
    for (rel, contents) in render() {
        let path = args.out_dir.join(&rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(contents.as_slice()) {
            continue;
        }
        stale.push(rel.display().to_string());
        if !args.check {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::with(
                        crate::error::code::WRITE_FAILED,
                        format!("cannot create {}: {e}", dir.display()),
                    )
                })?;
            }
            std::fs::write(&path, contents).map_err(|e| {
                Error::with(
                    crate::error::code::WRITE_FAILED,
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
        }
    }
    let view = Generated {
        changed: stale,
        check: args.check,
    };
    ctx.ui.show(&view)?;
    if view.is_stale() {
        return Err(Ended::from(
            Error::with(
                crate::error::code::DOCS_STALE,
                format!(
                    "these generated files are out of date: {}",
                    view.changed.join(", ")
                ),
            )
            .hint("run `cargo run -- generate-docs` and commit the result"),
        ));
    }
    Ok(())
}

/// The generated files that differed from what the definitions give: written, or (with
/// --check) only named.
#[derive(Serialize)]
struct Generated {
    changed: Vec<String>,
    check: bool,
}

impl Generated {
    /// Whether a check found files out of date (the error says which).
    fn is_stale(&self) -> bool {
        self.check && !self.changed.is_empty()
    }
}

impl View for Generated {
    fn human(&self, ui: &Ui) {
        if self.is_stale() {
            return;
        }
        if self.changed.is_empty() {
            ui.line("completions/ and man/ are up to date.");
        } else {
            ui.line(format!(
                "Wrote {} file(s): {}",
                self.changed.len(),
                self.changed.join(", ")
            ));
        }
    }
}
