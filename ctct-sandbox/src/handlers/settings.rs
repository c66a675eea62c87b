//! `/settings/emailaddresses`: the account's email addresses, read-only as V1 documents them
//! (`docs/v1/settings.md`). Campaigns may use only the `Verified` ones as From and Reply-To.

use axum::response::Response;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::v1::settings::AccountEmailAddress;

use super::{Call, server_author};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError};
use crate::store::EmailAddressRec;

const COLLECTION: &str = "settings/emailaddresses";

fn entry(call: &Call<'_>, id: u64, r: &EmailAddressRec) -> Entry<AccountEmailAddress> {
    let rest = format!("/{COLLECTION}/{id}");
    Entry {
        id: Some(call.uri(&rest)),
        title: Some(Text::plain(r.email.clone())),
        updated: Some(r.updated.to_string()),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}{rest}", call.base_path()),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content: AccountEmailAddress {
            id: Some(call.uri(&rest)),
            email_address: Some(r.email.clone()),
            status: Some(r.status.clone()),
            verified_time: r.verified,
        },
        source: None,
    }
}

/// `GET /settings/emailaddresses`: by id, 50 a page.
pub(crate) fn list(call: &Call<'_>) -> Result<Response, ApiError> {
    let after = call.page_after()?;
    let store = call.store();
    let start = after.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
    let page: Vec<(u64, Entry<AccountEmailAddress>)> = store
        .email_addresses
        .range((start, std::ops::Bound::Unbounded))
        .take(PAGE_SIZE + 1)
        .map(|(id, r)| (*id, entry(call, *id, r)))
        .collect();
    drop(store);
    let next = (page.len() > PAGE_SIZE).then(|| {
        call.next_href(
            &format!("/{COLLECTION}"),
            &paging::encode(page[PAGE_SIZE - 1].0),
        )
    });
    let title = format!("Email Addresses for Customer: {}", call.username());
    Ok(respond::feed(&Feed {
        head: call.head(COLLECTION, title, next),
        entries: page.into_iter().take(PAGE_SIZE).map(|(_, e)| e).collect(),
    }))
}

/// `GET /settings/emailaddresses/{id}`.
pub(crate) fn get(call: &Call<'_>) -> Result<Response, ApiError> {
    let store = call.store();
    let (id, r) = call
        .params
        .first()
        .and_then(|t| t.parse::<u64>().ok())
        .and_then(|id| store.email_addresses.get(&id).map(|r| (id, r)))
        .ok_or_else(ApiError::not_found)?;
    let mut e = entry(call, id, r);
    drop(store);
    let title = format!("Email Addresses for Customer: {}", call.username());
    let mut head = call.head(COLLECTION, title, None);
    head.links
        .retain(|l| l.rel.is_none() || l.rel.as_deref() == Some("self"));
    e.source = Some(head);
    Ok(respond::entry(&e))
}
