//! `ctct v3 account`: the account summary with its physical address, and the sender email
//! addresses with their confirmation state (two requests).

use ctct_client::v3::V3Client;
use ctct_models::v3::account::{self, AccountExtraField};
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// Runs `ctct v3 account`.
pub async fn run(client: &V3Client) -> Result<Output, Failure> {
    let s = client
        .send(account::GetAccountSummary::new().extra_fields([AccountExtraField::PhysicalAddress]))
        .await
        .map_err(|e| v3_failure(e, "the account summary"))?;
    let emails = client
        .send(account::GetAccountEmails::new())
        .await
        .map_err(|e| v3_failure(e, "the account's email addresses"))?;
    let mut r = Map::new();
    r.insert("organization_name".into(), json!(s.organization_name));
    let owner = [s.first_name.as_deref(), s.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    r.insert("owner".into(), json!(owner));
    r.insert("contact_email".into(), json!(s.contact_email));
    r.insert("time_zone_id".into(), json!(s.time_zone_id));
    r.insert("website".into(), json!(s.website));
    let address = s.physical_address.map(|a| {
        [
            a.address_line1,
            a.city,
            a.state_code,
            a.postal_code,
            a.country_code,
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    });
    r.insert("physical_address".into(), json!(address));
    let emails: Vec<Value> = emails
        .items
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            Value::String(format!(
                "{} ({})",
                e.email_address.unwrap_or_default(),
                e.confirm_status.unwrap_or_default()
            ))
        })
        .collect();
    r.insert("emails".into(), Value::Array(emails));
    Ok(Output::detail(r))
}
