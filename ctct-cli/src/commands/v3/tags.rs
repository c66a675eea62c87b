//! `ctct v3 tags list|create|delete|tag|untag`: the account's contact tags, and putting a
//! tag on (or taking it off) many contacts with one bulk activity per 500 contacts.

use clap::Subcommand;
use ctct_client::v3::{PollOptions, V3Client};
use ctct_models::v3::common::ContactId;
use ctct_models::v3::contact_tags::{self, CreateTag, DeleteTag, Tag, TagPostInput};
use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::output::Output;
use crate::v3_session::v3_failure;

/// `ctct v3 tags …`
#[derive(Debug, Subcommand)]
pub enum V3TagsCommand {
    /// List the tags, with how many contacts carry each.
    List,
    /// Create a tag.
    Create {
        /// The tag's name (unique, compared without case).
        name: String,
    },
    /// Delete a tag; it is taken off every contact in the background.
    Delete {
        /// The tag id.
        tag_id: String,
    },
    /// Put a tag on contacts (one bulk activity per 500 contacts, waited on).
    Tag {
        /// The tag id.
        tag_id: String,
        /// The contact ids.
        #[arg(required = true)]
        contact_ids: Vec<String>,
    },
    /// Take a tag off contacts (one bulk activity per 500 contacts, waited on).
    Untag {
        /// The tag id.
        tag_id: String,
        /// The contact ids.
        #[arg(required = true)]
        contact_ids: Vec<String>,
    },
}

fn row(tag: Tag) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("tag_id".into(), json!(tag.tag_id));
    row.insert("name".into(), json!(tag.name));
    row.insert("contacts_count".into(), json!(tag.contacts_count));
    row
}

/// Runs `ctct v3 tags …`.
pub async fn run(client: &V3Client, cmd: V3TagsCommand) -> Result<Output, Failure> {
    match cmd {
        V3TagsCommand::List => {
            let tags: Vec<Tag> = client
                .items(contact_tags::GetTags::new().limit(500).include_count(true))
                .try_collect()
                .await
                .map_err(|e| v3_failure(e, "tags"))?;
            Ok(Output::table(
                vec!["tag_id", "name", "contacts_count"],
                tags.into_iter().map(row).collect(),
            ))
        }
        V3TagsCommand::Create { name } => {
            let tag = client
                .send(CreateTag::new(TagPostInput::new(name)))
                .await
                .map_err(|e| v3_failure(e, "the tag"))?;
            Ok(Output::detail(row(tag)))
        }
        V3TagsCommand::Delete { tag_id } => {
            let a = client
                .send(DeleteTag::new(tag_id.as_str()))
                .await
                .map_err(|e| v3_failure(e, "the tag"))?;
            Ok(Output::message(
                format!("deleted tag {tag_id}"),
                json!({"tag_id": tag_id, "activity_id": a.activity_id}),
            ))
        }
        V3TagsCommand::Tag {
            tag_id,
            contact_ids,
        } => change(client, tag_id, contact_ids, true).await,
        V3TagsCommand::Untag {
            tag_id,
            contact_ids,
        } => change(client, tag_id, contact_ids, false).await,
    }
}

async fn change(
    client: &V3Client,
    tag_id: String,
    contact_ids: Vec<String>,
    add: bool,
) -> Result<Output, Failure> {
    let tags = [tag_id.as_str().into()];
    let contact_ids: Vec<ContactId> = contact_ids.into_iter().map(Into::into).collect();
    let opts = PollOptions::default();
    let report = if add {
        client.tag_contacts(&contact_ids, &tags, opts).await
    } else {
        client.untag_contacts(&contact_ids, &tags, opts).await
    }
    .map_err(|e| v3_failure(e, "the tagging"))?;
    let verb = if add { "tagged" } else { "untagged" };
    let errors = report.errors();
    Ok(Output::message(
        format!(
            "{verb} {} contacts with {tag_id} in {} activities ({} requests)",
            contact_ids.len(),
            report.activities.len(),
            report.requests
        ),
        json!({
            "tag_id": tag_id,
            "contacts": contact_ids.len(),
            "activities": report.activities.iter().map(|a| a.activity_id.clone()).collect::<Vec<_>>(),
            "requests": report.requests,
            "errors": errors,
        }),
    ))
}
