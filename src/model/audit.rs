//! The audit log's plain types: the closed set of actions, an entry, and which way a
//! change came in.

use serde::Serialize;

/// Every kind of change the audit log records: a closed set, so that the commands and
/// `apply` cannot drift apart. Each action names its target kind (the part before the dot)
/// and is documented in README's audit section with its detail fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    VaultInit,
    VaultRekey,
    /// The rows of a vault from before row MACs, signed on its first open with the key.
    VaultRowsSigned,
    /// The whole vault written to an encrypted archive.
    VaultExport,
    /// An encrypted archive restored or merged into this vault.
    VaultImport,
    /// This vault made as a copy of another (`vault copy`), recorded on the copy.
    VaultCopy,
    WorkspaceAdd,
    WorkspaceEdit,
    ProviderAdd,
    ProviderRemove,
    AppAdd,
    AppEdit,
    AppRemove,
    ConnectorAdd,
    ConnectorEdit,
    ConnectorDelete,
    /// A person's consent stored (a new connection or a reconnect).
    ConnectionConnect,
    /// The provider refused a consent or a code exchange.
    ConnectionRefused,
    /// The provider refused a refresh: the connection needs its person again.
    ConnectionNeedsReconnect,
    /// Tokens obtained but not kept (the connection changed meanwhile), revoked.
    ConnectionDiscarded,
    ConnectionDisconnect,
    /// A consent started for someone at the app (`connect-url`): a pending authorization.
    ConnectionStarted,
    /// A callback that did not finish a consent (used, expired, for another app).
    ConnectionCallbackRefused,
}

impl Action {
    pub const ALL: &[Action] = &[
        Action::VaultInit,
        Action::VaultRekey,
        Action::VaultRowsSigned,
        Action::VaultExport,
        Action::VaultImport,
        Action::VaultCopy,
        Action::WorkspaceAdd,
        Action::WorkspaceEdit,
        Action::ProviderAdd,
        Action::ProviderRemove,
        Action::AppAdd,
        Action::AppEdit,
        Action::AppRemove,
        Action::ConnectorAdd,
        Action::ConnectorEdit,
        Action::ConnectorDelete,
        Action::ConnectionConnect,
        Action::ConnectionRefused,
        Action::ConnectionNeedsReconnect,
        Action::ConnectionDiscarded,
        Action::ConnectionDisconnect,
        Action::ConnectionStarted,
        Action::ConnectionCallbackRefused,
    ];

    /// The action of a stored name.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::VaultInit => "vault.init",
            Action::VaultRekey => "vault.rekey",
            Action::VaultRowsSigned => "vault.rows_signed",
            Action::VaultExport => "vault.export",
            Action::VaultImport => "vault.import",
            Action::VaultCopy => "vault.copy",
            Action::WorkspaceAdd => "workspace.add",
            Action::WorkspaceEdit => "workspace.edit",
            Action::ProviderAdd => "provider.add",
            Action::ProviderRemove => "provider.remove",
            Action::AppAdd => "app.add",
            Action::AppEdit => "app.edit",
            Action::AppRemove => "app.remove",
            Action::ConnectorAdd => "connector.add",
            Action::ConnectorEdit => "connector.edit",
            Action::ConnectorDelete => "connector.delete",
            Action::ConnectionConnect => "connection.connect",
            Action::ConnectionRefused => "connection.refused",
            Action::ConnectionNeedsReconnect => "connection.needs_reconnect",
            Action::ConnectionDiscarded => "connection.discarded",
            Action::ConnectionDisconnect => "connection.disconnect",
            Action::ConnectionStarted => "connection.started",
            Action::ConnectionCallbackRefused => "connection.callback_refused",
        }
    }

    /// What the target names: a vault, workspace, provider, app or connector.
    pub fn target_kind(self) -> &'static str {
        match self.as_str().split('.').next() {
            // A connection is recorded under its connector's name; the details say which.
            Some("connection") => "connector",
            Some(kind) => kind,
            None => "vault",
        }
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub workspace: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target: String,
    pub details: serde_json::Value,
    /// Which way the change came in: `cli` (a command), `apply` (a configuration file),
    /// `import` (an archive), `copy` (`vault copy`); `None` for
    /// entries older than the record of it.
    #[serde(default)]
    pub via: Option<String>,
}

/// Which way a change came in, recorded with its audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Via {
    /// A command run by a person or a script.
    #[default]
    Cli,
    /// `apply` of a configuration file.
    Apply,
    /// `vault import` of an archive.
    Import,
    /// `vault copy` from another vault.
    Copy,
    /// A tool of `connectors mcp`, called by an AI assistant's client.
    Mcp,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cli => "cli",
            Via::Apply => "apply",
            Via::Import => "import",
            Via::Copy => "copy",
            Via::Mcp => "mcp",
        }
    }
}
