//! The V3 bearer tokens the sandbox accepts: the configured `--access-token` (never expires,
//! granted every scope unless the configuration narrows it) and every token the OAuth server
//! emulation issues (with its expiry and the scopes it was granted). Each operation's required
//! scopes come from its `EndpointSpec` (the contract's security requirement), so a token
//! granted only `campaign_data` is refused `GET /contacts` with a 403, as the service does.
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
    /// The scopes granted; `None` grants every one.
    scopes: Option<Vec<String>>,
}

/// The scopes a token was granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Granted {
    /// Every scope (the configured token without a scope list).
    All,
    /// Only these.
    Only(Vec<String>),
}

impl Granted {
    /// The space-separated scope text of an OAuth grant.
    pub fn parse(scope: &str) -> Self {
        Self::Only(scope.split_whitespace().map(str::to_owned).collect())
    }

    /// The first of `required` this grant lacks.
    pub fn missing<'r>(&self, required: &[&'r str]) -> Option<&'r str> {
        match self {
            Self::All => None,
            Self::Only(have) => required
                .iter()
                .copied()
                .find(|r| !have.iter().any(|h| h == r)),
        }
    }
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
    /// A registry that accepts `configured` (the sandbox's `--access-token`) forever, with
    /// the scopes `granted`.
    pub fn new(configured: Option<&str>, granted: Granted) -> Self {
        let registry = Self::default();
        if let Some(token) = configured.filter(|t| !t.is_empty()) {
            registry.insert(token, None, granted);
        }
        registry
    }

    /// Accepts `token` until `expires` (`None`: forever) with the scopes `granted`; replaces
    /// an earlier entry for it.
    pub fn insert(&self, token: &str, expires: Option<Instant>, granted: Granted) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        tokens.retain(|t| !same(t.token.as_bytes(), token.as_bytes()));
        tokens.push(Issued {
            token: token.to_owned(),
            expires,
            scopes: match granted {
                Granted::All => None,
                Granted::Only(s) => Some(s),
            },
        });
    }

    /// The scopes `token` was granted (none at all when it is unknown).
    pub fn granted(&self, token: &str) -> Granted {
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        let mut granted = Granted::Only(Vec::new());
        for t in tokens.iter() {
            if same(t.token.as_bytes(), token.as_bytes()) {
                granted = t.scopes.clone().map_or(Granted::All, Granted::Only);
            }
        }
        granted
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
        let r = TokenRegistry::new(Some("CONFIGURED"), Granted::All);
        let now = Instant::now();
        assert_eq!(
            r.check("CONFIGURED", now + Duration::from_secs(1 << 30)),
            TokenState::Valid
        );
        r.insert(
            "ISSUED",
            Some(now + Duration::from_secs(60)),
            Granted::parse("contact_data"),
        );
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
            TokenRegistry::new(Some(""), Granted::All).check("", now),
            TokenState::Unknown
        );
    }

    #[test]
    fn a_token_has_the_scopes_it_was_granted() {
        let r = TokenRegistry::new(Some("ALL"), Granted::All);
        r.insert(
            "NARROW",
            None,
            Granted::parse("campaign_data  account_read"),
        );
        assert_eq!(r.granted("ALL").missing(&["contact_data"]), None);
        let narrow = r.granted("NARROW");
        assert_eq!(narrow.missing(&["account_read"]), None);
        assert_eq!(
            narrow.missing(&["account_read", "contact_data"]),
            Some("contact_data")
        );
        assert_eq!(narrow.missing(&[]), None);
        assert_eq!(r.granted("UNKNOWN").missing(&["x"]), Some("x"));
    }

    #[test]
    fn debug_never_shows_a_token() {
        let r = TokenRegistry::new(Some("SECRET-TOKEN"), Granted::All);
        let text = format!("{r:?}");
        assert!(!text.contains("SECRET"), "{text}");
    }
}
