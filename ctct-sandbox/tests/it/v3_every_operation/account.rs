//! Account Services over HTTP: the summary and its physical address, the sender emails and
//! the user's privileges, each read back after it is written.

use ctct_models::endpoint::EndpointSpec;
use ctct_models::v3::account::{
    self, AccountEmailConfirmFilter, AccountEmailInput, AccountExtraField,
    AccountPhysicalAddressInput, AccountSummaryPutInput, AddAccountEmail, AddPhysicalAddress,
    GetAccountEmails, GetAccountSummary, GetPhysicalAddress, GetUserPrivileges, PutAccountSummary,
    PutPhysicalAddress,
};

use super::Ops;

pub const OPS: &[&EndpointSpec] = &[
    &account::GET_USER_PRIVILEGES,
    &account::GET_ACCOUNT_SUMMARY,
    &account::PUT_ACCOUNT_SUMMARY,
    &account::GET_PHYSICAL_ADDRESS,
    &account::ADD_PHYSICAL_ADDRESS,
    &account::PUT_PHYSICAL_ADDRESS,
    &account::GET_ACCOUNT_EMAILS,
    &account::ADD_ACCOUNT_EMAIL,
];

#[tokio::test]
async fn account_services() {
    let ops = Ops::start().await;

    let privileges = ops.ok(GetUserPrivileges::new(), 200).await.items.unwrap();
    assert!(
        privileges
            .iter()
            .any(|p| p.privilege_name.as_deref() == Some("contacts:read")),
        "{privileges:?}"
    );

    let summary = ops.ok(GetAccountSummary::new(), 200).await;
    assert_eq!(summary.organization_name.as_deref(), Some("Joe's Flowers"));
    assert!(summary.physical_address.is_none());

    let mut input = AccountSummaryPutInput::new();
    input.organization_name = Some("Joe's Flowers & Co".into());
    input.website = Some("https://joesflowers.example".into());
    let put = ops.ok(PutAccountSummary::new(input), 200).await;
    assert_eq!(put.organization_name.as_deref(), Some("Joe's Flowers & Co"));
    let summary = ops.ok(GetAccountSummary::new(), 200).await;
    assert_eq!(
        summary.organization_name.as_deref(),
        Some("Joe's Flowers & Co")
    );
    assert_eq!(
        summary.website.as_deref(),
        Some("https://joesflowers.example")
    );

    // No address yet; added once (201), then replaced (200); each change is read back.
    ops.refused(GetPhysicalAddress::new(), 404).await;
    let mut address =
        AccountPhysicalAddressInput::new("123 Maple Street".into(), "Boston".into(), "US".into());
    address.state_code = Some("MA".into());
    address.postal_code = Some("02451".into());
    let added = ops.ok(AddPhysicalAddress::new(address.clone()), 201).await;
    assert_eq!(added.city.as_deref(), Some("Boston"));
    ops.refused(AddPhysicalAddress::new(address.clone()), 409)
        .await;
    let read = ops.ok(GetPhysicalAddress::new(), 200).await;
    assert_eq!(read.postal_code.as_deref(), Some("02451"));
    address.city = "Cambridge".into();
    let put = ops.ok(PutPhysicalAddress::new(address), 200).await;
    assert_eq!(put.city.as_deref(), Some("Cambridge"));
    let read = ops.ok(GetPhysicalAddress::new(), 200).await;
    assert_eq!(read.city.as_deref(), Some("Cambridge"));
    let summary = ops
        .ok(
            GetAccountSummary::new().extra_fields([AccountExtraField::PhysicalAddress]),
            200,
        )
        .await;
    assert_eq!(
        summary.physical_address.unwrap().city.as_deref(),
        Some("Cambridge")
    );

    // A new sender address is unconfirmed until its owner confirms it.
    let before = ops.ok(GetAccountEmails::new(), 200).await.items.unwrap();
    let mut email = AccountEmailInput::new();
    email.email_address = Some("orders@joesflowers.example".into());
    let added = ops.ok(AddAccountEmail::new(email), 201).await;
    assert_eq!(
        added.email_address.as_deref(),
        Some("orders@joesflowers.example")
    );
    assert_eq!(added.confirm_status.as_deref(), Some("UNCONFIRMED"));
    let after = ops.ok(GetAccountEmails::new(), 200).await.items.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let unconfirmed = ops
        .ok(
            GetAccountEmails::new().confirm_status(AccountEmailConfirmFilter::Unconfirmed),
            200,
        )
        .await
        .items
        .unwrap();
    assert_eq!(unconfirmed.len(), 1);
    assert_eq!(unconfirmed[0].email_id, added.email_id);
    let by_address = ops
        .ok(
            GetAccountEmails::new().email_address("orders@joesflowers.example"),
            200,
        )
        .await
        .items
        .unwrap();
    assert_eq!(by_address.len(), 1);

    ops.covered(OPS);
}
