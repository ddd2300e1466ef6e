//! Opening the authorization URL: `$BROWSER` when set (a `:`-separated list of commands,
//! `%s` standing for the URL), else the system opener. The URL is passed as one argument,
//! never through a shell (on Windows not through `cmd /C start`, which cuts a URL at its
//! first `&`), and the browser inherits no variable that carries a secret (see
//! [`crate::hygiene`]).

use std::process::Stdio;

use crate::error::{Error, Result};

fn spawn(program: &str, args: &[String]) -> bool {
    let child = crate::hygiene::child(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut c) => {
            // Reap it whenever it ends; the flow does not wait for the browser.
            std::thread::spawn(move || {
                let _ = c.wait();
            });
            true
        }
        Err(_) => false,
    }
}

/// Opens `url`; returns the command used.
pub fn open(url: &str) -> Result<String> {
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
            if spawn(&program, &words) {
                return Ok(program);
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
        if spawn(program, &args) {
            return Ok(program.to_string());
        }
    }
    Err(
        Error::with(crate::error::code::NO_BROWSER, "no browser could be opened")
            .hint("set BROWSER, or pass --no-browser and open the printed URL yourself"),
    )
}
