//! Who exported an archive: every archive `vault export` writes is signed (Ed25519) by a
//! key derived from the exporting vault's own key, so that anyone holding the recipients'
//! public key, who can make an archive, cannot make one that passes for the vault's.
//!
//! The plaintext inside age is the archive's JSON document on one line, then a newline and
//! a second line `{"signed_by": KEY, "signature": SIG, "digest": "sha512"}` (key and
//! signature in base64). From format version 3 the signature covers the SHA-512 digest of
//! the document's bytes, so that an archive is checked as it is read, whatever its size;
//! version 2's covers the bytes themselves (and has no `digest`). An archive without that
//! line (format version 1's) is unsigned.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair as _, UnparsedPublicKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// What a version 2 signature covers, before the document's bytes.
const CONTEXT: &[u8] = b"connectors/archive/v1\0";
/// What a version 3 signature covers, before the document's SHA-512 digest.
const CONTEXT_DIGEST: &[u8] = b"connectors/archive/v3/sha512\0";

/// A vault's archive signing key.
pub struct Signer(Ed25519KeyPair);

/// The trailer line.
#[derive(Serialize, Deserialize)]
struct Trailer {
    signed_by: String,
    signature: String,
    /// `sha512` when the signature covers the document's digest (version 3 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<String>,
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

    /// The signature line for a document whose SHA-512 digest is `digest` (without the
    /// newline that comes before it).
    pub fn trailer(&self, digest: &[u8; 64]) -> Vec<u8> {
        let trailer = Trailer {
            signed_by: B64.encode(self.0.public_key().as_ref()),
            signature: B64.encode(self.0.sign(&digest_message(digest)).as_ref()),
            digest: Some("sha512".into()),
        };
        serde_json::to_vec(&trailer).expect("plain strings")
    }

    /// The signed plaintext of a small document: the document, a newline, the trailer.
    #[cfg(test)]
    pub fn signed(&self, document: &[u8]) -> Zeroizing<Vec<u8>> {
        use sha2::Digest as _;
        let mut out = Zeroizing::new(document.to_vec());
        out.push(b'\n');
        out.extend_from_slice(&self.trailer(&sha2::Sha512::digest(document).into()));
        out
    }
}

/// The plaintext a version 2 exporter wrote: its signature over the document's bytes.
#[cfg(test)]
pub fn legacy_signed(signer: &Signer, document: &[u8]) -> Vec<u8> {
    let message = [CONTEXT, document].concat();
    let trailer = Trailer {
        signed_by: B64.encode(signer.0.public_key().as_ref()),
        signature: B64.encode(signer.0.sign(&message).as_ref()),
        digest: None,
    };
    [document, b"\n", &serde_json::to_vec(&trailer).unwrap()].concat()
}

fn digest_message(digest: &[u8; 64]) -> Vec<u8> {
    [CONTEXT_DIGEST, &digest[..]].concat()
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

pub(super) fn forged() -> Error {
    Error::with(
        crate::error::code::ARCHIVE_FORGED,
        "the archive's signature does not match its contents: it was changed after it was exported, or made to look signed",
    )
    .hint("get a new archive from whoever exported it; nothing was imported")
}

/// Checks the signature line `trailer` (what follows the document's newline) of a document
/// whose SHA-512 digest is `digest`; `document` holds its bytes when the archive is of
/// version 2, whose signature covers them. Returns the fingerprint of the key that signed
/// it, or `None` when there is no signature line. A signature that does not match is an
/// error: the archive was changed after it was signed.
pub fn check(trailer: &[u8], digest: &[u8; 64], document: Option<&[u8]>) -> Result<Option<String>> {
    if trailer.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let trailer: Trailer = serde_json::from_slice(trailer).map_err(|_| forged())?;
    let key = B64.decode(&trailer.signed_by).map_err(|_| forged())?;
    let signature = B64.decode(&trailer.signature).map_err(|_| forged())?;
    let message = match (trailer.digest.as_deref(), document) {
        (Some("sha512"), _) => digest_message(digest),
        (None, Some(document)) => [CONTEXT, document].concat(),
        _ => return Err(forged()),
    };
    UnparsedPublicKey::new(&ED25519, &key)
        .verify(&message, &signature)
        .map_err(|_| forged())?;
    Ok(Some(fingerprint(&key)))
}

/// [`check`] over a whole plaintext in memory: the document, and who signed it.
#[cfg(test)]
pub fn verify(plaintext: &[u8]) -> Result<(&[u8], Option<String>)> {
    use sha2::Digest as _;
    let cut = plaintext
        .iter()
        .position(|b| *b == b'\n')
        .unwrap_or(plaintext.len());
    let document = &plaintext[..cut];
    let rest = plaintext.get(cut + 1..).unwrap_or_default();
    let digest: [u8; 64] = sha2::Sha512::digest(document).into();
    Ok((document, check(rest, &digest, Some(document))?))
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
        // A version 2 signature (over the bytes, no digest) still verifies; with the
        // digest's mark added it does not.
        let message = [CONTEXT, &br#"{"format":"x"}"#[..]].concat();
        let legacy = serde_json::to_vec(&Trailer {
            signed_by: B64.encode(signer.0.public_key().as_ref()),
            signature: B64.encode(signer.0.sign(&message).as_ref()),
            digest: None,
        })
        .unwrap();
        let v2 = [&br#"{"format":"x"}"#[..], b"\n", &legacy].concat();
        assert_eq!(
            verify(&v2).unwrap().1.as_deref(),
            Some(signer.fingerprint().as_str())
        );
        let marked = String::from_utf8(legacy)
            .unwrap()
            .replace('}', r#","digest":"sha512"}"#);
        let v2_marked = [&br#"{"format":"x"}"#[..], b"\n", marked.as_bytes()].concat();
        assert_eq!(verify(&v2_marked).unwrap_err().code, "archive_forged");
        // No trailer: unsigned.
        assert_eq!(verify(b"{}").unwrap().1, None);
        assert_eq!(verify(b"{}\n").unwrap().1, None);
    }
}
