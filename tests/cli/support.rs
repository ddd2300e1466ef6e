//! `TestEnv`: a temporary home with its own vault, key file and environment, so tests
//! never touch the user's vault, keyring or data directory, and never each other's.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

pub const SECRET: &str = "cs-known-Value-7f3a9c1e-do-not-leak";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub vault: PathBuf,
    pub key_file: PathBuf,
}

impl TestEnv {
    /// A home with nothing in it yet.
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        let vault = dir.path().join("data").join("vault.db");
        let key_file = dir.path().join("keys").join("vault.key");
        TestEnv {
            dir,
            vault,
            key_file,
        }
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

    /// Every byte of the vault: the file and its WAL and shared-memory files.
    pub fn vault_bytes(&self) -> Vec<u8> {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.vault.as_os_str().to_owned();
            p.push(suffix);
            if let Ok(b) = std::fs::read(PathBuf::from(p)) {
                all.extend(b);
            }
        }
        all
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.vault).expect("open vault with sqlite")
    }

    /// Signs every row again under the vault's key, as connectors signs what it writes:
    /// for tests whose SQL stands for a change connectors itself would make (a clock
    /// moving on, a row from an older version), not for an attacker's.
    pub fn resign(&self) {
        resign(&self.vault, &self.key_file);
    }
}

/// Signs every row of the vault at `vault` under the key in `key_file`.
pub fn resign(vault: &Path, key_file: &Path) {
    use connectors::vault::{KeyOptions, Vault, integrity, keys};
    let identity = keys::read_key_file(key_file).expect("key file");
    let opened = Vault::open(vault, KeyOptions::default()).expect("open vault");
    let key = integrity::row_key(&identity, &opened.meta().vault_id);
    let db = opened.db();
    let sql = rusqlite::Connection::open(vault).expect("open vault with sqlite");
    for row in db.signed_rows().unwrap() {
        let read = integrity::Row::read(db, &row).unwrap().unwrap();
        let (table, mac) = (read.table(), read.sign(&key));
        let id = row.key();
        let column = if table == "providers" { "name" } else { "id" };
        sql.execute(
            &format!("UPDATE {table} SET row_mac = ?1 WHERE {column} = ?2"),
            rusqlite::params![mac, id],
        )
        .unwrap();
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
