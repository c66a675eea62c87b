//! When and how long to wait before trying a request again.
//!
//! V1 has no idempotency keys, so only idempotent methods (GET, PUT, DELETE) are retried after
//! a failure that may have reached the server: a retried `POST /contacts` whose first attempt
//! did land answers 409. A POST is retried only on 429 and 503, which say the request was not
//! processed at all. A write whose attempt may have been applied without an answer
//! ([`RetryPolicy::may_have_applied`]) and that does not end in a success is reported as an
//! unknown outcome by the client. Retried outcomes are
//! connection failures and timeouts, 429, 502, 503, 504, and 500 for GET only (V1 answers 500
//! to a bad `OptInSource` on writes, which no retry fixes). Waits grow exponentially with
//! jitter, capped; a `Retry-After` (delta-seconds or an HTTP-date, RFC 9110 §10.2.3) is
//! honoured when it is within [`RetryPolicy::max_retry_after`], and a longer one ends the
//! retries (the caller gets the error and decides).

use std::time::{Duration, SystemTime};

use crate::transport::{Method, TransportErrorKind};

/// The retry settings of a client. Start from [`RetryPolicy::default`] or
/// [`RetryPolicy::none`] and change it with the `with_*` methods (fields may be added, so
/// the struct cannot be written out literally outside this crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off. Default 3.
    pub max_attempts: u32,
    /// The wait before the first retry, before jitter. Default 250 ms.
    pub initial_backoff: Duration,
    /// The longest wait between attempts. Default 10 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client will wait; longer ones stop retrying. Default 60 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

pub use crate::classifier::Outcome;

impl RetryPolicy {
    /// `attempts` attempts in all, the first included (1 turns retries off).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The wait before the first retry (`initial`, before jitter) and the longest wait
    /// between attempts (`max`).
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The longest `Retry-After` the client will wait; a longer one stops retrying.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Whether `outcome` of `method` may be retried at all (ignoring attempt counts), by the
    /// V1 rules ([`crate::classifier::DEFAULT_CLASSIFIERS`]).
    pub fn is_retryable(method: Method, outcome: Outcome) -> bool {
        let failed = crate::classifier::FailedAttempt {
            method,
            outcome,
            body: "",
        };
        matches!(
            crate::classifier::classify(crate::classifier::DEFAULT_CLASSIFIERS, &failed),
            crate::classifier::Verdict::Retry { .. }
        )
    }

    /// Whether an attempt that ended with `outcome` may have been applied by the server: the
    /// request was (or may have been) sent, and no whole answer came back (the connection
    /// broke after sending, the answer was cut short, a timeout fired). A status answer,
    /// however bad, is not such a case, nor is a connection that could not be made.
    pub fn may_have_applied(outcome: Outcome) -> bool {
        matches!(
            outcome,
            Outcome::Timeout
                | Outcome::Transport(TransportErrorKind::Broken | TransportErrorKind::Timeout)
        )
    }

    /// How long to wait before attempt `attempt + 1` after attempt `attempt` (1-based)
    /// failed with `outcome`, by the V1 rules; `None` means stop and return the error. See
    /// [`RetryPolicy::next_delay_by`] for any list of classifiers.
    pub fn next_delay(
        &self,
        method: Method,
        attempt: u32,
        outcome: Outcome,
        retry_after: Option<&str>,
    ) -> Option<Duration> {
        let failed = crate::classifier::FailedAttempt {
            method,
            outcome,
            body: "",
        };
        self.next_delay_by(
            crate::classifier::DEFAULT_CLASSIFIERS,
            attempt,
            &failed,
            retry_after,
        )
    }

    /// How long to wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed
    /// as `failed` says, by `classifiers`; `None` means stop and return the error. A
    /// `Retry-After` within [`RetryPolicy::max_retry_after`] is the wait; a longer one stops.
    /// Without one, the jittered backoff, but never less than the classifier's minimum.
    pub fn next_delay_by(
        &self,
        classifiers: &[&dyn crate::classifier::RetryClassifier],
        attempt: u32,
        failed: &crate::classifier::FailedAttempt<'_>,
        retry_after: Option<&str>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let crate::classifier::Verdict::Retry { at_least } =
            crate::classifier::classify(classifiers, failed)
        else {
            return None;
        };
        if let Some(wait) = retry_after.and_then(parse_retry_after) {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        Some(self.backoff(attempt).max(at_least))
    }

    /// The jittered exponential wait after attempt `attempt`: a random point in the upper
    /// half of `initial_backoff * 2^(attempt-1)`, capped at `max_backoff`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(20);
        let base = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        let half = base / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Parses `Retry-After` (RFC 9110 §10.2.3) as a wait from now: delta-seconds (`120`) or an
/// HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, or the obsolete RFC 850 and asctime forms).
/// A date in the past means "now" (zero). Anything else is `None`, and the exponential
/// backoff applies instead.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    parse_retry_after_at(value, SystemTime::now())
}

/// [`parse_retry_after`] with an explicit "now", for dates.
pub fn parse_retry_after_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: delta-seconds; an absurd number saturates (and exceeds any cap).
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_is_retried_only_when_the_server_did_nothing() {
        assert!(RetryPolicy::is_retryable(
            Method::Post,
            Outcome::Status(503)
        ));
        assert!(RetryPolicy::is_retryable(
            Method::Post,
            Outcome::Status(429)
        ));
        for outcome in [
            Outcome::Status(500),
            Outcome::Status(502),
            Outcome::Status(504),
            Outcome::Transport(TransportErrorKind::Connect),
            Outcome::Timeout,
        ] {
            assert!(!RetryPolicy::is_retryable(Method::Post, outcome));
        }
    }

    #[test]
    fn status_500_is_retried_for_get_only() {
        assert!(RetryPolicy::is_retryable(Method::Get, Outcome::Status(500)));
        assert!(!RetryPolicy::is_retryable(
            Method::Put,
            Outcome::Status(500)
        ));
        assert!(RetryPolicy::is_retryable(Method::Put, Outcome::Status(503)));
        assert!(!RetryPolicy::is_retryable(
            Method::Get,
            Outcome::Status(404)
        ));
        assert!(!RetryPolicy::is_retryable(
            Method::Get,
            Outcome::Status(409)
        ));
    }

    #[test]
    #[cfg(feature = "v3")]
    fn a_v3_throttled_wait_is_at_least_a_second_and_retry_after_wins_within_bounds() {
        use crate::classifier::{FailedAttempt, V3_CLASSIFIERS};
        let throttled = FailedAttempt {
            method: Method::Post,
            outcome: Outcome::Status(429),
            body: r#"[{"error_key":"throttled","error_message":"slow down"}]"#,
        };
        let policy = RetryPolicy::default();
        let wait = policy.next_delay_by(V3_CLASSIFIERS, 1, &throttled, None);
        assert!(
            wait.is_some_and(|w| w >= Duration::from_secs(1)),
            "{wait:?}"
        );
        assert_eq!(
            policy.next_delay_by(V3_CLASSIFIERS, 1, &throttled, Some("2")),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.next_delay_by(V3_CLASSIFIERS, 1, &throttled, Some("3600")),
            None,
            "a Retry-After beyond the policy's bound stops"
        );
        assert_eq!(
            policy.next_delay_by(V3_CLASSIFIERS, 3, &throttled, None),
            None
        );
    }

    #[test]
    fn backoff_grows_stays_within_bounds_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..=30 {
            let base = (p.initial_backoff * 2u32.pow(attempt.min(20) - 1)).min(p.max_backoff);
            let d = p.backoff(attempt);
            assert!(d >= base / 2 && d <= base, "attempt {attempt}: {d:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_within_its_bound_only() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.next_delay(Method::Get, 1, Outcome::Status(429), Some("7")),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            p.next_delay(Method::Get, 1, Outcome::Status(429), Some("3600")),
            None
        );
        assert_eq!(
            p.next_delay(Method::Get, 3, Outcome::Status(503), Some("1")),
            None
        );
        // A date long past means "retry now".
        assert_eq!(
            p.next_delay(
                Method::Get,
                1,
                Outcome::Status(503),
                Some("Wed, 21 Oct 2015 07:28:00 GMT")
            ),
            Some(Duration::ZERO)
        );
        // Garbage falls back to the jittered backoff (125..=250 ms after attempt 1).
        let d = p
            .next_delay(Method::Get, 1, Outcome::Status(503), Some("soon"))
            .unwrap();
        assert!(d >= Duration::from_millis(125) && d <= Duration::from_millis(250));
    }

    #[test]
    fn retry_after_http_dates_in_all_three_formats() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:30 GMT").unwrap();
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after_at(value, now),
                Some(Duration::from_secs(7)),
                "{value}"
            );
        }
        assert_eq!(
            parse_retry_after_at("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after_at(" 42 ", now),
            Some(Duration::from_secs(42))
        );
        assert_eq!(
            parse_retry_after_at("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "tomorrow", "Sun, 06 Nov 1994 25:00:00 GMT"] {
            assert_eq!(parse_retry_after_at(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn a_retry_after_date_beyond_the_cap_stops_retrying() {
        let p = RetryPolicy::default();
        let far = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
        assert_eq!(
            p.next_delay(Method::Get, 1, Outcome::Status(429), Some(&far)),
            None
        );
        let near = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(20));
        let d = p
            .next_delay(Method::Get, 1, Outcome::Status(429), Some(&near))
            .unwrap();
        // The header has whole seconds, so the wait is 19..=20 s.
        assert!(
            d > Duration::from_secs(18) && d <= Duration::from_secs(20),
            "{d:?}"
        );
    }
}
