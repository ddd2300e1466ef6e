//! `doctor`: finds the cause of the failures admins lose hours to, and prints the fix.
//! Each check uses the stable troubleshooting codes of [`crate::troubleshoot`]. Live
//! probes (skipped with `--offline`, which then opens no socket at all) consent to
//! nothing and store nothing.

mod calls;
pub mod probe;

use std::collections::HashMap;

use serde::Serialize;

use crate::app::App;
use crate::audit::Action;
use crate::connector::Connector;
use crate::error::Result;
use crate::provider::{Catalog, Provider};
use crate::redirect::{self, UriKind};
use crate::store::ConnectorId;
use crate::troubleshoot::{self, Topic};
use crate::vault::Vault;
use crate::workspace::Workspace;
use probe::{AuthVerdict, TokenVerdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: Status,
    /// The troubleshooting topic, when the check found one.
    pub code: Option<&'static str>,
    pub summary: String,
    pub evidence: Vec<String>,
    pub fix: Option<String>,
}

impl Check {
    fn new(check: &'static str, status: Status, summary: impl Into<String>) -> Check {
        Check {
            check,
            status,
            code: None,
            summary: summary.into(),
            evidence: Vec::new(),
            fix: None,
        }
    }

    fn topic(mut self, t: Topic) -> Check {
        self.code = Some(t.code);
        self.fix = Some(t.fix.to_string());
        self
    }

    fn fix(mut self, f: impl Into<String>) -> Check {
        self.fix = Some(f.into());
        self
    }

    /// Evidence quotes stored and provider text: made printable before any terminal.
    fn evidence(mut self, e: Vec<String>) -> Check {
        self.evidence = e.iter().map(|l| crate::text::printable(l)).collect();
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectorReport {
    pub name: String,
    pub provider: String,
    pub mode: String,
    pub status: Status,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub ok: bool,
    pub offline: bool,
    pub workspace: String,
    pub connectors: Vec<ConnectorReport>,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
}

pub struct Options<'a> {
    pub connector: Option<&'a str>,
    pub app: Option<&'a str>,
    pub offline: bool,
    pub parallel: usize,
    /// Also call each live connection's "who am I" endpoint (`--connections`).
    pub connections: bool,
}

/// What the vault knows about a connector's connections.
#[derive(Default)]
struct Health {
    by_status: HashMap<String, i64>,
    expired_without_refresh: i64,
    failing_refresh: Vec<String>,
    uncovered: Vec<String>,
    refused_testing: Vec<String>,
    /// Other refusals recorded by `connect` that point at the connector's setup (the
    /// Microsoft tenant, the app's distribution, the client), newest first.
    refused_setup: Vec<(Topic, String)>,
}

/// Live probe results for one connector.
#[derive(Default)]
struct Live {
    auth: Vec<(UriKind, String, String, AuthVerdict)>,
    token: Option<TokenVerdict>,
}

pub fn run(
    vault: &Vault,
    ws: &Workspace,
    catalog: &Catalog,
    opts: &Options<'_>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Report> {
    let db = vault.db();
    let mut connectors: Vec<Connector> = match opts.connector {
        Some(n) => vec![crate::connector::find(db, ws, n)?],
        None => db.connectors(ws.id)?,
    };
    connectors.sort_by_key(|c| c.name.to_ascii_lowercase());
    let apps: Vec<App> = match opts.app {
        Some(a) => vec![crate::app::find(db, ws, a)?],
        None => crate::app::list(db, ws)?,
    };
    let mut health = health(vault, ws, &connectors)?;

    // Live probes, in bounded parallel, before the (cheap) static checks.
    let mut live: Vec<Live> = connectors.iter().map(|_| Live::default()).collect();
    if !opts.offline {
        vault.unlock()?;
        // Secrets go out below: the rows that led to them by name must be intact.
        vault.check(ws)?;
        for app in &apps {
            vault.check(app)?;
        }
        let jobs = probe_jobs(vault, catalog, &connectors)?;
        for (i, l) in probe_in_parallel(ws, &apps, jobs, opts.parallel, progress) {
            live[i] = l;
        }
    }

    let mut reports = Vec::new();
    // One resolved provider per provider and endpoint parameters, not one per connector.
    type Key = (String, std::collections::BTreeMap<String, String>);
    let mut resolved: HashMap<Key, Option<Provider>> = HashMap::new();
    for (c, l) in connectors.iter().zip(&live) {
        let provider = resolved
            .entry((c.provider.to_ascii_lowercase(), c.endpoint_params.clone()))
            .or_insert_with(|| {
                catalog
                    .get(&c.provider)
                    .and_then(|p| p.resolved(&c.endpoint_params).ok())
            })
            .as_ref();
        let h = health.remove(&c.id).unwrap_or_default();
        let mut checks = Vec::new();
        checks.extend(redirect_checks(c, ws, &apps, provider, l, opts.offline));
        checks.extend(reachable_check(l, opts.offline));
        checks.push(credentials_check(l, opts.offline));
        checks.push(scopes_check(c, provider, &h));
        checks.push(testing_check(provider, &h));
        checks.push(refusals_check(&h));
        checks.push(connections_check(c, &h));
        if opts.connections && !opts.offline {
            let app = opts.app.and(apps.first());
            checks.push(calls::check(vault, ws, c, provider, app)?);
        }
        reports.push(connector_report(c, checks));
    }
    Ok(summary(ws, opts.offline, reports))
}

/// A connector to probe: its place in the list, the connector, its resolved provider
/// and its client secret.
type ProbeJob<'c> = (usize, &'c Connector, Provider, secrecy::SecretString);

/// The connectors that can be probed (their provider known and usable), each with its
/// secret decrypted.
fn probe_jobs<'c>(
    vault: &Vault,
    catalog: &Catalog,
    connectors: &'c [Connector],
) -> Result<Vec<ProbeJob<'c>>> {
    connectors
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            catalog
                .get(&c.provider)
                .filter(|p| p.is_usable())
                .and_then(|p| p.resolved(&c.endpoint_params).ok())
                .map(|p| (i, c, p))
        })
        .map(|(i, c, p)| crate::connector::secret_for(vault, &p, c).map(|s| (i, c, p, s)))
        .collect()
}

/// Probes each job's connector on `parallel` threads, reporting progress as each ends;
/// returns each job's place in the list with what its probes found, in no set order.
fn probe_in_parallel(
    ws: &Workspace,
    apps: &[App],
    jobs: Vec<ProbeJob<'_>>,
    parallel: usize,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<(usize, Live)> {
    let total = jobs.len() as u64;
    let queue = std::sync::Mutex::new(jobs);
    let results = std::sync::Mutex::new(Vec::new());
    let done = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..parallel.max(1) {
            s.spawn(|| {
                loop {
                    let Some((i, c, p, secret)) = queue.lock().expect("queue").pop() else {
                        break;
                    };
                    let l = probe_connector(ws, apps, c, &p, &secret);
                    results.lock().expect("results").push((i, l));
                    progress(
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                        total,
                    );
                }
            });
        }
    });
    results.into_inner().expect("results")
}

/// One connector's live probes: the authorization endpoint with each redirect URI its
/// apps need, then the token endpoint with its client credentials.
fn probe_connector(
    ws: &Workspace,
    apps: &[App],
    c: &Connector,
    p: &Provider,
    secret: &secrecy::SecretString,
) -> Live {
    let mut l = Live::default();
    for (app, uri) in c.needed_redirects(ws, apps) {
        let verdict = probe::authorization(p, &c.client_id, &uri.uri, &c.scopes);
        l.auth.push((uri.kind, app, uri.uri, verdict));
    }
    let redirect = c
        .redirect_uris
        .first()
        .cloned()
        .unwrap_or_else(|| redirect::loopback(p.loopback_host_name(), 8765));
    let creds = crate::oauth::Credentials {
        client_id: &c.client_id,
        client_secret: secret,
    };
    l.token = Some(probe::token(p, &creds, &redirect));
    l
}

/// A connector's report: its checks, its status the worst of theirs.
fn connector_report(c: &Connector, checks: Vec<Check>) -> ConnectorReport {
    let status = checks
        .iter()
        .map(|k| k.status)
        .max()
        .unwrap_or(Status::Pass);
    ConnectorReport {
        name: c.name.clone(),
        provider: c.provider.clone(),
        mode: c.mode.as_str().into(),
        status,
        checks,
    }
}

/// The whole report: the connectors' reports and how many checks passed, warned and
/// failed; ok when none failed.
fn summary(ws: &Workspace, offline: bool, reports: Vec<ConnectorReport>) -> Report {
    let count = |s: Status| {
        reports
            .iter()
            .flat_map(|r| &r.checks)
            .filter(|k| k.status == s)
            .count()
    };
    let (pass, warn, fail) = (
        count(Status::Pass),
        count(Status::Warn),
        count(Status::Fail),
    );
    Report {
        ok: fail == 0,
        offline,
        workspace: ws.name.clone(),
        connectors: reports,
        pass,
        warn,
        fail,
    }
}

/// The needed redirect URIs of one kind (apps' own, or their previews') and the
/// problems found with them.
#[derive(Default)]
struct NeededUris {
    count: usize,
    problems: Vec<String>,
}

/// What comparing (and probing) a connector's needed redirect URIs found.
#[derive(Default)]
struct RedirectFindings {
    main: NeededUris,
    preview: NeededUris,
    /// Not failures, but worth a look.
    warnings: Vec<String>,
}

/// The `provider_reachable` check: a live probe that could not reach the provider is a
/// failure (`provider_unreachable`), not a warning: the checks that needed it did not run.
fn reachable_check(l: &Live, offline: bool) -> Option<Check> {
    if offline {
        return None;
    }
    let mut unreachable: Vec<String> = l
        .auth
        .iter()
        .filter_map(|(_, app, uri, v)| match v {
            AuthVerdict::Unreachable(e) => Some(format!(
                "app '{app}': the authorization endpoint, probed with {uri}: {e}"
            )),
            _ => None,
        })
        .collect();
    if let Some(TokenVerdict::Unreachable(e)) = &l.token {
        unreachable.push(format!("the token endpoint: {e}"));
    }
    if unreachable.is_empty() {
        return None;
    }
    let mut c = Check::new(
        "provider_reachable",
        Status::Fail,
        "the provider could not be reached: its live checks did not run",
    )
    .evidence(unreachable)
    .fix("check the network, DNS and proxy settings to the provider's endpoints (`connectors providers show PROVIDER`), or run `connectors doctor --offline` to check only what needs no network");
    c.code = Some(crate::error::code::PROVIDER_UNREACHABLE.name);
    Some(c)
}

fn redirect_checks(
    c: &Connector,
    ws: &Workspace,
    apps: &[App],
    provider: Option<&Provider>,
    l: &Live,
    offline: bool,
) -> Vec<Check> {
    let console = provider
        .and_then(|p| p.console_url.clone())
        .map(|u| format!(" at {u}"))
        .unwrap_or_default();
    let mut found = needed_redirect_findings(c, ws, apps, provider, l);
    // Registered loopback URIs in a host form the provider does not accept.
    if let Some(p) = provider {
        for uri in &c.redirect_uris {
            if let Some(why) = redirect::loopback_form_problem(uri, p.loopback_host()) {
                found.warnings.push(format!(
                    "{uri}: {why}; register {} instead",
                    redirect::loopback(p.loopback_host_name(), 8765)
                ));
            }
        }
    }
    let how = if offline {
        "compared with the registered URIs"
    } else {
        "compared with the registered URIs and probed at the provider"
    };
    vec![
        main_redirect_check(c, found.main, found.warnings, &console, how),
        preview_redirect_check(found.preview, how),
    ]
}

/// Each redirect URI the connector's apps need, compared with those it registers and
/// with what the provider answered when probed with it.
fn needed_redirect_findings(
    c: &Connector,
    ws: &Workspace,
    apps: &[App],
    provider: Option<&Provider>,
    l: &Live,
) -> RedirectFindings {
    let mut found = RedirectFindings::default();
    for (app, needed) in c.needed_redirects(ws, apps) {
        let target = if needed.kind == UriKind::Preview {
            &mut found.preview
        } else {
            &mut found.main
        };
        target.count += 1;
        let target = &mut target.problems;
        let st = redirect::check(&needed, &c.redirect_uris);
        if !st.registered {
            target.push(format!("app '{app}': {}", st.explain()));
        }
        if let Some((_, _, _, verdict)) = l
            .auth
            .iter()
            .find(|(_, a, u, _)| *a == app && *u == needed.uri)
        {
            match verdict {
                AuthVerdict::RedirectRejected(e) => target.push(format!("app '{app}': {} rejected {} ({e})", provider.map(|p| p.display_name.as_str()).unwrap_or("the provider"), needed.uri)),
                AuthVerdict::Accepted(_) if !st.registered => {
                    found.warnings.push(format!("app '{app}': the provider accepts {} but the connector does not list it; record it with `connectors edit \"{}\" --add-redirect-uri {}`", needed.uri, c.name, needed.uri))
                }
                AuthVerdict::Unreachable(_) => found.warnings.push(format!("app '{app}': {} not checked at the provider: it could not be reached (see provider_reachable)", needed.uri)),
                AuthVerdict::Unclear(e) => found.warnings.push(format!("app '{app}': the probe of {} was inconclusive: {e}", needed.uri)),
                _ => {}
            }
        }
    }
    found
}

/// The `redirect_uris` check: fails on a problem with an app's own redirect URIs, warns
/// when no app uses the connector or an answer needs a look.
fn main_redirect_check(
    c: &Connector,
    main: NeededUris,
    warnings: Vec<String>,
    console: &str,
    how: &str,
) -> Check {
    let checked = main.count;
    if !main.problems.is_empty() {
        Check::new("redirect_uris", Status::Fail, format!("{} needed redirect URI problem(s)", main.problems.len()))
            .topic(troubleshoot::REDIRECT_URI_MISMATCH)
            .evidence(main.problems)
            .fix(format!("register each missing URI exactly{console}, then add it to the connector (`connectors redirect-uris --app APP --connector \"{}\"` prints them)", c.name))
    } else if checked == 0 {
        Check::new(
            "redirect_uris",
            Status::Warn,
            "no app uses this connector yet",
        )
        .fix("add an app with `connectors app add NAME`")
    } else if !warnings.is_empty() {
        Check::new(
            "redirect_uris",
            Status::Warn,
            format!("{checked} redirect URI(s) registered; some answers need a look"),
        )
        .evidence(warnings)
    } else {
        Check::new(
            "redirect_uris",
            Status::Pass,
            format!("{checked} redirect URI(s) {how}"),
        )
    }
}

/// The `preview` check: fails on a problem with a preview's redirect URIs.
fn preview_redirect_check(preview: NeededUris, how: &str) -> Check {
    if !preview.problems.is_empty() {
        Check::new(
            "preview",
            Status::Fail,
            format!("{} preview redirect URI problem(s)", preview.problems.len()),
        )
        .topic(troubleshoot::PREVIEW_REDIRECT_MISSING)
        .evidence(preview.problems)
    } else if preview.count == 0 {
        Check::new("preview", Status::Pass, "no app using it has a preview")
    } else {
        Check::new(
            "preview",
            Status::Pass,
            format!("{} preview redirect URI(s) {how}", preview.count),
        )
    }
}

fn credentials_check(l: &Live, offline: bool) -> Check {
    if offline {
        return Check::new(
            "client_credentials",
            Status::Skip,
            "not checked offline (it asks the token endpoint)",
        );
    }
    if let Some((_, app, _, AuthVerdict::ClientUnknown(e))) = l
        .auth
        .iter()
        .find(|(_, _, _, v)| matches!(v, AuthVerdict::ClientUnknown(_)))
    {
        return Check::new("client_credentials", Status::Fail, "the provider does not know this client ID")
            .topic(troubleshoot::INVALID_CLIENT)
            .evidence(vec![format!("authorization request for app '{app}': {e}")])
            .fix("the client ID is wrong (or the OAuth app was deleted): copy it again from the provider's console, then `connectors edit NAME --client-id ID`");
    }
    match &l.token {
        Some(TokenVerdict::CredentialsAccepted(e)) => Check::new(
            "client_credentials",
            Status::Pass,
            "the token endpoint accepted the client ID and secret",
        )
        .evidence(vec![format!(
            "a deliberately invalid code was answered with {e}"
        )]),
        Some(TokenVerdict::CredentialsRejected(e)) => {
            let knows_id = l.auth.iter().any(|(_, _, _, v)| {
                matches!(
                    v,
                    AuthVerdict::Accepted(_) | AuthVerdict::RedirectRejected(_)
                )
            });
            let (summary, fix) = if knows_id {
                (
                    "the client secret is wrong: the provider knows the client ID but refused the credentials",
                    "copy the client secret again from the provider's console, then `connectors edit NAME --client-secret-stdin`",
                )
            } else {
                (
                    "the provider refused the client ID or secret",
                    troubleshoot::INVALID_CLIENT.fix,
                )
            };
            Check::new("client_credentials", Status::Fail, summary)
                .topic(troubleshoot::INVALID_CLIENT)
                .evidence(vec![format!("the token endpoint answered {e}")])
                .fix(fix)
        }
        Some(TokenVerdict::Unreachable(e)) => Check::new(
            "client_credentials",
            Status::Skip,
            "not checked: the token endpoint could not be reached (see provider_reachable)",
        )
        .evidence(vec![e.clone()]),
        Some(TokenVerdict::Unclear(e)) => Check::new(
            "client_credentials",
            Status::Warn,
            "the token endpoint's answer did not tell",
        )
        .evidence(vec![e.clone()]),
        None => Check::new(
            "client_credentials",
            Status::Skip,
            "not checked (the provider has no usable endpoints)",
        ),
    }
}

fn scopes_check(c: &Connector, provider: Option<&Provider>, h: &Health) -> Check {
    let mut problems = Vec::new();
    let mut fail = false;
    if let Some(p) = provider {
        for w in crate::scopes::unknown_scope_warnings(p, &c.scopes) {
            problems.push(w);
        }
        if let Some(w) = crate::scopes::refresh_scope_warning(p, &c.scopes) {
            problems.push(w);
        }
    }
    for s in &c.scopes {
        if crate::scopes::normalize([s]).is_err() {
            fail = true;
            problems.push(format!("'{s}' holds several scopes on one line"));
        }
    }
    if !h.uncovered.is_empty() {
        problems.push(format!(
            "{} connection(s) were granted fewer scopes than the connector asks for: {}",
            h.uncovered.len(),
            h.uncovered.join(", ")
        ));
    }
    if problems.is_empty() {
        return Check::new(
            "scopes",
            Status::Pass,
            format!("{} scope(s), all known to the catalog", c.scopes.len()),
        );
    }
    let topic = if fail {
        troubleshoot::INVALID_SCOPE
    } else {
        troubleshoot::MISSING_SCOPE
    };
    Check::new(
        "scopes",
        if fail { Status::Fail } else { Status::Warn },
        format!("{} scope problem(s)", problems.len()),
    )
    .topic(topic)
    .evidence(problems)
}

/// Refusals `connect` recorded that the connector's setup explains, each with the fix
/// from the troubleshooting table.
fn refusals_check(h: &Health) -> Check {
    let Some((first, _)) = h.refused_setup.first() else {
        return Check::new("refusals", Status::Pass, "no setup refusal recorded");
    };
    let mut fixes: Vec<&str> = Vec::new();
    for (t, _) in &h.refused_setup {
        if !fixes.contains(&t.fix) {
            fixes.push(t.fix);
        }
    }
    Check::new(
        "refusals",
        Status::Fail,
        format!(
            "{} connect(s) refused for a setup reason: {}",
            h.refused_setup.len(),
            first.title
        ),
    )
    .topic(*first)
    .evidence(h.refused_setup.iter().map(|(_, l)| l.clone()).collect())
    .fix(fixes.join("; "))
}

fn testing_check(provider: Option<&Provider>, h: &Health) -> Check {
    let mode = provider.and_then(|p| p.testing_mode.clone());
    if !h.refused_testing.is_empty() {
        let fix = match &mode {
            Some(m) => format!("{} {m}", troubleshoot::APP_IN_TESTING_MODE.fix),
            None => troubleshoot::APP_IN_TESTING_MODE.fix.to_string(),
        };
        return Check::new(
            "testing_mode",
            Status::Fail,
            format!(
                "{} refused {} person(s) because the OAuth app is in testing mode",
                provider
                    .map(|p| p.display_name.as_str())
                    .unwrap_or("the provider"),
                h.refused_testing.len()
            ),
        )
        .topic(troubleshoot::APP_IN_TESTING_MODE)
        .evidence(h.refused_testing.clone())
        .fix(fix);
    }
    match mode {
        // Nothing here can tell whether the app is still in testing: information, not a
        // warning that nothing could clear. A refusal recorded by `connect` fails above.
        Some(m) => Check::new(
            "testing_mode",
            Status::Pass,
            "no testing-mode refusal recorded (for information: this provider has a testing mode that limits who can connect)",
        )
        .fix(format!("if the OAuth app is still in testing: {m}")),
        None => Check::new(
            "testing_mode",
            Status::Pass,
            "no testing-mode refusal recorded",
        ),
    }
}

fn connections_check(c: &Connector, h: &Health) -> Check {
    let n = |s: &str| h.by_status.get(s).copied().unwrap_or(0);
    let total: i64 = h.by_status.values().sum();
    let counts = format!(
        "{} active, {} expired, {} needs_reconnect, {} revoked",
        n("active"),
        n("expired"),
        n("needs_reconnect"),
        n("revoked")
    );
    let mut evidence = Vec::new();
    let mut fixes = Vec::new();
    if n("refreshing") > 0 {
        evidence.push(format!(
            "{} connection(s) have a refresh whose result was not stored",
            n("refreshing")
        ));
        fixes.push(format!("if no connectors process is refreshing them now, `connectors refresh \"{}\" --all` tells whether their grants survived", c.name));
    }
    if n("needs_reconnect") > 0 {
        evidence.push(format!(
            "{} connection(s) need their person to connect again",
            n("needs_reconnect")
        ));
        fixes.push(format!("`connectors connections \"{}\"` lists them; each runs `connectors connect \"{}\" --app APP --user ID`", c.name, c.name));
    }
    if h.expired_without_refresh > 0 {
        evidence.push(format!(
            "{} expired connection(s) have no refresh token",
            h.expired_without_refresh
        ));
        fixes.push("those people must reconnect; ask the provider for offline access (a refresh token) in the connector's scopes or parameters".into());
    }
    if !h.failing_refresh.is_empty() {
        evidence.push(format!(
            "last refresh failed for: {}",
            h.failing_refresh.join(", ")
        ));
        fixes.push(format!(
            "retry with `connectors refresh \"{}\" --all`",
            c.name
        ));
    }
    if evidence.is_empty() {
        return Check::new(
            "connections",
            Status::Pass,
            if total == 0 {
                "no connections yet".to_string()
            } else {
                counts
            },
        );
    }
    let mut check = Check::new("connections", Status::Warn, counts)
        .evidence(evidence)
        .fix(fixes.join("; "));
    if n("needs_reconnect") > 0 {
        check.code = Some(troubleshoot::NEEDS_RECONNECT.code);
    }
    check
}

/// Connection health per connector, from a few queries over the whole workspace.
fn health(
    vault: &Vault,
    ws: &Workspace,
    connectors: &[Connector],
) -> Result<HashMap<ConnectorId, Health>> {
    let db = vault.db();
    let now = crate::time::now();
    let mut out: HashMap<ConnectorId, Health> = HashMap::new();
    for row in db.status_counts(ws.id, &now)? {
        let h = out.entry(row.connector).or_default();
        h.by_status.insert(row.status.clone(), row.count);
        if row.status == "expired" {
            h.expired_without_refresh += row.expired_without_refresh;
        }
    }
    let by_id: HashMap<ConnectorId, &Connector> = connectors.iter().map(|c| (c.id, c)).collect();
    for row in db.connection_health(ws.id)? {
        let Some(c) = by_id.get(&row.connector) else {
            continue;
        };
        let who = if row.user.is_empty() {
            format!("{} (shared)", row.app)
        } else {
            format!("{} ({})", row.user, row.app)
        };
        let h = out.entry(row.connector).or_default();
        if row.status != "needs_reconnect" {
            if c.scopes.iter().any(|s| !row.granted_scopes.contains(s)) {
                h.uncovered.push(who.clone());
            }
            if row.last_error.is_some() {
                h.failing_refresh.push(who);
            }
        }
    }
    // Refusals recorded by `connect`, newest first: testing mode, and setup problems.
    let by_name: HashMap<String, &Connector> = connectors
        .iter()
        .map(|c| (c.name.to_ascii_lowercase(), c))
        .collect();
    let setup = [
        troubleshoot::SINGLE_TENANT_APP,
        troubleshoot::USER_NOT_IN_TENANT,
        troubleshoot::APP_NOT_IN_TENANT,
        troubleshoot::APP_NOT_DISTRIBUTED,
        troubleshoot::INVALID_CLIENT,
    ];
    for entry in db.audit(Some(&ws.name), None, Some(Action::ConnectionRefused), 1000)? {
        let Some(c) = by_name.get(&entry.target.to_ascii_lowercase()) else {
            continue;
        };
        let d = &entry.details;
        let Some(topic) = d
            .get("topic")
            .and_then(|t| t.as_str())
            .and_then(troubleshoot::by_code)
        else {
            continue;
        };
        let text = |k: &str| d.get(k).and_then(|v| v.as_str()).unwrap_or_default();
        let user = if text("user").is_empty() {
            "shared"
        } else {
            text("user")
        };
        let words = d
            .get("error_description")
            .and_then(|u| u.as_str())
            .unwrap_or("refused");
        let line = format!("{}: {user} ({}): {words}", entry.at, text("app"));
        let h = out.entry(c.id).or_default();
        if topic == troubleshoot::APP_IN_TESTING_MODE {
            h.refused_testing.push(line);
        } else if setup.contains(&topic) && entry.at >= c.updated_at {
            // A refusal from before the connector's last change may be what it fixed.
            h.refused_setup
                .push((topic, format!("{line} [{}]", topic.code)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> Workspace {
        Workspace {
            id: crate::store::WorkspaceId(1),
            name: "default".into(),
            platform_domain: "base44.app".into(),
            created_at: "t".into(),
            updated_at: "t".into(),
            row_mac: None,
        }
    }

    fn app(name: &str, preview: bool) -> App {
        App {
            id: crate::store::AppId(2),
            name: name.into(),
            custom_domain: None,
            preview,
            created_at: "t".into(),
            updated_at: "t".into(),
            workspace_id: crate::store::WorkspaceId(1),
            row_mac: None,
        }
    }

    fn connector(redirect_uris: Vec<String>) -> Connector {
        Connector {
            id: ConnectorId(3),
            name: "Calendar".into(),
            provider: "google".into(),
            client_id: "cid".into(),
            scopes: vec![],
            mode: crate::model::Mode::PerUser,
            redirect_uris,
            apps: vec![],
            endpoint_params: Default::default(),
            created_at: "t".into(),
            updated_at: "t".into(),
            secret_ciphertext: None,
            secret_mac: None,
            workspace_id: crate::store::WorkspaceId(1),
            row_mac: None,
        }
    }

    #[test]
    fn needed_redirect_uris_are_sorted_into_main_and_preview_with_probe_answers() {
        let ws = workspace();
        let apps = [app("crm", true)];
        let uris = redirect::for_app("base44.app", "crm", None, true);
        let (live_uri, preview_uri) = (uris[0].uri.clone(), uris[1].uri.clone());
        let c = connector(vec![live_uri.clone()]);
        let l = Live {
            auth: vec![
                (
                    UriKind::Live,
                    "crm".into(),
                    live_uri,
                    AuthVerdict::Unclear("HTTP 500".into()),
                ),
                (
                    UriKind::Preview,
                    "crm".into(),
                    preview_uri,
                    AuthVerdict::RedirectRejected("redirect_uri_mismatch".into()),
                ),
            ],
            token: None,
        };
        let found = needed_redirect_findings(&c, &ws, &apps, None, &l);
        assert_eq!((found.main.count, found.main.problems.len()), (1, 0));
        // Not registered, and rejected by the provider.
        assert_eq!((found.preview.count, found.preview.problems.len()), (1, 2));
        assert!(found.preview.problems[1].contains("the provider rejected"));
        assert_eq!(found.warnings.len(), 1);
        assert!(found.warnings[0].contains("inconclusive: HTTP 500"));

        let checks = redirect_checks(&c, &ws, &apps, None, &l, false);
        assert_eq!(checks[0].status, Status::Warn);
        assert_eq!(
            checks[0].summary,
            "1 redirect URI(s) registered; some answers need a look"
        );
        assert_eq!(checks[1].status, Status::Fail);
        assert_eq!(checks[1].code, Some("preview_redirect_missing"));
    }

    #[test]
    fn a_connector_no_app_uses_warns_and_has_no_preview_to_check() {
        let checks = redirect_checks(
            &connector(vec![]),
            &workspace(),
            &[],
            None,
            &Live::default(),
            true,
        );
        assert_eq!(checks[0].status, Status::Warn);
        assert_eq!(checks[0].summary, "no app uses this connector yet");
        assert_eq!(checks[1].status, Status::Pass);
        assert_eq!(checks[1].summary, "no app using it has a preview");
    }

    #[test]
    fn setup_refusals_are_a_finding_with_the_tables_fix() {
        let pass = refusals_check(&Health::default());
        assert_eq!(pass.status, Status::Pass);
        let words =
            "AADSTS50194: Application 'b2f1' is not configured as a multi-tenant application.";
        let topic = troubleshoot::classify("invalid_request", Some(words)).unwrap();
        let h = Health {
            refused_setup: vec![(
                topic,
                format!("2026-11-29T10:00:00Z: ada (crm): {words} [{}]", topic.code),
            )],
            ..Health::default()
        };
        let c = refusals_check(&h);
        assert_eq!(c.status, Status::Fail);
        let doc = serde_json::to_value(&c).unwrap();
        assert_eq!(doc["code"], "single_tenant_app", "{doc}");
        assert!(doc["fix"].as_str().unwrap().contains("tenant"), "{doc}");
    }
}
