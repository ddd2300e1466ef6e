//! Crash sweeps: `apply`, `vault rekey`, `connect` and `refresh` killed with SIGKILL at
//! two dozen points spread over their run. After each kill the SQLite file passes its
//! integrity check, every sealed value decrypts with the vault's key, and the vault's
//! logical content is exactly the state before the command or the state after it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sandbox::{answer_as, configure, connect, setup};
use crate::support::*;

/// How many kill points each sweep tries.
const POINTS: u32 = 24;

/// Columns whose values are times of day or derived from the key (a secret's MAC), and so
/// differ between two runs that leave the same content.
const VOLATILE: &[&str] = &[
    "created_at",
    "updated_at",
    "refreshed_at",
    "at",
    "client_secret_mac",
    "row_mac",
];

/// The vault's logical content as text: every row of every table (by id), each sealed
/// value decrypted, volatile columns left out, and `mask` columns shown as `*`. Opening
/// through the library finishes a rekey interrupted after its commit, as any command would.
fn logical(env: &TestEnv, mask: &[&str]) -> String {
    let opts = connectors::vault::KeyOptions {
        key_file: Some(env.key_file.clone()),
        ..Default::default()
    };
    let vault = connectors::vault::Vault::open(env.location(), opts).expect("the vault opens");
    vault.unlock().expect("the key opens it");
    // Whatever the kill interrupted, every row still passes its MAC and every secret opens.
    let report = vault.verify().expect("verify runs");
    assert!(
        report.ok,
        "{}",
        serde_json::to_string_pretty(&report).unwrap()
    );
    let sql = env.sql();
    sql.assert_intact();
    let mut out = String::new();
    for key in ["vault_id", "created_at"] {
        let v: Vec<u8> = sql.one("SELECT value FROM meta WHERE key = ?1", &[key.into()]);
        out.push_str(&format!("meta.{key} = {}\n", String::from_utf8_lossy(&v)));
    }
    for table in [
        "workspaces",
        "apps",
        "connectors",
        "connections",
        "providers",
        "audit",
    ] {
        let names = sql.columns(table);
        for row in sql.rows(&format!("SELECT * FROM {table} ORDER BY 1"), &[]) {
            let id: i64 = match &row[0] {
                Val::Int(i) => *i,
                _ => 0,
            };
            let mut line = format!("{table}:");
            for (i, name) in names.iter().enumerate() {
                if VOLATILE.contains(&name.as_str()) {
                    continue;
                }
                let value = row[i].clone();
                let sealed = connectors::store::SECRET_COLUMNS
                    .iter()
                    .find(|c| c.table() == table && c.column() == name);
                let shown = match (value, sealed) {
                    _ if mask.contains(&name.as_str()) => "*".to_string(),
                    (Val::Bytes(ct), Some(column)) => {
                        let plain = crate::support::open_sealed(&vault, *column, id, &ct)
                            .unwrap_or_else(|e| {
                                panic!("{table}.{name} of row {id} does not decrypt: {}", e.message)
                            });
                        use secrecy::ExposeSecret;
                        format!("secret({})", plain.expose_secret())
                    }
                    (Val::Text(t), _) if name == "details" => {
                        let mut v: serde_json::Value = serde_json::from_str(&t).unwrap();
                        // A new key's public half differs between two rekeys.
                        if let Some(o) = v.as_object_mut() {
                            o.remove("public_key");
                        }
                        v.to_string()
                    }
                    (v, _) => format!("{v:?}"),
                };
                line.push_str(&format!(" {name}={shown}"));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The vault and the key file (with a rekey's staged one), to put back before each kill.
struct Snapshot {
    vault: Saved,
    dir: tempfile::TempDir,
}

fn key_files(env: &TestEnv) -> Vec<PathBuf> {
    let mut staged = env.key_file.as_os_str().to_owned();
    staged.push(".next");
    vec![env.key_file.clone(), PathBuf::from(staged)]
}

impl Snapshot {
    fn take(env: &TestEnv) -> Snapshot {
        let dir = tempfile::tempdir().unwrap();
        for (i, f) in key_files(env).iter().enumerate() {
            if f.exists() {
                std::fs::copy(f, dir.path().join(i.to_string())).unwrap();
            }
        }
        Snapshot {
            vault: env.save(),
            dir,
        }
    }

    fn restore(&self, env: &TestEnv) {
        env.restore(&self.vault);
        for (i, f) in key_files(env).iter().enumerate() {
            let saved = self.dir.path().join(i.to_string());
            let _ = std::fs::remove_file(f);
            if saved.exists() {
                std::fs::copy(&saved, f).unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
    }
}

/// Runs `cmd` to its end and returns how long it took.
fn timed(mut cmd: Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    start.elapsed()
}

/// Starts `cmd`, kills it with SIGKILL after `after` (if it is still running), and says
/// whether it was still running when killed.
fn kill_after(mut cmd: Command, after: Duration) -> bool {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    running
}

/// The delays at which the sweep kills: spread over the command's measured run.
fn points(run: Duration) -> impl Iterator<Item = Duration> {
    (1..=POINTS).map(move |i| run.mul_f64(f64::from(i) / f64::from(POINTS) * 1.1))
}

fn write_config(path: &Path, apps: &[String], connectors: &[(String, String, Vec<&str>)]) {
    let apps: Vec<serde_json::Value> = apps
        .iter()
        .map(|a| serde_json::json!({"name": a, "preview": false}))
        .collect();
    let connectors: Vec<serde_json::Value> = connectors
        .iter()
        .map(|(name, app, scopes)| {
            serde_json::json!({
                "name": name, "provider": "github", "client_id": format!("id-{name}"),
                "client_secret": {"env": "CRASH_SECRET"}, "scopes": scopes, "mode": "shared",
                "redirect_uris": [format!("https://{app}.base44.app/api/external-auth/callback")],
                "apps": [app],
            })
        })
        .collect();
    let doc = serde_json::json!({"platform_domain": "base44.app", "apps": apps, "connectors": connectors});
    std::fs::write(path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
}

#[test]
fn apply_killed_anywhere_leaves_the_state_before_or_after() {
    let env = TestEnv::new();
    // Before: ten apps, each with a connector.
    let first: Vec<String> = (0..10).map(|i| format!("app{i}")).collect();
    let first_c: Vec<(String, String, Vec<&str>)> = (0..10)
        .map(|i| (format!("C{i}"), format!("app{i}"), vec!["repo"]))
        .collect();
    write_config(&env.path("a.json"), &first, &first_c);
    // After: five apps (and their connectors) removed, five connectors with new scopes,
    // twenty apps and twenty connectors added: 55 changes.
    let second: Vec<String> = (5..30).map(|i| format!("app{i}")).collect();
    let second_c: Vec<(String, String, Vec<&str>)> = (5..30)
        .map(|i| {
            let scopes = if i < 10 {
                vec!["repo", "read:user"]
            } else {
                vec!["repo"]
            };
            (format!("C{i}"), format!("app{i}"), scopes)
        })
        .collect();
    write_config(&env.path("b.json"), &second, &second_c);
    let apply = |file: &str| {
        let mut cmd = env.std_cmd();
        cmd.current_dir(env.dir.path())
            .env("CRASH_SECRET", "crash-secret")
            .args(["apply", file, "--yes"]);
        cmd
    };
    timed(apply("a.json"));
    let out = env
        .cmd()
        .current_dir(env.dir.path())
        .env("CRASH_SECRET", "crash-secret")
        .args(["--json", "plan", "b.json"])
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(plan["changes"].as_array().unwrap().len() >= 50, "{plan}");

    let snapshot = Snapshot::take(&env);
    let before = logical(&env, &[]);
    let run = timed(apply("b.json"));
    let after = logical(&env, &[]);
    assert_ne!(before, after);
    let (mut seen_before, mut seen_after) = (0, 0);
    for delay in points(run) {
        snapshot.restore(&env);
        kill_after(apply("b.json"), delay);
        let now = logical(&env, &[]);
        if now == before {
            seen_before += 1;
        } else if now == after {
            seen_after += 1;
        } else {
            panic!("killed after {delay:?}: neither before nor after:\n{now}");
        }
    }
    eprintln!("apply: {POINTS} kills, {seen_before} left the state before, {seen_after} after");
    assert_eq!(seen_before + seen_after, POINTS);
}

#[test]
fn rekey_killed_anywhere_leaves_every_secret_readable_with_one_key() {
    let env = TestEnv::with_connector();
    for i in 0..20 {
        env.cmd()
            .args([
                "add",
                "github",
                "--name",
                &format!("gh-{i}"),
                "--client-id",
                "x",
                "--client-secret-env",
                "S",
            ])
            .env("S", format!("secret-{i}"))
            .assert()
            .success();
    }
    let snapshot = Snapshot::take(&env);
    let before = logical(&env, &[]);
    let rekey = || {
        let mut cmd = env.std_cmd();
        cmd.args(["vault", "rekey"]);
        cmd
    };
    let run = timed(rekey());
    let after = logical(&env, &[]);
    let (mut seen_before, mut seen_after) = (0, 0);
    for delay in points(run) {
        snapshot.restore(&env);
        kill_after(rekey(), delay);
        // Whichever key is in place opens the vault, and every secret decrypts with it.
        let now = logical(&env, &[]);
        if now == before {
            seen_before += 1;
        } else if now == after {
            seen_after += 1;
        } else {
            panic!("killed after {delay:?}: neither before nor after:\n{now}");
        }
        // And the next command works without any repair.
        env.cmd()
            .args(["show", "gh-3", "--reveal-secret", "--yes"])
            .assert()
            .success();
    }
    eprintln!("rekey: {POINTS} kills, {seen_before} left the state before, {seen_after} after");
}

/// The fields of a connection that a consent or a refresh sets to fresh values.
const GRANT_FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "expires_at",
    "grant_version",
    "refresh_started_at",
];

#[test]
fn connect_killed_anywhere_leaves_no_connection_or_a_whole_one() {
    let (env, _sb) = setup(&[]);
    let snapshot = Snapshot::take(&env);
    let before = logical(&env, GRANT_FIELDS);
    let connect_cmd =
        || crate::sandbox::connect_cmd(&env, "demo", "ada", &answer_as("ada@example.test", ""));
    let run = timed(connect_cmd());
    let after = logical(&env, GRANT_FIELDS);
    assert_ne!(before, after);
    let (mut seen_before, mut seen_after) = (0, 0);
    for delay in points(run) {
        snapshot.restore(&env);
        kill_after(connect_cmd(), delay);
        // Let a browser stand-in that outlived the kill finish against the closed port.
        std::thread::sleep(Duration::from_millis(50));
        let now = logical(&env, GRANT_FIELDS);
        if now == before {
            seen_before += 1;
        } else if now == after {
            seen_after += 1;
            let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
            assert!(out.status.success(), "{v}");
        } else {
            panic!("killed after {delay:?}: neither before nor after:\n{now}");
        }
    }
    eprintln!(
        "connect: {POINTS} kills, {seen_before} left no connection, {seen_after} a whole one"
    );
}

#[test]
fn refresh_killed_anywhere_keeps_a_whole_grant_or_says_it_was_lost() {
    let (env, sb) = setup(&[]);
    // The provider answers 60 ms after rotating, so some kills land in that window.
    configure(&env, &sb, r#"{"token_delay_ms": 60}"#);
    let refresh_cmd = || {
        let mut cmd = env.std_cmd();
        cmd.args(["refresh", "Sandbox", "--user", "ada"]);
        cmd
    };
    let fresh_grant = || {
        let (_, out) = connect(&env, "ada", "");
        assert!(out.status.success(), "{}", stderr(&out));
        crate::grants::expire_all(&env);
    };
    fresh_grant();
    let run = timed(refresh_cmd());
    let (mut untouched, mut refreshed, mut lost) = (0, 0, 0);
    for delay in points(run) {
        fresh_grant();
        // The note that a refresh started is not the grant: it is compared apart.
        let before = logical(&env, &["refresh_started_at"]);
        let before_masked = logical(&env, GRANT_FIELDS);
        kill_after(refresh_cmd(), delay);
        let now = logical(&env, &["refresh_started_at"]);
        assert_eq!(
            logical(&env, GRANT_FIELDS),
            before_masked,
            "killed after {delay:?}: only the grant's own fields may change"
        );
        let (listed, _) = env.json(&["connections"]);
        let shown = listed["connections"][0]["connection"]["status"].clone();
        let (v, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
        if now != before {
            // The refreshed grant was stored whole: it works.
            refreshed += 1;
            assert!(out.status.success(), "{v}");
        } else if out.status.success() {
            untouched += 1;
        } else {
            // Killed after the provider rotated the refresh token and before it was
            // stored: no client can keep that grant, and the tool says so plainly.
            lost += 1;
            assert_eq!(error_code(&v), "needs_reconnect", "{v}");
            // Until that refresh, the connection did not claim to be active.
            assert_eq!(shown, "refreshing", "killed after {delay:?}: {listed}");
            assert!(
                v["error"]["message"].as_str().unwrap().contains("reuse"),
                "{v}"
            );
        }
    }
    eprintln!(
        "refresh: {POINTS} kills, {untouched} before the provider rotated, {refreshed} stored whole, {lost} lost after the provider rotated"
    );
    assert_eq!(untouched + refreshed + lost, POINTS);
}
