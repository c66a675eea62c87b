//! Contacts over HTTP: list with filters, create, read, the full replace (`[]` takes a
//! contact off every list), delete, the sign-up form upsert, the V2 id cross-reference, the
//! SMS history, the consent counts and the resubscribe request, each followed by a read of
//! the state it leaves.

use ctct_models::endpoint::{EndpointSpec, NoContent};
use ctct_models::v3::common::ListId;
use ctct_models::v3::contacts::{
    self, ConfirmStatus, ContactCountsInclude, ContactCreateOrUpdateInput, ContactInclude,
    ContactPostRequest, ContactPutRequest, ContactStatusFilter, CreateContact,
    CreateOrUpdateContact, DeleteContact, EmailAddressPost, EmailAddressPut, GetContact,
    GetContactCounts, GetContactIdXrefs, GetContacts, GetSmsEngagementHistory, PermissionToSend,
    PutContact, ResubscribeContact, ResubscribeInput, SignUpAction, SmsChannelConsentInput,
    SmsChannelInput, Source,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &contacts::GET_CONTACTS,
    &contacts::CREATE_CONTACT,
    &contacts::GET_CONTACT,
    &contacts::PUT_CONTACT,
    &contacts::DELETE_CONTACT,
    &contacts::CREATE_OR_UPDATE_CONTACT,
    &contacts::GET_CONTACT_ID_XREFS,
    &contacts::GET_SMS_ENGAGEMENT_HISTORY,
    &contacts::GET_CONTACT_COUNTS,
    &contacts::RESUBSCRIBE_CONTACT,
];

/// What [`create_read_replace_and_delete`] covers.
const CRUD: &[&EndpointSpec] = &[
    &contacts::GET_CONTACTS,
    &contacts::CREATE_CONTACT,
    &contacts::GET_CONTACT,
    &contacts::PUT_CONTACT,
    &contacts::DELETE_CONTACT,
    &contacts::GET_CONTACT_COUNTS,
];

/// What [`sign_up_xrefs_sms_history_and_resubscribe`] covers.
const EXTRAS: &[&EndpointSpec] = &[
    &contacts::CREATE_OR_UPDATE_CONTACT,
    &contacts::GET_CONTACT_ID_XREFS,
    &contacts::GET_SMS_ENGAGEMENT_HISTORY,
    &contacts::RESUBSCRIBE_CONTACT,
];

#[test]
fn the_two_tests_cover_every_contacts_operation() {
    let mut covered: Vec<&str> = CRUD.iter().chain(EXTRAS).map(|s| s.name).collect();
    let mut declared: Vec<&str> = OPS.iter().map(|s| s.name).collect();
    covered.sort_unstable();
    declared.sort_unstable();
    assert_eq!(covered, declared);
}

fn replace(address: &str, lists: Option<Vec<ListId>>) -> ContactPutRequest {
    let mut body = ContactPutRequest::new(Source::Account);
    body.email_address = Some(EmailAddressPut::new(address.into()));
    body.list_memberships = lists;
    body
}

#[tokio::test]
async fn create_read_replace_and_delete() {
    let ops = Ops::start().await;
    let lists = ops.list_ids().await;
    let counts = ops.ok(GetContactCounts::new(), 200).await;
    assert_eq!((counts.total, counts.explicit), (Some(3), Some(3)));

    let mut body = ContactPostRequest::new();
    let mut email = EmailAddressPost::new("sam@example.com".into());
    email.permission_to_send = Some(PermissionToSend::Implicit);
    body.email_address = Some(email);
    body.first_name = Some("Sam".into());
    body.create_source = Some(Source::Contact);
    body.list_memberships = vec![lists[1].clone()];
    let created = ops.ok(CreateContact::new(body.clone()), 201).await;
    let sam = created.contact_id.clone().unwrap();
    assert_eq!(created.first_name.as_deref(), Some("Sam"));
    assert_eq!(created.create_source, Some(Source::Contact));
    ops.refused(CreateContact::new(body), 409).await;

    let read = ops
        .ok(
            GetContact::new(&sam).include([ContactInclude::ListMemberships]),
            200,
        )
        .await;
    assert_eq!(read.list_memberships, Some(vec![lists[1].clone()]));
    assert_eq!(
        read.email_address.unwrap().permission_to_send,
        Some(PermissionToSend::Implicit)
    );
    let counts = ops
        .ok(
            GetContactCounts::new().include(ContactCountsInclude::NewSubscriber),
            200,
        )
        .await;
    assert_eq!(counts.total, Some(4));
    assert_eq!(counts.implicit, Some(1));
    assert_eq!(counts.new_subscriber, Some(1), "Sam was created just now");

    let page = ops
        .ok(
            GetContacts::new()
                .lists([lists[1].clone()])
                .include_count(true)
                .include([ContactInclude::ListMemberships]),
            200,
        )
        .await;
    let on_newsletter: Vec<_> = page
        .contacts
        .unwrap()
        .into_iter()
        .map(|c| c.first_name.unwrap())
        .collect();
    assert_eq!(on_newsletter, ["Grace", "Sam"]);
    assert_eq!(page.contacts_count, Some(2));

    // A replace with `list_memberships: []` takes Grace off every list; leaving it out keeps
    // Sam's; top-level fields left out are cleared.
    let grace = ops.contact_ids().await[2].clone();
    let put = ops
        .ok(
            PutContact::new(&grace, replace("grace@example.com", Some(vec![]))),
            200,
        )
        .await;
    assert_eq!(put.contact_id.as_ref(), Some(&grace));
    let back = ops.contact(&grace).await;
    assert_eq!(back.list_memberships, Some(vec![]));
    assert_eq!(back.first_name, None);
    let mut kept = replace("sam@example.com", None);
    kept.last_name = Some("Smith".into());
    ops.ok(PutContact::new(&sam, kept), 200).await;
    let back = ops.contact(&sam).await;
    assert_eq!(back.list_memberships, Some(vec![lists[1].clone()]));
    assert_eq!(back.last_name.as_deref(), Some("Smith"));

    // Delete: 204, gone from the default listing, listed as deleted.
    let gone: NoContent = ops.ok(DeleteContact::new(&sam), 204).await;
    assert_eq!(gone, NoContent);
    ops.refused(DeleteContact::new(&sam), 404).await;
    assert!(!ops.contact_ids().await.contains(&sam));
    let deleted = ops
        .ok(
            GetContacts::new().status([ContactStatusFilter::Deleted]),
            200,
        )
        .await
        .contacts
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].contact_id.as_ref(), Some(&sam));
    assert!(deleted[0].deleted_at.is_some());
    let counts = ops.ok(GetContactCounts::new(), 200).await;
    assert_eq!(counts.total, Some(3));

    ops.covered(CRUD);
}

#[tokio::test]
async fn sign_up_xrefs_sms_history_and_resubscribe() {
    let ops = Ops::start().await;
    let lists = ops.list_ids().await;

    let mut form = ContactCreateOrUpdateInput::new(vec![lists[0].clone()]);
    form.email_address = Some("kim@example.com".into());
    form.first_name = Some("Kim".into());
    let created = ops.ok(CreateOrUpdateContact::new(form), 201).await;
    assert_eq!(created.action, Some(SignUpAction::Created));
    let kim = created.contact_id.unwrap();
    let mut again = ContactCreateOrUpdateInput::new(vec![lists[1].clone()]);
    again.email_address = Some("kim@example.com".into());
    let updated = ops.ok(CreateOrUpdateContact::new(again), 200).await;
    assert_eq!(updated.action, Some(SignUpAction::Updated));
    assert_eq!(updated.contact_id.as_ref(), Some(&kim));
    let back = ops.contact(&kim).await;
    assert_eq!(
        back.list_memberships,
        Some(lists.clone()),
        "lists are appended"
    );
    assert_eq!(
        back.first_name.as_deref(),
        Some("Kim"),
        "fields left out are kept"
    );

    // Sequence ids are creation order: the three seeded contacts, then Kim.
    let ids = ops.contact_ids().await;
    let xrefs = ops
        .ok(
            GetContactIdXrefs::new().sequence_ids((1..=20).map(|n| n.to_string())),
            200,
        )
        .await
        .xrefs
        .unwrap();
    for id in &ids {
        assert!(
            xrefs.iter().any(|x| x.contact_id.as_ref() == Some(id)),
            "{id} in {xrefs:?}"
        );
    }

    // An SMS contact has one history event per consent; an email-only one has none.
    let mut body = ContactPostRequest::new();
    body.first_name = Some("Lee".into());
    body.create_source = Some(Source::Contact);
    body.sms_channel = Some(SmsChannelInput::new(
        "15555550100".into(),
        vec![SmsChannelConsentInput::new(
            "explicit".into(),
            "promotional_sms".into(),
        )],
    ));
    let lee = ops
        .ok(CreateContact::new(body), 201)
        .await
        .contact_id
        .unwrap();
    let history = ops
        .ok(GetSmsEngagementHistory::new(&lee), 200)
        .await
        .items
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].contact_id.as_ref(), Some(&lee));
    let details = history[0].history_details.as_ref().unwrap();
    assert_eq!(details.state.as_deref(), Some("explicit"));
    assert_eq!(details.consent_type.as_deref(), Some("promotional_sms"));
    let none = ops.ok(GetSmsEngagementHistory::new(&kim), 200).await;
    assert_eq!(none.items, Some(vec![]));

    // Only an unsubscribed contact can be asked to resubscribe; it is then pending
    // confirmation and on the lists asked for.
    let ada = ids[1].clone();
    let resubscribe =
        || ResubscribeContact::new(&ada, ResubscribeInput::new(vec![lists[1].clone()]));
    ops.refused(resubscribe(), 409).await;
    let mut unsubscribe = replace("ada@example.com", None);
    if let Some(email) = unsubscribe.email_address.as_mut() {
        email.permission_to_send = Some(PermissionToSend::Unsubscribed);
    }
    ops.ok(PutContact::new(&ada, unsubscribe), 200).await;
    let done: NoContent = ops.ok(resubscribe(), 200).await;
    assert_eq!(done, NoContent);
    let back = ops.contact(&ada).await;
    let email = back.email_address.unwrap();
    assert_eq!(
        email.permission_to_send,
        Some(PermissionToSend::PendingConfirmation)
    );
    assert_eq!(email.confirm_status, Some(ConfirmStatus::Pending));
    assert_eq!(back.list_memberships, Some(lists.clone()));

    ops.covered(EXTRAS);
}
