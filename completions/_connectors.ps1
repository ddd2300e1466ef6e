
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'connectors' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'connectors'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'connectors' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Create the vault, check it, or change its key')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'The provider catalog: endpoints, scopes and quirks of each OAuth provider')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Workspaces and their platform domain')
            [CompletionResult]::new('app', 'app', [CompletionResultType]::ParameterValue, 'Apps of the workspace and the redirect URIs they need')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a connector: an OAuth app you registered at a provider')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one connector (the client secret masked)')
            [CompletionResult]::new('view', 'view', [CompletionResultType]::ParameterValue, 'Show one connector (the client secret masked)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a connector''s name, credentials, scopes, mode or redirect URIs')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connector and its connections')
            [CompletionResult]::new('redirect-uris', 'redirect-uris', [CompletionResultType]::ParameterValue, 'The exact redirect URIs an app needs registered at a provider')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect an account through a connector (browser consent, loopback redirect)')
            [CompletionResult]::new('connect-url', 'connect-url', [CompletionResultType]::ParameterValue, 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app''s redirect URI, whose handler runs `callback`')
            [CompletionResult]::new('callback', 'callback', [CompletionResultType]::ParameterValue, 'Finish a consent started by `connect-url`: the URL the provider sent the browser to')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List connections with status, granted versus required scopes, expiry and last error')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing it first when needed)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call a provider''s API as a connected person (like `gh api`): the token refreshed, sent only to the provider''s API hosts, never shown')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh the tokens of one user''s connection or of all of a connector''s connections')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Revoke a connection at the provider and delete its tokens')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the workspace''s connectors to an AI assistant over MCP (stdio); no secret reaches the client')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a workspace configuration file offline: every problem, with its line and fix')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change in the vault')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the vault match a configuration file, in one transaction')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the workspace as a configuration file (secrets as vault references)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the configuration file''s JSON Schema')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'The whole product end to end, in a demo vault against the local sandbox')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A local provider for development, with failure injection')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log of admin changes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ from these definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;vault' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault and its key')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s path, id, schema, key source and counts, and check the key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the vault''s key, re-encrypting every secret in one transaction')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Restore an exported archive into a new vault, or merge it into this one after a preview')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is')
            [CompletionResult]::new('sign-rows', 'sign-rows', [CompletionResultType]::ParameterValue, 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;vault;init' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Where to keep the vault''s key')
            [CompletionResult]::new('--platform-domain', '--platform-domain', [CompletionResultType]::ParameterName, 'The default workspace''s platform domain (apps live at APP.DOMAIN)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;status' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;rekey' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Where to keep the new key [default: where the current one is kept]')
            [CompletionResult]::new('--new-key-file', '--new-key-file', [CompletionResultType]::ParameterName, 'With a key file: write the new key to this file instead of replacing the current one')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;verify' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;export' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"); repeat for several')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'A recipient: an age public key (age1…) or an SSH public key ("ssh-ed25519 AAAA…", "ssh-rsa AAAA…"); repeat for several')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an authorized_keys file')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'A file of recipients, one a line (# comments), such as ~/.ssh/id_ed25519.pub or an authorized_keys file')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The archive to write (created with mode 0600; never overwritten)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The archive to write (created with mode 0600; never overwritten)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;import' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The private key that opens it: an age identity file or an SSH private key (a passphrase-protected one is asked for on a terminal)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The private key that opens it: an age identity file or an SSH private key (a passphrase-protected one is asked for on a terminal)')
            [CompletionResult]::new('--on-conflict', '--on-conflict', [CompletionResultType]::ParameterName, 'How to resolve an item that exists in the vault with other contents [default: refuse the import]')
            [CompletionResult]::new('--exporter', '--exporter', [CompletionResultType]::ParameterName, 'Trust an archive signed by this vault key (the fingerprint `vault export` printed where it was exported); archives signed by this vault''s own key or by an `--identity` key need none')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what the import would do, and change nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Import without asking (scripts)')
            [CompletionResult]::new('--allow-unauthenticated', '--allow-unauthenticated', [CompletionResultType]::ParameterName, 'Import an archive that is unsigned, or signed by a key not trusted otherwise: anyone with your public key can make one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where the copy goes: a new file''s path, or postgres://USER@HOST[:PORT]/DB naming a database that holds no vault (its password from PGPASSWORD or ~/.pgpass)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;sign-rows' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the rows that would be signed, and sign nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Sign without asking (for scripts, after a --dry-run)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;vault;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault and its key')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s path, id, schema, key source and counts, and check the key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the vault''s key, re-encrypting every secret in one transaction')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Restore an exported archive into a new vault, or merge it into this one after a preview')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is')
            [CompletionResult]::new('sign-rows', 'sign-rows', [CompletionResultType]::ParameterValue, 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;vault;help;init' {
            break
        }
        'connectors;vault;help;status' {
            break
        }
        'connectors;vault;help;rekey' {
            break
        }
        'connectors;vault;help;verify' {
            break
        }
        'connectors;vault;help;export' {
            break
        }
        'connectors;vault;help;import' {
            break
        }
        'connectors;vault;help;copy' {
            break
        }
        'connectors;vault;help;sign-rows' {
            break
        }
        'connectors;vault;help;help' {
            break
        }
        'connectors;providers' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the providers: built-in, kept in the vault, and from --providers')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a provider''s endpoints, scopes, quirks and documentation sources')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep provider definitions from a JSON file in the vault (adds or overrides)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a provider definition kept in the vault')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Create a provider from an issuer''s discovery document and keep it in the vault')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;providers;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;providers;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;providers;add' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;providers;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;providers;discover' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer URL (its /.well-known/openid-configuration or oauth-authorization-server is read)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;providers;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the providers: built-in, kept in the vault, and from --providers')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a provider''s endpoints, scopes, quirks and documentation sources')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep provider definitions from a JSON file in the vault (adds or overrides)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a provider definition kept in the vault')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Create a provider from an issuer''s discovery document and keep it in the vault')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;providers;help;list' {
            break
        }
        'connectors;providers;help;show' {
            break
        }
        'connectors;providers;help;add' {
            break
        }
        'connectors;providers;help;remove' {
            break
        }
        'connectors;providers;help;discover' {
            break
        }
        'connectors;providers;help;help' {
            break
        }
        'connectors;workspace' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces in the vault')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the current workspace (--workspace)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the current workspace''s platform domain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;workspace;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;workspace;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;workspace;add' {
            [CompletionResult]::new('--platform-domain', '--platform-domain', [CompletionResultType]::ParameterName, 'Apps of this workspace live at APP.DOMAIN')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;workspace;edit' {
            [CompletionResult]::new('--platform-domain', '--platform-domain', [CompletionResultType]::ParameterName, 'The new platform domain (every app''s derived redirect URIs change with it)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;workspace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces in the vault')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the current workspace (--workspace)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the current workspace''s platform domain')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;workspace;help;list' {
            break
        }
        'connectors;workspace;help;show' {
            break
        }
        'connectors;workspace;help;add' {
            break
        }
        'connectors;workspace;help;edit' {
            break
        }
        'connectors;workspace;help;help' {
            break
        }
        'connectors;app' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s apps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app and the redirect URIs it needs registered')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename an app, set or clear its custom domain, turn its preview on or off')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an app and every connection made through it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;app;add' {
            [CompletionResult]::new('--custom-domain', '--custom-domain', [CompletionResultType]::ParameterName, 'A custom domain the app is also served on (host only)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--no-preview', '--no-preview', [CompletionResultType]::ParameterName, 'The app has no preview deployment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;app;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;app;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;app;edit' {
            [CompletionResult]::new('--rename', '--rename', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--custom-domain', '--custom-domain', [CompletionResultType]::ParameterName, 'Set the custom domain')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--no-custom-domain', '--no-custom-domain', [CompletionResultType]::ParameterName, 'Remove the custom domain')
            [CompletionResult]::new('--preview', '--preview', [CompletionResultType]::ParameterName, 'The app has a preview deployment')
            [CompletionResult]::new('--no-preview', '--no-preview', [CompletionResultType]::ParameterName, 'The app has no preview deployment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;app;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;app;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s apps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app and the redirect URIs it needs registered')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename an app, set or clear its custom domain, turn its preview on or off')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an app and every connection made through it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;app;help;add' {
            break
        }
        'connectors;app;help;list' {
            break
        }
        'connectors;app;help;show' {
            break
        }
        'connectors;app;help;edit' {
            break
        }
        'connectors;app;help;remove' {
            break
        }
        'connectors;app;help;help' {
            break
        }
        'connectors;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A short name people recognise, unique in the workspace ("Google Calendar scheduling")')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client ID from the provider''s developer console')
            [CompletionResult]::new('--client-secret-env', '--client-secret-env', [CompletionResultType]::ParameterName, 'Read the client secret from the environment variable VAR')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (a trailing newline is removed)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Refused: a secret on the command line shows in `ps` and shell history')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope to request (repeat for each; never join several in one)')
            [CompletionResult]::new('--scopes-file', '--scopes-file', [CompletionResultType]::ParameterName, 'A file with one scope per line')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'per-user: each person connects their own account; shared: one account for everyone in an app')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'A redirect URI registered at the provider (repeat for each)')
            [CompletionResult]::new('--used-by', '--used-by', [CompletionResultType]::ParameterName, 'Only these apps use the connector (repeat for each; default: every app)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers)')
            [CompletionResult]::new('--login-host', '--login-host', [CompletionResultType]::ParameterName, 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com; default login.salesforce.com)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from standard input (a trailing newline is removed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;list' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only connectors of this provider')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--reveal-secret', '--reveal-secret', [CompletionResultType]::ParameterName, 'Print the client secret itself (asks for confirmation on a terminal)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --reveal-secret: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --reveal-secret: do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;view' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--reveal-secret', '--reveal-secret', [CompletionResultType]::ParameterName, 'Print the client secret itself (asks for confirmation on a terminal)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --reveal-secret: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --reveal-secret: do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;edit' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'A new client ID')
            [CompletionResult]::new('--client-secret-env', '--client-secret-env', [CompletionResultType]::ParameterName, 'Read the client secret from the environment variable VAR')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (a trailing newline is removed)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'Refused: a secret on the command line shows in `ps` and shell history')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Replace the scopes with these (repeat for each)')
            [CompletionResult]::new('--scopes-file', '--scopes-file', [CompletionResultType]::ParameterName, 'Replace the scopes with those in a file, one per line')
            [CompletionResult]::new('--add-scope', '--add-scope', [CompletionResultType]::ParameterName, 'Add a scope (repeatable)')
            [CompletionResult]::new('--remove-scope', '--remove-scope', [CompletionResultType]::ParameterName, 'Remove a scope (repeatable)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Change the mode (only while the connector has no connections)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Replace the registered redirect URIs with these (repeat for each)')
            [CompletionResult]::new('--add-redirect-uri', '--add-redirect-uri', [CompletionResultType]::ParameterName, 'Add a registered redirect URI (repeatable)')
            [CompletionResult]::new('--remove-redirect-uri', '--remove-redirect-uri', [CompletionResultType]::ParameterName, 'Remove a registered redirect URI (repeatable)')
            [CompletionResult]::new('--used-by', '--used-by', [CompletionResultType]::ParameterName, 'Only these apps use the connector (replaces the list; repeat for each)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Microsoft: the tenant in the endpoint URLs (tenant ID, tenant domain, common, organizations or consumers); '''' goes back to the provider''s default')
            [CompletionResult]::new('--login-host', '--login-host', [CompletionResultType]::ParameterName, 'Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com); '''' goes back to login.salesforce.com')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from standard input (a trailing newline is removed)')
            [CompletionResult]::new('--used-by-all', '--used-by-all', [CompletionResultType]::ParameterName, 'Every app of the workspace uses the connector')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;delete' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Revoke every connection at the provider before deleting')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;redirect-uris' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app')
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Also say where to register them at this connector''s provider, and check them')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The loopback port for local testing')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;connect' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app the connection is for')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The app''s ID for the person connecting (per-user connectors only)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Listen on this port (default: an ephemeral one); register http://127.0.0.1:PORT/api/external-auth/callback at the provider')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting for the browser after this many seconds (1 to 86400)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'With --paste: the registered redirect URI to send the browser to')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Print the URL to open instead of opening a browser')
            [CompletionResult]::new('--paste', '--paste', [CompletionResultType]::ParameterName, 'For providers that refuse loopback redirects: paste the URL you land on. Uses the app''s live redirect URI unless --redirect-uri says otherwise')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;connect-url' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app the person uses')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The app''s ID for the person (per-user connectors only)')
            [CompletionResult]::new('--redirect', '--redirect', [CompletionResultType]::ParameterName, 'Where the provider sends the browser back: the app''s `live`, `custom` or `preview` redirect URI, or a URI registered on the connector')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long the consent may take, in seconds (60 to 3600)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;callback' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app whose redirect URI the browser reached')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;connections' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only this app''s connections')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only this app user''s connections')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'List the consents waiting for their callback instead (`connect-url`, a `connect` under way): who, where, until when; never their state')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;token' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'app')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The app user (per-user connectors)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;api' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The app the connection is for')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The app user whose connection calls (per-user connectors)')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The HTTP method [default: GET, or POST with fields or --input]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method [default: GET, or POST with fields or --input]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, `Name: value` (repeatable); the token is set by connectors')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, `Name: value` (repeatable); the token is set by connectors')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A string field, key=value (repeatable): the query of a GET, else a JSON body')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A string field, key=value (repeatable): the query of a GET, else a JSON body')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'A typed field, key=value: a number, true, false, null, or @FILE for a file''s text')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'A typed field, key=value: a number, true, false, null, or @FILE for a file''s text')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'The request body from a file, or `-` for standard input')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a 429 or 5xx answer up to N times, waiting as the provider says')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'The longest wait before a retry, in seconds')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'The largest response body accepted, in bytes')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Also send the token to this host (an absolute URL''s host outside the provider''s)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the status line and the response headers before the body')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the status line and the response headers before the body')
            [CompletionResult]::new('--paginate', '--paginate', [CompletionResultType]::ParameterName, 'Follow every next page (RFC 8288 Link, or the provider''s cursor) and print each')
            [CompletionResult]::new('--silent', '--silent', [CompletionResultType]::ParameterName, 'Print no response body')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;refresh' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only connections of this app')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Refresh this user''s connection')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'How many refreshes run at once')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Refresh every connection of the connector (that has a refresh token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;disconnect' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'app')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The app user (per-user connectors)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;mcp' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Serve only the tools that change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (--json means --format json)')
            [CompletionResult]::new('--max-findings', '--max-findings', [CompletionResultType]::ParameterName, 'Print at most N findings (0: all) [default: 200, or 1000 for json and sarif]; the counts and the exit code cover every finding')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail on warnings too')
            [CompletionResult]::new('--allow-inline-secrets', '--allow-inline-secrets', [CompletionResultType]::ParameterName, 'Accept client secrets written in the file (as warnings)')
            [CompletionResult]::new('--resolve-secrets', '--resolve-secrets', [CompletionResultType]::ParameterName, 'Check that every secret reference resolves (environment variables set, files readable)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;plan' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--allow-inline-secrets', '--allow-inline-secrets', [CompletionResultType]::ParameterName, 'Accept client secrets written in the file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;apply' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (for CI)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (for CI)')
            [CompletionResult]::new('--allow-inline-secrets', '--allow-inline-secrets', [CompletionResultType]::ParameterName, 'Accept client secrets written in the file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output (refuses to overwrite)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output (refuses to overwrite)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;schema' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;doctor' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only this app''s redirect URIs')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'How many connectors are probed at once')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'No live probes: open no network connection at all')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Also call the provider''s "who am I" endpoint as each live connection (at most 20 a connector), proving its token works')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;quickstart' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where to create the demo vault (default: a new temporary directory)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Answer the sandbox''s consent pages yourself in your browser')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;sandbox' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or update) a connector in the vault that points at the running sandbox')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}''')
            [CompletionResult]::new('answer', 'answer', [CompletionResultType]::ParameterValue, 'Answer the sandbox''s consent page like a person (use as $BROWSER)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;sandbox;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port (0: any free one)')
            [CompletionResult]::new('--like', '--like', [CompletionResultType]::ParameterName, 'Answer like this provider: token shapes, client authentication, quirks')
            [CompletionResult]::new('--info-file', '--info-file', [CompletionResultType]::ParameterName, 'Where to write the sandbox''s address and credentials (0600)')
            [CompletionResult]::new('--access-ttl', '--access-ttl', [CompletionResultType]::ParameterName, 'Access tokens expire after this many seconds (1 to 31536000)')
            [CompletionResult]::new('--test-user', '--test-user', [CompletionResultType]::ParameterName, 'An account allowed while in testing mode (repeatable)')
            [CompletionResult]::new('--grant-only', '--grant-only', [CompletionResultType]::ParameterName, 'Grant only these scopes, whatever is asked (repeatable)')
            [CompletionResult]::new('--token-delay-ms', '--token-delay-ms', [CompletionResultType]::ParameterName, 'The token endpoint answers this long after issuing (and rotating) tokens (at most 600000)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'A redirect URI the sandbox accepts besides loopback ones (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--revoke-refresh-tokens', '--revoke-refresh-tokens', [CompletionResultType]::ParameterName, 'Refuse every refresh token (invalid_grant), as after a user revoked access')
            [CompletionResult]::new('--testing-mode', '--testing-mode', [CompletionResultType]::ParameterName, 'The OAuth app is in testing mode: only --test-user accounts may consent')
            [CompletionResult]::new('--redirect-mismatch', '--redirect-mismatch', [CompletionResultType]::ParameterName, 'Refuse every redirect URI (redirect_uri_mismatch)')
            [CompletionResult]::new('--invalid-client', '--invalid-client', [CompletionResultType]::ParameterName, 'The token endpoint refuses the client (invalid_client)')
            [CompletionResult]::new('--token-500', '--token-500', [CompletionResultType]::ParameterName, 'The token endpoint answers HTTP 500')
            [CompletionResult]::new('--no-rotation', '--no-rotation', [CompletionResultType]::ParameterName, 'Do not rotate refresh tokens (rotation with reuse detection is on by default)')
            [CompletionResult]::new('--revoke-token-only', '--revoke-token-only', [CompletionResultType]::ParameterName, 'Revocation revokes only the token presented, not its whole grant (RFC 7009 allows both)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;sandbox;register' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The connector''s name')
            [CompletionResult]::new('--info-file', '--info-file', [CompletionResultType]::ParameterName, 'The running sandbox''s file')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scopes (default: a typical set for the imitated provider)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'mode')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;sandbox;configure' {
            [CompletionResult]::new('--info-file', '--info-file', [CompletionResultType]::ParameterName, 'info-file')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;sandbox;answer' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account that signs in')
            [CompletionResult]::new('--withhold', '--withhold', [CompletionResultType]::ParameterName, 'Leave this scope unticked (repeatable): a partial grant')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Deny instead of approving')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the URL the provider sends the browser to, instead of opening it (for --paste)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;sandbox;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or update) a connector in the vault that points at the running sandbox')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}''')
            [CompletionResult]::new('answer', 'answer', [CompletionResultType]::ParameterValue, 'Answer the sandbox''s consent page like a person (use as $BROWSER)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;sandbox;help;serve' {
            break
        }
        'connectors;sandbox;help;register' {
            break
        }
        'connectors;sandbox;help;configure' {
            break
        }
        'connectors;sandbox;help;answer' {
            break
        }
        'connectors;sandbox;help;help' {
            break
        }
        'connectors;audit' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Only entries about this connector, app, workspace or provider')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many entries to show')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--all-workspaces', '--all-workspaces', [CompletionResultType]::ParameterName, 'Entries of every workspace, not just the current one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;generate-docs' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The repository root to write completions/ and man/ under')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault: a SQLite file, or a PostgreSQL database as postgres://USER@HOST[:PORT]/DB [default: connectors/vault.db in the platform data directory]')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace to act on')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'A file holding the vault''s key (an age identity); refused when group or others can read it')
            [CompletionResult]::new('--providers', '--providers', [CompletionResultType]::ParameterName, 'A JSON file of provider definitions that add to or override the built-in catalog')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only check that the files are up to date (exit 1 when they are not)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors as {"error": {...}})')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with the flag to pass instead (implied when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'connectors;help' {
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'Create the vault, check it, or change its key')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'The provider catalog: endpoints, scopes and quirks of each OAuth provider')
            [CompletionResult]::new('workspace', 'workspace', [CompletionResultType]::ParameterValue, 'Workspaces and their platform domain')
            [CompletionResult]::new('app', 'app', [CompletionResultType]::ParameterValue, 'Apps of the workspace and the redirect URIs they need')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a connector: an OAuth app you registered at a provider')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one connector (the client secret masked)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a connector''s name, credentials, scopes, mode or redirect URIs')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a connector and its connections')
            [CompletionResult]::new('redirect-uris', 'redirect-uris', [CompletionResultType]::ParameterValue, 'The exact redirect URIs an app needs registered at a provider')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect an account through a connector (browser consent, loopback redirect)')
            [CompletionResult]::new('connect-url', 'connect-url', [CompletionResultType]::ParameterValue, 'Start a consent for someone using an app: print the URL to send them to; their browser comes back to the app''s redirect URI, whose handler runs `callback`')
            [CompletionResult]::new('callback', 'callback', [CompletionResultType]::ParameterValue, 'Finish a consent started by `connect-url`: the URL the provider sent the browser to')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'List connections with status, granted versus required scopes, expiry and last error')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token (refreshing it first when needed)')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call a provider''s API as a connected person (like `gh api`): the token refreshed, sent only to the provider''s API hosts, never shown')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh the tokens of one user''s connection or of all of a connector''s connections')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Revoke a connection at the provider and delete its tokens')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the workspace''s connectors to an AI assistant over MCP (stdio); no secret reaches the client')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a workspace configuration file offline: every problem, with its line and fix')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change in the vault')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the vault match a configuration file, in one transaction')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the workspace as a configuration file (secrets as vault references)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the configuration file''s JSON Schema')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose every connector: redirect URIs, preview, credentials, scopes, testing mode, connections')
            [CompletionResult]::new('quickstart', 'quickstart', [CompletionResultType]::ParameterValue, 'The whole product end to end, in a demo vault against the local sandbox')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'A local provider for development, with failure injection')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log of admin changes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ from these definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connectors;help;vault' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new vault and its key')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s path, id, schema, key source and counts, and check the key')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the vault''s key, re-encrypting every secret in one transaction')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the whole vault: the database, every row''s integrity MAC, every secret (exit 0 when all pass, 1 when not)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the whole vault, secrets and tokens included, as one age file that only the given recipients (age or SSH public keys) can open')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Restore an exported archive into a new vault, or merge it into this one after a preview')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole vault to another engine (SQLite file to PostgreSQL database and back), with the same key; the source is left as it is')
            [CompletionResult]::new('sign-rows', 'sign-rows', [CompletionResultType]::ParameterValue, 'Sign the rows of a vault from before row signing, after showing them: nothing in such a vault is used until the admin has checked its rows and signed them')
            break
        }
        'connectors;help;vault;init' {
            break
        }
        'connectors;help;vault;status' {
            break
        }
        'connectors;help;vault;rekey' {
            break
        }
        'connectors;help;vault;verify' {
            break
        }
        'connectors;help;vault;export' {
            break
        }
        'connectors;help;vault;import' {
            break
        }
        'connectors;help;vault;copy' {
            break
        }
        'connectors;help;vault;sign-rows' {
            break
        }
        'connectors;help;providers' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the providers: built-in, kept in the vault, and from --providers')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a provider''s endpoints, scopes, quirks and documentation sources')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Keep provider definitions from a JSON file in the vault (adds or overrides)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a provider definition kept in the vault')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Create a provider from an issuer''s discovery document and keep it in the vault')
            break
        }
        'connectors;help;providers;list' {
            break
        }
        'connectors;help;providers;show' {
            break
        }
        'connectors;help;providers;add' {
            break
        }
        'connectors;help;providers;remove' {
            break
        }
        'connectors;help;providers;discover' {
            break
        }
        'connectors;help;workspace' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspaces in the vault')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the current workspace (--workspace)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a workspace')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change the current workspace''s platform domain')
            break
        }
        'connectors;help;workspace;list' {
            break
        }
        'connectors;help;workspace;show' {
            break
        }
        'connectors;help;workspace;add' {
            break
        }
        'connectors;help;workspace;edit' {
            break
        }
        'connectors;help;app' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an app (its name is its subdomain: NAME.PLATFORM_DOMAIN)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the workspace''s apps')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app and the redirect URIs it needs registered')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Rename an app, set or clear its custom domain, turn its preview on or off')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an app and every connection made through it')
            break
        }
        'connectors;help;app;add' {
            break
        }
        'connectors;help;app;list' {
            break
        }
        'connectors;help;app;show' {
            break
        }
        'connectors;help;app;edit' {
            break
        }
        'connectors;help;app;remove' {
            break
        }
        'connectors;help;add' {
            break
        }
        'connectors;help;list' {
            break
        }
        'connectors;help;show' {
            break
        }
        'connectors;help;edit' {
            break
        }
        'connectors;help;delete' {
            break
        }
        'connectors;help;redirect-uris' {
            break
        }
        'connectors;help;connect' {
            break
        }
        'connectors;help;connect-url' {
            break
        }
        'connectors;help;callback' {
            break
        }
        'connectors;help;connections' {
            break
        }
        'connectors;help;token' {
            break
        }
        'connectors;help;api' {
            break
        }
        'connectors;help;refresh' {
            break
        }
        'connectors;help;disconnect' {
            break
        }
        'connectors;help;mcp' {
            break
        }
        'connectors;help;validate' {
            break
        }
        'connectors;help;plan' {
            break
        }
        'connectors;help;apply' {
            break
        }
        'connectors;help;export' {
            break
        }
        'connectors;help;schema' {
            break
        }
        'connectors;help;doctor' {
            break
        }
        'connectors;help;quickstart' {
            break
        }
        'connectors;help;sandbox' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a local OAuth 2.0 / OpenID Connect provider on 127.0.0.1 until stopped')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Create (or update) a connector in the vault that points at the running sandbox')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Change a running sandbox''s failure modes, e.g. ''{"token_500": true}''')
            [CompletionResult]::new('answer', 'answer', [CompletionResultType]::ParameterValue, 'Answer the sandbox''s consent page like a person (use as $BROWSER)')
            break
        }
        'connectors;help;sandbox;serve' {
            break
        }
        'connectors;help;sandbox;register' {
            break
        }
        'connectors;help;sandbox;configure' {
            break
        }
        'connectors;help;sandbox;answer' {
            break
        }
        'connectors;help;audit' {
            break
        }
        'connectors;help;completions' {
            break
        }
        'connectors;help;generate-docs' {
            break
        }
        'connectors;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
