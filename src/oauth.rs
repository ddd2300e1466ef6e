//! Talking to a provider's endpoints: the authorization URL, the code exchange, refresh and
//! revocation, through the oauth2 crate on a ureq (rustls) client that never follows
//! redirects (a token endpoint that redirects is an attack).
//!
//! Token responses become a [`TokenSet`] whose tokens are `SecretString`s; provider errors
//! keep the provider's own words (`error`, `error_description`) and are mapped to a
//! troubleshooting topic. No token or secret is ever put in an error or a log.

use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EndpointNotSet, EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken, StandardTokenResponse,
    TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::provider::{Provider, RevocationStyle, TokenAuth};
use crate::troubleshoot::{self, Topic};

/// Everything in a token response besides the standard fields (ID token, Slack's
/// `authed_user`, Notion's `owner` …). Its Debug output hides the values.
#[derive(Clone, Serialize, Deserialize, Default)]
pub struct Extra {
    #[serde(flatten)]
    pub fields: serde_json::Map<String, Value>,
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.fields.keys()).finish()
    }
}

impl ExtraTokenFields for Extra {}

type TokenResponse = StandardTokenResponse<Extra, BasicTokenType>;
type OAuthClient = Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// A transport failure (the provider could not be reached, or its answer not read).
#[derive(Debug)]
pub struct HttpError(String);

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HttpError {}

/// The oauth2 crate's HTTP client, on ureq: every HTTP status comes back as a response
/// (so OAuth error bodies are read), and only transport failures are errors. It sends the
/// provider's request headers, and the form body as JSON where the provider wants that.
struct Http<'a>(ureq::Agent, &'a Provider);

const MAX_BODY: u64 = 1 << 20;

/// A form-encoded body as a JSON object of the same fields.
fn form_to_json(body: &[u8]) -> Vec<u8> {
    let map: serde_json::Map<String, Value> = url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    Value::Object(map).to_string().into_bytes()
}

impl oauth2::SyncHttpClient for Http<'_> {
    type Error = HttpError;

    fn call(
        &self,
        request: oauth2::HttpRequest,
    ) -> std::result::Result<oauth2::HttpResponse, HttpError> {
        use std::io::Read;
        let uri = request.uri().to_string();
        let mut req = self.0.request(request.method().as_str(), &uri);
        let json = self.1.token_body == crate::provider::TokenBody::Json
            && request.method() != oauth2::http::Method::GET;
        for (name, value) in request.headers() {
            if json && name == oauth2::http::header::CONTENT_TYPE {
                continue;
            }
            let value = value
                .to_str()
                .map_err(|_| HttpError(format!("a {name} header is not text")))?;
            req = req.set(name.as_str(), value);
        }
        for (name, value) in &self.1.request_headers {
            req = req.set(name, value);
        }
        let sent = if request.method() == oauth2::http::Method::GET {
            req.call()
        } else if json {
            req.set("Content-Type", "application/json")
                .send_bytes(&form_to_json(request.body()))
        } else {
            req.send_bytes(request.body())
        };
        let resp = match sent {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(ureq::Error::Transport(t)) => {
                return Err(HttpError(format!(
                    "the provider could not be reached ({}) at {uri}",
                    t.kind()
                )));
            }
        };
        let mut builder = oauth2::http::Response::builder().status(resp.status());
        if let Some(ct) = resp.header("Content-Type") {
            builder = builder.header("Content-Type", ct);
        }
        let mut body = Vec::new();
        resp.into_reader()
            .take(MAX_BODY)
            .read_to_end(&mut body)
            .map_err(|e| HttpError(format!("the answer could not be read ({e})")))?;
        builder.body(body).map_err(|e| HttpError(e.to_string()))
    }
}

/// The HTTP client for provider endpoints: rustls, no redirects, bounded time.
pub fn http_agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout_connect(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("connectors/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The credentials of one connector.
pub struct Credentials<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a SecretString,
}

fn endpoint(provider: &Provider, which: &str, value: Option<&String>) -> Result<String> {
    value.cloned().ok_or_else(|| {
        Error::with(
            crate::error::code::PROVIDER_INCOMPLETE,
            format!("provider '{}' has no {which}", provider.name),
        )
        .hint("define it in a providers file (`connectors providers add FILE`)")
    })
}

fn client(
    provider: &Provider,
    creds: &Credentials<'_>,
    redirect_uri: Option<&str>,
) -> Result<OAuthClient> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        Error::with(
            crate::error::code::PROVIDER_INCOMPLETE,
            format!(
                "provider '{}': the {what} is not a valid URL ({e})",
                provider.name
            ),
        )
    };
    let auth = endpoint(
        provider,
        "authorization URL",
        provider.authorization_url.as_ref(),
    )?;
    let token = endpoint(provider, "token URL", provider.token_url.as_ref())?;
    let mut c = Client::new(ClientId::new(creds.client_id.to_string()))
        .set_client_secret(ClientSecret::new(
            creds.client_secret.expose_secret().to_string(),
        ))
        .set_auth_uri(AuthUrl::new(auth).map_err(|e| bad("authorization URL", &e))?)
        .set_token_uri(TokenUrl::new(token).map_err(|e| bad("token URL", &e))?)
        .set_auth_type(match provider.token_auth {
            TokenAuth::ClientSecretBasic => AuthType::BasicAuth,
            TokenAuth::ClientSecretPost => AuthType::RequestBody,
        });
    if let Some(uri) = redirect_uri {
        c = c.set_redirect_uri(
            RedirectUrl::new(uri.to_string()).map_err(|e| bad("redirect URI", &e))?,
        );
    }
    Ok(c)
}

/// One authorization request: the URL to open and what the callback must match.
pub struct AuthRequest {
    pub url: url::Url,
    pub state: String,
    pub verifier: Option<PkceCodeVerifier>,
    pub nonce: Option<String>,
    pub redirect_uri: String,
}

/// Whether the request is OpenID Connect (an ID token and a nonce are involved).
pub fn is_oidc(scopes: &[String]) -> bool {
    scopes.iter().any(|s| s == "openid")
}

/// Builds the authorization URL: state (256 random bits), PKCE S256 where the provider
/// supports it, a nonce for OpenID Connect, the provider's extra parameters, and the
/// scopes joined with the provider's separator.
pub fn authorization_request(
    provider: &Provider,
    creds: &Credentials<'_>,
    scopes: &[String],
    per_user: bool,
    redirect_uri: &str,
) -> Result<AuthRequest> {
    let c = client(provider, creds, Some(redirect_uri))?;
    let state = CsrfToken::new_random_len(32);
    let state_value = state.secret().clone();
    let mut req = c.authorize_url(move || state);
    for (k, v) in &provider.extra_authorization_params {
        req = req.add_extra_param(k.clone(), v.clone());
    }
    if !scopes.is_empty() {
        let param = match (&provider.user_scope_param, per_user) {
            (Some(p), true) => p.clone(),
            _ => "scope".to_string(),
        };
        req = req.add_extra_param(param, scopes.join(&provider.scope_separator));
    }
    let mut verifier = None;
    if provider.pkce {
        let (challenge, v) = PkceCodeChallenge::new_random_sha256_len(32);
        req = req.set_pkce_challenge(challenge);
        verifier = Some(v);
    }
    let mut nonce = None;
    if is_oidc(scopes) {
        let n = CsrfToken::new_random_len(32).secret().clone();
        req = req.add_extra_param("nonce", n.clone());
        nonce = Some(n);
    }
    let (url, _) = req.url();
    Ok(AuthRequest {
        url,
        state: state_value,
        verifier,
        nonce,
        redirect_uri: redirect_uri.to_string(),
    })
}

/// Tokens from a token response. Only the fields that may be shown are public.
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub id_token: Option<SecretString>,
    pub token_type: Option<String>,
    pub expires_in: Option<u64>,
    /// The scopes the provider says it granted, when it says.
    pub scopes: Option<Vec<String>>,
    /// The account that consented, when the response tells.
    pub account: Option<String>,
}

/// A provider's refusal, in its own words.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderError {
    pub error: String,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub status: Option<u16>,
}

impl ProviderError {
    pub fn topic(&self) -> Option<Topic> {
        troubleshoot::classify(&self.error, self.description.as_deref())
    }

    pub fn words(&self) -> String {
        match &self.description {
            Some(d) => format!("{}: {d}", self.error),
            None => self.error.clone(),
        }
    }

    /// The error for a person: the provider's words, then the topic's fix.
    pub fn to_error(&self, what: &str) -> Error {
        let topic = self.topic();
        let code = topic.map(|t| t.code).unwrap_or("provider_error");
        let message = match topic {
            Some(t) => format!(
                "{what}: the provider said \"{}\" ({})",
                self.words(),
                t.title
            ),
            None => format!("{what}: the provider said \"{}\"", self.words()),
        };
        let hint = topic.map(|t| t.fix.to_string()).unwrap_or_else(|| {
            "check the provider's status and the connector's settings (`connectors show CONNECTOR`), then try again".into()
        });
        let code = crate::error::code::by_name(code).unwrap_or(crate::error::code::PROVIDER_ERROR);
        Error::with(code, message).hint(hint)
    }
}

/// Why a call to a token or revocation endpoint failed.
#[derive(Debug)]
pub enum Failure {
    /// The provider answered with an OAuth error.
    Provider(ProviderError),
    /// The provider could not be reached, or answered with something that is not OAuth.
    Transport(String),
}

impl Failure {
    pub fn to_error(&self, what: &str) -> Error {
        match self {
            Failure::Provider(p) => p.to_error(what),
            Failure::Transport(t) => Error::with(
                crate::error::code::PROVIDER_UNREACHABLE,
                format!("{what}: {t}"),
            )
            .hint("check the network and the provider's status, then try again; nothing was lost"),
        }
    }

    /// True when the grant itself is gone (refresh token expired, revoked or reused).
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, Failure::Provider(p) if p.error == "invalid_grant")
    }
}

fn token_error(e: RequestTokenError<HttpError, BasicErrorResponse>) -> Failure {
    match e {
        RequestTokenError::ServerResponse(r) => Failure::Provider(ProviderError {
            error: r.error().to_string(),
            description: r.error_description().cloned(),
            uri: r.error_uri().cloned(),
            status: None,
        }),
        RequestTokenError::Request(e) => Failure::Transport(e.0),
        RequestTokenError::Parse(_, body) => match serde_json::from_slice::<Value>(&body) {
            Ok(v) => parse_error_body(&v).map(Failure::Provider).unwrap_or_else(|| {
                Failure::Transport("the token endpoint answered with JSON that is neither tokens nor an OAuth error".into())
            }),
            Err(_) => Failure::Transport(format!(
                "the token endpoint did not answer with JSON ({} bytes): is the token URL right?",
                body.len()
            )),
        },
        RequestTokenError::Other(o) => Failure::Transport(o),
    }
}

/// An OAuth error document: standard `error`, or Slack's `{"ok": false, "error": ...}`.
fn parse_error_body(v: &Value) -> Option<ProviderError> {
    // The provider's words reach terminals and the audit log: printable only.
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(crate::text::printable);
    Some(ProviderError {
        error: crate::text::printable(v.get("error")?.as_str()?),
        description: text("error_description"),
        uri: text("error_uri"),
        status: None,
    })
}

/// Turns a token response (as JSON) into a [`TokenSet`], honouring the catalog's quirks.
pub fn token_set(
    provider: &Provider,
    per_user: bool,
    v: &Value,
) -> std::result::Result<TokenSet, Failure> {
    if v.get("ok") == Some(&Value::Bool(false)) {
        return Err(parse_error_body(v)
            .map(Failure::Provider)
            .unwrap_or(Failure::Transport("the provider answered ok: false".into())));
    }
    // Slack: the installing user's token is under authed_user.
    let body = match (&provider.user_scope_param, per_user, v.get("authed_user")) {
        (Some(_), true, Some(u)) if u.get("access_token").is_some() => u,
        _ => v,
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(String::from);
    let access_token = text("access_token")
        .ok_or_else(|| Failure::Transport("the token response holds no access_token".into()))?;
    // A token is VSCHAR (RFC 6749, Appendix A): what `token` prints and what goes into an
    // Authorization header can then never carry an escape sequence or a line break.
    for (name, value) in [
        ("access_token", Some(access_token.as_str())),
        (
            "refresh_token",
            body.get("refresh_token").and_then(Value::as_str),
        ),
        ("id_token", v.get("id_token").and_then(Value::as_str)),
    ] {
        if let Some(value) = value
            && !is_vschar(value)
        {
            return Err(Failure::Transport(format!(
                "the token response's {name} holds characters a token may not hold (RFC 6749, Appendix A: printable ASCII only); it was not kept"
            )));
        }
    }
    let scopes = text("scope").map(|s| {
        s.split(|c: char| c == ' ' || provider.scope_separator.contains(c))
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    });
    let mut account = None;
    for pointer in &provider.account_fields {
        if let Some(a) = v.pointer(pointer).and_then(|x| match x {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }) {
            account = Some(crate::text::printable(&a));
            break;
        }
    }
    Ok(TokenSet {
        access_token: SecretString::from(access_token),
        refresh_token: text("refresh_token").map(SecretString::from),
        id_token: v
            .get("id_token")
            .and_then(Value::as_str)
            .map(|s| SecretString::from(s.to_string())),
        token_type: text("token_type"),
        expires_in: body.get("expires_in").and_then(expires_in),
        scopes,
        account,
    })
}

/// Whether a token is made of RFC 6749's VSCHAR (%x20-7E), and not empty.
pub fn is_vschar(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// `expires_in` as providers send it: a whole number, a decimal, or either as a string.
/// Negative, non-finite or unreadable values count as missing (see [`crate::expiry`] for
/// what that means); huge ones saturate, and are clamped there.
fn expires_in(v: &Value) -> Option<u64> {
    let number = match v {
        Value::Number(n) => n.as_u64().map(|u| u as f64).or_else(|| n.as_f64()),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    (number.is_finite() && number >= 0.0).then_some(number as u64)
}

fn response_json(r: &TokenResponse) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

fn finish(
    provider: &Provider,
    per_user: bool,
    result: std::result::Result<TokenResponse, RequestTokenError<HttpError, BasicErrorResponse>>,
) -> std::result::Result<TokenSet, Failure> {
    match result {
        Ok(r) => token_set(provider, per_user, &response_json(&r)),
        // A response oauth2 cannot parse may still be tokens (no token_type, Slack's shape).
        Err(RequestTokenError::Parse(e, body)) => match serde_json::from_slice::<Value>(&body) {
            Ok(v) if v.get("error").is_none() => token_set(provider, per_user, &v),
            _ => Err(token_error(RequestTokenError::Parse(e, body))),
        },
        Err(e) => Err(token_error(e)),
    }
}

/// Exchanges an authorization code for tokens.
pub fn exchange_code(
    provider: &Provider,
    creds: &Credentials<'_>,
    per_user: bool,
    code: &str,
    verifier: Option<PkceCodeVerifier>,
    redirect_uri: &str,
) -> std::result::Result<TokenSet, Failure> {
    let c =
        client(provider, creds, Some(redirect_uri)).map_err(|e| Failure::Transport(e.message))?;
    let mut req = c.exchange_code(AuthorizationCode::new(code.to_string()));
    if let Some(v) = verifier {
        req = req.set_pkce_verifier(v);
    }
    finish(
        provider,
        per_user,
        req.request(&Http(http_agent(), provider)),
    )
}

/// Redeems a refresh token.
pub fn refresh(
    provider: &Provider,
    creds: &Credentials<'_>,
    per_user: bool,
    refresh_token: &SecretString,
) -> std::result::Result<TokenSet, Failure> {
    let c = client(provider, creds, None).map_err(|e| Failure::Transport(e.message))?;
    let token = RefreshToken::new(refresh_token.expose_secret().to_string());
    finish(
        provider,
        per_user,
        c.exchange_refresh_token(&token)
            .request(&Http(http_agent(), provider)),
    )
}

/// Adds client authentication the way the provider wants it (RFC 6749 §2.3.1): HTTP Basic
/// with the form-encoded ID and secret, or both in the form body.
pub fn client_auth(
    req: ureq::Request,
    form: &mut Vec<(&'static str, String)>,
    provider: &Provider,
    creds: &Credentials<'_>,
) -> ureq::Request {
    match provider.token_auth {
        TokenAuth::ClientSecretBasic => {
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let basic = base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                format!(
                    "{}:{}",
                    enc(creds.client_id),
                    enc(creds.client_secret.expose_secret())
                ),
            );
            req.set("Authorization", &format!("Basic {basic}"))
        }
        TokenAuth::ClientSecretPost => {
            form.push(("client_id", creds.client_id.to_string()));
            form.push((
                "client_secret",
                creds.client_secret.expose_secret().to_string(),
            ));
            req
        }
    }
}

/// Revokes a connection's grant at the provider. The refresh token is preferred (RFC 7009
/// §2.1: revoking it revokes the access tokens of the same grant).
pub fn revoke(
    provider: &Provider,
    creds: &Credentials<'_>,
    access_token: Option<&SecretString>,
    refresh_token: Option<&SecretString>,
) -> std::result::Result<(), Failure> {
    let url = provider
        .revocation_url
        .clone()
        .ok_or_else(|| Failure::Transport("the provider has no revocation endpoint".into()))?;
    let endpoint = Revocation {
        agent: http_agent(),
        url,
        provider,
        creds,
    };
    match provider.revocation_style() {
        RevocationStyle::Rfc7009 => endpoint.rfc7009(access_token, refresh_token),
        RevocationStyle::GithubGrant => access_token.map_or(Ok(()), |t| endpoint.github_grant(t)),
        RevocationStyle::BearerPost => access_token.map_or(Ok(()), |t| endpoint.bearer_post(t)),
        RevocationStyle::DeleteRefreshToken => {
            refresh_token.map_or(Ok(()), |t| endpoint.delete_refresh_token(t))
        }
        RevocationStyle::JsonPost => endpoint.json_post(access_token, refresh_token),
    }
}

/// What a refused or failed revocation request means: the provider's OAuth error when its
/// body holds one, else a transport failure.
fn revocation_failure(e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Status(code, resp) => {
            let body = resp.into_string().unwrap_or_default();
            match serde_json::from_str::<Value>(&body)
                .ok()
                .as_ref()
                .and_then(parse_error_body)
            {
                Some(mut p) => {
                    p.status = Some(code);
                    Failure::Provider(p)
                }
                None => Failure::Transport(format!("the revocation endpoint answered HTTP {code}")),
            }
        }
        ureq::Error::Transport(t) => {
            Failure::Transport(format!("the provider could not be reached ({})", t.kind()))
        }
    }
}

/// A provider's revocation endpoint, and the client that calls it.
struct Revocation<'a> {
    agent: ureq::Agent,
    url: String,
    provider: &'a Provider,
    creds: &'a Credentials<'a>,
}

impl Revocation<'_> {
    /// HTTP Basic with the client ID and secret as they are (not form-encoded).
    fn basic_auth(&self) -> String {
        let basic = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!(
                "{}:{}",
                self.creds.client_id,
                self.creds.client_secret.expose_secret()
            ),
        );
        format!("Basic {basic}")
    }

    /// RFC 7009: a form POST per token, the refresh token first.
    fn rfc7009(
        &self,
        access_token: Option<&SecretString>,
        refresh_token: Option<&SecretString>,
    ) -> std::result::Result<(), Failure> {
        // Done by hand: oauth2's revoke_token refuses http endpoints, even on loopback.
        // The refresh token first (it ends the grant at most servers), then the access
        // token too: RFC 7009 lets a server keep a grant's access tokens alive after
        // its refresh token is revoked, and a revoked or unknown token is answered 200.
        // Some servers take only refresh tokens (Asana answers 400 for an access token):
        // once the refresh token is revoked, the access token's answer does not count.
        let tokens = [
            (refresh_token, "refresh_token"),
            (access_token, "access_token"),
        ];
        let mut revoked_one = false;
        for (token, hint) in tokens.iter().filter_map(|(t, h)| t.map(|t| (t, *h))) {
            let mut form = vec![
                ("token", token.expose_secret().to_string()),
                ("token_type_hint", hint.to_string()),
            ];
            let mut req = self.agent.post(&self.url).set("Accept", "application/json");
            for (name, value) in &self.provider.request_headers {
                req = req.set(name, value);
            }
            req = crate::oauth::client_auth(req, &mut form, self.provider, self.creds);
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            match req.send_form(&pairs) {
                Ok(_) => revoked_one = true,
                // Only the server's refusal of the access token is ignored (4xx), not
                // a failure to reach it or a server error.
                Err(ureq::Error::Status(code, _)) if revoked_one && (400..500).contains(&code) => {}
                Err(e) => return Err(revocation_failure(e)),
            }
        }
        Ok(())
    }

    /// GitHub: DELETE the grant of the access token, as the OAuth app.
    fn github_grant(&self, token: &SecretString) -> std::result::Result<(), Failure> {
        let url = self.url.replace("{client_id}", self.creds.client_id);
        self.agent
            .delete(&url)
            .set("Authorization", &self.basic_auth())
            .set("Accept", "application/vnd.github+json")
            .set("Content-Type", "application/json")
            .send_string(&serde_json::json!({"access_token": token.expose_secret()}).to_string())
            .map(|_| ())
            .map_err(revocation_failure)
    }

    /// A POST authenticated by the access token itself.
    fn bearer_post(&self, token: &SecretString) -> std::result::Result<(), Failure> {
        self.agent
            .post(&self.url)
            .set(
                "Authorization",
                &format!("Bearer {}", token.expose_secret()),
            )
            .call()
            .map(|_| ())
            .map_err(revocation_failure)
    }

    /// A DELETE of a URL that holds the refresh token.
    fn delete_refresh_token(&self, token: &SecretString) -> std::result::Result<(), Failure> {
        let encoded: String =
            url::form_urlencoded::byte_serialize(token.expose_secret().as_bytes()).collect();
        self.agent
            .delete(&self.url.replace("{refresh_token}", &encoded))
            .call()
            .map(|_| ())
            .map_err(revocation_failure)
    }

    /// Notion: a JSON POST per token with HTTP Basic.
    fn json_post(
        &self,
        access_token: Option<&SecretString>,
        refresh_token: Option<&SecretString>,
    ) -> std::result::Result<(), Failure> {
        // Notion: one token per request, the refresh token first; once one is revoked,
        // the server's refusal of the other does not count.
        let tokens = [refresh_token, access_token];
        let mut revoked_one = false;
        for token in tokens.into_iter().flatten() {
            let mut req = self
                .agent
                .post(&self.url)
                .set("Authorization", &self.basic_auth())
                .set("Content-Type", "application/json");
            for (name, value) in &self.provider.request_headers {
                req = req.set(name, value);
            }
            match req.send_string(&serde_json::json!({"token": token.expose_secret()}).to_string())
            {
                Ok(_) => revoked_one = true,
                Err(ureq::Error::Status(code, _)) if (400..500).contains(&code) && !revoked_one => {
                    // A refused refresh token: the access token may still be revoked.
                    continue;
                }
                Err(ureq::Error::Status(code, _)) if revoked_one && (400..500).contains(&code) => {}
                Err(e) => return Err(revocation_failure(e)),
            }
        }
        if !revoked_one && (refresh_token.is_some() || access_token.is_some()) {
            return Err(Failure::Transport(
                "the provider refused to revoke the tokens".into(),
            ));
        }
        Ok(())
    }
}

/// How far in the past an ID token's `exp` may be (clock skew between us and the provider).
const ID_TOKEN_SKEW_SECS: f64 = 120.0;

/// The account an ID token names: its `email` when the provider verified it
/// (`email_verified`, or a provider documented to verify every email), else its `sub`.
pub fn account_of(provider: &Provider, claims: &Value) -> Option<String> {
    let verified = provider.verified_emails
        || matches!(claims.get("email_verified"), Some(Value::Bool(true)))
        || claims.get("email_verified").and_then(Value::as_str) == Some("true");
    let email = claims
        .get("email")
        .and_then(Value::as_str)
        .filter(|_| verified);
    email
        .or_else(|| claims.get("sub").and_then(Value::as_str))
        .map(crate::text::printable)
}

/// Whether two ID tokens name the same person at the same issuer (`iss` and `sub`), as a
/// refreshed ID token must (OpenID Connect Core 12.2). The stored one was checked when it
/// was received, so only its payload is read.
pub fn same_subject(stored: &SecretString, fresh: &Value) -> bool {
    let payload = |t: &SecretString| -> Option<Value> {
        let part = t.expose_secret().split('.').nth(1)?;
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            part.trim_end_matches('='),
        )
        .ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    let Some(old) = payload(stored) else {
        return false;
    };
    ["iss", "sub"]
        .iter()
        .all(|k| old.get(k).is_some() && old.get(k) == fresh.get(k))
}

/// The claims of an ID token received straight from the token endpoint over TLS (OpenID
/// Connect Core §3.1.3.7 lets TLS stand in for the signature there). Checks the nonce,
/// the audience and, when the provider has a fixed issuer, the issuer.
pub fn id_token_claims(
    provider: &Provider,
    client_id: &str,
    id_token: &SecretString,
    nonce: Option<&str>,
) -> Result<Value> {
    let bad = |why: &str| {
        Error::with(crate::error::code::BAD_ID_TOKEN, format!("the ID token from {} {why}", provider.display_name))
            .hint("this points at a misconfigured or malicious token endpoint; check the provider's token URL")
    };
    let payload = id_token
        .expose_secret()
        .split('.')
        .nth(1)
        .ok_or_else(|| bad("is not a JWT"))?;
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        payload.trim_end_matches('='),
    )
    .map_err(|_| bad("is not a JWT"))?;
    let claims: Value = serde_json::from_slice(&bytes).map_err(|_| bad("is not a JWT"))?;
    if let Some(expected) = nonce
        && claims.get("nonce").and_then(Value::as_str) != Some(expected)
    {
        return Err(bad(
            "does not carry the nonce of this request (a replayed or injected token)",
        ));
    }
    // OpenID Connect Core 3.1.3.7: aud contains the client; azp names it when there are
    // several audiences; exp is in the future; iss is the provider's, exactly.
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&client_id) {
        return Err(bad("was issued to another client"));
    }
    if audiences.len() > 1 && claims.get("azp").and_then(Value::as_str) != Some(client_id) {
        return Err(bad(
            "has several audiences and does not name this client as its authorized party (azp)",
        ));
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_f64)
        .ok_or_else(|| bad("has no expiry (exp)"))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    if exp + ID_TOKEN_SKEW_SECS < now {
        return Err(bad("has expired"));
    }
    let iss = claims
        .get("iss")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("names no issuer (iss)"))?;
    if let Some(template) = &provider.issuer {
        // A templated issuer (Microsoft's {tenantid}) is resolved from the token's tenant.
        let expected = if template.contains("{tenantid}") {
            let tid = claims
                .get("tid")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("names no tenant (tid) for its issuer"))?;
            template.replace("{tenantid}", tid)
        } else {
            template.clone()
        };
        if expected.contains('{') {
            return Err(bad(&format!(
                "cannot be checked: the issuer {expected} is not resolved"
            )));
        }
        if iss != expected && !provider.issuer_aliases.iter().any(|a| a == iss) {
            return Err(bad(&format!(
                "names issuer {}, not {expected}",
                crate::text::printable(iss)
            )));
        }
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Catalog;
    use proptest::prelude::*;

    /// A one-request HTTP server on 127.0.0.1 that records what it received and answers
    /// `answer` (JSON): its URL, and a handle giving the method, headers and body.
    #[allow(clippy::type_complexity)]
    fn one_request(
        answer: &'static str,
    ) -> (
        String,
        std::thread::JoinHandle<(String, Vec<(String, String)>, String)>,
    ) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let handle = std::thread::spawn(move || {
            let mut req = server.recv().unwrap();
            let mut body = String::new();
            std::io::Read::read_to_string(req.as_reader(), &mut body).unwrap();
            let headers = req
                .headers()
                .iter()
                .map(|h| {
                    (
                        h.field.as_str().as_str().to_ascii_lowercase(),
                        h.value.as_str().to_string(),
                    )
                })
                .collect();
            let method = req.method().as_str().to_string();
            let header = tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
            req.respond(tiny_http::Response::from_string(answer).with_header(header))
                .unwrap();
            (method, headers, body)
        });
        (url, handle)
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn notion_gets_its_token_request_as_json_with_basic_auth_and_its_version() {
        let mut notion = Catalog::builtin().get("notion").unwrap().clone();
        let (url, seen) = one_request(
            r#"{"access_token": "ntn-a", "refresh_token": "ntn-r", "token_type": "bearer", "workspace_name": "W"}"#,
        );
        notion.token_url = Some(format!("{url}/v1/oauth/token"));
        let (id, secret) = creds();
        let c = Credentials {
            client_id: &id,
            client_secret: &secret,
        };
        let t =
            exchange_code(&notion, &c, true, "the-code", None, "http://localhost:9/cb").unwrap();
        assert_eq!(t.access_token.expose_secret(), "ntn-a");
        let (method, headers, body) = seen.join().unwrap();
        assert_eq!(method, "POST");
        assert_eq!(header(&headers, "content-type"), Some("application/json"));
        assert!(header(&headers, "notion-version").is_some(), "{headers:?}");
        assert!(
            header(&headers, "authorization")
                .unwrap()
                .starts_with("Basic ")
        );
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["grant_type"], "authorization_code");
        assert_eq!(v["code"], "the-code");
        assert_eq!(v["redirect_uri"], "http://localhost:9/cb");
    }

    #[test]
    fn notion_revocation_is_a_json_post_with_basic_auth() {
        let mut notion = Catalog::builtin().get("notion").unwrap().clone();
        assert_eq!(notion.revocation_style(), RevocationStyle::JsonPost);
        let (url, seen) = one_request("{}");
        notion.revocation_url = Some(format!("{url}/v1/oauth/revoke"));
        let (id, secret) = creds();
        let c = Credentials {
            client_id: &id,
            client_secret: &secret,
        };
        let access = SecretString::from("ntn-access");
        revoke(&notion, &c, Some(&access), None).unwrap();
        let (method, headers, body) = seen.join().unwrap();
        assert_eq!(method, "POST");
        assert_eq!(header(&headers, "content-type"), Some("application/json"));
        assert!(header(&headers, "notion-version").is_some());
        assert!(
            header(&headers, "authorization")
                .unwrap()
                .starts_with("Basic ")
        );
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            serde_json::json!({"token": "ntn-access"})
        );
    }

    #[test]
    fn a_refused_revocation_carries_the_providers_error_when_its_body_holds_one() {
        let refused = |code, body| {
            ureq::Error::Status(code, ureq::Response::new(code, "Refused", body).unwrap())
        };
        match revocation_failure(refused(400, r#"{"error": "invalid_token"}"#)) {
            Failure::Provider(p) => {
                assert_eq!(p.error, "invalid_token");
                assert_eq!(p.status, Some(400));
            }
            other => panic!("{other:?}"),
        }
        match revocation_failure(refused(503, "<html>down</html>")) {
            Failure::Transport(t) => assert_eq!(t, "the revocation endpoint answered HTTP 503"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hubspot_uses_its_2026_03_token_and_revocation_endpoints() {
        let hubspot = Catalog::builtin().get("hubspot").unwrap().clone();
        assert_eq!(
            hubspot.token_url.as_deref(),
            Some("https://api.hubapi.com/oauth/2026-03/token")
        );
        assert_eq!(
            hubspot.revocation_url.as_deref(),
            Some("https://api.hubapi.com/oauth/2026-03/token/revoke")
        );
        assert_eq!(hubspot.revocation_style(), RevocationStyle::Rfc7009);
        // The refresh request: a form POST with the client's credentials in the body.
        let mut local = hubspot.clone();
        let (url, seen) = one_request(
            r#"{"access_token": "hs-a", "refresh_token": "hs-r", "token_type": "bearer", "expires_in": 1800}"#,
        );
        local.token_url = Some(format!("{url}/oauth/2026-03/token"));
        let (id, secret) = creds();
        let c = Credentials {
            client_id: &id,
            client_secret: &secret,
        };
        let t = refresh(&local, &c, true, &SecretString::from("hs-old")).unwrap();
        assert_eq!(t.expires_in, Some(1800));
        let (_, headers, body) = seen.join().unwrap();
        assert_eq!(
            header(&headers, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert!(
            header(&headers, "authorization").is_none(),
            "client_secret_post: no Basic header"
        );
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(body.as_bytes())
                .into_owned()
                .collect();
        assert_eq!(form["grant_type"], "refresh_token");
        assert_eq!(form["refresh_token"], "hs-old");
        assert_eq!(form["client_id"], "cid");
        assert_eq!(form["client_secret"], "csecret");
    }

    #[test]
    fn expires_in_is_read_in_every_shape_providers_send() {
        let cases = [
            (serde_json::json!(3600), Some(3600)),
            (serde_json::json!("3599"), Some(3599)),
            (serde_json::json!(3599.9), Some(3599)),
            (serde_json::json!(" 60 "), Some(60)),
            (serde_json::json!(-5), None),
            (serde_json::json!("soon"), None),
            (serde_json::json!(null), None),
            (serde_json::json!(u64::MAX), Some(u64::MAX)),
            (serde_json::json!("1e400"), None),
        ];
        for (v, want) in cases {
            assert_eq!(expires_in(&v), want, "{v}");
        }
    }

    /// Any JSON value as a field of a token response.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<u64>().prop_map(|n| serde_json::json!(n)),
            any::<f64>().prop_map(|n| serde_json::json!(n)),
            ".{0,24}".prop_map(Value::String),
        ];
        leaf.prop_recursive(2, 8, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::hash_map("[a-z_]{1,12}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_token_response_parses_or_fails_without_panicking(
            expires in any_json(),
            access in proptest::option::of(".{0,40}"),
            scope in any_json(),
            extra in any_json(),
        ) {
            let catalog = Catalog::builtin();
            for name in ["google", "slack", "notion", "github"] {
                let provider = catalog.get(name).unwrap();
                let mut body = serde_json::json!({"expires_in": expires, "scope": scope, "extra": extra,
                                                  "authed_user": extra, "ok": extra});
                if let Some(a) = &access {
                    body["access_token"] = serde_json::json!(a);
                }
                if let Ok(t) = token_set(provider, true, &body) {
                    // Whatever expires_in said, the recorded lifetime is bounded.
                    if let Some(l) = crate::expiry::lifetime(t.expires_in, None, true) {
                        prop_assert!(l <= crate::expiry::MAX_LIFETIME);
                    }
                }
            }
        }
    }

    #[test]
    fn pkce_matches_rfc7636_appendix_b() {
        let verifier = PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(challenge.method().as_str(), "S256");
    }

    fn creds() -> (String, SecretString) {
        ("cid".into(), SecretString::from("csecret"))
    }

    #[test]
    fn google_authorization_url_has_everything() {
        let catalog = Catalog::builtin();
        let google = catalog.get("google").unwrap();
        let (id, secret) = creds();
        let scopes = vec!["openid".to_string(), "email".to_string()];
        let req = authorization_request(
            google,
            &Credentials {
                client_id: &id,
                client_secret: &secret,
            },
            &scopes,
            true,
            "http://127.0.0.1:5000/api/external-auth/callback",
        )
        .unwrap();
        let q: std::collections::HashMap<String, String> =
            req.url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "cid");
        assert_eq!(
            q["redirect_uri"],
            "http://127.0.0.1:5000/api/external-auth/callback"
        );
        assert_eq!(q["scope"], "openid email");
        assert_eq!(q["access_type"], "offline");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["state"], req.state);
        assert!(req.state.len() >= 43, "at least 256 bits, base64url");
        assert_eq!(q["nonce"], req.nonce.clone().unwrap());
        let challenge =
            PkceCodeChallenge::from_code_verifier_sha256(req.verifier.as_ref().unwrap());
        assert_eq!(q["code_challenge"], challenge.as_str());
        assert!(!req.url.as_str().contains("csecret"));
        // Two requests never share a state, a verifier or a nonce.
        let again = authorization_request(
            google,
            &Credentials {
                client_id: &id,
                client_secret: &secret,
            },
            &scopes,
            true,
            "http://127.0.0.1:5000/x",
        )
        .unwrap();
        assert_ne!(again.state, req.state);
        assert_ne!(again.nonce, req.nonce);
    }

    #[test]
    fn slack_joins_with_commas_and_asks_user_scopes_per_user() {
        let catalog = Catalog::builtin();
        let slack = catalog.get("slack").unwrap();
        let (id, secret) = creds();
        let scopes = vec!["channels:read".to_string(), "chat:write".to_string()];
        let c = Credentials {
            client_id: &id,
            client_secret: &secret,
        };
        let per_user =
            authorization_request(slack, &c, &scopes, true, "https://a.base44.app/cb").unwrap();
        let q: std::collections::HashMap<String, String> =
            per_user.url.query_pairs().into_owned().collect();
        assert_eq!(q["user_scope"], "channels:read,chat:write");
        assert!(!q.contains_key("scope"));
        assert!(
            !q.contains_key("code_challenge"),
            "Slack's catalog entry has no PKCE"
        );
        let shared =
            authorization_request(slack, &c, &scopes, false, "https://a.base44.app/cb").unwrap();
        assert!(
            shared
                .url
                .query_pairs()
                .any(|(k, v)| k == "scope" && v == "channels:read,chat:write")
        );
    }

    #[test]
    fn slack_token_response_uses_the_user_token() {
        // Shape from https://api.slack.com/methods/oauth.v2.access (example response).
        let v = serde_json::json!({
            "ok": true, "access_token": "xoxb-bot", "token_type": "bot", "scope": "commands,incoming-webhook",
            "bot_user_id": "U0KRQLJ9H", "app_id": "A0KRD7HC3", "team": {"name": "Slack Softball Team", "id": "T9TK3CUKW"},
            "authed_user": {"id": "U1234", "scope": "chat:write", "access_token": "xoxp-user", "token_type": "user"}
        });
        let catalog = Catalog::builtin();
        let slack = catalog.get("slack").unwrap();
        let t = token_set(slack, true, &v).unwrap();
        assert_eq!(t.access_token.expose_secret(), "xoxp-user");
        assert_eq!(t.scopes.unwrap(), ["chat:write"]);
        assert_eq!(t.account.as_deref(), Some("U1234"));
        let t = token_set(slack, false, &v).unwrap();
        assert_eq!(t.access_token.expose_secret(), "xoxb-bot");
        assert_eq!(t.scopes.unwrap(), ["commands", "incoming-webhook"]);
        let err = token_set(
            slack,
            true,
            &serde_json::json!({"ok": false, "error": "invalid_code"}),
        )
        .err()
        .unwrap();
        assert!(matches!(err, Failure::Provider(p) if p.error == "invalid_code"));
    }

    #[test]
    fn notion_token_response_names_the_account() {
        // Shape from https://developers.notion.com/reference/create-a-token (example response).
        let v = serde_json::json!({
            "access_token": "secret_abc", "token_type": "bearer", "bot_id": "b-1", "workspace_name": "Acme",
            "workspace_id": "w-1", "owner": {"type": "user", "user": {"object": "user", "id": "u-1", "person": {"email": "ada@acme.test"}}}
        });
        let catalog = Catalog::builtin();
        let t = token_set(catalog.get("notion").unwrap(), true, &v).unwrap();
        assert_eq!(t.account.as_deref(), Some("ada@acme.test"));
        assert!(t.refresh_token.is_none());
    }

    #[test]
    fn a_token_with_an_escape_sequence_is_not_kept() {
        let p = crate::provider::Catalog::builtin()
            .get("notion")
            .unwrap()
            .clone();
        let good = serde_json::json!({"access_token": "ntn-a b~", "token_type": "bearer"});
        assert!(token_set(&p, true, &good).is_ok());
        for (field, bad) in [
            ("access_token", "ntn\u{1b}]0;x\u{7}"),
            ("refresh_token", "r\nX-Injected: 1"),
            ("id_token", "é"),
        ] {
            let mut v = serde_json::json!({"access_token": "ntn-a"});
            v[field] = bad.into();
            let Err(Failure::Transport(why)) = token_set(&p, true, &v) else {
                panic!("{field} accepted");
            };
            assert!(why.contains(field) && !why.contains(bad), "{why}");
        }
    }

    #[test]
    fn id_token_claims_are_checked() {
        let catalog = Catalog::builtin();
        let google = catalog.get("google").unwrap();
        let jwt = |claims: Value| {
            let b = |v: &[u8]| {
                base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, v)
            };
            SecretString::from(format!(
                "{}.{}.sig",
                b(br#"{"alg":"RS256"}"#),
                b(claims.to_string().as_bytes())
            ))
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let base = serde_json::json!({"iss": "https://accounts.google.com", "aud": "cid", "sub": "1",
                                      "nonce": "n", "exp": now + 3600});
        let with = |k: &str, v: Value| {
            let mut c = base.clone();
            c[k] = v;
            jwt(c)
        };
        let without = |k: &str| {
            let mut c = base.clone();
            c.as_object_mut().unwrap().remove(k);
            jwt(c)
        };
        let good = jwt(base.clone());
        assert_eq!(
            id_token_claims(google, "cid", &good, Some("n")).unwrap()["sub"],
            "1"
        );
        // Each rule of OpenID Connect Core 3.1.3.7, one at a time.
        assert!(
            id_token_claims(google, "cid", &good, Some("other")).is_err(),
            "nonce"
        );
        assert!(
            id_token_claims(google, "other-client", &good, Some("n")).is_err(),
            "aud"
        );
        assert!(
            id_token_claims(
                google,
                "cid",
                &with("iss", "https://evil.test".into()),
                Some("n")
            )
            .is_err(),
            "iss"
        );
        assert!(
            id_token_claims(
                google,
                "cid",
                &with("iss", "https://accounts.google.com/".into()),
                Some("n")
            )
            .is_err(),
            "iss exactly"
        );
        assert!(
            id_token_claims(google, "cid", &without("iss"), Some("n")).is_err(),
            "iss required"
        );
        assert!(
            id_token_claims(google, "cid", &without("exp"), Some("n")).is_err(),
            "exp required"
        );
        assert!(
            id_token_claims(google, "cid", &with("exp", (now - 600).into()), Some("n")).is_err(),
            "expired"
        );
        assert!(
            id_token_claims(google, "cid", &with("exp", (now - 30).into()), Some("n")).is_ok(),
            "within the skew"
        );
        let two = serde_json::json!(["cid", "other"]);
        assert!(
            id_token_claims(google, "cid", &with("aud", two.clone()), Some("n")).is_err(),
            "several audiences, no azp"
        );
        let mut c = base.clone();
        c["aud"] = two;
        c["azp"] = "cid".into();
        assert!(
            id_token_claims(google, "cid", &jwt(c), Some("n")).is_ok(),
            "azp names the client"
        );
        // Microsoft's templated issuer is resolved from the token's tenant, not skipped.
        let ms = catalog.get("microsoft").unwrap();
        let tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        let mut m = base.clone();
        m["iss"] = format!("https://login.microsoftonline.com/{tid}/v2.0").into();
        m["tid"] = tid.into();
        assert!(id_token_claims(ms, "cid", &jwt(m.clone()), Some("n")).is_ok());
        m["iss"] = "https://login.microsoftonline.com/another-tenant/v2.0".into();
        assert!(
            id_token_claims(ms, "cid", &jwt(m), Some("n")).is_err(),
            "tenant mismatch"
        );
    }

    #[test]
    fn an_email_is_the_account_only_when_verified() {
        let catalog = Catalog::builtin();
        let google = catalog.get("google").unwrap();
        let c = |v: Value| serde_json::json!({"sub": "s-1", "email": "ada@example.test", "email_verified": v});
        assert_eq!(
            account_of(google, &c(true.into())).as_deref(),
            Some("ada@example.test")
        );
        assert_eq!(account_of(google, &c(false.into())).as_deref(), Some("s-1"));
        assert_eq!(account_of(google, &c(Value::Null)).as_deref(), Some("s-1"));
        assert_eq!(
            account_of(google, &c("true".into())).as_deref(),
            Some("ada@example.test")
        );
    }

    #[test]
    fn a_refreshed_id_token_must_name_the_same_person() {
        let jwt = |claims: Value| {
            let b = |v: &[u8]| {
                base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, v)
            };
            SecretString::from(format!(
                "{}.{}.sig",
                b(b"{}"),
                b(claims.to_string().as_bytes())
            ))
        };
        let stored = jwt(serde_json::json!({"iss": "https://i", "sub": "1"}));
        assert!(same_subject(
            &stored,
            &serde_json::json!({"iss": "https://i", "sub": "1"})
        ));
        assert!(!same_subject(
            &stored,
            &serde_json::json!({"iss": "https://i", "sub": "2"})
        ));
        assert!(!same_subject(
            &stored,
            &serde_json::json!({"iss": "https://j", "sub": "1"})
        ));
    }
}
