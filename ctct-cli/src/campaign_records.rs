//! Campaigns and their tracking events as output records.

use ctct_client::workflows::tracking::CampaignEvent;
use ctct_models::atom::Entry;
use ctct_models::ids::CampaignId;
use ctct_models::v1::campaigns::Campaign;
use ctct_models::v1::tracking::EventContact;
use serde_json::{Map, Value};

use crate::output::record;
use crate::records::{opt, text};

/// The columns of [`campaign_record`] in a table.
pub const CAMPAIGN_COLUMNS: [&str; 4] = ["id", "name", "status", "date"];

/// A campaign (summary or full).
pub fn campaign_record(entry: &Entry<Campaign>) -> Map<String, Value> {
    let c = &entry.content;
    let id = c
        .resource_id()
        .ok()
        .or_else(|| entry.id.as_deref().and_then(|i| CampaignId::parse(i).ok()));
    record! {
        "id" => opt(id.as_ref().map(|i| i.tail())),
        "name" => text(&c.name),
        "status" => opt(c.status.as_ref().map(|s| s.as_str())),
        "date" => opt(c.date.as_ref()),
        "subject" => text(&c.subject),
        "from_name" => text(&c.from_name),
        "from_email" => text(&c.from_email.as_ref().and_then(|e| e.email_address.clone())),
        "next_run" => opt(c.next_run_date.as_ref()),
        "last_run" => opt(c.last_run_date.as_ref()),
        "sent" => c.sent,
        "opens" => c.opens,
        "clicks" => c.clicks,
        "bounces" => c.bounces,
        "forwards" => c.forwards,
        "opt_outs" => c.opt_outs,
        "spam_reports" => c.spam_reports,
        "uri" => opt(id.as_ref().map(|i| i.uri())),
    }
}

/// The columns of [`event_record`] in a table.
pub const EVENT_COLUMNS: [&str; 4] = ["kind", "time", "email", "detail"];

/// One tracking event: its kind, time, the contact's address and what is particular to it
/// (the link clicked, the bounce code and description).
pub fn event_record(event: &CampaignEvent) -> Map<String, Value> {
    let (kind, contact, time, detail) = match event {
        CampaignEvent::Sent(e) => ("sent", &e.contact, &e.event_time, Value::Null),
        CampaignEvent::Open(e) => ("open", &e.contact, &e.event_time, Value::Null),
        CampaignEvent::Click(c) => (
            "click",
            &c.event.contact,
            &c.event.event_time,
            text(&c.link.clone().or_else(|| c.event.link_url.clone())),
        ),
        CampaignEvent::Bounce(e) => {
            let code = e.code.as_ref().map(|c| c.as_str().to_owned());
            let detail = [code, e.description.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            ("bounce", &e.contact, &e.event_time, Value::String(detail))
        }
        CampaignEvent::Forward(e) => ("forward", &e.contact, &e.event_time, Value::Null),
        CampaignEvent::OptOut(e) => ("opt-out", &e.contact, &e.event_time, Value::Null),
    };
    let email = contact
        .as_ref()
        .and_then(|c: &EventContact| c.email_address.clone());
    record! {
        "kind" => kind,
        "time" => opt(time.as_ref()),
        "email" => text(&email),
        "detail" => detail,
    }
}
