//! The temporary loopback listener: bound to the literal 127.0.0.1 (never 0.0.0.0) on a
//! given or ephemeral port (RFC 8252 §7.3), and also to [::1] on the same port when the
//! redirect URI names `localhost` (a browser may resolve it to either), never to any other
//! address. It answers only its callback path, checks the Host header (DNS rebinding),
//! sends `Referrer-Policy: no-referrer` and no CORS headers, accepts one valid callback
//! and closes; dropping it frees the port.

use std::time::{Duration, Instant};

use tiny_http::{Header, Response, Server};

use super::callback::{self, Outcome, Rejected};
use crate::error::{Error, Result};

pub struct Listener {
    servers: Vec<Server>,
    pub port: u16,
    /// Requests to the callback path that did not belong to this flow (a wrong state, no
    /// code): what the timeout's hint says was seen.
    pub refused: std::cell::Cell<u32>,
}

fn bind_error(addr: &str, wanted: u16, e: &dyn std::fmt::Display) -> Error {
    let taken = e.to_string().to_ascii_lowercase().contains("in use");
    if taken {
        Error::with(crate::error::code::PORT_IN_USE, format!("port {wanted} on {addr} is already in use, so the callback cannot be received there"))
            .hint("pass another --port (and register that loopback redirect URI at the provider), or stop the program using it")
    } else {
        Error::with(
            crate::error::code::LISTENER_FAILED,
            format!("cannot listen on {addr}:{wanted}: {e}"),
        )
        .hint("pass another --port, or use --paste to paste the URL you land on instead")
    }
}

impl Listener {
    /// Listens on 127.0.0.1 (and on [::1] too with `localhost`) on `port`, or on a port
    /// free on both when none is given.
    pub fn bind(port: Option<u16>, localhost: bool) -> Result<Listener> {
        let wanted = port.unwrap_or(0);
        // An ephemeral port free on 127.0.0.1 may be taken on [::1]: try a few.
        for _ in 0..8 {
            let v4 = Server::http(("127.0.0.1", wanted))
                .map_err(|e| bind_error("127.0.0.1", wanted, &e))?;
            let port = v4.server_addr().to_ip().map(|a| a.port()).unwrap_or(wanted);
            if !localhost {
                return Ok(Listener {
                    servers: vec![v4],
                    port,
                    refused: Default::default(),
                });
            }
            match Server::http(("::1", port)) {
                Ok(v6) => {
                    return Ok(Listener {
                        servers: vec![v4, v6],
                        port,
                        refused: Default::default(),
                    });
                }
                Err(e) => {
                    let taken = e.to_string().to_ascii_lowercase().contains("in use");
                    if !taken {
                        // No IPv6 loopback on this machine: browsers then use 127.0.0.1.
                        return Ok(Listener {
                            servers: vec![v4],
                            port,
                            refused: Default::default(),
                        });
                    }
                    if wanted != 0 {
                        return Err(bind_error("[::1]", wanted, &e));
                    }
                }
            }
        }
        Err(Error::with(
            crate::error::code::LISTENER_FAILED,
            "no port was free on both 127.0.0.1 and [::1]",
        )
        .hint("pass a free --port (and register that loopback redirect URI at the provider)"))
    }

    /// The addresses listened on, for messages.
    pub fn addresses(&self) -> Vec<String> {
        self.servers
            .iter()
            .filter_map(|s| s.server_addr().to_ip())
            .map(|a| a.to_string())
            .collect()
    }

    /// The next request on any of the sockets, waiting at most until `until`.
    fn next(&self, until: Instant) -> std::io::Result<Option<tiny_http::Request>> {
        if let [one] = self.servers.as_slice() {
            let wait = until.saturating_duration_since(Instant::now());
            return one.recv_timeout(wait.min(Duration::from_millis(500)));
        }
        loop {
            for s in &self.servers {
                if let Some(r) = s.try_recv()? {
                    return Ok(Some(r));
                }
            }
            if Instant::now() >= until {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// Waits for the callback until `deadline`. Stray and forged requests get an error page
    /// and the wait goes on. Returns `None` on timeout.
    pub fn wait(
        &self,
        state: &str,
        issuer: Option<callback::IssuerRule<'_>>,
        deadline: Instant,
    ) -> Result<Option<Outcome>> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            let request = match self.next(deadline.min(now + Duration::from_millis(500))) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => {
                    return Err(Error::with(
                        crate::error::code::LISTENER_FAILED,
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
                    "This listener only answers requests addressed to 127.0.0.1, [::1] or localhost.",
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
                    self.refused.set(self.refused.get() + 1);
                    let _ = request.respond(page(
                        400,
                        "Unexpected request",
                        "This response does not belong to the sign-in that is waiting (its state does not match). Still waiting for the right one.",
                    ));
                }
                Err(Rejected::NoCode) => {
                    self.refused.set(self.refused.get() + 1);
                    let _ = request.respond(page(
                        400,
                        "Incomplete response",
                        "The response carries no authorization code. Still waiting.",
                    ));
                }
                Err(Rejected::WrongIssuer { got, expected }) => {
                    let _ = request.respond(page(400, "Wrong issuer", "The response came from another authorization server. The sign-in was stopped."));
                    return Err(Error::with(crate::error::code::ISSUER_MISMATCH,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn callback_to(addr: &str, host: &str, state: &str) -> std::thread::JoinHandle<u16> {
        let url = format!("http://{addr}/api/external-auth/callback?code=c0de&state={state}");
        let host = host.to_string();
        std::thread::spawn(move || match ureq::get(&url).set("Host", &host).call() {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(code, _)) => code,
            Err(e) => panic!("{url}: {e}"),
        })
    }

    #[test]
    fn a_localhost_redirect_is_received_on_both_loopback_addresses_and_nowhere_else() {
        let ipv6 = std::net::TcpListener::bind("[::1]:0").is_ok();
        for address_family in ["127.0.0.1", "[::1]"] {
            if address_family == "[::1]" && !ipv6 {
                continue;
            }
            let l = Listener::bind(None, true).unwrap();
            let addrs = l.addresses();
            assert!(
                addrs.iter().any(|a| a.starts_with("127.0.0.1:")),
                "{addrs:?}"
            );
            assert_eq!(
                addrs.iter().any(|a| a.starts_with("[::1]:")),
                ipv6,
                "{addrs:?}"
            );
            assert!(
                addrs
                    .iter()
                    .all(|a| a.starts_with("127.0.0.1:") || a.starts_with("[::1]:"))
            );
            let port = l.port;
            let sent = callback_to(
                &format!("{address_family}:{port}"),
                &format!("localhost:{port}"),
                "st4te",
            );
            let got = l
                .wait("st4te", None, Instant::now() + Duration::from_secs(10))
                .unwrap();
            assert!(matches!(got, Some(Outcome::Code(_))), "{address_family}");
            assert_eq!(sent.join().unwrap(), 200);
        }
    }

    #[test]
    fn a_127_0_0_1_redirect_listens_on_that_address_alone() {
        let l = Listener::bind(None, false).unwrap();
        assert_eq!(l.addresses(), vec![format!("127.0.0.1:{}", l.port)]);
    }
}
