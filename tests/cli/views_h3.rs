//! What a person and a script read of `vault init | status | verify | rekey | export |
//! import | copy`, `plan`, `apply`, `export -o`, `completions` and `generate-docs`: each
//! command shows one typed view, and these snapshots pin both of its renderings.

use crate::support::*;

/// The output with an archive's size (compression makes it vary) as [N].
fn sized(text: String) -> String {
    let text = regex::Regex::new(r"\(\d+ bytes\)")
        .unwrap()
        .replace_all(&text, "([N] bytes)")
        .into_owned();
    regex::Regex::new(r#""bytes": \d+"#)
        .unwrap()
        .replace_all(&text, r#""bytes": [N]"#)
        .into_owned()
}

#[test]
fn vault_init_status_verify_and_copy_show_their_views() {
    if file_only("these views name the vault's file and SQLite") {
        return;
    }
    let env = TestEnv::empty();
    insta::assert_snapshot!(env.seen(&["vault", "init", "--key", "key-file"]), @r#"
        $ connectors vault init --key key-file
        Created the vault at [HOME]/data/vault.db
        vault id:    [ID]
        key:         key file [HOME]/keys/vault.key (new, mode 0600)
        public key:  [PUBLIC_KEY]
        workspace:   default (platform domain base44.app)
        --- stderr
        Keep a copy of the key somewhere safe: losing it loses every secret in the vault.
        Next: `connectors app add NAME`, then `connectors add PROVIDER`.
        --- exit 0
        "#);
    let other = TestEnv::empty();
    insta::assert_snapshot!(other.seen(&["--json", "vault", "init", "--key", "key-file"]), @r#"
        $ connectors --json vault init --key key-file
        {
          "engine": "sqlite",
          "key_detail": "[HOME]/keys/vault.key",
          "key_file_created": true,
          "key_store": "key-file",
          "path": "[HOME]/data/vault.db",
          "platform_domain": "base44.app",
          "public_key": "[PUBLIC_KEY]",
          "vault_id": "[ID]",
          "workspace": "default"
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "vault", "status"]), @r#"
        $ connectors --json vault status
        {
          "counts": {
            "apps": 0,
            "audit_entries": 1,
            "connections": 0,
            "connections_by_status": [],
            "connectors": 0,
            "workspaces": 1
          },
          "created_at": "[TIME]",
          "engine": "sqlite",
          "file_mode": "0600",
          "key": {
            "ok": true,
            "source": "[HOME]/keys/vault.key",
            "store": "key-file"
          },
          "key_generation": 1,
          "latest_schema_version": 11,
          "path": "[HOME]/data/vault.db",
          "public_key": "[PUBLIC_KEY]",
          "schema_version": 11,
          "server": "SQLite 3.54.1",
          "vault_id": "[ID]",
          "warnings": []
        }
        --- exit 0
        "#);
    // A key that is not this vault's: the report, then the error.
    let other_key = other.key_file.to_str().unwrap();
    let other_home = other.dir.path().display().to_string();
    let wrong_key = [("CONNECTORS_KEY_FILE", other_key)];
    let seen = env.seen_with(&["vault", "status"], &wrong_key);
    insta::assert_snapshot!(seen.replace(&other_home, "[OTHER_HOME]"), @r#"
        $ connectors vault status
        vault:        [HOME]/data/vault.db
        engine:       SQLite 3.54.1
        vault id:     [ID]
        created:      [TIME]
        schema:       version 11 (latest 11)
        key:          key file [OTHER_HOME]/keys/vault.key (NOT usable: the key from [OTHER_HOME]/keys/vault.key is not this vault's key (the vault at [HOME]/data/vault.db expects public key [PUBLIC_KEY]))
        public key:   [PUBLIC_KEY]
        key gen:      1
        workspaces:   1
        apps:         0
        connectors:   0
        connections:  0
        --- stderr
        error: the key from [OTHER_HOME]/keys/vault.key is not this vault's key (the vault at [HOME]/data/vault.db expects public key [PUBLIC_KEY])
        hint: check that --vault and the key belong together; nothing was changed
        --- exit 3
        "#);
    let seen = env.seen_with(&["--json", "vault", "status"], &wrong_key);
    insta::assert_snapshot!(seen.replace(&other_home, "[OTHER_HOME]"), @r#"
        $ connectors --json vault status
        {
          "counts": {
            "apps": 0,
            "audit_entries": 1,
            "connections": 0,
            "connections_by_status": [],
            "connectors": 0,
            "workspaces": 1
          },
          "created_at": "[TIME]",
          "engine": "sqlite",
          "file_mode": "0600",
          "key": {
            "error": {
              "code": "wrong_key",
              "hint": "check that --vault and the key belong together; nothing was changed",
              "message": "the key from [OTHER_HOME]/keys/vault.key is not this vault's key (the vault at [HOME]/data/vault.db expects public key [PUBLIC_KEY])"
            },
            "ok": false,
            "source": "key file [OTHER_HOME]/keys/vault.key",
            "store": "key-file"
          },
          "key_generation": 1,
          "latest_schema_version": 11,
          "path": "[HOME]/data/vault.db",
          "public_key": "[PUBLIC_KEY]",
          "schema_version": 11,
          "server": "SQLite 3.54.1",
          "vault_id": "[ID]",
          "warnings": []
        }
        --- exit 3
        "#);
    insta::assert_snapshot!(env.seen(&["vault", "verify"]), @r#"
        $ connectors vault verify
        vault:      [HOME]/data/vault.db
        database:   ok (integrity and foreign-key checks)
        rows:       ok (1 checked by their MAC)
        secrets:    ok (0 decrypted where they live)
        The vault passed every check.
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "vault", "verify"]), @r#"
        $ connectors --json vault verify
        {
          "engine": [],
          "mark": "intact",
          "ok": true,
          "rows": [],
          "rows_checked": 1,
          "secrets": [],
          "secrets_checked": 0,
          "vault_id": "[ID]"
        }
        --- exit 0
        "#);
    let copy = env.path("copy.db");
    let copy = copy.to_str().unwrap();
    insta::assert_snapshot!(env.seen(&["vault", "copy", "--to", copy]), @r#"
        $ connectors vault copy --to [HOME]/copy.db
        Copied the vault [HOME]/data/vault.db (sqlite) to [HOME]/copy.db (sqlite): 1 workspace(s), 0 app(s), 0 connector(s), 0 connection(s), 1 audit entries.
        --- stderr
        The copy has the same key: point every machine at it with --vault [HOME]/copy.db (or CONNECTORS_VAULT). The source was left as it was.
        --- exit 0
        "#);
    let copy2 = env.path("copy2.db");
    insta::assert_snapshot!(env.seen(&["--json", "vault", "copy", "--to", copy2.to_str().unwrap()]), @r#"
        $ connectors --json vault copy --to [HOME]/copy2.db
        {
          "counts": {
            "apps": 0,
            "audit_entries": 1,
            "connections": 0,
            "connectors": 0,
            "providers": 0,
            "workspaces": 1
          },
          "discarded_incomplete": false,
          "from": "[HOME]/data/vault.db",
          "from_engine": "sqlite",
          "to": "[HOME]/copy2.db",
          "to_engine": "sqlite",
          "vault_id": "[ID]"
        }
        --- exit 0
        "#);
    // Rows changed outside connectors: the report, a warning a row, the error.
    env.cmd().args(["app", "add", "crm"]).assert().success();
    env.sql()
        .exec("UPDATE apps SET name = 'crn' WHERE name = 'crm'", &[]);
    insta::assert_snapshot!(env.seen(&["vault", "verify"]), @r#"
        $ connectors vault verify
        vault:      [HOME]/data/vault.db
        database:   ok (integrity and foreign-key checks)
        rows:       FAILED (2 checked by their MAC, 1 changed outside connectors)
        secrets:    ok (0 decrypted where they live)
        --- stderr
        warning: app 'crn' (row 1) does not match its integrity MAC
        error: the vault failed verification (see above)
        hint: restore the vault from a backup taken before the change, or remove the rows named above and set them up again
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "vault", "verify"]), @r#"
        $ connectors --json vault verify
        {
          "engine": [],
          "mark": "intact",
          "ok": false,
          "rows": [
            {
              "id": "1",
              "problem": "mac_mismatch",
              "row": "app 'crn' (row 1)",
              "table": "apps"
            }
          ],
          "rows_checked": 2,
          "secrets": [],
          "secrets_checked": 0,
          "vault_id": "[ID]"
        }
        --- exit 1
        "#);
}

#[test]
fn vault_rekey_export_and_import_show_their_views() {
    let env = TestEnv::with_connector();
    let (status, _) = env.json(&["vault", "status"]);
    let public_key = status["public_key"].as_str().unwrap().to_string();
    let key_file = env.key_file.to_str().unwrap().to_string();
    let a = env.path("a.age");
    let b = env.path("b.age");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    insta::assert_snapshot!(sized(env.seen(&["vault", "export", "-r", &public_key, "-o", a])), @r#"
        $ connectors vault export -r [PUBLIC_KEY] -o [HOME]/a.age
        Wrote [HOME]/a.age ([N] bytes) for 1 recipient(s): 1 workspace(s), 0 provider definition(s), 1 app(s), 1 connector(s), 0 connection(s), 3 audit entries.
        Signed by this vault's key SHA256:[SIGNING_KEY]: tell whoever imports it, who passes `--exporter SHA256:[SIGNING_KEY]` to check that it comes from this vault.
        --- stderr
        It holds every secret and token: keep it as carefully as the vault's key.
        --- exit 0
        "#);
    insta::assert_snapshot!(sized(env.seen(&["--json", "vault", "export", "-r", &public_key, "-o", b])), @r#"
        $ connectors --json vault export -r [PUBLIC_KEY] -o [HOME]/b.age
        {
          "archive": "[HOME]/b.age",
          "bytes": [N],
          "counts": {
            "apps": 1,
            "audit_entries": 4,
            "connections": 0,
            "connectors": 1,
            "providers": 0,
            "workspaces": 1
          },
          "format_version": 3,
          "recipients": 1,
          "signed_by": "SHA256:[SIGNING_KEY]"
        }
        --- exit 0
        "#);
    // Into a new vault: a restore, previewed, then made.
    let env_home = env.dir.path().display().to_string();
    let from_env = |seen: String| seen.replace(&env_home, "[OTHER_HOME]");
    let restore = TestEnv::new();
    insta::assert_snapshot!(from_env(restore.seen(&["vault", "import", a, "-i", &key_file, "--dry-run"])), @r#"
        $ connectors vault import [OTHER_HOME]/a.age -i [OTHER_HOME]/keys/vault.key --dry-run
        STEP  KIND       NAME      DIFFERS IN
        add   app        crm
        add   connector  Calendar
        restore of an archive of vault [ID] exported [TIME]: 2 to add, 0 to replace, 0 to keep, 1 unchanged, 0 conflict(s).
        Signed by vault key SHA256:[SIGNING_KEY]: an --identity key.
        --- exit 0
        "#);
    insta::assert_snapshot!(from_env(restore.seen(&["--json", "vault", "import", a, "-i", &key_file, "--dry-run"])), @r#"
        $ connectors --json vault import [OTHER_HOME]/a.age -i [OTHER_HOME]/keys/vault.key --dry-run
        {
          "imported": false,
          "plan": {
            "changes": [
              {
                "kind": "workspace",
                "name": "default",
                "step": "unchanged",
                "workspace": null
              },
              {
                "kind": "app",
                "name": "crm",
                "step": "add",
                "workspace": "default"
              },
              {
                "kind": "connector",
                "name": "Calendar",
                "step": "add",
                "workspace": "default"
              }
            ],
            "exported_at": "[TIME]",
            "exporter": {
              "signed_by": "SHA256:[SIGNING_KEY]",
              "trusted": "an --identity key"
            },
            "mode": "restore",
            "source_vault_id": "[ID]"
          }
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(from_env(restore.seen(&["vault", "import", a, "-i", &key_file, "--yes"])), @r#"
        $ connectors vault import [OTHER_HOME]/a.age -i [OTHER_HOME]/keys/vault.key --yes
        STEP  KIND       NAME      DIFFERS IN
        add   app        crm
        add   connector  Calendar
        restore of an archive of vault [ID] exported [TIME]: 2 to add, 0 to replace, 0 to keep, 1 unchanged, 0 conflict(s).
        Signed by vault key SHA256:[SIGNING_KEY]: an --identity key.
        Imported in one transaction (restored, with the archive's audit log).
        --- exit 0
        "#);
    let restore2 = TestEnv::new();
    insta::assert_snapshot!(from_env(restore2.seen(&["--json", "vault", "import", a, "-i", &key_file, "--yes"])), @r#"
        $ connectors --json vault import [OTHER_HOME]/a.age -i [OTHER_HOME]/keys/vault.key --yes
        {
          "imported": true,
          "plan": {
            "changes": [
              {
                "kind": "workspace",
                "name": "default",
                "step": "unchanged",
                "workspace": null
              },
              {
                "kind": "app",
                "name": "crm",
                "step": "add",
                "workspace": "default"
              },
              {
                "kind": "connector",
                "name": "Calendar",
                "step": "add",
                "workspace": "default"
              }
            ],
            "exported_at": "[TIME]",
            "exporter": {
              "signed_by": "SHA256:[SIGNING_KEY]",
              "trusted": "an --identity key"
            },
            "mode": "restore",
            "source_vault_id": "[ID]"
          },
          "warnings": []
        }
        --- exit 0
        "#);
    // Into the vault itself, changed since: a merge refused for its conflict.
    env.cmd()
        .args(["edit", "Calendar", "--client-id", "changed-id"])
        .assert()
        .success();
    insta::assert_snapshot!(env.seen(&["vault", "import", a, "-i", &key_file, "--yes"]), @r#"
        $ connectors vault import [HOME]/a.age -i [HOME]/keys/vault.key --yes
        STEP      KIND       NAME      DIFFERS IN
        conflict  connector  Calendar  client_id
        merge of an archive of vault [ID] exported [TIME]: 0 to add, 0 to replace, 0 to keep, 2 unchanged, 1 conflict(s).
        Signed by vault key SHA256:[SIGNING_KEY]: this vault's key.
        --- stderr
        error: 1 item(s) of the archive differ from the vault's: connector 'Calendar' (client_id); nothing was imported
        hint: pass --on-conflict keep (the vault's version wins) or --on-conflict replace (the archive's wins)
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "vault", "import", a, "-i", &key_file, "--yes"]), @r#"
        $ connectors --json vault import [HOME]/a.age -i [HOME]/keys/vault.key --yes
        {
          "error": {
            "code": "import_conflicts",
            "hint": "pass --on-conflict keep (the vault's version wins) or --on-conflict replace (the archive's wins)",
            "message": "1 item(s) of the archive differ from the vault's: connector 'Calendar' (client_id); nothing was imported"
          },
          "imported": false,
          "plan": {
            "changes": [
              {
                "kind": "workspace",
                "name": "default",
                "step": "unchanged",
                "workspace": null
              },
              {
                "kind": "app",
                "name": "crm",
                "step": "unchanged",
                "workspace": "default"
              },
              {
                "differs": [
                  "client_id"
                ],
                "kind": "connector",
                "name": "Calendar",
                "step": "conflict",
                "workspace": "default"
              }
            ],
            "exported_at": "[TIME]",
            "exporter": {
              "signed_by": "SHA256:[SIGNING_KEY]",
              "trusted": "this vault's key"
            },
            "mode": "merge",
            "source_vault_id": "[ID]"
          }
        }
        --- exit 2
        "#);
    insta::assert_snapshot!(env.seen(&["vault", "import", a, "-i", &key_file, "--dry-run", "--on-conflict", "keep"]), @r#"
        $ connectors vault import [HOME]/a.age -i [HOME]/keys/vault.key --dry-run --on-conflict keep
        STEP  KIND       NAME      DIFFERS IN
        keep  connector  Calendar  client_id
        merge of an archive of vault [ID] exported [TIME]: 0 to add, 0 to replace, 1 to keep, 2 unchanged, 0 conflict(s).
        Signed by vault key SHA256:[SIGNING_KEY]: this vault's key.
        --- exit 0
        "#);
    // A new key, in the same key file or in a new one.
    insta::assert_snapshot!(env.seen(&["vault", "rekey"]), @r#"
        $ connectors vault rekey
        Rekeyed the vault: 1 secret(s) re-encrypted to the new key (generation 2).
        key:        [HOME]/keys/vault.key
        public key: [PUBLIC_KEY]
        --- exit 0
        "#);
    let new_key = env.path("keys/new.key");
    insta::assert_snapshot!(from_env(restore.seen(&["--json", "vault", "rekey", "--new-key-file", new_key.to_str().unwrap()])), @r#"
        $ connectors --json vault rekey --new-key-file [OTHER_HOME]/keys/new.key
        {
          "key_detail": "[OTHER_HOME]/keys/new.key",
          "key_generation": 2,
          "key_store": "key-file",
          "public_key": "[PUBLIC_KEY]",
          "secrets_reencrypted": 1,
          "vault_id": "[ID]"
        }
        --- exit 0
        "#);
}

const CONFIG: &str = r#"{
  "platform_domain": "base44.app",
  "apps": [{"name": "crm", "preview": false}],
  "connectors": [
    {
      "name": "Slack",
      "provider": "slack",
      "mode": "shared",
      "client_id": "1.2",
      "client_secret": {"env": "SLACK_SECRET"},
      "scopes": ["chat:write"],
      "redirect_uris": ["https://crm.base44.app/api/external-auth/callback"]
    }
  ]
}
"#;

#[test]
fn plan_apply_and_export_show_their_views() {
    let env = TestEnv::new();
    let file = env.path("workspace.json");
    std::fs::write(&file, CONFIG).unwrap();
    let file = file.to_str().unwrap();
    let secret = [("SLACK_SECRET", "slack-secret")];
    insta::assert_snapshot!(env.seen_with(&["--json", "plan", file], &secret), @r#"
        $ connectors --json plan [HOME]/workspace.json
        {
          "changes": [
            {
              "action": "add",
              "fields": [
                {
                  "field": "preview",
                  "from": null,
                  "to": false
                }
              ],
              "kind": "app",
              "name": "crm"
            },
            {
              "action": "add",
              "fields": [
                {
                  "field": "provider",
                  "from": null,
                  "to": "slack"
                },
                {
                  "field": "client_id",
                  "from": null,
                  "to": "1.2"
                },
                {
                  "field": "client_secret",
                  "from": null,
                  "to": {
                    "fingerprint": "sha256:[FINGERPRINT]"
                  }
                },
                {
                  "field": "scopes",
                  "from": null,
                  "to": [
                    "chat:write"
                  ]
                },
                {
                  "field": "mode",
                  "from": null,
                  "to": "shared"
                },
                {
                  "field": "redirect_uris",
                  "from": null,
                  "to": [
                    "https://crm.base44.app/api/external-auth/callback"
                  ]
                },
                {
                  "field": "apps",
                  "from": null,
                  "to": []
                }
              ],
              "kind": "connector",
              "name": "Slack"
            }
          ],
          "connections_removed": 0,
          "needs_reconnect": 0,
          "workspace": "default"
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen_with(&["--json", "apply", file, "--yes"], &secret), @r#"
        $ connectors --json apply [HOME]/workspace.json --yes
        {
          "applied": true,
          "plan": {
            "changes": [
              {
                "action": "add",
                "fields": [
                  {
                    "field": "preview",
                    "from": null,
                    "to": false
                  }
                ],
                "kind": "app",
                "name": "crm"
              },
              {
                "action": "add",
                "fields": [
                  {
                    "field": "provider",
                    "from": null,
                    "to": "slack"
                  },
                  {
                    "field": "client_id",
                    "from": null,
                    "to": "1.2"
                  },
                  {
                    "field": "client_secret",
                    "from": null,
                    "to": {
                      "fingerprint": "sha256:[FINGERPRINT]"
                    }
                  },
                  {
                    "field": "scopes",
                    "from": null,
                    "to": [
                      "chat:write"
                    ]
                  },
                  {
                    "field": "mode",
                    "from": null,
                    "to": "shared"
                  },
                  {
                    "field": "redirect_uris",
                    "from": null,
                    "to": [
                      "https://crm.base44.app/api/external-auth/callback"
                    ]
                  },
                  {
                    "field": "apps",
                    "from": null,
                    "to": []
                  }
                ],
                "kind": "connector",
                "name": "Slack"
              }
            ],
            "connections_removed": 0,
            "needs_reconnect": 0,
            "workspace": "default"
          }
        }
        --- exit 0
        "#);
    // Nothing left to do.
    insta::assert_snapshot!(env.seen_with(&["apply", file, "--yes"], &secret), @r#"
        $ connectors apply [HOME]/workspace.json --yes
        No changes: the vault's workspace 'default' matches the file.
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen_with(&["--json", "apply", file, "--yes"], &secret), @r#"
        $ connectors --json apply [HOME]/workspace.json --yes
        {
          "applied": false,
          "plan": {
            "changes": [],
            "connections_removed": 0,
            "needs_reconnect": 0,
            "workspace": "default"
          }
        }
        --- exit 0
        "#);
    let out = env.path("out.json");
    insta::assert_snapshot!(env.seen(&["export", "-o", out.to_str().unwrap()]), @r#"
        $ connectors export -o [HOME]/out.json
        Wrote [HOME]/out.json (secrets as {"vault": true} references).
        --- exit 0
        "#);
    let out = env.path("out2.json");
    insta::assert_snapshot!(env.seen(&["--json", "export", "-o", out.to_str().unwrap()]), @r#"
        $ connectors --json export -o [HOME]/out2.json
        {
          "written": "[HOME]/out2.json"
        }
        --- exit 0
        "#);
    // A file with an error: nothing is planned, and the errors are the output.
    let bad = env.path("bad.json");
    std::fs::write(&bad, CONFIG.replace("\"preview\"", "\"previw\"")).unwrap();
    let bad = bad.to_str().unwrap();
    insta::assert_snapshot!(env.seen_with(&["plan", bad], &secret), @r#"
        $ connectors plan [HOME]/bad.json
        --- stderr
        [HOME]/bad.json:3:28: error[unknown_field]: unknown field "previw" in an app
          |
        3 |   "apps": [{"name": "crm", "previw": false}],
          |                            ^ /apps/0/previw
          = fix: did you mean "preview"?

        [HOME]/bad.json:12:25: error[preview_redirect_missing]: connector "Slack": app "crm" needs its preview redirect URI registered. https://preview--crm.base44.app/api/external-auth/callback is not registered; the closest registered URI, https://crm.base44.app/api/external-auth/callback, does not match: the preview host needs its preview-- prefix
           |
        12 |       "redirect_uris": ["https://crm.base44.app/api/external-auth/callback"]
           |                         ^ /connectors/0/redirect_uris/0
           = fix: add "https://preview--crm.base44.app/api/external-auth/callback" to redirect_uris and register it exactly at the provider at https://api.slack.com/apps

        [HOME]/bad.json: 2 errors, 0 warnings
        error: [HOME]/bad.json has 2 error(s); nothing was planned or applied
        hint: run `connectors validate [HOME]/bad.json` for the details
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen_with(&["--json", "apply", bad, "--yes"], &secret), @r#"
        $ connectors --json apply [HOME]/bad.json --yes
        {
          "diagnostics": [
            {
              "code": "unknown_field",
              "column": 28,
              "fix": "did you mean \"preview\"?",
              "line": 3,
              "message": "unknown field \"previw\" in an app",
              "pointer": "/apps/0/previw",
              "severity": "error"
            },
            {
              "code": "preview_redirect_missing",
              "column": 25,
              "fix": "add \"https://preview--crm.base44.app/api/external-auth/callback\" to redirect_uris and register it exactly at the provider at https://api.slack.com/apps",
              "line": 12,
              "message": "connector \"Slack\": app \"crm\" needs its preview redirect URI registered. https://preview--crm.base44.app/api/external-auth/callback is not registered; the closest registered URI, https://crm.base44.app/api/external-auth/callback, does not match: the preview host needs its preview-- prefix",
              "pointer": "/connectors/0/redirect_uris/0",
              "severity": "error"
            }
          ],
          "error": {
            "code": "invalid_config",
            "hint": "fix them, then run again (`connectors validate [HOME]/bad.json` lists them all)",
            "message": "[HOME]/bad.json has 2 error(s)"
          },
          "omitted": 0
        }
        --- exit 1
        "#);
}

#[test]
fn completions_and_generate_docs_show_their_views() {
    let env = TestEnv::empty();
    let script = env.cmd().args(["completions", "bash"]).output().unwrap();
    assert!(script.status.success());
    let (v, out) = env.json(&["completions", "bash"]);
    assert!(out.status.success());
    assert_eq!(v["shell"], "bash");
    assert_eq!(v["script"].as_str().unwrap(), stdout(&script));
    assert_eq!(v.as_object().unwrap().len(), 2, "{v}");
    // Written once; then one file edited by hand is out of date.
    let dir = env.path("docs");
    let dir = dir.to_str().unwrap();
    let (v, out) = env.json(&["generate-docs", "--out-dir", dir]);
    assert!(out.status.success());
    assert_eq!(v["check"], false);
    assert!(v["changed"].as_array().unwrap().len() > 10, "{v}");
    std::fs::write(env.path("docs/man/connectors.1"), "edited\n").unwrap();
    insta::assert_snapshot!(env.seen(&["generate-docs", "--check", "--out-dir", dir]), @r#"
        $ connectors generate-docs --check --out-dir [HOME]/docs
        --- stderr
        error: these generated files are out of date: man/connectors.1
        hint: run `cargo run -- generate-docs` and commit the result
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "generate-docs", "--check", "--out-dir", dir]), @r#"
        $ connectors --json generate-docs --check --out-dir [HOME]/docs
        {
          "changed": [
            "man/connectors.1"
          ],
          "check": true
        }
        {
          "error": {
            "code": "docs_stale",
            "hint": "run `cargo run -- generate-docs` and commit the result",
            "message": "these generated files are out of date: man/connectors.1"
          }
        }
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen(&["generate-docs", "--out-dir", dir]), @r#"
        $ connectors generate-docs --out-dir [HOME]/docs
        Wrote 1 file(s): man/connectors.1
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["generate-docs", "--check", "--out-dir", dir]), @r#"
        $ connectors generate-docs --check --out-dir [HOME]/docs
        completions/ and man/ are up to date.
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "generate-docs", "--check", "--out-dir", dir]), @r#"
        $ connectors --json generate-docs --check --out-dir [HOME]/docs
        {
          "changed": [],
          "check": true
        }
        --- exit 0
        "#);
}
