//! `vault copy --to LOCATION`: the whole vault into another engine (SQLite to PostgreSQL
//! and back), exactly: every workspace, provider definition, app, connector, connection
//! and audit entry, with the same vault id, key and key facts, so that every machine
//! that holds the key opens the copy as it opened the source. Sealed values are opened and
//! sealed again to their rows in the copy (whose ids are the copy's own), and every row is
//! signed there. The source is only read.
//!
//! The copy is made in two transactions on the target: its key facts with a mark that
//! says the copy is incomplete, then everything else, which removes the mark. A vault
//! with the mark is refused by every command (`vault_incomplete`); running the copy
//! again discards it first. So an interrupted copy is never taken for a vault. One copy
//! into a place runs at a time (a lock on the target, freed when the copy ends or dies),
//! so a copy still under way is never taken for an interrupted one.

use serde::Serialize;

use super::archive::{self, OnConflict, Origin};
use super::keys::KeyOptions;
use super::{Vault, integrity};
use crate::error::{Error, Result};
use crate::store::{Location, Store};

/// The meta key that marks a copy under way; its value is the source's description.
pub const INCOMPLETE: &str = "copy_incomplete";

/// The key facts copied as they are.
const KEY_META: &[&str] = &[
    "vault_id",
    "created_at",
    "recipient",
    "key_check",
    "key_store",
    "key_store_detail",
    "key_generation",
    "passphrase_identity",
    integrity::MARK,
];

#[derive(Debug, Serialize)]
pub struct CopyReport {
    pub from: String,
    pub from_engine: &'static str,
    pub to: String,
    pub to_engine: &'static str,
    pub vault_id: String,
    pub counts: archive::Counts,
    /// Whether an interrupted earlier copy at the target was discarded first.
    pub discarded_incomplete: bool,
}

/// Copies `source` to `to`, which must hold no vault (or an interrupted copy).
pub fn copy(source: &Vault, to: &Location, key_opts: KeyOptions) -> Result<CopyReport> {
    source.unlock()?;
    let from = source.location().describe();
    if same_place(source.location(), to) {
        return Err(Error::with(
            crate::error::code::COPY_ONTO_ITSELF,
            format!("--to names the vault being copied ({from})"),
        )
        .hint("name another file or database with --to"));
    }
    // No rekey of the source while it is read: the key facts copied must be those of the
    // data copied.
    let vault_id = source.meta().vault_id.clone();
    let _no_rekey = source.store().lock(
        &vault_id,
        &crate::store::LockName::Rekey,
        true,
        std::time::Duration::from_secs(60),
    )?;
    source.check_key_generation()?;
    // The key in force now (a rekey that finished while the lock was awaited changed it).
    let key = source.unlock()?;
    // One copy into `to` at a time, for the whole run: a second never takes this one's
    // work for an interrupted copy.
    let _one_copy = Store::copy_lock(to)?;
    let discarded_incomplete = discard_incomplete(to)?;
    // One consistent read of the source, every row checked by its MAC on the way.
    let data = archive::snapshot(source)?;
    let counts = data.counts();
    let meta: Vec<(&str, Vec<u8>)> = KEY_META
        .iter()
        .filter_map(|k| match source.db().meta(k) {
            Ok(Some(v)) => Some(Ok((*k, v))),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_>>()?;
    // A temporary file that a copy killed while building it left behind went with the
    // copy lock's taking.
    Store::create(to, crate::store::COPY_TAG, |db| {
        for (k, v) in &meta {
            db.set_meta(k, v)?;
        }
        db.delete_meta(integrity::PENDING)?;
        db.set_meta(INCOMPLETE, from.as_bytes())
    })?;
    let target = Vault::open_incomplete(
        to,
        key_opts.with_loaded(&key),
        crate::store::Upgrade::Migrate,
    )?;
    let plan = archive::plan(&target, &data, Some(OnConflict::Replace))?;
    archive::import(
        &target,
        &data,
        Some(OnConflict::Replace),
        &plan,
        &Origin::Copy {
            from: from.clone(),
            engine: source.location().engine_name(),
            counts: data.counts(),
        },
    )?;
    target.write(|tx| tx.raw().delete_meta(INCOMPLETE))?;
    Ok(CopyReport {
        from,
        from_engine: source.location().engine_name(),
        to: to.describe(),
        to_engine: to.engine_name(),
        vault_id,
        counts,
        discarded_incomplete,
    })
}

fn same_place(a: &Location, b: &Location) -> bool {
    match (a, b) {
        (Location::File(x), Location::File(y)) => {
            let real = |p: &std::path::Path| std::fs::canonicalize(p).ok();
            x == y || (real(x).is_some() && real(x) == real(y))
        }
        (Location::Postgres(x), Location::Postgres(y)) => {
            x.host() == y.host() && x.port() == y.port() && x.dbname() == y.dbname()
        }
        _ => false,
    }
}

/// Refuses a target that holds a vault; discards one that is an interrupted copy.
fn discard_incomplete(to: &Location) -> Result<bool> {
    let store = match Store::open(to) {
        Ok(s) => s,
        Err(e) if e.code == "no_vault" => return Ok(false),
        Err(e) => return Err(e),
    };
    if store.read().meta(INCOMPLETE)?.is_none() {
        return Err(Error::with(
            crate::error::code::VAULT_EXISTS,
            format!(
                "a vault already exists at {}; it was left untouched",
                to.describe()
            ),
        )
        .hint("name an empty database or a new file with --to"));
    }
    drop(store);
    Store::discard(to, INCOMPLETE)?;
    Ok(true)
}
