//! Contacts Reporting (3 operations): a contact's tracking activities, its open and click
//! rates and its per-campaign activity summary.

use ctct_models::endpoint::Method;
use ctct_models::v3::reporting::{
    GetContactActivityDetails, GetContactActivitySummary, GetContactOpenAndClickRates,
    TrackingActivityKind,
};

use super::{Case, bare, decodes};

const C1: &str = "1618ae62-4752-11e9-9c8a-fa163e6b01c1";

pub fn wire() -> Vec<Case> {
    vec![
        bare(
            GetContactActivityDetails::new(C1)
                .tracking_activities_list([
                    TrackingActivityKind::EmOpens,
                    TrackingActivityKind::EmClicks,
                ])
                .tracking_activity_type(["em_sends"])
                .include_campaign_activity_names(true)
                .limit(100),
            Method::Get,
            "/reports/contact_reports/1618ae62-4752-11e9-9c8a-fa163e6b01c1/activity_details\
             ?tracking_activities_list=em_opens%2Cem_clicks&tracking_activity_type=em_sends\
             &include_campaign_activity_names=true&limit=100",
        ),
        bare(
            GetContactOpenAndClickRates::new(C1, "2026-01-01", "2026-03-31"),
            Method::Get,
            "/reports/contact_reports/1618ae62-4752-11e9-9c8a-fa163e6b01c1/open_and_click_rates\
             ?start=2026-01-01&end=2026-03-31",
        ),
        bare(
            GetContactActivitySummary::new(C1, "2026-01-01T00:00:00Z", "2026-03-31T23:59:59Z"),
            Method::Get,
            "/reports/contact_reports/1618ae62-4752-11e9-9c8a-fa163e6b01c1/activity_summary\
             ?start=2026-01-01T00%3A00%3A00Z&end=2026-03-31T23%3A59%3A59Z",
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetContactActivityDetails>(
            200,
            r#"{"tracking_activities":[
                  {"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1",
                   "campaign_activity_id":"ca1","created_time":"2026-02-01T12:00:00.000Z",
                   "tracking_activity_type":"em_opens","campaign_activity_name":"February news"},
                  {"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1","campaign_activity_id":"ca1",
                   "created_time":"2026-02-01T11:00:00.000Z","tracking_activity_type":"em_sends"}],
                "_links":{"next":{"href":"/v3/reports/contact_reports/c/activity_details?cursor=x"}}}"#,
            |page| {
                let acts = page.tracking_activities.unwrap();
                assert_eq!(acts.len(), 2);
                assert_eq!(acts[0].tracking_activity_type.as_deref(), Some("em_opens"));
                assert_eq!(
                    acts[0].campaign_activity_name.as_deref(),
                    Some("February news")
                );
                assert_eq!(
                    acts[1].created_time.unwrap().to_string(),
                    "2026-02-01T11:00:00.000Z"
                );
                assert!(page.links.unwrap().next.is_some());
            },
        ),
        decodes::<GetContactOpenAndClickRates>(
            200,
            r#"{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1","included_activities_count":4,
                "average_open_rate":0.75,"average_click_rate":0.25}"#,
            |r| {
                assert_eq!(r.contact_id.unwrap(), *C1);
                assert_eq!(r.included_activities_count, Some(4));
                assert_eq!(r.average_open_rate, Some(0.75));
                assert_eq!(r.average_click_rate, Some(0.25));
            },
        ),
        decodes::<GetContactActivitySummary>(
            200,
            r#"{"contact_id":"1618ae62-4752-11e9-9c8a-fa163e6b01c1",
                "campaign_activities":[{"campaign_activity_id":"ca1",
                  "start_on":"2026-02-01T11:00:00.000Z","em_bounces":0,"em_clicks":1,
                  "em_forwards":0,"em_opens":3,"em_sends":1,"em_unsubscribes":0}],
                "_links":{"next":{"href":"/v3/reports/contact_reports/c/activity_summary?cursor=y"}}}"#,
            |s| {
                let c = &s.campaign_activities.unwrap()[0];
                assert_eq!(c.campaign_activity_id.as_deref(), Some("ca1"));
                assert_eq!(
                    (c.em_opens, c.em_clicks, c.em_sends),
                    (Some(3), Some(1), Some(1))
                );
                assert!(c.start_on.is_some());
            },
        ),
    ]
}
