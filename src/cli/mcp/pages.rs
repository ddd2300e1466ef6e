//! Single-use pages on 127.0.0.1 that lead the person at the browser (never the model) to
//! a secret: `/secret/TOKEN`, where an admin types a client secret for `add_connector`,
//! and `/start/TOKEN`, which sends the browser on to a provider's consent page for
//! `connect`. Each address carries 256 random bits, works once and for ten minutes,
//! answers only requests whose `Host` is this listener (DNS rebinding), and holds no
//! credential itself: it cannot be used to act as anyone (the MCP specification's rule
//! for URL elicitation).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tiny_http::{Header, Method, Response, Server};

use super::Config;
use super::tools::{ToolError, Who};

/// How long a page's address works.
const TTL: Duration = Duration::from_secs(600);

enum Entry {
    Secret { argv: Vec<String>, cfg: Config },
    Start { url: String },
}

#[derive(Default)]
struct State {
    entries: HashMap<String, (Entry, Instant)>,
    /// The consents `connect` started, by connector, app and user: `waiting`, `connected`
    /// or `failed` with why.
    consents: HashMap<(String, String, String), Value>,
}

/// The listener and what its addresses lead to; started on first use.
#[derive(Clone, Default)]
pub struct Pages {
    state: Arc<Mutex<State>>,
    port: Arc<Mutex<Option<u16>>>,
}

fn err(code: &str, message: impl Into<String>) -> ToolError {
    ToolError {
        code: code.into(),
        message: message.into(),
        hint: None,
    }
}

impl Pages {
    /// The listener's port, starting it the first time.
    fn port(&self) -> Result<u16, ToolError> {
        let mut port = self.port.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = *port {
            return Ok(p);
        }
        let server = Server::http("127.0.0.1:0").map_err(|e| {
            err(
                "listener",
                format!("no page could be served on 127.0.0.1: {e}"),
            )
        })?;
        let p = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| err("listener", "the page listener has no port"))?;
        let me = self.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                me.answer(request, p);
            }
        });
        *port = Some(p);
        Ok(p)
    }

    fn add(&self, kind: &str, entry: Entry) -> Result<String, ToolError> {
        let port = self.port()?;
        let token = crate::vault::random_id();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.entries.retain(|_, (_, at)| at.elapsed() < TTL);
        st.entries.insert(token.clone(), (entry, Instant::now()));
        Ok(format!("http://127.0.0.1:{port}/{kind}/{token}"))
    }

    /// A page where the admin types the secret of the connector `argv` adds.
    pub fn secret_page(&self, cfg: &Config, argv: Vec<String>) -> Result<String, ToolError> {
        self.add(
            "secret",
            Entry::Secret {
                argv,
                cfg: cfg.clone(),
            },
        )
    }

    /// Starts `connect` for `who` in the background (its loopback listener waits for the
    /// provider), and returns the address that sends the person's browser to the
    /// provider's consent page.
    pub fn start_consent(&self, cfg: &Config, who: &Who) -> Result<String, ToolError> {
        let mut argv = vec![
            "connect".to_string(),
            who.connector.clone(),
            "--app".into(),
            who.app.clone(),
            "--no-browser".into(),
            "--timeout".into(),
            TTL.as_secs().to_string(),
        ];
        if let Some(u) = &who.user {
            argv.extend(["--user".to_string(), u.clone()]);
        }
        let key = (
            who.connector.clone(),
            who.app.clone(),
            who.user.clone().unwrap_or_default(),
        );
        let buffers = Arc::new(Mutex::new(crate::ui::Captured::default()));
        let (cfg2, buffers2, state) = (cfg.clone(), buffers.clone(), self.state.clone());
        let key2 = key.clone();
        let done = Arc::new(Mutex::new(None::<Value>));
        let done2 = done.clone();
        std::thread::spawn(move || {
            let (code, out, _) = super::run_command(&cfg2, &argv, Some(buffers2));
            let v: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
            let outcome = if code == 0 {
                json!({"state": "connected", "account": v["connection"]["account"]})
            } else {
                json!({"state": "failed", "error": v.get("error").cloned().unwrap_or(json!({"message": "connect failed"}))})
            };
            *done2.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome.clone());
            state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .consents
                .insert(key2, outcome);
        });
        // The consent URL, once `connect` printed it (on stderr, for a person).
        let deadline = Instant::now() + Duration::from_secs(15);
        let url = loop {
            let text =
                String::from_utf8_lossy(&buffers.lock().unwrap_or_else(|e| e.into_inner()).stderr)
                    .into_owned();
            if let Some(u) = text
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("http://") || l.starts_with("https://"))
            {
                break u.to_string();
            }
            if let Some(outcome) = done.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                let e = &outcome["error"];
                return Err(ToolError {
                    code: e["code"].as_str().unwrap_or("failed").into(),
                    message: e["message"].as_str().unwrap_or("connect failed").into(),
                    hint: e["hint"].as_str().map(String::from),
                });
            }
            if Instant::now() > deadline {
                return Err(err("timeout", "the consent could not be started in time"));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .consents
            .insert(key, json!({"state": "waiting"}));
        self.add("start", Entry::Start { url })
    }

    /// How the consent `connect` started for `who` is going, if it started one.
    pub fn consent_state(&self, who: &Who) -> Value {
        let key = (
            who.connector.clone(),
            who.app.clone(),
            who.user.clone().unwrap_or_default(),
        );
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .consents
            .get(&key)
            .cloned()
            .unwrap_or(Value::Null)
    }

    fn take(&self, token: &str) -> Option<Entry> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match st.entries.remove(token) {
            Some((e, at)) if at.elapsed() < TTL => Some(e),
            _ => None,
        }
    }

    fn answer(&self, mut request: tiny_http::Request, port: u16) {
        let host_ok = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .is_some_and(|h| crate::flow::callback::host_allowed(Some(h.value.as_str()), port));
        if !host_ok {
            let _ = request.respond(page(
                400,
                "Wrong address",
                "<p>Open the address exactly as it was given.</p>",
            ));
            return;
        }
        let url = request.url().to_string();
        let path = url.split('?').next().unwrap_or_default().to_string();
        let (kind, token) = path
            .trim_start_matches('/')
            .split_once('/')
            .map(|(k, t)| (k.to_string(), t.to_string()))
            .unwrap_or_default();
        let method = request.method().clone();
        let response = match (method, kind.as_str()) {
            (Method::Get, "start") => match self.take(&token) {
                Some(Entry::Start { url }) => Response::from_string("")
                    .with_status_code(303)
                    .with_header(header("Location", &url)),
                _ => gone(),
            },
            (Method::Get, "secret") => {
                let known = self
                    .state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entries
                    .get(&token)
                    .is_some_and(|(e, at)| matches!(e, Entry::Secret { .. }) && at.elapsed() < TTL);
                if known {
                    page(
                        200,
                        "Client secret",
                        &format!(
                            "<form method=\"post\" action=\"/secret/{token}\"><label>Client secret <input type=\"password\" name=\"secret\" autocomplete=\"off\" autofocus></label> <button type=\"submit\" name=\"save\">Save</button></form><p>It goes into the vault only; this page works once.</p>"
                        ),
                    )
                } else {
                    gone()
                }
            }
            (Method::Post, "secret") => {
                let mut body = String::new();
                use std::io::Read as _;
                let _ = request
                    .as_reader()
                    .take(64 * 1024)
                    .read_to_string(&mut body);
                match self.take(&token) {
                    Some(Entry::Secret { argv, cfg }) => save_secret(&cfg, argv, &body),
                    _ => gone(),
                }
            }
            _ => page(404, "Not found", "<p>Nothing here.</p>"),
        };
        let _ = request.respond(response);
    }
}

/// Runs `add` with the secret the admin typed, through a 0600 file removed right after.
fn save_secret(
    cfg: &Config,
    mut argv: Vec<String>,
    body: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let secret = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "secret")
        .map(|(_, v)| zeroize::Zeroizing::new(v.into_owned()));
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return page(
            400,
            "No secret",
            "<p>The form held no secret. Ask the assistant for a new page.</p>",
        );
    };
    let dir = std::env::temp_dir().join(format!("connectors-mcp-{}", crate::vault::random_id()));
    let file = dir.join("secret");
    let written = crate::vault::files::ensure_private_dir(&dir).and_then(|_| {
        crate::vault::files::write_private(&file, secret.as_bytes()).map_err(|e| err_io(&e))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&dir);
        return page(500, "Not saved", &format!("<p>{}</p>", escape(&e.message)));
    }
    argv.extend([
        "--client-secret-file".to_string(),
        file.display().to_string(),
    ]);
    let result = super::tools::run(cfg, &argv);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(_) => page(
            200,
            "Saved",
            "<p>The connector was added with its secret. You can close this page.</p>",
        ),
        Err(e) => page(
            400,
            "Not saved",
            &format!(
                "<p>{}</p><p>{}</p>",
                escape(&e.message),
                escape(e.hint.as_deref().unwrap_or_default())
            ),
        ),
    }
}

fn err_io(e: &std::io::Error) -> crate::error::Error {
    crate::error::Error::with(
        crate::error::code::OUTPUT_UNWRITABLE,
        format!("the secret could not be passed on: {e}"),
    )
}

fn header(k: &str, v: &str) -> Header {
    Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("a valid header")
}

use crate::text::html_escape as escape;

fn gone() -> Response<std::io::Cursor<Vec<u8>>> {
    page(
        410,
        "Used or expired",
        "<p>This address was used already, or has expired. Ask the assistant for a new one.</p>",
    )
}

fn page(status: u16, title: &str, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title} · connectors</title></head><body><h1>{title}</h1>{body}</body></html>"
    ))
    .with_status_code(status)
    .with_header(header("Content-Type", "text/html; charset=utf-8"))
    .with_header(header("Cache-Control", "no-store"))
    .with_header(header("Referrer-Policy", "no-referrer"))
}
