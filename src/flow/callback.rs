//! Reading what arrives at the redirect URI: the query of a callback request, or a URL the
//! person pasted. Pure functions, so every case is a unit test.
//!
//! A wrong or missing state never ends the flow (it may be a stray or forged request); an
//! `error=` with the right state ends it with the provider's words; an `iss` that names
//! another issuer ends it too (RFC 9207: a mix-up attack).

use crate::oauth::ProviderError;
use crate::redirect::CALLBACK_PATH;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The authorization code, for the exchange.
    Code(String),
    /// The provider refused (state checked).
    Refused(ProviderErrorView),
}

/// What a provider said in an error callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderErrorView {
    pub error: String,
    pub description: Option<String>,
    pub uri: Option<String>,
}

impl ProviderErrorView {
    pub fn into_provider_error(self) -> ProviderError {
        ProviderError {
            error: self.error,
            description: self.description,
            uri: self.uri,
            status: None,
        }
    }
}

/// Why a request was answered with a 400 page while the flow keeps waiting, or why the
/// flow must stop.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Not the callback path (favicon, probes): 404, keep waiting.
    NotFound,
    /// State missing or different: 400, keep waiting.
    BadState,
    /// Right state but no code and no error: 400, keep waiting.
    NoCode,
    /// `iss` names another issuer, or is missing where the provider always sends it: stop.
    WrongIssuer { got: String, expected: String },
}

/// What the authorization response's `iss` must be (RFC 9207).
#[derive(Debug, Clone, Copy)]
pub struct IssuerRule<'a> {
    pub expected: &'a str,
    /// The provider's metadata says it always sends `iss`
    /// (`authorization_response_iss_parameter_supported`).
    pub required: bool,
}

/// Parses the path-and-query of a request that reached the listener.
pub fn parse(
    path_and_query: &str,
    expected_state: &str,
    expected_issuer: Option<IssuerRule<'_>>,
) -> Result<Outcome, Rejected> {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    if path != CALLBACK_PATH {
        return Err(Rejected::NotFound);
    }
    parse_query(query, expected_state, expected_issuer)
}

/// Parses the query of a callback (its path already checked).
pub fn parse_query(
    query: &str,
    expected_state: &str,
    expected_issuer: Option<IssuerRule<'_>>,
) -> Result<Outcome, Rejected> {
    let mut state = None;
    let mut code = None;
    let mut error = None;
    let mut description = None;
    let mut uri = None;
    let mut iss = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match k.as_ref() {
            "state" => &mut state,
            "code" => &mut code,
            "error" => &mut error,
            "error_description" => &mut description,
            "error_uri" => &mut uri,
            "iss" => &mut iss,
            _ => continue,
        };
        if slot.is_some() {
            // A repeated parameter is malformed (RFC 6749 §3.1): treat it as forged.
            return Err(Rejected::BadState);
        }
        *slot = Some(v.into_owned());
    }
    if !state
        .as_deref()
        .is_some_and(|s| constant_time_eq(s.as_bytes(), expected_state.as_bytes()))
    {
        return Err(Rejected::BadState);
    }
    // RFC 9207 §2.4: compared as strings, exactly; required where the provider says it
    // always sends it.
    if let Some(rule) = expected_issuer {
        match &iss {
            Some(got) if got != rule.expected => {
                return Err(Rejected::WrongIssuer {
                    got: crate::text::printable(got),
                    expected: rule.expected.to_string(),
                });
            }
            None if rule.required => {
                return Err(Rejected::WrongIssuer {
                    got: "no iss parameter".into(),
                    expected: rule.expected.to_string(),
                });
            }
            _ => {}
        }
    }
    if let Some(error) = error {
        // The provider's words reach a terminal: no control characters or escapes.
        return Ok(Outcome::Refused(ProviderErrorView {
            error: crate::text::printable(&error),
            description: description.map(|d| crate::text::printable(&d)),
            uri: uri.map(|u| crate::text::printable(&u)),
        }));
    }
    match code {
        Some(c) if !c.is_empty() => Ok(Outcome::Code(c)),
        _ => Err(Rejected::NoCode),
    }
}

/// Parses a URL the person pasted (the page they landed on), checked like a callback.
pub fn parse_pasted(
    pasted: &str,
    redirect_uri: &str,
    expected_state: &str,
    expected_issuer: Option<IssuerRule<'_>>,
) -> Result<Outcome, Rejected> {
    let pasted = pasted.trim();
    let Ok(url) = url::Url::parse(pasted) else {
        return Err(Rejected::NotFound);
    };
    let Ok(expected) = url::Url::parse(redirect_uri) else {
        return Err(Rejected::NotFound);
    };
    if url.scheme() != expected.scheme()
        || url.host_str() != expected.host_str()
        || url.port_or_known_default() != expected.port_or_known_default()
    {
        return Err(Rejected::NotFound);
    }
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    parse(&path_and_query, expected_state, expected_issuer)
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a Host header names this listener (DNS rebinding defence).
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    match host {
        Some(h) => {
            h == format!("127.0.0.1:{port}")
                || h == format!("[::1]:{port}")
                || h.eq_ignore_ascii_case(&format!("localhost:{port}"))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "/api/external-auth/callback";

    #[test]
    fn a_good_callback_yields_the_code() {
        assert_eq!(
            parse(&format!("{P}?code=abc&state=s1"), "s1", None),
            Ok(Outcome::Code("abc".into()))
        );
        assert_eq!(
            parse(&format!("{P}?state=s1&code=a%2Bb"), "s1", None),
            Ok(Outcome::Code("a+b".into()))
        );
    }

    #[test]
    fn stray_and_forged_requests_keep_the_flow_waiting() {
        assert_eq!(parse("/favicon.ico", "s1", None), Err(Rejected::NotFound));
        assert_eq!(
            parse(&format!("{P}/?code=abc&state=s1"), "s1", None),
            Err(Rejected::NotFound)
        );
        assert_eq!(
            parse(&format!("{P}?code=abc"), "s1", None),
            Err(Rejected::BadState)
        );
        assert_eq!(
            parse(&format!("{P}?code=abc&state=s2"), "s1", None),
            Err(Rejected::BadState)
        );
        assert_eq!(
            parse(&format!("{P}?code=abc&state=s1&state=s1"), "s1", None),
            Err(Rejected::BadState)
        );
        assert_eq!(
            parse(&format!("{P}?error=access_denied&state=evil"), "s1", None),
            Err(Rejected::BadState)
        );
        assert_eq!(
            parse(&format!("{P}?state=s1"), "s1", None),
            Err(Rejected::NoCode)
        );
    }

    #[test]
    fn provider_errors_end_the_flow_with_their_words() {
        let got = parse(
            &format!("{P}?error=access_denied&error_description=The+user+said+no&state=s1"),
            "s1",
            None,
        );
        assert_eq!(
            got,
            Ok(Outcome::Refused(ProviderErrorView {
                error: "access_denied".into(),
                description: Some("The user said no".into()),
                uri: None
            }))
        );
    }

    #[test]
    fn the_issuer_is_checked_exactly_and_required_where_advertised() {
        let rule = |expected, required| Some(IssuerRule { expected, required });
        let q = format!("{P}?code=c&state=s1&iss=https%3A%2F%2Fid.example");
        assert_eq!(
            parse(&q, "s1", rule("https://id.example", false)),
            Ok(Outcome::Code("c".into()))
        );
        // RFC 9207 §2.4: simple string comparison, so a trailing slash is another issuer.
        for other in ["https://id.example/", "https://other.example"] {
            assert!(matches!(
                parse(&q, "s1", rule(other, false)),
                Err(Rejected::WrongIssuer { .. })
            ));
        }
        // Absent iss: accepted from providers that do not send it, refused from one whose
        // metadata says it always does.
        let without = format!("{P}?code=c&state=s1");
        assert_eq!(
            parse(&without, "s1", rule("https://id.example", false)),
            Ok(Outcome::Code("c".into()))
        );
        assert!(matches!(
            parse(&without, "s1", rule("https://id.example", true)),
            Err(Rejected::WrongIssuer { .. })
        ));
    }

    #[test]
    fn a_providers_words_reach_the_terminal_without_escape_sequences() {
        let q = format!(
            "{P}?state=s1&error=access_denied%1b%5b31m&error_description=no%1b%5d0%3btitle%07%0d"
        );
        match parse(&q, "s1", None) {
            Ok(Outcome::Refused(v)) => {
                assert!(
                    !v.error.contains('\u{1b}')
                        && !v.description.as_deref().unwrap().contains('\u{1b}')
                );
                assert!(!v.description.unwrap().chars().any(|c| c.is_control()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pasted_urls_are_checked_like_callbacks() {
        let r = "https://crm.base44.app/api/external-auth/callback";
        assert_eq!(
            parse_pasted(&format!(" {r}?code=c&state=s1\n"), r, "s1", None),
            Ok(Outcome::Code("c".into()))
        );
        assert_eq!(
            parse_pasted(
                "https://evil.example/api/external-auth/callback?code=c&state=s1",
                r,
                "s1",
                None
            ),
            Err(Rejected::NotFound)
        );
        assert_eq!(
            parse_pasted(&format!("{r}?code=c&state=s2"), r, "s1", None),
            Err(Rejected::BadState)
        );
        assert_eq!(
            parse_pasted("not a url", r, "s1", None),
            Err(Rejected::NotFound)
        );
    }

    #[test]
    fn host_header_must_name_the_listener() {
        assert!(host_allowed(Some("127.0.0.1:8080"), 8080));
        assert!(host_allowed(Some("localhost:8080"), 8080));
        assert!(!host_allowed(Some("evil.example:8080"), 8080));
        assert!(!host_allowed(Some("127.0.0.1:8081"), 8080));
        assert!(!host_allowed(None, 8080));
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn callback_parsing_never_panics_and_needs_the_state(q in "\\PC{0,120}") {
            let got = parse(&format!("{CALLBACK_PATH}?{q}"), "the-state", Some(IssuerRule { expected: "https://id.example", required: false }));
            if let Ok(Outcome::Code(_)) | Ok(Outcome::Refused(_)) = got {
                prop_assert!(q.contains("state=the-state"));
            }
            let _ = parse_pasted(&q, "https://a.base44.app/api/external-auth/callback", "s", None);
        }
    }
}
