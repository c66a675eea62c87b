//! The HTTP engine both API clients stand on.
//!
//! [`Engine`] sends a request a front end has prepared (an absolute URL, headers, body, the
//! statuses that mean success) and owns everything the two APIs share: the transport, the
//! token-bucket limiter, the per-attempt timeout, retries decided by an ordered list of
//! classifiers ([`crate::classifier`]), the `tracing` span of every attempt, the response cap
//! and the decoding of answers into [`Error`]s. It knows nothing of either API: the V1
//! [`crate::Client`] adds the account path and Basic, bearer or OAuth 1.0a credentials; the
//! V3 [`crate::v3::V3Client`] adds the V3 base, bearer tokens that refresh, and V3's rate-limit
//! classifier. An [`crate::v3::oauth::OAuthClient`] uses an engine alone, to reach token
//! endpoints.
//!
//! An engine is cheap to clone (one `Arc`). Build one with [`Engine::builder`], or take a
//! client's with [`crate::Client::engine`].

mod attempts;
mod prepared;
mod settings;
mod token_errors;
mod urls;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ctct_models::codec::DecodeOptions;
use ctct_models::endpoint::{FromResponse, RawResponse};

use crate::error::{Error, raw_excerpt};
use crate::rate_limit::Limiter;
use crate::retry::RetryPolicy;
use crate::transport::{HttpResponse, StreamingResponse, Transport};
use attempts::{Answer, read_whole};

pub(crate) use prepared::{Authorize, ExecOptions, Prepared};
pub(crate) use settings::engine_setters;
pub use settings::{
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT,
    EngineBuilder,
};
pub(crate) use token_errors::{scrub, undecodable};
pub(crate) use urls::{check_secure, parse_base, path_of};

/// The shared HTTP engine: transport, limiter, timeouts, retries, tracing (see the module
/// docs).
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Arc<dyn Transport>,
    retry: RetryPolicy,
    limiter: Option<Limiter>,
    request_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Engine")
            .field("transport", &i.transport)
            .field("retry", &i.retry)
            .field("rate_limited", &i.limiter.is_some())
            .field("request_timeout", &i.request_timeout)
            .field("max_response_bytes", &i.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// A builder with the defaults: reqwest transport, 3 attempts, no rate limit, 10 s
    /// connect and 30 s request timeouts, a 32 MiB response cap.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The time one attempt may take; for a streamed body, the most the wait for any one
    /// chunk may take.
    pub fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest response body read whole.
    pub fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// Sends `prepared` with rate limiting, timeout and retries; returns a response whose
    /// status is one of `prepared.success`.
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

    /// [`Engine::execute_with`] for a download: a success is returned as soon as its head is
    /// read, its body still to come ([`Transport::send_streaming`], no size cap). The head is
    /// retried as any request; the body is the caller's to read, timing every chunk with
    /// [`Engine::request_timeout`]. A failure status is read whole, capped, into the error.
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

    /// Decodes a success answer to `prepared` as `R`, under the response cap; a body that
    /// does not decode is [`Error::Decode`] with the request, status and an excerpt.
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
}
