//! Collections as streams.
//!
//! A V1 collection answers 50 entries a page and names the next page in a `rel="next"` link
//! whose query is an opaque token. [`Pages`] follows that link verbatim, resolved against the
//! URI of the page that carried it (some collections send relative links such as
//! `lists?next=6`), and never rebuilds a query itself: a rebuilt query can lose filters. It
//! stops when a page has no `next` link, and fails (rather than loop forever) when a `next`
//! link repeats one already followed or points away from the API's host (the client would
//! send credentials there). The loop guard keeps 8 bytes (a hash) per page followed.
//!
//! The next page is asked for as soon as the current page's body is in hand: its `next`
//! link comes in the feed head, before the entries, so it is read first
//! ([`Head::from_feed_prefix`]), checked by the same guard, and sent ahead (`crate::ahead`) while
//! the current page is decoded and its items consumed. So the network and the decoder work
//! at the same time, and the stream still holds at most two pages: the one being read and
//! the body of the next. At most one request is ahead; it is aborted when the stream is
//! dropped or ends on an error, and its failure is yielded only after the items of the page
//! before it. A `next` link written after the entries is followed once the page is decoded,
//! as before.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use ctct_models::atom::{AtomPayload, Entry, Feed, Head};
use ctct_models::codec::DecodeOptions;
use ctct_models::endpoint::{Endpoint, Request};
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};

use crate::client::Client;
use crate::collection::Boxed;
pub use crate::collection::Items;
use crate::engine::Prepared;
use crate::error::Error;
use crate::page_walk::{Fetch, Next, PageWalk};
use crate::transport::HttpResponse;

/// A stream of the pages of a collection. Ends after the last page or the first error.
pub struct Pages<T> {
    inner: Boxed<Feed<T>>,
}

impl<T> Stream for Pages<T> {
    type Item = Result<Feed<T>, Error>;
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

struct State {
    walk: PageWalk<Client>,
    next: Option<Next>,
}

impl Fetch for Client {
    fn fetch(
        &self,
        prepared: &Prepared,
    ) -> impl Future<Output = Result<HttpResponse, Error>> + Send {
        self.execute(prepared)
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
        let (walk, first) = PageWalk::start(self.clone(), template);
        let state = State {
            walk,
            next: Some(first),
        };
        let inner = stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            let next = state.next.take()?;
            match state.page::<T>(next).await {
                Ok(feed) => Some((Ok(feed), Some(state))),
                // Dropping the state aborts a request sent ahead.
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
    /// Reads the page `next` names: its response (sent now or earlier), then, before
    /// decoding it, sends the request for the page after it if the head names one.
    async fn page<T: AtomPayload>(&mut self, next: Next) -> Result<Feed<T>, Error> {
        let (prepared, response) = self.walk.answer(next).await?;
        let early = head_next(&response);
        if let Some(href) = &early {
            let url = self.resolve(&prepared.url, href)?;
            self.next = Some(self.walk.send_ahead(url));
            crate::ahead::let_start().await;
        }
        let feed: Feed<T> = self.walk.client().decode(&prepared, &response)?;
        if let (None, Some(href)) = (&early, feed.next_href()) {
            self.next = Some(Next::Url(self.resolve(&prepared.url, href)?));
        }
        Ok(feed)
    }

    /// A link resolved against the page that carried it (V1 sends relative ones).
    fn resolve(&self, current: &str, href: &str) -> Result<String, Error> {
        self.walk.resolve(current, "page URL", href)
    }
}

/// The feed head's `next` link, read before the entries; `None` when the head has none or
/// cannot be read (the full decode then reports the fault or finds a later link).
fn head_next(response: &HttpResponse) -> Option<String> {
    // A body that is not UTF-8 is left to the decode, which reads it lossily.
    let body = std::str::from_utf8(&response.body).ok()?;
    // The body is already within the client's size cap; the decode applies it again.
    let opts = DecodeOptions {
        max_bytes: body.len(),
        ..DecodeOptions::default()
    };
    let head = Head::from_feed_prefix(body, &opts).ok()?;
    head.link("next").map(str::to_owned)
}
