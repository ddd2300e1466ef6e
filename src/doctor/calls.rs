//! `doctor --connections`: each connection's token proved by the provider's cheapest "who
//! am I" call (the catalog's `api.me`), through the same client as `connectors api`
//! (refreshed when stale, once more on a 401). What fails is reported with its fix.

use super::{Check, Status};
use crate::api::{self, ConnectionTokens, Policy, Request};
use crate::connection::{self, Filter};
use crate::connector::Connector;
use crate::error::Result;
use crate::model::Status as ConnStatus;
use crate::provider::Provider;
use crate::vault::Vault;
use crate::workspace::Workspace;

/// The most connections of one connector that one `doctor --connections` calls.
pub const MAX_CALLS: usize = 20;

/// Calls the provider's "who am I" endpoint as each live connection of `c` (of `app`
/// when given), at most [`MAX_CALLS`].
pub fn check(
    vault: &Vault,
    ws: &Workspace,
    c: &Connector,
    provider: Option<&Provider>,
    app: Option<&crate::app::App>,
) -> Result<Check> {
    let Some(provider) = provider else {
        return Ok(not_checked("its provider is not in the catalog"));
    };
    let Some((spec, me)) = provider
        .api
        .as_ref()
        .and_then(|a| a.me.as_ref().map(|m| (a, m)))
    else {
        return Ok(not_checked(&format!(
            "the catalog names no \"who am I\" call of {}",
            provider.display_name
        )));
    };
    let live = live_connections(vault, ws, c, app)?;
    if live.is_empty() {
        return Ok(Check::new(
            "connection_calls",
            Status::Skip,
            "no live connection to call the provider's API as",
        ));
    }
    let total = live.len();
    let caller = Caller {
        vault,
        ws,
        c,
        provider,
        spec,
        request: Request {
            method: me.method.clone(),
            target: me.path.clone(),
            ..Default::default()
        },
        policy: Policy {
            retries: 1,
            max_wait: std::time::Duration::from_secs(10),
            max_bytes: 1 << 20,
            allow_hosts: Vec::new(),
            paginate: false,
        },
        agent: crate::oauth::http_agent(),
    };
    let (mut ok, mut failed, mut fixes) = (0usize, Vec::new(), Vec::new());
    for conn in live.into_iter().take(MAX_CALLS) {
        match caller.call(conn) {
            Ok(()) => ok += 1,
            Err((evidence, fix)) => {
                failed.push(evidence);
                fixes.push(fix);
            }
        }
    }
    let checked = ok + failed.len();
    let of = if total > checked {
        format!("{checked} of {total}")
    } else {
        checked.to_string()
    };
    fixes.dedup();
    let call = format!("{} {}", me.method, me.path);
    Ok(if failed.is_empty() {
        Check::new(
            "connection_calls",
            Status::Pass,
            format!("{of} connection(s) answered {call} as their person"),
        )
    } else {
        Check::new(
            "connection_calls",
            Status::Fail,
            format!("{} of {of} connection(s) failed {call}", failed.len()),
        )
        .evidence(failed)
        .fix(fixes.join("; "))
    })
}

/// The connector's connections (of one app when given) that a call could be made as.
fn live_connections(
    vault: &Vault,
    ws: &Workspace,
    c: &Connector,
    app: Option<&crate::app::App>,
) -> Result<Vec<connection::Connection>> {
    Ok(connection::list(
        vault.db(),
        ws.id,
        &Filter {
            connector: Some(c),
            app,
            user: None,
        },
    )?
    .into_iter()
    .filter(|x| !matches!(x.status, ConnStatus::NeedsReconnect | ConnStatus::Revoked))
    .collect())
}

/// What every "who am I" call of one connector shares.
struct Caller<'a> {
    vault: &'a Vault,
    ws: &'a Workspace,
    c: &'a Connector,
    provider: &'a Provider,
    spec: &'a crate::provider::ApiSpec,
    request: Request,
    policy: Policy,
    agent: ureq::Agent,
}

impl Caller<'_> {
    /// Calls as `conn`; a failure as its evidence and its fix.
    fn call(&self, conn: connection::Connection) -> std::result::Result<(), (String, String)> {
        let who = conn.who();
        let connect = format!(
            "connectors connect \"{}\" --app {}{}",
            self.c.name,
            conn.app,
            conn.user
                .as_deref()
                .map(|u| format!(" --user {u}"))
                .unwrap_or_default()
        );
        let mut tokens = ConnectionTokens {
            vault: self.vault,
            workspace: &self.ws.name,
            provider: self.provider,
            connector: self.c,
            connection: conn,
        };
        let answered = api::call(
            &self.agent,
            self.provider,
            self.spec,
            &self.request,
            &self.policy,
            &mut tokens,
            &mut |_| {},
        );
        match answered {
            Ok(pages) => match pages.last() {
                Some(r) if !r.is_success() => Err((
                    format!(
                        "{who}: HTTP {} {}: {}",
                        r.status,
                        r.status_text,
                        api::error_words(r)
                    ),
                    match r.status {
                        401 => format!("the token is refused even after a refresh: `{connect}`"),
                        403 => "the grant lacks what this call needs: check the connector's scopes"
                            .into(),
                        _ => "retry later; the provider failed".into(),
                    },
                )),
                _ => Ok(()),
            },
            Err(e) => Err((
                format!("{who}: {}", e.message),
                e.hint.unwrap_or_else(|| format!("`{connect}`")),
            )),
        }
    }
}

fn not_checked(why: &str) -> Check {
    Check::new(
        "connection_calls",
        Status::Skip,
        format!("not checked: {why}"),
    )
}
