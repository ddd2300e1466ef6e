//! Connecting to PostgreSQL: libpq's `sslmode` meanings on rustls (what is verified, and
//! against which roots), and the connection that holds the named locks.

use super::*;

/// Connects to the target: TLS as its `sslmode` says, the password from the environment
/// or the password file.
pub fn connect(target: &PgTarget) -> Result<Client> {
    let mut config = target.config.clone();
    if let Some(p) = target.password() {
        use secrecy::ExposeSecret;
        config.password(p.expose_secret().as_bytes());
    }
    let client = match target.tls {
        TlsMode::Disable => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(postgres::NoTls)
        }
        mode => {
            let verify = match mode {
                TlsMode::VerifyFull => Verify::Full,
                TlsMode::VerifyCa => Verify::Chain,
                _ if target.root_given => Verify::Chain,
                _ => Verify::Nothing,
            };
            config.ssl_mode(if mode == TlsMode::Prefer {
                postgres::config::SslMode::Prefer
            } else {
                postgres::config::SslMode::Require
            });
            let tls = tls_config(&target.roots, verify)?;
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
    };
    client.map_err(|e| {
        let err = Error::from(e);
        if err.code == "vault_unreachable" {
            Error::with(crate::error::code::VAULT_UNREACHABLE,
                format!(
                    "cannot reach the PostgreSQL vault at {}: {}",
                    target.shown,
                    err.message
                        .split_once(" (")
                        .map(|(_, r)| r.split_once(");").map(|(a, _)| a).unwrap_or(r))
                        .unwrap_or(&err.message)
                ),
            )
            .hint("check that the server is running and reachable (`pg_isready -h HOST -p PORT`) and the host and port in the URL, then run the command again")
        } else {
            err
        }
    })
}

pub(super) enum Verify {
    Nothing,
    Chain,
    Full,
}

pub(super) fn tls_config(roots: &Roots, verify: Verify) -> Result<rustls::ClientConfig> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            Error::with(
                crate::error::code::VAULT_TLS,
                format!("TLS setup failed: {e}"),
            )
        })?;
    if let Verify::Nothing = verify {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerify(provider)))
            .with_no_client_auth());
    }
    let mut store = rustls::RootCertStore::empty();
    match roots {
        Roots::Public => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::File(path) => {
            let bad = |why: String| {
                Error::with(
                    crate::error::code::VAULT_TLS,
                    format!(
                        "the root certificate file {} cannot be used: {why}",
                        path.display()
                    ),
                )
                .hint("give sslrootcert=PATH of a PEM file holding the server's CA certificate")
            };
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .map_err(|e| bad(e.to_string()))?
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| bad(e.to_string()))?;
            if certs.is_empty() {
                return Err(bad("it holds no certificate".into()));
            }
            for c in certs {
                store.add(c).map_err(|e| bad(e.to_string()))?;
            }
        }
    }
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(store),
        provider.clone(),
    )
    .build()
    .map_err(|e| {
        Error::with(
            crate::error::code::VAULT_TLS,
            format!("TLS setup failed: {e}"),
        )
    })?;
    Ok(match verify {
        Verify::Full => builder.with_webpki_verifier(verifier).with_no_client_auth(),
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly(verifier)))
            .with_no_client_auth(),
    })
}

/// `sslmode=prefer` or `require` without a root certificate, as libpq: encrypted, with
/// the handshake's signatures checked, but any certificate accepted.
#[derive(Debug)]
pub(super) struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the chain must lead to a trusted root; the name is not checked.
#[derive(Debug)]
pub(super) struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError;
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// A connection to hold session locks on. It sits idle while its holder waits (on a
/// provider's token endpoint), so the server probes it too: a holder cut off by the network
/// is found dead, and its locks freed, in about a minute rather than TCP's two hours.
pub(super) fn lock_client(target: &PgTarget) -> Result<Client> {
    let mut client = connect(target)?;
    // Settable by any role; a server or pooler that refuses them keeps its own.
    for set in [
        "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3",
        // PostgreSQL 12 and later.
        "SET tcp_user_timeout = 60000",
    ] {
        let _ = client.batch_execute(set);
    }
    Ok(client)
}
