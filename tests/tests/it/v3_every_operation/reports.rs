//! Campaign reporting against the sandbox with the real client: a campaign is sent to a list,
//! then every one of the 19 reporting operations is read through `V3Client::send` or its pager,
//! and the reports agree with each other (the summaries and stats count exactly what the
//! tracking pages list). A never-sent activity answers empty reports, an unknown one a 404
//! naming it; a tracking page walked five rows at a time crosses several pages.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use futures_util::TryStreamExt as _;

use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::{
    MemoryTokenStore, OAuthApp, OAuthClient, OAuthEndpoints, OAuthSession,
};
use ctct_client::{Client, Error};
use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, CampaignId};
use ctct_models::v3::contact_lists;
use ctct_models::v3::email_reports::{
    BounceCode, GetEmailBounces, GetEmailCampaignActivityStats, GetEmailCampaignStats,
    GetEmailCampaignSummaries, GetEmailClicks, GetEmailDidNotOpens, GetEmailForwards,
    GetEmailLinkStats, GetEmailOpens, GetEmailOptouts, GetEmailSends, GetEmailUniqueOpens,
    GetSmsCampaignSummaries,
};
use ctct_models::v3::emails::{
    CampaignActivityRole, CreateEmailCampaign, EmailCampaignActivityInput,
    EmailCampaignActivityPutRequest, EmailCampaignComplete, EmailScheduleInput,
    PutEmailCampaignActivity, ScheduleEmailCampaignActivity,
};
use ctct_models::v3::landing_page_reports::{
    GetLandingPageContactOpens, GetLandingPageUniqueContactAdds, GetLandingPageUniqueContactClicks,
    GetLandingPageUniqueContactOpens, GetLandingPageUniqueContactSmsOptins,
    GetLandingPageUniqueContactUpdates,
};
use ctct_sandbox::V3Config;
use ctct_sandbox::oauth::DEFAULT_CLIENT_ID;

use crate::support::v3_client::{client, instant, login, sandbox};

const SENDER: &str = "owner@joesflowers.example";

/// Generated contacts on the first list, besides its two seeded ones.
const GENERATED: usize = 20;

/// The error is `status` and its message names `needle`.
#[track_caller]
fn refused(e: &Error, status: u16, needle: &str) {
    assert_eq!(e.status(), Some(status), "{e}");
    let message = e.api().map(|a| a.message()).unwrap_or_default();
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
}

async fn start() -> (ctct_sandbox::Sandbox, V3Client) {
    let sb = sandbox(V3Config {
        seed_contacts: GENERATED,
        ..instant()
    })
    .await;
    let app = OAuthApp::public(DEFAULT_CLIENT_ID)
        .redirect_uri("http://127.0.0.1:8123/callback")
        .scopes(["contact_data", "campaign_data", "offline_access"])
        .endpoints(OAuthEndpoints::at(&sb.base_url()));
    let oauth = OAuthClient::with_http(app, Client::builder().build().unwrap());
    let tokens = login(&oauth).await;
    let session = Arc::new(OAuthSession::new(
        oauth,
        Arc::new(MemoryTokenStore::with(tokens)),
    ));
    let c = client(&sb, session);
    (sb, c)
}

/// A campaign whose primary email goes to the first list; not sent.
async fn campaign(c: &V3Client, name: &str) -> (CampaignId, CampaignActivityId) {
    let activity = EmailCampaignActivityInput::new(
        5,
        "Joe's Flowers".into(),
        SENDER.into(),
        SENDER.into(),
        "Spring is here".into(),
        "<html><body>[[trackingImage]]<p>Spring</p></body></html>".into(),
    );
    let created = c
        .send(CreateEmailCampaign::new(EmailCampaignComplete::new(
            name.into(),
            vec![activity],
        )))
        .await
        .unwrap();
    let primary = created
        .campaign_activities
        .iter()
        .flatten()
        .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
        .and_then(|a| a.campaign_activity_id.clone())
        .unwrap();
    let lists = c.send(contact_lists::GetLists::new()).await.unwrap();
    let list = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let mut body = EmailCampaignActivityPutRequest::new(
        SENDER.into(),
        "Joe's Flowers".into(),
        SENDER.into(),
        "Spring is here".into(),
    );
    body.contact_list_ids = vec![list];
    c.send(PutEmailCampaignActivity::new(&primary, body))
        .await
        .unwrap();
    (created.campaign_id.unwrap(), primary)
}

/// Sends `activity` now (a schedule date that has passed).
async fn send_now(c: &V3Client, activity: &CampaignActivityId) {
    let past: DateTime = "2020-01-01T00:00:00Z".parse().unwrap();
    c.send(ScheduleEmailCampaignActivity::new(
        activity,
        EmailScheduleInput::new(past),
    ))
    .await
    .unwrap();
}

fn n(v: usize) -> Option<i64> {
    Some(v as i64)
}

#[tokio::test]
async fn a_sent_campaign_reports_the_same_counts_everywhere() {
    let (_sb, c) = start().await;
    let (campaign_id, primary) = campaign(&c, "Spring").await;

    // Never sent: empty reports.
    let sends = c.send(GetEmailSends::new(&primary)).await.unwrap();
    assert_eq!(sends.tracking_activities, Some(Vec::new()));
    assert_eq!(sends.links, None);
    let links = c
        .send(GetEmailLinkStats::new(&primary).no_clicks(true))
        .await
        .unwrap();
    assert_eq!(links.link_click_counts, Some(Vec::new()));
    let none = c.send(GetEmailCampaignSummaries::new()).await.unwrap();
    assert_eq!(none.bulk_email_campaign_summaries, Some(Vec::new()));

    send_now(&c, &primary).await;
    let recipients = 2 + GENERATED;

    let sends: Vec<_> = c
        .items(GetEmailSends::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let opens: Vec<_> = c
        .items(GetEmailOpens::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let unique: Vec<_> = c
        .items(GetEmailUniqueOpens::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let unopened: Vec<_> = c
        .items(GetEmailDidNotOpens::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let clicks: Vec<_> = c
        .items(GetEmailClicks::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let forwards: Vec<_> = c
        .items(GetEmailForwards::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let optouts: Vec<_> = c
        .items(GetEmailOptouts::new(&primary))
        .try_collect()
        .await
        .unwrap();
    let bounces: Vec<_> = c
        .items(GetEmailBounces::new(&primary))
        .try_collect()
        .await
        .unwrap();

    // The recipients are the list's active contacts; events are seeded by position
    // (docs/v3/reporting.md): 3 bounces, 9 openers (5 twice), 5 clicks, 3 forwards, 3 opt-outs.
    assert_eq!(sends.len(), recipients);
    assert!(
        sends
            .iter()
            .all(|s| s.campaign_activity_id.as_ref() == Some(&primary))
    );
    assert_eq!(sends[0].email_address.as_deref(), Some("ada@example.com"));
    assert_eq!(bounces.len(), 3);
    assert_eq!(unique.len(), 9);
    assert_eq!(opens.len(), 14);
    assert_eq!(clicks.len(), 5);
    assert_eq!(forwards.len(), 3);
    assert_eq!(optouts.len(), 3);
    // Did-not-opens are the sends minus the openers, contact for contact.
    assert_eq!(unopened.len(), sends.len() - unique.len());
    for u in &unopened {
        assert!(
            !unique.iter().any(|o| o.contact_id == u.contact_id),
            "{u:?}"
        );
        assert!(sends.iter().any(|s| s.contact_id == u.contact_id), "{u:?}");
    }
    // Clicks and forwards come from openers; nobody who bounced opened.
    for k in &clicks {
        assert!(unique.iter().any(|o| o.contact_id == k.contact_id), "{k:?}");
    }
    for b in &bounces {
        assert!(
            !unique.iter().any(|o| o.contact_id == b.contact_id),
            "{b:?}"
        );
    }

    // Link stats match the clicks, link by link.
    let links = c
        .send(GetEmailLinkStats::new(&primary))
        .await
        .unwrap()
        .link_click_counts
        .unwrap();
    assert_eq!(
        links.iter().map(|l| l.unique_clicks.unwrap()).sum::<i64>(),
        clicks.len() as i64
    );
    for l in &links {
        let url = l.url_id.clone().unwrap();
        let only: Vec<_> = c
            .items(GetEmailClicks::new(&primary).url_id(url.parse().unwrap()))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(only.len() as i64, l.unique_clicks.unwrap(), "{url}");
        assert!(
            only.iter()
                .all(|k| k.url_id.as_deref() == Some(url.as_str()))
        );
    }

    // Bounces by code add up, and the filter keeps only the codes asked for.
    let first_code = bounces[0].bounce_code.clone().unwrap();
    let some: Vec<_> = c
        .items(GetEmailBounces::new(&primary).bounce_code([first_code.clone()]))
        .try_collect()
        .await
        .unwrap();
    assert!(!some.is_empty());
    assert!(
        some.iter()
            .all(|b| b.bounce_code.as_ref() == Some(&first_code))
    );

    // The activity stats count exactly the pages.
    let stats = c
        .send(
            GetEmailCampaignActivityStats::for_activities(std::slice::from_ref(&primary)).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(stats.errors, Some(Vec::new()));
    let s = stats.results.unwrap()[0].stats.clone().unwrap();
    assert_eq!(s.em_sends, n(sends.len()));
    assert_eq!(s.em_opens, n(unique.len()));
    assert_eq!(s.em_opens_all, n(opens.len()));
    assert_eq!(s.em_clicks, n(clicks.len()));
    assert_eq!(s.em_forwards, n(forwards.len()));
    assert_eq!(s.em_optouts, n(optouts.len()));
    assert_eq!(s.em_bounces, n(bounces.len()));
    assert_eq!(s.em_not_opened, n(unopened.len()));
    let by_code = [
        s.em_bounces_nonexistent_address,
        s.em_bounces_undeliverable,
        s.em_bounces_mailbox_full,
        s.em_bounces_suspended,
        s.em_bounces_vacation,
        s.em_bounces_other,
        s.em_bounces_blocked,
    ];
    assert_eq!(by_code.iter().flatten().sum::<i64>(), bounces.len() as i64);
    let b_count = bounces
        .iter()
        .filter(|b| b.bounce_code == Some(BounceCode::B))
        .count();
    assert_eq!(s.em_bounces_nonexistent_address, n(b_count));

    // So do the campaign stats and the summary.
    let unknown = CampaignId::from("00000000-0000-0000-0000-000000000000");
    let stats = c
        .send(
            GetEmailCampaignStats::for_campaigns(&[campaign_id.clone(), unknown.clone()]).unwrap(),
        )
        .await
        .unwrap();
    let errors = stats.errors.unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .error_message
            .as_deref()
            .unwrap()
            .contains(unknown.as_str())
    );
    let result = &stats.results.unwrap()[0];
    assert_eq!(result.campaign_id.as_ref(), Some(&campaign_id));
    let cs = result.stats.clone().unwrap();
    assert_eq!(cs.em_sends, n(sends.len()));
    assert_eq!(cs.em_opens, n(unique.len()));
    assert_eq!(cs.em_clicks, n(clicks.len()));
    assert_eq!(cs.em_bounces, n(bounces.len()));
    let p = result.percents.clone().unwrap();
    assert_eq!(p.bounce, Some(13.6)); // 3 of 22
    assert_eq!(p.open, Some(47.4)); // 9 of 19 delivered

    let summaries = c.send(GetEmailCampaignSummaries::new()).await.unwrap();
    let summary = &summaries.bulk_email_campaign_summaries.unwrap()[0];
    assert_eq!(summary.campaign_id.as_ref(), Some(&campaign_id));
    assert!(summary.last_sent_date.is_some());
    let u = summary.unique_counts.clone().unwrap();
    assert_eq!(
        (
            u.sends,
            u.opens,
            u.clicks,
            u.forwards,
            u.optouts,
            u.bounces,
            u.not_opened
        ),
        (
            n(sends.len()),
            n(unique.len()),
            n(clicks.len()),
            n(forwards.len()),
            n(optouts.len()),
            n(bounces.len()),
            n(unopened.len())
        )
    );
    assert_eq!(summaries.aggregate_percents.unwrap().bounce, Some(13.6));

    // SMS: no campaigns, an empty page; an end before the start is refused.
    let from: DateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let sms = c.send(GetSmsCampaignSummaries::new(from)).await.unwrap();
    assert_eq!(sms.bulk_sms_campaign_summaries, Some(Vec::new()));
    let e = c
        .send(GetSmsCampaignSummaries::new(from).end_at("2025-01-01T00:00:00Z".parse().unwrap()))
        .await
        .unwrap_err();
    refused(&e, 400, "end_at");

    // Landing pages: none in the sandbox, so an email activity answers empty pages.
    macro_rules! empty {
        ($($op:ident),*) => {$(
            let page = c.send($op::new(&primary).contacts_filter("Jo")).await.unwrap();
            assert_eq!(page.tracking_activities, Some(Vec::new()), stringify!($op));
        )*};
    }
    empty!(
        GetLandingPageUniqueContactClicks,
        GetLandingPageUniqueContactOpens,
        GetLandingPageContactOpens,
        GetLandingPageUniqueContactUpdates,
        GetLandingPageUniqueContactAdds,
        GetLandingPageUniqueContactSmsOptins
    );
}

#[tokio::test]
async fn a_tracking_report_pages_through_its_cursor() {
    let (_sb, c) = start().await;
    let (_, primary) = campaign(&c, "Paged").await;
    send_now(&c, &primary).await;
    let pages: Vec<_> = c
        .pages(GetEmailSends::new(&primary).limit(5))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), (2 + GENERATED).div_ceil(5));
    let items: Vec<_> = c
        .items(GetEmailSends::new(&primary).limit(5))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2 + GENERATED);
    let flat: Vec<_> = pages
        .into_iter()
        .flat_map(|p| p.tracking_activities.unwrap())
        .collect();
    assert_eq!(flat, items);
    let mut ids: Vec<_> = items.iter().map(|i| i.contact_id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), items.len(), "no contact twice");
}

#[tokio::test]
async fn unknown_activities_are_refused() {
    let (_sb, c) = start().await;
    let (_, primary) = campaign(&c, "Refusals").await;
    let nobody = CampaignActivityId::from("11111111-2222-3333-4444-555555555555");
    let e = c.send(GetEmailOpens::new(&nobody)).await.unwrap_err();
    refused(&e, 404, nobody.as_str());
    let e = c.send(GetEmailLinkStats::new(&nobody)).await.unwrap_err();
    refused(&e, 404, nobody.as_str());
    let e = c
        .send(GetLandingPageUniqueContactAdds::new(&nobody))
        .await
        .unwrap_err();
    refused(&e, 404, nobody.as_str());
    // A never-sent activity is known: empty, not a 404.
    let page = c.send(GetEmailBounces::new(&primary)).await.unwrap();
    assert_eq!(page.tracking_activities, Some(Vec::new()));
}
