//! What only PostgreSQL has: hosts that share no file, a server that restarts, a login
//! with a password, `pg_dump`, and `vault copy` between the engines. These run in the
//! PostgreSQL pass of `scripts/test.sh` (the SQLite pass skips `pg_only::`).
//!
//! "Hosts" are simulated as separate homes and temporary directories with a copy of the
//! key each: nothing but the database is shared between them, so a file lock could not
//! keep them apart.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::grants::{expired_with_slow_refresh, finish, json_of, spawn_token};
use crate::sandbox::{configure, connect, setup};
use crate::support::*;

/// A second machine: its own home, data, temporary directory and copy of the key.
struct Host {
    home: tempfile::TempDir,
    key_file: PathBuf,
}

impl Host {
    fn new(env: &TestEnv) -> Host {
        let home = tempfile::tempdir().unwrap();
        let key_file = home.path().join("vault.key");
        std::fs::copy(&env.key_file, &key_file).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::create_dir_all(home.path().join("tmp")).unwrap();
        Host { home, key_file }
    }

    /// The command as this host runs it.
    fn cmd(&self, env: &TestEnv) -> Command {
        let mut cmd = env.std_cmd();
        let h = self.home.path();
        cmd.env("HOME", h)
            .env("XDG_DATA_HOME", h.join("xdg-data"))
            .env("XDG_CONFIG_HOME", h.join("xdg-config"))
            .env("TMPDIR", h.join("tmp"))
            .env("CONNECTORS_KEY_FILE", &self.key_file);
        cmd
    }

    fn token(&self, env: &TestEnv, user: &str) -> Child {
        self.cmd(env)
            .args([
                "--json", "token", "Sandbox", "--app", "demo", "--user", user,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// The advisory locks held in the test's database now.
fn advisory_locks(env: &TestEnv) -> i64 {
    env.sql().one(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        &[],
    )
}

#[test]
fn sixteen_processes_on_two_hosts_make_one_refresh() {
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 300);
    let hosts = [Host::new(&env), Host::new(&env)];
    let children: Vec<Child> = (0..16).map(|i| hosts[i % 2].token(&env, "ada")).collect();
    let mut tokens: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = finish(c, Duration::from_secs(60));
            assert!(out.status.success(), "{}", stderr(&out));
            json_of(&out)["token"].as_str().unwrap().to_string()
        })
        .collect();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "all 16 got the same token");
    let state = configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["refreshes"], 1, "{state}");
    assert_eq!(state["counters"]["refresh_failures"], 0, "{state}");
    assert_eq!(state["counters"]["reuse_detected"], 0, "{state}");
    assert_eq!(advisory_locks(&env), 0, "every lock was released");
}

#[test]
fn a_lock_holder_killed_on_one_host_releases_the_lock_for_the_other() {
    // The provider answers 1.5 s late: the first process holds the connection's lock
    // while it waits, and is killed then.
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 1500);
    let (a, b) = (Host::new(&env), Host::new(&env));
    let mut first = a.token(&env, "ada");
    let deadline = Instant::now() + Duration::from_secs(10);
    while advisory_locks(&env) == 0 {
        assert!(
            Instant::now() < deadline,
            "the first process never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let waiting = b.token(&env, "ada");
    std::thread::sleep(Duration::from_millis(300));
    first.kill().unwrap(); // SIGKILL: the server sees the connection close
    first.wait().unwrap();
    let started = Instant::now();
    let out = finish(waiting, Duration::from_secs(60));
    // Not the lock's 30 s timeout: the lock went with the killed connection.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // The killed process had its refresh rotated at the provider; the other one then
    // presents the old refresh token, which the provider calls reuse.
    let v = json_of(&out);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "needs_reconnect", "{v}");
    let state = configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["reuse_detected"], 1, "{state}");
    assert_eq!(advisory_locks(&env), 0);
}

/// A server of the test's own (scripts/pg.sh), so that restarting it disturbs no other test.
struct OwnServer {
    dir: tempfile::TempDir,
    url: String,
    ctl: PathBuf,
}

impl OwnServer {
    fn start() -> OwnServer {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg("start")
            .arg(dir.path().join("pg"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let value = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("export {name}=")))
                .unwrap()
                .to_string()
        };
        OwnServer {
            url: value("CONNECTORS_TEST_PG"),
            ctl: PathBuf::from(value("CONNECTORS_TEST_PG_CTL")),
            dir,
        }
    }

    fn ctl(&self, args: &[&str]) {
        let out = Command::new(&self.ctl).args(args).output().unwrap();
        assert!(out.status.success(), "pg_ctl {args:?}: {}", stderr(&out));
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg.sh");
        let _ = Command::new("bash")
            .arg(script)
            .arg("stop")
            .arg(self.dir.path().join("pg"))
            .output();
    }
}

#[test]
fn a_server_restart_during_writes_leaves_each_command_done_or_cleanly_failed() {
    let server = OwnServer::start();
    let mut admin =
        postgres::Client::connect(&format!("{}postgres", server.url), postgres::NoTls).unwrap();
    admin.batch_execute("CREATE DATABASE restart").unwrap();
    let mut env = TestEnv::empty();
    drop_database(env.db.take().as_deref().unwrap());
    // On the test's own server, which goes with it.
    env.vault = PathBuf::from(format!("{}restart", server.url));
    env.bare()
        .args(["vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .assert()
        .success();
    // Four writers, each adding apps one after another, while the server restarts.
    let writers: Vec<std::thread::JoinHandle<Vec<(String, Output)>>> = (0..4)
        .map(|w| {
            let mut cmds: Vec<(String, Command)> = (0..40)
                .map(|i| {
                    let name = format!("app-{w}-{i}");
                    let mut c = env.std_cmd();
                    c.args(["--json", "app", "add", &name]);
                    (name, c)
                })
                .collect();
            std::thread::spawn(move || {
                cmds.iter_mut()
                    .map(|(name, c)| (name.clone(), c.output().unwrap()))
                    .collect()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    server.ctl(&["restart", "-m", "fast"]);
    let mut done = Vec::new();
    let mut failed = 0;
    for w in writers {
        for (name, out) in w.join().unwrap() {
            if out.status.success() {
                done.push(name);
                continue;
            }
            failed += 1;
            let v: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|_| panic!("{name}: not a JSON error: {}", stderr(&out)));
            assert_eq!(out.status.code(), Some(3), "{name}: {v}");
            assert_eq!(error_code(&v), "vault_unreachable", "{name}: {v}");
            assert!(
                v["error"]["hint"]
                    .as_str()
                    .unwrap()
                    .contains("run the command again"),
                "{v}"
            );
            assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        }
    }
    assert!(
        failed > 0,
        "the restart interrupted no command: it came too late"
    );
    assert!(!done.is_empty(), "no command got through");
    // Nothing half-written: the vault checks out, and every command that said it was done is.
    let (v, out) = env.json(&["vault", "verify"]);
    assert!(out.status.success(), "{v}");
    let (v, _) = env.json(&["app", "list"]);
    let listed: Vec<&str> = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["app"]["name"].as_str().unwrap())
        .collect();
    for name in &done {
        assert!(listed.contains(&name.as_str()), "{name} was reported done");
    }
    assert_eq!(advisory_locks(&env), 0);
}

/// The whole vault through the library, secrets revealed, minus what a copy changes.
fn content(env: &TestEnv) -> (serde_json::Value, Vec<serde_json::Value>) {
    let vault = env.open_vault();
    let mut archive =
        serde_json::to_value(connectors::vault::archive::snapshot(&vault).unwrap()).unwrap();
    archive["exported_at"] = serde_json::Value::Null;
    let audit = archive["audit"]
        .as_array_mut()
        .unwrap()
        .drain(..)
        .map(|mut e| {
            e["id"] = serde_json::Value::Null;
            e
        })
        .collect();
    (archive, audit)
}

fn copy_to(env: &TestEnv, to: &str) -> serde_json::Value {
    let (v, out) = env.json(&["vault", "copy", "--to", to]);
    assert!(out.status.success(), "{v}");
    assert!(!contains(&out.stdout, SECRET) && !contains(&out.stderr, SECRET));
    v
}

#[test]
fn vault_copy_to_sqlite_and_back_is_exact() {
    let (env, sb) = setup(&[]);
    for user in ["ada", "bob"] {
        let (v, out) = connect(&env, user, "");
        assert!(out.status.success(), "{v}");
    }
    env.cmd()
        .args(["app", "add", "crm", "--custom-domain", "crm.example.com"])
        .assert()
        .success();
    // A definition stored long ago keeps its time through both copies.
    env.sql().exec(
        "UPDATE providers SET updated_at = '2026-01-01T00:00:00Z'",
        &[],
    );
    let (before, audit_before) = content(&env);
    assert_eq!(before["providers"][0]["updated_at"], "2026-01-01T00:00:00Z");
    let source_dump = env.vault_bytes();

    // PostgreSQL to a file.
    let file = env.path("copy/vault.db");
    let v = copy_to(&env, file.to_str().unwrap());
    assert_eq!(v["from_engine"], "postgres");
    assert_eq!(v["to_engine"], "sqlite");
    assert_eq!(mode(&file), 0o600);
    let mut on_file = TestEnv::empty();
    drop_database(on_file.db.take().as_deref().unwrap());
    on_file.vault = file.clone();
    on_file.key_file = env.key_file.clone();
    // The file is a SQLite vault: checked by SQLite itself.
    let ok: String = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // And back to a new database.
    let db = new_database();
    let back_url = format!("{}{db}", pg_base());
    let v = copy_to(&on_file, &back_url);
    assert_eq!(v["to_engine"], "postgres");
    let mut back = TestEnv::empty();
    drop_database(back.db.take().as_deref().unwrap());
    back.vault = PathBuf::from(&back_url);
    back.db = Some(db);
    back.key_file = env.key_file.clone();

    for copy in [&on_file, &back] {
        let (v, out) = copy.json(&["vault", "verify"]);
        assert!(out.status.success(), "{v}");
    }
    let (after, audit_after) = content(&back);
    assert_eq!(after, before, "every row and secret came back as it was");
    // The audit log came along, and each copy recorded itself on its target.
    let n = audit_before.len();
    assert_eq!(audit_after.len(), n + 2);
    assert_eq!(audit_after[..n], audit_before[..]);
    assert_eq!(audit_after[n]["action"], "vault.copy");
    assert_eq!(audit_after[n + 1]["action"], "vault.copy");
    assert_eq!(audit_after[n]["details"]["from_engine"], "postgres");
    assert_eq!(audit_after[n + 1]["details"]["from_engine"], "sqlite");
    assert_eq!(audit_after[n]["via"], "copy");
    // The source was only read, and the copies work: tokens come from them.
    assert_eq!(env.vault_bytes(), source_dump, "the source is untouched");
    for copy in [&on_file, &back] {
        let (v, out) = copy.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
        assert!(out.status.success(), "{v}");
    }
    drop(sb);
}

#[test]
fn vault_copy_never_overwrites_a_vault_and_an_interrupted_one_is_never_used() {
    let env = TestEnv::with_connector();
    let other = TestEnv::new();
    let before = other.vault_bytes();
    insta::assert_snapshot!(env.seen(&["--json", "vault", "copy", "--to", other.vault.to_str().unwrap()]), @r#"
        $ connectors --json vault copy --to postgres://connectors@127.0.0.1:[PORT]/[DB]
        {
          "error": {
            "code": "vault_exists",
            "hint": "name an empty database or a new file with --to",
            "message": "a vault already exists at postgres://connectors@127.0.0.1:[PORT]/[DB]; it was left untouched"
          }
        }
        --- exit 2
        "#);
    assert_eq!(other.vault_bytes(), before, "left untouched");
    insta::assert_snapshot!(env.seen(&["--json", "vault", "copy", "--to", env.vault.to_str().unwrap()]), @r#"
        $ connectors --json vault copy --to postgres://connectors@127.0.0.1:[PORT]/[DB]
        {
          "error": {
            "code": "copy_onto_itself",
            "hint": "name another file or database with --to",
            "message": "--to names the vault being copied (postgres://connectors@127.0.0.1:[PORT]/[DB])"
          }
        }
        --- exit 2
        "#);

    // A copy that stopped after its first transaction: every command refuses it...
    let db = new_database();
    let url = format!("{}{db}", pg_base());
    copy_to(&env, &url);
    let mut target = TestEnv::empty();
    drop_database(target.db.take().as_deref().unwrap());
    target.vault = PathBuf::from(&url);
    target.db = Some(db);
    target.key_file = env.key_file.clone();
    target.sql().exec(
        "INSERT INTO meta (key, value) VALUES ('copy_incomplete', ?1)",
        &[Val::Bytes(b"the source".to_vec())],
    );
    insta::assert_snapshot!(target.seen(&["--json", "list"]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_incomplete",
            "hint": "run `connectors vault copy --to` with this location again: it starts over",
            "message": "the vault at postgres://connectors@127.0.0.1:[PORT]/[DB] is an interrupted copy of the source; nothing in it is used"
          }
        }
        --- exit 3
        "#);
    // ...and copying again starts over.
    copy_to(&env, &url);
    let (v, out) = target.json(&["show", "Calendar", "--reveal-secret", "--yes"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["client_secret"]["value"], SECRET);

    // A copy still under way (here, a session holding its lock on the target) is never
    // taken for an interrupted one: a second copy is refused at once and discards nothing.
    target.sql().exec(
        "INSERT INTO meta (key, value) VALUES ('copy_incomplete', ?1)",
        &[Val::Bytes(b"the source".to_vec())],
    );
    let mut holder = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let held: bool = holder
        .query_one(
            "SELECT pg_try_advisory_lock($1)",
            &[&connectors::store::PG_COPY_LOCK],
        )
        .unwrap()
        .get(0);
    assert!(held);
    insta::assert_snapshot!(env.seen(&["--json", "vault", "copy", "--to", &url]), @r#"
        $ connectors --json vault copy --to postgres://connectors@127.0.0.1:[PORT]/[DB]
        {
          "error": {
            "code": "copy_in_progress",
            "hint": "wait for it to finish, then look at the target with `connectors vault status --vault ...`",
            "message": "another `connectors vault copy` into postgres://connectors@127.0.0.1:[PORT]/[DB] is under way"
          }
        }
        --- exit 1
        "#);
    // Still the first copy's.
    insta::assert_snapshot!(target.seen(&["--json", "list"]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_incomplete",
            "hint": "run `connectors vault copy --to` with this location again: it starts over",
            "message": "the vault at postgres://connectors@127.0.0.1:[PORT]/[DB] is an interrupted copy of the source; nothing in it is used"
          }
        }
        --- exit 3
        "#);
    // The holder's death frees it.
    drop(holder);
    copy_to(&env, &url);
    let (v, out) = target.json(&["list"]);
    assert!(out.status.success(), "{v}");

    // The same on a file: the lock beside the target, and what a copy killed while building
    // its temporary file left behind goes with the next copy.
    let file = env.path("copies/vault.db");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let locks = env.path("copies/.vault.db.locks");
    std::fs::create_dir_all(&locks).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(locks.join("copy-target.lock"))
        .unwrap();
    lock.lock().unwrap();
    insta::assert_snapshot!(env.seen(&["--json", "vault", "copy", "--to", file.to_str().unwrap()]), @r#"
        $ connectors --json vault copy --to [HOME]/copies/vault.db
        {
          "error": {
            "code": "copy_in_progress",
            "hint": "wait for it to finish, then look at the target with `connectors vault status --vault ...`",
            "message": "another `connectors vault copy` into [HOME]/copies/vault.db is under way"
          }
        }
        --- exit 1
        "#);
    assert!(!file.exists());
    lock.unlock().unwrap();
    let stale = env.path("copies/.vault.db.init-copy");
    std::fs::write(&stale, b"left by a copy killed while building it").unwrap();
    copy_to(&env, file.to_str().unwrap());
    assert!(!stale.exists(), "the stale temporary file was removed");
    let mut on_file = TestEnv::empty();
    drop_database(on_file.db.take().as_deref().unwrap());
    on_file.vault = file.clone();
    on_file.key_file = env.key_file.clone();
    let (v, out) = on_file.json(&["show", "Calendar", "--reveal-secret", "--yes"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["client_secret"]["value"], SECRET);
}

#[test]
fn pg_dump_of_a_vault_holds_ciphertext_only() {
    let (env, _sb) = setup(&[]);
    let (v, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{v}");
    let (t, _) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    let token = t["token"].as_str().unwrap().to_string();
    let (s, _) = env.json(&["show", "Sandbox", "--reveal-secret", "--yes"]);
    let secret = s["client_secret"]["value"].as_str().unwrap().to_string();
    let bin = std::env::var("CONNECTORS_TEST_PG_BIN").expect("CONNECTORS_TEST_PG_BIN");
    let out = Command::new(Path::new(&bin).join("pg_dump"))
        .arg(env.vault.to_str().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dump = stdout(&out);
    assert!(dump.contains("COPY public.connections"), "a real dump");
    let key = std::fs::read_to_string(&env.key_file).unwrap();
    let key_line = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    for plain in [token.as_str(), secret.as_str(), key_line] {
        assert!(!dump.contains(plain), "plaintext in the dump");
        assert!(
            !dump.contains(&hex(plain)),
            "hex-encoded plaintext in the dump"
        );
    }
    // The sealed values are there, as age ciphertext.
    assert!(dump.contains(&hex("age-encryption.org/v1")));
}

#[test]
fn a_password_comes_from_the_password_file_and_never_from_argv() {
    let mut admin = pg_admin();
    let db = new_database();
    let password = "pw-Canary-5d1e";
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'secretive') THEN CREATE ROLE secretive LOGIN; END IF; END $$;
             ALTER ROLE secretive PASSWORD '{password}';
             ALTER DATABASE {db} OWNER TO secretive;"
        ))
        .unwrap();
    let base = pg_base();
    let mut env = TestEnv::empty();
    drop_database(env.db.take().as_deref().unwrap());
    env.db = Some(db.clone());
    let host = base
        .trim_start_matches("postgres://connectors@")
        .trim_end_matches('/')
        .to_string();
    env.vault = PathBuf::from(format!("postgres://secretive@{host}/{db}"));
    let (port, hostname) = (host.rsplit(':').next().unwrap(), "127.0.0.1");
    let pgpass = env.path("pgpass");
    std::fs::write(
        &pgpass,
        format!("{hostname}:{port}:{db}:secretive:{password}\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    // A password file that others can read is ignored, as libpq does, with a warning.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .bare()
        .env("PGPASSFILE", &pgpass)
        .args(["--json", "vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "vault_auth", "{v}");
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = env
        .bare()
        .env("PGPASSFILE", &pgpass)
        .args(["vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env
        .cmd()
        .env("PGPASSWORD", password)
        .args(["--json", "vault", "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The password in the command line's URL is refused; in CONNECTORS_VAULT it is used.
    let with_password = format!("postgres://secretive:{password}@{host}/{db}");
    let out = env
        .cmd()
        .args(["--json", "--vault", &with_password, "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!contains(&out.stdout, password) && !contains(&out.stderr, password));
    let out = env
        .cmd()
        .env("CONNECTORS_VAULT", &with_password)
        .args(["--json", "vault", "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!contains(&out.stdout, password) && !contains(&out.stderr, password));
    drop(admin);
}

/// A CA and a server certificate for 127.0.0.1 (and no other name), as PEM.
fn certificates() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "connectors test CA");
    let ca = ca.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    server
        .distinguished_name
        .push(rcgen::DnType::CommonName, "127.0.0.1");
    let cert = server.signed_by(&key, &ca, &ca_key).unwrap();
    (ca.pem(), cert.pem(), key.serialize_pem())
}

#[test]
fn tls_follows_sslmode_and_verifies_the_server() {
    let server = OwnServer::start();
    let data = server.dir.path().join("pg").join("data");
    let (ca, cert, key) = certificates();
    let owner = {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(&data).unwrap();
        (m.uid(), m.gid())
    };
    for (name, text) in [("server.crt", &cert), ("server.key", &key)] {
        let p = data.join(name);
        std::fs::write(&p, text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::chown(&p, Some(owner.0), Some(owner.1)).unwrap();
    }
    let mut conf = std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .unwrap();
    use std::io::Write as _;
    writeln!(
        conf,
        "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'"
    )
    .unwrap();
    // Over TCP, only TLS connections are let in.
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
    )
    .unwrap();
    server.ctl(&["restart", "-m", "fast"]);
    let mut admin = postgres::Client::connect(
        &format!(
            "{}postgres?host={}",
            server.url,
            server.dir.path().join("pg").display()
        ),
        postgres::NoTls,
    )
    .unwrap();
    admin.batch_execute("CREATE DATABASE tls").unwrap();
    let env = TestEnv::empty();
    let ca_file = env.path("ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();
    let (other_ca, _, _) = certificates();
    let other_ca_file = env.path("other-ca.pem");
    std::fs::write(&other_ca_file, &other_ca).unwrap();
    let port = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let url = |host: &str, query: &str| format!("postgres://connectors@{host}:{port}/tls?{query}");
    let run = |vault: &str, args: &[&str]| -> (serde_json::Value, Output) {
        let out = env
            .bare()
            .env("CONNECTORS_VAULT", vault)
            .env("CONNECTORS_KEY_FILE", &env.key_file)
            .arg("--json")
            .args(args)
            .output()
            .unwrap();
        (
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null),
            out,
        )
    };
    // What a person sees of `connectors --json list` on `vault`, with `vars` set.
    let list_seen = |vault: &str, vars: &[(&str, &str)]| {
        let vars = [&[("CONNECTORS_VAULT", vault)][..], vars].concat();
        env.seen_with(&["--json", "list"], &vars)
    };
    let verified = url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={}", ca_file.display()),
    );
    let out = env
        .bare()
        .env("CONNECTORS_VAULT", &verified)
        .args(["vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Plain text is not let in, and says so in the server's words.
    insta::assert_snapshot!(list_seen(&url("127.0.0.1", "sslmode=disable"), &[]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_auth",
            "hint": "put the role's password in PGPASSWORD or ~/.pgpass (mode 0600), and check the user name in the URL",
            "message": "PostgreSQL refused the login: no pg_hba.conf entry for host \"127.0.0.1\", user \"connectors\", database \"tls\", no encryption"
          }
        }
        --- exit 3
        "#);
    // A certificate from another CA is refused, before anything is sent.
    let mut seen = String::new();
    for mode in ["verify-full", "verify-ca", "require"] {
        let other = format!("sslmode={mode}&sslrootcert={}", other_ca_file.display());
        seen.push_str(&format!("# sslmode={mode}\n"));
        seen.push_str(&list_seen(&url("127.0.0.1", &other), &[]));
    }
    insta::assert_snapshot!(seen, @r#"
        # sslmode=verify-full
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: BadSignature"
          }
        }
        --- exit 3
        # sslmode=verify-ca
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: BadSignature"
          }
        }
        --- exit 3
        # sslmode=require
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: BadSignature"
          }
        }
        --- exit 3
        "#);
    // The public roots do not vouch for a private CA.
    let system = url("127.0.0.1", "sslmode=verify-full&sslrootcert=system");
    insta::assert_snapshot!(list_seen(&system, &[]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: UnknownIssuer"
          }
        }
        --- exit 3
        "#);
    // The right CA but another name: verify-full refuses, verify-ca accepts.
    let right_ca = format!("sslmode=verify-full&sslrootcert={}", ca_file.display());
    insta::assert_snapshot!(list_seen(&url("localhost", &right_ca), &[]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: certificate not valid for name \"localhost\"; certificate is only valid for IpAddress(127.0.0.1)"
          }
        }
        --- exit 3
        "#);
    for query in [
        format!("sslmode=verify-ca&sslrootcert={}", ca_file.display()),
        "sslmode=require".to_string(),
        // Loopback's default: TLS when offered, as here.
        String::new(),
    ] {
        let (v, out) = run(&url("localhost", &query), &["list"]);
        assert!(out.status.success(), "{query}: {v}");
    }
    let (v, out) = run(&verified, &["vault", "status"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["engine"], "postgres");
    // PGSSLMODE and PGSSLROOTCERT stand in for what the URL leaves out, as with libpq.
    let with_env = |host: &str, mode: &str, root: &Path| {
        env.bare()
            .env("CONNECTORS_VAULT", url(host, ""))
            .env("CONNECTORS_KEY_FILE", &env.key_file)
            .env("PGSSLMODE", mode)
            .env("PGSSLROOTCERT", root)
            .args(["--json", "list"])
            .output()
            .unwrap()
    };
    let out = with_env("127.0.0.1", "verify-full", &ca_file);
    assert!(out.status.success(), "{}", stderr(&out));
    let other_ca = other_ca_file.to_str().unwrap();
    let vars = [("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", other_ca)];
    insta::assert_snapshot!(list_seen(&url("127.0.0.1", ""), &vars), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: BadSignature"
          }
        }
        --- exit 3
        "#);
    let vars = [
        ("PGSSLMODE", "verify-full"),
        ("PGSSLROOTCERT", ca_file.to_str().unwrap()),
    ];
    insta::assert_snapshot!(list_seen(&url("localhost", ""), &vars), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_tls",
            "hint": "give the server's CA certificate with sslrootcert=PATH in the URL (verify-full checks that it also names the host), or see `sslmode` in the README",
            "message": "the TLS connection to PostgreSQL failed: error performing TLS handshake: invalid peer certificate: certificate not valid for name \"localhost\"; certificate is only valid for IpAddress(127.0.0.1)"
          }
        }
        --- exit 3
        "#);
}

#[test]
fn code_attached_to_the_vault_tables_by_someone_else_is_refused() {
    let env = TestEnv::with_connector();
    // The tables' owner attaches a trigger: it would run with the privileges of whoever
    // runs connectors, inside their transactions.
    env.sql().batch(
        "CREATE FUNCTION planted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER planted BEFORE UPDATE ON connectors FOR EACH ROW EXECUTE FUNCTION planted();
         CREATE RULE quiet AS ON DELETE TO audit DO INSTEAD NOTHING;",
    );
    insta::assert_snapshot!(env.seen(&["--json", "list"]), @r#"
        $ connectors --json list
        {
          "error": {
            "code": "vault_foreign_code",
            "hint": "ask the database's owner why they are there, and drop them (DROP TRIGGER / DROP RULE) before using this vault",
            "message": "the vault's tables at postgres://connectors@127.0.0.1:[PORT]/[DB] carry triggers or rules that connectors did not create (audit.quiet, connectors.planted); they would run with your role's privileges, so nothing was done"
          }
        }
        --- exit 3
        "#);
    env.sql()
        .batch("DROP TRIGGER planted ON connectors; DROP RULE quiet ON audit;");
    let (v, out) = env.json(&["list"]);
    assert!(out.status.success(), "{v}");
}

#[test]
fn a_refresh_whose_lock_was_lost_stores_nothing() {
    // A rotating provider with reuse detection, answering 3 s after it has rotated.
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 3000);
    configure(&env, &sb, r#"{"rotation": true}"#);
    let refresh = spawn_token(&env, "ada", None);
    // While it waits for the provider (which has rotated the refresh token already), the
    // session that holds its lock is ended (an administrator's pg_terminate_backend, a
    // proxy cutting idle connections).
    let start = Instant::now();
    while configure(&env, &sb, "{}")["counters"]["refreshes"] == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no refresh arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sql = env.sql();
    let ended: i64 = loop {
        let n: i64 = sql.one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks \
             WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND mode = 'ExclusiveLock' \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[],
        );
        if n > 0 || start.elapsed() > Duration::from_secs(10) {
            break n;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(ended > 0, "the refresh never took its lock");
    let out = finish(refresh, Duration::from_secs(30));
    let v = json_of(&out);
    assert_eq!(out.status.code(), Some(3), "{v} {}", stderr(&out));
    assert_eq!(error_code(&v), "lock_lost", "{v}");
    // Nothing of that refresh was stored: the row does not claim a grant that another
    // process could not know about, and what the provider rotated was revoked, so the
    // connection asks for its person again instead of reusing a retired token.
    let (v, out) = env.json(&["connections"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        v["connections"][0]["connection"]["status"], "needs_reconnect",
        "{v}"
    );
}

/// A vault with app `demo`, connector "Sandbox" and ada's connection, expired, in
/// database `name` of a server of the test's own; the provider rotates refresh tokens,
/// detects their reuse, and answers a refresh `delay_ms` after it has rotated.
fn expired_on_own_server(
    server: &OwnServer,
    name: &str,
    delay_ms: u64,
) -> (TestEnv, crate::sandbox::Sandbox) {
    let mut admin =
        postgres::Client::connect(&format!("{}postgres", server.url), postgres::NoTls).unwrap();
    // As a production server commits (the tests' servers do not wait for the disk): an
    // immediate restart must not lose what the test itself wrote before it.
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {name} SET synchronous_commit = on"
        ))
        .unwrap();
    let mut env = TestEnv::empty();
    drop_database(env.db.take().as_deref().unwrap());
    env.vault = PathBuf::from(format!("{}{name}", server.url));
    env.bare()
        .args(["vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .assert()
        .success();
    env.cmd().args(["app", "add", "demo"]).assert().success();
    let sb = crate::sandbox::start(&env, &[]);
    env.cmd()
        .args(["sandbox", "register", "--info-file"])
        .arg(&sb.info)
        .assert()
        .success();
    let (_, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    crate::grants::expire_all(&env);
    configure(
        &env,
        &sb,
        &format!(r#"{{"rotation": true, "token_delay_ms": {delay_ms}}}"#),
    );
    (env, sb)
}

/// Waits until the provider has received `n` refreshes.
fn until_refreshes(env: &TestEnv, sb: &crate::sandbox::Sandbox, n: u64) {
    let start = Instant::now();
    while configure(env, sb, "{}")["counters"]["refreshes"]
        .as_u64()
        .unwrap()
        < n
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no refresh arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_restart_while_a_refresh_waits_keeps_the_grant() {
    let server = OwnServer::start();
    let (env, sb) = expired_on_own_server(&server, "restart_refresh", 3000);
    for (round, mode) in ["fast", "immediate"].into_iter().enumerate() {
        // The server goes down and comes back while the provider, which has rotated the
        // refresh token already, takes 3 s to answer.
        let refresh = spawn_token(&env, "ada", None);
        until_refreshes(&env, &sb, round as u64 + 1);
        server.ctl(&["restart", "-m", mode]);
        let out = finish(refresh, Duration::from_secs(60));
        let v = json_of(&out);
        assert!(out.status.success(), "{mode}: {v} {}", stderr(&out));
        // What the provider issued was stored: the connection is active with the rotated
        // refresh token, which the next refresh spends without tripping reuse detection.
        let (v, out) = env.json(&["connections"]);
        assert!(out.status.success(), "{v}");
        assert_eq!(
            v["connections"][0]["connection"]["status"], "active",
            "{mode}: {v}"
        );
        crate::grants::expire_all(&env);
    }
    configure(&env, &sb, r#"{"token_delay_ms": 0}"#);
    let (v, out) = env.json(&["refresh", "Sandbox", "--user", "ada"]);
    assert!(out.status.success(), "{v} {}", stderr(&out));
    let state = configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["reuse_detected"], 0, "{state}");
    assert_eq!(state["counters"]["refreshes"], 3, "{state}");
}

#[test]
fn a_refresh_whose_result_cannot_be_stored_leaves_the_connection_saying_so() {
    let server = OwnServer::start();
    let (env, sb) = expired_on_own_server(&server, "gone_refresh", 1500);
    // The server goes down for longer than the refresh keeps its result (30 s).
    let refresh = env
        .std_cmd()
        .args(["--json", "refresh", "Sandbox", "--user", "ada"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    until_refreshes(&env, &sb, 1);
    server.ctl(&["stop", "-m", "fast"]);
    let out = finish(refresh, Duration::from_secs(90));
    let v = json_of(&out);
    // The vault's failure, exit 3, and what became of the result.
    assert_eq!(out.status.code(), Some(3), "{v} {}", stderr(&out));
    let error = &v["results"][0]["error"];
    assert_eq!(error["code"], "vault_unreachable", "{v}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("revoked there"), "{message}");
    assert!(message.contains("shows `refreshing`"), "{message}");
    server.ctl(&["start"]);
    // The row does not claim an active grant: it says a refresh did not store its result.
    let (v, out) = env.json(&["connections"]);
    assert!(out.status.success(), "{v}");
    let c = &v["connections"][0]["connection"];
    assert_eq!(c["status"], "refreshing", "{v}");
    assert!(
        c["status_reason"]
            .as_str()
            .unwrap()
            .contains("has not stored its result"),
        "{v}"
    );
    // The next refresh tells: the provider rotated, so the stored refresh token is retired,
    // and the person must connect again (no silent reuse of a retired token).
    configure(&env, &sb, r#"{"token_delay_ms": 0}"#);
    let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "needs_reconnect", "{v}");
    let (v, _) = env.json(&["connections"]);
    let reason = v["connections"][0]["connection"]["status_reason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("was interrupted"), "{reason}");
}

#[test]
fn a_consent_started_on_one_host_is_finished_once_on_two_others() {
    let (env, _sb) = setup(&[]);
    let hosts = [Host::new(&env), Host::new(&env), Host::new(&env)];
    // Host 0 is the web server that started the consent…
    let out = hosts[0]
        .cmd(&env)
        .args([
            "--json",
            "connect-url",
            "Sandbox",
            "--app",
            "demo",
            "--user",
            "ada",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let started = json_of(&out);
    let answered = env
        .cmd()
        .args(["sandbox", "answer", "--print", "--user", "ada@example.test"])
        .arg(started["authorization_url"].as_str().unwrap())
        .output()
        .unwrap();
    let url = stdout(&answered).trim().to_string();
    // …and hosts 1 and 2 both receive the callback (a load balancer's retry) at once.
    let children: Vec<Child> = hosts[1..]
        .iter()
        .map(|h| {
            h.cmd(&env)
                .args(["--json", "callback", "--app", "demo", &url])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| finish(c, Duration::from_secs(60)))
        .collect();
    let done: Vec<&Output> = outs.iter().filter(|o| o.status.success()).collect();
    assert_eq!(done.len(), 1, "one grant");
    assert_eq!(
        json_of(done[0])["connection"]["account"],
        "ada@example.test"
    );
    let other = outs.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(error_code(&json_of(other)), "authorization_used");
    assert_eq!(advisory_locks(&env), 0);
}
