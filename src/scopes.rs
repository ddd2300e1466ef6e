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
            return Err(Error::with(crate::error::code::BAD_SCOPE,
                format!("'{scope}' holds several scopes joined with {what}; give one scope per line"),
            )
            .hint(format!(
                "split it: {} (connectors joins them with the provider's separator itself, so never type the {sep})",
                parts.iter().map(|p| format!("--scope {p}")).collect::<Vec<_>>().join(" ")
            )));
        }
        if scope.chars().any(char::is_control) {
            return Err(Error::with(
                crate::error::code::BAD_SCOPE,
                "a scope contains a control character",
            )
            .hint("type the scope again as plain text"));
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

/// The score a likely typo reaches (Jaro-Winkler similarity).
const TYPO: f64 = 0.85;
/// Words longer than this get no suggestion: a typo of such a word is not what happened.
const LONGEST_WORD: usize = 128;

/// Whether lengths `a` and `b` can reach [`TYPO`] at all. Jaro-Winkler is at most
/// 0.6 * jaro + 0.4, and jaro at most (min/max + 2) / 3, so a typo needs min/max >= 0.25:
/// a cheap filter that never drops a candidate that could win.
fn lengths_can_match(a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    hi == 0 || lo * 4 >= hi
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() > LONGEST_WORD {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    candidates
        .filter(|c| lengths_can_match(lower.len(), c.len()))
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= TYPO)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Did-you-mean suggestions over one set of candidates, for a run that may meet many
/// unknown words: each distinct word is looked up once, and the whole run compares at most
/// [`Suggest::BUDGET`] word-candidate pairs, after which words get no suggestion. So a file
/// of 80,000 unknown names costs what a few hundred would, not 80,000 times the candidates.
pub struct Suggest<'a> {
    candidates: Vec<(&'a str, String)>,
    memo: std::collections::HashMap<String, Option<&'a str>>,
    budget: usize,
}

impl<'a> Suggest<'a> {
    /// Word-candidate comparisons one run may spend.
    pub const BUDGET: usize = 250_000;

    pub fn new(candidates: impl Iterator<Item = &'a str>) -> Suggest<'a> {
        Suggest {
            candidates: candidates
                .filter(|c| c.len() <= LONGEST_WORD)
                .map(|c| (c, c.to_ascii_lowercase()))
                .collect(),
            memo: std::collections::HashMap::new(),
            budget: Self::BUDGET,
        }
    }

    /// The candidate `word` is likely a typo of, if any.
    pub fn get(&mut self, word: &str) -> Option<&'a str> {
        if let Some(hit) = self.memo.get(word) {
            return *hit;
        }
        if word.len() > LONGEST_WORD || self.budget < self.candidates.len() {
            return None;
        }
        self.budget -= self.candidates.len();
        let lower = word.to_ascii_lowercase();
        let best = self
            .candidates
            .iter()
            .filter(|(_, l)| lengths_can_match(lower.len(), l.len()))
            .map(|(c, l)| (strsim::jaro_winkler(&lower, l), *c))
            .filter(|(score, _)| *score >= TYPO)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c);
        self.memo.insert(word.to_string(), best);
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suggestions_are_remembered_and_bounded() {
        let mut s = Suggest::new(["openid", "email", "profile"].into_iter());
        assert_eq!(s.get("emial"), Some("email"));
        assert_eq!(s.get("emial"), Some("email"));
        assert_eq!(s.get("zzzzzzzz"), None);
        assert_eq!(s.get(&"e".repeat(500)), None);
        // Once the budget is spent, new words get nothing (remembered ones still do).
        s.budget = 0;
        assert_eq!(s.get("profle"), None);
        assert_eq!(s.get("emial"), Some("email"));
    }

    proptest! {
        #[test]
        fn the_length_filter_never_drops_a_typo(a in "[a-z]{0,30}", b in "[a-z]{0,30}") {
            if strsim::jaro_winkler(&a, &b) >= TYPO {
                prop_assert!(lengths_can_match(a.len(), b.len()));
            }
        }
    }

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
