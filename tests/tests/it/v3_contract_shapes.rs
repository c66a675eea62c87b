//! The V3 shapes follow the published contract: required where it requires, optional where it
//! does not (a choice custom field sends no `value`), the sign-up form's own consent shape,
//! typed import timestamps, the extra `GET /contact_lists` filters, bare-array answers,
//! fractional rates, the `PATCH` of a segment name and the CSV download of an export.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{Body, Method, ResponseShape};
use ctct_models::v3::{account, activities, contact_lists, contacts, reporting, segments};

fn json(body: &Option<Body>) -> serde_json::Value {
    match body {
        Some(Body::Json(bytes)) => serde_json::from_slice(bytes).expect("valid JSON"),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

#[test]
fn a_choice_custom_field_sends_only_its_id_and_choices() {
    let mut field = contacts::CustomFieldInput::new("cf-1");
    field.choice_ids = vec!["7".into(), "9".into()];
    let mut body = contacts::ContactPostRequest::new();
    body.create_source = Some(contacts::Source::Account);
    body.first_name = Some("Ann".into());
    body.custom_fields = vec![field];
    body.phone_numbers = vec![contacts::PhoneNumberInput::new()];
    body.notes = vec![contacts::NoteInput::new()];
    let req = contacts::CreateContact::new(body.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        json(&req.body),
        serde_json::json!({
            "first_name": "Ann",
            "create_source": "Account",
            "custom_fields": [{"custom_field_id": "cf-1", "choice_ids": ["7", "9"]}],
            "phone_numbers": [{}],
            "notes": [{}],
        })
    );
}

#[test]
fn sms_consents_are_required_with_their_permission_and_type() {
    let consent =
        contacts::SmsChannelConsentInput::new("explicit".into(), "promotional_sms".into());
    let mut body = contacts::ContactPutRequest::new(contacts::Source::Account);
    body.sms_channel = Some(contacts::SmsChannelInput::new(
        "15555550100".into(),
        vec![consent],
    ));
    let req = contacts::PutContact::new("c-1", body.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        json(&req.body)["sms_channel"],
        serde_json::json!({
            "full_sms_address": "15555550100",
            "sms_channel_consents": [{"sms_consent_permission": "explicit", "consent_type": "promotional_sms"}],
        })
    );
    body.sms_channel = Some(contacts::SmsChannelInput::new(
        "15555550100".into(),
        Vec::new(),
    ));
    // Required means the key is always sent, even with no consents in it.
    let req = contacts::PutContact::new("c-1", body.clone())
        .to_request()
        .expect("valid");
    assert_eq!(
        json(&req.body)["sms_channel"]["sms_channel_consents"],
        serde_json::json!([])
    );
}

#[test]
fn sign_up_consents_say_where_and_how_often() {
    let mut consent = contacts::SignUpSmsConsent::new(
        "explicit".into(),
        "promotional_sms".into(),
        "web".into(),
        "https://example.com/join".into(),
        "checkbox on the join page".into(),
    );
    consent.advertised_frequency = Some(4);
    consent.advertised_interval = Some("monthly".into());
    let mut body = contacts::ContactCreateOrUpdateInput::new(vec!["l-1".into()]);
    body.sms_channel = Some(contacts::SignUpSmsChannel::new(
        "5555550100".into(),
        "1".into(),
        "US".into(),
        vec![consent],
    ));
    let mut cf = contacts::SignUpCustomField::new();
    cf.custom_field_id = Some("cf-1".into());
    cf.value = Some("blue".into());
    body.custom_fields = vec![cf];
    let req = contacts::CreateOrUpdateContact::new(body.clone())
        .to_request()
        .expect("valid");
    let sent = json(&req.body);
    assert_eq!(
        sent["sms_channel"]["sms_channel_consents"][0],
        serde_json::json!({
            "sms_consent_permission": "explicit",
            "consent_type": "promotional_sms",
            "consent_medium_type": "web",
            "consent_medium_url": "https://example.com/join",
            "consent_medium_details": "checkbox on the join page",
            "advertised_frequency": 4,
            "advertised_interval": "monthly",
        })
    );
    assert_eq!(
        sent["custom_fields"],
        serde_json::json!([{"custom_field_id": "cf-1", "value": "blue"}])
    );
}

#[test]
fn an_import_answer_has_typed_times_and_file_name_and_only_its_counts() {
    let body = r#"{"activity_id":"a-1","state":"processing","started_at":"2024-05-01T10:00:00Z",
        "completed_at":"2024-05-01T10:02:00.5Z","source_file_name":"contacts.csv",
        "status":{"items_total_count":3,"person_count":2},"_links":{"self":{"href":"/v3/activities/a-1"}}}"#;
    let got: activities::ActivityImport =
        ctct_models::json::decode(body, &Default::default()).expect("decodes");
    assert!(got.started_at.is_some() && got.completed_at.is_some());
    assert_eq!(got.source_file_name.as_deref(), Some("contacts.csv"));
    assert_eq!(got.status.and_then(|s| s.person_count), Some(2));
    assert!(got.extra.is_empty(), "{:?}", got.extra);
}

#[test]
fn lists_filter_by_channel_and_count_sms_members() {
    let req = contact_lists::GetLists::new()
        .limit(1000)
        .channel_type((contact_lists::ListChannelType::Sms).clone())
        .include_sms_membership_count(true)
        .to_request()
        .expect("valid");
    assert_eq!(
        req.path_and_query(),
        "/contact_lists?limit=1000&channel_type=sms&include_sms_membership_count=true"
    );
}

#[test]
fn bare_array_answers_and_fractional_rates_decode() {
    let got: account::UserPrivileges = ctct_models::json::decode(
        r#"[{"privilege_id":1,"privilege_name":"contacts:read"},{"privilege_id":2}]"#,
        &Default::default(),
    )
    .expect("decodes");
    let items = got.items.expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].privilege_name.as_deref(), Some("contacts:read"));
    let rates: reporting::ContactOpenAndClickRates = ctct_models::json::decode(
        r#"{"contact_id":"c-1","included_activities_count":4,"average_open_rate":0.75,"average_click_rate":0.25}"#,
        &Default::default(),
    )
    .expect("decodes");
    assert_eq!(rates.average_open_rate, Some(0.75));
    assert_eq!(rates.average_click_rate, Some(0.25));
}

#[test]
fn a_segment_is_renamed_with_patch() {
    let req =
        segments::RenameSegment::new(12, (segments::SegmentNameInput::new("VIPs".into())).clone())
            .to_request()
            .expect("valid");
    assert_eq!(req.method(), Method::Patch);
    assert_eq!(req.path_and_query(), "/segments/12/name");
    assert_eq!(json(&req.body), serde_json::json!({"name": "VIPs"}));
    assert!(!Method::Patch.is_idempotent());
}

#[test]
fn an_export_file_is_downloaded_as_csv() {
    let req = activities::DownloadContactsExport::new("f 1")
        .to_request()
        .expect("valid request");
    assert_eq!(req.method(), Method::Get);
    assert_eq!(req.path_and_query(), "/contact_exports/f%201");
    assert_eq!(req.spec.accept, "text/csv");
    assert_eq!(req.spec.response, ResponseShape::Raw);
}
