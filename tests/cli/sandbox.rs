//! The sandbox provider's failure modes, seen through the product, and the quickstart.
//! (The flow itself is proven against oidc-provider in oidc.rs; the sandbox adds the
//! failures a real server cannot be made to produce.)

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::support::*;
use serde_json::Value;

pub struct Sandbox {
    child: Child,
    pub info: PathBuf,
}

impl Sandbox {
    /// The sandbox's address, as its file says.
    pub fn issuer(&self) -> String {
        let info: Value = serde_json::from_slice(&std::fs::read(&self.info).unwrap()).unwrap();
        info["issuer"].as_str().unwrap().to_string()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(env: &TestEnv, extra: &[&str]) -> Sandbox {
    let info = env.path("sandbox.json");
    let _ = std::fs::remove_file(&info);
    let child = Command::new(assert_cmd::cargo::cargo_bin("connectors"))
        .args(["sandbox", "serve", "--port", "0", "--info-file"])
        .arg(&info)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !info.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the sandbox did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(mode(&info), 0o600);
    Sandbox { child, info }
}

/// A vault with app `demo` and connector "Sandbox" registered on a fresh sandbox.
pub fn setup(extra: &[&str]) -> (TestEnv, Sandbox) {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "demo"]).assert().success();
    let sb = start(&env, extra);
    env.cmd()
        .args(["sandbox", "register", "--info-file"])
        .arg(&sb.info)
        .assert()
        .success();
    (env, sb)
}

pub fn answer_as(user: &str, extra: &str) -> String {
    format!(
        "{} sandbox answer --user {user} {extra}",
        assert_cmd::cargo::cargo_bin("connectors").display()
    )
}

/// `connectors --json connect Sandbox --app APP --user USER` with `browser` as $BROWSER:
/// a std command, to run or to spawn.
pub fn connect_cmd(env: &TestEnv, app: &str, user: &str, browser: &str) -> Command {
    let mut cmd = env.std_cmd();
    cmd.args([
        "--json",
        "connect",
        "Sandbox",
        "--app",
        app,
        "--user",
        user,
        "--timeout",
        "30",
    ])
    .env("BROWSER", browser)
    .stdin(Stdio::null());
    cmd
}

pub fn connect(env: &TestEnv, user: &str, extra: &str) -> (Value, std::process::Output) {
    let out = connect_cmd(
        env,
        "demo",
        user,
        &answer_as(&format!("{user}@example.test"), extra),
    )
    .output()
    .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        out,
    )
}

pub fn configure(env: &TestEnv, sb: &Sandbox, modes: &str) -> Value {
    let out = env
        .cmd()
        .args(["--json", "sandbox", "configure", "--info-file"])
        .arg(&sb.info)
        .arg(modes)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn short_lived_access_tokens_are_refreshed_near_their_end_not_on_every_use() {
    let (env, sb) = setup(&["--access-ttl", "30"]);
    let (_, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    // A 30 s token is refreshed in its last 3 s (a tenth of its life), not on every use.
    for _ in 0..2 {
        let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(v["refreshed"], false);
    }
    assert_eq!(configure(&env, &sb, "{}")["counters"]["refreshes"], 0);
    // Past its end it is refreshed once, and the rotated refresh token is kept.
    for round in 1..=2 {
        env.sql()
            .exec("UPDATE connections SET expires_at = '2020-01-01T00:00:30Z', refreshed_at = '2020-01-01T00:00:00Z'", &[]);
        env.resign();
        let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(v["refreshed"], true);
        let (v, _) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
        assert_eq!(
            v["refreshed"], false,
            "the refreshed token is used until near its end"
        );
        let state = configure(&env, &sb, "{}");
        assert_eq!(state["counters"]["refreshes"], round);
        assert_eq!(
            state["counters"]["reuse_detected"], 0,
            "rotated refresh tokens were stored and used correctly"
        );
    }
}

#[test]
fn revoked_refresh_tokens_turn_the_connection_needs_reconnect() {
    let (env, sb) = setup(&[]);
    assert!(connect(&env, "ada", "").1.status.success());
    configure(&env, &sb, r#"{"revoke_refresh_tokens": true}"#);
    let (v, out) = env.json(&["refresh", "Sandbox", "--user", "ada"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["results"][0]["error"]["code"], "needs_reconnect");
    let (v, _) = env.json(&["connections"]);
    assert_eq!(
        v["connections"][0]["connection"]["status"],
        "needs_reconnect"
    );
    assert!(
        v["connections"][0]["connection"]["status_reason"]
            .as_str()
            .unwrap()
            .contains("Token has been expired or revoked")
    );
}

#[test]
fn testing_mode_refusals_are_app_in_testing_mode() {
    let (env, _sb) = setup(&["--testing-mode", "--test-user", "ada@example.test"]);
    assert!(
        connect(&env, "ada", "").1.status.success(),
        "a test user may connect"
    );
    let (v, out) = connect(&env, "eve", "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(error_code(&v), "app_in_testing_mode");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("developer-approved testers")
    );
    let out = env
        .cmd()
        .args(["--json", "doctor", "--offline"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = v["connectors"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "testing_mode")
        .unwrap()
        .clone();
    assert_eq!(check["status"], "fail");
    assert!(check["evidence"][0].as_str().unwrap().contains("eve"));
}

#[test]
fn partial_grants_are_missing_scopes() {
    let (env, _sb) = setup(&[]);
    let (v, out) = connect(&env, "ada", "--withhold calendar.read");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["missing_scopes"], serde_json::json!(["calendar.read"]));
    let (v, _) = env.json(&["connections"]);
    assert_eq!(
        v["connections"][0]["missing_scopes"],
        serde_json::json!(["calendar.read"])
    );
}

#[test]
fn a_failing_token_endpoint_keeps_the_stored_tokens() {
    let (env, sb) = setup(&[]);
    assert!(connect(&env, "ada", "").1.status.success());
    let (before, _) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    configure(&env, &sb, r#"{"token_500": true}"#);
    let (v, out) = env.json(&["refresh", "Sandbox", "--user", "ada"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        v["results"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("server_error"),
        "{v}"
    );
    // Nothing was lost: the connection is still active with the same token.
    let (after, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    assert!(out.status.success());
    assert_eq!(after["token"], before["token"]);
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"][0]["connection"]["status"], "active");
    assert!(
        v["connections"][0]["connection"]["last_error"]
            .as_str()
            .unwrap()
            .contains("server_error")
    );
    // Slow but answering: the refresh goes through.
    configure(&env, &sb, r#"{"token_500": false, "token_delay_ms": 300}"#);
    assert!(
        env.cmd()
            .args(["refresh", "Sandbox", "--user", "ada"])
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn redirect_mismatch_and_invalid_client_are_diagnosed() {
    let (env, sb) = setup(&[]);
    configure(
        &env,
        &sb,
        r#"{"redirect_mismatch": true, "invalid_client": true}"#,
    );
    let out = env.cmd().args(["--json", "doctor"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["connectors"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"redirect_uri_mismatch")
            && codes.contains(&"preview_redirect_missing")
            && codes.contains(&"invalid_client"),
        "{codes:?}"
    );
    configure(&env, &sb, r#"{"redirect_mismatch": false}"#);
    let (v, out) = connect(&env, "ada", "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(error_code(&v), "invalid_client");
}

#[test]
fn like_slack_and_notion_shapes_work_through_the_product() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "demo"]).assert().success();
    for like in ["slack", "notion", "google"] {
        let sb = start(&env, &["--like", like]);
        let name = format!("S-{like}");
        env.cmd()
            .args(["sandbox", "register", "--name", &name, "--info-file"])
            .arg(&sb.info)
            .assert()
            .success();
        let out = env
            .cmd()
            .args([
                "--json",
                "connect",
                &name,
                "--app",
                "demo",
                "--user",
                "ada",
                "--timeout",
                "10",
            ])
            .env("BROWSER", answer_as("ada@example.test", ""))
            .output()
            .unwrap();
        assert!(out.status.success(), "{like}: {}", stderr(&out));
        let (v, _) = env.json(&["token", &name, "--app", "demo", "--user", "ada"]);
        let token = v["token"].as_str().unwrap();
        match like {
            "slack" => assert!(
                token.starts_with("xoxp-"),
                "the user token from authed_user: {token}"
            ),
            "notion" => assert!(token.starts_with("secret_"), "{token}"),
            _ => assert!(token.starts_with("ya29."), "{token}"),
        }
        let (v, _) = env.json(&["connections", &name]);
        let c = &v["connections"][0]["connection"];
        let account = c["account"].as_str().unwrap();
        if like == "slack" {
            assert!(
                account.starts_with('U'),
                "Slack's authed_user.id: {account}"
            );
        } else {
            assert_eq!(account, "ada@example.test", "{like}");
        }
        assert_eq!(c["has_refresh_token"], like != "notion", "{like}");
    }
}

#[test]
fn the_quickstart_shows_the_whole_product() {
    let env = TestEnv::empty();
    let dir = env.path("demo");
    let started = std::time::Instant::now();
    let out = env
        .bare()
        .args(["quickstart", "--dir"])
        .arg(&dir)
        .env_remove("BROWSER")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let text = stdout(&out);
    let steps = [
        "== 1. A fresh vault",
        "$ connectors vault init --key key-file",
        "== 2. A local sandbox provider is running at http://127.0.0.1:",
        "$ connectors app add demo",
        "Added connector 'Demo Calendar' on the sandbox",
        "Connected user 'ada' of app 'demo' to 'Demo Calendar' as ada@example.test.",
        "Connected user 'grace' of app 'demo' to 'Demo Calendar' as grace@example.test.",
        "$ connectors token \"Demo Calendar\" --app demo --user ada",
        "2 connection(s) no longer cover the scopes and must reconnect",
        "needs_reconnect",
        "Disconnected user 'grace' of app 'demo' from 'Demo Calendar'; its tokens were deleted.",
        "The grant was revoked at Sandbox",
        "7 check(s) passed, 0 warning(s), 0 failed.",
        "== Done in",
        "The same against a real provider",
    ];
    let mut at = 0;
    for s in steps {
        let found = text[at..]
            .find(s)
            .unwrap_or_else(|| panic!("missing, or out of order: {s:?}\n{text}"));
        at += found;
    }
    assert_eq!(mode(&dir.join("vault.key")), 0o600);
    assert_eq!(mode(&dir.join("vault.db")), 0o600);
    // Nothing is left running: the sandbox's port is free.
    let info: Value =
        serde_json::from_slice(&std::fs::read(dir.join("sandbox.json")).unwrap()).unwrap();
    std::net::TcpListener::bind(("127.0.0.1", info["port"].as_u64().unwrap() as u16))
        .expect("the sandbox stopped");
}

#[test]
fn paste_mode_checks_the_pasted_url_like_a_callback() {
    use std::io::{BufRead, BufReader, Write};
    let (env, _sb) = setup(&[]);
    let live = "https://demo.base44.app/api/external-auth/callback";
    let run = |tamper: bool| {
        let mut child = env
            .std_cmd()
            .args([
                "connect",
                "Sandbox",
                "--app",
                "demo",
                "--user",
                "ada",
                "--paste",
                "--timeout",
                "10",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The URL to open is told on stderr; the person approves and pastes where they landed.
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let url = loop {
            let mut line = String::new();
            assert!(err.read_line(&mut line).unwrap() > 0, "no URL was shown");
            if line.trim_start().starts_with("http") && line.contains("/authorize?") {
                break line.trim().to_string();
            }
        };
        assert!(
            url.contains(&format!(
                "redirect_uri={}",
                url::form_urlencoded::byte_serialize(live.as_bytes()).collect::<String>()
            )),
            "{url}"
        );
        let out = Command::new(assert_cmd::cargo::cargo_bin("connectors"))
            .args(["sandbox", "answer", "--print", &url])
            .output()
            .unwrap();
        let mut landed = stdout(&out).trim().to_string();
        assert!(landed.starts_with(live), "{landed}");
        if tamper {
            landed = landed.replace("state=", "state=forged");
        }
        writeln!(child.stdin.take().unwrap(), "{landed}").unwrap();
        child.wait_with_output().unwrap().status.code()
    };
    assert_eq!(
        run(true),
        Some(2),
        "a pasted URL with a forged state is refused"
    );
    assert_eq!(run(false), Some(0));
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"][0]["connection"]["status"], "active");
}
