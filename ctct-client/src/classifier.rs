//! Whether a failed attempt is tried again: an ordered list of classifiers.
//!
//! Each rule of retrying lives in one small classifier that looks at one failed attempt and
//! says "retry", "stop" or "no opinion"; the first opinion wins, and no opinion at all means
//! stop. The V1 rules are [`DEFAULT_CLASSIFIERS`]; the V3 client puts [`V3RateLimit`] (its
//! `throttled` and `quota_exceeded` 429s) in front of them ([`V3_CLASSIFIERS`]), so an API's
//! rule is one more entry in a list rather than a flag in the request loop. How long to wait
//! is `RetryPolicy`'s business (backoff, `Retry-After`, attempt count); a classifier may only
//! ask for a minimum wait.

use std::fmt;
use std::time::Duration;

use crate::transport::{Method, TransportErrorKind};

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP status that is not a success.
    Status(u16),
    /// No response.
    Transport(TransportErrorKind),
    /// The request timeout fired.
    Timeout,
}

/// One failed attempt, as a classifier sees it.
#[derive(Debug, Clone, Copy)]
pub struct FailedAttempt<'a> {
    /// The request's method.
    pub method: Method,
    /// How the attempt ended.
    pub outcome: Outcome,
    /// The body of a failure status (empty without one).
    pub body: &'a str,
}

/// What a classifier says about a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Try again, waiting at least `at_least` (on top of the policy's own rules).
    Retry {
        /// The shortest acceptable wait; `Duration::ZERO` for none.
        at_least: Duration,
    },
    /// Do not try again.
    Stop,
    /// No opinion: the next classifier decides.
    Pass,
}

impl Verdict {
    /// Retry with no minimum wait.
    pub const RETRY: Self = Self::Retry {
        at_least: Duration::ZERO,
    };
}

/// One rule of retrying.
pub trait RetryClassifier: fmt::Debug + Send + Sync {
    /// The verdict on `attempt`.
    fn classify(&self, attempt: &FailedAttempt<'_>) -> Verdict;
}

/// A write without an idempotency guarantee (POST) goes again only when the server says it
/// did nothing: 429 and 503. Every other failure stops it, since a retried `POST /contacts`
/// whose first attempt landed answers 409. Idempotent methods pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct NonIdempotentWrites;

impl RetryClassifier for NonIdempotentWrites {
    fn classify(&self, attempt: &FailedAttempt<'_>) -> Verdict {
        if attempt.method.is_idempotent() {
            return Verdict::Pass;
        }
        match attempt.outcome {
            Outcome::Status(429 | 503) => Verdict::RETRY,
            _ => Verdict::Stop,
        }
    }
}

/// Statuses that may pass: 429, 502, 503, 504, and 500 for GET only (V1 answers 500 to a bad
/// `OptInSource` on writes, which no retry fixes). Any other status stops.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransientStatus;

impl RetryClassifier for TransientStatus {
    fn classify(&self, attempt: &FailedAttempt<'_>) -> Verdict {
        match attempt.outcome {
            Outcome::Status(429 | 502 | 503 | 504) => Verdict::RETRY,
            Outcome::Status(500) if attempt.method == Method::Get => Verdict::RETRY,
            Outcome::Status(_) => Verdict::Stop,
            _ => Verdict::Pass,
        }
    }
}

/// Failures with no answer that may pass: a connection not made or broken, a transport
/// timeout, the request timeout. A body over the size cap (or any other transport error)
/// stops: it would be as large the next time.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransientTransport;

impl RetryClassifier for TransientTransport {
    fn classify(&self, attempt: &FailedAttempt<'_>) -> Verdict {
        match attempt.outcome {
            Outcome::Transport(
                TransportErrorKind::Connect
                | TransportErrorKind::Broken
                | TransportErrorKind::Timeout,
            )
            | Outcome::Timeout => Verdict::RETRY,
            Outcome::Transport(_) => Verdict::Stop,
            Outcome::Status(_) => Verdict::Pass,
        }
    }
}

/// V3's two 429s: `quota_exceeded` (the daily quota, until midnight UTC) stops at once, since
/// retrying would only spin; `throttled` (the per-second limit) was refused before it did
/// anything, so any method goes again, after at least a second. Other outcomes pass.
#[cfg(feature = "v3")]
#[derive(Debug, Clone, Copy, Default)]
pub struct V3RateLimit;

#[cfg(feature = "v3")]
impl RetryClassifier for V3RateLimit {
    fn classify(&self, attempt: &FailedAttempt<'_>) -> Verdict {
        match attempt.outcome {
            Outcome::Status(429) if crate::v3::errors::is_quota_exceeded(attempt.body) => {
                Verdict::Stop
            }
            Outcome::Status(429) => Verdict::Retry {
                at_least: Duration::from_secs(1),
            },
            _ => Verdict::Pass,
        }
    }
}

/// The V1 rules, in order.
pub static DEFAULT_CLASSIFIERS: &[&dyn RetryClassifier] =
    &[&NonIdempotentWrites, &TransientStatus, &TransientTransport];

/// The V3 rules: its rate limit first, then the V1 rules.
#[cfg(feature = "v3")]
pub static V3_CLASSIFIERS: &[&dyn RetryClassifier] = &[
    &V3RateLimit,
    &NonIdempotentWrites,
    &TransientStatus,
    &TransientTransport,
];

/// The first opinion of `classifiers` on `attempt`; no opinion at all is [`Verdict::Stop`].
pub fn classify(classifiers: &[&dyn RetryClassifier], attempt: &FailedAttempt<'_>) -> Verdict {
    classifiers
        .iter()
        .map(|c| c.classify(attempt))
        .find(|v| *v != Verdict::Pass)
        .unwrap_or(Verdict::Stop)
}

// The rules' tests compare V1's list with V3's, so they need both.
#[cfg(all(test, feature = "v3"))]
mod tests {
    use super::*;

    const QUOTA: &str = r#"[{"error_key":"quota_exceeded","error_message":"daily quota"}]"#;
    const THROTTLED: &str = r#"[{"error_key":"throttled","error_message":"slow down"}]"#;

    fn failed(method: Method, outcome: Outcome, body: &str) -> FailedAttempt<'_> {
        FailedAttempt {
            method,
            outcome,
            body,
        }
    }

    #[test]
    fn v3_quota_stops_and_throttled_retries_even_a_post_after_a_second() {
        let quota = failed(Method::Post, Outcome::Status(429), QUOTA);
        assert_eq!(classify(V3_CLASSIFIERS, &quota), Verdict::Stop);
        let quota_get = failed(Method::Get, Outcome::Status(429), QUOTA);
        assert_eq!(classify(V3_CLASSIFIERS, &quota_get), Verdict::Stop);
        // V1 reads the same 429 as retryable: the rule is V3's alone.
        assert_eq!(classify(DEFAULT_CLASSIFIERS, &quota_get), Verdict::RETRY);
        let throttled = failed(Method::Post, Outcome::Status(429), THROTTLED);
        assert_eq!(
            classify(V3_CLASSIFIERS, &throttled),
            Verdict::Retry {
                at_least: Duration::from_secs(1)
            }
        );
    }

    #[test]
    fn the_first_opinion_wins_and_none_means_stop() {
        let cut = failed(
            Method::Get,
            Outcome::Transport(TransportErrorKind::BodyTooLarge),
            "",
        );
        assert_eq!(classify(DEFAULT_CLASSIFIERS, &cut), Verdict::Stop);
        let timeout = failed(Method::Delete, Outcome::Timeout, "");
        assert_eq!(classify(DEFAULT_CLASSIFIERS, &timeout), Verdict::RETRY);
        assert_eq!(classify(&[&V3RateLimit], &timeout), Verdict::Stop);
        assert_eq!(classify(&[], &timeout), Verdict::Stop);
        let post_timeout = failed(Method::Post, Outcome::Timeout, "");
        assert_eq!(classify(DEFAULT_CLASSIFIERS, &post_timeout), Verdict::Stop);
    }
}
