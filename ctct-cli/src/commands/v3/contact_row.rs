//! One contact as a row of `ctct v3 contacts` output: the columns every contacts command
//! prints, the listing and the one-contact commands alike.

use ctct_models::v3::contacts::ContactResource;
use serde_json::{Map, Value, json};

/// The row of one contact; `with_lists` adds its list memberships.
pub(super) fn row(contact: ContactResource, with_lists: bool) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("contact_id".into(), json!(contact.contact_id));
    row.insert(
        "email".into(),
        json!(contact.email_address.and_then(|e| e.address)),
    );
    row.insert("first_name".into(), json!(contact.first_name));
    row.insert("last_name".into(), json!(contact.last_name));
    if with_lists {
        row.insert(
            "list_memberships".into(),
            json!(contact.list_memberships.unwrap_or_default()),
        );
    }
    row
}
