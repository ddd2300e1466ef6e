//! `connectors mcp`: the workspace's connectors served to an AI assistant over the Model
//! Context Protocol (stdio), on the official Rust SDK (`rmcp`). A second front end beside
//! the command line, so it lives with it: its tools are the CLI's commands.
//!
//! The server serves the vault and workspace the command line names, with the key from
//! the usual sources (never from the client). Its tools ([`tools`]) run the CLI's own
//! commands in this process, so they share the CLI's write path, locks, errors and audit
//! log (recorded `via: mcp`). No secret passes through the client or the model: no tool
//! takes or returns one, and where a person must give one (a client secret, a consent),
//! the tool returns a single-use address on 127.0.0.1 for that person to open
//! ([`pages`]).

pub mod elicit;
pub mod pages;
pub mod tools;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rmcp::ServerHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ContentBlock as Content, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::{RequestContext, RoleServer};
use serde_json::Value;

use crate::error::{Error, Result};

/// `connectors mcp`'s flags.
#[derive(Debug, clap::Args)]
pub struct McpArgs {
    /// Serve only the tools that change nothing
    #[arg(long)]
    pub read_only: bool,
}

/// Serves the vault and workspace of the command line until the client leaves.
pub fn run(args: McpArgs, ctx: &mut super::Ctx) -> super::Outcome {
    let g = &ctx.global;
    serve(Config {
        vault: g.vault.clone(),
        workspace: g.workspace.clone(),
        key_file: g.key_file.clone(),
        providers: g.providers.clone(),
        read_only: args.read_only,
    })?;
    Ok(())
}

/// What the server serves, from its own command line.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub vault: Option<PathBuf>,
    pub workspace: String,
    pub key_file: Option<PathBuf>,
    pub providers: Option<PathBuf>,
    /// Only the tools that change nothing.
    pub read_only: bool,
}

/// What one CLI command run for a tool gave: its exit code, its `--json` document (kept
/// as a value, never rendered), and what else it printed.
pub struct Ran {
    pub code: i32,
    pub document: Option<Value>,
    pub stderr: String,
}

/// Runs one CLI command in this process for a tool: `--json`, no prompts, this server's
/// vault, workspace and key; its output in `buffers` when given (read while it runs).
pub fn run_command(
    cfg: &Config,
    argv: &[String],
    buffers: Option<Arc<Mutex<crate::ui::Captured>>>,
) -> Ran {
    let mut args = vec![
        "connectors".to_string(),
        "--json".into(),
        "--no-input".into(),
    ];
    args.extend(["--workspace".to_string(), cfg.workspace.clone()]);
    if let Some(v) = &cfg.vault {
        args.extend(["--vault".to_string(), v.display().to_string()]);
    }
    if let Some(k) = &cfg.key_file {
        args.extend(["--key-file".to_string(), k.display().to_string()]);
    }
    if let Some(p) = &cfg.providers {
        args.extend(["--providers".to_string(), p.display().to_string()]);
    }
    args.extend(argv.iter().cloned());
    let buffers = buffers.unwrap_or_default();
    let code = super::run_in_process(&args, crate::model::Via::Mcp, buffers.clone());
    let mut captured = buffers.lock().unwrap_or_else(|e| e.into_inner());
    // Most commands hand over their document as a value; a few print a rendered one
    // (a validation report, an API's answer), which is read back.
    let document = captured
        .document
        .take()
        .or_else(|| serde_json::from_slice(&captured.stdout).ok());
    Ran {
        code,
        document,
        stderr: String::from_utf8_lossy(&captured.stderr).into_owned(),
    }
}

/// Runs a tool, whatever its arguments: a panic in it becomes a tool error (the server
/// goes on serving).
pub fn call_tool(
    cfg: &Config,
    pages: &pages::Pages,
    name: &str,
    args: &serde_json::Map<String, Value>,
) -> tools::Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tools::call(cfg, pages, name, args)
    }))
    .unwrap_or_else(|_| {
        Err(tools::ToolError {
            code: "internal".into(),
            message: "internal error in the tool; nothing was committed".into(),
            hint: Some("this is a bug in connectors: please report it with the tool call".into()),
        })
    })
}

/// The MCP server.
#[derive(Clone)]
struct Server {
    cfg: Config,
    pages: pages::Pages,
    handles: elicit::Handles,
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("connectors", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The workspace's OAuth connectors. No tool takes or returns a secret: a client secret or a person's consent is given on a single-use page on 127.0.0.1 whose address a tool returns for the person to open.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListToolsResult, rmcp::ErrorData> {
        let tools = tools::served(self.cfg.read_only)
            .map(|t| {
                let schema = match (t.schema)() {
                    Value::Object(m) => m,
                    _ => serde_json::Map::new(),
                };
                Tool::new(t.name, t.description, Arc::new(schema)).with_annotations(
                    ToolAnnotations::new()
                        .read_only(t.read_only)
                        .destructive(t.destructive),
                )
            })
            .collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> std::result::Result<rmcp::model::CallToolResponse, rmcp::ErrorData> {
        // The retry of a call that asked for the person's input (2026-07-28).
        if request.request_state.is_some() {
            let outcome = elicit::resume(&self.pages, &self.handles, &request, &context).await;
            return Ok(to_result(outcome).into());
        }
        let (cfg, pages) = (self.cfg.clone(), self.pages.clone());
        let name = request.name.to_string();
        let args = request.arguments.unwrap_or_default();
        // The vault is not shared across threads: each call opens it on a blocking thread.
        let outcome = tokio::task::spawn_blocking(move || call_tool(&cfg, &pages, &name, &args))
            .await
            .unwrap_or_else(|_| {
                Err(tools::ToolError {
                    code: "internal".into(),
                    message: "the tool stopped unexpectedly".into(),
                    hint: None,
                })
            });
        // A page for the person goes to the person through the client where it can.
        if let Ok(v) = &outcome
            && let Some(w) = elicit::Waiting::of(v)
            && elicit::url_supported(&context)
        {
            return Ok(elicit::offer(&self.pages, &self.handles, w, &context).await);
        }
        Ok(to_result(outcome).into())
    }
}

/// A tool's outcome as MCP's result: structured content and its text, or a tool error
/// with the CLI's code, message and hint.
fn to_result(outcome: tools::Outcome) -> CallToolResult {
    match outcome {
        Ok(v) => {
            let text = serde_json::to_string(&v).unwrap_or_default();
            let mut r = CallToolResult::structured(v);
            r.content = vec![Content::text(text)];
            r
        }
        Err(e) => {
            let doc = e.to_json();
            let mut r = CallToolResult::error(vec![Content::text(format!(
                "{}: {}{}",
                e.code,
                e.message,
                e.hint
                    .as_deref()
                    .map(|h| format!(" (hint: {h})"))
                    .unwrap_or_default()
            ))]);
            r.structured_content = Some(doc);
            r
        }
    }
}

/// Serves until the client closes standard input.
pub fn serve(cfg: Config) -> Result<()> {
    use rmcp::ServiceExt;
    // A panic in a tool must not end the server (the CLI's hook would exit the process).
    std::panic::set_hook(Box::new(|_| {}));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("no async runtime: {e}")))?;
    runtime.block_on(async move {
        let server = Server {
            cfg,
            pages: pages::Pages::default(),
            handles: elicit::Handles::default(),
        };
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::internal(format!("the MCP session could not start: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::internal(format!("the MCP session ended badly: {e}")))?;
        Ok(())
    })
}
