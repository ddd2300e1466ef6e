//! The row ids: one newtype per table, so that an app's id cannot be passed where a
//! connector's goes.

use std::fmt;

use serde::Serialize;

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

row_id!(
    /// A workspace's row.
    WorkspaceId
);
row_id!(
    /// An app's row.
    AppId
);
row_id!(
    /// A connector's row.
    ConnectorId
);
row_id!(
    /// A pending authorization's row: what its sealed verifier is bound to.
    PendingId
);
row_id!(
    /// A connection's row: also what its tokens are sealed to and what its lock is named by.
    ConnectionId
);
