//! Schedule a campaign (at least 15 minutes ahead; moving its schedule if it has one), show
//! the schedule, and with `--cancel` cancel it again.
//!
//! ```sh
//! CTCT_BASE_URL=http://127.0.0.1:8080 CTCT_USERNAME=joesflowers \
//! CTCT_API_KEY=sandbox-key CTCT_PASSWORD=sandbox-password \
//! cargo run -p ctct-client --example schedule_campaign -- CAMPAIGN_ID 2030-01-01T09:00:00Z [--cancel]
//! ```

mod common;

use ctct_models::DateTime;
use ctct_models::ids::CampaignId;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || "usage: schedule_campaign CAMPAIGN_ID RFC3339_TIME [--cancel]".to_owned();
    let username = client.username().unwrap_or_default().to_owned();
    let id = CampaignId::new(username, args.first().ok_or_else(usage)?.as_str());
    let at: DateTime = args
        .get(1)
        .ok_or_else(usage)?
        .parse::<DateTime>()
        .map_err(|e| e.to_string())?;
    let what = client.schedule_campaign(&id, at).await?;
    println!("campaign {}: {what:?}", id.tail());
    if let Some(s) = client.campaign_schedule(&id).await? {
        println!(
            "scheduled for {}",
            s.scheduled_time.map(|t| t.to_string()).unwrap_or_default()
        );
    }
    if args.iter().any(|a| a == "--cancel") {
        let had = client.unschedule_campaign(&id).await?;
        println!("cancelled: {had}");
    }
    Ok(())
}
