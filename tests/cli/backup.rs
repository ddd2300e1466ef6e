//! Encrypted team backups: `vault export` to age and SSH recipients, `vault import` into a
//! vault under another key (a restore, exact) or into one in use (a merge that refuses
//! conflicts unless told how to resolve them).

use std::path::{Path, PathBuf};

use crate::sandbox::{Sandbox, connect, setup};
use crate::support::*;
use serde_json::Value;

/// An age identity file (0600) and its public key.
fn age_key(dir: &Path) -> (PathBuf, String) {
    let identity = age::x25519::Identity::generate();
    let path = dir.join("admin2.agekey");
    use secrecy::ExposeSecret;
    connectors::vault::files::write_private(
        &path,
        format!(
            "# a second admin\n{}\n",
            identity.to_string().expose_secret()
        )
        .as_bytes(),
    )
    .unwrap();
    (path, identity.to_public().to_string())
}

/// An SSH ed25519 key made by ssh-keygen: (private key path, public key line).
fn ssh_key(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("id_ed25519");
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "admin3", "-f"])
        .arg(&path)
        .output()
        .expect("ssh-keygen (openssh-client) is installed by scripts/test.sh");
    assert!(out.status.success(), "{}", stderr(&out));
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    (path, public.trim().to_string())
}

/// A vault in use: a stored provider definition, an app, a connector with its secret and a
/// live connection.
fn source() -> (TestEnv, Sandbox) {
    let (env, sb) = setup(&[]);
    let (v, out) = connect(&env, "ada", "");
    assert!(out.status.success(), "{v}");
    (env, sb)
}

fn export(env: &TestEnv, name: &str, recipients: &[&str]) -> PathBuf {
    let archive = env.path(name);
    let mut cmd = env.cmd();
    cmd.args(["--json", "vault", "export", "-o"]).arg(&archive);
    for r in recipients {
        cmd.args(["--recipient", r]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!contains(&out.stdout, SECRET) && !contains(&out.stderr, SECRET));
    assert_eq!(mode(&archive), 0o600);
    // The exporter's fingerprint, as an admin passes it on to whoever imports.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    std::fs::write(exporter_file(&archive), v["signed_by"].as_str().unwrap()).unwrap();
    archive
}

/// Where [`export`] keeps the fingerprint of the vault that exported `archive`.
fn exporter_file(archive: &Path) -> PathBuf {
    let mut p = archive.as_os_str().to_owned();
    p.push(".exporter");
    PathBuf::from(p)
}

fn import(
    env: &TestEnv,
    archive: &Path,
    identity: &Path,
    extra: &[&str],
) -> (Value, std::process::Output) {
    let exporter = std::fs::read_to_string(exporter_file(archive)).ok();
    let out = env
        .cmd()
        .args(["--json", "vault", "import"])
        .arg(archive)
        .arg("--identity")
        .arg(identity)
        .args(exporter.iter().flat_map(|fp| ["--exporter", fp.as_str()]))
        .args(extra)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (v, out)
}

/// What a person sees of the vault: the connector, its connections and a token.
fn view(env: &TestEnv) -> Value {
    let (show, _) = env.json(&["show", "Sandbox", "--reveal-secret", "--yes"]);
    let (conns, _) = env.json(&["connections"]);
    let (token, out) = env.json(&["token", "Sandbox", "--app", "demo", "--user", "ada"]);
    assert!(out.status.success(), "{token}");
    let (providers, _) = env.json(&["providers", "show", "sandbox"]);
    serde_json::json!({"show": show, "connections": conns, "token": token, "provider": providers})
}

#[test]
fn a_round_trip_to_age_and_ssh_recipients_is_exact() {
    let (a, _sb) = source();
    let (age_identity, age_public) = age_key(a.dir.path());
    let (ssh_identity, ssh_public) = ssh_key(a.dir.path());
    let archive = export(&a, "team.age", &[&age_public, &ssh_public]);
    let bytes = std::fs::read(&archive).unwrap();
    assert!(!contains(&bytes, SECRET), "the archive is encrypted");
    let before = view(&a);
    let (audit_a, _) = a.json(&["audit", "--limit", "1000"]);
    // Each recipient restores it into a vault of its own, under another key.
    for identity in [&ssh_identity, &age_identity] {
        let b = TestEnv::new();
        let (v, out) = import(&b, &archive, identity, &["--dry-run"]);
        assert!(out.status.success(), "{v}");
        assert_eq!(v["imported"], false);
        assert_eq!(v["plan"]["mode"], "restore");
        let (v, out) = import(&b, &archive, identity, &["--yes"]);
        assert!(out.status.success(), "{v} {}", stderr(&out));
        assert_eq!(view(&b), before, "restored exactly");
        // The archive's audit log came along, then the import's own entry.
        let (audit_b, _) = b.json(&["audit", "--limit", "1000"]);
        let entries = |v: &Value| -> Vec<Value> {
            v["entries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["action"] != "vault.init" && e["action"] != "vault.export")
                .map(|e| {
                    let mut e = e.clone();
                    e.as_object_mut().unwrap().remove("id");
                    e
                })
                .collect()
        };
        let (restored, original) = (entries(&audit_b), entries(&audit_a));
        assert_eq!(restored[0]["action"], "vault.import");
        assert_eq!(restored[1..], original[..], "the audit log is restored");
        let (v, out) = b.json(&["vault", "verify"]);
        assert!(out.status.success(), "{v}");
        assert_ne!(
            b.sql()
                .one::<Vec<u8>>("SELECT value FROM meta WHERE key = 'recipient'", &[]),
            a.sql()
                .one::<Vec<u8>>("SELECT value FROM meta WHERE key = 'recipient'", &[]),
            "another key"
        );
    }
    // Somebody else's key opens nothing.
    let stranger = TestEnv::new();
    let (other, _) = age_key(stranger.dir.path());
    let (v, out) = import(&stranger, &archive, &other, &["--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(error_code(&v), "archive_not_for_you");
    let (v, _) = a.json(&["audit", "--limit", "1"]);
    assert_eq!(v["entries"][0]["action"], "vault.export");
}

#[test]
fn a_merge_refuses_conflicts_unless_told_and_changes_nothing() {
    let (a, _sb) = source();
    let (identity, public) = age_key(a.dir.path());
    let first = export(&a, "first.age", &[&public]);
    // The second vault is in use: it has an app of its own, and takes the archive.
    let b = TestEnv::new();
    b.cmd().args(["app", "add", "other"]).assert().success();
    let (v, out) = import(&b, &first, &identity, &["--yes"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["plan"]["mode"], "merge");
    // Then the source changes: scopes, and the person reconnects (new tokens).
    a.cmd()
        .args(["edit", "Sandbox", "--add-scope", "profile"])
        .assert()
        .success();
    assert!(connect(&a, "ada", "").1.status.success());
    let second = export(&a, "second.age", &[&public]);
    let before = b.vault_bytes();
    let (v, out) = import(&b, &second, &identity, &["--yes"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "import_conflicts");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("connector 'Sandbox' (scopes)"),
        "{message}"
    );
    assert!(!contains(&out.stdout, SECRET));
    assert_eq!(b.vault_bytes(), before, "nothing changed");
    let (plan, _) = import(
        &b,
        &second,
        &identity,
        &["--dry-run", "--on-conflict", "keep"],
    );
    let differs: Vec<&Value> = plan["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["step"] == "keep")
        .collect();
    assert_eq!(differs.len(), 2, "{plan}");
    // Keeping the vault's versions changes none of them.
    let kept_view = view(&b);
    let (v, out) = import(&b, &second, &identity, &["--yes", "--on-conflict", "keep"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(view(&b)["token"], kept_view["token"]);
    // Replacing takes the archive's: the new scopes and the new tokens.
    let (v, out) = import(
        &b,
        &second,
        &identity,
        &["--yes", "--on-conflict", "replace"],
    );
    assert!(out.status.success(), "{v}");
    assert_eq!(view(&b)["token"], view(&a)["token"]);
    let scopes = view(&b)["show"]["connector"]["scopes"].clone();
    assert!(
        scopes.as_array().unwrap().contains(&Value::from("profile")),
        "{scopes}"
    );
    assert_eq!(scopes, view(&a)["show"]["connector"]["scopes"]);
    let (v, out) = b.json(&["vault", "verify"]);
    assert!(out.status.success(), "{v}");
}

/// Re-encrypts an archive after `change`, as someone who knows a recipient's public key
/// (and so can write an archive) would.
fn forge(archive: &Path, identity_file: &Path, change: impl FnOnce(&mut Value)) -> PathBuf {
    use std::io::Read;
    use std::str::FromStr;
    let text = std::fs::read_to_string(identity_file).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let identity = age::x25519::Identity::from_str(line).unwrap();
    let bytes = std::fs::read(archive).unwrap();
    let decryptor = age::Decryptor::new_buffered(&bytes[..]).unwrap();
    let mut plain = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    // The document is the first line; the exporter's signature, the second, cannot be
    // made again without the exporting vault's key: the forgery goes out unsigned.
    let line = plain.split(|b| *b == b'\n').next().unwrap();
    let mut doc: Value = serde_json::from_slice(line).unwrap();
    change(&mut doc);
    let sealed = age::encrypt(&identity.to_public(), &archive_document(&doc)).unwrap();
    let out = archive.with_extension("forged");
    std::fs::write(&out, sealed).unwrap();
    out
}

#[test]
fn a_forged_archive_cannot_slip_in_a_provider_override() {
    let (a, _sb) = source();
    let (identity, public) = age_key(a.dir.path());
    let archive = export(&a, "team.age", &[&public]);
    let b = TestEnv::new();
    b.cmd().args(["app", "add", "other"]).assert().success();
    // A row named "harmless" that defines google.
    let forged = forge(&archive, &identity, |doc| {
        doc["providers"][0]["name"] = Value::from("harmless");
        doc["providers"][0]["definition"]["name"] = Value::from("google");
    });
    let before = b.vault_bytes();
    // Anyone with the recipient's public key can make an archive, but not sign it as the
    // exporting vault: an unsigned one is refused, whoever it claims to come from.
    let (v, out) = import(
        &b,
        &forged,
        &identity,
        &["--yes", "--on-conflict", "replace"],
    );
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "archive_unauthenticated", "{v}");
    assert_eq!(b.vault_bytes(), before);
    // Imported anyway, on the admin's word, its content is still checked.
    let (v, out) = import(
        &b,
        &forged,
        &identity,
        &[
            "--yes",
            "--on-conflict",
            "replace",
            "--allow-unauthenticated",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "archive_invalid");
    assert_eq!(b.vault_bytes(), before);
    // A definition of a built-in provider is a difference to accept, never a plain add.
    let forged = forge(&archive, &identity, |doc| {
        doc["providers"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "name": "google",
                "definition": {"name": "google", "token_url": "https://attacker.example/token"}
            }));
    });
    let (v, out) = import(
        &b,
        &forged,
        &identity,
        &["--yes", "--allow-unauthenticated"],
    );
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("provider 'google' (overrides_built_in)"),
        "{v}"
    );
    assert_eq!(b.vault_bytes(), before);
}

#[test]
fn a_backup_repairs_rows_changed_outside_connectors() {
    let (a, _sb) = source();
    let (identity, public) = age_key(a.dir.path());
    let archive = export(&a, "team.age", &[&public]);
    let b = TestEnv::new();
    let (v, out) = import(&b, &archive, &identity, &["--yes"]);
    assert!(out.status.success(), "{v}");
    let good = view(&b);
    // Someone with write access to b's file, but not its key.
    b.sql().batch(
        "UPDATE connectors SET client_id = 'attacker-client';
             UPDATE connections SET status = 'revoked';
             UPDATE apps SET custom_domain = 'attacker.example';",
    );
    let (v, out) = b.json(&["vault", "verify"]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    // The import names the changed rows, and replaces them only when told to.
    let (v, out) = import(&b, &archive, &identity, &["--yes"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(tampered)"),
        "{v}"
    );
    let (v, out) = import(
        &b,
        &archive,
        &identity,
        &["--yes", "--on-conflict", "replace"],
    );
    assert!(out.status.success(), "{v}");
    let (v, out) = b.json(&["vault", "verify"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(view(&b), good, "the backup's rows are back");
}

#[test]
fn an_archive_says_who_exported_it_and_a_changed_one_is_refused() {
    let (a, _sb) = source();
    let (identity, public) = age_key(a.dir.path());
    let archive = export(&a, "team.age", &[&public]);
    let exporter = std::fs::read_to_string(exporter_file(&archive)).unwrap();
    std::fs::remove_file(exporter_file(&archive)).unwrap();
    let b = TestEnv::new();
    // Another vault's archive, its signer not named: refused, naming the signer.
    let (v, out) = import(&b, &archive, &identity, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "archive_unauthenticated", "{v}");
    assert!(
        v["error"]["hint"].as_str().unwrap().contains(&exporter),
        "{v}"
    );
    // Another fingerprint is no better.
    let (v, _) = import(
        &b,
        &archive,
        &identity,
        &[
            "--dry-run",
            "--exporter",
            "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ],
    );
    assert_eq!(error_code(&v), "archive_unauthenticated", "{v}");
    // Named: the preview says who signed it and why it is trusted.
    let (v, out) = import(
        &b,
        &archive,
        &identity,
        &["--dry-run", "--exporter", &exporter],
    );
    assert!(out.status.success(), "{v}");
    assert_eq!(v["plan"]["exporter"]["signed_by"], exporter.as_str(), "{v}");
    assert_eq!(v["plan"]["exporter"]["trusted"], "--exporter", "{v}");
    // The vault's own backup, or one opened with the exporting vault's key, needs nothing.
    let public_a = std::fs::read_to_string(&a.key_file)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let own = export(&a, "own.age", &[&public_a]);
    std::fs::remove_file(exporter_file(&own)).unwrap();
    let (v, out) = import(&a, &own, &a.key_file, &["--dry-run"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["plan"]["exporter"]["trusted"], "this vault's key", "{v}");
    let (v, out) = import(&b, &own, &a.key_file, &["--dry-run"]);
    assert!(out.status.success(), "{v}");
    assert_eq!(v["plan"]["exporter"]["trusted"], "an --identity key", "{v}");
    // The document changed under its signature (a provider's token endpoint redirected):
    // refused whatever the flags, before anything of it is shown.
    let text = std::fs::read_to_string(&identity).unwrap();
    let key: age::x25519::Identity = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap()
        .parse()
        .unwrap();
    let mut plain = Vec::new();
    use std::io::Read as _;
    age::Decryptor::new_buffered(&std::fs::read(&archive).unwrap()[..])
        .unwrap()
        .decrypt(std::iter::once(&key as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    let cut = plain.iter().position(|b| *b == b'\n').unwrap();
    let doc = String::from_utf8(plain[..cut].to_vec()).unwrap();
    let changed = doc.replacen("Sandbox", "Sandbax", 1);
    assert_ne!(changed, doc);
    let spliced = [changed.as_bytes(), &plain[cut..]].concat();
    let forged = b.path("spliced.age");
    std::fs::write(&forged, age::encrypt(&key.to_public(), &spliced).unwrap()).unwrap();
    let (v, out) = import(
        &b,
        &forged,
        &identity,
        &[
            "--dry-run",
            "--allow-unauthenticated",
            "--exporter",
            &exporter,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(error_code(&v), "archive_forged", "{v}");
}

/// An unsigned archive, written as a stream, whose audit log holds `entries` entries of
/// about 10 KiB each: what a large vault's backup weighs, without making the vault.
fn large_archive(path: &Path, recipient: &age::x25519::Recipient, entries: usize) {
    use std::io::Write as _;
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut w = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .unwrap()
        .wrap_output(file)
        .unwrap();
    write!(
        w,
        r#"{{"format":"connectors-vault-archive","version":3,"exported_at":"2026-12-07T00:00:00Z","source_vault_id":"0123456789abcdef0123456789abcdef","workspaces":[{{"name":"default","platform_domain":"base44.app","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}],"providers":[],"apps":[],"connectors":[],"connections":[],"audit":["#
    )
    .unwrap();
    let note = "x".repeat(10 * 1024);
    for i in 0..entries {
        let sep = if i == 0 { "" } else { "," };
        write!(
            w,
            r#"{sep}{{"id":{i},"at":"2026-01-01T00:00:00Z","actor":"ada","workspace":"default","action":"app.add","target_kind":"app","target":"app{i}","details":{{"note":"{note}"}},"via":"cli"}}"#
        )
        .unwrap();
    }
    w.write_all(b"]}").unwrap();
    w.finish().unwrap().flush().unwrap();
}

/// The peak resident memory (KiB) of `vault import ARCHIVE` into a new vault. Measured
/// by a small Python parent: a child's peak as the kernel reports it includes the memory
/// of the process that spawned it, which the test harness would dwarf.
fn import_peak_kib(archive: &Path, identity: &Path) -> i64 {
    let env = TestEnv::new();
    let template = env.std_cmd();
    let mut cmd = std::process::Command::new("python3");
    cmd.args([
        "-c",
        "import resource, subprocess, sys\n\
         done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
         print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
    ])
    .arg(template.get_program())
    .args(template.get_args())
    .args(["--json", "vault", "import", "--allow-unauthenticated", "--yes", "--identity"])
    .arg(identity)
    .arg(archive);
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (code, peak) = text.trim().split_once(' ').expect("the code and the peak");
    assert_eq!(code, "0", "the import failed: {}", stderr(&out));
    let (v, _) = env.json(&["audit", "--limit", "1"]);
    assert!(
        v["entries"].as_array().is_some_and(|l| !l.is_empty()),
        "{v}"
    );
    peak.parse().unwrap()
}

#[test]
fn an_import_reads_the_archive_as_a_stream_in_memory_of_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let (identity, public) = age_key(dir.path());
    let recipient: age::x25519::Recipient = public.parse().unwrap();
    let (small, large) = (dir.path().join("small.age"), dir.path().join("large.age"));
    large_archive(&small, &recipient, 10);
    large_archive(&large, &recipient, 800);
    let size = std::fs::metadata(&large).unwrap().len() as i64 / 1024;
    assert!(size > 8_000, "{size} KiB");
    let (at_small, at_large) = (
        import_peak_kib(&small, &identity),
        import_peak_kib(&large, &identity),
    );
    eprintln!("peak RSS: {at_small} KiB for a tiny archive, {at_large} KiB for {size} KiB");
    // Reading the file whole would take it at least twice over (ciphertext, plaintext,
    // parsed rows); a stream takes a row at a time (about 2 MiB more here, SQLite's cache).
    assert!(
        at_large - at_small < size / 2,
        "importing {size} KiB took {at_large} KiB at peak, {at_small} KiB for a small one"
    );
}
