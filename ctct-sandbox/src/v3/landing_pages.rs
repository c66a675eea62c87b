//! `/v3/reports/landing_pages/campaign_details/{campaign_activity_id}/p_…`: the six landing
//! page reports (unique clicks, unique and all views, contacts updated, contacts added, SMS
//! opt-ins).
//!
//! The sandbox has no landing page campaigns. The contract keys these reports by a campaign
//! activity id, like the email reports, and lists 404 for an id it does not know; an email
//! activity is a campaign activity that simply has no landing page events. So an unknown (or
//! deleted) activity id is a 404 naming it, and a known email activity answers an empty page
//! rather than a 404 (a client walking every activity's reports sees "nothing happened", not an
//! error). `limit` is checked as on the other V3 lists (1–500, 50 when absent; the contract
//! gives no maximum) and `contacts_filter` is accepted, as there are no contacts to filter.

use axum::response::Response;
use ctct_models::v3::landing_page_reports::{
    PContactAddTrackingActivitiesPage, PContactClickTrackingActivitiesPage,
    PContactOpensTrackingActivitiesPage, PContactSMSOptInTrackingActivitiesPage,
    PContactUpdateTrackingActivitiesPage,
};

use super::Ctx;
use super::email_activities::live;
use super::email_reports::limit;
use super::paging::{DEFAULT_LIMIT, PageQuery};
use super::respond::{V3Error, json};

/// The largest `limit` the sandbox takes.
const MAX_LIMIT: usize = 500;

/// Which landing page report a request reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    UniqueClicks,
    UniqueOpens,
    Opens,
    Updates,
    Adds,
    SmsOptIns,
}

/// `GET …/p_{kind}`: a 404 for an unknown activity, else an empty page.
pub(crate) fn report(cx: &mut Ctx<'_>, kind: Kind) -> Result<Response, V3Error> {
    let q = PageQuery::parse(cx.query.clone())?;
    limit(&q, MAX_LIMIT, DEFAULT_LIMIT)?;
    live(&cx.store, &cx.params[0])?;
    Ok(match kind {
        Kind::UniqueClicks => json(
            200,
            &PContactClickTrackingActivitiesPage {
                tracking_activities: Some(Vec::new()),
                ..Default::default()
            },
        ),
        Kind::UniqueOpens | Kind::Opens => json(
            200,
            &PContactOpensTrackingActivitiesPage {
                tracking_activities: Some(Vec::new()),
                ..Default::default()
            },
        ),
        Kind::Updates => json(
            200,
            &PContactUpdateTrackingActivitiesPage {
                tracking_activities: Some(Vec::new()),
                ..Default::default()
            },
        ),
        Kind::Adds => json(
            200,
            &PContactAddTrackingActivitiesPage {
                tracking_activities: Some(Vec::new()),
                ..Default::default()
            },
        ),
        Kind::SmsOptIns => json(
            200,
            &PContactSMSOptInTrackingActivitiesPage {
                tracking_activities: Some(Vec::new()),
                ..Default::default()
            },
        ),
    })
}
