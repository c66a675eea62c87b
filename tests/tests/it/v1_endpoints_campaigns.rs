//! Campaign, schedule and account email-address endpoint descriptions: method, path (ids
//! encoded, trailing slashes exact), query, media types, success statuses and request bodies.

use ctct_models::DateTime;
use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{Body, Method, Paging, Request};
use ctct_models::ids::{CampaignId, EmailAddressId, ListId};
use ctct_models::v1::campaigns::{
    self, Campaign, CampaignEmail, CampaignStatusFilter, EmailAddressRef, Schedule, YesNo,
};
use ctct_models::v1::contacts::{ContactLists, ContactMembership};
use ctct_models::v1::settings;
use ctct_models::validate::Problem;

fn body<R>(req: &Request<R>) -> &str {
    req.body
        .as_ref()
        .and_then(Body::as_text)
        .expect("a text body")
}

fn campaign_id() -> CampaignId {
    CampaignId::new("joesflowers", "1100546096289")
}

fn new_campaign() -> Campaign {
    let from = CampaignEmail {
        email: Some(EmailAddressRef {
            id: Some(EmailAddressId::new("joesflowers", "1").uri()),
            ..Default::default()
        }),
        email_address: Some("joe@example.com".into()),
    };
    Campaign {
        name: Some("Spring Sale".into()),
        subject: Some("Spring Sale".into()),
        from_name: Some("Joe's Flowers".into()),
        view_as_webpage: Some(YesNo::No),
        email_content: Some("<html><body>Half price &amp; more</body></html>".into()),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new("joesflowers", "1").uri()),
                ..Default::default()
            }],
        }),
        from_email: Some(from.clone()),
        reply_to_email: Some(from),
        ..Default::default()
    }
}

#[test]
fn list_campaigns_and_by_status() {
    let r = campaigns::ListCampaigns::new()
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path_and_query().as_str()),
        (Method::Get, "/campaigns")
    );
    assert_eq!(r.spec.paging, Paging::NextLink);
    for (status, wire) in [
        (CampaignStatusFilter::Draft, "DRAFT"),
        (CampaignStatusFilter::Running, "RUNNING"),
        (CampaignStatusFilter::Sent, "SENT"),
        (CampaignStatusFilter::Scheduled, "SCHEDULED"),
    ] {
        let r = campaigns::ListCampaignsByStatus::new(status.clone())
            .to_request()
            .expect("valid");
        assert_eq!(r.path_and_query(), format!("/campaigns?status={wire}"));
        assert_eq!(r.spec.query[0].name, "status");
        assert!(r.spec.query[0].required);
    }
    let err = campaigns::ListCampaignsByStatus::new((CampaignStatusFilter::from("ALL")).clone())
        .to_request()
        .expect_err("unknown filters are refused");
    assert!(err.to_string().contains("ALL"), "{err}");
}

#[test]
fn create_campaign_sends_escaped_content() {
    let r = campaigns::CreateCampaign::new((new_campaign()).clone())
        .to_request()
        .expect("valid");
    assert_eq!((r.method(), r.path.as_str()), (Method::Post, "/campaigns"));
    assert_eq!(r.content_type(), Some("application/atom+xml"));
    assert_eq!(r.spec.success, &[201]);
    let xml = body(&r);
    assert!(
        xml.contains("<EmailContent>&lt;html&gt;&lt;body&gt;Half price &amp;amp; more&lt;/body&gt;&lt;/html&gt;</EmailContent>"),
        "{xml}"
    );
    assert!(xml.contains("<FromEmail><Email id=\"http://api.constantcontact.com/ws/customers/joesflowers/settings/emailaddresses/1\"/><EmailAddress>joe@example.com</EmailAddress></FromEmail>"), "{xml}");
    let back = ctct_models::atom::Entry::<Campaign>::from_xml(xml).expect("re-reads");
    assert_eq!(back.content, new_campaign());
}

#[test]
fn create_campaign_refuses_missing_required_fields() {
    for (field, campaign) in [
        (
            "Name",
            Campaign {
                name: None,
                ..new_campaign()
            },
        ),
        (
            "Subject",
            Campaign {
                subject: None,
                ..new_campaign()
            },
        ),
        (
            "FromEmail",
            Campaign {
                from_email: None,
                ..new_campaign()
            },
        ),
    ] {
        let err = campaigns::CreateCampaign::new(campaign.clone())
            .to_request()
            .expect_err(field);
        let ctct_models::endpoint::BuildError::Invalid(v) = err else {
            panic!("{field}: not a validation error");
        };
        assert_eq!(
            (v.field.as_str(), v.problem.clone()),
            (field, Problem::Missing)
        );
    }
}

#[test]
fn get_update_delete_campaign() {
    let id = campaign_id();
    let r = campaigns::GetCampaign::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Get, "/campaigns/1100546096289")
    );
    let r = campaigns::UpdateCampaign::new(&id, (new_campaign()).clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Put, "/campaigns/1100546096289")
    );
    assert_eq!(r.spec.success, &[204]);
    assert!(body(&r).contains(
        "<id>http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289</id>"
    ));
    let r = campaigns::DeleteCampaign::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Delete, "/campaigns/1100546096289", &[204u16][..])
    );
    assert!(r.body.is_none());
}

#[test]
fn schedules() {
    let id = campaign_id();
    let r = campaigns::ListSchedules::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Get, "/campaigns/1100546096289/schedules")
    );
    let schedule = Schedule {
        scheduled_time: Some("2010-11-13T20:03:35Z".parse::<DateTime>().expect("date")),
        ..Default::default()
    };
    let r = campaigns::CreateSchedule::new(&id, schedule.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Post, "/campaigns/1100546096289/schedules")
    );
    assert_eq!(r.spec.success, &[201]);
    assert!(
        body(&r).contains("<ScheduledTime>2010-11-13T20:03:35.000Z</ScheduledTime>"),
        "{}",
        body(&r)
    );
    let r = campaigns::UpdateSchedule::new(&id, schedule.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Put, "/campaigns/1100546096289/schedules/1")
    );
    assert!(
        body(&r).contains("<id>http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289/schedules/1</id>"),
        "a PUT names the schedule, not the campaign: {}",
        body(&r)
    );
    let r = campaigns::DeleteSchedule::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Delete, "/campaigns/1100546096289/schedules/1")
    );
    let err = campaigns::CreateSchedule::new(&id, (Schedule::default()).clone())
        .to_request()
        .expect_err("no time");
    assert!(err.to_string().contains("ScheduledTime"), "{err}");
}

#[test]
fn account_email_addresses() {
    let r = settings::ListEmailAddresses::new()
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Get, "/settings/emailaddresses")
    );
    assert_eq!(r.spec.paging, Paging::NextLink);
    let id =
        EmailAddressId::parse("/ws/customers/joesflowers/settings/emailaddresses/2").expect("id");
    let r = settings::GetEmailAddress::new(&id)
        .to_request()
        .expect("valid request");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Get, "/settings/emailaddresses/2")
    );
    assert_eq!(r.spec.accept, "application/atom+xml");
}
