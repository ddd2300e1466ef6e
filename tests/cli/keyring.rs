//! The OS keyring as the vault's key store, through a real Secret Service: gnome-keyring on
//! a private D-Bus session (`dbus-run-session`), installed by scripts/test.sh.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn the_vault_key_lives_in_a_real_secret_service() {
    if std::env::var_os("CONNECTORS_TEST_NO_KEYRING").is_some() {
        eprintln!("skipped: scripts/test.sh could not install gnome-keyring and dbus (not root?)");
        return;
    }
    for tool in ["dbus-run-session", "gnome-keyring-daemon"] {
        assert!(
            Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {tool}"))
                .status()
                .unwrap()
                .success(),
            "{tool} is missing: run the tests with `bash scripts/test.sh`, which installs gnome-keyring and dbus"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keyring/scenario.sh");
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg("bash")
        .arg(script)
        .arg(assert_cmd::cargo::cargo_bin("connectors"))
        .arg(dir.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One JSON document per command, in order.
    let docs: Vec<Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .map(|v| v.unwrap())
        .collect();
    assert_eq!(docs.len(), 5, "{stdout}");
    assert_eq!(docs[0]["key_store"], "keyring");
    assert_eq!(docs[1]["key"]["ok"], true);
    assert_eq!(docs[1]["key"]["source"], "OS keyring");
    assert_eq!(docs[3]["key_store"], "keyring");
    assert_eq!(docs[3]["secrets_reencrypted"], 1);
    assert_eq!(docs[4]["client_secret"]["value"], "keyring-held-secret");
    // Nothing of the key was written beside the vault.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".key"), "a key file appeared: {name}");
    }
    let vault = std::fs::read(dir.path().join("vault.db")).unwrap();
    assert!(
        !vault.windows(16).any(|w| w == b"AGE-SECRET-KEY-1"),
        "the vault holds no identity"
    );
}
