//! Live probes of a provider, made without any user session and consenting to nothing:
//! an authorization request with the connector's client ID and one redirect URI (does the
//! provider accept that client and that redirect URI?), and a token request with a
//! deliberately invalid code (does it accept the client credentials?).
//!
//! Answers are classified by a per-provider classifier: the markers in the catalog's
//! `probe` entry (the provider's own error codes and texts), then the generic rules.

use serde::Serialize;

use crate::oauth::{self, Credentials};
use crate::provider::Provider;

pub use crate::provider::ProbeMarkers;

const GENERIC_REDIRECT: &[&str] = &[
    "redirect_uri_mismatch",
    "invalid_redirect_uri",
    "redirect_uri did not match",
    "bad_redirect_uri",
];
const GENERIC_CLIENT: &[&str] = &[
    "invalid_client",
    "unauthorized_client",
    "client is invalid",
    "client not found",
    "unknown client",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "evidence")]
pub enum AuthVerdict {
    /// The provider went on to a login or consent page: client and redirect URI accepted.
    Accepted(String),
    RedirectRejected(String),
    ClientUnknown(String),
    /// Neither: the answer is shown as evidence.
    Unclear(String),
    Unreachable(String),
}

/// The answer to a probe, as recorded for classification (and for the tests).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// The visible text of an HTML page (tags, styles and scripts dropped), for evidence.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len().min(4096));
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() && i < 50_000 {
        if bytes[i] == b'<' {
            let skip_to = ["style", "script", "head"]
                .iter()
                .find(|t| lower[i + 1..].starts_with(*t))
                .and_then(|t| {
                    lower[i..]
                        .find(&format!("</{t}>"))
                        .map(|e| i + e + t.len() + 3)
                });
            let end = skip_to.unwrap_or_else(|| {
                lower[i..]
                    .find('>')
                    .map(|e| i + e + 1)
                    .unwrap_or(bytes.len())
            });
            out.push(' ');
            i = end;
        } else {
            let next = lower[i..].find('<').map(|e| i + e).unwrap_or(bytes.len());
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn excerpt(s: &str) -> String {
    let s = text_of(s);
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s
    }
}

/// Classifies the answer to an authorization request for `redirect_uri`.
pub fn classify_authorization(
    markers: &ProbeMarkers,
    redirect_uri: &str,
    a: &Answer,
) -> AuthVerdict {
    let has = |list: &[String], generic: &[&str], hay: &str| {
        let hay = hay.to_ascii_lowercase();
        list.iter()
            .map(String::as_str)
            .chain(generic.iter().copied())
            .any(|m| hay.contains(&m.to_ascii_lowercase()))
    };
    if (300..400).contains(&a.status) {
        let loc = a.location.clone().unwrap_or_default();
        if loc.starts_with(redirect_uri) {
            // Back to the redirect URI: it was accepted, unless the error says otherwise
            // (GitHub sends redirect_uri_mismatch to the registered callback).
            let error = url::Url::parse(&loc)
                .ok()
                .and_then(|u| {
                    u.query_pairs()
                        .find(|(k, _)| k == "error")
                        .map(|(_, v)| v.into_owned())
                })
                .unwrap_or_default();
            if has(&markers.redirect_rejected, GENERIC_REDIRECT, &error) {
                return AuthVerdict::RedirectRejected(format!("redirected with error={error}"));
            }
            if has(&markers.client_unknown, GENERIC_CLIENT, &error) {
                return AuthVerdict::ClientUnknown(format!("redirected with error={error}"));
            }
            return AuthVerdict::Accepted(if error.is_empty() {
                "redirected back without an error".into()
            } else {
                format!("the provider redirected to it (with error={error})")
            });
        }
        if let Ok(u) = url::Url::parse(&loc) {
            let error = u
                .query_pairs()
                .find(|(k, _)| k == "error")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            if has(&markers.redirect_rejected, GENERIC_REDIRECT, &error) {
                return AuthVerdict::RedirectRejected(format!(
                    "redirected to an error page: error={error}"
                ));
            }
            if has(&markers.client_unknown, GENERIC_CLIENT, &error) {
                return AuthVerdict::ClientUnknown(format!(
                    "redirected to an error page: error={error}"
                ));
            }
        }
        return AuthVerdict::Accepted(format!(
            "HTTP {} to the provider's sign-in ({})",
            a.status,
            loc.split('?').next().unwrap_or("")
        ));
    }
    if has(&markers.redirect_rejected, GENERIC_REDIRECT, &a.body) {
        return AuthVerdict::RedirectRejected(format!("HTTP {}: {}", a.status, excerpt(&a.body)));
    }
    if markers.client_unknown_status.contains(&a.status)
        || has(&markers.client_unknown, GENERIC_CLIENT, &a.body)
    {
        return AuthVerdict::ClientUnknown(format!("HTTP {}: {}", a.status, excerpt(&a.body)));
    }
    if a.status == 200 {
        return AuthVerdict::Accepted("HTTP 200: the provider showed its sign-in page".into());
    }
    AuthVerdict::Unclear(format!("HTTP {}: {}", a.status, excerpt(&a.body)))
}

/// Sends the authorization probe.
pub fn authorization(
    provider: &Provider,
    client_id: &str,
    redirect_uri: &str,
    scopes: &[String],
) -> AuthVerdict {
    let Some(auth) = &provider.authorization_url else {
        return AuthVerdict::Unclear("the provider has no authorization URL".into());
    };
    let Ok(mut url) = url::Url::parse(auth) else {
        return AuthVerdict::Unclear("the authorization URL is not valid".into());
    };
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri);
        q.append_pair("state", "connectors-doctor-probe");
        if !scopes.is_empty() {
            q.append_pair("scope", &scopes.join(&provider.scope_separator));
        }
        if provider.pkce {
            // RFC 7636 Appendix B's challenge: the probe never redeems a code.
            q.append_pair(
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            )
            .append_pair("code_challenge_method", "S256");
        }
    }
    let answer = match oauth::http_agent().get(url.as_str()).call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            let location = r.header("Location").map(String::from);
            let body = r.into_string().unwrap_or_default();
            Answer {
                status,
                location,
                body,
            }
        }
        Err(ureq::Error::Transport(t)) => {
            return AuthVerdict::Unreachable(format!("{} ({})", t.kind(), auth));
        }
    };
    let markers = provider.probe.clone().unwrap_or_default();
    classify_authorization(&markers, redirect_uri, &answer)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "evidence")]
pub enum TokenVerdict {
    /// The provider judged the code, so it accepted the credentials.
    CredentialsAccepted(String),
    CredentialsRejected(String),
    Unclear(String),
    Unreachable(String),
}

/// Classifies the token endpoint's answer to a deliberately invalid code.
pub fn classify_token(error: &str, description: Option<&str>) -> TokenVerdict {
    let words = match description {
        Some(d) => format!("{error}: {d}"),
        None => error.to_string(),
    };
    match error {
        "invalid_grant" | "invalid_code" | "code_already_used" | "bad_verification_code" => {
            TokenVerdict::CredentialsAccepted(words)
        }
        "invalid_client"
        | "unauthorized_client"
        | "invalid_client_id"
        | "bad_client_secret"
        | "invalid_client_secret" => TokenVerdict::CredentialsRejected(words),
        _ => TokenVerdict::Unclear(words),
    }
}

/// Sends a token request with an invalid code and the stored credentials.
pub fn token(provider: &Provider, creds: &Credentials<'_>, redirect_uri: &str) -> TokenVerdict {
    let Some(token_url) = &provider.token_url else {
        return TokenVerdict::Unclear("the provider has no token URL".into());
    };
    let mut form = vec![
        ("grant_type", "authorization_code".to_string()),
        (
            "code",
            "connectors-doctor-deliberately-invalid-code".to_string(),
        ),
        ("redirect_uri", redirect_uri.to_string()),
    ];
    if provider.pkce {
        form.push((
            "code_verifier",
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string(),
        ));
    }
    let mut req = oauth::http_agent()
        .post(token_url)
        .set("Accept", "application/json");
    // The request the flow itself would send: a JSON body where the provider's token
    // endpoint takes one (Notion), and its own headers set last, as the flow sets them,
    // so that the verdict is about the credentials, not about the request's shape.
    req = crate::oauth::client_auth(req, &mut form, provider, creds);
    if provider.token_body == crate::provider::TokenBody::Json {
        req = req.set("Content-Type", "application/json");
    }
    for (name, value) in &provider.request_headers {
        req = req.set(name, value);
    }
    let sent = if provider.token_body == crate::provider::TokenBody::Json {
        let body: serde_json::Map<String, serde_json::Value> = form
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect();
        req.send_string(&serde_json::Value::Object(body).to_string())
    } else {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        req.send_form(&pairs)
    };
    let (status, body) = match sent {
        Ok(r) | Err(ureq::Error::Status(_, r)) => (r.status(), r.into_string().unwrap_or_default()),
        Err(ureq::Error::Transport(t)) => {
            return TokenVerdict::Unreachable(format!("{} ({token_url})", t.kind()));
        }
    };
    match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(v) => match v.get("error").and_then(|e| e.as_str()) {
            Some(e) => classify_token(e, v.get("error_description").and_then(|d| d.as_str())),
            None => TokenVerdict::Unclear(format!("HTTP {status} without an OAuth error")),
        },
        Err(_) => TokenVerdict::Unclear(format!("HTTP {status}: {}", excerpt(&body))),
    }
}

#[cfg(test)]
mod tests {
    /// The token probe sends what the flow sends: the provider's headers, and a JSON body
    /// where its token endpoint takes one. (A listener in the test stands in for Notion,
    /// whose shape the sandbox also accepts as a form.)
    #[test]
    fn the_token_probe_sends_the_providers_body_and_headers() {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let seen = std::thread::spawn(move || {
            let mut req = server.recv().unwrap();
            let mut body = String::new();
            std::io::Read::read_to_string(req.as_reader(), &mut body).unwrap();
            let header = |name: &'static str| {
                req.headers()
                    .iter()
                    .find(|h| h.field.equiv(name))
                    .map(|h| h.value.to_string())
            };
            let got = (header("Content-Type"), header("Notion-Version"), body);
            let answer = tiny_http::Response::from_string(
                r#"{"error": "invalid_grant", "error_description": "bad code"}"#,
            )
            .with_status_code(400);
            req.respond(answer).unwrap();
            got
        });
        let mut provider = crate::provider::Catalog::builtin()
            .get("notion")
            .unwrap()
            .clone();
        provider.token_url = Some(format!("http://127.0.0.1:{port}/v1/oauth/token"));
        let secret = secrecy::SecretString::from("s");
        let creds = crate::oauth::Credentials {
            client_id: "cid",
            client_secret: &secret,
        };
        let verdict = super::token(&provider, &creds, "http://127.0.0.1:8765/callback");
        let (content_type, version, body) = seen.join().unwrap();
        assert_eq!(content_type.as_deref(), Some("application/json"));
        assert_eq!(version.as_deref(), Some("2025-09-03"));
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["grant_type"], "authorization_code");
        assert!(
            matches!(verdict, super::TokenVerdict::CredentialsAccepted(_)),
            "{verdict:?}"
        );
    }

    use super::*;

    const CB: &str = "https://crm.base44.app/api/external-auth/callback";

    fn answer(status: u16, location: Option<&str>, body: &str) -> Answer {
        Answer {
            status,
            location: location.map(String::from),
            body: body.into(),
        }
    }

    #[test]
    fn evidence_is_the_page_text() {
        let page = "<html><head><title>x</title><style>h1{font-weight:100}</style></head><body><h1>oops!</h1><pre><strong>error</strong>: invalid_client</pre><script>var a=1;</script></body></html>";
        assert_eq!(text_of(page), "oops! error : invalid_client");
    }

    #[test]
    fn oidc_provider_answers() {
        // Recorded from oidc-provider 8.8.1 (tests/oidc/server.mjs), GET /auth.
        let m = ProbeMarkers::default();
        let accepted = answer(
            303,
            Some("http://127.0.0.1:41623/interaction/iRVIDuOp7NkQYMjj90G_R"),
            "",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &accepted),
            AuthVerdict::Accepted(_)
        ));
        let bad_redirect = answer(
            400,
            None,
            "<pre><strong>error</strong>: invalid_redirect_uri</pre><pre><strong>error_description</strong>: redirect_uri did not match any of the client&#39;s registered redirect_uris</pre>",
        );
        assert!(
            matches!(classify_authorization(&m, CB, &bad_redirect), AuthVerdict::RedirectRejected(e) if e.contains("did not match"))
        );
        let bad_client = answer(
            400,
            None,
            "<pre><strong>error</strong>: invalid_client</pre><pre><strong>error_description</strong>: client is invalid</pre>",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &bad_client),
            AuthVerdict::ClientUnknown(_)
        ));
        // Token endpoint: recorded {"error":"invalid_grant","error_description":"grant request is invalid"}.
        assert!(matches!(
            classify_token("invalid_grant", Some("grant request is invalid")),
            TokenVerdict::CredentialsAccepted(_)
        ));
        assert!(matches!(
            classify_token("invalid_client", Some("client authentication failed")),
            TokenVerdict::CredentialsRejected(_)
        ));
    }

    #[test]
    fn google_answers() {
        // Error names from https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors
        let catalog = crate::provider::Catalog::builtin();
        let m = catalog.get("google").unwrap().probe.clone().unwrap();
        let mismatch = answer(
            400,
            None,
            "<p>Error 400: redirect_uri_mismatch</p><p>You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy.</p>",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &mismatch),
            AuthVerdict::RedirectRejected(_)
        ));
        let unknown = answer(
            401,
            None,
            "<p>Error 401: invalid_client</p><p>The OAuth client was not found.</p>",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &unknown),
            AuthVerdict::ClientUnknown(_)
        ));
        let deleted = answer(
            401,
            None,
            "<p>Error 401: deleted_client</p><p>The OAuth client was deleted.</p>",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &deleted),
            AuthVerdict::ClientUnknown(_)
        ));
        let login = answer(
            302,
            Some("https://accounts.google.com/v3/signin/identifier?continue=..."),
            "",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &login),
            AuthVerdict::Accepted(_)
        ));
    }

    #[test]
    fn github_answers() {
        // https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-authorization-request-errors:
        // a mismatched redirect_uri sends the user to the app's registered callback with
        // error=redirect_uri_mismatch; an unknown client_id is a 404 page.
        let catalog = crate::provider::Catalog::builtin();
        let m = catalog.get("github").unwrap().probe.clone().unwrap();
        let mismatch = answer(
            302,
            Some(
                "https://registered.example/cb?error=redirect_uri_mismatch&error_description=The+redirect_uri+MUST+match&state=x",
            ),
            "",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &mismatch),
            AuthVerdict::RedirectRejected(_)
        ));
        let unknown = answer(404, None, "<html>Not Found</html>");
        assert!(matches!(
            classify_authorization(&m, CB, &unknown),
            AuthVerdict::ClientUnknown(_)
        ));
        let login = answer(
            302,
            Some("https://github.com/login?client_id=x&return_to=%2Flogin%2Foauth%2Fauthorize"),
            "",
        );
        assert!(matches!(
            classify_authorization(&m, CB, &login),
            AuthVerdict::Accepted(_)
        ));
    }

    #[test]
    fn microsoft_and_slack_answers() {
        // AADSTS codes from https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
        let catalog = crate::provider::Catalog::builtin();
        let ms = catalog.get("microsoft").unwrap().probe.clone().unwrap();
        let mismatch = answer(
            200,
            None,
            "AADSTS50011: The redirect URI 'https://x' specified in the request does not match the redirect URIs configured for the application",
        );
        assert!(matches!(
            classify_authorization(&ms, CB, &mismatch),
            AuthVerdict::RedirectRejected(_)
        ));
        let unknown = answer(
            200,
            None,
            "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
        );
        assert!(matches!(
            classify_authorization(&ms, CB, &unknown),
            AuthVerdict::ClientUnknown(_)
        ));
        // Slack's token errors from https://api.slack.com/methods/oauth.v2.access#errors
        assert!(matches!(
            classify_token("invalid_code", None),
            TokenVerdict::CredentialsAccepted(_)
        ));
        assert!(matches!(
            classify_token("bad_client_secret", None),
            TokenVerdict::CredentialsRejected(_)
        ));
        assert!(matches!(
            classify_token("invalid_client_id", None),
            TokenVerdict::CredentialsRejected(_)
        ));
        assert!(matches!(
            classify_token("temporarily_unavailable", None),
            TokenVerdict::Unclear(_)
        ));
        // A redirect back with another error still means the redirect URI was accepted.
        let back = answer(302, Some(&format!("{CB}?error=invalid_scope&state=x")), "");
        assert!(matches!(
            classify_authorization(&ProbeMarkers::default(), CB, &back),
            AuthVerdict::Accepted(_)
        ));
    }
}
