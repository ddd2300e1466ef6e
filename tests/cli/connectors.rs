//! `add`, `list`, `show`, `edit`, `delete`: success and error paths.

use crate::support::*;
use predicates::prelude::*;

#[test]
fn add_list_show_round_trip() {
    let env = TestEnv::with_connector();
    let (v, out) = env.json(&["list"]);
    assert!(out.status.success());
    let c = &v["connectors"][0];
    assert_eq!(c["name"], "Calendar");
    assert_eq!(c["provider"], "google");
    assert_eq!(c["mode"], "per-user");
    assert_eq!(c["scopes"], serde_json::json!(["openid", "email"]));
    assert_eq!(c["connections"], 0);

    let (v, _) = env.json(&["show", "CALENDAR"]);
    assert_eq!(v["connector"]["client_id"], "cid-123.apps.example");
    assert!(
        v["client_secret"]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert!(v["client_secret"].get("value").is_none());
    let needed = v["needed_redirect_uris"].as_array().unwrap();
    assert_eq!(needed.len(), 2, "live and preview of app crm");
    assert_eq!(needed[0]["registered"], true);
    assert_eq!(
        needed[1]["uri"],
        "https://preview--crm.base44.app/api/external-auth/callback"
    );
    assert_eq!(needed[1]["registered"], false);

    env.cmd()
        .args(["show", "calendar"])
        .assert()
        .success()
        .stdout(predicate::str::contains("••••••••"))
        .stdout(predicate::str::contains("NOT registered"));
    env.cmd()
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::is_match("Calendar +google +per-user +2 +0").unwrap());
}

#[test]
fn the_fingerprint_can_be_checked_with_sha256sum() {
    let env = TestEnv::with_connector();
    let (v, _) = env.json(&["show", "Calendar"]);
    use sha2::Digest;
    let digest = sha2::Sha256::digest(SECRET.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    assert_eq!(v["client_secret"]["fingerprint"], format!("sha256:{hex}"));
}

#[test]
fn several_connectors_of_one_provider_coexist_but_names_are_unique_without_case() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args([
            "add",
            "google",
            "--name",
            "Gmail sender",
            "--client-id",
            "other",
            "--client-secret-env",
            "S",
            "--mode",
            "shared",
        ])
        .env("S", "x")
        .assert()
        .success();
    insta::assert_snapshot!(
        env.seen_with(&["--json", "add", "slack", "--name", "CALENDAR", "--client-id", "x", "--client-secret-env", "S"], &[("S", "x")]),
        @r#"
        $ connectors --json add slack --name CALENDAR --client-id x --client-secret-env S
        {
          "error": {
            "code": "connector_exists",
            "hint": "names are compared without regard to case; choose another name, or change that one with `connectors edit`",
            "message": "a connector named 'Calendar' already exists in workspace 'default'"
          }
        }
        --- exit 2
        "#
    );
    let (v, _) = env.json(&["list", "--provider", "google"]);
    assert_eq!(v["connectors"].as_array().unwrap().len(), 2);
}

#[test]
fn missing_fields_without_a_terminal_name_the_flag() {
    let env = TestEnv::new();
    insta::assert_snapshot!(env.seen(&["add"]), @r#"
        $ connectors add
        --- stderr
        error: Provider is needed, and there is no terminal to ask on
        hint: pass PROVIDER (see `connectors providers list`)
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["add", "google"]), @r#"
        $ connectors add google
        --- stderr
        error: Connector name is needed, and there is no terminal to ask on
        hint: pass --name NAME
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["add", "google", "--name", "n"]), @r#"
        $ connectors add google --name n
        --- stderr
        The client ID and secret are in Google's developer console: https://console.cloud.google.com/apis/credentials
        error: Client ID is needed, and there is no terminal to ask on
        hint: pass --client-id ID
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["add", "google", "--name", "n", "--client-id", "c"]), @r#"
        $ connectors add google --name n --client-id c
        --- stderr
        error: Client secret is needed, and there is no terminal to ask on
        hint: pass --client-secret-stdin, --client-secret-env VAR or --client-secret-file PATH
        --- exit 2
        "#);
}

#[test]
fn scopes_are_normalised_and_checked() {
    let env = TestEnv::new();
    let file = env.path("scopes.txt");
    std::fs::write(&file, "openid\n\n  email  \nopenid\nprofile\n").unwrap();
    let out = env
        .cmd()
        .args([
            "--json",
            "add",
            "google",
            "--name",
            "g",
            "--client-id",
            "c",
            "--client-secret-env",
            "S",
            "--scopes-file",
        ])
        .arg(&file)
        .args(["--scope", "emial"])
        .env("S", "x")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["connector"]["scopes"],
        serde_json::json!(["emial", "openid", "email", "profile"])
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("did you mean 'email'"))
    );

    let out = env
        .cmd()
        .args([
            "add",
            "google",
            "--name",
            "h",
            "--client-id",
            "c",
            "--client-secret-env",
            "S",
            "--scope",
            "openid email",
        ])
        .env("S", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--scope openid --scope email"),
        "{}",
        stderr(&out)
    );
    let out = env
        .cmd()
        .args([
            "add",
            "slack",
            "--name",
            "h",
            "--client-id",
            "c",
            "--client-secret-env",
            "S",
            "--scope",
            "chat:write,users:read",
        ])
        .env("S", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("commas"));
}

#[test]
fn bad_input_is_refused_with_a_fix() {
    let env = TestEnv::new();
    // Under --json, as a script sees it: the code, the message and the next step.
    let add = |extra: &[&str]| {
        let mut args = vec!["--json", "add"];
        args.extend_from_slice(extra);
        env.seen_with(&args, &[("S", "x")])
    };
    let secret = ["--client-secret-env", "S"];
    insta::assert_snapshot!(add(&[&["gogle", "--name", "n", "--client-id", "c"][..], &secret].concat()), @r#"
        $ connectors --json add gogle --name n --client-id c --client-secret-env S
        {
          "error": {
            "code": "unknown_provider",
            "hint": "did you mean 'google'? `connectors providers list` shows them all",
            "message": "there is no provider named 'gogle'"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(add(&[&["custom", "--name", "n", "--client-id", "c"][..], &secret].concat()), @r#"
        $ connectors --json add custom --name n --client-id c --client-secret-env S
        {
          "error": {
            "code": "provider_incomplete",
            "hint": "define your provider (name, authorization_url, token_url) in a JSON file and load it with `connectors providers add FILE` or --providers FILE",
            "message": "provider 'custom' has no endpoints to use"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(add(&[&["google", "--name", "n", "--client-id", "c", "--redirect-uri", "http://crm.example.com/cb"][..], &secret].concat()), @r#"
        $ connectors --json add google --name n --client-id c --redirect-uri http://crm.example.com/cb --client-secret-env S
        {
          "error": {
            "code": "bad_redirect_uri",
            "hint": "use https://, or http://127.0.0.1:PORT for local testing",
            "message": "the redirect URI 'http://crm.example.com/cb' uses http on a host other than loopback"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(add(&[&["google", "--name", "n", "--client-id", "a b"][..], &secret].concat()), @r#"
        $ connectors --json add google --name n --client-id a b --client-secret-env S
        {
          "error": {
            "code": "bad_client_id",
            "hint": "copy it again from the provider's developer console, without spaces or line breaks",
            "message": "the client ID contains whitespace"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(add(&[&["google", "--name", "  ", "--client-id", "c"][..], &secret].concat()), @r#"
        $ connectors --json add google --name    --client-id c --client-secret-env S
        {
          "error": {
            "code": "bad_connector_name",
            "hint": "give a short name people recognise, such as \"Google Calendar scheduling\"",
            "message": "the connector name is empty"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "show", "nope"]), @r#"
        $ connectors --json show nope
        {
          "error": {
            "code": "unknown_connector",
            "hint": "`connectors list` shows the connectors of this workspace",
            "message": "there is no connector named 'nope' in workspace 'default'"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "--workspace", "nowhere", "list"]), @r#"
        $ connectors --json --workspace nowhere list
        {
          "error": {
            "code": "unknown_workspace",
            "hint": "list them with `connectors workspace list`, or create it with `connectors workspace add nowhere`",
            "message": "there is no workspace named 'nowhere' in this vault"
          }
        }
        --- exit 2
        "#);
    // A usage error from clap itself is JSON too under --json.
    insta::assert_snapshot!(env.seen(&["--json", "add", "google", "--mode", "team"]), @r#"
        $ connectors --json add google --mode team
        {
          "error": {
            "code": "usage",
            "hint": "run with --help to see the usage",
            "message": "invalid value 'team' for '--mode <MODE>'"
          }
        }
        --- exit 2
        "#);
}

#[test]
fn edit_changes_fields_and_reports_them() {
    let env = TestEnv::with_connector();
    let (v, out) = env.json(&[
        "edit",
        "calendar",
        "--name",
        "Google Calendar",
        "--client-id",
        "new-id",
        "--add-scope",
        "profile",
        "--remove-scope",
        "email",
        "--add-redirect-uri",
        "https://preview--crm.base44.app/api/external-auth/callback",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fields: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "client_id", "scopes", "redirect_uris"]);
    assert_eq!(
        v["connector"]["scopes"],
        serde_json::json!(["openid", "profile"])
    );
    let (v, _) = env.json(&["show", "Google Calendar"]);
    assert!(
        v["needed_redirect_uris"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["registered"] == true)
    );

    // The same values again: nothing changes, nothing is recorded.
    let (v, _) = env.json(&["edit", "Google Calendar", "--client-id", "new-id"]);
    assert_eq!(v["changes"].as_array().unwrap().len(), 0);
    // A new secret is reported as changed, never shown.
    let (v, _) = {
        let out = env
            .cmd()
            .args([
                "--json",
                "edit",
                "Google Calendar",
                "--client-secret-env",
                "S",
            ])
            .env("S", "rotated")
            .output()
            .unwrap();
        (
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
            out,
        )
    };
    assert_eq!(v["changes"][0]["field"], "client_secret");
    assert!(!v.to_string().contains("rotated"));
    // No change flags and no terminal.
    insta::assert_snapshot!(env.seen(&["edit", "Google Calendar"]), @r#"
        $ connectors edit Google Calendar
        --- stderr
        error: no change was given for connector 'Google Calendar'
        hint: pass --name, --client-id, --client-secret-stdin, --scope, --add-scope, --remove-scope, --mode, --redirect-uri, --used-by, --tenant or --login-host; or run on a terminal to edit interactively
        --- exit 2
        "#);
}

#[test]
fn scope_changes_send_uncovered_connections_to_reconnect() {
    let env = TestEnv::with_connector();
    // Two people connected with openid+email; one of them also granted profile.
    let db = env.sql();
    db.batch("INSERT INTO connections (connector_id, app_id, app_user, status, granted_scopes, created_at, updated_at)
         VALUES (1, 1, 'alice', 'active', 'openid\nemail', 'now', 'now'),
                (1, 1, 'bob', 'active', 'openid\nemail\nprofile', 'now', 'now');");
    drop(db);
    env.resign();
    let (v, out) = env.json(&["edit", "Calendar", "--add-scope", "profile"]);
    assert!(out.status.success());
    assert_eq!(v["connections_needing_reconnect"], 1);
    let status: String = env.sql().one(
        "SELECT status FROM connections WHERE app_user = 'alice'",
        &[],
    );
    assert_eq!(status, "needs_reconnect");
    let reason: String = env.sql().one(
        "SELECT status_reason FROM connections WHERE app_user = 'alice'",
        &[],
    );
    assert!(reason.contains("profile"));
    let status: String = env
        .sql()
        .one("SELECT status FROM connections WHERE app_user = 'bob'", &[]);
    assert_eq!(status, "active");
    env.cmd()
        .args([
            "edit",
            "Calendar",
            "--add-scope",
            "https://www.googleapis.com/auth/drive.file",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 connection(s) no longer cover"));
    let (v, _) = env.json(&["list"]);
    assert_eq!(v["connectors"][0]["needs_reconnect"], 2);
    // With connections, the mode cannot change.
    insta::assert_snapshot!(env.seen(&["edit", "Calendar", "--mode", "shared"]), @r#"
        $ connectors edit Calendar --mode shared
        --- stderr
        error: connector 'Calendar' has 2 connection(s) made in per-user mode; changing the mode would strand them
        hint: disconnect those connections first, or add a new connector with the other mode
        --- exit 2
        "#);
}

#[test]
fn delete_needs_confirmation_and_removes_connections() {
    let env = TestEnv::with_connector();
    env.sql()
        .batch("INSERT INTO connections (connector_id, app_id, app_user, status, created_at, updated_at) VALUES (1, 1, 'alice', 'active', 'now', 'now');");
    insta::assert_snapshot!(env.seen(&["delete", "Calendar"]), @r#"
        $ connectors delete Calendar
        --- stderr
        error: deleting connector 'Calendar' needs confirmation
        hint: pass --yes to delete it without prompts
        --- exit 2
        "#);
    let (v, out) = env.json(&["delete", "calendar", "--yes"]);
    assert!(out.status.success());
    assert_eq!(v["deleted"], "Calendar");
    assert_eq!(v["connections_removed"], 1);
    let n: i64 = env.sql().one("SELECT count(*) FROM connections", &[]);
    assert_eq!(n, 0);
    insta::assert_snapshot!(env.seen(&["delete", "Calendar", "--yes"]), @r#"
        $ connectors delete Calendar --yes
        --- stderr
        error: there is no connector named 'Calendar' in workspace 'default'
        hint: `connectors list` shows the connectors of this workspace
        --- exit 2
        "#);
}

#[test]
fn list_and_show_need_no_key_for_listing() {
    let env = TestEnv::with_connector();
    // Listing decrypts nothing, so it works without any key source.
    let out = env
        .bare()
        .env("CONNECTORS_KEY_FILE", env.path("missing.key"))
        .args(["--json", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Showing decrypts the secret for its fingerprint, so it needs the key.
    let out = env
        .bare()
        .env("CONNECTORS_KEY_FILE", env.path("missing.key"))
        .args(["show", "Calendar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn garbage_arguments_never_panic() {
    let env = TestEnv::with_connector();
    let inputs: &[&[&str]] = &[
        &["show", ""],
        &["show", "\u{7}bell"],
        &[
            "add",
            "google",
            "--name",
            "\u{202e}evil",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ],
        &["edit", "Calendar", "--scope", ""],
        &["edit", "Calendar", "--remove-scope", "nope"],
        &["app", "add", "💥"],
        &["app", "add", "a", "--custom-domain", "http://"],
        &["--workspace", "", "list"],
        &["providers", "show", "../../etc/passwd"],
        &["audit", "--limit", "0"],
    ];
    for args in inputs {
        let out = env.cmd().args(*args).env("S", "x").output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            [0, 1, 2, 3].contains(&code),
            "{args:?} exited {code}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked") && !stderr(&out).contains("RUST_BACKTRACE"),
            "{args:?}"
        );
    }
}
