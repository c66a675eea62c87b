//! The V1-era OAuth 2.0 helpers (`docs/v1/auth.md#oauth-20`).
//!
//! The server flow: send the account owner's browser to [`OAuth2App::authorization_url`];
//! the redirect back carries `code` (and `username`); [`Client::oauth2_exchange_code`] trades
//! the code for an access token; [`Client::oauth2_token_username`] asks which account a token
//! belongs to (V1 URLs need the username). Both are requests through the client's own
//! transport, with its timeouts and tracing, retried only on 429 and 503 (they are POSTs; those two
//! statuses say nothing was processed) and never sent
//! over plain `http://` to a remote host. The exchange carries the client secret in its query,
//! which is why errors and traces show paths without queries; bodies of failed answers are
//! scrubbed of the secrets sent before they go into an error.

use serde::Deserialize;

use crate::client::Client;
use crate::engine::{ExecOptions, Prepared, check_secure, scrub, undecodable};
use crate::error::Error;
use crate::oauth1::encode;
use crate::secret::Secret;
use crate::transport::Method;

/// An application registered for OAuth 2.0: its API key, secret and redirect URI. Built
/// with [`OAuth2App::new`] (fields may be added).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OAuth2App {
    /// The API key (`client_id`).
    pub client_id: String,
    /// The key's secret (`client_secret`).
    pub client_secret: Secret,
    /// Where the browser comes back with `code`.
    pub redirect_uri: String,
}

/// A token from the code exchange.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The bearer token; use it with [`crate::Auth::Bearer`].
    pub access_token: Secret,
    /// `token_type`, if sent (normally `Bearer`).
    pub token_type: Option<String>,
    /// `expires_in`, seconds, if sent (V1-era tokens were long-lived).
    pub expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct TokenJson {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TokenInfoJson {
    user_name: Option<String>,
}

impl OAuth2App {
    /// The app with API key `client_id`, its secret and its registered redirect URI.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
        }
    }

    /// The authorization URL on the OAuth server at `oauth2_base`
    /// (e.g. [`crate::client::DEFAULT_OAUTH2_BASE_URL`]).
    pub fn authorization_url(&self, oauth2_base: &str) -> String {
        format!(
            "{}/oauth2/oauth/siteowner/authorize?response_type=code&client_id={}&redirect_uri={}",
            oauth2_base.trim_end_matches('/'),
            encode(&self.client_id),
            encode(&self.redirect_uri)
        )
    }
}

impl Client {
    /// The authorization URL for `app` on this client's OAuth server.
    pub fn oauth2_authorization_url(&self, app: &OAuth2App) -> String {
        app.authorization_url(self.oauth2_base_url())
    }

    /// Exchanges an authorization `code` for an access token
    /// (`POST /oauth2/oauth/token?grant_type=authorization_code&...`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the server refuses (body scrubbed of the secret and code),
    /// [`Error::Decode`] when the answer has no `access_token`, [`Error::Config`] over plain
    /// `http://` to a remote host.
    pub async fn oauth2_exchange_code(
        &self,
        app: &OAuth2App,
        code: &str,
    ) -> Result<AccessToken, Error> {
        let base = self.oauth2_base_url();
        check_secure(base)?;
        let url = format!(
            "{base}/oauth2/oauth/token?grant_type=authorization_code&client_id={}&client_secret={}&code={}&redirect_uri={}",
            encode(&app.client_id),
            encode(app.client_secret.expose()),
            encode(code),
            encode(&app.redirect_uri)
        );
        let prepared = Prepared {
            name: "oauth2_exchange_code",
            method: Method::Post,
            url,
            accept: "application/json",
            body: None,
            success: &[200],
        };
        let response = self
            .engine()
            .execute_with(&prepared, &ExecOptions::default())
            .await
            .map_err(|e| scrub(e, &[app.client_secret.expose(), code]))?;
        let json: TokenJson = serde_json::from_slice(&response.body)
            .map_err(|_| undecodable(&prepared, response.status, "token response is not JSON"))?;
        let token = json.access_token.filter(|t| !t.is_empty()).ok_or_else(|| {
            undecodable(
                &prepared,
                response.status,
                "token response has no access_token",
            )
        })?;
        Ok(AccessToken {
            access_token: Secret::new(token),
            token_type: json.token_type,
            expires_in: json.expires_in.and_then(|v| match v {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.parse().ok(),
                _ => None,
            }),
        })
    }

    /// The username of the account a token belongs to
    /// (`POST /oauth2/tokeninfo.htm` with `access_token=...`).
    ///
    /// # Errors
    ///
    /// As [`Client::oauth2_exchange_code`]; [`Error::Decode`] when there is no `user_name`.
    pub async fn oauth2_token_username(&self, token: &Secret) -> Result<String, Error> {
        let base = self.oauth2_base_url();
        check_secure(base)?;
        let prepared = Prepared {
            name: "oauth2_token_username",
            method: Method::Post,
            url: format!("{base}/oauth2/tokeninfo.htm"),
            accept: "application/json",
            body: Some((
                "application/x-www-form-urlencoded".to_owned(),
                format!("access_token={}", encode(token.expose())).into_bytes(),
            )),
            success: &[200],
        };
        let response = self
            .engine()
            .execute_with(&prepared, &ExecOptions::default())
            .await
            .map_err(|e| scrub(e, &[token.expose()]))?;
        let json: TokenInfoJson = serde_json::from_slice(&response.body).map_err(|_| {
            undecodable(&prepared, response.status, "tokeninfo response is not JSON")
        })?;
        json.user_name
            .filter(|u| !u.is_empty())
            .ok_or_else(|| undecodable(&prepared, response.status, "tokeninfo has no user_name"))
    }
}
