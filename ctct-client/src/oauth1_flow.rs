//! The OAuth 1.0a token flow (`docs/v1/auth.md#oauth-10a`): request token, user authorization, access
//! token. Signing itself is in [`crate::oauth1`].
//!
//! 1. [`Client::oauth1_request_token`] asks for a temporary token (`GET
//!    /ws/oauth/request_token`, signed with the consumer key alone, carrying `oauth_callback`,
//!    `oob` when the application has no callback);
//! 2. the account owner opens [`OAuth1App::authorize_url`] (`/ws/oauth/confirm_access`) and
//!    approves; the callback (or the page, for `oob`) hands back `oauth_verifier`;
//! 3. [`Client::oauth1_access_token`] trades the request token and verifier for the access
//!    token (`GET /ws/oauth/access_token`), which with the consumer key signs every request
//!    ([`crate::Auth::OAuth1`]).
//!
//! The OAuth parameters travel in the query, as the PHP library's signed URLs did; errors and
//! traces show paths without queries, and failed answers are scrubbed of the values sent. The
//! requests go through the client's transport, never over plain `http://` to a remote host.
//! UNCERTAIN whether these endpoints still answered at V1's end.

use crate::client::Client;
use crate::engine::{ExecOptions, Prepared, check_secure, scrub, undecodable};
use crate::error::Error;
use crate::oauth1::{Nonce, OAuth1Credentials, encode, hmac_sha1, parse_pairs, signature_base};
use crate::secret::Secret;
use crate::transport::Method;

/// The V1-era OAuth 1.0a server.
pub const DEFAULT_OAUTH1_BASE_URL: &str = "https://oauth.constantcontact.com";

/// An application registered for OAuth 1.0a. Built with [`OAuth1App::new`] and the `with_*`
/// methods (fields may be added).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OAuth1App {
    /// The consumer key (the API key).
    pub consumer_key: Secret,
    /// The consumer secret (the key's secret).
    pub consumer_secret: Secret,
    /// Where the browser returns with `oauth_verifier`; `None` sends `oob` (the user copies
    /// the verifier by hand).
    pub callback: Option<String>,
    /// The OAuth server root (default [`DEFAULT_OAUTH1_BASE_URL`]).
    pub base_url: String,
}

/// A temporary token from step 1.
#[derive(Debug, Clone)]
pub struct RequestToken {
    /// `oauth_token`: goes into the authorization URL.
    pub token: Secret,
    /// `oauth_token_secret`: signs the access-token request.
    pub secret: Secret,
    /// `oauth_callback_confirmed` (OAuth 1.0a servers send `true`).
    pub callback_confirmed: bool,
}

/// What step 3 returns: the credentials that sign every request, and the account username
/// when the server names it.
#[derive(Debug, Clone)]
pub struct OAuth1Grant {
    /// Consumer and access token credentials, for [`crate::Auth::OAuth1`].
    pub credentials: OAuth1Credentials,
    /// The account username, if the answer carried one (`username`).
    pub username: Option<String>,
}

impl OAuth1App {
    /// An app on the default server.
    pub fn new(consumer_key: impl Into<Secret>, consumer_secret: impl Into<Secret>) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            callback: None,
            base_url: DEFAULT_OAUTH1_BASE_URL.to_owned(),
        }
    }

    /// Where the browser returns with `oauth_verifier`; `None` sends `oob`.
    pub fn with_callback(mut self, callback: Option<String>) -> Self {
        self.callback = callback;
        self
    }

    /// The OAuth server root (default [`DEFAULT_OAUTH1_BASE_URL`]).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Where to send the account owner: `{base}/ws/oauth/confirm_access?oauth_token=…`.
    pub fn authorize_url(&self, token: &RequestToken) -> String {
        format!(
            "{}/ws/oauth/confirm_access?oauth_token={}",
            self.base(),
            encode(token.token.expose())
        )
    }

    /// The signed request-token URL (query method, RFC 5849 §3.5.3).
    pub fn request_token_url(&self, nonce: &Nonce) -> String {
        let callback = self.callback.as_deref().unwrap_or("oob");
        self.signed_url(
            "/ws/oauth/request_token",
            None,
            &[("oauth_callback", callback)],
            nonce,
        )
    }

    /// The signed access-token URL for a request token and the verifier the user brought.
    pub fn access_token_url(&self, token: &RequestToken, verifier: &str, nonce: &Nonce) -> String {
        self.signed_url(
            "/ws/oauth/access_token",
            Some((token.token.expose(), token.secret.expose())),
            &[("oauth_verifier", verifier)],
            nonce,
        )
    }

    fn signed_url(
        &self,
        path: &str,
        token: Option<(&str, &str)>,
        extra: &[(&str, &str)],
        nonce: &Nonce,
    ) -> String {
        let url = format!("{}{path}", self.base());
        let mut params: Vec<(String, String)> = vec![
            (
                "oauth_consumer_key".into(),
                self.consumer_key.expose().to_owned(),
            ),
            ("oauth_nonce".into(), nonce.nonce.clone()),
            ("oauth_signature_method".into(), "HMAC-SHA1".into()),
            ("oauth_timestamp".into(), nonce.timestamp.to_string()),
            ("oauth_version".into(), "1.0".into()),
        ];
        if let Some((t, _)) = token {
            params.push(("oauth_token".into(), t.to_owned()));
        }
        params.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let base = signature_base("GET", &url, &params);
        let signature = hmac_sha1(
            &base,
            self.consumer_secret.expose(),
            token.map_or("", |(_, s)| s),
        );
        params.push(("oauth_signature".into(), signature));
        params.sort();
        let query = params
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("{url}?{query}")
    }
}

impl Client {
    async fn oauth1_get(
        &self,
        name: &'static str,
        url: String,
        secrets: &[&str],
    ) -> Result<(Prepared, Vec<(String, String)>, u16), Error> {
        check_secure(&url)?;
        let prepared = Prepared {
            name,
            method: Method::Get,
            url,
            accept: "application/x-www-form-urlencoded, text/plain",
            body: None,
            success: &[200],
        };
        let response = self
            .engine()
            .execute_with(&prepared, &ExecOptions::default())
            .await
            .map_err(|e| scrub(e, secrets))?;
        let text = String::from_utf8_lossy(&response.body);
        let pairs = parse_pairs(text.trim());
        Ok((prepared, pairs, response.status))
    }

    /// Step 1: a request token for `app`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] when the server refuses (body scrubbed of the key), [`Error::Decode`]
    /// when the answer lacks `oauth_token` or `oauth_token_secret`, [`Error::Config`] over
    /// plain `http://` to a remote host.
    pub async fn oauth1_request_token(&self, app: &OAuth1App) -> Result<RequestToken, Error> {
        self.oauth1_request_token_with(app, &Nonce::fresh()).await
    }

    /// [`Client::oauth1_request_token`] with a given nonce and timestamp (for replayed tests).
    ///
    /// # Errors
    ///
    /// As [`Client::oauth1_request_token`].
    pub async fn oauth1_request_token_with(
        &self,
        app: &OAuth1App,
        nonce: &Nonce,
    ) -> Result<RequestToken, Error> {
        let url = app.request_token_url(nonce);
        let (prepared, pairs, status) = self
            .oauth1_get(
                "oauth1_request_token",
                url,
                &[app.consumer_key.expose(), app.consumer_secret.expose()],
            )
            .await?;
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let token = get("oauth_token").filter(|t| !t.is_empty());
        let secret = get("oauth_token_secret");
        match (token, secret) {
            (Some(token), Some(secret)) => Ok(RequestToken {
                token: Secret::new(token),
                secret: Secret::new(secret),
                callback_confirmed: get("oauth_callback_confirmed").as_deref() == Some("true"),
            }),
            _ => Err(undecodable(
                &prepared,
                status,
                "request-token answer lacks oauth_token or oauth_token_secret",
            )),
        }
    }

    /// Step 3: the access token for a request token the user approved, with the
    /// `oauth_verifier` they brought back.
    ///
    /// # Errors
    ///
    /// As [`Client::oauth1_request_token`].
    pub async fn oauth1_access_token(
        &self,
        app: &OAuth1App,
        token: &RequestToken,
        verifier: &str,
    ) -> Result<OAuth1Grant, Error> {
        self.oauth1_access_token_with(app, token, verifier, &Nonce::fresh())
            .await
    }

    /// [`Client::oauth1_access_token`] with a given nonce and timestamp (for replayed tests).
    ///
    /// # Errors
    ///
    /// As [`Client::oauth1_request_token`].
    pub async fn oauth1_access_token_with(
        &self,
        app: &OAuth1App,
        token: &RequestToken,
        verifier: &str,
        nonce: &Nonce,
    ) -> Result<OAuth1Grant, Error> {
        let url = app.access_token_url(token, verifier, nonce);
        let secrets = [
            app.consumer_key.expose(),
            app.consumer_secret.expose(),
            token.token.expose(),
            token.secret.expose(),
            verifier,
        ];
        let (prepared, pairs, status) = self
            .oauth1_get("oauth1_access_token", url, &secrets)
            .await?;
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let access = get("oauth_token").filter(|t| !t.is_empty());
        let secret = get("oauth_token_secret");
        match (access, secret) {
            (Some(access), Some(secret)) => Ok(OAuth1Grant {
                credentials: OAuth1Credentials {
                    consumer_key: app.consumer_key.clone(),
                    consumer_secret: app.consumer_secret.clone(),
                    token: Secret::new(access),
                    token_secret: Secret::new(secret),
                },
                username: get("username").filter(|u| !u.is_empty()),
            }),
            _ => Err(undecodable(
                &prepared,
                status,
                "access-token answer lacks oauth_token or oauth_token_secret",
            )),
        }
    }
}
