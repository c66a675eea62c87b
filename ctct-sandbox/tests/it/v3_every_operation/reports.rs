//! Campaign reporting over HTTP (Email Reporting, SMS Reporting, Landing Pages Reporting): a
//! campaign is sent to the first list (two seeded and eight generated contacts), then all 19
//! operations are called and every count of the summaries and stats is checked against the
//! rows of the tracking pages. The refusals: an unknown activity is a 404 naming it, a `limit`,
//! `bounce_code`, `url_id` or id list out of range a 400 naming it, and the SMS summaries need
//! `start_at`.

use ctct_models::DateTime;
use ctct_models::endpoint::EndpointSpec;
use ctct_models::v3::common::{CampaignActivityId, CampaignId};
use ctct_models::v3::email_reports::{
    self, BounceCode, GetEmailBounces, GetEmailCampaignActivityStats, GetEmailCampaignStats,
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
    self, GetLandingPageContactOpens, GetLandingPageUniqueContactAdds,
    GetLandingPageUniqueContactClicks, GetLandingPageUniqueContactOpens,
    GetLandingPageUniqueContactSmsOptins, GetLandingPageUniqueContactUpdates,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &email_reports::GET_EMAIL_LINK_STATS,
    &email_reports::GET_EMAIL_SENDS,
    &email_reports::GET_EMAIL_OPENS,
    &email_reports::GET_EMAIL_UNIQUE_OPENS,
    &email_reports::GET_EMAIL_DID_NOT_OPENS,
    &email_reports::GET_EMAIL_CLICKS,
    &email_reports::GET_EMAIL_FORWARDS,
    &email_reports::GET_EMAIL_OPTOUTS,
    &email_reports::GET_EMAIL_BOUNCES,
    &email_reports::GET_EMAIL_CAMPAIGN_SUMMARIES,
    &email_reports::GET_EMAIL_CAMPAIGN_STATS,
    &email_reports::GET_EMAIL_CAMPAIGN_ACTIVITY_STATS,
    &email_reports::GET_SMS_CAMPAIGN_SUMMARIES,
    &landing_page_reports::GET_LANDING_PAGE_UNIQUE_CONTACT_CLICKS,
    &landing_page_reports::GET_LANDING_PAGE_UNIQUE_CONTACT_OPENS,
    &landing_page_reports::GET_LANDING_PAGE_CONTACT_OPENS,
    &landing_page_reports::GET_LANDING_PAGE_UNIQUE_CONTACT_UPDATES,
    &landing_page_reports::GET_LANDING_PAGE_UNIQUE_CONTACT_ADDS,
    &landing_page_reports::GET_LANDING_PAGE_UNIQUE_CONTACT_SMS_OPTINS,
];

const SENDER: &str = "owner@joesflowers.example";

/// Contacts the campaign reaches: the two seeded on the first list and eight generated.
const RECIPIENTS: usize = 10;

fn rows<T>(v: Option<Vec<T>>) -> Vec<T> {
    v.unwrap()
}

fn n(v: usize) -> Option<i64> {
    Some(v as i64)
}

/// A campaign sent to the first list; its id and its primary email's.
async fn sent_campaign(ops: &Ops) -> (CampaignId, CampaignActivityId) {
    let list = ops.list_ids().await.remove(0);
    let created = ops
        .ok(
            CreateEmailCampaign::new(EmailCampaignComplete::new(
                "Report me".into(),
                vec![EmailCampaignActivityInput::new(
                    5,
                    "Joe".into(),
                    SENDER.into(),
                    SENDER.into(),
                    "Hello".into(),
                    "<p>[[trackingImage]]Hello</p>".into(),
                )],
            )),
            200,
        )
        .await;
    let primary = created
        .campaign_activities
        .iter()
        .flatten()
        .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
        .and_then(|a| a.campaign_activity_id.clone())
        .unwrap();
    let mut body = EmailCampaignActivityPutRequest::new(
        SENDER.into(),
        "Joe".into(),
        SENDER.into(),
        "Hello".into(),
    );
    body.contact_list_ids = vec![list];
    ops.ok(PutEmailCampaignActivity::new(&primary, body), 200)
        .await;
    (created.campaign_id.unwrap(), primary)
}

#[tokio::test]
async fn campaign_reporting() {
    let ops = Ops::start_with_contacts(RECIPIENTS - 2).await;
    let (campaign, primary) = sent_campaign(&ops).await;
    let before = ops.ok(GetEmailSends::new(&primary), 200).await;
    assert_eq!(before.tracking_activities, Some(vec![]));

    let past: DateTime = "2020-01-01T00:00:00Z".parse().unwrap();
    ops.ok(
        ScheduleEmailCampaignActivity::new(&primary, EmailScheduleInput::new(past)),
        201,
    )
    .await;

    let sends = rows(
        ops.ok(GetEmailSends::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let opens = rows(
        ops.ok(GetEmailOpens::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let unique = rows(
        ops.ok(GetEmailUniqueOpens::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let unopened = rows(
        ops.ok(GetEmailDidNotOpens::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let clicks = rows(
        ops.ok(GetEmailClicks::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let forwards = rows(
        ops.ok(GetEmailForwards::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let optouts = rows(
        ops.ok(GetEmailOptouts::new(&primary), 200)
            .await
            .tracking_activities,
    );
    let bounces = rows(
        ops.ok(GetEmailBounces::new(&primary), 200)
            .await
            .tracking_activities,
    );

    // Positions 0–9: 6 bounces (B); 0, 2, 4, 8 open, 0, 4 and 8 twice and click; 0
    // forwards; 3 and 8 opt out.
    assert_eq!(sends.len(), RECIPIENTS);
    assert_eq!(bounces.len(), 1);
    assert_eq!(bounces[0].bounce_code, Some(BounceCode::B));
    assert_eq!(unique.len(), 4);
    assert_eq!(opens.len(), 7);
    assert_eq!(clicks.len(), 3);
    assert_eq!(forwards.len(), 1);
    assert_eq!(optouts.len(), 2);
    assert_eq!(unopened.len(), RECIPIENTS - unique.len());
    assert!(
        sends
            .iter()
            .all(|s| s.tracking_activity_type.as_deref() == Some("em_sends"))
    );

    let links = ops
        .ok(GetEmailLinkStats::new(&primary).no_clicks(true), 200)
        .await
        .link_click_counts
        .unwrap();
    assert_eq!(links.len(), 2);
    let first = links[0].url_id.clone().unwrap();
    let only = rows(
        ops.ok(
            GetEmailClicks::new(&primary).url_id(first.parse().unwrap()),
            200,
        )
        .await
        .tracking_activities,
    );
    assert_eq!(n(only.len()), links[0].unique_clicks);
    assert_eq!(
        links.iter().map(|l| l.unique_clicks.unwrap()).sum::<i64>(),
        clicks.len() as i64
    );
    let clicked = ops
        .ok(GetEmailLinkStats::new(&primary), 200)
        .await
        .link_click_counts
        .unwrap();
    assert!(clicked.iter().all(|l| l.unique_clicks > Some(0)));

    let summaries = ops
        .ok(GetEmailCampaignSummaries::new().limit(10), 200)
        .await;
    let s = &summaries.bulk_email_campaign_summaries.unwrap()[0];
    assert_eq!(s.campaign_id.as_ref(), Some(&campaign));
    let u = s.unique_counts.clone().unwrap();
    assert_eq!(u.sends, n(sends.len()));
    assert_eq!(u.opens, n(unique.len()));
    assert_eq!(u.clicks, n(clicks.len()));
    assert_eq!(u.forwards, n(forwards.len()));
    assert_eq!(u.optouts, n(optouts.len()));
    assert_eq!(u.bounces, n(bounces.len()));
    assert_eq!(u.not_opened, n(unopened.len()));

    let stats = ops
        .ok(
            GetEmailCampaignStats::for_campaigns(std::slice::from_ref(&campaign)).unwrap(),
            200,
        )
        .await;
    let cs = stats.results.unwrap()[0].stats.clone().unwrap();
    assert_eq!(cs.em_sends, n(sends.len()));
    assert_eq!(cs.em_opens_all, n(opens.len()));
    assert_eq!(cs.em_not_opened, n(unopened.len()));

    let stats = ops
        .ok(
            GetEmailCampaignActivityStats::for_activities(std::slice::from_ref(&primary)).unwrap(),
            200,
        )
        .await;
    let a = stats.results.unwrap()[0].stats.clone().unwrap();
    assert_eq!(a.em_clicks, n(clicks.len()));
    assert_eq!(a.em_bounces_nonexistent_address, n(1));

    let from: DateTime = "2026-01-01T00:00:00Z".parse().unwrap();
    let sms = ops.ok(GetSmsCampaignSummaries::new(from), 200).await;
    assert_eq!(sms.bulk_sms_campaign_summaries, Some(vec![]));

    macro_rules! empty {
        ($($op:ident),*) => {$(
            let page = ops.ok($op::new(&primary).limit(10), 200).await;
            assert_eq!(page.tracking_activities, Some(vec![]), stringify!($op));
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
    ops.covered(OPS);
}

#[tokio::test]
async fn campaign_reporting_refusals() {
    let ops = Ops::start().await;
    let (_, primary) = sent_campaign(&ops).await;
    let nobody = "11111111-2222-3333-4444-555555555555";
    for path in [
        format!("/reports/email_reports/{nobody}/links"),
        format!("/reports/email_reports/{nobody}/tracking/sends"),
        format!("/reports/landing_pages/campaign_details/{nobody}/p_contact_opens"),
    ] {
        let e = ops.api.get(&path).await.error(404);
        assert!(e.message().contains(nobody), "{path}: {e:?}");
    }
    for (path, needle) in [
        (format!("/reports/email_reports/{primary}/tracking/opens?limit=0"), "0"),
        (format!("/reports/email_reports/{primary}/tracking/opens?limit=501"), "501"),
        (format!("/reports/email_reports/{primary}/tracking/bounces?bounce_code=Q"), "Q"),
        (format!("/reports/email_reports/{primary}/tracking/clicks?url_id=abc"), "url_id"),
        ("/reports/summary_reports/sms_campaign_summaries".to_owned(), "start_at"),
        ("/reports/summary_reports/sms_campaign_summaries?start_at=soon".to_owned(), "start_at"),
        (
            "/reports/summary_reports/sms_campaign_summaries?start_at=2026-02-01T00:00:00Z&end_at=2026-01-01T00:00:00Z".to_owned(),
            "end_at",
        ),
        (
            format!(
                "/reports/stats/email_campaign_activities/{}",
                [primary.as_str(); 11].join(",")
            ),
            "campaign_activity_ids",
        ),
        ("/reports/stats/email_campaigns/a,,b".to_owned(), "campaign_ids"),
    ] {
        let r = ops.api.get(&path).await;
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        let e = r.error(400);
        assert!(e.message().contains(needle), "{path}: {needle:?} not in {e:?}");
    }
}
