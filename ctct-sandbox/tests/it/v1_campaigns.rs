//! Campaigns, schedules and account email addresses in the sandbox over real HTTP: CRUD, the
//! Draft-only rules, scheduling and sending, and the seeded data.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use std::time::Duration;

use ctct_models::DateTime;
use ctct_models::endpoint::Request;
use ctct_models::ids::{CampaignId, EmailAddressId, ListId};
use ctct_models::v1::campaigns::{
    self as camp, Campaign, CampaignEmail, CampaignStatus, EmailAddressRef, Schedule, YesNo,
};
use ctct_models::v1::contacts::{ContactLists, ContactMembership};
use ctct_models::v1::settings::{AccountEmailAddress, EmailAddressStatus};
use support::v1::*;

async fn send<R>(api: &Api, method: &str, req: Request<R>) -> Resp {
    let body = req.body.map(|b| b.as_text().unwrap().to_owned());
    api.call(method, &req.path, body).await
}

fn address(id: &str, email: &str) -> CampaignEmail {
    CampaignEmail {
        email: Some(EmailAddressRef {
            id: Some(EmailAddressId::new(USER, id).uri()),
            links: Vec::new(),
        }),
        email_address: Some(email.into()),
    }
}

fn new_campaign(name: &str) -> Campaign {
    Campaign {
        name: Some(name.into()),
        status: Some(CampaignStatus::Draft),
        subject: Some("Hello".into()),
        from_name: Some("Joe".into()),
        view_as_webpage: Some(YesNo::No),
        permission_reminder: Some(YesNo::No),
        email_content: Some(
            "<html><body><a href=\"https://example.com/x\">x</a></body></html>".into(),
        ),
        email_text_content: Some("<Text>x</Text>".into()),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new(USER, "1").uri()),
                ..ContactMembership::default()
            }],
        }),
        from_email: Some(address("1", "joesflowers@example.com")),
        reply_to_email: Some(address("1", "joesflowers@example.com")),
        ..Campaign::default()
    }
}

fn schedule(at: DateTime) -> Schedule {
    Schedule {
        id: None,
        scheduled_time: Some(at),
    }
}

/// Now plus `ms` (minus, when negative), to the millisecond as the wire carries it.
fn in_ms(ms: i64) -> DateTime {
    let now = DateTime::now_utc().inner();
    let now = now
        .replace_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
        .unwrap();
    let d = Duration::from_millis(ms.unsigned_abs());
    DateTime::new(if ms >= 0 { now + d } else { now - d })
}

async fn campaign(api: &Api, id: &str) -> Campaign {
    api.get(&format!("/campaigns/{id}"))
        .await
        .entry::<Campaign>()
        .content
}

#[tokio::test]
async fn email_addresses_are_seeded_and_read_only() {
    let api = start(0, 0).await;
    let all = api
        .all::<AccountEmailAddress>("/settings/emailaddresses")
        .await;
    let got: Vec<(String, Option<EmailAddressStatus>, bool)> = all
        .iter()
        .map(|e| {
            (
                e.content.email_address.clone().unwrap(),
                e.content.status.clone(),
                e.content.verified_time.is_some(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "joesflowers@example.com".to_owned(),
                Some(EmailAddressStatus::Verified),
                true
            ),
            (
                "marketing@example.com".to_owned(),
                Some(EmailAddressStatus::Pending),
                false
            ),
        ]
    );
    let one = api.get("/settings/emailaddresses/1").await;
    let e = one.entry::<AccountEmailAddress>();
    assert_eq!(e.title.unwrap().value, "joesflowers@example.com");
    assert_eq!(
        e.content.id.as_deref(),
        Some("http://api.constantcontact.com/ws/customers/joesflowers/settings/emailaddresses/1")
    );
    assert_eq!(api.get("/settings/emailaddresses/9").await.status, 404);
    assert_eq!(api.get("/settings/emailaddresses/x").await.status, 404);
    // V1 documents no writes here: the method is refused as the server refuses it.
    let r = api
        .call("POST", "/settings/emailaddresses", Some("<entry/>".into()))
        .await;
    assert_eq!(r.status, 415);
}

#[tokio::test]
async fn campaign_crud_keeps_to_the_draft_rules() {
    let api = start(0, 2).await;
    assert!(api.all::<Campaign>("/campaigns").await.is_empty());
    let r = send(
        &api,
        "POST",
        camp::CreateCampaign::new((new_campaign("Launch")).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let loc = r.header("location").unwrap().to_owned();
    let created = r.entry::<Campaign>();
    let id = tail(created.id.as_deref().unwrap());
    assert!(
        loc.ends_with(&format!("/ws/customers/{USER}/campaigns/{id}")),
        "{loc}"
    );
    assert_eq!(id.len(), 13, "{id}");
    assert_eq!(created.content.status, Some(CampaignStatus::Draft));
    assert_eq!(created.content.sent, Some(0));
    // Same name again: 409; bad references: 400 naming the field; no change.
    let r = send(
        &api,
        "POST",
        camp::CreateCampaign::new((new_campaign("launch")).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let mut bad = new_campaign("Other");
    bad.from_email = Some(address("2", "marketing@example.com"));
    let r = send(
        &api,
        "POST",
        camp::CreateCampaign::new(bad.clone()).to_request().unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.body.contains("FromEmail")),
        (400, true),
        "{}",
        r.body
    );
    bad.from_email = Some(address("7", "nobody@example.com"));
    assert_eq!(
        send(
            &api,
            "POST",
            camp::CreateCampaign::new(bad.clone()).to_request().unwrap()
        )
        .await
        .status,
        400
    );
    let mut bad = new_campaign("Other");
    bad.contact_lists.as_mut().unwrap().lists[0].id = Some(ListId::new(USER, "99").uri());
    let r = send(
        &api,
        "POST",
        camp::CreateCampaign::new(bad.clone()).to_request().unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.body.contains("ContactLists")),
        (400, true),
        "{}",
        r.body
    );
    let r = api
        .raw(
            "POST",
            "/campaigns",
            Some("text/plain"),
            Some("x".into()),
            Some((&format!("{KEY}%{USER}"), PASS)),
        )
        .await;
    assert_eq!(r.status, 415);
    assert_eq!(api.all::<Campaign>("/campaigns").await.len(), 1);
    // Update a draft: present elements replace, absent ones stay, empty content erases.
    let cid = CampaignId::new(USER, id.clone());
    let mut edit = campaign(&api, &id).await;
    edit.subject = Some("Hello again".into());
    edit.from_name = None;
    edit.email_content = Some(String::new());
    assert_eq!(
        send(
            &api,
            "PUT",
            camp::UpdateCampaign::new(&cid, edit.clone())
                .to_request()
                .unwrap()
        )
        .await
        .status,
        204
    );
    let now = campaign(&api, &id).await;
    assert_eq!(now.subject.as_deref(), Some("Hello again"));
    assert_eq!(now.from_name.as_deref(), Some("Joe"));
    assert_eq!(now.email_content.as_deref(), Some(""));
    assert_eq!(
        api.call(
            "PUT",
            "/campaigns/1100000000000",
            Some(
                camp::UpdateCampaign::new(&cid, edit.clone())
                    .to_request()
                    .unwrap()
                    .body
                    .unwrap()
                    .as_text()
                    .unwrap()
                    .to_owned()
            )
        )
        .await
        .status,
        404
    );
    // Filter by status (case-insensitive), and a bad filter is 400.
    let drafts = api.all::<Campaign>("/campaigns?status=draft").await;
    assert_eq!(tails(&drafts), vec![id.clone()]);
    assert!(
        api.all::<Campaign>("/campaigns?status=SENT")
            .await
            .is_empty()
    );
    assert_eq!(api.get("/campaigns?status=LOST").await.status, 400);
    // Schedule it: Scheduled, with NextRunDate; a second schedule is 409; edits are 403.
    let at = in_ms(3_600_000);
    let r = send(
        &api,
        "POST",
        camp::CreateSchedule::new(&cid, (schedule(at)).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(
        r.header("location")
            .unwrap()
            .ends_with(&format!("/campaigns/{id}/schedules/1"))
    );
    assert_eq!(r.entry::<Schedule>().content.scheduled_time, Some(at));
    let c = campaign(&api, &id).await;
    assert_eq!(
        (c.status, c.next_run_date),
        (Some(CampaignStatus::Scheduled), Some(at))
    );
    let r = send(
        &api,
        "POST",
        camp::CreateSchedule::new(&cid, (schedule(at)).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = send(
        &api,
        "PUT",
        camp::UpdateCampaign::new(&cid, edit.clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body.contains("Only a Draft campaign can be updated"),
        "{}",
        r.body
    );
    assert_eq!(
        api.call("DELETE", &format!("/campaigns/{id}"), None)
            .await
            .status,
        403
    );
    let feed = api.get(&format!("/campaigns/{id}/schedules")).await;
    let entries = feed.feed::<Schedule>().entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].content.scheduled_time, Some(at));
    // Move it; a time in the past is 400.
    let later = in_ms(7_200_000);
    let r = send(
        &api,
        "PUT",
        camp::UpdateSchedule::new(&cid, (schedule(later)).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(campaign(&api, &id).await.next_run_date, Some(later));
    let r = send(
        &api,
        "PUT",
        camp::UpdateSchedule::new(&cid, (schedule(in_ms(-60_000))).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.body.contains("ScheduledTime")),
        (400, true),
        "{}",
        r.body
    );
    // Cancel: back to Draft, no schedule, deletable.
    assert_eq!(
        api.call("DELETE", &format!("/campaigns/{id}/schedules/1"), None)
            .await
            .status,
        204
    );
    let c = campaign(&api, &id).await;
    assert_eq!(
        (c.status, c.next_run_date),
        (Some(CampaignStatus::Draft), None)
    );
    assert!(
        api.get(&format!("/campaigns/{id}/schedules"))
            .await
            .feed::<Schedule>()
            .entries
            .is_empty()
    );
    assert_eq!(
        api.call("DELETE", &format!("/campaigns/{id}/schedules/1"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        api.call("DELETE", &format!("/campaigns/{id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(api.get(&format!("/campaigns/{id}")).await.status, 404);
    assert!(api.all::<Campaign>("/campaigns").await.is_empty());
}

#[tokio::test]
async fn a_scheduled_campaign_is_sent_when_its_time_comes() {
    let api = start(10, 2).await;
    let r = send(
        &api,
        "POST",
        camp::CreateCampaign::new((new_campaign("Soon")).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    let id = tail(r.entry::<Campaign>().id.as_deref().unwrap());
    let cid = CampaignId::new(USER, id.clone());
    let at = in_ms(600);
    let r = send(
        &api,
        "POST",
        camp::CreateSchedule::new(&cid, (schedule(at)).clone())
            .to_request()
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    tokio::time::sleep(Duration::from_millis(900)).await;
    let c = campaign(&api, &id).await;
    assert_eq!(c.status, Some(CampaignStatus::Sent));
    assert_eq!((c.last_run_date, c.next_run_date), (Some(at), None));
    // List 1 holds the even-numbered seeded contacts and contacts 3 and 9 (every third
    // contact is also on the next list): 2, 3, 4, 6, 8, 9, 10.
    assert_eq!(c.sent, Some(7));
    let urls = c.urls.unwrap().urls;
    assert_eq!(urls.len(), 1);
    assert_eq!(urls[0].value.as_deref(), Some("https://example.com/x"));
    assert!(
        urls[0]
            .id
            .as_deref()
            .unwrap()
            .ends_with(&format!("/campaigns/{id}/events/clicks/1"))
    );
    // Sent campaigns cannot be edited or deleted; they can be scheduled again.
    assert_eq!(
        api.call("DELETE", &format!("/campaigns/{id}"), None)
            .await
            .status,
        403
    );
    let sent = api.all::<Campaign>("/campaigns?status=SENT").await;
    assert!(tails(&sent).contains(&id));
}

#[tokio::test]
async fn seeded_campaigns_are_sent_with_a_draft() {
    let api = start(120, 3).await;
    let all = api.all::<Campaign>("/campaigns").await;
    let summary: Vec<(String, CampaignStatus)> = all
        .iter()
        .map(|e| {
            (
                e.content.name.clone().unwrap(),
                e.content.status.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Spring Sale".to_owned(), CampaignStatus::Sent),
            ("Summer Newsletter".to_owned(), CampaignStatus::Sent),
            ("Autumn Bouquets".to_owned(), CampaignStatus::Sent),
            ("Winter Preview".to_owned(), CampaignStatus::Draft),
        ]
    );
    // Summaries carry Name, Status and Date only.
    assert!(all[0].content.subject.is_none() && all[0].content.date.is_some());
    let first = campaign(&api, &tail(all[0].id.as_deref().unwrap())).await;
    assert!(first.sent.unwrap() > 20 && first.opens.unwrap() > 0 && first.bounces.unwrap() > 0);
    assert_eq!(first.opt_outs, Some(2));
    assert_eq!(first.urls.unwrap().urls.len(), 2);
    // The same seed gives the same account.
    let again = start(120, 3).await;
    assert_eq!(
        tails(&again.all::<Campaign>("/campaigns").await),
        tails(&all)
    );
}
