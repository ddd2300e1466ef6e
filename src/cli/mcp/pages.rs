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

/// Who a consent is for: connector, app and user (empty when shared).
type ConsentKey = (String, String, String);

/// What an address leads to, kept after it is used: what the person is asked, and
/// where to see how it went.
#[derive(Clone)]
struct Watch {
    /// What the person is asked to do on the page, for a URL-mode elicitation.
    message: String,
    created: Instant,
    /// Whether the person opened it (a start address) or sent it (a secret page).
    opened: bool,
    kind: WatchKind,
}

#[derive(Clone)]
enum WatchKind {
    /// A secret page; how saving went, once the admin sent the form.
    Secret(Option<Result<Value, ToolError>>),
    /// A start address, and the consent it leads to: whose, and which start of theirs.
    Start(ConsentKey, String),
}

/// How the interaction behind an address is going.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Not finished (or not started) yet.
    Waiting,
    /// Finished: what the tool would have answered.
    Done(Value),
    /// Finished without success, with why.
    Failed(ToolError),
    /// No such address, or it expired.
    Unknown,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, (Entry, Instant)>,
    watches: HashMap<String, Watch>,
    /// The consent `connect` last started for each connector, app and user: the start's
    /// id (so that an earlier start for the same person, giving up, cannot overwrite a
    /// later one), and `waiting`, `connected`, `failed` with why, or `declined`.
    consents: HashMap<ConsentKey, (String, Value)>,
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

    fn add(&self, kind: &str, entry: Entry, watch: Watch) -> Result<String, ToolError> {
        let port = self.port()?;
        let token = page_token();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.entries.retain(|_, (_, at)| at.elapsed() < TTL);
        // What became of an address is kept for a while after it expires.
        st.watches.retain(|_, w| w.created.elapsed() < 2 * TTL);
        st.entries.insert(token.clone(), (entry, Instant::now()));
        st.watches.insert(token.clone(), watch);
        Ok(format!("http://127.0.0.1:{port}/{kind}/{token}"))
    }

    /// A page where the admin types the secret of the connector `argv` adds; `message`
    /// says so to the person.
    pub fn secret_page(
        &self,
        cfg: &Config,
        argv: Vec<String>,
        message: String,
    ) -> Result<String, ToolError> {
        self.add(
            "secret",
            Entry::Secret {
                argv,
                cfg: cfg.clone(),
            },
            Watch {
                message,
                created: Instant::now(),
                opened: false,
                kind: WatchKind::Secret(None),
            },
        )
    }

    /// The address's token: its last path segment.
    fn token_of(url: &str) -> &str {
        url.rsplit('/').next().unwrap_or_default()
    }

    /// What the person is asked to do at `url`, if this server gave that address.
    pub fn message(&self, url: &str) -> Option<String> {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.watches
            .get(Self::token_of(url))
            .map(|w| w.message.clone())
    }

    /// When the address `url` stops working.
    pub fn expires_in(&self, url: &str) -> Duration {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.watches
            .get(Self::token_of(url))
            .map(|w| TTL.saturating_sub(w.created.elapsed()))
            .unwrap_or_default()
    }

    /// How the interaction behind `url` is going.
    pub fn progress(&self, url: &str) -> Progress {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let token = Self::token_of(url);
        let Some(w) = st.watches.get(token) else {
            return Progress::Unknown;
        };
        match &w.kind {
            WatchKind::Secret(None) if w.created.elapsed() < TTL => Progress::Waiting,
            WatchKind::Secret(None) => Progress::Failed(expired()),
            WatchKind::Secret(Some(Ok(v))) => Progress::Done(v.clone()),
            WatchKind::Secret(Some(Err(e))) => Progress::Failed(e.clone()),
            WatchKind::Start(key, id) => {
                let state = match st.consents.get(key) {
                    Some((current, v)) if current == id => v.clone(),
                    Some(_) => return Progress::Failed(superseded()),
                    None => Value::Null,
                };
                match state["state"].as_str() {
                    Some("connected") => Progress::Done(json!({
                        "status": "connected",
                        "account": state["account"],
                    })),
                    Some("failed") => Progress::Failed(failure(&state["error"])),
                    _ if !w.opened && w.created.elapsed() >= TTL => Progress::Failed(expired()),
                    _ => Progress::Waiting,
                }
            }
        }
    }

    /// The person declined: the address stops working now, and a consent it led to is
    /// marked `declined`.
    pub fn withdraw(&self, url: &str) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let token = Self::token_of(url);
        st.entries.remove(token);
        if let Some(Watch {
            kind: WatchKind::Start(key, id),
            ..
        }) = st.watches.get(token).cloned()
            && let Some((current, v)) = st.consents.get_mut(&key)
            && *current == id
            && v["state"] == "waiting"
        {
            *v = json!({"state": "declined"});
        }
    }

    /// Starts `connect` for `who` in the background (its loopback listener waits for the
    /// provider), and returns the address that sends the person's browser to the
    /// provider's consent page.
    pub fn start_consent(
        &self,
        cfg: &Config,
        who: &Who,
        message: String,
    ) -> Result<String, ToolError> {
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
        let key = consent_key(who);
        // This start is the person's current one from now on.
        let id = page_token();
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .consents
            .insert(key.clone(), (id.clone(), json!({"state": "waiting"})));
        let (buffers, done) = self.run_connect(cfg, argv, key.clone(), id.clone());
        let url = consent_url(&buffers, &done)?;
        self.add(
            "start",
            Entry::Start { url },
            Watch {
                message,
                created: Instant::now(),
                opened: false,
                kind: WatchKind::Start(key, id),
            },
        )
    }

    /// Runs `connect` (`argv`) on a thread of its own; its outcome becomes the state of
    /// the start `id` for `key`. Returns what it prints, and its outcome once it ends.
    fn run_connect(
        &self,
        cfg: &Config,
        argv: Vec<String>,
        key: ConsentKey,
        id: String,
    ) -> (Arc<Mutex<crate::ui::Captured>>, Arc<Mutex<Option<Value>>>) {
        let buffers = Arc::new(Mutex::new(crate::ui::Captured::default()));
        let done = Arc::new(Mutex::new(None::<Value>));
        let (cfg, printed, ended, state) = (
            cfg.clone(),
            buffers.clone(),
            done.clone(),
            self.state.clone(),
        );
        std::thread::spawn(move || {
            let ran = super::run_command(&cfg, &argv, Some(printed));
            let v = ran.document.unwrap_or(Value::Null);
            let outcome = if ran.code == 0 {
                json!({"state": "connected", "account": v["connection"]["account"]})
            } else {
                json!({"state": "failed", "error": v.get("error").cloned().unwrap_or(json!({"message": "connect failed"}))})
            };
            *ended.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome.clone());
            let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
            // Only this start's own state: a later start for the same person is theirs. A
            // consent the person declined stays declined when its listener gives up, but
            // one they finished anyway (opened, then declined in the client) is connected.
            if let Some((current, v)) = st.consents.get_mut(&key)
                && *current == id
                && (v["state"] != "declined" || outcome["state"] == "connected")
            {
                *v = outcome;
            }
        });
        (buffers, done)
    }

    /// How the consent `connect` started for `who` is going, if it started one.
    pub fn consent_state(&self, who: &Who) -> Value {
        let key = consent_key(who);
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .consents
            .get(&key)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null)
    }

    fn take(&self, token: &str) -> Option<Entry> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match st.entries.remove(token) {
            Some((e, at)) if at.elapsed() < TTL => {
                if let Some(w) = st.watches.get_mut(token) {
                    w.opened = true;
                }
                Some(e)
            }
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
                    Some(Entry::Secret { argv, cfg }) => {
                        let (response, outcome) = save_secret(&cfg, argv, &body);
                        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                        if let Some(w) = st.watches.get_mut(&token) {
                            w.kind = WatchKind::Secret(Some(outcome));
                        }
                        response
                    }
                    _ => gone(),
                }
            }
            _ => page(404, "Not found", "<p>Nothing here.</p>"),
        };
        let _ = request.respond(response);
    }
}

type Page = Response<std::io::Cursor<Vec<u8>>>;

fn consent_key(who: &Who) -> ConsentKey {
    (
        who.connector.clone(),
        who.app.clone(),
        who.user.clone().unwrap_or_default(),
    )
}

/// The consent URL, once `connect` printed it (on stderr, for a person); its error when
/// it ended first.
fn consent_url(
    printed: &Mutex<crate::ui::Captured>,
    ended: &Mutex<Option<Value>>,
) -> Result<String, ToolError> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text =
            String::from_utf8_lossy(&printed.lock().unwrap_or_else(|e| e.into_inner()).stderr)
                .into_owned();
        if let Some(u) = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("http://") || l.starts_with("https://"))
        {
            return Ok(u.to_string());
        }
        if let Some(outcome) = ended.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Err(failure(&outcome["error"]));
        }
        if Instant::now() > deadline {
            return Err(err("timeout", "the consent could not be started in time"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A failed `connect`'s error document as a tool error.
fn failure(e: &Value) -> ToolError {
    ToolError {
        code: e["code"].as_str().unwrap_or("failed").into(),
        message: e["message"].as_str().unwrap_or("connect failed").into(),
        hint: e["hint"].as_str().map(String::from),
    }
}

/// Runs `add` with the secret the admin typed, through a 0600 file removed right after.
/// Returns the page, and how it went (`add`'s answer, or why not).
fn save_secret(
    cfg: &Config,
    mut argv: Vec<String>,
    body: &str,
) -> (Page, Result<Value, ToolError>) {
    let secret = url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == "secret")
        .map(|(_, v)| zeroize::Zeroizing::new(v.into_owned()));
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return (
            page(
                400,
                "No secret",
                "<p>The form held no secret. Ask the assistant for a new page.</p>",
            ),
            Err(err(
                "no_secret",
                "the admin sent the page without a secret; nothing was added",
            )),
        );
    };
    let dir = std::env::temp_dir().join(format!("connectors-mcp-{}", crate::vault::random_id()));
    let file = dir.join("secret");
    let written = crate::vault::files::ensure_private_dir(&dir).and_then(|_| {
        crate::vault::files::write_private(&file, secret.as_bytes()).map_err(|e| err_io(&e))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&dir);
        let shown = page(500, "Not saved", &format!("<p>{}</p>", escape(&e.message)));
        return (shown, Err(err(e.code, e.message)));
    }
    argv.extend([
        "--client-secret-file".to_string(),
        file.display().to_string(),
    ]);
    let result = super::tools::run(cfg, &argv);
    let _ = std::fs::remove_dir_all(&dir);
    let shown = match &result {
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
    };
    let outcome = result.map(|mut v| {
        if let Value::Object(m) = &mut v {
            m.insert("status".into(), json!("added"));
        }
        v
    });
    (shown, outcome)
}

/// An address's token: 256 random bits, hex.
fn page_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn superseded() -> ToolError {
    ToolError {
        code: "superseded".into(),
        message: "a later connect for the same person replaced this consent; this address no longer leads anywhere".into(),
        hint: Some("follow the consent that later connect started (connection_status shows how it goes)".into()),
    }
}

fn expired() -> ToolError {
    ToolError {
        code: "page_expired".into(),
        message: "the page expired before the person finished; nothing was changed".into(),
        hint: Some("call the tool again for a new page".into()),
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

fn gone() -> Page {
    page(
        410,
        "Used or expired",
        "<p>This address was used already, or has expired. Ask the assistant for a new one.</p>",
    )
}

fn page(status: u16, title: &str, body: &str) -> Page {
    Response::from_string(format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title} · connectors</title></head><body><h1>{title}</h1>{body}</body></html>"
    ))
    .with_status_code(status)
    .with_header(header("Content-Type", "text/html; charset=utf-8"))
    .with_header(header("Cache-Control", "no-store"))
    .with_header(header("Referrer-Policy", "no-referrer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A start address for `key` with start id `id`, as `start_consent` leaves it.
    fn started(pages: &Pages, key: &ConsentKey, id: &str) -> String {
        let token = page_token();
        let mut st = pages.state.lock().unwrap();
        st.consents
            .insert(key.clone(), (id.into(), json!({"state": "waiting"})));
        st.entries.insert(
            token.clone(),
            (Entry::Start { url: "u".into() }, Instant::now()),
        );
        st.watches.insert(
            token.clone(),
            Watch {
                message: String::new(),
                created: Instant::now(),
                opened: false,
                kind: WatchKind::Start(key.clone(), id.into()),
            },
        );
        format!("http://127.0.0.1:1/start/{token}")
    }

    #[test]
    fn a_later_start_for_the_same_person_is_never_overwritten_by_an_earlier_one() {
        let pages = Pages::default();
        let key: ConsentKey = ("Cal".into(), "demo".into(), "ada".into());
        let first = started(&pages, &key, "one");
        assert_eq!(pages.progress(&first), Progress::Waiting);
        let second = started(&pages, &key, "two");
        // The first start is superseded; declining it changes nothing of the second.
        assert!(matches!(pages.progress(&first), Progress::Failed(e) if e.code == "superseded"));
        pages.withdraw(&first);
        assert_eq!(pages.progress(&second), Progress::Waiting);
        // Declining the current one marks it, and the address stops working.
        pages.withdraw(&second);
        assert!(pages.take(Pages::token_of(&second)).is_none());
        let who = Who {
            connector: "Cal".into(),
            app: "demo".into(),
            user: Some("ada".into()),
        };
        assert_eq!(pages.consent_state(&who)["state"], "declined");
    }

    #[test]
    fn a_start_address_never_opened_expires_even_once_pruned() {
        let pages = Pages::default();
        let key: ConsentKey = ("Cal".into(), "demo".into(), "bob".into());
        let url = started(&pages, &key, "one");
        let token = Pages::token_of(&url).to_string();
        let mut st = pages.state.lock().unwrap();
        let long_ago = Instant::now()
            .checked_sub(TTL + Duration::from_secs(1))
            .unwrap();
        st.watches.get_mut(&token).unwrap().created = long_ago;
        // Another page's creation prunes the expired entry; the watch still says expired.
        st.entries.remove(&token);
        drop(st);
        assert!(matches!(pages.progress(&url), Progress::Failed(e) if e.code == "page_expired"));
    }
}
