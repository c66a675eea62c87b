//! The V3 bearer tokens the sandbox accepts: the configured `--access-token` (never expires)
//! and every token the OAuth server emulation issues (with its expiry).
//!
//! Tokens are compared in constant time and never appear in `Debug` output, logs or error
//! bodies.

use std::fmt;
use std::sync::Mutex;
use std::time::Instant;

/// What a presented token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenState {
    /// Known and not expired.
    Valid,
    /// Known but past its expiry.
    Expired,
    /// Not issued by this sandbox (or no token at all).
    Unknown,
}

struct Issued {
    token: String,
    expires: Option<Instant>,
}

/// Token → expiry (`None`: never).
#[derive(Default)]
pub(crate) struct TokenRegistry {
    tokens: Mutex<Vec<Issued>>,
}

impl fmt::Debug for TokenRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.tokens.lock().map(|t| t.len()).unwrap_or(0);
        f.debug_struct("TokenRegistry")
            .field("tokens", &format_args!("<{n} redacted>"))
            .finish()
    }
}

/// Compares without an early exit, so timing does not tell how much of a token matched.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl TokenRegistry {
    /// A registry that accepts `configured` (the sandbox's `--access-token`) forever.
    pub fn new(configured: Option<&str>) -> Self {
        let registry = Self::default();
        if let Some(token) = configured.filter(|t| !t.is_empty()) {
            registry.insert(token, None);
        }
        registry
    }

    /// Accepts `token` until `expires` (`None`: forever); replaces an earlier entry for it.
    #[allow(dead_code)] // called by the OAuth server emulation
    pub fn insert(&self, token: &str, expires: Option<Instant>) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.retain(|t| !same(t.token.as_bytes(), token.as_bytes()));
        tokens.push(Issued {
            token: token.to_owned(),
            expires,
        });
    }

    /// Stops accepting `token` (a revoked or rotated token).
    #[allow(dead_code)] // called by the OAuth server emulation
    pub fn remove(&self, token: &str) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.retain(|t| !same(t.token.as_bytes(), token.as_bytes()));
    }

    /// Whether `token` is valid at `now`. Every entry is compared, so the time taken does not
    /// depend on which one matched.
    pub fn check(&self, token: &str, now: Instant) -> TokenState {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        let mut state = TokenState::Unknown;
        for t in tokens.iter() {
            if same(t.token.as_bytes(), token.as_bytes()) {
                state = match t.expires {
                    Some(at) if at <= now => TokenState::Expired,
                    _ => TokenState::Valid,
                };
            }
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn configured_tokens_never_expire_and_issued_ones_do() {
        let r = TokenRegistry::new(Some("CONFIGURED"));
        let now = Instant::now();
        assert_eq!(
            r.check("CONFIGURED", now + Duration::from_secs(1 << 30)),
            TokenState::Valid
        );
        r.insert("ISSUED", Some(now + Duration::from_secs(60)));
        assert_eq!(r.check("ISSUED", now), TokenState::Valid);
        assert_eq!(
            r.check("ISSUED", now + Duration::from_secs(60)),
            TokenState::Expired
        );
        assert_eq!(r.check("ISSUE", now), TokenState::Unknown);
        assert_eq!(r.check("", now), TokenState::Unknown);
        r.remove("ISSUED");
        assert_eq!(r.check("ISSUED", now), TokenState::Unknown);
        assert_eq!(
            TokenRegistry::new(Some("")).check("", now),
            TokenState::Unknown
        );
    }

    #[test]
    fn debug_never_shows_a_token() {
        let r = TokenRegistry::new(Some("SECRET-TOKEN"));
        let text = format!("{r:?}");
        assert!(!text.contains("SECRET"), "{text}");
    }
}
