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

use std::pin::Pin;
use std::task::{Context, Poll};

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::endpoint::{Endpoint, Request};
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};

use crate::client::Client;
pub use crate::collection::Items;
use crate::collection::{Boxed, NextLinks};
use crate::engine::{Prepared, path_of};
use crate::error::Error;

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
    client: Client,
    template: Prepared,
    next: Option<String>,
    links: NextLinks,
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
