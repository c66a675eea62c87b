//! Create a list, rename it, print your lists and its members, then delete it.
//!
//! ```sh
//! CTCT_USERNAME=joesflowers CTCT_API_KEY=key CTCT_PASSWORD=pw \
//! cargo run -p ctct-client --example manage_lists -- "Spring customers"
//! ```

mod common;

use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Spring customers".to_owned());
    let id = match client.create_list(&name).await {
        Ok(id) => id,
        Err(e) if e.is_conflict() => {
            eprintln!("a list named {name:?} exists already");
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    println!("created list {}", id.tail());
    client
        .rename_list(&id, &format!("{name} (renamed)"))
        .await?;

    let mut lists = client.user_lists();
    while let Some(entry) = lists.try_next().await? {
        let l = entry.content;
        println!(
            "list {}\t{}\t{} members",
            l.id.unwrap_or_default(),
            l.name.unwrap_or_default(),
            l.contact_count.unwrap_or_default()
        );
    }
    let members: Vec<_> = client.list_members(&id).try_collect().await?;
    println!("list {} has {} members", id.tail(), members.len());
    client.delete_list(&id).await?;
    println!("deleted list {}", id.tail());
    Ok(())
}
