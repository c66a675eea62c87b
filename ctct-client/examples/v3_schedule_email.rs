//! Create an email campaign, send it to a list at a chosen time, and show the activity's
//! state and the requests the scheduling workflow made.
//!
//! Runs against an embedded sandbox, so it needs no account:
//! `cargo run -p ctct-client --example v3_schedule_email -- 2030-05-01T09:00:00Z`.

use std::sync::Arc;

use ctct_client::Secret;
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::StaticToken;
use ctct_models::DateTime;
use ctct_models::v3::contact_lists::GetLists;
use ctct_models::v3::emails::{
    CampaignActivityRole, CreateEmailCampaign, EmailCampaignActivityInput, EmailCampaignComplete,
    GetEmailCampaignActivity,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let at: DateTime = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "2030-05-01T09:00:00Z".to_owned())
        .parse()?;
    let sandbox = ctct_sandbox::Sandbox::start(ctct_sandbox::Config {
        access_token: Some("example-token".into()),
        ..Default::default()
    })
    .await?;
    let client = V3Client::builder(Arc::new(StaticToken(Secret::new("example-token"))))
        .base_url(sandbox.v3_url())
        .build()?;

    // The sender must be a confirmed address of the account: the sandbox's owner is.
    let sender = "owner@joesflowers.example".to_owned();
    let content = EmailCampaignActivityInput::new(
        5, // custom-code HTML
        "Joe's Flowers".to_owned(),
        sender.clone(),
        sender,
        "Fresh tulips".to_owned(),
        "<html><body><p>Tulips are in!</p>[[trackingImage]]</body></html>".to_owned(),
    );
    let campaign = client
        .send(CreateEmailCampaign::new(EmailCampaignComplete::new(
            "May news".to_owned(),
            vec![content],
        )))
        .await?;
    let primary = campaign
        .campaign_activities
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.role == Some(CampaignActivityRole::PrimaryEmail))
        .and_then(|a| a.campaign_activity_id)
        .ok_or("the new campaign has no primary_email activity")?;

    let list = client
        .send(GetLists::new())
        .await?
        .lists
        .unwrap_or_default()
        .into_iter()
        .find_map(|l| l.list_id)
        .ok_or("the account has no list")?;
    let scheduled = client
        .schedule_email_to(primary.clone(), vec![list.clone()], at)
        .await?;
    let activity = client.send(GetEmailCampaignActivity::new(primary)).await?;
    println!(
        "activity {} is {} for list {list} at {at} ({} requests)",
        activity.campaign_activity_id.as_deref().unwrap_or("?"),
        activity.current_status.as_ref().map_or("?", |s| s.as_str()),
        scheduled.requests
    );
    Ok(())
}
