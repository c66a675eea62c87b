//! One request sent ahead of the consumer of a paging stream.
//!
//! A paging stream that waited for page n to be decoded and consumed before asking for page
//! n+1 would leave the network idle while it decodes, and decode nothing while it waits.
//! [`Ahead`] lets it ask for page n+1 as soon as page n's `next` link is known: the request
//! runs as a task of its own on the Tokio runtime, so it proceeds while page n is decoded and
//! its items consumed, and is aborted when the [`Ahead`] is dropped (the consumer dropped
//! the stream, or the stream ended on an error), so nothing is sent or retried for a stream
//! nobody reads any more. Outside a Tokio runtime there is no task to run it on; the request
//! is then kept unstarted and sent when it is awaited, as it would have been without
//! prefetching.

use std::future::Future;
use std::pin::Pin;

use tokio::task::JoinHandle;

use crate::error::Error;

type Deferred<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// A request started ahead of need (or, without a runtime, deferred until awaited).
pub(crate) struct Ahead<T> {
    run: Run<T>,
}

enum Run<T> {
    Spawned(JoinHandle<Result<T, Error>>),
    Deferred(Deferred<T>),
}

impl<T: Send + 'static> Ahead<T> {
    /// Starts `request` on the current runtime at once; without one, keeps it for
    /// [`Ahead::wait`]. `path` names the request in the error of a task that did not finish.
    pub(crate) fn start(request: impl Future<Output = Result<T, Error>> + Send + 'static) -> Self {
        let run = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Run::Spawned(runtime.spawn(request)),
            Err(_) => Run::Deferred(Box::pin(request)),
        };
        Self { run }
    }

    /// The request's outcome. A panic in the request is resumed here, on the consumer's
    /// task, as it would have been without the task.
    pub(crate) async fn wait(mut self, path: &str) -> Result<T, Error> {
        match &mut self.run {
            Run::Spawned(handle) => match handle.await {
                Ok(outcome) => outcome,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                // Only `Drop` aborts the task, and it cannot have run: we hold `self`.
                Err(e) => Err(Error::Paging {
                    path: path.to_owned(),
                    message: format!("the request for the next page did not finish: {e}"),
                }),
            },
            Run::Deferred(request) => request.as_mut().await,
        }
    }
}

/// Lets a request just started reach the wire before the caller goes on with work that does
/// not wait (decoding a page): on a single-threaded runtime its task would otherwise not run
/// until the caller next waits, and nothing would overlap.
pub(crate) async fn let_start() {
    tokio::task::yield_now().await;
}

impl<T> Drop for Ahead<T> {
    fn drop(&mut self) {
        if let Run::Spawned(handle) = &self.run {
            handle.abort();
        }
    }
}
