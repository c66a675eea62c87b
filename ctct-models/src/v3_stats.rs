//! Constructors for the two V3 stats requests whose path carries a comma-joined list of ids
//! (`/reports/stats/email_campaigns/{campaign_ids}` and
//! `/reports/stats/email_campaign_activities/{campaign_activity_ids}`).
//!
//! Codegen types a path placeholder as one id or as an opaque `"segment"` string; a list of
//! typed ids is neither, so the schema uses `"segment"` and these helpers build it from typed
//! ids, refusing an empty list or more ids than the service takes before anything is sent.

use crate::endpoint::BuildError;
use crate::v3::common::{CampaignActivityId, CampaignId};
use crate::v3::email_reports::{GetEmailCampaignActivityStats, GetEmailCampaignStats};
use crate::validate::{Problem, ValidationError};

/// The most campaign ids one `GetEmailCampaignStats` takes.
pub const MAX_STATS_CAMPAIGNS: usize = 150;
/// The most campaign activity ids one `GetEmailCampaignActivityStats` takes.
pub const MAX_STATS_ACTIVITIES: usize = 10;

fn join<T: AsRef<str>>(
    endpoint: &'static str,
    name: &'static str,
    ids: &[T],
    max: usize,
) -> Result<String, BuildError> {
    if ids.is_empty() || ids.len() > max {
        return Err(BuildError::Invalid(ValidationError::new(
            endpoint,
            name,
            "",
            Problem::Count {
                min: 1,
                max,
                actual: ids.len(),
            },
        )));
    }
    Ok(ids.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(","))
}

impl GetEmailCampaignStats {
    /// The stats of these campaigns (1 to [`MAX_STATS_CAMPAIGNS`]), their ids joined by commas.
    pub fn for_campaigns(ids: &[CampaignId]) -> Result<Self, BuildError> {
        Ok(Self::new(join(
            "get_email_campaign_stats",
            "campaign_ids",
            ids,
            MAX_STATS_CAMPAIGNS,
        )?))
    }
}

impl GetEmailCampaignActivityStats {
    /// The stats of these campaign activities (1 to [`MAX_STATS_ACTIVITIES`]), their ids
    /// joined by commas.
    pub fn for_activities(ids: &[CampaignActivityId]) -> Result<Self, BuildError> {
        Ok(Self::new(join(
            "get_email_campaign_activity_stats",
            "campaign_activity_ids",
            ids,
            MAX_STATS_ACTIVITIES,
        )?))
    }
}
