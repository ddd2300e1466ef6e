//! Offline, deterministic validation of a configuration file: every problem at once, each
//! with a stable code, its JSON pointer and position, and the fix.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::read::Collector;
use super::{AppSpec, Config, ConnectorSpec, Loc, SecretRef};
use crate::provider::Catalog;
use crate::redirect;
use crate::scopes::Suggest;

/// A connector missing the redirect URIs of more apps than this gets one finding per
/// topic naming them, instead of one per app and URI (n apps x n connectors would
/// otherwise print n * n findings).
pub const GROUP_AFTER_APPS: usize = 3;
/// How many apps a grouped finding names before "and N more".
const NAMED_IN_GROUP: usize = 5;

/// One line per rule, for SARIF's rule list and `--help`.
pub fn rule_description(code: &str) -> &'static str {
    match code {
        "json_syntax" => "The file is not valid JSON.",
        "wrong_type" => "A value has the wrong JSON type.",
        "unknown_field" => "A field the configuration does not know (often a typo).",
        "duplicate_field" => "A field appears twice in one object.",
        "missing_field" => "A required field is missing.",
        "bad_mode" => "A connector mode other than per-user or shared.",
        "ambiguous_secret" => "A secret reference names more than one source.",
        "bad_domain" => "A platform or custom domain that is not a bare host name.",
        "bad_workspace_name" => "A workspace name that is not valid.",
        "bad_provider" => "A custom provider definition that is not valid.",
        "duplicate_app" => "Two apps with the same name (compared without case).",
        "bad_app_name" => "An app name that is not a lowercase DNS label.",
        "duplicate_connector" => "Two connectors with the same name (compared without case).",
        "bad_connector_name" => "A connector name that is empty or not one line.",
        "bad_client_id" => "A client ID that is empty or has whitespace.",
        "unknown_provider" => "A provider that is neither built in nor defined in the file.",
        "provider_incomplete" => "A provider without endpoints.",
        "bad_scope" => "Several scopes joined on one line, or a malformed scope.",
        "duplicate_scope" => "A scope listed twice.",
        "unknown_scope" => "A scope the provider's catalog does not know.",
        "loopback_form" => {
            "A loopback redirect URI in a host form (127.0.0.1 or localhost) the provider does not accept."
        }
        "unknown_param" => {
            "An endpoint parameter (tenant, login_host) the connector's provider does not take."
        }
        "bad_tenant" => {
            "A Microsoft tenant that is not a GUID, a domain, or common, organizations or consumers."
        }
        "bad_login_host" => "A login host that is not a bare host name.",
        "missing_refresh_scope" => {
            "The scope without which the provider issues no refresh token is not asked for."
        }
        "bad_redirect_uri" => "A registered redirect URI that is not a valid absolute URL.",
        "insecure_redirect_uri" => "A non-https redirect URI that is not loopback.",
        "duplicate_redirect_uri" => "A redirect URI listed twice.",
        "unknown_app" => "A connector used by an app that the file does not define.",
        "redirect_uri_mismatch" => {
            "An app's redirect URI is not registered for a connector it uses."
        }
        "preview_redirect_missing" => "An app's preview redirect URI is not registered.",
        "inline_secret" => "A client secret written into the file.",
        "secret_unresolved" => "A secret reference that does not resolve.",
        _ => "A configuration problem.",
    }
}

#[derive(Default)]
pub struct Options<'a> {
    pub allow_inline_secrets: bool,
    pub resolve_secrets: bool,
    /// The directory `{"file": ...}` references are relative to.
    pub base_dir: PathBuf,
    /// Extra provider definitions (`--providers FILE`).
    pub providers_file: Option<PathBuf>,
    /// The vault whose stored provider definitions count too (plan and apply).
    pub vault: Option<&'a dyn crate::store::Read>,
}

/// Resolves a file reference against the configuration file's directory.
pub fn secret_path(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// Validates `config`; returns the catalog it resolved providers against.
pub fn validate(config: &Config, c: &mut Collector<'_>, opts: &Options<'_>) -> Catalog {
    let mut catalog = load_catalog(c, opts);
    let platform = check_workspace(config, c);
    add_file_providers(config, c, &mut catalog);

    let (app_names, checked_apps) = check_apps(config, c);
    let app_uris: Vec<AppUris> = checked_apps
        .iter()
        .map(|a| app_redirect_uris(a, &platform))
        .collect();
    let apps_by_name: HashMap<String, &AppUris> = app_uris
        .iter()
        .map(|a| (a.0.to_ascii_lowercase(), a))
        .collect();

    // Did-you-mean suggestions (each distinct unknown word once, within a bounded cost)
    // and the checks of distinct redirect URIs.
    let mut memo = Memo {
        apps: Suggest::new(app_names.values().copied()),
        providers: Suggest::new(catalog.all().iter().map(|p| p.name.as_str())),
        scopes: HashMap::new(),
        uris: HashMap::new(),
    };

    // Connectors.
    let mut connector_names: HashMap<String, &str> = HashMap::new();
    for conn in &config.connectors {
        let key = conn.name.value.trim().to_ascii_lowercase();
        if let Some(first) = connector_names.get(&key) {
            c.error("duplicate_connector", &conn.name.loc, format!("connector \"{}\" is defined twice (first as \"{first}\")", conn.name.value), "remove one of them, or give it another name; names are compared without regard to case");
        } else {
            connector_names.insert(key, &conn.name.value);
        }
        check_connector(
            conn,
            c,
            opts,
            &catalog,
            &app_names,
            &app_uris,
            &apps_by_name,
            &mut memo,
        );
    }
    c.diagnostics.sort_by(|a, b| {
        (a.line, a.column, a.severity, a.code).cmp(&(b.line, b.column, b.severity, b.code))
    });
    catalog
}

/// The provider catalog (built in, the vault's, `--providers FILE`); the built-in one,
/// with a finding, if the others cannot be read.
fn load_catalog(c: &mut Collector<'_>, opts: &Options<'_>) -> Catalog {
    match Catalog::load(opts.vault, opts.providers_file.as_deref()) {
        Ok(cat) => cat,
        Err(e) => {
            c.error(
                "bad_provider",
                &Loc::default(),
                e.message,
                e.hint.unwrap_or_default(),
            );
            Catalog::builtin()
        }
    }
}

/// The workspace's name and platform domain; returns the platform domain (lowercased,
/// the default if the file gives none).
fn check_workspace(config: &Config, c: &mut Collector<'_>) -> String {
    if let Some(ws) = &config.workspace
        && let Err(e) = crate::workspace::validate_name(&ws.value)
    {
        c.error(e.code, &ws.loc, e.message, e.hint.unwrap_or_default());
    }
    let platform = config
        .platform_domain
        .as_ref()
        .map(|d| d.value.to_ascii_lowercase())
        .unwrap_or_else(|| crate::workspace::DEFAULT_PLATFORM_DOMAIN.to_string());
    if let Some(d) = &config.platform_domain
        && let Err(e) = crate::app::validate_host(&d.value, "platform domain")
    {
        c.error(e.code, &d.loc, e.message, e.hint.unwrap_or_default());
    }
    platform
}

/// Adds the file's provider definitions to the catalog, each invalid one a finding.
fn add_file_providers(config: &Config, c: &mut Collector<'_>, catalog: &mut Catalog) {
    for p in &config.providers {
        if let Err(e) = catalog.apply(p.value.clone(), "this file") {
            c.error(
                "bad_provider",
                &p.loc,
                e.message,
                e.hint.unwrap_or_default(),
            );
        }
    }
}

/// The apps: duplicates, names and custom domains. Returns the first name of each app
/// (by lowercased name) and the apps whose redirect URIs are checked: the first of each
/// name, validly named.
fn check_apps<'a>(
    config: &'a Config,
    c: &mut Collector<'_>,
) -> (HashMap<String, &'a str>, Vec<&'a AppSpec>) {
    let mut app_names: HashMap<String, &str> = HashMap::new();
    let mut checked_apps: Vec<&AppSpec> = Vec::new();
    for app in &config.apps {
        let key = app.name.value.to_ascii_lowercase();
        if let Some(first) = app_names.get(&key) {
            c.error(
                "duplicate_app",
                &app.name.loc,
                format!(
                    "app \"{}\" is defined twice (first as \"{first}\")",
                    app.name.value
                ),
                "remove one of them; app names are compared without regard to case",
            );
            continue;
        }
        app_names.insert(key, &app.name.value);
        match crate::app::validate_name(&app.name.value) {
            Ok(()) => checked_apps.push(app),
            Err(e) => c.error(e.code, &app.name.loc, e.message, e.hint.unwrap_or_default()),
        }
        if let Some(d) = &app.custom_domain
            && let Err(e) = crate::app::validate_host(&d.value, "custom domain")
        {
            c.error(e.code, &d.loc, e.message, e.hint.unwrap_or_default());
        }
    }
    (app_names, checked_apps)
}

/// An app's name and the redirect URIs it needs on `platform`.
fn app_redirect_uris(a: &AppSpec, platform: &str) -> AppUris {
    let domain = a
        .custom_domain
        .as_ref()
        .map(|d| d.value.to_ascii_lowercase());
    (
        a.name.value.clone(),
        redirect::for_app(platform, &a.name.value, domain.as_deref(), a.preview),
    )
}

/// An app's name and the redirect URIs it needs.
type AppUris = (String, Vec<redirect::RedirectUri>);

struct Memo<'a> {
    apps: Suggest<'a>,
    providers: Suggest<'a>,
    /// By provider name.
    scopes: HashMap<String, Suggest<'a>>,
    /// What checking each distinct registered redirect URI found (many connectors of a
    /// large file register the same ones).
    uris: HashMap<String, Option<crate::error::Error>>,
}

/// One finding per topic for a connector missing the redirect URIs of many apps: it names
/// the first apps, says how many more, and counts every missing URI.
fn group_missing(
    c: &mut Collector<'_>,
    conn: &ConnectorSpec,
    label: &str,
    missing: &[(&str, &redirect::RedirectUri)],
    console: &str,
) {
    let preview = crate::troubleshoot::PREVIEW_REDIRECT_MISSING.code;
    let other = crate::troubleshoot::REDIRECT_URI_MISMATCH.code;
    for code in [other, preview] {
        let of_topic: Vec<&(&str, &redirect::RedirectUri)> = missing
            .iter()
            .filter(|(_, u)| (u.kind == redirect::UriKind::Preview) == (code == preview))
            .collect();
        if of_topic.is_empty() {
            continue;
        }
        // The apps in order, each with the kinds of URI it lacks.
        let mut apps: Vec<(&str, Vec<&str>)> = Vec::new();
        for (app, u) in &of_topic {
            match apps.last_mut() {
                Some((a, kinds)) if a == app => kinds.push(u.kind.label()),
                _ => apps.push((app, vec![u.kind.label()])),
            }
        }
        let named: Vec<String> = apps
            .iter()
            .take(NAMED_IN_GROUP)
            .map(|(a, kinds)| format!("\"{a}\" ({})", kinds.join(", ")))
            .collect();
        let more = match apps.len().saturating_sub(NAMED_IN_GROUP) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let examples: Vec<String> = of_topic
            .iter()
            .take(2)
            .map(|(_, u)| format!("\"{}\"", u.uri))
            .collect();
        // A registration still to make is a warning, as in `add` (`--strict` fails on
        // it): a vault exported half-way through its setup plans without errors.
        c.warning_n(
            code,
            &conn.redirect_uris_loc,
            format!(
                "connector \"{label}\": {} apps need {} redirect URI(s) registered: {}{more}",
                apps.len(),
                of_topic.len(),
                named.join(", ")
            ),
            format!(
                "add each app's redirect URIs to redirect_uris (such as {}) and register them exactly at the provider{console}; or list only the apps that use it under \"apps\"",
                examples.join(" and ")
            ),
            of_topic.len(),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_connector<'a>(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    opts: &Options<'_>,
    catalog: &'a Catalog,
    app_names: &HashMap<String, &str>,
    app_uris: &[AppUris],
    apps_by_name: &HashMap<String, &AppUris>,
    memo: &mut Memo<'a>,
) {
    let label = conn.name.value.trim().to_string();
    check_identity(conn, c);
    let provider = resolve_provider(conn, c, catalog, memo, &label);
    check_endpoint_params(conn, c, provider, &label);
    check_scopes(conn, c, provider, memo, &label);
    let registered = check_registered(conn, c, provider, memo);
    check_app_names(conn, c, app_names, memo, &label);
    let served = served_apps(conn, app_uris, apps_by_name);
    check_needed_uris(conn, c, provider, &served, &registered, &label);
    check_secret(conn, c, opts, &label);
}

/// The connector's name and client ID.
fn check_identity(conn: &ConnectorSpec, c: &mut Collector<'_>) {
    if let Err(e) = crate::connector::validate_name(&conn.name.value) {
        c.error(
            e.code,
            &conn.name.loc,
            e.message,
            e.hint.unwrap_or_default(),
        );
    }
    if let Err(e) = crate::connector::validate_client_id(&conn.client_id.value) {
        c.error(
            e.code,
            &conn.client_id.loc,
            e.message,
            e.hint.unwrap_or_default(),
        );
    }
}

/// The connector's provider, when the catalog has a usable one of that name.
fn resolve_provider<'a>(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    catalog: &'a Catalog,
    memo: &mut Memo<'a>,
    label: &str,
) -> Option<&'a crate::provider::Provider> {
    match catalog.get(&conn.provider.value) {
        Some(p) if p.is_usable() => Some(p),
        Some(p) => {
            c.error(
                "provider_incomplete",
                &conn.provider.loc,
                format!("provider \"{}\" has no endpoints", p.name),
                "define it under \"providers\" with authorization_url and token_url",
            );
            None
        }
        None => {
            let fix = match memo.providers.get(&conn.provider.value) {
                Some(n) => format!("did you mean \"{n}\"?"),
                None => "use a built-in provider (`connectors providers list`) or define it under \"providers\"".into(),
            };
            c.error(
                "unknown_provider",
                &conn.provider.loc,
                format!(
                    "connector \"{label}\": there is no provider named \"{}\"",
                    conn.provider.value
                ),
                fix,
            );
            None
        }
    }
}

/// Endpoint parameters: only those the provider has, each valid.
fn check_endpoint_params(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    provider: Option<&crate::provider::Provider>,
    label: &str,
) {
    for (name, v) in &conn.endpoint_params {
        match provider.and_then(|p| p.endpoint_params.get(name).map(|spec| (p, spec))) {
            Some((_, spec)) => {
                if let Err(e) = crate::provider::validate_param(name, spec.kind, &v.value) {
                    c.error(e.code, &v.loc, e.message, e.hint.unwrap_or_default());
                }
            }
            None if provider.is_some() => c.error(
                "unknown_param",
                &v.loc,
                format!(
                    "connector \"{label}\": provider \"{}\" takes no {name}",
                    conn.provider.value
                ),
                "remove it; only Microsoft takes a tenant and only Salesforce a login_host",
            ),
            None => {}
        }
    }
}

/// Scopes, one by one, so each problem points at its own line; and the scope that brings
/// a refresh token, where the provider needs one.
fn check_scopes<'a>(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    provider: Option<&'a crate::provider::Provider>,
    memo: &mut Memo<'a>,
    label: &str,
) {
    let mut seen: HashSet<&str> = HashSet::new();
    for s in &conn.scopes {
        let v = s.value.trim();
        if let Err(e) = crate::scopes::normalize([v]) {
            c.error("bad_scope", &s.loc, e.message, e.hint.unwrap_or_default());
            continue;
        }
        if v.is_empty() {
            c.warning("bad_scope", &s.loc, "an empty scope", "remove it");
            continue;
        }
        if !seen.insert(v) {
            c.warning(
                "duplicate_scope",
                &s.loc,
                format!("scope \"{v}\" is listed twice"),
                "remove the repeat",
            );
            continue;
        }
        if let Some(p) = provider
            && !p.scopes.is_empty()
            && !p.knows_scope(v)
        {
            let known = memo
                .scopes
                .entry(p.name.clone())
                .or_insert_with(|| Suggest::new(p.scopes.iter().map(|k| k.name.as_str())));
            let fix = match known.get(v) {
                Some(k) => format!("did you mean \"{k}\"?"),
                None => format!("check it against `connectors providers show {}`", p.name),
            };
            c.warning(
                "unknown_scope",
                &s.loc,
                format!("\"{v}\" is not a known {} scope", p.display_name),
                fix,
            );
        }
    }

    if let Some(p) = provider
        && let Some(required) = p.refresh_requires_scope.as_deref()
        && !seen.contains(required)
    {
        c.warning(
            "missing_refresh_scope",
            &conn.name.loc,
            format!("connector \"{label}\" does not ask for {required}: without it {} issues no refresh token", p.display_name),
            format!("add \"{required}\" to its scopes, so people need not reconnect whenever the access token expires"),
        );
    }
}

/// The redirect URIs a connector registers, as checked.
struct Registered<'x> {
    uris: Vec<String>,
    locs: Vec<&'x Loc>,
    set: HashSet<&'x str>,
}

/// Registered redirect URIs, one by one.
fn check_registered<'x>(
    conn: &'x ConnectorSpec,
    c: &mut Collector<'_>,
    provider: Option<&crate::provider::Provider>,
    memo: &mut Memo<'_>,
) -> Registered<'x> {
    let mut registered: Vec<String> = Vec::new();
    let mut registered_locs: Vec<&Loc> = Vec::new();
    let mut registered_set: HashSet<&str> = HashSet::new();
    for u in &conn.redirect_uris {
        let raw = u.value.as_str();
        if !registered_set.insert(raw) {
            c.warning(
                "duplicate_redirect_uri",
                &u.loc,
                format!("\"{raw}\" is listed twice"),
                "remove the repeat",
            );
            continue;
        }
        let checked = memo
            .uris
            .entry(raw.to_string())
            .or_insert_with(|| redirect::validate_registered(raw).err());
        if let Some(e) = checked.clone() {
            let insecure = raw.trim().starts_with("http://") && e.message.contains("http");
            let code = if insecure {
                "insecure_redirect_uri"
            } else {
                "bad_redirect_uri"
            };
            c.error(code, &u.loc, e.message, e.hint.unwrap_or_default());
        }
        if let Some(p) = provider
            && let Some(why) = redirect::loopback_form_problem(raw, p.loopback_host())
        {
            c.warning(
                "loopback_form",
                &u.loc,
                format!("\"{raw}\": {why} ({})", p.display_name),
                format!(
                    "register {} instead (`connectors providers show {}` says how)",
                    redirect::loopback(p.loopback_host_name(), 8765),
                    p.name
                ),
            );
        }
        registered.push(raw.to_string());
        registered_locs.push(&u.loc);
    }
    Registered {
        uris: registered,
        locs: registered_locs,
        set: registered_set,
    }
}

/// The apps it names must exist.
fn check_app_names(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    app_names: &HashMap<String, &str>,
    memo: &mut Memo<'_>,
    label: &str,
) {
    for a in &conn.apps {
        if !app_names.contains_key(&a.value.to_ascii_lowercase()) {
            let fix = match memo.apps.get(&a.value) {
                Some(n) => format!("did you mean \"{n}\"?"),
                None => "add the app under \"apps\", or remove it from this list".into(),
            };
            c.error(
                "unknown_app",
                &a.loc,
                format!(
                    "connector \"{label}\" is used by app \"{}\", which the file does not define",
                    a.value
                ),
                fix,
            );
        }
    }
}

/// The apps that use it: those it names (each once), or every app.
fn served_apps<'u>(
    conn: &ConnectorSpec,
    app_uris: &'u [AppUris],
    apps_by_name: &HashMap<String, &'u AppUris>,
) -> Vec<&'u AppUris> {
    if conn.apps.is_empty() {
        app_uris.iter().collect()
    } else {
        let mut named = HashSet::new();
        conn.apps
            .iter()
            .filter_map(|a| {
                let key = a.value.to_ascii_lowercase();
                let app = apps_by_name.get(&key)?;
                named.insert(key).then_some(*app)
            })
            .collect()
    }
}

/// Every needed redirect URI of every app that uses it: looked up by hash; only a few
/// missing ones get the closest registered URI worked out.
fn check_needed_uris(
    conn: &ConnectorSpec,
    c: &mut Collector<'_>,
    provider: Option<&crate::provider::Provider>,
    served: &[&AppUris],
    registered: &Registered<'_>,
    label: &str,
) {
    let console = provider
        .and_then(|p| p.console_url.clone())
        .map(|u| format!(" at {u}"))
        .unwrap_or_default();
    let missing: Vec<(&str, &redirect::RedirectUri)> = served
        .iter()
        .flat_map(|(app, uris)| {
            uris.iter()
                .filter(|u| !registered.set.contains(u.uri.as_str()))
                .map(move |u| (app.as_str(), u))
        })
        .collect();
    let apps_missing = {
        let mut apps: Vec<&str> = missing.iter().map(|(a, _)| *a).collect();
        apps.dedup();
        apps.len()
    };
    if apps_missing > GROUP_AFTER_APPS {
        group_missing(c, conn, label, &missing, &console);
    } else {
        for (app, needed) in missing {
            let check = redirect::check(needed, &registered.uris);
            let reason = check.reason.unwrap_or(redirect::Mismatch::Other);
            let loc = check
                .closest
                .as_ref()
                .and_then(|cl| registered.uris.iter().position(|r| r == cl))
                .map(|i| registered.locs[i].clone())
                .unwrap_or_else(|| conn.redirect_uris_loc.clone());
            // A missing preview URI is the preview topic, whatever the closest one says.
            let code = if needed.kind == redirect::UriKind::Preview {
                crate::troubleshoot::PREVIEW_REDIRECT_MISSING.code
            } else {
                reason.topic().code
            };
            let message = format!(
                "connector \"{label}\": app \"{app}\" needs its {} redirect URI registered. {}",
                needed.kind.label(),
                check.explain()
            );
            let fix = format!(
                "add \"{}\" to redirect_uris and register it exactly at the provider{console}",
                needed.uri
            );
            // A registration not made yet is a warning, as in `add` (`--strict` fails on
            // it); a registered URI that is close but wrong will be refused: an error.
            if check.closest.is_some() {
                c.error(code, &loc, message, fix);
            } else {
                c.warning(code, &loc, message, fix);
            }
        }
    }
}

/// The client secret: never written in the file (unless allowed), and resolvable.
fn check_secret(conn: &ConnectorSpec, c: &mut Collector<'_>, opts: &Options<'_>, label: &str) {
    if let Some(secret) = &conn.client_secret {
        match &secret.value {
            SecretRef::Inline(_) if opts.allow_inline_secrets => c.warning(
                "inline_secret",
                &secret.loc,
                format!("connector \"{label}\" has its client secret written in the file"),
                "use {\"env\": \"VAR\"} or {\"file\": \"path\"} so the file can be reviewed and committed safely",
            ),
            SecretRef::Inline(_) => c.error(
                "inline_secret",
                &secret.loc,
                format!("connector \"{label}\" has its client secret written in the file"),
                "replace it with {\"env\": \"VAR\"}, {\"file\": \"path\"} or {\"vault\": true}, and rotate the secret if the file was shared (or pass --allow-inline-secrets)",
            ),
            SecretRef::Env(var) if opts.resolve_secrets && std::env::var(var).map(|v| v.trim().is_empty()).unwrap_or(true) => {
                c.error("secret_unresolved", &secret.loc, format!("connector \"{label}\": the environment variable {var} is not set or empty"), format!("export {var} before running, or change the reference"));
            }
            SecretRef::File(p) if opts.resolve_secrets => {
                let path = secret_path(&opts.base_dir, p);
                match crate::limits::read_text(&path, crate::limits::SECRET) {
                    Ok(s) if !s.trim().is_empty() => {}
                    Ok(_) => c.error("secret_unresolved", &secret.loc, format!("connector \"{label}\": the secret file {} is empty", path.display()), "put the client secret in it"),
                    Err(e) => c.error("secret_unresolved", &secret.loc, format!("connector \"{label}\": {}", e.message), "check the path (relative paths start at the configuration file's directory)"),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'c>(c: &'c Collector<'_>) -> Vec<(&'static str, &'c str)> {
        c.diagnostics
            .iter()
            .map(|d| (d.code, d.pointer.as_str()))
            .collect()
    }

    #[test]
    fn apps_are_checked_once_per_name_in_any_case_and_only_if_validly_named() {
        let text = r#"{"apps": [{"name": "crm"}, {"name": "CRM"}, {"name": "Web"}]}"#;
        let mut c = Collector::new(text);
        let config = super::super::read::read(text, &mut c).unwrap();
        let (names, checked) = check_apps(&config, &mut c);
        assert_eq!(names.get("crm"), Some(&"crm"));
        assert_eq!(names.get("web"), Some(&"Web"));
        assert_eq!(names.len(), 2);
        let checked: Vec<&str> = checked.iter().map(|a| a.name.value.as_str()).collect();
        assert_eq!(checked, ["crm"]);
        assert_eq!(
            found(&c),
            [
                ("duplicate_app", "/apps/1/name"),
                (crate::error::code::BAD_APP_NAME.name, "/apps/2/name"),
            ]
        );
    }

    #[test]
    fn the_platform_domain_is_lowercased_or_the_default() {
        let text = r#"{"platform_domain": "Apps.Example.COM"}"#;
        let mut c = Collector::new(text);
        let config = super::super::read::read(text, &mut c).unwrap();
        assert_eq!(check_workspace(&config, &mut c), "apps.example.com");
        assert!(c.diagnostics.is_empty());

        let mut c = Collector::new("{}");
        let config = super::super::read::read("{}", &mut c).unwrap();
        assert_eq!(
            check_workspace(&config, &mut c),
            crate::workspace::DEFAULT_PLATFORM_DOMAIN
        );
    }
}
