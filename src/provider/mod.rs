//! The provider catalog: endpoints, scope separator, client authentication, PKCE, extra
//! authorization parameters, revocation, known scopes and quirks of each OAuth provider,
//! each fact with the documentation page it comes from (`catalog.json`, compiled in).
//!
//! Users add or override providers from a JSON file (`--providers FILE`) or keep such
//! definitions in the vault (`providers add FILE`). An override names a provider and the
//! fields it changes; the rest comes from the built-in entry of that name. The catalog is
//! parsed only by commands that need it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::audit::Action;
use crate::store::Read;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

pub mod discovery;

const BUILTIN: &str = include_str!("catalog.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenAuth {
    /// HTTP Basic with the client ID and secret (RFC 6749 §2.3.1).
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
}

/// How a provider revokes tokens (RFC 7009 unless the catalog says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStyle {
    /// RFC 7009: POST token (and token_type_hint) with client authentication.
    Rfc7009,
    /// GitHub: DELETE /applications/{client_id}/grant, Basic auth, JSON {"access_token"}.
    GithubGrant,
    /// Dropbox and Slack: POST with the access token as a Bearer token.
    BearerPost,
    /// HubSpot's v1 API (retired on 2027-02-16): DELETE the refresh token's own URL.
    DeleteRefreshToken,
    /// Notion: POST a JSON body {"token": ...} with HTTP Basic client authentication and
    /// the provider's request headers (Notion-Version).
    JsonPost,
}

/// How the token endpoint wants its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenBody {
    /// application/x-www-form-urlencoded (RFC 6749).
    #[default]
    Form,
    /// A JSON object with the same fields (Notion).
    Json,
}

/// The host form of the http loopback redirect URIs a provider's console accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoopbackHost {
    /// Only `http://127.0.0.1:PORT/...` (RFC 8252 §7.3's recommendation).
    #[serde(rename = "127.0.0.1")]
    Ip,
    /// Only `http://localhost:PORT/...` (Microsoft's portal, HubSpot).
    #[serde(rename = "localhost")]
    Localhost,
    /// Either form.
    #[serde(rename = "either")]
    Either,
    /// No http redirect URIs at all: use `--paste` with an https one.
    #[serde(rename = "none")]
    Refused,
    /// Its documentation does not say.
    #[serde(rename = "unknown")]
    Unknown,
}

/// What a connector may put in a provider's endpoint URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A Microsoft Entra tenant: common, organizations, consumers, a GUID or a domain.
    Tenant,
    /// A host name (Salesforce's My Domain or sandbox login host).
    Host,
}

/// One endpoint parameter of a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointParam {
    pub kind: ParamKind,
    pub default: String,
    pub description: String,
}

/// Checks an endpoint parameter's value; returns it as stored.
pub fn validate_param(name: &str, kind: ParamKind, value: &str) -> Result<String> {
    let v = value.trim();
    match kind {
        ParamKind::Tenant => {
            let keyword = ["common", "organizations", "consumers"].contains(&v.to_ascii_lowercase().as_str());
            let guid = v.len() == 36
                && v.char_indices().all(|(i, c)| {
                    if [8, 13, 18, 23].contains(&i) {
                        c == '-'
                    } else {
                        c.is_ascii_hexdigit()
                    }
                });
            let domain = v.contains('.') && crate::app::validate_host(v, "tenant domain").is_ok();
            if keyword || guid || domain {
                Ok(if keyword { v.to_ascii_lowercase() } else { v.to_string() })
            } else {
                Err(Error::with(crate::error::code::BAD_TENANT, format!("'{v}' is not a Microsoft tenant"))
                    .hint("give the app's Directory (tenant) ID (a GUID, on its Overview page), a tenant domain such as contoso.onmicrosoft.com, or common, organizations or consumers"))
            }
        }
        ParamKind::Host => crate::app::validate_host(&v.to_ascii_lowercase(), name)
            .map(|_| v.to_ascii_lowercase())
            .map_err(|e| {
                Error::with(crate::error::code::BAD_LOGIN_HOST, format!("'{v}' is not a host name for {name}"))
                    .hint(e.hint.unwrap_or_else(|| "give a bare host name, such as mydomain.my.salesforce.com or test.salesforce.com".into()))
            }),
    }
}

/// What a provider accepts as a loopback redirect URI, and how to register one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Loopback {
    pub host: LoopbackHost,
    /// Whether the port must be the registered one (false: any port matches a registered
    /// loopback URI without one); `None` where the documentation does not say.
    #[serde(default)]
    pub port_must_match: Option<bool>,
    /// Registration steps a console does not make obvious.
    #[serde(default)]
    pub steps: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScopeInfo {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    pub display_name: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    #[serde(default)]
    pub revocation_url: Option<String>,
    #[serde(default)]
    pub revocation: Option<RevocationStyle>,
    #[serde(default)]
    pub issuer: Option<String>,
    pub scope_separator: String,
    pub token_auth: TokenAuth,
    pub pkce: bool,
    #[serde(default)]
    pub extra_authorization_params: BTreeMap<String, String>,
    /// The parameter that carries user (not bot) scopes for per-user connectors (Slack's
    /// `user_scope`); the token response then holds the user's token under `authed_user`.
    #[serde(default)]
    pub user_scope_param: Option<String>,
    /// JSON pointers into the token response that name the consenting account, tried in
    /// order when there is no ID token.
    #[serde(default)]
    pub account_fields: Vec<String>,
    /// The scope without which the provider issues no refresh token (offline_access).
    #[serde(default)]
    pub refresh_requires_scope: Option<String>,
    #[serde(default)]
    pub console_url: Option<String>,
    /// Whether the provider accepts `http://127.0.0.1` / `http://localhost` redirect
    /// URIs; `None` where its documentation does not say. Superseded by `loopback`; still
    /// read in definitions kept in vaults and files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_loopback_redirects: Option<bool>,
    /// The loopback redirect URIs it accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loopback: Option<Loopback>,
    /// How the token endpoint wants its body.
    #[serde(default)]
    pub token_body: TokenBody,
    /// Headers every token and revocation request carries (Notion-Version).
    #[serde(default)]
    pub request_headers: BTreeMap<String, String>,
    /// Its metadata says every authorization response carries `iss` (RFC 9207's
    /// `authorization_response_iss_parameter_supported`): a response without it is refused.
    #[serde(default)]
    pub authorization_response_iss: bool,
    /// Other spellings of its issuer that its ID tokens may carry (Google documents both
    /// `https://accounts.google.com` and `accounts.google.com`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issuer_aliases: Vec<String>,
    /// Its documentation says the `email` of its ID tokens is verified, so it is recorded
    /// as the account even without `email_verified`.
    #[serde(default)]
    pub verified_emails: bool,
    /// The day (YYYY-MM-DD) the facts were last checked against the cited pages.
    #[serde(default)]
    pub checked: Option<String>,
    /// Parameters each connector sets in the endpoint URLs (`{tenant}` for Microsoft,
    /// `{login_host}` for Salesforce), with their defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub endpoint_params: BTreeMap<String, EndpointParam>,
    #[serde(default)]
    pub testing_mode: Option<String>,
    /// Where a person ends an app's access themselves, for providers without a
    /// revocation endpoint (said by `disconnect`).
    #[serde(default)]
    pub revoke_at: Option<String>,
    /// How to call its API as a connected person (`connectors api`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<ApiSpec>,
    /// How to read the provider's answers to `doctor`'s live probes.
    #[serde(default)]
    pub probe: Option<ProbeMarkers>,
    #[serde(default)]
    pub scopes: Vec<ScopeInfo>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// The documentation page each fact comes from, by fact.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// Where this definition came from: "built-in", "vault", or a file path.
    #[serde(default, skip_deserializing)]
    pub origin: String,
    /// The vault's definitions that took part in this one, as read (each checked by its
    /// MAC before a secret goes to these endpoints). A row takes part by the name inside
    /// its JSON, whatever its row is called.
    #[serde(skip)]
    pub stored: Vec<crate::store::StoredProvider>,
}

/// A provider's API, as `connectors api` calls it: where relative paths go, the hosts a
/// token may be sent to, the headers every call carries, how its lists continue, which
/// headers say how long to wait, and its "who am I" call.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    pub base_url: String,
    /// Hosts besides the base URL's a token may be sent to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<MeCall>,
}

/// How a list continues beyond its first page. A `Link: rel="next"` header (RFC 8288) is
/// followed whatever the provider says; `cursor` names the JSON field that holds the next
/// cursor (a JSON pointer) and the query parameter that takes it back, or (`full_url`) a
/// field that holds the next page's URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    Link,
    Cursor {
        field: String,
        #[serde(default)]
        param: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        full_url: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        in_body: bool,
    },
}

/// The response headers that say what is left of the rate limit and when it resets.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<String>,
    /// `epoch` (Unix seconds), `seconds` (from now) or `date` (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_kind: Option<String>,
}

/// The provider's cheapest call that says whose token it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeCall {
    #[serde(default = "get")]
    pub method: String,
    pub path: String,
}

fn get() -> String {
    "GET".into()
}

impl RateLimit {
    /// Whether the reset header is a Unix time (else seconds from now, or a date).
    pub fn reset_is_epoch(&self) -> bool {
        self.reset_kind.as_deref() == Some("epoch")
    }
}

impl Provider {
    /// Whether connectors can use it: it has both endpoints.
    pub fn is_usable(&self) -> bool {
        self.authorization_url.is_some() && self.token_url.is_some()
    }

    pub fn revocation_style(&self) -> RevocationStyle {
        self.revocation.unwrap_or(RevocationStyle::Rfc7009)
    }

    /// The error for an endpoint parameter this provider does not take.
    pub fn unknown_param(&self, name: &str) -> Error {
        Error::with(
            crate::error::code::UNKNOWN_PARAM,
            format!("provider '{}' takes no {name}", self.name),
        )
        .hint(match self.endpoint_params.keys().next() {
            Some(k) => format!("its endpoint parameter is {k}"),
            None => "its endpoints take no parameters".into(),
        })
    }

    /// This provider with a connector's endpoint parameters (or their defaults) put into
    /// its endpoint URLs. Parameters it does not have are refused.
    pub fn resolved(&self, params: &BTreeMap<String, String>) -> Result<Provider> {
        if let Some(name) = params
            .keys()
            .find(|n| !self.endpoint_params.contains_key(*n))
        {
            return Err(self.unknown_param(name));
        }
        let mut out = self.clone();
        // A connector pinned to one tenant by its ID accepts ID tokens of that tenant only.
        if let (Some(tenant), Some(issuer)) = (params.get("tenant"), out.issuer.as_mut())
            && tenant.len() == 36
            && tenant.matches('-').count() == 4
        {
            *issuer = issuer.replace("{tenantid}", tenant);
        }
        for (name, spec) in &self.endpoint_params {
            let value = params.get(name).unwrap_or(&spec.default);
            let placeholder = format!("{{{name}}}");
            for url in [
                &mut out.authorization_url,
                &mut out.token_url,
                &mut out.revocation_url,
                &mut out.issuer,
            ]
            .into_iter()
            .flatten()
            {
                *url = url.replace(&placeholder, value);
            }
        }
        Ok(out)
    }

    /// The loopback host form it accepts (from `loopback`, or an older definition's
    /// `http_loopback_redirects`).
    pub fn loopback_host(&self) -> LoopbackHost {
        match (&self.loopback, self.http_loopback_redirects) {
            (Some(l), _) => l.host,
            (None, Some(true)) => LoopbackHost::Either,
            (None, Some(false)) => LoopbackHost::Refused,
            (None, None) => LoopbackHost::Unknown,
        }
    }

    /// The host to use in a local testing redirect URI: `localhost` only where the
    /// provider accepts nothing else, else the literal `127.0.0.1` (RFC 8252 §8.3).
    pub fn loopback_host_name(&self) -> &'static str {
        match self.loopback_host() {
            LoopbackHost::Localhost => "localhost",
            _ => "127.0.0.1",
        }
    }

    pub fn knows_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s.name == scope)
    }
}

/// One sentence on the loopback redirect URIs a provider accepts.
pub fn loopback_summary(p: &Provider) -> String {
    let port = match p.loopback.as_ref().and_then(|l| l.port_must_match) {
        Some(true) => " on the registered port only (register the one you pass to --port)",
        Some(false) => " on any port (register it without one)",
        None => "",
    };
    let name = &p.display_name;
    match p.loopback_host() {
        LoopbackHost::Ip => {
            format!("{name} accepts http://127.0.0.1 loopback redirect URIs{port}.")
        }
        LoopbackHost::Localhost => format!(
            "{name} accepts http://localhost loopback redirect URIs (not 127.0.0.1){port}; connect listens on both 127.0.0.1 and [::1] for them."
        ),
        LoopbackHost::Either => format!(
            "{name} accepts http://127.0.0.1 and http://localhost loopback redirect URIs{port}."
        ),
        LoopbackHost::Refused => format!(
            "{name} refuses http loopback redirect URIs: test locally with `connectors connect --paste`."
        ),
        LoopbackHost::Unknown => format!(
            "{name}'s documentation does not say whether http loopback redirect URIs are accepted."
        ),
    }
}

/// The providers a command sees: built-in, then the vault's, then `--providers FILE`.
pub struct Catalog {
    providers: Vec<Provider>,
}

impl Catalog {
    pub fn builtin() -> Catalog {
        let values: Vec<Value> =
            serde_json::from_str(BUILTIN).expect("the built-in catalog is valid JSON (tested)");
        let providers = values
            .into_iter()
            .map(|v| {
                let mut p: Provider = serde_json::from_value(v)
                    .expect("the built-in catalog matches Provider (tested)");
                p.origin = "built-in".into();
                p
            })
            .collect();
        Catalog { providers }
    }

    /// The built-in catalog with the vault's stored definitions and a file's applied.
    pub fn load(db: Option<&dyn Read>, file: Option<&Path>) -> Result<Catalog> {
        let mut catalog = Catalog::builtin();
        let stored = match db {
            Some(db) => db.provider_definitions()?,
            None => Vec::new(),
        };
        let mut applied = Vec::with_capacity(stored.len());
        for p in stored {
            let name = &p.name;
            let value: Value = serde_json::from_str(&p.definition).map_err(|_| {
                Error::with(
                    crate::error::code::VAULT_CORRUPT,
                    format!("the stored definition of provider '{name}' is not valid JSON"),
                )
                .hint(format!(
                    "remove it with `connectors providers remove {name}` and add it again"
                ))
            })?;
            let entry = catalog.apply(value, "vault")?.name.clone();
            applied.push((entry, p));
        }
        if let Some(path) = file {
            for value in read_file(path)? {
                catalog.apply(value, &path.display().to_string())?;
            }
        }
        // Merging goes through JSON, which drops this field: set it once all are applied.
        for (name, p) in applied {
            if let Some(entry) = catalog.providers.iter_mut().find(|e| e.name == name) {
                entry.stored.push(p);
            }
        }
        Ok(catalog)
    }

    /// Merges one definition: fields it names replace those of the entry of that name.
    pub fn apply(&mut self, value: Value, origin: &str) -> Result<&Provider> {
        let Value::Object(fields) = value else {
            return Err(Error::with(
                crate::error::code::BAD_PROVIDER,
                format!("a provider definition in {origin} is not a JSON object"),
            )
            .hint("each provider is an object with at least a \"name\""));
        };
        let name = match fields.get("name") {
            Some(Value::String(n)) => n.to_ascii_lowercase(),
            _ => {
                return Err(Error::with(
                    crate::error::code::BAD_PROVIDER,
                    format!("a provider definition in {origin} has no \"name\""),
                )
                .hint("add \"name\": \"yourprovider\""));
            }
        };
        validate_provider_name(&name)?;
        let existing = self.providers.iter().position(|p| p.name == name);
        let mut merged = match existing {
            Some(i) => serde_json::to_value(&self.providers[i]).expect("a provider serialises"),
            None => serde_json::json!({
                "name": name,
                "display_name": name,
                "scope_separator": " ",
                "token_auth": "client_secret_basic",
                "pkce": true,
            }),
        };
        if let Value::Object(m) = &mut merged {
            m.remove("origin");
            // An older definition that says only http_loopback_redirects means that, not
            // the built-in entry's loopback rule.
            if fields.contains_key("http_loopback_redirects") && !fields.contains_key("loopback") {
                m.remove("loopback");
            }
            for (k, v) in fields {
                m.insert(k, v);
            }
            m.insert("name".into(), Value::String(name.clone()));
        }
        let mut provider: Provider = serde_json::from_value(merged).map_err(|e| {
            Error::with(
                crate::error::code::BAD_PROVIDER,
                format!("the definition of provider '{name}' in {origin} is invalid: {e}"),
            )
            .hint("compare it with `connectors providers show google --json`")
        })?;
        let with_defaults = provider.resolved(&BTreeMap::new())?;
        for (field, url) in [
            ("authorization_url", &with_defaults.authorization_url),
            ("token_url", &with_defaults.token_url),
            ("revocation_url", &with_defaults.revocation_url),
        ] {
            if let Some(u) = url {
                check_endpoint(&name, field, u, origin)?;
            }
        }
        provider.origin = origin.to_string();
        Ok(match existing {
            Some(i) => {
                self.providers[i] = provider;
                &self.providers[i]
            }
            None => {
                self.providers.push(provider);
                self.providers.last().expect("just pushed")
            }
        })
    }

    pub fn all(&self) -> &[Provider] {
        &self.providers
    }

    pub fn get(&self, name: &str) -> Option<&Provider> {
        self.providers
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Finds a provider or says which exist and which name is closest.
    pub fn require(&self, name: &str) -> Result<&Provider> {
        self.get(name).ok_or_else(|| {
            let mut err = Error::with(
                crate::error::code::UNKNOWN_PROVIDER,
                format!("there is no provider named '{name}'"),
            );
            let names: Vec<&str> = self.providers.iter().map(|p| p.name.as_str()).collect();
            let hint = match crate::scopes::closest(name, names.iter().copied()) {
                Some(s) => {
                    format!("did you mean '{s}'? `connectors providers list` shows them all")
                }
                None => format!(
                    "known providers: {}; define your own with --providers FILE",
                    names.join(", ")
                ),
            };
            err = err.hint(hint);
            err
        })
    }
}

fn validate_provider_name(name: &str) -> Result<()> {
    if !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        Ok(())
    } else {
        Err(Error::with(
            crate::error::code::BAD_PROVIDER,
            format!("'{name}' is not a valid provider name"),
        )
        .hint("use 1 to 40 lowercase letters, digits, '-' or '_'"))
    }
}

fn check_endpoint(name: &str, field: &str, value: &str, origin: &str) -> Result<()> {
    let parsed = url::Url::parse(value).map_err(|e| {
        Error::with(
            crate::error::code::BAD_PROVIDER,
            format!("provider '{name}' in {origin}: {field} '{value}' is not a URL ({e})"),
        )
        .hint("give an absolute https URL")
    })?;
    let loopback = matches!(
        parsed.host_str(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    );
    if parsed.scheme() != "https" && !(parsed.scheme() == "http" && loopback) {
        return Err(Error::with(
            crate::error::code::BAD_PROVIDER,
            format!("provider '{name}' in {origin}: {field} must use https"),
        )
        .hint("only endpoints on 127.0.0.1 or localhost may use http (for local test servers)"));
    }
    Ok(())
}

/// Reads a providers file: a JSON array of definitions, or `{"providers": [...]}`.
pub fn read_file(path: &Path) -> Result<Vec<Value>> {
    let text = crate::limits::read_text(path, crate::limits::PROVIDERS).map_err(|e| {
        if e.code == "input_unreadable" {
            Error::with(crate::error::code::PROVIDERS_FILE, e.message)
                .hint("check the path given to --providers")
        } else {
            e
        }
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Error::with(
            crate::error::code::PROVIDERS_FILE,
            format!(
                "the providers file {} is not valid JSON: {e}",
                path.display()
            ),
        )
        .hint("fix the JSON at the line and column shown")
    })?;
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut m) if m.get("providers").is_some_and(Value::is_array) => {
            match m.remove("providers") {
                Some(Value::Array(items)) => Ok(items),
                _ => unreachable!("checked above"),
            }
        }
        Value::Object(_) => Ok(vec![value]),
        _ => Err(Error::with(
            crate::error::code::PROVIDERS_FILE,
            format!(
                "{} holds neither a provider nor a list of providers",
                path.display()
            ),
        )
        .hint("write a JSON array of provider objects")),
    }
}

/// Stores definitions in the vault, checked against the catalog first. Returns their names.
pub fn store(vault: &crate::vault::Vault, values: Vec<Value>, origin: &str) -> Result<Vec<String>> {
    let mut catalog = Catalog::load(Some(vault.db()), None)?;
    let mut names = Vec::new();
    for v in &values {
        names.push(catalog.apply(v.clone(), origin)?.name.clone());
    }
    vault.write_signed(|tx| {
        for (v, name) in values.iter().zip(&names) {
            put_in(tx, name, v, origin)?;
        }
        Ok(())
    })?;
    Ok(names)
}

/// Stores one checked definition inside the caller's transaction (the one write path of
/// `providers add`, `providers discover`, `sandbox register` and `apply`).
pub fn put_in(
    tx: &crate::vault::Tx<'_>,
    name: &str,
    definition: &Value,
    origin: &str,
) -> Result<()> {
    let name = name.to_ascii_lowercase();
    tx.put_provider(&name, &definition.to_string(), &crate::time::now())?;
    tx.record(
        None,
        Action::ProviderAdd,
        &name,
        serde_json::json!({"from": origin}),
    )
}

/// Removes a stored definition; built-in entries come back as they were.
pub fn unstore(vault: &crate::vault::Vault, name: &str) -> Result<()> {
    vault.write(|tx| {
        if !tx.delete_provider(name)? {
            return Err(Error::with(
                crate::error::code::UNKNOWN_PROVIDER,
                format!("the vault holds no definition of provider '{name}'"),
            )
            .hint("`connectors providers list` shows where each definition comes from"));
        }
        tx.record(None, Action::ProviderRemove, name, serde_json::json!({}))
    })
}

/// The provider's answers that identify a problem, as substrings of the error page, its
/// `error` parameter or a redirect's Location.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ProbeMarkers {
    #[serde(default)]
    pub redirect_rejected: Vec<String>,
    #[serde(default)]
    pub client_unknown: Vec<String>,
    /// HTTP statuses that mean the client is unknown (GitHub answers 404).
    #[serde(default)]
    pub client_unknown_status: Vec<u16>,
    /// The documentation page the markers come from.
    #[serde(default)]
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts each entry states, with the `sources` key that must cite them.
    fn cited_facts(p: &Provider) -> Vec<&'static str> {
        let mut facts = vec![
            "endpoints",
            "scope_separator",
            "token_auth",
            "pkce",
            "loopback",
        ];
        if p.revocation_url.is_some() || p.revocation.is_some() {
            facts.push("revocation");
        }
        if !p.extra_authorization_params.is_empty() {
            facts.push("extra_authorization_params");
        }
        if p.refresh_requires_scope.is_some() {
            facts.push("refresh");
        }
        if p.token_body != TokenBody::Form {
            facts.push("token_body");
        }
        if !p.request_headers.is_empty() {
            facts.push("request_headers");
        }
        if let Some(api) = &p.api {
            facts.push("api");
            if api.pagination.is_some() {
                facts.push("api_pagination");
            }
            if api.rate_limit.is_some() {
                facts.push("api_rate_limit");
            }
        }
        facts
    }

    #[test]
    fn every_fact_of_the_catalog_cites_its_page_and_is_dated() {
        for p in Catalog::builtin().all() {
            let checked = p
                .checked
                .as_deref()
                .unwrap_or_else(|| panic!("{}: no checked date", p.name));
            assert!(
                humantime::parse_rfc3339(&format!("{checked}T00:00:00Z")).is_ok(),
                "{}: checked is not a YYYY-MM-DD date: {checked}",
                p.name
            );
            assert!(p.loopback.is_some(), "{}: no loopback rule", p.name);
            for fact in cited_facts(p) {
                let source = p
                    .sources
                    .get(fact)
                    .unwrap_or_else(|| panic!("{}: {fact} has no source", p.name));
                assert!(
                    source.starts_with("https://"),
                    "{}: {fact}'s source is not a page: {source}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn the_local_testing_host_is_the_one_each_provider_accepts() {
        let c = Catalog::builtin();
        let host = |n: &str| c.get(n).unwrap().loopback_host_name();
        assert_eq!(host("microsoft"), "localhost");
        assert_eq!(host("hubspot"), "localhost");
        assert_eq!(host("slack"), "localhost");
        assert_eq!(host("github"), "127.0.0.1");
        assert_eq!(host("google"), "127.0.0.1");
        assert_eq!(
            crate::redirect::loopback(host("microsoft"), 8765),
            "http://localhost:8765/api/external-auth/callback"
        );
        // An older definition with only http_loopback_redirects still reads.
        let mut c = Catalog::builtin();
        let old = c
            .apply(
                serde_json::json!({"name": "legacy", "display_name": "Legacy", "authorization_url": "https://x.example/a",
                    "token_url": "https://x.example/t", "scope_separator": " ", "token_auth": "client_secret_basic",
                    "pkce": true, "http_loopback_redirects": false}),
                "test",
            )
            .unwrap();
        assert_eq!(old.loopback_host(), LoopbackHost::Refused);
    }

    #[test]
    fn builtin_catalog_parses_and_has_the_required_providers() {
        let c = Catalog::builtin();
        for name in [
            "google",
            "slack",
            "notion",
            "linkedin",
            "github",
            "microsoft",
            "hubspot",
            "salesforce",
            "dropbox",
            "zoom",
            "atlassian",
            "asana",
            "airtable",
            "discord",
            "custom",
        ] {
            let p = c.get(name).unwrap_or_else(|| panic!("{name} missing"));
            if name != "custom" {
                assert!(p.is_usable(), "{name} lacks endpoints");
                assert!(
                    p.sources.contains_key("endpoints"),
                    "{name} cites no source for its endpoints"
                );
                assert!(p.console_url.is_some(), "{name} has no developer console");
            }
            for url in p
                .sources
                .values()
                .chain(p.authorization_url.iter())
                .chain(p.token_url.iter())
            {
                assert!(url.starts_with("https://"), "{name}: {url}");
            }
            if !p.scopes.is_empty() {
                assert!(
                    p.sources.contains_key("scopes"),
                    "{name} cites no source for its scopes"
                );
            }
        }
        assert_eq!(
            c.get("google")
                .unwrap()
                .extra_authorization_params
                .get("access_type")
                .unwrap(),
            "offline"
        );
        assert_eq!(
            c.get("notion")
                .unwrap()
                .extra_authorization_params
                .get("owner")
                .unwrap(),
            "user"
        );
        assert_eq!(
            c.get("notion").unwrap().token_auth,
            TokenAuth::ClientSecretBasic
        );
        assert_eq!(c.get("slack").unwrap().scope_separator, ",");
    }

    #[test]
    fn overrides_merge_into_the_builtin_entry() {
        let mut c = Catalog::builtin();
        c.apply(
            serde_json::json!({"name": "google", "token_url": "http://127.0.0.1:9/token"}),
            "test",
        )
        .unwrap();
        let g = c.get("google").unwrap();
        assert_eq!(g.token_url.as_deref(), Some("http://127.0.0.1:9/token"));
        assert_eq!(
            g.authorization_url.as_deref(),
            Some("https://accounts.google.com/o/oauth2/v2/auth")
        );
        assert_eq!(g.origin, "test");
    }

    #[test]
    fn new_providers_need_valid_endpoints() {
        let mut c = Catalog::builtin();
        let p = c
            .apply(serde_json::json!({"name": "acme", "authorization_url": "https://id.acme.test/authorize", "token_url": "https://id.acme.test/token"}), "f")
            .unwrap();
        assert!(p.is_usable());
        let e = c
            .apply(
                serde_json::json!({"name": "evil", "token_url": "http://evil.example/token"}),
                "f",
            )
            .unwrap_err();
        assert!(e.message.contains("must use https"));
        let e = c
            .apply(
                serde_json::json!({"name": "typo", "tokn_url": "https://x.test"}),
                "f",
            )
            .unwrap_err();
        assert!(e.message.contains("tokn_url"), "{}", e.message);
    }

    #[test]
    fn unknown_provider_suggests_the_closest() {
        let c = Catalog::builtin();
        let e = c.require("gogle").unwrap_err();
        assert!(e.hint.unwrap().contains("'google'"));
    }
}
