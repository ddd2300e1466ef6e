//! Tamper evidence. Sealing needs only the vault's public key, which the vault itself
//! holds, so ciphertexts and plain columns alone could be forged by anyone who can write
//! the file. Every row that decides where a secret goes or what a token is (provider
//! definitions kept in the vault, connectors, connections) therefore carries a MAC:
//! HMAC-SHA-256 under a key derived from the vault's identity, over the row's table,
//! id and every column that matters, ciphertexts included. Only a holder of the key can
//! write a row that passes; the row is checked before any of its secrets is sent or any
//! of its tokens is returned.
//!
//! A mark in `meta` (a MAC over the vault id) says that the vault's rows are signed, so
//! that a missing row MAC reads as tampering. What no MAC inside the file can detect is
//! a row, or the whole file, put back to an earlier state of itself (README, "Security
//! model").
//!
//! The encoding is length-prefixed, so that no two different rows encode alike.

use hmac::{KeyInit, Mac};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::app::App;
use crate::connection::Connection;
use crate::connector::Connector;
use crate::error::Error;
use crate::store::StoredProvider;
use crate::workspace::Workspace;

type Hmac = hmac::Hmac<sha2::Sha256>;

/// The meta key of the mark that says the vault's rows are signed.
pub const MARK: &str = "row_macs";
/// The meta key the migration to row MACs leaves in an older vault: its rows are signed
/// on its next use with the key. Without it, a missing mark is tampering.
pub const PENDING: &str = "row_macs_pending";

/// The key of the row MACs.
pub type RowKey = Zeroizing<[u8; 32]>;

/// Derives the row-MAC key from the vault's identity and id (distinct from the key of
/// the client-secret MACs by its label).
pub fn row_key(identity: &age::x25519::Identity, vault_id: &str) -> RowKey {
    let id = identity.to_string();
    let mut m =
        Hmac::new_from_slice(id.expose_secret().as_bytes()).expect("HMAC takes any key length");
    m.update(b"connectors/row-mac/v1\0");
    m.update(vault_id.as_bytes());
    Zeroizing::new(m.finalize().into_bytes().into())
}

/// A MAC being computed over one row's fields.
struct Signer(Hmac);

impl Signer {
    fn new(key: &RowKey, table: &str) -> Signer {
        let mut s = Signer(Hmac::new_from_slice(&key[..]).expect("HMAC takes any key length"));
        s.bytes(b"connectors/row/v1");
        s.bytes(table.as_bytes());
        s
    }

    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_be_bytes());
        self.0.update(b);
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    fn int(&mut self, i: i64) -> &mut Self {
        self.0.update(&i.to_be_bytes());
        self
    }

    fn opt(&mut self, b: Option<&[u8]>) -> &mut Self {
        match b {
            None => self.0.update(&[0]),
            Some(b) => {
                self.0.update(&[1]);
                self.bytes(b);
            }
        }
        self
    }

    fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        self.opt(s.map(str::as_bytes))
    }

    fn list<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a str>) -> &mut Self {
        self.int(items.len() as i64);
        for item in items {
            self.text(item);
        }
        self
    }
}

fn connector_signer(key: &RowKey, c: &Connector) -> Signer {
    let mut s = Signer::new(key, "connectors");
    s.int(c.id.0)
        .int(c.workspace_id.0)
        .text(&c.name)
        .text(&c.provider)
        .text(&c.client_id)
        .list(c.scopes.iter().map(String::as_str))
        .text(c.mode.as_str())
        .list(c.redirect_uris.iter().map(String::as_str))
        .list(c.apps.iter().map(String::as_str));
    s.int(c.endpoint_params.len() as i64);
    for (k, v) in &c.endpoint_params {
        s.text(k).text(v);
    }
    s.opt(c.secret_ciphertext.as_deref())
        .opt(c.secret_mac.as_deref());
    s
}

fn connection_signer(key: &RowKey, c: &Connection) -> Signer {
    let mut s = Signer::new(key, "connections");
    s.int(c.id.0)
        .int(c.connector_id.0)
        .int(c.app_id.0)
        .text(c.user.as_deref().unwrap_or(""))
        .text(&c.stored_status)
        .opt_text(c.status_reason.as_deref())
        .opt_text(c.account.as_deref())
        .list(c.granted_scopes.iter().map(String::as_str))
        .opt_text(c.token_type.as_deref())
        .opt_text(c.expires_at.as_deref())
        .opt(c.access_ct.as_deref())
        .opt(c.refresh_ct.as_deref())
        .opt(c.id_ct.as_deref())
        .int(c.grant_version);
    s
}

fn workspace_signer(key: &RowKey, w: &Workspace) -> Signer {
    let mut s = Signer::new(key, "workspaces");
    s.int(w.id.0).text(&w.name).text(&w.platform_domain);
    s
}

fn app_signer(key: &RowKey, a: &App) -> Signer {
    let mut s = Signer::new(key, "apps");
    s.int(a.id.0)
        .int(a.workspace_id.0)
        .text(&a.name)
        .opt_text(a.custom_domain.as_deref())
        .int(i64::from(a.preview));
    s
}

fn provider_signer(key: &RowKey, p: &StoredProvider) -> Signer {
    let mut s = Signer::new(key, "providers");
    s.text(&p.name).text(&p.definition);
    s
}

fn mark_signer(key: &RowKey, vault_id: &str) -> Signer {
    let mut s = Signer::new(key, "meta");
    s.text(MARK).text(vault_id);
    s
}

/// What a row's MAC says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seal {
    Intact,
    /// The row has no MAC (in a vault whose rows are signed: tampering).
    Missing,
    /// The row's content is not what was signed.
    Broken,
}

fn check(signer: Signer, mac: Option<&[u8]>) -> Seal {
    match mac {
        None => Seal::Missing,
        Some(m) if signer.0.verify_slice(m).is_ok() => Seal::Intact,
        Some(_) => Seal::Broken,
    }
}

fn finish(signer: Signer) -> Vec<u8> {
    signer.0.finalize().into_bytes().to_vec()
}

pub fn sign_connector(key: &RowKey, c: &Connector) -> Vec<u8> {
    finish(connector_signer(key, c))
}

pub fn check_connector(key: &RowKey, c: &Connector) -> Seal {
    check(connector_signer(key, c), c.row_mac.as_deref())
}

pub fn sign_connection(key: &RowKey, c: &Connection) -> Vec<u8> {
    finish(connection_signer(key, c))
}

pub fn check_connection(key: &RowKey, c: &Connection) -> Seal {
    check(connection_signer(key, c), c.row_mac.as_deref())
}

pub fn sign_workspace(key: &RowKey, w: &Workspace) -> Vec<u8> {
    finish(workspace_signer(key, w))
}

pub fn check_workspace(key: &RowKey, w: &Workspace) -> Seal {
    check(workspace_signer(key, w), w.row_mac.as_deref())
}

pub fn sign_app(key: &RowKey, a: &App) -> Vec<u8> {
    finish(app_signer(key, a))
}

pub fn check_app(key: &RowKey, a: &App) -> Seal {
    check(app_signer(key, a), a.row_mac.as_deref())
}

pub fn sign_provider(key: &RowKey, p: &StoredProvider) -> Vec<u8> {
    finish(provider_signer(key, p))
}

pub fn check_provider(key: &RowKey, p: &StoredProvider) -> Seal {
    check(provider_signer(key, p), p.row_mac.as_deref())
}

pub fn sign_mark(key: &RowKey, vault_id: &str) -> Vec<u8> {
    finish(mark_signer(key, vault_id))
}

pub fn check_mark(key: &RowKey, vault_id: &str, mark: Option<&[u8]>) -> Seal {
    check(mark_signer(key, vault_id), mark)
}

/// The error for a row whose MAC does not match: exit 3, and nothing was sent.
pub fn tampered(row: &str, seal: Seal) -> Error {
    let how = match seal {
        Seal::Missing => "has no integrity MAC",
        _ => "does not match the integrity MAC written with it",
    };
    Error::vault(
        "vault_tampered",
        format!("{row} {how}: it was changed outside connectors, so it was not used and nothing was sent anywhere"),
    )
    .hint("run `connectors vault verify` to list every changed row; restore the vault from a backup taken before the change, or remove the row and set it up again (`connectors disconnect`, `connectors delete`, `connectors providers remove`)")
}

/// The error for a vault whose integrity mark is missing (and no migration left it
/// pending) or does not match its key: exit 3, and nothing was used.
pub fn mark_error(seal: Seal) -> Error {
    let what = match seal {
        Seal::Missing => {
            "is missing, and no upgrade left it pending: the vault's integrity data was removed outside connectors"
        }
        _ => "does not match the vault's key: it was changed outside connectors",
    };
    Error::vault(
        "vault_tampered",
        format!("the vault's integrity mark {what}; nothing in it was used or sent anywhere"),
    )
    .hint("restore the vault from a backup taken before the change; `connectors vault verify` lists the rows that no longer pass")
}

/// How a workspace is named in messages.
pub fn describe_workspace(w: &Workspace) -> String {
    format!("workspace '{}' (row {})", w.name, w.id)
}

/// How an app is named in messages.
pub fn describe_app(a: &App) -> String {
    format!("app '{}' (row {})", a.name, a.id)
}

/// How a connector is named in messages.
pub fn describe_connector(c: &Connector) -> String {
    format!("connector '{}' (row {})", c.name, c.id)
}

/// How a connection is named in messages.
pub fn describe_connection(c: &Connection) -> String {
    match &c.user {
        Some(u) => format!(
            "the connection of connector '{}' for app '{}', user '{}' (row {})",
            c.connector, c.app, u, c.id
        ),
        None => format!(
            "the shared connection of connector '{}' for app '{}' (row {})",
            c.connector, c.app, c.id
        ),
    }
}

/// How a stored provider definition is named in messages.
pub fn describe_provider(p: &StoredProvider) -> String {
    format!("the vault's definition of provider '{}'", p.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> RowKey {
        Zeroizing::new([b; 32])
    }

    fn provider(def: &str) -> StoredProvider {
        StoredProvider {
            name: "acme".into(),
            definition: def.into(),
            row_mac: None,
        }
    }

    #[test]
    fn a_signed_row_checks_and_any_change_breaks_it() {
        let k = key(1);
        let mut p = provider(r#"{"token_url":"https://acme.example/token"}"#);
        assert_eq!(check_provider(&k, &p), Seal::Missing);
        p.row_mac = Some(sign_provider(&k, &p));
        assert_eq!(check_provider(&k, &p), Seal::Intact);
        assert_eq!(check_provider(&key(2), &p), Seal::Broken);
        p.definition = r#"{"token_url":"http://127.0.0.1:9/token"}"#.into();
        assert_eq!(check_provider(&k, &p), Seal::Broken);
    }

    #[test]
    fn fields_cannot_move_between_each_other() {
        // Length prefixes: ("ab", "c") and ("a", "bc") sign differently.
        let k = key(3);
        let a = StoredProvider {
            name: "ab".into(),
            definition: "c".into(),
            row_mac: None,
        };
        let b = StoredProvider {
            name: "a".into(),
            definition: "bc".into(),
            row_mac: None,
        };
        assert_ne!(sign_provider(&k, &a), sign_provider(&k, &b));
        let mut l1 = Signer::new(&k, "t");
        l1.list(["a", "b"].into_iter());
        let mut l2 = Signer::new(&k, "t");
        l2.list(["ab"].into_iter());
        assert_ne!(finish(l1), finish(l2));
        let mut n1 = Signer::new(&k, "t");
        n1.opt(None).opt(Some(b""));
        let mut n2 = Signer::new(&k, "t");
        n2.opt(Some(b"")).opt(None);
        assert_ne!(finish(n1), finish(n2));
    }

    #[test]
    fn the_mark_belongs_to_one_vault() {
        let k = key(4);
        let m = sign_mark(&k, "v1");
        assert_eq!(check_mark(&k, "v1", Some(&m)), Seal::Intact);
        assert_eq!(check_mark(&k, "v2", Some(&m)), Seal::Broken);
        assert_eq!(check_mark(&k, "v1", None), Seal::Missing);
    }
}
