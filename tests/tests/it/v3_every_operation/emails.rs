//! Email campaigns against the sandbox with the real client: every one of the 20 operations
//! sent through `V3Client::send` (or its pager), with the state read back after each change
//! (a schedule shows on the activity and the campaign, a delete leaves the campaign
//! `Removed`), and the refusals the contract gives: a bad id is a 404 naming it, a bad body
//! or state a 400 naming the field or status, a name in use a 409.

#![allow(clippy::unwrap_used)]

use futures_util::TryStreamExt as _;

use ctct_client::Error;
use ctct_client::v3::V3Client;
use ctct_models::DateTime;
use ctct_models::endpoint::NoContent;
use ctct_models::v3::common::{CampaignActivityId, CampaignId, ListId};
use ctct_models::v3::contact_lists;
use ctct_models::v3::emails::{
    ABTestDataInput, CampaignActivityInclude, CampaignActivityRole, CampaignActivityStatus,
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

use std::sync::Arc;

use ctct_client::Client;
use ctct_client::v3::oauth::{
    MemoryTokenStore, OAuthApp, OAuthClient, OAuthEndpoints, OAuthSession,
};
use ctct_sandbox::oauth::DEFAULT_CLIENT_ID;

use crate::support::v3_client::{client, instant, login, sandbox};

/// The seeded account's one confirmed sender address.
const SENDER: &str = "owner@joesflowers.example";

const HTML: &str = "<html><body>[[trackingImage]]<p>Spring <b>sale</b></p></body></html>";

fn create(name: &str) -> CreateEmailCampaign {
    let activity = EmailCampaignActivityInput::new(
        5,
        "Joe's Flowers".into(),
        SENDER.into(),
        SENDER.into(),
        "Spring is here".into(),
        HTML.into(),
    );
    CreateEmailCampaign::new(EmailCampaignComplete::new(name.into(), vec![activity]))
}

fn put_body(subject: &str) -> EmailCampaignActivityPutRequest {
    EmailCampaignActivityPutRequest::new(
        SENDER.into(),
        "Joe's Flowers".into(),
        SENDER.into(),
        subject.into(),
    )
}

fn with_lists(
    mut body: EmailCampaignActivityPutRequest,
    lists: Vec<ListId>,
) -> EmailCampaignActivityPutRequest {
    body.contact_list_ids = lists;
    body
}

fn activity_of(c: &EmailCampaign, role: CampaignActivityRole) -> CampaignActivityId {
    c.campaign_activities
        .iter()
        .flatten()
        .find(|a| a.role == Some(role.clone()))
        .and_then(|a| a.campaign_activity_id.clone())
        .unwrap()
}

/// The error is `status` and its message names `needle`.
#[track_caller]
fn refused(e: &Error, status: u16, needle: &str) {
    assert_eq!(e.status(), Some(status), "{e}");
    let message = e.api().map(|a| a.message()).unwrap_or_default();
    assert!(message.contains(needle), "{needle:?} not in {message:?}");
}

/// A sandbox and a client whose login was granted `campaign_data` (the email operations'
/// scope) besides `contact_data` (the lists they send to).
async fn start() -> (ctct_sandbox::Sandbox, V3Client) {
    let sb = sandbox(instant()).await;
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

async fn first_list(c: &V3Client) -> ListId {
    let lists = c.send(contact_lists::GetLists::new()).await.unwrap();
    lists.lists.unwrap()[0].list_id.clone().unwrap()
}

async fn status_of(c: &V3Client, id: &CampaignActivityId) -> CampaignActivityStatus {
    c.send(GetEmailCampaignActivity::new(id))
        .await
        .unwrap()
        .current_status
        .unwrap()
}

async fn campaign_status(c: &V3Client, id: &CampaignId) -> CampaignStatus {
    c.send(GetEmailCampaign::new(id))
        .await
        .unwrap()
        .current_status
        .unwrap()
}

#[tokio::test]
async fn campaigns_are_created_listed_newest_first_renamed_and_removed() {
    let (_sb, c) = start().await;
    let spring = c.send(create("Spring")).await.unwrap();
    assert_eq!(spring.current_status, Some(CampaignStatus::Draft));
    assert_eq!(spring.type_code, Some(10));
    let roles: Vec<_> = spring
        .campaign_activities
        .iter()
        .flatten()
        .map(|a| a.role.clone().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            CampaignActivityRole::PrimaryEmail,
            CampaignActivityRole::Permalink
        ]
    );
    let spring_id = spring.campaign_id.clone().unwrap();
    let summer = c.send(create("Summer")).await.unwrap();
    let summer_id = summer.campaign_id.clone().unwrap();

    let e = c.send(create("Spring")).await.unwrap_err();
    refused(&e, 409, "Spring");

    // Newest first, one per page, through the cursor.
    let pages: Vec<_> = c
        .pages(GetEmailCampaigns::new().limit(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let names: Vec<_> = pages
        .iter()
        .flat_map(|p| p.campaigns.clone().unwrap())
        .map(|s| s.name.unwrap())
        .collect();
    assert_eq!(names, ["Summer", "Spring"]);
    let future: DateTime = "2100-01-01T00:00:00Z".parse().unwrap();
    let none = c
        .send(GetEmailCampaigns::new().after_date(future))
        .await
        .unwrap();
    assert_eq!(none.campaigns, Some(Vec::new()));
    let all = c
        .send(GetEmailCampaigns::new().before_date(future))
        .await
        .unwrap();
    assert_eq!(all.campaigns.unwrap().len(), 2);

    let renamed = c
        .send(RenameEmailCampaign::new(
            &spring_id,
            EmailCampaignName::new("Spring sale".into()),
        ))
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Spring sale"));
    let read = c.send(GetEmailCampaign::new(&spring_id)).await.unwrap();
    assert_eq!(read.name.as_deref(), Some("Spring sale"));
    let e = c
        .send(RenameEmailCampaign::new(
            &summer_id,
            EmailCampaignName::new("Spring sale".into()),
        ))
        .await
        .unwrap_err();
    refused(&e, 409, "Spring sale");

    // The V2 id of a sandbox campaign is its creation number.
    let xrefs = c
        .send(GetEmailCampaignIdXrefs::new().v2_email_campaign_ids(["1", "999"]))
        .await
        .unwrap()
        .xrefs
        .unwrap();
    assert_eq!(xrefs.len(), 1);
    assert_eq!(xrefs[0].campaign_id.as_ref(), Some(&spring_id));
    let primary = activity_of(&spring, CampaignActivityRole::PrimaryEmail);
    assert_eq!(xrefs[0].campaign_activity_id.as_ref(), Some(&primary));
    let e = c
        .send(GetEmailCampaignIdXrefs::new().v2_email_campaign_ids(["abc"]))
        .await
        .unwrap_err();
    refused(&e, 400, "abc");

    let NoContent = c.send(DeleteEmailCampaign::new(&spring_id)).await.unwrap();
    assert_eq!(
        campaign_status(&c, &spring_id).await,
        CampaignStatus::Removed
    );
    let listed = c.send(GetEmailCampaigns::new()).await.unwrap();
    assert!(
        listed
            .campaigns
            .unwrap()
            .iter()
            .any(|s| s.current_status == Some(CampaignStatus::Removed))
    );
    let e = c
        .send(GetEmailCampaignActivity::new(&primary))
        .await
        .unwrap_err();
    refused(&e, 404, primary.as_str());
    let e = c
        .send(RenameEmailCampaign::new(
            &spring_id,
            EmailCampaignName::new("Again".into()),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "Removed");
    // A removed campaign's name may be used again.
    c.send(create("Spring sale")).await.unwrap();

    let e = c
        .send(GetEmailCampaign::new("no-such-campaign"))
        .await
        .unwrap_err();
    refused(&e, 404, "no-such-campaign");
    let e = c
        .send(DeleteEmailCampaign::new("no-such-campaign"))
        .await
        .unwrap_err();
    refused(&e, 404, "no-such-campaign");
}

#[tokio::test]
async fn an_activity_is_updated_scheduled_unscheduled_and_sent() {
    let (_sb, c) = start().await;
    let campaign = c.send(create("Spring")).await.unwrap();
    let campaign_id = campaign.campaign_id.clone().unwrap();
    let primary = activity_of(&campaign, CampaignActivityRole::PrimaryEmail);
    let permalink = activity_of(&campaign, CampaignActivityRole::Permalink);
    let list = first_list(&c).await;

    let bare = c
        .send(GetEmailCampaignActivity::new(&primary))
        .await
        .unwrap();
    assert_eq!(bare.html_content, None);
    assert_eq!(bare.current_status, Some(CampaignActivityStatus::Draft));
    assert_eq!(bare.format_type, Some(5));
    let full = c
        .send(
            GetEmailCampaignActivity::new(&primary).include([CampaignActivityInclude::HtmlContent]),
        )
        .await
        .unwrap();
    assert_eq!(full.html_content.as_deref(), Some(HTML));

    let at: DateTime = "2099-05-17T16:37:59.091Z".parse().unwrap();
    let e = c
        .send(ScheduleEmailCampaignActivity::new(
            &primary,
            EmailScheduleInput::new(at),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "contact_list_ids");

    let e = c
        .send(PutEmailCampaignActivity::new(&primary, put_body("")))
        .await
        .unwrap_err();
    refused(&e, 400, "subject");
    let mut stranger = put_body("New subject");
    stranger.from_email = "someone@else.example".into();
    let e = c
        .send(PutEmailCampaignActivity::new(&primary, stranger))
        .await
        .unwrap_err();
    refused(&e, 400, "from_email");
    let e = c
        .send(PutEmailCampaignActivity::new(
            &primary,
            with_lists(put_body("x"), vec!["no-such-list".into()]),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "no-such-list");
    let e = c
        .send(PutEmailCampaignActivity::new(&permalink, put_body("x")))
        .await
        .unwrap_err();
    refused(&e, 400, "permalink");
    let e = c
        .send(PutEmailCampaignActivity::new(
            "no-such-activity",
            put_body("x"),
        ))
        .await
        .unwrap_err();
    refused(&e, 404, "no-such-activity");

    let updated = c
        .send(PutEmailCampaignActivity::new(
            &primary,
            with_lists(put_body("New subject"), vec![list.clone()]),
        ))
        .await
        .unwrap();
    assert_eq!(updated.subject.as_deref(), Some("New subject"));
    assert_eq!(updated.contact_list_ids, Some(vec![list.clone()]));
    // The HTML is a sub-resource: left out of the PUT, it is kept.
    assert_eq!(updated.html_content.as_deref(), Some(HTML));

    let none = c.send(GetEmailSchedules::new(&primary)).await.unwrap();
    assert_eq!(none.schedules, Some(Vec::new()));
    let scheduled = c
        .send(ScheduleEmailCampaignActivity::new(
            &primary,
            EmailScheduleInput::new(at),
        ))
        .await
        .unwrap();
    assert_eq!(scheduled.schedules.unwrap()[0].scheduled_date, Some(at));
    assert_eq!(
        status_of(&c, &primary).await,
        CampaignActivityStatus::Scheduled
    );
    assert_eq!(
        campaign_status(&c, &campaign_id).await,
        CampaignStatus::Scheduled
    );
    let read = c.send(GetEmailSchedules::new(&primary)).await.unwrap();
    assert_eq!(read.schedules.unwrap()[0].scheduled_date, Some(at));

    let e = c
        .send(PutEmailCampaignActivity::new(
            &primary,
            put_body("Too late"),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "SCHEDULED");
    let e = c
        .send(ScheduleEmailCampaignActivity::new(
            &primary,
            EmailScheduleInput::new(at),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "SCHEDULED");
    let e = c
        .send(DeleteEmailCampaign::new(&campaign_id))
        .await
        .unwrap_err();
    refused(&e, 400, "Scheduled");

    let NoContent = c
        .send(UnscheduleEmailCampaignActivity::new(&primary))
        .await
        .unwrap();
    assert_eq!(status_of(&c, &primary).await, CampaignActivityStatus::Draft);
    assert_eq!(
        campaign_status(&c, &campaign_id).await,
        CampaignStatus::Draft
    );
    let read = c.send(GetEmailSchedules::new(&primary)).await.unwrap();
    assert_eq!(read.schedules, Some(Vec::new()));
    let e = c
        .send(UnscheduleEmailCampaignActivity::new(&primary))
        .await
        .unwrap_err();
    refused(&e, 400, "DRAFT");

    let history = c.send(GetEmailSendHistory::new(&primary)).await.unwrap();
    assert_eq!(history.sends, Some(Vec::new()));
    let e = c
        .send(GetEmailSendHistory::new(&permalink))
        .await
        .unwrap_err();
    refused(&e, 400, "permalink");

    // A date that has passed sends at once: an empty schedule, DONE, one send.
    let past: DateTime = "2020-01-01T00:00:00Z".parse().unwrap();
    let sent = c
        .send(ScheduleEmailCampaignActivity::new(
            &primary,
            EmailScheduleInput::new(past),
        ))
        .await
        .unwrap();
    assert_eq!(sent.schedules, Some(Vec::new()));
    assert_eq!(status_of(&c, &primary).await, CampaignActivityStatus::Done);
    assert_eq!(
        campaign_status(&c, &campaign_id).await,
        CampaignStatus::Done
    );
    let sends = c
        .send(GetEmailSendHistory::new(&primary))
        .await
        .unwrap()
        .sends
        .unwrap();
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0].send_id, Some(1));
    assert_eq!(sends[0].send_status, Some(SendStatus::Completed));
    assert_eq!(sends[0].contact_list_ids, Some(vec![list.clone()]));
    // The first seeded list has two active contacts.
    assert_eq!((sends[0].count, sends[0].reason_code), (Some(2), Some(0)));
    // A sent email may still be edited.
    c.send(PutEmailCampaignActivity::new(
        &primary,
        with_lists(put_body("Again"), vec![list]),
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn test_sends_previews_resends_and_ab_tests() {
    let (_sb, c) = start().await;
    let campaign = c.send(create("Spring")).await.unwrap();
    let campaign_id = campaign.campaign_id.clone().unwrap();
    let primary = activity_of(&campaign, CampaignActivityRole::PrimaryEmail);
    let permalink = activity_of(&campaign, CampaignActivityRole::Permalink);

    let NoContent = c
        .send(TestSendEmailCampaignActivity::new(
            &primary,
            EmailTestSendInput {
                personal_message: Some("Have a look".into()),
                ..EmailTestSendInput::new(vec![
                    "ada@example.com".into(),
                    "grace@example.com".into(),
                ])
            },
        ))
        .await
        .unwrap();
    let e = c
        .send(TestSendEmailCampaignActivity::new(
            &primary,
            EmailTestSendInput::new(vec!["not an address".into()]),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "not an address");
    let e = c
        .send(TestSendEmailCampaignActivity::new(
            &permalink,
            EmailTestSendInput::new(vec!["ada@example.com".into()]),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "permalink");
    // Six addresses are refused before anything is sent.
    let six: Vec<String> = (0..6).map(|i| format!("t{i}@example.com")).collect();
    let e = c
        .send(TestSendEmailCampaignActivity::new(
            &primary,
            EmailTestSendInput::new(six),
        ))
        .await
        .unwrap_err();
    assert!(e.validation().is_some(), "{e}");

    let preview = c
        .send(GetEmailCampaignActivityPreview::new(&primary))
        .await
        .unwrap();
    assert_eq!(preview.subject.as_deref(), Some("Spring is here"));
    assert_eq!(
        preview.preview_html_content.as_deref(),
        Some("<html><body><p>Spring <b>sale</b></p></body></html>")
    );
    assert_eq!(preview.preview_text_content.as_deref(), Some("Spring sale"));

    // A/B test: none, a bad wait, one, a second refused, deleted.
    let e = c.send(GetEmailAbTest::new(&primary)).await.unwrap_err();
    refused(&e, 404, primary.as_str());
    let e = c
        .send(CreateEmailAbTest::new(
            &primary,
            ABTestDataInput::new("Or this?".into(), 30, 7),
        ))
        .await
        .unwrap_err();
    refused(&e, 400, "winner_wait_duration");
    let test = c
        .send(CreateEmailAbTest::new(
            &primary,
            ABTestDataInput::new("Or this?".into(), 30, 24),
        ))
        .await
        .unwrap();
    assert_eq!(test.test_size, Some(30));
    let read = c.send(GetEmailAbTest::new(&primary)).await.unwrap();
    assert_eq!(read.alternative_subject.as_deref(), Some("Or this?"));
    let typed = c.send(GetEmailCampaign::new(&campaign_id)).await.unwrap();
    assert_eq!(typed.type_code, Some(57));
    let e = c
        .send(CreateEmailAbTest::new(
            &primary,
            ABTestDataInput::new("Third?".into(), 10, 6),
        ))
        .await
        .unwrap_err();
    refused(&e, 409, "A/B test");
    let NoContent = c.send(DeleteEmailAbTest::new(&primary)).await.unwrap();
    let typed = c.send(GetEmailCampaign::new(&campaign_id)).await.unwrap();
    assert_eq!(typed.type_code, Some(10));
    let e = c.send(DeleteEmailAbTest::new(&primary)).await.unwrap_err();
    refused(&e, 404, primary.as_str());

    // Resend to non-openers: none, one (a whole number of days in minutes), a second
    // refused, a wrong id, deleted.
    let none = c.send(GetResendToNonOpeners::new(&primary)).await.unwrap();
    assert_eq!(none.resends, Some(Vec::new()));
    let mut input = ResendToNonOpenersInput::new("Did you see?".into());
    input.delay_minutes = Some(2880);
    let created = c
        .send(CreateResendToNonOpeners::new(&primary, input.clone()))
        .await
        .unwrap();
    assert_eq!(created.resend_request_id.as_deref(), Some("DRAFT"));
    assert_eq!(
        (created.delay_days, created.delay_minutes),
        (Some(2), Some(2880))
    );
    let listed = c
        .send(GetResendToNonOpeners::new(&primary))
        .await
        .unwrap()
        .resends
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].resend_subject.as_deref(), Some("Did you see?"));
    let with_resend = c.send(GetEmailCampaign::new(&campaign_id)).await.unwrap();
    let resend_activity = activity_of(&with_resend, CampaignActivityRole::Resend);
    let e = c
        .send(CreateResendToNonOpeners::new(&primary, input))
        .await
        .unwrap_err();
    refused(&e, 409, "resend");
    let e = c
        .send(DeleteResendToNonOpeners::new(&primary, "123"))
        .await
        .unwrap_err();
    refused(&e, 404, "123");
    let NoContent = c
        .send(DeleteResendToNonOpeners::new(&primary, "DRAFT"))
        .await
        .unwrap();
    let none = c.send(GetResendToNonOpeners::new(&primary)).await.unwrap();
    assert_eq!(none.resends, Some(Vec::new()));
    let back = c.send(GetEmailCampaign::new(&campaign_id)).await.unwrap();
    assert!(
        back.campaign_activities
            .iter()
            .flatten()
            .all(|a| a.campaign_activity_id.as_ref() != Some(&resend_activity))
    );
    let e = c
        .send(GetResendToNonOpeners::new(&permalink))
        .await
        .unwrap_err();
    refused(&e, 400, "permalink");
}
