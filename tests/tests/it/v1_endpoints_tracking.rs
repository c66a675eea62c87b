//! Tracking and service-document endpoint descriptions: trailing slashes kept, `pageSize`
//! checked against 1–200, per-link click feeds, and the service-document response shape.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{FromResponse, Method, Paging, RawResponse, ResponseShape};
use ctct_models::ids::{CampaignId, ContactId};
use ctct_models::service::ServiceDocument;
use ctct_models::v1::tracking;
use ctct_models::validate::Problem;
use ctct_models::xml::DecodeOptions;

#[test]
fn service_documents_keep_their_trailing_slash() {
    let r = tracking::GetAccountServiceDocument::new()
        .to_request()
        .expect("valid request");
    assert_eq!((r.method(), r.path.as_str()), (Method::Get, "/"));
    assert_eq!(r.spec.response, ResponseShape::Service);
    let r = tracking::GetCampaignEvents::new(CampaignId::new("u", "1100546096289"))
        .to_request()
        .expect("valid request");
    assert_eq!(r.path, "/campaigns/1100546096289/events/");
    assert_eq!(r.spec.path, "/campaigns/{campaign}/events/");
    assert_eq!(r.spec.match_path("/campaigns/1/events"), None);
    let r = tracking::GetContactEvents::new(ContactId::new("u", "2"))
        .to_request()
        .expect("valid request");
    assert_eq!(r.path, "/contacts/2/events/");
    let body = "<service xmlns=\"http://www.w3.org/2007/app\"><workspace><collection href=\"/ws/customers/u/contacts/2/events/opens\"/></workspace></service>";
    let doc = ServiceDocument::from_response(
        RawResponse {
            status: 200,
            location: None,
            body,
        },
        &DecodeOptions::default(),
    )
    .expect("decodes");
    assert!(doc.collection("opens").is_some());
}

#[test]
fn campaign_event_feeds_take_a_page_size_of_1_to_200() {
    let id = CampaignId::new("u", "7");
    type Build = fn(&CampaignId, Option<i64>) -> Result<String, ctct_models::endpoint::BuildError>;
    let feeds: [(&str, Build); 6] = [
        ("sends", |c, p| {
            let mut r = tracking::ListCampaignSends::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
        ("opens", |c, p| {
            let mut r = tracking::ListCampaignOpens::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
        ("clicks", |c, p| {
            let mut r = tracking::ListCampaignClicks::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
        ("bounces", |c, p| {
            let mut r = tracking::ListCampaignBounces::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
        ("forwards", |c, p| {
            let mut r = tracking::ListCampaignForwards::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
        ("optouts", |c, p| {
            let mut r = tracking::ListCampaignOptouts::new(c);
            r.page_size = p;
            r.to_request().map(|r| r.path_and_query())
        }),
    ];
    for (kind, build) in feeds {
        assert_eq!(
            build(&id, None).expect("valid"),
            format!("/campaigns/7/events/{kind}")
        );
        assert_eq!(
            build(&id, Some(200)).expect("valid"),
            format!("/campaigns/7/events/{kind}?pageSize=200")
        );
        assert!(build(&id, Some(1)).is_ok());
        for bad in [0, 201] {
            let err = build(&id, Some(bad)).expect_err("out of range");
            let ctct_models::endpoint::BuildError::Invalid(v) = err else {
                panic!("not a validation error");
            };
            assert_eq!(v.field, "pageSize");
            assert_eq!(v.value, bad.to_string());
            assert_eq!(v.problem, Problem::OutOfRange { min: 1, max: 200 });
        }
    }
}

#[test]
fn contact_event_feeds_and_per_link_clicks() {
    let c = ContactId::new("u", "2");
    let paths = [
        tracking::ListContactSends::new(&c)
            .to_request()
            .expect("valid request")
            .path,
        tracking::ListContactOpens::new(&c)
            .to_request()
            .expect("valid request")
            .path,
        tracking::ListContactClicks::new(&c)
            .to_request()
            .expect("valid request")
            .path,
        tracking::ListContactBounces::new(&c)
            .to_request()
            .expect("valid request")
            .path,
        tracking::ListContactForwards::new(&c)
            .to_request()
            .expect("valid request")
            .path,
        tracking::ListContactOptouts::new(&c)
            .to_request()
            .expect("valid request")
            .path,
    ];
    assert_eq!(
        paths,
        ["sends", "opens", "clicks", "bounces", "forwards", "optouts"]
            .map(|k| format!("/contacts/2/events/{k}"))
    );
    let r = tracking::ListCampaignLinkClicks::new(CampaignId::new("u", "7"), "1")
        .page_size(50)
        .to_request()
        .expect("valid");
    assert_eq!(
        r.path_and_query(),
        "/campaigns/7/events/clicks/1?pageSize=50"
    );
    assert_eq!(r.spec.paging, Paging::NextLink);
    assert_eq!(r.spec.response, ResponseShape::Feed("ClickEvent"));
    assert_eq!(
        tracking::ListContactOptouts::new(&c)
            .to_request()
            .expect("valid request")
            .spec
            .response,
        ResponseShape::Feed("OptoutEvent")
    );
}
