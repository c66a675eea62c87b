//! Event Marketing in the sandbox over real HTTP: the `atom:`-prefixed style, tag-URI ids,
//! `pageNumber` paging, registrants, guests, attendance and payment status, the Accept rule.

#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use crate::support;

use ctct_models::atom::{AtomPayload, Entry, Feed};
use ctct_models::endpoint::Endpoint as _;
use ctct_models::ids::EventId;
use ctct_models::v1::events::{
    self as ev, AttendanceState, AttendanceStatus, Event, EventStatus, Guest, PaymentStatus,
    Registrant,
};
use support::v1::*;

/// A request with `Accept: application/atom+xml`, as Event Marketing needs.
async fn em(api: &Api, method: &str, rest: &str, body: Option<String>) -> Resp {
    let mut req = api
        .http
        .request(method.parse().unwrap(), api.url(rest))
        .basic_auth(format!("{KEY}%{USER}"), Some(PASS))
        .header("Accept", "application/atom+xml");
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/atom+xml;type=entry")
            .body(b);
    }
    let r = req.send().await.unwrap();
    Resp {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

async fn feed<T: AtomPayload>(api: &Api, rest: &str) -> Feed<T> {
    em(api, "GET", rest, None).await.feed()
}

async fn entry<T: AtomPayload>(api: &Api, rest: &str) -> Entry<T> {
    em(api, "GET", rest, None).await.entry()
}

#[tokio::test]
async fn seeded_events_read_in_the_prefixed_style() {
    let api = start(30, 2).await;
    let r = em(&api, "GET", "/events", None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("<atom:feed"), "{}", r.body);
    assert!(
        r.body.contains("<Event>"),
        "payload in no namespace: {}",
        r.body
    );
    let events: Feed<Event> = Feed::from_xml(&r.body).unwrap();
    let got: Vec<(String, EventStatus, i64)> = events
        .entries
        .iter()
        .map(|e| {
            (
                e.content.name.clone().unwrap(),
                e.content.status.clone().unwrap(),
                e.content.registered.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Spring Orientation".to_owned(), EventStatus::Active, 5),
            ("Garden Workshop".to_owned(), EventStatus::Active, 3),
            ("Holiday Open House".to_owned(), EventStatus::Draft, 0),
        ]
    );
    let first = &events.entries[0];
    let tag = first.id.as_deref().unwrap();
    assert!(
        tag.starts_with("tag:api.constantcontact.com,2010:/ws/customers/joesflowers/events/a07e"),
        "{tag}"
    );
    let eid = EventId::parse(tag).unwrap();
    assert_eq!(first.content.attended_count, Some(1));
    // Registrants, with guests, attendance and payment.
    let regs: Feed<Registrant> = feed(&api, &format!("/events/{}/registrants", eid.tail())).await;
    assert_eq!(regs.entries.len(), 5);
    let r0 = &regs.entries[0];
    let rid = tail(r0.id.as_deref().unwrap());
    assert!(
        rid.len() > 40 && rid.chars().any(|c| c.is_ascii_uppercase()),
        "{rid}"
    );
    assert_eq!(r0.title.as_ref().unwrap().value.split(' ').count(), 2);
    assert_eq!(
        r0.content.attendance_status.as_ref().unwrap().status,
        Some(AttendanceState::Attended)
    );
    assert_eq!(r0.content.payment_status.as_deref(), Some("PAID"));
    assert_eq!(
        r0.content.email_address.as_deref(),
        Some("contact00001@example.com")
    );
    let r1 = &regs.entries[1];
    assert_eq!(r1.content.guest_count, Some(1));
    let r1id = tail(r1.id.as_deref().unwrap());
    let base = format!("/events/{}/registrants/{r1id}", eid.tail());
    let guests: Feed<Guest> = feed(&api, &format!("{base}/guests")).await;
    assert_eq!(guests.entries.len(), 1);
    assert_eq!(
        guests.entries[0].content.first_name.as_deref(),
        Some("Guest")
    );
    let g: Entry<Guest> = entry(&api, &format!("{base}/guests/1")).await;
    assert_eq!(g.content, guests.entries[0].content);
    assert_eq!(
        em(&api, "GET", &format!("{base}/guests/2"), None)
            .await
            .status,
        404
    );
    // Unknown ids: 404; Accept is required: 406.
    assert_eq!(
        em(&api, "GET", "/events/a07enothere", None).await.status,
        404
    );
    assert_eq!(
        em(
            &api,
            "GET",
            &format!("/events/{}/registrants/nobody", eid.tail()),
            None
        )
        .await
        .status,
        404
    );
    let r = api.get("/events").await;
    assert_eq!(r.status, 406, "{}", r.body);
    assert!(r.body.contains("Accept: application/atom+xml"));
}

#[tokio::test]
async fn attendance_and_payment_can_be_changed() {
    let api = start(30, 2).await;
    let events: Feed<Event> = feed(&api, "/events").await;
    let eid = EventId::parse(events.entries[0].id.as_deref().unwrap()).unwrap();
    let regs: Feed<Registrant> = feed(&api, &format!("/events/{}/registrants", eid.tail())).await;
    let rid = tail(regs.entries[2].id.as_deref().unwrap());
    let base = format!("/events/{}/registrants/{rid}", eid.tail());
    let a: Entry<AttendanceStatus> = entry(&api, &format!("{base}/attendancestatus")).await;
    assert_eq!(a.content.status, Some(AttendanceState::NotAttended));
    let req = ev::UpdateAttendanceStatus::new(
        &eid,
        &rid,
        (AttendanceStatus {
            status: Some(AttendanceState::Attended),
            type_: Some("GROUP".into()),
        })
        .clone(),
    )
    .to_request()
    .unwrap();
    let r = em(
        &api,
        "PUT",
        &req.path,
        Some(req.body.unwrap().as_text().unwrap().to_owned()),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let a: Entry<AttendanceStatus> = entry(&api, &format!("{base}/attendancestatus")).await;
    assert_eq!(a.content.status, Some(AttendanceState::Attended));
    assert_eq!(a.content.type_.as_deref(), Some("GROUP"));
    let e: Entry<Event> = entry(&api, &format!("/events/{}", eid.tail())).await;
    assert_eq!(e.content.attended_count, Some(2));
    // A bad status is 400 and changes nothing.
    let r = em(
        &api,
        "PUT",
        &format!("{base}/attendancestatus"),
        Some("<atom:entry xmlns:atom=\"http://www.w3.org/2005/Atom\"><atom:content><AttendanceStatus><Status>MAYBE</Status></AttendanceStatus></atom:content></atom:entry>".into()),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let req = ev::UpdatePaymentStatus::new(
        &eid,
        &rid,
        (PaymentStatus {
            status: Some("PAID".into()),
        })
        .clone(),
    )
    .to_request()
    .unwrap();
    let r = em(
        &api,
        "PUT",
        &req.path,
        Some(req.body.unwrap().as_text().unwrap().to_owned()),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let p: Entry<PaymentStatus> = entry(&api, &format!("{base}/paymentstatus")).await;
    assert_eq!(p.content.status.as_deref(), Some("PAID"));
    let r: Entry<Registrant> = entry(&api, &base).await;
    assert_eq!(r.content.payment_status.as_deref(), Some("PAID"));
}

#[tokio::test]
async fn events_are_created_updated_and_paged_by_page_number() {
    let api = start(0, 0).await;
    assert!(feed::<Event>(&api, "/events").await.entries.is_empty());
    for i in 0..51 {
        let req = ev::CreateEvent::new(
            (Event {
                name: Some(format!("Event {i:02}")),
                ..Event::default()
            })
            .clone(),
        )
        .to_request()
        .unwrap();
        let r = em(
            &api,
            "POST",
            "/events",
            Some(req.body.unwrap().as_text().unwrap().to_owned()),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert!(
            r.header("location")
                .unwrap()
                .contains("/ws/customers/joesflowers/events/a07e")
        );
        assert_eq!(r.entry::<Event>().content.status, Some(EventStatus::Draft));
    }
    let page0: Feed<Event> = feed(&api, "/events").await;
    assert_eq!(page0.entries.len(), 50);
    let next = page0.next_href().unwrap().to_owned();
    assert_eq!(next, "/ws/customers/joesflowers/events?pageNumber=2");
    let page1: Feed<Event> = feed(&api, &next).await;
    assert_eq!(page1.entries.len(), 1);
    assert_eq!(page1.entries[0].content.name.as_deref(), Some("Event 50"));
    assert!(page1.next_href().is_none());
    // Every spelling of the first page is the first page.
    for first in ["/events?pageNumber=0", "/events?pageNumber=1"] {
        let again: Feed<Event> = feed(&api, first).await;
        assert_eq!(again.entries, page0.entries, "{first}");
    }
    assert_eq!(
        em(&api, "GET", "/events?pageNumber=x", None).await.status,
        400
    );
    // A nameless event is 400; an update replaces what it carries.
    let req = ev::CreateEvent::new((Event::default()).clone())
        .to_request()
        .unwrap();
    let r = em(
        &api,
        "POST",
        "/events",
        Some(req.body.unwrap().as_text().unwrap().to_owned()),
    )
    .await;
    assert_eq!(
        (r.status, r.body.contains("Name")),
        (400, true),
        "{}",
        r.body
    );
    let eid = EventId::parse(page1.entries[0].id.as_deref().unwrap()).unwrap();
    let req = ev::UpdateEvent::new(
        &eid,
        (Event {
            status: Some(EventStatus::Active),
            title: Some("Now open".into()),
            ..Event::default()
        })
        .clone(),
    )
    .to_request()
    .unwrap();
    let r = em(
        &api,
        "PUT",
        &req.path,
        Some(req.body.unwrap().as_text().unwrap().to_owned()),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let e: Entry<Event> = entry(&api, &format!("/events/{}", eid.tail())).await;
    assert_eq!(e.content.name.as_deref(), Some("Event 50"));
    assert_eq!(e.content.title.as_deref(), Some("Now open"));
    assert_eq!(e.content.status, Some(EventStatus::Active));
    assert!(e.content.publish_date.is_some());
}
