//! Event Marketing endpoint descriptions: the required `Accept` header, `pageNumber` paging,
//! mixed-case registrant ids kept verbatim, and the attendance PUT as the EXT SDK sends it.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{Body, Method, Paging};
use ctct_models::ids::EventId;
use ctct_models::v1::events::{self, AttendanceState, AttendanceStatus, PaymentStatus};

const REGISTRANT: &str = "001xn3Y4OR91FzwO30b8qN3LWcOS1FX1xC4V67bXB7q_g5pDr_tBvaQX89QvmkTNnVy";

fn event() -> EventId {
    EventId::parse(
        "tag:api.constantcontact.com,2010:/ws/customers/joesflowers/events/a07e1hoasn2a917e97c",
    )
    .expect("tag id")
}

#[test]
fn every_event_endpoint_asks_for_atom() {
    let names: Vec<&str> = ctct_models::v1::ENDPOINTS
        .iter()
        .filter(|s| s.path.starts_with("/events"))
        .map(|s| {
            assert_eq!(s.accept, "application/atom+xml", "{}", s.name);
            s.name
        })
        .collect();
    assert_eq!(names.len(), 12, "{names:?}");
}

#[test]
fn events_and_registrants_page_by_number() {
    let r = events::ListEvents::new().to_request().expect("valid");
    assert_eq!(
        (r.method(), r.path_and_query().as_str()),
        (Method::Get, "/events")
    );
    assert_eq!(r.spec.paging, Paging::PageNumber);
    assert_eq!(
        events::ListEvents::new()
            .page(3)
            .to_request()
            .expect("valid")
            .path_and_query(),
        "/events?pageNumber=3"
    );
    assert!(events::ListEvents::new().page(0).to_request().is_err());
    let r = events::ListRegistrants::new(event())
        .page(1)
        .to_request()
        .expect("valid");
    assert_eq!(
        r.path_and_query(),
        "/events/a07e1hoasn2a917e97c/registrants?pageNumber=1"
    );
    assert_eq!(r.spec.paging, Paging::PageNumber);
}

#[test]
fn registrant_guest_attendance_and_payment_paths() {
    let e = event();
    let base = format!("/events/a07e1hoasn2a917e97c/registrants/{REGISTRANT}");
    assert_eq!(
        events::GetEvent::new(&e)
            .to_request()
            .expect("valid request")
            .path,
        "/events/a07e1hoasn2a917e97c"
    );
    assert_eq!(
        events::GetRegistrant::new(&e, REGISTRANT)
            .to_request()
            .expect("valid request")
            .path,
        base
    );
    assert_eq!(
        events::ListGuests::new(&e, REGISTRANT)
            .to_request()
            .expect("valid request")
            .path,
        format!("{base}/guests")
    );
    assert_eq!(
        events::GetGuest::new(&e, REGISTRANT, "1")
            .to_request()
            .expect("valid request")
            .path,
        format!("{base}/guests/1")
    );
    assert_eq!(
        events::GetAttendanceStatus::new(&e, REGISTRANT)
            .to_request()
            .expect("valid request")
            .path,
        format!("{base}/attendancestatus")
    );
    assert_eq!(
        events::GetPaymentStatus::new(&e, REGISTRANT)
            .to_request()
            .expect("valid request")
            .path,
        format!("{base}/paymentstatus")
    );
    assert_eq!(
        events::GetRegistrant::new(&e, "a/b")
            .to_request()
            .expect("valid request")
            .path,
        "/events/a07e1hoasn2a917e97c/registrants/a%2Fb"
    );
}

#[test]
fn attendance_put_sends_the_ext_body() {
    let status = AttendanceStatus {
        status: Some(AttendanceState::Attended),
        type_: Some("GROUP".into()),
    };
    let r = events::UpdateAttendanceStatus::new(event(), REGISTRANT, status.clone())
        .to_request()
        .expect("valid");
    assert_eq!(r.method(), Method::Put);
    assert_eq!(r.spec.content_type, Some("application/atom+xml;type=entry"));
    assert_eq!(r.spec.success, &[200, 204]);
    let body = r.body.as_ref().and_then(Body::as_text).expect("text");
    assert!(
        body.starts_with("<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\">"),
        "{body}"
    );
    assert!(
        body.contains("<atom:content><AttendanceStatus><Status>ATTENDED</Status><Type>GROUP</Type></AttendanceStatus></atom:content>"),
        "{body}"
    );
    let r = events::UpdatePaymentStatus::new(
        event(),
        REGISTRANT,
        (PaymentStatus {
            status: Some("PAID".into()),
        })
        .clone(),
    )
    .to_request()
    .expect("valid");
    assert!(
        r.body
            .as_ref()
            .and_then(Body::as_text)
            .expect("text")
            .contains("<PaymentStatus><Status>PAID</Status></PaymentStatus>")
    );
}

#[test]
fn event_writes_are_described() {
    let ev = events::Event {
        name: Some("Spring".into()),
        ..Default::default()
    };
    let r = events::CreateEvent::new(ev.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str(), r.spec.success),
        (Method::Post, "/events", &[201u16][..])
    );
    let r = events::UpdateEvent::new(event(), ev.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        (r.method(), r.path.as_str()),
        (Method::Put, "/events/a07e1hoasn2a917e97c")
    );
}
