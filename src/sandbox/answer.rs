//! Answers the sandbox's consent page like a person would, for scripts and the quickstart:
//! `BROWSER="connectors sandbox answer --user ada@example.test"`. It follows the sandbox's
//! pages and finally requests the redirect URI, which delivers the code to the listener.

use crate::error::{Error, Result};

pub struct Answer<'a> {
    pub user: &'a str,
    pub approve: bool,
    /// Scopes to leave unticked (a partial grant).
    pub withhold: &'a [String],
    /// Request the redirect URI at the end (as a browser does); when false, only return it
    /// (for `connect --paste`).
    pub deliver: bool,
}

fn fail(what: String) -> Error {
    Error::with(crate::error::code::SANDBOX_ANSWER, what)
        .hint("is the URL a sandbox authorization URL, and is the sandbox running?")
}

fn get(agent: &ureq::Agent, url: &str) -> Result<(u16, Option<String>, String)> {
    match agent.get(url).call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            let location = r.header("Location").map(String::from);
            Ok((status, location, r.into_string().unwrap_or_default()))
        }
        Err(ureq::Error::Transport(t)) => Err(fail(format!("cannot reach {url}: {}", t.kind()))),
    }
}

/// Opens `url`, answers the consent page, and delivers the result to the redirect URI;
/// returns the redirect URI with its parameters.
pub fn answer(url: &str, a: &Answer<'_>) -> Result<String> {
    let agent = crate::oauth::http_agent();
    let (status, location, page) = get(&agent, url)?;
    if let Some(to) = location.filter(|_| (300..400).contains(&status)) {
        // An error sent straight back to the redirect URI.
        if a.deliver {
            get(&agent, &to)?;
        }
        return Ok(to);
    }
    if status != 200 {
        return Err(fail(format!(
            "the authorization page answered HTTP {status}"
        )));
    }
    let request = page
        .split("name=\"request\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .ok_or_else(|| fail("the page has no consent form".into()))?
        .to_string();
    let scopes: Vec<String> = page
        .split("name=\"scope\" value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&").replace("&quot;", "\""))
        .filter(|s| !a.withhold.contains(s))
        .collect();
    let base = url::Url::parse(url).map_err(|e| fail(format!("not a URL: {e}")))?;
    let decide = base.join("/decide").map_err(|e| fail(e.to_string()))?;
    let mut form: Vec<(&str, &str)> = vec![
        ("request", &request),
        ("user", a.user),
        ("decision", if a.approve { "approve" } else { "deny" }),
    ];
    for s in &scopes {
        form.push(("scope", s));
    }
    let resp = match agent.post(decide.as_str()).send_form(&form) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(ureq::Error::Transport(t)) => {
            return Err(fail(format!("cannot reach the sandbox: {}", t.kind())));
        }
    };
    let to = resp
        .header("Location")
        .map(String::from)
        .ok_or_else(|| fail("the sandbox did not redirect after the consent".into()))?;
    if a.deliver {
        get(&agent, &to)?;
    }
    Ok(to)
}
