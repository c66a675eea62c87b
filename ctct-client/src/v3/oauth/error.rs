//! OAuth 2.0 failures: the server's RFC 6749 §5.2 error body, or a flow that ended without a
//! token on the client's side.
//!
//! The token endpoint answers `{"error": "invalid_grant", "error_description": "…"}`; the
//! `error` code decides what the caller does next (`authorization_pending` keeps a device flow
//! polling, `invalid_grant` on a refresh means logging in again), so it is kept as a field
//! rather than buried in a message. Only those two fields of the body are read: token
//! endpoint bodies can carry tokens, and an error never quotes one.

use std::fmt;

use serde::Deserialize;

/// An OAuth 2.0 error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// What was being done: `authorization_code`, `refresh_token`, `device_code`,
    /// `device_authorize` or `authorize` (the redirect back from the browser).
    pub operation: &'static str,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The RFC 6749 / RFC 8628 error code, e.g. `invalid_grant`, `expired_token`.
    pub error: String,
    /// The server's `error_description`, or the client's explanation.
    pub description: Option<String>,
}

impl OAuthError {
    /// An error the client detected itself.
    pub fn local(operation: &'static str, error: &str, description: impl Into<String>) -> Self {
        Self {
            operation,
            status: None,
            error: error.to_owned(),
            description: Some(description.into()),
        }
    }

    /// Reads an RFC 6749 error body; `None` when the body is not one.
    pub fn from_body(operation: &'static str, status: u16, body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Body {
            error: String,
            error_description: Option<String>,
        }
        let b: Body = serde_json::from_slice(body).ok()?;
        Some(Self {
            operation,
            status: Some(status),
            error: b.error.chars().take(100).collect(),
            description: b
                .error_description
                .map(|d| crate::error::excerpt(&d))
                .filter(|d| !d.is_empty()),
        })
    }

    /// Whether the error code is `code`.
    pub fn is(&self, code: &str) -> bool {
        self.error == code
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OAuth 2.0 {} failed", self.operation)?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        write!(f, ": {}", self.error)?;
        if let Some(d) = &self.description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OAuthError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_rfc6749_body_and_names_the_operation() {
        let e = OAuthError::from_body(
            "refresh_token",
            400,
            br#"{"error":"invalid_grant","error_description":"The refresh token is invalid or expired."}"#,
        )
        .unwrap();
        assert!(e.is("invalid_grant"));
        assert_eq!(
            e.to_string(),
            "OAuth 2.0 refresh_token failed (400): invalid_grant: The refresh token is invalid or expired."
        );
        assert!(OAuthError::from_body("x", 500, b"<html>oops</html>").is_none());
        assert!(OAuthError::from_body("x", 400, br#"{"error_key":"x"}"#).is_none());
    }
}
