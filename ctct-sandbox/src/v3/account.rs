//! `/v3/account`: the account summary (and its `extra_fields`), the physical address (absent
//! until it is set, then replaced), the sender email addresses (the owner's, confirmed, and
//! any added, unconfirmed, with the role and state filters and their one-letter aliases) and
//! the user's privileges.
//!
//! The account is one per sandbox, seeded like a new trial's: the owner's name and address,
//! no physical address yet. Kept apart from the contact store's records so the account's
//! settings never mix with its contacts.

use axum::response::Response;
use ctct_models::v3::account::{
    AccountEmail, AccountEmailCreateResponse, AccountEmailInput, AccountEmails, AccountExtraField,
    AccountPhysicalAddress, AccountPhysicalAddressInput, AccountSummaryPhysicalAddress,
    AccountSummaryPut, AccountSummaryPutInput, CompanyLogo, GetAccountEmails, GetAccountSummary,
    UserPrivilege, UserPrivileges,
};
use ctct_models::validate::{Validate, WriteKind};

use super::Ctx;
use super::respond::{V3Error, json};

/// The privileges a trial account's owner holds.
const PRIVILEGES: &[(i64, &str)] = &[
    (1, "contacts:read"),
    (2, "contacts:write"),
    (3, "campaigns:read"),
    (4, "campaigns:write"),
    (5, "account:read"),
    (6, "account:update"),
];

fn invalid(e: ctct_models::validate::ValidationError) -> V3Error {
    V3Error::many(400, "account.api.validation.error", e.to_string())
}

/// `GET /account/user/privileges`.
pub(crate) fn privileges() -> Result<Response, V3Error> {
    let items: Vec<UserPrivilege> = PRIVILEGES
        .iter()
        .map(|(id, name)| UserPrivilege {
            privilege_id: Some(*id),
            privilege_name: Some((*name).to_owned()),
            ..Default::default()
        })
        .collect();
    Ok(json(200, &UserPrivileges { items: Some(items) }))
}

/// `GET /account/summary`.
pub(crate) fn summary(cx: &mut Ctx<'_>, request: &GetAccountSummary) -> Result<Response, V3Error> {
    let account = &cx.store.account;
    let mut shown = account.summary.clone();
    for field in &request.extra_fields {
        match field {
            AccountExtraField::PhysicalAddress => {
                shown.physical_address =
                    account
                        .address
                        .as_ref()
                        .map(|a| AccountSummaryPhysicalAddress {
                            address_line1: a.address_line1.clone(),
                            address_line2: a.address_line2.clone(),
                            address_line3: a.address_line3.clone(),
                            city: a.city.clone(),
                            state_code: a.state_code.clone(),
                            state_name: a.state_name.clone(),
                            postal_code: a.postal_code.clone(),
                            country_code: a.country_code.clone(),
                            ..Default::default()
                        });
            }
            AccountExtraField::CompanyLogo => {
                shown.company_logo = Some(CompanyLogo {
                    url: Some(format!("{}/v3/logo.png", cx.origin)),
                    internal_id: Some("logo-1".to_owned()),
                    ..Default::default()
                });
            }
            other => {
                return Err(V3Error::bad_request(format!(
                    "extra_fields {:?} is not physical_address or company_logo",
                    other.as_str()
                )));
            }
        }
    }
    Ok(json(200, &shown))
}

/// `PUT /account/summary`: replaces the editable fields (those left out are kept, as the
/// service keeps an account's settings unless told otherwise).
pub(crate) fn put_summary(
    cx: &mut Ctx<'_>,
    body: AccountSummaryPutInput,
) -> Result<Response, V3Error> {
    body.validate(WriteKind::Update).map_err(invalid)?;
    let s = &mut cx.store.account.summary;
    macro_rules! keep_or_set {
        ($($f:ident),*) => { $( if body.$f.is_some() { s.$f = body.$f.clone(); } )* };
    }
    keep_or_set!(
        contact_email,
        contact_phone,
        country_code,
        first_name,
        last_name,
        organization_name,
        organization_phone,
        state_code,
        time_zone_id,
        website
    );
    let s = s.clone();
    Ok(json(
        200,
        &AccountSummaryPut {
            contact_email: s.contact_email,
            contact_phone: s.contact_phone,
            country_code: s.country_code,
            encoded_account_id: s.encoded_account_id,
            first_name: s.first_name,
            last_name: s.last_name,
            organization_name: s.organization_name,
            organization_phone: s.organization_phone,
            state_code: s.state_code,
            time_zone_id: s.time_zone_id,
            website: s.website,
            ..Default::default()
        },
    ))
}

/// `GET /account/summary/physical_address`: 404 until one is set.
pub(crate) fn address(cx: &mut Ctx<'_>) -> Result<Response, V3Error> {
    match &cx.store.account.address {
        Some(a) => Ok(json(200, a)),
        None => Err(V3Error::many(
            404,
            "account.api.not_found",
            "the account has no physical address yet; POST one",
        )),
    }
}

fn written(body: AccountPhysicalAddressInput) -> Result<AccountPhysicalAddress, V3Error> {
    body.validate(WriteKind::Create).map_err(invalid)?;
    if body.country_code.eq_ignore_ascii_case("US") && body.state_code.is_none() {
        return Err(V3Error::many(
            400,
            "account.api.validation.error",
            "state_code is required for an address in the US",
        ));
    }
    Ok(AccountPhysicalAddress {
        address_line1: Some(body.address_line1),
        address_line2: body.address_line2,
        address_line3: body.address_line3,
        city: Some(body.city),
        state_code: body.state_code,
        state_name: body.state_name,
        postal_code: body.postal_code,
        country_code: Some(body.country_code),
        ..Default::default()
    })
}

/// `POST /account/summary/physical_address`: 201 when the account has none, 409 otherwise.
pub(crate) fn add_address(
    cx: &mut Ctx<'_>,
    body: AccountPhysicalAddressInput,
) -> Result<Response, V3Error> {
    if cx.store.account.address.is_some() {
        return Err(V3Error::conflict(
            "account.api.conflict",
            "the account already has a physical address; PUT replaces it",
        ));
    }
    let a = written(body)?;
    cx.store.account.address = Some(a.clone());
    Ok(json(201, &a))
}

/// `PUT /account/summary/physical_address`: replaces it (and sets it when there is none).
pub(crate) fn put_address(
    cx: &mut Ctx<'_>,
    body: AccountPhysicalAddressInput,
) -> Result<Response, V3Error> {
    let a = written(body)?;
    cx.store.account.address = Some(a.clone());
    Ok(json(200, &a))
}

/// The full role name of a role filter (`C` is `CONTACT`).
fn role_name(code: &str) -> &str {
    match code {
        "C" => "CONTACT",
        "B" => "BILLING",
        "J" => "JOURNALING",
        "R" => "REPLY_TO",
        "O" => "OTHER",
        other => other,
    }
}

/// `GET /account/emails`, filtered by state, role and address.
pub(crate) fn emails(cx: &mut Ctx<'_>, request: &GetAccountEmails) -> Result<Response, V3Error> {
    let state = match request.confirm_status.as_ref().map(|s| s.as_str()) {
        None => None,
        Some("CONFIRMED" | "C") => Some("CONFIRMED"),
        Some("UNCONFIRMED" | "U") => Some("UNCONFIRMED"),
        Some(other) => {
            return Err(V3Error::bad_request(format!(
                "confirm_status {other:?} is not CONFIRMED, C, UNCONFIRMED or U"
            )));
        }
    };
    let role = request.role_code.as_ref().map(|r| role_name(r.as_str()));
    if let (Some(r), Some(code)) = (role, &request.role_code)
        && !["CONTACT", "BILLING", "JOURNALING", "REPLY_TO", "OTHER"].contains(&r)
    {
        return Err(V3Error::bad_request(format!(
            "role_code {:?} is not a role",
            code.as_str()
        )));
    }
    let items: Vec<AccountEmail> = cx
        .store
        .account
        .emails
        .iter()
        .filter(|e| state.is_none_or(|s| e.confirm_status.as_deref() == Some(s)))
        .filter(|e| role.is_none_or(|r| e.roles.iter().flatten().any(|x| x == r)))
        .filter(|e| {
            request.email_address.as_deref().is_none_or(|a| {
                e.email_address
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(a))
            })
        })
        .cloned()
        .collect();
    Ok(json(200, &AccountEmails { items: Some(items) }))
}

/// `POST /account/emails`: adds an unconfirmed address (409 when the account has it).
pub(crate) fn add_email(cx: &mut Ctx<'_>, body: AccountEmailInput) -> Result<Response, V3Error> {
    body.validate(WriteKind::Create).map_err(invalid)?;
    let address = body.email_address.unwrap_or_default();
    let address = address.trim();
    if !address.contains('@') || address.starts_with('@') || address.ends_with('@') {
        return Err(V3Error::many(
            400,
            "account.api.validation.error",
            format!("email_address {address:?} is not an email address"),
        ));
    }
    let emails = &mut cx.store.account.emails;
    if emails.iter().any(|e| {
        e.email_address
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(address))
    }) {
        return Err(V3Error::conflict(
            "account.api.conflict",
            format!("{address:?} is already an email address of the account"),
        ));
    }
    let id = emails.iter().filter_map(|e| e.email_id).max().unwrap_or(0) + 1;
    emails.push(AccountEmail {
        email_address: Some(address.to_owned()),
        email_id: Some(id),
        confirm_status: Some("UNCONFIRMED".to_owned()),
        roles: Some(Vec::new()),
        pending_roles: Some(vec!["OTHER".to_owned()]),
        ..Default::default()
    });
    Ok(json(
        201,
        &AccountEmailCreateResponse {
            email_address: Some(address.to_owned()),
            email_id: Some(id),
            confirm_status: Some("UNCONFIRMED".to_owned()),
            ..Default::default()
        },
    ))
}
