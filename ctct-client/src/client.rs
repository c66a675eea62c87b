//! The V1 client: the account path and the V1 credentials on top of the shared [`Engine`].
//!
//! [`Client`] is cheap to clone (one `Arc`) and has no generic parameters. What is V1's is
//! decided here: the URL of every request is `{base}/ws/customers/{username}{path}`, an id of
//! another account is refused before anything is sent, and every attempt carries the
//! client's [`Auth`] (Basic, OAuth 2.0 bearer, or an OAuth 1.0a signature made for that
//! attempt). Sending, retries, limits, timeouts, tracing and decoding are the [`Engine`]'s
//! (`crate::engine`), shared with the V3 client.

use std::fmt;
use std::sync::Arc;

use ctct_models::endpoint::{Endpoint, FromResponse, Request};

use crate::auth::Auth;
use crate::engine::{
    Authorize, Engine, EngineBuilder, ExecOptions, Prepared, check_secure, engine_setters,
    parse_base,
};
use crate::error::{ConfigError, Error};
use crate::rate_limit::RateLimit;
use crate::transport::{HttpResponse, Method};

/// The V1-era OAuth 2.0 server.
pub const DEFAULT_OAUTH2_BASE_URL: &str = "https://oauth2.constantcontact.com";
pub use crate::engine::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT,
};

/// A Constant Contact V1 API client for one account.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    base: String,
    oauth2_base: String,
    username: Option<String>,
    account_base: Option<String>,
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base", &i.base)
            .field("username", &i.username)
            .field("auth", &i.auth)
            .field("engine", &i.engine)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    engine: EngineBuilder,
    username: Option<String>,
    auth: Auth,
    base_url: String,
    oauth2_base_url: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            engine: EngineBuilder::default(),
            username: None,
            auth: Auth::None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            oauth2_base_url: DEFAULT_OAUTH2_BASE_URL.to_owned(),
        }
    }
}

impl ClientBuilder {
    engine_setters!(engine);

    /// The account's username (the login name); it is lower-cased, as every V1 URL needs.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The credentials (default [`Auth::None`]).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The service root (default [`DEFAULT_BASE_URL`]); a sandbox's URL in tests. Any path
    /// prefix is kept; the account path is appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The OAuth 2.0 server root (default [`DEFAULT_OAUTH2_BASE_URL`]).
    pub fn oauth2_base_url(mut self, url: impl Into<String>) -> Self {
        self.oauth2_base_url = url.into();
        self
    }

    /// A client-side rate limit (default none: V1 documented no limit).
    pub fn rate_limit(mut self, rate: Option<RateLimit>) -> Self {
        self.engine.rate_limit = rate;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when a base URL is not an absolute `http(s)` URL, when credentials
    /// would go over plain `http://` to anything but a loopback address, when the username
    /// is empty, or when no transport is available.
    pub fn build(self) -> Result<Client, Error> {
        let base = parse_base(&self.base_url, "base URL")?;
        let oauth2_base = parse_base(&self.oauth2_base_url, "OAuth 2.0 base URL")?;
        if self.auth.is_some() {
            check_secure(&self.base_url)?;
        }
        let username = match self.username {
            Some(u) if u.trim().is_empty() => {
                return Err(ConfigError::EmptyUsername.into());
            }
            Some(u) => Some(u.trim().to_lowercase()),
            None => None,
        };
        let account_base = username.as_ref().map(|u| {
            format!(
                "{base}/ws/customers/{}",
                ctct_models::ids::encode_segment(u)
            )
        });
        Ok(Client {
            inner: Arc::new(Inner {
                engine: self.engine.build()?,
                base,
                oauth2_base,
                username,
                account_base,
                auth: self.auth,
            }),
        })
    }
}

/// The client's [`Auth`] for the account, made for each attempt.
struct AccountAuth<'a> {
    auth: &'a Auth,
    username: &'a str,
}

impl Authorize for AccountAuth<'_> {
    fn header(&self, method: Method, url: &str) -> Option<String> {
        self.auth.header(self.username, method, url)
    }
}

impl Client {
    /// A builder with the defaults: the real service, no credentials, reqwest transport,
    /// 3 attempts, no rate limit, 10 s connect and 30 s request timeouts.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The account username (lower case), if one was set.
    pub fn username(&self) -> Option<&str> {
        self.inner.username.as_deref()
    }

    /// The account's base URL, `{base}/ws/customers/{username}`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the client was built without a username.
    pub fn account_url(&self) -> Result<&str, Error> {
        self.inner
            .account_base
            .as_deref()
            .ok_or_else(|| ConfigError::NoUsername.into())
    }

    /// The service root this client talks to.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The engine this client sends through (transport, limiter, timeouts, retries), for an
    /// [`OAuthClient`](crate::v3::oauth::OAuthClient) or anything else that should share them.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    pub(crate) fn oauth2_base_url(&self) -> &str {
        &self.inner.oauth2_base
    }

    /// Validates and sends one V1 endpoint request (`GetContact::new(&id)`,
    /// `CreateList::new(list)`, …) and decodes the answer.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when a value breaks the schema (nothing is sent),
    /// [`Error::ForeignAccount`] when an id names another account (nothing is sent),
    /// [`Error::Api`] for a status the endpoint does not list as success (after retries),
    /// [`Error::Transport`] or [`Error::Timeout`] when no response came, [`Error::Decode`]
    /// when a success body cannot be read.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        self.send_request(endpoint.to_request()?).await
    }

    /// Sends a request already built (by [`Endpoint::to_request`]) and decodes the answer;
    /// errors as [`Client::send`].
    pub async fn send_request<R: FromResponse>(&self, request: Request<R>) -> Result<R, Error> {
        let prepared = self.prepare(&request)?;
        let response = self.execute(&prepared).await?;
        self.decode(&prepared, &response)
    }

    pub(crate) fn prepare<R>(&self, request: &Request<R>) -> Result<Prepared, Error> {
        if request.api() != ctct_models::endpoint::Api::V1 {
            return Err(ConfigError::WrongClient {
                endpoint: request.spec.name,
                api: request.api(),
            }
            .into());
        }
        let account = self.account_url()?;
        if let (Some(own), Some(other)) = (
            self.username(),
            self.username().and_then(|u| request.foreign_account(u)),
        ) {
            return Err(Error::ForeignAccount {
                endpoint: request.spec.name,
                id_account: other.to_owned(),
                client_account: own.to_owned(),
            });
        }
        let url = format!("{account}{}", request.path_and_query());
        Ok(Prepared {
            name: request.spec.name,
            method: request.method(),
            url,
            accept: request.spec.accept,
            body: request
                .body
                .as_ref()
                .map(|b| (b.content_type().to_owned(), b.as_bytes().to_vec())),
            success: request.spec.success,
        })
    }

    pub(crate) fn decode<R: FromResponse>(
        &self,
        prepared: &Prepared,
        response: &HttpResponse,
    ) -> Result<R, Error> {
        self.inner.engine.decode(prepared, response)
    }

    /// Sends `prepared` with the account's credentials and V1's retry rules.
    pub(crate) async fn execute(&self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        self.inner
            .engine
            .execute_with(prepared, &self.exec_options(&self.account_auth()))
            .await
    }

    /// The account's credentials, when the client has any.
    fn account_auth(&self) -> Option<AccountAuth<'_>> {
        let inner = &self.inner;
        inner.auth.is_some().then(|| AccountAuth {
            auth: &inner.auth,
            username: inner.username.as_deref().unwrap_or_default(),
        })
    }

    /// V1's retry rules with `auth` on every attempt.
    fn exec_options<'a>(&self, auth: &'a Option<AccountAuth<'a>>) -> ExecOptions<'a> {
        ExecOptions {
            authorization: auth.as_ref().map(|a| a as &dyn Authorize),
            ..ExecOptions::default()
        }
    }

    /// [`Client::execute`] for a download: the body still to come
    /// ([`Engine::execute_streaming`]).
    pub(crate) async fn execute_streaming(
        &self,
        prepared: &Prepared,
    ) -> Result<crate::transport::StreamingResponse, Error> {
        self.inner
            .engine
            .execute_streaming(prepared, &self.exec_options(&self.account_auth()))
            .await
    }
}

/// A client's engine, to share its transport and settings (see [`Client::engine`]).
impl From<Client> for Engine {
    fn from(client: Client) -> Self {
        client.inner.engine.clone()
    }
}

/// A client's engine, to share its transport and settings (see [`Client::engine`]).
impl From<&Client> for Engine {
    fn from(client: &Client) -> Self {
        client.inner.engine.clone()
    }
}
