//! V3 endpoint descriptions on the wire: method, path, query encoding (`include=`, `limit`,
//! comma-joined lists), JSON and multipart bodies with their content types, the API a request
//! belongs to, and validation errors that name the field and value before anything is sent.

use ctct_models::endpoint::Endpoint as _;
use ctct_models::endpoint::{Api, Body, Method, Paging, ResponseShape};
use ctct_models::form::Table;
use ctct_models::v3::activities::{self, ContactsJsonImport, JsonImportContact};
use ctct_models::v3::contact_lists::{self, ListInput, ListStatus};
use ctct_models::v3::contacts::{
    self, ContactCreateOrUpdateInput, ContactInclude, ContactPostRequest, ContactStatusFilter,
    CustomFieldInput, EmailAddressPost, PermissionToSend, Source,
};
use ctct_models::v3::{email_reports, landing_page_reports};
use ctct_models::validate::Problem;

fn json(body: &Option<Body>) -> serde_json::Value {
    match body {
        Some(Body::Json(bytes)) => serde_json::from_slice(bytes).expect("valid JSON"),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

#[test]
fn every_v3_endpoint_is_in_the_table_with_its_api() {
    let names: Vec<&str> = ctct_models::v3::ENDPOINTS.iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        [
            "get_user_privileges",
            "get_account_summary",
            "put_account_summary",
            "get_physical_address",
            "add_physical_address",
            "put_physical_address",
            "get_account_emails",
            "add_account_email",
            "import_contacts_csv",
            "import_contacts_json",
            "get_activities",
            "get_activity",
            "export_contacts",
            "download_contacts_export",
            "delete_contacts_bulk",
            "remove_list_memberships",
            "add_list_memberships",
            "delete_lists_bulk",
            "remove_taggings",
            "add_taggings",
            "delete_tags_bulk",
            "delete_custom_fields_bulk",
            "get_lists",
            "create_list",
            "get_list",
            "put_list",
            "delete_list",
            "get_list_id_xrefs",
            "get_tag",
            "put_tag",
            "delete_tag",
            "get_tags",
            "create_tag",
            "get_contacts",
            "create_contact",
            "get_contact",
            "put_contact",
            "delete_contact",
            "create_or_update_contact",
            "get_contact_id_xrefs",
            "get_sms_engagement_history",
            "get_contact_counts",
            "resubscribe_contact",
            "get_custom_field",
            "put_custom_field",
            "delete_custom_field",
            "get_custom_fields",
            "create_custom_field",
            "get_email_link_stats",
            "get_email_sends",
            "get_email_opens",
            "get_email_unique_opens",
            "get_email_did_not_opens",
            "get_email_clicks",
            "get_email_forwards",
            "get_email_optouts",
            "get_email_bounces",
            "get_email_campaign_summaries",
            "get_email_campaign_stats",
            "get_email_campaign_activity_stats",
            "get_sms_campaign_summaries",
            "get_email_campaigns",
            "create_email_campaign",
            "get_email_campaign",
            "delete_email_campaign",
            "rename_email_campaign",
            "get_email_campaign_id_xrefs",
            "get_email_campaign_activity",
            "put_email_campaign_activity",
            "get_email_schedules",
            "schedule_email_campaign_activity",
            "unschedule_email_campaign_activity",
            "test_send_email_campaign_activity",
            "get_email_campaign_activity_preview",
            "get_email_send_history",
            "get_resend_to_non_openers",
            "create_resend_to_non_openers",
            "delete_resend_to_non_openers",
            "get_email_ab_test",
            "create_email_ab_test",
            "delete_email_ab_test",
            "get_landing_page_unique_contact_clicks",
            "get_landing_page_unique_contact_opens",
            "get_landing_page_contact_opens",
            "get_landing_page_unique_contact_updates",
            "get_landing_page_unique_contact_adds",
            "get_landing_page_unique_contact_sms_optins",
            "get_contact_activity_details",
            "get_contact_open_and_click_rates",
            "get_contact_activity_summary",
            "get_segments",
            "create_segment",
            "get_segment",
            "put_segment",
            "delete_segment",
            "rename_segment",
            "get_social_profiles",
            "get_social_connections",
            "get_hashtag_groups",
            "create_social_post",
        ]
    );
    for spec in ctct_models::v3::ENDPOINTS {
        assert_eq!(spec.api, Api::V3, "{}", spec.name);
        // The export download is the one V3 answer that is not JSON.
        let accept = if spec.name == "download_contacts_export" {
            "text/csv"
        } else {
            "application/json"
        };
        assert_eq!(spec.accept, accept, "{}", spec.name);
    }
    for spec in ctct_models::v1::ENDPOINTS {
        assert_eq!(spec.api, Api::V1, "{}", spec.name);
    }
    assert_eq!(contacts::GET_CONTACTS.paging, Paging::Cursor);
    // The tracking pages and summaries follow `_links.next.href`; link and id stats do not.
    assert_eq!(email_reports::GET_EMAIL_SENDS.paging, Paging::Cursor);
    assert_eq!(
        email_reports::GET_EMAIL_CAMPAIGN_SUMMARIES.paging,
        Paging::Cursor
    );
    assert_eq!(email_reports::GET_EMAIL_LINK_STATS.paging, Paging::None);
    assert_eq!(email_reports::GET_EMAIL_CAMPAIGN_STATS.paging, Paging::None);
    assert_eq!(
        landing_page_reports::GET_LANDING_PAGE_CONTACT_OPENS.paging,
        Paging::Cursor
    );
    assert_eq!(contacts::GET_CONTACTS.success, &[200, 202]);
    assert_eq!(
        contacts::GET_CONTACTS.response,
        ResponseShape::Json("Contacts")
    );
    assert_eq!(contact_lists::DELETE_LIST.success, &[202]);
    assert_eq!(
        contact_lists::DELETE_LIST.response,
        ResponseShape::Json("ListDeleteActivity")
    );
    assert_eq!(contacts::DELETE_CONTACT.response, ResponseShape::Empty);
    assert_eq!(contacts::CREATE_CONTACT.request, Some("ContactPostRequest"));
}

#[test]
fn quick_start_list_contacts_with_memberships() {
    let req = contacts::GetContacts::new()
        .include([ContactInclude::ListMemberships])
        .limit(50)
        .to_request()
        .unwrap();
    assert_eq!(req.method(), Method::Get);
    assert_eq!(req.api(), Api::V3);
    assert_eq!(
        req.path_and_query(),
        "/contacts?include=list_memberships&limit=50"
    );
    assert_eq!(req.body, None);
    assert_eq!(req.content_type(), None);
}

#[test]
fn contact_filters_are_comma_joined_and_encoded() {
    let after: ctct_models::DateTime = "2024-05-01T10:00:00-04:00".parse().unwrap();
    let req = contacts::GetContacts::new()
        .status([
            ContactStatusFilter::Active,
            ContactStatusFilter::Unsubscribed,
        ])
        .email("a+b@example.com")
        .lists(["l1", "l2"])
        .updated_after(after)
        .include([ContactInclude::CustomFields, ContactInclude::Notes])
        .include_count(true)
        .to_request()
        .unwrap();
    assert_eq!(
        req.path_and_query(),
        "/contacts?status=active%2Cunsubscribed&email=a%2Bb%40example.com&lists=l1%2Cl2\
         &updated_after=2024-05-01T14%3A00%3A00.000Z&include=custom_fields%2Cnotes&include_count=true"
    );
}

#[test]
fn query_limits_are_checked_before_sending() {
    let too_many: Vec<String> = (0..26).map(|i| format!("list{i}")).collect();
    let refs: Vec<&str> = too_many.iter().map(String::as_str).collect();
    let err = contacts::GetContacts::new()
        .lists(refs.iter().cloned())
        .to_request()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid get_contacts.lists: 26 values given, between 0 and 25 allowed"
    );
    let err = contact_lists::GetLists::new()
        .limit(1001)
        .to_request()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid get_lists.limit: 1001 is not between 1 and 1000"
    );
    let err = contacts::GetContacts::new()
        .status([ContactStatusFilter::Unknown("Active".into()).clone()])
        .to_request()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("\"Active\" is not one of all, active"),
        "{err}"
    );
}

#[test]
fn create_contact_sends_json_without_empty_fields() {
    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Account);
    body.email_address = Some(EmailAddressPost {
        address: "dlang@example.com".into(),
        permission_to_send: Some(PermissionToSend::Implicit),
    });
    body.first_name = Some("David".into());
    body.list_memberships = vec!["07936f78-662a-11eb-af0a-fa163e56c9b0".into()];
    let req = contacts::CreateContact::new(body.clone())
        .to_request()
        .unwrap();
    assert_eq!(req.method(), Method::Post);
    assert_eq!(req.path_and_query(), "/contacts");
    assert_eq!(req.content_type(), Some("application/json"));
    assert_eq!(
        req.body.as_ref().unwrap().as_text().unwrap(),
        r#"{"email_address":{"address":"dlang@example.com","permission_to_send":"implicit"},"first_name":"David","create_source":"Account","list_memberships":["07936f78-662a-11eb-af0a-fa163e56c9b0"]}"#
    );
}

#[test]
fn request_limits_name_the_field_and_value() {
    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Contact);
    body.first_name = Some("x".repeat(51));
    let err = contacts::CreateContact::new(body.clone())
        .to_request()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid ContactPostRequest.first_name: 51 characters, at most 50"),
        "{err}"
    );

    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Contact);
    body.email_address = Some(EmailAddressPost {
        address: format!("{}@example.com", "a".repeat(70)),
        permission_to_send: None,
    });
    let err = contacts::CreateContact::new(body.clone())
        .to_request()
        .unwrap_err();
    let ctct_models::endpoint::BuildError::Invalid(v) = err else {
        panic!("{err:?}")
    };
    assert_eq!(v.field, "email_address/address");
    assert_eq!(v.problem, Problem::TooLong { max: 80, len: 82 });

    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Contact);
    body.birthday_month = Some(13);
    assert_eq!(
        contacts::CreateContact::new(body.clone())
            .to_request()
            .unwrap_err()
            .to_string(),
        "invalid ContactPostRequest.birthday_month: 13 is not between 1 and 12"
    );

    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Contact);
    body.custom_fields = (0..26)
        .map(|i| {
            let mut f = CustomFieldInput::new(format!("cf{i}"));
            f.value = Some("v".into());
            f
        })
        .collect();
    assert_eq!(
        contacts::CreateContact::new(body.clone())
            .to_request()
            .unwrap_err()
            .to_string(),
        "invalid ContactPostRequest.custom_fields: 26 values given, between 0 and 25 allowed"
    );

    let mut body = ContactPostRequest::new();
    body.create_source = Some(Source::Unknown("account".into()));
    assert!(
        contacts::CreateContact::new(body.clone())
            .to_request()
            .unwrap_err()
            .to_string()
            .contains("\"account\" is not one of Contact, Account")
    );

    let body = ListInput::new(" ".into());
    assert_eq!(
        contact_lists::CreateList::new(body.clone())
            .to_request()
            .unwrap_err()
            .to_string(),
        "invalid ListInput.name: required for this request but missing or empty"
    );
    let body = ListInput::new("n".repeat(256));
    assert!(
        contact_lists::CreateList::new(body.clone())
            .to_request()
            .is_err()
    );

    let body = ContactCreateOrUpdateInput::new(vec![]);
    assert_eq!(
        contacts::CreateOrUpdateContact::new(body.clone())
            .to_request()
            .unwrap_err()
            .to_string(),
        "invalid ContactCreateOrUpdateInput.list_memberships: required for this request but missing or empty"
    );
}

#[test]
fn contact_and_list_paths_encode_their_ids() {
    let req = contacts::GetContact::new("a/b c")
        .include([ContactInclude::PhoneNumbers])
        .to_request();
    let req = req.unwrap();
    assert_eq!(
        req.path_and_query(),
        "/contacts/a%2Fb%20c?include=phone_numbers"
    );
    let req = contacts::DeleteContact::new("1618ae62-4752-11e9-9c8a-fa163e6b01c1")
        .to_request()
        .expect("valid request");
    assert_eq!(req.method(), Method::Delete);
    assert_eq!(
        req.path_and_query(),
        "/contacts/1618ae62-4752-11e9-9c8a-fa163e6b01c1"
    );
    let mut input = ListInput::new("Newsletter".into());
    input.favorite = Some(true);
    let req = contact_lists::PutList::new("07936f78", input.clone())
        .to_request()
        .unwrap();
    assert_eq!(req.method(), Method::Put);
    assert_eq!(req.path_and_query(), "/contact_lists/07936f78");
    assert_eq!(
        json(&req.body),
        serde_json::json!({"name": "Newsletter", "favorite": true})
    );
    let req = contact_lists::GetLists::new()
        .limit(10)
        .include_count(true)
        .status(ListStatus::All)
        .to_request()
        .unwrap();
    assert_eq!(
        req.path_and_query(),
        "/contact_lists?limit=10&include_count=true&status=all"
    );
}

#[test]
fn csv_import_is_multipart_with_a_csv_file_and_comma_joined_list_ids() {
    let file = Table::new(["email", "first_name"])
        .row(["ada@example.com", "Ada"])
        .row(["bob@example.com", "Bob, Jr."]);
    let req = activities::ImportContactsCsv::new(&file)
        .list_ids(["l1", "l2"])
        .to_request()
        .unwrap();
    assert_eq!(req.method(), Method::Post);
    assert_eq!(req.path_and_query(), "/activities/contacts_file_import");
    let body = req.body.as_ref().unwrap();
    let Body::Multipart {
        boundary,
        content_type,
        ..
    } = body
    else {
        panic!("{body:?}")
    };
    assert_eq!(
        content_type,
        &format!("multipart/form-data; boundary={boundary}")
    );
    assert_eq!(
        body.as_text().unwrap(),
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n\
             Content-Type: text/csv; charset=UTF-8\r\n\r\n\
             email,first_name\nada@example.com,Ada\nbob@example.com,\"Bob, Jr.\"\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"list_ids\"\r\n\r\nl1,l2\r\n--{b}--\r\n",
            b = boundary
        )
    );
    let err = activities::ImportContactsCsv::new(&file)
        .to_request()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid import_contacts_csv.list_ids: 0 values given, between 1 and 50 allowed"
    );
    let mut big = Table::new(["email"]);
    big.rows = vec![vec!["a@example.com".to_owned()]; 40_000];
    let err = activities::ImportContactsCsv::new(&big)
        .list_ids(["l1"])
        .to_request()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid import_contacts_csv.file: 40000 values given, between 0 and 39999 allowed"
    );
}

#[test]
fn json_import_inlines_custom_fields_and_checks_limits() {
    let mut ada = JsonImportContact::new();
    ada.email = Some("ada@example.com".into());
    ada.home_country = Some("UK".into());
    ada.custom_fields
        .insert("cf:Favorite color".into(), "green".into());
    let body = ContactsJsonImport::new(vec![ada.clone()], vec!["l1".into()]);
    let req = activities::ImportContactsJson::new(body.clone())
        .to_request()
        .unwrap();
    assert_eq!(req.path_and_query(), "/activities/contacts_json_import");
    assert_eq!(req.content_type(), Some("application/json"));
    assert_eq!(
        json(&req.body),
        serde_json::json!({
            "import_data": [{"email": "ada@example.com", "home country": "UK", "cf:Favorite color": "green"}],
            "list_ids": ["l1"]
        })
    );
    let mut bad = ada.clone();
    bad.custom_fields
        .insert("Favorite food".into(), "pie".into());
    let err = activities::ImportContactsJson::new(
        (ContactsJsonImport::new(vec![bad], vec!["l1".into()])).clone(),
    )
    .to_request()
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid ContactsJsonImport.import_data/Favorite food: key \"Favorite food\" must be \"cf:\" followed by a name"
    );
    let err = activities::ImportContactsJson::new(
        (ContactsJsonImport::new(vec![ada.clone()], vec![])).clone(),
    )
    .to_request()
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid ContactsJsonImport.list_ids"),
        "{err}"
    );
    let many = ContactsJsonImport::new(vec![ada; 40_001], vec!["l1".into()]);
    assert_eq!(
        activities::ImportContactsJson::new(many.clone())
            .to_request()
            .unwrap_err()
            .to_string(),
        "invalid ContactsJsonImport.import_data: 40001 values given, between 1 and 40000 allowed"
    );
}

#[test]
fn activities_and_list_delete() {
    let req = activities::GetActivity::new("04fe9a97")
        .to_request()
        .expect("valid request");
    assert_eq!(req.path_and_query(), "/activities/04fe9a97");
    let req = activities::GetActivities::new()
        .limit(5)
        .state(activities::ActivityStateFilter::Completed)
        .to_request()
        .unwrap();
    assert_eq!(req.path_and_query(), "/activities?limit=5&state=completed");
    let req = contact_lists::DeleteList::new("07936f78")
        .to_request()
        .expect("valid request");
    assert_eq!(req.method(), Method::Delete);
    assert_eq!(req.spec.success, &[202]);
}
