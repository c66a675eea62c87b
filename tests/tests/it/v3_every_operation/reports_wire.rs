//! Campaign reporting (19 operations: Email Reporting, SMS Reporting, Landing Pages
//! Reporting): the exact request of each and the decoding of an answer in the contract's shape.
//! The same operations against the sandbox, with state, are in `reports.rs`.

use ctct_models::DateTime;
use ctct_models::endpoint::Method;
use ctct_models::v3::common::{CampaignActivityId, CampaignId};
use ctct_models::v3::email_reports::{
    BounceCode, GetEmailBounces, GetEmailCampaignActivityStats, GetEmailCampaignStats,
    GetEmailCampaignSummaries, GetEmailClicks, GetEmailDidNotOpens, GetEmailForwards,
    GetEmailLinkStats, GetEmailOpens, GetEmailOptouts, GetEmailSends, GetEmailUniqueOpens,
    GetSmsCampaignSummaries,
};
use ctct_models::v3::landing_page_reports::{
    GetLandingPageContactOpens, GetLandingPageUniqueContactAdds, GetLandingPageUniqueContactClicks,
    GetLandingPageUniqueContactOpens, GetLandingPageUniqueContactSmsOptins,
    GetLandingPageUniqueContactUpdates,
};

use super::{Case, bare, decodes};

const CAMPAIGN: &str = "8987dc1a-48ef-433a-b836-7ca4f9aa3481";
const ACTIVITY: &str = "4c08372c-957a-48b5-bc45-72c7f00796cd";
const OTHER: &str = "5d19483d-a68f-49c6-cd56-83d8011807de";
const CONTACT: &str = "a3c3e8e0-27a4-11ee-8e47-fa163e6a92d8";

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

pub fn wire() -> Vec<Case> {
    let r = format!("/reports/email_reports/{ACTIVITY}");
    let lp = format!("/reports/landing_pages/campaign_details/{ACTIVITY}");
    vec![
        bare(
            GetEmailLinkStats::new(ACTIVITY).no_clicks(true),
            Method::Get,
            &format!("{r}/links?no_clicks=true"),
        ),
        bare(
            GetEmailSends::new(ACTIVITY).limit(100),
            Method::Get,
            &format!("{r}/tracking/sends?limit=100"),
        ),
        bare(
            GetEmailOpens::new(ACTIVITY).limit(1),
            Method::Get,
            &format!("{r}/tracking/opens?limit=1"),
        ),
        bare(
            GetEmailUniqueOpens::new(ACTIVITY),
            Method::Get,
            &format!("{r}/tracking/unique_opens"),
        ),
        bare(
            GetEmailDidNotOpens::new(ACTIVITY).limit(500),
            Method::Get,
            &format!("{r}/tracking/didnotopens?limit=500"),
        ),
        bare(
            GetEmailClicks::new(ACTIVITY).url_id(1000000001).limit(20),
            Method::Get,
            &format!("{r}/tracking/clicks?url_id=1000000001&limit=20"),
        ),
        bare(
            GetEmailForwards::new(ACTIVITY),
            Method::Get,
            &format!("{r}/tracking/forwards"),
        ),
        bare(
            GetEmailOptouts::new(ACTIVITY).limit(5),
            Method::Get,
            &format!("{r}/tracking/optouts?limit=5"),
        ),
        bare(
            GetEmailBounces::new(ACTIVITY).bounce_code([BounceCode::B, BounceCode::F]),
            Method::Get,
            &format!("{r}/tracking/bounces?bounce_code=B&bounce_code=F"),
        ),
        bare(
            GetEmailCampaignSummaries::new().limit(10),
            Method::Get,
            "/reports/summary_reports/email_campaign_summaries?limit=10",
        ),
        bare(
            GetEmailCampaignStats::for_campaigns(&[
                CampaignId::from(CAMPAIGN),
                CampaignId::from(OTHER),
            ])
            .unwrap(),
            Method::Get,
            &format!("/reports/stats/email_campaigns/{CAMPAIGN}%2C{OTHER}"),
        ),
        bare(
            GetEmailCampaignActivityStats::for_activities(&[CampaignActivityId::from(ACTIVITY)])
                .unwrap(),
            Method::Get,
            &format!("/reports/stats/email_campaign_activities/{ACTIVITY}"),
        ),
        bare(
            GetSmsCampaignSummaries::new(at("2026-01-01T00:00:00Z"))
                .end_at(at("2026-02-01T00:00:00Z"))
                .limit(15),
            Method::Get,
            "/reports/summary_reports/sms_campaign_summaries?limit=15&start_at=2026-01-01T00%3A00%3A00.000Z&end_at=2026-02-01T00%3A00%3A00.000Z",
        ),
        bare(
            GetLandingPageUniqueContactClicks::new(ACTIVITY)
                .limit(10)
                .contacts_filter("Jo"),
            Method::Get,
            &format!("{lp}/p_unique_contact_clicks?limit=10&contacts_filter=Jo"),
        ),
        bare(
            GetLandingPageUniqueContactOpens::new(ACTIVITY),
            Method::Get,
            &format!("{lp}/p_unique_contact_opens"),
        ),
        bare(
            GetLandingPageContactOpens::new(ACTIVITY).contacts_filter("a b"),
            Method::Get,
            &format!("{lp}/p_contact_opens?contacts_filter=a%20b"),
        ),
        bare(
            GetLandingPageUniqueContactUpdates::new(ACTIVITY).limit(2),
            Method::Get,
            &format!("{lp}/p_unique_contact_updates?limit=2"),
        ),
        bare(
            GetLandingPageUniqueContactAdds::new(ACTIVITY),
            Method::Get,
            &format!("{lp}/p_unique_contact_adds"),
        ),
        bare(
            GetLandingPageUniqueContactSmsOptins::new(ACTIVITY),
            Method::Get,
            &format!("{lp}/p_unique_contact_sms_optins"),
        ),
    ]
}

/// A tracking row with the fields every kind shares, then `extra` (JSON members).
fn row(kind: &str, extra: &str) -> String {
    format!(
        r#"{{"contact_id":"{CONTACT}","campaign_activity_id":"{ACTIVITY}","tracking_activity_type":"{kind}","email_address":"ada@example.com","first_name":"Ada","last_name":"Lovelace","created_time":"2026-03-01T10:00:00.000Z","deleted_at":"2026-03-05"{extra}}}"#
    )
}

fn page(rows: &[String]) -> &'static str {
    Box::leak(
        format!(
            r#"{{"tracking_activities":[{}],"_links":{{"next":{{"href":"/v3/reports/next?cursor=abc"}}}}}}"#,
            rows.join(",")
        )
        .into_boxed_str(),
    )
}

pub fn decode() -> Vec<Case> {
    let next = |l: Option<&ctct_models::v3::reporting::ReportingLinks>| {
        l.and_then(|l| l.next.as_ref())
            .and_then(|n| n.href.clone())
            .unwrap()
    };
    vec![
        decodes::<GetEmailLinkStats>(
            200,
            r#"{"campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd","link_click_counts":[{"link_url":"https://example.com/a","url_id":"1000000001","unique_clicks":3,"list_action":"ADD","list_id":"07936f78-662a-11eb-af0a-fa163e56c9b0","link_tag":"spring"}]}"#,
            |r| {
                let l = &r.link_click_counts.unwrap()[0];
                assert_eq!(l.unique_clicks, Some(3));
                assert_eq!(l.url_id.as_deref(), Some("1000000001"));
                assert_eq!(
                    l.list_id.as_ref().map(|i| i.as_str()),
                    Some("07936f78-662a-11eb-af0a-fa163e56c9b0")
                );
            },
        ),
        decodes::<GetEmailSends>(200, page(&[row("em_sends", "")]), move |p| {
            let s = &p.tracking_activities.as_ref().unwrap()[0];
            assert_eq!(s.contact_id.as_ref().map(|c| c.as_str()), Some(CONTACT));
            assert_eq!(s.deleted_at.as_deref(), Some("2026-03-05"));
            assert_eq!(next(p.links.as_ref()), "/v3/reports/next?cursor=abc");
        }),
        decodes::<GetEmailOpens>(
            200,
            page(&[row("em_opens", r#","device_type":"mobile""#)]),
            |p| {
                let o = &p.tracking_activities.unwrap()[0];
                assert_eq!(o.device_type.as_deref(), Some("mobile"));
                assert_eq!(o.created_time, Some(at("2026-03-01T10:00:00Z")));
            },
        ),
        decodes::<GetEmailUniqueOpens>(
            200,
            page(&[row("em_opens", r#","device_type":"computer""#)]),
            |p| assert_eq!(p.tracking_activities.unwrap().len(), 1),
        ),
        decodes::<GetEmailDidNotOpens>(200, page(&[row("em_sends", "")]), |p| {
            assert_eq!(
                p.tracking_activities.unwrap()[0].email_address.as_deref(),
                Some("ada@example.com")
            )
        }),
        decodes::<GetEmailClicks>(
            200,
            page(&[row(
                "em_clicks",
                r#","device_type":"computer","url_id":"1000000001","link_url":"https://example.com/a""#,
            )]),
            |p| {
                let c = &p.tracking_activities.unwrap()[0];
                assert_eq!(c.link_url.as_deref(), Some("https://example.com/a"));
            },
        ),
        decodes::<GetEmailForwards>(200, page(&[row("em_forwards", "")]), |p| {
            assert_eq!(
                p.tracking_activities.unwrap()[0].first_name.as_deref(),
                Some("Ada")
            )
        }),
        decodes::<GetEmailOptouts>(
            200,
            page(&[row("em_optouts", r#","opt_out_reason":"Too many emails""#)]),
            |p| {
                assert_eq!(
                    p.tracking_activities.unwrap()[0].opt_out_reason.as_deref(),
                    Some("Too many emails")
                )
            },
        ),
        decodes::<GetEmailBounces>(
            200,
            page(&[row(
                "em_bounces",
                r#","bounce_code":"F","current_email_address":"ada@new.example""#,
            )]),
            |p| {
                let b = &p.tracking_activities.unwrap()[0];
                assert_eq!(b.bounce_code, Some(BounceCode::F));
                assert_eq!(b.current_email_address.as_deref(), Some("ada@new.example"));
            },
        ),
        decodes::<GetEmailCampaignSummaries>(
            200,
            r#"{"bulk_email_campaign_summaries":[{"campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","campaign_type":"NEWSLETTER","last_sent_date":"2026-03-01T10:00:00.000Z","unique_counts":{"sends":10,"opens":5,"clicks":2,"forwards":1,"optouts":1,"abuse":0,"bounces":1,"not_opened":5}}],"aggregate_percents":{"click":22.2,"open":55.6,"did_not_open":50.0,"bounce":10.0,"unsubscribe":11.1},"_links":{"next":{"href":"/v3/reports/summary_reports/email_campaign_summaries?cursor=x"}}}"#,
            |p| {
                let s = &p.bulk_email_campaign_summaries.unwrap()[0];
                assert_eq!(s.campaign_id.as_ref().map(|c| c.as_str()), Some(CAMPAIGN));
                assert_eq!(s.unique_counts.as_ref().unwrap().not_opened, Some(5));
                assert_eq!(p.aggregate_percents.unwrap().open, Some(55.6));
            },
        ),
        decodes::<GetEmailCampaignStats>(
            200,
            r#"{"errors":[{"error_key":"emails.api.not_found","error_message":"no such campaign"}],"results":[{"campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","stats":{"em_bounces":1,"em_clicks":2,"em_clicks_all":3,"em_clicks_all_computer":3,"em_clicks_all_mobile":0,"em_clicks_all_tablet":0,"em_clicks_all_other":0,"em_clicks_all_none":0,"em_forwards":1,"em_not_opened":5,"em_opens":5,"em_opens_all":7,"em_opens_all_computer":7,"em_opens_all_mobile":0,"em_opens_all_tablet":0,"em_opens_all_other":0,"em_opens_all_none":0,"em_optouts":1,"em_sends":10},"percents":{"bounce":10.0,"click":22.2,"desktop_click":22.2,"desktop_open":55.6,"did_not_open":50.0,"mobile_click":0.0,"mobile_open":0.0,"open":55.6,"unsubscribe":11.1},"last_refresh_time":"2026-03-02T00:00:00.000Z"}]}"#,
            |r| {
                assert_eq!(r.errors.unwrap().len(), 1);
                let s = &r.results.unwrap()[0];
                assert_eq!(s.stats.as_ref().unwrap().em_opens_all, Some(7));
                assert_eq!(s.percents.as_ref().unwrap().did_not_open, Some(50.0));
                assert_eq!(s.last_refresh_time, Some(at("2026-03-02T00:00:00Z")));
            },
        ),
        decodes::<GetEmailCampaignActivityStats>(
            200,
            r#"{"errors":[],"results":[{"campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","campaign_activity_id":"4c08372c-957a-48b5-bc45-72c7f00796cd","stats":{"em_sends":10,"em_bounces":2,"em_abuse":0,"em_bounces_blocked":1,"em_bounces_mailbox_full":1,"em_bounces_nonexistent_address":0,"em_bounces_other":0,"em_bounces_suspended":0,"em_bounces_undeliverable":0,"em_bounces_vacation":0},"last_refresh_time":"2026-03-02T00:00:00.000Z"}]}"#,
            |r| {
                let s = &r.results.unwrap()[0];
                assert_eq!(
                    s.campaign_activity_id.as_ref().map(|c| c.as_str()),
                    Some(ACTIVITY)
                );
                assert_eq!(s.stats.as_ref().unwrap().em_bounces_blocked, Some(1));
                assert_eq!(
                    s.last_refresh_time.as_deref(),
                    Some("2026-03-02T00:00:00.000Z")
                );
            },
        ),
        decodes::<GetSmsCampaignSummaries>(
            200,
            r#"{"bulk_sms_campaign_summaries":[{"campaign_id":"8987dc1a-48ef-433a-b836-7ca4f9aa3481","campaign_name":"Text sale","last_sent_date":"2026-03-01T10:00:00.000Z","campaign_type":"SMS","unique_counts":{"sends":4,"delivers":3,"opens":0,"clicks":1,"optouts":0}}],"aggregate_percents":{"deliver":75.0,"click":33.3,"bounce":25.0,"unsubscribe":0.0},"_links":{"next":{"href":"/v3/reports/summary_reports/sms_campaign_summaries?cursor=y"}}}"#,
            |p| {
                let s = &p.bulk_sms_campaign_summaries.unwrap()[0];
                assert_eq!(s.campaign_name.as_deref(), Some("Text sale"));
                assert_eq!(s.unique_counts.as_ref().unwrap().delivers, Some(3));
                assert_eq!(p.aggregate_percents.unwrap().deliver, Some(75.0));
            },
        ),
        decodes::<GetLandingPageUniqueContactClicks>(
            200,
            page(&[row(
                "p_contact_click",
                r#","device_type":"mobile","url_id":"7","link_url":"https://example.com/lp","sms_channel":{"country_code":"US","state":"OPTED_IN","formatted_international":"+1 555-0100","formatted_national":"(555) 0100"}"#,
            )]),
            |p| {
                let c = &p.tracking_activities.unwrap()[0];
                let sms = c.sms_channel.as_ref().unwrap();
                assert_eq!(sms.country_code.as_deref(), Some("US"));
                assert_eq!(c.url_id.as_deref(), Some("7"));
            },
        ),
        decodes::<GetLandingPageUniqueContactOpens>(
            200,
            page(&[row("p_contact_open", r#","device_type":"tablet""#)]),
            |p| {
                assert_eq!(
                    p.tracking_activities.unwrap()[0].device_type.as_deref(),
                    Some("tablet")
                )
            },
        ),
        decodes::<GetLandingPageContactOpens>(
            200,
            page(&[row("p_contact_open", ""), row("p_contact_open", "")]),
            |p| assert_eq!(p.tracking_activities.unwrap().len(), 2),
        ),
        decodes::<GetLandingPageUniqueContactUpdates>(
            200,
            page(&[row("p_contact_update", "")]),
            |p| {
                assert_eq!(
                    p.tracking_activities.unwrap()[0]
                        .tracking_activity_type
                        .as_deref(),
                    Some("p_contact_update")
                )
            },
        ),
        decodes::<GetLandingPageUniqueContactAdds>(200, page(&[row("p_contact_add", "")]), |p| {
            assert!(p.links.unwrap().next.is_some())
        }),
        decodes::<GetLandingPageUniqueContactSmsOptins>(
            200,
            page(&[row(
                "p_contact_sms_optin",
                r#","sms_channel":{"state":"OPTED_IN"}"#,
            )]),
            |p| {
                let c = &p.tracking_activities.unwrap()[0];
                assert_eq!(
                    c.sms_channel.as_ref().unwrap().state.as_deref(),
                    Some("OPTED_IN")
                );
            },
        ),
    ]
}

#[test]
fn the_stats_helpers_refuse_an_empty_list_and_too_many_ids() {
    assert!(GetEmailCampaignStats::for_campaigns(&[]).is_err());
    let many: Vec<CampaignId> = (0..151)
        .map(|i| CampaignId::from(format!("c{i}")))
        .collect();
    assert!(GetEmailCampaignStats::for_campaigns(&many).is_err());
    assert!(GetEmailCampaignStats::for_campaigns(&many[..150]).is_ok());
    let acts: Vec<CampaignActivityId> = (0..11)
        .map(|i| CampaignActivityId::from(format!("a{i}")))
        .collect();
    let e = GetEmailCampaignActivityStats::for_activities(&acts).unwrap_err();
    assert!(e.to_string().contains("campaign_activity_ids"), "{e}");
    assert!(GetEmailCampaignActivityStats::for_activities(&acts[..10]).is_ok());
}
