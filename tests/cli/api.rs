//! `connectors api` against the sandbox's API: the "who am I" call, paths and fields, both
//! pagination styles, the token kept to the provider's hosts (and out of every output),
//! refresh on a stale token and on a 401, retries that honour Retry-After, bounded and
//! compressed answers; and the test OpenID Connect server's userinfo endpoint through a
//! discovered provider's API.

use crate::sandbox::{Sandbox, configure, connect, setup};
use crate::support::*;
use serde_json::Value;

/// A vault with ada connected through the sandbox.
fn connected() -> (TestEnv, Sandbox) {
    let (env, sb) = setup(&[]);
    let (v, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{v} {}", stderr(&out));
    (env, sb)
}

/// `connectors api Sandbox --app demo --user ada ARGS` (not `--json`): stdout, stderr, exit.
fn api(env: &TestEnv, args: &[&str]) -> (String, String, Option<i32>) {
    let out = env
        .cmd()
        .args(["api", "Sandbox", "--app", "demo", "--user", "ada"])
        .args(args)
        .output()
        .unwrap();
    (stdout(&out), stderr(&out), out.status.code())
}

fn api_json(env: &TestEnv, args: &[&str]) -> (Value, std::process::Output) {
    env.json(
        &[
            &["api", "Sandbox", "--app", "demo", "--user", "ada"][..],
            args,
        ]
        .concat(),
    )
}

fn token(env: &TestEnv) -> String {
    let (v, _) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    v["token"].as_str().unwrap().to_string()
}

#[test]
fn the_who_am_i_call_and_paths_answer_as_the_person() {
    let (env, _sb) = connected();
    // No path: the provider's "who am I" endpoint; piped, the JSON comes unchanged.
    let (out, err, code) = api(&env, &[]);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sub"], "ada@example.test");
    assert_eq!(
        out.trim_end(),
        v.to_string(),
        "piped output is the provider's bytes"
    );
    // A path relative to the API base; fields of a GET go in the query (fields alone
    // make a POST, as in `gh api`).
    let (v, out) = api_json(
        &env,
        &["/echo", "-X", "GET", "-f", "q=calendar", "-F", "n=3"],
    );
    assert!(out.status.success(), "{v}");
    let echo = &v["pages"][0]["body"];
    assert_eq!(echo["query"]["q"], serde_json::json!(["calendar"]));
    assert_eq!(echo["query"]["n"], serde_json::json!(["3"]));
    assert_eq!(echo["authorization"], "present");
    // A POST's fields are a JSON body: -f strings, -F typed, @file read.
    let file = env.path("note.txt");
    std::fs::write(&file, "from a file").unwrap();
    let (v, _) = api_json(
        &env,
        &[
            "/echo",
            "-X",
            "POST",
            "-f",
            "name=ada",
            "-F",
            "count=2",
            "-F",
            "ok=true",
            "-F",
            &format!("note=@{}", file.display()),
        ],
    );
    assert_eq!(
        v["pages"][0]["body"]["body"],
        serde_json::json!({"name": "ada", "count": 2, "ok": true, "note": "from a file"})
    );
    assert_eq!(v["pages"][0]["body"]["method"], "POST");
    // --include shows the status line and headers first.
    let (out, _, _) = api(&env, &["--include"]);
    assert!(out.starts_with("HTTP/1.1 200 OK\n"), "{out}");
    assert!(
        out.to_ascii_lowercase()
            .contains("x-ratelimit-remaining: 99"),
        "{out}"
    );
}

#[test]
fn both_pagination_styles_are_followed() {
    let (env, _sb) = connected();
    // A JSON cursor (`next_cursor` back as `?cursor=`): three pages of 4, 4 and 2.
    let (v, out) = api_json(&env, &["/items", "--paginate"]);
    assert!(out.status.success(), "{v}");
    let pages = v["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3, "{v}");
    let ids: Vec<i64> = pages
        .iter()
        .flat_map(|p| p["body"]["items"].as_array().unwrap().clone())
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (1..=10).collect::<Vec<_>>());
    // RFC 8288 Link headers.
    let (v, _) = api_json(&env, &["/pages", "--paginate"]);
    let pages = v["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3, "{v}");
    assert!(pages[2]["url"].as_str().unwrap().ends_with("page=3"), "{v}");
    // Without --paginate, one page.
    let (v, _) = api_json(&env, &["/items"]);
    assert_eq!(v["pages"].as_array().unwrap().len(), 1);
}

#[test]
fn the_token_goes_only_to_the_providers_hosts_and_never_into_output() {
    let (env, sb) = connected();
    let secret = token(&env);
    // Another host: refused, naming the allowed ones; nothing sent.
    let (v, out) = api_json(&env, &["https://attacker.example/steal"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "host_not_allowed", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1"),
        "{v}"
    );
    // The sandbox's own host under another name is another host.
    let port = sb.issuer().rsplit(':').next().unwrap().to_string();
    let elsewhere = format!("http://localhost:{port}/api/echo");
    let (v, _) = api_json(&env, &[&elsewhere]);
    assert_eq!(error_code(&v), "host_not_allowed", "{v}");
    // Allowed explicitly, it gets the token.
    let (v, out) = api_json(&env, &[&elsewhere, "--allow-host", "localhost"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["pages"][0]["body"]["authorization"], "present");
    // A redirect to another host is followed without the token.
    let (v, out) = api_json(
        &env,
        &["/redirect", "-X", "GET", "-f", &format!("to={elsewhere}")],
    );
    assert!(out.status.success(), "{v}");
    assert_eq!(v["pages"][0]["body"]["authorization"], "absent", "{v}");
    // An Authorization header on the command line is refused (it would be in argv).
    let (v, out) = api_json(&env, &["-H", "Authorization: Bearer x"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "secret_in_argv", "{v}");
    // --verbose shows the request with the token masked; nothing anywhere shows it.
    let out = env
        .cmd()
        .args([
            "-v",
            "api",
            "Sandbox",
            "--app",
            "demo",
            "--user",
            "ada",
            "--include",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(err.contains("> Authorization: Bearer ***"), "{err}");
    assert!(err.contains("< HTTP 200"), "{err}");
    assert!(!contains(&out.stdout, &secret) && !contains(&out.stderr, &secret));
    let (audit, _) = env.json(&["audit"]);
    assert!(!audit.to_string().contains(&secret));
}

#[test]
fn a_stale_token_is_refreshed_first_and_a_401_once() {
    let (env, sb) = connected();
    // Stale: refreshed before the call.
    crate::grants::expire_all(&env);
    let (v, out) = api_json(&env, &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(configure(&env, &sb, "{}")["counters"]["refreshes"], 1);
    // Refused although it looks valid (revoked early): one forced refresh, one retry.
    configure(&env, &sb, r#"{"api_401": 1}"#);
    let (v, out) = api_json(&env, &[]);
    assert!(out.status.success(), "{v}");
    assert_eq!(configure(&env, &sb, "{}")["counters"]["refreshes"], 2);
    // Refused twice: the provider's words, exit 1, and what to do.
    configure(&env, &sb, r#"{"api_401": 2}"#);
    let (out, err, code) = api(&env, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains("HTTP 401"), "{err}");
    assert!(
        err.contains("The access token is expired, revoked or unknown."),
        "{err}"
    );
    assert!(err.contains("connect again"), "{err}");
}

#[test]
fn rate_limits_and_failures_are_retried_as_the_provider_says() {
    let (env, sb) = connected();
    // Two 429s asking for 1 s: retried, the call succeeds after waiting.
    configure(&env, &sb, r#"{"api_429": 2, "api_retry_after": 1}"#);
    let start = std::time::Instant::now();
    let (v, out) = api_json(&env, &["--retries", "3"]);
    assert!(out.status.success(), "{v}");
    assert!(
        start.elapsed() >= std::time::Duration::from_secs(2),
        "it waited as asked"
    );
    // Without retries: the provider's status and words, exit 1.
    configure(&env, &sb, r#"{"api_429": 1}"#);
    let (v, out) = api_json(&env, &[]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "http_error", "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("429"),
        "{v}"
    );
    // A wait longer than --max-wait is not waited.
    configure(&env, &sb, r#"{"api_429": 1, "api_retry_after": 120}"#);
    let start = std::time::Instant::now();
    let (v, out) = api_json(&env, &["--retries", "2", "--max-wait", "5"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    // 5xx: retried with backoff.
    configure(&env, &sb, r#"{"api_500": 1}"#);
    let (v, out) = api_json(&env, &["--retries", "1"]);
    assert!(out.status.success(), "{v}");
}

#[test]
fn answers_are_bounded_and_decompressed() {
    let (env, _sb) = connected();
    let (v, out) = api_json(&env, &["/big?bytes=5000", "--max-bytes", "1000"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(error_code(&v), "response_too_large", "{v}");
    let (v, out) = api_json(&env, &["/gzip"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["pages"][0]["body"]["compressed"], true, "{v}");
    // A path the API does not have: 404, with the base URL in the hint.
    let (v, out) = api_json(&env, &["/nothing-here"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert!(v["error"]["hint"].as_str().unwrap().contains("/api"), "{v}");
}

#[test]
fn a_discovered_providers_userinfo_is_called_through_its_api() {
    let server = crate::oidc::OidcServer::start();
    let env = crate::oidc::setup(
        &server,
        "app-client",
        "app-client-secret",
        &["openid", "email"],
        false,
    );
    let out = crate::oidc::connect(&env, &["Cal", "--app", "crm", "--user", "ada"], "ada", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (v, out) = env.json(&["api", "Cal", "--app", "crm", "--user", "ada"]);
    assert!(out.status.success(), "{v} {}", stderr(&out));
    assert_eq!(v["pages"][0]["body"]["sub"], "ada", "{v}");
    assert_eq!(v["pages"][0]["body"]["email"], "ada@example.test", "{v}");
}

#[test]
fn doctor_proves_each_connection_by_calling_the_provider_as_its_person() {
    let (env, sb) = connected();
    let calls = |env: &TestEnv| -> (Value, Value) {
        let (v, _) = env.json(&["doctor", "Sandbox", "--connections"]);
        let check = v["connectors"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "connection_calls")
            .cloned()
            .unwrap_or(Value::Null);
        (v, check)
    };
    let (v, check) = calls(&env);
    assert_eq!(check["status"], "pass", "{v}");
    assert!(
        check["summary"].as_str().unwrap().contains("GET /me"),
        "{check}"
    );
    // A token the provider refuses even after a refresh: a failure naming the person and
    // the command that fixes it.
    configure(&env, &sb, r#"{"api_401": 2}"#);
    let (v, check) = calls(&env);
    assert_eq!(check["status"], "fail", "{v}");
    assert!(
        check["evidence"][0].as_str().unwrap().contains("HTTP 401"),
        "{check}"
    );
    assert!(
        check["fix"]
            .as_str()
            .unwrap()
            .contains("connectors connect"),
        "{check}"
    );
    // Without --connections, or offline, no call is made.
    let before = configure(&env, &sb, "{}")["counters"]["api_calls"].clone();
    let (v, _) = env.json(&["doctor", "Sandbox", "--offline"]);
    assert!(!v.to_string().contains("connection_calls"), "{v}");
    assert_eq!(configure(&env, &sb, "{}")["counters"]["api_calls"], before);
}
