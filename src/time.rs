//! Timestamps as stored and shown: RFC 3339, UTC, whole seconds.

use std::time::SystemTime;

pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}
