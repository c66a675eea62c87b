//! V3 cursor paging: `_links.next.href` is `/v3/{collection}?cursor=…`, where the opaque
//! cursor carries the position and the original query (filters, `limit`, `include`), so the
//! next request needs nothing else, as on the real service (`docs/v3/paging.md`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use ctct_models::v3::common::{Href, PagingLinks};

use super::respond::V3Error;

/// Default page size (`limit`).
pub const DEFAULT_LIMIT: usize = 50;

/// The query of a collection request, with a cursor's saved query restored.
pub(crate) struct PageQuery {
    /// The parameters, without `cursor`.
    pub params: Vec<(String, String)>,
    /// Items at or before this sequence number were on earlier pages.
    pub after: Option<u64>,
}

impl PageQuery {
    /// Reads `query`; a `cursor` replaces every other parameter with the ones it saved.
    pub fn parse(query: Vec<(String, String)>) -> Result<Self, V3Error> {
        let Some((_, cursor)) = query.iter().find(|(k, _)| k == "cursor") else {
            return Ok(Self {
                params: query,
                after: None,
            });
        };
        let bad = || V3Error::bad_request(format!("cursor {cursor:?} is not valid"));
        let text = URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(bad)?;
        let (after, rest) = text.split_once('|').ok_or_else(bad)?;
        let after = after.parse().map_err(|_| bad())?;
        let params = serde_json::from_str(rest).map_err(|_| bad())?;
        Ok(Self {
            params,
            after: Some(after),
        })
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `limit` within `1..=max` (default 50); otherwise a 400 naming the value.
    pub fn limit(&self, max: usize) -> Result<usize, V3Error> {
        match self.get("limit") {
            None => Ok(DEFAULT_LIMIT),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(V3Error::bad_request(format!(
                    "limit {v:?} must be a number from 1 to {max}"
                ))),
            },
        }
    }

    /// A boolean parameter (`true`/`false`); absent is false.
    pub fn flag(&self, name: &str) -> Result<bool, V3Error> {
        match self.get(name) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(v) => Err(V3Error::bad_request(format!(
                "{name} {v:?} must be true or false"
            ))),
        }
    }

    /// The `next` href for a page that ended at sequence number `last`.
    pub fn next_href(&self, collection: &str, last: u64) -> String {
        let saved = serde_json::to_string(&self.params).unwrap_or_else(|_| "[]".to_owned());
        let cursor = URL_SAFE_NO_PAD.encode(format!("{last}|{saved}"));
        format!("/v3/{collection}?cursor={cursor}")
    }
}

/// Takes up to `limit` items after the cursor from `items` (in sequence order); returns the
/// page and the `next` href when more remain.
pub(crate) fn page<T>(
    q: &PageQuery,
    collection: &str,
    items: impl Iterator<Item = (u64, T)>,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    let mut out = Vec::new();
    let mut last = None;
    let mut more = false;
    for (seq, item) in items.filter(|(seq, _)| q.after.is_none_or(|a| *seq > a)) {
        if out.len() == limit {
            more = true;
            break;
        }
        last = Some(seq);
        out.push(item);
    }
    let next = match (more, last) {
        (true, Some(last)) => Some(q.next_href(collection, last)),
        _ => None,
    };
    (out, next)
}

/// The `_links` of a page: `next` when there is a next page, none on the last one.
pub(crate) fn next_links(next: Option<String>) -> Option<PagingLinks> {
    next.map(|href| PagingLinks {
        next: Some(Href {
            href: Some(href),
            ..Default::default()
        }),
        ..Default::default()
    })
}
