//! The output of the workspace, app, connector, audit and doctor commands, human and
//! `--json`, pinned so that building it from one typed view changes nothing a person or a
//! script reads.

use crate::support::*;

/// What each command of `runs` shows, one after the other.
fn seen_all(env: &TestEnv, runs: &[&[&str]]) -> String {
    let mut all = String::new();
    for args in runs {
        all.push_str(&env.seen(args));
        all.push('\n');
    }
    all
}

#[test]
fn workspace_commands_read_the_same() {
    let env = TestEnv::new();
    insta::assert_snapshot!(seen_all(&env, &[
        &["workspace", "show"],
        &["--json", "workspace", "show"],
        &["workspace", "add", "marketing"],
        &["--json", "workspace", "add", "sales", "--platform-domain", "example.org"],
        &["--workspace", "marketing", "workspace", "edit", "--platform-domain", "m.example"],
        &["--workspace", "marketing", "workspace", "edit", "--platform-domain", "m.example"],
        &["--json", "--workspace", "sales", "workspace", "edit", "--platform-domain", "s.example"],
        &["--json", "--workspace", "sales", "workspace", "edit", "--platform-domain", "s.example"],
        &["workspace", "list"],
        &["--json", "workspace", "list"],
    ]), @r#"
        $ connectors workspace show
        workspace:        default
        platform domain:  base44.app
        created:          [TIME]
        --- exit 0

        $ connectors --json workspace show
        {
          "created_at": "[TIME]",
          "name": "default",
          "platform_domain": "base44.app",
          "updated_at": "[TIME]"
        }
        --- exit 0

        $ connectors workspace add marketing
        Created workspace 'marketing' (platform domain base44.app).
        --- stderr
        Use it with --workspace marketing or CONNECTORS_WORKSPACE=marketing.
        --- exit 0

        $ connectors --json workspace add sales --platform-domain example.org
        {
          "created_at": "[TIME]",
          "name": "sales",
          "platform_domain": "example.org",
          "updated_at": "[TIME]"
        }
        --- exit 0

        $ connectors --workspace marketing workspace edit --platform-domain m.example
        Workspace 'marketing': platform domain base44.app -> m.example.
        --- stderr
        Every app's live and preview redirect URIs changed: register the new ones at each provider (`connectors app show APP`).
        --- exit 0

        $ connectors --workspace marketing workspace edit --platform-domain m.example
        Workspace 'marketing' already uses m.example; nothing changed.
        --- exit 0

        $ connectors --json --workspace sales workspace edit --platform-domain s.example
        {
          "changed": true,
          "previous_platform_domain": "example.org",
          "workspace": {
            "created_at": "[TIME]",
            "name": "sales",
            "platform_domain": "s.example",
            "updated_at": "[TIME]"
          }
        }
        --- exit 0

        $ connectors --json --workspace sales workspace edit --platform-domain s.example
        {
          "changed": false,
          "previous_platform_domain": "s.example",
          "workspace": {
            "created_at": "[TIME]",
            "name": "sales",
            "platform_domain": "s.example",
            "updated_at": "[TIME]"
          }
        }
        --- exit 0

        $ connectors workspace list
        NAME       PLATFORM DOMAIN  CREATED
        default    base44.app       [TIME]
        marketing  m.example        [TIME]
        sales      s.example        [TIME]
        --- exit 0

        $ connectors --json workspace list
        {
          "workspaces": [
            {
              "created_at": "[TIME]",
              "name": "default",
              "platform_domain": "base44.app",
              "updated_at": "[TIME]"
            },
            {
              "created_at": "[TIME]",
              "name": "marketing",
              "platform_domain": "m.example",
              "updated_at": "[TIME]"
            },
            {
              "created_at": "[TIME]",
              "name": "sales",
              "platform_domain": "s.example",
              "updated_at": "[TIME]"
            }
          ]
        }
        --- exit 0
        "#);
}

#[test]
fn app_commands_read_the_same() {
    let env = TestEnv::new();
    insta::assert_snapshot!(seen_all(&env, &[
        &["app", "list"],
        &["--json", "app", "list"],
        &["app", "add", "crm"],
        &["--json", "app", "add", "web", "--custom-domain", "web.example.com", "--no-preview"],
        &["app", "list"],
        &["--json", "app", "list"],
        &["app", "show", "web"],
        &["--json", "app", "show", "crm"],
        &["app", "edit", "crm", "--custom-domain", "crm.example.com"],
        &["app", "edit", "crm", "--custom-domain", "crm.example.com"],
        &["--json", "app", "edit", "web", "--preview", "--rename", "web2"],
        &["--json", "app", "edit", "web2", "--preview"],
        &["app", "remove", "web2", "--yes"],
        &["--json", "app", "remove", "crm", "--yes"],
    ]), @r#"
        $ connectors app list
        No apps in workspace 'default'. Add one with `connectors app add NAME`.
        --- exit 0

        $ connectors --json app list
        {
          "apps": [],
          "workspace": "default"
        }
        --- exit 0

        $ connectors app add crm
        Added app 'crm'. Register these redirect URIs at each provider:
          live     https://crm.base44.app/api/external-auth/callback
          preview  https://preview--crm.base44.app/api/external-auth/callback
        --- exit 0

        $ connectors --json app add web --custom-domain web.example.com --no-preview
        {
          "app": {
            "created_at": "[TIME]",
            "custom_domain": "web.example.com",
            "name": "web",
            "preview": false,
            "updated_at": "[TIME]"
          },
          "redirect_uris": [
            {
              "kind": "live",
              "uri": "https://web.base44.app/api/external-auth/callback"
            },
            {
              "kind": "custom_domain",
              "uri": "https://web.example.com/api/external-auth/callback"
            }
          ]
        }
        --- exit 0

        $ connectors app list
        NAME  LIVE DOMAIN     CUSTOM DOMAIN    PREVIEW
        crm   crm.base44.app  -                yes
        web   web.base44.app  web.example.com  no
        --- exit 0

        $ connectors --json app list
        {
          "apps": [
            {
              "app": {
                "created_at": "[TIME]",
                "custom_domain": null,
                "name": "crm",
                "preview": true,
                "updated_at": "[TIME]"
              },
              "redirect_uris": [
                {
                  "kind": "live",
                  "uri": "https://crm.base44.app/api/external-auth/callback"
                },
                {
                  "kind": "preview",
                  "uri": "https://preview--crm.base44.app/api/external-auth/callback"
                }
              ]
            },
            {
              "app": {
                "created_at": "[TIME]",
                "custom_domain": "web.example.com",
                "name": "web",
                "preview": false,
                "updated_at": "[TIME]"
              },
              "redirect_uris": [
                {
                  "kind": "live",
                  "uri": "https://web.base44.app/api/external-auth/callback"
                },
                {
                  "kind": "custom_domain",
                  "uri": "https://web.example.com/api/external-auth/callback"
                }
              ]
            }
          ],
          "workspace": "default"
        }
        --- exit 0

        $ connectors app show web
        app:            web
        live:           https://web.base44.app
        custom domain:  web.example.com
        preview:        none
        connections:    0

        Redirect URIs to register at each provider:
          live           https://web.base44.app/api/external-auth/callback
          custom domain  https://web.example.com/api/external-auth/callback
        --- exit 0

        $ connectors --json app show crm
        {
          "app": {
            "created_at": "[TIME]",
            "custom_domain": null,
            "name": "crm",
            "preview": true,
            "updated_at": "[TIME]"
          },
          "connections": 0,
          "redirect_uris": [
            {
              "kind": "live",
              "uri": "https://crm.base44.app/api/external-auth/callback"
            },
            {
              "kind": "preview",
              "uri": "https://preview--crm.base44.app/api/external-auth/callback"
            }
          ]
        }
        --- exit 0

        $ connectors app edit crm --custom-domain crm.example.com
        Updated app 'crm':
          custom_domain: null -> "crm.example.com"
        Redirect URIs it needs now:
          live           https://crm.base44.app/api/external-auth/callback
          custom domain  https://crm.example.com/api/external-auth/callback
          preview        https://preview--crm.base44.app/api/external-auth/callback
        --- exit 0

        $ connectors app edit crm --custom-domain crm.example.com
        App 'crm': nothing changed.
        --- exit 0

        $ connectors --json app edit web --preview --rename web2
        {
          "app": {
            "created_at": "[TIME]",
            "custom_domain": "web.example.com",
            "name": "web2",
            "preview": true,
            "updated_at": "[TIME]"
          },
          "changes": [
            {
              "field": "name",
              "from": "web",
              "to": "web2"
            },
            {
              "field": "preview",
              "from": false,
              "to": true
            }
          ],
          "redirect_uris": [
            {
              "kind": "live",
              "uri": "https://web2.base44.app/api/external-auth/callback"
            },
            {
              "kind": "custom_domain",
              "uri": "https://web.example.com/api/external-auth/callback"
            },
            {
              "kind": "preview",
              "uri": "https://preview--web2.base44.app/api/external-auth/callback"
            }
          ]
        }
        --- exit 0

        $ connectors --json app edit web2 --preview
        {
          "app": {
            "created_at": "[TIME]",
            "custom_domain": "web.example.com",
            "name": "web2",
            "preview": true,
            "updated_at": "[TIME]"
          },
          "changes": [],
          "redirect_uris": [
            {
              "kind": "live",
              "uri": "https://web2.base44.app/api/external-auth/callback"
            },
            {
              "kind": "custom_domain",
              "uri": "https://web.example.com/api/external-auth/callback"
            },
            {
              "kind": "preview",
              "uri": "https://preview--web2.base44.app/api/external-auth/callback"
            }
          ]
        }
        --- exit 0

        $ connectors app remove web2 --yes
        Removed app 'web2' and 0 connection(s).
        --- exit 0

        $ connectors --json app remove crm --yes
        {
          "connections_removed": 0,
          "removed": "crm"
        }
        --- exit 0
        "#);
}

#[test]
fn connector_add_reads_the_same() {
    let env = TestEnv::new();
    env.cmd().args(["app", "add", "crm"]).assert().success();
    let secret = [("S", SECRET)];
    let mut all = String::new();
    for args in [
        &[
            "add",
            "google",
            "--name",
            "Calendar",
            "--client-id",
            "cid-1",
            "--client-secret-env",
            "S",
            "--scope",
            "openid",
            "--scope",
            "email",
            "--redirect-uri",
            "https://crm.base44.app/api/external-auth/callback",
        ][..],
        &[
            "--json",
            "add",
            "google",
            "--name",
            "Mail",
            "--client-id",
            "c2",
            "--client-secret-env",
            "S",
        ],
        &[
            "--json",
            "add",
            "microsoft",
            "--name",
            "Outlook",
            "--client-id",
            "c3",
            "--client-secret-env",
            "S",
            "--tenant",
            "common",
            "--scope",
            "User.Read",
            "--used-by",
            "crm",
        ],
    ] {
        all.push_str(&env.seen_with(args, &secret));
        all.push('\n');
    }
    insta::assert_snapshot!(all, @r#"
        $ connectors add google --name Calendar --client-id cid-1 --client-secret-env S --scope openid --scope email --redirect-uri https://crm.base44.app/api/external-auth/callback
        Added connector 'Calendar' (Google, per-user) to workspace 'default'; every app in it can use it now.
        --- stderr
        warning: app 'crm': https://preview--crm.base44.app/api/external-auth/callback is not registered; the closest registered URI, https://crm.base44.app/api/external-auth/callback, does not match: the preview host needs its preview-- prefix (preview)
        --- exit 0

        $ connectors --json add google --name Mail --client-id c2 --client-secret-env S
        {
          "connector": {
            "apps": [],
            "client_id": "c2",
            "created_at": "[TIME]",
            "mode": "per-user",
            "name": "Mail",
            "provider": "google",
            "redirect_uris": [],
            "scopes": [],
            "updated_at": "[TIME]"
          },
          "warnings": [
            "no scopes were given; add them with `connectors edit \"Mail\" --add-scope SCOPE`",
            "app 'crm': https://crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered (live)",
            "app 'crm': https://preview--crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered (preview)"
          ],
          "workspace": "default"
        }
        --- exit 0

        $ connectors --json add microsoft --name Outlook --client-id c3 --client-secret-env S --tenant common --scope User.Read --used-by crm
        {
          "connector": {
            "apps": [
              "crm"
            ],
            "client_id": "c3",
            "created_at": "[TIME]",
            "endpoint_params": {
              "tenant": "common"
            },
            "mode": "per-user",
            "name": "Outlook",
            "provider": "microsoft",
            "redirect_uris": [],
            "scopes": [
              "User.Read"
            ],
            "updated_at": "[TIME]"
          },
          "warnings": [
            "the connector does not ask for the scope that brings a refresh token (missing_refresh_scope): without the offline_access scope Microsoft (Entra ID) issues no refresh token, so people must reconnect whenever the access token expires; add it with --add-scope offline_access",
            "app 'crm': https://crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered (live)",
            "app 'crm': https://preview--crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered (preview)"
          ],
          "workspace": "default"
        }
        --- exit 0
        "#);
}

#[test]
fn connector_list_show_edit_delete_read_the_same() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args([
            "add",
            "microsoft",
            "--name",
            "Outlook",
            "--client-id",
            "c3",
            "--client-secret-env",
            "S",
        ])
        .args([
            "--tenant",
            "common",
            "--scope",
            "User.Read",
            "--used-by",
            "crm",
        ])
        .env("S", SECRET)
        .assert()
        .success();
    insta::assert_snapshot!(seen_all(&env, &[
        &["list"],
        &["--json", "list"],
        &["list", "--provider", "slack"],
        &["--json", "list", "--provider", "slack"],
        &["show", "Outlook"],
        &["--json", "show", "Outlook"],
        &["show", "Calendar", "--reveal-secret", "--yes"],
        &["--json", "show", "Calendar", "--reveal-secret", "--yes"],
        &["edit", "Calendar", "--add-scope", "profile", "--add-redirect-uri", "https://x.example/cb"],
        &["edit", "Calendar", "--add-scope", "profile"],
        &["--json", "edit", "Outlook", "--tenant", "", "--used-by-all", "--scope", "bogus"],
        &["--json", "edit", "Outlook", "--used-by-all"],
        &["delete", "Calendar", "--yes"],
        &["--json", "delete", "Outlook", "--yes"],
    ]), @r#"
        $ connectors list
        NAME      PROVIDER   MODE      SCOPES  CONNECTIONS  UPDATED
        Calendar  google     per-user  2       0            [TIME]
        Outlook   microsoft  per-user  1       0            [TIME]
        --- exit 0

        $ connectors --json list
        {
          "connectors": [
            {
              "apps": [],
              "client_id": "cid-123.apps.example",
              "connections": 0,
              "created_at": "[TIME]",
              "mode": "per-user",
              "name": "Calendar",
              "needs_reconnect": 0,
              "provider": "google",
              "redirect_uris": [
                "https://crm.base44.app/api/external-auth/callback"
              ],
              "scopes": [
                "openid",
                "email"
              ],
              "updated_at": "[TIME]"
            },
            {
              "apps": [
                "crm"
              ],
              "client_id": "c3",
              "connections": 0,
              "created_at": "[TIME]",
              "mode": "per-user",
              "name": "Outlook",
              "needs_reconnect": 0,
              "provider": "microsoft",
              "redirect_uris": [],
              "scopes": [
                "User.Read"
              ],
              "updated_at": "[TIME]"
            }
          ],
          "workspace": "default"
        }
        --- exit 0

        $ connectors list --provider slack
        No connectors in workspace 'default'. Add one with `connectors add PROVIDER`.
        --- exit 0

        $ connectors --json list --provider slack
        {
          "connectors": [],
          "workspace": "default"
        }
        --- exit 0

        $ connectors show Outlook
        connector:      Outlook
        provider:       microsoft
        mode:           per-user
        used by:        crm
        tenant:         common
        client id:      c3
        client secret:  •••••••• (sha256:[FINGERPRINT])
        scopes:         User.Read
        registered:     none
        connections:    0
        updated:        [TIME]

        Redirect URIs your apps need at the provider:
        APP  REDIRECT URI                                                STATUS
        crm  https://crm.base44.app/api/external-auth/callback           NOT registered
        crm  https://preview--crm.base44.app/api/external-auth/callback  NOT registered
        --- exit 0

        $ connectors --json show Outlook
        {
          "client_secret": {
            "fingerprint": "sha256:[FINGERPRINT]",
            "set": true
          },
          "connections": {
            "by_status": {},
            "total": 0
          },
          "connector": {
            "apps": [
              "crm"
            ],
            "client_id": "c3",
            "created_at": "[TIME]",
            "endpoint_params": {
              "tenant": "common"
            },
            "mode": "per-user",
            "name": "Outlook",
            "provider": "microsoft",
            "redirect_uris": [],
            "scopes": [
              "User.Read"
            ],
            "updated_at": "[TIME]"
          },
          "needed_redirect_uris": [
            {
              "app": "crm",
              "closest": null,
              "explanation": "https://crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered",
              "kind": "live",
              "reason": "nothing_registered",
              "registered": false,
              "uri": "https://crm.base44.app/api/external-auth/callback"
            },
            {
              "app": "crm",
              "closest": null,
              "explanation": "https://preview--crm.base44.app/api/external-auth/callback is not registered: no redirect URI is registered",
              "kind": "preview",
              "reason": "nothing_registered",
              "registered": false,
              "uri": "https://preview--crm.base44.app/api/external-auth/callback"
            }
          ],
          "workspace": "default"
        }
        --- exit 0

        $ connectors show Calendar --reveal-secret --yes
        connector:      Calendar
        provider:       google
        mode:           per-user
        used by:        every app of the workspace
        client id:      cid-123.apps.example
        client secret:  cs-known-Value-7f3a9c1e-do-not-leak
        scopes:         openid
                        email
        registered:     https://crm.base44.app/api/external-auth/callback
        connections:    0
        updated:        [TIME]

        Redirect URIs your apps need at the provider:
        APP  REDIRECT URI                                                STATUS
        crm  https://crm.base44.app/api/external-auth/callback           registered
        crm  https://preview--crm.base44.app/api/external-auth/callback  NOT registered
        --- exit 0

        $ connectors --json show Calendar --reveal-secret --yes
        {
          "client_secret": {
            "fingerprint": "sha256:[FINGERPRINT]",
            "set": true,
            "value": "cs-known-Value-7f3a9c1e-do-not-leak"
          },
          "connections": {
            "by_status": {},
            "total": 0
          },
          "connector": {
            "apps": [],
            "client_id": "cid-123.apps.example",
            "created_at": "[TIME]",
            "mode": "per-user",
            "name": "Calendar",
            "provider": "google",
            "redirect_uris": [
              "https://crm.base44.app/api/external-auth/callback"
            ],
            "scopes": [
              "openid",
              "email"
            ],
            "updated_at": "[TIME]"
          },
          "needed_redirect_uris": [
            {
              "app": "crm",
              "closest": null,
              "explanation": "https://crm.base44.app/api/external-auth/callback is registered",
              "kind": "live",
              "reason": null,
              "registered": true,
              "uri": "https://crm.base44.app/api/external-auth/callback"
            },
            {
              "app": "crm",
              "closest": "https://crm.base44.app/api/external-auth/callback",
              "explanation": "https://preview--crm.base44.app/api/external-auth/callback is not registered; the closest registered URI, https://crm.base44.app/api/external-auth/callback, does not match: the preview host needs its preview-- prefix",
              "kind": "preview",
              "reason": "preview_prefix_missing",
              "registered": false,
              "uri": "https://preview--crm.base44.app/api/external-auth/callback"
            }
          ],
          "workspace": "default"
        }
        --- exit 0

        $ connectors edit Calendar --add-scope profile --add-redirect-uri https://x.example/cb
        Updated connector 'Calendar' for every app in workspace 'default':
          scopes: openid, email -> openid, email, profile
          redirect_uris: https://crm.base44.app/api/external-auth/callback -> https://crm.base44.app/api/external-auth/callback, https://x.example/cb
        --- exit 0

        $ connectors edit Calendar --add-scope profile
        Connector 'Calendar': nothing changed.
        --- exit 0

        $ connectors --json edit Outlook --tenant  --used-by-all --scope bogus
        {
          "changes": [
            {
              "field": "scopes",
              "from": [
                "User.Read"
              ],
              "to": [
                "bogus"
              ]
            },
            {
              "field": "apps",
              "from": [
                "crm"
              ],
              "to": []
            },
            {
              "field": "endpoint_params",
              "from": {
                "tenant": "common"
              },
              "to": {}
            }
          ],
          "connections_needing_reconnect": 0,
          "connector": {
            "apps": [],
            "client_id": "c3",
            "created_at": "[TIME]",
            "mode": "per-user",
            "name": "Outlook",
            "provider": "microsoft",
            "redirect_uris": [],
            "scopes": [
              "bogus"
            ],
            "updated_at": "[TIME]"
          },
          "warnings": [
            "the connector does not ask for the scope that brings a refresh token (missing_refresh_scope): without the offline_access scope Microsoft (Entra ID) issues no refresh token, so people must reconnect whenever the access token expires; add it with --add-scope offline_access",
            "scope 'bogus' is not a known Microsoft (Entra ID) scope; check it against `connectors providers show microsoft`"
          ]
        }
        --- exit 0

        $ connectors --json edit Outlook --used-by-all
        {
          "changes": [],
          "connections_needing_reconnect": 0,
          "connector": {
            "apps": [],
            "client_id": "c3",
            "created_at": "[TIME]",
            "mode": "per-user",
            "name": "Outlook",
            "provider": "microsoft",
            "redirect_uris": [],
            "scopes": [
              "bogus"
            ],
            "updated_at": "[TIME]"
          },
          "warnings": []
        }
        --- exit 0

        $ connectors delete Calendar --yes
        Deleted connector 'Calendar' and 0 connection(s).
        --- exit 0

        $ connectors --json delete Outlook --yes
        {
          "connections_removed": 0,
          "deleted": "Outlook",
          "failed_revocations": 0,
          "revoked": false
        }
        --- exit 0
        "#);
}

#[test]
fn audit_reads_the_same() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args([
            "edit",
            "Calendar",
            "--add-scope",
            "profile",
            "--client-id",
            "c2",
        ])
        .assert()
        .success();
    env.cmd()
        .args(["workspace", "add", "marketing"])
        .assert()
        .success();
    insta::assert_snapshot!(seen_all(&env, &[
        &["audit"],
        &["--json", "audit", "--target", "Calendar", "--limit", "2"],
        &["audit", "--all-workspaces", "--limit", "3"],
        &["--workspace", "marketing", "audit"],
        &["--json", "--workspace", "marketing", "audit"],
    ]), @r#"
        $ connectors audit
        WHEN                  WHO         ACTION          TARGET                            DETAILS
        [TIME]  test-admin  connector.edit  Calendar                          changed client_id, scopes
        [TIME]  test-admin  connector.add   Calendar                          apps=0 client_id=cid-123.apps.example client_secret={"set":true} mode=per-user provider=google redirect_uris=1 scopes=2
        [TIME]  test-admin  app.add         crm                               custom_domain=null preview=true
        [TIME]  test-admin  vault.init      [ID]  key_store=key-file public_key=[PUBLIC_KEY]
        --- exit 0

        $ connectors --json audit --target Calendar --limit 2
        {
          "entries": [
            {
              "action": "connector.edit",
              "actor": "test-admin",
              "at": "[TIME]",
              "details": {
                "changed": {
                  "client_id": {
                    "from": "cid-123.apps.example",
                    "to": "c2"
                  },
                  "scopes": {
                    "from": [
                      "openid",
                      "email"
                    ],
                    "to": [
                      "openid",
                      "email",
                      "profile"
                    ]
                  }
                },
                "connections_needing_reconnect": 0
              },
              "id": 4,
              "target": "Calendar",
              "target_kind": "connector",
              "via": "cli",
              "workspace": "default"
            },
            {
              "action": "connector.add",
              "actor": "test-admin",
              "at": "[TIME]",
              "details": {
                "apps": [],
                "client_id": "cid-123.apps.example",
                "client_secret": {
                  "set": true
                },
                "mode": "per-user",
                "provider": "google",
                "redirect_uris": [
                  "https://crm.base44.app/api/external-auth/callback"
                ],
                "scopes": [
                  "openid",
                  "email"
                ]
              },
              "id": 3,
              "target": "Calendar",
              "target_kind": "connector",
              "via": "cli",
              "workspace": "default"
            }
          ]
        }
        --- exit 0

        $ connectors audit --all-workspaces --limit 3
        WHEN                  WHO         ACTION          TARGET     DETAILS
        [TIME]  test-admin  workspace.add   marketing  platform_domain=base44.app
        [TIME]  test-admin  connector.edit  Calendar   changed client_id, scopes
        [TIME]  test-admin  connector.add   Calendar   apps=0 client_id=cid-123.apps.example client_secret={"set":true} mode=per-user provider=google redirect_uris=1 scopes=2
        --- exit 0

        $ connectors --workspace marketing audit
        WHEN                  WHO         ACTION         TARGET                            DETAILS
        [TIME]  test-admin  workspace.add  marketing                         platform_domain=base44.app
        [TIME]  test-admin  vault.init     [ID]  key_store=key-file public_key=[PUBLIC_KEY]
        --- exit 0

        $ connectors --json --workspace marketing audit
        {
          "entries": [
            {
              "action": "workspace.add",
              "actor": "test-admin",
              "at": "[TIME]",
              "details": {
                "platform_domain": "base44.app"
              },
              "id": 5,
              "target": "marketing",
              "target_kind": "workspace",
              "via": "cli",
              "workspace": "marketing"
            },
            {
              "action": "vault.init",
              "actor": "test-admin",
              "at": "[TIME]",
              "details": {
                "key_store": "key-file",
                "public_key": "[PUBLIC_KEY]"
              },
              "id": 1,
              "target": "[ID]",
              "target_kind": "vault",
              "via": "cli",
              "workspace": null
            }
          ]
        }
        --- exit 0
        "#);
}

#[test]
fn doctor_offline_reads_the_same() {
    let env = TestEnv::with_connector();
    env.cmd()
        .args(["workspace", "add", "marketing"])
        .assert()
        .success();
    insta::assert_snapshot!(seen_all(&env, &[
        &["doctor", "--offline"],
        &["--workspace", "marketing", "doctor", "--offline"],
        &["--json", "--workspace", "marketing", "doctor", "--offline"],
    ]), @r#"
        $ connectors doctor --offline
        Calendar (google, per-user)
          PASS  redirect_uris      1 redirect URI(s) compared with the registered URIs
          FAIL  preview            1 preview redirect URI problem(s) [preview_redirect_missing]
                - app 'crm': https://preview--crm.base44.app/api/external-auth/callback is not registered; the closest registered URI, https://crm.base44.app/api/external-auth/callback, does not match: the preview host needs its preview-- prefix
                fix: register https://preview--APP.PLATFORM_DOMAIN/api/external-auth/callback at the provider too, or turn the app's preview off with `connectors app edit APP --no-preview`
          SKIP  client_credentials not checked offline (it asks the token endpoint)
          PASS  scopes             2 scope(s), all known to the catalog
          PASS  testing_mode       no testing-mode refusal recorded (for information: this provider has a testing mode that limits who can connect)
          PASS  refusals           no setup refusal recorded
          PASS  connections        no connections yet

        5 check(s) passed, 0 warning(s), 1 failed (offline: no live probes).
        --- stderr
        error: 1 check(s) failed
        hint: apply the fixes shown, then run `connectors doctor` again
        --- exit 1

        $ connectors --workspace marketing doctor --offline
        No connectors in workspace 'marketing' to check.
        0 check(s) passed, 0 warning(s), 0 failed (offline: no live probes).
        --- exit 0

        $ connectors --json --workspace marketing doctor --offline
        {
          "connectors": [],
          "fail": 0,
          "offline": true,
          "ok": true,
          "pass": 0,
          "warn": 0,
          "workspace": "marketing"
        }
        --- exit 0
        "#);
}
