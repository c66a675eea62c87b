//! The default transport: reqwest over rustls (no OpenSSL), one connection pool per
//! [`ReqwestTransport`], so every request of a [`crate::Client`] reuses connections.
//!
//! The body is read chunk by chunk and refused as soon as it passes the size cap, so a hostile
//! or broken server cannot make the client buffer an unbounded body.

use std::time::Duration;

use crate::transport::{
    HttpRequest, HttpResponse, Method, SendFuture, Transport, TransportError, TransportErrorKind,
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

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let mut builder = self.client.request(method(request.method), &request.url);
            for (k, v) in &request.headers {
                builder = builder.header(k, v);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let mut response = builder
                .send()
                .await
                .map_err(|e| TransportError::new(classify(&e), describe(&e)))?;
            let status = response.status().as_u16();
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
            let cap = request.max_response_bytes;
            if response.content_length().is_some_and(|n| n > cap as u64) {
                return Err(too_large(cap));
            }
            let mut body = Vec::new();
            // A body cut short (the connection closed before Content-Length bytes) is a
            // broken connection after the server acted, whatever reqwest calls it: safe to
            // retry for idempotent methods, an unknown outcome for writes.
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                let kind = match classify(&e) {
                    TransportErrorKind::Timeout => TransportErrorKind::Timeout,
                    _ => TransportErrorKind::Broken,
                };
                TransportError::new(kind, describe(&e))
            })? {
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
}

fn too_large(cap: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("response body larger than {cap} bytes"),
    )
}
