//! Proofs that a client secret never appears in plaintext: not in the vault's bytes, not in
//! any command's default or `--json` output, not in errors, not in the audit log; and that
//! a ciphertext moved to another row is refused.

use crate::support::*;

#[test]
fn the_vault_file_holds_no_plaintext_secret() {
    let env = TestEnv::with_connector();
    let bytes = env.vault_bytes();
    assert!(!bytes.is_empty());
    assert!(
        !contains(&bytes, SECRET),
        "the client secret is in the vault file in plaintext"
    );
    // Not even a recognisable part of it.
    assert!(!contains(&bytes, &SECRET[..16]));
    let ct: Vec<u8> = env.sql().one("SELECT client_secret FROM connectors", &[]);
    assert!(
        ct.starts_with(b"age-encryption.org/v1"),
        "secrets are age ciphertext"
    );
}

#[test]
fn no_command_prints_the_secret_unless_asked() {
    let env = TestEnv::with_connector();
    let runs: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["show", "Calendar"],
        vec!["view", "calendar"],
        vec!["edit", "Calendar", "--add-scope", "profile"],
        vec!["edit", "Calendar", "--client-secret-env", "SAME"],
        vec!["audit"],
        vec!["vault", "status"],
        vec!["app", "list"],
        vec!["app", "show", "crm"],
        vec!["providers", "list"],
        vec!["workspace", "show"],
        vec!["show", "Calendar", "--reveal-secret"],
        vec![
            "add",
            "google",
            "--name",
            "Calendar",
            "--client-id",
            "x",
            "--client-secret-env",
            "SAME",
        ],
        vec![
            "add",
            "google",
            "--name",
            "Other",
            "--client-id",
            "x",
            "--client-secret",
            SECRET,
        ],
        vec!["edit", "Calendar", "--client-secret", SECRET],
    ];
    for args in &runs {
        for json in [false, true] {
            let mut cmd = env.cmd();
            if json {
                cmd.arg("--json");
            }
            let out = cmd.args(args).env("SAME", SECRET).output().unwrap();
            for (stream, text) in [("stdout", stdout(&out)), ("stderr", stderr(&out))] {
                assert!(
                    !text.contains(SECRET),
                    "{args:?} (json={json}) printed the secret on {stream}: {text}"
                );
            }
        }
    }
    // Revealing is possible, but only when asked and confirmed.
    let (v, _) = env.json(&["show", "Calendar", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], SECRET);
}

#[test]
fn a_secret_in_argv_is_refused_with_the_reason() {
    let env = TestEnv::with_connector();
    let seen = env.seen(&[
        "--json",
        "add",
        "github",
        "--name",
        "gh",
        "--client-id",
        "x",
        "--client-secret",
        "hunter2-plain",
    ]);
    // Past the command line, nothing repeats the secret.
    let output: String = seen.lines().skip(1).collect();
    assert!(!output.contains("hunter2"), "{seen}");
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json add github --name gh --client-id x --client-secret hunter2-plain
        {
          "error": {
            "code": "secret_in_argv",
            "hint": "use --client-secret-stdin, --client-secret-env VAR or --client-secret-file PATH, or leave it out to be asked with hidden input; consider rotating a secret you already typed",
            "message": "--client-secret is refused: a secret on the command line shows in `ps` and stays in your shell history"
          }
        }
        --- exit 2
        "#);
    let out = env
        .cmd()
        .args([
            "add",
            "github",
            "--name",
            "gh",
            "--client-id",
            "x",
            "--client-secret=hunter2-plain",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shell history"));
    assert!(!stderr(&out).contains("hunter2"));
    let (v, _) = env.json(&["list"]);
    assert_eq!(
        v["connectors"].as_array().unwrap().len(),
        1,
        "nothing was added"
    );
}

#[test]
fn secret_sources_stdin_env_and_file() {
    let env = TestEnv::new();
    let file = env.path("secret.txt");
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&file)
            .unwrap();
        f.write_all(b"from-file-secret\r\n").unwrap();
    }
    env.cmd()
        .args([
            "add",
            "github",
            "--name",
            "a",
            "--client-id",
            "x",
            "--client-secret-stdin",
        ])
        .write_stdin("from-stdin\n")
        .assert()
        .success();
    env.cmd()
        .args([
            "add",
            "github",
            "--name",
            "b",
            "--client-id",
            "x",
            "--client-secret-env",
            "MY_SECRET",
        ])
        .env("MY_SECRET", "from-env")
        .assert()
        .success();
    env.cmd()
        .args([
            "add",
            "github",
            "--name",
            "c",
            "--client-id",
            "x",
            "--client-secret-file",
        ])
        .arg(&file)
        .assert()
        .success();
    for (name, want) in [
        ("a", "from-stdin"),
        ("b", "from-env"),
        ("c", "from-file-secret"),
    ] {
        let (v, _) = env.json(&["show", name, "--reveal-secret", "--yes"]);
        assert_eq!(v["client_secret"]["value"], want);
    }
    let out = env
        .cmd()
        .args([
            "add",
            "github",
            "--name",
            "d",
            "--client-id",
            "x",
            "--client-secret-env",
            "UNSET_VAR_XYZ",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("UNSET_VAR_XYZ is not set"));
    let out = env
        .cmd()
        .args([
            "add",
            "github",
            "--name",
            "d",
            "--client-id",
            "x",
            "--client-secret-stdin",
        ])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("empty"));
}

#[test]
fn a_ciphertext_moved_to_another_row_is_refused() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args([
            "add",
            "github",
            "--name",
            "Other",
            "--client-id",
            "x",
            "--client-secret-env",
            "S",
        ])
        .env("S", "other-secret")
        .assert()
        .success();
    // An attacker with write access swaps the two rows' ciphertexts.
    let db = env.sql();
    db.batch("UPDATE connectors SET client_secret = (SELECT client_secret FROM connectors WHERE name = 'Calendar') WHERE name = 'Other';");
    drop(db);
    let before = env.vault_bytes();
    // The row no longer matches its MAC.
    insta::assert_snapshot!(env.seen(&["--json", "show", "Other"]), @r#"
        $ connectors --json show Other
        {
          "error": {
            "code": "vault_tampered",
            "hint": "run `connectors vault verify` to list every changed row; put them back from a backup (`connectors vault import BACKUP --identity KEY --on-conflict replace`, for an archive `vault export` wrote before the change), or remove the row and set it up again (`connectors disconnect`, `connectors delete`, `connectors providers remove`)",
            "message": "connector 'Other' (row 2) does not match the integrity MAC written with it: it was changed outside connectors, so it was not used and nothing was sent anywhere"
          }
        }
        --- exit 3
        "#);
    assert_eq!(env.vault_bytes(), before);
    // Even signed by a key holder (restoring rows from the wrong place), the ciphertext
    // itself says where it belongs.
    env.resign();
    let before = env.vault_bytes();
    let seen = env.seen(&["--json", "show", "Other"]);
    assert!(!seen.contains(SECRET), "{seen}");
    insta::assert_snapshot!(seen, @r#"
        $ connectors --json show Other
        {
          "error": {
            "code": "secret_misplaced",
            "hint": "restore the vault from a backup, or set this secret again (for a connector: `connectors edit NAME --client-secret-stdin`)",
            "message": "the secret in connectors.client_secret of row 2 belongs to connectors.client_secret of row 1 in vault [ID]: it was copied there outside connectors, so it is refused"
          }
        }
        --- exit 3
        "#);
    assert_eq!(env.vault_bytes(), before);
    // The untouched row still opens.
    env.cmd().args(["show", "Calendar"]).assert().success();
}
