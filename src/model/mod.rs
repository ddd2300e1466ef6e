//! The plain data types every layer speaks in: rows as the store returns them, their ids,
//! and the audit log's vocabulary. They import nothing above `error`, `expiry` and `time`:
//! the store builds them, the vault signs them, the services give them meaning (their
//! behaviour that needs a provider, a redirect rule or the vault lives in the services'
//! own `impl` blocks).

pub mod app;
pub mod audit;
pub mod connection;
pub mod connector;
mod ids;
pub mod pending;
pub mod workspace;

pub use app::App;
pub use audit::{Action, Entry, Via};
pub use connection::{Connection, Status, StoredStatus};
pub use connector::{Connector, Mode, Summary};
pub use ids::{AppId, ConnectionId, ConnectorId, PendingId, WorkspaceId};
pub use pending::PendingAuthorization;
pub use workspace::Workspace;
