//! Event Marketing events and registrants as output records.

use ctct_models::atom::Entry;
use ctct_models::ids::EventId;
use ctct_models::v1::events::{Event, Registrant};
use serde_json::{Map, Value};

use crate::output::record;
use crate::records::{opt, text};

/// The columns of [`event_record`] in a table.
pub const EVENT_COLUMNS: [&str; 6] = ["id", "name", "title", "status", "start", "registered"];

/// The id of an event entry: the entry's `<id>` (a `tag:` URI) or its edit link.
pub fn event_id_of(entry: &Entry<Event>) -> Option<EventId> {
    entry
        .id
        .as_deref()
        .and_then(|i| EventId::parse(i).ok())
        .or_else(|| entry.link("edit").and_then(|l| EventId::parse(l).ok()))
}

/// An event.
pub fn event_record(entry: &Entry<Event>) -> Map<String, Value> {
    let e = &entry.content;
    let id = event_id_of(entry);
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "name" => text(&e.name),
        "title" => text(&e.title),
        "status" => opt(e.status.as_ref().map(|s| s.as_str())),
        "start" => opt(e.start_date.as_ref()),
        "end" => opt(e.end_date.as_ref()),
        "registered" => e.registered,
        "attended" => e.attended_count,
        "cancelled" => e.cancelled_count,
        "type" => text(&e.event_type),
        "location" => text(&e.event_location.as_ref().and_then(|l| l.location.clone())),
        "registration_url" => text(&e.registration_url),
        "description" => text(&e.description),
    }
}

/// The columns of [`registrant_record`] in a table.
pub const REGISTRANT_COLUMNS: [&str; 5] = ["id", "email", "name", "status", "guests"];

/// A registrant of an event.
pub fn registrant_record(entry: &Entry<Registrant>) -> Map<String, Value> {
    let r = &entry.content;
    let id = entry.id.as_deref().map(|i| {
        i.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(i)
            .to_owned()
    });
    let name = [r.first_name.as_deref(), r.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    record! {
        "id" => id,
        "email" => text(&r.email_address),
        "name" => name,
        "status" => opt(r.registration_status.as_ref().map(|s| s.as_str())),
        "guests" => r.guest_count,
        "registered" => opt(r.registration_date.as_ref()),
        "payment" => text(&r.payment_status),
    }
}
