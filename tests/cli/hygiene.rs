//! Process and file hygiene: nothing secret reaches a child process, key files are read
//! only when they are the user's own regular files, and a keyring that never answers is
//! given up on in time, with the other key sources named.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::sandbox::setup;
use crate::support::*;

#[test]
fn the_browser_inherits_no_secret() {
    let (env, _sb) = setup(&[]);
    let key_text = std::fs::read_to_string(&env.key_file).unwrap();
    let key_line = key_text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    // A browser that records its environment and command line, then answers the consent.
    let record = env.path("browser-saw.txt");
    let script = env.path("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n{{ env; echo ARGV \"$@\"; }} > '{}'\nexec '{}' sandbox answer --user ada@example.test \"$@\"\n",
            record.display(),
            assert_cmd::cargo::cargo_bin("connectors").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = crate::sandbox::connect_cmd(&env, "demo", "ada", &script.display().to_string())
        .env("CONNECTORS_VAULT_KEY", &key_line)
        .env("CONNECTORS_PASSPHRASE", "canary-passphrase-4d1f")
        .env("PGPASSWORD", "canary-pg-77a0")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let saw = std::fs::read_to_string(&record).unwrap();
    assert!(
        saw.contains("ARGV http://127.0.0.1:"),
        "the browser was given the URL: {saw}"
    );
    for secret in [
        key_line.as_str(),
        "canary-passphrase-4d1f",
        "canary-pg-77a0",
        SECRET,
    ] {
        assert!(!saw.contains(secret), "the browser saw a secret");
    }
    assert!(!saw.contains("CONNECTORS_VAULT_KEY"), "{saw}");
}

#[test]
fn key_files_must_be_the_users_own_files_not_links() {
    let env = TestEnv::new();
    let link = env.path("link.key");
    std::os::unix::fs::symlink(&env.key_file, &link).unwrap();
    let status_with = |key_file: &std::path::Path| -> serde_json::Value {
        let out = env
            .bare()
            .env("CONNECTORS_KEY_FILE", key_file)
            .args(["--json", "vault", "status"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = status_with(&link);
    assert!(v.to_string().contains("key_file_symlink"), "{v}");
    // Owned by another user (only root can give a file away).
    if unsafe { libc::geteuid() } == 0 {
        let other = env.path("other.key");
        std::fs::copy(&env.key_file, &other).unwrap();
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = std::ffi::CString::new(other.display().to_string()).unwrap();
        assert_eq!(unsafe { libc::chown(c.as_ptr(), 65534, 65534) }, 0);
        let v = status_with(&other);
        assert!(v.to_string().contains("key_file_owner"), "{v}");
    }
}

#[test]
fn a_keyring_that_never_answers_is_given_up_on_and_the_other_sources_are_named() {
    let env = TestEnv::empty();
    // A session bus that accepts connections and never says a word.
    let socket = env.path("silent-bus");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let held = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = held.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            keep.lock().unwrap().push(conn);
        }
    });
    let start = Instant::now();
    let out = env
        .bare()
        .args(["--json", "vault", "init"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        )
        .env("CONNECTORS_KEYRING_TIMEOUT", "2")
        .output()
        .unwrap();
    let took = start.elapsed();
    // The stated limit bounds the whole wait (the write, and the clean-up after it), with a
    // margin for starting the process on a busy machine.
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert!(stdout(&out).contains("within 2 s"), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "no_key", "{v}");
    let hint = v["error"]["hint"].as_str().unwrap();
    assert!(
        hint.contains("--key key-file") && hint.contains("CONNECTORS_VAULT_KEY"),
        "{hint}"
    );
    assert!(!env.vault.exists(), "nothing was written");
}

#[test]
fn escape_sequences_stored_from_outside_never_reach_the_terminal_when_replayed() {
    let (env, _sb) = setup(&[]);
    let (_, out) = crate::sandbox::connect(&env, "ada", "");
    assert!(out.status.success(), "{}", stderr(&out));
    // What an older version, or a hostile provider, may have left in the vault: escapes in
    // an account name and in a refusal's words (a window-title change and a colour).
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[31mred";
    let sql = env.sql();
    sql.exec(
        "UPDATE connections SET account = ?1, last_error = ?1",
        &[evil.into()],
    );
    env.resign();
    sql.exec("INSERT INTO audit (at, actor, workspace, action, target_kind, target, details)
         VALUES ('2026-11-29T10:00:00Z', 'x', 'default', 'connection.refused', 'connector', 'Sandbox', ?1)", &[serde_json::json!({"app": "demo", "user": "ada", "error": "invalid_client", "error_description": evil, "topic": "invalid_client"}).to_string().into()]);
    for args in [&["audit"][..], &["connections"], &["doctor", "--offline"]] {
        let out = env.cmd().args(args).output().unwrap();
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}: {text:?}"
            );
        }
    }
}

#[test]
fn a_ciphertext_from_another_vault_is_misplaced_not_a_wrong_key() {
    let a = TestEnv::with_connector();
    let b = TestEnv::with_connector();
    let foreign: Vec<u8> = b.sql().one("SELECT client_secret FROM connectors", &[]);
    a.sql().exec(
        "UPDATE connectors SET client_secret = ?1",
        &[foreign.into()],
    );
    // Signed as if a key holder had put it there (restoring the wrong backup): the row
    // passes its MAC, and the ciphertext itself still says where it belongs.
    a.resign();
    let seen = a.seen(&["--json", "show", "Calendar", "--reveal-secret", "--yes"]);
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json show Calendar --reveal-secret --yes
        {
          "error": {
            "code": "secret_misplaced",
            "hint": "restore the vault from a backup, or set this secret again (for a connector: `connectors edit NAME --client-secret-stdin`)",
            "message": "the secret in connectors.client_secret of row 1 was not sealed for this vault (it comes from another vault, or was written outside connectors)"
          }
        }
        --- exit 3
        "#);
}

#[test]
fn unbounded_inputs_are_refused_before_they_are_read() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let add = |extra: &[&str]| {
        let mut cmd = env.cmd();
        cmd.args([
            "--json",
            "add",
            "github",
            "--name",
            "GH",
            "--client-id",
            "x",
        ])
        .args(extra)
        .env("S", "gh-secret")
        .timeout(std::time::Duration::from_secs(20));
        cmd
    };
    for (extra, code) in [
        (
            &["--client-secret-file", "/dev/zero"][..],
            "input_not_a_file",
        ),
        (
            &["--client-secret-env", "S", "--scopes-file", "/dev/zero"],
            "input_not_a_file",
        ),
    ] {
        let out = add(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(error_code(&v), code, "{extra:?}: {v}");
    }
    // An endless stdin is cut at the secret's limit.
    let out = add(&["--client-secret-stdin"])
        .write_stdin(vec![b'x'; 200 * 1024])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "input_too_large", "{v}");
    // A configuration file's secret reference to a device.
    std::fs::write(
        env.path("c.json"),
        r#"{"apps": [], "connectors": [{"name": "G", "provider": "github", "client_id": "x", "client_secret": {"file": "/dev/zero"}}]}"#,
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["--json", "validate", "--resolve-secrets"])
        .arg(env.path("c.json"))
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("not a regular file"),
        "{}",
        stdout(&out)
    );
    let out = env
        .cmd()
        .args(["--json", "validate", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_code(&v), "input_not_a_file", "{v}");
}
