//! `validate`, `plan`, `apply`, `export`, `schema`, `redirect-uris`: configuration as code.

use std::path::{Path, PathBuf};

use crate::support::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/fixtures")
        .join(name)
}

/// A copy of a fixture in the test's home, so that file references resolve there.
fn copy(env: &TestEnv, name: &str) -> PathBuf {
    let to = env.path(name);
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

fn validate(env: &TestEnv, file: &Path, format: &str) -> (String, i32) {
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .args(["validate"])
        .arg(file.file_name().unwrap())
        .args(["--format", format])
        .output()
        .unwrap();
    (stdout(&out), out.status.code().unwrap())
}

#[test]
fn validate_reports_every_mistake_in_every_format() {
    let env = TestEnv::empty();
    let file = copy(&env, "many-mistakes.json");
    for format in ["human", "json", "github", "sarif"] {
        let (out, code) = validate(&env, &file, format);
        assert_eq!(code, 1, "{format}");
        // The file's inline client_secret is quoted by no excerpt, in no format.
        assert!(!out.contains("inline-secret-value-123"), "{format}: {out}");
        insta::assert_snapshot!(format!("validate_{format}"), out);
    }
    // Nor by plan or apply, which print the same diagnostics on stderr.
    let with_vault = TestEnv::new();
    let file = copy(&with_vault, "many-mistakes.json");
    for args in [&["plan"][..], &["apply", "--yes"]] {
        let out = with_vault.cmd().args(args).arg(&file).output().unwrap();
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("client_secret"),
            "{args:?}: the excerpt is shown: {}",
            stderr(&out)
        );
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text.contains("inline-secret-value-123"),
                "{args:?}: {text}"
            );
        }
    }
    let (out, _) = validate(&env, &file, "json");
    let v: Value = serde_json::from_str(&out).unwrap();
    let codes: std::collections::BTreeSet<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for want in [
        "duplicate_app",
        "unknown_field",
        "unknown_scope",
        "bad_scope",
        "duplicate_scope",
        "preview_redirect_missing",
        "redirect_uri_mismatch",
        "insecure_redirect_uri",
        "duplicate_connector",
        "unknown_provider",
        "inline_secret",
        "bad_mode",
        "unknown_app",
    ] {
        assert!(codes.contains(want), "{want} missing from {codes:?}");
    }
    assert!(
        !out.contains("inline-secret-value-123"),
        "a diagnostic printed an inline secret"
    );
}

#[test]
fn validate_exit_codes_strict_and_secret_resolution() {
    let env = TestEnv::empty();
    let good = copy(&env, "workspace.json");
    std::fs::write(env.path("slack.secret"), "s\n").unwrap();
    let (out, code) = validate(&env, &good, "human");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("workspace.json: valid"));
    // Warnings pass, unless --strict.
    let warn = env.path("warn.json");
    std::fs::write(
        &warn,
        std::fs::read_to_string(&good)
            .unwrap()
            .replace("\"email\"", "\"emial\""),
    )
    .unwrap();
    assert_eq!(
        env.cmd()
            .current_dir(env.dir.path())
            .args(["validate", "warn.json"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        env.cmd()
            .current_dir(env.dir.path())
            .args(["validate", "warn.json", "--strict"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
    // Secret references are checked only when asked.
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .args(["--json", "validate", "workspace.json", "--resolve-secrets"])
        .env_remove("GOOGLE_SECRET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "secret_unresolved");
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("GOOGLE_SECRET")
    );
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .args(["validate", "workspace.json", "--resolve-secrets"])
        .env("GOOGLE_SECRET", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Unreadable input is exit 2; malformed JSON is a diagnostic with its position.
    assert_eq!(
        env.cmd()
            .args(["validate", "/nonexistent/connectors.json"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    std::fs::write(
        env.path("broken.json"),
        "{\n  \"apps\": [\n    {\"name\": \"crm\"},\n  ]\n}\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .args(["--json", "validate", "broken.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "json_syntax");
    assert_eq!(v["diagnostics"][0]["line"], 3);
}

fn apply_env() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    let file = copy(&env, "workspace.json");
    std::fs::write(env.path("slack.secret"), "slack-secret\n").unwrap();
    (env, file)
}

fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.cmd()
        .current_dir(env.dir.path())
        .env("GOOGLE_SECRET", "google-secret-1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn plan_apply_is_idempotent_and_export_round_trips() {
    let (env, _) = apply_env();
    let out = run(&env, &["plan", "workspace.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!("plan_new_workspace", stdout(&out));
    assert!(!stdout(&out).contains("google-secret-1"));
    // Without a terminal, apply needs --yes.
    let out = run(&env, &["apply", "workspace.json"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&env, &["--json", "apply", "workspace.json", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["applied"], true);
    assert_eq!(v["plan"]["changes"].as_array().unwrap().len(), 4);
    // Applied for real: the secrets decrypt, the restriction to an app holds.
    let (v, _) = env.json(&["show", "Slack", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], "slack-secret");
    assert_eq!(v["connector"]["apps"], serde_json::json!(["site"]));
    // Each entry says which way it came in: the file's changes by `apply`, the rest by
    // a command.
    let (audit, _) = env.json(&["audit", "--limit", "100"]);
    let via = |action: &str| -> Vec<Value> {
        audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["via"].clone())
            .collect()
    };
    assert_eq!(
        via("connector.add"),
        vec![Value::from("apply"); 2],
        "{audit}"
    );
    assert_eq!(via("app.add"), vec![Value::from("apply"); 2], "{audit}");
    assert_eq!(via("vault.init"), vec![Value::from("cli")], "{audit}");
    // A second apply changes nothing and records nothing.
    let audit_before: i64 = env.sql().one("SELECT count(*) FROM audit", &[]);
    let out = run(&env, &["--json", "apply", "workspace.json", "--yes"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["applied"], false);
    let audit_after: i64 = env.sql().one("SELECT count(*) FROM audit", &[]);
    assert_eq!(audit_before, audit_after);
    // export then plan: no change.
    let out = run(&env, &["export", "-o", "exported.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = std::fs::read_to_string(env.path("exported.json")).unwrap();
    assert!(exported.contains("\"vault\": true") && !exported.contains("google-secret-1"));
    let out = run(&env, &["--json", "plan", "exported.json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]), "{v}");
    // A changed secret shows as changed fingerprints, never the value.
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .env("GOOGLE_SECRET", "rotated-secret")
        .args(["plan", "workspace.json"])
        .output()
        .unwrap();
    insta::assert_snapshot!("plan_rotated_secret", stdout(&out));
}

#[test]
fn plan_counts_reconnects_and_removals() {
    let (env, _) = apply_env();
    assert!(
        run(&env, &["apply", "workspace.json", "--yes"])
            .status
            .success()
    );
    env.sql()
        .batch("INSERT INTO connections (connector_id, app_id, app_user, status, granted_scopes, created_at, updated_at)
             SELECT c.id, a.id, 'u' || a.id, 'active', 'openid\nemail', 't', 't' FROM connectors c, apps a WHERE c.name = 'Google Calendar';");
    env.resign();
    let edited = std::fs::read_to_string(env.path("workspace.json"))
        .unwrap()
        .replace(
            "[\"openid\", \"email\"]",
            "[\"openid\", \"email\", \"profile\"]",
        );
    let edited = edited.replace(
        "{\"name\": \"site\", \"preview\": false}",
        "{\"name\": \"shop\"}",
    );
    std::fs::write(env.path("next.json"), edited).unwrap();
    let out = run(&env, &["--json", "plan", "next.json"]);
    // The file is now invalid (Slack is used by "site", which is gone): nothing is planned.
    assert_eq!(out.status.code(), Some(1));
    let fixed = std::fs::read_to_string(env.path("next.json")).unwrap().replace("\"apps\": [\"site\"]", "\"apps\": [\"shop\"]").replace(
        "\"redirect_uris\": [\"https://site.base44.app/api/external-auth/callback\"]",
        "\"redirect_uris\": [\"https://shop.base44.app/api/external-auth/callback\", \"https://preview--shop.base44.app/api/external-auth/callback\"]",
    );
    let fixed = fixed.replace(
        "\"https://site.base44.app/api/external-auth/callback\"\n",
        "\"https://shop.base44.app/api/external-auth/callback\",\n        \"https://preview--shop.base44.app/api/external-auth/callback\"\n",
    );
    std::fs::write(env.path("next.json"), fixed).unwrap();
    let out = run(&env, &["--json", "plan", "next.json"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["needs_reconnect"], 2, "{v}");
    assert_eq!(
        v["connections_removed"], 1,
        "the site app's connection goes with it: {v}"
    );
    let out = run(&env, &["plan", "next.json"]);
    insta::assert_snapshot!("plan_changes", stdout(&out));
    assert!(run(&env, &["apply", "next.json", "--yes"]).status.success());
    let n: i64 = env.sql().one(
        "SELECT count(*) FROM connections WHERE status = 'needs_reconnect'",
        &[],
    );
    assert_eq!(n, 1);
}

/// Everything but the audit log's timestamps, for before/after comparisons.
fn state(env: &TestEnv) -> String {
    let db = env.sql();
    let mut out = String::new();
    for sql in [
        "SELECT name, platform_domain FROM workspaces ORDER BY name",
        "SELECT name, coalesce(custom_domain, ''), preview FROM apps ORDER BY name",
        "SELECT name, provider, client_id, scopes, mode, redirect_uris, apps, client_secret FROM connectors ORDER BY name",
        "SELECT count(*) FROM audit",
    ] {
        for row in db.rows(sql, &[]) {
            let line: Vec<String> = row.iter().map(|v| format!("{v:?}")).collect();
            out.push_str(&line.join("|"));
            out.push('\n');
        }
    }
    out
}

#[test]
fn an_apply_killed_before_its_commit_leaves_the_vault_as_it_was() {
    let (env, _) = apply_env();
    let before = state(&env);
    // Hold the vault's write lock, so apply reads, plans and then waits to write.
    let holder = env.sql();
    holder.hold_write_lock();
    let mut child = env
        .std_cmd()
        .current_dir(env.dir.path())
        .args(["apply", "workspace.json", "--yes"])
        .env("GOOGLE_SECRET", "google-secret-1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "apply is waiting for the write lock"
    );
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    holder.release();
    drop(holder);
    assert_eq!(state(&env), before);
    env.sql().assert_intact();
    // And the apply then goes through.
    assert!(
        run(&env, &["apply", "workspace.json", "--yes"])
            .status
            .success()
    );
    assert_ne!(state(&env), before);
}

#[test]
fn schema_and_redirect_uris() {
    let env = TestEnv::new();
    let out = env.cmd().arg("schema").output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(
        v["properties"]["connectors"]["items"]["properties"]["client_secret"]["oneOf"].is_array()
    );

    env.cmd()
        .args(["app", "add", "crm", "--custom-domain", "crm.example.com"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["redirect-uris", "--app", "crm"])
        .output()
        .unwrap();
    insta::assert_snapshot!("redirect_uris_app", stdout(&out));
    env.cmd()
        .args([
            "add",
            "google",
            "--name",
            "Cal",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ])
        .args([
            "--redirect-uri",
            "https://crm.base44.app/api/external-auth/callback/",
            "--redirect-uri",
            "https://crm.base44.app/api/external-auth/callback",
        ])
        .env("S", "s")
        .assert()
        .success();
    let out = env
        .cmd()
        .args([
            "redirect-uris",
            "--app",
            "crm",
            "--connector",
            "cal",
            "--port",
            "9000",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("redirect_uris_connector", stdout(&out));
    let (v, _) = env.json(&["redirect-uris", "--app", "crm", "--connector", "Cal"]);
    let uris = v["redirect_uris"].as_array().unwrap();
    assert_eq!(uris.len(), 4);
    assert_eq!(uris[0]["registered"], true);
    assert_eq!(uris[2]["reason"], "preview_prefix_missing");
    assert_eq!(
        uris[3]["uri"],
        "http://127.0.0.1:8765/api/external-auth/callback"
    );
    assert_eq!(
        v["provider"]["console_url"],
        "https://console.cloud.google.com/apis/credentials"
    );
}

#[test]
fn endpoint_parameters_are_validated_planned_applied_and_exported() {
    let env = TestEnv::new();
    let write = |tenant: &str, extra: &str| {
        std::fs::write(
            env.path("ms.json"),
            format!(
                r#"{{"apps": [{{"name": "crm"}}], "connectors": [
                  {{"name": "Outlook", "provider": "microsoft", "client_id": "00000000-aaaa-bbbb-cccc-000000000001",
                    "client_secret": {{"env": "MS_SECRET"}}, "scopes": ["openid", "offline_access"], "tenant": "{tenant}",
                    "redirect_uris": ["https://crm.base44.app/api/external-auth/callback", "https://preview--crm.base44.app/api/external-auth/callback"]}}{extra}]}}"#
            ),
        )
        .unwrap();
    };
    let run = |args: &[&str]| {
        env.cmd()
            .current_dir(env.dir.path())
            .env("MS_SECRET", "ms-secret")
            .args(args)
            .output()
            .unwrap()
    };
    write(
        "not a tenant",
        r#", {"name": "G", "provider": "google", "client_id": "g", "client_secret": {"env": "MS_SECRET"}, "login_host": "x.example.com"}"#,
    );
    let out = run(&["--json", "validate", "ms.json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"bad_tenant"), "{codes:?}");
    assert!(codes.contains(&"unknown_param"), "{codes:?}");
    write("72f988bf-86f1-41af-91ab-2d7cd011db47", "");
    let out = run(&["plan", "ms.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("72f988bf-86f1-41af-91ab-2d7cd011db47"),
        "{}",
        stdout(&out)
    );
    assert!(run(&["apply", "ms.json", "--yes"]).status.success());
    let (v, _) = env.json(&["export"]);
    assert_eq!(
        v["connectors"][0]["tenant"],
        "72f988bf-86f1-41af-91ab-2d7cd011db47"
    );
    // Applied twice, nothing changes; a new tenant is one change.
    let out = run(&["--json", "plan", "ms.json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["changes"], serde_json::json!([]), "{plan}");
    write("organizations", "");
    let out = run(&["--json", "plan", "ms.json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        plan["changes"][0]["fields"][0]["field"], "endpoint_params",
        "{plan}"
    );
}
