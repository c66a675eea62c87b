//! OAuth 2.0 for the V3 API (`docs/v3/auth.md`).
//!
//! V3 takes only bearer tokens from Constant Contact's authorization server. This module
//! covers what an app needs to get and keep one:
//!
//! - the authorization code flow with PKCE S256 and a checked `state`
//!   ([`OAuthClient::authorization_request`], [`OAuthClient::complete`]);
//! - the device flow for CLIs ([`OAuthClient::device_authorization`],
//!   [`OAuthClient::poll_device`]);
//! - refresh with rotating refresh tokens, serialized so concurrent callers cannot spend the
//!   same refresh token twice, before expiry and after a 401 ([`OAuthSession`]);
//! - a [`TokenStore`] to keep the newest tokens: [`MemoryTokenStore`] or [`FileTokenStore`].
//!
//! Tokens, refresh tokens, client secrets, codes and PKCE verifiers are [`crate::Secret`]s:
//! never in `Debug`, logs or error messages.
//!
//! ```no_run
//! # async fn run() -> Result<(), ctct_client::Error> {
//! use std::sync::Arc;
//! use ctct_client::v3::oauth::{MemoryTokenStore, OAuthApp, OAuthClient, OAuthSession};
//!
//! let oauth = OAuthClient::new(OAuthApp::public("API_KEY").redirect_uri("http://localhost:8080/cb"))?;
//! let request = oauth.authorization_request()?;
//! println!("open {}", request.url());
//! # let redirect_url = String::new();
//! // … the browser comes back to http://localhost:8080/cb?code=…&state=…
//! let tokens = oauth.complete(&request, &redirect_url).await?;
//! let session = OAuthSession::new(oauth, Arc::new(MemoryTokenStore::with(tokens)));
//! # let _ = session;
//! # Ok(())
//! # }
//! ```

mod client;
mod device;
mod endpoints;
mod error;
mod pkce;
mod session;
mod state;
mod store;
mod token;

pub use client::{DEFAULT_SCOPES, OAuthApp, OAuthClient};
pub use device::{DEFAULT_INTERVAL, DEVICE_CODE_GRANT, DeviceAuthorization, SLOW_DOWN_STEP};
pub use endpoints::{DEFAULT_AUTHORIZATION_SERVER, OAUTH_PATH, OAuthEndpoints};
pub use error::OAuthError;
pub use pkce::PkceVerifier;
pub use session::{DEFAULT_REFRESH_SKEW, OAuthSession, StaticToken, TokenFuture, TokenSource};
pub use state::AuthorizationRequest;
pub use store::{FileTokenStore, MemoryTokenStore, TokenStore};
pub use token::TokenSet;
