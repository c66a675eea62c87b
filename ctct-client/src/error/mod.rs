//! The one error type of the client.
//!
//! Every failure, local or remote, is an [`Error`]; its `Display` says what was asked
//! (method and path) and what went wrong (status and the server's own words), because V1
//! error bodies are plain text (`Error 400: ...`) or an HTML error page, never XML. The raw
//! body is kept for callers who need more than the excerpt. Paths are shown without their
//! query (the OAuth 2.0 code exchange carries its client secret there) and no header we sent
//! is ever part of an error.
//!
//! Each level's `Display` says what happened at that level and leaves the cause to
//! [`std::error::Error::source`]: print [`chain`] to show the whole story. Failures that
//! are not about one request have their own small enums, one module each, so a caller can
//! match on them: [`ConfigError`] (the client or a flow is misconfigured), [`WorkflowError`]
//! (a workflow met a state it cannot resolve) and [`CsvError`] (an import file is unusable).

#[cfg(feature = "v1")]
pub mod activity;
mod config;
mod csv;
mod workflow;

pub use config::ConfigError;
pub use csv::CsvError;
pub use workflow::WorkflowError;

use std::fmt;
use std::time::Duration;

use ctct_models::codec::DecodeError;
use ctct_models::endpoint::{BuildError, Method};
use ctct_models::validate::ValidationError;

use crate::transport::TransportErrorKind;
#[cfg(feature = "v1")]
use activity::ActivityFailure;

pub use crate::excerpt::{EXCERPT_CHARS, excerpt, raw_excerpt};

/// A non-success HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The request method.
    pub method: Method,
    /// The request path, without the query.
    pub path: String,
    /// The status code.
    pub status: u16,
    /// The `Content-Type` of the error body.
    pub content_type: Option<String>,
    /// The `WWW-Authenticate` header (e.g. `Bearer error='insufficient_scope'`).
    pub www_authenticate: Option<String>,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// The raw body text (lossy UTF-8).
    pub body: String,
}

impl ApiError {
    /// The server's message: the body's text (HTML tags removed), whitespace collapsed, at
    /// most [`EXCERPT_CHARS`] characters.
    /// V3 JSON error bodies (an array of `{error_key, error_message}` or one such object)
    /// show as `key: message; key: message`.
    pub fn message(&self) -> String {
        #[cfg(feature = "v3")]
        if let Some(items) = crate::v3::errors::parse_error_body(&self.body) {
            return crate::excerpt::truncate_words(&crate::v3::errors::summary(&items));
        }
        excerpt(&self.body)
    }

    /// The `error_key`s of a V3 error body (empty for other bodies).
    #[cfg(feature = "v3")]
    pub fn error_keys(&self) -> Vec<String> {
        crate::v3::errors::parse_error_body(&self.body)
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.error_key)
            .filter(|k| !k.is_empty())
            .collect()
    }
}

/// Everything that can go wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the endpoint does not count as success.
    #[error("{} {} failed: {} {}{}", .0.method, .0.path, .0.status, reason(.0.status), message_suffix(.0))]
    Api(Box<ApiError>),
    /// No response: the connection failed or broke, or the transport failed otherwise.
    #[error("{method} {path} failed after {attempts} attempt(s): {message}")]
    Transport {
        /// The request method.
        method: Method,
        /// The request path, without the query.
        path: String,
        /// What kind of failure.
        kind: TransportErrorKind,
        /// The transport's description.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request did not complete within the request timeout.
    #[error(
        "{method} {path} timed out after {after:?} (the last of {attempts} attempt(s), {total:.1?} in all)"
    )]
    Timeout {
        /// The request method.
        method: Method,
        /// The request path, without the query.
        path: String,
        /// The timeout that fired (per attempt).
        after: Duration,
        /// How many attempts were made.
        attempts: u32,
        /// The time from the first attempt to the end of the last, waits included.
        total: Duration,
    },
    /// A success response whose body could not be decoded.
    #[error(
        "{method} {path} returned {status} with a body that could not be decoded (body starts {excerpt:?})"
    )]
    Decode {
        /// The request method.
        method: Method,
        /// The request path, without the query.
        path: String,
        /// The status code.
        status: u16,
        /// The decoder's error, naming the element or field.
        source: DecodeError,
        /// The start of the body.
        excerpt: String,
    },
    /// The request was refused before sending: a field or parameter breaks the schema
    /// (the error names the field and value), or the payload could not be written.
    #[error(transparent)]
    Invalid(#[from] BuildError),
    /// The client is misconfigured (e.g. credentials over plain `http://` to a remote host).
    /// Nothing was sent.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A CSV input is unusable (no header, an unknown column, a quote never closed).
    /// Nothing was sent.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The request names an id of another account than the client's: V1 paths carry only
    /// an id's last segment, so sending it would act on the client's own resource of that
    /// number. Nothing was sent.
    #[error(
        "{endpoint}: the id belongs to account {id_account:?}, but this client is for account {client_account:?}; nothing was sent"
    )]
    ForeignAccount {
        /// The endpoint, e.g. `delete_list`.
        endpoint: &'static str,
        /// The account the id names.
        id_account: String,
        /// The client's account.
        client_account: String,
    },
    /// A collection could not be paged (a repeating or foreign `next` link).
    #[error("paging {path}: {message}")]
    Paging {
        /// The collection path, without the query.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A write that may have been applied: its request was sent (or may have been), then the
    /// connection broke, the answer was cut short, or the timeout fired before the answer was
    /// whole. The server may have made the change, once; sending the same write again could
    /// make it twice (a second contact, list or import). Read the resource back before
    /// retrying. Workflows that can find out do so before answering, and return this only
    /// when that check failed too.
    #[error("{method} {path}: the outcome is unknown, the change may have been applied")]
    OutcomeUnknown {
        /// The request method.
        method: Method,
        /// The request path, without the query.
        path: String,
        /// What broke off the exchange (a transport failure or a timeout, or the failure of a
        /// retry after one); the error's source.
        #[source]
        cause: Box<Error>,
    },
    /// A write whose answer was lost, where a check afterwards found that it was not
    /// applied: nothing was changed, and sending it again is safe.
    #[error("the answer was lost; checked afterwards: {check}, so nothing was changed")]
    NotApplied {
        /// What the check looked for and did not find, e.g. `no contact has the address
        /// "a@example.com"`.
        check: String,
        /// The failure of the write; the error's source.
        #[source]
        cause: Box<Error>,
    },
    /// A workflow met a state it cannot resolve (e.g. 409 on create but no contact found).
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    /// A bulk activity failed, completed with rejected lines, or did not finish in time.
    #[cfg(feature = "v1")]
    #[error("{0}")]
    Activity(Box<ActivityFailure>),
    /// The OAuth 2.0 server refused a grant (RFC 6749 §5.2 error body), or a flow ended
    /// without a token (state mismatch, device code expired, access denied).
    #[cfg(feature = "v3")]
    #[error(transparent)]
    OAuth(Box<crate::v3::oauth::OAuthError>),
    /// A token store could not be read or written.
    #[error("token store {path}: {message}")]
    TokenStore {
        /// Where the store keeps its tokens.
        path: String,
        /// What went wrong.
        message: String,
    },
}

#[cfg(feature = "v3")]
impl From<crate::v3::oauth::OAuthError> for Error {
    fn from(e: crate::v3::oauth::OAuthError) -> Self {
        Self::OAuth(Box::new(e))
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Self::Invalid(BuildError::Invalid(e))
    }
}

fn message_suffix(e: &ApiError) -> String {
    let m = e.message();
    if m.is_empty() {
        String::new()
    } else {
        format!(": {m}")
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error details, when the server answered with a failure status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// 409: the resource exists (a contact's email in any status, a list name).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// 404: no such resource.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// 401: bad credentials, or the URL's username is not the authenticated account.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// 403: not allowed (missing permission, another account's URI, a Do Not Mail contact).
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// Whether the same request might succeed later: connection failures, timeouts, 429
    /// (but not V3's `quota_exceeded`, which lasts the day), 500, 502, 503, 504. The client only retries idempotent methods, and 500 only for GET
    /// (V1 also answers 500 to a bad `OptInSource`, which no retry fixes).
    pub fn is_retryable(&self) -> bool {
        use crate::classifier::{FailedAttempt, Verdict, classify};
        use crate::retry::Outcome;
        // V3's rules are V1's with its rate-limit rule in front, so they answer for both.
        #[cfg(feature = "v3")]
        let rules = crate::classifier::V3_CLASSIFIERS;
        #[cfg(not(feature = "v3"))]
        let rules = crate::classifier::DEFAULT_CLASSIFIERS;
        let (outcome, body) = match self {
            Self::Api(e) => (Outcome::Status(e.status), e.body.as_str()),
            Self::Transport { kind, .. } => (Outcome::Transport(*kind), ""),
            Self::Timeout { .. } => (Outcome::Timeout, ""),
            _ => return false,
        };
        // As for a GET: whether the same request could succeed later, whatever its method.
        let failed = FailedAttempt {
            method: crate::transport::Method::Get,
            outcome,
            body,
        };
        matches!(classify(rules, &failed), Verdict::Retry { .. })
    }

    /// Whether a write may have been applied although no answer says so
    /// ([`Error::OutcomeUnknown`]): check before sending it again.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Self::OutcomeUnknown { .. })
    }

    /// Whether the failure happened after the request may have reached the server, with no
    /// whole answer: a broken connection after sending, a cut answer, or a timeout. For a
    /// write, such a failure leaves the outcome unknown.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Self::Transport { kind, .. } => {
                matches!(
                    kind,
                    TransportErrorKind::Broken | TransportErrorKind::Timeout
                )
            }
            Self::Timeout { .. } => true,
            Self::OutcomeUnknown { .. } => true,
            _ => false,
        }
    }

    /// V3 429 `quota_exceeded`: the daily request quota is used up until 00:00 UTC; the
    /// client never retries it.
    #[cfg(feature = "v3")]
    pub fn is_quota_exceeded(&self) -> bool {
        self.api().is_some_and(|e| {
            e.status == 429
                && e.error_keys()
                    .iter()
                    .any(|k| k == crate::v3::errors::QUOTA_EXCEEDED)
        })
    }

    /// V3 429 `throttled`: more than the per-second limit (returned only once the retries
    /// the policy allows are spent).
    #[cfg(feature = "v3")]
    pub fn is_throttled(&self) -> bool {
        self.api().is_some_and(|e| {
            e.status == 429
                && e.error_keys()
                    .iter()
                    .any(|k| k == crate::v3::errors::THROTTLED)
        })
    }

    /// The OAuth 2.0 error, when the authorization server refused or a flow failed.
    #[cfg(feature = "v3")]
    pub fn oauth(&self) -> Option<&crate::v3::oauth::OAuthError> {
        match self {
            Self::OAuth(e) => Some(e),
            _ => None,
        }
    }

    /// The validation failure, naming the field, when the request was refused locally.
    pub fn validation(&self) -> Option<&ValidationError> {
        match self {
            Self::Invalid(BuildError::Invalid(v)) => Some(v),
            _ => None,
        }
    }
}

/// An error's message followed by the message of each of its causes
/// ([`std::error::Error::source`]), joined by `: `: what a person should see.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let message = e.to_string();
        if !message.is_empty() {
            text.push_str(": ");
            text.push_str(&message);
        }
        cause = e.source();
    }
    text
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} failed: {} {}{}",
            self.method,
            self.path,
            self.status,
            reason(self.status),
            message_suffix(self)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_413_names_its_reason() {
        let e = Error::Api(Box::new(ApiError {
            method: Method::Post,
            path: "/ws/customers/u/activities".into(),
            status: 413,
            content_type: None,
            www_authenticate: None,
            retry_after: None,
            body: String::new(),
        }));
        assert_eq!(
            e.to_string(),
            "POST /ws/customers/u/activities failed: 413 Payload Too Large"
        );
    }
}
