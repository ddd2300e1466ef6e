//! The one error type: a kind that decides the exit code, a stable code, a message that
//! says what happened, and a hint that says what to do next.
//!
//! Messages are written for a person and must never contain a secret value.

use std::fmt;

pub mod code;

pub use code::Code;

/// Decides the process exit code. Documented in README.md and the man page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The operation ran and found a problem (exit 1).
    Problem,
    /// The command line or its input was wrong (exit 2).
    Usage,
    /// The vault or its key could not be used (exit 3).
    Vault,
    /// An invariant of the program broke: a bug, not the person's doing (exit 70,
    /// EX_SOFTWARE).
    Internal,
}

impl Kind {
    pub fn exit_code(self) -> i32 {
        match self {
            Kind::Problem => 1,
            Kind::Usage => 2,
            Kind::Vault => 3,
            Kind::Internal => 70,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Error {
    pub kind: Kind,
    /// Stable, snake_case, part of the `--json` contract.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// What caused it (a driver's or the system's error), for code that inspects it;
    /// never shown in place of the message.
    pub source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of a registered code: the registry decides its kind and exit code.
    pub fn with(code: Code, message: impl Into<String>) -> Self {
        Error {
            kind: code.kind,
            code: code.name,
            message: message.into(),
            hint: None,
            source: None,
        }
    }

    /// A broken invariant: says so, and asks for a report.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::with(
            code::INTERNAL,
            format!("internal error: {}", message.into()),
        )
        .hint("this is a bug in connectors: please report it with the command you ran")
    }

    /// Keeps the error that caused this one.
    pub fn caused_by(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(std::sync::Arc::new(cause));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn exit_code(&self) -> i32 {
        self.kind.exit_code()
    }

    /// The `{"error": {...}}` document printed under `--json`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "hint": self.hint,
            }
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The error for a file that is not a readable vault.
pub fn corrupt_vault() -> Error {
    Error::with(crate::error::code::VAULT_CORRUPT,
        "the vault file is damaged: it is not a readable connectors vault",
    )
    .hint("restore the vault from a backup; the key is not the problem (a wrong key gives `wrong_key`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_design() {
        assert_eq!(Error::with(code::TIMEOUT, "m").exit_code(), 1);
        assert_eq!(Error::with(code::BAD_SCOPE, "m").exit_code(), 2);
        assert_eq!(Error::with(code::WRONG_KEY, "m").exit_code(), 3);
        assert_eq!(Error::internal("m").exit_code(), 70);
    }

    #[test]
    fn an_error_keeps_its_cause_out_of_its_message() {
        let cause = std::io::Error::other("disk on fire");
        let e = Error::with(code::VAULT_IO, "the vault could not be read").caused_by(cause);
        let source = std::error::Error::source(&e).expect("kept");
        assert_eq!(source.to_string(), "disk on fire");
        assert_eq!(e.to_string(), "the vault could not be read");
        assert!(!e.to_json().to_string().contains("disk on fire"));
    }

    #[test]
    fn json_shape_is_stable() {
        let e = Error::with(crate::error::code::BAD_SCOPE, "scope has spaces").hint("split it");
        assert_eq!(
            e.to_json(),
            serde_json::json!({"error": {"code": "bad_scope", "message": "scope has spaces", "hint": "split it"}})
        );
    }
}
