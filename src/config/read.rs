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
            "workspace" => config.workspace = string(c, v, &loc).map(|s| Located { value: s, loc }),
            "platform_domain" => {
                config.platform_domain = string(c, v, &loc).map(|s| Located { value: s, loc })
            }
            "providers" => {
                if let Some(arr) = array(c, v, &loc) {
                    for (i, item) in arr.elements.iter().enumerate() {
                        let iloc = child(&loc, &i.to_string(), start(item));
                        match item {
                        Value::Object(_) => config.providers.push(Located { value: to_json(item), loc: iloc }),
                        other => c.error("wrong_type", &iloc, format!("a provider definition is {}, not an object", kind(other)), "write {\"name\": ..., \"authorization_url\": ..., \"token_url\": ...}"),
                    }
                    }
                }
            }
            "apps" => {
                if let Some(arr) = array(c, v, &loc) {
                    for (i, item) in arr.elements.iter().enumerate() {
                        let iloc = child(&loc, &i.to_string(), start(item));
                        if let Some(app) = read_app(c, item, iloc) {
                            config.apps.push(app);
                        }
                    }
                }
            }
            "connectors" => {
                if let Some(arr) = array(c, v, &loc) {
                    config.connectors.reserve_exact(arr.elements.len());
                    for (i, item) in arr.elements.iter().enumerate() {
                        let iloc = child(&loc, &i.to_string(), start(item));
                        if let Some(conn) = read_connector(c, item, iloc) {
                            config.connectors.push(conn);
                        }
                    }
                }
            }
            _ => {}
        },
    );
    Some(config)
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

fn read_connector(c: &mut Collector<'_>, v: &Value<'_>, loc: Loc) -> Option<ConnectorSpec> {
    let obj = object(c, v, &loc, "a connector")?;
    let mut name = None;
    let mut provider = None;
    let mut client_id = None;
    let mut client_secret = None;
    let mut scopes = Vec::new();
    let mut scopes_loc = loc.clone();
    let mut mode = Mode::PerUser;
    let mut redirect_uris = Vec::new();
    let mut redirect_uris_loc = loc.clone();
    let mut apps = Vec::new();
    let mut endpoint_params = Vec::new();
    fields(
        c,
        obj,
        &loc,
        CONNECTOR_FIELDS,
        "a connector",
        |c, key, v, vloc| match key {
            "name" => {
                name = string(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "provider" => {
                provider = string(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "client_id" => {
                client_id = string(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "client_secret" => {
                client_secret = read_secret(c, v, &vloc).map(|s| Located {
                    value: s,
                    loc: vloc,
                })
            }
            "scopes" => {
                scopes = strings(c, v, &vloc);
                scopes_loc = vloc;
            }
            "mode" => {
                if let Some(m) = string(c, v, &vloc) {
                    match m.parse::<Mode>() {
                    Ok(parsed) => mode = parsed,
                    Err(_) => c.error("bad_mode", &vloc, format!("\"{m}\" is not a connector mode"), "use \"per-user\" (each person connects their own account) or \"shared\" (one account for everyone in an app)"),
                }
                }
            }
            "redirect_uris" => {
                redirect_uris = strings(c, v, &vloc);
                redirect_uris_loc = vloc;
            }
            "apps" => apps = strings(c, v, &vloc),
            param @ ("tenant" | "login_host") => {
                if let Some(s) = string(c, v, &vloc) {
                    endpoint_params.push((
                        param.to_string(),
                        Located {
                            value: s,
                            loc: vloc,
                        },
                    ));
                }
            }
            _ => {}
        },
    );
    let what = "a connector";
    if name.is_none() {
        missing(c, &loc, "name", what, "\"Google Calendar scheduling\"");
    }
    if provider.is_none() {
        missing(c, &loc, "provider", what, "\"google\"");
    }
    if client_id.is_none() {
        missing(
            c,
            &loc,
            "client_id",
            what,
            "\"1234.apps.googleusercontent.com\"",
        );
    }
    if client_secret.is_none()
        && !obj
            .properties
            .iter()
            .any(|p| p.name.as_str() == "client_secret")
    {
        missing(
            c,
            &loc,
            "client_secret",
            what,
            "{\"env\": \"VAR\"} (or {\"vault\": true} to keep the stored one)",
        );
    }
    Some(ConnectorSpec {
        name: name?,
        provider: provider?,
        client_id: client_id?,
        client_secret,
        scopes,
        scopes_loc,
        mode,
        redirect_uris,
        redirect_uris_loc,
        apps,
        endpoint_params,
        loc,
    })
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
