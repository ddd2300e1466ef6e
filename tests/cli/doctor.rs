//! `doctor` against the real OpenID Connect test server: it passes on a correct connector
//! and names the right topic for each broken one; `--offline` opens no socket.

use crate::oidc::{OidcServer, connect};
use crate::support::*;
use serde_json::Value;

/// A vault with apps `crm` (with preview) and connector "Web" on `client`, registering `uris`.
fn setup(server: &OidcServer, client: &str, secret: &str, uris: &[&str], apps: &[&str]) -> TestEnv {
    let env = crate::oidc::vault_with_idp(server, apps);
    let mut cmd = env.cmd();
    cmd.args([
        "add",
        "testidp",
        "--name",
        "Web",
        "--client-id",
        client,
        "--client-secret-env",
        "S",
        "--scope",
        "openid",
        "--scope",
        "email",
    ])
    .env("S", secret);
    for u in uris {
        cmd.args(["--redirect-uri", u]);
    }
    cmd.assert().success();
    env
}

const LIVE: &str = "https://crm.base44.app/api/external-auth/callback";
const PREVIEW: &str = "https://preview--crm.base44.app/api/external-auth/callback";

fn doctor(env: &TestEnv, extra: &[&str]) -> (Value, i32) {
    let out = env
        .cmd()
        .args(["--json", "doctor"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (v, out.status.code().unwrap())
}

fn check<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["connectors"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {v}"))
}

#[test]
fn a_correct_connector_passes() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "web-client",
        "web-client-secret",
        &[LIVE, PREVIEW],
        &["crm"],
    );
    let (v, code) = doctor(&env, &[]);
    assert_eq!(code, 0, "{v:#}");
    for name in [
        "redirect_uris",
        "preview",
        "client_credentials",
        "scopes",
        "testing_mode",
        "connections",
    ] {
        assert_eq!(check(&v, name)["status"], "pass", "{name}: {v:#}");
    }
    assert!(
        check(&v, "client_credentials")["evidence"][0]
            .as_str()
            .unwrap()
            .contains("invalid_grant")
    );
    // The human report.
    let out = env.cmd().arg("doctor").output().unwrap();
    assert!(
        stdout(&out).contains("PASS  client_credentials"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_wrong_client_secret_is_invalid_client_and_says_which() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "web-client",
        "not-the-secret",
        &[LIVE, PREVIEW],
        &["crm"],
    );
    let (v, code) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let c = check(&v, "client_credentials");
    assert_eq!(c["status"], "fail");
    assert_eq!(c["code"], "invalid_client");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .contains("client secret is wrong"),
        "{c}"
    );
    assert!(!v.to_string().contains("not-the-secret"));
}

#[test]
fn an_unknown_client_id_is_invalid_client() {
    let server = OidcServer::start();
    let env = setup(&server, "no-such-client", "x", &[LIVE, PREVIEW], &["crm"]);
    let (v, code) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let c = check(&v, "client_credentials");
    assert_eq!(c["code"], "invalid_client");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .contains("does not know this client ID"),
        "{c}"
    );
}

#[test]
fn a_redirect_uri_the_provider_does_not_have_is_found_by_the_live_probe() {
    let server = OidcServer::start();
    // Recorded in connectors, but never registered at the server.
    let env = setup(
        &server,
        "web-client",
        "web-client-secret",
        &[
            LIVE,
            PREVIEW,
            "https://shop.base44.app/api/external-auth/callback",
        ],
        &["crm", "shop"],
    );
    env.cmd()
        .args(["app", "edit", "shop", "--no-preview"])
        .assert()
        .success();
    let (v, code) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let c = check(&v, "redirect_uris");
    assert_eq!(c["status"], "fail");
    assert_eq!(c["code"], "redirect_uri_mismatch");
    let evidence = c["evidence"].to_string();
    assert!(
        evidence.contains("rejected https://shop.base44.app/api/external-auth/callback"),
        "{evidence}"
    );
    assert!(
        evidence.contains("did not match"),
        "the provider's own words: {evidence}"
    );
    // Offline, the same connector looks fine: only the probe could tell.
    let (v, code) = doctor(&env, &["--offline"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(check(&v, "client_credentials")["status"], "skip");
}

#[test]
fn a_preview_redirect_uri_the_provider_does_not_have_is_preview_redirect_missing() {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "web-live-only",
        "web-live-only-secret",
        &[LIVE, PREVIEW],
        &["crm"],
    );
    let (v, code) = doctor(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(check(&v, "redirect_uris")["status"], "pass", "{v:#}");
    let c = check(&v, "preview");
    assert_eq!(c["status"], "fail");
    assert_eq!(c["code"], "preview_redirect_missing");
    assert!(c["evidence"].to_string().contains(PREVIEW));
    // Statically too: a preview URI that is not registered at all.
    let env = setup(
        &server,
        "web-client",
        "web-client-secret",
        &[LIVE],
        &["crm"],
    );
    let (v, _) = doctor(&env, &["--offline"]);
    let c = check(&v, "preview");
    assert_eq!(c["code"], "preview_redirect_missing");
    assert!(
        c["evidence"].to_string().contains("preview-- prefix"),
        "{c}"
    );
}

#[test]
fn testing_mode_refusals_recorded_by_connect_are_shown() {
    let server = OidcServer::start();
    let env = crate::oidc::setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    let out = connect(
        &env,
        &["Cal", "--app", "crm", "--user", "dana"],
        "dana",
        &[("TEST_DECISION", "testers_only")],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        error_code(&v),
        "app_in_testing_mode",
        "connect prints the same code as doctor: {v}"
    );
    let (v, code) = doctor(&env, &["--offline"]);
    assert_eq!(code, 1);
    let c = check(&v, "testing_mode");
    assert_eq!(c["status"], "fail");
    assert_eq!(c["code"], "app_in_testing_mode");
    assert!(
        c["evidence"][0].as_str().unwrap().contains("dana (crm)"),
        "{c}"
    );
    assert!(c["fix"].as_str().unwrap().contains("test user"));
}

#[test]
fn connection_health_and_scopes_name_who_must_reconnect() {
    let server = OidcServer::start();
    let env = crate::oidc::setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid"],
        false,
    );
    for user in ["ann", "ben"] {
        assert!(
            connect(&env, &["Cal", "--app", "crm", "--user", user], user, &[])
                .status
                .success()
        );
    }
    env.cmd()
        .args(["edit", "Cal", "--add-scope", "emial"])
        .assert()
        .success();
    let (v, _) = doctor(&env, &["--offline"]);
    let scopes = check(&v, "scopes");
    assert_eq!(scopes["status"], "warn");
    assert!(
        scopes["evidence"]
            .to_string()
            .contains("did you mean 'email'"),
        "{scopes}"
    );
    let conns = check(&v, "connections");
    assert_eq!(conns["status"], "warn");
    assert_eq!(conns["code"], "needs_reconnect");
    assert!(
        conns["summary"]
            .as_str()
            .unwrap()
            .contains("2 needs_reconnect")
    );
    assert!(
        conns["fix"]
            .as_str()
            .unwrap()
            .contains("connectors connect \"Cal\"")
    );
}

#[test]
fn offline_opens_no_socket() {
    // A canary where the provider's endpoints point: any connection would land here.
    let canary = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    canary.set_nonblocking(true).unwrap();
    let base = format!("http://127.0.0.1:{}", canary.local_addr().unwrap().port());
    let env = TestEnv::new();
    let file = env.path("canary.json");
    std::fs::write(
        &file,
        format!(r#"[{{"name": "canary", "authorization_url": "{base}/auth", "token_url": "{base}/token", "revocation_url": "{base}/revoke"}}]"#),
    )
    .unwrap();
    env.cmd()
        .args(["providers", "add"])
        .arg(&file)
        .assert()
        .success();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    env.cmd()
        .args([
            "add",
            "canary",
            "--name",
            "C",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
            "--redirect-uri",
            LIVE,
        ])
        .env("S", "s")
        .assert()
        .success();
    let (_, _) = doctor(&env, &["--offline"]);
    assert!(
        matches!(canary.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "doctor --offline connected to the provider"
    );
    // Without --offline it does connect (so the canary would have seen it).
    let mut child = env
        .std_cmd()
        .args(["doctor"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let mut seen = false;
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if canary.accept().is_ok() {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(canary);
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen, "the live doctor should have reached the canary");
}
