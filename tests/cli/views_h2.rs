//! What the connection, provider and sandbox commands show, as a person and under
//! `--json`: pinned, so that how a command builds its output can change without what
//! it prints changing.

use crate::sandbox::{answer_as, setup};
use crate::support::*;

/// [`TestEnv::seen`], with the timings of a connect (run-specific numbers) replaced.
fn seen_timed(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> String {
    let seen = env.seen_with(args, vars);
    regex::Regex::new(r#"("[a-z_]+_ms": )[0-9.e-]+"#)
        .unwrap()
        .replace_all(&seen, "${1}[N]")
        .into_owned()
}

#[test]
fn providers_add_show_and_remove_show_what_they_did() {
    let env = TestEnv::new();
    let file = env.path("acme.json");
    std::fs::write(
        &file,
        r#"{"name": "acme", "display_name": "Acme", "authorization_url": "https://acme.example/auth",
            "token_url": "https://acme.example/token", "scopes": [{"name": "read", "description": "Read things"}],
            "notes": ["a note"], "console_url": "https://acme.example/console"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    insta::assert_snapshot!(env.seen(&["providers", "add", f]), @r#"
        $ connectors providers add [HOME]/acme.json
        Stored 1 provider definition(s) in the vault: acme
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "providers", "add", f]), @r#"
        $ connectors --json providers add [HOME]/acme.json
        {
          "stored": [
            "acme"
          ]
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["providers", "show", "acme"]), @r#"
        $ connectors providers show acme
        Acme (acme)
        authorization URL:      https://acme.example/auth
        token URL:              https://acme.example/token
        revocation URL:         none
        scope separator:        " "
        client auth:            client_secret_basic
        PKCE:                   S256
        extra parameters:       none
        http loopback URIs:     Acme's documentation does not say whether http loopback redirect URIs are accepted.
        developer console:      https://acme.example/console
        from:                   vault

        SCOPE  MEANING
        read   Read things

        - a note
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "providers", "show", "acme"]), @r#"
        $ connectors --json providers show acme
        {
          "account_fields": [],
          "authorization_response_iss": false,
          "authorization_url": "https://acme.example/auth",
          "checked": null,
          "console_url": "https://acme.example/console",
          "display_name": "Acme",
          "extra_authorization_params": {},
          "issuer": null,
          "name": "acme",
          "notes": [
            "a note"
          ],
          "origin": "vault",
          "pkce": true,
          "probe": null,
          "refresh_requires_scope": null,
          "request_headers": {},
          "revocation": null,
          "revocation_url": null,
          "revoke_at": null,
          "scope_separator": " ",
          "scopes": [
            {
              "description": "Read things",
              "name": "read"
            }
          ],
          "sources": {},
          "testing_mode": null,
          "token_auth": "client_secret_basic",
          "token_body": "form",
          "token_url": "https://acme.example/token",
          "user_scope_param": null,
          "verified_emails": false
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["providers", "list"]), @r#"
        $ connectors providers list
        NAME        PROVIDER                      PKCE  CLIENT AUTH  REVOKE  HTTP LOOPBACK  FROM
        google      Google                        yes   post         yes     either         built-in
        slack       Slack                         no    post         yes     localhost      built-in
        notion      Notion                        no    basic        yes     unknown        built-in
        linkedin    LinkedIn                      no    post         no      unknown        built-in
        github      GitHub                        yes   post         yes     127.0.0.1      built-in
        microsoft   Microsoft (Entra ID)          yes   post         no      localhost      built-in
        hubspot     HubSpot                       no    post         yes     localhost      built-in
        salesforce  Salesforce                    yes   post         yes     localhost      built-in
        dropbox     Dropbox                       yes   post         yes     either         built-in
        zoom        Zoom                          yes   basic        yes     either         built-in
        atlassian   Atlassian (Jira, Confluence)  yes   post         no      unknown        built-in
        asana       Asana                         yes   post         yes     localhost      built-in
        airtable    Airtable                      yes   basic        no      either         built-in
        discord     Discord                       yes   basic        yes     127.0.0.1      built-in
        custom      Custom OAuth 2.0 provider     yes   basic        no      unknown        built-in
        acme        Acme                          yes   basic        no      unknown        vault
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["providers", "remove", "acme"]), @r#"
        $ connectors providers remove acme
        Removed the vault's definition of provider 'acme'.
        --- exit 0
        "#);
    env.cmd().args(["providers", "add", f]).assert().success();
    insta::assert_snapshot!(env.seen(&["--json", "providers", "remove", "acme"]), @r#"
        $ connectors --json providers remove acme
        {
          "removed": "acme"
        }
        --- exit 0
        "#);
}

#[test]
fn providers_show_a_built_in_definition() {
    let env = TestEnv::empty();
    insta::assert_snapshot!(env.seen(&["providers", "show", "google"]), @r#"
        $ connectors providers show google
        Google (google)
        authorization URL:      https://accounts.google.com/o/oauth2/v2/auth
        token URL:              https://oauth2.googleapis.com/token
        revocation URL:         https://oauth2.googleapis.com/revoke
        issuer:                 https://accounts.google.com
        scope separator:        " "
        client auth:            client_secret_post
        PKCE:                   S256
        extra parameters:       access_type=offline&include_granted_scopes=true&prompt=consent
        http loopback URIs:     Google accepts http://127.0.0.1 and http://localhost loopback redirect URIs on the registered port only (register the one you pass to --port).
        registering them:       A Web application client takes http://127.0.0.1:PORT/... or http://localhost:PORT/... under Authorized redirect URIs, matched exactly (port included). Any-port loopback needs a separate Desktop app client.
        facts checked:          2026-11-29
        API:                    https://www.googleapis.com (token sent to: www.googleapis.com, openidconnect.googleapis.com)
        who am I:               GET https://openidconnect.googleapis.com/v1/userinfo
        developer console:      https://console.cloud.google.com/apis/credentials
        from:                   built-in
        testing mode:           An OAuth consent screen in Testing status only lets listed test users consent, and their refresh tokens expire after 7 days. Add test users or publish the app on the OAuth consent screen page.

        SCOPE                                                     MEANING
        openid                                                    Sign the user in (OpenID Connect ID token)
        email                                                     See the user's primary email address
        profile                                                   See the user's basic profile: name and picture
        https://www.googleapis.com/auth/calendar                  See, edit, share and delete all calendars
        https://www.googleapis.com/auth/calendar.readonly         See and download all calendars
        https://www.googleapis.com/auth/calendar.events           View and edit events on all calendars
        https://www.googleapis.com/auth/calendar.events.readonly  View events on all calendars
        https://www.googleapis.com/auth/gmail.readonly            View email messages and settings
        https://www.googleapis.com/auth/gmail.send                Send email on the user's behalf
        https://www.googleapis.com/auth/gmail.modify              Read, compose and send email; no permanent deletion
        https://www.googleapis.com/auth/drive                     See, edit, create and delete all Google Drive files
        https://www.googleapis.com/auth/drive.file                Files the app created or the user opened with it
        https://www.googleapis.com/auth/drive.readonly            See and download all Google Drive files
        https://www.googleapis.com/auth/spreadsheets              See, edit, create and delete all Google Sheets spreadsheets
        https://www.googleapis.com/auth/spreadsheets.readonly     See all Google Sheets spreadsheets
        https://www.googleapis.com/auth/contacts.readonly         See and download contacts

        - A refresh token is issued only with access_type=offline; prompt=consent makes Google issue it again on reconnect.
        - A Web application client matches loopback redirect URIs exactly, port included: register the port you pass to --port (a Desktop app client would accept any port).
        - Nango sends access_type=offline and prompt=consent but not include_granted_scopes; Google documents it for incremental authorization, so it is sent here.
        - Nango's entry lists no revocation endpoint; this one is in the provider's documentation (see sources.revocation), so disconnect can end the grant there.

        Sources:
          api: https://developers.google.com/identity/openid-connect/openid-connect#discovery
          api_pagination: https://developers.google.com/calendar/api/v3/reference/events/list
          endpoints: https://developers.google.com/identity/protocols/oauth2/web-server#httprest
          extra_authorization_params: https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient
          issuer: https://developers.google.com/identity/openid-connect/openid-connect#discovery
          loopback: https://developers.google.com/identity/protocols/oauth2/web-server#uri-validation
          pkce: https://developers.google.com/identity/openid-connect/openid-connect#discovery
          redirect_uris: https://developers.google.com/identity/protocols/oauth2/web-server#uri-validation
          refresh: https://developers.google.com/identity/protocols/oauth2/web-server#offline
          revocation: https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke
          scope_separator: https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient
          scopes: https://developers.google.com/identity/protocols/oauth2/scopes
          testing_mode: https://developers.google.com/identity/protocols/oauth2#expiration
          token_auth: https://developers.google.com/identity/openid-connect/openid-connect#discovery
          token_url: https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code
        --- exit 0
        "#);
}

#[test]
fn sandbox_register_and_configure_show_what_they_did() {
    let (env, sb) = setup(&[]);
    let info = sb.info.to_str().unwrap();
    insta::assert_snapshot!(env.seen(&["sandbox", "register", "--info-file", info]), @r#"
        $ connectors sandbox register --info-file [HOME]/sandbox.json
        Updated connector 'Sandbox' on the sandbox at http://127.0.0.1:[PORT] (provider sandbox).
        Try: BROWSER="connectors sandbox answer --user ada@example.test" connectors connect "Sandbox" --app APP --user ada
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "sandbox", "register", "--info-file", info, "--name", "Other", "--mode", "shared"]), @r#"
        $ connectors --json sandbox register --info-file [HOME]/sandbox.json --name Other --mode shared
        {
          "connector": {
            "apps": [],
            "client_id": "sandbox-generic-client",
            "created_at": "[TIME]",
            "mode": "shared",
            "name": "Other",
            "provider": "sandbox",
            "redirect_uris": [
              "https://demo.base44.app/api/external-auth/callback",
              "https://preview--demo.base44.app/api/external-auth/callback"
            ],
            "scopes": [
              "openid",
              "email",
              "calendar.read"
            ],
            "updated_at": "[TIME]"
          },
          "sandbox": "http://127.0.0.1:[PORT]"
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["sandbox", "configure", "--info-file", info, r#"{"token_delay_ms": 0}"#]), @r#"
        $ connectors sandbox configure --info-file [HOME]/sandbox.json {"token_delay_ms": 0}
        Sandbox failure modes now: {"access_ttl":3600,"api_401":0,"api_429":0,"api_500":0,"api_retry_after":1,"grant_only":[],"invalid_client":false,"redirect_mismatch":false,"revoke_refresh_tokens":false,"revoke_token_only":false,"rotation":true,"test_users":[],"testing_mode":false,"token_500":false,"token_delay_ms":0}
        --- exit 0
        "#);
}

#[test]
fn connect_connections_refresh_and_disconnect_show_what_they_did() {
    let (env, sb) = setup(&[]);
    let ada = answer_as("ada@example.test", "");
    let bob = answer_as("bob@example.test", "--withhold calendar.read");
    fn connect(user: &str) -> Vec<&str> {
        vec![
            "connect",
            "Sandbox",
            "--app",
            "demo",
            "--user",
            user,
            "--timeout",
            "30",
        ]
    }
    insta::assert_snapshot!(seen_timed(&env, &connect("ada"), &[("BROWSER", &ada)]), @r#"
        $ connectors connect Sandbox --app demo --user ada --timeout 30
        Connected user 'ada' of app 'demo' to 'Sandbox' as ada@example.test.
        scopes:   openid email calendar.read
        expires:  [TIME]
        refresh:  yes
        --- stderr
        Redirect URI in use: http://127.0.0.1:[PORT]/api/external-auth/callback
        Started the browser (connectors) on the provider's consent page.
        --- exit 0
        "#);
    let mut json = vec!["--json"];
    json.extend(connect("bob"));
    insta::assert_snapshot!(seen_timed(&env, &json, &[("BROWSER", &bob)]), @r#"
        $ connectors --json connect Sandbox --app demo --user bob --timeout 30
        {
          "connection": {
            "account": "bob@example.test",
            "app": "demo",
            "connector": "Sandbox",
            "created_at": "[TIME]",
            "expires_at": "[TIME]",
            "granted_scopes": [
              "openid",
              "email"
            ],
            "has_refresh_token": true,
            "last_error": null,
            "refreshed_at": "[TIME]",
            "status": "active",
            "status_reason": null,
            "token_type": "bearer",
            "updated_at": "[TIME]",
            "user": "bob"
          },
          "missing_scopes": [
            "calendar.read"
          ],
          "redirect_uri": "http://127.0.0.1:[PORT]/api/external-auth/callback",
          "timings": {
            "callback_to_stored_ms": [N],
            "token_endpoint_ms": [N]
          },
          "warnings": [
            "the account granted fewer scopes than the connector asks for (missing_scope): not granted: calendar.read. ask the person to reconnect and accept every permission, or remove the scopes the feature does not need"
          ]
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["connections"]), @r#"
        $ connectors connections
        CONNECTOR  APP   USER  STATUS  ACCOUNT           SCOPES                       EXPIRES               LAST ERROR
        Sandbox    demo  ada   active  ada@example.test  3/3                          [TIME]
        Sandbox    demo  bob   active  bob@example.test  2/3 (missing calendar.read)  [TIME]
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "connections", "--user", "bob"]), @r#"
        $ connectors --json connections --user bob
        {
          "connections": [
            {
              "connection": {
                "account": "bob@example.test",
                "app": "demo",
                "connector": "Sandbox",
                "created_at": "[TIME]",
                "expires_at": "[TIME]",
                "granted_scopes": [
                  "openid",
                  "email"
                ],
                "has_refresh_token": true,
                "last_error": null,
                "refreshed_at": "[TIME]",
                "status": "active",
                "status_reason": null,
                "token_type": "bearer",
                "updated_at": "[TIME]",
                "user": "bob"
              },
              "missing_scopes": [
                "calendar.read"
              ],
              "required_scopes": [
                "openid",
                "email",
                "calendar.read"
              ]
            }
          ],
          "workspace": "default"
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["connections", "--user", "nobody"]), @r#"
        $ connectors connections --user nobody
        No connections match.
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "token", "Sandbox", "--app", "demo", "--user", "ada"]), @r#"
        $ connectors --json token Sandbox --app demo --user ada
        {
          "account": "ada@example.test",
          "expires_at": "[TIME]",
          "refreshed": false,
          "scopes": [
            "openid",
            "email",
            "calendar.read"
          ],
          "token": "at-[ID]",
          "token_type": "bearer"
        }
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["refresh", "Sandbox", "--all"]), @r#"
        $ connectors refresh Sandbox --all
        APP   USER  RESULT     DETAIL
        demo  ada   refreshed  [TIME]
        demo  bob   refreshed  [TIME]
        2 refreshed, 0 failed.
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "refresh", "Sandbox", "--user", "ada"]), @r#"
        $ connectors --json refresh Sandbox --user ada
        {
          "connector": "Sandbox",
          "failed": 0,
          "refreshed": 1,
          "results": [
            {
              "app": "demo",
              "expires_at": "[TIME]",
              "ok": true,
              "user": "ada"
            }
          ]
        }
        --- exit 0
        "#);
    let failing = r#"{"token_500": true}"#;
    crate::sandbox::configure(&env, &sb, failing);
    insta::assert_snapshot!(env.seen(&["refresh", "Sandbox", "--all", "--parallel", "1"]), @r#"
        $ connectors refresh Sandbox --all --parallel 1
        APP   USER  RESULT          DETAIL
        demo  ada   provider_error  refreshing the token of user 'ada' of app 'demo' failed: the provider said "server_error: The sandbox's token endpoint is failing (token_500)."
        demo  bob   provider_error  refreshing the token of user 'bob' of app 'demo' failed: the provider said "server_error: The sandbox's token endpoint is failing (token_500)."
        0 refreshed, 2 failed.
        --- stderr
        error: 2 of 2 refreshes failed
        hint: connections marked needs_reconnect need their person to connect again (`connectors connections`)
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "refresh", "Sandbox", "--user", "ada"]), @r#"
        $ connectors --json refresh Sandbox --user ada
        {
          "connector": "Sandbox",
          "failed": 1,
          "refreshed": 0,
          "results": [
            {
              "app": "demo",
              "error": {
                "code": "provider_error",
                "hint": "check the provider's status and the connector's settings (`connectors show CONNECTOR`), then try again",
                "message": "refreshing the token of user 'ada' of app 'demo' failed: the provider said \"server_error: The sandbox's token endpoint is failing (token_500).\""
              },
              "ok": false,
              "user": "ada"
            }
          ]
        }
        --- exit 1
        "#);
    insta::assert_snapshot!(env.seen(&["disconnect", "Sandbox", "--app", "demo", "--user", "ada"]), @r#"
        $ connectors disconnect Sandbox --app demo --user ada
        Disconnected user 'ada' of app 'demo' from 'Sandbox'; its tokens were deleted.
        The grant was revoked at Sandbox (like generic).
        --- exit 0
        "#);
    insta::assert_snapshot!(env.seen(&["--json", "disconnect", "Sandbox", "--app", "demo", "--user", "bob"]), @r#"
        $ connectors --json disconnect Sandbox --app demo --user bob
        {
          "disconnected": {
            "app": "demo",
            "connector": "Sandbox",
            "user": "bob"
          },
          "grant_still_live_at_provider": false,
          "revocation_error": null,
          "revoked": true
        }
        --- exit 0
        "#);
}
