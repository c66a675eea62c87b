//! Collections as streams.
//!
//! A V1 collection answers 50 entries a page and names the next page in a `rel="next"` link
//! whose query is an opaque token. [`Pages`] follows that link verbatim, resolved against the
//! URI of the page that carried it (some collections send relative links such as
//! `lists?next=6`), and never rebuilds a query itself: a rebuilt query can lose filters. It
//! stops when a page has no `next` link, and fails (rather than loop forever) when a `next`
//! link repeats one already followed or points away from the API's host (the client would
//! send credentials there). One page is held at a time; the loop guard keeps 8 bytes (a hash)
//! per page followed.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::endpoint::{Endpoint, Request};
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};
use url::Url;

use crate::client::Client;
use crate::engine::{Prepared, path_of};
use crate::error::Error;

type Boxed<I> = Pin<Box<dyn Stream<Item = Result<I, Error>> + Send>>;

/// A stream of the pages of a collection. Ends after the last page or the first error.
pub struct Pages<T> {
    inner: Boxed<Feed<T>>,
}

/// A stream of items (entries or payloads) across every page of a collection.
pub struct Items<I> {
    inner: Boxed<I>,
}

impl<T> Stream for Pages<T> {
    type Item = Result<Feed<T>, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<I> Stream for Items<I> {
    type Item = Result<I, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T: AtomPayload + Send + 'static> Pages<T> {
    /// Every entry (payload with its Atom envelope: id, links) of every page.
    pub fn entries(self) -> Items<Entry<T>> {
        let inner = self
            .map(|page| match page {
                Ok(feed) => stream::iter(feed.entries.into_iter().map(Ok)).left_stream(),
                Err(e) => stream::once(async move { Err(e) }).right_stream(),
            })
            .flatten();
        Items {
            inner: Box::pin(inner),
        }
    }

    /// Every payload of every page.
    pub fn items(self) -> Items<T> {
        let inner = self
            .entries()
            .map(|entry| entry.map(|e: Entry<T>| e.content));
        Items {
            inner: Box::pin(inner),
        }
    }
}

impl<I: Send + 'static> Items<I> {
    /// Wraps any stream of results (for workflows that filter or map items).
    pub(crate) fn from_stream(s: impl Stream<Item = Result<I, Error>> + Send + 'static) -> Self {
        Self { inner: Box::pin(s) }
    }

    /// An already failed stream: yields `error` once.
    pub(crate) fn failed(error: Error) -> Self {
        Self::from_stream(stream::once(async move { Err(error) }))
    }
}

struct State {
    client: Client,
    template: Prepared,
    next: Option<String>,
    links: NextLinks,
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

impl Client {
    /// The pages of a V1 collection (e.g. `ListContacts::new()`), following each page's
    /// `rel="next"` link verbatim.
    pub fn pages<E, T>(&self, endpoint: E) -> Pages<T>
    where
        E: Endpoint<Response = Feed<T>>,
        T: AtomPayload + Send + 'static,
    {
        match endpoint.to_request() {
            Ok(request) => self.pages_of(request),
            Err(e) => Pages {
                inner: Box::pin(stream::once(async move { Err(Error::from(e)) })),
            },
        }
    }

    /// The pages of a collection request already built.
    pub fn pages_of<T: AtomPayload + Send + 'static>(&self, request: Request<Feed<T>>) -> Pages<T> {
        let template = match self.prepare(&request) {
            Ok(p) => p,
            Err(e) => {
                return Pages {
                    inner: Box::pin(stream::once(async move { Err(e) })),
                };
            }
        };
        let state = State {
            client: self.clone(),
            next: Some(template.url.clone()),
            links: NextLinks::new(&template.url),
            template,
        };
        let inner = stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            let url = state.next.take()?;
            match state.fetch::<T>(url).await {
                Ok(feed) => Some((Ok(feed), Some(state))),
                Err(e) => Some((Err(e), None)),
            }
        });
        Pages {
            inner: Box::pin(inner),
        }
    }

    /// Every entry (payload with its Atom envelope) of every page of a V1 collection.
    pub fn entries<E, T>(&self, endpoint: E) -> Items<Entry<T>>
    where
        E: Endpoint<Response = Feed<T>>,
        T: AtomPayload + Send + 'static,
    {
        self.pages(endpoint).entries()
    }

    /// Every payload of every page of a V1 collection.
    pub fn items<E, T>(&self, endpoint: E) -> Items<T>
    where
        E: Endpoint<Response = Feed<T>>,
        T: AtomPayload + Send + 'static,
    {
        self.pages(endpoint).items()
    }
}

impl State {
    async fn fetch<T: AtomPayload>(&mut self, url: String) -> Result<Feed<T>, Error> {
        self.links.visit(&url);
        let prepared = Prepared {
            url,
            ..self.template.clone()
        };
        let response = self.client.execute(&prepared).await?;
        let feed: Feed<T> = self.client.decode(&prepared, &response)?;
        if let Some(href) = feed.next_href() {
            self.next = Some(self.resolve(&prepared.url, href)?);
        }
        Ok(feed)
    }

    fn resolve(&self, current: &str, href: &str) -> Result<String, Error> {
        let fail = |message: String| Error::Paging {
            path: path_of(&self.template.url).to_owned(),
            message,
        };
        self.links.resolve(current, "page URL", href, fail)
    }
}
