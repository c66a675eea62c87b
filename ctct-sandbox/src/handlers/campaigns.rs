//! `/campaigns` and `/campaigns/{id}/schedules`: campaign CRUD with the Draft-only rules and
//! the one schedule a campaign can have (`docs/v1/campaigns.md`). The rules themselves live in the
//! store (`store/campaigns.rs`); this module reads requests and writes entries.

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::atom::{Entry, Feed, Link, Text};
use ctct_models::v1::campaigns::{
    Campaign, CampaignStatusFilter, CampaignType, CampaignUrl, CampaignUrls, Schedule,
};
use ctct_models::validate::{Validate, WriteKind};

use super::{Call, server_author};
use crate::paging::{self, PAGE_SIZE};
use crate::respond::{self, ApiError};
use crate::store::{CampaignRec, Store};

/// The campaign id of the path, if it names a campaign.
pub(crate) fn campaign_id(call: &Call<'_>, store: &Store) -> Result<u64, ApiError> {
    call.params
        .first()
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|id| store.campaigns.contains_key(id))
        .ok_or_else(ApiError::not_found)
}

fn summary(call: &Call<'_>, id: u64, c: &CampaignRec) -> Campaign {
    Campaign {
        id: Some(call.uri(&format!("/campaigns/{id}"))),
        name: c.fields.name.clone(),
        status: Some(c.status.clone()),
        date: Some(c.created),
        ..Campaign::default()
    }
}

fn full(call: &Call<'_>, id: u64, c: &CampaignRec) -> Campaign {
    let mut v = c.fields.clone();
    v.id = Some(call.uri(&format!("/campaigns/{id}")));
    v.status = Some(c.status.clone());
    v.date = Some(c.created);
    v.last_edit_date = Some(c.last_edit);
    v.last_run_date = c.last_run;
    v.next_run_date = c.scheduled;
    v.sent = Some(c.count("sends"));
    v.opens = Some(c.unique("opens"));
    v.clicks = Some(c.unique("clicks"));
    v.bounces = Some(c.count("bounces"));
    v.forwards = Some(c.count("forwards"));
    v.opt_outs = Some(c.count("optouts"));
    v.spam_reports = Some(c.spam_reports);
    v.share_page_url = Some(format!("https://myemail.constantcontact.com/c{id}.html"));
    v.campaign_type = Some(CampaignType::Custom);
    if let Some(lists) = &mut v.contact_lists {
        for m in &mut lists.lists {
            let href =
                m.id.as_deref()
                    .and_then(|i| i.split_once("/ws/"))
                    .map(|(_, rest)| format!("/ws/{rest}"));
            m.links = href
                .map(|h| vec![Link::new(h, Some("self"))])
                .unwrap_or_default();
            m.opt_in_source = None;
            m.opt_in_time = None;
        }
    }
    for e in [&mut v.from_email, &mut v.reply_to_email]
        .into_iter()
        .flatten()
    {
        if let Some(r) = &mut e.email {
            let href =
                r.id.as_deref()
                    .and_then(|i| i.split_once("/ws/"))
                    .map(|(_, rest)| format!("/ws/{rest}"));
            r.links = href
                .map(|h| vec![Link::new(h, Some("self"))])
                .unwrap_or_default();
        }
    }
    if c.last_run.is_some() {
        v.urls = Some(CampaignUrls {
            urls: c
                .links
                .iter()
                .enumerate()
                .map(|(i, link)| CampaignUrl {
                    id: Some(call.uri(&format!("/campaigns/{id}/events/clicks/{}", i + 1))),
                    value: Some(link.clone()),
                    clicks: Some(
                        i64::try_from(
                            c.events_in("clicks")
                                .filter(|e| e.kind == crate::store::EventKind::Click(i))
                                .count(),
                        )
                        .unwrap_or(i64::MAX),
                    ),
                })
                .collect(),
        });
    }
    v
}

fn entry(call: &Call<'_>, id: u64, c: &CampaignRec, content: Campaign) -> Entry<Campaign> {
    Entry {
        id: Some(call.uri(&format!("/campaigns/{id}"))),
        title: Some(Text::plain(c.fields.name.clone().unwrap_or_default())),
        updated: Some(c.last_edit.to_string()),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}/campaigns/{id}", call.base_path()),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content,
        source: None,
    }
}

fn full_entry(call: &Call<'_>, store: &Store, id: u64) -> Result<Entry<Campaign>, ApiError> {
    let c = store.campaigns.get(&id).ok_or_else(ApiError::not_found)?;
    let mut e = entry(call, id, c, full(call, id, c));
    let title = format!("Campaigns for customer: {}", call.username());
    let mut head = call.head("campaigns", title, None);
    head.links
        .retain(|l| l.rel.is_none() || l.rel.as_deref() == Some("self"));
    e.source = Some(head);
    Ok(e)
}

/// `GET /campaigns`, optionally `?status=`: summaries by id, 50 a page.
pub(crate) fn list(call: &Call<'_>) -> Result<Response, ApiError> {
    let wanted = match call.query_one("status") {
        None => None,
        Some(raw) => match CampaignStatusFilter::from(raw.to_ascii_uppercase().as_str()) {
            CampaignStatusFilter::Unknown(_) => {
                return Err(ApiError::bad_request(format!(
                    "status: {raw:?} is not DRAFT, RUNNING, SENT or SCHEDULED"
                )));
            }
            known => Some(known.as_str().to_owned()),
        },
    };
    let after = call.page_after()?;
    let mut store = call.store();
    store.send_due_campaigns();
    let start = after.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
    let page: Vec<(u64, Entry<Campaign>)> = store
        .campaigns
        .range((start, std::ops::Bound::Unbounded))
        .filter(|(_, c)| {
            wanted
                .as_deref()
                .is_none_or(|w| c.status.as_str().eq_ignore_ascii_case(w))
        })
        .take(PAGE_SIZE + 1)
        .map(|(id, c)| (*id, entry(call, *id, c, summary(call, *id, c))))
        .collect();
    drop(store);
    let next = (page.len() > PAGE_SIZE)
        .then(|| call.next_href("/campaigns", &paging::encode(page[PAGE_SIZE - 1].0)));
    let title = format!("Campaigns for customer: {}", call.username());
    Ok(respond::feed(&Feed {
        head: call.head("campaigns", title, next),
        entries: page.into_iter().take(PAGE_SIZE).map(|(_, e)| e).collect(),
    }))
}

fn input(mut c: Campaign, kind: WriteKind) -> Result<Campaign, ApiError> {
    // Read-only fields (`Status`, the counts, links, …) are ignored on writes, as the service
    // ignores them: existing libraries send `<Status>draft</Status>` in every create.
    c.clear_read_only();
    c.validate(kind)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(c)
}

/// `POST /campaigns`.
pub(crate) fn create(call: &Call<'_>, payload: Campaign) -> Result<Response, ApiError> {
    let c = input(payload, WriteKind::Create)?;
    let mut store = call.store();
    let id = store.create_campaign(&c)?;
    let e = full_entry(call, &store, id)?;
    drop(store);
    Ok(respond::created(
        &call.location(&format!("/campaigns/{id}")),
        &e,
    ))
}

/// `GET /campaigns/{id}`.
pub(crate) fn get(call: &Call<'_>) -> Result<Response, ApiError> {
    let mut store = call.store();
    store.send_due_campaigns();
    let id = campaign_id(call, &store)?;
    let e = full_entry(call, &store, id)?;
    Ok(respond::entry(&e))
}

/// `PUT /campaigns/{id}`.
pub(crate) fn update(call: &Call<'_>, payload: Campaign) -> Result<Response, ApiError> {
    let id = campaign_id(call, &call.store())?;
    let c = input(payload, WriteKind::Update)?;
    let mut store = call.store();
    store.send_due_campaigns();
    store.update_campaign(id, &c)?;
    Ok(respond::no_content())
}

/// `DELETE /campaigns/{id}`.
pub(crate) fn delete(call: &Call<'_>) -> Result<Response, ApiError> {
    let mut store = call.store();
    store.send_due_campaigns();
    let id = campaign_id(call, &store)?;
    store.delete_campaign(id)?;
    Ok(respond::no_content())
}

fn schedule_entry(call: &Call<'_>, id: u64, at: DateTime) -> Entry<Schedule> {
    let rest = format!("/campaigns/{id}/schedules/1");
    Entry {
        id: Some(call.uri(&rest)),
        title: Some(Text::plain(at.to_string())),
        updated: Some(at.to_string()),
        author: Some(server_author()),
        summary: None,
        links: vec![Link::new(
            format!("{}{rest}", call.base_path()),
            Some("edit"),
        )],
        content_type: Some(ctct_models::CTCT_CONTENT_TYPE.to_owned()),
        content: Schedule {
            id: Some(call.uri(&rest)),
            scheduled_time: Some(at),
        },
        source: None,
    }
}

/// `GET /campaigns/{id}/schedules`: a feed of zero or one schedule.
pub(crate) fn schedules(call: &Call<'_>) -> Result<Response, ApiError> {
    let mut store = call.store();
    store.send_due_campaigns();
    let id = campaign_id(call, &store)?;
    let at = store.campaigns.get(&id).and_then(|c| c.scheduled);
    drop(store);
    let rest = format!("campaigns/{id}/schedules");
    let mut head = call.head(&rest, format!("Schedules for campaign {id}"), None);
    head.id = Some(call.uri(&format!("/{rest}")));
    Ok(respond::feed(&Feed {
        head,
        entries: at
            .map(|t| schedule_entry(call, id, t))
            .into_iter()
            .collect(),
    }))
}

fn scheduled_time(s: Schedule) -> Result<DateTime, ApiError> {
    s.validate(WriteKind::Create)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    s.scheduled_time
        .ok_or_else(|| ApiError::bad_request("ScheduledTime is missing"))
}

/// `POST /campaigns/{id}/schedules`.
pub(crate) fn create_schedule(call: &Call<'_>, payload: Schedule) -> Result<Response, ApiError> {
    let id = campaign_id(call, &call.store())?;
    let at = scheduled_time(payload)?;
    call.store().create_schedule(id, at)?;
    Ok(respond::created(
        &call.location(&format!("/campaigns/{id}/schedules/1")),
        &schedule_entry(call, id, at),
    ))
}

/// `PUT /campaigns/{id}/schedules/1`.
pub(crate) fn update_schedule(call: &Call<'_>, payload: Schedule) -> Result<Response, ApiError> {
    let id = campaign_id(call, &call.store())?;
    let at = scheduled_time(payload)?;
    call.store().update_schedule(id, at)?;
    Ok(respond::no_content())
}

/// `DELETE /campaigns/{id}/schedules/1`.
pub(crate) fn delete_schedule(call: &Call<'_>) -> Result<Response, ApiError> {
    let mut store = call.store();
    let id = campaign_id(call, &store)?;
    store.delete_schedule(id)?;
    Ok(respond::no_content())
}
