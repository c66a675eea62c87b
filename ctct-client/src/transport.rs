//! The seam between the client and HTTP.
//!
//! [`Transport`] is object-safe so [`crate::Client`] can hold an `Arc<dyn Transport>` without
//! generic parameters: the reqwest transport is the default, the replay transport (feature
//! `test-util`) is the test seam, and users can bring their own (a proxy, a recorder). A
//! transport only moves bytes: auth, retries, rate limits, timeouts and status handling all
//! live in the client, so every transport gets them.
//!
//! Two ways to send: [`Transport::send`] reads the whole body (up to the request's cap), and
//! [`Transport::send_streaming`] hands the body over as a stream of chunks as they arrive, for
//! downloads too large to hold (export files). Its default yields the whole body of `send` as
//! one chunk, so a transport that only has `send` still serves streamed downloads.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use futures_core::Stream;

/// Default time to establish a connection (TCP and TLS): 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub use ctct_models::endpoint::Method;

/// A request ready for the wire: absolute URL, every header, body bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names (lower case) and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// The most response body bytes the transport may read; more is an error
    /// ([`TransportErrorKind::BodyTooLarge`]). A streamed download
    /// ([`Transport::send_streaming`]) has no cap: the client sends it with `usize::MAX`.
    pub max_response_bytes: usize,
}

impl HttpRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl fmt::Debug for HttpRequest {
    // Headers are left out: `Authorization` must never be printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_query(&self.url))
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// A response as the transport read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body bytes (at most the request's `max_response_bytes`).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A response body as a stream of chunks, in order; an `Err` item ends it (the connection
/// broke or the body was cut short).
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;

/// A response whose body is read as it arrives ([`Transport::send_streaming`]).
pub struct StreamingResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body, chunk by chunk.
    pub body: BodyStream,
}

impl StreamingResponse {
    /// A stream of one chunk: the whole body of `response` (none when it is empty).
    pub fn whole(response: HttpResponse) -> Self {
        let chunk = (!response.body.is_empty()).then(|| Ok(Bytes::from(response.body)));
        Self {
            status: response.status,
            headers: response.headers,
            body: Box::pin(futures_util::stream::iter(chunk)),
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body length the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")?.trim().parse().ok()
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made: nothing was sent. Safe to retry for idempotent
    /// methods.
    Connect,
    /// The connection broke after the request was sent (or while it was): the server closed
    /// it without an answer, or the answer was cut short. The server may have applied the
    /// request, so for a write the outcome is unknown. Safe to retry for idempotent methods.
    Broken,
    /// The transport's own timeout fired.
    Timeout,
    /// The response body was larger than allowed.
    BodyTooLarge,
    /// Anything else (a malformed response, an unexpected replay request, ...).
    Other,
}

/// A failure below HTTP: no usable response was received.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    /// The kind of failure.
    pub kind: TransportErrorKind,
    /// A description; it must not contain credentials.
    pub message: String,
}

impl TransportError {
    /// Builds an error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// The future a transport returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// The future [`Transport::send_streaming`] returns: the response once its head is read.
pub type StreamFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response (up to the size cap), or hands its
/// body over as it arrives.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`. One call is one attempt; the client does the retrying.
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;

    /// Sends `request` and returns when the response head is read; the body follows as a
    /// stream of chunks, without a size cap. One call is one attempt. The client applies its
    /// timeout to the head and to every chunk.
    ///
    /// The default sends with [`Transport::send`] and yields the whole body as one chunk, so
    /// it holds the body in memory: override it to stream.
    fn send_streaming(&self, request: HttpRequest) -> StreamFuture<'_> {
        let sent = self.send(request);
        Box::pin(async move { sent.await.map(StreamingResponse::whole) })
    }
}

pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The URL without its query, which can carry secrets (the OAuth 2.0 code exchange does).
pub(crate) fn redact_query(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}
