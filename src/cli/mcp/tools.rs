//! The MCP server's tools: their names, input schemas and annotations, and how each runs.
//!
//! Every tool runs the CLI command of the same meaning in this process (`--json`, no
//! prompts, `via: mcp` in the audit log), so a tool and its command share one write path,
//! one set of locks and one set of errors (the same codes and hints). Arguments are read
//! into typed structs that refuse unknown fields; no tool takes a secret, and no tool's
//! result carries one (tokens, client secrets, states and verifiers never reach the
//! client: the commands behind the tools do not print them, and what a provider's API
//! answers is scrubbed of anything named like a token).

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::Config;
use super::pages::Pages;

/// One tool as `tools/list` shows it.
pub struct Spec {
    pub name: &'static str,
    pub description: &'static str,
    pub read_only: bool,
    pub destructive: bool,
    /// The JSON Schema of its arguments.
    pub schema: fn() -> Value,
}

/// Why a tool call failed, as the CLI would say it.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

impl ToolError {
    fn arguments(message: impl Into<String>) -> ToolError {
        ToolError {
            code: "invalid_arguments".into(),
            message: message.into(),
            hint: Some(
                "the tool's input schema (tools/list) names every field and its type".into(),
            ),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"error": {"code": self.code, "message": self.message, "hint": self.hint}})
    }
}

pub type Outcome = Result<Value, ToolError>;

fn object(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

fn s(desc: &str) -> Value {
    json!({"type": "string", "description": desc})
}

fn list(desc: &str) -> Value {
    json!({"type": "array", "items": {"type": "string"}, "description": desc})
}

fn flag(desc: &str) -> Value {
    json!({"type": "boolean", "description": desc})
}

const CONNECTOR: &str = "the connector's name, as `list_connectors` shows it";
const APP: &str = "the app's name";
const USER: &str = "the app's ID for the person (per-user connectors only)";

pub const TOOLS: &[Spec] = &[
    Spec {
        name: "list_providers",
        description: "The provider catalog: built-in providers and the vault's own definitions.",
        read_only: true,
        destructive: false,
        schema: || object(json!({}), &[]),
    },
    Spec {
        name: "show_provider",
        description: "One provider's endpoints, scopes, API and documentation sources.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"provider": s("the provider's name (google, slack, …)")}),
                &["provider"],
            )
        },
    },
    Spec {
        name: "list_apps",
        description: "The workspace's apps and their redirect URIs.",
        read_only: true,
        destructive: false,
        schema: || object(json!({}), &[]),
    },
    Spec {
        name: "list_connectors",
        description: "The workspace's connectors with their connection counts.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"provider": s("only connectors of this provider")}),
                &[],
            )
        },
    },
    Spec {
        name: "show_connector",
        description: "One connector: provider, client ID, scopes, mode, apps, redirect URIs; the client secret only as a fingerprint.",
        read_only: true,
        destructive: false,
        schema: || object(json!({"connector": s(CONNECTOR)}), &["connector"]),
    },
    Spec {
        name: "redirect_uris",
        description: "The exact redirect URIs an app needs registered at a provider, and whether the connector has them.",
        read_only: true,
        destructive: false,
        schema: || object(json!({"app": s(APP), "connector": s(CONNECTOR)}), &["app"]),
    },
    Spec {
        name: "list_connections",
        description: "Connections with status, granted versus required scopes, expiry and account; never a token. With pending: the consents waiting for their callback.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "user": s(USER), "pending": flag("list consents still waiting instead")}),
                &[],
            )
        },
    },
    Spec {
        name: "connection_status",
        description: "One person's (or a shared) connection: status, scopes, expiry, account; and a consent started by `connect` that is still under way.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "user": s(USER)}),
                &["connector", "app"],
            )
        },
    },
    Spec {
        name: "validate_config",
        description: "Checks a workspace configuration file offline: every problem with its line and fix.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"file": s("the configuration file's path")}),
                &["file"],
            )
        },
    },
    Spec {
        name: "plan_config",
        description: "What applying a configuration file would change in the vault.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"file": s("the configuration file's path")}),
                &["file"],
            )
        },
    },
    Spec {
        name: "doctor",
        description: "Diagnoses connectors: redirect URIs, credentials, scopes, testing mode, connections; each finding with its fix.",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "offline": flag("open no network connection"), "connections": flag("also call each connection's \"who am I\" endpoint")}),
                &[],
            )
        },
    },
    Spec {
        name: "audit",
        description: "Who changed what, when (never a secret).",
        read_only: true,
        destructive: false,
        schema: || {
            object(
                json!({"target": s("only entries of this target"), "limit": {"type": "integer", "minimum": 1, "maximum": 1000}}),
                &[],
            )
        },
    },
    Spec {
        name: "add_connector",
        description: "Registers an OAuth app as a workspace connector. The client secret is never an argument: name an environment variable or file the admin put it in, or leave both out to get a single-use page on 127.0.0.1 where the admin types it.",
        read_only: false,
        destructive: false,
        schema: || {
            object(
                json!({"provider": s("the provider's name"), "name": s("a short name people recognise"), "client_id": s("the OAuth client ID"),
            "scopes": list("scopes, one per item"), "mode": {"type": "string", "enum": ["per-user", "shared"]}, "apps": list("only these apps use it (default: every app)"),
            "redirect_uris": list("redirect URIs registered at the provider"), "client_secret_env": s("the environment variable of this server that holds the secret"),
            "client_secret_file": s("a file that holds the secret")}),
                &["provider", "name", "client_id"],
            )
        },
    },
    Spec {
        name: "edit_connector",
        description: "Changes a connector's scopes, mode or apps; says which connections must reconnect.",
        read_only: false,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "scopes": list("the new scopes (replace the old)"), "add_scopes": list("scopes to add"),
            "remove_scopes": list("scopes to remove"), "mode": {"type": "string", "enum": ["per-user", "shared"]}, "apps": list("only these apps use it")}),
                &["connector"],
            )
        },
    },
    Spec {
        name: "delete_connector",
        description: "Deletes a connector and its connections (revoking them at the provider). Destructive: `confirm` must repeat the connector's name.",
        read_only: false,
        destructive: true,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "confirm": s("the connector's name again")}),
                &["connector", "confirm"],
            )
        },
    },
    Spec {
        name: "disconnect",
        description: "Revokes one connection at the provider and deletes its tokens. Destructive: `confirm` must repeat the connector's name.",
        read_only: false,
        destructive: true,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "user": s(USER), "confirm": s("the connector's name again")}),
                &["connector", "app", "confirm"],
            )
        },
    },
    Spec {
        name: "connect",
        description: "Starts a person's consent: returns a single-use start URL on 127.0.0.1 for the person (not the model) to open; poll connection_status for the result.",
        read_only: false,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "user": s(USER)}),
                &["connector", "app"],
            )
        },
    },
    Spec {
        name: "call_api",
        description: "Calls the provider's API as a connected person (only the provider's API hosts); the answer with anything named like a token redacted.",
        read_only: false,
        destructive: false,
        schema: || {
            object(
                json!({"connector": s(CONNECTOR), "app": s(APP), "user": s(USER), "path": s("a path relative to the provider's API (default: its \"who am I\" call)"),
            "method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]}, "fields": {"type": "object", "description": "query fields of a GET, else the JSON body"},
            "paginate": flag("follow every next page")}),
                &["connector", "app"],
            )
        },
    },
];

/// The tools served: all of them, or with `read_only` those that change nothing.
pub fn served(read_only: bool) -> impl Iterator<Item = &'static Spec> {
    TOOLS.iter().filter(move |t| !read_only || t.read_only)
}

/// Runs tool `name` with `args`. Unknown tools, tools a read-only server does not serve
/// and arguments that do not fit the schema are refused before anything runs.
pub fn call(cfg: &Config, pages: &Pages, name: &str, args: &Map<String, Value>) -> Outcome {
    let Some(spec) = TOOLS.iter().find(|t| t.name == name) else {
        return Err(ToolError {
            code: "unknown_tool".into(),
            message: format!("there is no tool named '{}'", crate::text::printable(name)),
            hint: Some("tools/list names them".into()),
        });
    };
    if cfg.read_only && !spec.read_only {
        return Err(ToolError {
            code: "read_only".into(),
            message: format!("this server is read-only (--read-only): '{name}' changes the vault"),
            hint: Some("run `connectors mcp` without --read-only to allow changes".into()),
        });
    }
    match name {
        "connection_status" => connection_status(cfg, pages, parse(args)?),
        "add_connector" => add_connector(cfg, pages, parse(args)?),
        "connect" => connect(cfg, pages, parse(args)?),
        "call_api" => call_api(cfg, parse(args)?),
        "edit_connector" | "delete_connector" | "disconnect" => run(cfg, &change_argv(name, args)?),
        _ => run(cfg, &read_argv(name, args)?),
    }
}

/// The command a tool that changes nothing runs.
fn read_argv(name: &str, args: &Map<String, Value>) -> Result<Vec<String>, ToolError> {
    Ok(match name {
        "list_providers" => {
            parse::<Empty>(args)?;
            vec!["providers".into(), "list".into()]
        }
        "show_provider" => {
            let a: ProviderArg = parse(args)?;
            vec!["providers".into(), "show".into(), a.provider]
        }
        "list_apps" => {
            parse::<Empty>(args)?;
            vec!["app".into(), "list".into()]
        }
        "list_connectors" => {
            let a: ListConnectors = parse(args)?;
            let mut v = vec!["list".to_string()];
            push_opt(&mut v, "--provider", a.provider);
            v
        }
        "show_connector" => {
            let a: ConnectorArg = parse(args)?;
            vec!["show".into(), a.connector]
        }
        "redirect_uris" => {
            let a: RedirectArgs = parse(args)?;
            let mut v = vec!["redirect-uris".to_string(), "--app".into(), a.app];
            push_opt(&mut v, "--connector", a.connector);
            v
        }
        "list_connections" => {
            let a: ListConnections = parse(args)?;
            let mut v = vec!["connections".to_string()];
            v.extend(a.connector);
            push_opt(&mut v, "--app", a.app);
            push_opt(&mut v, "--user", a.user);
            push_flag(&mut v, "--pending", a.pending);
            v
        }
        "validate_config" | "plan_config" => {
            let a: FileArg = parse(args)?;
            let command = if name == "plan_config" {
                "plan"
            } else {
                "validate"
            };
            vec![command.into(), a.file]
        }
        "doctor" => {
            let a: DoctorArgs = parse(args)?;
            let mut v = vec!["doctor".to_string()];
            v.extend(a.connector);
            push_opt(&mut v, "--app", a.app);
            push_flag(&mut v, "--offline", a.offline);
            push_flag(&mut v, "--connections", a.connections);
            v
        }
        "audit" => {
            let a: AuditArgs = parse(args)?;
            let mut v = vec!["audit".to_string()];
            push_opt(&mut v, "--target", a.target);
            push_opt(&mut v, "--limit", a.limit.map(|l| l.to_string()));
            v
        }
        _ => {
            return Err(ToolError::arguments(format!(
                "'{name}' has no implementation"
            )));
        }
    })
}

/// The command a tool that changes the vault runs (a destructive one only once `confirm`
/// repeats the connector's name).
fn change_argv(name: &str, args: &Map<String, Value>) -> Result<Vec<String>, ToolError> {
    Ok(match name {
        "edit_connector" => edit_argv(parse(args)?),
        "delete_connector" => {
            let a: Confirmed = parse(args)?;
            confirmed(&a.connector, &a.confirm)?;
            vec![
                "delete".into(),
                a.connector,
                "--revoke".into(),
                "--yes".into(),
            ]
        }
        _ => {
            let a: DisconnectArgs = parse(args)?;
            confirmed(&a.connector, &a.confirm)?;
            let mut v = vec!["disconnect".to_string(), a.connector, "--app".into(), a.app];
            push_opt(&mut v, "--user", a.user);
            v
        }
    })
}

/// Runs a command in this process, its JSON document the result; a failure's JSON error
/// document the tool error (same code, message and hint).
pub fn run(cfg: &Config, argv: &[String]) -> Outcome {
    let ran = super::run_command(cfg, argv, None);
    let (code, err) = (ran.code, ran.stderr);
    match (code, ran.document) {
        (0, Some(v)) => Ok(v),
        (0, None) => Ok(json!({"ok": true})),
        (_, Some(v)) if v.get("error").is_some() => Err(ToolError {
            code: v["error"]["code"].as_str().unwrap_or("error").to_string(),
            message: v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            hint: v["error"]["hint"].as_str().map(String::from),
        }),
        // A report that carries its own failure (doctor finding a failure, validate finding
        // an error): the report is the tool's answer, with the command's exit code.
        (code, Some(mut v)) => {
            if let Value::Object(m) = &mut v {
                m.insert("exit_code".into(), json!(code));
            }
            Ok(v)
        }
        (code, None) => Err(ToolError {
            code: "failed".into(),
            message: format!("the command ended with exit {code}: {}", err.trim()),
            hint: None,
        }),
    }
}

fn parse<T: DeserializeOwned>(args: &Map<String, Value>) -> Result<T, ToolError> {
    serde_json::from_value(Value::Object(args.clone())).map_err(|e| {
        ToolError::arguments(format!("the arguments do not fit the tool's schema: {e}"))
    })
}

fn push_flag(v: &mut Vec<String>, flag: &str, on: Option<bool>) {
    if on.unwrap_or(false) {
        v.push(flag.into());
    }
}

fn push_opt(v: &mut Vec<String>, flag: &str, value: Option<String>) {
    if let Some(x) = value {
        v.push(flag.into());
        v.push(x);
    }
}

fn confirmed(name: &str, confirm: &str) -> Result<(), ToolError> {
    if name == confirm {
        return Ok(());
    }
    Err(ToolError {
        code: "confirmation_required".into(),
        message: format!(
            "this tool destroys grants: `confirm` must repeat the connector's name ('{}') exactly; nothing was done",
            crate::text::printable(name)
        ),
        hint: Some(
            "ask the person to confirm, then call again with confirm set to the name".into(),
        ),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderArg {
    provider: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListConnectors {
    provider: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectorArg {
    connector: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RedirectArgs {
    app: String,
    connector: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListConnections {
    connector: Option<String>,
    app: Option<String>,
    user: Option<String>,
    pending: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Who {
    pub connector: String,
    pub app: String,
    pub user: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileArg {
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoctorArgs {
    connector: Option<String>,
    app: Option<String>,
    offline: Option<bool>,
    connections: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditArgs {
    target: Option<String>,
    limit: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddConnector {
    provider: String,
    name: String,
    client_id: String,
    #[serde(default)]
    scopes: Vec<String>,
    mode: Option<String>,
    #[serde(default)]
    apps: Vec<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    client_secret_env: Option<String>,
    client_secret_file: Option<String>,
}

impl AddConnector {
    /// The `add` command, without the secret's source.
    pub(super) fn argv(&self) -> Vec<String> {
        let mut v = vec![
            "add".to_string(),
            self.provider.clone(),
            "--name".into(),
            self.name.clone(),
            "--client-id".into(),
            self.client_id.clone(),
        ];
        for sc in &self.scopes {
            v.extend(["--scope".to_string(), sc.clone()]);
        }
        push_opt(&mut v, "--mode", self.mode.clone());
        for a in &self.apps {
            v.extend(["--used-by".to_string(), a.clone()]);
        }
        for u in &self.redirect_uris {
            v.extend(["--redirect-uri".to_string(), u.clone()]);
        }
        v
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditConnector {
    connector: String,
    scopes: Option<Vec<String>>,
    #[serde(default)]
    add_scopes: Vec<String>,
    #[serde(default)]
    remove_scopes: Vec<String>,
    mode: Option<String>,
    apps: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Confirmed {
    connector: String,
    confirm: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisconnectArgs {
    connector: String,
    app: String,
    user: Option<String>,
    confirm: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallApi {
    connector: String,
    app: String,
    user: Option<String>,
    path: Option<String>,
    method: Option<String>,
    fields: Option<Map<String, Value>>,
    paginate: Option<bool>,
}

fn edit_argv(a: EditConnector) -> Vec<String> {
    let mut v = vec!["edit".to_string(), a.connector];
    for sc in a.scopes.unwrap_or_default() {
        v.extend(["--scope".to_string(), sc]);
    }
    for sc in a.add_scopes {
        v.extend(["--add-scope".to_string(), sc]);
    }
    for sc in a.remove_scopes {
        v.extend(["--remove-scope".to_string(), sc]);
    }
    push_opt(&mut v, "--mode", a.mode);
    for app in a.apps.unwrap_or_default() {
        v.extend(["--used-by".to_string(), app]);
    }
    v
}

fn add_connector(cfg: &Config, pages: &Pages, a: AddConnector) -> Outcome {
    let mut argv = a.argv();
    match (&a.client_secret_env, &a.client_secret_file) {
        (Some(var), None) => argv.extend(["--client-secret-env".to_string(), var.clone()]),
        (None, Some(file)) => argv.extend(["--client-secret-file".to_string(), file.clone()]),
        (Some(_), Some(_)) => {
            return Err(ToolError::arguments(
                "give client_secret_env or client_secret_file, not both",
            ));
        }
        (None, None) => {
            // The admin types the secret into a page this server shows on 127.0.0.1; it
            // never passes through the client or the model.
            let message = format!(
                "Type the client secret of the connector \"{}\" ({}) on this page. It goes into the vault only: the assistant never sees it. The page works once, for ten minutes.",
                crate::text::printable(&a.name),
                crate::text::printable(&a.provider),
            );
            let url = pages.secret_page(cfg, argv, message)?;
            return Ok(json!({
                "status": "waiting_for_secret",
                "secret_url": url,
                "say": "Ask the admin to open this address in their browser and type the client secret there; it is used once. Then check with show_connector.",
            }));
        }
    }
    run(cfg, &argv)
}

fn connect(cfg: &Config, pages: &Pages, who: Who) -> Outcome {
    let message = format!(
        "Connect your account for the connector \"{}\" in the app \"{}\"{}: this page leads to the provider, where you sign in and consent. It works once, for ten minutes.",
        crate::text::printable(&who.connector),
        crate::text::printable(&who.app),
        who.user
            .as_deref()
            .map(|u| format!(" as user \"{}\"", crate::text::printable(u)))
            .unwrap_or_default(),
    );
    let url = pages.start_consent(cfg, &who, message)?;
    Ok(json!({
        "status": "waiting_for_consent",
        "start_url": url,
        "say": "Ask the person to open this address in their browser and consent at the provider; it works once, for ten minutes. Then poll connection_status.",
    }))
}

fn connection_status(cfg: &Config, pages: &Pages, who: Who) -> Outcome {
    let mut argv = vec![
        "connections".to_string(),
        who.connector.clone(),
        "--app".into(),
        who.app.clone(),
    ];
    push_opt(&mut argv, "--user", who.user.clone());
    let v = run(cfg, &argv)?;
    let connection = v["connections"]
        .as_array()
        .and_then(|l| l.first())
        .cloned()
        .unwrap_or(Value::Null);
    Ok(json!({
        "connected": connection.is_object(),
        "connection": connection,
        "consent": pages.consent_state(&who),
    }))
}

fn call_api(cfg: &Config, a: CallApi) -> Outcome {
    let mut argv = vec!["api".to_string(), a.connector, "--app".into(), a.app];
    push_opt(&mut argv, "--user", a.user);
    argv.extend(a.path);
    push_opt(&mut argv, "--method", a.method);
    for (k, v) in a.fields.unwrap_or_default() {
        let text = match v {
            Value::String(s) => {
                argv.push("-f".into());
                s
            }
            other => {
                argv.push("-F".into());
                other.to_string()
            }
        };
        if text.starts_with('@') {
            return Err(ToolError::arguments(format!(
                "field '{k}' starts with @: a tool does not read files into a request"
            )));
        }
        argv.push(format!("{k}={text}"));
    }
    if a.paginate.unwrap_or(false) {
        argv.push("--paginate".into());
    }
    let mut v = run(cfg, &argv)?;
    redact(&mut v);
    Ok(v)
}

/// Replaces every value whose key names a secret (a token, a secret, a password, a code
/// verifier) with `***`, at any depth.
pub fn redact(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                let k = k.to_ascii_lowercase();
                if k.contains("token")
                    || k.contains("secret")
                    || k.contains("password")
                    || k == "code_verifier"
                {
                    if !x.is_null() {
                        *x = Value::String("***".into());
                    }
                } else {
                    redact(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(redact),
        _ => {}
    }
}
