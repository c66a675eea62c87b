//! The tokens a grant returns, and when they expire.
//!
//! Expiry is wall-clock time ([`SystemTime`]) rather than a monotonic instant, because tokens
//! outlive the process in a [`crate::v3::oauth::TokenStore`]. The server's `expires_in` is a
//! number of seconds (`docs/v3/auth.md#authorization-code` — the spec's description calls it an epoch timestamp,
//! wrongly); it is read leniently, as a number or a numeric string.

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::secret::Secret;

/// An access token and what came with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    /// The bearer token.
    pub access_token: Secret,
    /// The refresh token, when `offline_access` was granted. With rotating refresh tokens
    /// every refresh replaces it; the old one stops working.
    pub refresh_token: Option<Secret>,
    /// When the access token expires, if the server said.
    pub expires_at: Option<SystemTime>,
    /// The granted scopes, space-separated, if the server said.
    pub scope: Option<String>,
    /// `token_type`, normally `Bearer`.
    pub token_type: Option<String>,
}

impl TokenSet {
    /// A bare access token with no refresh token and no known expiry.
    pub fn bearer(access_token: impl Into<Secret>) -> Self {
        Self {
            access_token: access_token.into(),
            refresh_token: None,
            expires_at: None,
            scope: None,
            token_type: Some("Bearer".to_owned()),
        }
    }

    /// Whether the access token expires within `skew` of `now` (or already has). A token
    /// without a known expiry never counts as expiring; a 401 still triggers a refresh.
    pub fn expires_within(&self, skew: Duration, now: SystemTime) -> bool {
        self.expires_at.is_some_and(|at| at <= now + skew)
    }

    /// Reads a token endpoint's success body received at `now`; the error says which field
    /// is wrong and never quotes a value.
    pub(crate) fn from_json(body: &[u8], now: SystemTime) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Json {
            access_token: Option<String>,
            refresh_token: Option<String>,
            expires_in: Option<serde_json::Value>,
            scope: Option<String>,
            token_type: Option<String>,
        }
        let json: Json = serde_json::from_slice(body)
            .map_err(|e| format!("the token response is not the expected JSON object ({e})"))?;
        let access_token = json
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or("the token response has no access_token")?;
        let expires_in = match json.expires_in {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Number(n)) => Some(
                n.as_u64()
                    .ok_or_else(|| format!("expires_in {n} is not a whole number of seconds"))?,
            ),
            Some(serde_json::Value::String(s)) => Some(
                s.trim()
                    .parse::<u64>()
                    .map_err(|_| format!("expires_in {s:?} is not a number of seconds"))?,
            ),
            Some(other) => return Err(format!("expires_in {other} is not a number")),
        };
        Ok(Self {
            access_token: Secret::new(access_token),
            refresh_token: json
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(Secret::new),
            expires_at: expires_in.map(|s| now + Duration::from_secs(s.min(10 * 365 * 86_400))),
            scope: json.scope,
            token_type: json.token_type,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_token_response_leniently() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let t = TokenSet::from_json(
            br#"{"access_token":"at","token_type":"Bearer","expires_in":"86400","refresh_token":"rt","scope":"contact_data offline_access","id_token":"x"}"#,
            now,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "at");
        assert_eq!(t.refresh_token.as_ref().map(Secret::expose), Some("rt"));
        assert_eq!(t.expires_at, Some(now + Duration::from_secs(86_400)));
        assert!(!t.expires_within(Duration::from_secs(60), now));
        assert!(t.expires_within(Duration::from_secs(60), now + Duration::from_secs(86_350)));
    }

    #[test]
    fn bad_token_responses_name_the_field_not_the_token() {
        let now = SystemTime::UNIX_EPOCH;
        let e = TokenSet::from_json(br#"{"token_type":"Bearer"}"#, now).unwrap_err();
        assert!(e.contains("access_token"), "{e}");
        let e =
            TokenSet::from_json(br#"{"access_token":"SECRET","expires_in":-5}"#, now).unwrap_err();
        assert!(e.contains("expires_in -5") && !e.contains("SECRET"), "{e}");
        assert!(TokenSet::from_json(b"not json", now).is_err());
    }
}
