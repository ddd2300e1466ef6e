//! Process hygiene: what a child process may inherit, and what this process leaves behind.
//!
//! - Children (`$BROWSER`, the system opener) get an environment without the variables that
//!   carry secrets: the vault key, the passphrase, and every variable this process read a
//!   secret from (`--client-secret-env VAR`, `{"env": "VAR"}` in a configuration file). A
//!   browser keeps its environment for its whole life, readable in /proc and by crash
//!   reporters.
//! - Once a process holds the vault key it writes no core dump and, on Linux, is not
//!   dumpable (no ptrace by other processes of the user, no /proc/PID/mem).

use std::process::Command;
use std::sync::Mutex;

/// Variables that always carry secrets: the vault key and passphrase (`vault::keys`
/// names them too; a test there checks both lists agree) and libpq's password.
pub const SECRET_VARIABLES: &[&str] = &[
    "CONNECTORS_VAULT_KEY",
    "CONNECTORS_PASSPHRASE",
    "PGPASSWORD",
];

static READ_SECRETS_FROM: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers that a secret was read from the variable `name`, so that no child inherits it.
pub fn secret_variable(name: &str) {
    let mut v = READ_SECRETS_FROM.lock().unwrap_or_else(|e| e.into_inner());
    if !v.iter().any(|n| n == name) {
        v.push(name.to_string());
    }
}

/// The variables a child must not inherit.
pub fn withheld_variables() -> Vec<String> {
    let mut out: Vec<String> = SECRET_VARIABLES.iter().map(|s| s.to_string()).collect();
    out.extend(
        READ_SECRETS_FROM
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned(),
    );
    // A vault URL may carry a database password whether or not it named the vault of this
    // run (`--vault` overrides it without reading it).
    if std::env::var_os(VAULT_VARIABLE).is_some_and(|v| v.to_string_lossy().contains("://"))
        && !out.iter().any(|n| n == VAULT_VARIABLE)
    {
        out.push(VAULT_VARIABLE.to_string());
    }
    out
}

/// The variable that names the vault (`store::location::ENV_VAULT`).
const VAULT_VARIABLE: &str = "CONNECTORS_VAULT";

/// A command for a child process, with the secret-carrying variables removed from its
/// environment.
pub fn child(program: &str) -> Command {
    let mut cmd = Command::new(program);
    for name in withheld_variables() {
        cmd.env_remove(name);
    }
    cmd
}

/// Called once the vault key is in memory: no core dump, and not dumpable on Linux.
pub fn protect_key_holder() {
    #[cfg(unix)]
    {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit only reads the struct given; failure leaves the limit as it was.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &zero);
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument and changes only this process.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_do_not_inherit_secret_variables() {
        secret_variable("MY_CLIENT_SECRET");
        let cmd = child("true");
        let removed: Vec<String> = cmd
            .get_envs()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect();
        for name in [
            "CONNECTORS_VAULT_KEY",
            "CONNECTORS_PASSPHRASE",
            "MY_CLIENT_SECRET",
        ] {
            assert!(removed.iter().any(|r| r == name), "{name}: {removed:?}");
        }
    }
}
