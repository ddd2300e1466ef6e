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

use crate::error::Error;
use crate::model::App;
use crate::model::Connection;
use crate::model::Connector;
use crate::model::PendingAuthorization;
use crate::model::Workspace;
use crate::store::{Read, SignedRow, StoredProvider};

type Hmac = hmac::Hmac<sha2::Sha256>;

/// The meta key of the mark that says the vault's rows are signed.
pub const MARK: &str = "row_macs";
/// The meta key the migration to row MACs leaves in an older vault: its rows are signed
/// by `vault sign-rows`, once the admin has seen them. Without it, a missing mark is
/// tampering; with it, too, when the key records that its vault's rows were signed.
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
pub struct Signer(Hmac);

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

/// A row that carries a MAC: what it signs, and how it is named.
pub trait Signed: Clone {
    /// The table, the first thing signed.
    const TABLE: &'static str;
    /// Feeds the row's identity and every column that matters.
    fn fields(&self, s: &mut Signer);
    fn row_mac(&self) -> Option<&[u8]>;
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>);
    /// Which row it is.
    fn row(&self) -> SignedRow;
    /// How it is named in messages.
    fn describe(&self) -> String;
}

/// A signed row whose MAC held when it was checked. Only the vault makes one (the field
/// is private), and only a verified connector or connection can have its secret revealed
/// ([`crate::vault::Vault::client_secret`], [`crate::vault::Vault::token`]): a secret never
/// reaches a provider from a row nobody checked.
#[derive(Debug)]
pub struct Verified<'a, T>(&'a T);

impl<'a, T: Signed> Verified<'a, T> {
    /// Only for the vault, right after the row's MAC was checked.
    pub(in crate::vault) fn vouch(row: &'a T) -> Self {
        Verified(row)
    }

    pub fn get(&self) -> &'a T {
        self.0
    }
}

impl<T> std::ops::Deref for Verified<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0
    }
}

impl Signed for Workspace {
    const TABLE: &'static str = "workspaces";
    fn fields(&self, s: &mut Signer) {
        s.int(self.id.0)
            .text(&self.name)
            .text(&self.platform_domain);
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::Workspace(self.id)
    }
    fn describe(&self) -> String {
        format!("workspace '{}' (row {})", self.name, self.id)
    }
}

impl Signed for App {
    const TABLE: &'static str = "apps";
    fn fields(&self, s: &mut Signer) {
        s.int(self.id.0)
            .int(self.workspace_id.0)
            .text(&self.name)
            .opt_text(self.custom_domain.as_deref())
            .int(i64::from(self.preview));
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::App(self.id)
    }
    fn describe(&self) -> String {
        format!("app '{}' (row {})", self.name, self.id)
    }
}

impl Signed for StoredProvider {
    const TABLE: &'static str = "providers";
    fn fields(&self, s: &mut Signer) {
        s.text(&self.name).text(&self.definition);
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::Provider(self.name.clone())
    }
    fn describe(&self) -> String {
        format!("the vault's definition of provider '{}'", self.name)
    }
}

impl Signed for Connector {
    const TABLE: &'static str = "connectors";
    fn fields(&self, s: &mut Signer) {
        s.int(self.id.0)
            .int(self.workspace_id.0)
            .text(&self.name)
            .text(&self.provider)
            .text(&self.client_id)
            .list(self.scopes.iter().map(String::as_str))
            .text(self.mode.as_str())
            .list(self.redirect_uris.iter().map(String::as_str))
            .list(self.apps.iter().map(String::as_str));
        s.int(self.endpoint_params.len() as i64);
        for (k, v) in &self.endpoint_params {
            s.text(k).text(v);
        }
        s.opt(self.secret_ciphertext.as_deref())
            .opt(self.secret_mac.as_deref());
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::Connector(self.id)
    }
    fn describe(&self) -> String {
        format!("connector '{}' (row {})", self.name, self.id)
    }
}

impl Signed for Connection {
    const TABLE: &'static str = "connections";
    fn fields(&self, s: &mut Signer) {
        s.int(self.id.0)
            .int(self.connector_id.0)
            .int(self.app_id.0)
            .text(self.user.as_deref().unwrap_or(""))
            .text(&self.stored_status)
            .opt_text(self.stored_reason.as_deref())
            .opt_text(self.account.as_deref())
            .list(self.granted_scopes.iter().map(String::as_str))
            .opt_text(self.token_type.as_deref())
            .opt_text(self.expires_at.as_deref())
            .opt(self.access_ct.as_deref())
            .opt(self.refresh_ct.as_deref())
            .opt(self.id_ct.as_deref())
            .int(self.grant_version);
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::Connection(self.id)
    }
    fn describe(&self) -> String {
        match &self.user {
            Some(u) => format!(
                "the connection of connector '{}' for app '{}', user '{}' (row {})",
                self.connector, self.app, u, self.id
            ),
            None => format!(
                "the shared connection of connector '{}' for app '{}' (row {})",
                self.connector, self.app, self.id
            ),
        }
    }
}

impl Signed for PendingAuthorization {
    const TABLE: &'static str = "pending_authorizations";
    fn fields(&self, s: &mut Signer) {
        s.int(self.id.0)
            .int(self.connector_id.0)
            .int(self.app_id.0)
            .text(self.user_key())
            .text(&self.redirect_uri)
            .text(&self.state_hash)
            .list(self.scopes.iter().map(String::as_str))
            .text(&self.origin)
            .text(&self.created_at)
            .text(&self.expires_at)
            .opt_text(self.used_at.as_deref())
            .opt(self.secrets_ct.as_deref());
    }
    fn row_mac(&self) -> Option<&[u8]> {
        self.row_mac.as_deref()
    }
    fn set_row_mac(&mut self, mac: Option<Vec<u8>>) {
        self.row_mac = mac;
    }
    fn row(&self) -> SignedRow {
        SignedRow::Pending(self.id)
    }
    fn describe(&self) -> String {
        format!(
            "the pending authorization of connector '{}' for app '{}' (row {})",
            self.connector, self.app, self.id
        )
    }
}

fn signer<T: Signed>(key: &RowKey, row: &T) -> Signer {
    let mut s = Signer::new(key, T::TABLE);
    row.fields(&mut s);
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

fn verify(signer: Signer, mac: Option<&[u8]>) -> Seal {
    match mac {
        None => Seal::Missing,
        Some(m) if signer.0.verify_slice(m).is_ok() => Seal::Intact,
        Some(_) => Seal::Broken,
    }
}

fn finish(signer: Signer) -> Vec<u8> {
    signer.0.finalize().into_bytes().to_vec()
}

/// The MAC of a row as it is now.
pub fn sign<T: Signed>(key: &RowKey, row: &T) -> Vec<u8> {
    finish(signer(key, row))
}

/// Whether a row is what its MAC was written over.
pub fn check<T: Signed>(key: &RowKey, row: &T) -> Seal {
    verify(signer(key, row), row.row_mac())
}

pub fn sign_mark(key: &RowKey, vault_id: &str) -> Vec<u8> {
    finish(mark_signer(key, vault_id))
}

pub fn check_mark(key: &RowKey, vault_id: &str, mark: Option<&[u8]>) -> Seal {
    verify(mark_signer(key, vault_id), mark)
}

/// Any signed row, read by its [`SignedRow`].
#[derive(Clone)]
pub enum Row {
    Workspace(Workspace),
    App(App),
    Provider(StoredProvider),
    Connector(Connector),
    Connection(Connection),
    Pending(PendingAuthorization),
}

impl Row {
    /// Reads a row (`None` when it is gone, or when a connection's connector or app is).
    pub fn read(db: &dyn Read, row: &SignedRow) -> crate::error::Result<Option<Row>> {
        Ok(match row {
            SignedRow::Workspace(id) => db.workspace_by_id(*id)?.map(Row::Workspace),
            SignedRow::App(id) => db.app_by_id(*id)?.map(Row::App),
            SignedRow::Provider(name) => db.provider_definition(name)?.map(Row::Provider),
            SignedRow::Connector(id) => db.connector_by_id(*id)?.map(Row::Connector),
            SignedRow::Connection(id) => db.connection_by_id(*id)?.map(Row::Connection),
            SignedRow::Pending(id) => db.pending_by_id(*id)?.map(Row::Pending),
        })
    }

    pub fn table(&self) -> &'static str {
        match self {
            Row::Workspace(_) => Workspace::TABLE,
            Row::App(_) => App::TABLE,
            Row::Provider(_) => StoredProvider::TABLE,
            Row::Connector(_) => Connector::TABLE,
            Row::Connection(_) => Connection::TABLE,
            Row::Pending(_) => PendingAuthorization::TABLE,
        }
    }

    pub fn sign(&self, key: &RowKey) -> Vec<u8> {
        match self {
            Row::Workspace(r) => sign(key, r),
            Row::App(r) => sign(key, r),
            Row::Provider(r) => sign(key, r),
            Row::Connector(r) => sign(key, r),
            Row::Connection(r) => sign(key, r),
            Row::Pending(r) => sign(key, r),
        }
    }

    pub fn check(&self, key: &RowKey) -> Seal {
        match self {
            Row::Workspace(r) => check(key, r),
            Row::App(r) => check(key, r),
            Row::Provider(r) => check(key, r),
            Row::Connector(r) => check(key, r),
            Row::Connection(r) => check(key, r),
            Row::Pending(r) => check(key, r),
        }
    }

    pub fn row_mac(&self) -> Option<Vec<u8>> {
        match self {
            Row::Workspace(r) => r.row_mac().map(<[u8]>::to_vec),
            Row::App(r) => r.row_mac().map(<[u8]>::to_vec),
            Row::Provider(r) => r.row_mac().map(<[u8]>::to_vec),
            Row::Connector(r) => r.row_mac().map(<[u8]>::to_vec),
            Row::Connection(r) => r.row_mac().map(<[u8]>::to_vec),
            Row::Pending(r) => r.row_mac().map(<[u8]>::to_vec),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Row::Workspace(r) => r.describe(),
            Row::App(r) => r.describe(),
            Row::Provider(r) => r.describe(),
            Row::Connector(r) => r.describe(),
            Row::Connection(r) => r.describe(),
            Row::Pending(r) => r.describe(),
        }
    }
}

/// The error for a row whose MAC does not match: exit 3, and nothing was sent.
pub fn tampered(row: &str, seal: Seal) -> Error {
    let how = match seal {
        Seal::Missing => "has no integrity MAC",
        _ => "does not match the integrity MAC written with it",
    };
    Error::with(crate::error::code::VAULT_TAMPERED,
        format!("{row} {how}: it was changed outside connectors, so it was not used and nothing was sent anywhere"),
    )
    .hint("run `connectors vault verify` to list every changed row; put them back from a backup (`connectors vault import BACKUP --identity KEY --on-conflict replace`, for an archive `vault export` wrote before the change), or remove the row and set it up again (`connectors disconnect`, `connectors delete`, `connectors providers remove`)")
}

/// The error for a vault whose integrity mark is missing (and no migration left it
/// pending) or does not match its key: exit 3, and nothing was used.
/// A vault whose rows were never signed (a vault from before row signing, or one made to
/// look like it): nothing in it is trusted until the admin has looked and signed.
pub fn unsigned_error() -> Error {
    Error::with(crate::error::code::ROWS_UNSIGNED,
        "this vault's rows carry no integrity MACs, as in a vault from before row signing; nothing in it was used or sent anywhere",
    )
    .hint("if this vault really comes from an older connectors, review its rows and sign them: `connectors vault sign-rows`; if it was signed before, someone stripped its integrity data: restore it from a backup")
}

pub fn mark_error(seal: Seal) -> Error {
    let what = match seal {
        Seal::Missing => {
            "is missing, and no upgrade left it pending: the vault's integrity data was removed outside connectors"
        }
        _ => "does not match the vault's key: it was changed outside connectors",
    };
    Error::with(crate::error::code::VAULT_TAMPERED,
        format!("the vault's integrity mark {what}; nothing in it was used or sent anywhere"),
    )
    .hint("restore the vault from a backup taken before the change; `connectors vault verify` lists the rows that no longer pass")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> RowKey {
        Zeroizing::new([b; 32])
    }

    fn provider(def: &str) -> StoredProvider {
        StoredProvider {
            updated_at: String::new(),
            name: "acme".into(),
            definition: def.into(),
            row_mac: None,
        }
    }

    #[test]
    fn a_signed_row_checks_and_any_change_breaks_it() {
        let k = key(1);
        let mut p = provider(r#"{"token_url":"https://acme.example/token"}"#);
        assert_eq!(check(&k, &p), Seal::Missing);
        p.row_mac = Some(sign(&k, &p));
        assert_eq!(check(&k, &p), Seal::Intact);
        assert_eq!(check(&key(2), &p), Seal::Broken);
        p.definition = r#"{"token_url":"http://127.0.0.1:9/token"}"#.into();
        assert_eq!(check(&k, &p), Seal::Broken);
    }

    #[test]
    fn fields_cannot_move_between_each_other() {
        // Length prefixes: ("ab", "c") and ("a", "bc") sign differently.
        let k = key(3);
        let a = StoredProvider {
            updated_at: String::new(),
            name: "ab".into(),
            definition: "c".into(),
            row_mac: None,
        };
        let b = StoredProvider {
            updated_at: String::new(),
            name: "a".into(),
            definition: "bc".into(),
            row_mac: None,
        };
        assert_ne!(sign(&k, &a), sign(&k, &b));
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

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Known answers: the encoding of each kind of row is part of every vault on disk. A
    /// change to it, however harmless it looks, turns every existing vault's rows into
    /// tampered ones; this test fails first.
    #[test]
    fn the_encoding_of_every_row_stays_what_vaults_were_signed_with() {
        use crate::store::{AppId, ConnectionId, ConnectorId, WorkspaceId};
        let k = key(7);
        let ws = Workspace {
            id: WorkspaceId(1),
            name: "default".into(),
            platform_domain: "base44.app".into(),
            created_at: "t".into(),
            updated_at: "t".into(),
            row_mac: None,
        };
        let app = App {
            id: AppId(2),
            name: "crm".into(),
            custom_domain: Some("crm.example.com".into()),
            preview: true,
            created_at: "t".into(),
            updated_at: "t".into(),
            workspace_id: WorkspaceId(1),
            row_mac: None,
        };
        let provider = provider(r#"{"name":"acme"}"#);
        let connector = Connector {
            id: ConnectorId(3),
            name: "Calendar".into(),
            provider: "microsoft".into(),
            client_id: "cid".into(),
            scopes: vec!["openid".into(), "offline_access".into()],
            mode: crate::model::Mode::PerUser,
            redirect_uris: vec!["https://crm.base44.app/api/external-auth/callback".into()],
            apps: vec!["crm".into()],
            endpoint_params: [("tenant".to_string(), "common".to_string())].into(),
            created_at: "t".into(),
            updated_at: "t".into(),
            secret_ciphertext: Some(vec![1, 2, 3]),
            secret_mac: Some(vec![4, 5]),
            workspace_id: WorkspaceId(1),
            row_mac: None,
        };
        let connection = Connection {
            id: ConnectionId(4),
            connector_id: ConnectorId(3),
            app_id: AppId(2),
            connector: "Calendar".into(),
            app: "crm".into(),
            user: Some("ada".into()),
            status: crate::model::Status::Active,
            status_reason: None,
            account: Some("ada@example.test".into()),
            granted_scopes: vec!["openid".into()],
            token_type: Some("Bearer".into()),
            expires_at: Some("2026-01-01T00:00:00Z".into()),
            has_refresh_token: true,
            last_error: None,
            created_at: "t".into(),
            updated_at: "t".into(),
            refreshed_at: None,
            access_ct: Some(vec![6]),
            refresh_ct: Some(vec![7]),
            grant_version: 5,
            id_ct: None,
            stored_status: "active".into(),
            row_mac: None,
            refresh_started_at: None,
            stored_reason: None,
        };
        let got = [
            hex(&sign(&k, &ws)),
            hex(&sign(&k, &app)),
            hex(&sign(&k, &provider)),
            hex(&sign(&k, &connector)),
            hex(&sign(&k, &connection)),
            hex(&sign_mark(&k, "vault-id")),
        ];
        let want = [
            "8f6dda386cbf5627019954f15c1effa460b6163f29f31874a9d4bd11b6e2bdf9",
            "16ea5aad3f11f6b3aedea69b8e2df84d592e05be66f3a87f41650fcc1a1d5377",
            "58da74286dd982e3a31057900bdb3cd936f9898549ab6b77049de44e699c3a5c",
            "f1b8b0933afff96fc7410b04ad07c1c0c7ac4a4affb7838aa17c2ebaad8b1f5a",
            "a78b52bcbba1d851e194e6262f5b17d6ba8a23c4ec22ab42928e4dcb7ec3c150",
            "a66292da797ec1518d6d66f22ed084c78a2f2a8ffdfd2a839682e4ae034d684c",
        ];
        assert_eq!(got, want);
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
