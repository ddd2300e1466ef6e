//! Creating a provider definition from an issuer's discovery document (OpenID Connect
//! Discovery 1.0, then RFC 8414). The issuer in the document must be the one asked for
//! (RFC 8414 §3.3), and the endpoints must be https (or on loopback, for local servers).

use serde_json::{Value, json};

use crate::error::{Error, Result};

/// Fetches the discovery document of `issuer` and turns it into a provider definition.
pub fn discover(name: &str, issuer: &str) -> Result<Value> {
    let issuer = issuer.trim().trim_end_matches('/');
    let parsed = url::Url::parse(issuer).map_err(|e| {
        Error::usage(
            "bad_issuer",
            format!("'{issuer}' is not an issuer URL ({e})"),
        )
        .hint("give the issuer's base URL, such as https://id.example.com")
    })?;
    let loopback = matches!(
        parsed.host_str(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    );
    if parsed.scheme() != "https" && !(parsed.scheme() == "http" && loopback) {
        return Err(Error::usage("bad_issuer", "an issuer must use https")
            .hint("only issuers on 127.0.0.1 or localhost may use http"));
    }
    let agent = crate::oauth::http_agent();
    let mut tried = Vec::new();
    for suffix in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        let url = format!("{issuer}{suffix}");
        match agent.get(&url).call() {
            Ok(resp) => {
                let doc: Value = resp.into_json().map_err(|e| {
                    Error::problem(
                        "discovery_failed",
                        format!("{url} did not return a JSON document ({e})"),
                    )
                    .hint("check the issuer URL")
                })?;
                return definition(name, issuer, &url, &doc);
            }
            Err(ureq::Error::Status(code, _)) => tried.push(format!("{url} (HTTP {code})")),
            Err(ureq::Error::Transport(t)) => tried.push(format!("{url} ({})", t.kind())),
        }
    }
    Err(Error::problem(
        "discovery_failed",
        format!("no discovery document was found: {}", tried.join("; ")),
    )
    .hint("check the issuer URL, or define the provider by hand in a providers file"))
}

/// Builds the definition from a discovery document (separate for tests).
pub fn definition(name: &str, issuer: &str, source: &str, doc: &Value) -> Result<Value> {
    let get = |k: &str| doc.get(k).and_then(Value::as_str).map(String::from);
    let found_issuer = get("issuer").unwrap_or_default();
    if found_issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
        return Err(Error::problem(
            "discovery_failed",
            format!("the discovery document names issuer '{found_issuer}', not '{issuer}' (RFC 8414 §3.3 requires them to match)"),
        )
        .hint("use the issuer URL the document names, if you trust it"));
    }
    let auth = get("authorization_endpoint").ok_or_else(|| missing("authorization_endpoint"))?;
    let token = get("token_endpoint").ok_or_else(|| missing("token_endpoint"))?;
    let list = |k: &str| -> Vec<String> {
        doc.get(k)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let methods = list("token_endpoint_auth_methods_supported");
    // RFC 8414: the default when absent is client_secret_basic.
    let token_auth = if methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic") {
        "client_secret_basic"
    } else {
        "client_secret_post"
    };
    let pkce = list("code_challenge_methods_supported")
        .iter()
        .any(|m| m == "S256");
    let scopes: Vec<Value> = list("scopes_supported")
        .into_iter()
        .map(|s| json!({"name": s, "description": "listed in the discovery document"}))
        .collect();
    Ok(json!({
        "name": name,
        "display_name": name,
        "authorization_url": auth,
        "token_url": token,
        "revocation_url": get("revocation_endpoint"),
        "issuer": found_issuer,
        "scope_separator": " ",
        "token_auth": token_auth,
        "pkce": pkce,
        "scopes": scopes,
        "notes": [format!("Created from the discovery document at {source}.")],
        "sources": {"endpoints": source, "scopes": source},
    }))
}

fn missing(field: &str) -> Error {
    Error::problem(
        "discovery_failed",
        format!("the discovery document has no {field}"),
    )
    .hint("define the provider by hand in a providers file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discovery_document_becomes_a_definition() {
        let doc = json!({
            "issuer": "https://id.example.com",
            "authorization_endpoint": "https://id.example.com/auth",
            "token_endpoint": "https://id.example.com/token",
            "revocation_endpoint": "https://id.example.com/revoke",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email"],
        });
        let d = definition(
            "acme",
            "https://id.example.com/",
            "https://id.example.com/.well-known/openid-configuration",
            &doc,
        )
        .unwrap();
        assert_eq!(d["token_auth"], "client_secret_post");
        assert_eq!(d["pkce"], true);
        assert_eq!(d["scopes"].as_array().unwrap().len(), 2);
        let mut catalog = crate::provider::Catalog::builtin();
        assert!(catalog.apply(d, "test").unwrap().is_usable());
    }

    #[test]
    fn a_document_for_another_issuer_is_refused() {
        let doc = json!({"issuer": "https://evil.example", "authorization_endpoint": "https://evil.example/a", "token_endpoint": "https://evil.example/t"});
        let e = definition("acme", "https://id.example.com", "src", &doc).unwrap_err();
        assert!(e.message.contains("RFC 8414"));
    }
}
