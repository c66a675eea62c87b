//! The default transport: reqwest over rustls (no OpenSSL), one connection pool per
//! [`ReqwestTransport`], so every request of a [`crate::Client`] reuses connections.
//!
//! The body is read chunk by chunk and refused as soon as it passes the size cap, so a hostile
//! or broken server cannot make the client buffer an unbounded body. A streamed download
//! ([`Transport::send_streaming`]) hands the chunks over as reqwest reads them
//! (`bytes_stream`), uncapped; the client times every chunk.

use std::time::Duration;

use futures_util::StreamExt as _;

use crate::transport::{
    HttpRequest, HttpResponse, Method, SendFuture, StreamFuture, StreamingResponse, Transport,
    TransportError, TransportErrorKind,
};

/// HTTP over reqwest with rustls.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with a connect timeout and connection pooling.
    ///
    /// # Errors
    ///
    /// When reqwest cannot set up TLS.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        Ok(Self { client })
    }

    /// Uses a reqwest client you configured (proxies, TLS roots). Keep redirects off: the
    /// client must not resend credentials to wherever a redirect points.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
    }
}

fn classify(err: &reqwest::Error) -> TransportErrorKind {
    if err.is_timeout() {
        TransportErrorKind::Timeout
    } else if err.is_connect() {
        TransportErrorKind::Connect
    } else if err.is_request() || err.is_body() {
        // The request went out (or part of it): the server may have acted on it.
        TransportErrorKind::Broken
    } else {
        TransportErrorKind::Other
    }
}

// reqwest's messages name the URL, which can carry a query; print only the kind and cause.
fn describe(err: &reqwest::Error) -> String {
    let mut msg = String::from(if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection failed"
    } else {
        "HTTP transport error"
    });
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

impl ReqwestTransport {
    /// Sends `request` and reads the response head: the response and its headers.
    async fn head(
        &self,
        request: HttpRequest,
    ) -> Result<(reqwest::Response, Vec<(String, String)>), TransportError> {
        let mut builder = self.client.request(method(request.method), &request.url);
        for (k, v) in &request.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::new(classify(&e), describe(&e)))?;
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok((response, headers))
    }
}

// A body cut short (the connection closed before Content-Length bytes) is a broken connection
// after the server acted, whatever reqwest calls it: safe to retry for idempotent methods, an
// unknown outcome for writes.
fn body_error(e: &reqwest::Error) -> TransportError {
    let kind = match classify(e) {
        TransportErrorKind::Timeout => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Broken,
    };
    TransportError::new(kind, describe(e))
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let cap = request.max_response_bytes;
            let (mut response, headers) = self.head(request).await?;
            let status = response.status().as_u16();
            if response.content_length().is_some_and(|n| n > cap as u64) {
                return Err(too_large(cap));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| body_error(&e))? {
                if body.len() + chunk.len() > cap {
                    return Err(too_large(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }

    fn send_streaming(&self, request: HttpRequest) -> StreamFuture<'_> {
        Box::pin(async move {
            let (response, headers) = self.head(request).await?;
            let status = response.status().as_u16();
            let body = response
                .bytes_stream()
                .map(|chunk| chunk.map_err(|e| body_error(&e)));
            Ok(StreamingResponse {
                status,
                headers,
                body: Box::pin(body),
            })
        })
    }
}

fn too_large(cap: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("response body larger than {cap} bytes"),
    )
}
