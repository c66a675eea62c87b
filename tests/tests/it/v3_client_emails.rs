//! Email workflows through the real client against the sandbox: sending an activity to
//! lists at a time reads it whole, writes it back with only its lists changed (its content
//! survives) and schedules it, in three requests; no lists is refused before anything is sent.

#![allow(clippy::unwrap_used)]

use ctct_client::Error;
use ctct_models::DateTime;
use ctct_models::v3::common::CampaignActivityId;
use ctct_models::v3::contact_lists::GetLists;
use ctct_models::v3::emails::{
    CampaignActivityInclude, CampaignActivityRole, CampaignActivityStatus, CreateEmailCampaign,
    EmailCampaignActivityInput, EmailCampaignComplete, GetEmailCampaignActivity,
};

use crate::support::v3_client::{client, instant, sandbox, session_asking};

const SCOPES: [&str; 3] = ["contact_data", "campaign_data", "offline_access"];
const HTML: &str = "<html><body><p>Tulips</p>[[trackingImage]]</body></html>";

async fn new_campaign(c: &ctct_client::v3::V3Client) -> CampaignActivityId {
    let sender = "owner@joesflowers.example".to_owned();
    let content = EmailCampaignActivityInput::new(
        5,
        "Joe's Flowers".into(),
        sender.clone(),
        sender,
        "Fresh tulips".into(),
        HTML.into(),
    );
    c.send(CreateEmailCampaign::new(EmailCampaignComplete::new(
        "May news".into(),
        vec![content],
    )))
    .await
    .unwrap()
    .campaign_activities
    .unwrap()
    .into_iter()
    .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
    .unwrap()
    .campaign_activity_id
    .unwrap()
}

#[tokio::test]
async fn an_activity_is_sent_to_lists_at_a_time_keeping_its_content() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session_asking(&sb, &SCOPES).await);
    let id = new_campaign(&c).await;
    let lists: Vec<_> = c
        .send(GetLists::new())
        .await
        .unwrap()
        .lists
        .unwrap()
        .into_iter()
        .map(|l| l.list_id.unwrap())
        .collect();
    let at: DateTime = "2030-05-01T09:00:00Z".parse().unwrap();
    let done = c
        .schedule_email_to(id.clone(), lists.clone(), at)
        .await
        .unwrap();
    assert_eq!(done.requests, 3);
    let read = c
        .send(GetEmailCampaignActivity::new(id).include([CampaignActivityInclude::HtmlContent]))
        .await
        .unwrap();
    assert_eq!(read.current_status, Some(CampaignActivityStatus::Scheduled));
    assert_eq!(read.contact_list_ids, Some(lists));
    assert_eq!(read.html_content.as_deref(), Some(HTML));
    assert_eq!(read.subject.as_deref(), Some("Fresh tulips"));
}

#[tokio::test]
async fn no_lists_is_refused_before_sending() {
    let sb = sandbox(instant()).await;
    let c = client(&sb, session_asking(&sb, &SCOPES).await);
    let id = new_campaign(&c).await;
    let err = c
        .schedule_email_to(id.clone(), Vec::new(), DateTime::now_utc())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("contact_list_ids"), "{err}");
    let read = c.send(GetEmailCampaignActivity::new(id)).await.unwrap();
    assert_eq!(read.current_status, Some(CampaignActivityStatus::Draft));
}
