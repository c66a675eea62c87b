//! Email campaigns over HTTP (Email Campaigns, Email Campaigns AB Tests, Email Scheduling):
//! a campaign's life from create to removed, its primary email updated, scheduled,
//! unscheduled, sent at once and test-sent, its preview, send history, resend to non-openers
//! and A/B test, with the state read back after each change. A PUT that carries the
//! read-only properties of a GET answer (as a client that sends the activity back does) is
//! accepted.

use ctct_models::DateTime;
use ctct_models::endpoint::{EndpointSpec, NoContent};
use ctct_models::v3::emails::{
    self, ABTestDataInput, CampaignActivityInclude, CampaignActivityRole, CampaignActivityStatus,
    CampaignStatus, CreateEmailAbTest, CreateEmailCampaign, CreateResendToNonOpeners,
    DeleteEmailAbTest, DeleteEmailCampaign, DeleteResendToNonOpeners, EmailCampaign,
    EmailCampaignActivityInput, EmailCampaignActivityPutRequest, EmailCampaignComplete,
    EmailCampaignName, EmailScheduleInput, EmailTestSendInput, GetEmailAbTest, GetEmailCampaign,
    GetEmailCampaignActivity, GetEmailCampaignActivityPreview, GetEmailCampaignIdXrefs,
    GetEmailCampaigns, GetEmailSchedules, GetEmailSendHistory, GetResendToNonOpeners,
    PutEmailCampaignActivity, RenameEmailCampaign, ResendToNonOpenersInput,
    ScheduleEmailCampaignActivity, SendStatus, TestSendEmailCampaignActivity,
    UnscheduleEmailCampaignActivity,
};
use serde_json::json;

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &emails::GET_EMAIL_CAMPAIGNS,
    &emails::CREATE_EMAIL_CAMPAIGN,
    &emails::GET_EMAIL_CAMPAIGN,
    &emails::DELETE_EMAIL_CAMPAIGN,
    &emails::RENAME_EMAIL_CAMPAIGN,
    &emails::GET_EMAIL_CAMPAIGN_ID_XREFS,
    &emails::GET_EMAIL_CAMPAIGN_ACTIVITY,
    &emails::PUT_EMAIL_CAMPAIGN_ACTIVITY,
    &emails::GET_EMAIL_SCHEDULES,
    &emails::SCHEDULE_EMAIL_CAMPAIGN_ACTIVITY,
    &emails::UNSCHEDULE_EMAIL_CAMPAIGN_ACTIVITY,
    &emails::TEST_SEND_EMAIL_CAMPAIGN_ACTIVITY,
    &emails::GET_EMAIL_CAMPAIGN_ACTIVITY_PREVIEW,
    &emails::GET_EMAIL_SEND_HISTORY,
    &emails::GET_RESEND_TO_NON_OPENERS,
    &emails::CREATE_RESEND_TO_NON_OPENERS,
    &emails::DELETE_RESEND_TO_NON_OPENERS,
    &emails::GET_EMAIL_AB_TEST,
    &emails::CREATE_EMAIL_AB_TEST,
    &emails::DELETE_EMAIL_AB_TEST,
];

const SENDER: &str = "owner@joesflowers.example";

fn create(name: &str) -> CreateEmailCampaign {
    CreateEmailCampaign::new(EmailCampaignComplete::new(
        name.into(),
        vec![EmailCampaignActivityInput::new(
            5,
            "Joe".into(),
            SENDER.into(),
            SENDER.into(),
            "Hello".into(),
            "<p>[[trackingImage]]Hello</p>".into(),
        )],
    ))
}

fn primary_of(c: &EmailCampaign) -> String {
    c.campaign_activities
        .iter()
        .flatten()
        .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
        .and_then(|a| a.campaign_activity_id.clone())
        .unwrap()
        .into_string()
}

#[tokio::test]
async fn email_campaigns() {
    let ops = Ops::start().await;
    let list = ops.list_ids().await.remove(1);
    let campaign = ops.ok(create("Hello"), 200).await;
    let id = campaign.campaign_id.clone().unwrap();
    let primary = primary_of(&campaign);
    let e = ops.refused(create("Hello"), 409).await;
    assert!(e.message().contains("Hello"), "{e:?}");

    let page = ops.ok(GetEmailCampaigns::new().limit(500), 200).await;
    assert_eq!(page.campaigns.unwrap()[0].campaign_id.as_ref(), Some(&id));
    let read = ops.ok(GetEmailCampaign::new(&id), 200).await;
    assert_eq!(read, campaign);
    let renamed = ops
        .ok(
            RenameEmailCampaign::new(&id, EmailCampaignName::new("Hi".into())),
            200,
        )
        .await;
    assert_eq!(renamed.name.as_deref(), Some("Hi"));
    let xrefs = ops
        .ok(
            GetEmailCampaignIdXrefs::new().v2_email_campaign_ids(["1"]),
            200,
        )
        .await;
    assert_eq!(xrefs.xrefs.unwrap()[0].campaign_id.as_ref(), Some(&id));

    // The activity, sent back with its read-only properties, is accepted.
    let full = ops
        .ok(
            GetEmailCampaignActivity::new(&primary).include([CampaignActivityInclude::HtmlContent]),
            200,
        )
        .await;
    let mut sent_back = serde_json::to_value(&full).unwrap();
    sent_back["contact_list_ids"] = json!([list.as_str()]);
    sent_back["subject"] = json!("Hello again");
    let r = ops
        .api
        .put_json(&format!("/v3/emails/activities/{primary}"), &sent_back)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let put = ops
        .ok(
            PutEmailCampaignActivity::new(&primary, {
                let mut body = EmailCampaignActivityPutRequest::new(
                    SENDER.into(),
                    "Joe".into(),
                    SENDER.into(),
                    "Hello again".into(),
                );
                body.contact_list_ids = vec![list.clone()];
                body
            }),
            200,
        )
        .await;
    assert_eq!(put.contact_list_ids, Some(vec![list]));

    let later: DateTime = "2099-01-01T09:00:00Z".parse().unwrap();
    let scheduled = ops
        .ok(
            ScheduleEmailCampaignActivity::new(&primary, EmailScheduleInput::new(later)),
            201,
        )
        .await;
    assert_eq!(scheduled.schedules.unwrap().len(), 1);
    let read = ops.ok(GetEmailSchedules::new(&primary), 200).await;
    assert_eq!(read.schedules.unwrap()[0].scheduled_date, Some(later));
    let c = ops.ok(GetEmailCampaign::new(&id), 200).await;
    assert_eq!(c.current_status, Some(CampaignStatus::Scheduled));
    let NoContent = ops
        .ok(UnscheduleEmailCampaignActivity::new(&primary), 204)
        .await;
    let a = ops.ok(GetEmailCampaignActivity::new(&primary), 200).await;
    assert_eq!(a.current_status, Some(CampaignActivityStatus::Draft));

    let NoContent = ops
        .ok(
            TestSendEmailCampaignActivity::new(
                &primary,
                EmailTestSendInput::new(vec!["ada@example.com".into()]),
            ),
            204,
        )
        .await;
    let preview = ops
        .ok(GetEmailCampaignActivityPreview::new(&primary), 200)
        .await;
    assert_eq!(preview.preview_text_content.as_deref(), Some("Hello"));

    let test = ops
        .ok(
            CreateEmailAbTest::new(&primary, ABTestDataInput::new("Hey".into(), 20, 12)),
            201,
        )
        .await;
    assert_eq!(ops.ok(GetEmailAbTest::new(&primary), 200).await, test);
    let NoContent = ops.ok(DeleteEmailAbTest::new(&primary), 204).await;
    ops.refused(GetEmailAbTest::new(&primary), 404).await;

    let mut resend = ResendToNonOpenersInput::new("Hello?".into());
    resend.delay_days = Some(2);
    let created = ops
        .ok(CreateResendToNonOpeners::new(&primary, resend), 201)
        .await;
    assert_eq!(created.delay_minutes, Some(2880));
    let listed = ops.ok(GetResendToNonOpeners::new(&primary), 200).await;
    assert_eq!(listed.resends.unwrap().len(), 1);
    let NoContent = ops
        .ok(DeleteResendToNonOpeners::new(&primary, "DRAFT"), 204)
        .await;

    // Sent now: DONE, one send to the Newsletter list's one contact (Grace).
    let now: DateTime = "2020-01-01T00:00:00Z".parse().unwrap();
    ops.ok(
        ScheduleEmailCampaignActivity::new(&primary, EmailScheduleInput::new(now)),
        201,
    )
    .await;
    let history = ops.ok(GetEmailSendHistory::new(&primary), 200).await;
    let sends = history.sends.unwrap();
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0].send_status, Some(SendStatus::Completed));
    assert_eq!(sends[0].count, Some(1));

    let NoContent = ops.ok(DeleteEmailCampaign::new(&id), 204).await;
    let c = ops.ok(GetEmailCampaign::new(&id), 200).await;
    assert_eq!(c.current_status, Some(CampaignStatus::Removed));
    let e = ops
        .refused(GetEmailCampaignActivity::new(&primary), 404)
        .await;
    assert!(e.message().contains(&primary), "{e:?}");
    ops.covered(OPS);
}

/// `scheduled_date` as raw clients send it: a plain date is midnight UTC; `"0"` (the
/// service's "send now") is refused, since the schema reads a date-time (`docs/v3/emails.md`).
#[tokio::test]
async fn schedule_dates_as_raw_clients_send_them() {
    let ops = Ops::start().await;
    let list = ops.list_ids().await.remove(0);
    let campaign = ops.ok(create("Dates"), 200).await;
    let primary = primary_of(&campaign);
    let mut body = EmailCampaignActivityPutRequest::new(
        SENDER.into(),
        "Joe".into(),
        SENDER.into(),
        "Hello".into(),
    );
    body.contact_list_ids = vec![list];
    ops.ok(PutEmailCampaignActivity::new(&primary, body), 200)
        .await;
    let path = format!("/v3/emails/activities/{primary}/schedules");

    let r = ops
        .api
        .post_json(&path, &json!({"scheduled_date": "0"}))
        .await;
    let e = r.error(400);
    assert!(e.message().contains('0'), "{e:?}");

    let r = ops
        .api
        .post_json(&path, &json!({"scheduled_date": "2099-02-03"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let dates: serde_json::Value = r.json(201);
    assert_eq!(
        dates,
        json!([{"scheduled_date": "2099-02-03T00:00:00.000Z"}])
    );
    let a = ops.ok(GetEmailCampaignActivity::new(&primary), 200).await;
    assert_eq!(a.current_status, Some(CampaignActivityStatus::Scheduled));
}
