//! Add a contact to a list, take it off again, then remove it (PUT with no lists: status
//! Removed, reversible by you) — and, only with `--opt-out`, opt it out (DELETE: Do Not Mail,
//! reversible only by the contact).
//!
//! ```sh
//! CTCT_USERNAME=joesflowers CTCT_ACCESS_TOKEN=token \
//! cargo run -p ctct-client --example list_membership -- 2 5 [--opt-out]
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

    let added = client
        .add_contact_to_lists(&contact, std::slice::from_ref(&list))
        .await?;
    println!(
        "add to list {}: {}",
        list.tail(),
        if added { "done" } else { "already on it" }
    );
    let removed = client
        .remove_contact_from_lists(&contact, std::slice::from_ref(&list))
        .await?;
    println!(
        "take off list {}: {}",
        list.tail(),
        if removed { "done" } else { "was not on it" }
    );
    client.remove_contact(&contact).await?;
    println!(
        "contact {} removed from every list (status Removed)",
        contact.tail()
    );
    if args.iter().any(|a| a == "--opt-out") {
        client.opt_out_contact(&contact).await?;
        println!("contact {} opted out (Do Not Mail)", contact.tail());
    }
    Ok(())
}
