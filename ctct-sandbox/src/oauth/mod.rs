//! An emulation of Constant Contact's OAuth 2.0 authorization server (`docs/v3/auth.md`).
//!
//! The V3 API takes only bearer tokens, so trying it locally needs somewhere to get one. This
//! module serves the three endpoints of the real server's `/oauth2/default/v1/` layout with
//! their documented behaviour: `authorize` (automatic consent: a 302 back with a code and the
//! state), `token` (authorization code with PKCE S256 verification, refresh with rotation,
//! device-code polling with `authorization_pending`/`slow_down`/`expired_token`/
//! `access_denied`) and `device/authorize`, plus a `device/verify` page that approves a device
//! code when opened. Codes and tokens expire on the lifetimes in [`OAuthConfig`] (short ones
//! in tests); errors are RFC 6749 §5.2 JSON bodies. Access tokens are opaque random strings,
//! not JWTs; each one issued is registered with the V3 endpoints (`/v3/`), which accept it
//! until it expires.
//!
//! The V1-era flows live here too: OAuth 2.0 under `/oauth2/oauth/` (`v1_oauth2`) and
//! OAuth 1.0a under `/ws/oauth/` (`v1_oauth1`), whose access tokens sign V1 resource requests.

mod authorize;
mod config;
mod device;
mod grants;
mod params;
mod respond;
mod token;
mod v1_oauth1;
mod v1_oauth2;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::routing::{get, post};
use tokio::time::Instant;

pub use config::{
    DEFAULT_CLIENT_ID, DEFAULT_OAUTH1_CONSUMER_KEY, DEFAULT_OAUTH1_CONSUMER_SECRET,
    DEFAULT_REDIRECT_URI, OAuth1Config, OAuthConfig, RegisteredClient,
};
pub use grants::OAuthStats;
pub(crate) use v1_oauth1::{Signed, request_url};

use grants::{AccessGrant, Grants, RefreshGrant};

use crate::App;
use crate::v3::V3App;

/// Where the endpoints live under the sandbox's root.
pub const OAUTH_PATH: &str = "/oauth2/default/v1";

/// The device-code grant type (RFC 8628).
pub(crate) const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The authorization server's settings and everything it has issued.
pub(crate) struct AuthServer {
    pub config: OAuthConfig,
    grants: Mutex<Grants>,
    /// The V3 emulator, whose token registry learns every access token issued here.
    v3: Arc<V3App>,
    /// The V1-era OAuth 1.0a tokens and nonces.
    pub(crate) oauth1: v1_oauth1::OAuth1Server,
}

impl AuthServer {
    pub fn new(config: OAuthConfig, v3: Arc<V3App>) -> Self {
        Self {
            config,
            grants: Mutex::new(Grants::default()),
            v3,
            oauth1: v1_oauth1::OAuth1Server::default(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Grants> {
        self.grants.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The scope of `token` when it is an unexpired access token issued here.
    pub fn access_token_scope(&self, token: &str) -> Option<String> {
        self.lock()
            .access_scope(token, Instant::now())
            .map(str::to_owned)
    }

    /// Counts of grants answered and refused.
    pub fn stats(&self) -> OAuthStats {
        self.lock().stats
    }

    /// Issues an access token (and a refresh token with `offline_access`; `keep` reuses the
    /// refresh token when rotation is off) and returns the RFC 6749 §5.1 body.
    fn issue(
        &self,
        grants: &mut Grants,
        client_id: &str,
        scope: &str,
        keep: Option<String>,
        now: Instant,
    ) -> serde_json::Value {
        let access = grants::token("at_", 40);
        let lifetime = self.config.access_token_lifetime;
        grants.access.insert(
            access.clone(),
            AccessGrant {
                scope: scope.to_owned(),
                expires: now + lifetime,
            },
        );
        self.v3.tokens.insert(
            &access,
            Some(std::time::Instant::now() + lifetime),
            crate::v3::tokens::Granted::parse(scope),
        );
        let mut body = serde_json::json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs(),
            "scope": scope,
        });
        if scope.split(' ').any(|s| s == "offline_access") {
            let refresh = keep.unwrap_or_else(|| grants::token("rt_", 40));
            grants.refresh.insert(
                refresh.clone(),
                RefreshGrant {
                    client_id: client_id.to_owned(),
                    scope: scope.to_owned(),
                },
            );
            body["refresh_token"] = serde_json::Value::String(refresh);
        }
        body
    }
}

/// The routes of the authorization server.
pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            &format!("{OAUTH_PATH}/authorize"),
            get(authorize::authorize),
        )
        .route(&format!("{OAUTH_PATH}/token"), post(token::token))
        .route(
            &format!("{OAUTH_PATH}/device/authorize"),
            post(device::device_authorize),
        )
        .route(&format!("{OAUTH_PATH}/device/verify"), get(device::verify))
        .route(
            "/oauth2/oauth/siteowner/authorize",
            get(v1_oauth2::authorize),
        )
        .route("/oauth2/oauth/token", post(v1_oauth2::exchange))
        .route("/oauth2/tokeninfo.htm", post(v1_oauth2::token_info))
        .route("/ws/oauth/request_token", get(v1_oauth1::request_token))
        .route("/ws/oauth/confirm_access", get(v1_oauth1::confirm_access))
        .route("/ws/oauth/access_token", get(v1_oauth1::access_token))
}
