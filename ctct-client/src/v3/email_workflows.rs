//! Email campaign workflows: send a campaign's activity to chosen lists at a time.
//!
//! The API schedules an activity with `POST …/schedules`, but the lists it goes to are part of
//! the activity, which is changed only by a replacing `PUT` of every writable field (content,
//! sender, footer, document properties). A client that builds that PUT from what it knows
//! would drop what it does not; so the activity is read whole (`include=` every optional part)
//! and written back as it came, with only its lists changed. Three requests; the activity's
//! other fields are sent back as the server gave them.

use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, ListId};
use ctct_models::v3::emails::{
    CampaignActivityInclude, EmailCampaignActivityPutRequest, EmailScheduleInput,
    GetEmailCampaignActivity, PutEmailCampaignActivity, ScheduleEmailCampaignActivity,
};
use ctct_models::validate::{Problem, ValidationError};

use super::client::V3Client;
use super::contact_workflows::Counted;
use crate::error::{Error, WorkflowError};

impl V3Client {
    /// Sends activity `id` (a campaign's `primary_email` activity) to `lists` at `at`: reads
    /// the activity whole, writes it back with `contact_list_ids` replaced by `lists`, then
    /// schedules it (a time already past sends at once). Three requests, counted in the
    /// answer.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] naming `contact_list_ids` when `lists` is empty (nothing is sent);
    /// [`WorkflowError::EmailActivityIncomplete`] when the activity read back lacks a field
    /// its PUT requires (nothing is written); otherwise as [`V3Client::send`] for each
    /// request (a refused schedule leaves the lists changed).
    pub async fn schedule_email_to(
        &self,
        id: impl Into<CampaignActivityId>,
        lists: Vec<ListId>,
        at: DateTime,
    ) -> Result<Counted<()>, Error> {
        let id = id.into();
        if lists.is_empty() {
            return Err(Error::Invalid(
                ValidationError::new(
                    "EmailCampaignActivityPutRequest",
                    "contact_list_ids",
                    "",
                    Problem::Missing,
                )
                .into(),
            ));
        }
        let current = self
            .send(GetEmailCampaignActivity::new(id.clone()).include([
                CampaignActivityInclude::HtmlContent,
                CampaignActivityInclude::PhysicalAddressInFooter,
                CampaignActivityInclude::DocumentProperties,
            ]))
            .await?;
        // The answer's writable fields are the PUT's; read-only ones are not read.
        let mut body: EmailCampaignActivityPutRequest = serde_json::to_value(&current)
            .and_then(serde_json::from_value)
            .map_err(|e| WorkflowError::EmailActivityIncomplete {
                activity: id.to_string(),
                reason: e.to_string(),
            })?;
        body.contact_list_ids = lists;
        self.send(PutEmailCampaignActivity::new(id.clone(), body))
            .await?;
        self.send(ScheduleEmailCampaignActivity::new(
            id,
            EmailScheduleInput::new(at),
        ))
        .await?;
        Ok(Counted {
            value: (),
            requests: 3,
        })
    }
}
