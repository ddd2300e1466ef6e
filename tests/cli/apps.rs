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
    let out = env.cmd().args(["app", "remove", "sales"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
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
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["app", "add", "CRM"], "bad_app_name", "'crm'"),
        (vec!["app", "add", "crm"], "app_exists", "app edit"),
        (vec!["app", "add", "preview--x"], "bad_app_name", "derived"),
        (
            vec![
                "app",
                "add",
                "x",
                "--custom-domain",
                "https://x.example.com/",
            ],
            "bad_domain",
            "x.example.com",
        ),
        (
            vec!["app", "add", "x", "--custom-domain", "bücher.example"],
            "bad_domain",
            "punycode",
        ),
        (vec!["app", "show", "nope"], "unknown_app", "app add nope"),
    ];
    for (args, code, hint) in cases {
        let out = env.cmd().arg("--json").args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(error_code(&v), code, "{args:?}");
        assert!(
            v["error"]["hint"].as_str().unwrap().contains(hint),
            "{args:?}: {v}"
        );
    }
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
    let out = env
        .cmd()
        .args(["workspace", "add", "marketing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
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
