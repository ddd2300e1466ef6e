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
    let live: Vec<connection::Connection> = connection::list(
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
    .collect();
    if live.is_empty() {
        return Ok(Check::new(
            "connection_calls",
            Status::Skip,
            "no live connection to call the provider's API as",
        ));
    }
    let total = live.len();
    let request = Request {
        method: me.method.clone(),
        target: me.path.clone(),
        ..Default::default()
    };
    let policy = Policy {
        retries: 1,
        max_wait: std::time::Duration::from_secs(10),
        max_bytes: 1 << 20,
        allow_hosts: Vec::new(),
        paginate: false,
    };
    let agent = crate::oauth::http_agent();
    let (mut ok, mut failed, mut fixes) = (0usize, Vec::new(), Vec::new());
    for conn in live.into_iter().take(MAX_CALLS) {
        let who = conn.who();
        let connect = format!(
            "connectors connect \"{}\" --app {}{}",
            c.name,
            conn.app,
            conn.user
                .as_deref()
                .map(|u| format!(" --user {u}"))
                .unwrap_or_default()
        );
        let mut tokens = ConnectionTokens {
            vault,
            workspace: &ws.name,
            provider,
            connector: c,
            connection: conn,
        };
        match api::call(
            &agent,
            provider,
            spec,
            &request,
            &policy,
            &mut tokens,
            &mut |_| {},
        ) {
            Ok(pages) => match pages.last() {
                Some(r) if r.is_success() => ok += 1,
                Some(r) => {
                    failed.push(format!(
                        "{who}: HTTP {} {}: {}",
                        r.status,
                        r.status_text,
                        api::error_words(r)
                    ));
                    fixes.push(match r.status {
                        401 => format!("the token is refused even after a refresh: `{connect}`"),
                        403 => "the grant lacks what this call needs: check the connector's scopes"
                            .into(),
                        _ => "retry later; the provider failed".into(),
                    });
                }
                None => {}
            },
            Err(e) => {
                failed.push(format!("{who}: {}", e.message));
                fixes.push(e.hint.unwrap_or_else(|| format!("`{connect}`")));
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
    Ok(if failed.is_empty() {
        Check::new(
            "connection_calls",
            Status::Pass,
            format!(
                "{of} connection(s) answered {} {} as their person",
                me.method, me.path
            ),
        )
    } else {
        Check::new(
            "connection_calls",
            Status::Fail,
            format!(
                "{} of {of} connection(s) failed {} {}",
                failed.len(),
                me.method,
                me.path
            ),
        )
        .evidence(failed)
        .fix(fixes.join("; "))
    })
}

fn not_checked(why: &str) -> Check {
    Check::new(
        "connection_calls",
        Status::Skip,
        format!("not checked: {why}"),
    )
}
