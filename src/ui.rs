//! Every byte that reaches the terminal goes through here: human text and tables on stdout,
//! one JSON document under `--json`, warnings and notes on stderr, prompts, colour.
//!
//! Commands never `println!`. Nothing here ever receives a secret unless the user asked to
//! reveal it; prompts for secrets use hidden input.

use std::io::{IsTerminal, Write};

use secrecy::SecretString;
use serde::Serialize;

use crate::error::{Error, Result};

/// Where a `Ui`'s bytes go: the process's stdout and stderr, or buffers that a test reads
/// (so a command renders in-process exactly as it would on the terminal).
#[derive(Clone, Default)]
pub enum Output {
    #[default]
    Terminal,
    Captured(std::sync::Arc<std::sync::Mutex<Captured>>),
}

/// What a captured `Ui` printed.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The `--json` document itself, not rendered, when the Ui keeps documents (the MCP
    /// server's tools, which pass it on as structured content).
    pub document: Option<serde_json::Value>,
}

impl Output {
    fn stdout(&self, bytes: &[u8]) {
        match self {
            Output::Terminal => {
                let _ = std::io::stdout().lock().write_all(bytes);
            }
            Output::Captured(c) => c
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .stdout
                .extend_from_slice(bytes),
        }
    }

    fn stderr(&self, bytes: &[u8]) {
        match self {
            Output::Terminal => {
                let _ = std::io::stderr().lock().write_all(bytes);
            }
            Output::Captured(c) => c
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .stderr
                .extend_from_slice(bytes),
        }
    }

    /// Whether stderr is a terminal (a captured one never is).
    fn stderr_is_terminal(&self) -> bool {
        matches!(self, Output::Terminal) && std::io::stderr().is_terminal()
    }
}

/// What a command shows: one typed value that is both its JSON document (through
/// `Serialize`) and, through `human`, the text a person reads. A command builds its view
/// and hands it to [`Ui::show`]; the two renderings cannot drift apart in what they say.
/// Text only a person needs (a hint, an aligned label) sits in `#[serde(skip)]` fields.
pub trait View: Serialize {
    /// Writes the view for a person, with `ui.line`, `ui.field` and `ui.table`.
    fn human(&self, ui: &Ui);
}

pub struct Ui {
    output: Output,
    json: bool,
    quiet: bool,
    verbose: bool,
    interactive: bool,
    color: bool,
    /// Warnings collected for the JSON document of the current command.
    warnings: Vec<String>,
    /// Keep the `--json` document as a value instead of rendering it (captured only).
    keep_documents: bool,
}

impl Ui {
    pub fn new(json: bool, quiet: bool, verbose: bool, no_input: bool) -> Ui {
        let interactive =
            !no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let color =
            !json && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Ui {
            output: Output::Terminal,
            json,
            quiet,
            verbose,
            interactive,
            color,
            warnings: Vec::new(),
            keep_documents: false,
        }
    }

    /// A Ui that writes into buffers instead of the terminal: no colour, no prompts.
    pub fn captured(
        json: bool,
        quiet: bool,
        verbose: bool,
    ) -> (Ui, std::sync::Arc<std::sync::Mutex<Captured>>) {
        let buffers = std::sync::Arc::new(std::sync::Mutex::new(Captured::default()));
        let ui = Ui {
            output: Output::Captured(buffers.clone()),
            json,
            quiet,
            verbose,
            interactive: false,
            color: false,
            warnings: Vec::new(),
            keep_documents: false,
        };
        (ui, buffers)
    }

    /// A captured Ui writing into `buffers`, which the caller may read while the command
    /// runs (the MCP server reads a consent's URL from it). The `--json` document is kept
    /// as a value in `buffers.document`, not rendered.
    pub fn into_buffers(
        json: bool,
        quiet: bool,
        verbose: bool,
        buffers: std::sync::Arc<std::sync::Mutex<Captured>>,
    ) -> Ui {
        Ui {
            output: Output::Captured(buffers),
            json,
            quiet,
            verbose,
            interactive: false,
            color: false,
            warnings: Vec::new(),
            keep_documents: true,
        }
    }

    /// Pushes what was printed out now (before a long wait).
    pub fn flush(&self) {
        if matches!(self.output, Output::Terminal) {
            let _ = std::io::stdout().lock().flush();
        }
    }

    /// A message of the argument parser: help and version on stdout, errors on stderr.
    /// On the terminal clap prints it (with its colours); captured, its plain text.
    pub fn clap_message(&self, e: &clap::Error, to_stdout: bool) {
        match &self.output {
            Output::Terminal => {
                let _ = e.print();
            }
            output => {
                let text = e.render().to_string();
                if to_stdout {
                    output.stdout(text.as_bytes());
                } else {
                    output.stderr(text.as_bytes());
                }
            }
        }
    }

    fn out_line(&self, text: &str) {
        self.output.stdout(format!("{text}\n").as_bytes());
    }

    fn err_line(&self, text: &str) {
        self.output.stderr(format!("{text}\n").as_bytes());
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Whether prompts may be shown: a terminal on stdin and stderr, and no `--no-input`.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// A line of human output on stdout; nothing under `--json`.
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            self.out_line(text.as_ref());
        }
    }

    /// A labelled line: `label:` padded to `width`, then the value.
    pub fn field(&self, label: &str, width: usize, value: impl AsRef<str>) {
        let label = format!("{label}:");
        self.line(format!(
            "{} {}",
            self.bold(&format!("{label:<width$}", width = width + 1)),
            printable(value.as_ref())
        ));
    }

    /// Informational text for a person, on stderr; silenced by `-q` and `--json`.
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet && !self.json {
            self.err_line(&printable(text.as_ref()));
        }
    }

    /// Text a person must see to go on (a URL to open), on stderr even under `-q` or `--json`.
    pub fn tell(&self, text: impl AsRef<str>) {
        self.err_line(text.as_ref());
    }

    /// A line from the person: asked on the terminal, or read from standard input when it
    /// is piped (so scripts can answer).
    pub fn line_from_person(&self, prompt: &str, flag: &str) -> Result<String> {
        if self.interactive {
            return self.input(prompt, None, flag);
        }
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(n) if n > 0 && !line.trim().is_empty() => Ok(line.trim().to_string()),
            _ => Err(Error::with(
                crate::error::code::INPUT_REQUIRED,
                format!("{prompt} is needed, and standard input gave nothing"),
            )
            .hint(format!("use {flag}"))),
        }
    }

    /// A warning: printed on stderr (unless `--json`) and kept for the JSON document.
    pub fn warn(&mut self, text: impl Into<String>) {
        let text = printable(&text.into());
        if !self.json {
            let prefix = if self.color {
                "\x1b[33mwarning:\x1b[0m"
            } else {
                "warning:"
            };
            self.err_line(&format!("{prefix} {text}"));
        }
        self.warnings.push(text);
    }

    /// The warnings issued so far, for commands that put them in their JSON document.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// A document the command exists to print (a schema, an exported file, a validation
    /// report in the format asked for): written to stdout as it is, `--json` or not.
    pub fn document(&self, text: &str) {
        self.output.stdout(text.as_bytes());
    }

    /// Bytes on stdout as they are (an API's answer).
    pub fn bytes(&self, data: &[u8]) {
        self.output.stdout(data);
    }

    /// Whether stdout is a terminal (a person reads it) rather than a pipe or a file.
    pub fn stdout_is_terminal(&self) -> bool {
        matches!(self.output, Output::Terminal) && std::io::stdout().is_terminal()
    }

    /// A report of problems, for a person, on stderr (not under `--json`, whose document
    /// carries them).
    pub fn problems(&self, text: &str) {
        if !self.json {
            self.output.stderr(text.as_bytes());
        }
    }

    /// Prints the command's JSON document (only under `--json`). Keys come out sorted,
    /// whatever order a typed view declares its fields in: the JSON contract does not
    /// depend on how the view is written.
    pub fn json<T: Serialize>(&self, doc: &T) -> Result<()> {
        if self.json {
            let value = serde_json::to_value(doc)
                .map_err(|e| Error::internal(format!("could not render JSON output: {e}")))?;
            let Some(value) = self.keep(value) else {
                return Ok(());
            };
            let text = serde_json::to_string_pretty(&value)
                .map_err(|e| Error::internal(format!("could not render JSON output: {e}")))?;
            self.out_line(&text);
        }
        Ok(())
    }

    /// Shows what a command produced, once: its JSON document under `--json`, else the
    /// text a person reads.
    pub fn show<V: View + ?Sized>(&self, view: &V) -> Result<()> {
        if self.json {
            self.json(&view)
        } else {
            view.human(self);
            Ok(())
        }
    }

    /// Prints an aligned table. Empty tables print nothing; the caller says "none".
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>]) {
        if self.json || rows.is_empty() {
            return;
        }
        // Cells hold stored text (accounts, provider words, audit details): no control
        // character or escape sequence reaches the terminal through them.
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| printable(c).replace('\n', " ")).collect())
            .collect();
        let rows = &rows;
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let render = |cells: Vec<String>| {
            let last = cells.len().saturating_sub(1);
            let mut line = String::new();
            for (i, cell) in cells.into_iter().enumerate() {
                if i == last {
                    line.push_str(&cell);
                } else {
                    let pad = widths[i] - cell.chars().count();
                    line.push_str(&cell);
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            line.trim_end().to_string()
        };
        let header = render(headers.iter().map(|h| h.to_string()).collect());
        self.line(self.bold(&header));
        for row in rows {
            self.line(render(row.clone()));
        }
    }

    pub fn bold(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Keeps `doc` as the captured document instead of rendering it, when this Ui keeps
    /// documents; otherwise gives it back, to be rendered.
    fn keep(&self, doc: serde_json::Value) -> Option<serde_json::Value> {
        match (&self.output, self.keep_documents) {
            (Output::Captured(c), true) => {
                c.lock().unwrap_or_else(|e| e.into_inner()).document = Some(doc);
                None
            }
            _ => Some(doc),
        }
    }

    /// Prints an error the way the user asked: JSON on stdout, or text on stderr.
    pub fn error(&self, err: &Error) {
        if self.json {
            let Some(doc) = self.keep(err.to_json()) else {
                return;
            };
            if let Ok(text) = serde_json::to_string_pretty(&doc) {
                self.out_line(&text);
            }
        } else {
            let prefix =
                if self.output.stderr_is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                    "\x1b[31merror:\x1b[0m"
                } else {
                    "error:"
                };
            // Messages may quote a provider, a file or the vault: printable only.
            self.err_line(&format!("{prefix} {}", printable(&err.message)));
            if let Some(hint) = &err.hint {
                self.err_line(&format!("hint: {}", printable(hint)));
            }
        }
    }

    fn require_terminal(&self, what: &str, flag: &str) -> Result<()> {
        if self.interactive {
            Ok(())
        } else {
            Err(Error::with(
                crate::error::code::INPUT_REQUIRED,
                format!("{what} is needed, and there is no terminal to ask on"),
            )
            .hint(format!("pass {flag}")))
        }
    }

    /// Asks for a line of text. `flag` names the option that answers it in scripts.
    pub fn input(&self, prompt: &str, default: Option<&str>, flag: &str) -> Result<String> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        let mut input = dialoguer::Input::<String>::with_theme(&theme).with_prompt(prompt);
        if let Some(d) = default {
            input = input.default(d.to_string());
        }
        input.interact_text().map_err(prompt_error)
    }

    /// Asks for a line that may be empty, offering `default` (kept with Enter).
    pub fn input_prefilled(&self, prompt: &str, default: &str, flag: &str) -> Result<String> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        dialoguer::Input::<String>::with_theme(&theme)
            .with_prompt(prompt)
            .default(default.to_string())
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_error)
    }

    /// Asks for a line that may be empty (used to end lists).
    pub fn input_optional(&self, prompt: &str, flag: &str) -> Result<String> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        dialoguer::Input::<String>::with_theme(&theme)
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_error)
    }

    /// Asks for a secret with hidden input.
    pub fn password(&self, prompt: &str, flag: &str) -> Result<SecretString> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        let value = dialoguer::Password::with_theme(&theme)
            .with_prompt(prompt)
            .interact()
            .map_err(prompt_error)?;
        Ok(SecretString::from(value))
    }

    /// Asks for a new passphrase twice.
    pub fn new_password(&self, prompt: &str, flag: &str) -> Result<SecretString> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        let value = dialoguer::Password::with_theme(&theme)
            .with_prompt(prompt)
            .with_confirmation("Repeat it", "The two entries differ; try again")
            .interact()
            .map_err(prompt_error)?;
        Ok(SecretString::from(value))
    }

    pub fn confirm(&self, prompt: &str, flag: &str) -> Result<bool> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        dialoguer::Confirm::with_theme(&theme)
            .with_prompt(prompt)
            .default(false)
            .interact()
            .map_err(prompt_error)
    }

    pub fn select(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
        flag: &str,
    ) -> Result<usize> {
        self.require_terminal(prompt, flag)?;
        let theme = dialoguer::theme::SimpleTheme;
        dialoguer::Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
            .map_err(prompt_error)
    }
}

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::with(
        crate::error::code::PROMPT_FAILED,
        format!("the prompt could not be answered: {e}"),
    )
    .hint("run the command again, or pass every value as a flag with --no-input")
}

/// A JSON value as a person reads it in a change list: strings bare, lists comma-separated,
/// nothing as "(none)", a secret as its fingerprint.
pub fn human_value(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("fingerprint") => {
            o["fingerprint"].as_str().unwrap_or_default().to_string()
        }
        Value::Array(a) if a.is_empty() => "(none)".to_string(),
        Value::Array(a) => a
            .iter()
            .map(|i| {
                i.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Asks for a passphrase on the terminal (twice when `confirm`), hidden.
pub fn ask_passphrase(prompt: &str, confirm: bool) -> Result<SecretString> {
    let theme = dialoguer::theme::SimpleTheme;
    let mut p = dialoguer::Password::with_theme(&theme).with_prompt(prompt);
    if confirm {
        p = p.with_confirmation("Repeat it", "The two entries differ; try again");
    }
    p.interact().map(SecretString::from).map_err(prompt_error)
}

/// The person at the terminal, as the library asks and tells them (see [`crate::ask`]):
/// passphrases are read without echo, notices go to stderr.
pub struct Terminal {
    output: Output,
}

impl crate::ask::Person for Terminal {
    fn passphrase(&self, prompt: &str, confirm: bool) -> Result<SecretString> {
        ask_passphrase(prompt, confirm)
    }

    fn notice(&self, text: &str) {
        // Even under -q: a notice is what the person must not miss (it may be the sign of
        // a vault someone tampered with).
        self.output
            .stderr(format!("{}\n", printable(text)).as_bytes());
    }
}

impl Ui {
    /// The person at this terminal, for the library to ask and tell.
    pub fn person(&self) -> crate::ask::PersonRef {
        std::sync::Arc::new(Terminal {
            output: self.output.clone(),
        })
    }

    /// A spinner on stderr while waiting on the network or a person; `None` when stderr is
    /// not a terminal, or under `--json` or `-q`.
    pub fn spinner(&self, message: &str) -> Option<indicatif::ProgressBar> {
        if self.json || self.quiet || !self.output.stderr_is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(message.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Some(bar)
    }

    /// A progress bar on stderr for `len` steps; hidden when not on a terminal.
    pub fn progress(&self, len: u64, message: &str) -> indicatif::ProgressBar {
        if self.json || self.quiet || !self.output.stderr_is_terminal() {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_string());
        bar
    }
}

pub use crate::text::printable;
