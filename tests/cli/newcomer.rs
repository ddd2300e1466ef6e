//! A newcomer's first day: `connect` on the port the connector registered, the URL shown
//! whenever the browser could not be opened, and a timeout that names what it saw.

use std::process::Stdio;

use crate::oidc::{OidcServer, setup};
use crate::support::*;

/// A vault whose connector "Cal" (app "crm") is a client of the test OpenID Connect server.
fn with_idp() -> (OidcServer, TestEnv) {
    let server = OidcServer::start();
    let env = setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email"],
        false,
    );
    (server, env)
}

/// `connect` for ada with `browser` as $BROWSER, giving up after 3 s.
fn connect_with(env: &TestEnv, browser: &str) -> std::process::Output {
    env.std_cmd()
        .args([
            "connect",
            "Cal",
            "--app",
            "crm",
            "--user",
            "ada",
            "--timeout",
            "3",
        ])
        .env("BROWSER", browser)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn connect_listens_on_the_port_of_the_registered_loopback_uri() {
    let (_server, env) = with_idp();
    let port = free_port();
    let uri = format!("http://127.0.0.1:{port}/api/external-auth/callback");
    env.cmd()
        .args(["edit", "Cal", "--add-redirect-uri", &uri])
        .assert()
        .success();
    // No --port: the registered one, said on stderr.
    let out = crate::oidc::connect(&env, &["Cal", "--app", "crm", "--user", "ada"], "ada", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["redirect_uri"], uri.as_str(), "{v}");
}

#[test]
fn a_browser_that_fails_is_noticed_and_the_url_shown() {
    let (server, env) = with_idp();
    // `false` exits 1 at once, as xdg-open does on a machine without a desktop.
    let out = connect_with(&env, "false");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("The browser command (false) failed. Open this URL yourself:"),
        "{err}"
    );
    assert!(err.contains(&format!("{}/auth?", server.issuer)), "{err}");
    // Nothing came back: the hint says so, and names the likely cause.
    assert!(err.contains("nothing reached http://127.0.0.1:"), "{err}");
    assert!(err.contains("redirect_uri_mismatch"), "{err}");
}

#[test]
fn a_timeout_after_a_refused_callback_says_so() {
    let (_server, env) = with_idp();
    // A "browser" that goes straight back to the redirect URI with a state of its own
    // (an old tab, another connect's callback).
    let script = env.path("stray.py");
    std::fs::write(
        &script,
        "import sys, urllib.parse, urllib.request\n\
         q = urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)\n\
         try:\n    urllib.request.urlopen(q['redirect_uri'][0] + '?code=x&state=not-this-one')\n\
         except Exception:\n    pass\n",
    )
    .unwrap();
    let out = connect_with(&env, &format!("python3 {}", script.display()));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("did not belong to this sign-in"), "{err}");
}

#[test]
fn doctor_fails_when_it_could_not_reach_the_provider() {
    let (env, sb) = crate::sandbox::setup(&[]);
    drop(sb); // the provider is gone: its endpoints refuse connections
    let check = |v: &serde_json::Value, name: &str| {
        v["connectors"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == name)
            .cloned()
    };
    let (v, out) = env.json(&["doctor", "Sandbox"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    let reach = check(&v, "provider_reachable").expect("a reachability check");
    assert_eq!(reach["status"], "fail", "{reach}");
    assert_eq!(reach["code"], "provider_unreachable", "{reach}");
    assert!(
        reach["fix"].as_str().unwrap().contains("--offline"),
        "{reach}"
    );
    let creds = check(&v, "client_credentials").unwrap();
    assert_eq!(creds["status"], "skip", "{creds}");
    assert!(
        creds["summary"]
            .as_str()
            .unwrap()
            .starts_with("not checked"),
        "{creds}"
    );
    // Offline, nothing needs the network: no failure for it.
    let (v, _) = env.json(&["doctor", "Sandbox", "--offline"]);
    assert!(check(&v, "provider_reachable").is_none(), "{v}");
}

#[test]
fn export_then_plan_of_a_half_finished_vault_shows_no_change() {
    // Connectors whose redirect URIs are not registered yet (warned about by `add`).
    let env = TestEnv::new();
    for app in ["crm", "site"] {
        env.cmd().args(["app", "add", app]).assert().success();
    }
    env.cmd()
        .args([
            "add",
            "google",
            "--name",
            "Cal",
            "--client-id",
            "1.apps.googleusercontent.com",
            "--client-secret-stdin",
            "--scope",
            "openid",
        ])
        .write_stdin("s3cret\n")
        .assert()
        .success();
    let file = env.path("ws.json");
    env.cmd()
        .args(["export", "-o"])
        .arg(&file)
        .assert()
        .success();
    let file = file.display().to_string();
    let (v, out) = env.json(&["plan", &file]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["changes"], serde_json::json!([]), "{v}");
    // The missing registrations are warnings, as in `add`; `--strict` fails on them.
    let out = env
        .cmd()
        .args(["validate", &file, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["diagnostics"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "redirect_uri_mismatch" && f["severity"] == "warning"),
        "{v}"
    );
    assert!(findings.iter().all(|f| f["severity"] != "error"), "{v}");
    let out = env
        .cmd()
        .args(["validate", &file, "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
}
