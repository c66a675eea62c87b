//! The client: turns request descriptions from `ctct-models` into HTTP, once or with retries.
//!
//! [`Client`] is cheap to clone (one `Arc`) and has no generic parameters: it holds an
//! `Arc<dyn Transport>`. Every request goes through one private method, `execute`, the one place that
//! builds the URL (`{base}/ws/customers/{username}{path}`), adds the headers and credentials,
//! waits for the rate limiter, applies the request timeout, retries what may be retried, opens
//! the `tracing` span and turns failure statuses into [`Error::Api`].
//!
//! It is also the one place that knows whether a write may have been applied without an
//! answer saying so: a write whose attempt broke off after sending (connection closed, answer
//! cut, timeout) and that did not end in a success fails with [`Error::OutcomeUnknown`],
//! never with a plain failure, and a retried DELETE answered 404 after such an attempt is a
//! success (that attempt deleted it).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ctct_models::endpoint::{Endpoint, FromResponse, RawResponse, Request};
use ctct_models::xml::DecodeOptions;
use tracing::Instrument as _;
use url::Url;

use crate::auth::Auth;
use crate::classifier::{DEFAULT_CLASSIFIERS, FailedAttempt, RetryClassifier};
use crate::error::{ApiError, ConfigError, Error, raw_excerpt};
use crate::rate_limit::{Limiter, RateLimit};
use crate::retry::{Outcome, RetryPolicy};
use crate::secret::Secret;
use crate::transport::{
    HttpRequest, HttpResponse, Method, StreamingResponse, Transport, TransportError,
    TransportErrorKind, redact_query,
};

/// The real service.
pub const DEFAULT_BASE_URL: &str = "https://api.constantcontact.com";
/// The V1-era OAuth 2.0 server.
pub const DEFAULT_OAUTH2_BASE_URL: &str = "https://oauth2.constantcontact.com";
/// Default time to establish a connection (declared with the transports, which use it too).
pub use crate::transport::DEFAULT_CONNECT_TIMEOUT;
/// Default time for one attempt, from sending to the last body byte.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default cap on a response body: 32 MiB (a 50-entry page is tens of KiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// A Constant Contact API client for one account.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Arc<dyn Transport>,
    base: String,
    oauth2_base: String,
    username: Option<String>,
    account_base: Option<String>,
    auth: Auth,
    retry: RetryPolicy,
    limiter: Option<Limiter>,
    request_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base", &i.base)
            .field("username", &i.username)
            .field("auth", &i.auth)
            .field("transport", &i.transport)
            .field("retry", &i.retry)
            .field("request_timeout", &i.request_timeout)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    username: Option<String>,
    auth: Auth,
    base_url: String,
    oauth2_base_url: String,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    root_certificates: Vec<Vec<u8>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            username: None,
            auth: Auth::None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            oauth2_base_url: DEFAULT_OAUTH2_BASE_URL.to_owned(),
            transport: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("ctct-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
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

    /// Sends through `transport` instead of the default reqwest transport.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]: 3 attempts).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// A client-side rate limit (default none: V1 documented no limit).
    pub fn rate_limit(mut self, rate: Option<RateLimit>) -> Self {
        self.rate_limit = rate;
        self
    }

    /// Time to establish a connection (TCP and TLS), default [`DEFAULT_CONNECT_TIMEOUT`]
    /// (10 s): an address that does not answer fails after it with [`Error::Transport`]
    /// instead of waiting for the request timeout. It applies to the default reqwest
    /// transport only; a transport given with [`ClientBuilder::transport`] keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time for one attempt (default 30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Trusts the certificates in `pem` (one or more `BEGIN CERTIFICATE` blocks) as roots on
    /// top of those the TLS feature brings (`rustls`: bundled Mozilla roots;
    /// `rustls-native-roots` and `native-tls`: the platform's): a corporate CA, or a test
    /// server's own. May be called more than once. Checked by [`ClientBuilder::build`]; it
    /// applies to the default reqwest transport only, as [`ClientBuilder::connect_timeout`].
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// The largest response body accepted (default 32 MiB); streamed downloads
    /// ([`Client::download_export_to`]) have no cap.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The `User-Agent` header (default `ctct-rs/{version}`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
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
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(self.connect_timeout, self.root_certificates)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base,
                oauth2_base,
                username,
                account_base,
                auth: self.auth,
                retry: self.retry,
                limiter: self.rate_limit.map(Limiter::new),
                request_timeout: self.request_timeout,
                max_response_bytes: self.max_response_bytes,
                user_agent: self.user_agent,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(
    connect_timeout: Duration,
    root_certificates: Vec<Vec<u8>>,
) -> Result<Arc<dyn Transport>, Error> {
    let builder = root_certificates.into_iter().fold(
        crate::reqwest_transport::ReqwestTransport::builder().connect_timeout(connect_timeout),
        |b, pem| b.root_certificate_pem(pem),
    );
    let t = builder
        .build()
        .map_err(|source| ConfigError::TransportSetup { source })?;
    Ok(Arc::new(t))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: Duration, _: Vec<Vec<u8>>) -> Result<Arc<dyn Transport>, Error> {
    Err(ConfigError::NoTransport.into())
}

pub(crate) fn parse_base(raw: &str, setting: &'static str) -> Result<String, Error> {
    let url = Url::parse(raw).map_err(|source| ConfigError::UnparsableUrl {
        setting,
        value: raw.to_owned(),
        source,
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::NotHttpUrl {
            setting,
            value: raw.to_owned(),
        }
        .into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::UrlWithQuery {
            setting,
            value: raw.to_owned(),
        }
        .into());
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// Refuses credentials over plain `http://` unless the host is a loopback address.
pub(crate) fn check_secure(raw: &str) -> Result<(), Error> {
    let url = Url::parse(raw).map_err(|source| ConfigError::UnparsableUrl {
        setting: "URL",
        value: raw.to_owned(),
        source,
    })?;
    if url.scheme() == "https" || is_loopback(&url) {
        return Ok(());
    }
    Err(ConfigError::InsecureCredentials {
        scheme: url.scheme().to_owned(),
        host: url.host_str().unwrap_or_default().to_owned(),
    }
    .into())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// One request as [`Client::execute`] sends it.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// A name for traces: the endpoint function, e.g. `get_contact`.
    pub name: &'static str,
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    pub accept: &'static str,
    pub body: Option<(String, Vec<u8>)>,
    pub success: &'static [u16],
    /// Whether to attach the client's credentials.
    pub authenticate: bool,
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
            authenticate: true,
        })
    }

    pub(crate) fn decode<R: FromResponse>(
        &self,
        prepared: &Prepared,
        response: &HttpResponse,
    ) -> Result<R, Error> {
        let body = String::from_utf8_lossy(&response.body);
        let raw = RawResponse {
            status: response.status,
            location: response.header("location"),
            body: &body,
        };
        let opts = DecodeOptions {
            max_bytes: self.inner.max_response_bytes,
            ..DecodeOptions::default()
        };
        R::from_response(raw, &opts).map_err(|source| Error::Decode {
            method: prepared.method,
            path: path_of(&prepared.url).to_owned(),
            status: response.status,
            source,
            excerpt: raw_excerpt(&body),
        })
    }

    /// Sends `prepared`, with rate limiting, timeout and retries; returns a response whose
    /// status is one of `prepared.success`.
    pub(crate) async fn execute(&self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        self.execute_with(prepared, &ExecOptions::default()).await
    }

    /// [`Client::execute`] with per-call differences: a credential of the caller's instead of
    /// the client's [`Auth`], and the retry rules (see [`ExecOptions::classifiers`]).
    pub(crate) async fn execute_with(
        &self,
        prepared: &Prepared,
        opts: &ExecOptions<'_>,
    ) -> Result<HttpResponse, Error> {
        match self.attempts(prepared, opts, false).await? {
            Answer::Whole(response) => Ok(response),
            // Not produced when not streaming; read whole all the same.
            Answer::Streaming(s) => {
                read_whole(s, self.inner.max_response_bytes)
                    .await
                    .map_err(|e| Error::Transport {
                        method: prepared.method,
                        path: path_of(&prepared.url).to_owned(),
                        kind: e.kind,
                        message: e.message,
                        attempts: 1,
                    })
            }
        }
    }

    /// [`Client::execute_with`] for a download: a success is returned as soon as its head is
    /// read, its body still to come ([`Transport::send_streaming`], no size cap). The head is
    /// retried as any request; the body is the caller's to read, timing every chunk with
    /// [`Client::request_timeout`]. A failure status is read whole, capped, into the error.
    pub(crate) async fn execute_streaming(
        &self,
        prepared: &Prepared,
        opts: &ExecOptions<'_>,
    ) -> Result<StreamingResponse, Error> {
        match self.attempts(prepared, opts, true).await? {
            Answer::Streaming(s) => Ok(s),
            Answer::Whole(response) => Ok(StreamingResponse::whole(response)),
        }
    }

    /// The time one attempt may take; for a streamed body, the most the wait for any one
    /// chunk may take.
    pub(crate) fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// The retry policy.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The attempts of one request: rate limit, timeout, retries, status handling.
    async fn attempts(
        &self,
        prepared: &Prepared,
        opts: &ExecOptions<'_>,
        streaming: bool,
    ) -> Result<Answer, Error> {
        let inner = &self.inner;
        if (prepared.authenticate && inner.auth.is_some()) || opts.authorization.is_some() {
            check_secure(&prepared.url)?;
        }
        let path = path_of(&prepared.url);
        let first_started = tokio::time::Instant::now();
        // Whether an earlier attempt of this write may have reached the server without an
        // answer: then a later failure does not mean "nothing changed".
        let mut maybe_applied = false;
        let finish = |error: Error, maybe_applied: bool| -> Error {
            if maybe_applied && prepared.method != Method::Get {
                Error::OutcomeUnknown {
                    method: prepared.method,
                    path: path.to_owned(),
                    cause: Box::new(error),
                }
            } else {
                error
            }
        };
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if let Some(limiter) = &inner.limiter {
                limiter.acquire().await;
            }
            let mut request = self.http_request(prepared, opts.authorization);
            let span = tracing::debug_span!(
                "ctct.request",
                endpoint = prepared.name,
                method = %prepared.method,
                path = %path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = tokio::time::Instant::now();
            let sent = async {
                if !streaming {
                    return inner.transport.send(request).await.map(Answer::Whole);
                }
                request.max_response_bytes = usize::MAX;
                let s = inner.transport.send_streaming(request).await?;
                if prepared.success.contains(&s.status) {
                    return Ok(Answer::Streaming(s));
                }
                // A failure: its body is small and goes into the error, read under the cap.
                read_whole(s, inner.max_response_bytes)
                    .await
                    .map(Answer::Whole)
            };
            let result = tokio::time::timeout(inner.request_timeout, sent)
                .instrument(span.clone())
                .await;
            let elapsed = started.elapsed();
            span.record("duration_ms", elapsed.as_millis() as u64);
            let (outcome, error, delay) = match result {
                Ok(Ok(Answer::Streaming(s))) => {
                    span.record("status", s.status);
                    span.in_scope(|| tracing::debug!("success; the body follows as a stream"));
                    return Ok(Answer::Streaming(s));
                }
                Ok(Ok(Answer::Whole(response))) => {
                    span.record("status", response.status);
                    if prepared.success.contains(&response.status) {
                        span.in_scope(|| tracing::debug!("success"));
                        return Ok(Answer::Whole(response));
                    }
                    if let Some(done) = deleted_before(prepared, maybe_applied, &response) {
                        span.in_scope(|| {
                            tracing::info!(
                                recovered = true,
                                "a retried DELETE answered 404: an earlier attempt whose answer \
                                 was lost deleted it"
                            );
                        });
                        return Ok(Answer::Whole(done));
                    }
                    let retry_after = response.header("retry-after").map(str::to_owned);
                    let error = api_error(prepared, path, response);
                    let outcome = Outcome::Status(error.status);
                    let failed = FailedAttempt {
                        method: prepared.method,
                        outcome,
                        body: &error.body,
                    };
                    let delay = inner.retry.next_delay_by(
                        opts.classifiers,
                        attempt,
                        &failed,
                        retry_after.as_deref(),
                    );
                    (outcome, Error::Api(Box::new(error)), delay)
                }
                Ok(Err(e)) => {
                    let outcome = Outcome::Transport(e.kind);
                    let error = Error::Transport {
                        method: prepared.method,
                        path: path.to_owned(),
                        kind: e.kind,
                        message: e.message,
                        attempts: attempt,
                    };
                    (
                        outcome,
                        error,
                        self.delay_after(opts, attempt, prepared.method, outcome),
                    )
                }
                Err(_) => {
                    let error = Error::Timeout {
                        method: prepared.method,
                        path: path.to_owned(),
                        after: inner.request_timeout,
                        attempts: attempt,
                        total: first_started.elapsed(),
                    };
                    let outcome = Outcome::Timeout;
                    (
                        outcome,
                        error,
                        self.delay_after(opts, attempt, prepared.method, outcome),
                    )
                }
            };
            maybe_applied |= RetryPolicy::may_have_applied(outcome);
            match delay {
                Some(delay) => {
                    span.in_scope(|| {
                        tracing::warn!(error = %error, delay_ms = delay.as_millis() as u64, "retrying");
                    });
                    tokio::time::sleep(delay).await;
                }
                None => {
                    span.in_scope(|| tracing::debug!(error = %error, "failed"));
                    return Err(finish(error, maybe_applied));
                }
            }
        }
    }

    /// The wait before the next attempt after one that ended with no status answer.
    fn delay_after(
        &self,
        opts: &ExecOptions<'_>,
        attempt: u32,
        method: Method,
        outcome: Outcome,
    ) -> Option<Duration> {
        let failed = FailedAttempt {
            method,
            outcome,
            body: "",
        };
        self.inner
            .retry
            .next_delay_by(opts.classifiers, attempt, &failed, None)
    }

    fn http_request(&self, prepared: &Prepared, authorization: Option<&Secret>) -> HttpRequest {
        let inner = &self.inner;
        let mut headers = vec![("accept".to_owned(), prepared.accept.to_owned())];
        if let Some((content_type, _)) = &prepared.body {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let Some(value) = authorization {
            headers.push(("authorization".to_owned(), value.expose().to_owned()));
        } else if prepared.authenticate {
            let username = inner.username.as_deref().unwrap_or_default();
            if let Some(value) = inner.auth.header(username, prepared.method, &prepared.url) {
                headers.push(("authorization".to_owned(), value));
            }
        }
        headers.push(("user-agent".to_owned(), inner.user_agent.clone()));
        HttpRequest {
            method: prepared.method,
            url: prepared.url.clone(),
            headers,
            body: prepared.body.as_ref().map(|(_, b)| b.clone()),
            max_response_bytes: inner.max_response_bytes,
        }
    }
}

/// What one request's attempts ended with.
enum Answer {
    /// A response read whole.
    Whole(HttpResponse),
    /// A success whose body is still to be read.
    Streaming(StreamingResponse),
}

/// Reads a streamed body whole; more than `cap` bytes is [`TransportErrorKind::BodyTooLarge`].
async fn read_whole(s: StreamingResponse, cap: usize) -> Result<HttpResponse, TransportError> {
    use futures_util::StreamExt as _;
    let StreamingResponse {
        status,
        headers,
        mut body,
    } = s;
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        if bytes.len() + chunk.len() > cap {
            return Err(TransportError::new(
                TransportErrorKind::BodyTooLarge,
                format!("response body larger than {cap} bytes"),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: bytes,
    })
}

/// Per-call differences for [`Client::execute_with`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExecOptions<'a> {
    /// The whole `Authorization` header value to send instead of the client's [`Auth`]
    /// (a V3 bearer token, or Basic client credentials at a token endpoint).
    pub authorization: Option<&'a Secret>,
    /// The retry rules, in order ([`crate::classifier`]): V1's by default, V3's for V3 calls.
    pub classifiers: &'a [&'a dyn RetryClassifier],
}

impl Default for ExecOptions<'_> {
    fn default() -> Self {
        Self {
            authorization: None,
            classifiers: DEFAULT_CLASSIFIERS,
        }
    }
}

/// A 404 to a retried DELETE whose earlier attempt may have been applied means that attempt
/// deleted it: the answer is the endpoint's success, with no body. `None` otherwise (a 404 to
/// the first attempt is "no such resource").
///
/// A V3 delete whose success has a body (the 202 of an asynchronous list or tag delete names
/// its activity) gets an empty JSON object: it decodes, with none of its fields, since the
/// lost answer's activity cannot be known. An empty body would not decode, and the caller
/// would hear of a failure where the delete was done.
fn deleted_before(
    prepared: &Prepared,
    maybe_applied: bool,
    response: &HttpResponse,
) -> Option<HttpResponse> {
    let status = *prepared.success.first()?;
    (prepared.method == Method::Delete && maybe_applied && response.status == 404).then(|| {
        // A JSON API (V3) answers an empty object where V1 answers nothing.
        let json_body = prepared.accept.contains("json") && status != 204;
        HttpResponse {
            status,
            headers: if json_body {
                vec![("content-type".to_owned(), "application/json".to_owned())]
            } else {
                Vec::new()
            },
            body: if json_body {
                b"{}".to_vec()
            } else {
                Vec::new()
            },
        }
    })
}

fn api_error(prepared: &Prepared, path: &str, response: HttpResponse) -> ApiError {
    ApiError {
        method: prepared.method,
        path: path.to_owned(),
        status: response.status,
        content_type: response.header("content-type").map(str::to_owned),
        www_authenticate: response.header("www-authenticate").map(str::to_owned),
        retry_after: response.header("retry-after").map(str::to_owned),
        body: String::from_utf8_lossy(&response.body).into_owned(),
    }
}

/// The path of an absolute URL, without query: what errors and traces show.
pub(crate) fn path_of(url: &str) -> &str {
    let no_query = redact_query(url);
    match no_query.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => no_query,
    }
}
