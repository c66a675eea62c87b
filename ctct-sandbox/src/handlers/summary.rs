//! `GET /contacts/{id}/events/summary`: one `ReportsSummary` per campaign sent to the contact,
//! counted from the same tracking events the per-kind feeds serve, so the summary and the
//! feeds always agree. One page holds every campaign (an account has few), so there is never
//! a `next` link.

use axum::response::Response;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::v1::tracking::{EventCampaign, EventContact, ReportsSummary};

use super::{Call, server_author};
use crate::respond::{self, ApiError};
use crate::store::Store;

/// The event kinds counted, by feed segment.
const SEGMENTS: [&str; 6] = ["sends", "opens", "clicks", "forwards", "bounces", "optouts"];

fn count(store: &Store, contact: u64, campaign: u64, segment: &str) -> i64 {
    let n = store
        .contact_events(contact, segment)
        .iter()
        .filter(|(c, _)| *c == campaign)
        .count();
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Serves the summary of the contact in the path.
pub(crate) fn serve(call: &Call<'_>) -> Result<Response, ApiError> {
    let contact: u64 = call
        .params
        .first()
        .and_then(|t| t.parse().ok())
        .ok_or_else(ApiError::not_found)?;
    let mut store = call.store();
    store.send_due_campaigns();
    let email = store
        .contacts
        .get(&contact)
        .map(|c| c.email.clone())
        .ok_or_else(ApiError::not_found)?;
    let mut campaigns: Vec<u64> = SEGMENTS
        .iter()
        .flat_map(|s| store.contact_events(contact, s))
        .map(|(c, _)| c)
        .collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    let rest = format!("/contacts/{contact}/events/summary");
    let contact_uri = call.uri(&format!("/contacts/{contact}"));
    let entries = campaigns
        .into_iter()
        .map(|campaign| {
            let name = store
                .campaigns
                .get(&campaign)
                .and_then(|c| c.fields.name.clone());
            let campaign_uri = call.uri(&format!("/campaigns/{campaign}"));
            let id = call.uri(&format!("{rest}/{campaign}"));
            let n = |segment| Some(count(&store, contact, campaign, segment));
            Entry {
                id: Some(id.clone()),
                title: Some(Text::plain(format!(
                    "Summary for Customer: {}, Campaign: {}",
                    call.username(),
                    name.as_deref().unwrap_or_default()
                ))),
                updated: Some(super::now_ms().to_string()),
                author: Some(server_author()),
                summary: None,
                links: Vec::new(),
                content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
                content: ReportsSummary {
                    id: Some(id),
                    contact: Some(EventContact {
                        id: Some(contact_uri.clone()),
                        email_address: Some(email.clone()),
                        links: vec![Link::new(contact_uri.clone(), Some("self"))],
                    }),
                    campaign: Some(EventCampaign {
                        id: Some(campaign_uri.clone()),
                        name,
                        links: vec![Link::new(campaign_uri, Some("self"))],
                    }),
                    sends: n("sends"),
                    opens: n("opens"),
                    clicks: n("clicks"),
                    forwards: n("forwards"),
                    bounces: n("bounces"),
                    opt_outs: n("optouts"),
                },
                source: None,
            }
        })
        .collect();
    drop(store);
    let title = format!(
        "Summary for Customer: {}, Contact id: {contact}",
        call.username()
    );
    let mut head = call.head(&rest[1..], title, None);
    head.id = Some(call.uri(&rest));
    Ok(respond::feed(&Feed { head, entries }))
}
