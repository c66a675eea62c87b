//! Credential checks: Basic (`{APIKey}%{username}` + password) and OAuth 2.0 Bearer tokens.
//!
//! The real service answers 401 to missing or wrong credentials and to a URI whose account is
//! not the authenticated one; the sandbox does the same. Secrets are compared in constant
//! time and never appear in `Debug` output, logs or error bodies.

use std::fmt;

use axum::http::HeaderValue;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The account's credentials.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub username: String,
    pub api_key: String,
    pub password: String,
    pub access_token: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("api_key", &"<redacted>")
            .field("password", &"<redacted>")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Compares without an early exit, so timing does not tell how much of a secret matched.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Credentials {
    /// Whether the `Authorization` header carries this account's credentials.
    pub fn accepts(&self, header: Option<&HeaderValue>) -> bool {
        let Some(value) = header.and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
        let rest = rest.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            return self
                .access_token
                .as_deref()
                .is_some_and(|t| !rest.is_empty() && same(t.as_bytes(), rest.as_bytes()));
        }
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        let Ok(decoded) = STANDARD.decode(rest) else {
            return false;
        };
        let Some(colon) = decoded.iter().position(|&b| b == b':') else {
            return false;
        };
        let (user, password) = (&decoded[..colon], &decoded[colon + 1..]);
        let Some(pct) = user.iter().position(|&b| b == b'%') else {
            return false;
        };
        let (key, username) = (&user[..pct], &user[pct + 1..]);
        // Evaluate all three so a wrong key costs as long as a wrong password.
        let key_ok = same(key, self.api_key.as_bytes());
        let user_ok = same(username, self.username.as_bytes());
        let pass_ok = same(password, self.password.as_bytes());
        key_ok & user_ok & pass_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            username: "joesflowers".into(),
            api_key: "KEY".into(),
            password: "PASS".into(),
            access_token: Some("TOKEN".into()),
        }
    }

    fn basic(s: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(s))).unwrap()
    }

    #[test]
    fn basic_and_bearer() {
        let c = creds();
        assert!(c.accepts(Some(&basic("KEY%joesflowers:PASS"))));
        assert!(!c.accepts(Some(&basic("KEY%joesflowers:PASSX"))));
        assert!(!c.accepts(Some(&basic("KEY%other:PASS"))));
        assert!(!c.accepts(Some(&basic("joesflowers:PASS"))));
        assert!(c.accepts(Some(&HeaderValue::from_static("Bearer TOKEN"))));
        assert!(!c.accepts(Some(&HeaderValue::from_static("Bearer WRONG"))));
        assert!(!c.accepts(Some(&HeaderValue::from_static("Basic !!!"))));
        assert!(!c.accepts(None));
    }

    #[test]
    fn debug_redacts_secrets() {
        let d = format!("{:?}", creds());
        assert!(
            !d.contains("KEY") && !d.contains("PASS") && !d.contains("TOKEN"),
            "{d}"
        );
    }
}
