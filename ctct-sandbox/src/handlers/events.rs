//! `/events`: Event Marketing events, registrants, guests, attendance and payment status
//! (`docs/v1/events.md`), in the `atom:`-prefixed style with un-namespaced payloads (the models
//! write it), tag-URI ids, and `?pageNumber=N` paging. These resources need
//! `Accept: application/atom+xml`; without it the sandbox answers 406.
//!
//! Page numbers count from 1. The sources disagree: the official PHP wrapper asks for the
//! first page of registrants as `?pageNumber=1`, while the documentation's registrants sample
//! shows an unnumbered first page whose `next` is `?pageNumber=1` (which would make 1 the
//! second page). Both cannot hold, so the first page answers to all of its spellings (none,
//! `0` and `1`) and `next` links continue at 2, 3, …: a client that builds `pageNumber=1`
//! gets the first page instead of losing it, and one that follows `next` sees each page once.

use axum::http::header;
use axum::response::Response;
use ctct_models::atom::{AtomPayload, Entry, Feed, Head, Link, Text};
use ctct_models::ids::API_HOST;
use ctct_models::v1::events::{AttendanceStatus, Event, Guest, PaymentStatus, Registrant};
use ctct_models::validate::{Validate, WriteKind};

use super::Call;
use crate::paging::PAGE_SIZE;
use crate::respond::{self, ApiError};
use crate::store::{EventRec, RegistrantRec, Store};

/// The tag URI Event Marketing uses as Atom id for `rest` (`/events/…`).
fn tag(call: &Call<'_>, rest: &str) -> String {
    format!("tag:{API_HOST},2010:{}{rest}", call.base_path())
}

fn check_accept(call: &Call<'_>) -> Result<(), ApiError> {
    let ok = call
        .headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|m| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(ctct_models::ATOM_MEDIA_TYPE)
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            406,
            "Not Acceptable: Event Marketing resources need Accept: application/atom+xml",
        ))
    }
}

fn entry<T: AtomPayload>(
    call: &Call<'_>,
    rest: &str,
    title: String,
    updated: String,
    content: T,
) -> Entry<T> {
    Entry {
        id: Some(tag(call, rest)),
        title: Some(Text::plain(title)),
        updated: Some(updated),
        author: None,
        summary: None,
        links: vec![Link::new(
            format!("{}{rest}", call.base_path()),
            Some("edit"),
        )],
        content_type: None,
        content,
        source: None,
    }
}

/// The 0-based page index of `?pageNumber=` (numbered from 1; absent, `0` and `1` are all
/// the first page); anything but a whole number is 400.
fn page_number(call: &Call<'_>) -> Result<usize, ApiError> {
    match call.query_one("pageNumber") {
        None => Ok(0),
        Some(raw) => raw
            .trim()
            .parse::<usize>()
            .map(|n| n.saturating_sub(1))
            .map_err(|_| {
                ApiError::bad_request(format!("pageNumber: {raw:?} is not a whole number"))
            }),
    }
}

/// A page of `items` at `?pageNumber=`, with `current`, `first` and `next` links.
fn paged<T: AtomPayload>(
    call: &Call<'_>,
    rest: &str,
    title: &str,
    items: Vec<Entry<T>>,
) -> Result<Response, ApiError> {
    let page = page_number(call)?;
    let path = format!("{}{rest}", call.base_path());
    let mut links = vec![
        Link::new(path.clone(), Some("current")),
        Link::new(path.clone(), Some("first")),
    ];
    let start = page.saturating_mul(PAGE_SIZE);
    if items.len() > start.saturating_add(PAGE_SIZE) {
        links.push(Link::new(
            format!("{path}?pageNumber={}", page + 2),
            Some("next"),
        ));
    }
    let head = Head {
        id: Some(tag(call, rest)),
        title: Some(Text::plain(title)),
        updated: Some(super::now_ms().to_string()),
        author: None,
        links,
    };
    Ok(respond::feed(&Feed {
        head,
        entries: items.into_iter().skip(start).take(PAGE_SIZE).collect(),
    }))
}

fn event_entry(call: &Call<'_>, e: &EventRec) -> Entry<Event> {
    let p = e.payload();
    let title = p.name.clone().unwrap_or_default();
    entry(
        call,
        &format!("/events/{}", e.id),
        title,
        e.updated.to_string(),
        p,
    )
}

fn registrant_entry(call: &Call<'_>, e: &EventRec, r: &RegistrantRec) -> Entry<Registrant> {
    let p = r.payload();
    let title = format!(
        "{} {}",
        p.first_name.as_deref().unwrap_or(""),
        p.last_name.as_deref().unwrap_or("")
    )
    .trim()
    .to_owned();
    let rest = format!("/events/{}/registrants/{}", e.id, r.id);
    entry(call, &rest, title, r.updated.to_string(), p)
}

fn find_event<'s>(call: &Call<'_>, store: &'s Store) -> Result<&'s EventRec, ApiError> {
    let id = call.params.first().copied().unwrap_or("");
    store
        .event_by_id(id)
        .map(|(_, e)| e)
        .ok_or_else(ApiError::not_found)
}

fn find_registrant<'s>(
    call: &Call<'_>,
    store: &'s Store,
) -> Result<(&'s EventRec, &'s RegistrantRec), ApiError> {
    let e = find_event(call, store)?;
    let rid = call.params.get(1).copied().unwrap_or("");
    let r = e.registrant(rid).ok_or_else(ApiError::not_found)?;
    Ok((e, r))
}

fn input<T: Validate>(v: T, kind: WriteKind) -> Result<T, ApiError> {
    v.validate(kind)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(v)
}

/// One Event Marketing operation, with the body it carries.
pub(crate) enum EventOp {
    ListEvents,
    CreateEvent(Event),
    GetEvent,
    UpdateEvent(Event),
    ListRegistrants,
    GetRegistrant,
    ListGuests,
    GetGuest,
    GetAttendanceStatus,
    UpdateAttendanceStatus(AttendanceStatus),
    GetPaymentStatus,
    UpdatePaymentStatus(PaymentStatus),
}

/// Serves one of the Event Marketing endpoints.
pub(crate) fn serve(call: &Call<'_>, op: EventOp) -> Result<Response, ApiError> {
    check_accept(call)?;
    match op {
        EventOp::ListEvents => {
            let store = call.store();
            let items: Vec<Entry<Event>> = store
                .events
                .values()
                .map(|e| event_entry(call, e))
                .collect();
            drop(store);
            paged(call, "/events", "Events", items)
        }
        EventOp::CreateEvent(payload) => {
            let ev: Event = input(payload, WriteKind::Create)?;
            let mut store = call.store();
            let id = store.create_event(&ev)?;
            let e = store
                .event_by_id(&id)
                .map(|(_, e)| event_entry(call, e))
                .ok_or_else(ApiError::not_found)?;
            drop(store);
            Ok(respond::created(
                &call.location(&format!("/events/{id}")),
                &e,
            ))
        }
        EventOp::GetEvent => {
            let store = call.store();
            Ok(respond::entry(&event_entry(
                call,
                find_event(call, &store)?,
            )))
        }
        EventOp::UpdateEvent(payload) => {
            let id = find_event(call, &call.store())?.id.clone();
            let ev: Event = input(payload, WriteKind::Update)?;
            call.store().update_event(&id, &ev)?;
            Ok(respond::no_content())
        }
        EventOp::ListRegistrants => {
            let store = call.store();
            let e = find_event(call, &store)?;
            let items: Vec<Entry<Registrant>> = e
                .registrants
                .values()
                .map(|r| registrant_entry(call, e, r))
                .collect();
            let rest = format!("/events/{}/registrants", e.id);
            drop(store);
            paged(call, &rest, "Registrants", items)
        }
        EventOp::GetRegistrant => {
            let store = call.store();
            let (e, r) = find_registrant(call, &store)?;
            Ok(respond::entry(&registrant_entry(call, e, r)))
        }
        EventOp::ListGuests => {
            let store = call.store();
            let (e, r) = find_registrant(call, &store)?;
            let rest = format!("/events/{}/registrants/{}/guests", e.id, r.id);
            let items: Vec<Entry<Guest>> = r
                .guests
                .iter()
                .enumerate()
                .map(|(i, g)| guest_entry(call, &rest, i, g, r))
                .collect();
            drop(store);
            paged(call, &rest, "Guests", items)
        }
        EventOp::GetGuest => {
            let store = call.store();
            let (e, r) = find_registrant(call, &store)?;
            let rest = format!("/events/{}/registrants/{}/guests", e.id, r.id);
            let n = call
                .params
                .get(2)
                .and_then(|g| g.parse::<usize>().ok())
                .and_then(|g| g.checked_sub(1))
                .filter(|i| *i < r.guests.len())
                .ok_or_else(ApiError::not_found)?;
            Ok(respond::entry(&guest_entry(
                call,
                &rest,
                n,
                &r.guests[n],
                r,
            )))
        }
        EventOp::GetAttendanceStatus => {
            let store = call.store();
            let (e, r) = find_registrant(call, &store)?;
            let rest = format!("/events/{}/registrants/{}/attendancestatus", e.id, r.id);
            let body = AttendanceStatus {
                status: Some(r.attendance.clone()),
                type_: r.attendance_type.clone(),
            };
            Ok(respond::entry(&entry(
                call,
                &rest,
                "Attendance Status".into(),
                r.updated.to_string(),
                body,
            )))
        }
        EventOp::UpdateAttendanceStatus(payload) => {
            let (eid, rid) = ids(call)?;
            let a: AttendanceStatus = input(payload, WriteKind::Create)?;
            let state = a
                .status
                .filter(|s| !matches!(s, ctct_models::v1::events::AttendanceState::Unknown(_)))
                .ok_or_else(|| {
                    ApiError::bad_request("Status: expected ATTENDED or NOT_ATTENDED")
                })?;
            call.store().set_attendance(&eid, &rid, state, a.type_)?;
            Ok(respond::no_content())
        }
        EventOp::GetPaymentStatus => {
            let store = call.store();
            let (e, r) = find_registrant(call, &store)?;
            let rest = format!("/events/{}/registrants/{}/paymentstatus", e.id, r.id);
            let body = PaymentStatus {
                status: Some(r.payment.clone()),
            };
            Ok(respond::entry(&entry(
                call,
                &rest,
                "Payment Status".into(),
                r.updated.to_string(),
                body,
            )))
        }
        EventOp::UpdatePaymentStatus(payload) => {
            let (eid, rid) = ids(call)?;
            let p: PaymentStatus = input(payload, WriteKind::Update)?;
            let status = p
                .status
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| ApiError::bad_request("Status: the payment status is missing"))?;
            call.store().set_payment(&eid, &rid, status)?;
            Ok(respond::no_content())
        }
    }
}

/// The event and registrant ids of the path, checked to exist.
fn ids(call: &Call<'_>) -> Result<(String, String), ApiError> {
    let store = call.store();
    let (e, r) = find_registrant(call, &store)?;
    Ok((e.id.clone(), r.id.clone()))
}

fn guest_entry(
    call: &Call<'_>,
    rest: &str,
    i: usize,
    g: &Guest,
    r: &RegistrantRec,
) -> Entry<Guest> {
    let title = format!(
        "{} {}",
        g.first_name.as_deref().unwrap_or(""),
        g.last_name.as_deref().unwrap_or("")
    )
    .trim()
    .to_owned();
    entry(
        call,
        &format!("{rest}/{}", i + 1),
        title,
        r.updated.to_string(),
        g.clone(),
    )
}
