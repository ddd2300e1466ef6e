//! examples/scheduling-app, driven in headless Chromium: people sign in to the app, click
//! "Connect your calendar", consent at the provider (the test OpenID Connect server, and
//! the sandbox), and land back on the app's page showing their own account; their stored
//! tokens are live at the provider and belong to them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::oidc::{OidcServer, setup};
use crate::support::*;
use serde_json::Value;

/// The example app, running on a free port of 127.0.0.1 for the test's vault.
struct ExampleApp {
    child: Child,
    url: String,
}

impl ExampleApp {
    fn start(env: &TestEnv, app: &str, connector: &str) -> ExampleApp {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}");
        // Registered on the connector, as an admin does for the app's real domain.
        env.cmd()
            .args(["edit", connector, "--add-redirect-uri"])
            .arg(format!("{url}/api/external-auth/callback"))
            .assert()
            .success();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scheduling-app/app.py");
        let mut cmd = Command::new("python3");
        // The vault, its key and this test's home, as every connectors command here gets.
        for (k, v) in env.std_cmd().get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let mut child = cmd
            .arg(script)
            .args(["--app", app, "--connector", connector, "--url", &url])
            .arg("--connectors")
            .arg(assert_cmd::cargo::cargo_bin("connectors"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the example app");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.contains("listening"), "the app said {line:?}");
        ExampleApp { child, url }
    }

    /// One person's visit in a new browser: what the page showed at the end.
    fn visit(&self, dir: &Path, app_user: &str, provider_user: &str, decision: &str) -> Value {
        let result: PathBuf = dir.join(format!("visit-{app_user}.json"));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/example_app.mjs");
        let out = Command::new("node")
            .arg(script)
            .arg(&self.url)
            .env("RESULT", &result)
            .env("APP_USER", app_user)
            .env("PROVIDER_USER", provider_user)
            .env("DECISION", decision)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let seen: Value = serde_json::from_slice(&std::fs::read(&result).unwrap()).unwrap();
        assert!(seen.get("error").is_none(), "{seen}");
        seen
    }
}

impl Drop for ExampleApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn no_chromium() -> bool {
    let skip = std::env::var_os("CONNECTORS_TEST_NO_CHROMIUM").is_some();
    if skip {
        eprintln!("skipped: Chromium is not installed and could not be (scripts/test.sh says why)");
    }
    skip
}

fn token(env: &TestEnv, connector: &str, app: &str, user: &str) -> String {
    let (v, out) = env.json(&["token", connector, "--app", app, "--user", user]);
    assert!(out.status.success(), "{v}");
    v["token"].as_str().unwrap().to_string()
}

#[test]
fn people_connect_their_own_accounts_through_the_example_app_at_an_openid_provider() {
    if no_chromium() {
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
    let app = ExampleApp::start(&env, "crm", "Cal");
    for person in ["ada", "bob"] {
        let seen = app.visit(env.dir.path(), person, person, "approve");
        assert!(
            seen["url"].as_str().unwrap().starts_with(&app.url),
            "{seen}"
        );
        assert_eq!(seen["account"], format!("{person}@example.test"), "{seen}");
        assert!(
            seen["text"]
                .as_str()
                .unwrap()
                .contains(&format!("Signed in as {person}"))
        );
    }
    for person in ["ada", "bob"] {
        let t = token(&env, "Cal", "crm", person);
        assert_eq!(
            server.subject(&t).as_deref(),
            Some(person),
            "{person}'s token"
        );
    }
    // Someone who declines at the provider lands on the app with the provider's word.
    let seen = app.visit(env.dir.path(), "carol", "carol", "deny");
    assert_eq!(seen["error_code"], "access_denied", "{seen}");
    let (v, _) = env.json(&["connections", "--user", "carol"]);
    assert_eq!(v["connections"], serde_json::json!([]), "{v}");
}

#[test]
fn people_connect_their_own_accounts_through_the_example_app_at_the_sandbox() {
    if no_chromium() {
        return;
    }
    let (env, sb) = crate::sandbox::setup(&[]);
    let app = ExampleApp::start(&env, "demo", "Sandbox");
    for person in ["dan", "eve"] {
        let account = format!("{person}@example.test");
        let seen = app.visit(env.dir.path(), person, &account, "approve");
        assert_eq!(seen["account"], account.as_str(), "{seen}");
        let t = token(&env, "Sandbox", "demo", person);
        assert_eq!(
            crate::grants::owner(&sb, &t).as_deref(),
            Some(account.as_str())
        );
    }
}
