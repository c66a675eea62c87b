//! Contacts Reporting over HTTP: a seeded contact (who has received no campaign) has no
//! tracking activities, zero rates and no campaign summaries; an unknown contact is a 404.

use ctct_models::endpoint::EndpointSpec;
use ctct_models::v3::reporting::{
    self, GetContactActivityDetails, GetContactActivitySummary, GetContactOpenAndClickRates,
    TrackingActivityKind,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &reporting::GET_CONTACT_ACTIVITY_DETAILS,
    &reporting::GET_CONTACT_OPEN_AND_CLICK_RATES,
    &reporting::GET_CONTACT_ACTIVITY_SUMMARY,
];

#[tokio::test]
async fn contacts_reporting() {
    let ops = Ops::start().await;
    let ada = ops.contact_ids().await[1].clone();

    let details = ops
        .ok(
            GetContactActivityDetails::new(&ada)
                .tracking_activities_list([TrackingActivityKind::EmOpens])
                .include_campaign_activity_names(true)
                .limit(10),
            200,
        )
        .await;
    assert_eq!(details.tracking_activities, Some(vec![]));

    let rates = ops
        .ok(
            GetContactOpenAndClickRates::new(&ada, "2026-01-01T00:00:00Z", "2026-03-31T00:00:00Z"),
            200,
        )
        .await;
    assert_eq!(rates.contact_id.as_ref(), Some(&ada));
    assert_eq!(rates.included_activities_count, Some(0));
    assert_eq!(rates.average_open_rate, Some(0.0));

    let summary = ops
        .ok(
            GetContactActivitySummary::new(&ada, "2026-01-01T00:00:00Z", "2026-03-31T00:00:00Z"),
            200,
        )
        .await;
    assert_eq!(summary.contact_id.as_ref(), Some(&ada));
    assert_eq!(summary.campaign_activities, Some(vec![]));

    ops.refused(
        GetContactOpenAndClickRates::new(&ada, "2026-03-31T00:00:00Z", "2026-01-01T00:00:00Z"),
        400,
    )
    .await;
    ops.refused(
        GetContactActivitySummary::new(
            "no-such-contact",
            "2026-01-01T00:00:00Z",
            "2026-03-31T00:00:00Z",
        ),
        404,
    )
    .await;
    ops.refused(GetContactActivityDetails::new("no-such-contact"), 404)
        .await;

    ops.covered(OPS);
}
