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
    let mut file = open_no_follow(path, what)?;
    #[cfg(unix)]
    {
        check_owner(&file, path, what)?;
        check_mode(&file, path, what)?;
    }
    read_bounded(&mut file, path, what)
}

/// The "cannot read the key file" error, for a read that failed with `e`.
fn unreadable(path: &Path, what: &str, e: &std::io::Error) -> Error {
    Error::with(
        crate::error::code::KEY_FILE_UNREADABLE,
        format!("cannot read the {what} {}: {e}", path.display()),
    )
}

/// Opens `path` for reading without following a symlink at its last component.
fn open_no_follow(path: &Path, what: &str) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path).map_err(|e| {
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
        unreadable(path, what, &e)
            .hint("check the path, or choose another key source (see `connectors vault status`)")
    })
}

/// Refuses a file that does not belong to the user running connectors.
#[cfg(unix)]
fn check_owner(file: &File, path: &Path, what: &str) -> Result<()> {
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
    Ok(())
}

/// Refuses a file that group or others can access.
#[cfg(unix)]
fn check_mode(file: &File, path: &Path, what: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| unreadable(path, what, &e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::with(
            crate::error::code::KEY_FILE_PERMISSIONS,
            format!(
                "the {what} {} is accessible by group or others (mode {:04o}), so it is refused",
                path.display(),
                mode & 0o7777
            ),
        )
        .hint(format!(
            "run `chmod 600 {}`, then run the command again",
            path.display()
        )));
    }
    Ok(())
}

/// Reads a regular file of at most a MiB into a buffer sized up front.
fn read_bounded(file: &mut File, path: &Path, what: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    // A key is a line; an SSH private key a few KiB. Sized up front, so that no growing
    // buffer leaves an unwiped copy of the key behind.
    const LIMIT: u64 = 1024 * 1024;
    let meta = file.metadata().map_err(|e| unreadable(path, what, &e))?;
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
    file.take(LIMIT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| unreadable(path, what, &e))?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn check_mode_refuses_group_or_other_access() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        write_private(&path, b"k").unwrap();
        let file = File::open(&path).unwrap();
        assert!(check_mode(&file, &path, "key file").is_ok());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let err = check_mode(&file, &path, "key file").unwrap_err();
        assert!(err.to_string().contains("(mode 0640)"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn open_no_follow_refuses_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        write_private(&path, b"k").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let err = open_no_follow(&link, "key file").unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert!(open_no_follow(&path, "key file").is_ok());
    }

    #[test]
    fn read_bounded_reads_a_small_file_and_refuses_a_large_one() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        write_private(&small, b"secret\n").unwrap();
        let read = read_bounded(&mut File::open(&small).unwrap(), &small, "key file").unwrap();
        assert_eq!(read.as_slice(), b"secret\n");
        let large = dir.path().join("large");
        write_private(&large, &vec![b'x'; 1024 * 1024 + 1]).unwrap();
        let err = read_bounded(&mut File::open(&large).unwrap(), &large, "key file").unwrap_err();
        assert!(err.to_string().contains("at most 1048576 bytes"), "{err}");
    }
}
