//! Who exported an archive: every archive `vault export` writes is signed (Ed25519) by a
//! key derived from the exporting vault's own key, so that anyone holding the recipients'
//! public key, who can make an archive, cannot make one that passes for the vault's.
//!
//! The plaintext inside age is the archive's JSON document on one line, then a newline and
//! a second line `{"signed_by": KEY, "signature": SIG}` (both base64) over the document's
//! bytes. An archive without that line (format version 1's) is unsigned.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair as _, UnparsedPublicKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// What the signature covers, before the document's bytes.
const CONTEXT: &[u8] = b"connectors/archive/v1\0";

/// A vault's archive signing key.
pub struct Signer(Ed25519KeyPair);

/// The trailer line.
#[derive(Serialize, Deserialize)]
struct Trailer {
    signed_by: String,
    signature: String,
}

impl Signer {
    /// The signing key of a vault key: its seed is HMAC-SHA-256 of a fixed label under the
    /// key's text, so it follows the key (a rekey gives a new one) and nothing else.
    pub fn of(identity: &age::x25519::Identity) -> Signer {
        use hmac::{KeyInit, Mac};
        use secrecy::ExposeSecret;
        let id = identity.to_string();
        let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(id.expose_secret().as_bytes())
            .expect("HMAC takes any key length");
        m.update(b"connectors/archive-signing/v1");
        let seed = Zeroizing::new(<[u8; 32]>::from(m.finalize().into_bytes()));
        Signer(Ed25519KeyPair::from_seed_unchecked(&seed[..]).expect("any 32 bytes are a seed"))
    }

    /// The public key's fingerprint, as `vault export` prints it and `--exporter` takes it.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.0.public_key().as_ref())
    }

    /// The signed plaintext: the document, a newline, the trailer.
    pub fn signed(&self, document: &[u8]) -> Zeroizing<Vec<u8>> {
        let mut message = Vec::with_capacity(CONTEXT.len() + document.len());
        message.extend_from_slice(CONTEXT);
        message.extend_from_slice(document);
        let trailer = Trailer {
            signed_by: B64.encode(self.0.public_key().as_ref()),
            signature: B64.encode(self.0.sign(&message).as_ref()),
        };
        let mut out = Zeroizing::new(Vec::with_capacity(document.len() + 200));
        out.extend_from_slice(document);
        out.push(b'\n');
        out.extend_from_slice(&serde_json::to_vec(&trailer).expect("plain strings"));
        out
    }
}

/// `SHA256:` and the unpadded base64 of SHA-256 over the public key (as OpenSSH prints a
/// key's fingerprint).
pub fn fingerprint(public_key: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(public_key);
    format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
    )
}

/// A plaintext cut into its document and the fingerprint of the key that signed it, once
/// the signature is checked; `None` for an unsigned archive. A signature that does not
/// match is an error: the archive was changed after it was signed.
pub fn verify(plaintext: &[u8]) -> Result<(&[u8], Option<String>)> {
    let Some(cut) = plaintext.iter().position(|b| *b == b'\n') else {
        return Ok((plaintext, None));
    };
    let (document, rest) = (&plaintext[..cut], &plaintext[cut + 1..]);
    if rest.iter().all(u8::is_ascii_whitespace) {
        return Ok((document, None));
    }
    let forged = || {
        Error::with(
            crate::error::code::ARCHIVE_FORGED,
            "the archive's signature does not match its contents: it was changed after it was exported, or made to look signed",
        )
        .hint("get a new archive from whoever exported it; nothing was imported")
    };
    let trailer: Trailer = serde_json::from_slice(rest).map_err(|_| forged())?;
    let key = B64.decode(&trailer.signed_by).map_err(|_| forged())?;
    let signature = B64.decode(&trailer.signature).map_err(|_| forged())?;
    let mut message = Vec::with_capacity(CONTEXT.len() + document.len());
    message.extend_from_slice(CONTEXT);
    message.extend_from_slice(document);
    UnparsedPublicKey::new(&ED25519, &key)
        .verify(&message, &signature)
        .map_err(|_| forged())?;
    Ok((document, Some(fingerprint(&key))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_document_verifies_and_any_change_is_refused() {
        let identity = age::x25519::Identity::generate();
        let signer = Signer::of(&identity);
        let signed = signer.signed(br#"{"format":"x"}"#);
        let (doc, by) = verify(&signed).unwrap();
        assert_eq!(doc, br#"{"format":"x"}"#);
        assert_eq!(by.as_deref(), Some(signer.fingerprint().as_str()));
        // The same key always gives the same signer; another key another.
        assert_eq!(Signer::of(&identity).fingerprint(), signer.fingerprint());
        let other = Signer::of(&age::x25519::Identity::generate());
        assert_ne!(other.fingerprint(), signer.fingerprint());
        // A changed document, or another key's trailer on it, is refused.
        let mut changed = signed.to_vec();
        changed[3] = b'g';
        assert_eq!(verify(&changed).unwrap_err().code, "archive_forged");
        let theirs = other.signed(br#"{"format":"y"}"#);
        let cut = theirs.iter().position(|b| *b == b'\n').unwrap();
        let mut spliced = br#"{"format":"x"}"#.to_vec();
        spliced.extend_from_slice(&theirs[cut..]);
        assert_eq!(verify(&spliced).unwrap_err().code, "archive_forged");
        // No trailer: unsigned.
        assert_eq!(verify(b"{}").unwrap().1, None);
        assert_eq!(verify(b"{}\n").unwrap().1, None);
    }
}
