//! `/v3/reports/contact_reports/{contact_id}/…`: a contact's tracking activities, its
//! activity counts per campaign and its open and click rates over a date range.
//!
//! The V3 emulator sends no campaigns, so every contact's report is empty, but in the
//! contract's shapes and with its checks: 404 for an unknown contact, the activity kinds and
//! `limit` validated, `start` and `end` read as ISO-8601 (and `end` not before `start`).

use axum::response::Response;
use ctct_models::DateTime;
use ctct_models::v3::reporting::{
    ContactCampaignActivitiesSummary, ContactOpenAndClickRates, ContactTrackingActivitiesPage,
    GetContactActivityDetails,
};

use super::Ctx;
use super::respond::{V3Error, json};

fn contact(cx: &Ctx<'_>) -> Result<ctct_models::v3::common::ContactId, V3Error> {
    let id = &cx.params[0];
    let seq = cx
        .store
        .contact_seq(id)
        .ok_or_else(|| V3Error::not_found("contacts", id))?;
    Ok(cx
        .store
        .contacts
        .get(&seq)
        .and_then(|c| c.contact_id.clone())
        .unwrap_or_else(|| id.as_str().into()))
}

/// `start` and `end`, each ISO-8601 (date-time or date), `end` not before `start`.
fn range(start: &str, end: &str) -> Result<(DateTime, DateTime), V3Error> {
    let read = |name: &str, v: &str| {
        ctct_models::incoming::value::datetime(
            ctct_models::incoming::ParseErrorKind::Query,
            name,
            v,
        )
        .map_err(|e| V3Error::bad_request(e.message))
    };
    let (s, e) = (read("start", start)?, read("end", end)?);
    if e < s {
        return Err(V3Error::bad_request(format!(
            "end {end:?} is before start {start:?}"
        )));
    }
    Ok((s, e))
}

/// `GET …/activity_details`.
pub(crate) fn details(
    cx: &mut Ctx<'_>,
    request: &GetContactActivityDetails,
) -> Result<Response, V3Error> {
    contact(cx)?;
    if let Some(bad) = request
        .tracking_activities_list
        .iter()
        .find(|k| !ctct_models::enums::ClosedEnum::is_known(*k))
    {
        return Err(V3Error::bad_request(format!(
            "tracking_activities_list {:?} is not a tracking activity kind",
            ctct_models::enums::ClosedEnum::as_str(bad)
        )));
    }
    if let Some(limit) = request.limit
        && !(1..=100).contains(&limit)
    {
        return Err(V3Error::bad_request(format!(
            "limit \"{limit}\" must be a number from 1 to 100"
        )));
    }
    Ok(json(
        200,
        &ContactTrackingActivitiesPage {
            tracking_activities: Some(Vec::new()),
            ..Default::default()
        },
    ))
}

/// `GET …/open_and_click_rates`.
pub(crate) fn rates(cx: &mut Ctx<'_>, start: &str, end: &str) -> Result<Response, V3Error> {
    let id = contact(cx)?;
    range(start, end)?;
    Ok(json(
        200,
        &ContactOpenAndClickRates {
            contact_id: Some(id),
            included_activities_count: Some(0),
            average_open_rate: Some(0.0),
            average_click_rate: Some(0.0),
            ..Default::default()
        },
    ))
}

/// `GET …/activity_summary`.
pub(crate) fn summary(cx: &mut Ctx<'_>, start: &str, end: &str) -> Result<Response, V3Error> {
    let id = contact(cx)?;
    range(start, end)?;
    Ok(json(
        200,
        &ContactCampaignActivitiesSummary {
            contact_id: Some(id),
            campaign_activities: Some(Vec::new()),
            ..Default::default()
        },
    ))
}
