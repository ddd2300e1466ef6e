//! Where a client secret comes from: standard input, an environment variable, a file, or
//! a hidden prompt. Never argv: `--client-secret VALUE` exists only to be refused with
//! the reason, without echoing the value.

use std::path::PathBuf;

use clap::Args;
use secrecy::SecretString;

use crate::error::{Error, Result};
use crate::ui::Ui;

#[derive(Debug, Args, Clone, Default)]
pub struct SecretArgs {
    /// Read the client secret from standard input (a trailing newline is removed)
    #[arg(long, conflicts_with_all = ["client_secret_env", "client_secret_file"])]
    pub client_secret_stdin: bool,
    /// Read the client secret from the environment variable VAR
    #[arg(long, value_name = "VAR", conflicts_with = "client_secret_file")]
    pub client_secret_env: Option<String>,
    /// Read the client secret from a file (a trailing newline is removed)
    #[arg(long, value_name = "PATH")]
    pub client_secret_file: Option<PathBuf>,
    /// Refused: a secret on the command line shows in `ps` and shell history
    #[arg(long, hide = true, value_name = "SECRET")]
    pub client_secret: Option<String>,
}

impl SecretArgs {
    pub fn given(&self) -> bool {
        self.client_secret_stdin
            || self.client_secret_env.is_some()
            || self.client_secret_file.is_some()
    }

    /// Reads the secret from the source given, if any. `--client-secret` is refused.
    pub fn read(&self, ui: &mut Ui) -> Result<Option<SecretString>> {
        if self.client_secret.is_some() {
            return Err(Error::with(crate::error::code::SECRET_IN_ARGV,
                "--client-secret is refused: a secret on the command line shows in `ps` and stays in your shell history",
            )
            .hint("use --client-secret-stdin, --client-secret-env VAR or --client-secret-file PATH, or leave it out to be asked with hidden input; consider rotating a secret you already typed"));
        }
        if self.client_secret_stdin {
            let bytes = crate::limits::read_stream(
                std::io::stdin(),
                crate::limits::SECRET,
                "from standard input",
            )?;
            let buf = String::from_utf8(bytes).map_err(|_| {
                Error::with(crate::error::code::SECRET_STDIN, "the client secret on standard input is not UTF-8 text")
                    .hint("pipe the secret in, for example: `pass show acme/secret | connectors add ... --client-secret-stdin`")
            })?;
            return Ok(Some(trim_newline(buf)));
        }
        if let Some(var) = &self.client_secret_env {
            crate::hygiene::secret_variable(var);
            let value = std::env::var(var).map_err(|_| {
                Error::with(
                    crate::error::code::SECRET_ENV,
                    format!("the environment variable {var} is not set (or is not valid UTF-8)"),
                )
                .hint(format!("export {var} first, or use --client-secret-stdin"))
            })?;
            return Ok(Some(trim_newline(value)));
        }
        if let Some(path) = &self.client_secret_file {
            let value = crate::limits::read_text(path, crate::limits::SECRET).map_err(|e| {
                if e.code == "input_unreadable" {
                    Error::with(crate::error::code::SECRET_FILE, e.message)
                        .hint("check the path, or use --client-secret-stdin")
                } else {
                    e
                }
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                if let Ok(meta) = std::fs::metadata(path)
                    && meta.permissions().mode() & 0o077 != 0
                {
                    ui.warn(format!(
                        "{} can be read by group or others; consider `chmod 600 {}`",
                        path.display(),
                        path.display()
                    ));
                }
            }
            return Ok(Some(trim_newline(value)));
        }
        Ok(None)
    }

    /// Reads the secret from the given source, or asks for it with hidden input.
    pub fn read_or_ask(&self, ui: &mut Ui) -> Result<SecretString> {
        match self.read(ui)? {
            Some(s) => Ok(s),
            None => ui.password(
                "Client secret",
                "--client-secret-stdin, --client-secret-env VAR or --client-secret-file PATH",
            ),
        }
    }
}

fn trim_newline(mut s: String) -> SecretString {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    SecretString::from(s)
}
