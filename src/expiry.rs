//! Token lifetimes: when a stored access token expires and when it is refreshed. Pure
//! arithmetic that cannot panic or overflow, whatever a provider sends.
//!
//! - `expires_in` is clamped to [`MAX_LIFETIME`] (one year): an absurd value neither
//!   overflows the clock nor stops the token from ever being refreshed.
//! - A response without `expires_in` keeps the previous lifetime when there was one, or
//!   takes [`DEFAULT_LIFETIME`] (one hour) when the grant can be refreshed, so the token is
//!   still refreshed; a grant without a refresh token and without `expires_in` is taken as
//!   not expiring (GitHub OAuth apps, Slack bot tokens), as there is nothing to refresh.
//! - The refresh margin is a tenth of the lifetime, at most [`MAX_MARGIN`] (60 s): a token
//!   that lives 30 s is refreshed in its last 3 s, not on every use.

use std::time::{Duration, SystemTime};

/// The longest lifetime taken from a provider's `expires_in`.
pub const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);
/// The lifetime assumed for a refreshable token whose response gave none.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The most a token is refreshed ahead of its expiry.
pub const MAX_MARGIN: Duration = Duration::from_secs(60);

/// The lifetime to record for a token response.
pub fn lifetime(
    expires_in: Option<u64>,
    previous: Option<Duration>,
    refreshable: bool,
) -> Option<Duration> {
    match expires_in {
        Some(s) => Some(Duration::from_secs(s).min(MAX_LIFETIME)),
        None => previous
            .map(|p| p.min(MAX_LIFETIME))
            .or(refreshable.then_some(DEFAULT_LIFETIME)),
    }
}

/// `now + lifetime`, saturating (a clamped lifetime never overflows, but be sure).
pub fn expires_at(now: SystemTime, lifetime: Duration) -> SystemTime {
    now.checked_add(lifetime).unwrap_or(now + MAX_LIFETIME)
}

/// How long before its expiry a token of `lifetime` is refreshed.
pub fn margin(lifetime: Option<Duration>) -> Duration {
    match lifetime {
        Some(l) => (l / 10).min(MAX_MARGIN),
        None => MAX_MARGIN,
    }
}

/// Whether a token expiring at `expires` (issued `lifetime` before) must be refreshed now.
pub fn is_stale(now: SystemTime, expires: SystemTime, lifetime: Option<Duration>) -> bool {
    match now.checked_add(margin(lifetime)) {
        Some(t) => t >= expires,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_tokens_are_not_refreshed_on_every_use() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let life = Some(Duration::from_secs(30));
        assert!(!is_stale(now, now + Duration::from_secs(30), life));
        assert!(!is_stale(now, now + Duration::from_secs(4), life));
        assert!(is_stale(now, now + Duration::from_secs(3), life));
        // An hour-long token is refreshed in its last minute.
        let hour = Some(Duration::from_secs(3600));
        assert!(!is_stale(now, now + Duration::from_secs(61), hour));
        assert!(is_stale(now, now + Duration::from_secs(60), hour));
    }

    #[test]
    fn a_missing_lifetime_keeps_the_previous_or_the_default() {
        let prev = Some(Duration::from_secs(900));
        assert_eq!(lifetime(None, prev, true), prev);
        assert_eq!(lifetime(None, None, true), Some(DEFAULT_LIFETIME));
        assert_eq!(lifetime(None, None, false), None);
        assert_eq!(lifetime(Some(u64::MAX), None, true), Some(MAX_LIFETIME));
    }

    proptest! {
        #[test]
        fn any_expires_in_gives_a_bounded_future_expiry(
            secs in any::<u64>(),
            prev in proptest::option::of(any::<u64>()),
            refreshable in any::<bool>(),
            now_secs in 0u64..4_000_000_000,
        ) {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(now_secs);
            for e in [Some(secs), None] {
                if let Some(l) = lifetime(e, prev.map(Duration::from_secs), refreshable) {
                    prop_assert!(l <= MAX_LIFETIME);
                    let at = expires_at(now, l);
                    prop_assert!(at >= now && at <= now + MAX_LIFETIME);
                    // The margin never exceeds the lifetime, so a fresh token is usable
                    // unless it lives no time at all.
                    prop_assert!(margin(Some(l)) <= l);
                    prop_assert_eq!(is_stale(now, at, Some(l)), l.is_zero());
                }
            }
        }
    }
}
