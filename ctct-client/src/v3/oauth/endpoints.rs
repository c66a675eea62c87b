//! Where the OAuth 2.0 authorization server lives.
//!
//! Constant Contact's authorization server publishes no discovery document (`docs/v3/auth.md#endpoints`), so
//! its three URLs are hard-coded defaults here; [`OAuthEndpoints::at`] points all three at
//! another server with the same `/oauth2/default/v1/...` layout (the sandbox).

/// The authorization server of the real service.
pub const DEFAULT_AUTHORIZATION_SERVER: &str = "https://authz.constantcontact.com";

/// The path of the authorize, token and device endpoints under the server root.
pub const OAUTH_PATH: &str = "/oauth2/default/v1";

/// The three endpoints of the authorization server. Built with [`OAuthEndpoints::at`] or
/// [`OAuthEndpoints::new`] (fields may be added).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthEndpoints {
    /// Where the browser is sent (`GET …/authorize`).
    pub authorize: String,
    /// Code exchange, refresh and device polling (`POST …/token`).
    pub token: String,
    /// Device authorization (`POST …/device/authorize`).
    pub device_authorize: String,
}

impl Default for OAuthEndpoints {
    fn default() -> Self {
        Self::at(DEFAULT_AUTHORIZATION_SERVER)
    }
}

impl OAuthEndpoints {
    /// Endpoints at these three absolute URLs, for a server with another layout.
    pub fn new(
        authorize: impl Into<String>,
        token: impl Into<String>,
        device_authorize: impl Into<String>,
    ) -> Self {
        Self {
            authorize: authorize.into(),
            token: token.into(),
            device_authorize: device_authorize.into(),
        }
    }

    /// The endpoints of a server at `root` (e.g. `http://127.0.0.1:4000`) with the
    /// `/oauth2/default/v1/...` layout.
    pub fn at(root: &str) -> Self {
        let base = format!("{}{OAUTH_PATH}", root.trim_end_matches('/'));
        Self {
            authorize: format!("{base}/authorize"),
            token: format!("{base}/token"),
            device_authorize: format!("{base}/device/authorize"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_urls() {
        let e = OAuthEndpoints::default();
        assert_eq!(
            e.authorize,
            "https://authz.constantcontact.com/oauth2/default/v1/authorize"
        );
        assert_eq!(
            e.token,
            "https://authz.constantcontact.com/oauth2/default/v1/token"
        );
        assert_eq!(
            e.device_authorize,
            "https://authz.constantcontact.com/oauth2/default/v1/device/authorize"
        );
        assert_eq!(
            OAuthEndpoints::at("http://127.0.0.1:9/").token,
            "http://127.0.0.1:9/oauth2/default/v1/token"
        );
    }
}
