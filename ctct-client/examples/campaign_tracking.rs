//! Read every tracking event of a campaign (sends, opens, clicks per link, bounces,
//! forwards, opt-outs) and print a tally.
//!
//! ```sh
//! CTCT_BASE_URL=http://127.0.0.1:8080 CTCT_USERNAME=joesflowers \
//! CTCT_API_KEY=sandbox-key CTCT_PASSWORD=sandbox-password \
//! cargo run -p ctct-client --example campaign_tracking -- CAMPAIGN_ID
//! ```

mod common;

use std::collections::BTreeMap;

use ctct_client::workflows::tracking::CampaignEvent;
use ctct_models::ids::CampaignId;
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let username = client.username().unwrap_or_default().to_owned();
    let id = CampaignId::new(
        username,
        args.first()
            .ok_or("usage: campaign_tracking CAMPAIGN_ID")?
            .as_str(),
    );
    let mut tally: BTreeMap<String, u64> = BTreeMap::new();
    let mut events = client.campaign_events(&id, Some(200));
    while let Some(event) = events.try_next().await? {
        let key = match event {
            CampaignEvent::Sent(_) => "sends".to_owned(),
            CampaignEvent::Open(_) => "opens".to_owned(),
            CampaignEvent::Click(c) => format!("clicks on {}", c.link.unwrap_or(c.link_id)),
            CampaignEvent::Bounce(b) => {
                format!("bounces ({})", b.code.as_ref().map_or("?", |c| c.as_str()))
            }
            CampaignEvent::Forward(_) => "forwards".to_owned(),
            CampaignEvent::OptOut(_) => "opt-outs".to_owned(),
        };
        *tally.entry(key).or_default() += 1;
    }
    for (what, n) in tally {
        println!("{n:>7}  {what}");
    }
    Ok(())
}
