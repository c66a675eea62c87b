//! What a primary email may have besides its content: one resend to non-openers and one
//! subject-line A/B test.
//!
//! Resends, by the contract: one per campaign (409 for a second); the primary email must be
//! `DRAFT`, `SCHEDULED` or `DONE`; `delay_days` 1–10 or `delay_minutes` 720–14,400, and when
//! both are sent the minutes are ignored; a whole number of days in minutes is also answered
//! as `delay_days`. The resend's id is `DRAFT` while the campaign is a draft, a number
//! otherwise; creating one adds a `resend` activity to the campaign, deleting it removes it.
//!
//! A/B tests, by the contract: only on a `DRAFT` primary email, one at a time (409),
//! `test_size` 5–50 and `winner_wait_duration` 6, 12, 24 or 48 (400 naming the value);
//! creating one makes the campaign's `type_code` 57, deleting it (drafts only) makes it 10
//! again.
//!
//! Uncertain, so lenient: a resend without either delay is taken; the `type` text is left as
//! it was when the code changes (the contract names only the codes).

use axum::response::Response;
use ctct_models::v3::common::CampaignActivityId;
use ctct_models::v3::emails::{
    ABTestData, ActivityReference, CampaignActivityRole, CampaignActivityStatus, CreateEmailAbTest,
    CreateResendToNonOpeners, DeleteEmailAbTest, DeleteResendToNonOpeners, EmailCampaignActivity,
    GetEmailAbTest, GetResendToNonOpeners, ResendToNonOpeners, ResendToNonOpenersItem,
    ResendToNonOpenersObject,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::email_activities::live_primary;
use super::emails::{NEWSLETTER, invalid};
use super::respond::{V3Error, json, no_content};
use super::store::now;

/// `type_code` of an A/B test campaign.
const AB_TEST: i64 = 57;

/// The waits an A/B test may take, in hours.
const WINNER_WAITS: [i64; 4] = [6, 12, 24, 48];

/// Minutes in a day.
const DAY: i64 = 1440;

/// `GET …/non_opener_resends`: empty or the one resend.
pub(crate) fn get_resends(
    cx: &mut Ctx<'_>,
    req: GetResendToNonOpeners,
) -> Result<Response, V3Error> {
    let r = live_primary(&cx.store, &req.campaign_activity_id, "have a resend")?;
    let resends: Vec<ResendToNonOpenersItem> = r.resend.iter().map(|(x, _)| x.clone()).collect();
    Ok(json(
        200,
        &ResendToNonOpeners {
            resends: Some(resends),
        },
    ))
}

/// `POST …/non_opener_resends`.
pub(crate) fn create_resend(
    cx: &mut Ctx<'_>,
    req: CreateResendToNonOpeners,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let body = req.payload;
    let store = &mut cx.store;
    let r = live_primary(store, &id, "have a resend")?;
    let status = r.status();
    if !matches!(
        status,
        CampaignActivityStatus::Draft
            | CampaignActivityStatus::Scheduled
            | CampaignActivityStatus::Done
    ) {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; a resend needs a DRAFT, SCHEDULED or DONE email",
            id.as_str(),
            status.as_str()
        )));
    }
    if r.resend.is_some() {
        return Err(V3Error::conflict(
            "emails.api.conflict",
            format!(
                "campaign activity {:?} already has a resend to non-openers",
                id.as_str()
            ),
        ));
    }
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    if body.resend_subject.trim().is_empty() {
        return Err(invalid("resend_subject must not be empty"));
    }
    let (days, minutes) = match (body.delay_days, body.delay_minutes) {
        (Some(d), _) => (Some(d), Some(d * DAY)),
        (None, Some(m)) => ((m % DAY == 0).then_some(m / DAY), Some(m)),
        (None, None) => (None, None),
    };
    let primary = r.activity.clone();
    let request_id = if status == CampaignActivityStatus::Draft {
        "DRAFT".to_owned()
    } else {
        store.campaigns.next_resend_id()
    };
    let resend_activity_id: CampaignActivityId = store.uuid();
    let item = ResendToNonOpenersItem {
        resend_subject: Some(body.resend_subject.clone()),
        delay_days: days,
        delay_minutes: minutes,
        resend_request_id: Some(request_id.clone()),
        resend_status: (status != CampaignActivityStatus::Draft)
            .then(|| status.as_str().to_owned()),
        ..Default::default()
    };
    let resend = EmailCampaignActivity {
        campaign_activity_id: Some(resend_activity_id.clone()),
        role: Some(CampaignActivityRole::Resend),
        subject: Some(body.resend_subject.clone()),
        current_status: Some(CampaignActivityStatus::Draft),
        ..primary.clone()
    };
    store.campaigns.insert_activity(resend);
    if let Some(r) = store.campaigns.activity_mut(&id) {
        r.resend = Some((item, resend_activity_id.clone()));
    }
    if let Some(c) = primary
        .campaign_id
        .as_ref()
        .and_then(|c| store.campaigns.campaign_mut(c))
    {
        c.campaign_activities
            .get_or_insert_with(Vec::new)
            .push(ActivityReference {
                campaign_activity_id: Some(resend_activity_id),
                role: Some(CampaignActivityRole::Resend),
                ..Default::default()
            });
        c.updated_at = Some(now());
    }
    Ok(json(
        201,
        &ResendToNonOpenersObject {
            resend_subject: Some(body.resend_subject),
            delay_days: days,
            delay_minutes: minutes,
            resend_request_id: Some(request_id),
            ..Default::default()
        },
    ))
}

/// `DELETE …/non_opener_resends/{resend_request_id}`.
pub(crate) fn delete_resend(
    cx: &mut Ctx<'_>,
    req: DeleteResendToNonOpeners,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let wanted = req.resend_request_id;
    let store = &mut cx.store;
    let r = live_primary(store, &id, "have a resend")?;
    let campaign = r.activity.campaign_id.clone();
    let Some((item, resend_activity)) = r
        .resend
        .clone()
        .filter(|(x, _)| x.resend_request_id.as_deref() == Some(wanted.as_str()))
    else {
        return Err(V3Error::not_found("emails.resends", &wanted));
    };
    if item.resend_date.is_some() {
        return Err(V3Error::conflict(
            "emails.api.conflict",
            format!("resend {wanted:?} was already sent"),
        ));
    }
    if let Some(r) = store.campaigns.activity_mut(&id) {
        r.resend = None;
    }
    if let Some(r) = store.campaigns.activity_mut(&resend_activity) {
        r.activity.current_status = Some(CampaignActivityStatus::Removed);
    }
    if let Some(c) = campaign
        .as_ref()
        .and_then(|c| store.campaigns.campaign_mut(c))
    {
        if let Some(list) = &mut c.campaign_activities {
            list.retain(|a| a.campaign_activity_id.as_ref() != Some(&resend_activity));
        }
        c.updated_at = Some(now());
    }
    Ok(no_content())
}

/// `GET …/abtest`: 404 when the email has none.
pub(crate) fn get_ab_test(cx: &mut Ctx<'_>, req: GetEmailAbTest) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let r = live_primary(&cx.store, &id, "have an A/B test")?;
    match &r.ab_test {
        Some(t) => Ok(json(200, t)),
        None => Err(V3Error::not_found("emails.abtest", &id)),
    }
}

fn set_type_code(cx: &mut Ctx<'_>, campaign: Option<&str>, code: i64) {
    if let Some(c) = campaign.and_then(|c| cx.store.campaigns.campaign_mut(c)) {
        c.type_code = Some(code);
        c.updated_at = Some(now());
    }
}

/// `POST …/abtest`.
pub(crate) fn create_ab_test(
    cx: &mut Ctx<'_>,
    req: CreateEmailAbTest,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let body = req.payload;
    let r = live_primary(&cx.store, &id, "have an A/B test")?;
    let status = r.status();
    if status != CampaignActivityStatus::Draft {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; an A/B test needs a DRAFT email",
            id.as_str(),
            status.as_str()
        )));
    }
    if r.ab_test.is_some() {
        return Err(V3Error::conflict(
            "emails.api.conflict",
            format!(
                "campaign activity {:?} already has an A/B test",
                id.as_str()
            ),
        ));
    }
    let campaign = r.activity.campaign_id.clone();
    body.validate(WriteKind::Create)
        .map_err(|e| invalid(e.to_string()))?;
    if body.alternative_subject.trim().is_empty() {
        return Err(invalid("alternative_subject must not be empty"));
    }
    if !(5..=50).contains(&body.test_size) {
        return Err(invalid(format!(
            "test_size {} must be from 5 to 50",
            body.test_size
        )));
    }
    if !WINNER_WAITS.contains(&body.winner_wait_duration) {
        return Err(invalid(format!(
            "winner_wait_duration {} must be 6, 12, 24 or 48",
            body.winner_wait_duration
        )));
    }
    let test = ABTestData {
        alternative_subject: Some(body.alternative_subject),
        test_size: Some(body.test_size),
        winner_wait_duration: Some(body.winner_wait_duration),
        ..Default::default()
    };
    if let Some(r) = cx.store.campaigns.activity_mut(&id) {
        r.ab_test = Some(test.clone());
    }
    set_type_code(cx, campaign.as_deref(), AB_TEST);
    Ok(json(201, &test))
}

/// `DELETE …/abtest`: drafts only.
pub(crate) fn delete_ab_test(
    cx: &mut Ctx<'_>,
    req: DeleteEmailAbTest,
) -> Result<Response, V3Error> {
    let id = req.campaign_activity_id;
    let r = live_primary(&cx.store, &id, "have an A/B test")?;
    if r.ab_test.is_none() {
        return Err(V3Error::not_found("emails.abtest", &id));
    }
    let status = r.status();
    if status != CampaignActivityStatus::Draft {
        return Err(invalid(format!(
            "campaign activity {:?} is {}; only a DRAFT email's A/B test can be deleted",
            id.as_str(),
            status.as_str()
        )));
    }
    let campaign = r.activity.campaign_id.clone();
    if let Some(r) = cx.store.campaigns.activity_mut(&id) {
        r.ab_test = None;
    }
    set_type_code(cx, campaign.as_deref(), NEWSLETTER);
    Ok(no_content())
}
