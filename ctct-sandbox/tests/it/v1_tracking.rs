//! Tracking in the sandbox over real HTTP: the event service documents, campaign and contact
//! event feeds on the seeded campaigns, `pageSize`, per-link clicks, bounce codes.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use std::collections::BTreeSet;

use ctct_models::atom::AtomPayload;
use ctct_models::service::ServiceDocument;
use ctct_models::v1::campaigns::Campaign;
use ctct_models::v1::tracking::{
    BounceCode, BounceEvent, ClickEvent, ForwardEvent, OpenEvent, OptoutEvent, SentEvent,
};
use support::v1::*;

async fn first_sent(api: &Api) -> (String, Campaign) {
    let all = api.all::<Campaign>("/campaigns?status=SENT").await;
    let id = tail(all[0].id.as_deref().unwrap());
    let c = api
        .get(&format!("/campaigns/{id}"))
        .await
        .entry::<Campaign>()
        .content;
    (id, c)
}

/// Pages through `rest` with `pageSize=size`, checking every page's size and its next link.
async fn paged<T: AtomPayload>(api: &Api, rest: &str, size: usize) -> Vec<T> {
    let mut out = Vec::new();
    let mut url = format!("{rest}?pageSize={size}");
    for _ in 0..1000 {
        let feed = api.get(&url).await.feed::<T>();
        let next = feed.next_href().map(str::to_owned);
        let n = feed.entries.len();
        out.extend(feed.entries.into_iter().map(|e| e.content));
        match next {
            Some(n_href) => {
                assert_eq!(n, size);
                assert!(n_href.contains(&format!("pageSize={size}")), "{n_href}");
                url = n_href;
            }
            None => {
                assert!(n <= size);
                return out;
            }
        }
    }
    panic!("paging did not end")
}

#[tokio::test]
async fn event_service_documents_list_every_collection() {
    let api = start(120, 3).await;
    let (id, _) = first_sent(&api).await;
    let r = api.get(&format!("/campaigns/{id}/events/")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/atomsvc+xml"));
    let doc = ServiceDocument::from_xml(&r.body).unwrap();
    assert_eq!(
        doc.workspaces[0].title.as_deref(),
        Some("Constant Contact Web Services Event Workspace")
    );
    for seg in ["sends", "opens", "clicks", "bounces", "forwards", "optouts"] {
        let c = doc.collection(seg).unwrap();
        assert_eq!(
            c.href,
            format!("/ws/customers/{USER}/campaigns/{id}/events/{seg}")
        );
        assert_eq!(c.accept, ["application/atom+xml; type=entry"]);
    }
    let r = api.get("/contacts/50/events/").await;
    let doc = ServiceDocument::from_xml(&r.body).unwrap();
    assert_eq!(
        doc.collection("optouts").unwrap().href,
        format!("/ws/customers/{USER}/contacts/50/events/optouts")
    );
    // The trailing slash is required; unknown campaigns and contacts are 404.
    assert_eq!(
        api.get(&format!("/campaigns/{id}/events")).await.status,
        404
    );
    assert_eq!(api.get("/campaigns/1/events/").await.status, 404);
    assert_eq!(api.get("/contacts/9999/events/").await.status, 404);
}

#[tokio::test]
async fn campaign_feeds_match_the_campaign_counts_and_page_by_page_size() {
    let api = start(120, 3).await;
    let (id, c) = first_sent(&api).await;
    let base = format!("/campaigns/{id}/events");
    let sends: Vec<SentEvent> = paged(&api, &format!("{base}/sends"), 7).await;
    assert_eq!(i64::try_from(sends.len()).unwrap(), c.sent.unwrap());
    let ids: BTreeSet<String> = sends.iter().map(|e| e.id.clone().unwrap()).collect();
    assert_eq!(ids.len(), sends.len(), "no event twice");
    // Each event names its contact and campaign; the address is the contact's.
    let s = &sends[0];
    let contact = s.contact.as_ref().unwrap();
    let cid = tail(contact.id.as_deref().unwrap());
    assert_eq!(
        contact.email_address.as_deref(),
        api.contact(&cid).await.email_address.as_deref()
    );
    assert_eq!(
        s.campaign.as_ref().unwrap().id.as_deref().map(tail),
        Some(id.clone())
    );
    let opens: Vec<OpenEvent> = paged(&api, &format!("{base}/opens"), 200).await;
    assert_eq!(i64::try_from(opens.len()).unwrap(), c.opens.unwrap());
    let forwards: Vec<ForwardEvent> = paged(&api, &format!("{base}/forwards"), 50).await;
    assert_eq!(i64::try_from(forwards.len()).unwrap(), c.forwards.unwrap());
    let bounces: Vec<BounceEvent> = paged(&api, &format!("{base}/bounces"), 1).await;
    assert_eq!(i64::try_from(bounces.len()).unwrap(), c.bounces.unwrap());
    assert_eq!(bounces[0].code, Some(BounceCode::B));
    assert_eq!(
        bounces[0].description.as_deref(),
        Some("Non-existent address")
    );
    assert_eq!(bounces[1].code, Some(BounceCode::D));
    let optouts: Vec<OptoutEvent> = paged(&api, &format!("{base}/optouts"), 50).await;
    let who: Vec<&str> = optouts
        .iter()
        .map(|e| {
            e.contact
                .as_ref()
                .unwrap()
                .email_address
                .as_deref()
                .unwrap()
        })
        .collect();
    assert_eq!(
        who,
        ["contact00050@example.com", "contact00100@example.com"]
    );
    // pageSize outside 1..=200 is 400, naming the parameter and the value.
    for bad in ["0", "201", "ten"] {
        let r = api.get(&format!("{base}/sends?pageSize={bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(
            r.body.contains(&format!("pageSize: \"{bad}\"")),
            "{}",
            r.body
        );
    }
    assert_eq!(
        api.get("/campaigns/1100000000000/events/sends")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn clicks_are_read_per_link() {
    let api = start(120, 3).await;
    let (id, c) = first_sent(&api).await;
    let urls = c.urls.unwrap().urls;
    assert_eq!(urls.len(), 2);
    let all: Vec<ClickEvent> = paged(&api, &format!("/campaigns/{id}/events/clicks"), 50).await;
    let mut total = 0;
    for u in &urls {
        // The Url id is the click feed of that link.
        let feed_path = u.id.as_deref().unwrap().split_once("/ws/").unwrap().1;
        let clicks: Vec<ClickEvent> = paged(&api, &format!("/ws/{feed_path}"), 5).await;
        assert_eq!(i64::try_from(clicks.len()).unwrap(), u.clicks.unwrap());
        assert!(!clicks.is_empty());
        assert!(clicks.iter().all(|e| e.link_url == u.value));
        total += clicks.len();
    }
    assert_eq!(total, all.len());
    assert_eq!(
        api.get(&format!("/campaigns/{id}/events/clicks/3"))
            .await
            .status,
        404
    );
    assert_eq!(
        api.get(&format!("/campaigns/{id}/events/clicks/0"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn contact_feeds_cover_every_campaign() {
    let api = start(120, 3).await;
    // contact00050 is Do Not Mail: each sent campaign reached it and it opted out of each.
    let feed = api
        .get("/contacts/50/events/optouts")
        .await
        .feed::<OptoutEvent>();
    let names: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.content.campaign.as_ref().unwrap().name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Spring Sale", "Summer Newsletter", "Autumn Bouquets"]
    );
    let sends = api
        .get("/contacts/50/events/sends")
        .await
        .feed::<SentEvent>();
    assert_eq!(sends.entries.len(), 3);
    assert!(
        api.get("/contacts/50/events/clicks")
            .await
            .feed::<ClickEvent>()
            .entries
            .is_empty()
    );
    assert_eq!(api.get("/contacts/9999/events/sends").await.status, 404);
}
