//! The SQLite engine: one file (WAL, foreign keys, busy timeout, numbered migrations),
//! every query of [`super::Read`] and [`super::Write`], and the per-connection locks as
//! advisory file locks beside the file. Everything SQLite-only lives here and nowhere
//! else: `COLLATE NOCASE` columns, the newline-joined lists, the counter triggers,
//! `last_insert_rowid`, `user_version`.
//!
//! Opening never creates a file; [`create`] does, with mode 0600 in a 0700 directory,
//! linked into place only once it is complete. Every write runs in a `BEGIN IMMEDIATE`
//! transaction so that concurrent writers wait for the lock instead of failing with
//! `SQLITE_BUSY` (a deferred transaction that reads and then writes fails at once).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{
    Connection as Db, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

use super::rows::{
    self, APP, CONNECTION, CONNECTOR, PENDING, PROVIDER, WORKSPACE, join, lines, mode, params_text,
};
use super::{
    AppFields, AppId, ConnectionFilter, ConnectionHealth, ConnectionId, ConnectionRecord,
    ConnectorFields, ConnectorId, Counts, Dated, GrantFields, LockGuard, LockName, NewEntry,
    NewPending, NewRow, PendingId, Read, SecretColumn, SignedRow, StatusCount, StoredProvider,
    StoredStatus, WorkspaceId, Write,
};
use crate::error::{Error, Result, corrupt_vault};
use crate::files;
use crate::model::{
    Action, App, Connection, Connector, Entry, PendingAuthorization, Summary, Workspace,
};

const BUSY_TIMEOUT_MS: u64 = 10_000;

/// Migration N brings `user_version` from N-1 to N; each runs in the same write
/// transaction as the version bump, so a vault is always at exactly one version. Never
/// edit a released migration: add one.
pub const MIGRATIONS: &[&str] = &[
    // 1: workspaces, apps, connectors, connections, key metadata.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE workspaces (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        platform_domain TEXT NOT NULL DEFAULT 'base44.app',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE TABLE apps (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name          TEXT NOT NULL COLLATE NOCASE,
        custom_domain TEXT,
        preview       INTEGER NOT NULL DEFAULT 1,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (workspace_id, name)
    );
    -- client_secret is age ciphertext bound to (connectors, id, client_secret).
    -- scopes and redirect_uris hold one value per line, in the admin's order.
    CREATE TABLE connectors (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name          TEXT NOT NULL COLLATE NOCASE,
        provider      TEXT NOT NULL,
        client_id     TEXT NOT NULL,
        client_secret BLOB,
        scopes        TEXT NOT NULL DEFAULT '',
        mode          TEXT NOT NULL CHECK (mode IN ('per-user', 'shared')),
        redirect_uris TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (workspace_id, name)
    );
    -- One row per connector x app x app user; app_user is '' for a shared connection.
    -- access_token and refresh_token are age ciphertext bound to their row and column.
    CREATE TABLE connections (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        connector_id   INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
        app_id         INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        app_user       TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL
                       CHECK (status IN ('active', 'expired', 'needs_reconnect', 'revoked')),
        status_reason  TEXT,
        access_token   BLOB,
        refresh_token  BLOB,
        token_type     TEXT,
        expires_at     TEXT,
        granted_scopes TEXT NOT NULL DEFAULT '',
        account        TEXT,
        last_error     TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        refreshed_at   TEXT,
        UNIQUE (connector_id, app_id, app_user)
    );
    "#,
    // 2: the audit log, provider definitions kept in the vault, ID tokens and
    // refresh-token expiry on connections, and the index that lists an app's connections.
    r#"
    CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        workspace   TEXT,
        action      TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        target      TEXT NOT NULL,
        details     TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE providers (
        name       TEXT PRIMARY KEY COLLATE NOCASE,
        definition TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    ALTER TABLE connections ADD COLUMN id_token BLOB;
    ALTER TABLE connections ADD COLUMN refresh_expires_at TEXT;
        CREATE INDEX connections_by_app ON connections(app_id);
    "#,
    // 3: per-connector connection counters kept by triggers, so that listing 1,000
    // connectors over 100,000 connections reads 1,000 rows instead of counting.
    r#"
    ALTER TABLE connectors ADD COLUMN connections_total INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE connectors ADD COLUMN connections_needing_reconnect INTEGER NOT NULL DEFAULT 0;
    UPDATE connectors SET
        connections_total = (SELECT count(*) FROM connections WHERE connector_id = connectors.id),
        connections_needing_reconnect = (SELECT count(*) FROM connections
                                         WHERE connector_id = connectors.id AND status = 'needs_reconnect');
    CREATE TRIGGER connections_count_insert AFTER INSERT ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total + 1,
            connections_needing_reconnect = connections_needing_reconnect + (NEW.status = 'needs_reconnect')
        WHERE id = NEW.connector_id;
    END;
    CREATE TRIGGER connections_count_delete AFTER DELETE ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total - 1,
            connections_needing_reconnect = connections_needing_reconnect - (OLD.status = 'needs_reconnect')
        WHERE id = OLD.connector_id;
    END;
    CREATE TRIGGER connections_count_update AFTER UPDATE OF status, connector_id ON connections BEGIN
        UPDATE connectors SET
            connections_total = connections_total - 1,
            connections_needing_reconnect = connections_needing_reconnect - (OLD.status = 'needs_reconnect')
        WHERE id = OLD.connector_id;
        UPDATE connectors SET
            connections_total = connections_total + 1,
            connections_needing_reconnect = connections_needing_reconnect + (NEW.status = 'needs_reconnect')
                WHERE id = NEW.connector_id;
    END;
    "#,
    // 4: the apps a connector is used by (one per line; empty means every app of the
    // workspace), so that large workspaces check and register only the redirect URIs
    // of the apps that use each connector.
    r#"
        ALTER TABLE connectors ADD COLUMN apps TEXT NOT NULL DEFAULT '';
    "#,
    // 5: a keyed MAC of each client secret (HMAC-SHA-256 under a key derived from the
    // vault's identity), so that `plan` can tell a changed secret from an unchanged one
    // without decrypting every stored secret. Without the vault key it reveals nothing.
    r#"
    ALTER TABLE connectors ADD COLUMN client_secret_mac BLOB;
    "#,
    // 6: the grant version of each connection: it moves on with every consent and
    // refresh, so that a refresh stores its result only if the connection still holds
    // the grant it started from (a reconnect, a disconnect or a removal meanwhile wins).
    r#"
    ALTER TABLE connections ADD COLUMN grant_version INTEGER NOT NULL DEFAULT 0;
    "#,
    // 7: a connector's endpoint parameters (Microsoft's tenant, Salesforce's login host),
    // as a JSON object of strings.
    r#"
    ALTER TABLE connectors ADD COLUMN endpoint_params TEXT NOT NULL DEFAULT '{}';
    "#,
    // 8: a MAC on every row that decides where a secret goes or what a token is (see
    // `vault::integrity`). Rows of an older vault are signed on its first open with the
    // key (the pending note says so); until then they have none.
    r#"
    ALTER TABLE workspaces ADD COLUMN row_mac BLOB;
    ALTER TABLE apps ADD COLUMN row_mac BLOB;
    ALTER TABLE providers ADD COLUMN row_mac BLOB;
    ALTER TABLE connectors ADD COLUMN row_mac BLOB;
    ALTER TABLE connections ADD COLUMN row_mac BLOB;
    INSERT INTO meta (key, value) VALUES ('row_macs_pending', 'signed on the next use with the key');
    "#,
    // 9: which way a change came in (`cli`, `apply`, `import`, `copy`, `mcp`), beside its
    // audit entry; older entries have none.
    r#"
    ALTER TABLE audit ADD COLUMN via TEXT;
    "#,
    // 10: when a refresh of the connection was started and its result is not stored yet:
    // written before the refresh token is spent, cleared when the result is stored, so
    // that a result lost to a crash, a full disk or a database that went away shows.
    r#"
    ALTER TABLE connections ADD COLUMN refresh_started_at TEXT;
    "#,
    // 11: pending authorizations, started by `connect-url` or `connect` and finished by
    // one callback: the state's SHA-256 (never the state), the redirect URI it was sent
    // with, the sealed PKCE verifier and nonce, its expiry, and when a callback used it.
    r#"
    CREATE TABLE pending_authorizations (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
        app_id       INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        app_user     TEXT NOT NULL DEFAULT '',
        redirect_uri TEXT NOT NULL,
        state_hash   TEXT NOT NULL UNIQUE,
        scopes       TEXT NOT NULL DEFAULT '',
        origin       TEXT NOT NULL,
        secrets      BLOB,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        used_at      TEXT,
        row_mac      BLOB
    );
    CREATE INDEX pending_authorizations_expiry ON pending_authorizations (expires_at);
    CREATE INDEX pending_authorizations_app ON pending_authorizations (app_id, connector_id);
    "#,
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        classify(&e).caused_by(e)
    }
}

/// What an SQLite error means for a person.
fn classify(e: &rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::with(
            crate::error::code::VAULT_BUSY,
            "the vault is busy: another connectors process held its write lock for too long",
        )
        .hint("wait for the other process to finish, then run the command again"),
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => corrupt_vault(),
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => Error::with(
            crate::error::code::VAULT_UNWRITABLE,
            format!("the vault file cannot be opened for writing: {e}"),
        )
        .hint("check the permissions of the vault file and its directory"),
        Some(ErrorCode::DiskFull) => Error::with(
            crate::error::code::DISK_FULL,
            "the disk is full; nothing was written",
        )
        .hint("free some space and run the command again"),
        _ => Error::with(
            crate::error::code::VAULT_IO,
            format!("the vault could not be read or written: {e}"),
        )
        .hint("run `connectors vault status` to check the vault"),
    }
}

macro_rules! sql_id {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(v).map(Self)
            }
        }
    )*};
}
sql_id!(WorkspaceId, AppId, ConnectorId, ConnectionId, PendingId);

/// What SQLite needs free beside a vault to open it at all: its write-ahead log index
/// (32 KiB) and the log's first frames, with room to spare.
const ROOM_TO_OPEN: u64 = 1 << 20;

/// The bytes free for this user on the disk that holds `path`'s directory.
fn free_bytes(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a valid C string and `s` a writable statvfs.
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        #[allow(clippy::useless_conversion)] // the field types differ between targets
        Some(u64::from(s.f_bavail).saturating_mul(u64::from(s.f_frsize)))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// An I/O failure on opening a vault whose disk is full is named as such: SQLite says
/// only "disk I/O error" when its write-ahead log index cannot grow, for reads too.
fn full_disk(path: &Path, e: Error) -> Error {
    if e.code != crate::error::code::VAULT_IO.name && e.code != crate::error::code::DISK_FULL.name {
        return e;
    }
    match free_bytes(path) {
        Some(free) if free < ROOM_TO_OPEN => Error::with(
            crate::error::code::DISK_FULL,
            format!(
                "the disk that holds the vault {} is full ({free} bytes free): SQLite needs about {} KiB free beside the vault to open it, even to read; nothing was changed",
                path.display(),
                ROOM_TO_OPEN / 1024
            ),
        )
        .hint(format!(
            "free at least {} KiB on that disk (`df {}`), then run the command again",
            ROOM_TO_OPEN / 1024,
            path.parent().map_or_else(|| ".".into(), |p| p.display().to_string())
        )),
        _ => e,
    }
}

fn configure(conn: &Db) -> Result<()> {
    conn.busy_timeout(Duration::from_millis(BUSY_TIMEOUT_MS))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Deleted and overwritten content (old ciphertexts) is zeroed, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

pub fn version(conn: &Db) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema to `target` (normally [`LATEST`]) under the write lock.
pub fn migrate_to(conn: &mut Db, target: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(super::newer_schema(current, LATEST));
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

/// An open SQLite vault.
pub struct Sqlite {
    conn: Db,
    /// The file's real path (every symlink resolved): what the locks are kept beside, so
    /// that every spelling of the path shares them.
    real: PathBuf,
    /// Why the vault was opened for reading only (its disk is full), which every write
    /// then answers; `None` when it was opened normally.
    reading_only: Option<Box<Error>>,
}

/// Opens a vault whose disk is full for reading only, where SQLite allows it: when its
/// write-ahead log is absent or empty (every commit is in the main file, as after the last
/// connection closed), the file is opened `immutable`, which needs no `-shm` index (that
/// SQLite could not create) and no lock. A log with frames in it is not read that way (the
/// main file alone would be out of date): `None` then, as when anything else fails.
fn open_reading_only(path: &Path) -> Option<Db> {
    // Beside the real file, where SQLite keeps its log (it follows a symlinked vault).
    let real = std::fs::canonicalize(path).ok()?;
    let mut wal = real.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return None;
    }
    let mut uri = url::Url::from_file_path(real).ok()?;
    uri.set_query(Some("immutable=1"));
    let conn = Db::open_with_flags(
        uri.as_str(),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.pragma_update(None, "foreign_keys", true).ok()?;
    (version(&conn).ok()? == LATEST).then_some(conn)
}

impl Sqlite {
    pub fn open(path: &Path, upgrade: super::Upgrade) -> Result<Sqlite> {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Error::with(crate::error::code::NO_VAULT, format!("there is no vault at {}", path.display()))
                .hint("create one with `connectors vault init`, or point at yours with --vault PATH (or CONNECTORS_VAULT)"));
        }
        let opened = Db::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(Error::from)
        .and_then(|conn| {
            configure(&conn)?;
            let v = version(&conn)?;
            Ok((conn, v))
        });
        let (mut conn, v) = match opened.map_err(|e| full_disk(path, e)) {
            Ok(opened) => opened,
            // A full disk still lets the vault be read, where SQLite allows.
            Err(e) if e.code == crate::error::code::DISK_FULL.name => {
                let conn = open_reading_only(path).ok_or_else(|| e.clone())?;
                let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                let free = free_bytes(path).unwrap_or(0);
                let why = Error::with(
                    crate::error::code::DISK_FULL,
                    format!(
                        "the disk that holds the vault {} is full ({free} bytes free): the vault could be opened to read only, and this command must write; nothing was changed",
                        path.display()
                    ),
                )
                .hint(e.hint.clone().unwrap_or_default());
                return Ok(Sqlite {
                    conn,
                    real,
                    reading_only: Some(Box::new(why)),
                });
            }
            Err(e) => return Err(e),
        };
        if v == 0 {
            return Err(corrupt_vault());
        }
        if v > LATEST {
            return Err(super::newer_schema(v, LATEST));
        }
        if v < LATEST {
            if upgrade == super::Upgrade::Refuse {
                return Err(super::older_schema(v, LATEST));
            }
            migrate_to(&mut conn, LATEST).map_err(|e| full_disk(path, e))?;
        }
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(Sqlite {
            conn,
            real,
            reading_only: None,
        })
    }

    pub fn read(&self) -> &dyn Read {
        &self.conn
    }

    pub fn describe(&self) -> String {
        format!("SQLite {}", rusqlite::version())
    }

    /// Reads in one deferred transaction: in WAL mode, a consistent snapshot that does not
    /// block writers.
    pub fn snapshot<T>(&self, f: impl FnOnce(&dyn Read) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let value = f(&*tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Why the vault is open for reading only (its disk was full when it was opened).
    pub fn reading_only(&self) -> Option<&Error> {
        self.reading_only.as_deref()
    }

    pub fn write<T>(&self, mut f: impl FnMut(&dyn Write) -> Result<T>) -> Result<T> {
        if let Some(why) = &self.reading_only {
            return Err(Error::clone(why));
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&*tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// An advisory file lock (flock), in a 0700 directory beside the vault's real file
    /// and under the vault's id.
    pub fn lock(
        &self,
        vault_id: &str,
        name: &LockName<'_>,
        exclusive: bool,
        timeout: Duration,
    ) -> Result<LockGuard> {
        let file_name = self
            .real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "vault".into());
        let dir = locks_dir(self.real.parent().unwrap_or(Path::new(".")), &file_name)?;
        let file = lock_file(
            &dir.join(format!("{vault_id}-{}.lock", name.key())),
            &name.describe(),
            exclusive,
            timeout,
        )?;
        Ok(LockGuard::new(file))
    }
}

/// The lock one `vault copy` to `path` holds for its whole run (beside the file, which
/// need not exist yet), so that a second copy never discards the first's work as
/// interrupted; freed when the copy ends or dies. Not waited for. While it is held, a
/// temporary file an earlier copy to `path` left behind (killed while building it) is
/// removed.
pub fn copy_lock(path: &Path) -> Result<super::LockGuard> {
    let (dir, name) = dir_and_name(path);
    files::ensure_private_dir(dir)?;
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let locks = locks_dir(&dir, &name)?;
    let file = lock_file(
        &locks.join("copy-target.lock"),
        "a copy into this file",
        true,
        Duration::ZERO,
    )
    .map_err(|e| {
        if e.code == "lock_timeout" {
            super::copy_in_progress(&super::Location::File(path.to_path_buf()))
        } else {
            e
        }
    })?;
    remove_with_side_files(&temp_path(&dir, &name, COPY_TAG))?;
    Ok(super::LockGuard::new(file))
}

/// The temporary file's tag of a `vault copy` (one copy per target at a time).
pub const COPY_TAG: &str = "copy";

/// The directory a vault file is in, and its file name.
fn dir_and_name(path: &Path) -> (&Path, String) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault.db".into());
    (dir, name)
}

/// The 0700 directory of a vault file's lock files, beside it in `dir`.
fn locks_dir(dir: &Path, name: &str) -> Result<PathBuf> {
    let locks = dir.join(format!(".{name}.locks"));
    files::ensure_private_dir(&locks)?;
    Ok(locks)
}

/// The temporary file a vault file is built in before it is linked into place.
fn temp_path(dir: &Path, name: &str, tag: &str) -> PathBuf {
    dir.join(format!(".{name}.init-{tag}"))
}

fn lock_file(path: &Path, what: &str, exclusive: bool, timeout: Duration) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| {
        Error::with(
            crate::error::code::LOCK_FAILED,
            format!("cannot open the lock file {}: {e}", path.display()),
        )
        .hint("check the permissions of the vault's directory")
    })?;
    let start = Instant::now();
    loop {
        let attempt = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match attempt {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(super::lock_timeout(what, timeout));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::with(
                    crate::error::code::LOCK_FAILED,
                    format!("cannot lock {}: {e}", path.display()),
                ));
            }
        }
    }
}

/// Creates a new vault file at `path`: built under a temporary name beside it (0600, in
/// a 0700 directory), migrated, filled by `fill` in one transaction, then linked into
/// place, so that `path` never names a half-made vault and an existing one is never
/// overwritten.
pub fn create(path: &Path, tag: &str, fill: impl FnOnce(&dyn Write) -> Result<()>) -> Result<()> {
    let (dir, name) = dir_and_name(path);
    files::ensure_private_dir(dir)?;
    let temp = temp_path(dir, &name, tag);
    files::create_private(&temp).map_err(|e| {
        Error::with(
            crate::error::code::VAULT_CREATE,
            format!("cannot create the vault file in {}: {e}", dir.display()),
        )
        .hint("choose another location with --vault PATH, or fix the directory's permissions")
    })?;
    let built = (|| -> Result<()> {
        let mut conn = Db::open(&temp)?;
        configure(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        migrate_to(&mut conn, LATEST)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        fill(&*tx)?;
        tx.commit()?;
        conn.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    let linked = built.and_then(|_| {
        std::fs::hard_link(&temp, path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::with(crate::error::code::VAULT_EXISTS, format!("a vault appeared at {} while this one was being created; it was left untouched", path.display()))
            } else {
                Error::with(crate::error::code::VAULT_CREATE, format!("cannot create {}: {e}", path.display()))
            }
        })
    });
    let _ = std::fs::remove_file(&temp);
    for suffix in ["-wal", "-shm"] {
        let mut side = temp.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    linked
}

/// Removes a vault file and its side files.
pub fn discard(path: &Path) -> Result<()> {
    remove_with_side_files(path)
}

fn remove_with_side_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(PathBuf::from(p)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::with(
                    crate::error::code::VAULT_UNWRITABLE,
                    format!("cannot remove {}: {e}", path.display()),
                ));
            }
        }
    }
    Ok(())
}

/// A row with its statement's column names, so that a column is found by name without
/// asking SQLite for every name of every row (what `Row::get(name)` does).
struct Named<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    names: &'r [String],
}

impl Named<'_, '_> {
    fn get<T: FromSql>(&self, column: &str) -> Result<T> {
        let i = self
            .names
            .iter()
            .position(|n| n == column)
            .ok_or_else(corrupt_vault)?;
        self.row.get(i).map_err(|_| corrupt_vault())
    }
}

impl rows::Columns for Named<'_, '_> {
    fn text(&self, column: &str) -> Result<String> {
        self.get(column)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        self.get(column)
    }
    fn int(&self, column: &str) -> Result<i64> {
        self.get(column)
    }
    fn flag(&self, column: &str) -> Result<bool> {
        self.get(column)
    }
    fn opt_bytes(&self, column: &str) -> Result<Option<Vec<u8>>> {
        self.get(column)
    }
}

/// The column names of a prepared statement.
fn names_of(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().map(String::from).collect()
}

/// Every row of a query, decoded by column name (see [`rows`]).
fn collect_named<T>(
    conn: &Db,
    sql: &str,
    p: impl rusqlite::Params,
    decode: impl Fn(&Named<'_, '_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names = names_of(&stmt);
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(&Named { row, names: &names })?);
    }
    Ok(out)
}

/// The first row of a query, if any, decoded by column name.
fn one_named<T>(
    conn: &Db,
    sql: &str,
    p: impl rusqlite::Params,
    decode: impl Fn(&Named<'_, '_>) -> Result<T>,
) -> Result<Option<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names = names_of(&stmt);
    let mut rows = stmt.query(p)?;
    match rows.next()? {
        Some(row) => decode(&Named { row, names: &names }).map(Some),
        None => Ok(None),
    }
}

fn collect<T>(
    conn: &Db,
    sql: &str,
    p: impl rusqlite::Params,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Read for Db {
    fn schema_version(&self) -> Result<i64> {
        version(self)
    }

    fn meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
                // Text or blob: both are the value's bytes.
                Ok(r.get_ref(0)?.as_bytes()?.to_vec())
            })
            .optional()?)
    }

    fn meta_all(&self) -> Result<Vec<(String, Vec<u8>)>> {
        collect(self, "SELECT key, value FROM meta", [], |r| {
            Ok((r.get(0)?, r.get_ref(1)?.as_bytes()?.to_vec()))
        })
    }

    fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<i64> { Ok(self.query_row(sql, [], |r| r.get(0))?) };
        Ok(Counts {
            workspaces: one("SELECT count(*) FROM workspaces")?,
            apps: one("SELECT count(*) FROM apps")?,
            connectors: one("SELECT count(*) FROM connectors")?,
            connections: one("SELECT count(*) FROM connections")?,
            connections_by_status: collect(
                self,
                "SELECT status, count(*) FROM connections GROUP BY status ORDER BY status",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?,
            audit_entries: one("SELECT count(*) FROM audit")?,
        })
    }

    fn workspace(&self, name: &str) -> Result<Option<Workspace>> {
        one_named(
            self,
            &format!("SELECT {WORKSPACE} FROM workspaces WHERE name = ?1"),
            params![name],
            |r| rows::workspace(r),
        )
    }

    fn workspace_by_id(&self, id: WorkspaceId) -> Result<Option<Workspace>> {
        one_named(
            self,
            &format!("SELECT {WORKSPACE} FROM workspaces WHERE id = ?1"),
            params![id],
            |r| rows::workspace(r),
        )
    }

    fn app_by_id(&self, id: AppId) -> Result<Option<App>> {
        one_named(
            self,
            &format!("SELECT {APP} FROM apps WHERE id = ?1"),
            params![id],
            |r| rows::app(r),
        )
    }

    fn workspaces(&self) -> Result<Vec<Workspace>> {
        collect_named(
            self,
            &format!("SELECT {WORKSPACE} FROM workspaces ORDER BY name"),
            [],
            |r| rows::workspace(r),
        )
    }

    fn app(&self, ws: WorkspaceId, name: &str) -> Result<Option<App>> {
        one_named(
            self,
            &format!("SELECT {APP} FROM apps WHERE workspace_id = ?1 AND name = ?2"),
            params![ws, name],
            |r| rows::app(r),
        )
    }

    fn apps(&self, ws: WorkspaceId) -> Result<Vec<App>> {
        collect_named(
            self,
            &format!("SELECT {APP} FROM apps WHERE workspace_id = ?1 ORDER BY name"),
            params![ws],
            |r| rows::app(r),
        )
    }

    fn connector(&self, ws: WorkspaceId, name: &str) -> Result<Option<Connector>> {
        one_named(
            self,
            &format!("SELECT {CONNECTOR} FROM connectors WHERE workspace_id = ?1 AND name = ?2"),
            params![ws, name.trim()],
            |r| rows::connector(r),
        )
    }

    fn connector_by_id(&self, id: ConnectorId) -> Result<Option<Connector>> {
        one_named(
            self,
            &format!("SELECT {CONNECTOR} FROM connectors WHERE id = ?1"),
            params![id],
            |r| rows::connector(r),
        )
    }

    fn connectors(&self, ws: WorkspaceId) -> Result<Vec<Connector>> {
        collect_named(
            self,
            &format!(
                "SELECT {CONNECTOR} FROM connectors WHERE workspace_id = ?1 ORDER BY name COLLATE NOCASE"
            ),
            params![ws],
            |r| rows::connector(r),
        )
    }

    fn connector_summaries(&self, ws: WorkspaceId, provider: Option<&str>) -> Result<Vec<Summary>> {
        collect(
            self,
            "SELECT name, provider, mode, client_id, scopes, redirect_uris, created_at, updated_at,
                    connections_total, connections_needing_reconnect, apps
             FROM connectors
             WHERE workspace_id = ?1 AND (?2 IS NULL OR provider = ?2 COLLATE NOCASE)
             ORDER BY name COLLATE NOCASE",
            params![ws, provider],
            |r| {
                Ok(Summary {
                    name: r.get(0)?,
                    provider: r.get(1)?,
                    mode: mode(&r.get::<_, String>(2)?),
                    client_id: r.get(3)?,
                    scopes: lines(&r.get::<_, String>(4)?),
                    redirect_uris: lines(&r.get::<_, String>(5)?),
                    created_at: r.get(6)?,
                    updated_at: r.get(7)?,
                    connections: r.get(8)?,
                    needs_reconnect: r.get(9)?,
                    apps: lines(&r.get::<_, String>(10)?),
                })
            },
        )
    }

    fn connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
    ) -> Result<Option<Connection>> {
        one_named(
            self,
            &format!(
                "{CONNECTION} WHERE x.connector_id = ?1 AND x.app_id = ?2 AND x.app_user = ?3"
            ),
            params![connector, app, user],
            |r| rows::connection(r),
        )
    }

    fn connection_by_id(&self, id: ConnectionId) -> Result<Option<Connection>> {
        one_named(
            self,
            &format!("{CONNECTION} WHERE x.id = ?1"),
            params![id],
            |r| rows::connection(r),
        )
    }

    fn connections(&self, ws: WorkspaceId, f: ConnectionFilter<'_>) -> Result<Vec<Connection>> {
        collect_named(
            self,
            &format!(
                "{CONNECTION} WHERE c.workspace_id = ?1 AND (?2 IS NULL OR x.connector_id = ?2)
                   AND (?3 IS NULL OR x.app_id = ?3) AND (?4 IS NULL OR x.app_user = ?4)
                 ORDER BY c.name COLLATE NOCASE, a.name, x.app_user"
            ),
            params![ws, f.connector, f.app, f.user],
            |r| rows::connection(r),
        )
    }

    fn connection_counts(
        &self,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
    ) -> Result<Vec<(String, i64)>> {
        // One plain equality per case, so that SQLite uses the index of that column.
        let (column, id) = match (connector, app) {
            (Some(c), _) => ("connector_id", c.0),
            (None, Some(a)) => ("app_id", a.0),
            (None, None) => return Ok(Vec::new()),
        };
        collect(
            self,
            &format!(
                "SELECT status, count(*) FROM connections WHERE {column} = ?1
                 GROUP BY status ORDER BY status"
            ),
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    fn account_in_use(
        &self,
        connector: ConnectorId,
        account: &str,
        except: ConnectionId,
    ) -> Result<bool> {
        Ok(self.query_row(
            "SELECT EXISTS (SELECT 1 FROM connections WHERE connector_id = ?1 AND account = ?2 AND id != ?3)",
            params![connector, account, except],
            |r| r.get(0),
        )?)
    }

    fn granted_scopes(&self, connector: ConnectorId) -> Result<Vec<(ConnectionId, Vec<String>)>> {
        collect(
            self,
            "SELECT id, granted_scopes FROM connections WHERE connector_id = ?1 AND status IN ('active', 'expired') ORDER BY id",
            params![connector],
            |r| Ok((r.get(0)?, lines(&r.get::<_, String>(1)?))),
        )
    }

    fn status_counts(&self, ws: WorkspaceId, now: &str) -> Result<Vec<StatusCount>> {
        collect(
            self,
            "SELECT x.connector_id,
                    CASE WHEN x.status = 'active' AND x.refresh_started_at IS NOT NULL THEN 'refreshing'
                         WHEN x.status = 'active' AND x.expires_at IS NOT NULL AND x.expires_at <= ?2 THEN 'expired' ELSE x.status END,
                    count(*), sum(x.refresh_token IS NULL AND x.expires_at IS NOT NULL AND x.expires_at <= ?2)
             FROM connections x JOIN connectors c ON c.id = x.connector_id WHERE c.workspace_id = ?1 GROUP BY 1, 2",
            params![ws, now],
            |r| {
                Ok(StatusCount {
                    connector: r.get(0)?,
                    status: r.get(1)?,
                    count: r.get(2)?,
                    expired_without_refresh: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                })
            },
        )
    }

    fn connection_health(&self, ws: WorkspaceId) -> Result<Vec<ConnectionHealth>> {
        collect(
            self,
            "SELECT x.connector_id, a.name, x.app_user, x.granted_scopes, x.last_error, x.status FROM connections x
             JOIN connectors c ON c.id = x.connector_id JOIN apps a ON a.id = x.app_id
             WHERE c.workspace_id = ?1 AND x.status != 'revoked' AND (x.last_error IS NOT NULL OR x.status IN ('active', 'expired'))",
            params![ws],
            |r| {
                Ok(ConnectionHealth {
                    connector: r.get(0)?,
                    app: r.get(1)?,
                    user: r.get(2)?,
                    granted_scopes: lines(&r.get::<_, String>(3)?),
                    last_error: r.get(4)?,
                    status: r.get(5)?,
                })
            },
        )
    }

    fn provider_definitions(&self) -> Result<Vec<StoredProvider>> {
        collect_named(
            self,
            &format!("SELECT {PROVIDER} FROM providers ORDER BY name"),
            [],
            |r| rows::provider(r),
        )
    }

    fn provider_definition(&self, name: &str) -> Result<Option<StoredProvider>> {
        one_named(
            self,
            &format!("SELECT {PROVIDER} FROM providers WHERE name = ?1"),
            params![name],
            |r| rows::provider(r),
        )
    }

    fn signed_rows(&self) -> Result<Vec<SignedRow>> {
        let mut rows: Vec<SignedRow> =
            collect(self, "SELECT id FROM workspaces ORDER BY id", [], |r| {
                Ok(SignedRow::Workspace(r.get(0)?))
            })?;
        rows.extend(collect(self, "SELECT id FROM apps ORDER BY id", [], |r| {
            Ok(SignedRow::App(r.get(0)?))
        })?);
        rows.extend(collect(
            self,
            "SELECT name FROM providers ORDER BY name",
            [],
            |r| Ok(SignedRow::Provider(r.get(0)?)),
        )?);
        rows.extend(collect(
            self,
            "SELECT id FROM connectors ORDER BY id",
            [],
            |r| Ok(SignedRow::Connector(r.get(0)?)),
        )?);
        rows.extend(collect(
            self,
            "SELECT id FROM connections ORDER BY id",
            [],
            |r| Ok(SignedRow::Connection(r.get(0)?)),
        )?);
        rows.extend(collect(
            self,
            "SELECT id FROM pending_authorizations ORDER BY id",
            [],
            |r| Ok(SignedRow::Pending(r.get(0)?)),
        )?);
        Ok(rows)
    }

    fn any_row_mac(&self) -> Result<bool> {
        Ok(self.query_row(
            "SELECT EXISTS (SELECT 1 FROM workspaces WHERE row_mac IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM apps WHERE row_mac IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM providers WHERE row_mac IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM connectors WHERE row_mac IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM connections WHERE row_mac IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM pending_authorizations WHERE row_mac IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    fn integrity_check(&self) -> Result<Vec<String>> {
        let mut found: Vec<String> = collect(self, "PRAGMA integrity_check", [], |r| {
            r.get::<_, String>(0)
        })?;
        found.retain(|l| l != "ok");
        found.extend(collect(self, "PRAGMA foreign_key_check", [], |r| {
            Ok(format!(
                "row {} of {} points at a missing row of {}",
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?
            ))
        })?);
        Ok(found)
    }

    fn audit(
        &self,
        workspace: Option<&str>,
        target: Option<&str>,
        action: Option<Action>,
        limit: u32,
    ) -> Result<Vec<Entry>> {
        collect(
            self,
            "SELECT id, at, actor, workspace, action, target_kind, target, details, via FROM audit
             WHERE (?1 IS NULL OR workspace = ?1 COLLATE NOCASE OR (workspace IS NULL AND ?3 IS NULL))
               AND (?2 IS NULL OR target = ?2 COLLATE NOCASE)
               AND (?3 IS NULL OR action = ?3)
             ORDER BY id DESC LIMIT ?4",
            params![workspace, target, action.map(Action::as_str), limit],
            |r| {
                let details: String = r.get("details")?;
                Ok(Entry {
                    id: r.get("id")?,
                    at: r.get("at")?,
                    actor: r.get("actor")?,
                    workspace: r.get("workspace")?,
                    action: r.get("action")?,
                    target_kind: r.get("target_kind")?,
                    target: r.get("target")?,
                    details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
                    via: r.get("via")?,
                })
            },
        )
    }

    fn pending_by_state(&self, state_hash: &str) -> Result<Option<PendingAuthorization>> {
        one_named(
            self,
            &format!("{PENDING} WHERE p.state_hash = ?1"),
            params![state_hash],
            |r| rows::pending(r),
        )
    }

    fn pending_by_id(&self, id: PendingId) -> Result<Option<PendingAuthorization>> {
        one_named(
            self,
            &format!("{PENDING} WHERE p.id = ?1"),
            params![id],
            |r| rows::pending(r),
        )
    }

    fn pending_waiting(
        &self,
        ws: WorkspaceId,
        connector: Option<ConnectorId>,
        app: Option<AppId>,
        now: &str,
    ) -> Result<Vec<PendingAuthorization>> {
        collect_named(
            self,
            &format!(
                "{PENDING} WHERE c.workspace_id = ?1 AND (?2 IS NULL OR p.connector_id = ?2)
                   AND (?3 IS NULL OR p.app_id = ?3) AND p.used_at IS NULL AND p.expires_at > ?4
                 ORDER BY p.id"
            ),
            params![ws, connector, app, now],
            |r| rows::pending(r),
        )
    }

    fn sealed_values(&self, column: SecretColumn) -> Result<Vec<(i64, Vec<u8>)>> {
        // Table and column names come from the closed SecretColumn set, never from input.
        let (t, c) = (column.table(), column.column());
        collect(
            self,
            &format!("SELECT id, {c} FROM {t} WHERE {c} IS NOT NULL ORDER BY id"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }
}

impl Write for Db {
    fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn delete_meta(&self, key: &str) -> Result<()> {
        self.execute("DELETE FROM meta WHERE key = ?1", params![key])?;
        Ok(())
    }

    fn insert_workspace(&self, name: &str, domain: &str, now: &str) -> Result<WorkspaceId> {
        Ok(self.query_row(
            "INSERT INTO workspaces (name, platform_domain, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) RETURNING id",
            params![name, domain, now],
            |r| r.get(0),
        )?)
    }

    fn set_platform_domain(&self, ws: WorkspaceId, domain: &str, now: &str) -> Result<()> {
        self.execute(
            "UPDATE workspaces SET platform_domain = ?1, updated_at = ?2 WHERE id = ?3",
            params![domain, now, ws],
        )?;
        Ok(())
    }

    fn insert_app(&self, ws: WorkspaceId, app: &AppFields<'_>, now: &str) -> Result<AppId> {
        Ok(self.query_row(
            "INSERT INTO apps (workspace_id, name, custom_domain, preview, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
            params![ws, app.name, app.custom_domain, app.preview, now],
            |r| r.get(0),
        )?)
    }

    fn update_app(&self, id: AppId, app: &AppFields<'_>, now: &str) -> Result<()> {
        self.execute(
            "UPDATE apps SET name = ?1, custom_domain = ?2, preview = ?3, updated_at = ?4 WHERE id = ?5",
            params![app.name, app.custom_domain, app.preview, now, id],
        )?;
        Ok(())
    }

    fn delete_app(&self, id: AppId) -> Result<()> {
        self.execute("DELETE FROM apps WHERE id = ?1", params![id])?;
        Ok(())
    }

    fn insert_connector(
        &self,
        ws: WorkspaceId,
        c: &ConnectorFields<'_>,
        now: &str,
    ) -> Result<ConnectorId> {
        Ok(self.query_row(
            "INSERT INTO connectors (workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps, created_at, updated_at, endpoint_params)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10) RETURNING id",
            params![ws, c.name, c.provider, c.client_id, join(c.scopes), c.mode.as_str(), join(c.redirect_uris), join(c.apps), now, params_text(c.params)],
            |r| r.get(0),
        )?)
    }

    /// Past both the highest id ever given (AUTOINCREMENT's `sqlite_sequence`) and the
    /// highest there is; the write lock keeps them ours until commit.
    fn reserve_connector_ids(&self, n: usize) -> Result<Vec<ConnectorId>> {
        let last: i64 = self.query_row(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'connectors'), 0),
                        coalesce((SELECT max(id) FROM connectors), 0))",
            [],
            |r| r.get(0),
        )?;
        Ok((1..=n as i64).map(|i| ConnectorId(last + i)).collect())
    }

    fn insert_connectors(&self, ws: WorkspaceId, rows: &[NewRow<'_>], now: &str) -> Result<()> {
        let mut stmt = self.prepare_cached(
            "INSERT INTO connectors (id, workspace_id, name, provider, client_id, scopes, mode, redirect_uris, apps, created_at, updated_at, endpoint_params, client_secret, client_secret_mac)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13)",
        )?;
        for r in rows {
            let c = &r.fields;
            stmt.execute(params![
                r.id,
                ws,
                c.name,
                c.provider,
                c.client_id,
                join(c.scopes),
                c.mode.as_str(),
                join(c.redirect_uris),
                join(c.apps),
                now,
                params_text(c.params),
                r.secret,
                r.secret_mac
            ])?;
        }
        Ok(())
    }

    fn update_connector(&self, id: ConnectorId, c: &ConnectorFields<'_>, now: &str) -> Result<()> {
        self.execute(
            "UPDATE connectors SET name = ?1, provider = ?2, client_id = ?3, scopes = ?4, mode = ?5, redirect_uris = ?6,
                    apps = ?7, updated_at = ?8, endpoint_params = ?10
             WHERE id = ?9",
            params![c.name, c.provider, c.client_id, join(c.scopes), c.mode.as_str(), join(c.redirect_uris), join(c.apps), now, id, params_text(c.params)],
        )?;
        Ok(())
    }

    fn set_client_secret(&self, id: ConnectorId, sealed: &[u8], mac: &[u8]) -> Result<()> {
        self.execute(
            "UPDATE connectors SET client_secret = ?1, client_secret_mac = ?2 WHERE id = ?3",
            params![sealed, mac, id],
        )?;
        Ok(())
    }

    fn clear_client_secret(&self, id: ConnectorId) -> Result<()> {
        self.execute(
            "UPDATE connectors SET client_secret = NULL, client_secret_mac = NULL WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    fn delete_connector(&self, id: ConnectorId) -> Result<()> {
        self.execute("DELETE FROM connectors WHERE id = ?1", params![id])?;
        Ok(())
    }

    fn ensure_connection(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        now: &str,
    ) -> Result<ConnectionId> {
        self.execute(
            "INSERT INTO connections (connector_id, app_id, app_user, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'active', ?4, ?4)
             ON CONFLICT (connector_id, app_id, app_user) DO NOTHING",
            params![connector, app, user, now],
        )?;
        Ok(self.query_row(
            "SELECT id FROM connections WHERE connector_id = ?1 AND app_id = ?2 AND app_user = ?3",
            params![connector, app, user],
            |r| r.get(0),
        )?)
    }

    fn put_consent(&self, id: ConnectionId, g: &GrantFields<'_>) -> Result<()> {
        self.execute(
            "UPDATE connections SET status = 'active', status_reason = NULL, access_token = ?1, refresh_token = ?2, id_token = ?3,
                    token_type = ?4, expires_at = ?5, granted_scopes = ?6, account = ?7, last_error = NULL,
                    updated_at = ?8, refreshed_at = ?8, grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = ?9",
            params![g.access_token, g.refresh_token, g.id_token, g.token_type, g.expires_at,
                    join(g.granted_scopes.unwrap_or_default()), g.account, g.now, id],
        )?;
        Ok(())
    }

    fn put_refresh(
        &self,
        id: ConnectionId,
        expected: i64,
        g: &GrantFields<'_>,
        status: StoredStatus,
        reason: Option<&str>,
    ) -> Result<bool> {
        let n = self.execute(
            "UPDATE connections SET status = ?1, status_reason = ?2, access_token = ?3,
                    refresh_token = coalesce(?4, refresh_token), id_token = coalesce(?5, id_token),
                    token_type = coalesce(?6, token_type), expires_at = ?7,
                    granted_scopes = coalesce(?8, granted_scopes), last_error = NULL,
                    updated_at = ?9, refreshed_at = ?9, grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = ?10 AND grant_version = ?11",
            params![
                status.as_str(),
                reason,
                g.access_token,
                g.refresh_token,
                g.id_token,
                g.token_type,
                g.expires_at,
                g.granted_scopes.map(join),
                g.now,
                id,
                expected
            ],
        )?;
        Ok(n == 1)
    }

    fn set_status(
        &self,
        id: ConnectionId,
        expected: Option<i64>,
        status: StoredStatus,
        reason: Option<&str>,
        last_error: Option<&str>,
        now: &str,
    ) -> Result<bool> {
        let n = self.execute(
            "UPDATE connections SET status = ?1, status_reason = ?2,
                    last_error = coalesce(?3, last_error), updated_at = ?4, refresh_started_at = NULL
             WHERE id = ?5 AND (?6 IS NULL OR grant_version = ?6)",
            params![status.as_str(), reason, last_error, now, id, expected],
        )?;
        Ok(n == 1)
    }

    fn set_refresh_started(
        &self,
        id: ConnectionId,
        expected: i64,
        at: Option<&str>,
    ) -> Result<bool> {
        let n = self.execute(
            "UPDATE connections SET refresh_started_at = ?1 WHERE id = ?2 AND grant_version = ?3",
            params![at, id, expected],
        )?;
        Ok(n == 1)
    }

    fn put_last_error(&self, id: ConnectionId, error: &str, now: &str) -> Result<()> {
        self.execute(
            "UPDATE connections SET last_error = ?1, updated_at = ?2 WHERE id = ?3",
            params![error, now, id],
        )?;
        Ok(())
    }

    fn insert_connection_record(
        &self,
        connector: ConnectorId,
        app: AppId,
        user: &str,
        r: &ConnectionRecord<'_>,
    ) -> Result<ConnectionId> {
        Ok(self.query_row(
            "INSERT INTO connections (connector_id, app_id, app_user, status, status_reason, token_type, expires_at,
                    granted_scopes, account, last_error, created_at, updated_at, refreshed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
            params![connector, app, user, r.status, r.status_reason, r.token_type, r.expires_at,
                    join(r.granted_scopes), r.account, r.last_error, r.created_at, r.updated_at, r.refreshed_at],
            |row| row.get(0),
        )?)
    }

    fn replace_connection_record(&self, id: ConnectionId, r: &ConnectionRecord<'_>) -> Result<()> {
        self.execute(
            "UPDATE connections SET status = ?1, status_reason = ?2, token_type = ?3, expires_at = ?4,
                    granted_scopes = ?5, account = ?6, last_error = ?7, created_at = ?8, updated_at = ?9,
                    refreshed_at = ?10, access_token = NULL, refresh_token = NULL, id_token = NULL,
                    grant_version = grant_version + 1, refresh_started_at = NULL
             WHERE id = ?11",
            params![r.status, r.status_reason, r.token_type, r.expires_at, join(r.granted_scopes),
                    r.account, r.last_error, r.created_at, r.updated_at, r.refreshed_at, id],
        )?;
        Ok(())
    }

    fn set_times(&self, row: Dated, created_at: &str, updated_at: &str) -> Result<()> {
        let (table, id) = match row {
            Dated::Workspace(id) => ("workspaces", id.0),
            Dated::App(id) => ("apps", id.0),
            Dated::Connector(id) => ("connectors", id.0),
        };
        self.execute(
            &format!("UPDATE {table} SET created_at = ?1, updated_at = ?2 WHERE id = ?3"),
            params![created_at, updated_at, id],
        )?;
        Ok(())
    }

    fn delete_connection(&self, id: ConnectionId) -> Result<()> {
        self.execute("DELETE FROM connections WHERE id = ?1", params![id])?;
        Ok(())
    }

    fn put_provider(&self, name: &str, definition: &str, now: &str) -> Result<()> {
        self.execute(
            "INSERT INTO providers (name, definition, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
            params![name, definition, now],
        )?;
        Ok(())
    }

    fn delete_provider(&self, name: &str) -> Result<bool> {
        Ok(self.execute("DELETE FROM providers WHERE name = ?1", params![name])? > 0)
    }

    fn append_audit(&self, e: &NewEntry<'_>) -> Result<()> {
        self.execute(
            "INSERT INTO audit (at, actor, workspace, action, target_kind, target, details, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![e.at, e.actor, e.workspace, e.action.as_str(), e.action.target_kind(), e.target, e.details.to_string(), e.via],
        )?;
        Ok(())
    }

    fn set_row_mac(&self, row: &SignedRow, mac: &[u8]) -> Result<()> {
        match row {
            SignedRow::Workspace(id) => self.execute(
                "UPDATE workspaces SET row_mac = ?1 WHERE id = ?2",
                params![mac, id],
            )?,
            SignedRow::App(id) => self.execute(
                "UPDATE apps SET row_mac = ?1 WHERE id = ?2",
                params![mac, id],
            )?,
            SignedRow::Provider(name) => self.execute(
                "UPDATE providers SET row_mac = ?1 WHERE name = ?2",
                params![mac, name],
            )?,
            SignedRow::Connector(id) => self.execute(
                "UPDATE connectors SET row_mac = ?1 WHERE id = ?2",
                params![mac, id],
            )?,
            SignedRow::Connection(id) => self.execute(
                "UPDATE connections SET row_mac = ?1 WHERE id = ?2",
                params![mac, id],
            )?,
            SignedRow::Pending(id) => self.execute(
                "UPDATE pending_authorizations SET row_mac = ?1 WHERE id = ?2",
                params![mac, id],
            )?,
        };
        Ok(())
    }

    fn set_sealed_value(&self, column: SecretColumn, row: i64, sealed: &[u8]) -> Result<()> {
        let (t, c) = (column.table(), column.column());
        self.execute(
            &format!("UPDATE {t} SET {c} = ?1 WHERE id = ?2"),
            params![sealed, row],
        )?;
        Ok(())
    }

    fn insert_pending(&self, p: &NewPending<'_>) -> Result<PendingId> {
        Ok(self.query_row(
            "INSERT INTO pending_authorizations (connector_id, app_id, app_user, redirect_uri, state_hash, scopes,
                    origin, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![p.connector, p.app, p.user, p.redirect_uri, p.state_hash, join(p.scopes),
                    p.origin, p.created_at, p.expires_at],
            |r| r.get(0),
        )?)
    }

    fn use_pending(&self, id: PendingId, now: &str) -> Result<bool> {
        let n = self.execute(
            "UPDATE pending_authorizations SET used_at = ?1 WHERE id = ?2 AND used_at IS NULL",
            params![now, id],
        )?;
        Ok(n == 1)
    }

    fn sweep_pending(&self, before: &str) -> Result<u64> {
        Ok(self.execute(
            "DELETE FROM pending_authorizations WHERE expires_at < ?1",
            params![before],
        )? as u64)
    }
}
