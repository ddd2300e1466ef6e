//! Creating a provider definition from an issuer's metadata: the OpenID Connect Discovery
//! 1.0 document and the RFC 8414 authorization server metadata, both read and merged.
//! Servers disagree about what goes where (some list `revocation_endpoint` only in their
//! RFC 8414 document), so each field is taken from the first document that has it, and
//! the definition records which document each endpoint came from. The issuer in every
//! document must be the one asked for (RFC 8414 §3.3), and the endpoints must be https
//! (or on loopback, for local servers).

use serde_json::{Value, json};

use crate::error::{Error, Result};

/// The two metadata addresses of an issuer: OpenID Connect's (the well-known path appended
/// to the issuer) and RFC 8414's (inserted between the host and the issuer's path, §3.1).
pub fn metadata_urls(issuer: &url::Url) -> [String; 2] {
    let base = issuer.as_str().trim_end_matches('/');
    let path = issuer.path().trim_end_matches('/');
    let origin = issuer.origin().ascii_serialization();
    [
        format!("{base}/.well-known/openid-configuration"),
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ]
}

/// Fetches both metadata documents of `issuer` and turns them into a provider definition.
pub fn discover(name: &str, issuer: &str) -> Result<Value> {
    let issuer = issuer.trim().trim_end_matches('/');
    let parsed = url::Url::parse(issuer).map_err(|e| {
        Error::with(
            crate::error::code::BAD_ISSUER,
            format!("'{issuer}' is not an issuer URL ({e})"),
        )
        .hint("give the issuer's base URL, such as https://id.example.com")
    })?;
    let loopback = matches!(
        parsed.host_str(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    );
    if parsed.scheme() != "https" && !(parsed.scheme() == "http" && loopback) {
        return Err(
            Error::with(crate::error::code::BAD_ISSUER, "an issuer must use https")
                .hint("only issuers on 127.0.0.1 or localhost may use http"),
        );
    }
    let agent = crate::oauth::http_agent();
    let mut tried = Vec::new();
    let mut docs = Vec::new();
    let mut urls = metadata_urls(&parsed).to_vec();
    // Some servers (and pure OAuth ones) serve RFC 8414 metadata appended to the issuer.
    let appended = format!("{issuer}/.well-known/oauth-authorization-server");
    if !urls.contains(&appended) {
        urls.push(appended);
    }
    for url in urls {
        match agent.get(&url).call() {
            Ok(resp) => match resp.into_json::<Value>() {
                // One usable document is enough; a page that is not metadata is skipped.
                Ok(doc) if doc.is_object() => docs.push((url, doc)),
                Ok(_) | Err(_) => tried.push(format!("{url} (not a JSON metadata document)")),
            },
            Err(ureq::Error::Status(code, _)) => tried.push(format!("{url} (HTTP {code})")),
            Err(ureq::Error::Transport(t)) => tried.push(format!("{url} ({})", t.kind())),
        }
    }
    if docs.is_empty() {
        return Err(Error::with(
            crate::error::code::DISCOVERY_FAILED,
            format!("no discovery document was found: {}", tried.join("; ")),
        )
        .hint("check the issuer URL, or define the provider by hand in a providers file"));
    }
    let docs: Vec<(&str, &Value)> = docs.iter().map(|(u, d)| (u.as_str(), d)).collect();
    definition(name, issuer, &docs)
}

/// Builds the definition from the metadata documents found, in order of preference, as
/// (address, document) (separate for tests).
pub fn definition(name: &str, issuer: &str, docs: &[(&str, &Value)]) -> Result<Value> {
    let (usable, skipped) = for_issuer(issuer, docs)?;
    let docs = Merged(usable.as_slice());
    let (auth, auth_src) = docs
        .text("authorization_endpoint")
        .ok_or_else(|| missing("authorization_endpoint"))?;
    let (token, token_src) = docs
        .text("token_endpoint")
        .ok_or_else(|| missing("token_endpoint"))?;
    let revocation = docs.text("revocation_endpoint");
    let (methods, methods_src) = docs.list("token_endpoint_auth_methods_supported");
    let token_auth = token_auth_method(&methods);
    let (challenges, pkce_src) = docs.list("code_challenge_methods_supported");
    let pkce = challenges.iter().any(|m| m == "S256");
    let (scope_names, scopes_src) = docs.list("scopes_supported");
    let scopes: Vec<Value> = scope_names
        .into_iter()
        .map(|s| json!({"name": s, "description": "listed in the discovery document"}))
        .collect();
    let mut sources = serde_json::Map::new();
    sources.insert("authorization_url".into(), json!(auth_src));
    sources.insert("token_url".into(), json!(token_src));
    if let Some((_, s)) = &revocation {
        sources.insert("revocation_url".into(), json!(s));
    }
    let first = usable[0].0;
    sources.insert("token_auth".into(), json!(methods_src.unwrap_or(first)));
    sources.insert("pkce".into(), json!(pkce_src.unwrap_or(first)));
    if let Some(s) = scopes_src {
        sources.insert("scopes".into(), json!(s));
    }
    let notes = notes(&usable, &skipped, revocation.is_some());
    // Its API, as far as discovery tells: the issuer's host, and its userinfo endpoint
    // as the "who am I" call when it lives there (a token goes to the issuer's host only).
    let issuer_url = usable[0]
        .1
        .get("issuer")
        .and_then(Value::as_str)
        .unwrap_or(issuer);
    let host_of = |u: &str| {
        url::Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
    };
    let me = docs
        .text("userinfo_endpoint")
        .filter(|(u, _)| host_of(u).is_some() && host_of(u) == host_of(issuer_url));
    if let Some((_, s)) = &me {
        sources.insert("api".into(), json!(s));
    }
    let api =
        json!({"base_url": issuer_url, "me": me.map(|(u, _)| json!({"method": "GET", "path": u}))});
    Ok(json!({
        "api": api,
        "name": name,
        "display_name": name,
        "authorization_url": auth,
        "token_url": token,
        "revocation_url": revocation.map(|(u, _)| u),
        "issuer": usable[0].1.get("issuer").and_then(Value::as_str).unwrap_or(issuer),
        "scope_separator": " ",
        "token_auth": token_auth,
        "pkce": pkce,
        "scopes": scopes,
        "notes": notes,
        "sources": sources,
        "authorization_response_iss": docs.field("authorization_response_iss_parameter_supported")
            .is_some_and(|(v, _)| v == &Value::Bool(true)),
    }))
}

/// A metadata document with its address.
type Doc<'d> = (&'d str, &'d Value);

/// The documents that name `issuer`, and the addresses of those that name another. RFC
/// 8414 §3.3: a document for another issuer is not used; if none is for this one,
/// nothing is.
fn for_issuer<'d>(issuer: &str, docs: &[Doc<'d>]) -> Result<(Vec<Doc<'d>>, Vec<&'d str>)> {
    let names_issuer = |doc: &Value| {
        let found = doc
            .get("issuer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        found.trim_end_matches('/') == issuer.trim_end_matches('/')
    };
    let skipped: Vec<&str> = docs
        .iter()
        .filter(|(_, d)| !names_issuer(d))
        .map(|(s, _)| *s)
        .collect();
    let usable: Vec<(&str, &Value)> = docs
        .iter()
        .copied()
        .filter(|(_, d)| names_issuer(d))
        .collect();
    if usable.is_empty() {
        let (source, doc) = docs.first().ok_or_else(|| missing("issuer"))?;
        let found = doc
            .get("issuer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(Error::with(crate::error::code::DISCOVERY_FAILED,
            format!(
                "the metadata at {source} names issuer '{}', not '{issuer}' (RFC 8414 §3.3 requires them to match)",
                crate::text::printable(found)
            ),
        )
        .hint("use the issuer URL the document names, if you trust it"));
    }
    Ok((usable, skipped))
}

/// The usable documents read as one, in order of preference: each field is taken from
/// the first that has it (not null), with that document's address.
struct Merged<'a, 'd>(&'a [Doc<'d>]);

impl<'d> Merged<'_, 'd> {
    /// A field's value and the document it came from.
    fn field(&self, k: &str) -> Option<(&'d Value, &'d str)> {
        self.0
            .iter()
            .find_map(|(src, d)| d.get(k).filter(|v| !v.is_null()).map(|v| (v, *src)))
    }

    /// A text field (none if the first document that has it gives something else).
    fn text(&self, k: &str) -> Option<(String, &'d str)> {
        self.field(k)
            .and_then(|(v, s)| v.as_str().map(|t| (t.to_string(), s)))
    }

    /// A list of strings (other items dropped), with its source if it is a list.
    fn list(&self, k: &str) -> (Vec<String>, Option<&'d str>) {
        match self.field(k) {
            Some((Value::Array(a), s)) => (
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                Some(s),
            ),
            _ => (Vec::new(), None),
        }
    }
}

/// How the client authenticates at the token endpoint, given the methods the metadata
/// lists: client_secret_basic if listed, or if none is (RFC 8414's default when absent);
/// client_secret_post otherwise.
fn token_auth_method(methods: &[String]) -> &'static str {
    if methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic") {
        "client_secret_basic"
    } else {
        "client_secret_post"
    }
}

/// The definition's notes: which documents it was made from, which were not used, and
/// what having no revocation endpoint means.
fn notes(usable: &[Doc<'_>], skipped: &[&str], has_revocation: bool) -> Vec<String> {
    let read: Vec<&str> = usable.iter().map(|(s, _)| *s).collect();
    let mut notes = vec![format!(
        "Created from the metadata at {}.",
        read.join(" and ")
    )];
    if !skipped.is_empty() {
        notes.push(format!(
            "Not used, as they name another issuer: {}.",
            skipped.join(", ")
        ));
    }
    if !has_revocation {
        notes.push("Neither metadata document lists a revocation endpoint: disconnecting deletes the tokens here but cannot end the grant at the provider.".into());
    }
    notes
}

fn missing(field: &str) -> Error {
    Error::with(
        crate::error::code::DISCOVERY_FAILED,
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
            &[(
                "https://id.example.com/.well-known/openid-configuration",
                &doc,
            )],
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
        let e = definition("acme", "https://id.example.com", &[("src", &doc)]).unwrap_err();
        assert!(e.message.contains("RFC 8414"));
    }

    #[test]
    fn both_documents_are_merged_and_each_endpoint_names_its_source() {
        let oidc = json!({
            "issuer": "https://id.example.com",
            "authorization_endpoint": "https://id.example.com/auth",
            "token_endpoint": "https://id.example.com/token",
        });
        let rfc8414 = json!({
            "issuer": "https://id.example.com",
            "authorization_endpoint": "https://id.example.com/other-auth",
            "token_endpoint": "https://id.example.com/token",
            "revocation_endpoint": "https://id.example.com/revoke",
            "code_challenge_methods_supported": ["S256"],
        });
        let d = definition(
            "acme",
            "https://id.example.com",
            &[("OIDC", &oidc), ("RFC8414", &rfc8414)],
        )
        .unwrap();
        assert_eq!(d["authorization_url"], "https://id.example.com/auth");
        assert_eq!(d["revocation_url"], "https://id.example.com/revoke");
        assert_eq!(d["pkce"], true);
        assert_eq!(d["sources"]["authorization_url"], "OIDC");
        assert_eq!(d["sources"]["revocation_url"], "RFC8414");
        assert_eq!(d["sources"]["pkce"], "RFC8414");
        // A document for another issuer is not used (and said so); with none usable, error.
        let wrong = json!({"issuer": "https://evil.example", "revocation_endpoint": "https://evil.example/r"});
        let d = definition(
            "acme",
            "https://id.example.com",
            &[("OIDC", &oidc), ("RFC8414", &wrong)],
        )
        .unwrap();
        assert!(d["revocation_url"].is_null(), "{d}");
        assert!(d["notes"].to_string().contains("Not used"), "{d}");
        assert!(definition("acme", "https://id.example.com", &[("RFC8414", &wrong)]).is_err());
    }

    #[test]
    fn basic_client_authentication_unless_only_post_is_listed() {
        let methods = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(token_auth_method(&[]), "client_secret_basic");
        assert_eq!(
            token_auth_method(&methods(&["client_secret_post", "client_secret_basic"])),
            "client_secret_basic"
        );
        assert_eq!(
            token_auth_method(&methods(&["client_secret_post", "private_key_jwt"])),
            "client_secret_post"
        );
    }

    #[test]
    fn a_merged_field_comes_from_the_first_document_that_has_it_not_null() {
        let a =
            json!({"revocation_endpoint": null, "token_endpoint": 7, "scopes_supported": "openid"});
        let b = json!({"revocation_endpoint": "https://b/r", "token_endpoint": "https://b/t",
            "scopes_supported": ["openid", 1, "email"]});
        let docs = [("A", &a), ("B", &b)];
        let m = Merged(&docs);
        assert_eq!(
            m.text("revocation_endpoint"),
            Some(("https://b/r".into(), "B"))
        );
        // A's token_endpoint is there but not text: it is not looked for further.
        assert_eq!(m.text("token_endpoint"), None);
        // Nor is a list that is not one.
        assert_eq!(m.list("scopes_supported"), (vec![], None));
        let docs = [("B", &b)];
        assert_eq!(
            Merged(&docs).list("scopes_supported"),
            (vec!["openid".to_string(), "email".to_string()], Some("B"))
        );
        assert_eq!(m.field("absent"), None);
    }

    #[test]
    fn notes_say_what_was_read_skipped_and_missing() {
        let doc = json!({});
        let all = notes(&[("A", &doc), ("B", &doc)], &["C"], false);
        assert_eq!(all[0], "Created from the metadata at A and B.");
        assert_eq!(all[1], "Not used, as they name another issuer: C.");
        assert!(all[2].starts_with("Neither metadata document lists a revocation endpoint"));
        assert_eq!(notes(&[("A", &doc)], &[], true).len(), 1);
    }

    #[test]
    fn rfc8414_inserts_the_well_known_path_before_the_issuer_path() {
        let with_path = url::Url::parse("https://id.example.com/tenant/v2").unwrap();
        assert_eq!(
            metadata_urls(&with_path),
            [
                "https://id.example.com/tenant/v2/.well-known/openid-configuration".to_string(),
                "https://id.example.com/.well-known/oauth-authorization-server/tenant/v2"
                    .to_string(),
            ]
        );
        let bare = url::Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            metadata_urls(&bare)[1],
            "http://127.0.0.1:8080/.well-known/oauth-authorization-server"
        );
    }
}
