//! V3 collections as streams, following `_links.next.href`.
//!
//! A V3 page names the next one in `_links.next.href`, a path such as
//! `/v3/contacts?cursor=…` with an opaque cursor (`docs/v3/paging.md`). [`CursorPages`] follows it
//! verbatim, resolved against the client's base (so `/v3/…` lands on the sandbox in tests and
//! on `https://api.cc.email` in production), and never rebuilds a query. It stops when a page
//! has no `next`, and fails rather than loop when a link repeats one already followed or
//! leaves the API's host (the bearer token would go with it). One page is held at a time.

use std::pin::Pin;
use std::task::{Context, Poll};

use ctct_models::endpoint::{Endpoint, FromResponse, Paginated, Request};
use ctct_models::json::CursorPage;
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};

use super::client::V3Client;
use crate::collection::{Boxed, Items, NextLinks};
use crate::engine::{Prepared, path_of};
use crate::error::Error;

/// The pages of a V3 collection. Ends after the last page or the first error.
pub struct CursorPages<P> {
    inner: Boxed<P>,
}

impl<P> Stream for CursorPages<P> {
    type Item = Result<P, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<P: Send + 'static> CursorPages<P> {
    /// The items of every page, taken out of each page by `items`.
    pub(crate) fn items_by<I, F>(self, items: F) -> Items<I>
    where
        I: Send + 'static,
        F: Fn(P) -> Vec<I> + Send + 'static,
    {
        let s = self
            .map(move |page| match page {
                Ok(p) => stream::iter(items(p).into_iter().map(Ok)).left_stream(),
                Err(e) => stream::once(async move { Err(e) }).right_stream(),
            })
            .flatten();
        Items::from_stream(s)
    }
}

struct State {
    client: V3Client,
    template: Prepared,
    /// The next page to read, or why there is none to follow (reported after the page that
    /// carried the bad link).
    next: Option<Result<String, Error>>,
    links: NextLinks,
}

impl V3Client {
    /// The pages of a V3 collection (e.g. `GetContacts::new().limit(500)`), following each
    /// page's `_links.next.href` verbatim.
    pub fn pages<E>(&self, endpoint: E) -> CursorPages<E::Response>
    where
        E: Endpoint,
        E::Response: CursorPage + Send + 'static,
    {
        match endpoint.to_request() {
            Ok(request) => self.pages_of(request),
            Err(e) => CursorPages {
                inner: Box::pin(stream::once(async move { Err(Error::from(e)) })),
            },
        }
    }

    /// Every item of every page of a V3 collection (e.g. every `ContactResource` of
    /// `GetContacts`), a page at a time.
    pub fn items<E>(&self, endpoint: E) -> Items<E::Item>
    where
        E: Paginated,
        E::Response: CursorPage + Send + 'static,
        E::Item: Send + 'static,
    {
        let take: fn(E::Response) -> Vec<E::Item> = E::page_items;
        self.pages(endpoint).items_by(take)
    }

    /// The pages of a V3 collection request already built.
    pub fn pages_of<P>(&self, request: Request<P>) -> CursorPages<P>
    where
        P: FromResponse + CursorPage + Send + 'static,
    {
        let template = match self.prepare(&request) {
            Ok(p) => p,
            Err(e) => {
                return CursorPages {
                    inner: Box::pin(stream::once(async move { Err(e) })),
                };
            }
        };
        let state = State {
            client: self.clone(),
            next: Some(Ok(template.url.clone())),
            links: NextLinks::new(&template.url),
            template,
        };
        let inner = stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            let url = match state.next.take()? {
                Ok(url) => url,
                Err(e) => return Some((Err(e), None)),
            };
            match state.fetch::<P>(url).await {
                Ok(page) => Some((Ok(page), Some(state))),
                Err(e) => Some((Err(e), None)),
            }
        });
        CursorPages {
            inner: Box::pin(inner),
        }
    }
}

impl State {
    async fn fetch<P: FromResponse + CursorPage>(&mut self, url: String) -> Result<P, Error> {
        self.links.visit(&url);
        let prepared = Prepared {
            url,
            ..self.template.clone()
        };
        let response = self.client.fetch(&prepared).await?;
        let page: P = self.client.engine.decode(&prepared, &response)?;
        if let Some(href) = page.next_href().filter(|h| !h.trim().is_empty()) {
            self.next = Some(self.resolve(href));
        }
        Ok(page)
    }

    fn resolve(&self, href: &str) -> Result<String, Error> {
        let fail = |message: String| Error::Paging {
            path: path_of(&self.template.url).to_owned(),
            message,
        };
        self.links
            .resolve(&self.client.base, "base URL", href, fail)
    }
}
