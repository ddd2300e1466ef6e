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

#[test]
fn a_vault_from_before_row_macs_is_signed_once_and_says_so() {
    let (env, _sb) = connected();
    let strip = |pending: bool| {
        let sql = env.sql();
        for table in [
            "workspaces",
            "apps",
            "providers",
            "connectors",
            "connections",
        ] {
            sql.exec(&format!("UPDATE {table} SET row_mac = NULL"), &[]);
        }
        sql.exec("DELETE FROM meta WHERE key = 'row_macs'", &[]);
        if pending {
            // What the migration to row MACs leaves in an older vault.
            sql.exec(
                "INSERT INTO meta (key, value) VALUES ('row_macs_pending', 'x')",
                &[],
            );
        }
    };
    // Integrity data stripped from a vault that had it: refused, nothing is signed.
    let copy = env.save();
    strip(false);
    let out = token(&env);
    assert_refused(&out, "integrity mark is missing", None);
    let (v, out) = verify(&env);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["mark"], "missing", "{v}");
    assert_eq!(v["rows"].as_array().unwrap().len(), 5);
    env.restore(&copy);
    // A pending note beside rows that have MACs is not what a migration leaves.
    env.sql().batch(
        "DELETE FROM meta WHERE key = 'row_macs';
             INSERT INTO meta (key, value) VALUES ('row_macs_pending', 'x');
             UPDATE connectors SET client_id = 'attacker-client', row_mac = NULL;",
    );
    let out = token(&env);
    assert_refused(&out, "integrity mark is missing", None);
    env.restore(&copy);
    // As the migration leaves an older vault: signed on its first use with the key, here
    // a refresh (whose workers read the rows again once they are signed).
    strip(true);
    // Listing needs no key, and changes nothing.
    env.cmd().args(["list"]).assert().success();
    let out = env
        .cmd()
        .args(["refresh", "Sandbox", "--user", "ada"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("5 row(s) were signed now"),
        "{}",
        stderr(&out)
    );
    let (v, out) = verify(&env);
    assert!(out.status.success(), "{v}");
    let (v, _) = env.json(&["audit"]);
    let signed: Vec<&Value> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "vault.rows_signed")
        .collect();
    assert_eq!(signed.len(), 1, "{v}");
    assert_eq!(signed[0]["details"]["rows"], 5);
    // Once signed, a missing MAC is tampering.
    let (v, out) = verify(&env);
    assert!(
        out.status.success() && v["rows_signed_now"].is_null(),
        "{v}"
    );
    env.sql().exec("UPDATE connections SET row_mac = NULL", &[]);
    let out = token(&env);
    assert_refused(&out, "has no integrity MAC", None);
    // And a mark that is not the key's is tampering too.
    env.sql().exec(
        "UPDATE meta SET value = substr(value, 1, 1) WHERE key = 'row_macs'",
        &[],
    );
    let out = token(&env);
    assert_refused(&out, "integrity mark does not match", None);
}
