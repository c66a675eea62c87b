//! Tag every contact of an account with one bulk activity per 500 contacts, then export
//! the tagged contacts to a CSV file, printing the requests each workflow made.
//!
//! Runs against an embedded sandbox, so it needs no account:
//! `cargo run -p ctct-client --example v3_tag_and_export -- /tmp/tagged.csv`.

use std::sync::Arc;
use std::time::Duration;

use ctct_client::Secret;
use ctct_client::v3::oauth::StaticToken;
use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::v3::activities::ContactsExportInput;
use ctct_models::v3::common::ContactId;
use ctct_models::v3::contact_tags::{CreateTag, TagPostInput};
use ctct_models::v3::contacts::GetContacts;
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tagged.csv".to_owned());
    let sandbox = ctct_sandbox::Sandbox::start(ctct_sandbox::Config {
        access_token: Some("example-token".into()),
        v3: ctct_sandbox::V3Config {
            activity_duration: Duration::from_millis(500),
            ..Default::default()
        },
        ..Default::default()
    })
    .await?;
    let client = V3Client::builder(Arc::new(StaticToken(Secret::new("example-token"))))
        .base_url(sandbox.v3_url())
        .build()?;

    // Every contact id, 500 a page (the largest page).
    let contacts: Vec<_> = client
        .items(GetContacts::new().limit(500))
        .try_collect()
        .await?;
    let ids: Vec<ContactId> = contacts.into_iter().filter_map(|c| c.contact_id).collect();
    let tag = client
        .send(CreateTag::new(TagPostInput::new(
            "newsletter-2026".to_owned(),
        )))
        .await?
        .tag_id
        .ok_or("the new tag has no id")?;

    let polite = PollOptions::default();
    let tagged = client
        .tag_contacts(&ids, std::slice::from_ref(&tag), polite)
        .await?;
    println!(
        "tagged {} contacts in {} activities, {} requests",
        ids.len(),
        tagged.activities.len(),
        tagged.requests
    );

    let input = ContactsExportInput {
        tag_ids: vec![tag],
        fields: vec![
            "email_address".to_owned(),
            "first_name".to_owned(),
            "tags".to_owned(),
        ],
        ..ContactsExportInput::new()
    };
    let export = client
        .export_to_file(
            input,
            std::path::Path::new(&path),
            polite,
            |a| println!("export {}% done", a.percent_done.unwrap_or(0)),
            |d| println!("downloaded {} bytes", d.bytes),
        )
        .await?;
    println!(
        "wrote {} bytes to {path} in {} requests",
        export.bytes, export.requests
    );
    Ok(())
}
