//! Pending authorizations: every consent starts as one and ends with one callback. The
//! loopback `connect`, `connect --paste` and `connect-url` all start here; the listener,
//! the pasted URL and `connectors callback` all finish through [`complete`]. So there is
//! one implementation of what a consent stores, checks and spends, whichever way the
//! person's browser comes back.
//!
//! A pending authorization is stored with the SHA-256 of its state (the state itself
//! never is), the redirect URI the request was sent with, the PKCE verifier and nonce
//! sealed to its row, and an expiry; its row is signed like every row that decides where a
//! grant goes. A callback takes it at most once, in a transaction: two callbacks with the
//! same URL, on two hosts, give one grant and one `authorization_used`.

use std::time::{Duration, Instant, SystemTime};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::callback::{self, Outcome};
use crate::app::App;
use crate::audit::Action;
use crate::connection;
use crate::connector::{Connector, Mode};
use crate::error::{Error, Result};
use crate::model::{PendingAuthorization, PendingId, connection::time_string};
use crate::oauth::{self, Credentials};
use crate::provider::Provider;
use crate::store::NewPending;
use crate::vault::Vault;

/// How long an authorization waits for its callback unless told otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(600);
/// The longest it may wait: a consent is a person at a browser, not a standing invitation.
pub const MAX_TTL: Duration = Duration::from_secs(3600);
/// How long an expired authorization is kept, so that a late callback hears "expired"
/// rather than "never issued"; older ones are swept by the next start or callback.
const KEPT_AFTER_EXPIRY: Duration = Duration::from_secs(3600);

/// What started a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `connect-url`: someone at the app, who comes back through the app's callback.
    ConnectUrl,
    /// The loopback listener of `connect`.
    Loopback,
    /// `connect --paste`.
    Paste,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::ConnectUrl => "connect-url",
            Origin::Loopback => "loopback",
            Origin::Paste => "paste",
        }
    }
}

/// A consent started: where to send the person, and what the callback will match.
#[derive(Debug)]
pub struct Started {
    pub id: PendingId,
    pub authorization_url: String,
    /// Given to whoever started it (the app keeps it to tie the callback to its user);
    /// the vault keeps only its hash.
    pub state: String,
    pub redirect_uri: String,
    pub expires_at: String,
}

/// The sealed part of a pending authorization.
#[derive(Serialize, Deserialize)]
struct Secrets {
    verifier: Option<String>,
    nonce: Option<String>,
}

/// The state's SHA-256, hex: how a callback finds its pending authorization.
pub fn state_hash(state: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(state.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a consent starts: the connector, its provider, the app and the person.
pub struct Subject<'a> {
    pub vault: &'a Vault,
    pub workspace: &'a str,
    pub provider: &'a Provider,
    pub connector: &'a Connector,
    pub app: &'a App,
    /// The app user as stored (`""` for a shared connector).
    pub user_key: &'a str,
}

/// Starts a consent: builds the authorization request (state, PKCE, nonce) and stores its
/// pending authorization, audited, in one transaction. Sends nothing anywhere.
pub fn start(
    s: &Subject<'_>,
    redirect_uri: &str,
    ttl: Duration,
    origin: Origin,
) -> Result<Started> {
    // The authorization URL needs the client ID only; the secret stays sealed.
    let no_secret = SecretString::from(String::new());
    let creds = Credentials {
        client_id: &s.connector.client_id,
        client_secret: &no_secret,
    };
    let per_user = s.connector.mode == Mode::PerUser;
    let request = oauth::authorization_request(
        s.provider,
        &creds,
        &s.connector.scopes,
        per_user,
        redirect_uri,
    )?;
    let secrets = serde_json::to_vec(&Secrets {
        verifier: request.verifier.as_ref().map(|v| v.secret().clone()),
        nonce: request.nonce.clone(),
    })
    .map_err(|e| Error::internal(e.to_string()))?;
    let secrets = zeroize::Zeroizing::new(secrets);
    let now = SystemTime::now();
    let (created_at, expires_at) = (time_string(now), time_string(now + ttl));
    let swept_before = time_string(now - KEPT_AFTER_EXPIRY);
    let hash = state_hash(&request.state);
    let id = s.vault.write(|tx| {
        tx.sweep_pending(&swept_before)?;
        let id = tx.insert_pending(
            &NewPending {
                connector: s.connector.id,
                app: s.app.id,
                user: s.user_key,
                redirect_uri,
                state_hash: &hash,
                scopes: &s.connector.scopes,
                origin: origin.as_str(),
                created_at: &created_at,
                expires_at: &expires_at,
            },
            &secrets,
        )?;
        if origin == Origin::ConnectUrl {
            tx.record(
                Some(s.workspace),
                Action::ConnectionStarted,
                &s.connector.name,
                serde_json::json!({"app": s.app.name, "user": s.user_key, "redirect_uri": redirect_uri,
                                   "expires_at": expires_at}),
            )?;
        }
        Ok(id)
    })?;
    Ok(Started {
        id,
        authorization_url: request.url.to_string(),
        state: request.state,
        redirect_uri: redirect_uri.to_string(),
        expires_at,
    })
}

/// What arrived at a redirect URI, read from a full URL or a query string.
#[derive(Debug)]
pub struct Arrived {
    pub state: String,
    pub query: String,
    /// The redirect URI it arrived at (scheme, host, port and path), when a full URL was
    /// given.
    pub at: Option<url::Url>,
}

/// Reads the URL (or query string) the provider sent a browser to. A malformed input or
/// one without a `state` is refused with what to give instead.
pub fn arrived(input: &str) -> Result<Arrived> {
    let input = input.trim();
    let bad = |why: &str| {
        Error::with(
            crate::error::code::BAD_CALLBACK,
            format!("the callback {why}; nothing was done"),
        )
        .hint("give the full URL the provider sent the browser to (with its `?code=…&state=…`), or its query string")
    };
    let (query, at) = if input.contains("://") {
        let url = url::Url::parse(input).map_err(|_| bad("is not a URL"))?;
        let query = url.query().unwrap_or_default().to_string();
        let mut at = url;
        at.set_query(None);
        at.set_fragment(None);
        (query, Some(at))
    } else {
        (input.trim_start_matches('?').to_string(), None)
    };
    if query.is_empty() {
        return Err(bad("has no query (no `code`, `error` or `state`)"));
    }
    let mut states = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned());
    let state = match (states.next(), states.next()) {
        (Some(s), None) if !s.is_empty() => s,
        (Some(_), Some(_)) => return Err(bad("carries `state` twice")),
        _ => {
            return Err(bad(
                "has no `state` parameter, so it cannot be tied to a consent",
            ));
        }
    };
    Ok(Arrived { state, query, at })
}

/// Finds the pending authorization of a callback that arrived for `app`, checks it (its
/// row's MAC, its app, its redirect URI, its expiry) and reads the callback's answer.
/// Refusals are audited; nothing is used or spent.
pub fn locate(
    vault: &Vault,
    workspace: &str,
    app: &App,
    arrived: &Arrived,
) -> Result<PendingAuthorization> {
    let hash = state_hash(&arrived.state);
    let Some(pending) = vault.db().pending_by_state(&hash)? else {
        return Err(Error::with(
            crate::error::code::UNKNOWN_STATE,
            "no consent of this vault was started with that state: it was never issued here, or it expired over an hour ago and was removed; nothing was done",
        )
        .hint("start the consent again (`connectors connect-url NAME --app APP --user ID`) and send the person to the new URL"));
    };
    // The hash was found by equality; compared again in constant time all the same.
    if !callback::constant_time_eq(pending.state_hash.as_bytes(), hash.as_bytes()) {
        return Err(Error::internal("a state hash lookup returned another hash"));
    }
    vault.verified(&pending)?;
    let refuse =
        |code: crate::error::Code, message: String, hint: String| -> Result<PendingAuthorization> {
            let _ = vault.write(|tx| {
                tx.record(
                Some(workspace),
                Action::ConnectionCallbackRefused,
                &pending.connector,
                serde_json::json!({"app": app.name, "user": pending.user_key(), "why": code.name}),
            )
            });
            Err(Error::with(code, message).hint(hint))
        };
    if pending.app_id != app.id {
        return refuse(
            crate::error::code::WRONG_APP,
            format!(
                "this callback belongs to a consent started for app '{}', not '{}'; nothing was done",
                pending.app, app.name
            ),
            format!(
                "run `connectors callback --app {}` for it, from the app whose redirect URI received it",
                pending.app
            ),
        );
    }
    if let Some(at) = &arrived.at
        && at.as_str() != pending.redirect_uri
    {
        return refuse(
            crate::error::code::WRONG_REDIRECT,
            format!(
                "this callback arrived at {at}, but its consent was sent with redirect URI {}; nothing was done",
                pending.redirect_uri
            ),
            "give the URL as the browser reached it; if the provider redirected elsewhere, the redirect URIs registered there are wrong (`connectors redirect-uris`)".into(),
        );
    }
    let now = crate::time::now();
    if pending.expired(&now) {
        return refuse(
            crate::error::code::AUTHORIZATION_EXPIRED,
            format!("this consent expired at {}; nothing was done", pending.expires_at),
            "start it again (`connectors connect-url`, with a longer --expires-in if people need more time)".into(),
        );
    }
    if pending.used_at.is_some() {
        return Err(used_error(&pending));
    }
    Ok(pending)
}

fn used_error(p: &PendingAuthorization) -> Error {
    Error::with(
        crate::error::code::AUTHORIZATION_USED,
        format!(
            "this consent was finished already{}: a callback is used at most once; nothing was done",
            p.used_at
                .as_deref()
                .map(|t| format!(" (at {t})"))
                .unwrap_or_default()
        ),
    )
    .hint("a browser reload or a second request replayed the callback; the first one stored the connection (`connectors connections`)")
}

/// Finishes a consent whose callback arrived with `outcome`: takes the pending
/// authorization (at most once), then on a code exchanges it with the sealed verifier and
/// stores the grant under every rule of "Grants are never lost"; on `error=` records the
/// provider's words and ends with them.
pub fn complete(
    s: &Subject<'_>,
    pending: &PendingAuthorization,
    outcome: Outcome,
    callback_at: Instant,
) -> Result<super::Report> {
    let verified = s.vault.verified(pending)?;
    let now = crate::time::now();
    if !s.vault.write(|tx| tx.use_pending(pending.id, &now))? {
        let again = s.vault.db().pending_by_id(pending.id)?;
        return Err(used_error(again.as_ref().unwrap_or(pending)));
    }
    let code = match outcome {
        Outcome::Code(c) => c,
        Outcome::Refused(view) => return Err(super::refused(s, view)),
    };
    let secrets: Secrets = match s.vault.pending_secrets(&verified)? {
        Some(text) => {
            serde_json::from_str(text.expose_secret()).map_err(|_| crate::error::corrupt_vault())?
        }
        None => Secrets {
            verifier: None,
            nonce: None,
        },
    };
    let secret = crate::connector::secret_for(s.vault, s.provider, s.connector)?;
    let creds = Credentials {
        client_id: &s.connector.client_id,
        client_secret: &secret,
    };
    let place = connection::GrantPlace {
        vault: s.vault,
        workspace: s.workspace,
        provider: s.provider,
        connector: s.connector,
        creds: &creds,
        app: &s.app.name,
        user_key: s.user_key,
    };
    super::exchange_and_store(
        &place,
        s.app,
        super::Exchange {
            code: &code,
            verifier: secrets.verifier.map(oauth2::PkceCodeVerifier::new),
            nonce: secrets.nonce.as_deref(),
            redirect_uri: &pending.redirect_uri,
        },
        callback_at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_is_read_from_a_url_or_a_query() {
        let a =
            arrived("https://crm.base44.app/api/external-auth/callback?code=c&state=s1#x").unwrap();
        assert_eq!(a.state, "s1");
        assert_eq!(a.query, "code=c&state=s1");
        assert_eq!(
            a.at.unwrap().as_str(),
            "https://crm.base44.app/api/external-auth/callback"
        );
        let q = arrived("?state=s2&error=access_denied").unwrap();
        assert_eq!((q.state.as_str(), q.at.is_none()), ("s2", true));
        for bad in [
            "",
            "https://crm.base44.app/api/external-auth/callback",
            "code=c",
            "state=&code=c",
            "state=a&state=b&code=c",
            "https://[::1/x?state=s",
        ] {
            assert_eq!(arrived(bad).unwrap_err().code, "bad_callback", "{bad}");
        }
    }

    #[test]
    fn the_state_is_kept_as_its_hash() {
        let h = state_hash("abc");
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(state_hash("abd"), h);
    }
}
