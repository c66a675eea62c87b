//! Campaign workflows: create, schedule, unschedule (`docs/v1/campaigns.md`).
//!
//! Only custom-code campaigns can be created through the API; they start as `Draft`. Sending
//! is scheduling (there is no send endpoint): a campaign has at most one schedule, always
//! `/schedules/1`, so scheduling a campaign that is already scheduled moves that schedule (PUT)
//! instead of creating a second one, and re-sending a `Sent` campaign is a new schedule. A
//! `Running` campaign cannot be scheduled. The time must lie at least
//! [`MIN_SCHEDULE_LEAD`] ahead (a library forces 16 minutes; UNCERTAIN) and is sent in UTC.
//!
//! `POST /schedules` is not retried, and the server has been seen answering 500 although the
//! schedule was created (`docs/v1/campaigns.md#schedules`): after a 5xx or a lost answer, [`Client::schedule_campaign`]
//! reads the schedules back and counts a schedule at the requested time as success, so a
//! fault neither loses nor duplicates a schedule. Scheduling needs a permission granted per
//! API key; without it the server answers 403 ([`Error::is_forbidden`]).

use std::time::Duration;

use ctct_models::DateTime;
use ctct_models::ids::CampaignId;
use ctct_models::v1::campaigns::{self as api, Campaign, CampaignStatus, Schedule};
use futures_util::TryStreamExt as _;

use crate::client::Client;
use crate::error::{Error, WorkflowError};

/// How far ahead a schedule must be: 15 minutes.
pub const MIN_SCHEDULE_LEAD: Duration = Duration::from_secs(15 * 60);

/// What [`Client::schedule_campaign`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduled {
    /// A new schedule was created.
    Created,
    /// The existing schedule was moved to the new time.
    Moved,
}

/// Checks a send time against the lead-time rule at `now`.
///
/// # Errors
///
/// [`Error::Workflow`] naming the time when it is less than [`MIN_SCHEDULE_LEAD`] ahead.
pub fn check_schedule_time(at: DateTime, now: DateTime) -> Result<(), Error> {
    let ahead = at.inner() - now.inner();
    if ahead < MIN_SCHEDULE_LEAD {
        return Err(WorkflowError::ScheduleTooSoon {
            at,
            now,
            min_lead: MIN_SCHEDULE_LEAD,
        }
        .into());
    }
    Ok(())
}

impl Client {
    /// Creates a custom-code campaign (sent as `Draft` unless `campaign` says otherwise,
    /// read-only fields cleared) and returns its id. When the POST's answer is lost, the
    /// campaigns are read back: one of that name created since is this one; none,
    /// [`Error::NotApplied`]; the read failing or several, [`Error::OutcomeUnknown`].
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] naming the field when the campaign breaks the schema (e.g. no
    /// `Name`); any request error.
    pub async fn create_campaign(&self, campaign: &Campaign) -> Result<CampaignId, Error> {
        let mut campaign = campaign.clone();
        campaign.clear_read_only();
        campaign.id = None;
        campaign.status.get_or_insert(CampaignStatus::Draft);
        let since = super::recover::check_since();
        let created = match self.send(api::CreateCampaign::new(campaign.clone())).await {
            Ok(created) => created,
            Err(e) if e.is_outcome_unknown() => {
                // The answer was lost: the campaign exists if the POST landed.
                let name = campaign.name.clone().unwrap_or_default();
                let check = self.new_campaign_named(&name, since).await;
                return super::recover::settle(e, check, || {
                    format!(
                        "no campaign named {name:?} appeared since {}",
                        since.to_utc()
                    )
                });
            }
            Err(e) => return Err(e),
        };
        super::created_id(&created, |c: &Campaign| c.resource_id().ok()).ok_or_else(|| {
            Error::from(WorkflowError::CreatedWithoutId {
                what: "campaign",
                id: "id",
            })
        })
    }

    /// The one campaign named `name` created at or after `since`; two or more fail the check.
    async fn new_campaign_named(
        &self,
        name: &str,
        since: DateTime,
    ) -> Result<Option<CampaignId>, Error> {
        let campaigns: Vec<Campaign> = self.items(api::ListCampaigns::new()).try_collect().await?;
        let mut found: Vec<CampaignId> = campaigns
            .iter()
            .filter(|c| c.name.as_deref() == Some(name))
            .filter(|c| c.date.is_some_and(|d| d.inner() >= since.inner()))
            .filter_map(|c| c.resource_id().ok())
            .collect();
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            count => Err(WorkflowError::AmbiguousCampaign {
                count,
                name: name.to_owned(),
                since,
            }
            .into()),
        }
    }

    /// Reads a campaign.
    ///
    /// # Errors
    ///
    /// Any request error (404 for an unknown campaign).
    pub async fn campaign(&self, id: &CampaignId) -> Result<Campaign, Error> {
        Ok(self.send(api::GetCampaign::new(id)).await?.content)
    }

    /// The campaign's schedule, if it has one.
    ///
    /// # Errors
    ///
    /// Any request error.
    pub async fn campaign_schedule(&self, id: &CampaignId) -> Result<Option<Schedule>, Error> {
        let schedules: Vec<Schedule> = self
            .items(api::ListSchedules::new(id))
            .try_collect()
            .await?;
        Ok(schedules.into_iter().next())
    }

    /// Schedules a campaign to be sent at `at` (moving its schedule if it has one).
    ///
    /// # Errors
    ///
    /// [`Error::Workflow`] when `at` is less than [`MIN_SCHEDULE_LEAD`] ahead or the campaign
    /// is `Running`; [`Error::Api`] with 403 when the API key may not schedule; any request
    /// error.
    pub async fn schedule_campaign(
        &self,
        id: &CampaignId,
        at: DateTime,
    ) -> Result<Scheduled, Error> {
        check_schedule_time(at, DateTime::now_utc())?;
        let at = at.to_utc();
        let campaign = self.campaign(id).await?;
        if campaign.status == Some(CampaignStatus::Running) {
            return Err(WorkflowError::CampaignRunning {
                campaign: id.tail().to_owned(),
            }
            .into());
        }
        let schedule = Schedule {
            id: None,
            scheduled_time: Some(at),
        };
        if self.campaign_schedule(id).await?.is_some() {
            self.send(api::UpdateSchedule::new(id, schedule.clone()))
                .await?;
            return Ok(Scheduled::Moved);
        }
        match self
            .send(api::CreateSchedule::new(id, schedule.clone()))
            .await
        {
            Ok(_) => Ok(Scheduled::Created),
            // The answer was lost: the schedule exists if the POST landed.
            Err(e) if e.is_outcome_unknown() => {
                let check = self.campaign_schedule(id).await.map(|s| {
                    s.filter(|s| s.scheduled_time.map(|t| t.inner()) == Some(at.inner()))
                        .map(|_| Scheduled::Created)
                });
                super::recover::settle(e, check, || {
                    format!("campaign {} has no schedule at {at}", id.tail())
                })
            }
            // A 5xx (or another failure without a status): the schedule may exist all the same.
            Err(e) if e.status().is_none_or(|s| s >= 500) => {
                match self.campaign_schedule(id).await {
                    Ok(Some(s)) if s.scheduled_time.map(|t| t.inner()) == Some(at.inner()) => {
                        Ok(Scheduled::Created)
                    }
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Cancels a campaign's schedule; `false` when it had none. A 404 to a retry whose
    /// first attempt's answer was lost is `true`: that attempt cancelled it.
    ///
    /// # Errors
    ///
    /// Any request error but 404.
    pub async fn unschedule_campaign(&self, id: &CampaignId) -> Result<bool, Error> {
        match self.send(api::DeleteSchedule::new(id)).await {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_need_the_lead_time() {
        let now: DateTime = "2026-01-01T12:00:00Z".parse().unwrap();
        let ok: DateTime = "2026-01-01T12:15:00Z".parse().unwrap();
        let early: DateTime = "2026-01-01T07:14:59-05:00".parse().unwrap();
        assert!(check_schedule_time(ok, now).is_ok());
        let e = check_schedule_time(early, now).unwrap_err().to_string();
        assert_eq!(
            e,
            "ScheduledTime 2026-01-01T12:14:59.000Z is less than 15 minutes ahead of now (2026-01-01T12:00:00.000Z)"
        );
    }
}
