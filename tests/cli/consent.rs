//! The people using an app connect their own accounts through the app: `connect-url`
//! starts a consent and `callback` finishes it with the URL the provider sent the
//! person's browser to, on both engines, against the sandbox provider (its consent page
//! answered by `connectors sandbox answer --print`, which gives the redirect instead of
//! following it to the app's domain).

use std::process::{Output, Stdio};

use crate::grants::{finish, json_of, owner};
use crate::sandbox::{Sandbox, setup};
use crate::support::*;
use serde_json::Value;

/// `connect-url` for `user` of app `app`: its JSON document.
fn start(env: &TestEnv, app: &str, user: &str, extra: &[&str]) -> Value {
    let (v, out) = env.json(
        &[
            &["connect-url", "Sandbox", "--app", app, "--user", user][..],
            extra,
        ]
        .concat(),
    );
    assert!(out.status.success(), "{v} {}", stderr(&out));
    v
}

/// The URL the sandbox sends the browser to once `account` answered the consent page.
fn consent(env: &TestEnv, authorization_url: &str, account: &str, extra: &[&str]) -> String {
    let out = env
        .cmd()
        .args(["sandbox", "answer", "--print", "--user", account])
        .args(extra)
        .arg(authorization_url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn callback(env: &TestEnv, app: &str, url: &str) -> (Value, Output) {
    env.json(&["callback", "--app", app, url])
}

/// A consent of `user` as `account`, started and answered: the callback URL.
fn answered(env: &TestEnv, app: &str, user: &str, account: &str) -> String {
    let started = start(env, app, user, &[]);
    consent(
        env,
        started["authorization_url"].as_str().unwrap(),
        account,
        &[],
    )
}

/// The audit log's entries of one action, newest first.
fn audited(env: &TestEnv, action: &str) -> Vec<Value> {
    let (v, _) = env.json(&["audit"]);
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action)
        .cloned()
        .collect()
}

fn two_apps() -> (TestEnv, Sandbox) {
    let (env, sb) = setup(&[]);
    env.cmd().args(["app", "add", "crm"]).assert().success();
    (env, sb)
}

#[test]
fn two_people_connect_their_own_accounts_through_the_app() {
    let (env, sb) = setup(&[]);
    for (user, account) in [("ada", "ada@example.test"), ("bob", "bob@example.test")] {
        let started = start(&env, "demo", user, &[]);
        assert_eq!(
            started["redirect_uri"],
            "https://demo.base44.app/api/external-auth/callback"
        );
        let url = consent(
            &env,
            started["authorization_url"].as_str().unwrap(),
            account,
            &[],
        );
        assert!(url.starts_with("https://demo.base44.app/api/external-auth/callback?"));
        let (v, out) = callback(&env, "demo", &url);
        assert!(out.status.success(), "{v} {}", stderr(&out));
        assert_eq!(v["connection"]["account"], account, "{v}");
        assert_eq!(v["connection"]["user"], user, "{v}");
        assert_eq!(v["missing_scopes"], serde_json::json!([]), "{v}");
    }
    // Each stored token is live at the provider and belongs to its own person.
    for (user, account) in [("ada", "ada@example.test"), ("bob", "bob@example.test")] {
        let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", user]);
        assert!(out.status.success(), "{v}");
        assert_eq!(
            owner(&sb, v["token"].as_str().unwrap()).as_deref(),
            Some(account)
        );
    }
    // Nothing is waiting any more; each step is in the audit log, without a secret.
    let (v, _) = env.json(&["connections", "--pending"]);
    assert_eq!(v["pending"], serde_json::json!([]), "{v}");
    assert_eq!(audited(&env, "connection.started").len(), 2);
}

#[test]
fn a_callback_is_used_once_even_by_two_processes_at_the_same_moment() {
    let (env, _sb) = setup(&[]);
    let url = answered(&env, "demo", "ada", "ada@example.test");
    let children: Vec<_> = (0..2)
        .map(|_| {
            env.std_cmd()
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
        .map(|c| finish(c, std::time::Duration::from_secs(60)))
        .collect();
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert_eq!(ok, 1, "exactly one grant");
    let refused = outs.iter().find(|o| !o.status.success()).unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(error_code(&json_of(refused)), "authorization_used");
    // A replay later says the same, and changes nothing.
    let before = env.vault_bytes();
    let (v, out) = callback(&env, "demo", &url);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "authorization_used", "{v}");
    assert_eq!(env.vault_bytes(), before);
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn callbacks_that_cannot_finish_a_consent_are_refused_and_change_nothing() {
    let (env, _sb) = two_apps();
    let url = answered(&env, "demo", "ada", "ada@example.test");
    let before = env.vault_bytes();
    // For another app: refused (audited), the consent still waiting for its own app.
    let (v, out) = callback(&env, "crm", &url);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "wrong_app", "{v}");
    // Arrived at another redirect URI than it was sent with.
    let elsewhere = url.replace(
        "https://demo.base44.app",
        "https://preview--demo.base44.app",
    );
    let (v, _) = callback(&env, "demo", &elsewhere);
    assert_eq!(error_code(&v), "wrong_redirect", "{v}");
    // A state that was never issued.
    let (v, out) = callback(&env, "demo", "?code=abc&state=never-issued");
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "unknown_state", "{v}");
    // Malformed: no state, not a URL, nothing in it.
    for bad in [
        "https://demo.base44.app/api/external-auth/callback?code=abc",
        "https://[demo/x?state=s",
        "",
    ] {
        let (v, out) = callback(&env, "demo", bad);
        assert_eq!(out.status.code(), Some(2), "{bad}: {v}");
        assert_eq!(error_code(&v), "bad_callback", "{bad}: {v}");
        assert!(v["error"]["hint"].as_str().unwrap().contains("full URL"));
    }
    // Only the refusals' audit entries were written; the consent is still usable.
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"], serde_json::json!([]), "{v}");
    assert_ne!(env.vault_bytes(), before, "the refusals are audited");
    let (v, out) = callback(&env, "demo", &url);
    assert!(out.status.success(), "{v}");
}

#[test]
fn an_expired_consent_is_refused() {
    let (env, _sb) = setup(&[]);
    let url = answered(&env, "demo", "ada", "ada@example.test");
    env.sql().exec(
        "UPDATE pending_authorizations SET expires_at = '2020-01-01T00:00:00Z'",
        &[],
    );
    env.resign();
    let (v, out) = callback(&env, "demo", &url);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "authorization_expired", "{v}");
    // The next consent started sweeps it away (it expired over an hour ago): a late
    // callback then hears that the state is unknown.
    start(&env, "demo", "bob", &[]);
    let (v, _) = callback(&env, "demo", &url);
    assert_eq!(error_code(&v), "unknown_state", "{v}");
}

#[test]
fn a_tampered_pending_authorization_is_refused_before_anything_is_sent() {
    let (env, sb) = setup(&[]);
    let url = answered(&env, "demo", "ada", "ada@example.test");
    // Someone who can write the vault moves the consent to another user.
    env.sql().exec(
        "UPDATE pending_authorizations SET app_user = 'mallory'",
        &[],
    );
    let (v, out) = callback(&env, "demo", &url);
    assert_eq!(out.status.code(), Some(3), "{v}");
    assert_eq!(error_code(&v), "vault_tampered", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pending authorization"),
        "{v}"
    );
    let state = crate::sandbox::configure(&env, &sb, "{}");
    assert_eq!(state["counters"]["codes_redeemed"], 0, "{state}");
    let (v, _) = env.json(&["connections"]);
    assert_eq!(v["connections"], serde_json::json!([]), "{v}");
}

#[test]
fn a_denied_consent_ends_with_the_providers_words() {
    let (env, _sb) = setup(&[]);
    let started = start(&env, "demo", "ada", &[]);
    let url = consent(
        &env,
        started["authorization_url"].as_str().unwrap(),
        "ada@example.test",
        &["--deny"],
    );
    let (v, out) = callback(&env, "demo", &url);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "access_denied", "{v}");
    let refused = audited(&env, "connection.refused");
    assert_eq!(
        refused[0]["details"]["topic"], "access_denied",
        "{refused:?}"
    );
}

#[test]
fn connect_url_checks_its_input_and_keeps_no_state_in_the_clear() {
    let (env, _sb) = setup(&[]);
    let before = env.vault_bytes();
    // An unknown connector, a redirect URI not registered, a kind the app lacks.
    let (v, out) = env.json(&["connect-url", "Nope", "--app", "demo", "--user", "ada"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "unknown_connector", "{v}");
    let (v, out) = env.json(&[
        "connect-url",
        "Sandbox",
        "--app",
        "demo",
        "--user",
        "ada",
        "--redirect",
        "https://elsewhere.example/api/external-auth/callback",
    ]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "bad_redirect_uri", "{v}");
    let (v, _) = env.json(&[
        "connect-url",
        "Sandbox",
        "--app",
        "demo",
        "--user",
        "ada",
        "--redirect",
        "custom",
    ]);
    assert_eq!(error_code(&v), "bad_redirect_uri", "{v}");
    let (v, out) = env.json(&["connect-url", "Sandbox", "--app", "demo"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "user_required", "{v}");
    assert_eq!(env.vault_bytes(), before, "nothing was written");
    // A consent started: the preview URI, a short expiry; the state and the verifier are
    // nowhere in the vault, and `connections --pending` shows neither.
    let started = start(
        &env,
        "demo",
        "ada",
        &["--redirect", "preview", "--expires-in", "120"],
    );
    assert_eq!(
        started["redirect_uri"],
        "https://preview--demo.base44.app/api/external-auth/callback"
    );
    let state = started["state"].as_str().unwrap();
    let url = url::Url::parse(started["authorization_url"].as_str().unwrap()).unwrap();
    assert!(url.query_pairs().any(|(k, v)| k == "state" && v == state));
    assert!(!contains(&env.vault_bytes(), state));
    let (v, out) = env.json(&["connections", "--pending"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["pending"][0]["user"], "ada", "{v}");
    assert_eq!(v["pending"][0]["origin"], "connect-url", "{v}");
    assert!(!v.to_string().contains(state), "{v}");
    assert!(v["pending"][0].get("state").is_none(), "{v}");
}
