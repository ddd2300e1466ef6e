//! Scope lists as admins type them: one per line, trimmed, de-duplicated, in order.
//! A line holding several scopes (spaces or commas) is an error that says how to split
//! it; a scope the provider's catalog does not know is a warning with a suggestion.

use crate::error::{Error, Result};
use crate::provider::Provider;

/// Normalises scope lines: trims each, drops empty lines and repeats, keeps order.
pub fn normalize<I, S>(lines: I) -> Result<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let scope = line.as_ref().trim();
        if scope.is_empty() {
            continue;
        }
        if scope.chars().any(char::is_whitespace) || scope.contains(',') {
            let parts: Vec<&str> = scope
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|p| !p.is_empty())
                .collect();
            let (what, sep) = if scope.contains(',') {
                ("commas", "comma")
            } else {
                ("spaces", "space")
            };
            return Err(Error::usage(
                "bad_scope",
                format!("'{scope}' holds several scopes joined with {what}; give one scope per line"),
            )
            .hint(format!(
                "split it: {} (connectors joins them with the provider's separator itself, so never type the {sep})",
                parts.iter().map(|p| format!("--scope {p}")).collect::<Vec<_>>().join(" ")
            )));
        }
        if scope.chars().any(char::is_control) {
            return Err(
                Error::usage("bad_scope", "a scope contains a control character")
                    .hint("type the scope again as plain text"),
            );
        }
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_string());
        }
    }
    Ok(out)
}

/// The warning for a connector without the scope its provider issues refresh tokens for
/// (Salesforce's refresh_token, Microsoft's and Atlassian's offline_access), if it lacks it.
pub fn refresh_scope_warning(provider: &Provider, scopes: &[String]) -> Option<String> {
    let required = provider.refresh_requires_scope.as_deref()?;
    if scopes.iter().any(|s| s == required) {
        return None;
    }
    Some(format!(
        "{} ({}): without the {required} scope {} issues no refresh token, so people must reconnect whenever the access token expires; add it with --add-scope {required}",
        crate::troubleshoot::MISSING_REFRESH_SCOPE.title,
        crate::troubleshoot::MISSING_REFRESH_SCOPE.code,
        provider.display_name
    ))
}

/// Warnings for scopes the provider's catalog does not list, with a did-you-mean.
pub fn unknown_scope_warnings(provider: &Provider, scopes: &[String]) -> Vec<String> {
    if provider.scopes.is_empty() {
        return Vec::new();
    }
    scopes
        .iter()
        .filter(|s| !provider.knows_scope(s))
        .map(|s| {
            let known = provider.scopes.iter().map(|k| k.name.as_str());
            match closest(s, known) {
                Some(k) => format!("scope '{s}' is not a known {} scope; did you mean '{k}'?", provider.display_name),
                None => format!(
                    "scope '{s}' is not a known {} scope; check it against `connectors providers show {}`",
                    provider.display_name, provider.name
                ),
            }
        })
        .collect()
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_dedups_and_keeps_order() {
        let got = normalize(["  email ", "", "openid", "email", "profile"]).unwrap();
        assert_eq!(got, ["email", "openid", "profile"]);
    }

    #[test]
    fn joined_scopes_are_errors_that_say_how_to_split() {
        let e = normalize(["email, profile"]).unwrap_err();
        assert_eq!(e.code, "bad_scope");
        assert!(
            e.hint
                .as_ref()
                .unwrap()
                .contains("--scope email --scope profile"),
            "{:?}",
            e.hint
        );
        let e = normalize(["openid email"]).unwrap_err();
        assert!(e.message.contains("spaces"));
    }

    #[test]
    fn unknown_scopes_get_a_suggestion() {
        let catalog = crate::provider::Catalog::builtin();
        let google = catalog.get("google").unwrap();
        let w = unknown_scope_warnings(google, &["emial".into(), "openid".into()]);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("did you mean 'email'"), "{}", w[0]);
        let notion = catalog.get("notion").unwrap();
        assert!(unknown_scope_warnings(notion, &["anything".into()]).is_empty());
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent_and_never_loses_a_scope(lines in proptest::collection::vec("[a-z:._/-]{0,12}", 0..20)) {
            let once = normalize(&lines).unwrap();
            prop_assert_eq!(normalize(&once).unwrap(), once.clone());
            for l in &lines {
                if !l.is_empty() {
                    prop_assert!(once.contains(l));
                }
            }
            let mut sorted = once.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), once.len());
        }
    }
}
