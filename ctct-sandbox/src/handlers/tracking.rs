//! Tracking feeds: a campaign's and a contact's sends, opens, clicks (also per link),
//! bounces, forwards and opt-outs, and their event service documents (`docs/v1/tracking.md`).
//!
//! Campaign feeds take `pageSize` 1–200 (default 50; anything else is 400); contact feeds
//! page 50 at a time. Pages are keyset positions on the event number, which only grows.

use axum::response::Response;
use ctct_models::atom::{AtomPayload, Entry, Feed, Link, Text};
use ctct_models::v1::tracking::{
    BounceCode, BounceEvent, ClickEvent, EventCampaign, EventContact, ForwardEvent, OpenEvent,
    OptoutEvent, SentEvent,
};

use super::{Call, server_author, service};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError};
use crate::store::{EventKind, Store, TrackEvent};

/// Everything an event payload is built from.
struct Parts {
    id: String,
    contact: EventContact,
    campaign: EventCampaign,
    event: TrackEvent,
    link: Option<String>,
}

fn bounce_text(code: &BounceCode) -> (&'static str, &'static str) {
    match code {
        BounceCode::B => ("Non-existent address", "550 5.1.1 User unknown"),
        BounceCode::D => ("Undeliverable", "554 5.0.0 Message undeliverable"),
        BounceCode::F => ("Mailbox full", "552 5.2.2 Mailbox full"),
        BounceCode::S => ("Suspended", "554 5.7.1 Delivery suspended"),
        BounceCode::V => ("Vacation or autoreply", "Out of office until next week"),
        BounceCode::Z => ("Blocked", "554 5.7.1 Message blocked"),
        _ => ("Other", "451 4.0.0 Temporary failure"),
    }
}

/// Builds one kind's payload from the common parts.
trait FromParts: AtomPayload {
    fn from_parts(p: Parts) -> Self;
}

macro_rules! plain_events {
    ($($t:ident),*) => {$(
        impl FromParts for $t {
            fn from_parts(p: Parts) -> Self {
                Self {
                    id: Some(p.id),
                    contact: Some(p.contact),
                    campaign: Some(p.campaign),
                    event_time: Some(p.event.time),
                }
            }
        }
    )*};
}
plain_events!(SentEvent, OpenEvent, ForwardEvent, OptoutEvent);

impl FromParts for ClickEvent {
    fn from_parts(p: Parts) -> Self {
        Self {
            id: Some(p.id),
            contact: Some(p.contact),
            campaign: Some(p.campaign),
            event_time: Some(p.event.time),
            link_url: p.link,
        }
    }
}

impl FromParts for BounceEvent {
    fn from_parts(p: Parts) -> Self {
        let code = match &p.event.kind {
            EventKind::Bounce(c) => c.clone(),
            _ => BounceCode::X,
        };
        let (description, message) = bounce_text(&code);
        Self {
            id: Some(p.id),
            contact: Some(p.contact),
            campaign: Some(p.campaign),
            event_time: Some(p.event.time),
            code: Some(code),
            description: Some(description.to_owned()),
            bounce_message: Some(message.to_owned()),
        }
    }
}

/// Which feed a request reads.
enum Scope {
    Campaign { id: u64, link: Option<usize> },
    Contact(u64),
}

fn page_size(call: &Call<'_>) -> Result<usize, ApiError> {
    match call.query_one("pageSize") {
        None => Ok(PAGE_SIZE),
        Some(raw) => raw
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!("pageSize: {raw:?} is not between 1 and 200"))
            }),
    }
}

fn parts(call: &Call<'_>, store: &Store, campaign: u64, e: &TrackEvent, with_name: bool) -> Parts {
    let c = store.campaigns.get(&campaign);
    let contact_uri = call.uri(&format!("/contacts/{}", e.contact));
    let campaign_uri = call.uri(&format!("/campaigns/{campaign}"));
    Parts {
        id: call.uri(&format!(
            "/campaigns/{campaign}/events/{}/{}",
            e.kind.segment(),
            e.seq
        )),
        contact: EventContact {
            id: Some(contact_uri.clone()),
            email_address: store.contacts.get(&e.contact).map(|r| r.email.clone()),
            links: vec![Link::new(contact_uri, Some("self"))],
        },
        campaign: EventCampaign {
            id: Some(campaign_uri.clone()),
            name: with_name
                .then(|| c.and_then(|c| c.fields.name.clone()))
                .flatten(),
            links: vec![Link::new(campaign_uri, Some("self"))],
        },
        event: e.clone(),
        link: match e.kind {
            EventKind::Click(i) => c.and_then(|c| c.links.get(i).cloned()),
            _ => None,
        },
    }
}

fn feed<T: FromParts>(call: &Call<'_>, segment: &str, scope: Scope) -> Result<Response, ApiError> {
    let size = match scope {
        Scope::Campaign { .. } => page_size(call)?,
        Scope::Contact(_) => PAGE_SIZE,
    };
    let after = call.page_after()?.unwrap_or(0);
    let mut store = call.store();
    store.send_due_campaigns();
    let (rest, title, events): (String, String, Vec<(u64, TrackEvent)>) = match scope {
        Scope::Campaign { id, link } => {
            let c = store.campaigns.get(&id).ok_or_else(ApiError::not_found)?;
            if let Some(i) = link {
                if i >= c.links.len() {
                    return Err(ApiError::not_found());
                }
            }
            let events = c
                .events_in(segment)
                .filter(|e| link.is_none_or(|i| e.kind == EventKind::Click(i)))
                .filter(|e| e.seq > after)
                .take(size + 1)
                .map(|e| (id, e.clone()))
                .collect();
            let rest = match link {
                Some(i) => format!("/campaigns/{id}/events/{segment}/{}", i + 1),
                None => format!("/campaigns/{id}/events/{segment}"),
            };
            let title = format!(
                "{} for Customer: {}, Campaign id: {id}",
                kind_title(segment),
                call.username()
            );
            (rest, title, events)
        }
        Scope::Contact(cid) => {
            if !store.contacts.contains_key(&cid) {
                return Err(ApiError::not_found());
            }
            let events = store
                .contact_events(cid, segment)
                .into_iter()
                .filter(|(_, e)| e.seq > after)
                .take(size + 1)
                .map(|(c, e)| (c, e.clone()))
                .collect();
            let title = format!(
                "{} for Customer: {}, Contact id: {cid}",
                kind_title(segment),
                call.username()
            );
            (format!("/contacts/{cid}/events/{segment}"), title, events)
        }
    };
    let contact_scope = matches!(scope, Scope::Contact(_));
    let next = (events.len() > size)
        .then(|| call.next_href(&rest, &paging::encode(events[size - 1].1.seq)));
    let entries: Vec<Entry<T>> = events
        .iter()
        .take(size)
        .map(|(campaign, e)| {
            let p = parts(call, &store, *campaign, e, contact_scope);
            Entry {
                id: Some(p.id.clone()),
                title: Some(Text::plain(format!(
                    "{} for Customer: {}, Campaign: {}",
                    kind_title(segment).replace(" Events", " Event"),
                    call.username(),
                    call.uri(&format!("/campaigns/{campaign}"))
                ))),
                updated: Some(e.time.to_string()),
                author: Some(server_author()),
                summary: None,
                links: Vec::new(),
                content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
                content: T::from_parts(p),
                source: None,
            }
        })
        .collect();
    drop(store);
    let mut head = call.head(&rest[1..], title, next);
    head.id = Some(call.uri(&rest));
    Ok(respond::feed(&Feed { head, entries }))
}

fn kind_title(segment: &str) -> &'static str {
    service::EVENT_SEGMENTS
        .iter()
        .find(|(s, _)| *s == segment)
        .map_or("Events", |(_, t)| t)
}

fn number(call: &Call<'_>, i: usize) -> Result<u64, ApiError> {
    call.params
        .get(i)
        .and_then(|t| t.parse().ok())
        .ok_or_else(ApiError::not_found)
}

/// Whose tracking data a request reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Of {
    /// `/campaigns/{campaign}/events/…`
    Campaign,
    /// `/campaigns/{campaign}/events/clicks/{link}`
    CampaignLink,
    /// `/contacts/{contact}/events/…`
    Contact,
}

/// What a tracking request reads: the service document or one event feed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Read {
    /// The `…/events` service document.
    Service,
    /// One event feed, by its path segment (`sends`, `opens`, …).
    Feed(&'static str),
}

/// Serves one of the tracking endpoints.
pub(crate) fn serve(call: &Call<'_>, of: Of, read: Read) -> Result<Response, ApiError> {
    let scope = match of {
        Of::Contact => Scope::Contact(number(call, 0)?),
        Of::Campaign => Scope::Campaign {
            id: number(call, 0)?,
            link: None,
        },
        Of::CampaignLink => {
            let n = number(call, 1)?;
            Scope::Campaign {
                id: number(call, 0)?,
                link: Some(
                    usize::try_from(n)
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .ok_or_else(ApiError::not_found)?,
                ),
            }
        }
    };
    if let Read::Service = read {
        let mut store = call.store();
        store.send_due_campaigns();
        let rest = match scope {
            Scope::Campaign { id, .. } if store.campaigns.contains_key(&id) => {
                format!("/campaigns/{id}/events")
            }
            Scope::Contact(id) if store.contacts.contains_key(&id) => {
                format!("/contacts/{id}/events")
            }
            _ => return Err(ApiError::not_found()),
        };
        drop(store);
        return Ok(service::event_document(&format!(
            "{}{rest}",
            call.base_path()
        )));
    }
    let Read::Feed(segment) = read else {
        return Err(ApiError::not_found());
    };
    match segment {
        "sends" => feed::<SentEvent>(call, "sends", scope),
        "opens" => feed::<OpenEvent>(call, "opens", scope),
        "clicks" => feed::<ClickEvent>(call, "clicks", scope),
        "bounces" => feed::<BounceEvent>(call, "bounces", scope),
        "forwards" => feed::<ForwardEvent>(call, "forwards", scope),
        "optouts" => feed::<OptoutEvent>(call, "optouts", scope),
        _ => Err(ApiError::not_found()),
    }
}
