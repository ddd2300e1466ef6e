//! Asking the person: the library never prompts and never prints. Where it needs a
//! passphrase or has something the person must know, it calls the [`Person`] its caller
//! gave it: the command line's terminal, a test's script, or nobody (an MCP server, a
//! script without a terminal), as age's `Callbacks` do.

use std::sync::Arc;

use secrecy::SecretString;

use crate::error::Result;

/// Whoever runs the command.
pub trait Person: Send + Sync {
    /// A secret typed without echo; with `confirm`, typed twice.
    fn passphrase(&self, prompt: &str, confirm: bool) -> Result<SecretString>;
    /// Something the person should know now (a warning); never a secret.
    fn notice(&self, text: &str);
}

/// A shared handle on the person (the vault's workers and age's callbacks keep one).
pub type PersonRef = Arc<dyn Person>;
