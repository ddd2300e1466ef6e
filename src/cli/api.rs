//! `connectors api`: call a provider's API as a connected person, the way `gh api` calls
//! GitHub's. The work is `crate::api`'s; this reads the flags and prints the answer.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde::Serialize;
use serde_json::Value;

use super::{Ctx, Ended, Outcome};
use crate::api::{self, Body, Event, Policy, Request, Response};
use crate::connection;
use crate::error::{Error, Result};
use crate::ui::{Ui, View};

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The connector's name
    pub connector: String,
    /// The app the connection is for
    #[arg(long)]
    pub app: String,
    /// The app user whose connection calls (per-user connectors)
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<String>,
    /// A path relative to the provider's API base URL (`/user`), or a full URL on one of
    /// its API hosts [default: the provider's "who am I" endpoint]
    #[arg(value_name = "PATH_OR_URL")]
    pub target: Option<String>,
    /// The HTTP method [default: GET, or POST with fields or --input]
    #[arg(short = 'X', long, value_name = "METHOD")]
    pub method: Option<String>,
    /// A request header, `Name: value` (repeatable); the token is set by connectors
    #[arg(short = 'H', long = "header", value_name = "NAME:VALUE")]
    pub headers: Vec<String>,
    /// A string field, key=value (repeatable): the query of a GET, else a JSON body
    #[arg(short = 'f', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// A typed field, key=value: a number, true, false, null, or @FILE for a file's text
    #[arg(short = 'F', long = "raw-field", value_name = "KEY=VALUE")]
    pub raw_fields: Vec<String>,
    /// The request body from a file, or `-` for standard input
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fields", "raw_fields"])]
    pub input: Option<PathBuf>,
    /// Print the status line and the response headers before the body
    #[arg(short = 'i', long)]
    pub include: bool,
    /// Follow every next page (RFC 8288 Link, or the provider's cursor) and print each
    #[arg(long)]
    pub paginate: bool,
    /// Print no response body
    #[arg(long)]
    pub silent: bool,
    /// Retry a 429 or 5xx answer up to N times, waiting as the provider says
    #[arg(long, default_value_t = 0, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// The longest wait before a retry, in seconds
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub max_wait: u64,
    /// The largest response body accepted, in bytes
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Also send the token to this host (an absolute URL's host outside the provider's)
    #[arg(long, value_name = "HOST")]
    pub allow_host: Vec<String>,
}

pub fn run(args: ApiArgs, ctx: &mut Ctx) -> Outcome {
    let l = super::connections::load(ctx, &args.connector)?;
    let app = crate::app::find(l.vault.db(), &l.ws, &args.app)?;
    let key = connection::user_key(&l.connector, args.user.as_deref())?;
    let c = connection::require(l.vault.db(), &l.connector, &app, &key)?;
    l.checked(Some(&app))?;
    let spec = l.provider.api.clone().ok_or_else(|| {
        Error::with(
            crate::error::code::NO_API,
            format!("the catalog knows no API of provider '{}'", l.provider.name),
        )
        .hint("give a full URL with --allow-host HOST, or add an `api` block (base_url, hosts) to the provider's definition (`connectors providers add FILE`)")
    });
    let spec = match (spec, &args.target) {
        (Ok(s), _) => s,
        // A full URL the admin allowed: an API of one host, with no catalog facts.
        (Err(_), Some(t)) if t.contains("://") && !args.allow_host.is_empty() => {
            crate::provider::ApiSpec {
                base_url: t.clone(),
                ..Default::default()
            }
        }
        (Err(e), _) => return Err(e.into()),
    };
    let request = request(&args, &spec)?;
    let policy = Policy {
        retries: args.retries,
        max_wait: Duration::from_secs(args.max_wait),
        max_bytes: args.max_bytes,
        allow_hosts: args.allow_host.clone(),
        paginate: args.paginate,
    };
    let mut tokens = api::ConnectionTokens {
        vault: &l.vault,
        workspace: &l.ws.name,
        provider: &l.provider,
        connector: &l.connector,
        connection: c,
    };
    let verbose = ctx.ui.verbose();
    let ui = &ctx.ui;
    let mut observe = |e: Event| {
        if verbose {
            for line in describe(&e) {
                ui.tell(line);
            }
        }
    };
    let pages = api::call(
        &crate::oauth::http_agent(),
        &l.provider,
        &spec,
        &request,
        &policy,
        &mut tokens,
        &mut observe,
    )?;
    let last = pages.last().ok_or_else(|| Error::internal("no response"))?;
    let failed = (!last.is_success()).then(|| http_error(&request, last, &spec));
    show(&ctx.ui, &args, &pages, failed.as_ref())?;
    match failed {
        None => Ok(()),
        Some(e) => Err(Ended::shown_if(e, ctx.ui.is_json())),
    }
}

/// The request the flags describe.
fn request(args: &ApiArgs, spec: &crate::provider::ApiSpec) -> Result<Request> {
    let target = match (&args.target, &spec.me) {
        (Some(t), _) => t.clone(),
        (None, Some(me)) => me.path.clone(),
        (None, None) => {
            return Err(Error::with(
                crate::error::code::USAGE,
                "give the path or URL to call: this provider's catalog names no \"who am I\" endpoint",
            )
            .hint("for example `connectors api NAME --app APP --user ID /some/path`"));
        }
    };
    let fields = api::fields(&args.fields, &args.raw_fields)?;
    let body_given = !fields.is_empty() || args.input.is_some();
    let default_method = match (&args.target, &spec.me) {
        (None, Some(me)) => me.method.clone(),
        _ if body_given => "POST".into(),
        _ => "GET".into(),
    };
    let method = args
        .method
        .clone()
        .unwrap_or(default_method)
        .to_ascii_uppercase();
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::with(
            crate::error::code::USAGE,
            format!(
                "'{}' is not an HTTP method",
                crate::text::printable(&method)
            ),
        )
        .hint("GET, POST, PUT, PATCH or DELETE"));
    }
    let headers = request_headers(&args.headers)?;
    let (mut query, mut body) = (Vec::new(), None);
    if let Some(path) = &args.input {
        body = Some(input_body(path, args.max_bytes)?);
    } else if !fields.is_empty() {
        if matches!(method.as_str(), "GET" | "HEAD" | "DELETE") {
            for (k, v) in fields {
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                query.push((k, v));
            }
        } else {
            body = Some(Body::Json(Value::Object(fields)));
        }
    }
    Ok(Request {
        method,
        target,
        headers,
        query,
        body,
    })
}

/// The `-H` headers, each `Name: value`; the token's and a cookie's are refused (they
/// would sit in argv).
fn request_headers(given: &[String]) -> Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    for h in given {
        let Some((name, value)) = h.split_once(':') else {
            return Err(Error::with(
                crate::error::code::USAGE,
                format!(
                    "'{}' is not a header (Name: value)",
                    crate::text::printable(h)
                ),
            )
            .hint("write -H 'Name: value'"));
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("cookie") {
            return Err(Error::with(
                crate::error::code::SECRET_IN_ARGV,
                format!("a {name} header on the command line shows in `ps` and the shell's history; nothing was sent"),
            )
            .hint("connectors sends the connection's token itself"));
        }
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Error::with(
                crate::error::code::USAGE,
                format!("'{}' is not a header name", crate::text::printable(name)),
            ));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(headers)
}

/// `--input`'s body (a file, or `-` for standard input) within `--max-bytes`: JSON when
/// it parses as JSON, else the bytes as they are.
fn input_body(path: &std::path::Path, max_bytes: u64) -> Result<Body> {
    let kind = crate::limits::request_body(max_bytes);
    let bytes = if path.as_os_str() == "-" {
        crate::limits::read_stream(std::io::stdin(), kind, "standard input")?
    } else {
        crate::limits::read(path, kind)?
    };
    Ok(match serde_json::from_slice::<Value>(&bytes) {
        Ok(v) => Body::Json(v),
        Err(_) => Body::Raw(bytes),
    })
}

/// The pages, as asked: under `--json` one document; else each page's status line and
/// headers with `--include`, then its body (JSON pretty on a terminal, unchanged when piped).
fn show(ui: &Ui, args: &ApiArgs, pages: &[Response], failed: Option<&Error>) -> Result<()> {
    if ui.is_json() {
        return ui.show(&ApiView {
            error: failed.map(|e| e.to_json()["error"].clone()),
            pages: pages
                .iter()
                .map(|p| PageView {
                    url: &p.url,
                    status: p.status,
                    headers: args.include.then_some(&p.headers),
                    body: if args.silent {
                        None
                    } else {
                        Some(p.json().unwrap_or_else(|| {
                            Value::String(String::from_utf8_lossy(&p.body).into_owned())
                        }))
                    },
                })
                .collect(),
        });
    }
    for p in pages {
        if args.include {
            let mut head = format!("HTTP/1.1 {} {}\n", p.status, p.status_text);
            for (k, v) in &p.headers {
                head.push_str(&format!("{k}: {}\n", crate::text::printable(v)));
            }
            head.push('\n');
            ui.bytes(head.as_bytes());
        }
        if args.silent || p.body.is_empty() {
            continue;
        }
        match p.json().filter(|_| ui.stdout_is_terminal()) {
            Some(v) => ui.bytes(
                format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()).as_bytes(),
            ),
            None => {
                ui.bytes(&p.body);
                if !p.body.ends_with(b"\n") && ui.stdout_is_terminal() {
                    ui.bytes(b"\n");
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ApiView<'a> {
    pages: Vec<PageView<'a>>,
    /// The error the command ends with (the last page's status), as every `--json`
    /// error document has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Value>,
}

#[derive(Serialize)]
struct PageView<'a> {
    url: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    headers: Option<&'a Vec<(String, String)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Value>,
}

impl View for ApiView<'_> {
    fn human(&self, _ui: &Ui) {}
}

/// What `--verbose` shows of an event, on stderr: `>` what was sent, `<` what came back.
fn describe(e: &Event) -> Vec<String> {
    match e {
        Event::Sent {
            method,
            url,
            headers,
        } => {
            let mut out = vec![format!("> {method} {url}")];
            out.extend(
                headers
                    .iter()
                    .map(|(k, v)| format!("> {k}: {}", crate::text::printable(v))),
            );
            out
        }
        Event::Received {
            status,
            status_text,
            headers,
        } => {
            let mut out = vec![format!("< HTTP {status} {status_text}")];
            out.extend(
                headers
                    .iter()
                    .map(|(k, v)| format!("< {k}: {}", crate::text::printable(v))),
            );
            out
        }
        Event::Note(n) => vec![format!("* {n}")],
    }
}

/// The error for an answer that is not 2xx: the status and the provider's words, and what
/// to do about that status.
fn http_error(request: &Request, resp: &Response, spec: &crate::provider::ApiSpec) -> Error {
    let hint = match resp.status {
        401 => "the provider refused the token even after a refresh: the person may have to connect again (`connectors connect` or `connect-url`)".to_string(),
        403 => "the grant does not allow this: check the connector's scopes against the provider's documentation for this endpoint".to_string(),
        404 => format!("check the path: it is relative to {}", spec.base_url),
        429 => "the provider limits the rate: wait, or retry with --retries N (it waits as the provider says, up to --max-wait)".to_string(),
        s if s >= 500 => "the provider failed: retry later, or with --retries N".to_string(),
        _ => "see the provider's documentation for this endpoint".to_string(),
    };
    Error::with(
        crate::error::code::HTTP_ERROR,
        format!(
            "{} {}: HTTP {} {}: {}",
            request.method,
            resp.url,
            resp.status,
            resp.status_text,
            api::error_words(resp)
        ),
    )
    .hint(hint)
}
