//! The audit log: every admin change, with when, who, what and which fields. Details
//! hold field names and non-secret values only; for a secret, only that it changed and
//! its fingerprint. Entries are written in the same transaction as the change.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use crate::error::Result;

/// Who is acting: `CONNECTORS_ACTOR` when set (CI can name itself), else the OS user.
pub fn actor() -> String {
    ["CONNECTORS_ACTOR", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(os_user)
}

#[cfg(unix)]
fn os_user() -> String {
    // SAFETY: getuid cannot fail; getpwuid_r writes only into the buffers given.
    unsafe {
        let uid = libc::getuid();
        let mut pw: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 1024];
        let mut out: *mut libc::passwd = std::ptr::null_mut();
        if libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut out) == 0
            && !out.is_null()
            && !pw.pw_name.is_null()
        {
            return std::ffi::CStr::from_ptr(pw.pw_name)
                .to_string_lossy()
                .into_owned();
        }
        format!("uid {uid}")
    }
}

#[cfg(not(unix))]
fn os_user() -> String {
    "unknown".into()
}

pub fn record(
    tx: &Transaction<'_>,
    workspace: Option<&str>,
    action: &str,
    target_kind: &str,
    target: &str,
    details: serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (at, actor, workspace, action, target_kind, target, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![crate::time::now(), actor(), workspace, action, target_kind, target, details.to_string()],
    )?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub workspace: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target: String,
    pub details: serde_json::Value,
}

/// The newest `limit` entries, newest first; optionally only those about `target`.
pub fn list(
    conn: &Connection,
    workspace: Option<&str>,
    target: Option<&str>,
    limit: u32,
) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, workspace, action, target_kind, target, details FROM audit
         WHERE (?1 IS NULL OR workspace = ?1 COLLATE NOCASE OR workspace IS NULL)
           AND (?2 IS NULL OR target = ?2 COLLATE NOCASE)
         ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![workspace, target, limit], |r| {
        let details: String = r.get(7)?;
        Ok(Entry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            workspace: r.get(3)?,
            action: r.get(4)?,
            target_kind: r.get(5)?,
            target: r.get(6)?,
            details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
