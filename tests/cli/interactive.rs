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
