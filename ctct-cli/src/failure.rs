//! What went wrong, in words a person understands and an exit code a script can test.
//!
//! Every command returns `Result<ExitStatus, Failure>`. A [`Failure`] carries the message
//! (which names the thing asked for and the value given, never a credential), an optional
//! hint on what to do about it, and the [`ExitStatus`] that `main` exits with. Errors from
//! `ctct-client` are classified by what a script would want to branch on: refused
//! credentials, a missing resource, bad input, a conflict, a write whose outcome is unknown
//! (it may have been applied: never the same code as a plain failure, since a script that
//! simply reruns it could create a second contact, list or import), or anything else.
//! The message of a client error is its whole chain (`ctct_client::error::chain`): each
//! level's own message, then its causes, so nothing the client knew is lost.

use std::fmt;
use std::process::ExitCode;

use ctct_client::Error;
use ctct_client::error::chain;
use ctct_client::workflows::activities::ActivityFailureKind;

/// The exit codes, documented in `ctct --help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked.
    Ok,
    /// 1: the API or the network failed (server error, timeout, unexpected answer).
    Api,
    /// 2: the command line or the configuration is wrong (clap uses 2 for usage errors too).
    Usage,
    /// 3: credentials are missing or were refused (401/403).
    Auth,
    /// 4: the contact, list, campaign, event or activity does not exist (404).
    NotFound,
    /// 5: a value is invalid (too long, malformed CSV or date, not an id) and nothing was sent.
    Invalid,
    /// 6: the thing to create exists already (409).
    Conflict,
    /// 7: a bulk job finished but the server rejected some rows.
    Partial,
    /// 8: a change was sent but its answer was lost (connection closed, answer cut short,
    /// timeout) and no check could tell whether it was applied.
    OutcomeUnknown,
    /// 130: interrupted by Ctrl-C; nothing was left half-written.
    Interrupted,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Api => 1,
            Self::Usage => 2,
            Self::Auth => 3,
            Self::NotFound => 4,
            Self::Invalid => 5,
            Self::Conflict => 6,
            Self::Partial => 7,
            Self::OutcomeUnknown => 8,
            Self::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// A command that failed: the message, a hint and the exit status.
#[derive(Debug)]
pub struct Failure {
    status: ExitStatus,
    message: String,
    hint: Option<String>,
    /// What was done before the failure, for `--output json` (printed to stdout).
    /// Boxed: a `Failure` travels in every `Result` of the CLI and must stay small.
    json: Option<Box<serde_json::Value>>,
}

impl Failure {
    /// A failure with `status` and `message`.
    pub fn new(status: ExitStatus, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            hint: None,
            json: None,
        }
    }

    /// Bad input: nothing was sent.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Invalid, message)
    }

    /// Wrong command line or configuration.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Usage, message)
    }

    /// Ctrl-C.
    pub fn interrupted() -> Self {
        Self::new(ExitStatus::Interrupted, "interrupted")
    }

    /// Adds a hint on what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds what was done before the failure, which `--output json` prints to stdout (a
    /// script then knows what to resume).
    pub fn with_json(mut self, json: serde_json::Value) -> Self {
        self.json = Some(Box::new(json));
        self
    }

    /// What was done before the failure, if the command said.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_deref()
    }

    /// The exit status.
    pub fn status(&self) -> ExitStatus {
        self.status
    }

    /// The hint, if any.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Classifies a client error; `what` names the thing asked for (e.g. `list 7`), for a
    /// 404 message that says which thing is missing.
    pub fn from_client(error: Error, what: &str) -> Self {
        let text = chain(&error);
        if error.is_outcome_unknown() {
            return Self::new(
                ExitStatus::OutcomeUnknown,
                format!(
                    "the outcome is unknown for {what}: the change may have been applied \
                     ({text})"
                ),
            )
            .with_hint(OUTCOME_UNKNOWN_HINT);
        }
        match error.status() {
            Some(401) => Self::new(
                ExitStatus::Auth,
                format!("the server refused the credentials: {text}"),
            )
            .with_hint(
                "check CTCT_API_KEY, CTCT_USERNAME and CTCT_PASSWORD (or CTCT_ACCESS_TOKEN); \
                 the username must be the account the key belongs to",
            ),
            Some(403) => Self::new(ExitStatus::Auth, format!("not allowed: {text}")).with_hint(
                "the key may lack a permission, or the resource belongs to another account",
            ),
            Some(404) => Self::new(ExitStatus::NotFound, format!("{what} not found ({text})")),
            Some(409) => Self::new(
                ExitStatus::Conflict,
                format!("{what} exists already ({text})"),
            ),
            _ => match error {
                Error::Activity(failure) => {
                    let status = match failure.kind {
                        ActivityFailureKind::RejectedLines(_) => ExitStatus::Partial,
                        _ => ExitStatus::Api,
                    };
                    Self::new(status, text)
                }
                Error::Invalid(_) => Self::invalid(format!("{text} (nothing was sent)")),
                Error::ForeignAccount { .. } => Self::invalid(text),
                Error::Csv(_) => Self::invalid(format!("{text} (nothing was sent)")),
                Error::Config(_) => Self::usage(text),
                _ => Self::new(ExitStatus::Api, text),
            },
        }
    }
}

/// What to do after an unknown outcome: look before sending the same change again.
pub const OUTCOME_UNKNOWN_HINT: &str = "the request reached the server (or may have) and no \
answer came back; read the thing back before running the command again, e.g. `ctct contacts \
search --email ADDRESS`, `ctct lists list`, `ctct activities list`, `ctct campaigns get ID`";

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `?` on a client error without a named thing: the request's own path says what it was.
impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::from_client(error, "the resource")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_distinct_and_documented_values() {
        let all = [
            ExitStatus::Ok,
            ExitStatus::Api,
            ExitStatus::Usage,
            ExitStatus::Auth,
            ExitStatus::NotFound,
            ExitStatus::Invalid,
            ExitStatus::Conflict,
            ExitStatus::Partial,
            ExitStatus::OutcomeUnknown,
            ExitStatus::Interrupted,
        ];
        let codes: Vec<u8> = all.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]);
    }

    #[test]
    fn an_unknown_outcome_has_its_own_code_message_and_hint() {
        let cause = Error::Timeout {
            method: ctct_models::endpoint::Method::Post,
            path: "/ws/customers/u/lists".into(),
            after: std::time::Duration::from_secs(1),
            attempts: 1,
            total: std::time::Duration::from_secs(1),
        };
        let e = Error::OutcomeUnknown {
            method: ctct_models::endpoint::Method::Post,
            path: "/ws/customers/u/lists".into(),
            cause: Box::new(cause),
        };
        let f = Failure::from_client(e, "a list named \"News\"");
        assert_eq!(f.status(), ExitStatus::OutcomeUnknown);
        assert!(
            f.to_string().starts_with(
                "the outcome is unknown for a list named \"News\": the change may have been \
                 applied (POST /ws/customers/u/lists: the outcome is unknown"
            ),
            "{f}"
        );
        assert!(f.hint().is_some_and(|h| h.contains("ctct lists list")));
    }

    #[test]
    fn config_errors_are_usage_errors() {
        let f = Failure::from(Error::Config(ctct_client::ConfigError::EmptyUsername));
        assert_eq!(f.status(), ExitStatus::Usage);
        assert_eq!(f.to_string(), "the username is empty");
    }

    #[test]
    fn the_message_carries_every_cause() {
        let source = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "read-only disk");
        let e = Error::Workflow(ctct_client::WorkflowError::File {
            action: "create",
            path: "/tmp/out.csv".into(),
            source,
        });
        let f = Failure::from(e);
        assert_eq!(f.status(), ExitStatus::Api);
        assert_eq!(f.to_string(), "cannot create /tmp/out.csv: read-only disk");
    }
}
