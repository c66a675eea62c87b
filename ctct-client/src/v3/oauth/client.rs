//! The requests to the authorization server: the authorization URL, the code exchange and the
//! refresh.
//!
//! [`OAuthClient`] sends through an ordinary [`Client`], so the token endpoint gets the same
//! transport, timeouts and tracing as every API call, is never retried (every grant is a
//! POST, and a replayed authorization code or rotated refresh token is refused), and is never
//! reached over plain `http://` except on loopback. Parameters go in a form body
//! (RFC 6749 §4.1.3); a confidential client adds `Authorization: Basic` with its secret, a
//! public client (PKCE, device flow) sends its `client_id` in the form instead.

use std::time::SystemTime;

use base64::Engine as _;
use ctct_models::form::encode_form_value;

use super::endpoints::OAuthEndpoints;
use super::error::OAuthError;
use super::pkce::PkceVerifier;
use super::state::AuthorizationRequest;
use super::token::TokenSet;
use crate::engine::{Authorize, Engine, ExecOptions, Prepared, check_secure, scrub, undecodable};
use crate::error::{ConfigError, Error};
use crate::secret::Secret;
use crate::transport::Method;
use ctct_models::endpoint::encode_query_value as encode;

/// The scopes the quick start needs: contacts, lists and activities, and a refresh token.
pub const DEFAULT_SCOPES: [&str; 2] = ["contact_data", "offline_access"];

/// An application registered with the authorization server. Built with [`OAuthApp::public`]
/// and the setters (fields may be added).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OAuthApp {
    /// The application's API key (`client_id`).
    pub client_id: String,
    /// The client secret of a confidential (server) application; `None` for public clients,
    /// which use PKCE or the device flow.
    pub client_secret: Option<Secret>,
    /// The registered redirect URI (authorization code flow only).
    pub redirect_uri: Option<String>,
    /// The scopes asked for (default [`DEFAULT_SCOPES`]).
    pub scopes: Vec<String>,
    /// The authorization server (default: the real one).
    pub endpoints: OAuthEndpoints,
}

impl OAuthApp {
    /// A public client (no secret) with the default scopes and endpoints.
    pub fn public(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: None,
            scopes: DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            endpoints: OAuthEndpoints::default(),
        }
    }

    /// Sets the redirect URI.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Sets the client secret (a confidential client).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Sets the authorization server's endpoints.
    pub fn endpoints(mut self, endpoints: OAuthEndpoints) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// Sets the scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The scopes as one `scope` value, space-separated.
    pub fn scope(&self) -> String {
        self.scopes.join(" ")
    }
}

/// Talks to the authorization server for one application.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    app: OAuthApp,
    http: Engine,
}

/// `a=1&b=2`, each value percent-encoded (RFC 3986 unreserved kept).
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The `Authorization` value of a confidential client (RFC 6749 §2.3.1): the id and the
/// secret are each form-urlencoded first, so a `:` in either cannot move the split and a `%`,
/// `+` or space survives the server's decoding; then `id:secret` is base64-encoded.
pub(crate) fn basic_credentials(client_id: &str, secret: &Secret) -> Secret {
    let raw = format!(
        "{}:{}",
        encode_form_value(client_id),
        encode_form_value(secret.expose())
    );
    Secret::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    ))
}

impl OAuthClient {
    /// A client for `app` over the default transport.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no transport is available.
    pub fn new(app: OAuthApp) -> Result<Self, Error> {
        Ok(Self::with_http(app, Engine::builder().build()?))
    }

    /// A client for `app` that sends through `http`: an [`Engine`], or a V1
    /// [`Client`](crate::Client) whose engine is taken (its transport, timeouts and retry
    /// settings; its own credentials are never used here).
    pub fn with_http(app: OAuthApp, http: impl Into<Engine>) -> Self {
        Self {
            app,
            http: http.into(),
        }
    }

    /// The application.
    pub fn app(&self) -> &OAuthApp {
        &self.app
    }

    /// A fresh authorization request: the URL to open in a browser, with a new `state` and
    /// a new PKCE S256 challenge. Keep the returned value until the browser comes back, then
    /// pass the redirect URL to [`OAuthClient::complete`].
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the app has no redirect URI or the system has no randomness.
    pub fn authorization_request(&self) -> Result<AuthorizationRequest, Error> {
        let redirect_uri = self.redirect_uri()?;
        let state = super::pkce::random_token(16)?;
        let verifier = PkceVerifier::generate()?;
        let url = format!(
            "{}?{}",
            self.app.endpoints.authorize,
            [
                ("response_type", "code".to_owned()),
                ("client_id", encode(&self.app.client_id)),
                ("redirect_uri", encode(redirect_uri)),
                (
                    "scope",
                    self.app
                        .scopes
                        .iter()
                        .map(|s| encode(s))
                        .collect::<Vec<_>>()
                        .join("+"),
                ),
                ("state", state.clone()),
                ("code_challenge", verifier.challenge()),
                ("code_challenge_method", PkceVerifier::METHOD.to_owned()),
            ]
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
        );
        Ok(AuthorizationRequest::new(url, Secret::new(state), verifier))
    }

    fn redirect_uri(&self) -> Result<&str, Error> {
        self.app
            .redirect_uri
            .as_deref()
            .ok_or_else(|| Error::from(ConfigError::NoRedirectUri))
    }

    /// Checks the redirect the browser came back with against `request` (its `state`, or the
    /// `error` the server sent) and exchanges its code for tokens.
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] when the redirect carries an error or a wrong or missing `state` or
    /// `code`, or when the exchange is refused; otherwise as [`OAuthClient::exchange_code`].
    pub async fn complete(
        &self,
        request: &AuthorizationRequest,
        redirect_url: &str,
    ) -> Result<TokenSet, Error> {
        let code = request.code_from_redirect(redirect_url)?;
        self.exchange_code(&code, Some(request.verifier())).await
    }

    /// Exchanges an authorization code (with the PKCE verifier of its request, if one was
    /// sent) for tokens.
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] when the server refuses (e.g. `invalid_grant` for a used, expired or
    /// wrong code, or a verifier that does not match), [`Error::Decode`] when the answer has
    /// no `access_token`, [`Error::Config`] without a redirect URI.
    pub async fn exchange_code(
        &self,
        code: &Secret,
        verifier: Option<&PkceVerifier>,
    ) -> Result<TokenSet, Error> {
        let redirect_uri = self.redirect_uri()?;
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
        ];
        if let Some(v) = verifier {
            pairs.push(("code_verifier", v.secret().expose()));
        }
        self.token_request("authorization_code", pairs).await
    }

    /// Trades a refresh token for new tokens. With rotating refresh tokens (the default) the
    /// answer carries a new refresh token and the one sent stops working; with long-lived
    /// ones the answer may omit it, and [`crate::v3::oauth::OAuthSession`] keeps the old.
    ///
    /// # Errors
    ///
    /// [`Error::OAuth`] `invalid_grant` when the refresh token is unknown, used or expired
    /// (log in again); otherwise as [`OAuthClient::exchange_code`].
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenSet, Error> {
        self.token_request(
            "refresh_token",
            vec![
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose()),
            ],
        )
        .await
    }

    /// `POST {token}` with `pairs` (plus the client's identity) and reads the tokens.
    pub(crate) async fn token_request(
        &self,
        operation: &'static str,
        mut pairs: Vec<(&str, &str)>,
    ) -> Result<TokenSet, Error> {
        let basic = self
            .app
            .client_secret
            .as_ref()
            .map(|secret| basic_credentials(&self.app.client_id, secret));
        if basic.is_none() {
            pairs.push(("client_id", &self.app.client_id));
        }
        let secrets: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| {
                matches!(
                    *k,
                    "code" | "refresh_token" | "code_verifier" | "device_code"
                )
            })
            .map(|(_, v)| (*v).to_owned())
            .chain(self.app.client_secret.iter().map(|s| s.expose().to_owned()))
            .collect();
        let response = self
            .post_form(
                operation,
                &self.app.endpoints.token,
                &pairs,
                basic.as_ref(),
                &secrets,
            )
            .await?;
        let prepared_for_errors = self.prepared(operation, &self.app.endpoints.token, Vec::new());
        TokenSet::from_json(&response, SystemTime::now())
            .map_err(|what| undecodable(&prepared_for_errors, 200, &what))
    }

    fn prepared(&self, operation: &'static str, url: &str, body: Vec<u8>) -> Prepared {
        Prepared {
            name: operation,
            method: Method::Post,
            url: url.to_owned(),
            accept: "application/json",
            body: Some(("application/x-www-form-urlencoded".to_owned(), body)),
            success: &[200],
        }
    }

    /// Posts a form and returns the 200 body; a refusal becomes [`Error::OAuth`] when the
    /// body is an RFC 6749 error, else an [`Error::Api`] scrubbed of `secrets`.
    pub(crate) async fn post_form(
        &self,
        operation: &'static str,
        url: &str,
        pairs: &[(&str, &str)],
        authorization: Option<&Secret>,
        secrets: &[String],
    ) -> Result<Vec<u8>, Error> {
        check_secure(url)?;
        let prepared = self.prepared(operation, url, form(pairs).into_bytes());
        let opts = ExecOptions {
            authorization: authorization.map(|a| a as &dyn Authorize),
            ..ExecOptions::default()
        };
        match self.http.execute_with(&prepared, &opts).await {
            Ok(response) => Ok(response.body),
            Err(Error::Api(api)) => {
                match OAuthError::from_body(operation, api.status, api.body.as_bytes()) {
                    Some(e) => Err(e.into()),
                    None => {
                        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
                        Err(scrub(Error::Api(api), &refs))
                    }
                }
            }
            Err(e) => Err(e),
        }
    }
}
