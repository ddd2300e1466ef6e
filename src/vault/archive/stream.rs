//! An archive read as a stream: decrypted, hashed and parsed as it is read, each row handed
//! to a [`Rows`] as soon as it is parsed and then dropped, so that reading needs memory
//! for one row, not for the file. The document's head (`format`, `version`,
//! `exported_at`, `source_vault_id`) must come before its sections, and the sections in
//! the order `vault export` writes them; the signature line after the document is checked
//! once the document is read, over the SHA-512 digest of its bytes (see [`super::sign`]).

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use sha2::Digest as _;
use zeroize::Zeroizing;

use super::{
    AppRecord, ConnectionEntry, ConnectorRecord, FORMAT, ProviderRecord, VERSION, WorkspaceRecord,
};
use crate::error::{Error, Result};
use crate::model::Entry;

/// The longest signature line read after the document.
const TRAILER_MAX: u64 = 64 * 1024;

/// What comes before an archive's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub version: u32,
    pub exported_at: String,
    pub source_vault_id: String,
}

/// What is done with an archive's rows, one at a time, in the archive's order.
pub trait Rows {
    /// The head, once, before any row.
    fn head(&mut self, head: &Head) -> Result<()>;
    fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()>;
    fn provider(&mut self, p: &ProviderRecord) -> Result<()>;
    fn app(&mut self, a: &AppRecord) -> Result<()>;
    fn connector(&mut self, c: &ConnectorRecord) -> Result<()>;
    fn connection(&mut self, c: &ConnectionEntry) -> Result<()>;
    fn audit(&mut self, e: &Entry) -> Result<()>;
}

/// An archive read to its end: its head, who signed it (checked), and the digest of its
/// document, which a later reading of the same file must find again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub head: Head,
    pub signed_by: Option<String>,
    pub digest: [u8; 64],
}

/// Decrypts `input` with `identities` and reads it through `rows`, checking its signature
/// at the end. A row `rows` refuses ends the reading with its error; so does a signature
/// that does not match, after every row was handed over: a caller that acts on rows
/// before the end must be able to undo it (a transaction), or read the file twice.
pub fn read(
    input: impl Read,
    identities: &[Box<dyn age::Identity>],
    rows: &mut dyn Rows,
) -> Result<Finished> {
    let decryptor =
        age::Decryptor::new_buffered(BufReader::new(input)).map_err(|_| super::not_an_archive())?;
    let mut plain = BufReader::with_capacity(
        64 * 1024,
        decryptor
            .decrypt(identities.iter().map(|i| i.as_ref() as _))
            .map_err(super::decrypt_error)?,
    );
    let legacy = Rc::new(Cell::new(true));
    let mut doc = DocReader {
        inner: &mut plain,
        hasher: sha2::Sha512::new(),
        kept: Some(Zeroizing::new(Vec::new())),
        legacy: legacy.clone(),
        ended: false,
    };
    let mut failed = None;
    let head = {
        let mut de = serde_json::Deserializer::from_reader(BufReader::new(&mut doc));
        let parsed = serde::Deserializer::deserialize_map(
            &mut de,
            Document {
                rows,
                failed: &mut failed,
                legacy,
            },
        )
        .and_then(|head| de.end().map(|()| head));
        match (parsed, failed) {
            (Ok(head), _) => head,
            (Err(_), Some(e)) => return Err(e),
            (Err(e), None) => return Err(invalid(&e)),
        }
    };
    let digest: [u8; 64] = doc.hasher.finalize().into();
    let kept = doc.kept.take();
    let mut trailer = Zeroizing::new(Vec::new());
    (&mut plain)
        .take(TRAILER_MAX + 1)
        .read_to_end(&mut trailer)
        .map_err(|_| super::not_an_archive())?;
    if trailer.len() as u64 > TRAILER_MAX {
        return Err(super::sign::forged());
    }
    let signed_by = super::sign::check(&trailer, &digest, kept.as_deref().map(|v| &v[..]))?;
    Ok(Finished {
        head,
        signed_by,
        digest,
    })
}

fn invalid(e: &serde_json::Error) -> Error {
    Error::with(
        crate::error::code::ARCHIVE_INVALID,
        format!("the archive does not match format version {VERSION}: {e}"),
    )
    .hint("it was damaged or written by something else than `connectors vault export`")
}

/// The document: the plaintext up to its first newline, hashed as it is read. Until the
/// head says the archive is of version 3 or later, its bytes are kept too: the signature of
/// version 2 covers the bytes themselves, not their digest.
struct DocReader<'a, R: BufRead> {
    inner: &'a mut R,
    hasher: sha2::Sha512,
    kept: Option<Zeroizing<Vec<u8>>>,
    legacy: Rc<Cell<bool>>,
    ended: bool,
}

impl<R: BufRead> Read for DocReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.legacy.get() {
            self.kept = None;
        }
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let available = self.inner.fill_buf()?;
        if available.is_empty() {
            self.ended = true;
            return Ok(0);
        }
        let newline = available.iter().position(|b| *b == b'\n');
        let n = newline.unwrap_or(available.len()).min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.hasher.update(&buf[..n]);
        if let Some(k) = &mut self.kept {
            k.extend_from_slice(&buf[..n]);
        }
        if newline == Some(n) {
            // The newline ends the document; the signature line follows it.
            self.inner.consume(n + 1);
            self.ended = true;
        } else {
            self.inner.consume(n);
        }
        Ok(n)
    }
}

/// The top-level object: its head first, then its sections in order, each row handed on.
struct Document<'a> {
    rows: &'a mut dyn Rows,
    failed: &'a mut Option<Error>,
    legacy: Rc<Cell<bool>>,
}

/// The sections, in the order `vault export` writes them.
const SECTIONS: [&str; 6] = [
    "workspaces",
    "providers",
    "apps",
    "connectors",
    "connections",
    "audit",
];

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Head;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a connectors vault archive")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Head, A::Error> {
        use serde::de::Error as _;
        let Document {
            rows,
            failed,
            legacy,
        } = self;
        let mut stop = |e: Error| {
            *failed = Some(e);
            A::Error::custom("stopped")
        };
        let mut parts = HeadParts::default();
        let mut head: Option<Head> = None;
        let mut next_section = 0;
        while let Some(key) = map.next_key::<String>()? {
            if let Some(at) = SECTIONS.iter().position(|s| *s == key) {
                if head.is_none() {
                    let h = parts.take().ok_or_else(|| stop(before_head(&key)))?;
                    rows.head(&h).map_err(&mut stop)?;
                    head = Some(h);
                }
                if at < next_section {
                    return Err(stop(out_of_order(&key, SECTIONS[next_section - 1])));
                }
                next_section = at + 1;
                if let Some(refused) = section(&mut map, at, rows)? {
                    return Err(stop(refused));
                }
                continue;
            }
            if head.is_some() && HEAD.contains(&key.as_str()) {
                return Err(stop(out_of_order(&key, "workspaces")));
            }
            match key.as_str() {
                "format" => {
                    if map.next_value::<String>()? != FORMAT {
                        return Err(stop(super::not_an_archive()));
                    }
                    parts.format = true;
                }
                "version" => {
                    let v = super::supported_version(map.next_value()?).map_err(&mut stop)?;
                    if v >= 3 {
                        legacy.set(false);
                    }
                    parts.version = Some(v);
                }
                "exported_at" => parts.exported_at = Some(map.next_value()?),
                "source_vault_id" => parts.source_vault_id = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match head {
            Some(h) if next_section == SECTIONS.len() => Ok(h),
            Some(_) => Err(stop(missing(SECTIONS[next_section]))),
            None if !parts.format => Err(stop(super::not_an_archive())),
            None => Err(stop(missing("workspaces"))),
        }
    }
}

/// The head's keys, which come before the sections.
const HEAD: [&str; 4] = ["format", "version", "exported_at", "source_vault_id"];

/// The head's fields as they are read.
#[derive(Default)]
struct HeadParts {
    format: bool,
    version: Option<u32>,
    exported_at: Option<String>,
    source_vault_id: Option<String>,
}

impl HeadParts {
    /// The head, once every field of it was read.
    fn take(&mut self) -> Option<Head> {
        match (
            self.format,
            self.version,
            &self.exported_at,
            &self.source_vault_id,
        ) {
            (true, Some(version), Some(_), Some(_)) => Some(Head {
                version,
                exported_at: self.exported_at.take()?,
                source_vault_id: self.source_vault_id.take()?,
            }),
            _ => None,
        }
    }
}

/// Section `at` of the document, each row handed to `rows` as it is parsed. `Ok(Some)` is
/// a row `rows` refused, with its error; `Err` the document's own.
fn section<'de, A: MapAccess<'de>>(
    map: &mut A,
    at: usize,
    rows: &mut dyn Rows,
) -> std::result::Result<Option<Error>, A::Error> {
    let mut refused: Option<Error> = None;
    let read = match at {
        0 => map.next_value_seed(Section::new(&mut refused, |w| rows.workspace(&w))),
        1 => map.next_value_seed(Section::new(&mut refused, |p| rows.provider(&p))),
        2 => map.next_value_seed(Section::new(&mut refused, |a| rows.app(&a))),
        3 => map.next_value_seed(Section::new(&mut refused, |c| rows.connector(&c))),
        4 => map.next_value_seed(Section::new(&mut refused, |c| rows.connection(&c))),
        _ => map.next_value_seed(Section::new(&mut refused, |e| rows.audit(&e))),
    };
    match refused {
        Some(e) => Ok(Some(e)),
        None => read.map(|()| None),
    }
}

fn before_head(section: &str) -> Error {
    Error::with(
        crate::error::code::ARCHIVE_INVALID,
        format!("the archive's '{section}' comes before its head (format, version, exported_at and source_vault_id), which is not the order `vault export` writes"),
    )
    .hint("it was damaged or written by something else than `connectors vault export`")
}

fn out_of_order(what: &str, before: &str) -> Error {
    Error::with(
        crate::error::code::ARCHIVE_INVALID,
        format!("the archive's '{what}' comes after '{before}', which is not the order `vault export` writes"),
    )
    .hint("it was damaged or written by something else than `connectors vault export`")
}

fn missing(section: &str) -> Error {
    Error::with(
        crate::error::code::ARCHIVE_INVALID,
        format!("the archive has no '{section}' section"),
    )
    .hint("it was damaged or written by something else than `connectors vault export`")
}

/// One section: an array whose elements are parsed and handed on one by one.
struct Section<'f, T, F: FnMut(T) -> Result<()>> {
    fail: &'f mut Option<Error>,
    each: F,
    _row: std::marker::PhantomData<T>,
}

impl<'f, T, F: FnMut(T) -> Result<()>> Section<'f, T, F> {
    fn new(fail: &'f mut Option<Error>, each: F) -> Self {
        Section {
            fail,
            each,
            _row: std::marker::PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned, F: FnMut(T) -> Result<()>> DeserializeSeed<'de>
    for Section<'_, T, F>
{
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned, F: FnMut(T) -> Result<()>> Visitor<'de> for Section<'_, T, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> std::result::Result<(), A::Error> {
        use serde::de::Error as _;
        while let Some(row) = seq.next_element::<T>()? {
            if let Err(e) = (self.each)(row) {
                *self.fail = Some(e);
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Archive, Signer, seal};
    use super::*;

    fn archive() -> Archive {
        Archive {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: "2026-12-07T03:00:00Z".into(),
            source_vault_id: "0123456789abcdef0123456789abcdef".into(),
            workspaces: vec![WorkspaceRecord {
                name: "default".into(),
                platform_domain: "base44.app".into(),
                created_at: "2026-01-01T00:00:00Z".into(),
                updated_at: "2026-01-01T00:00:00Z".into(),
            }],
            providers: Vec::new(),
            apps: (0..3)
                .map(|i| AppRecord {
                    workspace: "default".into(),
                    name: format!("app{i}"),
                    custom_domain: None,
                    preview: true,
                    created_at: "2026-01-01T00:00:00Z".into(),
                    updated_at: "2026-01-01T00:00:00Z".into(),
                })
                .collect(),
            connectors: Vec::new(),
            connections: Vec::new(),
            audit: Vec::new(),
        }
    }

    /// What a reading saw, in order.
    #[derive(Default)]
    struct Seen(Vec<String>, Option<usize>);

    impl Rows for Seen {
        fn head(&mut self, h: &Head) -> Result<()> {
            self.0.push(format!("head {}", h.version));
            Ok(())
        }
        fn workspace(&mut self, w: &WorkspaceRecord) -> Result<()> {
            self.0.push(format!("workspace {}", w.name));
            Ok(())
        }
        fn provider(&mut self, p: &ProviderRecord) -> Result<()> {
            self.0.push(format!("provider {}", p.name));
            Ok(())
        }
        fn app(&mut self, a: &AppRecord) -> Result<()> {
            if self.1 == Some(self.0.len()) {
                return Err(Error::internal("refused"));
            }
            self.0.push(format!("app {}", a.name));
            Ok(())
        }
        fn connector(&mut self, c: &ConnectorRecord) -> Result<()> {
            self.0.push(format!("connector {}", c.name));
            Ok(())
        }
        fn connection(&mut self, c: &ConnectionEntry) -> Result<()> {
            self.0.push(format!("connection {}", c.user));
            Ok(())
        }
        fn audit(&mut self, e: &Entry) -> Result<()> {
            self.0.push(format!("audit {}", e.action));
            Ok(())
        }
    }

    fn sealed(plaintext: &[u8], to: &age::x25519::Identity) -> Vec<u8> {
        age::encrypt(&to.to_public(), plaintext).unwrap()
    }

    #[test]
    fn rows_come_one_by_one_in_order_and_the_signature_is_checked_at_the_end() {
        let key = age::x25519::Identity::generate();
        let signer = Signer::of(&key);
        let recipients: Vec<Box<dyn age::Recipient + Send>> = vec![Box::new(key.to_public())];
        let file = seal(&archive(), &recipients, &signer).unwrap();
        let ids: Vec<Box<dyn age::Identity>> = vec![Box::new(key.clone())];
        let mut seen = Seen::default();
        let done = read(&file[..], &ids, &mut seen).unwrap();
        assert_eq!(
            seen.0,
            [
                "head 3",
                "workspace default",
                "app app0",
                "app app1",
                "app app2"
            ]
        );
        assert_eq!(done.signed_by, Some(signer.fingerprint()));
        assert_eq!(
            done.head.source_vault_id,
            "0123456789abcdef0123456789abcdef"
        );
        // The same file gives the same digest; a row refused ends the reading with its error.
        assert_eq!(
            read(&file[..], &ids, &mut Seen::default()).unwrap().digest,
            done.digest
        );
        let mut refusing = Seen(Vec::new(), Some(3));
        let e = read(&file[..], &ids, &mut refusing).unwrap_err();
        assert!(e.message.ends_with("refused"), "{}", e.message);
    }

    #[test]
    fn a_document_out_of_the_exporters_order_is_refused() {
        let key = age::x25519::Identity::generate();
        let ids: Vec<Box<dyn age::Identity>> = vec![Box::new(key.clone())];
        let doc = serde_json::to_value(archive()).unwrap();
        // serde_json's map sorts the keys: "apps" comes first, before the head.
        let sorted = serde_json::to_vec(&doc).unwrap();
        let e = read(&sealed(&sorted, &key)[..], &ids, &mut Seen::default()).unwrap_err();
        assert_eq!(e.code, "archive_invalid");
        assert!(
            e.message.contains("'apps' comes before its head"),
            "{}",
            e.message
        );
        // A section twice, or one missing, is refused too.
        let text = String::from_utf8(serde_json::to_vec(&archive()).unwrap()).unwrap();
        let twice = text.replacen(r#""providers":[]"#, r#""providers":[],"workspaces":[]"#, 1);
        let e = read(
            &sealed(twice.as_bytes(), &key)[..],
            &ids,
            &mut Seen::default(),
        )
        .unwrap_err();
        assert!(
            e.message.contains("'workspaces' comes after 'providers'"),
            "{}",
            e.message
        );
        let missing = text.replacen(r#","audit":[]"#, "", 1);
        let e = read(
            &sealed(missing.as_bytes(), &key)[..],
            &ids,
            &mut Seen::default(),
        )
        .unwrap_err();
        assert!(e.message.contains("no 'audit' section"), "{}", e.message);
    }

    #[test]
    fn a_version_2_archive_signed_over_its_bytes_still_reads() {
        let key = age::x25519::Identity::generate();
        let ids: Vec<Box<dyn age::Identity>> = vec![Box::new(key.clone())];
        let signer = Signer::of(&key);
        let mut old = archive();
        old.version = 2;
        let doc = serde_json::to_vec(&old).unwrap();
        let plain = super::super::sign::legacy_signed(&signer, &doc);
        let done = read(&sealed(&plain, &key)[..], &ids, &mut Seen::default()).unwrap();
        assert_eq!(done.signed_by, Some(signer.fingerprint()));
        assert_eq!(done.head.version, 2);
        // Changed under its signature: refused.
        let changed = String::from_utf8(plain)
            .unwrap()
            .replacen("app1", "appX", 1);
        let e = read(
            &sealed(changed.as_bytes(), &key)[..],
            &ids,
            &mut Seen::default(),
        )
        .unwrap_err();
        assert_eq!(e.code, "archive_forged");
    }
}
