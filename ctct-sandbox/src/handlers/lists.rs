//! `/lists`: the system lists and the account's own, their members feeds.

use axum::response::Response;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::v1::lists::{ContactList, ContactListMember, DisplayOnSignup, MembersLink};
use ctct_models::validate::{Validate, WriteKind};

use super::{Call, server_author};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError};
use crate::store::{Filter, ListRec, SystemList};

/// Which list a `{list}` path segment names.
enum Which {
    System(SystemList),
    User(u64),
}

fn which(call: &Call<'_>) -> Result<Which, ApiError> {
    let tail = call.params.first().copied().unwrap_or("");
    if let Some(s) = SystemList::parse(tail) {
        return Ok(Which::System(s));
    }
    let id = tail.parse::<u64>().map_err(|_| ApiError::not_found())?;
    if call.store().lists.contains_key(&id) {
        Ok(Which::User(id))
    } else {
        Err(ApiError::not_found())
    }
}

fn list_entry(
    call: &Call<'_>,
    tail: &str,
    title: &str,
    updated: String,
    content: ContactList,
) -> Entry<ContactList> {
    Entry {
        id: Some(call.uri(&format!("/lists/{tail}"))),
        title: Some(Text::plain(title)),
        updated: Some(updated),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}/lists/{tail}", call.base_path()),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content,
        source: None,
    }
}

fn system_entry(call: &Call<'_>, s: SystemList) -> Entry<ContactList> {
    let content = ContactList {
        id: Some(call.uri(&format!("/lists/{}", s.tail()))),
        name: Some(s.name().to_owned()),
        short_name: Some(s.name().to_owned()),
        ..ContactList::default()
    };
    let updated = super::now_ms().to_string();
    list_entry(call, s.tail(), s.name(), updated, content)
}

fn user_entry(call: &Call<'_>, id: u64, l: &ListRec) -> Entry<ContactList> {
    let content = ContactList {
        id: Some(call.uri(&format!("/lists/{id}"))),
        opt_in_default: Some(l.opt_in_default),
        name: Some(l.name.clone()),
        short_name: Some(l.name.clone()),
        display_on_signup: Some(DisplayOnSignup::No),
        sort_order: Some(l.sort_order),
        members: Some(MembersLink {
            id: Some(call.uri(&format!("/lists/{id}/members"))),
        }),
        contact_count: Some(i64::try_from(l.members.len()).unwrap_or(i64::MAX)),
    };
    list_entry(
        call,
        &id.to_string(),
        &l.name,
        l.updated.to_string(),
        content,
    )
}

/// Keyset positions: the three system lists are 0, 1, 2; user list `n` is `n + 3`.
const SYSTEM_KEYS: u64 = 3;

/// `GET /lists`: system lists first, then the account's lists by id.
pub(crate) fn list(call: &Call<'_>) -> Result<Response, ApiError> {
    let after = call.page_after()?;
    let mut keyed: Vec<(u64, Entry<ContactList>)> = Vec::new();
    for (i, s) in (0u64..).zip(SystemList::ALL) {
        if after.is_none_or(|a| i > a) {
            keyed.push((i, system_entry(call, s)));
        }
    }
    let store = call.store();
    let from = after.map_or(0, |a| a.saturating_sub(SYSTEM_KEYS - 1));
    for (id, l) in store.lists.range(from..) {
        if keyed.len() > PAGE_SIZE {
            break;
        }
        if after.is_none_or(|a| id + SYSTEM_KEYS > a) {
            keyed.push((id + SYSTEM_KEYS, user_entry(call, *id, l)));
        }
    }
    drop(store);
    let next = (keyed.len() > PAGE_SIZE)
        .then(|| call.next_href("/lists", &paging::encode(keyed[PAGE_SIZE - 1].0)));
    keyed.truncate(PAGE_SIZE);
    Ok(respond::feed(&Feed {
        head: call.head("lists", "Contact Lists".to_owned(), next),
        entries: keyed.into_iter().map(|(_, e)| e).collect(),
    }))
}

fn input(mut l: ContactList, kind: WriteKind) -> Result<ContactList, ApiError> {
    // Read-only fields are ignored on writes, as the service ignores them.
    l.clear_read_only();
    l.validate(kind)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(l)
}

/// `POST /lists`.
pub(crate) fn create(call: &Call<'_>, payload: ContactList) -> Result<Response, ApiError> {
    let l = input(payload, WriteKind::Create)?;
    let name = l.name.as_deref().unwrap_or("").trim().to_owned();
    let mut store = call.store();
    let id = store.create_list(
        &name,
        l.opt_in_default.unwrap_or(false),
        l.sort_order.unwrap_or(99),
    )?;
    let e = store
        .lists
        .get(&id)
        .map(|rec| user_entry(call, id, rec))
        .ok_or_else(ApiError::not_found)?;
    drop(store);
    Ok(respond::created(
        &call.location(&format!("/lists/{id}")),
        &e,
    ))
}

/// `GET /lists/{id}`.
pub(crate) fn get(call: &Call<'_>) -> Result<Response, ApiError> {
    let e = match which(call)? {
        Which::System(s) => system_entry(call, s),
        Which::User(id) => {
            let store = call.store();
            let rec = store.lists.get(&id).ok_or_else(ApiError::not_found)?;
            user_entry(call, id, rec)
        }
    };
    Ok(respond::entry(&e))
}

fn system_refused() -> ApiError {
    ApiError::new(403, "System lists cannot be changed")
}

/// `PUT /lists/{id}`.
pub(crate) fn update(call: &Call<'_>, payload: ContactList) -> Result<Response, ApiError> {
    let Which::User(id) = which(call)? else {
        return Err(system_refused());
    };
    let l = input(payload, WriteKind::Update)?;
    let name = l.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    call.store()
        .update_list(id, name, l.opt_in_default, l.sort_order)?;
    Ok(respond::no_content())
}

/// `DELETE /lists/{id}`.
pub(crate) fn delete(call: &Call<'_>) -> Result<Response, ApiError> {
    let Which::User(id) = which(call)? else {
        return Err(system_refused());
    };
    call.store().delete_list(id)?;
    Ok(respond::no_content())
}

/// `GET /lists/{id}/members`, system lists included.
pub(crate) fn members(call: &Call<'_>) -> Result<Response, ApiError> {
    let (tail, filter) = match which(call)? {
        Which::System(s) => (s.tail().to_owned(), Filter::System(s)),
        Which::User(id) => (id.to_string(), Filter::List(id)),
    };
    let after = call.page_after()?;
    let store = call.store();
    let page = store.contacts_page(after, filter, None, PAGE_SIZE + 1);
    let rest = format!("/lists/{tail}/members");
    let next = (page.len() > PAGE_SIZE)
        .then(|| call.next_href(&rest, &paging::encode(page[PAGE_SIZE - 1].0)));
    let entries = page
        .iter()
        .take(PAGE_SIZE)
        .map(|(cid, c)| Entry {
            id: Some(call.uri(&format!("/contacts/{cid}"))),
            title: Some(Text::plain(format!("Contact: {}", c.email))),
            updated: Some(c.updated.to_string()),
            author: Some(server_author()),
            summary: None,
            links: vec![Link::new(
                format!("{}{rest}/{cid}", call.base_path()),
                Some("edit"),
            )],
            content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
            content: ContactListMember {
                id: Some(call.uri(&format!("/contacts/{cid}"))),
                email_address: Some(c.email.clone()),
                name: Some(c.display_name()),
            },
            source: None,
        })
        .collect();
    drop(store);
    let mut head = call.head(&rest[1..], format!("Members of list {tail}"), next);
    head.id = Some(call.uri(&rest));
    Ok(respond::feed(&Feed { head, entries }))
}
