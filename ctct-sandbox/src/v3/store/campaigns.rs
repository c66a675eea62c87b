//! The account's email campaigns and their activities, as the `/v3/emails` handlers keep them.
//!
//! A campaign is stored as the [`EmailCampaign`] the service answers with; each activity as
//! the full [`EmailCampaignActivity`] (every `include=` part present) beside what the wire
//! model has no place for: the status to go back to when unscheduled, the send date, the sends
//! so far (and the contacts they reached, for the reports), the resend to non-openers and the A/B test. A campaign's status is never set on its
//! own: it mirrors its primary email's ([`Campaigns::set_status`]), so the two cannot disagree.

use std::collections::{BTreeMap, HashMap};

use ctct_models::DateTime;
use ctct_models::v3::common::{CampaignActivityId, CampaignId, ContactId};
use ctct_models::v3::emails::{
    ABTestData, CampaignActivityRole, CampaignActivityStatus, CampaignStatus, EmailCampaign,
    EmailCampaignActivity, EmailSend, ResendToNonOpenersItem,
};

/// One contact an activity was sent to, as it was at send time (the reports list these).
#[derive(Debug, Clone)]
pub(crate) struct Recipient {
    pub contact_id: ContactId,
    pub email_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// When the send that reached it ran.
    pub sent_at: DateTime,
}

/// One activity and its sending state.
#[derive(Debug, Clone)]
pub(crate) struct ActivityRecord {
    /// The activity with every part.
    pub activity: EmailCampaignActivity,
    /// The status it had before it was scheduled (what unscheduling restores).
    pub before_schedule: Option<CampaignActivityStatus>,
    /// When a scheduled activity is sent.
    pub scheduled: Option<DateTime>,
    /// Its sends, oldest first.
    pub sends: Vec<EmailSend>,
    /// Every contact its sends reached, in send order then contact order.
    pub recipients: Vec<Recipient>,
    /// The resend to non-openers (primary emails only) and the id of its `resend` activity.
    pub resend: Option<(ResendToNonOpenersItem, CampaignActivityId)>,
    /// The subject-line A/B test (primary emails only).
    pub ab_test: Option<ABTestData>,
}

impl ActivityRecord {
    pub fn new(activity: EmailCampaignActivity) -> Self {
        Self {
            activity,
            before_schedule: None,
            scheduled: None,
            sends: Vec::new(),
            recipients: Vec::new(),
            resend: None,
            ab_test: None,
        }
    }

    pub fn status(&self) -> CampaignActivityStatus {
        self.activity
            .current_status
            .clone()
            .unwrap_or(CampaignActivityStatus::Draft)
    }

    pub fn is_primary(&self) -> bool {
        self.activity.role == Some(CampaignActivityRole::PrimaryEmail)
    }
}

/// The campaign status that goes with a primary email's status.
pub(crate) fn campaign_status(s: &CampaignActivityStatus) -> CampaignStatus {
    match s {
        CampaignActivityStatus::Scheduled => CampaignStatus::Scheduled,
        CampaignActivityStatus::Executing => CampaignStatus::Executing,
        CampaignActivityStatus::Done => CampaignStatus::Done,
        CampaignActivityStatus::Error => CampaignStatus::Error,
        CampaignActivityStatus::Removed => CampaignStatus::Removed,
        _ => CampaignStatus::Draft,
    }
}

/// Every campaign (by creation sequence) and every activity (by id).
#[derive(Default)]
pub(crate) struct Campaigns {
    seq: u64,
    resend_seq: u64,
    pub campaigns: BTreeMap<u64, EmailCampaign>,
    campaign_ids: HashMap<CampaignId, u64>,
    pub activities: HashMap<CampaignActivityId, ActivityRecord>,
    /// Test-send recipients counted today: `(UTC day number, count)`.
    pub tests_today: (i64, usize),
}

impl Campaigns {
    /// Stores a campaign and its activities; returns its sequence number.
    pub fn insert(
        &mut self,
        campaign: EmailCampaign,
        activities: Vec<EmailCampaignActivity>,
    ) -> u64 {
        self.seq += 1;
        if let Some(id) = &campaign.campaign_id {
            self.campaign_ids.insert(id.clone(), self.seq);
        }
        for a in activities {
            if let Some(id) = a.campaign_activity_id.clone() {
                self.activities.insert(id, ActivityRecord::new(a));
            }
        }
        self.campaigns.insert(self.seq, campaign);
        self.seq
    }

    /// Adds an activity to an existing campaign (a resend).
    pub fn insert_activity(&mut self, activity: EmailCampaignActivity) {
        if let Some(id) = activity.campaign_activity_id.clone() {
            self.activities.insert(id, ActivityRecord::new(activity));
        }
    }

    /// The campaign's sequence number (its position in creation order).
    pub fn seq_of(&self, id: &str) -> Option<u64> {
        self.campaign_ids.get(id).copied()
    }

    pub fn campaign(&self, id: &str) -> Option<&EmailCampaign> {
        self.campaigns.get(&self.seq_of(id)?)
    }

    pub fn campaign_mut(&mut self, id: &str) -> Option<&mut EmailCampaign> {
        let seq = self.seq_of(id)?;
        self.campaigns.get_mut(&seq)
    }

    /// Whether a campaign other than `except` that is not removed has this name.
    pub fn name_in_use(&self, name: &str, except: Option<&str>) -> bool {
        self.campaigns.values().any(|c| {
            c.name.as_deref() == Some(name)
                && c.current_status != Some(CampaignStatus::Removed)
                && (except.is_none() || c.campaign_id.as_deref() != except)
        })
    }

    pub fn activity(&self, id: &str) -> Option<&ActivityRecord> {
        self.activities.get(id)
    }

    pub fn activity_mut(&mut self, id: &str) -> Option<&mut ActivityRecord> {
        self.activities.get_mut(id)
    }

    /// Sets an activity's status; a primary email's campaign follows it, and is marked
    /// updated at `at`.
    pub fn set_status(&mut self, id: &str, status: CampaignActivityStatus, at: DateTime) {
        let Some(record) = self.activities.get_mut(id) else {
            return;
        };
        record.activity.current_status = Some(status.clone());
        if !record.is_primary() {
            return;
        }
        let campaign = record.activity.campaign_id.clone();
        if let Some(c) = campaign.and_then(|c| self.campaign_mut(&c)) {
            c.current_status = Some(campaign_status(&status));
            c.updated_at = Some(at);
        }
    }

    /// Marks a campaign updated at `at`.
    pub fn touch(&mut self, campaign: Option<&CampaignId>, at: DateTime) {
        if let Some(c) = campaign.and_then(|c| self.campaign_mut(c)) {
            c.updated_at = Some(at);
        }
    }

    /// The next numeric resend request id.
    pub fn next_resend_id(&mut self) -> String {
        self.resend_seq += 1;
        format!("{}", 389_000 + self.resend_seq)
    }
}
