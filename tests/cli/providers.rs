//! `providers list | show | add | remove` and `--providers FILE` overrides.

use crate::support::*;

#[test]
fn the_catalog_lists_every_required_provider() {
    let env = TestEnv::empty();
    // The catalog needs no vault.
    let (v, out) = env.json(&["providers", "list"]);
    assert!(out.status.success());
    let names: Vec<&str> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for want in [
        "google",
        "slack",
        "notion",
        "linkedin",
        "github",
        "microsoft",
        "hubspot",
        "salesforce",
        "dropbox",
        "zoom",
        "atlassian",
        "asana",
        "airtable",
        "discord",
        "custom",
    ] {
        assert!(names.contains(&want), "{want} missing");
    }
}

#[test]
fn show_gives_every_fact_with_its_source() {
    let env = TestEnv::empty();
    let (v, out) = env.json(&["providers", "show", "google"]);
    assert!(out.status.success());
    assert_eq!(
        v["authorization_url"],
        "https://accounts.google.com/o/oauth2/v2/auth"
    );
    assert_eq!(v["extra_authorization_params"]["access_type"], "offline");
    assert_eq!(v["pkce"], true);
    assert!(
        v["sources"]["endpoints"]
            .as_str()
            .unwrap()
            .starts_with("https://developers.google.com/")
    );
    assert!(
        v["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "openid")
    );
    let out = env
        .bare()
        .args(["providers", "show", "notion"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("owner=user"));
    assert!(text.contains("client_secret_basic"));
    assert!(text.contains("Sources:"));
    insta::assert_snapshot!(env.seen(&["providers", "show", "slak"]), @r#"
        $ connectors providers show slak
        --- stderr
        error: there is no provider named 'slak'
        hint: did you mean 'slack'? `connectors providers list` shows them all
        --- exit 2
        "#);
}

#[test]
fn a_providers_file_overrides_and_adds() {
    let env = TestEnv::new();
    let file = env.path("providers.json");
    std::fs::write(
        &file,
        r#"{"providers": [
            {"name": "google", "token_url": "http://127.0.0.1:9999/token"},
            {"name": "acme", "display_name": "Acme ID", "authorization_url": "https://id.acme.test/authorize", "token_url": "https://id.acme.test/token", "token_auth": "client_secret_post"}
        ]}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let (v, _) = env.json(&["--providers", f, "providers", "show", "google"]);
    assert_eq!(v["token_url"], "http://127.0.0.1:9999/token");
    assert_eq!(
        v["authorization_url"],
        "https://accounts.google.com/o/oauth2/v2/auth"
    );
    assert_eq!(v["origin"], f);
    env.cmd()
        .args([
            "--providers",
            f,
            "add",
            "acme",
            "--name",
            "Acme",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ])
        .env("S", "s")
        .assert()
        .success();

    // Kept in the vault, it works without the flag.
    env.cmd().args(["providers", "add", f]).assert().success();
    let (v, _) = env.json(&["providers", "show", "acme"]);
    assert_eq!(v["origin"], "vault");
    let (v, _) = env.json(&["audit", "--all-workspaces", "--target", "acme"]);
    assert_eq!(v["entries"][0]["action"], "provider.add");
    env.cmd()
        .args(["providers", "remove", "google"])
        .assert()
        .success();
    let (v, _) = env.json(&["providers", "show", "google"]);
    assert_eq!(v["origin"], "built-in");
    insta::assert_snapshot!(env.seen(&["providers", "remove", "google"]), @r#"
        $ connectors providers remove google
        --- stderr
        error: the vault holds no definition of provider 'google'
        hint: `connectors providers list` shows where each definition comes from
        --- exit 2
        "#);
}

#[test]
fn bad_provider_files_are_refused_clearly() {
    let env = TestEnv::new();
    let cases = [
        (
            r#"[{"name": "x", "token_url": "http://evil.example/token"}]"#,
            "must use https",
        ),
        (
            r#"[{"name": "x", "tokenurl": "https://a.test"}]"#,
            "tokenurl",
        ),
        (r#"[{"display_name": "no name"}]"#, "no \"name\""),
        (r#"{"name": "x", "#, "not valid JSON"),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let file = env.path(&format!("p{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = env
            .cmd()
            .args(["providers", "add"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(stderr(&out).contains(want), "{text}: {}", stderr(&out));
    }
}

#[test]
fn a_microsoft_connector_carries_its_tenant_into_every_endpoint() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let add = |extra: &[&str]| {
        env.cmd()
            .args([
                "--json",
                "add",
                "microsoft",
                "--name",
                "Outlook",
                "--client-id",
                "00000000-aaaa-bbbb-cccc-000000000001",
            ])
            .args([
                "--client-secret-env",
                "S",
                "--scope",
                "openid",
                "--scope",
                "offline_access",
            ])
            .args(extra)
            .env("S", "ms-secret")
            .output()
            .unwrap()
    };
    // Validated: a tenant is a GUID, a domain or one of three keywords.
    let out = add(&["--tenant", "not a tenant"]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "bad_tenant");
    let out = add(&["--tenant", "contoso.onmicrosoft.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The authorization request goes to the tenant's endpoint.
    let told = authorization_request(&env, "Outlook");
    assert!(
        told.contains(
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?"
        ),
        "{told}"
    );
    // And into the local testing URI form Microsoft accepts.
    assert!(
        told.contains("redirect_uri=http%3A%2F%2Flocalhost%3A"),
        "{told}"
    );
    // Shown, exported, planned and changed like every other field.
    let out = env.cmd().args(["show", "Outlook"]).output().unwrap();
    assert!(stdout(&out).contains("tenant:"), "{}", stdout(&out));
    let (v, _) = env.json(&["export"]);
    assert_eq!(
        v["connectors"][0]["tenant"], "contoso.onmicrosoft.com",
        "{v}"
    );
    let out = env
        .cmd()
        .args(["edit", "Outlook", "--tenant", "organizations"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (v, _) = env.json(&["show", "Outlook"]);
    assert_eq!(
        v["connector"]["endpoint_params"]["tenant"], "organizations",
        "{v}"
    );
    // An empty value clears it: the provider's default (common) applies again.
    let (v, out) = env.json(&["edit", "Outlook", "--tenant", ""]);
    assert!(out.status.success(), "{v}");
    let (v, _) = env.json(&["show", "Outlook"]);
    assert!(v["connector"].get("endpoint_params").is_none(), "{v}");
    let told = authorization_request(&env, "Outlook");
    assert!(
        told.contains("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?"),
        "{told}"
    );
    let (v, out) = env.json(&["edit", "Outlook", "--tenant", "organizations"]);
    assert!(out.status.success(), "{v}");
    // A connector whose admin registered a 127.0.0.1 loopback URI keeps that form.
    let out = env
        .cmd()
        .args([
            "edit",
            "Outlook",
            "--add-redirect-uri",
            "http://127.0.0.1:8765/api/external-auth/callback",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let told = authorization_request(&env, "Outlook");
    assert!(
        told.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
        "{}",
        told
    );
    // Only providers with the parameter take it.
    insta::assert_snapshot!(
        env.seen(&["--json", "edit", "Outlook", "--login-host", "test.salesforce.com"]),
        @r#"
        $ connectors --json edit Outlook --login-host test.salesforce.com
        {
          "error": {
            "code": "unknown_param",
            "hint": "its endpoint parameter is tenant",
            "message": "provider 'microsoft' takes no login_host"
          }
        }
        --- exit 2
        "#
    );
}

#[test]
fn a_salesforce_connector_signs_in_at_its_login_host_and_is_warned_without_refresh_token() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let out = env
        .cmd()
        .args([
            "add",
            "salesforce",
            "--name",
            "SF",
            "--client-id",
            "3MVG9",
            "--client-secret-env",
            "S",
        ])
        .args(["--scope", "api", "--login-host", "acme.my.salesforce.com"])
        .env("S", "sf-secret")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing_refresh_scope"),
        "{}",
        stderr(&out)
    );
    let told = authorization_request(&env, "SF");
    assert!(
        told.contains("https://acme.my.salesforce.com/services/oauth2/authorize?"),
        "{}",
        told
    );
}

/// What `connect --no-browser` tells the person for this connector (the authorization URL
/// among it), waiting one second for a callback that never comes.
fn authorization_request(env: &TestEnv, connector: &str) -> String {
    let out = env
        .cmd()
        .args([
            "connect",
            connector,
            "--app",
            "crm",
            "--user",
            "ada",
            "--no-browser",
            "--timeout",
            "1",
        ])
        .output()
        .unwrap();
    stderr(&out)
}
