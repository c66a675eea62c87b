//! Which applications the sandbox's authorization server knows, and how long what it issues
//! lives.

use std::fmt;
use std::time::Duration;

/// The client id of the application every sandbox registers (a public client: PKCE or the
/// device flow, no secret). The quick start uses it.
pub const DEFAULT_CLIENT_ID: &str = "sandbox-client";

/// A redirect URI registered for [`DEFAULT_CLIENT_ID`]. Loopback redirect URIs match on any
/// port (RFC 8252 §7.3), so `http://127.0.0.1:PORT/callback` works too.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// An application registered with the authorization server.
#[derive(Clone, PartialEq, Eq)]
pub struct RegisteredClient {
    /// The API key.
    pub client_id: String,
    /// The secret of a confidential client (sent with HTTP Basic); `None` for a public one,
    /// which must use PKCE in the code flow.
    pub client_secret: Option<String>,
    /// Where the authorize endpoint may redirect; exact match, except that loopback
    /// `http` URIs match on any port.
    pub redirect_uris: Vec<String>,
    /// Whether the device flow is enabled for it.
    pub device_flow: bool,
}

impl RegisteredClient {
    /// A public client with one redirect URI and the device flow enabled.
    pub fn public(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uris: vec![redirect_uri.into()],
            device_flow: true,
        }
    }
}

impl fmt::Debug for RegisteredClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredClient")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("redirect_uris", &self.redirect_uris)
            .field("device_flow", &self.device_flow)
            .finish()
    }
}

/// The authorization server's settings.
#[derive(Debug, Clone)]
pub struct OAuthConfig {
    /// The registered applications. Default: [`DEFAULT_CLIENT_ID`] only.
    pub clients: Vec<RegisteredClient>,
    /// How long an access token works. Default 24 h, as the real service.
    pub access_token_lifetime: Duration,
    /// How long an authorization code may wait for its exchange. Default 5 min.
    pub code_lifetime: Duration,
    /// How long a device code may wait for approval. Default 10 min.
    pub device_code_lifetime: Duration,
    /// The polling interval the device flow asks for, in whole seconds. Default 5.
    pub device_interval_secs: u64,
    /// Whether each refresh replaces the refresh token (the real service's default). With
    /// `false` the same refresh token keeps working (the "long-lived" setting).
    pub rotate_refresh_tokens: bool,
    /// The V1-era OAuth 1.0a server (`/ws/oauth/…`): its consumer and replay window.
    pub oauth1: OAuth1Config,
}

/// The consumer key the OAuth 1.0a endpoints accept by default: the sandbox's API key.
pub const DEFAULT_OAUTH1_CONSUMER_KEY: &str = "sandbox-key";

/// The consumer secret the OAuth 1.0a endpoints accept by default.
pub const DEFAULT_OAUTH1_CONSUMER_SECRET: &str = "sandbox-consumer-secret";

/// The one application the V1-era OAuth 1.0a server knows, and how far a request's
/// `oauth_timestamp` may be from the sandbox's clock.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuth1Config {
    /// The consumer key (the API key). Default [`DEFAULT_OAUTH1_CONSUMER_KEY`].
    pub consumer_key: String,
    /// The consumer secret (the key's secret). Default [`DEFAULT_OAUTH1_CONSUMER_SECRET`].
    pub consumer_secret: String,
    /// Requests whose timestamp is further than this from now are refused
    /// (`timestamp_refused`), and nonces are remembered this long (`nonce_used`).
    /// Default 5 min.
    pub timestamp_window: Duration,
}

impl Default for OAuth1Config {
    fn default() -> Self {
        Self {
            consumer_key: DEFAULT_OAUTH1_CONSUMER_KEY.to_owned(),
            consumer_secret: DEFAULT_OAUTH1_CONSUMER_SECRET.to_owned(),
            timestamp_window: Duration::from_secs(300),
        }
    }
}

impl fmt::Debug for OAuth1Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Config")
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &"<redacted>")
            .field("timestamp_window", &self.timestamp_window)
            .finish()
    }
}

impl Default for OAuthConfig {
    fn default() -> Self {
        Self {
            clients: vec![RegisteredClient::public(
                DEFAULT_CLIENT_ID,
                DEFAULT_REDIRECT_URI,
            )],
            access_token_lifetime: Duration::from_secs(86_400),
            code_lifetime: Duration::from_secs(300),
            device_code_lifetime: Duration::from_secs(600),
            device_interval_secs: 5,
            rotate_refresh_tokens: true,
            oauth1: OAuth1Config::default(),
        }
    }
}

/// Whether `given` may be used for the registered `registered` redirect URI.
pub(crate) fn redirect_matches(registered: &str, given: &str) -> bool {
    if registered == given {
        return true;
    }
    // RFC 8252 §7.3: a native app's loopback redirect may use any port.
    let strip = |uri: &str| -> Option<(String, String)> {
        let rest = uri.strip_prefix("http://")?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = match authority.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => authority,
        };
        matches!(host, "127.0.0.1" | "[::1]" | "localhost")
            .then(|| (host.to_owned(), path.to_owned()))
    };
    matches!((strip(registered), strip(given)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_match_on_any_port_others_exactly() {
        assert!(redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:53682/callback"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:53682/other"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://evil.example:80/callback"
        ));
        assert!(redirect_matches(
            "https://app.example/cb",
            "https://app.example/cb"
        ));
        assert!(!redirect_matches(
            "https://app.example/cb",
            "https://app.example:444/cb"
        ));
    }

    #[test]
    fn debug_redacts_the_secret() {
        let mut c = RegisteredClient::public("id", "http://127.0.0.1/cb");
        c.client_secret = Some("s3cret".into());
        assert!(!format!("{c:?}").contains("s3cret"));
        let o = OAuth1Config {
            consumer_secret: "c0nsumer".into(),
            ..OAuth1Config::default()
        };
        assert!(!format!("{o:?}").contains("c0nsumer"));
    }
}
