//! The sandbox's API, under `/api`: what `connectors api` calls in quickstart and in the
//! tests. `GET /api/me` says whose token it is; `/api/items` is paginated by a JSON cursor
//! (`next_cursor`, taken back as `?cursor=`) and `/api/pages` by RFC 8288 `Link` headers;
//! `/api/echo` shows what arrived (whether a token came, never the token); `/api/redirect`
//! sends the client elsewhere; `/api/big` answers as many bytes as asked; `/api/gzip`
//! answers compressed. An expired or unknown token gets 401; `api_401`, `api_429` (with
//! `Retry-After: api_retry_after`) and `api_500` answer the next calls with that status.

use std::collections::HashMap;
use std::io::Write as _;

use serde_json::{Value, json};
use tiny_http::{Method, Response};

use super::server::{first, header, json_response};
use super::state::State;

type Answer = Response<std::io::Cursor<Vec<u8>>>;

/// How many items the paginated lists hold, and how many a page shows.
const ITEMS: usize = 10;
const PAGE: usize = 4;

/// A request to the API, as the server read it.
pub struct Call<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: &'a HashMap<String, Vec<String>>,
    pub body: &'a str,
    pub auth: Option<&'a str>,
    pub headers: &'a [(String, String)],
}

pub fn handle(st: &mut State, call: &Call<'_>) -> Answer {
    st.counters.api_calls += 1;
    if st.failures.api_500 > 0 {
        st.failures.api_500 -= 1;
        return json_response(
            503,
            &json!({"error": "unavailable", "message": "The sandbox API is down for a moment (injected)."}),
        );
    }
    if st.failures.api_429 > 0 {
        st.failures.api_429 -= 1;
        let reset = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            + st.failures.api_retry_after;
        return json_response(
            429,
            &json!({"error": "rate_limited", "message": "Too many requests (injected)."}),
        )
        .with_header(header(
            "Retry-After",
            &st.failures.api_retry_after.to_string(),
        ))
        .with_header(header("X-RateLimit-Remaining", "0"))
        .with_header(header("X-RateLimit-Reset", &reset.to_string()));
    }
    if call.path == "/api/redirect" {
        // Anyone may be sent elsewhere; the client decides what goes along.
        let to = first(call.query, "to").unwrap_or("/api/echo").to_string();
        return Response::from_string("")
            .with_status_code(302)
            .with_header(header("Location", &to));
    }
    if call.path == "/api/echo" {
        return echo(call);
    }
    let token = call
        .auth
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or_default();
    let forced = st.failures.api_401 > 0;
    let Some(user) = st
        .active(token)
        .filter(|(t, _)| !t.refresh && !forced)
        .map(|(_, g)| g.user.clone())
    else {
        if forced {
            st.failures.api_401 -= 1;
        }
        return json_response(401, &json!({"error": "invalid_token", "message": "The access token is expired, revoked or unknown."}))
            .with_header(header("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    };
    let issuer = st.info.issuer.clone();
    match (call.method, call.path) {
        (Method::Get, "/api/me") => json_response(200, &json!({"sub": user, "email": user}))
            .with_header(header("X-RateLimit-Remaining", "99")),
        (Method::Get, "/api/items") => items(call.query, &user),
        (Method::Get, "/api/pages") => pages(call.query, &issuer),
        (Method::Get, "/api/big") => {
            let n: usize = first(call.query, "bytes")
                .and_then(|b| b.parse().ok())
                .unwrap_or(1024);
            Response::from_data(vec![b'x'; n.min(64 << 20)])
                .with_header(header("Content-Type", "application/octet-stream"))
        }
        (Method::Get, "/api/gzip") => gzip(&json!({"compressed": true, "user": user})),
        _ => json_response(
            404,
            &json!({"error": "not_found", "message": format!("The sandbox API has no {} {}.", call.method, call.path)}),
        ),
    }
}

/// What arrived: method, query, JSON body, which headers came (and whether a token did).
fn echo(call: &Call<'_>) -> Answer {
    let body: Value =
        serde_json::from_str(call.body).unwrap_or(Value::String(call.body.to_string()));
    let headers: serde_json::Map<String, Value> = call
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
        .map(|(k, v)| (k.to_ascii_lowercase(), Value::String(v.clone())))
        .collect();
    json_response(
        200,
        &json!({"method": call.method.to_string(), "query": call.query, "body": body,
                "authorization": if call.auth.is_some() { "present" } else { "absent" },
                "headers": headers}),
    )
}

/// `?cursor=N`: items N.. of ten, four a page; `next_cursor` until the last.
fn items(q: &HashMap<String, Vec<String>>, user: &str) -> Answer {
    let from: usize = first(q, "cursor").and_then(|c| c.parse().ok()).unwrap_or(0);
    let to = (from + PAGE).min(ITEMS);
    let list: Vec<Value> = (from..to)
        .map(|i| json!({"id": i + 1, "owner": user}))
        .collect();
    let next = (to < ITEMS).then(|| to.to_string());
    json_response(200, &json!({"items": list, "next_cursor": next}))
}

/// `?page=N` (from 1): a JSON array a page, with `Link: <…?page=N+1>; rel="next"`.
fn pages(q: &HashMap<String, Vec<String>>, issuer: &str) -> Answer {
    let page: usize = first(q, "page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let from = (page - 1) * PAGE;
    let to = (from + PAGE).min(ITEMS);
    let list: Vec<Value> = (from..to).map(|i| json!({"id": i + 1})).collect();
    let mut r = json_response(200, &Value::Array(list));
    if to < ITEMS {
        r = r.with_header(header(
            "Link",
            &format!("<{issuer}/api/pages?page={}>; rel=\"next\", <{issuer}/api/pages?page=1>; rel=\"first\"", page + 1),
        ));
    }
    r
}

fn gzip(v: &Value) -> Answer {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = enc.write_all(v.to_string().as_bytes());
    let data = enc.finish().unwrap_or_default();
    Response::from_data(data)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Content-Encoding", "gzip"))
}
