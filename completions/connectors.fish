# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_connectors_global_optspecs
    string join \n vault= workspace= key-file= providers= json no-input v/verbose q/quiet h/help V/version
end

function __fish_connectors_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_connectors_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_connectors_using_subcommand
    set -l cmd (__fish_connectors_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c connectors -n "__fish_connectors_needs_command" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_needs_command" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_needs_command" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_needs_command" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_needs_command" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_needs_command" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_needs_command" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connectors -n "__fish_connectors_needs_command" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "vault" -d 'Create the vault, check it, or change its key'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "providers" -d 'The provider catalog: endpoints, scopes and quirks of each OAuth provider'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "workspace" -d 'Workspaces and their platform domain'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "app" -d 'Apps of the workspace and the redirect URIs they need'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "add" -d 'Add a connector: an OAuth app you registered at a provider'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "list" -d 'List the workspace\'s connectors'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "show" -d 'Show one connector (the client secret masked)'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "view" -d 'Show one connector (the client secret masked)'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "edit" -d 'Change a connector\'s name, credentials, scopes, mode or redirect URIs'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "delete" -d 'Delete a connector and its connections'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "redirect-uris" -d 'The exact redirect URIs an app needs registered at a provider'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "connect" -d 'Connect an account through a connector (browser consent, loopback redirect)'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "connect-url" -d 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app\'s redirect URI, whose handler runs `callback`'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "callback" -d 'Finish a consent started by `connect-url`: the URL the provider sent the browser to'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "connections" -d 'List connections with status, granted versus required scopes, expiry and last error'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "token" -d 'Print a valid access token (refreshing it first when needed)'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "api" -d 'Call a provider\'s API as a connected person (like `gh api`): the token refreshed, sent only to the provider\'s API hosts, never shown'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "refresh" -d 'Refresh the tokens of one user\'s connection or of all of a connector\'s connections'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "disconnect" -d 'Revoke a connection at the provider and delete its tokens'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "mcp" -d 'Serve the workspace\'s connectors to an AI assistant over MCP (stdio); no secret reaches the client'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "validate" -d 'Check a workspace configuration file offline: every problem, with its line and fix'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "plan" -d 'Show what `apply` would change in the vault'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "apply" -d 'Make the vault match a configuration file, in one transaction'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "export" -d 'Write the workspace as a configuration file (secrets as vault references)'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "schema" -d 'Print the configuration file\'s JSON Schema'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "doctor" -d 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "quickstart" -d 'The whole product end to end, in a demo vault against the local sandbox'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "sandbox" -d 'A local provider for development, with failure injection'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "audit" -d 'Show the audit log of admin changes'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "generate-docs" -d 'Regenerate completions/ and man/ from these definitions'
complete -c connectors -n "__fish_connectors_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "init" -d 'Create a new vault and its key'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "status" -d 'Show the vault\'s path, id, schema, key source and counts, and check the key'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "rekey" -d 'Replace the vault\'s key, re-encrypting every secret in one transaction'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "verify" -d 'Check the whole vault: the database, every row\'s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "export" -d 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "import" -d 'Restore an exported archive into a new vault, or merge it into this one after a preview'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "copy" -d 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "sign-rows" -d 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and not __fish_seen_subcommand_from init status rekey verify export import copy sign-rows help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l key -d 'Where to keep the vault\'s key' -r -f -a "auto\t'CONNECTORS_VAULT_KEY, then --key-file, then CONNECTORS_PASSPHRASE, then the OS keyring'
keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
key-file\t'A new 0600 key file at --key-file (or an existing one)'
passphrase\t'The key protected by a passphrase (age scrypt), kept in the vault'
env\t'The age identity in CONNECTORS_VAULT_KEY (for CI)'"
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l platform-domain -d 'The default workspace\'s platform domain (apps live at APP.DOMAIN)' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l key -d 'Where to keep the new key [default: where the current one is kept]' -r -f -a "auto\t'CONNECTORS_VAULT_KEY, then --key-file, then CONNECTORS_PASSPHRASE, then the OS keyring'
keyring\t'The OS keyring (Secret Service, Keychain, Credential Manager)'
key-file\t'A new 0600 key file at --key-file (or an existing one)'
passphrase\t'The key protected by a passphrase (age scrypt), kept in the vault'
env\t'The age identity in CONNECTORS_VAULT_KEY (for CI)'"
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l new-key-file -d 'With a key file: write the new key to this file instead of replacing the current one' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from rekey" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s r -l recipient -d 'A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"); repeat for several' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s R -l recipients-file -d 'A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an authorized_keys file' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s o -l output -d 'The archive to write (created with mode 0600; never overwritten)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -s i -l identity -d 'The private key that opens it: an age identity file or an SSH private key (a passphrase-protected one is asked for on a terminal)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l on-conflict -d 'How to resolve an item that exists in the vault with other contents [default: refuse the import]' -r -f -a "keep\t'The vault\'s version wins'
replace\t'The archive\'s version wins'"
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l exporter -d 'Trust an archive signed by this vault key (the fingerprint `vault export` printed where it was exported); archives signed by this vault\'s own key or by an `--identity` key need none' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l dry-run -d 'Show what the import would do, and change nothing'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l yes -d 'Import without asking (scripts)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l allow-unauthenticated -d 'Import an archive that is unsigned, or signed by a key not trusted otherwise: anyone with your public key can make one'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l to -d 'Where the copy goes: a new file\'s path, or postgres://USER@HOST[:PORT]/DB naming a database that holds no vault (its password from PGPASSWORD or ~/.pgpass)' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l dry-run -d 'Show the rows that would be signed, and sign nothing'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l yes -d 'Sign without asking (for scripts, after a --dry-run)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from sign-rows" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a new vault and its key'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the vault\'s path, id, schema, key source and counts, and check the key'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "rekey" -d 'Replace the vault\'s key, re-encrypting every secret in one transaction'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the whole vault: the database, every row\'s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "import" -d 'Restore an exported archive into a new vault, or merge it into this one after a preview'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "sign-rows" -d 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
complete -c connectors -n "__fish_connectors_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "list" -d 'List the providers: built-in, kept in the vault, and from --providers'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "show" -d 'Show a provider\'s endpoints, scopes, quirks and documentation sources'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "add" -d 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "remove" -d 'Remove a provider definition kept in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "discover" -d 'Create a provider from an issuer\'s discovery document and keep it in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and not __fish_seen_subcommand_from list show add remove discover help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l issuer -d 'The issuer URL (its /.well-known/openid-configuration or oauth-authorization-server is read)' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from discover" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the providers: built-in, kept in the vault, and from --providers'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a provider\'s endpoints, scopes, quirks and documentation sources'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "add" -d 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a provider definition kept in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "discover" -d 'Create a provider from an issuer\'s discovery document and keep it in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -f -a "list" -d 'List the workspaces in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -f -a "show" -d 'Show the current workspace (--workspace)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -f -a "add" -d 'Create a workspace'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -f -a "edit" -d 'Change the current workspace\'s platform domain'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and not __fish_seen_subcommand_from list show add edit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l platform-domain -d 'Apps of this workspace live at APP.DOMAIN' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l platform-domain -d 'The new platform domain (every app\'s derived redirect URIs change with it)' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the workspaces in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the current workspace (--workspace)'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a workspace'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change the current workspace\'s platform domain'
complete -c connectors -n "__fish_connectors_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "add" -d 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "list" -d 'List the workspace\'s apps'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "show" -d 'Show an app and the redirect URIs it needs registered'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "edit" -d 'Rename an app, set or clear its custom domain, turn its preview on or off'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "remove" -d 'Remove an app and every connection made through it'
complete -c connectors -n "__fish_connectors_using_subcommand app; and not __fish_seen_subcommand_from add list show edit remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l custom-domain -d 'A custom domain the app is also served on (host only)' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l no-preview -d 'The app has no preview deployment'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l rename -d 'A new name' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l custom-domain -d 'Set the custom domain' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l no-custom-domain -d 'Remove the custom domain'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l preview -d 'The app has a preview deployment'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l no-preview -d 'The app has no preview deployment'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the workspace\'s apps'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an app and the redirect URIs it needs registered'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Rename an app, set or clear its custom domain, turn its preview on or off'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an app and every connection made through it'
complete -c connectors -n "__fish_connectors_using_subcommand app; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand add" -l name -d 'A short name people recognise, unique in the workspace ("Google Calendar scheduling")' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l client-id -d 'The OAuth client ID from the provider\'s developer console' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l client-secret-env -d 'Read the client secret from the environment variable VAR' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l client-secret-file -d 'Read the client secret from a file (a trailing newline is removed)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand add" -l client-secret -d 'Refused: a secret on the command line shows in `ps` and shell history' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l scope -d 'A scope to request (repeat for each; never join several in one)' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l scopes-file -d 'A file with one scope per line' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand add" -l mode -d 'per-user: each person connects their own account; shared: one account for everyone in an app' -r -f -a "per-user\t''
shared\t''"
complete -c connectors -n "__fish_connectors_using_subcommand add" -l redirect-uri -d 'A redirect URI registered at the provider (repeat for each)' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l used-by -d 'Only these apps use the connector (repeat for each; default: every app)' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l tenant -d 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers)' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l login-host -d 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com; default login.salesforce.com)' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand add" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand add" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand add" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand add" -l client-secret-stdin -d 'Read the client secret from standard input (a trailing newline is removed)'
complete -c connectors -n "__fish_connectors_using_subcommand add" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand add" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand add" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand add" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand add" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand add" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand list" -l provider -d 'Only connectors of this provider' -r
complete -c connectors -n "__fish_connectors_using_subcommand list" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand list" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand list" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand list" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand list" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand list" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand list" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand list" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand list" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand list" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand show" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand show" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand show" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand show" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand show" -l reveal-secret -d 'Print the client secret itself (asks for confirmation on a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand show" -s y -l yes -d 'With --reveal-secret: do not ask for confirmation'
complete -c connectors -n "__fish_connectors_using_subcommand show" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand show" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand show" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand show" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand show" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand show" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand view" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand view" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand view" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand view" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand view" -l reveal-secret -d 'Print the client secret itself (asks for confirmation on a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand view" -s y -l yes -d 'With --reveal-secret: do not ask for confirmation'
complete -c connectors -n "__fish_connectors_using_subcommand view" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand view" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand view" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand view" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand view" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand view" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l name -d 'A new name' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l client-id -d 'A new client ID' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l client-secret-env -d 'Read the client secret from the environment variable VAR' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l client-secret-file -d 'Read the client secret from a file (a trailing newline is removed)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l client-secret -d 'Refused: a secret on the command line shows in `ps` and shell history' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l scope -d 'Replace the scopes with these (repeat for each)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l scopes-file -d 'Replace the scopes with those in a file, one per line' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l add-scope -d 'Add a scope (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l remove-scope -d 'Remove a scope (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l mode -d 'Change the mode (only while the connector has no connections)' -r -f -a "per-user\t''
shared\t''"
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l redirect-uri -d 'Replace the registered redirect URIs with these (repeat for each)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l add-redirect-uri -d 'Add a registered redirect URI (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l remove-redirect-uri -d 'Remove a registered redirect URI (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l used-by -d 'Only these apps use the connector (replaces the list; repeat for each)' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l tenant -d 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers); \'\' goes back to the provider\'s default' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l login-host -d 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com); \'\' goes back to login.salesforce.com' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l client-secret-stdin -d 'Read the client secret from standard input (a trailing newline is removed)'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l used-by-all -d 'Every app of the workspace uses the connector'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand edit" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l revoke -d 'Revoke every connection at the provider before deleting'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand delete" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l app -d 'The app' -r
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l connector -d 'Also say where to register them at this connector\'s provider, and check them' -r
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l port -d 'The loopback port for local testing' -r
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand redirect-uris" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l app -d 'The app the connection is for' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l user -d 'The app\'s ID for the person connecting (per-user connectors only)' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l port -d 'Listen on this port (default: an ephemeral one); register http://127.0.0.1:PORT/api/external-auth/callback at the provider' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l timeout -d 'Give up waiting for the browser after this many seconds (1 to 86400)' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l redirect-uri -d 'With --paste: the registered redirect URI to send the browser to' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l no-browser -d 'Print the URL to open instead of opening a browser'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l paste -d 'For providers that refuse loopback redirects: paste the URL you land on. Uses the app\'s live redirect URI unless --redirect-uri says otherwise'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand connect" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l app -d 'The app the person uses' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l user -d 'The app\'s ID for the person (per-user connectors only)' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l redirect -d 'Where the provider sends the browser back: the app\'s `live`, `custom` or `preview` redirect URI, or a URI registered on the connector' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l expires-in -d 'How long the consent may take, in seconds (60 to 3600)' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand connect-url" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l app -d 'The app whose redirect URI the browser reached' -r
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand callback" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l app -d 'Only this app\'s connections' -r
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l user -d 'Only this app user\'s connections' -r
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l pending -d 'List the consents waiting for their callback instead (`connect-url`, a `connect` under way): who, where, until when; never their state'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand connections" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand token" -l app -r
complete -c connectors -n "__fish_connectors_using_subcommand token" -l user -d 'The app user (per-user connectors)' -r
complete -c connectors -n "__fish_connectors_using_subcommand token" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand token" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand token" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand token" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand token" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand token" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand token" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand token" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand token" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand token" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand api" -l app -d 'The app the connection is for' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l user -d 'The app user whose connection calls (per-user connectors)' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -s X -l method -d 'The HTTP method [default: GET, or POST with fields or --input]' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -s H -l header -d 'A request header, `Name: value` (repeatable); the token is set by connectors' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -s f -l field -d 'A string field, key=value (repeatable): the query of a GET, else a JSON body' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -s F -l raw-field -d 'A typed field, key=value: a number, true, false, null, or @FILE for a file\'s text' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l input -d 'The request body from a file, or `-` for standard input' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand api" -l retries -d 'Retry a 429 or 5xx answer up to N times, waiting as the provider says' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l max-wait -d 'The longest wait before a retry, in seconds' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l max-bytes -d 'The largest response body accepted, in bytes' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l allow-host -d 'Also send the token to this host (an absolute URL\'s host outside the provider\'s)' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand api" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand api" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand api" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand api" -s i -l include -d 'Print the status line and the response headers before the body'
complete -c connectors -n "__fish_connectors_using_subcommand api" -l paginate -d 'Follow every next page (RFC 8288 Link, or the provider\'s cursor) and print each'
complete -c connectors -n "__fish_connectors_using_subcommand api" -l silent -d 'Print no response body'
complete -c connectors -n "__fish_connectors_using_subcommand api" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand api" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand api" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand api" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand api" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand api" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l app -d 'Only connections of this app' -r
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l user -d 'Refresh this user\'s connection' -r
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l parallel -d 'How many refreshes run at once' -r
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l all -d 'Refresh every connection of the connector (that has a refresh token)'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand refresh" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l app -r
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l user -d 'The app user (per-user connectors)' -r
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand disconnect" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l read-only -d 'Serve only the tools that change nothing'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l format -d 'Output format (--json means --format json)' -r -f -a "human\t'Text with the offending line shown'
json\t'One JSON document'
github\t'GitHub Actions annotations (::error file=…,line=…,col=…::)'
sarif\t'SARIF 2.1.0, for code scanning'"
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l max-findings -d 'Print at most N findings (0: all) [default: 200, or 1000 for json and sarif]; the counts and the exit code cover every finding' -r
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l strict -d 'Fail on warnings too'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l allow-inline-secrets -d 'Accept client secrets written in the file (as warnings)'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l resolve-secrets -d 'Check that every secret reference resolves (environment variables set, files readable)'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connectors -n "__fish_connectors_using_subcommand validate" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l allow-inline-secrets -d 'Accept client secrets written in the file'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand plan" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand apply" -s y -l yes -d 'Apply without asking (for CI)'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l allow-inline-secrets -d 'Accept client secrets written in the file'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand apply" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand export" -s o -l output -d 'Write to this file instead of standard output (refuses to overwrite)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand export" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand export" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand export" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand export" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand export" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand export" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand export" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand export" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand export" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand export" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand schema" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l app -d 'Only this app\'s redirect URIs' -r
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l parallel -d 'How many connectors are probed at once' -r
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l offline -d 'No live probes: open no network connection at all'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l connections -d 'Also call the provider\'s "who am I" endpoint as each live connection (at most 20 a connector), proving its token works'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l dir -d 'Where to create the demo vault (default: a new temporary directory)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l interactive -d 'Answer the sandbox\'s consent pages yourself in your browser'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand quickstart" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -f -a "serve" -d 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -f -a "register" -d 'Create (or update) a connector in the vault that points at the running sandbox'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -f -a "configure" -d 'Change a running sandbox\'s failure modes, e.g. \'{"token_500": true}\''
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -f -a "answer" -d 'Answer the sandbox\'s consent page like a person (use as $BROWSER)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and not __fish_seen_subcommand_from serve register configure answer help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l port -d 'The port (0: any free one)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l like -d 'Answer like this provider: token shapes, client authentication, quirks' -r -f -a "generic\t''
google\t''
slack\t''
notion\t''"
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l info-file -d 'Where to write the sandbox\'s address and credentials (0600)' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l access-ttl -d 'Access tokens expire after this many seconds (1 to 31536000)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l test-user -d 'An account allowed while in testing mode (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l grant-only -d 'Grant only these scopes, whatever is asked (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l token-delay-ms -d 'The token endpoint answers this long after issuing (and rotating) tokens (at most 600000)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l redirect-uri -d 'A redirect URI the sandbox accepts besides loopback ones (repeatable)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l revoke-refresh-tokens -d 'Refuse every refresh token (invalid_grant), as after a user revoked access'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l testing-mode -d 'The OAuth app is in testing mode: only --test-user accounts may consent'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l redirect-mismatch -d 'Refuse every redirect URI (redirect_uri_mismatch)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l invalid-client -d 'The token endpoint refuses the client (invalid_client)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l token-500 -d 'The token endpoint answers HTTP 500'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-rotation -d 'Do not rotate refresh tokens (rotation with reuse detection is on by default)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l revoke-token-only -d 'Revocation revokes only the token presented, not its whole grant (RFC 7009 allows both)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l name -d 'The connector\'s name' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l info-file -d 'The running sandbox\'s file' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l scope -d 'Scopes (default: a typical set for the imitated provider)' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l mode -r -f -a "per-user\t''
shared\t''"
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from register" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l info-file -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from configure" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l user -d 'The account that signs in' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l withhold -d 'Leave this scope unticked (repeatable): a partial grant' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l deny -d 'Deny instead of approving'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l print -d 'Print the URL the provider sends the browser to, instead of opening it (for --paste)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from answer" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "register" -d 'Create (or update) a connector in the vault that points at the running sandbox'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "configure" -d 'Change a running sandbox\'s failure modes, e.g. \'{"token_500": true}\''
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "answer" -d 'Answer the sandbox\'s consent page like a person (use as $BROWSER)'
complete -c connectors -n "__fish_connectors_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l target -d 'Only entries about this connector, app, workspace or provider' -r
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l limit -d 'How many entries to show' -r
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l all-workspaces -d 'Entries of every workspace, not just the current one'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand audit" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand completions" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l out-dir -d 'The repository root to write completions/ and man/ under' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l vault -d 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l workspace -d 'The workspace to act on' -r
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l key-file -d 'A file holding the vault\'s key (an age identity); refused when group or others can read it' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l providers -d 'A JSON file of provider definitions that add to or override the built-in catalog' -r -F
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l check -d 'Only check that the files are up to date (exit 1 when they are not)'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l json -d 'Print one JSON document on stdout (errors as {"error": {...}})'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -l no-input -d 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -s v -l verbose -d 'Say more about what is happening'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -s q -l quiet -d 'Print only results and errors'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c connectors -n "__fish_connectors_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "vault" -d 'Create the vault, check it, or change its key'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "providers" -d 'The provider catalog: endpoints, scopes and quirks of each OAuth provider'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "workspace" -d 'Workspaces and their platform domain'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "app" -d 'Apps of the workspace and the redirect URIs they need'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "add" -d 'Add a connector: an OAuth app you registered at a provider'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "list" -d 'List the workspace\'s connectors'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "show" -d 'Show one connector (the client secret masked)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "edit" -d 'Change a connector\'s name, credentials, scopes, mode or redirect URIs'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "delete" -d 'Delete a connector and its connections'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "redirect-uris" -d 'The exact redirect URIs an app needs registered at a provider'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "connect" -d 'Connect an account through a connector (browser consent, loopback redirect)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "connect-url" -d 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app\'s redirect URI, whose handler runs `callback`'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "callback" -d 'Finish a consent started by `connect-url`: the URL the provider sent the browser to'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "connections" -d 'List connections with status, granted versus required scopes, expiry and last error'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "token" -d 'Print a valid access token (refreshing it first when needed)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "api" -d 'Call a provider\'s API as a connected person (like `gh api`): the token refreshed, sent only to the provider\'s API hosts, never shown'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "refresh" -d 'Refresh the tokens of one user\'s connection or of all of a connector\'s connections'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "disconnect" -d 'Revoke a connection at the provider and delete its tokens'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "mcp" -d 'Serve the workspace\'s connectors to an AI assistant over MCP (stdio); no secret reaches the client'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "validate" -d 'Check a workspace configuration file offline: every problem, with its line and fix'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "plan" -d 'Show what `apply` would change in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "apply" -d 'Make the vault match a configuration file, in one transaction'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "export" -d 'Write the workspace as a configuration file (secrets as vault references)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "schema" -d 'Print the configuration file\'s JSON Schema'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "doctor" -d 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "quickstart" -d 'The whole product end to end, in a demo vault against the local sandbox'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "sandbox" -d 'A local provider for development, with failure injection'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "audit" -d 'Show the audit log of admin changes'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "completions" -d 'Print a shell completion script'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "generate-docs" -d 'Regenerate completions/ and man/ from these definitions'
complete -c connectors -n "__fish_connectors_using_subcommand help; and not __fish_seen_subcommand_from vault providers workspace app add list show edit delete redirect-uris connect connect-url callback connections token api refresh disconnect mcp validate plan apply export schema doctor quickstart sandbox audit completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "init" -d 'Create a new vault and its key'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "status" -d 'Show the vault\'s path, id, schema, key source and counts, and check the key'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "rekey" -d 'Replace the vault\'s key, re-encrypting every secret in one transaction'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "verify" -d 'Check the whole vault: the database, every row\'s integrity MAC, every secret (exit 0 when all pass, 1 when not)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "export" -d 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "import" -d 'Restore an exported archive into a new vault, or merge it into this one after a preview'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "copy" -d 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "sign-rows" -d 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "list" -d 'List the providers: built-in, kept in the vault, and from --providers'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "show" -d 'Show a provider\'s endpoints, scopes, quirks and documentation sources'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "add" -d 'Keep provider definitions from a JSON file in the vault (adds or overrides)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "remove" -d 'Remove a provider definition kept in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "discover" -d 'Create a provider from an issuer\'s discovery document and keep it in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "list" -d 'List the workspaces in the vault'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "show" -d 'Show the current workspace (--workspace)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "add" -d 'Create a workspace'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "edit" -d 'Change the current workspace\'s platform domain'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "add" -d 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "list" -d 'List the workspace\'s apps'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "show" -d 'Show an app and the redirect URIs it needs registered'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "edit" -d 'Rename an app, set or clear its custom domain, turn its preview on or off'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from app" -f -a "remove" -d 'Remove an app and every connection made through it'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "serve" -d 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "register" -d 'Create (or update) a connector in the vault that points at the running sandbox'
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "configure" -d 'Change a running sandbox\'s failure modes, e.g. \'{"token_500": true}\''
complete -c connectors -n "__fish_connectors_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "answer" -d 'Answer the sandbox\'s consent page like a person (use as $BROWSER)'
