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

/// The loopback redirect URI used for local testing (RFC 8252 §7.3), with the host form
/// the provider accepts (`127.0.0.1`, or `localhost` where that is all it takes).
pub fn loopback(host: &str, port: u16) -> String {
    format!("http://{host}:{port}{CALLBACK_PATH}")
}

/// Why a registered http loopback redirect URI is in a host form the provider does not
/// accept (`localhost` where only 127.0.0.1 is, or the reverse), if it is.
pub fn loopback_form_problem(uri: &str, accepted: crate::provider::LoopbackHost) -> Option<String> {
    use crate::provider::LoopbackHost as L;
    // Most registered URIs are https: no need to parse them.
    let head = uri.trim_start().get(..7)?;
    if !head.eq_ignore_ascii_case("http://") {
        return None;
    }
    let parsed = url::Url::parse(uri.trim()).ok()?;
    if parsed.scheme() != "http" {
        return None;
    }
    let host = parsed.host_str()?.to_ascii_lowercase();
    let ip = host == "127.0.0.1" || host == "[::1]";
    if !ip && host != "localhost" {
        return None;
    }
    match accepted {
        L::Localhost if ip => Some(format!(
            "the provider accepts only http://localhost loopback redirect URIs, not {host}"
        )),
        L::Ip if !ip => Some(
            "the provider accepts only http://127.0.0.1 loopback redirect URIs, not localhost"
                .into(),
        ),
        L::Refused => Some("the provider refuses http loopback redirect URIs".into()),
        _ => None,
    }
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
        Error::with(
            crate::error::code::BAD_REDIRECT_URI,
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
            loopback("127.0.0.1", 8765),
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

/// Why a registered redirect URI does not match a needed one. Providers compare exactly
/// (RFC 6749 §3.1.2, OAuth 2.0 Security BCP §4.1.3), so one character is enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mismatch {
    NothingRegistered,
    SurroundingWhitespace,
    Wildcard,
    Userinfo,
    Scheme,
    QueryOrFragment,
    HostCase,
    IdnVersusPunycode,
    LocalhostVersusLoopbackAddress,
    PreviewPrefixMissing,
    CustomDomainMissing,
    Host,
    ExplicitDefaultPort,
    Port,
    TrailingSlash,
    PathCase,
    Path,
    Other,
}

impl Mismatch {
    pub fn explain(self) -> &'static str {
        match self {
            Mismatch::NothingRegistered => "no redirect URI is registered",
            Mismatch::SurroundingWhitespace => {
                "the registered URI has spaces or line breaks around it"
            }
            Mismatch::Wildcard => {
                "the registered URI uses a wildcard, and providers compare redirect URIs exactly"
            }
            Mismatch::Userinfo => "the registered URI has a user@ part",
            Mismatch::Scheme => "the scheme differs (http versus https)",
            Mismatch::QueryOrFragment => "one of them has a ?query or #fragment",
            Mismatch::HostCase => "the host differs in letter case",
            Mismatch::IdnVersusPunycode => {
                "one host is written as Unicode, the other as punycode (xn--)"
            }
            Mismatch::LocalhostVersusLoopbackAddress => {
                "localhost and 127.0.0.1 (or [::1]) are different strings to a provider"
            }
            Mismatch::PreviewPrefixMissing => "the preview host needs its preview-- prefix",
            Mismatch::CustomDomainMissing => "nothing is registered for the app's custom domain",
            Mismatch::Host => "the host differs",
            Mismatch::ExplicitDefaultPort => {
                "one of them spells out the default port (:443 or :80)"
            }
            Mismatch::Port => "the port differs",
            Mismatch::TrailingSlash => "a trailing slash differs",
            Mismatch::PathCase => "the path differs in letter case",
            Mismatch::Path => "the path differs",
            Mismatch::Other => "the two differ",
        }
    }

    /// The troubleshooting topic this mismatch belongs to.
    pub fn topic(self) -> crate::troubleshoot::Topic {
        match self {
            Mismatch::PreviewPrefixMissing => crate::troubleshoot::PREVIEW_REDIRECT_MISSING,
            _ => crate::troubleshoot::REDIRECT_URI_MISMATCH,
        }
    }
}

/// A URI split without normalising anything (the url crate would lower-case the host,
/// drop default ports and punycode Unicode hosts: exactly the differences we report).
#[derive(Debug, PartialEq, Eq)]
struct Raw<'a> {
    scheme: &'a str,
    userinfo: Option<&'a str>,
    host: &'a str,
    port: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(uri: &str) -> Option<Raw<'_>> {
    let (scheme, rest) = uri.split_once("://")?;
    let (rest, fragment) = match rest.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = if hostport.starts_with('[') {
        match hostport.split_once("]:") {
            Some((h, p)) => (&hostport[..h.len() + 1], Some(p)),
            None => (hostport, None),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    Some(Raw {
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        fragment,
    })
}

fn ascii_host(host: &str) -> Option<String> {
    url::Url::parse(&format!("https://{host}/"))
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
}

fn is_loopback_name(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    )
}

fn default_port(scheme: &str) -> &'static str {
    if scheme.eq_ignore_ascii_case("http") {
        "80"
    } else {
        "443"
    }
}

/// Compares a registered redirect URI with a needed one, exactly; `None` when they match,
/// else the first reason they differ.
pub fn compare(registered: &str, needed: &str) -> Option<Mismatch> {
    if registered == needed {
        return None;
    }
    if registered.trim() != registered {
        return Some(if registered.trim() == needed {
            Mismatch::SurroundingWhitespace
        } else {
            compare(registered.trim(), needed).unwrap_or(Mismatch::SurroundingWhitespace)
        });
    }
    if registered.contains('*') {
        return Some(Mismatch::Wildcard);
    }
    let (Some(r), Some(n)) = (split(registered), split(needed)) else {
        return Some(Mismatch::Other);
    };
    if r.userinfo.is_some() && n.userinfo.is_none() {
        return Some(Mismatch::Userinfo);
    }
    if r.scheme != n.scheme {
        return Some(Mismatch::Scheme);
    }
    if r.query != n.query || r.fragment != n.fragment {
        return Some(Mismatch::QueryOrFragment);
    }
    if r.host != n.host {
        if r.host.eq_ignore_ascii_case(n.host) {
            return Some(Mismatch::HostCase);
        }
        if let (Some(a), Some(b)) = (ascii_host(r.host), ascii_host(n.host))
            && a == b
        {
            return Some(Mismatch::IdnVersusPunycode);
        }
        if is_loopback_name(r.host) && is_loopback_name(n.host) {
            return Some(Mismatch::LocalhostVersusLoopbackAddress);
        }
        if let Some(live) = n.host.strip_prefix("preview--")
            && r.host.eq_ignore_ascii_case(live)
        {
            return Some(Mismatch::PreviewPrefixMissing);
        }
        return Some(Mismatch::Host);
    }
    if r.port != n.port {
        let d = default_port(n.scheme);
        if r.port.unwrap_or(d) == n.port.unwrap_or(d) {
            return Some(Mismatch::ExplicitDefaultPort);
        }
        return Some(Mismatch::Port);
    }
    if r.path != n.path {
        if r.path.trim_end_matches('/') == n.path.trim_end_matches('/') {
            return Some(Mismatch::TrailingSlash);
        }
        if r.path.eq_ignore_ascii_case(n.path) {
            return Some(Mismatch::PathCase);
        }
        return Some(Mismatch::Path);
    }
    Some(Mismatch::Other)
}

/// How a needed redirect URI stands against the registered ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub kind: UriKind,
    pub uri: String,
    pub registered: bool,
    /// When not registered: the closest registered URI and why it does not match.
    pub closest: Option<String>,
    pub reason: Option<Mismatch>,
}

impl Check {
    /// One sentence for a person.
    pub fn explain(&self) -> String {
        match (&self.closest, self.reason) {
            (_, None) => format!("{} is registered", self.uri),
            (Some(c), Some(r)) => format!(
                "{} is not registered; the closest registered URI, {c}, does not match: {}",
                self.uri,
                r.explain()
            ),
            (None, Some(r)) => format!("{} is not registered: {}", self.uri, r.explain()),
        }
    }
}

/// Checks a needed redirect URI against the registered ones: registered exactly, or the
/// closest registered one and the precise reason it differs.
pub fn check(needed: &RedirectUri, registered: &[String]) -> Check {
    if registered.iter().any(|r| r == &needed.uri) {
        return Check {
            kind: needed.kind,
            uri: needed.uri.clone(),
            registered: true,
            closest: None,
            reason: None,
        };
    }
    let closest = registered
        .iter()
        .min_by_key(|r| strsim::levenshtein(r, &needed.uri));
    let (closest, reason) = match closest {
        // With nothing registered, that is the reason, whatever kind of URI is needed.
        None => (None, Mismatch::NothingRegistered),
        Some(c) => {
            let mut reason = compare(c, &needed.uri).unwrap_or(Mismatch::Other);
            let needed_host = split(&needed.uri).map(|r| r.host.to_ascii_lowercase());
            let same_host_registered = registered
                .iter()
                .any(|r| split(r.trim()).map(|x| x.host.to_ascii_lowercase()) == needed_host);
            if needed.kind == UriKind::CustomDomain
                && !same_host_registered
                && reason == Mismatch::Host
            {
                reason = Mismatch::CustomDomainMissing;
            }
            if needed.kind == UriKind::Preview && !same_host_registered && reason == Mismatch::Host
            {
                reason = Mismatch::PreviewPrefixMissing;
            }
            (Some(c.clone()), reason)
        }
    };
    Check {
        kind: needed.kind,
        uri: needed.uri.clone(),
        registered: false,
        closest,
        reason: Some(reason),
    }
}

#[cfg(test)]
mod compare_tests {
    use super::*;
    use proptest::prelude::*;

    const LIVE: &str = "https://crm.base44.app/api/external-auth/callback";
    const PREVIEW: &str = "https://preview--crm.base44.app/api/external-auth/callback";
    const CUSTOM: &str = "https://crm.example.com/api/external-auth/callback";
    const LOOP: &str = "http://127.0.0.1:8765/api/external-auth/callback";

    #[test]
    fn a_table_of_pairs() {
        use Mismatch::*;
        let table: &[(&str, &str, Option<Mismatch>)] = &[
            (LIVE, LIVE, None),
            (PREVIEW, PREVIEW, None),
            (CUSTOM, CUSTOM, None),
            (LOOP, LOOP, None),
            (
                "https://CRM.base44.app/api/external-auth/callback",
                LIVE,
                Some(HostCase),
            ),
            (
                "https://crm.BASE44.APP/api/external-auth/callback",
                LIVE,
                Some(HostCase),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback/",
                LIVE,
                Some(TrailingSlash),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback//",
                LIVE,
                Some(TrailingSlash),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback",
                "https://crm.base44.app/api/external-auth/callback/",
                Some(TrailingSlash),
            ),
            (
                "http://crm.base44.app/api/external-auth/callback",
                LIVE,
                Some(Scheme),
            ),
            (
                "HTTPS://crm.base44.app/api/external-auth/callback",
                LIVE,
                Some(Scheme),
            ),
            (
                "https://crm.base44.app:443/api/external-auth/callback",
                LIVE,
                Some(ExplicitDefaultPort),
            ),
            (
                "http://127.0.0.1:80/api/external-auth/callback",
                "http://127.0.0.1/api/external-auth/callback",
                Some(ExplicitDefaultPort),
            ),
            (
                "https://crm.base44.app:8443/api/external-auth/callback",
                LIVE,
                Some(Port),
            ),
            (
                "http://127.0.0.1:9999/api/external-auth/callback",
                LOOP,
                Some(Port),
            ),
            (
                "http://127.0.0.1/api/external-auth/callback",
                LOOP,
                Some(Port),
            ),
            (
                "https://crm.base44.app/API/External-Auth/Callback",
                LIVE,
                Some(PathCase),
            ),
            (
                "https://crm.base44.app/api/external-auth/callbacks",
                LIVE,
                Some(Path),
            ),
            ("https://crm.base44.app/api/auth/callback", LIVE, Some(Path)),
            ("https://crm.base44.app/", LIVE, Some(Path)),
            ("https://crm.base44.app", LIVE, Some(Path)),
            (
                "https://crm.base44.app/api/external-auth/callback?x=1",
                LIVE,
                Some(QueryOrFragment),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback?",
                LIVE,
                Some(QueryOrFragment),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback#top",
                LIVE,
                Some(QueryOrFragment),
            ),
            (
                " https://crm.base44.app/api/external-auth/callback",
                LIVE,
                Some(SurroundingWhitespace),
            ),
            (
                "https://crm.base44.app/api/external-auth/callback\n",
                LIVE,
                Some(SurroundingWhitespace),
            ),
            (
                "\thttps://crm.base44.app/api/external-auth/callback/ ",
                LIVE,
                Some(TrailingSlash),
            ),
            (
                "https://*.base44.app/api/external-auth/callback",
                LIVE,
                Some(Wildcard),
            ),
            ("https://crm.base44.app/api/*", LIVE, Some(Wildcard)),
            (
                "https://admin@crm.base44.app/api/external-auth/callback",
                LIVE,
                Some(Userinfo),
            ),
            (
                "https://user:pw@crm.base44.app/api/external-auth/callback",
                LIVE,
                Some(Userinfo),
            ),
            (
                "https://bücher.example/api/external-auth/callback",
                "https://xn--bcher-kva.example/api/external-auth/callback",
                Some(IdnVersusPunycode),
            ),
            (
                "https://xn--bcher-kva.example/api/external-auth/callback",
                "https://bücher.example/api/external-auth/callback",
                Some(IdnVersusPunycode),
            ),
            (
                "http://localhost:8765/api/external-auth/callback",
                LOOP,
                Some(LocalhostVersusLoopbackAddress),
            ),
            (
                "http://[::1]:8765/api/external-auth/callback",
                LOOP,
                Some(LocalhostVersusLoopbackAddress),
            ),
            (
                LOOP,
                "http://localhost:8765/api/external-auth/callback",
                Some(LocalhostVersusLoopbackAddress),
            ),
            (LIVE, PREVIEW, Some(PreviewPrefixMissing)),
            (
                "https://Crm.base44.app/api/external-auth/callback",
                PREVIEW,
                Some(PreviewPrefixMissing),
            ),
            (
                "https://preview-crm.base44.app/api/external-auth/callback",
                PREVIEW,
                Some(Host),
            ),
            (
                "https://other.base44.app/api/external-auth/callback",
                LIVE,
                Some(Host),
            ),
            (
                "https://crm.base44.com/api/external-auth/callback",
                LIVE,
                Some(Host),
            ),
            ("not a uri", LIVE, Some(Other)),
        ];
        assert!(table.len() >= 40);
        for (registered, needed, want) in table {
            assert_eq!(
                compare(registered, needed),
                *want,
                "{registered:?} vs {needed:?}"
            );
        }
    }

    #[test]
    fn checks_pick_the_closest_and_say_why() {
        let preview = RedirectUri {
            kind: UriKind::Preview,
            uri: PREVIEW.into(),
        };
        let c = check(&preview, &[LIVE.to_string(), CUSTOM.to_string()]);
        assert!(!c.registered);
        assert_eq!(c.closest.as_deref(), Some(LIVE));
        assert_eq!(c.reason, Some(Mismatch::PreviewPrefixMissing));
        assert_eq!(c.reason.unwrap().topic().code, "preview_redirect_missing");
        let custom = RedirectUri {
            kind: UriKind::CustomDomain,
            uri: CUSTOM.into(),
        };
        assert_eq!(
            check(&custom, &[LIVE.to_string()]).reason,
            Some(Mismatch::CustomDomainMissing)
        );
        assert_eq!(
            check(&custom, &[]).reason,
            Some(Mismatch::NothingRegistered)
        );
        let live = RedirectUri {
            kind: UriKind::Live,
            uri: LIVE.into(),
        };
        assert_eq!(check(&live, &[]).reason, Some(Mismatch::NothingRegistered));
        use crate::provider::LoopbackHost as L;
        let ms = "http://127.0.0.1:8765/api/external-auth/callback";
        assert!(
            loopback_form_problem(ms, L::Localhost)
                .unwrap()
                .contains("only http://localhost")
        );
        assert!(loopback_form_problem(ms, L::Either).is_none());
        assert!(loopback_form_problem("http://localhost/cb", L::Ip).is_some());
        assert!(loopback_form_problem("http://localhost/cb", L::Refused).is_some());
        assert!(loopback_form_problem("https://crm.base44.app/cb", L::Refused).is_none());
        for kind in [UriKind::Preview, UriKind::CustomDomain, UriKind::Loopback] {
            let needed = RedirectUri {
                kind,
                uri: live.uri.clone(),
            };
            assert_eq!(
                check(&needed, &[]).reason,
                Some(Mismatch::NothingRegistered),
                "{kind:?}"
            );
        }
        let c = check(&live, &[format!("{LIVE}/"), CUSTOM.to_string()]);
        assert_eq!(
            (c.closest.as_deref(), c.reason),
            (
                Some(format!("{LIVE}/").as_str()),
                Some(Mismatch::TrailingSlash)
            )
        );
        assert!(c.explain().contains("trailing slash"));
        assert!(check(&live, &[CUSTOM.to_string(), LIVE.to_string()]).registered);
    }

    fn label() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9]{0,10}"
    }

    proptest! {
        #[test]
        fn identical_uris_always_match(app in label(), domain in label(), path in "(/[a-z0-9-]{1,8}){0,4}") {
            let uri = format!("https://{app}.{domain}.app{path}");
            prop_assert_eq!(compare(&uri, &uri), None);
        }

        #[test]
        fn any_single_difference_is_a_mismatch(app in label(), path in "(/[a-z0-9-]{1,8}){1,4}") {
            let uri = format!("https://{app}.base44.app{path}");
            prop_assert_eq!(compare(&format!("{uri}/"), &uri), Some(Mismatch::TrailingSlash));
            prop_assert_eq!(compare(&uri.replacen("https", "http", 1), &uri), Some(Mismatch::Scheme));
            prop_assert_eq!(compare(&uri.replacen(".app", ".app:443", 1), &uri), Some(Mismatch::ExplicitDefaultPort));
            prop_assert_eq!(compare(&format!(" {uri}"), &uri), Some(Mismatch::SurroundingWhitespace));
            prop_assert_eq!(compare(&format!("{uri}?a=b"), &uri), Some(Mismatch::QueryOrFragment));
            let upper = uri.replacen(&format!("://{app}."), &format!("://{}.", app.to_ascii_uppercase()), 1);
            if upper != uri {
                prop_assert_eq!(compare(&upper, &uri), Some(Mismatch::HostCase));
            }
            let preview = uri.replacen("https://", "https://preview--", 1);
            prop_assert_eq!(compare(&uri, &preview), Some(Mismatch::PreviewPrefixMissing));
        }

        #[test]
        fn compare_never_panics_and_matches_only_equal_strings(a in "\\PC{0,40}", b in "\\PC{0,40}") {
            let got = compare(&a, &b);
            prop_assert_eq!(got.is_none(), a == b);
        }
    }
}
