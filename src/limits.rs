//! Bounded input: every file the tool reads has a size limit suited to what it holds,
//! checked before reading (the file's size) and while reading (a file that grows, a
//! pipe), and secrets and configuration files must be regular files (a device such as
//! /dev/zero, or a FIFO, is refused before anything is read).

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// What is read, with its limit.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// For messages: "client secret file", "configuration file", ….
    pub what: &'static str,
    pub limit: u64,
    /// The flag or setting that changes the limit, if any.
    pub setting: Option<&'static str>,
    /// Whether only a regular file is accepted (not a device, FIFO or socket).
    pub regular_only: bool,
}

/// A client secret (or any secret read from a file or stdin): 64 KiB.
pub const SECRET: Kind = Kind {
    what: "secret",
    limit: 64 * 1024,
    setting: None,
    regular_only: true,
};
/// A scopes file: 1 MiB.
pub const SCOPES: Kind = Kind {
    what: "scopes file",
    limit: 1024 * 1024,
    setting: None,
    regular_only: true,
};
/// A provider definitions file: 4 MiB.
pub const PROVIDERS: Kind = Kind {
    what: "providers file",
    limit: 4 * 1024 * 1024,
    setting: None,
    regular_only: true,
};
/// A recipients file: 1 MiB (an authorized_keys file of many keys fits).
/// A body or field file of `connectors api`, up to its `--max-bytes`.
pub fn request_body(limit: u64) -> Kind {
    Kind {
        what: "request body file",
        limit,
        setting: Some("--max-bytes"),
        regular_only: false,
    }
}

pub const RECIPIENTS: Kind = Kind {
    what: "recipients file",
    limit: 1024 * 1024,
    setting: None,
    regular_only: true,
};
/// A vault archive: 4 GiB by default, `CONNECTORS_MAX_ARCHIVE_BYTES` to change.
pub fn archive() -> Kind {
    Kind {
        what: "archive",
        limit: std::env::var("CONNECTORS_MAX_ARCHIVE_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(4 * 1024 * 1024 * 1024),
        setting: Some("CONNECTORS_MAX_ARCHIVE_BYTES"),
        regular_only: true,
    }
}
/// A configuration file: 64 MiB by default, `CONNECTORS_MAX_CONFIG_BYTES` to change.
pub fn config() -> Kind {
    Kind {
        what: "configuration file",
        limit: std::env::var("CONNECTORS_MAX_CONFIG_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(64 * 1024 * 1024),
        setting: Some("CONNECTORS_MAX_CONFIG_BYTES"),
        regular_only: true,
    }
}

pub fn too_large(kind: Kind, name: &str) -> Error {
    let mut e = Error::with(
        crate::error::code::INPUT_TOO_LARGE,
        format!(
            "the {} {name} is larger than {} bytes, the limit for a {}",
            kind.what, kind.limit, kind.what
        ),
    );
    e = e.hint(match kind.setting {
        Some(s) => format!("check that it is the right file; {s} raises the limit"),
        None => "check that it is the right file".to_string(),
    });
    e
}

/// Reads a file within its kind's limit.
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        Error::with(
            crate::error::code::INPUT_UNREADABLE,
            format!("cannot read the {} {name}: {e}", kind.what),
        )
        .hint("check the path and its permissions")
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if kind.regular_only && !meta.is_file() {
        return Err(Error::with(crate::error::code::INPUT_NOT_A_FILE,
            format!(
                "the {} {name} is not a regular file (a device, a pipe or a directory), so it is not read",
                kind.what
            ),
        )
        .hint("give the path of an ordinary file"));
    }
    if meta.len() > kind.limit {
        return Err(too_large(kind, &name));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // Sized from the file up front (it was checked against the limit), so that reading a
    // large file does not double its buffer past what it holds.
    read_sized(file, kind, &name, meta.len() as usize + 1)
}

/// Reads a stream (stdin) within its kind's limit.
pub fn read_stream(r: impl Read, kind: Kind, name: &str) -> Result<Vec<u8>> {
    read_sized(r, kind, name, 0)
}

fn read_sized(r: impl Read, kind: Kind, name: &str, capacity: usize) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(capacity);
    r.take(kind.limit + 1).read_to_end(&mut buf).map_err(|e| {
        Error::with(
            crate::error::code::INPUT_UNREADABLE,
            format!("cannot read the {} {name}: {e}", kind.what),
        )
    })?;
    if buf.len() as u64 > kind.limit {
        return Err(too_large(kind, name));
    }
    Ok(buf)
}

/// The same as text.
pub fn read_text(path: &Path, kind: Kind) -> Result<String> {
    String::from_utf8(read(path, kind)?).map_err(|_| {
        Error::with(
            crate::error::code::INPUT_NOT_TEXT,
            format!("the {} {} is not UTF-8 text", kind.what, path.display()),
        )
        .hint("save it as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_fifos_are_refused_before_reading() {
        let e = read(Path::new("/dev/zero"), SECRET).unwrap_err();
        assert_eq!(e.code, "input_not_a_file");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.display().to_string()).unwrap();
        // SAFETY: mkfifo only creates the named pipe.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(read(&fifo, SCOPES).unwrap_err().code, "input_not_a_file");
    }

    #[test]
    fn a_file_over_its_limit_is_refused_with_the_limit_named() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 64 * 1024 + 1]).unwrap();
        let e = read(&big, SECRET).unwrap_err();
        assert_eq!(e.code, "input_too_large");
        assert!(e.message.contains("65536"), "{}", e.message);
        std::fs::write(&big, vec![b'x'; 64 * 1024]).unwrap();
        assert_eq!(read(&big, SECRET).unwrap().len(), 64 * 1024);
        // A stream (stdin) is cut at the limit, not read to its end.
        let endless = std::io::repeat(b'x');
        assert_eq!(
            read_stream(endless, SECRET, "stdin").unwrap_err().code,
            "input_too_large"
        );
    }
}
