//! The PostgreSQL engine's locks: the transaction-level write lock every write takes
//! first, the session-level named locks (a connection's refresh, a connector's removal, a
//! rekey) held on a connection of their own, and the lock of a `vault copy` into a database.

use super::*;

/// The key of the vault's write lock (advisory locks are per database).
pub const WRITE_LOCK: i64 = 0x636f_6e6e_6563_7401;
/// The key of the lock a `vault copy` holds on its target database.
pub const COPY_LOCK: i64 = 0x636f_6e6e_6563_7402;
/// How long a write waits for another process's write to finish.
pub(super) const WRITE_WAIT: &str = "10s";

pub(super) fn lock_write(db: &Pg) -> Result<()> {
    // A client that goes quiet inside its transaction (a cut network) is cut off by the
    // server after a minute, which frees the write lock; the client only computes between
    // statements, never waits on a person or a provider.
    db.batch(&format!(
        "SET LOCAL lock_timeout = '{WRITE_WAIT}'; SET LOCAL idle_in_transaction_session_timeout = '60s'"
    ))?;
    db.exec("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    Ok(())
}

impl Postgres {
    /// A session-level advisory lock, on this process's lock connection, named by the
    /// vault's id and the lock's name. Polled (like the SQLite engine's file locks) so that
    /// a wait has the same timeout and message on both engines.
    pub fn lock(
        &self,
        vault_id: &str,
        name: &LockName<'_>,
        exclusive: bool,
        timeout: Duration,
    ) -> Result<LockGuard> {
        let conn = self.lock_connection()?;
        let key = lock_key(vault_id, name);
        let try_sql = if exclusive {
            "SELECT pg_try_advisory_lock($1)"
        } else {
            "SELECT pg_try_advisory_lock_shared($1)"
        };
        let start = Instant::now();
        loop {
            let got: bool = get(&conn.borrow_mut().query_one(try_sql, &[&key])?, 0)?;
            if got {
                return Ok(LockGuard::new(PgLock {
                    conn,
                    key,
                    exclusive,
                }));
            }
            if start.elapsed() >= timeout {
                return Err(crate::store::lock_timeout(&name.describe(), timeout));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn lock_connection(&self) -> Result<Rc<RefCell<Client>>> {
        if let Some(c) = self.locks.borrow().as_ref()
            && !c.borrow().is_closed()
        {
            return Ok(c.clone());
        }
        let c = Rc::new(RefCell::new(lock_client(&self.target)?));
        *self.locks.borrow_mut() = Some(c.clone());
        Ok(c)
    }
}

/// Holds the lock that one `vault copy` into a database takes for its whole run, so that a
/// second copy never discards the first's work as interrupted; freed when the copy ends or
/// dies. Not waited for.
pub fn copy_lock(target: &PgTarget) -> Result<crate::store::LockGuard> {
    let conn = Rc::new(RefCell::new(lock_client(target)?));
    let got: bool = get(
        &conn
            .borrow_mut()
            .query_one("SELECT pg_try_advisory_lock($1)", &[&COPY_LOCK])?,
        0,
    )?;
    if !got {
        return Err(crate::store::copy_in_progress(
            &crate::store::Location::Postgres(Box::new(target.clone())),
        ));
    }
    Ok(crate::store::LockGuard::new(PgLock {
        conn,
        key: COPY_LOCK,
        exclusive: true,
    }))
}

/// A named lock held on a lock connection; unlocked on drop (and by the server when the
/// connection dies).
pub(super) struct PgLock {
    conn: Rc<RefCell<Client>>,
    key: i64,
    exclusive: bool,
}

impl crate::store::Held for PgLock {
    /// Asked on the lock's own connection: a connection the server ended (an
    /// administrator's `pg_terminate_backend`, a restart) took its locks with it.
    fn still_held(&self) -> bool {
        let (hi, lo) = (
            i64::from((self.key >> 32) as u32),
            i64::from(self.key as u32),
        );
        let mode = if self.exclusive {
            "ExclusiveLock"
        } else {
            "ShareLock"
        };
        let held = self.conn.borrow_mut().query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
               AND pid = pg_backend_pid() AND granted AND objsubid = 1 \
               AND classid::bigint = $1 AND objid::bigint = $2 AND mode = $3)",
            &[&hi, &lo, &mode],
        );
        matches!(held.map(|r| r.get::<_, bool>(0)), Ok(true))
    }
}

impl Drop for PgLock {
    fn drop(&mut self) {
        let sql = if self.exclusive {
            "SELECT pg_advisory_unlock($1)"
        } else {
            "SELECT pg_advisory_unlock_shared($1)"
        };
        let _ = self.conn.borrow_mut().query_one(sql, &[&self.key]);
    }
}

/// The advisory lock key of a named lock: 64 bits of SHA-256 over the vault's id and the
/// lock's name.
pub fn lock_key(vault_id: &str, name: &LockName<'_>) -> i64 {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"connectors/lock/v1\0");
    h.update(vault_id.as_bytes());
    h.update(b"\0");
    h.update(name.key().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    i64::from_be_bytes(b)
}
