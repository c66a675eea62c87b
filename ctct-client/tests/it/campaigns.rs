//! Campaign scheduling and tracking, request by request against the replay transport.
#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::workflows::campaigns::Scheduled;
use ctct_client::workflows::tracking::CampaignEvent;
use ctct_models::DateTime;
use ctct_models::atom::{Feed, Head, Link};
use ctct_models::ids::CampaignId;
use ctct_models::v1::campaigns::{Campaign, CampaignStatus, CampaignUrl, CampaignUrls, Schedule};
use ctct_models::v1::tracking::{ClickEvent, SentEvent};
use futures_util::TryStreamExt as _;
use support::*;

const CID: &str = "1100546096289";
const ATOM: &str = "application/atom+xml";

fn campaign_url() -> String {
    format!("{ACCOUNT}/campaigns/{CID}")
}

fn campaign_uri() -> String {
    format!("http://api.constantcontact.com/ws/customers/joesflowers/campaigns/{CID}")
}

fn campaign_xml(status: CampaignStatus, urls: Vec<CampaignUrl>) -> String {
    entry(
        campaign_uri(),
        format!("/ws/customers/joesflowers/campaigns/{CID}"),
        Campaign {
            id: Some(campaign_uri()),
            name: Some("Spring".into()),
            status: Some(status),
            urls: Some(CampaignUrls { urls }),
            ..Campaign::default()
        },
    )
    .to_xml()
    .unwrap()
}

fn feed<T: ctct_models::atom::AtomPayload>(items: Vec<T>, next: Option<&str>) -> String {
    let mut links = vec![Link::new("", Some("self"))];
    if let Some(n) = next {
        links.push(Link::new(n, Some("next")));
    }
    Feed {
        head: Head {
            id: Some(campaign_uri()),
            links,
            ..Head::default()
        },
        entries: items
            .into_iter()
            .enumerate()
            .map(|(i, c)| entry(format!("{}/e/{i}", campaign_uri()), String::new(), c))
            .collect(),
    }
    .to_xml()
    .unwrap()
}

fn id() -> CampaignId {
    CampaignId::new("joesflowers", CID)
}

fn at() -> DateTime {
    "2030-05-01T09:00:00.000Z".parse().unwrap()
}

/// The schedule entry for [`at`]: Atom boilerplate with constant values (`docs/v1/atom.md#writing-an-entry`), the
/// `Schedule` in the CTCT namespace, UTC time with milliseconds (`docs/v1/campaigns.md#schedules`).
const SCHEDULE_BODY: &str = "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>data:,none</id><title type=\"text\"/><updated>1970-01-01T00:00:00.000Z</updated><author/><content type=\"application/vnd.ctct+xml\"><Schedule xmlns=\"http://ws.constantcontact.com/ns/1.0/\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><ScheduledTime>2030-05-01T09:00:00.000Z</ScheduledTime></Schedule></content></entry>";

#[tokio::test]
async fn scheduling_a_draft_posts_one_schedule_entry() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(campaign_url()),
            Reply::atom(campaign_xml(CampaignStatus::Draft, vec![])),
        )
        .expect(
            Expect::get(format!("{}/schedules", campaign_url())).header("accept", ATOM),
            Reply::atom(feed::<Schedule>(vec![], None)),
        )
        .expect(
            Expect::post(format!("{}/schedules", campaign_url()))
                .header("content-type", ATOM)
                .body(SCHEDULE_BODY),
            Reply::status(201, "")
                .with_header("location", &format!("{}/schedules/1", campaign_uri())),
        );
    let done = client(&replay)
        .schedule_campaign(&id(), at())
        .await
        .unwrap();
    assert_eq!(done, Scheduled::Created);
    replay.assert_done();
}

/// The PUT form: the schedule's own URI in `<id>` and the payload's `id=` (`docs/v1/atom.md#writing-an-entry`).
const SCHEDULE_PUT_BODY: &str = "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289/schedules/1</id><title type=\"text\"/><updated>1970-01-01T00:00:00.000Z</updated><author/><content type=\"application/vnd.ctct+xml\"><Schedule xmlns=\"http://ws.constantcontact.com/ns/1.0/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" id=\"http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289/schedules/1\"><ScheduledTime>2030-05-01T09:00:00.000Z</ScheduledTime></Schedule></content></entry>";

fn schedule_feed() -> String {
    feed(
        vec![Schedule {
            id: Some(format!("{}/schedules/1", campaign_uri())),
            scheduled_time: Some("2030-04-01T09:00:00.000Z".parse().unwrap()),
        }],
        None,
    )
}

#[tokio::test]
async fn a_scheduled_campaign_has_its_schedule_moved_not_duplicated() {
    let replay = ReplayTransport::new();
    replay
        .expect(
            Expect::get(campaign_url()),
            Reply::atom(campaign_xml(CampaignStatus::Scheduled, vec![])),
        )
        .expect(
            Expect::get(format!("{}/schedules", campaign_url())),
            Reply::atom(schedule_feed()),
        )
        .expect(
            Expect::put(format!("{}/schedules/1", campaign_url()))
                .header("content-type", ATOM)
                .body(SCHEDULE_PUT_BODY),
            Reply::status(204, ""),
        );
    let done = client(&replay)
        .schedule_campaign(&id(), at())
        .await
        .unwrap();
    assert_eq!(done, Scheduled::Moved);
    replay.assert_done();
}

#[tokio::test]
async fn a_running_campaign_is_refused_without_a_write() {
    let replay = ReplayTransport::new();
    replay.expect(
        Expect::get(campaign_url()),
        Reply::atom(campaign_xml(CampaignStatus::Running, vec![])),
    );
    let err = client(&replay)
        .schedule_campaign(&id(), at())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "campaign 1100546096289 is Running (being sent) and cannot be scheduled"
    );
    replay.assert_done();
}

#[tokio::test]
async fn a_500_after_the_schedule_was_stored_counts_as_created() {
    let replay = ReplayTransport::new();
    let stored = feed(
        vec![Schedule {
            id: Some(format!("{}/schedules/1", campaign_uri())),
            scheduled_time: Some(at()),
        }],
        None,
    );
    replay
        .expect(
            Expect::get(campaign_url()),
            Reply::atom(campaign_xml(CampaignStatus::Sent, vec![])),
        )
        .expect(
            Expect::get(format!("{}/schedules", campaign_url())),
            Reply::atom(feed::<Schedule>(vec![], None)),
        )
        .expect(
            Expect::post(format!("{}/schedules", campaign_url())).body(SCHEDULE_BODY),
            Reply::status(500, "Error 500"),
        )
        .expect(
            Expect::get(format!("{}/schedules", campaign_url())),
            Reply::atom(stored),
        );
    let done = client(&replay)
        .schedule_campaign(&id(), at())
        .await
        .unwrap();
    assert_eq!(done, Scheduled::Created);
    replay.assert_done();
    assert_eq!(replay.request_count(), 4, "the POST was not repeated");
}

#[tokio::test]
async fn unscheduling_deletes_schedule_one_and_404_means_none() {
    let replay = ReplayTransport::new();
    let url = format!("{}/schedules/1", campaign_url());
    replay
        .expect(
            Expect::delete(&url).no_header("content-type"),
            Reply::status(204, ""),
        )
        .expect(Expect::delete(&url), Reply::status(404, "Not Found"));
    let c = client(&replay);
    assert!(c.unschedule_campaign(&id()).await.unwrap());
    assert!(!c.unschedule_campaign(&id()).await.unwrap());
    replay.assert_done();
}

fn click(email: &str) -> ClickEvent {
    ClickEvent {
        link_url: Some(format!("https://example.com/{email}")),
        ..ClickEvent::default()
    }
}

#[tokio::test]
async fn clicks_are_read_per_link_across_pages_and_tagged_with_their_link() {
    let replay = ReplayTransport::new();
    let url = |n: u32, v: &str, clicks: i64| CampaignUrl {
        id: Some(format!("{}/events/clicks/{n}", campaign_uri())),
        value: Some(v.to_owned()),
        clicks: Some(clicks),
    };
    let events = format!("{}/events", campaign_url());
    replay
        .expect(
            Expect::get(format!("{events}/sends?pageSize=2")).header("accept", ATOM),
            Reply::atom(feed(
                vec![SentEvent::default(), SentEvent::default()],
                Some(&format!(
                    "/ws/customers/joesflowers/campaigns/{CID}/events/sends?next=t2"
                )),
            )),
        )
        .expect(
            Expect::get(format!("{events}/sends?next=t2")),
            Reply::atom(feed(vec![SentEvent::default()], None)),
        )
        .expect(
            Expect::get(format!("{events}/opens?pageSize=2")),
            Reply::atom(feed::<ctct_models::v1::tracking::OpenEvent>(vec![], None)),
        )
        .expect(
            Expect::get(campaign_url()),
            Reply::atom(campaign_xml(
                CampaignStatus::Sent,
                vec![
                    url(1, "https://shop.example/", 3),
                    url(2, "https://about.example/", 1),
                ],
            )),
        )
        .expect(
            Expect::get(format!("{events}/clicks/1?pageSize=2")),
            Reply::atom(feed(vec![click("a"), click("b")], Some("1?next=p2"))),
        )
        .expect(
            Expect::get(format!("{events}/clicks/1?next=p2")),
            Reply::atom(feed(vec![click("c")], None)),
        )
        .expect(
            Expect::get(format!("{events}/clicks/2?pageSize=2")),
            Reply::atom(feed(vec![click("d")], None)),
        );
    for kind in ["bounces", "forwards", "optouts"] {
        replay.expect(
            Expect::get(format!("{events}/{kind}?pageSize=2")),
            Reply::atom(feed::<ctct_models::v1::tracking::ForwardEvent>(
                vec![],
                None,
            )),
        );
    }
    let all: Vec<CampaignEvent> = client(&replay)
        .campaign_events(&id(), Some(2))
        .try_collect()
        .await
        .unwrap();
    replay.assert_done();
    let clicks: Vec<(String, String)> = all
        .iter()
        .filter_map(|e| match e {
            CampaignEvent::Click(c) => Some((
                c.link_id.clone(),
                c.event.link_url.clone().unwrap_or_default(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        clicks,
        vec![
            ("1".into(), "https://example.com/a".into()),
            ("1".into(), "https://example.com/b".into()),
            ("1".into(), "https://example.com/c".into()),
            ("2".into(), "https://example.com/d".into()),
        ]
    );
    assert_eq!(
        all.iter()
            .filter(|e| matches!(e, CampaignEvent::Sent(_)))
            .count(),
        3
    );
    assert_eq!(all.len(), 7);
}

#[tokio::test]
async fn a_page_size_out_of_range_is_refused_before_sending() {
    let replay = ReplayTransport::new();
    let err = client(&replay)
        .campaign_sends(&id(), Some(201))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("pageSize"), "{err}");
    assert!(err.to_string().contains("201"), "{err}");
    assert_eq!(replay.request_count(), 0);
}
