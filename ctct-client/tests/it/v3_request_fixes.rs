//! Requests the contract allows that the SDK could not say before, checked byte for byte on
//! the wire (replay transport): an empty `list_memberships` / `taggings` in a contact PUT
//! ("on no list", "no tags"), the CSV import's `sms_permission_to_send`, and the 4 MB body
//! limit of both imports, refused before anything is sent.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use ctct_client::replay::{Expect, ReplayTransport, Reply};
use ctct_client::v3::V3Client;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::{Error, Secret};
use ctct_models::endpoint::Endpoint as _;
use ctct_models::form::Table;
use ctct_models::v3::activities::{self, SmsPermission};
use ctct_models::v3::contacts::{self, ContactPutRequest, Source};
use ctct_models::validate::Problem;

const BASE: &str = "https://api.example.test/v3";
const IMPORT: &str = include_str!("../../../tests/fixtures/v3/activity_import.json");

fn client(replay: &ReplayTransport) -> V3Client {
    V3Client::builder(Arc::new(StaticToken(Secret::new("tok-123"))))
        .base_url(BASE)
        .transport(Arc::new(replay.clone()))
        .rate_limit(None)
        .build()
        .unwrap()
}

fn json(status: u16, body: &str) -> Reply {
    Reply::status(status, body).with_header("content-type", "application/json")
}

#[tokio::test]
async fn an_empty_list_and_tag_array_is_sent_and_none_is_left_out() {
    let mut none = ContactPutRequest::new(Source::Account);
    none.first_name = Some("Ann".into());
    none.list_memberships = Some(Vec::new());
    none.taggings = Some(Vec::new());
    let mut kept = ContactPutRequest::new(Source::Account);
    kept.first_name = Some("Ann".into());

    let replay = ReplayTransport::new();
    let answer = r#"{"contact_id":"c-1","first_name":"Ann"}"#;
    replay.expect(
        Expect::put(format!("{BASE}/contacts/c-1"))
            .header("content-type", "application/json")
            .body(
                br#"{"first_name":"Ann","update_source":"Account","list_memberships":[],"taggings":[]}"#
                    .to_vec(),
            ),
        json(200, answer),
    );
    replay.expect(
        Expect::put(format!("{BASE}/contacts/c-1"))
            .body(br#"{"first_name":"Ann","update_source":"Account"}"#.to_vec()),
        json(200, answer),
    );
    let c = client(&replay);
    c.send(contacts::PutContact::new("c-1", none))
        .await
        .unwrap();
    c.send(contacts::PutContact::new("c-1", kept))
        .await
        .unwrap();
    replay.assert_done();
}

#[tokio::test]
async fn more_than_fifty_lists_in_a_put_are_refused_naming_the_field() {
    let mut body = ContactPutRequest::new(Source::Account);
    body.list_memberships = Some((0..51).map(|i| format!("l-{i}").into()).collect());
    let e = contacts::PutContact::new("c-1", body)
        .to_request()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("ContactPutRequest.list_memberships: 51 values given"),
        "{e}"
    );
}

#[tokio::test]
async fn the_csv_import_sends_the_sms_permission() {
    let csv = "email,sms_number\nann@example.com,5555550100\n";
    let table = Table::new(["email", "sms_number"]).row(["ann@example.com", "5555550100"]);
    let body = activities::ImportContactsCsv::new(&table)
        .list_ids(["l-1"])
        .sms_permission_to_send(SmsPermission::Explicit)
        .to_request()
        .unwrap()
        .body
        .unwrap();
    let text = String::from_utf8(body.as_bytes().to_vec()).unwrap();
    assert!(
        text.contains("name=\"sms_permission_to_send\"\r\n\r\nexplicit\r\n"),
        "{text}"
    );

    let replay = ReplayTransport::new();
    replay.expect(
        Expect::post(format!("{BASE}/activities/contacts_file_import"))
            .header("content-type", body.content_type())
            .body(body.as_bytes().to_vec()),
        json(201, IMPORT),
    );
    client(&replay)
        .import_csv(csv, &["l-1".into()], Some(SmsPermission::Explicit))
        .await
        .unwrap();
    replay.assert_done();
}

#[tokio::test]
async fn an_import_over_four_megabytes_is_refused_before_sending() {
    // 200 bytes a row: 20,000 rows are 4 MB, under the 39,999-row limit.
    let pad = "x".repeat(180);
    let mut csv = String::from("email,first_name\n");
    for i in 0..20_000 {
        csv.push_str(&format!("c{i:05}@example.com,{pad}\n"));
    }
    let replay = ReplayTransport::new();
    let e = client(&replay)
        .import_csv(&csv, &["l-1".into()], None)
        .await
        .unwrap_err();
    let Error::Invalid(ctct_models::endpoint::BuildError::Invalid(v)) = &e else {
        panic!("expected a validation error, got {e:?}");
    };
    assert_eq!(v.resource, "import_contacts_csv");
    assert_eq!(v.field, "body");
    assert!(
        matches!(v.problem, Problem::TooLarge { max: 4_000_000, size } if size > 4_000_000),
        "{e}"
    );
    assert!(e.to_string().contains("at most 4000000 are read"), "{e}");
    assert!(replay.requests().is_empty(), "nothing may be sent");

    // The JSON import has the same limit.
    // About 150 bytes a contact: 35,000 are over 4 MB, under the 40,000-contact limit.
    let name = "y".repeat(50);
    let contact = activities::JsonImportContact {
        email: Some("ann@example.com".into()),
        first_name: Some(name.clone()),
        last_name: Some(name),
        ..Default::default()
    };
    let big = activities::ContactsJsonImport::new(vec![contact; 35_000], vec!["l-1".into()]);
    let e = activities::ImportContactsJson::new(big)
        .to_request()
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid import_contacts_json.body: the body is"),
        "{e}"
    );
    // Just under the limit is sent.
    let small = activities::ContactsJsonImport::new(
        vec![
            activities::JsonImportContact {
                email: Some("ann@example.com".into()),
                ..Default::default()
            };
            100
        ],
        vec!["l-1".into()],
    );
    assert!(
        activities::ImportContactsJson::new(small)
            .to_request()
            .is_ok()
    );
}
