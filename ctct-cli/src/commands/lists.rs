//! `ctct lists …`: read, create, rename and delete contact lists, and read their members,
//! through the list workflows of `ctct-client`.

use ctct_models::ids::ListId;
use ctct_models::v1::lists as api;
use serde_json::json;

use crate::cli::ListsCommand;
use crate::commands::{Rows, collect};
use crate::confirm::confirm;
use crate::context::Context;
use crate::failure::Failure;
use crate::ids;
use crate::output::Output;
use crate::records::{LIST_COLUMNS, MEMBER_COLUMNS, list_record, member_record};

/// Runs one `lists` subcommand.
pub async fn run(ctx: &Context, cmd: ListsCommand) -> Result<Output, Failure> {
    let client = &ctx.client;
    match cmd {
        ListsCommand::List { user_only } => {
            let items = if user_only {
                client.user_lists()
            } else {
                client.lists()
            };
            let lists = collect(ctx, items, "lists").await?;
            Ok(Output::table(
                LIST_COLUMNS.to_vec(),
                lists.iter().map(list_record).collect(),
            ))
        }
        ListsCommand::Get { id } => {
            let id: ListId = ids::parse(client, &id)?;
            let entry = client
                .send(api::GetList::new(&id))
                .await
                .map_err(|e| Failure::from_client(e, &format!("list {}", id.tail())))?;
            Ok(Output::detail(list_record(&entry)))
        }
        ListsCommand::Create { name } => {
            let id = client
                .create_list(&name)
                .await
                .map_err(|e| Failure::from_client(e, &format!("a list named {name:?}")))?;
            Ok(Output::message(
                format!("Created list {} ({name:?}).", id.tail()),
                json!({ "id": id.tail(), "uri": id.uri(), "name": name }),
            ))
        }
        ListsCommand::Update { id, name } => {
            let id: ListId = ids::parse(client, &id)?;
            client
                .rename_list(&id, &name)
                .await
                .map_err(|e| refused(e, &id))?;
            Ok(Output::message(
                format!("Renamed list {} to {name:?}.", id.tail()),
                json!({ "id": id.tail(), "uri": id.uri(), "name": name }),
            ))
        }
        ListsCommand::Delete { id } => {
            let id: ListId = ids::parse(client, &id)?;
            confirm(
                ctx.consent,
                &format!("delete list {}", id.tail()),
                "a deleted list cannot be restored (its contacts stay in the account)",
            )?;
            client.delete_list(&id).await.map_err(|e| refused(e, &id))?;
            Ok(Output::message(
                format!(
                    "Deleted list {} (its contacts stay in the account).",
                    id.tail()
                ),
                json!({ "deleted": id.tail(), "uri": id.uri() }),
            ))
        }
        ListsCommand::Members { id } => {
            let id: ListId = ids::parse(client, &id)?;
            let what = format!("list {}", id.tail());
            let mut rows = Rows::new(ctx, MEMBER_COLUMNS.to_vec());
            rows.read(ctx, client.list_members(&id), &what, |m| {
                Some(member_record(m))
            })
            .await?;
            Ok(rows.finish())
        }
    }
}

/// A change to a list: the client refuses changes to system lists before sending
/// (invalid input, exit 5); anything else is classified as usual.
fn refused(error: ctct_client::Error, id: &ListId) -> Failure {
    match error {
        ctct_client::Error::Workflow(e @ ctct_client::WorkflowError::SystemList { .. }) => {
            Failure::invalid(format!("{e} (nothing was sent)"))
        }
        other => Failure::from_client(other, &format!("list {}", id.tail())),
    }
}
