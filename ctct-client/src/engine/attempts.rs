//! The attempts of one request: rate limit, timeout, retries, status handling, and the one
//! place that knows whether a write may have been applied without an answer saying so.
//!
//! A write whose attempt broke off after sending (connection closed, answer cut, timeout)
//! and that did not end in a success fails with [`Error::OutcomeUnknown`], never with a
//! plain failure, and a retried DELETE answered 404 after such an attempt is a success (that
//! attempt deleted it).

use std::time::Duration;

use tracing::Instrument as _;

use super::Engine;
use super::prepared::{Authorize, ExecOptions, Prepared};
use super::urls::{check_secure, path_of};
use crate::classifier::FailedAttempt;
use crate::error::{ApiError, Error};
use crate::retry::{Outcome, RetryPolicy};
use crate::transport::{
    HttpRequest, HttpResponse, Method, StreamingResponse, TransportError, TransportErrorKind,
};

impl Engine {
    /// The attempts of one request: rate limit, timeout, retries, status handling.
    pub(super) async fn attempts(
        &self,
        prepared: &Prepared,
        opts: &ExecOptions<'_>,
        streaming: bool,
    ) -> Result<Answer, Error> {
        let inner = &self.inner;
        if opts.authorization.is_some() {
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

    fn http_request(
        &self,
        prepared: &Prepared,
        authorization: Option<&dyn Authorize>,
    ) -> HttpRequest {
        let inner = &self.inner;
        let mut headers = vec![("accept".to_owned(), prepared.accept.to_owned())];
        if let Some((content_type, _)) = &prepared.body {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let Some(value) = authorization.and_then(|a| a.header(prepared.method, &prepared.url)) {
            headers.push(("authorization".to_owned(), value));
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
pub(super) enum Answer {
    /// A response read whole.
    Whole(HttpResponse),
    /// A success whose body is still to be read.
    Streaming(StreamingResponse),
}

/// Reads a streamed body whole; more than `cap` bytes is [`TransportErrorKind::BodyTooLarge`].
pub(super) async fn read_whole(
    s: StreamingResponse,
    cap: usize,
) -> Result<HttpResponse, TransportError> {
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
