//! Upsert a contact: create it, or update the one with the same address, adding it to a list.
//!
//! ```sh
//! CTCT_BASE_URL=http://127.0.0.1:8080 CTCT_USERNAME=joesflowers CTCT_API_KEY=key \
//! CTCT_PASSWORD=pw cargo run -p ctct-client --example upsert_contact -- jon@example.com 1
//! ```

mod common;

use ctct_models::ids::ListId;
use ctct_models::v1::contacts::{Contact, ContactLists, ContactMembership};

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let mut args = std::env::args().skip(1);
    let email = args.next().unwrap_or_else(|| "jon@example.com".to_owned());
    let list = args.next().unwrap_or_else(|| "1".to_owned());
    let username = client.username().unwrap_or_default().to_owned();
    let contact = Contact {
        email_address: Some(email),
        first_name: Some("Jon".to_owned()),
        contact_lists: Some(ContactLists {
            lists: vec![ContactMembership {
                id: Some(ListId::new(username, list).uri()),
                ..ContactMembership::default()
            }],
        }),
        ..Contact::default()
    };
    let outcome = client.upsert_contact(&contact).await?;
    println!(
        "{} contact {}",
        if outcome.created {
            "created"
        } else {
            "updated"
        },
        outcome.id
    );
    Ok(())
}
