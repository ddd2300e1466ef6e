//! The age envelope around every secret field.
//!
//! age has no associated data, so a ciphertext is bound to where it lives by putting the
//! place inside the plaintext: a header naming the vault, table, row and column, checked
//! after decryption. A ciphertext copied into another row, column or vault decrypts but
//! fails that check, loudly. Plaintext buffers are zeroized on drop; nothing here logs.

use age::x25519;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

const MAGIC: &str = "connectors-envelope/1";

/// Where a secret lives: the envelope's associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    pub vault_id: &'a str,
    pub table: &'a str,
    pub column: &'a str,
    pub row: i64,
}

impl Binding<'_> {
    fn header(&self) -> String {
        format!(
            "{MAGIC}\n{}\n{}\n{}\n{}\n\n",
            self.vault_id, self.table, self.row, self.column
        )
    }

    fn describe(&self) -> String {
        format!("{}.{} of row {}", self.table, self.column, self.row)
    }
}

pub fn seal(recipient: &x25519::Recipient, binding: Binding<'_>, secret: &[u8]) -> Result<Vec<u8>> {
    let header = binding.header();
    let mut plaintext = Zeroizing::new(Vec::with_capacity(header.len() + secret.len()));
    plaintext.extend_from_slice(header.as_bytes());
    plaintext.extend_from_slice(secret);
    age::encrypt(recipient, &plaintext).map_err(|e| {
        Error::with(
            crate::error::code::ENCRYPT_FAILED,
            format!("a secret could not be encrypted: {e}"),
        )
    })
}

/// Decrypts and checks the binding; returns the secret bytes alone.
pub fn open(
    identity: &x25519::Identity,
    binding: Binding<'_>,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let plaintext = Zeroizing::new(age::decrypt(identity, ciphertext).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => Error::with(crate::error::code::WRONG_KEY,
            format!("the secret in {} was not encrypted to this vault's key", binding.describe()),
        )
        .hint("the vault file was edited outside connectors; restore it from a backup or set the secret again"),
        _ => Error::with(crate::error::code::SECRET_CORRUPT,
            format!("the secret in {} is damaged and cannot be decrypted", binding.describe()),
        )
        .hint("restore the vault from a backup, or set the secret again"),
    })?);
    let expected = binding.header();
    if !plaintext.starts_with(expected.as_bytes()) {
        let found = describe_found(&plaintext);
        return Err(Error::with(crate::error::code::SECRET_MISPLACED,
            format!(
                "the secret in {} belongs to {found}: it was copied there outside connectors, so it is refused",
                binding.describe()
            ),
        )
        .hint("restore the vault from a backup, or set this secret again (for a connector: `connectors edit NAME --client-secret-stdin`)"));
    }
    Ok(Zeroizing::new(plaintext[expected.len()..].to_vec()))
}

/// Names the place a misplaced ciphertext was sealed for, without any secret bytes.
fn describe_found(plaintext: &[u8]) -> String {
    let Some(end) = plaintext.windows(2).position(|w| w == b"\n\n") else {
        return "no known place".into();
    };
    let header = String::from_utf8_lossy(&plaintext[..end]);
    let parts: Vec<&str> = header.split('\n').collect();
    match parts.as_slice() {
        [MAGIC, vault, table, row, column] => {
            format!("{table}.{column} of row {row} in vault {vault}")
        }
        _ => "no known place".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(row: i64) -> Binding<'static> {
        Binding {
            vault_id: "v1",
            table: "connectors",
            column: "client_secret",
            row,
        }
    }

    #[test]
    fn round_trip() {
        let id = x25519::Identity::generate();
        let ct = seal(&id.to_public(), b(7), b"s3cret").unwrap();
        assert_eq!(&*open(&id, b(7), &ct).unwrap(), b"s3cret");
    }

    #[test]
    fn ciphertext_does_not_contain_plaintext() {
        let id = x25519::Identity::generate();
        let ct = seal(&id.to_public(), b(7), b"very-distinctive-secret").unwrap();
        assert!(!ct.windows(8).any(|w| w == b"very-dis"));
    }

    #[test]
    fn moved_to_another_row_is_refused() {
        let id = x25519::Identity::generate();
        let ct = seal(&id.to_public(), b(7), b"s3cret").unwrap();
        let err = open(&id, b(8), &ct).unwrap_err();
        assert_eq!(err.code, "secret_misplaced");
        assert!(err.message.contains("row 7"), "{}", err.message);
        assert!(!err.message.contains("s3cret"));
    }

    #[test]
    fn moved_to_another_column_or_vault_is_refused() {
        let id = x25519::Identity::generate();
        let ct = seal(&id.to_public(), b(7), b"s3cret").unwrap();
        let other_col = Binding {
            column: "access_token",
            table: "connections",
            ..b(7)
        };
        assert_eq!(
            open(&id, other_col, &ct).unwrap_err().code,
            "secret_misplaced"
        );
        let other_vault = Binding {
            vault_id: "v2",
            ..b(7)
        };
        assert_eq!(
            open(&id, other_vault, &ct).unwrap_err().code,
            "secret_misplaced"
        );
    }

    #[test]
    fn wrong_key_and_damage_are_told_apart() {
        let id = x25519::Identity::generate();
        let other = x25519::Identity::generate();
        let mut ct = seal(&id.to_public(), b(7), b"s3cret").unwrap();
        assert_eq!(open(&other, b(7), &ct).unwrap_err().code, "wrong_key");
        let last = ct.len() - 1;
        ct[last] ^= 1;
        assert_eq!(open(&id, b(7), &ct).unwrap_err().code, "secret_corrupt");
    }
}
