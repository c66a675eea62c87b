//! What the V1 and V3 collection streams share: the stream of items a listing yields, and
//! the guard on the next links they follow.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use url::Url;

use crate::error::Error;

/// A boxed stream of results, the inside of every paging stream.
pub(crate) type Boxed<I> = Pin<Box<dyn Stream<Item = Result<I, Error>> + Send>>;

/// A stream of items (entries or payloads) across every page of a collection.
pub struct Items<I> {
    pub(crate) inner: Boxed<I>,
}

impl<I> Stream for Items<I> {
    type Item = Result<I, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<I: Send + 'static> Items<I> {
    /// Wraps any stream of results (for workflows that filter or map items).
    pub(crate) fn from_stream(s: impl Stream<Item = Result<I, Error>> + Send + 'static) -> Self {
        Self { inner: Box::pin(s) }
    }

    /// An already failed stream: yields `error` once.
    #[cfg(feature = "v1")]
    pub(crate) fn failed(error: Error) -> Self {
        Self::from_stream(futures_util::stream::once(async move { Err(error) }))
    }
}

/// The guard every paging stream (V1 `rel="next"`, V3 `_links.next.href`) puts on the links
/// it follows: resolved against a base, kept on the API's host, and never a page already read.
pub(crate) struct NextLinks {
    seen: HashSet<u64>,
    origin: Option<String>,
}

fn hash(url: &str) -> u64 {
    let mut h = DefaultHasher::new();
    url.hash(&mut h);
    h.finish()
}

impl NextLinks {
    /// A guard for a collection whose first page is `first_url`; its host is the only one
    /// followed.
    pub(crate) fn new(first_url: &str) -> Self {
        let origin = Url::parse(first_url)
            .ok()
            .map(|u| u.origin().ascii_serialization());
        Self {
            seen: HashSet::new(),
            origin,
        }
    }

    /// Records a page as read.
    pub(crate) fn visit(&mut self, url: &str) {
        self.seen.insert(hash(url));
    }

    /// Resolves `href` against `base` (described as `base_label` in errors) and checks it;
    /// `fail` turns a message into the stream's error.
    pub(crate) fn resolve(
        &self,
        base: &str,
        base_label: &str,
        href: &str,
        fail: impl Fn(String) -> Error,
    ) -> Result<String, Error> {
        let shown = ctct_models::excerpt::clip(href, 120);
        let base = Url::parse(base).map_err(|e| fail(format!("bad {base_label}: {e}")))?;
        let next = base
            .join(href.trim())
            .map_err(|e| fail(format!("bad next link {shown:?}: {e}")))?;
        if Some(next.origin().ascii_serialization()) != self.origin {
            return Err(fail(format!(
                "next link {shown:?} leaves the API host; not following it"
            )));
        }
        let next = next.to_string();
        if self.seen.contains(&hash(&next)) {
            return Err(fail(format!(
                "next link {shown:?} repeats a page already read; stopping"
            )));
        }
        Ok(next)
    }
}
