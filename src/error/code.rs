//! The registry of error codes: each stable code's kind (and so its exit code) and what it
//! means for a person, written once. [`crate::error::Error::with`] takes a code from here,
//! so no code can be raised with two kinds; README.md's table of codes is checked against
//! [`ALL`] by a test, both ways.

use super::Kind;

/// A stable error code: part of the `--json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub kind: Kind,
    /// One line for a person: what it means and what to do.
    pub means: &'static str,
}

macro_rules! codes {
    ($($id:ident $name:literal $kind:ident $means:literal;)*) => {
        $(
            #[doc = $means]
            pub const $id: Code = Code { name: $name, kind: Kind::$kind, means: $means };
        )*
        /// Every code, by name.
        pub const ALL: &[Code] = &[$($id),*];
    };
}

/// The code of a name, for codes chosen at run time (a provider's error mapped to a
/// troubleshooting topic).
pub fn by_name(name: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.name == name)
}

codes! {
    ACCESS_DENIED "access_denied" Problem "The person declined the consent, or the provider denied it; connect again when they agree.";
    APP_EXISTS "app_exists" Usage "An app of that name exists in the workspace already; pick another name or `app edit` it.";
    APP_IN_TESTING_MODE "app_in_testing_mode" Problem "The OAuth app is in testing mode and the person is not a test user (Google: add test users or publish the app).";
    APP_NOT_DISTRIBUTED "app_not_distributed" Problem "Asana refused a client ID that is right: the app is not distributed to that workspace (Manage distribution > Any workspace).";
    APP_NOT_IN_TENANT "app_not_in_tenant" Problem "Microsoft (AADSTS700016) found no app with that client ID in that tenant: check the client ID and `--tenant`.";
    ARCHIVE_CHANGED "archive_changed" Usage "The archive file changed while it was being imported; nothing was imported.";
    ARCHIVE_FORGED "archive_forged" Usage "The archive's signature does not match its contents: it was changed after it was exported; get a new one.";
    ARCHIVE_INVALID "archive_invalid" Usage "The archive's content does not match its format (a field, a date or a name is wrong); it was not written by `vault export`.";
    ARCHIVE_NOT_FOR_YOU "archive_not_for_you" Usage "None of the `--identity` keys opens the archive: ask its exporter to export again to your public key.";
    ARCHIVE_TOO_NEW "archive_too_new" Usage "The archive was written by a newer connectors; upgrade to read it.";
    ARCHIVE_UNAUTHENTICATED "archive_unauthenticated" Usage "The archive is unsigned, or signed by a vault this import was not told to trust: check the exporter's fingerprint and pass `--exporter FINGERPRINT` (or `--allow-unauthenticated`).";
    ARCHIVE_UNSUPPORTED "archive_unsupported" Usage "The archive claims a format version no connectors wrote.";
    ARCHIVE_WRITE "archive_write" Problem "The archive file could not be written (disk, permissions); nothing was exported.";
    AUTHORIZATION_EXPIRED "authorization_expired" Problem "The consent's pending authorization expired before its callback came: start it again (`connect-url`).";
    AUTHORIZATION_USED "authorization_used" Problem "The consent was finished already: a callback is used at most once (a reload or a replay).";
    BAD_APP_NAME "bad_app_name" Usage "An app name must be a DNS label: lowercase letters, digits and hyphens.";
    BAD_CALLBACK "bad_callback" Usage "The callback given to `connectors callback` is not a URL or query string with one `state`.";
    BAD_CLIENT_ID "bad_client_id" Usage "The client ID is empty or has spaces or control characters; copy it again from the provider's console.";
    BAD_CONNECTOR_NAME "bad_connector_name" Usage "A connector name must be non-empty printable text of at most 100 characters.";
    BAD_DOMAIN "bad_domain" Usage "A platform or custom domain must be a bare host name (no scheme, port or path).";
    BAD_ID_TOKEN "bad_id_token" Problem "The ID token the provider returned failed a check (signature, issuer, audience, nonce or expiry); nothing was stored.";
    BAD_IDENTITY "bad_identity" Usage "An `--identity` file is not an age or SSH private key.";
    BAD_ISSUER "bad_issuer" Usage "An issuer for `providers discover` must be an https URL (http only on loopback).";
    BAD_JSON "bad_json" Usage "A JSON input (failure modes, a definition) could not be read; the message says where.";
    BAD_KEY "bad_key" Vault "The key source holds no valid age identity (`AGE-SECRET-KEY-1…`).";
    BAD_LOGIN_HOST "bad_login_host" Usage "A Salesforce login host must be a bare host name such as MYDOMAIN.my.salesforce.com.";
    BAD_MODE "bad_mode" Usage "A connector's mode is `per-user` or `shared`.";
    BAD_PASTE "bad_paste" Usage "The URL pasted for `connect --paste` is not the redirect the provider sent you to (wrong address, no `code`, no `state`).";
    BAD_PROVIDER "bad_provider" Usage "A provider definition is not a JSON object of the catalog's shape; compare with `providers show google --json`.";
    BAD_RECIPIENT "bad_recipient" Usage "An `export` recipient is neither an age public key nor an SSH key of a supported type.";
    BAD_REDIRECT_URI "bad_redirect_uri" Usage "A redirect URI must be an absolute https URL (http only for loopback), without a fragment.";
    BAD_SCOPE "bad_scope" Usage "A scope has spaces or control characters: give one scope per `--scope`.";
    BAD_SECRET "bad_secret" Usage "The client secret contains a line break or control character; copy it again.";
    BAD_TENANT "bad_tenant" Usage "A Microsoft tenant is a GUID, a tenant domain, or common, organizations or consumers.";
    BAD_USER "bad_user" Usage "A user ID must be non-empty printable text of at most 256 characters.";
    BAD_WORKSPACE_NAME "bad_workspace_name" Usage "A workspace name must be printable text without slashes.";
    CANCELLED "cancelled" Usage "The person answered no, or cancelled a prompt; nothing was changed.";
    CHANGED_MEANWHILE "changed_meanwhile" Problem "A connector or app was renamed or replaced by another process while this command waited for its lock; run it again.";
    CONFIG_UNREADABLE "config_unreadable" Usage "The configuration file cannot be read (missing, not UTF-8).";
    CONFIRMATION_REQUIRED "confirmation_required" Usage "A removal needs confirmation: answer on a terminal, or pass `--yes`.";
    CONNECTION_CHANGED "connection_changed" Problem "The connection was reconnected or removed by another process while it was being refreshed; its newer state was kept.";
    CONNECTOR_CHANGED "connector_changed" Usage "The connector's provider, endpoints or client ID changed while a refresh waited; nothing was sent; run the command again.";
    CONNECTOR_EXISTS "connector_exists" Usage "A connector of that name exists in the workspace already (names are compared without regard to case).";
    CONNECTOR_NOT_FOR_APP "connector_not_for_app" Usage "The connector is restricted to other apps (`--used-by`): add the app with `edit NAME --used-by`.";
    COPY_IN_PROGRESS "copy_in_progress" Problem "Another `vault copy` into the same file or database is running; wait for it to finish.";
    COPY_ONTO_ITSELF "copy_onto_itself" Usage "`vault copy --to` names the vault being copied.";
    DISCOVERY_FAILED "discovery_failed" Problem "No OpenID Connect or RFC 8414 metadata document was found at the issuer.";
    DISK_FULL "disk_full" Vault "The disk holding the vault is full; nothing was written. Free space, then run the command again.";
    DOCS_STALE "docs_stale" Problem "The committed completions/ and man/ differ from the clap definitions: run `cargo run -- generate-docs`.";
    DOCTOR_FAILED "doctor_failed" Problem "`doctor` found at least one failing check (listed above it).";
    EMPTY_PASSPHRASE "empty_passphrase" Usage "A passphrase may not be empty.";
    EMPTY_SECRET "empty_secret" Usage "The client secret given is empty.";
    ENCRYPT_FAILED "encrypt_failed" Vault "A secret could not be sealed to the vault's key (a broken key); nothing was written.";
    EXPORT_FAILED "export_failed" Usage "The export's output could not be created.";
    HOST_NOT_ALLOWED "host_not_allowed" Usage "The URL given to `connectors api` is not on one of the provider's API hosts (or not https): the token is not sent there; `--allow-host HOST` says it may be.";
    HTTP_ERROR "http_error" Problem "The provider's API answered with an error status (its words in the message), or its answer could not be read.";
    IDENTITY_LOCKED "identity_locked" Usage "A passphrase-protected `--identity` file could not be unlocked.";
    IMPORT_CONFLICTS "import_conflicts" Usage "The archive holds items that differ from the vault's: look at `--dry-run`, then choose `--on-conflict keep` or `replace`.";
    INPUT_NOT_A_FILE "input_not_a_file" Usage "An input path names a device, a pipe or a directory, so it is not read.";
    INPUT_NOT_TEXT "input_not_text" Usage "An input file is not UTF-8 text.";
    INPUT_REQUIRED "input_required" Usage "A value was needed and neither a terminal nor standard input gave one.";
    INPUT_TOO_LARGE "input_too_large" Usage "An input file is larger than its limit; nothing was read.";
    INPUT_UNREADABLE "input_unreadable" Usage "An input file cannot be read (missing, permissions).";
    INTERNAL "internal" Internal "A bug in connectors: an invariant broke. Nothing was written; please report it with the command you ran.";
    INVALID_CLIENT "invalid_client" Problem "The provider refused the client ID or secret: copy them again (`edit NAME --client-id … --client-secret-stdin`).";
    INVALID_CONFIG "invalid_config" Problem "The configuration file has errors (listed above); nothing was planned or applied.";
    INVALID_SCOPE "invalid_scope" Problem "The provider refused a scope: check its spelling in the provider's scope list (`providers show NAME`).";
    ISSUER_MISMATCH "issuer_mismatch" Problem "The authorization response names another issuer than the connector's provider (RFC 9207 mix-up defence); the sign-in was stopped.";
    KEY_FILE_EXISTS "key_file_exists" Usage "A key file exists already at that path; it was left untouched.";
    KEY_FILE_OWNER "key_file_owner" Vault "The key file belongs to another user, so it is refused.";
    KEY_FILE_PERMISSIONS "key_file_permissions" Vault "The key file (or `--identity` file) is readable by group or others: `chmod 600 PATH`.";
    KEY_FILE_SYMLINK "key_file_symlink" Vault "The key file is a symbolic link, so it is refused.";
    KEY_FILE_UNREADABLE "key_file_unreadable" Vault "The key file cannot be read (missing, permissions).";
    KEY_FILE_WRITE "key_file_write" Vault "The key file cannot be written.";
    KEY_ROTATED "key_rotated" Vault "Another process rekeyed the vault while this command ran, and the new key is not available to it; run the command again with the new key.";
    KEYRING_UNAVAILABLE "keyring_unavailable" Vault "The OS keyring is locked or not running: unlock it, or use another key source.";
    LISTENER_FAILED "listener_failed" Problem "The loopback listener could not be started.";
    LOCK_FAILED "lock_failed" Vault "A lock file beside the vault cannot be opened.";
    LOCK_LOST "lock_lost" Vault "The database connection that held a connection's lock was closed; the command stopped before anything more was sent or stored: run it again.";
    LOCK_TIMEOUT "lock_timeout" Problem "Another process held a lock this command needs for too long (a refresh waiting on a slow provider, a removal); run the command again.";
    MISSING_REFRESH_SCOPE "missing_refresh_scope" Problem "The connector lacks the scope that brings a refresh token (`refresh_token`, `offline_access`): `edit NAME --add-scope SCOPE`.";
    MISSING_SCOPE "missing_scope" Problem "The person granted fewer scopes than the connector asks for.";
    MODE_IN_USE "mode_in_use" Usage "The connector has connections made in its current mode: disconnect them before changing the mode.";
    NEEDS_RECONNECT "needs_reconnect" Problem "The refresh token was revoked, expired or reused, or the connector's scopes changed: the person must connect again.";
    NO_API "no_api" Usage "The catalog knows no API of the connector's provider: give a full URL with `--allow-host`, or add an `api` block to its definition.";
    NO_BROWSER "no_browser" Problem "No browser could be opened: open the printed URL elsewhere, or use `--no-browser`.";
    NO_CONNECTION "no_connection" Usage "There is no connection for that connector, app and user.";
    NO_DATA_DIR "no_data_dir" Usage "No home directory was found to keep the vault in: pass `--vault`.";
    NO_IDENTITY "no_identity" Usage "Reading an archive needs the private key it was exported to (`--identity`).";
    NO_KEY "no_key" Vault "No key source holds the vault's key (or the one named holds none); the message lists the sources.";
    NO_KEY_FILE "no_key_file" Usage "`--key key-file` needs `--key-file PATH`.";
    NO_RECIPIENTS "no_recipients" Usage "`vault export` needs at least one recipient.";
    NO_SANDBOX "no_sandbox" Usage "No running sandbox was found: start one with `connectors sandbox serve`.";
    NO_SECRET "no_secret" Vault "The connector has no client secret stored: set it with `edit NAME --client-secret-stdin`.";
    NO_VAULT "no_vault" Vault "There is no vault at that path or database: create one with `vault init`, or point at yours with `--vault`.";
    NOT_AN_ARCHIVE "not_an_archive" Usage "The file is not a connectors vault archive, or it is damaged.";
    NOTHING_TO_CHANGE "nothing_to_change" Usage "`edit` was given no change.";
    OUTPUT_EXISTS "output_exists" Usage "The output file exists already; nothing was written (choose another path).";
    OUTPUT_UNWRITABLE "output_unwritable" Usage "The output file cannot be written.";
    PASSPHRASE_REQUIRED "passphrase_required" Vault "The key is passphrase-protected and there is no terminal to ask on: set `CONNECTORS_PASSPHRASE`.";
    PASSPHRASE_WORK "passphrase_work" Vault "The passphrase-protected key asks for more scrypt work than this machine allows.";
    PORT_IN_USE "port_in_use" Usage "The listener's port is taken: pass another `--port` (and register that loopback URI).";
    PREVIEW_REDIRECT_MISSING "preview_redirect_missing" Problem "The app's `preview--` redirect URI is not registered at the provider.";
    PROMPT_FAILED "prompt_failed" Usage "A prompt on the terminal could not be answered.";
    PROVIDER_CHANGED "provider_changed" Usage "The vault's definition of the provider changed while the command ran; nothing was sent; run it again.";
    PROVIDER_ERROR "provider_error" Problem "The provider refused with an error that fits no troubleshooting topic; its own words are in the message.";
    PROVIDER_INCOMPLETE "provider_incomplete" Usage "The provider definition has no endpoints to use (a `custom` provider needs them, or an issuer to discover them).";
    PROVIDER_UNREACHABLE "provider_unreachable" Problem "The provider could not be reached (DNS, TLS, a time-out).";
    PROVIDERS_FILE "providers_file" Usage "The `--providers` file is not valid JSON.";
    QUICKSTART "quickstart" Problem "The quickstart could not start a step (the sandbox, a browser).";
    QUICKSTART_EXISTS "quickstart_exists" Usage "The quickstart's directory already holds a demo vault.";
    REDIRECT_URI_MISMATCH "redirect_uri_mismatch" Problem "The provider does not accept the redirect URI: register it exactly (scheme, host, port, path, no trailing slash).";
    REFRESH_FAILED "refresh_failed" Problem "At least one refresh of `refresh --all` failed (listed above).";
    REKEY_ENV "rekey_env" Usage "A new key cannot be put into an environment variable: choose another `--key` for the rekey.";
    REKEY_RACED "rekey_raced" Vault "Another process rekeyed the vault while this rekey started; nothing was changed.";
    RESPONSE_TOO_LARGE "response_too_large" Problem "The API's answer is larger than `--max-bytes`; nothing of it was printed.";
    REVOCATION_FAILED "revocation_failed" Problem "Tokens could not be revoked at the provider; they were deleted here anyway.";
    REVOKED "revoked" Problem "The connection was revoked: the person must connect again.";
    ROWS_UNSIGNED "rows_unsigned" Vault "The vault's rows carry no integrity MACs, as a vault from before row signing; `vault sign-rows` shows them and signs them, once the admin has checked them.";
    SANDBOX_ADMIN "sandbox_admin" Problem "The sandbox's admin endpoint answered something unexpected.";
    SANDBOX_ANSWER "sandbox_answer" Problem "`sandbox answer` could not follow the authorization URL: check that it is a sandbox URL and that the sandbox runs.";
    SANDBOX_FILE "sandbox_file" Problem "The sandbox could not write its state file.";
    SECRET_CORRUPT "secret_corrupt" Vault "A stored secret is damaged and cannot be decrypted: restore from a backup or set it again.";
    SECRET_ENV "secret_env" Usage "The environment variable named for a secret is not set (or not UTF-8).";
    SECRET_FILE "secret_file" Usage "The file named by `--client-secret-file` cannot be read.";
    SECRET_IN_ARGV "secret_in_argv" Usage "A secret on the command line shows in `ps`: use `--client-secret-stdin`, `-env VAR` or `-file PATH`; put a database password in `PGPASSWORD` or `~/.pgpass`.";
    SECRET_MISPLACED "secret_misplaced" Vault "A ciphertext was copied between rows outside connectors: restore from backup, or set the secret again.";
    SECRET_STDIN "secret_stdin" Usage "The client secret on standard input is not UTF-8 text.";
    SECRET_UNRESOLVED "secret_unresolved" Usage "A configuration file's secret reference (`env`, `file`) could not be resolved.";
    SINGLE_TENANT_APP "single_tenant_app" Problem "Microsoft (AADSTS50194): the app is single-tenant and the endpoints say `/common`: `edit NAME --tenant TENANT`.";
    TIMEOUT "timeout" Problem "Nothing reached the redirect URI in time; the hint names the likely cause.";
    UNKNOWN_APP "unknown_app" Usage "There is no app of that name in the workspace (`app list`).";
    UNKNOWN_CONNECTOR "unknown_connector" Usage "There is no connector of that name in the workspace (`list`).";
    UNKNOWN_PARAM "unknown_param" Usage "The provider takes no such endpoint parameter.";
    UNKNOWN_PROVIDER "unknown_provider" Usage "There is no provider of that name (`providers list`).";
    UNKNOWN_STATE "unknown_state" Problem "No consent of this vault was started with that state (never issued, or expired over an hour ago).";
    UNKNOWN_WORKSPACE "unknown_workspace" Usage "There is no workspace of that name in the vault.";
    USAGE "usage" Usage "The command line is wrong (an unknown flag, a missing argument); `--help` shows the usage.";
    USER_NOT_ALLOWED "user_not_allowed" Usage "The connector is shared: its connections have no user, so `--user` is refused.";
    USER_NOT_IN_TENANT "user_not_in_tenant" Problem "Microsoft (AADSTS50020, 90072): the person's account is not in that tenant.";
    USER_REQUIRED "user_required" Usage "The connector is per-user: say whose connection with `--user`.";
    VAULT_AUTH "vault_auth" Vault "PostgreSQL refused the login, or asked for a password and none was found.";
    VAULT_BUSY "vault_busy" Vault "Another process held the vault's write lock for too long; run the command again.";
    VAULT_CHANGED "vault_changed" Problem "The vault changed after a plan or preview was shown; nothing was done: review the new plan and run again.";
    VAULT_CORRUPT "vault_corrupt" Vault "The file is not a readable vault (damaged, or not a vault): restore it from a backup.";
    VAULT_CREATE "vault_create" Vault "The vault file cannot be created.";
    VAULT_DIR "vault_dir" Vault "The vault's directory cannot be created.";
    VAULT_EXISTS "vault_exists" Usage "A vault exists already at that place; it was left untouched.";
    VAULT_FOREIGN_CODE "vault_foreign_code" Vault "The PostgreSQL vault's tables carry triggers or rules connectors did not create; they would run with the CLI's privileges, so nothing was done.";
    VAULT_INCOMPLETE "vault_incomplete" Vault "The vault is an interrupted `vault copy`: run the same copy again; it starts over.";
    VAULT_IO "vault_io" Vault "The vault's storage failed (an I/O error, a server out of resources).";
    VAULT_OUTDATED "vault_outdated" Vault "The vault's schema is older than this connectors', and the command changes nothing (`vault verify`, `vault import --dry-run`): run a command that may write (`vault status`) to upgrade it.";
    VAULT_PRIVILEGES "vault_privileges" Vault "The PostgreSQL role may not do what the command needs.";
    VAULT_TAMPERED "vault_tampered" Vault "A row was changed outside connectors (named in the message); nothing was sent. `vault verify` lists every such row.";
    VAULT_TLS "vault_tls" Vault "The TLS connection to PostgreSQL failed, or its settings cannot be used (a root file that cannot be read).";
    VAULT_TOO_NEW "vault_too_new" Vault "The vault was written by a newer connectors; upgrade.";
    VAULT_UNREACHABLE "vault_unreachable" Vault "The PostgreSQL server could not be reached, or dropped the connection; what was not committed was rolled back.";
    VAULT_UNWRITABLE "vault_unwritable" Vault "The vault file cannot be opened for writing.";
    VAULT_URL_INVALID "vault_url_invalid" Usage "The `postgres://` URL cannot be read (an unknown `sslmode`, a bad port) or would weaken TLS.";
    VAULT_URL_UNSUPPORTED "vault_url_unsupported" Usage "The vault names a URL of a scheme other than `postgres://`: a vault is a SQLite path or a PostgreSQL URL.";
    VERIFY_FAILED "verify_failed" Problem "`vault verify` found rows or secrets that fail their checks (listed above).";
    WORKSPACE_EXISTS "workspace_exists" Usage "A workspace of that name exists already.";
    WRITE_CONFLICT "write_conflict" Vault "A concurrent change conflicted with this one five times in a row; nothing was written; run the command again.";
    WRITE_FAILED "write_failed" Usage "A generated file cannot be written.";
    WRONG_APP "wrong_app" Problem "The callback belongs to a consent started for another app.";
    WRONG_KEY "wrong_key" Vault "The key does not belong to this vault: check `--vault` and the key source (`vault status`).";
    WRONG_PASSPHRASE "wrong_passphrase" Vault "The passphrase is wrong.";
    WRONG_REDIRECT "wrong_redirect" Problem "The callback arrived at another redirect URI than its consent was sent with.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_sorted() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} then {}",
                pair[0].name,
                pair[1].name
            );
        }
        for c in ALL {
            assert!(
                c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{}",
                c.name
            );
            assert!(
                c.means.ends_with('.') || c.means.ends_with(')'),
                "{}",
                c.name
            );
        }
        assert_eq!(by_name("wrong_key"), Some(WRONG_KEY));
        assert_eq!(by_name("no_such_code"), None);
    }
}
