//! `vault init | status | rekey`, key sources, and the vault's failure modes.

use crate::support::*;
use predicates::prelude::*;

#[test]
fn init_without_any_key_source_explains_the_choices_and_writes_nothing() {
    let env = TestEnv::empty();
    insta::assert_snapshot!(env.seen_bare(&["vault", "init"], &[]), @r#"
        $ connectors vault init
        --- stderr
        error: no vault was created: CONNECTORS_VAULT_KEY is not set, no key file was given, and the OS keyring is not reachable (no Secret Service, Keychain or Credential Manager is running). Nothing was written
        hint: choose a key source: `--key key-file --key-file PATH` keeps the key in a new 0600 file; `--key passphrase` protects it with a passphrase (asked once per run, or CONNECTORS_PASSPHRASE in scripts); or set CONNECTORS_VAULT_KEY to an age identity (for CI). The key is never stored in plaintext beside the vault
        --- exit 3
        "#);
    assert!(!env.vault.exists());
    assert!(
        !env.vault.parent().unwrap().exists()
            || std::fs::read_dir(env.vault.parent().unwrap())
                .unwrap()
                .next()
                .is_none()
    );

    insta::assert_snapshot!(env.seen_bare(&["--json", "vault", "init"], &[]), @r#"
        $ connectors --json vault init
        {
          "error": {
            "code": "no_key",
            "hint": "choose a key source: `--key key-file --key-file PATH` keeps the key in a new 0600 file; `--key passphrase` protects it with a passphrase (asked once per run, or CONNECTORS_PASSPHRASE in scripts); or set CONNECTORS_VAULT_KEY to an age identity (for CI). The key is never stored in plaintext beside the vault",
            "message": "no vault was created: CONNECTORS_VAULT_KEY is not set, no key file was given, and the OS keyring is not reachable (no Secret Service, Keychain or Credential Manager is running). Nothing was written"
          }
        }
        --- exit 3
        "#);
}

#[test]
fn init_with_a_key_file_creates_private_files() {
    let env = TestEnv::new();
    if !on_postgres() {
        assert_eq!(mode(&env.vault), 0o600);
        assert_eq!(mode(env.vault.parent().unwrap()), 0o700);
    }
    assert_eq!(mode(&env.key_file), 0o600);
    assert_eq!(mode(env.key_file.parent().unwrap()), 0o700);
    let key = std::fs::read_to_string(&env.key_file).unwrap();
    assert!(key.contains("AGE-SECRET-KEY-1"));
    // The vault holds no copy of the key.
    let secret_line = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap();
    assert!(!contains(&env.vault_bytes(), secret_line));

    let (v, out) = env.json(&["vault", "status"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["key"]["ok"], true);
    assert_eq!(v["key"]["store"], "key-file");
    assert_eq!(v["schema_version"], v["latest_schema_version"]);
    if on_postgres() {
        assert_eq!(v["file_mode"], serde_json::Value::Null);
        assert_eq!(v["engine"], "postgres");
        assert!(
            v["server"].as_str().unwrap().starts_with("PostgreSQL "),
            "{v}"
        );
    } else {
        assert_eq!(v["file_mode"], "0600");
        assert_eq!(v["engine"], "sqlite");
        assert!(v["server"].as_str().unwrap().starts_with("SQLite "), "{v}");
    }
    assert_eq!(v["counts"]["workspaces"], 1);
    assert_eq!(v["vault_id"].as_str().unwrap().len(), 32);
}

#[test]
fn init_ignores_a_permissive_umask() {
    let env = TestEnv::empty();
    let script = format!(
        "umask 000; exec {} vault init --key key-file --key-file {}",
        assert_cmd::cargo::cargo_bin("connectors").display(),
        env.key_file.display()
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("CONNECTORS_VAULT", &env.vault)
        .env("HOME", env.dir.path())
        .env_remove("CONNECTORS_KEY_FILE")
        .env_remove("CONNECTORS_VAULT_KEY")
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&env.key_file), 0o600);
    if !on_postgres() {
        assert_eq!(mode(&env.vault), 0o600);
        assert_eq!(mode(env.vault.parent().unwrap()), 0o700);
    }
}

#[test]
fn the_recorded_key_file_is_used_without_flags() {
    let env = TestEnv::new();
    env.bare()
        .args(["vault", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("opens this vault"));
}

#[test]
fn init_refuses_to_overwrite_a_vault() {
    let env = TestEnv::new();
    let before = env.vault_bytes();
    let out = env
        .cmd()
        .args(["vault", "init", "--key", "key-file"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn env_key_for_ci() {
    let env = TestEnv::empty();
    // Make an identity the way a CI admin would: a key file, then its contents.
    let other = TestEnv::new();
    let identity = std::fs::read_to_string(&other.key_file).unwrap();
    env.bare()
        .env("CONNECTORS_VAULT_KEY", &identity)
        .args(["vault", "init"])
        .assert()
        .success();
    let (v, _) = {
        let out = env
            .bare()
            .env("CONNECTORS_VAULT_KEY", &identity)
            .args(["--json", "vault", "status"])
            .output()
            .unwrap();
        (
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
            out,
        )
    };
    assert_eq!(v["key"]["store"], "env");
    // Without the variable, the vault says where its key is expected.
    let out = env.bare().args(["--json", "list"]).output().unwrap();
    // Listing needs no key; adding an app (a signed row) or a connector does.
    assert!(out.status.success());
    let out = env.bare().args(["app", "add", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("CONNECTORS_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    env.bare()
        .env("CONNECTORS_VAULT_KEY", &identity)
        .args(["app", "add", "x"])
        .assert()
        .success();
    let out = env
        .bare()
        .args([
            "add",
            "github",
            "--name",
            "gh",
            "--client-id",
            "c",
            "--client-secret-env",
            "S",
        ])
        .env("S", "v")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("CONNECTORS_VAULT_KEY"),
        "{}",
        stderr(&out)
    );
    // A malformed key is refused without echoing it.
    let out = env
        .bare()
        .env("CONNECTORS_VAULT_KEY", "not-a-key-sekrit")
        .args(["vault", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(!stdout(&out).contains("sekrit") && !stderr(&out).contains("sekrit"));
}

#[test]
fn passphrase_protected_vault() {
    let env = TestEnv::empty();
    env.bare()
        .env("CONNECTORS_PASSPHRASE", "correct horse battery")
        .args(["vault", "init", "--key", "passphrase"])
        .assert()
        .success();
    assert!(!contains(&env.vault_bytes(), "correct horse"));
    let out = env
        .bare()
        .env("CONNECTORS_PASSPHRASE", "correct horse battery")
        .args(["--json", "vault", "status"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["key"]["ok"], true, "{v}");
    assert_eq!(v["key"]["store"], "passphrase");

    let out = env
        .bare()
        .env("CONNECTORS_PASSPHRASE", "wrong")
        .args(["--json", "vault", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["key"]["ok"], false);
    assert_eq!(v["key"]["error"]["code"], "wrong_passphrase");

    // No passphrase and no terminal: say how to give it.
    let out = env.bare().args(["vault", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("CONNECTORS_PASSPHRASE"));
}

#[test]
fn wrong_key_is_told_apart_and_changes_nothing() {
    let env = TestEnv::with_connector();
    let other = TestEnv::new();
    let before = env.vault_bytes();
    for args in [
        vec!["show", "Calendar"],
        vec![
            "add",
            "github",
            "--name",
            "gh",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ],
        vec!["edit", "Calendar", "--client-secret-env", "S"],
        vec!["vault", "rekey"],
    ] {
        let out = env
            .bare()
            .env("CONNECTORS_KEY_FILE", &other.key_file)
            .env("S", "v")
            .arg("--json")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(error_code(&v), "wrong_key", "{args:?}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not this vault's key")
        );
    }
    assert_eq!(env.vault_bytes(), before, "a wrong key changed the vault");
}

#[test]
fn a_damaged_file_is_not_reported_as_a_wrong_key() {
    if file_only("a damaged file") {
        return;
    }
    let env = TestEnv::new();
    std::fs::write(
        &env.vault,
        b"this is not a sqlite database at all, just garbage bytes to be refused",
    )
    .unwrap();
    let before = env.vault_bytes();
    insta::assert_snapshot!(env.seen(&["--json", "vault", "status"]), @r#"
        $ connectors --json vault status
        {
          "error": {
            "code": "vault_corrupt",
            "hint": "restore the vault from a backup; the key is not the problem (a wrong key gives `wrong_key`)",
            "message": "the vault file is damaged: it is not a readable connectors vault"
          }
        }
        --- exit 3
        "#);
    assert_eq!(env.vault_bytes(), before);

    // A damaged key-check record is damage too, not a wrong key.
    let env = TestEnv::new();
    env.sql()
        .exec("UPDATE meta SET value = x'00' WHERE key = 'key_check'", &[]);
    let out = env
        .cmd()
        .args(["--json", "vault", "status"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["key"]["error"]["code"], "vault_corrupt", "{v}");
}

#[test]
fn a_missing_vault_says_how_to_create_one() {
    let env = TestEnv::empty();
    let out = env.bare().args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("connectors vault init"));
    assert!(!env.vault.exists(), "opening must never create a vault");
}

#[test]
fn a_group_readable_key_file_is_refused_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::with_connector();
    std::fs::set_permissions(&env.key_file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = env.vault_bytes();
    insta::assert_snapshot!(env.seen(&["--json", "show", "Calendar"]), @r#"
        $ connectors --json show Calendar
        {
          "error": {
            "code": "key_file_permissions",
            "hint": "run `chmod 600 [HOME]/keys/vault.key`, then run the command again",
            "message": "the key file [HOME]/keys/vault.key is accessible by group or others (mode 0640), so it is refused"
          }
        }
        --- exit 3
        "#);
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn rekey_reencrypts_every_secret_and_retires_the_old_key() {
    let env = TestEnv::with_connector();
    let old_key = std::fs::read(&env.key_file).unwrap();
    let old_ct: Vec<u8> = env.sql().one("SELECT client_secret FROM connectors", &[]);
    let (v, out) = env.json(&["vault", "rekey"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(v["secrets_reencrypted"], 1);
    assert_eq!(v["key_generation"], 2);
    let new_key = std::fs::read(&env.key_file).unwrap();
    assert_ne!(old_key, new_key);
    assert_eq!(mode(&env.key_file), 0o600);
    let new_ct: Vec<u8> = env.sql().one("SELECT client_secret FROM connectors", &[]);
    assert_ne!(old_ct, new_ct);
    // The secret is intact under the new key.
    let (v, _) = env.json(&["show", "Calendar", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], SECRET);
    // Its keyed MAC was recomputed with the new key: the same secret is "unchanged".
    let out = env
        .cmd()
        .args(["--json", "edit", "Calendar", "--client-secret-env", "S"])
        .env("S", SECRET)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]), "{v}");
    // The old key no longer opens the vault.
    let old = env.path("old.key");
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new();
        use std::os::unix::fs::OpenOptionsExt;
        f.write(true).create_new(true).mode(0o600);
        f.open(&old).unwrap().write_all(&old_key).unwrap();
    }
    let out = env
        .bare()
        .env("CONNECTORS_KEY_FILE", &old)
        .args(["show", "Calendar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    // Rekey into a new key file elsewhere.
    let moved = env.path("keys2/new.key");
    let out = env
        .cmd()
        .args(["vault", "rekey", "--key", "key-file", "--new-key-file"])
        .arg(&moved)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env.bare().args(["show", "Calendar"]).assert().success();
    env.bare()
        .env("CONNECTORS_KEY_FILE", &moved)
        .args(["show", "Calendar"])
        .assert()
        .success();
}

#[test]
fn audit_records_vault_and_admin_changes_without_secrets() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args(["edit", "Calendar", "--client-secret-env", "NEWSECRET"])
        .env("NEWSECRET", "another-Known-secret-991")
        .assert()
        .success();
    let (v, out) = env.json(&["audit"]);
    assert!(out.status.success());
    let actions: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["connector.edit", "connector.add", "app.add", "vault.init"]
    );
    let edit = &v["entries"][0];
    assert_eq!(edit["actor"], "test-admin");
    assert_eq!(edit["details"]["changed"]["client_secret"]["changed"], true);
    let text = v.to_string();
    assert!(!text.contains(SECRET) && !text.contains("another-Known-secret-991"));
    env.cmd()
        .args(["audit", "--target", "calendar"])
        .assert()
        .success()
        .stdout(predicate::str::contains("connector.edit"));
}

#[test]
fn concurrent_writers_all_land() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let mut cmd = env.std_cmd();
            cmd.args([
                "add",
                "github",
                "--name",
                &format!("gh-{i}"),
                "--client-id",
                &format!("id-{i}"),
                "--client-secret-env",
                "S",
            ])
            .env("S", format!("secret-{i}"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let (v, _) = env.json(&["list"]);
    assert_eq!(v["connectors"].as_array().unwrap().len(), 8);
    env.sql().assert_intact();
    for i in 0..8 {
        let (v, _) = env.json(&["show", &format!("gh-{i}"), "--reveal-secret", "--yes"]);
        assert_eq!(v["client_secret"]["value"], format!("secret-{i}"));
    }
}

#[test]
fn a_vault_url_is_never_taken_for_a_path_and_never_shows_its_password() {
    let env = TestEnv::empty();
    for (url, code) in [
        // A password on the command line shows in `ps`: refused before anything else.
        (
            "postgres://admin:pw-canary-91@db.example/connectors",
            "secret_in_argv",
        ),
        (
            "mysql://admin:pw-canary-91@db.example/connectors",
            "vault_url_unsupported",
        ),
        (
            "postgres://admin@db.example/connectors?password=pw-canary-91",
            "secret_in_argv",
        ),
    ] {
        for args in [&["vault", "init", "--key", "key-file"][..], &["list"]] {
            let out = env
                .bare()
                .current_dir(env.dir.path())
                .args(["--json", "--vault", url])
                .args(args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(error_code(&v), code, "{url}");
            assert!(
                !contains(&out.stdout, "pw-canary-91") && !contains(&out.stderr, "pw-canary-91")
            );
        }
    }
    assert!(
        !env.dir.path().join("postgres:").exists(),
        "no directory named postgres:"
    );
    // libpq's variables fill what the URL leaves out, checked as the URL's own would be.
    let list_with = |sslmode: &str, url: &str| {
        let seen = env.seen_bare(
            &["--json", "--vault", url, "list"],
            &[("PGSSLMODE", sslmode)],
        );
        format!("# PGSSLMODE={sslmode}\n{seen}")
    };
    let remote = "postgres://admin@db.example/connectors";
    insta::assert_snapshot!(list_with("sometimes", remote), @r#"
        # PGSSLMODE=sometimes
        $ connectors --json --vault postgres://admin@db.example/connectors list
        {
          "error": {
            "code": "vault_url_invalid",
            "hint": "set PGSSLMODE to one of those, or unset it",
            "message": "PGSSLMODE=sometimes is not one of disable, allow, prefer, require, verify-ca, verify-full"
          }
        }
        --- exit 2
        "#);
    // A variable left set for psql never weakens a remote host's verified TLS...
    let mut seen = String::new();
    for mode in ["disable", "prefer", "require", "verify-ca"] {
        seen.push_str(&list_with(mode, remote));
    }
    insta::assert_snapshot!(seen, @r#"
        # PGSSLMODE=disable
        $ connectors --json --vault postgres://admin@db.example/connectors list
        {
          "error": {
            "code": "vault_url_invalid",
            "hint": "to mean it, put sslmode=disable in the vault URL; else unset PGSSLMODE",
            "message": "PGSSLMODE=disable would weaken TLS to postgres://admin@db.example/connectors below its default, verify-full"
          }
        }
        --- exit 2
        # PGSSLMODE=prefer
        $ connectors --json --vault postgres://admin@db.example/connectors list
        {
          "error": {
            "code": "vault_url_invalid",
            "hint": "to mean it, put sslmode=prefer in the vault URL; else unset PGSSLMODE",
            "message": "PGSSLMODE=prefer would weaken TLS to postgres://admin@db.example/connectors below its default, verify-full"
          }
        }
        --- exit 2
        # PGSSLMODE=require
        $ connectors --json --vault postgres://admin@db.example/connectors list
        {
          "error": {
            "code": "vault_url_invalid",
            "hint": "to mean it, put sslmode=require in the vault URL; else unset PGSSLMODE",
            "message": "PGSSLMODE=require would weaken TLS to postgres://admin@db.example/connectors below its default, verify-full"
          }
        }
        --- exit 2
        # PGSSLMODE=verify-ca
        $ connectors --json --vault postgres://admin@db.example/connectors list
        {
          "error": {
            "code": "vault_url_invalid",
            "hint": "to mean it, put sslmode=verify-ca in the vault URL; else unset PGSSLMODE",
            "message": "PGSSLMODE=verify-ca would weaken TLS to postgres://admin@db.example/connectors below its default, verify-full"
          }
        }
        --- exit 2
        "#);
    // ...while on this machine it applies, as libpq's does (nothing listens on port 1).
    insta::assert_snapshot!(list_with("disable", "postgres://admin@127.0.0.1:1/connectors"), @r#"
        # PGSSLMODE=disable
        $ connectors --json --vault postgres://admin@127.0.0.1:1/connectors list
        {
          "error": {
            "code": "vault_unreachable",
            "hint": "check that the server is running and reachable (`pg_isready -h HOST -p PORT`) and the host and port in the URL, then run the command again",
            "message": "cannot reach the PostgreSQL vault at postgres://admin@127.0.0.1:1/connectors: error connecting to server: Connection refused (os error 111)"
          }
        }
        --- exit 3
        "#);
}

/// A small tmpfs of the test's own, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// `None` where this process may not mount (not root): the test then says so.
    fn mount(dir: std::path::PathBuf, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(&dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_named_with_the_room_needed() {
    if on_postgres() {
        return;
    }
    let mut env = TestEnv::empty();
    let Some(disk) = SmallDisk::mount(env.path("small-disk"), "4m") else {
        eprintln!("note: cannot mount a tmpfs here (not root): the full-disk test did not run");
        return;
    };
    env.vault = disk.0.join("vault.db");
    env.bare()
        .args(["vault", "init", "--key", "key-file", "--key-file"])
        .arg(&env.key_file)
        .assert()
        .success();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    // Fill the disk to the last byte.
    let mut fill = std::fs::File::create(disk.0.join("fill")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut fill, &block).is_ok() {}
    drop(fill);
    // Reads still work: the vault is opened to read only, and says so.
    let out = env.cmd().args(["app", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("crm"));
    assert!(
        stderr(&out).contains("the disk that holds the vault is full: it was opened to read only"),
        "{}",
        stderr(&out)
    );
    for read in [&["vault", "status"][..], &["vault", "verify"], &["list"]] {
        let out = env.cmd().args(read).output().unwrap();
        assert!(out.status.success(), "{read:?}: {}", stderr(&out));
    }
    // A change is refused, named, and writes nothing.
    insta::assert_snapshot!(env.seen(&["--json", "app", "add", "other"]), @r#"
        $ connectors --json app add other
        {
          "error": {
            "code": "disk_full",
            "hint": "free at least 1024 KiB on that disk (`df [HOME]/small-disk`), then run the command again",
            "message": "the disk that holds the vault [HOME]/small-disk/vault.db is full (0 bytes free): the vault could be opened to read only, and this command must write; nothing was changed"
          }
        }
        --- exit 3
        "#);
    std::fs::remove_file(disk.0.join("fill")).unwrap();
    let (v, out) = env.json(&["app", "list"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["apps"][0]["app"]["name"], "crm", "{v}");
    assert_eq!(v["apps"].as_array().unwrap().len(), 1, "{v}");
}
