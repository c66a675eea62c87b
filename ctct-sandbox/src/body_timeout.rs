//! A deadline on request bodies.
//!
//! hyper drops a client that never finishes its headers (the connection timer), but once the
//! headers are in, a body that never ends would hold the handler and its connection open
//! for ever. Every request's body is therefore wrapped here in a stream that fails with
//! [`BodyTimedOut`] when the whole body has not arrived within the configured time; the V1
//! handler answers that with 408, and every other reader of the body sees an error and
//! answers (and hyper closes the connection, whose body was not read to its end).

use std::fmt;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt as _;

/// The error a timed-out body yields.
#[derive(Debug)]
pub(crate) struct BodyTimedOut(pub Duration);

impl fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request body did not arrive within {} s",
            self.0.as_secs_f64()
        )
    }
}

impl std::error::Error for BodyTimedOut {}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Middleware: the request goes on with its body under a deadline of `timeout` from now.
pub(crate) async fn limit(State(timeout): State<Duration>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let deadline = tokio::time::Instant::now() + timeout;
    let stream = body.into_data_stream();
    let timed = futures_util::stream::unfold(Some(stream), move |state| async move {
        let mut stream = state?;
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(Some(item)) => Some((item.map_err(BoxError::from), Some(stream))),
            Ok(None) => None,
            Err(_) => Some((Err(BoxError::from(BodyTimedOut(timeout))), None)),
        }
    });
    next.run(Request::from_parts(parts, Body::from_stream(timed)))
        .await
}

/// Whether a body read error is the deadline's.
pub(crate) fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<BodyTimedOut>() {
            return true;
        }
        current = e.source();
    }
    false
}
