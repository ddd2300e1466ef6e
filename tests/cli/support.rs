//! `TestEnv`: a temporary home with its own vault, key file and environment, so tests
//! never touch the user's vault, keyring or data directory, and never each other's.
//!
//! The engine comes from the environment: `CONNECTORS_TEST_ENGINE=postgres` gives every
//! test a database of its own on the throwaway server that `scripts/test.sh` starts
//! (`CONNECTORS_TEST_PG`), dropped with the test; otherwise each vault is a SQLite file.
//! [`Sql`] reaches rows on either engine, for tests that change what connectors wrote.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicU32, Ordering};

use assert_cmd::Command;
use serde_json::Value;

pub const SECRET: &str = "cs-known-Value-7f3a9c1e-do-not-leak";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    /// The vault's file, or (on PostgreSQL) its URL.
    pub vault: PathBuf,
    pub key_file: PathBuf,
    /// The test's database, on PostgreSQL.
    pub db: Option<String>,
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("CONNECTORS_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// The throwaway server's URL, without a database.
pub fn pg_base() -> String {
    std::env::var("CONNECTORS_TEST_PG").unwrap_or_else(|_| {
        panic!("CONNECTORS_TEST_PG is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL")
    })
}

/// A client of the server's maintenance database, for creating and dropping databases.
pub fn pg_admin() -> postgres::Client {
    postgres::Client::connect(&format!("{}postgres", pg_base()), postgres::NoTls)
        .expect("connect to the test PostgreSQL")
}

/// A new empty database on the test server; returns its name.
pub fn new_database() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap();
    let name = format!(
        "t_{}_{}_{:08x}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        u32::from_le_bytes(bytes)
    );
    pg_admin()
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the test database");
    name
}

pub fn drop_database(name: &str) {
    if let Ok(mut c) = postgres::Client::connect(&format!("{}postgres", pg_base()), postgres::NoTls)
    {
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

/// Marks a test of what only a vault file has (its mode, its directory, its spellings):
/// on PostgreSQL it says so and returns true, and the test returns.
pub fn file_only(what: &str) -> bool {
    if on_postgres() {
        eprintln!("not on PostgreSQL: {what} is a property of a vault file");
    }
    on_postgres()
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        if let Some(db) = &self.db {
            drop_database(db);
        }
    }
}

impl TestEnv {
    /// A home with nothing in it yet (on PostgreSQL, an empty database).
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        let key_file = dir.path().join("keys").join("vault.key");
        let (vault, db) = if on_postgres() {
            let db = new_database();
            (PathBuf::from(format!("{}{db}", pg_base())), Some(db))
        } else {
            (dir.path().join("data").join("vault.db"), None)
        };
        TestEnv {
            dir,
            vault,
            key_file,
            db,
        }
    }

    /// The vault's location, as connectors reads `--vault`.
    pub fn location(&self) -> connectors::store::Location {
        connectors::store::Location::parse(self.vault.as_os_str(), false).expect("location")
    }

    /// The vault through the library, with this home's key file.
    pub fn open_vault(&self) -> connectors::vault::Vault {
        connectors::vault::Vault::open(
            self.location(),
            connectors::vault::KeyOptions {
                key_file: Some(self.key_file.clone()),
                ..Default::default()
            },
        )
        .expect("the vault opens")
    }

    /// A home with a vault whose key is in a 0600 key file.
    pub fn new() -> TestEnv {
        let env = TestEnv::empty();
        env.bare()
            .args(["vault", "init", "--key", "key-file", "--key-file"])
            .arg(&env.key_file)
            .assert()
            .success();
        env
    }

    /// A vault with one app `crm` and one Google connector "Calendar" whose secret is SECRET.
    pub fn with_connector() -> TestEnv {
        let env = TestEnv::new();
        env.cmd().args(["app", "add", "crm"]).assert().success();
        env.cmd()
            .args([
                "add",
                "google",
                "--name",
                "Calendar",
                "--client-id",
                "cid-123.apps.example",
                "--client-secret-stdin",
            ])
            .args(["--scope", "openid", "--scope", "email"])
            .args([
                "--redirect-uri",
                "https://crm.base44.app/api/external-auth/callback",
            ])
            .write_stdin(format!("{SECRET}\n"))
            .assert()
            .success();
        env
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A std command with a clean environment: this home, this vault, no key source.
    pub fn std_bare(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("connectors"));
        for (k, _) in std::env::vars() {
            if k.starts_with("CONNECTORS_") || k.starts_with("DBUS_") || k.starts_with("XDG_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("CONNECTORS_VAULT", &self.vault)
            .env("CONNECTORS_ACTOR", "test-admin")
            .env("NO_COLOR", "1");
        cmd
    }

    /// The same with the key file set (for piping and spawning).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = self.std_bare();
        cmd.env("CONNECTORS_KEY_FILE", &self.key_file);
        cmd
    }

    /// The command with a clean environment: this home, this vault, no key source.
    pub fn bare(&self) -> Command {
        Command::from_std(self.std_bare())
    }

    /// The command with the key file set.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// Runs with `--json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> (Value, Output) {
        let out = self.cmd().arg("--json").args(args).output().expect("run");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout of {args:?} is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        (v, out)
    }

    /// Every byte of the vault: the file and its WAL and shared-memory files; on
    /// PostgreSQL, every value of every table, each as its raw bytes (a `bytea` as the
    /// bytes it holds, not as hex).
    pub fn vault_bytes(&self) -> Vec<u8> {
        let mut all = Vec::new();
        if let Sql::Pg(_) = self.sql() {
            let sql = self.sql();
            for table in [
                "connectors_schema",
                "meta",
                "workspaces",
                "apps",
                "connectors",
                "connections",
                "connector_counts",
                "providers",
                "audit",
                "pending_authorizations",
            ] {
                for row in sql.rows(&format!("SELECT * FROM {table} ORDER BY 1"), &[]) {
                    for v in row {
                        all.extend(v.bytes());
                        all.push(0);
                    }
                    all.push(b'\n');
                }
            }
            return all;
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.vault.as_os_str().to_owned();
            p.push(suffix);
            if let Ok(b) = std::fs::read(PathBuf::from(p)) {
                all.extend(b);
            }
        }
        all
    }

    /// The vault's rows, on either engine.
    pub fn sql(&self) -> Sql {
        if on_postgres() {
            let url = self.vault.to_string_lossy().into_owned();
            Sql::Pg(RefCell::new(
                postgres::Client::connect(&url, postgres::NoTls).expect("connect to the vault"),
            ))
        } else {
            Sql::Sqlite(rusqlite::Connection::open(&self.vault).expect("open vault with sqlite"))
        }
    }

    /// The vault as it is now, to put back later ([`TestEnv::restore`]).
    pub fn save(&self) -> Saved {
        match &self.db {
            Some(db) => {
                let copy = new_database_name(db);
                pg_admin()
                    .batch_execute(&format!("CREATE DATABASE {copy} TEMPLATE {db}"))
                    .expect("copy the test database");
                Saved::Database(copy)
            }
            None => Saved::Files(
                ["", "-wal", "-shm"]
                    .iter()
                    .map(|s| {
                        let mut p = self.vault.as_os_str().to_owned();
                        p.push(s);
                        let p = PathBuf::from(p);
                        let bytes = std::fs::read(&p).ok();
                        (p, bytes)
                    })
                    .collect(),
            ),
        }
    }

    /// Puts back the vault as [`TestEnv::save`] found it.
    pub fn restore(&self, saved: &Saved) {
        match (saved, &self.db) {
            (Saved::Database(copy), Some(db)) => {
                let mut admin = pg_admin();
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                    .unwrap();
                admin
                    .batch_execute(&format!("CREATE DATABASE {db} TEMPLATE {copy}"))
                    .unwrap();
            }
            (Saved::Files(files), _) => {
                for (p, bytes) in files {
                    match bytes {
                        Some(b) => {
                            std::fs::write(p, b).unwrap();
                            use std::os::unix::fs::PermissionsExt;
                            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))
                                .unwrap();
                        }
                        None => {
                            let _ = std::fs::remove_file(p);
                        }
                    }
                }
            }
            _ => unreachable!("saved on another engine"),
        }
    }

    /// Signs every row again under the vault's key, as connectors signs what it writes:
    /// for tests whose SQL stands for a change connectors itself would make (a clock
    /// moving on, a row from an older version), not for an attacker's.
    pub fn resign(&self) {
        resign(self, &self.key_file);
    }
}

/// A vault as it was, to put back.
pub enum Saved {
    Files(Vec<(PathBuf, Option<Vec<u8>>)>),
    Database(String),
}

fn new_database_name(base: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{base}_s{}", N.fetch_add(1, Ordering::Relaxed))
}

/// Signs every row of the vault of `env` under the key in `key_file`.
pub fn resign(env: &TestEnv, key_file: &Path) {
    use connectors::vault::{KeyOptions, Vault, integrity, keys};
    let identity = keys::read_key_file(key_file).expect("key file");
    let opened = Vault::open(env.location(), KeyOptions::default()).expect("open vault");
    let key = integrity::row_key(&identity, &opened.meta().vault_id);
    let db = opened.db();
    let sql = env.sql();
    for row in db.signed_rows().unwrap() {
        let read = integrity::Row::read(db, &row).unwrap().unwrap();
        let (table, mac) = (read.table(), read.sign(&key));
        let id = row.key();
        let (column, id) = if table == "providers" {
            ("name", Val::Text(id))
        } else {
            ("id", Val::Int(id.parse().unwrap()))
        };
        sql.exec(
            &format!("UPDATE {table} SET row_mac = ?1 WHERE {column} = ?2"),
            &[Val::Bytes(mac), id],
        );
    }
}

/// A value of a row, on either engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Val {
    /// The value's bytes (text as UTF-8, a number in decimal).
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Val::Null => b"NULL".to_vec(),
            Val::Int(i) => i.to_string().into_bytes(),
            Val::Text(t) => t.clone().into_bytes(),
            Val::Bytes(b) => b.clone(),
        }
    }

    pub fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            other => panic!("not a number: {other:?}"),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Val::Text(t) => t.clone(),
            Val::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
            other => panic!("not text: {other:?}"),
        }
    }

    pub fn opt_text(&self) -> Option<String> {
        match self {
            Val::Null => None,
            v => Some(v.text()),
        }
    }

    pub fn blob(&self) -> Vec<u8> {
        match self {
            Val::Bytes(b) => b.clone(),
            Val::Text(t) => t.clone().into_bytes(),
            other => panic!("not bytes: {other:?}"),
        }
    }
}

/// What [`Sql::one`] returns.
pub trait FromVal {
    fn from_val(v: &Val) -> Self;
}

impl FromVal for Val {
    fn from_val(v: &Val) -> Val {
        v.clone()
    }
}

impl FromVal for i64 {
    fn from_val(v: &Val) -> i64 {
        v.int()
    }
}

impl FromVal for String {
    fn from_val(v: &Val) -> String {
        v.text()
    }
}

impl FromVal for Option<String> {
    fn from_val(v: &Val) -> Option<String> {
        v.opt_text()
    }
}

impl FromVal for Vec<u8> {
    fn from_val(v: &Val) -> Vec<u8> {
        v.blob()
    }
}

impl From<&String> for Val {
    fn from(s: &String) -> Val {
        Val::Text(s.clone())
    }
}

impl From<&&str> for Val {
    fn from(s: &&str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<&Vec<u8>> for Val {
    fn from(b: &Vec<u8>) -> Val {
        Val::Bytes(b.clone())
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<i64> for Val {
    fn from(i: i64) -> Val {
        Val::Int(i)
    }
}

impl From<Vec<u8>> for Val {
    fn from(b: Vec<u8>) -> Val {
        Val::Bytes(b)
    }
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Val::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Val::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        match self {
            Val::Null => Ok(postgres::types::IsNull::Yes),
            Val::Int(i) if *ty == Type::INT4 => (*i as i32).to_sql(ty, out),
            Val::Int(i) if *ty == Type::TEXT => i.to_string().to_sql(ty, out),
            Val::Int(i) => i.to_sql(ty, out),
            // Text and bytes travel as their bytes whatever the column's type.
            Val::Text(t) => {
                out.extend_from_slice(t.as_bytes());
                Ok(postgres::types::IsNull::No)
            }
            Val::Bytes(b) => {
                out.extend_from_slice(b);
                Ok(postgres::types::IsNull::No)
            }
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl<'a> postgres::types::FromSql<'a> for Val {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Val, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        Ok(match *ty {
            Type::INT2 => Val::Int(i16::from_sql(ty, raw)? as i64),
            Type::INT4 => Val::Int(i32::from_sql(ty, raw)? as i64),
            Type::INT8 => Val::Int(i64::from_sql(ty, raw)?),
            Type::BOOL => Val::Int(bool::from_sql(ty, raw)? as i64),
            Type::BYTEA => Val::Bytes(raw.to_vec()),
            _ => Val::Text(String::from_utf8_lossy(raw).into_owned()),
        })
    }

    fn from_sql_null(
        _: &postgres::types::Type,
    ) -> Result<Val, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Val::Null)
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
}

/// Rows of the vault on either engine. SQL is written once, with `?N` placeholders (turned
/// into `$N` for PostgreSQL) and in the SQL both engines speak.
pub enum Sql {
    Sqlite(rusqlite::Connection),
    Pg(RefCell<postgres::Client>),
}

fn pg_placeholders(sql: &str) -> String {
    regex::Regex::new(r"\?(\d+)")
        .unwrap()
        .replace_all(sql, "$$$1")
        .into_owned()
}

impl Sql {
    /// Runs one statement; returns how many rows it changed.
    pub fn exec(&self, sql: &str, params: &[Val]) -> usize {
        match self {
            Sql::Sqlite(c) => c
                .execute(sql, rusqlite::params_from_iter(params.iter()))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Sql::Pg(c) => {
                let p: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|v| v as _).collect();
                c.borrow_mut()
                    .execute(&pg_placeholders(sql), &p)
                    .unwrap_or_else(|e| panic!("{sql}: {e:?}")) as usize
            }
        }
    }

    /// Runs statements without parameters.
    pub fn batch(&self, sql: &str) {
        match self {
            Sql::Sqlite(c) => c
                .execute_batch(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            Sql::Pg(c) => c
                .borrow_mut()
                .batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e:?}")),
        }
    }

    /// Every row, each value as a [`Val`].
    pub fn rows(&self, sql: &str, params: &[Val]) -> Vec<Vec<Val>> {
        match self {
            Sql::Sqlite(c) => {
                let mut stmt = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
                let n = stmt.column_count();
                stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => Val::Null,
                                rusqlite::types::ValueRef::Integer(i) => Val::Int(i),
                                rusqlite::types::ValueRef::Real(f) => Val::Text(f.to_string()),
                                rusqlite::types::ValueRef::Text(t) => {
                                    Val::Text(String::from_utf8_lossy(t).into_owned())
                                }
                                rusqlite::types::ValueRef::Blob(b) => Val::Bytes(b.to_vec()),
                            })
                        })
                        .collect()
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            }
            Sql::Pg(c) => {
                let p: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|v| v as _).collect();
                c.borrow_mut()
                    .query(&pg_placeholders(sql), &p)
                    .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
                    .iter()
                    .map(|r| (0..r.len()).map(|i| r.get::<_, Val>(i)).collect())
                    .collect()
            }
        }
    }

    /// The column names of a query's rows.
    pub fn columns(&self, table: &str) -> Vec<String> {
        match self {
            Sql::Sqlite(c) => {
                let stmt = c.prepare(&format!("SELECT * FROM {table}")).unwrap();
                stmt.column_names().map(|s| s.to_string()).collect()
            }
            Sql::Pg(c) => {
                let s = c
                    .borrow_mut()
                    .prepare(&format!("SELECT * FROM {table}"))
                    .unwrap();
                s.columns().iter().map(|c| c.name().to_string()).collect()
            }
        }
    }

    /// The first value of the only row.
    pub fn one<T: FromVal>(&self, sql: &str, params: &[Val]) -> T {
        let rows = self.rows(sql, params);
        assert_eq!(rows.len(), 1, "{sql}: {} rows", rows.len());
        T::from_val(&rows[0][0])
    }

    /// The engine's own check finds nothing wrong (SQLite's integrity check; on
    /// PostgreSQL, the connection counters against the connections).
    pub fn assert_intact(&self) {
        match self {
            Sql::Sqlite(_) => assert_eq!(self.one::<String>("PRAGMA integrity_check", &[]), "ok"),
            Sql::Pg(_) => {
                let bad = self.rows(
                    "SELECT c.id FROM connectors c LEFT JOIN connector_counts k ON k.connector_id = c.id
                     WHERE k.connector_id IS NULL
                        OR k.total <> (SELECT count(*) FROM connections x WHERE x.connector_id = c.id)
                        OR k.needing_reconnect <> (SELECT count(*) FROM connections x WHERE x.connector_id = c.id AND x.status = 'needs_reconnect')",
                    &[],
                );
                assert!(bad.is_empty(), "counters disagree: {bad:?}");
            }
        }
    }

    /// Holds the vault's write lock until [`Sql::release`] (or the connection is dropped).
    pub fn hold_write_lock(&self) {
        match self {
            Sql::Sqlite(_) => self.batch("BEGIN IMMEDIATE"),
            Sql::Pg(_) => {
                self.batch("BEGIN");
                self.exec(
                    "SELECT pg_advisory_xact_lock(?1)",
                    &[Val::Int(connectors::store::PG_WRITE_LOCK)],
                );
            }
        }
    }

    pub fn release(&self) {
        self.batch("ROLLBACK");
    }
}

/// The output with run-specific values replaced by `[PLACEHOLDERS]`.
pub fn normalize(env: &TestEnv, text: &str) -> String {
    let home = env.dir.path().display().to_string();
    let text = text.replace(&home, "[HOME]");
    let rules: &[(&str, &str)] = &[
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "[TIME]"),
        (r"age1[0-9a-z]{58}", "[PUBLIC_KEY]"),
        (r"sha256:[0-9a-f]{16}", "sha256:[FINGERPRINT]"),
        (r"SHA256:[A-Za-z0-9+/]{43}", "SHA256:[SIGNING_KEY]"),
        (r"\b[0-9a-f]{32}\b", "[ID]"),
        (r"127\.0\.0\.1:\d{2,5}", "127.0.0.1:[PORT]"),
        (r"\d+(\.\d+)? ?ms\b", "[MS]"),
        (r"actor\s+\S+", "actor [ACTOR]"),
        // The server the machine has (Debian's minor releases move on).
        (r"PostgreSQL \d+(\.\d+)*", "PostgreSQL [VERSION]"),
        // A PostgreSQL test vault's database.
        (r"\bt_\d+_\d+_[0-9a-f]{8}\b", "[DB]"),
    ];
    let mut out = text;
    for (pattern, with) in rules {
        out = regex::Regex::new(pattern)
            .expect("pattern")
            .replace_all(&out, *with)
            .into_owned();
    }
    out
}

impl TestEnv {
    /// What a person sees of a command: stdout, then stderr under a marker, then the exit
    /// code, with run-specific values replaced by placeholders. The one output format of
    /// the CLI tests' snapshots.
    pub fn seen(&self, args: &[&str]) -> String {
        self.seen_with(args, &[])
    }

    /// [`TestEnv::seen`] with environment variables set for the command.
    pub fn seen_with(&self, args: &[&str], vars: &[(&str, &str)]) -> String {
        self.seen_of(self.cmd(), args, vars)
    }

    /// [`TestEnv::seen_with`] without the test's key: for what a command does with no key
    /// source, or with the one `vars` give.
    pub fn seen_bare(&self, args: &[&str], vars: &[(&str, &str)]) -> String {
        self.seen_of(self.bare(), args, vars)
    }

    /// What a person sees of `cmd` run with `args` and `vars`.
    fn seen_of(&self, mut cmd: Command, args: &[&str], vars: &[(&str, &str)]) -> String {
        cmd.args(args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run");
        let mut s = format!("$ connectors {}\n", args.join(" "));
        s.push_str(&stdout(&out));
        if !out.stderr.is_empty() {
            s.push_str("--- stderr\n");
            s.push_str(&stderr(&out));
        }
        s.push_str(&format!("--- exit {}\n", out.status.code().unwrap_or(-1)));
        normalize(self, &s)
    }
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

/// The error document of a failed `--json` run.
pub fn error_code(v: &Value) -> &str {
    v["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error document: {v}"))
}

/// Decrypts a sealed value as stored, with the vault's key and the row's binding, without
/// asking whether the row is signed (the library reveals secrets only of verified rows).
pub fn open_sealed(
    vault: &connectors::vault::Vault,
    column: connectors::store::SecretColumn,
    row: i64,
    ciphertext: &[u8],
) -> connectors::error::Result<secrecy::SecretString> {
    let key = vault.unlock()?;
    let vault_id = vault.meta().vault_id.clone();
    let plain = connectors::vault::envelope::open(
        &key.identity,
        connectors::vault::Binding {
            vault_id: &vault_id,
            table: column.table(),
            column: column.column(),
            row,
        },
        ciphertext,
    )?;
    Ok(secrecy::SecretString::from(
        String::from_utf8(plain.to_vec()).expect("a sealed secret is text"),
    ))
}

/// An archive's document as `vault export` orders it (head first, then the sections), from
/// a JSON value (whose keys serde_json sorts): what someone crafting an archive writes.
pub fn archive_document(doc: &Value) -> Vec<u8> {
    const ORDER: [&str; 10] = [
        "format",
        "version",
        "exported_at",
        "source_vault_id",
        "workspaces",
        "providers",
        "apps",
        "connectors",
        "connections",
        "audit",
    ];
    let map = doc.as_object().expect("an archive document is an object");
    let mut out = b"{".to_vec();
    let keys = ORDER
        .iter()
        .map(|k| k.to_string())
        .chain(map.keys().filter(|k| !ORDER.contains(&k.as_str())).cloned());
    for key in keys {
        if let Some(v) = map.get(&key) {
            if out.len() > 1 {
                out.push(b',');
            }
            out.extend(serde_json::to_vec(&key).unwrap());
            out.push(b':');
            out.extend(serde_json::to_vec(v).unwrap());
        }
    }
    out.push(b'}');
    out
}
