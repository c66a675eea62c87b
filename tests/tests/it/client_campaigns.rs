//! Campaign scheduling and tracking end to end against the sandbox, with faults.

#![allow(clippy::unwrap_used)]

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use ctct_client::workflows::campaigns::Scheduled;
use ctct_client::workflows::tracking::CampaignEvent;
use ctct_models::DateTime;
use ctct_models::ids::{CampaignId, EmailAddressId, ListId};
use ctct_models::v1::campaigns::{
    self as api, Campaign, CampaignEmail, CampaignStatusFilter, EmailAddressRef,
    EmailContentFormat, YesNo,
};
use ctct_models::v1::contacts::{ContactLists, ContactMembership};
use ctct_sandbox::{Effect, FaultRule, FaultSpec};
use futures_util::TryStreamExt as _;
use support::client::*;

fn draft(list: &ListId) -> Campaign {
    let from = CampaignEmail {
        email: Some(EmailAddressRef {
            id: Some(EmailAddressId::new(USER, "1").uri()),
            links: Vec::new(),
        }),
        email_address: Some(format!("{USER}@example.com")),
    };
    Campaign {
        name: Some("API test campaign".into()),
        subject: Some("Tulips are in".into()),
        from_name: Some("Joe's Flowers".into()),
        view_as_webpage: Some(YesNo::No),
        permission_reminder: Some(YesNo::No),
        greeting_string: Some("Greetings!".into()),
        organization_name: Some("Joe's Flowers".into()),
        organization_address1: Some("123 Main St".into()),
        organization_city: Some("Boston".into()),
        organization_state: Some("MA".into()),
        organization_country: Some("us".into()),
        organization_postal_code: Some("02101".into()),
        include_forward_email: Some(YesNo::No),
        include_subscribe_link: Some(YesNo::No),
        email_content_format: Some(EmailContentFormat::Html),
        email_content: Some("<html><body>Tulips</body></html>".into()),
        email_text_content: Some("<Text>Tulips</Text>".into()),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(list.uri()),
                ..ContactMembership::default()
            }],
        }),
        from_email: Some(from.clone()),
        reply_to_email: Some(from),
        ..Campaign::default()
    }
}

fn in_hours(h: i64) -> DateTime {
    let now = DateTime::now_utc().inner();
    let t = now + time_hours(h);
    // Whole seconds: the server keeps milliseconds.
    DateTime::new(t.replace_nanosecond(0).unwrap())
}

fn time_hours(h: i64) -> Duration {
    Duration::from_secs(u64::try_from(h * 3600).unwrap())
}

#[tokio::test]
async fn create_schedule_move_and_unschedule_a_campaign() {
    let env = start(5, 1).await;
    let list = env.client.create_list("Campaign list").await.unwrap();
    let id = env.client.create_campaign(&draft(&list)).await.unwrap();
    let stored = env.client.campaign(&id).await.unwrap();
    assert_eq!(stored.status.unwrap().as_str(), "Draft");
    assert_eq!(stored.name.as_deref(), Some("API test campaign"));

    let err = env
        .client
        .schedule_campaign(&id, DateTime::now_utc())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("less than 15 minutes ahead"),
        "{err}"
    );

    let first = in_hours(1);
    assert_eq!(
        env.client.schedule_campaign(&id, first).await.unwrap(),
        Scheduled::Created
    );
    let second = in_hours(2);
    assert_eq!(
        env.client.schedule_campaign(&id, second).await.unwrap(),
        Scheduled::Moved
    );
    let schedule = env.client.campaign_schedule(&id).await.unwrap().unwrap();
    assert_eq!(schedule.scheduled_time.unwrap().inner(), second.inner());
    let all: Vec<_> = env
        .client
        .items(api::ListSchedules::new(&id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1, "one schedule per campaign");
    assert_eq!(
        env.client
            .campaign(&id)
            .await
            .unwrap()
            .status
            .unwrap()
            .as_str(),
        "Scheduled"
    );
    assert!(env.client.unschedule_campaign(&id).await.unwrap());
    assert!(env.client.campaign_schedule(&id).await.unwrap().is_none());
    assert!(!env.client.unschedule_campaign(&id).await.unwrap());
    assert_eq!(
        env.counts
            .count(&format!("POST /campaigns/{}/schedules", id.tail())),
        1
    );
}

#[tokio::test]
async fn a_failed_schedule_post_is_checked_not_retried_and_leaves_no_duplicate() {
    let env = start(5, 1).await;
    let list = env.client.create_list("Faulty campaign").await.unwrap();
    let id = env.client.create_campaign(&draft(&list)).await.unwrap();
    env.sandbox.set_faults(
        FaultSpec::none().with(
            FaultRule::new(Effect::Status {
                code: 500,
                retry_after: None,
                error_key: None,
            })
            .on_method("POST")
            .on_path("/campaigns/*/schedules")
            .times(1),
        ),
    );
    env.counts.reset();
    let at = in_hours(3);
    let err = env.client.schedule_campaign(&id, at).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    let post = format!("POST /campaigns/{}/schedules", id.tail());
    let get = format!("GET /campaigns/{}/schedules", id.tail());
    assert_eq!(env.counts.count(&post), 1, "POST is not retried");
    // One read before the POST, one after the 500 to see whether it landed.
    assert_eq!(env.counts.count(&get), 2);
    assert!(env.client.campaign_schedule(&id).await.unwrap().is_none());
    // Trying again schedules it once.
    assert_eq!(
        env.client.schedule_campaign(&id, at).await.unwrap(),
        Scheduled::Created
    );
    assert_eq!(env.counts.count(&post), 2);
}

async fn a_sent_campaign(env: &Env) -> (CampaignId, Campaign) {
    let sent: Vec<_> = env
        .client
        .entries(api::ListCampaignsByStatus::new(
            (CampaignStatusFilter::Sent).clone(),
        ))
        .try_collect()
        .await
        .unwrap();
    let entry = sent.first().expect("seeded sent campaigns");
    let id = CampaignId::parse(entry.id.as_deref().unwrap()).unwrap();
    let full = env.client.campaign(&id).await.unwrap();
    (id, full)
}

fn tally(events: &[CampaignEvent]) -> BTreeMap<&'static str, i64> {
    let mut t = BTreeMap::new();
    for e in events {
        let k = match e {
            CampaignEvent::Sent(_) => "sent",
            CampaignEvent::Open(_) => "opens",
            CampaignEvent::Click(_) => "clicks",
            CampaignEvent::Bounce(_) => "bounces",
            CampaignEvent::Forward(_) => "forwards",
            CampaignEvent::OptOut(_) => "optouts",
        };
        *t.entry(k).or_default() += 1;
    }
    t
}

#[tokio::test]
async fn every_tracking_event_of_a_campaign_is_read_including_per_link_clicks() {
    let env = start(300, 2).await;
    let (id, campaign) = a_sent_campaign(&env).await;
    let events: Vec<CampaignEvent> = env
        .client
        .campaign_events(&id, Some(25))
        .try_collect()
        .await
        .unwrap();
    let t = tally(&events);
    // Every link's clicks, tagged with the link, add up to the campaign's per-link counts.
    let urls = campaign.urls.clone().unwrap().urls;
    assert!(urls.len() >= 2);
    for url in &urls {
        let n = events
            .iter()
            .filter(|e| matches!(e, CampaignEvent::Click(c) if c.link == url.value))
            .count() as i64;
        assert_eq!(Some(n), url.clicks, "{:?}", url.value);
    }
    assert_eq!(
        t.get("clicks").copied(),
        Some(urls.iter().filter_map(|u| u.clicks).sum())
    );
    assert_eq!(t.get("sent").copied(), campaign.sent);
    assert_eq!(t.get("bounces").copied(), campaign.bounces);
    assert_eq!(t.get("forwards").copied(), campaign.forwards);
    assert!(t["sent"] > 25, "more than one page of sends");

    // The same read under transient faults gives the same events, with bounded retries.
    env.sandbox.set_faults(
        FaultSpec::none()
            .with(
                FaultRule::new(Effect::Status {
                    code: 503,
                    retry_after: None,
                    error_key: None,
                })
                .on_path("/campaigns/*/events/*")
                .with_rate(0.2)
                .times(4),
            )
            .with(
                FaultRule::new(Effect::Truncate)
                    .on_path("/campaigns/*/events/opens*")
                    .times(1),
            ),
    );
    env.counts.reset();
    let again: Vec<CampaignEvent> = env
        .client
        .campaign_events(&id, Some(25))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(again, events);
    let pages: u32 = env
        .counts
        .all()
        .iter()
        .filter(|(k, _)| k.contains("/events/"))
        .map(|(_, v)| v)
        .sum();
    let clean_pages = events.len().div_ceil(25) as u32;
    assert!(
        pages <= clean_pages + 5 + urls.len() as u32 + 6,
        "{pages} page requests"
    );
}
