//! An attacker who can write the vault file but does not hold its key. Sealing needs only
//! the public key the vault itself holds, so ciphertexts can be forged; plain columns can
//! be changed at will. Every such change is refused with `vault_tampered` (exit 3) before
//! anything is sent anywhere, a change never gets signed by a later command, and `vault
//! verify` names the row.

use std::io::ErrorKind;
use std::net::TcpListener;
use std::str::FromStr;

use crate::sandbox::{Sandbox, answer_as, configure, connect, connect_cmd, setup};
use crate::support::*;
use serde_json::Value;

/// A listener standing in for the attacker's endpoint: counts the connections it gets.
struct Trap {
    listener: TcpListener,
}

impl Trap {
    fn new() -> Trap {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Trap { listener }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "http://127.0.0.1:{}{path}",
            self.listener.local_addr().unwrap().port()
        )
    }

    fn hits(&self) -> usize {
        let mut n = 0;
        loop {
            match self.listener.accept() {
                Ok(_) => n += 1,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return n,
                Err(e) => panic!("{e}"),
            }
        }
    }
}

fn connected() -> (TestEnv, Sandbox) {
    let (env, sb) = setup(&[]);
    let (v, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{v} {}", stderr(&out));
    (env, sb)
}

fn meta(env: &TestEnv, key: &str) -> String {
    let v: Vec<u8> = env
        .sql()
        .one("SELECT value FROM meta WHERE key = ?1", &[key.into()]);
    String::from_utf8(v).unwrap()
}

/// Asserts a refusal for tampering that names `row`, and that `leak` is nowhere in it.
fn assert_refused(out: &std::process::Output, row: &str, leak: Option<&str>) {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(out.status.code(), Some(3), "{v} {}", stderr(out));
    let text = format!("{v}");
    assert!(text.contains("vault_tampered"), "{text}");
    assert!(text.contains(row), "{text}");
    if let Some(leak) = leak {
        assert!(!contains(&out.stdout, leak) && !contains(&out.stderr, leak));
    }
}

/// The sandbox provider's definition kept in the vault, with its token endpoint moved.
fn moved_definition(env: &TestEnv, token_url: &str) -> Value {
    let definition: String = env.sql().one(
        "SELECT definition FROM providers WHERE name = 'sandbox'",
        &[],
    );
    let mut d: Value = serde_json::from_str(&definition).unwrap();
    d["token_url"] = Value::String(token_url.to_string());
    d
}

/// `connectors --json token Sandbox --app demo --user ada`.
fn token(env: &TestEnv) -> std::process::Output {
    env.cmd()
        .args([
            "--json", "token", "Sandbox", "--app", "demo", "--user", "ada",
        ])
        .output()
        .unwrap()
}

fn counters(env: &TestEnv, sb: &Sandbox) -> Value {
    configure(env, sb, "{}")["counters"].clone()
}

fn verify(env: &TestEnv) -> (Value, std::process::Output) {
    env.json(&["vault", "verify"])
}

#[test]
fn a_forged_access_token_is_never_returned() {
    let (env, _sb) = connected();
    let (v, _) = verify(&env);
    assert_eq!(v["ok"], true, "{v}");
    // Sealed to the vault's own public key, bound to the right row and column: it
    // decrypts, but the row's MAC was not written with it.
    let id: i64 = env.sql().one("SELECT id FROM connections", &[]);
    let vault_id = meta(&env, "vault_id");
    let recipient = age::x25519::Recipient::from_str(&meta(&env, "recipient")).unwrap();
    let forged = connectors::vault::envelope::seal(
        &recipient,
        connectors::vault::Binding {
            vault_id: &vault_id,
            table: "connections",
            column: "access_token",
            row: id,
        },
        b"forged-token-by-the-attacker",
    )
    .unwrap();
    env.sql()
        .exec("UPDATE connections SET access_token = ?1", &[forged.into()]);
    let out = token(&env);
    assert_refused(
        &out,
        "the connection of connector 'Sandbox' for app 'demo', user 'ada'",
        Some("forged-token-by-the-attacker"),
    );
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["ok"], false);
    assert_eq!(v["rows"][0]["table"], "connections");
    assert_eq!(v["rows"][0]["problem"], "mac_mismatch");
    // The forged token itself decrypts: the MAC is what caught it.
    assert_eq!(v["secrets"], serde_json::json!([]));
}

#[test]
fn a_token_url_pointed_elsewhere_receives_nothing() {
    let (env, sb) = connected();
    let trap = Trap::new();
    let mut d = moved_definition(&env, &trap.url("/token"));
    d["revocation_url"] = Value::String(trap.url("/revoke"));
    env.sql().exec(
        "UPDATE providers SET definition = ?1 WHERE name = 'sandbox'",
        &[d.to_string().into()],
    );
    let before = counters(&env, &sb);
    for args in [
        &["refresh", "Sandbox", "--user", "ada"][..],
        &["disconnect", "Sandbox", "--app", "demo", "--user", "ada"][..],
        &["doctor", "Sandbox"][..],
    ] {
        let out = env.cmd().arg("--json").args(args).output().unwrap();
        assert_refused(
            &out,
            "the vault's definition of provider 'sandbox'",
            Some(SECRET),
        );
    }
    assert_eq!(trap.hits(), 0, "the attacker's endpoint got a request");
    assert_eq!(counters(&env, &sb), before);
    let (v, _) = verify(&env);
    assert_eq!(v["rows"][0]["table"], "providers", "{v}");
}

#[test]
fn changed_connector_settings_are_refused_before_the_browser_or_the_provider() {
    let (env, sb) = connected();
    let copy = env.save();
    let before = counters(&env, &sb);
    for change in [
        "UPDATE connectors SET client_id = 'attacker-client'",
        "UPDATE connectors SET redirect_uris = 'https://attacker.example/callback'",
        "UPDATE connectors SET scopes = scopes || '\nadmin'",
        "UPDATE connectors SET client_secret_mac = substr(client_secret, 1, 1)",
        "UPDATE connectors SET row_mac = NULL",
    ] {
        env.restore(&copy);
        env.sql().exec(change, &[]);
        // A browser that would record being started.
        let started = env.path("browser-started");
        let browser = format!("touch {}; {}", started.display(), answer_as("ada", ""));
        let out = connect_cmd(&env, "demo", "bob", &browser).output().unwrap();
        assert_refused(&out, "connector 'Sandbox' (row 1)", None);
        assert!(!started.exists(), "{change}: the browser was started");
        let out = env
            .cmd()
            .args(["--json", "refresh", "Sandbox", "--user", "ada"])
            .output()
            .unwrap();
        assert_refused(&out, "connector 'Sandbox' (row 1)", None);
        // An edit does not sign what the attacker wrote.
        let out = env
            .cmd()
            .args(["--json", "edit", "Sandbox", "--add-scope", "profile"])
            .output()
            .unwrap();
        assert_refused(&out, "connector 'Sandbox' (row 1)", None);
        let (v, out) = verify(&env);
        assert_eq!(out.status.code(), Some(1), "{change}: {v}");
        assert_eq!(v["rows"][0]["table"], "connectors");
    }
    assert_eq!(counters(&env, &sb), before);
}

#[test]
fn a_status_flipped_back_to_active_is_refused() {
    let (env, sb) = connected();
    configure(&env, &sb, r#"{"revoke_refresh_tokens": true}"#);
    let (_, out) = env.json(&["refresh", "Sandbox", "--user", "ada"]);
    assert_eq!(out.status.code(), Some(1));
    let out = token(&env);
    assert_eq!(
        out.status.code(),
        Some(1),
        "needs_reconnect: {}",
        stderr(&out)
    );
    env.sql().exec(
        "UPDATE connections SET status = 'active', status_reason = NULL",
        &[],
    );
    let out = token(&env);
    assert_refused(&out, "user 'ada'", None);
    // Connecting again replaces the whole grant, and repairs the row.
    configure(&env, &sb, r#"{"revoke_refresh_tokens": false}"#);
    let (v, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{v}");
    let (v, out) = verify(&env);
    assert!(out.status.success(), "{v}");
}

#[test]
fn a_provider_row_named_otherwise_cannot_redirect_a_built_in_provider() {
    // The catalog merges a stored row by the name inside its JSON: a row called "zzz"
    // holding a definition of "sandbox" takes part in sandbox's definition, and is checked.
    let (env, sb) = connected();
    let trap = Trap::new();
    let d = moved_definition(&env, &trap.url("/token"));
    env.sql().exec(
        "INSERT INTO providers (name, definition, updated_at) VALUES ('zzz', ?1, 'x')",
        &[d.to_string().into()],
    );
    let before = counters(&env, &sb);
    let out = env
        .cmd()
        .args(["--json", "refresh", "Sandbox", "--user", "ada"])
        .output()
        .unwrap();
    assert_refused(&out, "provider 'zzz'", Some(SECRET));
    assert_eq!(trap.hits(), 0);
    assert_eq!(counters(&env, &sb), before);
}

#[test]
fn swapped_app_names_lead_to_no_other_grant() {
    let (env, _sb) = connected();
    env.cmd().args(["app", "add", "other"]).assert().success();
    // The grant is ada's on app demo; renaming the apps outside connectors would make
    // `--app other` find it.
    let sql = env.sql();
    sql.batch(
        "UPDATE apps SET name = 'tmp' WHERE name = 'demo';
         UPDATE apps SET name = 'demo' WHERE name = 'other';
         UPDATE apps SET name = 'other' WHERE name = 'tmp';",
    );
    drop(sql);
    let out = env
        .cmd()
        .args([
            "--json", "token", "Sandbox", "--app", "other", "--user", "ada",
        ])
        .output()
        .unwrap();
    assert_refused(&out, "app 'other'", None);
}

/// Makes the vault look like one from before row MACs: every MAC cleared, the mark gone,
/// and (with `pending`) the note the migration to row MACs leaves.
fn strip(env: &TestEnv, pending: bool) {
    let sql = env.sql();
    for table in [
        "workspaces",
        "apps",
        "providers",
        "connectors",
        "connections",
        "pending_authorizations",
    ] {
        sql.exec(&format!("UPDATE {table} SET row_mac = NULL"), &[]);
    }
    sql.exec("DELETE FROM meta WHERE key = 'row_macs'", &[]);
    if pending {
        sql.exec(
            "INSERT INTO meta (key, value) VALUES ('row_macs_pending', 'x')",
            &[],
        );
    }
}

/// How many rows carry a MAC, and how many `vault.rows_signed` entries the audit log has.
fn signed_state(env: &TestEnv) -> (i64, i64) {
    let sql = env.sql();
    let macs: i64 = sql.one(
        "SELECT (SELECT count(*) FROM workspaces WHERE row_mac IS NOT NULL)
              + (SELECT count(*) FROM apps WHERE row_mac IS NOT NULL)
              + (SELECT count(*) FROM providers WHERE row_mac IS NOT NULL)
              + (SELECT count(*) FROM connectors WHERE row_mac IS NOT NULL)
              + (SELECT count(*) FROM connections WHERE row_mac IS NOT NULL)
              + (SELECT count(*) FROM pending_authorizations WHERE row_mac IS NOT NULL)",
        &[],
    );
    let entries: i64 = sql.one(
        "SELECT count(*) FROM audit WHERE action = 'vault.rows_signed'",
        &[],
    );
    (macs, entries)
}

/// The key file as an older connectors wrote it: without the line that records that its
/// vault's rows are signed.
fn forget_signing(env: &TestEnv) {
    let text = std::fs::read_to_string(&env.key_file).unwrap();
    assert!(
        text.contains("# connectors: this key's vault has signed rows"),
        "{text}"
    );
    let old: String = text
        .lines()
        .filter(|l| !l.contains("signed rows"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&env.key_file, old).unwrap();
}

/// An archive of the vault, exported to the vault's own key.
fn own_archive(env: &TestEnv) -> std::path::PathBuf {
    let text = std::fs::read_to_string(&env.key_file).unwrap();
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let archive = env.path("own.age");
    let out = env
        .cmd()
        .args(["--json", "vault", "export", "-r", &public, "-o"])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    archive
}

fn import_dry_run(env: &TestEnv, archive: &std::path::Path) -> std::process::Output {
    env.cmd()
        .args(["--json", "vault", "import", "--dry-run", "--identity"])
        .arg(&env.key_file)
        .arg(archive)
        .output()
        .unwrap()
}

/// What a person sees of `connectors --json vault import --dry-run` of `archive`.
fn import_dry_run_seen(env: &TestEnv, archive: &std::path::Path) -> String {
    env.seen(&[
        "--json",
        "vault",
        "import",
        "--dry-run",
        "--identity",
        env.key_file.to_str().unwrap(),
        archive.to_str().unwrap(),
    ])
}

#[test]
fn stripped_integrity_data_is_refused_and_never_signed_by_a_command() {
    let (env, _sb) = connected();
    // Integrity data stripped from a vault that had it: refused, nothing is signed.
    let copy = env.save();
    strip(&env, false);
    let out = token(&env);
    assert_refused(&out, "integrity data was removed", None);
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["mark"], "missing", "{v}");
    assert_eq!(v["rows"].as_array().unwrap().len(), 6);
    env.restore(&copy);
    // A pending note beside rows that have MACs is not what a migration leaves.
    env.sql().batch(
        "DELETE FROM meta WHERE key = 'row_macs';
             INSERT INTO meta (key, value) VALUES ('row_macs_pending', 'x');
             UPDATE connectors SET client_id = 'attacker-client', row_mac = NULL;",
    );
    let out = token(&env);
    assert_refused(&out, "integrity data was removed", None);
    env.restore(&copy);
    // Made to look like a vault from before row MACs, with a change slipped in: the key
    // (made by this connectors) records that its vault's rows are signed, so every command
    // with the key refuses, `verify` reports it and writes nothing, and `sign-rows` will
    // not sign it.
    let archive = own_archive(&env);
    strip(&env, true);
    env.sql()
        .exec("UPDATE connectors SET client_id = 'attacker-client'", &[]);
    let out = import_dry_run(&env, &archive);
    assert_refused(&out, "its key records that they were", None);
    for args in [
        vec![
            "--json", "token", "Sandbox", "--app", "demo", "--user", "ada",
        ],
        vec!["--json", "vault", "status"],
        vec!["--json", "refresh", "Sandbox", "--user", "ada"],
        vec!["--json", "vault", "sign-rows", "--yes"],
        vec![
            "--json",
            "vault",
            "export",
            "-r",
            "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
            "-o",
        ],
    ] {
        let mut cmd = env.cmd();
        cmd.args(&args);
        if args.last() == Some(&"-o") {
            cmd.arg(env.path("stripped.age"));
        }
        let out = cmd.output().unwrap();
        assert_refused(&out, "its key records that they were", None);
    }
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(
        (v["ok"].clone(), v["mark"].clone()),
        (false.into(), "missing".into()),
        "{v}"
    );
    assert_eq!(signed_state(&env), (0, 0), "nothing was signed");
    // Listing needs no key, and changes nothing.
    env.cmd().args(["list"]).assert().success();
    assert_eq!(signed_state(&env), (0, 0));
}

#[test]
fn a_vault_from_before_row_macs_is_signed_only_by_the_admin() {
    let (env, _sb) = connected();
    // An older key (no signing record) and a vault as the migration to row MACs leaves it.
    forget_signing(&env);
    strip(&env, true);
    insta::assert_snapshot!(env.seen(&["--json", "token", "Sandbox", "--app", "demo", "--user", "ada"]), @r#"
        $ connectors --json token Sandbox --app demo --user ada
        {
          "error": {
            "code": "rows_unsigned",
            "hint": "if this vault really comes from an older connectors, review its rows and sign them: `connectors vault sign-rows`; if it was signed before, someone stripped its integrity data: restore it from a backup",
            "message": "this vault's rows carry no integrity MACs, as in a vault from before row signing; nothing in it was used or sent anywhere"
          }
        }
        --- exit 3
        "#);
    // `verify` reports it, and signs nothing.
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["mark"], "unsigned", "{v}");
    assert_eq!(signed_state(&env), (0, 0));
    // The admin sees the rows first; a script must say --yes.
    let (v, out) = env.json(&["vault", "sign-rows", "--dry-run"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["signed"], false, "{v}");
    let rows: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    // Workspace, app, provider, connector, connection, and the consent that made it.
    assert_eq!(rows.len(), 6, "{v}");
    assert!(
        rows.iter().any(|r| r.contains("connector 'Sandbox'")),
        "{v}"
    );
    insta::assert_snapshot!(env.seen(&["--json", "vault", "sign-rows"]), @r#"
        $ connectors --json vault sign-rows
        {
          "error": {
            "code": "confirmation_required",
            "hint": "review them with --dry-run, then pass --yes (scripts), or run on a terminal",
            "message": "signing the vault's rows needs confirmation"
          }
        }
        --- exit 2
        "#);
    assert_eq!(signed_state(&env), (0, 0));
    let (v, out) = env.json(&["vault", "sign-rows", "--yes"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["signed"], true, "{v}");
    assert_eq!(v["key_record"]["status"], "added", "{v}");
    assert_eq!(signed_state(&env), (6, 1));
    assert!(
        std::fs::read_to_string(&env.key_file)
            .unwrap()
            .contains("# connectors: this key's vault has signed rows")
    );
    let (v, out) = verify(&env);
    assert!(out.status.success(), "{v}");
    let out = env
        .cmd()
        .args(["refresh", "Sandbox", "--user", "ada"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Signed once, never again: nothing left to sign, and a stripped copy is tampering.
    insta::assert_snapshot!(env.seen(&["--json", "vault", "sign-rows", "--yes"]), @r#"
        $ connectors --json vault sign-rows --yes
        {
          "error": {
            "code": "rows_unsigned",
            "hint": "`connectors vault verify` checks them",
            "message": "this vault's rows are signed already; there is nothing to sign"
          }
        }
        --- exit 3
        "#);
    strip(&env, true);
    assert_refused(&token(&env), "its key records that they were", None);
}

#[test]
fn a_vault_signed_before_keys_recorded_it_gets_the_record() {
    let (env, _sb) = connected();
    // A key file written before keys carried the record, beside a signed vault: the first
    // command that checks the mark adds the record to the key file.
    forget_signing(&env);
    let out = token(&env);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&env.key_file).unwrap();
    assert!(
        text.contains("# connectors: this key's vault has signed rows"),
        "{text}"
    );
    assert_eq!(
        text.matches("AGE-SECRET-KEY-1").count(),
        1,
        "the key is kept once"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&env.key_file)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    strip(&env, true);
    assert_refused(&token(&env), "its key records that they were", None);
}

#[test]
fn a_vault_made_to_look_older_than_its_key_is_refused() {
    if on_postgres() {
        // A PostgreSQL vault has had row MACs since its first schema.
        return;
    }
    let (env, _sb) = connected();
    let archive = own_archive(&env);
    // The row MAC columns dropped and the schema version lowered to the one before them:
    // the migration brings them back, empty, with its pending note; the key says better.
    env.sql().batch(
        "ALTER TABLE workspaces DROP COLUMN row_mac;
         ALTER TABLE apps DROP COLUMN row_mac;
         ALTER TABLE providers DROP COLUMN row_mac;
         ALTER TABLE connectors DROP COLUMN row_mac;
         ALTER TABLE connections DROP COLUMN row_mac;
         ALTER TABLE audit DROP COLUMN via;
         ALTER TABLE connections DROP COLUMN refresh_started_at;
         DROP TABLE pending_authorizations;
         DELETE FROM meta WHERE key = 'row_macs';
         PRAGMA user_version = 7;",
    );
    // What changes nothing does not even migrate it.
    insta::assert_snapshot!(env.seen(&["--json", "vault", "verify"]), @r#"
        $ connectors --json vault verify
        {
          "error": {
            "code": "vault_outdated",
            "hint": "run any command that may write, such as `connectors vault status`, to upgrade it first",
            "message": "this vault has schema version 7, older than this connectors' (11), and this command changes nothing, not even the schema"
          }
        }
        --- exit 3
        "#);
    insta::assert_snapshot!(import_dry_run_seen(&env, &archive), @r#"
        $ connectors --json vault import --dry-run --identity [HOME]/keys/vault.key [HOME]/own.age
        {
          "error": {
            "code": "vault_outdated",
            "hint": "run any command that may write, such as `connectors vault status`, to upgrade it first",
            "message": "this vault has schema version 7, older than this connectors' (11), and this command changes nothing, not even the schema"
          }
        }
        --- exit 3
        "#);
    assert_eq!(env.sql().one::<i64>("PRAGMA user_version", &[]), 7);
    assert_refused(&token(&env), "its key records that they were", None);
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["mark"], "missing", "{v}");
    assert_eq!(signed_state(&env), (0, 0));
}

#[test]
fn a_fifo_planted_at_a_key_path_holds_nothing_up() {
    let env = TestEnv::with_connector();
    let identity: String = std::fs::read_to_string(&env.key_file)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    let fifo = env.path("planted.key");
    let made = std::process::Command::new("mkfifo")
        .args(["-m", "600"])
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let limit = std::time::Duration::from_secs(20);
    // The key path the vault records, pointed at the FIFO: the key given in the
    // environment is used first, and the FIFO is never waited on.
    env.sql().exec(
        "UPDATE meta SET value = ?1 WHERE key = 'key_store_detail'",
        &[fifo.to_str().unwrap().as_bytes().to_vec().into()],
    );
    let out = env
        .bare()
        .env("CONNECTORS_VAULT_KEY", &identity)
        .args(["--json", "vault", "verify"])
        .timeout(limit)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Read from the recorded path, or given as --key-file: refused at once, named.
    for given in [false, true] {
        let mut cmd = env.bare();
        if given {
            cmd.arg("--key-file").arg(&fifo);
        }
        let out = cmd
            .args(["--json", "vault", "verify"])
            .timeout(limit)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(3), "{v}");
        assert_eq!(v["error"]["code"], "key_file_unreadable", "{v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not a regular file"),
            "{v}"
        );
    }
}

#[test]
fn export_refuses_a_changed_row_so_apply_never_signs_it() {
    let (env, _sb) = connected();
    env.sql()
        .exec("UPDATE connectors SET client_id = 'attacker-client'", &[]);
    let out = env
        .cmd()
        .args(["--json", "export", "-o"])
        .arg(env.path("exported.json"))
        .output()
        .unwrap();
    assert_refused(&out, "connector 'Sandbox'", None);
    assert!(!env.path("exported.json").exists(), "no file was written");
}

/// Opens an archive made to the vault's own key, lets `change` rewrite its JSON, and seals
/// it again to the same public key: what anyone who has that public key can do.
fn crafted(
    env: &TestEnv,
    archive: &std::path::Path,
    change: impl Fn(&mut Value),
) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let key_text = std::fs::read_to_string(&env.key_file).unwrap();
    let identity = age::x25519::Identity::from_str(
        key_text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .unwrap(),
    )
    .unwrap();
    let ciphertext = std::fs::read(archive).unwrap();
    let decryptor = age::Decryptor::new_buffered(&ciphertext[..]).unwrap();
    let mut plain = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    // The document (the first line), without the exporter's signature: the crafter
    // cannot sign it as the vault.
    let line = plain.split(|b| *b == b'\n').next().unwrap();
    let mut doc: Value = serde_json::from_slice(line).unwrap();
    change(&mut doc);
    let recipient = identity.to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(&archive_document(&doc)).unwrap();
    w.finish().unwrap();
    let path = env.path("crafted.age");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn a_crafted_archive_cannot_rewrite_the_preview_or_stop_refreshes() {
    let (env, _sb) = connected();
    let archive = own_archive(&env);
    // Escape sequences in the fields the preview prints: refused before anything is shown.
    let erase = "\u{1b}[1A\u{1b}[2K\u{1b}[1A\u{1b}[2K";
    let bad = crafted(&env, &archive, |d| {
        d["exported_at"] = format!("2026-12-07T00:00:00Z{erase}").into();
    });
    let seen = import_dry_run_seen(&env, &bad);
    assert!(!seen.contains('\u{1b}'), "{seen}");
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json vault import --dry-run --identity [HOME]/keys/vault.key [HOME]/crafted.age
        {
          "error": {
            "code": "archive_invalid",
            "hint": "the archive was damaged or made by something else than `connectors vault export`: do not import it",
            "message": "the archive's exported_at is not an RFC 3339 date (\"[TIME] [1A [2K [1A [2K\"); nothing was imported"
          }
        }
        --- exit 2
        "#);
    let bad = crafted(&env, &archive, |d| {
        d["source_vault_id"] = format!("v{erase}").into();
    });
    let seen = env.seen(&[
        "vault",
        "import",
        "--dry-run",
        "--identity",
        env.key_file.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(!seen.contains('\u{1b}'), "{seen}");
    insta::assert_snapshot!(seen, @r#"
        $ connectors vault import --dry-run --identity [HOME]/keys/vault.key [HOME]/crafted.age
        --- stderr
        error: the archive's source_vault_id is not a vault id; nothing was imported
        hint: the archive was damaged or made by something else than `connectors vault export`: do not import it
        --- exit 2
        "#);
    // An expiry that is not a date would have made a token look forever fresh.
    let bad = crafted(&env, &archive, |d| {
        d["connections"][0]["expires_at"] = "never".into();
    });
    insta::assert_snapshot!(import_dry_run_seen(&env, &bad), @r#"
        $ connectors --json vault import --dry-run --identity [HOME]/keys/vault.key [HOME]/crafted.age
        {
          "error": {
            "code": "archive_invalid",
            "hint": "the archive was damaged or made by something else than `connectors vault export`: do not import it",
            "message": "the archive's connections[0].expires_at is not an RFC 3339 date (\"never\"); nothing was imported"
          }
        }
        --- exit 2
        "#);
}

#[test]
fn a_spare_key_left_by_a_killed_rekey_is_removed_and_said() {
    let env = TestEnv::with_connector();
    // What a rekey killed before its commit leaves: its new private key, staged beside the
    // key file, which the vault never used.
    let spare = {
        let mut p = env.key_file.clone().into_os_string();
        p.push(".next");
        std::path::PathBuf::from(p)
    };
    let identity = age::x25519::Identity::generate();
    use age::secrecy::ExposeSecret;
    connectors::vault::files::write_private(
        &spare,
        format!("{}\n", identity.to_string().expose_secret()).as_bytes(),
    )
    .unwrap();
    let out = env.cmd().args(["vault", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!spare.exists(), "the spare key was removed");
    assert!(
        stderr(&out).contains("spare private key"),
        "{}",
        stderr(&out)
    );
    // The vault's own key is untouched.
    env.cmd()
        .args(["show", "Calendar", "--reveal-secret", "--yes"])
        .assert()
        .success();
}
