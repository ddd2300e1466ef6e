//! The audit log: every admin change, with when, who, what and which fields. Details
//! hold field names and non-secret values only; for a secret, only that it changed and
//! its fingerprint. Entries are written in the same transaction as the change.

use crate::error::Result;

pub use crate::model::{Action, Entry, Via};

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

/// Appends an entry in the caller's write transaction, so that it lands with the change.
pub fn record(
    tx: &dyn crate::store::Write,
    via: Via,
    workspace: Option<&str>,
    action: Action,
    target: &str,
    details: serde_json::Value,
) -> Result<()> {
    tx.append_audit(&crate::store::NewEntry {
        at: &crate::time::now(),
        actor: &actor(),
        workspace,
        action,
        target,
        details: &details,
        via: Some(via.as_str()),
    })
}

/// The newest `limit` entries, newest first; optionally only those about `target`.
pub fn list(
    db: &dyn crate::store::Read,
    workspace: Option<&str>,
    target: Option<&str>,
    limit: u32,
) -> Result<Vec<Entry>> {
    db.audit(workspace, target, None, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_unique_and_name_their_target_kind() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.as_str()), "{} twice", a.as_str());
            assert!(
                ["vault", "workspace", "provider", "app", "connector"].contains(&a.target_kind()),
                "{}",
                a.as_str()
            );
        }
    }
}
