//! Reading a configuration file into [`Config`], keeping each value's JSON pointer and
//! position. Problems of shape (syntax, unknown fields, wrong types, missing fields) are
//! collected as diagnostics; reading goes on past them so that every problem is reported
//! at once.

use std::path::PathBuf;

use jsonc_parser::ast::{Array, Object, ObjectPropName, Value};
use secrecy::SecretString;

use super::diagnostics::{Diagnostic, Lines, Severity};
use super::{
    APP_FIELDS, AppSpec, CONNECTOR_FIELDS, Config, ConnectorSpec, Loc, Located, SECRET_FIELDS,
    SecretRef, TOP_FIELDS,
};
use crate::connector::Mode;

/// Collects diagnostics with their positions.
pub struct Collector<'t> {
    pub lines: Lines<'t>,
    pub diagnostics: Vec<Diagnostic>,
    /// Byte ranges of inline secret values (string literals, quotes included), so that
    /// no excerpt of the file ever shows one.
    pub secret_spans: Vec<(usize, usize)>,
}

impl<'t> Collector<'t> {
    pub fn new(text: &'t str) -> Collector<'t> {
        Collector {
            lines: Lines::new(text),
            diagnostics: Vec::new(),
            secret_spans: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push_n(code, severity, loc, message, fix, 1);
    }

    /// A finding that stands for `occurrences` of one problem (grouped).
    pub fn push_n(
        &mut self,
        code: &'static str,
        severity: Severity,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
        occurrences: usize,
    ) {
        let (line, column) = self.lines.position(loc.offset);
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            pointer: loc.pointer.clone(),
            line,
            column,
            message: message.into(),
            fix: fix.into(),
            occurrences,
            offset: loc.offset,
        });
    }

    /// An error that stands for `occurrences` of one problem (grouped).
    pub fn error_n(
        &mut self,
        code: &'static str,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
        occurrences: usize,
    ) {
        self.push_n(code, Severity::Error, loc, message, fix, occurrences);
    }

    /// A warning found `occurrences` times (one finding, counted for each).
    pub fn warning_n(
        &mut self,
        code: &'static str,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
        occurrences: usize,
    ) {
        self.push_n(code, Severity::Warning, loc, message, fix, occurrences);
    }

    pub fn error(
        &mut self,
        code: &'static str,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(code, Severity::Error, loc, message, fix);
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        loc: &Loc,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(code, Severity::Warning, loc, message, fix);
    }
}

/// A child's JSON pointer (RFC 6901: `~` and `/` in a key escaped), built in one
/// allocation: every value of a large file gets one.
fn child(parent: &Loc, key: &str, offset: usize) -> Loc {
    let mut pointer = String::with_capacity(parent.pointer.len() + 1 + key.len());
    pointer.push_str(&parent.pointer);
    pointer.push('/');
    if key.contains(['~', '/']) {
        for ch in key.chars() {
            match ch {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    } else {
        pointer.push_str(key);
    }
    Loc { pointer, offset }
}

fn start(v: &Value<'_>) -> usize {
    match v {
        Value::StringLit(x) => x.range.start,
        Value::NumberLit(x) => x.range.start,
        Value::BooleanLit(x) => x.range.start,
        Value::Object(x) => x.range.start,
        Value::Array(x) => x.range.start,
        Value::NullKeyword(x) => x.range.start,
    }
}

fn kind(v: &Value<'_>) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

fn name_start(n: &ObjectPropName<'_>) -> usize {
    match n {
        ObjectPropName::String(s) => s.range.start,
        ObjectPropName::Word(w) => w.range.start,
    }
}

/// Parses `text`; on a syntax error the only diagnostic says where.
pub fn read(text: &str, c: &mut Collector<'_>) -> Option<Config> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        ..Default::default()
    };
    let parsed = match jsonc_parser::parse_to_ast(text, &Default::default(), &options) {
        Ok(p) => p,
        Err(e) => {
            let loc = Loc {
                pointer: String::new(),
                offset: e.range().start,
            };
            c.error("json_syntax", &loc, format!("the file is not valid JSON: {}", e.kind()), "fix the JSON at this line and column (a missing comma or quote, a trailing comma, a comment)");
            return None;
        }
    };
    let root = Loc::default();
    let Some(value) = parsed.value else {
        c.error("json_syntax", &root, "the file is empty", "write a JSON object, such as {\"apps\": [], \"connectors\": []}; `connectors export` writes one from a vault");
        return None;
    };
    let Value::Object(obj) = &value else {
        c.error(
            "wrong_type",
            &root,
            format!("the file holds {}, not a JSON object", kind(&value)),
            "write a JSON object with apps and connectors",
        );
        return None;
    };
    let mut config = Config::default();
    fields(
        c,
        obj,
        &root,
        TOP_FIELDS,
        "the top level",
        |c, key, v, loc| match key {
            "$schema" => {
                string(c, v, &loc);
            }
            "workspace" => config.workspace = located_string(c, v, loc),
            "platform_domain" => config.platform_domain = located_string(c, v, loc),
            "providers" => config.providers = read_items(c, v, &loc, read_provider),
            "apps" => config.apps = read_items(c, v, &loc, read_app),
            "connectors" => config.connectors = read_items(c, v, &loc, read_connector),
            _ => {}
        },
    );
    Some(config)
}

/// Reads each element of an array with `read_item`, keeping those it could read.
fn read_items<T>(
    c: &mut Collector<'_>,
    v: &Value<'_>,
    loc: &Loc,
    mut read_item: impl FnMut(&mut Collector<'_>, &Value<'_>, Loc) -> Option<T>,
) -> Vec<T> {
    let Some(arr) = array(c, v, loc) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(arr.elements.len());
    for (i, item) in arr.elements.iter().enumerate() {
        let iloc = child(loc, &i.to_string(), start(item));
        out.extend(read_item(c, item, iloc));
    }
    out
}

/// A provider definition: any object; what it holds is checked when the file is validated.
fn read_provider(
    c: &mut Collector<'_>,
    v: &Value<'_>,
    loc: Loc,
) -> Option<Located<serde_json::Value>> {
    match v {
        Value::Object(_) => Some(Located {
            value: to_json(v),
            loc,
        }),
        other => {
            c.error(
                "wrong_type",
                &loc,
                format!("a provider definition is {}, not an object", kind(other)),
                "write {\"name\": ..., \"authorization_url\": ..., \"token_url\": ...}",
            );
            None
        }
    }
}

/// Walks an object's properties: unknown fields get a did-you-mean, known ones go to `f`.
fn fields<'a>(
    c: &mut Collector<'_>,
    obj: &Object<'a>,
    loc: &Loc,
    known: &[&str],
    what: &str,
    mut f: impl FnMut(&mut Collector<'_>, &str, &Value<'a>, Loc),
) {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for prop in &obj.properties {
        let key = prop.name.as_str();
        let kloc = child(loc, key, name_start(&prop.name));
        if !seen.insert(key) {
            c.error(
                "duplicate_field",
                &kloc,
                format!("\"{key}\" appears twice in {what}"),
                "keep one of them",
            );
            continue;
        }
        if !known.contains(&key) {
            let fix = match crate::scopes::closest(key, known.iter().copied()) {
                Some(k) => format!("did you mean \"{k}\"?"),
                None => format!(
                    "remove it; {what} takes {}",
                    known
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            c.error(
                "unknown_field",
                &kloc,
                format!("unknown field \"{key}\" in {what}"),
                fix,
            );
            continue;
        }
        let vloc = Loc {
            pointer: kloc.pointer,
            offset: start(&prop.value),
        };
        f(c, key, &prop.value, vloc);
    }
}

fn string(c: &mut Collector<'_>, v: &Value<'_>, loc: &Loc) -> Option<String> {
    match v {
        Value::StringLit(s) => Some(s.value.to_string()),
        other => {
            c.error(
                "wrong_type",
                loc,
                format!("expected a string, found {}", kind(other)),
                "put the value in double quotes",
            );
            None
        }
    }
}

/// A string with where it was found.
fn located_string(c: &mut Collector<'_>, v: &Value<'_>, loc: Loc) -> Option<Located<String>> {
    string(c, v, &loc).map(|value| Located { value, loc })
}

fn array<'v, 'a>(c: &mut Collector<'_>, v: &'v Value<'a>, loc: &Loc) -> Option<&'v Array<'a>> {
    match v {
        Value::Array(a) => Some(a),
        other => {
            c.error(
                "wrong_type",
                loc,
                format!("expected an array, found {}", kind(other)),
                "write a list: [ ... ]",
            );
            None
        }
    }
}

fn strings(c: &mut Collector<'_>, v: &Value<'_>, loc: &Loc) -> Vec<Located<String>> {
    let Some(arr) = array(c, v, loc) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in arr.elements.iter().enumerate() {
        let iloc = child(loc, &i.to_string(), start(item));
        if let Some(s) = string(c, item, &iloc) {
            out.push(Located {
                value: s,
                loc: iloc,
            });
        }
    }
    out
}

fn object<'v, 'a>(
    c: &mut Collector<'_>,
    v: &'v Value<'a>,
    loc: &Loc,
    what: &str,
) -> Option<&'v Object<'a>> {
    match v {
        Value::Object(o) => Some(o),
        other => {
            c.error(
                "wrong_type",
                loc,
                format!("{what} is {}, not an object", kind(other)),
                "write it as { ... }",
            );
            None
        }
    }
}

fn missing(c: &mut Collector<'_>, loc: &Loc, field: &str, what: &str, example: &str) {
    c.error(
        "missing_field",
        loc,
        format!("{what} has no \"{field}\""),
        format!("add \"{field}\": {example}"),
    );
}

fn read_app(c: &mut Collector<'_>, v: &Value<'_>, loc: Loc) -> Option<AppSpec> {
    let obj = object(c, v, &loc, "an app")?;
    let (mut name, mut custom_domain, mut preview) = (None, None, true);
    fields(
        c,
        obj,
        &loc,
        APP_FIELDS,
        "an app",
        |c, key, v, vloc| match key {
            "name" => {
                name = string(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "custom_domain" => match v {
                Value::NullKeyword(_) => {}
                _ => {
                    custom_domain = string(c, v, &vloc).map(|s| Located {
                        value: s,
                        loc: vloc,
                    })
                }
            },
            "preview" => match v {
                Value::BooleanLit(b) => preview = b.value,
                other => c.error(
                    "wrong_type",
                    &vloc,
                    format!("expected true or false, found {}", kind(other)),
                    "write true or false, without quotes",
                ),
            },
            _ => {}
        },
    );
    let Some(name) = name else {
        missing(c, &loc, "name", "an app", "\"crm\"");
        return None;
    };
    Some(AppSpec {
        name,
        custom_domain,
        preview,
        loc,
    })
}

/// The text with every inline secret's characters replaced by `*` (so columns still line
/// up): what excerpts of a configuration file are cut from.
pub fn redacted(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut spans = spans.to_vec();
    spans.sort_unstable();
    for (start, end) in spans {
        let (Some(before), Some(secret)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        out.push_str(before);
        // Keep the quotes, hide what is between them: one `*` a byte, so that byte
        // offsets into the file still point at the same places in the redacted text.
        match (secret.chars().next(), secret.chars().last()) {
            (Some(first), Some(last)) if secret.len() >= first.len_utf8() + last.len_utf8() => {
                out.push(first);
                out.push_str(&"*".repeat(secret.len() - first.len_utf8() - last.len_utf8()));
                out.push(last);
            }
            _ => out.push_str(&"*".repeat(secret.len())),
        }
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

fn read_secret(c: &mut Collector<'_>, v: &Value<'_>, loc: &Loc) -> Option<SecretRef> {
    match v {
        Value::StringLit(s) => {
            c.secret_spans.push((s.range.start, s.range.end));
            Some(SecretRef::Inline(SecretString::from(s.value.to_string())))
        }
        Value::Object(obj) => {
            let mut found: Option<SecretRef> = None;
            let mut count = 0;
            fields(
                c,
                obj,
                loc,
                SECRET_FIELDS,
                "a secret reference",
                |c, key, v, vloc| {
                    count += 1;
                    match key {
                        "env" => found = string(c, v, &vloc).map(SecretRef::Env),
                        "file" => {
                            found = string(c, v, &vloc).map(|p| SecretRef::File(PathBuf::from(p)))
                        }
                        "vault" => match v {
                            Value::BooleanLit(b) if b.value => found = Some(SecretRef::Vault),
                            _ => c.error(
                                "wrong_type",
                                &vloc,
                                "\"vault\" must be true",
                                "write {\"vault\": true} to keep the secret stored in the vault",
                            ),
                        },
                        _ => {}
                    }
                },
            );
            if count > 1 {
                c.error(
                    "ambiguous_secret",
                    loc,
                    "the secret reference names more than one source",
                    "keep exactly one of {\"env\": ...}, {\"file\": ...} or {\"vault\": true}",
                );
                return None;
            }
            if count == 0 {
                c.error(
                    "missing_field",
                    loc,
                    "the secret reference is empty",
                    "write {\"env\": \"VAR\"}, {\"file\": \"path\"} or {\"vault\": true}",
                );
            }
            found
        }
        other => {
            c.error(
                "wrong_type",
                loc,
                format!("client_secret is {}", kind(other)),
                "write {\"env\": \"VAR\"}, {\"file\": \"path\"} or {\"vault\": true}",
            );
            None
        }
    }
}

/// A connector's fields as read, before the required ones are checked.
struct ConnectorFields {
    name: Option<Located<String>>,
    provider: Option<Located<String>>,
    client_id: Option<Located<String>>,
    client_secret: Option<Located<SecretRef>>,
    scopes: Vec<Located<String>>,
    scopes_loc: Loc,
    mode: Mode,
    redirect_uris: Vec<Located<String>>,
    redirect_uris_loc: Loc,
    apps: Vec<Located<String>>,
    endpoint_params: Vec<(String, Located<String>)>,
}

fn read_connector(c: &mut Collector<'_>, v: &Value<'_>, loc: Loc) -> Option<ConnectorSpec> {
    let obj = object(c, v, &loc, "a connector")?;
    let f = read_connector_fields(c, obj, &loc);
    report_missing_connector_fields(c, obj, &loc, &f);
    Some(ConnectorSpec {
        name: f.name?,
        provider: f.provider?,
        client_id: f.client_id?,
        client_secret: f.client_secret,
        scopes: f.scopes,
        scopes_loc: f.scopes_loc,
        mode: f.mode,
        redirect_uris: f.redirect_uris,
        redirect_uris_loc: f.redirect_uris_loc,
        apps: f.apps,
        endpoint_params: f.endpoint_params,
        loc,
    })
}

/// Reads each field a connector object has; a list left out is empty and located at
/// the connector, the mode defaults to per-user.
fn read_connector_fields(c: &mut Collector<'_>, obj: &Object<'_>, loc: &Loc) -> ConnectorFields {
    let mut f = ConnectorFields {
        name: None,
        provider: None,
        client_id: None,
        client_secret: None,
        scopes: Vec::new(),
        scopes_loc: loc.clone(),
        mode: Mode::PerUser,
        redirect_uris: Vec::new(),
        redirect_uris_loc: loc.clone(),
        apps: Vec::new(),
        endpoint_params: Vec::new(),
    };
    fields(
        c,
        obj,
        loc,
        CONNECTOR_FIELDS,
        "a connector",
        |c, key, v, vloc| match key {
            "name" => f.name = located_string(c, v, vloc),
            "provider" => f.provider = located_string(c, v, vloc),
            "client_id" => f.client_id = located_string(c, v, vloc),
            "client_secret" => {
                f.client_secret = read_secret(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "scopes" => {
                f.scopes = strings(c, v, &vloc);
                f.scopes_loc = vloc;
            }
            "mode" => {
                if let Some(m) = read_mode(c, v, &vloc) {
                    f.mode = m;
                }
            }
            "redirect_uris" => {
                f.redirect_uris = strings(c, v, &vloc);
                f.redirect_uris_loc = vloc;
            }
            "apps" => f.apps = strings(c, v, &vloc),
            param @ ("tenant" | "login_host") => {
                if let Some(s) = located_string(c, v, vloc) {
                    f.endpoint_params.push((param.to_string(), s));
                }
            }
            _ => {}
        },
    );
    f
}

/// A connector mode, or none (with a diagnostic) for a value that is not one.
fn read_mode(c: &mut Collector<'_>, v: &Value<'_>, loc: &Loc) -> Option<Mode> {
    let m = string(c, v, loc)?;
    match m.parse::<Mode>() {
        // One spelling, as the JSON Schema says; another that means the same is named.
        Ok(parsed) if m == parsed.as_str() => Some(parsed),
        Ok(parsed) => {
            c.error(
                "bad_mode",
                loc,
                format!("\"{m}\" is not how a connector mode is written"),
                format!("did you mean \"{}\"?", parsed.as_str()),
            );
            None
        }
        Err(_) => {
            c.error("bad_mode", loc, format!("\"{m}\" is not a connector mode"), "use \"per-user\" (each person connects their own account) or \"shared\" (one account for everyone in an app)");
            None
        }
    }
}

/// Reports each required field a connector lacks. A `client_secret` that is present but
/// unreadable already has its own diagnostic.
fn report_missing_connector_fields(
    c: &mut Collector<'_>,
    obj: &Object<'_>,
    loc: &Loc,
    f: &ConnectorFields,
) {
    let what = "a connector";
    if f.name.is_none() {
        missing(c, loc, "name", what, "\"Google Calendar scheduling\"");
    }
    if f.provider.is_none() {
        missing(c, loc, "provider", what, "\"google\"");
    }
    if f.client_id.is_none() {
        missing(
            c,
            loc,
            "client_id",
            what,
            "\"1234.apps.googleusercontent.com\"",
        );
    }
    if f.client_secret.is_none()
        && !obj
            .properties
            .iter()
            .any(|p| p.name.as_str() == "client_secret")
    {
        missing(
            c,
            loc,
            "client_secret",
            what,
            "{\"env\": \"VAR\"} (or {\"vault\": true} to keep the stored one)",
        );
    }
}

/// Converts a parsed value to serde_json (for provider definitions).
pub fn to_json(v: &Value<'_>) -> serde_json::Value {
    match v {
        Value::StringLit(s) => serde_json::Value::String(s.value.to_string()),
        Value::NumberLit(n) => serde_json::from_str(n.value).unwrap_or(serde_json::Value::Null),
        Value::BooleanLit(b) => serde_json::Value::Bool(b.value),
        Value::NullKeyword(_) => serde_json::Value::Null,
        Value::Array(a) => serde_json::Value::Array(a.elements.iter().map(to_json).collect()),
        Value::Object(o) => serde_json::Value::Object(
            o.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), to_json(&p.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value, up to 4 levels deep, its keys and strings often the
    /// configuration's own (field names, providers, scopes, modes, URIs).
    fn value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let words: Vec<&'static str> = crate::config::TOP_FIELDS
            .iter()
            .chain(crate::config::APP_FIELDS)
            .chain(crate::config::CONNECTOR_FIELDS)
            .chain(crate::config::SECRET_FIELDS)
            .copied()
            .chain([
                "google",
                "microsoft",
                "per-user",
                "shared",
                "openid",
                "email",
                "crm",
                "https://crm.base44.app/api/external-auth/callback",
                "http://127.0.0.1:8765/cb",
                "common",
                "ENV_VAR",
                "tenant",
                "login_host",
            ])
            .collect();
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[a-zA-Z0-9:/.~é_ -]{0,16}".prop_map(Value::String),
            prop::sample::select(words.clone()).prop_map(|w| Value::String(w.to_string())),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            let key = prop_oneof![
                prop::sample::select(words.clone()).prop_map(str::to_string),
                "[a-z_]{1,8}",
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A configuration-shaped document: an object whose top fields are often the real
    /// ones, holding arrays of objects.
    fn document() -> impl Strategy<Value = serde_json::Value> {
        let item = prop::collection::btree_map(
            prop::sample::select(
                crate::config::CONNECTOR_FIELDS
                    .iter()
                    .chain(crate::config::APP_FIELDS)
                    .copied()
                    .collect::<Vec<_>>(),
            )
            .prop_map(str::to_string),
            value(),
            0..8,
        )
        .prop_map(|m| serde_json::Value::Object(m.into_iter().collect()));
        prop::collection::btree_map(
            prop::sample::select(crate::config::TOP_FIELDS.to_vec()).prop_map(str::to_string),
            prop_oneof![
                prop::collection::vec(item, 0..4).prop_map(serde_json::Value::Array),
                value(),
            ],
            0..5,
        )
        .prop_map(|m| serde_json::Value::Object(m.into_iter().collect()))
    }

    fn run(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let mut c = Collector::new(text);
        let config = read(text, &mut c);
        if let Some(cfg) = &config {
            crate::config::validate::validate(cfg, &mut c, &Default::default());
        }
        (config, c.diagnostics)
    }

    #[test]
    fn redaction_keeps_every_byte_offset() {
        let text = "{\"client_secret\": \"sé𝄞cret\", \"x\": 1}";
        let start = text.find("\"sé").unwrap();
        let end = start + "\"sé𝄞cret\"".len();
        let out = redacted(text, &[(start, end)]);
        assert_eq!(out.len(), text.len());
        assert!(!out.contains("é") && !out.contains("𝄞"));
        assert_eq!(&out[end..], &text[end..]);
        assert!(out[start..end].starts_with('"') && out[start..end].ends_with('"'));
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let parent = Loc {
            pointer: "/connectors/0".into(),
            offset: 0,
        };
        assert_eq!(child(&parent, "a~b/c", 1).pointer, "/connectors/0/a~0b~1c");
        assert_eq!(child(&parent, "plain", 1).pointer, "/connectors/0/plain");
    }

    #[test]
    fn pointers_and_positions() {
        let text = "{\n  \"apps\": [\n    {\"name\": \"crm\", \"previw\": true}\n  ]\n}\n";
        let (_, d) = run(text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].code, d[0].pointer.as_str(), d[0].line, d[0].column),
            ("unknown_field", "/apps/0/previw", 3, 21)
        );
        // JSON pointer escaping (RFC 6901).
        let (_, d) = run("{\"connectors\": [], \"a/b~c\": 1}");
        assert_eq!(d[0].pointer, "/a~1b~0c");
    }

    fn found(d: &[Diagnostic]) -> Vec<(&'static str, &str)> {
        d.iter().map(|d| (d.code, d.pointer.as_str())).collect()
    }

    #[test]
    fn array_items_are_read_one_by_one_keeping_those_that_read() {
        let text = r#"{"providers": [1, {"name": "x"}], "apps": [{"name": "a"}, {}]}"#;
        let mut c = Collector::new(text);
        let config = read(text, &mut c).unwrap();
        assert_eq!(
            found(&c.diagnostics),
            [("wrong_type", "/providers/0"), ("missing_field", "/apps/1")]
        );
        assert_eq!(config.providers.len(), 1);
        assert_eq!(config.providers[0].loc.pointer, "/providers/1");
        assert_eq!(config.providers[0].value, serde_json::json!({"name": "x"}));
        assert_eq!(config.apps.len(), 1);
        assert_eq!(config.apps[0].loc.pointer, "/apps/0");
    }

    #[test]
    fn a_mode_has_one_spelling_and_the_others_are_named() {
        for (m, ok) in [
            ("per-user", true),
            ("shared", true),
            ("per_user", false),
            ("Per-User", false),
            ("peruser", false),
        ] {
            let text = format!(
                r#"{{"connectors": [{{"name": "x", "provider": "google", "client_id": "c", "mode": "{m}"}}]}}"#
            );
            let mut c = Collector::new(&text);
            read(&text, &mut c).unwrap();
            let bad: Vec<&Diagnostic> = c
                .diagnostics
                .iter()
                .filter(|d| d.code == "bad_mode")
                .collect();
            assert_eq!(bad.is_empty(), ok, "{m}");
            if !ok {
                assert!(bad[0].fix.contains("\"per-user\""), "{m}: {}", bad[0].fix);
            }
        }
    }

    #[test]
    fn a_connector_reports_each_missing_field_but_not_an_unreadable_secret() {
        let text = r#"{"connectors": [{"client_secret": {"vault": false}, "mode": "both"}]}"#;
        let mut c = Collector::new(text);
        let config = read(text, &mut c).unwrap();
        assert!(config.connectors.is_empty());
        assert_eq!(
            found(&c.diagnostics),
            [
                ("wrong_type", "/connectors/0/client_secret/vault"),
                ("bad_mode", "/connectors/0/mode"),
                ("missing_field", "/connectors/0"),
                ("missing_field", "/connectors/0"),
                ("missing_field", "/connectors/0"),
            ]
        );
        let missing: Vec<&str> = c.diagnostics[2..]
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            missing,
            [
                "a connector has no \"name\"",
                "a connector has no \"provider\"",
                "a connector has no \"client_id\""
            ]
        );
    }

    #[test]
    fn a_connector_without_lists_has_them_empty_at_its_own_place() {
        let text = r#"{"connectors": [{"name": "n", "provider": "p", "client_id": "i",
            "client_secret": {"vault": true}, "tenant": "t"}]}"#;
        let mut c = Collector::new(text);
        let config = read(text, &mut c).unwrap();
        assert!(c.diagnostics.is_empty());
        let k = &config.connectors[0];
        assert!(k.scopes.is_empty() && k.redirect_uris.is_empty() && k.apps.is_empty());
        assert_eq!(k.scopes_loc.pointer, "/connectors/0");
        assert_eq!(k.redirect_uris_loc.pointer, "/connectors/0");
        assert_eq!(k.mode, Mode::PerUser);
        assert_eq!(k.endpoint_params[0].0, "tenant");
        assert_eq!(k.endpoint_params[0].1.loc.pointer, "/connectors/0/tenant");
    }

    proptest! {
        // Whatever the bytes, reading and validating reports problems and never panics.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = run(&text);
        }

        // Any JSON document, with the configuration's own field names and values mixed
        // in so that deep paths are reached: findings with positions and documented
        // codes, in every format, and never a panic.
        #[test]
        fn any_json_document_gives_findings_never_a_panic(doc in document()) {
            let text = serde_json::to_string_pretty(&doc).unwrap();
            let (_, diagnostics) = run(&text);
            for d in &diagnostics {
                prop_assert!(d.line >= 1 && d.column >= 1);
                prop_assert_ne!(
                    crate::config::validate::rule_description(d.code),
                    "A configuration problem.",
                    "undocumented code {}", d.code
                );
            }
            let lines = super::super::diagnostics::Lines::new(&text);
            let report = super::super::diagnostics::Report {
                file: "c.json",
                diagnostics: &diagnostics,
                lines: &lines,
                limit: Some(5),
            };
            let _ = (report.human(), report.json(), report.github(), report.sarif());
        }

        #[test]
        fn arbitrary_json_shapes_never_panic(
            key in prop::sample::select(vec!["apps", "connectors", "providers", "platform_domain", "workspace", "x"]),
            value in prop::sample::select(vec!["1", "null", "true", "\"s\"", "[]", "{}", "[1]", "[{}]", "[{\"name\": 1}]", "[{\"name\": \"a\", \"client_secret\": {}}]"]),
        ) {
            let _ = run(&format!("{{\"{key}\": {value}}}"));
        }
    }
}
