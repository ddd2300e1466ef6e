//! The PostgreSQL engine: a database shared by a team's hosts, behind the same
//! [`super::Read`] and [`super::Write`] as SQLite. Everything PostgreSQL-only lives here:
//! the numbered migrations, `lower(name)` unique indexes for names without regard to
//! case, the counter trigger in PL/pgSQL, the advisory locks, TLS on rustls.
//!
//! Every write transaction takes one transaction-level advisory lock first (the vault's
//! write lock, the twin of SQLite's `BEGIN IMMEDIATE`), then runs at READ COMMITTED, so
//! each statement sees every change committed before it and a read-modify-write cannot
//! lose one. A serialization failure or a deadlock (which that order makes rare) rolls
//! back and runs the transaction again, a bounded number of times. The per-connection
//! refresh locks are session-level advisory locks on a connection of their own: the
//! server releases them when their holder's connection dies, whatever killed it.
//!
//! By concern: [`migrations`] (the numbered schema), [`connect`] (TLS and connections),
//! [`locks`] (the write lock and the named locks), [`queries`] (the rows and primitives);
//! this file holds the lifecycle (open, create, discard, a write with its retries), the
//! statement cache and the mapping of PostgreSQL's errors to the program's.

mod connect;
mod locks;
mod migrations;
mod queries;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Statement};

use super::location::{PgTarget, Roots, TlsMode};
use super::{
    AppFields, AppId, ConnectionFilter, ConnectionHealth, ConnectionId, ConnectionRecord,
    ConnectorFields, ConnectorId, Counts, Dated, GrantFields, LockGuard, LockName, NewEntry,
    NewPending, NewRow, PendingId, Read, SecretColumn, SignedRow, StatusCount, StoredProvider,
    StoredStatus, WorkspaceId, Write,
};
use crate::error::{Error, Result};
use crate::model::{
    Action, App, Connection, Connector, Entry, PendingAuthorization, Summary, Workspace,
};

use super::rows::{join, lines, mode, params_text};
use connect::*;
use locks::*;
use migrations::*;

pub use locks::{COPY_LOCK, WRITE_LOCK, copy_lock};
pub use migrations::LATEST;

/// How many times a transaction runs when it keeps hitting serialization failures.
const MAX_ATTEMPTS: u32 = 5;

/// The privileges the README lists, for messages.
const PRIVILEGES: &str = "the role needs CONNECT on the database, and to own it or have CREATE on its schema for `vault init` and upgrades; SELECT, INSERT, UPDATE and DELETE on its tables otherwise";

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        classify(&e).caused_by(e)
    }
}

/// What a PostgreSQL error means for a person.
fn classify(e: &postgres::Error) -> Error {
    use postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let said = db.message();
        let code = db.code();
        return if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
        {
            Error::with(crate::error::code::WRITE_CONFLICT,
                    format!("a concurrent change to the vault conflicted with this one (PostgreSQL: {said}); nothing was written"),
                )
                .hint("run the command again")
        } else if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED {
            Error::with(crate::error::code::VAULT_BUSY,
                    format!("the vault is busy: another connectors process held its write lock for too long (PostgreSQL: {said})"),
                )
                .hint("wait for the other process to finish, then run the command again")
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            Error::with(
                crate::error::code::VAULT_PRIVILEGES,
                format!("the PostgreSQL role may not do this (PostgreSQL: {said})"),
            )
            .hint(PRIVILEGES)
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            Error::with(crate::error::code::NO_VAULT, format!("PostgreSQL says: {said}"))
                    .hint("create the database first (`createdb NAME`, or your provider's console), then run `connectors vault init --vault postgres://…`")
        } else if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            Error::with(crate::error::code::VAULT_AUTH, format!("PostgreSQL refused the login: {said}"))
                    .hint("put the role's password in PGPASSWORD or ~/.pgpass (mode 0600), and check the user name in the URL")
        } else if code.code().starts_with("08")
            || code.code().starts_with("57P")
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            unreachable_error(said)
        } else if code.code().starts_with("53") {
            Error::with(
                crate::error::code::VAULT_IO,
                format!("the PostgreSQL server is out of resources: {said}"),
            )
            .hint("ask the database's administrator; nothing was written")
        } else {
            Error::with(
                crate::error::code::VAULT_IO,
                format!("the vault could not be read or written (PostgreSQL: {said})"),
            )
            .hint("run `connectors vault status` to check the vault")
        };
    }
    if e.is_closed() {
        return unreachable_error("the connection was closed");
    }
    let text = e.to_string();
    let cause = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let said = if cause.is_empty() || text.contains(&cause) {
        text
    } else {
        format!("{text}: {cause}")
    };
    if said.contains("password missing") {
        return Error::with(crate::error::code::VAULT_AUTH,
                "PostgreSQL asks for a password, and none was found (PGPASSWORD, the password file, or the URL in CONNECTORS_VAULT)",
            )
            .hint("put the role's password in ~/.pgpass (mode 0600) or PGPASSWORD; a password file that group or others can read is ignored");
    }
    if said.contains("certificate") || said.to_ascii_lowercase().contains("tls") {
        return Error::with(crate::error::code::VAULT_TLS,
                format!("the TLS connection to PostgreSQL failed: {said}"),
            )
            .hint("give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README");
    }
    unreachable_error(&said)
}

fn unreachable_error(said: &str) -> Error {
    Error::with(crate::error::code::VAULT_UNREACHABLE,
        format!("the PostgreSQL server could not be reached or dropped the connection ({said}); the server rolls back what was not committed, but a change whose commit was under way may have been stored"),
    )
    .hint("check that the server is running and reachable (`pg_isready`), look at the vault (`connectors list`, `connectors audit`), then run the command again")
}

/// The `meta` table's rows, key and value.
type MetaRows = Vec<(String, Vec<u8>)>;

/// Rows of PostgreSQL: every query of the engine goes through these helpers, which cache
/// prepared statements (one parse per statement per process).
pub struct Pg {
    client: RefCell<Client>,
    /// Statements seen once (`None`) or prepared (seen again).
    statements: RefCell<HashMap<String, Option<Statement>>>,
    /// Audit entries of the open write transaction, written in one statement before it
    /// commits (or before the audit log is read): nothing reads them back before then.
    audit: RefCell<Vec<[Option<String>; 8]>>,
    /// The meta rows read with the schema version when the vault was opened, handed to
    /// the first `meta_all` (opening a vault reads both); dropped by the first write.
    opened_meta: RefCell<Option<MetaRows>>,
}

/// A parameter with the PostgreSQL type it is sent as, so that a statement used once is
/// parsed, bound and run in one round trip (`query_typed`); one used again is prepared
/// once and then run in one round trip each time.
pub trait Param: Sync {
    fn ty(&self) -> Type;
    fn as_sql(&self) -> &(dyn ToSql + Sync);
}

macro_rules! param {
    ($($t:ty => $ty:expr),* $(,)?) => {$(
        impl Param for $t {
            fn ty(&self) -> Type {
                $ty
            }
            fn as_sql(&self) -> &(dyn ToSql + Sync) {
                self
            }
        }
    )*};
}

param!(
    &str => Type::TEXT,
    String => Type::TEXT,
    Option<&str> => Type::TEXT,
    Option<String> => Type::TEXT,
    i64 => Type::INT8,
    Option<i64> => Type::INT8,
    i32 => Type::INT4,
    bool => Type::BOOL,
    &[u8] => Type::BYTEA,
    Option<&[u8]> => Type::BYTEA,
    Vec<i64> => Type::INT8_ARRAY,
    Vec<String> => Type::TEXT_ARRAY,
    Vec<Option<&str>> => Type::TEXT_ARRAY,
    Vec<&[u8]> => Type::BYTEA_ARRAY,
);

type P<'a> = &'a dyn Param;

impl Pg {
    /// How to run `sql`: typed the first time, prepared from the second.
    fn prepared(&self, sql: &str) -> Result<Option<Statement>> {
        let known = self.statements.borrow().get(sql).cloned();
        match known {
            Some(Some(s)) => Ok(Some(s)),
            Some(None) => {
                let s = self.client.borrow_mut().prepare(sql)?;
                self.statements
                    .borrow_mut()
                    .insert(sql.to_string(), Some(s.clone()));
                Ok(Some(s))
            }
            None => {
                self.statements.borrow_mut().insert(sql.to_string(), None);
                Ok(None)
            }
        }
    }

    fn rows(&self, sql: &str, params: &[P<'_>]) -> Result<Vec<Row>> {
        match self.prepared(sql)? {
            Some(s) => {
                let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_sql()).collect();
                Ok(self.client.borrow_mut().query(&s, &p)?)
            }
            None => {
                let p: Vec<(&(dyn ToSql + Sync), Type)> =
                    params.iter().map(|p| (p.as_sql(), p.ty())).collect();
                Ok(self.client.borrow_mut().query_typed(sql, &p)?)
            }
        }
    }

    fn opt(&self, sql: &str, params: &[P<'_>]) -> Result<Option<Row>> {
        let mut rows = self.rows(sql, params)?;
        match rows.len() {
            0 | 1 => Ok(rows.pop()),
            _ => Err(crate::error::corrupt_vault()),
        }
    }

    fn one(&self, sql: &str, params: &[P<'_>]) -> Result<Row> {
        self.opt(sql, params)?
            .ok_or_else(crate::error::corrupt_vault)
    }

    fn exec(&self, sql: &str, params: &[P<'_>]) -> Result<u64> {
        match self.prepared(sql)? {
            Some(s) => {
                let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_sql()).collect();
                Ok(self.client.borrow_mut().execute(&s, &p)?)
            }
            None => {
                let p: Vec<(&(dyn ToSql + Sync), Type)> =
                    params.iter().map(|p| (p.as_sql(), p.ty())).collect();
                Ok(self.client.borrow_mut().execute_typed(sql, &p)?)
            }
        }
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Writes the audit entries appended so far, in their order, in one statement.
    fn flush_audit(&self) -> Result<()> {
        let pending = std::mem::take(&mut *self.audit.borrow_mut());
        if pending.is_empty() {
            return Ok(());
        }
        let column =
            |i: usize| -> Vec<Option<&str>> { pending.iter().map(|e| e[i].as_deref()).collect() };
        let cols: Vec<Vec<Option<&str>>> = (0..8).map(column).collect();
        self.exec(
            "INSERT INTO audit (at, actor, workspace, action, target_kind, target, details, via)
             SELECT at, actor, workspace, action, target_kind, target, details, via
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                  WITH ORDINALITY AS e(at, actor, workspace, action, target_kind, target, details, via, n)
             ORDER BY n",
            &[&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]],
        )?;
        Ok(())
    }

    fn map<T>(&self, sql: &str, params: &[P<'_>], f: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
        self.rows(sql, params)?.iter().map(f).collect()
    }

    fn first<T>(
        &self,
        sql: &str,
        params: &[P<'_>],
        f: impl Fn(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.opt(sql, params)?.as_ref().map(f).transpose()
    }
}

/// A column of a row; a type that does not match is a damaged vault, never a panic.
fn get<'a, T: postgres::types::FromSql<'a>>(r: &'a Row, i: usize) -> Result<T> {
    r.try_get(i).map_err(|_| crate::error::corrupt_vault())
}

/// A column by its name: what a row mapper should use, so that a column added or moved
/// in a query never shifts what the others decode.
fn named<'a, T: postgres::types::FromSql<'a>>(r: &'a Row, name: &str) -> Result<T> {
    r.try_get(name).map_err(|_| crate::error::corrupt_vault())
}

impl super::rows::Columns for Row {
    fn text(&self, column: &str) -> Result<String> {
        named(self, column)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        named(self, column)
    }
    fn int(&self, column: &str) -> Result<i64> {
        named(self, column)
    }
    fn flag(&self, column: &str) -> Result<bool> {
        named(self, column)
    }
    fn opt_bytes(&self, column: &str) -> Result<Option<Vec<u8>>> {
        named(self, column)
    }
}

fn no_vault_here(target: &PgTarget) -> Error {
    Error::with(crate::error::code::NO_VAULT,
        format!("the PostgreSQL database at {} holds no connectors vault", target.shown),
    )
    .hint("create one with `connectors vault init --vault URL`, or move one there with `connectors vault copy --to URL`")
}

/// An open PostgreSQL vault.
pub struct Postgres {
    db: Pg,
    target: PgTarget,
    /// The connection that holds this process's named locks (opened on the first).
    locks: RefCell<Option<Rc<RefCell<Client>>>>,
}

/// The triggers and rules on the vault's tables that its migrations did not create: the
/// tables' owner (or anyone who can) may attach code there, and it would run with the
/// privileges of the role running connectors, inside its transactions.
const FOREIGN_CODE: &str = "SELECT string_agg(c.relname || '.' || x.name, ', ' ORDER BY c.relname, x.name) \
     FROM (SELECT tgrelid AS rel, tgname::text AS name FROM pg_trigger WHERE NOT tgisinternal \
             AND tgname NOT IN ('connector_counts_row', 'connections_count') \
           UNION ALL SELECT ev_class, rulename::text FROM pg_rewrite WHERE rulename <> '_RETURN') x \
     JOIN pg_class c ON c.oid = x.rel \
     WHERE c.oid IN (SELECT to_regclass(t) FROM unnest(ARRAY['meta', 'workspaces', 'apps', \
       'connectors', 'connections', 'audit', 'providers', 'connector_counts', 'connectors_schema', 'pending_authorizations']) t)";

fn foreign_code(target: &PgTarget, names: &str) -> Error {
    Error::with(
        crate::error::code::VAULT_FOREIGN_CODE,
        format!(
            "the vault's tables at {} carry triggers or rules that connectors did not create ({}); they would run with your role's privileges, so nothing was done",
            target.shown,
            crate::text::printable(names)
        ),
    )
    .hint("ask the database's owner why they are there, and drop them (DROP TRIGGER / DROP RULE) before using this vault")
}

impl Postgres {
    pub fn open(target: &PgTarget, upgrade: super::Upgrade) -> Result<Postgres> {
        let db = Pg {
            client: RefCell::new(connect(target)?),
            statements: RefCell::new(HashMap::new()),
            audit: RefCell::new(Vec::new()),
            opened_meta: RefCell::new(None),
        };
        // One round trip: the schema table's version with the meta rows (every version
        // has both tables), or no vault when there is none; and the code that someone
        // else attached to the vault's tables (see `foreign_code`).
        let rows = db.client.borrow_mut().query_typed(
            &format!(
                "SELECT s.version, m.key, m.value, ({FOREIGN_CODE}) FROM connectors_schema s LEFT JOIN meta m ON true"
            ),
            &[],
        );
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => {
                // No vault, or (should a later schema drop `meta`) a newer one.
                let v = db
                    .client
                    .borrow_mut()
                    .query_typed("SELECT version FROM connectors_schema", &[]);
                return Err(
                    match v
                        .as_deref()
                        .map(|r| r.first().map(|r| r.try_get::<_, i32>(0)))
                    {
                        Ok(Some(Ok(v))) if v as i64 > LATEST => {
                            super::newer_schema(v as i64, LATEST)
                        }
                        Ok(_) => e.into(),
                        Err(_) => no_vault_here(target),
                    },
                );
            }
            Err(e) => return Err(e.into()),
        };
        // The version first: what a newer schema's rows hold is not ours to read.
        let v = get::<i32>(rows.first().ok_or_else(crate::error::corrupt_vault)?, 0)? as i64;
        if v > LATEST {
            return Err(super::newer_schema(v, LATEST));
        }
        if let Some(names) = get::<Option<String>>(&rows[0], 3)? {
            return Err(foreign_code(target, &names));
        }
        let mut meta = Vec::with_capacity(rows.len());
        for r in &rows {
            if let Some(key) = get::<Option<String>>(r, 1)? {
                meta.push((key, get(r, 2)?));
            }
        }
        *db.opened_meta.borrow_mut() = Some(meta);
        if v < LATEST {
            if upgrade == super::Upgrade::Refuse {
                return Err(super::older_schema(v, LATEST));
            }
            run_write(&db, |db| migrate(db, LATEST))?;
        }
        Ok(Postgres {
            db,
            target: target.clone(),
            locks: RefCell::new(None),
        })
    }

    pub fn read(&self) -> &dyn Read {
        &self.db
    }

    /// Replaces a connection the server ended (a restart, an administrator) with a new
    /// one; the prepared statements went with the old one. Named locks taken afterwards
    /// get a new lock connection too (see `lock_connection`); those held on the old one
    /// were released by the server.
    pub fn reconnect(&self) -> Result<()> {
        let client = connect(&self.target)?;
        *self.db.client.borrow_mut() = client;
        self.db.statements.borrow_mut().clear();
        self.db.audit.borrow_mut().clear();
        *self.locks.borrow_mut() = None;
        Ok(())
    }

    /// The server's name and version (asked only when wanted: `vault status`).
    pub fn describe(&self) -> String {
        match self
            .db
            .one("SHOW server_version", &[])
            .and_then(|r| get::<String>(&r, 0))
        {
            Ok(v) => format!(
                "PostgreSQL {}",
                v.split_whitespace().next().unwrap_or_default()
            ),
            Err(_) => "PostgreSQL".into(),
        }
    }

    /// One REPEATABLE READ, READ ONLY transaction: one consistent snapshot that blocks
    /// no writer.
    pub fn snapshot<T>(&self, f: impl FnOnce(&dyn Read) -> Result<T>) -> Result<T> {
        self.db
            .batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        match f(&self.db) {
            Ok(v) => {
                self.db.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.db.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    pub fn write<T>(&self, f: impl FnMut(&dyn Write) -> Result<T>) -> Result<T> {
        let mut f = f;
        run_write(&self.db, |db| f(db))
    }
}

/// Runs `f` in a write transaction: the vault's write lock first, then READ COMMITTED;
/// a serialization failure or deadlock runs it again, up to [`MAX_ATTEMPTS`] times.
fn run_write<T>(db: &Pg, mut f: impl FnMut(&Pg) -> Result<T>) -> Result<T> {
    let mut attempt = 1;
    loop {
        db.audit.borrow_mut().clear();
        db.opened_meta.borrow_mut().take();
        db.batch("BEGIN ISOLATION LEVEL READ COMMITTED")?;
        let result = lock_write(db).and_then(|_| f(db)).and_then(|v| {
            db.flush_audit()?;
            db.batch("COMMIT")?;
            Ok(v)
        });
        match result {
            Ok(v) => return Ok(v),
            Err(e) => {
                // What the failed transaction appended goes with it.
                db.audit.borrow_mut().clear();
                if !db.client.borrow().is_closed() {
                    let _ = db.batch("ROLLBACK");
                }
                if e.code == "write_conflict" && attempt < MAX_ATTEMPTS {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(10 << attempt));
                    continue;
                }
                return Err(e);
            }
        }
    }
}

/// Creates a vault in the database at `target`: schema and `fill` in one transaction, so
/// that the database never holds half a vault; refused when it holds one already.
pub fn create(target: &PgTarget, fill: impl FnOnce(&dyn Write) -> Result<()>) -> Result<()> {
    let db = Pg {
        client: RefCell::new(connect(target)?),
        statements: RefCell::new(HashMap::new()),
        audit: RefCell::new(Vec::new()),
        opened_meta: RefCell::new(None),
    };
    let mut fill = Some(fill);
    run_write(&db, |db| {
        if has_schema(db)? {
            return Err(Error::with(crate::error::code::VAULT_EXISTS,
                format!(
                    "a vault already exists in the PostgreSQL database at {}; it was left untouched",
                    target.shown
                ),
            )
            .hint("use it as it is, or name another database in --vault"));
        }
        db.batch("CREATE TABLE connectors_schema (version integer NOT NULL); INSERT INTO connectors_schema VALUES (0);")?;
        migrate(db, LATEST)?;
        match fill.take() {
            Some(fill) => fill(db),
            None => Err(Error::with(
                crate::error::code::WRITE_CONFLICT,
                "the vault's creation was interrupted by a concurrent change; nothing was written",
            )
            .hint("run `connectors vault init` again")),
        }
    })
}

/// Drops every table of a vault's schema (an interrupted copy), in one transaction.
pub fn discard(target: &PgTarget, mark: &str) -> Result<()> {
    let db = Pg {
        client: RefCell::new(connect(target)?),
        statements: RefCell::new(HashMap::new()),
        audit: RefCell::new(Vec::new()),
        opened_meta: RefCell::new(None),
    };
    run_write(&db, |db| {
        // Under the write lock: only a vault that still has the mark goes.
        if db.meta(mark)?.is_none() {
            return Err(super::not_incomplete(&super::Location::Postgres(Box::new(
                target.clone(),
            ))));
        }
        db.batch(
            "DROP TABLE IF EXISTS pending_authorizations, audit, providers, connector_counts, connections, connectors, apps, workspaces, meta, connectors_schema CASCADE;
             DROP FUNCTION IF EXISTS connections_count();
             DROP FUNCTION IF EXISTS connector_counts_row();",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_keys_differ_by_vault_and_name() {
        let a = lock_key("v1", &LockName::Rekey);
        assert_eq!(a, lock_key("v1", &LockName::Rekey));
        assert_ne!(a, lock_key("v2", &LockName::Rekey));
        assert_ne!(
            lock_key(
                "v1",
                &LockName::Connection(ConnectorId(1), AppId(2), "alice")
            ),
            lock_key("v1", &LockName::Connection(ConnectorId(1), AppId(2), "bob"))
        );
        assert_ne!(a, WRITE_LOCK);
    }

    #[test]
    fn migrations_say_what_sqlite_says() {
        // Every table and column SQLite has, PostgreSQL has.
        let sql = MIGRATIONS.join("\n");
        for column in super::super::SECRET_COLUMNS {
            assert!(sql.contains(column.column()), "{}", column.column());
        }
        for t in [
            "meta",
            "workspaces",
            "apps",
            "connectors",
            "connections",
            "audit",
            "providers",
        ] {
            assert!(sql.contains(&format!("CREATE TABLE {t} (")), "{t}");
        }
    }
}
