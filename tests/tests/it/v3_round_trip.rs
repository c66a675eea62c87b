//! Every V3 example body decodes, re-encodes and decodes back equal; unknown keys survive the
//! round trip; both error shapes read; request types built from a full response carry no
//! read-only field. The re-encoded JSON is snapshotted for review.

use ctct_models::json::{CursorPage, ErrorBody, decode};
use ctct_models::v3::activities::{Activities, Activity, ActivityImport, ActivityState};
use ctct_models::v3::contact_lists::ContactLists;
use ctct_models::v3::contacts::{
    ContactPostRequest, ContactPutRequest, ContactResource, Contacts, PermissionToSend, PhoneKind,
    SignUpAction, SignUpFormResponse,
};
use ctct_models::v3::emails::{
    CampaignActivityRole, EmailCampaignActivity, EmailCampaignActivityPutRequest,
};
use ctct_models::xml::DecodeOptions;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/v3/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes a fixture, writes it back (pretty), decodes that and checks both are equal.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    name: &str,
) -> (T, String) {
    let opts = DecodeOptions::default();
    let first: T = decode(&fixture(name), &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = serde_json::to_string_pretty(&first).expect("writes");
    let second: T =
        decode(&written, &opts).unwrap_or_else(|e| panic!("{name} re-read: {e}\n{written}"));
    assert_eq!(first, second, "{name} does not survive a round trip");
    (first, written)
}

/// Every key of `value`, at any depth, as `a.b.c` paths (array items share their parent's path).
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                key_paths(v, &path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| key_paths(v, prefix, out)),
        _ => {}
    }
}

#[test]
fn contacts_page_with_list_memberships() {
    let (page, written) = round_trip::<Contacts>("contacts_page.json");
    let contacts = page.contacts.as_deref().expect("contacts");
    assert_eq!(contacts.len(), 2);
    assert_eq!(
        contacts[0].list_memberships.as_deref(),
        Some(&["07936f78-662a-11eb-af0a-fa163e56c9b0".into()][..])
    );
    // Included but empty is not the same as not included.
    assert_eq!(contacts[1].list_memberships.as_deref(), Some(&[][..]));
    assert_eq!(contacts[1].last_name, None);
    // `null` reads as absent.
    assert_eq!(contacts[1].job_title, None);
    assert_eq!(
        contacts[0]
            .email_address
            .as_ref()
            .and_then(|e| e.permission_to_send.clone()),
        Some(PermissionToSend::Implicit)
    );
    assert_eq!(page.contacts_count, Some(1200));
    assert_eq!(
        page.next_href(),
        Some("/v3/contacts?cursor=bGltaXQ9MSZuZXh0PTI")
    );
    insta::assert_snapshot!(written);
}

#[test]
fn full_contact_keeps_unknown_keys_and_values() {
    let original: Value = serde_json::from_str(&fixture("contact_full.json")).unwrap();
    let (contact, written) = round_trip::<ContactResource>("contact_full.json");
    assert_eq!(contact.extra["source_channel"], Value::from("webform"));
    let rewritten: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        rewritten["email_address_extra"],
        original["email_address_extra"]
    );
    assert_eq!(rewritten["source_channel"], original["source_channel"]);
    // Whitespace inside a note is kept exactly.
    assert_eq!(
        rewritten["notes"][0]["content"],
        original["notes"][0]["content"]
    );
    // A phone kind the SDK does not know is kept verbatim.
    let phones = contact.phone_numbers.as_deref().unwrap();
    assert_eq!(phones[0].kind, Some(PhoneKind::Home));
    assert_eq!(phones[1].kind, Some(PhoneKind::Unknown("pager".into())));
    assert_eq!(rewritten["phone_numbers"][1]["kind"], "pager");
    // `deleted_at` is a plain date and stays one.
    assert_eq!(rewritten["deleted_at"], "2016-03-04");
    // Every key of the fixture is still there.
    let (mut before, mut after) = (Vec::new(), Vec::new());
    key_paths(&original, "", &mut before);
    key_paths(&rewritten, "", &mut after);
    before.sort();
    before.dedup();
    after.sort();
    after.dedup();
    assert_eq!(before, after);
    insta::assert_snapshot!(written);
}

#[test]
fn contact_lists_page_is_the_last_page() {
    let (page, written) = round_trip::<ContactLists>("contact_lists_page.json");
    let lists = page.lists.as_deref().unwrap();
    assert_eq!(lists[0].membership_count, Some(3));
    assert!(lists[1].deleted_at.is_some());
    assert_eq!(page.next_href(), None);
    insta::assert_snapshot!(written);
}

#[test]
fn activities_import_progress_and_pages() {
    let (import, _) = round_trip::<ActivityImport>("activity_import.json");
    assert_eq!(import.state, Some(ActivityState::Initialized));
    assert_eq!(import.percent_done, Some(0));
    assert_eq!(import.status.as_ref().unwrap().items_total_count, Some(3));
    let (done, written) = round_trip::<Activity>("activity_completed.json");
    assert_eq!(done.percent_done, Some(100));
    assert!(done.completed_at.is_some());
    assert_eq!(done.activity_errors.as_ref().unwrap().len(), 1);
    let links = done.links.as_ref().unwrap();
    assert_eq!(
        links.results.as_ref().unwrap().href.as_deref(),
        Some("/v3/contact_exports/04fe9a97-a579-43c5-bb1a-58ed29bf0a6a")
    );
    insta::assert_snapshot!(written);
    let (page, _) = round_trip::<Activities>("activities_page.json");
    let activities = page.activities.as_deref().unwrap();
    assert_eq!(
        activities[1].state,
        Some(ActivityState::Unknown("paused_by_support".into()))
    );
    assert_eq!(page.next_href(), Some("/v3/activities?cursor=YWJj"));
}

#[test]
fn sign_up_form_answer() {
    let (answer, _) = round_trip::<SignUpFormResponse>("sign_up_form_response.json");
    assert_eq!(answer.action, Some(SignUpAction::Created));
}

#[test]
fn both_error_shapes_read_and_write_back_in_their_shape() {
    let many = ErrorBody::parse(&fixture("error_array.json")).expect("array shape");
    assert!(matches!(many, ErrorBody::Many(_)));
    assert_eq!(many.key(), Some("contacts.api.not_found"));
    assert_eq!(many.message(), "contact_id is in an invalid format.");
    let one = ErrorBody::parse(&fixture("error_object.json")).expect("object shape");
    assert!(matches!(one, ErrorBody::One(_)));
    assert_eq!(one.key(), Some("throttled"));
    assert_eq!(
        String::from_utf8(one.to_json()).unwrap(),
        r#"{"error_key":"throttled","error_message":"Too Many Requests"}"#
    );
    assert_eq!(
        String::from_utf8(ErrorBody::many("unauthorized", "Unauthorized").to_json()).unwrap(),
        r#"[{"error_key":"unauthorized","error_message":"Unauthorized"}]"#
    );
    assert_eq!(ErrorBody::parse("<html>502</html>"), None);
    assert_eq!(ErrorBody::parse(""), None);
}

#[test]
fn malformed_bodies_are_errors_that_quote_the_body() {
    let opts = DecodeOptions::default();
    let err = decode::<Contacts>(r#"{"contacts": {"oops": 1}}"#, &opts).unwrap_err();
    assert!(err.message.contains("Contacts"), "{err}");
    assert!(err.message.contains("oops"), "{err}");
    let err = decode::<Activity>(r#"{"percent_done": "half"}"#, &opts).unwrap_err();
    assert!(err.message.contains("invalid type"), "{err}");
    assert!(decode::<Contacts>("", &opts).is_err());
    assert!(decode::<Contacts>("[", &opts).is_err());
}

/// The read-only keys of `ContactResource` and its parts (`docs/v3/contacts.md#contact-fields`).
const READ_ONLY: &[&str] = &[
    "contact_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "opt_in_source",
    "opt_in_date",
    "opt_out_source",
    "opt_out_date",
    "confirm_status",
    "phone_number_id",
    "street_address_id",
    "sms_channel_id",
];

#[test]
fn requests_built_from_a_full_response_send_no_read_only_field() {
    // The documented pattern: GET with include=…, modify, PUT back. Reading the full response
    // as a request type drops every read-only key, because request types do not have them.
    let mut full: Value = serde_json::from_str(&fixture("contact_full.json")).unwrap();
    full.as_object_mut().unwrap().remove("sms_channel");
    full["notes"][0]
        .as_object_mut()
        .unwrap()
        .remove("created_at");
    let put: ContactPutRequest = serde_json::from_value(full.clone()).expect("reads as PUT");
    let post: ContactPostRequest = serde_json::from_value(full).expect("reads as POST");
    for body in [
        serde_json::to_value(&put).unwrap(),
        serde_json::to_value(&post).unwrap(),
    ] {
        let mut keys = Vec::new();
        key_paths(&body, "", &mut keys);
        for key in keys {
            let last = key.rsplit('.').next().unwrap();
            assert!(
                !READ_ONLY.contains(&last),
                "{key} is read-only but was sent"
            );
        }
        assert_eq!(body["first_name"], "David");
        assert_eq!(body["phone_numbers"][0]["phone_number"], "+1-555-555-5555");
        // Unknown keys of the response are not sent either.
        assert!(body.get("source_channel").is_none());
    }
}

#[test]
fn unknown_values_come_back_exactly_as_received() {
    // Numbers an f64 cannot hold exactly, at the top level, nested and in arrays, beside
    // typed numbers (`percent_done`, `status.items_total_count`) that still read as such.
    let body = r#"{"activity_id":"a1","percent_done":40,"score":2.1111111111111111111111e+99,"big":123456789012345678901234567890,"tiny":1.00000000000000000001,"nested":{"x":[0.1000000000000000055511151231257827,1E400]},"status":{"items_total_count":3,"weight":-7.250000000000000000001}}"#;
    let activity: Activity = decode(body, &DecodeOptions::default()).unwrap();
    assert_eq!(activity.percent_done, Some(40));
    let status = activity.status.as_ref().unwrap();
    assert_eq!(status.items_total_count, Some(3));
    let written = String::from_utf8(ctct_models::json::encode(&activity).unwrap()).unwrap();
    for exact in [
        r#""score":2.1111111111111111111111e+99"#,
        r#""big":123456789012345678901234567890"#,
        r#""tiny":1.00000000000000000001"#,
        // Every digit is kept; serde_json spells an exponent one way (`E400` as `e+400`).
        r#""nested":{"x":[0.1000000000000000055511151231257827,1e+400]}"#,
        r#""weight":-7.250000000000000000001"#,
    ] {
        assert!(written.contains(exact), "{exact} not in {written}");
    }
    let again: Activity = decode(&written, &DecodeOptions::default()).unwrap();
    assert_eq!(again, activity);
}

/// The read-only keys of `EmailCampaignActivity` and its parts (`docs/v3/emails.md#activities`).
const ACTIVITY_READ_ONLY: &[&str] = &[
    "campaign_activity_id",
    "campaign_id",
    "role",
    "current_status",
    "format_type",
    "permalink_url",
    "letter_format",
    "country_name",
    "state_name",
];

#[test]
fn an_email_activity_round_trips_and_is_put_back_without_read_only_fields() {
    let (activity, written) = round_trip::<EmailCampaignActivity>("email_campaign_activity.json");
    assert_eq!(activity.role, Some(CampaignActivityRole::PrimaryEmail));
    assert_eq!(activity.segment_ids, Some(Vec::new()));
    assert!(written.contains("sender_rating"), "unknown keys survive");
    // GET with include=…, change, PUT back: the PUT type has no read-only field to send.
    let full: Value = serde_json::from_str(&fixture("email_campaign_activity.json")).unwrap();
    let put: EmailCampaignActivityPutRequest = serde_json::from_value(full).expect("reads as PUT");
    let body = serde_json::to_value(&put).unwrap();
    let mut keys = Vec::new();
    key_paths(&body, "", &mut keys);
    for key in keys {
        let last = key.rsplit('.').next().unwrap();
        assert!(
            !ACTIVITY_READ_ONLY.contains(&last),
            "{key} is read-only but was sent"
        );
    }
    assert_eq!(body["subject"], "Spring is here");
    assert_eq!(body["physical_address_in_footer"]["state_code"], "MA");
    assert_eq!(
        body["document_properties"]["view_as_webpage_enabled"],
        "true"
    );
    assert!(body.get("sender_rating").is_none());
}
