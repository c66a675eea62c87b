//! The account's own settings as the store keeps them (summary, physical address, account
//! emails), seeded with the sandbox's owner. The `/v3/account/…` handlers read and change them.

use ctct_models::v3::account::{AccountEmail, AccountPhysicalAddress, AccountSummary};

use crate::v3::seed;

/// The account's own settings.
#[derive(Debug, Clone)]
pub(crate) struct AccountState {
    pub(crate) summary: AccountSummary,
    pub(crate) address: Option<AccountPhysicalAddress>,
    pub(crate) emails: Vec<AccountEmail>,
}

impl AccountState {
    pub fn seeded() -> Self {
        let (owner, first, last, _) = seed::CONTACTS[0];
        Self {
            summary: AccountSummary {
                contact_email: Some(owner.to_owned()),
                contact_phone: Some("6175550100".to_owned()),
                country_code: Some("US".to_owned()),
                encoded_account_id: Some("a07e1sandbox0001".to_owned()),
                first_name: Some(first.to_owned()),
                last_name: Some(last.to_owned()),
                organization_name: Some("Joe's Flowers".to_owned()),
                organization_phone: Some("6175550100".to_owned()),
                state_code: Some("MA".to_owned()),
                time_zone_id: Some("US/Eastern".to_owned()),
                website: Some("https://joesflowers.example".to_owned()),
                ..Default::default()
            },
            address: None,
            emails: vec![AccountEmail {
                email_address: Some(owner.to_owned()),
                email_id: Some(1),
                confirm_status: Some("CONFIRMED".to_owned()),
                confirm_time: Some(ctct_models::DateTime::new(
                    time::macros::datetime!(2026-01-01 00:00 UTC),
                )),
                confirm_source_type: Some("SITE_OWNER".to_owned()),
                roles: Some(vec!["CONTACT".to_owned(), "BILLING".to_owned()]),
                pending_roles: Some(Vec::new()),
                ..Default::default()
            }],
        }
    }
}
