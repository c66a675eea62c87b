//! Dates as real documents write them decode, V1 and V3 alike, and are written back in the
//! canonical form: an offset without a colon (`+0000`), milliseconds after a colon (an official
//! V1 wrapper's `Date`), any fraction length. The sandbox's V3 date filters take the same, and a
//! plain date.

#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_models::atom::Entry;
use ctct_models::json::decode;
use ctct_models::v1::campaigns::Campaign;
use ctct_models::v3::activities::Activity;
use ctct_models::v3::contacts::Contacts;
use support::v3_sandbox::start;

#[test]
fn a_v3_activity_with_a_colonless_offset_decodes() {
    let body = r#"{"activity_id":"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a","state":"completed",
        "created_at":"2016-01-23T13:48:44.108+0000","updated_at":"2016-01-23T13:49:10+0000",
        "started_at":"2016-01-23T13:48:44.1+0000","completed_at":"2016-01-23T09:49:10.000-0400",
        "percent_done":100}"#;
    let activity: Activity = decode(body, &Default::default()).unwrap();
    let json = serde_json::to_value(&activity).unwrap();
    assert_eq!(json["created_at"], "2016-01-23T13:48:44.108Z");
    assert_eq!(json["updated_at"], "2016-01-23T13:49:10.000Z");
    assert_eq!(json["started_at"], "2016-01-23T13:48:44.100Z");
    assert_eq!(json["completed_at"], "2016-01-23T09:49:10-04:00");
}

#[test]
fn a_v1_campaign_date_with_milliseconds_after_a_colon_decodes() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<entry xmlns="http://www.w3.org/2005/Atom">
  <id>http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289</id>
  <title type="text">Spring</title>
  <updated>2011-03-04T10:22:33+0000</updated>
  <author><name>Constant Contact</name></author>
  <content type="application/vnd.ctct+xml">
    <Campaign xmlns="http://ws.constantcontact.com/ns/1.0/" id="http://api.constantcontact.com/ws/customers/joesflowers/campaigns/1100546096289">
      <Name>Spring</Name>
      <Date>2011-03-04T10:22:33:456Z</Date>
    </Campaign>
  </content>
</entry>"#;
    let entry = Entry::<Campaign>::from_xml(xml).unwrap();
    assert_eq!(
        entry.content.date.map(|d| d.to_string()).as_deref(),
        Some("2011-03-04T10:22:33.456Z")
    );
    let written = entry.to_xml().unwrap();
    assert!(
        written.contains("<Date>2011-03-04T10:22:33.456Z</Date>"),
        "{written}"
    );
}

#[tokio::test]
async fn v3_date_filters_take_colonless_offsets_any_fraction_and_plain_dates() {
    let api = start().await;
    let all: Contacts = api.get("/contacts").await.json(200);
    let seeded = all.contacts.unwrap().len();
    assert!(seeded > 0);
    for query in [
        "updated_after=2000-01-01T00:00:00.1%2B0000",
        "updated_after=2000-01-01T00:00:00.123456789%2B0000",
        "created_after=2000-01-01",
        "created_before=2999-12-31T00:00:00-0500",
    ] {
        let page: Contacts = api.get(&format!("/contacts?{query}")).await.json(200);
        assert_eq!(page.contacts.unwrap().len(), seeded, "{query}");
    }
    for query in [
        "updated_before=2000-01-01",
        "created_after=2999-01-01T00:00:00%2B0000",
    ] {
        let page: Contacts = api.get(&format!("/contacts?{query}")).await.json(200);
        assert!(page.contacts.unwrap_or_default().is_empty(), "{query}");
    }
    let e = api
        .get("/contacts?updated_after=last+week")
        .await
        .error(400);
    assert!(format!("{e:?}").contains("last week"), "{e:?}");
}

#[tokio::test]
async fn an_unencoded_plus_offset_as_generated_clients_send_it_is_read() {
    let api = start().await;
    let all: Contacts = api.get("/contacts").await.json(200);
    let seeded = all.contacts.unwrap().len();
    // `+` decodes to a space in a query; the sandbox reads it back as the offset's sign.
    let page: Contacts = api
        .get("/contacts?updated_after=2000-01-01T00:00:00.000000+0000")
        .await
        .json(200);
    assert_eq!(page.contacts.unwrap().len(), seeded);
    let page: Contacts = api
        .get("/contacts?created_after=2999-01-01T00:00:00.000000+0000")
        .await
        .json(200);
    assert!(page.contacts.unwrap_or_default().is_empty());
    // A space anywhere else is still refused.
    let e = api
        .get("/contacts?updated_after=2000-01-01+00:00:00")
        .await
        .error(400);
    assert!(format!("{e:?}").contains("updated_after"), "{e:?}");
}

#[test]
fn a_v3_date_time_given_as_a_plain_date_decodes_as_its_midnight() {
    let body = r#"{"activity_id":"a","created_at":"2016-01-23","percent_done":0}"#;
    let activity: Activity = decode(body, &Default::default()).unwrap();
    let json = serde_json::to_value(&activity).unwrap();
    assert_eq!(json["created_at"], "2016-01-23T00:00:00.000Z");
    assert!(decode::<Activity>(r#"{"created_at":"23/01/2016"}"#, &Default::default()).is_err());
}
