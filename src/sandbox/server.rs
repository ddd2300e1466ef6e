//! The sandbox's HTTP endpoints on 127.0.0.1: discovery, authorization (with a consent
//! page), token, revocation, introspection, and the admin endpoint.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tiny_http::{Header, Method, Request, Response, Server};

use super::state::{Code, Failures, Grant, Like, Pending, SandboxInfo, State};
use crate::error::{Error, Result};

/// A running sandbox; dropping it stops the server and frees the port.
pub struct Running {
    pub info: SandboxInfo,
    server: Arc<Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
    pub state: Arc<Mutex<State>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for _ in &self.threads {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Running {
    /// Blocks until the process is stopped (for `sandbox serve`).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Starts the sandbox on 127.0.0.1:`port` (0: any free port).
pub fn serve(
    port: u16,
    like: Like,
    failures: Failures,
    redirect_uris: Vec<String>,
) -> Result<Running> {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        Error::with(
            crate::error::code::PORT_IN_USE,
            format!("the sandbox cannot listen on 127.0.0.1:{port}: {e}"),
        )
        .hint("pass another --port, or 0 for any free one")
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(port);
    let info = SandboxInfo {
        issuer: format!("http://127.0.0.1:{port}"),
        port,
        like,
        client_id: format!("sandbox-{}-client", like.as_str()),
        client_secret: format!("sandbox-secret-{}", crate::vault::random_id()),
        admin_token: crate::vault::random_id(),
    };
    let state = Arc::new(Mutex::new(State::new(
        info.clone(),
        failures,
        redirect_uris,
    )));
    let server = Arc::new(server);
    let threads = (0..4)
        .map(|_| {
            let (server, state) = (Arc::clone(&server), Arc::clone(&state));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(request, &state);
                }
            })
        })
        .collect();
    Ok(Running {
        info,
        server,
        threads,
        state,
    })
}

pub(super) fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header")
}

pub(super) fn json_response(status: u16, v: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(v.to_string())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Cache-Control", "no-store"))
}

fn html(status: u16, title: &str, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · connectors sandbox</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}}label{{display:block;margin:.3rem 0}}</style>\
         </head><body><h1>{title}</h1>{body}</body></html>"
    );
    Response::from_string(page)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}

fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string("")
        .with_status_code(302)
        .with_header(header("Location", to))
}

use crate::text::html_escape as escape;

/// A request's fields: a form body, or a JSON object of strings (as Notion's endpoints
/// take them, so that `--like notion` answers the requests Notion gets).
fn form(body: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    if let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) {
        for (k, v) in fields {
            if let Some(v) = v.as_str() {
                out.entry(k).or_default().push(v.to_string());
            }
        }
        return out;
    }
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        out.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    out
}

pub(super) fn first<'a>(f: &'a HashMap<String, Vec<String>>, k: &str) -> Option<&'a str> {
    f.get(k).and_then(|v| v.first()).map(String::as_str)
}

fn handle(mut request: Request, state: &Mutex<State>) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let method = request.method().clone();
    let mut body = String::new();
    if method != Method::Get && method != Method::Head {
        use std::io::Read;
        let _ = request.as_reader().take(1 << 20).read_to_string(&mut body);
    }
    let auth = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.as_str().to_string());
    if path.starts_with("/api/") {
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_string(),
                    h.value.as_str().to_string(),
                )
            })
            .collect();
        let q = form(query);
        let response = super::api::handle(
            &mut state.lock().expect("state"),
            &super::api::Call {
                method: &method,
                path,
                query: &q,
                body: &body,
                auth: auth.as_deref(),
                headers: &headers,
            },
        );
        let _ = request.respond(response);
        return;
    }
    let response = match (method, path) {
        (Method::Get, "/.well-known/openid-configuration")
        | (Method::Get, "/.well-known/oauth-authorization-server") => {
            let issuer = state.lock().expect("state").info.issuer.clone();
            json_response(200, &discovery(&issuer))
        }
        (Method::Get, "/authorize") => authorize(state, &form(query)),
        (Method::Post, "/decide") => decide(state, &form(&body)),
        (Method::Post, "/token") => token(state, &form(&body), auth.as_deref()),
        (Method::Post, "/revoke") => revoke(state, &form(&body), auth.as_deref()),
        (Method::Post, "/introspect") => introspect(state, &form(&body), auth.as_deref()),
        (Method::Get, "/admin/state") | (Method::Post, "/admin/config") => {
            admin(state, path, &body, auth.as_deref())
        }
        _ => html(404, "Not found", "<p>The sandbox has no such page.</p>"),
    };
    let _ = request.respond(response);
}

fn discovery(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "revocation_endpoint": format!("{issuer}/revoke"),
        "introspection_endpoint": format!("{issuer}/introspect"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "profile", "offline_access", "calendar.read", "calendar.write"],
        "authorization_response_iss_parameter_supported": true,
        "id_token_signing_alg_values_supported": ["HS256"],
    })
}

fn authorize(
    state: &Mutex<State>,
    q: &HashMap<String, Vec<String>>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut st = state.lock().expect("state");
    st.counters.authorizations += 1;
    let client_id = first(q, "client_id").unwrap_or_default();
    if client_id != st.info.client_id {
        return html(
            400,
            "Error 401: invalid_client",
            "<p>error: invalid_client</p><p>The OAuth client was not found.</p>",
        );
    }
    let redirect_uri = first(q, "redirect_uri").unwrap_or_default().to_string();
    if !st.redirect_allowed(&redirect_uri) {
        return html(
            400,
            "Error 400: redirect_uri_mismatch",
            &format!(
                "<p>error: redirect_uri_mismatch</p><p>The redirect URI in the request, {}, does not match the ones authorized for the OAuth client.</p>",
                escape(&redirect_uri)
            ),
        );
    }
    // From here on, errors go back to the client's redirect URI.
    let refuse = |st: &State, error: &str, description: &str| {
        redirect(&error_redirect(
            st,
            &redirect_uri,
            first(q, "state"),
            error,
            description,
        ))
    };
    if first(q, "response_type") != Some("code") {
        return refuse(
            &st,
            "unsupported_response_type",
            "only response_type=code is supported",
        );
    }
    let scopes = requested_scopes(st.info.like, q);
    let Ok(challenge) = s256_challenge(q) else {
        return refuse(
            &st,
            "invalid_request",
            "only the S256 code challenge method is supported",
        );
    };
    let id = crate::vault::random_id();
    let offline = st.info.like != Like::Google || first(q, "access_type") == Some("offline");
    st.pending.insert(
        id.clone(),
        Pending {
            client_redirect: redirect_uri,
            state: first(q, "state").map(String::from),
            scopes: scopes.clone(),
            challenge,
            nonce: first(q, "nonce").map(String::from),
            offline,
        },
    );
    consent_page(&id, &scopes)
}

/// The scopes an authorization request asks for, as the imitated provider takes them:
/// Slack's comma-separated, its `user_scope` over `scope`; others space-separated.
fn requested_scopes(like: Like, q: &HashMap<String, Vec<String>>) -> Vec<String> {
    let sep = if like == Like::Slack { ',' } else { ' ' };
    let scope_param = if like == Like::Slack && q.contains_key("user_scope") {
        "user_scope"
    } else {
        "scope"
    };
    first(q, scope_param)
        .unwrap_or_default()
        .split(sep)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The request's PKCE code challenge, if it has one; an error if its method is not S256.
fn s256_challenge(q: &HashMap<String, Vec<String>>) -> std::result::Result<Option<String>, ()> {
    match (
        first(q, "code_challenge"),
        first(q, "code_challenge_method"),
    ) {
        (Some(c), Some("S256")) => Ok(Some(c.to_string())),
        (Some(_), _) => Err(()),
        _ => Ok(None),
    }
}

/// The page where the user signs in and approves (some of) the scopes, or denies.
fn consent_page(id: &str, scopes: &[String]) -> Response<std::io::Cursor<Vec<u8>>> {
    let boxes: String = scopes
        .iter()
        .map(|s| {
            format!(
                "<label><input type=\"checkbox\" name=\"scope\" value=\"{0}\" checked> {0}</label>",
                escape(s)
            )
        })
        .collect();
    html(
        200,
        "Sign in and consent",
        &format!(
            "<form method=\"post\" action=\"/decide\"><input type=\"hidden\" name=\"request\" value=\"{id}\">\
             <label>Sign in as <input name=\"user\" value=\"ada@example.test\"></label>\
             <p>The app asks for:</p>{boxes}\
             <p><button name=\"decision\" value=\"approve\">Approve</button> <button name=\"decision\" value=\"deny\">Deny</button></p></form>"
        ),
    )
}

fn error_redirect(
    st: &State,
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> String {
    let mut u = url::Url::parse(redirect_uri).expect("checked redirect URI");
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("error", error)
            .append_pair("error_description", description);
        if let Some(s) = state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", &st.info.issuer);
    }
    u.to_string()
}

fn decide(
    state: &Mutex<State>,
    f: &HashMap<String, Vec<String>>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut st = state.lock().expect("state");
    let Some(p) = first(f, "request").and_then(|id| st.pending.remove(id)) else {
        return html(
            400,
            "Expired",
            "<p>This consent request is unknown or was already answered.</p>",
        );
    };
    let user = first(f, "user")
        .unwrap_or("ada@example.test")
        .trim()
        .to_string();
    if first(f, "decision") != Some("approve") {
        let to = error_redirect(
            &st,
            &p.client_redirect,
            p.state.as_deref(),
            "access_denied",
            "The user denied the request",
        );
        return redirect(&to);
    }
    if st.failures.testing_mode
        && !st
            .failures
            .test_users
            .iter()
            .any(|u| u.eq_ignore_ascii_case(&user))
    {
        // Google's answer for a user who is not a test user of an app in testing.
        let to = error_redirect(
            &st,
            &p.client_redirect,
            p.state.as_deref(),
            "access_denied",
            "connectors sandbox has not completed the Google verification process. The app is currently being tested, and can only be accessed by developer-approved testers",
        );
        return redirect(&to);
    }
    let chosen: Vec<String> = f.get("scope").cloned().unwrap_or_default();
    let mut granted: Vec<String> = p
        .scopes
        .iter()
        .filter(|s| chosen.contains(s))
        .cloned()
        .collect();
    if !st.failures.grant_only.is_empty() {
        granted.retain(|s| st.failures.grant_only.contains(s));
    }
    let code = format!("code-{}", crate::vault::random_id());
    st.codes.insert(
        code.clone(),
        Code {
            user,
            redirect_uri: p.client_redirect.clone(),
            scopes: granted,
            challenge: p.challenge,
            nonce: p.nonce,
            offline: p.offline,
            issued: SystemTime::now(),
        },
    );
    let mut u = url::Url::parse(&p.client_redirect).expect("checked redirect URI");
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("code", &code);
        if let Some(s) = &p.state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", &st.info.issuer);
    }
    redirect(u.as_str())
}

fn oauth_error(
    status: u16,
    like: Like,
    error: &str,
    description: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if like == Like::Slack {
        // Slack answers HTTP 200 with ok: false.
        return json_response(200, &json!({"ok": false, "error": error}));
    }
    json_response(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// Checks client authentication as the imitated provider accepts it.
fn client_ok(st: &State, f: &HashMap<String, Vec<String>>, auth: Option<&str>) -> bool {
    if st.failures.invalid_client {
        return false;
    }
    let from_basic = auth
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(|b| {
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b.trim()).ok()
        })
        .and_then(|raw| {
            let text = String::from_utf8(raw).ok()?;
            let (id, secret) = text.split_once(':')?;
            let dec = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((dec(id)?, dec(secret)?))
        });
    let from_body = match (first(f, "client_id"), first(f, "client_secret")) {
        (Some(i), Some(s)) => Some((i.to_string(), s.to_string())),
        _ => None,
    };
    // Notion accepts only HTTP Basic.
    let creds = if st.info.like == Like::Notion {
        from_basic
    } else {
        from_basic.or(from_body)
    };
    creds.is_some_and(|(i, s)| i == st.info.client_id && s == st.info.client_secret)
}

/// The refusal for revocation and introspection requests without valid client credentials.
fn require_client(
    st: &State,
    f: &HashMap<String, Vec<String>>,
    auth: Option<&str>,
) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
    (!client_ok(st, f, auth)).then(|| {
        oauth_error(
            401,
            st.info.like,
            "invalid_client",
            "client authentication failed",
        )
    })
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn id_token(st: &State, user: &str, nonce: Option<&str>) -> String {
    use hmac::{KeyInit, Mac};
    let b64 =
        |v: &[u8]| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, v);
    let header = b64(br#"{"alg":"HS256","typ":"JWT"}"#);
    let mut claims = json!({"iss": st.info.issuer, "aud": st.info.client_id, "sub": format!("sandbox-{}", &hex(&Sha256::digest(user.as_bytes()))[..12]),
        "email": user, "email_verified": true, "iat": now_secs(), "exp": now_secs() + 3600});
    if let Some(n) = nonce {
        claims["nonce"] = json!(n);
    }
    let payload = b64(claims.to_string().as_bytes());
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(st.info.client_secret.as_bytes())
        .expect("any key length");
    mac.update(format!("{header}.{payload}").as_bytes());
    format!("{header}.{payload}.{}", b64(&mac.finalize().into_bytes()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn token_body(
    st: &mut State,
    grant: usize,
    refresh: Option<String>,
    nonce: Option<&str>,
    with_id_token: bool,
) -> Value {
    let g = st.grants[grant].clone();
    let access = st.issue(grant, false);
    let ttl = st.failures.access_ttl;
    let scope_sep = if st.info.like == Like::Slack {
        ","
    } else {
        " "
    };
    match st.info.like {
        Like::Slack => {
            let mut user = json!({"id": format!("U{}", &hex(&Sha256::digest(g.user.as_bytes()))[..8].to_uppercase()), "scope": g.scopes.join(scope_sep),
                "access_token": access, "token_type": "user", "expires_in": ttl});
            if let Some(r) = refresh {
                user["refresh_token"] = json!(r);
            }
            json!({"ok": true, "app_id": "A0SANDBOX", "authed_user": user, "team": {"id": "T0SANDBOX", "name": "Sandbox"}, "enterprise": null, "is_enterprise_install": false})
        }
        Like::Notion => {
            json!({"access_token": access, "token_type": "bearer", "bot_id": "sandbox-bot", "workspace_name": "Sandbox", "workspace_id": "sandbox-ws",
            "owner": {"type": "user", "user": {"object": "user", "id": "sandbox-user", "person": {"email": g.user}}}})
        }
        _ => {
            let mut v = json!({"access_token": access, "token_type": "Bearer", "expires_in": ttl, "scope": g.scopes.join(" ")});
            if let Some(r) = refresh {
                v["refresh_token"] = json!(r);
            }
            if with_id_token && g.scopes.iter().any(|s| s == "openid") {
                v["id_token"] = json!(id_token(st, &g.user, nonce));
            }
            v
        }
    }
}

fn token(
    state: &Mutex<State>,
    f: &HashMap<String, Vec<String>>,
    auth: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let delay = state.lock().expect("state").failures.token_delay_ms;
    let response = token_answer(state, f, auth);
    // The work is done (tokens issued, rotated) before the slow answer leaves.
    if delay > 0 {
        std::thread::sleep(Duration::from_millis(delay));
    }
    response
}

fn token_answer(
    state: &Mutex<State>,
    f: &HashMap<String, Vec<String>>,
    auth: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if state.lock().expect("state").failures.token_500 {
        return json_response(
            500,
            &json!({"error": "server_error", "error_description": "The sandbox's token endpoint is failing (token_500)."}),
        );
    }
    let mut st = state.lock().expect("state");
    let like = st.info.like;
    if !client_ok(&st, f, auth) {
        return oauth_error(
            401,
            like,
            if like == Like::Slack {
                "invalid_client_id"
            } else {
                "invalid_client"
            },
            "client authentication failed",
        );
    }
    match first(f, "grant_type") {
        Some("authorization_code") => redeem_code(&mut st, f),
        Some("refresh_token") => refresh(&mut st, f),
        _ => oauth_error(
            400,
            like,
            "unsupported_grant_type",
            "Use authorization_code or refresh_token.",
        ),
    }
}

/// The authorization_code grant: the code (once, within 10 minutes, for the same
/// redirect URI, with its PKCE verifier) becomes a grant and its first tokens.
fn redeem_code(
    st: &mut State,
    f: &HashMap<String, Vec<String>>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let like = st.info.like;
    let Some(code) = first(f, "code").and_then(|c| st.codes.remove(c)) else {
        return oauth_error(
            400,
            like,
            if like == Like::Slack {
                "invalid_code"
            } else {
                "invalid_grant"
            },
            "The authorization code is invalid or was already used.",
        );
    };
    if code.issued.elapsed().unwrap_or_default() > Duration::from_secs(600)
        || first(f, "redirect_uri") != Some(code.redirect_uri.as_str())
    {
        return oauth_error(
            400,
            like,
            "invalid_grant",
            "The redirect_uri does not match the authorization request, or the code expired.",
        );
    }
    if let Some(challenge) = &code.challenge
        && !pkce_matches(challenge, first(f, "code_verifier").unwrap_or_default())
    {
        return oauth_error(
            400,
            like,
            "invalid_grant",
            "PKCE verification failed: the code_verifier does not match the code_challenge.",
        );
    }
    st.counters.codes_redeemed += 1;
    st.grants.push(Grant {
        user: code.user,
        scopes: code.scopes,
        revoked: false,
    });
    let grant = st.grants.len() - 1;
    let refresh = (code.offline && like != Like::Notion).then(|| st.issue(grant, true));
    json_response(
        200,
        &token_body(st, grant, refresh, code.nonce.as_deref(), true),
    )
}

/// Whether a PKCE verifier is the one an S256 challenge was made from.
fn pkce_matches(challenge: &str, verifier: &str) -> bool {
    let computed = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        Sha256::digest(verifier.as_bytes()),
    );
    computed == challenge
}

/// The refresh_token grant: refused for an unknown, revoked or rotated-out token (a
/// rotated-out one revokes its whole grant); with rotation on, the token is used up and
/// a new one issued.
fn refresh(st: &mut State, f: &HashMap<String, Vec<String>>) -> Response<std::io::Cursor<Vec<u8>>> {
    let like = st.info.like;
    let presented = first(f, "refresh_token").unwrap_or_default().to_string();
    let (revoke_all, rotation) = (st.failures.revoke_refresh_tokens, st.failures.rotation);
    let found = st
        .tokens
        .get(&presented)
        .filter(|t| t.refresh)
        .map(|t| (t.grant, t.used));
    let Some((grant, used)) = found else {
        st.counters.refresh_failures += 1;
        return oauth_error(
            400,
            like,
            "invalid_grant",
            "Token has been expired or revoked.",
        );
    };
    if used {
        // Reuse of a rotated-out refresh token: revoke the whole grant.
        st.counters.reuse_detected += 1;
        st.counters.refresh_failures += 1;
        st.revoke_grant(grant);
        return oauth_error(
            400,
            like,
            "invalid_grant",
            "Refresh token reuse detected: the grant was revoked.",
        );
    }
    let revoked_alone = st.tokens.get(&presented).is_some_and(|t| t.revoked);
    if revoke_all || st.grants[grant].revoked || revoked_alone {
        st.counters.refresh_failures += 1;
        return oauth_error(
            400,
            like,
            "invalid_grant",
            "Token has been expired or revoked.",
        );
    }
    st.counters.refreshes += 1;
    let new_refresh = if rotation {
        if let Some(t) = st.tokens.get_mut(&presented) {
            t.used = true;
        }
        Some(st.issue(grant, true))
    } else {
        None
    };
    json_response(200, &token_body(st, grant, new_refresh, None, false))
}

fn revoke(
    state: &Mutex<State>,
    f: &HashMap<String, Vec<String>>,
    auth: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut st = state.lock().expect("state");
    if let Some(refused) = require_client(&st, f, auth) {
        return refused;
    }
    let token = first(f, "token").unwrap_or_default();
    if let Some(grant) = st.tokens.get(token).map(|t| t.grant) {
        if st.failures.revoke_token_only {
            if let Some(t) = st.tokens.get_mut(token) {
                t.revoked = true;
            }
        } else {
            st.revoke_grant(grant);
        }
        st.counters.revocations += 1;
    }
    // RFC 7009 §2.2: an unknown token is not an error.
    json_response(200, &json!({}))
}

fn introspect(
    state: &Mutex<State>,
    f: &HashMap<String, Vec<String>>,
    auth: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let st = state.lock().expect("state");
    if let Some(refused) = require_client(&st, f, auth) {
        return refused;
    }
    let token = first(f, "token").unwrap_or_default();
    match st.active(token) {
        Some((t, g)) => json_response(
            200,
            &json!({"active": true, "scope": g.scopes.join(" "), "client_id": st.info.client_id, "username": g.user,
            "token_type": if t.refresh { "refresh_token" } else { "access_token" },
            "exp": t.expires.and_then(|e| e.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs())}),
        ),
        None => json_response(200, &json!({"active": false})),
    }
}

fn admin(
    state: &Mutex<State>,
    path: &str,
    body: &str,
    auth: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut st = state.lock().expect("state");
    if auth.and_then(|a| a.strip_prefix("Bearer ")) != Some(st.info.admin_token.as_str()) {
        return json_response(
            401,
            &json!({"error": "unauthorized", "error_description": "pass the admin token (from the sandbox file) as a Bearer token"}),
        );
    }
    if path == "/admin/config" {
        // Fields given replace those of the current failure modes.
        let mut current = serde_json::to_value(&st.failures).unwrap_or_default();
        let mut patch: Value = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(e) => {
                return json_response(
                    400,
                    &json!({"error": "invalid_request", "error_description": format!("not JSON: {e}")}),
                );
            }
        };
        // Redirect URIs the sandbox's client accepts besides loopback ones.
        if let Some(Value::Array(uris)) = patch
            .as_object_mut()
            .and_then(|p| p.remove("redirect_uris"))
        {
            st.redirect_uris = uris
                .into_iter()
                .filter_map(|u| u.as_str().map(String::from))
                .collect();
        }
        if let (Value::Object(c), Value::Object(p)) = (&mut current, patch) {
            for (k, v) in p {
                c.insert(k, v);
            }
        }
        match serde_json::from_value::<Failures>(current) {
            Ok(f) => st.failures = f,
            Err(e) => {
                return json_response(
                    400,
                    &json!({"error": "invalid_request", "error_description": e.to_string()}),
                );
            }
        }
    }
    json_response(
        200,
        &json!({"failures": st.failures, "counters": st.counters, "grants": st.grants.len(),
                "live_grants": st.live_grants(),
                "redirect_uris": st.redirect_uris}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut q: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in pairs {
            q.entry(k.to_string()).or_default().push(v.to_string());
        }
        q
    }

    #[test]
    fn scopes_are_read_as_the_imitated_provider_writes_them() {
        let q = query(&[("scope", "openid  email,profile")]);
        assert_eq!(
            requested_scopes(Like::Generic, &q),
            ["openid", "email,profile"]
        );
        assert_eq!(
            requested_scopes(Like::Slack, &q),
            ["openid  email", "profile"]
        );
        // Slack's user token scopes take the place of the bot's.
        let q = query(&[
            ("scope", "chat:write"),
            ("user_scope", "users:read,,search:read"),
        ]);
        assert_eq!(
            requested_scopes(Like::Slack, &q),
            ["users:read", "search:read"]
        );
        assert_eq!(requested_scopes(Like::Google, &q), ["chat:write"]);
        assert!(requested_scopes(Like::Generic, &query(&[])).is_empty());
    }

    #[test]
    fn only_an_s256_code_challenge_is_taken() {
        let c = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        let s256 = query(&[("code_challenge", c), ("code_challenge_method", "S256")]);
        assert_eq!(s256_challenge(&s256), Ok(Some(c.to_string())));
        assert_eq!(s256_challenge(&query(&[])), Ok(None));
        let plain = query(&[("code_challenge", c), ("code_challenge_method", "plain")]);
        assert_eq!(s256_challenge(&plain), Err(()));
        assert_eq!(s256_challenge(&query(&[("code_challenge", c)])), Err(()));
    }

    #[test]
    fn pkce_verifiers_are_checked_as_in_rfc7636_appendix_b() {
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(
            challenge,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        ));
        assert!(!pkce_matches(challenge, ""));
        assert!(!pkce_matches(
            challenge,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"
        ));
    }
}
