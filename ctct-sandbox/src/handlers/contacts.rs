//! `/contacts`: list, search by email, sync by `updatedsince`, create, get, update, opt out.

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::v1::contacts::{
    ActionSource, Contact, ContactLists, ContactMembership, SystemListType,
};
use ctct_models::validate::{Problem, Validate, WriteKind};

use super::{Call, server_author};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError, NEED_LIST};
use crate::store::{ContactRec, Filter, Store, SystemList, email_type_of};

/// The real service answers a wrong-case `OptInSource` with 500, before anything else.
fn check_sources(c: &Contact) -> Result<(), ApiError> {
    let bad = |s: &Option<ActionSource>| matches!(s, Some(ActionSource::Unknown(_)));
    let lists = c.contact_lists.iter().flat_map(|l| l.lists.iter());
    if bad(&c.opt_in_source)
        || bad(&c.opt_out_source)
        || lists.clone().any(|m| bad(&m.opt_in_source))
    {
        return Err(ApiError::new(
            500,
            "Internal Server Error: invalid OptInSource (expected ACTION_BY_CUSTOMER or ACTION_BY_CONTACT)",
        ));
    }
    Ok(())
}

/// The contact a write sent, without its read-only fields: the service ignores them.
fn writable(mut c: Contact) -> Contact {
    c.clear_read_only();
    c
}

fn validate(c: &Contact, kind: WriteKind) -> Result<(), ApiError> {
    c.validate(kind).map_err(|e| {
        if kind == WriteKind::Create && e.field == "ContactLists" && e.problem == Problem::Missing {
            ApiError::bad_request(NEED_LIST)
        } else {
            ApiError::bad_request(e.to_string())
        }
    })
}

fn contact_id(call: &Call<'_>) -> Result<u64, ApiError> {
    call.params
        .first()
        .and_then(|t| t.parse().ok())
        .ok_or_else(ApiError::not_found)
}

fn memberships(call: &Call<'_>, c: &ContactRec) -> ContactLists {
    ContactLists {
        lists: c
            .lists
            .iter()
            .map(|(lid, m)| ContactMembership {
                id: Some(call.uri(&format!("/lists/{lid}"))),
                links: vec![Link::new(
                    format!("{}/lists/{lid}", call.base_path()),
                    Some("self"),
                )],
                opt_in_source: Some(m.source.clone()),
                opt_in_time: Some(m.time),
            })
            .collect(),
    }
}

/// The summary a feed entry carries.
fn summary(call: &Call<'_>, id: u64, c: &ContactRec, search: bool) -> Contact {
    Contact {
        id: Some(call.uri(&format!("/contacts/{id}"))),
        status: Some(c.status()),
        email_address: Some(c.email.clone()),
        email_type: Some(email_type_of(c)),
        name: Some(c.display_name()),
        opt_in_time: c.opt_in.as_ref().map(|o| o.0),
        opt_in_source: c.opt_in.as_ref().map(|o| o.1.clone()),
        confirmed: search.then_some(false),
        insert_time: search.then_some(c.inserted),
        ..Contact::default()
    }
}

/// Every field, as `GET /contacts/{id}` returns it (empty editable fields as empty elements).
fn full(call: &Call<'_>, id: u64, c: &ContactRec) -> Contact {
    let mut v = c.profile.clone();
    for field in Contact::TEXT_FIELDS.iter().filter(|f| f.editable) {
        (field.slot)(&mut v).get_or_insert_with(String::new);
    }
    v.id = Some(call.uri(&format!("/contacts/{id}")));
    v.status = Some(c.status());
    v.email_address = Some(c.email.clone());
    v.email_type = Some(email_type_of(c));
    v.name = Some(c.display_name());
    v.contact_lists = Some(memberships(call, c));
    v.opt_in_time = c.opt_in.as_ref().map(|o| o.0);
    v.opt_in_source = c.opt_in.as_ref().map(|o| o.1.clone());
    v.opt_out_time = c.opt_out.as_ref().map(|o| o.0);
    v.opt_out_source = c.opt_out.as_ref().map(|o| o.1.clone());
    v.confirmed = Some(false);
    v.insert_time = Some(c.inserted);
    v.last_update_time = Some(c.updated);
    v
}

fn entry(call: &Call<'_>, id: u64, c: &ContactRec, content: Contact) -> Entry<Contact> {
    Entry {
        id: Some(call.uri(&format!("/contacts/{id}"))),
        title: Some(Text::plain(format!("Contact: {}", c.email))),
        updated: Some(c.updated.to_string()),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}/contacts/{id}", call.base_path()),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content,
        source: None,
    }
}

fn full_entry(call: &Call<'_>, store: &Store, id: u64) -> Result<Entry<Contact>, ApiError> {
    let c = store.contacts.get(&id).ok_or_else(ApiError::not_found)?;
    let mut e = entry(call, id, c, full(call, id, c));
    let title = format!("Contacts for Customer: {}", call.username());
    let mut head = call.head("contacts", title, None);
    head.links
        .retain(|l| l.rel.is_none() || l.rel.as_deref() == Some("self"));
    head.updated = Some(c.updated.to_string());
    e.source = Some(head);
    Ok(e)
}

/// `GET /contacts` in all its forms.
/// Which of the `GET /contacts` endpoints a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    /// Every contact.
    All,
    /// `email=`: a search.
    ByEmail,
    /// `updatedsince` with `listtype`.
    UpdatedSince,
    /// `updatedsince` with `listid`.
    UpdatedSinceOnList,
}

/// `GET /contacts` in each of its forms.
pub(crate) fn list(call: &Call<'_>, listing: Listing) -> Result<Response, ApiError> {
    let title = format!("Contacts for Customer: {}", call.username());
    if listing == Listing::ByEmail {
        let wanted = call.query_all("email");
        if wanted.len() > 50 {
            return Err(ApiError::bad_request(
                "At most 50 email parameters are allowed",
            ));
        }
        let store = call.store();
        let mut ids: Vec<u64> = wanted
            .iter()
            .filter_map(|e| store.contact_id_by_email(e.trim()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let entries = ids
            .iter()
            .filter_map(|id| store.contacts.get(id).map(|c| (*id, c)))
            .map(|(id, c)| entry(call, id, c, summary(call, id, c, true)))
            .collect();
        drop(store);
        let mut head = call.head("contacts", title, None);
        let current = call.next_href("/contacts", "");
        let current = current
            .trim_end_matches("next=")
            .trim_end_matches(['&', '?']);
        for l in &mut head.links {
            if l.rel.as_deref() == Some("current") {
                l.href = Some(current.to_owned());
            }
        }
        return Ok(respond::feed(&Feed { head, entries }));
    }
    let mut since = None;
    let mut filter = Filter::All;
    if listing != Listing::All {
        let raw = call.query_one("updatedsince").unwrap_or("");
        let t: DateTime = raw
            .parse()
            .map_err(|_| ApiError::bad_request(format!("Invalid updatedsince {raw:?}")))?;
        since = Some(t);
        filter = if listing == Listing::UpdatedSince {
            match SystemListType::from(call.query_one("listtype").unwrap_or("")) {
                SystemListType::Active => Filter::System(SystemList::Active),
                SystemListType::Removed => Filter::System(SystemList::Removed),
                SystemListType::DoNotMail => Filter::System(SystemList::DoNotMail),
                SystemListType::Unknown(v) => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid listtype {v:?} (active, removed or do-not-mail)"
                    )));
                }
            }
        } else {
            let raw = call.query_one("listid").unwrap_or("");
            match (SystemList::parse(raw), raw.parse::<u64>()) {
                (Some(s), _) => Filter::System(s),
                (None, Ok(n)) if call.store().lists.contains_key(&n) => Filter::List(n),
                _ => return Err(ApiError::not_found()),
            }
        };
    }
    let after = call.page_after()?;
    let store = call.store();
    let page = store.contacts_page(after, filter, since, PAGE_SIZE + 1);
    let next = (page.len() > PAGE_SIZE)
        .then(|| call.next_href("/contacts", &paging::encode(page[PAGE_SIZE - 1].0)));
    let entries = page
        .iter()
        .take(PAGE_SIZE)
        .map(|(id, c)| entry(call, *id, c, summary(call, *id, c, false)))
        .collect();
    drop(store);
    Ok(respond::feed(&Feed {
        head: call.head("contacts", title, next),
        entries,
    }))
}

/// `POST /contacts`.
pub(crate) fn create(call: &Call<'_>, input: Contact) -> Result<Response, ApiError> {
    let input = writable(input);
    check_sources(&input)?;
    validate(&input, WriteKind::Create)?;
    let mut store = call.store();
    let id = store.create_contact(&input)?;
    let e = full_entry(call, &store, id)?;
    drop(store);
    Ok(respond::created(
        &call.location(&format!("/contacts/{id}")),
        &e,
    ))
}

/// `GET /contacts/{id}`.
pub(crate) fn get(call: &Call<'_>) -> Result<Response, ApiError> {
    let id = contact_id(call)?;
    let e = full_entry(call, &call.store(), id)?;
    Ok(respond::entry(&e))
}

/// `PUT /contacts/{id}`.
pub(crate) fn update(call: &Call<'_>, input: Contact) -> Result<Response, ApiError> {
    let id = contact_id(call)?;
    if !call.store().contacts.contains_key(&id) {
        return Err(ApiError::not_found());
    }
    let input = writable(input);
    check_sources(&input)?;
    validate(&input, WriteKind::Update)?;
    call.store().update_contact(id, &input)?;
    Ok(respond::no_content())
}

/// `DELETE /contacts/{id}`: an opt-out, not a delete.
pub(crate) fn opt_out(call: &Call<'_>) -> Result<Response, ApiError> {
    let id = contact_id(call)?;
    call.store().opt_out_contact(id)?;
    Ok(respond::no_content())
}
