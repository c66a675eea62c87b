//! The steps every paging stream takes between two pages, whatever the API.
//!
//! The V1 stream (`crate::paging`) follows `rel="next"` links in Atom feeds, the V3 one
//! (`crate::v3::paging`) `_links.next.href` in JSON pages; the pages, their next-link readers
//! and their decoders differ, but the walk does not: take the answer for the page to read
//! (asking for it now, or collecting the request sent ahead), record every URL asked for in
//! the loop guard, build each page's request from the collection's first one, and send the
//! next page's request as a task of its own (`crate::ahead`). [`PageWalk`] does those steps
//! once for both, over any client that can send a [`Prepared`] request ([`Fetch`]).

use std::future::Future;

use crate::ahead::Ahead;
use crate::collection::NextLinks;
use crate::engine::{Prepared, path_of};
use crate::error::Error;
use crate::transport::HttpResponse;

/// A client a paging stream sends its page requests through: each API's own rules
/// (credentials, retries, the answers to wait out) apply to every page.
pub(crate) trait Fetch: Clone + Send + Sync + 'static {
    /// Sends `prepared` and returns its answer.
    fn fetch(
        &self,
        prepared: &Prepared,
    ) -> impl Future<Output = Result<HttpResponse, Error>> + Send;
}

/// The page to read next: a URL not yet asked for, or a request already on its way.
pub(crate) enum Next {
    /// Ask for this URL when the page is wanted.
    Url(String),
    /// The request for this URL, sent ahead.
    Sent(String, Ahead<HttpResponse>),
}

/// One collection's walk: its client, the request of its first page (the template for every
/// later page) and the guard on the links it follows.
pub(crate) struct PageWalk<C> {
    client: C,
    template: Prepared,
    links: NextLinks,
}

impl<C: Fetch> PageWalk<C> {
    /// A walk starting at `first`'s URL; returns it with the first page to read.
    pub(crate) fn start(client: C, first: Prepared) -> (Self, Next) {
        let next = Next::Url(first.url.clone());
        let walk = Self {
            client,
            links: NextLinks::new(&first.url),
            template: first,
        };
        (walk, next)
    }

    /// The client the pages are asked through (and decoded by).
    pub(crate) fn client(&self) -> &C {
        &self.client
    }

    /// The answer for the page `next` names, with the request that asked for it: sent now
    /// for a URL, awaited for a request already sent ahead.
    pub(crate) async fn answer(&mut self, next: Next) -> Result<(Prepared, HttpResponse), Error> {
        match next {
            Next::Url(url) => {
                let prepared = self.visit(url);
                let response = self.client.fetch(&prepared).await?;
                Ok((prepared, response))
            }
            Next::Sent(url, request) => {
                let response = request.wait(path_of(&url)).await?;
                Ok((self.prepared(url), response))
            }
        }
    }

    /// Sends the request for `url` as a task of its own (recorded as read), to be collected
    /// by [`PageWalk::answer`].
    pub(crate) fn send_ahead(&mut self, url: String) -> Next {
        let prepared = self.visit(url);
        let client = self.client.clone();
        let url = prepared.url.clone();
        Next::Sent(
            url,
            Ahead::start(async move { client.fetch(&prepared).await }),
        )
    }

    /// `href` resolved against `base` (`what` names the base in the error) and checked by
    /// the loop guard: a link already followed, or one that leaves the API's host, is
    /// [`Error::Paging`] naming the collection.
    pub(crate) fn resolve(&self, base: &str, what: &str, href: &str) -> Result<String, Error> {
        let fail = |message: String| Error::Paging {
            path: path_of(&self.template.url).to_owned(),
            message,
        };
        self.links.resolve(base, what, href, fail)
    }

    /// The request for `url`, recorded as read.
    fn visit(&mut self, url: String) -> Prepared {
        self.links.visit(&url);
        self.prepared(url)
    }

    fn prepared(&self, url: String) -> Prepared {
        Prepared {
            url,
            ..self.template.clone()
        }
    }
}
