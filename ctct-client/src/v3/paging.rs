//! V3 collections as streams, following `_links.next.href`.
//!
//! A V3 page names the next one in `_links.next.href`, a path such as
//! `/v3/contacts?cursor=…` with an opaque cursor (`docs/v3/paging.md`). [`CursorPages`] follows it
//! verbatim, resolved against the client's base (so `/v3/…` lands on the sandbox in tests and
//! on `https://api.cc.email` in production), and never rebuilds a query. It stops when a page
//! has no `next`, and fails rather than loop when a link repeats one already followed or
//! leaves the API's host (the bearer token would go with it).
//!
//! As on V1 ([`crate::paging`]), the next page is asked for before the current one is
//! decoded: `_links.next.href` is read from the body first ([`page_next_href`], which builds
//! nothing but the link), checked by the same guard and sent ahead, so at most one request
//! is ahead and at most two pages are held. The request ahead is aborted when the stream is
//! dropped or ends on an error; a failure of the next page, or a bad link, is yielded after
//! the items of the page before it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use ctct_models::codec::DecodeOptions;
use ctct_models::endpoint::{Endpoint, FromResponse, Paginated, Request};
use ctct_models::json::{CursorPage, page_next_href};
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};

use super::client::V3Client;
use crate::collection::{Boxed, Items};
use crate::engine::Prepared;
use crate::error::Error;
use crate::page_walk::{Fetch, Next, PageWalk};
use crate::transport::HttpResponse;

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
    walk: PageWalk<V3Client>,
    /// The next page to read, or why there is none to follow (reported after the page that
    /// carried the bad link).
    next: Option<Result<Next, Error>>,
}

impl Fetch for V3Client {
    fn fetch(
        &self,
        prepared: &Prepared,
    ) -> impl Future<Output = Result<HttpResponse, Error>> + Send {
        V3Client::fetch(self, prepared)
    }
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
        let (walk, first) = PageWalk::start(self.clone(), template);
        let state = State {
            walk,
            next: Some(Ok(first)),
        };
        let inner = stream::unfold(Some(state), |state| async move {
            let mut state = state?;
            let next = match state.next.take()? {
                Ok(next) => next,
                Err(e) => return Some((Err(e), None)),
            };
            match state.page::<P>(next).await {
                Ok(page) => Some((Ok(page), Some(state))),
                // Dropping the state aborts a request sent ahead.
                Err(e) => Some((Err(e), None)),
            }
        });
        CursorPages {
            inner: Box::pin(inner),
        }
    }
}

impl State {
    /// Reads the page `next` names: its response (sent now or earlier), then, before
    /// decoding it, sends the request for the page after it if the body names one.
    async fn page<P: FromResponse + CursorPage>(&mut self, next: Next) -> Result<P, Error> {
        let (prepared, response) = self.walk.answer(next).await?;
        let early = early_next(&response);
        if let Some(href) = &early {
            self.next = Some(self.resolve(href).map(|url| self.walk.send_ahead(url)));
            crate::ahead::let_start().await;
        }
        let page: P = self.walk.client().engine.decode(&prepared, &response)?;
        if early.is_none() {
            if let Some(href) = page.next_href().filter(|h| !h.trim().is_empty()) {
                self.next = Some(self.resolve(href).map(Next::Url));
            }
        }
        Ok(page)
    }

    /// A link resolved against the client's base (V3 sends paths such as `/v3/contacts?…`).
    fn resolve(&self, href: &str) -> Result<String, Error> {
        let base = &self.walk.client().base;
        self.walk.resolve(base, "base URL", href)
    }
}

/// The page's `_links.next.href`, read before the page is decoded; `None` when there is
/// none (or an empty one), or the body cannot be read (the full decode then reports it).
fn early_next(response: &HttpResponse) -> Option<String> {
    // A body that is not UTF-8 is left to the decode, which reads it lossily.
    let body = std::str::from_utf8(&response.body).ok()?;
    // The body is already within the client's size cap; the decode applies it again.
    let opts = DecodeOptions {
        max_bytes: body.len(),
        ..DecodeOptions::default()
    };
    page_next_href(body, &opts)
        .ok()
        .flatten()
        .filter(|h| !h.trim().is_empty())
}
