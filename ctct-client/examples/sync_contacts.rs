//! Print the contacts changed since an instant: every active contact, or one list's.
//!
//! ```sh
//! CTCT_USERNAME=joesflowers CTCT_API_KEY=key CTCT_PASSWORD=pw \
//! cargo run -p ctct-client --example sync_contacts -- 2024-01-01T00:00:00.000Z [LIST]
//! ```

mod common;

use ctct_models::DateTime;
use ctct_models::ids::ListId;
use ctct_models::v1::contacts::SystemListType;
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let since: DateTime = args
        .first()
        .map_or("2024-01-01T00:00:00.000Z", String::as_str)
        .parse()
        .map_err(|e| format!("bad instant: {e}"))?;
    let mut changed = match args.get(1) {
        Some(list) => client.contacts_updated_since_on_list(
            &since,
            &ListId::new(client.username().unwrap_or_default(), list.as_str()),
        ),
        None => client.contacts_updated_since(&since, &SystemListType::Active),
    };
    let mut n = 0usize;
    while let Some(entry) = changed.try_next().await? {
        n += 1;
        let c = entry.content;
        println!(
            "{}\t{}\t{}",
            c.id.unwrap_or_default(),
            c.email_address.unwrap_or_default(),
            c.status.map(|s| s.as_str().to_owned()).unwrap_or_default()
        );
    }
    eprintln!("{n} contacts changed since {since}");
    Ok(())
}
