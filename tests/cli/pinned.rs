//! The human output of the everyday commands and of the main errors, pinned by snapshots,
//! so that moving code between modules cannot change what a person reads unnoticed.
//! Values that differ from run to run (times, ports, ids, keys, paths, fingerprints) are
//! replaced by placeholders before comparing.

use crate::sandbox::{configure, connect, setup};
use crate::support::*;

/// A snapshot per engine: what a person reads names the engine and where the vault is.
macro_rules! pinned {
    ($name:expr, $value:expr) => {
        if on_postgres() {
            insta::with_settings!({snapshot_suffix => "postgres"}, {
                insta::assert_snapshot!($name, $value);
            });
        } else {
            insta::assert_snapshot!($name, $value);
        }
    };
}

#[test]
fn everyday_commands_read_the_same() {
    let (env, sb) = setup(&[]);
    let (_, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, out) = connect(&env, "bob", "");
    assert!(out.status.success(), "{}", stderr(&out));
    configure(&env, &sb, r#"{"revoke_refresh_tokens": true}"#);
    env.cmd()
        .args(["refresh", "Sandbox", "--user", "bob"])
        .assert()
        .failure();
    configure(&env, &sb, r#"{"revoke_refresh_tokens": false}"#);
    let mut all = String::new();
    for args in [
        &["list"][..],
        &["show", "Sandbox"],
        &["connections"],
        &["vault", "status"],
        &["audit"],
        &["redirect-uris", "--app", "demo", "--connector", "Sandbox"],
        &["redirect-uris", "--app", "demo"],
        &["app", "list"],
    ] {
        all.push_str(&env.seen(args));
        all.push('\n');
    }
    pinned!("everyday_commands", all);
}

#[test]
fn doctor_reads_the_same() {
    let (env, _sb) = setup(&[]);
    let (_, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    pinned!("doctor", env.seen(&["doctor"]));
}

#[test]
fn main_errors_read_the_same() {
    let env = TestEnv::with_connector();
    let mut all = String::new();
    for args in [
        &["show", "Calender"][..],
        &["connect", "Calendar", "--app", "crm"],
        &["token", "Calendar", "--app", "crm", "--user", "ada"],
        &["token", "Calendar", "--app", "nope", "--user", "ada"],
        &["add", "google", "--name", "calendar", "--client-id", "x"],
        &["edit", "Calendar"],
        &["delete", "Calendar"],
        &[
            "connect",
            "Calendar",
            "--app",
            "crm",
            "--user",
            "ada",
            "--timeout",
            "18446744073709551615",
        ],
    ] {
        all.push_str(&env.seen(args));
        all.push('\n');
    }
    // Vault and key problems.
    let other = TestEnv::empty();
    all.push_str(&other.seen(&["list"]));
    all.push('\n');
    let wrong = TestEnv::new();
    let out = env
        .bare()
        .env("CONNECTORS_KEY_FILE", &wrong.key_file)
        .args(["show", "Calendar", "--reveal-secret", "--yes"])
        .output()
        .unwrap();
    all.push_str("$ connectors show Calendar --reveal-secret --yes (another vault's key)\n");
    all.push_str(
        &normalize(&env, &stderr(&out))
            .replace(&wrong.dir.path().display().to_string(), "[OTHER_HOME]"),
    );
    all.push_str(&format!("--- exit {}\n", out.status.code().unwrap_or(-1)));
    pinned!("main_errors", all);
}
