//! The interactive prompts, answered on a real pseudo-terminal (tests/pty/drive.py): `add`
//! with fields missing asks for each (the secret hidden), `delete` asks twice, `edit`
//! without flags ends with an explicit save.

use std::path::Path;

use crate::support::*;

fn drive(env: &TestEnv, script: &[(&str, &str)], args: &[&str]) -> (String, i32) {
    let file = env.path("script.json");
    std::fs::write(&file, serde_json::to_string(script).unwrap()).unwrap();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pty/drive.py");
    let cmd = env.std_cmd();
    let program = cmd.get_program().to_owned();
    let mut py = std::process::Command::new("python3");
    py.arg(driver).arg(&file).arg("--").arg(program).args(args);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => py.env(k, v),
            None => py.env_remove(k),
        };
    }
    let out = py.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn add_asks_for_every_missing_field_and_hides_the_secret() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let script = [
        ("Connector name", "Interactive Calendar\r"),
        ("Client ID", "cid-typed\r"),
        ("Client secret", "typed-Secret-123\r"),
        ("Scope", "openid\r"),
        ("Scope", "email\r"),
        ("Scope", "\r"),
        ("Mode", "\r"),
        (
            "Redirect URI",
            "https://crm.base44.app/api/external-auth/callback\r",
        ),
        ("Redirect URI", "\r"),
    ];
    let (screen, code) = drive(&env, &script, &["add", "google"]);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Added connector 'Interactive Calendar'"),
        "{screen}"
    );
    assert!(
        screen.contains("https://crm.base44.app/api/external-auth/callback"),
        "the needed URIs are shown before asking: {screen}"
    );
    assert!(
        !screen.contains("typed-Secret-123"),
        "the secret was echoed: {screen}"
    );
    let (v, _) = env.json(&["show", "Interactive Calendar", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], "typed-Secret-123");
    assert_eq!(
        v["connector"]["scopes"],
        serde_json::json!(["openid", "email"])
    );
    assert_eq!(v["connector"]["mode"], "per-user");
}

#[test]
fn delete_asks_twice() {
    let env = TestEnv::with_connector();
    // A wrong name at the second question deletes nothing.
    let (screen, code) = drive(
        &env,
        &[
            ("Delete connector 'Calendar'?", "y"),
            ("Type the connector's name", "Calender\r"),
        ],
        &["delete", "Calendar"],
    );
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("does not match"), "{screen}");
    let (v, _) = env.json(&["list"]);
    assert_eq!(v["connectors"].as_array().unwrap().len(), 1);
    let (screen, code) = drive(
        &env,
        &[
            ("Delete connector 'Calendar'?", "y"),
            ("Type the connector's name", "calendar\r"),
        ],
        &["delete", "Calendar"],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Deleted connector 'Calendar'"), "{screen}");
}

#[test]
fn edit_without_flags_ends_with_an_explicit_save() {
    let env = TestEnv::with_connector();
    // Menu: Name, Client ID, Client secret, Scopes, Mode, Redirect URIs, Save, Cancel.
    let down = "\x1b[B";
    let script = [
        ("Edit connector 'Calendar'", format!("{down}\r")),
        ("Client ID", "\x15new-client-id\r".to_string()),
        (
            "Edit connector 'Calendar'",
            format!("{down}{down}{down}{down}{down}{down}\r"),
        ),
    ];
    let script: Vec<(&str, &str)> = script.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (screen, code) = drive(&env, &script, &["edit", "Calendar"]);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("client_id: cid-123.apps.example -> new-client-id"),
        "{screen}"
    );
    // Cancel changes nothing.
    let script = [(
        "Edit connector 'Calendar'",
        format!("{down}{down}{down}{down}{down}{down}{down}\r"),
    )];
    let script: Vec<(&str, &str)> = script.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (screen, code) = drive(&env, &script, &["edit", "Calendar"]);
    assert_eq!(code, 2, "{screen}");
    let (v, _) = env.json(&["show", "Calendar"]);
    assert_eq!(v["connector"]["client_id"], "new-client-id");
}

#[test]
fn refresh_asks_for_a_passphrase_once_whatever_its_parallelism() {
    let env = TestEnv::empty();
    let with_pass = |args: &[&str]| {
        let out = env
            .bare()
            .env("CONNECTORS_PASSPHRASE", "a long passphrase")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    with_pass(&["vault", "init", "--key", "passphrase"]);
    with_pass(&["app", "add", "demo"]);
    let sb = crate::sandbox::start(&env, &[]);
    let info = sb.info.display().to_string();
    with_pass(&["sandbox", "register", "--info-file", &info]);
    for user in ["ada", "bob", "carol"] {
        let out = env
            .bare()
            .env("CONNECTORS_PASSPHRASE", "a long passphrase")
            .env(
                "BROWSER",
                crate::sandbox::answer_as(&format!("{user}@example.test"), ""),
            )
            .args([
                "connect",
                "Sandbox",
                "--app",
                "demo",
                "--user",
                user,
                "--timeout",
                "10",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // On a terminal, without CONNECTORS_PASSPHRASE: three workers, one prompt.
    let file = env.path("script.json");
    std::fs::write(&file, r#"[["Vault passphrase", "a long passphrase\r"]]"#).unwrap();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pty/drive.py");
    let cmd = env.std_bare();
    let mut py = std::process::Command::new("python3");
    py.arg(driver)
        .arg(&file)
        .arg("--")
        .arg(cmd.get_program())
        .args(["refresh", "Sandbox", "--all", "--parallel", "3"])
        .stdout(std::process::Stdio::piped());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => py.env(k, v),
            None => py.env_remove(k),
        };
    }
    let mut child = py.spawn().unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(40) {
            let _ = child.kill();
            panic!("refresh waited for a second passphrase prompt");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let seen = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{seen}");
    assert_eq!(
        seen.matches("Vault passphrase: [hidden]").count(),
        1,
        "{seen}"
    );
    assert!(seen.contains("3 refreshed, 0 failed."), "{seen}");
}

#[test]
fn add_checks_each_answer_as_it_is_typed_and_asks_again() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let script = [
        ("Connector name", "Checked Calendar\r"),
        ("Client ID", "cid-typed\r"),
        ("Client secret", "typed-Secret-456\r"),
        // Two scopes on one line: refused at once, asked again; nothing typed is lost.
        ("Scope", "openid email\r"),
        ("try again", "openid\r"),
        ("Scope", "\r"),
        ("Mode", "\r"),
        // An http redirect URI off loopback: refused, asked again.
        (
            "Redirect URI",
            "http://crm.example.com/api/external-auth/callback\r",
        ),
        (
            "try again",
            "https://crm.base44.app/api/external-auth/callback\r",
        ),
        ("Redirect URI", "\r"),
    ];
    let (screen, code) = drive(&env, &script, &["add", "google"]);
    assert_eq!(code, 0, "{screen}");
    let (v, _) = env.json(&["show", "Checked Calendar"]);
    assert_eq!(v["connector"]["scopes"], serde_json::json!(["openid"]));
    assert_eq!(
        v["connector"]["redirect_uris"],
        serde_json::json!(["https://crm.base44.app/api/external-auth/callback"])
    );
    assert_eq!(v["connector"]["client_id"], "cid-typed");
}

#[test]
fn edit_offers_the_current_scopes_and_asks_before_discarding_changes() {
    let env = TestEnv::with_connector();
    let down = "\x1b[B";
    // Scopes: openid kept, email removed, profile added; then Save.
    let script = [
        ("Edit connector 'Calendar'", format!("{down}{down}{down}\r")),
        ("Scope", "\r".to_string()),
        ("Scope", "-\r".to_string()),
        ("Scope", "profile\r".to_string()),
        ("Scope", "\r".to_string()),
        (
            "Edit connector 'Calendar'",
            format!("{down}{down}{down}{down}{down}{down}\r"),
        ),
    ];
    let script: Vec<(&str, &str)> = script.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (screen, code) = drive(&env, &script, &["edit", "Calendar"]);
    assert_eq!(code, 0, "{screen}");
    let (v, _) = env.json(&["show", "Calendar"]);
    assert_eq!(
        v["connector"]["scopes"],
        serde_json::json!(["openid", "profile"])
    );
    // A change, then Cancel: asked first; "no" goes back to the menu, "yes" discards.
    let script = [
        ("Edit connector 'Calendar'", format!("{down}\r")),
        ("Client ID", "\x15other-client\r".to_string()),
        (
            "Edit connector 'Calendar'",
            format!("{down}{down}{down}{down}{down}{down}{down}\r"),
        ),
        ("Discard the changes made?", "n".to_string()),
        (
            "Edit connector 'Calendar'",
            format!("{down}{down}{down}{down}{down}{down}{down}\r"),
        ),
        ("Discard the changes made?", "y".to_string()),
    ];
    let script: Vec<(&str, &str)> = script.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (screen, code) = drive(&env, &script, &["edit", "Calendar"]);
    assert_eq!(code, 2, "{screen}");
    let (v, _) = env.json(&["show", "Calendar"]);
    assert_eq!(v["connector"]["client_id"], "cid-123.apps.example");
}
