//! Files that hold secrets or the vault: created with their final mode in one step
//! (0600, exclusive create, no symlink following), never chmod-ed afterwards, so that a
//! umask of 000 cannot matter; directories the tool creates are 0700.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Creates `dir` and its missing parents with mode 0700. Existing directories are left as
/// they are.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| {
        Error::with(
            crate::error::code::VAULT_DIR,
            format!("cannot create the directory {}: {e}", dir.display()),
        )
        .hint("choose another location with --vault PATH, or fix the permissions of its parent")
    })
}

/// Creates a new file with mode 0600; fails if anything (a file or a symlink) is there.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Writes `contents` to a new 0600 file, flushed to disk.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = create_private(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Reads a file that must not be readable by group or others (a key file, a secret file).
/// `what` names it in messages ("key file", "secret file").
/// The file itself must be the path's last component (a symlink there is refused, so
/// that nobody can point a key file elsewhere) and belong to the user running connectors.
/// Opened without blocking, so that a FIFO or device planted at the path cannot hold the
/// command up: anything but a regular file is refused before a byte is read.
pub fn read_private(path: &Path, what: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return Error::with(
                crate::error::code::KEY_FILE_SYMLINK,
                format!(
                    "the {what} {} is a symbolic link, so it is refused",
                    path.display()
                ),
            )
            .hint("point connectors at the file itself (--key-file or CONNECTORS_KEY_FILE)");
        }
        Error::with(
            crate::error::code::KEY_FILE_UNREADABLE,
            format!("cannot read the {what} {}: {e}", path.display()),
        )
        .hint("check the path, or choose another key source (see `connectors vault status`)")
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid cannot fail.
        let me = unsafe { libc::geteuid() };
        // Fails closed: a file whose owner cannot be read is not used.
        let owner = file.metadata().map(|m| m.uid()).unwrap_or(u32::MAX);
        if owner != me {
            return Err(Error::with(
                crate::error::code::KEY_FILE_OWNER,
                format!(
                    "the {what} {} belongs to another user (uid {owner}), so it is refused",
                    path.display()
                ),
            )
            .hint("use a key file that you own (chown it, or copy it to a new 0600 file)"));
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file
            .metadata()
            .map_err(|e| {
                Error::with(
                    crate::error::code::KEY_FILE_UNREADABLE,
                    format!("cannot read the {what} {}: {e}", path.display()),
                )
            })?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(Error::with(crate::error::code::KEY_FILE_PERMISSIONS,
                format!(
                    "the {what} {} is accessible by group or others (mode {:04o}), so it is refused",
                    path.display(),
                    mode & 0o7777
                ),
            )
            .hint(format!("run `chmod 600 {}`, then run the command again", path.display())));
        }
    }
    // A key is a line; an SSH private key a few KiB. Sized up front, so that no growing
    // buffer leaves an unwiped copy of the key behind.
    const LIMIT: u64 = 1024 * 1024;
    let unreadable = |e: std::io::Error| {
        Error::with(
            crate::error::code::KEY_FILE_UNREADABLE,
            format!("cannot read the {what} {}: {e}", path.display()),
        )
    };
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() || meta.len() > LIMIT {
        return Err(Error::with(
            crate::error::code::KEY_FILE_UNREADABLE,
            format!(
                "the {what} {} is not a regular file of at most {LIMIT} bytes, so it is not read",
                path.display()
            ),
        )
        .hint("give the path of the key file itself"));
    }
    let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(meta.len() as usize + 1));
    (&mut file)
        .take(LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(unreadable)?;
    Ok(buf)
}
