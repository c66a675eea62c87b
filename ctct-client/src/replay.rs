//! A replay transport for tests (feature `test-util`).
//!
//! Queue the requests you expect, each with the response to give; the transport checks every
//! request the client sends against the head of the queue (method, URL exactly, the headers you
//! named, body bytes exactly) and records it. A mismatch does not panic inside the client: it
//! answers with a [`TransportErrorKind::Other`] error (never retried) and is reported by
//! [`ReplayTransport::assert_done`], which also fails when expected requests were never sent.
//!
//! A [`Reply::chunked`] body arrives in the chunks given, so a streamed download
//! ([`Transport::send_streaming`]) can be cut off after any chunk, or stall.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use crate::transport::{
    HttpRequest, HttpResponse, Method, SendFuture, StreamFuture, StreamingResponse, Transport,
    TransportError, TransportErrorKind,
};

/// One request the test expects.
#[derive(Debug, Clone)]
pub struct Expect {
    method: Method,
    url: String,
    headers: Vec<(String, Option<String>)>,
    body: Option<Vec<u8>>,
}

impl Expect {
    /// Expects `method` on exactly `url` (query and trailing slashes included).
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Shorthand for `GET url`.
    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::Get, url)
    }

    /// Shorthand for `POST url`.
    pub fn post(url: impl Into<String>) -> Self {
        Self::new(Method::Post, url)
    }

    /// Shorthand for `PUT url`.
    pub fn put(url: impl Into<String>) -> Self {
        Self::new(Method::Put, url)
    }

    /// Shorthand for `DELETE url`.
    pub fn delete(url: impl Into<String>) -> Self {
        Self::new(Method::Delete, url)
    }

    /// Requires header `name` to have exactly `value`.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), Some(value.into())));
        self
    }

    /// Requires header `name` to be absent.
    pub fn no_header(mut self, name: &str) -> Self {
        self.headers.push((name.to_owned(), None));
        self
    }

    /// Requires exactly these body bytes (without this call the body is not checked).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    fn mismatch(&self, actual: &HttpRequest) -> Option<String> {
        if actual.method != self.method || actual.url != self.url {
            return Some(format!(
                "expected {} {}, got {} {}",
                self.method, self.url, actual.method, actual.url
            ));
        }
        for (name, want) in &self.headers {
            let got = actual.header(name);
            if got != want.as_deref() {
                // Values of Authorization stay out of the message.
                let show = |v: Option<&str>| match (name.eq_ignore_ascii_case("authorization"), v) {
                    (_, None) => "absent".to_owned(),
                    (true, Some(_)) => "a different credential".to_owned(),
                    (false, Some(v)) => format!("{v:?}"),
                };
                return Some(format!(
                    "{} {}: header {name}: expected {}, got {}",
                    self.method,
                    self.url,
                    show(want.as_deref()),
                    show(got)
                ));
            }
        }
        if let Some(want) = &self.body {
            let got = actual.body.as_deref().unwrap_or_default();
            if got != want.as_slice() {
                return Some(format!(
                    "{} {}: body differs:\n expected {}\n      got {}",
                    self.method,
                    self.url,
                    String::from_utf8_lossy(want),
                    String::from_utf8_lossy(got)
                ));
            }
        }
        None
    }
}

/// The canned answer to one expected request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response.
    Response(HttpResponse),
    /// A transport failure (e.g. [`TransportErrorKind::Connect`]).
    Fail(TransportError),
    /// A response whose body comes in chunks (the head's own body is ignored); see
    /// [`Reply::chunked`].
    Chunked(HttpResponse, Vec<Chunk>),
}

/// One piece of a [`Reply::Chunked`] body.
#[derive(Debug, Clone)]
pub enum Chunk {
    /// These bytes.
    Bytes(Vec<u8>),
    /// The body breaks off here with this error.
    Fail(TransportError),
    /// No more bytes ever come, and the body never ends.
    Stall,
}

impl Reply {
    /// A response with `status` and a body.
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::Response(HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        })
    }

    /// A 200 with an Atom body.
    pub fn atom(body: impl Into<Vec<u8>>) -> Self {
        Self::status(200, body).with_header("content-type", "application/atom+xml")
    }

    /// A response with `status` whose body arrives as `chunks`, in order. [`Transport::send`]
    /// reads them all (failing at the first [`Chunk::Fail`]; a [`Chunk::Stall`] never ends).
    pub fn chunked(status: u16, chunks: Vec<Chunk>) -> Self {
        Self::Chunked(
            HttpResponse {
                status,
                headers: Vec::new(),
                body: Vec::new(),
            },
            chunks,
        )
    }

    /// Adds a response header (ignored on [`Reply::Fail`]).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Response(r) | Self::Chunked(r, _) = &mut self {
            r.headers
                .push((name.to_ascii_lowercase(), value.to_owned()));
        }
        self
    }

    /// A connection failure.
    pub fn connect_error() -> Self {
        Self::Fail(TransportError::new(
            TransportErrorKind::Connect,
            "connection refused (replay)",
        ))
    }

    /// A connection that broke after the request was sent: the server may have applied it.
    pub fn broken() -> Self {
        Self::Fail(TransportError::new(
            TransportErrorKind::Broken,
            "connection closed before an answer (replay)",
        ))
    }
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<(Expect, Reply)>,
    sent: Vec<HttpRequest>,
    mismatches: Vec<String>,
}

/// A [`Transport`] that answers from a queue and records what it was sent. Clones share state.
#[derive(Debug, Clone, Default)]
pub struct ReplayTransport {
    state: Arc<Mutex<State>>,
}

impl ReplayTransport {
    /// An empty replay.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues an expected request and its reply.
    pub fn expect(&self, expect: Expect, reply: Reply) -> &Self {
        self.lock().queue.push_back((expect, reply));
        self
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().sent.clone()
    }

    /// How many requests were sent so far.
    pub fn request_count(&self) -> usize {
        self.lock().sent.len()
    }

    /// Panics if any request did not match, or if expected requests were never sent.
    pub fn assert_done(&self) {
        let state = self.lock();
        let mut problems = state.mismatches.clone();
        for (e, _) in &state.queue {
            problems.push(format!("expected but never sent: {} {}", e.method, e.url));
        }
        drop(state);
        assert!(problems.is_empty(), "replay: {}", problems.join("\n"));
    }
}

impl ReplayTransport {
    /// Records `request` and takes the reply queued for it.
    fn reply(&self, request: &HttpRequest) -> Result<Reply, TransportError> {
        let mut state = self.lock();
        state.sent.push(request.clone());
        match state.queue.pop_front() {
            None => {
                let msg = format!("unexpected request {} {}", request.method, request.url);
                state.mismatches.push(msg.clone());
                Err(TransportError::new(TransportErrorKind::Other, msg))
            }
            Some((expect, reply)) => match expect.mismatch(request) {
                Some(msg) => {
                    state.mismatches.push(msg.clone());
                    Err(TransportError::new(TransportErrorKind::Other, msg))
                }
                None => Ok(reply),
            },
        }
    }
}

fn too_large(cap: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("response body larger than {cap} bytes"),
    )
}

impl Transport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let cap = request.max_response_bytes;
        let reply = self.reply(&request);
        Box::pin(async move {
            match reply? {
                Reply::Response(r) if r.body.len() > cap => Err(too_large(cap)),
                Reply::Response(r) => Ok(r),
                Reply::Fail(e) => Err(e),
                Reply::Chunked(mut head, chunks) => {
                    for chunk in chunks {
                        match chunk {
                            Chunk::Bytes(b) => head.body.extend_from_slice(&b),
                            Chunk::Fail(e) => return Err(e),
                            Chunk::Stall => std::future::pending::<()>().await,
                        }
                        if head.body.len() > cap {
                            return Err(too_large(cap));
                        }
                    }
                    Ok(head)
                }
            }
        })
    }

    fn send_streaming(&self, request: HttpRequest) -> StreamFuture<'_> {
        let reply = self.reply(&request);
        Box::pin(async move {
            match reply? {
                Reply::Response(r) => Ok(StreamingResponse::whole(r)),
                Reply::Fail(e) => Err(e),
                Reply::Chunked(head, chunks) => {
                    let body =
                        futures_util::stream::unfold(chunks.into_iter(), |mut rest| async move {
                            let item = match rest.next()? {
                                Chunk::Bytes(b) => Ok(Bytes::from(b)),
                                Chunk::Fail(e) => Err(e),
                                Chunk::Stall => std::future::pending().await,
                            };
                            Some((item, rest))
                        });
                    Ok(StreamingResponse {
                        status: head.status,
                        headers: head.headers,
                        body: Box::pin(body),
                    })
                }
            }
        })
    }
}
