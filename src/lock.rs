//! Cross-process locks, one per connection, so that only one process redeems a refresh
//! token at a time. Advisory file locks (flock on Unix) in a 0700 directory beside the
//! vault; the lock is released when the guard drops, or when the process dies.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

pub struct Guard {
    _file: File,
}

fn lock_dir(vault_path: &Path) -> PathBuf {
    let name = vault_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    vault_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.locks"))
}

/// Takes the lock named `name` for the vault at `vault_path`, waiting up to `timeout`.
pub fn acquire(vault_path: &Path, name: &str, timeout: Duration) -> Result<Guard> {
    let dir = lock_dir(vault_path);
    crate::vault::files::ensure_private_dir(&dir)?;
    let path = dir.join(format!("{name}.lock"));
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(&path).map_err(|e| {
        Error::vault(
            "lock_failed",
            format!("cannot open the lock file {}: {e}", path.display()),
        )
        .hint("check the permissions of the vault's directory")
    })?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Guard { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::problem(
                    "lock_timeout",
                    format!(
                        "another connectors process held {name} for over {}s",
                        timeout.as_secs()
                    ),
                )
                .hint(
                    "wait for it to finish (a refresh waiting on a slow provider), then try again",
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::vault(
                    "lock_failed",
                    format!("cannot lock {}: {e}", path.display()),
                ));
            }
        }
    }
}
