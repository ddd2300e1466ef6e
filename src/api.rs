//! Calling a provider's API as a connected person: the request built from a path or URL,
//! the token sent only to the provider's API hosts, refreshed when stale and once more on
//! a 401, retries of 429 and 5xx that honour the provider's `Retry-After` and reset
//! headers, redirects that drop the token when they leave the host, bounded responses,
//! and pages followed (RFC 8288 `Link: rel="next"`, or the provider's JSON cursor).
//!
//! The token never appears in anything this module returns: a request's headers are
//! shown with `Authorization: Bearer ***`.

use std::io::Read as _;
use std::time::{Duration, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::Value;

use crate::connection;
use crate::connector::Connector;
use crate::error::{Error, Result};
use crate::provider::{ApiSpec, Pagination, Provider};
use crate::vault::Vault;

/// The most redirects one request follows.
const MAX_REDIRECTS: usize = 5;
/// The most pages `--paginate` reads (a provider that never ends its pages stops here).
const MAX_PAGES: usize = 1000;

/// Where a token comes from: the connection's current one, and a forced refresh.
pub trait Tokens {
    fn current(&mut self) -> Result<SecretString>;
    /// A new access token (the provider answered 401 to the current one).
    fn refreshed(&mut self) -> Result<SecretString>;
}

/// A connection's tokens, refreshed through the same single-flight lock as `token`.
pub struct ConnectionTokens<'a> {
    pub vault: &'a Vault,
    pub workspace: &'a str,
    pub provider: &'a Provider,
    pub connector: &'a Connector,
    pub connection: connection::Connection,
}

impl Tokens for ConnectionTokens<'_> {
    fn current(&mut self) -> Result<SecretString> {
        self.get(false)
    }
    fn refreshed(&mut self) -> Result<SecretString> {
        self.get(true)
    }
}

impl ConnectionTokens<'_> {
    fn get(&mut self, force: bool) -> Result<SecretString> {
        let t = connection::access_token(
            self.vault,
            self.workspace,
            self.provider,
            self.connector,
            self.connection.clone(),
            force,
        )?;
        self.connection = t.connection;
        Ok(t.access_token)
    }
}

/// A request as the command line describes it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// A path relative to the API's base URL, or an absolute URL.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub body: Option<Body>,
}

#[derive(Debug, Clone)]
pub enum Body {
    Json(Value),
    Raw(Vec<u8>),
}

/// How hard to try, and how much to accept.
#[derive(Debug, Clone)]
pub struct Policy {
    /// How many times a 429 or 5xx is retried.
    pub retries: u32,
    /// The longest wait before a retry; a provider asking for longer ends the retries.
    pub max_wait: Duration,
    /// The largest response body read.
    pub max_bytes: u64,
    /// Hosts the admin allowed besides the provider's (`--allow-host`).
    pub allow_hosts: Vec<String>,
    pub paginate: bool,
}

/// One response (one page).
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub url: String,
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    #[serde(skip)]
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What happened on the wire, for `--verbose` (the token shown as `***`).
#[derive(Debug, Clone)]
pub enum Event {
    Sent {
        method: String,
        url: String,
        headers: Vec<(String, String)>,
    },
    Received {
        status: u16,
        status_text: String,
        headers: Vec<(String, String)>,
    },
    Note(String),
}

/// The hosts a token may be sent to: the API base URL's host, the hosts the provider
/// declares, and those the admin allowed.
pub fn allowed_hosts(api: &ApiSpec, extra: &[String]) -> Vec<String> {
    let mut hosts = Vec::new();
    if let Some(h) = url::Url::parse(&api.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
    {
        hosts.push(h);
    }
    for h in api.hosts.iter().chain(extra) {
        let h = h.to_ascii_lowercase();
        if !hosts.contains(&h) {
            hosts.push(h);
        }
    }
    hosts
}

/// The URL of `target`: an absolute URL whose host must be allowed, or a path joined to
/// the API's base URL. A token goes over https only (http on loopback for local servers).
pub fn resolve(
    provider: &Provider,
    api: &ApiSpec,
    target: &str,
    extra: &[String],
) -> Result<url::Url> {
    let target = target.trim();
    let url = if target.contains("://") {
        url::Url::parse(target).map_err(|e| bad_target(target, &e.to_string()))?
    } else {
        let joined = format!(
            "{}/{}",
            api.base_url.trim_end_matches('/'),
            target.trim_start_matches('/')
        );
        url::Url::parse(&joined).map_err(|e| bad_target(target, &e.to_string()))?
    };
    check_host(provider, api, &url, extra)?;
    Ok(url)
}

fn bad_target(target: &str, why: &str) -> Error {
    Error::with(
        crate::error::code::USAGE,
        format!(
            "'{}' is not a path or URL ({why})",
            crate::text::printable(target)
        ),
    )
    .hint("give a path relative to the provider's API (`/user`) or a full https URL")
}

/// Refuses a URL the token must not go to.
pub fn check_host(
    provider: &Provider,
    api: &ApiSpec,
    url: &url::Url,
    extra: &[String],
) -> Result<()> {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let allowed = allowed_hosts(api, extra);
    if !allowed.contains(&host) {
        return Err(Error::with(
            crate::error::code::HOST_NOT_ALLOWED,
            format!(
                "{} is not one of {}'s API hosts ({}): the token is not sent there",
                crate::text::printable(&host),
                provider.display_name,
                allowed.join(", ")
            ),
        )
        .hint(format!(
            "use a path relative to {}, or pass --allow-host {} if you trust that host with the person's token",
            api.base_url,
            crate::text::printable(&host)
        )));
    }
    let loopback = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(Error::with(
            crate::error::code::HOST_NOT_ALLOWED,
            format!("{url} is not https: a token is sent over https only (http only to 127.0.0.1)"),
        )
        .hint("use the https URL"));
    }
    Ok(())
}

/// Sends the request (and with `paginate`, every following page), returning each page's
/// response; the last is the one that ended it (an error status included).
pub fn call(
    agent: &ureq::Agent,
    provider: &Provider,
    api: &ApiSpec,
    request: &Request,
    policy: &Policy,
    tokens: &mut dyn Tokens,
    observe: &mut dyn FnMut(Event),
) -> Result<Vec<Response>> {
    let mut url = resolve(provider, api, &request.target, &policy.allow_hosts)?;
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in &request.query {
            q.append_pair(k, v);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    let mut body = request.body.clone();
    let mut pages = Vec::new();
    let mut token = tokens.current()?;
    let call = Call {
        agent,
        provider,
        api,
        request,
        policy,
    };
    loop {
        let (resp, fresh) = call.with_retries(&url, body.as_ref(), tokens, token, observe)?;
        token = fresh;
        let next = if policy.paginate && resp.is_success() {
            next_page(api, &resp, &url, body.as_ref())
        } else {
            None
        };
        pages.push(resp);
        match next {
            Some((next_url, next_body)) if pages.len() < MAX_PAGES => {
                check_host(provider, api, &next_url, &policy.allow_hosts)?;
                url = next_url;
                body = next_body;
            }
            _ => return Ok(pages),
        }
    }
}

/// What every request of one call shares: the client, the provider and its API, the
/// request as asked, and the policy.
struct Call<'a> {
    agent: &'a ureq::Agent,
    provider: &'a Provider,
    api: &'a ApiSpec,
    request: &'a Request,
    policy: &'a Policy,
}

impl Call<'_> {
    /// One request, retried as the policy says: once with a refreshed token after a 401, and
    /// up to `retries` times after a 429 or 5xx. Returns the response and the token in use.
    fn with_retries(
        &self,
        url: &url::Url,
        body: Option<&Body>,
        tokens: &mut dyn Tokens,
        mut token: SecretString,
        observe: &mut dyn FnMut(Event),
    ) -> Result<(Response, SecretString)> {
        let (api, policy) = (self.api, self.policy);
        let mut refreshed = false;
        let mut retried = 0u32;
        loop {
            let resp = self.send(url, body, &token, observe)?;
            if resp.status == 401 && !refreshed {
                observe(Event::Note(
                    "the provider refused the token (401): refreshing it once and trying again"
                        .into(),
                ));
                token = tokens.refreshed()?;
                refreshed = true;
                continue;
            }
            let retryable = resp.status == 429 || (500..600).contains(&resp.status);
            if !retryable || retried >= policy.retries {
                return Ok((resp, token));
            }
            let wait = wait_before_retry(api, &resp, retried);
            if wait > policy.max_wait {
                observe(Event::Note(format!(
                    "the provider asks to wait {}s, more than --max-wait {}s: not retrying",
                    wait.as_secs(),
                    policy.max_wait.as_secs()
                )));
                return Ok((resp, token));
            }
            observe(Event::Note(format!(
                "HTTP {}: retry {} of {} in {:.1}s",
                resp.status,
                retried + 1,
                policy.retries,
                wait.as_secs_f64()
            )));
            std::thread::sleep(wait);
            retried += 1;
        }
    }
}

/// How long to wait before retry number `retried` (from 0): the provider's `Retry-After`
/// (seconds or an HTTP date), else its reset header, else exponential backoff with jitter.
pub fn wait_before_retry(api: &ApiSpec, resp: &Response, retried: u32) -> Duration {
    if let Some(d) = resp.header("retry-after").and_then(retry_after) {
        return d;
    }
    if let Some(rl) = &api.rate_limit
        && let Some(name) = &rl.reset
        && let Some(v) = resp.header(name).and_then(|v| v.trim().parse::<f64>().ok())
    {
        let secs = if rl.reset_is_epoch() {
            let now = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or_default();
            (v - now).max(0.0)
        } else {
            v.max(0.0)
        };
        return Duration::from_secs_f64(secs.min(86_400.0));
    }
    backoff(retried)
}

/// 0.5 s, 1 s, 2 s, … (at most 30 s), each with up to half again of random jitter.
fn backoff(retried: u32) -> Duration {
    let base = 0.5 * 2f64.powi(retried.min(6) as i32);
    let mut b = [0u8; 2];
    let _ = getrandom::fill(&mut b);
    let jitter = f64::from(u16::from_le_bytes(b)) / f64::from(u16::MAX) * base / 2.0;
    Duration::from_secs_f64((base + jitter).min(30.0))
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an IMF-fixdate.
pub fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s.min(86_400)));
    }
    let at = imf_fixdate(v)?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn imf_fixdate(v: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)?
        + 1;
    let text = format!("{year}-{month:02}-{:0>2}T{time}Z", day);
    humantime::parse_rfc3339(&text).ok()
}

impl Call<'_> {
    /// Sends one request, following redirects (without the token once they leave the
    /// request's own origin: scheme, host and port).
    fn send(
        &self,
        url: &url::Url,
        body: Option<&Body>,
        token: &SecretString,
        observe: &mut dyn FnMut(Event),
    ) -> Result<Response> {
        let mut url = url.clone();
        let mut method = self.request.method.clone();
        let mut body = body.cloned();
        let origin = url.origin();
        for _ in 0..=MAX_REDIRECTS {
            let with_token = url.origin() == origin;
            if with_token {
                check_host(self.provider, self.api, &url, &self.policy.allow_hosts)?;
            }
            let resp = self.exchange(
                &method,
                &url,
                body.as_ref(),
                with_token.then_some(token),
                observe,
            )?;
            let status = resp.status();
            let headers: Vec<(String, String)> = resp
                .headers_names()
                .iter()
                .filter_map(|n| resp.header(n).map(|v| (n.clone(), v.to_string())))
                .collect();
            observe(Event::Received {
                status,
                status_text: resp.status_text().to_string(),
                headers: headers.clone(),
            });
            if (300..400).contains(&status)
                && let Some(location) = resp.header("location")
            {
                let next = redirect_target(&url, location)?;
                if next.origin() != origin {
                    observe(Event::Note(format!(
                        "redirected to another host ({}): followed without the token",
                        next.host_str().unwrap_or_default()
                    )));
                }
                if status == 303
                    || ((status == 301 || status == 302) && method != "GET" && method != "HEAD")
                {
                    method = "GET".into();
                    body = None;
                }
                url = next;
                continue;
            }
            return Ok(Response {
                url: url.to_string(),
                status,
                status_text: resp.status_text().to_string(),
                headers,
                body: self.read_body(resp)?,
            });
        }
        Err(Error::with(
            crate::error::code::HTTP_ERROR,
            format!(
                "more than {MAX_REDIRECTS} redirects from {}",
                self.request.target
            ),
        )
        .hint("call the final URL directly"))
    }

    /// One HTTP exchange: the API's headers with the request's over them, the body, and
    /// the token when given (shown as `Bearer ***`).
    fn exchange(
        &self,
        method: &str,
        url: &url::Url,
        body: Option<&Body>,
        token: Option<&SecretString>,
        observe: &mut dyn FnMut(Event),
    ) -> Result<ureq::Response> {
        let mut headers: Vec<(String, String)> = self
            .api
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in &self.request.headers {
            headers.retain(|(h, _)| !h.eq_ignore_ascii_case(k));
            headers.push((k.clone(), v.clone()));
        }
        let has = |headers: &[(String, String)], name: &str| {
            headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
        };
        if !has(&headers, "accept") {
            headers.push(("Accept".into(), "application/json".into()));
        }
        let payload = match body {
            Some(Body::Json(v)) => {
                if !has(&headers, "content-type") {
                    headers.push(("Content-Type".into(), "application/json".into()));
                }
                Some(serde_json::to_vec(v).unwrap_or_default())
            }
            Some(Body::Raw(b)) => Some(b.clone()),
            None => None,
        };
        let mut shown = headers.clone();
        if token.is_some() {
            shown.push(("Authorization".into(), "Bearer ***".into()));
        }
        observe(Event::Sent {
            method: method.to_string(),
            url: url.to_string(),
            headers: shown,
        });
        let mut req = self.agent.request(method, url.as_str());
        for (k, v) in &headers {
            req = req.set(k, v);
        }
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {}", t.expose_secret()));
        }
        let result = match &payload {
            Some(p) => req.send_bytes(p),
            None => req.call(),
        };
        match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => Ok(r),
            Err(ureq::Error::Transport(t)) => Err(Error::with(
                crate::error::code::PROVIDER_UNREACHABLE,
                format!(
                    "{} could not be reached: {}",
                    url.host_str().unwrap_or_default(),
                    t
                ),
            )
            .hint("check the network and the URL; nothing was sent")),
        }
    }

    /// The answer's body, at most `--max-bytes` of it.
    fn read_body(&self, resp: ureq::Response) -> Result<Vec<u8>> {
        let max = self.policy.max_bytes;
        let mut bytes = Vec::new();
        resp.into_reader()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Error::with(
                    crate::error::code::HTTP_ERROR,
                    format!("the response could not be read ({e})"),
                )
            })?;
        if bytes.len() as u64 > max {
            return Err(Error::with(
                crate::error::code::RESPONSE_TOO_LARGE,
                format!("the response is larger than {max} bytes; it was not printed"),
            )
            .hint("raise --max-bytes, or ask for less (a page size parameter, a field filter)"));
        }
        Ok(bytes)
    }
}

/// Where a redirect's `Location` leads, from the URL that answered it.
fn redirect_target(url: &url::Url, location: &str) -> Result<url::Url> {
    url.join(location).map_err(|_| {
        Error::with(
            crate::error::code::HTTP_ERROR,
            format!(
                "the provider redirected to an unreadable location ({})",
                crate::text::printable(location)
            ),
        )
    })
}

/// The next page: the `Link: rel="next"` URL (RFC 8288) when the response has one, else
/// the provider's JSON cursor put into the request.
fn next_page(
    api: &ApiSpec,
    resp: &Response,
    url: &url::Url,
    body: Option<&Body>,
) -> Option<(url::Url, Option<Body>)> {
    if let Some(next) = resp
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("link"))
        .find_map(|(_, v)| link_next(v))
    {
        return url.join(&next).ok().map(|u| (u, body.cloned()));
    }
    let Some(Pagination::Cursor {
        field,
        param,
        full_url,
        in_body,
    }) = &api.pagination
    else {
        return None;
    };
    let doc = resp.json()?;
    let cursor = match doc.pointer(field)? {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if *full_url {
        return url.join(&cursor).ok().map(|u| (u, body.cloned()));
    }
    if *in_body {
        let mut b = match body {
            Some(Body::Json(v)) => v.clone(),
            _ => Value::Object(Default::default()),
        };
        b.as_object_mut()?
            .insert(param.clone(), Value::String(cursor));
        return Some((url.clone(), Some(Body::Json(b))));
    }
    let mut next = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != param)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    {
        let mut q = next.query_pairs_mut();
        q.clear();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        q.append_pair(param, &cursor);
    }
    Some((next, body.cloned()))
}

/// The `rel="next"` target of a `Link` header value (RFC 8288).
pub fn link_next(value: &str) -> Option<String> {
    for part in value.split(',') {
        let (target, params) = part.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p.strip_prefix("rel=")
                .map(|r| {
                    r.trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
                })
                .unwrap_or(false)
        });
        if is_next {
            return Some(target.to_string());
        }
    }
    None
}

/// The provider's own words in an error response: its JSON `error`/`message` fields, or
/// the start of its text.
pub fn error_words(resp: &Response) -> String {
    if let Some(doc) = resp.json() {
        for p in [
            "/error_description",
            "/message",
            "/error/message",
            "/error",
            "/errors/0/message",
            "/detail",
        ] {
            if let Some(Value::String(s)) = doc.pointer(p) {
                return crate::text::printable(s);
            }
        }
    }
    let text = String::from_utf8_lossy(&resp.body);
    crate::text::printable(&text.chars().take(300).collect::<String>())
}

/// Reads `-f key=value` (a string) and `-F key=value` (typed: a number, `true`, `false`,
/// `null`, or `@FILE` for a file's contents) into one JSON object.
pub fn fields(strings: &[String], typed: &[String]) -> Result<serde_json::Map<String, Value>> {
    let mut out = serde_json::Map::new();
    let split = |f: &str| -> Result<(String, String)> {
        f.split_once('=')
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| {
                Error::with(
                    crate::error::code::USAGE,
                    format!("'{}' is not key=value", crate::text::printable(f)),
                )
                .hint("write each field as key=value")
            })
    };
    for f in strings {
        let (k, v) = split(f)?;
        out.insert(k, Value::String(v));
    }
    for f in typed {
        let (k, v) = split(f)?;
        let value = if let Some(path) = v.strip_prefix('@') {
            let text = crate::limits::read_text(
                std::path::Path::new(path),
                crate::limits::request_body(16 << 20),
            )?;
            Value::String(text)
        } else if let Ok(n) = v.parse::<i64>() {
            Value::from(n)
        } else if let Ok(n) = v.parse::<f64>() {
            Value::from(n)
        } else {
            match v.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => Value::String(v),
            }
        };
        out.insert(k, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_name_their_next_page() {
        assert_eq!(
            link_next(
                r#"<https://api.github.com/user/repos?page=2>; rel="next", <https://api.github.com/user/repos?page=5>; rel="last""#
            ),
            Some("https://api.github.com/user/repos?page=2".into())
        );
        assert_eq!(link_next(r#"<https://x/?page=1>; rel="prev""#), None);
        assert_eq!(link_next("garbage"), None);
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(retry_after("soon"), None);
        assert!(
            backoff(0) >= Duration::from_millis(500) && backoff(0) <= Duration::from_millis(750)
        );
        assert!(backoff(20) <= Duration::from_secs(30));
    }

    #[test]
    fn fields_are_strings_or_typed() {
        let f = fields(
            &["name=ada".into(), "n=1".into()],
            &["n2=2".into(), "ok=true".into(), "x=y".into()],
        )
        .unwrap();
        assert_eq!(
            Value::Object(f),
            serde_json::json!({"name": "ada", "n": "1", "n2": 2, "ok": true, "x": "y"})
        );
        assert_eq!(fields(&["novalue".into()], &[]).unwrap_err().code, "usage");
    }
}
