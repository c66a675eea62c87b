//! How requests are authenticated (`docs/v1/auth.md`).
//!
//! V1 took three schemes on every request: HTTP Basic with `{api_key}%{username}` as the user
//! name, an OAuth 2.0 bearer token, or an OAuth 1.0a HMAC-SHA1 signature. [`Auth`] holds the
//! credentials in [`Secret`]s, so `{:?}` of a client never shows them, and writes the
//! `Authorization` header at the last moment. The client refuses to send any of them over
//! plain `http://` except to a loopback address (see [`crate::ClientBuilder::build`]).

use base64::Engine as _;

use crate::oauth1::{self, Nonce, OAuth1Credentials};
use crate::secret::Secret;
use crate::transport::Method;

/// The credentials sent with every request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials (for a sandbox that does not check them).
    None,
    /// HTTP Basic: user `{api_key}%{username}` (a literal `%`), the account password.
    Basic {
        /// The API key.
        api_key: Secret,
        /// The account owner's password.
        password: Secret,
    },
    /// `Authorization: Bearer {token}` with an OAuth 2.0 access token.
    Bearer(Secret),
    /// An OAuth 1.0a HMAC-SHA1 signature on every request.
    OAuth1(OAuth1Credentials),
}

impl Auth {
    /// Basic credentials from the API key and the account password.
    pub fn basic(api_key: impl Into<Secret>, password: impl Into<Secret>) -> Self {
        Self::Basic {
            api_key: api_key.into(),
            password: password.into(),
        }
    }

    /// An OAuth 2.0 bearer token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::Bearer(token.into())
    }

    /// Whether any credential is sent.
    pub fn is_some(&self) -> bool {
        !matches!(self, Self::None)
    }

    /// The `Authorization` header value for a request, or `None` without credentials.
    /// `username` is the account's (lower-case) username.
    pub fn header(&self, username: &str, method: Method, url: &str) -> Option<String> {
        match self {
            Self::None => None,
            Self::Basic { api_key, password } => {
                let raw = format!("{}%{username}:{}", api_key.expose(), password.expose());
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                ))
            }
            Self::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Self::OAuth1(creds) => Some(oauth1::sign(
                creds,
                method.as_str(),
                url,
                &[],
                &Nonce::fresh(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_joins_key_and_username_with_a_literal_percent() {
        let auth = Auth::basic("KEY", "pass");
        let h = auth
            .header("user", Method::Get, "https://x/")
            .expect("header");
        let expected = base64::engine::general_purpose::STANDARD.encode("KEY%user:pass");
        assert_eq!(h, format!("Basic {expected}"));
    }

    #[test]
    fn debug_shows_no_secret() {
        let auth = Auth::basic("APIKEY123", "s3cret-pw");
        let bearer = Auth::bearer("tok-abc");
        let dbg = format!("{auth:?} {bearer:?}");
        for secret in ["APIKEY123", "s3cret-pw", "tok-abc"] {
            assert!(!dbg.contains(secret), "{dbg}");
        }
    }
}
