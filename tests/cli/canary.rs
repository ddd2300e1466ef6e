//! The canary sweep: two unique client secrets and every token a live connection held are
//! looked for, after a run of many commands (failing ones among them), everywhere
//! connectors writes: the vault and its WAL and shared-memory files, every stdout and
//! stderr, the audit log, the exported configuration, the browser's command line and
//! environment, and every file under the test's home. They are found nowhere.
//!
//! Three places are left out, each for its reason: the stdout of `token`, whose job is to
//! print an access token; the sandbox's own info file, which is the provider's record of
//! its client secret (written by the sandbox server, not by the vault); and the
//! configuration file into which the test itself writes a secret inline, to check that
//! `validate`, `plan`, `apply` and a later `export` show it nowhere.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::sandbox::{configure, setup};
use crate::support::*;
use serde_json::Value;

/// Every token the connection of `user` holds now, read through the library.
fn live_tokens(env: &TestEnv, user: &str) -> Vec<String> {
    use secrecy::ExposeSecret;
    let vault = env.open_vault();
    let db = vault.db();
    let ws = db.workspace("default").unwrap().unwrap();
    let connection = db
        .connections(ws.id, Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.user.as_deref() == Some(user))
        .expect("the connection");
    connectors::connection::stored_tokens(&vault, &connection)
        .unwrap()
        .into_iter()
        .flatten()
        .map(|t| t.expose_secret().to_string())
        .collect()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            files_under(&entry.path(), out);
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
}

#[test]
fn no_secret_or_token_is_found_anywhere_after_a_run_of_commands() {
    let (env, sb) = setup(&[]);
    let info: Value = serde_json::from_slice(&std::fs::read(&sb.info).unwrap()).unwrap();
    let nonce = connectors::vault::random_id();
    let first = format!("canary-secret-one-{nonce}");
    let second = format!("canary-secret-two-{nonce}");
    let mut canaries = vec![
        info["client_secret"].as_str().unwrap().to_string(),
        first.clone(),
        second.clone(),
    ];
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    let mut run = |args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]| -> bool {
        let mut cmd = env.cmd();
        cmd.args(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        if let Some(s) = stdin {
            cmd.write_stdin(s.to_string());
        }
        let out = cmd.output().unwrap();
        // `token` exists to print an access token: its stdout alone is left out.
        if args.first() != Some(&"token") && args.get(1) != Some(&"token") {
            seen.push((format!("stdout of {args:?}"), out.stdout.clone()));
        }
        seen.push((format!("stderr of {args:?}"), out.stderr.clone()));
        out.status.success()
    };

    // A browser that records its command line and environment, then consents.
    let record = env.path("browser-saw.txt");
    let browser = env.path("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\n{{ env; echo ARGV \"$@\"; }} >> '{}'\nexec '{}' sandbox answer --user ada@example.test \"$@\"\n",
            record.display(),
            assert_cmd::cargo::cargo_bin("connectors").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o700)).unwrap();
    let browser = browser.display().to_string();
    let connect = [
        "connect",
        "Sandbox",
        "--app",
        "demo",
        "--user",
        "ada",
        "--timeout",
        "30",
    ];
    let b = [("BROWSER", browser.as_str())];
    let config = env.path("workspace.json").display().to_string();
    let archive = env.path("team.age").display().to_string();

    assert!(run(
        &[
            "add",
            "google",
            "--name",
            "Canary",
            "--client-id",
            "canary.apps.example",
            "--client-secret-stdin",
            "--scope",
            "openid"
        ],
        Some(&format!("{first}\n")),
        &[]
    ));
    assert!(run(
        &["edit", "Canary", "--client-secret-env", "NEW_SECRET"],
        None,
        &[("NEW_SECRET", &second)]
    ));
    assert!(run(&connect, None, &b));
    canaries.extend(live_tokens(&env, "ada"));
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["show", "Sandbox"],
        &["--json", "show", "Canary"],
        &["connections"],
        &["--json", "connections"],
        &["token", "Sandbox", "--app", "demo", "--user", "ada"],
        &[
            "--json", "token", "Sandbox", "--app", "demo", "--user", "ada",
        ],
        &["export", "-o", &config],
        &["validate", &config],
        &["plan", &config],
        &["doctor", "--offline"],
        &["doctor", "Sandbox"],
        &["-v", "refresh", "Sandbox", "--user", "ada"],
        &["vault", "status"],
        &["vault", "verify"],
    ] {
        run(args, None, &b);
    }
    canaries.extend(live_tokens(&env, "ada"));
    // Failing commands.
    for args in [
        &["connect", "Sandbox", "--app", "nope", "--user", "ada"][..],
        &["token", "Sandbox", "--app", "demo", "--user", "nobody"],
        &["--json", "edit", "Canary", "--scope", "a b"],
        &[
            "add",
            "google",
            "--name",
            "Bad",
            "--client-id",
            "x",
            "--client-secret",
            "typed-on-argv",
        ],
        &["--json", "vault", "import", &config, "--identity", &config],
    ] {
        assert!(!run(args, None, &b), "{args:?} should fail");
    }
    configure(&env, &sb, r#"{"revoke_refresh_tokens": true}"#);
    assert!(!run(
        &["--json", "refresh", "Sandbox", "--user", "ada"],
        None,
        &b
    ));
    configure(&env, &sb, r#"{"revoke_refresh_tokens": false}"#);
    // A database password in CONNECTORS_VAULT, overridden by --vault for this run: the
    // browser does not inherit it either.
    let db_password = format!("canary-db-password-{nonce}");
    let overridden = format!("postgres://vault:{db_password}@db.invalid/vault");
    let vault_arg = env.vault.display().to_string();
    let mut reconnect = vec!["--vault", vault_arg.as_str()];
    reconnect.extend(connect);
    assert!(run(
        &reconnect,
        None,
        &[b[0], ("CONNECTORS_VAULT", overridden.as_str())]
    ));
    canaries.push(db_password);
    canaries.extend(live_tokens(&env, "ada"));
    let recipient = age::x25519::Identity::generate().to_public().to_string();
    assert!(run(
        &["vault", "export", "-r", &recipient, "-o", &archive],
        None,
        &b
    ));
    assert!(run(&["--json", "audit", "--limit", "1000"], None, &b));
    assert!(run(&["audit"], None, &b));
    assert!(run(
        &["disconnect", "Sandbox", "--app", "demo", "--user", "ada"],
        None,
        &b
    ));

    // Configuration as code with a secret written into the file: no format of validate,
    // no plan or apply, and no export after it shows the secret.
    let inline = format!("canary-inline-secret-{nonce}");
    canaries.push(inline.clone());
    let input = env.path("inline.json");
    std::fs::write(
        &input,
        serde_json::to_vec_pretty(&serde_json::json!({
            "apps": [{"name": "demo"}],
            "connectors": [{"name": "Inline", "provider": "google", "client_id": "inline.apps.example",
                "client_secret": inline, "scopes": ["openid", "bogus-scope"],
                "redirect_uris": ["https://demo.base44.app/api/external-auth/callback",
                                  "https://preview--demo.base44.app/api/external-auth/callback"]}]
        }))
        .unwrap(),
    )
    .unwrap();
    let input_arg = input.display().to_string();
    for format in ["human", "json", "github", "sarif"] {
        assert!(!run(
            &["validate", &input_arg, "--format", format],
            None,
            &b
        ));
        run(
            &[
                "validate",
                &input_arg,
                "--format",
                format,
                "--allow-inline-secrets",
            ],
            None,
            &b,
        );
    }
    assert!(!run(&["plan", &input_arg], None, &b));
    assert!(!run(&["--json", "apply", &input_arg, "--yes"], None, &b));
    assert!(run(
        &["plan", &input_arg, "--allow-inline-secrets"],
        None,
        &b
    ));
    assert!(run(
        &["apply", &input_arg, "--allow-inline-secrets", "--yes"],
        None,
        &b
    ));
    assert!(run(
        &[
            "--json",
            "apply",
            &input_arg,
            "--allow-inline-secrets",
            "--yes"
        ],
        None,
        &b
    ));
    let exported = env.path("after-apply.json").display().to_string();
    assert!(run(&["export", "-o", &exported], None, &b));
    assert!(run(&["--json", "audit", "--limit", "1000"], None, &b));

    // The sweep.
    seen.push((
        "the vault, its WAL and shared-memory files".into(),
        env.vault_bytes(),
    ));
    let mut files = Vec::new();
    files_under(env.dir.path(), &mut files);
    // Left out: the sandbox's record of its own secret, and the file the person wrote
    // their secret into.
    for f in files.iter().filter(|f| **f != sb.info && **f != input) {
        seen.push((f.display().to_string(), std::fs::read(f).unwrap()));
    }
    assert!(
        std::fs::read_to_string(&record)
            .unwrap()
            .contains("ARGV http://127.0.0.1:"),
        "the browser ran"
    );
    assert!(env.path("workspace.json").exists() && env.path("team.age").exists());
    assert!(
        canaries.len() >= 3 + 4,
        "tokens were collected: {}",
        canaries.len()
    );
    let mut found = Vec::new();
    for canary in &canaries {
        for (place, bytes) in &seen {
            if contains(bytes, canary) {
                found.push(format!("{} in {place}", &canary[..canary.len().min(12)]));
            }
        }
    }
    assert!(found.is_empty(), "secrets found: {found:#?}");
}
