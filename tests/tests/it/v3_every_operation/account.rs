//! Account Services (8 operations): the summary, its physical address, the sender email
//! addresses and the user's privileges.

use ctct_models::endpoint::Method;
use ctct_models::v3::account::{
    AccountEmailConfirmFilter, AccountEmailInput, AccountEmailRoleFilter, AccountExtraField,
    AccountPhysicalAddressInput, AccountSummaryPutInput, AddAccountEmail, AddPhysicalAddress,
    GetAccountEmails, GetAccountSummary, GetPhysicalAddress, GetUserPrivileges, PutAccountSummary,
    PutPhysicalAddress,
};

use super::{Case, bare, decodes, with_json};

fn address() -> AccountPhysicalAddressInput {
    let mut a =
        AccountPhysicalAddressInput::new("123 Maple Street".into(), "Boston".into(), "US".into());
    a.address_line2 = Some("Unit 4".into());
    a.state_code = Some("MA".into());
    a.postal_code = Some("02451".into());
    a
}

pub fn wire() -> Vec<Case> {
    let mut summary = AccountSummaryPutInput::new();
    summary.contact_email = Some("owner@joesflowers.example".into());
    summary.organization_name = Some("Joe's Flowers & Co".into());
    summary.time_zone_id = Some("US/Eastern".into());
    summary.website = Some("https://joesflowers.example".into());
    let mut email = AccountEmailInput::new();
    email.email_address = Some("orders@joesflowers.example".into());
    vec![
        bare(
            GetUserPrivileges::new(),
            Method::Get,
            "/account/user/privileges",
        ),
        bare(GetAccountSummary::new(), Method::Get, "/account/summary"),
        bare(
            GetAccountSummary::new().extra_fields([
                AccountExtraField::PhysicalAddress,
                AccountExtraField::CompanyLogo,
            ]),
            Method::Get,
            "/account/summary?extra_fields=physical_address%2Ccompany_logo",
        ),
        with_json(
            PutAccountSummary::new(summary),
            Method::Put,
            "/account/summary",
            r#"{"contact_email":"owner@joesflowers.example","organization_name":"Joe's Flowers & Co","time_zone_id":"US/Eastern","website":"https://joesflowers.example"}"#,
        ),
        bare(
            GetPhysicalAddress::new(),
            Method::Get,
            "/account/summary/physical_address",
        ),
        with_json(
            AddPhysicalAddress::new(address()),
            Method::Post,
            "/account/summary/physical_address",
            r#"{"address_line1":"123 Maple Street","address_line2":"Unit 4","city":"Boston","state_code":"MA","postal_code":"02451","country_code":"US"}"#,
        ),
        with_json(
            PutPhysicalAddress::new(address()),
            Method::Put,
            "/account/summary/physical_address",
            r#"{"address_line1":"123 Maple Street","address_line2":"Unit 4","city":"Boston","state_code":"MA","postal_code":"02451","country_code":"US"}"#,
        ),
        bare(
            GetAccountEmails::new()
                .confirm_status(AccountEmailConfirmFilter::Confirmed)
                .role_code(AccountEmailRoleFilter::ReplyTo)
                .email_address("orders+us@joesflowers.example"),
            Method::Get,
            "/account/emails?confirm_status=CONFIRMED&role_code=REPLY_TO\
             &email_address=orders%2Bus%40joesflowers.example",
        ),
        bare(
            GetAccountEmails::new().confirm_status(AccountEmailConfirmFilter::U),
            Method::Get,
            "/account/emails?confirm_status=U",
        ),
        with_json(
            AddAccountEmail::new(email),
            Method::Post,
            "/account/emails",
            r#"{"email_address":"orders@joesflowers.example"}"#,
        ),
    ]
}

pub fn decode() -> Vec<Case> {
    vec![
        decodes::<GetUserPrivileges>(
            200,
            r#"[{"privilege_id":1,"privilege_name":"account:read"},
                {"privilege_id":12,"privilege_name":"contacts:write"}]"#,
            |p| {
                let items = p.items.unwrap();
                assert_eq!(items.len(), 2);
                assert_eq!(items[1].privilege_id, Some(12));
                assert_eq!(items[1].privilege_name.as_deref(), Some("contacts:write"));
            },
        ),
        decodes::<GetAccountSummary>(
            200,
            r#"{"contact_email":"owner@joesflowers.example","contact_phone":"555-0100",
                "country_code":"US","encoded_account_id":"a07e1ikxyomh","first_name":"Joe",
                "last_name":"Flowers","organization_name":"Joe's Flowers",
                "organization_phone":"555-0101","state_code":"MA","time_zone_id":"US/Eastern",
                "website":"https://joesflowers.example",
                "physical_address":{"address_line1":"123 Maple Street","city":"Boston",
                    "state_code":"MA","postal_code":"02451","country_code":"US"},
                "company_logo":{"url":"https://files.example/logo.png",
                    "external_url":"https://joesflowers.example/logo.png","internal_id":"7"}}"#,
            |s| {
                assert_eq!(s.encoded_account_id.as_deref(), Some("a07e1ikxyomh"));
                assert_eq!(s.time_zone_id.as_deref(), Some("US/Eastern"));
                let a = s.physical_address.unwrap();
                assert_eq!(a.city.as_deref(), Some("Boston"));
                assert_eq!(a.postal_code.as_deref(), Some("02451"));
                assert_eq!(s.company_logo.unwrap().internal_id.as_deref(), Some("7"));
            },
        ),
        decodes::<PutAccountSummary>(
            200,
            r#"{"contact_email":"owner@joesflowers.example","country_code":"US",
                "encoded_account_id":"a07e1ikxyomh","organization_name":"Joe's Flowers & Co",
                "time_zone_id":"US/Eastern"}"#,
            |s| {
                assert_eq!(s.organization_name.as_deref(), Some("Joe's Flowers & Co"));
                assert_eq!(s.encoded_account_id.as_deref(), Some("a07e1ikxyomh"));
                assert_eq!(s.website, None);
            },
        ),
        decodes::<GetPhysicalAddress>(
            200,
            r#"{"address_line1":"123 Maple Street","address_line2":"Unit 4","city":"Boston",
                "state_code":"MA","state_name":"Massachusetts","postal_code":"02451",
                "country_code":"US"}"#,
            |a| {
                assert_eq!(a.address_line2.as_deref(), Some("Unit 4"));
                assert_eq!(a.state_name.as_deref(), Some("Massachusetts"));
            },
        ),
        decodes::<AddPhysicalAddress>(
            201,
            r#"{"address_line1":"1 Harbor Way","city":"Halifax","state_name":"Nova Scotia",
                "postal_code":"B3H 1A1","country_code":"CA"}"#,
            |a| {
                assert_eq!(a.country_code.as_deref(), Some("CA"));
                assert_eq!(a.state_code, None);
            },
        ),
        decodes::<PutPhysicalAddress>(
            200,
            r#"{"address_line1":"123 Maple Street","city":"Boston","country_code":"US"}"#,
            |a| assert_eq!(a.address_line1.as_deref(), Some("123 Maple Street")),
        ),
        decodes::<GetAccountEmails>(
            200,
            r#"[{"email_address":"owner@joesflowers.example","email_id":1,
                 "confirm_status":"CONFIRMED","confirm_time":"2026-01-01T10:00:00.000Z",
                 "confirm_source_type":"SITE_OWNER","roles":["CONTACT","BILLING"],
                 "pending_roles":["REPLY_TO"]},
                {"email_address":"orders@joesflowers.example","email_id":2,
                 "confirm_status":"UNCONFIRMED","roles":[],"pending_roles":[]}]"#,
            |e| {
                let e = e.items.unwrap();
                assert_eq!(e.len(), 2);
                assert_eq!(e[0].roles.as_deref().unwrap(), ["CONTACT", "BILLING"]);
                assert_eq!(e[0].pending_roles.as_deref().unwrap(), ["REPLY_TO"]);
                assert_eq!(
                    e[0].confirm_time.unwrap().to_string(),
                    "2026-01-01T10:00:00.000Z"
                );
                assert_eq!(e[1].confirm_status.as_deref(), Some("UNCONFIRMED"));
                assert_eq!(e[1].email_id, Some(2));
            },
        ),
        decodes::<AddAccountEmail>(
            201,
            r#"{"email_address":"orders@joesflowers.example","email_id":3,
                "confirm_status":"UNCONFIRMED"}"#,
            |e| {
                assert_eq!(e.email_id, Some(3));
                assert_eq!(e.confirm_status.as_deref(), Some("UNCONFIRMED"));
            },
        ),
    ]
}
