//! The V3 client: bearer tokens from a [`TokenSource`], the V3 base, 4 requests a second.
//!
//! [`V3Client`] executes the V3 request descriptions of [`ctct_models::v3`] through the
//! [`Engine`] the V1 client also stands on (transport, timeouts, retries with backoff, the
//! token-bucket limiter, tracing, one [`Error`]); what is V3's is decided here:
//!
//! - paths are resolved against the V3 base (`https://api.cc.email/v3`, or a sandbox's `/v3`);
//! - every attempt carries `Authorization: Bearer …` from the token source, which refreshes
//!   before expiry; a 401 makes it refresh (once, for all concurrent callers) and the request
//!   is sent once more with the new token;
//! - a 429 `throttled` waits (`Retry-After`, or at least a second) and retries, even a POST,
//!   because the server did nothing; a 429 `quota_exceeded` fails at once;
//! - a `GET` that answers 202 where 200 is the normal answer (a segment query still being
//!   computed, `docs/v3/errors.md`) is asked again a few times before the 202 is returned;
//! - 204 deletes decode to [`ctct_models::endpoint::NoContent`], and the 202 of an
//!   asynchronous list delete to the activity to poll ([`V3Client::wait_for_activity`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ctct_models::endpoint::{Api, Endpoint, FromResponse, Request, V3_BASE_URL};

use super::oauth::TokenSource;
use crate::engine::{
    Authorize, Engine, EngineBuilder, ExecOptions, Prepared, check_secure, engine_setters,
    parse_base,
};
use crate::error::{ConfigError, Error};
use crate::rate_limit::RateLimit;
use crate::secret::Secret;
use crate::transport::{HttpResponse, Method, StreamingResponse};

/// The documented per-application rate: 4 requests a second (`docs/v3/limits.md`), without bursts.
pub const V3_RATE_LIMIT: RateLimit = RateLimit {
    per_second: 4.0,
    burst: 1,
};

/// How often a 202 "still computing" answer to a GET is asked again before it is returned.
pub const ACCEPTED_RETRIES: u32 = 5;

/// A client of the V3 API.
#[derive(Clone)]
pub struct V3Client {
    pub(crate) engine: Engine,
    pub(crate) base: String,
    tokens: Arc<dyn TokenSource>,
    accepted_wait: Duration,
}

impl fmt::Debug for V3Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V3Client")
            .field("base", &self.base)
            .field("tokens", &self.tokens)
            .field("engine", &self.engine)
            .finish()
    }
}

/// Builds a [`V3Client`]; see [`V3Client::builder`].
#[derive(Debug, Clone)]
pub struct V3ClientBuilder {
    engine: EngineBuilder,
    base_url: String,
    tokens: Arc<dyn TokenSource>,
    accepted_wait: Duration,
}

impl V3ClientBuilder {
    engine_setters!(engine);

    /// The V3 base (default [`V3_BASE_URL`]); a sandbox's `http://127.0.0.1:PORT/v3` in tests.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The client-side rate limit (default [`V3_RATE_LIMIT`]; `None` turns it off).
    pub fn rate_limit(mut self, rate: Option<RateLimit>) -> Self {
        self.engine.rate_limit = rate;
        self
    }

    /// The wait before asking again after a 202 "still computing" (default 1 s).
    pub fn accepted_wait(mut self, wait: Duration) -> Self {
        self.accepted_wait = wait;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL is not an absolute `http(s)` URL or is plain
    /// `http://` to anything but a loopback host (bearer tokens would travel in clear), or
    /// when no transport is available.
    pub fn build(self) -> Result<V3Client, Error> {
        let base = parse_base(&self.base_url, "base URL")?;
        check_secure(&base)?;
        Ok(V3Client {
            engine: self.engine.build()?,
            base,
            tokens: self.tokens,
            accepted_wait: self.accepted_wait,
        })
    }
}

impl V3Client {
    /// A builder with the defaults: the real service, tokens from `tokens` (an
    /// [`OAuthSession`](super::oauth::OAuthSession), or a
    /// [`StaticToken`](super::oauth::StaticToken)), reqwest transport, 3 attempts, 4 requests a
    /// second.
    pub fn builder(tokens: Arc<dyn TokenSource>) -> V3ClientBuilder {
        V3ClientBuilder {
            engine: EngineBuilder::default().rate_limit(Some(V3_RATE_LIMIT)),
            base_url: V3_BASE_URL.to_owned(),
            tokens,
            accepted_wait: Duration::from_secs(1),
        }
    }

    /// The V3 base this client talks to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Validates and sends one V3 endpoint request (`GetContacts::new().limit(500)`,
    /// `CreateList::new(ListInput::new(..))`, …) and decodes the answer.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when a value breaks the schema (nothing is sent), [`Error::Api`]
    /// for a status the endpoint does not list as success, after retries (its message shows
    /// the server's `error_key`s and messages; see [`Error::is_quota_exceeded`] and
    /// [`Error::is_throttled`]), [`Error::OAuth`] when the token cannot be refreshed,
    /// [`Error::Config`] for a V1 request, [`Error::Transport`], [`Error::Timeout`] or
    /// [`Error::Decode`] as for any request.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        self.send_request(endpoint.to_request()?).await
    }

    /// Sends a request already built (by [`Endpoint::to_request`]); errors as
    /// [`V3Client::send`].
    pub async fn send_request<R: FromResponse>(&self, request: Request<R>) -> Result<R, Error> {
        let prepared = self.prepare(&request)?;
        let response = self.fetch(&prepared).await?;
        self.engine.decode(&prepared, &response)
    }

    /// Like [`V3Client::send`], also returning the status (e.g. 202 when a segment query is
    /// still being computed after [`ACCEPTED_RETRIES`] tries).
    ///
    /// # Errors
    ///
    /// As [`V3Client::send`].
    pub async fn send_with_status<E: Endpoint>(
        &self,
        endpoint: E,
    ) -> Result<(u16, E::Response), Error> {
        let request = endpoint.to_request()?;
        let prepared = self.prepare(&request)?;
        let response = self.fetch(&prepared).await?;
        Ok((response.status, self.engine.decode(&prepared, &response)?))
    }

    pub(crate) fn prepare<R>(&self, request: &Request<R>) -> Result<Prepared, Error> {
        if request.api() != Api::V3 {
            return Err(ConfigError::WrongClient {
                endpoint: request.spec.name,
                api: request.api(),
            }
            .into());
        }
        Ok(Prepared {
            name: request.spec.name,
            method: request.method(),
            url: format!("{}{}", self.base, request.path_and_query()),
            accept: request.spec.accept,
            body: request
                .body
                .as_ref()
                .map(|b| (b.content_type().to_owned(), b.as_bytes().to_vec())),
            success: request.spec.success,
        })
    }

    /// Sends `prepared` with a bearer token, refreshing once after a 401 and asking again
    /// after a 202 to a GET that normally answers 200.
    pub(crate) async fn fetch(&self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        let mut accepted = 0;
        loop {
            let response = self.authorized(prepared).await?;
            let still_computing = response.status == 202
                && prepared.method == Method::Get
                && prepared.success.contains(&200);
            if !still_computing || accepted >= ACCEPTED_RETRIES {
                return Ok(response);
            }
            accepted += 1;
            tracing::debug!(
                endpoint = prepared.name,
                attempt = accepted,
                "202: still being computed; asking again"
            );
            tokio::time::sleep(self.accepted_wait * accepted).await;
        }
    }

    async fn authorized(&self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        let token = self.tokens.access_token().await?;
        match self.with_token(prepared, &token).await {
            Err(e) if e.is_unauthorized() => match self.tokens.unauthorized(&token).await? {
                Some(fresh) if fresh != token => {
                    tracing::debug!(endpoint = prepared.name, "401: retrying with a new token");
                    self.with_token(prepared, &fresh).await
                }
                _ => Err(e),
            },
            other => other,
        }
    }

    /// Sends a download with a bearer token, refreshing once after a 401; the success is
    /// returned with its body still to come ([`Engine::execute_streaming`]).
    pub(crate) async fn fetch_streaming(
        &self,
        prepared: &Prepared,
    ) -> Result<StreamingResponse, Error> {
        let send = |token: Secret| async move {
            let header = Secret::new(format!("Bearer {}", token.expose()));
            let opts = ExecOptions {
                authorization: Some(&header as &dyn Authorize),
                classifiers: crate::classifier::V3_CLASSIFIERS,
            };
            self.engine.execute_streaming(prepared, &opts).await
        };
        let token = self.tokens.access_token().await?;
        match send(token.clone()).await {
            Err(e) if e.is_unauthorized() => match self.tokens.unauthorized(&token).await? {
                Some(fresh) if fresh != token => {
                    tracing::debug!(endpoint = prepared.name, "401: retrying with a new token");
                    send(fresh).await
                }
                _ => Err(e),
            },
            other => other,
        }
    }

    async fn with_token(&self, prepared: &Prepared, token: &Secret) -> Result<HttpResponse, Error> {
        let header = Secret::new(format!("Bearer {}", token.expose()));
        let opts = ExecOptions {
            authorization: Some(&header as &dyn Authorize),
            classifiers: crate::classifier::V3_CLASSIFIERS,
        };
        self.engine.execute_with(prepared, &opts).await
    }
}
