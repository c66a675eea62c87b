//! Sending a campaign activity: its schedule (read, set, remove), test sends and the send
//! history. A schedule is kept as a date; an activity whose date has passed is sent when the
//! next `/v3/emails` request comes ([`send_due`]), so the sandbox needs no timer: it becomes
//! `DONE` with one more entry in its send history, counting the active contacts of its lists
//! or segment (each recorded as a recipient, which the reports read) (0 contacts is `COMPLETED` with reason code 12, as the contract describes).
//!
//! The contract's rules: only a `primary_email` is scheduled or test-sent; scheduling needs
//! `DRAFT`, `DONE` or `ERROR` and recipients; unscheduling needs `SCHEDULED` and restores the
//! status before it; a test goes to 1–5 addresses and at most 50 a day.
//!
//! Uncertain, so lenient: a date that is not in the future sends at once (what the
//! contract's `"0"` does; `"0"` itself is refused before this module, as the body is read as
//! a date-time) and answers an empty schedule; an address is only checked for an `@` with text
//! around it; the send history of a permalink is refused, as the contract allows it only for
//! primary emails and resends.

use std::collections::BTreeSet;

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::v3::emails::{
    CampaignActivityRole, CampaignActivityStatus, EmailSchedule, EmailScheduleResponse, EmailSend,
    EmailSendHistory, GetEmailSchedules, GetEmailSendHistory, ScheduleEmailCampaignActivity,
    SendStatus, TestSendEmailCampaignActivity, UnscheduleEmailCampaignActivity,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::email_activities::{live, live_primary};
use super::emails::invalid;
use super::respond::{V3Error, json, no_content};
use super::segments::criteria_of;
use super::store::campaigns::Recipient;
use super::store::{Store, is_active, now};

/// Test-send recipients allowed per UTC day.
const TESTS_PER_DAY: usize = 50;

/// Sends every scheduled activity whose date is not after `at`.
pub(crate) fn send_due(store: &mut Store, at: DateTime) {
    let due: Vec<String> = store
        .campaigns
        .activities
        .iter()
        .filter(|(_, r)| {
            r.status() == CampaignActivityStatus::Scheduled && r.scheduled.is_some_and(|d| d <= at)
        })
        .map(|(id, _)| id.as_str().to_owned())
        .collect();
    for id in due {
        send(store, &id, at);
    }
}

/// The active contacts an activity goes to, in contact order, as recipients sent at `at`.
fn audience(store: &Store, id: &str, at: DateTime) -> Vec<Recipient> {
    let Some(a) = store.campaigns.activity(id).map(|r| &r.activity) else {
        return Vec::new();
    };
    let lists: BTreeSet<&str> = a
        .contact_list_ids
        .iter()
        .flatten()
        .map(|l| l.as_str())
        .collect();
    let segment = a
        .segment_ids
        .iter()
        .flatten()
        .next()
        .and_then(|s| criteria_of(store, *s).ok());
    store
        .contacts
        .values()
        .filter(|c| is_active(c))
        .filter(|c| {
            let on_list = c
                .list_memberships
                .iter()
                .flatten()
                .any(|l| lists.contains(l.as_str()));
            on_list || segment.as_ref().is_some_and(|s| s.matches(c))
        })
        .filter_map(|c| {
            Some(Recipient {
                contact_id: c.contact_id.clone()?,
                email_address: c.email_address.as_ref()?.address.clone()?,
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                sent_at: at,
            })
        })
        .collect()
}

/// Sends activity `id` now: `DONE`, and one more send in its history.
fn send(store: &mut Store, id: &str, at: DateTime) {
    let reached = audience(store, id, at);
    let count = i64::try_from(reached.len()).unwrap_or(i64::MAX);
    let Some(r) = store.campaigns.activity_mut(id) else {
        return;
    };
    r.recipients.extend(reached);
    let send_id = i64::try_from(r.sends.len() + 1).unwrap_or(i64::MAX);
    r.sends.push(EmailSend {
        send_id: Some(send_id),
        contact_list_ids: r.activity.contact_list_ids.clone(),
        segment_ids: r.activity.segment_ids.clone(),
        count: Some(count),
        run_date: Some(at),
        send_status: Some(SendStatus::Completed),
        reason_code: Some(if count == 0 { 12 } else { 0 }),
        ..Default::default()
    });
    r.scheduled = None;
    r.before_schedule = None;
    if let Some((resend, _)) = &mut r.resend {
        resend.resend_status = Some("SCHEDULED".to_owned());
    }
    store
        .campaigns
        .set_status(id, CampaignActivityStatus::Done, at);
}

fn schedule_of(scheduled: Option<DateTime>) -> EmailScheduleResponse {
    EmailScheduleResponse {
        schedules: Some(
            scheduled
                .map(|d| EmailSchedule {
                    scheduled_date: Some(d),
                    ..Default::default()
                })
                .into_iter()
                .collect(),
        ),
    }
}

/// `GET …/schedules`: empty unless the activity is `SCHEDULED`.
pub(crate) fn get_schedule(cx: &mut Ctx<'_>, req: GetEmailSchedules) -> Result<Response, V3Error> {
    let r = live(&cx.store, &req.campaign_activity_id)?;
    let scheduled = (r.status() == CampaignActivityStatus::Scheduled)
        .then_some(r.scheduled)
        .flatten();
    Ok(json(200, &schedule_of(scheduled)))
}

/// `POST …/schedules`.
pub(crate) fn schedule(
    cx: &mut Ctx<'_>,
    req: ScheduleEmailCampaignActivity,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let store = &mut cx.store;
    let r = live_primary(store, &id, "be scheduled")?;
    let status = r.status();
    if !matches!(
        status,
        CampaignActivityStatus::Draft
            | CampaignActivityStatus::Done
            | CampaignActivityStatus::Error
    ) {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; only DRAFT, DONE or ERROR activities can be scheduled",
            id.as_str(),
            status.as_str()
        )));
    }
    let a = &r.activity;
    let has_lists = a.contact_list_ids.as_ref().is_some_and(|l| !l.is_empty());
    let has_segment = a.segment_ids.as_ref().is_some_and(|s| !s.is_empty());
    if !has_lists && !has_segment {
        return Err(invalid(format!(
            "campaign activity {:?} has no contact_list_ids or segment_ids to send to",
            id.as_str()
        )));
    }
    req.payload
        .validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    let at = now();
    let date = req.payload.scheduled_date;
    if date <= at {
        send(store, &id, at);
        return Ok(json(201, &schedule_of(None)));
    }
    if let Some(r) = store.campaigns.activity_mut(&id) {
        r.before_schedule = Some(status);
        r.scheduled = Some(date);
    }
    store
        .campaigns
        .set_status(&id, CampaignActivityStatus::Scheduled, at);
    Ok(json(201, &schedule_of(Some(date))))
}

/// `DELETE …/schedules`: back to the status before scheduling.
pub(crate) fn unschedule(
    cx: &mut Ctx<'_>,
    req: UnscheduleEmailCampaignActivity,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let store = &mut cx.store;
    let r = live(store, &id)?;
    let status = r.status();
    if status != CampaignActivityStatus::Scheduled {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; only a SCHEDULED activity can be unscheduled",
            id.as_str(),
            status.as_str()
        )));
    }
    let before = r
        .before_schedule
        .clone()
        .unwrap_or(CampaignActivityStatus::Draft);
    if let Some(r) = store.campaigns.activity_mut(&id) {
        r.scheduled = None;
        r.before_schedule = None;
    }
    store.campaigns.set_status(&id, before, now());
    Ok(no_content())
}

fn looks_like_address(a: &str) -> bool {
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !a.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// `POST …/tests`.
pub(crate) fn test_send(
    cx: &mut Ctx<'_>,
    req: TestSendEmailCampaignActivity,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let body = req.payload;
    let store = &mut cx.store;
    live_primary(store, &id, "be test-sent")?;
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    let n = body.email_addresses.len();
    if n == 0 || n > 5 {
        return Err(invalid(format!(
            "email_addresses has {n} values; 1 to 5 are allowed"
        )));
    }
    if let Some(bad) = body.email_addresses.iter().find(|a| !looks_like_address(a)) {
        return Err(invalid(format!(
            "email_addresses {bad:?} is not an email address"
        )));
    }
    let day = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .div_euclid(86_400);
    let (counted_day, sent) = store.campaigns.tests_today;
    let sent = if counted_day == day { sent } else { 0 };
    if sent + n > TESTS_PER_DAY {
        return Err(invalid(format!(
            "email_addresses: {n} more test recipients would pass the {TESTS_PER_DAY} allowed a day ({sent} sent today)"
        )));
    }
    store.campaigns.tests_today = (day, sent + n);
    Ok(no_content())
}

/// `GET …/send_history`: oldest first, empty until sent.
pub(crate) fn history(cx: &mut Ctx<'_>, req: GetEmailSendHistory) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let r = live(&cx.store, &id)?;
    if r.activity.role == Some(CampaignActivityRole::Permalink) {
        return Err(invalid(format!(
            "campaign activity {:?} has role permalink; send history is kept for primary_email and resend activities",
            id.as_str()
        )));
    }
    Ok(json(
        200,
        &EmailSendHistory {
            sends: Some(r.sends.clone()),
        },
    ))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ctct_models::v3::common::{CampaignActivityId, CampaignId};
    use ctct_models::v3::emails::{
        CampaignActivityRole, CampaignActivityStatus, CampaignStatus, EmailCampaign,
        EmailCampaignActivity, SendStatus,
    };

    use super::send_due;
    use crate::v3::seed;
    use crate::v3::store::Store;

    /// A scheduled activity is sent once its date has passed, and not before.
    #[test]
    fn a_due_schedule_is_sent_at_the_next_look() {
        let mut store = Store::new(7, Duration::ZERO);
        seed::seed(&mut store);
        let list = store.lists.values().next().and_then(|l| l.list_id.clone());
        let campaign: CampaignId = store.uuid();
        let id: CampaignActivityId = store.uuid();
        store.campaigns.insert(
            EmailCampaign {
                campaign_id: Some(campaign.clone()),
                current_status: Some(CampaignStatus::Draft),
                ..Default::default()
            },
            vec![EmailCampaignActivity {
                campaign_activity_id: Some(id.clone()),
                campaign_id: Some(campaign.clone()),
                role: Some(CampaignActivityRole::PrimaryEmail),
                current_status: Some(CampaignActivityStatus::Draft),
                contact_list_ids: Some(list.into_iter().collect()),
                ..Default::default()
            }],
        );
        let at: ctct_models::DateTime = "2030-01-01T00:00:00Z".parse().unwrap();
        store.campaigns.activity_mut(&id).unwrap().scheduled = Some(at);
        store
            .campaigns
            .set_status(&id, CampaignActivityStatus::Scheduled, at);

        send_due(&mut store, "2029-12-31T23:59:59Z".parse().unwrap());
        let r = store.campaigns.activity(&id).unwrap();
        assert_eq!(r.status(), CampaignActivityStatus::Scheduled);
        assert!(r.sends.is_empty());

        send_due(&mut store, at);
        let r = store.campaigns.activity(&id).unwrap();
        assert_eq!(r.status(), CampaignActivityStatus::Done);
        assert_eq!(r.scheduled, None);
        assert_eq!(r.sends.len(), 1);
        assert_eq!(r.sends[0].send_status, Some(SendStatus::Completed));
        // The first seeded list holds Ada and Grace.
        assert_eq!(r.sends[0].count, Some(2));
        assert_eq!(r.sends[0].run_date, Some(at));
        let c = store.campaigns.campaign(&campaign).unwrap();
        assert_eq!(c.current_status, Some(CampaignStatus::Done));
    }
}
