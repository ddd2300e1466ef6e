//! Opening the authorization URL: `$BROWSER` when set (a `:`-separated list of commands,
//! `%s` standing for the URL), else the system opener. The URL is passed as one argument,
//! never through a shell (on Windows not through `cmd /C start`, which cuts a URL at its
//! first `&`), and the browser inherits no variable that carries a secret (see
//! [`crate::hygiene`]).

use std::process::Stdio;

use crate::error::{Error, Result};

/// A browser command started: whether it has failed yet (exited non-zero, as `xdg-open`
/// does on a machine without a desktop) is asked while the flow waits, so a failure is
/// noticed without holding the flow up.
pub struct Launched {
    pub program: String,
    exit: std::sync::mpsc::Receiver<bool>,
    failed: std::cell::Cell<bool>,
}

impl Launched {
    /// Whether the command ended unsuccessfully (so far).
    pub fn failed(&self) -> bool {
        if let Ok(ok) = self.exit.try_recv() {
            self.failed.set(!ok);
        }
        self.failed.get()
    }
}

fn spawn(program: &str, args: &[String]) -> Option<Launched> {
    let child = crate::hygiene::child(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut c = child.ok()?;
    let (tx, rx) = std::sync::mpsc::channel();
    // Reap it whenever it ends, and say how it ended; the flow does not wait for it.
    std::thread::spawn(move || {
        let ok = c.wait().is_ok_and(|s| s.success());
        let _ = tx.send(ok);
    });
    // Its name, for messages: the command as a person knows it, not its path.
    let name = std::path::Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| program.to_string());
    Some(Launched {
        program: name,
        exit: rx,
        failed: std::cell::Cell::new(false),
    })
}

/// Opens `url`; returns the command started.
pub fn open(url: &str) -> Result<Launched> {
    if let Ok(list) = std::env::var("BROWSER") {
        for entry in list.split(':').map(str::trim).filter(|e| !e.is_empty()) {
            let mut words: Vec<String> = entry.split_whitespace().map(String::from).collect();
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_string());
            }
            let program = words.remove(0);
            if let Some(l) = spawn(&program, &words) {
                return Ok(l);
            }
        }
    }
    let candidates: &[(&str, &[&str])] = if cfg!(target_os = "macos") {
        &[("open", &[])]
    } else if cfg!(windows) {
        // The URL protocol handler takes the URL as one argument, `&`s and all.
        &[("rundll32", &["url.dll,FileProtocolHandler"])]
    } else {
        &[
            ("xdg-open", &[]),
            ("gio", &["open"]),
            ("sensible-browser", &[]),
        ]
    };
    for (program, pre) in candidates {
        let mut args: Vec<String> = pre.iter().map(|s| s.to_string()).collect();
        args.push(url.to_string());
        if let Some(l) = spawn(program, &args) {
            return Ok(l);
        }
    }
    Err(
        Error::with(crate::error::code::NO_BROWSER, "no browser could be opened")
            .hint("set BROWSER, or pass --no-browser and open the printed URL yourself"),
    )
}
