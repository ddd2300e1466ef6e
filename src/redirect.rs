//! Redirect URIs: derived for each app, never typed, and the checks on the ones an admin
//! says are registered at a provider.
//!
//! Providers compare redirect URIs as exact strings (RFC 6749 §3.1.2, OAuth 2.0 Security
//! BCP), so this module never normalises a URI it is given: it reports, it does not fix.

use serde::Serialize;

use crate::error::{Error, Result};

pub const CALLBACK_PATH: &str = "/api/external-auth/callback";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UriKind {
    Live,
    CustomDomain,
    Preview,
    Loopback,
}

impl UriKind {
    pub fn label(self) -> &'static str {
        match self {
            UriKind::Live => "live",
            UriKind::CustomDomain => "custom domain",
            UriKind::Preview => "preview",
            UriKind::Loopback => "local testing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectUri {
    pub kind: UriKind,
    pub uri: String,
}

/// The redirect URIs an app needs registered: live, custom domain, preview.
pub fn for_app(
    platform_domain: &str,
    app: &str,
    custom_domain: Option<&str>,
    preview: bool,
) -> Vec<RedirectUri> {
    let mut out = vec![RedirectUri {
        kind: UriKind::Live,
        uri: format!("https://{app}.{platform_domain}{CALLBACK_PATH}"),
    }];
    if let Some(domain) = custom_domain {
        out.push(RedirectUri {
            kind: UriKind::CustomDomain,
            uri: format!("https://{domain}{CALLBACK_PATH}"),
        });
    }
    if preview {
        out.push(RedirectUri {
            kind: UriKind::Preview,
            uri: format!("https://preview--{app}.{platform_domain}{CALLBACK_PATH}"),
        });
    }
    out
}

/// The loopback redirect URI used for local testing (RFC 8252 §7.3).
pub fn loopback(port: u16) -> String {
    format!("http://127.0.0.1:{port}{CALLBACK_PATH}")
}

fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Checks a redirect URI an admin says is registered at the provider. Returns it with
/// surrounding whitespace removed, or an error that says what is wrong with it.
pub fn validate_registered(input: &str) -> Result<String> {
    let uri = input.trim();
    let bad = |why: &str, hint: &str| {
        Error::usage(
            "bad_redirect_uri",
            format!("the redirect URI '{uri}' {why}"),
        )
        .hint(hint.to_string())
    };
    if uri.is_empty() {
        return Err(bad(
            "is empty",
            "give the full URI, such as https://APP.base44.app/api/external-auth/callback",
        ));
    }
    if uri.chars().any(char::is_whitespace) {
        return Err(bad(
            "contains whitespace",
            "give one URI per --redirect-uri, with no spaces",
        ));
    }
    if uri.contains('*') {
        return Err(bad(
            "contains a wildcard",
            "providers compare redirect URIs exactly; register each URI in full",
        ));
    }
    let parsed = url::Url::parse(uri).map_err(|e| {
        bad(
            &format!("is not an absolute URL ({e})"),
            "give the full URI, starting with https://",
        )
    })?;
    if parsed.fragment().is_some() {
        return Err(bad(
            "has a #fragment",
            "a redirect URI must not contain a fragment (RFC 6749 §3.1.2); remove it",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("contains user information", "remove the user@ part"));
    }
    match (parsed.scheme(), parsed.host()) {
        ("https", Some(_)) => Ok(uri.to_string()),
        ("http", Some(h)) if is_loopback_host(&h) => Ok(uri.to_string()),
        ("http", Some(_)) => Err(bad(
            "uses http on a host other than loopback",
            "use https://, or http://127.0.0.1:PORT for local testing",
        )),
        _ => Err(bad(
            "is not an https URL",
            "use https://, or http://127.0.0.1:PORT for local testing",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_live_custom_and_preview() {
        let uris = for_app("base44.app", "crm", Some("crm.example.com"), true);
        assert_eq!(
            uris.iter().map(|u| u.uri.as_str()).collect::<Vec<_>>(),
            [
                "https://crm.base44.app/api/external-auth/callback",
                "https://crm.example.com/api/external-auth/callback",
                "https://preview--crm.base44.app/api/external-auth/callback",
            ]
        );
        assert_eq!(for_app("base44.app", "crm", None, false).len(), 1);
    }

    #[test]
    fn loopback_uses_the_literal_address() {
        assert_eq!(
            loopback(8765),
            "http://127.0.0.1:8765/api/external-auth/callback"
        );
    }

    #[test]
    fn registered_uris_are_checked_not_rewritten() {
        assert_eq!(
            validate_registered("  https://a.base44.app/api/external-auth/callback/ ").unwrap(),
            "https://a.base44.app/api/external-auth/callback/"
        );
        assert!(validate_registered("http://127.0.0.1:9/cb").is_ok());
        assert!(validate_registered("http://localhost:9/cb").is_ok());
        assert!(validate_registered("http://[::1]:9/cb").is_ok());
        for bad in [
            "http://a.example.com/cb",
            "https://*.base44.app/cb",
            "https://a.b/cb#x",
            "a.base44.app/cb",
            "https://u:p@a.b/cb",
            "https://a b/cb",
            "ftp://a.b/cb",
            "",
        ] {
            assert_eq!(
                validate_registered(bad).unwrap_err().code,
                "bad_redirect_uri",
                "{bad}"
            );
        }
    }
}
