//! The temporary loopback listener: bound to the literal 127.0.0.1 (never 0.0.0.0) on a
//! given or ephemeral port (RFC 8252 §7.3), answering only its callback path, checking
//! the Host header (DNS rebinding), sending `Referrer-Policy: no-referrer` and no CORS
//! headers. It accepts one valid callback and closes; dropping it frees the port.

use std::time::{Duration, Instant};

use tiny_http::{Header, Response, Server};

use super::callback::{self, Outcome, Rejected};
use crate::error::{Error, Result};

pub struct Listener {
    server: Server,
    pub port: u16,
}

impl Listener {
    pub fn bind(port: Option<u16>) -> Result<Listener> {
        let wanted = port.unwrap_or(0);
        let server = Server::http(("127.0.0.1", wanted)).map_err(|e| {
            let taken = e.to_string().to_ascii_lowercase().contains("in use");
            if taken {
                Error::usage("port_in_use", format!("port {wanted} on 127.0.0.1 is already in use, so the callback cannot be received there"))
                    .hint("pass another --port (and register that loopback redirect URI at the provider), or stop the program using it")
            } else {
                Error::problem("listener_failed", format!("cannot listen on 127.0.0.1:{wanted}: {e}"))
                    .hint("pass another --port, or use --paste to paste the URL you land on instead")
            }
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(wanted);
        Ok(Listener { server, port })
    }

    /// Waits for the callback until `deadline`. Stray and forged requests get an error page
    /// and the wait goes on. Returns `None` on timeout.
    pub fn wait(
        &self,
        state: &str,
        issuer: Option<&str>,
        deadline: Instant,
    ) -> Result<Option<Outcome>> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            let request = match self
                .server
                .recv_timeout((deadline - now).min(Duration::from_millis(500)))
            {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => {
                    return Err(Error::problem(
                        "listener_failed",
                        format!("the loopback listener failed: {e}"),
                    ));
                }
            };
            let host = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Host"))
                .map(|h| h.value.as_str().to_string());
            if !callback::host_allowed(host.as_deref(), self.port) {
                let _ = request.respond(page(
                    421,
                    "Wrong address",
                    "This listener only answers requests addressed to 127.0.0.1 or localhost.",
                ));
                continue;
            }
            if *request.method() != tiny_http::Method::Get {
                let _ = request.respond(page(
                    405,
                    "Not allowed",
                    "Only the provider's redirect is expected here.",
                ));
                continue;
            }
            match callback::parse(request.url(), state, issuer) {
                Ok(Outcome::Code(code)) => {
                    let _ = request.respond(page(200, "Connected", "The account is connected. You can close this window and return to the terminal."));
                    return Ok(Some(Outcome::Code(code)));
                }
                Ok(Outcome::Refused(e)) => {
                    let _ = request.respond(page(200, "Not connected", "The provider did not grant access. The terminal says why. You can close this window."));
                    return Ok(Some(Outcome::Refused(e)));
                }
                Err(Rejected::NotFound) => {
                    let _ = request.respond(page(404, "Not found", "Nothing here."));
                }
                Err(Rejected::BadState) => {
                    let _ = request.respond(page(
                        400,
                        "Unexpected request",
                        "This response does not belong to the sign-in that is waiting (its state does not match). Still waiting for the right one.",
                    ));
                }
                Err(Rejected::NoCode) => {
                    let _ = request.respond(page(
                        400,
                        "Incomplete response",
                        "The response carries no authorization code. Still waiting.",
                    ));
                }
                Err(Rejected::WrongIssuer { got, expected }) => {
                    let _ = request.respond(page(400, "Wrong issuer", "The response came from another authorization server. The sign-in was stopped."));
                    return Err(Error::problem(
                        "issuer_mismatch",
                        format!("the authorization response names issuer {got}, but this connector's provider is {expected} (RFC 9207): the sign-in was stopped"),
                    )
                    .hint("this can be a mix-up attack; check the provider's endpoints with `connectors providers show PROVIDER`"));
                }
            }
        }
    }
}

fn page(status: u16, title: &str, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · connectors</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}}</style></head>\
         <body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let header =
        |k: &str, v: &str| Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header");
    Response::from_string(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'",
        ))
}
