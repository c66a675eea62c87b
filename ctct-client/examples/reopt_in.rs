//! Re-opt-in a contact to a list as **the contact's own action** (`ACTION_BY_CONTACT`).
//! Only run this for a contact who asked, e.g. through your sign-up form.
//!
//! ```sh
//! CTCT_USERNAME=joesflowers CTCT_API_KEY=key CTCT_PASSWORD=pw \
//! cargo run -p ctct-client --example reopt_in -- 2 1
//! ```

mod common;

use ctct_models::ids::{ContactId, ListId};

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let username = client.username().unwrap_or_default().to_owned();
    let contact = ContactId::new(username.clone(), args.first().map_or("2", String::as_str));
    let list = ListId::new(username, args.get(1).map_or("1", String::as_str));
    client.reopt_in_by_contact(&contact, &[list]).await?;
    println!(
        "contact {} opted back in by their own action",
        contact.tail()
    );
    Ok(())
}
