//! `app` and `workspace` commands: derived redirect URIs and their errors.

use crate::support::*;

#[test]
fn apps_derive_their_redirect_uris() {
    let env = TestEnv::new();
    let (v, out) = env.json(&["app", "add", "crm", "--custom-domain", "CRM.Example.com"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let uris: Vec<&str> = v["redirect_uris"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        [
            "https://crm.base44.app/api/external-auth/callback",
            "https://crm.example.com/api/external-auth/callback",
            "https://preview--crm.base44.app/api/external-auth/callback",
        ]
    );
    let (v, _) = env.json(&["app", "add", "site", "--no-preview"]);
    assert_eq!(v["redirect_uris"].as_array().unwrap().len(), 1);
    let (v, _) = env.json(&["app", "list"]);
    assert_eq!(v["apps"].as_array().unwrap().len(), 2);
    let (v, _) = env.json(&["app", "show", "crm"]);
    assert_eq!(v["app"]["custom_domain"], "crm.example.com");
    assert_eq!(v["connections"], 0);
}

#[test]
fn app_edit_and_remove() {
    let env = TestEnv::new();
    env.cmd()
        .args(["app", "add", "crm", "--custom-domain", "crm.example.com"])
        .assert()
        .success();
    let (v, out) = env.json(&[
        "app",
        "edit",
        "crm",
        "--rename",
        "sales",
        "--no-custom-domain",
        "--no-preview",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["changes"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["redirect_uris"][0]["uri"],
        "https://sales.base44.app/api/external-auth/callback"
    );
    assert_eq!(v["redirect_uris"].as_array().unwrap().len(), 1);
    insta::assert_snapshot!(env.seen(&["app", "remove", "sales"]), @r#"
        $ connectors app remove sales
        --- stderr
        error: removing app 'sales' needs confirmation
        hint: pass --yes to remove it without a prompt
        --- exit 2
        "#);
    env.cmd()
        .args(["app", "remove", "sales", "--yes"])
        .assert()
        .success();
    let (v, _) = env.json(&["app", "list"]);
    assert!(v["apps"].as_array().unwrap().is_empty());
}

#[test]
fn app_errors_say_how_to_fix() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "CRM"]), @r#"
        $ connectors --json app add CRM
        {
          "error": {
            "code": "bad_app_name",
            "hint": "app names are subdomains and are lowercase: try 'crm'",
            "message": "'CRM' is not a valid app name"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "crm"]), @r#"
        $ connectors --json app add crm
        {
          "error": {
            "code": "app_exists",
            "hint": "change it with `connectors app edit crm`",
            "message": "an app named 'crm' already exists in workspace 'default'"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "preview--x"]), @r#"
        $ connectors --json app add preview--x
        {
          "error": {
            "code": "bad_app_name",
            "hint": "give the app's own name; its preview URI is derived from it",
            "message": "'preview--x' starts with 'preview--', which is reserved for preview hosts"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "x", "--custom-domain", "https://x.example.com/"]), @r#"
        $ connectors --json app add x --custom-domain https://x.example.com/
        {
          "error": {
            "code": "bad_domain",
            "hint": "give the host only, without scheme or path: x.example.com",
            "message": "the custom domain 'https://x.example.com/' is not a bare host name"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "x", "--custom-domain", "bücher.example"]), @r#"
        $ connectors --json app add x --custom-domain bücher.example
        {
          "error": {
            "code": "bad_domain",
            "hint": "write an internationalised domain in its punycode (xn--) form",
            "message": "the custom domain 'bücher.example' is not a valid host name"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["app", "show", "nope"]), @r#"
        $ connectors app show nope
        --- stderr
        error: there is no app named 'nope' in workspace 'default'
        hint: list them with `connectors app list`, or add it with `connectors app add nope`
        --- exit 2
        "#);
}

#[test]
fn workspaces_and_platform_domain() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let (v, out) = env.json(&["workspace", "edit", "--platform-domain", "apps.example.org"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["previous_platform_domain"], "base44.app");
    let (v, _) = env.json(&["app", "show", "crm"]);
    assert_eq!(
        v["redirect_uris"][0]["uri"],
        "https://crm.apps.example.org/api/external-auth/callback"
    );

    env.cmd()
        .args(["workspace", "add", "Marketing"])
        .assert()
        .success();
    insta::assert_snapshot!(env.seen(&["workspace", "add", "marketing"]), @r#"
        $ connectors workspace add marketing
        --- stderr
        error: a workspace named 'Marketing' already exists
        hint: names are compared without regard to case; choose another name
        --- exit 2
        "#);
    env.cmd()
        .args(["--workspace", "marketing", "app", "add", "crm"])
        .assert()
        .success();
    let (v, _) = env.json(&["workspace", "list"]);
    assert_eq!(v["workspaces"].as_array().unwrap().len(), 2);
    // Connectors belong to a workspace.
    env.cmd()
        .args([
            "--workspace",
            "Marketing",
            "add",
            "github",
            "--name",
            "gh",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ])
        .env("S", "s")
        .assert()
        .success();
    let (v, _) = env.json(&["list"]);
    assert!(v["connectors"].as_array().unwrap().is_empty());
    let (v, _) = env.json(&["--workspace", "marketing", "list"]);
    assert_eq!(v["connectors"].as_array().unwrap().len(), 1);
}
