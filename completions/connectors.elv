
use builtin;
use str;

set edit:completion:arg-completer[connectors] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'connectors'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'connectors'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand vault 'Create the vault, check it, or change its key'
            cand providers 'The provider catalog: endpoints, scopes and quirks of each OAuth provider'
            cand workspace 'Workspaces and their platform domain'
            cand app 'Apps of the workspace and the redirect URIs they need'
            cand add 'Add a connector: an OAuth app you registered at a provider'
            cand list 'List the workspace''s connectors'
            cand show 'Show one connector (the client secret masked)'
            cand view 'Show one connector (the client secret masked)'
            cand edit 'Change a connector''s name, credentials, scopes, mode or redirect URIs'
            cand delete 'Delete a connector and its connections'
            cand redirect-uris 'The exact redirect URIs an app needs registered at a provider'
            cand connect 'Connect an account through a connector (browser consent, loopback redirect)'
            cand connect-url 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app''s redirect URI, whose handler runs `callback`'
            cand callback 'Finish a consent started by `connect-url`: the URL the provider sent the browser to'
            cand connections 'List connections with status, granted versus required scopes, expiry and last error'
            cand token 'Print a valid access token (refreshing it first when needed)'
            cand api 'Call a provider''s API as a connected person (like `gh api`): the token refreshed, sent only to the provider''s API hosts, never shown'
            cand refresh 'Refresh the tokens of one user''s connection or of all of a connector''s connections'
            cand disconnect 'Revoke a connection at the provider and delete its tokens'
            cand mcp 'Serve the workspace''s connectors to an AI assistant over MCP (stdio); no secret reaches the client'
            cand validate 'Check a workspace configuration file offline: every problem, with its line and fix'
            cand plan 'Show what `apply` would change in the vault'
            cand apply 'Make the vault match a configuration file, in one transaction'
            cand export 'Write the workspace as a configuration file (secrets as vault references)'
            cand schema 'Print the configuration file''s JSON Schema'
            cand doctor 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections'
            cand quickstart 'The whole product end to end, in a demo vault against the local sandbox'
            cand sandbox 'A local provider for development, with failure injection'
            cand audit 'Show the audit log of admin changes'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Regenerate completions/ and man/ from these definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;vault'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new vault and its key'
            cand status 'Show the vault''s path, id, schema, key source and counts, and check the key'
            cand rekey 'Replace the vault''s key, re-encrypting every secret in one transaction'
            cand verify 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
            cand export 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
            cand import 'Restore an exported archive into a new vault, or merge it into this one after a preview'
            cand copy 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
            cand sign-rows 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;vault;init'= {
            cand --key 'Where to keep the vault''s key'
            cand --platform-domain 'The default workspace''s platform domain (apps live at APP.DOMAIN)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;status'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;rekey'= {
            cand --key 'Where to keep the new key [default: where the current one is kept]'
            cand --new-key-file 'With a key file: write the new key to this file instead of replacing the current one'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;verify'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;export'= {
            cand -r 'A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"); repeat for several'
            cand --recipient 'A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"); repeat for several'
            cand -R 'A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an authorized_keys file'
            cand --recipients-file 'A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an authorized_keys file'
            cand -o 'The archive to write (created with mode 0600; never overwritten)'
            cand --output 'The archive to write (created with mode 0600; never overwritten)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;import'= {
            cand -i 'The private key that opens it: an age identity file or an SSH private key (a passphrase-protected one is asked for on a terminal)'
            cand --identity 'The private key that opens it: an age identity file or an SSH private key (a passphrase-protected one is asked for on a terminal)'
            cand --on-conflict 'How to resolve an item that exists in the vault with other contents [default: refuse the import]'
            cand --exporter 'Trust an archive signed by this vault key (the fingerprint `vault export` printed where it was exported); archives signed by this vault''s own key or by an `--identity` key need none'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --dry-run 'Show what the import would do, and change nothing'
            cand --yes 'Import without asking (scripts)'
            cand --allow-unauthenticated 'Import an archive that is unsigned, or signed by a key not trusted otherwise: anyone with your public key can make one'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;copy'= {
            cand --to 'Where the copy goes: a new file''s path, or postgres://USER@HOST[:PORT]/DB naming a database that holds no vault (its password from PGPASSWORD or ~/.pgpass)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;sign-rows'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --dry-run 'Show the rows that would be signed, and sign nothing'
            cand --yes 'Sign without asking (for scripts, after a --dry-run)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;vault;help'= {
            cand init 'Create a new vault and its key'
            cand status 'Show the vault''s path, id, schema, key source and counts, and check the key'
            cand rekey 'Replace the vault''s key, re-encrypting every secret in one transaction'
            cand verify 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
            cand export 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
            cand import 'Restore an exported archive into a new vault, or merge it into this one after a preview'
            cand copy 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
            cand sign-rows 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;vault;help;init'= {
        }
        &'connectors;vault;help;status'= {
        }
        &'connectors;vault;help;rekey'= {
        }
        &'connectors;vault;help;verify'= {
        }
        &'connectors;vault;help;export'= {
        }
        &'connectors;vault;help;import'= {
        }
        &'connectors;vault;help;copy'= {
        }
        &'connectors;vault;help;sign-rows'= {
        }
        &'connectors;vault;help;help'= {
        }
        &'connectors;providers'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the providers: built-in, kept in the vault, and from --providers'
            cand show 'Show a provider''s endpoints, scopes, quirks and documentation sources'
            cand add 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
            cand remove 'Remove a provider definition kept in the vault'
            cand discover 'Create a provider from an issuer''s discovery document and keep it in the vault'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;providers;list'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;providers;show'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;providers;add'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;providers;remove'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;providers;discover'= {
            cand --issuer 'The issuer URL (its /.well-known/openid-configuration or oauth-authorization-server is read)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;providers;help'= {
            cand list 'List the providers: built-in, kept in the vault, and from --providers'
            cand show 'Show a provider''s endpoints, scopes, quirks and documentation sources'
            cand add 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
            cand remove 'Remove a provider definition kept in the vault'
            cand discover 'Create a provider from an issuer''s discovery document and keep it in the vault'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;providers;help;list'= {
        }
        &'connectors;providers;help;show'= {
        }
        &'connectors;providers;help;add'= {
        }
        &'connectors;providers;help;remove'= {
        }
        &'connectors;providers;help;discover'= {
        }
        &'connectors;providers;help;help'= {
        }
        &'connectors;workspace'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the workspaces in the vault'
            cand show 'Show the current workspace (--workspace)'
            cand add 'Create a workspace'
            cand edit 'Change the current workspace''s platform domain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;workspace;list'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;workspace;show'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;workspace;add'= {
            cand --platform-domain 'Apps of this workspace live at APP.DOMAIN'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;workspace;edit'= {
            cand --platform-domain 'The new platform domain (every app''s derived redirect URIs change with it)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;workspace;help'= {
            cand list 'List the workspaces in the vault'
            cand show 'Show the current workspace (--workspace)'
            cand add 'Create a workspace'
            cand edit 'Change the current workspace''s platform domain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;workspace;help;list'= {
        }
        &'connectors;workspace;help;show'= {
        }
        &'connectors;workspace;help;add'= {
        }
        &'connectors;workspace;help;edit'= {
        }
        &'connectors;workspace;help;help'= {
        }
        &'connectors;app'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
            cand list 'List the workspace''s apps'
            cand show 'Show an app and the redirect URIs it needs registered'
            cand edit 'Rename an app, set or clear its custom domain, turn its preview on or off'
            cand remove 'Remove an app and every connection made through it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;app;add'= {
            cand --custom-domain 'A custom domain the app is also served on (host only)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --no-preview 'The app has no preview deployment'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;app;list'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;app;show'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;app;edit'= {
            cand --rename 'A new name'
            cand --custom-domain 'Set the custom domain'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --no-custom-domain 'Remove the custom domain'
            cand --preview 'The app has a preview deployment'
            cand --no-preview 'The app has no preview deployment'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;app;remove'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;app;help'= {
            cand add 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
            cand list 'List the workspace''s apps'
            cand show 'Show an app and the redirect URIs it needs registered'
            cand edit 'Rename an app, set or clear its custom domain, turn its preview on or off'
            cand remove 'Remove an app and every connection made through it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;app;help;add'= {
        }
        &'connectors;app;help;list'= {
        }
        &'connectors;app;help;show'= {
        }
        &'connectors;app;help;edit'= {
        }
        &'connectors;app;help;remove'= {
        }
        &'connectors;app;help;help'= {
        }
        &'connectors;add'= {
            cand --name 'A short name people recognise, unique in the workspace ("Google Calendar scheduling")'
            cand --client-id 'The OAuth client ID from the provider''s developer console'
            cand --client-secret-env 'Read the client secret from the environment variable VAR'
            cand --client-secret-file 'Read the client secret from a file (a trailing newline is removed)'
            cand --client-secret 'Refused: a secret on the command line shows in `ps` and shell history'
            cand --scope 'A scope to request (repeat for each; never join several in one)'
            cand --scopes-file 'A file with one scope per line'
            cand --mode 'per-user: each person connects their own account; shared: one account for everyone in an app'
            cand --redirect-uri 'A redirect URI registered at the provider (repeat for each)'
            cand --used-by 'Only these apps use the connector (repeat for each; default: every app)'
            cand --tenant 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers)'
            cand --login-host 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com; default login.salesforce.com)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --client-secret-stdin 'Read the client secret from standard input (a trailing newline is removed)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;list'= {
            cand --provider 'Only connectors of this provider'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;show'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --reveal-secret 'Print the client secret itself (asks for confirmation on a terminal)'
            cand -y 'With --reveal-secret: do not ask for confirmation'
            cand --yes 'With --reveal-secret: do not ask for confirmation'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;view'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --reveal-secret 'Print the client secret itself (asks for confirmation on a terminal)'
            cand -y 'With --reveal-secret: do not ask for confirmation'
            cand --yes 'With --reveal-secret: do not ask for confirmation'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;edit'= {
            cand --name 'A new name'
            cand --client-id 'A new client ID'
            cand --client-secret-env 'Read the client secret from the environment variable VAR'
            cand --client-secret-file 'Read the client secret from a file (a trailing newline is removed)'
            cand --client-secret 'Refused: a secret on the command line shows in `ps` and shell history'
            cand --scope 'Replace the scopes with these (repeat for each)'
            cand --scopes-file 'Replace the scopes with those in a file, one per line'
            cand --add-scope 'Add a scope (repeatable)'
            cand --remove-scope 'Remove a scope (repeatable)'
            cand --mode 'Change the mode (only while the connector has no connections)'
            cand --redirect-uri 'Replace the registered redirect URIs with these (repeat for each)'
            cand --add-redirect-uri 'Add a registered redirect URI (repeatable)'
            cand --remove-redirect-uri 'Remove a registered redirect URI (repeatable)'
            cand --used-by 'Only these apps use the connector (replaces the list; repeat for each)'
            cand --tenant 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers); '''' goes back to the provider''s default'
            cand --login-host 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com); '''' goes back to login.salesforce.com'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --client-secret-stdin 'Read the client secret from standard input (a trailing newline is removed)'
            cand --used-by-all 'Every app of the workspace uses the connector'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;delete'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --revoke 'Revoke every connection at the provider before deleting'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;redirect-uris'= {
            cand --app 'The app'
            cand --connector 'Also say where to register them at this connector''s provider, and check them'
            cand --port 'The loopback port for local testing'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;connect'= {
            cand --app 'The app the connection is for'
            cand --user 'The app''s ID for the person connecting (per-user connectors only)'
            cand --port 'Listen on this port (default: an ephemeral one); register http://127.0.0.1:PORT/api/external-auth/callback at the provider'
            cand --timeout 'Give up waiting for the browser after this many seconds (1 to 86400)'
            cand --redirect-uri 'With --paste: the registered redirect URI to send the browser to'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --no-browser 'Print the URL to open instead of opening a browser'
            cand --paste 'For providers that refuse loopback redirects: paste the URL you land on. Uses the app''s live redirect URI unless --redirect-uri says otherwise'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;connect-url'= {
            cand --app 'The app the person uses'
            cand --user 'The app''s ID for the person (per-user connectors only)'
            cand --redirect 'Where the provider sends the browser back: the app''s `live`, `custom` or `preview` redirect URI, or a URI registered on the connector'
            cand --expires-in 'How long the consent may take, in seconds (60 to 3600)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;callback'= {
            cand --app 'The app whose redirect URI the browser reached'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;connections'= {
            cand --app 'Only this app''s connections'
            cand --user 'Only this app user''s connections'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --pending 'List the consents waiting for their callback instead (`connect-url`, a `connect` under way): who, where, until when; never their state'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;token'= {
            cand --app 'app'
            cand --user 'The app user (per-user connectors)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;api'= {
            cand --app 'The app the connection is for'
            cand --user 'The app user whose connection calls (per-user connectors)'
            cand -X 'The HTTP method [default: GET, or POST with fields or --input]'
            cand --method 'The HTTP method [default: GET, or POST with fields or --input]'
            cand -H 'A request header, `Name: value` (repeatable); the token is set by connectors'
            cand --header 'A request header, `Name: value` (repeatable); the token is set by connectors'
            cand -f 'A string field, key=value (repeatable): the query of a GET, else a JSON body'
            cand --field 'A string field, key=value (repeatable): the query of a GET, else a JSON body'
            cand -F 'A typed field, key=value: a number, true, false, null, or @FILE for a file''s text'
            cand --raw-field 'A typed field, key=value: a number, true, false, null, or @FILE for a file''s text'
            cand --input 'The request body from a file, or `-` for standard input'
            cand --retries 'Retry a 429 or 5xx answer up to N times, waiting as the provider says'
            cand --max-wait 'The longest wait before a retry, in seconds'
            cand --max-bytes 'The largest response body accepted, in bytes'
            cand --allow-host 'Also send the token to this host (an absolute URL''s host outside the provider''s)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand -i 'Print the status line and the response headers before the body'
            cand --include 'Print the status line and the response headers before the body'
            cand --paginate 'Follow every next page (RFC 8288 Link, or the provider''s cursor) and print each'
            cand --silent 'Print no response body'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;refresh'= {
            cand --app 'Only connections of this app'
            cand --user 'Refresh this user''s connection'
            cand --parallel 'How many refreshes run at once'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --all 'Refresh every connection of the connector (that has a refresh token)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;disconnect'= {
            cand --app 'app'
            cand --user 'The app user (per-user connectors)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;mcp'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --read-only 'Serve only the tools that change nothing'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;validate'= {
            cand --format 'Output format (--json means --format json)'
            cand --max-findings 'Print at most N findings (0: all) [default: 200, or 1000 for json and sarif]; the counts and the exit code cover every finding'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --strict 'Fail on warnings too'
            cand --allow-inline-secrets 'Accept client secrets written in the file (as warnings)'
            cand --resolve-secrets 'Check that every secret reference resolves (environment variables set, files readable)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;plan'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --allow-inline-secrets 'Accept client secrets written in the file'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;apply'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand -y 'Apply without asking (for CI)'
            cand --yes 'Apply without asking (for CI)'
            cand --allow-inline-secrets 'Accept client secrets written in the file'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;export'= {
            cand -o 'Write to this file instead of standard output (refuses to overwrite)'
            cand --output 'Write to this file instead of standard output (refuses to overwrite)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;schema'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;doctor'= {
            cand --app 'Only this app''s redirect URIs'
            cand --parallel 'How many connectors are probed at once'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --offline 'No live probes: open no network connection at all'
            cand --connections 'Also call the provider''s "who am I" endpoint as each live connection (at most 20 a connector), proving its token works'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;quickstart'= {
            cand --dir 'Where to create the demo vault (default: a new temporary directory)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --interactive 'Answer the sandbox''s consent pages yourself in your browser'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;sandbox'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
            cand register 'Create (or update) a connector in the vault that points at the running sandbox'
            cand configure 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}'''
            cand answer 'Answer the sandbox''s consent page like a person (use as $BROWSER)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;sandbox;serve'= {
            cand --port 'The port (0: any free one)'
            cand --like 'Answer like this provider: token shapes, client authentication, quirks'
            cand --info-file 'Where to write the sandbox''s address and credentials (0600)'
            cand --access-ttl 'Access tokens expire after this many seconds (1 to 31536000)'
            cand --test-user 'An account allowed while in testing mode (repeatable)'
            cand --grant-only 'Grant only these scopes, whatever is asked (repeatable)'
            cand --token-delay-ms 'The token endpoint answers this long after issuing (and rotating) tokens (at most 600000)'
            cand --redirect-uri 'A redirect URI the sandbox accepts besides loopback ones (repeatable)'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --revoke-refresh-tokens 'Refuse every refresh token (invalid_grant), as after a user revoked access'
            cand --testing-mode 'The OAuth app is in testing mode: only --test-user accounts may consent'
            cand --redirect-mismatch 'Refuse every redirect URI (redirect_uri_mismatch)'
            cand --invalid-client 'The token endpoint refuses the client (invalid_client)'
            cand --token-500 'The token endpoint answers HTTP 500'
            cand --no-rotation 'Do not rotate refresh tokens (rotation with reuse detection is on by default)'
            cand --revoke-token-only 'Revocation revokes only the token presented, not its whole grant (RFC 7009 allows both)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;sandbox;register'= {
            cand --name 'The connector''s name'
            cand --info-file 'The running sandbox''s file'
            cand --scope 'Scopes (default: a typical set for the imitated provider)'
            cand --mode 'mode'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;sandbox;configure'= {
            cand --info-file 'info-file'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;sandbox;answer'= {
            cand --user 'The account that signs in'
            cand --withhold 'Leave this scope unticked (repeatable): a partial grant'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --deny 'Deny instead of approving'
            cand --print 'Print the URL the provider sends the browser to, instead of opening it (for --paste)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;sandbox;help'= {
            cand serve 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
            cand register 'Create (or update) a connector in the vault that points at the running sandbox'
            cand configure 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}'''
            cand answer 'Answer the sandbox''s consent page like a person (use as $BROWSER)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;sandbox;help;serve'= {
        }
        &'connectors;sandbox;help;register'= {
        }
        &'connectors;sandbox;help;configure'= {
        }
        &'connectors;sandbox;help;answer'= {
        }
        &'connectors;sandbox;help;help'= {
        }
        &'connectors;audit'= {
            cand --target 'Only entries about this connector, app, workspace or provider'
            cand --limit 'How many entries to show'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --all-workspaces 'Entries of every workspace, not just the current one'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;completions'= {
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;generate-docs'= {
            cand --out-dir 'The repository root to write completions/ and man/ under'
            cand --vault 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]'
            cand --workspace 'The workspace to act on'
            cand --key-file 'A file holding the vault''s key (an age identity); refused when group or others can read it'
            cand --providers 'A JSON file of provider definitions that add to or override the built-in catalog'
            cand --check 'Only check that the files are up to date (exit 1 when they are not)'
            cand --json 'Print one JSON document on stdout (errors as {"error": {...}})'
            cand --no-input 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
            cand -v 'Say more about what is happening'
            cand --verbose 'Say more about what is happening'
            cand -q 'Print only results and errors'
            cand --quiet 'Print only results and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'connectors;help'= {
            cand vault 'Create the vault, check it, or change its key'
            cand providers 'The provider catalog: endpoints, scopes and quirks of each OAuth provider'
            cand workspace 'Workspaces and their platform domain'
            cand app 'Apps of the workspace and the redirect URIs they need'
            cand add 'Add a connector: an OAuth app you registered at a provider'
            cand list 'List the workspace''s connectors'
            cand show 'Show one connector (the client secret masked)'
            cand edit 'Change a connector''s name, credentials, scopes, mode or redirect URIs'
            cand delete 'Delete a connector and its connections'
            cand redirect-uris 'The exact redirect URIs an app needs registered at a provider'
            cand connect 'Connect an account through a connector (browser consent, loopback redirect)'
            cand connect-url 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app''s redirect URI, whose handler runs `callback`'
            cand callback 'Finish a consent started by `connect-url`: the URL the provider sent the browser to'
            cand connections 'List connections with status, granted versus required scopes, expiry and last error'
            cand token 'Print a valid access token (refreshing it first when needed)'
            cand api 'Call a provider''s API as a connected person (like `gh api`): the token refreshed, sent only to the provider''s API hosts, never shown'
            cand refresh 'Refresh the tokens of one user''s connection or of all of a connector''s connections'
            cand disconnect 'Revoke a connection at the provider and delete its tokens'
            cand mcp 'Serve the workspace''s connectors to an AI assistant over MCP (stdio); no secret reaches the client'
            cand validate 'Check a workspace configuration file offline: every problem, with its line and fix'
            cand plan 'Show what `apply` would change in the vault'
            cand apply 'Make the vault match a configuration file, in one transaction'
            cand export 'Write the workspace as a configuration file (secrets as vault references)'
            cand schema 'Print the configuration file''s JSON Schema'
            cand doctor 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections'
            cand quickstart 'The whole product end to end, in a demo vault against the local sandbox'
            cand sandbox 'A local provider for development, with failure injection'
            cand audit 'Show the audit log of admin changes'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Regenerate completions/ and man/ from these definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'connectors;help;vault'= {
            cand init 'Create a new vault and its key'
            cand status 'Show the vault''s path, id, schema, key source and counts, and check the key'
            cand rekey 'Replace the vault''s key, re-encrypting every secret in one transaction'
            cand verify 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
            cand export 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
            cand import 'Restore an exported archive into a new vault, or merge it into this one after a preview'
            cand copy 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
            cand sign-rows 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
        }
        &'connectors;help;vault;init'= {
        }
        &'connectors;help;vault;status'= {
        }
        &'connectors;help;vault;rekey'= {
        }
        &'connectors;help;vault;verify'= {
        }
        &'connectors;help;vault;export'= {
        }
        &'connectors;help;vault;import'= {
        }
        &'connectors;help;vault;copy'= {
        }
        &'connectors;help;vault;sign-rows'= {
        }
        &'connectors;help;providers'= {
            cand list 'List the providers: built-in, kept in the vault, and from --providers'
            cand show 'Show a provider''s endpoints, scopes, quirks and documentation sources'
            cand add 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
            cand remove 'Remove a provider definition kept in the vault'
            cand discover 'Create a provider from an issuer''s discovery document and keep it in the vault'
        }
        &'connectors;help;providers;list'= {
        }
        &'connectors;help;providers;show'= {
        }
        &'connectors;help;providers;add'= {
        }
        &'connectors;help;providers;remove'= {
        }
        &'connectors;help;providers;discover'= {
        }
        &'connectors;help;workspace'= {
            cand list 'List the workspaces in the vault'
            cand show 'Show the current workspace (--workspace)'
            cand add 'Create a workspace'
            cand edit 'Change the current workspace''s platform domain'
        }
        &'connectors;help;workspace;list'= {
        }
        &'connectors;help;workspace;show'= {
        }
        &'connectors;help;workspace;add'= {
        }
        &'connectors;help;workspace;edit'= {
        }
        &'connectors;help;app'= {
            cand add 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
            cand list 'List the workspace''s apps'
            cand show 'Show an app and the redirect URIs it needs registered'
            cand edit 'Rename an app, set or clear its custom domain, turn its preview on or off'
            cand remove 'Remove an app and every connection made through it'
        }
        &'connectors;help;app;add'= {
        }
        &'connectors;help;app;list'= {
        }
        &'connectors;help;app;show'= {
        }
        &'connectors;help;app;edit'= {
        }
        &'connectors;help;app;remove'= {
        }
        &'connectors;help;add'= {
        }
        &'connectors;help;list'= {
        }
        &'connectors;help;show'= {
        }
        &'connectors;help;edit'= {
        }
        &'connectors;help;delete'= {
        }
        &'connectors;help;redirect-uris'= {
        }
        &'connectors;help;connect'= {
        }
        &'connectors;help;connect-url'= {
        }
        &'connectors;help;callback'= {
        }
        &'connectors;help;connections'= {
        }
        &'connectors;help;token'= {
        }
        &'connectors;help;api'= {
        }
        &'connectors;help;refresh'= {
        }
        &'connectors;help;disconnect'= {
        }
        &'connectors;help;mcp'= {
        }
        &'connectors;help;validate'= {
        }
        &'connectors;help;plan'= {
        }
        &'connectors;help;apply'= {
        }
        &'connectors;help;export'= {
        }
        &'connectors;help;schema'= {
        }
        &'connectors;help;doctor'= {
        }
        &'connectors;help;quickstart'= {
        }
        &'connectors;help;sandbox'= {
            cand serve 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
            cand register 'Create (or update) a connector in the vault that points at the running sandbox'
            cand configure 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}'''
            cand answer 'Answer the sandbox''s consent page like a person (use as $BROWSER)'
        }
        &'connectors;help;sandbox;serve'= {
        }
        &'connectors;help;sandbox;register'= {
        }
        &'connectors;help;sandbox;configure'= {
        }
        &'connectors;help;sandbox;answer'= {
        }
        &'connectors;help;audit'= {
        }
        &'connectors;help;completions'= {
        }
        &'connectors;help;generate-docs'= {
        }
        &'connectors;help;help'= {
        }
    ]
    $completions[$command]
}
