//! Grants are never lost: real processes interleaved against the sandbox provider with a
//! slow token endpoint (reconnect, disconnect and rekey during a refresh, two spellings of
//! the vault path), many processes on one expired rotating connection, a lock holder
//! killed mid-refresh, and many concurrent writers. The sandbox reports which grants are
//! still live at the provider, which is how "revoked there" is checked.

use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::sandbox::{Sandbox, answer_as, configure, connect, connect_cmd, setup};
use crate::support::*;
use serde_json::Value;

/// Makes every stored access token of the vault expired, as a clock moving on would.
pub fn expire_all(env: &TestEnv) {
    env.sql()
        .exec("UPDATE connections SET expires_at = '2020-01-01T01:00:00Z', refreshed_at = '2020-01-01T00:00:00Z'", &[]);
    env.resign();
}

/// `connectors --json token Sandbox --app demo --user USER`, started in the background.
pub fn spawn_token(env: &TestEnv, user: &str, vault: Option<&std::path::Path>) -> Child {
    let mut cmd = env.std_cmd();
    if let Some(v) = vault {
        cmd.env("CONNECTORS_VAULT", v);
    }
    cmd.args([
        "--json", "token", "Sandbox", "--app", "demo", "--user", user,
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap()
}

pub fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// Waits for a child, failing the test if it takes longer than `limit` (none may hang).
pub fn finish(child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    let pid = child.id();
    let waiter = std::thread::spawn(move || child.wait_with_output().unwrap());
    while !waiter.is_finished() {
        if start.elapsed() > limit {
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("process {pid} hung for over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    waiter.join().unwrap()
}

/// Asks the sandbox (RFC 7662) who a token belongs to, if it is active.
pub fn owner(sb: &Sandbox, token: &str) -> Option<String> {
    let info: Value = serde_json::from_slice(&std::fs::read(&sb.info).unwrap()).unwrap();
    let (id, secret) = (
        info["client_id"].as_str().unwrap(),
        info["client_secret"].as_str().unwrap(),
    );
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        format!("{id}:{secret}"),
    );
    let v: Value = ureq::post(&format!("{}/introspect", info["issuer"].as_str().unwrap()))
        .set("Authorization", &format!("Basic {basic}"))
        .send_form(&[("token", token)])
        .unwrap()
        .into_json()
        .unwrap();
    (v["active"] == true).then(|| v["username"].as_str().unwrap_or_default().to_string())
}

fn live_grants(env: &TestEnv, sb: &Sandbox) -> Vec<String> {
    let state = configure(env, sb, "{}");
    let mut live: Vec<String> = state["live_grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap().to_string())
        .collect();
    live.sort();
    live
}

/// A sandbox vault where `user` has connected, the access token has expired, and the
/// sandbox will answer token requests `delay_ms` late (after it has done its work).
pub fn expired_with_slow_refresh(extra: &[&str], user: &str, delay_ms: u64) -> (TestEnv, Sandbox) {
    let (env, sb) = setup(extra);
    let (_, out) = connect(&env, user, "");
    assert!(out.status.success(), "{}", stderr(&out));
    expire_all(&env);
    configure(&env, &sb, &format!(r#"{{"token_delay_ms": {delay_ms}}}"#));
    (env, sb)
}

fn token_of(env: &TestEnv, user: &str) -> (Value, Output) {
    env.json(&["token", "Sandbox", "--app", "demo", "--user", user])
}

#[test]
fn a_reconnect_during_a_slow_refresh_keeps_the_newer_grant_and_revokes_the_other() {
    // Only the refresh is slow: the provider rotates at once and answers 2 s later.
    let (env, sb) = expired_with_slow_refresh(&["--revoke-token-only"], "6", 2000);
    let refresh = spawn_token(&env, "6", None);
    std::thread::sleep(Duration::from_millis(400));
    configure(&env, &sb, r#"{"token_delay_ms": 0}"#);
    // User 6 reconnects as bob while the refresh (as 6@example.test) waits for its answer.
    let reconnect = connect_cmd(&env, "demo", "6", &answer_as("bob@example.test", ""))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let refreshed = finish(refresh, Duration::from_secs(30));
    let reconnected = finish(reconnect, Duration::from_secs(30));
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    assert!(reconnected.status.success(), "{}", stderr(&reconnected));

    let (v, out) = token_of(&env, "6");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["account"], "bob@example.test");
    let token = v["token"].as_str().unwrap();
    assert_eq!(
        owner(&sb, token).as_deref(),
        Some("bob@example.test"),
        "the stored access token is bob's, not the refreshed one of the earlier account"
    );
    assert_eq!(
        live_grants(&env, &sb),
        ["bob@example.test"],
        "the replaced grant was revoked at the provider"
    );
    let (audit, _) = env.json(&["audit", "--limit", "20"]);
    assert!(
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "connection.discarded"),
        "{audit}"
    );
}

#[test]
fn a_disconnect_during_a_slow_refresh_leaves_nothing_live_at_the_provider() {
    // Revocation of one token leaves the rest of its grant live here, so the disconnect
    // must revoke the tokens the refresh obtained, not those it read before.
    let (env, sb) = expired_with_slow_refresh(&["--revoke-token-only"], "ada", 1500);
    let refresh = spawn_token(&env, "ada", None);
    std::thread::sleep(Duration::from_millis(400));
    let out = env
        .cmd()
        .args(["disconnect", "Sandbox", "--app", "demo", "--user", "ada"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let refreshed = finish(refresh, Duration::from_secs(30));
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    assert!(
        live_grants(&env, &sb).is_empty(),
        "the rotated grant was revoked by the disconnect that waited for the refresh"
    );
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"], serde_json::json!([]));
}

#[test]
fn two_spellings_of_the_vault_path_share_one_refresh() {
    if file_only("a path's spellings") {
        return;
    }
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 500);
    // A symlinked directory, a symlinked file, and a path with `..` in it.
    let dir_link = env.path("linked-data");
    std::os::unix::fs::symlink(env.vault.parent().unwrap(), &dir_link).unwrap();
    let file_link = env.path("vault-link.db");
    std::os::unix::fs::symlink(&env.vault, &file_link).unwrap();
    let dotted = env.path("keys/../data/vault.db");
    let spellings = [
        env.vault.clone(),
        dir_link.join("vault.db"),
        file_link,
        dotted,
    ];
    let children: Vec<Child> = spellings
        .iter()
        .map(|p| spawn_token(&env, "ada", Some(p)))
        .collect();
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| finish(c, Duration::from_secs(30)))
        .collect();
    let mut tokens = Vec::new();
    for out in &outs {
        assert!(out.status.success(), "{}", stderr(out));
        tokens.push(json_of(out)["token"].as_str().unwrap().to_string());
    }
    tokens.dedup();
    assert_eq!(
        tokens.len(),
        1,
        "every spelling got the one refreshed token"
    );
    let state = configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["refreshes"], 1);
    assert_eq!(state["counters"]["reuse_detected"], 0);
}

/// Every stored secret decrypts with the vault's current key, through the library.
fn every_secret_decrypts(env: &TestEnv) -> usize {
    let opts = connectors::vault::KeyOptions {
        key_file: Some(env.key_file.clone()),
        ..Default::default()
    };
    let vault = connectors::vault::Vault::open(env.location(), opts).unwrap();
    let sql = env.sql();
    let mut n = 0;
    for column in connectors::store::SECRET_COLUMNS {
        let rows = sql.rows(
            &format!(
                "SELECT id, {c} FROM {t} WHERE {c} IS NOT NULL",
                c = column.column(),
                t = column.table()
            ),
            &[],
        );
        for (id, ct) in rows.iter().map(|r| (r[0].int(), r[1].blob())) {
            crate::support::open_sealed(&vault, *column, id, &ct).unwrap_or_else(|e| {
                panic!(
                    "{}.{} of row {id}: {}",
                    column.table(),
                    column.column(),
                    e.message
                )
            });
            n += 1;
        }
    }
    n
}

#[test]
fn a_rekey_during_a_slow_connect_seals_the_new_grant_to_the_new_key() {
    let (env, sb) = setup(&[]);
    configure(&env, &sb, r#"{"token_delay_ms": 1500}"#);
    let connecting = connect_cmd(&env, "demo", "ada", &answer_as("ada@example.test", ""))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let out = env.cmd().args(["vault", "rekey"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let connected = finish(connecting, Duration::from_secs(30));
    assert!(connected.status.success(), "{}", stderr(&connected));
    configure(&env, &sb, r#"{"token_delay_ms": 0}"#);
    assert!(every_secret_decrypts(&env) >= 3);
    let (v, out) = token_of(&env, "ada");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        owner(&sb, v["token"].as_str().unwrap()).as_deref(),
        Some("ada@example.test")
    );
}

#[test]
fn a_rekey_during_a_slow_refresh_keeps_the_rotated_refresh_token() {
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 1500);
    let refresh = spawn_token(&env, "ada", None);
    std::thread::sleep(Duration::from_millis(500));
    let out = env.cmd().args(["vault", "rekey"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let refreshed = finish(refresh, Duration::from_secs(30));
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    configure(&env, &sb, r#"{"token_delay_ms": 0}"#);
    assert!(every_secret_decrypts(&env) >= 4);
    // The rotated refresh token was kept (sealed to the new key): the next refresh works.
    expire_all(&env);
    let (v, out) = token_of(&env, "ada");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["refreshed"], true);
    let state = configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["refreshes"], 2);
    assert_eq!(state["counters"]["reuse_detected"], 0);
}

#[test]
fn sixteen_processes_on_one_expired_rotating_connection_make_one_refresh() {
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 300);
    let children: Vec<Child> = (0..16).map(|_| spawn_token(&env, "ada", None)).collect();
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
}

#[test]
fn a_lock_holder_killed_during_its_refresh_leaves_one_clear_outcome() {
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 1000);
    let mut first = spawn_token(&env, "ada", None);
    std::thread::sleep(Duration::from_millis(300));
    let others: Vec<Child> = (0..15).map(|_| spawn_token(&env, "ada", None)).collect();
    std::thread::sleep(Duration::from_millis(200));
    // Killed while the provider is rotating its refresh token: the rotated token is lost
    // with it, which no client can prevent (README says so).
    first.kill().unwrap();
    first.wait().unwrap();
    let started = Instant::now();
    let outs: Vec<Output> = others
        .into_iter()
        .map(|c| finish(c, Duration::from_secs(60)))
        .collect();
    assert!(started.elapsed() < Duration::from_secs(60));
    for out in &outs {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
        let v = json_of(out);
        assert_eq!(error_code(&v), "needs_reconnect", "{v}");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.contains("needs to be connected again"), "{message}");
        assert!(
            message.contains("reuse"),
            "the provider's own words: {message}"
        );
    }
    let (v, _) = env.json(&["connections"]);
    assert_eq!(
        v["connections"][0]["connection"]["status"],
        "needs_reconnect"
    );
    let state = configure(&env, &sb, "{}");
    assert_eq!(
        state["counters"]["reuse_detected"], 1,
        "one reuse, then everyone saw needs_reconnect: {state}"
    );
}

/// Runs `per_worker` commands in each of `workers` parallel workers; every one must succeed.
fn hammer(
    env: &TestEnv,
    workers: usize,
    per_worker: usize,
    args: impl Fn(usize, usize) -> Vec<String> + Sync,
) {
    std::thread::scope(|s| {
        for w in 0..workers {
            let args = &args;
            s.spawn(move || {
                for i in 0..per_worker {
                    let out = env
                        .std_cmd()
                        .args(args(w, i))
                        .env("S", format!("secret-{w}-{i}"))
                        .stdin(Stdio::null())
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "worker {w} step {i}: {}",
                        stderr(&out)
                    );
                }
            });
        }
    });
}

#[test]
fn eight_writers_adding_a_hundred_connectors_each_all_land() {
    let env = TestEnv::new();
    hammer(&env, 8, 100, |w, i| {
        [
            "add",
            "github",
            "--name",
            &format!("gh-{w}-{i}"),
            "--client-id",
            &format!("id-{w}-{i}"),
            "--client-secret-env",
            "S",
        ]
        .map(String::from)
        .to_vec()
    });
    let (v, _) = env.json(&["list"]);
    assert_eq!(v["connectors"].as_array().unwrap().len(), 800);
    env.sql().assert_intact();
    assert_eq!(every_secret_decrypts(&env), 800);
}

#[test]
fn eight_writers_adding_a_hundred_scopes_each_to_one_connector_lose_none() {
    let env = TestEnv::with_connector();
    hammer(&env, 8, 100, |w, i| {
        [
            "edit",
            "Calendar",
            "--add-scope",
            &format!("https://example.test/scope-{w}-{i}"),
        ]
        .map(String::from)
        .to_vec()
    });
    let (v, _) = env.json(&["show", "Calendar"]);
    let scopes = v["connector"]["scopes"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(scopes.len(), 2 + 800, "openid, email and every added scope");
    let (audit, _) = env.json(&["audit", "--limit", "1000", "--target", "Calendar"]);
    let edits = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "connector.edit")
        .count();
    assert_eq!(edits, 800);
}

#[test]
fn a_reconnect_does_not_revoke_a_grant_the_same_account_still_uses() {
    let (env, sb) = setup(&[]);
    env.cmd().args(["app", "add", "crm"]).assert().success();
    // The same person's account behind two connections of one connector (two apps).
    for (user, app) in [("6", "demo"), ("7", "crm")] {
        let out = connect_cmd(&env, app, user, &answer_as("x@example.test", ""))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // User 6 reconnects as bob: x's grant is still used by user 7, so it is left alone.
    let (_, out) = connect(&env, "6", "");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = connect_cmd(&env, "demo", "6", &answer_as("bob@example.test", ""))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (v, out) = env.json(&["token", "Sandbox", "--app", "crm", "--user", "7"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        owner(&sb, v["token"].as_str().unwrap()).as_deref(),
        Some("x@example.test")
    );
    // The same account reconnecting keeps its new grant working.
    let out = connect_cmd(&env, "crm", "7", &answer_as("x@example.test", ""))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (v, out) = env.json(&["token", "Sandbox", "--app", "crm", "--user", "7"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(
        owner(&sb, v["token"].as_str().unwrap()).as_deref(),
        Some("x@example.test")
    );
    let (audit, _) = env.json(&["audit", "--limit", "50"]);
    let discarded: Vec<&Value> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "connection.discarded")
        .collect();
    // Only the reconnect of user 6 from 6@example.test (connected by `connect` above) to bob.
    assert_eq!(discarded.len(), 1, "{discarded:?}");
    assert_eq!(discarded[0]["details"]["user"], "6");
}

#[test]
fn a_mode_change_that_would_strand_connections_is_refused_when_planning() {
    let (env, _sb) = setup(&[]);
    let (_, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = env
        .cmd()
        .args(["export", "-o"])
        .arg(env.path("ws.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(env.path("ws.json")).unwrap();
    std::fs::write(
        env.path("ws.json"),
        text.replace("\"per-user\"", "\"shared\""),
    )
    .unwrap();
    let out = env
        .cmd()
        .arg("--json")
        .args(["plan"])
        .arg(env.path("ws.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert_eq!(error_code(&json_of(&out)), "mode_in_use");
}

#[test]
fn a_refresh_that_cannot_note_its_start_spends_nothing() {
    // A rotating provider; another process holds the vault's write lock (on SQLite, a
    // writer that never finishes; the same happens on a full disk): a refresh whose result
    // could not be stored must not spend the refresh token at all.
    let (env, sb) = expired_with_slow_refresh(&[], "ada", 0);
    configure(&env, &sb, r#"{"rotation": true}"#);
    let holder = env.sql();
    holder.hold_write_lock();
    let (v, out) = token_of(&env, "ada");
    assert_eq!(out.status.code(), Some(3), "{v}");
    assert_eq!(error_code(&v), "vault_busy", "{v}");
    let state = configure(&env, &sb, "{}");
    assert_eq!(
        state["counters"]["refreshes"], 0,
        "the refresh token was spent: {state}"
    );
    drop(holder);
    let (v, out) = token_of(&env, "ada");
    assert!(out.status.success(), "{v}");
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"][0]["connection"]["status"], "active", "{v}");
}
