//! The V3 sandbox over HTTP for Account Services, the contact extras (counts, resubscribe,
//! SMS history, id cross-references), the list extras (cross-references, channel type) and
//! Contacts Reporting: each operation's answer, its refusals, and the state it leaves.

#![allow(clippy::unwrap_used)]

use crate::support;

use ctct_models::endpoint::Endpoint as _;
use ctct_models::v3::account::{
    self, AccountEmailCreateResponse, AccountEmails, AccountPhysicalAddress,
    AccountPhysicalAddressInput, AccountSummary, UserPrivileges,
};
use ctct_models::v3::contact_lists::{ContactLists, ListXrefs};
use ctct_models::v3::contacts::{self, ContactResource, ContactXrefs, Contacts, ContactsCounts};
use ctct_models::v3::reporting::{
    ContactCampaignActivitiesSummary, ContactOpenAndClickRates, ContactTrackingActivitiesPage,
};
use reqwest::Method;
use serde_json::json;
use support::v3::*;

#[tokio::test]
async fn the_summary_is_read_with_extra_fields_and_replaced() {
    let api = start().await;
    let s: AccountSummary = api.get("/account/summary").await.json(200);
    assert_eq!(s.organization_name.as_deref(), Some("Joe's Flowers"));
    assert!(s.physical_address.is_none() && s.company_logo.is_none());
    let req = account::GetAccountSummary::new()
        .extra_fields([account::AccountExtraField::CompanyLogo])
        .to_request()
        .unwrap();
    let s: AccountSummary = api.request(&req).await.json(200);
    assert!(
        s.company_logo
            .unwrap()
            .url
            .unwrap()
            .ends_with("/v3/logo.png")
    );

    let mut input = account::AccountSummaryPutInput::new();
    input.organization_name = Some("Jo's Flowers".into());
    let req = account::PutAccountSummary::new(input).to_request().unwrap();
    let put: account::AccountSummaryPut = api.request(&req).await.json(200);
    assert_eq!(put.organization_name.as_deref(), Some("Jo's Flowers"));
    assert_eq!(
        put.first_name.as_deref(),
        Some("Joe"),
        "fields left out are kept"
    );
    let s: AccountSummary = api.get("/account/summary").await.json(200);
    assert_eq!(s.organization_name.as_deref(), Some("Jo's Flowers"));
    let e = api
        .put_json(
            "/account/summary",
            &json!({"contact_phone": "1".repeat(26)}),
        )
        .await
        .error(400);
    assert!(e.message().contains("contact_phone"), "{e:?}");
}

#[tokio::test]
async fn the_physical_address_is_absent_then_added_once_then_replaced() {
    let api = start().await;
    api.get("/account/summary/physical_address")
        .await
        .error(404);
    let mut input =
        AccountPhysicalAddressInput::new("1 Main St".into(), "Boston".into(), "US".into());
    input.state_code = Some("MA".into());
    let req = account::AddPhysicalAddress::new(input.clone())
        .to_request()
        .unwrap();
    let a: AccountPhysicalAddress = api.request(&req).await.json(201);
    assert_eq!(a.city.as_deref(), Some("Boston"));
    api.request(&req).await.error(409);
    let mut moved = input;
    moved.city = "Cambridge".into();
    let req = account::PutPhysicalAddress::new(moved)
        .to_request()
        .unwrap();
    let a: AccountPhysicalAddress = api.request(&req).await.json(200);
    assert_eq!(a.city.as_deref(), Some("Cambridge"));
    let a: AccountPhysicalAddress = api.get("/account/summary/physical_address").await.json(200);
    assert_eq!(a.city.as_deref(), Some("Cambridge"));
    let s: AccountSummary = api
        .get("/account/summary?extra_fields=physical_address")
        .await
        .json(200);
    assert_eq!(
        s.physical_address.unwrap().city.as_deref(),
        Some("Cambridge")
    );
    let e = api
        .put_json(
            "/account/summary/physical_address",
            &json!({"address_line1": "x", "city": "Boston", "country_code": "US"}),
        )
        .await
        .error(400);
    assert!(e.message().contains("state_code"), "{e:?}");
}

#[tokio::test]
async fn sender_emails_are_filtered_by_state_role_and_address_and_added_unconfirmed() {
    let api = start().await;
    let all: AccountEmails = api.get("/account/emails").await.json(200);
    assert_eq!(all.items.unwrap().len(), 1);
    let req = account::AddAccountEmail::new(account::AccountEmailInput {
        email_address: Some("shop@joesflowers.example".into()),
    })
    .to_request()
    .unwrap();
    let added: AccountEmailCreateResponse = api.request(&req).await.json(201);
    assert_eq!(added.email_id, Some(2));
    assert_eq!(added.confirm_status.as_deref(), Some("UNCONFIRMED"));
    api.request(&req).await.error(409);
    api.post_json("/account/emails", &json!({"email_address": "nope"}))
        .await
        .error(400);
    for (query, want) in [
        ("", 2),
        ("?confirm_status=U", 1),
        ("?confirm_status=CONFIRMED", 1),
        ("?role_code=B", 1),
        ("?role_code=REPLY_TO", 0),
        ("?email_address=SHOP@joesflowers.example", 1),
    ] {
        let got: AccountEmails = api.get(&format!("/account/emails{query}")).await.json(200);
        assert_eq!(got.items.unwrap().len(), want, "{query}");
    }
    api.get("/account/emails?confirm_status=maybe")
        .await
        .error(400);
}

#[tokio::test]
async fn privileges_are_a_bare_array() {
    let api = start().await;
    let r = api.get("/account/user/privileges").await;
    assert!(r.body.starts_with('['), "{}", r.body);
    let p: UserPrivileges = r.json(200);
    assert!(
        p.items
            .unwrap()
            .iter()
            .any(|p| p.privilege_name.as_deref() == Some("contacts:read"))
    );
}

#[tokio::test]
async fn counts_follow_the_store() {
    let api = start().await;
    let before: ContactsCounts = api.get("/contacts/counts").await.json(200);
    assert!(before.new_subscriber.is_none());
    let c: ContactResource = api
        .post_json(
            "/contacts",
            &json!({"email_address": {"address": "new@example.com", "permission_to_send": "implicit"},
                    "create_source": "Account"}),
        )
        .await
        .json(201);
    let after: ContactsCounts = api
        .get("/contacts/counts?include=new_subscriber")
        .await
        .json(200);
    assert_eq!(after.total, before.total.map(|t| t + 1));
    assert_eq!(after.implicit, before.implicit.map(|t| t + 1));
    assert!(after.new_subscriber.unwrap() >= 1);
    api.delete(&format!("/contacts/{}", c.contact_id.unwrap()))
        .await;
    let deleted: ContactsCounts = api.get("/contacts/counts").await.json(200);
    assert_eq!(deleted.total, before.total);
    api.get("/contacts/counts?include=everything")
        .await
        .error(400);
}

#[tokio::test]
async fn only_an_unsubscribed_contact_is_resubscribed_and_rejoins_its_lists() {
    let api = start().await;
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    let list = lists.lists.unwrap()[1].list_id.clone().unwrap();
    let c: ContactResource = api
        .post_json(
            "/contacts",
            &json!({"email_address": {"address": "gone@example.com"}, "create_source": "Contact"}),
        )
        .await
        .json(201);
    let id = c.contact_id.unwrap();
    let req = contacts::ResubscribeContact::new(
        id.clone(),
        contacts::ResubscribeInput::new(vec![list.clone()]),
    )
    .to_request()
    .unwrap();
    api.request(&req).await.error(409);
    api.put_json(
        &format!("/contacts/{id}"),
        &json!({"email_address": {"address": "gone@example.com", "permission_to_send": "unsubscribed"},
                "update_source": "Contact"}),
    )
    .await
    .json::<ContactResource>(200);
    let r = api.request(&req).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let back: ContactResource = api
        .get(&format!("/contacts/{id}?include=list_memberships"))
        .await
        .json(200);
    let email = back.email_address.unwrap();
    assert_eq!(
        email.permission_to_send,
        Some(contacts::PermissionToSend::PendingConfirmation)
    );
    assert_eq!(back.list_memberships.unwrap(), vec![list]);
    api.put_json(
        &format!("/contacts/resubscribe/{id}"),
        &json!({"list_ids": ["no-such-list"]}),
    )
    .await
    .error(404);
    api.put_json("/contacts/resubscribe/nobody", &json!({"list_ids": []}))
        .await
        .error(400);
}

#[tokio::test]
async fn sms_history_has_one_event_per_consent() {
    let api = start().await;
    let c: ContactResource = api
        .post_json(
            "/contacts",
            &json!({"first_name": "Sam", "create_source": "Contact",
                    "sms_channel": {"full_sms_address": "15555550100",
                        "sms_channel_consents": [{"sms_consent_permission": "explicit",
                                                  "consent_type": "promotional_sms"}]}}),
        )
        .await
        .json(201);
    let id = c.contact_id.unwrap();
    let r = api
        .get(&format!("/contacts/sms_engagement_history/{id}"))
        .await;
    let h: contacts::SmsEngagementHistory = r.json(200);
    let items = h.items.unwrap();
    assert_eq!(items.len(), 1, "{}", r.body);
    let details = items[0].history_details.clone().unwrap();
    assert_eq!(details.consent_type.as_deref(), Some("promotional_sms"));
    assert_eq!(details.state.as_deref(), Some("explicit"));
    api.get("/contacts/sms_engagement_history/nobody")
        .await
        .error(404);
}

#[tokio::test]
async fn sequence_ids_map_to_the_uuids_of_contacts_and_lists() {
    let api = start().await;
    let all: Contacts = api.get("/contacts").await.json(200);
    let first = all.contacts.unwrap()[0].contact_id.clone().unwrap();
    // Sequence ids are creation order; find the first contact's by asking for a range.
    let ids: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    let req = contacts::GetContactIdXrefs::new()
        .sequence_ids(ids.clone())
        .to_request()
        .unwrap();
    let x: ContactXrefs = api.request(&req).await.json(200);
    let xrefs = x.xrefs.unwrap();
    assert!(
        xrefs
            .iter()
            .any(|x| x.contact_id.as_deref() == Some(first.as_str()))
    );
    let lists: ContactLists = api.get("/contact_lists").await.json(200);
    let list = lists.lists.unwrap()[0].list_id.clone().unwrap();
    let l: ListXrefs = api
        .get(&format!(
            "/contact_lists/list_id_xrefs?sequence_ids={}",
            ids.join(",")
        ))
        .await
        .json(200);
    let lx = l.xrefs.unwrap();
    assert!(
        lx.iter()
            .any(|x| x.list_id.as_deref() == Some(list.as_str()))
    );
    assert!(
        lx.iter()
            .all(|l| xrefs.iter().all(|c| c.sequence_id != l.sequence_id)),
        "a sequence id is one record"
    );
    api.get("/contacts/contact_id_xrefs?sequence_ids=abc")
        .await
        .error(400);
    api.get("/contacts/contact_id_xrefs").await.error(400);
}

#[tokio::test]
async fn lists_filter_by_channel() {
    let api = start().await;
    let email: ContactLists = api.get("/contact_lists?channel_type=email").await.json(200);
    assert_eq!(email.lists.unwrap().len(), 2);
    let sms: ContactLists = api
        .get("/contact_lists?channel_type=sms&include_sms_membership_count=true")
        .await
        .json(200);
    assert!(sms.lists.unwrap().is_empty());
    api.get("/contact_lists?channel_type=fax").await.error(400);
}

#[tokio::test]
async fn contact_reports_answer_in_shape_and_check_their_ranges() {
    let api = start().await;
    let all: Contacts = api.get("/contacts").await.json(200);
    let id = all.contacts.unwrap()[0].contact_id.clone().unwrap();
    let base = format!("/reports/contact_reports/{id}");
    let d: ContactTrackingActivitiesPage = api
        .get(&format!(
            "{base}/activity_details?tracking_activities_list=em_sends,em_opens&limit=10"
        ))
        .await
        .json(200);
    assert_eq!(d.tracking_activities.unwrap().len(), 0);
    api.get(&format!(
        "{base}/activity_details?tracking_activities_list=em_nothing"
    ))
    .await
    .error(400);
    let range = "start=2019-01-01T00:00:00-0500&end=2019-12-01T00:00:00-0500";
    let r: ContactOpenAndClickRates = api
        .get(&format!("{base}/open_and_click_rates?{range}"))
        .await
        .json(200);
    assert_eq!(r.contact_id.as_deref(), Some(id.as_str()));
    assert_eq!(r.average_open_rate, Some(0.0));
    let s: ContactCampaignActivitiesSummary = api
        .get(&format!("{base}/activity_summary?{range}"))
        .await
        .json(200);
    assert_eq!(s.campaign_activities.unwrap().len(), 0);
    api.get(&format!(
        "{base}/activity_summary?start=2019-12-01&end=2019-01-01"
    ))
    .await
    .error(400);
    api.get(&format!("{base}/open_and_click_rates?start=soon&end=later"))
        .await
        .error(400);
    api.get(&format!("{base}/activity_summary"))
        .await
        .error(400);
    api.get("/reports/contact_reports/nobody/activity_summary?start=2019-01-01&end=2019-02-01")
        .await
        .error(404);
    let r = api
        .send(
            Method::POST,
            &format!("{base}/activity_summary"),
            None,
            Vec::new(),
        )
        .await;
    assert_eq!(r.header("allow"), Some("GET"));
}
