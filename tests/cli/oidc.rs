//! The consent flow and token lifecycle against a real, independent OpenID Connect server:
//! `oidc-provider` from npm (tests/oidc/server.mjs), on 127.0.0.1, driven by a scripted
//! browser stand-in (tests/oidc/browser.py) passed as $BROWSER.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as Std, Stdio};

use crate::support::*;
use serde_json::Value;

pub struct OidcServer {
    child: Child,
    pub issuer: String,
}

impl OidcServer {
    pub fn start() -> OidcServer {
        OidcServer::start_with(&[])
    }

    /// Starts the server with these environment variables (its test switches).
    pub fn start_with(vars: &[(&str, &str)]) -> OidcServer {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").exists(),
            "the test OpenID Connect server is not installed: run `bash scripts/test.sh` (it runs `npm ci --prefix tests/oidc`)"
        );
        let mut child = Std::new("node")
            .envs(vars.iter().copied())
            .arg(dir.join("server.mjs"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("server ready line");
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("server said {line:?}: {e}"));
        OidcServer {
            child,
            issuer: v["issuer"].as_str().unwrap().to_string(),
        }
    }

    pub fn stats(&self) -> Value {
        ureq::get(&format!("{}/test/stats", self.issuer))
            .call()
            .unwrap()
            .into_json()
            .unwrap()
    }

    /// RFC 7662 introspection with the app client's credentials: is the token active?
    pub fn active(&self, token: &str) -> bool {
        let resp = ureq::post(&format!("{}/token/introspection", self.issuer))
            .set("Authorization", &basic("app-client", "app-client-secret"))
            .send_form(&[("token", token)])
            .unwrap();
        let v: Value = resp.into_json().unwrap();
        v["active"] == true
    }

    /// Whose token it is (RFC 7662 `sub`), when it is active.
    pub fn subject(&self, token: &str) -> Option<String> {
        let v: Value = ureq::post(&format!("{}/token/introspection", self.issuer))
            .set("Authorization", &basic("app-client", "app-client-secret"))
            .send_form(&[("token", token)])
            .unwrap()
            .into_json()
            .unwrap();
        (v["active"] == true).then(|| v["sub"].as_str().unwrap_or_default().to_string())
    }

    /// Redeems a refresh token directly, as a second client process would.
    pub fn redeem(&self, refresh_token: &str) -> Result<Value, (u16, Value)> {
        match ureq::post(&format!("{}/token", self.issuer))
            .set("Authorization", &basic("app-client", "app-client-secret"))
            .send_form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ]) {
            Ok(r) => Ok(r.into_json().unwrap()),
            Err(ureq::Error::Status(code, r)) => Err((code, r.into_json().unwrap_or(Value::Null))),
            Err(e) => panic!("{e}"),
        }
    }

    /// RFC 7009 revocation, as the provider's own account page would do it.
    pub fn revoke(&self, token: &str) {
        ureq::post(&format!("{}/token/revocation", self.issuer))
            .set("Authorization", &basic("app-client", "app-client-secret"))
            .send_form(&[("token", token)])
            .unwrap();
    }
}

impl Drop for OidcServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

/// A vault with provider `testidp` discovered from the server and these apps.
pub fn vault_with_idp(server: &OidcServer, apps: &[&str]) -> TestEnv {
    let env = TestEnv::new();
    env.cmd()
        .args([
            "providers",
            "discover",
            "testidp",
            "--issuer",
            &server.issuer,
        ])
        .assert()
        .success();
    for a in apps {
        env.cmd().args(["app", "add", a]).assert().success();
    }
    env
}

pub fn setup(
    server: &OidcServer,
    client: &str,
    secret: &str,
    scopes: &[&str],
    shared: bool,
) -> TestEnv {
    let env = vault_with_idp(server, &["crm"]);
    let mut cmd = env.cmd();
    cmd.args([
        "add",
        "testidp",
        "--name",
        "Cal",
        "--client-id",
        client,
        "--client-secret-env",
        "S",
    ])
    .env("S", secret);
    for s in scopes {
        cmd.args(["--scope", s]);
    }
    if shared {
        cmd.args(["--mode", "shared"]);
    }
    cmd.assert().success();
    env
}

fn browser() -> String {
    format!(
        "python3 {}",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/oidc/browser.py")
            .display()
    )
}

/// `connectors connect` with the browser stand-in acting as `user`.
pub fn connect(
    env: &TestEnv,
    args: &[&str],
    user: &str,
    extra: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = env.cmd();
    cmd.arg("--json")
        .arg("connect")
        .args(args)
        .env("BROWSER", browser())
        .env("TEST_USER", user);
    if !args.contains(&"--timeout") {
        cmd.args(["--timeout", "20"]);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// What a person sees of [`connect`].
fn connect_seen(env: &TestEnv, args: &[&str], user: &str, extra: &[(&str, &str)]) -> String {
    let mut all = vec!["--json", "connect"];
    all.extend_from_slice(args);
    if !args.contains(&"--timeout") {
        all.extend_from_slice(&["--timeout", "20"]);
    }
    let browser = browser();
    let vars = [
        &[("BROWSER", browser.as_str()), ("TEST_USER", user)][..],
        extra,
    ]
    .concat();
    env.seen_with(&all, &vars)
}

/// The usual start: the app client with one scope, and `user` connected.
fn connected(server: &OidcServer, user: &str) -> TestEnv {
    let env = setup(
        server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    let out = connect(&env, &["Cal", "--app", "crm", "--user", user], user, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

fn token(env: &TestEnv, args: &[&str]) -> (Value, std::process::Output) {
    let mut all = vec!["token"];
    all.extend_from_slice(args);
    env.json(&all)
}

/// The stored refresh token, read the way the library does (for tests that play a second client).
fn stored_refresh_token(env: &TestEnv, user: &str) -> String {
    let opts = connectors::vault::KeyOptions {
        key_file: Some(env.key_file.clone()),
        ..Default::default()
    };
    let vault = connectors::vault::Vault::open(env.location(), opts).unwrap();
    let row = env.sql().rows(
        "SELECT id, refresh_token FROM connections WHERE app_user = ?1",
        &[user.into()],
    );
    let (id, ct) = (row[0][0].int(), row[0][1].blob());
    use secrecy::ExposeSecret;
    crate::support::open_sealed(
        &vault,
        connectors::store::SecretColumn::ConnectionRefreshToken,
        id,
        &ct,
    )
    .unwrap()
    .expose_secret()
    .to_string()
}

fn expire(env: &TestEnv, user: &str) {
    env.sql().exec(
        "UPDATE connections SET expires_at = '2020-01-01T00:00:00Z' WHERE app_user = ?1",
        &[user.into()],
    );
    env.resign();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn per_user_and_shared_connections_and_their_tokens() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email", "calendar.read"],
        false,
    );
    for user in ["alice", "bob"] {
        let out = connect(&env, &["Cal", "--app", "crm", "--user", user], user, &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["connection"]["account"], format!("{user}@example.test"));
        assert_eq!(v["connection"]["status"], "active");
        assert_eq!(
            v["connection"]["granted_scopes"],
            serde_json::json!(["openid", "email", "calendar.read"])
        );
        assert!(
            v["redirect_uri"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:")
        );
    }
    // Without --json, a person sees the redirect URI in use and the result.
    let out = env
        .cmd()
        .args([
            "connect",
            "Cal",
            "--app",
            "crm",
            "--user",
            "carol",
            "--timeout",
            "20",
        ])
        .env("BROWSER", browser())
        .env("TEST_USER", "carol")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Redirect URI in use: http://127.0.0.1:"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out)
            .contains("Connected user 'carol' of app 'crm' to 'Cal' as carol@example.test."),
        "{}",
        stdout(&out)
    );
    // A shared connector, on the client that authenticates in the request body.
    env.cmd()
        .args([
            "add",
            "testidp",
            "--name",
            "Team calendar",
            "--client-id",
            "post-client",
            "--client-secret-env",
            "S",
            "--mode",
            "shared",
        ])
        .args(["--scope", "openid", "--scope", "calendar.read"])
        .env("S", "post-client-secret")
        .assert()
        .success();
    let providers = env.path("post.json");
    std::fs::write(
        &providers,
        r#"[{"name": "testidp", "token_auth": "client_secret_post"}]"#,
    )
    .unwrap();
    let mut cmd = env.cmd();
    let out = cmd
        .args([
            "--providers",
            providers.to_str().unwrap(),
            "--json",
            "connect",
            "Team calendar",
            "--app",
            "crm",
            "--timeout",
            "20",
        ])
        .env("BROWSER", browser())
        .env("TEST_USER", "ops")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let mut tokens = Vec::new();
    for user in ["alice", "bob"] {
        let (v, out) = token(&env, &["Cal", "--app", "crm", "--user", user]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(v["refreshed"], false);
        let t = v["token"].as_str().unwrap().to_string();
        assert!(server.active(&t), "the server knows {user}'s token");
        tokens.push(t);
    }
    assert_ne!(tokens[0], tokens[1]);
    let out = env
        .cmd()
        .args(["token", "Team calendar", "--app", "crm"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = stdout(&out);
    assert!(
        server.active(plain.trim()),
        "plain output is the token alone"
    );

    let (v, _) = env.json(&["connections"]);
    let rows = v["connections"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["connection"]["status"] == "active"
        && r["missing_scopes"].as_array().unwrap().is_empty()));
    // The wrong form for the mode is refused with the two modes explained.
    let out = env
        .cmd()
        .args(["connect", "Cal", "--app", "crm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("per-user") && stderr(&out).contains("--user"));
    let out = env
        .cmd()
        .args(["token", "Team calendar", "--app", "crm", "--user", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shared"));
    // No token is printed by any other command, in either output mode.
    for args in [
        vec!["connections"],
        vec!["audit"],
        vec!["list"],
        vec!["show", "Cal"],
        vec!["doctor", "--offline"],
        vec!["vault", "status"],
    ] {
        for json in [false, true] {
            let mut cmd = env.cmd();
            if json {
                cmd.arg("--json");
            }
            let out = cmd.args(&args).output().unwrap();
            let text = format!("{}{}", stdout(&out), stderr(&out));
            for t in &tokens {
                assert!(!text.contains(t.as_str()), "{args:?} printed a token");
            }
        }
    }
    // No token is stored in plaintext.
    let bytes = env.vault_bytes();
    for t in &tokens {
        assert!(!contains(&bytes, t));
    }
    assert!(!contains(&bytes, "app-client-secret"));
}

#[test]
fn consent_denied_is_reported_and_recorded() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    let seen = connect_seen(
        &env,
        &["Cal", "--app", "crm", "--user", "carol"],
        "carol",
        &[("TEST_DECISION", "deny")],
    );
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json connect Cal --app crm --user carol --timeout 20
        {
          "error": {
            "code": "access_denied",
            "hint": "nothing is wrong with the connector: ask the person to connect again and approve, or check the provider's admin policy for this app",
            "message": "the provider refused the connection: the provider said \"access_denied: End-User denied the consent\" (the person (or an administrator) declined the consent)"
          }
        }
        --- exit 1
        "#);
    let (v, _) = env.json(&["audit", "--limit", "1"]);
    assert_eq!(v["entries"][0]["action"], "connection.refused");
    assert_eq!(v["entries"][0]["details"]["topic"], "access_denied");
    let (v, _) = env.json(&["connections"]);
    assert!(v["connections"].as_array().unwrap().is_empty());
}

#[test]
fn a_forged_state_and_stray_requests_do_not_end_the_flow() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    for mode in ["wrong_state", "stray"] {
        let log = env.path(&format!("{mode}.log"));
        let user = format!("u-{mode}");
        let out = connect(
            &env,
            &["Cal", "--app", "crm", "--user", &user],
            &user,
            &[
                ("TEST_BROWSER_MODE", mode),
                ("TEST_BROWSER_LOG", log.to_str().unwrap()),
            ],
        );
        assert!(out.status.success(), "{mode}: {}", stderr(&out));
        let lines = std::fs::read_to_string(&log).unwrap();
        let callbacks: Vec<&str> = lines
            .lines()
            .filter(|l| l.contains("/api/external-auth/callback") || l.contains("favicon"))
            .collect();
        match mode {
            "wrong_state" => assert_eq!(
                callbacks,
                [
                    "400 /api/external-auth/callback",
                    "200 /api/external-auth/callback"
                ]
            ),
            _ => assert_eq!(
                callbacks,
                [
                    "404 /favicon.ico",
                    "404 /api/external-auth/callback/extra",
                    "200 /api/external-auth/callback"
                ]
            ),
        }
    }
}

#[test]
fn a_redirect_uri_the_server_does_not_know_times_out_with_the_likely_cause() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "elsewhere-client",
        "elsewhere-secret",
        &["openid"],
        false,
    );
    let args = ["Cal", "--app", "crm", "--user", "u", "--timeout", "3"];
    insta::assert_snapshot!(connect_seen(&env, &args, "u", &[]), @r#"
        $ connectors --json connect Cal --app crm --user u --timeout 3
        {
          "error": {
            "code": "timeout",
            "hint": "nothing reached http://127.0.0.1:[PORT]/api/external-auth/callback: either the consent was not finished, or the provider sent the browser elsewhere. If its page showed an error, that is the cause; the most common (redirect_uri_mismatch) is a redirect URI it does not accept: register http://127.0.0.1:[PORT]/api/external-auth/callback exactly (or pass --port with a registered one), or raise --timeout",
            "message": "no answer reached the redirect URI within 3s; the listener was closed"
          }
        }
        --- exit 1
        "#);
}

#[test]
fn a_wrong_client_secret_is_invalid_client() {
    let server = OidcServer::start();
    let env = setup(&server, "app-client", "not-the-secret", &["openid"], false);
    let seen = connect_seen(&env, &["Cal", "--app", "crm", "--user", "u"], "u", &[]);
    assert!(!seen.contains("not-the-secret"), "{seen}");
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json connect Cal --app crm --user u --timeout 20
        {
          "error": {
            "code": "invalid_client",
            "hint": "copy the client ID and secret again from the provider's developer console, then `connectors edit CONNECTOR --client-id ID --client-secret-stdin`",
            "message": "exchanging the authorization code failed: the provider said \"invalid_client: client authentication failed\" (the provider rejected the client ID or client secret)"
          }
        }
        --- exit 1
        "#);
}

#[test]
fn a_scope_the_client_may_not_ask_for_is_invalid_scope() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "admin"],
        false,
    );
    let seen = connect_seen(&env, &["Cal", "--app", "crm", "--user", "u"], "u", &[]);
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json connect Cal --app crm --user u --timeout 20
        {
          "error": {
            "code": "invalid_scope",
            "hint": "check each scope against `connectors providers show PROVIDER` and the scopes enabled for the OAuth app in the provider's console; fix them with `connectors edit CONNECTOR --scope ...`",
            "message": "the provider refused the connection: the provider said \"invalid_scope: requested scope is not allowed\" (the provider rejected a requested scope)"
          }
        }
        --- exit 1
        "#);
}

#[test]
fn a_timeout_ends_cleanly_and_frees_the_port() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    let port = free_port().to_string();
    let started = std::time::Instant::now();
    let out = connect(
        &env,
        &[
            "Cal",
            "--app",
            "crm",
            "--user",
            "u",
            "--port",
            &port,
            "--timeout",
            "2",
        ],
        "u",
        &[("TEST_BROWSER_MODE", "nothing")],
    );

    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "timeout");
    std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("the port was freed");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = connect(
        &env,
        &["Cal", "--app", "crm", "--user", "u", "--port", &port],
        "u",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "port_in_use");
    assert!(v["error"]["hint"].as_str().unwrap().contains("--port"));
}

#[test]
fn refresh_rotates_and_the_old_refresh_token_is_rejected() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email"],
        false,
    );
    assert!(
        connect(
            &env,
            &["Cal", "--app", "crm", "--user", "alice"],
            "alice",
            &[]
        )
        .status
        .success()
    );
    let old = stored_refresh_token(&env, "alice");
    let (v, out) = env.json(&["refresh", "Cal", "--user", "alice"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["refreshed"], 1);
    let new = stored_refresh_token(&env, "alice");
    assert_ne!(old, new, "the rotated refresh token was stored");
    // Another client replaying the old refresh token is refused by the server...
    let (code, body) = server.redeem(&old).unwrap_err();
    assert_eq!(code, 400);
    assert_eq!(body["error"], "invalid_grant");
    // ...which (reuse detection) revokes the grant: the next refresh turns the connection
    // needs_reconnect, with the provider's reason and the command to run.
    expire(&env, "alice");
    let seen = env.seen(&["--json", "token", "Cal", "--app", "crm", "--user", "alice"]);
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json token Cal --app crm --user alice
        {
          "error": {
            "code": "needs_reconnect",
            "hint": "run `connectors connect \"Cal\" --app crm --user alice`",
            "message": "the connection of user 'alice' of app 'crm' to 'Cal' needs to be connected again: the provider refused the refresh token (invalid_grant: grant request is invalid)"
          }
        }
        --- exit 1
        "#);
    let (v, _) = env.json(&["connections"]);
    let c = &v["connections"][0]["connection"];
    assert_eq!(c["status"], "needs_reconnect");
    assert!(
        c["status_reason"]
            .as_str()
            .unwrap()
            .contains("invalid_grant")
    );
    // Reconnecting restores it.
    assert!(
        connect(
            &env,
            &["Cal", "--app", "crm", "--user", "alice"],
            "alice",
            &[]
        )
        .status
        .success()
    );
    let (v, out) = token(&env, &["Cal", "--app", "crm", "--user", "alice"]);
    assert!(out.status.success());
    assert!(server.active(v["token"].as_str().unwrap()));
}

#[test]
fn a_refresh_token_revoked_at_the_server_needs_reconnect() {
    let server = OidcServer::start();
    let env = connected(&server, "bob");
    server.revoke(&stored_refresh_token(&env, "bob"));
    expire(&env, "bob");
    let seen = env.seen(&["--json", "token", "Cal", "--app", "crm", "--user", "bob"]);
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json token Cal --app crm --user bob
        {
          "error": {
            "code": "needs_reconnect",
            "hint": "run `connectors connect \"Cal\" --app crm --user bob`",
            "message": "the connection of user 'bob' of app 'crm' to 'Cal' needs to be connected again: the provider refused the refresh token (invalid_grant: grant request is invalid)"
          }
        }
        --- exit 1
        "#);
    // It stays needs_reconnect: no further call reaches the server.
    let before = server.stats()["refresh_error"].as_u64().unwrap();
    let out = env
        .cmd()
        .args(["token", "Cal", "--app", "crm", "--user", "bob"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(server.stats()["refresh_error"].as_u64().unwrap(), before);
}

#[test]
fn eight_processes_share_one_refresh() {
    let server = OidcServer::start();
    let env = connected(&server, "alice");
    expire(&env, "alice");
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.std_cmd()
                .args(["--json", "token", "Cal", "--app", "crm", "--user", "alice"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut tokens = std::collections::HashSet::new();
    let mut refreshed = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        if v["refreshed"] == true {
            refreshed += 1;
        }
        tokens.insert(v["token"].as_str().unwrap().to_string());
    }
    let stats = server.stats();
    assert_eq!(
        stats["refresh_success"], 1,
        "exactly one refresh reached the server: {stats}"
    );
    assert_eq!(stats["refresh_error"], 0);
    assert_eq!(refreshed, 1);
    assert_eq!(tokens.len(), 1, "all eight got the same, fresh token");
    assert!(server.active(tokens.iter().next().unwrap()));
}

#[test]
fn disconnect_revokes_at_the_server() {
    let server = OidcServer::start();
    let env = connected(&server, "alice");
    let (v, _) = token(&env, &["Cal", "--app", "crm", "--user", "alice"]);
    let access = v["token"].as_str().unwrap().to_string();
    let refresh = stored_refresh_token(&env, "alice");
    assert!(server.active(&access) && server.active(&refresh));
    let (v, out) = env.json(&["disconnect", "Cal", "--app", "crm", "--user", "alice"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["revoked"], true);
    assert!(
        !server.active(&refresh),
        "the refresh token is inactive at the server"
    );
    assert!(
        !server.active(&access),
        "revoking the grant made its access token inactive too"
    );
    let n: i64 = env.sql().one("SELECT count(*) FROM connections", &[]);
    assert_eq!(n, 0);
    // delete --revoke does the same for every connection.
    assert!(
        connect(&env, &["Cal", "--app", "crm", "--user", "bob"], "bob", &[])
            .status
            .success()
    );
    let bob = stored_refresh_token(&env, "bob");
    let (v, out) = env.json(&["delete", "Cal", "--yes", "--revoke"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        v["connections_removed"], 0,
        "revoked and removed before the delete"
    );
    assert!(!server.active(&bob));
}

#[test]
fn a_failed_revocation_still_deletes_the_tokens_and_exits_1() {
    let server = OidcServer::start();
    let env = connected(&server, "alice");
    // Point the revocation endpoint at a closed port.
    let dead = format!("http://127.0.0.1:{}/revoke", free_port());
    let file = env.path("dead.json");
    std::fs::write(
        &file,
        format!(r#"[{{"name": "testidp", "revocation_url": "{dead}"}}]"#),
    )
    .unwrap();
    let out = env
        .cmd()
        .args([
            "--providers",
            file.to_str().unwrap(),
            "--json",
            "disconnect",
            "Cal",
            "--app",
            "crm",
            "--user",
            "alice",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["revoked"], false);
    assert_eq!(v["revocation_error"]["code"], "provider_unreachable");
    let n: i64 = env.sql().one("SELECT count(*) FROM connections", &[]);
    assert_eq!(n, 0);
}

#[test]
fn a_scope_change_sends_connections_to_reconnect_and_connecting_restores_them() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email"],
        false,
    );
    for user in ["alice", "bob"] {
        assert!(
            connect(&env, &["Cal", "--app", "crm", "--user", user], user, &[])
                .status
                .success()
        );
    }
    let (v, out) = env.json(&["edit", "Cal", "--add-scope", "calendar.read"]);
    assert!(out.status.success());
    assert_eq!(v["connections_needing_reconnect"], 2);
    let seen = env.seen(&["--json", "token", "Cal", "--app", "crm", "--user", "alice"]);
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json token Cal --app crm --user alice
        {
          "error": {
            "code": "needs_reconnect",
            "hint": "run `connectors connect \"Cal\" --app crm --user alice`",
            "message": "the connection of user 'alice' of app 'crm' to 'Cal' needs to be connected again: the connector now asks for scopes not granted: calendar.read"
          }
        }
        --- exit 1
        "#);
    let out = connect(
        &env,
        &["Cal", "--app", "crm", "--user", "alice"],
        "alice",
        &[],
    );
    assert!(out.status.success());
    let (v, _) = env.json(&["connections", "Cal"]);
    let status: Vec<(String, String)> = v["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["connection"]["user"].as_str().unwrap().to_string(),
                r["connection"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("alice".into(), "active".into()),
            ("bob".into(), "needs_reconnect".into())
        ]
    );
}

#[test]
fn a_partial_grant_is_reported_as_missing_scopes() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email", "calendar.read"],
        false,
    );
    let out = connect(
        &env,
        &["Cal", "--app", "crm", "--user", "alice"],
        "alice",
        &[("TEST_WITHHOLD", "calendar.read")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["missing_scopes"], serde_json::json!(["calendar.read"]));
    assert!(v["warnings"][0].as_str().unwrap().contains("missing_scope"));
    let (v, _) = env.json(&["connections"]);
    assert_eq!(
        v["connections"][0]["missing_scopes"],
        serde_json::json!(["calendar.read"])
    );
}

#[test]
fn discovery_reads_both_metadata_documents_and_finds_revocation_in_either() {
    let server = OidcServer::start_with(&[("OIDC_SPLIT_DISCOVERY", "1")]);
    // The OpenID Connect document alone has no revocation endpoint here.
    let oidc: Value = ureq::get(&format!(
        "{}/.well-known/openid-configuration",
        server.issuer
    ))
    .call()
    .unwrap()
    .into_json()
    .unwrap();
    assert!(oidc.get("revocation_endpoint").is_none(), "{oidc}");
    let env = vault_with_idp(&server, &["crm"]);
    let (v, out) = env.json(&["providers", "show", "testidp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let p = &v;
    assert_eq!(
        p["revocation_url"],
        format!("{}/token/revocation", server.issuer),
        "{v}"
    );
    assert_eq!(
        p["sources"]["revocation_url"],
        format!("{}/.well-known/oauth-authorization-server", server.issuer)
    );
    assert_eq!(
        p["sources"]["authorization_url"],
        format!("{}/.well-known/openid-configuration", server.issuer)
    );
    let out = env
        .cmd()
        .args(["providers", "show", "testidp"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("revocation_url: http://127.0.0.1"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_consent_in_headless_chromium_reaches_the_listener() {
    if std::env::var_os("CONNECTORS_TEST_NO_CHROMIUM").is_some() {
        eprintln!("skipped: Chromium is not installed and could not be (scripts/test.sh says why)");
        return;
    }
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email"],
        false,
    );
    let result = env.path("chromium.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/chromium.mjs");
    let out = env
        .cmd()
        .args([
            "--json",
            "connect",
            "Cal",
            "--app",
            "crm",
            "--user",
            "ada",
            "--timeout",
            "60",
        ])
        .env("BROWSER", format!("node {}", script.display()))
        .env("CHROMIUM_RESULT", &result)
        .env("CHROMIUM_USER", "ada")
        .output()
        .unwrap();
    // The browser process may still be writing its report when connect returns.
    let start = std::time::Instant::now();
    while !result.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let seen: Value = serde_json::from_slice(&std::fs::read(&result).expect("chromium's report"))
        .expect("a JSON report");
    assert!(out.status.success(), "{}\nchromium: {seen}", stderr(&out));
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["status"], 200, "{seen}");
    assert!(
        seen["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{seen}"
    );
    assert_eq!(seen["title"], "Connected · connectors", "{seen}");
    assert!(
        seen["text"]
            .as_str()
            .unwrap()
            .contains("The account is connected. You can close this window"),
        "{seen}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["connection"]["account"], "ada@example.test", "{v}");
    let (t, _) = env.json(&["token", "Cal", "--app", "crm", "--user", "ada"]);
    assert!(server.active(t["token"].as_str().unwrap()), "{t}");
}
